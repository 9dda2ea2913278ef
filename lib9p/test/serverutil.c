/* serverutil.c: a small synchronous 9P client over an fd, for the lib9p server tests. */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include <pthread.h>
#include <time.h>
#include "serverutil.h"

static __thread char lasterr[ERRMAX];
static __thread ushort nexttag;

static void
seterr(const char *s)
{
	snprintf(lasterr, sizeof lasterr, "%s", s);
}

const char*
terr(void)
{
	return lasterr;
}

int
tsendraw(Tconn *c, const uchar *p, uint n)
{
	ssize_t m;

	while(n > 0){
		m = write(c->wfd > 0 ? c->wfd : c->fd, p, n);
		if(m < 0 && errno == EINTR)
			continue;
		if(m <= 0){
			seterr("write failed");
			return -1;
		}
		p += m;
		n -= m;
	}
	return 0;
}

int
tsend(Tconn *c, Fcall *f)
{
	uchar *p;
	uint n;
	int r;

	n = npsizeS2M(f);
	if(n == 0 || (p = malloc(n)) == nil){
		seterr("cannot encode");
		return -1;
	}
	if(npconvS2M(f, p, n) != n){
		free(p);
		seterr("cannot encode");
		return -1;
	}
	r = tsendraw(c, p, n);
	free(p);
	return r;
}

/* Read exactly n bytes within ms; 0 on success, -1 on timeout or end of file. */
static int
readfull(int fd, uchar *p, uint n, int ms)
{
	struct pollfd pfd;
	ssize_t m;

	while(n > 0){
		pfd.fd = fd;
		pfd.events = POLLIN;
		if(poll(&pfd, 1, ms) <= 0)
			return -1;
		m = read(fd, p, n);
		if(m < 0 && errno == EINTR)
			continue;
		if(m <= 0)
			return -1;
		p += m;
		n -= m;
	}
	return 0;
}

int
trecv(Tconn *c, Fcall *f, int ms)
{
	uint n;

	if(readfull(c->fd, c->buf, 4, ms) < 0){
		seterr("no reply");
		return -1;
	}
	n = npmsgsize(c->buf, 4);
	if(n < 7 || n > sizeof c->buf || readfull(c->fd, c->buf+4, n-4, ms) < 0){
		seterr("bad reply");
		return -1;
	}
	if(npconvM2S(c->buf, n, f) != n){
		seterr("undecodable reply");
		return -1;
	}
	return 0;
}

int
tclosed(Tconn *c, int ms)
{
	struct pollfd pfd;
	uchar b[256];

	pfd.fd = c->fd;
	pfd.events = POLLIN;
	for(;;){
		if(poll(&pfd, 1, ms) <= 0)
			return 0;
		if(read(c->fd, b, sizeof b) <= 0)
			return 1;
	}
}

int
tquiet(Tconn *c, int ms)
{
	struct pollfd pfd;

	pfd.fd = c->fd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, ms) == 0;
}

static vlong
msnow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int
twaitfor(int *p, int want, int ms)
{
	vlong end;

	end = msnow() + ms;
	while(__atomic_load_n(p, __ATOMIC_ACQUIRE) != want){
		if(msnow() >= end)
			return 0;
		usleep(5000);
	}
	return 1;
}

int
trpc(Tconn *c, Fcall *t, Fcall *r)
{
	if(t->type != Tversion)
		t->tag = nexttag++ % 1000;
	if(tsend(c, t) < 0 || trecv(c, r, 5000) < 0)
		return -1;
	if(r->tag != t->tag){
		seterr("reply with wrong tag");
		return -1;
	}
	if(r->type == Rerror){
		seterr(r->ename);
		return -1;
	}
	if(r->type != t->type+1){
		seterr("reply of wrong type");
		return -1;
	}
	return 0;
}

int
tversion(Tconn *c, u32int msize)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Tversion;
	t.tag = NOTAG;
	t.msize = msize;
	t.version = VERSION9P;
	if(trpc(c, &t, &r) < 0)
		return -1;
	return r.msize;
}

int
tattachafid(Tconn *c, u32int fid, u32int afid, const char *uname, const char *aname)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Tattach;
	t.fid = fid;
	t.afid = afid;
	t.uname = (char*)uname;
	t.aname = (char*)aname;
	return trpc(c, &t, &r);
}

int
tattach(Tconn *c, u32int fid, const char *uname)
{
	return tattachafid(c, fid, NOFID, uname, "");
}

int
tauth(Tconn *c, u32int afid, const char *uname, Qid *aqid)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Tauth;
	t.afid = afid;
	t.uname = (char*)uname;
	t.aname = "";
	if(trpc(c, &t, &r) < 0)
		return -1;
	if(aqid != nil)
		*aqid = r.aqid;
	return 0;
}

