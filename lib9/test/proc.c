/* proc.c: cmocka tests for p9argv0, p9sysfatal, p9exits and p9atexit, each run in a child. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>
#include "runchild.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif

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
	p9exitsnow("");
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
	assert_string_equal(out, "32 ");	/* p9exitsnow runs nothing */
	assert_int_equal(runchild(exitmsg, out, sizeof out), 1);
	assert_string_equal(out, "1");
}

static void
test_rfork_wait(void **state)
{
	char buf[256], *f[6];
	Waitmsg *w;
	int pid, n;

	/* a child's exits message and times; RFNOTEG puts it in a group of its own */
	pid = p9rfork(RFPROC|RFFDG|RFNOTEG);
	if(pid == 0){
		if(getpgrp() != getpid())
			p9exitsnow("same group");
		p9exits("failed");
	}
	assert_true(pid > 0);
	w = p9wait();
	assert_non_null(w);
	assert_int_equal(w->pid, pid);
	assert_string_equal(w->msg, "1");
	assert_true(w->time[2] < 60000);
	free(w);

	/* a killed child: the note that killed it */
	pid = p9fork();
	if(pid == 0){
		pause();
		p9exitsnow(nil);
	}
	kill(pid, SIGHUP);
	n = p9await(buf, sizeof buf);
	assert_true(n > 0);
	assert_int_equal(p9tokenize(buf, f, 6), 5);
	assert_int_equal(atoi(f[0]), pid);
	assert_string_equal(f[4], "signal: Hangup");

	/* waitpid, and no children left */
	pid = p9fork();
	if(pid == 0)
		p9exits(nil);
	assert_int_equal(p9waitpid(), pid);
	assert_null(p9wait());
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "no living children");
	assert_true(p9await(buf, sizeof buf) < 0);
	assert_true(p9waitpid() < 0);

	/* RFNOWAIT: nobody waits for it, nor can (with or without RFFDG) */
	pid = p9rfork(RFPROC|RFFDG|RFNOWAIT);
	if(pid == 0)
		p9exitsnow(nil);
	assert_true(pid > 0);
	assert_null(p9wait());
	pid = p9rfork(RFPROC|RFNOWAIT|RFMEM);
	if(pid == 0)
		p9exitsnow(nil);
	assert_true(pid > 0);
	assert_null(p9wait());

	/* RFMEM, as rfork-then-exec uses it */
	pid = p9rfork(RFPROC|RFMEM|RFFDG);
	if(pid == 0)
		execl("/bin/true", "true", nil);
	assert_int_equal(p9waitpid(), pid);

	/* refused flag sets */
	assert_true(p9rfork(RFPROC|RFFDG|RFCFDG) < 0);
	assert_true(p9rfork(RFCNAMEG) < 0);
	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, "not in a planten namespace");
	assert_int_equal(p9rfork(RFNAMEG|RFENVG|RFNOMNT|RFREND), 0);
}

static volatile int churning;

static void*
churn(void *v)
{
	void *p[8];
	int i;

	while(churning){
		for(i = 0; i < 8; i++)
			p[i] = malloc(64 + i * 1000);
		for(i = 0; i < 8; i++)
			free(p[i]);
	}
	return nil;
}

/*
 * A child of a process with other threads (here allocating all the time, in the one arena
 * they share with us) can allocate: it must not start with the C library's locks held by
 * threads that it does not have. A child that shares the fd table was a raw clone, which
 * leaves them so.
 */
static void
rforkthreads(void)
{
	pthread_t th[4];
	int i, k, pid, st, hung;

	mallopt(M_ARENA_MAX, 1);
	churning = 1;
	for(i = 0; i < 4; i++)
		pthread_create(&th[i], nil, churn, nil);
	hung = 0;
	for(i = 0; i < 50 && !hung; i++){
		pid = p9rfork(RFPROC|RFMEM);
		if(pid == 0){
			free(p9smprint("child %d", i));
			_exit(0);
		}
		for(k = 0; k < 400 && waitpid(pid, &st, WNOHANG) != pid; k++)
			usleep(5000);
		if(k == 400){
			hung = 1;
			kill(pid, SIGKILL);
			waitpid(pid, &st, 0);
		}
	}
	churning = 0;
	for(i = 0; i < 4; i++)
		pthread_join(th[i], nil);
	p9fprint(1, "%s", hung ? "a child hung" : "ok");
	p9exitsnow(nil);
}

