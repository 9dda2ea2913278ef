/*
 * rpc.c: 9P client calls, whatever the transport: tags, starting and waiting, replies,
 * flushes and their deadlines, what a call did to its fid number, hangup.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "fsimpl.h"
#include "../fcall/bits.h"

/* How the server's answer to a call settles its fid effect. */
enum {
	Undone,		/* flushed before the server took it, or never sent */
	Doneok,		/* answered: it did what it asked */
	Donefail,	/* answered with an error: it did nothing */
	Unknown,	/* the answer makes no sense, or none will come */
};

static const char Ebadtype[] = "unexpected reply type";
static const char Ebadwalk[] = "bad Rwalk: more qids than names";
static const char Eonloop[] = "blocking 9P call on the loop's thread";
static const char Eoffloop[] = "asynchronous 9P call off the loop's thread";
static const char Enoloop[] = "asynchronous 9P call on a connection not on a loop";

void
_npfsunref(Rpc *r, int n)
{
	r->ref -= n;
	if(r->ref > 0)
		return;
	free(r->tbuf);
	free(r->rbuf);
	pthread_cond_destroy(&r->cond);
	free(r);
}

static Rpc**
slot(NpCFsys *fs, ushort tag)
{
	if(tag == NOTAG)
		return &fs->tags[Maxtag-1];
	if(tag >= Maxtag-1)
		return nil;
	return &fs->tags[tag];
}

/* Show fs's tracer r's message, decoding a copy (decoding changes the buffer). */
static void
tracemsg(NpCFsys *fs, Rpc *r)
{
	Fcall f;
	uchar *copy;

	if(r->ttype == Twrite){	/* its buffer holds the header only */
		memset(&f, 0, sizeof f);
		f.type = Twrite;
		f.tag = r->tag;
		f.fid = g32(r->tbuf + 7);
		f.offset = g64(r->tbuf + 11);
		f.count = r->ndata;
		f.data = (char*)r->data;
		fs->trace(fs->tracearg, &f);
		return;
	}
	if((copy = malloc(r->ntbuf)) == nil)
		return;
	memmove(copy, r->tbuf, r->ntbuf);
	if(npconvM2S(copy, r->ntbuf, &f) == r->ntbuf)
		fs->trace(fs->tracearg, &f);
	free(copy);
}

/* Give r a tag and trace its message; 0, or -1 if none is free. */
static int
tagalloc(NpCFsys *fs, Rpc *r)
{
	int i, t;

	if(r->ttype == Tversion){
		if(fs->tags[Maxtag-1] != nil)
			return -1;
		t = NOTAG;
		fs->tags[Maxtag-1] = r;
	}else{
		if(fs->ntags >= Maxtag-1 + (fs->tags[Maxtag-1] != nil))
			return -1;
		for(i = 0; ; i++){
			t = (fs->nexttag + i) % (Maxtag-1);
			if(fs->tags[t] == nil)
				break;
		}
		fs->nexttag = t + 1;
		fs->tags[t] = r;
	}
	fs->ntags++;
	r->tag = t;
	r->tagged = 1;
	p16(r->tbuf + 5, t);
	if(fs->trace != nil)
		tracemsg(fs, r);
	return 0;
}

/* Take r out of the tag table, dropping the table's reference. */
static void
untag(NpCFsys *fs, Rpc *r)
{
	Rpc **s;

	if(!r->tagged)
		return;
	s = slot(fs, r->tag);
	if(s != nil && *s == r){
		*s = nil;
		fs->ntags--;
	}
	r->tagged = 0;
	if(fs->mode == Threaded)
		pthread_cond_signal(&fs->tagcond);
	_npfsunref(r, 1);
}

static void
append(Rpc **head, Rpc **tail, Rpc *r)
{
	r->next = nil;
	if(*tail != nil)
		(*tail)->next = r;
	else
		*head = r;
	*tail = r;
}

/* Take r off the list at *head, if it is there; 1 if it was. */
static int
unlink1(Rpc **head, Rpc **tail, Rpc *r)
{
	Rpc **l, *prev;

	prev = nil;
	for(l = head; *l != nil; prev = *l, l = &(*l)->next)
		if(*l == r){
			*l = r->next;
			if(tail != nil && *tail == r)
				*tail = prev;
			r->next = nil;
			return 1;
		}
	return 0;
}

