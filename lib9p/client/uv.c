/*
 * uv.c: the Looped transport: a libuv loop reads the connection (uv_read) and writes it
 * (uv_write, queued by libuv while the socket is full), so nothing on the loop's thread
 * ever waits for the server. Other threads hand their calls over through a uv_async
 * handle; one timer keeps the deadlines. Completions run at the end of each of our
 * callbacks, on the loop's thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fsimpl.h"


int
_npfsonloop(NpCFsys *fs)
{
	return fs->mode == Looped && pthread_equal(pthread_self(), fs->uv.thread);
}

/* With fs->lk held: make sure the loop runs the queues soon. */
void
_npfsuvkick(NpCFsys *fs)
{
	if(fs->mode != Looped || fs->uv.freeing)
		return;
	if(fs->uv.inside && _npfsonloop(fs))
		return;		/* the callback we are in runs them at its end */
	uv_async_send(&fs->uv.kick);
}

/*
 * The end of each of our callbacks: send what waits, run the completions, keep the loop
 * alive while anyone waits for a reply, and tell the hangup callback.
 */
static void
after(NpCFsys *fs)
{
	int busy;

	for(;;){
		pthread_mutex_lock(&fs->lk);
		_npfssendq(fs);
		_npfsassign(fs);
		busy = fs->cqhead != nil;
		pthread_mutex_unlock(&fs->lk);
		if(!busy)
			break;
		_npfsrunq(fs);
	}
	fs->uv.inside = 0;
	if(fs->uv.freeing)
		return;
	if(!fs->uv.ioclosed){
		if(fs->uv.busy > 0)
			uv_ref(&fs->uv.io.h);
		else
			uv_unref(&fs->uv.io.h);
	}
	if(fs->hungup)
		_npfscallhangup(fs);
}

static void
enter(NpCFsys *fs)
{
	fs->uv.thread = pthread_self();
	fs->uv.inside = 1;
}

/* Run the completed calls' callbacks, without fs->lk. */
void
_npfsrunq(NpCFsys *fs)
{
	Rpc *r;

	for(;;){
		pthread_mutex_lock(&fs->lk);
		if((r = fs->cqhead) != nil){
			fs->cqhead = r->next;
			if(fs->cqhead == nil)
				fs->cqtail = nil;
			r->next = nil;
		}
		pthread_mutex_unlock(&fs->lk);
		if(r == nil)
			break;
		r->donefn(r->donearg, r);	/* the owner lets go of r with _npfsrpcfree */
		pthread_mutex_lock(&fs->lk);
		_npfsunref(r, 1);	/* the queue's */
		pthread_mutex_unlock(&fs->lk);
	}
}

static void
allocbuf(uv_handle_t *h, size_t suggested, uv_buf_t *b)
{
	NpCFsys *fs;
	uchar *p;
	size_t n;

	fs = h->data;
	(void)suggested;
	pthread_mutex_lock(&fs->lk);
	_npfsrxspace(fs, &p, &n);
	pthread_mutex_unlock(&fs->lk);
	*b = uv_buf_init((char*)p, n);
}

static void
readdone(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	NpCFsys *fs;
	const char *err;
	char buf[ERRMAX];

	fs = s->data;
	(void)b;
	enter(fs);
	pthread_mutex_lock(&fs->lk);
	if(n > 0){
		if((err = _npfsrxgot(fs, n)) != nil)
			_npfshangup(fs, err);
	}else if(n == UV_EOF)
		_npfshangup(fs, Ehungup);
	else if(n < 0){
		snprintf(buf, sizeof buf, "9P read: %s", uv_strerror(n));
		_npfshangup(fs, buf);
	}
	pthread_mutex_unlock(&fs->lk);
	after(fs);
}

static void
written(uv_write_t *w, int status)
{
	Rpc *r;
	NpCFsys *fs;
	char buf[ERRMAX];

	r = w->data;
	fs = r->fs;
	if(!fs->uv.freeing)
		enter(fs);
	pthread_mutex_lock(&fs->lk);
	if(status < 0 && status != UV_ECANCELED){
		snprintf(buf, sizeof buf, "9P write: %s", uv_strerror(status));
		_npfshangup(fs, buf);
	}
	_npfssent(fs, r);
	_npfsunref(r, 1);
	pthread_mutex_unlock(&fs->lk);
	if(!fs->uv.freeing)
		after(fs);
}

