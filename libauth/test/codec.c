/* codec.c: libauth's messages, form1, DES and key derivation against 9front's vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <planten/lib9.h>
#include <planten/authsrv.h>
#include "hex.h"

static const char glendapak[] =
	"debdf4c02f72bdaae945c0ae353d7077200a9e5851d8442a0d09588c7a2bb422";
static const char tcvec[] =
	"666f726d3120546300000000f360d6d6aab5c11c5ca5ab4b109f2d6a81825f52b695c634f4382bfe2a99"
	"42a39821e4673f6681864bdd6a30f53e5c574c494d83a94c893294f08ea25c6057a9d7eba084b0ba23df"
	"0dedc8f907a97ce49406a27efeab800509c5ce08c59b8ef991fcc5a28899efdc74ee043d7233d79b";
static const char tsvec[] =
	"666f726d31205473010000003e82100eb546ec54626def1af5c1eb5bd55c7668e8fd8aa21b89ab24a944"
	"0aa51a3fa90c1e4f784000b4cf2efe6c9795527fc361485cf9ae64c3ef1d6bb4054483f032534668f079"
	"80c6dda1ce9d9963e469a4f5203e1144a5c82ea152f3fa1d5d77ad0d3849776152634ad01e388b6e";
static const char acvec[] =
	"666f726d312041630200000092ca702b336aae2ac94d3f0f2cdbad73ba764b1732753cac194bad98961d"
	"9436c6882dc776e177123739ea4d535d565052cf9343beeb8346";
static const char destcvec[] =
	"fdb963048a166a836a1ecfd18562338d756cfd9b3e24f6d93b91beb4d6a73b4277a74750e978dd7a8e6a"
	"d77a5fb0f1b9b5dae03fedcacb9d5bab2b1ffff56a7922f52e50f080d1ef";

static void
errstr(char *buf)
{
	p9rerrstr(buf, ERRMAX);
}

static void
test_passtokey(void **state)
{
	static const struct {
		const char *pw, *des, *aes, *des64;
	} v[] = {
		{"", "00100804028140", "127c5d44df23346fca036283e8c6dba0", "0108020140150480"},
		{"a", "61000804028140", "5cb13477007fd7eb10914c6ff6cadd54", "6180020140150480"},
		{"secret", "f3f2585ea60340", "4970c70d1239fec0f208d0a2229edc37", "f2f8970bea310d80"},
		{"12345678", "31d98c56b3dd70", "e066beadafb19c1abe4e8978cb196a88",
			"31ec628a6b9e75e0"},
		{"123456789", "261b62db163c49", "f32a84bd9e004786ae43fa76ddd315b2",
			"260dd95bb0b0f192"},
		{"correct horse battery staple", "d5085308cbb379",
			"aa0a18f257d10966b8c004caa2674393", "d58515618c5dcdf2"},
		{"password-that-is-longer-than-28-bytes!!", "f99f6b5f84141b",
			"8661843dcaca11fa2ed3103b2f185a4e", "f8ceda6bf8205137"},
		{"bootespw", "e2f79b5e9ec3ef", "25cff8b8a386f76c0fc666384dd5edc1", nil},
	};
	Authkey k;
	uchar k64[8];
	size_t i;

	(void)state;
	for(i = 0; i < sizeof v / sizeof v[0]; i++){
		memset(&k, 0xaa, sizeof k);
		assert_int_equal(authpasstokey(&k, v[i].pw), 0);
		assert_hex(v[i].des, k.des, DESKEYLEN);
		assert_hex(v[i].aes, k.aes, AESKEYLEN);
		assert_int_equal(k.pakkey[0] | k.pakhash[PAKHASHLEN-1], 0);
		if(v[i].des64){
			authdes56to64(k.des, k64);
			assert_hex(v[i].des64, k64, 8);
		}
	}
}

static void
test_des(void **state)
{
	uchar key[DESKEYLEN], k64[8], buf[10];

	(void)state;
	unhex("11223344556677", key, sizeof key);
	authdes56to64(key, k64);
	assert_hex("10918c6845ab98ef", k64, 8);
	counting(buf, 10, 0);
	assert_int_equal(authdesencrypt(key, buf, 10), 0);
	assert_hex("7b7afc159b7d1582d908", buf, 10);
	assert_int_equal(authdesdecrypt(key, buf, 10), 0);
	counting(k64, 8, 0);
	assert_memory_equal(buf, k64, 8);
	counting(buf, 8, 0);
	assert_int_equal(authdesencrypt(key, buf, 8), 0);
	assert_hex("7b7a430aea02d8a5", buf, 8);
	assert_int_equal(authdesencrypt(key, buf, 7), -1);
}

static Ticketreq
glendareq(void)
{
	Ticketreq tr;

	memset(&tr, 0, sizeof tr);
	tr.type = AuthPAK;
	strcpy(tr.authid, "bootes");
	strcpy(tr.authdom, "9front");
	counting((uchar*)tr.chal, CHALLEN, 0xa0);
	strcpy(tr.hostid, "glenda");
	strcpy(tr.uid, "glenda");
	return tr;
}

static void
test_ticketreq(void **state)
{
	static const char want[] =
		"13626f6f746573000000000000000000000000000000000000000000003966726f6e740000000000"
		"00000000000000000000000000000000000000000000000000000000000000000000000000a0a1a2"
		"a3a4a5a6a7676c656e646100000000000000000000000000000000000000000000676c656e646100"
		"000000000000000000000000000000000000000000";
	Ticketreq tr, tr2;
	uchar buf[TICKREQLEN+10];
	char err[ERRMAX];

	(void)state;
	tr = glendareq();
	/* stray bytes after the NUL are not sent */
	tr.authid[20] = 'x';
	assert_int_equal(authTR2M(&tr, buf, sizeof buf), TICKREQLEN);
	assert_hex(want, buf, TICKREQLEN);
	assert_int_equal(authM2TR(buf, sizeof buf, &tr2), TICKREQLEN);
	assert_int_equal(tr2.type, AuthPAK);
	assert_string_equal(tr2.authid, "bootes");
	assert_string_equal(tr2.authdom, "9front");
	assert_memory_equal(tr2.chal, tr.chal, CHALLEN);
	assert_string_equal(tr2.uid, "glenda");

	/* too short, either way */
	assert_int_equal(authM2TR(buf, TICKREQLEN-1, &tr2), -1);
	errstr(err);
	assert_string_equal(err, "short ticket request");
	assert_int_equal(authTR2M(&tr, buf, TICKREQLEN-1), -1);

	/* names at the field limits: 27 and 47 bytes pass; 28 and 48 do not */
	memset(tr.authid, 'a', ANAMELEN-1);
	tr.authid[ANAMELEN-1] = 0;
	memset(tr.authdom, 'd', DOMLEN-1);
	tr.authdom[DOMLEN-1] = 0;
	assert_int_equal(authTR2M(&tr, buf, sizeof buf), TICKREQLEN);
	assert_int_equal(authM2TR(buf, TICKREQLEN, &tr2), TICKREQLEN);
	assert_int_equal(strlen(tr2.authid), ANAMELEN-1);
	assert_int_equal(strlen(tr2.authdom), DOMLEN-1);
	tr.authdom[DOMLEN-1] = 'd';
	assert_int_equal(authTR2M(&tr, buf, sizeof buf), -1);
	errstr(err);
	assert_string_equal(err, "authdom too long");
	tr.authdom[DOMLEN-1] = 0;
	memset(tr.uid, 'u', ANAMELEN);
	assert_int_equal(authTR2M(&tr, buf, sizeof buf), -1);
	errstr(err);
	assert_string_equal(err, "uid too long");

	/* a wire field with no NUL is cut at 27 bytes */
	memset(buf + 1, 'z', ANAMELEN);
	assert_int_equal(authM2TR(buf, TICKREQLEN, &tr2), TICKREQLEN);
	assert_int_equal(strlen(tr2.authid), ANAMELEN-1);
}

