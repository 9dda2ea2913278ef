/* convD2M.c: encode a Dir as a 9P stat entry. */
#include <planten/fcall.h>
#include <string.h>
#include "bits.h"

enum { MAXSTAT = BIT16SZ + 0xFFFF };	/* the entry's own size[2] counts the rest */

uint
npsizeD2M(const Dir *d)
{
	const char *sv[4];
	uvlong n, s;
	int i;

	sv[0] = d->name;
	sv[1] = d->uid;
	sv[2] = d->gid;
	sv[3] = d->muid;
	n = STATFIXLEN - 4*BIT16SZ;
	for(i = 0; i < 4; i++){
		s = strsz(sv[i]);
		if(s == 0)
			return 0;
		n += s;
	}
	if(n > MAXSTAT)
		return 0;
	return n;
}

uint
npconvD2M(const Dir *d, uchar *buf, uint nbuf)
{
	uchar *p;
	uint ss;

	if(nbuf < BIT16SZ)
		return 0;
	ss = npsizeD2M(d);
	if(ss == 0)
		return 0;
	/* the size goes first even when the rest does not fit, so callers learn what is needed */
	p = p16(buf, ss - BIT16SZ);
	if(ss > nbuf)
		return BIT16SZ;
	p = p16(p, d->type);
	p = p32(p, d->dev);
	*p++ = d->qid.type;
	p = p32(p, d->qid.vers);
	p = p64(p, d->qid.path);
	p = p32(p, d->mode);
	p = p32(p, d->atime);
	p = p32(p, d->mtime);
	p = p64(p, d->length);
	p = pstr(p, d->name);
	p = pstr(p, d->uid);
	p = pstr(p, d->gid);
	p = pstr(p, d->muid);
	if(p != buf + ss)
		return 0;
	return ss;
}
