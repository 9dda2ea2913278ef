# rc/local.mk: the rc shell (9front's dialect), its rcmain and its parser fuzz target.
bin_PROGRAMS += bin/rc
RC_PARSE = rc/rc.h rc/lex.c rc/parse.c rc/tree.c
bin_rc_SOURCES = $(RC_PARSE) rc/glob.c rc/var.c rc/exec.c rc/builtin.c rc/main.c \
	rc/edit.c rc/edit.h rc/nsfork.c libns/nomnt.c
bin_rc_CPPFLAGS = $(AM_CPPFLAGS) -DRCMAIN='"$(pkgdatadir)/rcmain"' \
	-DRCMAINSRC='"$(abs_top_srcdir)/rc/rcmain"' -DRCBUILDBIN='"$(abs_top_builddir)/bin"'
bin_rc_LDFLAGS = $(AM_LDFLAGS) $(RC_LDFLAGS)
dist_pkgdata_DATA = rc/rcmain

# the parser fuzz target: libFuzzer with --enable-fuzzing, else a TAP test via fuzzmain.c
EXTRA_DIST += rc/fuzz/corpus
rc_fuzz_fuzz_parse_SOURCES = rc/fuzz/parse.c $(RC_PARSE)
check_PROGRAMS += rc/fuzz/fuzz-parse
if ENABLE_FUZZING
rc_fuzz_fuzz_parse_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
rc_fuzz_fuzz_parse_CPPFLAGS = $(AM_CPPFLAGS)
else
TESTS += rc/fuzz/fuzz-parse
rc_fuzz_fuzz_parse_SOURCES += test/fuzz/fuzzmain.c
rc_fuzz_fuzz_parse_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"rc-parse"' \
	-DFUZZCORPUS='"$(top_srcdir)/rc/fuzz/corpus"'
endif
