/* util.c: helpers for read handlers: npreadbuf, npreadstr, npdirread9p. */
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

void
npreadbuf(Req *r, const void *buf, long n)
{
	vlong off;
	long m;

	off = r->ifcall.offset;
	r->ofcall.count = 0;
	if(off < 0 || off >= n)
		return;
	m = n - off;
	if(m > (long)r->ifcall.count)
		m = r->ifcall.count;
	memmove(r->ofcall.data, (const char*)buf + off, m);
	r->ofcall.count = m;
}

void
npreadstr(Req *r, const char *s)
{
	npreadbuf(r, s, strlen(s));
}

void
npdirread9p(Req *r, int (*gen)(int, Dir*, void*), void *aux)
{
	uchar *p, *e;
	uint n;
	int i;
	Dir d;

	p = (uchar*)r->ofcall.data;
	e = p + r->ifcall.count;
	for(i = r->fid->dirindex; ; i++){
		memset(&d, 0, sizeof d);
		if(gen(i, &d, aux) < 0)
			break;
		n = npconvD2M(&d, p, e - p);
		if(n <= 2)
			break;
		p += n;
	}
	r->ofcall.count = p - (uchar*)r->ofcall.data;
}
