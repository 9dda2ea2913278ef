/* server.c: cmocka tests of the lib9p server, driven with raw 9P frames over a socketpair. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <malloc.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "serverutil.h"

/*
 * The test server's files, by qid path: the root (0) holds "d" (1, a directory that holds
 * itself as "d", for deep walks), "file" (2, reads "hello"), "slow" (3, answers a read after
 * Slowms on a timer unless flushed), "block" (4, reads block on a Reqqueue for up to 2s unless
 * flushed) and e00..e19 (10..29).
 */
enum {
	Qroot, Qd, Qfile, Qslow, Qblock, Qe = 10,
	Ne = 20,
	Testmsize = 8192,
	Slowms = 600,
};

typedef struct Fix Fix;
struct Fix {
	Srv srv;
	Reqqueue *q;
	pthread_t thread;
	Tconn c;
	Tconn c2;
	int ended;
};

static Qid
mkqid(uvlong path)
{
	return tqid(path, path == Qroot || path == Qd);
}

static void
tattach1(Req *r)
{
	r->ofcall.qid = mkqid(Qroot);
	nprespond(r, nil);
}

static char*
twalk1(Fid *fid, char *name, Qid *qid)
{
	int i;

	if(strcmp(name, "..") == 0){
		*qid = mkqid(Qroot);
		return nil;
	}
	if(fid->qid.path == Qd){
		if(strcmp(name, "d") != 0)
			return "file does not exist";
		*qid = mkqid(Qd);
		return nil;
	}
	if(strcmp(name, "d") == 0)
		*qid = mkqid(Qd);
	else if(strcmp(name, "file") == 0)
		*qid = mkqid(Qfile);
	else if(strcmp(name, "slow") == 0)
		*qid = mkqid(Qslow);
	else if(strcmp(name, "block") == 0)
		*qid = mkqid(Qblock);
	else if(name[0] == 'e' && strlen(name) == 3 && (i = atoi(name+1)) < Ne)
		*qid = mkqid(Qe + i);
	else
		return "file does not exist";
	return nil;
}

static char*
tclone(Fid *old, Fid *new)
{
	return nil;
}

static void
topen1(Req *r)
{
	nprespond(r, nil);
}

static int
rootgen(vlong *pos, Dir *d, void *aux)
{
	static char names[Ne+4][16];
	static const char *fixed[] = { "d", "file", "slow", "block" };
	int n;

	if(*pos >= Ne + 4)
		return -1;
	n = (*pos)++;
	if(n < 4)
		snprintf(names[n], sizeof names[n], "%s", fixed[n]);
	else
		snprintf(names[n], sizeof names[n], "e%02d", n - 4);
	d->name = names[n];
	d->uid = d->gid = d->muid = "test";
	d->qid = mkqid(n < 4 ? (uvlong)n + 1 : (uvlong)Qe + n - 4);
	d->mode = d->qid.type == QTDIR ? DMDIR|0555 : 0444;
	return 0;
}

static void
slowcb(uv_timer_t *t)
{
	Req *r;

	r = t->data;
	npreadstr(r, "late");
	nprespond(r, nil);
	uv_close((uv_handle_t*)t, (uv_close_cb)free);
}

static vlong
msnow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* 2 s by the clock, not by a count of sleeps, which a loaded machine stretches */
static void
blockread(Req *r)
{
	vlong end;

	end = msnow() + 2000;
	while(msnow() < end && !npreqflushed(r))
		usleep(5000);
	if(npreqflushed(r)){
		nprespond(r, "interrupted");
		return;
	}
	npreadstr(r, "done");
	nprespond(r, nil);
}

static void
tread1(Req *r)
{
	uv_timer_t *t;
	Fix *fx;

	fx = r->srv->aux;
	switch(r->fid->qid.path){
	case Qroot:
		npdirread9p(r, rootgen, nil);
		nprespond(r, nil);
		break;
	case Qd:
		nprespond(r, nil);
		break;
	case Qslow:
		t = malloc(sizeof *t);
		uv_timer_init(npsrvloop(r->srv), t);
		t->data = r;
		r->aux = t;
		uv_timer_start(t, slowcb, Slowms, 0);
		break;
	case Qblock:
		npreqqueuepush(fx->q, r, blockread);
		break;
	default:
		npreadstr(r, "hello");
		nprespond(r, nil);
	}
}

static void
twrite1(Req *r)
{
	r->ofcall.count = r->ifcall.count;
	nprespond(r, nil);
}

