/* fsys.c: a 9P client connection: making and ending one, version, settings, fid numbers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "fsimpl.h"

const char Ehungup[] = "i/o on hungup channel";
const char Einterrupted[] = "interrupted";
const char Etimedout[] = "timed out";
const char Enomem[] = "out of memory";

NpCFsys*
_npfsalloc(int fd)
{
	NpCFsys *fs;

	if((fs = calloc(1, sizeof *fs)) == nil){
		p9werrstr("%s", Enomem);
		close(fd);
		return nil;
	}
	fs->fd = fd;
	fs->sock = 1;	/* until recv says otherwise */
	fs->msize = NP_MAXMSIZE;	/* until Rversion says */
	fs->flushtimeout = Defflushms;
	fs->mode = Threaded;
	pthread_mutex_init(&fs->lk, nil);
	pthread_mutex_init(&fs->wlk, nil);
	pthread_cond_init(&fs->tagcond, nil);
	pthread_cond_init(&fs->fillcond, nil);
	return fs;
}

void
_npfsfree(NpCFsys *fs)
{
	_npfsrxreset(fs);
	pthread_cond_destroy(&fs->tagcond);
	pthread_cond_destroy(&fs->fillcond);
	pthread_mutex_destroy(&fs->wlk);
	pthread_mutex_destroy(&fs->lk);
	free(fs->freefids);
	free(fs);
}

NpCFsys*
npfsconn(int fd)
{
	NpCFsys *fs;

	if((fs = _npfsalloc(fd)) == nil)
		return nil;
	if(_npfsthreadstart(fs) < 0){
		close(fd);
		_npfsfree(fs);
		return nil;
	}
	return fs;
}

/* Check an Rversion's offer for msize and take it. */
int
_npfsversioned(NpCFsys *fs, const Fcall *rx, u32int msize)
{
	if(strcmp(rx->version, VERSION9P) != 0 || rx->msize > msize || rx->msize < NP_MINMSIZE){
		p9werrstr("version: server offers %s msize %ud", rx->version, rx->msize);
		return -1;
	}
	pthread_mutex_lock(&fs->lk);
	fs->msize = rx->msize;
	pthread_mutex_unlock(&fs->lk);
	return 0;
}

/* A Tversion asking for msize (0: the default), or -1 with errstr if msize is bad. */
int
_npfsversiontx(Fcall *tx, u32int msize)
{
	if(msize == 0)
		msize = NP_DEFMSIZE;
	if(msize < NP_MINMSIZE || msize > NP_MAXMSIZE){
		p9werrstr("bad msize %ud", msize);
		return -1;
	}
	memset(tx, 0, sizeof *tx);
	tx->type = Tversion;
	tx->msize = msize;
	tx->version = VERSION9P;
	return 0;
}

int
npfsversion(NpCFsys *fs, u32int msize)
{
	Fcall tx, rx;
	void *fr;
	int r;

	if(_npfsversiontx(&tx, msize) < 0)
		return -1;
	if(npfsrpc(fs, &tx, &rx, &fr) < 0){
		p9werrstr("version: %r");
		return -1;
	}
	r = _npfsversioned(fs, &rx, tx.msize);
	free(fr);
	return r;
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
	pthread_mutex_lock(&fs->lk);
	fs->trace = fn;
	fs->tracearg = arg;
	pthread_mutex_unlock(&fs->lk);
}

void
npfssethangup(NpCFsys *fs, void (*fn)(void*, const char*), void *arg)
{
	pthread_mutex_lock(&fs->lk);
	fs->hangupfn = fn;
	fs->hanguparg = arg;
	pthread_mutex_unlock(&fs->lk);
}

void
npfshangup(NpCFsys *fs, const char *err)
{
	if(err == nil)
		err = Ehungup;
	pthread_mutex_lock(&fs->lk);
	if(fs->hungup){
		pthread_mutex_unlock(&fs->lk);
		return;
	}
	if(fs->mode == Looped){
		_npfshangup(fs, err);
		_npfsuvkick(fs);	/* the loop runs the callbacks and tells the hangup callback */
		pthread_mutex_unlock(&fs->lk);
		return;
	}
	_npfshangup(fs, err);
	pthread_mutex_unlock(&fs->lk);
	shutdown(fs->fd, SHUT_RDWR);	/* the reader sees the end, and tells the callback */
}

