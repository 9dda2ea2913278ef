/* ramfs.c: ramfs, an in-memory 9P2000 file server built on lib9p. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <planten/lib9.h>
#include <planten/9p.h>

static const char Eperm[] = "permission denied";
static const char Enotowner[] = "not owner";
static const char Eexist[] = "file already exists";
static const char Enotexist[] = "file does not exist";
static const char Efull[] = "file system full";
static const char Eexcl[] = "exclusive use file already open";
static const char Enotempty[] = "directory not empty";

enum {
	Nodecost = 256,			/* bytes a file costs besides its name and data */
	Maxfile = 1 << 30,		/* largest file ramfs holds */
};

typedef struct Node Node;
struct Node {
	Dir d;
	Node *parent;
	Node *child;
	Node *sibling;
	int ref;		/* the directory's link and each fid */
	int removed;
	int excl;		/* a DMEXCL file is open */
	char *data;
	vlong cap;
};

static Srv fs;
static Node *root;
static char *owner;
static vlong used;
static vlong limit;
static uvlong qidpath;
static int stdio;
static int stopidle;	/* serving only stdin and stdout: exit when it ends */

static u32int
now(void)
{
	return (u32int)(p9nsec() / 1000000000LL);
}

static int
charge(vlong n)
{
	if(limit > 0 && n > 0 && used + n > limit)
		return -1;
	used += n;
	return 0;
}

static vlong
namecost(const char *name)
{
	return Nodecost + strlen(name);
}

static Node*
newnode(Node *dir, const char *name, const char *uid, u32int mode)
{
	Node *n;

	if((n = calloc(1, sizeof *n)) == nil)
		return nil;
	n->d.name = strdup(name);
	n->d.uid = strdup(uid);
	n->d.gid = strdup(dir != nil ? dir->d.gid : uid);
	n->d.muid = strdup(uid);
	if(n->d.name == nil || n->d.uid == nil || n->d.gid == nil || n->d.muid == nil){
		free(n->d.name);
		free(n->d.uid);
		free(n->d.gid);
		free(n->d.muid);
		free(n);
		return nil;
	}
	n->d.mode = mode;
	n->d.qid.type = mode >> 24;
	n->d.qid.path = qidpath++;
	n->d.atime = n->d.mtime = now();
	n->parent = dir != nil ? dir : n;
	return n;
}

static void
decref(Node *n)
{
	Node *parent;

	if(n == nil || --n->ref > 0)
		return;
	parent = n->parent;
	used -= namecost(n->d.name) + n->d.length;
	free(n->d.name);
	free(n->d.uid);
	free(n->d.gid);
	free(n->d.muid);
	free(n->data);
	free(n);
	if(parent != n)
		decref(parent);
}

static Node*
lookup(Node *dir, const char *name)
{
	Node *n;

	for(n = dir->child; n != nil; n = n->sibling)
		if(strcmp(n->d.name, name) == 0)
			return n;
	return nil;
}

static void
changed(Node *n, const char *uid)
{
	char *m;

	n->d.qid.vers++;
	n->d.mtime = n->d.atime = now();
	if(uid != nil && strcmp(uid, n->d.muid) != 0 && (m = strdup(uid)) != nil){
		free(n->d.muid);
		n->d.muid = m;
	}
}

static void
unlink1(Node *n)
{
	Node **l, *dir;

	dir = n->parent;
	for(l = &dir->child; *l != nil; l = &(*l)->sibling)
		if(*l == n){
			*l = n->sibling;
			break;
		}
	n->sibling = nil;
	n->removed = 1;
	decref(n);
}

/* Owner, group (a user's only group is the one named like it) and other bits; none gets other. */
static int
hasperm(Node *n, const char *uid, int p)
{
	u32int m;

	m = n->d.mode & 7;
	if(strcmp(uid, "none") != 0){
		if(strcmp(uid, n->d.uid) == 0)
			m |= (n->d.mode >> 6) & 7;
		if(strcmp(uid, n->d.gid) == 0)
			m |= (n->d.mode >> 3) & 7;
	}
	return (m & (u32int)p) == (u32int)p;
}

static int
isowner(Node *n, const char *uid)
{
	return strcmp(uid, "none") != 0 && strcmp(uid, n->d.uid) == 0;
}

static void
fsattach(Req *r)
{
	r->fid->aux = root;
	root->ref++;
	r->ofcall.qid = root->d.qid;
	nprespond(r, nil);
}

