/*
 * clientfake.c: cmocka tests of the 9P client against a scripted fake server on a
 * socketpair: the test reads each T-message and answers it (or not, or wrongly) by hand.
 * Flush deadlines, fid numbers after timeouts, and a hostile server.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>
#include "serverutil.h"

enum { Wait = 5000 };	/* ms: how long a step may take on a loaded machine */

/* The fake server's end of the connection: serverutil's Tconn (messages up to 64 KiB). */
typedef struct Fake Fake;
struct Fake {
	Tconn c;
	int cfd;	/* the client's end, until the client takes it */
	uv_timer_t keep;	/* keeps a loop alive */
};

static Fake*
fakenew(void)
{
	Fake *k;
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	k = calloc(1, sizeof *k);
	k->c.fd = sv[0];
	k->cfd = sv[1];
	return k;
}

static void
fakefree(Fake *k)
{
	close(k->c.fd);
	free(k);
}

/* The next T-message within ms: 0, or -1 if none came. */
static int
fakerecv(Fake *k, Fcall *t, int ms)
{
	return trecv(&k->c, t, ms);
}

/* The next T-message, which must be of type type. */
static void
fakeexpect(Fake *k, Fcall *t, int type)
{
	if(fakerecv(k, t, Wait) < 0)
		fail_msg("no %s message from the client", npfcallname(type));
	if(t->type != type)
		fail_msg("got %s, want %s", npfcallname(t->type), npfcallname(type));
}

static void
fakeraw(Fake *k, const void *p, uint n)
{
	assert_int_equal(tsendraw(&k->c, p, n), 0);
}

static void
fakesend(Fake *k, Fcall *r)
{
	assert_int_equal(tsend(&k->c, r), 0);
}

/* Answer t with r (type and tag from t). */
static void
fakereply(Fake *k, const Fcall *t, Fcall *r)
{
	r->type = t->type + 1;
	r->tag = t->tag;
	fakesend(k, r);
}

static void
fakeerror(Fake *k, const Fcall *t, char *ename)
{
	Fcall r;

	memset(&r, 0, sizeof r);
	r.type = Rerror;
	r.tag = t->tag;
	r.ename = ename;
	fakesend(k, &r);
}

static void
fakeok(Fake *k, const Fcall *t)
{
	Fcall r;

	memset(&r, 0, sizeof r);
	fakereply(k, t, &r);
}

/* 1 if nothing arrives from the client within ms. */
static int
fakequiet(Fake *k, int ms)
{
	struct pollfd pfd;

	pfd.fd = k->c.fd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, ms) == 0;
}

static Qid
mkqid(uvlong path, int type)
{
	Qid q;

	q.path = path;
	q.vers = 0;
	q.type = type;
	return q;
}

/* A blocking client call run on a thread of its own, so the test can play the server. */
typedef struct Bg Bg;
struct Bg {
	pthread_t thread;
	void (*fn)(Bg *b);
	int done;
	/* arguments and results */
	Fake *k;
	NpCFsys *fs;
	NpCFid *fid;
	const char *path;
	void *p;
	long n;
	long ret;
	char err[ERRMAX];
};

