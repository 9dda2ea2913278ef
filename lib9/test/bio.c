/* bio.c: cmocka tests for lib9's buffered I/O: lines, runes, blocks, print, seek. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>
#include "runchild.h"

static char path[128];

static int
setup(void **state)
{
	int fd;

	strcpy(path, "/tmp/lib9bioXXXXXX");
	fd = mkstemp(path);
	if(fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int
teardown(void **state)
{
	return unlink(path);
}

static void
writefile(const char *s, long n)
{
	int fd;

	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(p9write(fd, s, n), n);
	close(fd);
}

static void
test_write_read(void **state)
{
	Biobuf *b;
	char *s, buf[64];
	int i;

	b = p9Bopen(path, OWRITE);
	assert_non_null(b);
	assert_int_equal(p9Bputc(b, 'x'), 0);
	assert_int_equal(p9Bputrune(b, 0x263A), 3);
	assert_int_equal(p9Bwrite(b, "\nline2\n", 7), 7);
	assert_int_equal(p9Bprint(b, "%d %q\n", 42, "a b"), 9);
	assert_int_equal(p9Boffset(b), 20);
	assert_int_equal(p9Bgetc(b), Beof);	/* not open for reading */
	assert_int_equal(p9Bterm(b), 0);

	b = p9Bopen(path, OREAD);
	assert_non_null(b);
	assert_int_equal(p9Bgetc(b), 'x');
	assert_int_equal(p9Bgetrune(b), 0x263A);
	assert_int_equal(p9Bungetrune(b), 1);
	assert_int_equal(p9Bgetrune(b), 0x263A);
	assert_int_equal(p9Bgetc(b), '\n');
	assert_int_equal(p9Bungetc(b), 1);
	assert_int_equal(p9Bgetc(b), '\n');
	s = p9Brdline(b, '\n');
	assert_non_null(s);
	assert_int_equal(p9Blinelen(b), 6);
	assert_memory_equal(s, "line2\n", 6);
	s = p9Brdstr(b, '\n', 1);
	assert_string_equal(s, "42 'a b'");
	assert_int_equal(p9Blinelen(b), 9);
	free(s);
	assert_int_equal(p9Boffset(b), 20);
	assert_null(p9Brdline(b, '\n'));
	assert_null(p9Brdstr(b, '\n', 0));
	assert_int_equal(p9Bgetc(b), Beof);
	assert_int_equal(p9Bputc(b, 'x'), Beof);	/* not open for writing */
	/* seek back and read a block */
	assert_int_equal(p9Bseek(b, 1, 0), 1);
	assert_int_equal(p9Bread(b, buf, 3), 3);
	assert_memory_equal(buf, "\xe2\x98\xba", 3);
	assert_int_equal(p9Bseek(b, -3, 1), 1);
	assert_int_equal(p9Bgetrune(b), 0x263A);
	assert_int_equal(p9Bseek(b, -2, 2), 18);
	assert_int_equal(p9Bgetc(b), '\'');
	for(i = 0; i < 3; i++)
		p9Bgetc(b);
	assert_int_equal(p9Bread(b, buf, sizeof buf), 0);
	assert_int_equal(p9Bterm(b), 0);
}

static void
test_lastline(void **state)
{
	Biobuf *b;
	char *s;

	writefile("one\ntwo", 7);
	b = p9Bopen(path, OREAD);
	assert_non_null(b);
	s = p9Brdline(b, '\n');
	assert_memory_equal(s, "one\n", 4);
	/* a last line without delimiter: nil from Brdline, but the bytes are still there */
	assert_null(p9Brdline(b, '\n'));
	assert_int_equal(p9Blinelen(b), 3);
	s = p9Brdstr(b, '\n', 0);
	assert_string_equal(s, "two");
	free(s);
	assert_null(p9Brdstr(b, '\n', 0));
	p9Bterm(b);
}

static void
test_longlines(void **state)
{
	char *data, *s;
	Biobuf *b;
	long n, i;

	/* a line longer than the buffer: Brdline refuses it, Brdstr returns it whole */
	n = 3 * Bsize + 10;
	data = malloc(n + 4);
	for(i = 0; i < n; i++)
		data[i] = 'a' + i % 26;
	memcpy(data + n, "\nz\n", 3);
	writefile(data, n + 3);
	b = p9Bopen(path, OREAD);
	assert_non_null(b);
	assert_null(p9Brdline(b, '\n'));
	assert_int_equal(p9Blinelen(b), Bsize);
	s = p9Brdstr(b, '\n', 0);
	assert_int_equal(strlen(s), n + 1);
	assert_memory_equal(s, data, n);
	free(s);
	s = p9Brdline(b, '\n');
	assert_memory_equal(s, "z\n", 2);
	p9Bterm(b);
	free(data);
}

