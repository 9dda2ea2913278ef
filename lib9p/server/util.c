/* util.c: helpers for read handlers: npreaddata, npreadbuf, npreadstr, npdirread9p. */
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

/*
 * The reply buffer of a Tread, made only when a handler has bytes to put in it (so requests
 * a server holds cost no buffer), with room in front for the reply's header so that it is
 * sent without a copy.
 */
char*
npreaddata(Req *req, u32int n)
{
	Sreq *r;

	r = sreq(req);
	if(n > req->ifcall.count)
		n = req->ifcall.count;
	_npconnfree(r->conn, r->data);
	if((r->data = _npconnalloc(r->conn, Rreadhdr + n)) == nil){
		req->ofcall.data = nil;
		p9werrstr("out of memory");
		return nil;
	}
	req->ofcall.data = (char*)r->data + Rreadhdr;
	return req->ofcall.data;
}

int
npreadbuf(Req *r, const void *buf, long n)
{
	vlong off;
	long m;
	char *p;

	off = r->ifcall.offset;
	r->ofcall.count = 0;
	if(off < 0 || off >= n)
		return 0;
	m = n - off;
	if(m > (long)r->ifcall.count)
		m = r->ifcall.count;
	if((p = npreaddata(r, m)) == nil)
		return -1;
	memmove(p, (const char*)buf + off, m);
	r->ofcall.count = m;
	return 0;
}

int
npreadstr(Req *r, const char *s)
{
	return npreadbuf(r, s, strlen(s));
}

int
npdirread9p(Req *req, int (*gen)(vlong*, Dir*, void*), void *aux)
{
	Sreq *r;
	uchar *p, *s, *e;
	vlong pos, next;
	uint n;
	Dir d;

	r = sreq(req);
	req->ofcall.count = 0;
	if((s = (uchar*)npreaddata(req, req->ifcall.count)) == nil)
		return -1;
	p = s;
	e = p + req->ifcall.count;
	pos = req->ifcall.offset == 0 ? 0 : sfid(req->fid)->dirpos;
	for(;;){
		memset(&d, 0, sizeof d);
		next = pos;
		if(gen(&next, &d, aux) < 0)
			break;
		n = npconvD2M(&d, p, e - p);
		if(n <= 2)
			break;
		p += n;
		pos = next;
	}
	req->ofcall.count = p - s;
	r->dirpos = pos;
	return 0;
}