static void
tstat1(Req *r)
{
	r->d.name = "x";
	r->d.uid = r->d.gid = r->d.muid = "test";
	r->d.qid = r->fid->qid;
	r->d.mode = r->d.qid.type == QTDIR ? DMDIR|0555 : 0444;
	nprespond(r, nil);
}

/* srv->flush: a slow read is cancelled at once; a blocked one through its queue. */
static void
tflush1(Req *r)
{
	Req *o;
	uv_timer_t *t;

	o = r->oldreq;
	if(o->ifcall.type == Tread && o->fid->qid.path == Qslow && (t = o->aux) != nil){
		uv_timer_stop(t);
		uv_close((uv_handle_t*)t, (uv_close_cb)free);
		nprespond(o, "interrupted");
	}else if(o->ifcall.type == Tread && o->fid->qid.path == Qblock)
		npreqqueueflush(((Fix*)r->srv->aux)->q, o);
	nprespond(r, nil);
}

static void
tend(Srv *srv)
{
	((Fix*)srv->aux)->ended = 1;
}

static Fix*
startfix(int withflush, Tree *tree)
{
	Fix *fx;

	fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	fx->srv.aux = fx;
	fx->srv.msize = Testmsize;
	fx->srv.end = tend;
	if(tree != nil){
		fx->srv.tree = tree;
	}else{
		fx->srv.attach = tattach1;
		fx->srv.walk1 = twalk1;
		fx->srv.clone = tclone;
		fx->srv.open = topen1;
		fx->srv.read = tread1;
		fx->srv.write = twrite1;
		fx->srv.stat = tstat1;
		if(withflush)
			fx->srv.flush = tflush1;
	}
	fx->q = npreqqueuecreate(1);
	assert_non_null(fx->q);
	if(tstartsrv(&fx->srv, &fx->c, &fx->c2, &fx->thread) < 0)
		fail_msg("%s", terr());
	return fx;
}

static int
setup(void **state)
{
	*state = startfix(1, nil);
	return 0;
}

static int
setupnoflush(void **state)
{
	*state = startfix(0, nil);
	return 0;
}

static int
teardown(void **state)
{
	Fix *fx;

	fx = *state;
	if(tendsrv(&fx->srv, &fx->c, &fx->c2, fx->thread) < 0)
		fail_msg("%s", terr());
	npreqqueuefree(fx->q);
	assert_int_equal(fx->ended, 1);
	free(fx);
	return 0;
}

/* Attach fid 0 on a fresh connection. */
static void
hello(Tconn *c)
{
	if(thello(c, Testmsize, "glenda") < 0)
		fail_msg("version and attach: %s", terr());
}

static void
expecterr(Tconn *c, Fcall *t, const char *err)
{
	Fcall r;

	assert_int_equal(trpc(c, t, &r), -1);
	assert_string_equal(terr(), err);
}

