/* compat.c: a Plan 9-style program built through lib9's compat headers u.h, libc.h and bio.h. */
#include <u.h>
#include <libc.h>
#include <bio.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

static int
wordcount(char *text)
{
	char *f[16];

	return tokenize(text, f, nelem(f));
}

static int
upperverb(Fmt *f)
{
	char *s, *t;
	int r;

	s = strdup(va_arg(f->args, char*));
	for(t = s; *t; t++)
		if(*t >= 'a' && *t <= 'z')
			*t -= 'a' - 'A';
	r = fmtstrcpy(f, s);
	free(s);
	return r;
}

static void
test_program(void **state)
{
	char buf[ERRMAX], line[] = "one 'two three' four", path[] = "a//b/../c/.";
	char *f[4], *s, tmp[] = "/tmp/lib9compatXXXXXX";
	Biobuf *b;
	Rune r;
	int fd;

	assert_int_equal(wordcount(line), 3);
	assert_string_equal(cleanname(path), "a/c");
	assert_int_equal(chartorune(&r, "\xe2\x98\xba"), 3);
	assert_int_equal(runelen(r), 3);
	assert_int_equal(utflen("h\xc3\xa9"), 2);

	werrstr("inner");
	werrstr("outer: %r");
	rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "outer: inner");

	fmtinstall('U', upperverb);
	s = smprint("%U %q %ud", "shout", "it's", 3);
	assert_string_equal(s, "SHOUT 'it''s' 3");
	free(s);
	snprint(buf, sizeof buf, "%s", netmkaddr("host", "tcp", "9fs"));
	assert_string_equal(buf, "tcp!host!9fs");
	assert_int_equal(getfields(buf, f, nelem(f), 0, "!"), 3);
	assert_string_equal(f[2], "9fs");

	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	b = Bfdopen(fd, OWRITE);
	Bprint(b, "line %d\nlast", 1);
	Bterm(b);
	b = Bopen(tmp, OREAD);
	assert_non_null(b);
	s = Brdline(b, '\n');
	assert_memory_equal(s, "line 1\n", Blinelen(b));
	s = Brdstr(b, '\n', 1);
	assert_string_equal(s, "last");
	free(s);
	Bterm(b);
	unlink(tmp);
	USED(state);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_program),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
