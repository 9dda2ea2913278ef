/* tree.c: printing syntax trees back as rc source (for whatis and exported functions), quoting. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "rc.h"

typedef struct Buf Buf;
struct Buf {
	char *s;
	size_t n, a;
	int tabs;
};

static void
put(Buf *b, const char *s, size_t n)
{
	if(b->n + n + 1 > b->a){
		while(b->n + n + 1 > b->a)
			b->a = b->a ? 2 * b->a : 128;
		b->s = erealloc(b->s, b->a);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = 0;
}

static void
puts1(Buf *b, const char *s)
{
	if(s)
		put(b, s, strlen(s));
}

static void
putc1(Buf *b, int c)
{
	char ch = c;

	put(b, &ch, 1);
}

static void
putnum(Buf *b, int n)
{
	char s[16];

	snprintf(s, sizeof s, "%d", n);
	puts1(b, s);
}

static void
newline(Buf *b)
{
	int i;

	putc1(b, '\n');
	for(i = 0; i < b->tabs % 8; i++)
		putc1(b, '\t');
}

int
needquote(const char *s)
{
	const uchar *t;

	if(*s == 0)
		return 1;
	for(t = (const uchar*)s; *t; t++)
		if(*t < 0x80 && (*t <= ' ' || strchr("`^#*[]=|\\?${}()'<>&;", *t)))
			return 1;
	return 0;
}

static void
putquoted(Buf *b, const char *s)
{
	putc1(b, '\'');
	for(; *s; s++){
		if(*s == '\'')
			putc1(b, '\'');
		putc1(b, *s);
	}
	putc1(b, '\'');
}

char*
quoteword(const char *s)
{
	Buf b = {0};

	if(needquote(s))
		putquoted(&b, s);
	else
		puts1(&b, s);
	return b.s;
}

static void pt(Buf*, Tree*);

static void
redirfd(Buf *b, Tree *t, int deflt)
{
	if(t->fd0 != deflt){
		putc1(b, '[');
		putnum(b, t->fd0);
		putc1(b, ']');
	}
}

static void
pt(Buf *b, Tree *t)
{
	Tree *c0, *c1, *c2;
	const char *s;

	if(t == nil)
		return;
	c0 = t->c[0];
	c1 = t->c[1];
	c2 = t->c[2];
	switch(t->type){
	case '$':
		putc1(b, '$');
		pt(b, c0);
		break;
	case '"':
		puts1(b, "$\"");
		pt(b, c0);
		break;
	case '&':
		pt(b, c0);
		putc1(b, '&');
		break;
	case '^':
		pt(b, c0);
		putc1(b, '^');
		pt(b, c1);
		break;
	case '`':
		putc1(b, '`');
		pt(b, c0);
		pt(b, c1);
		break;
	case ANDAND:
	case OROR:
		pt(b, c0);
		puts1(b, t->type == ANDAND ? " && " : " || ");
		pt(b, c1);
		break;
	case BANG:
		puts1(b, "! ");
		pt(b, c0);
		break;
	case BRACE:
		b->tabs++;
		putc1(b, '{');
		newline(b);
		pt(b, c0);
		b->tabs--;
		newline(b);
		putc1(b, '}');
		break;
	case COUNT:
		puts1(b, "$#");
		pt(b, c0);
		break;
	case FN:
		puts1(b, "fn ");
		pt(b, c0);
		putc1(b, ' ');
		pt(b, c1);
		break;
	case IF:
		puts1(b, "if");
		pt(b, c0);
		pt(b, c1);
		break;
	case NOT:
		puts1(b, "if not ");
		pt(b, c0);
		break;
	case PCMD:
	case PAREN:
		putc1(b, '(');
		pt(b, c0);
		putc1(b, ')');
		break;
	case SUB:
		putc1(b, '$');
		pt(b, c0);
		putc1(b, '(');
		pt(b, c1);
		putc1(b, ')');
		break;
	case SIMPLE:
		pt(b, c0);
		break;
	case SUBSHELL:
		puts1(b, "@ ");
		pt(b, c0);
		break;
	case SWITCH:
		puts1(b, "switch ");
		pt(b, c0);
		putc1(b, ' ');
		pt(b, c1);
		break;
	case TWIDDLE:
		puts1(b, "~ ");
		pt(b, c0);
		putc1(b, ' ');
		pt(b, c1);
		break;
	case WHILE:
		puts1(b, "while ");
		pt(b, c0);
		pt(b, c1);
		break;
	case ARGLIST:
		pt(b, c0);
		if(c0 && c1)
			putc1(b, ' ');
		pt(b, c1);
		break;
	case ';':
		if(c0){
			pt(b, c0);
			if(c1){
				if(c0->line == c1->line)
					puts1(b, "; ");
				else
					newline(b);
				pt(b, c1);
			}
		}else
			pt(b, c1);
		break;
	case WORDS:
		if(c0){
			pt(b, c0);
			putc1(b, ' ');
		}
		pt(b, c1);
		break;
	case FOR:
		puts1(b, "for(");
		pt(b, c0);
		if(c1){
			puts1(b, " in ");
			pt(b, c1);
		}
		putc1(b, ')');
		pt(b, c2);
		break;
	case WORD:
		if(t->quoted)
			putquoted(b, t->str);
		else
			for(s = t->str; *s; s++){
				if(*s == GLOB && s[1])
					s++;
				putc1(b, *s);
			}
		break;
	case DUP:
		puts1(b, ">[");
		if(t->rtype == RDUPFD){
			putnum(b, t->fd1);
			putc1(b, '=');
			putnum(b, t->fd0);
		}else{
			putnum(b, t->fd0);
			putc1(b, '=');
		}
		putc1(b, ']');
		pt(b, c1);
		break;
	case PIPEFD:
	case REDIR:
		putc1(b, ' ');
		switch(t->rtype){
		case RHERE:
			if(c1){
				pt(b, c1);
				putc1(b, ' ');
			}
			puts1(b, "<<");
			redirfd(b, t, 0);
			break;
		case RREAD:
			putc1(b, '<');
			redirfd(b, t, 0);
			break;
		case RRDWR:
			puts1(b, "<>");
			redirfd(b, t, 0);
			break;
		case RAPPEND:
			puts1(b, ">>");
			redirfd(b, t, 1);
			break;
		case RWRITE:
			putc1(b, '>');
			redirfd(b, t, 1);
			break;
		}
		pt(b, c0);
		if(t->rtype == RHERE && t->type == REDIR && c0 && c0->str){
			putc1(b, '\n');
			if(t->str)
				puts1(b, t->str);
			puts1(b, c0->str);
			putc1(b, '\n');
		}else if(c1){
			putc1(b, ' ');
			pt(b, c1);
		}
		break;
	case '=':
		pt(b, c0);
		putc1(b, '=');
		pt(b, c1);
		if(c2){
			putc1(b, ' ');
			pt(b, c2);
		}
		break;
	case PIPE:
		pt(b, c0);
		putc1(b, '|');
		if(t->fd1 == 0){
			if(t->fd0 != 1){
				putc1(b, '[');
				putnum(b, t->fd0);
				putc1(b, ']');
			}
		}else{
			putc1(b, '[');
			putnum(b, t->fd0);
			putc1(b, '=');
			putnum(b, t->fd1);
			putc1(b, ']');
		}
		pt(b, c1);
		break;
	default:
		puts1(b, "bad");
		break;
	}
}

char*
deparse(Tree *t)
{
	Buf b = {0};

	puts1(&b, "");
	pt(&b, t);
	return b.s;
}

void
deglob(char *s)
{
	char *r = strchr(s, GLOB), *w;

	if(r == nil)
		return;
	w = r;
	while(*r){
		if(*r == GLOB && r[1])
			r++;
		*w++ = *r++;
	}
	*w = 0;
}

void*
emalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if(p == nil){
		write(2, "rc: out of memory\n", 18);
		_exit(1);
	}
	return p;
}

void*
erealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if(p == nil){
		write(2, "rc: out of memory\n", 18);
		_exit(1);
	}
	return p;
}

char*
estrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *t = emalloc(n);

	memcpy(t, s, n);
	return t;
}

Word*
newword(const char *s, Word *next)
{
	Word *w = emalloc(sizeof *w);

	w->s = estrdup(s);
	w->next = next;
	return w;
}

Word*
wordsdup(Word *a)
{
	Word *v = nil, **e = &v;

	for(; a; a = a->next){
		*e = newword(a->s, nil);
		e = &(*e)->next;
	}
	return v;
}

void
freewords(Word *w)
{
	Word *n;

	for(; w; w = n){
		n = w->next;
		free(w->s);
		free(w);
	}
}

int
countwords(Word *w)
{
	int n;

	for(n = 0; w; w = w->next)
		n++;
	return n;
}
