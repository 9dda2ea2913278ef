/* regexec.c: matching, by a Pike machine: all threads in step over the string, no backtracking. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "regimpl.h"

/*
 * The threads of a step are kept in a list ordered first by where their match started and
 * then by preference (a split's x before its y). A new thread starts at every position
 * until some thread matches; a thread reaching an instruction that one earlier in the list
 * already reached at this position is dropped (it has the same future and is less
 * preferred). When a thread matches, the match is kept and the threads that started
 * later are dropped; threads that started no later run on, and a match they reach later
 * (a longer one) replaces it. So the match is leftmost-longest, with the submatches of
 * the most preferred of the longest, as 9front's regexec gives.
 *
 * Positions are indices into the string: bytes for UTF-8 strings, runes for Rune strings.
 */
typedef struct Input Input;
struct Input {
	const char *s;		/* UTF-8 string, or nil */
	const Rune *rs;		/* Rune string, or nil */
	long bound;		/* the end given by match[0].ep, or -1 */
};

typedef struct Thread Thread;
struct Thread {
	int pc;
	long start;
	long *cap;
};

typedef struct List List;
struct List {
	Thread *t;
	int n;
};

typedef struct Frame Frame;
struct Frame {
	int pc;		/* instruction to visit, or -1: restore cap[slot] to old */
	int slot;
	long old;
};

typedef struct Machine Machine;
struct Machine {
	const Reprog *prog;
	Input in;
	int ncap;		/* capture slots kept per thread (2 per group reported) */
	int *mark;		/* per instruction: the generation that last reached it */
	int gen;
	Frame *stack;
	long *cur;		/* the captures along the path being followed */
	long *capstore[2];	/* the lists' captures: ninst * ncap each */
	List list[2];
};

/* The rune at pos and its width; 0 (width 0) at the end of the string or the bound. */
static inline Rune
runeat(const Input *in, long pos, int *w)
{
	Rune r;

	if(in->bound >= 0 && pos >= in->bound){
		*w = 0;
		return 0;
	}
	if(in->rs != nil){
		r = in->rs[pos];
		*w = r != 0;
		return r;
	}
	if((uchar)in->s[pos] < Runeself){
		r = (uchar)in->s[pos];
		*w = r != 0;
		return r;
	}
	*w = p9chartorune(&r, in->s + pos);
	return r;
}

static int
bol(const Input *in, long pos)
{
	if(pos == 0)
		return 1;
	return in->rs != nil ? in->rs[pos-1] == '\n' : in->s[pos-1] == '\n';
}

static int
eol(const Input *in, long pos)
{
	Rune r;
	int w;

	r = runeat(in, pos, &w);
	return r == '\n' || (r == 0 && in->bound < 0);
}

static int
inclass(const Reprog *prog, const Reinst *i, Rune r)
{
	const Rune *lo;
	int n, m;

	lo = prog->ranges + i->x;
	n = i->y;
	while(n > 0){
		m = n / 2;
		if(r < lo[2*m])
			n = m;
		else if(r > lo[2*m+1]){
			lo += 2*(m+1);
			n -= m + 1;
		}else
			return 1;
	}
	return 0;
}

/*
 * Add the thread at pc (captures cap, started at start) to l, following every instruction
 * that reads no input, in order of preference, at position pos. Iterative: an explicit
 * stack holds the instructions still to visit and the captures to restore.
 */
static void
addthread(Machine *m, List *l, long *store, int pc0, long start, const long *cap, long pos)
{
	const Reprog *prog;
	const Reinst *i;
	Frame *sp;
	Thread *t;
	int pc;

	prog = m->prog;
	if(m->ncap > 0)
		memcpy(m->cur, cap, m->ncap * sizeof(long));
	sp = m->stack;
	sp->pc = pc0;
	sp++;
	while(sp > m->stack){
		sp--;
		pc = sp->pc;
		if(pc < 0){
			m->cur[sp->slot] = sp->old;
			continue;
		}
		if(m->mark[pc] == m->gen)
			continue;
		m->mark[pc] = m->gen;
		i = &prog->inst[pc];
		switch(i->op){
		case Ijmp:
			sp->pc = i->x;
			sp++;
			break;
		case Isplit:
			sp->pc = i->y;
			sp++;
			sp->pc = i->x;
			sp++;
			break;
		case Isave:
			if(i->x < m->ncap){
				sp->pc = -1;
				sp->slot = i->x;
				sp->old = m->cur[i->x];
				sp++;
				m->cur[i->x] = pos;
			}
			sp->pc = pc + 1;
			sp++;
			break;
		case Ibol:
			if(bol(&m->in, pos)){
				sp->pc = pc + 1;
				sp++;
			}
			break;
		case Ieol:
			if(eol(&m->in, pos)){
				sp->pc = pc + 1;
				sp++;
			}
			break;
		default:
			t = &l->t[l->n];
			t->pc = pc;
			t->start = start;
			t->cap = store + (long)l->n * m->ncap;
			if(m->ncap > 0)
				memcpy(t->cap, m->cur, m->ncap * sizeof(long));
			l->n++;
			break;
		}
	}
}

static int
step(const Reprog *prog, const Reinst *i, Rune r)
{
	if(r == 0)
		return 0;
	switch(i->op){
	case Irune:
		return r == i->r;
	case Iany:
		return 1;
	case Ianynl:
		return r != '\n';
	case Iclass:
		return inclass(prog, i, r);
	case Inclass:
		return r != '\n' && !inclass(prog, i, r);
	}
	return 0;
}