static Ticket
glendaticket(int num)
{
	Ticket t;

	memset(&t, 0, sizeof t);
	t.num = num;
	t.form = 1;
	counting((uchar*)t.chal, CHALLEN, 0xa0);
	strcpy(t.cuid, "glenda");
	strcpy(t.suid, "glenda");
	counting(t.key, NONCELEN, 0);
	return t;
}

static void
test_form1_ticket(void **state)
{
	Authkey k;
	Ticket t, t2;
	uchar buf[MAXTICKETLEN+1];
	char err[ERRMAX];

	(void)state;
	memset(&k, 0, sizeof k);
	unhex(glendapak, k.pakkey, PAKKEYLEN);
	t = glendaticket(AuthTc);
	assert_int_equal(authT2M(&t, buf, sizeof buf, &k, 0), MAXTICKETLEN);
	assert_hex(tcvec, buf, MAXTICKETLEN);
	t.num = AuthTs;
	assert_int_equal(authT2M(&t, buf, sizeof buf, &k, 1), MAXTICKETLEN);
	assert_hex(tsvec, buf, MAXTICKETLEN);
	assert_int_equal(authform(buf, MAXTICKETLEN), 1);

	unhex(tcvec, buf, sizeof buf);
	assert_int_equal(authM2T(buf, MAXTICKETLEN, &t2, &k), MAXTICKETLEN);
	assert_int_equal(t2.num, AuthTc);
	assert_int_equal(t2.form, 1);
	assert_string_equal(t2.cuid, "glenda");
	assert_string_equal(t2.suid, "glenda");
	assert_memory_equal(t2.chal, t.chal, CHALLEN);
	assert_memory_equal(t2.key, t.key, NONCELEN);

	/* more bytes than a ticket: the rest is not the ticket's */
	{
		uchar big[2*MAXTICKETLEN];
		memset(big, 0x5a, sizeof big);
		memcpy(big, buf, MAXTICKETLEN);
		assert_int_equal(authM2T(big, sizeof big, &t2, &k), MAXTICKETLEN);
		assert_int_equal(t2.num, AuthTc);
	}
	/* truncated */
	assert_int_equal(authM2T(buf, MAXTICKETLEN-1, &t2, &k), -1);
	errstr(err);
	assert_string_equal(err, "short ticket");
	assert_int_equal(authM2T(buf, 5, &t2, &k), -1);
	/* a forged tag byte; a wrong key: all zero, num 0 */
	buf[MAXTICKETLEN-1] ^= 1;
	assert_int_equal(authM2T(buf, MAXTICKETLEN, &t2, &k), -1);
	errstr(err);
	assert_string_equal(err, "ticket: form1 message does not authenticate");
	assert_int_equal(t2.num, 0);
	assert_string_equal(t2.cuid, "");
	buf[MAXTICKETLEN-1] ^= 1;
	k.pakkey[0] ^= 1;
	assert_int_equal(authM2T(buf, MAXTICKETLEN, &t2, &k), -1);
	k.pakkey[0] ^= 1;
	/* the counter is not checked, but it is the nonce: changing it breaks the mac */
	buf[8] = 7;
	assert_int_equal(authM2T(buf, MAXTICKETLEN, &t2, &k), -1);
	buf[8] = 0;
	/* Tc relabelled Ts: another nonce, no authentication */
	buf[7] = 's';
	assert_int_equal(authM2T(buf, MAXTICKETLEN, &t2, &k), -1);
	buf[7] = 'c';
	assert_int_equal(authM2T(buf, MAXTICKETLEN, &t2, &k), MAXTICKETLEN);

	/* names at the limit, 27 bytes, go through; 28 are too long to encode */
	memset(t.cuid, 'c', ANAMELEN-1);
	memset(t.suid, 's', ANAMELEN-1);
	assert_int_equal(authT2M(&t, buf, sizeof buf, &k, 3), MAXTICKETLEN);
	assert_int_equal(authM2T(buf, MAXTICKETLEN, &t2, &k), MAXTICKETLEN);
	assert_memory_equal(t2.cuid, t.cuid, ANAMELEN);
	assert_memory_equal(t2.suid, t.suid, ANAMELEN);
	memset(t.cuid, 'c', ANAMELEN);
	assert_int_equal(authT2M(&t, buf, sizeof buf, &k, 0), -1);
	errstr(err);
	assert_string_equal(err, "cuid too long");
	t = glendaticket(AuthTc);
	assert_int_equal(authT2M(&t, buf, MAXTICKETLEN-1, &k, 0), -1);
	t.form = 2;
	assert_int_equal(authT2M(&t, buf, sizeof buf, &k, 0), -1);
	errstr(err);
	assert_string_equal(err, "unknown ticket form 2");
	{
		Authenticator a;
		memset(&a, 0, sizeof a);
		a.num = AuthAc;
		assert_int_equal(authA2M(&a, buf, sizeof buf, &t, 0), -1);
	}
	/* a num without a form1 tag */
	t = glendaticket(AuthAs + 40);
	assert_int_equal(authT2M(&t, buf, sizeof buf, &k, 0), -1);
	errstr(err);
	assert_string_equal(err, "no form1 tag for message type 106");
}

