# libauth/local.mk: libauth, Plan 9 authentication: the 9front auth server's messages (tickets,
# authenticators, password requests; DES and form1), keys from passwords, and dp9ik's PAK.
lib_LTLIBRARIES += libauth/libauth.la
libauth_libauth_la_SOURCES = libauth/authimpl.h libauth/util.c libauth/ticketreq.c \
	libauth/form1.c libauth/convT.c libauth/des.c libauth/keys.c libauth/ed448.c libauth/pak.c
libauth_libauth_la_CFLAGS = $(AM_CFLAGS) $(CRYPTO_CFLAGS)
libauth_libauth_la_LIBADD = lib9/lib9.la $(CRYPTO_LIBS)
libauth_libauth_la_LDFLAGS = -version-info $(LIBAUTH_LT_VERSION) -no-undefined
pkgconfig_DATA += libauth/libauth.pc
pkginclude_HEADERS += include/planten/authsrv.h
dist_man_MANS += man/man3/authsrv.3

# the tests see the curve's internals: ed448.c is compiled into them
if HAVE_CMOCKA
LIBAUTH_TESTS = libauth/test/codec libauth/test/pak
check_PROGRAMS += $(LIBAUTH_TESTS)
TESTS += $(LIBAUTH_TESTS)
libauth_test_codec_SOURCES = libauth/test/codec.c libauth/test/hex.h
libauth_test_codec_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(CRYPTO_CFLAGS)
libauth_test_codec_LDADD = libauth/libauth.la lib9/lib9.la $(CMOCKA_LIBS)
libauth_test_pak_SOURCES = libauth/test/pak.c libauth/test/hex.h libauth/ed448.c
libauth_test_pak_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(CRYPTO_CFLAGS)
libauth_test_pak_LDADD = libauth/libauth.la lib9/lib9.la $(CMOCKA_LIBS) $(CRYPTO_LIBS)
endif

# Fuzzing: a libFuzzer binary with --enable-fuzzing, else a test driven by test/fuzz/fuzzmain.c.
# One target per parser of untrusted bytes; seeds in libauth/fuzz/corpus-NAME.
LIBAUTH_FUZZ = ticketreq ticket authenticator passwordreq form1 decaf
EXTRA_DIST += libauth/fuzz/fuzz.h $(LIBAUTH_FUZZ:%=libauth/fuzz/corpus-%)
check_PROGRAMS += libauth/fuzz/fuzz-ticketreq
libauth_fuzz_fuzz_ticketreq_SOURCES = libauth/fuzz/ticketreq.c
libauth_fuzz_fuzz_ticketreq_CPPFLAGS = $(AM_CPPFLAGS) $(CRYPTO_CFLAGS) -DFUZZNAME='"ticketreq"' \
	-DFUZZCORPUS='"$(top_srcdir)/libauth/fuzz/corpus-ticketreq"'
libauth_fuzz_fuzz_ticketreq_LDADD = libauth/libauth.la lib9/lib9.la
if ENABLE_FUZZING
libauth_fuzz_fuzz_ticketreq_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libauth/fuzz/fuzz-ticketreq
libauth_fuzz_fuzz_ticketreq_SOURCES += test/fuzz/fuzzmain.c
endif
check_PROGRAMS += libauth/fuzz/fuzz-ticket
libauth_fuzz_fuzz_ticket_SOURCES = libauth/fuzz/ticket.c
libauth_fuzz_fuzz_ticket_CPPFLAGS = $(AM_CPPFLAGS) $(CRYPTO_CFLAGS) -DFUZZNAME='"ticket"' \
	-DFUZZCORPUS='"$(top_srcdir)/libauth/fuzz/corpus-ticket"'
libauth_fuzz_fuzz_ticket_LDADD = libauth/libauth.la lib9/lib9.la
if ENABLE_FUZZING
libauth_fuzz_fuzz_ticket_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libauth/fuzz/fuzz-ticket
libauth_fuzz_fuzz_ticket_SOURCES += test/fuzz/fuzzmain.c
endif
check_PROGRAMS += libauth/fuzz/fuzz-authenticator
libauth_fuzz_fuzz_authenticator_SOURCES = libauth/fuzz/authenticator.c
libauth_fuzz_fuzz_authenticator_CPPFLAGS = $(AM_CPPFLAGS) $(CRYPTO_CFLAGS) -DFUZZNAME='"authenticator"' \
	-DFUZZCORPUS='"$(top_srcdir)/libauth/fuzz/corpus-authenticator"'
libauth_fuzz_fuzz_authenticator_LDADD = libauth/libauth.la lib9/lib9.la
if ENABLE_FUZZING
libauth_fuzz_fuzz_authenticator_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libauth/fuzz/fuzz-authenticator
libauth_fuzz_fuzz_authenticator_SOURCES += test/fuzz/fuzzmain.c
endif
check_PROGRAMS += libauth/fuzz/fuzz-passwordreq
libauth_fuzz_fuzz_passwordreq_SOURCES = libauth/fuzz/passwordreq.c
libauth_fuzz_fuzz_passwordreq_CPPFLAGS = $(AM_CPPFLAGS) $(CRYPTO_CFLAGS) -DFUZZNAME='"passwordreq"' \
	-DFUZZCORPUS='"$(top_srcdir)/libauth/fuzz/corpus-passwordreq"'
libauth_fuzz_fuzz_passwordreq_LDADD = libauth/libauth.la lib9/lib9.la
if ENABLE_FUZZING
libauth_fuzz_fuzz_passwordreq_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libauth/fuzz/fuzz-passwordreq
libauth_fuzz_fuzz_passwordreq_SOURCES += test/fuzz/fuzzmain.c
endif
check_PROGRAMS += libauth/fuzz/fuzz-form1
libauth_fuzz_fuzz_form1_SOURCES = libauth/fuzz/form1.c
libauth_fuzz_fuzz_form1_CPPFLAGS = $(AM_CPPFLAGS) $(CRYPTO_CFLAGS) -DFUZZNAME='"form1"' \
	-DFUZZCORPUS='"$(top_srcdir)/libauth/fuzz/corpus-form1"'
libauth_fuzz_fuzz_form1_LDADD = libauth/libauth.la lib9/lib9.la
if ENABLE_FUZZING
libauth_fuzz_fuzz_form1_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libauth/fuzz/fuzz-form1
libauth_fuzz_fuzz_form1_SOURCES += test/fuzz/fuzzmain.c
endif
check_PROGRAMS += libauth/fuzz/fuzz-decaf
libauth_fuzz_fuzz_decaf_SOURCES = libauth/fuzz/decaf.c libauth/ed448.c
libauth_fuzz_fuzz_decaf_CPPFLAGS = $(AM_CPPFLAGS) $(CRYPTO_CFLAGS) -DFUZZNAME='"decaf"' \
	-DFUZZCORPUS='"$(top_srcdir)/libauth/fuzz/corpus-decaf"'
libauth_fuzz_fuzz_decaf_LDADD = libauth/libauth.la lib9/lib9.la $(CRYPTO_LIBS)
if ENABLE_FUZZING
libauth_fuzz_fuzz_decaf_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
else
TESTS += libauth/fuzz/fuzz-decaf
libauth_fuzz_fuzz_decaf_SOURCES += test/fuzz/fuzzmain.c
endif
