/* listen.c: lib9p server transports: connections, listeners, posting, the loop and shutdown. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

static void
setloopthread(Npsrvstate *st)
{
	pthread_t self;

	self = pthread_self();
	__atomic_store(&st->loopthread, &self, __ATOMIC_RELEASE);
}

static int
uverr(const char *what, int e)
{
	p9werrstr("%s: %s", what, uv_strerror(e));
	return -1;
}

static void
finalcb(uv_handle_t *h)
{
	Npsrvstate *st;
	Srv *srv;

	srv = h->data;
	st = srv->st;
	np_bufpurge(st);
	pthread_mutex_destroy(&st->lk);
	srv->st = nil;
	free(st);
	if(srv->end != nil)
		srv->end(srv);
}

/* Once stopping and every connection and listener is gone, close the async handle last. */
static void
checkdone(Npsrvstate *st)
{
	if(st->stopped == 1 && st->conns == nil && st->listeners == nil){
		st->stopped = 2;
		uv_close((uv_handle_t*)&st->async, finalcb);
	}
}

static void
listenerclosecb(uv_handle_t *h)
{
	Nplistener *l, **ll;
	Npsrvstate *st;

	l = h->data;
	st = l->srv->st;
	for(ll = &st->listeners; *ll != nil; ll = &(*ll)->next)
		if(*ll == l){
			*ll = l->next;
			break;
		}
	if(l->path != nil){
		unlink(l->path);
		free(l->path);
	}
	free(l);
	checkdone(st);
}

static void
stopall(Npsrvstate *st)
{
	Nplistener *l;
	Npconn *c, *next;

	st->stopped = 1;
	for(l = st->listeners; l != nil; l = l->next)
		if(!uv_is_closing(&l->h.h))
			uv_close(&l->h.h, listenerclosecb);
	for(c = st->conns; c != nil; c = next){
		next = c->next;
		np_closeconn(c);
	}
	checkdone(st);
}

static void
asynccb(uv_async_t *a)
{
	Srv *srv;
	Npsrvstate *st;

	srv = a->data;
	st = srv->st;
	np_drain(st);
	if(__atomic_load_n(&st->stopping, __ATOMIC_ACQUIRE) && st->stopped == 0)
		stopall(st);
}

