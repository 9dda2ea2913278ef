/*
 * listen.c: where a lib9p server takes connections from: listening sockets, names posted
 * in the srv directory (and noticing their removal), and going on in the background.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

static void
listenerclosecb(uv_handle_t *h)
{
	Nplistener *l, **ll;
	Npsrvstate *st;

	l = h->data;
	st = l->srv->st;
	for(ll = &st->listeners; *ll != nil; ll = &(*ll)->next)
		if(*ll == l){
			*ll = l->next;
			break;
		}
	if(l->path != nil){
		unlink(l->path);
		free(l->path);
	}
	free(l);
	_npcheckdone(st);
}

static void
watchclosecb(uv_handle_t *h)
{
	free(h);
}

void
_npcloselistener(Nplistener *l, int unposted)
{
	if(uv_is_closing(&l->h.h))
		return;
	if(l->watch != nil){
		uv_close((uv_handle_t*)l->watch, watchclosecb);
		l->watch = nil;
	}
	if(unposted && l->path != nil){
		free(l->path);	/* not ours to remove any more */
		l->path = nil;
		l->srv->st->unposted = 1;
	}
	uv_close(&l->h.h, listenerclosecb);
}

static void
connectioncb(uv_stream_t *s, int status)
{
	Nplistener *l;
	Sconn *c;
	uv_os_fd_t fd;
	int e;

	l = s->data;
	_npsetloopthread(l->srv->st);
	if(status < 0 || (c = _npnewconn(l->srv)) == nil)
		return;
	if(l->h.h.type == UV_TCP)
		e = uv_tcp_init(l->srv->st->loop, &c->in.t);
	else
		e = uv_pipe_init(l->srv->st->loop, &c->in.p, 0);
	if(e < 0){
		c->dead = 1;
		_npputconn(c);
		return;
	}
	c->ins = c->outs = &c->in.s;
	c->in.h.data = c;
	c->ref++;
	if(uv_accept(s, c->ins) < 0){
		_npcloseconn(c);
		_npputconn(c);
		return;
	}
	if(l->h.h.type == UV_TCP)
		uv_tcp_nodelay(&c->in.t, 1);
	if(uv_fileno(&c->in.h, &fd) == 0)
		_nppeer(c, fd);
	_npstartconn(c);
	_npputconn(c);
}

/* Serve calls on the announced socket fd; path: a socket file to remove when done. */
static Nplistener*
listenfd(Srv *srv, int fd, int isunix, const char *path)
{
	Nplistener *l;
	Npsrvstate *st;
	int e;

	st = srv->st;
	if((l = calloc(1, sizeof *l)) == nil){
		close(fd);
		p9werrstr("out of memory");
		return nil;
	}
	l->srv = srv;
	e = isunix ? uv_pipe_init(st->loop, &l->h.p, 0) : uv_tcp_init(st->loop, &l->h.t);
	if(e < 0){
		close(fd);
		free(l);
		_npuverr("listen", e);
		return nil;
	}
	l->h.h.data = l;
	l->next = st->listeners;
	st->listeners = l;
	if(path != nil && (l->path = strdup(path)) == nil)
		e = UV_ENOMEM;
	else if((e = isunix ? uv_pipe_open(&l->h.p, fd) : uv_tcp_open(&l->h.t, fd)) < 0)
		close(fd);
	else
		e = uv_listen(&l->h.s, 128, connectioncb);
	if(e < 0){
		uv_close(&l->h.h, listenerclosecb);
		_npuverr("listen", e);
		return nil;
	}
	return l;
}

