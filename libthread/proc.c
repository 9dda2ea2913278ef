/* proc.c: procs (OS threads), their run queues, sleeping and waking, and deadlock detection. */
#include <errno.h>
#include <sched.h>
#include <time.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include "threadimpl.h"

/*
 * Waking. A thread readied by its own proc goes on the proc's run queue, which only that
 * proc touches. One readied by another proc goes on the proc's inbox, under the proc's
 * lock; if the proc sleeps, the waker clears its sleeping word and wakes it with a futex.
 * A proc with nothing to run spins briefly on its inbox (a reply from another proc often
 * comes within microseconds) before it sleeps.
 *
 * Deadlock. nawake counts the procs not asleep in the scheduler: libthread's procs and the
 * foreign OS threads that ever called in (which may call again). A proc going to sleep
 * takes itself off; a waker puts the sleeper back on before the sleeper could miss it, so
 * the count reaches zero only when every proc sleeps and none can wake another: in a
 * program started by t9main that is reported and the program exits. (An OS thread that
 * never called libthread cannot be seen; a program whose threads wait for one must start
 * it from a proc or let it call in first.)
 */
enum {
	Spinns = 20000,		/* ns of polling the inbox before sleeping */
	Mainstack = 256*1024,
	Sigstack = 64*1024,
};

_Thread_local Proc *_t9curproc __attribute__((tls_model("initial-exec")));
#define curproc _t9curproc
static pthread_key_t procKey;
static pthread_once_t procKeyOnce = PTHREAD_ONCE_INIT;
static Lock procslk;
static Proc *allprocs;
static int nprocs;			/* libthread's own procs alive */
static _Atomic int nawake;
static int isprogram;			/* started by t9main */
static const char *argv0 = "threadmain";
static Proc *mainproc;
static const char *_Atomic mainstatus;	/* of the main proc's last thread */

static void
futexwait(_Atomic int *addr, int val)
{
	syscall(SYS_futex, addr, FUTEX_WAIT_PRIVATE, val, nil, nil, 0);
}

static void
futexwake(_Atomic int *addr)
{
	syscall(SYS_futex, addr, FUTEX_WAKE_PRIVATE, 1, nil, nil, 0);
}

static inline void
relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#elif defined(__aarch64__)
	__asm__ volatile("yield");
#endif
}

int
_t9isprogram(void)
{
	return isprogram;
}

static void
reapzombie(Proc *p)
{
	if(p->zombie != nil){
		_t9freestack(p, p->zombie);
		p->zombie = nil;
	}
}

/* A foreign OS thread is ending: its proc (in its TLS) goes with it. */
static void
procdetach(void *v)
{
	Proc *p;

	p = v;
	_t9unlinkthread(&p->base);
	reapzombie(p);
	_t9stkcachefree(p);
	atomic_fetch_sub(&nawake, 1);
	curproc = nil;
}

static void
mkkey(void)
{
	pthread_key_create(&procKey, procdetach);
}

static void
procinit(Proc *p, int foreign)
{
	p->foreign = foreign;
	p->base.proc = p;
	p->base.state = Running;
	p->rng = (uvlong)(uintptr_t)p * 0x9E3779B97F4A7C15ULL | 1;
}

Proc*
_t9procnew(int foreign)
{
	Proc *p;

	p = calloc(1, sizeof *p);
	if(p != nil)
		procinit(p, foreign);
	return p;
}

/* The stack of the calling OS thread, for the base thread's bounds. */
void
_t9procstack(Thread *base)
{
	pthread_attr_t attr;
	void *addr;
	size_t size;

	if(pthread_getattr_np(pthread_self(), &attr) != 0)
		return;
	if(pthread_attr_getstack(&attr, &addr, &size) == 0){
		base->stk = addr;
		base->stksize = size;
	}
	pthread_attr_destroy(&attr);
}

