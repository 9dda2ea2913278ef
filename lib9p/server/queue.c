/* queue.c: Reqqueue, a thread that runs blocking request handlers one at a time, flush-aware. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

struct Reqqueue {
	pthread_mutex_t lk;
	pthread_cond_t cv;
	pthread_t thread;
	Req *head;
	Req **tail;
	Req *cur;
	int quit;
};

static void*
worker(void *a)
{
	Reqqueue *q;
	Req *r;

	q = a;
	pthread_mutex_lock(&q->lk);
	for(;;){
		while(q->head == nil && !q->quit)
			pthread_cond_wait(&q->cv, &q->lk);
		if(q->head == nil)
			break;
		r = q->head;
		q->head = r->qnext;
		if(q->head == nil)
			q->tail = &q->head;
		r->qnext = nil;
		q->cur = r;
		pthread_mutex_unlock(&q->lk);
		r->qfn(r);
		pthread_mutex_lock(&q->lk);
		q->cur = nil;
	}
	pthread_mutex_unlock(&q->lk);
	return nil;
}

Reqqueue*
npreqqueuecreate(void)
{
	Reqqueue *q;
	int e;

	if((q = calloc(1, sizeof *q)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	q->tail = &q->head;
	pthread_mutex_init(&q->lk, nil);
	pthread_cond_init(&q->cv, nil);
	if((e = pthread_create(&q->thread, nil, worker, q)) != 0){
		pthread_cond_destroy(&q->cv);
		pthread_mutex_destroy(&q->lk);
		free(q);
		p9oserror(e);
		return nil;
	}
	return q;
}

void
npreqqueuepush(Reqqueue *q, Req *r, void (*fn)(Req*))
{
	pthread_mutex_lock(&q->lk);
	if(q->quit){
		pthread_mutex_unlock(&q->lk);
		nprespond(r, "interrupted");
		return;
	}
	r->q = q;
	r->qfn = fn;
	r->qnext = nil;
	*q->tail = r;
	q->tail = &r->qnext;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->lk);
}

/* Remove r if it has not started; 1 if it was removed. */
static int
dequeue(Reqqueue *q, Req *r)
{
	Req **l;

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

void
npreqqueueflush(Reqqueue *q, Req *r)
{
	int gone;

	__atomic_store_n(&r->flushed, 1, __ATOMIC_RELEASE);
	pthread_mutex_lock(&q->lk);
	gone = dequeue(q, r);
	pthread_mutex_unlock(&q->lk);
	if(gone)
		nprespond(r, "interrupted");
}

void
npreqqueuefree(Reqqueue *q)
{
	Req *r, *next;

	if(q == nil)
		return;
	pthread_mutex_lock(&q->lk);
	q->quit = 1;
	r = q->head;
	q->head = nil;
	q->tail = &q->head;
	pthread_cond_signal(&q->cv);
	pthread_mutex_unlock(&q->lk);
	for(; r != nil; r = next){
		next = r->qnext;
		r->qnext = nil;
		nprespond(r, "interrupted");
	}
	pthread_join(q->thread, nil);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->lk);
	free(q);
}
