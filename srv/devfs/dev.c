/* dev.c: devfs's server: Plan 9's console device files (cons, consctl, time, user, ...) over 9P. */
#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/random.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "devfs.h"

#define nelem(x)	(sizeof(x) / sizeof((x)[0]))

enum {
	Qcons,
	Qconsctl,
	Qhostowner,
	Qpid,
	Qppid,
	Qrandom,
	Qsysname,
	Qtime,
	Quser,
	Nfile,

	Numsize = 12,		/* Plan 9's width of a number file: 11 digits and a space */
	Vlnumsize = 22,
};

static const struct {
	const char *name;
	ulong mode;
} files[Nfile] = {
	[Qcons] = {"cons", 0660},
	[Qconsctl] = {"consctl", 0220},
	[Qhostowner] = {"hostowner", 0444},
	[Qpid] = {"pid", 0444},
	[Qppid] = {"ppid", 0444},
	[Qrandom] = {"random", 0444},
	[Qsysname] = {"sysname", 0444},
	[Qtime] = {"time", 0444},
	[Quser] = {"user", 0444},
};

static const char *owner;
static int cin = -1, cout = -1;
static Reqqueue *consq;		/* reads and writes of cons, which may block */
static struct termios cooked;
static int rawfids;		/* consctl fids that turned raw mode on */

static int
qid(Req *r)
{
	return (int)(uintptr_t)r->fid->file->aux;
}

static void
readnum(Req *r, uvlong v, int size)
{
	char buf[64];

	p9snprint(buf, sizeof buf, "%*ulld ", size - 1, v);
	npreadstr(r, buf);
}

static void
readtime(Req *r)
{
	struct timespec now, mono;
	char buf[128];
	uvlong ns, ticks;

	clock_gettime(CLOCK_REALTIME, &now);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	ns = (uvlong)now.tv_sec * 1000000000ULL + now.tv_nsec;
	ticks = (uvlong)mono.tv_sec * 1000000000ULL + mono.tv_nsec;
	/* seconds, nanoseconds, ticks and ticks a second, as Plan 9's /dev/time */
	p9snprint(buf, sizeof buf, "%*uld %*ulld %*ulld %*ulld ", Numsize - 1, (ulong)now.tv_sec,
		Vlnumsize - 1, ns, Vlnumsize - 1, ticks, Vlnumsize - 1, 1000000000ULL);
	npreadstr(r, buf);
}

static void
readrandom(Req *r)
{
	char *buf;
	long n, m;

	if((buf = npreaddata(r, r->ifcall.count)) == nil)
		return;
	for(n = 0; n < (long)r->ifcall.count; n += m)
		if((m = getrandom(buf + n, r->ifcall.count - n, 0)) <= 0){
			if(m < 0 && errno == EINTR){
				m = 0;
				continue;
			}
			break;
		}
	r->ofcall.count = n;
}

static void
consread(Req *r)
{
	char *buf;
	long n;

	if(npreqflushed(r)){
		nprespond(r, "interrupted");
		return;
	}
	if((buf = npreaddata(r, r->ifcall.count)) == nil){
		nprespond(r, "out of memory");
		return;
	}
	/* a flush interrupts the read (EINTR) */
	while((n = read(cin, buf, r->ifcall.count)) < 0 && errno == EINTR &&
	   !npreqflushed(r))
		;
	if(n < 0 && npreqflushed(r)){
		nprespond(r, "interrupted");
		return;
	}
	if(n < 0){
		nprespond(r, p9errnostr(errno));
		return;
	}
	r->ofcall.count = n;
	nprespond(r, nil);
}

static void
conswrite(Req *r)
{
	if(p9write(cout, r->ifcall.data, r->ifcall.count) < 0){
		nprespond(r, p9errnostr(errno));
		return;
	}
	r->ofcall.count = r->ifcall.count;
	nprespond(r, nil);
}

static void
devread(Req *r)
{
	char host[256];

	switch(qid(r)){
	case Qcons:
		npreqqueuepush(consq, r, consread);
		return;
	case Qhostowner:
	case Quser:
		npreadstr(r, owner);
		break;
	case Qpid:
		readnum(r, getpid(), Numsize);
		break;
	case Qppid:
		readnum(r, getppid(), Numsize);
		break;
	case Qrandom:
		readrandom(r);
		break;
	case Qsysname:
		if(gethostname(host, sizeof host) < 0)
			strcpy(host, "gnot");
		host[sizeof host - 1] = 0;
		npreadstr(r, host);
		break;
	case Qtime:
		readtime(r);
		break;
	default:
		nprespond(r, "permission denied");
		return;
	}
	nprespond(r, nil);
}

/* consctl: rawon and rawoff switch cons's terminal, holdon and holdoff are accepted. */
static const char*
ctl(Req *r)
{
	char buf[64], *f[4];
	struct termios t;
	int n, i;

	if(r->ifcall.count >= sizeof buf)
		return "bad control message";
	memmove(buf, r->ifcall.data, r->ifcall.count);
	buf[r->ifcall.count] = 0;
	n = p9tokenize(buf, f, nelem(f));
	for(i = 0; i < n; i++){
		if(strcmp(f[i], "rawon") == 0){
			if(r->fid->aux == nil && rawfids++ == 0 && tcgetattr(cin, &cooked) == 0){
				t = cooked;
				t.c_lflag &= ~(ICANON | ECHO | ISIG);
				t.c_cc[VMIN] = 1;
				t.c_cc[VTIME] = 0;
				tcsetattr(cin, TCSANOW, &t);
			}
			r->fid->aux = (void*)1;
		}else if(strcmp(f[i], "rawoff") == 0){
			if(r->fid->aux != nil && --rawfids == 0)
				tcsetattr(cin, TCSANOW, &cooked);
			r->fid->aux = nil;
		}else if(strcmp(f[i], "holdon") != 0 && strcmp(f[i], "holdoff") != 0)
			return "unknown control message";
	}
	return nil;
}

static void
devwrite(Req *r)
{
	const char *err;

	switch(qid(r)){
	case Qcons:
		npreqqueuepush(consq, r, conswrite);
		return;
	case Qconsctl:
		if((err = ctl(r)) != nil){
			nprespond(r, err);
			return;
		}
		r->ofcall.count = r->ifcall.count;
		nprespond(r, nil);
		return;
	}
	nprespond(r, "permission denied");
}

/* Closing consctl ends the raw mode it asked for, as in Plan 9. */
static void
devdestroyfid(Fid *f)
{
	if(f->aux != nil && --rawfids == 0)
		tcsetattr(cin, TCSANOW, &cooked);
	f->aux = nil;
}

int
devsrvinit(Srv *srv, const char *user, int infd, int outfd)
{
	File *f;
	int i;

	owner = user;
	cin = infd;
	cout = outfd;
	if((srv->tree = npalloctree(user, user, DMDIR | 0555, nil)) == nil)
		return -1;
	for(i = 0; i < Nfile; i++){
		if((f = npcreatefile(srv->tree->root, files[i].name, user, files[i].mode,
		   (void*)(uintptr_t)i)) == nil)
			return -1;
		npclosefile(f);
	}
	if((consq = npreqqueuecreate(1)) == nil)
		return -1;
	srv->read = devread;
	srv->write = devwrite;
	srv->destroyfid = devdestroyfid;
	return 0;
}
