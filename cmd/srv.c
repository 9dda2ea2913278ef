/* srv.c: post a 9P service (a network address or a command) in the srv directory. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "cmd.h"

static char *addr;		/* the service to dial */
static char *cmd;		/* or the command to run */
static char sockpath[1024];
static volatile sig_atomic_t posted;

static void
usage(void)
{
	p9fprint(2, "usage: srv [-fq] address [srvname]\n"
		"       srv [-fq] -e cmd srvname\n");
	exit(1);
}

static void
onsignal(int sig)
{
	if(posted)
		unlink(sockpath);
	_exit(sig == SIGTERM || sig == SIGINT || sig == SIGHUP ? 0 : 1);
}

/* Run cmd with a socket on its stdin and stdout; return our end. */
static int
runcmd(pid_t *pid)
{
	int sv[2];

	if(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return p9oserror(errno);
	switch(*pid = fork()){
	case -1:
		close(sv[0]);
		close(sv[1]);
		return p9oserror(errno);
	case 0:
		signal(SIGTERM, SIG_DFL);
		signal(SIGINT, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		signal(SIGPIPE, SIG_DFL);
		dup2(sv[1], 0);
		dup2(sv[1], 1);
		execl("/bin/sh", "sh", "-c", cmd, (char*)nil);
		_exit(127);
	}
	close(sv[1]);
	return sv[0];
}

static int
connectservice(pid_t *pid)
{
	*pid = -1;
	if(cmd != nil)
		return runcmd(pid);
	return p9dial(addr, nil, nil, nil);
}

/* Copy bytes both ways between a and b until either side is done. */
static void
relay(int a, int b)
{
	struct pollfd p[2];
	char buf[65536];
	int i, from, to;
	long n;

	p[0].fd = a;
	p[1].fd = b;
	p[0].events = p[1].events = POLLIN;
	for(;;){
		if(poll(p, 2, -1) < 0){
			if(errno == EINTR)
				continue;
			return;
		}
		for(i = 0; i < 2; i++){
			if(p[i].revents == 0)
				continue;
			from = p[i].fd;
			to = p[1-i].fd;
			n = read(from, buf, sizeof buf);
			if(n <= 0 || p9write(to, buf, n) != n)
				return;
		}
	}
}

static void*
client(void *v)
{
	int fd, sfd;
	pid_t pid;

	fd = (int)(intptr_t)v;
	if((sfd = connectservice(&pid)) < 0)
		warn("connect to %s: %r", cmd ? cmd : addr);
	else{
		relay(fd, sfd);
		close(sfd);
		if(pid > 0){
			kill(pid, SIGTERM);
			waitpid(pid, nil, 0);
		}
	}
	close(fd);
	return nil;
}

static char*
defaultname(const char *a)
{
	char *net, *host, *serv, *p;

	if(p9dialparse(a, &net, &host, &serv) < 0 || host == nil)
		fatal("bad address %s: %r", a);
	if((p = strrchr(host, '/')) != nil && p[1] != 0)
		p = strdup(p+1);
	else
		p = strdup(host);
	free(net);
	free(host);
	free(serv);
	return p;
}

int
main(int argc, char **argv)
{
	char dir[512], adir[NETPATHLEN], *name;
	int quiet, foreground, afd, fd, probe;
	pthread_t t;
	pthread_attr_t attr;
	struct sigaction sa;

	setargv0(argv[0]);
	quiet = foreground = 0;
	ARGBEGIN{
	case 'e':
		cmd = EARGF(usage());
		break;
	case 'f':
		foreground = 1;
		break;
	case 'q':
		quiet = 1;
		break;
	default:
		usage();
	}ARGEND
	if(cmd != nil){
		if(argc != 1)
			usage();
		name = argv[0];
	}else{
		if(argc < 1 || argc > 2)
			usage();
		addr = argv[0];
		name = argc == 2 ? argv[1] : defaultname(addr);
	}
	if(*name == 0 || strchr(name, '/') != nil)
		fatal("bad service name %s", name);
	if(p9srvdir(dir, sizeof dir) == nil)
		fatal("srv directory: %r");
	p9snprint(sockpath, sizeof sockpath, "%s/%s", dir, name);

	/* someone serving already? */
	if((probe = p9dial(name, nil, nil, nil)) >= 0){
		close(probe);
		if(quiet)
			return 0;
		fatal("%s already posted", name);
	}
	/* check that the address answers before posting it */
	if(addr != nil){
		if((fd = p9dial(addr, nil, nil, nil)) < 0)
			fatal("dial %s: %r", addr);
		close(fd);
	}
	if((afd = p9announce(p9smprint("unix!%s", sockpath), adir)) < 0)
		fatal("post %s: %r", name);
	posted = 1;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = onsignal;
	sigaction(SIGTERM, &sa, nil);
	sigaction(SIGINT, &sa, nil);
	sigaction(SIGHUP, &sa, nil);
	signal(SIGPIPE, SIG_IGN);

	if(!foreground){
		switch(fork()){
		case -1:
			unlink(sockpath);
			fatal("fork: %r");
		case 0:
			setsid();
			break;
		default:
			_exit(0);
		}
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for(;;){
		if((fd = p9listenfd(afd, nil)) < 0){
			warn("listen: %r");
			continue;
		}
		if(pthread_create(&t, &attr, client, (void*)(intptr_t)fd) != 0){
			warn("cannot start relay");
			close(fd);
		}
	}
}
