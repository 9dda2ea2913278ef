/*
 * fsimpl.h: the 9P client's private structures and functions, shared by lib9p/client's
 * files. Private functions carry the prefix _npfs and NPHIDDEN (npimpl.h), which keeps
 * them out of the library's exported symbols.
 */
#include <pthread.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>
#include "../npimpl.h"

enum {
	Maxtag = 4096,		/* tags in flight on one connection, NOTAG's slot included */
	Window = 16,		/* messages in flight for one large read or write */
	Rbufsz = 64*1024,	/* the receive buffer */
	Defflushms = 5000,	/* how long a flushed call waits for its Rflush by default */
	Maxlazy = 16,		/* lazy clunks held back on a loop's connection */
	Lazyms = 2,		/* and how long, at most */
};

/* The transports. */
enum {
	Threaded,	/* a reader thread; callers send from their own threads */
	Looped,		/* a libuv loop does all the I/O */
};

/* What a call does to a fid number, settled once the server's answer is known. */
enum {
	Fidnone,
	Fidnew,		/* Tattach, Tauth, a Twalk to a new fid: the fid exists if it succeeds */
	Fidgone,	/* Tclunk, Tremove: the fid is gone once the server answers */
};

typedef struct Rpc Rpc;
typedef void Rpcdone(void *arg, Rpc *r);

/*
 * One call: its message and, once done, its reply or error. References: the tag table's
 * while the tag is taken, the owner's (a blocking caller or an async operation) until it
 * lets go, the transport's while it still sends the message, a queue's while it is on
 * one, a Tflush's on the call it flushes. The last to let go frees it.
 *
 * A call is done exactly once: a reply, an error, a hangup, or its flush settling it.
 * A flushed call keeps its tag until the server answers the Tflush (or the call), because
 * the server may not have let go of the tag before: a call abandoned at its flush deadline
 * keeps its tag, and its fid effect waits, until the server answers either.
 */
struct Rpc {
	NpCFsys *fs;
	int ref;
	ushort tag;
	uchar ttype;
	uchar owned;		/* someone waits for it: a blocking caller or an async operation */
	uchar counted;		/* Looped: counted in uv.busy until its owner is told */
	uchar tagged;		/* in the tag table */
	uchar done;
	uchar cancelled;	/* it was flushed, or given up before it was sent */
	uchar flushing;		/* a Tflush for it holds its tag */
	uchar abandoned;	/* given up at its flush deadline: the answer goes nowhere */
	uchar sending;		/* the transport still holds the message */
	uchar notifylater;	/* done while sending: notify when the transport lets go */
	uchar filling;		/* the reader thread is receiving into dst */
	uchar indl;		/* on the deadline list */
	uchar fidop;		/* Fidnone, Fidnew, Fidgone */
	uchar nwname;		/* a Twalk's, to check the Rwalk */
	uchar lazy;		/* Flazy */
	u32int fid;		/* the fid number fidop is about */
	const char *err;	/* a library error instead of a reply (static string) */
	const char *flusherr;	/* the error a flush settles it with */
	Fcall rx;
	uchar *rbuf;		/* holds rx's strings and data */
	pthread_cond_t cond;	/* blocking callers wait here */
	Rpc *flushof;		/* a Tflush's call */
	uchar *dst;		/* a Tread's caller's buffer, for the data of the reply */
	u32int ndst;
	/* the message: tbuf, then for a Twrite the caller's data */
	uchar *tbuf;
	uint ntbuf;
	uchar *data;
	u32int ndata;
	uv_write_t wreq;
	Rpc *lnext;		/* Looped: on the list of lazy clunks held back */
	/* asynchronous completion, on the loop's thread */
	Rpcdone *donefn;
	void *donearg;
	Rpc *next;		/* on a queue: to send, waiting for a tag, notify later, completed */
	/* deadline (Looped): a call's timeout, a Tflush's flush deadline */
	uint64_t due;
	Rpc *dprev, *dnext;
};

/* The receiver's state: bytes in, messages out. See recv.c. */
typedef struct Rx Rx;
struct Rx {
	uchar buf[Rbufsz];	/* bytes received, p to e not yet taken */
	long p, e;
	int state;
	u32int size;		/* the message's */
	u32int have;		/* bytes of the message, or of its data, taken */
	u32int count;		/* an Rread's data */
	ushort tag;
	uchar *msg;		/* the message being assembled */
	Rpc *r;			/* the call whose buffer an Rread's data goes to */
	int spacekind;		/* what _npfsrxspace handed out last */
};