static void
test_form1_authenticator(void **state)
{
	Ticket t;
	Authenticator a, a2;
	uchar buf[MAXAUTHENTLEN];

	(void)state;
	t = glendaticket(AuthTc);
	memset(&a, 0, sizeof a);
	a.num = AuthAc;
	counting((uchar*)a.chal, CHALLEN, 0xa0);
	counting(a.rand, NONCELEN, 0x40);
	assert_int_equal(authA2M(&a, buf, sizeof buf, &t, 2), MAXAUTHENTLEN);
	assert_hex(acvec, buf, MAXAUTHENTLEN);
	assert_int_equal(authM2A(buf, sizeof buf, &a2, &t), MAXAUTHENTLEN);
	assert_int_equal(a2.num, AuthAc);
	assert_memory_equal(a2.chal, a.chal, CHALLEN);
	assert_memory_equal(a2.rand, a.rand, NONCELEN);
	assert_int_equal(authM2A(buf, MAXAUTHENTLEN-1, &a2, &t), -1);
	buf[20] ^= 0x80;
	assert_int_equal(authM2A(buf, MAXAUTHENTLEN, &a2, &t), -1);
	assert_int_equal(a2.num, 0);
	/* a DES authenticator where form1 is expected */
	memset(buf, 0x55, sizeof buf);
	assert_int_equal(authM2A(buf, sizeof buf, &a2, &t), -1);
}

