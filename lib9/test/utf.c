/* utf.c: cmocka tests for lib9's UTF-8 and rune functions. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <planten/lib9.h>

static void
test_encode(void **state)
{
	static const struct {
		Rune r;
		const char *s;
	} t[] = {
		{ 'a', "a" }, { 0x7F, "\x7f" }, { 0x80, "\xc2\x80" }, { 0xE9, "\xc3\xa9" },
		{ 0x7FF, "\xdf\xbf" }, { 0x800, "\xe0\xa0\x80" }, { 0x263A, "\xe2\x98\xba" },
		{ 0xFFFD, "\xef\xbf\xbd" }, { 0x10000, "\xf0\x90\x80\x80" },
		{ 0x10FFFF, "\xf4\x8f\xbf\xbf" },
	};
	char buf[UTFmax + 1];
	uint i;
	int n;
	Rune r;

	for(i = 0; i < sizeof t / sizeof t[0]; i++){
		n = p9runetochar(buf, &t[i].r);
		assert_int_equal(n, strlen(t[i].s));
		assert_memory_equal(buf, t[i].s, n);
		assert_int_equal(p9runelen(t[i].r), n);
		assert_int_equal(p9chartorune(&r, t[i].s), n);
		assert_int_equal(r, t[i].r);
		assert_true(p9fullrune(t[i].s, n));
		if(n > 1)
			assert_false(p9fullrune(t[i].s, n - 1));
	}
	/* out of range and surrogates encode as Runeerror */
	r = 0x110000;
	assert_int_equal(p9runetochar(buf, &r), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
	r = 0xD800;
	assert_int_equal(p9runetochar(buf, &r), 3);
	assert_memory_equal(buf, "\xef\xbf\xbd", 3);
}

static void
test_decode_bad(void **state)
{
	static const char *bad[] = {
		"\x80", "\xbf", "\xc0\x80", "\xc1\xbf", "\xe0\x80\x80", "\xed\xa0\x80",
		"\xf0\x80\x80\x80", "\xf4\x90\x80\x80", "\xf5\x80\x80\x80", "\xff", "\xc3(",
		"\xe2\x98(",
	};
	uint i;
	Rune r;

	for(i = 0; i < sizeof bad / sizeof bad[0]; i++){
		assert_int_equal(p9chartorune(&r, bad[i]), 1);
		assert_int_equal(r, Runeerror);
	}
	assert_true(p9fullrune("\xc3(", 2));	/* already malformed: decodable now */
	assert_false(p9fullrune("", 0));
}

static void
test_strings(void **state)
{
	const char *s = "a\xc3\xa9\xe2\x98\xba" "b\xe2\x98\xba";
	Rune rs[] = { 'a', 0xE9, 0x263A, 0 };
	char buf[8], *e;

	assert_int_equal(p9utflen(s), 5);
	assert_int_equal(p9utflen(""), 0);
	assert_int_equal(p9utflen("\xff\xfe"), 2);
	assert_int_equal(p9utfnlen(s, 3), 2);
	assert_int_equal(p9utfnlen(s, 4), 2);	/* partial rune not counted */
	assert_int_equal(p9utfnlen(s, 100), 5);
	assert_ptr_equal(p9utfrune(s, 0x263A), s + 3);
	assert_ptr_equal(p9utfrrune(s, 0x263A), s + 7);
	assert_ptr_equal(p9utfrune(s, 'b'), s + 6);
	assert_null(p9utfrune(s, 0x263B));
	assert_null(p9utfrrune(s, 'z'));
	assert_ptr_equal(p9utfutf(s, "b\xe2"), s + 6);
	assert_int_equal(p9runestrlen(rs), 3);
	assert_int_equal(p9runenlen(rs, 3), 6);

	e = p9utfecpy(buf, buf + sizeof buf, s);	/* 8 bytes: the rune after b is cut */
	assert_string_equal(buf, "a\xc3\xa9\xe2\x98\xba" "b");
	assert_ptr_equal(e, buf + 7);
	e = p9utfecpy(buf, buf + 3, s);
	assert_string_equal(buf, "a");
	assert_ptr_equal(e, buf + 1);
	e = p9utfecpy(buf, buf + sizeof buf, "xy");
	assert_string_equal(buf, "xy");
	assert_ptr_equal(e, buf + 2);
	assert_ptr_equal(p9utfecpy(buf, buf, "xy"), buf);
}

static void
test_classes(void **state)
{
	assert_true(p9isalpharune('a'));
	assert_true(p9isalpharune(0xE9));
	assert_true(p9isalpharune(0x3B1));	/* alpha */
	assert_true(p9isalpharune(0x4E2D));	/* a CJK ideograph */
	assert_false(p9isalpharune('1'));
	assert_false(p9isalpharune(0x263A));
	assert_false(p9isalpharune(0x661));
	assert_true(p9isdigitrune('7'));
	assert_true(p9isdigitrune(0x661));	/* Arabic-Indic one */
	assert_true(p9isdigitrune(0xFF19));
	assert_false(p9isdigitrune('a'));
	assert_true(p9isspacerune(' '));
	assert_true(p9isspacerune('\n'));
	assert_true(p9isspacerune(0xA0));
	assert_true(p9isspacerune(0x3000));
	assert_false(p9isspacerune('x'));
	assert_true(p9isupperrune('A'));
	assert_true(p9isupperrune(0x391));
	assert_false(p9isupperrune('a'));
	assert_true(p9islowerrune(0x3B1));
	assert_true(p9istitlerune(0x1C5));
	assert_false(p9istitlerune('A'));
	assert_int_equal(p9tolowerrune('A'), 'a');
	assert_int_equal(p9tolowerrune(0xC9), 0xE9);
	assert_int_equal(p9tolowerrune(0x391), 0x3B1);
	assert_int_equal(p9toupperrune(0x3B1), 0x391);
	assert_int_equal(p9toupperrune('z'), 'Z');
	assert_int_equal(p9toupperrune('1'), '1');
	assert_int_equal(p9toupperrune(0x42F), 0x42F);
	assert_int_equal(p9tolowerrune(0x42F), 0x44F);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_decode_bad),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_classes),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
