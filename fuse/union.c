/*
 * union.c: the members of the root union, and changing them while mounted.
 *
 * A change applies at once to lookups that start afterwards. What the kernel has cached
 * about names in the root must then be corrected, without dropping names whose meaning
 * did not change (a bind mounted on such a name would be detached with it):
 * - a new member before others hides their files of the same names: each such cached
 *   name is looked up in the new member, and the ones it has are invalidated;
 * - a new member anywhere may have names the root answered "not found" for: those
 *   negative entries are invalidated;
 * - a removed member's cached names, and with NFREPL every cached name, are invalidated.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "impl.h"

typedef struct Edit Edit;
struct Edit {
	NfSrv *s;
	NfMember *m;		/* the new member whose names are checked */
	NfDone *done;
	void *arg;
	char **names;		/* to invalidate */
	int nnames, anames;
	char **check;		/* to look up in m first */
	int ncheck;
	int *found;
	int out;		/* lookups in flight */
	uv_work_t work;
};

void
_nfmemberput(NfMember *m)
{
	if(m == nil || --m->ref > 0)
		return;
	if(m->kind == Mhost)
		close(m->dirfd);
	_nfclunk(m, m->spare);
	free(m->uname);
	if(m->release != nil)
		m->release(m->relarg);
	free(m);
}

NfMember**
_nfsnapshot(NfSrv *s, int *np)
{
	NfMember **v, *m;
	int n;

	n = 0;
	for(m = s->members; m != nil; m = m->next)
		n++;
	*np = n;
	if((v = malloc((n + 1) * sizeof v[0])) == nil)
		return nil;
	n = 0;
	for(m = s->members; m != nil; m = m->next){
		m->ref++;
		v[n++] = m;
	}
	return v;
}

void
_nfputsnapshot(NfMember **v, int n)
{
	int i;

	if(v == nil)
		return;
	for(i = 0; i < n; i++)
		_nfmemberput(v[i]);
	free(v);
}

/* Every member caches names: negative entries are safe in the root. */
int
_nfallcached(NfSrv *s)
{
	NfMember *m;

	for(m = s->members; m != nil; m = m->next)
		if(m->kind == M9p && !(m->flags & NFCACHE))
			return 0;
	return 1;
}

NfMember*
_nfcreatemember(NfSrv *s)
{
	NfMember *m;

	for(m = s->members; m != nil; m = m->next)
		if(m->flags & NFCREATE)
			return m;
	return nil;
}

/* Remember that the root said name does not exist, for timeout seconds. */
void
_nfaddneg(NfSrv *s, const char *name, double timeout)
{
	Neg *g, **l;
	u64int now;

	now = uv_now(s->loop);
	for(l = &s->neg; (g = *l) != nil; ){
		if(g->expire <= now || strcmp(g->name, name) == 0){
			*l = g->next;
			free(g->name);
			free(g);
			continue;
		}
		l = &g->next;
	}
	if((g = malloc(sizeof *g)) == nil)
		return;
	if((g->name = strdup(name)) == nil){
		free(g);
		return;
	}
	g->expire = now + (u64int)(timeout * 1000) + 1;
	g->next = s->neg;
	s->neg = g;
}

static int
addname(Edit *e, const char *name)
{
	char **v;

	if(e->nnames == e->anames){
		if((v = realloc(e->names, (e->anames*2 + 8) * sizeof v[0])) == nil)
			return -1;
		e->names = v;
		e->anames = e->anames*2 + 8;
	}
	if((e->names[e->nnames] = strdup(name)) == nil)
		return -1;
	e->nnames++;
	return 0;
}

static void
freeedit(Edit *e)
{
	int i;

	for(i = 0; i < e->nnames; i++)
		free(e->names[i]);
	free(e->names);
	for(i = 0; i < e->ncheck; i++)
		free(e->check[i]);
	free(e->check);
	free(e->found);
	_nfmemberput(e->m);
	free(e);
}

static void
notified(void *v, const char *err)
{
	Edit *e;

	e = v;
	if(e->done != nil)
		e->done(e->arg, err);
	freeedit(e);
}