/* Spinning only helps when another CPU can run the proc that will wake us. */
static int
manycpus(void)
{
	cpu_set_t set;

	if(sched_getaffinity(0, sizeof set, &set) < 0)
		return 1;
	return CPU_COUNT(&set) > 1;
}

static void
procbind(Proc *p)
{
	p->spin = manycpus();
	curproc = p;
	p->tid = (pid_t)syscall(SYS_gettid);
	p->pthread = pthread_self();
	p->errslot = p9errbufslot();
	_t9procstack(&p->base);
}

/*
 * An OS thread that libthread did not start becomes a proc with itself as its thread. Its
 * Proc lives in its thread-local storage, so this cannot fail for want of memory.
 */
Proc*
_t9adopt(void)
{
	static _Thread_local Proc own;
	Proc *p;
	Thread *t;

	pthread_once(&procKeyOnce, mkkey);
	p = &own;
	procinit(p, 1);
	procbind(p);
	t = &p->base;
	p->cur = t;
	p->nthreads = 1;
	_t9linkthread(t);
	atomic_fetch_add(&nawake, 1);
	pthread_setspecific(procKey, p);
	return p;
}

uint
_t9rand(Proc *p, uint n)
{
	uvlong x;

	x = p->rng;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	p->rng = x;
	return (uint)((x >> 32) * n >> 32);
}

void
_t9ready(Thread *t)
{
	Proc *p, *me;
	int wake;

	p = t->proc;
	t->state = Ready;
	t->next = nil;
	if(p == curproc){
		if(p->runtail != nil)
			p->runtail->next = t;
		else
			p->runhead = t;
		p->runtail = t;
		return;
	}
	wake = 0;
	_t9lock(&p->lk);
	if(p->intail != nil)
		p->intail->next = t;
	else
		__atomic_store_n(&p->inhead, t, __ATOMIC_RELEASE);
	p->intail = t;
	if(atomic_load_explicit(&p->sleeping, memory_order_relaxed)){
		atomic_store(&p->sleeping, 0);
		atomic_fetch_add(&nawake, 1);
		wake = 1;
	}
	_t9unlock(&p->lk);
	if(!wake)
		return;
	/*
	 * The caller often holds a lock (a channel's) that the woken proc wants at once; on a
	 * busy or single CPU waking it now would make it run into that lock and sleep again.
	 * So the wake waits for _t9flushwakes, which the library calls after unlocking.
	 */
	me = curproc;
	if(me != nil && me->nwakes < (int)(sizeof me->wakes / sizeof me->wakes[0]))
		me->wakes[me->nwakes++] = p;
	else
		futexwake(&p->sleeping);
}

void
_t9flushwakes(void)
{
	Proc *me;

	me = curproc;
	if(me == nil)
		return;
	while(me->nwakes > 0)
		futexwake(&me->wakes[--me->nwakes]->sleeping);
}

static const char*
waitstr(Thread *t, char *buf, int n)
{
	Alt *a;
	char *p, *e;

	switch(t->state){
	case Ready:
	case Running:
		return "ready";
	case Dead:
		return "exiting";
	}
	switch(t->wait){
	case Walt:
		p = buf;
		e = buf + n;
		for(a = t->waitobj; a->op != CHANEND && a->op != CHANNOBLK; a++){
			if(a->op == CHANNOP)
				continue;
			p = p9seprint(p, e, "%s%s %s", p == buf ? "" : ", ",
				a->op == CHANSND ? "send on" : "recv on", _t9channame(a->c));
		}
		if(p == buf)
			return "alt with no channels";
		return buf;
	case Wqlock:
		return "qlock";
	case Wrlock:
		return "rlock";
	case Wwlock:
		return "wlock";
	case Wrsleep:
		return "rsleep";
	}
	return "blocked";
}