static char*
fswalk1(Fid *fid, char *name, Qid *qid)
{
	Node *n, *m;

	n = fid->aux;
	if(!(n->d.mode & DMDIR))
		return "not a directory";
	if(!hasperm(n, fid->uid, AEXEC))
		return (char*)Eperm;
	if(strcmp(name, "..") == 0)
		m = n->parent;
	else if((m = lookup(n, name)) == nil)
		return (char*)Enotexist;
	m->ref++;
	decref(n);
	fid->aux = m;
	*qid = m->d.qid;
	return nil;
}

static char*
fsclone(Fid *old, Fid *new)
{
	Node *n;

	n = old->aux;
	n->ref++;
	new->aux = n;
	return nil;
}

static void
fsdestroyfid(Fid *fid)
{
	Node *n;

	if((n = fid->aux) == nil)
		return;
	if(fid->omode != -1){
		if(n->d.mode & DMEXCL)
			n->excl = 0;
		if((fid->omode & ORCLOSE) && !n->removed && n->child == nil && n != root){
			changed(n->parent, fid->uid);
			unlink1(n);
		}
	}
	decref(n);
}

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

static void
shrink(Node *n, vlong len)
{
	char *p;

	if(len < n->d.length){
		used -= n->d.length - len;
		n->d.length = len;
		if(len < n->cap / 4 && (p = realloc(n->data, len > 0 ? len : 1)) != nil){
			n->data = p;
			n->cap = len;
		}
	}
}

static void
fsopen(Req *r)
{
	Node *n;
	int mode;

	n = r->fid->aux;
	mode = r->ifcall.mode;
	if(!hasperm(n, r->fid->uid, openperm(mode))){
		nprespond(r, Eperm);
		return;
	}
	if((mode & ORCLOSE) && (n == root || !hasperm(n->parent, r->fid->uid, AWRITE))){
		nprespond(r, Eperm);
		return;
	}
	if((n->d.mode & DMEXCL) && n->excl){
		nprespond(r, Eexcl);
		return;
	}
	if((mode & OTRUNC) && !(n->d.mode & DMAPPEND) && n->d.length > 0){
		shrink(n, 0);
		changed(n, r->fid->uid);
	}
	if(n->d.mode & DMEXCL)
		n->excl = 1;
	n->d.atime = now();
	r->ofcall.qid = n->d.qid;
	nprespond(r, nil);
}

static void
fscreate(Req *r)
{
	Node *dir, *n, **l;
	u32int perm;
	const char *name, *uid;

	dir = r->fid->aux;
	name = r->ifcall.name;
	uid = r->fid->uid;
	if(dir->removed){
		nprespond(r, Enotexist);
		return;
	}
	if(!hasperm(dir, uid, AWRITE)){
		nprespond(r, Eperm);
		return;
	}
	if(lookup(dir, name) != nil){
		nprespond(r, Eexist);
		return;
	}
	perm = r->ifcall.perm;
	if(perm & DMDIR)
		perm &= ~0777UL | (dir->d.mode & 0777);
	else
		perm &= ~0666UL | (dir->d.mode & 0666);
	perm &= DMDIR|DMAPPEND|DMEXCL|DMTMP|0777;
	if(charge(namecost(name)) < 0){
		nprespond(r, Efull);
		return;
	}
	if((n = newnode(dir, name, uid, perm)) == nil){
		used -= namecost(name);
		nprespond(r, "out of memory");
		return;
	}
	n->parent = dir;
	dir->ref++;
	for(l = &dir->child; *l != nil; l = &(*l)->sibling)
		;
	*l = n;
	n->ref = 2;		/* the directory's link and this fid */
	changed(dir, uid);
	if(n->d.mode & DMEXCL)
		n->excl = 1;
	decref(dir);
	r->fid->aux = n;
	r->ofcall.qid = n->d.qid;
	nprespond(r, nil);
}

static int
dirgen(int i, Dir *d, void *aux)
{
	Node *n;

	for(n = ((Node*)aux)->child; n != nil && i > 0; n = n->sibling)
		i--;
	if(n == nil)
		return -1;
	*d = n->d;
	return 0;
}

