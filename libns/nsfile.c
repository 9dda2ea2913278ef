/* nsfile.c: namespace files (namespace(6)) read as 9front's newns reads them. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

enum {
	Maxtok = 15,		/* words on a line, as newns allows */
	Maxname = 255,		/* longest variable name */
	Maxfile = 1 << 20,	/* largest namespace file */
};

typedef struct Buf Buf;
struct Buf {
	char *s;
	long n;
	long max;
};

static int
put(Buf *b, const char *s, long n)
{
	if(b->n + n > b->max){
		p9werrstr("argument too long");
		return -1;
	}
	memmove(b->s + b->n, s, n);
	b->n += n;
	return 0;
}

/*
 * Split line into words at spaces, tabs and carriage returns outside single quotes,
 * leaving the quotes in place. Returns the count or -1.
 */
static int
split(char *line, char **tok)
{
	char *p;
	int n, inquote;

	n = 0;
	p = line;
	for(;;){
		while(*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if(*p == 0)
			return n;
		if(n == Maxtok){
			p9werrstr("too many arguments");
			return -1;
		}
		tok[n++] = p;
		inquote = 0;
		for(; *p; p++){
			if(*p == '\'')
				inquote = !inquote;
			else if(!inquote && (*p == ' ' || *p == '\t' || *p == '\r'))
				break;
		}
		if(inquote){
			p9werrstr("unterminated quote");
			return -1;
		}
		if(*p)
			*p++ = 0;
	}
}

/* The value of $name: its first element (lists are separated by \1 or NUL). */
static int
putvar(Buf *b, const char *name, long n, Nsvarfn *var, void *aux)
{
	char nbuf[Maxname + 1];
	const char *v;
	long len;

	if(n > Maxname){
		p9werrstr("variable name too long");
		return -1;
	}
	memmove(nbuf, name, n);
	nbuf[n] = 0;
	v = var != nil ? var(aux, nbuf) : getenv(nbuf);
	if(v == nil)
		return 0;
	for(len = 0; v[len] && v[len] != '\001'; len++)
		;
	return put(b, v, len);
}

/* Expand one word into b: quotes removed ('' in quotes is a quote), $name outside quotes. */
static int
expand(Buf *b, const char *w, Nsvarfn *var, void *aux)
{
	const char *p, *name;
	int inquote;

	inquote = 0;
	for(p = w; *p; p++){
		if(*p == '\''){
			if(inquote && p[1] == '\''){
				if(put(b, "'", 1) < 0)
					return -1;
				p++;
			}else
				inquote = !inquote;
			continue;
		}
		if(*p != '$' || inquote){
			if(put(b, p, 1) < 0)
				return -1;
			continue;
		}
		name = p + 1;
		for(p = name; *p && strchr("/.!'$", *p) == nil; p++)
			;
		if(p == name){
			if(put(b, "$", 1) < 0)
				return -1;
		}else if(putvar(b, name, p - name, var, aux) < 0)
			return -1;
		p--;
	}
	return put(b, "", 1);
}

static const struct {
	const char *name;
	int op;
	int min, max;
	const char *flags;
	const char *usage;
} cmds[] = {
	{"bind", NSBIND, 2, 2, "abcCq", "bind [-abcCq] new old"},
	{"mount", NSMOUNT, 2, 3, "abcCnNq", "mount [-abcCnNq] servename old [spec]"},
	{"unmount", NSUNMOUNT, 1, 2, "", "unmount [new] old"},
	{"clear", NSCLEAR, 0, 0, "", "clear"},
	{"cd", NSCD, 1, 1, nil, "cd dir"},
	{".", NSINCLUDE, 1, 1, nil, ". file"},
	{"chdev", NSCHDEV, 0, 1, "nr", "chdev [-nr] devmask"},
};

/* Apply the flag letters of word (after its '-') for command i. */
static int
flags(Nscmd *c, int i, const char *word)
{
	const char *p;

	for(p = word + 1; *p; p++){
		if(strchr(cmds[i].flags, *p) == nil){
			p9werrstr("%s: bad flag -%c; usage: %s", cmds[i].name, *p, cmds[i].usage);
			return -1;
		}
		if(cmds[i].op == NSCHDEV){
			/* the last of -n and -r counts, as in newns */
			c->chdev = *p;
			continue;
		}
		switch(*p){
		case 'a': c->flag |= NSMAFTER; break;
		case 'b': c->flag |= NSMBEFORE; break;
		case 'c': c->flag |= NSMCREATE; break;
		case 'C': c->flag |= NSMCACHE; break;
		case 'q': c->quiet = 1; break;
		case 'n': c->noauth = c->noauth > 1 ? c->noauth : 1; break;
		case 'N': c->noauth = 2; break;
		}
	}
	if((c->flag & NSMORDER) == NSMORDER){
		p9werrstr("%s: -a and -b together", cmds[i].name);
		return -1;
	}
	return 0;
}

void
nsfreecmd(Nscmd *c)
{
	free(c->buf);
	c->buf = nil;
}

/* The operation named by the first word and its arguments; words are expanded. */
static int
parsewords(Nscmd *c, char **w, int n)
{
	int i, k, flagsdone;

	for(i = 0; i < (int)nelem(cmds); i++)
		if(strcmp(w[0], cmds[i].name) == 0)
			break;
	if(i == nelem(cmds)){
		p9werrstr("unknown command %q", w[0]);
		return -1;
	}
	c->op = cmds[i].op;
	flagsdone = cmds[i].flags == nil;
	for(k = 1; k < n; k++){
		if(!flagsdone && w[k][0] == '-' && w[k][1] != 0){
			if(strcmp(w[k], "--") == 0){
				flagsdone = 1;
				continue;
			}
			if(flags(c, i, w[k]) < 0)
				return -1;
			continue;
		}
		flagsdone = 1;
		if(c->argc == cmds[i].max){
			p9werrstr("usage: %s", cmds[i].usage);
			return -1;
		}
		c->argv[c->argc++] = w[k];
	}
	if(c->argc < cmds[i].min || (c->op == NSCHDEV && c->chdev != 'n' && c->argc == 0)){
		p9werrstr("usage: %s", cmds[i].usage);
		return -1;
	}
	return 0;
}

int
nsparseline(char *line, Nscmd *c, Nsvarfn *var, void *aux)
{
	char *tok[Maxtok], *w[Maxtok];
	long off[Maxtok];
	Buf b;
	int n, i;

	memset(c, 0, sizeof *c);
	while(*line == ' ' || *line == '\t' || *line == '\r')
		line++;
	if(*line == '#' || *line == 0)
		return 0;
	if((n = split(line, tok)) <= 0)
		return n;
	/* each word expands to at most NSMAXARG bytes and its NUL */
	b.n = 0;
	b.max = (long)n * (NSMAXARG + 1);
	if((b.s = malloc(b.max)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	for(i = 0; i < n; i++){
		off[i] = b.n;
		b.max = off[i] + NSMAXARG + 1;
		if(expand(&b, tok[i], var, aux) < 0){
			free(b.s);
			return -1;
		}
	}
	for(i = 0; i < n; i++)
		w[i] = b.s + off[i];
	c->buf = b.s;
	if(parsewords(c, w, n) < 0){
		nsfreecmd(c);
		memset(c, 0, sizeof *c);
		return -1;
	}
	return 0;
}

int
nsfmtcmd(Fmt *f, const Nscmd *c)
{
	char flag[8];
	int i;

	switch(c->op){
	case NSBIND:
	case NSMOUNT:
		nsflagstr(flag, c->flag);
		if(p9fmtprint(f, "%s", c->op == NSBIND ? "bind" : "mount") < 0)
			return -1;
		if(c->flag || c->quiet || c->noauth){
			if(p9fmtprint(f, " -%s%s%s%s", flag[0] ? flag + 1 : "", c->quiet ? "q" : "",
			   c->noauth == 1 ? "n" : "", c->noauth == 2 ? "N" : "") < 0)
				return -1;
		}
		break;
	case NSUNMOUNT:
		if(p9fmtprint(f, "unmount") < 0)
			return -1;
		break;
	case NSCLEAR:
		return p9fmtprint(f, "clear");
	case NSCD:
		if(p9fmtprint(f, "cd") < 0)
			return -1;
		break;
	case NSINCLUDE:
		if(p9fmtprint(f, ".") < 0)
			return -1;
		break;
	case NSCHDEV:
		if(p9fmtprint(f, c->chdev ? "chdev -%c" : "chdev", c->chdev) < 0)
			return -1;
		break;
	default:
		return 0;
	}
	/* an operand that looks like flags reads back as an operand only after -- */
	if(c->op != NSCD && c->op != NSINCLUDE && c->argc > 0 && c->argv[0][0] == '-' &&
	   c->argv[0][1] != 0 && p9fmtprint(f, " --") < 0)
		return -1;
	for(i = 0; i < c->argc; i++)
		if(p9fmtprint(f, " %#q", c->argv[i]) < 0)
			return -1;
	return 0;
}

/* The whole of file, NUL-terminated, in a malloc'd buffer; nil with errno on failure. */
static char*
slurp(const char *file, long *np)
{
	struct stat st;
	char *buf;
	long n, m;
	int fd;

	if((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		return nil;
	if(fstat(fd, &st) < 0 || S_ISDIR(st.st_mode)){
		if(S_ISDIR(st.st_mode))
			errno = EISDIR;
		close(fd);
		return nil;
	}
	if((buf = malloc(Maxfile + 1)) == nil){
		close(fd);
		errno = ENOMEM;
		return nil;
	}
	for(n = 0; n <= Maxfile; n += m)
		if((m = read(fd, buf + n, Maxfile + 1 - n)) <= 0)
			break;
	close(fd);
	if(m < 0){
		free(buf);
		return nil;
	}
	if(n > Maxfile){
		free(buf);
		errno = EFBIG;
		return nil;
	}
	buf[n] = 0;
	*np = n;
	return buf;
}

static int readbuf(const char *name, const char *buf, long n, Nsvarfn *var, Nscmdfn *fn,
	void *aux, int depth);

/*
 * The end of the line at p: its newline, or e. A newline in quotes does not end it (ns
 * quotes a name holding one), except on a comment line.
 */
static int
countnl(const char *p, const char *e)
{
	int n;

	for(n = 0; p < e; p++)
		n += *p == '\n';
	return n;
}

static const char*
lineend(const char *p, const char *e)
{
	const char *nl;
	int inquote;

	while(p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	if(p < e && *p == '#')
		return (nl = memchr(p, '\n', e - p)) != nil ? nl : e;
	inquote = 0;
	for(; p < e; p++){
		if(*p == '\'')
			inquote = !inquote;
		else if(*p == '\n' && !inquote)
			return p;
	}
	return e;
}

static int
readfile(const char *file, Nsvarfn *var, Nscmdfn *fn, void *aux, int depth)
{
	char *buf;
	long n;
	int r;

	if((buf = slurp(file, &n)) == nil){
		p9werrstr("%s: %s", file, errno == EFBIG ? "file too large" : p9errnostr(errno));
		return -1;
	}
	r = readbuf(file, buf, n, var, fn, aux, depth);
	free(buf);
	return r;
}

static int
readbuf(const char *name, const char *buf, long n, Nsvarfn *var, Nscmdfn *fn, void *aux,
	int depth)
{
	char line[NSMAXLINE + 1];
	const char *p, *e, *nl;
	Nscmd c;
	int lineno, next, r;

	if(depth > NSMAXINCLUDE){
		p9werrstr("%s: includes nested too deeply", name);
		return -1;
	}
	next = 1;
	for(p = buf, e = buf + n; p < e; p = nl + 1){
		lineno = next;
		nl = lineend(p, e);
		next += 1 + countnl(p, nl);
		if(nl - p > NSMAXLINE){
			p9werrstr("%s:%d: line too long", name, lineno);
			return -1;
		}
		if(memchr(p, 0, nl - p) != nil){
			p9werrstr("%s:%d: NUL byte in line", name, lineno);
			return -1;
		}
		memmove(line, p, nl - p);
		line[nl - p] = 0;
		if(nsparseline(line, &c, var, aux) < 0){
			p9werrstr("%s:%d: %r", name, lineno);
			return -1;
		}
		if(c.op == 0)
			continue;
		c.file = name;
		c.line = lineno;
		if(c.op == NSINCLUDE){
			if(access(c.argv[0], F_OK) < 0 && errno == ENOENT)
				r = 0;
			else
				r = readfile(c.argv[0], var, fn, aux, depth + 1);
		}else if((r = fn(aux, &c)) < 0)
			p9werrstr("%s:%d: %r", name, lineno);
		nsfreecmd(&c);
		if(r < 0)
			return -1;
	}
	return 0;
}

int
nsreadbuf(const char *name, const char *buf, long n, Nsvarfn *var, Nscmdfn *fn, void *aux)
{
	return readbuf(name, buf, n, var, fn, aux, 0);
}

int
nsreadfile(const char *file, Nsvarfn *var, Nscmdfn *fn, void *aux)
{
	return readfile(file, var, fn, aux, 0);
}
