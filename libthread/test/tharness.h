/* tharness.h: what libthread's cmocka tests share. The test runs on the main OS thread, which
 * libthread adopts as a proc at its first call: threads it creates run while it blocks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <planten/thread.h>

/* the calling thread's error string, for assertions */
static inline const char*
errstr(void)
{
	static _Thread_local char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return buf;
}
