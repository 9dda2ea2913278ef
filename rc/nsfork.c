/* nsfork.c: rfork n and N in a name space started by 9 ns: a new mount namespace, told to nsd. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include "rc.h"

int _nsnomount(void);	/* libns/nomnt.c */

/*
 * rc links nothing but the C library, so this speaks nsd's control protocol (nsd(4)) by
 * hand: one request a connection, "rfork" with the new and the old mount namespace,
 * "clean" for nsd's own (the root 9 ns built, with nothing bound), "new" for a clean one.
 */

/* nsd's socket for this user namespace, connected and checked to be the user's; or -1. */
static int
dialnsd(void)
{
	struct sockaddr_un sa;
	struct ucred cred;
	struct stat st;
	socklen_t len;
	int fd, n;

	if(stat("/proc/self/ns/user", &st) < 0)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	n = snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "planten-nsd.%u.%llu",
		(unsigned)getuid(), (unsigned long long)st.st_ino);
	if((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	len = sizeof cred;
	if(connect(fd, (struct sockaddr*)&sa, offsetof(struct sockaddr_un, sun_path) + 1 + n) < 0 ||
	   getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.uid != getuid()){
		close(fd);
		return -1;
	}
	return fd;
}

/* Send req with our mount namespace (and extra, if >= 0); the reply's descriptor to *rfd. */
static int
call(int fd, const char *req, int extra, int *rfd)
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh;
	struct cmsghdr *cm;
	struct iovec iov;
	char reply[256];
	int fds[2], n;
	ssize_t r;

	if((fds[0] = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	fds[1] = extra;
	n = extra >= 0 ? 2 : 1;
	memset(&mh, 0, sizeof mh);
	memset(&u, 0, sizeof u);
	iov.iov_base = (char*)req;
	iov.iov_len = strlen(req);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
	cm = CMSG_FIRSTHDR(&mh);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(cm), fds, n * sizeof(int));
	r = sendmsg(fd, &mh, MSG_NOSIGNAL);
	close(fds[0]);
	if(r < 0)
		return -1;
	iov.iov_base = reply;
	iov.iov_len = sizeof reply - 1;
	mh.msg_controllen = sizeof u.buf;
	if((r = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC)) <= 0)
		return -1;
	*rfd = -1;
	cm = CMSG_FIRSTHDR(&mh);
	if(cm != nil && cm->cmsg_type == SCM_RIGHTS && cm->cmsg_len >= CMSG_LEN(sizeof(int)))
		memcpy(rfd, CMSG_DATA(cm), sizeof(int));
	if(r < 2 || strncmp(reply, "ok", 2) != 0){
		if(*rfd >= 0)
			close(*rfd);
		errno = EPROTO;
		return -1;
	}
	return 0;
}

static int
request(const char *req, int extra, int *rfd)
{
	int fd, r;

	if((fd = dialnsd()) < 0)
		return -1;
	r = call(fd, req, extra, rfd);
	close(fd);
	return r;
}

/* rfork n (clean 0) or N: 0 done, 1 when there is no nsd (nothing done), -1 with errno. */
int
rcnsfork(int clean)
{
	char cwd[PATH_MAX];
	int fd, old, r;

	if((fd = dialnsd()) < 0)
		return 1;
	close(fd);
	if(clean){
		if(request("clean", -1, &fd) < 0 || fd < 0)
			return -1;
		if(getcwd(cwd, sizeof cwd) == nil)
			strcpy(cwd, "/");
		/* the group left behind goes with new: the clean one keeps its rfork m */
		if((old = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0){
			close(fd);
			return -1;
		}
		r = setns(fd, CLONE_NEWNS);
		close(fd);
		if(r < 0 || unshare(CLONE_NEWNS) < 0 || (chdir(cwd) < 0 && chdir("/") < 0)){
			close(old);
			return -1;
		}
		r = request("new", old, &fd);
		close(old);
		return r;
	}
	if((old = open("/proc/self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if(unshare(CLONE_NEWNS) < 0){
		close(old);
		return -1;
	}
	r = request("rfork", old, &fd);
	close(old);
	return r;
}

/*
 * rfork m: nsd refuses mounts and devices but #c to this group and those made from it;
 * the seccomp filter takes the kernel's own ways to new file systems from rc and its
 * children. Outside a name space of 9 ns, only the filter. 0, or -1 with errno.
 */
int
rcnsnomnt(void)
{
	int fd;

	if((fd = dialnsd()) >= 0){
		close(fd);
		if(request("nomnt", -1, &fd) < 0)
			return -1;
	}
	return _nsnomount();
}
