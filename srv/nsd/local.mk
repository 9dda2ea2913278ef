# srv/nsd/local.mk: nsd, the namespace daemon behind 9 ns (nsd(4)), serving 9P mounts and
# unions through lib9pfuse, and #c (devfs's server, with caller.c's files).
bin_PROGRAMS += bin/nsd
bin_nsd_SOURCES = srv/nsd/nsd.h srv/nsd/nsd.c srv/nsd/req.c srv/nsd/group.c srv/nsd/inst.c \
	srv/nsd/bridge.c srv/nsd/caller.c srv/nsd/resolve.c srv/devfs/dev.c srv/devfs/devfs.h \
	srv/nsd/pipe.c
bin_nsd_CFLAGS = $(AM_CFLAGS) $(UV_CFLAGS) $(FUSE_CFLAGS)
bin_nsd_LDADD = libns/libns.la fuse/lib9pfuse.la lib9p/lib9p.la lib9/lib9.la $(FUSE_LIBS) \
	$(UV_LIBS)
dist_man_MANS += man/man4/nsd.4 man/man4/pipe.4
