/*
 * async.c: the 9P client's asynchronous operations, on the loop of a Looped connection.
 * One operation may take several messages (a long walk, a large read or write); its
 * callback runs once, on the loop's thread, and never inside the call that started or
 * cancelled it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fsimpl.h"


enum {
	Kraw,
	Kversion,
	Kauth,
	Kattach,
	Kwalk,
	Kopen,
	Kio,
	Kstat,
	Kdirread,
	Kdone,		/* wstat, clunk, remove: only success or failure */
};

struct NpFsop {
	NpCFsys *fs;
	int kind;
	int cancelled;
	int finished;
	void *arg;
	union {
		NpFscb *raw;
		NpFsdonecb *done;
		NpFsfidcb *fid;
		NpFsiocb *io;
		NpFsdircb *dir;
	} cb;
	Rpc *r;			/* the message out, but for Kio */
	NpCFid *fid;
	u32int msize;		/* Kversion */
	int mode;		/* Kopen: the mode, -1 for none (Kdone); Kauth: 1 */
	char err[ERRMAX];	/* an error of the library's */
	/* Kio */
	Xfer x;
	uchar arrived[Window];
	/* Kwalk */
	char *pathbuf;
	char **elem;
	int nelem, ielem;
	int created;		/* the new fid exists on the server */
	u32int nfid;
	Qid qid;
	/* Kdirread */
	uchar *dbuf;
};

static NpFsop*
newop(NpCFsys *fs, int kind, void *cb, void *arg)
{
	NpFsop *op;

	if(cb == nil && kind != Kdone){
		p9werrstr("no callback");
		return nil;
	}
	if((op = calloc(1, sizeof *op)) == nil){
		p9werrstr("%s", Enomem);
		return nil;
	}
	op->fs = fs;
	op->kind = kind;
	op->arg = arg;
	op->cb.raw = (NpFscb*)cb;
	op->mode = -1;
	return op;
}

static void
freeop(NpFsop *op)
{
	free(op->pathbuf);
	free(op->elem);
	free(op->dbuf);
	free(op);
}

/* The error a finished call failed with, or nil. */
static const char*
rpcerr(Rpc *r)
{
	if(r->err != nil)
		return r->err;
	if(r->rx.type == Rerror)
		return r->rx.ename;
	return nil;
}

static void onedone(void *arg, Rpc *r);

/* Start op's one message; nil (op freed) if it cannot start. */
static NpFsop*
start1(NpFsop *op, Fcall *tx, int flags, uchar *dst)
{
	if((op->r = _npfsstart(op->fs, tx, flags, dst, onedone, op)) == nil){
		freeop(op);
		return nil;
	}
	return op;
}

/* Call op's callback with a failure. */
static void
failop(NpFsop *op, const char *err)
{
	switch(op->kind){
	case Kraw:
		op->cb.raw(op->arg, nil, err);
		break;
	case Kauth:
	case Kattach:
	case Kwalk:
		op->cb.fid(op->arg, nil, err);
		break;
	case Kio:
		op->cb.io(op->arg, -1, err);
		break;
	case Kstat:
	case Kdirread:
		op->cb.dir(op->arg, nil, -1, err);
		break;
	default:
		if(op->cb.done != nil)
			op->cb.done(op->arg, err);
		break;
	}
}