int
npsrvinit(Srv *srv, struct uv_loop_s *loop)
{
	Npsrvstate *st;
	int e;

	if((st = calloc(1, sizeof *st)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	if(loop == nil){
		if((loop = malloc(sizeof *loop)) == nil){
			free(st);
			p9werrstr("out of memory");
			return -1;
		}
		if((e = uv_loop_init(loop)) < 0){
			free(loop);
			free(st);
			return uverr("uv_loop_init", e);
		}
		st->ownsloop = 1;
	}
	st->loop = loop;
	st->maxmsize = srv->msize;
	if(st->maxmsize == 0)
		st->maxmsize = NP_DEFMSIZE;
	if(st->maxmsize > NP_MAXMSIZE)
		st->maxmsize = NP_MAXMSIZE;
	if(st->maxmsize < NP_MINMSIZE)
		st->maxmsize = NP_MINMSIZE;
	st->donetail = &st->done;
	pthread_mutex_init(&st->lk, nil);
	if((e = uv_async_init(loop, &st->async, asynccb)) < 0){
		pthread_mutex_destroy(&st->lk);
		if(st->ownsloop){
			uv_loop_close(loop);
			free(loop);
		}
		free(st);
		return uverr("uv_async_init", e);
	}
	st->async.data = srv;
	setloopthread(st);
	if(srv->tracefd > 0)
		p9fmtinstall('F', npfcallfmt);
	srv->st = st;
	return 0;
}

struct uv_loop_s*
npsrvloop(Srv *srv)
{
	return srv->st != nil ? srv->st->loop : nil;
}

int
npsrvrun(Srv *srv)
{
	uv_loop_t *loop;
	int own;

	if(srv->st == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	loop = srv->st->loop;
	own = srv->st->ownsloop;
	setloopthread(srv->st);
	uv_run(loop, UV_RUN_DEFAULT);
	if(own){
		uv_loop_close(loop);
		free(loop);
	}
	return 0;
}

void
npsrvstop(Srv *srv)
{
	Npsrvstate *st;

	if((st = srv->st) == nil)
		return;
	__atomic_store_n(&st->stopping, 1, __ATOMIC_RELEASE);
	uv_async_send(&st->async);
}

Npconn*
np_newconn(Srv *srv)
{
	Npconn *c;
	Npsrvstate *st;

	if((c = calloc(1, sizeof *c)) == nil)
		return nil;
	st = srv->st;
	c->srv = srv;
	c->msize = st->maxmsize;
	c->ref = 1;
	c->next = st->conns;
	if(st->conns != nil)
		st->conns->prev = c;
	st->conns = c;
	return c;
}

void
np_putconn(Npconn *c)
{
	Npsrvstate *st;

	if(--c->ref > 0)
		return;
	st = c->srv->st;
	if(c->prev != nil)
		c->prev->next = c->next;
	else
		st->conns = c->next;
	if(c->next != nil)
		c->next->prev = c->prev;
	np_buffree(st, c->rbuf);
	free(c);
	checkdone(st);
}

static void
connclosecb(uv_handle_t *h)
{
	np_putconn(h->data);
}

static int
liveconns(Npsrvstate *st)
{
	Npconn *c;
	int n;

	n = 0;
	for(c = st->conns; c != nil; c = c->next)
		if(!c->dead)
			n++;
	return n;
}

void
np_closeconn(Npconn *c)
{
	if(c->dead)
		return;
	c->dead = 1;
	if(c->srv->connend != nil)
		c->srv->connend(c->srv, liveconns(c->srv->st));
	c->ref++;
	if(c->ins != nil){
		uv_read_stop(c->ins);
		uv_close(&c->in.h, connclosecb);
	}
	if(c->outs != nil && c->outs != c->ins)
		uv_close(&c->out.h, connclosecb);
	np_abortall(c);
	np_clunkall(c);
	np_buffree(c->srv->st, c->rbuf);
	c->rbuf = nil;
	c->rlen = c->rcap = 0;
	np_putconn(c);
}

static void readcb(uv_stream_t *s, ssize_t n, const uv_buf_t *b);

/* After end of file from the client, close once every request is answered and written. */
void
np_drained(Npconn *c)
{
	if(c->eof && !c->dead && c->ninflight == 0 && c->nwrites == 0)
		np_closeconn(c);
}

/*
 * Small messages are read Rbufmin bytes at a time. A large one, once its size is known,
 * moves to a buffer of its own, is read up to its end and no further, and is then handed
 * to its request as it is (np_conninput), so its bytes are never copied.
 */
static void
alloccb(uv_handle_t *h, size_t hint, uv_buf_t *b)
{
	Npconn *c;
	Npsrvstate *st;
	uint need, end;
	u32int sz;
	uchar *p;

	c = h->data;
	st = c->srv->st;
	need = end = Rbufmin;
	if(c->rlen >= 4){
		sz = GBIT32(c->rbuf);
		if(sz > Rbufmin && sz <= st->maxmsize)
			need = end = sz;
	}
	if(c->rcap < need){
		if((p = np_bufalloc(st, need)) == nil){
			*b = uv_buf_init(nil, 0);
			return;
		}
		if(c->rlen > 0)
			memmove(p, c->rbuf, c->rlen);
		np_buffree(st, c->rbuf);
		c->rbuf = p;
		c->rcap = np_bufcap(p);
	}
	if(end < c->rlen + 1 || end > c->rcap)
		end = c->rcap;
	*b = uv_buf_init((char*)c->rbuf + c->rlen, end - c->rlen);
}

/*
 * A client that sends requests but does not read the replies is not read from while
 * too many reply bytes wait to be sent; called after reading and after each write.
 */
void
np_throttle(Npconn *c)
{
	size_t q;

	if(c->dead)
		return;
	q = uv_stream_get_write_queue_size(c->outs);
	if(!c->throttled && q > Wqhigh){
		uv_read_stop(c->ins);
		c->throttled = 1;
	}else if(c->throttled && q < Wqlow && !c->eof){
		c->throttled = 0;
		if(uv_read_start(c->ins, alloccb, readcb) < 0)
			np_closeconn(c);
	}
}

static void
readcb(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	Npconn *c;

	c = s->data;
	setloopthread(c->srv->st);
	if(n == UV_EOF && c->rlen == 0){
		c->eof = 1;
		uv_read_stop(c->ins);
		np_drained(c);
		return;
	}
	if(n < 0){
		np_closeconn(c);
		return;
	}
	c->rlen += n;
	np_conninput(c);
	np_throttle(c);
}

/*
 * Wrap fd in h, a handle of c, as a TCP socket or a pipe (Unix sockets, pipes, ttys).
 * The handle holds a reference to c from its init to its close callback.
 */
static int
openhandle(Npconn *c, Nphandle *h, int fd)
{
	uv_loop_t *loop;
	int e, tcp;

	loop = c->srv->st->loop;
	switch(uv_guess_handle(fd)){
	case UV_TCP:
	case UV_NAMED_PIPE:
	case UV_TTY:
	case UV_UDP:
		break;
	default:
		/* libuv cannot poll files and devices */
		p9werrstr("fd %d: not a pipe or socket", fd);
		return -1;
	}
	tcp = uv_guess_handle(fd) == UV_TCP;
	e = tcp ? uv_tcp_init(loop, &h->t) : uv_pipe_init(loop, &h->p, 0);
	if(e < 0)
		return uverr("uv_init", e);
	h->h.data = c;
	c->ref++;
	e = tcp ? uv_tcp_open(&h->t, fd) : uv_pipe_open(&h->p, fd);
	if(e < 0){
		uv_close(&h->h, connclosecb);
		return uverr("uv_open", e);
	}
	if(tcp)
		uv_tcp_nodelay(&h->t, 1);
	return 0;
}

static int
startconn(Npconn *c)
{
	int e;

	c->ins->data = c;
	if(c->outs != c->ins)
		c->outs->data = c;
	if((e = uv_read_start(c->ins, alloccb, readcb)) < 0){
		np_closeconn(c);
		return uverr("uv_read_start", e);
	}
	return 0;
}

int
npsrvserve(Srv *srv, int infd, int outfd)
{
	Npconn *c;
	Npsrvstate *st;

	if((st = srv->st) == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	if((c = np_newconn(srv)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	if(openhandle(c, &c->in, infd) < 0){
		c->dead = 1;
		np_putconn(c);
		return -1;
	}
	c->ins = &c->in.s;
	if(outfd == infd)
		c->outs = c->ins;
	else if(openhandle(c, &c->out, outfd) < 0){
		np_closeconn(c);
		np_putconn(c);
		return -1;
	}else
		c->outs = &c->out.s;
	if(startconn(c) < 0){
		np_putconn(c);
		return -1;
	}
	np_putconn(c);
	return 0;
}

int
npsrvpipe(Srv *srv)
{
	int fd[2];

	if(socketpair(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0, fd) < 0)
		return p9oserror(errno);
	if(npsrvserve(srv, fd[0], fd[0]) < 0){
		close(fd[0]);
		close(fd[1]);
		return -1;
	}
	return fd[1];
}

static void
connectioncb(uv_stream_t *s, int status)
{
	Nplistener *l;
	Npconn *c;
	int e;

	l = s->data;
	setloopthread(l->srv->st);
	if(status < 0 || (c = np_newconn(l->srv)) == nil)
		return;
	if(l->h.h.type == UV_TCP)
		e = uv_tcp_init(l->srv->st->loop, &c->in.t);
	else
		e = uv_pipe_init(l->srv->st->loop, &c->in.p, 0);
	if(e < 0){
		c->dead = 1;
		np_putconn(c);
		return;
	}
	c->ins = c->outs = &c->in.s;
	c->in.h.data = c;
	c->ref++;
	if(uv_accept(s, c->ins) < 0){
		np_closeconn(c);
		np_putconn(c);
		return;
	}
	if(l->h.h.type == UV_TCP)
		uv_tcp_nodelay(&c->in.t, 1);
	startconn(c);
	np_putconn(c);
}

/* The name of a listening socket in dial syntax. */
static void
sockname(int fd, char *buf, int nbuf)
{
	struct sockaddr_storage ss;
	socklen_t n;
	char host[INET6_ADDRSTRLEN];

	n = sizeof ss;
	memset(&ss, 0, sizeof ss);
	if(getsockname(fd, (struct sockaddr*)&ss, &n) < 0){
		p9snprint(buf, nbuf, "unknown");
		return;
	}
	switch(ss.ss_family){
	case AF_INET:
		inet_ntop(AF_INET, &((struct sockaddr_in*)&ss)->sin_addr, host, sizeof host);
		p9snprint(buf, nbuf, "tcp!%s!%d", host,
			ntohs(((struct sockaddr_in*)&ss)->sin_port));
		break;
	case AF_INET6:
		inet_ntop(AF_INET6, &((struct sockaddr_in6*)&ss)->sin6_addr, host, sizeof host);
		p9snprint(buf, nbuf, "tcp!%s!%d", host,
			ntohs(((struct sockaddr_in6*)&ss)->sin6_port));
		break;
	case AF_UNIX:
		p9snprint(buf, nbuf, "unix!%s", ((struct sockaddr_un*)&ss)->sun_path);
		break;
	default:
		p9snprint(buf, nbuf, "unknown");
	}
}

static int
listenfd(Srv *srv, int fd, const char *path, char *actual, int nactual)
{
	Nplistener *l;
	Npsrvstate *st;
	struct sockaddr_storage ss;
	socklen_t n;
	int e, isunix;

	st = srv->st;
	if((l = calloc(1, sizeof *l)) == nil){
		close(fd);
		p9werrstr("out of memory");
		return -1;
	}
	l->srv = srv;
	n = sizeof ss;
	memset(&ss, 0, sizeof ss);
	getsockname(fd, (struct sockaddr*)&ss, &n);
	isunix = ss.ss_family == AF_UNIX;
	e = isunix ? uv_pipe_init(st->loop, &l->h.p, 0) : uv_tcp_init(st->loop, &l->h.t);
	if(e < 0){
		close(fd);
		free(l);
		return uverr("listen", e);
	}
	l->h.h.data = l;
	e = isunix ? uv_pipe_open(&l->h.p, fd) : uv_tcp_open(&l->h.t, fd);
	if(e < 0)
		close(fd);
	else{
		if(actual != nil && nactual > 0)
			sockname(fd, actual, nactual);
		e = uv_listen(&l->h.s, 128, connectioncb);
	}
	if(e < 0){
		uv_close(&l->h.h, listenerclosecb);
		return uverr("listen", e);
	}
	if(path == nil && isunix && ((struct sockaddr_un*)&ss)->sun_path[0] != 0)
		path = ((struct sockaddr_un*)&ss)->sun_path;
	if(path != nil)
		l->path = strdup(path);
	l->next = st->listeners;
	st->listeners = l;
	return 0;
}

int
npsrvlisten(Srv *srv, const char *addr, char *actual, int nactual)
{
	char adir[NETPATHLEN];
	int fd;

	if(srv->st == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	if((fd = p9announce(addr, adir)) < 0)	/* its error names the address */
		return -1;
	return listenfd(srv, fd, nil, actual, nactual);
}

/* 1 if a server answers on the Unix socket path. */
static int
alive(const char *path)
{
	struct sockaddr_un sa;
	int fd, r;

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if(strlen(path) >= sizeof sa.sun_path)
		return 0;
	strcpy(sa.sun_path, path);
	if((fd = socket(AF_UNIX, SOCK_STREAM|SOCK_CLOEXEC, 0)) < 0)
		return 0;
	r = connect(fd, (struct sockaddr*)&sa, sizeof sa) == 0;
	close(fd);
	return r;
}

int
npsrvpost(Srv *srv, const char *name)
{
	char dir[512], path[600], addr[620], adir[NETPATHLEN];
	struct stat sb;
	int fd;

	if(srv->st == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	if(name[0] == 0 || strchr(name, '/') != nil){
		p9werrstr("bad service name %s", name);
		return -1;
	}
	if(p9srvdir(dir, sizeof dir) == nil)
		return -1;
	p9snprint(path, sizeof path, "%s/%s", dir, name);
	if(lstat(path, &sb) == 0){
		if(!S_ISSOCK(sb.st_mode)){
			p9werrstr("post %s: %s exists and is not a socket", name, path);
			return -1;
		}
		if(alive(path)){
			p9werrstr("post %s: service already posted", name);
			return -1;
		}
		unlink(path);
	}
	p9snprint(addr, sizeof addr, "unix!%s", path);
	if((fd = p9announce(addr, adir)) < 0){
		p9werrstr("post %s: %r", name);
		return -1;
	}
	return listenfd(srv, fd, path, nil, 0);
}
