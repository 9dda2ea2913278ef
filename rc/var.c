/* var.c: rc variables and functions, local (dynamically scoped) values, the Unix environment. */
#include <stdlib.h>
#include <string.h>
#include "rc.h"

enum { Nhash = 1024, Sep = '\001' };

static Var *vtab[Nhash];
int envdirty = 1;
static int syncing;

typedef struct Saved Saved;
struct Saved {
	Var *v;
	Word *val;
};
static Saved *saved;
static int nsaved, asaved;

static uint
hash(const char *s)
{
	uint h = 2166136261u;

	while(*s)
		h = (h ^ (uchar)*s++) * 16777619u;
	return h % Nhash;
}

Var*
vfind(const char *name)
{
	Var *v;

	for(v = vtab[hash(name)]; v; v = v->next)
		if(strcmp(v->name, name) == 0)
			return v;
	return nil;
}

Var*
vlook(const char *name)
{
	uint h = hash(name);
	Var *v;

	for(v = vtab[h]; v; v = v->next)
		if(strcmp(v->name, name) == 0)
			return v;
	v = emalloc(sizeof *v);
	memset(v, 0, sizeof *v);
	v->name = estrdup(name);
	if(strcmp(name, "path") == 0)
		v->special = 1;
	else if(strcmp(name, "PATH") == 0)
		v->special = 2;
	v->next = vtab[h];
	vtab[h] = v;
	return v;
}

static void
syncpath(Var *v)
{
	Word *w, *l, **e;
	char *s, *p, *q;
	size_t n;

	if(syncing)
		return;
	syncing = 1;
	if(v->special == 1){
		n = 1;
		for(w = v->val; w; w = w->next)
			n += strlen(w->s) + 1;
		s = emalloc(n);
		s[0] = 0;
		for(w = v->val; w; w = w->next){
			if(w != v->val)
				strcat(s, ":");
			strcat(s, w->s);
		}
		setvar("PATH", v->val ? newword(s, nil) : nil);
		free(s);
	}else{
		l = nil;
		e = &l;
		if(v->val){
			s = estrdup(v->val->s);
			for(p = s;; p = q + 1){
				q = strchr(p, ':');
				if(q)
					*q = 0;
				*e = newword(*p ? p : ".", nil);
				e = &(*e)->next;
				if(q == nil)
					break;
			}
			free(s);
		}
		setvar("path", l);
	}
	syncing = 0;
}

static void
changed(Var *v)
{
	v->tail = nil;
	v->noexport = 0;
	free(v->env);
	v->env = nil;
	envdirty = 1;
	if(v->special)
		syncpath(v);
}

void
setvar(const char *name, Word *val)
{
	Var *v = vlook(name);

	freewords(v->val);
	v->val = val;
	changed(v);
}

/* x=($x more): add to the end without copying what is there */
void
appendvar(Var *v, Word *w)
{
	Word **e;

	if(v->tail)
		e = &v->tail->next;
	else
		for(e = &v->val; *e; e = &(*e)->next)
			;
	*e = w;
	changed(v);
	if(w){
		while(w->next)
			w = w->next;
		v->tail = w;
	}
}

void
setvarstr(const char *name, const char *s)
{
	setvar(name, newword(s, nil));
}

/* drop a reference to f: the table's, or a running call's */
void
fnrelease(Fn *f)
{
	if(f && --f->ref == 0){
		freetree(f->body);
		free(f->file);
		free(f);
	}
}

void
setfn(const char *name, Tree *body)
{
	Var *v = vlook(name);
	Fn *f = emalloc(sizeof *f);

	f->body = copytree(body);
	f->file = estrdup(srcname ? srcname : argv0);
	f->ref = 1;
	fnrelease(v->fn);
	free(v->fnstr);
	free(v->fnenv);
	v->fnenv = nil;
	v->fn = f;
	v->fnstr = deparse(body);
	v->fnnoexport = 0;
	envdirty = 1;
}

void
delfn(const char *name)
{
	Var *v = vfind(name);

	if(v == nil || v->fn == nil)
		return;
	fnrelease(v->fn);
	free(v->fnstr);
	free(v->fnenv);
	v->fn = nil;
	v->fnstr = nil;
	v->fnenv = nil;
	envdirty = 1;
}

void
pushlocal(const char *name, Word *val)
{
	Var *v = vlook(name);

	if(nsaved == asaved){
		asaved = asaved ? 2 * asaved : 64;
		saved = erealloc(saved, asaved * sizeof saved[0]);
	}
	saved[nsaved].v = v;
	saved[nsaved].val = v->val;
	nsaved++;
	v->val = val;
	changed(v);
}