static void
test_form1_raw(void **state)
{
	uchar key[32], in[200], out[250], back[250];
	char err[ERRMAX];
	int n;

	(void)state;
	counting(key, 32, 0);
	in[0] = AuthPass;
	counting(in+1, 10, 1);
	n = authform1seal(in, 11, out, sizeof out, key, 0x01020304);
	assert_int_equal(n, 11 + FORM1OVERHEAD);
	assert_memory_equal(out, "form1 PR\x04\x03\x02\x01", 12);
	assert_int_equal(authform1open(out, n, back, sizeof back, key), 11);
	assert_memory_equal(back, in, 11);
	/* a buffer too small to open into; an unknown tag; too short for a header and tag */
	assert_int_equal(authform1open(out, n, back, 10, key), -1);
	out[6] = 'X';
	assert_int_equal(authform1open(out, n, back, sizeof back, key), -1);
	errstr(err);
	assert_string_equal(err, "not a form1 message");
	assert_int_equal(authform1open(out, 27, back, sizeof back, key), -1);
	errstr(err);
	assert_string_equal(err, "short form1 message");
	/* an empty body still carries its mac */
	in[0] = AuthAs;
	assert_int_equal(authform1seal(in, 1, out, sizeof out, key, 0), 28);
	assert_int_equal(authform1open(out, 28, back, sizeof back, key), 1);
	assert_int_equal(back[0], AuthAs);
	assert_int_equal(authform1seal(in, 0, out, sizeof out, key, 0), -1);
	assert_int_equal(authform1seal(in, 10, out, 36, key, 0), -1);
	assert_int_equal(authform(out, 7), -1);
	n = authform1ctr();
	assert_int_equal(authform1ctr(), n + 1);
}

