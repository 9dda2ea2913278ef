/* rw.c: 9P client reads and writes, large ones split into pipelined messages. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fsimpl.h"

/*
 * Move n bytes at offset in messages of at most one chunk, up to Window of them in
 * flight. Replies are taken in order; the first short one or error ends the transfer
 * and the replies still out are only drained. Returns the bytes moved, or -1 with
 * errstr set if the first message failed.
 */
static long
pipelined(NpCFid *fid, uchar type, uchar *buf, long n, vlong offset, int window)
{
	NpCFsys *fs;
	Rpc *ring[Window];
	long want[Window], issued, got, m, c;
	int head, inflight, stop, failed, first;
	Fcall tx, rx;
	Rpc *r;
	u32int chunk;
	char err[ERRMAX];

	fs = fid->fs;
	err[0] = 0;
	chunk = _npfschunk(fid);
	issued = got = 0;
	head = inflight = stop = failed = 0;
	first = 1;	/* even n == 0 sends one message */
	for(;;){
		while(!stop && inflight < window && (issued < n || first)){
			first = 0;
			m = n - issued;
			if(m > (long)chunk)
				m = chunk;
			memset(&tx, 0, sizeof tx);
			tx.type = type;
			tx.fid = fid->fid;
			tx.offset = offset + issued;
			tx.count = m;
			if(type == Twrite)
				tx.data = (char*)buf + issued;
			/* a Tread's data lands in place: buf beyond a short reply is scratch */
			r = type == Tread ? _npfsstartread(fs, &tx, buf + issued)
				: _npfsstart(fs, &tx, nil, nil);
			if(r == nil){
				if(!stop)
					p9rerrstr(err, sizeof err);
				stop = failed = 1;
				break;
			}
			ring[(head + inflight) % Window] = r;
			want[(head + inflight) % Window] = m;
			inflight++;
			issued += m;
		}
		if(inflight == 0)
			break;
		r = ring[head];
		m = want[head];
		head = (head + 1) % Window;
		inflight--;
		if(_npfswait(r, &rx) < 0){
			if(!stop){
				failed = 1;
				p9rerrstr(err, sizeof err);	/* later failures must not replace it */
			}
			stop = 1;
			_npfsrpcfree(r);
			continue;
		}
		if(!stop){
			c = rx.count;
			if(c > m){
				snprintf(err, sizeof err, "server returned too much");
				stop = failed = 1;
			}else{
				if(type == Tread && (uchar*)rx.data != buf + got)
					memmove(buf + got, rx.data, c);
				got += c;
				if(c < m)
					stop = 1;
			}
		}
		_npfsrpcfree(r);
	}
	if(failed && got == 0){
		p9werrstr("%s", err);
		return -1;
	}
	return got;
}

long
npfspread(NpCFid *fid, void *buf, long n, vlong offset)
{
	if(n < 0){
		p9werrstr("bad count");
		return -1;
	}
	return pipelined(fid, Tread, buf, n, offset, Window);
}

long
npfspwrite(NpCFid *fid, const void *buf, long n, vlong offset)
{
	long m;

	if(n < 0){
		p9werrstr("bad count");
		return -1;
	}
	m = pipelined(fid, Twrite, (uchar*)buf, n, offset, (fid->qid.type & QTAPPEND) ? 1 : Window);
	if(m == 0 && n > 0){
		p9werrstr("short write");
		return -1;
	}
	return m;
}

long
npfsread(NpCFid *fid, void *buf, long n)
{
	vlong off;
	long m;

	pthread_mutex_lock(&fid->lk);
	off = fid->offset;
	pthread_mutex_unlock(&fid->lk);
	m = npfspread(fid, buf, n, off);
	if(m > 0){
		pthread_mutex_lock(&fid->lk);
		fid->offset = off + m;
		pthread_mutex_unlock(&fid->lk);
	}
	return m;
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

long
npfswrite(NpCFid *fid, const void *buf, long n)
{
	vlong off;
	long m;

	pthread_mutex_lock(&fid->lk);
	off = fid->offset;
	pthread_mutex_unlock(&fid->lk);
	m = npfspwrite(fid, buf, n, off);
	if(m > 0){
		pthread_mutex_lock(&fid->lk);
		fid->offset = off + m;
		pthread_mutex_unlock(&fid->lk);
	}
	return m;
}

vlong
npfsseek(NpCFid *fid, vlong offset, int type)
{
	Dir *d;
	vlong base;

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
	if(base + offset < 0){
		p9werrstr("bad seek offset");
		return -1;
	}
	pthread_mutex_lock(&fid->lk);
	fid->offset = base + offset;
	pthread_mutex_unlock(&fid->lk);
	return base + offset;
}
