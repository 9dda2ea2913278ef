/* proc.c: cmocka tests for p9argv0, p9sysfatal, p9exits and p9atexit, each run in a child. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>

/*
 * Run fn in a child with its standard output and error on a pipe; return the exit status
 * (or 128+signal) and what it printed in out.
 */
static int
runchild(void (*fn)(void), char *out, int nout)
{
	int p[2], st, n, m;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if(pid == 0){
		close(p[0]);
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[1]);
		fn();
		_exit(99);
	}
	close(p[1]);
	for(n = 0; n < nout - 1 && (m = read(p[0], out + n, nout - 1 - n)) > 0; n += m)
		;
	out[n] = 0;
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void
fatalnamed(void)
{
	p9argv0 = "prog";
	p9werrstr("file does not exist");
	p9sysfatal("open %s: %r", "/x");
}

static void
fatalnameless(void)
{
	p9argv0 = nil;
	p9sysfatal("plain %d", 3);
}

static void
fatallong(void)
{
	char big[3000];

	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	p9argv0 = "prog";
	p9sysfatal("%s", big);
}

static void
test_sysfatal(void **state)
{
	char out[4096];

	assert_int_equal(runchild(fatalnamed, out, sizeof out), 1);
	assert_string_equal(out, "prog: open /x: file does not exist\n");
	assert_int_equal(runchild(fatalnameless, out, sizeof out), 1);
	assert_string_equal(out, "plain 3\n");
	assert_int_equal(runchild(fatallong, out, sizeof out), 1);
	assert_int_equal(strlen(out), strlen("prog: ") + 1023 + 1);
}

static void
argbegin(void)
{
	char *args[] = { "/bin/tool", "-x", "rest", nil };
	char **argv;
	int argc, x;

	argv = args;
	argc = 3;
	p9argv0 = nil;
	x = 0;
	ARGBEGIN{
	case 'x':
		x++;
		break;
	}ARGEND
	if(x != 1 || argc != 1 || strcmp(argv[0], "rest") != 0)
		p9exits("bad parse");
	p9sysfatal("named");
}

static void
test_argbegin(void **state)
{
	char out[256];

	assert_int_equal(runchild(argbegin, out, sizeof out), 1);
	assert_string_equal(out, "/bin/tool: named\n");
}

static void one(void) { write(1, "1", 1); }
static void two(void) { write(1, "2", 1); }
static void three(void) { write(1, "3", 1); }

static void
exitorder(void)
{
	p9atexit(one);
	p9atexit(two);
	p9atexit(three);
	p9atexitdont(two);
	p9exits(nil);
}

static void
exitfull(void)
{
	int i, n;

	n = 0;
	for(i = 0; i < 40; i++)
		n += p9atexit(one);
	p9fprint(1, "%d ", n);
	p9_exits("");
}

static void
exitmsg(void)
{
	p9atexit(one);
	p9exits("failed");
}

static void
test_exits(void **state)
{
	char out[256];

	assert_int_equal(runchild(exitorder, out, sizeof out), 0);
	assert_string_equal(out, "31");
	assert_int_equal(runchild(exitfull, out, sizeof out), 0);
	assert_string_equal(out, "32 ");	/* p9_exits runs nothing */
	assert_int_equal(runchild(exitmsg, out, sizeof out), 1);
	assert_string_equal(out, "1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysfatal),
		cmocka_unit_test(test_argbegin),
		cmocka_unit_test(test_exits),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
