/*
 * conform.c: the 9P2000 conformance suite for planten file servers, printing TAP.
 *
 *	conform -a addr [-klvx] [-m msize] [-n aname] [-r pattern] [-t seconds] [-u user]
 *
 * It dials addr (tcp!host!port, unix!/path or a name posted in the srv directory) and
 * speaks raw 9P through the codec, one connection per case, so any planten file server
 * can be checked. It needs only a writable root: it makes a directory conform.PID there,
 * one subdirectory per case, and removes it all at the end. Cases on malformed input use
 * connections of their own and check that the server answers Rerror or hangs up, and keeps
 * serving everyone else. Every wait is bounded by the timeout (-t, default 10 seconds).
 *
 *	-k	skip the cases that need a server checking permissions
 *	-l	list the cases and exit
 *	-m	msize to ask for (default 8216)
 *	-n	aname to attach to (default "")
 *	-r	run only the cases whose names contain pattern (may be repeated)
 *	-t	seconds to wait for any reply (default 10)
 *	-u	user to attach as (default the login name)
 *	-v	print every request and reply of the rpc calls on standard error
 *	-x	skip the cases needing DMAPPEND and DMEXCL files (host-backed servers lack them)
 *
 * Output: "1..N", then "ok K - case: what it checks" or "not ok K - ..." followed by '#'
 * lines saying what was expected and what came. Exit status 0 if every case passed.
 */
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "conform.h"

Opt opt;

static Case *tables[] = {basiccases, morecases, malcases, nil};

static pthread_mutex_t dlock = PTHREAD_MUTEX_INITIALIZER;
static char dbuf[16384];
static int ndbuf;

void
diag(const char *fmt, ...)
{
	va_list arg;
	int n;

	pthread_mutex_lock(&dlock);
	if(ndbuf < (int)sizeof dbuf - 4){
		n = snprintf(dbuf+ndbuf, sizeof dbuf-ndbuf, "# ");
		ndbuf += n;
		va_start(arg, fmt);
		n = vsnprintf(dbuf+ndbuf, sizeof dbuf-ndbuf, fmt, arg);
		va_end(arg);
		if(n > (int)sizeof dbuf-ndbuf-2)
			n = sizeof dbuf-ndbuf-2;
		ndbuf += n;
		dbuf[ndbuf++] = '\n';
		dbuf[ndbuf] = 0;
	}
	pthread_mutex_unlock(&dlock);
}

static void
vfail(Conn *c, const char *want, const char *fmt, va_list arg)
{
	char msg[512];

	vsnprintf(msg, sizeof msg, fmt, arg);
	diag("%s: expected %s, got %s", msg, want, c->why);
}

void
failop(Conn *c, const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	vfail(c, "success", fmt, arg);
	va_end(arg);
}

void
failerr(Conn *c, const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	vfail(c, "Rerror", fmt, arg);
	va_end(arg);
}

static void
usage(void)
{
	fprintf(stderr, "usage: conform -a addr [-klvx] [-m msize] [-n aname] [-r pattern] "
		"[-t seconds] [-u user]\n");
	exit(2);
}

/* remove the tree at path under the root, deepest first */
static int
rmtree(Conn *c, char *path, int depth)
{
	uchar *ents, *p, *e;
	char child[1024];
	u32int fid;
	vlong off;
	Dir d;
	St st;
	uint n, total, cap;
	int rv;

	if(depth > 64)
		return -1;
	fid = 100 + depth;
	if(xwalk(c, Froot, fid, path) != 0)
		return -1;
	if(xstat(c, fid, &st) != 0){
		xclunk(c, fid);
		return -1;
	}
	if(!(st.qid.type & QTDIR))
		return xremove(c, fid) == 0 ? 0 : -1;
	if(xopen(c, fid, OREAD) != 0){
		xclunk(c, fid);
		return -1;
	}
	/* gather all entries first: removing while reading would upset the offsets */
	cap = 65536;
	ents = malloc(cap);
	total = 0;
	off = 0;
	while(ents != nil && xread(c, fid, off, c->msize - IOHDRSZ) == 0 && c->r.count > 0){
		n = c->r.count;
		if(total + n > cap){
			cap = 2*(total + n);
			p = realloc(ents, cap);
			if(p == nil)
				break;
			ents = p;
		}
		memcpy(ents+total, c->r.data, n);
		total += n;
		off += n;
	}
	xclunk(c, fid);
	rv = 0;
	for(p = ents, e = ents+total; ents != nil && p+2 <= e; p += n){
		n = GET16(p) + 2;
		if(p+n > e || npconvM2D(p, n, &d) != n)
			break;
		snprintf(child, sizeof child, "%s/%s", path, d.name);
		if(rmtree(c, child, depth+1) < 0)
			rv = -1;
	}
	free(ents);
	if(xwalk(c, Froot, fid, path) != 0 || xremove(c, fid) != 0)
		rv = -1;
	return rv;
}