/* With fs->lk held: libuv sends r's message from byte off on (r is sending, with a reference). */
static void
uvwrite(NpCFsys *fs, Rpc *r, size_t off)
{
	uv_buf_t b[2];
	int e, nb;
	char buf[ERRMAX];

	nb = 0;
	if(off < r->ntbuf){
		b[nb++] = uv_buf_init((char*)r->tbuf + off, r->ntbuf - off);
		off = 0;
	}else
		off -= r->ntbuf;
	if(r->ndata > 0){
		b[nb] = uv_buf_init((char*)r->data + off, r->ndata - off);
		nb++;
	}
	r->wreq.data = r;
	if((e = uv_write(&r->wreq, &fs->uv.io.s, b, nb, written)) < 0){
		r->sending = 0;
		_npfsunref(r, 1);
		snprintf(buf, sizeof buf, "9P write: %s", uv_strerror(e));
		_npfshangup(fs, buf);
	}
}

/* With fs->lk held: the first lazy clunk held, off the list; nil if none. */
static Rpc*
takelazy(NpCFsys *fs)
{
	Rpc *r;

	if((r = fs->uv.lazyhead) != nil){
		fs->uv.lazyhead = r->lnext;
		if(fs->uv.lazyhead == nil)
			fs->uv.lazytail = nil;
		r->lnext = nil;
		fs->uv.nlazy--;
	}
	return r;
}

/* With fs->lk held: the lazy clunks leave the transport unsent (a hangup). */
static void
droplazy(NpCFsys *fs)
{
	Rpc *r;

	while((r = takelazy(fs)) != nil){
		_npfssent(fs, r);
		_npfsunref(r, 1);
	}
	if(fs->uv.lazytimer.loop != nil)
		uv_timer_stop(&fs->uv.lazytimer);
}

/*
 * With fs->lk held: send the lazy clunks held and then r (if not nil), each sending with
 * a reference. What the socket takes at once goes with one writev (uv_try_write: no write
 * request, no change to what the loop polls for); libuv queues the rest, in order.
 */
static void
sendall(NpCFsys *fs, Rpc *r)
{
	enum { Maxb = 2*Maxlazy + 2 };
	uv_buf_t b[Maxb];
	Rpc *q;
	size_t n, len;
	int e, nb;
	char buf[ERRMAX];

	if(fs->uv.nlazy > 0)
		uv_timer_stop(&fs->uv.lazytimer);
	nb = 0;
	for(q = fs->uv.lazyhead; q != nil; q = q->lnext)
		b[nb++] = uv_buf_init((char*)q->tbuf, q->ntbuf);	/* no data in a Tclunk */
	if(r != nil){
		b[nb++] = uv_buf_init((char*)r->tbuf, r->ntbuf);
		if(r->ndata > 0)
			b[nb++] = uv_buf_init((char*)r->data, r->ndata);
	}
	if(nb == 0)
		return;
	if((e = uv_try_write(&fs->uv.io.s, b, nb)) < 0){
		if(e != UV_EAGAIN && e != UV_ENOSYS){
			snprintf(buf, sizeof buf, "9P write: %s", uv_strerror(e));
			if(r != nil){
				_npfssent(fs, r);
				_npfsunref(r, 1);
			}
			_npfshangup(fs, buf);	/* drops the lazy ones */
			return;
		}
		e = 0;
	}
	n = e;
	/* those written whole are sent; from the first one cut short on, libuv sends */
	for(;;){
		if((q = takelazy(fs)) == nil){
			q = r;
			r = nil;
			if(q == nil)
				return;
		}
		len = q->ntbuf + q->ndata;
		if(n < len)
			break;
		n -= len;
		_npfssent(fs, q);
		_npfsunref(q, 1);
	}
	uvwrite(fs, q, n);
	while(!fs->uv.ioclosed && (q = takelazy(fs)) != nil)
		uvwrite(fs, q, 0);
	if(r != nil){
		if(fs->uv.ioclosed){
			_npfssent(fs, r);
			_npfsunref(r, 1);
		}else
			uvwrite(fs, r, 0);
	}
}

