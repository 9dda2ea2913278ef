/* conn.c: raw 9P connections for the conformance suite, every wait bounded by a timeout. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include "conform.h"

enum { Hdr = 7 };

static long long
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec*1000LL + ts.tv_nsec/1000000;
}

/* 1 when fd is ready for ev before the deadline, 0 on timeout, -1 on error */
static int
waitfd(int fd, short ev, long long deadline)
{
	struct pollfd p;
	long long left;
	int n;

	for(;;){
		left = deadline - now();
		if(left < 0)
			left = 0;
		p.fd = fd;
		p.events = ev;
		p.revents = 0;
		n = poll(&p, 1, (int)left);
		if(n < 0 && errno == EINTR)
			continue;
		return n;
	}
}

Conn*
dialconn(void)
{
	Conn *c;
	char err[ERRMAX];
	int fd;

	fd = p9dial(opt.addr, nil, nil, nil);
	if(fd < 0){
		p9rerrstr(err, sizeof err);
		diag("dial %s: %s", opt.addr, err);
		return nil;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	c = calloc(1, sizeof *c);
	if(c == nil){
		close(fd);
		diag("out of memory");
		return nil;
	}
	c->fd = fd;
	c->tag = 1;
	snprintf(c->why, sizeof c->why, "nothing yet");
	return c;
}

void
hangup(Conn *c)
{
	if(c == nil)
		return;
	close(c->fd);
	free(c->buf);
	free(c->tbuf);
	free(c);
}

int
sendraw(Conn *c, const void *buf, uint n)
{
	const uchar *p;
	long long deadline;
	ssize_t m;

	p = buf;
	deadline = now() + opt.timeout;
	while(n > 0){
		m = write(c->fd, p, n);
		if(m < 0 && errno == EINTR)
			continue;
		if(m < 0 && errno == EAGAIN){
			if(waitfd(c->fd, POLLOUT, deadline) <= 0){
				snprintf(c->why, sizeof c->why, "send blocked for %d ms",
					opt.timeout);
				return -1;
			}
			continue;
		}
		if(m <= 0){
			snprintf(c->why, sizeof c->why, "send: %s", strerror(errno));
			return -1;
		}
		p += m;
		n -= m;
	}
	return 0;
}

int
sendf(Conn *c, Fcall *t)
{
	uint n;

	n = npsizeS2M(t);
	if(n == 0){
		snprintf(c->why, sizeof c->why, "suite bug: cannot encode message type %d",
			t->type);
		return -1;
	}
	if(n > c->ntbuf){
		free(c->tbuf);
		c->tbuf = malloc(n);
		if(c->tbuf == nil){
			c->ntbuf = 0;
			snprintf(c->why, sizeof c->why, "out of memory");
			return -1;
		}
		c->ntbuf = n;
	}
	if(npconvS2M(t, c->tbuf, n) != n){
		snprintf(c->why, sizeof c->why, "suite bug: npconvS2M disagrees with npsizeS2M");
		return -1;
	}
	return sendraw(c, c->tbuf, n);
}

/* n bytes or: 0 end of file before any byte, -1 error, -2 timeout */
static int
readfull(Conn *c, uchar *p, uint n, long long deadline)
{
	uint got;
	ssize_t m;

	for(got = 0; got < n; ){
		m = read(c->fd, p+got, n-got);
		if(m < 0 && errno == EINTR)
			continue;
		if(m < 0 && errno == EAGAIN){
			if(waitfd(c->fd, POLLIN, deadline) <= 0)
				return -2;
			continue;
		}
		if(m < 0 && errno == ECONNRESET && got == 0)
			return 0;
		if(m < 0)
			return -1;
		if(m == 0)
			return got == 0 ? 0 : -1;
		got += m;
	}
	return n;
}

/* the next message into c->buf and r: 0 ok, -1 closed, -2 timeout, -3 bad */
static int
recvmsg9p(Conn *c, Fcall *r, int ms)
{
	uchar hdr[4];
	uint size, limit;
	long long deadline;
	int n;

	deadline = now() + ms;
	n = readfull(c, hdr, 4, deadline);
	if(n == -2){
		snprintf(c->why, sizeof c->why, "no reply within %d ms", ms);
		return -2;
	}
	if(n <= 0){
		snprintf(c->why, sizeof c->why, "connection closed");
		return -1;
	}
	size = npmsgsize(hdr, 4);
	limit = c->msize ? c->msize : NP_MAXMSIZE;
	if(size < Hdr || size > limit){
		snprintf(c->why, sizeof c->why, "reply with size field %u (msize %u)",
			size, c->msize);
		return -3;
	}
	if(size > c->nbuf){
		free(c->buf);
		c->buf = malloc(size);
		if(c->buf == nil){
			c->nbuf = 0;
			snprintf(c->why, sizeof c->why, "out of memory");
			return -3;
		}
		c->nbuf = size;
	}
	memcpy(c->buf, hdr, 4);
	n = readfull(c, c->buf+4, size-4, deadline);
	if(n != (int)(size-4)){
		snprintf(c->why, sizeof c->why, "reply cut short (%s)",
			n == -2 ? "timeout" : "connection closed");
		return n == -2 ? -2 : -1;
	}
	memset(r, 0, sizeof *r);
	if(npconvM2S(c->buf, size, r) != size){
		snprintf(c->why, sizeof c->why, "malformed reply (type %d, %u bytes)",
			c->buf[4], size);
		return -3;
	}
	return 0;
}

int
recvf(Conn *c, Fcall *r)
{
	return recvmsg9p(c, r, opt.timeout) == 0 ? 0 : -1;
}

static const char*
tname(int type)
{
	const char *s;

	s = npfcallname(type);
	return s ? s : "unknown type";
}

static void
describe(Conn *c, Fcall *r)
{
	switch(r->type){
	case Rerror:
		snprintf(c->why, sizeof c->why, "Rerror \"%s\"", r->ename);
		break;
	case Rwalk:
		snprintf(c->why, sizeof c->why, "Rwalk with %d qids", r->nwqid);
		break;
	case Rread:
		snprintf(c->why, sizeof c->why, "Rread of %u bytes", r->count);
		break;
	case Rversion:
		snprintf(c->why, sizeof c->why, "Rversion %u \"%s\"", r->msize, r->version);
		break;
	default:
		snprintf(c->why, sizeof c->why, "%s", tname(r->type));
	}
}

int
rpc(Conn *c, Fcall *t, int rtype)
{
	if(t->type == Tversion)
		t->tag = NOTAG;
	else{
		t->tag = c->tag++;
		if(c->tag == NOTAG)
			c->tag = 1;
	}
	if(opt.verbose)
		p9fprint(2, "%d -> %F\n", c->fd, t);
	if(sendf(c, t) < 0)
		return -1;
	if(recvf(c, &c->r) < 0)
		return -1;
	if(opt.verbose)
		p9fprint(2, "%d <- %F\n", c->fd, &c->r);
	describe(c, &c->r);
	if(c->r.tag != t->tag){
		snprintf(c->why+strlen(c->why), sizeof c->why-strlen(c->why),
			" with tag %d for request tag %d", c->r.tag, t->tag);
		return -1;
	}
	if(c->r.type == Rerror)
		return 1;
	if(c->r.type != rtype){
		snprintf(c->why+strlen(c->why), sizeof c->why-strlen(c->why),
			" instead of %s", tname(rtype));
		return -1;
	}
	return 0;
}

int
xversion(Conn *c, uint msize, char *version)
{
	Fcall t;
	int n;

	memset(&t, 0, sizeof t);
	t.type = Tversion;
	t.msize = msize;
	t.version = version;
	c->msize = msize;	/* the most a reply may be */
	n = rpc(c, &t, Rversion);
	if(n == 0)
		c->msize = c->r.msize < msize ? c->r.msize : msize;
	return n;
}

int
xattach(Conn *c, u32int fid, u32int afid, char *uname, char *aname)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tattach;
	t.fid = fid;
	t.afid = afid;
	t.uname = uname;
	t.aname = aname;
	return rpc(c, &t, Rattach);
}

