/* mount.c: mount, attach a 9P file server to the name space. */
#include <planten/ns.h>
#include "cmd.h"

static void
usage(void)
{
	p9fprint(2, "usage: mount [-abcCnNq] [-k keypattern] source old [spec]\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	int flag, qflag, noauth;

	setargv0(argv[0]);
	flag = 0;
	qflag = 0;
	noauth = 0;
	ARGBEGIN{
	case 'a':
		flag |= NSMAFTER;
		break;
	case 'b':
		flag |= NSMBEFORE;
		break;
	case 'c':
		flag |= NSMCREATE;
		break;
	case 'C':
		flag |= NSMCACHE;
		break;
	case 'n':
		if(noauth == 0)
			noauth = 1;
		break;
	case 'N':
		noauth = 2;
		break;
	case 'q':
		qflag = 1;
		break;
	case 'k':
		/* factotum's key for authenticating: mounts do not authenticate yet */
		EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if((argc != 2 && argc != 3) || (flag & NSMORDER) == NSMORDER)
		usage();
	if(nsmountsrc(argv[0], argv[1], flag, argc == 3 ? argv[2] : "", noauth) < 0){
		if(qflag)
			return 0;
		p9sysfatal("%r");
	}
	return 0;
}