/* Tell r's owner it is done: wake a blocking caller, or queue the completion for the loop. */
static void
notify(NpCFsys *fs, Rpc *r)
{
	if(r->sending && !fs->uv.ioclosed){
		/* libuv still sends the message: the owner may not free its data yet */
		r->notifylater = 1;
		r->next = fs->later;
		fs->later = r;
		return;
	}
	if(r->counted){
		r->counted = 0;
		fs->uv.busy--;
	}
	if(r->donefn == nil){
		pthread_cond_broadcast(&r->cond);
		return;
	}
	r->ref++;
	append(&fs->cqhead, &fs->cqtail, r);
	_npfsuvkick(fs);
}

/* The transport has let go of r's message. */
void
_npfssent(NpCFsys *fs, Rpc *r)
{
	r->sending = 0;
	if(r->notifylater){
		r->notifylater = 0;
		unlink1(&fs->later, nil, r);
		notify(fs, r);
	}
}

void
_npfsfinish(NpCFsys *fs, Rpc *r, const char *err)
{
	if(r->done)
		return;
	r->done = 1;
	if(err != nil)
		r->err = err;
	if(r->indl)
		_npfsuvundeadline(fs, r);
	notify(fs, r);
}

/* Ask the server to clunk fid, a number the library holds; nobody waits for the answer. */
static void clunklater(NpCFsys *fs, u32int fid);

/* Settle what r did to its fid number once the outcome is known. */
static void
settle(NpCFsys *fs, Rpc *r, int outcome)
{
	int op;

	op = r->fidop;
	r->fidop = Fidnone;
	switch(op){
	case Fidnew:
		if(outcome == Doneok && r->abandoned)
			clunklater(fs, r->fid);		/* it exists, and nobody has it */
		else if(outcome == Donefail || outcome == Undone)
			_npfsputfidlocked(fs, r->fid);
		break;	/* a success someone takes, or unknown: the number stays out of use */
	case Fidgone:
		if(outcome == Doneok || outcome == Donefail)
			_npfsputfidlocked(fs, r->fid);
		break;	/* the fid may live on: its number is never used again */
	}
}

/* What tx does to a fid number, and which. */
static int
fideffect(const Fcall *tx, u32int *fid)
{
	switch(tx->type){
	case Tattach:
		*fid = tx->fid;
		return Fidnew;
	case Tauth:
		*fid = tx->afid;
		return Fidnew;
	case Twalk:
		*fid = tx->newfid;
		return tx->newfid != tx->fid ? Fidnew : Fidnone;
	case Tclunk:
	case Tremove:
		*fid = tx->fid;
		return Fidgone;
	}
	return Fidnone;
}

/* Encode tx (all but a Twrite's data, sent from the caller's buffer) into a new Rpc. */
static Rpc*
newrpc(NpCFsys *fs, Fcall *tx, int flags, uchar *dst, int owned)
{
	Rpc *r;
	Fcall h;
	uint n;

	if((r = calloc(1, sizeof *r)) == nil){
		p9werrstr("%s", Enomem);
		return nil;
	}
	h = *tx;
	h.tag = 0;
	if(tx->type == Twrite){
		h.count = 0;
		h.data = nil;
	}
	n = npsizeS2M(&h);
	if(n == 0 || (uvlong)n + (tx->type == Twrite ? tx->count : 0) > fs->msize
	|| (r->tbuf = malloc(n)) == nil || npconvS2M(&h, r->tbuf, n) != n){
		free(r->tbuf);
		free(r);
		p9werrstr("cannot encode %s message (too large for msize %ud?)",
			npfcallname(tx->type) ? npfcallname(tx->type) : "9P", fs->msize);
		return nil;
	}
	if(tx->type == Twrite){
		p32(r->tbuf, n + tx->count);
		p32(r->tbuf + n - 4, tx->count);
		r->data = (uchar*)tx->data;
		r->ndata = tx->count;
	}
	r->ntbuf = n;
	pthread_cond_init(&r->cond, nil);
	r->fs = fs;
	r->ref = owned + 1;	/* the owner's, and the tag table's (or a queue's until then) */
	r->owned = owned;
	r->ttype = tx->type;
	if(tx->type == Tread){
		r->dst = dst;
		r->ndst = tx->count;
	}
	if(tx->type == Twalk)
		r->nwname = tx->nwname;
	r->lazy = (flags & Flazy) != 0 && tx->type == Tclunk;
	if(flags & Ftrack)
		r->fidop = fideffect(tx, &r->fid);
	return r;
}

