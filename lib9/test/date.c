/* date.c: cmocka tests for lib9's dates: Tm, time zones (TZif and POSIX rules), tmfmt, tmparse. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>

static char zonefile[64];

static void
put32(uchar **p, long v)
{
	(*p)[0] = v >> 24;
	(*p)[1] = v >> 16;
	(*p)[2] = v >> 8;
	(*p)[3] = v;
	*p += 4;
}

static void
put64(uchar **p, vlong v)
{
	put32(p, (long)(v >> 32));
	put32(p, (long)v);
}

static void
header(uchar **p, long ntime, long ntype, long nchar)
{
	memcpy(*p, "TZif2", 5);
	memset(*p + 5, 0, 15);
	*p += 20;
	put32(p, 0);	/* isut */
	put32(p, 0);	/* isstd */
	put32(p, 0);	/* leap */
	put32(p, ntime);
	put32(p, ntype);
	put32(p, nchar);
}

/*
 * A zone of our own: AAA (+1h) before time 0 and from 1000000 on, BBB (+2h, daylight)
 * between; after that the rule AAA-1BBB,M3.5.0,M10.5.0/3, Europe's.
 */
static int
setup(void **state)
{
	uchar buf[512], *p;
	const char *rule = "\nAAA-1BBB,M3.5.0,M10.5.0/3\n";
	int fd;

	p = buf;
	header(&p, 0, 1, 4);
	put32(&p, 0);
	*p++ = 0;
	*p++ = 0;
	memcpy(p, "UTC", 4);
	p += 4;
	header(&p, 2, 2, 8);
	put64(&p, 0);
	put64(&p, 1000000);
	*p++ = 1;
	*p++ = 0;
	put32(&p, 3600);
	*p++ = 0;
	*p++ = 0;
	put32(&p, 7200);
	*p++ = 1;
	*p++ = 4;
	memcpy(p, "AAA\0BBB\0", 8);
	p += 8;
	memcpy(p, rule, strlen(rule));
	p += strlen(rule);
	strcpy(zonefile, "/tmp/lib9zoneXXXXXX");
	fd = mkstemp(zonefile);
	if(fd < 0 || write(fd, buf, p - buf) != p - buf)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	return unlink(zonefile);
}

static char*
fmt(Tm *tm, const char *f)
{
	static char buf[128];

	p9snprint(buf, sizeof buf, "%τ", p9tmfmt(tm, f));
	return buf;
}

static void
test_tmtime(void **state)
{
	Tm tm;

	p9tmfmtinstall();
	p9tmtime(&tm, 0, nil);
	assert_string_equal(fmt(&tm, nil), "Thu Jan  1 00:00:00 GMT 1970");
	assert_int_equal(tm.year, 70);
	assert_int_equal(tm.wday, 4);
	assert_int_equal(tm.yday, 0);
	p9tmtime(&tm, -1, nil);
	assert_string_equal(fmt(&tm, "YYYY-MM-DD hh:mm:ss W"), "1969-12-31 23:59:59 4");
	assert_int_equal(tm.yday, 364);
	p9tmtime(&tm, 13574563200LL, nil);	/* a leap day four centuries on */
	assert_string_equal(fmt(&tm, "WWW MMMM D YYYY"), "Tuesday February 29 2400");
	p9tmtime(&tm, -2208988800LL, nil);
	assert_string_equal(fmt(&tm, "YYYY-MM-DD"), "1900-01-01");
	p9tmtimens(&tm, 1234567890, 1500000000, nil);	/* ns past a second carry over */
	assert_string_equal(fmt(&tm, "hh:mm:ss.ttt uuu nnnnnn"), "23:31:31.500 500000 500000000");
}

