/* tprog.c: a libthread program as Plan 9 writes them (threadmain, from libthreadmain), for
 * the behaviour of whole programs: deadlock, stack overflow, exit status. Run by progs.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <planten/thread.h>

int mainstacksize = 512*1024;

static Channel *never;

static void
blocker(void *v)
{
	t9threadsetname("blocker %s", (char*)v);
	t9recvul(never);
}

static void
qblocker(void *v)
{
	t9threadsetname("qblocker");
	t9qlock(v);
}

static int
recurse(int n)
{
	volatile char buf[1024];

	buf[0] = n;
	if(n == 0)
		return buf[0];
	return recurse(n - 1) + buf[0];
}

static void
overflow(void *v)
{
	t9threadsetname("deep");
	p9print("%d\n", recurse(1<<20));
}

static void
filter(void *v)
{
	Channel *in, *out;
	ulong p, x;

	in = v;
	p = t9recvul(in);
	p9print("%lud%s", p, p == 29 ? "\n" : " ");
	if(p == 29)
		t9threadexitsall(nil);
	out = t9chancreate(sizeof(ulong), 0);
	t9threadcreate(filter, out, 0);
	for(;;)
		if((x = t9recvul(in)) % p)
			t9sendul(out, x);
}

static void
late(void *v)
{
	t9recvul(v);
	p9print("proc done\n");
}

void
threadmain(int argc, char **argv)
{
	static QLock q;
	Channel *c;
	ulong i;

	if(argc < 2)
		t9threadexits("usage");
	never = t9chancreate(sizeof(ulong), 0);
	t9chansetname(never, "never");
	if(strcmp(argv[1], "deadlock") == 0){
		t9threadcreate(blocker, "a", 0);
		t9threadcreate(blocker, "b", 0);
		t9recvul(never);
	}else if(strcmp(argv[1], "deadlock-procs") == 0){
		t9qlock(&q);
		t9proccreate(qblocker, &q, 0);
		t9proccreate(blocker, "p", 0);
		t9recvul(never);
	}else if(strcmp(argv[1], "overflow") == 0){
		t9threadcreate(overflow, nil, 64*1024);
		t9recvul(never);
	}else if(strcmp(argv[1], "exits") == 0){
		t9threadexits("failed");
	}else if(strcmp(argv[1], "exits-later") == 0){
		c = t9chancreate(sizeof(ulong), 0);
		t9proccreate(late, c, 0);
		t9sendul(c, 1);
		t9threadexits("main's status is not the last");
	}else if(strcmp(argv[1], "exitsall") == 0){
		t9threadcreate(blocker, "x", 0);
		t9yield();
		t9threadexitsall(nil);
	}else if(strcmp(argv[1], "sieve") == 0){
		c = t9chancreate(sizeof(ulong), 0);
		t9threadcreate(filter, c, 0);
		for(i = 2;; i++)
			t9sendul(c, i);
	}
	t9threadexits(nil);
}
