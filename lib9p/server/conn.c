/*
 * conn.c: one client connection of a lib9p server: reading and splitting messages, the
 * bound on what a connection may hold, writing replies, closing, and who the peer is.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

typedef struct Swrite Swrite;
struct Swrite {
	uv_write_t w;
	Sconn *c;
	int n;
	Outbuf out[];
};

int
_npuverr(const char *what, int e)
{
	p9werrstr("%s: %s", what, uv_strerror(e));
	return -1;
}

Sconn*
_npnewconn(Srv *srv)
{
	Sconn *c;
	Npsrvstate *st;

	if((c = calloc(1, sizeof *c)) == nil)
		return nil;
	st = srv->st;
	c->srv = srv;
	c->pub.srv = srv;
	c->pub.addr = c->addr;
	c->pub.pid = c->pub.uid = c->pub.gid = -1;
	c->msize = st->maxmsize;
	c->fids = c->fids0;
	c->nfidbuck = Nhash;
	c->ref = 1;
	c->next = st->conns;
	if(st->conns != nil)
		st->conns->prev = c;
	st->conns = c;
	return c;
}

/* Drop a reference; the last one ends the connection for the server and frees it. */
void
_npputconn(Sconn *c)
{
	Npsrvstate *st;
	Srv *srv;

	if(--c->ref > 0)
		return;
	srv = c->srv;
	st = srv->st;
	if(c->prev != nil)
		c->prev->next = c->next;
	else
		st->conns = c->next;
	if(c->next != nil)
		c->next->prev = c->prev;
	if(c->started && srv->connend != nil)
		srv->connend(&c->pub);
	_npconnfree(c, c->rbuf);
	free(c->outq);
	if(c->fids != c->fids0)
		free(c->fids);
	free(c);
	_npcheckdone(st);
}

int
npsrvnconn(Srv *srv)
{
	Sconn *c;
	int n;

	n = 0;
	if(srv->st != nil)
		for(c = srv->st->conns; c != nil; c = c->next)
			if(!c->dead)
				n++;
	return n;
}

/* The bytes o held have been written or are dropped. */
static void
outdone(Sconn *c, Outbuf *o)
{
	if(o->owner != nil)
		_npputreq(o->owner);
	else
		_npconnfree(c, o->base);
}

static void
connclosecb(uv_handle_t *h)
{
	_npputconn(h->data);
}

/*
 * Close c: nothing more is read or sent; every request in flight is abandoned (see
 * _npabort) and every fid clunked. c goes once the last request has ended.
 */
void
_npcloseconn(Sconn *c)
{
	Sreq *v;
	int i;

	if(c->dead)
		return;
	c->dead = 1;
	c->ref++;
	if(c->ins != nil){
		uv_read_stop(c->ins);
		c->reading = 0;
		uv_close(&c->in.h, connclosecb);
	}
	if(c->outs != nil && c->outs != c->ins)
		uv_close(&c->out.h, connclosecb);
	for(i = 0; i < c->nout; i++)
		outdone(c, &c->outq[i]);
	c->nout = 0;
	if((v = c->version) != nil){
		c->version = nil;
		v->aborted = 1;
		nprespond(&v->pub, "connection closed");
	}
	_npabortall(c);
	_npclunkall(c);
	_npconnfree(c, c->rbuf);
	c->rbuf = nil;
	c->rlen = c->rcap = 0;
	_npputconn(c);
}

/*
 * The bound on a connection: while its requests and replies hold more than Chargemin bytes
 * (or Chargemsizes messages of its msize) or it has Reqmax requests in flight, nothing more
 * is read from it; it is read again once it is under half of both. So a client that sends
 * requests without reading the replies costs the server a bounded amount of memory.
 */
static int
mayrun(Sconn *c)
{
	vlong charge, max;

	charge = __atomic_load_n(&c->charge, __ATOMIC_RELAXED);
	max = (vlong)c->msize * Chargemsizes;
	if(max < Chargemin)
		max = Chargemin;
	if(c->held){
		if(charge < max/2 && c->ninflight < Reqmax/2)
			c->held = 0;
	}else if(charge > max || c->ninflight >= Reqmax)
		c->held = 1;
	return !c->dead && !c->held && c->version == nil;
}

static void alloccb(uv_handle_t *h, size_t hint, uv_buf_t *b);
static void readcb(uv_stream_t *s, ssize_t n, const uv_buf_t *b);

