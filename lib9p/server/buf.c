/*
 * buf.c: message buffers. Those for large messages all have the server's largest msize,
 * those for medium ones Rbufmin bytes, and a few of each are kept once freed, so that
 * streaming reuses warm memory instead of having malloc map, fault in and unmap a fresh
 * megabyte for every message, and small reads skip malloc's slower paths.
 */
#include <stddef.h>
#include <stdlib.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

struct Npbuf {
	Npbuf *next;	/* in the pool */
	uint cap;
	uint used;	/* bytes asked for, what a connection's charge counts */
	uchar data[];
};

static Npbuf*
bufof(void *p)
{
	return (Npbuf*)((uchar*)p - offsetof(Npbuf, data));
}

/*
 * The pool for a buffer of n bytes, and its buffers' capacity: medium ones (Rbufmin, as
 * the reply to a 4 KiB read or a read buffer needs) and large ones (the largest msize);
 * -1 for sizes that malloc serves well by itself.
 */
static int
poolof(Npsrvstate *st, uvlong n, uvlong *cap)
{
	if(n > Mediummin && n <= Rbufmin){
		*cap = Rbufmin;
		return 0;
	}
	if(n > Rbufmin && n <= st->maxmsize){
		*cap = st->maxmsize;
		return 1;
	}
	*cap = n;
	return -1;
}

/*
 * A buffer of at least n bytes, from a pool if there is one for its size; the pools are
 * locked because replies are encoded on whichever thread responds.
 */
void*
_npbufalloc(Npsrvstate *st, uint n)
{
	Npbuf *b;
	uvlong cap;
	int i;

	b = nil;
	if((i = poolof(st, n, &cap)) >= 0){
		pthread_mutex_lock(&st->lk);
		if((b = st->pool[i]) != nil){
			st->pool[i] = b->next;
			st->npool[i]--;
		}
		pthread_mutex_unlock(&st->lk);
	}
	if(b == nil){
		if((b = malloc(offsetof(Npbuf, data) + cap)) == nil)
			return nil;
		b->cap = cap;
	}
	b->used = n;
	return b->data;
}

uint
_npbufcap(void *p)
{
	return bufof(p)->cap;
}

void
_npbuffree(Npsrvstate *st, void *p)
{
	Npbuf *b;
	uvlong cap;
	int i;

	if(p == nil)
		return;
	b = bufof(p);
	if((i = poolof(st, b->cap, &cap)) >= 0 && cap == b->cap){
		pthread_mutex_lock(&st->lk);
		if(((uvlong)st->npool[i] + 1) * b->cap <= Poolmax || st->npool[i] < 2){
			b->next = st->pool[i];
			st->pool[i] = b;
			st->npool[i]++;
			b = nil;
		}
		pthread_mutex_unlock(&st->lk);
	}
	free(b);
}

/* Free the pools; the server is done. */
void
_npbufpurge(Npsrvstate *st)
{
	Npbuf *b;
	int i;

	for(i = 0; i < 2; i++){
		while((b = st->pool[i]) != nil){
			st->pool[i] = b->next;
			free(b);
		}
		st->npool[i] = 0;
	}
}

/* A buffer for connection c, counted in its charge until freed with _npconnfree. */
void*
_npconnalloc(Sconn *c, uint n)
{
	void *p;

	if((p = _npbufalloc(c->srv->st, n)) != nil)
		__atomic_add_fetch(&c->charge, n, __ATOMIC_RELAXED);
	return p;
}

void
_npconnfree(Sconn *c, void *p)
{
	if(p == nil)
		return;
	__atomic_sub_fetch(&c->charge, bufof(p)->used, __ATOMIC_RELAXED);
	_npbuffree(c->srv->st, p);
}
