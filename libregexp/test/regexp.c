/* regexp.c: libregexp: syntax, leftmost-longest matching, submatches, the rune forms, regsub,
 * errors on malformed expressions, and bounded time on pathological ones. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <planten/lib9.h>
#include <planten/regexp.h>

static const char*
errstr(void)
{
	static char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return buf;
}

/*
 * match(re, s): "" when re does not match s, else the matches as "whole|g1|g2..." with
 * "-" for an unset group; compiled with r9regcomp, or r9regcompnl when nl.
 */
static char*
domatch(const char *re, const char *s, int nl)
{
	static char out[512];
	Reprog *p;
	Resub m[10];
	char *o, *e;
	const char *s0;
	int i, n;

	s0 = s;
	p = nl ? r9regcompnl(re) : r9regcomp(re);
	if(p == nil)
		return "ERROR";
	memset(m, 0, sizeof m);
	if(!r9regexec(p, s0, m, 10)){
		free(p);
		return "";
	}
	free(p);
	for(n = 10; n > 1 && m[n-1].sp == nil; n--)
		;
	o = out;
	e = out + sizeof out;
	for(i = 0; i < n; i++){
		if(i > 0)
			o = p9seprint(o, e, "|");
		if(m[i].sp == nil)
			o = p9seprint(o, e, "-");
		else
			for(s = m[i].sp; s < m[i].ep && o < e - 1; s++)
				*o++ = *s;
		*o = 0;
	}
	return out;
}

#define M(re, s, want)	assert_string_equal(domatch(re, s, 0), want)
#define MNL(re, s, want)	assert_string_equal(domatch(re, s, 1), want)

static void
test_literals(void **state)
{
	M("abc", "xxabcxx", "abc");
	M("abc", "ab", "");
	M("a", "", "");
	M("é", "café", "é");
	M("\\.", "a.b", ".");
	M("a\\*b", "a*b", "a*b");
	M("\\n", "n\n", "n");		/* \c is c: 9front has no \n escape */
	M("\\\\", "a\\b", "\\");
	M("a\\", "a", "a");		/* a trailing backslash is nothing */
	M("日本", "日本語", "日本");
}

static void
test_metachars(void **state)
{
	M("a.c", "abc", "abc");
	M("a.c", "a\nc", "");		/* . is not newline */
	MNL("a.c", "a\nc", "a\nc");	/* regcompnl's is */
	M("ab*", "abbbc", "abbb");
	M("ab*", "ac", "a");
	M("ab+", "ac", "");
	M("ab+", "abbc", "abb");
	M("ab?c", "ac", "ac");
	M("ab?c", "abc", "abc");
	M("a**", "aaa", "aaa");		/* runs of operators nest */
	M("a+?", "aaa", "aaa");
	M("a?+", "", "");
	M("(b?)?+", "cc", "|");		/* as 9front: the group matched empty */
	M("(b?)*(x)", "x", "x|-|x");	/* but a star cannot loop on nothing */
	M("(ab)+", "ababab", "ababab|ab");
	M("a|b|c", "xcx", "c");
	M("^ab", "ab", "ab");
	M("^ab", "cab", "");
	M("^ab", "c\nab", "ab");
	M("ab$", "abc", "");
	M("ab$", "xab", "ab");
	M("ab$", "ab\nc", "ab");
	M("^$", "", "");
	M("^$", "a\n\nb", "");
	M("x^", "x", "");
	M("$x", "x", "");
	M("(^a|b)c", "bc", "bc|b");
}