static void*
bgrun(void *v)
{
	Bg *b;

	b = v;
	p9werrstr("");
	b->fn(b);
	p9rerrstr(b->err, sizeof b->err);
	__atomic_store_n(&b->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void
bgstart(Bg *b, void (*fn)(Bg*))
{
	b->fn = fn;
	b->done = 0;
	b->err[0] = 0;
	assert_int_equal(pthread_create(&b->thread, NULL, bgrun, b), 0);
}

/* A fresh b for a call on fs or fid through k; the other arguments follow, then bgstart. */
static void
bginit(Bg *b, Fake *k, NpCFsys *fs, NpCFid *fid)
{
	memset(b, 0, sizeof *b);
	b->k = k;
	b->fs = fs;
	b->fid = fid;
}

/* 1 (and the thread joined) if the call finished within ms. */
static int
bgwait(Bg *b, int ms)
{
	struct timespec ts;
	int i;

	ts.tv_sec = 0;
	ts.tv_nsec = 10*1000*1000;
	for(i = 0; i < ms/10 && !__atomic_load_n(&b->done, __ATOMIC_SEQ_CST); i++)
		nanosleep(&ts, NULL);
	if(!__atomic_load_n(&b->done, __ATOMIC_SEQ_CST))
		return 0;
	pthread_join(b->thread, NULL);
	return 1;
}

/* Wait for a call that must finish; if it hangs, hang the connection up to free it. */
static void
bgfinish(Bg *b)
{
	if(bgwait(b, Wait))
		return;
	shutdown(b->k->c.fd, SHUT_RDWR);
	pthread_join(b->thread, NULL);
	fail_msg("a client call still waits %d ms on", Wait);
}

static void
callmount(Bg *b)
{
	b->fs = npfsmount(b->k->cfd, NULL, 8192);
}

static void
callunmount(Bg *b)
{
	npfsunmount(b->fs);
}

static void
callfstat(Bg *b)
{
	b->p = npfsdirfstat(b->fid);
}

static void
callwalk(Bg *b)
{
	b->p = npfswalk(b->fid, b->path);
}

static void
callclose(Bg *b)
{
	npfsclose(b->fid);
}

static void
callpread(Bg *b)
{
	b->ret = npfspread(b->fid, b->p, b->n > 0 ? b->n : 100, 0);
}

static void
callpwrite(Bg *b)
{
	b->ret = npfspwrite(b->fid, b->p, b->n > 0 ? b->n : 100, 0);
}

/* Mount through the fake server: Tversion, Tattach. */
static NpCFsys*
fakemount(Fake *k)
{
	Bg b;
	Fcall t, r;

	bginit(&b, k, NULL, NULL);
	bgstart(&b, callmount);
	fakeexpect(k, &t, Tversion);
	memset(&r, 0, sizeof r);
	r.msize = t.msize;
	r.version = VERSION9P;
	fakereply(k, &t, &r);
	fakeexpect(k, &t, Tattach);
	memset(&r, 0, sizeof r);
	r.qid = mkqid(1, QTDIR);
	fakereply(k, &t, &r);
	bgfinish(&b);
	if(b.fs == NULL)
		fail_msg("mount: %s", b.err);
	k->cfd = -1;
	return b.fs;
}

/* Unmount: answer the root's Tclunk. */
static void
fakeunmount(Fake *k, NpCFsys *fs)
{
	Bg b;
	Fcall t;

	bginit(&b, k, fs, NULL);
	bgstart(&b, callunmount);
	while(fakerecv(k, &t, 200) == 0)
		if(t.type == Tclunk)
			fakeok(k, &t);
	bgfinish(&b);
}

/*
 * Bug: after a timeout the client flushed its request and waited for the Rflush with no
 * deadline, while a server rightly holds the Rflush until the old request finishes.
 * Now the call gives up once the flush deadline passes; the tags stay reserved until
 * the server answers, and a late reply to the flushed tag is dropped.
 */
static void
test_flushdeadline(void **state)
{
	Fake *k;
	NpCFsys *fs;
	Bg b;
	Fcall t1, t2, t3, r;
	Dir d, *dp;
	uchar st[256];
	struct timespec t0, te;
	double secs;

	k = fakenew();
	fs = fakemount(k);
	npfssettimeout(fs, 200);
	npfssetflushtimeout(fs, 300);
	bginit(&b, k, NULL, npfsroot(fs));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bgstart(&b, callfstat);
	fakeexpect(k, &t1, Tstat);
	fakeexpect(k, &t2, Tflush);	/* after the timeout */
	assert_int_equal(t2.oldtag, t1.tag);
	bgfinish(&b);	/* and no Rflush ever comes */
	clock_gettime(CLOCK_MONOTONIC, &te);
	secs = (te.tv_sec - t0.tv_sec) + (te.tv_nsec - t0.tv_nsec)/1e9;
	assert_null(b.p);
	assert_string_equal(b.err, "timed out");
	assert_true(secs >= 0.45);

	/* meanwhile a new call takes neither reserved tag */
	bgstart(&b, callfstat);
	fakeexpect(k, &t3, Tstat);
	assert_int_not_equal(t3.tag, t1.tag);
	assert_int_not_equal(t3.tag, t2.tag);
	memset(&d, 0, sizeof d);
	d.qid = mkqid(1, QTDIR);
	d.mode = DMDIR|0755;
	d.name = "/";
	d.uid = d.gid = d.muid = "glenda";
	memset(&r, 0, sizeof r);
	r.nstat = npconvD2M(&d, st, sizeof st);
	r.stat = st;
	fakereply(k, &t3, &r);
	bgfinish(&b);
	assert_non_null(dp = b.p);
	assert_string_equal(dp->uid, "glenda");
	free(dp);

	/* the server finally answers: the flushed request, then the flush */
	d.uid = "late";
	r.nstat = npconvD2M(&d, st, sizeof st);
	fakereply(k, &t1, &r);
	memset(&r, 0, sizeof r);
	fakereply(k, &t2, &r);
	assert_true(fakequiet(k, 100));
	bgstart(&b, callfstat);
	fakeexpect(k, &t3, Tstat);
	d.uid = "glenda";
	memset(&r, 0, sizeof r);
	r.nstat = npconvD2M(&d, st, sizeof st);
	r.stat = st;
	fakereply(k, &t3, &r);
	bgfinish(&b);
	assert_non_null(dp = b.p);
	assert_string_equal(dp->uid, "glenda");
	free(dp);
	fakeunmount(k, fs);
	fakefree(k);
}

/*
 * Bug: a Tclunk that timed out and was flushed before the server took it left the fid
 * alive on the server, but the client put its number back and used it for the next walk.
 */
static void
test_fidreuseclunk(void **state)
{
	Fake *k;
	NpCFsys *fs;
	Bg b;
	Fcall t, tf, r;
	u32int n;

	k = fakenew();
	fs = fakemount(k);
	npfssettimeout(fs, 200);
	npfssetflushtimeout(fs, 1000);
	bginit(&b, k, NULL, npfsroot(fs));
	b.path = "a";
	bgstart(&b, callwalk);
	fakeexpect(k, &t, Twalk);
	n = t.newfid;
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(2, QTFILE);
	fakereply(k, &t, &r);
	bgfinish(&b);
	assert_non_null(b.fid = b.p);

	bgstart(&b, callclose);
	fakeexpect(k, &t, Tclunk);
	assert_int_equal(t.fid, n);
	fakeexpect(k, &tf, Tflush);	/* flushed before the server took it: fid n lives on */
	fakeok(k, &tf);
	bgfinish(&b);

	b.fid = npfsroot(fs);
	b.path = "b";
	bgstart(&b, callwalk);
	fakeexpect(k, &t, Twalk);
	assert_int_not_equal(t.newfid, n);
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(3, QTFILE);
	fakereply(k, &t, &r);
	bgfinish(&b);
	assert_non_null(b.p);
	b.fid = b.p;
	bgstart(&b, callclose);
	fakeexpect(k, &t, Tclunk);
	fakeok(k, &t);
	bgfinish(&b);
	fakeunmount(k, fs);
	fakefree(k);
}

/* Answer a Tread (or a Twrite) with count bytes (data from p) whatever was asked. */
static void
fakeread(Fake *k, const Fcall *t, uchar *p, u32int count)
{
	Fcall r;

	memset(&r, 0, sizeof r);
	r.count = count;
	r.data = (char*)p;
	fakereply(k, t, &r);
}

/* Walk root to "a" through the fake: a fid the test can read and write. */
static NpCFid*
fakewalk(Fake *k, NpCFsys *fs, u32int *newfid)
{
	Bg b;
	Fcall t, r;

	bginit(&b, k, NULL, npfsroot(fs));
	b.path = "a";
	bgstart(&b, callwalk);
	fakeexpect(k, &t, Twalk);
	if(newfid != NULL)
		*newfid = t.newfid;
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(2, QTFILE);
	fakereply(k, &t, &r);
	bgfinish(&b);
	assert_non_null(b.p);
	return b.p;
}

/* Close f, answering its Tclunk. */
static void
fakeclunk(Fake *k, NpCFid *f)
{
	Bg b;
	Fcall t;

	bginit(&b, k, NULL, f);
	bgstart(&b, callclose);
	fakeexpect(k, &t, Tclunk);
	fakeok(k, &t);
	bgfinish(&b);
}

/*
 * A hostile server's answers: more data than asked for, a message larger than msize,
 * an Rwalk with more qids than names, a tag nobody waits for, the wrong reply type,
 * a message that does not decode. Each is an error, never a crash or a hang.
 */
static void
test_hostile(void **state)
{
	Fake *k;
	NpCFsys *fs;
	NpCFid *f, *f0;
	Bg b;
	Fcall t, r;
	uchar *buf, *big;
	u32int n, n2;

	k = fakenew();
	fs = fakemount(k);	/* msize 8192 */
	f = fakewalk(k, fs, NULL);
	buf = calloc(1, 8192);
	big = calloc(1, 16384);

	/* Rread with more bytes than the Tread asked for: the caller's buffer keeps its end */
	bginit(&b, k, NULL, f);
	b.p = buf;
	memset(buf + 100, 0x5a, 100);
	bgstart(&b, callpread);
	fakeexpect(k, &t, Tread);
	assert_int_equal(t.count, 100);
	fakeread(k, &t, big, 200);
	bgfinish(&b);
	assert_int_equal(b.ret, -1);
	assert_string_equal(b.err, "server returned too much");
	assert_int_equal(buf[150], 0x5a);
	/* and an Rwrite claiming more than was written */
	bgstart(&b, callpwrite);
	fakeexpect(k, &t, Twrite);
	memset(&r, 0, sizeof r);
	r.count = 1000;
	fakereply(k, &t, &r);
	bgfinish(&b);
	assert_int_equal(b.ret, -1);
	assert_string_equal(b.err, "server returned too much");

	/* a reply for a tag nobody waits for is dropped; the wrong type fails the call */
	bgstart(&b, callfstat);
	fakeexpect(k, &t, Tstat);
	memset(&r, 0, sizeof r);
	r.type = Rclunk;
	r.tag = t.tag + 1;
	fakesend(k, &r);
	r.tag = NOTAG;
	fakesend(k, &r);
	assert_false(bgwait(&b, 100));
	r.tag = t.tag;
	fakesend(k, &r);
	bgfinish(&b);
	assert_null(b.p);
	assert_string_equal(b.err, "unexpected reply type");

	/* an Rwalk with more qids than names: an error, and its new fid number is not reused */
	b.fid = npfsroot(fs);
	b.path = "x";
	bgstart(&b, callwalk);
	fakeexpect(k, &t, Twalk);
	n = t.newfid;
	memset(&r, 0, sizeof r);
	r.nwqid = 3;
	r.wqid[0] = r.wqid[1] = r.wqid[2] = mkqid(9, QTDIR);
	fakereply(k, &t, &r);
	bgfinish(&b);
	assert_null(b.p);
	assert_string_equal(b.err, "bad Rwalk: more qids than names");
	f0 = f;
	f = fakewalk(k, fs, &n2);
	assert_int_not_equal(n2, n);

	/* a message larger than msize hangs the connection up: every call fails at once */
	bginit(&b, k, NULL, f);
	b.p = buf;
	bgstart(&b, callpread);
	fakeexpect(k, &t, Tread);
	memset(big, 0, 16384);
	big[0] = 9000 & 0xff;
	big[1] = 9000 >> 8;
	big[4] = Rread;
	big[5] = t.tag;
	big[6] = t.tag >> 8;
	fakeraw(k, big, 9000);
	bgfinish(&b);
	assert_int_equal(b.ret, -1);
	assert_string_equal(b.err, "9P protocol botch: message size out of range");
	bgstart(&b, callfstat);
	bgfinish(&b);
	assert_null(b.p);
	assert_string_equal(b.err, "9P protocol botch: message size out of range");
	npfsclose(f0);
	npfsclose(f);
	npfsunmount(fs);
	fakefree(k);

	/* a message that does not decode hangs up too */
	k = fakenew();
	fs = fakemount(k);
	bginit(&b, k, NULL, npfsroot(fs));
	bgstart(&b, callfstat);
	fakeexpect(k, &t, Tstat);
	memset(big, 0xff, 64);
	big[0] = 20;
	big[1] = big[2] = big[3] = 0;
	big[4] = Rstat;
	big[5] = t.tag;
	big[6] = t.tag >> 8;
	fakeraw(k, big, 20);
	bgfinish(&b);
	assert_null(b.p);
	assert_string_equal(b.err, "9P protocol botch: malformed message");
	npfsunmount(fs);
	fakefree(k);
	free(buf);
	free(big);
}

/*
 * The server dies in the middle of a large pipelined read, half-way through an Rread's
 * data: the bytes before it count, the call returns, later calls fail.
 */
static void
test_diesmidway(void **state)
{
	Fake *k;
	NpCFsys *fs;
	NpCFid *f;
	Bg b;
	Fcall t[4], r;
	uchar *buf, *data;
	int i;
	enum { Chunk = 8192 - IOHDRSZ };

	k = fakenew();
	fs = fakemount(k);
	f = fakewalk(k, fs, NULL);
	buf = malloc(4*Chunk);
	data = malloc(Chunk);
	memset(data, 'd', Chunk);
	bginit(&b, k, NULL, f);
	b.p = buf;
	b.n = 4*Chunk;
	bgstart(&b, callpread);
	for(i = 0; i < 4; i++){
		fakeexpect(k, &t[i], Tread);
		assert_int_equal(t[i].count, Chunk);
	}
	fakeread(k, &t[0], data, Chunk);
	/* the header and half the data of the second, then the end */
	memset(&r, 0, sizeof r);
	r.type = Rread;
	r.tag = t[1].tag;
	r.count = Chunk;
	r.data = (char*)data;
	{
		uchar msg[8192];
		uint n;

		n = npconvS2M(&r, msg, sizeof msg);
		assert_true(n > 0);
		fakeraw(k, msg, 11 + Chunk/2);
	}
	shutdown(k->c.fd, SHUT_RDWR);
	bgfinish(&b);
	assert_int_equal(b.ret, Chunk);
	assert_memory_equal(buf, data, Chunk);
	bgstart(&b, callfstat);
	bgfinish(&b);
	assert_string_equal(b.err, "i/o on hungup channel");
	npfsclose(f);
	npfsunmount(fs);
	fakefree(k);
	free(buf);
	free(data);
}

/*
 * A reply to a flushed request after its Rflush must not land in the buffer of a caller
 * that has gone (ASan would see it): it is dropped.
 */
static void
test_lateread(void **state)
{
	Fake *k;
	NpCFsys *fs;
	NpCFid *f;
	Bg b;
	Fcall t, tf;
	uchar *data;

	k = fakenew();
	fs = fakemount(k);
	f = fakewalk(k, fs, NULL);
	npfssettimeout(fs, 100);
	bginit(&b, k, NULL, f);
	b.p = malloc(100);
	bgstart(&b, callpread);
	fakeexpect(k, &t, Tread);
	fakeexpect(k, &tf, Tflush);
	fakeok(k, &tf);
	bgfinish(&b);
	assert_string_equal(b.err, "timed out");
	free(b.p);
	data = malloc(100);
	memset(data, 1, 100);
	fakeread(k, &t, data, 100);
	npfssettimeout(fs, 0);
	bgstart(&b, callfstat);
	fakeexpect(k, &t, Tstat);
	fakeerror(k, &t, "no stat today");
	bgfinish(&b);
	assert_string_equal(b.err, "no stat today");
	free(data);
	fakeclunk(k, f);
	fakeunmount(k, fs);
	fakefree(k);
}

/* Asynchronous calls against the fake server: the loop runs on this thread. */
typedef struct Acall Acall;
struct Acall {
	int n;
	char err[ERRMAX];
	NpCFid *fid;
	long count;
};

static void
adone(void *arg, const char *err)
{
	Acall *a;

	a = arg;
	a->n++;
	snprintf(a->err, sizeof a->err, "%s", err ? err : "");
}

static void
afid(void *arg, NpCFid *fid, const char *err)
{
	adone(arg, err);
	((Acall*)arg)->fid = fid;
}

static void
aio(void *arg, long n, const char *err)
{
	adone(arg, err);
	((Acall*)arg)->count = n;
}

/* Run the loop until a's callback ran, for at most Wait ms. */
static void
aawait(uv_loop_t *loop, Acall *a)
{
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while(a->n == 0){
		uv_run(loop, UV_RUN_NOWAIT);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if((t1.tv_sec - t0.tv_sec)*1000 + (t1.tv_nsec - t0.tv_nsec)/1000000 > Wait)
			fail_msg("no callback in %d ms", Wait);
		if(a->n == 0)
			usleep(1000);
	}
	assert_int_equal(a->n, 1);
}

/* Run the loop for ms. */
static void
spin(uv_loop_t *loop, int ms)
{
	int i;

	for(i = 0; i < ms; i++){
		uv_run(loop, UV_RUN_NOWAIT);
		usleep(1000);
	}
}

static void
ticked(uv_timer_t *t)
{
	(void)t;
}

/*
 * Mount through the fake server on loop. A timer keeps the loop alive: an idle connection
 * does not, and the tests poll it with UV_RUN_NOWAIT.
 */
static NpCFsys*
fakemountuv(Fake *k, uv_loop_t *loop, u32int msize)
{
	NpCFsys *fs;
	Acall a;
	Fcall t, r;

	uv_timer_init(loop, &k->keep);
	uv_timer_start(&k->keep, ticked, 1000, 1000);
	assert_non_null(fs = npfsuvconn(loop, k->cfd));
	k->cfd = -1;
	memset(&a, 0, sizeof a);
	assert_non_null(npfsversionasync(fs, msize, adone, &a));
	fakeexpect(k, &t, Tversion);
	memset(&r, 0, sizeof r);
	r.msize = t.msize;
	r.version = VERSION9P;
	fakereply(k, &t, &r);
	aawait(loop, &a);
	assert_string_equal(a.err, "");
	memset(&a, 0, sizeof a);
	assert_non_null(npfsattachasync(fs, NULL, "glenda", "", afid, &a));
	fakeexpect(k, &t, Tattach);
	memset(&r, 0, sizeof r);
	r.qid = mkqid(1, QTDIR);
	fakereply(k, &t, &r);
	aawait(loop, &a);
	npfssetroot(fs, a.fid);
	return fs;
}

static void
fakeunmountuv(Fake *k, NpCFsys *fs, uv_loop_t *loop)
{
	uv_close((uv_handle_t*)&k->keep, NULL);
	npfsunmount(fs);
	uv_run(loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(loop), 0);
	fakefree(k);
}

static void
tracer(void *arg, const Fcall *f)
{
	(void)arg;
	p9fprint(2, "%F\n", f);
}

/* Walk the root to name on the fake's connection (the fake answers): the new fid. */
static NpCFid*
uvwalk(Fake *k, NpCFsys *fs, uv_loop_t *loop, const char *name, Fcall *t)
{
	Acall a;
	Fcall r;

	memset(&a, 0, sizeof a);
	assert_non_null(npfswalkasync(npfsroot(fs), name, afid, &a));
	fakeexpect(k, t, Twalk);
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(2, QTFILE);
	fakereply(k, t, &r);
	aawait(loop, &a);
	assert_non_null(a.fid);
	return a.fid;
}

/*
 * npfsclunklater(fid), whose number is n: nothing goes until a walk to name does, and then
 * the Tclunk goes just before it. The fid walked to name, its number in *newn.
 */
static NpCFid*
clunkbeforewalk(Fake *k, NpCFsys *fs, uv_loop_t *loop, NpCFid *fid, u32int n, const char *name,
	u32int *newn)
{
	Acall a;
	Fcall t, t2, r;

	assert_non_null(npfsclunklater(fid));
	assert_true(fakequiet(k, 20));
	memset(&a, 0, sizeof a);
	assert_non_null(npfswalkasync(npfsroot(fs), name, afid, &a));
	fakeexpect(k, &t, Tclunk);
	assert_int_equal(t.fid, n);
	fakeexpect(k, &t2, Twalk);
	assert_string_equal(t2.wname[0], name);
	fakeok(k, &t);
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(3, QTFILE);
	fakereply(k, &t2, &r);
	aawait(loop, &a);
	assert_non_null(a.fid);
	*newn = t2.newfid;
	return a.fid;
}

/*
 * npfsclunklater: the Tclunk of a fid, opened or not, goes with the next message (before
 * it), or by itself a moment later; a hangup drops the ones held.
 */
static void
test_clunklater(void **state)
{
	uv_loop_t loop;
	Fake *k;
	NpCFsys *fs;
	NpCFid *fid, *fid2;
	Acall a;
	Fcall t, r;
	u32int n;

	(void)state;
	assert_int_equal(uv_loop_init(&loop), 0);
	k = fakenew();
	fs = fakemountuv(k, &loop, 8192);

	/* held until the next message, then both at once, in order */
	fid = uvwalk(k, fs, &loop, "a", &t);
	fid = clunkbeforewalk(k, fs, &loop, fid, t.newfid, "b", &n);

	/* alone, it goes by itself once the loop runs a few milliseconds */
	assert_non_null(npfsclunklater(fid));
	spin(&loop, 30);
	fakeexpect(k, &t, Tclunk);
	assert_int_equal(t.fid, n);
	fakeok(k, &t);

	/* an open fid's Tclunk waits the same way */
	fid = uvwalk(k, fs, &loop, "c", &t);
	memset(&a, 0, sizeof a);
	assert_non_null(npfsfopenasync(fid, OREAD, adone, &a));
	fakeexpect(k, &t, Topen);
	memset(&r, 0, sizeof r);
	r.qid = mkqid(4, QTFILE);
	fakereply(k, &t, &r);
	aawait(&loop, &a);
	assert_string_equal(a.err, "");
	fid = clunkbeforewalk(k, fs, &loop, fid, t.fid, "c2", &n);
	assert_non_null(npfsclunklater(fid));
	spin(&loop, 30);
	fakeexpect(k, &t, Tclunk);
	assert_int_equal(t.fid, n);
	fakeok(k, &t);
	spin(&loop, 10);

	/* held ones are dropped with the connection, without a fuss */
	fid = uvwalk(k, fs, &loop, "d", &t);
	fid2 = uvwalk(k, fs, &loop, "e", &t);
	assert_non_null(npfsclunklater(fid));
	assert_non_null(npfsclunklater(fid2));
	fakeunmountuv(k, fs, &loop);
}

/*
 * Cancelling: the callback runs exactly once. A reply that beats the Rflush wins; a server
 * that never answers the Tflush is given up on at the flush deadline, and when its answer
 * comes after all (a walk that made the new fid) the client clunks that fid, and does
 * not reuse its number before.
 */
static void
test_asynccancel(void **state)
{
	uv_loop_t loop;
	Fake *k;
	NpCFsys *fs;
	Acall a;
	Fcall t, tf, r;
	NpFsop *op;
	u32int n;

	assert_int_equal(uv_loop_init(&loop), 0);
	k = fakenew();
	fs = fakemountuv(k, &loop, 8192);
	npfssetflushtimeout(fs, 200);
	if(getenv("TRACE"))
		npfstrace(fs, tracer, NULL);

	/* the reply beats the Rflush: the walk succeeds, once */
	memset(&a, 0, sizeof a);
	assert_non_null(op = npfswalkasync(npfsroot(fs), "a", afid, &a));
	fakeexpect(k, &t, Twalk);
	assert_int_equal(npfscancel(op), 0);
	fakeexpect(k, &tf, Tflush);
	assert_int_equal(tf.oldtag, t.tag);
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(2, QTFILE);
	fakereply(k, &t, &r);
	fakeok(k, &tf);
	aawait(&loop, &a);
	assert_string_equal(a.err, "");
	assert_non_null(a.fid);
	spin(&loop, 50);
	assert_int_equal(a.n, 1);
	assert_non_null(npfscloseasync(a.fid, NULL, NULL));
	fakeexpect(k, &t, Tclunk);
	fakeok(k, &t);

	/* the Rflush first: interrupted, once */
	memset(&a, 0, sizeof a);
	assert_non_null(op = npfswalkasync(npfsroot(fs), "a", afid, &a));
	fakeexpect(k, &t, Twalk);
	assert_int_equal(npfscancel(op), 0);
	fakeexpect(k, &tf, Tflush);
	fakeok(k, &tf);
	aawait(&loop, &a);
	assert_string_equal(a.err, "interrupted");
	assert_null(a.fid);
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(2, QTFILE);
	fakereply(k, &t, &r);	/* a reply to a flushed tag: dropped */
	spin(&loop, 50);
	assert_int_equal(a.n, 1);
	assert_true(fakequiet(k, 50));

	/* no Rflush at all: given up at the flush deadline */
	memset(&a, 0, sizeof a);
	assert_non_null(op = npfswalkasync(npfsroot(fs), "b", afid, &a));
	fakeexpect(k, &t, Twalk);
	n = t.newfid;
	assert_int_equal(npfscancel(op), 0);
	assert_int_equal(npfscancel(op), 0);	/* twice is once */
	fakeexpect(k, &tf, Tflush);
	assert_true(fakequiet(k, 50));
	aawait(&loop, &a);
	assert_string_equal(a.err, "interrupted");
	/* a new walk meanwhile takes neither its tags nor its new fid number */
	memset(&a, 0, sizeof a);
	assert_non_null(npfswalkasync(npfsroot(fs), "c", afid, &a));
	fakeexpect(k, &r, Twalk);
	assert_int_not_equal(r.tag, t.tag);
	assert_int_not_equal(r.tag, tf.tag);
	assert_int_not_equal(r.newfid, n);
	fakeerror(k, &r, "file does not exist");
	aawait(&loop, &a);
	/* now the walk succeeds after all, then the flush: the client clunks fid n */
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(3, QTFILE);
	fakereply(k, &t, &r);
	fakeok(k, &tf);
	memset(&a, 0, sizeof a);
	while(fakerecv(k, &r, 0) < 0)
		uv_run(&loop, UV_RUN_NOWAIT);
	assert_int_equal(r.type, Tclunk);
	assert_int_equal(r.fid, n);
	fakeok(k, &r);
	spin(&loop, 20);
	fakeunmountuv(k, fs, &loop);
}

/* One set-up step's outcome. */
typedef struct Step Step;
struct Step {
	int done;
	NpCFid *fid;
};

static void
stepdone(void *arg, const char *err)
{
	((Step*)arg)->done++;
}

static void
stepfid(void *arg, NpCFid *fid, const char *err)
{
	((Step*)arg)->fid = fid;
	stepdone(arg, err);
}

static void
ahup(void *arg, const char *err)
{
	adone(arg, err);
}

/*
 * A server that stops reading: the client's large write fills the socket, the call times
 * out, its flush cannot even be sent, and at the flush deadline the client hangs up rather
 * than free a buffer libuv still holds. The loop never blocks meanwhile.
 */
static void
test_notreading(void **state)
{
	uv_loop_t loop;
	Fake *k;
	NpCFsys *fs;
	Acall a, hup;
	NpCFid *f;
	uchar *buf;
	Fcall t, r;
	enum { Size = 8*1024*1024 };

	assert_int_equal(uv_loop_init(&loop), 0);
	k = fakenew();
	fs = fakemountuv(k, &loop, NP_DEFMSIZE);	/* 16 messages of 1 MiB fill the socket */
	memset(&hup, 0, sizeof hup);
	npfssethangup(fs, ahup, &hup);
	memset(&a, 0, sizeof a);
	assert_non_null(npfswalkasync(npfsroot(fs), "a", afid, &a));
	fakeexpect(k, &t, Twalk);
	memset(&r, 0, sizeof r);
	r.nwqid = 1;
	r.wqid[0] = mkqid(2, QTFILE);
	fakereply(k, &t, &r);
	aawait(&loop, &a);
	assert_non_null(f = a.fid);
	npfssettimeout(fs, 200);
	npfssetflushtimeout(fs, 200);
	buf = calloc(1, Size);
	memset(&a, 0, sizeof a);
	assert_non_null(npfspwriteasync(f, buf, Size, 0, aio, &a));
	aawait(&loop, &a);
	assert_int_equal(a.count, -1);
	assert_string_equal(a.err, "9P server stopped reading: flush timed out");
	spin(&loop, 10);
	assert_int_equal(hup.n, 1);
	assert_string_equal(hup.err, a.err);
	free(buf);
	npfsclose(f);
	fakeunmountuv(k, fs, &loop);
}

/*
 * A jittery server: every answer leaves at a random moment up to 30 ms after its request,
 * and it does what the request asked only then. A Tflush is answered in one of three ways:
 * before the request it names (which then never happens), after it, or never (and the
 * request is then answered, late). Clients on several threads walk to new fids and clunk
 * them with a timeout shorter than the server's delays and a short flush deadline: calls
 * time out, flushes race replies, calls are given up on. The server checks that no fid
 * number is ever used while it lives (walk) or after it is gone (clunk).
 */
enum { Nq = 4096, Njitter = 4 };

typedef struct Jmsg Jmsg;
struct Jmsg {
	int used;
	long due;		/* µs since the start; -1 never */
	Fcall t;
	uchar wname[16];	/* t's one name, copied */
	int flushpolicy;	/* Tflush: 0 before the request, 1 after it, 2 never */
};

typedef struct Jitter Jitter;
struct Jitter {
	Tconn c;
	pthread_mutex_t lk;
	pthread_cond_t cond;
	Jmsg q[Nq];
	uchar live[1<<16];	/* fids alive on the server (client numbers stay small) */
	int bad;
	char why[128];
	int stop;
	unsigned seed;
	struct timespec t0;
	pthread_t reader, sender;
};

static long
jnow(Jitter *j)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - j->t0.tv_sec)*1000000 + (t.tv_nsec - j->t0.tv_nsec)/1000;
}