/* Read from c exactly when it may go on. */
static void
setreading(Sconn *c)
{
	int want;

	want = !c->eof && mayrun(c);
	if(want && !c->reading){
		if(uv_read_start(c->ins, alloccb, readcb) < 0){
			_npcloseconn(c);
			return;
		}
		c->reading = 1;
	}else if(!want && c->reading && !c->dead){
		uv_read_stop(c->ins);
		c->reading = 0;
	}
}

/* After end of file from the client, close once every request is answered and written. */
static void
drained(Sconn *c)
{
	if(c->eof && !c->dead && c->ninflight == 0 && c->version == nil && c->nout == 0
	&& c->nwriting == 0)
		_npcloseconn(c);
}

/* 1 if c's read buffer starts with a whole message. */
static int
haswhole(Sconn *c)
{
	return c->rlen >= 4 && c->rlen >= g32(c->rbuf);
}

/*
 * Handle the whole messages in c's read buffer, as long as c may go on. Sending the replies
 * at the end may bring c back under its bound: then go on with what is left.
 */
static void
conninput(Sconn *c)
{
	uint off;
	u32int sz, max;
	uchar *p;

	c->ref++;
again:
	c->inbatch++;
	off = 0;
	while(c->rlen - off >= 4 && mayrun(c)){
		sz = g32(c->rbuf + off);
		max = c->versioned ? c->msize : c->srv->st->maxmsize;
		if(sz < 7 || sz > max){
			_npcloseconn(c);
			break;
		}
		if(c->rlen - off < sz)
			break;
		if(off == 0 && sz == c->rlen && sz > Rbufmin){
			/* a large message alone in its buffer (alloccb): the request takes it */
			p = c->rbuf;
			c->rbuf = nil;
			c->rlen = c->rcap = 0;
			_npdispatch(c, p, sz, 1);
			break;
		}
		_npdispatch(c, c->rbuf + off, sz, 0);
		off += sz;
	}
	if(!c->dead && c->rbuf != nil){
		memmove(c->rbuf, c->rbuf + off, c->rlen - off);
		c->rlen -= off;
		if(c->rlen == 0 && c->rcap > Rbufmin){
			_npconnfree(c, c->rbuf);
			c->rbuf = nil;
			c->rcap = 0;
		}
	}
	if(--c->inbatch == 0){
		_npoutflush(c);
		if(!c->dead && haswhole(c) && mayrun(c))
			goto again;
	}
	if(!c->dead)
		setreading(c);
	drained(c);
	_npputconn(c);
}

/* Something c waited for may have happened: a request ended, a reply went out. */
void
_npkick(Sconn *c)
{
	if(c->dead || c->inbatch)
		return;
	if(haswhole(c) && mayrun(c))
		conninput(c);
	else{
		setreading(c);
		drained(c);
	}
}

/*
 * Small messages are read Rbufmin bytes at a time. A large one, once its size is known,
 * moves to a buffer of its own, is read up to its end and no further, and is then handed
 * to its request as it is (conninput), so its bytes are never copied.
 */
static void
alloccb(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
	Sconn *c;
	uint need, end;
	u32int sz;
	uchar *p;

	c = h->data;
	need = end = Rbufmin;
	if(c->rlen >= 4){
		sz = g32(c->rbuf);
		if(sz > Rbufmin && sz <= c->srv->st->maxmsize)
			need = end = sz;
	}
	if(c->rcap < need){
		if((p = _npconnalloc(c, need)) == nil){
			*b = uv_buf_init(nil, 0);
			return;
		}
		if(c->rlen > 0)
			memmove(p, c->rbuf, c->rlen);
		_npconnfree(c, c->rbuf);
		c->rbuf = p;
		c->rcap = _npbufcap(p);
	}
	if(end < c->rlen + 1 || end > c->rcap)
		end = c->rcap;
	*b = uv_buf_init((char*)c->rbuf + c->rlen, end - c->rlen);
}

/*
 * 1 if nothing written to c can reach the client any more: a Unix socket whose peer has
 * closed (not just shut down its writing side), or a pipe whose reader has gone. (A TCP
 * peer's close looks like a shutdown until a write fails.)
 */
static int
peergone(Sconn *c)
{
	struct pollfd pfd;
	uv_os_fd_t fd;

	if(uv_fileno((uv_handle_t*)c->outs, &fd) != 0)
		return 0;
	pfd.fd = fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLHUP|POLLERR));
}

