/*
 * queue.c: Reqqueue, threads that run blocking request handlers: several workers, requests
 * on one fid one at a time in order, and flush that interrupts a worker blocked in a
 * system call with a signal to its thread.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

typedef struct Worker Worker;
struct Worker {
	Reqqueue *q;
	pthread_t thread;
	Sreq *cur;		/* the request it runs (compared, never followed: it may be gone) */
	Fid *fid;		/* and its fid, likewise */
	int started;
};

struct Reqqueue {
	pthread_mutex_t lk;
	pthread_cond_t cv;
	Sreq *head;
	Sreq **tail;
	int quit;
	int nworker;
	Worker w[];
};

static pthread_once_t sigonce = PTHREAD_ONCE_INIT;

static void
nop(int sig)
{
}

/* Make SIGURG interrupt system calls, unless the program handles it itself. */
static void
setsignal(void)
{
	struct sigaction sa, old;

	if(sigaction(SIGURG, nil, &old) < 0 || old.sa_handler != SIG_DFL
	|| (old.sa_flags & SA_SIGINFO))
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = nop;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGURG, &sa, nil);
}

/* 1 if r's fid has a request running, or one waiting ahead of r. */
static int
fidbusy(Reqqueue *q, Sreq *r)
{
	Sreq *o;
	int i;

	if(r->pub.fid == nil)
		return 0;
	for(i = 0; i < q->nworker; i++)
		if(q->w[i].cur != nil && q->w[i].fid == r->pub.fid)
			return 1;
	for(o = q->head; o != r; o = o->qnext)
		if(o->pub.fid == r->pub.fid)
			return 1;
	return 0;
}

/* Take the first waiting request that may run now; nil if none. Under q->lk. */
static Sreq*
next(Reqqueue *q)
{
	Sreq *r, **l;

	for(l = &q->head; (r = *l) != nil; l = &r->qnext)
		if(!fidbusy(q, r)){
			*l = r->qnext;
			if(*l == nil)
				q->tail = l;
			r->qnext = nil;
			return r;
		}
	return nil;
}

static void*
worker(void *a)
{
	Worker *w;
	Reqqueue *q;
	Sreq *r;
	sigset_t set;

	w = a;
	q = w->q;
	sigemptyset(&set);
	sigaddset(&set, SIGURG);
	pthread_sigmask(SIG_UNBLOCK, &set, nil);
	pthread_mutex_lock(&q->lk);
	for(;;){
		while((r = next(q)) == nil && !q->quit)
			pthread_cond_wait(&q->cv, &q->lk);
		if(r == nil)
			break;
		r->worker = w - q->w;
		w->cur = r;
		w->fid = r->pub.fid;
		pthread_mutex_unlock(&q->lk);
		r->qfn(&r->pub);
		pthread_mutex_lock(&q->lk);
		w->cur = nil;
		w->fid = nil;
		/* a request on the same fid may wait for this one */
		pthread_cond_broadcast(&q->cv);
	}
	pthread_mutex_unlock(&q->lk);
	return nil;
}

Reqqueue*
npreqqueuecreate(int nworker)
{
	Reqqueue *q;
	int i, e;

	if(nworker <= 0)
		nworker = 1;
	if((q = calloc(1, sizeof *q + nworker * sizeof q->w[0])) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	pthread_once(&sigonce, setsignal);
	q->tail = &q->head;
	q->nworker = nworker;
	pthread_mutex_init(&q->lk, nil);
	pthread_cond_init(&q->cv, nil);
	for(i = 0; i < nworker; i++){
		q->w[i].q = q;
		if((e = pthread_create(&q->w[i].thread, nil, worker, &q->w[i])) != 0){
			npreqqueuefree(q);
			p9oserror(e);
			return nil;
		}
		q->w[i].started = 1;
	}
	return q;
}

void
npreqqueuepush(Reqqueue *q, Req *req, void (*fn)(Req*))
{
	Sreq *r;

	r = sreq(req);
	pthread_mutex_lock(&q->lk);
	if(q->quit){
		pthread_mutex_unlock(&q->lk);
		nprespond(req, "interrupted");
		return;
	}
	r->q = q;
	r->qfn = fn;
	r->qnext = nil;
	r->worker = -1;
	*q->tail = r;
	q->tail = &r->qnext;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->lk);
}

/* Remove r if it has not started; 1 if it was removed. Under q->lk. */
static int
dequeue(Reqqueue *q, Sreq *r)
{
	Sreq **l;

	for(l = &q->head; *l != nil; l = &(*l)->qnext)
		if(*l == r){
			*l = r->qnext;
			if(*l == nil)
				q->tail = l;
			r->qnext = nil;
			return 1;
		}
	return 0;
}

/* Signal the worker running r, if one still is; 1 if one was. */
int
_npqueuekill(Reqqueue *q, Sreq *r)
{
	int running;

	pthread_mutex_lock(&q->lk);
	running = r->worker >= 0 && q->w[r->worker].cur == r;
	if(running)
		pthread_kill(q->w[r->worker].thread, SIGURG);
	pthread_mutex_unlock(&q->lk);
	return running;
}

void
npreqqueueflush(Reqqueue *q, Req *req)
{
	Sreq *r;
	int gone;

	r = sreq(req);
	__atomic_store_n(&r->flushed, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&q->lk);
	gone = dequeue(q, r);
	pthread_mutex_unlock(&q->lk);
	if(gone)
		nprespond(req, "interrupted");
	else if(_npqueuekill(q, r))
		_npinterrupt(r);
}

void
npreqqueuefree(Reqqueue *q)
{
	Sreq *r, *next;
	int i;

	if(q == nil)
		return;
	pthread_mutex_lock(&q->lk);
	q->quit = 1;
	r = q->head;
	q->head = nil;
	q->tail = &q->head;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->lk);
	for(; r != nil; r = next){
		next = r->qnext;
		r->qnext = nil;
		nprespond(&r->pub, "interrupted");
	}
	for(i = 0; i < q->nworker; i++)
		if(q->w[i].started)
			pthread_join(q->w[i].thread, nil);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->lk);
	free(q);
}
