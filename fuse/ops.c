/*
 * ops.c: the FUSE low-level operations: node ids, the root union's rules, caching policy
 * and replies. The work on files is done by the member's backend (p9.c, host.c).
 *
 * Caching: a 9P member without NFCACHE is uncached: attribute and entry timeouts 0, no
 * negative entries, direct I/O. Host members and NFCACHE members: timeouts of 1 s,
 * negative entries of 1 s, the page cache (regular files of non-zero length for 9P),
 * kept across opens while the file is unchanged (qid.vers; size, mtime and ctime). The
 * root: negative entries only when every member caches.
 *
 * A lookup that fails for a reason other than the file's absence (the server hung up,
 * timed out, was interrupted) answers from the node already there, if any: the kernel
 * would otherwise drop the dentry, and any bind mounted on it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "impl.h"

static const double Cachetime = 1.0;
enum { Freshtime = 2000000 };	/* ns a lookup's attributes serve the getattr that follows */

/* Requests. */

static void
interrupted(fuse_req_t req, void *v)
{
	Fop *f;

	f = v;
	f->intr = 1;
	_nfflushcalls(f);
}

static Fop*
newfop(fuse_req_t req, const char *what, u64int ino)
{
	NfSrv *s;
	Fop *f;

	s = fuse_req_userdata(req);
	_nftrace(s, "<- %s %llud", what, (unsigned long long)ino);
	if((f = calloc(1, sizeof *f)) == nil){
		fuse_reply_err(req, ENOMEM);
		return nil;
	}
	f->s = s;
	f->req = req;
	_nfhold(s);
	fuse_req_interrupt_func(req, interrupted, f);
	return f;
}

static void handleput(Handle *h);
static void statusdone(Fop *f);
static int failed(Fop *f);

static void
setm(Fop *f, NfMember *m)
{
	if(m != nil)
		m->ref++;
	_nfmemberput(f->m);
	f->m = m;
}

static void
freefop(Fop *f)
{
	NfSrv *s;

	s = f->s;
	if(f->fid != nil)
		_nfclunk(f->m, f->fid);
	_nfdecref(f->n);
	_nfdecref(f->n2);
	setm(f, nil);
	if(f->h != nil)
		handleput(f->h);
	_nfputsnapshot(f->snap, f->nsnap);
	_nfputrbuf(s, f->rb);
	if(f->iobufown)
		free(f->iobuf);
	free(f->name);
	free(f->name2);
	free(f->path);
	free(f->path2);
	free(f->link);
	free(f->sv);
	free(f);
	_nfrelease(s);
}

static void
replyerr(Fop *f, int err)
{
	if(err == ENOSYS)	/* would make the kernel stop asking for good */
		err = EOPNOTSUPP;
	_nftrace(f->s, "-> error %s", strerror(err));
	fuse_reply_err(f->req, err);
	freefop(f);
}

/* If f failed, reply with its error (f is gone then) and return 1. */
static int
failed(Fop *f)
{
	if(f->err == 0)
		return 0;
	replyerr(f, f->err);
	return 1;
}

/* The node an operation names, held by f as f->n. */
static Node*
fopnode(Fop *f, fuse_ino_t ino)
{
	Node *n;

	if((n = _nfnode(f->s, ino)) == nil){
		replyerr(f, ESTALE);
		return nil;
	}
	_nfincref(n);
	f->n = n;
	return n;
}

static int
setname(Fop *f, char **p, const char *name)
{
	if((*p = strdup(name)) == nil){
		replyerr(f, ENOMEM);
		return -1;
	}
	return 0;
}

/* Handles. */

Handle*
_nfnewhandle(Node *n, NfMember *m)
{
	Handle *h;
	NfSrv *s;

	if((h = calloc(1, sizeof *h)) == nil)
		return nil;
	s = m->srv;
	h->ref = 1;
	h->n = n;
	if(n != nil)
		_nfincref(n);
	h->m = m;
	if(m != nil)
		m->ref++;
	h->fd = -1;
	h->next = s->handles;
	if(s->handles != nil)
		s->handles->prev = h;
	s->handles = h;
	return h;
}

static Handle*
rootdirhandle(NfSrv *s)
{
	Handle *h;

	if((h = calloc(1, sizeof *h)) == nil)
		return nil;
	h->ref = 1;
	h->n = s->root;
	h->isdir = 1;
	h->fd = -1;
	h->next = s->handles;
	if(s->handles != nil)
		s->handles->prev = h;
	s->handles = h;
	return h;
}

static void
handleput(Handle *h)
{
	NfSrv *s;

	if(--h->ref > 0)
		return;
	s = h->n != nil ? h->n->srv : h->m->srv;
	if(h->prev != nil)
		h->prev->next = h->next;
	else
		s->handles = h->next;
	if(h->next != nil)
		h->next->prev = h->prev;
	if(h->m != nil){
		if(h->m->kind == M9p && h->fid != nil)
			_nf9pclose(h);
		else if(h->m->kind == Mhost)
			_nfhostclose(h);
	}
	_nflistfree(&h->list);
	_nfmemberput(h->m);
	_nfdecref(h->n);
	free(h);
}

