/* dateparse.c: p9tmparse, reading a date by the format language of p9tmfmt (see date.c). */
#include <limits.h>
#include <string.h>
#include <planten/lib9.h>
#include "dateimpl.h"

/* Zone names RFC 5322 fixes, and the military letters: offsets east, in hours. */
static const struct {
	const char *name;
	int hours;
} zonenames[] = {
	{ "GMT", 0 }, { "UTC", 0 }, { "UT", 0 },
	{ "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
	{ "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 },
	{ "A", -1 }, { "B", -2 }, { "C", -3 }, { "D", -4 }, { "E", -5 }, { "F", -6 },
	{ "G", -7 }, { "H", -8 }, { "I", -9 }, { "K", -10 }, { "L", -11 }, { "M", -12 },
	{ "N", 1 }, { "O", 2 }, { "P", 3 }, { "Q", 4 }, { "R", 5 }, { "S", 6 }, { "T", 7 },
	{ "U", 8 }, { "V", 9 }, { "W", 10 }, { "X", 11 }, { "Y", 12 }, { "Z", 0 },
};

typedef struct Parse Parse;
struct Parse {
	const char *s;		/* the rest of the input */
	int zoned;		/* the input named a zone */
	Tzone *zone;		/* ... as a zone to look up, or */
	long zoff;		/* ... as a fixed offset */
	int ampm;		/* -1, or 0 for am, 1 for pm */
};

static int
isalpha_(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Up to max digits; *ok is 0 if there were none. */
static long
digits(Parse *ps, int max, int *ok, int *ndig)
{
	long n;
	int i;

	n = 0;
	for(i = 0; i < max && ps->s[i] >= '0' && ps->s[i] <= '9'; i++)
		n = n * 10 + ps->s[i] - '0';
	ps->s += i;
	*ok = i > 0;
	if(ndig != nil)
		*ndig = i;
	return n;
}

/* One of the names, in full (len 0) or its first len letters, any case. */
static int
name(Parse *ps, const char *const *names, int n, int len, int *ok)
{
	int i, k;

	for(i = 0; i < n; i++){
		k = len > 0 ? len : (int)strlen(names[i]);
		if(p9cistrncmp(ps->s, names[i], k) == 0 && !isalpha_(ps->s[k])){
			ps->s += k;
			*ok = 1;
			return i;
		}
	}
	*ok = 0;
	return -1;
}

/* [+-]hhmm (colon 0) or [+-]hh:mm (colon 1), the sign already read. */
static int
numzone(Parse *ps, int sign, int colon, Tm *tm)
{
	const char *s;
	int h, m;

	s = ps->s;
	if(s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	h = (s[0] - '0') * 10 + s[1] - '0';
	s += 2;
	if(colon && *s++ != ':')
		return -1;
	if(s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	m = (s[0] - '0') * 10 + s[1] - '0';
	if(h > 14 || m > 59 || (!colon && s[2] >= '0' && s[2] <= '9'))
		return -1;
	ps->s = s + 2;
	ps->zoff = sign * (h * 3600L + m * 60L);
	p9snprint(tm->zone, sizeof tm->zone, "%c%02d%02d", sign < 0 ? '-' : '+', h, m);
	return 0;
}

/* A zone by name: the local zone's, RFC 5322's, a military letter, or any other word. */
static int
namedzone(Parse *ps, Tm *tm, int anyword)
{
	Tzone *local;
	const char *e;
	uint i;
	int n;

	local = p9tzload("local");
	if(local != nil){
		const char *ln[2] = { local->stname, local->dlname };

		for(i = 0; i < 2; i++){
			n = strlen(ln[i]);
			if(n > 0 && p9cistrncmp(ps->s, ln[i], n) == 0 && !isalpha_(ps->s[n])){
				ps->s += n;
				ps->zone = local;
				return 0;
			}
		}
	}
	for(i = 0; i < sizeof zonenames / sizeof zonenames[0]; i++){
		n = strlen(zonenames[i].name);
		if(p9cistrncmp(ps->s, zonenames[i].name, n) == 0 && !isalpha_(ps->s[n])){
			ps->s += n;
			ps->zoff = zonenames[i].hours * 3600L;
			p9strecpy(tm->zone, tm->zone + sizeof tm->zone, zonenames[i].name);
			return 0;
		}
	}
	if(!anyword)
		return -1;
	/* an unknown abbreviation: keep its name, at offset 0 */
	for(e = ps->s; isalpha_(*e); e++)
		;
	if(e - ps->s < 3 || e - ps->s >= (long)sizeof tm->zone)
		return -1;
	memcpy(tm->zone, ps->s, e - ps->s);
	tm->zone[e - ps->s] = 0;
	ps->s = e;
	ps->zoff = 0;
	return 0;
}

static int
zone(Parse *ps, const Tok *t, Tm *tm)
{
	int sign, w;

	w = t->w;
	if(t->c == 'z' && w != 1)
		return -1;
	ps->zoned = 1;
	sign = 0;
	if(*ps->s == '+' || *ps->s == '-')
		sign = *ps->s++ == '-' ? -1 : 1;
	if(w == 1 || w == 2)
		return numzone(ps, sign ? sign : 1, w == 2, tm);
	if(sign != 0 && w == -1)
		return numzone(ps, sign, 0, tm) == 0 ? 0 : numzone(ps, sign, 1, tm);
	if(w == 3 && sign == 0)
		return namedzone(ps, tm, 0);
	if(w == -1)
		return namedzone(ps, tm, 1);
	return -1;
}

/* Match literal text from a [...] token. */
static int
literal(Parse *ps, const Tok *t)
{
	int i;

	for(i = 0; i < t->ntext; i++){
		if(t->text[i] == '\\' && i + 1 < t->ntext)
			i++;
		if(*ps->s != t->text[i])
			return -1;
		ps->s++;
	}
	return 0;
}

/* Fractions of a second add up (a sloppy format may give several); 0 past an int. */
static int
addns(Tm *tm, long n)
{
	if(tm->nsec > INT_MAX - n)
		return 0;
	tm->nsec += n;
	return 1;
}

static int
field(Parse *ps, const Tok *t, Tm *tm)
{
	int ok, w, nd;
	long n;

	w = t->w;
	ok = 0;
	switch(t->c){
	case 'Y':
		n = digits(ps, w == 2 ? 2 : 4, &ok, &nd);
		if(w == 2 || (w == -1 && nd <= 2))
			n += n < 69 ? 2000 : 1900;
		tm->year = n - 1900;
		break;
	case 'M':
		if(w == 3 || w == 4){
			tm->mon = name(ps, p9_monthname, 12, w == 3 ? 3 : 0, &ok);
			break;
		}
		tm->mon = digits(ps, 2, &ok, nil) - 1;
		if(!ok && w == -1)
			tm->mon = name(ps, p9_monthname, 12, 0, &ok);
		if(!ok && w == -1)
			tm->mon = name(ps, p9_monthname, 12, 3, &ok);
		break;
	case 'D':
		tm->mday = digits(ps, 2, &ok, nil);
		break;
	case 'W':
		if(w == 2 || w == 3){
			tm->wday = name(ps, p9_dayname, 7, w == 2 ? 3 : 0, &ok);
			break;
		}
		if(w == -1){
			tm->wday = name(ps, p9_dayname, 7, 0, &ok);
			if(!ok)
				tm->wday = name(ps, p9_dayname, 7, 3, &ok);
			if(ok)
				break;
		}
		tm->wday = digits(ps, 1, &ok, nil) - 1;
		break;
	case 'h':
	case 'H':
		tm->hour = digits(ps, 2, &ok, nil);
		break;
	case 'm':
		tm->min = digits(ps, 2, &ok, nil);
		break;
	case 's':
		tm->sec = digits(ps, 2, &ok, nil);
		break;
	case 't':
		n = digits(ps, 3, &ok, nil) * 1000000;
		ok = ok && addns(tm, n);
		break;
	case 'u':
		n = digits(ps, w >= 3 ? 6 : 3, &ok, nil) * 1000;
		ok = ok && addns(tm, n);
		break;
	case 'n':
		n = digits(ps, w == -1 || w >= 5 ? 9 : w >= 3 ? 6 : 3, &ok, nil);
		ok = ok && addns(tm, n);
		break;
	case 'o':
		if(p9cistrncmp(ps->s, "st", 2) == 0 || p9cistrncmp(ps->s, "nd", 2) == 0 ||
		    p9cistrncmp(ps->s, "rd", 2) == 0 || p9cistrncmp(ps->s, "th", 2) == 0){
			ps->s += 2;
			ok = 1;
		}
		break;
	case 'z':
	case 'Z':
		ok = zone(ps, t, tm) == 0;
		break;
	case 'a':
	case 'A':
		if(p9cistrncmp(ps->s, "am", 2) == 0 || p9cistrncmp(ps->s, "pm", 2) == 0){
			ps->ampm = p9cistrncmp(ps->s, "pm", 2) == 0;
			ps->s += 2;
			ok = 1;
		}
		break;
	default:
		for(ok = 1; ok && w-- > 0; ps->s++)
			ok = *ps->s == t->c;
		break;
	}
	return ok ? 0 : -1;
}

static int
inrange(const Tm *tm)
{
	return tm->mon >= 0 && tm->mon <= 11 && tm->mday >= 1 &&
		tm->mday <= p9_monthdays(tm->year + 1900L, tm->mon + 1) && tm->hour >= 0 &&
		tm->hour <= 24 && tm->min >= 0 && tm->min <= 59 && tm->sec >= 0 && tm->sec <= 60 &&
		tm->nsec >= 0 && tm->nsec < 1000000000 && tm->wday >= -1 && tm->wday <= 6;
}

static int
isspace_(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

Tm*
p9tmparse(Tm *tm, const char *fmt, const char *str, Tzone *tz, char **ep)
{
	const char *p;
	vlong local, abs;
	Parse ps;
	long off;
	int sloppy, ns;
	Tok t;

	p9tmtime(tm, 0, nil);
	tm->wday = -1;
	memset(&ps, 0, sizeof ps);
	ps.ampm = -1;
	ps.s = str;
	while(isspace_(*ps.s))
		ps.s++;
	p = fmt;
	sloppy = *p == '~';
	if(sloppy)
		p++;
	t.c = 0;
	while(*p != 0){
		if(*p == ' ' || *p == ',' || *p == '_' || *p == '\t' || *p == '\n'){
			/* any run of blanks and commas matches any other, or none */
			p += strspn(p, " ,_\t\n");
			ps.s += strspn(ps.s, " ,\t\n");
			continue;
		}
		p = p9_datetok(p, &t);
		if(t.c == -1){
			p9werrstr("bad date format %s", fmt);
			return nil;
		}
		if((t.c == '[' ? literal(&ps, &t) : field(&ps, &t, tm)) < 0)
			goto bad;
	}
	if(ep != nil)
		*ep = (char*)ps.s;
	t.c = 0;	/* what fails now is the date as a whole */
	if(ps.ampm >= 0){
		if(!sloppy && (tm->hour < 1 || tm->hour > 12))
			goto bad;
		tm->hour = tm->hour % 12 + 12 * ps.ampm;
	}
	if(!sloppy && !inrange(tm))
		goto bad;
	local = p9_fieldsecs(tm);
	ns = tm->nsec;
	if(!ps.zoned)
		off = tz != nil ? p9_localoffset(tm, tz, local) : 0;
	else if(ps.zone != nil)
		off = p9_localoffset(tm, ps.zone, local);
	else
		off = ps.zoff;
	abs = local - off;
	if(tz != nil || !ps.zoned)
		return p9tmtimens(tm, abs, ns, tz);
	tm->tz = ps.zone;
	tm->tzoff = off;
	return p9_filltm(tm, abs, ns);
bad:
	if(t.c > 0)
		p9werrstr("invalid %c component in '%s'", t.c, str);
	else
		p9werrstr("invalid date '%s'", str);
	return nil;
}
