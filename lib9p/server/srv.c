/*
 * srv.c: the lib9p server's protocol: decoding a request and, for each message type, the
 * checks it must pass, who handles it (the server, or the library for trees), how its reply
 * is adjusted and what the library records once it is answered. The table _npmsg at the
 * end holds the three steps of every type.
 */
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
static const char Ebadoffset[] = "bad offset";

static void
respond(Sreq *r, const char *err)
{
	nprespond(&r->pub, err);
}

/* The fid r names, held in r->fid; nil, with r answered "unknown fid", if there is none. */
static Sfid*
reqfid(Sreq *r)
{
	Sfid *f;

	if((f = _nplookupfid(r->conn, r->pub.ifcall.fid)) == nil){
		respond(r, Eunknownfid);	/* r may be gone after this */
		return nil;
	}
	r->pub.fid = &f->pub;
	return f;
}

/*
 * Tversion resets the connection: every request in flight is abandoned, and Rversion goes
 * out only once they have all ended, so nothing they do happens after it. Until then the
 * connection's input waits (see mayrun in conn.c).
 */
static void
sversion(Srv *srv, Sreq *r)
{
	Sconn *c;

	c = r->conn;
	c->version = r;
	if(c->ninflight > 0)
		_npabortall(c);		/* _npfinish of the last calls _npversiondone */
	else
		_npversiondone(c);
}

void
_npversiondone(Sconn *c)
{
	Sreq *r;
	u32int msize;
	char *v;

	r = c->version;
	c->version = nil;
	_npclunkall(c);
	c->versioned = 0;
	msize = r->pub.ifcall.msize;
	if(msize > c->srv->st->maxmsize)
		msize = c->srv->st->maxmsize;
	v = r->pub.ifcall.version;
	r->pub.ofcall.msize = msize;
	if(strncmp(v, "9P2000", 6) != 0 || (v[6] != 0 && v[6] != '.')){
		r->pub.ofcall.version = "unknown";
		respond(r, nil);
		return;
	}
	if(msize < NP_MINMSIZE){
		respond(r, "msize too small");
		return;
	}
	c->msize = msize;
	c->versioned = 1;
	r->pub.ofcall.version = VERSION9P;
	respond(r, nil);
}

static void
sauth(Srv *srv, Sreq *r)
{
	Sfid *af;

	if(srv->auth == nil){
		respond(r, "authentication not required");
		return;
	}
	if((af = _npallocfid(r->conn, r->pub.ifcall.afid)) == nil){
		respond(r, Efidinuse);
		return;
	}
	r->pub.afid = &af->pub;
	af->pub.qid.type = QTAUTH;
	if((af->pub.uid = strdup(r->pub.ifcall.uname)) == nil){
		respond(r, Enomem);
		return;
	}
	srv->auth(&r->pub);
}

static const char*
fixauth(Sreq *r, const char *err)
{
	r->pub.ofcall.aqid.type |= QTAUTH;
	return err;
}

static void
commitauth(Sreq *r, int ok)
{
	Fid *af;

	if((af = r->pub.afid) == nil)
		return;
	if(ok){
		af->qid = r->pub.ofcall.aqid;
		af->omode = ORDWR;
	}else
		_npunhashfid(sfid(af));
}

void
npauthdone(Fid *afid, const char *uid)
{
	char *s, *old;

	if((s = strdup(uid)) == nil)
		return;
	old = __atomic_exchange_n(&sfid(afid)->authuser, s, __ATOMIC_ACQ_REL);
	free(old);
}

const char*
npauthuser(Fid *afid)
{
	return __atomic_load_n(&sfid(afid)->authuser, __ATOMIC_ACQUIRE);
}

/* nil if r, a Tattach, may go on as far as authentication goes; else why not. */
static const char*
authcheck(Srv *srv, Sreq *r)
{
	Sfid *af;
	const char *u;

	if(srv->auth == nil)
		return r->pub.ifcall.afid == NOFID ? nil : "authentication not required";
	if(r->pub.ifcall.afid == NOFID)
		return "authentication required";
	if((af = _nplookupfid(r->conn, r->pub.ifcall.afid)) == nil)
		return Eunknownfid;
	r->pub.afid = &af->pub;
	if(!(af->pub.qid.type & QTAUTH))
		return "not an auth fid";
	if((u = npauthuser(&af->pub)) == nil)
		return "authentication not complete";
	if(strcmp(u, r->pub.ifcall.uname) != 0)
		return "user mismatch";
	return nil;
}