static void
fsread(Req *r)
{
	Node *n;

	n = r->fid->aux;
	n->d.atime = now();
	if(n->d.mode & DMDIR)
		npdirread9p(r, dirgen, n);
	else
		npreadbuf(r, n->data, n->d.length);
	nprespond(r, nil);
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
 * Make room for len bytes in n, zero-filling the gap from its length up to from (the
 * caller is about to write the rest); -1 if over the limit.
 */
static int
grow(Node *n, vlong len, vlong from)
{
	vlong cap;
	char *p;

	if(len <= n->d.length)
		return 0;
	if(len > Maxfile || charge(len - n->d.length) < 0)
		return -1;
	if(len > n->cap){
		cap = n->cap * 2;
		if(cap < len)
			cap = len;
		if(cap > Maxfile)
			cap = Maxfile;
		if((p = realloc(n->data, cap)) == nil){
			used -= len - n->d.length;
			return -1;
		}
		n->data = p;
		n->cap = cap;
	}
	populate(n->data + n->d.length, len - n->d.length);
	if(from > n->d.length)
		memset(n->data + n->d.length, 0, from - n->d.length);
	n->d.length = len;
	return 0;
}

static void
fswrite(Req *r)
{
	Node *n;
	vlong off;
	u32int count;

	n = r->fid->aux;
	off = r->ifcall.offset;
	count = r->ifcall.count;
	if(n->d.mode & DMAPPEND)
		off = n->d.length;
	if(off + count > Maxfile){
		nprespond(r, "file too large");
		return;
	}
	if(grow(n, off + count, off) < 0){
		nprespond(r, Efull);
		return;
	}
	memmove(n->data + off, r->ifcall.data, count);
	changed(n, r->fid->uid);
	r->ofcall.count = count;
	nprespond(r, nil);
}

static void
fsremove(Req *r)
{
	Node *n;

	n = r->fid->aux;
	if(n == root || n->removed){
		nprespond(r, n == root ? Eperm : Enotexist);
		return;
	}
	if(!hasperm(n->parent, r->fid->uid, AWRITE)){
		nprespond(r, Eperm);
		return;
	}
	if(n->child != nil){
		nprespond(r, Enotempty);
		return;
	}
	changed(n->parent, r->fid->uid);
	unlink1(n);
	nprespond(r, nil);
}

static void
fsstat(Req *r)
{
	r->d = ((Node*)r->fid->aux)->d;
	nprespond(r, nil);
}

/* Check a wstat of n by uid; nil if it may be applied. */
static const char*
wstatok(Node *n, Dir *d, const char *uid)
{
	Node *m;

	if(d->name[0] != 0 && strcmp(d->name, n->d.name) != 0){
		if(n == root || !hasperm(n->parent, uid, AWRITE))
			return Eperm;
		if(strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0 || strchr(d->name, '/'))
			return "illegal file name";
		if((m = lookup(n->parent, d->name)) != nil && m != n)
			return Eexist;
	}
	if(d->length != ~0LL && d->length != n->d.length){
		if(n->d.mode & DMDIR)
			return "cannot change length of a directory";
		if(!hasperm(n, uid, AWRITE))
			return Eperm;
		if(d->length < 0 || d->length > Maxfile)
			return "bad length";
	}
	if(d->mode != (u32int)~0 && d->mode != n->d.mode){
		if(!isowner(n, uid))
			return Enotowner;
		if(d->mode & ~(DMDIR|DMAPPEND|DMEXCL|DMTMP|0777))
			return "bad mode";
	}
	if(d->mtime != (u32int)~0 && d->mtime != n->d.mtime && !isowner(n, uid))
		return Enotowner;
	if(d->gid[0] != 0 && strcmp(d->gid, n->d.gid) != 0){
		if(!isowner(n, uid))
			return Enotowner;
		if(strcmp(d->gid, uid) != 0)
			return "not a member of group";
	}
	if(d->uid[0] != 0 && strcmp(d->uid, n->d.uid) != 0)
		return "cannot change owner";
	return nil;
}

/* Apply a wstat whole or not at all (stat(5)): everything that can fail is done first. */
static void
fswstat(Req *r)
{
	Node *n;
	Dir *d;
	const char *e;
	char *name, *gid;
	vlong namecharge;
	int change;

	n = r->fid->aux;
	d = &r->d;
	if((e = wstatok(n, d, r->fid->uid)) != nil){
		nprespond(r, e);
		return;
	}
	name = gid = nil;
	if(d->name[0] != 0 && strcmp(d->name, n->d.name) != 0 && (name = strdup(d->name)) == nil)
		goto nomem;
	if(d->gid[0] != 0 && strcmp(d->gid, n->d.gid) != 0 && (gid = strdup(d->gid)) == nil)
		goto nomem;
	namecharge = name != nil ? (vlong)strlen(name) - (vlong)strlen(n->d.name) : 0;
	if(charge(namecharge) < 0)
		goto full;
	change = 0;
	if(d->length != ~0LL && d->length != n->d.length){
		if(d->length > n->d.length && grow(n, d->length, d->length) < 0){
			used -= namecharge;
			goto full;
		}
		shrink(n, d->length);
		change = 1;
	}
	if(name != nil){
		free(n->d.name);
		n->d.name = name;
		changed(n->parent, r->fid->uid);
		change = 1;
	}
	if(d->mode != (u32int)~0 && d->mode != n->d.mode){
		n->d.mode = d->mode;
		n->d.qid.type = d->mode >> 24;
		change = 1;
	}
	if(gid != nil){
		free(n->d.gid);
		n->d.gid = gid;
		change = 1;
	}
	if(change)
		changed(n, r->fid->uid);
	if(d->mtime != (u32int)~0)
		n->d.mtime = d->mtime;
	nprespond(r, nil);
	return;

full:
	free(name);
	free(gid);
	nprespond(r, Efull);
	return;
nomem:
	free(name);
	free(gid);
	nprespond(r, "out of memory");
}

static void
connend(Srv *srv, int nconn)
{
	if(stopidle && nconn == 0)
		npsrvstop(srv);
}

static void
onsignal(int sig)
{
	npsrvstop(&fs);
}

/* A size in bytes with an optional k, m or g suffix; -1 if malformed or too big. */
static vlong
parsesize(const char *s)
{
	char *e;
	vlong n;
	int shift;

	errno = 0;
	n = strtoll(s, &e, 10);
	if(errno != 0 || e == s || n < 0)
		return -1;
	shift = 0;
	switch(*e){
	case 'g': case 'G':
		shift += 10;
		/* fall through */
	case 'm': case 'M':
		shift += 10;
		/* fall through */
	case 'k': case 'K':
		shift += 10;
		e++;
		break;
	}
	if(*e != 0 || n > (0x7fffffffffffffffLL >> shift))
		return -1;
	return n << shift;
}

/* Report the error string and let the server close what it opened; the exit status. */
static int
failed(void)
{
	p9fprint(2, "ramfs: %r\n");
	npsrvstop(&fs);
	npsrvrun(&fs);
	return 1;
}

static void
usage(void)
{
	p9fprint(2, "usage: ramfs [-Di] [-a addr] [-s srvname] [-l limit] [-u user]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	char *addr, *srvname, *l;
	char actual[128];
	struct sigaction sa;

	addr = nil;
	srvname = nil;
	ARGBEGIN{
	case 'D':
		fs.tracefd = 2;
		break;
	case 'i':
		stdio = 1;
		break;
	case 'a':
		addr = EARGF(usage());
		break;
	case 's':
		srvname = EARGF(usage());
		break;
	case 'l':
		l = EARGF(usage());
		if((limit = parsesize(l)) < 0)
			usage();
		break;
	case 'u':
		owner = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0)
		usage();
	if(owner == nil)
		owner = (char*)p9getuser();
	if(addr == nil && srvname == nil)
		stdio = stopidle = 1;

	if((root = newnode(nil, "/", owner, DMDIR|0777)) == nil){
		p9fprint(2, "ramfs: out of memory\n");
		return 1;
	}
	root->ref = 1;
	used = namecost("/");
	fs.attach = fsattach;
	fs.walk1 = fswalk1;
	fs.clone = fsclone;
	fs.open = fsopen;
	fs.create = fscreate;
	fs.read = fsread;
	fs.write = fswrite;
	fs.remove = fsremove;
	fs.stat = fsstat;
	fs.wstat = fswstat;
	fs.destroyfid = fsdestroyfid;
	fs.connend = connend;

	signal(SIGPIPE, SIG_IGN);
	if(npsrvinit(&fs, nil) < 0){
		p9fprint(2, "ramfs: %r\n");
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = onsignal;
	sigaction(SIGTERM, &sa, nil);
	sigaction(SIGINT, &sa, nil);
	if(srvname != nil && npsrvpost(&fs, srvname) < 0){
		p9fprint(2, "ramfs: %r\n");
		return 1;
	}
	if(addr != nil){
		if(npsrvlisten(&fs, addr, actual, sizeof actual) < 0)
			return failed();
		if(!stdio && strlen(addr) > 2 && strcmp(addr + strlen(addr) - 2, "!0") == 0){
			p9print("%s\n", actual);
			fflush(stdout);
		}
	}
	if(stdio && npsrvserve(&fs, 0, 1) < 0)
		return failed();
	npsrvrun(&fs);
	return 0;
}
