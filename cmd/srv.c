/* srv.c: post a 9P service (a network address or a command) in the srv directory. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <planten/fcall.h>
#include "cmd.h"

static char *addr;		/* the service to dial */
static char *cmd;		/* or the command to run */
static char sockpath[1024];
static volatile sig_atomic_t posted;
static volatile pid_t cmdpid;

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
	if(cmdpid > 0)
		kill(cmdpid, SIGTERM);
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

/* A client of an address: a connection of its own to it, relayed byte for byte. */
static void*
relayclient(void *v)
{
	int fd, sfd;

	fd = (int)(intptr_t)v;
	if((sfd = p9dial(addr, nil, nil, nil)) < 0)
		warn("%r");
	else{
		relay(fd, sfd);
		close(sfd);
	}
	close(fd);
	return nil;
}

/*
 * The multiplexer, for -e: one instance of the command serves every client, as a posted
 * file descriptor does on Plan 9. Each client's tags and fids are mapped to the server's
 * own, so clients cannot see or disturb each other's; Tversion is answered here.
 */
typedef struct Client Client;
typedef struct Fidmap Fidmap;
typedef struct Out Out;

struct Fidmap {
	u32int cfid;
	u32int sfid;
};

struct Client {
	int fd;
	pthread_mutex_t wlk;
	int ref;		/* the client's thread and each request out; under mux.lk */
	int dead;
	u32int msize;
	Fidmap *fids;
	int nfids;
	int afids;
};

/* A request out on the server. c is nil for the multiplexer's own (clunks). */
struct Out {
	Client *c;
	ushort ctag;
	uchar type;
	u32int sfid;		/* fid to release when the reply says so */
	u32int snewfid;		/* Twalk's, Tattach's or Tauth's new fid, NOFID if none */
	u32int cnewfid;
	ushort nwname;
	uvlong serial;		/* tells a request from a later one with the same tag */
	ushort oldstag;		/* Tflush: the server tag it flushes */
	uvlong oldserial;
};

enum { Maxout = 8192 };

static struct {
	pthread_mutex_t lk;
	pthread_cond_t tagcond;
	pthread_mutex_t wlk;
	int fd;
	u32int msize;
	Out *out[Maxout];
	int nexttag;
	uvlong serial;
	u32int nextfid;
	u32int *free;
	int nfree, afree;
} mux = {
	.lk = PTHREAD_MUTEX_INITIALIZER,
	.tagcond = PTHREAD_COND_INITIALIZER,
	.wlk = PTHREAD_MUTEX_INITIALIZER,
};

static u32int
newsfid(void)
{
	if(mux.nfree > 0)
		return mux.free[--mux.nfree];
	return mux.nextfid++;
}

static void
freesfid(u32int f)
{
	if(mux.nfree == mux.afree){
		mux.afree = 2*mux.afree + 64;
		if((mux.free = realloc(mux.free, mux.afree * sizeof mux.free[0])) == nil)
			p9sysfatal("out of memory");
	}
	mux.free[mux.nfree++] = f;
}

static Fidmap*
lookfid(Client *c, u32int cfid)
{
	int i;

	for(i = 0; i < c->nfids; i++)
		if(c->fids[i].cfid == cfid)
			return &c->fids[i];
	return nil;
}

static void
addfid(Client *c, u32int cfid, u32int sfid)
{
	if(c->nfids == c->afids){
		c->afids = 2*c->afids + 16;
		if((c->fids = realloc(c->fids, c->afids * sizeof c->fids[0])) == nil)
			p9sysfatal("out of memory");
	}
	c->fids[c->nfids].cfid = cfid;
	c->fids[c->nfids].sfid = sfid;
	c->nfids++;
}

static void
delfid(Client *c, Fidmap *m)
{
	*m = c->fids[--c->nfids];
}

static void
putclient(Client *c)
{
	if(--c->ref > 0)
		return;
	close(c->fd);
	pthread_mutex_destroy(&c->wlk);
	free(c->fids);
	free(c);
}

/* Send f to the server; the caller has reserved f->tag with o. Called without mux.lk. */
static void
sendserver(Fcall *f)
{
	uchar *buf;
	uint n;

	if((n = npsizeS2M(f)) == 0 || (buf = malloc(n)) == nil || npconvS2M(f, buf, n) != n)
		p9sysfatal("cannot encode %s", npfcallname(f->type));
	pthread_mutex_lock(&mux.wlk);
	if(p9write(mux.fd, buf, n) != n)
		p9sysfatal("write to %s: %r", cmd);
	pthread_mutex_unlock(&mux.wlk);
	free(buf);
}