static void
lazyexpired(uv_timer_t *t)
{
	NpCFsys *fs;

	fs = t->data;
	enter(fs);
	pthread_mutex_lock(&fs->lk);
	if(!fs->uv.ioclosed)
		sendall(fs, nil);
	pthread_mutex_unlock(&fs->lk);
	after(fs);
}

/*
 * With fs->lk held, on the loop's thread: send r (tagged). A lazy clunk waits, up to
 * Lazyms, for the next message to go with it: a FUSE lookup's walk to check a name leaves
 * a fid to clunk, and the server then reads it with the next request and answers both
 * at once, instead of waking up twice.
 */
void
_npfsuvsend(NpCFsys *fs, Rpc *r)
{
	if(fs->uv.ioclosed){
		_npfshangup(fs, "9P write: connection closed");
		return;
	}
	r->sending = 1;
	r->ref++;
	if(r->lazy && fs->uv.nlazy < Maxlazy){
		r->lnext = nil;
		if(fs->uv.lazytail != nil)
			fs->uv.lazytail->lnext = r;
		else
			fs->uv.lazyhead = r;
		fs->uv.lazytail = r;
		if(fs->uv.nlazy++ == 0)
			uv_timer_start(&fs->uv.lazytimer, lazyexpired, Lazyms, 0);
		return;
	}
	sendall(fs, r);
}

static void
kicked(uv_async_t *a)
{
	NpCFsys *fs;

	fs = a->data;
	enter(fs);
	after(fs);
}

static void expired(uv_timer_t *t);

/* Set the timer for the earliest deadline. */
static void
armtimer(NpCFsys *fs)
{
	uint64_t now;

	if(fs->dlhead == nil){
		uv_timer_stop(&fs->uv.timer);
		return;
	}
	now = uv_now(fs->uv.loop);
	uv_timer_start(&fs->uv.timer, expired,
		fs->dlhead->due > now ? fs->dlhead->due - now : 0, 0);
}

/* With fs->lk held, on the loop's thread: r's deadline is ms from now. */
void
_npfsuvdeadline(NpCFsys *fs, Rpc *r, int ms)
{
	Rpc *p;

	if(r->indl)
		_npfsuvundeadline(fs, r);
	r->due = uv_now(fs->uv.loop) + ms;
	/* deadlines are mostly made in order: look from the end */
	for(p = fs->dltail; p != nil && p->due > r->due; p = p->dprev)
		;
	r->dprev = p;
	r->dnext = p != nil ? p->dnext : fs->dlhead;
	if(r->dnext != nil)
		r->dnext->dprev = r;
	else
		fs->dltail = r;
	if(p != nil)
		p->dnext = r;
	else
		fs->dlhead = r;
	r->indl = 1;
	r->ref++;
	if(fs->dlhead == r)
		armtimer(fs);
}

void
_npfsuvundeadline(NpCFsys *fs, Rpc *r)
{
	int first;

	if(!r->indl)
		return;
	first = fs->dlhead == r;
	if(r->dprev != nil)
		r->dprev->dnext = r->dnext;
	else
		fs->dlhead = r->dnext;
	if(r->dnext != nil)
		r->dnext->dprev = r->dprev;
	else
		fs->dltail = r->dprev;
	r->dprev = r->dnext = nil;
	r->indl = 0;
	if(first && !fs->uv.ioclosed)
		armtimer(fs);
	_npfsunref(r, 1);
}

static void
expired(uv_timer_t *t)
{
	NpCFsys *fs;
	Rpc *r;
	uint64_t now;

	fs = t->data;
	enter(fs);
	pthread_mutex_lock(&fs->lk);
	now = uv_now(fs->uv.loop);
	while((r = fs->dlhead) != nil && r->due <= now && !fs->hungup){
		r->ref++;
		_npfsuvundeadline(fs, r);
		_npfsexpire(fs, r);
		_npfsunref(r, 1);
	}
	if(!fs->hungup)
		armtimer(fs);
	pthread_mutex_unlock(&fs->lk);
	after(fs);
}

static void
closed(uv_handle_t *h)
{
	NpCFsys *fs;

	fs = h->data;
	if(--fs->uv.nopen == 0 && fs->uv.freeing)
		_npfsfree(fs);
}

