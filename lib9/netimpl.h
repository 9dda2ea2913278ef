/* netimpl.h: lib9's private helpers shared by the dial, announce and listen code. */
#include <sys/socket.h>
#include <planten/lib9.h>

#include "lib9impl.h"

typedef struct Netaddr Netaddr;
struct Netaddr {
	char *net;	/* "tcp", "tcp4", "tcp6" or "unix" */
	char *host;	/* host name, literal address, "*", or the unix socket path */
	char *service;	/* nil for unix */
	int port;	/* resolved service, for tcp */
};

P9HIDDEN int	p9_netparse(const char *addr, Netaddr *na);
P9HIDDEN void	p9_netfree(Netaddr *na);
P9HIDDEN int	p9_sockname(const struct sockaddr *sa, socklen_t len, char *buf, int nbuf);
P9HIDDEN int	p9_unixaddr(const char *path, struct sockaddr_storage *ss, socklen_t *len);
