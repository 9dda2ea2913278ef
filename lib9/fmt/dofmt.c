/* dofmt.c: the print engine: verb dispatch, the fmtinstall table, padding and the basic verbs. */
#include <pthread.h>
#include <stdint.h>
#include "fmtdef.h"

enum {
	Maxfmt = 64,
	Maxwidth = 999999999,	/* larger widths and precisions in a format mean this */
};

typedef struct Convfmt Convfmt;
struct Convfmt {
	int c;
	Fmts fmt;
};

/* The one piece of process-wide mutable state: verbs installed with p9fmtinstall. */
static pthread_rwlock_t fmtlock = PTHREAD_RWLOCK_INITIALIZER;
static Convfmt installed[Maxfmt];
static int ninstalled;

int
p9_fmtroom(Fmt *f, int n)
{
	if((char*)f->stop - (char*)f->to >= n)
		return 0;
	if(f->flush == nil || f->flush(f) == 0 || (char*)f->stop - (char*)f->to < n){
		f->stop = f->to;
		return -1;
	}
	return 0;
}

/* Copy n bytes of output; never split a UTF-8 sequence when the buffer cannot take it all. */
int
p9_fmtbytes(Fmt *f, const char *s, int n)
{
	int m, space, flushed;

	flushed = 0;
	while(n > 0){
		space = (char*)f->stop - (char*)f->to;
		m = space < n ? space : n;
		if(m < n)
			while(m > 0 && m > space - UTFmax && ((uchar)s[m] & 0xC0) == 0x80)
				m--;
		if(m == 0 && flushed && space > 0)
			m = space < n ? space : n;
		if(m == 0){
			if(f->flush == nil || f->flush(f) == 0 || f->to == f->stop){
				f->stop = f->to;
				return -1;
			}
			flushed = 1;
			continue;
		}
		memcpy(f->to, s, m);
		f->to = (char*)f->to + m;
		f->nfmt += m;
		s += m;
		n -= m;
		flushed = 0;
	}
	return 0;
}

int
p9_fmtpad(Fmt *f, int n)
{
	static const char spaces[] = "                                ";
	int m;

	while(n > 0){
		m = n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1;
		if(p9_fmtbytes(f, spaces, m) < 0)
			return -1;
		n -= m;
	}
	return 0;
}

/* Bytes taken by the first nrunes runes of s, reading no more than nbytes bytes. */
static int
runebytes(const char *s, int nrunes, int nbytes)
{
	int i, k, w;
	Rune r;

	i = 0;
	for(k = 0; k < nrunes && i < nbytes; k++){
		if((uchar)s[i] < Runeself){
			i++;
			continue;
		}
		if(nbytes - i < UTFmax && !p9fullrune(s + i, nbytes - i)){
			i++;	/* a sequence cut short by the end: one malformed byte */
			continue;
		}
		w = p9chartorune(&r, s + i);
		i += w;
	}
	return i > nbytes ? nbytes : i;
}

/*
 * Put nrunes runes of s (at most nbytes bytes) in a field of f->width runes, cut to
 * f->prec runes if FmtPrec is set. Bytes that are not UTF-8 count as one rune each and
 * are copied unchanged.
 */
int
p9_fmtcpy(Fmt *f, const char *s, int nrunes, int nbytes)
{
	ulong fl;
	int n, w;

	fl = f->flags;
	w = f->width;
	n = nrunes;
	if((fl & FmtPrec) && n > f->prec)
		n = f->prec;
	if(!(fl & FmtLeft) && p9_fmtpad(f, w - n) < 0)
		return -1;
	if(p9_fmtbytes(f, s, runebytes(s, n, nbytes)) < 0)
		return -1;
	if((fl & FmtLeft) && p9_fmtpad(f, w - n) < 0)
		return -1;
	return 0;
}

int
p9_fmtputrune(Fmt *f, Rune r)
{
	char buf[UTFmax];
	int n;

	if(r < Runeself){
		buf[0] = r;
		n = 1;
	}else
		n = p9runetochar(buf, &r);
	return p9_fmtbytes(f, buf, n);
}

int
p9_fmtrcpy(Fmt *f, const Rune *r, int n)
{
	ulong fl;
	int i, w;

	fl = f->flags;
	w = f->width;
	if((fl & FmtPrec) && n > f->prec)
		n = f->prec;
	if(!(fl & FmtLeft) && p9_fmtpad(f, w - n) < 0)
		return -1;
	for(i = 0; i < n; i++)
		if(p9_fmtputrune(f, r[i]) < 0)
			return -1;
	if((fl & FmtLeft) && p9_fmtpad(f, w - n) < 0)
		return -1;
	return 0;
}