static void
test_bigblocks(void **state)
{
	char *data, *got;
	Biobuf *b;
	long n, i;

	n = 5 * Bsize + 123;
	data = malloc(n);
	got = malloc(n);
	for(i = 0; i < n; i++)
		data[i] = i * 13;
	b = p9Bopen(path, OWRITE);
	assert_int_equal(p9Bwrite(b, data, 10), 10);
	assert_int_equal(p9Bwrite(b, data + 10, n - 10), n - 10);
	assert_int_equal(p9Boffset(b), n);
	assert_int_equal(p9Bterm(b), 0);
	b = p9Bopen(path, OREAD);
	assert_int_equal(p9Bread(b, got, 7), 7);
	assert_int_equal(p9Bread(b, got + 7, n), n - 7);
	assert_memory_equal(got, data, n);
	p9Bterm(b);
	free(data);
	free(got);
}

static void
test_runes(void **state)
{
	Biobuf b;
	int fd, i;
	long r;

	/* runes straddle buffer refills; bad bytes are Runeerror, one byte each */
	writefile("a\xe2\x98\xba\xff" "b\xe2\x98", 8);
	fd = open(path, O_RDONLY);
	assert_int_equal(p9Binit(&b, fd, OREAD), 0);
	assert_int_equal(p9Bfildes(&b), fd);
	assert_int_equal(p9Bgetrune(&b), 'a');
	assert_int_equal(p9Bgetrune(&b), 0x263A);
	assert_int_equal(p9Bgetrune(&b), Runeerror);
	assert_int_equal(p9Bgetrune(&b), 'b');
	assert_int_equal(p9Bgetrune(&b), Runeerror);	/* truncated at end of file */
	assert_int_equal(p9Bgetrune(&b), Runeerror);
	assert_int_equal(p9Bgetrune(&b), Beof);
	p9Bterm(&b);
	close(fd);

	/* many multibyte runes across the Bsize boundary */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_int_equal(p9Binit(&b, fd, OWRITE), 0);
	p9Bputc(&b, 'x');
	for(i = 0; i < Bsize; i++)
		assert_int_equal(p9Bputrune(&b, 0x263A), 3);
	assert_int_equal(p9Bflush(&b), 0);
	close(fd);
	fd = open(path, O_RDONLY);
	p9Binit(&b, fd, OREAD);
	assert_int_equal(p9Bgetrune(&b), 'x');
	for(i = 0; i < Bsize; i++){
		r = p9Bgetrune(&b);
		if(r != 0x263A)
			fail_msg("rune %d is %lx", i, r);
	}
	assert_int_equal(p9Bgetrune(&b), Beof);
	close(fd);
	assert_int_equal(p9Binit(&b, fd, ORDWR), Beof);
}

static void
test_pipe(void **state)
{
	Biobuf *in, *out;
	int p[2];
	char *s;

	assert_int_equal(pipe(p), 0);
	out = p9Bfdopen(p[1], OWRITE);
	in = p9Bfdopen(p[0], OREAD);
	assert_non_null(out);
	assert_non_null(in);
	p9Bprint(out, "hello %s\n", "pipe");
	assert_int_equal(p9Bflush(out), 0);
	s = p9Brdline(in, '\n');
	assert_memory_equal(s, "hello pipe\n", 11);
	assert_int_equal(p9Bterm(out), 0);	/* closes the write end */
	assert_int_equal(p9Bgetc(in), Beof);
	assert_int_equal(p9Bterm(in), 0);
	assert_null(p9Bopen("/nonexistent/file", OREAD));
}

static void
test_bigprint(void **state)
{
	Biobuf *b;
	char *s;

	/* one Bprint larger than the buffer, after some buffered bytes */
	b = p9Bopen(path, OWRITE);
	assert_non_null(b);
	assert_int_equal(p9Bprint(b, "head "), 5);
	assert_int_equal(p9Bprint(b, "%*d|%s\n", 3 * Bsize, 7, "tail"), 3 * Bsize + 6);
	assert_int_equal(p9Boffset(b), 3 * Bsize + 11);
	assert_int_equal(p9Bterm(b), 0);
	b = p9Bopen(path, OREAD);
	s = p9Brdstr(b, '\n', 1);
	assert_int_equal(strlen(s), 3 * Bsize + 10);
	assert_memory_equal(s, "head     ", 9);
	assert_string_equal(s + 3 * Bsize + 5 - 1, "7|tail");
	free(s);
	p9Bterm(b);
}

static void
test_binits(void **state)
{
	uchar small[16];
	Biobuf b;
	char *s;

	writefile("one\ntwo\n0123456789abcdef\n", 25);
	memset(&b, 0, sizeof b);
	assert_int_equal(p9Binits(&b, open(path, O_RDONLY), OREAD, small, sizeof small), 0);
	assert_int_equal(b.bsize, (int)sizeof small - Bungetsize);
	s = p9Brdstr(&b, '\n', 1);
	assert_string_equal(s, "one");
	free(s);
	assert_int_equal(p9Bbuffered(&b), b.bsize - 4);
	assert_non_null(p9Brdline(&b, '\n'));
	assert_int_equal(p9Blinelen(&b), 4);
	assert_null(p9Brdline(&b, '\n'));		/* longer than the buffer */
	assert_int_equal(p9Blinelen(&b), b.bsize);
	close(p9Bfildes(&b));
	p9Bterm(&b);
	assert_true(p9Binits(&b, 0, OREAD, small, Bungetsize) < 0);
	assert_true(p9Binit(&b, 0, ORDWR) < 0);
}

