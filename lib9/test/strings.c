/* strings.c: cmocka tests for p9getfields, p9tokenize, p9cleanname, p9strecpy and ARGBEGIN. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <planten/lib9.h>

static void
test_getfields(void **state)
{
	char s[64], *f[8];
	int n;

	strcpy(s, "a  b\tc");
	n = p9getfields(s, f, 8, 0, " \t");
	assert_int_equal(n, 4);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "");
	assert_string_equal(f[2], "b");
	assert_string_equal(f[3], "c");

	strcpy(s, "  a  b\tc ");
	n = p9getfields(s, f, 8, 1, " \t");
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b");
	assert_string_equal(f[2], "c");

	/* maxargs reached: the last field keeps the rest */
	strcpy(s, "a:b:c:d");
	n = p9getfields(s, f, 2, 0, ":");
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b:c:d");

	strcpy(s, "");
	assert_int_equal(p9getfields(s, f, 8, 0, ":"), 1);
	assert_string_equal(f[0], "");
	assert_int_equal(p9getfields(s, f, 8, 1, ":"), 0);
	assert_int_equal(p9getfields(s, f, 0, 1, ":"), 0);

	/* rune delimiters */
	strcpy(s, "x\xe2\x98\xbay\xe2\x98\xbaz");
	n = p9getfields(s, f, 8, 0, "\xe2\x98\xba");
	assert_int_equal(n, 3);
	assert_string_equal(f[1], "y");
	assert_string_equal(f[2], "z");

	strcpy(s, "tcp!127.0.0.1!564");
	assert_int_equal(p9getfields(s, f, 8, 0, "!"), 3);
	assert_string_equal(f[2], "564");
}

static void
test_tokenize(void **state)
{
	char s[128], *f[8];
	int n;

	strcpy(s, "  a b\t\tc\n");
	n = p9tokenize(s, f, 8);
	assert_int_equal(n, 3);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b");
	assert_string_equal(f[2], "c");

	strcpy(s, "x 'a b' 'it''s' ''  pre'q u'post last");
	n = p9tokenize(s, f, 8);
	assert_int_equal(n, 6);
	assert_string_equal(f[0], "x");
	assert_string_equal(f[1], "a b");
	assert_string_equal(f[2], "it's");
	assert_string_equal(f[3], "");
	assert_string_equal(f[4], "preq upost");
	assert_string_equal(f[5], "last");

	/* an unterminated quote runs to the end */
	strcpy(s, "a 'b c");
	n = p9tokenize(s, f, 8);
	assert_int_equal(n, 2);
	assert_string_equal(f[1], "b c");

	strcpy(s, "a b c d");
	n = p9tokenize(s, f, 2);
	assert_int_equal(n, 2);
	assert_string_equal(f[0], "a");
	assert_string_equal(f[1], "b");

	strcpy(s, "   ");
	assert_int_equal(p9tokenize(s, f, 8), 0);
}

static void
test_cleanname(void **state)
{
	static const char *t[][2] = {
		{ "", "." }, { ".", "." }, { "/", "/" }, { "//", "/" }, { "a/../..", ".." },
		{ "//a//b/", "/a/b" }, { "./a", "a" }, { "a/.", "a" }, { "/../a", "/a" },
		{ "/..", "/" }, { "a/..", "." }, { "../../a/b/../c", "../../a/c" },
		{ "a/b/c/../../d", "a/d" }, { "/a/./b/./", "/a/b" }, { "..", ".." },
		{ "a/../../b", "../b" }, { "/a/b/../../..", "/" }, { "abc", "abc" },
		{ "./", "." }, { "a//b", "a/b" }, { "...", "..." }, { "/.../..", "/" },
	};
	char s[64];
	uint i;

	for(i = 0; i < sizeof t / sizeof t[0]; i++){
		strcpy(s, t[i][0]);
		assert_ptr_equal(p9cleanname(s), s);
		assert_string_equal(s, t[i][1]);
	}
}

static void
test_strecpy(void **state)
{
	char b[4], *e;

	e = p9strecpy(b, b + sizeof b, "ab");
	assert_string_equal(b, "ab");
	assert_ptr_equal(e, b + 2);
	e = p9strecpy(b, b + sizeof b, "abcdef");
	assert_string_equal(b, "abc");
	assert_ptr_equal(e, b + 3);
	assert_ptr_equal(p9strecpy(b, b, "x"), b);
}

static int
parse(int argc, char **argv, char *out, int nout)
{
	char *o, *e;

	e = out + nout;
	o = "-";
	*out = 0;
	ARGBEGIN{
	case 'a':
	case 'b':
		out = p9seprint(out, e, "%C", ARGC());
		break;
	case 'o':
		o = ARGF();
		out = p9seprint(out, e, "o=%s", o ? o : "nil");
		break;
	case 0x263A:
		out = p9seprint(out, e, "smile");
		break;
	default:
		return -1;
	}ARGEND
	for(; *argv; argv++)
		out = p9seprint(out, e, " %s", *argv);
	return argc;
}

static void
test_arg(void **state)
{
	char out[128];
	char *v1[] = { "prog", "-ab", "-ofile", "x", nil };
	char *v2[] = { "prog", "-o", "f", "--", "-a", nil };
	char *v3[] = { "prog", "-\xe2\x98\xba", "-", "y", nil };
	char *v4[] = { "prog", "-z", nil };
	char *v5[] = { "prog", "-o", nil };

	assert_int_equal(parse(4, v1, out, sizeof out), 1);
	assert_string_equal(out, "abo=file x");
	assert_int_equal(parse(5, v2, out, sizeof out), 1);
	assert_string_equal(out, "o=f -a");
	assert_int_equal(parse(4, v3, out, sizeof out), 2);
	assert_string_equal(out, "smile - y");
	assert_int_equal(parse(2, v4, out, sizeof out), -1);
	assert_int_equal(parse(2, v5, out, sizeof out), 0);
	assert_string_equal(out, "o=nil");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getfields),
		cmocka_unit_test(test_tokenize),
		cmocka_unit_test(test_cleanname),
		cmocka_unit_test(test_strecpy),
		cmocka_unit_test(test_arg),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
