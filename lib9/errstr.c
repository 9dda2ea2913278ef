/* errstr.c: the per-thread error string, p9werrstr, p9errstr, and errno in Plan 9 words. */
#include <errno.h>
#include <string.h>
#include <planten/lib9.h>

static _Thread_local char ownerrbuf[ERRMAX];
static _Thread_local char oserrbuf[ERRMAX];
/* a thread library points this at its running thread's own buffer (see p9errbufslot) */
static _Thread_local char *curerrbuf;
#define errbuf	(curerrbuf != nil ? curerrbuf : ownerrbuf)

char**
p9errbufslot(void)
{
	return &curerrbuf;
}

void
p9vwerrstr(const char *fmt, va_list arg)
{
	char buf[ERRMAX];

	p9vsnprint(buf, sizeof buf, fmt, arg);
	memcpy(errbuf, buf, ERRMAX);
}

void
p9werrstr(const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	p9vwerrstr(fmt, arg);
	va_end(arg);
}

/* Swap the thread's error string with buf, as Plan 9's errstr(2) does. */
int
p9errstr(char *buf, uint nbuf)
{
	char tmp[ERRMAX];

	if(nbuf == 0)
		return 0;
	if(nbuf > ERRMAX)
		nbuf = ERRMAX;
	p9utfecpy(tmp, tmp + nbuf, buf);
	p9utfecpy(buf, buf + nbuf, errbuf);
	memcpy(errbuf, tmp, ERRMAX);
	return 0;
}

void
p9rerrstr(char *buf, uint nbuf)
{
	if(nbuf == 0)
		return;
	p9utfecpy(buf, buf + nbuf, errbuf);
}

static const struct {
	int err;
	const char *msg;
} errtab[] = {
	{ ENOENT, "file does not exist" },
	{ EACCES, "permission denied" },
	{ EPERM, "permission denied" },
	{ EEXIST, "file already exists" },
	{ ENOTDIR, "not a directory" },
	{ EISDIR, "is a directory" },
	{ ENOTEMPTY, "directory not empty" },
	{ ECONNREFUSED, "connection refused" },
	{ ENOMEM, "out of memory" },
	{ EINTR, "interrupted" },
	{ EBADF, "fd out of range or not open" },
	{ EINVAL, "bad arg in system call" },
	{ ENAMETOOLONG, "file name too long" },
	{ EROFS, "file system is read-only" },
	{ ENOSPC, "file system full" },
	{ EPIPE, "write on closed pipe" },
	{ ETIMEDOUT, "connection timed out" },
	{ ECONNRESET, "connection reset" },
	{ EHOSTUNREACH, "host unreachable" },
	{ ENETUNREACH, "network unreachable" },
	{ EADDRINUSE, "address in use" },
	{ EAGAIN, "resource temporarily unavailable" },
	{ EXDEV, "cross-device link" },
	{ ELOOP, "too many levels of symbolic links" },
	{ EMFILE, "too many open files" },
	{ ENFILE, "too many open files in system" },
	{ ESPIPE, "seek on a stream" },
	{ EBUSY, "device or object busy" },
	{ ENOSYS, "function not implemented" },
	{ EIO, "i/o error" },
};

const char*
p9errnostr(int err)
{
	char *s, *p;
	uint i;

	for(i = 0; i < sizeof errtab / sizeof errtab[0]; i++)
		if(errtab[i].err == err)
			return errtab[i].msg;
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
	s = strerror_r(err, oserrbuf, sizeof oserrbuf);
	if(s != oserrbuf)
		p9utfecpy(oserrbuf, oserrbuf + sizeof oserrbuf, s);
#else
	if(strerror_r(err, oserrbuf, sizeof oserrbuf) != 0)
		p9snprint(oserrbuf, sizeof oserrbuf, "unknown error %d", err);
#endif
	for(p = oserrbuf; *p; p++)
		if(*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	s = oserrbuf;
	return s;
}

int
p9oserror(int err)
{
	const char *s;

	s = p9errnostr(err);
	p9utfecpy(errbuf, errbuf + ERRMAX, s);
	return -1;
}
