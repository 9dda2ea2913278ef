/* srv.c: the lib9p server core: reading requests, enforcing the protocol and dispatching them. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

static const char Eunknownfid[] = "unknown fid";
static const char Efidinuse[] = "fid in use";
static const char Eisopen[] = "fid already open";
static const char Enotopen[] = "fid not open";
static const char Eperm[] = "permission denied";
static const char Eisdir[] = "is a directory";
static const char Enotdir[] = "not a directory";
static const char Enomem[] = "out of memory";

static void
sversion(Npconn *c, Req *r)
{
	u32int msize;
	char *v;

	np_abortall(c);
	np_clunkall(c);
	c->versioned = 0;
	msize = r->ifcall.msize;
	if(msize > c->srv->st->maxmsize)
		msize = c->srv->st->maxmsize;
	v = r->ifcall.version;
	r->ofcall.msize = msize;
	if(strncmp(v, "9P2000", 6) != 0 || (v[6] != 0 && v[6] != '.')){
		r->ofcall.version = "unknown";
		nprespond(r, nil);
		return;
	}
	if(msize < NP_MINMSIZE){
		nprespond(r, "msize too small");
		return;
	}
	c->msize = msize;
	c->versioned = 1;
	r->ofcall.version = VERSION9P;
	nprespond(r, nil);
}

static void
sauth(Srv *srv, Req *r)
{
	if(srv->auth == nil){
		nprespond(r, "authentication not required");
		return;
	}
	if((r->afid = np_allocfid(r->conn, r->ifcall.afid)) == nil){
		nprespond(r, Efidinuse);
		return;
	}
	r->afid->qid.type = QTAUTH;
	r->afid->uid = strdup(r->ifcall.uname);
	srv->auth(r);
}

static void
sattach(Srv *srv, Req *r)
{
	Fid *f;

	if(r->ifcall.afid != NOFID){
		if(srv->auth == nil){
			nprespond(r, "authentication not required");
			return;
		}
		if((r->afid = np_lookupfid(r->conn, r->ifcall.afid)) == nil){
			nprespond(r, Eunknownfid);
			return;
		}
		if(!(r->afid->qid.type & QTAUTH)){
			nprespond(r, "not an auth fid");
			return;
		}
	}
	if((f = r->fid = np_allocfid(r->conn, r->ifcall.fid)) == nil){
		nprespond(r, Efidinuse);
		return;
	}
	if((f->uid = strdup(r->ifcall.uname)) == nil){
		nprespond(r, Enomem);
		return;
	}
	if(srv->attach != nil){
		srv->attach(r);
		return;
	}
	if(srv->tree == nil){
		nprespond(r, "no attach");
		return;
	}
	f->file = srv->tree->root;
	npincfile(f->file);
	r->ofcall.qid = f->file->d.qid;
	nprespond(r, nil);
}

/* Copy the library's state of fid into a new fid (which the server's clone then fills). */
static int
copyfid(Fid *to, Fid *from)
{
	to->qid = from->qid;
	to->rootqid = from->rootqid;
	if(from->uid != nil && (to->uid = strdup(from->uid)) == nil)
		return -1;
	to->file = from->file;
	if(to->file != nil)
		npincfile(to->file);
	return 0;
}

static char*
walkname(Srv *srv, Fid *f, char *name, Qid *q)
{
	if(strcmp(name, "..") == 0 && f->qid.path == f->rootqid.path){
		*q = f->qid;
		return nil;
	}
	if(srv->walk1 != nil)
		return srv->walk1(f, name, q);
	if(f->file != nil)
		return np_treewalk1(f, name, q);
	return "walk prohibited";
}

/*
 * Walk with walk1 and clone. A walk that reuses its fid is done on a private clone and
 * moved into the fid only if every name was walked, so a failed walk leaves the fid as it
 * was (for servers with clone or a tree; others must keep walk1 side effects in the qid).
 */
static void
walkandclone(Srv *srv, Req *r)
{
	Fid *w, *tmp;
	char *e;
	Qid q, oldqid;
	void *aux;
	File *file;
	int i;

	tmp = nil;
	w = r->newfid;
	e = nil;
	oldqid = r->fid->qid;
	if(w == r->fid && r->ifcall.nwname > 0 && (srv->clone != nil || w->file != nil)){
		if((tmp = calloc(1, sizeof *tmp)) == nil){
			nprespond(r, Enomem);
			return;
		}
		tmp->fid = w->fid;
		tmp->omode = -1;
		tmp->srv = srv;
		tmp->conn = w->conn;
		tmp->ref = 1;
		if(copyfid(tmp, w) < 0)
			e = (char*)Enomem;
		else if(srv->clone != nil)
			e = srv->clone(w, tmp);
		w = tmp;
	}else if(w != r->fid && srv->clone != nil)
		e = srv->clone(r->fid, w);
	if(e != nil){
		np_putfid(tmp);
		nprespond(r, e);
		return;
	}
	for(i = 0; i < r->ifcall.nwname; i++){
		if((e = walkname(srv, w, r->ifcall.wname[i], &q)) != nil)
			break;
		w->qid = q;
		r->ofcall.wqid[i] = q;
	}
	r->ofcall.nwqid = i;
	if(tmp != nil){
		if(i == r->ifcall.nwname){
			aux = r->fid->aux;
			r->fid->aux = tmp->aux;
			tmp->aux = aux;
			file = r->fid->file;
			r->fid->file = tmp->file;
			tmp->file = file;
			r->fid->qid = tmp->qid;
		}
		np_putfid(tmp);
	}else if(w == r->fid && i < r->ifcall.nwname)
		w->qid = oldqid;
	nprespond(r, e);
}