int
p9fmtstrcpy(Fmt *f, const char *s)
{
	int i, j, w;
	Rune r;

	if(s == nil)
		return p9_fmtcpy(f, "<nil>", 5, 5);
	if(f->flags & FmtPrec){
		i = 0;
		for(j = 0; j < f->prec && s[i]; j++){
			w = p9chartorune(&r, s + i);
			i += w;
		}
		return p9_fmtcpy(f, s, j, i);
	}
	return p9_fmtcpy(f, s, p9utflen(s), strlen(s));
}

int
p9fmtrunestrcpy(Fmt *f, const Rune *s)
{
	int n;

	if(s == nil)
		return p9_fmtcpy(f, "<nil>", 5, 5);
	if(f->flags & FmtPrec){
		for(n = 0; n < f->prec && s[n]; n++)
			;
	}else
		n = p9runestrlen(s);
	return p9_fmtrcpy(f, s, n);
}

static int
strfmt(Fmt *f)
{
	return p9fmtstrcpy(f, va_arg(f->args, char*));
}

static int
runesfmt(Fmt *f)
{
	return p9fmtrunestrcpy(f, va_arg(f->args, Rune*));
}

static int
charfmt(Fmt *f)
{
	char c;

	c = va_arg(f->args, int);
	f->flags &= ~FmtPrec;
	return p9_fmtcpy(f, &c, 1, 1);
}

static int
runefmt(Fmt *f)
{
	Rune r;

	r = va_arg(f->args, int);
	f->flags &= ~FmtPrec;
	return p9_fmtrcpy(f, &r, 1);
}

static int
percentfmt(Fmt *f)
{
	Rune r;

	r = f->r;
	f->flags &= ~FmtPrec;
	return p9_fmtrcpy(f, &r, 1);
}

static int
errfmt(Fmt *f)
{
	char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return p9_fmtcpy(f, buf, p9utflen(buf), strlen(buf));
}

static int
countfmt(Fmt *f)
{
	void *p;
	ulong fl;

	fl = f->flags;
	p = va_arg(f->args, void*);
	if(fl & FmtVLong)
		*(vlong*)p = f->nfmt;
	else if(fl & FmtLong)
		*(long*)p = f->nfmt;
	else if(fl & FmtByte)
		*(char*)p = f->nfmt;
	else if(fl & FmtShort)
		*(short*)p = f->nfmt;
	else
		*(int*)p = f->nfmt;
	return 0;
}

/* Fetch the integer argument as the flags say; *neg set for negative signed values. */
static uvlong
intarg(Fmt *f, ulong fl, int *neg)
{
	vlong v;

	*neg = 0;
	if(fl & FmtUnsigned){
		if(fl & FmtVLong)
			return va_arg(f->args, uvlong);
		if(fl & FmtLong)
			return va_arg(f->args, ulong);
		if(fl & FmtByte)
			return (uchar)va_arg(f->args, int);
		if(fl & FmtShort)
			return (ushort)va_arg(f->args, int);
		return va_arg(f->args, uint);
	}
	if(fl & FmtVLong)
		v = va_arg(f->args, vlong);
	else if(fl & FmtLong)
		v = va_arg(f->args, long);
	else if(fl & FmtByte)
		v = (signed char)va_arg(f->args, int);
	else if(fl & FmtShort)
		v = (short)va_arg(f->args, int);
	else
		v = va_arg(f->args, int);
	if(v < 0){
		*neg = 1;
		return -(uvlong)v;
	}
	return v;
}

