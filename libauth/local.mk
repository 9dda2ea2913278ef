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
