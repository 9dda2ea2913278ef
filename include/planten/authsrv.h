/*
 * authsrv.h: libauth's core, the messages of the Plan 9 (9front) authentication server and
 * the keys and key agreement behind them. Every exported function carries the prefix auth.
 *
 * Wire formats are 9front's: a Ticketreq is 141 bytes in the clear; tickets, authenticators
 * and password requests are either the DES form (p9sk1) or form1 (dp9ik: ChaCha20-Poly1305
 * with a 12-byte nonce sent as the message header). Functions return -1 and set the error
 * string (p9werrstr) on failure; none prints, exits or aborts. Secret intermediates are wiped.
 * See authsrv(3).
 */
#ifndef PLANTEN_AUTHSRV_H
#define PLANTEN_AUTHSRV_H

#define PLANTEN_LIBAUTH_API 1

#include <planten/p9types.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
	ANAMELEN = 28,		/* name field, NUL included: names are at most 27 bytes */
	AERRLEN = 64,		/* error text after AuthErr */
	DOMLEN = 48,		/* authentication domain field: at most 47 bytes */
	DESKEYLEN = 7,
	AESKEYLEN = 16,
	CHALLEN = 8,
	NETCHLEN = 16,
	CONFIGLEN = 14,
	SECRETLEN = 32,		/* the AS's per-user secret (APOP and friends) */
	PASSWDLEN = 28,
	NONCELEN = 32,		/* form1 ticket key, authenticator random */

	PAKKEYLEN = 32,
	PAKSLEN = 56,		/* a 448-bit scalar or field element, big-endian */
	PAKPLEN = 4*PAKSLEN,	/* a point: X, Y, Z, T */
	PAKHASHLEN = 2*PAKPLEN,	/* PM then PN */
	PAKXLEN = PAKSLEN,
	PAKYLEN = PAKSLEN,

	SESSIONSECRETLEN = 256,	/* the dp9ik session secret (the TLS-PSK key) */
	FORM1OVERHEAD = 12+16-1,	/* header and tag, less the num byte the tag stands for */
};

/* Ticketreq.type and the byte that opens an AS reply */
enum {
	AuthTreq = 1,
	AuthChal = 2,
	AuthPass = 3,
	AuthOK = 4,
	AuthErr = 5,
	AuthMod = 6,
	AuthApop = 7,
	AuthOKvar = 9,
	AuthChap = 10,
	AuthMSchap = 11,
	AuthCram = 12,
	AuthHttp = 13,
	AuthVNC = 14,
	AuthPAK = 19,
	AuthMSchapv2 = 21,
	AuthNTLM = 22,
};

/* num of the encrypted messages */
enum {
	AuthTs = 64,	/* ticket for the server */
	AuthTc = 65,	/* ticket for the client */
	AuthAs = 66,	/* server authenticator */
	AuthAc = 67,	/* client authenticator */
	AuthTp = 68,	/* ticket for a password change */
	AuthHr = 69,	/* http reply */
};

enum {
	TICKREQLEN = 1 + 2*ANAMELEN + DOMLEN + CHALLEN + ANAMELEN,	/* 141 */
	DESTICKETLEN = 1 + CHALLEN + 2*ANAMELEN + DESKEYLEN,		/* 72 */
	MAXTICKETLEN = 1 + CHALLEN + 2*ANAMELEN + NONCELEN + FORM1OVERHEAD,	/* 124 */
	DESAUTHENTLEN = 1 + CHALLEN + 4,				/* 13 */
	MAXAUTHENTLEN = 1 + CHALLEN + NONCELEN + FORM1OVERHEAD,		/* 68 */
	DESPASSREQLEN = 1 + 2*PASSWDLEN + 1 + SECRETLEN,		/* 90 */
	MAXPASSREQLEN = DESPASSREQLEN + FORM1OVERHEAD,		/* 117 */
};

