/*
 * thread.c: the Threaded transport: a reader thread receives, callers send from their own
 * threads, one message at a time. The fd's own flags, shared with whoever else holds it,
 * stay as they are: sockets are used with MSG_DONTWAIT, other fds after poll.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>
#include "fsimpl.h"


/* Wait until fd is readable (0) or the reader is told to stop (-1). */
static int
waitreadable(NpCFsys *fs)
{
	struct pollfd p[2];

	p[0].fd = fs->fd;
	p[0].events = POLLIN;
	p[1].fd = fs->wakefd[0];
	p[1].events = POLLIN;
	for(;;){
		if(poll(p, 2, -1) < 0){
			if(errno == EINTR)
				continue;
			return -1;
		}
		if(p[1].revents)
			return -1;
		if(p[0].revents)
			return 0;
	}
}

/* Read what is there now, without waiting: > 0, 0 at end of file, -1 with errno. */
static long
rdnow(NpCFsys *fs, void *p, size_t n)
{
	struct pollfd pfd;
	long m;

	if(fs->sock){
		m = recv(fs->fd, p, n, MSG_DONTWAIT);
		if(m >= 0 || errno != ENOTSOCK)
			return m;
		fs->sock = 0;
	}
	pfd.fd = fs->fd;
	pfd.events = POLLIN;
	if((m = poll(&pfd, 1, 0)) <= 0){
		if(m == 0)
			errno = EAGAIN;
		return -1;
	}
	return read(fs->fd, p, n);
}

static void*
reader(void *v)
{
	NpCFsys *fs;
	uchar *p;
	size_t n;
	long m;
	int e;
	Rpc *r;
	const char *err;
	char buf[ERRMAX];

	fs = v;
	err = nil;
	pthread_mutex_lock(&fs->lk);
	while(!fs->stopreader && (err = fs->sendfailed) == nil){
		r = _npfsrxspace(fs, &p, &n);
		if(r != nil)
			r->filling = 1;
		pthread_mutex_unlock(&fs->lk);
		m = rdnow(fs, p, n);
		e = errno;
		pthread_mutex_lock(&fs->lk);
		if(r != nil){
			r->filling = 0;
			if(fs->fillwait)	/* rare: no wakeup of r's waiter for every read */
				pthread_cond_broadcast(&fs->fillcond);
		}
		if(m > 0){
			if((err = _npfsrxgot(fs, m)) != nil)
				break;
			continue;
		}
		if(m == 0){
			err = Ehungup;
			break;
		}
		if(e == EAGAIN || e == EWOULDBLOCK || e == EINTR){
			pthread_mutex_unlock(&fs->lk);
			waitreadable(fs);
			pthread_mutex_lock(&fs->lk);
			continue;
		}
		snprintf(buf, sizeof buf, "9P read: %s", strerror(e));
		err = buf;
		break;
	}
	if(fs->stopreader){
		pthread_mutex_unlock(&fs->lk);
		return nil;
	}
	_npfshangup(fs, err);
	pthread_mutex_unlock(&fs->lk);
	_npfscallhangup(fs);
	return nil;
}

int
_npfsthreadstart(NpCFsys *fs)
{
	if(pipe2(fs->wakefd, O_CLOEXEC) < 0){
		p9oserror(errno);
		return -1;
	}
	fs->stopreader = 0;
	/* the reader takes no notes: they are the program's, for its own threads */
	if(p9pthreadnonotes(&fs->reader, nil, reader, fs) < 0){
		p9werrstr("cannot start reader thread");
		close(fs->wakefd[0]);
		close(fs->wakefd[1]);
		return -1;
	}
	fs->running = 1;
	return 0;
}

/* Stop the reader (it leaves the receiver's state as it is) and wait for it. */
void
_npfsthreadstop(NpCFsys *fs)
{
	if(!fs->running)
		return;
	pthread_mutex_lock(&fs->lk);
	fs->stopreader = 1;
	pthread_mutex_unlock(&fs->lk);
	if(write(fs->wakefd[1], "x", 1) < 0){
		/* the pipe is empty and ours: cannot fail */
	}
	pthread_join(fs->reader, nil);
	close(fs->wakefd[0]);
	close(fs->wakefd[1]);
	fs->running = 0;
}

