/* codec.c: unit tests of the 9P2000 codec: round trips, golden frames, malformed input, %F. */
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

enum { Big = 70000 };

static char hello[] = "hello";

/* the stat entry of the golden Rstat: a directory "usr" */
static uchar goldstat[] = {
	0x41, 0x00,			/* size: 65 bytes follow */
	0x4d, 0x00,			/* type 'M' */
	0x03, 0x00, 0x00, 0x00,		/* dev 3 */
	0x80,				/* qid.type QTDIR */
	0x44, 0x33, 0x22, 0x11,		/* qid.vers */
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,	/* qid.path */
	0xed, 0x01, 0x00, 0x80,		/* mode DMDIR|0755 */
	0x00, 0x10, 0x5e, 0x5f,		/* atime */
	0x01, 0x10, 0x5e, 0x5f,		/* mtime */
	0x89, 0x67, 0x45, 0x23, 0x01, 0x00, 0x00, 0x00,	/* length */
	0x03, 0x00, 'u', 's', 'r',
	0x06, 0x00, 'g', 'l', 'e', 'n', 'd', 'a',
	0x03, 0x00, 's', 'y', 's',
	0x06, 0x00, 'b', 'o', 'o', 't', 'e', 's',
};

static Dir
golddir(void)
{
	Dir d;

	memset(&d, 0, sizeof d);
	d.type = 'M';
	d.dev = 3;
	d.qid.type = QTDIR;
	d.qid.vers = 0x11223344;
	d.qid.path = 0x8877665544332211ULL;
	d.mode = DMDIR|0755;
	d.atime = 0x5f5e1000;
	d.mtime = 0x5f5e1001;
	d.length = 0x123456789LL;
	d.name = "usr";
	d.uid = "glenda";
	d.gid = "sys";
	d.muid = "bootes";
	return d;
}

static Qid
mkqid(uchar type, u32int vers, uvlong path)
{
	Qid q;

	q.type = type;
	q.vers = vers;
	q.path = path;
	return q;
}

/* a typical message of each type */
static void
sample(int type, Fcall *f)
{
	memset(f, 0, sizeof *f);
	f->type = type;
	f->tag = 0x1234;
	switch(type){
	case Tversion:
	case Rversion:
		f->tag = NOTAG;
		f->msize = NP_DEFMSIZE;
		f->version = VERSION9P;
		break;
	case Tauth:
		f->afid = 0x01020304;
		f->uname = "glenda";
		f->aname = "";
		break;
	case Rauth:
		f->aqid = mkqid(QTAUTH, 1, 0xdeadbeefcafeULL);
		break;
	case Tattach:
		f->fid = 7;
		f->afid = NOFID;
		f->uname = "glenda";
		f->aname = "main/active";
		break;
	case Rattach:
		f->qid = mkqid(QTDIR, 0, 1);
		break;
	case Rerror:
		f->ename = "file does not exist";
		break;
	case Tflush:
		f->oldtag = 0xfffe;
		break;
	case Twalk:
		f->fid = 7;
		f->newfid = 8;
		f->nwname = MAXWELEM;
		for(int i = 0; i < MAXWELEM; i++)
			f->wname[i] = i % 2 ? "lib" : "..";
		break;
	case Rwalk:
		f->nwqid = MAXWELEM;
		for(int i = 0; i < MAXWELEM; i++)
			f->wqid[i] = mkqid(i, 100+i, 0x100000000ULL*i + 5);
		break;
	case Topen:
		f->fid = 8;
		f->mode = ORDWR|OTRUNC;
		break;
	case Ropen:
	case Rcreate:
		f->qid = mkqid(QTAPPEND, 3, 0xffffffffffffffffULL);
		f->iounit = 8192;
		break;
	case Tcreate:
		f->fid = 8;
		f->name = "newdir";
		f->perm = DMDIR|0775;
		f->mode = OREAD;
		break;
	case Tread:
		f->fid = 8;
		f->offset = 0x7fffffffffffffffLL;
		f->count = 0xffffffff;
		break;
	case Twrite:
		f->fid = 8;
		f->offset = 12345;
		f->count = 5;
		f->data = hello;
		break;
	case Rread:
		f->count = 5;
		f->data = hello;
		break;
	case Rwrite:
		f->count = 5;
		break;
	case Tclunk:
	case Tremove:
	case Tstat:
		f->fid = 0xfffffffe;
		break;
	case Twstat:
		f->fid = 9;
		/* fall through */
	case Rstat:
		f->nstat = sizeof goldstat;
		f->stat = goldstat;
		break;
	}
}

static void
qidequal(const Qid *a, const Qid *b)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->vers, b->vers);
	assert_true(a->path == b->path);
}

