/* nsfile.c: fuzz target for namespace-file parsing (libns's nsparseline and nsreadbuf). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/ns.h>

/*
 * The input is a namespace file. Checked:
 *	each line either parses or fails with an error; a parsed line has a known operation,
 *	its operands within the operation's count and NSMAXARG long, only the flags the
 *	operation takes, never -a with -b, chdev with a mask unless -n;
 *	printing a parsed line (nsfmtcmd) and parsing that again gives the same operation and
 *	operands, and prints the same (so ns(1) output reads back as it was);
 *	nsreadbuf sees the same operations in the same order, stopping at the first error,
 *	where a line ends at a newline outside quotes (any newline on a comment line),
 *	with an error naming the buffer and line. Inputs with include lines (". file") skip
 *	nsreadbuf, which would read the host's files.
 * Variables: $a is empty, $b a list, $q has a quote, everything else unset.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(x, why)	do{ if(!(x)) bug(why); }while(0)

enum { Maxin = 1 << 16 };

static void bug(const char *why) __attribute__((noreturn));

static void
bug(const char *why)
{
	fprintf(stderr, "fuzz-nsfile: invariant broken: %s\n", why);
	abort();
}

static const char*
var(void *aux, const char *name)
{
	(void)aux;
	if(strcmp(name, "a") == 0)
		return "";
	if(strcmp(name, "b") == 0)
		return "one\001two";
	if(strcmp(name, "q") == 0)
		return "it's a 'test'";
	return nil;
}

static char*
fmtcmd(const Nscmd *c)
{
	Fmt f;
	char *s;

	check(p9fmtstrinit(&f) == 0, "out of memory");
	check(nsfmtcmd(&f, c) == 0, "nsfmtcmd failed");
	s = p9fmtstrflush(&f);
	check(s != nil, "out of memory");
	return s;
}

static void
checkcmd(const Nscmd *c)
{
	static const int max[] = {0, 2, 3, 2, 0, 1, 1, 1};
	int i;

	check(c->op >= NSBIND && c->op <= NSCHDEV, "unknown operation");
	check(c->argc >= 0 && c->argc <= max[c->op], "too many operands");
	for(i = 0; i < c->argc; i++)
		check(strlen(c->argv[i]) <= NSMAXARG, "operand too long");
	check((c->flag & ~NSMMASK) == 0, "bad flag bits");
	check((c->flag & NSMORDER) != NSMORDER, "-a with -b");
	if(c->op != NSBIND && c->op != NSMOUNT)
		check(c->flag == 0 && c->quiet == 0 && c->noauth == 0, "flags on a flagless operation");
	if(c->op == NSBIND)
		check(c->noauth == 0, "bind with -n");
	if(c->op == NSCHDEV)
		check((c->chdev == 'n' || c->argc == 1) && (c->chdev == 0 || c->chdev == 'n' ||
			c->chdev == 'r'), "chdev's flags and mask");
	else
		check(c->chdev == 0, "chdev's flags on another operation");
}

/* Print c, parse the print, and check both say the same. */
static void
roundtrip(const Nscmd *c)
{
	char *s, *t, *line;
	Nscmd d;
	int i;

	s = fmtcmd(c);
	line = strdup(s);
	check(line != nil, "out of memory");
	check(nsparseline(line, &d, var, nil) == 0, "printed line does not parse");
	check(d.op == c->op && d.flag == c->flag && d.quiet == c->quiet &&
		d.noauth == c->noauth && d.chdev == c->chdev && d.argc == c->argc,
		"printed line parses differently");
	for(i = 0; i < c->argc; i++)
		check(strcmp(c->argv[i], d.argv[i]) == 0, "printed operand parses differently");
	t = fmtcmd(&d);
	check(strcmp(s, t) == 0, "print is not stable");
	free(t);
	nsfreecmd(&d);
	free(line);
	free(s);
}

typedef struct Seen Seen;
struct Seen {
	char **line;		/* what the per-line parse saw, printed */
	int n;
	int i;
};

static int
collect(void *aux, Nscmd *c)
{
	Seen *s = aux;
	char *p;

	checkcmd(c);
	check(s->i < s->n, "nsreadbuf saw more operations");
	p = fmtcmd(c);
	check(strcmp(p, s->line[s->i]) == 0, "nsreadbuf saw another operation");
	free(p);
	s->i++;
	return 0;
}

/* The end of the line at p, as namespace(6) says: a newline outside quotes. */
static char*
lineend(char *p, char *e, int *nnl)
{
	int quote, comment;

	*nnl = 0;
	while(p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	comment = p < e && *p == '#';
	quote = 0;
	for(; p < e; p++){
		if(*p == '\n'){
			if(comment || !quote)
				break;
			++*nnl;
		}else if(*p == '\'')
			quote = !quote;
	}
	return p;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf, *p, *nl, *line, err[ERRMAX];
	Seen seen;
	Nscmd c;
	int failed, include, r, lineno, errline, nnl;

	if(size > Maxin)
		return 0;
	buf = malloc(size + 1);
	check(buf != nil, "out of memory");
	memcpy(buf, data, size);
	buf[size] = 0;
	memset(&seen, 0, sizeof seen);
	seen.line = malloc((size + 1) * sizeof *seen.line);
	check(seen.line != nil, "out of memory");
	failed = include = 0;
	errline = 0;
	lineno = 0;
	nnl = 0;
	for(p = buf; p < buf + size && !failed; p = nl + 1){
		lineno += 1 + nnl;
		nl = lineend(p, buf + size, &nnl);
		if(nl - p > NSMAXLINE || memchr(p, 0, nl - p) != nil){
			failed = 1;
			errline = lineno;
			break;
		}
		line = malloc(nl - p + 1);
		check(line != nil, "out of memory");
		memcpy(line, p, nl - p);
		line[nl - p] = 0;
		if(nsparseline(line, &c, var, nil) < 0){
			check(c.op == 0 && c.buf == nil, "failed parse left a result");
			failed = 1;
			errline = lineno;
		}else if(c.op != 0){
			checkcmd(&c);
			roundtrip(&c);
			if(c.op == NSINCLUDE)
				include = 1;
			else
				seen.line[seen.n++] = fmtcmd(&c);
			nsfreecmd(&c);
		}
		free(line);
	}
	if(!include){
		r = nsreadbuf("fuzz", buf, size, var, collect, &seen);
		check((r < 0) == failed, "nsreadbuf and the lines disagree on failing");
		check(seen.i == seen.n, "nsreadbuf saw fewer operations");
		if(r < 0){
			char want[32];

			p9rerrstr(err, sizeof err);
			p9snprint(want, sizeof want, "fuzz:%d: ", errline);
			check(strncmp(err, want, strlen(want)) == 0, "error names the wrong line");
		}
	}
	while(seen.n > 0)
		free(seen.line[--seen.n]);
	free(seen.line);
	free(buf);
	return 0;
}