static void
jbad(Jitter *j, const char *why, u32int fid)
{
	if(!j->bad)
		snprintf(j->why, sizeof j->why, "%s (fid %ud)", why, fid);
	j->bad = 1;
}

static Jmsg*
jfind(Jitter *j, ushort tag, int type)
{
	int i;

	for(i = 0; i < Nq; i++)
		if(j->q[i].used && j->q[i].t.tag == tag && (type < 0 || j->q[i].t.type == type))
			return &j->q[i];
	return NULL;
}

/* Answer m now, doing what it asks. With j->lk held. */
static void
janswer(Jitter *j, Jmsg *m)
{
	Fcall r;
	u32int fid;

	memset(&r, 0, sizeof r);
	r.type = m->t.type + 1;
	r.tag = m->t.tag;
	switch(m->t.type){
	case Tversion:
		r.msize = m->t.msize;
		r.version = VERSION9P;
		break;
	case Tattach:
		j->live[m->t.fid & 0xffff] = 1;
		r.qid = mkqid(1, QTDIR);
		break;
	case Twalk:
		fid = m->t.newfid & 0xffff;
		if(m->t.newfid != m->t.fid){
			if(j->live[fid])
				jbad(j, "walk to a fid in use", m->t.newfid);
			j->live[fid] = 1;
		}
		r.nwqid = m->t.nwname;
		if(r.nwqid > 0)
			r.wqid[0] = mkqid(2, QTFILE);
		break;
	case Tclunk:
		if(!j->live[m->t.fid & 0xffff])
			jbad(j, "clunk of a fid not alive", m->t.fid);
		j->live[m->t.fid & 0xffff] = 0;
		break;
	case Tflush:
		break;
	default:
		r.type = Rerror;
		r.ename = "not here";
	}
	tsend(&j->c, &r);
	m->used = 0;
}

