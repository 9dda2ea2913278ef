/* 9.c: 9, planten's launcher: 9 ns runs a program in a name space of its own, 9 CMD planten's CMD. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <planten/ns.h>
#include "cmd.h"

#ifndef NSFILE
#define NSFILE "/usr/local/share/planten/namespace"
#endif
#ifndef NSCMDDIR
#define NSCMDDIR "/usr/local/libexec/planten/bin"
#endif
#ifndef NSBUILDBIN
#define NSBUILDBIN ""
#define NSBUILDCMD ""
#endif

static char bindir[PATH_MAX];
static int debug;

static void
usage(void)
{
	p9fprint(2, "usage: 9 ns [-n nsfile] [cmd [arg ...]]\n"
		"       9 cmd [arg ...]\n");
	exit(1);
}

/* The directory this program is in, where planten's other programs are, first in $PATH. */
static void
setpath(void)
{
	const char *cmd;
	char *p, *path;
	long n;

	if((n = readlink("/proc/self/exe", bindir, sizeof bindir - 1)) < 0)
		p9sysfatal("/proc/self/exe: %s", p9errnostr(errno));
	bindir[n] = 0;
	if((p = strrchr(bindir, '/')) != nil)
		*p = 0;
	/* libtool runs uninstalled programs from .libs; the others are beside it */
	if((p = strrchr(bindir, '/')) != nil && strcmp(p, "/.libs") == 0)
		*p = 0;
	p = getenv("PATH");
	if(p == nil)
		p = "";
	/* bind, mount, unmount and ns are apart, not to hide the host's mount */
	cmd = strcmp(bindir, NSBUILDBIN) == 0 ? NSBUILDCMD : NSCMDDIR;
	if(access(cmd, X_OK) == 0)
		path = p9smprint("%s:%s%s%s", bindir, cmd, *p ? ":" : "", p);
	else
		path = p9smprint("%s%s%s", bindir, *p ? ":" : "", p);
	if(path == nil)
		p9sysfatal("out of memory");
	setenv("PATH", path, 1);
	free(path);
}

/* The namespace file: the installed one, or the source tree's when run from the build tree. */
static const char*
defaultfile(void)
{
#ifdef NSFILESRC
	if(strcmp(bindir, NSBUILDBIN) == 0 || access(NSFILE, R_OK) < 0)
		return NSFILESRC;
#endif
	return NSFILE;
}

static const char*
cputype(void)
{
	static struct utsname u;

	if(uname(&u) < 0)
		return "unknown";
	if(strcmp(u.machine, "x86_64") == 0)
		return "amd64";
	if(strcmp(u.machine, "aarch64") == 0)
		return "arm64";
	if(u.machine[0] == 'i' && strcmp(u.machine + 2, "86") == 0)
		return "386";
	return u.machine;
}

static const char*
sysname(void)
{
	static struct utsname u;

	return uname(&u) < 0 ? "unknown" : u.nodename;
}

/* Plan 9's variables a namespace file may use, from the environment or the system. */
static void
setvars(void)
{
	static const struct {
		const char *name;
		const char *(*val)(void);
	} v[] = {
		{"user", p9getuser},
		{"sysname", sysname},
		{"cputype", cputype},
		{"objtype", cputype},
	};
	const char *home;
	struct passwd *pw;
	uint i;

	for(i = 0; i < sizeof v / sizeof v[0]; i++)
		if(getenv(v[i].name) == nil)
			setenv(v[i].name, v[i].val(), 0);
	/* without $HOME, the user's home directory: `. $home/lib/namespace` must not read /lib's */
	if(getenv("home") == nil){
		if((home = getenv("HOME")) == nil && (pw = getpwuid(getuid())) != nil)
			home = pw->pw_dir;
		if(home != nil)
			setenv("home", home, 0);
	}
}

/*
 * The program, in the name space built from file; never returns. It starts once go is
 * closed, by nsd when it is running: until then its parent may be a libtool wrapper (in the
 * build tree), a shell that would reap it and lose its status.
 */
