/* fid.c: the per-connection fid table of the lib9p server; fids are refcounted. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

/*
 * The table's chains stay short however many fids a client holds (a FUSE bridge keeps one
 * for each file the kernel remembers): it doubles when it holds twice as many fids as
 * chains. Without the memory, the chains just get longer.
 */
static Sfid**
chain(Sconn *c, u32int fid)
{
	return &c->fids[fid & (c->nfidbuck - 1)];
}

static void
growfids(Sconn *c)
{
	Sfid **t, **old, *f, *next;
	u32int i, n;

	if(c->nfid < 2*c->nfidbuck || c->nfidbuck >= (1u << 24))
		return;
	n = 2*c->nfidbuck;
	if((t = calloc(n, sizeof t[0])) == nil)
		return;
	old = c->fids;
	c->fids = t;
	for(i = 0; i < n/2; i++)
		for(f = old[i]; f != nil; f = next){
			next = f->next;
			f->next = t[f->pub.fid & (n - 1)];
			t[f->pub.fid & (n - 1)] = f;
		}
	c->nfidbuck = n;
	if(old != c->fids0)
		free(old);
}

/* The fid numbered fid on c, with a reference for the caller; nil if there is none. */
Sfid*
_nplookupfid(Sconn *c, u32int fid)
{
	Sfid *f;

	for(f = *chain(c, fid); f != nil; f = f->next)
		if(f->pub.fid == fid){
			f->ref++;
			return f;
		}
	return nil;
}

/* A fid of c outside the table, with one reference for the caller. */
Sfid*
_npnewfid(Sconn *c, u32int fid)
{
	Sfid *f;

	if((f = calloc(1, sizeof *f)) == nil)
		return nil;
	f->pub.fid = fid;
	f->pub.omode = -1;
	f->pub.srv = c->srv;
	f->pub.conn = &c->pub;
	f->conn = c;
	f->ref = 1;
	return f;
}

/* A new fid in the table, with one reference for the table and one for the caller. */
Sfid*
_npallocfid(Sconn *c, u32int fid)
{
	Sfid *f, **l;

	if(fid == NOFID)
		return nil;
	for(f = *chain(c, fid); f != nil; f = f->next)
		if(f->pub.fid == fid)
			return nil;
	if((f = _npnewfid(c, fid)) == nil)
		return nil;
	f->ref = 2;
	f->intable = 1;
	l = chain(c, fid);
	f->next = *l;
	*l = f;
	c->nfid++;
	growfids(c);
	return f;
}

/*
 * Take f out of the table, dropping the table's reference: the client is done with it, so
 * a tree file it opened ORCLOSE goes and its exclusive use ends now.
 */
void
_npunhashfid(Sfid *f)
{
	Sfid **l;

	if(f == nil || !f->intable)
		return;
	for(l = chain(f->conn, f->pub.fid); *l != nil; l = &(*l)->next)
		if(*l == f){
			*l = f->next;
			f->conn->nfid--;
			break;
		}
	f->intable = 0;
	f->next = nil;
	if(f->pub.file != nil)
		_nptreeclunk(f);
	_npputfid(f);
}

void
_npputfid(Sfid *f)
{
	Srv *srv;

	if(f == nil || --f->ref > 0)
		return;
	srv = f->pub.srv;
	if(srv->destroyfid != nil)
		srv->destroyfid(&f->pub);
	_nptreerelease(f);
	npclosefile(f->dirnext);
	npclosefile(f->pub.file);
	free(f->authuser);
	free(f->pub.uid);
	free(f);
}

/* Clunk every fid of c, as Tversion and a closed connection do. */
void
_npclunkall(Sconn *c)
{
	u32int i;

	for(i = 0; i < c->nfidbuck; i++)
		while(c->fids[i] != nil)
			_npunhashfid(c->fids[i]);
}

/* Copy the library's state of a fid into a new one (which the server's clone then fills). */
int
_npcopyfid(Sfid *to, Sfid *from)
{
	to->pub.qid = from->pub.qid;
	to->rootqid = from->rootqid;
	if(from->pub.uid != nil && (to->pub.uid = strdup(from->pub.uid)) == nil)
		return -1;
	to->pub.file = from->pub.file;
	if(to->pub.file != nil)
		npincfile(to->pub.file);
	return 0;
}
