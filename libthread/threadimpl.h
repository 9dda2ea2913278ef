/* threadimpl.h: libthread's private types: threads, procs, the scheduler's entry points. */
#include <stdatomic.h>
#include <stddef.h>
#include <pthread.h>
#include <planten/thread.h>

#if defined(__SANITIZE_ADDRESS__)
#define T9ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T9ASAN 1
#endif
#endif

/* T9UCONTEXT: the portable switch; defined elsewhere, or by hand to test it */
#if !defined(__x86_64__) && !defined(__aarch64__) && !defined(T9UCONTEXT)
#define T9UCONTEXT 1
#endif
#ifdef T9UCONTEXT
#include <ucontext.h>
#endif

typedef struct Thread Thread;
typedef struct Proc Proc;

enum {
	Running,
	Ready,
	Blocked,
	Dead,
};

/* what a blocked thread waits for, for the deadlock message */
enum {
	Wnone,
	Walt,
	Wqlock,
	Wrlock,
	Wwlock,
	Wrsleep,
};

struct Thread {
	void *sp;		/* saved stack pointer (the switch saves registers below it) */
#ifdef T9UCONTEXT
	ucontext_t uc;
#endif
	Proc *proc;
	int id;
	int grp;
	int state;
	int wait;		/* Wnone... */
	void *waitobj;		/* the lock or rendez waited on, or the Alt array */
	Thread *next;		/* run queue or lock wait queue */
	Thread *allnext, *allprev;	/* every thread, for ids and the deadlock message */
	void (*fn)(void*);
	void *arg;
	uchar *stk;		/* stack allocation (guard page at the bottom), nil for a base */
	size_t stksize;
	size_t guard;		/* bytes of guard at stk */
	void *fakestack;	/* AddressSanitizer's per-fiber state */

	/* the channel operation in progress (under chanlk) */
	Alt *alts;		/* the entries waiting, nil when not in t9alt */
	Alt *chosen;		/* the entry done for us, nil if interrupted */
	int closed;		/* chosen failed by a close */
	int moribund;		/* t9threadkill'ed: exit at the next chance */
	int wantwrite;		/* in an RWLock queue: waiting to write */
	const char *status;	/* exit status */

	void *udata;
	char name[64];
	char errbuf[ERRMAX];
};

struct Proc {
	Lock lk;		/* guards the inbox and sleeping */
	_Atomic int sleeping;	/* futex word: 1 while asleep waiting for a thread */
	Thread *inhead, *intail;	/* threads readied from other procs */
	Thread *runhead, *runtail;	/* ready threads, touched only by this proc */
	Thread *cur;
	Thread *zombie;		/* exited; its stack is freed after the switch away */
	Thread base;		/* the OS thread's own stack and context */
	int nthreads;
	int foreign;		/* an OS thread not started by libthread */
	int spin;		/* poll before sleeping (more than one CPU) */
	char **errslot;
	uvlong rng;
	void *pdata;
	pid_t tid;
	pthread_t pthread;
	void *sigstk;
	Proc *allnext, *allprev;
	struct Stkcache *stkcache;
	Proc *wakes[8];		/* procs to wake once the caller's locks are released */
	int nwakes;
	int spinfails;		/* recent spins that found nothing */
};

#pragma GCC visibility push(hidden)

extern Lock _t9chanlk;
extern Lock _t9threadslk;
extern Thread *_t9allthreads;
extern int _t9nextid;

/* the calling OS thread's proc; _t9proc makes one for it at its first call if need be */
extern _Thread_local Proc *_t9curproc __attribute__((tls_model("initial-exec")));
Proc*	_t9adopt(void);
Proc*	_t9procnew(int foreign);
Thread*	_t9threadnew(Proc *p, void (*fn)(void*), void *arg, uint stacksize);
void	_t9ready(Thread *t);
void	_t9flushwakes(void);
void	_t9sched(void);
void	_t9exitthread(Thread *t) __attribute__((noreturn));
void	_t9killcheck(void);
uint	_t9rand(Proc *p, uint n);
void	_t9lockslow(Lock *l);
void	_t9unlockwake(Lock *l);
void	_t9ctxinit(Thread *t, void (*entry)(void));
void	_t9switch(Thread *from, Thread *to);
void	_t9threadentry(void);
void	_t9freestack(Proc *p, Thread *t);
void	_t9stkcachefree(Proc *p);
void	_t9linkthread(Thread *t);
void	_t9unlinkthread(Thread *t);
const char *_t9channame(Channel *c);
void	_t9altinterrupt(Thread *t);
int	_t9isprogram(void);
void	_t9procstack(Thread *base);
void	_t9siginit(Proc *p);
void	_t9lockinit(void);

static inline Proc*
_t9proc(void)
{
	Proc *p;

	p = _t9curproc;
	if(__builtin_expect(p == nil, 0))
		p = _t9adopt();
	return p;
}

static inline Thread*
_t9thread(void)
{
	return _t9proc()->cur;
}

/* t9lock and t9unlock, inline for the library's own locks */
static inline void
_t9lock(Lock *l)
{
	int v;

	v = 0;
	if(!__atomic_compare_exchange_n(&l->val, &v, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		_t9lockslow(l);
}

static inline void
_t9unlock(Lock *l)
{
	if(__atomic_exchange_n(&l->val, 0, __ATOMIC_RELEASE) == 2)
		_t9unlockwake(l);
}

#pragma GCC visibility pop
