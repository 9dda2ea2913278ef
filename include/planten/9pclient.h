/*
 * 9pclient.h: the 9P2000 client part of lib9p. Every exported function carries the prefix np.
 * One NpCFsys is one connection: many calls may be out on it at once, each with its own
 * tag, blocking calls from many threads or asynchronous ones on a libuv loop. Errors are
 * returned as -1 or nil with the thread's error string set (a server's Rerror becomes that
 * string as it is). The structures are opaque: the library keeps their contents.
 */
#ifndef PLANTEN_9PCLIENT_H
#define PLANTEN_9PCLIENT_H

#define PLANTEN_9PCLIENT_API 2

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
 * Connections. A connection runs in one of two ways:
 *	threaded (npfsconn, npfsinit, npfsmount, npfsdial): a reader thread of the library's
 *	receives, callers send from their own threads; only the blocking calls work.
 *	on a loop (npfsuvconn, or npfsuvattach later): a libuv loop does all the I/O and never
 *	waits for the server; the asynchronous calls work, on the loop's thread, and the
 *	blocking ones from any other thread (on the loop's thread they fail at once).
 * npfsinit takes fd (closing it on failure too), starts the reader thread and negotiates
 *	the protocol with Tversion asking for msize bytes (0: NP_DEFMSIZE). It is npfsconn
 *	(everything but the Tversion) followed by npfsversion.
 * npfstrace calls fn with every message sent and received, with the library's lock held,
 *	from whichever thread moves it; fn must not call on fs.
 * npfsauth starts authentication (Tauth) and returns the afid to run the protocol on with
 *	npfsread/npfswrite; pass it to npfsattach and close it afterwards. nil if the server
 *	needs no authentication (errstr says why).
 * npfsattach attaches as uname (nil: the user's login name) to aname (nil: ""), afid nil for
 *	no authentication. npfssetroot makes a fid the root that path calls walk from.
 * npfsmount is npfsinit, then npfsattach without authentication, setting the root.
 * npfsdial dials addr (tcp!host!port, unix!/path, or a bare name: a service posted in the
 *	srv directory) and mounts it as npfsmount does.
 * npfsunmount ends the connection and frees fs. Threaded, it clunks the root first. Fids
 *	still open are not clunked and must not be used afterwards; no call may be in
 *	progress on another thread. On a loop, it must run on the loop's thread; calls still
 *	out fail with "9P connection unmounted" (their callbacks run before it returns); fs
 *	is freed when libuv has closed its handles (run the loop). The hangup callback is
 *	not called.
 * npfsmsize is the negotiated message size.
 * npfssettimeout makes calls that get no reply in ms milliseconds (0: never, the default)
 *	flush their request and fail with "timed out" (unless the reply beat the Rflush).
 * npfssetflushtimeout sets how long a flushed call (timed out, or cancelled) waits for the
 *	server's Rflush: ms milliseconds (default 5000; 0: for ever). Then the call fails
 *	anyway; its tag stays reserved, and the fid numbers it may have used are not reused,
 *	until the server answers. On a loop, a server that has not even read the messages by
 *	then is hung up on.
 * npfssethangup: fn(arg, err) runs once when the connection ends by itself (end of file,
 *	an I/O error, a protocol error from the server), after every call still out has
 *	failed with err: on the loop's thread, or the reader thread for threaded connections
 *	(where it must not call npfsunmount). Call npfsunmount afterwards.
 * npfshangup ends the connection as if the server had hung up: every call still out fails
 *	with err (nil: "i/o on hungup channel"), later ones fail at once, and the hangup
 *	callback runs (from the loop, for a connection on a loop). For a server found dead.
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
void	npfssetflushtimeout(NpCFsys *fs, int ms);
void	npfssethangup(NpCFsys *fs, void (*fn)(void *arg, const char *err), void *arg);
void	npfshangup(NpCFsys *fs, const char *err);

/*
 * Fids. Paths are relative to fid (or the root for calls taking fs), '/'-separated; empty
 * elements and "." are skipped, ".." is sent as is; longer walks go out 16 names at a time.
 * npfswalk returns a new fid for path ("" or nil: a clone).
 * npfsfopen opens fid itself; npfsopen walks from the root and opens.
 * npfsfcreate creates name in the directory fid, which becomes the new file, open with mode.
 * npfscreate does that for a path: all but its last element name the directory.
 * npfsclose clunks fid and frees it (on a loop's thread it does not wait for the Rclunk).
 * npfsfremove removes fid's file and frees fid (even when the remove fails, as 9P says).
 * npfsremove removes a path.
 * npfsqid and npfsiounit report what the last walk, open or create said.
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
 * and npfsputfid returns it (after it is clunked; not after a call on it timed out,
 * when the server may still hold it).
 */
int	npfsrpc(NpCFsys *fs, Fcall *tx, Fcall *rx, void **freep);
u32int	npfsnewfid(NpCFsys *fs);
void	npfsputfid(NpCFsys *fs, u32int fid);

/*
 * The asynchronous API, for programs built around a libuv loop.
 * npfsuvconn makes a connection to the server on fd (taken, closed on failure too) that
 *	loop drives; call it on the loop's thread. The loop reads with uv_read and writes with
 *	uv_write; fd is made non-blocking (a flag shared with whoever else holds it). Nothing
 *	is sent: start with npfsversionasync (or npfsversion from another thread).
 * npfsuvattach moves a threaded connection onto loop (its reader thread ends), on the
 *	loop's thread, with no call in progress.
 * Every call below runs on the loop's thread and returns at once: an NpFsop, or nil with
 * errstr set (the callback is then never called). The callback runs exactly once, on the
 * loop's thread, from the loop, never inside the call that started or cancelled it.
 * Pointers passed to a callback (rx, d, err) are valid only while it runs. Buffers passed
 * in (read and write data) must stay valid until the callback; everything else (paths,
 * names, Dir, a raw call's tx but its Twrite data) is copied at the call. An NpFsop is
 * valid until its callback returns. The loop is kept alive while calls are out.
 *
 * npfscancel flushes op (Tflush) and returns 0 (-1 off the loop's thread); the callback
 *	still runs once: with err "interrupted", or with the result if the reply beat the
 *	Rflush (a cancelled walk may still yield a fid, a cancelled read some bytes). After
 *	the flush deadline (npfssetflushtimeout) it runs whatever the server does.
 * npfsversionasync negotiates msize as npfsversion does; cb(arg, nil) or cb(arg, err).
 * npfsauthasync, npfsattachasync: as npfsauth and npfsattach; cb(arg, fid, nil) with a new
 *	fid, or cb(arg, nil, err).
 * npfswalkasync walks path from fid (as npfswalk: "" clones, more than 16 names go out
 *	16 at a time) to a new fid: cb(arg, newfid, nil) or cb(arg, nil, err).
 * npfsfopenasync, npfsfcreateasync open fid, or create name in the directory fid (which
 *	becomes the new file), as npfsfopen and npfsfcreate: cb(arg, nil) or cb(arg, err); then
 *	npfsqid and npfsiounit say what the reply said.
 * npfspreadasync, npfspwriteasync move n bytes at offset, split into pipelined messages of
 *	at most iounit bytes as npfspread and npfspwrite do (a short reply ends the transfer):
 *	cb(arg, bytes moved, nil), or cb(arg, -1, err) if the first message failed.
 * npfsdirfstatasync: cb(arg, d, 1, nil) with fid's Dir, or cb(arg, nil, -1, err).
 * npfsdirreadasync reads the next directory message's entries at fid's offset (which
 *	advances): cb(arg, d, n, nil) with n entries (0 at the end), or cb(arg, nil, -1, err).
 *	One at a time on a fid.
 * npfsdirfwstatasync: as npfsdirfwstat; cb(arg, nil) or cb(arg, err).
 * npfscloseasync, npfsfremoveasync clunk or remove fid, which is freed at once (even when
 *	nil is returned); cb (may be nil) gets the outcome.
 * npfsclunklater clunks fid like npfscloseasync with no callback, but on a loop the
 *	Tclunk goes with the next message sent on the connection (before it), or within a
 *	few milliseconds: the server reads both at once. For a fid never opened, or an open
 *	one whose close nobody waits for (a FUSE release comes after close has returned).
 * npfsrpcasync sends tx (tag set by the library) and calls cb(arg, rx, nil) with the reply,
 *	or cb(arg, nil, err) with an Rerror's ename or the library's error.
 * A fid must not be closed while calls on it are out.
 */
typedef void NpFscb(void *arg, const Fcall *rx, const char *err);
typedef void NpFsdonecb(void *arg, const char *err);
typedef void NpFsfidcb(void *arg, NpCFid *fid, const char *err);
typedef void NpFsiocb(void *arg, long n, const char *err);
typedef void NpFsdircb(void *arg, Dir *d, long n, const char *err);
NpCFsys*	npfsuvconn(struct uv_loop_s *loop, int fd);
int	npfsuvattach(NpCFsys *fs, struct uv_loop_s *loop);
int	npfscancel(NpFsop *op);
NpFsop*	npfsversionasync(NpCFsys *fs, u32int msize, NpFsdonecb *cb, void *arg);
NpFsop*	npfsauthasync(NpCFsys *fs, const char *uname, const char *aname,
		NpFsfidcb *cb, void *arg);
NpFsop*	npfsattachasync(NpCFsys *fs, NpCFid *afid, const char *uname, const char *aname,
		NpFsfidcb *cb, void *arg);
NpFsop*	npfswalkasync(NpCFid *fid, const char *path, NpFsfidcb *cb, void *arg);
NpFsop*	npfsfopenasync(NpCFid *fid, int mode, NpFsdonecb *cb, void *arg);
NpFsop*	npfsfcreateasync(NpCFid *fid, const char *name, int mode, u32int perm,
		NpFsdonecb *cb, void *arg);
NpFsop*	npfspreadasync(NpCFid *fid, void *buf, long n, vlong offset, NpFsiocb *cb, void *arg);
NpFsop*	npfspwriteasync(NpCFid *fid, const void *buf, long n, vlong offset,
		NpFsiocb *cb, void *arg);
NpFsop*	npfsdirfstatasync(NpCFid *fid, NpFsdircb *cb, void *arg);
NpFsop*	npfsdirreadasync(NpCFid *fid, NpFsdircb *cb, void *arg);
NpFsop*	npfsdirfwstatasync(NpCFid *fid, const Dir *d, NpFsdonecb *cb, void *arg);
NpFsop*	npfscloseasync(NpCFid *fid, NpFsdonecb *cb, void *arg);
NpFsop*	npfsclunklater(NpCFid *fid);
NpFsop*	npfsfremoveasync(NpCFid *fid, NpFsdonecb *cb, void *arg);
NpFsop*	npfsrpcasync(NpCFsys *fs, Fcall *tx, NpFscb *cb, void *arg);

#ifdef __cplusplus
}
#endif
#endif
