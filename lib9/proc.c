/*
 * proc.c: Plan 9's processes on Unix: p9rfork (and p9fork), p9wait, p9await, p9waitpid,
 * p9exec, p9execl, p9sleep, p9alarm and p9procsetname.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <planten/lib9.h>
#include "lib9impl.h"

/*
 * When each child started, so that a Waitmsg can give its real time: a small table, the
 * oldest entry replaced when it is full (that child's real time is then reported as 0).
 */
enum { Nstart = 256 };
static pthread_mutex_t startlock = PTHREAD_MUTEX_INITIALIZER;
static struct { pid_t pid; vlong ns; } starts[Nstart];
static uint nextstart;

static void
notestart(pid_t pid, vlong ns)
{
	pthread_mutex_lock(&startlock);
	starts[nextstart % Nstart].pid = pid;
	starts[nextstart % Nstart].ns = ns;
	nextstart++;
	pthread_mutex_unlock(&startlock);
}

static vlong
takestart(pid_t pid)
{
	vlong ns;
	int i;

	ns = 0;
	pthread_mutex_lock(&startlock);
	for(i = 0; i < Nstart; i++)
		if(starts[i].pid == pid){
			ns = starts[i].ns;
			starts[i].pid = 0;
			break;
		}
	pthread_mutex_unlock(&startlock);
	return ns;
}

/* What rfork does to the calling process itself (or to a new child, in the child). */
static int
rforkself(int flags)
{
	if(p9_nsrfork(flags) < 0)
		return -1;
	if((flags & RFNOTEG) && setpgid(0, 0) < 0)
		return p9oserror(errno);
	if((flags & RFCENVG) && clearenv() != 0)
		return p9oserror(errno);
	if(flags & RFCFDG){
		if(syscall(SYS_close_range, 0, ~0U, 0) < 0)
			return p9oserror(errno);
	}else if((flags & (RFFDG|RFPROC)) == RFFDG && unshare(CLONE_FILES) < 0)
		return p9oserror(errno);
	/* RFENVG and RFREND: each process already has its own (RFNOMNT went to libns). */
	return 0;
}

/* The calling process's threads, from /proc; 0 if that cannot be read. */
static int
nthreads(void)
{
	char buf[1024], *p;
	int fd, n, i;

	fd = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
	if(fd < 0)
		return 0;
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n <= 0)
		return 0;
	buf[n] = 0;
	/* the name, field 2, is in parentheses and may hold anything; num_threads is field 20 */
	p = strrchr(buf, ')');
	for(i = 3; p != nil && i <= 20; i++)
		p = strchr(p + 1, ' ');
	return p != nil ? atoi(p + 1) : 0;
}

/*
 * A child of our own: fork, or share the fd table when the flags say so. Sharing it takes
 * a raw clone, which runs none of the C library's preparations for fork: a child cloned
 * while another thread held one of its locks (malloc's) would wait for it for ever. So only
 * a process with one thread shares; with more, the child gets a copy of the fd table.
 */
static pid_t
forkchild(int flags)
{
	if((flags & (RFFDG|RFCFDG)) == 0 && nthreads() == 1)
		return syscall(SYS_clone, CLONE_FILES|SIGCHLD, 0, 0, 0, 0);
	return fork();
}

/*
 * RFNOWAIT: the child must not become ours to wait for. A middle process forks the real
 * child (with a copy of the fd table), sends us its pid through a pipe and exits at once,
 * so the child's parent is init.
 */
static pid_t
forkorphan(void)
{
	int p[2], st;
	pid_t mid, pid;
	ssize_t n;

	if(pipe2(p, O_CLOEXEC) < 0)
		return p9oserror(errno);
	mid = fork();
	if(mid < 0){
		close(p[0]);
		close(p[1]);
		return p9oserror(errno);
	}
	if(mid == 0){
		/* the child cannot share our fd table from here: it gets a copy */
		close(p[0]);
		pid = fork();
		if(pid != 0){
			if(write(p[1], &pid, sizeof pid) != sizeof pid)
				_exit(1);
			_exit(0);
		}
		close(p[1]);
		return 0;
	}
	close(p[1]);
	/* a note must not lose the pid: the child runs whatever we say */
	while((n = read(p[0], &pid, sizeof pid)) < 0 && errno == EINTR)
		;
	if(n != sizeof pid)
		pid = -1;
	close(p[0]);
	while(waitpid(mid, &st, 0) < 0 && errno == EINTR)
		;
	if(pid < 0)
		p9werrstr("rfork: cannot start the child");
	return pid;
}

int
p9rfork(int flags)
{
	vlong now;
	pid_t pid;

	if(!(flags & RFPROC))
		return rforkself(flags);
	/*
	 * RFMEM: Unix cannot share the data and heap but not the stack, so the child gets a
	 * copy of the caller's memory. That is right for rfork-then-exec, the common use;
	 * procs that share memory need libthread's proccreate.
	 */
	if((flags & (RFFDG|RFCFDG)) == (RFFDG|RFCFDG) || (flags & (RFNAMEG|RFCNAMEG)) ==
	    (RFNAMEG|RFCNAMEG) || (flags & (RFENVG|RFCENVG)) == (RFENVG|RFCENVG)){
		p9werrstr("bad arg in system call");
		return -1;
	}
	/* the child could not say why it failed: find out here */
	if((flags & RFCNAMEG) && p9_nscheck() < 0)
		return -1;
	now = p9nsec();
	if(flags & RFNOWAIT)
		pid = forkorphan();
	else if((pid = forkchild(flags)) < 0)
		p9oserror(errno);
	if(pid < 0)
		return -1;
	if(pid == 0){
		if(rforkself(flags & ~(RFFDG|RFPROC)) < 0)
			_exit(1);
		return 0;
	}
	if(!(flags & RFNOWAIT))
		notestart(pid, now);
	return pid;
}

