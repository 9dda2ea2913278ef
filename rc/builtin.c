/* builtin.c: rc's builtin commands and the search for and execution of programs. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <sys/wait.h>
#include "rc.h"

extern char **environ;

Word*
searchpath(const char *w, const char *var)
{
	Var *v;

	if(w[0] && w[0] != '/' && w[0] != '#'
	&& (w[0] != '.' || (w[1] && w[1] != '/' && (w[1] != '.' || (w[2] && w[2] != '/'))))){
		v = vfind(var);
		if(v && v->val)
			return v->val;
	}
	return nil;
}

char*
makepath(const char *dir, const char *file)
{
	size_t n = strlen(dir), m;
	char *p;

	if(n == 0)
		return estrdup(file);
	while(n > 0 && dir[n-1] == '/')
		n--;
	while(file[0] == '/')
		file++;
	m = strlen(file);
	p = emalloc(n + m + 2);
	memcpy(p, dir, n);
	p[n++] = '/';
	memcpy(p + n, file, m + 1);
	return p;
}

static char**
mkargv(Word *a)
{
	char **v = emalloc((countwords(a) + 1) * sizeof v[0]);
	int n = 0;

	for(; a; a = a->next)
		v[n++] = a->s;
	v[n] = nil;
	return v;
}

static char**
candidates(const char *name)
{
	Word *p = searchpath(name, "path"), *w;
	char **v;
	int n = 0;

	v = emalloc((countwords(p) + 2) * sizeof v[0]);
	if(p == nil)
		v[n++] = estrdup(name);
	for(w = p; w; w = w->next)
		v[n++] = makepath(w->s, name);
	v[n] = nil;
	return v;
}

static void
freev(char **v)
{
	char **p;

	for(p = v; *p; p++)
		free(*p);
	free(v);
}

static void
execerr(const char *name, int e)
{
	char msg[512];

	snprintf(msg, sizeof msg, "%s", strerror(e));
	pfln(2);
	dprintf(2, ": %s: %s\n", name, msg);
}

/*
 * The child's half of vfork: it must not touch its parent's stack frame. execve resets
 * the signals rc catches to their defaults; until then the handler ignores them here.
 */
static void __attribute__((noinline, noreturn))
vforkexec(char **paths, char **av, char **env, volatile int *err)
{
	int e = ENOENT;

	for(; *paths; paths++){
		execve(*paths, av, env);
		e = errno;
	}
	*err = e;
	_exit(1);
}

/* run a program: fork (vfork) and wait, or when direct replace this process */
int
execpath(Word *argv, int direct)
{
	char **av, **paths, **p, **env;
	static volatile int experr;
	int pid, e;

	av = mkargv(argv);
	paths = candidates(argv->s);
	env = mkenv();
	fflush(stdout);
	if(direct){
		dropredirs();
		e = ENOENT;
		for(p = paths; *p; p++){
			execve(*p, av, env);
			e = errno;
		}
		execerr(argv->s, e);
		_exit(1);
	}
	experr = 0;
	vforker = getpid();
	pid = vfork();
	if(pid == 0)
		vforkexec(paths, av, env, &experr);
	e = errno;
	vforker = 0;
	free(av);
	freev(paths);
	if(pid < 0)
		rcerrorst(strerror(e), "try again: %s", strerror(e));
	addwaitpid(pid);
	waitfor(pid, 1);
	if(experr)
		execerr(argv->s, experr);
	return 0;
}

static void
usage(const char *msg)
{
	rcerror("%s", msg);
}

