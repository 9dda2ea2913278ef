/* fid.c: the per-connection fid table of the lib9p server; fids are refcounted. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

Fid*
np_lookupfid(Npconn *c, u32int fid)
{
	Fid *f;

	for(f = c->fids[fid % Nhash]; f != nil; f = f->next)
		if(f->fid == fid){
			f->ref++;
			return f;
		}
	return nil;
}

/* A new fid in the table, with one reference for the table and one for the caller. */
Fid*
np_allocfid(Npconn *c, u32int fid)
{
	Fid *f, **l;

	l = &c->fids[fid % Nhash];
	for(f = *l; f != nil; f = f->next)
		if(f->fid == fid)
			return nil;
	f = calloc(1, sizeof *f);
	if(f == nil)
		return nil;
	f->fid = fid;
	f->omode = -1;
	f->srv = c->srv;
	f->conn = c;
	f->ref = 2;
	f->intable = 1;
	f->next = *l;
	*l = f;
	return f;
}

/* Take f out of the table, dropping the table's reference. */
void
np_unhashfid(Fid *f)
{
	Fid **l;

	if(f == nil || !f->intable)
		return;
	for(l = &f->conn->fids[f->fid % Nhash]; *l != nil; l = &(*l)->next)
		if(*l == f){
			*l = f->next;
			break;
		}
	f->intable = 0;
	f->next = nil;
	np_putfid(f);
}

void
np_putfid(Fid *f)
{
	Srv *srv;

	if(f == nil || --f->ref > 0)
		return;
	srv = f->srv;
	if(srv->destroyfid != nil)
		srv->destroyfid(f);
	if(f->file != nil)
		npclosefile(f->file);
	free(f->uid);
	free(f);
}

/* Clunk every fid of c, as Tversion and a closed connection do. */
void
np_clunkall(Npconn *c)
{
	int i;

	for(i = 0; i < Nhash; i++)
		while(c->fids[i] != nil)
			np_unhashfid(c->fids[i]);
}
