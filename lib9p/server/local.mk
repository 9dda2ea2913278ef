# lib9p/server/local.mk: the lib9p file server library (Srv, Req, Fid, trees) and its tests.
pkginclude_HEADERS += include/planten/9p.h
lib9p_lib9p_la_SOURCES += \
	lib9p/server/srvimpl.h \
	lib9p/server/srv.c \
	lib9p/server/buf.c \
	lib9p/server/respond.c \
	lib9p/server/fid.c \
	lib9p/server/req.c \
	lib9p/server/queue.c \
	lib9p/server/file.c \
	lib9p/server/tree.c \
	lib9p/server/util.c \
	lib9p/server/conn.c \
	lib9p/server/loop.c \
	lib9p/server/listen.c
dist_man_MANS += man/man3/9p.3

if HAVE_CMOCKA
check_PROGRAMS += lib9p/test/server
TESTS += lib9p/test/server
lib9p_test_server_SOURCES = lib9p/test/server.c lib9p/test/serverutil.c lib9p/test/serverutil.h
lib9p_test_server_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_test_server_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS) $(UV_LIBS) $(PTHREAD_LIBS)
check_PROGRAMS += lib9p/test/serverhard
TESTS += lib9p/test/serverhard
lib9p_test_serverhard_SOURCES = lib9p/test/serverhard.c lib9p/test/serverutil.c \
	lib9p/test/serverutil.h
lib9p_test_serverhard_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_test_serverhard_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS) $(UV_LIBS) $(PTHREAD_LIBS)
check_PROGRAMS += lib9p/test/servertree lib9p/test/serverapi
TESTS += lib9p/test/serverapi
lib9p_test_serverapi_SOURCES = lib9p/test/serverapi.c lib9p/test/serverutil.c \
	lib9p/test/serverutil.h
lib9p_test_serverapi_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_test_serverapi_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS) $(UV_LIBS) $(PTHREAD_LIBS)
TESTS += lib9p/test/servertree
lib9p_test_servertree_SOURCES = lib9p/test/servertree.c lib9p/test/serverutil.c \
	lib9p/test/serverutil.h
lib9p_test_servertree_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_test_servertree_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS) $(UV_LIBS) $(PTHREAD_LIBS)
endif

# A tiny 9P client for the shell tests of ramfs.
check_PROGRAMS += lib9p/test/serverclient
lib9p_test_serverclient_SOURCES = lib9p/test/serverclient.c lib9p/test/serverutil.c \
	lib9p/test/serverutil.h
lib9p_test_serverclient_LDADD = lib9p/lib9p.la lib9/lib9.la