static void
test_version(void **state)
{
	Fix *fx;
	Fcall t, r;

	fx = *state;
	memset(&t, 0, sizeof t);
	t.type = Tattach;
	t.afid = NOFID;
	t.uname = "glenda";
	t.aname = "";
	expecterr(&fx->c, &t, "version not negotiated");

	t.type = Tversion;
	t.tag = NOTAG;
	t.msize = 1 << 24;
	t.version = "9P2000";
	assert_int_equal(trpc(&fx->c, &t, &r), 0);
	assert_int_equal(r.msize, Testmsize);
	assert_string_equal(r.version, "9P2000");

	t.msize = 4096;
	t.version = "9P2000.u";
	assert_int_equal(trpc(&fx->c, &t, &r), 0);
	assert_int_equal(r.msize, 4096);
	assert_string_equal(r.version, "9P2000");

	t.version = "9P3000";
	assert_int_equal(trpc(&fx->c, &t, &r), 0);
	assert_string_equal(r.version, "unknown");
	memset(&t, 0, sizeof t);
	t.type = Tclunk;
	expecterr(&fx->c, &t, "version not negotiated");

	memset(&t, 0, sizeof t);
	t.type = Tversion;
	t.tag = NOTAG;
	t.version = "9P2000";
	t.msize = 100;
	expecterr(&fx->c, &t, "msize too small");

	assert_int_equal(tversion(&fx->c, 256), 256);
	assert_int_equal(tattach(&fx->c, 0, "glenda"), 0);
	/* a read is clamped to msize-IOHDRSZ */
	assert_int_equal(twalk(&fx->c, 0, 1, ""), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	memset(&t, 0, sizeof t);
	t.type = Tread;
	t.fid = 1;
	t.count = 10000;
	assert_int_equal(trpc(&fx->c, &t, &r), 0);
	assert_true(r.count <= 256 - IOHDRSZ);
	assert_true(r.count > 0);
	/* a new Tversion clunks every fid */
	assert_int_equal(tversion(&fx->c, Testmsize), Testmsize);
	assert_int_equal(tclunk(&fx->c, 0), -1);
	assert_string_equal(terr(), "unknown fid");
}

static void
test_attach(void **state)
{
	Fix *fx;
	Fcall t;
	Dir d;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(tattach(&fx->c, 0, "glenda"), -1);
	assert_string_equal(terr(), "fid in use");
	assert_int_equal(tstat(&fx->c, 0, &d), 0);
	assert_int_equal(d.qid.type, QTDIR);
	assert_int_equal(tstat(&fx->c, 99, &d), -1);
	assert_string_equal(terr(), "unknown fid");
	assert_int_equal(twalk(&fx->c, 99, 100, "d"), -1);
	assert_string_equal(terr(), "unknown fid");
	assert_int_equal(tclunk(&fx->c, 99), -1);
	assert_string_equal(terr(), "unknown fid");
	memset(&t, 0, sizeof t);
	t.type = Tauth;
	t.afid = 5;
	t.uname = "glenda";
	t.aname = "";
	expecterr(&fx->c, &t, "authentication not required");
	memset(&t, 0, sizeof t);
	t.type = Tattach;
	t.fid = 6;
	t.afid = 5;
	t.uname = "glenda";
	t.aname = "";
	expecterr(&fx->c, &t, "authentication not required");
	/* clunk frees the fid: it can be attached again */
	assert_int_equal(tclunk(&fx->c, 0), 0);
	assert_int_equal(tattach(&fx->c, 0, "glenda"), 0);
	/* the second connection has its own fids */
	hello(&fx->c2);
}

static void
test_walk(void **state)
{
	Fix *fx;
	Fcall t, r;
	Dir d;
	uchar raw[512];
	uint n;
	int i;

	fx = *state;
	hello(&fx->c);
	/* partial walk: the qids done, and no newfid */
	memset(&t, 0, sizeof t);
	t.type = Twalk;
	t.fid = 0;
	t.newfid = 1;
	t.nwname = 3;
	t.wname[0] = "d";
	t.wname[1] = "d";
	t.wname[2] = "nope";
	assert_int_equal(trpc(&fx->c, &t, &r), 0);
	assert_int_equal(r.nwqid, 2);
	assert_int_equal(r.wqid[1].path, Qd);
	assert_int_equal(tstat(&fx->c, 1, &d), -1);
	assert_string_equal(terr(), "unknown fid");
	/* first element fails: an error */
	assert_int_equal(twalk(&fx->c, 0, 1, "nope"), -1);
	assert_string_equal(terr(), "file does not exist");
	assert_int_equal(tclunk(&fx->c, 1), -1);
	/* 16 names fine */
	assert_int_equal(twalk(&fx->c, 0, 1, "d/d/d/d/d/d/d/d/d/d/d/d/d/d/d/d"), 0);
	assert_int_equal(tstat(&fx->c, 1, &d), 0);
	assert_int_equal(d.qid.path, Qd);
	/* newfid in use */
	assert_int_equal(twalk(&fx->c, 0, 1, "file"), -1);
	assert_string_equal(terr(), "fid in use");
	/* 17 names refused: built by hand, the codec will not encode it */
	n = 4+1+2+4+4+2;
	raw[4] = Twalk;
	raw[5] = 77;
	raw[6] = 0;
	memset(raw+7, 0, 4);
	raw[11] = 2;
	memset(raw+12, 0, 3);
	raw[15] = 17;
	raw[16] = 0;
	for(i = 0; i < 17; i++){
		raw[n] = 1;
		raw[n+1] = 0;
		raw[n+2] = 'd';
		n += 3;
	}
	raw[0] = n;
	raw[1] = n >> 8;
	raw[2] = raw[3] = 0;
	assert_int_equal(tsendraw(&fx->c, raw, n), 0);
	assert_int_equal(trecv(&fx->c, &r, 2000), 0);
	assert_int_equal(r.type, Rerror);
	assert_int_equal(r.tag, 77);
	assert_int_equal(tstat(&fx->c, 2, &d), -1);
	/* .. at the root stays there */
	assert_int_equal(twalk(&fx->c, 0, 3, "../.."), 0);
	assert_int_equal(tstat(&fx->c, 3, &d), 0);
	assert_int_equal(d.qid.path, Qroot);
	/* a failed walk of a fid to itself leaves it alone */
	assert_int_equal(twalk(&fx->c, 3, 3, "d/nope/x"), -1);
	assert_int_equal(tstat(&fx->c, 3, &d), 0);
	assert_int_equal(d.qid.path, Qroot);
	assert_int_equal(twalk(&fx->c, 3, 3, "d/d"), 0);
	assert_int_equal(tstat(&fx->c, 3, &d), 0);
	assert_int_equal(d.qid.path, Qd);
	/* walk in a file, and walk of an open fid */
	assert_int_equal(twalk(&fx->c, 0, 4, "file"), 0);
	assert_int_equal(twalk(&fx->c, 4, 5, "x"), -1);
	assert_string_equal(terr(), "not a directory");
	assert_int_equal(twalk(&fx->c, 0, 6, ""), 0);
	assert_int_equal(topen(&fx->c, 6, OREAD), 0);
	assert_int_equal(twalk(&fx->c, 6, 7, "d"), -1);
	assert_string_equal(terr(), "cannot walk an open fid");
	assert_int_equal(twalk(&fx->c, 6, 7, ""), -1);
}

static void
test_open(void **state)
{
	Fix *fx;
	char buf[64];

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, "file"), 0);
	assert_int_equal(tread(&fx->c, 1, 0, buf, sizeof buf), -1);
	assert_string_equal(terr(), "fid not open");
	assert_int_equal(twrite(&fx->c, 1, 0, "x", 1), -1);
	assert_string_equal(terr(), "fid not open");
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), -1);
	assert_string_equal(terr(), "fid already open");
	assert_int_equal(tread(&fx->c, 1, 0, buf, sizeof buf), 5);
	assert_memory_equal(buf, "hello", 5);
	assert_int_equal(twrite(&fx->c, 1, 0, "x", 1), -1);
	assert_string_equal(terr(), "file not open for writing");
	assert_int_equal(twalk(&fx->c, 0, 2, "file"), 0);
	assert_int_equal(topen(&fx->c, 2, OWRITE), 0);
	assert_int_equal(tread(&fx->c, 2, 0, buf, sizeof buf), -1);
	assert_string_equal(terr(), "file not open for reading");
	assert_int_equal(twrite(&fx->c, 2, 0, "xyz", 3), 3);
	/* directories */
	assert_int_equal(twalk(&fx->c, 0, 3, "d"), 0);
	assert_int_equal(topen(&fx->c, 3, OWRITE), -1);
	assert_string_equal(terr(), "is a directory");
	assert_int_equal(topen(&fx->c, 3, OREAD|OTRUNC), -1);
	assert_int_equal(topen(&fx->c, 3, OREAD), 0);
	assert_int_equal(tcreate(&fx->c, 3, "x", 0666, OWRITE), -1);
	assert_string_equal(terr(), "fid already open");
	/* create in a file, and without a create handler */
	assert_int_equal(twalk(&fx->c, 0, 4, "file"), 0);
	assert_int_equal(tcreate(&fx->c, 4, "x", 0666, OWRITE), -1);
	assert_string_equal(terr(), "create in non-directory");
	assert_int_equal(twalk(&fx->c, 0, 5, ""), 0);
	assert_int_equal(tcreate(&fx->c, 5, "x", 0666, OWRITE), -1);
	assert_string_equal(terr(), "create prohibited");
	assert_int_equal(tcreate(&fx->c, 5, "..", 0666, OWRITE), -1);
	assert_string_equal(terr(), "illegal file name");
	/* remove always clunks */
	assert_int_equal(tremove(&fx->c, 5), -1);
	assert_string_equal(terr(), "remove prohibited");
	assert_int_equal(tclunk(&fx->c, 5), -1);
	assert_string_equal(terr(), "unknown fid");
}

