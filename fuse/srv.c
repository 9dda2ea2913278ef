/*
 * srv.c: an NfSrv: the libfuse session, mounting, serving /dev/fuse from the caller's
 * libuv loop (uv_poll; the device is non-blocking and close-on-exec), ending and closing.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/uio.h>
#include <unistd.h>
#include "impl.h"

enum {
	Maxspare = 8,		/* receive buffers kept for reuse */
	Batch = 1,		/* requests taken per poll wakeup before yielding to the loop */
};

/* libfuse's messages become the calling thread's error string (a library prints nothing). */
static void
logfn(enum fuse_log_level level, const char *fmt, va_list ap)
{
	char buf[ERRMAX], *p;

	if(level > FUSE_LOG_ERR)
		return;
	vsnprintf(buf, sizeof buf, fmt, ap);
	if((p = strchr(buf, '\n')) != nil)
		*p = 0;
	p = buf;
	if(strncmp(p, "fuse: ", 6) == 0)
		p += 6;
	p9werrstr("%s", p);
}

/*
 * The device through our own read and writev: errors never reach libfuse's perror, and
 * a closed file system neither reads nor writes.
 */
static ssize_t
devread(int fd, void *buf, size_t n, void *v)
{
	NfSrv *s;

	s = v;
	if(s->closing){
		errno = ENODEV;
		return -1;
	}
	return read(fd, buf, n);
}

static ssize_t
devwritev(int fd, struct iovec *iov, int n, void *v)
{
	NfSrv *s;
	ssize_t r;

	s = v;
	if(s->closing){
		errno = ENOENT;	/* as for an interrupted request: libfuse stays quiet */
		return -1;
	}
	if((r = writev(fd, iov, n)) < 0 && errno != ENOENT){
		_nftrace(s, "writev /dev/fuse: %s", strerror(errno));
		errno = ENOENT;
	}
	return r;
}

static const struct fuse_custom_io devio = {
	.read = devread,
	.writev = devwritev,
};

void
_nfhold(NfSrv *s)
{
	s->inflight++;
}

static void reap(uv_timer_t *t);

void
_nfrelease(NfSrv *s)
{
	if(--s->inflight == 0 && s->closing)
		uv_timer_start(s->reaper, reap, 0, 0);
}

/* The receive buffer of the request being processed, held by a write in flight. */
Rbuf*
_nfholdrbuf(NfSrv *s)
{
	if(s->cur == nil)
		return nil;
	s->cur->ref++;
	return s->cur;
}

static void
freerbuf(NfSrv *s, Rbuf *b)
{
	if(s->nspare < Maxspare && !s->closing){
		b->next = s->spare;
		s->spare = b;
		s->nspare++;
		return;
	}
	free(b->mem);
	free(b);
}

void
_nfputrbuf(NfSrv *s, Rbuf *b)
{
	if(b != nil && --b->ref == 0 && b != s->cur)
		freerbuf(s, b);
}

void
_nftrace(NfSrv *s, const char *fmt, ...)
{
	va_list arg;
	char buf[512];

	if(s->trace == nil)
		return;
	va_start(arg, fmt);
	p9vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	s->trace(s->tracearg, buf);
}

void
nftrace(NfSrv *s, void (*fn)(void*, const char*), void *arg)
{
	s->trace = fn;
	s->tracearg = arg;
}

static void
ended(NfSrv *s)
{
	if(s->ended)
		return;
	s->ended = 1;
	if(s->poll != nil)
		uv_poll_stop(s->poll);
	_nftrace(s, "end of file system");
	if(s->onend != nil)
		s->onend(s->endarg);
}

/* /dev/fuse is readable: take requests and process them, a batch at a time. */
static void
onreadable(uv_poll_t *p, int status, int events)
{
	NfSrv *s;
	struct fuse_buf fb;
	Rbuf *b;
	int i, n;

	s = p->data;
	if(status < 0 && status != UV_EBADF){
		ended(s);
		return;
	}
	for(i = 0; i < Batch && !s->closing && !s->ended; i++){
		if((b = s->spare) != nil){
			s->spare = b->next;
			s->nspare--;
		}else if((b = calloc(1, sizeof *b)) == nil)
			return;
		memset(&fb, 0, sizeof fb);
		fb.mem = b->mem;
		n = fuse_session_receive_buf(s->se, &fb);
		b->mem = fb.mem;	/* libfuse allocates it the first time */
		if(n == -EAGAIN || n == -EINTR){
			freerbuf(s, b);
			return;
		}
		if(n <= 0 || fuse_session_exited(s->se)){
			freerbuf(s, b);
			ended(s);
			return;
		}
		b->ref = 1;
		s->cur = b;
		fuse_session_process_buf(s->se, &fb);
		s->cur = nil;
		_nfputrbuf(s, b);
	}
}

