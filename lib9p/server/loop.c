/*
 * loop.c: a lib9p server's life on its libuv loop: npsrvinit, npsrvrun, npsrvstop and the
 * shutdown, the wakeup for replies made on other threads, and the timer that interrupts
 * the queue workers of flushed requests.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

void
_npsetloopthread(Npsrvstate *st)
{
	pthread_t self;

	self = pthread_self();
	__atomic_store(&st->loopthread, &self, __ATOMIC_RELEASE);
}

/* The last of st's own handles closed: release everything and tell the server. */
static void
finalcb(uv_handle_t *h)
{
	Npsrvstate *st;
	Srv *srv;

	srv = h->data;
	st = srv->st;
	if(--st->nhandles > 0)
		return;
	_npbufpurge(st);
	_npfreereqs(st);
	pthread_mutex_destroy(&st->lk);
	srv->st = nil;
	free(st);
	if(srv->end != nil)
		srv->end(srv);
}

static void stopall(Npsrvstate *st);

/*
 * Once stopping and every connection and listener is gone, close st's own handles. A server
 * whose posted name was removed stops by itself once it has nothing left to serve.
 */
void
_npcheckdone(Npsrvstate *st)
{
	if(st->stopped == 0 && st->unposted && st->listeners == nil && st->conns == nil)
		stopall(st);
	if(st->stopped == 1 && st->conns == nil && st->listeners == nil){
		st->stopped = 2;
		uv_close((uv_handle_t*)&st->intrtimer, finalcb);
		uv_close((uv_handle_t*)&st->async, finalcb);
	}
}

static void
stopall(Npsrvstate *st)
{
	Nplistener *l, *lnext;
	Sconn *c, *next;

	st->stopped = 1;
	for(l = st->listeners; l != nil; l = lnext){
		lnext = l->next;
		_npcloselistener(l, 0);
	}
	for(c = st->conns; c != nil; c = next){
		next = c->next;
		c->ref++;
		_npcloseconn(c);
		next = c->next;
		_npputconn(c);
	}
	_npcheckdone(st);
}

static void
asynccb(uv_async_t *a)
{
	Srv *srv;
	Npsrvstate *st;

	srv = a->data;
	st = srv->st;
	_npdrain(st);
	if(__atomic_load_n(&st->stopping, __ATOMIC_ACQUIRE) && st->stopped == 0)
		stopall(st);
}

/* Interrupt again the workers still running flushed requests; forget those answered. */
static void
intrcb(uv_timer_t *t)
{
	Npsrvstate *st;
	Sreq *r, **l;

	st = ((Srv*)t->data)->st;
	for(l = &st->intr; (r = *l) != nil; ){
		if(__atomic_load_n(&r->responded, __ATOMIC_ACQUIRE) || r->q == nil
		|| !_npqueuekill(r->q, r)){
			*l = r->intrnext;
			r->intrnext = nil;
			_npputreq(r);
		}else
			l = &r->intrnext;
	}
	if(st->intr == nil)
		uv_timer_stop(t);
}

/*
 * r's worker was interrupted: keep interrupting it every Intrms until r responds, in case
 * the signal came just before the worker entered the call that blocks. On the loop only.
 */
void
_npinterrupt(Sreq *r)
{
	Npsrvstate *st;

	st = r->pub.srv->st;
	if(st == nil || !_nponloop(st) || st->stopped == 2)
		return;
	r->ref++;
	r->intrnext = st->intr;
	st->intr = r;
	if(!uv_is_active((uv_handle_t*)&st->intrtimer))
		uv_timer_start(&st->intrtimer, intrcb, Intrms, Intrms);
}

/*
 * A closed standard input, output or error would be where the loop's and the listeners'
 * descriptors land, and npsrvbackground puts /dev/null there: open /dev/null there first.
 * open returns the lowest free descriptor, which is the one being filled.
 */
static void
fillstdfds(void)
{
	int fd;

	for(fd = 0; fd < 3; fd++)
		if(fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		   open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
			return;
}

int
npsrvinit(Srv *srv, struct uv_loop_s *loop)
{
	Npsrvstate *st;
	int e;

	fillstdfds();
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
			return _npuverr("uv_loop_init", e);
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
		return _npuverr("uv_async_init", e);
	}
	uv_timer_init(loop, &st->intrtimer);
	st->async.data = srv;
	st->intrtimer.data = srv;
	st->nhandles = 2;
	_npsetloopthread(st);
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
	_npsetloopthread(srv->st);
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
