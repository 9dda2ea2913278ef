/* io.c: ioprocs (a thread blocks in a system call while its proc's other threads run), and
 * running programs with t9threadexec, t9procexec and the wait channel. */
#include "tharness.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct Rd Rd;
struct Rd {
	Ioproc *io;
	int fd;
	char buf[64];
	long n;
	char err[ERRMAX];
	Channel *done;
};

static void
ioreader(void *v)
{
	Rd *r;

	r = v;
	r->n = t9ioread(r->io, r->fd, r->buf, sizeof r->buf - 1);
	p9rerrstr(r->err, sizeof r->err);
	t9sendul(r->done, 1);
}

static void
test_ioread_lets_proc_run(void **state)
{
	Rd r;
	int p[2], i;

	memset(&r, 0, sizeof r);
	assert_int_equal(pipe(p), 0);
	r.io = t9ioproc();
	assert_non_null(r.io);
	r.fd = p[0];
	r.done = t9chancreate(sizeof(ulong), 1);
	t9threadcreate(ioreader, &r, 0);
	/* the reader blocks in its ioproc; this thread (same proc) goes on running */
	for(i = 0; i < 100; i++)
		t9yield();
	assert_int_equal(t9nbrecvul(r.done), 0);
	assert_int_equal(write(p[1], "hello", 5), 5);
	assert_int_equal(t9recvul(r.done), 1);
	assert_int_equal(r.n, 5);
	assert_memory_equal(r.buf, "hello", 5);
	/* the other calls, through the same ioproc */
	assert_int_equal(t9iowrite(r.io, p[1], "abcdef", 6), 6);
	assert_int_equal(t9ioreadn(r.io, p[0], r.buf, 6), 6);
	assert_memory_equal(r.buf, "abcdef", 6);
	assert_int_equal(t9iosleep(r.io, 1), 0);
	assert_int_equal(t9ioclose(r.io, p[1]), 0);
	assert_int_equal(t9ioreadn(r.io, p[0], r.buf, 6), 0);	/* end of file */
	assert_int_equal(t9ioclose(r.io, p[0]), 0);
	t9closeioproc(r.io);
	t9chanfree(r.done);
}

