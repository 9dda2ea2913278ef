# test/local.mk: the test suite's own parts (per-library unit tests live beside each library).
dist_noinst_SCRIPTS += test/run test/summary test/install.sh

# --- 9p conformance ---
# test/9p: the 9P conformance suite every file server passes, run here against ramfs.
check_PROGRAMS += test/9p/conform
test_9p_conform_SOURCES = test/9p/conform.c test/9p/conn.c test/9p/cases.c test/9p/cases2.c \
	test/9p/mal.c test/9p/conform.h
test_9p_conform_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
test_9p_conform_LDADD = lib9p/lib9p.la lib9/lib9.la $(PTHREAD_LIBS)
TESTS += test/9p/ramfs.sh
dist_check_SCRIPTS += test/9p/ramfs.sh
# --- end 9p conformance ---

# --- rc ---
# test/rc: rc's conformance suite (cases/*.t, run by run.sh) and the line editor test;
# the rc manual page; the rc benchmark (bench/rc.sh, run by hand, not by make check).
TESTS += test/rc/run.sh test/rc/edit.sh
dist_check_SCRIPTS += test/rc/run.sh test/rc/edit.sh
EXTRA_DIST += test/rc/README test/rc/cases bench/rc.sh
dist_man_MANS += man/man1/rc.1
check_PROGRAMS += test/rc/edittest
test_rc_edittest_SOURCES = test/rc/edittest.c rc/edit.c rc/edit.h
# --- end rc ---

# --- name spaces ---
# test/ns: 9 ns, bind, mount, unmount, ns, rfork and nsd, as an unprivileged user; fuse.sh
# what goes through FUSE (unions, 9P mounts, #c); withsrv joins a server and a client
TESTS += test/ns/run.sh test/ns/fuse.sh test/ns/hostile.sh
dist_check_SCRIPTS += test/ns/run.sh test/ns/fuse.sh test/ns/hostile.sh
TESTS += test/ns/rebuild.sh test/ns/nomnt.sh test/ns/pipe.sh
dist_check_SCRIPTS += test/ns/rebuild.sh test/ns/nomnt.sh test/ns/pipe.sh
EXTRA_DIST += test/ns/lib.sh test/ns/nsctl.py
check_PROGRAMS += test/ns/withsrv test/ns/nsfork
test_ns_withsrv_SOURCES = test/ns/withsrv.c
test_ns_nsfork_SOURCES = test/ns/nsfork.c
test_ns_nsfork_LDADD = libns/libns.la lib9/lib9.la
# --- end name spaces ---

# --- port ---
# test/port: Plan 9 programs written for the test, built with 9c and 9l and run (see 9c(1)).
TESTS += test/port/run.sh test/port/ns.sh
dist_check_SCRIPTS += test/port/run.sh test/port/ns.sh
EXTRA_DIST += test/port/wc9.c test/port/dirs.c test/port/dates.c test/port/procs.c \
	test/port/threads.c test/port/rx.c test/port/hellofs.c test/port/union.c \
	test/port/nsfork.c test/port/procns.c test/port/srvmount.c test/port/nsutil.h
# --- end port ---
