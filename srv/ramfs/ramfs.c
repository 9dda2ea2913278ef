/*
 * ramfs.c: ramfs, an in-memory 9P2000 file server: lib9p's File tree, served by the library
 * itself (permissions, exclusive use, ORCLOSE, atomic wstat and the size limit included).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>
#include <planten/9p.h>

static Srv fs;
static int stopidle;	/* serving only stdin and stdout: exit when it ends */

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

/* A size in bytes with an optional k, m or g suffix; -1 if malformed or too big. */
static vlong
parsesize(const char *s)
{
	char *e;
	vlong n;
	int shift;

	errno = 0;
	n = strtoll(s, &e, 10);
	if(errno != 0 || e == s || n < 0)
		return -1;
	shift = 0;
	switch(*e){
	case 'g': case 'G':
		shift += 10;
		/* fall through */
	case 'm': case 'M':
		shift += 10;
		/* fall through */
	case 'k': case 'K':
		shift += 10;
		e++;
		break;
	}
	if(*e != 0 || n > (0x7fffffffffffffffLL >> shift))
		return -1;
	return n << shift;
}

/* Report the error string and let the server close what it opened; the exit status. */
static int
failed(void)
{
	p9fprint(2, "ramfs: %r\n");
	npsrvstop(&fs);
	npsrvrun(&fs);
	return 1;
}

static void
usage(void)
{
	p9fprint(2, "usage: ramfs [-Dfi] [-a addr] [-s srvname] [-l limit] [-u user]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	char *addr, *srvname, *l, *owner;
	char actual[128];
	struct sigaction sa;
	vlong limit;
	int stdio, foreground;

	addr = srvname = owner = nil;
	limit = 0;
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
	case 'l':
		l = EARGF(usage());
		if((limit = parsesize(l)) < 0){
			p9fprint(2, "ramfs: bad size %s\n", l);
			usage();
		}
		break;
	case 'u':
		owner = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0)
		usage();
	if(owner == nil)
		owner = (char*)p9getuser();
	if(addr == nil && srvname == nil)
		stdio = stopidle = 1;

	if((fs.tree = npalloctree(owner, owner, DMDIR|0777, nil)) == nil){
		p9fprint(2, "ramfs: %r\n");
		return 1;
	}
	fs.tree->limit = limit;
	fs.connend = connend;

	signal(SIGPIPE, SIG_IGN);
	if(npsrvinit(&fs, nil) < 0){
		p9fprint(2, "ramfs: %r\n");
		return 1;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = onsignal;
	sigaction(SIGTERM, &sa, nil);
	sigaction(SIGINT, &sa, nil);
	if(srvname != nil && npsrvpost(&fs, srvname) < 0)
		return failed();
	if(addr != nil){
		if(npsrvlisten(&fs, addr, actual, sizeof actual) < 0)
			return failed();
		if(!stdio && strlen(addr) > 2 && strcmp(addr + strlen(addr) - 2, "!0") == 0){
			p9print("%s\n", actual);
			fflush(stdout);
		}
	}
	if(stdio && npsrvserve(&fs, 0, 1) < 0)
		return failed();
	if(srvname != nil && !stdio && !foreground){
		switch(npsrvbackground(&fs)){
		case -1:
			return failed();
		case 0:
			break;
		default:
			_exit(0);
		}
	}
	npsrvrun(&fs);
	npfreetree(fs.tree);
	return 0;
}
