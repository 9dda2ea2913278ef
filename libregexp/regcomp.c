/* regcomp.c: parsing Plan 9 regular expressions and compiling them for the matcher. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "regimpl.h"

/*
 * The grammar of regexp(6), by recursive descent:
 *	e0: e1 ('|' e1)*	e1: e2 e2*	e2: e3 ('*'|'+'|'?')*	e3: rune | class | . | ^ | $ | (e0)
 * The lexer follows 9front's: \ makes the next rune literal; in a class every rune is
 * literal but ], - and \ (which escapes), and an initial ^. Errors carry 9front's words.
 * Recursion goes one level per parenthesis, so nesting is bounded (Maxdepth); runs of
 * repetition operators and the members of alternations and concatenations are compiled
 * by loops.
 */
enum {
	Maxdepth = 100,
	Maxlen = 1<<20,		/* runes of expression */
};

enum {
	Lany,
	Lbol,
	Lclass,
	Lend,
	Leol,
	Llpar,
	Lor,
	Lrep,
	Lrpar,
	Lrune,
};

enum {
	Nrune,
	Nany,
	Nclass,
	Nbol,
	Neol,
	Ncat,
	Nalt,
	Nstar,
	Nplus,
	Nquest,
	Ngroup,
};

typedef struct Node Node;
struct Node {
	int op;
	Rune r;
	int sub;		/* Ngroup */
	int cls, ncls, neg;	/* Nclass: ranges[cls .. cls+2*ncls) */
	Node *kid;		/* Ncat, Nalt: the first of a list; reps, groups: the operand */
	Node *next;		/* in a list */
};

typedef struct Parse Parse;
struct Parse {
	const char *orig;
	const char *s;
	int lit;		/* regcomplit: every rune is literal */
	int nl;			/* regcompnl: . matches newline */
	Rune rune;
	int literal;
	int peek, peeklex;
	int depth;
	int nsub;
	int failed;
	Node **blocks;		/* node allocations, freed together */
	int nblocks;
	Node *free;
	int nfree;
	Rune *ranges;
	int nranges, maxranges;
	Reinst *inst;
	int ninst, maxinst;
};

static void
fail(Parse *p, const char *fmt, ...)
{
	va_list arg;

	if(p->failed)
		return;
	p->failed = 1;
	va_start(arg, fmt);
	p9vwerrstr(fmt, arg);
	va_end(arg);
}

static void
nomem(Parse *p)
{
	if(!p->failed){
		p->failed = 1;
		p9oserror(ENOMEM);
	}
}

static Node*
node(Parse *p, int op)
{
	Node **b, *n;

	if(p->nfree == 0){
		b = realloc(p->blocks, (p->nblocks + 1) * sizeof *b);
		if(b == nil){
			nomem(p);
			return nil;
		}
		p->blocks = b;
		p->free = calloc(256, sizeof(Node));
		if(p->free == nil){
			nomem(p);
			return nil;
		}
		p->blocks[p->nblocks++] = p->free;
		p->nfree = 256;
	}
	n = p->free++;
	p->nfree--;
	n->op = op;
	return n;
}

/* the next rune of the expression, literally; 0 at its end */
static void
nextlit(Parse *p)
{
	p->literal = 1;
	if(*p->s == 0){
		p->literal = 0;
		p->rune = 0;
		return;
	}
	p->s += p9chartorune(&p->rune, p->s);
}

static void
nextrune(Parse *p)
{
	if(p->lit){
		nextlit(p);
		return;
	}
	p->literal = 0;
	if(*p->s == 0){
		p->rune = 0;
		return;
	}
	p->s += p9chartorune(&p->rune, p->s);
	if(p->rune == '\\')
		nextlit(p);
}

static int
addrange(Parse *p, Rune lo, Rune hi)
{
	Rune *r;
	int n;

	if(p->nranges + 2 > p->maxranges){
		n = p->maxranges ? 2 * p->maxranges : 64;
		r = realloc(p->ranges, n * sizeof *r);
		if(r == nil){
			nomem(p);
			return -1;
		}
		p->ranges = r;
		p->maxranges = n;
	}
	p->ranges[p->nranges++] = lo;
	p->ranges[p->nranges++] = hi;
	return 0;
}

