/* dial.c: p9dial, connecting to tcp and unix addresses and srv names. */
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "netimpl.h"

static int
family(const char *net)
{
	if(strcmp(net, "tcp4") == 0)
		return AF_INET;
	if(strcmp(net, "tcp6") == 0)
		return AF_INET6;
	return AF_UNSPEC;
}

static int
dialunix(Netaddr *na, char *dir)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	if(p9_unixaddr(na->host, &ss, &len) < 0)
		return -1;
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	if(fd < 0)
		return p9oserror(errno);
	if(connect(fd, (struct sockaddr*)&ss, len) < 0){
		p9oserror(errno);
		close(fd);
		return -1;
	}
	if(dir != nil)
		p9snprint(dir, NETPATHLEN, "unix!%s", na->host);
	return fd;
}

/* Bind fd to the local address "tcp!host!port" (host may be '*'). */
static int
bindlocal(int fd, int fam, const char *local)
{
	struct addrinfo hints, *ai;
	char port[16];
	Netaddr la;
	int r;

	if(p9_netparse(local, &la) < 0)
		return -1;
	if(la.service == nil){
		p9_netfree(&la);
		p9werrstr("bad local address %s", local);
		return -1;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = fam;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	snprintf(port, sizeof port, "%d", la.port);
	r = getaddrinfo(strcmp(la.host, "*") == 0 ? nil : la.host, port, &hints, &ai);
	p9_netfree(&la);
	if(r != 0){
		p9werrstr("local address %s: %s", local, gai_strerror(r));
		return -1;
	}
	r = bind(fd, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if(r < 0)
		return p9oserror(errno);
	return 0;
}

static int
dialtcp(Netaddr *na, const char *local, char *dir)
{
	struct addrinfo hints, *ai, *a;
	char port[16];
	int fd, r, err, one;

	memset(&hints, 0, sizeof hints);
	hints.ai_family = family(na->net);
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV;
	snprintf(port, sizeof port, "%d", na->port);
	r = getaddrinfo(na->host, port, &hints, &ai);
	if(r != 0){
		if(r == EAI_SYSTEM)
			return p9oserror(errno);
		p9werrstr("unknown host %s: %s", na->host, gai_strerror(r));
		return -1;
	}
	fd = -1;
	err = ECONNREFUSED;
	for(a = ai; a != nil; a = a->ai_next){
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if(fd < 0){
			err = errno;
			continue;
		}
		if(local != nil && bindlocal(fd, a->ai_family, local) < 0){
			close(fd);
			freeaddrinfo(ai);
			return -1;
		}
		while((r = connect(fd, a->ai_addr, a->ai_addrlen)) < 0 && errno == EINTR)
			;
		if(r == 0){
			one = 1;
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
			if(dir != nil &&
			    p9_sockname(a->ai_addr, a->ai_addrlen, dir, NETPATHLEN) < 0)
				*dir = 0;
			break;
		}
		err = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if(fd < 0)
		return p9oserror(err);
	return fd;
}

int
p9dial(const char *addr, const char *local, char *dir, int *cfdp)
{
	Netaddr na;
	int fd;

	if(cfdp != nil)
		*cfdp = -1;
	if(p9_netparse(addr, &na) < 0){
		p9werrstr("dial %s: %r", addr);
		return -1;
	}
	if(strcmp(na.net, "unix") == 0)
		fd = dialunix(&na, dir);
	else
		fd = dialtcp(&na, local, dir);
	p9_netfree(&na);
	if(fd < 0)
		p9werrstr("dial %s: %r", addr);
	return fd;
}
