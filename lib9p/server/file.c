/*
 * file.c: the in-memory File tree of lib9p servers: files, directories in creation order
 * (so a directory read can resume after removals), file data, and the tree's byte limit.
 * A directory of Hashmin entries or more also files them by name in a hash table, so
 * that a walk, a create or a remove in it takes the same time however many files it holds.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

u32int
_npnow(void)
{
	return (u32int)(p9nsec() / 1000000000LL);
}

static int
setstr(char **s, const char *v)
{
	char *t;

	if((t = strdup(v != nil ? v : "")) == nil)
		return -1;
	free(*s);
	*s = t;
	return 0;
}

/* Count n more bytes against t's limit (n may be negative); -1 if that is over it. */
int
_npcharge(Stree *t, vlong n)
{
	if(n > 0 && t->pub.limit > 0 && t->used + n > t->pub.limit)
		return -1;
	t->used += n;
	return 0;
}

static vlong
namecost(const char *name)
{
	return Filecost + strlen(name);
}

static Sfile*
allocfile(Stree *t, const char *name, const char *uid, const char *gid, ulong mode)
{
	Sfile *f;
	Dir *d;

	if(_npcharge(t, namecost(name)) < 0){
		p9werrstr("file system full");
		return nil;
	}
	if((f = calloc(1, sizeof *f)) == nil){
		_npcharge(t, -namecost(name));
		p9werrstr("out of memory");
		return nil;
	}
	d = &f->pub.d;
	if(setstr(&d->name, name) < 0 || setstr(&d->uid, uid) < 0
	|| setstr(&d->gid, gid) < 0 || setstr(&d->muid, uid) < 0){
		free(d->name);
		free(d->uid);
		free(d->gid);
		free(f);
		_npcharge(t, -namecost(name));
		p9werrstr("out of memory");
		return nil;
	}
	f->pub.tree = &t->pub;
	d->mode = mode;
	d->qid.type = mode >> 24;
	d->qid.path = t->qidpath++;
	d->atime = d->mtime = _npnow();
	return f;
}

