/* dial.c: cmocka tests for dial, announce, listen, accept, reject, addresses and srvdir. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>

static char tmpdir[128];

static int
setup(void **state)
{
	strcpy(tmpdir, "/tmp/lib9dialXXXXXX");
	if(mkdtemp(tmpdir) == nil)
		return -1;
	setenv("NAMESPACE", tmpdir, 1);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[256];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
errmatch(const char *want)
{
	char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	if(strstr(buf, want) == nil)
		fail_msg("error \"%s\" does not contain \"%s\"", buf, want);
}

/* Announce addr, dial the name announce gives back, and pass bytes both ways. */
static void
roundtrip(const char *addr, const char *prefix)
{
	char adir[NETPATHLEN], ldir[NETPATHLEN], dir[NETPATHLEN], buf[16];
	int afd, cfd, lcfd, dfd, ctl;

	afd = p9announce(addr, adir);
	assert_true(afd >= 0);
	assert_int_equal(strncmp(adir, prefix, strlen(prefix)), 0);
	ctl = 99;
	cfd = p9dial(adir, nil, dir, &ctl);
	if(cfd < 0)
		fail_msg("dial %s: %s", adir, p9smprint("%r"));
	assert_int_equal(ctl, -1);
	if(strncmp(prefix, "tcp", 3) == 0)
		assert_string_equal(dir, adir);
	lcfd = p9listen(adir, ldir);
	assert_true(lcfd >= 0);
	assert_int_equal(strncmp(ldir, prefix, 4), 0);
	dfd = p9accept(lcfd, ldir);
	assert_true(dfd >= 0);
	close(lcfd);
	assert_int_equal(p9write(cfd, "hello", 5), 5);
	assert_int_equal(p9readn(dfd, buf, 5), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(p9write(dfd, "back", 4), 4);
	assert_int_equal(p9readn(cfd, buf, 4), 4);
	assert_memory_equal(buf, "back", 4);
	close(cfd);
	assert_int_equal(p9readn(dfd, buf, 1), 0);
	close(dfd);
	close(afd);
}

static void
test_tcp4(void **state)
{
	char adir[NETPATHLEN], *f[4];
	int afd;

	roundtrip("tcp!127.0.0.1!0", "tcp!127.0.0.1!");
	roundtrip("tcp4!localhost!0", "tcp!127.0.0.1!");
	/* the chosen port can be read back from adir */
	afd = p9announce("tcp!127.0.0.1!0", adir);
	assert_true(afd >= 0);
	assert_int_equal(p9getfields(adir, f, 4, 0, "!"), 3);
	assert_true(atoi(f[2]) > 0);
	close(afd);
}

static void
test_tcp6(void **state)
{
	int fd;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if(fd < 0)
		skip();
	close(fd);
	fd = p9announce("tcp!::1!0", nil);
	if(fd < 0)
		skip();
	close(fd);
	roundtrip("tcp!::1!0", "tcp!::1!");
	roundtrip("tcp6!::1!0", "tcp!::1!");
	roundtrip("tcp![::1]!0", "tcp!::1!");
}

static void
test_wildcard(void **state)
{
	char adir[NETPATHLEN], addr[NETPATHLEN], ldir[NETPATHLEN], *f[4];
	int afd, cfd, lfd;

	afd = p9announce("tcp!*!0", adir);
	assert_true(afd >= 0);
	assert_int_equal(strncmp(adir, "tcp!*!", 6), 0);
	assert_int_equal(p9getfields(adir, f, 4, 0, "!"), 3);
	p9snprint(addr, sizeof addr, "tcp!127.0.0.1!%s", f[2]);
	cfd = p9dial(addr, nil, nil, nil);
	assert_true(cfd >= 0);
	lfd = p9listenfd(afd, ldir);
	assert_true(lfd >= 0);
	assert_int_equal(strncmp(ldir, "tcp!127.0.0.1!", 14), 0);
	close(lfd);
	close(cfd);
	close(afd);
}

static void
test_unix(void **state)
{
	char addr[256], adir[NETPATHLEN];
	int afd, afd2;

	p9snprint(addr, sizeof addr, "unix!%s/sock", tmpdir);
	roundtrip(addr, "unix!");
	/* the socket file left behind by a dead server is taken over */
	afd = p9announce(addr, adir);
	assert_true(afd >= 0);
	assert_string_equal(adir, addr);
	/* but not while someone listens on it */
	afd2 = p9announce(addr, nil);
	assert_int_equal(afd2, -1);
	errmatch("address in use");
	close(afd);
	p9snprint(addr, sizeof addr, "net!%s/sock2", tmpdir);
	roundtrip(addr, "unix!");
}

static void
test_srvname(void **state)
{
	char adir[NETPATHLEN], want[NETPATHLEN], buf[4];
	int afd, cfd, lfd;

	afd = p9announce("lib9test", adir);
	assert_true(afd >= 0);
	p9snprint(want, sizeof want, "unix!%s/lib9test", tmpdir);
	assert_string_equal(adir, want);
	cfd = p9dial("lib9test", nil, nil, nil);
	assert_true(cfd >= 0);
	lfd = p9listen(adir, nil);
	assert_true(lfd >= 0);
	assert_int_equal(p9write(cfd, "ok", 2), 2);
	assert_int_equal(p9readn(lfd, buf, 2), 2);
	close(lfd);
	close(cfd);
	close(afd);
	assert_int_equal(p9dial("a/b", nil, nil, nil), -1);
	errmatch("bad srv name");
	assert_int_equal(p9dial("..", nil, nil, nil), -1);
	errmatch("bad srv name");
	assert_int_equal(p9announce(".", adir), -1);
	errmatch("bad srv name");
}

static void
test_reject(void **state)
{
	char adir[NETPATHLEN], buf[4];
	int afd, cfd, lfd;

	afd = p9announce("tcp!127.0.0.1!0", adir);
	assert_true(afd >= 0);
	cfd = p9dial(adir, nil, nil, nil);
	assert_true(cfd >= 0);
	lfd = p9listen(adir, nil);
	assert_true(lfd >= 0);
	assert_int_equal(p9reject(lfd, nil, "go away"), 0);
	close(lfd);
	assert_true(read(cfd, buf, sizeof buf) <= 0);
	close(cfd);
	close(afd);
	assert_int_equal(p9reject(-1, nil, "x"), -1);
	assert_int_equal(p9accept(-1, nil), -1);
	assert_int_equal(p9listen("tcp!127.0.0.1!1", nil), -1);
	errmatch("not announced");
	assert_int_equal(p9listen("garbage", nil), -1);
}

static void
test_errors(void **state)
{
	char adir[NETPATHLEN], addr[256];
	int afd;

	/* a port nobody listens on: announce one, close it, dial it */
	afd = p9announce("tcp!127.0.0.1!0", adir);
	assert_true(afd >= 0);
	close(afd);
	assert_int_equal(p9dial(adir, nil, nil, nil), -1);
	errmatch("connection refused");
	errmatch("dial tcp!127.0.0.1!");

	p9snprint(addr, sizeof addr, "unix!%s/nonexistent", tmpdir);
	assert_int_equal(p9dial(addr, nil, nil, nil), -1);
	errmatch("file does not exist");
	assert_int_equal(p9dial("tcp!127.0.0.1", nil, nil, nil), -1);
	errmatch("missing service");
	assert_int_equal(p9dial("bogus!a!b", nil, nil, nil), -1);
	errmatch("unknown network bogus");
	assert_int_equal(p9dial("tcp!127.0.0.1!nosuchservice", nil, nil, nil), -1);
	errmatch("unknown service nosuchservice");
	assert_int_equal(p9dial("tcp!127.0.0.1!99999", nil, nil, nil), -1);
	errmatch("bad port");
	assert_int_equal(p9dial("", nil, nil, nil), -1);
	errmatch("empty address");
	assert_int_equal(p9dial("tcp!!564", nil, nil, nil), -1);
	errmatch("empty host");
	assert_int_equal(p9dial("tcp!no.such.host.invalid!564", nil, nil, nil), -1);
	assert_int_equal(p9announce("tcp!127.0.0.1!x!y", nil), -1);
	assert_int_equal(p9announce("unix!/nonexistent/dir/sock", nil), -1);
	errmatch("file does not exist");
	memset(addr, 'a', sizeof addr);
	memcpy(addr, "unix!/", 6);
	addr[sizeof addr - 1] = 0;
	assert_int_equal(p9dial(addr, nil, nil, nil), -1);
	errmatch("dial unix!/aaaa");	/* the reason is past ERRMAX */
	/* a short srv name in a long srv directory shows the reason */
	addr[120] = 0;
	setenv("NAMESPACE", addr + 5, 1);
	assert_int_equal(p9dial("x", nil, nil, nil), -1);
	errmatch("dial x: unix socket name too long");
	setenv("NAMESPACE", tmpdir, 1);
	/* Plan 9 service names resolve: the error is about the connection, not the name */
	if(p9dial("tcp!127.0.0.1!rcpu", nil, nil, nil) < 0){
		errmatch("dial tcp!127.0.0.1!rcpu: ");
		char buf[ERRMAX];
		p9rerrstr(buf, sizeof buf);
		assert_null(strstr(buf, "unknown service"));
	}
}

static void
test_local(void **state)
{
	char adir[NETPATHLEN], ldir[NETPATHLEN];
	int afd, cfd, lfd;

	afd = p9announce("tcp!127.0.0.1!0", adir);
	assert_true(afd >= 0);
	cfd = p9dial(adir, "tcp!127.0.0.1!0", nil, nil);
	assert_true(cfd >= 0);
	lfd = p9listenfd(afd, ldir);
	assert_true(lfd >= 0);
	close(lfd);
	close(cfd);
	assert_int_equal(p9dial(adir, "tcp!127.0.0.1", nil, nil), -1);
	close(afd);
}

static void
test_parse(void **state)
{
	char *net, *host, *svc, buf[NETPATHLEN], want[256];

	assert_int_equal(p9dialparse("tcp!example.org!9fs", &net, &host, &svc), 0);
	assert_string_equal(net, "tcp");
	assert_string_equal(host, "example.org");
	assert_string_equal(svc, "9fs");
	free(net), free(host), free(svc);
	assert_int_equal(p9dialparse("net!h!564", &net, &host, &svc), 0);
	assert_string_equal(net, "tcp");
	free(net), free(host), free(svc);
	assert_int_equal(p9dialparse("unix!/a/b", &net, &host, &svc), 0);
	assert_string_equal(net, "unix");
	assert_string_equal(host, "/a/b");
	assert_null(svc);
	free(net), free(host), free(svc);
	assert_int_equal(p9dialparse("ramfs", &net, &host, &svc), 0);
	assert_string_equal(net, "unix");
	p9snprint(want, sizeof want, "%s/ramfs", tmpdir);
	assert_string_equal(host, want);
	free(net), free(host), free(svc);
	assert_int_equal(p9dialparse("tcp!h!ticket", &net, &host, &svc), 0);
	free(net), free(host), free(svc);
	assert_int_equal(p9dialparse("unix!a!b", &net, &host, &svc), -1);

	assert_string_equal(p9netmkaddr("host", "tcp", "9fs", buf, sizeof buf), "tcp!host!9fs");
	assert_string_equal(p9netmkaddr("host", nil, "9fs", buf, sizeof buf), "net!host!9fs");
	assert_string_equal(p9netmkaddr("host", nil, nil, buf, sizeof buf), "net!host");
	assert_string_equal(p9netmkaddr("host", "tcp", nil, buf, sizeof buf), "tcp!host");
	assert_string_equal(p9netmkaddr("tcp!h", "udp", "564", buf, sizeof buf), "tcp!h!564");
	assert_string_equal(p9netmkaddr("tcp!h!1", "udp", "564", buf, sizeof buf), "tcp!h!1");
	assert_string_equal(p9netmkaddr("tcp!h", nil, nil, buf, sizeof buf), "tcp!h");
}

static void
test_srvdir(void **state)
{
	char buf[256], want[256], *disp;

	assert_string_equal(p9srvdir(buf, sizeof buf), tmpdir);
	assert_null(p9srvdir(buf, 4));
	unsetenv("NAMESPACE");
	disp = p9smprint("lib9test%d:7.0", (int)getpid());
	setenv("DISPLAY", disp, 1);
	p9snprint(want, sizeof want, "/tmp/ns.%s.lib9test%d:7", p9getuser(), (int)getpid());
	rmdir(want);
	assert_non_null(p9srvdir(buf, sizeof buf));
	assert_string_equal(buf, want);
	/* refused when the mode is wrong */
	assert_int_equal(chmod(want, 0755), 0);
	assert_null(p9srvdir(buf, sizeof buf));
	errmatch("bad name space dir");
	rmdir(want);
	free(disp);
	/* slashes become underscores; .1 screens stay */
	disp = p9smprint("/tmp/lib9test%d:3.1", (int)getpid());
	setenv("DISPLAY", disp, 1);
	p9snprint(want, sizeof want, "/tmp/ns.%s._tmp_lib9test%d:3.1", p9getuser(), (int)getpid());
	assert_non_null(p9srvdir(buf, sizeof buf));
	assert_string_equal(buf, want);
	rmdir(want);
	free(disp);
	setenv("NAMESPACE", tmpdir, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp4),
		cmocka_unit_test(test_tcp6),
		cmocka_unit_test(test_wildcard),
		cmocka_unit_test(test_unix),
		cmocka_unit_test(test_srvname),
		cmocka_unit_test(test_reject),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_local),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_srvdir),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
