/* errstr.c: cmocka tests for the per-thread error string, p9oserror and the small system calls. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>

static void
test_werrstr(void **state)
{
	char buf[ERRMAX];

	p9werrstr("first");
	p9werrstr("second: %r");
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "second: first");
	p9werrstr("%s %d", "n", 3);
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "n 3");
}

static void
test_swap(void **state)
{
	char buf[ERRMAX], small[4];

	p9werrstr("old error");
	strcpy(buf, "mine");
	p9errstr(buf, sizeof buf);
	assert_string_equal(buf, "old error");
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "mine");
	/* the clear idiom */
	buf[0] = 0;
	p9errstr(buf, sizeof buf);
	assert_string_equal(buf, "mine");
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "");
	/* short buffers truncate */
	p9werrstr("abcdef");
	p9rerrstr(small, sizeof small);
	assert_string_equal(small, "abc");
}

static void
test_truncate(void **state)
{
	char buf[2 * ERRMAX], long1[300];

	memset(long1, 'x', sizeof long1 - 1);
	long1[sizeof long1 - 1] = 0;
	p9werrstr("%s", long1);
	p9rerrstr(buf, sizeof buf);
	assert_int_equal(strlen(buf), ERRMAX - 1);
}

static void
test_oserror(void **state)
{
	static const struct {
		int err;
		const char *want;
	} t[] = {
		{ ENOENT, "file does not exist" }, { EACCES, "permission denied" },
		{ EPERM, "permission denied" }, { EEXIST, "file already exists" },
		{ ENOTDIR, "not a directory" }, { EISDIR, "is a directory" },
		{ ENOTEMPTY, "directory not empty" }, { ECONNREFUSED, "connection refused" },
		{ ENOMEM, "out of memory" },
	};
	char buf[ERRMAX];
	const char *s;
	uint i;

	for(i = 0; i < sizeof t / sizeof t[0]; i++){
		assert_int_equal(p9oserror(t[i].err), -1);
		p9rerrstr(buf, sizeof buf);
		assert_string_equal(buf, t[i].want);
		assert_string_equal(p9errnostr(t[i].err), t[i].want);
	}
	/* others: the C library's text in lower case */
	s = p9errnostr(EDOM);
	assert_non_null(s);
	assert_true(strlen(s) > 0);
	for(; *s; s++)
		assert_false(*s >= 'A' && *s <= 'Z');
	assert_non_null(p9errnostr(99999));
}

static pthread_barrier_t barrier;

static void*
threadfn(void *v)
{
	char buf[ERRMAX], want[ERRMAX];
	const char *name;
	int i, *ok;

	name = v;
	ok = malloc(sizeof *ok);
	*ok = 1;
	for(i = 0; i < 1000; i++){
		p9werrstr("%s %d", name, i);
		if(i == 0)
			pthread_barrier_wait(&barrier);
		p9rerrstr(buf, sizeof buf);
		p9snprint(want, sizeof want, "%s %d", name, i);
		if(strcmp(buf, want) != 0)
			*ok = 0;
	}
	return ok;
}

static void
test_threads(void **state)
{
	pthread_t t1, t2;
	char buf[ERRMAX];
	void *r1, *r2;

	p9werrstr("main thread");
	pthread_barrier_init(&barrier, nil, 2);
	pthread_create(&t1, nil, threadfn, "one");
	pthread_create(&t2, nil, threadfn, "two");
	pthread_join(t1, &r1);
	pthread_join(t2, &r2);
	pthread_barrier_destroy(&barrier);
	assert_int_equal(*(int*)r1, 1);
	assert_int_equal(*(int*)r2, 1);
	free(r1);
	free(r2);
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "main thread");
}

static void
test_sys(void **state)
{
	char buf[ERRMAX], data[100000], got[100001];
	int p[2], i;
	vlong t0, t1;
	pid_t pid;
	long n;

	/* readn gathers short reads until n bytes or end of file */
	for(i = 0; i < (int)sizeof data; i++)
		data[i] = i * 7;
	assert_int_equal(pipe(p), 0);
	pid = fork();
	if(pid == 0){
		close(p[0]);
		for(i = 0; i < (int)sizeof data; i += 1000)
			if(p9write(p[1], data + i, 1000) != 1000)
				_exit(1);
		_exit(0);
	}
	close(p[1]);
	n = p9readn(p[0], got, sizeof got);
	waitpid(pid, &i, 0);
	assert_true(WIFEXITED(i) && WEXITSTATUS(i) == 0);
	assert_int_equal(n, sizeof data);
	assert_memory_equal(got, data, sizeof data);
	assert_int_equal(p9readn(p[0], got, 10), 0);
	close(p[0]);
	assert_int_equal(p9readn(p[0], got, 10), -1);
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "fd out of range or not open");
	assert_int_equal(p9write(-1, "x", 1), -1);

	t0 = p9nsec();
	assert_true(t0 > 1600000000LL * 1000000000LL);
	usleep(2000);
	t1 = p9nsec();
	assert_true(t1 - t0 >= 1000000);

	assert_non_null(p9getuser());
	assert_true(strlen(p9getuser()) > 0);
	assert_ptr_equal(p9getuser(), p9getuser());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_werrstr),
		cmocka_unit_test(test_swap),
		cmocka_unit_test(test_truncate),
		cmocka_unit_test(test_oserror),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_sys),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
