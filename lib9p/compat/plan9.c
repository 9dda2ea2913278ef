/* plan9.c: Plan 9's convM2D (strings copied out, the buffer untouched) and read9pmsg. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/srv9.h>

uint
npconvM2Dstrs(uchar *buf, uint nbuf, Dir *d, char *strs)
{
	static char empty[] = "";
	uchar *copy;
	char **f[4];
	uint n, size, i, k;

	if(nbuf < 2)
		return 0;
	size = (buf[0] | buf[1] << 8) + 2;
	if(size > nbuf)
		return 0;
	/* lib9p decodes in place: work on a copy so buf can be decoded again */
	copy = malloc(size);
	if(copy == nil)
		return 0;
	memcpy(copy, buf, size);
	n = npconvM2D(copy, size, d);
	if(n == 0){
		free(copy);
		return 0;
	}
	f[0] = &d->name;
	f[1] = &d->uid;
	f[2] = &d->gid;
	f[3] = &d->muid;
	for(i = 0; i < 4; i++){
		if(strs == nil){
			*f[i] = empty;
			continue;
		}
		k = strlen(*f[i]) + 1;
		memmove(strs, *f[i], k);
		*f[i] = strs;
		strs += k;
	}
	free(copy);
	return n;
}

int
npread9pmsg(int fd, void *buf, uint n)
{
	uchar *p;
	long m;
	uint size;

	p = buf;
	if(n < 4){
		p9werrstr("read9pmsg: buffer too small");
		return -1;
	}
	m = p9readn(fd, p, 4);
	if(m != 4)
		return m < 0 ? -1 : 0;
	size = p[0] | p[1] << 8 | p[2] << 16 | (uint)p[3] << 24;
	if(size <= 4 || size > n){
		p9werrstr("bad length in 9P2000 message header");
		return -1;
	}
	m = p9readn(fd, p + 4, size - 4);
	if(m < 0)
		return -1;
	if((uint)m < size - 4)
		return 0;
	return size;
}