static void*
jsender(void *v)
{
	Jitter *j;
	Jmsg *m, *old;
	long now, first;
	int i;
	struct timespec ts;

	j = v;
	pthread_mutex_lock(&j->lk);
	while(!j->stop){
		now = jnow(j);
		first = now + 100000;
		for(i = 0; i < Nq; i++){
			m = &j->q[i];
			if(!m->used || m->due < 0)
				continue;
			if(m->due > now){
				if(m->due < first)
					first = m->due;
				continue;
			}
			if(m->t.type == Tflush){
				old = jfind(j, m->t.oldtag, -1);
				if(old != NULL && old != m && old->t.type != Tflush){
					if(m->flushpolicy == 0)
						old->used = 0;	/* flushed before it happened */
					else{
						m->due = old->due + 1;	/* after the request's answer */
						continue;
					}
				}
			}
			janswer(j, m);
		}
		ts.tv_sec = 0;
		ts.tv_nsec = 1000000;
		pthread_mutex_unlock(&j->lk);
		nanosleep(&ts, NULL);
		pthread_mutex_lock(&j->lk);
	}
	pthread_mutex_unlock(&j->lk);
	return NULL;
}

static void*
jreader(void *v)
{
	Jitter *j;
	Fcall t;
	int i;
	Jmsg *m;

	j = v;
	while(trecv(&j->c, &t, -1) == 0){
		pthread_mutex_lock(&j->lk);
		for(i = 0; i < Nq && j->q[i].used; i++)
			;
		if(i == Nq){
			jbad(j, "queue full", 0);
			pthread_mutex_unlock(&j->lk);
			break;
		}
		m = &j->q[i];
		memset(m, 0, sizeof *m);
		m->used = 1;
		m->t = t;
		if(t.type == Twalk && t.nwname == 1){	/* the names point into c.buf */
			snprintf((char*)m->wname, sizeof m->wname, "%s", t.wname[0]);
			m->t.wname[0] = (char*)m->wname;
		}
		m->due = t.type == Tversion || t.type == Tattach ? 0 : jnow(j) + rand_r(&j->seed) % 30000;
		if(t.type == Tflush)
			m->flushpolicy = rand_r(&j->seed) % 4 == 0 ? 2 : rand_r(&j->seed) % 2;
		if(m->flushpolicy == 2)
			m->due = -1;
		pthread_mutex_unlock(&j->lk);
	}
	return NULL;
}

