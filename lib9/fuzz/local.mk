# lib9/fuzz/local.mk: lib9's fuzz targets (dial strings, fields, cleanname, UTF, %s and %q; dates).
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

# fuzz-date: zone files, TZ rules, tmparse and %τ; built from the date sources themselves,
# since their parsers are private to lib9.
EXTRA_DIST += lib9/fuzz/corpus-date
check_PROGRAMS += lib9/fuzz/fuzz-date
lib9_fuzz_fuzz_date_SOURCES = lib9/fuzz/date.c lib9/date.c lib9/dateparse.c lib9/tzone.c
lib9_fuzz_fuzz_date_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"date"' \
	-DFUZZCORPUS='"$(top_srcdir)/lib9/fuzz/corpus-date"'
lib9_fuzz_fuzz_date_LDADD = lib9/lib9.la $(PTHREAD_LIBS)
if ENABLE_FUZZING
lib9_fuzz_fuzz_date_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += lib9/fuzz/fuzz-date
lib9_fuzz_fuzz_date_SOURCES += test/fuzz/fuzzmain.c
endif