static int
maketop(void)
{
	Conn *c;
	int rv;

	snprintf(opt.top, sizeof opt.top, "conform.%d", (int)getpid());
	if((c = mountconn(opt.msize)) == nil)
		return -1;
	rv = -1;
	if(xwalk(c, Froot, Fdir, "") != 0)
		diag("clone the root: %s", c->why);
	else if(xcreate(c, Fdir, opt.top, DMDIR|0777, OREAD) != 0)
		diag("create %s in the root: %s", opt.top, c->why);
	else
		rv = 0;
	hangup(c);
	return rv;
}

static int
match(Case *k, char **pats, int npat)
{
	int i;

	if(npat == 0)
		return 1;
	for(i = 0; i < npat; i++)
		if(strstr(k->name, pats[i]) != nil)
			return 1;
	return 0;
}

int
main(int argc, char **argv)
{
	char *pats[64];
	int npat, n, i, j, nfail, list, t, nall;
	Case *k, *all[512], **tp;
	Conn *c;

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, nil, _IOLBF, 0);
	opt.user = (char*)p9getuser();
	opt.aname = "";
	opt.msize = 8192 + IOHDRSZ;
	opt.timeout = 10000;
	npat = 0;
	list = 0;
	ARGBEGIN{
	case 'a':
		opt.addr = EARGF(usage());
		break;
	case 'k':
		opt.skipperm = 1;
		break;
	case 'l':
		list = 1;
		break;
	case 'm':
		opt.msize = strtoul(EARGF(usage()), nil, 0);
		break;
	case 'n':
		opt.aname = EARGF(usage());
		break;
	case 'r':
		if(npat == (int)(sizeof pats/sizeof pats[0]))
			usage();
		pats[npat++] = EARGF(usage());
		break;
	case 't':
		t = atoi(EARGF(usage()));
		if(t <= 0)
			usage();
		opt.timeout = t*1000;
		break;
	case 'u':
		opt.user = EARGF(usage());
		break;
	case 'x':
		opt.skipmodes = 1;
		break;
	case 'v':
		opt.verbose = 1;
		p9fmtinstall('F', npfcallfmt);
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0 || (opt.addr == nil && !list) || opt.msize < NP_MINMSIZE)
		usage();
	nall = 0;
	for(tp = tables; *tp != nil; tp++)
		for(k = *tp; k->name != nil && nall < (int)(sizeof all/sizeof all[0]); k++)
			all[nall++] = k;
	if(list){
		for(j = 0; j < nall && (k = all[j]); j++)
			printf("%-24s %s%s\n", k->name, k->what,
				k->flags&Fperm ? " (-k skips)" :
				k->flags&Fmodes ? " (-x skips)" : "");
		return 0;
	}
	n = 0;
	for(j = 0; j < nall; j++)
		if(match(all[j], pats, npat))
			n++;
	printf("1..%d\n", n);
	if(maketop() < 0){
		printf("Bail out! cannot make the suite's directory at %s\n", opt.addr);
		fputs(dbuf, stdout);
		return 1;
	}
	i = 0;
	nfail = 0;
	for(j = 0; j < nall; j++){
		k = all[j];
		if(!match(k, pats, npat))
			continue;
		i++;
		if((k->flags&Fperm) && opt.skipperm){
			printf("ok %d - %s: %s # SKIP needs a server checking permissions\n",
				i, k->name, k->what);
			continue;
		}
		if((k->flags&Fmodes) && opt.skipmodes){
			printf("ok %d - %s: %s # SKIP needs DMAPPEND and DMEXCL files\n",
				i, k->name, k->what);
			continue;
		}
		ndbuf = 0;
		dbuf[0] = 0;
		if(k->fn() == 0)
			printf("ok %d - %s: %s\n", i, k->name, k->what);
		else{
			printf("not ok %d - %s: %s\n", i, k->name, k->what);
			nfail++;
		}
		fputs(dbuf, stdout);
	}
	ndbuf = 0;
	dbuf[0] = 0;
	if((c = mountconn(opt.msize)) == nil || rmtree(c, opt.top, 0) < 0)
		printf("# could not remove %s from the server\n", opt.top);
	hangup(c);
	fputs(dbuf, stdout);
	return nfail ? 1 : 0;
}
