/* quote.c: rc-style quoting: %q and %Q, p9needsrcquote, p9quotestrdup, p9unquotestrdup. */
#include <stdlib.h>
#include "fmtdef.h"

int
p9needsrcquote(int c)
{
	if(c <= ' ')
		return 1;
	if(c < Runeself && strchr("`^#*[]=|\\?${}()'<>&;", c) != nil)
		return 1;
	return 0;
}

/* Emit s (nbytes bytes) in quotes with every quote doubled. */
static int
quotedbytes(Fmt *f, const char *s, int nbytes)
{
	const char *q, *e;

	e = s + nbytes;
	if(p9_fmtbytes(f, "'", 1) < 0)
		return -1;
	while(s < e){
		q = memchr(s, '\'', e - s);
		if(q == nil)
			q = e;
		else
			q++;
		if(p9_fmtbytes(f, s, q - s) < 0)
			return -1;
		if(q[-1] == '\'' && q <= e && p9_fmtbytes(f, "'", 1) < 0)
			return -1;
		s = q;
	}
	return p9_fmtbytes(f, "'", 1);
}

int
p9_quotefmt(Fmt *f)
{
	const char *s, *p;
	int need, nrunes, nq, w;
	ulong fl;
	Rune r;

	s = va_arg(f->args, char*);
	if(s == nil)
		return p9fmtstrcpy(f, "<nil>");
	fl = f->flags;
	need = (fl & FmtSharp) || *s == 0;
	nrunes = 0;
	nq = 0;
	for(p = s; *p; p += w){
		w = p9chartorune(&r, p);
		if((uchar)*p >= Runeself && r == Runeerror)
			w = 1;
		if(p9needsrcquote(r))
			need = 1;
		if(r == '\'')
			nq++;
		nrunes++;
	}
	if(!need)
		return p9fmtstrcpy(f, s);
	nrunes += 2 + nq;
	if(!(fl & FmtLeft) && p9_fmtpad(f, f->width - nrunes) < 0)
		return -1;
	if(quotedbytes(f, s, p - s) < 0)
		return -1;
	if((fl & FmtLeft) && p9_fmtpad(f, f->width - nrunes) < 0)
		return -1;
	return 0;
}

int
p9_runequotefmt(Fmt *f)
{
	const Rune *s, *p;
	int need, nrunes;
	ulong fl;

	s = va_arg(f->args, Rune*);
	if(s == nil)
		return p9fmtstrcpy(f, "<nil>");
	fl = f->flags;
	need = (fl & FmtSharp) || *s == 0;
	nrunes = 0;
	for(p = s; *p; p++){
		if(p9needsrcquote(*p))
			need = 1;
		nrunes += 1 + (*p == '\'');
	}
	if(!need)
		return p9fmtrunestrcpy(f, s);
	nrunes += 2;
	if(!(fl & FmtLeft) && p9_fmtpad(f, f->width - nrunes) < 0)
		return -1;
	if(p9_fmtbytes(f, "'", 1) < 0)
		return -1;
	for(p = s; *p; p++){
		if(p9_fmtputrune(f, *p) < 0)
			return -1;
		if(*p == '\'' && p9_fmtbytes(f, "'", 1) < 0)
			return -1;
	}
	if(p9_fmtbytes(f, "'", 1) < 0)
		return -1;
	if((fl & FmtLeft) && p9_fmtpad(f, f->width - nrunes) < 0)
		return -1;
	return 0;
}

char*
p9quotestrdup(const char *s)
{
	return p9smprint("%q", s);
}

int
p9quotestrfmt(Fmt *f)
{
	return p9_quotefmt(f);
}

int
p9quoterunestrfmt(Fmt *f)
{
	return p9_runequotefmt(f);
}

/* %q and %Q are always there: nothing to install. */
void
p9quotefmtinstall(void)
{
}

/* Undo rc-style quoting: 'a b' becomes a b, and '' inside quotes a single quote. */
char*
p9unquotestrdup(const char *s)
{
	char *t, *o;
	int quoting;

	t = malloc(strlen(s) + 1);
	if(t == nil){
		p9werrstr("out of memory");
		return nil;
	}
	quoting = 0;
	for(o = t; *s != 0; s++){
		if(*s != '\''){
			*o++ = *s;
			continue;
		}
		if(quoting && s[1] == '\'')
			*o++ = *++s;
		else
			quoting = !quoting;
	}
	*o = 0;
	return t;
}