static void
test_io_errors(void **state)
{
	Ioproc *io;
	int fd;

	io = t9ioproc();
	fd = t9ioopen(io, "/nonexistent/planten", O_RDONLY);
	assert_int_equal(fd, -1);
	assert_string_equal(errstr(), "file does not exist");
	assert_int_equal(t9ioclose(io, -1), -1);
	assert_int_equal(t9ioread(io, 12345, nil, 1), -1);
	assert_non_null(strstr(errstr(), "fd"));
	fd = t9ioopen(io, "/dev/null", O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(t9ioclose(io, fd), 0);
	assert_int_equal(t9iodial(io, "unix!/nonexistent/sock", nil, nil, nil), -1);
	t9closeioproc(io);
}

static void
test_iointerrupt(void **state)
{
	Rd r;
	int p[2], i;
	struct timespec ts = { 0, 20*1000*1000 };

	memset(&r, 0, sizeof r);
	assert_int_equal(pipe(p), 0);
	r.io = t9ioproc();
	r.fd = p[0];
	r.done = t9chancreate(sizeof(ulong), 1);
	t9threadcreate(ioreader, &r, 0);
	/* interrupt until the read gives up (the first signal may come before the read) */
	for(i = 0; i < 250 && t9nbrecvul(r.done) == 0; i++){
		nanosleep(&ts, nil);
		t9iointerrupt(r.io);
		t9yield();
	}
	assert_true(i < 250);
	assert_int_equal(r.n, -1);
	assert_string_equal(r.err, "interrupted");
	t9closeioproc(r.io);
	close(p[0]);
	close(p[1]);
	t9chanfree(r.done);
}

typedef struct Ex Ex;
struct Ex {
	Channel *cpid;
	int fd[3];
	char **argv;
	int after;
};

static void
execer(void *v)
{
	Ex *e;

	e = v;
	t9threadexec(e->cpid, e->fd, e->argv[0], e->argv);
	e->after = 1;	/* only when the exec failed */
	t9sendul(e->cpid, 0);
}

static void
test_threadexec(void **state)
{
	Ex e;
	Channel *wc;
	Waitmsg *w;
	char *echo[] = { "echo", "from", "child", nil };
	char *fail[] = { "sh", "-c", "exit 3", nil };
	char *none[] = { "/nonexistent/prog", nil };
	int p[2], pid;
	char buf[64];
	long n;

	wc = t9threadwaitchan();
	assert_non_null(wc);
	assert_ptr_equal(t9threadwaitchan(), wc);
	assert_int_equal(pipe(p), 0);
	memset(&e, 0, sizeof e);
	e.cpid = t9chancreate(sizeof(ulong), 0);
	e.fd[0] = 0;
	e.fd[1] = p[1];
	e.fd[2] = 2;
	e.argv = echo;
	t9threadcreate(execer, &e, 0);
	pid = t9recvul(e.cpid);
	assert_true(pid > 0);
	n = p9readn(p[0], buf, sizeof buf);	/* the parent's write end was closed */
	assert_int_equal(n, 11);
	assert_memory_equal(buf, "from child\n", 11);
	w = t9recvp(wc);
	assert_int_equal(w->pid, pid);
	assert_string_equal(w->msg, "");
	free(w);
	close(p[0]);

	pid = t9threadspawn(nil, "sh", fail);
	assert_true(pid > 0);
	w = t9recvp(wc);
	assert_int_equal(w->pid, pid);
	assert_string_equal(w->msg, "3");
	free(w);

	e.argv = none;
	e.fd[1] = 1;
	t9threadcreate(execer, &e, 0);
	assert_int_equal(t9recvul(e.cpid), ~0UL);
	assert_int_equal(t9recvul(e.cpid), 0);
	assert_int_equal(e.after, 1);
	t9chanfree(e.cpid);
}

static void
procexecer(void *v)
{
	Ex *e;

	e = v;
	t9procexec(e->cpid, e->argv[0], e->argv);
	e->after = 1;
}

static void
test_procexec(void **state)
{
	Ex e;
	char *t[] = { "true", nil };
	Waitmsg *w;
	int pid;

	memset(&e, 0, sizeof e);
	e.cpid = t9chancreate(sizeof(ulong), 0);
	e.argv = t;
	t9proccreate(procexecer, &e, 0);
	pid = t9recvul(e.cpid);
	assert_true(pid > 0);
	w = t9recvp(t9threadwaitchan());
	assert_int_equal(w->pid, pid);
	assert_string_equal(w->msg, "");
	free(w);
	assert_int_equal(e.after, 0);
	t9chanfree(e.cpid);
}

static volatile sig_atomic_t usr1tid;

static void
onusr1(int sig)
{
	usr1tid = gettid();
}

/*
 * The thread that waits for a spawned program is the library's: it blocks the asynchronous
 * signals (the program's notes), so one that the program's threads block waits for them.
 * In a child process of its own, where no other thread (an ioproc) could take the signal.
 */
static void
test_reapersignals(void **state)
{
	char *slow[] = { "sleep", "5", nil };
	struct sigaction sa;
	sigset_t set;
	pid_t child, pid;
	int st, i;

	child = fork();
	assert_true(child >= 0);
	if(child == 0){
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = onusr1;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGUSR1, &sa, nil);
		if((pid = t9threadspawn(nil, "sleep", slow)) < 0)
			_exit(2);
		sigemptyset(&set);
		sigaddset(&set, SIGUSR1);
		pthread_sigmask(SIG_BLOCK, &set, nil);
		kill(getpid(), SIGUSR1);
		for(i = 0; i < 20 && usr1tid == 0; i++)
			usleep(10*1000);
		st = usr1tid == 0 ? 0 : 3;	/* nobody took it */
		pthread_sigmask(SIG_UNBLOCK, &set, nil);
		if(st == 0 && usr1tid != gettid())
			st = 4;			/* we did, once we let it in */
		kill(pid, SIGKILL);
		_exit(st);
	}
	assert_int_equal(waitpid(child, &st, 0), child);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ioread_lets_proc_run),
		cmocka_unit_test(test_io_errors),
		cmocka_unit_test(test_iointerrupt),
		cmocka_unit_test(test_threadexec),
		cmocka_unit_test(test_procexec),
		cmocka_unit_test(test_reapersignals),
	};
	return cmocka_run_group_tests(tests, nil, nil);
}
