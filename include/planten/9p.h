/*
 * 9p.h: the lib9p file server library: Srv, Req, Fid, nprespond, request queues, file trees
 * and transports, asynchronous on libuv. Every exported name carries the prefix np.
 *
 * A server is a table of callbacks (Srv). Each callback gets a Req and answers it with
 * nprespond, at once or later, from any thread. The library enforces the protocol: version
 * negotiation, tags, fids, walk, open and read rules, flush and authentication; the callbacks
 * see only requests that passed those checks. Unless noted, functions run on the loop's
 * thread (inside callbacks) or before the loop runs.
 *
 * The structures below hold only what servers read or set: the library keeps its own state
 * elsewhere, so fields can be added at their ends without breaking programs built earlier.
 * The library allocates every Req, Fid, File, Tree and Npconn; a server allocates only its Srv.
 */
#ifndef PLANTEN_9P_H
#define PLANTEN_9P_H

#define PLANTEN_9P_API 2

#include <planten/fcall.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uv_loop_s;

typedef struct Srv Srv;
typedef struct Req Req;
typedef struct Fid Fid;
typedef struct File File;
typedef struct Tree Tree;
typedef struct Npconn Npconn;
typedef struct Reqqueue Reqqueue;	/* opaque */
typedef struct Npsrvstate Npsrvstate;	/* opaque */

/*
 * One client connection. addr names the peer in dial syntax: tcp!host!port, unix!path (or
 * unix! for an unnamed socket), or fd!N for a connection served on descriptors. On Unix
 * sockets pid, uid and gid are the peer's credentials when it connected (SO_PEERCRED);
 * elsewhere they are -1. aux is the server's.
 */
struct Npconn {
	Srv *srv;
	char *addr;
	vlong pid;
	vlong uid;
	vlong gid;
	void *aux;
};

/*
 * A fid. The library keeps fid, omode, qid, uid and file; aux is the server's.
 * omode is -1 until the fid is opened. A fid made for a walk of a fid to itself holds the
 * number NOFID while it is private to the walk.
 */
struct Fid {
	u32int fid;
	int omode;
	Qid qid;
	char *uid;		/* the user named in the attach */
	File *file;		/* for tree servers */
	Srv *srv;
	Npconn *conn;
	void *aux;
};

/*
 * A request. ifcall is the decoded T-message; the handler fills ofcall (qid, iounit, wqid,
 * nwqid, count, data, ...) and calls nprespond. For Tread, ofcall.data is nil at first: the
 * reply's bytes come from npreaddata, the read helpers below, or the handler's own memory
 * (which must stay valid until nprespond returns). For Tstat the handler fills d (a tree
 * server finds the file's entry there already); for Twstat d holds the decoded entry.
 * For Tflush, oldreq is the request to stop.
 */
struct Req {
	ushort tag;
	Fcall ifcall;
	Fcall ofcall;
	Dir d;
	Req *oldreq;
	Fid *fid;
	Fid *afid;
	Fid *newfid;
	Srv *srv;
	Npconn *conn;
	void *aux;
};

/*
 * The server. Fill in the callbacks a server needs, leave the rest nil.
 *	attach, auth, open, create, read, write, remove, stat, wstat: handle that message.
 *	walk: handle a whole Twalk; or walk1 (one name: set *qid, return nil or an error) and
 *	clone (copy the server's state from oldfid to newfid) for the library to drive.
 *	flush: a request in progress is being abandoned: r->oldreq, because of a Tflush (r is
 *	that Tflush) or because its connection ended or was reset by Tversion (r is made by the
 *	library, with tag NOTAG). Make r->oldreq respond soon (usually with "interrupted") and
 *	respond to r. Without it, a request waiting in a Reqqueue is cancelled there and others
 *	finish on their own.
 *	destroyfid, destroyreq: the fid or request is going away; free aux.
 *	connstart: a connection arrived; return 0 to serve it, -1 to hang up at once.
 *	connend: a connection ended (its requests are over, its fids clunked).
 *	end: npsrvstop finished and all connections are gone.
 * With auth set, every Tattach needs an afid whose conversation the server finished with
 * npauthdone for the user attaching. With tree set, the library serves the File tree itself
 * for every callback left nil (a complete RAM file server, see File trees below); attach,
 * walk, open, create and remove find fid->file set and checked first.
 * msize: the largest msize to grant (0: NP_DEFMSIZE; at most NP_MAXMSIZE).
 * tracefd: if > 0, every message in and out is printed there with %F.
 * st: the library's handle on its state, set by npsrvinit.
 */
