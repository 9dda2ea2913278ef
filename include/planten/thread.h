/*
 * thread.h: libthread, Plan 9 threads and channels on Unix. Every exported function carries
 * the prefix t9; the types (Channel, Alt, Lock, QLock, RWLock, Rendez, Ioproc) and the
 * CHAN* constants keep Plan 9's names. See thread(3).
 *
 * A proc is an operating-system thread; a proc runs threads, one at a time, and switches
 * between them only when the running one blocks in this library (a channel operation, a
 * QLock, RWLock or Rendez, t9yield, an exit). A switch makes no system call.
 * Any operating-system thread may call these functions: one that libthread did not create
 * becomes a proc of its own at its first call (its own stack is its one thread).
 *
 * Errors are returned as -1 or nil with the thread's error string set (lib9's errstr is per
 * libthread thread). The library never prints or exits, except that a program started by
 * t9main ends with a message when every thread is blocked for good (a deadlock), as
 * Plan 9's libthread programs do, and reports a thread's stack overflow before dying of it.
 */
#ifndef PLANTEN_THREAD_H
#define PLANTEN_THREAD_H

#define PLANTEN_THREAD_API 1

#include <stdarg.h>
#include <planten/lib9.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct Channel Channel;
typedef struct Alt Alt;
typedef struct Lock Lock;
typedef struct QLock QLock;
typedef struct RWLock RWLock;
typedef struct Rendez Rendez;
typedef struct Ioproc Ioproc;

/*
 * Starting a program. t9main runs fn(argc, argv) as the first thread of the program's first
 * proc, on a stack of stacksize bytes (0: the default), and never returns: the program exits
 * when its last thread exits, with status 0 if the t9threadexits status of the first proc's
 * last thread (as a Plan 9 parent sees it: usually threadmain's) was nil or empty, else 1;
 * at t9threadexitsall; or with a message on standard error when all its threads are
 * blocked for good. A program may instead link libthreadmain (pkg-config
 * thread-main), whose main calls t9main(argc, argv, threadmain, mainstacksize) with the
 * program's own threadmain function and, if the program defines it, int mainstacksize.
 */
void	t9main(int argc, char **argv, void (*fn)(int, char**), uint stacksize) __attribute__((noreturn));

/*
 * Threads and procs.
 * t9threadcreate starts fn(arg) as a new thread in the calling proc, ready to run when the
 *	caller next blocks; t9proccreate starts it as the first thread of a new proc. Both
 *	return the new thread's id (> 0), or -1 with errstr set. stacksize is rounded up to a
 *	minimum (see thread(3)); below the stack is a guard page where the platform allows.
 * t9threadexits ends the calling thread (its proc when it was the last one, the program
 *	when it was the last of all); t9threadexitsall ends the program at once (status 0 if
 *	status is nil or empty, else 1).
 * t9threadid is the calling thread's id; t9threadpid the proc (OS thread id) running id.
 * t9threadsetname (a print format) and t9threadgetname name the calling thread.
 * t9threadint interrupts thread id if it is blocked in a channel operation: the operation
 *	returns -1 with errstr "interrupted". t9threadkill makes thread id exit at its next
 *	channel operation or t9yield (at once when blocked in one). Both return 0, or -1 if no
 *	thread has that id. The grp forms act on every thread of a group (t9threadsetgrp,
 *	t9threadgetgrp; a new thread inherits its creator's group).
 * t9yield lets the proc's other ready threads run; it returns how many were ready.
 * t9threaddata and t9procdata are a pointer slot of the thread and of the proc, nil at first.
 */