/* Reserve a server tag for o; with mux.lk held. */
static ushort
alloctag(Out *o)
{
	int i, t;

	for(;;){
		for(i = 0; i < Maxout; i++){
			t = (mux.nexttag + i) % Maxout;
			if(mux.out[t] == nil){
				mux.out[t] = o;
				o->serial = ++mux.serial;
				mux.nexttag = t + 1;
				return t;
			}
		}
		pthread_cond_wait(&mux.tagcond, &mux.lk);
	}
}

/* Clunk sfid for nobody. With mux.lk held; drops it while sending. */
static void
clunksfid(u32int sfid)
{
	Out *o;
	Fcall f;

	o = emalloc(sizeof *o);
	memset(o, 0, sizeof *o);
	o->type = Tclunk;
	o->sfid = sfid;
	o->snewfid = NOFID;
	memset(&f, 0, sizeof f);
	f.type = Tclunk;
	f.fid = sfid;
	f.tag = alloctag(o);
	pthread_mutex_unlock(&mux.lk);
	sendserver(&f);
	pthread_mutex_lock(&mux.lk);
}

/* Forget all of c's fids, clunking them on the server. With mux.lk held. */
static void
dropfids(Client *c)
{
	u32int sfid;

	while(c->nfids > 0){
		sfid = c->fids[c->nfids-1].sfid;
		c->nfids--;
		clunksfid(sfid);
	}
}

static void
reply(Client *c, Fcall *f)
{
	uchar buf[256];
	uint n;

	if((n = npconvS2M(f, buf, sizeof buf)) == 0)
		return;
	pthread_mutex_lock(&c->wlk);
	p9write(c->fd, buf, n);
	pthread_mutex_unlock(&c->wlk);
}

static void
replyerror(Client *c, ushort tag, const char *err)
{
	Fcall r;

	memset(&r, 0, sizeof r);
	r.type = Rerror;
	r.tag = tag;
	r.ename = (char*)err;
	reply(c, &r);
}

/* Map f's fids to the server's, filling o; nil or an error for the client. With mux.lk. */
static char*
mapfids(Client *c, Fcall *f, Out *o)
{
	Fidmap *m;
	int i;

	o->snewfid = o->cnewfid = NOFID;
	o->sfid = NOFID;
	switch(f->type){
	case Tauth:
		if(lookfid(c, f->afid) != nil)
			return "fid in use";
		o->cnewfid = f->afid;
		f->afid = o->snewfid = newsfid();
		addfid(c, o->cnewfid, o->snewfid);
		return nil;
	case Tattach:
		if(lookfid(c, f->fid) != nil)
			return "fid in use";
		if(f->afid != NOFID){
			if((m = lookfid(c, f->afid)) == nil)
				return "unknown fid";
			f->afid = m->sfid;
		}
		o->cnewfid = f->fid;
		f->fid = o->snewfid = newsfid();
		addfid(c, o->cnewfid, o->snewfid);
		return nil;
	case Tflush:
		for(i = 0; i < Maxout; i++)
			if(mux.out[i] != nil && mux.out[i]->c == c && mux.out[i]->ctag == f->oldtag
			&& mux.out[i]->type != Tflush){
				f->oldtag = o->oldstag = i;
				o->oldserial = mux.out[i]->serial;
				return nil;
			}
		return "";	/* nothing to flush: answer at once */
	}
	if((m = lookfid(c, f->fid)) == nil)
		return "unknown fid";
	f->fid = m->sfid;
	switch(f->type){
	case Twalk:
		if(f->newfid != m->cfid){
			if(lookfid(c, f->newfid) != nil)
				return "fid in use";
			o->cnewfid = f->newfid;
			o->snewfid = newsfid();
			o->nwname = f->nwname;
			f->newfid = o->snewfid;
			addfid(c, o->cnewfid, o->snewfid);
		}else
			f->newfid = f->fid;
		break;
	case Tclunk:
	case Tremove:
		o->sfid = m->sfid;	/* released when the reply comes */
		delfid(c, m);
		break;
	}
	return nil;
}

