/* nsfile.c: cmocka tests for namespace-file parsing: lines, quotes, variables, includes, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>
#include <planten/ns.h>

static const char*
var(void *aux, const char *name)
{
	if(strcmp(name, "home") == 0)
		return "/usr/glenda";
	if(strcmp(name, "list") == 0)
		return "first\001second";
	if(strcmp(name, "q") == 0)
		return "it's";
	return nil;
}

static char*
errstr(void)
{
	static char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return buf;
}

/* Parse s and print it back as a line ("" for blank; "error: why" on failure). */
static char*
parse(const char *s)
{
	static char out[8192];
	char line[8192];
	Nscmd c;
	Fmt f;

	p9strecpy(line, line + sizeof line, s);
	if(nsparseline(line, &c, var, nil) < 0){
		p9snprint(out, sizeof out, "error: %r");
		return out;
	}
	p9fmtbufinit(&f, out, sizeof out);
	nsfmtcmd(&f, &c);
	*(char*)f.to = 0;
	nsfreecmd(&c);
	return out;
}

static void
test_lines(void **state)
{
	assert_string_equal(parse(""), "");
	assert_string_equal(parse("   \t "), "");
	assert_string_equal(parse("# a comment: bind /a /b"), "");
	assert_string_equal(parse("  # indented comment"), "");
	assert_string_equal(parse("bind /a /b"), "bind '/a' '/b'");
	assert_string_equal(parse("\tbind\t-ac  /a\t/b\r"), "bind -ac '/a' '/b'");
	assert_string_equal(parse("bind -a -c /a /b"), "bind -ac '/a' '/b'");
	assert_string_equal(parse("bind -q /a /b"), "bind -q '/a' '/b'");
	assert_string_equal(parse("bind -- -a /b"), "bind -- '-a' '/b'");
	assert_string_equal(parse("bind -- -- /b"), "bind -- '--' '/b'");
	assert_string_equal(parse("unmount -- -x"), "unmount -- '-x'");
	assert_string_equal(parse("bind -- - /b"), "bind '-' '/b'");
	assert_string_equal(parse("mount -bC /srv/x /n/x spec"), "mount -bC '/srv/x' '/n/x' 'spec'");
	assert_string_equal(parse("mount -n /srv/x /n/x"), "mount -n '/srv/x' '/n/x'");
	assert_string_equal(parse("mount -N /srv/x /n/x"), "mount -N '/srv/x' '/n/x'");
	assert_string_equal(parse("unmount /b"), "unmount '/b'");
	assert_string_equal(parse("unmount /a /b"), "unmount '/a' '/b'");
	assert_string_equal(parse("clear"), "clear");
	assert_string_equal(parse("cd /tmp"), "cd '/tmp'");
	assert_string_equal(parse("cd -x"), "cd '-x'");
	assert_string_equal(parse(". /lib/namespace.local"), ". '/lib/namespace.local'");
	assert_string_equal(parse("chdev -r c"), "chdev -r 'c'");
	assert_string_equal(parse("chdev c|M"), "chdev 'c|M'");
	assert_string_equal(parse("chdev -n"), "chdev -n");
	assert_string_equal(parse("chdev -rn"), "chdev -n");
	assert_string_equal(parse("chdev -nr s"), "chdev -r 's'");
	/* # inside a line is not a comment: #c names a device */
	assert_string_equal(parse("bind -a #c /dev"), "bind -a '#c' '/dev'");
}

static void
test_quotes(void **state)
{
	assert_string_equal(parse("bind '/a b' /c"), "bind '/a b' '/c'");
	assert_string_equal(parse("bind /a' 'b /c"), "bind '/a b' '/c'");
	assert_string_equal(parse("bind 'it''s' /c"), "bind 'it''s' '/c'");
	assert_string_equal(parse("bind '' /c"), "bind '' '/c'");
	assert_string_equal(parse("bind '/a /c"), "error: unterminated quote");
}