/* Every proc sleeps and none can wake another: say so and end the program. */
static void
deadlock(void)
{
	Thread *t;
	char buf[256];
	Fmt f;
	char out[8192];

	p9fmtbufinit(&f, out, sizeof out);
	p9fmtprint(&f, "%s: deadlock: all threads are blocked\n", argv0);
	_t9lock(&_t9threadslk);
	for(t = _t9allthreads; t != nil; t = t->allnext)
		p9fmtprint(&f, "\tthread %d%s%s%s: %s\n", t->id, t->name[0] ? " \"" : "", t->name,
			t->name[0] ? "\"" : "", waitstr(t, buf, sizeof buf));
	_t9unlock(&_t9threadslk);
	p9write(2, out, strlen(out));
	_exit(1);
}

/* Nothing to run: spin on the inbox for a while, then sleep until a thread arrives. */
static void
idle(Proc *p)
{
	struct timespec ts;
	vlong t0, t, limit;
	int i;

	/*
	 * Spin only while spinning pays: after a few spins in a row that found nothing (the
	 * procs that would wake us are not running: a loaded machine) spin just briefly,
	 * until a spin succeeds again.
	 */
	limit = p->spinfails < 4 ? Spinns : Spinns / 20;
	t0 = 0;
	for(i = 1; p->spin; i++){
		if(__atomic_load_n(&p->inhead, __ATOMIC_ACQUIRE) != nil){
			p->spinfails = 0;
			return;
		}
		relax();
		if(i % 16 == 0){
			clock_gettime(CLOCK_MONOTONIC, &ts);
			t = ts.tv_sec * 1000000000LL + ts.tv_nsec;
			if(t0 == 0)
				t0 = t;
			else if(t - t0 > limit){
				p->spinfails++;
				break;
			}
		}
	}
	_t9lock(&p->lk);
	if(p->inhead != nil){
		_t9unlock(&p->lk);
		return;
	}
	atomic_store(&p->sleeping, 1);
	if(atomic_fetch_sub(&nawake, 1) == 1 && isprogram){
		_t9unlock(&p->lk);
		deadlock();
	}
	_t9unlock(&p->lk);
	while(atomic_load(&p->sleeping))
		futexwait(&p->sleeping, 1);
}

/* The next thread to run, waiting for one if need be (it may be the caller). */
static Thread*
nextready(Proc *p)
{
	Thread *t;

	for(;;){
		if((t = p->runhead) != nil){
			p->runhead = t->next;
			if(p->runhead == nil)
				p->runtail = nil;
			t->next = nil;
			return t;
		}
		if(__atomic_load_n(&p->inhead, __ATOMIC_ACQUIRE) != nil){
			_t9lock(&p->lk);
			p->runhead = p->inhead;
			p->runtail = p->intail;
			p->inhead = p->intail = nil;
			_t9unlock(&p->lk);
			continue;
		}
		idle(p);
	}
}

static void
switchto(Proc *p, Thread *from, Thread *to)
{
	p->cur = to;
	to->state = Running;
	*p->errslot = to == &p->base ? nil : to->errbuf;
	_t9switch(from, to);
	reapzombie(curproc);
}

/*
 * The running thread has queued itself somewhere (a run queue, a channel, a lock) or
 * died: run the next ready thread of the proc until something readies the caller again.
 */
void
_t9sched(void)
{
	Proc *p;
	Thread *t, *n;

	p = curproc;
	t = p->cur;
	if(p->nwakes > 0)
		_t9flushwakes();
	n = nextready(p);
	if(n == t){
		t->state = Running;
		return;
	}
	switchto(p, t, n);
}

int
t9yield(void)
{
	Proc *p;
	Thread *t, *u;
	int n;

	p = _t9proc();
	t = p->cur;
	_t9killcheck();
	if(__atomic_load_n(&p->inhead, __ATOMIC_ACQUIRE) != nil){
		_t9lock(&p->lk);
		if(p->runtail != nil)
			p->runtail->next = p->inhead;
		else
			p->runhead = p->inhead;
		p->runtail = p->intail;
		p->inhead = p->intail = nil;
		_t9unlock(&p->lk);
	}
	if(p->runhead == nil)
		return 0;
	n = 0;
	for(u = p->runhead; u != nil; u = u->next)
		n++;
	_t9ready(t);
	_t9sched();
	return n;
}

