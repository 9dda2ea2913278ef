/* sysimpl.h: lib9's private interface between its system-call files. */
#include <sys/stat.h>
#include <planten/lib9.h>

#ifndef P9HIDDEN
#define P9HIDDEN __attribute__((visibility("hidden")))
#endif

/* A malloc'd Dir (strings in the same allocation) for st, named name. */
P9HIDDEN Dir*	p9_statdir(const struct stat *st, const char *name);
