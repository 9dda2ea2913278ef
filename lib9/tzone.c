/*
 * tzone.c: time zones for lib9's date functions: p9tzload reads a zone from the host's
 * zoneinfo files (TZif, RFC 8536: the 64-bit data of version 2 and later, and the POSIX TZ
 * rule in the footer for times past the last transition), or takes a fixed offset.
 * Zones are loaded once and kept for the life of the process, as Plan 9's are.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>
#include "dateimpl.h"

enum {
	Maxtzfile = 1 << 20,	/* no real zone file comes near this */
	Maxtrans = 1 << 16,
	Maxtypes = 256,
};

static pthread_mutex_t zonelock = PTHREAD_MUTEX_INITIALIZER;
static Tzone *zones;

static vlong
be32(const uchar *p)
{
	return (int32_t)((u32int)p[0] << 24 | (u32int)p[1] << 16 | (u32int)p[2] << 8 | p[3]);
}

static vlong
be64(const uchar *p)
{
	return (vlong)((uvlong)(u32int)be32(p) << 32 | (u32int)be32(p + 4));
}

/*
 * The POSIX TZ rule: "STDoff[DST[off][,start[/time],end[/time]]]", names as letters or
 * <...>, offsets [+-]hh[:mm[:ss]] west of Greenwich, dates Mm.w.d, Jn or n.
 */
static const char*
zonename(const char *s, char *name, int nname)
{
	const char *e;
	int n;

	if(*s == '<'){
		e = strchr(s, '>');
		if(e == nil)
			return nil;
		n = e - (s + 1);
		s++;
	}else{
		for(e = s; (*e >= 'a' && *e <= 'z') || (*e >= 'A' && *e <= 'Z'); e++)
			;
		n = e - s;
	}
	if(n < 1 || n >= nname)
		return nil;
	memcpy(name, s, n);
	name[n] = 0;
	return *e == '>' ? e + 1 : e;
}

static const char*
tznum(const char *s, int max, int *v)
{
	int n, d;

	if(*s < '0' || *s > '9')
		return nil;
	for(n = d = 0; *s >= '0' && *s <= '9'; s++, d++){
		if(d >= 3)
			return nil;
		n = n * 10 + *s - '0';
	}
	if(n > max)
		return nil;
	*v = n;
	return s;
}

