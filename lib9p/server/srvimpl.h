/*
 * srvimpl.h: lib9p server internals shared by the files of lib9p/server (not installed).
 * Each public structure is the first member of a private one that the library allocates,
 * so a Req* is an Sreq*, a Fid* an Sfid*, a File* an Sfile*, a Tree* an Stree* and an
 * Npconn* an Sconn*.
 */
#include <pthread.h>
#include <string.h>
#include <uv.h>
#include "../npimpl.h"
#include "../fcall/bits.h"

enum {
	Nhash = 64,		/* buckets in the per-connection fid and tag tables */
	Rbufmin = 8192,		/* read buffer kept while a connection is idle */
	Poolmax = 16*1024*1024,	/* bytes of message buffers of one size kept for reuse */
	Mediummin = 1024,	/* buffers over this and up to Rbufmin come from a pool */
	Rreadhdr = 4+1+2+4,	/* size[4] Rread tag[2] count[4] before an Rread's data */
	Reqmax = 1024,		/* requests in flight on a connection before it is not read */
	Chargemin = 8*1024*1024,	/* bytes a connection's requests and replies may hold... */
	Chargemsizes = 2,	/* ...or this many msizes, if more */
	Maxiov = 64,		/* replies written with one system call */
	Intrms = 20,		/* how often a flushed request's worker is interrupted again */
	Smallmsg = 256,		/* messages this small live in their request */
	Nfreereq = 64,		/* finished requests kept for reuse */
	Maxfile = 1<<30,	/* largest file a tree holds */
	Filecost = 256,		/* bytes a file costs a tree's limit besides its name and data */
};

typedef struct Npbuf Npbuf;
typedef struct Sconn Sconn;
typedef struct Sreq Sreq;
typedef struct Sfid Sfid;
typedef struct Sfile Sfile;
typedef struct Stree Stree;
typedef struct Outbuf Outbuf;
typedef struct Nplistener Nplistener;
typedef struct Msgtype Msgtype;

typedef union Nphandle Nphandle;
union Nphandle {
	uv_handle_t h;
	uv_stream_t s;
	uv_pipe_t p;
	uv_tcp_t t;
};

/*
 * Bytes waiting to be written: the part left (p, n) of a buffer from _npconnalloc (base),
 * or of the reply held in the request owner, which stays until they are written.
 */
struct Outbuf {
	uchar *base;
	Sreq *owner;
	uchar *p;
	uint n;
};

struct Sconn {
	Npconn pub;
	Srv *srv;
	Nphandle in;
	Nphandle out;
	uv_stream_t *ins;
	uv_stream_t *outs;
	int ref;
	int started;		/* connstart accepted it: connend is due */
	int dead;		/* closed: nothing more is read or sent */
	int eof;		/* the client sent end of file: close once all is answered */
	int reading;		/* uv_read_start is in effect */
	int held;		/* over its bound: not read until under half of it */
	int inbatch;		/* handling input: replies wait to go out together */
	int ninflight;		/* requests in the tag table */
	vlong charge;		/* bytes held by its requests and replies (atomic) */
	int versioned;
	u32int msize;
	Sreq *version;		/* a Tversion waiting for the requests in flight to end */
	uchar *rbuf;		/* input; whole messages before rlen wait while held */
	uint rlen;
	uint rcap;
	Sreq *tags[Nhash];
	Sfid **fids;		/* the fid table: nfidbuck chains (a power of 2), grown with nfid */
	u32int nfidbuck;
	u32int nfid;
	Sfid *fids0[Nhash];	/* the first table */
	Outbuf *outq;		/* replies not yet handed to the kernel or libuv */
	int nout;
	int aout;
	int nwriting;		/* uv_writes in progress */
	char addr[128];
	Sconn *next;
	Sconn *prev;
};

