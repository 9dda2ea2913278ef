/* fsys.c: a 9P client connection: making and ending one, version, settings, fid numbers. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fsimpl.h"

const char Ehungup[] = "i/o on hungup channel";
const char Einterrupted[] = "interrupted";
const char Etimedout[] = "timed out";
const char Enomem[] = "out of memory";

NpCFsys*
np_fsalloc(int fd)
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
	return fs;
}

void
np_fsfree(NpCFsys *fs)
{
	np_fsrxreset(fs);
	pthread_cond_destroy(&fs->tagcond);
	pthread_mutex_destroy(&fs->wlk);
	pthread_mutex_destroy(&fs->lk);
	free(fs->freefids);
	free(fs);
}

NpCFsys*
npfsconn(int fd)
{
	NpCFsys *fs;

	if((fs = np_fsalloc(fd)) == nil)
		return nil;
	if(np_fsthreadstart(fs) < 0){
		close(fd);
		np_fsfree(fs);
		return nil;
	}
	return fs;
}

/* Check an Rversion's offer for msize and take it. */
NPHIDDEN int	np_fsversioned(NpCFsys *fs, const Fcall *rx, u32int msize);
int
np_fsversioned(NpCFsys *fs, const Fcall *rx, u32int msize)
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
NPHIDDEN int	np_fsversiontx(Fcall *tx, u32int msize);
int
np_fsversiontx(Fcall *tx, u32int msize)
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

	if(np_fsversiontx(&tx, msize) < 0)
		return -1;
	if(npfsrpc(fs, &tx, &rx, &fr) < 0){
		p9werrstr("version: %r");
		return -1;
	}
	r = np_fsversioned(fs, &rx, tx.msize);
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
npfsunmount(NpCFsys *fs)
{
	if(fs == nil)
		return;
	if(fs->mode == Looped){
		pthread_mutex_lock(&fs->lk);
		fs->unmounting = 1;
		np_fshangup(fs, "9P connection unmounted");
		pthread_mutex_unlock(&fs->lk);
		np_fsrunq(fs);
		if(fs->root != nil){
			np_fsfreefid(fs->root);
			fs->root = nil;
		}
		np_fsuvfree(fs);
		return;
	}
	if(fs->root != nil)
		npfsclose(fs->root);
	np_fsthreadstop(fs);
	pthread_mutex_lock(&fs->lk);
	fs->unmounting = 1;
	np_fshangup(fs, "9P connection unmounted");
	pthread_mutex_unlock(&fs->lk);
	close(fs->fd);
	np_fsfree(fs);
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
np_fsputfidlocked(NpCFsys *fs, u32int fid)
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
	np_fsputfidlocked(fs, fid);
	pthread_mutex_unlock(&fs->lk);
}

NpCFid*
np_fsmkfid(NpCFsys *fs, u32int fid, Qid qid)
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
np_fsfreefid(NpCFid *fid)
{
	pthread_mutex_destroy(&fid->lk);
	free(fid);
}

/* Bytes of data one Tread or Twrite on fid may carry. */
u32int
np_fschunk(NpCFid *fid)
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
np_fssplitpath(const char *path, char **bufp, char ***elemp)
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
