# lib9/local.mk: lib9, the Plan 9 C library on Unix.
lib_LTLIBRARIES += lib9/lib9.la
lib9_lib9_la_SOURCES = \
	lib9/fmt/fmtdef.h \
	lib9/fmt/dofmt.c \
	lib9/fmt/print.c \
	lib9/fmt/fltfmt.c \
	lib9/fmt/quote.c \
	lib9/fmt/dirfmt.c \
	lib9/fmt/runefmt.c \
	lib9/errstr.c \
	lib9/utf.c \
	lib9/runetype.c \
	lib9/getfields.c \
	lib9/tokenize.c \
	lib9/cleanname.c \
	lib9/sys.c \
	lib9/netimpl.h lib9/lib9impl.h \
	lib9/netaddr.c \
	lib9/dial.c \
	lib9/announce.c \
	lib9/srvdir.c \
	lib9/bio/bioimpl.h \
	lib9/bio/binit.c \
	lib9/bio/bread.c \
	lib9/bio/bwrite.c \
	lib9/bio/bmisc.c \
	lib9/dirstat.c \
	lib9/sysfatal.c \
	lib9/exits.c \
	lib9/sysimpl.h \
	lib9/sysfile.c \
	lib9/dirread.c \
	lib9/dirwstat.c \
	lib9/proc.c \
	lib9/note.c \
	lib9/ns.c \
	lib9/env.c \
	lib9/mem.c \
	lib9/rand.c \
	lib9/math.c \
	lib9/runestr.c \
	lib9/dateimpl.h \
	lib9/date.c \
	lib9/dateparse.c \
	lib9/tzone.c
lib9_lib9_la_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
lib9_lib9_la_LIBADD = $(PTHREAD_LIBS) -lm
lib9_lib9_la_LDFLAGS = -version-info $(LIB9_LT_VERSION) -no-undefined
pkgconfig_DATA += lib9/lib9.pc lib9/planten-compat.pc
lib_LIBRARIES += lib9/libp9main.a
lib9_libp9main_a_SOURCES = lib9/p9main.c lib9/compat/regerror.c
lib9_libp9main_a_CFLAGS = $(AM_CFLAGS) -fPIC
lib9_libp9main_a_AR = $(AR) cr
pkginclude_HEADERS += include/planten/p9types.h include/planten/lib9.h

# Plan 9 compatibility headers, for programs that want Plan 9's names (see lib9(3)).
compatdir = $(pkgincludedir)/compat
compat_HEADERS = include/planten/compat/u.h include/planten/compat/libc.h \
	include/planten/compat/bio.h include/planten/compat/fcall.h \
	include/planten/compat/thread.h include/planten/compat/9p.h \
	include/planten/compat/regexp.h

dist_man_MANS += man/man3/lib9.3 man/man3/print.3 man/man3/errstr.3 man/man3/rune.3 \
	man/man3/getfields.3 man/man3/cleanname.3 man/man3/dial.3 man/man3/bio.3 \
	man/man3/arg.3 man/man3/dirstat.3 \
	man/man3/sysfatal.3 man/man3/proc.3 man/man3/notify.3 man/man3/open.3 man/man3/dirread.3 \
	man/man3/tmdate.3 man/man3/runestr.3

if HAVE_CMOCKA
LIB9_TESTS = lib9/test/fmt lib9/test/utf lib9/test/strings lib9/test/errstr \
	lib9/test/dial lib9/test/bio lib9/test/dirstat lib9/test/compat \
	lib9/test/proc lib9/test/sys lib9/test/date lib9/test/runestr
check_PROGRAMS += $(LIB9_TESTS)
TESTS += $(LIB9_TESTS)
LIB9_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PTHREAD_CFLAGS)
LIB9_TEST_LDADD = lib9/lib9.la $(CMOCKA_LIBS) $(PTHREAD_LIBS)
lib9_test_fmt_SOURCES = lib9/test/fmt.c
lib9_test_fmt_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_fmt_LDADD = $(LIB9_TEST_LDADD)
lib9_test_utf_SOURCES = lib9/test/utf.c
lib9_test_utf_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_utf_LDADD = $(LIB9_TEST_LDADD)
lib9_test_strings_SOURCES = lib9/test/strings.c
lib9_test_strings_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_strings_LDADD = $(LIB9_TEST_LDADD)
lib9_test_errstr_SOURCES = lib9/test/errstr.c
lib9_test_errstr_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_errstr_LDADD = $(LIB9_TEST_LDADD)
lib9_test_dial_SOURCES = lib9/test/dial.c
lib9_test_dial_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_dial_LDADD = $(LIB9_TEST_LDADD)
lib9_test_bio_SOURCES = lib9/test/bio.c lib9/test/runchild.h
lib9_test_bio_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_bio_LDADD = $(LIB9_TEST_LDADD)
lib9_test_dirstat_SOURCES = lib9/test/dirstat.c
lib9_test_dirstat_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_dirstat_LDADD = $(LIB9_TEST_LDADD)
lib9_test_sys_SOURCES = lib9/test/sys.c
lib9_test_sys_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_sys_LDADD = $(LIB9_TEST_LDADD)
lib9_test_date_SOURCES = lib9/test/date.c
lib9_test_date_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_date_LDADD = $(LIB9_TEST_LDADD)
lib9_test_runestr_SOURCES = lib9/test/runestr.c
lib9_test_runestr_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_runestr_LDADD = $(LIB9_TEST_LDADD) -lm
lib9_test_proc_SOURCES = lib9/test/proc.c lib9/test/runchild.h
lib9_test_proc_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_proc_LDADD = $(LIB9_TEST_LDADD)
lib9_test_compat_SOURCES = lib9/test/compat.c
lib9_test_compat_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/include/planten/compat
lib9_test_compat_CFLAGS = $(LIB9_TEST_CFLAGS)
lib9_test_compat_LDADD = lib9/libp9main.a libns/libns.la $(LIB9_TEST_LDADD)
endif
include $(srcdir)/lib9/fuzz/local.mk