static void
test_rfork_threads(void **state)
{
	char out[64];

#ifdef ASAN
	/*
	 * clang 14's AddressSanitizer leaves its allocator's locks held in a fork()'s child:
	 * nothing to learn here (cmocka's skip is a failure in TAP); the gcc suite runs it
	 */
	return;
#endif
	assert_int_equal(runchild(rforkthreads, out, sizeof out), 0);
	assert_string_equal(out, "ok");
}

static void
onnotecont(void *ureg, char *note)
{
	p9noted(NCONT);
}

/*
 * Notes arriving all the time (an interval timer, a notify function that carries on) while
 * RFNOWAIT children start: each start succeeds, for the child runs whatever rfork said.
 */
static void
nowaitnotes(void)
{
	struct itimerval it;
	int i, fails;

	p9notify(onnotecont);
	memset(&it, 0, sizeof it);
	it.it_interval.tv_usec = 50;
	it.it_value.tv_usec = 50;
	setitimer(ITIMER_REAL, &it, nil);
	fails = 0;
	for(i = 0; i < 100; i++){
		switch(p9rfork(RFPROC|RFFDG|RFNOWAIT)){
		case 0:
			_exit(0);
		case -1:
			fails++;
		}
	}
	memset(&it, 0, sizeof it);
	setitimer(ITIMER_REAL, &it, nil);
	p9fprint(1, "%d failed", fails);
	p9exitsnow(nil);
}

static void
test_rfork_notes(void **state)
{
	char out[64];

	assert_int_equal(runchild(nowaitnotes, out, sizeof out), 0);
	assert_string_equal(out, "0 failed");
}

/* A child that shares the fd table (no RFFDG) closes our fd; one with RFFDG does not. */
static void
test_rfork_fds(void **state)
{
	int fd, pid, st;

	fd = dup(1);
	pid = p9rfork(RFPROC|RFFDG);
	if(pid == 0){
		close(fd);
		p9exitsnow(nil);
	}
	waitpid(pid, &st, 0);
	assert_true(fcntl(fd, F_GETFD) >= 0);
	pid = p9rfork(RFPROC);
	if(pid == 0){
		close(fd);
		p9exitsnow(nil);
	}
	waitpid(pid, &st, 0);
	assert_true(fcntl(fd, F_GETFD) < 0);

	/* RFCFDG: the child starts with no fds */
	pid = p9rfork(RFPROC|RFCFDG);
	if(pid == 0)
		p9exitsnow(fcntl(0, F_GETFD) < 0 && fcntl(2, F_GETFD) < 0 ? nil : "open");
	waitpid(pid, &st, 0);
	assert_int_equal(WEXITSTATUS(st), 0);
}

static void
execbin(void)
{
	char *argv[] = { "sh", "-c", "echo from sh", nil };

	/* /bin/sh exists; /bin/no-such-dir/sh falls back to PATH lookups of no-such-dir/sh */
	p9exec("/bin/sh", argv);
	p9sysfatal("exec: %r");
}

static void
execpath(void)
{
	setenv("PATH", "/usr/bin:/bin", 1);
	p9execl("/bin/planten-lib9-no-such-cmd", "x", nil);
	p9sysfatal("%r");
}

static void
test_exec(void **state)
{
	char out[256];

	assert_int_equal(runchild(execbin, out, sizeof out), 0);
	assert_string_equal(out, "from sh\n");
	p9argv0 = nil;
	assert_int_equal(runchild(execpath, out, sizeof out), 1);
	assert_string_equal(out, "exec /bin/planten-lib9-no-such-cmd: file does not exist\n");
}

static volatile int notes, alarms;
static char lastnote[ERRMAX];

