/* thread.c: threads: creation, stacks with guard pages, ids, names, groups, interrupt and kill. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include "threadimpl.h"
#ifdef T9ASAN
#include <sanitizer/lsan_interface.h>
#endif

enum {
#ifdef T9ASAN
	Minstack = 256*1024,	/* instrumented frames are larger */
#else
	Minstack = 64*1024,	/* glibc and lib9's print want more than Plan 9's 8K */
#endif
	Maxstack = 1<<30,
	Ncache = 64,		/* stacks kept per proc for reuse */
};

Lock _t9threadslk;
Thread *_t9allthreads;
int _t9nextid;

static size_t
pagesize(void)
{
	static size_t pg;

	if(pg == 0)
		pg = sysconf(_SC_PAGESIZE);
	return pg;
}

/*
 * A stack is one mapping: a guard page (no access) at the bottom, where a thread running
 * off its end faults, and the stack above it. Under AddressSanitizer its leak checker is
 * told to look for pointers there.
 */
static int
allocstack(Thread *t, size_t size)
{
	size_t g;
	void *v;

	g = pagesize();
	size += g;
	v = mmap(nil, size, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS|MAP_NORESERVE|MAP_STACK,
		-1, 0);
	if(v == MAP_FAILED)
		return -1;
	if(mprotect(v, g, PROT_NONE) < 0){
		munmap(v, size);
		return -1;
	}
	t->stk = v;
	t->guard = g;
	t->stksize = size;
#ifdef T9ASAN
	__lsan_register_root_region(t->stk + g, size - g);
#endif
	return 0;
}

static void
releasestack(Thread *t)
{
#ifdef T9ASAN
	__lsan_unregister_root_region(t->stk + t->guard, t->stksize - t->guard);
#endif
	munmap(t->stk, t->stksize);
	free(t);
}

/* A dead thread's stack and structure, kept for the next thread of the proc if there is room. */
void
_t9freestack(Proc *p, Thread *t)
{
	Thread **l;
	int n;

	n = 0;
	for(l = (Thread**)&p->stkcache; *l != nil; l = &(*l)->next)
		n++;
	if(n >= Ncache){
		releasestack(t);
		return;
	}
	t->next = (Thread*)p->stkcache;
	p->stkcache = (struct Stkcache*)t;
}

void
_t9stkcachefree(Proc *p)
{
	Thread *t, *n;

	for(t = (Thread*)p->stkcache; t != nil; t = n){
		n = t->next;
		releasestack(t);
	}
	p->stkcache = nil;
}

static Thread*
cachedthread(Proc *p, size_t size)
{
	Thread **l, *t;

	for(l = (Thread**)&p->stkcache; (t = *l) != nil; l = &t->next)
		if(t->stksize - t->guard == size){
			*l = t->next;
			return t;
		}
	return nil;
}

static size_t
stackbytes(uint stacksize)
{
	size_t pg, n;

	n = stacksize < Minstack ? Minstack : stacksize;
	pg = pagesize();
	return (n + pg - 1) & ~(pg - 1);
}

Thread*
_t9threadnew(Proc *p, void (*fn)(void*), void *arg, uint stacksize)
{
	Thread *t, *cur;
	uchar *stk;
	size_t size, stksize, guard;

	if(stacksize > Maxstack){
		p9werrstr("stack size %ud too large", stacksize);
		return nil;
	}
	size = stackbytes(stacksize);
	t = cachedthread(_t9proc(), size);
	if(t != nil){
		stk = t->stk;
		stksize = t->stksize;
		guard = t->guard;
		memset(t, 0, sizeof *t);
		t->stk = stk;
		t->stksize = stksize;
		t->guard = guard;
	}else{
		t = calloc(1, sizeof *t);
		if(t == nil){
			p9oserror(ENOMEM);
			return nil;
		}
		if(allocstack(t, size) < 0){
			p9oserror(errno);
			free(t);
			return nil;
		}
	}
	t->proc = p;
	t->fn = fn;
	t->arg = arg;
	t->state = Ready;
	cur = _t9proc()->cur;
	if(cur != nil)
		t->grp = cur->grp;
	_t9ctxinit(t, _t9threadentry);
	_t9linkthread(t);
	p->nthreads++;
	return t;
}