struct Srv {
	Tree *tree;
	void (*attach)(Req *r);
	void (*auth)(Req *r);
	void (*open)(Req *r);
	void (*create)(Req *r);
	void (*read)(Req *r);
	void (*write)(Req *r);
	void (*remove)(Req *r);
	void (*flush)(Req *r);
	void (*stat)(Req *r);
	void (*wstat)(Req *r);
	void (*walk)(Req *r);
	char *(*walk1)(Fid *fid, char *name, Qid *qid);
	char *(*clone)(Fid *oldfid, Fid *newfid);
	void (*destroyfid)(Fid *fid);
	void (*destroyreq)(Req *r);
	int (*connstart)(Npconn *c);
	void (*connend)(Npconn *c);
	void (*end)(Srv *srv);
	u32int msize;
	int tracefd;
	void *aux;
	Npsrvstate *st;
};

/*
 * Answer r: err nil for success (the reply built from r->ofcall) or an error string (cut to
 * fit the msize at a UTF-8 boundary). Callable once per request, from any thread; r must not
 * be touched afterwards.
 * npreqflushed: nonzero once r is being abandoned (Tflush, Tversion, connection gone);
 * callable from any thread, for handlers that can give up early.
 */
void	nprespond(Req *r, const char *err);
int	npreqflushed(Req *r);

/*
 * Helpers for Tread; none responds. npreaddata gives r a reply buffer for n bytes (at most
 * ifcall.count), sets ofcall.data to it and returns it, or nil if out of memory.
 * npreadbuf and npreadstr answer a read of the n bytes at buf (or of the string s) at
 * ifcall.offset. npdirread9p fills a directory read with whole entries from gen: gen sets
 * *d to the first entry at or after position *pos, moves *pos past it and returns 0, or
 * returns -1 when there is none. Positions are the server's: entry indices, or keys that
 * survive removals. The library keeps each fid's position across reads; the strings in *d
 * must stay valid until the next call of gen. All set errstr and return -1 (nil) if out of
 * memory.
 */
char*	npreaddata(Req *r, u32int n);
int	npreadbuf(Req *r, const void *buf, long n);
int	npreadstr(Req *r, const char *s);
int	npdirread9p(Req *r, int (*gen)(vlong *pos, Dir *d, void *aux), void *aux);

/*
 * Attach and walk helpers for servers with their own attach or walk.
 * npauthdone: the conversation on afid proved that its client is uid; afterwards a Tattach
 * naming afid and uid is let through. Callable from any thread.
 * npauthuser: the user afid proved, nil if its conversation is not done.
 * npattachfile: make r's fid (a Tattach) start at the tree file f instead of the root.
 * npwalkandclone: do r's walk (a Twalk) with walk1 and clone as the library does for
 * srv->walk1 and srv->clone, passing arg along, and respond.
 */
void	npauthdone(Fid *afid, const char *uid);
const char*	npauthuser(Fid *afid);
void	npattachfile(Req *r, File *f);
void	npwalkandclone(Req *r, char *(*walk1)(Fid *fid, char *name, Qid *qid, void *arg),
		char *(*clone)(Fid *oldfid, Fid *newfid, void *arg), void *arg);

/*
 * Request queues, for handlers that must block: npreqqueuepush runs fn(r) on one of the
 * queue's nworker threads (0 means 1). Requests on the same fid run one at a time, in the
 * order pushed. A request still waiting is answered "interrupted" when flushed; a running
 * one sees npreqflushed(r), and its thread is sent SIGURG (again every 20 ms until it
 * responds), so a blocking system call fails with EINTR: handlers must retry on EINTR while
 * npreqflushed is 0. The library installs a handler for SIGURG that does nothing, unless the
 * program set one. npreqqueueflush cancels r that way (the library calls it itself when a
 * server has no flush callback). npreqqueuefree answers waiting requests "interrupted",
 * waits for running ones and frees q.
 */
Reqqueue*	npreqqueuecreate(int nworker);
void	npreqqueuepush(Reqqueue *q, Req *r, void (*fn)(Req *r));
void	npreqqueueflush(Reqqueue *q, Req *r);
void	npreqqueuefree(Reqqueue *q);

