/*
 * compat.c: nsinstall, libns behind lib9's Plan 9 calls: p9bind, p9mount, p9unmount and
 * p9rfork's RFNAMEG and RFCNAMEG change the name space of 9 ns the caller is in.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

/* Whether there is a name space of 9 ns to change: its nsd answers. */
static int
inns(void)
{
	int fd;

	if((fd = _nsctldial()) < 0){
		p9werrstr("not in a planten namespace (start one with 9 ns)");
		return 0;
	}
	close(fd);
	return 1;
}

static int
bind9(const char *new, const char *old, int flag)
{
	if(!inns())
		return -1;
	return nsbind(new, old, flag);
}

/*
 * The name ns(1) prints for a mount of fd: the socket's path when it is connected to a
 * Unix socket with one (a posted service), else the descriptor.
 */
static void
fdname(int fd, char *buf, int n)
{
	struct sockaddr_un sa;
	socklen_t len;

	len = sizeof sa;
	memset(&sa, 0, sizeof sa);
	if(getpeername(fd, (struct sockaddr*)&sa, &len) == 0 && sa.sun_family == AF_UNIX &&
	   len > offsetof(struct sockaddr_un, sun_path) && sa.sun_path[0] == '/' &&
	   len < sizeof sa){
		p9snprint(buf, n, "%.*s", (int)(len - offsetof(struct sockaddr_un, sun_path)),
			sa.sun_path);
		return;
	}
	p9snprint(buf, n, "/fd/%d", fd);
}

/* Plan 9's mount leaves fd open, nsmount closes what it is given: a copy. */
static int
mount9(int fd, int afd, const char *old, int flag, const char *aname)
{
	char name[sizeof ((struct sockaddr_un*)0)->sun_path + 16];
	int cfd;

	if(!inns())
		return -1;
	if(afd >= 0){
		p9werrstr("authentication (afd) is not supported");
		return -1;
	}
	if((cfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0){
		if(errno == EBADF)
			p9werrstr("fd out of range or not open");
		else
			_nssyserr("dup");
		return -1;
	}
	fdname(fd, name, sizeof name);
	return nsmount(cfd, old, flag, aname, name, 0);
}

static int
unmount9(const char *new, const char *old)
{
	if(!inns())
		return -1;
	return nsunmount(new, old);
}

/*
 * Outside a name space RFNAMEG has nothing to copy: only RFCNAMEG fails, and RFNOMNT sets
 * its filter.
 */
static int
rfork9(int flag)
{
	int f;

	f = (flag & RFCNAMEG ? NSRFCNAMEG : flag & RFNAMEG ? NSRFNAMEG : 0) |
		(flag & RFNOMNT ? NSRFNOMNT : 0);
	if(!inns()){
		if(flag & RFCNAMEG)
			return -1;
		f &= NSRFNOMNT;
	}
	return nsrfork(f);
}

static int
check9(void)
{
	return inns() ? 0 : -1;
}

static const P9nsops ops = {
	.bind = bind9,
	.mount = mount9,
	.unmount = unmount9,
	.rfork = rfork9,
	.check = check9,
};

void
nsinstall(void)
{
	p9setnsops(&ops);
}
