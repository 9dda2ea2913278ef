/* pak.c: Ed448, Decaf, Elligator2 and dp9ik's PAK against 9front's vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include "../authimpl.h"
#include "hex.h"

static Curve *curve;

static int
setup(void **state)
{
	(void)state;
	curve = _authcurvenew();
	return curve == nil;
}

static int
teardown(void **state)
{
	(void)state;
	_authcurvefree(curve);
	return 0;
}

static void
test_elligator(void **state)
{
	static const struct {
		unsigned r0;
		const char *X, *Y, *Z, *T, *x, *y, *decaf;
	} v[] = {
		{0, "00", "01",
		"fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffffffffffffffffffffffffffffffffffffffffffffffffffffe",
		"00", "00",
		"fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffffffffffffffffffffffffffffffffffffffffffffffffffffe",
		"00"},
		{1,
		"0d279a51783edad3202f06143625fb7f8b99feede868b69d6e96be6ed5c3e6c2572266d4118cef2b91182307e4176f482fbe130049ef7c0e",
		"40b6768e61e3d9c5aaef5cd466308e89afa04c1968c862fe490ca269e84a0c91d9e5fb20d2242d2bf37e11f9849eec918e7209514dea2248",
		"a58ca3f38d85d716a04ac42e7e6a5c8c1f60d01ec98d382f9ac301f2f70720adacfc376b9a8adc087cbbdb15181e6ca23c4e3801e4e0ab26",
		"7da990011ff10c80e9adcb4ba11ff9aff00eda765a40fb800e971521f300a7a4da91617a25d19f3b85881c21068272d730ac5a1e159f7a28",
		"7f030be03449d2a892f70134fabb893869771e618d5ed5e648e6fbfd0a7515f8532ec6b43f1c1f0bfbd9721da8f8151fdea3433aaaf58754",
		"8d01363840d1659b4d6d45a4b46fbe31e479e0d8039b6bd150f4dc9ec35ef20ac11fa39c2ef5b43acd2a309f20f16e539f75e9c63d23ca13",
		"5f0c872c0891805e3c5e10d6059cd52f81025ad063f56ae0e3b3a1b709d98e55f4ada387f9029cb57ecde886237fbf89a59f35b6ca60803f"},
		{2,
		"cdc6ecfc52176828485d49d552b4545907b6d00f3269daf23303420f6f6c257ff423f7d82c67b07d47c84cf718eeb39b4a4488db305399cb",
		"bf527e453a21f8ac0bc86298ecfad89517708b5ed342cb01a216129b24fdddc71b266ac18aee7f06f4a13160e15812f9cdb6d4b73a302a70",
		"3e310fcd3920412cddc0527b741ad1620f74e8155104cc5dc32025340371677ae3eaad899113f0b9deee6e5af42a7a11c771c2b3aa400966",
		"c904cffdc640d205d950a24aeb4fe57efb2cfd6cbd4c5d4cf10d63e1e99bd6752896d1cb843684987a10874a4d9738ba5624e14dd2dd23e7",
		"94c529475314283ed920a2a45b1a5c59349fcc9a6f707f6d840a271bf4252115e7b4aac068246f1ee37c7f4faa9ecab388edad809b663728",
		"4a2a444b0bb32183d3b8d8f6048f86aedb47759c5e6ccd48ef4b76b7563d7c44ad703e7077f97f00fa43fd8ff6273e0299a9dd20ae022a96",
		"71e9452e6cdf0fe00d4f8cebd928f998590002078e9e36ebb7537ab5005edcd781102a01759e07d7d72b1a2f34001b85279e747087fc9dd2"},
		{3,
		"7a422a766576f172a01b57859e8941ecaa5785fae664b7d011b08102e84150dc3920cb24ca3b0b929a80d7d2406b540c87e578990a5e1976",
		"cb7d38972b960c817c42e04f39a9ccb2c92b14e3be2ac5e3020452b52ec76480595244d8be4cb82b92d5aba8c77e1910ced4439ad7969379",
		"feed407a77d97662d14eadbacd9103add0b3c52d7d1395ef779933b12c48260920984168c18d9230f4bbbd72a6ca2d7abd062512f56bcbab",
		"6e9adb4484cd826e73c7787a964690ed46f90594ff5bea7b53ac6d0b62136501f39cae8bc03be6d6bd01f88e34b545a8b4a246e7aa9bfc62",
		"5881e4b87d19fd98c08c6b79b3af6379c1680131d1ed660e5350847a5e6324e99a80bd5b82658d13cda232b57665115aa56cef2848bbbc69",
		"d48f3b75c8c2df99b23b3dfcc0adb25be871f1ea59c1a3e987f30dfe95737d356c7cefce9e29454d37ef8f95b5130e38d42f34ada61346cf",
		"25b9d366da7cabfb30d7ee0dbc97c5c427216de1734df9b67e6753784fdfdde819f314bfa1bcccfe1895db517fed7a0a18a3924a02a82be0"},
		{12345,
		"74b934f897c7881066fbf951641e6045fac865c814955ab653cd490524d7729e9c4957bfcf010e694f43da190ebc8b6dd5035b5cc6434086",
		"e2ac9ebfe51ac803bbf9932132e23e50db5ed00fb9732e842c77d163aedacb0df0a0dc4bd88c90d3404631324baecafe0132b37e08d729b5",
		"68eedd6c30f5ef7d7b44282e4e3275746f6806768150da450847aed6939d52f50786368cfa7cf7110dccdb86523af2d89eeae27eb1e73282",
		"c15e54cf7596650dbee326b3ac1bae34e3f84f1059a808d1fe08d0329f57e975815d0cebcc92056e295e94dfc475aafe601cef96b24e3623",
		"d9d07c900499b8c2ef9be3b03855fa6f69379d135e522956ddbba1314872c55f73f944297ef53a6b8738cd69ed8a58beab8b5a91dc88b77c",
		"41cde78d96e4e112e8ae282d28a120199d3941746658f4b48fecae50b5ca9f2026708490c2de563e0a7e72379ed05abe13567461ef968547",
		"089446466a9ddca0080c34d7900007fffcbdfc28a6ed1bdaaf55d59c9e6f0658d7ce42da049bd995b5f02bba1b1b07eee81314fcc9913ed7"},
	};
	uchar r[4], pt[PAKPLEN], x[PAKSLEN], y[PAKSLEN], s[PAKYLEN], s2[PAKYLEN], want[PAKSLEN];
	const char *coord[4];
	size_t i;
	int k, n;

	(void)state;
	for(i = 0; i < sizeof v / sizeof v[0]; i++){
		r[0] = v[i].r0 >> 24; r[1] = v[i].r0 >> 16; r[2] = v[i].r0 >> 8; r[3] = v[i].r0;
		assert_int_equal(_authelligator(curve, r, 4, pt), 0);
		coord[0] = v[i].X; coord[1] = v[i].Y; coord[2] = v[i].Z; coord[3] = v[i].T;
		for(k = 0; k < 4; k++){
			/* short hex strings stand for small numbers */
			memset(want, 0, sizeof want);
			n = strlen(coord[k]) / 2;
			unhex(coord[k], want + PAKSLEN - n, n);
			assert_memory_equal(want, pt + k*PAKSLEN, PAKSLEN);
		}
		assert_int_equal(_authaffine(curve, pt, x, y), 0);
		memset(want, 0, sizeof want);
		n = strlen(v[i].x) / 2;
		unhex(v[i].x, want + PAKSLEN - n, n);
		assert_memory_equal(want, x, PAKSLEN);
		assert_hex(v[i].y, y, PAKSLEN);
		/* decaf of the map's output, and decaf's round trip */
		assert_int_equal(_authpakpub(curve, (uchar[PAKXLEN]){0}, pt, s), 0);
		memset(want, 0, sizeof want);
		n = strlen(v[i].decaf) / 2;
		unhex(v[i].decaf, want + PAKSLEN - n, n);
		assert_memory_equal(want, s, PAKSLEN);
		assert_int_equal(_authdecafround(curve, s, s2), 0);
		assert_memory_equal(s, s2, PAKYLEN);
	}
}

