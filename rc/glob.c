/* glob.c: rc pattern matching (* ? [...] [~...]) and file name globbing. */
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>
#include "rc.h"

/*
 * UTF-8 as 9front's matcher steps over it: a sequence is as long as its lead byte
 * says (4 for a byte that cannot lead), cut short at the first byte that does not
 * continue it, so a NUL is never stepped over.
 */
static int
utflen(const char *s)
{
	int c = (uchar)s[0], n, i;

	if(c < 0x80)
		return 1;
	n = (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : 4;
	for(i = 1; i < n && ((uchar)s[i] & 0xc0) == 0x80; i++)
		;
	return i;
}

/* the code point at s, or -1 when s does not hold a whole sequence */
static int
utfval(const char *s)
{
	const uchar *u = (const uchar*)s;
	int n, c, i;

	c = u[0];
	if(c < 0x80)
		return c;
	if((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f;
	else if((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f;
	else if((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07;
	else
		return -1;
	for(i = 1; i < n; i++){
		if((u[i] & 0xc0) != 0x80)
			return -1;
		c = c << 6 | (u[i] & 0x3f);
	}
	return c;
}

/*
 * Does code point c fall in the class at p (just after its [)? *pp is left on the
 * closing ]. A range may be written either way round ([z-a] is [a-z]); a class with
 * no closing ], as when a - runs the last range into it ([a-]), is malformed and
 * matches nothing: -1.
 */
static int
inclass(const char **pp, int c)
{
	const char *p = *pp;
	int neg, hit = 0, lo, hi, t;

	neg = *p == '~';
	if(neg)
		p++;
	while(*p != ']'){
		if(*p == 0)
			return -1;
		lo = utfval(p);
		p += utflen(p);
		hi = lo;
		if(*p == '-'){
			if(*++p == 0)
				return -1;
			hi = utfval(p);
			p += utflen(p);
			if(hi < lo){
				t = lo;
				lo = hi;
				hi = t;
			}
		}
		if(lo <= c && c <= hi)
			hit = 1;
	}
	*pp = p;
	return neg ? !hit : hit;
}

/* does s match pattern p (GLOB marks the metacharacters) up to p's end or a stop byte */
int
match(const char *s, const char *p, int stop)
{
	for(; *p != stop && *p; s += utflen(s), p += utflen(p)){
		if(*p != GLOB){
			if(*s != *p || utfval(s) != utfval(p))
				return 0;
			continue;
		}
		switch(*++p){
		case '*':
			for(;; s += utflen(s)){
				if(match(s, p + 1, stop))
					return 1;
				if(*s == 0)
					return 0;
			}
		case '?':
			if(*s == 0)
				return 0;
			break;
		case '[':
			if(*s == 0)
				return 0;
			p++;
			if(inclass(&p, utfval(s)) <= 0)
				return 0;
			break;
		case 0:
			return *s == 0;
		default:	/* GLOB GLOB: the byte itself */
			if(*s != *p)
				return 0;
			break;
		}
	}
	return *s == 0;
}

typedef struct Names Names;
struct Names {
	char **v;
	int n, a;
};

static void
addname(Names *l, char *s)
{
	if(l->n == l->a){
		l->a = l->a ? 2 * l->a : 16;
		l->v = erealloc(l->v, l->a * sizeof l->v[0]);
	}
	l->v[l->n++] = s;
}

static int
cmpname(const void *a, const void *b)
{
	return strcmp(*(char**)a, *(char**)b);
}

/* add the names under dir matching pat; dir is malloc'd and consumed */
static void
globdir(Names *out, const char *pat, char *dir)
{
	const char *g, *slash;
	char *pre, *d, *np;
	DIR *dp;
	struct dirent *e;

	while(*pat == '/'){
		d = makepath(dir, "/");
		free(dir);
		dir = d;
		pat++;
	}
	if(*pat == 0){
		addname(out, dir);
		return;
	}
	g = strchr(pat, GLOB);
	if(g == nil){
		/* the rest is plain: it names a file, or nothing */
		np = makepath(dir, pat);
		free(dir);
		if(access(np, F_OK) == 0)
			addname(out, np);
		else
			free(np);
		return;
	}
	/* the plain directories before the component holding the first pattern */
	for(slash = g; slash > pat && slash[-1] != '/'; slash--)
		;
	if(slash > pat){
		pre = emalloc(slash - pat);
		memcpy(pre, pat, slash - pat - 1);
		pre[slash - pat - 1] = 0;
		d = makepath(dir, pre);
		free(pre);
		free(dir);
		dir = d;
		pat = slash;
	}
	dp = opendir(dir[0] ? dir : ".");
	if(dp != nil){
		slash = strchr(g, '/');
		while((e = readdir(dp)) != nil){
			/* . and .. only for a pattern starting with a dot */
			if(e->d_name[0] == '.' && pat[0] != '.' && (e->d_name[1] == 0
			|| (e->d_name[1] == '.' && e->d_name[2] == 0)))
				continue;
			if(match(e->d_name, pat, '/'))
				globdir(out, slash ? slash : "", makepath(dir, e->d_name));
		}
		closedir(dp);
	}
	free(dir);
}

/* expand w (which may hold GLOB marks) into the list of matching names; consumes w */
Word*
globword(char *w, Word *next)
{
	Names l = {0};
	Word *v, **e;
	int i;

	if(strchr(w, GLOB) == nil){
		deglob(w);
		v = emalloc(sizeof *v);
		v->s = w;
		v->next = next;
		return v;
	}
	globdir(&l, w, estrdup(""));
	if(l.n == 0){
		deglob(w);
		v = emalloc(sizeof *v);
		v->s = w;
		v->next = next;
		return v;
	}
	free(w);
	qsort(l.v, l.n, sizeof l.v[0], cmpname);
	v = nil;
	e = &v;
	for(i = 0; i < l.n; i++){
		*e = emalloc(sizeof **e);
		(*e)->s = l.v[i];
		e = &(*e)->next;
	}
	*e = next;
	free(l.v);
	return v;
}
