/* respond.c: answering requests: nprespond, building replies, bookkeeping, sending. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"
#include "../fcall/bits.h"

typedef struct Npwrite Npwrite;
struct Npwrite {
	uv_write_t w;
	Npconn *conn;
	uchar *buf;
};

static void
writecb(uv_write_t *w, int status)
{
	Npwrite *nw;

	nw = (Npwrite*)w;
	nw->conn->nwrites--;
	if(status < 0)
		np_closeconn(nw->conn);
	else if(nw->conn->throttled)
		np_throttle(nw->conn);
	np_drained(nw->conn);
	np_buffree(nw->conn->srv->st, nw->buf);
	np_putconn(nw->conn);
	free(nw);
}

/* Queue buf (from np_bufalloc, n bytes) for c; it is freed when written. */
static void
sendbuf(Npconn *c, uchar *buf, uint n)
{
	Npwrite *nw;
	uv_buf_t b;

	if(c->dead || (nw = malloc(sizeof *nw)) == nil){
		np_buffree(c->srv->st, buf);
		return;
	}
	nw->conn = c;
	nw->buf = buf;
	c->ref++;
	c->nwrites++;
	b = uv_buf_init((char*)buf, n);
	if(uv_write(&nw->w, c->outs, &b, 1, writecb) < 0){
		c->nwrites--;
		np_buffree(c->srv->st, buf);
		np_putconn(c);
		free(nw);
		np_closeconn(c);
	}
}

/* Encode f for r into r->obuf; 0 if it cannot be. */
static int
encode(Req *r, Fcall *f)
{
	uint n;

	n = npsizeS2M(f);
	if(n == 0 || n > r->msize)
		return 0;
	np_buffree(r->srv->st, r->obuf);
	r->obuf = np_bufalloc(r->srv->st, n);
	if(r->obuf == nil)
		return 0;
	if(npconvS2M(f, r->obuf, n) != n){
		np_buffree(r->srv->st, r->obuf);
		r->obuf = nil;
		return 0;
	}
	r->nobuf = n;
	return 1;
}

/*
 * An Rread whose data is in rbuf: encode the header into the room sread left in front
 * of it and send the buffer as it is. 0 if the reply must be encoded the usual way.
 */
static int
encoderead(Req *r)
{
	Fcall h;
	uchar *p;

	if(r->rbuf == nil || r->ofcall.data != r->rbuf)
		return 0;
	h = r->ofcall;
	h.count = 0;
	h.data = nil;
	p = (uchar*)r->rbuf - Rreadhdr;
	if(npsizeS2M(&h) != Rreadhdr || npconvS2M(&h, p, Rreadhdr) != Rreadhdr)
		return 0;
	p32(p, Rreadhdr + r->ofcall.count);
	p32(p + Rreadhdr - 4, r->ofcall.count);
	np_buffree(r->srv->st, r->obuf);
	r->obuf = p;
	r->nobuf = Rreadhdr + r->ofcall.count;
	r->rbuf = nil;		/* now r->obuf */
	return 1;
}

static int
errorreply(Req *r, const char *err)
{
	Fcall f;

	memset(&f, 0, sizeof f);
	f.type = Rerror;
	f.tag = r->tag;
	f.ename = (char*)err;
	r->ofcall.type = Rerror;
	if(r->srv->tracefd > 0)
		p9fprint(r->srv->tracefd, "-> %F\n", &f);
	return encode(r, &f);
}

/* 1 if the n bytes at p are whole stat entries; *nent counts them. */
static int
wholeentries(const uchar *p, uint n, int *nent)
{
	uint m;

	*nent = 0;
	while(n > 0){
		if(n < 2)
			return 0;
		m = GBIT16(p) + 2;
		if(m > n)
			return 0;
		p += m;
		n -= m;
		(*nent)++;
	}
	return 1;
}

/* Adjust the reply as the protocol demands; may replace err. Runs on the responding thread. */
static const char*
fixreply(Req *r, const char *err)
{
	uint iounit;
	int nent;

	iounit = r->msize - IOHDRSZ;
	switch(r->ifcall.type){
	case Twalk:
		if(r->ofcall.nwqid > r->ifcall.nwname)
			r->ofcall.nwqid = r->ifcall.nwname;
		if(err != nil && r->ofcall.nwqid > 0)
			err = nil;
		else if(err == nil && r->ofcall.nwqid == 0 && r->ifcall.nwname > 0)
			err = "file does not exist";
		break;
	case Topen:
	case Tcreate:
		if(r->ofcall.iounit > iounit)
			r->ofcall.iounit = iounit;
		break;
	case Tread:
		if(err != nil)
			break;
		if(r->ofcall.count > r->ifcall.count)
			r->ofcall.count = r->ifcall.count;
		if(r->ofcall.count > 0 && r->ofcall.data == nil)
			return "bad read reply";
		if((r->fid->qid.type & QTDIR)
		&& !wholeentries((uchar*)r->ofcall.data, r->ofcall.count, &nent))
			return "partial entry in directory read";
		break;
	case Twrite:
		if(err == nil && r->ofcall.count > r->ifcall.count)
			r->ofcall.count = r->ifcall.count;
		break;
	}
	return err;
}