int
p9fork(void)
{
	return p9rfork(RFPROC|RFFDG|RFREND);
}

/* Plan 9's words for how a child ended, as lib9.h describes them (and libthread writes). */
static void
waitstatus(int st, char *msg, int nmsg)
{
	if(WIFEXITED(st))
		p9snprint(msg, nmsg, WEXITSTATUS(st) ? "%d" : "", WEXITSTATUS(st));
	else if(WIFSIGNALED(st))
		p9snprint(msg, nmsg, "signal: %s", strsignal(WTERMSIG(st)));
	else
		p9snprint(msg, nmsg, "status %#x", st);
}

static ulong
tvms(struct timeval tv)
{
	return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Wait for any child: fill in w (msg points into msgbuf); returns 0 or -1. */
static int
waitany(Waitmsg *w, char *msgbuf, int nmsg)
{
	struct rusage ru;
	vlong start;
	pid_t pid;
	int st;

	while((pid = wait4(-1, &st, 0, &ru)) < 0)
		if(errno != EINTR){
			if(errno == ECHILD)
				p9werrstr("no living children");
			else
				p9oserror(errno);
			return -1;
		}
	w->pid = pid;
	w->time[0] = tvms(ru.ru_utime);
	w->time[1] = tvms(ru.ru_stime);
	start = takestart(pid);
	w->time[2] = start != 0 ? (p9nsec() - start) / 1000000 : 0;
	waitstatus(st, msgbuf, nmsg);
	w->msg = msgbuf;
	return 0;
}

Waitmsg*
p9wait(void)
{
	char msg[ERRMAX];
	Waitmsg w, *wp;
	int n;

	if(waitany(&w, msg, sizeof msg) < 0)
		return nil;
	n = strlen(msg) + 1;
	wp = malloc(sizeof *wp + n);
	if(wp == nil){
		p9werrstr("out of memory");
		return nil;
	}
	*wp = w;
	wp->msg = (char*)&wp[1];
	memmove(wp->msg, msg, n);
	return wp;
}

int
p9await(char *buf, int n)
{
	char msg[ERRMAX];
	Waitmsg w;
	int m;

	if(waitany(&w, msg, sizeof msg) < 0)
		return -1;
	m = p9snprint(buf, n, "%d %lud %lud %lud %q", w.pid, w.time[0], w.time[1], w.time[2],
		w.msg);
	return m < 0 ? -1 : m;
}

int
p9waitpid(void)
{
	char msg[ERRMAX];
	Waitmsg w;

	if(waitany(&w, msg, sizeof msg) < 0)
		return -1;
	return w.pid;
}

/*
 * The Plan 9 binaries a program names, /bin/rc or /bin/cat, are wherever the user's PATH
 * finds them on Unix: a name under /bin that does not exist is looked up in PATH.
 */
static const char*
binpath(const char *name, char *buf, int nbuf)
{
	const char *path, *p, *e;

	if(strncmp(name, "/bin/", 5) != 0 || access(name, X_OK) == 0)
		return name;
	path = getenv("PATH");
	for(p = path; p != nil && *p; p = *e ? e + 1 : e){
		e = strchr(p, ':');
		if(e == nil)
			e = p + strlen(p);
		p9snprint(buf, nbuf, "%.*s/%s", (int)(e - p), p, name + 5);
		if(e > p && access(buf, X_OK) == 0)
			return buf;
	}
	return name;
}

int
p9exec(const char *name, char *const argv[])
{
	char buf[4096];

	execv(binpath(name, buf, sizeof buf), argv);
	p9oserror(errno);
	p9werrstr("exec %s: %r", name);
	return -1;
}

int
p9execl(const char *name, ...)
{
	va_list arg;
	char **argv;
	int n;

	va_start(arg, name);
	for(n = 0; va_arg(arg, char*) != nil; n++)
		;
	va_end(arg);
	argv = malloc((n + 1) * sizeof argv[0]);
	if(argv == nil){
		p9werrstr("out of memory");
		return -1;
	}
	va_start(arg, name);
	for(n = 0; (argv[n] = va_arg(arg, char*)) != nil; n++)
		;
	va_end(arg);
	p9exec(name, argv);
	free(argv);
	return -1;
}

int
p9sleep(long ms)
{
	struct timespec ts;

	if(ms <= 0){
		sched_yield();
		return 0;
	}
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000;
	if(nanosleep(&ts, nil) < 0)
		return p9oserror(errno);
	return 0;
}

long
p9alarm(ulong ms)
{
	struct itimerval it, old;

	memset(&it, 0, sizeof it);
	it.it_value.tv_sec = ms / 1000;
	it.it_value.tv_usec = (ms % 1000) * 1000;
	if(setitimer(ITIMER_REAL, &it, &old) < 0)
		return p9oserror(errno);
	return old.it_value.tv_sec * 1000 + (old.it_value.tv_usec + 999) / 1000;
}

void
p9procsetname(const char *fmt, ...)
{
	char buf[64];
	va_list arg;

	va_start(arg, fmt);
	p9vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	prctl(PR_SET_NAME, buf, 0, 0, 0);
}
