/* exec.c: rc's executor: evaluating words, running commands, redirections, pipes and processes. */
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include "rc.h"

enum { Maxdepth = 100000 };

int flag[256];
int mypid;
char *argv0 = "rc";
int depth;
char *stackbase;	/* an address near the bottom of the C stack */
size_t stackmax;	/* how much of it deep recursion may use */
Catch *catcher;
const char *srcname;
int srcline;
volatile int ntrap;
volatile int trapped[65];
static int ifnot;
static int inchild;

/* the redirection stack: fd was saved in save (-1: it was closed) */
typedef struct Redir Redir;
struct Redir {
	int fd, save;
};
static Redir *redirs;
static int nredir, aredir;

/* descriptors of process substitutions, closed when their command finishes */
static int *pfds;
static int npfd, apfd;

static int *waitpids;
static int nwaitpid, awaitpid;

void
throw(void)
{
	if(catcher == nil){
		rcexit();
	}
	longjmp(catcher->jb, 1);
}

void
pfln(int fd)
{
	if(srcname && srcline)
		dprintf(fd, "%s:%d", srcname, srcline);
	else if(srcname)
		dprintf(fd, "%s", srcname);
	else
		dprintf(fd, "%s", argv0);
}

static void
verror(const char *st, const char *fmt, va_list arg)
{
	char buf[1024];
	int fd;

	vsnprintf(buf, sizeof buf, fmt, arg);
	setstatus(st ? st : "error");
	fd = errfd();
	pfln(fd);
	dprintf(fd, ": %s\n", buf);
	throw();
}

void
rcerror(const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	verror(nil, fmt, arg);
	va_end(arg);
}

void
rcerrorst(const char *st, const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	verror(st, fmt, arg);
	va_end(arg);
}

static Var *statusvar;

void
setstatus(const char *s)
{
	if(statusvar == nil)
		statusvar = vlook("status");
	if(statusvar->val && statusvar->val->next == nil && strcmp(statusvar->val->s, s) == 0)
		return;
	setvar("status", newword(s, nil));
}

const char*
getstatus(void)
{
	if(statusvar == nil)
		statusvar = vlook("status");
	return statusvar->val ? statusvar->val->s : "";
}

int
truestatus(void)
{
	const char *s;

	for(s = getstatus(); *s; s++)
		if(*s != '|' && *s != '0')
			return 0;
	return 1;
}

/* redirections */

void
pushredir(int fd, int newfd)
{
	int save;

	if(nredir == aredir){
		aredir = aredir ? 2 * aredir : 16;
		redirs = erealloc(redirs, aredir * sizeof redirs[0]);
	}
	if(newfd == fd){
		/* open gave us fd itself, so fd was closed before */
		save = -1;
		fcntl(fd, F_SETFD, 0);
	}else
		save = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	redirs[nredir].fd = fd;
	redirs[nredir].save = save;
	nredir++;
	if(newfd < 0)
		close(fd);
	else if(newfd != fd){
		dup2(newfd, fd);
		close(newfd);
	}
}

static void
pushdup(int from, int to)
{
	if(nredir == aredir){
		aredir = aredir ? 2 * aredir : 16;
		redirs = erealloc(redirs, aredir * sizeof redirs[0]);
	}
	redirs[nredir].fd = to;
	redirs[nredir].save = fcntl(to, F_DUPFD_CLOEXEC, 10);
	nredir++;
	/* a dup from a closed descriptor fails and leaves to as it was (Dup's error is ignored) */
	if(from != to)
		dup2(from, to);
}

/*
 * rc's own descriptor fd, as it was before any redirection: on 9front redirections
 * only take effect in the processes rc starts, so rc itself (its messages, the files
 * . opens) never sees them. The saved copy of the first redirection of fd (-1 if fd
 * was closed then), else fd itself.
 */
int
ownfd(int fd)
{
	int i;

	for(i = 0; i < nredir; i++)
		if(redirs[i].fd == fd)
			return redirs[i].save;
	return fd;
}

/* where rc's own messages go */
int
errfd(void)
{
	return ownfd(2);
}

int
redirmark(void)
{
	return nredir;
}

