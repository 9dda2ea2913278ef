/* runestr.c: cmocka tests for Rune strings, case-blind compares, rune printing, small helpers. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <planten/lib9.h>

static Rune*
R(const char *s)
{
	static Rune buf[4][64];
	static int i;

	i = (i + 1) % 4;
	p9runesnprint(buf[i], 64, "%s", s);
	return buf[i];
}

static void
test_runestr(void **state)
{
	Rune a[32], *d;

	assert_int_equal(p9runestrlen(R("h\xc3\xa9llo")), 5);
	p9runestrcpy(a, R("abc"));
	p9runestrcat(a, R("\xe2\x98\xba"));
	assert_int_equal(p9runestrcmp(a, R("abc\xe2\x98\xba")), 0);
	assert_true(p9runestrcmp(R("abc"), R("abd")) < 0);
	assert_true(p9runestrcmp(R("abd"), R("abc")) > 0);
	assert_true(p9runestrcmp(R("ab"), R("abc")) < 0);
	assert_int_equal(p9runestrncmp(R("abcx"), R("abcy"), 3), 0);
	assert_true(p9runestrncmp(R("abcx"), R("abcy"), 4) < 0);
	p9runestrncat(a, R("defgh"), 2);
	assert_int_equal(p9runestrcmp(a, R("abc\xe2\x98\xba" "de")), 0);
	assert_ptr_equal(p9runestrchr(a, 0x263A), a + 3);
	assert_ptr_equal(p9runestrchr(a, 0), a + 6);
	assert_null(p9runestrchr(a, 'z'));
	p9runestrcpy(a, R("xyxy"));
	assert_ptr_equal(p9runestrrchr(a, 'y'), a + 3);
	assert_ptr_equal(p9runestrstr(a, R("yx")), a + 1);
	assert_ptr_equal(p9runestrstr(a, R("")), a);
	assert_null(p9runestrstr(a, R("yy")));
	p9runestrncpy(a, R("ab"), 5);
	assert_int_equal(a[1], 'b');
	assert_int_equal(a[4], 0);
	/* runestrecpy stops before e, always terminated */
	assert_ptr_equal(p9runestrecpy(a, a + 3, R("abcdef")), a + 2);
	assert_int_equal(p9runestrcmp(a, R("ab")), 0);
	assert_ptr_equal(p9runestrecpy(a, a, R("x")), a);
	d = p9runestrdup(R("dup\xe2\x98\xba"));
	assert_int_equal(p9runestrlen(d), 4);
	free(d);
}

static void
test_cistr(void **state)
{
	assert_int_equal(p9cistrcmp("ABC", "abc"), 0);
	assert_true(p9cistrcmp("abc", "ABD") < 0);
	assert_true(p9cistrcmp("abcd", "ABC") > 0);
	assert_int_equal(p9cistrncmp("ABCx", "abcY", 3), 0);
	assert_true(p9cistrncmp("ABCx", "abcY", 4) < 0);
	assert_int_equal(p9cistrncmp("x", "y", 0), 0);
	assert_string_equal(p9cistrstr("Hello World", "WORLD"), "World");
	assert_string_equal(p9cistrstr("abc", ""), "abc");
	assert_null(p9cistrstr("abc", "abcd"));
	/* only ASCII folds */
	assert_true(p9cistrcmp("\xc3\x89", "\xc3\xa9") != 0);
}

static void
test_runeprint(void **state)
{
	Rune buf[8], *r, *e;
	char *s;

	assert_int_equal(p9runesnprint(buf, 8, "%d-%s", 42, "\xe2\x98\xba"), 4);
	assert_int_equal(buf[3], 0x263A);
	assert_int_equal(buf[4], 0);
	/* cut at len-1 runes */
	assert_int_equal(p9runesnprint(buf, 4, "%s", "abcdef"), 3);
	assert_int_equal(buf[3], 0);
	assert_int_equal(p9runesnprint(buf, 0, "%s", "abc"), 0);
	e = p9runeseprint(buf, buf + 8, "ab");
	assert_ptr_equal(e, buf + 2);
	e = p9runeseprint(e, buf + 8, "%S", R("cd"));
	assert_ptr_equal(e, buf + 4);
	assert_ptr_equal(p9runeseprint(buf + 8, buf + 8, "x"), buf + 8);
	r = p9runesmprint("%s %C", "\xe2\x98\xba", (Rune)0x1F600);
	assert_int_equal(p9runestrlen(r), 3);
	assert_int_equal(r[2], 0x1F600);
	s = p9smprint("%S", r);
	assert_string_equal(s, "\xe2\x98\xba \xf0\x9f\x98\x80");
	free(s);
	free(r);
	assert_int_equal(p9runesprint(buf, "%d", 7), 1);
}

