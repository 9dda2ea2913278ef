/* bridge.c: nsd's side of lib9pfuse: 9P trees, and FUSE instances made of nsd's members. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/9pclient.h>
#include <planten/9p.h>
#include <planten/9pfuse.h>
#include "nsd.h"
#include "../devfs/devfs.h"

enum {
	Handshake = 10000,	/* ms a server has to answer Tversion and Tattach */
	Probetime = 30000,	/* ms a 9P call goes unanswered before its server is probed */
};

/* A 9P connection, shared by the trees on it. */
typedef struct Pconn Pconn;
struct Pconn {
	int ref;
	NpCFsys *fs;
	char *uname;
};

/*
 * A tree: a connection and a directory on it (the attach's root, or one walked to), shared
 * by every instance with it as a member.
 */
typedef struct Ptree Ptree;
struct Ptree {
	int ref;		/* nsd's members, and lib9pfuse's members not yet released */
	Pconn *c;
	NpCFid *root;
};

/* One FUSE instance: its NfSrv and, beside nsd's members in order, lib9pfuse's. */
typedef struct Fuse Fuse;
struct Fuse {
	NfSrv *s;
	NfMember **nm;
	Member **m;
	int *flag;
	int n;
	int dead;		/* the kernel ended it: no more changes in place */
	int orphan;		/* nsd let go of it: free it when the kernel does */
	int pending;		/* edits whose invalidations are not done */
	void (*done)(void *arg, const char *err);
	void *arg;
	char err[ERRMAX];
};

static Srv devsrv;
static int devready;

static void
putconn(Pconn *c)
{
	if(--c->ref > 0)
		return;
	npfsunmount(c->fs);
	free(c->uname);
	free(c);
}

/* A 9P handshake in progress. */
typedef struct Hello Hello;
struct Hello {
	Pconn *c;
	char *aname;
	Treecb *cb;
	void *arg;
};

static void
hellodone(Hello *h, NpCFid *root, const char *err)
{
	Ptree *t;

	t = nil;
	if(err == nil && (t = calloc(1, sizeof *t)) == nil){
		npfscloseasync(root, nil, nil);
		err = "out of memory";
	}
	if(err != nil){
		putconn(h->c);
		h->cb(h->arg, nil, err);
	}else{
		npfssettimeout(h->c->fs, 0);
		t->ref = 1;
		t->c = h->c;
		t->root = root;
		h->cb(h->arg, t, nil);
	}
	free(h->aname);
	free(h);
}

static void
attached(void *arg, NpCFid *fid, const char *err)
{
	hellodone(arg, fid, err);
}

static void
versioned(void *arg, const char *err)
{
	Hello *h = arg;
	char buf[ERRMAX];

	if(err == nil && npfsattachasync(h->c->fs, nil, h->c->uname, h->aname, attached, h) == nil){
		p9rerrstr(buf, sizeof buf);
		err = buf;
	}
	if(err != nil)
		hellodone(h, nil, err);
}

int
fusetree(int fd, const char *uname, const char *aname, Treecb *cb, void *arg)
{
	Hello *h;
	Pconn *c;

	c = nil;
	if((h = calloc(1, sizeof *h)) == nil || (c = calloc(1, sizeof *c)) == nil ||
	   (c->uname = strdup(uname)) == nil || (h->aname = strdup(aname)) == nil){
		if(c != nil)
			free(c->uname);
		free(c);
		free(h);
		close(fd);
		p9werrstr("out of memory");
		return -1;
	}
	c->ref = 1;
	h->c = c;
	h->cb = cb;
	h->arg = arg;
	if((c->fs = npfsuvconn(loop, fd)) == nil){
		free(c->uname);
		free(c);
		free(h->aname);
		free(h);
		return -1;
	}
	/* a server that never answers must not hold the mount command for ever */
	npfssettimeout(c->fs, Handshake);
	if(npfsversionasync(c->fs, 0, versioned, h) == nil){
		putconn(c);
		free(h->aname);
		free(h);
		return -1;
	}
	return 0;
}

/* A walk from a tree's root to one of its directories, for a tree of its own. */
typedef struct Walk Walk;
struct Walk {
	Pconn *c;
	Treecb *cb;
	void *arg;
};

