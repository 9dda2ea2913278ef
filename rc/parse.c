/* parse.c: rc's grammar as a recursive-descent parser building 9front-shaped syntax trees. */
#include <stdlib.h>
#include <string.h>
#include "rc.h"

enum { Maxdepth = 1000 };

static Tree *cmd(Lexer*);
static Tree *word(Lexer*);
static Tree *brace(Lexer*);

Tree*
newtree(Lexer *lx, int type, Tree *c0, Tree *c1, Tree *c2)
{
	Tree *t;

	if(type == ';'){
		if(c0 == nil)
			return c1;
		if(c1 == nil)
			return c0;
	}
	t = emalloc(sizeof *t);
	memset(t, 0, sizeof *t);
	t->type = type;
	t->c[0] = c0;
	t->c[1] = c1;
	t->c[2] = c2;
	t->line = lx->line;
	if(c0)
		t->line = c0->line;
	else if(c1)
		t->line = c1->line;
	else if(c2)
		t->line = c2->line;
	t->next = lx->nodes;
	lx->nodes = t;
	return t;
}

void
lexfreenodes(Lexer *lx)
{
	Tree *t, *n;

	for(t = lx->nodes; t; t = n){
		n = t->next;
		free(t->str);
		free(t);
	}
	lx->nodes = nil;
}

Tree*
copytree(Tree *t)
{
	Tree *n;
	int i;

	if(t == nil)
		return nil;
	n = emalloc(sizeof *n);
	*n = *t;
	n->next = nil;
	if(t->str)
		n->str = estrdup(t->str);
	for(i = 0; i < 3; i++)
		n->c[i] = copytree(t->c[i]);
	return n;
}

void
freetree(Tree *t)
{
	int i;

	if(t == nil)
		return;
	for(i = 0; i < 3; i++)
		freetree(t->c[i]);
	free(t->str);
	free(t);
}

static void __attribute__((noreturn))
syntax(Lexer *lx, const char *msg)
{
	lexerror(lx, msg);
	longjmp(*lx->jb, 1);
}

static int
peek(Lexer *lx)
{
	if(lx->tok == 0){
		lx->tok = lexnext(lx);
		/* after a bad redirection 9front's lexer gives yacc an end of file */
		if(lx->tok == ERRTOK)
			lx->tok = EOFTOK;
	}
	return lx->tok;
}

static Tree*
take(Lexer *lx)
{
	peek(lx);
	lx->tok = 0;
	return lx->tokval;
}

static void
expect(Lexer *lx, int type)
{
	if(peek(lx) != type)
		syntax(lx, "syntax error");
	take(lx);
}

static void
deeper(Lexer *lx)
{
	if(++lx->depth > Maxdepth)
		syntax(lx, "too deeply nested");
}

static Tree*
globprop(Tree *t)
{
	Tree *c0 = t->c[0], *c1 = t->c[1];

	if(c1 == nil){
		for(; c0 && c0->type == WORDS; c0 = c0->c[0]){
			c1 = c0->c[1];
			if(c1 && c1->glob){
				c1->glob = 2;
				t->glob = 1;
			}
		}
	}else{
		if(c0->glob){
			c0->glob = 2;
			t->glob = 1;
		}
		if(c1->glob){
			c1->glob = 2;
			t->glob = 1;
		}
	}
	return t;
}

static int
iskeyword(int t)
{
	return t >= FOR && t <= FN;
}

static int
wordstart(int t)
{
	return t == WORD || iskeyword(t) || t == '$' || t == '"' || t == COUNT || t == '`'
		|| t == '(';
}

/* a list of words; a redirection starts one too, as it may be <{...} */
static Tree*
words(Lexer *lx)
{
	Tree *t = nil;

	while(wordstart(peek(lx)) || peek(lx) == REDIR)
		t = newtree(lx, WORDS, t, word(lx), nil);
	return t;
}