/* The answer to a single-message operation: tell the owner, then let go of everything. */
static void
answered(NpFsop *op, Rpc *r)
{
	const char *err;
	NpCFid *f;
	Dir d, *dp;
	long n;

	op->finished = 1;
	if((err = rpcerr(r)) != nil && op->kind != Kraw){
		failop(op, err);
		goto Out;
	}
	switch(op->kind){
	case Kraw:
		if(err != nil)
			op->cb.raw(op->arg, nil, err);
		else
			op->cb.raw(op->arg, &r->rx, nil);
		break;
	case Kversion:
		if(_npfsversioned(op->fs, &r->rx, op->msize) < 0){
			p9rerrstr(op->err, sizeof op->err);
			op->cb.done(op->arg, op->err);
		}else
			op->cb.done(op->arg, nil);
		break;
	case Kauth:
	case Kattach:
		if((f = _npfsmkfid(op->fs, op->nfid, op->kind == Kauth ? r->rx.aqid : r->rx.qid)) == nil){
			op->cb.fid(op->arg, nil, Enomem);
			break;
		}
		if(op->kind == Kauth)
			f->mode = ORDWR;
		op->cb.fid(op->arg, f, nil);
		break;
	case Kopen:
		op->fid->mode = op->mode;
		op->fid->qid = r->rx.qid;
		op->fid->iounit = r->rx.iounit;
		op->fid->offset = 0;
		op->cb.done(op->arg, nil);
		break;
	case Kstat:
		if(_npfsunpackstat(&r->rx, &d) < 0){
			p9rerrstr(op->err, sizeof op->err);
			op->cb.dir(op->arg, nil, -1, op->err);
		}else
			op->cb.dir(op->arg, &d, 1, nil);
		break;
	case Kdirread:
		if(r->rx.count > r->ndst){
			op->cb.dir(op->arg, nil, -1, "server returned too much");
			break;
		}
		dp = nil;
		n = 0;
		if(r->rx.count > 0 && (n = _npfsparsedirs((uchar*)r->rx.data, r->rx.count, &dp)) < 0){
			p9rerrstr(op->err, sizeof op->err);
			op->cb.dir(op->arg, nil, -1, op->err);
			break;
		}
		pthread_mutex_lock(&op->fid->lk);
		op->fid->offset += r->rx.count;
		pthread_mutex_unlock(&op->fid->lk);
		op->cb.dir(op->arg, dp, r->rx.count > 0 ? n : 0, nil);
		free(dp);
		break;
	default:
		if(op->cb.done != nil)
			op->cb.done(op->arg, nil);
		break;
	}
Out:
	_npfsrpcfree(r);
	freeop(op);
}

static void walkstep(NpFsop *op, Rpc *r);

static void
onedone(void *arg, Rpc *r)
{
	NpFsop *op;

	op = arg;
	op->r = nil;
	if(op->kind == Kwalk){
		walkstep(op, r);
		_npfsrpcfree(r);
		return;
	}
	answered(op, r);
}

int
npfscancel(NpFsop *op)
{
	Xfer *x;
	int i;

	if(op == nil || op->finished)
		return 0;
	if(!_npfsonloop(op->fs)){
		p9werrstr("npfscancel off the loop's thread");
		return -1;
	}
	op->cancelled = 1;
	if(op->kind == Kio){
		x = &op->x;
		for(i = 0; i < x->inflight; i++)
			_npfsflush(x->ring[(x->head + i) % Window], Einterrupted);
	}else if(op->r != nil)
		_npfsflush(op->r, Einterrupted);
	return 0;
}

NpFsop*
npfsrpcasync(NpCFsys *fs, Fcall *tx, NpFscb *cb, void *arg)
{
	NpFsop *op;

	if((op = newop(fs, Kraw, cb, arg)) == nil)
		return nil;
	return start1(op, tx, 0, nil);
}

NpFsop*
npfsversionasync(NpCFsys *fs, u32int msize, NpFsdonecb *cb, void *arg)
{
	NpFsop *op;
	Fcall tx;

	if(_npfsversiontx(&tx, msize) < 0 || (op = newop(fs, Kversion, cb, arg)) == nil)
		return nil;
	op->msize = tx.msize;
	return start1(op, &tx, 0, nil);
}

NpFsop*
npfsauthasync(NpCFsys *fs, const char *uname, const char *aname, NpFsfidcb *cb, void *arg)
{
	NpFsop *op;
	Fcall tx;

	if((op = newop(fs, Kauth, cb, arg)) == nil)
		return nil;
	_npfsattachtx(fs, &tx, Tauth, nil, uname, aname);
	op->nfid = tx.afid;
	return start1(op, &tx, Ftrack, nil);
}

NpFsop*
npfsattachasync(NpCFsys *fs, NpCFid *afid, const char *uname, const char *aname,
	NpFsfidcb *cb, void *arg)
{
	NpFsop *op;
	Fcall tx;

	if((op = newop(fs, Kattach, cb, arg)) == nil)
		return nil;
	_npfsattachtx(fs, &tx, Tattach, afid, uname, aname);
	op->nfid = tx.fid;
	return start1(op, &tx, Ftrack, nil);
}

/* Send the next Twalk of a walk: MAXWELEM names at a time. */
static int
walksend(NpFsop *op)
{
	Fcall tx;
	int m;

	m = op->nelem - op->ielem;
	if(m > MAXWELEM)
		m = MAXWELEM;
	memset(&tx, 0, sizeof tx);
	tx.type = Twalk;
	tx.fid = op->created ? op->nfid : op->fid->fid;
	tx.newfid = op->nfid;
	tx.nwname = m;
	memmove(tx.wname, op->elem + op->ielem, m * sizeof op->elem[0]);
	op->r = _npfsstart(op->fs, &tx, Ftrack, nil, onedone, op);
	return op->r == nil ? -1 : 0;
}

