/* unit.c: cmocka tests of lib9pfuse's pure parts: errors, names, attributes, paths. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include <cmocka.h>
#include "../impl.h"

static void
test_errno_table(void **state)
{
	static const struct {
		const char *s;
		int err;
	} t[] = {
		{ "file does not exist", ENOENT },		/* Plan 9 and planten */
		{ "'/usr/x' file does not exist", ENOENT },
		{ "No such file or directory", ENOENT },	/* Unix servers (u9fs) */
		{ "directory entry not found", ENOENT },
		{ "file already exists", EEXIST },
		{ "File exists", EEXIST },
		{ "permission denied", EACCES },
		{ "Permission denied", EACCES },
		{ "not owner", EPERM },
		{ "not a directory", ENOTDIR },
		{ "walk in non-directory", ENOTDIR },
		{ "is a directory", EISDIR },
		{ "file is a directory", EISDIR },
		{ "directory not empty", ENOTEMPTY },
		{ "file system full", ENOSPC },
		{ "file system is read-only", EROFS },
		{ "mounted directory forbids creation", EROFS },
		{ "file name too long", ENAMETOOLONG },
		{ "file too large", EFBIG },
		{ "exclusive use file already open", EBUSY },
		{ "interrupted", EINTR },
		{ "timed out", ETIMEDOUT },
		{ "i/o on hungup channel", EIO },
		{ "unknown fid", ESTALE },
		{ "bad offset in directory read", EINVAL },
		{ "cannot change length of a directory", EISDIR },
		{ "function not implemented", EOPNOTSUPP },	/* never ENOSYS: FUSE keeps it */
		{ "9P protocol botch: malformed message", EIO },
		{ "jabberwocky", EIO },
		{ "", EIO },
	};
	size_t i;

	for(i = 0; i < sizeof t / sizeof t[0]; i++)
		if(nferrno(t[i].s) != t[i].err)
			fail_msg("nferrno(\"%s\") = %d, want %d", t[i].s, nferrno(t[i].s),
				t[i].err);
	assert_int_equal(nferrno(NULL), EIO);
}

static void
test_errno_never_eperm_blanket(void **state)
{
	/* anything that merely mentions permission is EACCES; EPERM only for ownership */
	assert_int_equal(nferrno("no permission to frob"), EIO);
	assert_int_equal(nferrno("write permission denied"), EACCES);
	assert_int_equal(nferrno("operation not permitted"), EPERM);
}

static void
test_goodname(void **state)
{
	assert_true(_nfgoodname("a"));
	assert_true(_nfgoodname(".hidden"));
	assert_true(_nfgoodname("..."));
	assert_false(_nfgoodname(""));
	assert_false(_nfgoodname("."));
	assert_false(_nfgoodname(".."));
	assert_false(_nfgoodname("a/b"));
	assert_false(_nfgoodname("/"));
}

static void
test_d2st(void **state)
{
	Dir d;
	struct stat st;

	memset(&d, 0, sizeof d);
	d.qid.path = 42;
	d.qid.type = QTFILE;
	d.mode = DMAPPEND | DMEXCL | 0640;
	d.length = 1234;
	d.uid = "glenda";
	d.gid = "sys";
	d.mtime = 1000;
	d.atime = 2000;
	_nfd2st(&d, "glenda", 1001, 1002, 8168, &st);
	assert_int_equal(st.st_ino, 42);
	assert_int_equal(st.st_mode, S_IFREG | 0640);
	assert_int_equal(st.st_uid, 1001);
	assert_int_equal(st.st_gid, Nogid);
	assert_int_equal(st.st_size, 1234);
	assert_int_equal(st.st_blocks, 3);
	assert_int_equal(st.st_blksize, 8168);
	assert_int_equal(st.st_mtime, 1000);
	assert_int_equal(st.st_ctime, 1000);
	assert_int_equal(st.st_atime, 2000);
	assert_int_equal(st.st_nlink, 1);

	d.gid = "glenda";
	d.uid = "other";
	d.mode = DMDIR | 0755;
	d.length = 4096;
	_nfd2st(&d, "glenda", 1001, 1002, 1<<20, &st);
	assert_int_equal(st.st_mode, S_IFDIR | 0755);
	assert_int_equal(st.st_uid, Nogid);
	assert_int_equal(st.st_gid, 1002);
	assert_int_equal(st.st_size, 0);	/* directories have no length in 9P */
	assert_int_equal(st.st_blksize, 65536);

	d.mode = 0644;
	d.length = ~0ULL;	/* a server's nonsense must not be a negative size */
	d.uid = d.gid = NULL;
	_nfd2st(&d, "glenda", 1, 1, 0, &st);
	assert_true(st.st_size >= 0);
	assert_int_equal(st.st_uid, Nogid);
	assert_int_equal(st.st_blksize, 65536);
}

static void
test_path(void **state)
{
	Node root, a, b;
	NfMember m;
	NfSrv s;
	char *p;

	memset(&s, 0, sizeof s);
	memset(&m, 0, sizeof m);
	memset(&root, 0, sizeof root);
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	root.srv = a.srv = b.srv = &s;
	s.root = &root;
	a.m = b.m = &m;
	a.parent = &root;
	a.name = "alpha";
	b.parent = &a;
	b.name = "b";

	p = _nfpath(&b, &root, "c");
	assert_string_equal(p, "alpha/b/c");
	free(p);
	p = _nfpath(&b, &root, NULL);
	assert_string_equal(p, "alpha/b");
	free(p);
	p = _nfpath(&root, &root, NULL);
	assert_string_equal(p, "");
	free(p);
	p = _nfpath(&root, &root, "x");
	assert_string_equal(p, "x");
	free(p);
	p = _nfpath(&b, &a, NULL);
	assert_string_equal(p, "b");
	free(p);
	p = _nfpath(&b, &b, "x");
	assert_string_equal(p, "x");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errno_table),
		cmocka_unit_test(test_errno_never_eperm_blanket),
		cmocka_unit_test(test_goodname),
		cmocka_unit_test(test_d2st),
		cmocka_unit_test(test_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
