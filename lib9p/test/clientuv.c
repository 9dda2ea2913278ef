/*
 * clientuv.c: cmocka tests of the 9P client's asynchronous API on a libuv loop, against
 * lib9p's own server running on the same loop (so a client that blocks the loop deadlocks).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
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
#include <uv.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9p.h>
#include <planten/9pclient.h>

enum {
	Big = 1024*1024,	/* one message's data */
	Msize = Big + IOHDRSZ,
	Watchdog = 60,		/* s: a test still running then is stuck (a loaded machine is slow) */
};

/* The server: one file, "data", whose reads return a pattern and whose writes count. */
typedef struct Env Env;
struct Env {
	uv_loop_t loop;
	Srv srv;
	Tree *tree;
	int fd;			/* the client's end */
	vlong written;
	/* the watchdog */
	pthread_t dog;
	pthread_mutex_t lk;
	pthread_cond_t cond;
	int finished;
	int fired;
};

static uchar
pattern(vlong off)
{
	return (uchar)(off*13 + off/4099);
}

static void
srvread(Req *r)
{
	u32int i, n;
	vlong off;
	char *p;

	off = r->ifcall.offset;
	n = r->ifcall.count;
	if(off >= 64*Big)
		n = 0;
	else if(n > 64*Big - off)
		n = 64*Big - off;
	if((p = npreaddata(r, n)) == NULL){
		nprespond(r, "out of memory");
		return;
	}
	for(i = 0; i < n; i++)
		p[i] = pattern(off + i);
	r->ofcall.count = n;
	nprespond(r, NULL);
}

static void
srvwrite(Req *r)
{
	Env *e;

	e = r->srv->aux;
	e->written += r->ifcall.count;
	r->ofcall.count = r->ifcall.count;
	nprespond(r, NULL);
}

static void
srvopen(Req *r)
{
	nprespond(r, NULL);
}

/* Shut the client's end down if the test runs longer than Watchdog seconds. */
static void*
watchdog(void *v)
{
	Env *e;
	struct timespec ts;

	e = v;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += Watchdog;
	pthread_mutex_lock(&e->lk);
	while(!e->finished)
		if(pthread_cond_timedwait(&e->cond, &e->lk, &ts) == ETIMEDOUT){
			e->fired = 1;
			shutdown(e->fd, SHUT_RDWR);
			break;
		}
	pthread_mutex_unlock(&e->lk);
	return NULL;
}

static Env*
envnew(void)
{
	Env *e;
	File *f;

	e = calloc(1, sizeof *e);
	assert_int_equal(uv_loop_init(&e->loop), 0);
	e->tree = npalloctree("glenda", "glenda", DMDIR|0777, NULL);
	f = npcreatefile(e->tree->root, "data", "glenda", 0666, NULL);
	assert_non_null(f);
	npclosefile(f);
	e->srv.tree = e->tree;
	e->srv.read = srvread;
	e->srv.write = srvwrite;
	e->srv.open = srvopen;
	e->srv.msize = Msize;
	e->srv.aux = e;
	assert_int_equal(npsrvinit(&e->srv, &e->loop), 0);
	assert_true((e->fd = npsrvpipe(&e->srv)) >= 0);
	pthread_mutex_init(&e->lk, NULL);
	pthread_cond_init(&e->cond, NULL);
	assert_int_equal(pthread_create(&e->dog, NULL, watchdog, e), 0);
	return e;
}

static void
envfree(Env *e)
{
	int fired;

	pthread_mutex_lock(&e->lk);
	e->finished = 1;
	fired = e->fired;
	pthread_cond_signal(&e->cond);
	pthread_mutex_unlock(&e->lk);
	pthread_join(e->dog, NULL);
	npsrvstop(&e->srv);
	uv_run(&e->loop, UV_RUN_DEFAULT);
	assert_int_equal(uv_loop_close(&e->loop), 0);
	npfreetree(e->tree);
	free(e);
	if(fired)
		fail_msg("the loop was stuck for %d s", Watchdog);
}

/* One raw call at a time, driven by the loop. */
typedef struct Call Call;
struct Call {
	int done;
	char err[ERRMAX];
	Fcall rx;
	u32int count;
};

static void
callcb(void *arg, const Fcall *rx, const char *err)
{
	Call *c;

	c = arg;
	c->done = 1;
	if(err != NULL)
		snprintf(c->err, sizeof c->err, "%s", err);
	else{
		c->rx = *rx;
		c->count = rx->count;
	}
}

