/* util.c: the string fields of the auth messages, and wiping secrets. */
#include <string.h>
#include <openssl/crypto.h>
#include "authimpl.h"

int
_authputstr(uchar **pp, const char *s, int n, const char *what)
{
	size_t l;

	l = strnlen(s, n);
	if(l == (size_t)n){
		p9werrstr("%s too long", what);
		return -1;
	}
	memmove(*pp, s, l);
	memset(*pp + l, 0, n - l);
	*pp += n;
	return 0;
}

void
_authgetstr(const uchar **pp, char *s, int n)
{
	size_t l;

	l = strnlen((const char*)*pp, n-1);
	memmove(s, *pp, l);
	memset(s + l, 0, n - l);
	*pp += n;
}

void
_authwipe(void *p, size_t n)
{
	OPENSSL_cleanse(p, n);
}
