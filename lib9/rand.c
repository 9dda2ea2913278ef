/* rand.c: Plan 9's random numbers: p9nrand, p9lrand, p9lnrand, p9frand, p9truerand, p9ntruerand. */
#include <stdlib.h>
#include <sys/random.h>
#include <planten/lib9.h>

/* 31 random bits from the C library's generator (seeded with srand, as on Plan 9). */
long
p9lrand(void)
{
	return ((long)(rand() & 0xFFFF) << 15 | (rand() & 0x7FFF)) & 0x7FFFFFFF;
}

/* Uniform in [0, n): reject the top slice of [0, 2^31) that would bias the remainder. */
long
p9lnrand(long n)
{
	long lim, v;

	if(n <= 0)
		return 0;
	lim = 0x80000000L - 0x80000000L % n;
	do
		v = p9lrand();
	while(v >= lim);
	return v % n;
}

int
p9nrand(int n)
{
	return p9lnrand(n);
}

double
p9frand(void)
{
	double x;

	do
		x = p9lrand() / 2147483648.0;
	while(x >= 1);
	return x;
}

ulong
p9truerand(void)
{
	u32int v;

	while(getrandom(&v, sizeof v, 0) != sizeof v)
		;
	return v;
}

ulong
p9ntruerand(ulong n)
{
	ulong m, r;

	if(n == 0)
		return 0;
	m = 0xFFFFFFFFUL - 0xFFFFFFFFUL % n;
	do
		r = p9truerand();
	while(r >= m);
	return r % n;
}
