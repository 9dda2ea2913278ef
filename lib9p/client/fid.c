/* fid.c: 9P client fids: auth, attach, walk, open, create, clunk, remove. */
#include <stdlib.h>
#include <string.h>
#include "fsimpl.h"

/* A call whose reply has no strings or data the caller needs. */
static int
simple(NpCFsys *fs, Fcall *tx, Fcall *rx)
{
	void *fr;

	if(_npfscall(fs, tx, Ftrack, rx, &fr) < 0)
		return -1;
	free(fr);
	return 0;
}

/*
 * A Tauth (afid nil) or Tattach for a new fid as uname (nil: the login name) to aname
 * (nil: ""); the new fid's number is in tx->afid or tx->fid.
 */
void
_npfsattachtx(NpCFsys *fs, Fcall *tx, uchar type, NpCFid *afid, const char *uname,
	const char *aname)
{
	memset(tx, 0, sizeof *tx);
	tx->type = type;
	if(type == Tauth)
		tx->afid = npfsnewfid(fs);
	else{
		tx->fid = npfsnewfid(fs);
		tx->afid = afid ? afid->fid : NOFID;
	}
	tx->uname = (char*)(uname ? uname : p9getuser());
	tx->aname = (char*)(aname ? aname : "");
}

NpCFid*
npfsauth(NpCFsys *fs, const char *uname, const char *aname)
{
	Fcall tx, rx;
	NpCFid *f;

	_npfsattachtx(fs, &tx, Tauth, nil, uname, aname);
	if(simple(fs, &tx, &rx) < 0)
		return nil;	/* the call settled what became of the afid */
	if((f = _npfsmkfid(fs, tx.afid, rx.aqid)) == nil)
		return nil;
	f->mode = ORDWR;
	return f;
}

NpCFid*
npfsattach(NpCFsys *fs, NpCFid *afid, const char *uname, const char *aname)
{
	Fcall tx, rx;

	_npfsattachtx(fs, &tx, Tattach, afid, uname, aname);
	if(simple(fs, &tx, &rx) < 0)
		return nil;
	return _npfsmkfid(fs, tx.fid, rx.qid);
}

void
npfssetroot(NpCFsys *fs, NpCFid *fid)
{
	if(fs->root != nil && fs->root != fid)
		npfsclose(fs->root);
	fs->root = fid;
}

NpCFid*
npfsroot(NpCFsys *fs)
{
	return fs->root;
}

NpCFsys*
npfsmount(int fd, const char *aname, u32int msize)
{
	NpCFsys *fs;
	NpCFid *root;

	if((fs = npfsinit(fd, msize)) == nil)
		return nil;
	if((root = npfsattach(fs, nil, nil, aname)) == nil){
		p9werrstr("attach: %r");
		npfsunmount(fs);
		return nil;
	}
	npfssetroot(fs, root);
	return fs;
}

NpCFsys*
npfsdial(const char *addr, const char *aname, u32int msize)
{
	int fd;

	if((fd = p9dial(addr, nil, nil, nil)) < 0)
		return nil;	/* errstr names addr */
	return npfsmount(fd, aname, msize);
}

/* Clunk fid, whose number the library holds; errstr stays as it was. */
static void
clunk(NpCFsys *fs, u32int fid)
{
	Fcall tx, rx;
	char err[ERRMAX];

	p9rerrstr(err, sizeof err);
	memset(&tx, 0, sizeof tx);
	tx.type = Tclunk;
	tx.fid = fid;
	simple(fs, &tx, &rx);
	p9werrstr("%s", err);
}

NpCFid*
npfswalk(NpCFid *fid, const char *path)
{
	NpCFsys *fs;
	Fcall tx, rx;
	char *buf, **elem;
	int n, i, m;
	u32int nfid;
	Qid qid;

	fs = fid->fs;
	if((n = _npfssplitpath(path, &buf, &elem)) < 0)
		return nil;
	nfid = npfsnewfid(fs);
	qid = fid->qid;
	i = 0;
	do{
		m = n - i;
		if(m > MAXWELEM)
			m = MAXWELEM;
		memset(&tx, 0, sizeof tx);
		tx.type = Twalk;
		tx.fid = i == 0 ? fid->fid : nfid;
		tx.newfid = nfid;
		tx.nwname = m;
		memmove(tx.wname, elem + i, m * sizeof elem[0]);
		rx.nwqid = m;
		if(simple(fs, &tx, &rx) < 0 || rx.nwqid != m){
			if(rx.nwqid != m)
				p9werrstr("file does not exist");
			if(i > 0)	/* nfid exists from the earlier walks */
				clunk(fs, nfid);
			free(buf);
			free(elem);
			return nil;
		}
		if(m > 0)
			qid = rx.wqid[m-1];
		i += m;
	}while(i < n);
	free(buf);
	free(elem);
	return _npfsmkfid(fs, nfid, qid);
}

