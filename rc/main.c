/* main.c: rc's start: flags, rcmain, reading files and strings of commands, signals, exit. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include "rc.h"
#include "edit.h"

#ifndef RCMAIN
#define RCMAIN "/usr/local/share/planten/rcmain"
#endif

extern char **environ;

static int editing;
static int editfd = -1;
static int promptfirst;

static void
usage(int c)
{
	dprintf(2, "Illegal flag -%c\n", c);
	dprintf(2, "Usage: %s [-srdiIlxebpvV] [-c arg] [-m command] [file [arg ...]]\n", argv0);
	exit(1);
}

static const char *promptstr(void);
static char *pending;

/* called by the lexer before it reads each interactive line */
static void
prompt(Lexer *lx)
{
	const char *p = promptstr();

	(void)lx;
	if(editing){
		free(pending);
		pending = estrdup(p);
	}else if(*p)
		write(errfd(), p, strlen(p));
}

static const char*
promptstr(void)
{
	Var *v = vfind("prompt");

	if(promptfirst){
		promptfirst = 0;
		return v && v->val ? v->val->s : "% ";
	}
	return v && v->val && v->val->next ? v->val->next->s : "\t";
}

/*
 * A signal came while a line was being typed: go on with the line when the only
 * notes are window size changes nobody handles, else abandon it so the notes run.
 */
static int
abandon(void)
{
	Var *v;
	int n = trapped[SIGWINCH];

	if(n > 0 && ntrap == n && !((v = vfind("sigwinch")) && v->fn)){
		trapped[SIGWINCH] -= n;
		ntrap -= n;
	}
	return ntrap > 0;
}

int
rcreadline(int fd, char **linep, size_t *len)
{
	char *line, buf[8192];
	int n;

	*linep = nil;
	*len = 0;
	if(editing && fd == editfd){
		errno = 0;
		line = rcedit(pending ? pending : "");
		free(pending);
		pending = nil;
		if(line == nil){
			if(errno != EINTR)
				return 0;
			if(!ntrap)	/* ctrl-C typed at the editor: an interrupt note */
				raise(SIGINT);
			return -1;
		}
		n = strlen(line);
		if(n > 0)
			rceditadd(line);
		line = erealloc(line, n + 2);
		line[n] = '\n';
		line[n + 1] = 0;
		*linep = line;
		*len = n + 1;
		return 1;
	}
	do
		n = read(fd, buf, sizeof buf - 1);
	while(n < 0 && errno == EINTR && !abandon());
	if(n < 0 && errno == EINTR){
		write(errfd(), "\n", 1);
		return -1;
	}
	if(n <= 0)
		return 0;
	line = emalloc(n + 1);
	memcpy(line, buf, n);
	line[n] = 0;
	*linep = line;
	*len = n;
	return 1;
}

static void
statusline(void)
{
	Var *v = vfind("status");
	Word *w;
	char *q;

	dprintf(errfd(), "status=");
	for(w = v ? v->val : nil; w; w = w->next){
		q = quoteword(w->s);
		dprintf(errfd(), "%s%s", q, w->next ? " " : "");
		free(q);
	}
	dprintf(errfd(), "\n");
}

/* read and run commands from lx until its end */
static void
runlexer(Lexer *lx, int interactive)
{
	Catch c;
	Tree *t;
	int r;
	const char *savename = srcname;
	int saveline = srcline, savedepth = depth;

	c.prev = catcher;
	c.locals = nlocals();
	c.redirs = redirmark();
	catcher = &c;
	if(setjmp(c.jb)){
		/* an error unwound to here */
		unwindlocals(c.locals);
		popredirs(c.redirs);
		depth = savedepth;
		lexfreenodes(lx);
		srcname = lx->file;
		if(!interactive){
			catcher = c.prev;
			srcname = savename;
			srcline = saveline;
			lexfree(lx);
			throw();
		}
		lx->eof = 0;
		lx->in->eof = 0;
	}
	for(;;){
		srcname = lx->file;
		if(flag['s'] && !truestatus())
			statusline();
		promptfirst = 1;
		lx->doprompt = 1;
		lx->lastword = lx->lastdol = 0;
		r = parseline(lx, &t);
		if(r == 0)
			break;
		if(r == -2){
			/* interrupted while typing: run the notes, then prompt afresh */
			lexfreenodes(lx);
			if(ntrap)
				dotrap();
			continue;
		}
		if(r < 0){
			/* the status is the (last) message itself, as yyerror sets it */
			dprintf(errfd(), "%s\n", lx->err);
			setstatus(lx->errmsg);
			lexfreenodes(lx);
			if(interactive && !lx->in->eof)
				continue;
			break;
		}
		run(t, 0);
		lexfreenodes(lx);
		if(ntrap)
			dotrap();
	}
	catcher = c.prev;
	srcname = savename;
	srcline = saveline;
	lexfree(lx);
}

