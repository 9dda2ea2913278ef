/* netaddr.c: dial strings: p9dialparse, p9netmkaddr, service names, socket names. */
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/un.h>
#include "netimpl.h"

/* Plan 9's own service names (9front's /lib/ndb/common), tried before /etc/services. */
static const struct {
	const char *name;
	int port;
} plan9svc[] = {
	{ "9fs", 564 }, { "whoami", 565 }, { "guard", 566 }, { "ticket", 567 },
	{ "secstore", 5356 }, { "styx", 6666 }, { "exportfs", 17007 }, { "rexexec", 17009 },
	{ "ncpu", 17010 }, { "cpu", 17013 }, { "rcpu", 17019 }, { "t9fs", 17020 },
	{ "venti", 17034 }, { "wiki", 17035 }, { "aan", 17037 }, { "9fsa", 18008 },
};

static int
lookservice(const char *svc)
{
	struct servent se, *res;
	char buf[1024], *e;
	long n;
	uint i;

	if(svc[strspn(svc, "0123456789")] == 0){
		n = strtol(svc, &e, 10);
		if(strlen(svc) > 5 || n > 65535){
			p9werrstr("bad port number %s", svc);
			return -1;
		}
		return n;
	}
	for(i = 0; i < sizeof plan9svc / sizeof plan9svc[0]; i++)
		if(strcmp(plan9svc[i].name, svc) == 0)
			return plan9svc[i].port;
	if(getservbyname_r(svc, "tcp", &se, buf, sizeof buf, &res) == 0 && res != nil)
		return ntohs(se.s_port);
	p9werrstr("unknown service %s", svc);
	return -1;
}

void
p9_netfree(Netaddr *na)
{
	free(na->net);
	free(na->host);
	free(na->service);
	memset(na, 0, sizeof *na);
}

