/* sys.c: cmocka tests for lib9's Plan 9 file calls: open modes, create, dup, pipe, dirs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>

static char dir[128];

static int
setup(void **state)
{
	strcpy(dir, "/tmp/lib9sysXXXXXX");
	return mkdtemp(dir) != nil ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[256];

	p9snprint(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static char*
path(const char *name)
{
	static char buf[4][256];
	static int i;

	i = (i + 1) % 4;
	p9snprint(buf[i], sizeof buf[i], "%s/%s", dir, name);
	return buf[i];
}

static void
errstris(const char *want)
{
	char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	assert_string_equal(buf, want);
}

static void
test_open_create(void **state)
{
	char buf[32];
	struct stat st;
	int fd;

	/* create makes and truncates; open with Plan 9 modes */
	fd = p9create(path("a"), OWRITE, 0640);
	assert_true(fd >= 0);
	assert_int_equal(p9write(fd, "hello", 5), 5);
	assert_int_equal(p9close(fd), 0);
	assert_int_equal(stat(path("a"), &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640 & ~umask(022));
	fd = p9open(path("a"), OREAD);
	assert_true(fd >= 0);
	assert_int_equal(p9read(fd, buf, sizeof buf), 5);
	assert_true(p9write(fd, "x", 1) < 0);
	p9close(fd);
	fd = p9open(path("a"), OWRITE|OTRUNC);
	assert_true(fd >= 0);
	p9close(fd);
	assert_int_equal(stat(path("a"), &st), 0);
	assert_int_equal(st.st_size, 0);
	fd = p9create(path("a"), ORDWR|OEXCL, 0600);
	assert_true(fd < 0);
	errstris("file already exists");

	/* OCEXEC and ORCLOSE */
	fd = p9open(path("a"), OREAD|OCEXEC);
	assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	p9close(fd);
	fd = p9create(path("tmp"), ORDWR|ORCLOSE, 0600);
	assert_true(fd >= 0);
	assert_int_equal(access(path("tmp"), F_OK), 0);
	p9close(fd);
	assert_true(access(path("tmp"), F_OK) < 0);

	/* OEXEC checks execute permission */
	assert_true(p9open(path("a"), OEXEC) < 0);
	errstris("permission denied");

	/* directories: create with DMDIR, open one for writing fails */
	fd = p9create(path("d"), OREAD, DMDIR|0755);
	assert_true(fd >= 0);
	p9close(fd);
	assert_true(p9create(path("d"), OREAD, DMDIR|0755) < 0);
	assert_true(p9create(path("d2"), OWRITE, DMDIR|0755) < 0);
	assert_true(p9open(path("d"), OWRITE) < 0);
	errstris("is a directory");

	/* Unix flags pass through, with the permission after O_CREAT */
	fd = p9open(path("u"), O_WRONLY|O_CREAT|O_EXCL, 0600);
	assert_true(fd >= 0);
	p9close(fd);
	assert_true(p9open(path("u"), O_WRONLY|O_CREAT|O_EXCL, 0600) < 0);

	/* missing files and bad fds */
	assert_true(p9open(path("nope"), OREAD) < 0);
	errstris("file does not exist");
	assert_true(p9close(-1) < 0);
	errstris("fd out of range or not open");
	assert_true(p9read(12345, buf, 1) < 0);
}

/*
 * ORCLOSE removes the file that was opened, never another that has its fd number or its
 * name by the time p9close comes.
 */