int	t9threadcreate(void (*fn)(void*), void *arg, uint stacksize);
int	t9proccreate(void (*fn)(void*), void *arg, uint stacksize);
void	t9threadexits(const char *status) __attribute__((noreturn));
void	t9threadexitsall(const char *status) __attribute__((noreturn));
int	t9threadid(void);
int	t9threadpid(int id);
void	t9threadsetname(const char *fmt, ...);
const char *t9threadgetname(void);
int	t9threadint(int id);
int	t9threadkill(int id);
int	t9threadsetgrp(int grp);
int	t9threadgetgrp(void);
int	t9threadintgrp(int grp);
int	t9threadkillgrp(int grp);
int	t9yield(void);
void**	t9threaddata(void);
void**	t9procdata(void);

/*
 * Channels.
 * t9chancreate makes a channel of elements of elemsize bytes with a buffer of bufsize
 *	elements (0: unbuffered, a send waits for its receiver); nil and errstr on bad sizes or
 *	no memory. t9chanfree frees it and returns 0, or returns -1 ("channel in use") and frees
 *	nothing while a thread is blocked on it. t9chansetname names it for messages.
 * t9send and t9recv copy one element from or to v (a nil v sends zeros, or drops what is
 *	received); they block until done and return 1, or -1 when interrupted or the channel is
 *	closed. t9nbsend and t9nbrecv never block: 1 done, 0 not ready (or closed, as in
 *	9front).
 * The p forms move a pointer and the ul forms a ulong on channels of that element size
 *	(another size is an error: -1 or nil/0 with errstr set); t9recvp gives nil and t9recvul
 *	~0 on error, t9nbrecvp nil and t9nbrecvul 0 when nothing is ready.
 * t9chanclose closes c (-1 if it already was): sends fail; receives take what is buffered,
 *	then fail. t9chanclosing is -1 for an open channel, else the number of elements left.
 * t9chanprint sends a malloc'd formatted string (p9smprint) on a channel of pointers.
 * t9alt does one of several operations: alts is an array of Alt ended by an entry with op
 *	CHANEND (block until one can be done) or CHANNOBLK (return that entry's index if none
 *	can be done at once); entries with op CHANNOP are skipped. Among the operations ready
 *	it picks one at random, does it and returns its index. It returns -1 (errstr set) when
 *	interrupted, when an entry has a nil channel or a bad op, or when every channel is
 *	closed and was already reported; an operation failed by a close is returned with its
 *	err set to "channel was closed" (err is nil otherwise).
 */
enum {
	CHANEND,
	CHANSND,
	CHANRCV,
	CHANNOP,
	CHANNOBLK,
};

struct Alt {
	Channel *c;	/* channel */
	void *v;	/* pointer to the value sent or the place received into */
	int op;		/* CHANSND, CHANRCV, CHANNOP, or CHANEND/CHANNOBLK ending the array */
	char *err;	/* set by t9alt: nil, or why the operation failed */
	/* private to the library */
	void *xthread;
	Alt *xnext, *xprev;
};

Channel* t9chancreate(int elemsize, int bufsize);
int	t9chanfree(Channel *c);
void	t9chansetname(Channel *c, const char *fmt, ...);
int	t9chanclose(Channel *c);
int	t9chanclosing(Channel *c);
int	t9alt(Alt *alts);
int	t9send(Channel *c, void *v);
int	t9recv(Channel *c, void *v);
int	t9nbsend(Channel *c, void *v);
int	t9nbrecv(Channel *c, void *v);
int	t9sendp(Channel *c, void *p);
void*	t9recvp(Channel *c);
int	t9nbsendp(Channel *c, void *p);
void*	t9nbrecvp(Channel *c);
int	t9sendul(Channel *c, ulong v);
ulong	t9recvul(Channel *c);
int	t9nbsendul(Channel *c, ulong v);
ulong	t9nbrecvul(Channel *c);
int	t9chanprint(Channel *c, const char *fmt, ...);

/*
 * Locks, usable across procs; a zeroed one is unlocked (ready).
 * Lock is a spin lock that blocks the whole proc (keep it short); t9canlock does not wait.
 * QLock, RWLock and Rendez block only the calling thread: the proc's other threads run.
 * QLock and RWLock are handed to waiters in order of arrival (a writer waiting holds back
 * later readers). t9rsleep (with r->l held) releases it, waits for t9rwakeup and takes it
 * again; t9rwakeup wakes one sleeper and t9rwakeupall all (with r->l held), both returning
 * how many they woke.
 */