static void
sattach(Srv *srv, Sreq *r)
{
	Sfid *f;
	const char *e;

	if((e = authcheck(srv, r)) != nil){
		respond(r, e);
		return;
	}
	if((f = _npallocfid(r->conn, r->pub.ifcall.fid)) == nil){
		respond(r, Efidinuse);
		return;
	}
	r->pub.fid = &f->pub;
	if((f->pub.uid = strdup(r->pub.ifcall.uname)) == nil){
		respond(r, Enomem);
		return;
	}
	if(srv->tree != nil)
		npattachfile(&r->pub, srv->tree->root);
	if(srv->attach != nil)
		srv->attach(&r->pub);
	else if(srv->tree != nil)
		respond(r, nil);
	else
		respond(r, "no attach");
}

void
npattachfile(Req *r, File *f)
{
	npincfile(f);
	npclosefile(r->fid->file);
	r->fid->file = f;
	r->ofcall.qid = f->d.qid;
}

static void
commitattach(Sreq *r, int ok)
{
	Sfid *f;

	f = sfid(r->pub.fid);
	if(f == nil)
		return;
	if(ok)
		f->pub.qid = f->rootqid = r->pub.ofcall.qid;
	else
		_npunhashfid(f);
}

static void
sflush(Srv *srv, Sreq *r)
{
	Sreq *o;

	o = _nplookuptag(r->conn, r->pub.ifcall.oldtag);
	if(o == nil || o == r){
		respond(r, nil);
		return;
	}
	o->ref++;
	r->pub.oldreq = &o->pub;
	_npabort(o, r, 0);
}

/*
 * Walk with walk1 and clone. A walk that reuses its fid is done on a private clone (numbered
 * NOFID) and moved into the fid only if every name was walked, so a failed walk leaves the
 * fid as it was (for servers with clone or a tree; others must keep walk1's effects in the
 * qid, which the library restores).
 */
void
npwalkandclone(Req *req, char *(*walk1)(Fid*, char*, Qid*, void*),
	char *(*clone)(Fid*, Fid*, void*), void *arg)
{
	Sreq *r;
	Sfid *w, *tmp;
	Fid *f;
	char *e, *name;
	Qid q, oldqid;
	void *aux;
	File *file;
	int i;

	r = sreq(req);
	f = req->fid;
	tmp = nil;
	w = sfid(req->newfid);
	e = nil;
	oldqid = f->qid;
	if(&w->pub == f && req->ifcall.nwname > 0 && (clone != nil || f->file != nil)){
		if((tmp = _npnewfid(r->conn, NOFID)) == nil){
			respond(r, Enomem);
			return;
		}
		if(_npcopyfid(tmp, w) < 0)
			e = (char*)Enomem;
		else if(clone != nil)
			e = clone(f, &tmp->pub, arg);
		w = tmp;
	}else if(&w->pub != f && clone != nil)
		e = clone(f, &w->pub, arg);
	if(e != nil){
		_npputfid(tmp);
		respond(r, e);
		return;
	}
	for(i = 0; i < req->ifcall.nwname; i++){
		name = req->ifcall.wname[i];
		if(strcmp(name, "..") == 0 && w->pub.qid.path == w->rootqid.path)
			q = w->pub.qid;
		else if((e = walk1(&w->pub, name, &q, arg)) != nil)
			break;
		w->pub.qid = q;
		req->ofcall.wqid[i] = q;
	}
	req->ofcall.nwqid = i;
	if(tmp != nil){
		if(i == req->ifcall.nwname){
			aux = f->aux;
			f->aux = tmp->pub.aux;
			tmp->pub.aux = aux;
			file = f->file;
			f->file = tmp->pub.file;
			tmp->pub.file = file;
			f->qid = tmp->pub.qid;
		}
		_npputfid(tmp);
	}else if(&w->pub == f && i < req->ifcall.nwname)
		f->qid = oldqid;
	respond(r, e);
}