static int
serve(NfSrv *s, int fd)
{
	int e, fl;

	if((fl = fcntl(fd, F_GETFL)) < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0
	|| fcntl(fd, F_SETFD, FD_CLOEXEC) < 0){
		p9oserror(errno);
		return -1;
	}
	if((s->poll = calloc(1, sizeof *s->poll)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	if((e = uv_poll_init(s->loop, s->poll, fd)) < 0){
		free(s->poll);
		s->poll = nil;
		p9werrstr("uv_poll_init /dev/fuse: %s", uv_strerror(e));
		return -1;
	}
	s->poll->data = s;
	uv_poll_start(s->poll, UV_READABLE, onreadable);
	s->fd = fd;
	s->serving = 1;
	return 0;
}

/* A name safe inside fuse's comma-separated options. */
static char*
optname(const char *name)
{
	char *s, *p;

	if((s = strdup(name)) == nil)
		return nil;
	for(p = s; *p; p++)
		if(*p == ',' || *p == '\\' || *p == ' ' || *p == '\t' || *p == '\n')
			*p = '_';
	return s;
}

NfSrv*
nfnew(struct uv_loop_s *loop, const char *name)
{
	static int logset;
	NfSrv *s;
	char *opts, *nm;
	char *argv[4];
	struct fuse_args args;
	Node *r;

	if(!logset){
		fuse_set_log_func(logfn);
		logset = 1;
	}
	if(name == nil || *name == 0)
		name = "9pfuse";
	if((s = calloc(1, sizeof *s)) == nil || (s->name = strdup(name)) == nil
	|| (s->reaper = calloc(1, sizeof *s->reaper)) == nil
	|| (r = calloc(1, sizeof *r)) == nil){
		if(s != nil){
			free(s->name);
			free(s->reaper);
		}
		free(s);
		p9werrstr("out of memory");
		return nil;
	}
	s->loop = loop;
	s->fd = -1;
	s->uid = getuid();
	s->gid = getgid();
	s->ngroups = getgroups(0, nil);
	if(s->ngroups > 0 && (s->groups = calloc(s->ngroups, sizeof(gid_t))) != nil)
		s->ngroups = getgroups(s->ngroups, s->groups);
	if(s->groups == nil || s->ngroups < 0)
		s->ngroups = 0;
	s->nbuck = 64;
	s->byid = calloc(s->nbuck, sizeof s->byid[0]);
	s->bypn = calloc(s->nbuck, sizeof s->bypn[0]);
	r->srv = s;
	r->id = FUSE_ROOT_ID;
	r->st.st_mode = S_IFDIR | 0555;
	r->st.st_nlink = 1;
	r->st.st_uid = s->uid;
	r->st.st_gid = s->gid;
	s->root = r;
	s->nextid = FUSE_ROOT_ID + 1;
	uv_timer_init(loop, s->reaper);
	s->reaper->data = s;
	nm = optname(name);
	opts = nm != nil ? p9smprint("fsname=%s,subtype=9p", nm) : nil;
	free(nm);
	argv[0] = "lib9pfuse";
	argv[1] = "-o";
	argv[2] = opts;
	argv[3] = nil;
	args = (struct fuse_args)FUSE_ARGS_INIT(3, argv);
	if(s->byid == nil || s->bypn == nil || opts == nil
	|| (s->se = fuse_session_new(&args, &_nfops, sizeof _nfops, s)) == nil){
		if(s->byid != nil && s->bypn != nil && opts != nil)
			p9werrstr("fuse_session_new: %r");
		else
			p9werrstr("out of memory");
		fuse_opt_free_args(&args);
		free(opts);
		free(s->byid);
		free(s->bypn);
		free(r);
		free(s->groups);
		uv_close((uv_handle_t*)s->reaper, (uv_close_cb)free);
		free(s->name);
		free(s);
		return nil;
	}
	fuse_opt_free_args(&args);
	free(opts);
	return s;
}

int
nfmountat(NfSrv *s, const char *dir)
{
	if(s->serving || s->closing){
		p9werrstr("already mounted");
		return -1;
	}
	p9werrstr("cannot mount");
	if(fuse_session_mount(s->se, dir) < 0){
		p9werrstr("mount %s: %r", dir);
		return -1;
	}
	s->mountedat = 1;
	if(fuse_session_custom_io(s->se, &devio, fuse_session_fd(s->se)) < 0 
	|| serve(s, fuse_session_fd(s->se)) < 0){
		p9werrstr("mount %s: %r", dir);
		fuse_session_unmount(s->se);
		s->mountedat = 0;
		return -1;
	}
	return 0;
}

/* The kernel's reason for an fsconfig failure, from the fs context's message queue. */
static void
fserr(int fsfd, const char *what)
{
	char buf[256];
	long n;
	int e;

	e = errno;
	n = read(fsfd, buf, sizeof buf - 1);
	if(n > 2 && buf[1] == ' '){
		buf[n] = 0;
		if(buf[n-1] == '\n')
			buf[n-1] = 0;
		p9werrstr("%s: %s", what, buf + 2);
	}else{
		p9oserror(e);
		p9werrstr("%s: %r", what);
	}
}

int
nfmountfd(NfSrv *s)
{
	int fsfd, devfd, mfd;
	char num[32], src[256];

	if(s->serving || s->closing){
		p9werrstr("already mounted");
		return -1;
	}
	if((devfd = open("/dev/fuse", O_RDWR|O_CLOEXEC|O_NONBLOCK)) < 0){
		p9oserror(errno);
		p9werrstr("open /dev/fuse: %r%s", errno == EACCES || errno == EPERM ?
			" (make /dev/fuse mode 0666, as desktops do)" : "");
		return -1;
	}
	if((fsfd = fsopen("fuse", FSOPEN_CLOEXEC)) < 0){
		p9oserror(errno);
		p9werrstr("fsopen fuse: %r%s", errno == EPERM ?
			" (needs CAP_SYS_ADMIN in a user namespace: unshare -Urm)" : "");
		close(devfd);
		return -1;
	}
	mfd = -1;
	snprintf(num, sizeof num, "%d", devfd);
	/* the source is only a label, and the kernel takes at most 255 bytes of it */
	p9strecpy(src, src + sizeof src, s->name);
	if(fsconfig(fsfd, FSCONFIG_SET_STRING, "source", src, 0) < 0)
		fserr(fsfd, "fsconfig source");
	else if(fsconfig(fsfd, FSCONFIG_SET_STRING, "subtype", "9p", 0) < 0)
		fserr(fsfd, "fsconfig subtype");
	else if(fsconfig(fsfd, FSCONFIG_SET_STRING, "fd", num, 0) < 0)
		fserr(fsfd, "fsconfig fd");
	else if(fsconfig(fsfd, FSCONFIG_SET_STRING, "rootmode", "40000", 0) < 0)
		fserr(fsfd, "fsconfig rootmode");
	else if(snprintf(num, sizeof num, "%u", (uint)s->uid),
	    fsconfig(fsfd, FSCONFIG_SET_STRING, "user_id", num, 0) < 0)
		fserr(fsfd, "fsconfig user_id");
	else if(snprintf(num, sizeof num, "%u", (uint)s->gid),
	    fsconfig(fsfd, FSCONFIG_SET_STRING, "group_id", num, 0) < 0)
		fserr(fsfd, "fsconfig group_id");
	else if(fsconfig(fsfd, FSCONFIG_CMD_CREATE, nil, nil, 0) < 0)
		fserr(fsfd, "fsconfig create");
	else if((mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID|MOUNT_ATTR_NODEV)) < 0)
		fserr(fsfd, "fsmount");
	close(fsfd);
	if(mfd < 0){
		close(devfd);
		return -1;
	}
	if(fuse_session_custom_io(s->se, &devio, devfd) < 0){
		p9werrstr("fuse_session_custom_io: %r");
		close(devfd);
		close(mfd);
		return -1;
	}
	if(serve(s, devfd) < 0){
		close(mfd);	/* devfd is the session's now */
		return -1;
	}
	return mfd;
}

void
nfonend(NfSrv *s, void (*fn)(void*), void *arg)
{
	s->onend = fn;
	s->endarg = arg;
}

static void
reaped(uv_handle_t *h)
{
	NfSrv *s;
	Rbuf *b;
	void (*done)(void*);
	void *arg;

	s = h->data;
	done = s->closed;
	arg = s->closedarg;
	while((b = s->spare) != nil){
		s->spare = b->next;
		free(b->mem);
		free(b);
	}
	fuse_session_destroy(s->se);
	free(s->reaper);
	free(s->byid);
	free(s->bypn);
	free(s->root);
	free(s->groups);
	free(s->name);
	free(s);
	if(done != nil)
		done(arg);
}

static void
pollclosed(uv_handle_t *h)
{
	free(h);
}

static void
reap(uv_timer_t *t)
{
	NfSrv *s;

	s = t->data;
	if(s->inflight > 0)
		return;
	if(s->ticker != nil)
		uv_close((uv_handle_t*)s->ticker, (uv_close_cb)free);
	uv_close((uv_handle_t*)s->reaper, reaped);
}

void
nfclose(NfSrv *s, void (*done)(void*), void *arg)
{
	Neg *g;
	int fd;

	s->closed = done;
	s->closedarg = arg;
	if(s->poll != nil){
		uv_poll_stop(s->poll);
		uv_close((uv_handle_t*)s->poll, pollclosed);
		s->poll = nil;
	}
	if(s->mountedat && !s->ended)
		fuse_session_unmount(s->se);
	s->closing = 1;
	/*
	 * Close the device now, so the kernel fails whatever still waits for us; the fd
	 * number stays valid (on /dev/null) for libfuse, which closes it at the end.
	 */
	if(s->fd >= 0 && (fd = open("/dev/null", O_RDWR|O_CLOEXEC)) >= 0){
		dup3(fd, s->fd, O_CLOEXEC);
		close(fd);
	}
	while((g = s->neg) != nil){
		s->neg = g->next;
		free(g->name);
		free(g);
	}
	_nfcloseall(s);
	_nfforgetall(s);
	_nfdelall(s);
	_nfhold(s);
	_nfrelease(s);	/* reaps now if nothing is in flight */
	uv_timer_start(s->reaper, reap, 0, 0);
}

/*
 * Invalidations go out from the thread pool: writing one may wait for a directory lock
 * that a process holds while it waits for the loop.
 */
typedef struct Notify Notify;
struct Notify {
	uv_work_t work;
	NfSrv *s;
	u64int id;
	char **names;		/* entries of directory id; nil: id's attributes */
	int n;
	int skip;		/* nothing to tell a kernel that is not listening */
	NfDone *done;
	void *arg;
};

static void
notifywork(uv_work_t *w)
{
	Notify *x;
	int i;

	x = w->data;
	if(x->skip)
		return;
	if(x->names == nil){
		fuse_lowlevel_notify_inval_inode(x->s->se, x->id, -1, 0);
		return;
	}
	for(i = 0; i < x->n; i++)
		fuse_lowlevel_notify_inval_entry(x->s->se, x->id, x->names[i], strlen(x->names[i]));
}

static void
notifydone(uv_work_t *w, int status)
{
	Notify *x;
	int i;

	x = w->data;
	for(i = 0; i < x->n; i++)
		free(x->names[i]);
	free(x->names);
	if(x->done != nil)
		x->done(x->arg, nil);
	_nfrelease(x->s);
	free(x);
}

static void
notify(NfSrv *s, Notify *x)
{
	x->s = s;
	x->work.data = x;
	x->skip = !s->serving || s->ended || s->closing;
	_nfhold(s);
	if(uv_queue_work(s->loop, &x->work, notifywork, notifydone) < 0)
		notifydone(&x->work, 0);	/* never: the arguments are good */
}

/* Invalidate names in directory id, then call done (on the loop, later). */
void
_nfnotifyentry(NfSrv *s, u64int id, const char **names, int n, NfDone *done, void *arg)
{
	Notify *x;
	int i;

	x = calloc(1, sizeof *x);
	if(x == nil || (x->names = calloc(n + 1, sizeof x->names[0])) == nil){
		free(x);
		if(done != nil)
			done(arg, "out of memory");
		return;
	}
	x->id = id;
	for(i = 0; i < n; i++)
		if((x->names[x->n] = strdup(names[i])) != nil)
			x->n++;
	x->done = done;
	x->arg = arg;
	notify(s, x);
}

/* Invalidate id's attributes. */
void
_nfnotifyinode(NfSrv *s, u64int id)
{
	Notify *x;

	if((x = calloc(1, sizeof *x)) == nil)
		return;
	x->id = id;
	notify(s, x);
}