struct Lock {
	int val;
};

struct QLock {
	Lock lk;
	void *owner;
	void *head, *tail;
};

struct RWLock {
	Lock lk;
	int readers;
	void *writer;
	void *head, *tail;
};

struct Rendez {
	QLock *l;
	void *head, *tail;
};

void	t9lock(Lock *l);
int	t9canlock(Lock *l);
void	t9unlock(Lock *l);
void	t9qlock(QLock *q);
int	t9canqlock(QLock *q);
void	t9qunlock(QLock *q);
void	t9rlock(RWLock *l);
int	t9canrlock(RWLock *l);
void	t9runlock(RWLock *l);
void	t9wlock(RWLock *l);
int	t9canwlock(RWLock *l);
void	t9wunlock(RWLock *l);
void	t9rsleep(Rendez *r);
int	t9rwakeup(Rendez *r);
int	t9rwakeupall(Rendez *r);

/*
 * Reference counts, as 9front's thread.h has them: atomic, usable across procs.
 * t9incref adds one and returns the new count; t9decref takes one away and returns the
 * new count (0: the last reference is gone).
 */
typedef struct Ref Ref;
struct Ref {
	long ref;
};

long	t9incref(Ref *r);
long	t9decref(Ref *r);

/*
 * I/O procs: a thread hands a blocking call to an ioproc (a proc of its own) and blocks
 * until it is done, while its own proc's other threads run. One call at a time per
 * ioproc. t9iocall runs op(&args) in the ioproc and returns what op returns; op's errstr
 * comes back as the caller's. The others are the Unix calls of their names done there
 * (t9ioopen takes open(2) flags; t9ioreadn reads until n bytes or end of file; t9iosleep
 * sleeps ms milliseconds; t9iodial is lib9's p9dial). t9iointerrupt makes a call in
 * progress fail (errno EINTR, "interrupted"), as a note would. t9closeioproc ends it.
 */
Ioproc*	t9ioproc(void);
void	t9closeioproc(Ioproc *io);
void	t9iointerrupt(Ioproc *io);
long	t9iocall(Ioproc *io, long (*op)(va_list*), ...);
int	t9ioopen(Ioproc *io, const char *path, int flags);
int	t9ioclose(Ioproc *io, int fd);
long	t9ioread(Ioproc *io, int fd, void *buf, long n);
long	t9ioreadn(Ioproc *io, int fd, void *buf, long n);
long	t9iowrite(Ioproc *io, int fd, const void *buf, long n);
int	t9iosleep(Ioproc *io, long ms);
int	t9iodial(Ioproc *io, const char *addr, const char *local, char *dir, int *cfdp);

/*
 * Running programs.
 * t9procexec runs prog with argv (argv[0] is its name) in a new process, sends its pid on
 * cpid (a channel of ulong, if not nil) and exits the calling thread, as Plan 9's procexec
 * replaces the proc. When the program cannot be started it sends ~0 and returns, with
 * errstr set. t9threadexec does the same with the child's fds 0, 1 and 2 set to fd[0..2],
 * which the parent then closes. t9threadspawn starts the program the same way but returns
 * its pid (or -1) and lets the caller go on.
 * t9threadwaitchan is a channel of Waitmsg* (malloc'd; free once): one for each program
 * started by these functions after the first call, when it exits.
 */
void	t9procexec(Channel *cpid, const char *prog, char *const argv[]);
void	t9threadexec(Channel *cpid, int fd[3], const char *prog, char *const argv[]);
int	t9threadspawn(int fd[3], const char *prog, char *const argv[]);
Channel* t9threadwaitchan(void);

#ifdef __cplusplus
}
#endif
#endif