static void
test_format(void **state)
{
	Tm tm;

	p9tmtimens(&tm, 1234567890, 1234567, nil);
	assert_string_equal(fmt(&tm, "YY M MM MMM D DD W WW"), "09 2 02 Feb 13 13 6 Fri");
	assert_string_equal(fmt(&tm, "h hh H HH m s a A"), "23 23 11 11 31 30 pm PM");
	assert_string_equal(fmt(&tm, "t tt u uu uuu uuuu n nn nnn nnnn nnnnn nnnnnn"),
		"1 001 234 234 1234 001234 567 567 234567 234567 1234567 001234567");
	assert_string_equal(fmt(&tm, "Z ZZ ZZZ"), "+0000 +00:00 GMT");
	assert_string_equal(fmt(&tm, "[YYYY literal \\]] Do"), "YYYY literal ] 13th");
	assert_string_equal(fmt(&tm, "__D|____MMM|___hh"), " 13|    Feb|   23");
	tm.mday = 1;
	assert_string_equal(fmt(&tm, "Do"), "1st");
	tm.mday = 22;
	assert_string_equal(fmt(&tm, "Do"), "22nd");
	tm.mday = 11;
	assert_string_equal(fmt(&tm, "Do"), "11th");
	/* a bad format prints nothing more and fails */
	assert_true(p9snprint((char[64]){0}, 64, "%τ", p9tmfmt(&tm, "YYY")) < 0 ||
		strcmp(fmt(&tm, "YYY"), "") == 0);
	assert_string_equal(fmt(nil, "YYYY"), "<nil>");
}

static vlong
parse(const char *f, const char *s, Tzone *tz, Tm *tm)
{
	char *e;

	if(p9tmparse(tm, f, s, tz, &e) == nil)
		return -1;
	return p9tmnorm(tm);
}

static void
test_parse(void **state)
{
	char buf[ERRMAX], *e;
	Tm tm;

	assert_int_equal(parse("YYYY-MM-DD hh:mm:ss", "2009-02-13 23:31:30", nil, &tm),
		1234567890);
	assert_int_equal(parse("YYYY-MM-DD hh:mm:ss Z", "2009-02-13 23:31:30 +0100", nil, &tm),
		1234564290);
	assert_int_equal(tm.tzoff, 3600);		/* the zone it named */
	assert_int_equal(parse("YYYY-MM-DD hh:mm:ss ZZ", "2009-02-13 23:31:30 -01:30", nil, &tm),
		1234567890 + 5400);
	/* RFC 5322 and ctime forms, names any case, a leading blank */
	assert_int_equal(parse("?WWW, ?DD ?MMM ?YYYY hh:mm:ss ?Z",
		"fri, 13 FEB 2009 23:31:30 +0000", nil, &tm), 1234567890);
	assert_int_equal(parse("?WWW ?MMM ?DD hh:mm:ss ?Z YYYY", "  Tue Dec 10 12:36:00 PST 2019",
		nil, &tm), 1576010160);
	assert_string_equal(tm.zone, "PST");
	assert_int_equal(parse("?WWW ?MMM ?DD hh:mm:ss ?Z YYYY", "Tue Dec 10 12:36:00 XYZ 2019",
		nil, &tm), 1575981360);		/* an unknown zone is GMT */
	assert_int_equal(parse("WW MMM _D hh:mm:ss ZZZ YYYY", "Thu Jan  1 00:00:00 GMT 1970",
		nil, &tm), 0);
	/* two-digit years, am and pm, fractions */
	assert_int_equal(parse("YY-MM-DD", "09-02-13", nil, &tm), 1234483200);
	assert_int_equal(parse("YY-MM-DD", "70-01-01", nil, &tm), 0);
	assert_int_equal(parse("YYYY-MM-DD hh:mm a", "1970-01-01 12:30 am", nil, &tm), 1800);
	assert_int_equal(parse("YYYY-MM-DD hh:mm A", "1970-01-01 12:30 PM", nil, &tm), 45000);
	assert_int_equal(parse("YYYY-MM-DD hh:mm:ss.ttt", "1970-01-01 00:00:01.250", nil, &tm), 1);
	assert_int_equal(tm.nsec, 250000000);
	/* where parsing stopped */
	assert_non_null(p9tmparse(&tm, "YYYY", "1999 and more", nil, &e));
	assert_string_equal(e, " and more");

	/* out of range, unless ~ asks to normalize */
	assert_int_equal(parse("YYYY-MM-DD", "2009-13-01", nil, &tm), -1);
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "invalid date '2009-13-01'");
	assert_int_equal(parse("YYYY-MM-DD", "2009-02-29", nil, &tm), -1);
	assert_int_equal(parse("~YYYY-MM-DD", "2009-12-32", nil, &tm), 1262304000);
	assert_string_equal(fmt(&tm, "YYYY-MM-DD"), "2010-01-01");
	assert_int_equal(parse("hh:mm a", "13:00 pm", nil, &tm), -1);
	/* mismatches and cut-off input */
	assert_int_equal(parse("YYYY-MM-DD", "2009/02/13", nil, &tm), -1);
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "invalid - component in '2009/02/13'");
	assert_int_equal(parse("YYYY-MM-DD hh", "2009-02-13", nil, &tm), -1);
	assert_int_equal(parse("MMM", "Febr", nil, &tm), -1);
	assert_int_equal(parse("[at ]hh", "at 10", nil, &tm), 36000);
	assert_int_equal(parse("[at ]hh", "in 10", nil, &tm), -1);
	assert_int_equal(parse("YYYY [unterminated", "2009", nil, &tm), -1);
	assert_int_equal(parse("Z", "+9999", nil, &tm), -1);
	assert_int_equal(parse("", "", nil, &tm), 0);
}

