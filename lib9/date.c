/*
 * date.c: Plan 9's dates, as 9front's tmdate(2) and ctime(2) give them: p9tmtime, p9tmtimens,
 * p9tmnow, p9tmnorm, p9tmfmt and the %τ verb, and the older p9gmtime,
 * p9localtime, p9asctime, p9ctime and p9tm2sec. p9tmparse is in dateparse.c.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include "dateimpl.h"

#define Ctimefmt	"WW MMM _D hh:mm:ss ZZZ YYYY"

const char *const p9_monthname[] = {
	"January", "February", "March", "April", "May", "June", "July", "August",
	"September", "October", "November", "December",
};
const char *const p9_dayname[] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
};

vlong
p9_floordiv(vlong a, vlong b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int
p9_isleap(vlong y)
{
	return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

int
p9_monthdays(vlong y, int mon)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return days[mon - 1] + (mon == 2 && p9_isleap(y));
}

/*
 * Days since 1970-01-01 of y-mon-mday. Counting years from March puts the leap day at the
 * end of the year; a 400-year era has 146097 days.
 */
vlong
p9_daysfromcivil(vlong y, int mon, int mday)
{
	vlong era, yoe, doy, doe;

	if(mon <= 2)
		y--;
	era = p9_floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (mon > 2 ? mon - 3 : mon + 9) + 2) / 5 + mday - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
p9_civilfromdays(vlong days, int *y, int *mon, int *mday)
{
	vlong era, doe, yoe, doy, mp, yy;

	days += 719468;
	era = p9_floordiv(days, 146097);
	doe = days - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*mday = doy - (153 * mp + 2) / 5 + 1;
	*mon = mp < 10 ? mp + 3 : mp - 9;
	*y = yy + (*mon <= 2);
}

/*
 * A Tm's year is an int: seconds beyond the years it holds saturate at them, so that any
 * vlong (and any offset added to it) is a time without overflow.
 */
static vlong
saturate(vlong secs)
{
	vlong lo, hi;

	lo = p9_daysfromcivil(INT_MIN + 1900LL, 1, 1) * 86400;
	hi = p9_daysfromcivil(INT_MAX, 12, 31) * 86400 + 86399;
	return secs < lo ? lo : secs > hi ? hi : secs;
}

Tm*
p9_filltm(Tm *tm, vlong abs, int ns)
{
	vlong local, days, secs;
	int y, mon, mday;

	local = saturate(saturate(abs) + tm->tzoff);
	secs = local % 86400;
	if(secs < 0)
		secs += 86400;
	days = (local - secs) / 86400;
	p9_civilfromdays(days, &y, &mon, &mday);
	tm->year = y - 1900;
	tm->mon = mon - 1;
	tm->mday = mday;
	tm->yday = days - p9_daysfromcivil(y, 1, 1);
	tm->wday = (int)((days % 7 + 11) % 7);	/* 1970-01-01 was a Thursday */
	tm->hour = secs / 3600;
	tm->min = secs / 60 % 60;
	tm->sec = secs % 60;
	tm->nsec = ns;
	return tm;
}

static void
setzone(Tm *tm, Tzone *tz, vlong abs)
{
	tm->tz = tz;
	tm->tzoff = p9_tzoffset(tz, abs, tm->zone, sizeof tm->zone);
}

Tm*
p9tmtimens(Tm *tm, vlong abs, int ns, Tzone *tz)
{
	abs = saturate(abs) + p9_floordiv(ns, 1000000000);
	ns -= p9_floordiv(ns, 1000000000) * 1000000000;
	setzone(tm, tz, abs);
	return p9_filltm(tm, abs, ns);
}

Tm*
p9tmtime(Tm *tm, vlong abs, Tzone *tz)
{
	return p9tmtimens(tm, abs, 0, tz);
}

Tm*
p9tmnow(Tm *tm, Tzone *tz)
{
	vlong ns;

	ns = p9nsec();
	return p9tmtimens(tm, ns / 1000000000, ns % 1000000000, tz);
}

vlong
p9_fieldsecs(const Tm *tm)
{
	vlong y, mon;

	y = (vlong)tm->year + 1900 + p9_floordiv(tm->mon, 12);
	mon = tm->mon - p9_floordiv(tm->mon, 12) * 12;
	return (p9_daysfromcivil(y, mon + 1, 1) + tm->mday - 1) * 86400 +
		(vlong)tm->hour * 3600 + (vlong)tm->min * 60 + tm->sec;
}