static void
onnote(void *ureg, char *note)
{
	p9strecpy(lastnote, lastnote + sizeof lastnote, note);
	notes++;
	if(strcmp(note, "alarm") == 0)
		alarms++;
	if(strcmp(note, "hangup") == 0)
		p9noted(NDFLT);
	p9noted(NCONT);
}

static int
catchusr1(void *ureg, char *note)
{
	return strcmp(note, "usr1") == 0;
}

static void
notedie(void)
{
	p9notify(onnote);
	p9postnote(PNPROC, getpid(), "hangup");
	p9sleep(5000);
	p9exitsnow("survived");
}

static void
notegroup(void)
{
	Waitmsg *w;
	int pid;

	if(p9rfork(RFNOTEG) < 0)
		p9sysfatal("rfork: %r");
	p9notify(onnote);
	notes = 0;
	pid = p9fork();
	if(pid == 0){
		p9sleep(5000);	/* until the note */
		p9exitsnow(notes == 1 ? nil : "no note");
	}
	p9sleep(50);
	p9postnote(PNGROUP, getpid(), "usr2");
	while((w = p9wait()) != nil && w->pid != pid)
		free(w);
	p9fprint(1, "%d '%s'\n", notes, w != nil ? w->msg : "none");
	p9exitsnow(nil);
}

/* pid 0 and below name no process: kill(2) would take them for groups, -1 for everyone */
static void
notenopid(void)
{
	int r0, r1, r2;

	if(p9rfork(RFNOTEG) < 0)	/* if 0 reached our group, it is ours alone */
		p9sysfatal("rfork: %r");
	p9notify(onnote);
	notes = 0;
	r0 = p9postnote(PNPROC, 0, "usr2");
	r1 = p9postnote(PNGROUP, 0, "usr2");
	r2 = p9postnote(PNPROC, -getpid(), "usr2");
	p9fprint(1, "%d %d %d %d", r0, r1, r2, notes);
	p9exitsnow(nil);
}

static void
test_notes(void **state)
{
	char out[64];
	int r;

	assert_int_equal(p9notify(onnote), 0);
	notes = 0;
	assert_int_equal(p9postnote(PNPROC, getpid(), "interrupt"), 0);
	assert_int_equal(notes, 1);
	assert_string_equal(lastnote, "interrupt");

	/* an interrupted sleep fails with "interrupted" */
	alarms = 0;
	assert_int_equal(p9alarm(20), 0);
	r = p9sleep(5000);
	assert_int_equal(r, -1);
	assert_int_equal(alarms, 1);
	assert_int_equal(p9alarm(10000), 0);
	assert_true(p9alarm(0) > 9000);		/* what was left */

	/* atnotify functions come first */
	assert_int_equal(p9atnotify(catchusr1, 1), 1);
	notes = 0;
	p9postnote(PNPROC, getpid(), "usr1");
	assert_int_equal(notes, 0);
	p9postnote(PNPROC, getpid(), "usr2");
	assert_int_equal(notes, 1);
	assert_int_equal(p9atnotify(catchusr1, 0), 1);
	assert_int_equal(p9atnotify(catchusr1, 0), 0);
	assert_int_equal(p9notify(nil), 0);

	/* NDFLT: the note kills */
	assert_int_equal(runchild(notedie, out, sizeof out), 128 + SIGHUP);
	/* a note to the group reaches each member: ours only, in a group of its own */
	assert_int_equal(runchild(notegroup, out, sizeof out), 0);
	assert_string_equal(out, "1 ''\n");

	/* noted outside a note handler, bad notes and processes */
	assert_true(p9noted(NCONT) < 0);
	assert_true(p9postnote(7, getpid(), "interrupt") < 0);
	assert_true(p9postnote(PNPROC, 999999999, "interrupt") < 0);
	assert_int_equal(runchild(notenopid, out, sizeof out), 0);
	assert_string_equal(out, "-1 -1 -1 0");
	assert_string_equal(p9signote(SIGINT), "interrupt");
	assert_string_equal(p9signote(63), "sys: signal 63");
	assert_int_equal(p9notesig("alarm"), SIGALRM);
	assert_int_equal(p9notesig("anything else"), SIGTERM);
}

