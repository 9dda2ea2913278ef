/* req.c: nsd's control socket: connections, requests and replies (the protocol is in nsd(4)). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/nsfs.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include "nsd.h"
#include "../../libns/nsimpl.h"

enum {
	Idlemsec = 5000,	/* a connection sends its request within this */
	Busymsec = 100,		/* out of descriptors: accept again after this */
};

typedef struct Conn Conn;
struct Conn {
	uv_poll_t poll;
	int fd;
	int asked;		/* its request came */
	uint64_t since;		/* uv_now when it connected */
	Conn *prev, *next;	/* in conns */
	pid_t pid;		/* the peer, for adopting its group */
	int closing;
	char later[128];	/* the reply to send when a change is done */
	int laterfd;		/* and the mount to send with it */
	int graftfd;		/* and files to bind over the new member's (not ours) */
};

static uv_poll_t lpoll;
static uv_timer_t sweeper, busy;
static int lfd = -1;
static ino_t userns;
static Conn *conns;


static void
onclosed(uv_handle_t *h)
{
	Conn *c = h->data;

	if(c->prev != nil)
		c->prev->next = c->next;
	else
		conns = c->next;
	if(c->next != nil)
		c->next->prev = c->prev;
	close(c->fd);
	free(c);
}

static void
closeconn(Conn *c)
{
	if(c->closing)
		return;
	c->closing = 1;
	uv_poll_stop(&c->poll);
	uv_close((uv_handle_t*)&c->poll, onclosed);
}

static void
reply(Conn *c, const int *fds, int nfds, const char *fmt, ...)
{
	char buf[1024];
	va_list arg;

	va_start(arg, fmt);
	p9vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	if(debug)
		p9fprint(2, "nsd: <- %s\n", buf);
	/* one reply per connection: the client hangs up after it */
	if(_nsctlsend(c->fd, buf, fds, nfds) < 0 && debug)
		p9fprint(2, "nsd: reply: %r\n");
	closeconn(c);
}

static void
replyerr(Conn *c)
{
	char err[ERRMAX];

	p9rerrstr(err, sizeof err);
	reply(c, nil, 0, "error %s", err);
}

/* The group of the mount namespace open as fd, which must be one of ours. */
static Group*
groupof(Conn *c, int fd, uvlong *idp)
{
	struct stat st;
	uvlong id;
	Group *g;
	int ufd;

	if(ioctl(fd, NS_GET_NSTYPE) != CLONE_NEWNS){
		p9werrstr("not a mount namespace");
		return nil;
	}
	if((ufd = ioctl(fd, NS_GET_USERNS)) < 0 || fstat(ufd, &st) < 0 || st.st_ino != userns){
		if(ufd >= 0)
			close(ufd);
		p9werrstr("not in this name space");
		return nil;
	}
	close(ufd);
	if(_nsmntid(fd, &id) < 0)
		return nil;
	if(idp != nil)
		*idp = id;
	if((g = findgroup(id)) == nil && (g = adoptgroup(id, c->pid)) == nil)
		p9werrstr("out of memory");
	return g;
}

static int
indexof(Nsmhead *h, Nsmount *want)
{
	Nsmount *m;
	int i;

	for(i = 0, m = h->mount; m != nil; m = m->next, i++)
		if(m == want)
			return i;
	return -1;
}

/* Take member m out of the table again, after its realization failed. */
static void
undo(Group *g, const char *old, Nsmount *m)
{
	Nsmhead *h;
	Nsmount **l;

	if((h = nslookmhead(g->table, old)) == nil)
		return;
	for(l = &h->mount; *l != nil; l = &(*l)->next)
		if(*l == m){
			/* nsdelmount removes the first of a name: put ours first */
			*l = m->next;
			m->next = h->mount;
			h->mount = m;
			break;
		}
	nsdelmount(g->table, old, m->to);
}

/*
 * A change is complete: now the caller may go on, with the new mount if there is one, and
 * for #c the files the caller binds over devfs's (see caller.c).
 */