void
poplocal(void)
{
	Var *v;

	nsaved--;
	v = saved[nsaved].v;
	freewords(v->val);
	v->val = saved[nsaved].val;
	changed(v);
}

int
nlocals(void)
{
	return nsaved;
}

/*
 * Swap each of the first n local variables with the value it hides: done top down it
 * leaves every variable with its global value (and the locals in saved), done bottom
 * up again it puts the locals back. Note functions run in between, as 9front starts
 * them with no local variables.
 */
static void
swaplocal(int i)
{
	Var *v = saved[i].v;
	Word *w = v->val;

	v->val = saved[i].val;
	saved[i].val = w;
	changed(v);
}

void
hidelocals(int n)
{
	while(n-- > 0)
		swaplocal(n);
}

void
showlocals(int n)
{
	int i;

	for(i = 0; i < n; i++)
		swaplocal(i);
}

void
unwindlocals(int n)
{
	while(nsaved > n)
		poplocal();
}

static char *
mkvarenv(Var *v)
{
	Word *w;
	size_t n = strlen(v->name) + 2, k;
	char *s, *p;

	for(w = v->val; w; w = w->next)
		n += strlen(w->s) + 1;
	s = p = emalloc(n);
	k = strlen(v->name);
	memcpy(p, v->name, k);
	p += k;
	*p++ = '=';
	for(w = v->val; w; w = w->next){
		if(w != v->val)
			*p++ = Sep;
		k = strlen(w->s);
		memcpy(p, w->s, k);
		p += k;
	}
	*p = 0;
	return s;
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char**)a, *(char**)b);
}

static char **envv;

char**
mkenv(void)
{
	Var *v;
	int i, n;

	if(!envdirty && envv)
		return envv;
	n = 0;
	for(i = 0; i < Nhash; i++)
		for(v = vtab[i]; v; v = v->next)
			n += (v->val && !v->noexport) + (v->fn && !v->fnnoexport);
	free(envv);
	envv = emalloc((n + 1) * sizeof envv[0]);
	n = 0;
	for(i = 0; i < Nhash; i++)
		for(v = vtab[i]; v; v = v->next){
			if(v->val && !v->noexport){
				if(v->env == nil)
					v->env = mkvarenv(v);
				envv[n++] = v->env;
			}
			if(v->fn && !v->fnnoexport){
				if(v->fnenv == nil){
					v->fnenv = emalloc(strlen(v->name) + strlen(v->fnstr) + 8);
					sprintf(v->fnenv, "#()fn %s %s", v->name, v->fnstr);
				}
				envv[n++] = v->fnenv;
			}
		}
	envv[n] = nil;
	qsort(envv, n, sizeof envv[0], cmpstr);
	envdirty = 0;
	return envv;
}

static Word*
envval(const char *s)
{
	Word *l = nil, **e = &l;
	const char *t;

	for(;;){
		t = strchr(s, Sep);
		*e = emalloc(sizeof **e);
		(*e)->next = nil;
		if(t == nil){
			(*e)->s = estrdup(s);
			break;
		}
		(*e)->s = emalloc(t - s + 1);
		memcpy((*e)->s, s, t - s);
		(*e)->s[t - s] = 0;
		e = &(*e)->next;
		s = t + 1;
	}
	return l;
}

void
importenv(char **env)
{
	char *s, *name;
	Var *p;

	for(; *env; env++){
		for(s = *env; *s && *s != '(' && *s != '='; s++)
			;
		if(*s != '=' || s == *env)
			continue;
		name = emalloc(s - *env + 1);
		memcpy(name, *env, s - *env);
		name[s - *env] = 0;
		if(strcmp(name, "PATH") == 0 && (p = vfind("path")) != nil && p->val){
			free(name);
			continue;
		}
		setvar(name, envval(s + 1));
		free(name);
	}
}

/*
 * rfork E: children start with an empty environment. As on Plan 9, where rc only writes
 * what changes to the new /env, the shell keeps its variables and exports each again once
 * it is set.
 */
void
cleanenv(void)
{
	Var *v;
	int i;

	for(i = 0; i < Nhash; i++)
		for(v = vtab[i]; v; v = v->next){
			v->noexport = 1;
			v->fnnoexport = 1;
		}
	envdirty = 1;
}
