/* table.c: the mount table of a name space group, with the rules of Plan 9's bind(2). */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

Nstable*
nsalloctable(const Nsauxops *ops)
{
	Nstable *t;

	if((t = calloc(1, sizeof *t)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	t->ops = ops;
	t->nextid = 1;
	return t;
}

static void
freeaux(Nstable *t, void *aux)
{
	if(aux != nil && t->ops != nil && t->ops->free != nil)
		t->ops->free(aux);
}

static void*
dupaux(Nstable *t, void *aux)
{
	if(aux != nil && t->ops != nil && t->ops->dup != nil)
		return t->ops->dup(aux);
	return aux;
}

static void
freemounts(Nstable *t, Nsmount *m)
{
	Nsmount *next;

	for(; m != nil; m = next){
		next = m->next;
		freeaux(t, m->aux);
		free(m->to);
		free(m->spec);
		free(m->via);
		free(m);
	}
}

static void
freemhead(Nstable *t, Nsmhead *h)
{
	freemounts(t, h->mount);
	freeaux(t, h->aux);
	free(h->from);
	free(h);
}

void
nsfreetable(Nstable *t)
{
	Nsmhead *h, *next;

	if(t == nil)
		return;
	for(h = t->head; h != nil; h = next){
		next = h->next;
		freemhead(t, h);
	}
	free(t);
}

static Nsmount*
newmount(Nstable *t, int ismount, const char *to, const char *spec, int flag, void *aux)
{
	Nsmount *m;

	if((m = calloc(1, sizeof *m)) == nil || (m->to = strdup(to)) == nil ||
	   (spec != nil && (m->spec = strdup(spec)) == nil)){
		if(m != nil)
			free(m->to);
		free(m);
		p9werrstr("out of memory");
		return nil;
	}
	m->ismount = ismount;
	m->flag = flag;
	m->id = t->nextid++;
	m->aux = dupaux(t, aux);
	return m;
}

/* A copy of m with flag: what it is, not where it stands. */
static Nsmount*
copymount(Nstable *t, const Nsmount *m, int flag)
{
	Nsmount *c;

	if((c = newmount(t, m->ismount, m->to, m->spec, flag, m->aux)) != nil)
		c->noauth = m->noauth;
	return c;
}

static Nsmhead*
newmhead(const char *from)
{
	Nsmhead *h;

	if((h = calloc(1, sizeof *h)) == nil || (h->from = strdup(from)) == nil){
		free(h);
		p9werrstr("out of memory");
		return nil;
	}
	return h;
}

Nsmhead*
nslookmhead(Nstable *t, const char *path)
{
	Nsmhead *h;

	for(h = t->head; h != nil; h = h->next)
		if(strcmp(h->from, path) == 0)
			return h;
	return nil;
}

/*
 * The members a bind of to brings: to itself, or a copy of the union at to (its members
 * after the first follow with the order of this bind, as cmount does). nil with errstr.
 */
static Nsmount*
newmembers(Nstable *t, int ismount, const char *to, const char *spec, int flag)
{
	Nsmhead *src;
	Nsmount *nm, *um, **l;
	int order;

	src = ismount ? nil : nslookmhead(t, to);
	if(src == nil || src->mount == nil)
		return newmount(t, ismount, to, spec, flag, nil);
	um = src->mount;
	/* a union may only be bound with -c when it is a single -c member */
	if((flag & NSMCREATE) && (um->next != nil || !(um->flag & NSMCREATE))){
		p9werrstr("inconsistent mount");
		return nil;
	}
	order = flag & NSMORDER;
	if((nm = copymount(t, um, flag)) == nil)
		return nil;
	nm->copyof = um->id;
	if((nm->via = strdup(to)) == nil){
		freemounts(t, nm);
		p9werrstr("out of memory");
		return nil;
	}
	l = &nm->next;
	for(um = um->next; um != nil; um = um->next){
		if((*l = copymount(t, um, order == NSMREPL ? NSMAFTER : order)) == nil){
			freemounts(t, nm);
			return nil;
		}
		(*l)->copyof = um->id;
		l = &(*l)->next;
	}
	return nm;
}

Nsmount*
nsaddmount(Nstable *t, const char *old, int ismount, const char *to, const char *spec,
	int flag)
{
	Nsmhead *h;
	Nsmount *nm, *self, *f, *um;
	int order;

	order = flag & NSMORDER;
	if((flag & ~NSMMASK) != 0 || order == (NSMBEFORE|NSMAFTER)){
		p9werrstr("bad flags");
		return nil;
	}
	h = nslookmhead(t, old);
	self = nil;
	if(h == nil && order != NSMREPL){
		/* a new union starts with the directory it hides */
		if((self = newmount(t, 0, old, nil, 0, nil)) == nil)
			return nil;
	}
	if((nm = newmembers(t, ismount, to, spec, flag)) == nil){
		freemounts(t, self);
		return nil;
	}
	if(h == nil){
		if((h = newmhead(old)) == nil){
			freemounts(t, self);
			freemounts(t, nm);
			return nil;
		}
		h->mount = self;
		h->next = t->head;
		t->head = h;
	}
	um = h->mount;
	if(um != nil && order == NSMAFTER){
		for(f = um; f->next != nil; f = f->next)
			;
		f->next = nm;
	}else{
		if(order != NSMREPL){
			for(f = nm; f->next != nil; f = f->next)
				;
			f->next = um;
		}else
			freemounts(t, um);
		h->mount = nm;
	}
	return nm;
}

static void
unlinkmhead(Nstable *t, Nsmhead *h)
{
	Nsmhead **l;

	for(l = &t->head; *l != nil; l = &(*l)->next)
		if(*l == h){
			*l = h->next;
			break;
		}
	freemhead(t, h);
}

/* 1 if members a and b bring the same file: the same path bound, or the same service's tree. */
static int
samemember(Nsmount *a, Nsmount *b)
{
	if(a->ismount != b->ismount || strcmp(a->to, b->to) != 0)
		return 0;
	return !a->ismount || strcmp(a->spec, b->spec) == 0;
}

Nsmount*
nsfindmember(Nstable *t, Nsmhead *h, const char *new)
{
	Nsmhead *nh;
	Nsmount *m;

	for(m = h->mount; m != nil; m = m->next)
		if(strcmp(m->to, new) == 0)
			return m;
	/* new is a mount point: what a walk to it finds is its first member */
	if((nh = nslookmhead(t, new)) != nil && nh != h && nh->mount != nil)
		for(m = h->mount; m != nil; m = m->next)
			if(samemember(m, nh->mount))
				return m;
	return nil;
}

int
nsdelmount(Nstable *t, const char *old, const char *to)
{
	Nsmhead *h;
	Nsmount *m, **l;

	if((h = nslookmhead(t, old)) == nil){
		p9werrstr("not mounted");
		return -1;
	}
	if(to == nil){
		unlinkmhead(t, h);
		return 0;
	}
	if((m = nsfindmember(t, h, to)) == nil){
		p9werrstr("not in union");
		return -1;
	}
	for(l = &h->mount; *l != m; l = &(*l)->next)
		;
	*l = m->next;
	m->next = nil;
	freemounts(t, m);
	if(h->mount == nil)
		unlinkmhead(t, h);
	return 0;
}

Nstable*
nscopytable(Nstable *t)
{
	Nstable *c;
	Nsmhead *h, *nh, **hl;
	Nsmount *m, **ml;

	if((c = nsalloctable(t->ops)) == nil)
		return nil;
	c->nextid = t->nextid;
	hl = &c->head;
	for(h = t->head; h != nil; h = h->next){
		if((nh = newmhead(h->from)) == nil)
			goto fail;
		nh->aux = dupaux(t, h->aux);
		*hl = nh;
		hl = &nh->next;
		ml = &nh->mount;
		for(m = h->mount; m != nil; m = m->next){
			if((*ml = copymount(c, m, m->flag)) == nil ||
			   (m->via != nil && ((*ml)->via = strdup(m->via)) == nil))
				goto fail;
			(*ml)->id = m->id;
			(*ml)->copyof = m->copyof;
			ml = &(*ml)->next;
		}
	}
	c->nextid = t->nextid;
	return c;
fail:
	nsfreetable(c);
	return nil;
}

int
nsflagstr(char *s, int flag)
{
	char *p;

	p = s;
	if(flag & (NSMAFTER|NSMBEFORE|NSMCREATE|NSMCACHE)){
		*p++ = '-';
		if(flag & NSMAFTER)
			*p++ = 'a';
		if(flag & NSMBEFORE)
			*p++ = 'b';
		if(flag & NSMCREATE)
			*p++ = 'c';
		if(flag & NSMCACHE)
			*p++ = 'C';
	}
	*p = 0;
	return p - s;
}

/* Print one member as the namespace-file line that makes it. */
int
_nsfmtmount(Fmt *f, const char *from, const Nsmount *m)
{
	char flag[8];
	int n;

	flag[0] = ' ';
	n = nsflagstr(flag + 1, m->flag);
	if(m->ismount && m->noauth){
		if(n == 0)
			flag[++n] = '-';
		flag[++n] = m->noauth > 1 ? 'N' : 'n';
		flag[++n] = 0;
	}
	if(n == 0)
		flag[0] = 0;
	if(m->ismount)
		return p9fmtprint(f, m->spec != nil && m->spec[0] ? "mount%s %q %q %q\n" :
			"mount%s %q %q\n", flag, m->to, from, m->spec);
	return p9fmtprint(f, "bind%s %q %q\n", flag, m->to, from);
}

typedef struct Line Line;
struct Line {
	const char *from;
	Nsmount *m;
};

static int
byid(const void *a, const void *b)
{
	const Nsmount *x = ((const Line*)a)->m, *y = ((const Line*)b)->m;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The members of a copy starting at line i (m->via set): how many lines it has when
 * "bind via from" makes it again, that is when via's members older than the copy are
 * still those it copied, in that order, and the copy is whole; else 0.
 */
static long
wholecopy(Nstable *t, Line *line, long i, long n)
{
	Nsmhead *src;
	Nsmount *m, *c;
	uvlong first;
	long k;

	first = line[i].m->id;
	if((src = nslookmhead(t, line[i].m->via)) == nil)
		return 0;
	k = 0;
	for(m = src->mount; m != nil; m = m->next){
		if(m->id >= first)
			continue;
		if(i + k >= n || (c = line[i + k].m)->id != first + k || c->copyof != m->id ||
		   strcmp(line[i + k].from, line[i].from) != 0 || (k > 0 && c->via != nil))
			return 0;
		k++;
	}
	/* and nothing more of the copy follows */
	if(i + k < n && line[i + k].m->id == first + k && line[i + k].m->copyof != 0 &&
	   line[i + k].m->via == nil && strcmp(line[i + k].from, line[i].from) == 0)
		return 0;
	return k;
}

int
nsfmttable(Fmt *f, Nstable *t)
{
	Nsmhead *h;
	Nsmount *m;
	Line *line;
	long n, i, k;
	char fl[8];
	int r;

	n = 0;
	for(h = t->head; h != nil; h = h->next)
		for(m = h->mount; m != nil; m = m->next)
			n++;
	if(n == 0)
		return 0;
	if((line = malloc(n * sizeof *line)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	i = 0;
	for(h = t->head; h != nil; h = h->next)
		for(m = h->mount; m != nil; m = m->next)
			line[i++] = (Line){h->from, m};
	qsort(line, n, sizeof *line, byid);
	r = 0;
	for(i = 0; i < n && r == 0; i++){
		m = line[i].m;
		if(m->via != nil && (k = wholecopy(t, line, i, n)) > 0){
			r = p9fmtprint(f, "bind%s%s %q %q\n", nsflagstr(fl, m->flag) ? " " : "", fl,
				m->via, line[i].from);
			i += k - 1;
		}else
			r = _nsfmtmount(f, line[i].from, m);
	}
	free(line);
	return r;
}

char*
nstablestr(Nstable *t)
{
	Fmt f;

	if(p9fmtstrinit(&f) < 0)
		return nil;
	if(nsfmttable(&f, t) < 0){
		free(f.start);
		return nil;
	}
	return p9fmtstrflush(&f);
}
