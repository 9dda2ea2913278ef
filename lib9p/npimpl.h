/*
 * npimpl.h: what every part of lib9p shares privately: the macro that keeps a symbol
 * internal, and the check both ends make before putting a descriptor on a libuv loop.
 */
#ifndef PLANTEN_NPIMPL_H
#define PLANTEN_NPIMPL_H

#include <uv.h>
#include <planten/lib9.h>

/*
 * Functions shared between lib9p's files but not part of its interface carry the prefix
 * _np and this attribute, so the shared library does not export them.
 */
#define NPHIDDEN __attribute__((visibility("hidden")))

/*
 * How a 9P conversation on fd goes on a loop: 1 for a TCP socket, 0 for another stream
 * (a Unix socket, a pipe, a tty), -1 with errstr "what: not a pipe or socket" for a file or
 * a device, which libuv cannot poll (it would abort).
 */
static inline int
_npstreamkind(int fd, const char *what)
{
	switch(uv_guess_handle(fd)){
	case UV_TCP:
		return 1;
	case UV_NAMED_PIPE:
	case UV_TTY:
	case UV_UDP:
		return 0;
	default:
		p9werrstr("%s: not a pipe or socket", what);
		return -1;
	}
}

#endif