static char*
dupn(const char *s, long n)
{
	char *p;

	p = malloc(n + 1);
	if(p != nil){
		memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

/* Split addr into its pieces (see lib9.h) and resolve the service of a tcp address. */
int
p9_netparse(const char *addr, Netaddr *na)
{
	const char *p, *q;
	char dir[512];

	memset(na, 0, sizeof *na);
	if(addr == nil || *addr == 0){
		p9werrstr("empty address");
		return -1;
	}
	p = strchr(addr, '!');
	if(p == nil){
		/* a service posted in the srv directory */
		if(strchr(addr, '/') != nil || strcmp(addr, ".") == 0 || strcmp(addr, "..") == 0){
			p9werrstr("bad srv name %s", addr);
			return -1;
		}
		if(p9srvdir(dir, sizeof dir) == nil)
			return -1;
		na->net = strdup("unix");
		na->host = p9smprint("%s/%s", dir, addr);
		goto check;
	}
	q = strchr(p + 1, '!');
	na->net = dupn(addr, p - addr);
	if(na->net == nil)
		goto nomem;
	if(q == nil){
		if(strcmp(na->net, "unix") != 0 && strcmp(na->net, "net") != 0){
			p9werrstr("missing service in address %s", addr);
			goto err;
		}
		free(na->net);
		na->net = strdup("unix");
		na->host = strdup(p + 1);
		goto check;
	}
	if(strcmp(na->net, "unix") == 0){
		p9werrstr("bad unix address %s", addr);
		goto err;
	}
	if(strcmp(na->net, "net") == 0){
		free(na->net);
		na->net = strdup("tcp");
	}else if(strcmp(na->net, "tcp") != 0 && strcmp(na->net, "tcp4") != 0 &&
	    strcmp(na->net, "tcp6") != 0){
		p9werrstr("unknown network %s", na->net);
		goto err;
	}
	if(q[1] == 0 || strchr(q + 1, '!') != nil){
		p9werrstr("bad service in address %s", addr);
		goto err;
	}
	/* allow [v6addr] */
	if(p[1] == '[' && q[-1] == ']')
		na->host = dupn(p + 2, q - p - 3);
	else
		na->host = dupn(p + 1, q - p - 1);
	na->service = strdup(q + 1);
	if(na->net == nil || na->host == nil || na->service == nil)
		goto nomem;
	if(*na->host == 0){
		p9werrstr("empty host in address %s", addr);
		goto err;
	}
	na->port = lookservice(na->service);
	if(na->port < 0)
		goto err;
	return 0;

check:
	if(na->net == nil || na->host == nil)
		goto nomem;
	if(*na->host == 0){
		p9werrstr("empty unix socket path");
		goto err;
	}
	return 0;
nomem:
	p9werrstr("out of memory");
err:
	p9_netfree(na);
	return -1;
}

int
p9dialparse(const char *addr, char **net, char **host, char **service)
{
	Netaddr na;

	if(p9_netparse(addr, &na) < 0)
		return -1;
	*net = na.net;
	*host = na.host;
	*service = na.service;
	return 0;
}

char*
p9netmkaddr(const char *addr, const char *defnet, const char *defservice, char *buf, int nbuf)
{
	const char *p;

	p = strchr(addr, '!');
	if(p == nil){
		if(defnet == nil)
			defnet = "net";
		if(defservice != nil)
			p9snprint(buf, nbuf, "%s!%s!%s", defnet, addr, defservice);
		else
			p9snprint(buf, nbuf, "%s!%s", defnet, addr);
	}else if(strchr(p + 1, '!') != nil || defservice == nil)
		p9snprint(buf, nbuf, "%s", addr);
	else
		p9snprint(buf, nbuf, "%s!%s", addr, defservice);
	return buf;
}

int
p9_unixaddr(const char *path, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_un *un;

	un = (struct sockaddr_un*)ss;
	memset(ss, 0, sizeof *ss);
	if(strlen(path) >= sizeof un->sun_path){
		p9werrstr("unix socket name too long");
		return -1;
	}
	un->sun_family = AF_UNIX;
	strcpy(un->sun_path, path);
	*len = sizeof *un;
	return 0;
}

/* Name a socket address as a dial string: tcp!1.2.3.4!564, tcp!*!564, tcp!::1!564, unix!path. */
int
p9_sockname(const struct sockaddr *sa, socklen_t len, char *buf, int nbuf)
{
	const struct sockaddr_in *in4;
	const struct sockaddr_in6 *in6;
	const struct sockaddr_un *un;
	char host[INET6_ADDRSTRLEN];
	struct in_addr a4;
	int port;

	switch(sa->sa_family){
	case AF_INET:
		in4 = (const struct sockaddr_in*)sa;
		port = ntohs(in4->sin_port);
		if(in4->sin_addr.s_addr == htonl(INADDR_ANY))
			strcpy(host, "*");
		else
			inet_ntop(AF_INET, &in4->sin_addr, host, sizeof host);
		break;
	case AF_INET6:
		in6 = (const struct sockaddr_in6*)sa;
		port = ntohs(in6->sin6_port);
		if(IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr))
			strcpy(host, "*");
		else if(IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr)){
			memcpy(&a4, in6->sin6_addr.s6_addr + 12, 4);
			inet_ntop(AF_INET, &a4, host, sizeof host);
		}else
			inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
		break;
	case AF_UNIX:
		un = (const struct sockaddr_un*)sa;
		if(len <= offsetof(struct sockaddr_un, sun_path) || un->sun_path[0] == 0)
			p9snprint(buf, nbuf, "unix!");
		else
			p9snprint(buf, nbuf, "unix!%.*s", (int)(len - offsetof(struct sockaddr_un,
				sun_path)), un->sun_path);
		return 0;
	default:
		p9werrstr("unknown address family %d", sa->sa_family);
		return -1;
	}
	p9snprint(buf, nbuf, "tcp!%s!%d", host, port);
	return 0;
}
