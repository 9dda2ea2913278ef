# lib9p/fuzz/local.mk: fuzz targets of lib9p beyond the codec's: the whole server (fuzz-srv).
# Each is a libFuzzer binary with --enable-fuzzing, else a TAP test run by test/fuzz/fuzzmain.c.

# fuzz-srv: 9P streams served end to end by a File-tree server; seeds in corpus-srv
EXTRA_DIST += lib9p/fuzz/corpus-srv
check_PROGRAMS += lib9p/fuzz/fuzz-srv
lib9p_fuzz_fuzz_srv_SOURCES = lib9p/fuzz/srv.c
lib9p_fuzz_fuzz_srv_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"srv"' \
	-DFUZZCORPUS='"$(top_srcdir)/lib9p/fuzz/corpus-srv"'
lib9p_fuzz_fuzz_srv_CFLAGS = $(AM_CFLAGS) $(UV_CFLAGS)
lib9p_fuzz_fuzz_srv_LDADD = lib9p/lib9p.la lib9/lib9.la $(UV_LIBS) $(PTHREAD_LIBS)
if ENABLE_FUZZING
lib9p_fuzz_fuzz_srv_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += lib9p/fuzz/fuzz-srv
lib9p_fuzz_fuzz_srv_SOURCES += test/fuzz/fuzzmain.c
endif

# the seed sessions, and a check that the committed ones are what mksrvcorpus writes today
check_PROGRAMS += lib9p/fuzz/mksrvcorpus
lib9p_fuzz_mksrvcorpus_SOURCES = lib9p/fuzz/mksrvcorpus.c
lib9p_fuzz_mksrvcorpus_LDADD = lib9p/lib9p.la lib9/lib9.la
dist_check_SCRIPTS += lib9p/fuzz/corpus-srv.sh
TESTS += lib9p/fuzz/corpus-srv.sh