static const char*
errmsg(void)
{
	static __thread char buf[ERRMAX];

	p9rerrstr(buf, sizeof buf);
	return buf;
}

typedef struct Jclient Jclient;
struct Jclient {
	NpCFsys *fs;
	int nok, ntimeout;
	char bad[ERRMAX + 8];
	long until;
	Jitter *j;
};

static void*
jclient(void *v)
{
	Jclient *c;
	NpCFid *f;

	c = v;
	while(jnow(c->j) < c->until){
		if((f = npfswalk(npfsroot(c->fs), "x")) == NULL){
			if(strcmp(errmsg(), "timed out") != 0 && c->bad[0] == 0)
				snprintf(c->bad, sizeof c->bad, "walk: %s", errmsg());
			c->ntimeout++;
			continue;
		}
		c->nok++;
		npfsclose(f);
	}
	return NULL;
}

/* The same on a loop: Njitter chains of walk, clunk, walk... */
typedef struct Jchain Jchain;
struct Jchain {
	Jclient *c;
	int out;
};

static void jwalk(Jchain *ch);

static void
jclunked(void *arg, const char *err)
{
	Jchain *ch;

	ch = arg;
	ch->out = 0;
	if(err != NULL && strcmp(err, "timed out") != 0 && ch->c->bad[0] == 0)
		snprintf(ch->c->bad, sizeof ch->c->bad, "clunk: %s", err);
	jwalk(ch);
}