static void
test_norm(void **state)
{
	Tm tm;

	p9tmtime(&tm, 0, nil);
	tm.mon = 11;
	tm.mday = 32;
	tm.year = 99;
	assert_int_equal(p9tmnorm(&tm), 946684800);	/* 2000-01-01 */
	assert_int_equal(tm.mon, 0);
	assert_int_equal(tm.year, 100);
	tm.mon = -1;
	tm.sec = -1;
	p9tmnorm(&tm);
	assert_string_equal(fmt(&tm, "YYYY-MM-DD hh:mm:ss"), "1999-11-30 23:59:59");
	tm.nsec = -1;
	p9tmnorm(&tm);
	assert_string_equal(fmt(&tm, "hh:mm:ss nnnnnn"), "23:59:58 999999999");
}

static void
test_zones(void **state)
{
	Tzone *z, *fixed;
	Tm tm;

	z = p9tzload(zonefile);
	assert_non_null(z);
	assert_ptr_equal(p9tzload(zonefile), z);	/* loaded once */
	p9tmtime(&tm, -10, z);
	assert_string_equal(tm.zone, "AAA");		/* before the first transition */
	assert_int_equal(tm.tzoff, 3600);
	p9tmtime(&tm, 10, z);
	assert_string_equal(tm.zone, "BBB");
	assert_int_equal(tm.tzoff, 7200);
	p9tmtime(&tm, 1000000, z);
	assert_string_equal(tm.zone, "AAA");
	/* past the transitions: the rule */
	p9tmtime(&tm, 1909137600, z);
	assert_string_equal(fmt(&tm, "YYYY-MM-DD hh:mm ZZZ Z"), "2030-07-01 14:00 BBB +0200");
	p9tmtime(&tm, 1901149199, z);
	assert_string_equal(tm.zone, "AAA");
	p9tmtime(&tm, 1901149200, z);
	assert_string_equal(fmt(&tm, "hh:mm ZZZ"), "03:00 BBB");
	p9tmtime(&tm, 1919293199, z);
	assert_string_equal(fmt(&tm, "hh:mm:ss ZZZ"), "02:59:59 BBB");
	p9tmtime(&tm, 1919293200, z);
	assert_string_equal(fmt(&tm, "hh:mm ZZZ"), "02:00 AAA");
	/* parsing a local time in the zone */
	assert_non_null(p9tmparse(&tm, "YYYY-MM-DD hh:mm", "2030-07-01 14:00", z, nil));
	assert_int_equal(p9tmnorm(&tm), 1909137600);

	/* fixed zones */
	fixed = p9tzload("+0530");
	assert_non_null(fixed);
	p9tmtime(&tm, 0, fixed);
	assert_string_equal(fmt(&tm, "hh:mm Z"), "05:30 +0530");
	fixed = p9tzload("-08:00");
	p9tmtime(&tm, 0, fixed);
	assert_string_equal(fmt(&tm, "D hh:mm"), "31 16:00");
	assert_non_null(p9tzload("UTC"));
	assert_null(p9tzload("No/Such_Zone"));
	assert_null(p9tzload("../../etc/passwd"));
	assert_null(p9tzload("/etc/passwd"));		/* not a zone file */
	assert_null(p9tzload("+99:00"));
}

