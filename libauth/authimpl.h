/*
 * authimpl.h: what libauth's files share privately. Functions shared between files but not
 * part of the interface carry the prefix _auth and AUTHHIDDEN, so the library does not
 * export them.
 */
#ifndef PLANTEN_AUTHIMPL_H
#define PLANTEN_AUTHIMPL_H

#include <planten/lib9.h>
#include <planten/authsrv.h>

#define AUTHHIDDEN __attribute__((visibility("hidden")))
#define nelem(a)	(sizeof(a)/sizeof((a)[0]))

/* copy a NUL-terminated field out (bytes after the NUL zeroed); -1 with errstr if too long */
AUTHHIDDEN int	_authputstr(uchar **pp, const char *s, int n, const char *what);
/* copy a field in, forcing its last byte to NUL */
AUTHHIDDEN void	_authgetstr(const uchar **pp, char *s, int n);
AUTHHIDDEN void	_authwipe(void *p, size_t n);

/*
 * Ed448 with Decaf points, on OpenSSL BIGNUM (ed448.c). A Curve holds the field's
 * constants and scratch; points are 4 field elements X, Y, Z, T in Montgomery form inside.
 */
typedef struct Curve Curve;
AUTHHIDDEN Curve*	_authcurvenew(void);
AUTHHIDDEN void	_authcurvefree(Curve*);
/* Elligator2 of the big-endian value r (reduced mod p) as 4x56 bytes of X, Y, Z, T */
AUTHHIDDEN int	_authelligator(Curve*, const uchar *r, int nr, uchar pt[PAKPLEN]);
/* decaf(x·G + P) into y */
AUTHHIDDEN int	_authpakpub(Curve*, const uchar x[PAKXLEN], const uchar P[PAKPLEN],
			uchar y[PAKYLEN]);
/* decaf(x·(decode(peer) − P)) into z; -1 with errstr if peer does not decode */
AUTHHIDDEN int	_authpakshared(Curve*, const uchar x[PAKXLEN], const uchar peer[PAKYLEN],
			const uchar P[PAKPLEN], uchar z[PAKYLEN]);
/* decode then encode (for tests and fuzzing): 0 and the re-encoding, or -1 */
AUTHHIDDEN int	_authdecafround(Curve*, const uchar s[PAKYLEN], uchar out[PAKYLEN]);
/* k·G encoded, k a small integer (for tests) */
AUTHHIDDEN int	_authdecafmulg(Curve*, const uchar *k, int nk, uchar out[PAKYLEN]);
/* affine x and y of a point given as X, Y, Z, T bytes (for tests) */
AUTHHIDDEN int	_authaffine(Curve*, const uchar pt[PAKPLEN], uchar x[PAKSLEN], uchar y[PAKSLEN]);

#endif