/* The checks are in: invalidate the names the new member has, and the others queued. */
static void
finish(Edit *e)
{
	Node *c;
	int i;

	for(i = 0; i < e->ncheck; i++){
		if(!e->found[i])
			continue;
		if((c = _nfchild(e->s->root, e->check[i])) != nil)
			_nfunhash(c);
		addname(e, e->check[i]);
	}
	_nfnotifyentry(e->s, FUSE_ROOT_ID, (const char**)e->names, e->nnames, notified, e);
}

static void
hostcheck(uv_work_t *w)
{
	Edit *e;
	struct stat st;
	int i;

	e = w->data;
	for(i = 0; i < e->ncheck; i++)
		e->found[i] = fstatat(e->m->dirfd, e->check[i], &st, AT_SYMLINK_NOFOLLOW) == 0;
}

static void
hostchecked(uv_work_t *w, int status)
{
	Edit *e;

	e = w->data;
	_nfrelease(e->s);
	finish(e);
}

static void
walkchecked(Call *c)
{
	Edit *e;

	e = c->arg;
	if(c->err == nil){
		e->found[c->i] = 1;
		_nfclunk(c->m, c->nfid);
	}
	if(--e->out == 0)
		finish(e);
}

static void
check(Edit *e)
{
	int i;

	if(e->ncheck == 0){
		finish(e);
		return;
	}
	if(e->m->kind == Mhost){
		e->work.data = e;
		_nfhold(e->s);
		if(uv_queue_work(e->s->loop, &e->work, hostcheck, hostchecked) < 0){
			_nfrelease(e->s);
			for(i = 0; i < e->ncheck; i++)
				e->found[i] = 1;	/* invalidate rather than leave stale */
			finish(e);
		}
		return;
	}
	e->out = 1;
	for(i = 0; i < e->ncheck; i++){
		if(_nf9pwalkroot(e->m, e->check[i], walkchecked, e, i) < 0)
			e->found[i] = 1;
		else
			e->out++;
	}
	if(--e->out == 0)
		finish(e);
}

/* Is a before b in the member list? */
static int
before(NfSrv *s, NfMember *a, NfMember *b)
{
	NfMember *m;

	for(m = s->members; m != nil; m = m->next){
		if(m == a)
			return 1;
		if(m == b)
			return 0;
	}
	return 0;
}

static void
unlinkmember(NfSrv *s, NfMember *m)
{
	NfMember **l;

	for(l = &s->members; *l != nil; l = &(*l)->next)
		if(*l == m){
			*l = m->next;
			break;
		}
	m->next = nil;
	m->gone = 1;
}

