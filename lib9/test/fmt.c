/* fmt.c: cmocka tests for lib9's print engine: verbs, flags, buffers, fmtinstall, fd output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <limits.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>

static char buf[1024];

#define F(want, ...) do { \
	int n_ = p9snprint(buf, sizeof buf, __VA_ARGS__); \
	assert_string_equal(buf, want); \
	assert_int_equal(n_, strlen(want)); \
} while(0)

static void
test_integers(void **state)
{
	F("-12", "%d", -12);
	F("42", "%i", 42);
	F("   42|42   |-0042", "%5d|%-5d|%05d", 42, 42, -42);
	F("4294967295", "%ud", -1);
	F("4294967295", "%u", -1);
	F("7 8", "%u %lu", 7u, 8ul);
	F("ff FF 0xff 0XFF", "%x %X %#x %#X", 255, 255, 255, 255);
	F("0 0|||0|0|  |", "%#x %#X|%.0d|%.0x|%#.0o|%.1d|%2.0d|%.d", 0, 0, 0, 0, 0, 0, 0, 0);
	F("-1", "%x", -1);	/* Plan 9: %x is signed unless u is given */
	F("ffffffff", "%ux", -1);
	F("1,234,567 -1,000", "%,d %,d", 1234567, -1000);
	F("-5 18446744073709551615", "%lld %llud", -5LL, ~0ULL);
	F("ffffffffffffffff", "%llux", ~0ULL);
	F("7 8 -9", "%zd %zu %zd", (size_t)7, (size_t)8, (ssize_t)-9);
	F("10 010 0 101", "%o %#o %#o %b", 8, 8, 0, 5);
	F("+3  3 007", "%+d % d %.3d", 3, 3, 7);
	F("-1 255 -1 65535", "%hhd %hhud %hd %hud", 255, 255, 65535, 65535);
	F("9223372036854775807 -9223372036854775808", "%lld %lld",
		(vlong)9223372036854775807LL, (vlong)(-9223372036854775807LL - 1));
	F("   -42", "%*d", 6, -42);
	F("-42   |", "%*d|", -6, -42);
	F("0", "%d", 0);
	F("1234", "%p", (void*)0x1234);
	F("    2a", "%6ux", 42);
}

static void
test_strings(void **state)
{
	Rune rs[] = { 0x263A, 'x', 0 };

	F("abc", "%s", "abc");
	F("     h\xc3\xa9llo|h\xc3\xa9llo     |", "%10s|%-10s|", "h\xc3\xa9llo", "h\xc3\xa9llo");
	F("h\xc3\xa9", "%.2s", "h\xc3\xa9llo");	/* precision counts runes */
	F("    x", "%5.1s", "xyz");
	F("ab", "%.*s", 2, "abc");
	F("<nil>", "%s", (char*)nil);
	F("\xe2\x98\xba|z|%", "%C|%c|%%", 0x263A, 'z');
	F("\xe2\x98\xbax", "%S", rs);
	F("\xe2\x98\xba", "%.1S", rs);
	F("  \xe2\x98\xba", "%3C", 0x263A);
	/* bytes that are not UTF-8 pass through unchanged */
	F("a\xff\xfe" "b", "%s", "a\xff\xfe" "b");
	/* even a sequence cut short at the end of the string (found by fuzz-dial) */
	F("a\xe2\x82", "%s", "a\xe2\x82");
	F("[\xf0\x9f\x98]", "[%s]", "\xf0\x9f\x98");
	F("  \xe2\x82|", "%4s|", "\xe2\x82");
	F("%Z%|  %Z%|%Z%  |", "%Z|%5Z|%-5Z|");
	F("trailing", "trailing%");
	F("\xe2\x98\xba literal", "\xe2\x98\xba literal");
}

static void
test_floats(void **state)
{
	F("1.500000e+00|2.250000|1e-05", "%e|%f|%g", 1.5, 2.25, 1e-5);
	F("3.14|   2.500|2.50    |", "%.2f|%8.3f|%-8.2f|", 3.14159, 2.5, 2.5);
	F("1.234568E+04|1.23E-05", "%E|%G", 12345.678, 0.0000123);
	F("+1.0|0002.5", "%+.1f|%06.1f", 1.0, 2.5);
	F("Inf|-Inf|NaN|+Inf", "%f|%f|%g|%+f", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0, 1.0 / 0.0);
	{
		char want[400];
		snprintf(want, sizeof want, "%f", 1e300);
		assert_int_equal(strlen(want), 308);
		F(want, "%f", 1e300);
	}
}