/*
 * String fields are NUL-terminated within their size. Encoders refuse a field without a
 * NUL in it (name too long) and send the bytes after the NUL as zeros; decoders end the
 * field at its first NUL or at its last byte, and zero the rest.
 */
typedef struct Ticketreq Ticketreq;
struct Ticketreq {
	char	type;
	char	authid[ANAMELEN];	/* server's id (IDs) */
	char	authdom[DOMLEN];	/* server's authentication domain (DN) */
	char	chal[CHALLEN];		/* server's challenge (CHs) */
	char	hostid[ANAMELEN];	/* host's (client's) id (IDc) */
	char	uid[ANAMELEN];		/* id wanted on the server (IDr) */
};

typedef struct Ticket Ticket;
struct Ticket {
	char	num;			/* AuthTc, AuthTs, AuthTp; 0 after a failed decryption */
	char	chal[CHALLEN];		/* server's challenge */
	char	cuid[ANAMELEN];		/* the client's id */
	char	suid[ANAMELEN];		/* the id on the server */
	uchar	key[NONCELEN];		/* the nonce key Kn: DESKEYLEN bytes in form 0 */
	char	form;			/* 0: DES (p9sk1), 1: form1 (dp9ik) */
};

typedef struct Authenticator Authenticator;
struct Authenticator {
	char	num;			/* AuthAc or AuthAs */
	char	chal[CHALLEN];
	uchar	rand[NONCELEN];		/* form1 only: RNc or RNs */
};

typedef struct Passwordreq Passwordreq;
struct Passwordreq {
	char	num;			/* AuthPass */
	char	old[PASSWDLEN];
	char	new[PASSWDLEN];
	char	changesecret;
	char	secret[SECRETLEN];
};

/* A principal's keys: from a password (authpasstokey), then authpakhash, then the PAK. */
typedef struct Authkey Authkey;
struct Authkey {
	uchar	des[DESKEYLEN];		/* p9sk1 key */
	uchar	aes[AESKEYLEN];		/* dp9ik key */
	uchar	pakkey[PAKKEYLEN];	/* set by authpakfinish: the form1 ticket key */
	uchar	pakhash[PAKHASHLEN];	/* set by authpakhash: the points PM and PN */
};

/* one side of a PAK exchange between authpaknew and authpakfinish */
typedef struct PAKpriv PAKpriv;
struct PAKpriv {
	int	isclient;		/* 1 everywhere but on the auth server */
	uchar	x[PAKXLEN];		/* the secret scalar */
	uchar	y[PAKYLEN];		/* our public value */
};

/*
 * Messages. Encoders write into buf (nbuf bytes) and return the length written; decoders
 * read from buf (n bytes) and return the length used. Both return -1 with the error string
 * set on failure. ctr is the form1 nonce counter (unused for DES): any value that never
 * repeats under one key, for instance successive values of authform1ctr(). A ticket is
 * sealed with key->pakkey (form1) or key->des (DES); authenticators and password requests
 * with the ticket's key t->key, in the ticket's form. A decoder that finds a form1 message
 * which does not authenticate zeroes the structure (num 0) and fails.
 */
int	authTR2M(const Ticketreq *tr, uchar *buf, int nbuf);
int	authM2TR(const uchar *buf, int n, Ticketreq *tr);
int	authT2M(const Ticket *t, uchar *buf, int nbuf, const Authkey *key, u32int ctr);
int	authM2T(const uchar *buf, int n, Ticket *t, const Authkey *key);
int	authA2M(const Authenticator *a, uchar *buf, int nbuf, const Ticket *t, u32int ctr);
int	authM2A(const uchar *buf, int n, Authenticator *a, const Ticket *t);
int	authPR2M(const Passwordreq *pr, uchar *buf, int nbuf, const Ticket *t, u32int ctr);
int	authM2PR(const uchar *buf, int n, Passwordreq *pr, const Ticket *t);

