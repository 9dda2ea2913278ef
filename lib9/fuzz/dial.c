/* dial.c: fuzz target for lib9's parsers of untrusted strings: dial strings, fields, names, UTF. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>

/*
 * The input, up to its first NUL, is the string handed to every function; its first byte
 * also picks the small numbers (maxargs, buffer sizes). Checked:
 *	p9dialparse: a known network, a host, a service exactly when not unix; nothing leaks.
 *	p9netmkaddr: the completion the manual describes, truncated to the buffer, terminated.
 *	p9getfields, p9tokenize: no more than maxargs fields, nothing written past them, fields
 *	inside the string; fields hold no delimiter; tokenize of %q of the string gives it back.
 *	p9cleanname: idempotent, never longer (but "." for ""), no "//", "." or trailing "/",
 *	".." only leading and only in relative names, rootedness kept.
 *	UTF: chartorune steps stay inside the string, are at most UTFmax bytes and re-encode
 *	to the same bytes unless they decode a malformed byte; utflen counts the steps;
 *	utfnlen of every prefix agrees with them; fullrune holds for UTFmax bytes.
 *	print: %s copies the bytes; snprint truncates to a terminated prefix; %q is
 *	p9quotestrdup.
 * p9dialparse of a bare name needs the srv directory: $NAMESPACE names one that is never made.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define check(x, why)	do{ if(!(x)) bug(why); }while(0)

enum {
	Maxin = 4096,
	Maxargs = 16,
	Guard = 4,
};

static void bug(const char *why) __attribute__((noreturn));

static void
bug(const char *why)
{
	fprintf(stderr, "fuzz-dial: invariant broken: %s\n", why);
	abort();
}

static char*
sdup(const char *s)
{
	char *p;

	p = strdup(s);
	check(p != nil, "out of memory");
	return p;
}

static void
dialparse(const char *s)
{
	char *net, *host, *service;

	net = host = service = (char*)1;
	if(p9dialparse(s, &net, &host, &service) < 0)
		return;
	check(net != nil && host != nil && host[0] != 0, "dialparse: missing net or host");
	if(strcmp(net, "unix") == 0)
		check(service == nil, "dialparse: unix with a service");
	else{
		check(strcmp(net, "tcp") == 0 || strcmp(net, "tcp4") == 0
			|| strcmp(net, "tcp6") == 0, "dialparse: unknown net");
		check(service != nil && service[0] != 0, "dialparse: tcp without a service");
	}
	free(net);
	free(host);
	free(service);
}

/* p9netmkaddr into a buffer of nbuf bytes against the manual's rule. */
static void
netmkaddr(const char *s, const char *defnet, const char *defsvc, int nbuf)
{
	char buf[600], want[600];
	const char *p;
	size_t n;

	p = strchr(s, '!');
	if(p == nil && defsvc != nil)
		snprintf(want, sizeof want, "%s!%s!%s", defnet != nil ? defnet : "net", s, defsvc);
	else if(p == nil)
		snprintf(want, sizeof want, "%s!%s", defnet != nil ? defnet : "net", s);
	else if(strchr(p + 1, '!') == nil && defsvc != nil)
		snprintf(want, sizeof want, "%s!%s", s, defsvc);
	else
		snprintf(want, sizeof want, "%s", s);
	memset(buf, 'X', sizeof buf);
	check(p9netmkaddr(s, defnet, defsvc, buf, nbuf) == buf, "netmkaddr: not buf");
	n = strnlen(buf, nbuf);
	check(n < (size_t)nbuf, "netmkaddr: not terminated inside the buffer");
	check(buf[nbuf] == 'X', "netmkaddr: wrote past the buffer");
	check(strncmp(buf, want, n) == 0, "netmkaddr: not the completion");
	if(strlen(want) < (size_t)nbuf)
		check(strcmp(buf, want) == 0, "netmkaddr: completion cut short");
}

/* n fields in args, all inside [s, s+len]; the guard slots after maxargs untouched. */
static void
fields(char **args, int n, int maxargs, const char *s, size_t len)
{
	int i;

	check(n >= 0 && n <= maxargs, "more fields than maxargs");
	for(i = 0; i < n; i++)
		check(args[i] >= s && args[i] <= s + len, "field outside the string");
	for(i = maxargs; i < maxargs + Guard; i++)
		check(args[i] == (char*)-1, "wrote past maxargs");
}