/* At nfclose: the kernel will release nothing more. */
void
_nfcloseall(NfSrv *s)
{
	Handle *h, *next;

	for(h = s->handles; h != nil; h = next){
		h->ref++;
		next = h->next;
		if(next != nil)
			next->ref++;
		h->ref--;	/* the kernel's */
		handleput(h);
		if(next != nil)
			next->ref--;
	}
}

static Handle*
fophandle(Fop *f, struct fuse_file_info *fi)
{
	Handle *h;

	h = (Handle*)(uintptr_t)fi->fh;
	h->ref++;
	f->h = h;
	return h;
}

/* Policy. */

static int
caches(NfMember *m)
{
	return m->kind == Mhost || (m->flags & NFCACHE);
}

static double
timeout(NfSrv *s, NfMember *m)
{
	if(m == nil)
		return _nfallcached(s) ? Cachetime : 0;
	return caches(m) ? Cachetime : 0;
}

/* Attributes as the kernel gets them: members' inode numbers kept apart. */
static void
attrof(Node *n, const struct stat *st, struct stat *out)
{
	*out = *st;
	out->st_ino = n->m == nil ? FUSE_ROOT_ID : _nfino(n->m, st->st_ino);
	if(out->st_nlink == 0)
		out->st_nlink = 1;
}

static int
transient(int err)
{
	switch(err){
	case ENOENT:
	case ENOTDIR:
	case EACCES:
	case EPERM:
	case ENAMETOOLONG:
	case EINVAL:
		return 0;
	}
	return 1;
}

/* Reply with n's entry; the kernel then holds one more reference to it. */
static void
replyentry(Fop *f, Node *n)
{
	struct fuse_entry_param e;

	memset(&e, 0, sizeof e);
	e.ino = n->id;
	attrof(n, &n->st, &e.attr);
	e.attr_timeout = e.entry_timeout = timeout(f->s, n->m);
	_nftrace(f->s, "-> entry %llud", (unsigned long long)n->id);
	_nfincref(n);
	if(fuse_reply_entry(f->req, &e) == 0)
		n->nlookup++;
	_nfdecref(n);
	freefop(f);
}

static void
replyattr(Fop *f, Node *n)
{
	struct stat st;

	attrof(n, &n->st, &st);
	_nftrace(f->s, "-> attr %llud mode %uo size %lld", (unsigned long long)n->id,
		(uint)st.st_mode, (long long)st.st_size);
	fuse_reply_attr(f->req, &st, timeout(f->s, n->m));
	freefop(f);
}

/* What f found (f->st, f->qid, f->fid from a lookup or create) as the node dir/name. */
static Node*
install(Fop *f, Node *dir, const char *name)
{
	Node *c;

	c = _nfchild(dir, name);
	if(c == nil || c->m != f->m || !_nfsameid(c, &f->st, &f->qid)){
		if((c = _nfnewnode(dir, name, f->m)) == nil)
			return nil;
		_nfsetid(c, &f->st, &f->qid);
	}
	if(f->fid != nil){
		if(c->fid == nil)
			c->fid = f->fid;
		else if(S_ISDIR(f->st.st_mode) && c->spare == nil)
			c->spare = f->fid;	/* a clone of the directory: the next create's */
		else
			_nfclunk(f->m, f->fid);
		f->fid = nil;
	}
	c->st = f->st;
	c->qid = f->qid;
	return c;
}

/* Lookups. */

static void
lookupdone(Fop *f)
{
	struct fuse_entry_param e;
	Node *c;

	if(f->err == 0){
		if((c = install(f, f->n, f->name)) == nil){
			replyerr(f, ENOMEM);
			return;
		}
		c->stok = 1;
		c->fresh = f->fresh ? uv_hrtime() : 0;
		replyentry(f, c);
		return;
	}
	c = _nfchild(f->n, f->name);
	if(c != nil && transient(f->err)){
		_nftrace(f->s, "lookup %s: %s: answered from cache", f->name, strerror(f->err));
		replyentry(f, c);
		return;
	}
	if(c != nil)
		_nfunhash(c);
	if(f->err == ENOENT && timeout(f->s, f->n->m == nil ? nil : f->m) > 0){
		memset(&e, 0, sizeof e);
		e.entry_timeout = Cachetime;
		if(f->n->m == nil)
			_nfaddneg(f->s, f->name, Cachetime);
		_nftrace(f->s, "-> negative entry");
		fuse_reply_entry(f->req, &e);
		freefop(f);
		return;
	}
	replyerr(f, f->err);
}

