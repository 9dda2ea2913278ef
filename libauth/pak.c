/* pak.c: dp9ik's password-authenticated key exchange (authpakhash, authpaknew, authpakfinish). */
#include <string.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include "authimpl.h"

static int
sha256(const uchar *a, int na, const uchar *b, int nb, uchar out[32])
{
	EVP_MD_CTX *m;
	int ok;

	m = EVP_MD_CTX_new();
	ok = m != nil && EVP_DigestInit_ex(m, EVP_sha256(), nil) == 1
		&& EVP_DigestUpdate(m, a, na) == 1 && EVP_DigestUpdate(m, b, nb) == 1
		&& EVP_DigestFinal_ex(m, out, nil) == 1;
	EVP_MD_CTX_free(m);
	if(!ok){
		p9werrstr("sha256 failed");
		return -1;
	}
	return 0;
}

int
authpakhash(Authkey *key, const char *user)
{
	uchar salt[32], h[2*PAKSLEN];
	Curve *c;
	int r;

	if(sha256((const uchar*)user, strlen(user), nil, 0, salt) < 0)
		return -1;
	if(authhkdf(salt, sizeof salt, key->aes, AESKEYLEN, "Plan 9 AuthPAK hash", h,
	    sizeof h) < 0)
		return -1;
	c = _authcurvenew();
	r = -1;
	if(c != nil && _authelligator(c, h, PAKSLEN, key->pakhash) == 0
	&& _authelligator(c, h + PAKSLEN, PAKSLEN, key->pakhash + PAKPLEN) == 0)
		r = 0;
	_authcurvefree(c);
	_authwipe(h, sizeof h);
	return r;
}

int
authpaknewx(PAKpriv *p, const Authkey *key, const uchar x[PAKXLEN], uchar y[PAKYLEN],
	int isclient)
{
	Curve *c;
	int r;

	memset(p, 0, sizeof *p);
	c = _authcurvenew();
	if(c == nil)
		return -1;
	r = _authpakpub(c, x, key->pakhash + (isclient ? 0 : PAKPLEN), y);
	_authcurvefree(c);
	if(r < 0)
		return -1;
	p->isclient = isclient != 0;
	memmove(p->x, x, PAKXLEN);
	memmove(p->y, y, PAKYLEN);
	return 0;
}

int
authpaknew(PAKpriv *p, const Authkey *key, uchar y[PAKYLEN], int isclient)
{
	uchar x[PAKXLEN];
	int r;

	if(RAND_priv_bytes(x, sizeof x) != 1){
		p9werrstr("no random numbers");
		return -1;
	}
	r = authpaknewx(p, key, x, y, isclient);
	_authwipe(x, sizeof x);
	return r;
}

int
authpakfinish(PAKpriv *p, Authkey *key, const uchar peer[PAKYLEN])
{
	uchar z[PAKYLEN], salt[32];
	Curve *c;
	int r;

	r = -1;
	c = _authcurvenew();
	if(c == nil)
		goto out;
	if(_authpakshared(c, p->x, peer, key->pakhash + (p->isclient ? PAKPLEN : 0), z) < 0)
		goto out;
	if(p->isclient)
		r = sha256(p->y, PAKYLEN, peer, PAKYLEN, salt);
	else
		r = sha256(peer, PAKYLEN, p->y, PAKYLEN, salt);
	if(r == 0)
		r = authhkdf(salt, sizeof salt, z, PAKYLEN, "Plan 9 AuthPAK key", key->pakkey,
			PAKKEYLEN);
out:
	_authcurvefree(c);
	_authwipe(z, sizeof z);
	_authwipe(p, sizeof *p);
	return r;
}