/*
 * End of file: the client sends no more. If it can still read, requests in progress are
 * answered and then the connection closes (drained); if it has gone, it closes now, which
 * abandons the requests the server holds.
 */
static void
readcb(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	Sconn *c;

	c = s->data;
	_npsetloopthread(c->srv->st);
	if(n == UV_EOF && c->rlen == 0){
		c->eof = 1;
		if(peergone(c)){
			_npcloseconn(c);
			return;
		}
		setreading(c);
		drained(c);
		return;
	}
	if(n < 0){
		_npcloseconn(c);
		return;
	}
	c->rlen += n;
	conninput(c);
}

static void
writecb(uv_write_t *w, int status)
{
	Swrite *sw;
	Sconn *c;
	int i;

	sw = (Swrite*)w;
	c = sw->c;
	c->nwriting--;
	for(i = 0; i < sw->n; i++)
		outdone(c, &sw->out[i]);
	free(sw);
	if(status < 0)
		_npcloseconn(c);
	else
		_npkick(c);
	_npputconn(c);
}

/* Queue the first n replies of c->out with uv_write; -1 if it failed. */
static int
writeout(Sconn *c, int n)
{
	uv_buf_t b[Maxiov];
	Swrite *sw;
	int i;

	if((sw = malloc(sizeof *sw + n * sizeof sw->out[0])) == nil)
		return -1;
	sw->c = c;
	sw->n = n;
	for(i = 0; i < n; i++){
		sw->out[i] = c->outq[i];
		b[i] = uv_buf_init((char*)c->outq[i].p, c->outq[i].n);
	}
	c->nout -= n;
	memmove(c->outq, c->outq + n, c->nout * sizeof c->outq[0]);
	if(uv_write(&sw->w, c->outs, b, n, writecb) < 0){
		for(i = 0; i < n; i++)
			outdone(c, &sw->out[i]);
		free(sw);
		return -1;
	}
	c->nwriting++;
	c->ref++;
	return 0;
}

/*
 * Send c's pending replies: straight to the kernel with one writev when nothing is queued
 * in libuv (no write request, no callback, no change to what the loop polls for), and
 * through uv_write for what the kernel does not take at once.
 */
void
_npoutflush(Sconn *c)
{
	uv_buf_t b[Maxiov];
	ssize_t w;
	int i, n;

	while(c->nout > 0 && !c->dead){
		n = c->nout < Maxiov ? c->nout : Maxiov;
		if(c->nwriting == 0){
			for(i = 0; i < n; i++)
				b[i] = uv_buf_init((char*)c->outq[i].p, c->outq[i].n);
			w = uv_try_write(c->outs, b, n);
			if(w == UV_EAGAIN || w == UV_ENOSYS)
				w = 0;
			else if(w < 0){
				_npcloseconn(c);
				return;
			}
			for(i = 0; i < n && (size_t)w >= c->outq[i].n; i++){
				w -= c->outq[i].n;
				outdone(c, &c->outq[i]);
			}
			if(i < n){
				c->outq[i].p += w;
				c->outq[i].n -= w;
			}
			c->nout -= i;
			memmove(c->outq, c->outq + i, c->nout * sizeof c->outq[0]);
			if(i == n)
				continue;
			n = c->nout < Maxiov ? c->nout : Maxiov;
		}
		if(writeout(c, n) < 0){
			_npcloseconn(c);
			return;
		}
	}
}

/*
 * Queue n bytes at p to be sent on c: in base, from _npconnalloc, which is freed once they
 * are sent, or in the request owner, whose reference is then dropped.
 */
void
_npsend(Sconn *c, uchar *base, Sreq *owner, uchar *p, uint n)
{
	Outbuf *o, b;
	int a;

	b.base = base;
	b.owner = owner;
	if(c->dead){
		outdone(c, &b);
		return;
	}
	if(c->nout == c->aout){
		a = c->aout ? 2*c->aout : 16;
		if((o = realloc(c->outq, a * sizeof o[0])) == nil){
			outdone(c, &b);
			_npcloseconn(c);
			return;
		}
		c->outq = o;
		c->aout = a;
	}
	c->outq[c->nout].base = base;
	c->outq[c->nout].owner = owner;
	c->outq[c->nout].p = p;
	c->outq[c->nout].n = n;
	c->nout++;
	if(!c->inbatch)
		_npoutflush(c);
}

/*
 * Wrap fd in h, a handle of c, as a TCP socket or a pipe (Unix sockets, pipes, ttys).
 * The handle holds a reference to c from its init to its close callback.
 */