static void
test_dirread(void **state)
{
	Fix *fx;
	uchar buf[4096];
	long n, total;
	int nent, i;
	vlong off;
	Dir d;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, ""), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	off = 0;
	nent = 0;
	total = 0;
	for(;;){
		/* room for about two entries */
		n = tread(&fx->c, 1, off, buf, 2*(STATFIXLEN+8) + 5);
		assert_true(n >= 0);
		if(n == 0)
			break;
		for(i = 0; i < n; ){
			uint m = buf[i] | buf[i+1] << 8;
			assert_true(i + m + 2 <= n);
			assert_int_equal(npconvM2D(buf+i, m+2, &d), m+2);
			i += m + 2;
			nent++;
		}
		off += n;
		total += n;
	}
	assert_int_equal(nent, Ne + 4);
	/* a bad offset is refused; 0 restarts */
	assert_int_equal(tread(&fx->c, 1, 3, buf, sizeof buf), -1);
	assert_string_equal(terr(), "bad offset in directory read");
	assert_int_equal(tread(&fx->c, 1, off + 1, buf, sizeof buf), -1);
	n = tread(&fx->c, 1, 0, buf, sizeof buf);
	assert_int_equal(n, total);
	/* too small for one entry: nothing */
	assert_int_equal(tread(&fx->c, 1, 0, buf, 10), 0);
}