int
thello(Tconn *c, u32int msize, const char *uname)
{
	if(tversion(c, msize) != (int)msize)
		return -1;
	return tattach(c, 0, uname);
}

int
twalk(Tconn *c, u32int fid, u32int newfid, const char *path)
{
	Fcall t, r;
	char buf[1024], *p;
	int n;

	memset(&t, 0, sizeof t);
	t.type = Twalk;
	t.fid = fid;
	t.newfid = newfid;
	snprintf(buf, sizeof buf, "%s", path);
	n = 0;
	for(p = strtok(buf, "/"); p != nil && n < MAXWELEM; p = strtok(nil, "/"))
		t.wname[n++] = p;
	t.nwname = n;
	if(trpc(c, &t, &r) < 0)
		return -1;
	if(r.nwqid != n){
		seterr("file does not exist");
		return -1;
	}
	return 0;
}

int
topen(Tconn *c, u32int fid, int mode)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Topen;
	t.fid = fid;
	t.mode = mode;
	return trpc(c, &t, &r);
}

int
tcreate(Tconn *c, u32int fid, const char *name, u32int perm, int mode)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Tcreate;
	t.fid = fid;
	t.name = (char*)name;
	t.perm = perm;
	t.mode = mode;
	return trpc(c, &t, &r);
}

long
tread(Tconn *c, u32int fid, vlong off, void *buf, u32int n)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Tread;
	t.fid = fid;
	t.offset = off;
	t.count = n;
	if(trpc(c, &t, &r) < 0)
		return -1;
	if(r.count > n){
		seterr("read returned too much");
		return -1;
	}
	memmove(buf, r.data, r.count);
	return r.count;
}

long
twrite(Tconn *c, u32int fid, vlong off, const void *buf, u32int n)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Twrite;
	t.fid = fid;
	t.offset = off;
	t.count = n;
	t.data = (char*)buf;
	if(trpc(c, &t, &r) < 0)
		return -1;
	return r.count;
}

static int
fidrpc(Tconn *c, int type, u32int fid)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = type;
	t.fid = fid;
	return trpc(c, &t, &r);
}

int
tclunk(Tconn *c, u32int fid)
{
	return fidrpc(c, Tclunk, fid);
}

int
tremove(Tconn *c, u32int fid)
{
	return fidrpc(c, Tremove, fid);
}

int
tstat(Tconn *c, u32int fid, Dir *d)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Tstat;
	t.fid = fid;
	if(trpc(c, &t, &r) < 0)
		return -1;
	if(npconvM2D(r.stat, r.nstat, d) != r.nstat){
		seterr("bad stat");
		return -1;
	}
	return 0;
}

int
twstat(Tconn *c, u32int fid, Dir *d)
{
	Fcall t, r;
	uchar buf[1024];
	uint n;

	memset(&t, 0, sizeof t);
	t.type = Twstat;
	t.fid = fid;
	n = npconvD2M(d, buf, sizeof buf);
	if(n <= 2){
		seterr("cannot encode stat");
		return -1;
	}
	t.stat = buf;
	t.nstat = n;
	return trpc(c, &t, &r);
}

Qid
tqid(uvlong path, int isdir)
{
	Qid q;

	q.path = path;
	q.vers = 0;
	q.type = isdir ? QTDIR : QTFILE;
	return q;
}

int
tstartsrv(Srv *srv, Tconn *c, Tconn *c2, pthread_t *thread)
{
	if(npsrvinit(srv, nil) < 0){
		seterr("npsrvinit failed");
		return -1;
	}
	if((c->fd = npsrvpipe(srv)) < 0 || (c2 != nil && (c2->fd = npsrvpipe(srv)) < 0)){
		seterr("npsrvpipe failed");
		return -1;
	}
	if(pthread_create(thread, nil, tserve, srv) != 0){
		seterr("cannot start the server's thread");
		return -1;
	}
	return 0;
}

int
tendsrv(Srv *srv, Tconn *c, Tconn *c2, pthread_t thread)
{
	if(c != nil && c->fd >= 0)
		close(c->fd);
	if(c2 != nil && c2->fd >= 0)
		close(c2->fd);
	if(tstopsrv(srv, thread) < 0){
		seterr("the server did not end within 5 s of npsrvstop");
		return -1;
	}
	return 0;
}

void*
tserve(void *srv)
{
	npsrvrun(srv);
	return nil;
}

int
tstopsrv(Srv *srv, pthread_t thread)
{
	struct timespec ts;

	npsrvstop(srv);
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 5;
	return pthread_timedjoin_np(thread, nil, &ts) == 0 ? 0 : -1;
}
