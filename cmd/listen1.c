/* listen1.c: announce an address and run a command for each call, on the connection. */
#include <errno.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include "cmd.h"

static void
usage(void)
{
	p9fprint(2, "usage: listen1 [-tv] address cmd args...\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	char adir[NETPATHLEN], ldir[NETPATHLEN], *addr, *p;
	int verbose, afd, fd;
	struct sigaction sa;

	setargv0(argv[0]);
	verbose = 0;
	ARGBEGIN{
	case 't':	/* trusted: Plan 9 has other users to run as, Unix callers are us */
		break;
	case 'v':
		verbose = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc < 2)
		usage();
	addr = argv[0];
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_IGN;
	sa.sa_flags = SA_NOCLDWAIT;
	sigaction(SIGCHLD, &sa, nil);
	if((afd = p9announce(addr, adir)) < 0)
		p9sysfatal("%r");	/* p9announce names the address */
	if(verbose)
		p9fprint(2, "listen1: announced %s\n", adir);
	for(;;){
		if((fd = p9listenfd(afd, ldir)) < 0){
			warn("listen %s: %r", adir);
			if(errno == EMFILE || errno == ENFILE)
				sleep(1);
			continue;
		}
		if(verbose)
			p9fprint(2, "listen1: incoming call for %s from %s\n", adir, ldir);
		switch(fork()){
		case -1:
			warn("fork: %r");
			close(fd);
			continue;
		case 0:
			close(afd);
			signal(SIGCHLD, SIG_DFL);
			setenv("net", adir, 1);
			/* remote: the caller as Plan 9's /net/tcp/N/remote says it, addr!port */
			p = strchr(ldir, '!');
			setenv("remote", p != nil ? p+1 : ldir, 1);
			dup2(fd, 0);
			dup2(fd, 1);
			if(fd > 1)
				close(fd);
			execvp(argv[1], argv+1);
			p9oserror(errno);
			p9fprint(2, "listen1: exec %s: %r\n", argv[1]);
			_exit(1);
		default:
			close(fd);
		}
	}
}
