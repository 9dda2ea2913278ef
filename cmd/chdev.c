/* chdev.c: chdev, take devices (and mounting) away from the name space group, for good. */
#include <planten/ns.h>
#include "cmd.h"

static void
usage(void)
{
	p9fprint(2, "usage: chdev [-nr] devmask...\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	char mask[256];
	int how, i;

	setargv0(argv[0]);
	how = 0;
	ARGBEGIN{
	case 'n':
	case 'r':
		how = ARGC();
		break;
	default:
		usage();
	}ARGEND
	if(argc == 0 && how != 'n')
		usage();
	/* several masks are one */
	mask[0] = 0;
	for(i = 0; i < argc; i++)
		if(p9strecpy(mask + strlen(mask), mask + sizeof mask, argv[i]) == mask + sizeof mask - 1)
			p9sysfatal("devmask too long");
	if(nschdev(how, how == 'n' ? nil : mask) < 0)
		p9sysfatal("%r");
	return 0;
}