/* Huge widths and precisions: what the C library prints, without its cost in memory. */
static void
test_bigfloats(void **state)
{
	static char want[4000], got[4000];
	static const struct {
		const char *fmt;
		double d;
	} t[] = {
		{ "%.1200f|", 1.5 }, { "%.1200e|", 1e300 }, { "%.1500E|", -1e-300 },
		{ "%#.1200g|", 1.5 }, { "%#.1200G|", 1e-200 }, { "%.1200g|", 0.1 },
		{ "%-1210.1105f|", 2.5 }, { "%01500.1200e|", -2.5 }, { "%+1600.1300f|", 3.0 },
		{ "% 01300.1200f|", 4.0 }, { "%1300.1200g|", 5e-300 }, { "%#1300.2f|", 5.0 },
	};
	uint i;
	int n;

	for(i = 0; i < sizeof t / sizeof t[0]; i++){
		snprintf(want, sizeof want, t[i].fmt, t[i].d);
		n = p9snprint(got, sizeof got, t[i].fmt, t[i].d);
		assert_string_equal(got, want);
		assert_int_equal(n, strlen(want));
	}
	n = p9snprint(buf, sizeof buf, "%.999999999e", 1.0);
	assert_int_equal(n, sizeof buf - 1);
	assert_memory_equal(buf, "1.000", 5);
	n = p9snprint(buf, sizeof buf, "%2000000000f", 1.0);
	assert_int_equal(n, sizeof buf - 1);
	assert_int_equal(buf[0], ' ');
}

/* Widths past the largest int, and '*' with INT_MIN, are huge fields, not wrapped numbers. */
static void
test_bigwidth(void **state)
{
	int n;

	n = p9snprint(buf, sizeof buf, "%2000000000d|", 5);
	assert_int_equal(n, sizeof buf - 1);
	assert_int_equal(buf[0], ' ');
	n = p9snprint(buf, sizeof buf, "%*d|", INT_MIN, 5);	/* left-justified */
	assert_int_equal(n, sizeof buf - 1);
	assert_memory_equal(buf, "5  ", 3);
	F("12345678901234567890", "%.20000000000s", "12345678901234567890");
}

static void
test_quote(void **state)
{
	Rune q[] = { 'a', ' ', 'b', 0 }, plain[] = { 'a', 'b', 0 };
	char *s;

	F("abc|'a b'|'it''s'|''|'x'", "%q|%q|%q|%q|%#q", "abc", "a b", "it's", "", "x");
	F("'a=b' 'x;y' 'a*' 'a\tb' 'a\nb' '$x' '{}' '<' '`' '^' '#'",
		"%q %q %q %q %q %q %q %q %q %q %q",
		"a=b", "x;y", "a*", "a\tb", "a\nb", "$x", "{}", "<", "`", "^", "#");
	F("h\xc3\xa9llo|a/b.c-d", "%q|%q", "h\xc3\xa9llo", "a/b.c-d");
	F("  'a b'|'a b'  |", "%7q|%-7q|", "a b", "a b");
	F("'a b'|ab|''''", "%Q|%Q|%q", q, plain, "'");
	F("<nil>", "%q", (char*)nil);
	assert_true(p9needsrcquote(' '));
	assert_true(p9needsrcquote('\''));
	assert_true(p9needsrcquote('&'));
	assert_false(p9needsrcquote('a'));
	assert_false(p9needsrcquote(0x263A));
	s = p9quotestrdup("don't");
	assert_string_equal(s, "'don''t'");
	free(s);
}