/* Looped, on the loop's thread: send r, or queue it until a tag is free (flushes first). */
static void
enqueue(NpCFsys *fs, Rpc *r, int first)
{
	if(fs->twhead == nil && tagalloc(fs, r) == 0){
		_npfsuvsend(fs, r);
		return;
	}
	if(first && fs->twhead != nil){
		r->next = fs->twhead;
		fs->twhead = r;
	}else
		append(&fs->twhead, &fs->twtail, r);
}

/* Looped: send the calls that waited for a tag, as tags come free. */
void
_npfsassign(NpCFsys *fs)
{
	Rpc *r;

	while((r = fs->twhead) != nil && !fs->hungup && tagalloc(fs, r) == 0){
		fs->twhead = r->next;
		if(fs->twhead == nil)
			fs->twtail = nil;
		r->next = nil;
		_npfsuvsend(fs, r);
	}
}

/* Looped: take the messages other threads (or the receiver) queued, on the loop's thread. */
void
_npfssendq(NpCFsys *fs)
{
	Rpc *r;

	while((r = fs->oqhead) != nil){
		fs->oqhead = r->next;
		if(fs->oqhead == nil)
			fs->oqtail = nil;
		r->next = nil;
		if(fs->timeout > 0 && r->owned)
			_npfsuvdeadline(fs, r, fs->timeout);
		enqueue(fs, r, r->ttype == Tflush);
	}
}

static void
clunklater(NpCFsys *fs, u32int fid)
{
	Fcall tx;
	Rpc *r;

	memset(&tx, 0, sizeof tx);
	tx.type = Tclunk;
	tx.fid = fid;
	if((r = newrpc(fs, &tx, Ftrack, nil, 0)) == nil)
		return;		/* the number stays out of use */
	append(&fs->oqhead, &fs->oqtail, r);
	if(fs->mode == Looped)
		_npfsuvkick(fs);
}

/* Threaded: the messages queued by the receiver that can have a tag now. */
Rpc*
_npfstakeq(NpCFsys *fs)
{
	Rpc *r, *q, **tail;

	q = nil;
	tail = &q;
	while((r = fs->oqhead) != nil && tagalloc(fs, r) == 0){
		fs->oqhead = r->next;
		if(fs->oqhead == nil)
			fs->oqtail = nil;
		r->next = nil;
		*tail = r;
		tail = &r->next;
	}
	return q;
}