/* every field of a's type equal in b */
static void
fcallequal(const Fcall *a, const Fcall *b)
{
	int i;

	assert_int_equal(a->type, b->type);
	assert_int_equal(a->tag, b->tag);
	switch(a->type){
	case Tversion:
	case Rversion:
		assert_int_equal(a->msize, b->msize);
		assert_string_equal(a->version, b->version);
		break;
	case Tattach:
		assert_int_equal(a->fid, b->fid);
		/* fall through */
	case Tauth:
		assert_int_equal(a->afid, b->afid);
		assert_string_equal(a->uname, b->uname);
		assert_string_equal(a->aname, b->aname);
		break;
	case Rauth:
		qidequal(&a->aqid, &b->aqid);
		break;
	case Rattach:
		qidequal(&a->qid, &b->qid);
		break;
	case Rerror:
		assert_string_equal(a->ename, b->ename);
		break;
	case Tflush:
		assert_int_equal(a->oldtag, b->oldtag);
		break;
	case Twalk:
		assert_int_equal(a->fid, b->fid);
		assert_int_equal(a->newfid, b->newfid);
		assert_int_equal(a->nwname, b->nwname);
		for(i = 0; i < a->nwname; i++)
			assert_string_equal(a->wname[i], b->wname[i]);
		break;
	case Rwalk:
		assert_int_equal(a->nwqid, b->nwqid);
		for(i = 0; i < a->nwqid; i++)
			qidequal(&a->wqid[i], &b->wqid[i]);
		break;
	case Topen:
		assert_int_equal(a->fid, b->fid);
		assert_int_equal(a->mode, b->mode);
		break;
	case Tcreate:
		assert_int_equal(a->fid, b->fid);
		assert_string_equal(a->name, b->name);
		assert_int_equal(a->perm, b->perm);
		assert_int_equal(a->mode, b->mode);
		break;
	case Ropen:
	case Rcreate:
		qidequal(&a->qid, &b->qid);
		assert_int_equal(a->iounit, b->iounit);
		break;
	case Tread:
		assert_int_equal(a->fid, b->fid);
		assert_true(a->offset == b->offset);
		assert_int_equal(a->count, b->count);
		break;
	case Twrite:
		assert_int_equal(a->fid, b->fid);
		assert_true(a->offset == b->offset);
		/* fall through */
	case Rread:
		assert_int_equal(a->count, b->count);
		assert_memory_equal(a->data, b->data, a->count);
		break;
	case Rwrite:
		assert_int_equal(a->count, b->count);
		break;
	case Tclunk:
	case Tremove:
	case Tstat:
		assert_int_equal(a->fid, b->fid);
		break;
	case Twstat:
		assert_int_equal(a->fid, b->fid);
		/* fall through */
	case Rstat:
		assert_int_equal(a->nstat, b->nstat);
		assert_memory_equal(a->stat, b->stat, a->nstat);
		break;
	}
}

static const int alltypes[] = {
	Tversion, Rversion, Tauth, Rauth, Tattach, Rattach, Rerror, Tflush, Rflush,
	Twalk, Rwalk, Topen, Ropen, Tcreate, Rcreate, Tread, Rread, Twrite, Rwrite,
	Tclunk, Rclunk, Tremove, Rremove, Tstat, Rstat, Twstat, Rwstat,
};
enum { Ntypes = sizeof alltypes / sizeof alltypes[0] };

static void
roundtrip(const Fcall *f)
{
	uchar *buf, *copy;
	uint n, size;
	Fcall g;

	size = npsizeS2M(f);
	assert_true(size >= 7);
	buf = malloc(size);
	copy = malloc(size);
	assert_non_null(buf);
	assert_non_null(copy);
	n = npconvS2M(f, buf, size);
	assert_int_equal(n, size);
	assert_int_equal(npmsgsize(buf, n), size);
	memcpy(copy, buf, n);
	memset(&g, 0xa5, sizeof g);
	assert_int_equal(npconvM2S(buf, n, &g), n);
	fcallequal(f, &g);
	/* encoding the decoded call back into its own buffer restores the bytes */
	assert_int_equal(npconvS2M(&g, buf, n), n);
	assert_memory_equal(buf, copy, n);
	free(buf);
	free(copy);
}

static void
test_roundtrip(void **state)
{
	Fcall f;
	int i;

	(void)state;
	for(i = 0; i < Ntypes; i++){
		sample(alltypes[i], &f);
		roundtrip(&f);
	}
}

static void
test_roundtrip_edges(void **state)
{
	static char big[6000];
	Fcall f;

	(void)state;
	memset(big, 'x', sizeof big - 1);
	sample(Twalk, &f);
	f.nwname = 0;
	roundtrip(&f);
	f.nwname = 1;
	f.wname[0] = "";
	roundtrip(&f);
	sample(Rwalk, &f);
	f.nwqid = 0;
	roundtrip(&f);
	sample(Rread, &f);
	f.count = 0;
	f.data = nil;
	roundtrip(&f);
	f.count = sizeof big - 1;
	f.data = big;
	roundtrip(&f);
	sample(Rerror, &f);
	f.ename = big;
	roundtrip(&f);
	sample(Twrite, &f);
	f.count = 0;
	roundtrip(&f);
	sample(Tversion, &f);
	f.version = "";
	roundtrip(&f);
}