/* Send a Tread of count bytes at offset 0 on fid, not waiting for the answer. */
static void
sendread(Tconn *c, ushort tag, u32int fid, u32int count)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = Tread;
	t.tag = tag;
	t.fid = fid;
	t.count = count;
	assert_int_equal(tsend(c, &t), 0);
}

/* Send Tread on fid with tag, then a Tflush of it; expect the read's answer, then Rflush. */
static void
flushread(Tconn *c, u32int fid, ushort tag, ushort flushtag, int delayms, const char *want)
{
	Fcall t, r;

	sendread(c, tag, fid, 100);
	if(delayms > 0)
		usleep(delayms * 1000);
	memset(&t, 0, sizeof t);
	t.type = Tflush;
	t.tag = flushtag;
	t.oldtag = tag;
	assert_int_equal(tsend(c, &t), 0);
	assert_int_equal(trecv(c, &r, 3000), 0);
	assert_int_equal(r.tag, tag);
	if(want == nil)
		assert_int_equal(r.type, Rread);
	else{
		assert_int_equal(r.type, Rerror);
		assert_string_equal(r.ename, want);
	}
	assert_int_equal(trecv(c, &r, 3000), 0);
	assert_int_equal(r.type, Rflush);
	assert_int_equal(r.tag, flushtag);
}

static void
test_flush(void **state)
{
	Fix *fx;
	Fcall t, r;

	fx = *state;
	hello(&fx->c);
	/* unknown tag: Rflush at once */
	memset(&t, 0, sizeof t);
	t.type = Tflush;
	t.oldtag = 999;
	assert_int_equal(trpc(&fx->c, &t, &r), 0);
	/* a delayed request cancelled by srv->flush */
	assert_int_equal(twalk(&fx->c, 0, 1, "slow"), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	flushread(&fx->c, 1, 1010, 1011, 20, "interrupted");
	assert_true(tquiet(&fx->c, Slowms + 200));
	/* a blocked request on a Reqqueue, running */
	assert_int_equal(twalk(&fx->c, 0, 2, "block"), 0);
	assert_int_equal(topen(&fx->c, 2, OREAD), 0);
	flushread(&fx->c, 2, 1020, 1021, 50, "interrupted");
	assert_true(tquiet(&fx->c, 100));
	/* an answered request: Rflush only */
	assert_int_equal(twalk(&fx->c, 0, 3, "file"), 0);
	assert_int_equal(topen(&fx->c, 3, OREAD), 0);
	flushread(&fx->c, 3, 1030, 1031, 0, nil);
	assert_true(tquiet(&fx->c, 100));
}

static void
test_flushqueued(void **state)
{
	Fix *fx;
	Fcall t, r;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 2, "block"), 0);
	assert_int_equal(topen(&fx->c, 2, OREAD), 0);
	/* 1040 runs, 1041 waits behind it; flush 1041 first: it is answered interrupted at once */
	sendread(&fx->c, 1040, 2, 100);
	sendread(&fx->c, 1041, 2, 100);
	usleep(30000);
	memset(&t, 0, sizeof t);
	t.type = Tflush;
	t.tag = 1042;
	t.oldtag = 1041;
	assert_int_equal(tsend(&fx->c, &t), 0);
	assert_int_equal(trecv(&fx->c, &r, 5000), 0);
	assert_int_equal(r.tag, 1041);
	assert_int_equal(r.type, Rerror);
	assert_string_equal(r.ename, "interrupted");
	assert_int_equal(trecv(&fx->c, &r, 5000), 0);
	assert_int_equal(r.tag, 1042);
	assert_int_equal(r.type, Rflush);
	/* 1040 finishes on its own after 2s */
	assert_int_equal(trecv(&fx->c, &r, 8000), 0);
	assert_int_equal(r.tag, 1040);
	assert_int_equal(r.type, Rread);
	assert_int_equal(r.count, 4);
	/* without srv->flush, the library cancels a delayed request itself; a slow one finishes */
	flushread(&fx->c, 2, 1050, 1051, 30, "interrupted");
	assert_int_equal(twalk(&fx->c, 0, 3, "slow"), 0);
	assert_int_equal(topen(&fx->c, 3, OREAD), 0);
	flushread(&fx->c, 3, 1060, 1061, 10, nil);
	assert_true(tquiet(&fx->c, 100));
}