int
runfile(int fd, char *file, int interactive, Word *args, int bflag, int qflag)
{
	Input *in = emalloc(sizeof *in);
	Lexer *lx;
	int mark = nlocals();

	inputfd(in, fd);
	if(interactive){
		in->interactive = 1;
		if(isatty(fd)){
			editing = rceditinit(fd);
			editfd = fd;
			rceditsignal = abandon;
		}
	}
	if(args){
		pushlocal("*", wordsdup(args->next));
		pushlocal("0", newword(args->s, nil));
	}
	/* as 9front's execdot: a file read with -b (or under rc -b) is parsed whole */
	lx = lexnew(in, file, (bflag || flag['b']) && !interactive);
	lx->qflag = qflag;
	{
		Catch c;

		c.prev = catcher;
		catcher = &c;
		if(setjmp(c.jb)){
			catcher = c.prev;
			unwindlocals(mark);
			close(fd);
			free(in->line);
			free(in);
			free(file);
			throw();
		}
		runlexer(lx, interactive);
		catcher = c.prev;
	}
	unwindlocals(mark);
	close(fd);
	free(in->line);
	free(in);
	free(file);
	return 0;
}

int
runstring(const char *s, size_t n, const char *name, int qflag)
{
	Input *in = emalloc(sizeof *in);
	char *file = estrdup(name);
	Lexer *lx;
	Catch c;

	inputbuf(in, s, n);
	lx = lexnew(in, file, 1);
	lx->qflag = qflag;
	c.prev = catcher;
	catcher = &c;
	if(setjmp(c.jb)){
		catcher = c.prev;
		free(in);
		free(file);
		throw();
	}
	runlexer(lx, 0);
	catcher = c.prev;
	free(in);
	free(file);
	return 0;
}

/* end rc: exit code 0 when its status is true, else 1 (unix.c Exit) */
void
rcexit(void)
{
	fflush(stdout);
	_exit(truestatus() ? 0 : 1);
}

/*
 * 9front's Xexit, for the exit built-in, -e and a failed exec: the first time, in rc
 * itself and when there is a fn sigexit, run it (with this $*) and return, so that the
 * caller does its work again, as Xexit steps back onto the instruction that called it;
 * else exit. Nothing else runs sigexit: not the end of the input, not a signal.
 */
void
xexit(void)
{
	static int beenhere;
	Var *v;

	if(getpid() == mypid && !beenhere && (v = vfind("sigexit")) && v->fn){
		beenhere = 1;
		calltrap(v);
		return;
	}
	rcexit();
}

static const struct { int sig; const char *name; } signames[] = {
	{SIGHUP, "sighup"}, {SIGINT, "sigint"}, {SIGQUIT, "sigquit"}, {SIGALRM, "sigalrm"},
	{SIGFPE, "sigfpe"}, {SIGTERM, "sigterm"}, {SIGPIPE, "sigpipe"}, {SIGUSR1, "sigusr1"},
	{SIGUSR2, "sigusr2"}, {SIGBUS, "sigbus"}, {SIGWINCH, "sigwinch"},
};

volatile int vforker;	/* pid of an rc in vfork: its child must not count signals */

static void
handler(int sig)
{
	if(vforker && getpid() != vforker)
		return;
	if(sig > 0 && sig < 65){
		trapped[sig]++;
		ntrap++;
	}
}

void
trapinit(void)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	for(i = 0; i < sizeof signames / sizeof signames[0]; i++){
		struct sigaction old;

		sigaction(signames[i].sig, nil, &old);
		if(old.sa_handler == SIG_IGN && signames[i].sig != SIGPIPE)
			continue;
		sigaction(signames[i].sig, &sa, nil);
	}
}

