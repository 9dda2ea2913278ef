/* fsys.c: a 9P client connection: tags, the reader thread that demultiplexes replies, rpc. */
#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "fsimpl.h"
#include "../fcall/bits.h"

static const char Ehungup[] = "i/o on hungup channel";
static const char Einterrupted[] = "interrupted";

/* Drop n references to r, freeing it with the last. */
static void
unrefn(Rpc *r, int n)
{
	r->ref -= n;
	if(r->ref > 0)
		return;
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

/* Take r out of the tag table; 1 if it was there (the caller then drops that reference). */
static int
untag(NpCFsys *fs, Rpc *r)
{
	Rpc **s;

	s = slot(fs, r->tag);
	if(s == nil || *s != r)
		return 0;
	*s = nil;
	fs->ntags--;
	pthread_cond_signal(&fs->tagcond);
	return 1;
}

static void
notify(NpCFsys *fs, Rpc *r)
{
	if(r->cb == nil){
		pthread_cond_broadcast(&r->cond);
		return;
	}
	r->ref++;
	r->next = nil;
	if(fs->qtail != nil)
		fs->qtail->next = r;
	else
		fs->qhead = r;
	fs->qtail = r;
	_npfsuvkick(fs);
}

static void
fail(NpCFsys *fs, Rpc *r, const char *err)
{
	if(r->done || r->filling)	/* the reader completes it once the data is in */
		return;
	r->done = 1;
	r->err = (char*)err;
	notify(fs, r);
}

static void
hangup(NpCFsys *fs)
{
	int i;
	Rpc *r, *old;

	fs->hungup = 1;
	for(i = 0; i < Maxtag; i++){
		if((r = fs->tags[i]) == nil)
			continue;
		fail(fs, r, Ehungup);
		if((old = r->flushof) != nil){
			r->flushof = nil;
			fail(fs, old, Ehungup);
			unrefn(old, untag(fs, old) + 1);
		}
		unrefn(r, untag(fs, r));
	}
	pthread_cond_broadcast(&fs->tagcond);
}

/* A reply for r: hand it over, and release what a Tflush held. Called with fs->lk held. */
static void
complete(NpCFsys *fs, Rpc *r, Fcall *f, uchar *buf)
{
	Rpc *old;

	if(r->done){
		free(buf);
		unrefn(r, untag(fs, r));
		return;
	}
	r->rx = *f;
	r->rbuf = buf;
	r->done = 1;
	if(f->type != Rerror && f->type != r->ttype+1)
		r->err = "unexpected reply type";
	if((old = r->flushof) != nil){
		r->flushof = nil;
		fail(fs, old, Einterrupted);
		unrefn(old, untag(fs, old) + 1);
	}
	notify(fs, r);
	if(!r->flushing)
		unrefn(r, untag(fs, r));
}

static int
waitreadable(NpCFsys *fs)
{
	struct pollfd p[2];

	p[0].fd = fs->fd;
	p[0].events = POLLIN;
	p[1].fd = fs->wakefd[0];
	p[1].events = POLLIN;
	for(;;){
		if(poll(p, 2, -1) < 0){
			if(errno == EINTR)
				continue;
			return -1;
		}
		if(p[1].revents)
			return -1;
		if(p[0].revents)
			return 0;
	}
}

/*
 * Read what is there, up to n bytes, for the reader: > 0 bytes read, -1 at end of file, on
 * an error, or when npfsunmount wakes it. Sockets are read without blocking first, so poll
 * is paid only when there is nothing to read; the fd's own flags, shared with whoever else
 * holds it, stay as they are.
 */
static long
rdsome(NpCFsys *fs, void *p, long n)
{
	long m;

	for(;;){
		if(fs->sock){
			m = recv(fs->fd, p, n, MSG_DONTWAIT);
			if(m < 0 && errno == ENOTSOCK){
				fs->sock = 0;
				continue;
			}
		}else{
			if(waitreadable(fs) < 0)
				return -1;
			m = read(fs->fd, p, n);
		}
		if(m < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)){
			if(waitreadable(fs) < 0)
				return -1;
			continue;
		}
		if(m < 0 && errno == EINTR)
			continue;
		return m > 0 ? m : -1;
	}
}

