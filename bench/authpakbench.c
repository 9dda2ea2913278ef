/*
 * authpakbench.c: libauth's dp9ik PAK, timed. Runs N exchanges between a client and an auth
 * server (authpaknew and authpakfinish on both sides, keys from authpakhash done once) and
 * prints "pakside NS": nanoseconds for one side's authpaknew + authpakfinish, which cost
 * two scalar multiplications, as an X448 key generation plus derivation do.
 * Usage: authpakbench [N]	(default 200)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <planten/lib9.h>
#include <planten/authsrv.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	Authkey kc, ka;
	PAKpriv pc, pa;
	uchar yc[PAKYLEN], ya[PAKYLEN];
	double t0;
	int i, n;

	n = argc > 1 ? atoi(argv[1]) : 200;
	if(n < 1)
		n = 1;
	if(authpasstokey(&kc, "secret") < 0 || authpakhash(&kc, "glenda") < 0){
		p9fprint(2, "authpakbench: key: %r\n");
		return 1;
	}
	ka = kc;
	t0 = now();
	for(i = 0; i < n; i++){
		if(authpaknew(&pc, &kc, yc, 1) < 0 || authpaknew(&pa, &ka, ya, 0) < 0
		|| authpakfinish(&pc, &kc, ya) < 0 || authpakfinish(&pa, &ka, yc) < 0){
			p9fprint(2, "authpakbench: pak: %r\n");
			return 1;
		}
		if(memcmp(kc.pakkey, ka.pakkey, PAKKEYLEN) != 0){
			p9fprint(2, "authpakbench: keys differ\n");
			return 1;
		}
	}
	p9print("pakside %.0f\n", (now() - t0) / (2.0*n));
	return 0;
}
