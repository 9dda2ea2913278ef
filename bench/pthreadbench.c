/*
 * pthreadbench.c: the POSIX-threads baselines for bench/thread.sh.
 *	pthreadbench pingpong N	ns per round trip of N between two pthreads handing a token
 *				through a mutex and two condition variables
 *	pthreadbench create N	ns per pthread_create and pthread_join, N times
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t toecho = PTHREAD_COND_INITIALIZER, toback = PTHREAD_COND_INITIALIZER;
static long n, token;
static int turn;	/* 0: the main thread's, 1: the echoer's */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void*
echoer(void *v)
{
	long i;

	for(i = 0; i < n; i++){
		pthread_mutex_lock(&mu);
		while(turn != 1)
			pthread_cond_wait(&toecho, &mu);
		token++;
		turn = 0;
		pthread_cond_signal(&toback);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

static void*
nothing(void *v)
{
	return v;
}

int
main(int argc, char **argv)
{
	pthread_t th;
	double t;
	long i;

	if(argc != 3){
		fprintf(stderr, "usage: pthreadbench pingpong|create N\n");
		return 1;
	}
	n = atol(argv[2]);
	if(strcmp(argv[1], "pingpong") == 0){
		pthread_create(&th, NULL, echoer, NULL);
		t = now();
		for(i = 0; i < n; i++){
			pthread_mutex_lock(&mu);
			turn = 1;
			pthread_cond_signal(&toecho);
			while(turn != 0)
				pthread_cond_wait(&toback, &mu);
			pthread_mutex_unlock(&mu);
		}
		printf("pingpong %.1f\n", (now() - t) / n);
		pthread_join(th, NULL);
	}else if(strcmp(argv[1], "create") == 0){
		t = now();
		for(i = 0; i < n; i++){
			pthread_create(&th, NULL, nothing, NULL);
			pthread_join(th, NULL);
		}
		printf("create %.1f\n", (now() - t) / n);
	}
	return 0;
}