static void rootnext(Fop *f);

static void
roothostdone(Fop *f)
{
	if(f->err == 0){
		setm(f, f->snap[f->idx]);
		f->then(f);
		return;
	}
	rootnext(f);	/* f->idx is at the next member that is not a host directory */
}

static void
root9pdone(Fop *f)
{
	if(f->err == 0){
		f->then(f);
		return;
	}
	if(transient(f->err) && f->transient == 0)
		f->transient = f->err;
	f->idx++;
	rootnext(f);
}

/* Try the root union's members in order from f->idx; the first that has f->name wins. */
static void
rootnext(Fop *f)
{
	NfMember *m;

	if(f->idx >= f->nsnap || f->intr){
		f->err = f->intr ? EINTR : f->transient != 0 ? f->transient : ENOENT;
		f->then(f);
		return;
	}
	m = f->snap[f->idx];
	setm(f, m);
	if(m->kind == Mhost){
		f->k = roothostdone;
		_nfhostlookup(f);
	}else{
		f->k = root9pdone;
		_nf9plookup(f);
	}
}

/* Look f->name up in the root union: f->m is where it was found; then continue at then. */
static void
rootlookup(Fop *f, void (*then)(Fop*))
{
	f->then = then;
	f->idx = 0;
	f->transient = 0;
	if((f->snap = _nfsnapshot(f->s, &f->nsnap)) == nil){
		f->err = ENOMEM;
		then(f);
		return;
	}
	rootnext(f);
}

static void
backend(Fop *f, void (*host)(Fop*), void (*p9)(Fop*), void (*k)(Fop*))
{
	f->k = k;
	if(f->m->kind == Mhost)
		host(f);
	else
		p9(f);
}

static void
oplookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	Fop *f;
	Node *dir;

	if((f = newfop(req, "lookup", parent)) == nil || (dir = fopnode(f, parent)) == nil
	|| setname(f, &f->name, name) < 0)
		return;
	if(dir->m == nil){
		rootlookup(f, lookupdone);
		return;
	}
	setm(f, dir->m);
	backend(f, _nfhostlookup, _nf9plookup, lookupdone);
}

static void
opforget(fuse_req_t req, fuse_ino_t ino, uint64_t nlookup)
{
	Node *n;

	if((n = _nfnode(fuse_req_userdata(req), ino)) != nil)
		_nfforget(n, nlookup);
	fuse_reply_none(req);
}

static void
opforgetmulti(fuse_req_t req, size_t count, struct fuse_forget_data *v)
{
	NfSrv *s;
	Node *n;
	size_t i;

	s = fuse_req_userdata(req);
	for(i = 0; i < count; i++)
		if((n = _nfnode(s, v[i].ino)) != nil)
			_nfforget(n, v[i].nlookup);
	fuse_reply_none(req);
}

/* Attributes. The root's are its first member's root's. */

static void
attrdone(Fop *f)
{
	Node *n;

	n = f->n;
	if(failed(f))
		return;
	if(n->m != nil && !_nfsameid(n, &f->st, &f->qid)){
		/* the name now means another file: this node is stale */
		_nfunhash(n);
		replyerr(f, ESTALE);
		return;
	}
	n->st = f->st;
	if(n->m == nil)
		n->st.st_mode = S_IFDIR | (n->st.st_mode & 07777);
	n->qid = f->qid;
	n->stok = 1;
	replyattr(f, n);
}

/* Point f->m at the member f->n is in (the root: its first member). 0 if none. */
static int
nodemember(Fop *f)
{
	setm(f, f->n->m != nil ? f->n->m : f->s->members);
	return f->m != nil;
}

static void
opgetattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	Fop *f;

	if((f = newfop(req, "getattr", ino)) == nil || fopnode(f, ino) == nil)
		return;
	if(!nodemember(f)){
		replyattr(f, f->n);
		return;
	}
	/* right after a lookup that asked the server: a walk and a stat, as Plan 9's stat */
	if(f->n->fresh != 0 && uv_hrtime() - f->n->fresh < Freshtime){
		f->n->fresh = 0;
		replyattr(f, f->n);
		return;
	}
	if(fi != nil && f->n->m != nil)
		fophandle(f, fi);
	backend(f, _nfhostgetattr, _nf9pgetattr, attrdone);
}

static void
opsetattr(fuse_req_t req, fuse_ino_t ino, struct stat *attr, int toset,
	struct fuse_file_info *fi)
{
	Fop *f;

	if((f = newfop(req, "setattr", ino)) == nil || fopnode(f, ino) == nil)
		return;
	if(!nodemember(f)){
		replyerr(f, EROFS);
		return;
	}
	if(fi != nil && f->n->m != nil)
		fophandle(f, fi);
	f->attr = *attr;
	f->toset = toset;
	backend(f, _nfhostsetattr, _nf9psetattr, attrdone);
}