void
npfsunmount(NpCFsys *fs)
{
	if(fs == nil)
		return;
	if(fs->mode == Looped){
		pthread_mutex_lock(&fs->lk);
		fs->unmounting = 1;
		_npfshangup(fs, "9P connection unmounted");
		pthread_mutex_unlock(&fs->lk);
		_npfsrunq(fs);
		if(fs->root != nil){
			_npfsfreefid(fs->root);
			fs->root = nil;
		}
		_npfsuvfree(fs);
		return;
	}
	if(fs->root != nil)
		npfsclose(fs->root);
	_npfsthreadstop(fs);
	pthread_mutex_lock(&fs->lk);
	fs->unmounting = 1;
	_npfshangup(fs, "9P connection unmounted");
	pthread_mutex_unlock(&fs->lk);
	close(fs->fd);
	_npfsfree(fs);
}

u32int
npfsmsize(NpCFsys *fs)
{
	u32int m;

	pthread_mutex_lock(&fs->lk);
	m = fs->msize;
	pthread_mutex_unlock(&fs->lk);
	return m;
}

void
npfssettimeout(NpCFsys *fs, int ms)
{
	pthread_mutex_lock(&fs->lk);
	fs->timeout = ms < 0 ? 0 : ms;
	pthread_mutex_unlock(&fs->lk);
}

void
npfssetflushtimeout(NpCFsys *fs, int ms)
{
	pthread_mutex_lock(&fs->lk);
	fs->flushtimeout = ms < 0 ? 0 : ms;
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
_npfsputfidlocked(NpCFsys *fs, u32int fid)
{
	u32int *a;

	if(fs->nfree == fs->afree){
		a = realloc(fs->freefids, (fs->afree*2 + 16) * sizeof a[0]);
		if(a == nil)	/* leak the number; there are plenty */
			return;
		fs->freefids = a;
		fs->afree = fs->afree*2 + 16;
	}
	fs->freefids[fs->nfree++] = fid;
}

void
npfsputfid(NpCFsys *fs, u32int fid)
{
	pthread_mutex_lock(&fs->lk);
	_npfsputfidlocked(fs, fid);
	pthread_mutex_unlock(&fs->lk);
}

NpCFid*
_npfsmkfid(NpCFsys *fs, u32int fid, Qid qid)
{
	NpCFid *f;

	if((f = calloc(1, sizeof *f)) == nil){
		p9werrstr("%s", Enomem);
		return nil;
	}
	f->fs = fs;
	f->fid = fid;
	f->qid = qid;
	f->mode = -1;
	pthread_mutex_init(&f->lk, nil);
	return f;
}

/* Free fid's structure; its number is the business of the call that clunked it. */
void
_npfsfreefid(NpCFid *fid)
{
	pthread_mutex_destroy(&fid->lk);
	free(fid);
}

/* Bytes of data one Tread or Twrite on fid may carry. */
u32int
_npfschunk(NpCFid *fid)
{
	u32int m;

	m = npfsmsize(fid->fs) - IOHDRSZ;
	if(fid->iounit > 0 && fid->iounit < m)
		m = fid->iounit;
	return m;
}

/*
 * Split path into its elements: *elemp (malloc'd, free it, with *bufp, the copy they point
 * into). Empty elements and "." are skipped. Returns how many, or -1 with errstr.
 */
int
_npfssplitpath(const char *path, char **bufp, char ***elemp)
{
	int n, max;
	char *buf, *p, *q, **elem;

	*bufp = nil;
	*elemp = nil;
	if(path == nil)
		path = "";
	max = strlen(path)/2 + 1;
	buf = strdup(path);
	elem = malloc(max * sizeof elem[0]);
	if(buf == nil || elem == nil){
		free(buf);
		free(elem);
		p9werrstr("%s", Enomem);
		return -1;
	}
	n = 0;
	for(p = buf; *p != 0; p = q){
		while(*p == '/')
			p++;
		if(*p == 0)
			break;
		for(q = p; *q != 0 && *q != '/'; q++)
			;
		if(*q != 0)
			*q++ = 0;
		if(strcmp(p, ".") != 0)
			elem[n++] = p;
	}
	*bufp = buf;
	*elemp = elem;
	return n;
}