static int
starverb(Fmt *f)
{
	int n;

	n = va_arg(f->args, int);
	while(n-- > 0)
		if(p9fmtrune(f, 0x2605) < 0)
			return -1;
	return 0;
}

static void
test_verbs(void **state)
{
	char buf[64], *s;
	Dir d;

	p9fmtinstall('T', starverb);
	p9snprint(buf, sizeof buf, "[%T]", 3);
	assert_string_equal(buf, "[\xe2\x98\x85\xe2\x98\x85\xe2\x98\x85]");
	p9fmtinstall('q', p9quotestrfmt);	/* installing the built-in again is harmless */
	p9quotefmtinstall();
	p9snprint(buf, sizeof buf, "%q", "a b");
	assert_string_equal(buf, "'a b'");
	p9fmtinstall('m', p9dirmodefmt);
	p9snprint(buf, sizeof buf, "%m", DMDIR|0755);
	assert_string_equal(buf, "d-rwxr-xr-x");
	p9nulldir(&d);
	d.name = "n";
	p9fmtinstall('e', p9dirfmt);
	p9snprint(buf, sizeof buf, "%.6e", &d);
	assert_true(strncmp(buf, "'n' ''", 6) == 0);
	s = p9unquotestrdup("'a b' 'it''s' plain");
	assert_string_equal(s, "a b it's plain");
	free(s);
	s = p9unquotestrdup("'unterminated");
	assert_string_equal(s, "unterminated");
	free(s);
}

static void
test_numbers(void **state)
{
	double f;
	long v;
	int i, seen[10];
	void *p;

	srand(1);
	memset(seen, 0, sizeof seen);
	for(i = 0; i < 1000; i++){
		v = p9nrand(10);
		assert_true(v >= 0 && v < 10);
		seen[v]++;
		assert_true(p9lrand() >= 0);
		f = p9frand();
		assert_true(f >= 0 && f < 1);
		assert_true(p9ntruerand(7) < 7);
		assert_true(p9lnrand(0x7FFFFFFF) < 0x7FFFFFFF);
	}
	for(i = 0; i < 10; i++)
		assert_true(seen[i] > 50);
	assert_int_equal(p9nrand(0), 0);
	assert_int_equal(p9ntruerand(0), 0);
	assert_true(p9isNaN(p9NaN()));
	assert_true(p9isInf(p9Inf(1), 1));
	assert_false(p9isInf(p9Inf(1), -1));
	assert_true(p9isInf(p9Inf(-1), 0));
	assert_false(p9isInf(1.0, 0));
	assert_int_equal(p9muldiv(1000000, 1000000, 1000), 1000000000);
	assert_int_equal(p9umuldiv(4000000000UL, 2, 4), 2000000000UL);
	assert_true(fabs(p9pow10(3) - 1000) < 1e-9);
	assert_true(p9cputime() >= 0);
	v = 5;
	assert_int_equal(p9ainc(&v), 6);
	assert_int_equal(p9adec(&v), 5);
	p = p9mallocz(100, 1);
	for(i = 0; i < 100; i++)
		assert_int_equal(((uchar*)p)[i], 0);
	p9setmalloctag(p, 1);
	p9setrealloctag(p, 1);
	assert_int_equal(p9getmalloctag(p), 0);
	assert_int_equal(p9getrealloctag(p), 0);
	free(p);
	p = p9mallocz(0, 0);
	assert_non_null(p);
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runestr),
		cmocka_unit_test(test_cistr),
		cmocka_unit_test(test_runeprint),
		cmocka_unit_test(test_verbs),
		cmocka_unit_test(test_numbers),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
