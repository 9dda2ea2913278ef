/* unmount.c: unmount, undo a bind or mount: one member of a union, or everything at old. */
#include <planten/ns.h>
#include "cmd.h"

int
main(int argc, char **argv)
{
	setargv0(argv[0]);
	if(argc != 2 && argc != 3){
		p9fprint(2, "usage: unmount [new] old\n");
		return 1;
	}
	if(nsunmount(argc == 3 ? argv[1] : nil, argv[argc - 1]) < 0)
		p9sysfatal("%s: %r", argv[argc - 1]);
	return 0;
}
