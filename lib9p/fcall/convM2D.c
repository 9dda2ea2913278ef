/* convM2D.c: check and decode 9P stat entries in place. */
#include <planten/fcall.h>
#include <string.h>
#include "bits.h"

enum { STROFF = STATFIXLEN - 4*BIT16SZ };	/* where name[s] starts */

/* Length of the well-formed entry at the start of buf[0..nbuf), or 0. */
static uint
entrylen(const uchar *buf, uint nbuf)
{
	uchar *p, *ep;
	uint n;
	int i;

	if(nbuf < STATFIXLEN)
		return 0;
	n = BIT16SZ + g16(buf);
	if(n < STATFIXLEN || n > nbuf)
		return 0;
	ep = (uchar*)buf + n;
	p = (uchar*)buf + STROFF;
	for(i = 0; i < 4; i++){
		p = chkstr(p, ep);
		if(p == nil)
			return 0;
	}
	if(p != ep)
		return 0;
	return n;
}

int
npstatcheck(const uchar *buf, uint nbuf)
{
	if(buf == nil || nbuf == 0 || entrylen(buf, nbuf) != nbuf)
		return -1;
	return 0;
}

uint
npconvM2D(uchar *buf, uint nbuf, Dir *d)
{
	uchar *p;
	uint n;

	if(buf == nil)
		return 0;
	n = entrylen(buf, nbuf);
	if(n == 0)
		return 0;
	p = buf + BIT16SZ;
	d->type = g16(p);
	p += BIT16SZ;
	d->dev = g32(p);
	p += BIT32SZ;
	d->qid.type = *p++;
	d->qid.vers = g32(p);
	p += BIT32SZ;
	d->qid.path = g64(p);
	p += BIT64SZ;
	d->mode = g32(p);
	p += BIT32SZ;
	d->atime = g32(p);
	p += BIT32SZ;
	d->mtime = g32(p);
	p += BIT32SZ;
	d->length = g64(p);
	p += BIT64SZ;
	p = gstr(p, &d->name);
	p = gstr(p, &d->uid);
	p = gstr(p, &d->gid);
	gstr(p, &d->muid);
	return n;
}