/* Take p off the list of libthread's procs; returns how many remain. */
static int
removeproc(Proc *p)
{
	int n;

	_t9lock(&procslk);
	if(p->allprev != nil)
		p->allprev->allnext = p->allnext;
	else
		allprocs = p->allnext;
	if(p->allnext != nil)
		p->allnext->allprev = p->allprev;
	n = --nprocs;
	_t9unlock(&procslk);
	return n;
}

/* The proc has no thread left: leave, ending the program with the last one. */
static void
procexit(Proc *p)
{
	int last;
	const char *s;

	reapzombie(p);
	last = removeproc(p) == 0;
	if(last && isprogram){
		s = atomic_load(&mainstatus);
		exit(s != nil && *s ? 1 : 0);
	}
	_t9stkcachefree(p);
	curproc = nil;
	if(p->sigstk != nil){
		stack_t ss = { .ss_flags = SS_DISABLE };
		sigaltstack(&ss, nil);
		free(p->sigstk);
	}
	free(p);
	if(atomic_fetch_sub(&nawake, 1) == 1 && isprogram)
		deadlock();
}

/* Run a new proc's threads on its OS thread, from its base context, until none is left. */
static void
runproc(Proc *p)
{
	Thread *n;

	p->cur = &p->base;
	n = nextready(p);
	switchto(p, &p->base, n);
	procexit(p);
}

static void*
procmain(void *v)
{
	Proc *p;

	p = v;
	procbind(p);
	_t9siginit(p);
	runproc(p);
	return nil;
}

static void
addproc(Proc *p)
{
	_t9lock(&procslk);
	p->allnext = allprocs;
	if(allprocs != nil)
		allprocs->allprev = p;
	allprocs = p;
	nprocs++;
	_t9unlock(&procslk);
	atomic_fetch_add(&nawake, 1);
}

int
t9proccreate(void (*fn)(void*), void *arg, uint stacksize)
{
	Proc *p;
	Thread *t;
	pthread_attr_t attr;
	int id, err;

	_t9proc();
	p = _t9procnew(0);
	if(p == nil)
		return p9oserror(ENOMEM);
	t = _t9threadnew(p, fn, arg, stacksize);
	if(t == nil){
		free(p);
		return -1;
	}
	id = t->id;
	p->runhead = p->runtail = t;
	t->state = Ready;
	addproc(p);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 128*1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&p->pthread, &attr, procmain, p);
	pthread_attr_destroy(&attr);
	if(err != 0){
		/* undo as if the proc had run and its thread exited at once */
		p->runhead = p->runtail = nil;
		_t9unlinkthread(t);
		_t9freestack(p, t);
		removeproc(p);
		atomic_fetch_sub(&nawake, 1);
		_t9stkcachefree(p);
		free(p);
		return p9oserror(err);
	}
	return id;
}

int
t9threadpid(int id)
{
	Thread *t;
	int pid;

	pid = -1;
	_t9lock(&_t9threadslk);
	for(t = _t9allthreads; t != nil; t = t->allnext)
		if(t->id == id){
			pid = t->proc->tid;
			break;
		}
	_t9unlock(&_t9threadslk);
	if(pid < 0)
		p9werrstr("no thread %d", id);
	return pid;
}

void**
t9procdata(void)
{
	return &_t9proc()->pdata;
}

/*
 * The calling thread is done. The last thread of a proc goes back to the proc's base
 * context, which ends the proc; otherwise the proc runs its next thread, which frees the
 * dead one's stack (it cannot be freed while still in use).
 */