/* Run the machine from pos; on a match fill best (ncap slots), *bstart, *bend and return 1. */
static int
run(Machine *m, long pos, long *best, long *bstart, long *bend)
{
	const Reprog *prog;
	List *clist, *nlist, *tmp;
	long *cstore, *nstore, *lt;
	Thread *t;
	Rune r;
	int w, k, matched;
	long *none;

	prog = m->prog;
	clist = &m->list[0];
	nlist = &m->list[1];
	cstore = m->capstore[0];
	nstore = m->capstore[1];
	clist->n = 0;
	matched = 0;
	none = m->cur + m->ncap;	/* ncap slots of -1 */
	m->gen++;
	for(;;){
		r = runeat(&m->in, pos, &w);
		if(!matched)
			addthread(m, clist, cstore, 0, pos, none, pos);
		if(clist->n == 0 && matched)
			break;
		m->gen++;
		nlist->n = 0;
		for(k = 0; k < clist->n; k++){
			t = &clist->t[k];
			if(matched && t->start > *bstart)
				break;
			if(prog->inst[t->pc].op == Imatch){
				matched = 1;
				*bstart = t->start;
				*bend = pos;
				if(m->ncap > 0)
					memcpy(best, t->cap, m->ncap * sizeof(long));
				continue;
			}
			if(step(prog, &prog->inst[t->pc], r))
				addthread(m, nlist, nstore, t->pc + 1, t->start, t->cap, pos + w);
		}
		if(r == 0)
			break;
		pos += w;
		tmp = clist;
		clist = nlist;
		nlist = tmp;
		lt = cstore;
		cstore = nstore;
		nstore = lt;
	}
	return matched;
}

static int
regexec1(const Reprog *prog, Input *in, long start, Resub *match, int msize, long *sp, long *ep,
	long *caps)
{
	Machine m;
	size_t ninst, nbytes;
	uchar *mem;
	long bs, be;
	int ok, i;

	if(prog == nil){
		p9werrstr("regexec: nil program");
		return 0;
	}
	memset(&m, 0, sizeof m);
	m.prog = prog;
	m.in = *in;
	m.ncap = match != nil && msize > 0 ? 2 * (msize < prog->nsub ? msize : prog->nsub) : 0;
	ninst = prog->ninst;
	nbytes = ninst * sizeof(int) + 3 * ninst * sizeof(Frame) + 2 * m.ncap * sizeof(long)
		+ 2 * ninst * sizeof(Thread) + 2 * ninst * m.ncap * sizeof(long);
	mem = malloc(nbytes);
	if(mem == nil){
		p9oserror(ENOMEM);
		return 0;
	}
	m.mark = (int*)mem;
	memset(m.mark, 0, ninst * sizeof(int));
	m.stack = (Frame*)(m.mark + ninst + (ninst & 1));
	m.cur = (long*)(m.stack + 3 * ninst);
	for(i = 0; i < m.ncap; i++)
		m.cur[m.ncap + i] = -1;
	m.list[0].t = (Thread*)(m.cur + 2 * m.ncap);
	m.list[1].t = m.list[0].t + ninst;
	m.capstore[0] = (long*)(m.list[1].t + ninst);
	m.capstore[1] = m.capstore[0] + ninst * m.ncap;
	ok = run(&m, start, caps, &bs, &be);
	free(mem);
	if(ok){
		*sp = bs;
		*ep = be;
	}
	return ok;
}

/* where match[0] says to start and end, as indices (-1: no bound) */
static void
limits(Resub *match, int msize, const void *s, int isrune, long *start, long *bound)
{
	*start = 0;
	*bound = -1;
	if(match == nil || msize <= 0)
		return;
	if(isrune){
		if(match[0].rsp != nil)
			*start = match[0].rsp - (const Rune*)s;
		if(match[0].rep != nil && *match[0].rep != 0)
			*bound = match[0].rep - (const Rune*)s;
	}else{
		if(match[0].sp != nil)
			*start = match[0].sp - (const char*)s;
		if(match[0].ep != nil && *match[0].ep != 0)
			*bound = match[0].ep - (const char*)s;
	}
}

static int
exec(const Reprog *prog, const void *s, int isrune, Resub *match, int msize)
{
	Input in;
	long start, sp, ep, *caps;
	int ok, i, n;

	if(s == nil){
		p9werrstr("regexec: nil string");
		return 0;
	}
	in.s = isrune ? nil : s;
	in.rs = isrune ? s : nil;
	limits(match, msize, s, isrune, &start, &in.bound);
	n = prog != nil && match != nil && msize > 0 ? (msize < prog->nsub ? msize : prog->nsub) : 0;
	caps = malloc((2 * n + 1) * sizeof(long));
	if(caps == nil){
		p9oserror(ENOMEM);
		return 0;
	}
	ok = regexec1(prog, &in, start, match, msize, &sp, &ep, caps);
	if(ok && match != nil){
		for(i = 0; i < msize; i++){
			if(i < n && caps[2*i] >= 0 && caps[2*i+1] >= 0){
				if(isrune){
					match[i].rsp = (Rune*)s + caps[2*i];
					match[i].rep = (Rune*)s + caps[2*i+1];
				}else{
					match[i].sp = (char*)s + caps[2*i];
					match[i].ep = (char*)s + caps[2*i+1];
				}
			}else{
				match[i].sp = nil;
				match[i].ep = nil;
			}
		}
	}
	free(caps);
	return ok;
}

int
r9regexec(const Reprog *prog, const char *string, Resub *match, int msize)
{
	return exec(prog, string, 0, match, msize);
}

int
r9rregexec(const Reprog *prog, const Rune *string, Resub *match, int msize)
{
	return exec(prog, string, 1, match, msize);
}