static Edit*
newedit(NfSrv *s, NfDone *done, void *arg)
{
	Edit *e;

	if((e = calloc(1, sizeof *e)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	e->s = s;
	e->done = done;
	e->arg = arg;
	return e;
}

/*
 * Correct the kernel's cache after a change: m was added (nil: none), old removed (nil:
 * none). Every cached root name from a member that m now precedes is checked in m;
 * old's names go, and with all set every cached name goes. Short of memory, names are
 * invalidated rather than checked.
 */
static void
edit(Edit *e, NfMember *m, NfMember *old, int all)
{
	NfSrv *s;
	Node **v, *c;
	Neg *g;
	u32int i, k;
	u64int now;

	s = e->s;
	e->m = m;
	if(m != nil)
		m->ref++;
	v = nil;
	k = 0;
	if(s->nnode > 0 && (v = malloc(s->nnode * sizeof v[0])) != nil){
		for(i = 0; i < s->nbuck; i++)
			for(c = s->byid[i]; c != nil && k < s->nnode; c = c->idnext)
				if(c->parent == s->root && c->hashed)
					v[k++] = c;
		e->check = calloc(k + 1, sizeof e->check[0]);
		e->found = calloc(k + 1, sizeof e->found[0]);
	}
	for(i = 0; i < k; i++){
		c = v[i];
		if(all || c->m == old || c->m->gone){
			_nfunhash(c);
			addname(e, c->name);
		}else if(m != nil && before(s, m, c->m)){
			if(e->check != nil && e->found != nil
			&& (e->check[e->ncheck] = strdup(c->name)) != nil)
				e->ncheck++;
			else{
				_nfunhash(c);
				addname(e, c->name);
			}
		}
	}
	free(v);
	if(m != nil){
		now = uv_now(s->loop);
		while((g = s->neg) != nil){
			s->neg = g->next;
			if(g->expire > now)
				addname(e, g->name);
			free(g->name);
			free(g);
		}
	}
	_nfnotifyinode(s, FUSE_ROOT_ID);	/* the root's attributes are its first member's */
	check(e);
}

static NfMember*
newmember(NfSrv *s, int kind, int flags)
{
	NfMember *m;

	if((m = calloc(1, sizeof *m)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	m->srv = s;
	m->kind = kind;
	m->flags = flags & (NFCREATE|NFCACHE);
	m->id = s->nextmid++ & 0xff;
	m->ref = 1;	/* the list's */
	m->dirfd = -1;
	return m;
}

/* Put m into the list as flags and rel say; with neither NFBEFORE nor NFAFTER, alone. */
static int
insert(NfSrv *s, NfMember *m, int flags, NfMember *rel, NfDone *done, void *arg)
{
	NfMember **l, *o;
	Edit *e;
	int all;

	if(s->closing){
		p9werrstr("file system closed");
		return -1;
	}
	if(rel != nil && (rel->srv != s || rel->gone)){
		p9werrstr("not a member of this union");
		return -1;
	}
	if((e = newedit(s, done, arg)) == nil)
		return -1;
	all = 0;
	if(flags & NFBEFORE){
		for(l = &s->members; *l != nil && *l != rel; l = &(*l)->next)
			;
		if(rel == nil)
			l = &s->members;
	}else if(flags & NFAFTER){
		if(rel != nil)
			l = &rel->next;
		else
			for(l = &s->members; *l != nil; l = &(*l)->next)
				;
	}else{
		all = 1;
		while((o = s->members) != nil){
			unlinkmember(s, o);
			_nfmemberput(o);
		}
		l = &s->members;
	}
	m->next = *l;
	*l = m;
	edit(e, m, nil, all);
	return 0;
}

NfMember*
nfaddhost(NfSrv *s, int dirfd, int flags, NfMember *rel, NfDone *done, void *arg)
{
	NfMember *m;
	struct statx stx;

	/* from what the kernel has cached: asking could wait for this very loop (a FUSE dir) */
	if(statx(dirfd, "", AT_EMPTY_PATH|AT_STATX_DONT_SYNC, STATX_TYPE, &stx) < 0){
		p9oserror(errno);
		p9werrstr("host member: %r");
		return nil;
	}
	if(!S_ISDIR(stx.stx_mode)){
		p9werrstr("host member: not a directory");
		return nil;
	}
	if((m = newmember(s, Mhost, flags)) == nil)
		return nil;
	m->dirfd = dirfd;
	if(insert(s, m, flags, rel, done, arg) < 0){
		free(m);	/* dirfd stays the caller's */
		return nil;
	}
	return m;
}

NfMember*
nfadd9p(NfSrv *s, const Nf9p *p, int flags, NfMember *rel, NfDone *done, void *arg)
{
	NfMember *m;
	u32int msize;

	if(p == nil || p->fs == nil || p->root == nil){
		p9werrstr("9P member: no connection or root");
		return nil;
	}
	if((m = newmember(s, M9p, flags)) == nil)
		return nil;
	if((m->uname = strdup(p->uname != nil ? p->uname : p9getuser())) == nil){
		free(m);
		p9werrstr("out of memory");
		return nil;
	}
	m->fs = p->fs;
	m->root = p->root;
	msize = npfsmsize(p->fs);
	m->iounit = msize > IOHDRSZ ? msize - IOHDRSZ : 1;
	if(insert(s, m, flags, rel, done, arg) < 0){
		free(m->uname);
		free(m);
		return nil;
	}
	m->release = p->release;
	m->relarg = p->arg;
	return m;
}

int
nfdel(NfSrv *s, NfMember *m, NfDone *done, void *arg)
{
	Edit *e;

	if(m == nil || m->srv != s || m->gone){
		p9werrstr("not a member of this union");
		return -1;
	}
	if((e = newedit(s, done, arg)) == nil)
		return -1;
	unlinkmember(s, m);
	edit(e, nil, m, 0);
	_nfmemberput(m);
	return 0;
}

/* At nfclose: every member goes. */
void
_nfdelall(NfSrv *s)
{
	NfMember *m;

	while((m = s->members) != nil){
		unlinkmember(s, m);
		_nfmemberput(m);
	}
}
