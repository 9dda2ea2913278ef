/*
 * compat.c: a Plan 9-style program built through the compatibility headers u.h, libc.h and
 * bio.h (and libp9main), checking that Plan 9's names reach lib9 and that the names Plan 9
 * shares with Unix serve both kinds of caller.
 */
#include <u.h>
#include <libc.h>
#include <bio.h>
#include <fcntl.h>
#include <setjmp.h>
#include <cmocka.h>

/* Unix's names, for the callers that mean Unix */
int	unlink(const char*);
int	mkstemp(char*);

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
test_strings(void **state)
{
	char buf[ERRMAX], line[] = "one 'two three' four", path[] = "a//b/../c/.";
	char *f[4], *s;
	Rune r, rs[8];

	assert_int_equal(wordcount(line), 3);
	assert_string_equal(cleanname(path), "a/c");
	assert_int_equal(chartorune(&r, "\xe2\x98\xba"), 3);
	assert_int_equal(runelen(r), 3);
	assert_int_equal(utflen("h\xc3\xa9"), 2);
	assert_int_equal(runesnprint(rs, nelem(rs), "x%C", r), 2);
	assert_int_equal(rs[1], r);
	assert_int_equal(cistrcmp("HeLLo", "hello"), 0);

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
	USED(state);
}

static void
test_files(void **state)
{
	char tmp[] = "/tmp/lib9compatXXXXXX", buf[64];
	Biobuf *b;
	Dir *d;
	char *s;
	int fd, p[2];

	/* Unix's callers: mkstemp, then open with O_ flags and a mode */
	fd = mkstemp(tmp);
	assert_true(fd >= 0);
	close(fd);
	fd = open(tmp, O_WRONLY|O_TRUNC|O_CREAT, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "unix\n", 5), 5);
	close(fd);

	/* Plan 9's */
	fd = open(tmp, OREAD);
	assert_true(fd >= 0);
	assert_int_equal(read(fd, buf, sizeof buf), 5);
	assert_int_equal(seek(fd, 1, 0), 1);
	assert_int_equal(pread(fd, buf, 3, -1), 3);
	assert_memory_equal(buf, "nix", 3);
	close(fd);
	b = Bopen(tmp, OWRITE);
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
	d = dirstat(tmp);
	assert_non_null(d);
	assert_int_equal(d->length, 11);
	free(d);
	assert_int_equal(remove(tmp), 0);
	assert_true(open(tmp, OREAD) < 0);
	rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "file does not exist");

	/* dup by argument count, and a pipe that carries both ways */
	assert_int_equal(pipe(p), 0);
	fd = dup(p[1]);
	assert_true(fd > p[1]);
	assert_int_equal(dup(p[0], fd), fd);
	assert_int_equal(write(p[0], "x", 1), 1);
	assert_int_equal(read(p[1], buf, 1), 1);
	close(p[0]);
	close(p[1]);
	close(fd);
	USED(state);
}

static void
test_procs(void **state)
{
	Waitmsg *w;
	int pid, st;

	pid = fork();
	if(pid == 0)
		exits("oops");
	w = wait();
	assert_non_null(w);
	assert_int_equal(w->pid, pid);
	assert_string_equal(w->msg, "1");
	free(w);
	pid = rfork(RFPROC|RFFDG);
	if(pid == 0)
		exits(nil);
	assert_int_equal(waitpid(pid, &st, 0), pid);	/* Unix's, by its arguments */
	assert_int_equal(st, 0);
	assert_int_equal(sleep(1), 0);			/* a millisecond */
	assert_true(bind("/tmp", "/mnt", MREPL) < 0);
	USED(state);
}

void
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_files),
		cmocka_unit_test(test_procs),
	};

	exits(cmocka_run_group_tests(tests, nil, nil) ? "failed" : nil);
}