int
xauth(Conn *c, u32int afid)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tauth;
	t.afid = afid;
	t.uname = opt.user;
	t.aname = opt.aname;
	return rpc(c, &t, Rauth);
}

int
xwalkv(Conn *c, u32int fid, u32int newfid, int n, char **names)
{
	Fcall t;
	int i;

	memset(&t, 0, sizeof t);
	t.type = Twalk;
	t.fid = fid;
	t.newfid = newfid;
	t.nwname = n;
	for(i = 0; i < n && i < MAXWELEM; i++)
		t.wname[i] = names[i];
	return rpc(c, &t, Rwalk);
}

/* walk a '/'-separated path; longer than MAXWELEM names goes in several walks */
int
xwalk(Conn *c, u32int fid, u32int newfid, char *path)
{
	char buf[1024], *names[64], *p;
	int n, i, m, r;

	snprintf(buf, sizeof buf, "%s", path);
	n = 0;
	for(p = strtok(buf, "/"); p != nil && n < 64; p = strtok(nil, "/"))
		names[n++] = p;
	for(i = 0; ; i += m){
		m = n-i > MAXWELEM ? MAXWELEM : n-i;
		r = xwalkv(c, i == 0 ? fid : newfid, newfid, m, names+i);
		if(r != 0 || i+m >= n)
			break;
		if(c->r.nwqid != m)
			return 0;
	}
	return r;
}