static void
test_decaf(void **state)
{
	static const char *kg[] = {
		"0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
		"55e66bc00f0fc48ed404d370214fccbabdd201d725f529f37b698c53dab579f9b430a3d7517f5600d3106c726e05c6677200df41ede75dfd",
		"0b4a2d6cf07f000c094794d27eb8fcecf07d94ac77595081e1e05358560e798c4fc3704405ba3b89c6dd1e3d79179db42b5f1cb5ae952e20",
		"0cd561e72957e7275639d3d743b9c205470111f15dca37c1d54c1f1a973ac2a51b18508b43b95c5ba7fd58881bf178e7a231c56369cbd697",
		"7177044b6f0222dd9bed89c6dedff069efe6c7277121d11dc4012bc465dfd50111f2a7d18ffae34c0a13d8a84e35b7d5ed67468062f65db2",
	};
	uchar k, s[PAKYLEN], s2[PAKYLEN], bad[PAKYLEN];
	char err[ERRMAX];
	size_t i;

	(void)state;
	for(i = 0; i < sizeof kg / sizeof kg[0]; i++){
		k = i;
		assert_int_equal(_authdecafmulg(curve, &k, 1, s), 0);
		assert_hex(kg[i], s, PAKYLEN);
		assert_int_equal(_authdecafround(curve, s, s2), 0);
		assert_memory_equal(s, s2, PAKYLEN);
	}
	/* s > (p−1)/2: all ones; p itself; (p−1)/2 + 1 */
	memset(bad, 0xff, sizeof bad);
	assert_int_equal(_authdecafround(curve, bad, s2), -1);
	p9rerrstr(err, sizeof err);
	assert_string_equal(err, "not a Decaf encoding");
	bad[27] = 0xfe;
	assert_int_equal(_authdecafround(curve, bad, s2), -1);
	memset(bad, 0xff, sizeof bad);
	bad[0] = 0x7f;
	bad[28] = 0x80;
	memset(bad + 29, 0, PAKYLEN - 29);
	assert_int_equal(_authdecafround(curve, bad, s2), -1);
	/* the negation of a valid s, p − s, is above (p−1)/2: non-canonical */
	unhex(kg[1], s, PAKYLEN);
	{
		int j, borrow = 0;
		uchar p[PAKYLEN];
		memset(p, 0xff, sizeof p);
		p[27] = 0xfe;
		for(j = PAKYLEN-1; j >= 0; j--){
			int d = p[j] - s[j] - borrow;
			borrow = d < 0;
			bad[j] = d;
		}
	}
	assert_int_equal(_authdecafround(curve, bad, s2), -1);
	/* small values that are not on the curve: the first s in 1..40 that is rejected */
	memset(bad, 0, sizeof bad);
	for(i = 1; i < 40; i++){
		bad[PAKYLEN-1] = i;
		if(_authdecafround(curve, bad, s2) < 0)
			break;
	}
	assert_true(i < 40);
}

