/*
 * regexp.h: Plan 9's <regexp.h> for programs built against planten: libregexp's r9
 * functions under Plan 9's names (see regexp(3)). As on Plan 9, a bad expression is
 * reported through regerror, the program's own if it defines one, else one that prints
 * "regerror: why" and exits; libp9main (which 9l links) does that.
 */
#ifndef PLANTEN_COMPAT_REGEXP_H
#define PLANTEN_COMPAT_REGEXP_H

#include <libc.h>
#include <planten/regexp.h>

Reprog*	p9compatregcomp(const char *exp);
Reprog*	p9compatregcomplit(const char *exp);
Reprog*	p9compatregcompnl(const char *exp);
void	regerror(char *msg);

#define regcomp		p9compatregcomp
#define regcomplit	p9compatregcomplit
#define regcompnl	p9compatregcompnl
#define regexec		r9regexec
#define rregexec	r9rregexec
#define regsub		r9regsub
#define rregsub		r9rregsub

#endif
