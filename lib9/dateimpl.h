/* dateimpl.h: lib9's private interface between its date functions and its time zones. */
#include <planten/lib9.h>

#ifndef P9HIDDEN
#define P9HIDDEN __attribute__((visibility("hidden")))
#endif

/* A POSIX TZ rule date: Mm.w.d (kind 'M'), Jn (day 1..365, no leap day) or n (0..365). */
typedef struct Tzrule Tzrule;
struct Tzrule {
	int kind;
	int mon, week, day;
	long time;	/* seconds after local midnight the change happens */
};

struct Tzone {
	char name[64];		/* as loaded */
	Tzone *next;
	/* from a TZif file */
	vlong *trans;		/* transition times, increasing */
	uchar *transtype;	/* the type each transition starts */
	struct { long off; int isdst; int abbr; } *types;
	char *abbrev;		/* the abbreviations, NUL-separated */
	long ntrans;
	int ntypes;
	int firsttype;		/* in force before the first transition */
	/* the rule for times after the last transition (or the whole zone) */
	int hasrule;
	char stname[16], dlname[16];
	long stoff, dloff;	/* seconds east of Greenwich */
	int hasdst;
	Tzrule start, end;
};

P9HIDDEN int	p9_tzparse(Tzone *z, const uchar *buf, long n);
P9HIDDEN int	p9_tzrule(Tzone *z, const char *rule);
P9HIDDEN void	p9_tzfree(Tzone *z);
/* The offset east of Greenwich in force at abs, and the zone's name for it. */
P9HIDDEN long	p9_tzoffset(const Tzone *z, vlong abs, char *name, int nname);

/* The proleptic Gregorian calendar: days since 1970-01-01 and back (months 1..12). */
P9HIDDEN vlong	p9_daysfromcivil(vlong y, int mon, int mday);
P9HIDDEN void	p9_civilfromdays(vlong days, int *y, int *mon, int *mday);
P9HIDDEN int	p9_isleap(vlong y);
P9HIDDEN int	p9_monthdays(vlong y, int mon);
P9HIDDEN vlong	p9_floordiv(vlong a, vlong b);

/*
 * The format language. A field is a letter repeated (its width: MMM is the month's short
 * name); underscores before it pad it to the underscores plus the letters; [text] is
 * literal text (\ quotes the next character); '?' before a field lets tmparse try every
 * form; '~' at the start lets tmparse accept out-of-range values. Other characters stand
 * for themselves.
 */
typedef struct Tok Tok;
struct Tok {
	int c;		/* the field letter, '[' for literal text, 0 at the end */
	int w;		/* letters in the field; -1 for "?" (any form) */
	int pad;	/* width to pad to when printing */
	const char *text;	/* literal text between [ and ] */
	int ntext;
};

P9HIDDEN const char*	p9_datetok(const char *p, Tok *t);

extern P9HIDDEN const char *const p9_monthname[12];
extern P9HIDDEN const char *const p9_dayname[7];
/* Fill tm's calendar fields for abs seen at tm->tzoff. */
P9HIDDEN Tm*	p9_filltm(Tm *tm, vlong abs, int ns);
/* The seconds since the epoch that tm's fields name, as if at offset 0; any range. */
P9HIDDEN vlong	p9_fieldsecs(const Tm *tm);
/* The offset (and its name in tm->zone) of a local time in tz: looked up twice. */
P9HIDDEN long	p9_localoffset(Tm *tm, Tzone *tz, vlong local);
