/*
 * clientfake.c: cmocka tests of the 9P client against a scripted fake server on a
 * socketpair: the test reads each T-message and answers it (or not, or wrongly) by hand.
 * Flush deadlines, fid numbers after timeouts, and a hostile server.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
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
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>

enum { Wait = 5000 };	/* ms: how long a step may take on a loaded machine */

/* The fake server's end of the connection. */
typedef struct Fake Fake;
struct Fake {
	int fd;
	int cfd;	/* the client's end, until the client takes it */
	uchar *buf;	/* the last message received; a decoded Fcall points into it */
};

static Fake*
fakenew(void)
{
	Fake *k;
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	k = calloc(1, sizeof *k);
	k->fd = sv[0];
	k->cfd = sv[1];
	return k;
}

static void
fakefree(Fake *k)
{
	if(k->fd >= 0)
		close(k->fd);
	free(k->buf);
	free(k);
}

/* Read exactly n bytes within ms; 0, or -1 on timeout or end of file. */
static int
readfull(int fd, uchar *p, uint n, int ms)
{
	struct pollfd pfd;
	ssize_t m;

	while(n > 0){
		pfd.fd = fd;
		pfd.events = POLLIN;
		if(poll(&pfd, 1, ms) <= 0)
			return -1;
		m = read(fd, p, n);
		if(m < 0 && errno == EINTR)
			continue;
		if(m <= 0)
			return -1;
		p += m;
		n -= m;
	}
	return 0;
}

/* The next T-message within ms: 0, or -1 if none came. */
static int
fakerecv(Fake *k, Fcall *t, int ms)
{
	uchar hdr[4];
	u32int n;

	if(readfull(k->fd, hdr, 4, ms) < 0)
		return -1;
	n = npmsgsize(hdr, 4);
	assert_true(n >= 7 && n <= NP_MAXMSIZE);
	free(k->buf);
	k->buf = malloc(n);
	memmove(k->buf, hdr, 4);
	assert_int_equal(readfull(k->fd, k->buf + 4, n - 4, Wait), 0);
	assert_int_equal(npconvM2S(k->buf, n, t), n);
	return 0;
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
	assert_int_equal(write(k->fd, p, n), n);
}

static void
fakesend(Fake *k, Fcall *r)
{
	uchar *buf;
	uint n;

	n = npsizeS2M(r);
	assert_true(n > 0);
	buf = malloc(n);
	assert_int_equal(npconvS2M(r, buf, n), n);
	fakeraw(k, buf, n);
	free(buf);
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

	pfd.fd = k->fd;
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
	shutdown(b->k->fd, SHUT_RDWR);
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

/* Mount through the fake server: Tversion, Tattach. */
static NpCFsys*
fakemount(Fake *k)
{
	Bg b;
	Fcall t, r;

	memset(&b, 0, sizeof b);
	b.k = k;
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

	memset(&b, 0, sizeof b);
	b.k = k;
	b.fs = fs;
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
	memset(&b, 0, sizeof b);
	b.k = k;
	b.fid = npfsroot(fs);
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
	memset(&b, 0, sizeof b);
	b.k = k;
	b.fid = npfsroot(fs);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_flushdeadline),
		cmocka_unit_test(test_fidreuseclunk),
	};

	p9fmtinstall('F', npfcallfmt);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