void
dotrap(void)
{
	size_t i;
	int sig;
	Var *v;

	while(ntrap > 0){
		for(i = 0; i < sizeof signames / sizeof signames[0]; i++){
			sig = signames[i].sig;
			while(trapped[sig] > 0){
				trapped[sig]--;
				ntrap--;
				if(getpid() != mypid)
					rcexit();
				v = vfind(signames[i].name);
				if(v && v->fn)
					calltrap(v);
				else if(sig == SIGWINCH)
					continue;
				else if(sig == SIGINT || sig == SIGQUIT){
					throw();
				}else
					rcexit();
			}
		}
		if(ntrap < 0)
			ntrap = 0;
	}
}

int
main(int argc, char **argv)
{
	const char *rcmain, *cflag = nil, *mflag = nil, *e;
	char buf[32];
	int i, fd;
	Word *args, **ae;
	struct rlimit rl;

	argv0 = argv[0];
	for(i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++){
		const char *f;

		if(strcmp(argv[i], "--") == 0){
			i++;
			break;
		}
		for(f = argv[i] + 1; *f; f++){
			if(!strchr("srdiIlxebpvVcm", *f))
				usage(*f);
			flag[(uchar)*f] = 1;
			if(*f == 'c' || *f == 'm'){
				if(i + 1 >= argc){
					dprintf(2, "Flag -%c: too few arguments\n", *f);
					dprintf(2, "Usage: %s [-srdiIlxebpvV] [-c arg] [-m command] "
						"[file [arg ...]]\n", argv0);
					exit(1);
				}
				if(*f == 'c')
					cflag = argv[++i];
				else
					mflag = argv[++i];
				break;
			}
		}
	}
	argc -= i;
	argv += i;
	if(argv0[0] == '-')
		flag['l'] = 1;
	if(flag['I'])
		flag['i'] = 0;
	else if(!flag['i'] && argc == 0 && cflag == nil && isatty(0))
		flag['i'] = 1;
	rcmain = RCMAIN;
	e = getenv("RCMAIN");
	if(e && *e)
		rcmain = e;
	if(mflag)
		rcmain = mflag;
	if(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
	&& rl.rlim_cur < 120UL << 20){
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 120UL << 20
			? 120UL << 20 : rl.rlim_max;
		setrlimit(RLIMIT_STACK, &rl);
	}
	stackbase = (char*)&rl;
	stackmax = 8UL << 20;
	if(getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		stackmax = rl.rlim_cur;
	stackmax = stackmax > (2UL << 20) ? stackmax - (1UL << 20) : stackmax / 2;
	trapinit();
	rcprompt = prompt;
	importenv(environ);
	mypid = getpid();
	snprintf(buf, sizeof buf, "%d", mypid);
	setvarstr("pid", buf);
	setvar("cflag", cflag ? newword(cflag, nil) : nil);
	setvarstr("rcname", argv0);
	args = nil;
	ae = &args;
#if defined(RCMAINSRC) && defined(RCBUILDBIN)
	/* run from the build tree (or not installed): use the source tree's rcmain */
	if(!(mflag || (e && *e))){
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		size_t k = strlen(RCBUILDBIN);

		if(n > 0)
			self[n] = 0;
		if((n > 0 && strncmp(self, RCBUILDBIN, k) == 0 && self[k] == '/')
		|| access(rcmain, R_OK) < 0)
			rcmain = RCMAINSRC;
	}
#endif
	*ae = newword(rcmain, nil);
	ae = &(*ae)->next;
	for(i = 0; i < argc; i++){
		*ae = newword(argv[i], nil);
		ae = &(*ae)->next;
	}
	setvar("*", wordsdup(args->next));
	fd = open(rcmain, O_RDONLY | O_CLOEXEC);
	if(fd < 0){
		dprintf(2, "%s: can't open %s: %s\n", argv0, rcmain, strerror(errno));
		setstatus("no rcmain");
		rcexit();
	}
	if(fd < 10){
		int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 10);

		if(nfd >= 0){
			close(fd);
			fd = nfd;
		}
	}
	if(flag['x']){
		Word *w;

		dprintf(2, ". -bq ");
		for(w = args; w; w = w->next){
			char *q = quoteword(w->s);

			dprintf(2, "%s%c", q, w->next ? ' ' : '\n');
			free(q);
		}
	}
	runfile(fd, estrdup(rcmain), 0, args, 1, 1);
	rcexit();
	return 0;
}