/* The fid r names, held in r->fid; nil, with r answered "unknown fid", if there is none. */
static Fid*
reqfid(Req *r)
{
	Fid *f;

	if((f = r->fid = np_lookupfid(r->conn, r->ifcall.fid)) == nil)
		nprespond(r, Eunknownfid);	/* r may be gone after this */
	return f;
}

static void
swalk(Srv *srv, Req *r)
{
	Fid *f, *nf;

	if((f = reqfid(r)) == nil)
		return;
	if(f->omode != -1 || f->busy){
		nprespond(r, "cannot walk an open fid");
		return;
	}
	if(r->ifcall.nwname > 0 && !(f->qid.type & QTDIR)){
		nprespond(r, Enotdir);
		return;
	}
	if(r->ifcall.newfid != r->ifcall.fid){
		if((nf = r->newfid = np_allocfid(r->conn, r->ifcall.newfid)) == nil){
			nprespond(r, Efidinuse);
			return;
		}
		if(copyfid(nf, f) < 0){
			nprespond(r, Enomem);
			return;
		}
	}else{
		f->ref++;
		r->newfid = f;
	}
	if(srv->walk != nil){
		srv->walk(r);
		return;
	}
	walkandclone(srv, r);
}

/* The access an open mode needs, -1 if the mode is invalid. */
static int
openperm(int mode)
{
	int p;

	switch(mode & 3){
	case OREAD:
		p = AREAD;
		break;
	case OWRITE:
		p = AWRITE;
		break;
	case ORDWR:
		p = AREAD|AWRITE;
		break;
	default:
		p = AEXEC;
		break;
	}
	if(mode & OTRUNC)
		p |= AWRITE;
	return p;
}

static int
parentwritable(Fid *f)
{
	File *p;

	if(f->file == nil)
		return 1;
	p = f->file->parent;
	if(p == nil || p == f->file)
		return 0;
	return nphasperm(p, f->uid, AWRITE);
}

static void
sopen(Srv *srv, Req *r)
{
	Fid *f;
	int p;

	if((f = reqfid(r)) == nil)
		return;
	if(f->omode != -1 || f->busy){
		nprespond(r, Eisopen);
		return;
	}
	p = openperm(r->ifcall.mode);
	if((f->qid.type & QTDIR) && (r->ifcall.mode & (3|OTRUNC)) != OREAD){
		nprespond(r, Eisdir);
		return;
	}
	if(f->file != nil){
		if(!nphasperm(f->file, f->uid, p)){
			nprespond(r, Eperm);
			return;
		}
		if((r->ifcall.mode & ORCLOSE) && !parentwritable(f)){
			nprespond(r, Eperm);
			return;
		}
		f->qid = f->file->d.qid;
	}
	r->ofcall.qid = f->qid;
	f->busy = 1;
	r->setbusy = 1;
	if(srv->open != nil)
		srv->open(r);
	else
		nprespond(r, nil);
}

static int
badname(const char *name)
{
	return name[0] == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0
		|| strchr(name, '/') != nil;
}

static void
screate(Srv *srv, Req *r)
{
	Fid *f;

	if((f = reqfid(r)) == nil)
		return;
	if(f->omode != -1 || f->busy){
		nprespond(r, Eisopen);
		return;
	}
	if(!(f->qid.type & QTDIR)){
		nprespond(r, "create in non-directory");
		return;
	}
	if(badname(r->ifcall.name)){
		nprespond(r, "illegal file name");
		return;
	}
	if((r->ifcall.perm & DMDIR) && (r->ifcall.mode & (3|OTRUNC)) != OREAD){
		nprespond(r, Eisdir);
		return;
	}
	if(f->file != nil && !nphasperm(f->file, f->uid, AWRITE)){
		nprespond(r, Eperm);
		return;
	}
	if(srv->create == nil){
		nprespond(r, "create prohibited");
		return;
	}
	f->busy = 1;
	r->setbusy = 1;
	srv->create(r);
}

