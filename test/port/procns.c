/*
 * procns: libthread's procs and the name space. Procs share their program's name space, as
 * on Plan 9, until one of them calls rfork(RFNAMEG): from then on what it binds stays in
 * it, and what the others unmount does not reach it. Run in a name space of 9 ns, in a
 * directory holding a/f, b/f and u/f.
 */
#include <u.h>
#include <libc.h>
#include <thread.h>

Channel *c;

void
cat(char *who)
{
	char buf[64];
	int fd;
	long n;

	if((fd = open("u/f", OREAD)) < 0){
		print("%s: %r\n", who);
		return;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n < 0)
		n = 0;
	buf[n] = 0;
	print("%s: %s", who, buf);
}

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
	cat("copier");
	sendul(c, 1);
	recvul(c);
	cat("copier after main's unmount");
	sendul(c, 1);
}

void
threadmain(int, char**)
{
	c = chancreate(sizeof(ulong), 0);
	proccreate(sharer, nil, 32*1024);
	recvul(c);
	cat("main after the sharer's bind");
	proccreate(copier, nil, 32*1024);
	recvul(c);
	cat("main");
	if(unmount(nil, "u") < 0)
		sysfatal("unmount: %r");
	cat("main after unmount");
	sendul(c, 1);
	recvul(c);
	threadexitsall(nil);
}