static char*
srvwalk1(Fid *f, char *name, Qid *q, void *arg)
{
	return ((Srv*)arg)->walk1(f, name, q);
}

static char*
srvclone(Fid *old, Fid *new, void *arg)
{
	return ((Srv*)arg)->clone(old, new);
}

static char*
treewalk1(Fid *f, char *name, Qid *q, void *arg)
{
	return _nptreewalk1(f, name, q);
}

static void
swalk(Srv *srv, Sreq *r)
{
	Sfid *f, *nf;

	if((f = reqfid(r)) == nil)
		return;
	if(f->pub.omode != -1 || f->busy){
		respond(r, "cannot walk an open fid");
		return;
	}
	if(r->pub.ifcall.nwname > 0 && !(f->pub.qid.type & QTDIR)){
		respond(r, Enotdir);
		return;
	}
	if(r->pub.ifcall.newfid != r->pub.ifcall.fid){
		if((nf = _npallocfid(r->conn, r->pub.ifcall.newfid)) == nil){
			respond(r, Efidinuse);
			return;
		}
		r->pub.newfid = &nf->pub;
		if(_npcopyfid(nf, f) < 0){
			respond(r, Enomem);
			return;
		}
	}else{
		f->ref++;
		r->pub.newfid = &f->pub;
	}
	if(srv->walk != nil)
		srv->walk(&r->pub);
	else if(srv->walk1 != nil)
		npwalkandclone(&r->pub, srvwalk1, srv->clone != nil ? srvclone : nil, srv);
	else if(f->pub.file != nil)
		npwalkandclone(&r->pub, treewalk1, nil, srv);
	else
		respond(r, "walk prohibited");
}

static const char*
fixwalk(Sreq *r, const char *err)
{
	Fcall *o;

	o = &r->pub.ofcall;
	if(o->nwqid > r->pub.ifcall.nwname)
		o->nwqid = r->pub.ifcall.nwname;
	if(err != nil && o->nwqid > 0)
		err = nil;
	else if(err == nil && o->nwqid == 0 && r->pub.ifcall.nwname > 0)
		err = "file does not exist";
	return err;
}

static void
commitwalk(Sreq *r, int ok)
{
	Fid *nf;

	nf = r->pub.newfid;
	if(ok && r->pub.ofcall.nwqid == r->pub.ifcall.nwname){
		if(r->pub.ifcall.nwname > 0)
			nf->qid = r->pub.ofcall.wqid[r->pub.ofcall.nwqid-1];
	}else if(nf != nil && nf != r->pub.fid)
		_npunhashfid(sfid(nf));
}

/* The access an open mode needs. */
static int
openperm(int mode)
{
	static const int perm[] = { AREAD, AWRITE, AREAD|AWRITE, AEXEC };
	int p;

	p = perm[mode & 3];
	if(mode & OTRUNC)
		p |= AWRITE;
	return p;
}

static int
parentwritable(Fid *f)
{
	File *p;

	p = f->file->parent;
	if(p == f->file)
		return 0;
	return nphasperm(p, f->uid, AWRITE);
}

/* The checks on a tree file to open; nil if it may be. */
static const char*
treeopenok(Sreq *r, Sfid *f)
{
	File *file;
	int mode;

	file = f->pub.file;
	mode = r->pub.ifcall.mode;
	if(!nphasperm(file, f->pub.uid, openperm(mode)))
		return Eperm;
	if((mode & ORCLOSE) && !parentwritable(&f->pub))
		return Eperm;
	if((file->d.mode & DMEXCL) && _nptreeclaim(f) < 0)
		return "exclusive use file already open";
	r->claimed = (file->d.mode & DMEXCL) != 0;
	f->pub.qid = file->d.qid;
	return nil;
}

static void
sopen(Srv *srv, Sreq *r)
{
	Sfid *f;
	const char *e;

	if((f = reqfid(r)) == nil)
		return;
	if(f->pub.omode != -1 || f->busy){
		respond(r, Eisopen);
		return;
	}
	if((f->pub.qid.type & QTDIR) && (r->pub.ifcall.mode & (3|OTRUNC)) != OREAD){
		respond(r, Eisdir);
		return;
	}
	if(f->pub.file != nil && (e = treeopenok(r, f)) != nil){
		respond(r, e);
		return;
	}
	r->pub.ofcall.qid = f->pub.qid;
	f->busy = 1;
	r->setbusy = 1;
	if(srv->open != nil)
		srv->open(&r->pub);
	else if(f->pub.file != nil)
		_nptreeopen(r);
	else
		respond(r, nil);
}