static Tree*
primary(Lexer *lx)
{
	Tree *t, *c;
	int tok;

	deeper(lx);
	tok = peek(lx);
	switch(tok){
	case WORD:
		t = take(lx);
		break;
	case '$':
		take(lx);
		c = primary(lx);
		if(peek(lx) == SUB){
			take(lx);
			t = newtree(lx, SUB, c, words(lx), nil);
			expect(lx, ')');
		}else
			t = newtree(lx, '$', c, nil, nil);
		break;
	case '"':
		take(lx);
		t = newtree(lx, '"', primary(lx), nil, nil);
		break;
	case COUNT:
		take(lx);
		t = newtree(lx, COUNT, primary(lx), nil, nil);
		break;
	case '`':
		take(lx);
		if(peek(lx) == '{')
			t = newtree(lx, '`', nil, brace(lx), nil);
		else{
			c = word(lx);
			t = newtree(lx, '`', c, brace(lx), nil);
		}
		break;
	case '(':
		take(lx);
		t = globprop(newtree(lx, PAREN, words(lx), nil, nil));
		expect(lx, ')');
		break;
	case REDIR:
		t = take(lx);
		if(peek(lx) != '{')
			syntax(lx, "syntax error");
		t->c[0] = brace(lx);
		t->type = PIPEFD;
		break;
	default:
		if(iskeyword(tok)){
			t = take(lx);
			t->type = WORD;
			lx->lastword = 1;
			break;
		}
		syntax(lx, "syntax error");
	}
	lx->depth--;
	return t;
}

static Tree*
word(Lexer *lx)
{
	Tree *t = primary(lx);

	while(peek(lx) == '^'){
		take(lx);
		t = globprop(newtree(lx, '^', t, primary(lx), nil));
	}
	return t;
}

/* commands separated by ; & or newlines, as a right-nested ';' chain */
static Tree*
body(Lexer *lx)
{
	Tree *head = nil, **tail = &head, *c, *n;
	int tok;

	for(;;){
		c = cmd(lx);
		tok = peek(lx);
		if(tok == '&'){
			take(lx);
			c = newtree(lx, '&', c, nil, nil);
		}else if(tok == ';')
			take(lx);
		else if(tok == '\n'){
			take(lx);
			if(lexreadhere(lx) < 0)
				longjmp(*lx->jb, 1);
		}
		if(c){
			if(head == nil)
				head = c;
			else{
				n = newtree(lx, ';', *tail, c, nil);
				*tail = n;
				tail = &n->c[1];
			}
		}
		if(tok != '&' && tok != ';' && tok != '\n')
			break;
	}
	return head;
}

static Tree*
brace(Lexer *lx)
{
	Tree *t;

	deeper(lx);
	expect(lx, '{');
	t = newtree(lx, BRACE, body(lx), nil, nil);
	expect(lx, '}');
	lx->depth--;
	return t;
}

static Tree*
paren(Lexer *lx)
{
	Tree *t;

	deeper(lx);
	expect(lx, '(');
	t = newtree(lx, PCMD, body(lx), nil, nil);
	expect(lx, ')');
	lx->depth--;
	return t;
}

static void
heredoc(Lexer *lx, Tree *r)
{
	/* as yacc's action calling yyerror: the parse goes on, the line will fail */
	if(r->c[0]->type != WORD){
		lexerror(lx, "Bad here tag");
		return;
	}
	r->c[2] = nil;
	if(lx->heredocs)
		lx->heretail->c[2] = r;
	else
		lx->heredocs = r;
	lx->heretail = r;
}

/* a redirection whose REDIR or DUP token is next */
static Tree*
redir(Lexer *lx)
{
	Tree *t = take(lx);

	if(t->type == REDIR){
		t->c[0] = word(lx);
		if(t->rtype == RHERE)
			heredoc(lx, t);
	}
	return t;
}

static Tree*
simplemung(Lexer *lx, Tree *t)
{
	Tree *u;

	t = newtree(lx, SIMPLE, t, nil, nil);
	for(u = t->c[0]; u->type == ARGLIST; u = u->c[0]){
		if(u->c[1]->type == DUP || u->c[1]->type == REDIR){
			u->c[1]->c[1] = t;
			t = u->c[1];
			u->c[1] = nil;
		}
	}
	return t;
}

static Tree *pipeline(Lexer*);

