/* serverutil.h: a small synchronous 9P client over an fd, for the lib9p server tests. */
#include <pthread.h>
#include <planten/9p.h>

enum { Tbufsize = 65536 };

typedef struct Tconn Tconn;
struct Tconn {
	int fd;
	int wfd;		/* if > 0, requests are written here instead of fd */
	uchar buf[Tbufsize];	/* the last message received; a decoded Fcall points into it */
};

int	tsendraw(Tconn *c, const uchar *p, uint n);
int	tsend(Tconn *c, Fcall *f);
int	trecv(Tconn *c, Fcall *f, int ms);	/* 0, or -1 on timeout, EOF or bad message */
int	trpc(Tconn *c, Fcall *t, Fcall *r);	/* send t, receive r; -1 on failure, Rerror */
int	tclosed(Tconn *c, int ms);		/* 1 if the server hung up within ms */
int	tquiet(Tconn *c, int ms);		/* 1 if nothing arrives within ms */
int	tversion(Tconn *c, u32int msize);
int	tattach(Tconn *c, u32int fid, const char *uname);	/* no afid, aname "" */
int	tattachafid(Tconn *c, u32int fid, u32int afid, const char *uname, const char *aname);
int	tauth(Tconn *c, u32int afid, const char *uname, Qid *aqid);	/* aqid may be nil */
int	thello(Tconn *c, u32int msize, const char *uname);	/* Tversion msize; attach fid 0 */
int	twalk(Tconn *c, u32int fid, u32int newfid, const char *path);	/* "" clones */
int	topen(Tconn *c, u32int fid, int mode);
int	tcreate(Tconn *c, u32int fid, const char *name, u32int perm, int mode);
long	tread(Tconn *c, u32int fid, vlong off, void *buf, u32int n);
long	twrite(Tconn *c, u32int fid, vlong off, const void *buf, u32int n);
int	tclunk(Tconn *c, u32int fid);
int	tremove(Tconn *c, u32int fid);
int	tstat(Tconn *c, u32int fid, Dir *d);	/* d's strings point into c->buf */
int	twstat(Tconn *c, u32int fid, Dir *d);
const char *terr(void);	/* the last Rerror string, or a local failure */

/*
 * Wait until *p (which another thread sets) equals want: 1, or 0 once ms have passed. Tests
 * wait for what a server does after its reply with this, with deadlines of seconds.
 */
int	twaitfor(int *p, int want, int ms);

Qid	tqid(uvlong path, int isdir);	/* version 0 */

/* A thread running npsrvrun(srv); tstopsrv stops srv and waits up to 5 s for it: 0, or -1. */
void*	tserve(void *srv);
int	tstopsrv(Srv *srv, pthread_t thread);
/*
 * A test's server: tstartsrv initialises srv on a loop of its own, connects c (and c2 when
 * not nil) to it and runs it in a thread; tendsrv closes c and c2 where open and stops srv
 * with tstopsrv. 0, or -1 with the reason in terr().
 */
int	tstartsrv(Srv *srv, Tconn *c, Tconn *c2, pthread_t *thread);
int	tendsrv(Srv *srv, Tconn *c, Tconn *c2, pthread_t thread);