/* Read exactly n bytes for the reader. */
static int
rdall(NpCFsys *fs, void *buf, long n)
{
	uchar *p;
	long m;

	for(p = buf; n > 0; p += m, n -= m)
		if((m = rdsome(fs, p, n)) < 0)
			return -1;
	return 0;
}

/*
 * Read exactly n bytes for the reader through its buffer, so that the small replies that
 * arrive together cost one recv, not three each (size and type, the rest of an Rread's
 * header, the data). Reads of half the buffer or more bypass it and land in place.
 */
static int
bread(NpCFsys *fs, void *buf, long n)
{
	uchar *p;
	long m;

	p = buf;
	m = fs->rbe - fs->rbp;
	if(m > n)
		m = n;
	memmove(p, fs->rbuf + fs->rbp, m);
	fs->rbp += m;
	p += m;
	n -= m;
	if(n == 0)
		return 0;
	if(n >= Rbufsz/2)
		return rdall(fs, p, n);
	fs->rbp = fs->rbe = 0;
	while(fs->rbe < n){
		if((m = rdsome(fs, fs->rbuf + fs->rbe, Rbufsz - fs->rbe)) < 0)
			return -1;
		fs->rbe += m;
	}
	memmove(p, fs->rbuf, n);
	fs->rbp = n;
	return 0;
}

/*
 * An Rread for a call that gave a buffer: read its data straight into it.
 * hdr holds the message's first 11 bytes. 1 if taken, 0 if not, -1 on a read error.
 */
static int
direct(NpCFsys *fs, uchar *hdr, u32int n)
{
	Rpc **s, *r;
	u32int count;
	Fcall f;
	long m;

	count = g32(hdr + 7);
	pthread_mutex_lock(&fs->lk);
	s = slot(fs, hdr[5] | hdr[6]<<8);
	r = s != nil ? *s : nil;
	if(r == nil || r->dst == nil || r->done || r->ttype != Tread || count != n - 11
	|| count > r->ndst){
		pthread_mutex_unlock(&fs->lk);
		return 0;
	}
	r->filling = 1;
	pthread_mutex_unlock(&fs->lk);
	m = bread(fs, r->dst, count) < 0 ? -1 : (long)count;
	memset(&f, 0, sizeof f);
	f.type = Rread;
	f.tag = r->tag;
	f.count = count;
	f.data = (char*)r->dst;
	if(m == (long)count && fs->trace != nil)
		fs->trace(fs->tracearg, &f);
	pthread_mutex_lock(&fs->lk);
	r->filling = 0;
	if(m != (long)count){
		pthread_mutex_unlock(&fs->lk);
		return -1;	/* the reader's hangup fails r */
	}
	complete(fs, r, &f, nil);
	pthread_mutex_unlock(&fs->lk);
	return 1;
}

static void*
reader(void *v)
{
	NpCFsys *fs;
	uchar hdr[11], *buf;
	u32int n, max, have;
	Fcall f;
	Rpc **s;
	int d;

	fs = v;
	for(;;){
		if(bread(fs, hdr, 7) < 0)
			break;
		n = npmsgsize(hdr, 4);
		max = __atomic_load_n(&fs->msize, __ATOMIC_RELAXED);	/* set by npfsversion */
		if(n < 7 || n > max)
			break;
		have = 7;
		if(hdr[4] == Rread && n >= 11){
			if(bread(fs, hdr + 7, 4) < 0)
				break;
			have = 11;
			if((d = direct(fs, hdr, n)) < 0)
				break;
			if(d > 0)
				continue;
		}
		if((buf = malloc(n)) == nil)
			break;
		memmove(buf, hdr, have);
		if(bread(fs, buf + have, n - have) < 0 || npconvM2S(buf, n, &f) != n){
			free(buf);
			break;
		}
		if(fs->trace != nil)
			fs->trace(fs->tracearg, &f);
		pthread_mutex_lock(&fs->lk);
		s = slot(fs, f.tag);
		if(s == nil || *s == nil)
			free(buf);
		else
			complete(fs, *s, &f, buf);
		pthread_mutex_unlock(&fs->lk);
	}
	pthread_mutex_lock(&fs->lk);
	hangup(fs);
	pthread_mutex_unlock(&fs->lk);
	return nil;
}