static int
rangecmp(const void *a, const void *b)
{
	const Rune *x, *y;

	x = a;
	y = b;
	if(x[0] != y[0])
		return x[0] < y[0] ? -1 : 1;
	return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* After '[': read the class up to ']' into sorted, merged ranges. */
static Node*
getclass(Parse *p)
{
	Node *n;
	Rune lo, hi;
	int first, i, j;

	n = node(p, Nclass);
	if(n == nil)
		return nil;
	nextlit(p);
	if(p->rune == '^'){
		n->neg = 1;
		nextlit(p);
	}
	first = p->nranges;
	for(;;){
		if(p->rune == ']')
			break;
		if(p->rune == '-'){
			fail(p, "regexp %.40s: malformed class", p->orig);
			return nil;
		}
		if(p->rune == '\\')
			nextlit(p);
		lo = p->rune;
		if(lo == 0 && !p->literal){
			fail(p, "regexp %.40s: no closing ] for class", p->orig);
			return nil;
		}
		nextlit(p);
		hi = lo;
		if(p->rune == '-'){
			nextlit(p);
			if(p->rune == ']' || p->rune == '-'){
				fail(p, "regexp %.40s: malformed class", p->orig);
				return nil;
			}
			if(p->rune == '\\')
				nextlit(p);
			if(p->rune == 0 && !p->literal){
				fail(p, "regexp %.40s: no closing ] for class", p->orig);
				return nil;
			}
			hi = p->rune;
			if(lo > hi){
				hi = lo;
				lo = p->rune;
			}
			nextlit(p);
		}
		if(addrange(p, lo, hi) < 0)
			return nil;
	}
	if(p->nranges > first)
		qsort(p->ranges + first, (p->nranges - first) / 2, 2 * sizeof(Rune), rangecmp);
	/* merge overlapping and adjacent ranges */
	j = first;
	for(i = first; i < p->nranges; i += 2){
		if(j > first && p->ranges[i] <= p->ranges[j-1] + 1){
			if(p->ranges[i+1] > p->ranges[j-1])
				p->ranges[j-1] = p->ranges[i+1];
			continue;
		}
		p->ranges[j++] = p->ranges[i];
		p->ranges[j++] = p->ranges[i+1];
	}
	p->nranges = j;
	n->cls = first;
	n->ncls = (j - first) / 2;
	return n;
}

static int
lex(Parse *p)
{
	if(p->peek){
		p->peek = 0;
		return p->peeklex;
	}
	nextrune(p);
	if(p->literal)
		return p->peeklex = Lrune;
	switch(p->rune){
	case 0:
		return p->peeklex = Lend;
	case '*':
	case '?':
	case '+':
		return p->peeklex = Lrep;
	case '|':
		return p->peeklex = Lor;
	case '.':
		return p->peeklex = Lany;
	case '(':
		return p->peeklex = Llpar;
	case ')':
		return p->peeklex = Lrpar;
	case '^':
		return p->peeklex = Lbol;
	case '$':
		return p->peeklex = Leol;
	case '[':
		return p->peeklex = Lclass;
	}
	return p->peeklex = Lrune;
}

static Node *e0(Parse*);

static Node*
e3(Parse *p)
{
	Node *n, *g;

	switch(lex(p)){
	case Lany:
		return node(p, Nany);
	case Lbol:
		return node(p, Nbol);
	case Leol:
		return node(p, Neol);
	case Lrune:
		n = node(p, Nrune);
		if(n != nil)
			n->r = p->rune;
		return n;
	case Lclass:
		return getclass(p);
	case Llpar:
		if(++p->depth > Maxdepth){
			fail(p, "regexp %.40s: too deeply nested", p->orig);
			return nil;
		}
		g = node(p, Ngroup);
		if(g == nil)
			return nil;
		g->sub = p->nsub++;
		n = e0(p);
		if(n == nil)
			return nil;
		if(lex(p) != Lrpar){
			fail(p, "regexp %.40s: no matching parenthesis", p->orig);
			return nil;
		}
		p->depth--;
		g->kid = n;
		return g;
	}
	if(p->rune != 0)
		fail(p, "regexp %.40s: syntax error: %C", p->orig, p->rune);
	else
		fail(p, "regexp %.40s: parsing error", p->orig);
	return nil;
}

static Node*
e2(Parse *p)
{
	Node *n, *r;

	n = e3(p);
	if(n == nil)
		return nil;
	while(lex(p) == Lrep){
		r = node(p, p->rune == '*' ? Nstar : p->rune == '+' ? Nplus : Nquest);
		if(r == nil)
			return nil;
		r->kid = n;
		n = r;
	}
	p->peek = 1;
	return n;
}

/* a list of xs as one node: the x itself when there is one */
static Node*
list(Parse *p, int op, Node *first)
{
	Node *n;

	if(first->next == nil)
		return first;
	n = node(p, op);
	if(n != nil)
		n->kid = first;
	return n;
}

static Node*
e1(Parse *p)
{
	Node *first, *last, *n;
	int l;

	first = last = e2(p);
	if(first == nil)
		return nil;
	for(;;){
		l = lex(p);
		p->peek = 1;
		if(l == Lend || l == Lor || l == Lrpar)
			break;
		n = e2(p);
		if(n == nil)
			return nil;
		last->next = n;
		last = n;
	}
	return list(p, Ncat, first);
}

static Node*
e0(Parse *p)
{
	Node *first, *last, *n;

	first = last = e1(p);
	if(first == nil)
		return nil;
	while(lex(p) == Lor){
		n = e1(p);
		if(n == nil)
			return nil;
		last->next = n;
		last = n;
	}
	p->peek = 1;
	return list(p, Nalt, first);
}

static int
emit(Parse *p, int op, int x, int y, Rune r)
{
	Reinst *i;
	int n;

	if(p->ninst == p->maxinst){
		n = p->maxinst ? 2 * p->maxinst : 64;
		i = realloc(p->inst, n * sizeof *i);
		if(i == nil){
			nomem(p);
			return -1;
		}
		p->inst = i;
		p->maxinst = n;
	}
	i = &p->inst[p->ninst];
	i->op = op;
	i->x = x;
	i->y = y;
	i->r = r;
	return p->ninst++;
}

static int compile(Parse*, Node*);

static int
isrep(Node *n)
{
	return n->op == Nstar || n->op == Nplus || n->op == Nquest;
}

/*
 * A chain of repetitions (a** is a star of a star of a) as nested code, without a level
 * of recursion per operator:
 *	e*: L: split L1, end; L1: e; jmp L; end:
 *	e+: L: e; split L, end; end:
 *	e?: split L1, end; L1: e; end:
 * The outer operators' heads come first, then the operand, then the tails, inner first.
 */
static int
compilereps(Parse *p, Node *n)
{
	Node *k;
	int *at, *op, nrep, i, j;

	nrep = 0;
	for(k = n; isrep(k); k = k->kid)
		nrep++;
	at = malloc(2 * nrep * sizeof *at);
	if(at == nil){
		nomem(p);
		return -1;
	}
	op = at + nrep;
	for(i = 0, k = n; i < nrep; i++, k = k->kid){
		op[i] = k->op;
		if(k->op == Nplus)
			at[i] = p->ninst;
		else if((at[i] = emit(p, Isplit, 0, 0, 0)) < 0)
			goto Fail;
		else
			p->inst[at[i]].x = p->ninst;
	}
	if(compile(p, k) < 0)
		goto Fail;
	for(i = nrep - 1; i >= 0; i--){
		switch(op[i]){
		case Nstar:
			if(emit(p, Ijmp, at[i], 0, 0) < 0)
				goto Fail;
			p->inst[at[i]].y = p->ninst;
			break;
		case Nplus:
			if((j = emit(p, Isplit, at[i], 0, 0)) < 0)
				goto Fail;
			p->inst[j].y = p->ninst;
			break;
		case Nquest:
			p->inst[at[i]].y = p->ninst;
			break;
		}
	}
	free(at);
	return 0;
Fail:
	free(at);
	return -1;
}

/* Code for n; -1 when out of memory. Recursion follows the nesting of groups. */
static int
compile(Parse *p, Node *n)
{
	Node *k;
	int split, jmp, chain;

	switch(n->op){
	case Nrune:
		return emit(p, Irune, 0, 0, n->r);
	case Nany:
		return emit(p, p->nl ? Iany : Ianynl, 0, 0, 0);
	case Nclass:
		return emit(p, n->neg ? Inclass : Iclass, n->cls, n->ncls, 0);
	case Nbol:
		return emit(p, Ibol, 0, 0, 0);
	case Neol:
		return emit(p, Ieol, 0, 0, 0);
	case Ncat:
		for(k = n->kid; k != nil; k = k->next)
			if(compile(p, k) < 0)
				return -1;
		return 0;
	case Nalt:
		/*
		 * split L1, L2; L1: a; jmp end; L2: split ...; last: z; end:
		 * the jmps to end are chained through their x until end is known
		 */
		chain = -1;
		for(k = n->kid; k->next != nil; k = k->next){
			if((split = emit(p, Isplit, 0, 0, 0)) < 0)
				return -1;
			p->inst[split].x = p->ninst;
			if(compile(p, k) < 0 || (jmp = emit(p, Ijmp, chain, 0, 0)) < 0)
				return -1;
			chain = jmp;
			p->inst[split].y = p->ninst;
		}
		if(compile(p, k) < 0)
			return -1;
		for(; chain >= 0; chain = jmp){
			jmp = p->inst[chain].x;
			p->inst[chain].x = p->ninst;
		}
		return 0;
	case Nstar:
	case Nplus:
	case Nquest:
		return compilereps(p, n);
	case Ngroup:
		if(emit(p, Isave, 2 * n->sub, 0, 0) < 0 || compile(p, n->kid) < 0
		|| emit(p, Isave, 2 * n->sub + 1, 0, 0) < 0)
			return -1;
		return 0;
	}
	return -1;
}

static Reprog*
regcomp1(const char *exp, int nl, int lit)
{
	Parse p;
	Node *tree, *whole;
	Reprog *prog;
	int i;

	if(exp == nil){
		p9werrstr("regexp: nil expression");
		return nil;
	}
	memset(&p, 0, sizeof p);
	p.orig = exp;
	p.s = exp;
	p.nl = nl;
	p.lit = lit;
	prog = nil;
	if(p9utfnlen(exp, Maxlen + 1) > Maxlen){
		p9werrstr("regexp: expression longer than %d runes", Maxlen);
		return nil;
	}
	whole = node(&p, Ngroup);
	if(whole != nil)
		whole->sub = p.nsub++;
	tree = whole != nil ? e0(&p) : nil;
	if(tree != nil && lex(&p) != Lend){
		/* only a ')' stops e0 before the end */
		fail(&p, "regexp %.40s: syntax error: %C", exp, p.rune);
	}
	if(!p.failed){
		whole->kid = tree;
		if(compile(&p, whole) >= 0 && emit(&p, Imatch, 0, 0, 0) >= 0){
			prog = malloc(sizeof *prog + p.ninst * sizeof(Reinst) +
				p.nranges * sizeof(Rune));
			if(prog == nil)
				p9oserror(ENOMEM);
		}
	}
	if(prog != nil){
		prog->ninst = p.ninst;
		prog->nsub = p.nsub;
		prog->nranges = p.nranges;
		prog->inst = (Reinst*)(prog + 1);
		prog->ranges = (Rune*)(prog->inst + p.ninst);
		memcpy(prog->inst, p.inst, p.ninst * sizeof(Reinst));
		if(p.nranges > 0)
			memcpy(prog->ranges, p.ranges, p.nranges * sizeof(Rune));
	}
	for(i = 0; i < p.nblocks; i++)
		free(p.blocks[i]);
	free(p.blocks);
	free(p.ranges);
	free(p.inst);
	return prog;
}

Reprog*
r9regcomp(const char *exp)
{
	return regcomp1(exp, 0, 0);
}

Reprog*
r9regcomplit(const char *exp)
{
	return regcomp1(exp, 0, 1);
}

Reprog*
r9regcompnl(const char *exp)
{
	return regcomp1(exp, 1, 0);
}