void
popredirs(int mark)
{
	Redir *r;

	while(nredir > mark){
		r = &redirs[--nredir];
		if(r->save >= 0){
			dup2(r->save, r->fd);
			close(r->save);
		}else
			close(r->fd);
	}
}

/* forget the saved descriptors (in a child that will not restore them) */
void
dropredirs(void)
{
	while(nredir > 0){
		nredir--;
		if(redirs[nredir].save >= 0)
			close(redirs[nredir].save);
	}
}

static void
closepfds(int mark)
{
	while(npfd > mark)
		close(pfds[--npfd]);
}

/* processes */

void
addwaitpid(int pid)
{
	if(nwaitpid == awaitpid){
		awaitpid = awaitpid ? 2 * awaitpid : 16;
		waitpids = erealloc(waitpids, awaitpid * sizeof waitpids[0]);
	}
	waitpids[nwaitpid++] = pid;
}

static int
delwaitpid(int pid)
{
	int i;

	for(i = 0; i < nwaitpid; i++)
		if(waitpids[i] == pid){
			waitpids[i] = waitpids[--nwaitpid];
			return 1;
		}
	return 0;
}

char*
waitstatus(int st)
{
	static char buf[16];

	snprintf(buf, sizeof buf, "%d", WIFSIGNALED(st) ? WTERMSIG(st) + 1000 : WEXITSTATUS(st));
	return buf;
}

