/* bind.c: bind, change the name space: make old an alias of new, or add new to old's union. */
#include <planten/ns.h>
#include "cmd.h"

static void
usage(void)
{
	p9fprint(2, "usage: bind [-abcCq] new old\n");
	exit(1);
}

int
main(int argc, char **argv)
{
	int flag, qflag;

	setargv0(argv[0]);
	flag = 0;
	qflag = 0;
	ARGBEGIN{
	case 'q':
		qflag = 1;
		break;
	default:	/* -a, -b, -c, -C */
		if(nsflagbit(ARGC()) == 0)
			usage();
		flag |= nsflagbit(ARGC());
	}ARGEND
	if(argc != 2 || (flag & NSMORDER) == NSMORDER)
		usage();
	if(nsbind(argv[0], argv[1], flag) < 0){
		if(qflag)
			return 0;
		p9sysfatal("%r");
	}
	return 0;
}