static void
jwalked(void *arg, NpCFid *f, const char *err)
{
	Jchain *ch;

	ch = arg;
	ch->out = 0;
	if(f == NULL){
		if(strcmp(err, "timed out") != 0 && ch->c->bad[0] == 0)
			snprintf(ch->c->bad, sizeof ch->c->bad, "walk: %s", err);
		ch->c->ntimeout++;
		jwalk(ch);
		return;
	}
	ch->c->nok++;
	ch->out = npfscloseasync(f, jclunked, ch) != NULL;
}

static void
jwalk(Jchain *ch)
{
	if(jnow(ch->c->j) < ch->c->until)
		ch->out = npfswalkasync(npfsroot(ch->c->fs), "x", jwalked, ch) != NULL;
}

/* Start the jittery server on a new socketpair; the client's end. */
static Jitter*
jstart(int *fd)
{
	Jitter *j;
	int sv[2];

	j = calloc(1, sizeof *j);
	pthread_mutex_init(&j->lk, NULL);
	j->seed = 7;
	clock_gettime(CLOCK_MONOTONIC, &j->t0);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	j->c.fd = sv[0];
	*fd = sv[1];
	assert_int_equal(pthread_create(&j->reader, NULL, jreader, j), 0);
	assert_int_equal(pthread_create(&j->sender, NULL, jsender, j), 0);
	return j;
}