/* nil strings encode as empty ones */
static void
test_nilstrings(void **state)
{
	uchar buf[64];
	Fcall f, g;

	(void)state;
	sample(Tattach, &f);
	f.uname = nil;
	f.aname = nil;
	assert_int_equal(npsizeS2M(&f), 4+1+2+4+4+2+2);
	assert_int_equal(npconvS2M(&f, buf, sizeof buf), 19);
	assert_int_equal(npconvM2S(buf, 19, &g), 19);
	assert_string_equal(g.uname, "");
	assert_string_equal(g.aname, "");
}

static void
golden(const Fcall *f, const uchar *want, uint nwant)
{
	uchar buf[256], in[256];
	Fcall g;
	uint i;

	assert_int_equal(npsizeS2M(f), nwant);
	assert_int_equal(npconvS2M(f, buf, sizeof buf), nwant);
	assert_memory_equal(buf, want, nwant);
	memcpy(in, want, nwant);
	assert_int_equal(npconvM2S(in, nwant, &g), nwant);
	fcallequal(f, &g);
	/* decoded strings lie inside the message and are terminated there */
	if(f->type == Twalk)
		for(i = 0; i < g.nwname; i++){
			assert_true((uchar*)g.wname[i] > in && (uchar*)g.wname[i] < in + nwant);
			assert_true((uchar*)g.wname[i] + strlen(g.wname[i]) < in + nwant);
		}
	/* one byte less of room is not enough */
	assert_int_equal(npconvS2M(f, buf, nwant - 1), 0);
}

static void
test_golden_version(void **state)
{
	static const uchar tv[] = {
		0x13, 0x00, 0x00, 0x00, 0x64, 0xff, 0xff, 0x00, 0x20, 0x00, 0x00,
		0x06, 0x00, '9', 'P', '2', '0', '0', '0',
	};
	static const uchar rv[] = {
		0x13, 0x00, 0x00, 0x00, 0x65, 0xff, 0xff, 0x00, 0x20, 0x00, 0x00,
		0x06, 0x00, '9', 'P', '2', '0', '0', '0',
	};
	Fcall f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.type = Tversion;
	f.tag = NOTAG;
	f.msize = 8192;
	f.version = "9P2000";
	golden(&f, tv, sizeof tv);
	f.type = Rversion;
	golden(&f, rv, sizeof rv);
}

