/* lex.c: rc's lexer: input sources, free carets, quoting, redirection tokens. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include "rc.h"

void (*rcprompt)(Lexer*);

void
inputfd(Input *in, int fd)
{
	memset(in, 0, sizeof *in);
	in->fd = fd;
}

void
inputbuf(Input *in, const char *buf, size_t len)
{
	memset(in, 0, sizeof *in);
	in->fd = -1;
	in->buf = buf;
	in->len = len;
}

static int
rawgetc(Lexer *lx)
{
	Input *in = lx->in;
	int n;

	if(in->eof)
		return EOF;
	if(in->fd < 0){
		if(in->pos >= in->len){
			in->eof = 1;
			return EOF;
		}
		return (uchar)in->buf[in->pos++];
	}
	if(in->interactive){
		if(in->pline >= in->nline){
			free(in->line);
			in->line = nil;
			in->nline = in->pline = 0;
			n = rcreadline(in->fd, &in->line, &in->nline);
			if(n <= 0 || in->nline == 0){
				/* an interrupt ends the input for parseline, which drops the line */
				lx->intr = n < 0;
				in->eof = 1;
				return EOF;
			}
		}
		return (uchar)in->line[in->pline++];
	}
	if(in->rp >= in->rn){
		do
			n = read(in->fd, in->rbuf, sizeof in->rbuf);
		while(n < 0 && errno == EINTR);
		if(n <= 0){
			in->eof = 1;
			return EOF;
		}
		in->rn = n;
		in->rp = 0;
	}
	return (uchar)in->rbuf[in->rp++];
}

/* -v echoes what is read, except files read with . -q; -V echoes everything */
static int
echoing(Lexer *lx)
{
	return (flag['v'] && !lx->qflag) || flag['V'];
}

/* one character, with backslash-newline turned into a space */
static int
getnext(Lexer *lx)
{
	int c;

	if(lx->peekc != -2){
		c = lx->peekc;
		lx->peekc = -2;
		return c;
	}
	if(lx->eof)
		return *lx->epilog ? *lx->epilog++ : EOF;
	if(lx->doprompt && lx->in->interactive && rcprompt){
		rcprompt(lx);
		lx->doprompt = 0;
	}
	c = rawgetc(lx);
	if(c == '\\' && !lx->inquote){
		c = rawgetc(lx);
		if(c == '\n' && !lx->incomm){
			lx->doprompt = 1;
			if(echoing(lx))
				write(errfd(), "\\\n", 2);
			return ' ';
		}
		lx->peekc = c == EOF ? -2 : c;
		c = '\\';
	}
	if(c == EOF){
		lx->eof = 1;
		return *lx->epilog ? *lx->epilog++ : EOF;
	}
	if(c == '\n')
		lx->doprompt = 1;
	if(echoing(lx)){
		char ch = c;
		write(errfd(), &ch, 1);
	}
	return c;
}

static int
nextc(Lexer *lx)
{
	if(lx->future == -2)
		lx->future = getnext(lx);
	return lx->future;
}

static int
advance(Lexer *lx)
{
	int c = nextc(lx);

	lx->lastc = c;
	lx->future = -2;
	if(c == '\n')
		lx->line++;
	return c;
}

static void
skipwhite(Lexer *lx)
{
	int c;

	for(;;){
		c = nextc(lx);
		if(c == '#'){
			lx->incomm = 1;
			for(;;){
				c = nextc(lx);
				if(c == '\n' || c == EOF)
					break;
				advance(lx);
			}
			lx->incomm = 0;
		}
		if(c == ' ' || c == '\t')
			advance(lx);
		else
			return;
	}
}

static int
nextis(Lexer *lx, int c)
{
	if(nextc(lx) == c){
		advance(lx);
		return 1;
	}
	return 0;
}

static void
addc(Lexer *lx, int c)
{
	if(lx->nbuf + 2 > lx->abuf){
		lx->abuf = lx->abuf ? 2 * lx->abuf : 256;
		lx->buf = erealloc(lx->buf, lx->abuf);
	}
	lx->buf[lx->nbuf++] = c;
	lx->buf[lx->nbuf] = 0;
}

static void
settok(Lexer *lx, const char *s)
{
	lx->nbuf = 0;
	if(lx->abuf == 0)
		addc(lx, 0), lx->nbuf = 0;
	while(*s)
		addc(lx, *s++);
	lx->buf[lx->nbuf] = 0;
}

static const struct { const char *name; int type; } keywords[] = {
	{"for", FOR}, {"in", IN}, {"while", WHILE}, {"if", IF}, {"not", NOT},
	{"~", TWIDDLE}, {"!", BANG}, {"@", SUBSHELL}, {"switch", SWITCH}, {"fn", FN},
};

static Tree*
wordtree(Lexer *lx, int type)
{
	Tree *t = newtree(lx, type, nil, nil, nil);

	t->str = emalloc(lx->nbuf + 1);
	memcpy(t->str, lx->buf, lx->nbuf + 1);
	return t;
}

