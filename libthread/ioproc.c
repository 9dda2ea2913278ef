/* ioproc.c: I/O procs, which make blocking calls on behalf of a thread. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "threadimpl.h"

struct Ioproc {
	Channel *c;		/* requests: this Ioproc, or nil to end */
	Channel *reply;
	long (*op)(va_list*);
	va_list *arg;
	long ret;
	char err[ERRMAX];
	_Atomic int busy;
	_Atomic pthread_t pthread;
	_Atomic int started;
};

static pthread_once_t intonce = PTHREAD_ONCE_INIT;

static void
ioprocmain(void *v)
{
	Ioproc *io;

	io = v;
	t9threadsetname("ioproc");
	atomic_store(&io->pthread, pthread_self());
	atomic_store(&io->started, 1);
	while(t9recvp(io->c) != nil){
		atomic_store(&io->busy, 1);
		io->err[0] = 0;
		io->ret = io->op(io->arg);
		if(io->ret < 0)
			p9rerrstr(io->err, sizeof io->err);
		atomic_store(&io->busy, 0);
		t9sendp(io->reply, io);
	}
	t9chanfree(io->c);
	t9chanfree(io->reply);
	free(io);
}

Ioproc*
t9ioproc(void)
{
	Ioproc *io;

	io = calloc(1, sizeof *io);
	if(io == nil){
		p9oserror(ENOMEM);
		return nil;
	}
	io->c = t9chancreate(sizeof(void*), 0);
	io->reply = t9chancreate(sizeof(void*), 0);
	if(io->c == nil || io->reply == nil || t9proccreate(ioprocmain, io, 0) < 0){
		t9chanfree(io->c);
		t9chanfree(io->reply);
		free(io);
		return nil;
	}
	return io;
}

void
t9closeioproc(Ioproc *io)
{
	if(io != nil)
		t9sendp(io->c, nil);
}

static void
nothing(int sig)
{
}

/* The signal that breaks an ioproc's system call: handled (by nothing), without SA_RESTART. */
static int
intsig(void)
{
	return SIGRTMIN + 4;
}

static void
installint(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = nothing;
	sigemptyset(&sa.sa_mask);
	sigaction(intsig(), &sa, nil);
}

void
t9iointerrupt(Ioproc *io)
{
	pthread_once(&intonce, installint);
	if(atomic_load(&io->started) && atomic_load(&io->busy))
		pthread_kill(atomic_load(&io->pthread), intsig());
}

long
t9iocall(Ioproc *io, long (*op)(va_list*), ...)
{
	va_list arg;
	long r;

	va_start(arg, op);
	io->op = op;
	io->arg = &arg;
	if(t9sendp(io->c, io) != 1 || t9recvp(io->reply) != io){
		va_end(arg);
		return -1;
	}
	va_end(arg);
	r = io->ret;
	if(r < 0)
		p9werrstr("%s", io->err);
	return r;
}

static long
xopen(va_list *a)
{
	const char *path;
	int flags, fd;

	path = va_arg(*a, const char*);
	flags = va_arg(*a, int);
	fd = open(path, flags|O_CLOEXEC, 0666);
	if(fd < 0)
		return p9oserror(errno);
	return fd;
}

int
t9ioopen(Ioproc *io, const char *path, int flags)
{
	return t9iocall(io, xopen, path, flags);
}

static long
xclose(va_list *a)
{
	if(close(va_arg(*a, int)) < 0)
		return p9oserror(errno);
	return 0;
}

int
t9ioclose(Ioproc *io, int fd)
{
	return t9iocall(io, xclose, fd);
}

static long
xread(va_list *a)
{
	int fd;
	void *buf;
	long n, r;

	fd = va_arg(*a, int);
	buf = va_arg(*a, void*);
	n = va_arg(*a, long);
	r = read(fd, buf, n);
	if(r < 0)
		return p9oserror(errno);
	return r;
}

long
t9ioread(Ioproc *io, int fd, void *buf, long n)
{
	return t9iocall(io, xread, fd, buf, n);
}

/* readn and write, but a signal (t9iointerrupt) ends them */
static long
xreadn(va_list *a)
{
	int fd;
	void *buf;
	long n, r, done;

	fd = va_arg(*a, int);
	buf = va_arg(*a, void*);
	n = va_arg(*a, long);
	for(done = 0; done < n; done += r){
		r = read(fd, (char*)buf + done, n - done);
		if(r < 0){
			if(done > 0 && errno != EINTR)
				break;
			return p9oserror(errno);
		}
		if(r == 0)
			break;
	}
	return done;
}

long
t9ioreadn(Ioproc *io, int fd, void *buf, long n)
{
	return t9iocall(io, xreadn, fd, buf, n);
}

static long
xwrite(va_list *a)
{
	int fd;
	const void *buf;
	long n, r, done;

	fd = va_arg(*a, int);
	buf = va_arg(*a, const void*);
	n = va_arg(*a, long);
	for(done = 0; done < n; done += r){
		r = write(fd, (const char*)buf + done, n - done);
		if(r < 0)
			return p9oserror(errno);
	}
	return done;
}

long
t9iowrite(Ioproc *io, int fd, const void *buf, long n)
{
	return t9iocall(io, xwrite, fd, buf, n);
}

static long
xsleep(va_list *a)
{
	long ms;
	struct timespec ts;

	ms = va_arg(*a, long);
	if(ms < 0)
		ms = 0;
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = ms % 1000 * 1000000;
	if(nanosleep(&ts, nil) < 0)
		return p9oserror(errno);
	return 0;
}

int
t9iosleep(Ioproc *io, long ms)
{
	return t9iocall(io, xsleep, ms);
}

static long
xdial(va_list *a)
{
	const char *addr, *local;
	char *dir;
	int *cfdp;

	addr = va_arg(*a, const char*);
	local = va_arg(*a, const char*);
	dir = va_arg(*a, char*);
	cfdp = va_arg(*a, int*);
	return p9dial(addr, local, dir, cfdp);
}

int
t9iodial(Ioproc *io, const char *addr, const char *local, char *dir, int *cfdp)
{
	return t9iocall(io, xdial, addr, local, dir, cfdp);
}