Tree*
npalloctree(const char *uid, const char *gid, ulong mode, void (*destroy)(File*))
{
	Stree *t;
	Sfile *root;

	if((t = calloc(1, sizeof *t)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	t->pub.destroy = destroy;
	if((root = allocfile(t, "/", uid, gid, mode | DMDIR)) == nil){
		free(t);
		return nil;
	}
	root->pub.parent = &root->pub;
	root->ref = 1;
	t->pub.root = &root->pub;
	return &t->pub;
}

static void
removeall(Sfile *f)
{
	while(f->child != nil)
		removeall(f->child);
	if(f->pub.parent != &f->pub)
		npremovefile(&f->pub);
}

void
npfreetree(Tree *t)
{
	if(t == nil)
		return;
	removeall(sfile(t->root));
	npclosefile(t->root);
	free(t);
}

enum {
	Hashmin = 32,		/* entries that make a directory keep a hash table */
};

static u32int
namehash(const char *s)
{
	u32int h;

	h = 2166136261u;	/* FNV-1a */
	while(*s != 0)
		h = (h ^ (uchar)*s++) * 16777619u;
	return h;
}

static void
hashput(Sfile *dir, Sfile *f)
{
	Sfile **b;

	f->hval = namehash(f->pub.d.name);
	b = &dir->hash[f->hval & (dir->nhash - 1)];
	f->hnext = *b;
	*b = f;
}

static void
hashdel(Sfile *dir, Sfile *f)
{
	Sfile **l;

	for(l = &dir->hash[f->hval & (dir->nhash - 1)]; *l != nil; l = &(*l)->hnext)
		if(*l == f){
			*l = f->hnext;
			break;
		}
	f->hnext = nil;
}

/*
 * File dir's entries in a table of n buckets (a power of 2). Without the memory, the
 * table it had stays (longer chains), or the entries are searched in order.
 */
static void
rehash(Sfile *dir, u32int n)
{
	Sfile **t, *f;

	if((t = calloc(n, sizeof *t)) == nil)
		return;
	free(dir->hash);
	dir->hash = t;
	dir->nhash = n;
	for(f = dir->child; f != nil; f = f->sibling)
		hashput(dir, f);
}

Sfile*
_nplookup(Sfile *dir, const char *name)
{
	Sfile *f;
	u32int h;

	if(dir->hash == nil){
		for(f = dir->child; f != nil; f = f->sibling)
			if(strcmp(f->pub.d.name, name) == 0)
				return f;
		return nil;
	}
	h = namehash(name);
	for(f = dir->hash[h & (dir->nhash - 1)]; f != nil; f = f->hnext)
		if(f->hval == h && strcmp(f->pub.d.name, name) == 0)
			return f;
	return nil;
}

/* f's name may have changed (a Twstat): file it under the new one. */
void
_nprenamed(Sfile *f)
{
	Sfile *dir;

	dir = sfile(f->pub.parent);
	if(dir == f || f->removed || dir->hash == nil || namehash(f->pub.d.name) == f->hval)
		return;
	hashdel(dir, f);
	hashput(dir, f);
}

/* The first entry of dir at or after position pos, nil if none. */
Sfile*
_npfirstfrom(Sfile *dir, vlong pos)
{
	Sfile *f;

	for(f = dir->child; f != nil && f->pos < pos; f = f->sibling)
		;
	return f;
}

File*
npcreatefile(File *pdir, const char *name, const char *uid, ulong mode, void *aux)
{
	Sfile *dir, *f;

	dir = sfile(pdir);
	if(!(pdir->d.mode & DMDIR)){
		p9werrstr("not a directory");
		return nil;
	}
	if(dir->removed){
		p9werrstr("file does not exist");
		return nil;
	}
	if(name[0] == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0
	|| strchr(name, '/') != nil){
		p9werrstr("illegal file name");
		return nil;
	}
	if(_nplookup(dir, name) != nil){
		p9werrstr("file already exists");
		return nil;
	}
	if((f = allocfile(stree(pdir->tree), name, uid, pdir->d.gid, mode)) == nil)
		return nil;
	f->pub.aux = aux;
	f->pub.parent = pdir;
	npincfile(pdir);
	f->ref = 2;		/* the directory's link and the caller's */
	f->pos = dir->nextpos++;
	f->prevsib = dir->lastchild;
	if(dir->lastchild != nil)
		dir->lastchild->sibling = f;
	else
		dir->child = f;
	dir->lastchild = f;
	dir->nchild++;
	if(dir->hash != nil)
		hashput(dir, f);
	if(dir->nchild >= Hashmin && (u32int)dir->nchild > dir->nhash)
		rehash(dir, dir->nhash == 0 ? 2*Hashmin : 2*dir->nhash);
	pdir->d.qid.vers++;
	pdir->d.mtime = _npnow();
	return &f->pub;
}

int
npremovefile(File *pf)
{
	Sfile *f, *dir;

	f = sfile(pf);
	dir = sfile(pf->parent);
	if(f->removed){
		p9werrstr("file does not exist");
		return -1;
	}
	if(dir == f){
		p9werrstr("permission denied");
		return -1;
	}
	if(f->child != nil){
		p9werrstr("directory not empty");
		return -1;
	}
	if(f->prevsib != nil)
		f->prevsib->sibling = f->sibling;
	else
		dir->child = f->sibling;
	if(f->sibling != nil)
		f->sibling->prevsib = f->prevsib;
	else
		dir->lastchild = f->prevsib;
	if(dir->hash != nil)
		hashdel(dir, f);
	f->sibling = f->prevsib = nil;
	f->removed = 1;
	dir->nchild--;
	dir->pub.d.qid.vers++;
	dir->pub.d.mtime = _npnow();
	npclosefile(pf);
	return 0;
}

void
npincfile(File *f)
{
	sfile(f)->ref++;
}

void
npclosefile(File *pf)
{
	Sfile *f;
	File *parent;
	Dir *d;

	if(pf == nil || --(f = sfile(pf))->ref > 0)
		return;
	if(pf->tree->destroy != nil)
		pf->tree->destroy(pf);
	d = &pf->d;
	_npcharge(stree(pf->tree), -(namecost(d->name) + d->length));
	parent = pf->parent;
	free(d->name);
	free(d->uid);
	free(d->gid);
	free(d->muid);
	free(f->data);
	free(f->hash);
	free(f);
	if(parent != pf)
		npclosefile(parent);
}

File*
npwalkfile(File *dir, const char *path)
{
	char *s, *p, *e;
	File *f, *n;
	Sfile *c;

	if((s = strdup(path)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	f = dir;
	npincfile(f);
	for(p = s; p != nil && *p != 0; p = e){
		if((e = strchr(p, '/')) != nil)
			*e++ = 0;
		if(*p == 0 || strcmp(p, ".") == 0)
			continue;
		if(!(f->d.mode & DMDIR)){
			p9werrstr("not a directory");
			goto fail;
		}
		if(strcmp(p, "..") == 0)
			n = f->parent;
		else if((c = _nplookup(sfile(f), p)) != nil)
			n = &c->pub;
		else{
			p9werrstr("file does not exist");
			goto fail;
		}
		npincfile(n);
		npclosefile(f);
		f = n;
	}
	free(s);
	return f;
fail:
	npclosefile(f);
	free(s);
	return nil;
}

int
nphasperm(File *f, const char *uid, int p)
{
	ulong m;

	m = f->d.mode & 7;
	if(uid != nil && strcmp(uid, "none") != 0){
		if(strcmp(uid, f->d.uid) == 0)
			m |= (f->d.mode >> 6) & 7;
		if(strcmp(uid, f->d.gid) == 0)
			m |= (f->d.mode >> 3) & 7;
	}
	return (m & (ulong)p) == (ulong)p;
}

/*
 * Fault in the pages of the n bytes at p, about to be written, with one call rather than
 * a page fault for each (which costs more than the copy). Only advice: failure is harmless.
 */
static void
populate(char *p, vlong n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t a, e, pg;
	long ps;

	if((ps = sysconf(_SC_PAGESIZE)) <= 0 || n < 16*(vlong)ps)
		return;
	pg = ps;
	a = ((uintptr_t)p + pg - 1) & ~(pg - 1);
	e = ((uintptr_t)p + n) & ~(pg - 1);
	if(a < e)
		madvise((void*)a, e - a, MADV_POPULATE_WRITE);
#endif
}

/*
 * Make f len bytes long (len > its length), zero-filling from its length up to from (the
 * caller writes the rest).
 */
static int
grow(Sfile *f, vlong len, vlong from)
{
	vlong cap, old;
	char *p;

	old = f->pub.d.length;
	if(_npcharge(stree(f->pub.tree), len - old) < 0){
		p9werrstr("file system full");
		return -1;
	}
	if(len > f->cap){
		cap = f->cap * 2;
		if(cap < len)
			cap = len;
		if(cap > Maxfile)
			cap = Maxfile;
		if((p = realloc(f->data, cap)) == nil){
			_npcharge(stree(f->pub.tree), old - len);
			p9werrstr("out of memory");
			return -1;
		}
		f->data = p;
		f->cap = cap;
	}
	populate(f->data + old, len - old);
	if(from > old)
		memset(f->data + old, 0, from - old);
	f->pub.d.length = len;
	return 0;
}

long
npfileread(File *pf, void *buf, long n, vlong off)
{
	vlong len;

	len = pf->d.length;
	if(off < 0 || n <= 0 || off >= len)
		return 0;
	if(n > len - off)
		n = len - off;
	memmove(buf, sfile(pf)->data + off, n);
	return n;
}

long
npfilewrite(File *pf, const void *buf, long n, vlong off)
{
	Sfile *f;

	f = sfile(pf);
	if(pf->d.mode & DMDIR){
		p9werrstr("is a directory");
		return -1;
	}
	if(off < 0 || n < 0 || off > Maxfile || n > Maxfile - off){
		p9werrstr("file too large");
		return -1;
	}
	if(off + n > pf->d.length && grow(f, off + n, off) < 0)
		return -1;
	if(n > 0)
		memmove(f->data + off, buf, n);
	return n;
}

int
npfiletrunc(File *pf, vlong len)
{
	Sfile *f;
	char *p;
	vlong old;

	f = sfile(pf);
	old = pf->d.length;
	if(pf->d.mode & DMDIR){
		p9werrstr("is a directory");
		return -1;
	}
	if(len < 0 || len > Maxfile){
		p9werrstr("file too large");
		return -1;
	}
	if(len > old)
		return grow(f, len, len);
	_npcharge(stree(pf->tree), len - old);
	pf->d.length = len;
	if(len < f->cap / 4 && (p = realloc(f->data, len > 0 ? len : 1)) != nil){
		f->data = p;
		f->cap = len;
	}
	return 0;
}
