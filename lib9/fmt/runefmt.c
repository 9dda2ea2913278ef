/*
 * runefmt.c: formatting into Rune buffers (runesprint, runesnprint, runeseprint, runesmprint
 * and their v forms): the text is formatted as UTF-8, then decoded into the caller's runes.
 */
#include <stdlib.h>
#include "fmtdef.h"

/* Decode s into r[0..n-1], always terminated (n > 0); returns the runes stored. */
static int
decode(Rune *r, int n, const char *s)
{
	int i;

	for(i = 0; i < n - 1 && *s != 0; i++)
		s += p9chartorune(&r[i], s);
	r[i] = 0;
	return i;
}

int
p9runevsnprint(Rune *buf, int len, const char *fmt, va_list arg)
{
	char *s;
	int n;

	if(len <= 0)
		return 0;
	s = p9vsmprint(fmt, arg);
	if(s == nil){
		buf[0] = 0;
		return -1;
	}
	n = decode(buf, len, s);
	free(s);
	return n;
}

int
p9runesnprint(Rune *buf, int len, const char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = p9runevsnprint(buf, len, fmt, arg);
	va_end(arg);
	return n;
}

/* Unbounded, as Plan 9's: avoid. */
int
p9runesprint(Rune *buf, const char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = p9runevsnprint(buf, 1 << 30, fmt, arg);
	va_end(arg);
	return n;
}

Rune*
p9runevseprint(Rune *buf, Rune *e, const char *fmt, va_list arg)
{
	int n;

	if(buf >= e)
		return buf;
	n = p9runevsnprint(buf, e - buf, fmt, arg);
	return buf + (n < 0 ? 0 : n);
}

Rune*
p9runeseprint(Rune *buf, Rune *e, const char *fmt, ...)
{
	va_list arg;
	Rune *p;

	va_start(arg, fmt);
	p = p9runevseprint(buf, e, fmt, arg);
	va_end(arg);
	return p;
}

Rune*
p9runevsmprint(const char *fmt, va_list arg)
{
	char *s;
	Rune *r;
	long n;

	s = p9vsmprint(fmt, arg);
	if(s == nil)
		return nil;
	n = p9utflen(s) + 1;
	r = malloc(n * sizeof r[0]);
	if(r == nil)
		p9werrstr("out of memory");
	else
		decode(r, n, s);
	free(s);
	return r;
}

Rune*
p9runesmprint(const char *fmt, ...)
{
	va_list arg;
	Rune *r;

	va_start(arg, fmt);
	r = p9runevsmprint(fmt, arg);
	va_end(arg);
	return r;
}

/* Put one rune into f, as a verb function does: 0, or -1 on error. */
int
p9fmtrune(Fmt *f, int r)
{
	return p9_fmtputrune(f, r);
}
