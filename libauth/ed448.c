/*
 * ed448.c: the curve under dp9ik's PAK: Ed448-Goldilocks (x² + y² = 1 + d·x²y², d = −39081,
 * over p = 2⁴⁴⁸ − 2²²⁴ − 1) with the base point whose y is 19, points in extended
 * coordinates (X, Y, Z, T), Decaf encoding and the Elligator2 map with the non-square 7.
 *
 * Field elements are OpenSSL BIGNUMs in Montgomery form, always reduced to [0, p). The
 * square-root conventions decide which point comes out and must stay exactly 9front's:
 * sqrt(a) is a^((p+1)/4), or 0 when a is no square; isqrt(a) is a^((p−3)/4), unchecked.
 * BIGNUM is not constant time; the scalar multiplication is a ladder of the same steps for
 * every bit, but its field arithmetic still leaks through timing (see authsrv(3), BUGS).
 *
 * Arithmetic errors (out of memory inside OpenSSL) set c->err and are reported once, at
 * the exported functions' end, so formulas read as formulas.
 */
#include <stdlib.h>
#include <string.h>
#include <openssl/bn.h>
#include "authimpl.h"

typedef struct Point Point;
struct Point {
	BIGNUM	*X, *Y, *Z, *T;
};

struct Curve {
	BN_CTX	*ctx;
	BN_MONT_CTX	*mont;
	int	err;
	/* ordinary integers */
	BIGNUM	*p, *halfp, *esqrt, *eisqrt, *einv, *zero;
	/* Montgomery form */
	BIGNUM	*one, *two, *d, *amd, *a2d, *n;
	Point	G;
};

static const char phex[] =
	"fffffffffffffffffffffffffffffffffffffffffffffffffffffffe"
	"ffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
static const char gxhex[] =
	"297ea0ea2692ff1b4faff46098453a6a26adf733245f065c3c59d0709cecfa96"
	"147eaaf3932d94c63d96c170033f4ba0c7f0de840aed939f";

static void
chk(Curve *c, int ok)
{
	if(!ok)
		c->err = 1;
}

static void
fmul(Curve *c, BIGNUM *r, const BIGNUM *a, const BIGNUM *b)
{
	chk(c, BN_mod_mul_montgomery(r, a, b, c->mont, c->ctx));
}

static void
fsqr(Curve *c, BIGNUM *r, const BIGNUM *a)
{
	fmul(c, r, a, a);
}

static void
fadd(Curve *c, BIGNUM *r, const BIGNUM *a, const BIGNUM *b)
{
	chk(c, BN_mod_add_quick(r, a, b, c->p));
}

static void
fsub(Curve *c, BIGNUM *r, const BIGNUM *a, const BIGNUM *b)
{
	chk(c, BN_mod_sub_quick(r, a, b, c->p));
}

static void
fneg(Curve *c, BIGNUM *r, const BIGNUM *a)
{
	fsub(c, r, c->zero, a);
}

static void
fcopy(Curve *c, BIGNUM *r, const BIGNUM *a)
{
	chk(c, BN_copy(r, a) != nil);
}

/* r = a^e for an ordinary exponent e */
static void
fpow(Curve *c, BIGNUM *r, const BIGNUM *a, const BIGNUM *e)
{
	chk(c, BN_from_montgomery(r, a, c->mont, c->ctx));
	chk(c, BN_mod_exp_mont(r, r, e, c->p, c->ctx, c->mont));
	chk(c, BN_to_montgomery(r, r, c->mont, c->ctx));
}

static void
finv(Curve *c, BIGNUM *r, const BIGNUM *a)
{
	fpow(c, r, a, c->einv);
}

/* r = a^((p+1)/4) if that squares to a, else 0; tmp is scratch */
static void
fsqrt(Curve *c, BIGNUM *r, const BIGNUM *a, BIGNUM *tmp)
{
	fpow(c, r, a, c->esqrt);
	fsqr(c, tmp, r);
	if(BN_cmp(tmp, a) != 0)
		BN_zero(r);
}

