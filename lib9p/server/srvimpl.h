/* srvimpl.h: lib9p server internals shared by the files of lib9p/server (not installed). */
#include <pthread.h>
#include <uv.h>

#define GBIT16(p)	((p)[0] | ((p)[1] << 8))
#define GBIT32(p)	((u32int)(p)[0] | ((u32int)(p)[1] << 8) | ((u32int)(p)[2] << 16) | \
			((u32int)(p)[3] << 24))

enum {
	Nhash = 64,		/* buckets in the per-connection fid and tag tables */
	Rbufmin = 8192,		/* read buffer kept while a connection is idle */
	Wqhigh = 8*1024*1024,	/* stop reading a client with this many reply bytes unsent */
	Wqlow = 1024*1024,	/* and start again below this */
	Poolmax = 16*1024*1024,	/* bytes of large message buffers kept for reuse */
	Rreadhdr = 4+1+2+4,	/* size[4] Rread tag[2] count[4] before an Rread's data */
};

typedef struct Npbuf Npbuf;

typedef union Nphandle Nphandle;
union Nphandle {
	uv_handle_t h;
	uv_stream_t s;
	uv_pipe_t p;
	uv_tcp_t t;
};

struct Npconn {
	Srv *srv;
	Nphandle in;
	Nphandle out;
	uv_stream_t *ins;
	uv_stream_t *outs;
	int ref;
	int dead;
	int eof;		/* the client sent end of file: close once all is answered */
	int ninflight;		/* requests in the tag table */
	int nwrites;		/* replies not yet written */
	int throttled;
	int versioned;
	u32int msize;
	uchar *rbuf;
	uint rlen;
	uint rcap;
	Req *tags[Nhash];
	Fid *fids[Nhash];
	Npconn *next;
	Npconn *prev;
};

typedef struct Nplistener Nplistener;
struct Nplistener {
	Srv *srv;
	Nphandle h;
	char *path;		/* a posted socket to remove when done */
	Nplistener *next;
};

struct Npsrvstate {
	uv_loop_t *loop;
	uv_loop_t ownloop;
	int ownsloop;
	uv_async_t async;
	pthread_mutex_t lk;
	Req *done;		/* responses from other threads, for the loop to send */
	Req **donetail;
	int stopping;		/* atomic: npsrvstop was called */
	int stopped;		/* the loop has started the shutdown */
	pthread_t loopthread;
	Npconn *conns;
	Nplistener *listeners;
	u32int maxmsize;
	Npbuf *pool;		/* large buffers for reuse, under lk */
	int npool;
};

/* Shared between the files of lib9p/server, but not exported from the library. */
#pragma GCC visibility push(hidden)

/* buf.c */
void*	np_bufalloc(Npsrvstate *st, uint n);
uint	np_bufcap(void *p);
void	np_buffree(Npsrvstate *st, void *p);
void	np_bufpurge(Npsrvstate *st);

/* fid.c */
Fid*	np_lookupfid(Npconn *c, u32int fid);
Fid*	np_allocfid(Npconn *c, u32int fid);
void	np_unhashfid(Fid *f);
void	np_putfid(Fid *f);
void	np_clunkall(Npconn *c);

/* req.c */
Req*	np_lookuptag(Npconn *c, ushort tag);
int	np_hashreq(Req *r);
void	np_unhashreq(Req *r);
void	np_putreq(Req *r);
void	np_abortall(Npconn *c);

/* listen.c */
void	np_throttle(Npconn *c);
void	np_drained(Npconn *c);

/* srv.c */
void	np_conninput(Npconn *c);
void	np_finish(Req *r);
void	np_putconn(Npconn *c);
void	np_closeconn(Npconn *c);
Npconn*	np_newconn(Srv *srv);
void	np_drain(Npsrvstate *st);

/* file.c */
char*	np_treewalk1(Fid *fid, char *name, Qid *qid);
int	np_dirgen(int n, Dir *d, void *aux);

#pragma GCC visibility pop