/* The answer r to a walk's Twalk: go on, or finish. */
static void
walkstep(NpFsop *op, Rpc *r)
{
	const char *err;
	NpCFid *f;
	Fcall tx;
	int m;

	m = op->nelem - op->ielem;
	if(m > MAXWELEM)
		m = MAXWELEM;
	if((err = rpcerr(r)) == nil && r->rx.nwqid != m)
		err = "file does not exist";
	if(err == nil){
		op->created = 1;
		if(m > 0)
			op->qid = r->rx.wqid[m-1];
		op->ielem += m;
		if(op->ielem < op->nelem){
			if(op->cancelled)
				err = Einterrupted;
			else if(walksend(op) == 0)
				return;
			else{
				p9rerrstr(op->err, sizeof op->err);
				err = op->err;
			}
		}
	}
	op->finished = 1;
	if(err == nil && (f = _npfsmkfid(op->fs, op->nfid, op->qid)) != nil){
		op->cb.fid(op->arg, f, nil);
		freeop(op);
		return;
	}
	if(err == nil)
		err = Enomem;
	if(op->created){
		/* the new fid exists on the server from an earlier step */
		memset(&tx, 0, sizeof tx);
		tx.type = Tclunk;
		tx.fid = op->nfid;
		_npfsforget(op->fs, &tx);
	}
	op->cb.fid(op->arg, nil, err);
	freeop(op);
}

NpFsop*
npfswalkasync(NpCFid *fid, const char *path, NpFsfidcb *cb, void *arg)
{
	NpFsop *op;

	if((op = newop(fid->fs, Kwalk, cb, arg)) == nil)
		return nil;
	if((op->nelem = _npfssplitpath(path, &op->pathbuf, &op->elem)) < 0){
		freeop(op);
		return nil;
	}
	op->fid = fid;
	op->qid = fid->qid;
	op->nfid = npfsnewfid(fid->fs);
	if(walksend(op) < 0){
		freeop(op);	/* the failed start settled nfid */
		return nil;
	}
	return op;
}

static NpFsop*
openasync(NpCFid *fid, Fcall *tx, NpFsdonecb *cb, void *arg)
{
	NpFsop *op;

	if((op = newop(fid->fs, Kopen, cb, arg)) == nil)
		return nil;
	op->fid = fid;
	op->mode = tx->mode;
	tx->fid = fid->fid;
	return start1(op, tx, 0, nil);
}

NpFsop*
npfsfopenasync(NpCFid *fid, int mode, NpFsdonecb *cb, void *arg)
{
	Fcall tx;

	memset(&tx, 0, sizeof tx);
	tx.type = Topen;
	tx.mode = mode;
	return openasync(fid, &tx, cb, arg);
}

NpFsop*
npfsfcreateasync(NpCFid *fid, const char *name, int mode, u32int perm,
	NpFsdonecb *cb, void *arg)
{
	Fcall tx;

	memset(&tx, 0, sizeof tx);
	tx.type = Tcreate;
	tx.name = (char*)name;
	tx.mode = mode;
	tx.perm = perm;
	return openasync(fid, &tx, cb, arg);
}

/* A piece of a read or write is answered: take the pieces in order, start more, or end. */
static void
iodone(void *arg, Rpc *r)
{
	NpFsop *op;
	Xfer *x;
	int i, k;
	long n;

	op = arg;
	x = &op->x;
	for(k = 0; k < x->inflight; k++){
		i = (x->head + k) % Window;
		if(x->ring[i] == r){
			op->arrived[i] = 1;
			break;
		}
	}
	while(x->inflight > 0 && op->arrived[x->head]){
		op->arrived[x->head] = 0;
		_npfsxfertake(x);
	}
	if(!op->cancelled)
		_npfsxferissue(x, iodone, op);
	if(x->inflight > 0 || (!op->cancelled && !_npfsxferdone(x)))
		return;
	op->finished = 1;
	if(op->cancelled && !x->failed && x->got == 0 && x->n > 0){
		x->failed = 1;
		snprintf(x->err, sizeof x->err, "%s", Einterrupted);
	}
	if((n = _npfsxferresult(x)) < 0)
		op->cb.io(op->arg, -1, x->err);
	else
		op->cb.io(op->arg, n, nil);
	freeop(op);
}

