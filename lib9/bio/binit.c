/* binit.c: setting up and tearing down a Biobuf; seeking and offsets. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include "bioimpl.h"

int
p9Binits(Biobuf *bp, int fd, int mode, uchar *buf, int size)
{
	off_t o;

	if(size <= Bungetsize){
		p9werrstr("Binits: buffer too small");
		return Beof;
	}
	switch(mode & ~(OCEXEC|ORCLOSE|OTRUNC)){
	case OREAD:
		bp->state = Bractive;
		break;
	case OWRITE:
		bp->state = Bwactive;
		break;
	default:
		p9werrstr("Binit: unknown mode %d", mode);
		return Beof;
	}
	bp->fid = fd;
	bp->flag = 0;
	bp->bsize = size - Bungetsize;
	bp->bbuf = buf + Bungetsize;
	bp->ebuf = bp->bbuf + bp->bsize;
	bp->gbuf = bp->ebuf;
	bp->icount = 0;
	bp->ocount = -bp->bsize;
	bp->rdline = 0;
	bp->runesize = 0;
	bp->errorf = nil;
	bp->iof = nil;
	bp->aux = nil;
	o = lseek(fd, 0, SEEK_CUR);
	bp->offset = o < 0 ? 0 : o;
	if(bp->state == Bwactive)
		p9_bioexit(bp, 1);
	return 0;
}

int
p9Binit(Biobuf *bp, int fd, int mode)
{
	return p9Binits(bp, fd, mode, bp->b, sizeof bp->b);
}

Biobuf*
p9Bfdopen(int fd, int mode)
{
	Biobuf *bp;

	bp = malloc(sizeof *bp);
	if(bp == nil){
		p9werrstr("out of memory");
		return nil;
	}
	if(p9Binit(bp, fd, mode) != 0){
		free(bp);
		return nil;
	}
	bp->flag = Bmagic;
	return bp;
}

Biobuf*
p9Bopen(const char *name, int mode)
{
	Biobuf *bp;
	int fd;

	switch(mode & ~(OCEXEC|ORCLOSE|OTRUNC)){
	case OREAD:
		fd = p9open(name, mode | OCEXEC);
		break;
	case OWRITE:
		fd = p9create(name, mode | OCEXEC, 0666);
		break;
	default:
		p9werrstr("Bopen: unknown mode %d", mode);
		return nil;
	}
	if(fd < 0){
		p9werrstr("%s: %r", name);
		return nil;
	}
	bp = p9Bfdopen(fd, mode);
	if(bp == nil)
		close(fd);
	return bp;
}

int
p9Bterm(Biobuf *bp)
{
	int r;

	p9_bioexit(bp, 0);
	r = p9Bflush(bp);
	if(bp->flag == Bmagic){
		bp->flag = 0;
		if(p9close(bp->fid) < 0 && r == 0)
			r = -1;
		free(bp);
	}
	return r == 0 ? 0 : Beof;
}

int
p9Bfildes(Biobuf *bp)
{
	return bp->fid;
}

vlong
p9Boffset(Biobuf *bp)
{
	switch(bp->state){
	case Bractive:
	case Bracteof:
		return bp->offset + bp->icount;
	case Bwactive:
		return bp->offset + bp->bsize + bp->ocount;
	}
	return bp->offset;
}

vlong
p9Bseek(Biobuf *bp, vlong off, int whence)
{
	vlong target, n;
	off_t o;

	switch(bp->state){
	case Bractive:
	case Bracteof:
		if(whence == 1){
			off += p9Boffset(bp);
			whence = 0;
		}
		if(whence == 0){
			/* within what is buffered? */
			n = bp->ebuf - bp->gbuf;
			if(off <= bp->offset && off >= bp->offset - n){
				bp->icount = off - bp->offset;
				bp->state = Bractive;
				return off;
			}
		}
		o = lseek(bp->fid, off, whence);
		if(o < 0)
			return p9oserror(errno);
		target = o;
		bp->icount = 0;
		bp->gbuf = bp->ebuf;
		bp->offset = target;
		bp->state = Bractive;
		return target;
	case Bwactive:
		if(p9Bflush(bp) != 0)
			return -1;
		o = lseek(bp->fid, off, whence);
		if(o < 0)
			return p9oserror(errno);
		bp->offset = o;
		return o;
	}
	p9werrstr("Bseek: inactive Biobuf");
	return -1;
}