int
npsrvlisten(Srv *srv, const char *addr, char *actual, int nactual)
{
	char adir[NETPATHLEN];
	int fd, isunix;

	if(srv->st == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	if((fd = p9announce(addr, adir)) < 0)	/* its error names the address */
		return -1;
	if(actual != nil && nactual > 0)
		p9snprint(actual, nactual, "%s", adir);
	isunix = strncmp(adir, "unix!", 5) == 0;
	if(listenfd(srv, fd, isunix, isunix && adir[5] != 0 ? adir + 5 : nil) == nil)
		return -1;
	return 0;
}

/* The posted socket changed: if it is no longer ours, stop listening there. */
static void
watchcb(uv_fs_event_t *w, const char *name, int events, int status)
{
	Nplistener *l;
	struct stat sb;

	l = w->data;
	if(l->path == nil)
		return;
	if(lstat(l->path, &sb) == 0 && sb.st_ino == l->ino && sb.st_dev == l->dev)
		return;
	_npcloselistener(l, 1);
}

/*
 * Watch the posted socket of l for its removal. The socket's own inode does not report that
 * (the file goes, the socket stays), so watch the srv directory. Best effort: without a
 * watch the server only goes on listening.
 */
static void
watch(Nplistener *l)
{
	char *dir, *slash;
	int e;

	if((slash = strrchr(l->path, '/')) == nil || (dir = strdup(l->path)) == nil)
		return;
	dir[slash - l->path] = 0;
	if((l->watch = malloc(sizeof *l->watch)) != nil){
		uv_fs_event_init(l->srv->st->loop, l->watch);
		l->watch->data = l;
		if((e = uv_fs_event_start(l->watch, watchcb, dir[0] ? dir : "/", 0)) < 0){
			uv_close((uv_handle_t*)l->watch, watchclosecb);
			l->watch = nil;
		}
	}
	free(dir);
}

int
npsrvpost(Srv *srv, const char *name)
{
	char dir[512], path[600], addr[620], adir[NETPATHLEN];
	struct stat sb;
	Nplistener *l;
	int fd;

	if(srv->st == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	if(name[0] == 0 || strchr(name, '/') != nil || strcmp(name, ".") == 0
	|| strcmp(name, "..") == 0){
		p9werrstr("bad service name %s", name);
		return -1;
	}
	if(p9srvdir(dir, sizeof dir) == nil)
		return -1;
	p9snprint(path, sizeof path, "%s/%s", dir, name);
	if(lstat(path, &sb) == 0 && !S_ISSOCK(sb.st_mode)){
		p9werrstr("post %s: %s exists and is not a socket", name, path);
		return -1;
	}
	/* p9announce replaces a stale socket and refuses a live one */
	p9snprint(addr, sizeof addr, "unix!%s", path);
	if((fd = p9announce(addr, adir)) < 0){
		p9werrstr("post %s: %r", name);
		return -1;
	}
	if((l = listenfd(srv, fd, 1, path)) == nil)
		return -1;
	if(lstat(path, &sb) == 0){
		l->dev = sb.st_dev;
		l->ino = sb.st_ino;
		watch(l);
	}
	return 0;
}

int
npsrvbackground(Srv *srv)
{
	Nplistener *l;
	pid_t pid;
	int fd, e;

	if(srv->st == nil){
		p9werrstr("server not initialised");
		return -1;
	}
	/* libuv's inotify watches do not survive the fork: the child makes them anew */
	for(l = srv->st->listeners; l != nil; l = l->next)
		if(l->watch != nil){
			uv_fs_event_stop(l->watch);
			uv_close((uv_handle_t*)l->watch, watchclosecb);
			l->watch = nil;
			l->rewatch = 1;
		}
	fflush(nil);
	if((pid = fork()) < 0)
		return p9oserror(errno);
	if(pid > 0)
		return pid;
	/* nothing may hold the caller's terminal or pipes: "x=`{ramfs -s x}" must return */
	setsid();
	/*
	 * A mount table of its own where one may be had (in a name space of 9 ns), as
	 * postmountsrv's RFNAMEG gives: else the caller's later mount of this very service is
	 * in the daemon's table too, and the two keep each other alive for good.
	 */
	unshare(CLONE_NEWNS);
	if((fd = open("/dev/null", O_RDWR|O_CLOEXEC)) >= 0){
		dup2(fd, 0);
		dup2(fd, 1);
		if(srv->tracefd != 2)
			dup2(fd, 2);
		if(fd > 2)
			close(fd);
	}
	if((e = uv_loop_fork(srv->st->loop)) < 0)
		return _npuverr("uv_loop_fork", e);
	for(l = srv->st->listeners; l != nil; l = l->next)
		if(l->rewatch){
			l->rewatch = 0;
			watch(l);
		}
	return 0;
}