static void
test_rclose_reuse(void **state)
{
	int fd, keep, fd2;

	/* p9dup onto an ORCLOSE fd closes it, as Plan 9's dup does: the file goes then */
	keep = p9create(path("keep"), OWRITE, 0600);
	assert_true(keep >= 0);
	fd = p9create(path("tmp"), ORDWR|ORCLOSE, 0600);
	assert_true(fd >= 0);
	assert_int_equal(p9dup(keep, fd), fd);
	assert_true(access(path("tmp"), F_OK) < 0);
	assert_int_equal(p9close(fd), 0);
	assert_int_equal(access(path("keep"), F_OK), 0);

	/* closed by Unix's close: its number, given to another file, is that file's */
	fd = p9create(path("tmp"), ORDWR|ORCLOSE, 0600);
	assert_true(fd >= 0);
	close(fd);
	fd2 = p9open(path("keep"), OREAD);
	assert_int_equal(fd2, fd);
	assert_int_equal(p9close(fd2), 0);
	assert_int_equal(access(path("keep"), F_OK), 0);
	remove(path("tmp"));

	/* renamed, and another file made under its name: the one opened goes */
	fd = p9create(path("tmp"), ORDWR|ORCLOSE, 0600);
	assert_true(fd >= 0);
	assert_int_equal(rename(path("tmp"), path("moved")), 0);
	fd2 = p9create(path("tmp"), OWRITE, 0600);
	assert_true(fd2 >= 0);
	p9close(fd2);
	assert_int_equal(p9close(fd), 0);
	assert_true(access(path("moved"), F_OK) < 0);
	assert_int_equal(access(path("tmp"), F_OK), 0);

	/* removed already, and a file made under the name Linux shows for it */
	fd = p9create(path("tmp2"), ORDWR|ORCLOSE, 0600);
	assert_true(fd >= 0);
	assert_int_equal(remove(path("tmp2")), 0);
	fd2 = p9create(path("tmp2 (deleted)"), OWRITE, 0600);
	assert_true(fd2 >= 0);
	p9close(fd2);
	assert_int_equal(p9close(fd), 0);
	assert_int_equal(access(path("tmp2 (deleted)"), F_OK), 0);
	p9close(keep);
}

static void
test_fdcalls(void **state)
{
	char buf[64], p2[256];
	int fd, fd2, p[2];

	fd = p9create(path("s"), ORDWR, 0600);
	assert_int_equal(p9write(fd, "0123456789", 10), 10);
	assert_int_equal(p9seek(fd, 2, 0), 2);
	assert_int_equal(p9seek(fd, 2, 1), 4);
	assert_int_equal(p9seek(fd, -1, 2), 9);
	assert_true(p9seek(fd, -100, 0) < 0);
	assert_int_equal(p9pread(fd, buf, 3, 5), 3);
	assert_memory_equal(buf, "567", 3);
	assert_int_equal(p9seek(fd, 1, 0), 1);
	assert_int_equal(p9pread(fd, buf, 2, -1), 2);	/* -1: the fd's offset */
	assert_memory_equal(buf, "12", 2);
	assert_int_equal(p9pwrite(fd, "AB", 2, 8), 2);
	assert_int_equal(p9pread(fd, buf, 10, 0), 10);
	assert_memory_equal(buf, "01234567AB", 10);

	/* dup: -1 is any fd, otherwise that one */
	fd2 = p9dup(fd, -1);
	assert_true(fd2 >= 0 && fd2 != fd);
	assert_int_equal(p9dup(fd, 40), 40);
	p9close(40);
	p9close(fd2);
	assert_true(p9dup(-5, -1) < 0);

	/* fd2path */
	assert_int_equal(p9fd2path(fd, p2, sizeof p2), 0);
	assert_string_equal(p2, path("s"));
	assert_true(p9fd2path(fd, p2, 0) < 0);
	assert_int_equal(p9fd2path(fd, p2, 5), 0);	/* cut, terminated */
	assert_int_equal(strlen(p2), 4);
	assert_true(p9fd2path(9999, p2, sizeof p2) < 0);
	p9close(fd);
	assert_int_equal(p9iounit(0), 0);

	/* Plan 9's pipes carry data both ways */
	assert_int_equal(p9pipe(p), 0);
	assert_int_equal(p9write(p[0], "ping", 4), 4);
	assert_int_equal(p9read(p[1], buf, sizeof buf), 4);
	assert_int_equal(p9write(p[1], "pong", 4), 4);
	assert_int_equal(p9read(p[0], buf, sizeof buf), 4);
	assert_memory_equal(buf, "pong", 4);
	p9close(p[1]);
	assert_int_equal(p9read(p[0], buf, sizeof buf), 0);
	p9close(p[0]);
}

