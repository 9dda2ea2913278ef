/* sysfatal.c: the program's name (p9argv0), p9sysfatal and p9perror, for commands only. */
#include <stdlib.h>
#include <planten/lib9.h>

char *p9argv0;

void
p9vsysfatal(const char *fmt, va_list arg)
{
	char buf[1024];

	p9vsnprint(buf, sizeof buf, fmt, arg);
	if(p9argv0 != nil)
		p9fprint(2, "%s: %s\n", p9argv0, buf);
	else
		p9fprint(2, "%s\n", buf);
	p9exits(buf);
}

void
p9sysfatal(const char *fmt, ...)
{
	va_list arg;

	va_start(arg, fmt);
	p9vsysfatal(fmt, arg);
	va_end(arg);
}

void
p9perror(const char *s)
{
	if(s != nil && *s != 0)
		p9fprint(2, "%s: %r\n", s);
	else
		p9fprint(2, "%r\n");
}