int
xopen(Conn *c, u32int fid, int mode)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Topen;
	t.fid = fid;
	t.mode = mode;
	return rpc(c, &t, Ropen);
}

int
xcreate(Conn *c, u32int fid, char *name, u32int perm, int mode)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tcreate;
	t.fid = fid;
	t.name = name;
	t.perm = perm;
	t.mode = mode;
	return rpc(c, &t, Rcreate);
}

int
xread(Conn *c, u32int fid, vlong off, u32int count)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tread;
	t.fid = fid;
	t.offset = off;
	t.count = count;
	return rpc(c, &t, Rread);
}

int
xwrite(Conn *c, u32int fid, vlong off, const void *data, u32int n)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Twrite;
	t.fid = fid;
	t.offset = off;
	t.count = n;
	t.data = (char*)data;
	return rpc(c, &t, Rwrite);
}

int
xclunk(Conn *c, u32int fid)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tclunk;
	t.fid = fid;
	return rpc(c, &t, Rclunk);
}

int
xremove(Conn *c, u32int fid)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tremove;
	t.fid = fid;
	return rpc(c, &t, Rremove);
}

static void
copystr(char *dst, uint n, const char *s)
{
	snprintf(dst, n, "%s", s ? s : "");
}

int
xstat(Conn *c, u32int fid, St *st)
{
	Fcall t;
	Dir d;
	int n;

	memset(&t, 0, sizeof t);
	t.type = Tstat;
	t.fid = fid;
	if((n = rpc(c, &t, Rstat)) != 0)
		return n;
	if(npstatcheck(c->r.stat, c->r.nstat) < 0
	|| npconvM2D(c->r.stat, c->r.nstat, &d) != c->r.nstat){
		snprintf(c->why, sizeof c->why, "Rstat with a malformed entry of %d bytes",
			c->r.nstat);
		return -1;
	}
	if(st != nil){
		memset(st, 0, sizeof *st);
		st->qid = d.qid;
		st->mode = d.mode;
		st->atime = d.atime;
		st->mtime = d.mtime;
		st->length = d.length;
		copystr(st->name, sizeof st->name, d.name);
		copystr(st->uid, sizeof st->uid, d.uid);
		copystr(st->gid, sizeof st->gid, d.gid);
		copystr(st->muid, sizeof st->muid, d.muid);
	}
	return 0;
}

void
nulldir(Dir *d)
{
	memset(d, 0xFF, sizeof *d);
	d->name = d->uid = d->gid = d->muid = "";
}

int
xwstat(Conn *c, u32int fid, Dir *d)
{
	uchar buf[1024];
	Fcall t;
	uint n;

	n = npconvD2M(d, buf, sizeof buf);
	if(n <= 2){
		snprintf(c->why, sizeof c->why, "suite bug: cannot encode Dir");
		return -1;
	}
	memset(&t, 0, sizeof t);
	t.type = Twstat;
	t.fid = fid;
	t.stat = buf;
	t.nstat = n;
	return rpc(c, &t, Rwstat);
}