void lexskipnl(Lexer*);

static int
redirtoken(Lexer *lx, int c)
{
	Tree *t;
	int n;

	settok(lx, "");
	addc(lx, c);
	t = newtree(lx, REDIR, nil, nil, nil);
	lx->tokval = t;
	switch(c){
	case '|':
		t->type = PIPE;
		t->fd0 = 1;
		t->fd1 = 0;
		break;
	case '>':
		t->rtype = RWRITE;
		if(nextis(lx, '>')){
			t->rtype = RAPPEND;
			addc(lx, '>');
		}
		t->fd0 = 1;
		break;
	case '<':
		t->rtype = RREAD;
		if(nextis(lx, '<')){
			t->rtype = RHERE;
			addc(lx, '<');
		}else if(nextis(lx, '>')){
			t->rtype = RRDWR;
			addc(lx, '<');	/* sic: 9front's token text for <> is "<<" */
		}
		t->fd0 = 0;
		break;
	}
	/* the token's text is built as 9front's lexer builds it, for the same messages */
	if(nextis(lx, '[')){
		addc(lx, '[');
		c = advance(lx);
		if(c != EOF)
			addc(lx, c);
		if(c < '0' || c > '9')
			goto bad;
		n = 0;
		do{
			addc(lx, c);	/* the first digit twice, as 9front has it */
			n = n * 10 + c - '0';
			if(n > 1000000)
				goto bad;
			c = advance(lx);
		}while(c >= '0' && c <= '9');
		t->fd0 = n;
		if(c == '='){
			addc(lx, '=');
			if(t->type == REDIR)
				t->type = DUP;
			c = advance(lx);
			if(c >= '0' && c <= '9'){
				t->rtype = RDUPFD;
				t->fd1 = t->fd0;
				n = 0;
				do{
					addc(lx, c);
					n = n * 10 + c - '0';
					if(n > 1000000)
						goto bad;
					c = advance(lx);
				}while(c >= '0' && c <= '9');
				t->fd0 = n;
			}else{
				if(t->type == PIPE)
					goto bad;
				t->rtype = RCLOSE;
			}
		}
		if(c != ']' || (t->type == DUP && (t->rtype == RHERE || t->rtype == RAPPEND)))
			goto bad;
		addc(lx, ']');
	}
	if(t->type == PIPE)
		lexskipnl(lx);
	return t->type;
bad:
	lexerror(lx, t->type == PIPE ? "pipe syntax" : "redirection syntax");
	return ERRTOK;
}

static void
addrune(Lexer *lx, int c)
{
	int n, i;

	addc(lx, c);
	if(c < 0x80)
		return;
	if((c & 0xe0) == 0xc0)
		n = 2;
	else if((c & 0xf0) == 0xe0)
		n = 3;
	else if((c & 0xf8) == 0xf0)
		n = 4;
	else
		return;
	for(i = 1; i < n; i++){
		c = nextc(lx);
		if(c == EOF || (c & 0xc0) != 0x80)
			break;
		addc(lx, advance(lx));
	}
}

void
lexskipnl(Lexer *lx)
{
	for(;;){
		skipwhite(lx);
		if(nextc(lx) != '\n')
			return;
		advance(lx);
	}
}

int
lexnext(Lexer *lx)
{
	int c, d, glob;
	size_t i;
	Tree *t;

	lx->tokval = nil;
	d = nextc(lx);
	if(lx->lastword){
		lx->lastword = 0;
		if(d == '('){
			advance(lx);
			settok(lx, "( [SUB]");
			return SUB;
		}
		if(wordchr(d) || d == '\'' || d == '`' || d == '$' || d == '"'){
			settok(lx, "^");
			return '^';
		}
	}
	lx->inquote = 0;
	skipwhite(lx);
	c = advance(lx);
	switch(c){
	case EOF:
		lx->lastdol = 0;
		settok(lx, "EOF");
		return EOFTOK;
	case '$':
		lx->lastdol = 1;
		if(nextis(lx, '#')){
			settok(lx, "$#");
			return COUNT;
		}
		if(nextis(lx, '"')){
			settok(lx, "$\"");
			return '"';
		}
		settok(lx, "$");
		return '$';
	case '&':
		lx->lastdol = 0;
		if(nextis(lx, '&')){
			lexskipnl(lx);
			settok(lx, "&&");
			return ANDAND;
		}
		settok(lx, "&");
		return '&';
	case '|':
		lx->lastdol = 0;
		if(nextis(lx, '|')){
			lexskipnl(lx);
			settok(lx, "||");
			return OROR;
		}
		/* fall through */
	case '<':
	case '>':
		lx->lastdol = 0;
		return redirtoken(lx, c);
	case '\'':
		lx->lastdol = 0;
		lx->lastword = 1;
		lx->inquote = 1;
		settok(lx, "");
		for(;;){
			c = advance(lx);
			if(c == EOF)
				break;
			if(c == '\''){
				if(nextc(lx) != '\'')
					break;
				advance(lx);
			}
			addrune(lx, c);
		}
		lx->inquote = 0;
		t = wordtree(lx, WORD);
		t->quoted = 1;
		lx->tokval = t;
		return WORD;
	}
	if(!wordchr(c)){
		char s[2] = {c, 0};

		lx->lastdol = 0;
		settok(lx, s);
		return c;
	}
	settok(lx, "");
	glob = 0;
	for(;;){
		if(c == '*' || c == '[' || c == '?' || c == GLOB){
			glob = 1;
			addc(lx, GLOB);
		}
		addrune(lx, c);
		c = nextc(lx);
		if(lx->lastdol ? !idchr(c) : !wordchr(c))
			break;
		advance(lx);
	}
	lx->lastword = 1;
	lx->lastdol = 0;
	for(i = 0; i < sizeof keywords / sizeof keywords[0]; i++)
		if(strcmp(lx->buf, keywords[i].name) == 0){
			lx->lastword = 0;
			t = wordtree(lx, keywords[i].type);
			lx->tokval = t;
			return t->type;
		}
	t = wordtree(lx, WORD);
	t->glob = glob;
	lx->tokval = t;
	return WORD;
}