struct Sreq {
	Req pub;
	int ref;
	int responded;		/* atomic: nprespond was called */
	int flushed;		/* atomic: being abandoned */
	int aborted;		/* the reply is not sent: Tversion or the connection ended */
	int internal;		/* a Tflush made by the library: never sent */
	int finished;
	int intable;
	int setbusy;		/* the fid is busy until r finishes */
	int claimed;		/* r claimed its file's exclusive use */
	u32int msize;
	uchar *ibuf;		/* the T-message; ifcall's strings point into it */
	uchar *obuf;		/* the encoded reply */
	uint nobuf;
	uchar *data;		/* an Rread's reply buffer, Rreadhdr bytes in front of ofcall.data */
	char *dstr;		/* copies of d's strings for Tstat */
	vlong dirpos;		/* a directory read's position after its entries */
	File *dirnext;		/* for trees: the next entry, referenced */
	Sconn *conn;
	Sreq **flushq;		/* Tflushes waiting for this request to finish */
	int nflushq;
	Reqqueue *q;		/* the queue r is in, and its handler */
	void (*qfn)(Req *r);
	int worker;		/* the queue thread running it, -1 if waiting */
	Sreq *qnext;
	Sreq *next;		/* in the tag table */
	Sreq *donenext;		/* in the list of replies made off the loop */
	Sreq *intrnext;		/* in the list of requests whose worker is interrupted */
	Sreq *freenext;		/* in the list of requests kept for reuse */
	/* not cleared for reuse: */
	uchar imsg[Smallmsg];	/* a small T-message, ibuf */
	uchar omsg[Smallmsg];	/* a small reply, obuf */
};

struct Sfid {
	Fid pub;
	int ref;
	int busy;		/* a walk, open or create is in progress */
	int intable;
	Qid rootqid;
	vlong diroffset;	/* where the last directory read ended */
	vlong dirpos;		/* and the position of the entry after it */
	File *dirnext;		/* for trees: that entry, referenced, if known */
	char *authuser;		/* an afid whose conversation is done (atomic) */
	int excl;		/* holds its file's exclusive use */
	Sconn *conn;
	Sfid *next;
};

struct Sfile {
	File pub;
	int ref;
	int removed;
	Sfile *child;		/* in the order created: positions increase */
	Sfile *lastchild;
	Sfile *sibling;
	Sfile *prevsib;	/* so a remove takes the same time in any directory */
	long nchild;
	vlong pos;		/* place among its parent's entries, for directory reads */
	vlong nextpos;
	Sfid *excl;		/* the fid holding a DMEXCL file open */
	char *data;
	vlong cap;
	/* a large directory's entries by name (file.c): nhash buckets, a power of 2 */
	Sfile **hash;
	u32int nhash;
	/* an entry's place there: the hash of the name it was filed under */
	Sfile *hnext;
	u32int hval;
};

struct Stree {
	Tree pub;
	uvlong qidpath;
	vlong used;		/* bytes counted against limit */
};

struct Nplistener {
	Srv *srv;
	Nphandle h;
	char *path;		/* a socket to remove when done */
	uv_fs_event_t *watch;	/* for a posted name: notices its removal */
	uvlong dev;		/* and the socket file's identity */
	uvlong ino;
	int rewatch;		/* watch again after npsrvbackground's fork */
	Nplistener *next;
};

struct Npsrvstate {
	uv_loop_t *loop;
	int ownsloop;
	uv_async_t async;
	uv_timer_t intrtimer;	/* interrupts the workers of flushed requests */
	Sreq *intr;
	pthread_mutex_t lk;
	Sreq *done;		/* responses from other threads, for the loop to send */
	Sreq **donetail;
	int stopping;		/* atomic: npsrvstop was called */
	int stopped;		/* the loop has started the shutdown: 1, closing handles: 2 */
	int unposted;		/* a posted name went away: stop once nothing is left */
	int nhandles;		/* handles of st's own still open */
	pthread_t loopthread;
	Sconn *conns;
	Nplistener *listeners;
	u32int maxmsize;
	Npbuf *pool[2];		/* medium and large buffers for reuse, under lk */
	int npool[2];
	Sreq *freereq;		/* finished requests for reuse, on the loop */
	int nfreereq;
};

/*
 * What the library does for one message type: serve checks a request and hands it on
 * (to the server or the library's own handling); fix adjusts a reply as the protocol
 * demands, on the responding thread; commit updates the library's state once the reply is
 * final, on the loop's thread.
 */
struct Msgtype {
	void (*serve)(Srv *srv, Sreq *r);
	const char *(*fix)(Sreq *r, const char *err);
	void (*commit)(Sreq *r, int ok);
};

static inline Sreq*	sreq(Req *r) { return (Sreq*)r; }
static inline Sfid*	sfid(Fid *f) { return (Sfid*)f; }
static inline Sfile*	sfile(File *f) { return (Sfile*)f; }
static inline Stree*	stree(Tree *t) { return (Stree*)t; }