static void
opaccess(fuse_req_t req, fuse_ino_t ino, int mask)
{
	Fop *f;
	struct stat *st;
	int bits;

	if((f = newfop(req, "access", ino)) == nil || fopnode(f, ino) == nil)
		return;
	if(!nodemember(f) || mask == F_OK){
		f->err = 0;
		statusdone(f);
		return;
	}
	if(f->m->kind == Mhost){
		f->flags = mask;
		f->k = statusdone;
		_nfhostaccess(f);
		return;
	}
	/* 9P: the server decides at open; answer from the mode bits as it would */
	st = &f->n->st;
	if(st->st_uid == f->s->uid)
		bits = st->st_mode >> 6;
	else if(st->st_gid == f->s->gid)
		bits = st->st_mode >> 3;
	else
		bits = st->st_mode;
	f->err = (mask & ~bits & 7) ? EACCES : 0;
	statusdone(f);
}

/* Open files. */

static int
unchanged(Node *n, const struct stat *st)
{
	return n->cached && n->csize == st->st_size
		&& n->cmtime.tv_sec == st->st_mtim.tv_sec
		&& n->cmtime.tv_nsec == st->st_mtim.tv_nsec
		&& n->cctime.tv_sec == st->st_ctim.tv_sec
		&& n->cctime.tv_nsec == st->st_ctim.tv_nsec;
}

static void
stamp(Node *n, const struct stat *st)
{
	n->cached = 1;
	n->csize = st->st_size;
	n->cmtime = st->st_mtim;
	n->cctime = st->st_ctim;
}

/* Decide caching for an open of h's file, and reply. */
static void
replyopen(Fop *f, Handle *h, struct fuse_file_info *fi)
{
	Node *n;

	n = h->n;
	fi->fh = (uintptr_t)h;
	fi->direct_io = 1;
	fi->keep_cache = 0;
	h->append = (f->flags & O_APPEND) != 0;
	if(h->m->kind == Mhost && !h->isdir){
		/*
		 * The page cache, but not for files that say they are empty: /proc's, or an
		 * outer name space's synthetic files, hold what a read returns, not their size.
		 */
		fi->direct_io = f->st.st_size == 0;
		fi->keep_cache = !fi->direct_io && unchanged(n, &f->st);
		stamp(n, &f->st);
		n->st = f->st;
	}else if(h->m->kind == M9p && (h->m->flags & NFCACHE) && !h->isdir
	&& S_ISREG(n->st.st_mode) && n->st.st_size > 0){
		fi->direct_io = 0;
		fi->keep_cache = n->cached && n->cvers == h->qid.vers;
		n->cached = 1;
		n->cvers = h->qid.vers;
	}
	h->direct = fi->direct_io;
	h->ref++;	/* the kernel's, until release */
	_nftrace(f->s, "-> open %p%s%s", h, fi->direct_io ? " direct" : "",
		fi->keep_cache ? " keep" : "");
	if(fuse_reply_open(f->req, fi) != 0)
		h->ref--;
	freefop(f);
}

static void
opendone(Fop *f)
{
	struct fuse_file_info fi;

	if(failed(f))
		return;
	memset(&fi, 0, sizeof fi);
	fi.flags = f->flags;
	replyopen(f, f->h, &fi);
}

static void
startopen(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi, int isdir)
{
	Fop *f;
	Handle *h;

	if((f = newfop(req, isdir ? "opendir" : "open", ino)) == nil || fopnode(f, ino) == nil)
		return;
	f->flags = fi->flags;
	if(f->n->m == nil){
		if(!isdir){
			replyerr(f, EISDIR);
			return;
		}
		if((h = rootdirhandle(f->s)) == nil){
			replyerr(f, ENOMEM);
			return;
		}
		fi->fh = (uintptr_t)h;
		fuse_reply_open(req, fi);
		freefop(f);
		return;
	}
	setm(f, f->n->m);
	if(f->m->kind == Mhost){
		if((h = _nfnewhandle(f->n, f->m)) == nil){
			replyerr(f, ENOMEM);
			return;
		}
		h->isdir = isdir;
		f->h = h;	/* the request's reference; replyopen adds the kernel's */
	}
	f->k = opendone;
	if(f->m->kind == Mhost)
		_nfhostopen(f);
	else
		_nf9popen(f);
}

static void
opopen(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	startopen(req, ino, fi, 0);
}

static void
opopendir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	startopen(req, ino, fi, 1);
}

static void
oprelease(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	_nftrace(fuse_req_userdata(req), "<- release %llud", (unsigned long long)ino);
	fuse_reply_err(req, 0);
	handleput((Handle*)(uintptr_t)fi->fh);
}

