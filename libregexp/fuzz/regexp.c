/*
 * regexp.c: fuzz target for libregexp. The input is an expression, a NUL, and a string:
 * compile the expression three ways (it may be refused, never crash), match the string and
 * the same string as Runes, and check that both forms agree and the matches are ordered
 * and inside the string; then substitute.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/regexp.h>

enum { Nsub = 10 };

static void
check(Reprog *p, const char *s, const Rune *rs, long nr)
{
	Resub m[Nsub], rm[Nsub];
	char out[256];
	int ok, rok, i;

	memset(m, 0, sizeof m);
	memset(rm, 0, sizeof rm);
	ok = r9regexec(p, s, m, Nsub);
	rok = r9rregexec(p, rs, rm, Nsub);
	if(ok != rok)
		abort();
	if(!ok)
		return;
	for(i = 0; i < Nsub; i++){
		if((m[i].sp == nil) != (rm[i].rsp == nil))
			abort();
		if(m[i].sp == nil)
			continue;
		if(m[i].sp < s || m[i].ep < m[i].sp || m[i].ep > s + strlen(s))
			abort();
		if(rm[i].rsp < rs || rm[i].rep < rm[i].rsp || rm[i].rep > rs + nr)
			abort();
		/* the same match: as many runes before it and in it */
		if(p9utfnlen(s, m[i].sp - s) != rm[i].rsp - rs
		|| p9utfnlen(m[i].sp, m[i].ep - m[i].sp) != rm[i].rep - rm[i].rsp)
			abort();
	}
	r9regsub("<&|\\1|\\2\\\\>", out, sizeof out, m, Nsub);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *exp, *s, *nul;
	Rune *rs;
	Reprog *p;
	long n;
	int i;

	buf = malloc(size + 2);
	if(buf == nil)
		return 0;
	memcpy(buf, data, size);
	buf[size] = 0;
	buf[size+1] = 0;
	exp = buf;
	nul = memchr(buf, 0, size);
	s = nul != nil ? nul + 1 : buf + size + 1;
	rs = malloc((strlen(s) + 1) * sizeof(Rune));
	if(rs == nil){
		free(buf);
		return 0;
	}
	for(n = 0; *s; n++)
		s += p9chartorune(&rs[n], s);
	rs[n] = 0;
	/* the string again, as the runes re-encoded (invalid UTF-8 becomes U+FFFD) */
	s = malloc(n * UTFmax + 1);
	if(s != nil){
		char *o = s;
		for(i = 0; i < n; i++)
			o += p9runetochar(o, &rs[i]);
		*o = 0;
		for(i = 0; i < 3; i++){
			p = i == 0 ? r9regcomp(exp) : i == 1 ? r9regcompnl(exp) : r9regcomplit(exp);
			if(p != nil){
				check(p, s, rs, n);
				free(p);
			}
		}
		free(s);
	}
	free(rs);
	free(buf);
	return 0;
}
