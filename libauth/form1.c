/* form1.c: dp9ik's sealing of tickets and authenticators with ChaCha20-Poly1305. */
#include <stdatomic.h>
#include <string.h>
#include <openssl/evp.h>
#include "authimpl.h"

enum {
	Taglen = 8,
	Hdrlen = Taglen + 4,
	Maclen = 16,
};

static const struct {
	char	num;
	char	tag[Taglen+1];
} form1tags[] = {
	{AuthPass, "form1 PR"},
	{AuthTs, "form1 Ts"},
	{AuthTc, "form1 Tc"},
	{AuthAs, "form1 As"},
	{AuthAc, "form1 Ac"},
	{AuthTp, "form1 Tp"},
	{AuthHr, "form1 Hr"},
};

static _Atomic u32int counter;

u32int
authform1ctr(void)
{
	return atomic_fetch_add(&counter, 1);
}

/* the num a form1 header's tag stands for, or 0 */
static int
tagnum(const uchar *buf)
{
	size_t i;

	for(i = 0; i < nelem(form1tags); i++)
		if(memcmp(buf, form1tags[i].tag, Taglen) == 0)
			return form1tags[i].num;
	return 0;
}

int
authform(const uchar *buf, int n)
{
	if(n < Taglen)
		return -1;
	return tagnum(buf) != 0;
}

/* ChaCha20-Poly1305 of in into out; enc 0 checks mac instead of writing it */
static int
chachapoly(int enc, const uchar key[32], const uchar nonce[Hdrlen], const uchar *in, int n,
	uchar *out, uchar mac[Maclen])
{
	EVP_CIPHER_CTX *c;
	int ok, m, f;

	c = EVP_CIPHER_CTX_new();
	if(c == nil){
		p9werrstr("out of memory");
		return -1;
	}
	m = f = 0;
	ok = EVP_CipherInit_ex(c, EVP_chacha20_poly1305(), nil, key, nonce, enc) == 1
		&& (enc || EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_SET_TAG, Maclen, mac) == 1)
		&& EVP_CipherUpdate(c, out, &m, in, n) == 1;
	if(ok && EVP_CipherFinal_ex(c, out + m, &f) != 1){
		ok = 0;
		if(!enc){
			EVP_CIPHER_CTX_free(c);
			_authwipe(out, n);
			p9werrstr("form1 message does not authenticate");
			return -1;
		}
	}
	if(ok && enc)
		ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_AEAD_GET_TAG, Maclen, mac) == 1;
	EVP_CIPHER_CTX_free(c);
	if(!ok || m + f != n){
		_authwipe(out, n);
		p9werrstr("chacha20-poly1305 failed");
		return -1;
	}
	return 0;
}

int
authform1seal(const uchar *in, int n, uchar *out, int nout, const uchar key[32], u32int ctr)
{
	size_t i;
	int k;

	if(n < 1 || nout < n + FORM1OVERHEAD){
		p9werrstr("form1 buffer too small");
		return -1;
	}
	for(i = 0; i < nelem(form1tags); i++)
		if(form1tags[i].num == (char)in[0])
			break;
	if(i == nelem(form1tags)){
		p9werrstr("no form1 tag for message type %d", in[0]);
		return -1;
	}
	memmove(out, form1tags[i].tag, Taglen);
	for(k = 0; k < 4; k++)
		out[Taglen+k] = ctr >> 8*k;
	if(chachapoly(1, key, out, in+1, n-1, out+Hdrlen, out+Hdrlen+n-1) < 0)
		return -1;
	return n + FORM1OVERHEAD;
}

int
authform1open(const uchar *in, int n, uchar *out, int nout, const uchar key[32])
{
	uchar mac[Maclen];
	int num, m;

	if(n < Hdrlen + Maclen){
		p9werrstr("short form1 message");
		return -1;
	}
	num = tagnum(in);
	if(num == 0){
		p9werrstr("not a form1 message");
		return -1;
	}
	m = n - FORM1OVERHEAD;
	if(nout < m){
		p9werrstr("form1 buffer too small");
		return -1;
	}
	memmove(mac, in + n - Maclen, Maclen);
	if(chachapoly(0, key, in, in+Hdrlen, m-1, out+1, mac) < 0)
		return -1;
	out[0] = num;
	return m;
}