static void
hashof(const char *user, const char *pw, Authkey *k)
{
	assert_int_equal(authpasstokey(k, pw), 0);
	assert_int_equal(authpakhash(k, user), 0);
}

static void
test_pakhash(void **state)
{
	static const char glenda[] =
		"262020a33ddc1da7f792028489ecb10272445a0d3c84130a2463ab0db600532a3d39e579a5dcc4a2167e12595fc8aff9d1c5747a501f3279f719849c769a90c9114a787c788fa25a658f504c53c07c59fdffd3de7925a3822c34c5d4c48b9fa2361446b90217e7ce35a10a14e0ab8d388e9b020d3562913596b992bf37397cfa645de826197ef314c0a13fd6813e38ed6c2ea85f9d5da8a18d3fbb10a183862968a521b84c478c5e8ac2c89d9598cd8a9bc55d23762582635465205f4d494610ebeaeb81d34ddd210a4a040ab56cfae04a854122d11346d986d8668efa2778e0aa9a309a9b2c65485c4cae3f9763cc38ef0bf70a70a57e01db54b278179a59a9a9522eaf9496d725f6be3d9bb063e44d3f5810bc641a4108a1c66e988c233d0b92e3dbacae009b765b40231a3c0d42387b21383edc5449549e6e1b381bb906400787477dcafc8e0f69ff160a14dc259ae649c9e8fe4fbf1f612aa3c92bf700beb2fc037369571edb94c9c66f09438762f0d0de18d1102407bbd4720b617ff3e93af8dc5ac9e44fd663d959d5faf0d14c6b6df2e0a9ca82f9381ebfd9334ce895b07ced1bfef65921fe9ba257cad2bd9329d9a57365be20b4d49afa598ce80a35";
	static const char bootes[] =
		"1d7c2d68d393c93786027c23531849922242a5fbae15a6a229f2b1f16c2c9ed294b623da15a8fe7129a8117e2e3e28db31be91d79cb15221a069c40a22d7446e5f13980d2fe1b54bb15c0dd93868220e4c5594394314d590c76965c085a3e034a96caef8ad73084593c3df76c0737c1b9bfd2e13ace84111bf4d8b7218e9c4eee8309bc211d6ce07e2c4ee34b643c4169d6d11e140e7c3d039530a648698f8261b6c523b220a04edcd099d2de19f9c915a7e12fabb91bc62c219fe6ac9724277fc0d0424340031bea6637ef8c3a0ee57b1db0c5d8395f253535e4d13cc18db770f5a5b55c2d174b120dba86e86c9e9024e8aa98d8cf235d3a9ae6f2c0c856ddc91643a0a63ab2d8868a387d6614ec4a0e717d1d0bb3c95d794d5709363971f7f26867e9824756f9c7d4e1da692818438324f03b95bba0e6f7d125b30604ba0bc188338d79ef74f6da5e7ccc9dcf46abf252c7877907d825e1803a3ce4b74fa38dc1dd6e974bc94915cf5d3204e6c7286290bf290c6ce25e438fc2ba47365c8baaace9e65bb6612202e6de7eb9e3ba15bd1d2823df79a4a52166fc3ee9d307a804429fb1dd7be6f519672519626b64f6454d3d7aa6a043b18c83606e2241d4658";
	Authkey k;
	uchar x[PAKSLEN], y[PAKSLEN], salt[32], h[112];

	(void)state;
	hashof("glenda", "secret", &k);
	assert_hex(glenda, k.pakhash, PAKHASHLEN);
	assert_int_equal(_authaffine(curve, k.pakhash, x, y), 0);
	assert_hex("4a41f2ff081a2e846679c1cc00fc0c6161b841b38b74de224be876208a4c8df59b37272e29f632c577e244dc1e051e7548bde9ee31e37e6d", x, PAKSLEN);
	assert_hex("2b09d3b849a0d7c1cd678a7633a9da71e36b2c538ef762414a7ec320fc2436e926984f3da9fe9137d78ff4ddb598c6aa8643c1c20e140d68", y, PAKSLEN);
	assert_int_equal(_authaffine(curve, k.pakhash + PAKPLEN, x, y), 0);
	assert_hex("407967c6b0aa4fa42556b635bfcef2730bee8b16cd38b32032a22797b0e562694ebc62e81bfd1e4325ba74648f64604af8fe0b8c55bbe5d8", x, PAKSLEN);
	assert_hex("96939e3e5199f094c9978798c95494d20f55b06e5299435fd15d786df0ccc39fdc83b5c0e7a6197800ff3736a3ab03661fe86331d58aa72d", y, PAKSLEN);
	/* the HKDF in between */
	unhex("604265a8277aec2e3de6d0aa92bb1961c74634e861eafbf3f6fc5dad1821dbe7", salt, 32);
	assert_int_equal(authhkdf(salt, 32, k.aes, AESKEYLEN, "Plan 9 AuthPAK hash", h, 112), 0);
	assert_hex("67e7089bac06d4f665a91ba8ab7b7e5facb09b57263490058181a0d6a3bcbe80dac7c63cba74d43be38bcf560cce4223c6bb52449b9dc2d3c673fc1e5b659b3540565c93ff717e826d2c06e6e870a78fe7c9219b4e4c1970c6dc5fbd94ab22575304298a69a5a081c7b317d34843a907", h, 112);

	hashof("bootes", "bootespw", &k);
	assert_hex(bootes, k.pakhash, PAKHASHLEN);
	assert_int_equal(_authaffine(curve, k.pakhash, x, y), 0);
	assert_hex("acc603e0fba552287a82e2901add92fd4b09d8d4974b1646245177c743a03c617205f0989e1c495c25a4bb43d1760db1083008fa41e177f6", x, PAKSLEN);
	assert_int_equal(_authaffine(curve, k.pakhash + PAKPLEN, x, y), 0);
	assert_hex("99e9090d66da171acb0d8cb9486e090693ea16873fd1543714c07a781924bd83a4dbc3d7676d82b86b1dbefd0db813e64fb83345c1f1ef4e", y, PAKSLEN);
}