static void __attribute__((noreturn))
runprogram(const char *file, char **argv, int go)
{
	static char *rc[] = {"rc", nil};
	char c;

	while(read(go, &c, 1) < 0 && errno == EINTR)
		;
	close(go);
	if(nsaddns(file, nil, nil) < 0){
		warn("%r");
		_exit(1);
	}
	if(argv[0] == nil)
		argv = rc;
	signal(SIGPIPE, SIG_DFL);
	execvp(argv[0], argv);
	warn("%s: %s", argv[0], p9errnostr(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

/* nsd, the child's parent and the name space's subreaper; never returns. */
static void __attribute__((noreturn))
runnsd(int lfd, int sfd, int go, pid_t child)
{
	char path[PATH_MAX], l[16], c[16], s[16], g[16];
	char *argv[11];
	int n;

	/* the program's pid first, for 9 to wait for should nsd die */
	p9snprint(path, sizeof path, "pid %d\n", (int)child);
	write(sfd, path, strlen(path));

	setpgid(0, 0);	/* keyboard signals are the program's, not nsd's */
	/* nor the terminal or pipes the program was given: $(9 ns cmd) must end with cmd */
	if((n = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0){
		dup2(n, 0);
		dup2(n, 1);
		if(!debug)
			dup2(n, 2);
		close(n);
	}
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	/* nsd's own copy of the root: what rfork N starts from */
	if(unshare(CLONE_NEWNS) < 0)
		warn("nsd: unshare: %s", p9errnostr(errno));
	fcntl(lfd, F_SETFD, 0);
	fcntl(sfd, F_SETFD, 0);
	fcntl(go, F_SETFD, 0);
	p9snprint(path, sizeof path, "%s/nsd", bindir);
	p9snprint(l, sizeof l, "%d", lfd);
	p9snprint(c, sizeof c, "%d", (int)child);
	p9snprint(s, sizeof s, "%d", sfd);
	p9snprint(g, sizeof g, "%d", go);
	n = 0;
	argv[n++] = "nsd";
	if(debug)
		argv[n++] = "-D";
	argv[n++] = "-l";
	argv[n++] = l;
	argv[n++] = "-c";
	argv[n++] = c;
	argv[n++] = "-s";
	argv[n++] = s;
	argv[n++] = "-g";
	argv[n++] = g;
	argv[n] = nil;
	execv(path, argv);
	warn("%s: %s", path, p9errnostr(errno));
	kill(child, SIGKILL);
	_exit(1);
}

/*
 * fd moved above standard error, close-on-exec: with 0, 1 or 2 closed when 9 starts, a
 * descriptor there would be nsd's /dev/null, or the program's standard input, output or error.
 */
static int
above2(int fd)
{
	int nfd;

	if(fd > 2)
		return fd;
	if((nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0)
		p9sysfatal("fcntl: %s", p9errnostr(errno));
	close(fd);
	return nfd;
}

/* The listening control socket nsd will serve. */
static int
announce(void)
{
	struct sockaddr_un sa;
	char name[80];
	int fd;

	if(nsctlname(name, sizeof name) == nil)
		p9sysfatal("%r");
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memmove(sa.sun_path + 1, name, strlen(name));
	if((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0 ||
	   bind(fd, (struct sockaddr*)&sa, offsetof(struct sockaddr_un, sun_path) + 1 +
		strlen(name)) < 0 || listen(fd, 128) < 0)
		p9sysfatal("control socket: %s", p9errnostr(errno));
	return above2(fd);
}

static volatile sig_atomic_t program;	/* the program's pid, once known */
static volatile sig_atomic_t pending;	/* a signal for it that came before */

/* End as the program did: with its status, or dying of its signal. */
static void __attribute__((noreturn))
endas(int sig, int status)
{
	program = 0;
	if(sig != 0){
		signal(sig, SIG_DFL);
		kill(getpid(), sig);
		exit(128 + sig);
	}
	exit(status);
}

/*
 * A signal someone sent 9 (kill, timeout) goes on to the program; the terminal's (its
 * interrupt, quit, hangup) reach the program by themselves and are not sent again.
 */
static void
onsignal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if(si->si_code > 0)
		return;
	if(program > 0)
		kill(program, sig);
	else
		pending = sig;
}

static void
passsignals(void)
{
	static const int sig[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGUSR1, SIGUSR2};
	struct sigaction sa;
	uint i;

	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = onsignal;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	for(i = 0; i < sizeof sig / sizeof sig[0]; i++)
		sigaction(sig[i], &sa, nil);
}

/*
 * Wait for nsd to say how the program ended ("pid N", then "exit N" or "signal N"), and end
 * the same way. Should nsd die first, the program is ours (we are a subreaper): wait for it.
 */
static void __attribute__((noreturn))
waitstatus(int fd, pid_t nsd)
{
	char buf[128], *p;
	int n, m, st;
	pid_t child;

	passsignals();
	n = 0;
	child = -1;
	for(;;){
		while((m = read(fd, buf + n, sizeof buf - 1 - n)) < 0 && errno == EINTR)
			;
		if(m > 0)
			n += m;
		buf[n] = 0;
		if(strncmp(buf, "pid ", 4) == 0 && child < 0){
			child = atoi(buf + 4);
			program = child;
			if(pending != 0 && child > 0)
				kill(child, pending);
		}
		p = strchr(buf, '\n');
		p = p != nil ? p + 1 : buf;
		if(strncmp(p, "signal ", 7) == 0)
			endas(atoi(p + 7), 0);
		if(strncmp(p, "exit ", 5) == 0)
			endas(0, atoi(p + 5));
		if(m <= 0 || n == sizeof buf - 1)
			break;
	}
	warn("the name space daemon died");
	/* once it is gone, not only its descriptors, its children are ours */
	while(waitpid(nsd, &st, 0) < 0 && errno == EINTR)
		;
	if(child <= 0)
		exit(1);
	while(waitpid(child, &st, 0) < 0)
		if(errno != EINTR)
			exit(1);
	endas(WIFSIGNALED(st) ? WTERMSIG(st) : 0, WIFEXITED(st) ? WEXITSTATUS(st) : 1);
}

static void __attribute__((noreturn))
nsmain(int argc, char **argv)
{
	const char *file;
	int lfd, sp[2], go[2];
	pid_t nsd, child;

	file = nil;
	ARGBEGIN{
	case 'n':
		file = EARGF(usage());
		break;
	case 'D':
		debug++;
		break;
	default:
		usage();
	}ARGEND
	if(file == nil)
		file = defaultfile();
	if(access(file, R_OK) < 0)
		p9sysfatal("%s: %s", file, p9errnostr(errno));
	if(access("/dev/fuse", R_OK | W_OK) < 0 && nscheckhost() < 0)
		p9sysfatal("%r");
	if(nsunshare() < 0 || nsmkroot() < 0)
		p9sysfatal("%r");
	setvars();
	lfd = announce();
	if(pipe2(sp, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0)
		p9sysfatal("pipe: %s", p9errnostr(errno));
	sp[0] = above2(sp[0]);
	sp[1] = above2(sp[1]);
	go[0] = above2(go[0]);
	go[1] = above2(go[1]);
	/* should nsd die, the program and the rest of the name space come to us */
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	switch(nsd = fork()){
	case -1:
		p9sysfatal("fork: %s", p9errnostr(errno));
	case 0:
		switch(child = fork()){
		case -1:
			p9sysfatal("fork: %s", p9errnostr(errno));
		case 0:
			close(lfd);
			close(sp[0]);
			close(sp[1]);
			close(go[1]);
			runprogram(file, argv, go[0]);
		}
		close(sp[0]);
		close(go[0]);
		runnsd(lfd, sp[1], go[1], child);
	}
	close(lfd);
	close(sp[1]);
	close(go[0]);
	close(go[1]);
	waitstatus(sp[0], nsd);
}

int
main(int argc, char **argv)
{
	setargv0(argv[0]);
	if(argc < 2)
		usage();
	setpath();
	if(strcmp(argv[1], "ns") == 0)
		nsmain(argc - 1, argv + 1);
	execvp(argv[1], argv + 1);
	p9sysfatal("%s: %s", argv[1], p9errnostr(errno));
}
