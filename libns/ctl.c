/* ctl.c: talking to nsd: its control socket, and messages with descriptors attached. */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

/* nsd's socket is abstract, named after the user namespace, so any mount table reaches it. */
char*
nsctlname(char *buf, int n)
{
	struct stat st;

	if(stat("/proc/self/ns/user", &st) < 0){
		_nssyserr("/proc/self/ns/user");
		return nil;
	}
	p9snprint(buf, n, "planten-nsd.%ud.%ulld", getuid(), (uvlong)st.st_ino);
	return buf;
}

int
_nsctldial(void)
{
	struct sockaddr_un sa;
	struct ucred cred;
	socklen_t len;
	char name[80];
	int fd;

	if(nsctlname(name, sizeof name) == nil)
		return -1;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	memmove(sa.sun_path + 1, name, strlen(name));
	if((fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0)) < 0)
		return _nssyserr("socket");
	if(connect(fd, (struct sockaddr*)&sa, offsetof(struct sockaddr_un, sun_path) + 1 +
	   strlen(name)) < 0){
		close(fd);
		p9werrstr("no name space daemon (not in a name space started by 9 ns)");
		return -1;
	}
	/* only our own nsd: anyone may take an abstract name */
	len = sizeof cred;
	if(getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0 || cred.uid != getuid()){
		close(fd);
		p9werrstr("name space daemon socket held by another user");
		return -1;
	}
	return fd;
}

int
_nsctlsend(int fd, const char *msg, const int *fds, int nfds)
{
	union {
		char buf[CMSG_SPACE(NsctlMaxfd * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh;
	struct cmsghdr *cm;
	struct iovec iov;

	if(nfds > NsctlMaxfd){
		p9werrstr("too many descriptors");
		return -1;
	}
	memset(&mh, 0, sizeof mh);
	iov.iov_base = (void*)msg;
	iov.iov_len = strlen(msg);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if(nfds > 0){
		memset(&u, 0, sizeof u);
		mh.msg_control = u.buf;
		mh.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memmove(CMSG_DATA(cm), fds, nfds * sizeof(int));
	}
	while(sendmsg(fd, &mh, MSG_NOSIGNAL) < 0)
		if(errno != EINTR)
			return _nssyserr("send to nsd");
	return 0;
}

/*
 * Receive one message into buf (NUL-terminated) and its descriptors into fds (room for
 * NsctlMaxfd); returns the text's length, 0 at end of file, -1 on error. Descriptors
 * beyond NsctlMaxfd, or with a truncated message, are closed and make it an error.
 */
long
_nsctlrecv(int fd, char *buf, long nbuf, int *fds, int *nfds)
{
	union {
		char buf[CMSG_SPACE(NsctlMaxfd * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct msghdr mh;
	struct cmsghdr *cm;
	struct iovec iov;
	long n;
	int i, k, bad, *p;

	memset(&mh, 0, sizeof mh);
	iov.iov_base = buf;
	iov.iov_len = nbuf - 1;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = u.buf;
	mh.msg_controllen = sizeof u.buf;
	while((n = recvmsg(fd, &mh, MSG_CMSG_CLOEXEC)) < 0)
		if(errno != EINTR)
			return _nssyserr("receive");
	*nfds = 0;
	bad = (mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0;
	for(cm = CMSG_FIRSTHDR(&mh); cm != nil; cm = CMSG_NXTHDR(&mh, cm)){
		if(cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS)
			continue;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		p = (int*)CMSG_DATA(cm);
		for(i = 0; i < k; i++){
			if(*nfds < NsctlMaxfd && !bad)
				fds[(*nfds)++] = p[i];
			else{
				close(p[i]);
				bad = 1;
			}
		}
	}
	if(bad){
		for(i = 0; i < *nfds; i++)
			close(fds[i]);
		*nfds = 0;
		p9werrstr("message too long");
		errno = EMSGSIZE;
		return -1;
	}
	buf[n] = 0;
	return n;
}

int
_nsselfns(void)
{
	int fd;

	if((fd = open("/proc/thread-self/ns/mnt", O_RDONLY | O_CLOEXEC)) < 0)
		return _nssyserr("/proc/thread-self/ns/mnt");
	return fd;
}

/*
 * One request and its reply. The caller's mount namespace goes first with fds. A reply
 * "error why" sets errstr to why; "ok ..." puts what follows ok in reply. Descriptors that
 * came with the reply are in rfds (the caller closes them); rfds may be nil to refuse any.
 * Returns 0, -1 on error, or -2 when there is no nsd to call.
 */
int
_nscall(const char *req, const int *fds, int nfds, char *reply, long nreply, int *rfds,
	int *nrfds)
{
	int all[NsctlMaxfd], got[NsctlMaxfd];
	int fd, i, ngot;
	char *buf;
	long n;

	if(nrfds != nil)
		*nrfds = 0;
	if(nfds + 1 > NsctlMaxfd){
		p9werrstr("too many descriptors");
		return -1;
	}
	if((fd = _nsctldial()) < 0)
		return -2;
	if((all[0] = _nsselfns()) < 0){
		close(fd);
		return -1;
	}
	for(i = 0; i < nfds; i++)
		all[i + 1] = fds[i];
	if(_nsctlsend(fd, req, all, nfds + 1) < 0){
		close(all[0]);
		close(fd);
		return -1;
	}
	close(all[0]);
	if((buf = malloc(NsctlMaxmsg + 1)) == nil){
		close(fd);
		p9werrstr("out of memory");
		return -1;
	}
	n = _nsctlrecv(fd, buf, NsctlMaxmsg + 1, got, &ngot);
	close(fd);
	if(n <= 0){
		if(n == 0)
			p9werrstr("name space daemon hung up");
		free(buf);
		return -1;
	}
	if(strncmp(buf, "error ", 6) == 0 || strcmp(buf, "error") == 0){
		p9werrstr("%s", buf[5] ? buf + 6 : "unknown error");
		goto bad;
	}
	if(strncmp(buf, "ok", 2) != 0 || (buf[2] != 0 && buf[2] != ' ')){
		p9werrstr("bad reply from name space daemon");
		goto bad;
	}
	if(ngot > 0 && rfds == nil){
		p9werrstr("unexpected descriptors from name space daemon");
		goto bad;
	}
	if(reply != nil)
		p9strecpy(reply, reply + nreply, buf[2] ? buf + 3 : "");
	for(i = 0; i < ngot; i++)
		rfds[i] = got[i];
	if(nrfds != nil)
		*nrfds = ngot;
	free(buf);
	return 0;
bad:
	for(i = 0; i < ngot; i++)
		close(got[i]);
	free(buf);
	return -1;
}