static NpFsop*
ioasync(NpCFid *fid, uchar type, uchar *buf, long n, vlong offset, NpFsiocb *cb, void *arg)
{
	NpFsop *op;

	if((op = newop(fid->fs, Kio, cb, arg)) == nil)
		return nil;
	if(_npfsxferinit(&op->x, fid, type, buf, n, offset) < 0
	|| _npfsxferissue(&op->x, iodone, op) < 0){
		freeop(op);
		return nil;
	}
	return op;
}

NpFsop*
npfspreadasync(NpCFid *fid, void *buf, long n, vlong offset, NpFsiocb *cb, void *arg)
{
	return ioasync(fid, Tread, buf, n, offset, cb, arg);
}

NpFsop*
npfspwriteasync(NpCFid *fid, const void *buf, long n, vlong offset, NpFsiocb *cb, void *arg)
{
	return ioasync(fid, Twrite, (uchar*)buf, n, offset, cb, arg);
}

NpFsop*
npfsdirfstatasync(NpCFid *fid, NpFsdircb *cb, void *arg)
{
	NpFsop *op;
	Fcall tx;

	if((op = newop(fid->fs, Kstat, cb, arg)) == nil)
		return nil;
	memset(&tx, 0, sizeof tx);
	tx.type = Tstat;
	tx.fid = fid->fid;
	return start1(op, &tx, 0, nil);
}

NpFsop*
npfsdirreadasync(NpCFid *fid, NpFsdircb *cb, void *arg)
{
	NpFsop *op;
	Fcall tx;
	u32int chunk;

	if((op = newop(fid->fs, Kdirread, cb, arg)) == nil)
		return nil;
	chunk = _npfschunk(fid);
	if((op->dbuf = malloc(chunk)) == nil){
		p9werrstr("%s", Enomem);
		freeop(op);
		return nil;
	}
	op->fid = fid;
	memset(&tx, 0, sizeof tx);
	tx.type = Tread;
	tx.fid = fid->fid;
	pthread_mutex_lock(&fid->lk);
	tx.offset = fid->offset;
	pthread_mutex_unlock(&fid->lk);
	tx.count = chunk;
	if(tx.offset > INT64_MAX - chunk){	/* the offset must stay a vlong after the read */
		p9werrstr("bad offset");
		freeop(op);
		return nil;
	}
	return start1(op, &tx, 0, op->dbuf);
}

NpFsop*
npfsdirfwstatasync(NpCFid *fid, const Dir *d, NpFsdonecb *cb, void *arg)
{
	NpFsop *op;
	Fcall tx;
	uchar *buf;
	uint n;

	n = npsizeD2M(d);
	if(n == 0 || (buf = malloc(n)) == nil || npconvD2M(d, buf, n) != n){
		if(n > 0)
			free(buf);
		p9werrstr("cannot encode stat entry");
		return nil;
	}
	if((op = newop(fid->fs, Kdone, cb, arg)) == nil){
		free(buf);
		return nil;
	}
	memset(&tx, 0, sizeof tx);
	tx.type = Twstat;
	tx.fid = fid->fid;
	tx.nstat = n;
	tx.stat = buf;
	op = start1(op, &tx, 0, nil);	/* the message holds a copy */
	free(buf);
	return op;
}

/*
 * Tclunk or Tremove fid, whose structure goes now whatever happens. A lazy Tclunk, which
 * nobody waits for, waits on a loop for the next message out (or a moment): the server
 * then reads both at once. It still goes before anything sent after it.
 */
static NpFsop*
goneasync(NpCFid *fid, uchar type, int lazy, NpFsdonecb *cb, void *arg)
{
	NpCFsys *fs;
	NpFsop *op;
	Fcall tx;
	int flags;

	fs = fid->fs;
	if(fs->root == fid)
		fs->root = nil;
	memset(&tx, 0, sizeof tx);
	tx.type = type;
	tx.fid = fid->fid;
	flags = Ftrack;
	if(lazy && type == Tclunk && cb == nil)
		flags |= Flazy;
	_npfsfreefid(fid);
	if((op = newop(fs, Kdone, cb, arg)) == nil)
		return nil;
	return start1(op, &tx, flags, nil);
}

NpFsop*
npfscloseasync(NpCFid *fid, NpFsdonecb *cb, void *arg)
{
	return goneasync(fid, Tclunk, 0, cb, arg);
}

NpFsop*
npfsclunklater(NpCFid *fid)
{
	return goneasync(fid, Tclunk, 1, nil, nil);
}

NpFsop*
npfsfremoveasync(NpCFid *fid, NpFsdonecb *cb, void *arg)
{
	return goneasync(fid, Tremove, 0, cb, arg);
}