static void
test_vars(void **state)
{
	assert_string_equal(parse("bind $home/tmp /tmp"), "bind '/usr/glenda/tmp' '/tmp'");
	assert_string_equal(parse("bind $home.x /tmp"), "bind '/usr/glenda.x' '/tmp'");
	assert_string_equal(parse("bind /a$home!b /tmp"), "bind '/a/usr/glenda!b' '/tmp'");
	assert_string_equal(parse("bind $home$home /tmp"), "bind '/usr/glenda/usr/glenda' '/tmp'");
	/* lists give their first element; missing variables are empty */
	assert_string_equal(parse("bind /$list /tmp"), "bind '/first' '/tmp'");
	assert_string_equal(parse("bind /x$nothere /tmp"), "bind '/x' '/tmp'");
	/* not in quotes, and a value's quotes are not quotes */
	assert_string_equal(parse("bind '$home' /tmp"), "bind '$home' '/tmp'");
	assert_string_equal(parse("bind /$q /tmp"), "bind '/it''s' '/tmp'");
	/* a lone $ is itself */
	assert_string_equal(parse("bind /a$ /tmp"), "bind '/a$' '/tmp'");
	assert_string_equal(parse("bind -$home /a /b"), "error: bind: bad flag -/; usage: bind [-abcCq] new old");
}

static void
test_errors(void **state)
{
	char big[6000];

	assert_string_equal(parse("bindx /a /b"), "error: unknown command bindx");
	assert_string_equal(parse("bind /a"), "error: usage: bind [-abcCq] new old");
	assert_string_equal(parse("bind /a /b /c"), "error: usage: bind [-abcCq] new old");
	assert_string_equal(parse("bind -x /a /b"), "error: bind: bad flag -x; usage: bind [-abcCq] new old");
	assert_string_equal(parse("bind -ab /a /b"), "error: bind: -a and -b together");
	assert_string_equal(parse("bind -n /a /b"), "error: bind: bad flag -n; usage: bind [-abcCq] new old");
	assert_string_equal(parse("mount /srv/x"), "error: usage: mount [-abcCnNq] servename old [spec]");
	assert_string_equal(parse("mount /a /b c d"), "error: usage: mount [-abcCnNq] servename old [spec]");
	assert_string_equal(parse("unmount"), "error: usage: unmount [new] old");
	assert_string_equal(parse("unmount -a /b"), "error: unmount: bad flag -a; usage: unmount [new] old");
	assert_string_equal(parse("clear now"), "error: usage: clear");
	assert_string_equal(parse("cd"), "error: usage: cd dir");
	assert_string_equal(parse("chdev"), "error: usage: chdev [-nr] devmask");
	assert_string_equal(parse("chdev -r"), "error: usage: chdev [-nr] devmask");
	assert_string_equal(parse("chdev -x c"), "error: chdev: bad flag -x; usage: chdev [-nr] devmask");
	assert_string_equal(parse("chdev a b"), "error: usage: chdev [-nr] devmask");
	assert_string_equal(parse("a b c d e f g h i j k l m n o p"), "error: too many arguments");
	memset(big, 'x', sizeof big - 1);
	big[0] = 'b', big[1] = 'i', big[2] = 'n', big[3] = 'd', big[4] = ' ';
	big[sizeof big - 1] = 0;
	assert_string_equal(parse(big), "error: argument too long");
}

typedef struct Log Log;
struct Log {
	char buf[4096];
	int fail;	/* fail at this operation (counting from 1) */
	int n;
};

static int
record(void *aux, Nscmd *c)
{
	Log *l = aux;
	Fmt f;

	if(++l->n == l->fail){
		p9werrstr("no such thing");
		return -1;
	}
	p9fmtbufinit(&f, l->buf + strlen(l->buf), sizeof l->buf - strlen(l->buf));
	p9fmtprint(&f, "%s:%d: ", c->file, c->line);
	nsfmtcmd(&f, c);
	p9fmtprint(&f, "\n");
	*(char*)f.to = 0;
	return 0;
}