/* one side: authpaknewx with scalar xhex must give want as its public value */
static void
pakside(PAKpriv *p, const Authkey *k, const char *xhex, const char *want, int isclient)
{
	uchar x[PAKXLEN], y[PAKYLEN];

	unhex(xhex, x, PAKXLEN);
	assert_int_equal(authpaknewx(p, k, x, y, isclient), 0);
	assert_hex(want, y, PAKYLEN);
}

static void
test_pak(void **state)
{
	static const char pakkey[] =
		"debdf4c02f72bdaae945c0ae353d7077200a9e5851d8442a0d09588c7a2bb422";
	Authkey kc, ka;
	PAKpriv pc, pa, p2;
	uchar yc[PAKYLEN], ya[PAKYLEN], ff[PAKYLEN];
	char err[ERRMAX];

	(void)state;
	hashof("glenda", "secret", &kc);
	ka = kc;
	pakside(&pc, &kc, "4b2028b1c9b8f6a27211084a99fcabc549b6a2f4c3c4bc856af2b70ca2399a801e04912618f86a41ef5e3d341c5ef4ca43ddb97097efb01e",
		"60889b383f2c4a1a3cb2323e9f11d16ef0c0044137c03f392d76b50d9f0a7a592eb34f0c6baf936c68bcb5db8dacd15834c153c2f2886d92", 1);
	pakside(&pa, &ka, "f30566cd0a56499a1b17e98a8d87c6ad0d1a1791e1367234eed8c60b9c90f2546cd77425693a6da8344b9393aa571954c10502083663098c",
		"348efc1c0905645c93f31a8f300e43e0a30f561ff41095128ef53caa735c2d40976efc44e4aff3df96762f66d3496beb57b9e681260eee49", 0);
	memcpy(yc, pc.y, PAKYLEN);
	memcpy(ya, pa.y, PAKYLEN);
	p2 = pc;
	assert_int_equal(authpakfinish(&pc, &kc, ya), 0);
	assert_hex(pakkey, kc.pakkey, PAKKEYLEN);
	assert_int_equal(authpakfinish(&pa, &ka, yc), 0);
	assert_hex(pakkey, ka.pakkey, PAKKEYLEN);
	/* finish wipes its secret */
	assert_int_equal(pc.x[0] | pc.x[PAKXLEN-1] | pc.isclient, 0);

	/* an invalid value: s > (p−1)/2 */
	memset(ff, 0xff, sizeof ff);
	assert_int_equal(authpakfinish(&p2, &kc, ff), -1);
	p9rerrstr(err, sizeof err);
	assert_string_equal(err, "PAK value is not a curve point");

	/* a wrong password gives another key, and nobody notices here */
	hashof("glenda", "wrong", &ka);
	assert_int_equal(authpaknew(&pa, &ka, ya, 0), 0);
	assert_int_equal(authpaknew(&pc, &kc, yc, 1), 0);
	assert_int_equal(authpakfinish(&pa, &ka, yc), 0);
	assert_int_equal(authpakfinish(&pc, &kc, ya), 0);
	assert_memory_not_equal(ka.pakkey, kc.pakkey, PAKKEYLEN);
	/* an empty password and an empty user name make keys like any other */
	hashof("", "", &ka);
	kc = ka;
	assert_int_equal(authpaknew(&pa, &ka, ya, 0), 0);
	assert_int_equal(authpaknew(&pc, &kc, yc, 1), 0);
	assert_int_equal(authpakfinish(&pa, &ka, yc), 0);
	assert_int_equal(authpakfinish(&pc, &kc, ya), 0);
	assert_memory_equal(ka.pakkey, kc.pakkey, PAKKEYLEN);
	/* a peer value that decodes but is the wrong one: no error, other keys */
	hashof("glenda", "secret", &kc);
	assert_int_equal(authpaknew(&pc, &kc, yc, 1), 0);
	assert_int_equal(authpakfinish(&pc, &kc, yc), 0);
	/* random scalars, right password: agreement */
	hashof("glenda", "secret", &ka);
	assert_int_equal(authpaknew(&pa, &ka, ya, 0), 0);
	assert_int_equal(authpaknew(&pc, &kc, yc, 1), 0);
	assert_int_equal(authpakfinish(&pa, &ka, yc), 0);
	assert_int_equal(authpakfinish(&pc, &kc, ya), 0);
	assert_memory_equal(ka.pakkey, kc.pakkey, PAKKEYLEN);
}