/* Run tx to completion on the loop; 0, or -1 with the error in c->err. */
static int
rawcall(Env *e, NpCFsys *fs, Fcall *tx, Call *c)
{
	memset(c, 0, sizeof *c);
	if(npfsrpcasync(fs, tx, callcb, c) == NULL){
		p9rerrstr(c->err, sizeof c->err);
		return -1;
	}
	while(!c->done && uv_run(&e->loop, UV_RUN_ONCE) != 0)
		;
	if(!c->done)
		snprintf(c->err, sizeof c->err, "loop ended before the reply");
	return c->done && c->err[0] == 0 ? 0 : -1;
}

/*
 * Bug: the asynchronous client sent on the loop's thread with a blocking write, so a
 * message larger than the socket's buffer to a server on the same loop deadlocked.
 */
static void
test_sameloopwrite(void **state)
{
	Env *e;
	NpCFsys *fs;
	Fcall tx;
	Call c;
	uchar *buf;
	const char *wname[1] = { "data" };

	e = envnew();
	assert_non_null(fs = npfsconn(e->fd));
	assert_int_equal(npfsuvattach(fs, &e->loop), 0);
	memset(&tx, 0, sizeof tx);
	tx.type = Tversion;
	tx.msize = Msize;
	tx.version = VERSION9P;
	if(rawcall(e, fs, &tx, &c) < 0)
		fail_msg("version: %s", c.err);
	assert_int_equal(c.rx.msize, Msize);
	memset(&tx, 0, sizeof tx);
	tx.type = Tattach;
	tx.fid = 0;
	tx.afid = NOFID;
	tx.uname = "glenda";
	tx.aname = "";
	if(rawcall(e, fs, &tx, &c) < 0)
		fail_msg("attach: %s", c.err);
	memset(&tx, 0, sizeof tx);
	tx.type = Twalk;
	tx.fid = 0;
	tx.newfid = 1;
	tx.nwname = 1;
	memmove(tx.wname, wname, sizeof wname);
	if(rawcall(e, fs, &tx, &c) < 0)
		fail_msg("walk: %s", c.err);
	memset(&tx, 0, sizeof tx);
	tx.type = Topen;
	tx.fid = 1;
	tx.mode = OWRITE;
	if(rawcall(e, fs, &tx, &c) < 0)
		fail_msg("open: %s", c.err);

	buf = calloc(1, Big);
	memset(&tx, 0, sizeof tx);
	tx.type = Twrite;
	tx.fid = 1;
	tx.offset = 0;
	tx.count = Big;
	tx.data = (char*)buf;
	if(rawcall(e, fs, &tx, &c) < 0)
		fail_msg("write: %s", c.err);
	assert_int_equal(c.count, Big);
	assert_int_equal(e->written, Big);
	free(buf);
	npfsunmount(fs);
	envfree(e);
}

/*
 * The man page's example, as a chain of callbacks: version, attach, walk, open, then
 * large reads and writes in pipelined 1 MiB messages, all on the server's loop.
 */
typedef struct Chain Chain;
struct Chain {
	Env *e;
	NpCFsys *fs;
	NpCFid *fid;
	uchar *buf;
	long size;
	int step;
	char err[ERRMAX];
	long n;
	int hups;
};

static void
chainfail(Chain *c, const char *where, const char *err)
{
	snprintf(c->err, sizeof c->err, "%s: %s", where, err);
}

static void
readdone(void *arg, long n, const char *err)
{
	Chain *c;

	c = arg;
	c->n = n;
	if(err != NULL)
		chainfail(c, "read", err);
	c->step++;
}

static void
writedone(void *arg, long n, const char *err)
{
	Chain *c;

	c = arg;
	if(err != NULL || n != c->size){
		chainfail(c, "write", err ? err : "short");
		return;
	}
	assert_int_equal(c->e->written, c->size);
	memset(c->buf, 0, c->size);
	if(npfspreadasync(c->fid, c->buf, c->size, 7, readdone, c) == NULL)
		chainfail(c, "read", "did not start");
}

static void
opened(void *arg, const char *err)
{
	Chain *c;

	c = arg;
	if(err != NULL){
		chainfail(c, "open", err);
		return;
	}
	assert_int_equal(npfsiounit(c->fid), 0);
	if(npfspwriteasync(c->fid, c->buf, c->size, 0, writedone, c) == NULL)
		chainfail(c, "write", "did not start");
}