static void
changed(void *arg, const char *err)
{
	Conn *c = arg;
	int fds[2], n;

	n = 0;
	if(c->laterfd >= 0)
		fds[n++] = c->laterfd;
	if(c->graftfd >= 0){
		fds[n++] = c->graftfd;
		p9strecpy(c->later + strlen(c->later), c->later + sizeof c->later,
			" graft pid ppid consctl");
	}
	if(err != nil)
		reply(c, nil, 0, "error %s", err);
	else
		reply(c, fds, n, "%s", c->later);
	if(c->laterfd >= 0)
		close(c->laterfd);
	c->laterfd = -1;
}

static int
ishost(Nsmount *m)
{
	return m != nil && m->aux != nil && ((Member*)m->aux)->type == Mhost;
}

/*
 * A head's members changed; make its instance follow and tell the caller what to do:
 * attach a new instance ("mount I J [replace]"), or nothing more ("member J"). I and J
 * are the positions of the member standing for what old showed before (when it is a host
 * directory and the instance is new over none of nsd's) and of the added member (when it
 * is a host directory); -1 otherwise. replace: the new instance covers one nsd served
 * there, whose mounts move onto it. fresh: always a new instance (a plain mount replacing
 * the head). Returns -1 with errstr set (and nothing replied) on failure.
 */
static int
realize(Conn *c, Group *g, const char *old, Nsmount *added, Nsmount *was, int fresh)
{
	Nsmhead *h;
	Head *hd;
	Inst *in;
	int created, i, j, replace;

	h = nslookmhead(g->table, old);
	hd = headof(h);
	replace = hd->inst != nil && !fresh;
	i = !replace && ishost(was) ? indexof(h, was) : -1;
	j = ishost(added) ? indexof(h, added) : -1;
	c->laterfd = -1;
	c->graftfd = -1;
	if(added != nil && ((Member*)added->aux)->type == Mdev &&
	   strcmp(((Member*)added->aux)->name, "#c") == 0 && (c->graftfd = callerfsfd()) < 0 && debug)
		p9fprint(2, "nsd: %r\n");
	p9snprint(c->later, sizeof c->later, "ok member %d", j);
	if((in = instfor(h, fresh, &created, changed, c)) == nil)
		return -1;
	if(created){
		/* changed() replies, once the new instance serves every member */
		hd->nkernel++;
		c->laterfd = instmountfd(in);
		p9snprint(c->later, sizeof c->later, "ok mount %d %d%s", i, j,
			replace ? " replace" : "");
	}
	return 0;
}

/*
 * A bind or mount on its way into the table: its members are found first (which may mean
 * a 9P handshake or walk), then the table changes and the change is realized.
 */
typedef struct Add Add;
struct Add {
	Conn *c;
	uvlong id;		/* the group's */
	int kind;		/* Akernel, Aunion or Amount */
	int ismount;
	int noauth;		/* mount -n (1) or -N (2), for ns(1) */
	int flag;
	int kernel;		/* Akernel: the caller stacked a mount */
	char *to, *spec, *old;
	int newfd, oldfd;	/* ours, or -1 */
	Member *mem;		/* the member new brings; nil when the table copies a union */
	Member *self;		/* what old was, for a new union */
};

enum {
	Akernel,		/* record a kernel bind the caller made */
	Aunion,			/* a directory joins a union */
	Amount,			/* a 9P tree (a mount, or #c) */
};

static void
freeadd(Add *a)
{
	if(a->newfd >= 0)
		close(a->newfd);
	if(a->oldfd >= 0)
		close(a->oldfd);
	putmember(a->mem);
	putmember(a->self);
	free(a->to);
	free(a->spec);
	free(a->old);
	free(a);
}

static Add*
newadd(Conn *c, Group *g, int kind, int flag, const char *to, const char *spec, const char *old,
	int newfd, int oldfd)
{
	Add *a;

	if((a = calloc(1, sizeof *a)) == nil)
		return nil;
	a->newfd = a->oldfd = -1;
	if((a->to = strdup(to)) == nil || (spec != nil && (a->spec = strdup(spec)) == nil) ||
	   (a->old = strdup(old)) == nil ||
	   (newfd >= 0 && (a->newfd = fcntl(newfd, F_DUPFD_CLOEXEC, 3)) < 0) ||
	   (oldfd >= 0 && (a->oldfd = fcntl(oldfd, F_DUPFD_CLOEXEC, 3)) < 0)){
		freeadd(a);
		return nil;
	}
	a->c = c;
	a->id = g->id;
	a->kind = kind;
	a->ismount = kind == Amount && to[0] != '#';
	a->flag = flag;
	return a;
}

