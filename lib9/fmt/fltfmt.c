/* fltfmt.c: the floating-point verbs %e %f %g %E %G, through the C library's snprintf. */
#include <math.h>
#include <stdio.h>
#include "fmtdef.h"

enum {
	/*
	 * A double's exact decimal expansion has at most 1074 digits after the point and 767
	 * significant digits, so past Maxprec every further digit of %e, %f and %#g is 0.
	 * Those zeros, and the padding to the field width, are written here rather than by
	 * snprintf, so that a huge width or precision costs no memory.
	 */
	Maxprec = 1100,
};

static int
fill(Fmt *f, int c, vlong n)
{
	static const char zeros[] = "00000000000000000000000000000000";
	int m;

	if(c == ' ')
		return p9_fmtpad(f, n > 0x7fffffff ? 0x7fffffff : n);
	for(; n > 0; n -= m){
		m = n < (vlong)sizeof zeros - 1 ? n : (int)sizeof zeros - 1;
		if(p9_fmtbytes(f, zeros, m) < 0)
			return -1;
	}
	return 0;
}

int
p9_fltfmt(Fmt *f)
{
	char spec[16], buf[Maxprec + 400], *p;
	ulong fl;
	double d;
	int n, prec, ins, sign;
	vlong zeros, pad;

	d = va_arg(f->args, double);
	fl = f->flags;
	if(isnan(d) || isinf(d)){
		p = buf;
		if(isinf(d) && signbit(d))
			*p++ = '-';
		else if(fl & FmtSign)
			*p++ = '+';
		else if(fl & FmtSpace)
			*p++ = ' ';
		strcpy(p, isnan(d) ? "NaN" : "Inf");
		f->flags &= ~FmtPrec;
		return p9_fmtcpy(f, buf, strlen(buf), strlen(buf));
	}
	p = spec;
	*p++ = '%';
	if(fl & FmtSign)
		*p++ = '+';
	if(fl & FmtSpace)
		*p++ = ' ';
	if(fl & FmtSharp)
		*p++ = '#';
	*p++ = '.';
	*p++ = '*';
	*p++ = f->r;
	*p = 0;
	prec = (fl & FmtPrec) ? f->prec : 6;
	zeros = 0;
	if(prec > Maxprec){
		if((f->r != 'g' && f->r != 'G') || (fl & FmtSharp))
			zeros = prec - Maxprec;
		prec = Maxprec;
	}
	n = snprintf(buf, sizeof buf, spec, prec, d);
	if(n < 0 || n >= (int)sizeof buf){
		p9werrstr("fmt: bad floating-point conversion");
		return -1;
	}
	/* the extra zeros go before the exponent, if there is one */
	ins = n;
	if(zeros > 0 && (p = strpbrk(buf, "eE")) != nil)
		ins = p - buf;
	sign = buf[0] == '-' || buf[0] == '+' || buf[0] == ' ';
	pad = (vlong)f->width - n - zeros;
	if(!(fl & (FmtLeft|FmtZero)) && fill(f, ' ', pad) < 0)
		return -1;
	if(sign && p9_fmtbytes(f, buf, 1) < 0)
		return -1;
	if((fl & FmtZero) && !(fl & FmtLeft) && fill(f, '0', pad) < 0)
		return -1;
	if(p9_fmtbytes(f, buf + sign, ins - sign) < 0 || fill(f, '0', zeros) < 0)
		return -1;
	if(p9_fmtbytes(f, buf + ins, n - ins) < 0)
		return -1;
	if((fl & FmtLeft) && fill(f, ' ', pad) < 0)
		return -1;
	return 0;
}
