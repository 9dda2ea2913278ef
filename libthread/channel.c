/* channel.c: channels and alt. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "threadimpl.h"

/*
 * One lock guards every channel: an alt spans channels that different procs use, and one
 * lock makes its choice atomic without lock ordering; critical sections are a few dozen
 * instructions. A thread that cannot go on queues each of its alt entries on its channel
 * (senders and receivers apart, first come first served) and sleeps; the thread that
 * completes an entry copies the value, takes all the sleeper's entries off their queues,
 * records the entry done and readies the sleeper.
 */
Lock _t9chanlk;

typedef struct Waitq Waitq;
struct Waitq {
	Alt *head, *tail;
};

struct Channel {
	int elemsize;
	int bufsize;
	int nbuf;		/* elements in buf */
	int off;		/* index of the first */
	int closed;
	Waitq sendq, recvq;
	char name[32];
	uchar *buf;
};

static char errclosed[] = "channel was closed";

enum { Maxbuf = 1<<30 };	/* bytes of buffer at most */

Channel*
t9chancreate(int elemsize, int bufsize)
{
	Channel *c;

	if(elemsize <= 0 || bufsize < 0){
		p9werrstr("chancreate: bad element size %d or buffer size %d", elemsize, bufsize);
		return nil;
	}
	if((vlong)elemsize * bufsize > Maxbuf){
		p9werrstr("chancreate: buffer of %d elements of %d bytes too large", bufsize,
			elemsize);
		return nil;
	}
	c = calloc(1, sizeof *c + (size_t)elemsize * bufsize);
	if(c == nil){
		p9oserror(ENOMEM);
		return nil;
	}
	c->elemsize = elemsize;
	c->bufsize = bufsize;
	c->buf = (uchar*)(c + 1);
	return c;
}

int
t9chanfree(Channel *c)
{
	if(c == nil)
		return 0;
	_t9lock(&_t9chanlk);
	if(c->sendq.head != nil || c->recvq.head != nil){
		_t9unlock(&_t9chanlk);
		p9werrstr("chanfree: channel in use");
		return -1;
	}
	_t9unlock(&_t9chanlk);
	free(c);
	return 0;
}

void
t9chansetname(Channel *c, const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	p9vsnprint(c->name, sizeof c->name, fmt, arg);
	va_end(arg);
}

const char*
_t9channame(Channel *c)
{
	static _Thread_local char buf[40];

	if(c->name[0])
		return c->name;
	p9snprint(buf, sizeof buf, "channel %p", c);
	return buf;
}

static void
enqueue(Waitq *q, Alt *a, Thread *t)
{
	a->xthread = t;
	a->xnext = nil;
	a->xprev = q->tail;
	if(q->tail != nil)
		q->tail->xnext = a;
	else
		q->head = a;
	q->tail = a;
}

static void
dequeue(Waitq *q, Alt *a)
{
	if(a->xprev != nil)
		a->xprev->xnext = a->xnext;
	else
		q->head = a->xnext;
	if(a->xnext != nil)
		a->xnext->xprev = a->xprev;
	else
		q->tail = a->xprev;
	a->xnext = a->xprev = nil;
	a->xthread = nil;
}

static Waitq*
queueof(Alt *a)
{
	return a->op == CHANSND ? &a->c->sendq : &a->c->recvq;
}

/* Take all of t's entries off their queues; done is the entry completed (nil: none). */
static void
wakewaiter(Thread *t, Alt *done, int closed)
{
	Alt *a;

	for(a = t->alts; a->op != CHANEND && a->op != CHANNOBLK; a++)
		if(a->xthread != nil)
			dequeue(queueof(a), a);
	t->chosen = done;
	t->closed = closed;
	t->alts = nil;
	_t9ready(t);
}

void
_t9altinterrupt(Thread *t)
{
	wakewaiter(t, nil, 0);
}