static void
fisqrt(Curve *c, BIGNUM *r, const BIGNUM *a)
{
	fpow(c, r, a, c->eisqrt);
}

/* whether a, as an integer in [0, p), exceeds (p−1)/2; tmp is scratch */
static int
fbig(Curve *c, const BIGNUM *a, BIGNUM *tmp)
{
	chk(c, BN_from_montgomery(tmp, a, c->mont, c->ctx));
	return BN_cmp(tmp, c->halfp) > 0;
}

/* r = v from big-endian bytes, reduced mod p */
static void
fin(Curve *c, BIGNUM *r, const uchar *b, int n)
{
	chk(c, BN_bin2bn(b, n, r) != nil);
	chk(c, BN_nnmod(r, r, c->p, c->ctx));
	chk(c, BN_to_montgomery(r, r, c->mont, c->ctx));
}

/* 56 big-endian bytes of a; tmp is scratch */
static void
fout(Curve *c, uchar *b, const BIGNUM *a, BIGNUM *tmp)
{
	chk(c, BN_from_montgomery(tmp, a, c->mont, c->ctx));
	chk(c, BN_bn2binpad(tmp, b, PAKSLEN) == PAKSLEN);
}

static int
pointnew(Point *P)
{
	P->X = BN_new();
	P->Y = BN_new();
	P->Z = BN_new();
	P->T = BN_new();
	return P->X && P->Y && P->Z && P->T;
}

static void
pointfree(Point *P)
{
	BN_clear_free(P->X);
	BN_clear_free(P->Y);
	BN_clear_free(P->Z);
	BN_clear_free(P->T);
	memset(P, 0, sizeof *P);
}

static void
pointcopy(Curve *c, Point *R, const Point *P)
{
	fcopy(c, R->X, P->X);
	fcopy(c, R->Y, P->Y);
	fcopy(c, R->Z, P->Z);
	fcopy(c, R->T, P->T);
}

static void
pointzero(Curve *c, Point *R)
{
	BN_zero(R->X);
	fcopy(c, R->Y, c->one);
	fcopy(c, R->Z, c->one);
	BN_zero(R->T);
}

static void
pointin(Curve *c, Point *R, const uchar pt[PAKPLEN])
{
	fin(c, R->X, pt, PAKSLEN);
	fin(c, R->Y, pt + PAKSLEN, PAKSLEN);
	fin(c, R->Z, pt + 2*PAKSLEN, PAKSLEN);
	fin(c, R->T, pt + 3*PAKSLEN, PAKSLEN);
}

static void
pointout(Curve *c, uchar pt[PAKPLEN], const Point *P, BIGNUM *tmp)
{
	fout(c, pt, P->X, tmp);
	fout(c, pt + PAKSLEN, P->Y, tmp);
	fout(c, pt + 2*PAKSLEN, P->Z, tmp);
	fout(c, pt + 3*PAKSLEN, P->T, tmp);
}

/* BN_CTX_get n values into v; 0 (and c->err) if OpenSSL ran out of memory */
static int
scratch(Curve *c, BIGNUM **v, int n)
{
	int i;

	for(i = 0; i < n; i++)
		v[i] = BN_CTX_get(c->ctx);
	if(v[n-1] == nil){
		c->err = 1;
		return 0;
	}
	return 1;
}