static void
test_bgetd(void **state)
{
	Biobuf *b;
	double d;

	writefile("  3.25 -1e3 7x .5e+1e 42", 24);
	b = p9Bopen(path, OREAD);
	assert_int_equal(p9Bgetd(b, &d), 1);
	assert_true(d == 3.25);
	assert_int_equal(p9Bgetd(b, &d), 1);
	assert_true(d == -1000);
	assert_int_equal(p9Bgetd(b, &d), 1);
	assert_true(d == 7);
	assert_int_equal(p9Bgetc(b), 'x');	/* the byte that ended the number is unread */
	assert_int_equal(p9Bgetd(b, &d), 1);
	assert_true(d == 5);
	assert_int_equal(p9Bgetc(b), 'e');
	assert_int_equal(p9Bgetd(b, &d), 1);
	assert_true(d == 42);
	assert_int_equal(p9Bgetd(b, &d), -1);	/* end of file */
	p9Bterm(b);
	writefile("abc", 3);
	b = p9Bopen(path, OREAD);
	assert_int_equal(p9Bgetd(b, &d), -1);
	assert_int_equal(p9Bgetc(b), 'a');
	p9Bterm(b);
}

static char lasterr[ERRMAX];

static void
onerror(char *msg)
{
	p9strecpy(lasterr, lasterr + sizeof lasterr, msg);
}

static int
failio(Biobuf *bp, void *buf, long n)
{
	p9werrstr("injected");
	return -1;
}

static int upper;

static int
upperio(Biobuf *bp, void *buf, long n)
{
	char *p;
	long i;

	p = buf;
	for(i = 0; i < n; i++)
		if(p[i] >= 'a' && p[i] <= 'z')
			p[i] -= 'a' - 'A';
	upper += n;
	return write(bp->fid, buf, n);
}

static void
test_errors_iofn(void **state)
{
	Biobuf *b;
	char buf[8];

	/* write errors reach the error function */
	b = p9Bfdopen(open("/dev/full", O_WRONLY), OWRITE);
	assert_non_null(b);
	p9Blethal(b, onerror);
	p9Bprint(b, "x");
	assert_int_equal(p9Bflush(b), Beof);
	assert_string_equal(lasterr, "write error: file system full");
	p9Bterm(b);

	/* so do read errors, through an i/o function */
	writefile("data", 4);
	b = p9Bopen(path, OREAD);
	p9Blethal(b, onerror);
	p9Biofn(b, failio);
	assert_int_equal(p9Bgetc(b), Beof);
	assert_string_equal(lasterr, "read error: injected");
	p9Biofn(b, nil);
	assert_int_equal(p9Bread(b, buf, 4), 4);
	p9Bterm(b);

	/* an i/o function sees every write */
	b = p9Bopen(path, OWRITE);
	p9Biofn(b, upperio);
	p9Bprint(b, "shout");
	assert_int_equal(p9Bbuffered(b), 5);
	p9Bterm(b);
	assert_int_equal(upper, 5);
	b = p9Bopen(path, OREAD);
	assert_int_equal(p9Bread(b, buf, 8), 5);
	assert_memory_equal(buf, "SHOUT", 5);
	p9Bterm(b);

	/* p9Berror without an error function does nothing */
	b = p9Bopen(path, OREAD);
	p9Berror(b, "ignored %d", 1);
	p9Bterm(b);
}

static void
lethalchild(void)
{
	Biobuf *b;

	b = p9Bfdopen(open("/dev/full", O_WRONLY), OWRITE);
	p9argv0 = "prog";
	p9Blethal(b, nil);
	p9Bprint(b, "x");
	p9Bflush(b);
	_exit(0);
}

static void
exitflushchild(void)
{
	static Biobuf out;

	p9Binit(&out, 1, OWRITE);
	p9Bprint(&out, "flushed at exit\n");
	p9exits(nil);
}

static void
test_lethal_exitflush(void **state)
{
	char out[128];

	assert_int_equal(runchild(lethalchild, out, sizeof out), 1);
	assert_string_equal(out, "prog: write error: file system full\n");
	assert_int_equal(runchild(exitflushchild, out, sizeof out), 0);
	assert_string_equal(out, "flushed at exit\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_read),
		cmocka_unit_test(test_lastline),
		cmocka_unit_test(test_longlines),
		cmocka_unit_test(test_bigblocks),
		cmocka_unit_test(test_runes),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_bigprint),
		cmocka_unit_test(test_binits),
		cmocka_unit_test(test_bgetd),
		cmocka_unit_test(test_errors_iofn),
		cmocka_unit_test(test_lethal_exitflush),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
