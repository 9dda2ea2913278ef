/*
 * regerror.c: Plan 9's regcomp reports a bad expression through regerror, which a program
 * may define (ed and sed do) and which otherwise prints "regerror: why" and exits. These
 * wrappers of libregexp's r9regcomp give ported programs that; part of libp9main.a, linked
 * only into programs whose regexp.h calls them.
 */
#include <planten/lib9.h>
#include <planten/regexp.h>

void	regerror(char *msg) __attribute__((weak));

static Reprog*
report(Reprog *prog)
{
	char msg[ERRMAX];

	if(prog != nil)
		return prog;
	p9rerrstr(msg, sizeof msg);
	if(regerror != nil){
		regerror(msg);
		return nil;
	}
	p9fprint(2, "regerror: %s\n", msg);
	p9exits("regerr");
}

Reprog*
p9compatregcomp(const char *exp)
{
	return report(r9regcomp(exp));
}

Reprog*
p9compatregcomplit(const char *exp)
{
	return report(r9regcomplit(exp));
}

Reprog*
p9compatregcompnl(const char *exp)
{
	return report(r9regcompnl(exp));
}