static void
test_classes(void **state)
{
	M("[abc]+", "xxbcaz", "bca");
	M("[a-c]+", "xxbcaz", "bca");
	M("[c-a]+", "xxbcaz", "bca");	/* a range may be given backwards */
	M("[^a-c]+", "abcxyzabc", "xyz");
	M("[^a]", "\n", "");		/* a negated class never matches newline */
	M("[\n]", "a\nb", "\n");	/* a positive one may */
	M("[\\]]", "a]b", "]");
	M("[\\-]", "a-b", "-");
	M("[a\\-z]+", "b-az", "-az");
	M("[.*+?(|)$^]+", "x.*+?(|)$^x", ".*+?(|)$^");
	M("[^^]", "^a", "a");
	M("[]", "abc", "");		/* empty: matches nothing */
	M("[^]", "ab", "a");		/* anything but newline */
	M("[α-ω]+", "xαβγx", "αβγ");
	M("[a-cx-z]+", "qabyzq", "abyz");
	M("[a-ca-c]", "b", "b");
	M("[0-9a-fA-F]+", "0x1fG", "0");
}

static void
test_leftmost_longest(void **state)
{
	M("a|ab", "ab", "ab");		/* longest, not first alternative */
	M("ab|a", "ab", "ab");
	M("(a|ab)(c|bcd)", "abcd", "abcd|a|bcd");
	M("(a*)(a*)", "aaa", "aaa|aaa|");
	M("(a*)+", "aaa", "aaa|aaa");
	M("(a|b)*", "abab", "abab|b");
	M("x*", "aaa", "");		/* an empty match at the start */
	M("b*", "abbb", "");
	M("a*b", "caaab", "aaab");	/* leftmost */
	M("(wee|week)(knights|night)", "weeknights", "weeknights|wee|knights");
	M("(.*)-(.*)", "a-b-c", "a-b-c|a-b|c");
	M("(a+)(b*)(b)", "aabb", "aabb|aa|b|b");
	M("((a)|b)+", "ab", "ab|b|a");
	M("(a)|(b)", "b", "b|-|b");
	M("()", "x", "ERROR");
	M("(x)?y", "y", "y");
}

static void
test_errors(void **state)
{
	static const struct {
		const char *re;
		const char *err;
	} bad[] = {
		{ "", "parsing error" },
		{ "a|", "parsing error" },
		{ "|a", "syntax error: |" },
		{ "(", "parsing error" },
		{ "(a", "no matching parenthesis" },
		{ "a)", "syntax error: )" },
		{ "()", "syntax error: )" },
		{ "*a", "syntax error: *" },
		{ "a(*)", "syntax error: *" },
		{ "[a", "no closing ] for class" },
		{ "[", "no closing ] for class" },
		{ "[a-", "no closing ] for class" },
		{ "[\\", "no closing ] for class" },
		{ "[-a]", "malformed class" },
		{ "[a-]", "malformed class" },
		{ "[a--]", "malformed class" },
		{ "[a-b-c]", "malformed class" },
	};
	Reprog *p;
	char *deep;
	uint i;

	for(i = 0; i < sizeof bad / sizeof bad[0]; i++){
		p = r9regcomp(bad[i].re);
		if(p != nil)
			fail_msg("%s compiled", bad[i].re);
		if(strstr(errstr(), bad[i].err) == nil)
			fail_msg("%s: error %s, not %s", bad[i].re, errstr(), bad[i].err);
	}
	assert_null(r9regcomp(nil));
	assert_null(r9regcomplit(""));
	/* deep nesting is refused, not a stack overflow */
	deep = malloc(20001);
	memset(deep, '(', 10000);
	memset(deep + 10000, ')', 10000);
	deep[20000] = 0;
	assert_null(r9regcomp(deep));
	assert_non_null(strstr(errstr(), "too deeply nested"));
	/* a long run of operators compiles in linear time */
	deep[0] = 'a';
	memset(deep + 1, '*', 19999);
	p = r9regcomp(deep);
	assert_non_null(p);
	assert_int_equal(r9regexec(p, "aaa", nil, 0), 1);
	free(p);
	free(deep);
	/* matching with nothing to match is no match */
	assert_int_equal(r9regexec(nil, "a", nil, 0), 0);
	p = r9regcomp("a");
	assert_int_equal(r9regexec(p, nil, nil, 0), 0);
	free(p);
}

