/* env.c: p9getenv, p9putenv and p9sysname, Plan 9's view of the environment. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <planten/lib9.h>

/* A malloc'd copy, as Plan 9's getenv returns (the caller frees it); nil if unset. */
char*
p9getenv(const char *name)
{
	char *v, *s;

	v = getenv(name);
	if(v == nil){
		p9werrstr("'%s' file does not exist", name);
		return nil;
	}
	s = strdup(v);
	if(s == nil)
		p9werrstr("out of memory");
	return s;
}

int
p9putenv(const char *name, const char *val)
{
	if(name == nil || name[0] == 0 || strchr(name, '=') != nil){
		p9werrstr("bad env name");
		return -1;
	}
	if(setenv(name, val != nil ? val : "", 1) < 0)
		return p9oserror(errno);
	return 0;
}

static pthread_once_t sysonce = PTHREAD_ONCE_INIT;
static char sysname[256];

static void
findsysname(void)
{
	struct utsname u;
	const char *s;
	char *dot;

	s = getenv("sysname");
	if(s == nil || *s == 0)
		s = uname(&u) == 0 ? u.nodename : "gnot";
	p9strecpy(sysname, sysname + sizeof sysname, s);
	dot = strchr(sysname, '.');
	if(dot != nil && dot != sysname)
		*dot = 0;
}

/* $sysname, else the host's name without its domain (a process-wide constant). */
const char*
p9sysname(void)
{
	pthread_once(&sysonce, findsysname);
	return sysname;
}
