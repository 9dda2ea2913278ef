/* cmd.h: small helpers shared by the commands in cmd/ (static, so each command has its own). */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>

/* Print "argv0: message" on standard error and carry on. */
static inline void
warn(const char *fmt, ...)
{
	char buf[1024];
	va_list arg;

	va_start(arg, fmt);
	p9vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	p9fprint(2, "%s: %s\n", p9argv0, buf);
}

static inline void*
emalloc(size_t n)
{
	void *v;

	if((v = malloc(n)) == nil)
		p9sysfatal("out of memory");
	return v;
}

/* Name the program by its last path element in messages. */
static inline void
setargv0(const char *s)
{
	const char *p;

	p9argv0 = (char*)((p = strrchr(s, '/')) != nil ? p+1 : s);
}