static void
test_literal_and_nl(void **state)
{
	Reprog *p;
	Resub m[1];

	p = r9regcomplit("a.*(b)[c]\\");
	assert_non_null(p);
	memset(m, 0, sizeof m);
	assert_int_equal(r9regexec(p, "xa.*(b)[c]\\y", m, 1), 1);
	assert_int_equal(m[0].ep - m[0].sp, 10);
	memset(m, 0, sizeof m);
	assert_int_equal(r9regexec(p, "aXbc", m, 1), 0);
	free(p);
	MNL("a.*b", "a\n\nb", "a\n\nb");
	MNL("[^x]", "\n", "");		/* a negated class still excludes newline */
}

static void
test_submatch_array(void **state)
{
	Reprog *p;
	Resub m[5];
	char s[] = "key=value";

	p = r9regcomp("([a-z]+)=([a-z]+)");
	/* unused entries are zeroed; msize smaller than the groups is fine */
	memset(m, 0xff, sizeof m);
	m[0].sp = m[0].ep = nil;	/* these say where to start and end */
	assert_int_equal(r9regexec(p, s, m, 5), 1);
	assert_ptr_equal(m[0].sp, s);
	assert_ptr_equal(m[0].ep, s + 9);
	assert_ptr_equal(m[1].sp, s);
	assert_ptr_equal(m[1].ep, s + 3);
	assert_ptr_equal(m[2].sp, s + 4);
	assert_null(m[3].sp);
	assert_null(m[4].ep);
	memset(m, 0, sizeof m);
	assert_int_equal(r9regexec(p, s, m, 1), 1);
	assert_ptr_equal(m[0].ep, s + 9);
	assert_null(m[1].sp);
	assert_int_equal(r9regexec(p, s, nil, 0), 1);
	memset(m, 0, sizeof m);
	assert_int_equal(r9regexec(p, "===", m, 5), 0);
	free(p);
}

static void
test_start_and_end(void **state)
{
	Reprog *p;
	Resub m[1];
	char s[] = "ab\nab ab";

	p = r9regcomp("^ab");
	m[0].sp = s + 3;
	m[0].ep = nil;
	assert_int_equal(r9regexec(p, s, m, 1), 1);
	assert_ptr_equal(m[0].sp, s + 3);
	m[0].sp = s + 4;	/* ^ still knows where the string starts */
	m[0].ep = nil;
	assert_int_equal(r9regexec(p, s, m, 1), 0);
	free(p);
	p = r9regcomp("b+");
	m[0].sp = s + 5;
	m[0].ep = nil;
	assert_int_equal(r9regexec(p, s, m, 1), 1);
	assert_ptr_equal(m[0].sp, s + 7);
	free(p);
	/* an end bound: the match ends before it and $ does not match there */
	p = r9regcomp("a.*");
	m[0].sp = s;
	m[0].ep = s + 5;
	assert_int_equal(r9regexec(p, s, m, 1), 1);
	assert_ptr_equal(m[0].ep, s + 2);
	m[0].sp = s + 3;
	m[0].ep = s + 5;
	assert_int_equal(r9regexec(p, s, m, 1), 1);
	assert_ptr_equal(m[0].ep, s + 5);
	free(p);
	p = r9regcomp("b$");
	m[0].sp = s + 3;
	m[0].ep = s + 5;
	assert_int_equal(r9regexec(p, s, m, 1), 0);
	m[0].sp = s + 3;
	m[0].ep = s + 8;	/* the string's end: no bound, $ matches */
	assert_int_equal(r9regexec(p, s, m, 1), 1);
	assert_string_equal(s, "ab\nab ab");	/* never written to */
	free(p);
}

