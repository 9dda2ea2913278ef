/* convM2S.c: decode one 9P2000 message in place, checking every field against its bounds. */
#include <planten/fcall.h>
#include <string.h>
#include "bits.h"

typedef struct Rd Rd;
struct Rd {
	uchar *p;
	uchar *ep;
	int bad;
};

static int
need(Rd *r, uint n)
{
	if(r->bad || (uint)(r->ep - r->p) < n){
		r->bad = 1;
		return 0;
	}
	return 1;
}

static uint
r8(Rd *r)
{
	if(!need(r, BIT8SZ))
		return 0;
	return *r->p++;
}

static uint
r16(Rd *r)
{
	uint v;

	if(!need(r, BIT16SZ))
		return 0;
	v = g16(r->p);
	r->p += BIT16SZ;
	return v;
}

static u32int
r32(Rd *r)
{
	u32int v;

	if(!need(r, BIT32SZ))
		return 0;
	v = g32(r->p);
	r->p += BIT32SZ;
	return v;
}

static uvlong
r64(Rd *r)
{
	uvlong v;

	if(!need(r, BIT64SZ))
		return 0;
	v = g64(r->p);
	r->p += BIT64SZ;
	return v;
}

static char*
rstr(Rd *r)
{
	char *s;

	if(r->bad)
		return nil;
	if(chkstr(r->p, r->ep) == nil){
		r->bad = 1;
		return nil;
	}
	r->p = gstr(r->p, &s);
	return s;
}

static void
rqid(Rd *r, Qid *q)
{
	q->type = r8(r);
	q->vers = r32(r);
	q->path = r64(r);
}

/* count[n] bytes that must run exactly to the end of the message */
static uchar*
rtail(Rd *r, uint n)
{
	uchar *p;

	if(!need(r, n) || (uint)(r->ep - r->p) != n){
		r->bad = 1;
		return nil;
	}
	p = r->p;
	r->p += n;
	return p;
}

static void
rstat(Rd *r, Fcall *f)
{
	f->nstat = r16(r);
	f->stat = rtail(r, f->nstat);
	if(f->stat != nil && npstatcheck(f->stat, f->nstat) < 0)
		r->bad = 1;
}

static void
tmsg(Rd *r, Fcall *f)
{
	uint i;

	switch(f->type){
	case Tversion:
		f->msize = r32(r);
		f->version = rstr(r);
		break;
	case Tauth:
		f->afid = r32(r);
		f->uname = rstr(r);
		f->aname = rstr(r);
		break;
	case Tattach:
		f->fid = r32(r);
		f->afid = r32(r);
		f->uname = rstr(r);
		f->aname = rstr(r);
		break;
	case Tflush:
		f->oldtag = r16(r);
		break;
	case Twalk:
		f->fid = r32(r);
		f->newfid = r32(r);
		f->nwname = r16(r);
		if(f->nwname > MAXWELEM){
			r->bad = 1;
			break;
		}
		for(i = 0; i < f->nwname; i++)
			f->wname[i] = rstr(r);
		break;
	case Topen:
		f->fid = r32(r);
		f->mode = r8(r);
		break;
	case Tcreate:
		f->fid = r32(r);
		f->name = rstr(r);
		f->perm = r32(r);
		f->mode = r8(r);
		break;
	case Tread:
		f->fid = r32(r);
		f->offset = r64(r);
		f->count = r32(r);
		break;
	case Twrite:
		f->fid = r32(r);
		f->offset = r64(r);
		f->count = r32(r);
		f->data = (char*)rtail(r, f->count);
		break;
	case Tclunk:
	case Tremove:
	case Tstat:
		f->fid = r32(r);
		break;
	case Twstat:
		f->fid = r32(r);
		rstat(r, f);
		break;
	default:
		r->bad = 1;
	}
}

static void
rmsg(Rd *r, Fcall *f)
{
	uint i;

	switch(f->type){
	case Rversion:
		f->msize = r32(r);
		f->version = rstr(r);
		break;
	case Rauth:
		rqid(r, &f->aqid);
		break;
	case Rattach:
		rqid(r, &f->qid);
		break;
	case Rerror:
		f->ename = rstr(r);
		break;
	case Rwalk:
		f->nwqid = r16(r);
		if(f->nwqid > MAXWELEM){
			r->bad = 1;
			break;
		}
		for(i = 0; i < f->nwqid; i++)
			rqid(r, &f->wqid[i]);
		break;
	case Ropen:
	case Rcreate:
		rqid(r, &f->qid);
		f->iounit = r32(r);
		break;
	case Rread:
		f->count = r32(r);
		f->data = (char*)rtail(r, f->count);
		break;
	case Rwrite:
		f->count = r32(r);
		break;
	case Rstat:
		rstat(r, f);
		break;
	case Rflush:
	case Rclunk:
	case Rremove:
	case Rwstat:
		break;
	default:
		r->bad = 1;
	}
}

uint
npconvM2S(uchar *ap, uint nap, Fcall *f)
{
	Rd r;

	if(ap == nil || nap < HDRSZ || g32(ap) != nap)
		return 0;
	r.p = ap + BIT32SZ;
	r.ep = ap + nap;
	r.bad = 0;
	f->type = r8(&r);
	f->tag = r16(&r);
	f->fid = NOFID;
	if(f->type & 1)
		rmsg(&r, f);
	else
		tmsg(&r, f);
	if(r.bad || r.p != r.ep)
		return 0;
	return nap;
}

uint
npmsgsize(const uchar *ap, uint n)
{
	if(ap == nil || n < BIT32SZ)
		return 0;
	return g32(ap);
}
