/*
 * note.c: Plan 9's notes as Unix signals: p9notify, p9noted, p9atnotify, p9postnote, the
 * table between note strings and signals, and helper threads that take no notes.
 *
 * A note arrives as a signal. The handler lib9 installs asks the p9atnotify functions
 * first (the first that returns nonzero has dealt with it), then the p9notify function,
 * which ends by calling p9noted: NCONT jumps back into lib9's handler, which returns and
 * so resumes the interrupted code (a system call it interrupted fails with "interrupted");
 * NDFLT restores the signal's default action and raises it again, so the process ends as
 * Plan 9's would. With neither kind of function the signal keeps its default action.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>

static const struct {
	int sig;
	const char *note;
} notes[] = {
	{ SIGINT, "interrupt" },
	{ SIGHUP, "hangup" },
	{ SIGALRM, "alarm" },
	{ SIGQUIT, "quit" },
	{ SIGTERM, "terminate" },
	{ SIGPIPE, "sys: write on closed pipe" },
	{ SIGUSR1, "usr1" },
	{ SIGUSR2, "usr2" },
	{ SIGKILL, "kill" },
	{ SIGSEGV, "sys: trap: fault" },
	{ SIGBUS, "sys: trap: bus error" },
	{ SIGFPE, "sys: fp: trap" },
	{ SIGILL, "sys: trap: illegal instruction" },
	{ SIGABRT, "sys: abort" },
};

/* The signals a notify function can catch: the asynchronous ones, not traps or kill. */
static const int catchable[] = { SIGINT, SIGHUP, SIGALRM, SIGQUIT, SIGTERM, SIGPIPE, SIGUSR1,
	SIGUSR2 };

const char*
p9signote(int sig)
{
	static _Thread_local char buf[32];
	uint i;

	for(i = 0; i < sizeof notes / sizeof notes[0]; i++)
		if(notes[i].sig == sig)
			return notes[i].note;
	p9snprint(buf, sizeof buf, "sys: signal %d", sig);
	return buf;
}

int
p9notesig(const char *note)
{
	uint i;

	for(i = 0; i < sizeof notes / sizeof notes[0]; i++)
		if(strcmp(notes[i].note, note) == 0)
			return notes[i].sig;
	return SIGTERM;		/* any other note: Unix can carry no string */
}

enum { Natnotify = 32 };

static pthread_mutex_t notelock = PTHREAD_MUTEX_INITIALIZER;
static void (*notifyfn)(void*, char*);
static int (*atnotifyfn[Natnotify])(void*, char*);
static int installed;

/* The handler's frame while a notify function runs, for p9noted to jump back to. */
static _Thread_local sigjmp_buf *notedjmp;

static void
sighandler(int sig)
{
	char note[ERRMAX];
	int (*af)(void*, char*);
	void (*nf)(void*, char*);
	sigjmp_buf jb, *outer;
	int i, saverr, how;
	volatile int handled;

	saverr = errno;
	p9strecpy(note, note + sizeof note, p9signote(sig));
	handled = 0;
	for(i = 0; i < Natnotify && !handled; i++){
		af = atnotifyfn[i];
		if(af != nil && af(nil, note))
			handled = 1;
	}
	nf = notifyfn;
	if(!handled && nf != nil){
		outer = notedjmp;
		notedjmp = &jb;
		how = sigsetjmp(jb, 0);
		if(how == 0){
			nf(nil, note);
			how = 1 + NCONT;	/* returned without noted: carry on */
		}
		notedjmp = outer;
		handled = how - 1 == NCONT;
	}
	if(!handled){
		signal(sig, SIG_DFL);
		raise(sig);	/* blocked until the handler returns, then fatal */
	}
	errno = saverr;
}

static int
install(void)
{
	struct sigaction sa;
	uint i;

	if(installed)
		return 0;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = sighandler;
	sigemptyset(&sa.sa_mask);
	for(i = 0; i < sizeof catchable / sizeof catchable[0]; i++)
		sigaddset(&sa.sa_mask, catchable[i]);
	for(i = 0; i < sizeof catchable / sizeof catchable[0]; i++)
		if(sigaction(catchable[i], &sa, nil) < 0)
			return p9oserror(errno);
	installed = 1;
	return 0;
}

static void
uninstall(void)
{
	uint i;

	if(!installed || notifyfn != nil)
		return;
	for(i = 0; i < Natnotify; i++)
		if(atnotifyfn[i] != nil)
			return;
	for(i = 0; i < sizeof catchable / sizeof catchable[0]; i++)
		signal(catchable[i], SIG_DFL);
	installed = 0;
}

int
p9notify(void (*f)(void*, char*))
{
	int r;

	pthread_mutex_lock(&notelock);
	notifyfn = f;
	r = f != nil ? install() : 0;
	if(f == nil)
		uninstall();
	pthread_mutex_unlock(&notelock);
	return r;
}

int
p9atnotify(int (*f)(void*, char*), int in)
{
	int i, r;

	r = 0;
	pthread_mutex_lock(&notelock);
	for(i = 0; i < Natnotify; i++){
		if(in && atnotifyfn[i] == nil){
			atnotifyfn[i] = f;
			r = install() == 0;
			break;
		}
		if(!in && atnotifyfn[i] == f){
			atnotifyfn[i] = nil;
			uninstall();
			r = 1;
			break;
		}
	}
	pthread_mutex_unlock(&notelock);
	return r;
}

int
p9noted(int how)
{
	if(notedjmp == nil || (how != NCONT && how != NDFLT)){
		p9werrstr("bad arg in system call");
		return -1;
	}
	siglongjmp(*notedjmp, 1 + how);
}

int
p9postnote(int group, int pid, const char *note)
{
	pid_t pg;
	int sig;

	sig = p9notesig(note);
	if(pid <= 0){
		/* kill(2) would take 0 and below for process groups, and -1 for every process */
		p9werrstr("no process %d", pid);
		return -1;
	}
	if(group == PNGROUP){
		pg = getpgid(pid);
		if(pg < 0)
			return p9oserror(errno);
		pid = -pg;
	}else if(group != PNPROC){
		p9werrstr("bad arg in system call");
		return -1;
	}
	if(kill(pid, sig) < 0)
		return p9oserror(errno);
	return 0;
}

/*
 * Leave a notify function for a setjmp point elsewhere, as Plan 9's notejmp: the note
 * signals the handler blocked are unblocked first, since the handler will not return.
 */
void
p9notejmp(void *ureg, jmp_buf jb, int ret)
{
	sigset_t set;
	uint i;

	(void)ureg;
	sigemptyset(&set);
	for(i = 0; i < sizeof catchable / sizeof catchable[0]; i++)
		sigaddset(&set, catchable[i]);
	notedjmp = nil;
	sigprocmask(SIG_UNBLOCK, &set, nil);
	longjmp(jb, ret);
}

/*
 * A library's helper thread starts with the asynchronous signals blocked: they are the
 * program's notes, for its own threads to take (a notify function that jumps back into the
 * program must not run there). Faults stay unblocked, to be reported where they happen.
 */
int
p9pthreadnonotes(pthread_t *t, const pthread_attr_t *attr, void *(*fn)(void*), void *arg)
{
	static const int faults[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGSYS, SIGABRT };
	sigset_t all, old;
	uint i;
	int e;

	sigfillset(&all);
	for(i = 0; i < sizeof faults / sizeof faults[0]; i++)
		sigdelset(&all, faults[i]);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	e = pthread_create(t, attr, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, nil);
	if(e != 0){
		p9oserror(e);
		return -1;
	}
	return 0;
}