static void
readdone(Fop *f)
{
	if(failed(f))
		return;
	_nftrace(f->s, "-> %ld bytes", f->count);
	fuse_reply_buf(f->req, (char*)f->iobuf, f->count);
	freefop(f);
}

static void
opread(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	Fop *f;

	if((f = newfop(req, "read", ino)) == nil)
		return;
	fophandle(f, fi);
	setm(f, f->h->m);
	f->size = size;
	f->off = off;
	backend(f, _nfhostread, _nf9pread, readdone);
}

static void
writedone(Fop *f)
{
	if(failed(f))
		return;
	_nftrace(f->s, "-> wrote %ld", f->count);
	fuse_reply_write(f->req, f->count);
	freefop(f);
}

static void
opwrite(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t size, off_t off,
	struct fuse_file_info *fi)
{
	Fop *f;

	if((f = newfop(req, "write", ino)) == nil)
		return;
	fophandle(f, fi);
	setm(f, f->h->m);
	f->wbuf = buf;
	f->rb = _nfholdrbuf(f->s);
	f->size = size;
	f->off = off;
	backend(f, _nfhostwrite, _nf9pwrite, writedone);
}

static void
statusdone(Fop *f)
{
	if(failed(f))
		return;
	_nftrace(f->s, "-> ok");
	fuse_reply_err(f->req, 0);
	freefop(f);
}

static void
opfsync(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi)
{
	Fop *f;

	if((f = newfop(req, "fsync", ino)) == nil)
		return;
	fophandle(f, fi);
	setm(f, f->h->m);
	f->flags = datasync;
	backend(f, _nfhostfsync, _nf9pfsync, statusdone);
}

static void
opfsyncdir(fuse_req_t req, fuse_ino_t ino, int datasync, struct fuse_file_info *fi)
{
	fuse_reply_err(req, 0);
}

/* Directories. */

/* Mark the first entry of each name: the one a lookup finds. */
static void
markfirst(List *l)
{
	u32int nb, i, h, *tab;
	long j, k;
	const char *p;

	if(l->n == 0)
		return;
	for(nb = 16; nb < (u32int)l->n * 2; nb *= 2)
		;
	if((tab = malloc(nb * sizeof tab[0])) == nil){
		for(j = 0; j < l->n; j++)	/* no nodes for any: plain entries */
			l->e[j].first = 0;
		return;
	}
	memset(tab, 0xff, nb * sizeof tab[0]);
	for(j = 0; j < l->n; j++){
		h = 2166136261u;
		for(p = l->e[j].name; *p; p++)
			h = (h ^ (uchar)*p) * 16777619u;
		l->e[j].first = 1;
		for(i = h & (nb-1); (k = (long)(int)tab[i]) >= 0 && tab[i] != 0xffffffffu;
		    i = (i+1) & (nb-1))
			if(strcmp(l->e[k].name, l->e[j].name) == 0){
				l->e[j].first = 0;
				break;
			}
		if(l->e[j].first)
			tab[i] = j;
	}
	free(tab);
}

/* The node for entry e of directory dir, made if needed; nil when it gets none. */
static Node*
entrynode(Node *dir, Ent *e)
{
	Node *c;

	if(!e->first)
		return nil;
	c = _nfchild(dir, e->name);
	if(c == nil || c->m != e->m || !_nfsameid(c, &e->st, &e->qid)){
		if((c = _nfnewnode(dir, e->name, e->m)) == nil)
			return nil;
		_nfsetid(c, &e->st, &e->qid);
	}
	c->st = e->st;
	c->qid = e->qid;
	c->stok = 1;
	return c;
}

static void
replydir(Fop *f)
{
	Handle *h;
	Node **held, *c;
	char *buf;
	size_t pos, sz;
	long i, nheld;
	struct fuse_entry_param e;
	struct stat st;

	h = f->h;
	buf = malloc(f->size);
	held = calloc(f->size / 24 + 1, sizeof held[0]);	/* an entry takes over 24 bytes */
	if(buf == nil || held == nil){
		free(held);
		free(buf);
		replyerr(f, ENOMEM);
		return;
	}
	pos = 0;
	nheld = 0;
	for(i = f->off; i < h->list.n; i++){
		Ent *en = &h->list.e[i];
		if(!f->plus){
			attrof(h->n == f->s->root ? &(Node){.m = en->m} : h->n, &en->st, &st);
			sz = fuse_add_direntry(f->req, buf + pos, f->size - pos, en->name, &st,
				i + 1);
			if(sz > f->size - pos)
				break;
			pos += sz;
			continue;
		}
		memset(&e, 0, sizeof e);
		c = entrynode(h->n, en);
		if(c != nil){
			e.ino = c->id;
			attrof(c, &c->st, &e.attr);
			e.attr_timeout = e.entry_timeout = timeout(f->s, c->m);
		}else
			attrof(&(Node){.m = en->m}, &en->st, &e.attr);
		sz = fuse_add_direntry_plus(f->req, buf + pos, f->size - pos, en->name, &e, i + 1);
		if(sz > f->size - pos){
			if(c != nil)
				_nfforget(c, 0);	/* frees it if it was new */
			break;
		}
		pos += sz;
		if(c != nil){
			c->nlookup++;
			held[nheld++] = c;
		}
	}
	_nftrace(f->s, "-> %ld entries from %lld", i - (long)f->off, (long long)f->off);
	if(fuse_reply_buf(f->req, buf, pos) != 0)
		for(i = 0; i < nheld; i++)
			_nfforget(held[i], 1);
	free(held);
	free(buf);
	freefop(f);
}