static void
sread(Srv *srv, Req *r)
{
	Fid *f;
	uint iounit;
	uchar *p;

	if((f = reqfid(r)) == nil)
		return;
	if(f->omode == -1){
		nprespond(r, Enotopen);
		return;
	}
	if((f->omode & 3) == OWRITE){
		nprespond(r, "file not open for reading");
		return;
	}
	if(r->ifcall.offset < 0){
		nprespond(r, "bad offset");
		return;
	}
	if(f->qid.type & QTDIR){
		if(r->ifcall.offset != 0 && r->ifcall.offset != f->diroffset){
			nprespond(r, "bad offset in directory read");
			return;
		}
		if(r->ifcall.offset == 0){
			f->diroffset = 0;
			f->dirindex = 0;
		}
	}
	iounit = r->msize - IOHDRSZ;
	if(r->ifcall.count > iounit)
		r->ifcall.count = iounit;
	/* room for the reply's header in front, so that it is sent without a copy */
	if((p = np_bufalloc(srv->st, Rreadhdr + r->ifcall.count + 1)) == nil){
		nprespond(r, Enomem);
		return;
	}
	r->rbuf = (char*)p + Rreadhdr;
	r->ofcall.data = r->rbuf;
	if((f->qid.type & QTDIR) && f->file != nil && srv->walk1 == nil){
		npdirread9p(r, np_dirgen, f->file);
		nprespond(r, nil);
		return;
	}
	if(srv->read != nil)
		srv->read(r);
	else
		nprespond(r, "read prohibited");
}

static void
swrite(Srv *srv, Req *r)
{
	Fid *f;
	uint iounit;

	if((f = reqfid(r)) == nil)
		return;
	if(f->omode == -1){
		nprespond(r, Enotopen);
		return;
	}
	if((f->omode & 3) != OWRITE && (f->omode & 3) != ORDWR){
		nprespond(r, "file not open for writing");
		return;
	}
	if(f->qid.type & QTDIR){
		nprespond(r, Eisdir);
		return;
	}
	if(r->ifcall.offset < 0){
		nprespond(r, "bad offset");
		return;
	}
	iounit = r->msize - IOHDRSZ;
	if(r->ifcall.count > iounit)
		r->ifcall.count = iounit;
	if(srv->write != nil)
		srv->write(r);
	else
		nprespond(r, "write prohibited");
}

/* Take the fid out of the table for Tclunk and Tremove: it is gone whatever the outcome. */
static Fid*
takefid(Req *r)
{
	Fid *f;

	if((f = np_lookupfid(r->conn, r->ifcall.fid)) != nil)
		np_unhashfid(f);
	return f;
}

static void
sclunk(Srv *srv, Req *r)
{
	if((r->fid = takefid(r)) == nil)
		nprespond(r, Eunknownfid);
	else
		nprespond(r, nil);
}

static void
sremove(Srv *srv, Req *r)
{
	Fid *f;

	if((f = r->fid = takefid(r)) == nil){
		nprespond(r, Eunknownfid);
		return;
	}
	if(f->file != nil){
		if(!parentwritable(f)){
			nprespond(r, Eperm);
			return;
		}
		if(f->file->nchild > 0){
			nprespond(r, "directory not empty");
			return;
		}
	}
	if(srv->remove != nil)
		srv->remove(r);
	else
		nprespond(r, f->file != nil ? nil : "remove prohibited");
}

static void
sstat(Srv *srv, Req *r)
{
	Fid *f;

	if((f = reqfid(r)) == nil)
		return;
	if(f->file != nil)
		r->d = f->file->d;
	if(srv->stat != nil)
		srv->stat(r);
	else
		nprespond(r, f->file != nil ? nil : "stat prohibited");
}

static void
swstat(Srv *srv, Req *r)
{
	Fid *f;
	Dir *d;

	if((f = reqfid(r)) == nil)
		return;
	d = &r->d;
	if(npconvM2D(r->ifcall.stat, r->ifcall.nstat, d) != r->ifcall.nstat){
		nprespond(r, "bad stat data");
		return;
	}
	if(d->qid.path != ~(uvlong)0 && d->qid.path != f->qid.path){
		nprespond(r, "wstat: cannot change qid.path");
		return;
	}
	if(d->qid.vers != (u32int)~0 && d->qid.vers != f->qid.vers){
		nprespond(r, "wstat: cannot change qid.vers");
		return;
	}
	if(d->mode != (u32int)~0 && ((d->mode >> 24) & DMDIR >> 24) != (f->qid.type & QTDIR)){
		nprespond(r, "wstat: cannot change the directory bit");
		return;
	}
	if(d->qid.type != (uchar)~0 && d->qid.type != f->qid.type){
		nprespond(r, "wstat: cannot change qid.type");
		return;
	}
	if(srv->wstat != nil)
		srv->wstat(r);
	else
		nprespond(r, "wstat prohibited");
}