/* R = P + Q, the unified formulas for a = 1 (complete, as d is no square); R may be P or Q */
static void
pointadd(Curve *c, Point *R, const Point *P, const Point *Q)
{
	BIGNUM *v[9], *A, *B, *C, *D, *E, *F, *G, *H, *t;

	BN_CTX_start(c->ctx);
	if(!scratch(c, v, nelem(v))){
		BN_CTX_end(c->ctx);
		return;
	}
	A = v[0]; B = v[1]; C = v[2]; D = v[3]; E = v[4]; F = v[5]; G = v[6]; H = v[7]; t = v[8];
	fmul(c, A, P->X, Q->X);
	fmul(c, B, P->Y, Q->Y);
	fmul(c, C, P->T, Q->T);
	fmul(c, C, C, c->d);
	fmul(c, D, P->Z, Q->Z);
	fadd(c, E, P->X, P->Y);
	fadd(c, t, Q->X, Q->Y);
	fmul(c, E, E, t);
	fsub(c, E, E, A);
	fsub(c, E, E, B);
	fsub(c, F, D, C);
	fadd(c, G, D, C);
	fsub(c, H, B, A);
	fmul(c, R->X, E, F);
	fmul(c, R->Y, G, H);
	fmul(c, R->Z, F, G);
	fmul(c, R->T, E, H);
	BN_CTX_end(c->ctx);
}

/* R = 2P, 4 squarings and 4 multiplications (Hisil et al. 2008, a = 1); R may be P */
static void
pointdouble(Curve *c, Point *R, const Point *P)
{
	BIGNUM *v[6], *A, *B, *C, *E, *F, *G;

	BN_CTX_start(c->ctx);
	if(!scratch(c, v, nelem(v))){
		BN_CTX_end(c->ctx);
		return;
	}
	A = v[0]; B = v[1]; C = v[2]; E = v[3]; F = v[4]; G = v[5];
	fsqr(c, A, P->X);
	fsqr(c, B, P->Y);
	fsqr(c, C, P->Z);
	fadd(c, C, C, C);
	fadd(c, E, P->X, P->Y);
	fsqr(c, E, E);
	fsub(c, E, E, A);
	fsub(c, E, E, B);
	fadd(c, G, A, B);
	fsub(c, F, G, C);
	fsub(c, B, A, B);	/* H */
	fmul(c, R->X, E, F);
	fmul(c, R->Y, G, B);
	fmul(c, R->T, E, B);
	fmul(c, R->Z, F, G);
	BN_CTX_end(c->ctx);
}

static void
pointneg(Curve *c, Point *R, const Point *P)
{
	pointcopy(c, R, P);
	fneg(c, R->X, R->X);
	fneg(c, R->T, R->T);
}

/* R = k·P, k big-endian; a Montgomery ladder: the same addition and doubling for every bit */
static void
pointmul(Curve *c, Point *R, const uchar *k, int nk, const Point *P)
{
	Point R0 = {0}, R1 = {0}, t;
	int i, b;

	if(!pointnew(&R0) || !pointnew(&R1)){
		c->err = 1;
		goto out;
	}
	pointzero(c, &R0);
	pointcopy(c, &R1, P);
	for(i = 8*nk - 1; i >= 0; i--){
		b = k[nk-1 - i/8] >> (i%8) & 1;
		if(b){
			t = R0; R0 = R1; R1 = t;
		}
		pointadd(c, &R1, &R0, &R1);
		pointdouble(c, &R0, &R0);
		if(b){
			t = R0; R0 = R1; R1 = t;
		}
	}
	pointcopy(c, R, &R0);
out:
	pointfree(&R0);
	pointfree(&R1);
}

/* if v > (p−1)/2, r = −r */
static void
negifbig(Curve *c, BIGNUM *r, const BIGNUM *v, BIGNUM *tmp)
{
	if(fbig(c, v, tmp))
		fneg(c, r, r);
}

static void
decafencode(Curve *c, uchar s[PAKYLEN], const Point *P)
{
	BIGNUM *v[4], *r, *u, *t, *w;

	BN_CTX_start(c->ctx);
	if(!scratch(c, v, nelem(v))){
		BN_CTX_end(c->ctx);
		return;
	}
	r = v[0]; u = v[1]; t = v[2]; w = v[3];
	fadd(c, t, P->Z, P->Y);
	fsub(c, u, P->Z, P->Y);
	fmul(c, t, t, u);
	fmul(c, t, t, c->amd);
	fisqrt(c, r, t);
	fmul(c, u, c->amd, r);
	fmul(c, t, u, P->Z);
	fadd(c, t, t, t);
	fneg(c, t, t);
	negifbig(c, r, t, w);
	fmul(c, t, P->Z, P->X);
	fmul(c, w, P->Y, P->T);
	fmul(c, w, w, c->d);
	fsub(c, t, t, w);
	fmul(c, t, t, r);
	fadd(c, t, t, P->Y);
	fmul(c, t, t, u);
	negifbig(c, t, t, w);
	fout(c, s, t, w);
	BN_CTX_end(c->ctx);
}