long
p9_localoffset(Tm *tm, Tzone *tz, vlong local)
{
	long off;

	off = p9_tzoffset(tz, local, tm->zone, sizeof tm->zone);
	return p9_tzoffset(tz, local - off, tm->zone, sizeof tm->zone);
}

vlong
p9tmnorm(Tm *tm)
{
	vlong local, abs;

	local = p9_fieldsecs(tm) + p9_floordiv(tm->nsec, 1000000000);
	tm->nsec -= p9_floordiv(tm->nsec, 1000000000) * 1000000000;
	if(tm->tz != nil)
		tm->tzoff = p9_localoffset(tm, tm->tz, local);
	abs = local - tm->tzoff;
	p9_filltm(tm, abs, tm->nsec);
	return abs;
}

Tmfmt
p9tmfmt(Tm *tm, const char *fmt)
{
	Tmfmt f;

	f.fmt = (char*)fmt;
	f.tm = tm;
	return f;
}

const char*
p9_datetok(const char *p, Tok *t)
{
	int depth;

	t->pad = 0;
	t->w = 1;
	while(*p == '_'){
		t->pad++;
		p++;
	}
	if(*p == '?'){
		t->w = -1;
		p++;
	}
	t->c = (uchar)*p;
	if(*p == 0)
		return p;
	if(*p == '['){
		t->text = ++p;
		for(depth = 1; *p; p++){
			if(*p == '\\' && p[1] != 0){
				p++;
				continue;
			}
			if(*p == '[')
				depth++;
			if(*p == ']' && --depth == 0)
				break;
		}
		t->ntext = p - t->text;
		if(*p != ']')
			t->c = -1;	/* unterminated */
		return *p ? p + 1 : p;
	}
	for(p++; *p == t->c; p++)
		if(t->w > 0)
			t->w++;
	if(t->w > 0)
		t->pad += t->w;
	else
		t->pad = 0;
	return p;
}

/* Literal text from a [...] token, with its backslashes taken out. */
static int
printtext(Fmt *f, const Tok *t)
{
	int i;

	for(i = 0; i < t->ntext; i++){
		if(t->text[i] == '\\' && i + 1 < t->ntext)
			i++;
		if(p9fmtprint(f, "%c", t->text[i]) < 0)
			return -1;
	}
	return 0;
}

/* n with at least digits digits, right-aligned in pad. */
static int
num(Fmt *f, int pad, int digits, long n)
{
	return p9fmtprint(f, "%*.*ld", pad, digits, n) < 0 ? -1 : 0;
}