static void
test_paths(void **state)
{
	char cwd[256], wd[256];

	assert_int_equal(p9access(dir, AEXIST), 0);
	assert_int_equal(p9access(dir, AREAD|AWRITE|AEXEC), 0);
	assert_true(p9access(path("none"), AEXIST) < 0);
	errstris("file does not exist");
	assert_non_null(getcwd(cwd, sizeof cwd));
	assert_int_equal(p9chdir(dir), 0);
	assert_ptr_equal(p9getwd(wd, sizeof wd), wd);
	assert_string_equal(wd, dir);
	assert_null(p9getwd(wd, 3));
	assert_true(p9chdir(path("none")) < 0);
	assert_int_equal(chdir(cwd), 0);

	/* remove takes files and empty directories */
	close(p9create(path("f"), OWRITE, 0600));
	close(p9create(path("e"), OREAD, DMDIR|0700));
	close(p9create(path("e/x"), OWRITE, 0600));
	assert_int_equal(p9remove(path("f")), 0);
	assert_true(p9remove(path("e")) < 0);
	errstris("directory not empty");
	assert_int_equal(p9remove(path("e/x")), 0);
	assert_int_equal(p9remove(path("e")), 0);
	assert_true(p9remove(path("e")) < 0);
}

static int
byname(const void *a, const void *b)
{
	return strcmp(((const Dir*)a)->name, ((const Dir*)b)->name);
}

static void
test_dirread(void **state)
{
	char name[32];
	Dir *d, *all;
	long n, total;
	int fd, i;

	close(p9create(path("r"), OREAD, DMDIR|0755));
	fd = p9open(path("r"), OREAD);
	assert_int_equal(p9dirreadall(fd, &d), 0);	/* empty: no . or .. */
	assert_null(d);
	p9close(fd);
	for(i = 0; i < 300; i++){
		p9snprint(name, sizeof name, "r/file%03d", i);
		close(p9create(path(name), OWRITE, 0644));
	}
	close(p9create(path("r/sub"), OREAD, DMDIR|0700));
	symlink("file000", path("r/link"));
	symlink("nowhere", path("r/dangling"));

	/* piecewise, then all at once: the same 303 entries */
	fd = p9open(path("r"), OREAD);
	total = 0;
	while((n = p9dirread(fd, &d)) > 0){
		for(i = 0; i < n; i++)
			assert_true(strcmp(d[i].name, ".") != 0 && strcmp(d[i].name, "..") != 0);
		total += n;
		free(d);
	}
	assert_int_equal(n, 0);
	assert_int_equal(total, 303);
	p9close(fd);
	fd = p9open(path("r"), OREAD);
	n = p9dirreadall(fd, &all);
	assert_int_equal(n, 303);
	qsort(all, n, sizeof all[0], byname);
	assert_string_equal(all[0].name, "dangling");
	assert_true(all[0].mode & DMSYMLINK);
	assert_string_equal(all[301].name, "link");
	assert_false(all[301].mode & DMSYMLINK);	/* followed */
	assert_string_equal(all[302].name, "sub");
	assert_true(all[302].mode & DMDIR);
	assert_true(all[302].qid.type & QTDIR);
	assert_int_equal(all[302].mode & 0777, 0700);
	assert_string_equal(all[1].uid, p9getuser());
	free(all);
	assert_int_equal(p9dirreadall(fd, &all), 0);	/* at the end */
	p9close(fd);

	/* not a directory, not an fd */
	fd = p9open(path("r/file001"), OREAD);
	assert_true(p9dirread(fd, &d) < 0);
	assert_null(d);
	p9close(fd);
	assert_true(p9dirreadall(-1, &d) < 0);
}

