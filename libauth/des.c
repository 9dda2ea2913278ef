/*
 * des.c: Plan 9's DES for p9sk1: keys from passwords, the 56-to-64-bit key spread, and the
 * mode that runs DES-ECB over overlapping 8-byte windows. The block cipher is OpenSSL's
 * (its single-DES functions are deprecated, not gone; the EVP one needs the legacy provider).
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <string.h>
#include <openssl/des.h>
#include "authimpl.h"

void
authdes56to64(const uchar k56[DESKEYLEN], uchar k64[8])
{
	uvlong v;
	int i, b, c;

	v = 0;
	for(i = 0; i < DESKEYLEN; i++)
		v = v<<8 | k56[i];
	for(i = 0; i < 8; i++){
		b = (v >> (49 - 7*i)) & 0x7f;
		c = b ^ b>>4;
		c ^= c>>2;
		c ^= c>>1;
		k64[i] = b<<1 | (~c & 1);	/* odd parity */
	}
}

static void
schedule(const uchar key[DESKEYLEN], DES_key_schedule *ks)
{
	DES_cblock k;

	authdes56to64(key, k);
	DES_set_key_unchecked(&k, ks);
	_authwipe(k, sizeof k);
}

static void
block(DES_key_schedule *ks, uchar *p, int enc)
{
	DES_cblock in, out;

	memmove(in, p, 8);
	DES_ecb_encrypt(&in, &out, ks, enc);
	memmove(p, out, 8);
	_authwipe(in, 8);
	_authwipe(out, 8);
}

static int
desmode(const uchar key[DESKEYLEN], uchar *buf, int n, int enc)
{
	DES_key_schedule ks;
	int i, k;

	if(n < 8){
		p9werrstr("DES message shorter than a block");
		return -1;
	}
	schedule(key, &ks);
	k = (n-1) / 7;
	if(enc){
		for(i = 0; i < k; i++)
			block(&ks, buf + 7*i, DES_ENCRYPT);
		if((n-1) % 7)
			block(&ks, buf + n - 8, DES_ENCRYPT);
	}else{
		if((n-1) % 7)
			block(&ks, buf + n - 8, DES_DECRYPT);
		for(i = k-1; i >= 0; i--)
			block(&ks, buf + 7*i, DES_DECRYPT);
	}
	_authwipe(&ks, sizeof ks);
	return 0;
}

int
authdesencrypt(const uchar key[DESKEYLEN], uchar *buf, int n)
{
	return desmode(key, buf, n, 1);
}

int
authdesdecrypt(const uchar key[DESKEYLEN], uchar *buf, int n)
{
	return desmode(key, buf, n, 0);
}

int
authpasstodeskey(uchar key[DESKEYLEN], const char *pw)
{
	uchar buf[ANAMELEN], *t;
	int i, n;

	memset(buf, 0, sizeof buf);
	memset(buf, ' ', 8);
	n = strnlen(pw, ANAMELEN-1);
	memmove(buf, pw, n);
	buf[n] = 0;
	t = buf;
	for(;;){
		for(i = 0; i < DESKEYLEN; i++)
			key[i] = (t[i] >> i) + (t[i+1] << (8 - (i+1)));
		if(n <= 8)
			break;
		n -= 8;
		t += 8;
		if(n < 8){
			t -= 8 - n;
			n = 8;
		}
		authdesencrypt(key, t, 8);
	}
	_authwipe(buf, sizeof buf);
	return 0;
}
