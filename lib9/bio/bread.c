/* bread.c: reading through a Biobuf: bytes, runes, blocks and lines. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "bioimpl.h"

/*
 * Refill the buffer. The data sits at the end of it, [gbuf, ebuf), and icount is minus
 * the number of bytes not yet read; the last Bungetsize bytes read stay just before gbuf
 * so that Bungetc and Bungetrune work across a refill. Returns bytes read, 0 at end of
 * file, -1 on error.
 */
static int
fill(Biobuf *bp)
{
	uchar keep[Bungetsize];
	long n;

	if(bp->state == Bracteof)
		return 0;
	if(bp->state != Bractive){
		p9werrstr("Biobuf not open for reading");
		return -1;
	}
	memcpy(keep, bp->ebuf - Bungetsize, Bungetsize);
	n = p9_bioread(bp, bp->bbuf, bp->bsize);
	if(n < 0)
		return -1;
	if(n == 0){
		bp->state = Bracteof;
		return 0;
	}
	if(n < bp->bsize)
		memmove(bp->ebuf - n, bp->bbuf, n);
	bp->gbuf = bp->ebuf - n;
	memcpy(bp->gbuf - Bungetsize, keep, Bungetsize);
	bp->icount = -n;
	bp->offset += n;
	return n;
}

int
p9Bgetc(Biobuf *bp)
{
	if(bp->icount == 0 && fill(bp) <= 0)
		return Beof;
	return bp->ebuf[bp->icount++];
}

int
p9Bungetc(Biobuf *bp)
{
	if(bp->state == Bracteof)
		bp->state = Bractive;
	if(bp->state != Bractive)
		return Beof;
	bp->icount--;
	return 1;
}

long
p9Bgetrune(Biobuf *bp)
{
	char str[UTFmax];
	int c, i, n;
	Rune r;

	c = p9Bgetc(bp);
	if(c < Runeself){
		bp->runesize = c < 0 ? 0 : 1;
		return c;
	}
	str[0] = c;
	for(i = 1; i < UTFmax && !p9fullrune(str, i); i++){
		c = p9Bgetc(bp);
		if(c < 0)
			break;
		str[i] = c;
	}
	n = p9fullrune(str, i) ? p9chartorune(&r, str) : 1;
	if(!p9fullrune(str, i))
		r = Runeerror;
	/* give back the bytes that were not part of the rune */
	while(i > n){
		p9Bungetc(bp);
		i--;
	}
	bp->runesize = n;
	return r;
}

int
p9Bungetrune(Biobuf *bp)
{
	if(bp->state == Bracteof)
		bp->state = Bractive;
	if(bp->state != Bractive)
		return Beof;
	bp->icount -= bp->runesize;
	bp->runesize = 0;
	return 1;
}

long
p9Bread(Biobuf *bp, void *ap, long count)
{
	uchar *p;
	long n, m, done;

	p = ap;
	done = 0;
	while(done < count){
		n = -bp->icount;
		if(n == 0){
			if(bp->state == Bractive && count - done >= bp->bsize){
				/* large read: skip the buffer */
				m = p9_bioread(bp, p + done, count - done);
				if(m < 0)
					return done > 0 ? done : Beof;
				if(m == 0){
					bp->state = Bracteof;
					break;
				}
				bp->offset += m;
				done += m;
				continue;
			}
			m = fill(bp);
			if(m < 0)
				return done > 0 ? done : Beof;
			if(m == 0)
				break;
			continue;
		}
		if(n > count - done)
			n = count - done;
		memmove(p + done, bp->ebuf + bp->icount, n);
		bp->icount += n;
		done += n;
	}
	return done;
}

/*
 * Return the next line (ending with delim) in place in the buffer, or nil when the line
 * does not fit in the buffer or the file ends first; the bytes stay unread then and
 * Blinelen says how many there are.
 */
void*
p9Brdline(Biobuf *bp, int delim)
{
	uchar *ip, *ep;
	long i, j;

	if(bp->state != Bractive && bp->state != Bracteof){
		p9werrstr("Biobuf not open for reading");
		return nil;
	}
	i = -bp->icount;
	ip = bp->ebuf - i;
	ep = i > 0 ? memchr(ip, delim, i) : nil;
	if(ep != nil){
		j = ep - ip + 1;
		bp->rdline = j;
		bp->icount += j;
		return ip;
	}
	/* gather the partial line at the start of the buffer and read more after it */
	if(i > 0 && ip != bp->bbuf)
		memmove(bp->bbuf, ip, i);
	bp->gbuf = bp->bbuf;
	while(i < bp->bsize){
		if(bp->state == Bracteof)
			j = 0;
		else
			j = p9_bioread(bp, bp->bbuf + i, bp->bsize - i);
		if(j <= 0){
			if(j == 0)
				bp->state = Bracteof;
			memmove(bp->ebuf - i, bp->bbuf, i);
			bp->gbuf = bp->ebuf - i;
			bp->rdline = i;
			bp->icount = -i;
			return nil;
		}
		bp->offset += j;
		ep = memchr(bp->bbuf + i, delim, j);
		i += j;
		if(ep != nil){
			j = ep - bp->bbuf + 1;
			ip = bp->ebuf - i;
			if(i < bp->bsize){
				memmove(ip, bp->bbuf, i);
				bp->gbuf = ip;
			}
			bp->rdline = j;
			bp->icount = j - i;
			return ip;
		}
	}
	bp->rdline = bp->bsize;
	bp->icount = -bp->bsize;
	bp->gbuf = bp->bbuf;
	return nil;
}

int
p9Blinelen(Biobuf *bp)
{
	return bp->rdline;
}

/* Any length of line, malloc'd; the last line need not end with delim. */
char*
p9Brdstr(Biobuf *bp, int delim, int nulldelim)
{
	uchar *ip, *ep;
	char *s, *ns;
	long len, n, k;
	int r;

	s = nil;
	len = 0;
	for(;;){
		n = -bp->icount;
		if(n == 0){
			r = fill(bp);
			if(r < 0){
				free(s);
				return nil;
			}
			if(r == 0)
				break;
			continue;
		}
		ip = bp->ebuf - n;
		ep = memchr(ip, delim, n);
		k = ep != nil ? ep - ip + 1 : n;
		ns = realloc(s, len + k + 1);
		if(ns == nil){
			free(s);
			p9werrstr("out of memory");
			return nil;
		}
		s = ns;
		memmove(s + len, ip, k);
		len += k;
		bp->icount += k;
		if(ep != nil)
			break;
	}
	bp->rdline = len;
	if(s == nil)
		return nil;
	s[len] = 0;
	if(nulldelim && len > 0 && s[len - 1] == (char)delim)
		s[len - 1] = 0;
	return s;
}
