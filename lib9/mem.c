/* mem.c: p9mallocz and Plan 9's malloc tags (which Unix's malloc does not keep). */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>

void*
p9mallocz(ulong n, int clr)
{
	void *v;

	v = clr ? calloc(1, n ? n : 1) : malloc(n ? n : 1);
	if(v == nil)
		p9werrstr("out of memory");
	return v;
}

void
p9setmalloctag(void *v, uintptr_t pc)
{
	(void)v; (void)pc;
}

void
p9setrealloctag(void *v, uintptr_t pc)
{
	(void)v; (void)pc;
}

uintptr_t
p9getmalloctag(void *v)
{
	(void)v;
	return 0;
}

uintptr_t
p9getrealloctag(void *v)
{
	(void)v;
	return 0;
}
