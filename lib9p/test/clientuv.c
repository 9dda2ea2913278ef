/*
 * clientuv.c: cmocka tests of the 9P client's asynchronous API on a libuv loop, against
 * lib9p's own server running on the same loop (so a client that blocks the loop deadlocks).
 */
#include <errno.h>
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
	Watchdog = 20,		/* s: a test still running then is stuck */
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

	off = r->ifcall.offset;
	n = r->ifcall.count;
	if(off >= 64*Big)
		n = 0;
	else if(n > 64*Big - off)
		n = 64*Big - off;
	for(i = 0; i < n; i++)
		r->ofcall.data[i] = pattern(off + i);
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

static void
test_chain(void **state)
{
	Env *e;
	Chain c;
	long i;

	e = envnew();
	memset(&c, 0, sizeof c);
	c.e = e;
	c.size = 8*Big + 5;
	c.buf = malloc(c.size);
	assert_non_null(c.fs = npfsuvconn(&e->loop, e->fd));
	npfssethangup(c.fs, hungup, &c);
	assert_non_null(npfsversionasync(c.fs, Msize, versioned, &c));
	while(c.step == 0 && c.err[0] == 0 && uv_run(&e->loop, UV_RUN_ONCE) != 0)
		;
	if(c.err[0] != 0)
		fail_msg("%s", c.err);
	assert_int_equal(npfsmsize(c.fs), Msize);
	assert_int_equal(c.n, c.size);
	for(i = 0; i < c.size; i++)
		if(c.buf[i] != pattern(7 + i))
			fail_msg("byte %ld differs", i);
	/* the server goes: the idle connection hears of it */
	npfsclose(c.fid);
	npsrvstop(&e->srv);
	while(c.hups == 0 && uv_run(&e->loop, UV_RUN_ONCE) != 0)
		;
	assert_int_equal(c.hups, 1);
	assert_string_equal(c.err, "i/o on hungup channel");
	npfsunmount(c.fs);
	free(c.buf);
	envfree(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sameloopwrite),
		cmocka_unit_test(test_chain),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