static void
test_runes(void **state)
{
	Reprog *p;
	Resub m[3];
	Rune s[] = { 'x', 0x65E5, 0x672C, '=', 'v', '\n', 0 };
	Rune sub[] = { '<', '\\', '1', '>', '&', 0 };
	Rune out[16], want[] = { '<', 0x65E5, 0x672C, '>', 0x65E5, 0x672C, '=', 'v', 0 };

	p = r9regcomp("(日本)=([a-z])$");
	memset(m, 0, sizeof m);
	assert_int_equal(r9rregexec(p, s, m, 3), 1);
	assert_ptr_equal(m[0].rsp, s + 1);
	assert_ptr_equal(m[0].rep, s + 5);
	assert_ptr_equal(m[1].rep, s + 3);
	assert_ptr_equal(m[2].rsp, s + 4);
	r9rregsub(sub, out, 16, m, 3);
	assert_memory_equal(out, want, sizeof want);
	r9rregsub(sub, out, 3, m, 3);
	assert_int_equal(out[0], '<');
	assert_int_equal(out[1], 0x65E5);
	assert_int_equal(out[2], 0);
	free(p);
}

static void
test_regsub(void **state)
{
	Reprog *p;
	Resub m[3];
	char s[] = "john smith", out[64];

	p = r9regcomp("([a-z]+) ([a-z]+)");
	memset(m, 0, sizeof m);
	assert_int_equal(r9regexec(p, s, m, 3), 1);
	r9regsub("\\2, \\1 (&) \\\\ \\x \\9", out, sizeof out, m, 3);
	assert_string_equal(out, "smith, john (john smith) \\ x ");
	r9regsub("&&&", out, 8, m, 3);
	assert_string_equal(out, "john sm");	/* cut to fit, terminated */
	r9regsub("abc\\", out, sizeof out, m, 3);
	assert_string_equal(out, "abc");
	r9regsub("\\1", out, sizeof out, nil, 0);
	assert_string_equal(out, "");
	r9regsub("x", out, 1, m, 3);
	assert_string_equal(out, "");
	r9regsub("x", out, 0, m, 3);		/* nothing written */
	free(p);
}

static double
seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);	/* the machine's load does not count */
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Patterns that take exponential time in a backtracking matcher take linear time here. */
static void
test_pathological(void **state)
{
	static const char *res[] = {
		"(a*)*b", "(a|a)*b", "(a|aa)*b", "(a+)+b", "((a*)*)*b", "(.*)*x",
		"a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?a?aaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	char *s;
	Reprog *p;
	double t;
	uint i;

	s = malloc(100001);
	memset(s, 'a', 100000);
	s[100000] = 0;
	t = seconds();
	for(i = 0; i < sizeof res / sizeof res[0]; i++){
		p = r9regcomp(res[i]);
		assert_non_null(p);
		if(i == 6)
			s[26] = 0;
		assert_int_equal(r9regexec(p, s, nil, 0), i == 6);
		s[26] = 'a';
		free(p);
	}
	/* a big expression: a thousand alternatives */
	{
		char *big, *b;

		big = malloc(6000);
		b = big;
		for(i = 0; i < 1000; i++)
			b += sprintf(b, "%sa%03u", i ? "|" : "", i);
		p = r9regcomp(big);
		assert_non_null(p);
		s[10000] = 0;	/* linear in the string, but each of its runes meets 1000 states */
		assert_int_equal(r9regexec(p, s, nil, 0), 0);
		free(p);
		free(big);
	}
	free(s);
	assert_true(seconds() - t < 20);	/* CPU time; usually 0.1 s, a few under the sanitizers */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_literals),
		cmocka_unit_test(test_metachars),
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_leftmost_longest),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_literal_and_nl),
		cmocka_unit_test(test_submatch_array),
		cmocka_unit_test(test_start_and_end),
		cmocka_unit_test(test_runes),
		cmocka_unit_test(test_regsub),
		cmocka_unit_test(test_pathological),
	};
	return cmocka_run_group_tests(tests, nil, nil);
}
