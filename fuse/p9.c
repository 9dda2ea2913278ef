/*
 * p9.c: members that are 9P trees: FUSE requests become lib9p's asynchronous client calls,
 * on the loop, never back through the kernel.
 *
 * A node may hold a fid walked to its file (never opened: 9P forbids walking from an open
 * fid). Nodes made from directory reads and creates get theirs lazily, walked from the
 * nearest ancestor that has one. Opens, creates, removes and directory reads use fresh
 * fids. Reads and writes larger than a message are split by the client into several
 * messages in flight at once. Every step sets f->err (an errno) and its results and
 * continues at f->k; a FUSE interrupt flushes the calls out (_nfflushcalls).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "impl.h"

/* Calls: each carries the request it serves, for interrupts, and holds its member. */

static Call*
newcall(NfMember *m, Fop *f, Callfn *fn)
{
	Call *c;

	if(f != nil && f->intr){
		/* the kernel gave up on the request between two of its calls */
		p9werrstr("interrupted");
		return nil;
	}
	if((c = calloc(1, sizeof *c)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	c->s = m->srv;
	c->m = m;
	c->f = f;
	c->fn = fn;
	return c;
}

/*
 * Deadlines (nfsettimeout): the calls out are listed by deadline, oldest first, and a
 * ticker looks at them. A call whose deadline passed is not cut off: a file may rightly
 * take its time (a listener's open, a read of a console or a pipe). Instead its member's
 * server is asked something cheap, a Tstat of its root, with a deadline of its own, and
 * the slow call waits another round. Only when that probe gets no answer either is the
 * server dead: its connection is hung up, and every call on it fails (EIO).
 */

static void
tick(uv_timer_t *t)
{
	NfSrv *s;

	s = t->data;
	_nfexpire(s);
	if(s->timed == nil)
		uv_timer_stop(t);
}

void
nfsettimeout(NfSrv *s, int ms)
{
	if(ms > 0 && s->ticker == nil){
		if((s->ticker = calloc(1, sizeof *s->ticker)) == nil)
			return;
		uv_timer_init(s->loop, s->ticker);
		s->ticker->data = s;
	}
	s->timeout = ms < 0 ? 0 : ms;
}

static void
untimecall(Call *c)
{
	NfSrv *s;

	s = c->s;
	if(c->deadline == 0)
		return;
	if(c->tprev != nil)
		c->tprev->tnext = c->tnext;
	else
		s->timed = c->tnext;
	if(c->tnext != nil)
		c->tnext->tprev = c->tprev;
	else
		s->timedtail = c->tprev;
	c->tnext = c->tprev = nil;
	c->deadline = 0;
}

static void
timecall(Call *c)
{
	NfSrv *s;
	u64int every;

	s = c->s;
	if(s->timeout <= 0 || s->ticker == nil)
		return;
	c->deadline = uv_now(s->loop) + s->timeout;
	c->tprev = s->timedtail;
	if(s->timedtail != nil)
		s->timedtail->tnext = c;
	else
		s->timed = c;
	s->timedtail = c;
	if(!uv_is_active((uv_handle_t*)s->ticker)){
		every = s->timeout/4 + 1;
		if(every > 250)
			every = 250;
		uv_timer_start(s->ticker, tick, every, every);
	}
}

static Call *newcall(NfMember *m, Fop *f, Callfn *fn);
static Call *started(Call *c, NpFsop *op);
static void dircb(void *v, Dir *d, long n, const char *err);

static void
probed(Call *c)
{
	if(c->m->probe == c)
		c->m->probe = nil;
	_nftrace(c->s, "probe: %s", c->err != nil ? c->err : "the server is alive");
}

/* Ask m's server whether it is still there, unless a probe is out already. */
static void
probe(NfMember *m)
{
	Call *c;

	if(m->probe != nil || m->gone || m->root == nil || (c = newcall(m, nil, probed)) == nil)
		return;
	c->isprobe = 1;
	_nftrace(m->srv, "9P call unanswered for a while: probing the server");
	if((c = started(c, npfsdirfstatasync(m->root, dircb, c))) != nil)
		m->probe = c;
}

/* The deadlines that passed: probe the servers of slow calls, hang up on dead ones. */
void
_nfexpire(NfSrv *s)
{
	Call *c, *next;
	u64int now;

	now = uv_now(s->loop);
	for(c = s->timed; c != nil && c->deadline <= now; c = next){
		next = c->tnext;
		if(c->timedout)
			continue;
		if(c->isprobe){
			c->timedout = 1;
			_nftrace(s, "9P server does not answer: hanging up");
			npfshangup(c->m->fs, "9P server not responding");
			continue;
		}
		probe(c->m);
		untimecall(c);	/* another round */
		timecall(c);
	}
}

/* The call started as op (nil: it did not, errstr says why; c is freed). */
static Call*
started(Call *c, NpFsop *op)
{
	Fop *f;

	if(op == nil){
		free(c);
		return nil;
	}
	c->op = op;
	c->m->ref++;
	_nfhold(c->s);
	timecall(c);
	if((f = c->f) != nil){
		c->next = f->calls;
		if(f->calls != nil)
			f->calls->prev = c;
		f->calls = c;
	}
	return c;
}

static void
finish(Call *c)
{
	NfSrv *s;
	NfMember *m;

	s = c->s;
	m = c->m;
	untimecall(c);
	if(c->f != nil){
		if(c->prev != nil)
			c->prev->next = c->next;
		else
			c->f->calls = c->next;
		if(c->next != nil)
			c->next->prev = c->prev;
	}
	c->fn(c);
	free(c);
	_nfmemberput(m);
	_nfrelease(s);
}

static void
fidcb(void *v, NpCFid *fid, const char *err)
{
	Call *c;

	c = v;
	c->nfid = fid;
	c->err = err;
	finish(c);
}

static void
donecb(void *v, const char *err)
{
	Call *c;

	c = v;
	c->err = err;
	finish(c);
}

static void
iocb(void *v, long n, const char *err)
{
	Call *c;

	c = v;
	c->n = n;
	c->err = err;
	finish(c);
}

static void
dircb(void *v, Dir *d, long n, const char *err)
{
	Call *c;

	c = v;
	c->d = d;
	c->n = n;
	c->err = err;
	finish(c);
}

/* The kernel interrupted f's request: flush its calls (each then ends "interrupted"). */
void
_nfflushcalls(Fop *f)
{
	Call *c;

	for(c = f->calls; c != nil; c = c->next)
		npfscancel(c->op);
}

/* Clunk fid with nobody waiting. */
void
_nfclunk(NfMember *m, NpCFid *fid)
{
	if(fid != nil)
		npfsclunklater(fid);	/* a fid never opened waits for the next message */
}

/* The errno for a call that could not be started: errstr says why. */
static int
senderr(void)
{
	char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return nferrno(buf);
}

/* Continue at k with err (0: a call could not be started). */
static void
fail(Fop *f, int err, void (*k)(Fop*))
{
	f->err = err != 0 ? err : senderr();
	k(f);
}

/* Attributes. */

static void
d2st(NfMember *m, const Dir *d, struct stat *st)
{
	_nfd2st(d, m->uname, m->srv->uid, m->srv->gid, m->iounit, st);
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

/* Walks. */

/* The fid of node n in member m: the member's own root for the union's root. */
static NpCFid*
fidof(Node *n, NfMember *m)
{
	return n->m == nil ? m->root : n->fid;
}

/*
 * The path from the nearest ancestor of dir that has a fid (or the root) down to dir, then
 * name if not nil; *from is that ancestor's fid. nil if out of memory.
 */
static char*
walkpath(Node *dir, NfMember *m, const char *name, NpCFid **from)
{
	Node *p;

	for(p = dir; p->m != nil && p->fid == nil; p = p->parent)
		;
	*from = fidof(p, m);
	return _nfpath(dir, p, name);
}

static void
walked(Call *c)
{
	Fop *f;

	f = c->arg;
	f->fid = nil;
	if(c->err != nil)
		f->err = nferrno(c->err);
	else{
		f->fid = c->nfid;
		f->qid = npfsqid(c->nfid);
		f->err = 0;
	}
	f->k2(f);
}

/* Walk to dir/name (name nil: a clone of dir's file): f->fid and f->qid, or f->err; then k. */
static void
walkto(Fop *f, Node *dir, const char *name, void (*k)(Fop*))
{
	NpCFid *from;
	char *path;
	Call *c;

	f->fid = nil;
	if(f->intr){
		fail(f, EINTR, k);
		return;
	}
	if((path = walkpath(dir, f->m, name, &from)) == nil){
		fail(f, ENOMEM, k);
		return;
	}
	f->k2 = k;
	if((c = newcall(f->m, f, walked)) == nil){
		free(path);
		fail(f, 0, k);
		return;
	}
	c->arg = f;
	c = started(c, npfswalkasync(from, path, fidcb, c));
	free(path);
	if(c == nil)
		fail(f, 0, k);
}

static void
gotfid(Fop *f)
{
	Node *n;

	n = f->n;
	if(f->err == 0){
		if(n->fid != nil)	/* another request got there first */
			_nfclunk(f->m, f->fid);
		else if(f->qid.path != n->qid.path){
			_nfclunk(f->m, f->fid);
			_nfunhash(n);
			f->err = ESTALE;
		}else
			n->fid = f->fid;
	}
	f->fid = nil;
	f->k3(f);
}

/* Give f->n a fid of its own if it has none, then k. */
static void
needfid(Fop *f, void (*k)(Fop*))
{
	if(f->n->m == nil || f->n->fid != nil){
		f->err = 0;
		k(f);
		return;
	}
	f->k3 = k;
	walkto(f, f->n->parent, f->n->name, gotfid);
}

static void
statted(Call *c)
{
	Fop *f;

	f = c->arg;
	if(c->err != nil)
		f->err = nferrno(c->err);
	else{
		d2st(c->m, c->d, &f->st);
		f->qid = c->d->qid;
		f->err = 0;
	}
	f->k2(f);
}

/* Stat fid into f->st and f->qid, then k. */
static void
stat9p(Fop *f, NpCFid *fid, void (*k)(Fop*))
{
	Call *c;

	f->k2 = k;
	if((c = newcall(f->m, f, statted)) == nil){
		fail(f, 0, k);
		return;
	}
	c->arg = f;
	if(started(c, npfsdirfstatasync(fid, dircb, c)) == nil)
		fail(f, 0, k);
}

/*
 * Lookup: walk to the name, and stat what it finds. When the name already has a node with
 * a fid (not a directory), its Tstat goes out beside the Twalk, and is the answer if the
 * walk finds the same file: one round trip for both. Otherwise the walk's fid is stat'ed,
 * unless the node's attributes already do (see lookupjoin).
 */

static void
lookupstatted(Fop *f)
{
	if(f->err != 0){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
	}else
		f->fresh = 1;
	f->k(f);
}

static void
lookupjoin(Fop *f)
{
	Node *c;
	NpCFid *fid;

	if(--f->pending > 0)
		return;
	if(f->err != 0){
		f->k(f);
		return;
	}
	if(f->pstok && f->pqid.path == f->qid.path
	&& (f->pqid.type & QTDIR) == (f->qid.type & QTDIR)){
		f->st = f->pst;
		f->qid = f->pqid;
		f->fresh = 1;
		f->k(f);
		return;
	}
	/*
	 * The node's attributes do when they are those of this qid.vers; a directory's do
	 * anyway: walking through it needs none, and a stat of it asks (timeout 0). A file's
	 * must be fresh: an exec maps it by the size the lookup gives.
	 */
	c = _nfchild(f->n, f->name);
	if(c != nil && c->m == f->m && c->qid.path == f->qid.path && c->qid.type == f->qid.type
	&& ((c->stok && c->qid.vers == f->qid.vers) || S_ISDIR(c->st.st_mode))){
		f->st = c->st;
		f->qid = c->qid;	/* its attributes are of that vers: a lookup compares */
		f->k(f);
		return;
	}
	fid = f->fid;
	stat9p(f, fid, lookupstatted);
	f->fid = fid;
}

static void
knownstatted(Call *c)
{
	Fop *f;

	f = c->arg;
	if(c->err == nil){
		d2st(c->m, c->d, &f->pst);
		f->pqid = c->d->qid;
		f->pstok = 1;
	}
	lookupjoin(f);
}

void
_nf9plookup(Fop *f)
{
	Node *known;
	Call *c;

	f->pending = 1;
	f->pstok = 0;
	known = _nfchild(f->n, f->name);
	if(known != nil && known->m == f->m && known->fid != nil && f->n2 == nil
	&& !S_ISDIR(known->st.st_mode)	/* directories are walked through more than stat'ed */
	&& (c = newcall(f->m, f, knownstatted)) != nil){
		c->arg = f;
		_nfincref(known);
		f->n2 = known;	/* held while its fid is in use */
		if(started(c, npfsdirfstatasync(known->fid, dircb, c)) != nil)
			f->pending++;
	}
	walkto(f, f->n, f->name, lookupjoin);
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

static NpCFid*
attrfid(Fop *f)
{
	return f->h != nil && !f->h->isdir ? f->h->fid : fidof(f->n, f->m);
}

static void
wstatted(Call *c)
{
	Fop *f;

	f = c->arg;
	if(c->err != nil){
		f->err = nferrno(c->err);
		f->k(f);
		return;
	}
	stat9p(f, attrfid(f), f->k);
}

/* Twstat d on fid, then continue at fn. */
static int
wstat9p(Fop *f, NpCFid *fid, Dir *d, Callfn *fn)
{
	Call *c;

	if((c = newcall(f->m, f, fn)) == nil){
		f->err = senderr();
		return -1;
	}
	c->arg = f;
	if(started(c, npfsdirfwstatasync(fid, d, donecb, c)) == nil){
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
		stat9p(f, attrfid(f), f->k);
		return;
	}
	if(wstat9p(f, attrfid(f), &d, wstatted) < 0)
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
opened(Call *c)
{
	Fop *f;
	Handle *h;
	u32int iounit;

	f = c->arg;
	if(c->err != nil){
		_nfclunk(f->m, f->fid);
		f->err = nferrno(c->err);
	}else if((h = _nfnewhandle(f->n, f->m)) == nil){
		_nfclunk(f->m, f->fid);
		f->err = ENOMEM;
	}else{
		h->fid = f->fid;
		h->qid = npfsqid(f->fid);
		h->isdir = (h->qid.type & QTDIR) != 0;
		iounit = npfsiounit(f->fid);
		h->iounit = iounit > 0 && iounit < f->m->iounit ? iounit : f->m->iounit;
		f->h = h;
		f->qid = h->qid;
		f->err = 0;
	}
	f->fid = nil;
	f->k(f);
}

static void
opencloned(Fop *f)
{
	Call *c;
	int mode;

	if(f->err != 0){
		f->k(f);
		return;
	}
	if((c = newcall(f->m, f, opened)) == nil){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		fail(f, 0, f->k);
		return;
	}
	c->arg = f;
	mode = omode(f->flags, S_ISDIR(f->n->st.st_mode) || f->n->m == nil);
	if(started(c, npfsfopenasync(f->fid, mode, donecb, c)) == nil){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		fail(f, 0, f->k);
	}
}

static void
openfid(Fop *f)
{
	if(f->err != 0){
		f->k(f);
		return;
	}
	walkto(f, f->n, nil, opencloned);
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
	h->fid = nil;
}

/* Create (files, directories, mknod of files): a clone of the directory becomes the file. */

static void
created(Call *c)
{
	Fop *f;
	Handle *h;
	u32int iounit;

	f = c->arg;
	if(c->err != nil){
		_nfclunk(f->m, f->fid);	/* a failed create leaves it the directory's clone */
		f->fid = nil;
		f->err = nferrno(c->err);
		f->k(f);
		return;
	}
	f->qid = npfsqid(f->fid);
	newst(f, &f->st);
	f->err = 0;
	if(f->what != Cfile){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		f->k(f);
		return;
	}
	if((h = _nfnewhandle(nil, f->m)) == nil){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		f->err = ENOMEM;
		f->k(f);
		return;
	}
	h->fid = f->fid;
	f->fid = nil;
	h->qid = f->qid;
	iounit = npfsiounit(h->fid);
	h->iounit = iounit > 0 && iounit < f->m->iounit ? iounit : f->m->iounit;
	f->h = h;
	f->k(f);
}

static void
createcloned(Fop *f)
{
	Call *c;
	int mode;
	u32int perm;

	if(f->err != 0){
		f->k(f);
		return;
	}
	perm = (f->mode & 0777) | (f->what == Cdir ? DMDIR : 0);
	mode = f->what == Cfile ? omode(f->flags, 0) & ~OTRUNC : OREAD;
	if((c = newcall(f->m, f, created)) == nil){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		fail(f, 0, f->k);
		return;
	}
	c->arg = f;
	if(started(c, npfsfcreateasync(f->fid, f->name, mode, perm, donecb, c)) == nil){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		fail(f, 0, f->k);
	}
}

/* Where a directory's spare clone lives: the member's for the union's root. */
static NpCFid**
sparep(Node *dir, NfMember *m)
{
	return dir->m == nil ? &m->spare : &dir->spare;
}

static void
sparemade(Call *c)
{
	Node *dir;
	NpCFid **sp;

	dir = c->arg;
	if(c->err == nil){
		sp = sparep(dir, c->m);
		if(*sp == nil && !c->m->gone && (dir->m == nil || dir->ref + dir->nlookup > 1))
			*sp = c->nfid;
		else
			_nfclunk(c->m, c->nfid);
	}
	_nfdecref(dir);
}

/* Clone dir's fid in the background, for the next create in it. */
static void
makespare(Node *dir, NfMember *m)
{
	Call *c;
	NpCFid *from;

	from = fidof(dir, m);
	if(from == nil || *sparep(dir, m) != nil || m->srv->closing)
		return;
	if((c = newcall(m, nil, sparemade)) == nil)
		return;
	c->arg = dir;
	_nfincref(dir);
	if(started(c, npfswalkasync(from, "", fidcb, c)) == nil)
		_nfdecref(dir);
}

/*
 * Lookups of a directory leave it a spare clone (ops.c's install); a create that found
 * none (the directory is the process's current one, not walked through) makes one for
 * the next.
 */
static void
createdone(Fop *f)
{
	if(f->err == 0)
		makespare(f->n, f->m);
	f->k = f->k3;
	f->k(f);
}

void
_nf9pcreate(Fop *f)
{
	NpCFid **sp;

	sp = sparep(f->n, f->m);
	if(*sp != nil){
		f->fid = *sp;
		*sp = nil;
		f->err = 0;
		createcloned(f);
		return;
	}
	f->k3 = f->k;
	f->k = createdone;
	walkto(f, f->n, nil, createcloned);
}

/* Remove: walk a new fid to the file and remove it (which clunks it, success or not). */

static void
removed(Call *c)
{
	Fop *f;

	f = c->arg;
	f->err = c->err != nil ? nferrno(c->err) : 0;
	f->k2(f);
}

/* Remove f->fid (gone whatever happens), then k. */
static void
remove9p(Fop *f, void (*k)(Fop*))
{
	NpCFid *fid;
	Call *c;

	fid = f->fid;
	f->fid = nil;
	f->k2 = k;
	if((c = newcall(f->m, f, removed)) == nil){
		_nfclunk(f->m, fid);
		fail(f, 0, k);
		return;
	}
	c->arg = f;
	if(started(c, npfsfremoveasync(fid, donecb, c)) == nil)
		fail(f, 0, k);
}

static void
removewalked(Fop *f)
{
	if(f->err != 0){
		f->k(f);
		return;
	}
	remove9p(f, f->k);
}

void
_nf9premove(Fop *f)
{
	walkto(f, f->n, f->name, removewalked);
}

/*
 * Rename within a directory: a Twstat of the name. If the new name exists (9P refuses
 * that) and the caller allows replacing, the file there is removed first, after the type
 * checks rename(2) makes, and the wstat is tried once more. f->mode keeps the source's
 * qid type meanwhile.
 */
static void renamesrc(Fop *f);

static void
renameend(Fop *f)
{
	f->k = f->k3;
	f->k(f);
}

static void
renameremoved(Fop *f)
{
	if(f->err != 0){
		renameend(f);
		return;
	}
	f->what = 1;
	walkto(f, f->n, f->name, renamesrc);
}

static void
renametarget(Fop *f)
{
	if(f->err != 0){	/* gone meanwhile: the wstat failed for some other reason */
		f->err = EEXIST;
		renameend(f);
		return;
	}
	if((f->mode & QTDIR) != (f->qid.type & QTDIR)){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		f->err = f->mode & QTDIR ? ENOTDIR : EISDIR;
		renameend(f);
		return;
	}
	remove9p(f, renameremoved);
}

static void
renamewstatted(Call *c)
{
	Fop *f;

	f = c->arg;
	_nfclunk(f->m, f->fid);
	f->fid = nil;
	f->err = c->err != nil ? nferrno(c->err) : 0;
	if(f->err == EEXIST && !f->what && !(f->flags & RENAME_NOREPLACE))
		walkto(f, f->n, f->name2, renametarget);
	else
		renameend(f);
}

static void
renamesrc(Fop *f)
{
	Dir d;

	if(f->err != 0){
		renameend(f);
		return;
	}
	f->mode = f->qid.type;
	p9nulldir(&d);
	d.name = f->name2;
	if(wstat9p(f, f->fid, &d, renamewstatted) < 0){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
		renameend(f);
	}
}

void
_nf9prename(Fop *f)
{
	f->k3 = f->k;
	f->what = 0;
	walkto(f, f->n, f->name, renamesrc);
}

/* Reads and writes: the client splits them into messages, several in flight at once. */

static void
moved(Call *c)
{
	Fop *f;

	f = c->arg;
	if(c->err != nil){
		f->err = nferrno(c->err);
		f->count = 0;
	}else if(f->wbuf != nil && c->n == 0){
		/* a write(2) returning 0 makes stdio and many programs retry for ever */
		f->err = EIO;
		f->count = 0;
	}else{
		f->err = 0;
		f->count = c->n;
	}
	f->k(f);
}

static void
iostart(Fop *f)
{
	Call *c;
	NpFsop *op;

	if(f->size == 0){
		f->err = 0;
		f->count = 0;
		f->k(f);
		return;
	}
	if(f->wbuf == nil){
		if((f->iobuf = malloc(f->size)) == nil){
			fail(f, ENOMEM, f->k);
			return;
		}
		f->iobufown = 1;
	}
	if((c = newcall(f->m, f, moved)) == nil){
		fail(f, 0, f->k);
		return;
	}
	c->arg = f;
	if(f->wbuf != nil)
		op = npfspwriteasync(f->h->fid, f->wbuf, f->size, f->off, iocb, c);
	else
		op = npfspreadasync(f->h->fid, f->iobuf, f->size, f->off, iocb, c);
	if(started(c, op) == nil)
		fail(f, 0, f->k);
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

static void listnext(Fop *f, NpCFid *fid);

static void
listend(Fop *f, NpCFid *fid)
{
	if(f->n->m == nil)	/* the union's root: our own clone */
		_nfclunk(f->m, fid);
	f->k(f);
}

static void
listread(Call *c)
{
	Fop *f;
	struct stat st;
	long i, from;

	f = c->arg;
	if(c->err != nil){
		f->err = nferrno(c->err);
		listend(f, c->fid);
		return;
	}
	if(c->n == 0){
		f->err = 0;
		listend(f, c->fid);
		return;
	}
	from = f->h->list.n;
	for(i = 0; i < c->n; i++){
		if(!_nfgoodname(c->d[i].name))
			continue;
		d2st(f->m, &c->d[i], &st);
		if(f->h->list.n >= Maxents
		|| _nflistadd(&f->h->list, c->d[i].name, &st, &c->d[i].qid) < 0){
			_nflistsetm(&f->h->list, from, f->m);
			f->err = f->h->list.n >= Maxents ? EFBIG : ENOMEM;
			listend(f, c->fid);
			return;
		}
	}
	_nflistsetm(&f->h->list, from, f->m);
	listnext(f, c->fid);
}

static void
listnext(Fop *f, NpCFid *fid)
{
	Call *c;

	if(f->intr){
		f->err = EINTR;
		listend(f, fid);
		return;
	}
	if((c = newcall(f->m, f, listread)) == nil){
		f->err = senderr();
		listend(f, fid);
		return;
	}
	c->arg = f;
	c->fid = fid;
	if(started(c, npfsdirreadasync(fid, dircb, c)) == nil){
		f->err = senderr();
		listend(f, fid);
	}
}

static void
listopened(Call *c)
{
	Fop *f;

	f = c->arg;
	if(c->err != nil){
		_nfclunk(f->m, c->fid);
		f->err = nferrno(c->err);
		f->k(f);
		return;
	}
	listnext(f, c->fid);
}

static void
listcloned(Fop *f)
{
	Call *c;
	NpCFid *fid;

	if(f->err != 0){
		f->k(f);
		return;
	}
	fid = f->fid;
	f->fid = nil;
	if((c = newcall(f->m, f, listopened)) == nil){
		_nfclunk(f->m, fid);
		fail(f, 0, f->k);
		return;
	}
	c->arg = f;
	c->fid = fid;
	if(started(c, npfsfopenasync(fid, OREAD, donecb, c)) == nil){
		_nfclunk(f->m, fid);
		fail(f, 0, f->k);
	}
}

/*
 * List into f->h->list: for the union's root, member f->m's root directory (through a
 * clone opened for the purpose); otherwise f->h's open directory, from the start.
 */
void
_nf9plist(Fop *f)
{
	if(f->n->m == nil){
		walkto(f, f->n, nil, listcloned);
		return;
	}
	npfsseek(f->h->fid, 0, 0);
	listnext(f, f->h->fid);
}

/* Fsync: a wstat that changes nothing asks the server to commit the file (stat(5)). */

static void
synced(Call *c)
{
	Fop *f;

	f = c->arg;
	f->err = c->err != nil ? nferrno(c->err) : 0;
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

/* A walk from the member's root to name, for union.c: fn(c) gets c->nfid or c->err. */
int
_nf9pwalkroot(NfMember *m, const char *name, Callfn *fn, void *arg, long i)
{
	Call *c;

	if((c = newcall(m, nil, fn)) == nil)
		return -1;
	c->arg = arg;
	c->i = i;
	return started(c, npfswalkasync(m->root, name, fidcb, c)) == nil ? -1 : 0;
}
