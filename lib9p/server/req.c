/* req.c: the per-connection table of requests in flight, keyed by tag; requests are refcounted. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

Req*
np_lookuptag(Npconn *c, ushort tag)
{
	Req *r;

	for(r = c->tags[tag % Nhash]; r != nil; r = r->next)
		if(r->tag == tag)
			return r;
	return nil;
}

/* Enter r in its connection's table; -1 if its tag is in flight already. */
int
np_hashreq(Req *r)
{
	Req **l;

	if(np_lookuptag(r->conn, r->tag) != nil)
		return -1;
	l = &r->conn->tags[r->tag % Nhash];
	r->next = *l;
	*l = r;
	r->intable = 1;
	r->conn->ninflight++;
	return 0;
}

void
np_unhashreq(Req *r)
{
	Req **l;

	if(!r->intable)
		return;
	for(l = &r->conn->tags[r->tag % Nhash]; *l != nil; l = &(*l)->next)
		if(*l == r){
			*l = r->next;
			break;
		}
	r->intable = 0;
	r->next = nil;
	r->conn->ninflight--;
}

void
np_putreq(Req *r)
{
	Srv *srv;

	if(r == nil || --r->ref > 0)
		return;
	srv = r->srv;
	if(srv->destroyreq != nil)
		srv->destroyreq(r);
	np_putfid(r->fid);
	np_putfid(r->afid);
	np_putfid(r->newfid);
	np_putreq(r->oldreq);
	free(r->flushq);
	np_buffree(srv->st, r->ibuf);
	np_buffree(srv->st, r->obuf);
	if(r->rbuf != nil)
		np_buffree(srv->st, r->rbuf - Rreadhdr);
	np_putconn(r->conn);
	free(r);
}

/*
 * Forget every request in flight on c (Tversion, or the connection closed): their tags may
 * be reused at once, and whatever they answer later is dropped. Requests still waiting in
 * a Reqqueue are cancelled there.
 */
void
np_abortall(Npconn *c)
{
	int i;
	Req *r;

	for(i = 0; i < Nhash; i++)
		while((r = c->tags[i]) != nil){
			np_unhashreq(r);
			r->aborted = 1;
			__atomic_store_n(&r->flushed, 1, __ATOMIC_RELEASE);
			if(r->q != nil && !__atomic_load_n(&r->responded, __ATOMIC_ACQUIRE))
				npreqqueueflush(r->q, r);
		}
}
