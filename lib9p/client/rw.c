/* rw.c: 9P client reads and writes, large ones split into pipelined messages. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fsimpl.h"

/*
 * Set x up to move n bytes at offset through fid. The transfer ends at offset+n, which
 * must not pass the largest offset 9P can name. 0, or -1 with errstr.
 */
int
_npfsxferinit(Xfer *x, NpCFid *fid, uchar type, uchar *buf, long n, vlong offset)
{
	memset(x, 0, sizeof *x);
	if(n < 0){
		p9werrstr("bad count");
		return -1;
	}
	if(offset < 0 || n > INT64_MAX - offset){
		p9werrstr("bad offset");
		return -1;
	}
	x->fid = fid;
	x->type = type;
	x->buf = buf;
	x->n = n;
	x->offset = offset;
	x->chunk = _npfschunk(fid);
	x->window = type == Twrite && (fid->qid.type & QTAPPEND) ? 1 : Window;
	x->first = 1;	/* even n == 0 sends one message */
	return 0;
}

/*
 * Start pieces while the window has room: fn(arg, r) gets each answer (nil: a blocking
 * caller waits). -1 with errstr if none could start and none is out.
 */
int
_npfsxferissue(Xfer *x, Rpcdone *fn, void *arg)
{
	Fcall tx;
	Rpc *r;
	long m;
	int i;

	while(!x->stop && x->inflight < x->window && (x->issued < x->n || x->first)){
		x->first = 0;
		m = x->n - x->issued;
		if(m > (long)x->chunk)
			m = x->chunk;
		memset(&tx, 0, sizeof tx);
		tx.type = x->type;
		tx.fid = x->fid->fid;
		tx.offset = x->offset + x->issued;
		tx.count = m;
		if(x->type == Twrite)
			tx.data = (char*)x->buf + x->issued;
		/* a Tread's data lands in place: buf beyond a short reply is scratch */
		r = _npfsstart(x->fid->fs, &tx, 0, x->type == Tread ? x->buf + x->issued : nil, fn, arg);
		if(r == nil){
			p9rerrstr(x->err, sizeof x->err);
			x->stop = x->failed = 1;
			break;
		}
		i = (x->head + x->inflight) % Window;
		x->ring[i] = r;
		x->want[i] = m;
		x->inflight++;
		x->issued += m;
	}
	return x->inflight == 0 && x->failed && x->got == 0 && x->issued == 0 ? -1 : 0;
}

/*
 * Take the answer to the oldest piece out (it is done). Replies are taken in order; the
 * first short one or error ends the transfer, and the pieces still out are only drained.
 */
void
_npfsxfertake(Xfer *x)
{
	Rpc *r;
	long m, c;
	const char *err;

	r = x->ring[x->head];
	m = x->want[x->head];
	x->head = (x->head + 1) % Window;
	x->inflight--;
	err = r->err;
	if(err == nil && r->rx.type == Rerror)
		err = r->rx.ename;
	if(!x->stop){
		if(err != nil){
			snprintf(x->err, sizeof x->err, "%s", err);
			x->stop = x->failed = 1;
		}else if((c = r->rx.count) > m){
			snprintf(x->err, sizeof x->err, "server returned too much");
			x->stop = x->failed = 1;
		}else{
			if(x->type == Tread && (uchar*)r->rx.data != x->buf + x->got)
				memmove(x->buf + x->got, r->rx.data, c);
			x->got += c;
			if(c < m)
				x->stop = 1;
		}
	}
	_npfsrpcfree(r);
}

/* Whether the transfer is over: nothing out, and nothing more to start. */
int
_npfsxferdone(Xfer *x)
{
	return x->inflight == 0 && (x->stop || (x->issued >= x->n && !x->first));
}

/* The bytes moved, or -1 with errstr if the first piece failed. */
long
_npfsxferresult(Xfer *x)
{
	if(x->failed && x->got == 0){
		p9werrstr("%s", x->err);
		return -1;
	}
	return x->got;
}

/*
 * Move n bytes at offset in messages of at most one chunk, up to Window of them in
 * flight. Returns the bytes moved, or -1 with errstr set if the first message failed.
 */
static long
pipelined(NpCFid *fid, uchar type, uchar *buf, long n, vlong offset)
{
	Xfer x;
	Fcall rx;

	if(_npfsxferinit(&x, fid, type, buf, n, offset) < 0)
		return -1;
	for(;;){
		if(_npfsxferissue(&x, nil, nil) < 0)
			break;
		if(x.inflight == 0)
			break;
		_npfswait(x.ring[x.head], &rx);	/* its error, if any, is taken from the call */
		_npfsxfertake(&x);
	}
	return _npfsxferresult(&x);
}

long
npfspread(NpCFid *fid, void *buf, long n, vlong offset)
{
	return pipelined(fid, Tread, buf, n, offset);
}

long
npfspwrite(NpCFid *fid, const void *buf, long n, vlong offset)
{
	long m;

	m = pipelined(fid, Twrite, (uchar*)buf, n, offset);
	if(m == 0 && n > 0){
		p9werrstr("short write");
		return -1;
	}
	return m;
}

/* npfsread and npfswrite: at fid's offset, which advances by what moved. */
static long
atoffset(NpCFid *fid, uchar type, uchar *buf, long n)
{
	vlong off;
	long m;

	pthread_mutex_lock(&fid->lk);
	off = fid->offset;
	pthread_mutex_unlock(&fid->lk);
	m = type == Tread ? npfspread(fid, buf, n, off) : npfspwrite(fid, buf, n, off);
	if(m > 0){
		pthread_mutex_lock(&fid->lk);
		fid->offset = off + m;
		pthread_mutex_unlock(&fid->lk);
	}
	return m;
}

long
npfsread(NpCFid *fid, void *buf, long n)
{
	return atoffset(fid, Tread, buf, n);
}

long
npfswrite(NpCFid *fid, const void *buf, long n)
{
	return atoffset(fid, Twrite, (uchar*)buf, n);
}

long
npfsreadn(NpCFid *fid, void *buf, long n)
{
	long m, tot;

	for(tot = 0; tot < n; tot += m){
		m = npfsread(fid, (char*)buf + tot, n - tot);
		if(m < 0)
			return tot > 0 ? tot : -1;
		if(m == 0)
			break;
	}
	return tot;
}

vlong
npfsseek(NpCFid *fid, vlong offset, int type)
{
	Dir *d;
	vlong base, off;

	switch(type){
	case 0:
		base = 0;
		break;
	case 1:
		pthread_mutex_lock(&fid->lk);
		base = fid->offset;
		pthread_mutex_unlock(&fid->lk);
		break;
	case 2:
		if((d = npfsdirfstat(fid)) == nil)
			return -1;
		base = d->length;
		free(d);
		break;
	default:
		p9werrstr("bad seek type");
		return -1;
	}
	if(__builtin_add_overflow(base, offset, &off) || off < 0){
		p9werrstr("bad seek offset");
		return -1;
	}
	pthread_mutex_lock(&fid->lk);
	fid->offset = off;
	pthread_mutex_unlock(&fid->lk);
	return off;
}
