/* fuse.c: nsd's side of the 9P-to-FUSE bridge when it is not built in: no instances. */
#include <string.h>
#include <unistd.h>
#include "nsd.h"

static const char nobridge[] = "union directories and 9P mounts need the FUSE bridge, "
	"which this build of nsd lacks";

int
fusetree(int fd, const char *uname, const char *aname, Treecb *cb, void *arg)
{
	close(fd);
	p9werrstr("%s", nobridge);
	return -1;
}

int
fusedevfd(char *err, int nerr)
{
	p9snprint(err, nerr, "%s", nobridge);
	return -1;
}

void
fuseputtree(void *tree)
{
}

void*
fusenew(int isunion, Member **m, int *flag, int n, int *mfd,
	void (*done)(void *arg, const char *err), void *arg, char *err, int nerr)
{
	p9snprint(err, nerr, "%s", nobridge);
	return nil;
}

int
fuseset(void *fuse, Member **m, int *flag, int n, void (*done)(void *arg, const char *err),
	void *arg, char *err, int nerr)
{
	p9snprint(err, nerr, "%s", nobridge);
	return -1;
}

int
fusealive(void *fuse)
{
	return 0;
}

void
fusefree(void *fuse)
{
}

int
callerfsfd(void)
{
	p9werrstr("%s", nobridge);
	return -1;
}
