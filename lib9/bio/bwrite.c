/* bwrite.c: writing through a Biobuf: bytes, runes, blocks and formatted text. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "bioimpl.h"

int
p9Bflush(Biobuf *bp)
{
	long n;

	switch(bp->state){
	case Bwactive:
		n = bp->bsize + bp->ocount;
		if(n == 0)
			return 0;
		if(p9_biowrite(bp, bp->bbuf, n) != n)
			return Beof;
		bp->offset += n;
		bp->ocount = -bp->bsize;
		return 0;
	case Bractive:
	case Bracteof:
		return 0;
	}
	p9werrstr("Bflush: inactive Biobuf");
	return Beof;
}

int
p9Bputc(Biobuf *bp, int c)
{
	if(bp->state != Bwactive){
		p9werrstr("Biobuf not open for writing");
		return Beof;
	}
	if(bp->ocount == 0 && p9Bflush(bp) != 0)
		return Beof;
	bp->ebuf[bp->ocount++] = c;
	return 0;
}

int
p9Bputrune(Biobuf *bp, long r)
{
	char str[UTFmax];
	Rune rr;
	int n;

	if(r < Runeself){
		if(p9Bputc(bp, r) != 0)
			return Beof;
		return 1;
	}
	rr = r;
	n = p9runetochar(str, &rr);
	if(p9Bwrite(bp, str, n) != n)
		return Beof;
	return n;
}

long
p9Bwrite(Biobuf *bp, const void *ap, long count)
{
	const uchar *p;
	long n, done;

	if(bp->state != Bwactive){
		p9werrstr("Biobuf not open for writing");
		return Beof;
	}
	p = ap;
	done = 0;
	while(done < count){
		n = -bp->ocount;
		if(n == 0){
			if(p9Bflush(bp) != 0)
				return Beof;
			if(count - done >= bp->bsize){
				/* large write: skip the buffer */
				n = p9_biowrite(bp, p + done, count - done);
				if(n != count - done)
					return Beof;
				bp->offset += n;
				done += n;
			}
			continue;
		}
		if(n > count - done)
			n = count - done;
		memmove(bp->ebuf + bp->ocount, p + done, n);
		bp->ocount += n;
		done += n;
	}
	return done;
}

/* The Fmt writes straight into the Biobuf's buffer; flushing it flushes the Biobuf. */
static int
bioflush(Fmt *f)
{
	Biobuf *bp;

	bp = f->farg;
	bp->ocount = (uchar*)f->to - bp->ebuf;
	if(p9Bflush(bp) != 0)
		return 0;
	f->to = bp->ebuf + bp->ocount;
	f->stop = bp->ebuf;
	return 1;
}

int
p9Bvprint(Biobuf *bp, const char *fmt, va_list arg)
{
	Fmt f;
	int n;

	if(bp->state != Bwactive){
		p9werrstr("Biobuf not open for writing");
		return Beof;
	}
	memset(&f, 0, sizeof f);
	f.start = bp->bbuf;
	f.to = bp->ebuf + bp->ocount;
	f.stop = bp->ebuf;
	f.flush = bioflush;
	f.farg = bp;
	n = p9fmtvprint(&f, fmt, arg);
	if(bp->state == Bwactive)
		bp->ocount = (uchar*)f.to - bp->ebuf;
	return n < 0 ? Beof : f.nfmt;
}

int
p9Bprint(Biobuf *bp, const char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = p9Bvprint(bp, fmt, arg);
	va_end(arg);
	return n;
}
