/* glob.c: rc pattern matching (* ? [...] [~...]) and file name globbing. */
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include "rc.h"

/* decode one UTF-8 rune (or one byte if invalid) */
static int
rune(const char *s, int *r)
{
	const uchar *u = (const uchar*)s;
	int n, c, i;

	c = u[0];
	if(c < 0x80){
		*r = c;
		return c ? 1 : 0;
	}
	if((c & 0xe0) == 0xc0)
		n = 2, c &= 0x1f;
	else if((c & 0xf0) == 0xe0)
		n = 3, c &= 0x0f;
	else if((c & 0xf8) == 0xf0)
		n = 4, c &= 0x07;
	else{
		*r = c;
		return 1;
	}
	for(i = 1; i < n; i++){
		if((u[i] & 0xc0) != 0x80){
			*r = u[0];
			return 1;
		}
		c = c << 6 | (u[i] & 0x3f);
	}
	*r = c;
	return n;
}

/* match a [...] class at p (just after '['); returns pointer after ']' or nil if malformed */
static const char*
class(const char *p, int c, int *ok)
{
	int neg = 0, lo, hi, n;

	*ok = 0;
	if(*p == '~'){
		neg = 1;
		p++;
	}
	for(;;){
		if(*p == 0)
			return nil;
		if(*p == ']')
			break;
		if(*p == GLOB && p[1])
			p++;
		n = rune(p, &lo);
		p += n;
		hi = lo;
		if(*p == '-' && p[1] != ']' && p[1]){
			p++;
			if(*p == GLOB && p[1])
				p++;
			n = rune(p, &hi);
			p += n;
		}
		if(lo <= c && c <= hi)
			*ok = 1;
	}
	if(neg)
		*ok = !*ok;
	return p + 1;
}

int
match(const char *s, const char *p, int stop)
{
	int c, r, ok, n;
	const char *q;

	for(;;){
		if(*p == GLOB){
			switch(p[1]){
			case '*':
				p += 2;
				while(*p == GLOB && p[1] == '*')
					p += 2;
				if(*p == 0)
					return 1;
				for(;;){
					if(match(s, p, stop))
						return 1;
					if(*s == 0)
						return 0;
					s += rune(s, &c);
				}
			case '?':
				if(*s == 0)
					return 0;
				s += rune(s, &c);
				p += 2;
				continue;
			case '[':
				if(*s == 0)
					return 0;
				n = rune(s, &c);
				q = class(p + 2, c, &ok);
				if(q == nil || !ok)
					return 0;
				s += n;
				p = q;
				continue;
			case GLOB:
				p++;
				break;
			default:
				p++;
				continue;
			}
		}
		if(*p == 0)
			return *s == 0;
		n = rune(p, &r);
		if(*s == 0 || rune(s, &c) != n || memcmp(s, p, n) != 0)
			return 0;
		s += n;
		p += n;
	}
}

int
hasglob(const char *s)
{
	for(; *s; s++)
		if(*s == GLOB && s[1] && s[1] != GLOB)
			return 1;
		else if(*s == GLOB && s[1])
			s++;
	return 0;
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

/* path is a prefix already matched (no glob marks); pat is the rest */
static void
globdir(Names *out, const char *path, const char *pat)
{
	const char *slash, *end;
	char *elem, *np, *plain;
	DIR *d;
	struct dirent *e;
	struct stat st;
	size_t pl, el;

	while(*pat == '/'){
		np = emalloc(strlen(path) + 2);
		strcpy(np, path);
		strcat(np, "/");
		globdir(out, np, pat + 1);
		free(np);
		return;
	}
	if(*pat == 0){
		addname(out, estrdup(path));
		return;
	}
	slash = strchr(pat, '/');
	end = slash ? slash : pat + strlen(pat);
	el = end - pat;
	elem = emalloc(el + 1);
	memcpy(elem, pat, el);
	elem[el] = 0;
	pl = strlen(path);
	if(!hasglob(elem)){
		deglob(elem);
		np = emalloc(pl + strlen(elem) + 1);
		strcpy(np, path);
		strcat(np, elem);
		if(slash == nil || (stat(np, &st) == 0 && S_ISDIR(st.st_mode)))
			globdir(out, np, end);
		free(np);
		free(elem);
		return;
	}
	d = opendir(pl ? path : ".");
	if(d == nil){
		free(elem);
		return;
	}
	while((e = readdir(d)) != nil){
		plain = e->d_name;
		if(plain[0] == '.' && (plain[1] == 0 || (plain[1] == '.' && plain[2] == 0))
		&& elem[0] != '.')
			continue;
		if(!match(plain, elem, 0))
			continue;
		np = emalloc(pl + strlen(plain) + 1);
		strcpy(np, path);
		strcat(np, plain);
		if(slash){
			if(stat(np, &st) == 0 && S_ISDIR(st.st_mode))
				globdir(out, np, end);
		}else
			addname(out, estrdup(np));
		free(np);
	}
	closedir(d);
	free(elem);
}

/* expand w (which may hold GLOB marks) into the list of matching names; consumes w */
Word*
globword(char *w, Word *next)
{
	Names l = {0};
	Word *v, **e;
	int i;

	if(!hasglob(w)){
		deglob(w);
		v = emalloc(sizeof *v);
		v->s = w;
		v->next = next;
		return v;
	}
	globdir(&l, "", w);
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