int
_npopenhandle(Sconn *c, Nphandle *h, int fd)
{
	uv_loop_t *loop;
	char what[32];
	int e, tcp;

	loop = c->srv->st->loop;
	p9snprint(what, sizeof what, "fd %d", fd);
	if((tcp = _npstreamkind(fd, what)) < 0)
		return -1;
	e = tcp ? uv_tcp_init(loop, &h->t) : uv_pipe_init(loop, &h->p, 0);
	if(e < 0)
		return _npuverr("uv_init", e);
	h->h.data = c;
	c->ref++;
	e = tcp ? uv_tcp_open(&h->t, fd) : uv_pipe_open(&h->p, fd);
	if(e < 0){
		uv_close(&h->h, connclosecb);
		return _npuverr("uv_open", e);
	}
	if(tcp)
		uv_tcp_nodelay(&h->t, 1);
	return 0;
}

/* Learn who is at the other end of the socket fd (see Npconn). */
void
_nppeer(Sconn *c, int fd)
{
	struct sockaddr_storage ss;
	struct sockaddr_un *un;
	struct ucred cr;
	socklen_t n;
	char host[INET6_ADDRSTRLEN];
	int port;

	n = sizeof ss;
	memset(&ss, 0, sizeof ss);
	if(getpeername(fd, (struct sockaddr*)&ss, &n) < 0){
		p9snprint(c->addr, sizeof c->addr, "fd!%d", fd);
		return;
	}
	switch(ss.ss_family){
	case AF_UNIX:
		un = (struct sockaddr_un*)&ss;
		if(n > offsetof(struct sockaddr_un, sun_path) && un->sun_path[0] != 0)
			p9snprint(c->addr, sizeof c->addr, "unix!%.*s",
				(int)(n - offsetof(struct sockaddr_un, sun_path)), un->sun_path);
		else
			p9snprint(c->addr, sizeof c->addr, "unix!");
		n = sizeof cr;
		if(getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &n) == 0 && n == sizeof cr){
			c->pub.pid = cr.pid;
			c->pub.uid = cr.uid;
			c->pub.gid = cr.gid;
		}
		return;
	case AF_INET:
		inet_ntop(AF_INET, &((struct sockaddr_in*)&ss)->sin_addr, host, sizeof host);
		port = ntohs(((struct sockaddr_in*)&ss)->sin_port);
		break;
	case AF_INET6:
		inet_ntop(AF_INET6, &((struct sockaddr_in6*)&ss)->sin6_addr, host, sizeof host);
		port = ntohs(((struct sockaddr_in6*)&ss)->sin6_port);
		break;
	default:
		p9snprint(c->addr, sizeof c->addr, "fd!%d", fd);
		return;
	}
	p9snprint(c->addr, sizeof c->addr, "tcp!%s!%d", host, port);
}

/* Offer c to the server's connstart and start reading it. */
int
_npstartconn(Sconn *c)
{
	Srv *srv;

	srv = c->srv;
	c->ins->data = c;
	if(c->outs != c->ins)
		c->outs->data = c;
	if(srv->connstart != nil && srv->connstart(&c->pub) < 0){
		_npcloseconn(c);
		p9werrstr("connection refused by the server");
		return -1;
	}
	c->started = 1;
	setreading(c);
	if(c->dead){
		p9werrstr("cannot read the connection");
		return -1;
	}
	return 0;
}

int
npsrvserve(Srv *srv, int infd, int outfd)
{
	Sconn *c;
	Npsrvstate *st;
	int r;

	if((st = srv->st) == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	if((c = _npnewconn(srv)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	if(_npopenhandle(c, &c->in, infd) < 0){
		c->dead = 1;
		_npputconn(c);
		return -1;
	}
	c->ins = &c->in.s;
	if(outfd == infd)
		c->outs = c->ins;
	else if(_npopenhandle(c, &c->out, outfd) < 0){
		_npcloseconn(c);
		_npputconn(c);
		return -1;
	}else
		c->outs = &c->out.s;
	_nppeer(c, infd);
	r = _npstartconn(c);
	_npputconn(c);
	return r;
}

int
npsrvpipe(Srv *srv)
{
	int fd[2];

	if(socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, fd) < 0)
		return p9oserror(errno);
	if(npsrvserve(srv, fd[0], fd[0]) < 0){
		close(fd[1]);
		return -1;
	}
	return fd[1];
}