/* wait for pid (or every child if pid < 0); set $status from it if set */
int
waitfor(int pid, int set)
{
	int st, w;

	if(pid >= 0){
		if(!delwaitpid(pid))
			return -1;
		/* interrupts don't get us out: the trap runs after the child is done */
		while((w = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
			;
		if(w < 0)
			return -1;
		if(set)
			setstatus(waitstatus(st));
		return 0;
	}
	while(nwaitpid > 0){
		w = waitpid(waitpids[0], &st, 0);
		if(w < 0 && errno == EINTR)
			continue;
		waitpids[0] = waitpids[--nwaitpid];
	}
	return 0;
}

void
forkreset(void)
{
	nwaitpid = 0;
	inchild = 1;
}

static int
rcfork(void)
{
	int pid;

	fflush(stdout);
	pid = fork();
	if(pid < 0)
		rcerrorst(strerror(errno), "try again: %s", strerror(errno));
	if(pid == 0){
		forkreset();
		catcher = nil;
	}else
		addwaitpid(pid);
	return pid;
}

/* in a forked child: run t and exit */
static void __attribute__((noreturn))
childrun(Tree *t)
{
	Catch c;

	c.prev = nil;
	catcher = &c;
	if(setjmp(c.jb) == 0){
		c.locals = nlocals();
		run(t, 1);
	}
	catcher = nil;
	rcexit();
	_exit(1);
}

/* word evaluation */

static Word*
conc(Word *l, Word *r)
{
	int ln = countwords(l), rn = countwords(r);
	Word *v = nil, **e = &v, *a, *b;
	size_t n1, n2;

	if(ln == 0 && rn == 0)
		return nil;
	if(ln == 0 || rn == 0){
		freewords(l);
		freewords(r);
		rcerror("null list in concatenation");
	}
	if(ln != 1 && rn != 1 && ln != rn){
		freewords(l);
		freewords(r);
		rcerror("mismatched list lengths in concatenation");
	}
	a = l;
	b = r;
	for(;;){
		n1 = strlen(a->s);
		n2 = strlen(b->s);
		*e = emalloc(sizeof **e);
		(*e)->s = emalloc(n1 + n2 + 1);
		memcpy((*e)->s, a->s, n1);
		memcpy((*e)->s + n1, b->s, n2 + 1);
		(*e)->next = nil;
		e = &(*e)->next;
		if(a->next == nil && b->next == nil)
			break;
		if(a->next)
			a = a->next;
		if(b->next)
			b = b->next;
	}
	freewords(l);
	freewords(r);
	return v;
}

static Word*
append(Word *a, Word *b)
{
	Word **e;

	if(a == nil)
		return b;
	for(e = &a; *e; e = &(*e)->next)
		;
	*e = b;
	return a;
}

static char*
joinwords(Word *w)
{
	size_t n = 1;
	Word *a;
	char *s, *p;

	for(a = w; a; a = a->next)
		n += strlen(a->s) + 1;
	s = p = emalloc(n);
	*p = 0;
	for(a = w; a; a = a->next){
		if(a != w)
			*p++ = ' ';
		n = strlen(a->s);
		memcpy(p, a->s, n);
		p += n;
	}
	*p = 0;
	return s;
}

static Word*
evalplain(Tree *t)
{
	Word *w = eval(t), *a;

	for(a = w; a; a = a->next)
		deglob(a->s);
	return w;
}

static Word*
globlist(Word *w)
{
	Word *v = nil, **e = &v, *n;

	for(; w; w = n){
		n = w->next;
		if(strchr(w->s, GLOB) == nil){
			/* nothing to match: keep the word as it is */
			w->next = nil;
			*e = w;
			e = &w->next;
			continue;
		}
		*e = globword(w->s, nil);
		free(w);
		while(*e)
			e = &(*e)->next;
	}
	return v;
}

static Word*
evalglob(Tree *t)
{
	return globlist(eval(t));
}

static char*
singlename(Tree *t, const char *msg)
{
	Word *w = evalplain(t);
	char *s;

	if(w == nil || w->next){
		freewords(w);
		rcerror("%s", msg);
	}
	s = w->s;
	free(w);
	return s;
}

static int
isnum(const char *s, int *n)
{
	int v = 0;

	if(*s == 0)
		return 0;
	for(; *s >= '0' && *s <= '9'; s++)
		v = v * 10 + *s - '0';
	*n = v;
	return *s == 0 && v > 0;
}

static Word*
varval(const char *name)
{
	Var *v;
	Word *w;
	int n;

	if(isnum(name, &n)){
		v = vfind("*");
		for(w = v ? v->val : nil; w && --n > 0; w = w->next)
			;
		return w ? newword(w->s, nil) : nil;
	}
	v = vfind(name);
	return v ? wordsdup(v->val) : nil;
}

static Word*
subscript(Word *val, Word *sub)
{
	Word *v = nil, **e = &v, *w;
	int len = countwords(val), n, m, i;
	const char *s;

	for(; sub; sub = sub->next){
		s = sub->s;
		n = m = 0;
		while(*s >= '0' && *s <= '9')
			n = n * 10 + *s++ - '0';
		if(*s == '-'){
			if(*++s == 0)
				m = len - n;
			else{
				while(*s >= '0' && *s <= '9')
					m = m * 10 + *s++ - '0';
				m -= n;
			}
		}
		if(n < 1 || n > len || m < 0)
			continue;
		if(n + m > len)
			m = len - n;
		for(w = val, i = 1; i < n; i++)
			w = w->next;
		for(i = 0; i <= m; i++, w = w->next){
			*e = newword(w->s, nil);
			e = &(*e)->next;
		}
	}
	return v;
}

static Word*
backquote(Tree *t)
{
	Word *sepw, *v = nil, **e = &v;
	char *sep, *buf = nil;
	size_t n = 0, a = 0, i, j;
	int pfd[2], pid, r;
	Var *ifs;

	if(t->c[0]){
		sepw = evalplain(t->c[0]);
		sep = joinwords(sepw);
		freewords(sepw);
	}else{
		ifs = vfind("ifs");
		sep = joinwords(ifs ? ifs->val : nil);
	}
	if(pipe(pfd) < 0){
		free(sep);
		rcerrorst(strerror(errno), "can't make pipe: %s", strerror(errno));
	}
	fflush(stdout);
	pid = rcfork();
	if(pid == 0){
		close(pfd[0]);
		dup2(pfd[1], 1);
		if(pfd[1] != 1)
			close(pfd[1]);
		childrun(t->c[1]);
	}
	close(pfd[1]);
	for(;;){
		if(n + 4096 > a){
			a = a ? 2 * a : 8192;
			buf = erealloc(buf, a);
		}
		r = read(pfd[0], buf + n, a - n);
		if(r < 0 && errno == EINTR)
			continue;
		if(r <= 0)
			break;
		n += r;
	}
	close(pfd[0]);
	i = 0;
	for(;;){
		while(i < n && buf[i] && strchr(sep, buf[i]))
			i++;
		if(i >= n)
			break;
		j = i;
		while(j < n && buf[j] && !strchr(sep, buf[j]))
			j++;
		*e = emalloc(sizeof **e);
		(*e)->s = emalloc(j - i + 1);
		memcpy((*e)->s, buf + i, j - i);
		(*e)->s[j - i] = 0;
		(*e)->next = nil;
		e = &(*e)->next;
		i = j < n ? j + 1 : j;
	}
	free(buf);
	free(sep);
	waitfor(pid, 1);
	return v;
}

static Word*
pipefd(Tree *t)
{
	int pfd[2], pid, side, mainfd;
	char name[40];

	if(pipe(pfd) < 0)
		rcerrorst(strerror(errno), "can't get pipe: %s", strerror(errno));
	if(t->rtype == RREAD){
		side = pfd[1];
		mainfd = pfd[0];
	}else{
		side = pfd[0];
		mainfd = pfd[1];
	}
	pid = rcfork();
	if(pid == 0){
		close(mainfd);
		dup2(side, t->rtype == RREAD ? 1 : 0);
		if(side > 2)
			close(side);
		childrun(t->c[0]);
	}
	close(side);
	if(npfd == apfd){
		apfd = apfd ? 2 * apfd : 8;
		pfds = erealloc(pfds, apfd * sizeof pfds[0]);
	}
	pfds[npfd++] = mainfd;
	snprintf(name, sizeof name, "/dev/fd/%d", mainfd);
	return newword(name, nil);
}

Word*
eval(Tree *t)
{
	Word *w, *v;
	Var *var;
	char *name, buf[16];
	Tree *u;
	int n, i;

	if(t == nil)
		return nil;
	switch(t->type){
	case WORD:
		return newword(t->str, nil);
	case '^':
		/* right to left, as 9front compiles it */
		v = eval(t->c[1]);
		return conc(eval(t->c[0]), v);
	case '$':
		name = singlename(t->c[0], "$ variable name not singleton!");
		w = varval(name);
		free(name);
		return w;
	case '"':
		name = singlename(t->c[0], "$ variable name not singleton!");
		w = varval(name);
		free(name);
		v = newword("", nil);
		free(v->s);
		v->s = joinwords(w);
		freewords(w);
		return v;
	case COUNT:
		name = singlename(t->c[0], "$# variable name not singleton!");
		if(isnum(name, &n)){
			var = vfind("*");
			i = var && countwords(var->val) >= n;
		}else{
			var = vfind(name);
			i = var ? countwords(var->val) : 0;
		}
		free(name);
		snprintf(buf, sizeof buf, "%d", i);
		return newword(buf, nil);
	case SUB:
		name = singlename(t->c[0], "$() variable name not singleton!");
		v = evalplain(t->c[1]);
		var = vfind(name);
		free(name);
		w = subscript(var ? var->val : nil, v);
		freewords(v);
		return w;
	case '`':
		return backquote(t);
	case PIPEFD:
		return pipefd(t);
	case PAREN:
		return eval(t->c[0]);
	case WORDS:
	case ARGLIST:
		/*
		 * Right to left, as 9front compiles lists, so that a word's side effects
		 * ($status after a backquote) show in the words to its left; the lists are
		 * left-nested and can be long, so no recursion down them.
		 */
		w = nil;
		for(u = t; u && u->type == t->type; u = u->c[0])
			if(u->c[1] && u->c[1]->type != REDIR && u->c[1]->type != DUP)
				w = append(eval(u->c[1]), w);
		return append(eval(u), w);
	}
	rcerror("bad word type %d", t->type);
	return nil;
}

/* here documents */

static void
subst(char **out, size_t *n, size_t *a, const char *s, size_t len)
{
	if(*n + len + 1 > *a){
		while(*n + len + 1 > *a)
			*a = *a ? 2 * *a : 256;
		*out = erealloc(*out, *a);
	}
	memcpy(*out + *n, s, len);
	*n += len;
	(*out)[*n] = 0;
}

static char*
heresubst(const char *s, size_t *lenp)
{
	char *out = nil, *name, *val;
	size_t n = 0, a = 0;
	const char *t;
	Word *w;

	subst(&out, &n, &a, "", 0);
	while(*s){
		if(*s != '$'){
			t = strchr(s, '$');
			if(t == nil)
				t = s + strlen(s);
			subst(&out, &n, &a, s, t - s);
			s = t;
			continue;
		}
		s++;
		if(*s == '$'){
			subst(&out, &n, &a, "$", 1);
			s++;
			continue;
		}
		for(t = s; *t && idchr((uchar)*t); t++)
			;
		name = emalloc(t - s + 1);
		memcpy(name, s, t - s);
		name[t - s] = 0;
		w = varval(name);
		val = joinwords(w);
		subst(&out, &n, &a, val, strlen(val));
		free(val);
		freewords(w);
		free(name);
		if(*t == '^')
			t++;
		s = t;
	}
	*lenp = n;
	return out;
}

static int
heredocfd(Tree *t)
{
	const char *doc = t->str ? t->str : "";
	char *sub = nil, path[64];
	size_t len;
	int pfd[2], fd;
	const char *dir;

	if(!t->c[0]->quoted)
		doc = sub = heresubst(doc, &len);
	else
		len = strlen(doc);
	if(len < 32768 && pipe(pfd) == 0){
		if(len)
			write(pfd[1], doc, len);
		close(pfd[1]);
		free(sub);
		return pfd[0];
	}
	dir = getenv("TMPDIR");
	snprintf(path, sizeof path, "%s/rcXXXXXX", dir && strlen(dir) < 40 ? dir : "/tmp");
	fd = mkstemp(path);
	if(fd < 0){
		free(sub);
		rcerrorst(strerror(errno), "<< can't get temp file: %s: %s", path, strerror(errno));
	}
	unlink(path);
	{
		size_t off = 0;
		ssize_t r;

		while(off < len){
			r = write(fd, doc + off, len - off);
			if(r <= 0)
				break;
			off += r;
		}
	}
	lseek(fd, 0, SEEK_SET);
	free(sub);
	return fd;
}

static void
doredir(Tree *t)
{
	Word *w;
	char *file;
	int fd, e;
	const char *op;

	if(t->type == DUP){
		if(t->rtype == RDUPFD)
			pushdup(t->fd0, t->fd1);
		else
			pushredir(t->fd0, -1);
		return;
	}
	if(t->rtype == RHERE){
		pushredir(t->fd0, heredocfd(t));
		return;
	}
	switch(t->rtype){
	case RAPPEND: op = ">>"; break;
	case RWRITE: op = ">"; break;
	case RREAD: op = "<"; break;
	default: op = "<>"; break;
	}
	w = evalglob(t->c[0]);
	if(w == nil)
		rcerror("%s requires file", op);
	if(w->next){
		freewords(w);
		rcerror("%s requires singleton", op);
	}
	file = w->s;
	switch(t->rtype){
	case RAPPEND:
		fd = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0666);
		break;
	case RWRITE:
		fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
		break;
	case RREAD:
		fd = open(file, O_RDONLY | O_CLOEXEC);
		break;
	default:
		fd = open(file, O_RDWR | O_CLOEXEC);
		break;
	}
	if(fd < 0){
		e = errno;
		char msg[600];

		snprintf(msg, sizeof msg, "%s", file);
		freewords(w);
		rcerrorst(strerror(e), "%s can't %s: %s: %s", op,
			t->rtype == RWRITE ? "create" : "open", msg, strerror(e));
	}
	freewords(w);
	pushredir(t->fd0, fd);
}

/* commands */

static void
trace(Word *a)
{
	char *q;
	Word *w;
	size_t n = 0;
	char *buf = nil;

	for(w = a; w; w = w->next){
		q = quoteword(w->s);
		buf = erealloc(buf, n + strlen(q) + 2);
		memcpy(buf + n, q, strlen(q));
		n += strlen(q);
		buf[n++] = w->next ? ' ' : '\n';
		free(q);
	}
	if(buf)
		write(errfd(), buf, n);
	free(buf);
}

/* call function v with $* set to args (consumed) */
void
callfn(Var *v, Word *args)
{
	Fn *f = v->fn;
	const char *savename = srcname;
	int mark, saveline = srcline;
	char here;

	if(depth >= Maxdepth || (stackbase && (size_t)(stackbase - &here) > stackmax)){
		freewords(args);
		rcerror("%s: too deep: more than %d nested calls", v->name, depth);
	}
	depth++;
	f->ref++;	/* the body may redefine the function */
	mark = nlocals();
	pushlocal("*", args);
	srcname = f->file;
	run(f->body, 0);
	unwindlocals(mark);
	srcname = savename;
	srcline = saveline;
	fnrelease(f);
	depth--;
}

/*
 * Put every redirected descriptor back as it was before the redirections (hide), or
 * redirect them again (show), keeping in keep[i] the state redirection i made.
 */
static void
hideredirs(int *keep)
{
	Redir *r;
	int i;

	for(i = nredir - 1; i >= 0; i--){
		r = &redirs[i];
		keep[i] = fcntl(r->fd, F_DUPFD_CLOEXEC, 10);
		if(r->save >= 0)
			dup2(r->save, r->fd);
		else
			close(r->fd);
	}
}

static void
showredirs(int *keep, int n)
{
	int i;

	for(i = 0; i < n; i++){
		if(keep[i] >= 0){
			dup2(keep[i], redirs[i].fd);
			close(keep[i]);
		}else
			close(redirs[i].fd);
	}
}

/*
 * Call a note function or sigexit with the $* of the moment, as 9front starts it: a
 * new thread with no local variables and no redirections, so it sees the global
 * variables and rc's own descriptors.
 */
void
calltrap(Var *v)
{
	Var *star = vfind("*");
	Word *args = star ? wordsdup(star->val) : nil;
	int nl = nlocals(), nr = nredir, *keep;
	Catch c;

	keep = emalloc((nr + 1) * sizeof keep[0]);
	hideredirs(keep);
	hidelocals(nl);
	c.prev = catcher;
	catcher = &c;
	if(setjmp(c.jb)){
		catcher = c.prev;
		unwindlocals(nl);
		popredirs(nr);
		showlocals(nl);
		showredirs(keep, nr);
		free(keep);
		throw();
	}
	callfn(v, args);
	catcher = c.prev;
	showlocals(nl);
	showredirs(keep, nr);
	free(keep);
}

/* -e: a failed command ends rc; when sigexit runs and succeeds, rc goes on (see xexit) */
static void
eflagcheck(Tree *t)
{
	while(t->eflag && !truestatus())
		xexit();
}

/* run the command argv (consumed): a function, a built-in or a program */
void
runcommand(Word *argv, int last)
{
	Word *a;
	Var *v;
	Builtin *b;

	v = vfind(argv->s);
	if(v && v->fn){
		a = argv->next;
		free(argv->s);
		free(argv);
		callfn(v, a);
		return;
	}
	a = argv;
	if(strcmp(a->s, "builtin") == 0){
		a = a->next;
		if(a == nil){
			freewords(argv);
			rcerror("builtin: empty argument list");
		}
	}
	b = builtinlook(a->s);
	if(b){
		b(a);
		freewords(argv);
		return;
	}
	execpath(a, last && inchild);
	freewords(argv);
	if(ntrap)
		dotrap();
}

static void
simple(Tree *t, int last)
{
	Word *argv;
	int pmark = npfd;

	argv = evalglob(t->c[0]);
	if(argv == nil)
		rcerror("empty argument list");
	if(flag['x'])
		trace(argv);
	runcommand(argv, last);
	closepfds(pmark);
}

static void
runswitch(Tree *t)
{
	Word *subj, *pats, *p;
	char *s;
	Tree *l, *item, *u;
	int running = 0, matched;

	subj = evalglob(t->c[0]);
	s = joinwords(subj);
	freewords(subj);
	l = t->c[1]->c[0];
	while(l){
		if(l->type == ';'){
			item = l->c[0];
			l = l->c[1];
		}else{
			item = l;
			l = nil;
		}
		if(item && item->type == SIMPLE){
			for(u = item->c[0]; u->type == ARGLIST; u = u->c[0])
				;
			if(u->type == WORD && !u->quoted && strcmp(u->str, "case") == 0){
				if(running)
					break;
				pats = nil;
				srcline = item->line;
				for(u = item->c[0]; u->type == ARGLIST; u = u->c[0])
					if(u->c[1])
						pats = append(eval(u->c[1]), pats);
				matched = 0;
				for(p = pats; p; p = p->next)
					if(match(s, p->s, 0)){
						matched = 1;
						break;
					}
				freewords(pats);
				running = matched;
				continue;
			}
		}
		if(running)
			run(item, 0);
	}
	free(s);
}

static void
runfor(Tree *t)
{
	Word *list, *w, *n;
	char *name;
	Var *v;
	int mark;

	if(t->c[1])
		list = evalglob(t->c[1]);
	else{
		v = vfind("*");
		list = v ? wordsdup(v->val) : nil;
	}
	name = singlename(t->c[0], "local variable name must be singleton");
	mark = nlocals();
	pushlocal(name, nil);
	v = vlook(name);
	free(name);
	for(w = list; w; w = n){
		n = w->next;
		w->next = nil;
		setvar(v->name, w);
		list = n;
		run(t->c[2], 0);
	}
	unwindlocals(mark);
}

/* x=($x words): append in place instead of copying x (building long lists stays linear) */
static int
appendassign(Tree *u)
{
	Tree *w, *first;
	Word *r;
	int i;

	if(u->c[0]->type != WORD || u->c[1]->type != PAREN || u->c[1]->c[0] == nil)
		return 0;
	for(w = u->c[1]->c[0]; w->type == WORDS && w->c[0]; w = w->c[0])
		;
	if(w->type != WORDS || (first = w->c[1]) == nil || first->type != '$'
	|| first->c[0]->type != WORD || strcmp(first->c[0]->str, u->c[0]->str) != 0
	|| strchr(u->c[0]->str, GLOB) || isnum(u->c[0]->str, &i))
		return 0;
	/* the new words right to left, globbed together at the end, as in any list */
	r = nil;
	for(w = u->c[1]->c[0]; w->type == WORDS && w->c[0]; w = w->c[0])
		r = append(eval(w->c[1]), r);
	r = globlist(r);
	appendvar(vlook(u->c[0]->str), r);
	return 1;
}

static void
assign(Tree *t, int last)
{
	Tree *u;
	Word *val;
	char *name;
	int mark;

	for(u = t; u && u->type == '='; u = u->c[2])
		;
	if(u == nil){
		for(u = t; u; u = u->c[2]){
			if(appendassign(u))
				continue;
			val = evalglob(u->c[1]);
			name = singlename(u->c[0], "= variable name not singleton!");
			setvar(name, val);
			free(name);
		}
		return;
	}
	mark = nlocals();
	for(u = t; u->type == '='; u = u->c[2]){
		val = evalglob(u->c[1]);
		name = singlename(u->c[0], "local variable name must be singleton");
		pushlocal(name, val);
		free(name);
	}
	run(u, last);
	unwindlocals(mark);
}

/* a pipeline a|b|c: every member but the last in its own process, the last in this one */
static void
runpipe(Tree *t)
{
	Tree *u, **elem;
	int n, i, pfd[2], prev, mark, *pid;
	char *st, *p;
	size_t len;

	n = 1;
	for(u = t; u && u->type == PIPE; u = u->c[0])
		n++;
	elem = emalloc(n * sizeof elem[0]);
	pid = emalloc(n * sizeof pid[0]);
	i = n;
	for(u = t; u && u->type == PIPE; u = u->c[0])
		elem[--i] = u;
	elem[0] = u;
	/* elem[i] for i > 0 is the PIPE node whose right side is member i */
	prev = -1;
	for(i = 0; i < n - 1; i++){
		Tree *link = elem[i + 1];

		if(pipe(pfd) < 0){
			if(prev >= 0)
				close(prev);
			free(elem);
			free(pid);
			rcerrorst(strerror(errno), "can't get pipe: %s", strerror(errno));
		}
		pid[i] = rcfork();
		if(pid[i] == 0){
			/* as redirections, so that rc's own messages still find its fd 2 */
			close(pfd[0]);
			if(prev >= 0)
				pushredir(elem[i]->fd1, prev);
			pushredir(link->fd0, pfd[1]);
			childrun(i == 0 ? elem[0] : elem[i]->c[1]);
		}
		close(pfd[1]);
		if(prev >= 0)
			close(prev);
		prev = pfd[0];
	}
	mark = redirmark();
	pushredir(elem[n - 1]->fd1, prev);
	run(elem[n - 1]->c[1], 0);
	popredirs(mark);
	len = strlen(getstatus()) + 1;
	st = estrdup(getstatus());
	for(i = n - 2; i >= 0; i--){
		waitfor(pid[i], 1);
		p = emalloc(strlen(getstatus()) + len + 1);
		sprintf(p, *getstatus() ? "%s|%s" : "%s%s", getstatus(), st);
		free(st);
		st = p;
		len = strlen(st) + 1;
	}
	setstatus(st);
	free(st);
	free(elem);
	free(pid);
}

void
run(Tree *t, int last)
{
	int pid, mark, pmark;
	char buf[16];

	if(ntrap)
		dotrap();
	if(t == nil)
		return;
	if(t->type != ';')
		srcline = t->line;
	switch(t->type){
	case ';':
		run(t->c[0], 0);
		run(t->c[1], last);
		break;
	case '&':
		fflush(stdout);
		pid = rcfork();
		if(pid == 0){
			int fd = open("/dev/null", O_RDONLY);

			if(fd >= 0 && fd != 0){
				dup2(fd, 0);
				close(fd);
			}
			childrun(t->c[0]);
		}
		snprintf(buf, sizeof buf, "%d", pid);
		setvarstr("apid", buf);
		break;
	case ANDAND:
	case OROR:
		run(t->c[0], 0);
		if(truestatus() == (t->type == ANDAND))
			run(t->c[1], last);
		break;
	case BANG:
		run(t->c[0], 0);
		setstatus(truestatus() ? "false" : "");
		break;
	case BRACE:
	case PCMD:
		run(t->c[0], last);
		break;
	case SUBSHELL:
		pid = rcfork();
		if(pid == 0)
			childrun(t->c[0]);
		waitfor(pid, 1);
		eflagcheck(t);
		break;
	case IF:
		run(t->c[0], 0);
		if(truestatus()){
			ifnot = 0;
			run(t->c[1], last);
			ifnot = 0;
		}else
			ifnot = 1;
		break;
	case NOT:
		if(ifnot)
			run(t->c[0], last);
		break;
	case WHILE:
		for(;;){
			if(t->c[0]->c[0] == nil)
				setstatus("");
			else
				run(t->c[0], 0);
			if(!truestatus())
				break;
			run(t->c[1], 0);
		}
		break;
	case FOR:
		runfor(t);
		break;
	case SWITCH:
		runswitch(t);
		break;
	case TWIDDLE:
		{
			/* the patterns first, then the subject, as 9front compiles ~ */
			Word *pats = eval(t->c[1]), *subj = evalglob(t->c[0]), *p;
			char *s = joinwords(subj);

			freewords(subj);
			setstatus("no match");
			for(p = pats; p; p = p->next)
				if(match(s, p->s, 0)){
					setstatus("");
					break;
				}
			freewords(pats);
			free(s);
			eflagcheck(t);
		}
		break;
	case FN:
		{
			Word *names = evalplain(t->c[0]), *w;

			for(w = names; w; w = w->next)
				if(t->c[1])
					setfn(w->s, t->c[1]);
				else
					delfn(w->s);
			freewords(names);
		}
		break;
	case SIMPLE:
		simple(t, last);
		eflagcheck(t);
		break;
	case '=':
		assign(t, last);
		break;
	case REDIR:
	case DUP:
		mark = redirmark();
		pmark = npfd;
		doredir(t);
		run(t->c[1], last);
		popredirs(mark);
		closepfds(pmark);
		break;
	case PIPE:
		runpipe(t);
		break;
	case PIPEFD:
	case WORD:
	case '^':
	case '$':
	case '"':
	case COUNT:
	case SUB:
	case '`':
	case PAREN:
	case WORDS:
	case ARGLIST:
		{
			Tree s = {0};

			s.type = SIMPLE;
			s.c[0] = t;
			s.line = t->line;
			simple(&s, last);
		}
		break;
	default:
		rcerror("bad command type %d", t->type);
	}
}