static int
ifmt(Fmt *f)
{
	char buf[160], *p;
	const char *conv;
	uvlong u;
	ulong fl;
	int neg, base, n, w, verb;

	fl = f->flags;
	verb = f->r;
	if(verb == 'p'){
		u = (uintptr_t)va_arg(f->args, void*);
		neg = 0;
		verb = 'x';
		fl |= FmtUnsigned;
	}else
		u = intarg(f, fl, &neg);
	conv = "0123456789abcdef";
	switch(verb){
	case 'd':
	case 'i':
		base = 10;
		break;
	case 'X':
		conv = "0123456789ABCDEF";
		/* fall through */
	case 'x':
		base = 16;
		break;
	case 'o':
		base = 8;
		break;
	case 'b':
		base = 2;
		break;
	default:
		return -1;
	}
	p = buf + sizeof buf - 1;
	n = 0;
	while(u != 0){
		if((fl & FmtComma) && n % 4 == 3){
			*p-- = ',';
			n++;
		}
		*p-- = conv[u % base];
		u /= base;
		n++;
	}
	if(n == 0){
		/* as in C and plan9port: zero with precision 0 is no digits (%#o still gets its
		 * 0), and zero gets no 0x */
		if(!(fl & FmtPrec) || f->prec != 0 || (verb == 'o' && (fl & FmtSharp))){
			*p-- = '0';
			n = 1;
		}
		if(base == 16)
			fl &= ~FmtSharp;
	}
	for(w = f->prec; n < w && p > buf + 3; n++)
		*p-- = '0';
	if(neg || (fl & (FmtSign|FmtSpace)))
		n++;
	if(fl & FmtSharp){
		if(base == 16)
			n += 2;
		else if(base == 8){
			if(p[1] == '0')
				fl &= ~FmtSharp;
			else
				n++;
		}
	}
	if((fl & FmtZero) && !(fl & (FmtLeft|FmtPrec))){
		for(w = f->width; n < w && p > buf + 3; n++)
			*p-- = '0';
		f->width = 0;
	}
	if(fl & FmtSharp){
		if(base == 16)
			*p-- = verb;
		if(base == 16 || base == 8)
			*p-- = '0';
	}
	if(neg)
		*p-- = '-';
	else if(fl & FmtSign)
		*p-- = '+';
	else if(fl & FmtSpace)
		*p-- = ' ';
	f->flags &= ~FmtPrec;
	return p9_fmtcpy(f, p + 1, n, n);
}

/*
 * The flag verbs: each sets its bits in f->flags and formatting goes on with the next rune.
 * h and l given twice also set their second bits: hh is a byte, ll a vlong.
 */
static const struct {
	Rune r;
	ulong bits;
	ulong twice;
} flagverbs[] = {
	{ ',', FmtComma, 0 },
	{ '-', FmtLeft, 0 },
	{ '+', FmtSign, 0 },
	{ '#', FmtSharp, 0 },
	{ ' ', FmtSpace, 0 },
	{ 'u', FmtUnsigned, 0 },
	{ 'h', FmtShort, FmtByte },
	{ 'l', FmtLong, FmtVLong },
	{ 'z', FmtSize | FmtLong | (sizeof(size_t) == sizeof(uvlong) ? FmtVLong : 0), 0 },
	{ 't', FmtSize | FmtLong | (sizeof(size_t) == sizeof(uvlong) ? FmtVLong : 0), 0 },
	{ 'j', FmtLong | FmtVLong, 0 },
};

static int
flagindex(Rune r)
{
	uint i;

	for(i = 0; i < sizeof flagverbs / sizeof flagverbs[0]; i++)
		if(flagverbs[i].r == r)
			return i;
	return -1;
}

static int
flagfmt(Fmt *f)
{
	int i;

	if((i = flagindex(f->r)) < 0)
		return 1;
	if(f->flags & flagverbs[i].bits)
		f->flags |= flagverbs[i].twice;
	f->flags |= flagverbs[i].bits;
	return 1;
}

static int
badfmt(Fmt *f)
{
	char x[2 + UTFmax];
	Rune r;
	int n;

	r = f->r;
	x[0] = '%';
	n = 1 + p9runetochar(x + 1, &r);
	x[n++] = '%';
	f->flags &= ~FmtPrec;
	p9_fmtcpy(f, x, 3, n);
	return 0;
}

static Fmts
builtin(Rune r)
{
	switch(r){
	case 'd': case 'i': case 'o': case 'x': case 'X': case 'b': case 'p':
		return ifmt;
	case 'e': case 'f': case 'g': case 'E': case 'G':
		return p9_fltfmt;
	case 's':
		return strfmt;
	case 'S':
		return runesfmt;
	case 'c':
		return charfmt;
	case 'C':
		return runefmt;
	case 'r':
		return errfmt;
	case 'q':
		return p9_quotefmt;
	case 'Q':
		return p9_runequotefmt;
	case 'D':
		return p9_dirfmt;
	case 'M':
		return p9_dirmodefmt;
	case 'n':
		return countfmt;
	case '%':
		return percentfmt;
	}
	return flagindex(r) >= 0 ? flagfmt : badfmt;
}