static void
test_garbage(void **state)
{
	Fix *fx;
	uchar small[] = { 5, 0, 0, 0, Tversion };
	uchar big[] = { 0, 0, 1, 0, Tread, 0, 0 };
	uchar bad[] = { 9, 0, 0, 0, Tclunk, 1, 0, 0, 0 };	/* Tclunk one byte short */

	fx = *state;
	hello(&fx->c);
	hello(&fx->c2);
	assert_int_equal(tsendraw(&fx->c, small, sizeof small), 0);
	assert_true(tclosed(&fx->c, 5000));
	assert_int_equal(twalk(&fx->c2, 0, 1, "file"), 0);
	close(fx->c.fd);
	fx->c.fd = -1;
	assert_int_equal(tsendraw(&fx->c2, bad, sizeof bad), 0);
	assert_true(tclosed(&fx->c2, 5000));
	(void)big;
}

static void
test_garbagebig(void **state)
{
	Fix *fx;
	uchar big[] = { 0, 0, 1, 0, Tread, 0, 0 };

	fx = *state;
	hello(&fx->c);
	assert_int_equal(tsendraw(&fx->c, big, sizeof big), 0);
	assert_true(tclosed(&fx->c, 5000));
	hello(&fx->c2);
	assert_int_equal(twalk(&fx->c2, 0, 1, "file"), 0);
}

static void
test_inflight(void **state)
{
	Fix *fx;
	Fcall t, r;
	uchar *buf, *p;
	uint n, i;
	int seen[100];

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, "file"), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	assert_int_equal(twalk(&fx->c, 0, 2, "slow"), 0);
	assert_int_equal(topen(&fx->c, 2, OREAD), 0);
	buf = malloc(100 * 64);
	p = buf;
	for(i = 0; i < 100; i++){
		memset(&t, 0, sizeof t);
		t.type = Tread;
		t.tag = 2000 + i;
		t.fid = i % 2 ? 2 : 1;
		t.count = 100;
		n = npconvS2M(&t, p, 64);
		assert_true(n > 0);
		p += n;
	}
	assert_int_equal(tsendraw(&fx->c, buf, p - buf), 0);
	free(buf);
	memset(seen, 0, sizeof seen);
	for(i = 0; i < 100; i++){
		assert_int_equal(trecv(&fx->c, &r, 3000), 0);
		assert_int_equal(r.type, Rread);
		assert_true(r.tag >= 2000 && r.tag < 2100);
		assert_int_equal(seen[r.tag - 2000], 0);
		seen[r.tag - 2000] = 1;
		if(r.tag % 2){
			assert_int_equal(r.count, 4);
			assert_memory_equal(r.data, "late", 4);
		}else{
			assert_int_equal(r.count, 5);
			assert_memory_equal(r.data, "hello", 5);
		}
	}
	assert_true(tquiet(&fx->c, 100));
}

static void
test_queue(void **state)
{
	Fix *fx;
	char buf[16];

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, "block"), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	/* other requests go on while one blocks */
	assert_int_equal(tread(&fx->c, 1, 0, buf, sizeof buf), 4);
	assert_memory_equal(buf, "done", 4);
}

static void
test_versionabort(void **state)
{
	Fix *fx;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, "slow"), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	sendread(&fx->c, 3000, 1, 10);
	usleep(20000);
	assert_int_equal(tversion(&fx->c, Testmsize), Testmsize);
	assert_true(tquiet(&fx->c, Slowms + 300));
	assert_int_equal(tattach(&fx->c, 0, "glenda"), 0);
}

static int
setuptree(void **state)
{
	Tree *t;
	File *f;

	t = npalloctree("glenda", "glenda", 0775, nil);
	assert_non_null(t);
	f = npcreatefile(t->root, "sub", "glenda", DMDIR|0755, nil);
	assert_non_null(f);
	npclosefile(f);
	f = npwalkfile(t->root, "sub");
	assert_non_null(f);
	npclosefile(npcreatefile(f, "x", "glenda", 0644, nil));
	assert_int_equal(npremovefile(f), -1);
	npclosefile(f);
	assert_null(npwalkfile(t->root, "sub/y"));
	f = npcreatefile(t->root, "secret", "glenda", 0600, nil);
	npclosefile(f);
	f = npcreatefile(t->root, "pub", "glenda", 0644, nil);
	npclosefile(f);
	assert_null(npcreatefile(t->root, "pub", "glenda", 0644, nil));
	*state = startfix(0, t);
	return 0;
}

