/*
 * ns.c: Plan 9's name space calls, p9bind, p9mount and p9unmount, and rfork's RFNAMEG and
 * RFCNAMEG, made by the functions libns installs (libns is built on lib9, so lib9 cannot
 * call it); and Plan 9's segment calls, which Unix does not have.
 */
#include <planten/lib9.h>
#include "lib9impl.h"

static const P9nsops *nsops;

void
p9setnsops(const P9nsops *ops)
{
	__atomic_store_n(&nsops, ops, __ATOMIC_RELEASE);
}

static const P9nsops*
getops(void)
{
	const P9nsops *ops;

	ops = __atomic_load_n(&nsops, __ATOMIC_ACQUIRE);
	if(ops == nil)
		p9werrstr("not in a planten namespace");
	return ops;
}

int
p9bind(const char *new, const char *old, int flag)
{
	const P9nsops *ops;

	if((ops = getops()) == nil)
		return -1;
	return ops->bind(new, old, flag);
}

int
p9mount(int fd, int afd, const char *old, int flag, const char *aname)
{
	const P9nsops *ops;

	if((ops = getops()) == nil)
		return -1;
	return ops->mount(fd, afd, old, flag, aname);
}

int
p9unmount(const char *new, const char *old)
{
	const P9nsops *ops;

	if((ops = getops()) == nil)
		return -1;
	return ops->unmount(new, old);
}

/* rfork's name space flags for the calling process; without libns, RFNAMEG has nothing to copy. */
int
p9_nsrfork(int flag)
{
	const P9nsops *ops;

	flag &= RFNAMEG|RFCNAMEG|RFNOMNT;
	if(flag == 0 || ((flag & RFCNAMEG) == 0 && nsops == nil))
		return 0;
	if((ops = getops()) == nil)
		return -1;
	return ops->rfork(flag);
}

/* Whether p9_nsrfork(RFCNAMEG) could work, before a child is made to do it. */
int
p9_nscheck(void)
{
	const P9nsops *ops;

	if((ops = getops()) == nil)
		return -1;
	return ops->check();
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
