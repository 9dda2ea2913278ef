/*
 * req.c: requests: the per-connection table of those in flight, keyed by tag, their
 * references, and the one way a request in progress is abandoned (_npabort).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

/* A request on c with one reference, holding one on c. On the loop only. */
Sreq*
_npnewreq(Sconn *c)
{
	Npsrvstate *st;
	Sreq *r;

	st = c->srv->st;
	if((r = st->freereq) != nil){
		st->freereq = r->freenext;
		st->nfreereq--;
		memset(r, 0, offsetof(Sreq, imsg));
	}else if((r = calloc(1, sizeof *r)) == nil)
		return nil;
	r->pub.srv = c->srv;
	r->pub.conn = &c->pub;
	r->conn = c;
	c->ref++;
	r->ref = 1;
	r->msize = c->msize;
	r->worker = -1;
	return r;
}

Sreq*
_nplookuptag(Sconn *c, ushort tag)
{
	Sreq *r;

	for(r = c->tags[tag % Nhash]; r != nil; r = r->next)
		if(r->pub.tag == tag)
			return r;
	return nil;
}

/* Enter r in its connection's table; -1 if its tag is in flight already. */
int
_nphashreq(Sreq *r)
{
	Sreq **l;

	if(_nplookuptag(r->conn, r->pub.tag) != nil)
		return -1;
	l = &r->conn->tags[r->pub.tag % Nhash];
	r->next = *l;
	*l = r;
	r->intable = 1;
	r->conn->ninflight++;
	return 0;
}

void
_npunhashreq(Sreq *r)
{
	Sreq **l;

	if(!r->intable)
		return;
	for(l = &r->conn->tags[r->pub.tag % Nhash]; *l != nil; l = &(*l)->next)
		if(*l == r){
			*l = r->next;
			break;
		}
	r->intable = 0;
	r->next = nil;
	r->conn->ninflight--;
}

void
_npputreq(Sreq *r)
{
	Npsrvstate *st;
	Srv *srv;
	Sconn *c;

	if(r == nil || --r->ref > 0)
		return;
	srv = r->pub.srv;
	c = r->conn;
	if(srv->destroyreq != nil)
		srv->destroyreq(&r->pub);
	_npputfid(sfid(r->pub.fid));
	_npputfid(sfid(r->pub.afid));
	_npputfid(sfid(r->pub.newfid));
	_npputreq(sreq(r->pub.oldreq));
	npclosefile(r->dirnext);
	free(r->flushq);
	free(r->dstr);
	if(r->ibuf != r->imsg)
		_npconnfree(c, r->ibuf);
	if(r->obuf != r->omsg)
		_npconnfree(c, r->obuf);
	_npconnfree(c, r->data);
	st = srv->st;
	if(st->nfreereq < Nfreereq){
		r->freenext = st->freereq;
		st->freereq = r;
		st->nfreereq++;
	}else
		free(r);
	_npputconn(c);
}

/* Free the requests kept for reuse; the server is done. */
void
_npfreereqs(Npsrvstate *st)
{
	Sreq *r;

	while((r = st->freereq) != nil){
		st->freereq = r->freenext;
		free(r);
	}
	st->nfreereq = 0;
}

/*
 * Abandon o, which is in progress: mark it flushed and let the server stop it through
 * srv->flush, with f as the Tflush (nil: a Tflush of the library's own, never answered on
 * the wire), or, without srv->flush, cancel o in its Reqqueue and answer f. dropreply: o's
 * reply is not to be sent (Tversion, the connection ended). A Tflush only waits for its
 * own old request, and a request already answered or abandoned needs nothing more.
 */
void
_npabort(Sreq *o, Sreq *f, int dropreply)
{
	Srv *srv;

	if(dropreply)
		o->aborted = 1;
	srv = o->pub.srv;
	if(o->pub.ifcall.type == Tflush || __atomic_load_n(&o->responded, __ATOMIC_ACQUIRE)
	|| __atomic_exchange_n(&o->flushed, 1, __ATOMIC_ACQ_REL)){
		if(f != nil)
			nprespond(&f->pub, nil);
		return;
	}
	if(srv->flush != nil && f == nil && (f = _npnewreq(o->conn)) != nil){
		f->internal = 1;
		f->pub.tag = NOTAG;
		f->pub.ifcall.type = Tflush;
		f->pub.ifcall.tag = NOTAG;
		f->pub.ifcall.oldtag = o->pub.tag;
		f->pub.oldreq = &o->pub;
		o->ref++;
	}
	if(srv->flush != nil && f != nil){
		srv->flush(&f->pub);
		return;
	}
	if(o->q != nil)
		npreqqueueflush(o->q, &o->pub);
	if(f != nil)
		nprespond(&f->pub, nil);
}

/*
 * Abandon every request in flight on c, dropping their replies. The server may answer one
 * at once, taking it out of the table: so start over after each.
 */
void
_npabortall(Sconn *c)
{
	Sreq *r;
	int i;

	for(i = 0; i < Nhash; i++){
	again:
		for(r = c->tags[i]; r != nil; r = r->next)
			if(!r->aborted){
				r->ref++;
				_npabort(r, nil, 1);
				_npputreq(r);
				goto again;
			}
	}
}
