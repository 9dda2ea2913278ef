# lib9/fuzz/local.mk: lib9's fuzz target (dial strings, fields, cleanname, UTF, %s and %q).
# A libFuzzer binary with --enable-fuzzing, else a TAP test run by test/fuzz/fuzzmain.c.
EXTRA_DIST += lib9/fuzz/corpus
check_PROGRAMS += lib9/fuzz/fuzz-dial
lib9_fuzz_fuzz_dial_SOURCES = lib9/fuzz/dial.c
lib9_fuzz_fuzz_dial_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"dial"' \
	-DFUZZCORPUS='"$(top_srcdir)/lib9/fuzz/corpus"'
lib9_fuzz_fuzz_dial_LDADD = lib9/lib9.la $(PTHREAD_LIBS)
if ENABLE_FUZZING
lib9_fuzz_fuzz_dial_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += lib9/fuzz/fuzz-dial
lib9_fuzz_fuzz_dial_SOURCES += test/fuzz/fuzzmain.c
endif