/* A kernel bind the caller made (or found to change nothing) goes in the table. */
static void
record(Add *a, Group *g)
{
	Nsmount *m;
	Head *hd;
	Inst *src;

	if((m = nsaddmount(g->table, a->old, 0, a->to, nil, a->flag)) == nil){
		replyerr(a->c);
		return;
	}
	if(m->aux == nil){
		m->aux = a->mem;
		a->mem = nil;
	}
	hd = headof(nslookmhead(g->table, a->old));
	if(hd->inst != nil)
		putinst(hd->inst);
	hd->inst = nil;
	/* binding one of our instances shares it, as the kernel does */
	if((src = findinst(a->newfd)) != nil)
		hd->inst = refinst(src);
	hd->nkernel += a->kernel != 0;
	reply(a->c, nil, 0, "ok");
}

/* A member joins the head at old; the change is realized. */
static void
join(Add *a, Group *g)
{
	Nsmhead *h;
	Nsmount *m, *was, *self;

	h = nslookmhead(g->table, a->old);
	was = h != nil ? h->mount : nil;
	if((m = nsaddmount(g->table, a->old, a->ismount, a->to, a->spec, a->flag)) == nil){
		replyerr(a->c);
		return;
	}
	if(a->ismount)
		m->noauth = a->noauth;
	if(m->aux == nil){
		m->aux = a->mem;
		a->mem = nil;
	}
	h = nslookmhead(g->table, a->old);
	if(was == nil){
		/* a new union: what old was is a member */
		for(self = h->mount; self != nil && self->aux != nil; self = self->next)
			;
		if(self != nil){
			self->aux = a->self;
			a->self = nil;
		}
		was = self;
	}
	if(realize(a->c, g, a->old, m, was, (a->flag & NSMORDER) == NSMREPL) < 0){
		undo(g, a->old, m);
		replyerr(a->c);
	}
}

static void step(Add *a);

static void
gotself(void *arg, Member *m, const char *err)
{
	Add *a = arg;

	if(m == nil){
		reply(a->c, nil, 0, "error %s: %s", a->old, err);
		freeadd(a);
		return;
	}
	a->self = m;
	step(a);
}

static void
gotmem(void *arg, Member *m, const char *err)
{
	Add *a = arg;

	if(m == nil && a->kind != Akernel){
		reply(a->c, nil, 0, "error %s: %s", a->to, err);
		freeadd(a);
		return;
	}
	/* a kernel bind stands anyway; what cannot be served only fails a later union */
	if(m == nil && (m = newmember(Mhost, -1, nil, a->to)) == nil){
		reply(a->c, nil, 0, "error out of memory");
		freeadd(a);
		return;
	}
	a->mem = m;
	step(a);
}

static void
gottree(void *arg, void *tree, const char *err)
{
	Add *a = arg;

	if(tree == nil){
		reply(a->c, nil, 0, "error %s", err);
		freeadd(a);
		return;
	}
	if((a->mem = newmember(a->ismount ? M9p : Mdev, -1, tree, a->to)) == nil){
		fuseputtree(tree);
		reply(a->c, nil, 0, "error out of memory");
		freeadd(a);
		return;
	}
	step(a);
}

/* The next thing an Add needs, until it can go in the table. */
static void
step(Add *a)
{
	Group *g;

	if((g = findgroup(a->id)) == nil && (g = newgroup(a->id, nil)) == nil){
		reply(a->c, nil, 0, "error out of memory");
		freeadd(a);
		return;
	}
	/* binding a mount point copies its members: the table has them */
	if(a->mem == nil && a->kind != Amount && nslookmhead(g->table, a->to) == nil){
		resolve(g, a->newfd, a->to, gotmem, a);
		return;
	}
	if(a->kind != Akernel && a->self == nil && (a->flag & NSMORDER) != NSMREPL &&
	   nslookmhead(g->table, a->old) == nil){
		resolve(g, a->oldfd, a->old, gotself, a);
		return;
	}
	if(a->kind == Akernel)
		record(a, g);
	else
		join(a, g);
	freeadd(a);
}

