/*
 * 9pclient.h: the 9P2000 client part of lib9p. Every exported function carries the prefix np.
 * One NpCFsys is one connection: many threads may call on it at once, each call gets its own
 * tag, and a reader thread hands each reply to its caller. Errors are returned as -1 or nil
 * with the thread's error string set (a server's Rerror becomes that string as it is).
 */
#ifndef PLANTEN_9PCLIENT_H
#define PLANTEN_9PCLIENT_H

#define PLANTEN_9PCLIENT_API 1

#include <planten/p9types.h>
#include <planten/fcall.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct NpCFsys NpCFsys;	/* a connection to a file server */
typedef struct NpCFid NpCFid;	/* a fid on it, with an offset for npfsread and npfswrite */
typedef struct NpFsop NpFsop;	/* an asynchronous call in flight */
struct uv_loop_s;

/*
 * Connections.
 * npfsinit takes fd (closing it on failure too), starts the reader thread and negotiates
 *	the protocol with Tversion asking for msize bytes (0: NP_DEFMSIZE). It is npfsconn
 *	(everything but the Tversion) followed by npfsversion.
 * npfstrace (before npfsversion, to see everything) calls fn with every message sent and
 *	received, from the sending thread or the reader thread; fn must not call on fs.
 * npfsauth starts authentication (Tauth) and returns the afid to run the protocol on with
 *	npfsread/npfswrite; pass it to npfsattach and close it afterwards. nil if the server
 *	needs no authentication (errstr says why).
 * npfsattach attaches as uname (nil: the user's login name) to aname (nil: ""), afid nil for
 *	no authentication. npfssetroot makes a fid the root that path calls walk from.
 * npfsmount is npfsinit, then npfsattach without authentication, setting the root.
 * npfsdial dials addr (tcp!host!port, unix!/path, or a bare name: a service posted in the
 *	srv directory) and mounts it as npfsmount does.
 * npfsunmount clunks the root, hangs up, waits for the reader thread and frees fs. Fids
 *	still open are not clunked and must not be used afterwards; async calls must be finished
 *	or cancelled and the loop detached (npfsuvdetach) first, and not from a callback.
 * npfsmsize is the negotiated message size; npfssettimeout makes blocking calls that get no
 *	reply in ms milliseconds (0: never, the default) flush their request and fail with
 *	"timed out" (unless the reply beat the Rflush).
 */
NpCFsys*	npfsinit(int fd, u32int msize);
NpCFsys*	npfsconn(int fd);
int	npfsversion(NpCFsys *fs, u32int msize);
void	npfstrace(NpCFsys *fs, void (*fn)(void *arg, const Fcall *f), void *arg);
NpCFid*	npfsauth(NpCFsys *fs, const char *uname, const char *aname);
NpCFid*	npfsattach(NpCFsys *fs, NpCFid *afid, const char *uname, const char *aname);
void	npfssetroot(NpCFsys *fs, NpCFid *fid);
NpCFid*	npfsroot(NpCFsys *fs);
NpCFsys*	npfsmount(int fd, const char *aname, u32int msize);
NpCFsys*	npfsdial(const char *addr, const char *aname, u32int msize);
void	npfsunmount(NpCFsys *fs);
u32int	npfsmsize(NpCFsys *fs);
void	npfssettimeout(NpCFsys *fs, int ms);

/*
 * Fids. Paths are relative to fid (or the root for calls taking fs), '/'-separated; empty
 * elements and "." are skipped, ".." is sent as is; longer walks go out 16 names at a time.
 * npfswalk returns a new fid for path ("" or nil: a clone).
 * npfsfopen opens fid itself; npfsopen walks from the root and opens.
 * npfsfcreate creates name in the directory fid, which becomes the new file, open with mode.
 * npfscreate does that for a path: all but its last element name the directory.
 * npfsclose clunks fid and frees it. npfsfremove removes fid's file and frees fid (even when
 * the remove fails, as 9P says). npfsremove removes a path.
 * npfsqid and npfsiounit report what the last walk, open or create said; npfsfidnum is
 * the fid's number, for the caller's own messages (npfsrpcasync) on it.
 */
NpCFid*	npfswalk(NpCFid *fid, const char *path);
int	npfsfopen(NpCFid *fid, int mode);
NpCFid*	npfsopen(NpCFsys *fs, const char *path, int mode);
int	npfsfcreate(NpCFid *fid, const char *name, int mode, u32int perm);
NpCFid*	npfscreate(NpCFsys *fs, const char *path, int mode, u32int perm);
void	npfsclose(NpCFid *fid);
int	npfsfremove(NpCFid *fid);
int	npfsremove(NpCFsys *fs, const char *path);
Qid	npfsqid(NpCFid *fid);
u32int	npfsiounit(NpCFid *fid);
u32int	npfsfidnum(NpCFid *fid);