static int
teardowntree(void **state)
{
	Tree *t;

	t = ((Fix*)*state)->srv.tree;
	teardown(state);
	npfreetree(t);
	return 0;
}

static void
test_tree(void **state)
{
	Fix *fx;
	Dir d;
	uchar buf[2048];
	long n;
	int i, nent;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, "sub/.."), 0);
	assert_int_equal(tstat(&fx->c, 1, &d), 0);
	assert_string_equal(d.name, "/");
	assert_int_equal(twalk(&fx->c, 0, 2, "pub"), 0);
	assert_int_equal(tstat(&fx->c, 2, &d), 0);
	assert_string_equal(d.name, "pub");
	assert_int_equal(d.mode, 0644);
	assert_int_equal(twalk(&fx->c, 0, 3, "nope"), -1);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	n = tread(&fx->c, 1, 0, buf, sizeof buf);
	for(i = 0, nent = 0; i < n; nent++)
		i += (buf[i] | buf[i+1] << 8) + 2;
	assert_int_equal(nent, 3);
	/* permissions: none may read pub but not secret */
	assert_int_equal(tversion(&fx->c2, Testmsize), Testmsize);
	assert_int_equal(tattach(&fx->c2, 0, "none"), 0);
	assert_int_equal(twalk(&fx->c2, 0, 1, "secret"), 0);
	assert_int_equal(topen(&fx->c2, 1, OREAD), -1);
	assert_string_equal(terr(), "permission denied");
	assert_int_equal(twalk(&fx->c2, 0, 2, "pub"), 0);
	assert_int_equal(topen(&fx->c2, 2, OREAD), 0);
	assert_int_equal(twalk(&fx->c2, 0, 3, "pub"), 0);
	assert_int_equal(topen(&fx->c2, 3, OWRITE), -1);
	assert_int_equal(tremove(&fx->c2, 3), -1);
	assert_string_equal(terr(), "permission denied");
	/* the owner removes; a non-empty directory stays */
	assert_int_equal(twalk(&fx->c, 0, 4, "pub"), 0);
	assert_int_equal(tremove(&fx->c, 4), 0);
	assert_int_equal(twalk(&fx->c, 0, 4, "pub"), -1);
	assert_int_equal(twalk(&fx->c, 0, 5, "sub"), 0);
	assert_int_equal(tremove(&fx->c, 5), -1);
	assert_string_equal(terr(), "directory not empty");
}

static void
test_trace(void **state)
{
	Fix *fx;
	char path[] = "/tmp/np-trace-XXXXXX";
	char buf[4096];
	int fd;
	long n;

	fx = calloc(1, sizeof *fx);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	fx->srv.tracefd = fd;
	fx->srv.attach = tattach1;
	fx->srv.aux = fx;
	fx->srv.end = tend;
	fx->q = npreqqueuecreate(1);
	fx->c2.fd = -1;
	if(tstartsrv(&fx->srv, &fx->c, nil, &fx->thread) < 0)
		fail_msg("%s", terr());
	hello(&fx->c);
	*state = fx;
	teardown(state);
	n = pread(fd, buf, sizeof buf - 1, 0);
	close(fd);
	assert_true(n > 0);
	buf[n] = 0;
	assert_non_null(strstr(buf, "Tversion"));
	assert_non_null(strstr(buf, "Rattach"));
}

/* A client that sends everything and then shuts down its side still gets every reply. */
static void
test_halfclose(void **state)
{
	Fix *fx;
	Fcall r;
	int i;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, "slow"), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	for(i = 0; i < 20; i++)
		sendread(&fx->c, 4000 + i, 1, 10);
	assert_int_equal(shutdown(fx->c.fd, SHUT_WR), 0);
	for(i = 0; i < 20; i++){
		assert_int_equal(trecv(&fx->c, &r, 3000), 0);
		assert_int_equal(r.type, Rread);
	}
	assert_true(tclosed(&fx->c, 5000));
}

