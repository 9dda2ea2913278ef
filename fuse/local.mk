# fuse/local.mk: lib9pfuse, the 9P-to-FUSE bridge and union engine (9pfuse.h), and its tests.
lib_LTLIBRARIES += fuse/lib9pfuse.la
fuse_lib9pfuse_la_SOURCES = \
	fuse/impl.h \
	fuse/srv.c \
	fuse/node.c \
	fuse/union.c \
	fuse/ops.c \
	fuse/p9.c \
	fuse/host.c \
	fuse/list.c \
	fuse/dir.c \
	fuse/errno.c
fuse_lib9pfuse_la_CFLAGS = $(AM_CFLAGS) $(FUSE_CFLAGS) $(UV_CFLAGS)
fuse_lib9pfuse_la_LIBADD = lib9p/lib9p.la lib9/lib9.la $(FUSE_LIBS) $(UV_LIBS)
fuse_lib9pfuse_la_LDFLAGS = -version-info $(LIB9PFUSE_LT_VERSION) -no-undefined
pkginclude_HEADERS += include/planten/9pfuse.h
pkgconfig_DATA += fuse/lib9pfuse.pc
dist_man_MANS += man/man3/9pfuse.3

bin_PROGRAMS += bin/9pfuse
bin_9pfuse_SOURCES = cmd/9pfuse.c cmd/cmd.h
bin_9pfuse_CFLAGS = $(AM_CFLAGS) $(UV_CFLAGS)
bin_9pfuse_LDADD = fuse/lib9pfuse.la lib9p/lib9p.la lib9/lib9.la $(UV_LIBS) $(PTHREAD_LIBS)
dist_man_MANS += man/man1/9pfuse.1

# tests: 9pfuse on real FUSE mounts (skipped when /dev/fuse is not usable)
check_PROGRAMS += test/fuse/fakesrv
test_fuse_fakesrv_SOURCES = test/fuse/fakesrv.c
test_fuse_fakesrv_LDADD = lib9p/lib9p.la lib9/lib9.la
TESTS += test/fuse/9pfuse.sh test/fuse/flush.sh test/fuse/dead.sh
dist_check_SCRIPTS += test/fuse/9pfuse.sh test/fuse/flush.sh test/fuse/dead.sh
TESTS += test/fuse/bigdir.sh
dist_check_SCRIPTS += test/fuse/bigdir.sh
EXTRA_DIST += test/fuse/lib.sh

# the union tests (and bench/fuse.sh) drive the library through test/fuse/nfctl
noinst_PROGRAMS += test/fuse/nfctl
test_fuse_nfctl_SOURCES = test/fuse/nfctl.c
test_fuse_nfctl_CFLAGS = $(AM_CFLAGS) $(UV_CFLAGS)
test_fuse_nfctl_LDADD = fuse/lib9pfuse.la lib9p/lib9p.la lib9/lib9.la $(UV_LIBS)
TESTS += test/fuse/union.sh
dist_check_SCRIPTS += test/fuse/union.sh

# bench/fuse.sh: ramfs through 9pfuse against tmpfs, exec from a union bin (run by hand)
noinst_PROGRAMS += bench/fusebench
bench_fusebench_SOURCES = bench/fusebench.c
noinst_PROGRAMS += bench/nullfuse
bench_nullfuse_SOURCES = bench/nullfuse.c
bench_nullfuse_CFLAGS = $(AM_CFLAGS) $(FUSE_CFLAGS)
bench_nullfuse_LDADD = $(FUSE_LIBS)
dist_noinst_SCRIPTS += bench/fuse.sh

# unit tests of the pure parts (errors, names, attributes, paths), built from the sources
if HAVE_CMOCKA
check_PROGRAMS += fuse/test/unit
TESTS += fuse/test/unit
fuse_test_unit_SOURCES = fuse/test/unit.c fuse/dir.c fuse/errno.c fuse/impl.h
fuse_test_unit_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(FUSE_CFLAGS) $(UV_CFLAGS)
fuse_test_unit_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS)
endif

# fuzz-dir: a server's error strings and directory reads as the bridge takes them
EXTRA_DIST += fuse/fuzz/corpus
check_PROGRAMS += fuse/fuzz/fuzz-dir
fuse_fuzz_fuzz_dir_SOURCES = fuse/fuzz/dir.c fuse/dir.c fuse/errno.c fuse/impl.h
fuse_fuzz_fuzz_dir_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"dir"' \
	-DFUZZCORPUS='"$(top_srcdir)/fuse/fuzz/corpus"'
fuse_fuzz_fuzz_dir_CFLAGS = $(AM_CFLAGS) $(FUSE_CFLAGS) $(UV_CFLAGS)
fuse_fuzz_fuzz_dir_LDADD = lib9p/lib9p.la lib9/lib9.la
if ENABLE_FUZZING
fuse_fuzz_fuzz_dir_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += fuse/fuzz/fuzz-dir
fuse_fuzz_fuzz_dir_SOURCES += test/fuzz/fuzzmain.c
endif
