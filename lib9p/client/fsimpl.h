/* fsimpl.h: the private structures of the 9P client shared by lib9p/client's files. */
#include <pthread.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>

enum {
	Maxtag = 4096,		/* tags in flight on one connection */
	Window = 16,		/* messages in flight for one large read or write */
	Rbufsz = 64*1024,	/* the reader thread's receive buffer */
};

typedef struct Rpc Rpc;

/*
 * One request and, once done, its reply. It is referenced by the tag table while the
 * tag is reserved and by its owner (the blocking caller, or the async completion); the
 * last to let go frees it. A flushed request keeps its tag until the Rflush arrives,
 * even when its own reply came first, because the server may not reuse it before.
 */
struct Rpc {
	NpCFsys *fs;
	int ref;
	ushort tag;
	uchar ttype;
	int done;
	int flushing;		/* a Tflush for it is out */
	char *err;		/* library error instead of a reply (static string) */
	Fcall rx;
	uchar *rbuf;		/* holds rx's strings and data */
	pthread_cond_t cond;	/* blocking callers wait here */
	Rpc *flushof;		/* for a Tflush: the request it flushes */
	uchar *dst;		/* a Tread's caller's buffer, for the data of the reply */
	u32int ndst;
	int filling;		/* the reader is reading data into dst */
	NpFscb *cb;		/* async: completion */
	void *arg;
	Rpc *next;		/* async: completion queue */
};

struct NpCFsys {
	pthread_mutex_t lk;
	pthread_mutex_t wlk;	/* serialises writes on fd */
	int fd;
	int sock;		/* fd is a socket: the reader uses recv */
	int wakefd[2];		/* tells the reader to stop */
	u32int msize;
	int hungup;
	int timeout;		/* ms, 0 none */
	pthread_t reader;
	int running;
	uchar rbuf[Rbufsz];	/* the reader's: bytes received, rbp to rbe not yet taken */
	long rbp, rbe;
	Rpc *tags[Maxtag];
	int ntags;
	int nexttag;
	pthread_cond_t tagcond;
	u32int nextfid;
	u32int *freefids;
	int nfree, afree;
	NpCFid *root;
	void (*trace)(void*, const Fcall*);
	void *tracearg;
	/* the libuv side */
	void *uv;		/* uv_async_t*, nil when not attached */
	Rpc *qhead, *qtail;	/* completions for the loop */
	int nasync;		/* async calls whose callback has not run */
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

/* Shared between the client's files but not exported from the library. */
#define NPHIDDEN __attribute__((visibility("hidden")))

/* fsys.c */
NPHIDDEN Rpc*	_npfsstart(NpCFsys *fs, Fcall *tx, NpFscb *cb, void *arg);
NPHIDDEN Rpc*	_npfsstartread(NpCFsys *fs, Fcall *tx, void *dst);
NPHIDDEN int	_npfswait(Rpc *r, Fcall *rx);
NPHIDDEN void	_npfsrpcfree(Rpc *r);
NPHIDDEN void	_npfsrunq(NpCFsys *fs);
NPHIDDEN int	_npfsflush(Rpc *r);
NPHIDDEN NpCFid*	_npfsmkfid(NpCFsys *fs, u32int fid, Qid qid);
NPHIDDEN void	_npfsfreefid(NpCFid *fid);
NPHIDDEN u32int	_npfschunk(NpCFid *fid);
/* async.c */
NPHIDDEN void	_npfsuvkick(NpCFsys *fs);