static void
sflush(Srv *srv, Req *r)
{
	Req *o;

	o = np_lookuptag(r->conn, r->ifcall.oldtag);
	if(o == nil || o == r){
		nprespond(r, nil);
		return;
	}
	o->ref++;
	r->oldreq = o;
	__atomic_store_n(&o->flushed, 1, __ATOMIC_RELEASE);
	if(__atomic_load_n(&o->responded, __ATOMIC_ACQUIRE))
		nprespond(r, nil);
	else if(srv->flush != nil)
		srv->flush(r);
	else{
		if(o->q != nil)
			npreqqueueflush(o->q, o);
		nprespond(r, nil);
	}
}

/* A request for the n-byte message at p; own: p is a buffer from np_bufalloc to take over. */
static Req*
newreq(Npconn *c, uchar *p, uint n, int own)
{
	Req *r;

	if((r = calloc(1, sizeof *r)) == nil)
		return nil;
	if(own)
		r->ibuf = p;
	else if((r->ibuf = np_bufalloc(c->srv->st, n)) == nil){
		free(r);
		return nil;
	}else
		memmove(r->ibuf, p, n);
	r->srv = c->srv;
	r->conn = c;
	c->ref++;
	r->ref = 1;
	r->msize = c->msize;
	r->tag = GBIT16(p+5);
	r->ifcall.tag = r->tag;
	r->ifcall.type = p[4];
	return r;
}

/*
 * Handle one message of n bytes at p (own: a buffer the request takes over); a message
 * that cannot be decoded closes c.
 */
static void
dispatch(Npconn *c, uchar *p, uint n, int own)
{
	Srv *srv;
	Req *r;

	srv = c->srv;
	if((r = newreq(c, p, n, own)) == nil){
		if(own)
			np_buffree(srv->st, p);
		np_closeconn(c);
		return;
	}
	if(p[4] == Twalk && n >= 17 && GBIT16(p+15) > MAXWELEM){
		r->ifcall.nwname = 0;
		nprespond(r, "too many names in walk");
		return;
	}
	if(npconvM2S(r->ibuf, n, &r->ifcall) != n){
		r->responded = 1;
		np_putreq(r);
		np_closeconn(c);
		return;
	}
	if(srv->tracefd > 0)
		p9fprint(srv->tracefd, "<- %F\n", &r->ifcall);
	if(r->ifcall.type == Tversion){
		sversion(c, r);
		return;
	}
	if(r->ifcall.type % 2 != 0 || r->ifcall.type < Tversion || r->ifcall.type >= Tmax
	|| r->ifcall.type == Terror){
		nprespond(r, "unknown message");
		return;
	}
	if(!c->versioned){
		nprespond(r, "version not negotiated");
		return;
	}
	if(np_hashreq(r) < 0){
		nprespond(r, "duplicate tag");
		return;
	}
	switch(r->ifcall.type){
	case Tauth:	sauth(srv, r); break;
	case Tattach:	sattach(srv, r); break;
	case Tflush:	sflush(srv, r); break;
	case Twalk:	swalk(srv, r); break;
	case Topen:	sopen(srv, r); break;
	case Tcreate:	screate(srv, r); break;
	case Tread:	sread(srv, r); break;
	case Twrite:	swrite(srv, r); break;
	case Tclunk:	sclunk(srv, r); break;
	case Tremove:	sremove(srv, r); break;
	case Tstat:	sstat(srv, r); break;
	case Twstat:	swstat(srv, r); break;
	}
}

/* Handle the whole messages in c's read buffer. */
void
np_conninput(Npconn *c)
{
	uint off;
	u32int sz, max;
	uchar *p;

	off = 0;
	while(!c->dead && c->rlen - off >= 4){
		sz = GBIT32(c->rbuf + off);
		max = c->versioned ? c->msize : c->srv->st->maxmsize;
		if(sz < 7 || sz > max){
			np_closeconn(c);
			return;
		}
		if(c->rlen - off < sz)
			break;
		if(off == 0 && sz == c->rlen && sz > Rbufmin){
			/* a large message alone in its buffer (alloccb): the request takes it */
			p = c->rbuf;
			c->rbuf = nil;
			c->rlen = c->rcap = 0;
			dispatch(c, p, sz, 1);
			return;
		}
		dispatch(c, c->rbuf + off, sz, 0);
		off += sz;
	}
	if(c->dead)
		return;
	memmove(c->rbuf, c->rbuf + off, c->rlen - off);
	c->rlen -= off;
	if(c->rlen == 0 && c->rcap > Rbufmin){
		np_buffree(c->srv->st, c->rbuf);
		c->rbuf = nil;
		c->rcap = 0;
	}
}