/* Wait for the client to hang up, stop the server and check what it saw. */
static void
jstop(Jitter *j)
{
	pthread_join(j->reader, NULL);
	pthread_mutex_lock(&j->lk);
	j->stop = 1;
	pthread_mutex_unlock(&j->lk);
	pthread_join(j->sender, NULL);
	close(j->c.fd);
	if(j->bad)
		fail_msg("server: %s", j->why);
	pthread_mutex_destroy(&j->lk);
	free(j);
}

static void
test_jitter(void **state)
{
	Jitter *j;
	Jclient c[Njitter];
	Jchain ch[Njitter];
	pthread_t t[Njitter];
	uv_loop_t loop;
	uv_timer_t keep;
	NpCFsys *fs;
	int fd, i, nok, nto, out;
	Step s;

	/* blocking calls from several threads */
	j = jstart(&fd);
	memset(c, 0, sizeof c);
	assert_non_null(fs = npfsmount(fd, NULL, 8192));
	npfssettimeout(fs, 5);
	npfssetflushtimeout(fs, 10);
	for(i = 0; i < Njitter; i++){
		c[i].fs = fs;
		c[i].j = j;
		c[i].until = jnow(j) + 1000000;
		assert_int_equal(pthread_create(&t[i], NULL, jclient, &c[i]), 0);
	}
	nok = nto = 0;
	for(i = 0; i < Njitter; i++){
		pthread_join(t[i], NULL);
		nok += c[i].nok;
		nto += c[i].ntimeout;
		if(c[i].bad[0])
			fail_msg("client %d: %s", i, c[i].bad);
	}
	printf("# jitter, threads: %d walks and clunks, %d timed out\n", nok, nto);
	npfsunmount(fs);	/* the root's clunk may time out too */
	jstop(j);
	assert_true(nok > 0 && nto > 0);

	/* asynchronous calls on a loop */
	j = jstart(&fd);
	memset(c, 0, sizeof c);
	assert_int_equal(uv_loop_init(&loop), 0);
	uv_timer_init(&loop, &keep);
	uv_timer_start(&keep, ticked, 1000, 1000);
	assert_non_null(fs = npfsuvconn(&loop, fd));
	memset(&s, 0, sizeof s);
	assert_non_null(npfsversionasync(fs, 8192, stepdone, &s));
	while(!s.done)
		uv_run(&loop, UV_RUN_ONCE);
	memset(&s, 0, sizeof s);
	assert_non_null(npfsattachasync(fs, NULL, "glenda", "", stepfid, &s));
	while(!s.done)
		uv_run(&loop, UV_RUN_ONCE);
	assert_non_null(s.fid);
	npfssetroot(fs, s.fid);
	npfssettimeout(fs, 5);
	npfssetflushtimeout(fs, 10);
	for(i = 0; i < Njitter; i++){
		c[i].fs = fs;
		c[i].j = j;
		c[i].until = jnow(j) + 1000000;
		ch[i].c = &c[i];
		jwalk(&ch[i]);
	}
	do{
		uv_run(&loop, UV_RUN_ONCE);
		for(i = out = 0; i < Njitter; i++)
			out += ch[i].out;
	}while(out > 0);
	nok = nto = 0;
	for(i = 0; i < Njitter; i++){
		nok += c[i].nok;
		nto += c[i].ntimeout;
		if(c[i].bad[0])
			fail_msg("chain %d: %s", i, c[i].bad);
	}
	printf("# jitter, loop: %d walks and clunks, %d timed out\n", nok, nto);
	npfsclose(npfsroot(fs));
	npfsunmount(fs);
	uv_close((uv_handle_t*)&keep, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&loop), 0);
	jstop(j);
	assert_true(nok > 0 && nto > 0);
}