static const char*
fixopen(Sreq *r, const char *err)
{
	u32int iounit;

	iounit = r->msize - IOHDRSZ;
	if(r->pub.ofcall.iounit > iounit)
		r->pub.ofcall.iounit = iounit;
	return err;
}

static void
commitopen(Sreq *r, int ok)
{
	Sfid *f;

	f = sfid(r->pub.fid);
	if(ok){
		f->pub.omode = r->pub.ifcall.mode;
		f->pub.qid = r->pub.ofcall.qid;
		f->diroffset = 0;
		f->dirpos = 0;
		npclosefile(f->dirnext);
		f->dirnext = nil;
		if(r->pub.ifcall.type == Tcreate && f->pub.file != nil
		&& (f->pub.file->d.mode & DMEXCL))
			_nptreeclaim(f);
	}else if(r->claimed)
		_nptreerelease(f);
}

static int
badname(const char *name)
{
	return name[0] == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0
		|| strchr(name, '/') != nil;
}

static void
screate(Srv *srv, Sreq *r)
{
	Sfid *f;

	if((f = reqfid(r)) == nil)
		return;
	if(f->pub.omode != -1 || f->busy){
		respond(r, Eisopen);
		return;
	}
	if(!(f->pub.qid.type & QTDIR)){
		respond(r, "create in non-directory");
		return;
	}
	if(badname(r->pub.ifcall.name)){
		respond(r, "illegal file name");
		return;
	}
	if((r->pub.ifcall.perm & DMDIR) && (r->pub.ifcall.mode & (3|OTRUNC)) != OREAD){
		respond(r, Eisdir);
		return;
	}
	if(f->pub.file != nil && !nphasperm(f->pub.file, f->pub.uid, AWRITE)){
		respond(r, Eperm);
		return;
	}
	f->busy = 1;
	r->setbusy = 1;
	if(srv->create != nil)
		srv->create(&r->pub);
	else if(f->pub.file != nil)
		_nptreecreate(r);
	else
		respond(r, "create prohibited");
}

/*
 * The offset and count of a read or write, checked: the end must fit in 63 bits, so no
 * handler adding them overflows. 0 if they are fine; the count is clamped to the iounit.
 */
static int
badio(Sreq *r)
{
	u32int iounit;

	iounit = r->msize - IOHDRSZ;
	if(r->pub.ifcall.count > iounit)
		r->pub.ifcall.count = iounit;
	return r->pub.ifcall.offset < 0
		|| r->pub.ifcall.offset > 0x7fffffffffffffffLL - r->pub.ifcall.count;
}

static void
sread(Srv *srv, Sreq *r)
{
	Sfid *f;

	if((f = reqfid(r)) == nil)
		return;
	if(f->pub.omode == -1){
		respond(r, Enotopen);
		return;
	}
	if((f->pub.omode & 3) == OWRITE){
		respond(r, "file not open for reading");
		return;
	}
	if(badio(r)){
		respond(r, Ebadoffset);
		return;
	}
	r->dirpos = -1;
	if(f->pub.qid.type & QTDIR){
		if(r->pub.ifcall.offset != 0 && r->pub.ifcall.offset != f->diroffset){
			respond(r, "bad offset in directory read");
			return;
		}
		if(f->pub.file != nil){
			_nptreedirread(r);
			return;
		}
	}
	if(srv->read != nil)
		srv->read(&r->pub);
	else if(f->pub.file != nil)
		_nptreeread(r);
	else
		respond(r, "read prohibited");
}

/* 1 if the n bytes at p are whole stat entries. */
static int
wholeentries(const uchar *p, uint n)
{
	uint m;

	while(n > 0){
		if(n < 2)
			return 0;
		m = g16(p) + 2;
		if(m > n)
			return 0;
		p += m;
		n -= m;
	}
	return 1;
}