static void
bcd(Word *a)
{
	Word *p, *w;
	char *dir;
	Var *home;

	setstatus("can't cd");
	switch(countwords(a)){
	default:
		dprintf(errfd(), "Usage: cd [directory]\n");
		break;
	case 2:
		w = a->next;
		p = searchpath(w->s, "cdpath");
		if(p == nil){
			if(chdir(w->s) >= 0)
				setstatus("");
			else
				dprintf(errfd(), "Can't cd %s: %s\n", w->s, strerror(errno));
			break;
		}
		for(; p; p = p->next){
			dir = makepath(p->s, w->s);
			if(chdir(dir) >= 0){
				if(p->s[0] && strcmp(p->s, ".") != 0)
					dprintf(errfd(), "%s\n", dir);
				free(dir);
				setstatus("");
				break;
			}
			free(dir);
		}
		if(p == nil)
			dprintf(errfd(), "Can't cd %s: %s\n", w->s, strerror(errno));
		break;
	case 1:
		home = vfind("home");
		if(home && home->val){
			if(chdir(home->val->s) >= 0)
				setstatus("");
			else
				dprintf(errfd(), "Can't cd %s: %s\n", home->val->s, strerror(errno));
		}else
			dprintf(errfd(), "Can't cd -- $home empty\n");
		break;
	}
}

static void
bexit(Word *a)
{
	/* after sigexit 9front runs the exit command again (the second xexit exits) */
	for(;;){
		switch(countwords(a)){
		default:
			dprintf(errfd(), "Usage: exit [status]\nExiting anyway\n");
			/* fall through */
		case 2:
			if(a->next)
				setstatus(a->next->s);
			/* fall through */
		case 1:
			xexit();
		}
	}
}

static void
bshift(Word *a)
{
	Var *star;
	Word *w;
	int n;

	switch(countwords(a)){
	default:
		dprintf(errfd(), "Usage: shift [n]\n");
		setstatus("shift usage");
		return;
	case 2:
		n = atoi(a->next->s);
		break;
	case 1:
		n = 1;
		break;
	}
	star = vlook("*");
	if(n > 0 && star->val){
		for(w = star->val; n > 0 && w; n--)
			w = w->next;
		{
			Word *old = star->val, *x;

			for(x = old; x->next != w; x = x->next)
				;
			x->next = nil;
			star->val = nil;
			setvar("*", w);
			freewords(old);
		}
	}
	setstatus("");
}

static void
bwait(Word *a)
{
	switch(countwords(a)){
	default:
		usage("Usage: wait [pid]");
		return;
	case 2:
		waitfor(atoi(a->next->s), 1);
		break;
	case 1:
		waitfor(-1, 0);
		break;
	}
}

static void
bflag(Word *a)
{
	const char *letter, *val;

	switch(countwords(a)){
	case 2:
		setstatus(flag[(uchar)a->next->s[0]] ? "" : "flag not set");
		return;
	case 3:
		letter = a->next->s;
		val = a->next->next->s;
		if(strlen(letter) == 1){
			if(strcmp(val, "+") == 0){
				flag[(uchar)letter[0]] = 1;
				setstatus("");
				return;
			}
			if(strcmp(val, "-") == 0){
				flag[(uchar)letter[0]] = 0;
				setstatus("");
				return;
			}
		}
		/* fall through */
	default:
		usage("Usage: flag [letter] [+-]");
	}
}

static void
bwhatis(Word *a)
{
	Var *v;
	Word *w;
	char *q, *file, **c, **p;
	int found;

	if(a->next == nil)
		usage("Usage: whatis name ...");
	setstatus("");
	fflush(stdout);
	for(a = a->next; a; a = a->next){
		v = vfind(a->s);
		found = 0;
		if(v && v->val){
			if(v->val->next == nil){
				q = quoteword(v->val->s);
				printf("%s=%s\n", a->s, q);
				free(q);
			}else{
				printf("%s=", a->s);
				for(w = v->val; w; w = w->next){
					q = quoteword(w->s);
					printf("%c%s", w == v->val ? '(' : ' ', q);
					free(q);
				}
				printf(")\n");
			}
			found = 1;
		}
		if(v && v->fn){
			q = quoteword(v->name);
			printf("fn %s %s\n", q, v->fnstr);
			free(q);
		}else if(builtinlook(a->s))
			printf("builtin %s\n", a->s);
		else{
			c = candidates(a->s);
			file = nil;
			for(p = c; *p; p++)
				if(access(*p, X_OK) == 0){
					file = *p;
					break;
				}
			if(file)
				printf("%s\n", file);
			else if(!found){
				fflush(stdout);
				dprintf(errfd(), "%s: not found\n", a->s);
				setstatus("not found");
			}
			freev(c);
		}
		fflush(stdout);
	}
}

