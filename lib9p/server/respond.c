/*
 * respond.c: answering requests: nprespond builds the reply on the responding thread, and
 * _npfinish, on the loop's thread, records it, sends it and retires the request.
 */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

static void
freeobuf(Sreq *r)
{
	if(r->obuf != r->omsg)
		_npconnfree(r->conn, r->obuf);
	r->obuf = nil;
}

/* Encode f for r into r->obuf (in r itself if it is small); 0 if it cannot be. */
static int
encode(Sreq *r, Fcall *f)
{
	uint n;

	n = npsizeS2M(f);
	if(n == 0 || n > r->msize)
		return 0;
	freeobuf(r);
	if(n <= sizeof r->omsg)
		r->obuf = r->omsg;
	else if((r->obuf = _npconnalloc(r->conn, n)) == nil)
		return 0;
	if(npconvS2M(f, r->obuf, n) != n){
		freeobuf(r);
		return 0;
	}
	r->nobuf = n;
	return 1;
}

/*
 * An Rread whose bytes are in r->data (from npreaddata): encode the header into the room
 * left in front of them and send the buffer as it is. 0 if the reply must be encoded the
 * usual way.
 */
static int
encoderead(Sreq *r)
{
	Fcall h;
	uchar *p;

	if(r->data == nil || (uchar*)r->pub.ofcall.data != r->data + Rreadhdr)
		return 0;
	h = r->pub.ofcall;
	h.count = 0;
	h.data = nil;
	p = r->data;
	if(npsizeS2M(&h) != Rreadhdr || npconvS2M(&h, p, Rreadhdr) != Rreadhdr)
		return 0;
	p32(p, Rreadhdr + r->pub.ofcall.count);
	p32(p + Rreadhdr - 4, r->pub.ofcall.count);
	freeobuf(r);
	r->obuf = p;
	r->nobuf = Rreadhdr + r->pub.ofcall.count;
	r->data = nil;		/* now r->obuf */
	return 1;
}

/*
 * Rerror for err. An error too long for the msize is cut to fit, at the start of a UTF-8
 * sequence, so the client gets a valid string rather than no answer at all.
 */
static void
errorreply(Sreq *r, const char *err)
{
	Fcall f;
	char *cut;
	size_t max, n;

	cut = nil;
	max = r->msize - (4+1+2+2);
	if((n = strlen(err)) > max){
		for(n = max; n > 0 && ((uchar)err[n] & 0xC0) == 0x80; n--)
			;
		if((cut = malloc(n + 1)) != nil){
			memmove(cut, err, n);
			cut[n] = 0;
			err = cut;
		}else
			err = "out of memory";
	}
	memset(&f, 0, sizeof f);
	f.type = Rerror;
	f.tag = r->pub.tag;
	f.ename = (char*)err;
	r->pub.ofcall.type = Rerror;
	if(r->pub.srv->tracefd > 0)
		p9fprint(r->pub.srv->tracefd, "-> %F\n", &f);
	encode(r, &f);
	free(cut);
}

/* Build r's reply into r->obuf. */
static void
buildreply(Sreq *r, const char *err)
{
	Fcall *o;
	uchar *stat;
	uint n;
	int type;

	type = r->pub.ifcall.type;
	o = &r->pub.ofcall;
	stat = nil;
	if(type < Tmax && _npmsg[type].fix != nil)
		err = _npmsg[type].fix(r, err);
	if(err == nil && type == Tstat){
		n = npsizeD2M(&r->pub.d);
		stat = malloc(n);
		if(stat == nil || npconvD2M(&r->pub.d, stat, n) != n)
			err = stat == nil ? "out of memory" : "bad stat reply";
		o->stat = stat;
		o->nstat = n;
	}
	if(err != nil){
		errorreply(r, err);
		free(stat);
		return;
	}
	o->type = type + 1;
	o->tag = r->pub.tag;
	o->fid = r->pub.ifcall.fid;
	if(r->pub.srv->tracefd > 0)
		p9fprint(r->pub.srv->tracefd, "-> %F\n", o);
	if(type == Tread && encoderead(r))
		;
	else if(!encode(r, o))
		errorreply(r, "reply too large");
	/* ofcall is a union: clear only the pointers of this reply, which may dangle now */
	if(type == Tstat)
		o->stat = nil;
	if(type == Tread)
		o->data = nil;
	free(stat);
}

