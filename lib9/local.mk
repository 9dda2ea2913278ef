# lib9/local.mk: lib9, the Plan 9 C library on Unix.
lib_LTLIBRARIES += lib9/lib9.la
lib9_lib9_la_SOURCES =
lib9_lib9_la_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
lib9_lib9_la_LIBADD = $(PTHREAD_LIBS)
lib9_lib9_la_LDFLAGS = -version-info $(LIB9_LT_VERSION) -no-undefined
pkgconfig_DATA += lib9/lib9.pc
pkginclude_HEADERS += include/planten/p9types.h include/planten/lib9.h
