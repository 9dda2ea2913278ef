# bench/local.mk: benchmarks, built with everything (so breakage shows) and run by hand: bench/9p.sh, bench/rc.sh
noinst_PROGRAMS += bench/9pbench
bench_9pbench_SOURCES = bench/9pbench.c
bench_9pbench_LDADD = lib9p/lib9p.la lib9/lib9.la $(PTHREAD_LIBS)
dist_noinst_SCRIPTS += bench/9p.sh bench/rc.sh
noinst_PROGRAMS += bench/9pclientbench
bench_9pclientbench_SOURCES = bench/9pclientbench.c
bench_9pclientbench_CFLAGS = $(AM_CFLAGS) $(UV_CFLAGS)
bench_9pclientbench_LDADD = lib9p/lib9p.la lib9/lib9.la $(UV_LIBS) $(PTHREAD_LIBS)
dist_noinst_SCRIPTS += bench/9pclient.sh
# bench/thread.sh: libthread against POSIX threads (and plan9port's libthread, if built by hand)
noinst_PROGRAMS += bench/threadbench bench/pthreadbench
bench_threadbench_SOURCES = bench/threadbench.c
bench_threadbench_CPPFLAGS = $(AM_CPPFLAGS) -DPLANTEN
bench_threadbench_LDADD = libthread/libthread.la lib9/lib9.la $(PTHREAD_LIBS)
bench_pthreadbench_SOURCES = bench/pthreadbench.c
bench_pthreadbench_CFLAGS = $(AM_CFLAGS) $(PTHREAD_CFLAGS)
bench_pthreadbench_LDADD = $(PTHREAD_LIBS)
dist_noinst_SCRIPTS += bench/thread.sh
# bench/ns.sh: 9 ns start-up, exec through a union /bin, a 9P mount of ramfs against tmpfs
dist_noinst_SCRIPTS += bench/ns.sh
# bench/authpak.sh: libauth's dp9ik PAK against OpenSSL's X448 (openssl speed)
noinst_PROGRAMS += bench/authpakbench
bench_authpakbench_SOURCES = bench/authpakbench.c
bench_authpakbench_LDADD = libauth/libauth.la lib9/lib9.la
dist_noinst_SCRIPTS += bench/authpak.sh
