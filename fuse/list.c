/*
 * list.c: directory listings kept per open directory, so cookies are indexes that stay put.
 * _nflistadd may run in the thread pool; _nflistsetm (which takes references on the member)
 * and _nflistfree only on the loop's thread.
 */
#include <stdlib.h>
#include <string.h>
#include "impl.h"

int
_nflistadd(List *l, const char *name, const struct stat *st, const Qid *q)
{
	Ent *e;

	if(l->n == l->a){
		e = realloc(l->e, (l->a*2 + 32) * sizeof e[0]);
		if(e == nil)
			return -1;
		l->e = e;
		l->a = l->a*2 + 32;
	}
	e = &l->e[l->n];
	memset(e, 0, sizeof *e);
	if((e->name = strdup(name)) == nil)
		return -1;
	e->st = *st;
	if(q != nil)
		e->qid = *q;
	l->n++;
	return 0;
}

/* Entries from index from on came from m. */
void
_nflistsetm(List *l, long from, NfMember *m)
{
	long i;

	for(i = from; i < l->n; i++){
		l->e[i].m = m;
		m->ref++;
	}
}

void
_nflistfree(List *l)
{
	long i;

	for(i = 0; i < l->n; i++){
		free(l->e[i].name);
		if(l->e[i].m != nil)
			_nfmemberput(l->e[i].m);
	}
	free(l->e);
	memset(l, 0, sizeof *l);
}
