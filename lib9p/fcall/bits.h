/* bits.h: little-endian field access shared by the 9P codec's files; private, freestanding. */
#ifndef PLANTEN_FCALL_BITS_H
#define PLANTEN_FCALL_BITS_H

enum {
	BIT8SZ = 1,
	BIT16SZ = 2,
	BIT32SZ = 4,
	BIT64SZ = 8,
	QIDSZ = BIT8SZ + BIT32SZ + BIT64SZ,
	HDRSZ = BIT32SZ + BIT8SZ + BIT16SZ,	/* size[4] type[1] tag[2] */
	MAXSTR = 0xFFFF,			/* longest string a 2-byte count can describe */
};

static inline uint
g16(const uchar *p)
{
	return p[0] | p[1]<<8;
}

static inline u32int
g32(const uchar *p)
{
	return (u32int)p[0] | (u32int)p[1]<<8 | (u32int)p[2]<<16 | (u32int)p[3]<<24;
}

static inline uvlong
g64(const uchar *p)
{
	return (uvlong)g32(p) | (uvlong)g32(p+4)<<32;
}

static inline uchar*
p16(uchar *p, uint v)
{
	p[0] = v;
	p[1] = v>>8;
	return p + BIT16SZ;
}

static inline uchar*
p32(uchar *p, u32int v)
{
	p[0] = v;
	p[1] = v>>8;
	p[2] = v>>16;
	p[3] = v>>24;
	return p + BIT32SZ;
}

static inline uchar*
p64(uchar *p, uvlong v)
{
	p32(p, (u32int)v);
	return p32(p+4, (u32int)(v>>32));
}

/* Bytes a string takes on the wire; nil counts as empty. 0 if it is too long for 9P. */
static inline uvlong
strsz(const char *s)
{
	size_t n;

	if(s == nil)
		return BIT16SZ;
	n = strlen(s);
	if(n > MAXSTR)
		return 0;
	return BIT16SZ + n;
}

/* Put s as count[2] s[count], the bytes first so that s may lie in the buffer itself. */
static inline uchar*
pstr(uchar *p, const char *s)
{
	uint n;

	n = 0;
	if(s != nil){
		n = strlen(s);
		memmove(p+BIT16SZ, s, n);
	}
	p16(p, n);
	return p + BIT16SZ + n;
}

/*
 * Check count[2] s[count] at p, p < ep: it must fit and hold no NUL.
 * Returns the end of the string, or nil.
 */
static inline uchar*
chkstr(uchar *p, const uchar *ep)
{
	uint n;

	if(ep - p < BIT16SZ)
		return nil;
	n = g16(p);
	p += BIT16SZ;
	if((uint)(ep - p) < n)
		return nil;
	if(n > 0 && memchr(p, 0, n) != nil)
		return nil;
	return p + n;
}

/*
 * Take a string checked by chkstr and NUL-terminate it in place: the bytes move down
 * one place onto the high byte of the count, leaving room for the NUL at the end.
 */
static inline uchar*
gstr(uchar *p, char **s)
{
	uint n;

	n = g16(p);
	memmove(p+1, p+BIT16SZ, n);
	p[1+n] = 0;
	*s = (char*)p + 1;
	return p + BIT16SZ + n;
}

#endif