static void
test_file(void **state)
{
	char dir[] = "/tmp/nsfiletest.XXXXXX", a[128], b[128], text[512];
	Log l;
	FILE *fp;

	assert_non_null(mkdtemp(dir));
	p9snprint(a, sizeof a, "%s/a", dir);
	p9snprint(b, sizeof b, "%s/b", dir);
	fp = fopen(b, "w");
	fputs("# b\nbind /b1 /x\n\nunmount /x\n", fp);
	fclose(fp);
	fp = fopen(a, "w");
	fprintf(fp, "bind /a1 /x\n. %s\n. %s/missing\nclear", b, dir);
	fclose(fp);

	memset(&l, 0, sizeof l);
	assert_int_equal(nsreadfile(a, var, record, &l), 0);
	p9snprint(text, sizeof text, "%s:1: bind '/a1' '/x'\n%s:2: bind '/b1' '/x'\n"
		"%s:4: unmount '/x'\n%s:4: clear\n", a, b, b, a);
	assert_string_equal(l.buf, text);

	/* an operation's error names the file and line it came from */
	memset(&l, 0, sizeof l);
	l.fail = 3;
	assert_int_equal(nsreadfile(a, var, record, &l), -1);
	p9snprint(text, sizeof text, "%s:4: no such thing", b);
	assert_string_equal(errstr(), text);

	/* and so does a syntax error, stopping before anything after it */
	fp = fopen(b, "w");
	fputs("bind /b1 /x\nbind -z /b2 /x\nbind /b3 /x\n", fp);
	fclose(fp);
	memset(&l, 0, sizeof l);
	assert_int_equal(nsreadfile(a, var, record, &l), -1);
	p9snprint(text, sizeof text, "%s:2: bind: bad flag -z; usage: bind [-abcCq] new old", b);
	assert_string_equal(errstr(), text);
	assert_int_equal(l.n, 2);

	/* a file including itself stops, with an error */
	fp = fopen(b, "w");
	fprintf(fp, ". %s\n", b);
	fclose(fp);
	memset(&l, 0, sizeof l);
	assert_int_equal(nsreadfile(b, var, record, &l), -1);
	assert_non_null(strstr(errstr(), "includes nested too deeply"));

	assert_int_equal(nsreadfile(dir, var, record, &l), -1);
	assert_non_null(strstr(errstr(), "is a directory"));
	p9snprint(text, sizeof text, "%s/missing", dir);
	assert_int_equal(nsreadfile(text, var, record, &l), -1);
	assert_non_null(strstr(errstr(), "does not exist"));

	unlink(a);
	unlink(b);
	rmdir(dir);
}

static void
test_buf(void **state)
{
	static const char nul[] = "bind /a /b\nbind /c\0 /d\n";
	char line[NSMAXLINE + 20];
	Log l;

	memset(&l, 0, sizeof l);
	assert_int_equal(nsreadbuf("buf", nul, sizeof nul - 1, var, record, &l), -1);
	assert_string_equal(errstr(), "buf:2: NUL byte in line");
	memset(line, ' ', sizeof line);
	memmove(line, "\n\nbind /a /b", 12);
	assert_int_equal(nsreadbuf("buf", line, sizeof line, var, record, &l), -1);
	assert_string_equal(errstr(), "buf:3: line too long");
	memset(&l, 0, sizeof l);
	assert_int_equal(nsreadbuf("buf", "cd /x", 5, var, record, &l), 0);
	assert_string_equal(l.buf, "buf:1: cd '/x'\n");
}

/* A name with a newline, quoted as ns prints it, is one line; later lines keep their numbers. */
static void
test_newline(void **state)
{
	static const char text[] = "bind '/a\nb' '/c d'\n# it's\ncd '/e\n\nf'\nbind /g /h\n";
	static const char bad[] = "bind /a /b\nbind 'x /y\nbind /z /w\n";
	Log l;

	memset(&l, 0, sizeof l);
	assert_int_equal(nsreadbuf("buf", text, sizeof text - 1, var, record, &l), 0);
	assert_string_equal(l.buf, "buf:1: bind '/a\nb' '/c d'\nbuf:4: cd '/e\n\nf'\n"
		"buf:7: bind '/g' '/h'\n");
	memset(&l, 0, sizeof l);
	assert_int_equal(nsreadbuf("buf", bad, sizeof bad - 1, var, record, &l), -1);
	assert_string_equal(errstr(), "buf:2: unterminated quote");
	assert_int_equal(l.n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_quotes),
		cmocka_unit_test(test_vars),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_newline),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