static void
deadlinein(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if(ts->tv_nsec >= 1000000000){
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/*
 * Start a call: its reply goes to fn(arg, r) on the loop's thread (Looped, from the loop's
 * thread), or a blocking caller waits for it with _npfswait. A Tread's data lands in dst
 * when dst is not nil. With Ftrack the call's fid effect is settled by the library from
 * here on, even if it fails to start.
 */
Rpc*
_npfsstart(NpCFsys *fs, Fcall *tx, int flags, uchar *dst, Rpcdone *fn, void *arg)
{
	Rpc *r;
	const char *err;
	struct timespec ts;
	u32int fid;

	if((r = newrpc(fs, tx, flags, dst, 1)) == nil){
		if((flags & Ftrack) && fideffect(tx, &fid) == Fidnew){	/* it never went out */
			pthread_mutex_lock(&fs->lk);
			_npfsputfidlocked(fs, fid);
			pthread_mutex_unlock(&fs->lk);
		}
		return nil;
	}
	r->donefn = fn;
	r->donearg = arg;
	pthread_mutex_lock(&fs->lk);
	for(;;){
		if(fs->hungup){
			err = fs->hangerr;
			goto Fail;
		}
		if(fs->mode == Looped){
			if(_npfsonloop(fs)){
				if(fn == nil){
					err = Eonloop;
					goto Fail;
				}
				fs->uv.busy++;
				r->counted = 1;
				if(!fs->uv.ioclosed)	/* a call out keeps the loop alive */
					uv_ref(&fs->uv.io.h);
				if(fs->timeout > 0)
					_npfsuvdeadline(fs, r, fs->timeout);
				enqueue(fs, r, 0);
			}else{
				if(fn != nil){
					err = Eoffloop;
					goto Fail;
				}
				fs->uv.busy++;
				r->counted = 1;
				append(&fs->oqhead, &fs->oqtail, r);
				_npfsuvkick(fs);
			}
			pthread_mutex_unlock(&fs->lk);
			return r;
		}
		if(fn != nil){
			err = Enoloop;
			goto Fail;
		}
		if(tagalloc(fs, r) == 0)
			break;
		pthread_cond_wait(&fs->tagcond, &fs->lk);
	}
	pthread_mutex_unlock(&fs->lk);
	if(fs->timeout > 0)
		deadlinein(&ts, fs->timeout);
	if(_npfsthreadsend(fs, r, fs->timeout > 0 ? &ts : nil) < 0){
		/* nothing of it went out before the deadline */
		pthread_mutex_lock(&fs->lk);
		settle(fs, r, Undone);
		untag(fs, r);
		_npfsunref(r, 1);
		pthread_mutex_unlock(&fs->lk);
		p9werrstr("%s", Etimedout);
		return nil;
	}
	return r;
Fail:
	settle(fs, r, Undone);
	pthread_mutex_unlock(&fs->lk);
	p9werrstr("%s", err);
	_npfsunref(r, r->ref);
	return nil;
}

/*
 * With fs->lk held: flush r, which then finishes with its reply if that comes first, or
 * with err. A call not sent yet just finishes. Threaded: returns the Tflush, tagged, for the
 * caller to send (with a reference for that), or nil if there is none to send.
 */
static Rpc*
flushlocked(NpCFsys *fs, Rpc *r, const char *err)
{
	Fcall tx;
	Rpc *fl;

	if(r->done || r->cancelled)
		return nil;
	r->cancelled = 1;
	r->flusherr = err;
	if(!r->tagged){
		/* still queued: it never reaches the server */
		if(unlink1(&fs->twhead, &fs->twtail, r) || unlink1(&fs->oqhead, &fs->oqtail, r)){
			settle(fs, r, Undone);
			_npfsfinish(fs, r, err);
			_npfsunref(r, 1);
		}
		return nil;
	}
	if(r->ttype == Tversion)
		return nil;	/* cannot be flushed; its deadline abandons it */
	memset(&tx, 0, sizeof tx);
	tx.type = Tflush;
	tx.oldtag = r->tag;
	if((fl = newrpc(fs, &tx, 0, nil, 0)) == nil)
		return nil;	/* its deadline abandons it */
	fl->flushof = r;
	r->ref++;
	r->flushing = 1;
	if(fs->mode == Looped){
		if(fs->flushtimeout > 0)
			_npfsuvdeadline(fs, fl, fs->flushtimeout);
		enqueue(fs, fl, 1);
		return nil;
	}
	if(tagalloc(fs, fl) < 0){
		r->flushing = 0;
		_npfsunref(r, 1);
		_npfsunref(fl, fl->ref);
		return nil;
	}
	fl->ref++;
	return fl;
}

/* Flush r (Looped: on the loop's thread). 0; the call's completion says how it ended. */
int
_npfsflush(Rpc *r, const char *err)
{
	NpCFsys *fs;
	Rpc *fl;
	struct timespec ts;

	fs = r->fs;
	pthread_mutex_lock(&fs->lk);
	fl = flushlocked(fs, r, err);
	pthread_mutex_unlock(&fs->lk);
	if(fl == nil)
		return 0;
	if(fs->flushtimeout > 0)
		deadlinein(&ts, fs->flushtimeout);
	if(_npfsthreadsend(fs, fl, fs->flushtimeout > 0 ? &ts : nil) < 0){
		/* it never went out: r's own answer, if any, frees r's tag */
		pthread_mutex_lock(&fs->lk);
		if(fl->flushof == r){
			fl->flushof = nil;
			r->flushing = 0;
			_npfsunref(r, 1);
		}
		untag(fs, fl);
		_npfsunref(fl, 1);
		pthread_mutex_unlock(&fs->lk);
		return 0;
	}
	pthread_mutex_lock(&fs->lk);
	_npfsunref(fl, 1);
	pthread_mutex_unlock(&fs->lk);
	return 0;
}

/*
 * r's flush deadline passed with no answer from the server: r finishes now with its flush
 * error. Its tag (and its Tflush's) stay taken, and its fid effect unsettled, until the
 * server answers one of them.
 */
static void
abandon(NpCFsys *fs, Rpc *r)
{
	while(r->filling){	/* Threaded: the reader is receiving into r's buffer */
		fs->fillwait++;
		pthread_cond_wait(&fs->fillcond, &fs->lk);
		fs->fillwait--;
	}
	if(r->done)
		return;
	_npfsrxdrop(fs, r);
	r->abandoned = 1;
	_npfsfinish(fs, r, r->flusherr != nil ? r->flusherr : Etimedout);
}

/* Looped, on the loop's thread with fs->lk held: r's deadline passed. */
void
_npfsexpire(NpCFsys *fs, Rpc *r)
{
	Rpc *old;

	if(r->ttype == Tflush){
		old = r->flushof;
		if(old == nil || old->done)
			return;
		if(old->sending || r->sending){
			/* libuv holds the messages: the server has not read them for that long */
			_npfshangup(fs, "9P server stopped reading: flush timed out");
			return;
		}
		abandon(fs, old);
		return;
	}
	if(r->done)
		return;
	if(r->ttype == Tversion && r->tagged){
		r->cancelled = 1;
		r->flusherr = Etimedout;
		if(!r->sending)
			abandon(fs, r);
		return;
	}
	flushlocked(fs, r, Etimedout);
}

/* The outcome of reply f for r, and the error it makes r fail with, if any. */
static int
outcome(Rpc *r, const Fcall *f, const char **err)
{
	*err = nil;
	if(f->type == Rerror)
		return Donefail;
	if(f->type != r->ttype + 1){
		*err = Ebadtype;
		return Unknown;
	}
	if(f->type == Rwalk){
		if(f->nwqid > r->nwname){
			*err = Ebadwalk;
			return Unknown;
		}
		return f->nwqid == r->nwname ? Doneok : Donefail;
	}
	return Doneok;
}

/*
 * A reply f arrived; buf (malloc'd or nil) holds its strings. With fs->lk held.
 * A reply nobody waits for (no such tag, or an answered flush's) is dropped.
 */
void
_npfsdeliver(NpCFsys *fs, Fcall *f, uchar *buf)
{
	Rpc **s, *r, *old;
	const char *err;
	int oc;

	s = slot(fs, f->tag);
	if(s == nil || (r = *s) == nil){
		free(buf);
		return;
	}
	if(r->ttype == Tflush){
		/* whatever the reply, the flushed call is over; an Rflush first means undone */
		free(buf);
		old = r->flushof;
		r->flushof = nil;
		_npfsfinish(fs, r, nil);
		untag(fs, r);
		if(old != nil){
			settle(fs, old, Undone);
			if(!old->done){
				_npfsrxdrop(fs, old);
				_npfsfinish(fs, old, old->flusherr);
			}
			old->flushing = 0;
			untag(fs, old);
			_npfsunref(old, 1);
		}
		return;
	}
	oc = outcome(r, f, &err);
	if(r->done){
		/* abandoned, or failed before: the answer only settles its effect */
		free(buf);
		settle(fs, r, oc);
		if(!r->flushing)
			untag(fs, r);
		return;
	}
	r->rx = *f;
	r->rbuf = buf;
	settle(fs, r, oc);
	_npfsfinish(fs, r, err);
	if(!r->flushing)
		untag(fs, r);
}

/*
 * The connection is gone: every call fails with err, including those still queued.
 * With fs->lk held, on the reader thread (Threaded) or the loop's thread (Looped).
 */
void
_npfshangup(NpCFsys *fs, const char *err)
{
	Rpc *r, *next;
	int i;

	if(fs->hungup)
		return;
	fs->hungup = 1;
	snprintf(fs->hangerr, sizeof fs->hangerr, "%s", err);
	_npfsrxreset(fs);
	if(fs->mode == Looped)
		_npfsuvclose(fs);	/* libuv lets go of every message it still held */
	for(i = 0; i < Maxtag; i++){
		if((r = fs->tags[i]) == nil)
			continue;
		r->fidop = Fidnone;
		_npfsfinish(fs, r, fs->hangerr);
		if((next = r->flushof) != nil){
			r->flushof = nil;
			next->flushing = 0;
			_npfsunref(next, 1);
		}
		untag(fs, r);
	}
	while((r = fs->twhead) != nil || (r = fs->oqhead) != nil){
		if(r == fs->twhead)
			fs->twhead = r->next;
		else
			fs->oqhead = r->next;
		r->next = nil;
		_npfsfinish(fs, r, fs->hangerr);
		_npfsunref(r, 1);
	}
	fs->twtail = fs->oqtail = nil;
	for(r = fs->later; r != nil; r = next){
		next = r->next;
		r->notifylater = 0;
		notify(fs, r);
	}
	fs->later = nil;
	if(fs->mode == Threaded)
		pthread_cond_broadcast(&fs->tagcond);
}

/* Call the hangup callback, once, unless npfsunmount hung up. Without fs->lk. */
void
_npfscallhangup(NpCFsys *fs)
{
	void (*fn)(void*, const char*);

	pthread_mutex_lock(&fs->lk);
	fn = nil;
	if(fs->hungup && !fs->hangupcalled && !fs->unmounting){
		fs->hangupcalled = 1;
		fn = fs->hangupfn;
	}
	pthread_mutex_unlock(&fs->lk);
	if(fn != nil)
		fn(fs->hanguparg, fs->hangerr);
}

/*
 * Wait for r's reply: 0 with *rx filled (valid until _npfsrpcfree(r)), or -1 with errstr.
 * Threaded, with a timeout set: flush r when it passes, and give up on it when the flush
 * deadline passes too. Looped, the loop does that.
 */
int
_npfswait(Rpc *r, Fcall *rx)
{
	NpCFsys *fs;
	struct timespec ts;

	fs = r->fs;
	pthread_mutex_lock(&fs->lk);
	if(fs->mode == Threaded && fs->timeout > 0 && !r->done){
		deadlinein(&ts, fs->timeout);
		while(!r->done && pthread_cond_timedwait(&r->cond, &fs->lk, &ts) != ETIMEDOUT)
			;
		if(!r->done){
			pthread_mutex_unlock(&fs->lk);
			_npfsflush(r, Etimedout);
			pthread_mutex_lock(&fs->lk);
			if(fs->flushtimeout > 0){
				deadlinein(&ts, fs->flushtimeout);
				while(!r->done && pthread_cond_timedwait(&r->cond, &fs->lk, &ts) != ETIMEDOUT)
					;
				if(!r->done)
					abandon(fs, r);
			}
		}
	}
	while(!r->done)
		pthread_cond_wait(&r->cond, &fs->lk);
	pthread_mutex_unlock(&fs->lk);
	if(r->err != nil){
		p9werrstr("%s", r->err);
		return -1;
	}
	if(r->rx.type == Rerror){
		p9werrstr("%s", r->rx.ename);
		return -1;
	}
	*rx = r->rx;
	return 0;
}

void
_npfsrpcfree(Rpc *r)
{
	NpCFsys *fs;

	if(r == nil)
		return;
	fs = r->fs;
	pthread_mutex_lock(&fs->lk);
	_npfsunref(r, 1);
	pthread_mutex_unlock(&fs->lk);
}

/* A blocking call: 0 with *rx, whose strings and data live in *freep (the caller's), or -1. */
int
_npfscall(NpCFsys *fs, Fcall *tx, int flags, Fcall *rx, void **freep)
{
	Rpc *r;

	*freep = nil;
	if((r = _npfsstart(fs, tx, flags, nil, nil, nil)) == nil)
		return -1;
	if(_npfswait(r, rx) < 0){
		_npfsrpcfree(r);
		return -1;
	}
	pthread_mutex_lock(&fs->lk);
	*freep = r->rbuf;
	r->rbuf = nil;
	_npfsunref(r, 1);
	pthread_mutex_unlock(&fs->lk);
	return 0;
}

int
npfsrpc(NpCFsys *fs, Fcall *tx, Fcall *rx, void **freep)
{
	return _npfscall(fs, tx, 0, rx, freep);
}

static void
forgotten(void *arg, Rpc *r)
{
	(void)arg;
	_npfsrpcfree(r);
}

/* On the loop's thread: send tx (its fid effect tracked); nobody waits for the answer. */
void
_npfsforget(NpCFsys *fs, Fcall *tx)
{
	_npfsstart(fs, tx, Ftrack, nil, forgotten, nil);
}
