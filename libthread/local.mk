# libthread/local.mk: libthread, Plan 9 threads and channels; libthreadmain, its main().
lib_LTLIBRARIES += libthread/libthread.la libthread/libthreadmain.la
libthread_libthread_la_SOURCES = \
	libthread/threadimpl.h \
	libthread/context.c \
	libthread/proc.c \
	libthread/thread.c \
	libthread/channel.c \
	libthread/lock.c \
	libthread/ioproc.c \
	libthread/exec.c
libthread_libthread_la_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
libthread_libthread_la_LIBADD = lib9/lib9.la $(PTHREAD_LIBS)
libthread_libthread_la_LDFLAGS = -version-info $(LIBTHREAD_LT_VERSION) -no-undefined
libthread_libthreadmain_la_SOURCES = libthread/main.c
libthread_libthreadmain_la_LDFLAGS = -static
pkgconfig_DATA += libthread/libthread.pc libthread/thread-main.pc
pkginclude_HEADERS += include/planten/thread.h
dist_man_MANS += man/man3/thread.3

if HAVE_CMOCKA
LIBTHREAD_TESTS = libthread/test/chan libthread/test/classic libthread/test/lock \
	libthread/test/io libthread/test/ninep
check_PROGRAMS += $(LIBTHREAD_TESTS) libthread/test/tprog
TESTS += $(LIBTHREAD_TESTS) libthread/test/progs.sh
dist_check_SCRIPTS += libthread/test/progs.sh
LIBTHREAD_TEST_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(PTHREAD_CFLAGS)
LIBTHREAD_TEST_LDADD = libthread/libthread.la lib9/lib9.la $(CMOCKA_LIBS) $(PTHREAD_LIBS)
libthread_test_chan_SOURCES = libthread/test/chan.c libthread/test/tharness.h
libthread_test_chan_CFLAGS = $(LIBTHREAD_TEST_CFLAGS)
libthread_test_chan_LDADD = $(LIBTHREAD_TEST_LDADD)
libthread_test_classic_SOURCES = libthread/test/classic.c libthread/test/tharness.h
libthread_test_classic_CFLAGS = $(LIBTHREAD_TEST_CFLAGS)
libthread_test_classic_LDADD = $(LIBTHREAD_TEST_LDADD)
libthread_test_lock_SOURCES = libthread/test/lock.c libthread/test/tharness.h
libthread_test_lock_CFLAGS = $(LIBTHREAD_TEST_CFLAGS)
libthread_test_lock_LDADD = $(LIBTHREAD_TEST_LDADD)
libthread_test_io_SOURCES = libthread/test/io.c libthread/test/tharness.h
libthread_test_io_CFLAGS = $(LIBTHREAD_TEST_CFLAGS)
libthread_test_io_LDADD = $(LIBTHREAD_TEST_LDADD)
libthread_test_ninep_SOURCES = libthread/test/ninep.c libthread/test/tharness.h
libthread_test_ninep_CFLAGS = $(LIBTHREAD_TEST_CFLAGS)
libthread_test_ninep_LDADD = libthread/libthread.la lib9p/lib9p.la $(LIBTHREAD_TEST_LDADD)
libthread_test_tprog_SOURCES = libthread/test/tprog.c
libthread_test_tprog_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
libthread_test_tprog_LDADD = libthread/libthreadmain.la libthread/libthread.la lib9/lib9.la \
	$(PTHREAD_LIBS)
endif
