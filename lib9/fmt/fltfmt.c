/* fltfmt.c: the floating-point verbs %e %f %g %E %G, through the C library's snprintf. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "fmtdef.h"

int
p9_fltfmt(Fmt *f)
{
	char spec[16], buf[400], *out, *p;
	ulong fl;
	double d;
	int n, r;

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
	if(fl & FmtLeft)
		*p++ = '-';
	if(fl & FmtSign)
		*p++ = '+';
	if(fl & FmtSpace)
		*p++ = ' ';
	if(fl & FmtSharp)
		*p++ = '#';
	if(fl & FmtZero)
		*p++ = '0';
	*p++ = '*';
	*p++ = '.';
	*p++ = '*';
	r = f->r;
	*p++ = r;
	*p = 0;
	n = snprintf(buf, sizeof buf, spec, f->width, (fl & FmtPrec) ? f->prec : -1, d);
	if(n < 0)
		return -1;
	out = buf;
	if(n >= (int)sizeof buf){
		out = malloc(n + 1);
		if(out == nil){
			p9werrstr("out of memory");
			return -1;
		}
		snprintf(out, n + 1, spec, f->width, (fl & FmtPrec) ? f->prec : -1, d);
	}
	n = p9_fmtbytes(f, out, n);
	if(out != buf)
		free(out);
	return n;
}
