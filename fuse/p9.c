/*
 * p9.c: members that are 9P trees: FUSE requests become lib9p client calls on the loop.
 *
 * A node may hold a fid walked to its file (never opened: 9P forbids walking from an open
 * fid). Nodes made from directory reads and creates get theirs lazily, walked from the
 * nearest ancestor that has one. Opens, creates, removes and directory reads use fresh
 * fids. Reads and writes larger than one message go out as several messages at once.
 * Every step sets f->err (an errno) and its results and continues at f->k.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "impl.h"

/* Calls. */

static void
calldone(void *v, const Fcall *rx, const char *err)
{
	Call *c;
	NfSrv *s;
	NfMember *m;

	c = v;
	s = c->s;
	m = c->m;
	if(c->f != nil){
		if(c->prev != nil)
			c->prev->next = c->next;
		else
			c->f->calls = c->next;
		if(c->next != nil)
			c->next->prev = c->prev;
	}
	c->fn(c, rx, err);
	free(c);
	_nfmemberput(m);
	_nfrelease(s);
}

/*
 * Send tx on m's connection; fn(call, rx, err) runs on the loop with the reply. With f,
 * the call is flushed if the kernel interrupts f's request. nil if it could not be sent
 * (errstr set; fn is then not called).
 */
Call*
_nfcall(NfMember *m, Fop *f, Fcall *tx, Callfn *fn, void *arg)
{
	Call *c;

	if((c = calloc(1, sizeof *c)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	c->s = m->srv;
	c->m = m;
	c->f = f;
	c->fn = fn;
	c->arg = arg;
	if((c->op = npfsrpcasync(m->fs, tx, calldone, c)) == nil){
		free(c);
		return nil;
	}
	m->ref++;
	_nfhold(m->srv);
	if(f != nil){
		c->next = f->calls;
		if(f->calls != nil)
			f->calls->prev = c;
		f->calls = c;
	}
	return c;
}

/* The kernel interrupted f's request: flush its calls (each then ends "interrupted"). */
void
_nfflushcalls(Fop *f)
{
	Call *c;

	for(c = f->calls; c != nil; c = c->next)
		npfscancel(c->op);
}

static void
putfid(Call *c, const Fcall *rx, const char *err)
{
	npfsputfid(c->m->fs, c->fid);
}

/* Clunk fid with nobody waiting; its number is reused once the server has answered. */
void
_nfclunk(NfMember *m, u32int fid)
{
	Fcall tx;
	Call *c;

	memset(&tx, 0, sizeof tx);
	tx.type = Tclunk;
	tx.fid = fid;
	if((c = _nfcall(m, nil, &tx, putfid, nil)) == nil)
		npfsputfid(m->fs, fid);	/* hung up: nothing to clunk */
	else
		c->fid = fid;
}

/* A request failed before it could be sent: continue at k with err. */
static void
fail(Fop *f, int err, void (*k)(Fop*))
{
	f->err = err;
	k(f);
}

static int
senderr(void)
{
	char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return nferrno(buf);
}

/* Attributes. */

void
_nfd2st(NfMember *m, const Dir *d, struct stat *st)
{
	NfSrv *s;

	s = m->srv;
	memset(st, 0, sizeof *st);
	st->st_ino = d->qid.path;
	st->st_mode = (d->mode & DMDIR ? S_IFDIR : S_IFREG) | (d->mode & 0777);
	st->st_nlink = 1;
	st->st_uid = d->uid != nil && strcmp(d->uid, m->uname) == 0 ? s->uid : Nogid;
	st->st_gid = d->gid != nil && strcmp(d->gid, m->uname) == 0 ? s->gid : Nogid;
	st->st_size = d->mode & DMDIR ? 0 : (off_t)(d->length & 0x7fffffffffffffffULL);
	st->st_blksize = m->iounit < 65536 ? m->iounit : 65536;
	st->st_blocks = (st->st_size + 511) / 512;
	st->st_atim.tv_sec = d->atime;
	st->st_mtim.tv_sec = d->mtime;
	st->st_ctim.tv_sec = d->mtime;
}

/* Attributes of a file just made: what the server will say, near enough, until asked. */
static void
newst(Fop *f, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_ino = f->qid.path;
	st->st_mode = (f->what == Cdir ? S_IFDIR : S_IFREG) | (f->mode & 0777);
	st->st_nlink = 1;
	st->st_uid = f->s->uid;
	st->st_gid = f->s->gid;
	st->st_blksize = f->m->iounit < 65536 ? f->m->iounit : 65536;
	st->st_atim.tv_sec = st->st_mtim.tv_sec = st->st_ctim.tv_sec = time(nil);
}

/*
 * The entries of a directory read: stat entries back to back. -1 if malformed. Entries
 * the kernel must not see (empty names, ".", "..", names with '/') are skipped.
 */
int
_nfunpackdir(uchar *buf, long n, int (*fn)(void *arg, Dir *d), void *arg)
{
	Dir d;
	uint m;

	while(n > 0){
		if(n < 2)
			return -1;
		m = (buf[0] | buf[1]<<8) + 2;
		if(m > (ulong)n || npconvM2D(buf, m, &d) != m)
			return -1;
		if(d.name[0] != 0 && strcmp(d.name, ".") != 0 && strcmp(d.name, "..") != 0
		&& strchr(d.name, '/') == nil && fn(arg, &d) < 0)
			return -1;
		buf += m;
		n -= m;
	}
	return 0;
}

/* Walks. */

/* The fid of node n in member m: the member's own root for the union's root. */
static u32int
fidof(Node *n, NfMember *m)
{
	return n->m == nil ? m->rootfid : n->fid;
}

/*
 * The names from the nearest ancestor of n that has a fid (or the root) down to n, and
 * extra after them; *from is that ancestor's fid. -1 if more than a Twalk takes.
 */
static int
walknames(Node *n, NfMember *m, const char *extra, char **names, u32int *from)
{
	Node *v[MAXWELEM], *p;
	int k, nn;

	k = 0;
	for(p = n; p->m != nil && p->fid == NOFID; p = p->parent){
		if(k == MAXWELEM)
			return -1;
		v[k++] = p;
	}
	*from = fidof(p, m);
	nn = 0;
	while(k > 0)
		names[nn++] = v[--k]->name;
	if(extra != nil){
		if(nn == MAXWELEM)
			return -1;
		names[nn++] = (char*)extra;
	}
	return nn;
}

static void
walked(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;

	f = c->arg;
	f->fid = NOFID;
	if(err != nil){
		npfsputfid(c->m->fs, c->fid);
		f->err = nferrno(err);
	}else if(rx->nwqid < c->nw){
		npfsputfid(c->m->fs, c->fid);
		f->err = ENOENT;
	}else{
		f->fid = c->fid;
		f->err = 0;
		if(c->nw > 0)
			f->qid = rx->wqid[c->nw - 1];
	}
	f->k2(f);
}

/* Walk from fid through names to a new fid: f->fid and f->qid, or f->err; then k. */
static void
walk(Fop *f, NfMember *m, u32int from, char **names, int n, void (*k)(Fop*))
{
	Fcall tx;
	Call *c;

	f->fid = NOFID;
	if(f->intr){
		fail(f, EINTR, k);
		return;
	}
	f->k2 = k;
	memset(&tx, 0, sizeof tx);
	tx.type = Twalk;
	tx.fid = from;
	tx.newfid = npfsnewfid(m->fs);
	tx.nwname = n;
	if(n > 0)
		memmove(tx.wname, names, n * sizeof names[0]);
	if((c = _nfcall(m, f, &tx, walked, f)) == nil){
		npfsputfid(m->fs, tx.newfid);
		fail(f, senderr(), k);
		return;
	}
	c->fid = tx.newfid;
	c->nw = n;
}

/* Walk to dir/name (name nil: a clone of dir's file). */
static void
walkto(Fop *f, Node *dir, const char *name, void (*k)(Fop*))
{
	char *names[MAXWELEM];
	u32int from;
	int n;

	if((n = walknames(dir, f->m, name, names, &from)) < 0){
		fail(f, ENAMETOOLONG, k);
		return;
	}
	walk(f, f->m, from, names, n, k);
}

static void
gotfid(Fop *f)
{
	Node *n;

	n = f->n;
	if(f->err == 0){
		if(n->fid != NOFID)	/* another request got there first */
			_nfclunk(f->m, f->fid);
		else if(f->qid.path != n->qid.path){
			_nfclunk(f->m, f->fid);
			_nfunhash(n);
			f->err = ESTALE;
		}else
			n->fid = f->fid;
	}
	f->fid = NOFID;
	f->k3(f);
}

/* Give f->n a fid of its own if it has none, then k. */
static void
needfid(Fop *f, void (*k)(Fop*))
{
	if(f->n->m == nil || f->n->fid != NOFID){
		f->err = 0;
		k(f);
		return;
	}
	f->k3 = k;
	walkto(f, f->n, nil, gotfid);
}

static void
statted(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;
	Dir d;

	f = c->arg;
	if(err != nil)
		f->err = nferrno(err);
	else if(npconvM2D(rx->stat, rx->nstat, &d) != rx->nstat)
		f->err = EIO;
	else{
		_nfd2st(c->m, &d, &f->st);
		f->qid = d.qid;
		f->err = 0;
	}
	f->k2(f);
}

/* Stat fid into f->st and f->qid, then k. */
static void
stat9p(Fop *f, u32int fid, void (*k)(Fop*))
{
	Fcall tx;

	f->k2 = k;
	memset(&tx, 0, sizeof tx);
	tx.type = Tstat;
	tx.fid = fid;
	if(_nfcall(f->m, f, &tx, statted, f) == nil)
		fail(f, senderr(), k);
}

/* Lookup: walk to the name; stat it unless its node already has attributes for this qid. */

static void
lookupstatted(Fop *f)
{
	if(f->err != 0){
		_nfclunk(f->m, f->fid);
		f->fid = NOFID;
	}
	f->k(f);
}

static void
lookupwalked(Fop *f)
{
	Node *c;
	u32int fid;

	if(f->err != 0){
		f->k(f);
		return;
	}
	c = _nfchild(f->n, f->name);
	if(c != nil && c->m == f->m && c->stok && c->qid.path == f->qid.path
	&& c->qid.vers == f->qid.vers && c->qid.type == f->qid.type){
		f->st = c->st;
		f->k(f);
		return;
	}
	fid = f->fid;
	stat9p(f, fid, lookupstatted);
	f->fid = fid;
}

void
_nf9plookup(Fop *f)
{
	walkto(f, f->n, f->name, lookupwalked);
}

/* Getattr. */

static void
getattrfid(Fop *f)
{
	if(f->err != 0){
		f->k(f);
		return;
	}
	stat9p(f, f->h != nil ? f->h->fid : fidof(f->n, f->m), f->k);
}

void
_nf9pgetattr(Fop *f)
{
	if(f->h != nil && !f->h->isdir)
		getattrfid(f);
	else
		needfid(f, getattrfid);
}

/* Setattr: a Twstat of what changes, then a Tstat. */

static u32int
dmbits(Node *n)
{
	u32int m;

	m = 0;
	if(S_ISDIR(n->st.st_mode))
		m |= DMDIR;
	if(n->qid.type & QTAPPEND)
		m |= DMAPPEND;
	if(n->qid.type & QTEXCL)
		m |= DMEXCL;
	return m;
}

static void
setattrstat(Fop *f)
{
	stat9p(f, f->h != nil ? f->h->fid : fidof(f->n, f->m), f->k);
}

static void
wstatted(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;

	f = c->arg;
	if(err != nil){
		f->err = nferrno(err);
		f->k(f);
		return;
	}
	setattrstat(f);
}

/* Twstat d on fid, then continue at fn. */
static int
wstat9p(Fop *f, u32int fid, Dir *d, Callfn *fn)
{
	Fcall tx;
	uchar *buf;
	uint n;
	Call *c;

	n = npsizeD2M(d);
	if(n == 0 || (buf = malloc(n)) == nil){
		f->err = n == 0 ? ENAMETOOLONG : ENOMEM;
		return -1;
	}
	npconvD2M(d, buf, n);
	memset(&tx, 0, sizeof tx);
	tx.type = Twstat;
	tx.fid = fid;
	tx.stat = buf;
	tx.nstat = n;
	c = _nfcall(f->m, f, &tx, fn, f);
	free(buf);
	if(c == nil){
		f->err = senderr();
		return -1;
	}
	return 0;
}

static void
setattrfid(Fop *f)
{
	Dir d;
	int any;

	if(f->err != 0){
		f->k(f);
		return;
	}
	p9nulldir(&d);
	any = 0;
	if(f->toset & FUSE_SET_ATTR_MODE){
		d.mode = dmbits(f->n) | (f->attr.st_mode & 0777);
		any = 1;
	}
	if(f->toset & FUSE_SET_ATTR_SIZE){
		d.length = f->attr.st_size;
		any = 1;
	}
	if(f->toset & FUSE_SET_ATTR_MTIME){
		d.mtime = f->attr.st_mtime;
		any = 1;
	}
	if(f->toset & FUSE_SET_ATTR_MTIME_NOW){
		d.mtime = time(nil);
		any = 1;
	}
	/* ownership cannot change through 9P; setting it to what it is succeeds */
	if(((f->toset & FUSE_SET_ATTR_UID) && f->attr.st_uid != f->n->st.st_uid)
	|| ((f->toset & FUSE_SET_ATTR_GID) && f->attr.st_gid != f->n->st.st_gid)){
		f->err = EPERM;
		f->k(f);
		return;
	}
	if(!any){
		setattrstat(f);
		return;
	}
	if(wstat9p(f, f->h != nil ? f->h->fid : fidof(f->n, f->m), &d, wstatted) < 0)
		f->k(f);
}

void
_nf9psetattr(Fop *f)
{
	if(f->h != nil && !f->h->isdir)
		setattrfid(f);
	else
		needfid(f, setattrfid);
}

/* Open: clone the node's fid and open the clone. */

static void
opened(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;
	Handle *h;

	f = c->arg;
	if(err != nil){
		_nfclunk(f->m, c->fid);
		f->err = nferrno(err);
	}else if((h = _nfnewhandle(f->n, f->m)) == nil){
		_nfclunk(f->m, c->fid);
		f->err = ENOMEM;
	}else{
		h->fid = c->fid;
		h->omode = c->nw;
		h->iounit = f->m->iounit;
		if(rx->iounit > 0 && rx->iounit < h->iounit)
			h->iounit = rx->iounit;
		h->isdir = (rx->qid.type & QTDIR) != 0;
		h->qid = rx->qid;
		f->h = h;
		f->qid = rx->qid;
		f->err = 0;
	}
	f->k(f);
}

static int
omode(int flags, int isdir)
{
	int m;

	if(isdir)
		return OREAD;
	m = flags & O_ACCMODE;	/* O_RDONLY, O_WRONLY, O_RDWR are OREAD, OWRITE, ORDWR */
	if(m == 3)
		m = OREAD;
	if(flags & O_TRUNC)
		m |= OTRUNC;
	return m;
}

static void
opencloned(Fop *f)
{
	Fcall tx;
	Call *c;
	u32int fid;

	if(f->err != 0){
		f->k(f);
		return;
	}
	fid = f->fid;
	f->fid = NOFID;
	memset(&tx, 0, sizeof tx);
	tx.type = Topen;
	tx.fid = fid;
	tx.mode = omode(f->flags, S_ISDIR(f->n->st.st_mode) || f->n->m == nil);
	if((c = _nfcall(f->m, f, &tx, opened, f)) == nil){
		_nfclunk(f->m, fid);
		fail(f, senderr(), f->k);
		return;
	}
	c->fid = fid;
	c->nw = tx.mode;
}

static void
openfid(Fop *f)
{
	if(f->err != 0){
		f->k(f);
		return;
	}
	walk(f, f->m, fidof(f->n, f->m), nil, 0, opencloned);
}

void
_nf9popen(Fop *f)
{
	needfid(f, openfid);
}

void
_nf9pclose(Handle *h)
{
	_nfclunk(h->m, h->fid);
	h->fid = NOFID;
}

/* Create (files, directories, mknod of files): a clone of the directory becomes the file. */

static void
created(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;
	Handle *h;

	f = c->arg;
	if(err != nil){
		_nfclunk(f->m, c->fid);	/* a failed create leaves it the directory's clone */
		f->err = nferrno(err);
		f->k(f);
		return;
	}
	f->qid = rx->qid;
	newst(f, &f->st);
	f->err = 0;
	if(f->what != Cfile){
		_nfclunk(f->m, c->fid);
		f->k(f);
		return;
	}
	if((h = _nfnewhandle(nil, f->m)) == nil){
		_nfclunk(f->m, c->fid);
		f->err = ENOMEM;
		f->k(f);
		return;
	}
	h->fid = c->fid;
	h->omode = c->nw;
	h->iounit = f->m->iounit;
	if(rx->iounit > 0 && rx->iounit < h->iounit)
		h->iounit = rx->iounit;
	h->qid = rx->qid;
	f->h = h;
	f->k(f);
}

static void
createcloned(Fop *f)
{
	Fcall tx;
	Call *c;
	u32int fid;

	if(f->err != 0){
		f->k(f);
		return;
	}
	fid = f->fid;
	f->fid = NOFID;
	memset(&tx, 0, sizeof tx);
	tx.type = Tcreate;
	tx.fid = fid;
	tx.name = f->name;
	tx.perm = (f->mode & 0777) | (f->what == Cdir ? DMDIR : 0);
	tx.mode = f->what == Cfile ? omode(f->flags, 0) & ~OTRUNC : OREAD;
	if((c = _nfcall(f->m, f, &tx, created, f)) == nil){
		_nfclunk(f->m, fid);
		fail(f, senderr(), f->k);
		return;
	}
	c->fid = fid;
	c->nw = tx.mode;
}

void
_nf9pcreate(Fop *f)
{
	walkto(f, f->n, nil, createcloned);
}

/* Remove: walk a new fid to the file and remove it (which clunks it, success or not). */

static void
removed(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;

	f = c->arg;
	npfsputfid(f->m->fs, c->fid);
	f->err = err != nil ? nferrno(err) : 0;
	f->k(f);
}

static void
removefid(Fop *f, u32int fid)
{
	Fcall tx;
	Call *c;

	memset(&tx, 0, sizeof tx);
	tx.type = Tremove;
	tx.fid = fid;
	if((c = _nfcall(f->m, f, &tx, removed, f)) == nil){
		_nfclunk(f->m, fid);
		fail(f, senderr(), f->k);
		return;
	}
	c->fid = fid;
}

static void
removewalked(Fop *f)
{
	u32int fid;

	if(f->err != 0){
		f->k(f);
		return;
	}
	fid = f->fid;
	f->fid = NOFID;
	removefid(f, fid);
}

void
_nf9premove(Fop *f)
{
	walkto(f, f->n, f->name, removewalked);
}

/*
 * Rename within a directory: a Twstat of the name. If the new name exists (9P refuses
 * that) and the caller allows replacing, the file there is removed first, after the
 * type checks rename(2) makes, and the wstat is tried once more. f->mode keeps the
 * source's qid type meanwhile.
 */
static void renamesrc(Fop *f);

static void
renameend(Fop *f)
{
	f->k = f->k3;
	f->k(f);
}

static void
renameremoved(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;

	f = c->arg;
	npfsputfid(f->m->fs, c->fid);
	if(err != nil){
		f->err = nferrno(err);
		renameend(f);
		return;
	}
	f->what = 1;
	walkto(f, f->n, f->name, renamesrc);
}

static void
renametarget(Fop *f)
{
	Fcall tx;
	Call *c;
	u32int fid;

	if(f->err != 0){	/* gone meanwhile: the wstat failed for some other reason */
		f->err = EEXIST;
		renameend(f);
		return;
	}
	fid = f->fid;
	f->fid = NOFID;
	if((f->mode & QTDIR) != (f->qid.type & QTDIR)){
		_nfclunk(f->m, fid);
		f->err = f->mode & QTDIR ? ENOTDIR : EISDIR;
		renameend(f);
		return;
	}
	memset(&tx, 0, sizeof tx);
	tx.type = Tremove;
	tx.fid = fid;
	if((c = _nfcall(f->m, f, &tx, renameremoved, f)) == nil){
		_nfclunk(f->m, fid);
		f->err = senderr();
		renameend(f);
		return;
	}
	c->fid = fid;
}

static void
renamewstatted(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;

	f = c->arg;
	_nfclunk(f->m, c->fid);
	f->err = err != nil ? nferrno(err) : 0;
	if(f->err == EEXIST && !f->what && !(f->flags & RENAME_NOREPLACE))
		walkto(f, f->n, f->name2, renametarget);
	else
		renameend(f);
}

static void
renamesrc(Fop *f)
{
	Dir d;
	Fcall tx;
	Call *c;
	uchar buf[STATFIXLEN + 1100];
	uint n;
	u32int fid;

	if(f->err != 0){
		renameend(f);
		return;
	}
	fid = f->fid;
	f->fid = NOFID;
	f->mode = f->qid.type;
	p9nulldir(&d);
	d.name = f->name2;
	if((n = npconvD2M(&d, buf, sizeof buf)) <= 2){
		_nfclunk(f->m, fid);
		f->err = ENAMETOOLONG;
		renameend(f);
		return;
	}
	memset(&tx, 0, sizeof tx);
	tx.type = Twstat;
	tx.fid = fid;
	tx.stat = buf;
	tx.nstat = n;
	if((c = _nfcall(f->m, f, &tx, renamewstatted, f)) == nil){
		_nfclunk(f->m, fid);
		f->err = senderr();
		renameend(f);
		return;
	}
	c->fid = fid;
}

void
_nf9prename(Fop *f)
{
	f->k3 = f->k;
	f->what = 0;
	walkto(f, f->n, f->name, renamesrc);
}

/*
 * Reads and writes: f->size bytes at f->off in chunks of f->unit, up to f->window
 * messages in flight. The transfer is the chunks done in order up to the first short
 * or failed one; an error counts only when nothing was transferred.
 */
static void iodone(Fop *f);

static void
chunkfailed(Fop *f, long i, int err)
{
	f->ck[i].state = 3;
	f->ck[i].err = err;
	if(i < f->ckstop)
		f->ckstop = i;
}

static void
readchunk(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;
	Chunk *k;

	f = c->arg;
	k = &f->ck[c->i];
	f->ckout--;
	if(err != nil)
		chunkfailed(f, c->i, nferrno(err));
	else if(rx->count > (u32int)k->n)
		chunkfailed(f, c->i, EIO);
	else if(f->nck == 1){	/* reply straight from the message */
		f->iobuf = (uchar*)rx->data;
		f->iobufown = 0;
		f->count = rx->count;
		f->err = 0;
		f->k(f);
		return;
	}else{
		memmove(f->iobuf + c->i * f->unit, rx->data, rx->count);
		k->got = rx->count;
		k->state = 2;
		if(k->got < k->n && c->i < f->ckstop)
			f->ckstop = c->i;
	}
	iodone(f);
}

static void
writechunk(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;
	Chunk *k;

	f = c->arg;
	k = &f->ck[c->i];
	f->ckout--;
	if(err != nil)
		chunkfailed(f, c->i, nferrno(err));
	else if(rx->count > (u32int)k->n)
		chunkfailed(f, c->i, EIO);
	else{
		k->got = rx->count;
		k->state = 2;
		if(k->got < k->n && c->i < f->ckstop)
			f->ckstop = c->i;
	}
	iodone(f);
}

static void
ioissue(Fop *f)
{
	Fcall tx;
	Call *c;
	long i;

	while(f->ckout < f->window && f->cknext < f->nck && f->cknext <= f->ckstop && !f->intr){
		i = f->cknext++;
		memset(&tx, 0, sizeof tx);
		tx.type = f->wbuf != nil ? Twrite : Tread;
		tx.fid = f->h->fid;
		tx.offset = f->off + (vlong)i * f->unit;
		tx.count = f->ck[i].n;
		if(f->wbuf != nil)
			tx.data = (char*)f->wbuf + i * f->unit;
		c = _nfcall(f->m, f, &tx, f->wbuf != nil ? writechunk : readchunk, f);
		if(c == nil){
			chunkfailed(f, i, senderr());
			break;
		}
		c->i = i;
		f->ck[i].state = 1;
		f->ckout++;
	}
}

static void
iodone(Fop *f)
{
	long i, total;

	ioissue(f);
	if(f->ckout > 0)
		return;
	total = 0;
	for(i = 0; i < f->nck && f->ck[i].state == 2; i++){
		total += f->ck[i].got;
		if(f->ck[i].got < f->ck[i].n)
			break;
	}
	f->count = total;
	f->err = 0;
	if(f->intr)
		f->err = EINTR;
	else if(total == 0 && f->nck > 0 && f->ck[0].state == 3)
		f->err = f->ck[0].err;
	f->k(f);
}

static void
iostart(Fop *f)
{
	long i;

	f->unit = f->h->iounit;
	f->nck = (f->size + f->unit - 1) / f->unit;
	f->window = Window;
	if(f->h->qid.type & QTAPPEND)
		f->window = 1;	/* the server appends in arrival order */
	f->cknext = 0;
	f->ckout = 0;
	f->ckstop = f->nck;
	if(f->nck == 0){
		f->count = 0;
		f->err = 0;
		f->k(f);
		return;
	}
	if((f->ck = calloc(f->nck, sizeof f->ck[0])) == nil){
		fail(f, ENOMEM, f->k);
		return;
	}
	for(i = 0; i < f->nck; i++)
		f->ck[i].n = i < f->nck - 1 ? f->unit : (long)(f->size - (size_t)i * f->unit);
	if(f->wbuf == nil && f->nck > 1){
		if((f->iobuf = malloc(f->size)) == nil){
			fail(f, ENOMEM, f->k);
			return;
		}
		f->iobufown = 1;
	}
	iodone(f);
}

void
_nf9pread(Fop *f)
{
	f->wbuf = nil;
	iostart(f);
}

static void
appendat(Fop *f)
{
	if(f->err != 0){
		f->k(f);
		return;
	}
	f->off = f->st.st_size;
	iostart(f);
}

void
_nf9pwrite(Fop *f)
{
	/* O_APPEND on a file the server does not append to: write at its length now */
	if(f->h->append && f->h->direct && !(f->h->qid.type & QTAPPEND)){
		stat9p(f, f->h->fid, appendat);
		return;
	}
	iostart(f);
}

/* Directory listings: read the whole directory into the handle's list. */

enum { Maxents = 1<<20 };

static void listnext(Fop *f, u32int fid, vlong offset);

static int
addent(void *v, Dir *d)
{
	Fop *f;
	struct stat st;

	f = v;
	if(f->h->list.n >= Maxents)
		return -1;
	_nfd2st(f->m, d, &st);
	return _nflistadd(&f->h->list, d->name, &st, &d->qid);
}

static void
listend(Fop *f, u32int fid)
{
	if(f->n->m == nil)	/* the union's root: our own clone */
		_nfclunk(f->m, fid);
	f->k(f);
}

static void
listread(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;
	long from;

	f = c->arg;
	if(err != nil){
		f->err = nferrno(err);
		listend(f, c->fid);
		return;
	}
	if(rx->count == 0){
		f->err = 0;
		listend(f, c->fid);
		return;
	}
	from = f->h->list.n;
	if(_nfunpackdir((uchar*)rx->data, rx->count, addent, f) < 0){
		_nflistsetm(&f->h->list, from, f->m);
		f->err = EIO;
		listend(f, c->fid);
		return;
	}
	_nflistsetm(&f->h->list, from, f->m);
	listnext(f, c->fid, c->i + rx->count);
}

static void
listnext(Fop *f, u32int fid, vlong offset)
{
	Fcall tx;
	Call *c;

	if(f->intr){
		f->err = EINTR;
		listend(f, fid);
		return;
	}
	memset(&tx, 0, sizeof tx);
	tx.type = Tread;
	tx.fid = fid;
	tx.offset = offset;
	tx.count = f->m->iounit;
	if((c = _nfcall(f->m, f, &tx, listread, f)) == nil){
		f->err = senderr();
		listend(f, fid);
		return;
	}
	c->fid = fid;
	c->i = offset;
}

static void
listopened(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;

	f = c->arg;
	if(err != nil){
		_nfclunk(f->m, c->fid);
		f->err = nferrno(err);
		f->k(f);
		return;
	}
	listnext(f, c->fid, 0);
}

static void
listcloned(Fop *f)
{
	Fcall tx;
	Call *c;
	u32int fid;

	if(f->err != 0){
		f->k(f);
		return;
	}
	fid = f->fid;
	f->fid = NOFID;
	memset(&tx, 0, sizeof tx);
	tx.type = Topen;
	tx.fid = fid;
	tx.mode = OREAD;
	if((c = _nfcall(f->m, f, &tx, listopened, f)) == nil){
		_nfclunk(f->m, fid);
		fail(f, senderr(), f->k);
		return;
	}
	c->fid = fid;
}

/*
 * List into f->h->list: for the union's root, member f->m's root directory (through a
 * clone opened for the purpose); otherwise f->h's open directory, from the start.
 */
void
_nf9plist(Fop *f)
{
	if(f->n->m == nil){
		walk(f, f->m, f->m->rootfid, nil, 0, listcloned);
		return;
	}
	listnext(f, f->h->fid, 0);
}

/* Fsync: a wstat that changes nothing asks the server to commit the file (stat(5)). */

static void
synced(Call *c, const Fcall *rx, const char *err)
{
	Fop *f;

	f = c->arg;
	f->err = err != nil ? nferrno(err) : 0;
	f->k(f);
}

void
_nf9pfsync(Fop *f)
{
	Dir d;

	p9nulldir(&d);
	if(wstat9p(f, f->h->fid, &d, synced) < 0)
		f->k(f);
}