static void*
muxclient(void *v)
{
	Client *c;
	uchar hdr[4], *buf;
	u32int n;
	Fcall f, r;
	Out *o;
	char *err;

	c = v;
	for(;;){
		if(p9readn(c->fd, hdr, 4) != 4)
			break;
		n = npmsgsize(hdr, 4);
		if(n < 7 || n > c->msize || (buf = malloc(n)) == nil)
			break;
		memmove(buf, hdr, 4);
		if(p9readn(c->fd, buf+4, n-4) != (long)n-4 || npconvM2S(buf, n, &f) != n){
			free(buf);
			break;
		}
		if(f.type == Tversion){
			pthread_mutex_lock(&mux.lk);
			dropfids(c);
			pthread_mutex_unlock(&mux.lk);
			memset(&r, 0, sizeof r);
			r.type = Rversion;
			r.tag = f.tag;
			c->msize = f.msize < mux.msize ? f.msize : mux.msize;
			r.msize = c->msize;
			r.version = strncmp(f.version, "9P2000", 6) == 0 ? VERSION9P : "unknown";
			reply(c, &r);
			free(buf);
			continue;
		}
		o = emalloc(sizeof *o);
		memset(o, 0, sizeof *o);
		o->c = c;
		o->ctag = f.tag;
		o->type = f.type;
		pthread_mutex_lock(&mux.lk);
		if((err = mapfids(c, &f, o)) != nil){
			pthread_mutex_unlock(&mux.lk);
			if(*err == 0){
				memset(&r, 0, sizeof r);
				r.type = Rflush;
				r.tag = o->ctag;
				reply(c, &r);
			}else
				replyerror(c, o->ctag, err);
			free(o);
			free(buf);
			continue;
		}
		c->ref++;
		f.tag = alloctag(o);
		pthread_mutex_unlock(&mux.lk);
		sendserver(&f);
		free(buf);
	}
	pthread_mutex_lock(&mux.lk);
	c->dead = 1;
	dropfids(c);
	putclient(c);
	pthread_mutex_unlock(&mux.lk);
	return nil;
}

/* Bookkeeping for msg, the reply to o (nil: the request was flushed). With mux.lk held. */
static void
settle(Out *o, const uchar *msg)
{
	Fidmap *m;
	int ok, walked;

	ok = msg != nil && msg[4] != Rerror;
	walked = ok && (msg[4] != Rwalk || (msg[7] | msg[8]<<8) == o->nwname);
	if(o->snewfid != NOFID && !(o->type == Twalk ? walked : ok)){
		if(o->c != nil && (m = lookfid(o->c, o->cnewfid)) != nil && m->sfid == o->snewfid)
			delfid(o->c, m);
		freesfid(o->snewfid);
	}
	if(o->type == Tclunk || o->type == Tremove)
		freesfid(o->sfid);
}

/* An Rflush for o: the request it flushed, if still out, is over and its tag free. */
static void
flushed(Out *o)
{
	Out *old;

	old = mux.out[o->oldstag];
	if(old == nil || old->serial != o->oldserial)
		return;
	mux.out[o->oldstag] = nil;
	settle(old, nil);
	if(old->c != nil)
		putclient(old->c);
	free(old);
}

static void*
muxserver(void *v)
{
	uchar hdr[4], *buf;
	u32int n;
	ushort tag;
	Out *o;
	Client *c;

	for(;;){
		if(p9readn(mux.fd, hdr, 4) != 4)
			break;
		n = npmsgsize(hdr, 4);
		if(n < 7 || n > mux.msize || (buf = malloc(n)) == nil)
			break;
		memmove(buf, hdr, 4);
		if(p9readn(mux.fd, buf+4, n-4) != (long)n-4){
			free(buf);
			break;
		}
		tag = buf[5] | buf[6]<<8;
		pthread_mutex_lock(&mux.lk);
		if(tag >= Maxout || (o = mux.out[tag]) == nil){
			pthread_mutex_unlock(&mux.lk);
			free(buf);
			continue;
		}
		mux.out[tag] = nil;
		pthread_cond_signal(&mux.tagcond);
		settle(o, buf);
		if(o->type == Tflush)
			flushed(o);
		c = o->c;
		pthread_mutex_unlock(&mux.lk);
		if(c != nil){
			if(!c->dead){
				buf[5] = o->ctag;
				buf[6] = o->ctag >> 8;
				pthread_mutex_lock(&c->wlk);
				p9write(c->fd, buf, n);
				pthread_mutex_unlock(&c->wlk);
			}
			pthread_mutex_lock(&mux.lk);
			putclient(c);
			pthread_mutex_unlock(&mux.lk);
		}
		free(o);
		free(buf);
	}
	warn("%s: the command's connection ended", cmd);
	onsignal(0);
	return nil;
}

