/* ns.c: ns, print the name space as a namespace file that rebuilds it. */
#include <errno.h>
#include <planten/ns.h>
#include "cmd.h"

int
main(int argc, char **argv)
{
	char *s;

	setargv0(argv[0]);
	if(argc != 1){
		p9fprint(2, "usage: ns\n");
		return 1;
	}
	if((s = nsgetns()) == nil)
		p9sysfatal("%r");
	if(p9write(1, s, strlen(s)) < 0)
		p9sysfatal("write: %s", p9errnostr(errno));
	free(s);
	return 0;
}