/*
 * Write all of iov; MSG_NOSIGNAL, because a library must not kill its caller with SIGPIPE.
 * Not a socket: writev.
 */
static int
sendall(int fd, struct iovec *iov, int niov)
{
	struct msghdr m;
	long n;
	int sock;

	sock = 1;
	while(niov > 0){
		if(iov->iov_len == 0){
			iov++;
			niov--;
			continue;
		}
		memset(&m, 0, sizeof m);
		m.msg_iov = iov;
		m.msg_iovlen = niov;
		n = sock ? sendmsg(fd, &m, MSG_NOSIGNAL) : writev(fd, iov, niov);
		if(n < 0 && errno == ENOTSOCK){
			sock = 0;
			continue;
		}
		if(n < 0 && errno == EINTR)
			continue;
		if(n <= 0)
			return -1;
		while(n > 0 && niov > 0){
			if((size_t)n < iov->iov_len){
				iov->iov_base = (char*)iov->iov_base + n;
				iov->iov_len -= n;
				n = 0;
			}else{
				n -= iov->iov_len;
				iov++;
				niov--;
			}
		}
	}
	return 0;
}

static int
alloctag(NpCFsys *fs, Rpc *r, uchar type)
{
	int i, t;

	if(type == Tversion){
		if(fs->tags[Maxtag-1] != nil){
			p9werrstr("version in progress");
			return -1;
		}
		r->tag = NOTAG;
		fs->tags[Maxtag-1] = r;
		fs->ntags++;
		return 0;
	}
	for(;;){
		if(fs->hungup){
			p9werrstr("%s", Ehungup);
			return -1;
		}
		for(i = 0; i < Maxtag-1; i++){
			t = (fs->nexttag + i) % (Maxtag-1);
			if(fs->tags[t] == nil){
				fs->nexttag = t+1;
				r->tag = t;
				fs->tags[t] = r;
				fs->ntags++;
				return 0;
			}
		}
		pthread_cond_wait(&fs->tagcond, &fs->lk);
	}
}

/*
 * Encode tx into a malloc'd *bufp, all but a Twrite's data, which goes out from the
 * caller's buffer as it is: the header is encoded for count 0 and then patched.
 * Returns the header's size, 0 on failure.
 */
static uint
encode(NpCFsys *fs, Fcall *tx, uchar **bufp)
{
	Fcall h;
	uint n;
	uchar *buf;

	*bufp = nil;
	h = *tx;
	if(tx->type == Twrite){
		h.count = 0;
		h.data = nil;
	}
	n = npsizeS2M(&h);
	if(n == 0 || (uvlong)n + (tx->type == Twrite ? tx->count : 0) > fs->msize)
		return 0;
	if((buf = malloc(n)) == nil || npconvS2M(&h, buf, n) != n){
		free(buf);
		return 0;
	}
	if(tx->type == Twrite){
		p32(buf, n + tx->count);
		p32(buf + n - 4, tx->count);
	}
	*bufp = buf;
	return n;
}

/*
 * Send tx and return its Rpc, owned by the caller (owned=0: by nobody, for a Tflush
 * nobody waits for). A Tread's reply data goes straight into dst when it is not nil.
 * A write error hangs the connection up, which completes r with an error, so the
 * caller finds out when it waits.
 */
