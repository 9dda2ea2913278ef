/* 9pfuse.c: mount a 9P2000 server on a directory through FUSE, as an ordinary user. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <uv.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>
#include <planten/9pfuse.h>
#include "cmd.h"

enum { Deftimeout = 30 };	/* seconds a 9P call goes unanswered before the server is probed */

static int readyfd = -1;	/* tells the waiting parent how the mount went */
static NfSrv *srv;
static int closing;

static void
usage(void)
{
	p9fprint(2, "usage: 9pfuse [-CDf] [-A aname] [-m msize] [-t secs] source mountpoint\n");
	exit(1);
}

/* In the background child, errors go to the parent, which prints them and exits 1. */
static void __attribute__((noreturn))
die(const char *fmt, ...)
{
	va_list arg;
	char buf[1024];

	va_start(arg, fmt);
	p9vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	if(readyfd >= 0){
		if(write(readyfd, buf, strlen(buf)) < 0){
			/* the parent is gone: nobody to tell */
		}
		_exit(1);
	}
	p9sysfatal("%s", buf);
}

/*
 * Wait for the child to mount: exit 0 once it says "ok", else print what it says.
 * Returns only in the child.
 */
static void
background(void)
{
	int p[2], st;
	pid_t pid;
	char buf[1024];
	long n;

	if(pipe2(p, O_CLOEXEC) < 0)
		p9sysfatal("pipe: %s", strerror(errno));
	switch(pid = fork()){
	case -1:
		p9sysfatal("fork: %s", strerror(errno));
	case 0:
		close(p[0]);
		readyfd = p[1];
		setsid();
		return;
	}
	close(p[1]);
	n = read(p[0], buf, sizeof buf - 1);
	if(n == 2 && memcmp(buf, "ok", 2) == 0)
		exit(0);
	waitpid(pid, &st, 0);
	if(n <= 0)
		p9sysfatal("server process died");
	buf[n] = 0;
	p9sysfatal("%s", buf);
}

static void
ready(void)
{
	int fd;

	if(readyfd < 0)
		return;
	if(write(readyfd, "ok", 2) < 0){
		/* the parent is gone */
	}
	close(readyfd);
	readyfd = -1;
	if((fd = open("/dev/null", O_RDWR)) >= 0){
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if(fd > 2)
			close(fd);
	}
}

static void
closed(void *arg)
{
	uv_stop(arg);
}

static void
stop(uv_loop_t *loop)
{
	if(closing)
		return;
	closing = 1;
	nfclose(srv, closed, loop);
}

static void
onend(void *arg)
{
	stop(arg);
}

static void
onsignal(uv_signal_t *h, int sig)
{
	stop(h->loop);
}

static void
trace(void *arg, const char *line)
{
	p9fprint(2, "9pfuse: %s\n", line);
}

static void
hungup(void *arg, const char *err)
{
	/* the mount stays: every operation on it fails with EIO until it is unmounted */
	if(arg != nil)
		p9fprint(2, "9pfuse: server gone: %s\n", err);
}

static void
trace9p(void *arg, const Fcall *f)
{
	p9fprint(2, "9pfuse: 9P %F\n", f);
}

/* A source as a dial string: a Unix socket path, a dial string, or a service name. */
static char*
address(char *src)
{
	static char buf[PATH_MAX + 8];

	if(strchr(src, '!') != nil || strchr(src, '/') == nil)
		return src;
	p9snprint(buf, sizeof buf, "unix!%s", src);
	return buf;
}

int
main(int argc, char **argv)
{
	char *aname, *addr, *src, mnt[PATH_MAX];
	int cache, debug, fg, fd, i, timeout;
	u32int msize;
	NpCFsys *fs;
	NpCFid *root;
	uv_loop_t loop;
	uv_signal_t sigs[3];
	static const int signums[3] = { SIGTERM, SIGINT, SIGHUP };
	struct stat st;
	Nf9p p;

	setargv0(argv[0]);
	aname = nil;
	cache = debug = fg = 0;
	msize = 0;
	timeout = Deftimeout;
	ARGBEGIN{
	case 'A':
		aname = EARGF(usage());
		break;
	case 'C':
		cache = 1;
		break;
	case 'D':
		debug = 1;
		fg = 1;
		break;
	case 'f':
		fg = 1;
		break;
	case 'm':
		msize = strtoul(EARGF(usage()), nil, 0);
		break;
	case 't':
		timeout = atoi(EARGF(usage()));
		if(timeout < 0 || timeout > 1000000)
			usage();
		break;
	default:
		usage();
	}ARGEND
	if(argc != 2)
		usage();
	src = argv[0];
	if(realpath(argv[1], mnt) == nil)
		p9sysfatal("%s: %s", argv[1], strerror(errno));
	if(stat(mnt, &st) < 0 || !S_ISDIR(st.st_mode))
		p9sysfatal("%s: not a directory", argv[1]);
	addr = address(src);
	if(debug)
		p9fmtinstall('F', npfcallfmt);
	signal(SIGPIPE, SIG_IGN);
	if(!fg)
		background();

	if((fd = p9dial(addr, nil, nil, nil)) < 0)
		die("dial %s: %r", src);
	if((fs = npfsconn(fd)) == nil)
		die("%s: %r", src);
	if(debug)
		npfstrace(fs, trace9p, nil);
	if(npfsversion(fs, msize) < 0)
		die("%s: %r", src);
	if((root = npfsattach(fs, nil, nil, aname)) == nil)
		die("%s: attach%s%s: %r", src, aname ? " " : "", aname ? aname : "");
	npfssetroot(fs, root);

	uv_loop_init(&loop);
	if(npfsuvattach(fs, &loop) < 0)
		die("%r");
	npfssethangup(fs, hungup, debug ? fs : nil);
	if((srv = nfnew(&loop, src)) == nil)
		die("%r");
	if(debug)
		nftrace(srv, trace, nil);
	nfsettimeout(srv, timeout * 1000);
	if(timeout > 0 && timeout < 5)
		npfssetflushtimeout(fs, timeout * 1000);
	memset(&p, 0, sizeof p);
	p.fs = fs;
	p.root = root;
	if(nfadd9p(srv, &p, NFAFTER | NFCREATE | (cache ? NFCACHE : 0), nil, nil, nil) == nil)
		die("%r");
	if(nfmountat(srv, mnt) < 0)
		die("%r");
	nfonend(srv, onend, &loop);
	for(i = 0; i < 3; i++){
		uv_signal_init(&loop, &sigs[i]);
		uv_signal_start(&sigs[i], onsignal, signums[i]);
		uv_unref((uv_handle_t*)&sigs[i]);
	}
	ready();
	uv_run(&loop, UV_RUN_DEFAULT);
	for(i = 0; i < 3; i++)
		uv_close((uv_handle_t*)&sigs[i], nil);
	npfsunmount(fs);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return 0;
}