static void
test_systemzones(void **state)
{
	Tzone *z;
	Tm tm;

	if(access("/usr/share/zoneinfo/America/Los_Angeles", R_OK) != 0){
		skip();
		return;
	}
	z = p9tzload("US_Pacific");		/* Plan 9's name for US/Pacific */
	assert_non_null(z);
	p9tmtime(&tm, 1576010160, z);
	assert_string_equal(fmt(&tm, "hh:mm ZZZ Z"), "12:36 PST -0800");
	p9tmtime(&tm, 1909137600, z);
	assert_string_equal(fmt(&tm, "hh:mm ZZZ"), "05:00 PDT");
	z = p9tzload("Europe/Berlin");
	assert_non_null(z);
	p9tmtime(&tm, 1909137600, z);
	assert_string_equal(fmt(&tm, "hh:mm ZZZ"), "14:00 CEST");
}

static void
test_old(void **state)
{
	Tm *tm, t;
	char *s;

	tm = p9gmtime(1234567890);
	assert_int_equal(tm->hour, 23);
	assert_string_equal(p9asctime(tm), "Fri Feb 13 23:31:30 GMT 2009\n");
	tm = p9localtime(1234567890);
	assert_int_equal(tm->hour, 18);
	assert_string_equal(tm->zone, "EST");
	s = p9ctime(1234567890);
	assert_string_equal(s, "Fri Feb 13 18:31:30 EST 2009\n");
	t = *p9localtime(1246000000);
	assert_string_equal(t.zone, "EDT");
	assert_int_equal(p9tm2sec(&t), 1246000000);
	assert_int_equal(p9tm2sec(p9gmtime(1246000000)), 1246000000);
}

/* Any vlong is a time: the fields saturate at the years an int holds, with no overflow. */
static void
test_extremes(void **state)
{
	static const vlong when[] = { LLONG_MAX, LLONG_MIN, LLONG_MAX / 2, LLONG_MIN / 2,
		-67768040609740800LL, 67767976233316800LL };
	Tzone *zones[3];
	char buf[128];
	uint i, j;
	Tm tm;

	zones[0] = nil;
	zones[1] = p9tzload("local");	/* a rule: daylight time at any year */
	zones[2] = p9tzload("+1400");
	assert_non_null(zones[1]);
	assert_non_null(zones[2]);
	for(i = 0; i < sizeof when / sizeof when[0]; i++)
		for(j = 0; j < 3; j++){
			p9tmtimens(&tm, when[i], 1999999999, zones[j]);
			assert_true(tm.mon >= 0 && tm.mon <= 11 && tm.mday >= 1 && tm.mday <= 31);
			assert_true(when[i] > 0 ? tm.year > 1000000 : tm.year < -1000000);
			p9snprint(buf, sizeof buf, "%τ", p9tmfmt(&tm, "YYYY YY MMM MM DD W WW hh"));
			p9tmnorm(&tm);
		}
	/* fields at their limits, in a Tm filled by hand */
	memset(&tm, 0, sizeof tm);
	tm.year = tm.mon = tm.mday = tm.wday = INT_MAX;
	tm.hour = tm.min = tm.sec = tm.nsec = INT_MAX;
	p9snprint(buf, sizeof buf, "%τ", p9tmfmt(&tm, "YYYY YY M D W hh HH mm ss"));
	assert_true(p9tmnorm(&tm) > 0);
	memset(&tm, 0, sizeof tm);
	tm.year = tm.mon = tm.mday = tm.wday = INT_MIN;
	tm.hour = tm.min = tm.sec = tm.nsec = INT_MIN;
	p9snprint(buf, sizeof buf, "%τ", p9tmfmt(&tm, "YYYY YY M D W hh HH mm ss"));
	assert_true(p9tmnorm(&tm) < 0);
	/* fractions of a second add up; past an int they are an error, not an overflow */
	assert_null(p9tmparse(&tm, "~t t t", "999 999 999", nil, nil));
	assert_non_null(p9tmparse(&tm, "~t t", "999 999", nil, nil));
	assert_int_equal(tm.sec, 1);
	assert_int_equal(tm.nsec, 998000000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tmtime),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_norm),
		cmocka_unit_test_setup_teardown(test_zones, setup, teardown),
		cmocka_unit_test(test_systemzones),
		cmocka_unit_test(test_old),
		cmocka_unit_test(test_extremes),
	};

	/* the local zone is loaded once: make it a rule (no file needed) before anything */
	setenv("TZ", "EST5EDT,M3.2.0,M11.1.0", 1);
	return cmocka_run_group_tests(tests, nil, nil);
}