/* The libuv side of a Looped connection. */
typedef struct Uvconn Uvconn;
struct Uvconn {
	uv_loop_t *loop;
	pthread_t thread;	/* the loop's */
	union {
		uv_handle_t h;
		uv_stream_t s;
		uv_pipe_t p;
		uv_tcp_t t;
	} io;
	uv_async_t kick;	/* other threads' calls to send, completions to run */
	uv_timer_t timer;	/* deadlines */
	uv_timer_t lazytimer;	/* sends the lazy clunks when no other message comes */
	Rpc *lazyhead, *lazytail;	/* lazy clunks held back, in order */
	int nlazy;
	int nopen;		/* handles not yet closed */
	int inside;		/* in one of our callbacks, which runs the completions at its end */
	int ioclosed;		/* the stream is closed: libuv holds no message any more */
	int busy;		/* calls whose owner waits, for uv_ref on the stream */
	int freeing;		/* npfsunmount: free fs when the handles are closed */
};

struct NpCFsys {
	pthread_mutex_t lk;
	int mode;		/* Threaded or Looped */
	int fd;
	u32int msize;
	int hungup;
	char hangerr[ERRMAX];
	int timeout;		/* ms, 0 none */
	int flushtimeout;	/* ms, 0 none */
	/* tags */
	Rpc *tags[Maxtag];	/* the last slot is NOTAG's */
	int ntags;
	int nexttag;
	pthread_cond_t tagcond;
	Rpc *twhead, *twtail;	/* Looped: calls waiting for a tag */
	/* fid numbers */
	u32int nextfid;
	u32int *freefids;
	int nfree, afree;
	NpCFid *root;
	void (*trace)(void*, const Fcall*);
	void *tracearg;
	void (*hangupfn)(void*, const char*);
	void *hanguparg;
	int hangupcalled;
	int unmounting;
	Rx rx;
	Rpc *oqhead, *oqtail;	/* messages to send that no one sent yet */
	/* Threaded */
	pthread_mutex_t wlk;	/* serialises writes on fd */
	pthread_cond_t fillcond;	/* the reader finished receiving into a call's buffer */
	int fillwait;		/* threads waiting for that */
	int sock;		/* fd is a socket */
	int wakefd[2];		/* tells the reader to stop */
	int stopreader;
	const char *sendfailed;	/* a sender broke the connection: the reader hangs up */
	pthread_t reader;
	int running;
	/* Looped */
	Uvconn uv;
	Rpc *cqhead, *cqtail;	/* completed async calls */
	Rpc *later;		/* done while libuv still sends them: notified when it lets go */
	Rpc *dlhead, *dltail;	/* deadlines, earliest first */
};

struct NpCFid {
	NpCFsys *fs;
	u32int fid;
	int mode;		/* -1 not open */
	Qid qid;
	u32int iounit;
	pthread_mutex_t lk;
	vlong offset;
};

/* A read or write split into pipelined pieces (rw.c), blocking or asynchronous. */
typedef struct Xfer Xfer;
struct Xfer {
	NpCFid *fid;
	uchar type;
	uchar *buf;
	long n;			/* bytes asked for */
	vlong offset;
	u32int chunk;
	int window;
	long issued, got;
	int first, stop, failed;
	char err[ERRMAX];	/* why it failed */
	Rpc *ring[Window];	/* the pieces out, oldest first */
	long want[Window];
	int head, inflight;
};

/* _npfsstart's flags */
enum {
	Ftrack = 1<<0,		/* settle the fid effect of the message (the library's own fids) */
	Flazy = 1<<1,		/* a Tclunk of a fid never opened: it may wait for the next message */
};