static int
printfield(Fmt *f, const Tok *t, const Tm *tm)
{
	long off;
	int w, pad, h12, n;

	w = t->w < 0 ? 1 : t->w;
	pad = t->pad;
	switch(t->c){
	case 'Y':
		if(w == 2)
			return num(f, pad, 2, (tm->year + 1900L) % 100);
		if(w == 1 || w == 4)
			return num(f, pad, 1, tm->year + 1900L);
		break;
	case 'M':
		if(w <= 2)
			return num(f, pad, w, tm->mon + 1L);
		if(tm->mon < 0 || tm->mon > 11)
			break;
		return p9fmtprint(f, "%*.*s", pad, w == 3 ? 3 : 32, p9_monthname[tm->mon]);
	case 'D':
		if(w <= 2)
			return num(f, pad, w, tm->mday);
		break;
	case 'W':
		if(w == 1)
			return num(f, pad, 1, tm->wday + 1L);
		if(tm->wday < 0 || tm->wday > 6 || w > 3)
			break;
		return p9fmtprint(f, "%*.*s", pad, w == 2 ? 3 : 32, p9_dayname[tm->wday]);
	case 'h':
	case 'H':
		h12 = tm->hour % 12 == 0 ? 12 : tm->hour % 12;
		if(w <= 2)
			return num(f, pad, w, t->c == 'h' ? tm->hour : h12);
		break;
	case 'm':
		if(w <= 2)
			return num(f, pad, w, tm->min);
		break;
	case 's':
		if(w <= 2)
			return num(f, pad, w, tm->sec);
		break;
	case 't':
		if(w <= 3)
			return num(f, pad, w == 1 ? 1 : 3, tm->nsec / 1000000 % 1000);
		break;
	case 'u':
		if(w <= 2)
			return num(f, pad, w == 1 ? 1 : 3, tm->nsec / 1000 % 1000);
		if(w <= 4)
			return num(f, pad, w == 3 ? 1 : 6, tm->nsec / 1000);
		break;
	case 'n':
		if(w <= 2)
			return num(f, pad, w == 1 ? 1 : 3, tm->nsec % 1000);
		if(w <= 4)
			return num(f, pad, w == 3 ? 1 : 6, tm->nsec % 1000000);
		if(w <= 6)
			return num(f, pad, w == 5 ? 1 : 9, tm->nsec);
		break;
	case 'o':
		if(w != 1)
			break;
		if(tm->mday % 10 == 1 && tm->mday != 11)
			return p9fmtstrcpy(f, "st");
		if(tm->mday % 10 == 2 && tm->mday != 12)
			return p9fmtstrcpy(f, "nd");
		if(tm->mday % 10 == 3 && tm->mday != 13)
			return p9fmtstrcpy(f, "rd");
		return p9fmtstrcpy(f, "th");
	case 'z':
	case 'Z':
		if(w == 3 && t->c == 'Z')
			return p9fmtprint(f, "%*s", pad, tm->zone);
		if(w > 2 || (t->c == 'z' && w != 1))
			break;
		off = tm->tzoff < 0 ? -(long)tm->tzoff : tm->tzoff;
		n = 5 + (w == 2);	/* +hhmm or +hh:mm */
		return p9fmtprint(f, "%*s%c%02ld%s%02ld", pad > n ? pad - n : 0, "",
			tm->tzoff < 0 ? '-' : '+', off / 3600, w == 2 ? ":" : "", off / 60 % 60);
	case 'a':
	case 'A':
		if(w != 1)
			break;
		return p9fmtprint(f, "%*s", pad, tm->hour < 12 ? (t->c == 'a' ? "am" : "AM") :
			(t->c == 'a' ? "pm" : "PM"));
	default:
		while(w-- > 0)
			if(p9fmtprint(f, "%C", (Rune)t->c) < 0)
				return -1;
		return 0;
	}
	p9werrstr("bad date format");
	return -1;
}

static int
fmtdate(Fmt *f, Tmfmt tf)
{
	const char *p, *start;
	Tok t;

	if(tf.tm == nil)
		return p9fmtstrcpy(f, "<nil>");
	start = tf.fmt != nil ? tf.fmt : Ctimefmt;
	for(p = start; *p != 0;){
		if(p == start && *p == '~'){
			p++;
			continue;
		}
		p = p9_datetok(p, &t);
		if(t.c == 0)
			continue;
		if(t.c == -1 || (t.c == '[' ? printtext(f, &t) : printfield(f, &t, tf.tm)) < 0){
			p9werrstr("bad date format %s", start);
			return -1;
		}
	}
	return 0;
}

static int
tmverb(Fmt *f)
{
	return fmtdate(f, va_arg(f->args, Tmfmt));
}

int
p9tmfmtinstall(void)
{
	return p9fmtinstall(0x3C4, tmverb);	/* τ */
}

/* Per thread, as Plan 9's are static: the older interface. */
static _Thread_local Tm oldtm;
static _Thread_local char oldbuf[40];

Tm*
p9gmtime(long t)
{
	return p9tmtime(&oldtm, t, nil);
}

Tm*
p9localtime(long t)
{
	return p9tmtime(&oldtm, t, p9tzload("local"));
}

char*
p9asctime(Tm *tm)
{
	Fmt f;

	p9fmtbufinit(&f, oldbuf, sizeof oldbuf);
	if(fmtdate(&f, p9tmfmt(tm, Ctimefmt)) == 0)
		p9fmtprint(&f, "\n");
	return oldbuf;
}

char*
p9ctime(long t)
{
	return p9asctime(p9localtime(t));
}

long
p9tm2sec(Tm *tm)
{
	Tm t;

	t = *tm;
	if(t.tz == nil && strcmp(t.zone, "GMT") != 0 && t.zone[0] != 0)
		t.tz = p9tzload("local");
	return p9tmnorm(&t);
}