/* Start the command and say Tversion to it. */
static void
muxinit(void)
{
	Fcall f;
	uchar *buf, hdr[4];
	uint n;
	pid_t pid;
	pthread_t t;

	pid = -1;
	if((mux.fd = runcmd(&pid)) < 0)
		p9sysfatal("run %s: %r", cmd);
	cmdpid = pid;
	memset(&f, 0, sizeof f);
	f.type = Tversion;
	f.tag = NOTAG;
	f.msize = NP_DEFMSIZE;
	f.version = VERSION9P;
	buf = emalloc(64);
	n = npconvS2M(&f, buf, 64);
	if(p9write(mux.fd, buf, n) != n || p9readn(mux.fd, hdr, 4) != 4)
		p9sysfatal("%s: no answer to Tversion", cmd);
	free(buf);
	n = npmsgsize(hdr, 4);
	if(n < 7 || n > 1024)
		p9sysfatal("%s: bad answer to Tversion", cmd);
	buf = emalloc(n);
	memmove(buf, hdr, 4);
	if(p9readn(mux.fd, buf+4, n-4) != (long)n-4 || npconvM2S(buf, n, &f) != n
	|| f.type != Rversion || strcmp(f.version, VERSION9P) != 0 || f.msize < NP_MINMSIZE)
		p9sysfatal("%s: bad answer to Tversion", cmd);
	mux.msize = f.msize;
	free(buf);
	if(pthread_create(&t, nil, muxserver, nil) != 0)
		p9sysfatal("cannot start a thread");
	pthread_detach(t);
}

static void*
muxaccept(void *v)
{
	Client *c;

	c = emalloc(sizeof *c);
	memset(c, 0, sizeof *c);
	c->fd = (int)(intptr_t)v;
	c->ref = 1;
	c->msize = mux.msize;
	pthread_mutex_init(&c->wlk, nil);
	return muxclient(c);
}

static char*
defaultname(const char *a)
{
	char *net, *host, *serv, *p;

	if(p9dialparse(a, &net, &host, &serv) < 0 || host == nil)
		p9sysfatal("bad address %s: %r", a);
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
	int quiet, foreground, afd, fd, probe, ready[2], e;
	char c;
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
	if(*name == 0 || strchr(name, '/') != nil || strcmp(name, ".") == 0
	|| strcmp(name, "..") == 0)
		p9sysfatal("bad service name %s", name);
	if(p9srvdir(dir, sizeof dir) == nil)
		p9sysfatal("srv directory: %r");
	p9snprint(sockpath, sizeof sockpath, "%s/%s", dir, name);

	/* someone serving already? */
	if((probe = p9dial(name, nil, nil, nil)) >= 0){
		close(probe);
		if(quiet)
			return 0;
		p9sysfatal("%s already posted", name);
	}
	signal(SIGPIPE, SIG_IGN);
	if(addr != nil){
		/* check that the address answers before posting it */
		if((fd = p9dial(addr, nil, nil, nil)) < 0)
			p9sysfatal("%r");
		close(fd);
	}
	ready[0] = ready[1] = -1;
	if(!foreground){
		/*
		 * Into the background before any thread starts. The parent exits when the
		 * child has posted the service (0) or failed to (1, the child says why).
		 */
		if(pipe(ready) < 0)
			p9sysfatal("pipe: %r");
		switch(fork()){
		case -1:
			p9sysfatal("fork: %r");
		case 0:
			close(ready[0]);
			setsid();
			break;
		default:
			close(ready[1]);
			_exit(read(ready[0], &c, 1) == 1 ? 0 : 1);
		}
	}
	if(cmd != nil)
		muxinit();
	if((afd = p9announce(p9smprint("unix!%s", sockpath), adir)) < 0){
		if(cmdpid > 0)
			kill(cmdpid, SIGTERM);
		p9sysfatal("post %s: %r", name);
	}
	posted = 1;
	if(ready[1] >= 0){
		if(write(ready[1], "", 1) != 1){
			/* the parent is gone: serve anyway */
		}
		close(ready[1]);
	}

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = onsignal;
	sigaction(SIGTERM, &sa, nil);
	sigaction(SIGINT, &sa, nil);
	sigaction(SIGHUP, &sa, nil);

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for(;;){
		if((fd = p9listenfd(afd, nil)) < 0){
			e = errno;
			warn("listen: %r");
			if(e == EMFILE || e == ENFILE)
				sleep(1);	/* out of fds: not a busy loop */
			continue;
		}
		if(pthread_create(&t, &attr, cmd != nil ? muxaccept : relayclient,
		(void*)(intptr_t)fd) != 0){
			warn("cannot start a thread");
			close(fd);
		}
	}
}