static volatile sig_atomic_t usr1tid;

static void
onusr1(int sig)
{
	usr1tid = gettid();
}

/*
 * The library's reader thread is no place for the program's signal handlers (notes: a
 * notify function that jumps back into the program would jump across threads): it blocks
 * them, so a signal the program's threads block waits for them.
 */
static void
test_readersignals(void **state)
{
	struct sigaction sa, old;
	sigset_t set, omask;
	NpCFsys *fs;
	Fake *k;
	int i;

	k = fakenew();
	fs = fakemount(k);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = onusr1;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &sa, &old), 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	assert_int_equal(pthread_sigmask(SIG_BLOCK, &set, &omask), 0);
	usr1tid = 0;
	kill(getpid(), SIGUSR1);
	for(i = 0; i < 20 && usr1tid == 0; i++)
		usleep(10*1000);
	assert_int_equal(usr1tid, 0);	/* nobody took it */
	assert_int_equal(pthread_sigmask(SIG_SETMASK, &omask, NULL), 0);
	assert_int_equal(usr1tid, gettid());	/* we did, once we let it in */
	sigaction(SIGUSR1, &old, NULL);
	fakeunmount(k, fs);
	fakefree(k);
}

/* The fds open now without close-on-exec, as a bitmap of the first 1024. */
static void
inheritable(uchar *map)
{
	int fd, fl;

	memset(map, 0, 128);
	for(fd = 0; fd < 1024; fd++)
		if((fl = fcntl(fd, F_GETFD)) >= 0 && !(fl & FD_CLOEXEC))
			map[fd / 8] |= 1 << (fd % 8);
}

/* A connection opens fds of its own (the reader's wake pipe): none leaks into an exec. */
static void
test_cloexec(void **state)
{
	uchar before[128], after[128];
	NpCFsys *fs;
	Fake *k;
	int fd;

	k = fakenew();
	inheritable(before);
	fs = fakemount(k);
	inheritable(after);
	for(fd = 0; fd < 1024; fd++)
		if((after[fd / 8] & ~before[fd / 8]) & (1 << (fd % 8)))
			fail_msg("fd %d of the connection is inherited by exec", fd);
	fakeunmount(k, fs);
	fakefree(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flushdeadline),
		cmocka_unit_test(test_fidreuseclunk),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_diesmidway),
		cmocka_unit_test(test_lateread),
		cmocka_unit_test(test_asynccancel),
		cmocka_unit_test(test_clunklater),
		cmocka_unit_test(test_notreading),
		cmocka_unit_test(test_jitter),
		cmocka_unit_test(test_readersignals),
		cmocka_unit_test(test_cloexec),
	};

	p9fmtinstall('F', npfcallfmt);
	signal(SIGPIPE, SIG_IGN);	/* the fake servers write to clients that hung up */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