static int
hasdelim(const char *f, const char *delims)
{
	Rune r;
	int w;

	for(; *f != 0; f += w){
		w = p9chartorune(&r, f);
		if(p9utfrune(delims, r) != nil)
			return 1;
	}
	return 0;
}

static void
getfields(const char *s, int maxargs, int multi, const char *delims)
{
	char *args[Maxargs + Guard], *t;
	size_t len;
	int i, n;

	t = sdup(s);
	len = strlen(t);
	for(i = 0; i < Maxargs + Guard; i++)
		args[i] = (char*)-1;
	n = p9getfields(t, args, maxargs, multi, delims);
	fields(args, n, maxargs, t, len);
	for(i = 0; i < n; i++){
		if(i < n - 1)
			check(!hasdelim(args[i], delims), "getfields: delimiter inside a field");
		if(multi)
			check(args[i][0] != 0, "getfields: empty field with multiflag");
	}
	if(n < maxargs)
		for(i = 0; i < n; i++)
			check(!hasdelim(args[i], delims), "getfields: delimiter inside a field");
	free(t);
}

static void
tokenize(const char *s, int maxargs)
{
	char *args[Maxargs + Guard], *t, *q, *q2;
	size_t len;
	int i, n;

	t = sdup(s);
	len = strlen(t);
	for(i = 0; i < Maxargs + Guard; i++)
		args[i] = (char*)-1;
	n = p9tokenize(t, args, maxargs);
	fields(args, n, maxargs, t, len);
	free(t);

	/* a quoted word is one token, the word itself */
	q = p9smprint("%q", s);
	check(q != nil, "smprint %q failed");
	q2 = p9quotestrdup(s);
	check(q2 != nil && strcmp(q, q2) == 0, "%q and quotestrdup differ");
	free(q2);
	len = strlen(q);
	for(i = 0; i < Maxargs + Guard; i++)
		args[i] = (char*)-1;
	n = p9tokenize(q, args, maxargs);
	fields(args, n, maxargs, q, len);
	check(n == 1, "tokenize of %q is not one word");
	check(strcmp(args[0], s) == 0, "tokenize of %q is not the word");
	free(q);
}

static void
cleanname(const char *s)
{
	char *a, *b, *p;
	size_t len;

	len = strlen(s);
	a = malloc(len + 2);
	check(a != nil, "out of memory");
	memcpy(a, s, len + 1);
	check(p9cleanname(a) == a, "cleanname: not its argument");
	check(strlen(a) <= (len > 0 ? len : 1), "cleanname: longer than its input");
	check(a[0] != 0, "cleanname: empty");
	check((a[0] == '/') == (s[0] == '/'), "cleanname: rootedness changed");
	check(strstr(a, "//") == nil, "cleanname: double slash");
	check(strcmp(a, "/") == 0 || a[strlen(a)-1] != '/', "cleanname: trailing slash");
	check(strcmp(a, ".") == 0 || (strncmp(a, "./", 2) != 0 && strstr(a, "/./") == nil
		&& (strlen(a) < 2 || strcmp(a + strlen(a) - 2, "/.") != 0)), "cleanname: . left");
	/* .. only as leading elements of a relative name */
	p = a;
	if(a[0] != '/')
		while(strncmp(p, "..", 2) == 0 && (p[2] == '/' || p[2] == 0))
			p += p[2] == '/' ? 3 : 2;
	check(strncmp(p, "../", 3) != 0 && strcmp(p, "..") != 0 && strstr(p, "/../") == nil
		&& (strlen(p) < 3 || strcmp(p + strlen(p) - 3, "/..") != 0),
		"cleanname: .. left inside");
	b = sdup(a);
	check(strcmp(p9cleanname(b), a) == 0, "cleanname: not idempotent");
	free(b);
	free(a);
}

