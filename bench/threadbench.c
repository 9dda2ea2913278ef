/*
 * threadbench.c: libthread's costs, written against Plan 9's thread API so that the same
 * file builds against planten (-DPLANTEN, the t9 names) and against plan9port's
 * libthread (bench/thread.sh builds that by hand when P9PORT names a plan9port tree).
 *
 *	threadbench switch N	ns per message of N sent on an unbuffered channel between two
 *				threads of one proc (each message is one thread switch)
 *	threadbench procs N	ns per round trip of N between two procs (unbuffered channels)
 *	threadbench create N	ns per thread created, run and exited, N times
 * Prints "NAME NS".
 */
#ifdef PLANTEN
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <planten/thread.h>
#define chancreate	t9chancreate
#define sendul		t9sendul
#define recvul		t9recvul
#define threadcreate	t9threadcreate
#define proccreate	t9proccreate
#define threadexitsall	t9threadexitsall
#define yield		t9yield
#define print		p9print
#else
#include <u.h>
#include <libc.h>
#include <thread.h>
#include <time.h>
#endif

static long n;
static Channel *c1, *c2;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void
receiver(void *v)
{
	long i;

	for(i = 0; i < n; i++)
		recvul(c1);
	sendul(c2, 0);
}

static void
echoer(void *v)
{
	long i;

	for(i = 0; i < n; i++)
		sendul(c2, recvul(c1) + 1);
}

static void
nothing(void *v)
{
}

static void
report(char *name, double ns)
{
	print("%s %.1f\n", name, ns);
}

void
threadmain(int argc, char **argv)
{
	double t;
	long i;

	if(argc != 3){
		print("usage: threadbench switch|procs|create N\n");
		threadexitsall("usage");
	}
	n = atol(argv[2]);
	c1 = chancreate(sizeof(ulong), 0);
	c2 = chancreate(sizeof(ulong), 0);
	if(strcmp(argv[1], "switch") == 0){
		threadcreate(receiver, nil, 65536);
		t = now();
		for(i = 0; i < n; i++)
			sendul(c1, i);
		recvul(c2);
		report("switch", (now() - t) / n);
	}else if(strcmp(argv[1], "procs") == 0){
		proccreate(echoer, nil, 65536);
		t = now();
		for(i = 0; i < n; i++)
			sendul(c1, i), recvul(c2);
		report("procs", (now() - t) / n);
	}else if(strcmp(argv[1], "create") == 0){
		t = now();
		for(i = 0; i < n; i++){
			threadcreate(nothing, nil, 65536);
			yield();
		}
		report("create", (now() - t) / n);
	}
	threadexitsall(nil);
}

#ifdef PLANTEN
int
main(int argc, char **argv)
{
	t9main(argc, argv, threadmain, 0);
}
#endif