static void listmember(Fop *f);

static void
listed(Fop *f)
{
	if(failed(f))
		return;
	if(f->m != nil && f->m->kind == Mhost)
		_nflistsetm(&f->h->list, f->idx, f->m);
	if(f->n->m == nil && ++f->nlist < f->nsnap){	/* the root: next member */
		listmember(f);
		return;
	}
	markfirst(&f->h->list);
	if(f->n->m != nil)
		for(long i = 0; i < f->h->list.n; i++)
			f->h->list.e[i].first = 1;
	f->h->listed = 1;
	replydir(f);
}

static void
listmember(Fop *f)
{
	long i;

	i = f->nlist;
	setm(f, f->snap[i]);
	backend(f, _nfhostlist, _nf9plist, listed);
}

static void
startreaddir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
	struct fuse_file_info *fi, int plus)
{
	Fop *f;
	Handle *h;

	if((f = newfop(req, plus ? "readdirplus" : "readdir", ino)) == nil
	|| fopnode(f, ino) == nil)
		return;
	h = fophandle(f, fi);
	f->size = size;
	f->off = off;
	f->plus = plus;
	if(h->listed && off != 0){
		replydir(f);
		return;
	}
	/* the first read, or a rewind: (re)read the directory */
	_nflistfree(&h->list);
	h->listed = 0;
	if(f->n->m != nil){
		setm(f, f->n->m);
		backend(f, _nfhostlist, _nf9plist, listed);
		return;
	}
	if((f->snap = _nfsnapshot(f->s, &f->nsnap)) == nil){
		replyerr(f, ENOMEM);
		return;
	}
	if(f->nsnap == 0){
		h->listed = 1;
		replydir(f);
		return;
	}
	f->nlist = 0;
	listmember(f);
}

static void
opreaddir(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	startreaddir(req, ino, size, off, fi, 0);
}

static void
opreaddirplus(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
	struct fuse_file_info *fi)
{
	startreaddir(req, ino, size, off, fi, 1);
}

static void
opreleasedir(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	oprelease(req, ino, fi);
}

/* Making files: in the root, in its first NFCREATE member. */

static int
createin(Fop *f)
{
	if(f->n->m != nil){
		setm(f, f->n->m);
		return 0;
	}
	setm(f, _nfcreatemember(f->s));
	if(f->m == nil){
		_nftrace(f->s, "create %s: mounted directory forbids creation", f->name);
		replyerr(f, EROFS);
		return -1;
	}
	return 0;
}

static void
madedone(Fop *f)
{
	Node *c;

	if(failed(f))
		return;
	if((c = install(f, f->n, f->name)) == nil){
		replyerr(f, ENOMEM);
		return;
	}
	c->stok = 0;	/* made up from what create returned */
	if(c->m->kind == Mhost)
		c->stok = 1;
	replyentry(f, c);
}

static void
createdone(Fop *f)
{
	struct fuse_entry_param e;
	struct fuse_file_info fi;
	Node *c;
	Handle *h;

	if(failed(f))
		return;
	h = f->h;
	if((c = install(f, f->n, f->name)) == nil){
		replyerr(f, ENOMEM);
		return;
	}
	c->stok = c->m->kind == Mhost;
	h->n = c;
	_nfincref(c);
	memset(&fi, 0, sizeof fi);
	fi.flags = f->flags;
	fi.fh = (uintptr_t)h;
	fi.direct_io = 1;
	h->append = (f->flags & O_APPEND) != 0;
	if(c->m->kind == Mhost){
		fi.direct_io = 0;
		stamp(c, &f->st);
	}
	h->direct = fi.direct_io;
	memset(&e, 0, sizeof e);
	e.ino = c->id;
	attrof(c, &c->st, &e.attr);
	e.attr_timeout = e.entry_timeout = timeout(f->s, c->m);
	h->ref++;	/* the kernel's */
	_nfincref(c);
	_nftrace(f->s, "-> created %llud", (unsigned long long)c->id);
	if(fuse_reply_create(f->req, &e, &fi) == 0)
		c->nlookup++;
	else
		h->ref--;
	_nfdecref(c);
	freefop(f);
}