static void
test_golden_walk(void **state)
{
	static const uchar tw[] = {
		0x1e, 0x00, 0x00, 0x00, 0x6e, 0x01, 0x00,
		0x10, 0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x02, 0x00,
		0x03, 0x00, 'u', 's', 'r',
		0x06, 0x00, 'g', 'l', 'e', 'n', 'd', 'a',
	};
	static const uchar rw[] = {
		0x23, 0x00, 0x00, 0x00, 0x6f, 0x01, 0x00, 0x02, 0x00,
		0x80, 0x01, 0x00, 0x00, 0x00, 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	Fcall f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.type = Twalk;
	f.tag = 1;
	f.fid = 0x10;
	f.newfid = 0x11;
	f.nwname = 2;
	f.wname[0] = "usr";
	f.wname[1] = "glenda";
	golden(&f, tw, sizeof tw);

	memset(&f, 0, sizeof f);
	f.type = Rwalk;
	f.tag = 1;
	f.nwqid = 2;
	f.wqid[0] = mkqid(QTDIR, 1, 0x0102030405060708ULL);
	f.wqid[1] = mkqid(QTFILE, 0, 2);
	golden(&f, rw, sizeof rw);
}

static void
test_golden_read(void **state)
{
	static const uchar tr[] = {
		0x17, 0x00, 0x00, 0x00, 0x74, 0x02, 0x00, 0x05, 0x00, 0x00, 0x00,
		0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00,
	};
	static const uchar rr[] = {
		0x10, 0x00, 0x00, 0x00, 0x75, 0x02, 0x00, 0x05, 0x00, 0x00, 0x00,
		'h', 'e', 'l', 'l', 'o',
	};
	Fcall f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.type = Tread;
	f.tag = 2;
	f.fid = 5;
	f.offset = 0x100000003LL;
	f.count = 0x2000;
	golden(&f, tr, sizeof tr);

	memset(&f, 0, sizeof f);
	f.type = Rread;
	f.tag = 2;
	f.count = 5;
	f.data = hello;
	golden(&f, rr, sizeof rr);
}

static void
test_golden_error(void **state)
{
	static const uchar re[] = {
		0x1a, 0x00, 0x00, 0x00, 0x6b, 0x03, 0x00, 0x11, 0x00,
		'p', 'e', 'r', 'm', 'i', 's', 's', 'i', 'o', 'n', ' ', 'd', 'e', 'n', 'i', 'e', 'd',
	};
	Fcall f;

	(void)state;
	memset(&f, 0, sizeof f);
	f.type = Rerror;
	f.tag = 3;
	f.ename = "permission denied";
	golden(&f, re, sizeof re);
}

static void
test_golden_stat(void **state)
{
	static const uchar ts[] = {
		0x0b, 0x00, 0x00, 0x00, 0x7c, 0x04, 0x00, 0x07, 0x00, 0x00, 0x00,
	};
	static const uchar rshdr[] = { 0x4c, 0x00, 0x00, 0x00, 0x7d, 0x04, 0x00, 0x43, 0x00 };
	uchar rs[sizeof rshdr + sizeof goldstat], ent[sizeof goldstat];
	Fcall f, g;
	Dir d, e;

	(void)state;
	memset(&f, 0, sizeof f);
	f.type = Tstat;
	f.tag = 4;
	f.fid = 7;
	golden(&f, ts, sizeof ts);

	/* the entry from a Dir, by hand */
	d = golddir();
	assert_int_equal(sizeof goldstat, 67);
	assert_int_equal(npsizeD2M(&d), sizeof goldstat);
	assert_int_equal(npconvD2M(&d, ent, sizeof ent), sizeof goldstat);
	assert_memory_equal(ent, goldstat, sizeof goldstat);

	memcpy(rs, rshdr, sizeof rshdr);
	memcpy(rs + sizeof rshdr, goldstat, sizeof goldstat);
	memset(&f, 0, sizeof f);
	f.type = Rstat;
	f.tag = 4;
	f.nstat = sizeof goldstat;
	f.stat = ent;
	golden(&f, rs, sizeof rs);

	/* and the Dir back out of the decoded Rstat */
	assert_int_equal(npconvM2S(rs, sizeof rs, &g), sizeof rs);
	assert_int_equal(npconvM2D(g.stat, g.nstat, &e), sizeof goldstat);
	assert_int_equal(e.type, d.type);
	assert_int_equal(e.dev, d.dev);
	qidequal(&e.qid, &d.qid);
	assert_int_equal(e.mode, d.mode);
	assert_int_equal(e.atime, d.atime);
	assert_int_equal(e.mtime, d.mtime);
	assert_true(e.length == d.length);
	assert_string_equal(e.name, "usr");
	assert_string_equal(e.uid, "glenda");
	assert_string_equal(e.gid, "sys");
	assert_string_equal(e.muid, "bootes");
}

static void
direqual(const Dir *a, const Dir *b)
{
	assert_int_equal(a->type, b->type);
	assert_int_equal(a->dev, b->dev);
	qidequal(&a->qid, &b->qid);
	assert_int_equal(a->mode, b->mode);
	assert_int_equal(a->atime, b->atime);
	assert_int_equal(a->mtime, b->mtime);
	assert_true(a->length == b->length);
	assert_string_equal(a->name ? a->name : "", b->name);
	assert_string_equal(a->uid ? a->uid : "", b->uid);
	assert_string_equal(a->gid ? a->gid : "", b->gid);
	assert_string_equal(a->muid ? a->muid : "", b->muid);
}

static void
dirtrip(const Dir *d)
{
	static uchar buf[Big];
	uint n;
	Dir e;

	n = npsizeD2M(d);
	assert_true(n >= STATFIXLEN);
	assert_int_equal(npconvD2M(d, buf, sizeof buf), n);
	assert_int_equal(npstatcheck(buf, n), 0);
	assert_int_equal(npconvM2D(buf, n, &e), n);
	direqual(d, &e);
}

static void
test_dir(void **state)
{
	static char name[Big];
	uchar buf[STATFIXLEN + 8];
	Dir d;

	(void)state;
	d = golddir();
	dirtrip(&d);
	d.name = d.uid = d.gid = d.muid = "";
	assert_int_equal(npsizeD2M(&d), STATFIXLEN);
	dirtrip(&d);
	d.name = d.uid = d.gid = d.muid = nil;
	assert_int_equal(npsizeD2M(&d), STATFIXLEN);
	dirtrip(&d);
	/* the longest entry: size[2] counts at most 65535 bytes */
	memset(name, 'n', sizeof name - 1);
	d = golddir();
	d.uid = d.gid = d.muid = "";
	name[0xFFFF + 2 - STATFIXLEN] = 0;
	d.name = name;
	dirtrip(&d);
	assert_int_equal(npsizeD2M(&d), 0xFFFF + 2);
	name[0xFFFF + 2 - STATFIXLEN] = 'n';
	name[0xFFFF + 3 - STATFIXLEN] = 0;
	assert_int_equal(npsizeD2M(&d), 0);
	assert_int_equal(npconvD2M(&d, (uchar*)name + 0, 0), 0);
	/* long strings in every field */
	name[300] = 0;
	d.name = d.uid = d.gid = d.muid = name;
	dirtrip(&d);

	/* too small: the needed size goes in the first two bytes */
	d = golddir();
	memset(buf, 0, sizeof buf);
	assert_int_equal(npconvD2M(&d, buf, sizeof buf), 2);
	assert_int_equal(buf[0] | buf[1]<<8, npsizeD2M(&d) - 2);
	assert_int_equal(npconvD2M(&d, buf, 1), 0);
	{
		uchar exact[sizeof goldstat];

		assert_int_equal(npconvD2M(&d, exact, sizeof exact - 1), 2);
		assert_int_equal(npconvD2M(&d, exact, sizeof exact), sizeof exact);
	}
}

static void
test_statcheck(void **state)
{
	uchar buf[2*sizeof goldstat + 1];
	Dir d;

	(void)state;
	memcpy(buf, goldstat, sizeof goldstat);
	assert_int_equal(npstatcheck(buf, sizeof goldstat), 0);
	assert_int_equal(npstatcheck(buf, sizeof goldstat - 1), -1);	/* short */
	assert_int_equal(npstatcheck(buf, STATFIXLEN - 1), -1);
	assert_int_equal(npstatcheck(nil, 0), -1);
	assert_int_equal(npstatcheck(buf, 0), -1);
	buf[sizeof goldstat] = 0;
	assert_int_equal(npstatcheck(buf, sizeof goldstat + 1), -1);	/* trailing */
	buf[0]++;							/* size field */
	assert_int_equal(npstatcheck(buf, sizeof goldstat), -1);
	assert_int_equal(npstatcheck(buf, sizeof goldstat + 1), -1);	/* strings end early */
	buf[0]--;
	buf[41]++;							/* name past its end */
	assert_int_equal(npstatcheck(buf, sizeof goldstat), -1);
	assert_int_equal(npconvM2D(buf, sizeof goldstat, &d), 0);
	buf[41]--;
	buf[44] = 0;							/* NUL in name */
	assert_int_equal(npstatcheck(buf, sizeof goldstat), -1);
	assert_int_equal(npconvM2D(buf, sizeof goldstat, &d), 0);
}

/* a directory read: entries one after the other, each decoded in place */
static void
test_dirread(void **state)
{
	uchar buf[3*sizeof goldstat];
	const char *names[] = { "a", "", "ccc" };
	uint n, off;
	Dir d;
	int i;

	(void)state;
	off = 0;
	for(i = 0; i < 3; i++){
		d = golddir();
		d.name = (char*)names[i];
		d.qid.path = i;
		n = npconvD2M(&d, buf + off, sizeof buf - off);
		assert_int_equal(n, npsizeD2M(&d));
		off += n;
	}
	for(i = 0, n = 0; n < off; i++){
		uint m = npconvM2D(buf + n, off - n, &d);
		assert_true(m > 0);
		assert_string_equal(d.name, names[i]);
		assert_string_equal(d.uid, "glenda");
		assert_string_equal(d.muid, "bootes");
		assert_true(d.qid.path == (uvlong)i);
		n += m;
	}
	assert_int_equal(i, 3);
	assert_int_equal(n, off);
}

/* decode must fail, whatever the frame; the frame is copied so tests can reuse it */
static void
bad(const uchar *m, uint n)
{
	static uchar buf[Big];
	Fcall f;

	memcpy(buf, m, n);
	assert_int_equal(npconvM2S(buf, n, &f), 0);
}

static uint
encode(int type, uchar *buf, uint nbuf)
{
	Fcall f;
	uint n;

	sample(type, &f);
	n = npconvS2M(&f, buf, nbuf);
	assert_true(n > 0);
	return n;
}

static void
setsize(uchar *m, u32int n)
{
	m[0] = n;
	m[1] = n>>8;
	m[2] = n>>16;
	m[3] = n>>24;
}

/* Every proper prefix and every extension of a valid message is invalid. */
static void
test_truncated(void **state)
{
	uchar m[1024], t[1024];
	uint n, k;
	int i;

	(void)state;
	for(i = 0; i < Ntypes; i++){
		n = encode(alltypes[i], m, sizeof m);
		for(k = 0; k < n; k++){
			memcpy(t, m, n);
			bad(t, k);		/* the size field still says n */
			if(k >= 4){
				setsize(t, k);	/* the size field agrees, the fields do not */
				bad(t, k);
			}
		}
		memcpy(t, m, n);
		t[n] = 0;
		setsize(t, n+1);
		bad(t, n+1);			/* trailing byte */
		setsize(t, n+1);
		bad(t, n);			/* size too big */
		setsize(t, n-1);
		bad(t, n);			/* size too small */
	}
}

static void
test_badtype(void **state)
{
	uchar m[64];
	uint n;

	(void)state;
	n = encode(Tclunk, m, sizeof m);
	m[4] = 99;
	bad(m, n);
	m[4] = Terror;
	bad(m, n);
	m[4] = 0;
	bad(m, n);
	m[4] = Tmax;
	bad(m, n);
	m[4] = 255;
	bad(m, n);
	/* encoding refuses the same types */
	{
		Fcall f;
		int t;
		static const int types[] = { 0, 99, Terror, Tmax, 255 };

		for(t = 0; t < 5; t++){
			sample(Tclunk, &f);
			f.type = types[t];
			assert_int_equal(npsizeS2M(&f), 0);
			assert_int_equal(npconvS2M(&f, m, sizeof m), 0);
		}
	}
	assert_int_equal(npconvM2S(nil, 0, nil), 0);
}

static void
test_badstrings(void **state)
{
	uchar m[256];
	uint n;

	(void)state;
	n = encode(Tversion, m, sizeof m);	/* ... 06 00 9P2000 */
	m[11]++;				/* string length past the end */
	bad(m, n);
	m[11] = 0xff;
	m[12] = 0xff;
	bad(m, n);
	m[11] = 5;				/* string shorter: one trailing byte */
	m[12] = 0;
	bad(m, n);
	m[11] = 6;
	m[14] = 0;				/* NUL inside the version */
	bad(m, n);
	m[14] = 'P';
	{
		Fcall f;
		memcpy(m + 100, m, n);
		assert_int_equal(npconvM2S(m + 100, n, &f), n);	/* fixed again */
		assert_string_equal(f.version, VERSION9P);
	}

	n = encode(Tattach, m, sizeof m);	/* uname at 15, "glenda" */
	m[18] = 0;
	bad(m, n);
	n = encode(Rerror, m, sizeof m);
	m[n-1] = 0;				/* NUL as last byte of ename */
	bad(m, n);
	n = encode(Twalk, m, sizeof m);
	m[n-1] = 0;				/* in the last name */
	bad(m, n);
}

static void
test_badwalk(void **state)
{
	uchar m[1024];
	uint n;
	Fcall f;

	(void)state;
	/* 17 names, all present: too many */
	n = encode(Twalk, m, sizeof m);
	m[15] = MAXWELEM + 1;
	m[n] = 0;
	m[n+1] = 0;
	setsize(m, n+2);
	bad(m, n+2);
	m[15] = MAXWELEM;
	bad(m, n+2);			/* 16 names and an extra empty one */
	/* fewer names than nwname says */
	memset(&f, 0, sizeof f);
	f.type = Twalk;
	f.nwname = 2;
	f.wname[0] = "a";
	f.wname[1] = "b";
	n = npconvS2M(&f, m, sizeof m);
	m[15] = 3;
	bad(m, n);
	m[15] = 1;
	bad(m, n);
	/* 17 qids, all present */
	n = encode(Rwalk, m, sizeof m);
	m[7] = MAXWELEM + 1;
	memset(m + n, 0, 13);
	setsize(m, n+13);
	bad(m, n+13);
	/* fewer qids than nwqid says */
	n = encode(Rwalk, m, sizeof m);
	m[7] = MAXWELEM - 1;
	bad(m, n);
	/* encoding refuses too many, too */
	sample(Twalk, &f);
	f.nwname = MAXWELEM + 1;
	assert_int_equal(npsizeS2M(&f), 0);
	assert_int_equal(npconvS2M(&f, m, sizeof m), 0);
	sample(Rwalk, &f);
	f.nwqid = MAXWELEM + 1;
	assert_int_equal(npsizeS2M(&f), 0);
	assert_int_equal(npconvS2M(&f, m, sizeof m), 0);
}

static void
test_badcount(void **state)
{
	uchar m[256];
	uint n;
	Fcall f;

	(void)state;
	n = encode(Rread, m, sizeof m);		/* count at 7 */
	m[7] = 6;
	bad(m, n);
	m[7] = 4;
	bad(m, n);
	m[7] = 5;
	m[10] = 0x80;
	bad(m, n);
	m[7] = m[8] = m[9] = m[10] = 0xff;
	bad(m, n);
	n = encode(Twrite, m, sizeof m);	/* count at 19 */
	m[19] = 6;
	bad(m, n);
	m[19] = 4;
	bad(m, n);
	m[19] = 0;
	bad(m, n);
	/* a count that makes the message longer than a size field can say */
	sample(Rread, &f);
	f.count = 0xffffffff - 11 + 1;
	assert_int_equal(npsizeS2M(&f), 0);
	f.count = 0xffffffff - 11;
	assert_int_equal(npsizeS2M(&f), 0xffffffff);
	sample(Twrite, &f);
	f.count = 0xffffffff;
	assert_int_equal(npsizeS2M(&f), 0);
	/* data nil with a count */
	sample(Rread, &f);
	f.data = nil;
	assert_int_equal(npsizeS2M(&f), 0);
	sample(Twrite, &f);
	f.data = nil;
	assert_int_equal(npconvS2M(&f, m, sizeof m), 0);
}

static void
test_badstat(void **state)
{
	uchar m[512];
	uint n;
	Fcall f;

	(void)state;
	n = encode(Rstat, m, sizeof m);		/* nstat at 7, entry at 9 */
	m[7]++;
	bad(m, n);
	m[7] -= 2;
	bad(m, n);
	m[7]++;
	m[9]++;					/* the entry's own size disagrees */
	bad(m, n);
	m[9]--;
	m[9+41] = 2;				/* name "us", then garbage */
	bad(m, n);
	m[9+41] = 3;
	m[9+44] = 0;				/* NUL in name */
	bad(m, n);
	m[9+44] = 's';
	assert_int_equal(npconvM2S(m, n, &f), n);

	/* two entries in one Rstat: nstat matches, but a stat is one entry */
	n = encode(Rstat, m, sizeof m);
	memcpy(m + n, goldstat, sizeof goldstat);
	m[7] = (2*sizeof goldstat) & 0xff;
	m[8] = (2*sizeof goldstat) >> 8;
	setsize(m, n + sizeof goldstat);
	bad(m, n + sizeof goldstat);

	n = encode(Twstat, m, sizeof m);	/* nstat at 11, entry at 13 */
	m[11]++;
	bad(m, n);
	m[11]--;
	m[13]--;
	bad(m, n);
	m[13]++;
	assert_int_equal(npconvM2S(m, n, &f), n);

	/* an empty or malformed stat is not encoded either */
	sample(Rstat, &f);
	f.nstat = 0;
	assert_int_equal(npsizeS2M(&f), 0);
	sample(Twstat, &f);
	f.nstat--;
	assert_int_equal(npconvS2M(&f, m, sizeof m), 0);
	f.stat = nil;
	assert_int_equal(npconvS2M(&f, m, sizeof m), 0);
}

static void
test_short(void **state)
{
	static const uchar tiny[] = { 0x06, 0x00, 0x00, 0x00, 0x79, 0x01 };
	static const uchar rflush[] = { 0x07, 0x00, 0x00, 0x00, 0x6d, 0x01, 0x00 };
	uchar m[16];

	(void)state;
	bad(tiny, sizeof tiny);
	bad(tiny, 0);
	memcpy(m, rflush, sizeof rflush);
	{
		Fcall f;
		assert_int_equal(npconvM2S(m, sizeof rflush, &f), sizeof rflush);
		assert_int_equal(f.type, Rflush);
		assert_int_equal(f.tag, 1);
	}
	memcpy(m, rflush, sizeof rflush);
	m[4] = Tclunk + 1;
	assert_int_equal(npconvM2S(m, 7, &(Fcall){0}), 7);	/* Rclunk: no body */
	m[4] = Tclunk;
	bad(m, 7);						/* Tclunk needs a fid */
}

static void
test_toolong(void **state)
{
	static char big[Big];
	Fcall f;

	(void)state;
	memset(big, 'e', sizeof big - 1);
	sample(Rerror, &f);
	f.ename = big;
	assert_int_equal(npsizeS2M(&f), 0);	/* 69999 bytes do not fit a 2-byte count */
	big[0xFFFF] = 0;
	assert_int_equal(npsizeS2M(&f), 7 + 2 + 0xFFFF);
	roundtrip(&f);
	sample(Twalk, &f);
	f.wname[3] = big;
	roundtrip(&f);
	big[0xFFFF] = 'e';
	assert_int_equal(npsizeS2M(&f), 0);
}

static void
test_msgsize(void **state)
{
	static const uchar m[] = { 0x13, 0x00, 0x00, 0x00, 0x64 };
	static const uchar big[] = { 0xfe, 0xff, 0xff, 0xff };

	(void)state;
	assert_int_equal(npmsgsize(m, sizeof m), 19);
	assert_int_equal(npmsgsize(m, 4), 19);
	assert_int_equal(npmsgsize(m, 3), 0);
	assert_int_equal(npmsgsize(m, 0), 0);
	assert_int_equal(npmsgsize(big, 4), 0xfffffffe);
}

static void
test_names(void **state)
{
	int i;

	(void)state;
	assert_string_equal(npfcallname(Tversion), "Tversion");
	assert_string_equal(npfcallname(Rerror), "Rerror");
	assert_string_equal(npfcallname(Rwstat), "Rwstat");
	assert_null(npfcallname(Terror));
	assert_null(npfcallname(99));
	assert_null(npfcallname(Tmax));
	assert_null(npfcallname(-1));
	for(i = 0; i < Ntypes; i++)
		assert_non_null(npfcallname(alltypes[i]));
}

static void
fmtis(const Fcall *f, const char *want)
{
	char buf[1024];

	p9snprint(buf, sizeof buf, "%F", f);
	assert_string_equal(buf, want);
}

static void
test_fmt(void **state)
{
	static char bin[] = "\x00\x01\x02\x03\x04";
	char buf[1024], want[1024], *exact;
	Fcall f;

	(void)state;
	p9fmtinstall('F', npfcallfmt);
	memset(&f, 0, sizeof f);
	f.type = Tversion;
	f.tag = NOTAG;
	f.msize = 8192;
	f.version = VERSION9P;
	fmtis(&f, "Tversion tag 65535 msize 8192 version '9P2000'");
	f.type = Rerror;
	f.tag = 3;
	f.ename = "permission denied";
	fmtis(&f, "Rerror tag 3 ename permission denied");
	memset(&f, 0, sizeof f);
	f.type = Twalk;
	f.tag = 1;
	f.fid = 16;
	f.newfid = 17;
	f.nwname = 2;
	f.wname[0] = "usr";
	f.wname[1] = "glenda";
	fmtis(&f, "Twalk tag 1 fid 16 newfid 17 nwname 2 0:usr 1:glenda ");
	memset(&f, 0, sizeof f);
	f.type = Rwalk;
	f.tag = 1;
	f.nwqid = 1;
	f.wqid[0] = mkqid(QTDIR, 3, 0x2a);
	fmtis(&f, "Rwalk tag 1 nwqid 1 0:(000000000000002a 3 d) ");
	memset(&f, 0, sizeof f);
	f.type = Rread;
	f.tag = 2;
	f.count = 5;
	f.data = hello;
	fmtis(&f, "Rread tag 2 count 5 'hello'");
	f.data = bin;
	fmtis(&f, "Rread tag 2 count 5 '00010203 04'");
	/* data is not NUL-terminated, and only the first 64 bytes are shown */
	exact = malloc(100);
	assert_non_null(exact);
	memset(exact, 'x', 100);
	f.data = exact;
	fmtis(&f, "Rread tag 2 count 5 'xxxxx'");
	f.count = 100;
	memset(buf, 'x', 64);
	buf[64] = 0;
	p9snprint(want, sizeof want, "Rread tag 2 count 100 '%s'", buf);
	fmtis(&f, want);
	f.data = nil;
	fmtis(&f, "Rread tag 2 count 100 <no data>");
	free(exact);
	memset(&f, 0, sizeof f);
	f.type = Tread;
	f.tag = 2;
	f.fid = 5;
	f.offset = 1024;
	f.count = 8192;
	fmtis(&f, "Tread tag 2 fid 5 offset 1024 count 8192");
	f.type = Tclunk;
	fmtis(&f, "Tclunk tag 2 fid 5");
	memset(&f, 0, sizeof f);
	f.type = Tattach;
	f.fid = 1;
	f.afid = NOFID;
	f.uname = "glenda";
	f.aname = "";
	fmtis(&f, "Tattach tag 0 fid 1 afid -1 uname glenda aname ");
	memset(&f, 0, sizeof f);
	f.type = Ropen;
	f.tag = 9;
	f.qid = mkqid(QTAPPEND|QTEXCL, 0, 1);
	f.iounit = 8168;
	fmtis(&f, "Ropen tag 9 qid (0000000000000001 0 al) iounit 8168");
	memset(&f, 0, sizeof f);
	f.type = Tcreate;
	f.tag = 9;
	f.fid = 3;
	f.name = "d";
	f.perm = DMDIR|0755;
	f.mode = OREAD;
	fmtis(&f, "Tcreate tag 9 fid 3 name d perm 020000000755 mode 0");
	f.type = 99;
	fmtis(&f, "unknown type 99");
	sample(Rstat, &f);
	f.tag = 4;
	fmtis(&f, "Rstat tag 4 stat 'usr' 'glenda' 'sys' 'bootes' q (8877665544332211 287454020 d) "
		"m 020000000755 at 1600000000 mt 1600000001 l 4886718345 t 77 d 3");
	/* the stat bytes are left as they were */
	assert_memory_equal(f.stat, goldstat, sizeof goldstat);
	p9snprint(buf, sizeof buf, "%F", &f);
	assert_string_equal(buf + strlen(buf) - 4, " d 3");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_roundtrip_edges),
		cmocka_unit_test(test_nilstrings),
		cmocka_unit_test(test_golden_version),
		cmocka_unit_test(test_golden_walk),
		cmocka_unit_test(test_golden_read),
		cmocka_unit_test(test_golden_error),
		cmocka_unit_test(test_golden_stat),
		cmocka_unit_test(test_dir),
		cmocka_unit_test(test_statcheck),
		cmocka_unit_test(test_dirread),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_badtype),
		cmocka_unit_test(test_badstrings),
		cmocka_unit_test(test_badwalk),
		cmocka_unit_test(test_badcount),
		cmocka_unit_test(test_badstat),
		cmocka_unit_test(test_short),
		cmocka_unit_test(test_toolong),
		cmocka_unit_test(test_msgsize),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_fmt),
	};

	return cmocka_run_group_tests_name("codec", tests, nil, nil);
}
