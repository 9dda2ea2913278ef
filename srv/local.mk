# srv/local.mk: the file server daemons: ramfs.
bin_PROGRAMS += bin/ramfs
bin_ramfs_SOURCES = srv/ramfs/ramfs.c
bin_ramfs_LDADD = lib9p/lib9p.la lib9/lib9.la
dist_man_MANS += man/man4/ramfs.4
dist_check_SCRIPTS += srv/ramfs/test.sh
TESTS += srv/ramfs/test.sh
include $(srcdir)/srv/devfs/local.mk
include $(srcdir)/srv/nsd/local.mk