/* buf.c */
NPHIDDEN void*	_npbufalloc(Npsrvstate *st, uint n);
NPHIDDEN uint	_npbufcap(void *p);
NPHIDDEN void	_npbuffree(Npsrvstate *st, void *p);
NPHIDDEN void	_npbufpurge(Npsrvstate *st);
NPHIDDEN void*	_npconnalloc(Sconn *c, uint n);
NPHIDDEN void	_npconnfree(Sconn *c, void *p);

/* fid.c */
NPHIDDEN Sfid*	_nplookupfid(Sconn *c, u32int fid);
NPHIDDEN Sfid*	_npallocfid(Sconn *c, u32int fid);
NPHIDDEN Sfid*	_npnewfid(Sconn *c, u32int fid);
NPHIDDEN void	_npunhashfid(Sfid *f);
NPHIDDEN void	_npputfid(Sfid *f);
NPHIDDEN void	_npclunkall(Sconn *c);
NPHIDDEN int	_npcopyfid(Sfid *to, Sfid *from);

/* req.c */
NPHIDDEN Sreq*	_npnewreq(Sconn *c);
NPHIDDEN Sreq*	_nplookuptag(Sconn *c, ushort tag);
NPHIDDEN int	_nphashreq(Sreq *r);
NPHIDDEN void	_npunhashreq(Sreq *r);
NPHIDDEN void	_npputreq(Sreq *r);
NPHIDDEN void	_npabort(Sreq *o, Sreq *f, int dropreply);
NPHIDDEN void	_npabortall(Sconn *c);
NPHIDDEN void	_npfreereqs(Npsrvstate *st);

/* srv.c: the message table and the protocol's checks */
NPHIDDEN extern const Msgtype _npmsg[Tmax];
NPHIDDEN void	_npdispatch(Sconn *c, uchar *p, uint n, int own);
NPHIDDEN void	_npversiondone(Sconn *c);

/* respond.c */
NPHIDDEN void	_npfinish(Sreq *r);
NPHIDDEN void	_npdrain(Npsrvstate *st);
NPHIDDEN int	_nponloop(Npsrvstate *st);

/* conn.c */
NPHIDDEN Sconn*	_npnewconn(Srv *srv);
NPHIDDEN int	_npstartconn(Sconn *c);
NPHIDDEN void	_npputconn(Sconn *c);
NPHIDDEN void	_npcloseconn(Sconn *c);
NPHIDDEN void	_npsend(Sconn *c, uchar *base, Sreq *owner, uchar *p, uint n);
NPHIDDEN void	_npoutflush(Sconn *c);
NPHIDDEN void	_npkick(Sconn *c);
NPHIDDEN int	_npopenhandle(Sconn *c, Nphandle *h, int fd);
NPHIDDEN void	_nppeer(Sconn *c, int fd);
NPHIDDEN int	_npuverr(const char *what, int e);

/* listen.c */
NPHIDDEN void	_npcloselistener(Nplistener *l, int unposted);

/* loop.c */
NPHIDDEN void	_npcheckdone(Npsrvstate *st);
NPHIDDEN void	_npsetloopthread(Npsrvstate *st);
NPHIDDEN void	_npinterrupt(Sreq *r);

/* queue.c */
NPHIDDEN int	_npqueuekill(Reqqueue *q, Sreq *r);

/* file.c and tree.c */
NPHIDDEN u32int	_npnow(void);
NPHIDDEN char*	_nptreewalk1(Fid *fid, char *name, Qid *qid);
NPHIDDEN void	_nptreedirread(Sreq *r);
NPHIDDEN void	_nptreeopen(Sreq *r);
NPHIDDEN void	_nptreecreate(Sreq *r);
NPHIDDEN void	_nptreeread(Sreq *r);
NPHIDDEN void	_nptreewrite(Sreq *r);
NPHIDDEN void	_nptreewstat(Sreq *r);
NPHIDDEN void	_nptreeclunk(Sfid *f);
NPHIDDEN int	_nptreeclaim(Sfid *f);
NPHIDDEN void	_nptreerelease(Sfid *f);
NPHIDDEN int	_npdupdir(Sreq *r, const Dir *d);
NPHIDDEN Sfile*	_npfirstfrom(Sfile *dir, vlong pos);
NPHIDDEN Sfile*	_nplookup(Sfile *dir, const char *name);
NPHIDDEN void	_nprenamed(Sfile *f);
NPHIDDEN int	_npcharge(Stree *t, vlong n);
