/*
 * buf.c: message buffers. Those for large messages all have the server's largest msize
 * and a few are kept once freed, so that streaming reuses warm memory instead of having
 * malloc map, fault in and unmap a fresh megabyte for every message.
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
 * A buffer of at least n bytes. Large ones (over Rbufmin) come from the pool; the pool
 * is locked because replies are encoded on whichever thread responds.
 */
void*
_npbufalloc(Npsrvstate *st, uint n)
{
	Npbuf *b;
	uvlong cap;

	cap = n;
	if(n > Rbufmin && n <= st->maxmsize){
		cap = st->maxmsize;
		pthread_mutex_lock(&st->lk);
		if((b = st->pool) != nil){
			st->pool = b->next;
			st->npool--;
		}
		pthread_mutex_unlock(&st->lk);
		if(b != nil){
			b->used = n;
			return b->data;
		}
	}
	if((b = malloc(offsetof(Npbuf, data) + cap)) == nil)
		return nil;
	b->cap = cap;
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

	if(p == nil)
		return;
	b = bufof(p);
	if(b->cap == st->maxmsize && b->cap > Rbufmin){
		pthread_mutex_lock(&st->lk);
		if(((uvlong)st->npool + 1) * b->cap <= Poolmax || st->npool < 2){
			b->next = st->pool;
			st->pool = b;
			st->npool++;
			b = nil;
		}
		pthread_mutex_unlock(&st->lk);
	}
	free(b);
}

/* Free the pool; the server is done. */
void
_npbufpurge(Npsrvstate *st)
{
	Npbuf *b;

	while((b = st->pool) != nil){
		st->pool = b->next;
		free(b);
	}
	st->npool = 0;
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
