/* lock.c: Lock (spin, then futex); QLock, RWLock and Rendez, which block only the thread; Ref. */
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "threadimpl.h"

/*
 * Lock.val: 0 free, 1 held, 2 held with sleepers (Drepper's "Futexes are tricky", mutex 2).
 * A short spin first: the holders of libthread's locks keep them for a few instructions.
 */
enum { Lockspins = 40 };

void
_t9lockslow(Lock *l)
{
	int v, i;

	for(i = 0; i < Lockspins; i++){
		if(__atomic_load_n(&l->val, __ATOMIC_RELAXED) == 0){
			v = 0;
			if(__atomic_compare_exchange_n(&l->val, &v, 1, 0, __ATOMIC_ACQUIRE,
				__ATOMIC_RELAXED))
				return;
		}
#if defined(__x86_64__) || defined(__i386__)
		__builtin_ia32_pause();
#endif
	}
	while(__atomic_exchange_n(&l->val, 2, __ATOMIC_ACQUIRE) != 0)
		syscall(SYS_futex, &l->val, FUTEX_WAIT_PRIVATE, 2, nil, nil, 0);
}

void
_t9unlockwake(Lock *l)
{
	syscall(SYS_futex, &l->val, FUTEX_WAKE_PRIVATE, 1, nil, nil, 0);
}

void
t9lock(Lock *l)
{
	_t9lock(l);
}

int
t9canlock(Lock *l)
{
	int v;

	v = 0;
	return __atomic_compare_exchange_n(&l->val, &v, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

void
t9unlock(Lock *l)
{
	_t9unlock(l);
}

/* Wait queues of threads, linked through Thread.next (a blocked thread is on no run queue). */
static void
addwaiter(void **head, void **tail, Thread *t)
{
	t->next = nil;
	if(*tail != nil)
		((Thread*)*tail)->next = t;
	else
		*head = t;
	*tail = t;
}

static Thread*
popwaiter(void **head, void **tail)
{
	Thread *t;

	t = *head;
	if(t != nil){
		*head = t->next;
		if(*head == nil)
			*tail = nil;
		t->next = nil;
	}
	return t;
}

/* Block the calling thread, which is queued on a lock whose spin lock l the caller holds. */
static void
block(Thread *t, Lock *l, int wait, void *obj)
{
	t->state = Blocked;
	t->wait = wait;
	t->waitobj = obj;
	_t9unlock(l);
	_t9sched();
	t->wait = Wnone;
}

void
t9qlock(QLock *q)
{
	Thread *t;

	t = _t9thread();
	_t9lock(&q->lk);
	if(q->owner == nil){
		q->owner = t;
		_t9unlock(&q->lk);
		return;
	}
	addwaiter(&q->head, &q->tail, t);
	block(t, &q->lk, Wqlock, q);	/* the unlocker makes us the owner */
}

int
t9canqlock(QLock *q)
{
	int ok;

	_t9lock(&q->lk);
	ok = q->owner == nil;
	if(ok)
		q->owner = _t9thread();
	_t9unlock(&q->lk);
	return ok;
}

/* Hand q to its first waiter; q->lk held. */
static Thread*
handoff(QLock *q)
{
	Thread *t;

	t = popwaiter(&q->head, &q->tail);
	q->owner = t;
	return t;
}

void
t9qunlock(QLock *q)
{
	Thread *t;

	_t9lock(&q->lk);
	t = handoff(q);
	_t9unlock(&q->lk);
	if(t != nil){
		_t9ready(t);
		_t9flushwakes();
	}
}

void
t9rlock(RWLock *l)
{
	Thread *t;

	t = _t9thread();
	_t9lock(&l->lk);
	if(l->writer == nil && l->head == nil){
		l->readers++;
		_t9unlock(&l->lk);
		return;
	}
	t->wantwrite = 0;
	addwaiter(&l->head, &l->tail, t);
	block(t, &l->lk, Wrlock, l);	/* the waker counts us as a reader */
}

int
t9canrlock(RWLock *l)
{
	int ok;

	_t9lock(&l->lk);
	ok = l->writer == nil && l->head == nil;
	if(ok)
		l->readers++;
	_t9unlock(&l->lk);
	return ok;
}

/*
 * Wake the next in line: a writer alone, or every reader up to the next writer.
 * l->lk held; the threads woken are returned linked through next, to be readied unlocked.
 */
static Thread*
rwwake(RWLock *l)
{
	Thread *t, *woken, **tail;

	t = l->head;
	if(t == nil)
		return nil;
	if(t->wantwrite){
		popwaiter(&l->head, &l->tail);
		l->writer = t;
		return t;
	}
	woken = nil;
	tail = &woken;
	while((t = l->head) != nil && !t->wantwrite){
		popwaiter(&l->head, &l->tail);
		l->readers++;
		*tail = t;
		tail = &t->next;
	}
	return woken;
}

static void
readyall(Thread *t)
{
	Thread *n;

	for(; t != nil; t = n){
		n = t->next;
		_t9ready(t);
	}
	_t9flushwakes();
}

void
t9runlock(RWLock *l)
{
	Thread *t;

	t = nil;
	_t9lock(&l->lk);
	if(--l->readers == 0)
		t = rwwake(l);
	_t9unlock(&l->lk);
	readyall(t);
}

void
t9wlock(RWLock *l)
{
	Thread *t;

	t = _t9thread();
	_t9lock(&l->lk);
	if(l->writer == nil && l->readers == 0 && l->head == nil){
		l->writer = t;
		_t9unlock(&l->lk);
		return;
	}
	t->wantwrite = 1;
	addwaiter(&l->head, &l->tail, t);
	block(t, &l->lk, Wwlock, l);
}

int
t9canwlock(RWLock *l)
{
	int ok;

	_t9lock(&l->lk);
	ok = l->writer == nil && l->readers == 0 && l->head == nil;
	if(ok)
		l->writer = _t9thread();
	_t9unlock(&l->lk);
	return ok;
}

void
t9wunlock(RWLock *l)
{
	Thread *t;

	_t9lock(&l->lk);
	l->writer = nil;
	t = rwwake(l);
	_t9unlock(&l->lk);
	readyall(t);
}

/*
 * Rendez. The sleepers' queue is guarded by r->l, which both t9rsleep and t9rwakeup hold.
 * t9rsleep queues the thread, then releases r->l and blocks in one step under r->l's spin
 * lock, so a waker (who must first get r->l) cannot come between.
 */
void
t9rsleep(Rendez *r)
{
	Thread *t, *next;
	QLock *q;

	t = _t9thread();
	q = r->l;
	addwaiter(&r->head, &r->tail, t);
	_t9lock(&q->lk);
	next = handoff(q);
	if(next != nil)
		_t9ready(next);
	block(t, &q->lk, Wrsleep, r);
	t9qlock(q);
}

int
t9rwakeup(Rendez *r)
{
	Thread *t;

	t = popwaiter(&r->head, &r->tail);
	if(t == nil)
		return 0;
	_t9ready(t);
	_t9flushwakes();
	return 1;
}

int
t9rwakeupall(Rendez *r)
{
	int n;

	for(n = 0; t9rwakeup(r); n++)
		;
	return n;
}

long
t9incref(Ref *r)
{
	return __atomic_add_fetch(&r->ref, 1, __ATOMIC_ACQ_REL);
}

long
t9decref(Ref *r)
{
	return __atomic_sub_fetch(&r->ref, 1, __ATOMIC_ACQ_REL);
}