static const char*
fixread(Sreq *r, const char *err)
{
	Fcall *o;

	o = &r->pub.ofcall;
	if(err != nil)
		return err;
	if(o->count > r->pub.ifcall.count)
		o->count = r->pub.ifcall.count;
	if(o->count > 0 && o->data == nil)
		return "bad read reply";
	if((r->pub.fid->qid.type & QTDIR) && !wholeentries((uchar*)o->data, o->count))
		return "partial entry in directory read";
	return nil;
}

static void
commitread(Sreq *r, int ok)
{
	Sfid *f;

	f = sfid(r->pub.fid);
	if(!ok || !(f->pub.qid.type & QTDIR))
		return;
	f->diroffset = r->pub.ifcall.offset + r->pub.ofcall.count;
	if(r->dirpos >= 0){
		f->dirpos = r->dirpos;
		npclosefile(f->dirnext);
		f->dirnext = r->dirnext;
		r->dirnext = nil;
	}
}

static void
swrite(Srv *srv, Sreq *r)
{
	Sfid *f;

	if((f = reqfid(r)) == nil)
		return;
	if(f->pub.omode == -1){
		respond(r, Enotopen);
		return;
	}
	if((f->pub.omode & 3) != OWRITE && (f->pub.omode & 3) != ORDWR){
		respond(r, "file not open for writing");
		return;
	}
	if(f->pub.qid.type & QTDIR){
		respond(r, Eisdir);
		return;
	}
	if(badio(r)){
		respond(r, Ebadoffset);
		return;
	}
	if(srv->write != nil)
		srv->write(&r->pub);
	else if(f->pub.file != nil)
		_nptreewrite(r);
	else
		respond(r, "write prohibited");
}

static const char*
fixwrite(Sreq *r, const char *err)
{
	if(err == nil && r->pub.ofcall.count > r->pub.ifcall.count)
		r->pub.ofcall.count = r->pub.ifcall.count;
	return err;
}

/* Tclunk and Tremove take the fid out of the table: it is gone whatever the outcome. */
static void
sclunk(Srv *srv, Sreq *r)
{
	Sfid *f;

	if((f = reqfid(r)) == nil)
		return;
	_npunhashfid(f);
	respond(r, nil);
}

/* The checks on removing a tree file; nil if it may be removed. */
static const char*
treeremoveok(Fid *f)
{
	if(!parentwritable(f))
		return Eperm;
	if(sfile(f->file)->nchild > 0)
		return "directory not empty";
	return nil;
}

static void
sremove(Srv *srv, Sreq *r)
{
	Sfid *f;
	const char *e;

	if((f = reqfid(r)) == nil)
		return;
	e = f->pub.file != nil ? treeremoveok(&f->pub) : nil;
	_npunhashfid(f);
	if(e != nil)
		respond(r, e);
	else if(srv->remove != nil)
		srv->remove(&r->pub);
	else
		respond(r, f->pub.file != nil ? nil : "remove prohibited");
}

static void
commitremove(Sreq *r, int ok)
{
	File *file;

	if(!ok || r->pub.fid == nil)
		return;
	file = r->pub.fid->file;
	if(file != nil && !sfile(file)->removed)
		npremovefile(file);
}

/*
 * A server's own wstat may have renamed a file of its tree (even if it then answered with
 * an error): the directory refiles it.
 */
static void
commitwstat(Sreq *r, int ok)
{
	if(r->pub.fid != nil && r->pub.fid->file != nil)
		_nprenamed(sfile(r->pub.fid->file));
}

static void
sstat(Srv *srv, Sreq *r)
{
	Sfid *f;

	if((f = reqfid(r)) == nil)
		return;
	if(f->pub.file != nil && _npdupdir(r, &f->pub.file->d) < 0){
		respond(r, Enomem);
		return;
	}
	if(srv->stat != nil)
		srv->stat(&r->pub);
	else
		respond(r, f->pub.file != nil ? nil : "stat prohibited");
}

