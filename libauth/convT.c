/* convT.c: tickets, authenticators and password requests, in the DES form and in form1. */
#include <string.h>
#include "authimpl.h"

enum {
	Tplain = 1 + CHALLEN + 2*ANAMELEN + NONCELEN,	/* a form1 ticket's plaintext */
	Aplain = 1 + CHALLEN + NONCELEN,
	PRplain = DESPASSREQLEN,
};

/* seal the plaintext in buf[0..n) into out in form (key 7 or 32 bytes) */
static int
seal(int form, uchar *plain, int n, uchar *out, int nout, const uchar *key, u32int ctr)
{
	int r;

	if(form != 0 && form != 1){
		p9werrstr("unknown ticket form %d", form);
		r = -1;
	}else if(form == 1)
		r = authform1seal(plain, n, out, nout, key, ctr);
	else if(nout < n){
		p9werrstr("buffer too small");
		r = -1;
	}else{
		memmove(out, plain, n);
		r = authdesencrypt(key, out, n) < 0 ? -1 : n;
	}
	_authwipe(plain, n);
	return r;
}

/*
 * open the message in buf into plain: form1 (m bytes of plaintext) or DES (desm bytes). want
 * is the form of the ticket whose key seals it, and decides, as 9front's authenticators and
 * password requests do; -1 (a ticket, sealed with a key for both) lets the tag decide. A DES
 * message may start with bytes that read as a form1 tag. Returns the wire length or -1.
 */
static int
unseal(const uchar *buf, int n, uchar *plain, int m, int desm, const uchar *key, int want,
	int *form, const char *what)
{
	int f;

	if(want > 1){
		p9werrstr("unknown ticket form %d", want);
		return -1;
	}
	f = want >= 0 ? want : authform(buf, n);
	if(f == 1){
		if(n < m + FORM1OVERHEAD){
			p9werrstr("short %s", what);
			return -1;
		}
		if(authform1open(buf, m + FORM1OVERHEAD, plain, m, key) < 0){
			p9werrstr("%s: %r", what);
			return -1;
		}
		*form = 1;
		return m + FORM1OVERHEAD;
	}
	if(n < desm){
		p9werrstr("short %s", what);
		return -1;
	}
	memmove(plain, buf, desm);
	authdesdecrypt(key, plain, desm);
	*form = 0;
	return desm;
}

static int
keylen(int form)
{
	return form == 1 ? NONCELEN : DESKEYLEN;
}

int
authT2M(const Ticket *t, uchar *buf, int nbuf, const Authkey *key, u32int ctr)
{
	uchar plain[Tplain], *p;

	p = plain;
	*p++ = t->num;
	memmove(p, t->chal, CHALLEN);
	p += CHALLEN;
	if(_authputstr(&p, t->cuid, ANAMELEN, "cuid") < 0
	|| _authputstr(&p, t->suid, ANAMELEN, "suid") < 0){
		_authwipe(plain, sizeof plain);
		return -1;
	}
	memmove(p, t->key, keylen(t->form));
	p += keylen(t->form);	/* an unknown form fails in seal */
	return seal(t->form, plain, p - plain, buf, nbuf, t->form ? key->pakkey : key->des, ctr);
}

int
authM2T(const uchar *buf, int n, Ticket *t, const Authkey *key)
{
	uchar plain[Tplain];
	const uchar *p;
	int m, form;

	memset(t, 0, sizeof *t);
	m = unseal(buf, n, plain, Tplain, DESTICKETLEN, authform(buf, n) == 1 ? key->pakkey :
		key->des, -1, &form, "ticket");
	if(m < 0)
		return -1;
	p = plain;
	t->num = *p++;
	memmove(t->chal, p, CHALLEN);
	p += CHALLEN;
	_authgetstr(&p, t->cuid, ANAMELEN);
	_authgetstr(&p, t->suid, ANAMELEN);
	memmove(t->key, p, keylen(form));
	t->form = form;
	_authwipe(plain, sizeof plain);
	return m;
}

int
authA2M(const Authenticator *a, uchar *buf, int nbuf, const Ticket *t, u32int ctr)
{
	uchar plain[Aplain], *p;

	p = plain;
	*p++ = a->num;
	memmove(p, a->chal, CHALLEN);
	p += CHALLEN;
	if(t->form == 1){
		memmove(p, a->rand, NONCELEN);
		p += NONCELEN;
	}else{
		memset(p, 0, 4);
		p += 4;
	}
	return seal(t->form, plain, p - plain, buf, nbuf, t->key, ctr);
}

int
authM2A(const uchar *buf, int n, Authenticator *a, const Ticket *t)
{
	uchar plain[Aplain];
	int m, form;

	memset(a, 0, sizeof *a);
	m = unseal(buf, n, plain, Aplain, DESAUTHENTLEN, t->key, t->form, &form, "authenticator");
	if(m < 0)
		return -1;
	a->num = plain[0];
	memmove(a->chal, plain+1, CHALLEN);
	if(form == 1)
		memmove(a->rand, plain+1+CHALLEN, NONCELEN);
	_authwipe(plain, sizeof plain);
	return m;
}

int
authPR2M(const Passwordreq *pr, uchar *buf, int nbuf, const Ticket *t, u32int ctr)
{
	uchar plain[PRplain], *p;

	p = plain;
	*p++ = pr->num;
	if(_authputstr(&p, pr->old, PASSWDLEN, "old password") < 0
	|| _authputstr(&p, pr->new, PASSWDLEN, "new password") < 0){
		_authwipe(plain, sizeof plain);
		return -1;
	}
	*p++ = pr->changesecret;
	memmove(p, pr->secret, SECRETLEN);
	p += SECRETLEN;
	return seal(t->form, plain, p - plain, buf, nbuf, t->key, ctr);
}

int
authM2PR(const uchar *buf, int n, Passwordreq *pr, const Ticket *t)
{
	uchar plain[PRplain];
	const uchar *p;
	int m, form;

	memset(pr, 0, sizeof *pr);
	m = unseal(buf, n, plain, PRplain, DESPASSREQLEN, t->key, t->form, &form,
		"password request");
	if(m < 0)
		return -1;
	p = plain;
	pr->num = *p++;
	_authgetstr(&p, pr->old, PASSWDLEN);
	_authgetstr(&p, pr->new, PASSWDLEN);
	pr->changesecret = *p++;
	memmove(pr->secret, p, SECRETLEN);
	_authwipe(plain, sizeof plain);
	return m;
}
