/*
 * ns.c: Plan 9's name space calls, p9bind, p9mount and p9unmount, and its segment calls.
 * They change the process group's name space through libns, which planten does not have yet
 * (see namespace design notes): until it does, every call fails and says why.
 */
#include <planten/lib9.h>

static int
nons(void)
{
	p9werrstr("not in a planten namespace");
	return -1;
}

int
p9bind(const char *new, const char *old, int flag)
{
	(void)new; (void)old; (void)flag;
	return nons();
}

int
p9mount(int fd, int afd, const char *old, int flag, const char *aname)
{
	(void)fd; (void)afd; (void)old; (void)flag; (void)aname;
	return nons();
}

int
p9unmount(const char *new, const char *old)
{
	(void)new; (void)old;
	return nons();
}

static void*
noseg(void)
{
	p9werrstr("segments are not supported on Unix");
	return (void*)-1;
}

void*
p9segattach(int attr, const char *class, void *va, ulong len)
{
	(void)attr; (void)class; (void)va; (void)len;
	return noseg();
}

int
p9segdetach(void *addr)
{
	(void)addr;
	noseg();
	return -1;
}

void*
p9segbrk(void *saddr, void *addr)
{
	(void)saddr; (void)addr;
	return noseg();
}

int
p9segfree(void *va, ulong len)
{
	(void)va; (void)len;
	noseg();
	return -1;
}

int
p9segflush(void *va, ulong len)
{
	(void)va; (void)len;
	noseg();
	return -1;
}