static void
test_dirwstat(void **state)
{
	struct stat st;
	Dir nd, *d;
	int fd;

	fd = p9create(path("w"), ORDWR, 0600);
	assert_int_equal(p9write(fd, "0123456789", 10), 10);

	/* nulldir changes nothing */
	p9nulldir(&nd);
	assert_int_equal(p9dirwstat(path("w"), &nd), 0);
	d = p9dirstat(path("w"));
	assert_int_equal(d->length, 10);
	assert_int_equal(d->mode, 0600);
	free(d);

	/* length, mode, mtime */
	p9nulldir(&nd);
	nd.length = 4;
	nd.mode = 0640;
	nd.mtime = 1000000000;
	assert_int_equal(p9dirfwstat(fd, &nd), 0);
	assert_int_equal(stat(path("w"), &st), 0);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(st.st_mtime, 1000000000);

	/* rename within the directory, through the fd and by name */
	p9nulldir(&nd);
	nd.name = "w2";
	assert_int_equal(p9dirfwstat(fd, &nd), 0);
	assert_int_equal(stat(path("w2"), &st), 0);
	nd.name = "w3";
	assert_int_equal(p9dirwstat(path("w2"), &nd), 0);
	assert_int_equal(stat(path("w3"), &st), 0);
	p9close(fd);

	/* refusals: a name that exists, slashes, the directory bit, a directory's length */
	close(p9create(path("other"), OWRITE, 0600));
	nd.name = "other";
	assert_true(p9dirwstat(path("w3"), &nd) < 0);
	errstris("file already exists");
	nd.name = "../escape";
	assert_true(p9dirwstat(path("w3"), &nd) < 0);
	nd.name = "..";
	assert_true(p9dirwstat(path("w3"), &nd) < 0);
	p9nulldir(&nd);
	nd.mode = DMDIR|0755;
	assert_true(p9dirwstat(path("w3"), &nd) < 0);
	close(p9create(path("dd"), OREAD, DMDIR|0755));
	p9nulldir(&nd);
	nd.length = 5;
	assert_true(p9dirwstat(path("dd"), &nd) < 0);
	p9nulldir(&nd);
	nd.gid = "no-such-group-here";
	assert_true(p9dirwstat(path("w3"), &nd) < 0);
	errstris("unknown group no-such-group-here");
	p9nulldir(&nd);
	assert_true(p9dirwstat(path("missing"), &nd) < 0);
	errstris("file does not exist");
}

static void
test_env(void **state)
{
	char *s;

	assert_int_equal(p9putenv("LIB9TESTVAR", "a b"), 0);
	s = p9getenv("LIB9TESTVAR");
	assert_string_equal(s, "a b");
	free(s);		/* a copy: Plan 9 callers free it */
	assert_null(p9getenv("LIB9TESTNOSUCHVAR"));
	assert_true(p9putenv("A=B", "x") < 0);
	assert_true(p9putenv("", "x") < 0);
	assert_true(strlen(p9sysname()) > 0);
	assert_null(strchr(p9sysname(), '.'));
}

static void
test_namespace(void **state)
{
	assert_true(p9bind("/tmp", "/mnt", MREPL) < 0);
	errstris("not in a planten namespace");
	assert_true(p9mount(0, -1, "/mnt", MAFTER|MCREATE, "") < 0);
	errstris("not in a planten namespace");
	assert_true(p9unmount(nil, "/mnt") < 0);
	errstris("not in a planten namespace");
}

