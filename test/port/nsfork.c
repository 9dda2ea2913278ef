/*
 * nsfork: rfork and the name space. A child made with RFNAMEG gets a copy: what it binds
 * stays in it, and what the parent changes later does not reach it. Without RFNAMEG the
 * two share one name space; RFCNAMEG starts a clean one. Run in a name space of 9 ns, in
 * an empty directory; with -o, outside one, it shows what fails there.
 */
#include <u.h>
#include <libc.h>
#include "nsutil.h"

void
waitchild(void)
{
	Waitmsg *w;

	if((w = wait()) == nil)
		sysfatal("wait: %r");
	if(w->msg[0])
		print("child failed: %s\n", w->msg);
	free(w);
}

/* Outside a name space: RFNAMEG has nothing to copy, the rest fails and says so. */
void
outside(void)
{
	int pid;

	print("rfork RFNAMEG: %d\n", rfork(RFNAMEG));
	switch(pid = rfork(RFPROC|RFFDG|RFNAMEG)){
	case -1:
		print("rfork RFPROC|RFNAMEG: %r\n");
		break;
	case 0:
		exits(nil);
	default:
		waitchild();
		print("rfork RFPROC|RFNAMEG: a child\n");
	}
	if(rfork(RFCNAMEG) < 0)
		print("rfork RFCNAMEG: %r\n");
	if((pid = rfork(RFPROC|RFFDG|RFCNAMEG)) < 0)
		print("rfork RFPROC|RFCNAMEG: %r\n");
	else if(pid == 0)
		exits("the child ran");
	if(bind("a", "u", MREPL) < 0)
		print("bind: %r\n");
	if(mount(0, -1, "u", MREPL, "") < 0)
		print("mount: %r\n");
	if(unmount(nil, "u") < 0)
		print("unmount: %r\n");
}

void
main(int argc, char *argv[])
{
	int p[2], oflag;
	char c;

	oflag = 0;
	ARGBEGIN{
	case 'o':
		oflag = 1;
		break;
	default:
		fprint(2, "usage: %s [-o]\n", argv0);
		exits("usage");
	}ARGEND
	USED(argc);

	makedir("a");
	makedir("b");
	makedir("u");
	put("a/f", "from a\n");
	put("b/f", "from b\n");
	put("u/f", "from u\n");
	if(oflag){
		outside();
		exits(nil);
	}

	if(bind("a", "u", MREPL) < 0)
		sysfatal("bind a u: %r");
	show("parent: u/f", "u/f");

	/* a copy: the child's bind stays in the child, the parent's unmount in the parent */
	if(pipe(p) < 0)
		sysfatal("pipe: %r");
	switch(rfork(RFPROC|RFFDG|RFNAMEG)){
	case -1:
		sysfatal("rfork: %r");
	case 0:
		if(bind("b", "u", MBEFORE) < 0)
			sysfatal("child: bind b u: %r");
		show("child: u/f", "u/f");
		write(p[1], "b", 1);
		if(read(p[1], &c, 1) != 1)
			sysfatal("child: read: %r");
		show("child after the parent's unmount: u/f", "u/f");
		exits(nil);
	}
	if(read(p[0], &c, 1) != 1)
		sysfatal("read: %r");
	show("parent: u/f", "u/f");
	if(unmount(nil, "u") < 0)
		sysfatal("unmount u: %r");
	show("parent after unmount: u/f", "u/f");
	write(p[0], "u", 1);
	waitchild();
	close(p[0]);
	close(p[1]);

	/* shared: without RFNAMEG the child's bind is the parent's too */
	switch(rfork(RFPROC|RFFDG)){
	case -1:
		sysfatal("rfork: %r");
	case 0:
		if(bind("b", "u", MREPL) < 0)
			sysfatal("child: bind b u: %r");
		exits(nil);
	}
	waitchild();
	show("parent after a sharing child's bind: u/f", "u/f");

	/* the caller's own copy: rfork without RFPROC */
	switch(rfork(RFPROC|RFFDG)){
	case -1:
		sysfatal("rfork: %r");
	case 0:
		if(rfork(RFNAMEG) < 0)
			sysfatal("child: rfork RFNAMEG: %r");
		if(unmount(nil, "u") < 0)
			sysfatal("child: unmount: %r");
		show("child with its own copy: u/f", "u/f");
		exits(nil);
	}
	waitchild();
	show("parent: u/f", "u/f");

	/* clean: nothing bound */
	switch(rfork(RFPROC|RFFDG|RFCNAMEG)){
	case -1:
		sysfatal("rfork RFCNAMEG: %r");
	case 0:
		show("child in a clean name space: u/f", "u/f");
		exits(nil);
	}
	waitchild();
	show("parent: u/f", "u/f");
	exits(nil);
}