static void
beval(Word *a)
{
	char *s, name[600];
	Word *w;
	size_t n = 2;

	a = a->next;
	if(a == nil)
		usage("Usage: eval cmd ...");
	for(w = a; w; w = w->next)
		n += strlen(w->s) + 1;
	s = emalloc(n);
	s[0] = 0;
	for(w = a; w; w = w->next){
		strcat(s, w->s);
		if(w->next)
			strcat(s, " ");
	}
	strcat(s, "\n");
	if(srcname && srcline)
		snprintf(name, sizeof name, "%s:%d *eval*", srcname, srcline);
	else
		snprintf(name, sizeof name, "%s *eval*", srcname ? srcname : argv0);
	runstring(s, strlen(s), name, 0);
	free(s);
}

static void
bexec(Word *a)
{
	char **av, **paths, **p;
	int e;

	a = a->next;
	if(a == nil)
		usage("exec: empty argument list");
	av = mkargv(a);
	paths = candidates(a->s);
	dropredirs();
	e = ENOENT;
	for(p = paths; *p; p++){
		execve(*p, av, mkenv());
		e = errno;
	}
	setstatus(strerror(e));
	execerr(a->s, e);
	free(av);
	freev(paths);
	/* after sigexit 9front runs the words again, now as an ordinary command */
	xexit();
	runcommand(wordsdup(a), 0);
}

/*
 * Open name for ., which sees none of the command's redirections: /dev/fd/n and
 * /dev/std* are rc's own descriptors, as they were before any redirection.
 */
static int
dotopenfile(const char *name)
{
	static const char *std[] = {"/dev/stdin", "/dev/stdout", "/dev/stderr"};
	const char *s;
	int i, n = -1;

	if(strncmp(name, "/dev/fd/", 8) == 0 && name[8]){
		n = 0;
		for(s = name + 8; *s >= '0' && *s <= '9' && n < 1000000; s++)
			n = n * 10 + *s - '0';
		if(*s)
			n = -1;
	}
	for(i = 0; i < 3; i++)
		if(strcmp(name, std[i]) == 0)
			n = i;
	if(n >= 0){
		/*
		 * 9front's #d/n: the descriptor itself, duplicated. Opening /dev/fd/n anew
		 * fails for a socket and for a terminal the user may not open by name (after
		 * su), and would not share the offset.
		 */
		if(ownfd(n) < 0){
			errno = EBADF;
			return -1;
		}
		return fcntl(ownfd(n), F_DUPFD_CLOEXEC, 0);
	}
	return open(name, O_RDONLY | O_CLOEXEC);
}

/*
 * Open the file . reads: a name not starting with / ./ or ../ is looked for in each
 * directory of $path in turn. $path follows $PATH, which seldom has . in it; then .
 * is looked in first, as 9front's default $path (. /bin ...) would. *filep is set
 * to the name as found when the file is open.
 */
static int
dotopen(const char *name, char **filep)
{
	Word *p = searchpath(name, "path"), *w;
	char *file;
	int fd = -1;

	for(w = p; w && strcmp(w->s, ".") != 0 && w->s[0]; w = w->next)
		;
	if(p && w == nil){
		file = makepath(".", name);
		if((fd = dotopenfile(file)) >= 0){
			*filep = file;
			return fd;
		}
		free(file);
	}
	if(p == nil){
		if((fd = dotopenfile(name)) >= 0)
			*filep = estrdup(name);
		return fd;
	}
	for(; p; p = p->next){
		file = makepath(p->s, name);
		if((fd = dotopenfile(file)) >= 0){
			*filep = file;
			return fd;
		}
		free(file);
	}
	return -1;
}