/* a simple command or an assignment, starting with the word first */
static Tree*
simple(Lexer *lx, Tree *first)
{
	Tree *t, *val;
	int tok;

	while(peek(lx) == '^'){
		take(lx);
		first = globprop(newtree(lx, '^', first, word(lx), nil));
	}
	if(peek(lx) == '='){
		take(lx);
		val = word(lx);
		t = newtree(lx, '=', first, val, nil);
		t->c[2] = pipeline(lx);
		return t;
	}
	t = first;
	for(;;){
		tok = peek(lx);
		if(wordstart(tok))
			t = globprop(newtree(lx, ARGLIST, t, word(lx), nil));
		else if(tok == REDIR){
			Tree *r = take(lx);

			if(peek(lx) == '{'){
				/* <{...} is a word, and can be joined to others */
				r->c[0] = brace(lx);
				r->type = PIPEFD;
				while(peek(lx) == '^'){
					take(lx);
					r = globprop(newtree(lx, '^', r, word(lx), nil));
				}
			}else{
				r->c[0] = word(lx);
				if(r->rtype == RHERE)
					heredoc(lx, r);
			}
			t = globprop(newtree(lx, ARGLIST, t, r, nil));
		}else if(tok == DUP)
			t = globprop(newtree(lx, ARGLIST, t, take(lx), nil));
		else
			break;
	}
	return simplemung(lx, t);
}

static Tree*
epilog(Lexer *lx, Tree *comp)
{
	Tree *e = nil, **last = &e, *r;

	while(peek(lx) == REDIR || peek(lx) == DUP){
		r = redir(lx);
		*last = r;
		last = &r->c[1];
	}
	*last = comp;
	return e;
}

static Tree*
unary(Lexer *lx)
{
	Tree *t, *c;
	int tok;

	deeper(lx);
	tok = peek(lx);
	switch(tok){
	case BANG:
	case SUBSHELL:
		t = take(lx);
		t->c[0] = pipeline(lx);
		break;
	case REDIR:
		t = take(lx);
		if(peek(lx) == '{'){
			t->c[0] = brace(lx);
			t->type = PIPEFD;
			t = simple(lx, t);
			break;
		}
		t->c[0] = word(lx);
		if(t->rtype == RHERE)
			heredoc(lx, t);
		t->c[1] = pipeline(lx);
		break;
	case DUP:
		t = take(lx);
		t->c[1] = pipeline(lx);
		break;
	case IF:
		t = take(lx);
		if(peek(lx) == NOT){
			t = take(lx);
			lexskipnl(lx);
			t->c[0] = cmd(lx);
			break;
		}
		t->c[0] = paren(lx);
		lexskipnl(lx);
		t->c[1] = cmd(lx);
		break;
	case FOR:
		t = take(lx);
		expect(lx, '(');
		t->c[0] = word(lx);
		if(peek(lx) == IN){
			take(lx);
			c = words(lx);
			t->c[1] = c ? c : newtree(lx, PAREN, nil, nil, nil);
		}
		expect(lx, ')');
		lexskipnl(lx);
		t->c[2] = cmd(lx);
		break;
	case WHILE:
		t = take(lx);
		t->c[0] = paren(lx);
		lexskipnl(lx);
		t->c[1] = cmd(lx);
		break;
	case SWITCH:
		take(lx);
		c = word(lx);
		/* yacc reads the token after the word first, and only a { gets past it */
		if(peek(lx) != '{')
			syntax(lx, "syntax error");
		lexskipnl(lx);
		t = newtree(lx, SWITCH, c, brace(lx), nil);
		break;
	case TWIDDLE:
		t = take(lx);
		t->c[0] = word(lx);
		t->c[1] = words(lx);
		break;
	case FN:
		take(lx);
		c = words(lx);
		if(peek(lx) == '{')
			t = newtree(lx, FN, c, brace(lx), nil);
		else
			t = newtree(lx, FN, c, nil, nil);
		break;
	case '{':
		t = epilog(lx, brace(lx));
		break;
	default:
		if(wordstart(tok) && !iskeyword(tok)){
			t = simple(lx, primary(lx));
			break;
		}
		t = nil;
	}
	lx->depth--;
	return t;
}

static Tree*
pipeline(Lexer *lx)
{
	Tree *t = unary(lx), *p;

	while(peek(lx) == PIPE){
		p = take(lx);
		p->c[0] = t;
		p->c[1] = unary(lx);
		t = p;
	}
	return t;
}