/* A send failed part-way: the stream is broken; have the reader hang up. */
static void
broken(NpCFsys *fs, const char *err)
{
	pthread_mutex_lock(&fs->lk);
	if(fs->sendfailed == nil)
		fs->sendfailed = err;
	pthread_mutex_unlock(&fs->lk);
	shutdown(fs->fd, SHUT_RDWR);
	if(write(fs->wakefd[1], "x", 1) < 0){
		/* the reader wakes up anyway */
	}
}

/* Wait until fd takes more bytes: 0, or -1 when the deadline passed. */
static int
waitwritable(int fd, const struct timespec *deadline)
{
	struct pollfd pfd;
	struct timespec now;
	long ms;
	int n;

	for(;;){
		ms = -1;
		if(deadline != nil){
			clock_gettime(CLOCK_REALTIME, &now);
			ms = (deadline->tv_sec - now.tv_sec) * 1000
				+ (deadline->tv_nsec - now.tv_nsec) / 1000000;
			if(ms <= 0)
				return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if((n = poll(&pfd, 1, ms)) > 0)
			return 0;
		if(n < 0 && errno != EINTR)
			return -1;
	}
}

/*
 * Write all of iov: 0; -1 when nothing went out before the deadline; -2 when the
 * connection broke (*err says why), or the deadline passed part-way. MSG_NOSIGNAL,
 * because a library must not kill its caller with SIGPIPE.
 */
static int
sendall(NpCFsys *fs, struct iovec *iov, int niov, const struct timespec *deadline,
	const char **err)
{
	struct msghdr m;
	long n, sent;

	sent = 0;
	while(niov > 0){
		if(iov->iov_len == 0){
			iov++;
			niov--;
			continue;
		}
		if(fs->sock){
			memset(&m, 0, sizeof m);
			m.msg_iov = iov;
			m.msg_iovlen = niov;
			n = sendmsg(fs->fd, &m, MSG_NOSIGNAL|MSG_DONTWAIT);
			if(n < 0 && errno == ENOTSOCK){
				fs->sock = 0;
				continue;
			}
		}else
			n = writev(fs->fd, iov, niov);
		if(n < 0 && errno == EINTR)
			continue;
		if(n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)){
			if(waitwritable(fs->fd, deadline) == 0)
				continue;
			*err = "9P write timed out part-way";
			return sent > 0 ? -2 : -1;
		}
		if(n <= 0){
			*err = n < 0 && errno != EPIPE && errno != ECONNRESET ? "9P write failed" : Ehungup;
			return -2;
		}
		sent += n;
		while(n > 0 && niov > 0){
			if((size_t)n < iov->iov_len){
				iov->iov_base = (char*)iov->iov_base + n;
				iov->iov_len -= n;
				n = 0;
			}else{
				n -= iov->iov_len;
				iov++;
				niov--;
			}
		}
	}
	return 0;
}

static int
send1(NpCFsys *fs, Rpc *r, const struct timespec *deadline, const char **err)
{
	struct iovec iov[2];

	iov[0].iov_base = r->tbuf;
	iov[0].iov_len = r->ntbuf;
	iov[1].iov_base = r->data;
	iov[1].iov_len = r->ndata;
	return sendall(fs, iov, 2, deadline, err);
}

/*
 * Send r (tagged) from the caller's thread, after what the receiver queued. 0 when it went
 * out (or the connection broke: the reader fails r); -1 if nothing of it went out before
 * the deadline.
 */
int
_npfsthreadsend(NpCFsys *fs, Rpc *r, const struct timespec *deadline)
{
	Rpc *q, *next;
	int n;
	const char *err;

	if(deadline != nil ? pthread_mutex_timedlock(&fs->wlk, deadline) != 0
	: pthread_mutex_lock(&fs->wlk) != 0)
		return -1;
	pthread_mutex_lock(&fs->lk);
	q = _npfstakeq(fs);
	for(next = q; next != nil; next = next->next)
		next->ref++;	/* ours while we send: its reply may come (and free it) meanwhile */
	pthread_mutex_unlock(&fs->lk);
	err = nil;
	for(n = 0; q != nil; q = next){
		next = q->next;
		q->next = nil;
		if(n == 0 && (n = send1(fs, q, deadline, &err)) == -1)
			n = -2;	/* tagged: it must go out, or the connection goes */
		pthread_mutex_lock(&fs->lk);
		_npfsunref(q, 1);
		pthread_mutex_unlock(&fs->lk);
	}
	if(n == 0)
		n = send1(fs, r, deadline, &err);
	pthread_mutex_unlock(&fs->wlk);
	if(n == -2)
		broken(fs, err);
	return n == -1 ? -1 : 0;
}
