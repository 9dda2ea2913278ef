/* dir.c: 9P client directory reads, stat and wstat. */
#include <stdlib.h>
#include <string.h>
#include "fsimpl.h"

enum {
	Maxdir = 128*1024*1024,	/* bytes of one directory npfsdirreadall takes, at most */
};

static uint
gbit16(const uchar *p)
{
	return p[0] | p[1]<<8;
}

/* Decode the stat entries in raw[0..n) into one malloc'd array, strings included. */
long
_npfsparsedirs(const uchar *raw, long n, Dir **dp)
{
	long nd, i;
	const uchar *p, *e;
	uchar *b;
	uint m;
	Dir *d;

	*dp = nil;
	nd = 0;
	e = raw + n;
	for(p = raw; p < e; p += m){
		if(e - p < 2 || (m = gbit16(p) + 2) > (uint)(e - p) || npstatcheck(p, m) < 0){
			p9werrstr("malformed directory entry");
			return -1;
		}
		nd++;
	}
	if((d = malloc(nd * sizeof d[0] + n + 1)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	b = (uchar*)(d + nd);
	memmove(b, raw, n);
	for(i = 0; i < nd; i++){
		m = gbit16(b) + 2;
		if(npconvM2D(b, m, &d[i]) != m){
			free(d);
			p9werrstr("malformed directory entry");
			return -1;
		}
		b += m;
	}
	*dp = d;
	return nd;
}

long
npfsdirread(NpCFid *fid, Dir **d)
{
	uchar *buf;
	long n;

	*d = nil;
	if((buf = malloc(_npfschunk(fid))) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	n = npfsread(fid, buf, _npfschunk(fid));
	if(n > 0)
		n = _npfsparsedirs(buf, n, d);
	free(buf);
	return n;
}

long
npfsdirreadall(NpCFid *fid, Dir **d)
{
	uchar *buf, *nbuf;
	long n, tot, chunk, nalloc;

	*d = nil;
	chunk = _npfschunk(fid);
	buf = nil;
	tot = nalloc = 0;
	for(;;){
		if(tot > Maxdir - chunk){
			free(buf);
			p9werrstr("directory too large");
			return -1;
		}
		if(tot + chunk > nalloc){
			nalloc = 2*nalloc + chunk;
			if((nbuf = realloc(buf, nalloc)) == nil){
				free(buf);
				p9werrstr("out of memory");
				return -1;
			}
			buf = nbuf;
		}
		/* one message at a time: directory offsets must follow the previous read */
		n = npfsread(fid, buf + tot, chunk);
		if(n < 0){
			free(buf);
			return -1;
		}
		if(n == 0)
			break;
		tot += n;
	}
	n = tot > 0 ? _npfsparsedirs(buf, tot, d) : 0;
	free(buf);
	return n;
}

/* Decode an Rstat's entry into d, in place: d's strings point into rx's buffer. */
int
_npfsunpackstat(const Fcall *rx, Dir *d)
{
	if(npstatcheck(rx->stat, rx->nstat) < 0 || npconvM2D(rx->stat, rx->nstat, d) != rx->nstat){
		p9werrstr("malformed stat entry");
		return -1;
	}
	return 0;
}

Dir*
npfsdirfstat(NpCFid *fid)
{
	Fcall tx, rx;
	void *fr;
	Dir *d;

	memset(&tx, 0, sizeof tx);
	tx.type = Tstat;
	tx.fid = fid->fid;
	if(npfsrpc(fid->fs, &tx, &rx, &fr) < 0)
		return nil;
	if(npstatcheck(rx.stat, rx.nstat) < 0){
		free(fr);
		p9werrstr("malformed stat entry");
		return nil;
	}
	if((d = malloc(sizeof *d + rx.nstat)) == nil){
		free(fr);
		p9werrstr("out of memory");
		return nil;
	}
	memmove(d + 1, rx.stat, rx.nstat);
	free(fr);
	if(npconvM2D((uchar*)(d + 1), rx.nstat, d) != rx.nstat){
		free(d);
		p9werrstr("malformed stat entry");
		return nil;
	}
	return d;
}

Dir*
npfsdirstat(NpCFsys *fs, const char *path)
{
	NpCFid *fid;
	Dir *d;

	if(fs->root == nil){
		p9werrstr("not attached");
		return nil;
	}
	if((fid = npfswalk(fs->root, path)) == nil)
		return nil;
	d = npfsdirfstat(fid);
	npfsclose(fid);
	return d;
}

int
npfsdirfwstat(NpCFid *fid, const Dir *d)
{
	Fcall tx, rx;
	uchar *buf;
	uint n;
	void *fr;

	n = npsizeD2M(d);
	if((buf = malloc(n)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	if(npconvD2M(d, buf, n) != n){
		free(buf);
		p9werrstr("cannot encode stat entry");
		return -1;
	}
	memset(&tx, 0, sizeof tx);
	tx.type = Twstat;
	tx.fid = fid->fid;
	tx.nstat = n;
	tx.stat = buf;
	if(npfsrpc(fid->fs, &tx, &rx, &fr) < 0){
		free(buf);
		return -1;
	}
	free(fr);
	free(buf);
	return 0;
}

int
npfsdirwstat(NpCFsys *fs, const char *path, const Dir *d)
{
	NpCFid *fid;
	int r;

	if(fs->root == nil){
		p9werrstr("not attached");
		return -1;
	}
	if((fid = npfswalk(fs->root, path)) == nil)
		return -1;
	r = npfsdirfwstat(fid, d);
	npfsclose(fid);
	return r;
}