/* the AuthPAK of an AuthTreq: server bootes, client glenda, the AS keying both */
static void
test_authpak(void **state)
{
	Authkey ks, kc, kas, kac;
	PAKpriv ps, pc, pas, pac;

	(void)state;
	hashof("bootes", "bootespw", &ks);
	hashof("glenda", "secret", &kc);
	kas = ks;
	kac = kc;
	pakside(&ps, &ks, "a6e3d013d179f28ec47b6ee1d928d38ba7e84c0b0445f0dd7c346f5c1598f80cf0025de30f073498178dd2428f8a595fba219ffa08a6039e",
		"33d09d96d401798c19f0eb7c3634b49afa3b9ccca2f668188903744aa12c7d4a69e557e506b76c2eef53e089814dce58db53248957247ab4", 1);
	pakside(&pc, &kc, "b0f18d05956c37543414370f23bc1219c7599851893b9098bca5e800cf200213cc9673a12825fa42aed6f9e0f9f49ba71804fb58685ab74a",
		"4fb9278ebf1d962820ed8ff183dc55a33dbf4cdf8e6cf855f7d137176026dafb449725ffeba9f125da7fcf4ecfa25c3af6d796136db28e48", 1);
	pakside(&pas, &kas, "19de7bb063edc9d8229ced830d934ca671d5fc123335048faff02e480d89d8fc0b0a0b38f3eb0483dda1623b32ad644062fbd97eeb6c323c",
		"2d7193c577c5d6b1ef18dcbd337d01f0813c95a1aa67fc1f66b7ffccfe35eee55133a12e5bcadd2cb3aa94540fdf447397a1862764915376", 0);
	pakside(&pac, &kac, "f1589db2f987c4aa63536e7c9d6d74cd82193545218599e7ac45374630209c0e90bd5e834f089095d3005e0ce0cc37946e9672b0aa3c8f62",
		"1284c45cdb86f120a7a4e6708a955f31354af637a27a6353a527c59b1f322d94f19f90f9e897907fc499337ac4bcef3df83b84d710dc0f85", 0);
	{
		uchar yas[PAKYLEN], yac[PAKYLEN], ys[PAKYLEN], yc[PAKYLEN];
		memcpy(ys, ps.y, PAKYLEN);
		memcpy(yc, pc.y, PAKYLEN);
		memcpy(yas, pas.y, PAKYLEN);
		memcpy(yac, pac.y, PAKYLEN);
		assert_int_equal(authpakfinish(&pas, &kas, ys), 0);
		assert_int_equal(authpakfinish(&pac, &kac, yc), 0);
		assert_int_equal(authpakfinish(&ps, &ks, yas), 0);
		assert_int_equal(authpakfinish(&pc, &kc, yac), 0);
	}
	assert_hex("0d7f8ac12359e80d3dbb92a37d1a19d0ae7846e373222bc5317e61fb49dbb3f8", ks.pakkey, 32);
	assert_hex("0d7f8ac12359e80d3dbb92a37d1a19d0ae7846e373222bc5317e61fb49dbb3f8", kas.pakkey, 32);
	assert_hex("caa9c609a75a27190c558e5b5cb2af5395e87878bcccbd60b68f70a19d759d0e", kc.pakkey, 32);
	assert_hex("caa9c609a75a27190c558e5b5cb2af5395e87878bcccbd60b68f70a19d759d0e", kac.pakkey, 32);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_elligator),
		cmocka_unit_test(test_decaf),
		cmocka_unit_test(test_pakhash),
		cmocka_unit_test(test_pak),
		cmocka_unit_test(test_authpak),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