/* With fs->lk held: close the stream; libuv gives up the messages it still holds. */
void
_npfsuvclose(NpCFsys *fs)
{
	Rpc *r;

	if(fs->uv.ioclosed)
		return;
	fs->uv.ioclosed = 1;
	droplazy(fs);
	uv_read_stop(&fs->uv.io.s);
	uv_close(&fs->uv.io.h, closed);
	fs->fd = -1;	/* libuv closed it */
	while((r = fs->dlhead) != nil)
		_npfsuvundeadline(fs, r);
	uv_timer_stop(&fs->uv.timer);
}

/* Put fs, whose reader is stopped, on loop. 0, or -1 with errstr (fs is then unusable). */
static int
uvopen(NpCFsys *fs, uv_loop_t *loop)
{
	Uvconn *u;
	int e, tcp;

	if((tcp = _npstreamkind(fs->fd, "9P connection on a loop")) < 0)
		return -1;
	u = &fs->uv;
	u->loop = loop;
	u->thread = pthread_self();
	if(tcp){
		if((e = uv_tcp_init(loop, &u->io.t)) == 0)
			e = uv_tcp_open(&u->io.t, fs->fd);
	}else if((e = uv_pipe_init(loop, &u->io.p, 0)) == 0)
		e = uv_pipe_open(&u->io.p, fs->fd);
	if(e < 0 && u->io.h.loop == nil){
		p9werrstr("9P connection on a loop: %s", uv_strerror(e));
		return -1;
	}
	u->io.h.data = fs;
	u->nopen++;
	if(e == 0 && (e = uv_async_init(loop, &u->kick, kicked)) == 0){
		u->kick.data = fs;
		u->nopen++;
		uv_unref((uv_handle_t*)&u->kick);
		uv_timer_init(loop, &u->timer);
		u->timer.data = fs;
		u->nopen++;
		uv_unref((uv_handle_t*)&u->timer);
		uv_timer_init(loop, &u->lazytimer);
		u->lazytimer.data = fs;
		u->nopen++;
		e = uv_read_start(&u->io.s, allocbuf, readdone);
	}
	fs->mode = Looped;
	if(e < 0){
		p9werrstr("9P connection on a loop: %s", uv_strerror(e));
		pthread_mutex_lock(&fs->lk);
		_npfshangup(fs, "9P connection on a loop failed");
		pthread_mutex_unlock(&fs->lk);
		return -1;
	}
	uv_unref(&u->io.h);
	return 0;
}

/* Close what is open and free fs once libuv is done with it. */
void
_npfsuvfree(NpCFsys *fs)
{
	Uvconn *u;

	u = &fs->uv;
	u->freeing = 1;
	pthread_mutex_lock(&fs->lk);
	_npfsuvclose(fs);
	pthread_mutex_unlock(&fs->lk);
	if(u->kick.loop != nil && !uv_is_closing((uv_handle_t*)&u->kick))
		uv_close((uv_handle_t*)&u->kick, closed);
	if(u->timer.loop != nil && !uv_is_closing((uv_handle_t*)&u->timer))
		uv_close((uv_handle_t*)&u->timer, closed);
	if(u->lazytimer.loop != nil && !uv_is_closing((uv_handle_t*)&u->lazytimer))
		uv_close((uv_handle_t*)&u->lazytimer, closed);
}

NpCFsys*
npfsuvconn(struct uv_loop_s *loop, int fd)
{
	NpCFsys *fs;

	if((fs = _npfsalloc(fd)) == nil)
		return nil;
	if(uvopen(fs, loop) < 0){
		if(fs->uv.nopen == 0){
			close(fd);
			_npfsfree(fs);
		}else
			_npfsuvfree(fs);
		return nil;
	}
	return fs;
}

int
npfsuvattach(NpCFsys *fs, struct uv_loop_s *loop)
{
	if(fs->mode == Looped){
		p9werrstr("9P connection already on a loop");
		return -1;
	}
	pthread_mutex_lock(&fs->wlk);
	_npfsthreadstop(fs);
	pthread_mutex_unlock(&fs->wlk);
	if(fs->hungup){
		p9werrstr("%s", fs->hangerr);
		return -1;
	}
	if(uvopen(fs, loop) < 0)
		return -1;
	pthread_mutex_lock(&fs->lk);
	pthread_cond_broadcast(&fs->tagcond);	/* waiters for a tag now queue through the loop */
	if(fs->oqhead != nil)
		uv_async_send(&fs->uv.kick);
	pthread_mutex_unlock(&fs->lk);
	return 0;
}