/* 1 and the point, 0 if s is no canonical Decaf encoding */
static int
decafdecode(Curve *c, Point *P, const uchar s[PAKYLEN])
{
	BIGNUM *v[6], *S, *ss, *u, *w, *t, *x;
	int ok;

	ok = 0;
	BN_CTX_start(c->ctx);
	if(!scratch(c, v, nelem(v)))
		goto out;
	S = v[0]; ss = v[1]; u = v[2]; w = v[3]; t = v[4]; x = v[5];
	chk(c, BN_bin2bn(s, PAKYLEN, x) != nil);
	if(c->err || BN_cmp(x, c->halfp) > 0)
		goto out;
	chk(c, BN_to_montgomery(S, x, c->mont, c->ctx));
	fsqr(c, ss, S);
	fadd(c, P->Z, c->one, ss);
	fsqr(c, u, P->Z);
	fmul(c, t, c->d, ss);
	fadd(c, t, t, t);
	fadd(c, t, t, t);
	fsub(c, u, u, t);
	fmul(c, t, u, ss);
	if(!BN_is_zero(t)){
		fsqrt(c, w, t, x);
		if(BN_is_zero(w))
			goto out;
		finv(c, t, w);
	}
	fmul(c, w, u, t);
	negifbig(c, t, w, x);
	fsub(c, w, c->two, P->Z);
	fmul(c, w, w, S);
	fmul(c, w, w, t);
	if(BN_is_zero(S))
		fadd(c, w, w, c->one);
	fadd(c, P->X, S, S);
	fmul(c, P->Y, w, P->Z);
	fmul(c, P->T, w, P->X);
	ok = !c->err;
out:
	BN_CTX_end(c->ctx);
	return ok;
}

static void
elligator(Curve *c, Point *P, const BIGNUM *r0)
{
	BIGNUM *v[9], *r, *D, *N, *ND, *e, *s, *t, *a, *b;
	int neg;

	BN_CTX_start(c->ctx);
	if(!scratch(c, v, nelem(v))){
		BN_CTX_end(c->ctx);
		return;
	}
	r = v[0]; D = v[1]; N = v[2]; ND = v[3]; e = v[4]; s = v[5]; t = v[6]; a = v[7];
	b = v[8];
	/* r = n·r0², D = (d·r + a − d)(d·r − a·r − d), N = (r + 1)(a − 2d) */
	fsqr(c, r, r0);
	fmul(c, r, r, c->n);
	fmul(c, a, c->d, r);
	fadd(c, D, a, c->amd);
	fsub(c, a, a, r);
	fsub(c, a, a, c->d);
	fmul(c, D, D, a);
	fadd(c, N, r, c->one);
	fmul(c, N, N, c->a2d);
	fmul(c, ND, N, D);
	neg = 0;
	if(BN_is_zero(ND))
		BN_zero(e);
	else{
		fsqrt(c, a, ND, b);
		if(!BN_is_zero(a))
			finv(c, e, a);
		else{
			neg = 1;
			fmul(c, a, c->n, ND);
			fisqrt(c, e, a);
			fmul(c, e, e, r0);
			fmul(c, e, e, c->n);
		}
	}
	/* s = c·N·e, t = −c·N·(r − 1)·((a − 2d)·e)² − 1 */
	fmul(c, s, N, e);
	if(neg)
		fneg(c, s, s);
	fmul(c, a, c->a2d, e);
	fsqr(c, a, a);
	fsub(c, b, r, c->one);
	fmul(c, t, N, b);
	fmul(c, t, t, a);
	if(!neg)
		fneg(c, t, t);
	fsub(c, t, t, c->one);
	/* X = 2st, Y = (1 − s²)(1 + s²), Z = (1 + s²)·t, T = 2s(1 − s²) */
	fsqr(c, a, s);
	fsub(c, b, c->one, a);
	fadd(c, a, c->one, a);
	fmul(c, P->X, s, t);
	fadd(c, P->X, P->X, P->X);
	fmul(c, P->Y, b, a);
	fmul(c, P->Z, a, t);
	fmul(c, P->T, s, b);
	fadd(c, P->T, P->T, P->T);
	BN_CTX_end(c->ctx);
}