int
_nponloop(Npsrvstate *st)
{
	pthread_t t;

	__atomic_load(&st->loopthread, &t, __ATOMIC_ACQUIRE);
	return pthread_equal(t, pthread_self());
}

void
nprespond(Req *req, const char *err)
{
	Sreq *r;
	Npsrvstate *st;

	r = sreq(req);
	if(__atomic_exchange_n(&r->responded, 1, __ATOMIC_ACQ_REL))
		return;
	if(!r->internal)
		buildreply(r, err);
	st = req->srv->st;
	if(_nponloop(st)){
		_npfinish(r);
		return;
	}
	/*
	 * Wake the loop before unlocking: once the lock is released the loop may send r,
	 * drop the last connection and free st.
	 */
	pthread_mutex_lock(&st->lk);
	r->donenext = nil;
	*st->donetail = r;
	st->donetail = &r->donenext;
	uv_async_send(&st->async);
	pthread_mutex_unlock(&st->lk);
}

int
npreqflushed(Req *r)
{
	return __atomic_load_n(&sreq(r)->flushed, __ATOMIC_ACQUIRE);
}

/*
 * Record r's reply, send it and retire r. A Tflush is held back until the request it
 * flushes has been answered, so the flushed request's reply (if any) always precedes the
 * Rflush and nothing for the old tag follows it. When the last request in flight of a
 * connection waiting in Tversion ends, the Tversion is answered.
 */
void
_npfinish(Sreq *r)
{
	Sconn *c;
	Sreq *o, **q;
	int i, type;

	c = r->conn;
	type = r->pub.ifcall.type;
	if(type == Tflush && (o = sreq(r->pub.oldreq)) != nil && !o->finished){
		if((q = realloc(o->flushq, (o->nflushq+1) * sizeof q[0])) != nil){
			o->flushq = q;
			q[o->nflushq++] = r;
			return;
		}
	}
	r->finished = 1;
	if(r->setbusy)
		sfid(r->pub.fid)->busy = 0;
	if(!r->internal && type < Tmax && _npmsg[type].commit != nil)
		_npmsg[type].commit(r, r->pub.ofcall.type != Rerror);
	_npunhashreq(r);
	if(!r->aborted && !r->internal && !c->dead && r->obuf != nil){
		if(r->obuf == r->omsg){
			r->ref++;	/* the reply is in r: keep it until sent */
			_npsend(c, nil, r, r->obuf, r->nobuf);
		}else{
			_npsend(c, r->obuf, nil, r->obuf, r->nobuf);
			r->obuf = nil;
		}
	}
	for(i = 0; i < r->nflushq; i++)
		_npfinish(r->flushq[i]);
	r->nflushq = 0;
	if(c->version != nil && c->version != r && c->ninflight == 0)
		_npversiondone(c);
	c->ref++;
	_npputreq(r);
	_npkick(c);
	_npputconn(c);
}

/* Send the replies made on other threads, those for one connection together. */
void
_npdrain(Npsrvstate *st)
{
	Sreq *r, *next, *list;
	Sconn *c;

	_npsetloopthread(st);
	pthread_mutex_lock(&st->lk);
	list = st->done;
	st->done = nil;
	st->donetail = &st->done;
	pthread_mutex_unlock(&st->lk);
	for(r = list; r != nil; r = r->donenext){
		r->conn->ref++;
		r->conn->inbatch++;
	}
	for(r = list; r != nil; r = next){
		next = r->donenext;
		r->donenext = nil;
		c = r->conn;
		_npfinish(r);
		if(--c->inbatch == 0){
			_npoutflush(c);
			_npkick(c);
		}
		_npputconn(c);
	}
}