/* Send a Topen or Tcreate for fid and record what the reply says of the open file. */
static int
openrpc(NpCFid *fid, Fcall *tx)
{
	Fcall rx;

	if(simple(fid->fs, tx, &rx) < 0)
		return -1;
	fid->mode = tx->mode;
	fid->qid = rx.qid;
	fid->iounit = rx.iounit;
	fid->offset = 0;
	return 0;
}

int
npfsfopen(NpCFid *fid, int mode)
{
	Fcall tx;

	memset(&tx, 0, sizeof tx);
	tx.type = Topen;
	tx.fid = fid->fid;
	tx.mode = mode;
	return openrpc(fid, &tx);
}

static NpCFid*
rootwalk(NpCFsys *fs, const char *path)
{
	if(fs->root == nil){
		p9werrstr("not attached");
		return nil;
	}
	return npfswalk(fs->root, path);
}

NpCFid*
npfsopen(NpCFsys *fs, const char *path, int mode)
{
	NpCFid *fid;

	if((fid = rootwalk(fs, path)) == nil)
		return nil;
	if(npfsfopen(fid, mode) < 0){
		npfsclose(fid);
		return nil;
	}
	return fid;
}

int
npfsfcreate(NpCFid *fid, const char *name, int mode, u32int perm)
{
	Fcall tx;

	memset(&tx, 0, sizeof tx);
	tx.type = Tcreate;
	tx.fid = fid->fid;
	tx.name = (char*)name;
	tx.mode = mode;
	tx.perm = perm;
	return openrpc(fid, &tx);
}

NpCFid*
npfscreate(NpCFsys *fs, const char *path, int mode, u32int perm)
{
	char *copy, *dir, *name, *e;
	NpCFid *fid;

	if((copy = strdup(path ? path : "")) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	for(e = copy + strlen(copy); e > copy && e[-1] == '/'; )
		*--e = 0;
	if((name = strrchr(copy, '/')) != nil){
		*name++ = 0;
		dir = copy;
	}else{
		name = copy;
		dir = "";
	}
	fid = nil;
	if(*name == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		p9werrstr("bad file name");
	else if((fid = rootwalk(fs, dir)) != nil && npfsfcreate(fid, name, mode, perm) < 0){
		npfsclose(fid);
		fid = nil;
	}
	free(copy);
	return fid;
}

void
npfsclose(NpCFid *fid)
{
	NpCFsys *fs;
	Fcall tx;

	if(fid == nil)
		return;
	fs = fid->fs;
	if(fs->root == fid)
		fs->root = nil;
	if(_npfsonloop(fs)){	/* nothing to wait for: the loop must not */
		memset(&tx, 0, sizeof tx);
		tx.type = Tclunk;
		tx.fid = fid->fid;
		_npfsforget(fs, &tx);
	}else
		clunk(fs, fid->fid);	/* closing must not disturb an error being reported */
	_npfsfreefid(fid);
}

int
npfsfremove(NpCFid *fid)
{
	Fcall tx, rx;
	int r;

	memset(&tx, 0, sizeof tx);
	tx.type = Tremove;
	tx.fid = fid->fid;
	r = simple(fid->fs, &tx, &rx);
	if(fid->fs->root == fid)
		fid->fs->root = nil;
	_npfsfreefid(fid);
	return r;
}

int
npfsremove(NpCFsys *fs, const char *path)
{
	NpCFid *fid;

	if((fid = rootwalk(fs, path)) == nil)
		return -1;
	return npfsfremove(fid);
}

Qid
npfsqid(NpCFid *fid)
{
	return fid->qid;
}

u32int
npfsiounit(NpCFid *fid)
{
	return fid->iounit;
}
