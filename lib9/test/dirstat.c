/* dirstat.c: cmocka tests for p9dirstat, p9dirfstat and p9nulldir. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <planten/lib9.h>

static void
test_file(void **state)
{
	char dir[64], path[128], buf[ERRMAX];
	struct stat st;
	Dir *d;
	int fd;

	strcpy(dir, "/tmp/lib9dirXXXXXX");
	assert_non_null(mkdtemp(dir));
	p9snprint(path, sizeof path, "%s/file", dir);
	fd = open(path, O_CREAT | O_WRONLY, 0640);
	assert_true(fd >= 0);
	assert_int_equal(p9write(fd, "12345", 5), 5);
	assert_int_equal(fchmod(fd, 0640), 0);
	assert_int_equal(fstat(fd, &st), 0);

	d = p9dirstat(path);
	assert_non_null(d);
	assert_string_equal(d->name, "file");
	assert_int_equal(d->length, 5);
	assert_int_equal(d->mode, 0640);
	assert_int_equal(d->qid.type, QTFILE);
	assert_int_equal(d->qid.path, st.st_ino);
	assert_int_equal(d->mtime, st.st_mtime);
	assert_string_equal(d->uid, p9getuser());
	assert_string_equal(d->muid, d->uid);
	assert_true(strlen(d->gid) > 0);
	free(d);

	d = p9dirfstat(fd);
	assert_non_null(d);
	assert_string_equal(d->name, "file");
	assert_int_equal(d->length, 5);
	free(d);
	close(fd);

	d = p9dirstat(dir);
	assert_non_null(d);
	assert_int_equal(d->mode, DMDIR | 0700);
	assert_int_equal(d->qid.type, QTDIR);
	assert_int_equal(d->length, 0);
	free(d);

	p9snprint(path, sizeof path, "%s/file", dir);
	unlink(path);
	assert_null(p9dirstat(path));
	p9rerrstr(buf, sizeof buf);
	assert_non_null(strstr(buf, "file does not exist"));
	assert_int_equal(rmdir(dir), 0);

	d = p9dirstat("/");
	assert_non_null(d);
	assert_string_equal(d->name, "/");
	free(d);
	assert_null(p9dirfstat(-1));
}

static void
test_nulldir(void **state)
{
	Dir d;

	p9nulldir(&d);
	assert_int_equal(d.type, (ushort)~0);
	assert_int_equal(d.dev, ~0U);
	assert_int_equal(d.qid.path, ~0ULL);
	assert_int_equal(d.qid.vers, ~0U);
	assert_int_equal(d.qid.type, 0xFF);
	assert_int_equal(d.mode, ~0U);
	assert_int_equal(d.atime, ~0U);
	assert_int_equal(d.mtime, ~0U);
	assert_int_equal(d.length, -1);
	assert_string_equal(d.name, "");
	assert_string_equal(d.uid, "");
	assert_string_equal(d.gid, "");
	assert_string_equal(d.muid, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_nulldir),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