static Tree*
cmd(Lexer *lx)
{
	Tree *t = pipeline(lx);
	int tok;

	while((tok = peek(lx)) == ANDAND || tok == OROR){
		take(lx);
		t = newtree(lx, tok, t, pipeline(lx), nil);
	}
	return t;
}

static int
iscase(Tree *t)
{
	if(t == nil || t->type != SIMPLE)
		return 0;
	do
		t = t->c[0];
	while(t->type == ARGLIST);
	return t->type == WORD && !t->quoted && strcmp(t->str, "case") == 0;
}

/* the checks 9front makes while compiling: `if not' placement and switch bodies */
static void
check(Lexer *lx, Tree *t, int eflag)
{
	int i, e;

	if(t == nil)
		return;
	t->eflag = eflag;
	if(t->type != NOT && t->type != ';')
		lx->iflast = 0;
	switch(t->type){
	case NOT:
		if(!lx->iflast)
			lexerror(lx, "`if not' does not follow `if(...)'");
		break;
	case SWITCH:
		if(t->c[1]->c[0] == nil || t->c[1]->c[0]->type != ';'
		|| !iscase(t->c[1]->c[0]->c[0])){
			lexerror(lx, "case missing in switch");
			return;	/* 9front compiles none of it */
		}
		break;
	}
	for(i = 0; i < 3; i++){
		if(t->c[i] == nil || t->type == WORD)
			continue;
		e = eflag;
		if(i == 0 && (t->type == IF || t->type == WHILE || t->type == ANDAND
		|| t->type == OROR))
			e = 0;
		if(t->type == '`')
			e = 0;
		check(lx, t->c[i], e);
	}
	if(t->type != NOT && t->type != ';')
		lx->iflast = t->type == IF;
	else if(t->c[0])
		lx->iflast = t->c[0]->type == IF;
}

/* forget queued here documents, unlinking them (the link is child 2) */
static void
dropheredocs(Lexer *lx)
{
	Tree *r, *next;

	for(r = lx->heredocs; r; r = next){
		next = r->c[2];
		r->c[2] = nil;
	}
	lx->heredocs = nil;
}

/* an interrupt ended the input in the middle of a line: forget all of it */
static int
interrupted(Lexer *lx)
{
	lx->intr = 0;
	lx->eof = 0;
	lx->in->eof = 0;
	lx->peekc = lx->future = -2;
	lx->inquote = lx->incomm = 0;
	lx->lastword = lx->lastdol = 0;
	lx->tok = 0;
	lx->doprompt = 1;
	dropheredocs(lx);
	return -2;
}

int
parseline(Lexer *lx, Tree **tp)
{
	jmp_buf jb;
	Tree *t, *rest, **tail, *n;
	int tok;

	*tp = nil;
	lx->jb = &jb;
	lx->nerror = 0;
	lx->err[0] = 0;
	lx->depth = 0;
	lx->heredocs = nil;
	lx->tok = 0;
	lx->intr = 0;
	if(setjmp(jb)){
		if(lx->intr)
			return interrupted(lx);
		lx->tok = 0;
		dropheredocs(lx);
		return -1;
	}
	if(peek(lx) == EOFTOK)
		return lx->intr ? interrupted(lx) : lx->nerror ? -1 : 0;
	t = nil;
	tail = &t;
	for(;;){
		rest = cmd(lx);
		tok = peek(lx);
		if(tok == '&'){
			take(lx);
			rest = newtree(lx, '&', rest, nil, nil);
		}else if(tok == ';')
			take(lx);
		if(rest){
			if(t == nil)
				t = rest;
			else{
				n = newtree(lx, ';', *tail, rest, nil);
				*tail = n;
				tail = &n->c[1];
			}
		}
		if(tok != '&' && tok != ';')
			break;
		tok = peek(lx);
		if(tok == '\n' || tok == EOFTOK)
			break;
	}
	/* a command line ends with a newline: one cut off by the end of input is an error */
	if(tok != '\n')
		syntax(lx, "syntax error");
	take(lx);
	if(lexreadhere(lx) < 0)
		longjmp(jb, 1);
	if(lx->intr)
		return interrupted(lx);
	/* the checks 9front makes while compiling report every problem, then the line fails */
	check(lx, t, flag['e'] && !lx->qflag);
	if(lx->nerror)
		longjmp(jb, 1);
	*tp = t;
	return 1;
}