/* Give t an id and put it on the list of all threads. */
void
_t9linkthread(Thread *t)
{
	_t9lock(&_t9threadslk);
	t->id = ++_t9nextid;
	t->allnext = _t9allthreads;
	if(_t9allthreads != nil)
		_t9allthreads->allprev = t;
	_t9allthreads = t;
	_t9unlock(&_t9threadslk);
}

void
_t9unlinkthread(Thread *t)
{
	_t9lock(&_t9threadslk);
	if(t->allprev != nil)
		t->allprev->allnext = t->allnext;
	else if(_t9allthreads == t)
		_t9allthreads = t->allnext;
	if(t->allnext != nil)
		t->allnext->allprev = t->allprev;
	t->allnext = t->allprev = nil;
	_t9unlock(&_t9threadslk);
}

int
t9threadcreate(void (*fn)(void*), void *arg, uint stacksize)
{
	Proc *p;
	Thread *t;

	p = _t9proc();
	t = _t9threadnew(p, fn, arg, stacksize);
	if(t == nil)
		return -1;
	_t9ready(t);
	return t->id;
}

int
t9threadid(void)
{
	return _t9thread()->id;
}

void
t9threadsetname(const char *fmt, ...)
{
	Thread *t;
	va_list arg;

	t = _t9thread();
	va_start(arg, fmt);
	p9vsnprint(t->name, sizeof t->name, fmt, arg);
	va_end(arg);
}

const char*
t9threadgetname(void)
{
	return _t9thread()->name;
}

void**
t9threaddata(void)
{
	return &_t9thread()->udata;
}

int
t9threadsetgrp(int grp)
{
	Thread *t;
	int old;

	t = _t9thread();
	old = t->grp;
	t->grp = grp;
	return old;
}

int
t9threadgetgrp(void)
{
	return _t9thread()->grp;
}

/*
 * Interrupt or kill the threads matching id (grp false) or group id (grp true). A thread
 * blocked in t9alt is taken off its channels and readied; its t9alt returns -1 or exits.
 * Returns how many threads matched.
 */
static int
signalthreads(int id, int grp, int kill)
{
	Thread *t, *self;
	int n, killself;

	self = _t9thread();
	n = 0;
	killself = 0;
	_t9lock(&_t9threadslk);
	for(t = _t9allthreads; t != nil; t = t->allnext){
		if(grp ? t->grp != id : t->id != id)
			continue;
		n++;
		if(kill){
			if(t == self){
				killself = 1;
				continue;
			}
			t->moribund = 1;
		}
		_t9lock(&_t9chanlk);
		if(t->alts != nil && t->state == Blocked)
			_t9altinterrupt(t);
		_t9unlock(&_t9chanlk);
	}
	_t9unlock(&_t9threadslk);
	_t9flushwakes();
	if(killself){
		self->status = "killed";
		_t9exitthread(self);
	}
	return n;
}

int
t9threadint(int id)
{
	if(signalthreads(id, 0, 0) == 0){
		p9werrstr("no thread %d", id);
		return -1;
	}
	return 0;
}

int
t9threadkill(int id)
{
	if(signalthreads(id, 0, 1) == 0){
		p9werrstr("no thread %d", id);
		return -1;
	}
	return 0;
}

int
t9threadintgrp(int grp)
{
	return signalthreads(grp, 1, 0);
}

int
t9threadkillgrp(int grp)
{
	return signalthreads(grp, 1, 1);
}

/* Called where a thread may die of t9threadkill: it exits if it was killed. */
void
_t9killcheck(void)
{
	Thread *t;

	t = _t9thread();
	if(t->moribund){
		t->status = "killed";
		_t9exitthread(t);
	}
}