/* format a syntax error like rc: file:line: token 'x': message; skip the rest of the line */
void
lexerror(Lexer *lx, const char *msg)
{
	char *q = nil;
	size_t n = strlen(lx->err);
	int k;

	lx->nerror++;
	lx->errmsg = msg;
	if(n > 0 && n + 1 < sizeof lx->err)
		lx->err[n++] = '\n';
	if(lx->nbuf > 0 && lx->buf[0] != '\n')
		q = quoteword(lx->buf);
	if(lx->file)
		k = snprintf(lx->err + n, sizeof lx->err - n, "%s:%d: ", lx->file, lx->line);
	else
		k = snprintf(lx->err + n, sizeof lx->err - n, "%s: ", argv0);
	if(k > 0 && n + k < sizeof lx->err)
		n += k;
	if(q)
		snprintf(lx->err + n, sizeof lx->err - n, "token %s: %s", q, msg);
	else
		snprintf(lx->err + n, sizeof lx->err - n, "%s", msg);
	free(q);
	lx->lastword = 0;
	lx->lastdol = 0;
	while(lx->lastc != '\n' && lx->lastc != EOF)
		advance(lx);
}

Lexer*
lexnew(Input *in, const char *file, int wrap)
{
	Lexer *lx = emalloc(sizeof *lx);

	memset(lx, 0, sizeof *lx);
	lx->in = in;
	lx->file = file;
	lx->line = 1;
	lx->peekc = wrap ? '{' : -2;
	lx->epilog = wrap ? "}\n" : "";
	lx->future = -2;
	lx->doprompt = 1;
	settok(lx, "");
	return lx;
}

void
lexfree(Lexer *lx)
{
	Tree *t, *n;

	if(lx == nil)
		return;
	for(t = lx->nodes; t; t = n){
		n = t->next;
		free(t->str);
		free(t);
	}
	free(lx->buf);
	free(lx);
}

/* read the bodies of the here documents queued on this line */
int
lexreadhere(Lexer *lx)
{
	Tree *r, *next;
	char *doc, *tag;
	size_t n, a, ls;
	int c;

	for(r = lx->heredocs; r; r = next){
		next = r->c[2];
		r->c[2] = nil;
		tag = r->c[0]->str;
		doc = nil;
		n = a = 0;
		ls = 0;
		if(rcprompt && lx->in->interactive)
			lx->doprompt = 1;
		for(;;){
			if(n == ls && lx->in->interactive && rcprompt)
				rcprompt(lx);
			if(lx->future != -2){
				c = lx->future;
				lx->future = -2;
			}else if(lx->peekc != -2){
				c = lx->peekc;
				lx->peekc = -2;
			}else
				c = lx->eof ? EOF : rawgetc(lx);
			if(c == EOF)
				break;
			if(c == 0){
				free(doc);
				lx->heredocs = next;
				settok(lx, "");
				lexerror(lx, "NUL bytes in here doc");
				return -1;
			}
			if(n + 2 > a){
				a = a ? 2 * a : 256;
				doc = erealloc(doc, a);
			}
			doc[n++] = c;
			if(c == '\n'){
				lx->line++;
				if(n - 1 - ls == strlen(tag) && memcmp(doc + ls, tag, n - 1 - ls) == 0){
					n = ls;
					break;
				}
				ls = n;
			}
		}
		if(doc == nil)
			doc = emalloc(1);
		doc[n] = 0;
		r->str = doc;
	}
	lx->heredocs = nil;
	return 0;
}

int
wordchr(int c)
{
	return c != EOF && !strchr("\n \t#;&|^$=`'{}()<>", c);
}

int
idchr(int c)
{
	return c > ' ' && c != EOF && !strchr("!\"#$%&'()+,-./:;<=>?@[\\]^`{|}~", c);
}
