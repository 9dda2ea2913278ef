/* utf.c: UTF-8 encoding and decoding and the utf* string functions of Plan 9's rune(2). */
#include <string.h>
#include <planten/lib9.h>

/*
 * Decode one rune. Malformed input (a stray continuation byte, an overlong form,
 * a surrogate, a value past Runemax or a truncated sequence) yields Runeerror and
 * consumes one byte, as Plan 9 does.
 */
int
p9chartorune(Rune *rune, const char *str)
{
	const uchar *s;
	Rune r;
	int c;

	s = (const uchar*)str;
	c = s[0];
	if(c < 0x80){
		*rune = c;
		return 1;
	}
	if(c < 0xC2)
		goto bad;
	if(c < 0xE0){
		if((s[1] & 0xC0) != 0x80)
			goto bad;
		*rune = ((c & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if(c < 0xF0){
		if((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
			goto bad;
		r = ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		if(r < 0x800 || (r >= 0xD800 && r <= 0xDFFF))
			goto bad;
		*rune = r;
		return 3;
	}
	if(c < 0xF5){
		if((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
			goto bad;
		r = ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) |
			(s[3] & 0x3F);
		if(r < 0x10000 || r > Runemax)
			goto bad;
		*rune = r;
		return 4;
	}
bad:
	*rune = Runeerror;
	return 1;
}

int
p9runetochar(char *str, const Rune *rune)
{
	uchar *s;
	Rune r;

	s = (uchar*)str;
	r = *rune;
	if(r < 0x80){
		s[0] = r;
		return 1;
	}
	if(r < 0x800){
		s[0] = 0xC0 | (r >> 6);
		s[1] = 0x80 | (r & 0x3F);
		return 2;
	}
	if(r > Runemax || (r >= 0xD800 && r <= 0xDFFF))
		r = Runeerror;
	if(r < 0x10000){
		s[0] = 0xE0 | (r >> 12);
		s[1] = 0x80 | ((r >> 6) & 0x3F);
		s[2] = 0x80 | (r & 0x3F);
		return 3;
	}
	s[0] = 0xF0 | (r >> 18);
	s[1] = 0x80 | ((r >> 12) & 0x3F);
	s[2] = 0x80 | ((r >> 6) & 0x3F);
	s[3] = 0x80 | (r & 0x3F);
	return 4;
}

int
p9runelen(long r)
{
	char buf[UTFmax];
	Rune rr;

	rr = r;
	return p9runetochar(buf, &rr);
}

int
p9runenlen(const Rune *r, int n)
{
	int i, nb;

	nb = 0;
	for(i = 0; i < n; i++)
		nb += p9runelen(r[i]);
	return nb;
}

/* Are the n bytes at s enough to decode a rune (well-formed or not)? */
int
p9fullrune(const char *str, int n)
{
	const uchar *s;
	int c, need, i;

	if(n <= 0)
		return 0;
	s = (const uchar*)str;
	c = s[0];
	if(c < 0xC2 || c >= 0xF5)
		need = 1;
	else if(c < 0xE0)
		need = 2;
	else if(c < 0xF0)
		need = 3;
	else
		need = 4;
	if(n >= need)
		return 1;
	/* a sequence that is already malformed decodes (to Runeerror) now */
	for(i = 1; i < n; i++)
		if((s[i] & 0xC0) != 0x80)
			return 1;
	return 0;
}

long
p9utflen(const char *s)
{
	long n;
	Rune r;

	for(n = 0; *s; n++){
		if((uchar)*s < Runeself)
			s++;
		else
			s += p9chartorune(&r, s);
	}
	return n;
}

long
p9utfnlen(const char *s, long m)
{
	const char *e;
	long n;
	Rune r;

	e = s + m;
	for(n = 0; s < e && *s; n++){
		if((uchar)*s < Runeself)
			s++;
		else if(!p9fullrune(s, e - s))
			break;
		else
			s += p9chartorune(&r, s);
	}
	return n;
}

char*
p9utfrune(const char *s, Rune c)
{
	Rune r;
	int n;

	if(c < Runeself)
		return strchr(s, c);
	for(; *s; s += n){
		n = p9chartorune(&r, s);
		if(r == c)
			return (char*)s;
	}
	return nil;
}

char*
p9utfrrune(const char *s, Rune c)
{
	const char *last;
	Rune r;
	int n;

	if(c < Runeself)
		return strrchr(s, c);
	last = nil;
	for(; *s; s += n){
		n = p9chartorune(&r, s);
		if(r == c)
			last = s;
	}
	return (char*)last;
}

char*
p9utfutf(const char *s, const char *t)
{
	return strstr(s, t);
}

/* Copy from into to, stopping before e and never leaving a partial rune; return the NUL. */
char*
p9utfecpy(char *to, char *e, const char *from)
{
	size_t len, k, i;

	if(to >= e)
		return to;
	len = strnlen(from, e - to);
	if(len < (size_t)(e - to)){
		memcpy(to, from, len + 1);
		return to + len;
	}
	/* from[k] is the first byte that does not fit: cut before the rune it belongs to */
	k = e - to - 1;
	for(i = 0; i < UTFmax - 1 && k > 0 && ((uchar)from[k] & 0xC0) == 0x80; i++)
		k--;
	if(((uchar)from[k] & 0xC0) == 0x80)
		k = e - to - 1;
	memcpy(to, from, k);
	to[k] = 0;
	return to + k;
}

long
p9runestrlen(const Rune *s)
{
	long n;

	for(n = 0; s[n]; n++)
		;
	return n;
}

char*
p9strecpy(char *to, char *e, const char *from)
{
	char *end;

	if(to >= e)
		return to;
	end = memccpy(to, from, 0, e - to);
	if(end == nil){
		e[-1] = 0;
		return e - 1;
	}
	return end - 1;
}
