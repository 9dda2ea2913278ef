/* cmd.h: small helpers shared by the commands in cmd/ (static, so each command has its own). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>

static const char *argv0 = "?";

/* Print "argv0: message" on standard error. */
static inline void
vwarn(const char *fmt, va_list arg)
{
	char buf[1024];

	p9vsnprint(buf, sizeof buf, fmt, arg);
	p9fprint(2, "%s: %s\n", argv0, buf);
}

/* Print "argv0: message" on standard error and carry on. */
static inline void
warn(const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	vwarn(fmt, arg);
	va_end(arg);
}

/* Print "argv0: message" on standard error and exit with status 1. */
static inline void __attribute__((noreturn))
fatal(const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	vwarn(fmt, arg);
	va_end(arg);
	exit(1);
}

static inline void*
emalloc(size_t n)
{
	void *v;

	if((v = malloc(n)) == nil)
		fatal("out of memory");
	return v;
}

/* Strip the directory from a program name. */
static inline void
setargv0(const char *s)
{
	const char *p;

	argv0 = (p = strrchr(s, '/')) != nil ? p+1 : s;
}
