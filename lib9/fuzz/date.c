/* date.c: fuzz target for lib9's date parsers: TZif zone files, POSIX TZ rules, tmparse, %τ. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include "../dateimpl.h"

/*
 * The first byte picks what the rest is:
 *	0: a TZif file. If it parses, offsets at times across the range are within a day
 *	   and come with a terminated name.
 *	1: a POSIX TZ rule, with the same checks.
 *	2: a tmparse format and a date, split at the first NUL. A date that parses has
 *	   fields in range (unless the format starts with ~), and printing it as
 *	   YYYY-MM-DD hh:mm:ss.nnnnnn +hhmm and parsing that gives the same instant.
 *	3: a %τ format: printing never overruns and always terminates.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(x, why)	do{ if(!(x)) bug(why); }while(0)

static void bug(const char *why) __attribute__((noreturn));

static void
bug(const char *why)
{
	fprintf(stderr, "fuzz-date: invariant broken: %s\n", why);
	abort();
}

static void
checkzone(Tzone *z)
{
	static const vlong when[] = { -5000000000LL, -1, 0, 1, 1000000, 1700000000, 1900000000,
		4102444800LL, 253402300799LL };
	char name[16];
	long off;
	uint i;

	for(i = 0; i < sizeof when / sizeof when[0]; i++){
		memset(name, 'x', sizeof name);
		off = p9_tzoffset(z, when[i], name, sizeof name);
		check(off >= -26 * 3600 && off <= 26 * 3600, "offset beyond a day");
		check(memchr(name, 0, sizeof name) != nil, "zone name not terminated");
	}
}

static void
zonefile(const uchar *p, long n)
{
	Tzone *z;

	z = calloc(1, sizeof *z);
	check(z != nil, "out of memory");
	if(p9_tzparse(z, p, n) == 0)
		checkzone(z);
	p9_tzfree(z);
}

static void
zonerule(const char *s)
{
	Tzone z;

	memset(&z, 0, sizeof z);
	if(p9_tzrule(&z, s) == 0)
		checkzone(&z);
}

static void
parse(const char *fmt, const char *s)
{
	char buf[128], *e;
	vlong abs, again;
	Tm tm, tm2;

	if(p9tmparse(&tm, fmt, s, nil, &e) == nil)
		return;
	check(e >= s && e <= s + strlen(s), "end outside the input");
	if(fmt[0] != '~'){
		check(tm.mon >= 0 && tm.mon <= 11, "month out of range");
		check(tm.mday >= 1 && tm.mday <= 31, "day out of range");
		check(tm.hour >= 0 && tm.hour <= 23, "hour out of range");
		check(tm.nsec >= 0 && tm.nsec < 1000000000, "nanoseconds out of range");
	}
	abs = p9tmnorm(&tm);
	if(tm.year < -1900 + 1 || tm.year > 9999 - 1900)
		return;
	p9snprint(buf, sizeof buf, "%τ", p9tmfmt(&tm, "YYYY-MM-DD hh:mm:ss.nnnnnn Z"));
	check(p9tmparse(&tm2, "YYYY-MM-DD hh:mm:ss.nnnnnn Z", buf, nil, nil) != nil,
		"printed date does not parse");
	again = p9tmnorm(&tm2);
	check(again == abs && tm2.nsec == tm.nsec, "printed date parses to another instant");
}

static void
format(const char *fmt)
{
	char buf[64];
	Tm tm;
	int n;

	p9tmtimens(&tm, 1234567890, 123456789, nil);
	memset(buf, 'x', sizeof buf);
	n = p9snprint(buf, 32, "%τ", p9tmfmt(&tm, fmt));
	check(n < 32, "snprint past its length");
	check(memchr(buf, 0, 32) != nil, "not terminated");
	check(buf[32] == 'x', "wrote past the buffer");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int installed;
	char *s, *t;

	if(!installed){
		setenv("TZ", "UTC0", 1);
		p9tmfmtinstall();
		installed = 1;
	}
	if(size < 1 || size > 65536)
		return 0;
	s = malloc(size + 1);
	check(s != nil, "out of memory");
	memcpy(s, data + 1, size - 1);
	s[size - 1] = 0;
	switch(data[0] % 4){
	case 0:
		zonefile((const uchar*)s, size - 1);
		break;
	case 1:
		zonerule(s);
		break;
	case 2:
		t = s + strlen(s);
		parse(s, t < s + size - 1 ? t + 1 : t);
		break;
	case 3:
		format(s);
		break;
	}
	free(s);
	return 0;
}