static jmp_buf escape;

static void
jumpout(void *ureg, char *note)
{
	p9notejmp(ureg, escape, 7);
}

static void
test_notejmp(void **state)
{
	volatile int n;

	p9notify(jumpout);
	n = 0;
	if(setjmp(escape) == 7)
		n++;
	if(n < 2)
		p9postnote(PNPROC, getpid(), "interrupt");
	assert_int_equal(n, 2);	/* the second note arrived: the signal is not left blocked */
	p9notify(nil);
}

typedef struct Helper Helper;
struct Helper {
	sigset_t mask;		/* the helper thread's signal mask */
	int fd;			/* it waits until this pipe is closed */
};

static void*
helper(void *v)
{
	Helper *h;
	char c;

	h = v;
	pthread_sigmask(SIG_BLOCK, nil, &h->mask);
	while(read(h->fd, &c, 1) > 0)
		;
	return nil;
}

static volatile sig_atomic_t notetid;

static void
takenote(void *ureg, char *note)
{
	notetid = gettid();
	p9noted(NCONT);
}

/* A helper thread takes no notes but faults; the caller's mask stays; notes go elsewhere. */
static void
test_pthreadnonotes(void **state)
{
	static const int notes[] = { SIGINT, SIGHUP, SIGALRM, SIGQUIT, SIGTERM, SIGPIPE, SIGUSR1,
		SIGUSR2, SIGCHLD, SIGURG, SIGWINCH };
	static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT };
	sigset_t before, after, set;
	pthread_t t;
	Helper h;
	int p[2], i;

	sigemptyset(&set);
	sigaddset(&set, SIGXCPU);	/* the caller's own choice, left alone */
	pthread_sigmask(SIG_BLOCK, &set, &before);
	pthread_sigmask(SIG_BLOCK, nil, &before);
	assert_int_equal(pipe(p), 0);
	memset(&h, 0, sizeof h);
	h.fd = p[0];
	assert_int_equal(p9pthreadnonotes(&t, nil, helper, &h), 0);
	pthread_sigmask(SIG_BLOCK, nil, &after);
	for(i = 1; i < 32; i++)
		assert_int_equal(sigismember(&after, i), sigismember(&before, i));
	/* the note goes to this thread, not the helper, though the helper was made after */
	p9notify(takenote);
	notetid = 0;
	p9postnote(PNPROC, getpid(), "usr1");
	for(i = 0; i < 500 && notetid == 0; i++)
		usleep(10000);
	assert_int_equal(notetid, gettid());
	p9notify(nil);
	close(p[1]);
	assert_int_equal(pthread_join(t, nil), 0);
	close(p[0]);
	for(i = 0; i < (int)(sizeof notes / sizeof notes[0]); i++)
		assert_int_equal(sigismember(&h.mask, notes[i]), 1);
	for(i = 0; i < (int)(sizeof faults / sizeof faults[0]); i++)
		assert_int_equal(sigismember(&h.mask, faults[i]), 0);
	sigemptyset(&set);
	sigaddset(&set, SIGXCPU);
	pthread_sigmask(SIG_UNBLOCK, &set, nil);
}

static void
test_procsetname(void **state)
{
	char name[32];

	p9procsetname("lib9 %s %d", "test", 42);
	assert_int_equal(prctl(PR_GET_NAME, name, 0, 0, 0), 0);
	assert_string_equal(name, "lib9 test 42");
	assert_int_equal(p9sleep(0), 0);
	assert_int_equal(p9sleep(-1), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sysfatal),
		cmocka_unit_test(test_argbegin),
		cmocka_unit_test(test_exits),
		cmocka_unit_test(test_rfork_wait),
		cmocka_unit_test(test_rfork_notes),
		cmocka_unit_test(test_rfork_threads),
		cmocka_unit_test(test_rfork_fds),
		cmocka_unit_test(test_exec),
		cmocka_unit_test(test_notes),
		cmocka_unit_test(test_notejmp),
		cmocka_unit_test(test_pthreadnonotes),
		cmocka_unit_test(test_procsetname),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