/*
 * The form of an encrypted message from its first bytes: 1 when they are one of the form1
 * tags, 0 for DES, -1 when fewer than 8 bytes are given (form1 needs all 8 to tell).
 */
int	authform(const uchar *buf, int n);

/*
 * form1 sealing. authform1seal encrypts the n-byte plaintext in, whose first byte is its num
 * (one of AuthTs..AuthHr or AuthPass), into out: 8-byte tag for num, 4-byte little-endian
 * ctr, ChaCha20-Poly1305 (RFC 8439, empty AAD, nonce = those 12 bytes) of in[1..n), 16-byte
 * tag; n+FORM1OVERHEAD bytes. authform1open reverses it, setting out[0] from the tag; the
 * counter is not checked. in and out must not overlap. authform1ctr returns successive
 * values of a process-wide counter (atomic), starting at 0 as 9front's does.
 */
int	authform1seal(const uchar *in, int n, uchar *out, int nout, const uchar key[32], u32int ctr);
int	authform1open(const uchar *in, int n, uchar *out, int nout, const uchar key[32]);
u32int	authform1ctr(void);

/*
 * Keys from passwords. authpasstokey sets key->des and key->aes and zeroes the rest;
 * authpasstoaeskey is PBKDF2-HMAC-SHA1(pw, "Plan 9 key derivation", 9001 rounds, 16 bytes);
 * authpasstodeskey is Plan 9's DES key schedule over the first 27 bytes of pw;
 * authdes56to64 spreads a 7-byte DES key into 8 bytes with odd parity (the p9sk1 secret).
 */
int	authpasstokey(Authkey *key, const char *pw);
int	authpasstoaeskey(uchar aes[AESKEYLEN], const char *pw);
int	authpasstodeskey(uchar des[DESKEYLEN], const char *pw);
void	authdes56to64(const uchar k56[DESKEYLEN], uchar k64[8]);

/*
 * Plan 9's DES mode for the p9sk1 forms: DES-ECB over the 8-byte windows at 0, 7, 14, ...
 * and one ending at n, in place; n at least 8. Returns 0, or -1 when n < 8.
 */
int	authdesencrypt(const uchar key[DESKEYLEN], uchar *buf, int n);
int	authdesdecrypt(const uchar key[DESKEYLEN], uchar *buf, int n);

/*
 * HKDF-SHA256 (RFC 5869) of ikm with salt and info into out[0..nout);
 * authsessionsecret is the dp9ik secret: HKDF(salt = rnc|rns, ikm = kn,
 * info "Plan 9 session secret", 256 bytes).
 */
int	authhkdf(const uchar *salt, int nsalt, const uchar *ikm, int nikm,
		const char *info, uchar *out, int nout);
int	authsessionsecret(const uchar rnc[NONCELEN], const uchar rns[NONCELEN],
		const uchar kn[NONCELEN], uchar secret[SESSIONSECRETLEN]);

/*
 * The dp9ik PAK (SPAKE2-EE on Ed448 with Decaf points). authpakhash derives PM and PN from
 * key->aes and user into key->pakhash. authpaknew picks a random scalar and writes the public
 * value y (client: Decaf(x·G+PM); auth server, isclient 0: Decaf(x·G+PN));
 * authpaknewx does the same with a given scalar x (big-endian, for tests and vectors).
 * authpakfinish takes the peer's value and sets key->pakkey; it fails on a value that is no
 * Decaf encoding of a point. p is wiped by authpakfinish, also when it fails.
 */
int	authpakhash(Authkey *key, const char *user);
int	authpaknew(PAKpriv *p, const Authkey *key, uchar y[PAKYLEN], int isclient);
int	authpaknewx(PAKpriv *p, const Authkey *key, const uchar x[PAKXLEN], uchar y[PAKYLEN],
		int isclient);
int	authpakfinish(PAKpriv *p, Authkey *key, const uchar peer[PAKYLEN]);

#ifdef __cplusplus
}
#endif

#endif
