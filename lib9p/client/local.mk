# lib9p/client/local.mk: the client part of lib9p (9pclient.h) and its tests.
lib9p_lib9p_la_SOURCES += \
	lib9p/client/fsimpl.h \
	lib9p/client/fsys.c \
	lib9p/client/rpc.c \
	lib9p/client/recv.c \
	lib9p/client/thread.c \
	lib9p/client/uv.c \
	lib9p/client/fid.c \
	lib9p/client/rw.c \
	lib9p/client/dir.c \
	lib9p/client/async.c
pkginclude_HEADERS += include/planten/9pclient.h

if HAVE_CMOCKA
check_PROGRAMS += lib9p/test/client
TESTS += lib9p/test/client
lib9p_test_client_SOURCES = lib9p/test/client.c
lib9p_test_client_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_test_client_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS) $(UV_LIBS) $(PTHREAD_LIBS)
endif

if HAVE_CMOCKA
check_PROGRAMS += lib9p/test/clientfake lib9p/test/clientuv
TESTS += lib9p/test/clientfake lib9p/test/clientuv
lib9p_test_clientfake_SOURCES = lib9p/test/clientfake.c lib9p/test/serverutil.c \
	lib9p/test/serverutil.h
lib9p_test_clientfake_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_test_clientfake_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS) $(UV_LIBS) $(PTHREAD_LIBS)
lib9p_test_clientuv_SOURCES = lib9p/test/clientuv.c
lib9p_test_clientuv_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_test_clientuv_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS) $(UV_LIBS) $(PTHREAD_LIBS)
endif

# fuzz-client: the client on a loop against a server the input plays (no seeds needed:
# the input is a list of actions)
check_PROGRAMS += lib9p/fuzz/fuzz-client
lib9p_fuzz_fuzz_client_SOURCES = lib9p/fuzz/client.c
lib9p_fuzz_fuzz_client_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"client"'
lib9p_fuzz_fuzz_client_CFLAGS = $(AM_CFLAGS) $(UV_CFLAGS)
lib9p_fuzz_fuzz_client_LDADD = lib9p/lib9p.la lib9/lib9.la $(UV_LIBS) $(PTHREAD_LIBS)
if ENABLE_FUZZING
lib9p_fuzz_fuzz_client_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += lib9p/fuzz/fuzz-client
lib9p_fuzz_fuzz_client_SOURCES += test/fuzz/fuzzmain.c
endif