static void
swstat(Srv *srv, Sreq *r)
{
	Sfid *f;
	Dir *d;
	Qid q;

	if((f = reqfid(r)) == nil)
		return;
	d = &r->pub.d;
	q = f->pub.qid;
	if(npconvM2D(r->pub.ifcall.stat, r->pub.ifcall.nstat, d) != r->pub.ifcall.nstat){
		respond(r, "bad stat data");
		return;
	}
	if(d->qid.path != ~(uvlong)0 && d->qid.path != q.path){
		respond(r, "wstat: cannot change qid.path");
		return;
	}
	if(d->qid.vers != (u32int)~0 && d->qid.vers != q.vers){
		respond(r, "wstat: cannot change qid.vers");
		return;
	}
	if(d->mode != (u32int)~0 && ((d->mode >> 24) & DMDIR >> 24) != (q.type & QTDIR)){
		respond(r, "wstat: cannot change the directory bit");
		return;
	}
	if(d->qid.type != (uchar)~0 && d->qid.type != q.type){
		respond(r, "wstat: cannot change qid.type");
		return;
	}
	if(srv->wstat != nil)
		srv->wstat(&r->pub);
	else if(f->pub.file != nil)
		_nptreewstat(r);
	else
		respond(r, "wstat prohibited");
}

const Msgtype _npmsg[Tmax] = {
	[Tversion] =	{ sversion, nil, nil },
	[Tauth] =	{ sauth, fixauth, commitauth },
	[Tattach] =	{ sattach, nil, commitattach },
	[Tflush] =	{ sflush, nil, nil },
	[Twalk] =	{ swalk, fixwalk, commitwalk },
	[Topen] =	{ sopen, fixopen, commitopen },
	[Tcreate] =	{ screate, fixopen, commitopen },
	[Tread] =	{ sread, fixread, commitread },
	[Twrite] =	{ swrite, fixwrite, nil },
	[Tclunk] =	{ sclunk, nil, nil },
	[Tremove] =	{ sremove, nil, commitremove },
	[Tstat] =	{ sstat, nil, nil },
	[Twstat] =	{ swstat, nil, commitwstat },
};

/* A request for the n-byte message at p; own: p is a buffer from _npconnalloc to take over. */
static Sreq*
newreq(Sconn *c, uchar *p, uint n, int own)
{
	Sreq *r;

	if((r = _npnewreq(c)) == nil)
		return nil;
	if(own)
		r->ibuf = p;
	else if(n <= sizeof r->imsg){
		r->ibuf = r->imsg;
		memmove(r->ibuf, p, n);
	}else if((r->ibuf = _npconnalloc(c, n)) == nil){
		_npputreq(r);
		return nil;
	}else
		memmove(r->ibuf, p, n);
	r->pub.tag = g16(p+5);
	r->pub.ifcall.tag = r->pub.tag;
	r->pub.ifcall.type = p[4];
	return r;
}

/*
 * Handle one message of n bytes at p (own: a buffer the request takes over); a message
 * that cannot be decoded, or whose tag is in flight, closes c: any answer would be taken
 * for another request's.
 */
void
_npdispatch(Sconn *c, uchar *p, uint n, int own)
{
	Srv *srv;
	Sreq *r;
	int type;

	srv = c->srv;
	if((r = newreq(c, p, n, own)) == nil){
		if(own)
			_npconnfree(c, p);
		_npcloseconn(c);
		return;
	}
	if(p[4] == Twalk && n >= 17 && g16(p+15) > MAXWELEM){
		r->pub.ifcall.nwname = 0;
		respond(r, "too many names in walk");
		return;
	}
	if(npconvM2S(r->ibuf, n, &r->pub.ifcall) != n){
		r->responded = 1;
		_npputreq(r);
		_npcloseconn(c);
		return;
	}
	if(srv->tracefd > 0)
		p9fprint(srv->tracefd, "<- %F\n", &r->pub.ifcall);
	type = r->pub.ifcall.type;
	if(type >= Tmax || _npmsg[type].serve == nil){
		respond(r, "unknown message");
		return;
	}
	if(type != Tversion){
		if(!c->versioned){
			respond(r, "version not negotiated");
			return;
		}
		if(_nphashreq(r) < 0){
			r->responded = 1;
			_npputreq(r);
			_npcloseconn(c);
			return;
		}
	}
	_npmsg[type].serve(srv, r);
}