static Fmts
fmtfmt(Rune r)
{
	Fmts fn;
	int i, n;

	n = __atomic_load_n(&ninstalled, __ATOMIC_ACQUIRE);
	if(n > 0){
		fn = nil;
		pthread_rwlock_rdlock(&fmtlock);
		for(i = 0; i < ninstalled; i++)
			if(installed[i].c == (int)r){
				fn = installed[i].fmt;
				break;
			}
		pthread_rwlock_unlock(&fmtlock);
		if(fn != nil)
			return fn;
	}
	return builtin(r);
}

int
p9fmtinstall(int c, int (*fn)(Fmt*))
{
	int i;

	if(c <= 0 || c > Runemax || fn == nil){
		p9werrstr("fmtinstall: bad verb");
		return -1;
	}
	pthread_rwlock_wrlock(&fmtlock);
	for(i = 0; i < ninstalled; i++)
		if(installed[i].c == c)
			break;
	if(i == Maxfmt){
		pthread_rwlock_unlock(&fmtlock);
		p9werrstr("fmtinstall: too many verbs");
		return -1;
	}
	installed[i].c = c;
	installed[i].fmt = fn;
	if(i == ninstalled)
		__atomic_store_n(&ninstalled, i + 1, __ATOMIC_RELEASE);
	pthread_rwlock_unlock(&fmtlock);
	return 0;
}

/* %u is a flag before another verb (%ud, %ulx) and unsigned decimal on its own (%u). */
static int
uisflag(const char *fmt)
{
	return *fmt != 0 && strchr("dioxXbclhzjtn,", *fmt) != nil;
}

/* A number in a directive is its width, or its precision once a '.' or a width came before. */
static void
setnumber(Fmt *f, int v)
{
	if(f->flags & FmtWidth){
		f->flags |= FmtPrec;
		f->prec = v;
	}else{
		f->flags |= FmtWidth;
		f->width = v;
	}
}

/* The decimal number whose first digit was d and whose others follow at *fmtp; at most Maxwidth. */
static int
scannumber(int d, const char **fmtp)
{
	const char *s;
	int v;

	v = d;
	for(s = *fmtp; *s >= '0' && *s <= '9'; s++)
		v = v <= Maxwidth / 10 ? v * 10 + (*s - '0') : Maxwidth;
	*fmtp = s;
	return v;
}

/*
 * A '*' takes the number from the arguments. A negative width means left-justified; a
 * negative precision means none was given.
 */
static void
argnumber(Fmt *f)
{
	int v;

	v = va_arg(f->args, int);
	if(v >= 0){
		setnumber(f, v);
		return;
	}
	if(f->flags & FmtPrec){
		f->flags &= ~FmtPrec;
		f->prec = 0;
		return;
	}
	f->flags |= FmtLeft;
	setnumber(f, v < -Maxwidth ? Maxwidth : -v);
}

/*
 * Interpret one %-directive at fmt (just past the %) and return where plain text resumes,
 * or nil on an error. Flag verbs (built in or installed) return 1 and the directive goes
 * on; a verb that formats returns 0 and ends it.
 */
static const char*
dispatch(Fmt *f, const char *fmt)
{
	Rune r;
	int n;

	f->flags = 0;
	f->width = f->prec = 0;
	while(*fmt != 0){
		fmt += p9chartorune(&r, fmt);
		f->r = r;
		if(r == '.')
			f->flags |= FmtWidth | FmtPrec;
		else if(r == '0' && !(f->flags & FmtWidth))
			f->flags |= FmtZero;
		else if(r >= '0' && r <= '9')
			setnumber(f, scannumber(r - '0', &fmt));
		else if(r == '*')
			argnumber(f);
		else if(r == 'u' && !uisflag(fmt)){
			f->flags |= FmtUnsigned;
			f->r = 'd';
			return ifmt(f) < 0 ? nil : fmt;
		}else{
			n = fmtfmt(r)(f);
			if(n < 0)
				return nil;
			if(n == 0)
				break;
		}
	}
	return fmt;
}

int
p9_dofmt(Fmt *f, const char *fmt)
{
	const char *s;
	int nfmt;

	if(f->runes){
		p9werrstr("fmt: rune output buffers are not supported");
		return -1;
	}
	nfmt = f->nfmt;
	for(;;){
		for(s = fmt; *s != 0 && *s != '%'; s++)
			;
		if(s > fmt && p9_fmtbytes(f, fmt, s - fmt) < 0)
			return -1;
		if(*s == 0)
			return f->nfmt - nfmt;
		fmt = dispatch(f, s + 1);
		if(fmt == nil)
			return -1;
	}
}
