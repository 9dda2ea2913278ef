/* runestr.c: Plan 9's string functions on Rune strings, and case-blind ASCII comparisons. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>

Rune*
p9runestrcpy(Rune *to, const Rune *from)
{
	Rune *t;

	for(t = to; (*t = *from) != 0; t++, from++)
		;
	return to;
}

Rune*
p9runestrncpy(Rune *to, const Rune *from, long n)
{
	long i;

	for(i = 0; i < n && from[i] != 0; i++)
		to[i] = from[i];
	for(; i < n; i++)
		to[i] = 0;
	return to;
}

/* Copy as much of from as fits before e, always terminated; returns the terminator. */
Rune*
p9runestrecpy(Rune *to, Rune *e, const Rune *from)
{
	if(to >= e)
		return to;
	while(to < e - 1 && *from != 0)
		*to++ = *from++;
	*to = 0;
	return to;
}

Rune*
p9runestrcat(Rune *to, const Rune *from)
{
	p9runestrcpy(to + p9runestrlen(to), from);
	return to;
}

Rune*
p9runestrncat(Rune *to, const Rune *from, long n)
{
	Rune *t;

	t = to + p9runestrlen(to);
	while(n-- > 0 && (*t = *from++) != 0)
		t++;
	*t = 0;
	return to;
}

int
p9runestrcmp(const Rune *a, const Rune *b)
{
	for(; *a == *b; a++, b++)
		if(*a == 0)
			return 0;
	return *a < *b ? -1 : 1;
}

int
p9runestrncmp(const Rune *a, const Rune *b, long n)
{
	for(; n > 0; n--, a++, b++){
		if(*a != *b)
			return *a < *b ? -1 : 1;
		if(*a == 0)
			break;
	}
	return 0;
}

Rune*
p9runestrchr(const Rune *s, Rune c)
{
	for(;; s++){
		if(*s == c)
			return (Rune*)s;
		if(*s == 0)
			return nil;
	}
}

Rune*
p9runestrrchr(const Rune *s, Rune c)
{
	const Rune *last;

	last = nil;
	for(;; s++){
		if(*s == c)
			last = s;
		if(*s == 0)
			return (Rune*)last;
	}
}

Rune*
p9runestrstr(const Rune *s, const Rune *t)
{
	long n;

	n = p9runestrlen(t);
	for(; *s != 0 || n == 0; s++){
		if(p9runestrncmp(s, t, n) == 0)
			return (Rune*)s;
		if(*s == 0)
			break;
	}
	return nil;
}

Rune*
p9runestrdup(const Rune *s)
{
	Rune *t;
	long n;

	n = (p9runestrlen(s) + 1) * sizeof(Rune);
	t = malloc(n);
	if(t == nil){
		p9werrstr("out of memory");
		return nil;
	}
	return memcpy(t, s, n);
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 'a' - 'A' : c;
}

int
p9cistrncmp(const char *a, const char *b, int n)
{
	int c, d;

	for(; n > 0; n--){
		c = lower(*(uchar*)a++);
		d = lower(*(uchar*)b++);
		if(c != d)
			return c - d;
		if(c == 0)
			break;
	}
	return 0;
}

int
p9cistrcmp(const char *a, const char *b)
{
	int c, d;

	do{
		c = lower(*(uchar*)a++);
		d = lower(*(uchar*)b++);
		if(c != d)
			return c - d;
	}while(c != 0);
	return 0;
}

char*
p9cistrstr(const char *s, const char *t)
{
	size_t n;

	n = strlen(t);
	for(; *s != 0 || n == 0; s++){
		if(p9cistrncmp(s, t, n) == 0)
			return (char*)s;
		if(*s == 0)
			break;
	}
	return nil;
}
