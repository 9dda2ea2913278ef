/*
 * 9p.h: the lib9p file server library: Srv, Req, Fid, nprespond, request queues, file trees
 * and transports, asynchronous on libuv. Every exported name carries the prefix np.
 *
 * A server is a table of callbacks (Srv). Each callback gets a Req and answers it with
 * nprespond, at once or later, from any thread. The library enforces the protocol: version
 * negotiation, tags, fids, walk, open and read rules, and flush; the callbacks see only
 * requests that passed those checks. Unless noted, functions run on the loop's thread
 * (inside callbacks) or before the loop runs.
 */
#ifndef PLANTEN_9P_H
#define PLANTEN_9P_H

#define PLANTEN_9P_API 1

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
typedef struct Reqqueue Reqqueue;
typedef struct Npconn Npconn;		/* one client connection; opaque */
typedef struct Npsrvstate Npsrvstate;	/* the library's part of a Srv; opaque */

/*
 * A fid. The library keeps fid, omode, qid, uid, file and the directory offsets;
 * aux is the server's. omode is -1 until the fid is opened.
 */
struct Fid {
	u32int fid;
	int omode;
	Qid qid;
	char *uid;		/* the user named in the attach */
	File *file;		/* for tree servers */
	void *aux;
	Srv *srv;
	/* private to the library */
	Qid rootqid;
	vlong diroffset;
	long dirindex;
	int ref;
	int busy;
	int intable;
	Npconn *conn;
	Fid *next;
};

/*
 * A request. ifcall is the decoded T-message; the handler fills ofcall (qid, iounit, wqid,
 * nwqid, count, ...) and calls nprespond. For Tread the library allocates ofcall.data with
 * room for ifcall.count bytes (rbuf); a handler may instead point ofcall.data at its own
 * bytes, which must stay valid until nprespond returns. For Tstat the handler fills d; for
 * Twstat d holds the decoded entry. For Tflush, oldreq is the request being flushed (nil if
 * it already finished).
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
	void *aux;
	char *rbuf;
	/* private to the library */
	int flushed;		/* read with npreqflushed */
	int responded;
	int aborted;
	int finished;
	int intable;
	int setbusy;
	int ref;
	u32int msize;
	uchar *ibuf;		/* the T-message; ifcall's strings point into it */
	uchar *obuf;		/* the encoded reply */
	uint nobuf;
	Npconn *conn;
	Req **flushq;		/* Tflushes waiting for this request to finish */
	int nflushq;
	Reqqueue *q;
	void (*qfn)(Req *r);
	Req *qnext;
	Req *next;
};

/*
 * The server. Fill in the callbacks a server needs, leave the rest nil.
 *	attach, auth, open, create, read, write, remove, stat, wstat: handle that message.
 *	walk: handle a whole Twalk; or walk1 (one name: set *qid, return nil or an error) and
 *	clone (copy the server's state from oldfid to newfid) for the library to drive.
 *	flush: a Tflush arrived for r->oldreq, which is still in progress; make it respond
 *	soon (usually with "interrupted") and respond to r. Without it, a request waiting in a
 *	Reqqueue is cancelled there and others finish on their own.
 *	destroyfid, destroyreq: the fid or request is going away; free aux.
 *	connend: a connection ended; nconn connections remain.
 *	end: npsrvstop finished and all connections are gone.
 * With tree set and no attach/walk/walk1, the library serves the File tree itself:
 * attach, walk, stat, directory reads and permission checks on open, create and remove.
 * msize: the largest msize to grant (0: NP_DEFMSIZE; at most NP_MAXMSIZE).
 * tracefd: if > 0, every message in and out is printed there with %F.
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
	void (*connend)(Srv *srv, int nconn);
	void (*end)(Srv *srv);
	u32int msize;
	int tracefd;
	void *aux;
	/* private to the library */
	Npsrvstate *st;
};

/*
 * Answer r: err nil for success (the reply built from r->ofcall) or an error string.
 * Callable once per request, from any thread; r must not be touched afterwards.
 * npreqflushed: nonzero once a Tflush for r arrived (or the connection reset); callable
 * from any thread, for handlers that can give up early.
 */
void	nprespond(Req *r, const char *err);
int	npreqflushed(Req *r);

/*
 * Helpers for Tread. npreadbuf and npreadstr answer a read of the n bytes at buf (or of
 * the string s) at r->ifcall.offset, by filling r->ofcall; they do not respond.
 * npdirread9p fills a directory read with whole entries from gen, which sets *d for entry
 * n (counting from 0) and returns 0, or returns -1 past the end; the strings in *d must
 * stay valid until the next call of gen. The library keeps the entry index across reads.
 */
void	npreadbuf(Req *r, const void *buf, long n);
void	npreadstr(Req *r, const char *s);
void	npdirread9p(Req *r, int (*gen)(int n, Dir *d, void *aux), void *aux);

/*
 * Request queues, for handlers that must block: npreqqueuepush runs fn(r) on the queue's
 * own thread, one request at a time in order. A Tflush of a request still waiting in the
 * queue removes it and answers it "interrupted"; a running one sees npreqflushed(r).
 * npreqqueuefree answers waiting requests "interrupted", waits for a running one and frees q.
 */
Reqqueue*	npreqqueuecreate(void);
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
 * a stale socket but refusing if a live server answers there; npsrvstop removes it.
 * npsrvrun runs the loop until npsrvstop finished; it returns 0, or -1 on error.
 * npsrvstop stops listening, closes all connections and, once outstanding requests have
 * answered, calls srv->end and releases the library's state; callable from any thread
 * and from a signal handler.
 * npsrvloop returns the loop srv runs on.
 * All return -1 (nil) with errstr set on failure.
 */
int	npsrvinit(Srv *srv, struct uv_loop_s *loop);
int	npsrvserve(Srv *srv, int infd, int outfd);
int	npsrvpipe(Srv *srv);
int	npsrvlisten(Srv *srv, const char *addr, char *actual, int nactual);
int	npsrvpost(Srv *srv, const char *name);
int	npsrvrun(Srv *srv);
void	npsrvstop(Srv *srv);
struct uv_loop_s*	npsrvloop(Srv *srv);

/*
 * File trees. A File is a Dir plus its place in the tree; the library owns d's strings.
 * Files are refcounted: npcreatefile and npwalkfile return a reference the caller drops
 * with npclosefile; npincfile takes another. npremovefile unlinks f from its directory
 * (refusing a non-empty directory); the caller's reference stays. tree->destroy(f), if set,
 * runs when the last reference goes. nphasperm checks the owner/group/other bits of f for
 * uid (a user's only group is the one named like it; "none" gets the other bits) against
 * p (AREAD, AWRITE, AEXEC). Trees are not locked: use them on the loop's thread.
 */
struct File {
	Dir d;
	File *parent;
	Tree *tree;
	void *aux;
	/* private to the library */
	int ref;
	int removed;
	File *child;
	File *sibling;
	long nchild;
};

struct Tree {
	File *root;
	void (*destroy)(File *f);
	/* private to the library */
	uvlong qidpath;
};

Tree*	npalloctree(const char *uid, const char *gid, ulong mode, void (*destroy)(File *f));
void	npfreetree(Tree *t);
File*	npcreatefile(File *dir, const char *name, const char *uid, ulong mode, void *aux);
int	npremovefile(File *f);
void	npincfile(File *f);
void	npclosefile(File *f);
File*	npwalkfile(File *dir, const char *path);
int	nphasperm(File *f, const char *uid, int p);

#ifdef __cplusplus
}
#endif
#endif
