# libregexp/local.mk: libregexp, Plan 9 regular expressions.
lib_LTLIBRARIES += libregexp/libregexp.la
libregexp_libregexp_la_SOURCES = \
	libregexp/regimpl.h \
	libregexp/regcomp.c \
	libregexp/regexec.c \
	libregexp/regsub.c
libregexp_libregexp_la_LIBADD = lib9/lib9.la
libregexp_libregexp_la_LDFLAGS = -version-info $(LIBREGEXP_LT_VERSION) -no-undefined
pkgconfig_DATA += libregexp/libregexp.pc
pkginclude_HEADERS += include/planten/regexp.h
dist_man_MANS += man/man3/regexp.3

if HAVE_CMOCKA
check_PROGRAMS += libregexp/test/regexp
TESTS += libregexp/test/regexp
libregexp_test_regexp_SOURCES = libregexp/test/regexp.c
libregexp_test_regexp_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
libregexp_test_regexp_LDADD = libregexp/libregexp.la lib9/lib9.la $(CMOCKA_LIBS)
endif

# the fuzz target: compile arbitrary expressions, match them against arbitrary strings
EXTRA_DIST += libregexp/fuzz/corpus
check_PROGRAMS += libregexp/fuzz/fuzz-regexp
libregexp_fuzz_fuzz_regexp_SOURCES = libregexp/fuzz/regexp.c
libregexp_fuzz_fuzz_regexp_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"regexp"' \
	-DFUZZCORPUS='"$(top_srcdir)/libregexp/fuzz/corpus"'
libregexp_fuzz_fuzz_regexp_LDADD = libregexp/libregexp.la lib9/lib9.la $(PTHREAD_LIBS)
if ENABLE_FUZZING
libregexp_fuzz_fuzz_regexp_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libregexp/fuzz/fuzz-regexp
libregexp_fuzz_fuzz_regexp_SOURCES += test/fuzz/fuzzmain.c
endif