void
_t9exitthread(Thread *t)
{
	Proc *p;

	p = t->proc;
	_t9unlinkthread(t);
	t->state = Dead;
	p->nthreads--;
	if(p == mainproc && p->nthreads == 0)
		atomic_store(&mainstatus, t->status);
	if(t == &p->base){
		/* a foreign OS thread ends itself; its proc goes with it */
		pthread_exit(nil);
	}
	p->zombie = t;
	_t9flushwakes();
	if(p->nthreads == 0 && !p->foreign){
		p->cur = &p->base;
		*p->errslot = nil;
		_t9switch(t, &p->base);
	}
	_t9sched();
	abort();	/* a dead thread is never scheduled again */
}

void
t9threadexits(const char *status)
{
	Thread *t;

	t = _t9thread();
	t->status = status;
	_t9exitthread(t);
}

void
t9threadexitsall(const char *status)
{
	exit(status != nil && *status ? 1 : 0);
}

/* Stack overflow: a fault in the running thread's guard page. */
static void
segv(int sig, siginfo_t *si, void *uc)
{
	Proc *p;
	Thread *t;
	uchar *a;
	char buf[160];
	int n;

	p = curproc;
	a = si->si_addr;
	if(p != nil && (t = p->cur) != nil && t->guard > 0 && a >= t->stk - 65536
	&& a < t->stk + t->guard){
		n = p9snprint(buf, sizeof buf, "%s: thread %d%s%s%s: stack overflow\n", argv0, t->id,
			t->name[0] ? " \"" : "", t->name, t->name[0] ? "\"" : "");
		if(write(2, buf, n) < 0){
			/* dying anyway */
		}
	}
	signal(sig, SIG_DFL);	/* the fault comes again and ends the program */
}

void
_t9siginit(Proc *p)
{
	stack_t ss;

	if(!isprogram)
		return;
	p->sigstk = malloc(Sigstack);
	if(p->sigstk == nil)
		return;
	ss.ss_sp = p->sigstk;
	ss.ss_size = Sigstack;
	ss.ss_flags = 0;
	sigaltstack(&ss, nil);
}

typedef struct Mainarg Mainarg;
struct Mainarg {
	int argc;
	char **argv;
	void (*fn)(int, char**);
};

static void
mainthread(void *v)
{
	Mainarg *m;

	m = v;
	t9threadsetname("threadmain");
	m->fn(m->argc, m->argv);
	t9threadexits(nil);
}

void
t9main(int argc, char **argv, void (*fn)(int, char**), uint stacksize)
{
	static Mainarg m;
	struct sigaction sa, old;
	Proc *p;
	Thread *t;
	const char *s;

	isprogram = 1;
	if(argc > 0 && argv[0] != nil){
		s = strrchr(argv[0], '/');
		argv0 = s != nil ? s + 1 : argv[0];
	}
	if(curproc != nil){
		p9fprint(2, "%s: t9main called after other libthread calls\n", argv0);
		exit(1);
	}
	p = _t9procnew(0);
	if(p == nil){
		p9fprint(2, "%s: out of memory\n", argv0);
		exit(1);
	}
	procbind(p);
	addproc(p);
	mainproc = p;
	_t9siginit(p);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = segv;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
	sigemptyset(&sa.sa_mask);
	if(sigaction(SIGSEGV, nil, &old) == 0 && old.sa_handler == SIG_DFL)
		sigaction(SIGSEGV, &sa, nil);
	m.argc = argc;
	m.argv = argv;
	m.fn = fn;
	t = _t9threadnew(p, mainthread, &m, stacksize != 0 ? stacksize : Mainstack);
	if(t == nil){
		p9fprint(2, "%s: threadmain: %r\n", argv0);
		exit(1);
	}
	p->runhead = p->runtail = t;
	t->state = Ready;
	runproc(p);
	pthread_exit(nil);
}
