# lib9p/fcall/local.mk: the 9P2000 codec (freestanding core plus %F), its tests and fuzz target.
pkginclude_HEADERS += include/planten/fcall.h
lib9p_lib9p_la_SOURCES += \
	lib9p/fcall/bits.h \
	lib9p/fcall/convS2M.c \
	lib9p/fcall/convM2S.c \
	lib9p/fcall/convD2M.c \
	lib9p/fcall/convM2D.c \
	lib9p/fcall/fcallname.c \
	lib9p/fcall/fcallfmt.c

# the codec's core, also compiled straight into the fuzz target and the freestanding check
NPCODEC_CORE = \
	lib9p/fcall/bits.h \
	lib9p/fcall/convS2M.c \
	lib9p/fcall/convM2S.c \
	lib9p/fcall/convD2M.c \
	lib9p/fcall/convM2D.c \
	lib9p/fcall/fcallname.c

if HAVE_CMOCKA
check_PROGRAMS += lib9p/test/codec
TESTS += lib9p/test/codec
lib9p_test_codec_SOURCES = lib9p/test/codec.c
lib9p_test_codec_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
lib9p_test_codec_LDADD = lib9p/lib9p.la lib9/lib9.la $(CMOCKA_LIBS)
endif

# compiles the core with -ffreestanding -nostdlib and checks what it needs from outside
dist_check_SCRIPTS += lib9p/test/codecfree.sh
TESTS += lib9p/test/codecfree.sh

# Fuzzing: a libFuzzer binary with --enable-fuzzing, else a test driven by test/fuzz/fuzzmain.c.
EXTRA_DIST += lib9p/fuzz/corpus
check_PROGRAMS += lib9p/fuzz/mkcorpus
lib9p_fuzz_mkcorpus_SOURCES = lib9p/fuzz/mkcorpus.c $(NPCODEC_CORE)
check_PROGRAMS += lib9p/fuzz/fuzz-fcall
lib9p_fuzz_fuzz_fcall_SOURCES = lib9p/fuzz/fcall.c $(NPCODEC_CORE)
lib9p_fuzz_fuzz_fcall_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"fcall"' \
	-DFUZZCORPUS='"$(top_srcdir)/lib9p/fuzz/corpus"'
if ENABLE_FUZZING
lib9p_fuzz_fuzz_fcall_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += lib9p/fuzz/fuzz-fcall
lib9p_fuzz_fuzz_fcall_SOURCES += test/fuzz/fuzzmain.c
endif

# the committed seeds must be what mkcorpus writes today
dist_check_SCRIPTS += lib9p/fuzz/corpus.sh
TESTS += lib9p/fuzz/corpus.sh

dist_man_MANS += \
	man/man3/fcall.3 \
	man/man5/intro.5 \
	man/man5/attach.5 \
	man/man5/clunk.5 \
	man/man5/error.5 \
	man/man5/flush.5 \
	man/man5/open.5 \
	man/man5/read.5 \
	man/man5/remove.5 \
	man/man5/stat.5 \
	man/man5/version.5 \
	man/man5/walk.5