static void
walked(void *arg, NpCFid *fid, const char *err)
{
	Chain *c;

	c = arg;
	if((c->fid = fid) == NULL){
		chainfail(c, "walk", err);
		return;
	}
	npfsfopenasync(fid, ORDWR, opened, c);
}

static void
attached(void *arg, NpCFid *root, const char *err)
{
	Chain *c;

	c = arg;
	if(root == NULL){
		chainfail(c, "attach", err);
		return;
	}
	npfssetroot(c->fs, root);
	npfswalkasync(root, "data", walked, c);
}

static void
versioned(void *arg, const char *err)
{
	Chain *c;

	c = arg;
	if(err != NULL){
		chainfail(c, "version", err);
		return;
	}
	npfsattachasync(c->fs, NULL, "glenda", "", attached, c);
}

static void
hungup(void *arg, const char *err)
{
	Chain *c;

	c = arg;
	c->hups++;
	snprintf(c->err, sizeof c->err, "%s", err);
}

/* Run the chain on a connection to fd on e's loop, reading size bytes back at offset 7. */
static void
runchain(Env *e, Chain *c, int fd, long size)
{
	long i;

	memset(c, 0, sizeof *c);
	c->e = e;
	c->size = size;
	c->buf = malloc(size);
	assert_non_null(c->fs = npfsuvconn(&e->loop, fd));
	npfssethangup(c->fs, hungup, c);
	assert_non_null(npfsversionasync(c->fs, Msize, versioned, c));
	while(c->step == 0 && c->err[0] == 0 && uv_run(&e->loop, UV_RUN_ONCE) != 0)
		;
	if(c->err[0] != 0)
		fail_msg("%s", c->err);
	assert_int_equal(npfsmsize(c->fs), Msize);
	assert_int_equal(c->n, size);
	for(i = 0; i < size; i++)
		if(c->buf[i] != pattern(7 + i))
			fail_msg("byte %ld differs", i);
	npfsclose(c->fid);
	free(c->buf);
}

static void
test_chain(void **state)
{
	Env *e;
	Chain c;

	e = envnew();
	runchain(e, &c, e->fd, 8*Big + 5);
	/* the server goes: the idle connection hears of it */
	npsrvstop(&e->srv);
	while(c.hups == 0 && uv_run(&e->loop, UV_RUN_ONCE) != 0)
		;
	assert_int_equal(c.hups, 1);
	assert_string_equal(c.err, "i/o on hungup channel");
	npfsunmount(c.fs);
	envfree(e);
}

/* A TCP connection on the loop (uv_tcp rather than uv_pipe): the same calls work. */
static void
test_tcp(void **state)
{
	Env *e;
	Chain c;
	char actual[128];
	int fd;

	e = envnew();
	assert_int_equal(npsrvlisten(&e->srv, "tcp!127.0.0.1!0", actual, sizeof actual), 0);
	assert_true((fd = p9dial(actual, NULL, NULL, NULL)) >= 0);
	runchain(e, &c, fd, 3*Big);
	npfsunmount(c.fs);
	envfree(e);
}