/* UTF of the first len bytes of s (no NUL among them), in an exact-size copy. */
static void
utf(const char *s, size_t len)
{
	char enc[UTFmax], *z, *t;
	long nsteps, *ends, m, k, lo, hi, i;
	Rune r;
	size_t off;
	int w;

	z = malloc(len + 1);		/* NUL-terminated, for chartorune */
	t = malloc(len > 0 ? len : 1);	/* not terminated, for utfnlen */
	ends = malloc((len + 1) * sizeof ends[0]);
	check(z != nil && t != nil && ends != nil, "out of memory");
	memcpy(z, s, len);
	z[len] = 0;
	memcpy(t, s, len);
	nsteps = 0;
	for(off = 0; off < len; off += w){
		w = p9chartorune(&r, z + off);
		check(w >= 1 && w <= UTFmax && off + w <= len, "chartorune: bad width");
		check(r <= Runemax, "chartorune: rune past Runemax");
		if(w > 1 || r < Runeself)
			check(p9runelen(r) == w, "runelen disagrees with chartorune");
		if(r != Runeerror || w == 3){
			check(p9runetochar(enc, &r) == w && memcmp(enc, z + off, w) == 0,
				"runetochar does not give back the bytes");
		}else
			check(w == 1, "malformed sequence decoded as more than one byte");
		if(len - off >= UTFmax)
			check(p9fullrune(z + off, len - off), "fullrune false for UTFmax bytes");
		ends[nsteps++] = off + w;
	}
	check(p9utflen(z) == nsteps, "utflen is not the number of runes");
	/* utfnlen(m) counts every rune ending by m-UTFmax+1 and none ending after m */
	for(m = 0; m <= (long)len; m += len > 128 ? 37 : 1){
		k = p9utfnlen(t, m);
		for(lo = 0; lo < nsteps && ends[lo] <= m - (UTFmax - 1); lo++)
			;
		for(hi = lo; hi < nsteps && ends[hi] <= m; hi++)
			;
		check(k >= lo && k <= hi, "utfnlen disagrees with chartorune");
	}
	check(p9utfnlen(z, len + 1) == nsteps, "utfnlen of the terminated string is not utflen");
	for(i = 0; i < nsteps; i++)
		check(ends[i] > (i > 0 ? ends[i-1] : 0), "chartorune did not advance");
	free(ends);
	free(t);
	free(z);
}

static void
print(const char *s, int nbuf)
{
	char buf[128], *p;
	int n;
	size_t len;

	len = strlen(s);
	p = p9smprint("%s", s);
	check(p != nil && strcmp(p, s) == 0, "smprint %s changed the bytes");
	free(p);
	memset(buf, 'X', sizeof buf);
	n = p9snprint(buf, nbuf, "%s", s);
	check(n >= 0 && n < nbuf && (size_t)n == strlen(buf), "snprint: bad count");
	check(buf[nbuf] == 'X', "snprint: wrote past the buffer");
	check(strncmp(buf, s, n) == 0, "snprint: not a prefix");
	if(len < (size_t)nbuf)
		check(strcmp(buf, s) == 0, "snprint: cut short");
	n = p9snprint(buf, nbuf, "%q", s);
	check(n >= 0 && n < nbuf && buf[nbuf] == 'X', "snprint %q: overflow");
	n = p9snprint(buf, sizeof buf - 1, "%-20.5s|%5.2s|%*s", s, s, -(int)(nbuf % 9), s);
	check(n >= 0 && n < (int)sizeof buf - 1, "snprint: bad count with width");
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* with $NAMESPACE set, p9srvdir only names the directory: nothing is created */
	setenv("NAMESPACE", "/nonexistent/fuzz-dial", 1);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	int k, maxargs;
	size_t len;

	if(size > Maxin)
		return 0;
	s = malloc(size + 1);
	check(s != nil, "out of memory");
	memcpy(s, data, size);
	s[size] = 0;
	len = strlen(s);
	k = size > 0 ? data[0] : 0;
	maxargs = 1 + k % Maxargs;

	dialparse(s);
	netmkaddr(s, nil, nil, 1 + k % 64);
	netmkaddr(s, "tcp", "9fs", 1 + k % 97);
	netmkaddr(s, "unix", nil, 512);
	getfields(s, maxargs, k & 1, " \t");
	getfields(s, maxargs, !(k & 1), "!/\xc2\xb7\xef\xbf\xbd");
	tokenize(s, maxargs);
	cleanname(s);
	utf(s, len);
	print(s, 1 + k % 100);
	free(s);
	return 0;
}