static void
test_des_forms(void **state)
{
	Authkey k;
	Ticket t, t2;
	Authenticator a, a2;
	uchar buf[MAXTICKETLEN];
	char err[ERRMAX];

	(void)state;
	assert_int_equal(authpasstokey(&k, "secret"), 0);
	t = glendaticket(AuthTc);
	t.form = 0;
	memset(t.key, 0, sizeof t.key);
	unhex("11223344556677", t.key, DESKEYLEN);
	assert_int_equal(authT2M(&t, buf, sizeof buf, &k, 99), DESTICKETLEN);
	assert_hex(destcvec, buf, DESTICKETLEN);
	assert_int_equal(authform(buf, DESTICKETLEN), 0);
	assert_int_equal(authM2T(buf, DESTICKETLEN, &t2, &k), DESTICKETLEN);
	assert_int_equal(t2.num, AuthTc);
	assert_int_equal(t2.form, 0);
	assert_string_equal(t2.cuid, "glenda");
	assert_memory_equal(t2.key, t.key, DESKEYLEN);
	assert_int_equal(authM2T(buf, DESTICKETLEN-1, &t2, &k), -1);

	memset(&a, 0, sizeof a);
	a.num = AuthAc;
	counting((uchar*)a.chal, CHALLEN, 0xa0);
	assert_int_equal(authA2M(&a, buf, sizeof buf, &t, 0), DESAUTHENTLEN);
	assert_hex("51398f5d9b99b721ff7ffdc27f", buf, DESAUTHENTLEN);
	assert_int_equal(authM2A(buf, DESAUTHENTLEN, &a2, &t), DESAUTHENTLEN);
	assert_int_equal(a2.num, AuthAc);
	assert_memory_equal(a2.chal, a.chal, CHALLEN);
	/*
	 * Under a DES ticket an authenticator is DES, whatever its first bytes say (as in
	 * 9front: the ticket's form decides); one that begins like a form1 tag is read as DES
	 * into something else.
	 */
	memcpy(buf, "form1 Ac", 8);
	assert_int_equal(authM2A(buf, MAXAUTHENTLEN, &a2, &t), DESAUTHENTLEN);
	assert_memory_not_equal(a2.chal, a.chal, CHALLEN);
	/* a ticket of an unknown form opens nothing */
	t.form = 2;
	assert_int_equal(authM2A(buf, MAXAUTHENTLEN, &a2, &t), -1);
	errstr(err);
	assert_string_equal(err, "unknown ticket form 2");
}