static inline void
copyval(void *dst, const void *src, int n)
{
	if(dst == nil)
		return;
	if(src == nil)
		memset(dst, 0, n);
	else if(n == sizeof(uvlong))	/* pointers and ulongs: most channels */
		memcpy(dst, src, sizeof(uvlong));
	else
		memmove(dst, src, n);
}

static inline uchar*
slot(Channel *c, int i)
{
	return c->buf + (size_t)c->elemsize * ((c->off + i) % c->bufsize);
}

static int
isopen(Alt *a)
{
	return !a->c->closed || (a->op == CHANRCV && a->c->nbuf > 0);
}

static int
canexec(Alt *a)
{
	Channel *c;

	c = a->c;
	if(a->op == CHANSND)
		return c->recvq.head != nil || c->nbuf < c->bufsize;
	return c->sendq.head != nil || c->nbuf > 0;
}

/* Do a, which canexec said can be done now. */
static void
altexec(Alt *a)
{
	Channel *c;
	Alt *w;

	c = a->c;
	if(a->op == CHANSND){
		if((w = c->recvq.head) != nil){
			copyval(w->v, a->v, c->elemsize);
			wakewaiter(w->xthread, w, 0);
		}else{
			copyval(slot(c, c->nbuf), a->v, c->elemsize);
			c->nbuf++;
		}
		return;
	}
	if(c->nbuf > 0){
		copyval(a->v, slot(c, 0), c->elemsize);
		c->off = (c->off + 1) % c->bufsize;
		c->nbuf--;
		if((w = c->sendq.head) != nil){
			copyval(slot(c, c->nbuf), w->v, c->elemsize);
			c->nbuf++;
			wakewaiter(w->xthread, w, 0);
		}
		return;
	}
	w = c->sendq.head;
	copyval(a->v, w->v, c->elemsize);
	wakewaiter(w->xthread, w, 0);
}

int
t9alt(Alt *alts)
{
	Proc *p;
	Thread *t;
	Alt *a, *chosen, *closed;
	int n, waiting, reported;

	p = _t9proc();
	t = p->cur;
	if(t->moribund)
		_t9killcheck();
	_t9lock(&_t9chanlk);
	n = 0;
	chosen = nil;
	for(a = alts; a->op != CHANEND && a->op != CHANNOBLK; a++){
		if(a->op == CHANNOP)
			continue;
		if(a->c == nil || (a->op != CHANSND && a->op != CHANRCV)){
			_t9unlock(&_t9chanlk);
			p9werrstr(a->c == nil ? "alt: nil channel" : "alt: bad operation %d", a->op);
			return -1;
		}
		if(isopen(a) && canexec(a) && (++n == 1 || _t9rand(p, n) == 0))
			chosen = a;
	}
	if(chosen != nil){
		altexec(chosen);
		_t9unlock(&_t9chanlk);
		if(p->nwakes > 0)
			_t9flushwakes();
		chosen->err = nil;
		return chosen - alts;
	}
	if(a->op == CHANNOBLK){
		_t9unlock(&_t9chanlk);
		return a - alts;
	}

	/* wait on the open channels; if none is open, report a closed one (once) */
	waiting = 0;
	reported = 0;
	closed = nil;
	for(a = alts; a->op != CHANEND; a++){
		if(a->op == CHANNOP)
			continue;
		if(isopen(a)){
			enqueue(queueof(a), a, t);
			waiting = 1;
		}else if(a->err != errclosed)
			closed = a;
		else
			reported = 1;
	}
	if(!waiting && closed != nil){
		_t9unlock(&_t9chanlk);
		closed->err = errclosed;
		return closed - alts;
	}
	if(!waiting && reported){
		_t9unlock(&_t9chanlk);
		p9werrstr("%s", errclosed);
		return -1;
	}
	t->alts = alts;
	t->chosen = nil;
	t->state = Blocked;
	t->wait = Walt;
	t->waitobj = alts;
	_t9unlock(&_t9chanlk);
	_t9sched();
	t->wait = Wnone;
	chosen = t->chosen;
	if(chosen == nil){
		_t9killcheck();
		p9werrstr("interrupted");
		return -1;
	}
	chosen->err = t->closed ? errclosed : nil;
	return chosen - alts;
}