static void
test_dir(void **state)
{
	Dir d;

	memset(&d, 0, sizeof d);
	d.type = 'M';
	d.dev = 2;
	d.qid.path = 0x1234;
	d.qid.vers = 5;
	d.qid.type = QTDIR;
	d.mode = DMDIR | 0755;
	d.atime = 100;
	d.mtime = 200;
	d.length = 42;
	d.name = "n";
	d.uid = "u";
	d.gid = "g";
	d.muid = "m";
	F("'n' 'u' 'g' 'm' q (0000000000001234 5 d) m 020000000755 at 100 mt 200 l 42 t 77 d 2",
		"%D", &d);
	d.qid.type = QTAPPEND | QTEXCL | QTAUTH;
	d.mode = 0644;
	F("'n' 'u' 'g' 'm' q (0000000000001234 5 alA) m 0644 at 100 mt 200 l 42 t 77 d 2",
		"%D", &d);
	{
		char t[5];

		assert_string_equal(p9qidtypestr(t, 0xff), "dalA");
		assert_string_equal(p9qidtypestr(t, QTTMP), "");
	}
	F("d-rwxr-xr-x --rw-r--r-- alrw------- A----------", "%M %M %M %M",
		(u32int)(DMDIR | 0755), (u32int)0644, (u32int)(DMAPPEND | DMEXCL | 0600),
		(u32int)DMAUTH);
}

static void
test_buffers(void **state)
{
	char small[6], *e, *s;
	int n;

	n = p9snprint(small, sizeof small, "h\xc3\xa9llo world");
	assert_string_equal(small, "h\xc3\xa9ll");
	assert_int_equal(n, 5);
	n = p9snprint(small, 4, "a\xe2\x98\xba" "b");	/* never split a rune */
	assert_string_equal(small, "a");
	assert_int_equal(n, 1);
	assert_int_equal(p9snprint(small, 0, "abc"), 0);
	n = p9snprint(small, 1, "abc");
	assert_int_equal(n, 0);
	assert_string_equal(small, "");

	e = p9seprint(buf, buf + sizeof buf, "abc");
	e = p9seprint(e, buf + sizeof buf, "def%d", 1);
	assert_string_equal(buf, "abcdef1");
	assert_ptr_equal(e, buf + 7);
	e = p9seprint(small, small + sizeof small, "%s", "0123456789");
	assert_ptr_equal(e, small + 5);
	assert_string_equal(small, "01234");
	assert_null(p9seprint(small, small, "x"));

	assert_int_equal(p9sprint(buf, "%d-%s", 12, "x"), 4);
	assert_string_equal(buf, "12-x");

	s = p9smprint("%s-%d-%q", "x", 5, "a b");
	assert_string_equal(s, "x-5-'a b'");
	free(s);
	/* a long result grows the buffer */
	s = p9smprint("%5000d|%s", 1, "end");
	assert_int_equal(strlen(s), 5004);
	assert_string_equal(s + 5000, "|end");
	free(s);
}

static int
nverb(Fmt *f)
{
	int v;

	v = va_arg(f->args, int);
	if(f->flags & FmtSharp)
		return p9fmtprint(f, "<#%d>", v);
	return p9fmtprint(f, "<%d:%s>", v, "x");
}

static int
failverb(Fmt *f)
{
	(void)va_arg(f->args, int);
	p9werrstr("verb failed");
	return -1;
}

static void
test_install(void **state)
{
	Fmt f;
	char b[8], *s;

	assert_int_equal(p9fmtinstall('N', nverb), 0);
	assert_int_equal(p9fmtinstall('K', failverb), 0);
	F("a<1:x>b<#2>c 3", "a%Nb%#Nc %d", 1, 2, 3);
	/* width of an installed verb does not leak into the next directive */
	F("<5:x>|    7", "%N|%5d", 5, 7);
	assert_int_equal(p9fmtinstall(0, nverb), -1);
	assert_int_equal(p9fmtinstall('N', nil), -1);
	assert_null(p9smprint("x%Ky", 1));

	/* a string Fmt */
	assert_int_equal(p9fmtstrinit(&f), 0);
	p9fmtprint(&f, "%s", "hello ");
	p9fmtprint(&f, "%N", 9);
	p9fmtstrcpy(&f, " end");
	s = p9fmtstrflush(&f);
	assert_string_equal(s, "hello <9:x> end");
	free(s);

	/* a fixed buffer Fmt stops when full and stays NUL-terminated */
	assert_int_equal(p9fmtbufinit(&f, b, sizeof b), 0);
	assert_int_equal(p9fmtprint(&f, "ab"), 0);
	assert_string_equal(b, "ab");
	assert_int_equal(p9fmtprint(&f, "cdefghij"), -1);
	assert_string_equal(b, "abcdefg");
	assert_int_equal(p9fmtbufinit(&f, b, 0), -1);
}

