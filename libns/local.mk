# libns/local.mk: libns, Plan 9 name spaces on Linux: the mount table, namespace files, and
# their realization in user and mount namespaces with nsd.
lib_LTLIBRARIES += libns/libns.la
libns_libns_la_SOURCES = libns/nsimpl.h libns/table.c libns/nsfile.c libns/linux.c \
	libns/kern.c libns/root.c libns/ctl.c libns/ops.c libns/compat.c libns/nomnt.c
libns_libns_la_LIBADD = lib9/lib9.la
libns_libns_la_LDFLAGS = -version-info $(LIBNS_LT_VERSION) -no-undefined
pkgconfig_DATA += libns/libns.pc
pkginclude_HEADERS += include/planten/ns.h
dist_man_MANS += man/man3/ns.3 man/man6/namespace.6

# the default namespace file 9 ns reads
nsfiledir = $(pkgdatadir)
dist_nsfile_DATA = libns/namespace

if HAVE_CMOCKA
LIBNS_TESTS = libns/test/table libns/test/nsfile
check_PROGRAMS += $(LIBNS_TESTS)
TESTS += $(LIBNS_TESTS)
libns_test_table_SOURCES = libns/test/table.c
libns_test_table_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
libns_test_table_LDADD = libns/libns.la lib9/lib9.la $(CMOCKA_LIBS)
libns_test_nsfile_SOURCES = libns/test/nsfile.c
libns_test_nsfile_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
libns_test_nsfile_LDADD = libns/libns.la lib9/lib9.la $(CMOCKA_LIBS)
endif

# fuzz-nsfile: namespace files parsed, printed and parsed again; seeds in corpus
EXTRA_DIST += libns/fuzz/corpus
check_PROGRAMS += libns/fuzz/fuzz-nsfile
libns_fuzz_fuzz_nsfile_SOURCES = libns/fuzz/nsfile.c
libns_fuzz_fuzz_nsfile_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"nsfile"' \
	-DFUZZCORPUS='"$(top_srcdir)/libns/fuzz/corpus"'
libns_fuzz_fuzz_nsfile_LDADD = libns/libns.la lib9/lib9.la
if ENABLE_FUZZING
libns_fuzz_fuzz_nsfile_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libns/fuzz/fuzz-nsfile
libns_fuzz_fuzz_nsfile_SOURCES += test/fuzz/fuzzmain.c
endif