static void
walked(void *arg, NpCFid *fid, const char *err)
{
	Walk *w = arg;
	Ptree *t;

	t = nil;
	if(err == nil && (npfsqid(fid).type & QTDIR) == 0){
		npfscloseasync(fid, nil, nil);
		err = "not a directory";
	}
	if(err == nil && (t = calloc(1, sizeof *t)) == nil){
		npfscloseasync(fid, nil, nil);
		err = "out of memory";
	}
	if(err != nil){
		putconn(w->c);
		w->cb(w->arg, nil, err);
	}else{
		t->ref = 1;
		t->c = w->c;
		t->root = fid;
		w->cb(w->arg, t, nil);
	}
	free(w);
}

int
fusewalk(void *tree, const char *path, Treecb *cb, void *arg)
{
	Ptree *t = tree;
	Walk *w;

	if((w = calloc(1, sizeof *w)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	w->c = t->c;
	w->c->ref++;
	w->cb = cb;
	w->arg = arg;
	if(npfswalkasync(t->root, path, walked, w) == nil){
		putconn(w->c);
		free(w);
		return -1;
	}
	return 0;
}

/*
 * A conversation with one of nsd's own devices, served on the loop: devfs (#c) or the
 * pipe device (#|); the handshake is fusetree's.
 */
int
fusedevfd(int dev, char *err, int nerr)
{
	static Srv pipesrv;
	static int pipeready;
	Srv *srv;
	int fd, null, *ready, r;

	srv = dev == '|' ? &pipesrv : &devsrv;
	ready = dev == '|' ? &pipeready : &devready;
	if(!*ready){
		if(dev == '|')
			r = pipesrvinit(srv);
		else if((null = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
			r = p9oserror(errno);
		else
			r = devsrvinit(srv, p9getuser(), null, null);
		if(r < 0 || npsrvinit(srv, loop) < 0){
			p9snprint(err, nerr, "#%c: %r", dev);
			return -1;
		}
		*ready = 1;
	}
	if((fd = npsrvpipe(srv)) < 0)
		p9snprint(err, nerr, "#%c: %r", dev);
	return fd;
}

static Ptree*
reftree(Ptree *t)
{
	t->ref++;
	return t;
}

/* The last reference gone, its root is clunked; the connection's last, it ends (on the loop). */
void
fuseputtree(void *v)
{
	Ptree *t = v;

	if(t == nil || --t->ref > 0)
		return;
	npfscloseasync(t->root, nil, nil);	/* frees the fid, even when the connection ends now */
	putconn(t->c);
	free(t);
}

static void
released(void *arg)
{
	fuseputtree(arg);
}

static int
nfflags(int flag)
{
	return (flag & NSMCREATE ? NFCREATE : 0) | (flag & NSMCACHE ? NFCACHE : 0);
}

static void
edited(void *arg, const char *err)
{
	Fuse *f = arg;

	if(err != nil && f->err[0] == 0)
		p9strecpy(f->err, f->err + sizeof f->err, err);
	if(--f->pending == 0 && f->done != nil){
		f->done(f->arg, f->err[0] ? f->err : nil);
		f->done = nil;
	}
}

/* Add member m to f's file system, where and as where/rel say; its NfMember or nil. */
static NfMember*
add(Fuse *f, Member *m, int flag, int where, NfMember *rel)
{
	NfMember *nm;
	Nf9p p;
	Ptree *t;
	int fd;

	f->pending++;
	if(m->type == Mhost){
		/* the O_PATH descriptor as it is: opening it could wait on our own FUSE */
		if((fd = fcntl(m->fd, F_DUPFD_CLOEXEC, 3)) < 0){
			f->pending--;
			return nil;
		}
		if((nm = nfaddhost(f->s, fd, where | nfflags(flag), rel, edited, f)) == nil){
			close(fd);
			f->pending--;
		}
		return nm;
	}
	t = m->tree;
	memset(&p, 0, sizeof p);
	p.fs = t->c->fs;
	p.root = t->root;
	p.uname = t->c->uname;
	p.release = released;
	p.arg = reftree(t);
	if((nm = nfadd9p(f->s, &p, where | nfflags(flag), rel, edited, f)) == nil){
		fuseputtree(t);
		f->pending--;
	}
	return nm;
}

static void
release(Fuse *f)
{
	nfclose(f->s, nil, nil);
	free(f->nm);
	free(f->m);
	free(f->flag);
	free(f);
}

static void
ended(void *arg)
{
	Fuse *f = arg;

	f->dead = 1;
	if(f->orphan)
		release(f);
}

void*
fusenew(int isunion, Member **m, int *flag, int n, int *mfd, void (*done)(void *, const char *),
	void *arg, char *err, int nerr)
{
	Fuse *f;
	int i;

	(void)isunion;
	if((f = calloc(1, sizeof *f)) == nil || (f->nm = calloc(n + 1, sizeof *f->nm)) == nil ||
	   (f->s = nfnew(loop, m[0]->name)) == nil){
		p9snprint(err, nerr, f == nil || f->nm == nil ? "out of memory" : "%r");
		if(f != nil)
			free(f->nm);
		free(f);
		return nil;
	}
	nfonend(f->s, ended, f);
	nfsettimeout(f->s, Probetime);	/* a server that answers nothing is hung up on */
	f->pending = 1;		/* until every member is asked for */
	for(i = 0; i < n; i++)
		if((f->nm[i] = add(f, m[i], flag[i], NFAFTER, nil)) == nil){
			p9snprint(err, nerr, "%s: %r", m[i]->name);
			release(f);
			return nil;
		}
	if((*mfd = nfmountfd(f->s)) < 0){
		p9snprint(err, nerr, "%r");
		release(f);
		return nil;
	}
	f->m = nil;
	f->n = n;
	if((f->m = calloc(n + 1, sizeof *f->m)) == nil || (f->flag = calloc(n + 1, sizeof(int))) == nil){
		p9snprint(err, nerr, "out of memory");
		close(*mfd);
		release(f);
		return nil;
	}
	memmove(f->m, m, n * sizeof *m);
	memmove(f->flag, flag, n * sizeof(int));
	f->done = done;
	f->arg = arg;
	edited(f, nil);
	return f;
}

int
fusealive(void *v)
{
	Fuse *f = v;

	return f != nil && !f->dead;
}

/*
 * Make f's members m (in order, with flags) by the fewest edits: members kept keep their
 * place and their files, the rest go or come. done runs once the kernel has forgotten
 * the names that changed meaning (at once when nothing changed).
 */
int
fuseset(void *v, Member **m, int *flag, int n, void (*done)(void *, const char *), void *arg,
	char *err, int nerr)
{
	Fuse *f = v;
	NfMember **nm, *prev;
	Member **om;
	int *of, i, j, k, *keep;

	if((nm = calloc(n + 1, sizeof *nm)) == nil || (keep = calloc(f->n + 1, sizeof *keep)) == nil ||
	   (om = calloc(n + 1, sizeof *om)) == nil || (of = calloc(n + 1, sizeof *of)) == nil){
		p9snprint(err, nerr, "out of memory");
		return -1;
	}
	f->err[0] = 0;
	f->done = done;
	f->arg = arg;
	f->pending++;	/* until every edit is asked for */
	/* members kept: the old ones met again in order */
	for(i = 0, j = 0; i < n; i++){
		for(k = j; k < f->n && (f->m[k] != m[i] || f->flag[k] != flag[i]); k++)
			;
		if(k < f->n){
			nm[i] = f->nm[k];
			keep[k] = 1;
			j = k + 1;
		}
	}
	for(k = 0; k < f->n; k++)
		if(!keep[k]){
			f->pending++;
			if(nfdel(f->s, f->nm[k], edited, f) < 0)
				f->pending--;
		}
	prev = nil;
	for(i = 0; i < n; i++){
		if(nm[i] == nil){
			nm[i] = prev != nil ? add(f, m[i], flag[i], NFAFTER, prev) :
				add(f, m[i], flag[i], NFBEFORE, nil);
			if(nm[i] == nil)
				p9snprint(f->err, sizeof f->err, "%s: %r", m[i]->name);
		}
		if(nm[i] != nil)
			prev = nm[i];
	}
	free(keep);
	free(f->nm);
	free(f->m);
	free(f->flag);
	memmove(om, m, n * sizeof *m);
	memmove(of, flag, n * sizeof(int));
	f->nm = nm;
	f->m = om;
	f->flag = of;
	f->n = n;
	edited(f, nil);
	return 0;
}

/*
 * nsd is done with f, but files may still be open in it, or a directory a process is in
 * (as a Plan 9 channel outlives its unmount): it is served until the kernel lets go.
 */
void
fusefree(void *v)
{
	Fuse *f = v;

	if(f == nil)
		return;
	free(f->m);
	f->m = nil;
	f->n = 0;
	if(f->dead)
		release(f);
	else
		f->orphan = 1;
}