static void
opcreate(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
	struct fuse_file_info *fi)
{
	Fop *f;

	if((f = newfop(req, "create", parent)) == nil || fopnode(f, parent) == nil
	|| setname(f, &f->name, name) < 0 || createin(f) < 0)
		return;
	f->what = Cfile;
	f->mode = mode;
	f->flags = fi->flags;
	if(f->m->kind == Mhost && (f->h = _nfnewhandle(nil, f->m)) == nil){
		replyerr(f, ENOMEM);
		return;
	}
	backend(f, _nfhostcreate, _nf9pcreate, createdone);
}

static void
opmkdir(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode)
{
	Fop *f;

	if((f = newfop(req, "mkdir", parent)) == nil || fopnode(f, parent) == nil
	|| setname(f, &f->name, name) < 0 || createin(f) < 0)
		return;
	f->what = Cdir;
	f->mode = mode;
	backend(f, _nfhostcreate, _nf9pcreate, madedone);
}

static void
opmknod(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode, dev_t rdev)
{
	Fop *f;

	if((f = newfop(req, "mknod", parent)) == nil || fopnode(f, parent) == nil
	|| setname(f, &f->name, name) < 0 || createin(f) < 0)
		return;
	if(f->m->kind == M9p && !S_ISREG(mode)){
		replyerr(f, EPERM);	/* 9P has only files and directories */
		return;
	}
	f->what = Cnode;
	f->mode = mode;
	f->rdev = rdev;
	backend(f, _nfhostcreate, _nf9pcreate, madedone);
}

static void
opsymlink(fuse_req_t req, const char *link, fuse_ino_t parent, const char *name)
{
	Fop *f;

	if((f = newfop(req, "symlink", parent)) == nil || fopnode(f, parent) == nil
	|| setname(f, &f->name, name) < 0 || setname(f, &f->name2, link) < 0
	|| createin(f) < 0)
		return;
	if(f->m->kind != Mhost){
		replyerr(f, EPERM);
		return;
	}
	f->k = madedone;
	_nfhostsymlink(f);
}

static void
linkdone(Fop *f)
{
	Node *c;

	if(failed(f))
		return;
	if((c = install(f, f->n2, f->name)) == nil){
		replyerr(f, ENOMEM);
		return;
	}
	c->stok = 1;
	replyentry(f, c);
}

static void
oplink(fuse_req_t req, fuse_ino_t ino, fuse_ino_t newparent, const char *newname)
{
	Fop *f;
	Node *dir;

	if((f = newfop(req, "link", ino)) == nil || fopnode(f, ino) == nil)
		return;
	if((dir = _nfnode(f->s, newparent)) == nil){
		replyerr(f, ESTALE);
		return;
	}
	_nfincref(dir);
	f->n2 = dir;
	if(setname(f, &f->name, newname) < 0)
		return;
	if(f->n->m == nil || f->n->m->kind != Mhost){
		replyerr(f, EPERM);	/* 9P has no links */
		return;
	}
	setm(f, dir->m != nil ? dir->m : _nfcreatemember(f->s));
	if(f->m != f->n->m){
		replyerr(f, f->m == nil ? EROFS : EXDEV);
		return;
	}
	f->k = linkdone;
	_nfhostlink(f);
}

/* Removing and renaming act on the file a lookup finds: in the root, the first member's. */

static void
removed(Fop *f)
{
	Node *c;

	if(f->err == 0 && (c = _nfchild(f->n, f->name)) != nil)
		_nfunhash(c);
	statusdone(f);
}

static void
removefound(Fop *f)
{
	if(failed(f))
		return;
	if(f->fid != nil){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
	}
	backend(f, _nfhostremove, _nf9premove, removed);
}

static void
startremove(fuse_req_t req, fuse_ino_t parent, const char *name, int isdir)
{
	Fop *f;

	if((f = newfop(req, isdir ? "rmdir" : "unlink", parent)) == nil
	|| fopnode(f, parent) == nil || setname(f, &f->name, name) < 0)
		return;
	f->what = isdir ? Cdir : Cfile;
	if(f->n->m == nil){
		rootlookup(f, removefound);
		return;
	}
	setm(f, f->n->m);
	removefound(f);
}

static void
opunlink(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	startremove(req, parent, name, 0);
}

static void
oprmdir(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	startremove(req, parent, name, 1);
}

static void
renamed(Fop *f)
{
	Node *c;

	if(f->err == 0 && (c = _nfchild(f->n, f->name)) != nil && _nfrehash(c, f->n2, f->name2) < 0)
		_nfunhash(c);
	statusdone(f);
}

