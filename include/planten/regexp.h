/*
 * regexp.h: libregexp, Plan 9 regular expressions (9front's regexp(2) and regexp(6)).
 * Every exported function carries the prefix r9; the types keep Plan 9's names. See regexp(3).
 *
 * Syntax: literal runes; \c is c literally (any c, metacharacter or not); . any rune but
 * newline; [s] and [^s] classes with a-b ranges (\ escapes inside; a negated class never
 * matches newline; [] matches nothing); ^ and $ the start and end of a line; ( ) groups;
 * * + ? repetition; concatenation; | alternation. An empty expression or alternative is an
 * error, as in 9front.
 * Matching is leftmost-longest: of the matches that start first, the longest; among
 * equally long ones, the submatches of the one that prefers earlier alternatives and
 * longer repetitions. Time is linear in the string (times the program's size), whatever the
 * pattern: there is no backtracking.
 */
#ifndef PLANTEN_REGEXP_H
#define PLANTEN_REGEXP_H

#define PLANTEN_REGEXP_API 1

#include <planten/p9types.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct Reprog Reprog;	/* a compiled expression: one malloc'd block, freed with free */
typedef struct Resub Resub;

struct Resub {
	union {
		char *sp;	/* start of a (sub)match */
		Rune *rsp;	/* the same, for the rune forms */
	};
	union {
		char *ep;	/* just past its end */
		Rune *rep;
	};
};

/*
 * r9regcomp compiles exp; r9regcomplit takes every rune of exp literally; r9regcompnl lets
 * . match newline too. They return nil with errstr set (the message 9front gives its
 * regerror, e.g. "regexp a(b: no matching parenthesis") on a malformed expression or
 * when out of memory; they never print or exit.
 *
 * r9regexec matches the NUL-terminated string against prog and returns 1 and fills
 * match[0..msize-1] (match may be nil), or returns 0 (no match; also for a nil prog or no
 * memory, with errstr set). match[0] is the whole match, match[i] the i'th parenthesised
 * group counting left parentheses from 1; groups that took no part, and entries beyond the
 * expression's groups, are zeroed. If match[0].sp is not nil on entry, matching starts
 * there (^ still knows the string's start); if match[0].ep is not nil and not at the
 * string's end, the match must end at or before it, and $ does not match there.
 * The string is not written to. r9rregexec does the same on a string of Runes, with rsp/rep.
 *
 * r9regsub copies source into dest (at most dlen bytes, NUL included; always terminated
 * when dlen > 0) replacing & by match[0] and \0 ... \9 by match[n] (nothing for an unset
 * one); \\ is a backslash and \c any other c is c. r9rregsub is the Rune form (dlen Runes).
 */
Reprog*	r9regcomp(const char *exp);
Reprog*	r9regcomplit(const char *exp);
Reprog*	r9regcompnl(const char *exp);
int	r9regexec(const Reprog *prog, const char *string, Resub *match, int msize);
int	r9rregexec(const Reprog *prog, const Rune *string, Resub *match, int msize);
void	r9regsub(const char *source, char *dest, int dlen, const Resub *match, int msize);
void	r9rregsub(const Rune *source, Rune *dest, int dlen, const Resub *match, int msize);

#ifdef __cplusplus
}
#endif
#endif
