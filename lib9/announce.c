/* announce.c: p9announce, p9listen, p9listenfd, p9accept, p9reject. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "netimpl.h"

enum { Backlog = 128 };

static int
announceunix(Netaddr *na, char *adir)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, probe;

	if(p9_unixaddr(na->host, &ss, &len) < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if(fd < 0)
		return p9oserror(errno);
	if(bind(fd, (struct sockaddr*)&ss, len) < 0){
		if(errno != EADDRINUSE)
			goto err;
		/* a socket file is there: take it over only if nobody answers on it */
		probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if(probe < 0)
			goto err;
		if(connect(probe, (struct sockaddr*)&ss, len) == 0 || errno != ECONNREFUSED){
			close(probe);
			errno = EADDRINUSE;
			goto err;
		}
		close(probe);
		unlink(na->host);
		if(bind(fd, (struct sockaddr*)&ss, len) < 0)
			goto err;
	}
	if(listen(fd, Backlog) < 0)
		goto err;
	if(adir != nil)
		p9snprint(adir, NETPATHLEN, "unix!%s", na->host);
	return fd;
err:
	p9oserror(errno);
	close(fd);
	return -1;
}

static int
bindtcp(struct addrinfo *a)
{
	int fd, one, zero;

	fd = socket(a->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if(fd < 0)
		return -1;
	one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if(a->ai_family == AF_INET6){
		/* '*' on tcp means both families */
		zero = 0;
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof zero);
	}
	if(bind(fd, a->ai_addr, a->ai_addrlen) < 0 || listen(fd, Backlog) < 0){
		close(fd);
		return -1;
	}
	return fd;
}

static int
announcetcp(Netaddr *na, char *adir)
{
	struct addrinfo hints, *ai, *a;
	struct sockaddr_storage ss;
	socklen_t len;
	char port[16];
	int fd, r, err;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = strcmp(na->net, "tcp4") == 0 ? AF_INET :
		strcmp(na->net, "tcp6") == 0 ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(port, sizeof port, "%d", na->port);
	r = getaddrinfo(strcmp(na->host, "*") == 0 ? nil : na->host, port, &hints, &ai);
	if(r != 0){
		p9werrstr("unknown host %s: %s", na->host, gai_strerror(r));
		return -1;
	}
	fd = -1;
	err = EADDRNOTAVAIL;
	/* prefer an IPv6 socket for '*': it takes IPv4 calls as well */
	for(a = ai; a != nil && fd < 0; a = a->ai_next)
		if(a->ai_family == AF_INET6 && strcmp(na->host, "*") == 0){
			fd = bindtcp(a);
			if(fd < 0)
				err = errno;
		}
	for(a = ai; a != nil && fd < 0; a = a->ai_next){
		fd = bindtcp(a);
		if(fd < 0)
			err = errno;
	}
	freeaddrinfo(ai);
	if(fd < 0)
		return p9oserror(err);
	len = sizeof ss;
	if(getsockname(fd, (struct sockaddr*)&ss, &len) < 0){
		p9oserror(errno);
		close(fd);
		return -1;
	}
	if(adir != nil && p9_sockname((struct sockaddr*)&ss, len, adir, NETPATHLEN) < 0){
		close(fd);
		return -1;
	}
	return fd;
}

int
p9announce(const char *addr, char *adir)
{
	Netaddr na;
	int fd;

	if(p9_netparse(addr, &na) < 0){
		p9werrstr("announce %s: %r", addr);
		return -1;
	}
	if(strcmp(na.net, "unix") == 0)
		fd = announceunix(&na, adir);
	else
		fd = announcetcp(&na, adir);
	p9_netfree(&na);
	if(fd < 0)
		p9werrstr("announce %s: %r", addr);
	return fd;
}

int
p9listenfd(int afd, char *ldir)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd, one;

	for(;;){
		len = sizeof ss;
		fd = accept(afd, (struct sockaddr*)&ss, &len);
		if(fd >= 0)
			break;
		if(errno != EINTR && errno != ECONNABORTED)
			return p9oserror(errno);
	}
	if(ss.ss_family == AF_INET || ss.ss_family == AF_INET6){
		one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	}else{
		len = sizeof ss;
		getsockname(fd, (struct sockaddr*)&ss, &len);
	}
	if(ldir != nil && p9_sockname((struct sockaddr*)&ss, len, ldir, NETPATHLEN) < 0)
		*ldir = 0;
	return fd;
}

/* Is fd a listening socket whose name is adir? */
static int
isannounced(int fd, const char *adir)
{
	struct sockaddr_storage ss;
	char name[NETPATHLEN];
	socklen_t len;
	int on;

	len = sizeof on;
	if(getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) < 0 || !on)
		return 0;
	len = sizeof ss;
	if(getsockname(fd, (struct sockaddr*)&ss, &len) < 0)
		return 0;
	if(p9_sockname((struct sockaddr*)&ss, len, name, sizeof name) < 0)
		return 0;
	return strcmp(name, adir) == 0;
}

/*
 * Unix has no /net/tcp/N/listen file: find the socket p9announce named adir among the
 * process's open descriptors (each listen scans them; p9listenfd avoids that).
 */
int
p9listen(const char *adir, char *ldir)
{
	struct rlimit rl;
	struct dirent *de;
	DIR *d;
	long fd, max;
	char *e;

	if(adir == nil || strchr(adir, '!') == nil){
		p9werrstr("listen: bad announce directory %s", adir ? adir : "<nil>");
		return -1;
	}
	d = opendir("/proc/self/fd");
	if(d != nil){
		while((de = readdir(d)) != nil){
			fd = strtol(de->d_name, &e, 10);
			if(*e == 0 && e != de->d_name && fd != dirfd(d) && isannounced(fd, adir)){
				closedir(d);
				return p9listenfd(fd, ldir);
			}
		}
		closedir(d);
	}else{
		max = 1024;
		if(getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
			max = rl.rlim_cur > 65536 ? 65536 : rl.rlim_cur;
		for(fd = 0; fd < max; fd++)
			if(isannounced(fd, adir))
				return p9listenfd(fd, ldir);
	}
	p9werrstr("listen: %s not announced", adir);
	return -1;
}

/* The control fd of a call is its connection: accept hands back a descriptor of its own. */
int
p9accept(int ctl, const char *ldir)
{
	int fd;

	if(ctl < 0){
		p9werrstr("accept: bad control fd");
		return -1;
	}
	fd = dup(ctl);
	if(fd < 0)
		return p9oserror(errno);
	return fd;
}

int
p9reject(int ctl, const char *ldir, const char *cause)
{
	if(ctl < 0){
		p9werrstr("reject: bad control fd");
		return -1;
	}
	if(shutdown(ctl, SHUT_RDWR) < 0)
		return p9oserror(errno);
	return 0;
}
