# srv/devfs/local.mk: devfs, Plan 9's console device files as a 9P server (devfs(4)); nsd
# serves the same server as #c.
bin_PROGRAMS += bin/devfs
bin_devfs_SOURCES = srv/devfs/devfs.c srv/devfs/dev.c srv/devfs/devfs.h
bin_devfs_LDADD = lib9p/lib9p.la lib9/lib9.la
dist_man_MANS += man/man4/devfs.4
dist_check_SCRIPTS += srv/devfs/test.sh
TESTS += srv/devfs/test.sh
