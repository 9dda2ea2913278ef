/* nsfork.c: rfork n (or N with -N; and m with -m) as the library call nsrfork, then a bind,
 * then a program.
 *	nsfork [-N] [-m] new old cmd [arg ...]
 * For the tests of ns(3) in a name space started by 9 ns. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>
#include <planten/ns.h>

int
main(int argc, char **argv)
{
	int flag;

	flag = NSRFNAMEG;
	if(argc > 1 && strcmp(argv[1], "-N") == 0){
		flag = NSRFCNAMEG;
		argc--;
		argv++;
	}
	if(argc > 1 && strcmp(argv[1], "-m") == 0){
		flag |= NSRFNOMNT;
		argc--;
		argv++;
	}
	if(argc < 4){
		fprintf(stderr, "usage: nsfork [-N] [-m] new old cmd [arg ...]\n");
		return 2;
	}
	if(nsrfork(flag) < 0 || nsbind(argv[1], argv[2], NSMREPL) < 0){
		p9fprint(2, "nsfork: %r\n");
		return 1;
	}
	execvp(argv[3], argv + 3);
	perror(argv[3]);
	return 127;
}