static void
test_passwordreq(void **state)
{
	Ticket t;
	Passwordreq pr, pr2;
	uchar buf[MAXPASSREQLEN];
	char err[ERRMAX];
	int form;

	(void)state;
	for(form = 0; form < 2; form++){
		t = glendaticket(AuthTp);
		t.form = form;
		memset(&pr, 0, sizeof pr);
		pr.num = AuthPass;
		strcpy(pr.old, "secret");
		memset(pr.new, 'n', PASSWDLEN-1);
		pr.changesecret = 1;
		counting((uchar*)pr.secret, SECRETLEN, 0x30);
		assert_int_equal(authPR2M(&pr, buf, sizeof buf, &t, 5),
			form ? MAXPASSREQLEN : DESPASSREQLEN);
		assert_int_equal(authM2PR(buf, sizeof buf, &pr2, &t),
			form ? MAXPASSREQLEN : DESPASSREQLEN);
		assert_memory_equal(&pr, &pr2, sizeof pr);
		if(form){
			assert_memory_equal(buf, "form1 PR\x05\0\0\0", 12);
			assert_int_equal(authM2PR(buf, MAXPASSREQLEN-1, &pr2, &t), -1);
			errstr(err);
			assert_string_equal(err, "short password request");
		}
		/* empty passwords are passwords */
		memset(pr.old, 0, PASSWDLEN);
		memset(pr.new, 0, PASSWDLEN);
		assert_int_equal(authPR2M(&pr, buf, sizeof buf, &t, 6),
			form ? MAXPASSREQLEN : DESPASSREQLEN);
		assert_int_equal(authM2PR(buf, sizeof buf, &pr2, &t),
			form ? MAXPASSREQLEN : DESPASSREQLEN);
		assert_memory_equal(&pr, &pr2, sizeof pr);
		/*
		 * The ticket's form decides how a request is read, as in 9front: a DES request
		 * under a form1 ticket does not authenticate; a form1 one under a DES ticket is
		 * DES-decrypted into something else.
		 */
		t.form = !form;
		if(form){
			assert_int_equal(authM2PR(buf, sizeof buf, &pr2, &t), DESPASSREQLEN);
			assert_memory_not_equal(&pr, &pr2, sizeof pr);
		}else
			assert_int_equal(authM2PR(buf, sizeof buf, &pr2, &t), -1);
		t.form = form;
		memset(pr.new, 'n', PASSWDLEN);
		assert_int_equal(authPR2M(&pr, buf, sizeof buf, &t, 5), -1);
		errstr(err);
		assert_string_equal(err, "new password too long");
	}
}

static void
test_secret(void **state)
{
	static const char want[] =
		"899be9a59f5405068ef5c85e622dacd53c10fba96a38cdb5bf2a325e9f9c4328628ad861aca5bc8d"
		"8add127e4d760a7ccf4051918ac79e336dc92d3243222e248c0c5a75652286280edede2b5721a32f"
		"f72e00f629578a3afae487cc3b47ca1836670f5832cb830f8c617c0d88832e334f0523a36fdaa9a2"
		"a6290c32c89111c75e5795a939767e4e75bc1aa20b8ebaf690a38fa3ec5532c6eae22136b3b2412c"
		"c8c1251db62789e6aa77fcdb444ed5ce08e6a54d8bb2cec89e07f42191c0a8e2ba99a6bcc33c2daa"
		"963ff649120e31637ac72075a094e5130f10c7fb3a264c518c17894802fb078ddb7ef63af725278f"
		"ae596ab88832e98e1f9a6e083d007869";
	uchar rnc[NONCELEN], rns[NONCELEN], kn[NONCELEN], s[SESSIONSECRETLEN];

	(void)state;
	counting(rnc, NONCELEN, 0);
	counting(rns, NONCELEN, 0x20);
	counting(kn, NONCELEN, 0x80);
	assert_int_equal(authsessionsecret(rnc, rns, kn, s), 0);
	assert_hex(want, s, SESSIONSECRETLEN);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_passtokey),
		cmocka_unit_test(test_des),
		cmocka_unit_test(test_ticketreq),
		cmocka_unit_test(test_form1_ticket),
		cmocka_unit_test(test_form1_authenticator),
		cmocka_unit_test(test_form1_raw),
		cmocka_unit_test(test_des_forms),
		cmocka_unit_test(test_passwordreq),
		cmocka_unit_test(test_secret),
	};

	return cmocka_run_group_tests(tests, nil, nil);
}
