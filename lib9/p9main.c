/*
 * p9main.c: main for programs built through the compatibility headers, which rename the
 * program's main to p9main. Returning from it ends the process as Plan 9's exits(nil).
 * It lives in its own static library, libp9main.a, which 9l links.
 */
#include <planten/lib9.h>

void	p9main(int argc, char **argv);

int
main(int argc, char **argv)
{
	p9main(argc, argv);
	p9exits(nil);
}