static size_t
heapused(void)
{
	struct mallinfo2 mi;

	mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

/* Idle connections stay small, also after a large message went through them. */
static void
test_idlememory(void **state)
{
	enum { Nconn = 40, Big = 300*1024 };
	Fix *fx;
	Tconn *c;
	size_t before, after;
	char *data;
	int i;

	fx = calloc(1, sizeof *fx);
	c = calloc(Nconn, sizeof *c);
	data = calloc(1, Big);
	assert_true(fx != nil && c != nil && data != nil);
	fx->srv.aux = fx;
	fx->srv.msize = Big + 1024;
	fx->srv.end = tend;
	fx->srv.attach = tattach1;
	fx->srv.walk1 = twalk1;
	fx->srv.open = topen1;
	fx->srv.write = twrite1;
	fx->q = npreqqueuecreate(1);
	assert_int_equal(npsrvinit(&fx->srv, nil), 0);
	fx->c.fd = fx->c2.fd = -1;
	before = heapused();
	for(i = 0; i < Nconn; i++)
		assert_true((c[i].fd = npsrvpipe(&fx->srv)) >= 0);
	assert_int_equal(pthread_create(&fx->thread, nil, tserve, &fx->srv), 0);
	for(i = 0; i < Nconn; i++){
		assert_int_equal(tversion(&c[i], Big + 1024), Big + 1024);
		assert_int_equal(tattach(&c[i], 0, "glenda"), 0);
		assert_int_equal(twalk(&c[i], 0, 1, "file"), 0);
		assert_int_equal(topen(&c[i], 1, OWRITE), 0);
		assert_int_equal(twrite(&c[i], 1, 0, data, Big), Big);
	}
	usleep(50000);
	after = heapused();
	after = after > before ? after - before : 0;
	print_message("# %zu bytes per idle connection\n", after / Nconn);
	assert_true(after / Nconn < 64*1024);
	for(i = 0; i < Nconn; i++)
		close(c[i].fd);
	*state = fx;
	teardown(state);
	free(c);
	free(data);
}

static void*
loopthread(void *a)
{
	uv_run(a, UV_RUN_DEFAULT);
	return nil;
}

/* A loop of the caller's, listening on TCP and Unix sockets, and posting in the srv directory. */
static void
test_listen(void **state)
{
	uv_loop_t loop;
	Srv srv, srv2;
	pthread_t t;
	char actual[128], dir[] = "/tmp/np-srv-XXXXXX", addr[320], path[300];
	Tconn c;
	int port;

	assert_non_null(mkdtemp(dir));
	setenv("NAMESPACE", dir, 1);
	assert_int_equal(uv_loop_init(&loop), 0);
	memset(&srv, 0, sizeof srv);
	srv.attach = tattach1;
	assert_int_equal(npsrvinit(&srv, &loop), 0);
	assert_ptr_equal(npsrvloop(&srv), &loop);
	assert_int_equal(npsrvlisten(&srv, "tcp!127.0.0.1!0", actual, sizeof actual), 0);
	assert_int_equal(strncmp(actual, "tcp!127.0.0.1!", 14), 0);
	port = atoi(actual + 14);
	assert_true(port > 0);
	snprintf(path, sizeof path, "%s/sock", dir);
	snprintf(addr, sizeof addr, "unix!%s", path);
	assert_int_equal(npsrvlisten(&srv, addr, nil, 0), 0);
	assert_int_equal(npsrvpost(&srv, "nptest"), 0);
	assert_int_equal(npsrvlisten(&srv, "bogus!x!y", nil, 0), -1);
	memset(&srv2, 0, sizeof srv2);
	assert_int_equal(npsrvinit(&srv2, nil), 0);
	assert_int_equal(npsrvpost(&srv2, "nptest"), -1);
	npsrvstop(&srv2);
	assert_int_equal(npsrvrun(&srv2), 0);
	assert_int_equal(pthread_create(&t, nil, loopthread, &loop), 0);

	assert_true((c.fd = p9dial(actual, nil, nil, nil)) >= 0);
	c.wfd = 0;
	hello(&c);
	close(c.fd);
	assert_true((c.fd = p9dial(addr, nil, nil, nil)) >= 0);
	hello(&c);
	close(c.fd);
	assert_true((c.fd = p9dial("nptest", nil, nil, nil)) >= 0);
	hello(&c);

	npsrvstop(&srv);
	pthread_join(t, nil);
	close(c.fd);
	assert_int_equal(uv_loop_close(&loop), 0);
	assert_null(srv.st);
	snprintf(path, sizeof path, "%s/nptest", dir);
	assert_int_equal(access(path, F_OK), -1);
	snprintf(path, sizeof path, "%s/sock", dir);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attach, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dirread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flushqueued, setupnoflush, teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbagebig, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inflight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versionabort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_halfclose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tree, setuptree, teardowntree),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_idlememory),
		cmocka_unit_test(test_listen),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, nil, nil);
}