/* Opening a Unix socket connects to it, as opening a posted service does on Plan 9. */
static void
test_opensock(void **state)
{
	struct sockaddr_un sa;
	char buf[8];
	int l, fd, c;

	(void)state;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	p9snprint(sa.sun_path, sizeof sa.sun_path, "%s", path("srv"));
	assert_true((l = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	assert_int_equal(bind(l, (struct sockaddr*)&sa, sizeof sa), 0);
	assert_int_equal(listen(l, 4), 0);
	assert_true((fd = p9open(path("srv"), ORDWR)) >= 0);
	assert_true((c = accept(l, nil, nil)) >= 0);
	assert_int_equal(p9write(fd, "ping", 4), 4);
	assert_int_equal(read(c, buf, sizeof buf), 4);
	assert_int_equal(write(c, "pong", 4), 4);
	assert_int_equal(p9read(fd, buf, sizeof buf), 4);
	assert_memory_equal(buf, "pong", 4);
	p9close(fd);
	close(c);
	/* OCEXEC reaches the socket; OEXEC, OTRUNC and ORCLOSE do not connect */
	assert_true((fd = p9open(path("srv"), OREAD|OCEXEC)) >= 0);
	assert_int_equal(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	p9close(fd);
	assert_true(p9open(path("srv"), OEXEC) < 0);
	assert_true(p9open(path("srv"), ORDWR|ORCLOSE) < 0);
	assert_int_equal(access(path("srv"), F_OK), 0);
	/* #s/name is name in the srv directory */
	setenv("NAMESPACE", dir, 1);
	assert_true((fd = p9open("#s/srv", ORDWR)) >= 0);
	p9close(fd);
	close(accept(l, nil, nil));
	unsetenv("NAMESPACE");
	close(l);
	/* nobody listening */
	assert_true(p9open(path("srv"), ORDWR) < 0);
	errstris("connection refused");
	unlink(path("srv"));
}

/* The name space calls go to the functions installed with p9setnsops. */
static char nslog[256];

static int
fakebind(const char *new, const char *old, int flag)
{
	p9snprint(nslog, sizeof nslog, "bind %s %s %d", new, old, flag);
	return 0;
}

static int
fakemount(int fd, int afd, const char *old, int flag, const char *aname)
{
	p9snprint(nslog, sizeof nslog, "mount %d %d %s %d %s", fd, afd, old, flag, aname);
	return 0;
}

static int
fakeunmount(const char *new, const char *old)
{
	p9snprint(nslog, sizeof nslog, "unmount %s %s", new ? new : "nil", old);
	p9werrstr("not mounted");
	return -1;
}

static int
fakerfork(int flag)
{
	p9snprint(nslog, sizeof nslog, "rfork %d", flag);
	return flag == RFCNAMEG ? -1 : 0;
}

static int nsready;

static int
fakecheck(void)
{
	if(!nsready){
		p9werrstr("not here");
		return -1;
	}
	return 0;
}

static void
test_nsops(void **state)
{
	static const P9nsops ops = {fakebind, fakemount, fakeunmount, fakerfork, fakecheck};
	Waitmsg *w;
	int pid;

	(void)state;
	p9setnsops(&ops);
	assert_int_equal(p9bind("a", "b", MAFTER|MCREATE), 0);
	assert_string_equal(nslog, "bind a b 6");
	assert_int_equal(p9mount(5, -1, "/n/x", MREPL, "spec"), 0);
	assert_string_equal(nslog, "mount 5 -1 /n/x 0 spec");
	assert_true(p9unmount(nil, "/n/x") < 0);
	assert_string_equal(nslog, "unmount nil /n/x");
	errstris("not mounted");
	nslog[0] = 0;
	assert_int_equal(p9rfork(RFNOTEG), 0);
	assert_string_equal(nslog, "");
	assert_int_equal(p9rfork(RFNAMEG|RFENVG), 0);
	assert_string_equal(nslog, "rfork 1");
	/* RFCNAMEG in a child: refused in the parent when check says no */
	assert_true(p9rfork(RFPROC|RFFDG|RFCNAMEG) < 0);
	errstris("not here");
	assert_null(p9wait());
	/* ... else done in the child, whose failure ends it */
	nsready = 1;
	pid = p9rfork(RFPROC|RFFDG|RFCNAMEG);
	if(pid == 0)
		p9exitsnow(nil);
	assert_true(pid > 0);
	assert_non_null(w = p9wait());
	assert_int_equal(w->pid, pid);
	assert_string_equal(w->msg, "1");
	free(w);
	p9setnsops(nil);
	assert_true(p9bind("a", "b", MREPL) < 0);
	errstris("not in a planten namespace");
	assert_int_equal(p9rfork(RFNAMEG), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rclose_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdcalls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirwstat, setup, teardown),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_namespace),
		cmocka_unit_test_setup_teardown(test_opensock, setup, teardown),
		cmocka_unit_test(test_nsops),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
