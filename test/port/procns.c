/*
 * procns: libthread's procs and the name space. Procs share their program's name space, as
 * on Plan 9, until one of them calls rfork(RFNAMEG): from then on what it binds stays in
 * it, and what the others unmount does not reach it. Run in a name space of 9 ns, in a
 * directory holding a/f, b/f and u/f.
 */
#include <u.h>
#include <libc.h>
#include <thread.h>
#include "nsutil.h"

Channel *c;

void
sharer(void*)
{
	if(bind("b", "u", MREPL) < 0)
		sysfatal("sharer: bind: %r");
	sendul(c, 1);
}

void
copier(void*)
{
	if(rfork(RFNAMEG) < 0)
		sysfatal("copier: rfork: %r");
	if(bind("a", "u", MREPL) < 0)
		sysfatal("copier: bind: %r");
	show("copier", "u/f");
	sendul(c, 1);
	recvul(c);
	show("copier after main's unmount", "u/f");
	sendul(c, 1);
}

void
threadmain(int, char**)
{
	c = chancreate(sizeof(ulong), 0);
	proccreate(sharer, nil, 32*1024);
	recvul(c);
	show("main after the sharer's bind", "u/f");
	proccreate(copier, nil, 32*1024);
	recvul(c);
	show("main", "u/f");
	if(unmount(nil, "u") < 0)
		sysfatal("unmount: %r");
	show("main after unmount", "u/f");
	sendul(c, 1);
	recvul(c);
	threadexitsall(nil);
}