static Rpc*
start(NpCFsys *fs, Fcall *tx, NpFscb *cb, void *arg, Rpc *flushof, int owned, uchar *dst)
{
	Rpc *r;
	uchar *buf;
	uint n;
	struct iovec iov[2];

	if((r = calloc(1, sizeof *r)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	pthread_cond_init(&r->cond, nil);
	r->fs = fs;
	r->ref = 1 + owned;
	r->ttype = tx->type;
	r->cb = cb;
	r->arg = arg;
	r->flushof = flushof;
	if(tx->type == Tread){
		r->dst = dst;
		r->ndst = tx->count;
	}
	pthread_mutex_lock(&fs->lk);
	if(alloctag(fs, r, tx->type) < 0){
		pthread_mutex_unlock(&fs->lk);
		pthread_cond_destroy(&r->cond);
		free(r);
		return nil;
	}
	pthread_mutex_unlock(&fs->lk);
	tx->tag = r->tag;
	if((n = encode(fs, tx, &buf)) == 0){
		pthread_mutex_lock(&fs->lk);
		r->flushof = nil;
		r->done = 1;
		unrefn(r, untag(fs, r) + owned);
		pthread_mutex_unlock(&fs->lk);
		p9werrstr("cannot encode %s message (too large?)",
			npfcallname(tx->type) ? npfcallname(tx->type) : "9P");
		return nil;
	}
	iov[0].iov_base = buf;
	iov[0].iov_len = n;
	iov[1].iov_base = tx->data;
	iov[1].iov_len = tx->type == Twrite ? tx->count : 0;
	pthread_mutex_lock(&fs->wlk);
	if(fs->trace != nil)
		fs->trace(fs->tracearg, tx);
	if(sendall(fs->fd, iov, 2) < 0){
		pthread_mutex_unlock(&fs->wlk);
		pthread_mutex_lock(&fs->lk);
		hangup(fs);
		pthread_mutex_unlock(&fs->lk);
	}else
		pthread_mutex_unlock(&fs->wlk);
	free(buf);
	return r;
}

Rpc*
_npfsstart(NpCFsys *fs, Fcall *tx, NpFscb *cb, void *arg)
{
	return start(fs, tx, cb, arg, nil, 1, nil);
}

Rpc*
_npfsstartread(NpCFsys *fs, Fcall *tx, void *dst)
{
	return start(fs, tx, nil, nil, nil, 1, dst);
}

/*
 * Flush r: send a Tflush and, for a blocking caller, wait for the Rflush. r then has
 * its reply or the error "interrupted". The Tflush holds a reference to r until then.
 */
int
_npfsflush(Rpc *r)
{
	NpCFsys *fs;
	Fcall tx;
	Rpc *fl;
	int owned;

	fs = r->fs;
	pthread_mutex_lock(&fs->lk);
	if(r->done || r->flushing || r->ttype == Tversion){
		pthread_mutex_unlock(&fs->lk);
		return 0;
	}
	r->flushing = 1;
	r->ref++;
	pthread_mutex_unlock(&fs->lk);
	memset(&tx, 0, sizeof tx);
	tx.type = Tflush;
	tx.oldtag = r->tag;
	owned = r->cb == nil;
	fl = start(fs, &tx, nil, nil, r, owned, nil);
	if(fl == nil){
		pthread_mutex_lock(&fs->lk);
		r->flushing = 0;
		unrefn(r, 1);
		pthread_mutex_unlock(&fs->lk);
		return -1;
	}
	if(owned){
		pthread_mutex_lock(&fs->lk);
		while(!fl->done)
			pthread_cond_wait(&fl->cond, &fs->lk);
		if(fl->flushof != nil){	/* hung up before the Rflush */
			fl->flushof = nil;
			fail(fs, r, Ehungup);
			unrefn(r, untag(fs, r) + 1);
		}
		unrefn(fl, 1);
		pthread_mutex_unlock(&fs->lk);
	}
	return 0;
}

static void
deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000;
	if(ts->tv_nsec >= 1000000000){
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

/* Wait for r's reply. 0 with *rx filled (valid until _npfsrpcfree(r)), or -1 with errstr. */
int
_npfswait(Rpc *r, Fcall *rx)
{
	NpCFsys *fs;
	struct timespec ts;
	int timedout;

	fs = r->fs;
	timedout = 0;
	pthread_mutex_lock(&fs->lk);
	if(fs->timeout > 0)
		deadline(&ts, fs->timeout);
	while(!r->done){
		if(fs->timeout > 0 && !timedout){
			if(pthread_cond_timedwait(&r->cond, &fs->lk, &ts) == ETIMEDOUT && !r->done){
				timedout = 1;
				pthread_mutex_unlock(&fs->lk);
				_npfsflush(r);
				pthread_mutex_lock(&fs->lk);
			}
		}else
			pthread_cond_wait(&r->cond, &fs->lk);
	}
	pthread_mutex_unlock(&fs->lk);
	if(r->err != nil){
		if(timedout && r->err == Einterrupted)
			p9werrstr("timed out");
		else
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
	unrefn(r, 1);
	pthread_mutex_unlock(&fs->lk);
}

/* Run the queued async completions; on the loop's thread. */
void
_npfsrunq(NpCFsys *fs)
{
	Rpc *r, *next;
	const char *err;

	pthread_mutex_lock(&fs->lk);
	r = fs->qhead;
	fs->qhead = fs->qtail = nil;
	pthread_mutex_unlock(&fs->lk);
	for(; r != nil; r = next){
		next = r->next;
		err = r->err;
		if(err == nil && r->rx.type == Rerror)
			err = r->rx.ename;
		if(err != nil)
			r->cb(r->arg, nil, err);
		else
			r->cb(r->arg, &r->rx, nil);
		pthread_mutex_lock(&fs->lk);
		unrefn(r, 2);	/* the queue's and the owner's */
		fs->nasync--;
		pthread_mutex_unlock(&fs->lk);
	}
}

int
npfsrpc(NpCFsys *fs, Fcall *tx, Fcall *rx, void **freep)
{
	Rpc *r;

	*freep = nil;
	if((r = _npfsstart(fs, tx, nil, nil)) == nil)
		return -1;
	if(_npfswait(r, rx) < 0){
		_npfsrpcfree(r);
		return -1;
	}
	/* hand rbuf over to the caller */
	pthread_mutex_lock(&fs->lk);
	*freep = r->rbuf;
	r->rbuf = nil;
	unrefn(r, 1);
	pthread_mutex_unlock(&fs->lk);
	return 0;
}

int
npfsversion(NpCFsys *fs, u32int msize)
{
	Fcall tx, rx;
	void *fr;

	if(msize == 0)
		msize = NP_DEFMSIZE;
	if(msize < NP_MINMSIZE || msize > NP_MAXMSIZE){
		p9werrstr("bad msize %ud", msize);
		return -1;
	}

	memset(&tx, 0, sizeof tx);
	tx.type = Tversion;
	tx.msize = msize;
	tx.version = VERSION9P;
	if(npfsrpc(fs, &tx, &rx, &fr) < 0){
		p9werrstr("version: %r");
		return -1;
	}
	if(strcmp(rx.version, VERSION9P) != 0 || rx.msize > msize || rx.msize < NP_MINMSIZE){
		p9werrstr("version: server offers %s msize %ud", rx.version, rx.msize);
		free(fr);
		return -1;
	}
	pthread_mutex_lock(&fs->lk);
	__atomic_store_n(&fs->msize, rx.msize, __ATOMIC_RELAXED);	/* the reader reads it unlocked */
	pthread_mutex_unlock(&fs->lk);
	free(fr);
	return 0;
}

NpCFsys*
npfsconn(int fd)
{
	NpCFsys *fs;

	if((fs = calloc(1, sizeof *fs)) == nil){
		p9werrstr("out of memory");
		close(fd);
		return nil;
	}
	fs->fd = fd;
	fs->sock = 1;	/* until recv says otherwise */
	fs->msize = NP_MAXMSIZE;	/* until Rversion says */
	pthread_mutex_init(&fs->lk, nil);
	pthread_mutex_init(&fs->wlk, nil);
	pthread_cond_init(&fs->tagcond, nil);
	if(pipe(fs->wakefd) < 0){
		p9oserror(errno);
		goto Fail;
	}
	if(pthread_create(&fs->reader, nil, reader, fs) != 0){
		p9werrstr("cannot start reader thread");
		close(fs->wakefd[0]);
		close(fs->wakefd[1]);
		goto Fail;
	}
	fs->running = 1;
	return fs;
Fail:
	pthread_cond_destroy(&fs->tagcond);
	pthread_mutex_destroy(&fs->wlk);
	pthread_mutex_destroy(&fs->lk);
	close(fd);
	free(fs);
	return nil;
}

NpCFsys*
npfsinit(int fd, u32int msize)
{
	NpCFsys *fs;

	if((fs = npfsconn(fd)) == nil)
		return nil;
	if(npfsversion(fs, msize) < 0){
		npfsunmount(fs);
		return nil;
	}
	return fs;
}

void
npfstrace(NpCFsys *fs, void (*fn)(void*, const Fcall*), void *arg)
{
	fs->trace = fn;
	fs->tracearg = arg;
}

void
npfsunmount(NpCFsys *fs)
{
	Rpc *r, *next;

	if(fs == nil)
		return;
	if(fs->root != nil)
		npfsclose(fs->root);
	if(fs->running){
		/* the reader polls the pipe whenever it would wait for the server */
		if(write(fs->wakefd[1], "x", 1) < 0){
			/* the pipe is empty and ours: cannot fail */
		}
		pthread_join(fs->reader, nil);
		close(fs->wakefd[0]);
		close(fs->wakefd[1]);
	}
	close(fs->fd);
	for(r = fs->qhead; r != nil; r = next){
		next = r->next;
		unrefn(r, 2);
	}
	pthread_cond_destroy(&fs->tagcond);
	pthread_mutex_destroy(&fs->wlk);
	pthread_mutex_destroy(&fs->lk);
	free(fs->freefids);
	free(fs);
}

u32int
npfsmsize(NpCFsys *fs)
{
	return fs->msize;
}

void
npfssettimeout(NpCFsys *fs, int ms)
{
	pthread_mutex_lock(&fs->lk);
	fs->timeout = ms < 0 ? 0 : ms;
	pthread_mutex_unlock(&fs->lk);
}

u32int
npfsnewfid(NpCFsys *fs)
{
	u32int f;

	pthread_mutex_lock(&fs->lk);
	if(fs->nfree > 0)
		f = fs->freefids[--fs->nfree];
	else
		f = fs->nextfid++;
	pthread_mutex_unlock(&fs->lk);
	return f;
}

void
npfsputfid(NpCFsys *fs, u32int fid)
{
	u32int *a;

	pthread_mutex_lock(&fs->lk);
	if(fs->nfree == fs->afree){
		a = realloc(fs->freefids, (fs->afree*2 + 16) * sizeof a[0]);
		if(a == nil){	/* leak the number; there are plenty */
			pthread_mutex_unlock(&fs->lk);
			return;
		}
		fs->freefids = a;
		fs->afree = fs->afree*2 + 16;
	}
	fs->freefids[fs->nfree++] = fid;
	pthread_mutex_unlock(&fs->lk);
}

NpCFid*
_npfsmkfid(NpCFsys *fs, u32int fid, Qid qid)
{
	NpCFid *f;

	if((f = calloc(1, sizeof *f)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	f->fs = fs;
	f->fid = fid;
	f->qid = qid;
	f->mode = -1;
	pthread_mutex_init(&f->lk, nil);
	return f;
}

void
_npfsfreefid(NpCFid *fid)
{
	npfsputfid(fid->fs, fid->fid);
	pthread_mutex_destroy(&fid->lk);
	free(fid);
}

/* Bytes of data one Tread or Twrite on fid may carry. */
u32int
_npfschunk(NpCFid *fid)
{
	u32int m;

	m = fid->fs->msize - IOHDRSZ;
	if(fid->iounit > 0 && fid->iounit < m)
		m = fid->iounit;
	return m;
}