/* [+-]hh[:mm[:ss]] into seconds; hours up to maxh (167 for rule times). */
static const char*
tzhms(const char *s, int maxh, long *secs)
{
	int sign, h, m, sec;

	sign = 1;
	if(*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	m = sec = 0;
	if((s = tznum(s, maxh, &h)) == nil)
		return nil;
	if(*s == ':' && (s = tznum(s + 1, 59, &m)) != nil && *s == ':')
		s = tznum(s + 1, 59, &sec);
	if(s == nil)
		return nil;
	*secs = sign * (h * 3600L + m * 60L + sec);
	return s;
}

static const char*
tzdate(const char *s, Tzrule *r)
{
	int v;

	r->time = 2 * 3600;
	if(*s == 'M'){
		r->kind = 'M';
		if((s = tznum(s + 1, 12, &r->mon)) == nil || r->mon < 1 || *s != '.')
			return nil;
		if((s = tznum(s + 1, 5, &r->week)) == nil || r->week < 1 || *s != '.')
			return nil;
		if((s = tznum(s + 1, 6, &r->day)) == nil)
			return nil;
	}else if(*s == 'J'){
		r->kind = 'J';
		if((s = tznum(s + 1, 365, &v)) == nil || v < 1)
			return nil;
		r->day = v;
	}else{
		r->kind = 'n';
		if((s = tznum(s, 365, &r->day)) == nil)
			return nil;
	}
	if(*s == '/')
		s = tzhms(s + 1, 167, &r->time);
	return s;
}

int
p9_tzrule(Tzone *z, const char *s)
{
	long off;

	if((s = zonename(s, z->stname, sizeof z->stname)) == nil || (s = tzhms(s, 24, &off)) == nil)
		return -1;
	z->stoff = -off;
	z->hasdst = 0;
	if(*s == 0)
		return 0;
	if((s = zonename(s, z->dlname, sizeof z->dlname)) == nil)
		return -1;
	z->dloff = z->stoff + 3600;
	if(*s != ',' && *s != 0){
		if((s = tzhms(s, 24, &off)) == nil)
			return -1;
		z->dloff = -off;
	}
	if(*s == 0){
		/* no rule given: POSIX leaves it to the implementation; use the US one */
		s = ",M3.2.0,M11.1.0";
	}
	if(*s != ',' || (s = tzdate(s + 1, &z->start)) == nil)
		return -1;
	if(*s != ',' || (s = tzdate(s + 1, &z->end)) == nil || *s != 0)
		return -1;
	z->hasdst = 1;
	return 0;
}

/* Seconds from the start of year y (UTC) to 00:00 of the day the rule names. */
static vlong
ruleday(const Tzrule *r, int y)
{
	vlong d, first;
	int leap, wd;

	leap = p9_isleap(y);
	switch(r->kind){
	case 'J':
		d = r->day - 1 + (leap && r->day >= 60);
		break;
	case 'n':
		d = r->day;
		break;
	default:
		first = p9_daysfromcivil(y, r->mon, 1) - p9_daysfromcivil(y, 1, 1);
		wd = (p9_daysfromcivil(y, r->mon, 1) + 4) % 7;	/* 1970-01-01 was a Thursday */
		if(wd < 0)
			wd += 7;
		d = first + (r->day - wd + 7) % 7 + (r->week - 1) * 7;
		while(d >= first + p9_monthdays(y, r->mon))
			d -= 7;
		break;
	}
	return d * 86400;
}

/* Is daylight time in force at abs under z's rule? */
static int
ruledst(const Tzone *z, vlong abs)
{
	vlong ystart, start, end, t;
	int y, mon, mday;

	p9_civilfromdays(p9_floordiv(abs + z->stoff, 86400), &y, &mon, &mday);
	ystart = p9_daysfromcivil(y, 1, 1) * 86400;
	start = ystart + ruleday(&z->start, y) + z->start.time - z->stoff;
	end = ystart + ruleday(&z->end, y) + z->end.time - z->dloff;
	t = abs;
	if(start < end)
		return t >= start && t < end;
	return t >= start || t < end;	/* the southern hemisphere */
}

static int
ruleoff(const Tzone *z, vlong abs, char **name)
{
	if(z->hasdst && ruledst(z, abs)){
		*name = (char*)z->dlname;
		return z->dloff;
	}
	*name = (char*)z->stname;
	return z->stoff;
}

long
p9_tzoffset(const Tzone *z, vlong abs, char *name, int nname)
{
	long lo, hi, mid;
	int t, off;
	char *n;

	if(z == nil){
		p9strecpy(name, name + nname, "GMT");
		return 0;
	}
	if(z->ntrans == 0 || abs >= z->trans[z->ntrans - 1]){
		if(z->hasrule || z->ntrans == 0){
			off = ruleoff(z, abs, &n);
			p9strecpy(name, name + nname, n);
			return off;
		}
		t = z->transtype[z->ntrans - 1];
	}else if(abs < z->trans[0])
		t = z->firsttype;
	else{
		/* the last transition at or before abs */
		lo = 0;
		hi = z->ntrans - 1;
		while(lo < hi){
			mid = (lo + hi + 1) / 2;
			if(z->trans[mid] <= abs)
				lo = mid;
			else
				hi = mid - 1;
		}
		t = z->transtype[lo];
	}
	p9strecpy(name, name + nname, z->abbrev + z->types[t].abbr);
	return z->types[t].off;
}

/* Decode a TZif file held in buf[0..n) into z; 0, or -1 with the error string set. */
int
p9_tzparse(Tzone *z, const uchar *buf, long n)
{
	const uchar *p, *e, *tt;
	long isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt, i, tsize, skip;
	int v2;

	e = buf + n;
	if(n < 44 || memcmp(buf, "TZif", 4) != 0)
		goto bad;
	v2 = buf[4] >= '2';
	p = buf;
	tsize = 4;
	for(;;){
		isutcnt = be32(p + 20);
		isstdcnt = be32(p + 24);
		leapcnt = be32(p + 28);
		timecnt = be32(p + 32);
		typecnt = be32(p + 36);
		charcnt = be32(p + 40);
		if(isutcnt < 0 || isstdcnt < 0 || leapcnt < 0 || timecnt < 0 ||
		    timecnt > Maxtrans || typecnt < 1 || typecnt > Maxtypes || charcnt < 1 ||
		    charcnt > 4096 || leapcnt > Maxtrans || isutcnt > typecnt || isstdcnt > typecnt)
			goto bad;
		skip = timecnt * (tsize + 1) + typecnt * 6 + charcnt + leapcnt * (tsize + 4) +
			isstdcnt + isutcnt;
		if(skip > e - (p + 44))
			goto bad;
		if(!v2 || tsize == 8)
			break;
		/* version 2 and later: skip the 32-bit data to the 64-bit header */
		p += 44 + skip;
		if(e - p < 44 || memcmp(p, "TZif", 4) != 0)
			goto bad;
		tsize = 8;
	}
	p += 44;
	z->trans = malloc(timecnt * sizeof z->trans[0] + 1);
	z->transtype = malloc(timecnt + 1);
	z->types = malloc(typecnt * sizeof z->types[0]);
	z->abbrev = malloc(charcnt + 1);
	if(z->trans == nil || z->transtype == nil || z->types == nil || z->abbrev == nil){
		p9werrstr("out of memory");
		return -1;
	}
	for(i = 0; i < timecnt; i++, p += tsize){
		z->trans[i] = tsize == 8 ? be64(p) : be32(p);
		if(i > 0 && z->trans[i] <= z->trans[i - 1])
			goto bad;
	}
	for(i = 0; i < timecnt; i++, p++){
		if(*p >= typecnt)
			goto bad;
		z->transtype[i] = *p;
	}
	tt = p;
	for(i = 0; i < typecnt; i++, p += 6){
		z->types[i].off = be32(p);
		z->types[i].isdst = p[4];
		z->types[i].abbr = p[5];
		if(p[5] >= charcnt || z->types[i].off < -25 * 3600 || z->types[i].off > 26 * 3600)
			goto bad;
	}
	memcpy(z->abbrev, p, charcnt);
	z->abbrev[charcnt] = 0;
	z->ntrans = timecnt;
	z->ntypes = typecnt;
	/* before the first transition: the first standard-time type, as RFC 8536 says */
	z->firsttype = 0;
	for(i = 0; i < typecnt; i++)
		if(!tt[i * 6 + 4]){
			z->firsttype = i;
			break;
		}
	p += charcnt + leapcnt * (tsize + 4) + isstdcnt + isutcnt;
	z->hasrule = 0;
	if(v2 && e - p >= 2 && *p == '\n'){
		const uchar *nl;
		char rule[128];

		nl = memchr(p + 1, '\n', e - (p + 1));
		if(nl != nil && nl - (p + 1) > 0 && nl - (p + 1) < (long)sizeof rule){
			memcpy(rule, p + 1, nl - (p + 1));
			rule[nl - (p + 1)] = 0;
			if(p9_tzrule(z, rule) == 0)
				z->hasrule = 1;
		}
	}
	if(!z->hasrule){
		/* names and offsets for the rule path: the type in force at the end */
		i = timecnt > 0 ? z->transtype[timecnt - 1] : z->firsttype;
		p9strecpy(z->stname, z->stname + sizeof z->stname, z->abbrev + z->types[i].abbr);
		z->stoff = z->types[i].off;
		z->hasdst = 0;
	}
	return 0;
bad:
	p9werrstr("bad time zone file");
	return -1;
}

void
p9_tzfree(Tzone *z)
{
	if(z == nil)
		return;
	free(z->trans);
	free(z->transtype);
	free(z->types);
	free(z->abbrev);
	free(z);
}

static int
readzone(Tzone *z, const char *path)
{
	uchar *buf;
	long n, m;
	int fd, r;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if(fd < 0)
		return p9oserror(errno);
	buf = malloc(Maxtzfile);
	if(buf == nil){
		close(fd);
		p9werrstr("out of memory");
		return -1;
	}
	for(n = 0; n < Maxtzfile && (m = read(fd, buf + n, Maxtzfile - n)) > 0; n += m)
		;
	close(fd);
	r = p9_tzparse(z, buf, n);
	free(buf);
	return r;
}

/* Where a zone's file is: a path, a zoneinfo name, or Plan 9's US_Pacific for US/Pacific. */
static int
findzone(Tzone *z, const char *name)
{
	char path[512], *p;
	const char *dir, *tz;

	if(strcmp(name, "local") == 0){
		tz = getenv("TZ");
		if(tz == nil || *tz == 0)
			return readzone(z, "/etc/localtime");
		if(*tz == ':')
			tz++;
		if(*tz != '/' && p9_tzrule(z, tz) == 0)
			return 0;
		name = tz;
	}
	if(name[0] == '/')
		return readzone(z, name);
	if(strstr(name, "..") != nil){
		p9werrstr("bad time zone name %s", name);
		return -1;
	}
	dir = getenv("TZDIR");
	if(dir == nil || *dir == 0)
		dir = "/usr/share/zoneinfo";
	p9snprint(path, sizeof path, "%s/%s", dir, name);
	if(access(path, R_OK) != 0)
		for(p = path + strlen(dir); *p; p++)
			if(*p == '_')
				*p = '/';
	return readzone(z, path);
}

/* "+hhmm", "-hh:mm", "GMT", "UTC": zones that need no file. */
static int
fixedzone(Tzone *z, const char *name)
{
	long off;
	const char *e;

	if(strcmp(name, "GMT") == 0 || strcmp(name, "UTC") == 0 || strcmp(name, "UT") == 0){
		p9strecpy(z->stname, z->stname + sizeof z->stname, name);
		return 0;
	}
	if(name[0] != '+' && name[0] != '-')
		return -1;
	if(strlen(name) == 5 && strspn(name + 1, "0123456789") == 4){
		off = ((name[1] - '0') * 10 + name[2] - '0') * 3600L +
			((name[3] - '0') * 10 + name[4] - '0') * 60L;
		e = name + 5;
	}else if((e = tzhms(name, 24, &off)) == nil || *e != 0)
		return -1;
	else
		off = off < 0 ? -off : off;
	z->stoff = name[0] == '-' ? -off : off;
	p9strecpy(z->stname, z->stname + sizeof z->stname, name);
	return 0;
}

Tzone*
p9tzload(const char *name)
{
	Tzone *z;

	if(name == nil)
		name = "GMT";
	pthread_mutex_lock(&zonelock);
	for(z = zones; z != nil; z = z->next)
		if(strcmp(z->name, name) == 0)
			break;
	if(z == nil){
		z = calloc(1, sizeof *z);
		if(z == nil)
			p9werrstr("out of memory");
		else if(strlen(name) >= sizeof z->name){
			p9werrstr("time zone name too long");
			p9_tzfree(z);
			z = nil;
		}else if(fixedzone(z, name) != 0 && findzone(z, name) != 0){
			p9werrstr("load time zone %s: %r", name);
			p9_tzfree(z);
			z = nil;
		}else{
			p9strecpy(z->name, z->name + sizeof z->name, name);
			z->next = zones;
			zones = z;
		}
	}
	pthread_mutex_unlock(&zonelock);
	return z;
}