static int
done(Curve *c)
{
	if(c->err){
		c->err = 0;
		p9werrstr("curve arithmetic failed (out of memory)");
		return -1;
	}
	return 0;
}

static BIGNUM*
mont(Curve *c, BIGNUM *a)
{
	if(a != nil && !BN_to_montgomery(a, a, c->mont, c->ctx)){
		BN_free(a);
		return nil;
	}
	return a;
}

static BIGNUM*
small(Curve *c, long v)
{
	BIGNUM *a;

	a = BN_new();
	if(a == nil || !BN_set_word(a, v < 0 ? -v : v) || (v < 0 && !BN_sub(a, c->p, a))){
		BN_free(a);
		return nil;
	}
	return mont(c, a);
}

/* (p + k) / 4 or (p − 1)/2 style exponents: (p + add) >> shift */
static BIGNUM*
pexp(Curve *c, long add, int shift)
{
	BIGNUM *a;

	a = BN_dup(c->p);
	if(a == nil || !(add >= 0 ? BN_add_word(a, add) : BN_sub_word(a, -add))
	|| !BN_rshift(a, a, shift)){
		BN_free(a);
		return nil;
	}
	return a;
}

Curve*
_authcurvenew(void)
{
	Curve *c;
	BIGNUM *gx;

	c = calloc(1, sizeof *c);
	if(c == nil){
		p9werrstr("out of memory");
		return nil;
	}
	c->ctx = BN_CTX_new();
	c->mont = BN_MONT_CTX_new();
	if(c->ctx == nil || c->mont == nil || !BN_hex2bn(&c->p, phex)
	|| !BN_MONT_CTX_set(c->mont, c->p, c->ctx))
		goto fail;
	c->zero = BN_new();
	c->halfp = pexp(c, -1, 1);
	c->esqrt = pexp(c, 1, 2);
	c->eisqrt = pexp(c, -3, 2);
	c->einv = pexp(c, -2, 0);
	c->one = small(c, 1);
	c->two = small(c, 2);
	c->d = small(c, -39081);
	c->amd = small(c, 1 + 39081);
	c->a2d = small(c, 1 + 2*39081);
	c->n = small(c, 7);
	if(c->zero == nil || c->halfp == nil || c->esqrt == nil || c->eisqrt == nil
	|| c->einv == nil || c->one == nil || c->two == nil || c->d == nil || c->amd == nil
	|| c->a2d == nil || c->n == nil || !pointnew(&c->G))
		goto fail;
	BN_zero(c->zero);
	gx = nil;
	if(!BN_hex2bn(&gx, gxhex))
		goto fail;
	c->G.X = mont(c, BN_copy(c->G.X, gx));
	BN_free(gx);
	if(c->G.X == nil || !BN_set_word(c->G.Y, 19))
		goto fail;
	chk(c, BN_to_montgomery(c->G.Y, c->G.Y, c->mont, c->ctx));
	fcopy(c, c->G.Z, c->one);
	fmul(c, c->G.T, c->G.X, c->G.Y);
	if(c->err)
		goto fail;
	return c;
fail:
	_authcurvefree(c);
	p9werrstr("curve setup failed (out of memory)");
	return nil;
}

