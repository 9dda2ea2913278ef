/* keys.c: keys from passwords (PBKDF2), HKDF-SHA256 and the dp9ik session secret. */
#include <string.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include "authimpl.h"

int
authpasstoaeskey(uchar aes[AESKEYLEN], const char *pw)
{
	static const char salt[] = "Plan 9 key derivation";

	if(PKCS5_PBKDF2_HMAC(pw, strlen(pw), (const uchar*)salt, sizeof salt - 1, 9001,
	    EVP_sha1(), AESKEYLEN, aes) != 1){
		p9werrstr("pbkdf2 failed");
		return -1;
	}
	return 0;
}

int
authpasstokey(Authkey *key, const char *pw)
{
	memset(key, 0, sizeof *key);
	if(authpasstodeskey(key->des, pw) < 0 || authpasstoaeskey(key->aes, pw) < 0){
		_authwipe(key, sizeof *key);
		return -1;
	}
	return 0;
}

int
authhkdf(const uchar *salt, int nsalt, const uchar *ikm, int nikm, const char *info,
	uchar *out, int nout)
{
	EVP_KDF *kdf;
	EVP_KDF_CTX *c;
	OSSL_PARAM params[5];
	int ok;

	kdf = EVP_KDF_fetch(nil, "HKDF", nil);
	c = kdf ? EVP_KDF_CTX_new(kdf) : nil;
	EVP_KDF_free(kdf);
	if(c == nil){
		p9werrstr("hkdf unavailable");
		return -1;
	}
	params[0] = OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, "SHA256", 0);
	params[1] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, (void*)ikm, nikm);
	params[2] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, (void*)salt, nsalt);
	params[3] = OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, (void*)info,
		strlen(info));
	params[4] = OSSL_PARAM_construct_end();
	ok = EVP_KDF_derive(c, out, nout, params) == 1;
	EVP_KDF_CTX_free(c);
	if(!ok){
		p9werrstr("hkdf failed");
		return -1;
	}
	return 0;
}

int
authsessionsecret(const uchar rnc[NONCELEN], const uchar rns[NONCELEN],
	const uchar kn[NONCELEN], uchar secret[SESSIONSECRETLEN])
{
	uchar salt[2*NONCELEN];
	int r;

	memmove(salt, rnc, NONCELEN);
	memmove(salt+NONCELEN, rns, NONCELEN);
	r = authhkdf(salt, sizeof salt, kn, NONCELEN, "Plan 9 session secret", secret,
		SESSIONSECRETLEN);
	_authwipe(salt, sizeof salt);
	return r;
}