/* A file or a device is no 9P connection for a loop: refused, the loop left as it was. */
static void
test_notstream(void **state)
{
	uv_loop_t loop;
	char err[ERRMAX];
	int fd;

	(void)state;
	assert_int_equal(uv_loop_init(&loop), 0);
	assert_true((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0);
	assert_null(npfsuvconn(&loop, fd));
	p9rerrstr(err, sizeof err);
	assert_non_null(strstr(err, "not a pipe or socket"));
	assert_int_equal(fcntl(fd, F_GETFD), -1);	/* closed with the connection */
	assert_int_equal(uv_run(&loop, UV_RUN_NOWAIT), 0);
	assert_int_equal(uv_loop_close(&loop), 0);
}

/* One asynchronous step of a test's set-up, run to its end on the loop. */
typedef struct Step Step;
struct Step {
	int done;
	char err[ERRMAX];
	NpCFid *fid;
};

static void
stepdone(void *arg, const char *err)
{
	Step *s;

	s = arg;
	s->done++;
	snprintf(s->err, sizeof s->err, "%s", err ? err : "");
}

static void
stepfid(void *arg, NpCFid *fid, const char *err)
{
	((Step*)arg)->fid = fid;
	stepdone(arg, err);
}

static void
await(Env *e, Step *s, NpFsop *op, const char *what)
{
	if(op == NULL)
		fail_msg("%s did not start", what);
	while(!s->done && uv_run(&e->loop, UV_RUN_ONCE) != 0)
		;
	if(s->done != 1 || s->err[0] != 0)
		fail_msg("%s: %s", what, s->done ? s->err : "no callback");
}

/* Mount e's server on its loop with msize and open "data" for reading: the fid. */
static NpCFid*
openasync(Env *e, NpCFsys *fs, u32int msize)
{
	Step s;
	NpCFid *f;

	memset(&s, 0, sizeof s);
	await(e, &s, npfsversionasync(fs, msize, stepdone, &s), "version");
	memset(&s, 0, sizeof s);
	await(e, &s, npfsattachasync(fs, NULL, "glenda", "", stepfid, &s), "attach");
	npfssetroot(fs, s.fid);
	memset(&s, 0, sizeof s);
	await(e, &s, npfswalkasync(npfsroot(fs), "data", stepfid, &s), "walk");
	f = s.fid;
	memset(&s, 0, sizeof s);
	await(e, &s, npfsfopenasync(f, OREAD, stepdone, &s), "open");
	return f;
}

/*
 * More messages than tags: 400 reads of 16 messages each on one connection. Calls beyond
 * the 4095 tags wait for one; some are cancelled, in flight or still waiting for a tag;
 * every callback runs once, and the others read the right bytes.
 */
enum { Nmany = 400, Manymsize = 8192 + IOHDRSZ, Manychunk = 16*8192 };

typedef struct Manyop Manyop;
struct Manyop {
	int *ndone;
	int ncb;
	long n;
	char err[64];
};

static void
manycb(void *arg, long n, const char *err)
{
	Manyop *o;

	o = arg;
	o->ncb++;
	o->n = n;
	snprintf(o->err, sizeof o->err, "%s", err ? err : "");
	(*o->ndone)++;
}

static void
test_manyops(void **state)
{
	Env *e;
	NpCFsys *fs;
	NpCFid *f;
	Manyop *mo;
	NpFsop **op;
	uchar *buf;
	int i, ndone, ncancelled;
	long j;

	e = envnew();
	assert_non_null(fs = npfsuvconn(&e->loop, e->fd));
	f = openasync(e, fs, Manymsize);
	/*
	 * The Tflushes of the cancelled reads queue behind thousands of Treads; on a loaded
	 * machine the server, on this loop, may take more than the default 5 s to read them,
	 * and the client would hang up on it.
	 */
	npfssetflushtimeout(fs, 60000);
	buf = malloc((long)Nmany * Manychunk);
	mo = calloc(Nmany, sizeof mo[0]);
	op = calloc(Nmany, sizeof op[0]);
	ndone = 0;
	for(i = 0; i < Nmany; i++){
		mo[i].ndone = &ndone;
		op[i] = npfspreadasync(f, buf + (long)i*Manychunk, Manychunk, (vlong)i*Manychunk,
			manycb, &mo[i]);
		assert_non_null(op[i]);
	}
	for(i = 0; i < Nmany; i += 7)	/* the last ones still wait for tags */
		assert_int_equal(npfscancel(op[i]), 0);
	assert_int_equal(ndone, 0);	/* never inside the calls */
	while(ndone < Nmany && uv_run(&e->loop, UV_RUN_ONCE) != 0)
		;
	pthread_mutex_lock(&e->lk);
	if(e->fired)	/* the watchdog hung up: the reads were cut short */
		fail_msg("the loop was stuck for %d s", Watchdog);
	pthread_mutex_unlock(&e->lk);
	assert_int_equal(ndone, Nmany);
	ncancelled = 0;
	for(i = 0; i < Nmany; i++){
		assert_int_equal(mo[i].ncb, 1);
		if(i % 7 == 0 && mo[i].n < Manychunk){
			ncancelled++;
			continue;
		}
		if(mo[i].n != Manychunk)
			fail_msg("read %d: %ld %s", i, mo[i].n, mo[i].err);
		for(j = 0; j < Manychunk; j += 4099)
			if(buf[(long)i*Manychunk + j] != pattern((vlong)i*Manychunk + j))
				fail_msg("read %d: byte %ld differs", i, j);
	}
	assert_true(ncancelled > 0);
	npfsclose(f);
	npfsunmount(fs);
	free(buf);
	free(mo);
	free(op);
	envfree(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sameloopwrite),
		cmocka_unit_test(test_chain),
		cmocka_unit_test(test_tcp),
		cmocka_unit_test(test_notstream),
		cmocka_unit_test(test_manyops),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
