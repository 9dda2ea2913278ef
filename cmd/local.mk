# cmd/local.mk: the commands: 9p, 9pcon, srv, listen1 (each with its man page in man/man1).
CMD_LDADD = lib9p/lib9p.la lib9/lib9.la $(PTHREAD_LIBS)
EXTRA_DIST += cmd/cmd.h

bin_PROGRAMS += bin/9p
bin_9p_SOURCES = cmd/9p.c cmd/cmd.h
bin_9p_LDADD = $(CMD_LDADD)
dist_man_MANS += man/man1/9p.1 man/man3/9pclient.3

dist_check_SCRIPTS += test/cmd.sh
TESTS += test/cmd.sh

bin_PROGRAMS += bin/9pcon bin/srv bin/listen1
bin_9pcon_SOURCES = cmd/9pcon.c cmd/cmd.h
bin_9pcon_LDADD = $(CMD_LDADD)
bin_srv_SOURCES = cmd/srv.c cmd/cmd.h
bin_srv_LDADD = $(CMD_LDADD)
bin_listen1_SOURCES = cmd/listen1.c cmd/cmd.h
bin_listen1_LDADD = $(CMD_LDADD)
dist_man_MANS += man/man1/9pcon.1 man/man1/srv.1 man/man1/listen1.1

# the name space commands: 9 (9 ns, 9 CMD), and bind, mount, unmount and ns, which are
# installed apart, in $(nscmddir), so that planten's mount does not hide the host's: 9 puts
# that directory first in $PATH. 9 ns reads the default namespace file (the source tree's
# when 9 runs from the build tree).
# In the build tree they are in nsbin/, beside bin/, for the same reason.
NS_LDADD = libns/libns.la lib9/lib9.la
nscmddir = $(pkglibexecdir)/bin
bin_PROGRAMS += bin/9
nscmd_PROGRAMS = nsbin/bind nsbin/mount nsbin/unmount nsbin/ns
bin_9_SOURCES = cmd/9.c cmd/cmd.h
bin_9_CPPFLAGS = $(AM_CPPFLAGS) -DNSFILE='"$(pkgdatadir)/namespace"' \
	-DNSFILESRC='"$(abs_top_srcdir)/libns/namespace"' -DNSBUILDBIN='"$(abs_top_builddir)/bin"' \
	-DNSBUILDCMD='"$(abs_top_builddir)/nsbin"' -DNSCMDDIR='"$(nscmddir)"'
bin_9_LDADD = $(NS_LDADD)
nsbin_bind_SOURCES = cmd/bind.c cmd/cmd.h
nsbin_bind_LDADD = $(NS_LDADD)
nsbin_mount_SOURCES = cmd/mount.c cmd/cmd.h
nsbin_mount_LDADD = $(NS_LDADD)
nsbin_unmount_SOURCES = cmd/unmount.c cmd/cmd.h
nsbin_unmount_LDADD = $(NS_LDADD)
nsbin_ns_SOURCES = cmd/ns.c cmd/cmd.h
nsbin_ns_LDADD = $(NS_LDADD)
dist_man_MANS += man/man1/9.1 man/man1/bind.1 man/man1/mount.1 man/man1/unmount.1 \
	man/man1/ns.1
bin_PROGRAMS += bin/chdev
bin_chdev_SOURCES = cmd/chdev.c cmd/cmd.h
bin_chdev_LDADD = $(NS_LDADD)
dist_man_MANS += man/man1/chdev.1

# 9c and 9l: build Plan 9 programs against the installed libraries (see 9c(1)).
bin_SCRIPTS += bin/9c bin/9l
EXTRA_DIST += cmd/9c.in cmd/9l.in
CLEANFILES += bin/9c bin/9l
dist_man_MANS += man/man1/9c.1
bin/9c bin/9l: bin/%: $(srcdir)/cmd/%.in Makefile
	$(AM_V_GEN)mkdir -p bin && sed -e 's|@includedir[@]|$(includedir)|g' \
		-e 's|@libdir[@]|$(libdir)|g' -e 's|@CC9[@]|$(CC9)|g' \
		-e 's|@P9CFLAGS[@]|$(P9CFLAGS)|g' -e 's|@SAN_CFLAGS[@]|$(SAN_CFLAGS)|g' \
		-e 's|@UV_LIBS[@]|$(UV_LIBS)|g' $(srcdir)/cmd/$*.in >$@.tmp && \
		chmod +x $@.tmp && mv $@.tmp $@