static void
bdot(Word *a)
{
	int bflag = 0, iflag = 0, qflag = 0, fd;
	const char *f;
	char *file = nil;

	for(a = a->next; a && a->s[0] == '-'; a = a->next){
		f = a->s + 1;
		if(*f == '-'){
			a = a->next;
			break;
		}
		for(; *f; f++)
			switch(*f){
			case 'b': bflag = 1; break;
			case 'i': iflag = 1; break;
			case 'q': qflag = 1; break;
			default: usage("Usage: . [-biq] file [arg ...]");
			}
	}
	if(a == nil)
		usage("Usage: . [-biq] file [arg ...]");
	fd = dotopen(a->s, &file);
	if(fd < 0){
		if(!qflag)
			rcerrorst(strerror(errno), ". can't open: %s: %s", a->s, strerror(errno));
		return;
	}
	if(fd < 10){
		int nfd = fcntl(fd, F_DUPFD_CLOEXEC, 10);

		if(nfd >= 0){
			close(fd);
			fd = nfd;
		}
	}
	runfile(fd, file, iflag, a, bflag, qflag);
}

static void
bfinit(Word *a)
{
	char **e, *s, *cmd;
	size_t n;

	for(e = environ; *e; e++){
		for(s = *e; *s && *s != '(' && *s != '='; s++)
			;
		if(*s != '(' || strncmp(s, "()fn ", 5) != 0)
			continue;
		n = strlen(s + 2);
		cmd = emalloc(n + 2);
		memcpy(cmd, s + 2, n);
		cmd[n] = '\n';
		cmd[n + 1] = 0;
		runstring(cmd, n + 1, "*environ*", 1);
		free(cmd);
	}
	(void)a;
}

static int
writefile(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), r;

	if(fd < 0)
		return -1;
	r = write(fd, s, strlen(s)) == (ssize_t)strlen(s) ? 0 : -1;
	close(fd);
	return r;
}

static int
newns(void)
{
	char buf[64];
	uid_t uid = getuid();
	gid_t gid = getgid();

	if(unshare(CLONE_NEWNS) == 0)
		return 0;
	if(unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return -1;
	writefile("/proc/self/setgroups", "deny");
	snprintf(buf, sizeof buf, "%d %d 1\n", (int)uid, (int)uid);
	if(writefile("/proc/self/uid_map", buf) < 0)
		return -1;
	snprintf(buf, sizeof buf, "%d %d 1\n", (int)gid, (int)gid);
	writefile("/proc/self/gid_map", buf);
	return 0;
}

static void
brfork(Word *a)
{
	const char *s = a->next ? a->next->s : "ens";
	int fd, r, nomnt = 0;

	if(a->next && a->next->next){
		dprintf(errfd(), "Usage: %s [fnesFNEm]\n", a->s);
		setstatus("rfork usage");
		return;
	}
	for(; *s; s++)
		switch(*s){
		case 'm':
			/* last, once the name space is the one it is to hold for */
			nomnt = 1;
			break;
		case 'n':
		case 'N':
			/* in a name space of 9 ns, nsd copies the table (or starts a clean one) */
			r = rcnsfork(*s == 'N');
			if(r > 0)
				r = newns();
			if(r < 0){
				dprintf(errfd(), "%s: %s failed: %s\n", argv0, a->s, strerror(errno));
				setstatus("rfork failed");
				return;
			}
			break;
		case 'E':
			cleanenv();
			break;
		case 's':
			if(setsid() < 0)
				setpgid(0, 0);
			break;
		case 'F':
			for(fd = 3; fd < 10; fd++)
				close(fd);
			break;
		case 'e': case 'f': case 'c': case 'C':
			break;
		default:
			dprintf(errfd(), "Usage: %s [fnesFNEm]\n", a->s);
			setstatus("rfork usage");
			return;
		}
	if(nomnt && rcnsnomnt() < 0){
		dprintf(errfd(), "%s: %s failed: %s\n", argv0, a->s, strerror(errno));
		setstatus("rfork failed");
		return;
	}
	setstatus("");
}

static const struct { const char *name; Builtin *fn; } builtins[] = {
	{"cd", bcd}, {"whatis", bwhatis}, {"eval", beval}, {"exec", bexec}, {"exit", bexit},
	{"shift", bshift}, {"wait", bwait}, {".", bdot}, {"flag", bflag}, {"finit", bfinit},
	{"rfork", brfork},
};

Builtin*
builtinlook(const char *name)
{
	size_t i;

	for(i = 0; i < sizeof builtins / sizeof builtins[0]; i++)
		if(strcmp(name, builtins[i].name) == 0)
			return builtins[i].fn;
	return nil;
}
