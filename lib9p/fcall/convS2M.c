/* convS2M.c: encode a 9P2000 message; invalid Fcalls (bad type, too many names, ...) give 0. */
#include <planten/fcall.h>
#include <string.h>
#include "bits.h"

enum { MAXMSG = 0xFFFFFFFF };

static int
okstat(const Fcall *f)
{
	if(f->stat == nil)
		return 0;
	return npstatcheck(f->stat, f->nstat) == 0;
}

/* Size of the body after size[4] type[1] tag[2]; 0 if f cannot be encoded. */
static uvlong
bodysz(const Fcall *f)
{
	uvlong n, s1, s2;
	uint i;

	switch(f->type){
	case Tversion:
	case Rversion:
		s1 = strsz(f->version);
		return s1 ? BIT32SZ + s1 : 0;
	case Tauth:
	case Tattach:
		s1 = strsz(f->uname);
		s2 = strsz(f->aname);
		if(s1 == 0 || s2 == 0)
			return 0;
		return (f->type == Tattach ? 2*BIT32SZ : BIT32SZ) + s1 + s2;
	case Rerror:
		return strsz(f->ename);
	case Tflush:
		return BIT16SZ;
	case Twalk:
		if(f->nwname > MAXWELEM)
			return 0;
		n = 2*BIT32SZ + BIT16SZ;
		for(i = 0; i < f->nwname; i++){
			s1 = strsz(f->wname[i]);
			if(s1 == 0)
				return 0;
			n += s1;
		}
		return n;
	case Rwalk:
		if(f->nwqid > MAXWELEM)
			return 0;
		return BIT16SZ + (uvlong)f->nwqid*QIDSZ;
	case Topen:
		return BIT32SZ + BIT8SZ;
	case Tcreate:
		s1 = strsz(f->name);
		return s1 ? BIT32SZ + s1 + BIT32SZ + BIT8SZ : 0;
	case Tread:
		return BIT32SZ + BIT64SZ + BIT32SZ;
	case Twrite:
		if(f->count > 0 && f->data == nil)
			return 0;
		return BIT32SZ + BIT64SZ + BIT32SZ + (uvlong)f->count;
	case Rread:
		if(f->count > 0 && f->data == nil)
			return 0;
		return BIT32SZ + (uvlong)f->count;
	case Tclunk:
	case Tremove:
	case Tstat:
		return BIT32SZ;
	case Twstat:
		return okstat(f) ? BIT32SZ + BIT16SZ + f->nstat : 0;
	case Rstat:
		return okstat(f) ? BIT16SZ + f->nstat : 0;
	case Rauth:
	case Rattach:
		return QIDSZ;
	case Ropen:
	case Rcreate:
		return QIDSZ + BIT32SZ;
	case Rwrite:
		return BIT32SZ;
	}
	return 0;
}

static int
emptybody(int type)
{
	return type == Rflush || type == Rclunk || type == Rremove || type == Rwstat;
}

uint
npsizeS2M(const Fcall *f)
{
	uvlong n;

	if(f == nil)
		return 0;
	n = bodysz(f);
	if(n == 0 && !emptybody(f->type))
		return 0;
	n += HDRSZ;
	if(n > MAXMSG)
		return 0;
	return n;
}

static uchar*
pqid(uchar *p, const Qid *q)
{
	*p++ = q->type;
	p = p32(p, q->vers);
	return p64(p, q->path);
}

/* memmove, not memcpy: an Fcall decoded from a buffer may be encoded back into it. */
static uchar*
pbytes(uchar *p, const void *v, uint n)
{
	if(n > 0)
		memmove(p, v, n);
	return p + n;
}

static uchar*
body(uchar *p, const Fcall *f)
{
	uint i;

	switch(f->type){
	case Tversion:
	case Rversion:
		p = p32(p, f->msize);
		return pstr(p, f->version);
	case Tauth:
		p = p32(p, f->afid);
		p = pstr(p, f->uname);
		return pstr(p, f->aname);
	case Tattach:
		p = p32(p, f->fid);
		p = p32(p, f->afid);
		p = pstr(p, f->uname);
		return pstr(p, f->aname);
	case Rerror:
		return pstr(p, f->ename);
	case Tflush:
		return p16(p, f->oldtag);
	case Twalk:
		p = p32(p, f->fid);
		p = p32(p, f->newfid);
		p = p16(p, f->nwname);
		for(i = 0; i < f->nwname; i++)
			p = pstr(p, f->wname[i]);
		return p;
	case Rwalk:
		p = p16(p, f->nwqid);
		for(i = 0; i < f->nwqid; i++)
			p = pqid(p, &f->wqid[i]);
		return p;
	case Topen:
		p = p32(p, f->fid);
		*p++ = f->mode;
		return p;
	case Tcreate:
		p = p32(p, f->fid);
		p = pstr(p, f->name);
		p = p32(p, f->perm);
		*p++ = f->mode;
		return p;
	case Tread:
		p = p32(p, f->fid);
		p = p64(p, f->offset);
		return p32(p, f->count);
	case Twrite:
		p = p32(p, f->fid);
		p = p64(p, f->offset);
		p = p32(p, f->count);
		return pbytes(p, f->data, f->count);
	case Rread:
		p = p32(p, f->count);
		return pbytes(p, f->data, f->count);
	case Tclunk:
	case Tremove:
	case Tstat:
		return p32(p, f->fid);
	case Twstat:
		p = p32(p, f->fid);
		p = p16(p, f->nstat);
		return pbytes(p, f->stat, f->nstat);
	case Rstat:
		p = p16(p, f->nstat);
		return pbytes(p, f->stat, f->nstat);
	case Rauth:
		return pqid(p, &f->aqid);
	case Rattach:
		return pqid(p, &f->qid);
	case Ropen:
	case Rcreate:
		p = pqid(p, &f->qid);
		return p32(p, f->iounit);
	case Rwrite:
		return p32(p, f->count);
	}
	return p;
}

uint
npconvS2M(const Fcall *f, uchar *ap, uint nap)
{
	uint size;
	uchar *p;

	size = npsizeS2M(f);
	if(size == 0 || ap == nil || size > nap)
		return 0;
	p = p32(ap, size);
	*p++ = f->type;
	p = p16(p, f->tag);
	p = body(p, f);
	if(p != ap + size)
		return 0;
	return size;
}