/* fsys.c */
NPHIDDEN NpCFsys*	_npfsalloc(int fd);
NPHIDDEN int	_npfsversiontx(Fcall *tx, u32int msize);
NPHIDDEN int	_npfsversioned(NpCFsys *fs, const Fcall *rx, u32int msize);
NPHIDDEN void	_npfsfree(NpCFsys *fs);
NPHIDDEN NpCFid*	_npfsmkfid(NpCFsys *fs, u32int fid, Qid qid);
NPHIDDEN void	_npfsfreefid(NpCFid *fid);
NPHIDDEN void	_npfsputfidlocked(NpCFsys *fs, u32int fid);
NPHIDDEN u32int	_npfschunk(NpCFid *fid);
NPHIDDEN int	_npfssplitpath(const char *path, char **bufp, char ***elemp);
NPHIDDEN extern const char Ehungup[], Einterrupted[], Etimedout[], Enomem[];

/* rpc.c */
NPHIDDEN Rpc*	_npfsstart(NpCFsys *fs, Fcall *tx, int flags, uchar *dst, Rpcdone *fn, void *arg);
NPHIDDEN int	_npfswait(Rpc *r, Fcall *rx);
NPHIDDEN void	_npfsforget(NpCFsys *fs, Fcall *tx);
NPHIDDEN int	_npfscall(NpCFsys *fs, Fcall *tx, int flags, Fcall *rx, void **freep);
NPHIDDEN void	_npfsrpcfree(Rpc *r);
NPHIDDEN void	_npfsunref(Rpc *r, int n);
NPHIDDEN int	_npfsflush(Rpc *r, const char *err);
NPHIDDEN void	_npfsdeliver(NpCFsys *fs, Fcall *f, uchar *buf);
NPHIDDEN void	_npfshangup(NpCFsys *fs, const char *err);
NPHIDDEN void	_npfsfinish(NpCFsys *fs, Rpc *r, const char *err);
NPHIDDEN void	_npfsexpire(NpCFsys *fs, Rpc *r);
NPHIDDEN void	_npfsassign(NpCFsys *fs);
NPHIDDEN void	_npfssendq(NpCFsys *fs);
NPHIDDEN void	_npfscallhangup(NpCFsys *fs);
NPHIDDEN void	_npfssent(NpCFsys *fs, Rpc *r);
NPHIDDEN Rpc*	_npfstakeq(NpCFsys *fs);

/* recv.c */
NPHIDDEN Rpc*	_npfsrxspace(NpCFsys *fs, uchar **p, size_t *n);
NPHIDDEN const char*	_npfsrxgot(NpCFsys *fs, size_t n);
NPHIDDEN void	_npfsrxreset(NpCFsys *fs);
NPHIDDEN void	_npfsrxdrop(NpCFsys *fs, Rpc *r);

/* fid.c */
NPHIDDEN void	_npfsattachtx(NpCFsys *fs, Fcall *tx, uchar type, NpCFid *afid,
			const char *uname, const char *aname);

/* rw.c */
NPHIDDEN int	_npfsxferinit(Xfer *x, NpCFid *fid, uchar type, uchar *buf, long n, vlong offset);
NPHIDDEN int	_npfsxferissue(Xfer *x, Rpcdone *fn, void *arg);
NPHIDDEN void	_npfsxfertake(Xfer *x);
NPHIDDEN int	_npfsxferdone(Xfer *x);
NPHIDDEN long	_npfsxferresult(Xfer *x);

/* dir.c */
NPHIDDEN long	_npfsparsedirs(const uchar *raw, long n, Dir **dp);
NPHIDDEN int	_npfsunpackstat(const Fcall *rx, Dir *d);

/* thread.c */
NPHIDDEN int	_npfsthreadstart(NpCFsys *fs);
NPHIDDEN void	_npfsthreadstop(NpCFsys *fs);
NPHIDDEN int	_npfsthreadsend(NpCFsys *fs, Rpc *r, const struct timespec *deadline);

/* uv.c */
NPHIDDEN int	_npfsonloop(NpCFsys *fs);
NPHIDDEN void	_npfsuvsend(NpCFsys *fs, Rpc *r);
NPHIDDEN void	_npfsuvkick(NpCFsys *fs);
NPHIDDEN void	_npfsuvdeadline(NpCFsys *fs, Rpc *r, int ms);
NPHIDDEN void	_npfsuvundeadline(NpCFsys *fs, Rpc *r);
NPHIDDEN void	_npfsrunq(NpCFsys *fs);
NPHIDDEN void	_npfsuvclose(NpCFsys *fs);
NPHIDDEN void	_npfsuvfree(NpCFsys *fs);