/* Build r's reply into r->obuf. */
static void
buildreply(Req *r, const char *err)
{
	uchar *stat;
	uint n;

	stat = nil;
	err = fixreply(r, err);
	if(err == nil && r->ifcall.type == Tstat){
		n = npsizeD2M(&r->d);
		stat = malloc(n);
		if(stat == nil || npconvD2M(&r->d, stat, n) != n)
			err = stat == nil ? "out of memory" : "bad stat reply";
		r->ofcall.stat = stat;
		r->ofcall.nstat = n;
	}
	if(err != nil){
		errorreply(r, err);
		free(stat);
		return;
	}
	r->ofcall.type = r->ifcall.type + 1;
	r->ofcall.tag = r->tag;
	r->ofcall.fid = r->ifcall.fid;
	if(r->srv->tracefd > 0)
		p9fprint(r->srv->tracefd, "-> %F\n", &r->ofcall);
	if(r->ifcall.type == Tread && encoderead(r))
		;
	else if(!encode(r, &r->ofcall))
		errorreply(r, "reply too large");
	/* ofcall is a union: clear only the pointers of this reply, which may dangle now */
	if(r->ifcall.type == Tstat)
		r->ofcall.stat = nil;
	if(r->ifcall.type == Tread && r->ofcall.data != r->rbuf)
		r->ofcall.data = nil;
	free(stat);
}

static int
onloop(Npsrvstate *st)
{
	pthread_t t;

	__atomic_load(&st->loopthread, &t, __ATOMIC_ACQUIRE);
	return pthread_equal(t, pthread_self());
}

void
nprespond(Req *r, const char *err)
{
	Npsrvstate *st;

	if(__atomic_exchange_n(&r->responded, 1, __ATOMIC_ACQ_REL))
		return;
	buildreply(r, err);
	st = r->srv->st;
	if(onloop(st)){
		np_finish(r);
		return;
	}
	/*
	 * Wake the loop before unlocking: once the lock is released the loop may send r,
	 * drop the last connection and free st.
	 */
	pthread_mutex_lock(&st->lk);
	r->qnext = nil;
	*st->donetail = r;
	st->donetail = &r->qnext;
	uv_async_send(&st->async);
	pthread_mutex_unlock(&st->lk);
}

int
npreqflushed(Req *r)
{
	return __atomic_load_n(&r->flushed, __ATOMIC_ACQUIRE);
}

/* Count the entries of a directory read for the next read's starting index. */
static void
dirindex(Req *r)
{
	int nent;

	wholeentries(r->obuf + 4+1+2+4, r->nobuf - (4+1+2+4), &nent);
	r->fid->diroffset = r->ifcall.offset + (r->nobuf - (4+1+2+4));
	r->fid->dirindex += nent;
}

/* The library's bookkeeping after a reply, on the loop's thread. */
static void
update(Req *r)
{
	int ok;
	Fid *f;

	ok = r->ofcall.type != Rerror;
	f = r->fid;
	if(r->setbusy)
		f->busy = 0;
	if(f == nil && r->ifcall.type != Tauth)
		return;
	switch(r->ifcall.type){
	case Tauth:
		if(r->afid == nil)
			break;
		if(ok){
			r->afid->qid = r->ofcall.aqid;
			r->afid->omode = ORDWR;
		}else
			np_unhashfid(r->afid);
		break;
	case Tattach:
		if(ok)
			f->qid = f->rootqid = r->ofcall.qid;
		else
			np_unhashfid(f);
		break;
	case Twalk:
		if(ok && r->ofcall.nwqid == r->ifcall.nwname){
			if(r->ifcall.nwname > 0)
				r->newfid->qid = r->ofcall.wqid[r->ofcall.nwqid-1];
		}else if(r->newfid != nil && r->newfid != f)
			np_unhashfid(r->newfid);
		break;
	case Topen:
	case Tcreate:
		if(ok){
			f->omode = r->ifcall.mode;
			f->qid = r->ofcall.qid;
			f->diroffset = 0;
			f->dirindex = 0;
		}
		break;
	case Tread:
		if(ok && (f->qid.type & QTDIR))
			dirindex(r);
		break;
	case Twrite:
		if(ok && f->file != nil){
			f->file->d.qid.vers++;
			f->file->d.mtime = f->file->d.atime = (u32int)(p9nsec() / 1000000000LL);
		}
		break;
	case Tremove:
		if(ok && f->file != nil && !f->file->removed)
			npremovefile(f->file);
		break;
	}
}

/*
 * Send r's reply and retire it. A Tflush is held back until the request it flushes has
 * been answered, so the flushed request's reply (if any) always precedes the Rflush and
 * nothing for the old tag follows it.
 */
void
np_finish(Req *r)
{
	Npconn *c;
	Req *f;
	int i;

	c = r->conn;
	if(r->ifcall.type == Tflush && r->oldreq != nil && !r->oldreq->finished){
		f = r->oldreq;
		Req **q = realloc(f->flushq, (f->nflushq+1) * sizeof q[0]);
		if(q != nil){
			f->flushq = q;
			q[f->nflushq++] = r;
			return;
		}
	}
	r->finished = 1;
	update(r);
	np_unhashreq(r);
	if(!r->aborted && !c->dead && r->obuf != nil){
		sendbuf(c, r->obuf, r->nobuf);
		r->obuf = nil;
	}
	for(i = 0; i < r->nflushq; i++)
		np_finish(r->flushq[i]);
	r->nflushq = 0;
	np_drained(c);
	np_putreq(r);
}

/* Send the replies made on other threads. */
void
np_drain(Npsrvstate *st)
{
	Req *r, *next;
	pthread_t self;

	self = pthread_self();
	__atomic_store(&st->loopthread, &self, __ATOMIC_RELEASE);
	pthread_mutex_lock(&st->lk);
	r = st->done;
	st->done = nil;
	st->donetail = &st->done;
	pthread_mutex_unlock(&st->lk);
	for(; r != nil; r = next){
		next = r->qnext;
		r->qnext = nil;
		np_finish(r);
	}
}
