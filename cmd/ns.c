/* ns.c: ns, print the name space as a namespace file that rebuilds it. */
#include <errno.h>
#include <planten/ns.h>
#include "cmd.h"

static void
usage(void)
{
	p9fprint(2, "usage: ns [-r] [pid]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	char *s, *e;
	long pid;

	setargv0(argv[0]);
	ARGBEGIN{
	case 'r':
		/* raw: nothing is translated anyway */
		break;
	default:
		usage();
	}ARGEND
	pid = 0;
	if(argc > 1)
		usage();
	if(argc == 1 && ((pid = strtol(argv[0], &e, 10)) <= 0 || *e != 0 || pid > 1 << 30))
		usage();
	if((s = nsgetprocns(pid)) == nil)
		p9sysfatal("%r");
	if(p9write(1, s, strlen(s)) < 0)
		p9sysfatal("write: %s", p9errnostr(errno));
	free(s);
	return 0;
}