/*
 * Serving.
 * npsrvinit prepares srv to run on loop (nil: the library makes its own).
 * npsrvserve serves one connection: infd and outfd may be the same (a socket) or two ends
 * of pipes (stdin and stdout); the library closes them when done.
 * npsrvpipe serves one end of a new socketpair and returns the other, for a client in the
 * same process.
 * npsrvlisten accepts connections on addr (lib9 dial syntax: tcp!127.0.0.1!564, unix!/path,
 * tcp!*!0); the address actually bound (with the chosen port) goes into actual if not nil.
 * npsrvpost listens on a Unix socket named name in the srv directory (p9srvdir), replacing
 * a stale socket but refusing if a live server answers there. The server stops listening
 * there when the socket is removed or npsrvstop runs (which removes it); a server left with
 * no listener and no connection after such a removal stops as npsrvstop does.
 * npsrvbackground goes on serving in a new process, as a daemon: call it after posting and
 * listening, before starting threads or running the loop. It returns the new process's id
 * in the caller (which should exit, its job done: the name is posted and answers) and 0 in
 * the new process, which continues as leader of a new session, stdin and stdout on
 * /dev/null. Servers offer it as Plan 9's do: posting with -s returns at once, -f stays in
 * the foreground.
 * npsrvrun runs the loop until npsrvstop finished; it returns 0, or -1 on error.
 * npsrvstop stops listening, closes all connections and, once outstanding requests have
 * answered, calls srv->end and releases the library's state; callable from any thread
 * and from a signal handler.
 * npsrvloop returns the loop srv runs on; npsrvnconn the number of connections alive.
 * All return -1 (nil) with errstr set on failure.
 */
int	npsrvinit(Srv *srv, struct uv_loop_s *loop);
int	npsrvserve(Srv *srv, int infd, int outfd);
int	npsrvpipe(Srv *srv);
int	npsrvlisten(Srv *srv, const char *addr, char *actual, int nactual);
int	npsrvpost(Srv *srv, const char *name);
int	npsrvbackground(Srv *srv);
int	npsrvrun(Srv *srv);
void	npsrvstop(Srv *srv);
struct uv_loop_s*	npsrvloop(Srv *srv);
int	npsrvnconn(Srv *srv);

/*
 * File trees. A File is a Dir plus its place in the tree; the library owns d's strings and
 * the file's data. Files are refcounted: npcreatefile and npwalkfile return a reference the
 * caller drops with npclosefile; npincfile takes another. npremovefile unlinks f from its
 * directory (refusing a non-empty directory); the caller's reference stays.
 * tree->destroy(f), if set, runs when the last reference goes. nphasperm checks the
 * owner/group/other bits of f for uid (a user's only group is the one named like it;
 * "none" gets the other bits) against p (AREAD, AWRITE, AEXEC).
 * npfileread copies up to n bytes of f's data at off into buf and returns the count;
 * npfilewrite stores n bytes at off, growing the file, and returns n; npfiletrunc sets the
 * length. They fail with "file too large" (past 1 GiB or 2^63) or "file system full" (past
 * tree->limit, which counts the bytes of data and 256 plus the name's length per file).
 * Trees are not locked: use them on the loop's thread. Directories find names by hash: a
 * server that renames a file of its tree itself (d.name) does so in its wstat callback,
 * after which the library refiles the name.
 */
struct File {
	Dir d;
	File *parent;
	Tree *tree;
	void *aux;
};

struct Tree {
	File *root;
	void (*destroy)(File *f);
	vlong limit;		/* 0: no limit */
};

Tree*	npalloctree(const char *uid, const char *gid, ulong mode, void (*destroy)(File *f));
void	npfreetree(Tree *t);
File*	npcreatefile(File *dir, const char *name, const char *uid, ulong mode, void *aux);
int	npremovefile(File *f);
void	npincfile(File *f);
void	npclosefile(File *f);
File*	npwalkfile(File *dir, const char *path);
int	nphasperm(File *f, const char *uid, int p);
long	npfileread(File *f, void *buf, long n, vlong off);
long	npfilewrite(File *f, const void *buf, long n, vlong off);
int	npfiletrunc(File *f, vlong length);

#ifdef __cplusplus
}
#endif
#endif
