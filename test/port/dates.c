/* dates: 9front's date API: Tm, tmparse, %τ in several zones, tmnorm arithmetic, ctime. */
#include <u.h>
#include <libc.h>

char *rfc = "?WWW, ?DD ?MMM ?YYYY hh:mm:ss ?Z";

void
main(void)
{
	Tzone *ist, *pst;
	Tm tm;
	char *e;
	int i;

	tmfmtinstall();
	if((ist = tzload("+0530")) == nil || (pst = tzload("-0800")) == nil)
		sysfatal("tzload: %r");
	tmtime(&tm, 1234567890, nil);
	print("%τ\n", tmfmt(&tm, nil));
	print("%τ\n", tmfmt(&tm, "YYYY-MM-DD hh:mm:ss Z"));
	tmtime(&tm, 1234567890, ist);
	print("%τ\n", tmfmt(&tm, "WWW, D MMMM YYYY h:mm a ZZ"));
	tmtime(&tm, 1234567890, pst);
	print("%τ\n", tmfmt(&tm, "[in the zone] ZZZ: hh:mm"));

	/* the same instant, written three ways */
	if(tmparse(&tm, rfc, "Fri, 13 Feb 2009 23:31:30 +0000", nil, &e) == nil)
		sysfatal("tmparse: %r");
	print("%lld\n", tmnorm(&tm));
	if(tmparse(&tm, rfc, "Sat, 14 Feb 2009 05:01:30 +0530", nil, nil) == nil)
		sysfatal("tmparse: %r");
	print("%lld\n", tmnorm(&tm));
	if(tmparse(&tm, "YYYY-MM-DD hh:mm:ss", "2009-02-13 15:31:30", pst, nil) == nil)
		sysfatal("tmparse: %r");
	print("%lld\n", tmnorm(&tm));

	/* forty days later, and the month after January 31 */
	tmtime(&tm, 1234567890, nil);
	tm.mday += 40;
	tmnorm(&tm);
	print("%τ\n", tmfmt(&tm, "YYYY-MM-DD WW"));
	if(tmparse(&tm, "YYYY-MM-DD", "2024-01-31", nil, nil) == nil)
		sysfatal("tmparse: %r");
	tm.mon++;
	tmnorm(&tm);
	print("%τ\n", tmfmt(&tm, "YYYY-MM-DD"));

	/* bad dates are refused */
	if(tmparse(&tm, "YYYY-MM-DD", "2009-02-30", nil, nil) == nil)
		print("refused: %r\n");

	/* the older interface, in the local zone ($TZ) */
	for(i = 0; i < 2; i++)
		print("%s", ctime(1234567890 + i * 86400 * 150));
	print("%ld\n", tm2sec(localtime(1234567890)));
}