void
_authcurvefree(Curve *c)
{
	if(c == nil)
		return;
	BN_free(c->p);
	BN_free(c->halfp);
	BN_free(c->esqrt);
	BN_free(c->eisqrt);
	BN_free(c->einv);
	BN_free(c->zero);
	BN_free(c->one);
	BN_free(c->two);
	BN_free(c->d);
	BN_free(c->amd);
	BN_free(c->a2d);
	BN_free(c->n);
	pointfree(&c->G);
	BN_MONT_CTX_free(c->mont);
	BN_CTX_free(c->ctx);
	free(c);
}

int
_authelligator(Curve *c, const uchar *r, int nr, uchar pt[PAKPLEN])
{
	Point P = {0};
	BIGNUM *r0;

	r0 = BN_new();
	if(r0 == nil || !pointnew(&P))
		c->err = 1;
	else{
		fin(c, r0, r, nr);
		elligator(c, &P, r0);
		pointout(c, pt, &P, r0);
	}
	BN_clear_free(r0);
	pointfree(&P);
	return done(c);
}

int
_authpakpub(Curve *c, const uchar x[PAKXLEN], const uchar Pb[PAKPLEN], uchar y[PAKYLEN])
{
	Point P = {0}, Q = {0};

	if(!pointnew(&P) || !pointnew(&Q))
		c->err = 1;
	else{
		pointin(c, &P, Pb);
		pointmul(c, &Q, x, PAKXLEN, &c->G);
		pointadd(c, &Q, &Q, &P);
		decafencode(c, y, &Q);
	}
	pointfree(&P);
	pointfree(&Q);
	return done(c);
}

int
_authpakshared(Curve *c, const uchar x[PAKXLEN], const uchar peer[PAKYLEN],
	const uchar Pb[PAKPLEN], uchar z[PAKYLEN])
{
	Point P = {0}, Q = {0};
	int bad;

	bad = 0;
	if(!pointnew(&P) || !pointnew(&Q))
		c->err = 1;
	else if(!decafdecode(c, &Q, peer))
		bad = !c->err;
	else{
		pointin(c, &P, Pb);
		pointneg(c, &P, &P);
		pointadd(c, &Q, &Q, &P);
		pointmul(c, &Q, x, PAKXLEN, &Q);
		decafencode(c, z, &Q);
	}
	pointfree(&P);
	pointfree(&Q);
	if(bad){
		p9werrstr("PAK value is not a curve point");
		return -1;
	}
	return done(c);
}

int
_authdecafround(Curve *c, const uchar s[PAKYLEN], uchar out[PAKYLEN])
{
	Point P = {0};
	int bad;

	bad = 0;
	if(!pointnew(&P))
		c->err = 1;
	else if(!decafdecode(c, &P, s))
		bad = !c->err;
	else
		decafencode(c, out, &P);
	pointfree(&P);
	if(bad){
		p9werrstr("not a Decaf encoding");
		return -1;
	}
	return done(c);
}

int
_authdecafmulg(Curve *c, const uchar *k, int nk, uchar out[PAKYLEN])
{
	Point P = {0};

	if(!pointnew(&P))
		c->err = 1;
	else{
		pointmul(c, &P, k, nk, &c->G);
		decafencode(c, out, &P);
	}
	pointfree(&P);
	return done(c);
}

int
_authaffine(Curve *c, const uchar pt[PAKPLEN], uchar x[PAKSLEN], uchar y[PAKSLEN])
{
	Point P = {0};
	BIGNUM *zi;

	zi = BN_new();
	if(zi == nil || !pointnew(&P))
		c->err = 1;
	else{
		pointin(c, &P, pt);
		finv(c, zi, P.Z);
		fmul(c, P.X, P.X, zi);
		fmul(c, P.Y, P.Y, zi);
		fout(c, x, P.X, zi);
		fout(c, y, P.Y, zi);
	}
	BN_free(zi);
	pointfree(&P);
	return done(c);
}