int
t9chanclose(Channel *c)
{
	Alt *a;

	_t9lock(&_t9chanlk);
	if(c->closed){
		_t9unlock(&_t9chanlk);
		p9werrstr("%s", errclosed);
		return -1;
	}
	c->closed = 1;
	while((a = c->sendq.head) != nil)
		wakewaiter(a->xthread, a, 1);
	while((a = c->recvq.head) != nil)
		wakewaiter(a->xthread, a, 1);
	_t9unlock(&_t9chanlk);
	_t9flushwakes();
	return 0;
}

int
t9chanclosing(Channel *c)
{
	int n;

	_t9lock(&_t9chanlk);
	n = c->closed ? c->nbuf : -1;
	_t9unlock(&_t9chanlk);
	return n;
}

static int
runop(int op, Channel *c, void *v, int nb)
{
	Alt a[2];

	a[0].c = c;
	a[0].v = v;
	a[0].op = op;
	a[0].err = nil;
	a[1].op = nb ? CHANNOBLK : CHANEND;
	switch(t9alt(a)){
	case 0:
		if(a[0].err != nil){
			p9werrstr("%s", a[0].err);
			return -1;
		}
		return 1;
	case 1:
		return 0;
	}
	return -1;
}

int
t9send(Channel *c, void *v)
{
	return runop(CHANSND, c, v, 0);
}

int
t9recv(Channel *c, void *v)
{
	return runop(CHANRCV, c, v, 0);
}

int
t9nbsend(Channel *c, void *v)
{
	return runop(CHANSND, c, v, 1);
}

int
t9nbrecv(Channel *c, void *v)
{
	return runop(CHANRCV, c, v, 1);
}

static int
sized(Channel *c, int n)
{
	if(c == nil){
		p9werrstr("nil channel");
		return 0;
	}
	if(c->elemsize != n){
		p9werrstr("channel element size %d, not %d", c->elemsize, n);
		return 0;
	}
	return 1;
}

int
t9sendp(Channel *c, void *p)
{
	if(!sized(c, sizeof p))
		return -1;
	return runop(CHANSND, c, &p, 0);
}

void*
t9recvp(Channel *c)
{
	void *p;

	if(!sized(c, sizeof p) || runop(CHANRCV, c, &p, 0) != 1)
		return nil;
	return p;
}

int
t9nbsendp(Channel *c, void *p)
{
	if(!sized(c, sizeof p))
		return -1;
	return runop(CHANSND, c, &p, 1);
}

void*
t9nbrecvp(Channel *c)
{
	void *p;

	if(!sized(c, sizeof p) || runop(CHANRCV, c, &p, 1) != 1)
		return nil;
	return p;
}

int
t9sendul(Channel *c, ulong v)
{
	if(!sized(c, sizeof v))
		return -1;
	return runop(CHANSND, c, &v, 0);
}

ulong
t9recvul(Channel *c)
{
	ulong v;

	if(!sized(c, sizeof v) || runop(CHANRCV, c, &v, 0) != 1)
		return ~0UL;
	return v;
}

int
t9nbsendul(Channel *c, ulong v)
{
	if(!sized(c, sizeof v))
		return -1;
	return runop(CHANSND, c, &v, 1);
}

ulong
t9nbrecvul(Channel *c)
{
	ulong v;

	if(!sized(c, sizeof v) || runop(CHANRCV, c, &v, 1) != 1)
		return 0;
	return v;
}

int
t9chanprint(Channel *c, const char *fmt, ...)
{
	va_list arg;
	char *s;
	int r;

	va_start(arg, fmt);
	s = p9vsmprint(fmt, arg);
	va_end(arg);
	if(s == nil)
		return -1;
	r = t9sendp(c, s);
	if(r != 1)
		free(s);
	return r;
}
