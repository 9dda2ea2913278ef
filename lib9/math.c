/* math.c: Plan 9's small numeric helpers: NaN and Inf, muldiv, pow10, cputime, ainc/adec. */
#include <math.h>
#include <time.h>
#include <planten/lib9.h>

double
p9NaN(void)
{
	return NAN;
}

double
p9Inf(int sign)
{
	return sign < 0 ? -INFINITY : INFINITY;
}

int
p9isNaN(double d)
{
	return isnan(d);
}

/* Plan 9's isInf: sign > 0 asks for +Inf, < 0 for -Inf, 0 for either. */
int
p9isInf(double d, int sign)
{
	if(!isinf(d))
		return 0;
	return sign == 0 || (sign > 0) == (d > 0);
}

long
p9muldiv(long a, long b, long c)
{
	return (vlong)a * b / c;
}

ulong
p9umuldiv(ulong a, ulong b, ulong c)
{
	return (uvlong)a * b / c;
}

double
p9pow10(int n)
{
	return pow(10, n);
}

/* Seconds of processor time used by the process. */
double
p9cputime(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

long
p9ainc(long *p)
{
	return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST);
}

long
p9adec(long *p)
{
	return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST);
}