static void
test_fd(void **state)
{
	int p[2], n, i;
	char big[20000], got[30000], *want;
	Fmt f;
	char fb[16];
	long m;

	assert_int_equal(pipe(p), 0);
	n = p9fprint(p[1], "hello %d %s\n", 42, "world");
	assert_int_equal(n, 15);
	m = read(p[0], got, sizeof got);
	assert_int_equal(m, 15);
	assert_memory_equal(got, "hello 42 world\n", 15);

	/* a print larger than the first buffer still leaves in one write */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = 0;
	assert_int_equal(p9fprint(p[1], "%s|", big), 20000);
	m = read(p[0], got, sizeof got);
	assert_int_equal(m, 20000);
	assert_int_equal(got[19999], '|');

	/* fmtfdinit with a tiny buffer flushes as it goes */
	assert_int_equal(p9fmtfdinit(&f, p[1], fb, sizeof fb), 0);
	for(i = 0; i < 10; i++)
		p9fmtprint(&f, "%d,", i);
	assert_int_equal(p9fmtfdflush(&f), 1);
	want = "0,1,2,3,4,5,6,7,8,9,";
	m = p9readn(p[0], got, strlen(want));
	assert_int_equal(m, strlen(want));
	assert_memory_equal(got, want, m);
	assert_int_equal(f.nfmt, strlen(want));

	close(p[0]);
	/* writing to a pipe with no reader fails */
	signal(SIGPIPE, SIG_IGN);
	assert_int_equal(p9fprint(p[1], "x"), -1);
	close(p[1]);
	assert_int_equal(p9fprint(-1, "x"), -1);
}

/* A SOCK_SEQPACKET socket keeps write boundaries: each print must arrive as one message. */
static void
test_onewrite(void **state)
{
	static char big[300000], got[400000];
	char head[16], *tail;
	int sv[2], i;
	ssize_t m;

	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	i = 1 << 20;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &i, sizeof i);
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &i, sizeof i);
	memset(big, 'y', sizeof big - 1);
	for(i = 0; i < 3; i++){
		/* big holds 299999 bytes: print its last 9999 + 5000i after a 10-byte head */
		tail = big + 290000 - i * 5000;
		assert_int_equal(p9fprint(sv[0], "%d:%s:%q|%s", i, "a", "b c", tail),
			10009 + i * 5000);
		m = recv(sv[1], got, sizeof got, 0);
		assert_int_equal(m, 10009 + i * 5000);
		p9snprint(head, sizeof head, "%d:a:'b c'|", i);
		assert_memory_equal(got, head, 10);
	}
	close(sv[0]);
	close(sv[1]);
}

/* Past 1 MiB a print is written as it goes: all of it must still arrive, in order. */
static void
test_huge(void **state)
{
	char path[] = "/tmp/lib9fmtXXXXXX", tail[8];
	struct stat st;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(p9fprint(fd, "%3000000d|%s", 7, "end"), 3000004);
	assert_int_equal(fstat(fd, &st), 0);
	assert_int_equal(st.st_size, 3000004);
	assert_int_equal(pread(fd, tail, 6, 2999998), 6);
	assert_memory_equal(tail, " 7|end", 6);
	close(fd);
}

static void
test_count(void **state)
{
	int n;
	vlong v;

	p9snprint(buf, sizeof buf, "abc%n%d%lln", &n, 12, &v);
	assert_int_equal(n, 3);
	assert_int_equal(v, 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_floats),
		cmocka_unit_test(test_bigfloats),
		cmocka_unit_test(test_bigwidth),
		cmocka_unit_test(test_quote),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_buffers),
		cmocka_unit_test(test_install),
		cmocka_unit_test(test_fd),
		cmocka_unit_test(test_onewrite),
		cmocka_unit_test(test_huge),
		cmocka_unit_test(test_count),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