/*
 * A 9P tree joins the table at old: the handshake on fd (or, when fd is -1, on a new
 * conversation with nsd's devfs) runs on the loop, then step.
 */
static void
startmount(Conn *c, Group *g, int flag, const char *name, const char *old, const char *spec,
	int noauth, int fd, int oldfd)
{
	char err[ERRMAX];
	Add *a;
	int cfd;

	if((a = newadd(c, g, Amount, flag, name, spec, old, -1, oldfd)) == nil){
		reply(c, nil, 0, "error out of memory");
		return;
	}
	a->noauth = noauth;
	if((cfd = fd < 0 ? fusedevfd(name[1], err, sizeof err) : fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0){
		reply(c, nil, 0, "error %s", fd < 0 ? err : p9errnostr(errno));
		freeadd(a);
		return;
	}
	if(fusetree(cfd, noauth == 2 ? "none" : p9getuser(), spec, gottree, a) < 0){
		replyerr(c);
		freeadd(a);
	}
}

/* The Dxxx of device #r; 0 for one nsd does not know (it fails later). */
static int
devbit(int r)
{
	switch(r){
	case 'c':
		return Dcons;
	case 's':
		return Dsrv;
	case '|':
		return Dpipe;
	}
	return 0;
}

static void
bindreq(Conn *c, Group *g, char **f, int n, int *fds, int nfds)
{
	Add *a;
	int flag, repl, isdev;

	if(n != 5){
		reply(c, nil, 0, "error bad request");
		return;
	}
	flag = atoi(f[1]);
	repl = (flag & NSMORDER) == NSMREPL;
	isdev = strcmp(f[2], "#c") == 0 || strcmp(f[2], "#|") == 0;
	if(f[2][0] == '#' && ((g->deny | procdeny(c->pid)) & devbit(f[2][1]))){
		/* after rfork m only #c and #| of nsd's devices may be attached, as in 9front */
		reply(c, nil, 0, "error %s: mount/attach disallowed", f[2]);
		return;
	}
	if(isdev){
		/* nsd's devfs: a conversation with it, mounted as a member (fds: old) */
		if(nfds < 1)
			reply(c, nil, 0, "error bad request");
		else
			startmount(c, g, flag, f[2], f[3], "", 0, -1, fds[0]);
		return;
	}
	/* a kernel bind to record (fds: new), or a directory joining a union (fds: new, old) */
	if(nfds < (repl ? 1 : 2)){
		reply(c, nil, 0, "error bad request");
		return;
	}
	if((a = newadd(c, g, repl ? Akernel : Aunion, flag, f[2], nil, f[3], fds[0],
	   repl ? -1 : fds[1])) == nil){
		reply(c, nil, 0, "error out of memory");
		return;
	}
	a->kernel = atoi(f[4]);
	step(a);
}

static void
mountreq(Conn *c, Group *g, char **f, int n, int *fds, int nfds)
{
	if(n != 6 || nfds < 2){
		reply(c, nil, 0, "error bad request");
		return;
	}
	if((g->deny | procdeny(c->pid)) & Dmnt){
		reply(c, nil, 0, "error mount/attach disallowed");
		return;
	}
	startmount(c, g, atoi(f[1]), f[2], f[3], f[4], atoi(f[5]), fds[0], fds[1]);
}

static void
unmountreq(Conn *c, Group *g, char **f, int n)
{
	Nsmhead *h;
	Nsmount *m;
	Head *hd;
	const char *old, *new;
	int nk;

	if(n != 2 && n != 3){
		reply(c, nil, 0, "error bad request");
		return;
	}
	old = f[1];
	new = n == 3 ? f[2] : nil;
	if((h = nslookmhead(g->table, old)) == nil){
		reply(c, nil, 0, "error not mounted");
		return;
	}
	hd = headof(h);
	nk = hd->nkernel;
	if(new != nil){
		if((m = nsfindmember(g->table, h, new)) == nil){
			reply(c, nil, 0, "error not in union");
			return;
		}
		if(h->mount != m || m->next != nil){
			/* others remain: the instance changes */
			nsdelmount(g->table, old, new);
			if(hd->inst == nil)
				reply(c, nil, 0, "ok");
			else if(realize(c, g, old, nil, nil, 0) < 0)
				replyerr(c);
			return;
		}
	}
	nsdelmount(g->table, old, nil);
	reply(c, nil, 0, "ok unmount %d", nk);
}

static void
nsreq(Conn *c, Group *g)
{
	char *s;
	int fd;
	long n;

	if((s = nstablestr(g->table)) == nil){
		replyerr(c);
		return;
	}
	n = strlen(s);
	if((fd = memfd_create("ns", MFD_CLOEXEC)) < 0 || write(fd, s, n) != n){
		free(s);
		if(fd >= 0)
			close(fd);
		reply(c, nil, 0, "error %s", p9errnostr(errno));
		return;
	}
	free(s);
	reply(c, &fd, 1, "ok");
	close(fd);
}

static void
request(Conn *c, char *msg, int *fds, int nfds)
{
	char *f[8];
	Group *g, *pg;
	uvlong id, pid;
	int n, fd, deny;

	if(debug)
		p9fprint(2, "nsd: -> %s (%d fds)\n", msg, nfds);
	n = p9tokenize(msg, f, nelem(f));
	if(n < 1 || nfds < 1){
		reply(c, nil, 0, "error bad request");
		return;
	}
	if(strcmp(f[0], "ping") == 0){
		reply(c, nil, 0, "ok");
		return;
	}
	if(strcmp(f[0], "clean") == 0){
		if((fd = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0){
			reply(c, nil, 0, "error %s", p9errnostr(errno));
			return;
		}
		reply(c, &fd, 1, "ok");
		close(fd);
		return;
	}
	if(strcmp(f[0], "new") == 0 || strcmp(f[0], "rfork") == 0){
		/*
		 * a new group: clean, or a copy of the caller's former one; both keep the
		 * former one's deny, which new learns from it when it comes along
		 */
		if(f[0][0] == 'r' && nfds < 2){
			reply(c, nil, 0, "error bad request");
			return;
		}
		if(groupof(c, fds[0], nil) == nil || _nsmntid(fds[0], &id) < 0){
			replyerr(c);
			return;
		}
		pg = nil;
		if(nfds > 1){
			if((pg = groupof(c, fds[1], &pid)) == nil){
				replyerr(c);
				return;
			}
			if(pid == id){
				reply(c, nil, 0, "error rfork: the name space did not change");
				return;
			}
		}
		deny = pg != nil ? pg->deny : 0;
		if(f[0][0] == 'n')
			pg = nil;
		if((g = newgroup(id, pg)) == nil)
			reply(c, nil, 0, "error out of memory");
		else{
			g->deny |= deny;
			reply(c, nil, 0, "ok");
		}
		return;
	}
	if((g = groupof(c, fds[0], &id)) == nil){
		replyerr(c);
		return;
	}
	if(strcmp(f[0], "ns") == 0){
		/* another process's name space: its mount namespace comes second */
		if(nfds > 1 && (g = groupof(c, fds[1], nil)) == nil)
			replyerr(c);
		else
			nsreq(c, g);
	}
	else if(strcmp(f[0], "nomnt") == 0 || strcmp(f[0], "chdev") == 0){
		/*
		 * rfork m, or chdev op [devs]: for good, in this group and every group made
		 * from it; what takes mounting away holds for the caller's descendants too
		 */
		deny = -1;
		if(f[0][0] == 'n')
			deny = Dnomnt;
		else if(n == 2 || n == 3)
			deny = devdeny(f[1], n == 3 ? f[2] : nil);
		if(deny < 0){
			reply(c, nil, 0, "error bad request");
			return;
		}
		g->deny |= deny;
		if((g->deny & Dmnt) && markdeny(c->pid, g->deny) < 0)
			replyerr(c);
		else
			reply(c, nil, 0, "ok%s", g->deny & Dmnt ? " nomount" : "");
	}
	else if(strcmp(f[0], "bind") == 0)
		bindreq(c, g, f, n, fds + 1, nfds - 1);
	else if(strcmp(f[0], "mount") == 0)
		mountreq(c, g, f, n, fds + 1, nfds - 1);
	else if(strcmp(f[0], "unmount") == 0)
		unmountreq(c, g, f, n);
	else
		reply(c, nil, 0, "error unknown request %q", f[0]);
}

static void
onread(uv_poll_t *p, int status, int events)
{
	Conn *c = p->data;
	int fds[NsctlMaxfd], nfds, i;
	char *buf;
	long n;

	if(status < 0){
		closeconn(c);
		return;
	}
	if((buf = malloc(NsctlMaxmsg + 1)) == nil){
		closeconn(c);
		return;
	}
	errno = 0;
	n = _nsctlrecv(c->fd, buf, NsctlMaxmsg + 1, fds, &nfds);
	if(n < 0 && errno == EAGAIN){
		free(buf);
		return;
	}
	c->asked = 1;
	if(n < 0 && errno == EMSGSIZE){
		free(buf);
		replyerr(c);
		return;
	}
	if(n <= 0){
		free(buf);
		closeconn(c);
		return;
	}
	uv_poll_stop(&c->poll);
	request(c, buf, fds, nfds);
	for(i = 0; i < nfds; i++)
		close(fds[i]);
	free(buf);
}

static void onaccept(uv_poll_t *p, int status, int events);

static void
acceptagain(uv_timer_t *t)
{
	if(lfd >= 0)
		uv_poll_start(&lpoll, UV_READABLE, onaccept);
}

/* Connections that never sent their request go, so they cannot hold nsd's descriptors. */
static void
sweep(uv_timer_t *t)
{
	Conn *c, *next;
	uint64_t now;

	now = uv_now(loop);
	for(c = conns; c != nil; c = next){
		next = c->next;
		if(!c->asked && !c->closing && now - c->since >= Idlemsec)
			closeconn(c);
	}
}

static void
onaccept(uv_poll_t *p, int status, int events)
{
	struct ucred cred;
	socklen_t len;
	Conn *c;
	int fd;

	if(status < 0)
		return;
	for(;;){
		if((fd = accept4(lfd, nil, nil, SOCK_CLOEXEC | SOCK_NONBLOCK)) < 0){
			/* out of descriptors: the connection waits; try again soon, not at once */
			if(errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM){
				uv_poll_stop(&lpoll);
				uv_timer_start(&busy, acceptagain, Busymsec, 0);
			}
			return;
		}
		len = sizeof cred;
		if(getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.uid != getuid() ||
		   (c = calloc(1, sizeof *c)) == nil){
			close(fd);
			continue;
		}
		c->fd = fd;
		c->pid = cred.pid;
		c->since = uv_now(loop);
		c->laterfd = -1;
		c->graftfd = -1;
		c->poll.data = c;
		if(uv_poll_init(loop, &c->poll, fd) < 0){
			close(fd);
			free(c);
			continue;
		}
		c->next = conns;
		if(conns != nil)
			conns->prev = c;
		conns = c;
		uv_poll_start(&c->poll, UV_READABLE, onread);
	}
}

int
ctlaccept(int fd)
{
	struct rlimit rl;
	struct stat st;

	if(stat("/proc/self/ns/user", &st) < 0)
		return _nssyserr("/proc/self/ns/user");
	userns = st.st_ino;
	/* each mount, union member and client holds descriptors: allow what the host does */
	if(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max){
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	uv_timer_init(loop, &busy);
	uv_timer_init(loop, &sweeper);
	uv_timer_start(&sweeper, sweep, 1000, 1000);
	uv_unref((uv_handle_t*)&sweeper);
	lfd = fd;
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if(uv_poll_init(loop, &lpoll, fd) < 0){
		p9werrstr("uv_poll_init failed");
		return -1;
	}
	uv_poll_start(&lpoll, UV_READABLE, onaccept);
	return 0;
}

void
ctlclose(void)
{
	if(lfd >= 0){
		uv_timer_stop(&busy);
		uv_timer_stop(&sweeper);
		uv_poll_stop(&lpoll);
		uv_close((uv_handle_t*)&lpoll, nil);
		close(lfd);
		lfd = -1;
	}
}
