# lib9p/local.mk: lib9p, the 9P2000 library: codec (fcall/), server (server/), client (client/).
lib_LTLIBRARIES += lib9p/lib9p.la
lib9p_lib9p_la_SOURCES = lib9p/npimpl.h
lib9p_lib9p_la_CFLAGS = $(AM_CFLAGS) $(UV_CFLAGS) $(PTHREAD_CFLAGS)
lib9p_lib9p_la_LIBADD = lib9/lib9.la $(UV_LIBS) $(PTHREAD_LIBS)
lib9p_lib9p_la_LDFLAGS = -version-info $(LIB9P_LT_VERSION) -no-undefined
pkgconfig_DATA += lib9p/lib9p.pc

include $(srcdir)/lib9p/fcall/local.mk
include $(srcdir)/lib9p/server/local.mk
include $(srcdir)/lib9p/client/local.mk
include $(srcdir)/lib9p/fuzz/local.mk
include $(srcdir)/lib9p/compat/local.mk