/*
 * I/O. npfspread and npfspwrite move n bytes at offset; more than one message's worth is
 * split into iounit-sized requests that are pipelined (several in flight at once), so
 * they suit files whose reads and writes are positional; a short reply ends the transfer
 * (and buf beyond the count returned may have been written). Read data goes from the
 * socket straight into buf, and write data from buf, without copies.
 * Writes to append-only files (QTAPPEND) go one at a time. npfsread and npfswrite use and
 * advance fid's offset; npfsreadn reads until n bytes or end of file; npfsseek sets the
 * offset as lseek(2) does (type 2 asks the server for the length).
 */
long	npfspread(NpCFid *fid, void *buf, long n, vlong offset);
long	npfspwrite(NpCFid *fid, const void *buf, long n, vlong offset);
long	npfsread(NpCFid *fid, void *buf, long n);
long	npfsreadn(NpCFid *fid, void *buf, long n);
long	npfswrite(NpCFid *fid, const void *buf, long n);
vlong	npfsseek(NpCFid *fid, vlong offset, int type);

/*
 * Directories and stat. npfsdirread reads the next directory message's entries and
 * npfsdirreadall all that remain; both return the count, 0 at the end, with *d a malloc'd
 * array whose strings live in the same allocation (free(*d) once). npfsdirstat and
 * npfsdirfstat return one malloc'd Dir (free once); the wstat calls take a Dir as
 * p9nulldir leaves it, with only the fields to change set.
 */
long	npfsdirread(NpCFid *fid, Dir **d);
long	npfsdirreadall(NpCFid *fid, Dir **d);
Dir*	npfsdirstat(NpCFsys *fs, const char *path);
Dir*	npfsdirfstat(NpCFid *fid);
int	npfsdirwstat(NpCFsys *fs, const char *path, const Dir *d);
int	npfsdirfwstat(NpCFid *fid, const Dir *d);

/*
 * Raw calls. npfsrpc sends tx (its tag is set by the library) and waits for the reply in
 * rx; an Rerror becomes -1 with errstr set. rx's strings and data live in *freep, which
 * the caller frees. npfsnewfid reserves a fid number for the caller's own Twalk/Tattach
 * and npfsputfid returns it (after it is clunked).
 */
int	npfsrpc(NpCFsys *fs, Fcall *tx, Fcall *rx, void **freep);
u32int	npfsnewfid(NpCFsys *fs);
void	npfsputfid(NpCFsys *fs, u32int fid);

/*
 * The asynchronous API, for programs built around a libuv loop. npfsuvattach (on the loop's
 * thread) adds a uv_async handle to loop; completions then run on that thread, in the loop.
 * npfsuvdetach (on the loop's thread) closes it. The handle keeps the loop alive only while
 * async calls are out. Async calls are started on the loop's thread; blocking calls still
 * work meanwhile, from any thread, the loop's one included: both share the tags and fids.
 * npfsrpcasync sends tx (tag set by the library) and later calls cb(arg, rx, nil) with the
 * reply, or cb(arg, nil, err) with an Rerror's ename or the library's error; rx and err are
 * valid only during the callback. It returns the call, valid until cb returns, or nil with
 * errstr set (cb is then never called).
 * npfscancel flushes a call (Tflush): cb runs once as always, with err "interrupted" unless
 * the reply came first. npfspreadasync and npfspwriteasync move at most one message
 * (iounit bytes) at offset and call cb(arg, n, nil) or cb(arg, -1, err).
 */
typedef void NpFscb(void *arg, const Fcall *rx, const char *err);
typedef void NpFsiocb(void *arg, long n, const char *err);
int	npfsuvattach(NpCFsys *fs, struct uv_loop_s *loop);
void	npfsuvdetach(NpCFsys *fs);
NpFsop*	npfsrpcasync(NpCFsys *fs, Fcall *tx, NpFscb *cb, void *arg);
int	npfscancel(NpFsop *op);
NpFsop*	npfspreadasync(NpCFid *fid, void *buf, long n, vlong offset, NpFsiocb *cb, void *arg);
NpFsop*	npfspwriteasync(NpCFid *fid, const void *buf, long n, vlong offset,
		NpFsiocb *cb, void *arg);

#ifdef __cplusplus
}
#endif
#endif