static void
renamefound(Fop *f)
{
	if(failed(f))
		return;
	if(f->fid != nil){
		_nfclunk(f->m, f->fid);
		f->fid = nil;
	}
	if((f->n2->m != nil && f->n2->m != f->m) || (f->n2->m == nil && f->n->m != nil)
	|| (f->m->kind == M9p && f->n != f->n2)){
		replyerr(f, EXDEV);	/* 9P renames only within a directory */
		return;
	}
	if(f->m->kind == M9p && (f->flags & RENAME_EXCHANGE)){
		replyerr(f, EINVAL);
		return;
	}
	if(f->n == f->n2 && strcmp(f->name, f->name2) == 0){
		f->err = 0;
		statusdone(f);
		return;
	}
	backend(f, _nfhostrename, _nf9prename, renamed);
}

static void
oprename(fuse_req_t req, fuse_ino_t parent, const char *name, fuse_ino_t newparent,
	const char *newname, unsigned int flags)
{
	Fop *f;
	Node *dir;

	if((f = newfop(req, "rename", parent)) == nil || fopnode(f, parent) == nil
	|| setname(f, &f->name, name) < 0 || setname(f, &f->name2, newname) < 0)
		return;
	if((dir = _nfnode(f->s, newparent)) == nil){
		replyerr(f, ESTALE);
		return;
	}
	_nfincref(dir);
	f->n2 = dir;
	f->flags = flags;
	if(f->n->m == nil){
		rootlookup(f, renamefound);
		return;
	}
	setm(f, f->n->m);
	renamefound(f);
}

/* The rest. */

static void
readlinkdone(Fop *f)
{
	if(failed(f))
		return;
	fuse_reply_readlink(f->req, f->link);
	freefop(f);
}

static void
opreadlink(fuse_req_t req, fuse_ino_t ino)
{
	Fop *f;

	if((f = newfop(req, "readlink", ino)) == nil || fopnode(f, ino) == nil)
		return;
	if(f->n->m == nil || f->n->m->kind != Mhost){
		replyerr(f, EINVAL);
		return;
	}
	setm(f, f->n->m);
	f->k = readlinkdone;
	_nfhostreadlink(f);
}

static void
statfsdone(Fop *f)
{
	if(failed(f))
		return;
	fuse_reply_statfs(f->req, f->sv);
	freefop(f);
}

static void
opstatfs(fuse_req_t req, fuse_ino_t ino)
{
	Fop *f;

	if((f = newfop(req, "statfs", ino)) == nil || fopnode(f, ino) == nil)
		return;
	if((f->sv = calloc(1, sizeof *f->sv)) == nil){
		replyerr(f, ENOMEM);
		return;
	}
	if(nodemember(f) && f->m->kind == Mhost){
		f->k = statfsdone;
		_nfhoststatfs(f);
		return;
	}
	/* 9P says nothing about space */
	f->sv->f_bsize = f->sv->f_frsize = 4096;
	f->sv->f_namemax = 255;
	f->err = 0;
	statfsdone(f);
}

static void
opinit(void *v, struct fuse_conn_info *conn)
{
	NfSrv *s;

	s = v;
	conn->want |= conn->capable & (FUSE_CAP_ATOMIC_O_TRUNC | FUSE_CAP_READDIRPLUS
		| FUSE_CAP_ASYNC_DIO | FUSE_CAP_ASYNC_READ | FUSE_CAP_PARALLEL_DIROPS);
	conn->want &= ~(FUSE_CAP_READDIRPLUS_AUTO | FUSE_CAP_AUTO_INVAL_DATA
		| FUSE_CAP_WRITEBACK_CACHE | FUSE_CAP_SPLICE_READ | FUSE_CAP_SPLICE_WRITE
		| FUSE_CAP_SPLICE_MOVE | FUSE_CAP_POSIX_LOCKS | FUSE_CAP_FLOCK_LOCKS
		| FUSE_CAP_HANDLE_KILLPRIV | FUSE_CAP_POSIX_ACL);
	conn->max_background = 64;
	conn->congestion_threshold = 48;
	conn->time_gran = 1;
	_nftrace(s, "init: protocol 7.%ud, max_write %ud", conn->proto_minor, conn->max_write);
}

const struct fuse_lowlevel_ops _nfops = {
	.init = opinit,
	.lookup = oplookup,
	.forget = opforget,
	.forget_multi = opforgetmulti,
	.getattr = opgetattr,
	.setattr = opsetattr,
	.readlink = opreadlink,
	.mknod = opmknod,
	.mkdir = opmkdir,
	.unlink = opunlink,
	.rmdir = oprmdir,
	.symlink = opsymlink,
	.rename = oprename,
	.link = oplink,
	.open = opopen,
	.read = opread,
	.write = opwrite,
	.release = oprelease,
	.fsync = opfsync,
	.opendir = opopendir,
	.readdir = opreaddir,
	.readdirplus = opreaddirplus,
	.releasedir = opreleasedir,
	.fsyncdir = opfsyncdir,
	.statfs = opstatfs,
	.access = opaccess,
	.create = opcreate,
};