int
xflush(Conn *c, ushort oldtag)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tflush;
	t.oldtag = oldtag;
	return rpc(c, &t, Rflush);
}

/*
 * After a malformed message: 0 if the server closed the connection or answered Rerror
 * (then more Rerrors may follow for a short while), -1 if it answered anything else,
 * -2 if it did neither within the timeout.
 */
int
waitclose(Conn *c, int *nerr)
{
	Fcall r;
	int n, ms;

	*nerr = 0;
	ms = opt.timeout;
	for(;;){
		n = recvmsg9p(c, &r, ms);
		if(n == -1)
			return 0;
		if(n == -2)
			return *nerr > 0 ? 0 : -2;
		if(n == -3)
			return -1;
		describe(c, &r);
		if(r.type != Rerror)
			return -1;
		(*nerr)++;
		ms = 200;
	}
}

Conn*
mountconn(uint msize)
{
	Conn *c;

	if((c = dialconn()) == nil)
		return nil;
	if(xversion(c, msize, VERSION9P) != 0){
		diag("Tversion %u: %s", msize, c->why);
		goto bad;
	}
	if(xattach(c, Froot, NOFID, opt.user, opt.aname) != 0){
		diag("Tattach as %s to \"%s\": %s", opt.user, opt.aname, c->why);
		goto bad;
	}
	return c;
bad:
	hangup(c);
	return nil;
}

/* a connection whose fid Fdir is a fresh directory for the case (fid Froot the root) */
Conn*
casemount(const char *name, uint msize)
{
	char path[256];
	Conn *c;

	if((c = mountconn(msize)) == nil)
		return nil;
	if(xwalk(c, Froot, Fdir, opt.top) != 0){
		diag("walk to %s: %s", opt.top, c->why);
		goto bad;
	}
	if(xcreate(c, Fdir, (char*)name, DMDIR|0777, OREAD) != 0){
		diag("create %s/%s: %s", opt.top, name, c->why);
		goto bad;
	}
	if(xclunk(c, Fdir) != 0){
		diag("clunk: %s", c->why);
		goto bad;
	}
	snprintf(path, sizeof path, "%s/%s", opt.top, name);
	if(xwalk(c, Froot, Fdir, path) != 0){
		diag("walk to %s: %s", path, c->why);
		goto bad;
	}
	return c;
bad:
	hangup(c);
	return nil;
}

/* create name in dir with perm holding data; fid Ftmp is used and clunked */
int
mkfile(Conn *c, u32int dir, char *name, u32int perm, const void *data, uint n)
{
	uint off, m, io;

	if(xwalk(c, dir, Ftmp, "") != 0){
		diag("clone for create %s: %s", name, c->why);
		return -1;
	}
	if(xcreate(c, Ftmp, name, perm, (perm&DMDIR) ? OREAD : ORDWR) != 0){
		diag("create %s perm %#o: %s", name, perm, c->why);
		xclunk(c, Ftmp);
		return -1;
	}
	io = c->msize - IOHDRSZ;
	for(off = 0; off < n; off += m){
		m = n-off < io ? n-off : io;
		if(xwrite(c, Ftmp, off, (const uchar*)data+off, m) != 0 || c->r.count != m){
			diag("write %s at %u: %s", name, off, c->why);
			xclunk(c, Ftmp);
			return -1;
		}
	}
	if(xclunk(c, Ftmp) != 0){
		diag("clunk %s: %s", name, c->why);
		return -1;
	}
	return 0;
}

/* the server still serves a new connection */
int
alive(void)
{
	Conn *c;
	int rv;

	if((c = mountconn(opt.msize)) == nil){
		diag("a fresh connection fails afterwards");
		return -1;
	}
	rv = 0;
	if(xstat(c, Froot, nil) != 0){
		diag("stat of the root on a fresh connection: %s", c->why);
		rv = -1;
	}
	hangup(c);
	return rv;
}
