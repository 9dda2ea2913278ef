/* devfs.c: devfs, Plan 9's console device (cons, consctl, time, user, ...) as a 9P server. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "devfs.h"

static Srv fs;
static int stopidle;

static void
usage(void)
{
	p9fprint(2, "usage: devfs [-Dfi] [-a addr] [-s srvname] [-u user]\n");
	exit(1);
}

static void
connend(Npconn *c)
{
	if(stopidle && npsrvnconn(c->srv) == 0)
		npsrvstop(c->srv);
}

static void
onsignal(int sig)
{
	npsrvstop(&fs);
}

int
main(int argc, char **argv)
{
	char *addr, *srvname, *user, actual[128];
	int stdio, foreground, in, out;

	addr = srvname = user = nil;
	stdio = foreground = 0;
	ARGBEGIN{
	case 'D':
		fs.tracefd = 2;
		break;
	case 'f':
		foreground = 1;
		break;
	case 'i':
		stdio = 1;
		break;
	case 'a':
		addr = EARGF(usage());
		break;
	case 's':
		srvname = EARGF(usage());
		break;
	case 'u':
		user = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0)
		usage();
	if(addr == nil && srvname == nil)
		stdio = stopidle = 1;
	if(user == nil)
		user = (char*)p9getuser();
	/* serving on standard input and output, cons is the terminal */
	in = 0;
	out = 1;
	if(stdio){
		in = open("/dev/tty", O_RDWR | O_CLOEXEC);
		out = in;
		if(in < 0){
			in = open("/dev/null", O_RDONLY | O_CLOEXEC);
			out = 2;
		}
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, onsignal);
	signal(SIGINT, onsignal);
	fs.connend = connend;
	if(devsrvinit(&fs, user, in, out) < 0 || npsrvinit(&fs, nil) < 0)
		p9sysfatal("%r");
	if(srvname != nil && npsrvpost(&fs, srvname) < 0)
		p9sysfatal("%r");
	if(addr != nil){
		if(npsrvlisten(&fs, addr, actual, sizeof actual) < 0)
			p9sysfatal("%r");
		if(!stdio && strlen(addr) > 2 && strcmp(addr + strlen(addr) - 2, "!0") == 0)
			p9print("%s\n", actual);
	}
	if(stdio && npsrvserve(&fs, 0, 1) < 0)
		p9sysfatal("%r");
	/* posted: return, and serve on in the background (as ramfs does) */
	if(srvname != nil && !stdio && !foreground){
		switch(npsrvbackground(&fs)){
		case -1:
			p9sysfatal("%r");
		case 0:
			break;
		default:
			_exit(0);
		}
	}
	npsrvrun(&fs);
	return 0;
}
