/* srv9.c: lib9p's server in Plan 9's shape (Np9srv), and Plan 9 lib9p's small helpers. */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <planten/lib9.h>
#include <planten/srv9.h>

/* lib9p hands the callbacks its Srv, the first member of the Np9srv. */
static Np9srv*
outer(Srv *srv)
{
	return (Np9srv*)srv;
}

static void
endtrampoline(Srv *srv)
{
	Np9srv *s;

	s = outer(srv);
	if(s->end != nil)
		s->end(s);
}

static void
stopwhenidle(Npconn *c)
{
	if(npsrvnconn(c->srv) == 0)
		npsrvstop(c->srv);
}

/* Copy Plan 9's fields into the lib9p Srv and start it. */
static void
prepare(Np9srv *s, int chatty, int stopidle)
{
	Srv *l;

	l = &s->lib;
	memset(l, 0, sizeof *l);
	l->tree = s->tree;
	l->attach = s->attach;
	l->auth = s->auth;
	l->open = s->open;
	l->create = s->create;
	l->read = s->read;
	l->write = s->write;
	l->remove = s->remove;
	l->flush = s->flush;
	l->stat = s->stat;
	l->wstat = s->wstat;
	l->walk = s->walk;
	l->walk1 = s->walk1;
	l->clone = s->clone;
	l->destroyfid = s->destroyfid;
	l->destroyreq = s->destroyreq;
	l->end = endtrampoline;
	l->aux = s->aux;
	l->tracefd = chatty ? 2 : 0;
	if(stopidle)
		l->connend = stopwhenidle;
	signal(SIGPIPE, SIG_IGN);
	if(npsrvinit(l, nil) < 0)
		p9sysfatal("srv: %r");
	if(s->start != nil)
		s->start(s);
}

void
npsrv9serve(Np9srv *s, int chatty)
{
	prepare(s, chatty, 1);
	if(npsrvserve(&s->lib, s->infd, s->outfd) < 0)
		p9sysfatal("srv: %r");
	npsrvrun(&s->lib);
}

/* The server a background process serves, stopped (its socket removed) by a signal. */
static Srv *served;

static void
onsignal(int sig)
{
	(void)sig;
	if(served != nil)
		npsrvstop(served);
}

/*
 * Serve s in a child process, which runs start (posting, listening) and reports on the
 * pipe: a NUL byte when it is ready, or the error text. The parent returns when it is
 * ready and ends with the error otherwise. mfd, if not -1, is a connection to serve too;
 * its other end, cfd, is the parent's (the child closes it, else the connection would
 * never end). SIGTERM, SIGINT or SIGHUP stops the child's server, removing what it posted.
 */
static void
background(Np9srv *s, int chatty, const char *name, const char *addr, int mfd, int cfd)
{
	char msg[ERRMAX + 1];
	struct sigaction sa;
	int p[2], n, stopidle;

	if(pipe(p) < 0){
		p9oserror(errno);
		p9sysfatal("pipe: %r");
	}
	switch(fork()){
	case -1:
		p9oserror(errno);
		p9sysfatal("fork: %r");
	case 0:
		close(p[0]);
		if(cfd >= 0)
			close(cfd);
		/*
		 * RFNAMEG, where it may be had (in 9 ns): the mount the parent makes next is not
		 * in the server's name space, where it would keep the server serving it for good.
		 */
		unshare(CLONE_NEWNS);
		stopidle = name == nil && addr == nil;
		prepare(s, chatty, stopidle);
		if(name != nil && npsrvpost(&s->lib, name) < 0)
			goto fail;
		if(addr != nil && npsrvlisten(&s->lib, addr, nil, 0) < 0)
			goto fail;
		if(mfd >= 0 && npsrvserve(&s->lib, mfd, mfd) < 0)
			goto fail;
		served = &s->lib;
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = onsignal;
		sigaction(SIGTERM, &sa, nil);
		sigaction(SIGINT, &sa, nil);
		sigaction(SIGHUP, &sa, nil);
		if(write(p[1], "", 1) != 1)
			p9exitsnow("parent gone");
		close(p[1]);
		npsrvrun(&s->lib);
		p9exits(nil);
	fail:
		p9rerrstr(msg, sizeof msg);
		if(write(p[1], msg, strlen(msg)) < 0)
			p9exitsnow("parent gone");
		p9exitsnow(msg);
	}
	close(p[1]);
	if(mfd >= 0)
		close(mfd);
	n = read(p[0], msg, sizeof msg - 1);
	close(p[0]);
	if(n == 1 && msg[0] == 0)
		return;
	msg[n > 0 ? n : 0] = 0;
	p9sysfatal("%s", n > 0 ? msg : "server died");
}

void
npsrv9post(Np9srv *s, const char *name, int chatty)
{
	npsrv9postmount(s, name, nil, MREPL, chatty);
}

void
npsrv9postmount(Np9srv *s, const char *name, const char *mtpt, int flag, int chatty)
{
	int sp[2];

	if(name == nil && mtpt == nil)
		p9sysfatal("postmountsrv: no service name and no mount point");
	if(mtpt == nil){
		background(s, chatty, name, nil, -1, -1);
		return;
	}
	/* serve one end of a socket pair, mount the other (p9mount needs libns) */
	if(socketpair(AF_UNIX, SOCK_STREAM, 0, sp) < 0){
		p9oserror(errno);
		p9sysfatal("socketpair: %r");
	}
	background(s, chatty, name, nil, sp[0], sp[1]);
	if(p9mount(sp[1], -1, mtpt, flag, "") < 0)
		p9sysfatal("mount %s: %r", mtpt);
	close(sp[1]);
}

void
npsrv9listen(Np9srv *s, const char *addr, int chatty)
{
	background(s, chatty, nil, addr, -1, -1);
}

void*
npemalloc9p(ulong n)
{
	void *v;

	v = calloc(1, n ? n : 1);
	if(v == nil)
		p9sysfatal("out of memory allocating %lud", n);
	return v;
}

void*
nperealloc9p(void *v, ulong n)
{
	v = realloc(v, n ? n : 1);
	if(v == nil)
		p9sysfatal("out of memory reallocating %lud", n);
	return v;
}

char*
npestrdup9p(const char *s)
{
	char *t;

	t = strdup(s);
	if(t == nil)
		p9sysfatal("out of memory in strdup");
	return t;
}

void
npresponderror(Req *r)
{
	char err[ERRMAX];

	p9rerrstr(err, sizeof err);
	nprespond(r, err);
}

void
npwalkandclone9(Req *r, char *(*walk1)(Fid*, char*, void*), char *(*clone)(Fid*, Fid*, void*),
	void *arg)
{
	char *err;
	int i;

	if(r->fid != r->newfid){
		if(clone != nil && (err = clone(r->fid, r->newfid, arg)) != nil){
			nprespond(r, err);
			return;
		}
		r->newfid->qid = r->fid->qid;
	}
	err = nil;
	for(i = 0; i < r->ifcall.nwname; i++){
		if((err = walk1(r->newfid, r->ifcall.wname[i], arg)) != nil)
			break;
		r->ofcall.wqid[i] = r->newfid->qid;
	}
	r->ofcall.nwqid = i;
	/* a walk that fails part way succeeds with the qids so far */
	nprespond(r, i == 0 && err != nil ? err : nil);
}
