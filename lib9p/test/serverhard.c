/*
 * serverhard.c: cmocka tests of the lib9p server against hostile or careless clients and of
 * request and fid lifetimes: offsets near 2^63, reply floods, parked requests, long errors,
 * Tversion and duplicate tags with requests in flight, walks of a fid to itself.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <malloc.h>
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
 * The server's files, by qid path: the root (0), "big" (1, reads return as much as asked, up
 * to Bigsize), "park" (2, reads wait until flushed or their connection goes), "commit" (3,
 * writes sleep Commitms on a Reqqueue and then commit, whether flushed or not), "longerr"
 * (4, reads fail with an error longer than any msize), "d" (5, a directory).
 */
enum {
	Qroot, Qbig, Qpark, Qcommit, Qlongerr, Qd,
	Bigsize = 1024*1024,
	Bigmsize = Bigsize + IOHDRSZ,
	Smallmsize = 8192,
	Commitms = 400,
	Maxpark = 4096,
};

static const char *names[] = { "/", "big", "park", "commit", "longerr", "d" };

typedef struct Fix Fix;
struct Fix {
	Srv srv;
	Reqqueue *q;
	pthread_t thread;
	Tconn c;
	Tconn c2;
	int ended;
	pthread_mutex_t lk;
	Req *park[Maxpark];
	int npark;
	int nflushcalls;
	int ndestroyreq;
	int commitstarted;	/* commit writes a worker has begun */
	vlong committed;	/* when the last commit write finished, ns */
	u32int destroyed[64];	/* fid numbers given to destroyfid */
	int ndestroyed;
};

#define nelem(x)	(sizeof(x)/sizeof((x)[0]))

static char bigdata[Bigsize];

static vlong
nsnow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static Qid
mkqid(uvlong path)
{
	return tqid(path, path == Qroot || path == Qd);
}

static void
hattach(Req *r)
{
	r->ofcall.qid = mkqid(Qroot);
	nprespond(r, nil);
}

static char*
hwalk1(Fid *fid, char *name, Qid *qid)
{
	uint i;

	if(strcmp(name, "..") == 0){
		*qid = mkqid(Qroot);
		return nil;
	}
	for(i = 1; i < nelem(names); i++)
		if(strcmp(name, names[i]) == 0){
			*qid = mkqid(i);
			return nil;
		}
	return "file does not exist";
}

static char*
hclone(Fid *old, Fid *new)
{
	return nil;
}

static void
hopen(Req *r)
{
	nprespond(r, nil);
}

static void
hread(Req *r)
{
	Fix *fx;
	char err[10001], *p;

	fx = r->srv->aux;
	switch(r->fid->qid.path){
	case Qbig:
		npreadbuf(r, bigdata, sizeof bigdata);
		nprespond(r, nil);
		break;
	case Qpark:
		pthread_mutex_lock(&fx->lk);
		if(fx->npark < Maxpark){
			fx->park[fx->npark++] = r;
			r = nil;
		}
		pthread_mutex_unlock(&fx->lk);
		if(r != nil)
			nprespond(r, "too many parked");
		break;
	case Qlongerr:
		/* "é" is two bytes: a cut in the middle of one must be avoided */
		for(p = err; p + 2 < err + sizeof err; p += 2)
			memmove(p, "\xc3\xa9", 2);
		*p = 0;
		nprespond(r, err);
		break;
	default:
		nprespond(r, nil);
	}
}

static void
commitwrite(Req *r)
{
	Fix *fx;

	fx = r->srv->aux;
	__atomic_add_fetch(&fx->commitstarted, 1, __ATOMIC_RELEASE);
	usleep(Commitms * 1000);
	pthread_mutex_lock(&fx->lk);
	fx->committed = nsnow();
	pthread_mutex_unlock(&fx->lk);
	r->ofcall.count = r->ifcall.count;
	nprespond(r, nil);
}

static void
hwrite(Req *r)
{
	Fix *fx;

	fx = r->srv->aux;
	if(r->fid->qid.path == Qcommit){
		npreqqueuepush(fx->q, r, commitwrite);
		return;
	}
	if(r->ifcall.offset + r->ifcall.count < r->ifcall.offset){
		nprespond(r, "offset overflow reached the server");
		return;
	}
	r->ofcall.count = r->ifcall.count;
	nprespond(r, nil);
}

static void
hstat(Req *r)
{
	r->d.name = (char*)names[r->fid->qid.path];
	r->d.uid = r->d.gid = r->d.muid = "test";
	r->d.qid = r->fid->qid;
	r->d.mode = r->d.qid.type == QTDIR ? DMDIR|0555 : 0666;
	nprespond(r, nil);
}

/* Take r out of the parked list; 1 if it was there. */
static int
unpark(Fix *fx, Req *r)
{
	int i, found;

	found = 0;
	pthread_mutex_lock(&fx->lk);
	for(i = 0; i < fx->npark; i++)
		if(fx->park[i] == r){
			fx->park[i] = fx->park[--fx->npark];
			found = 1;
			break;
		}
	pthread_mutex_unlock(&fx->lk);
	return found;
}

static void
hflush(Req *r)
{
	Fix *fx;

	fx = r->srv->aux;
	fx->nflushcalls++;
	if(unpark(fx, r->oldreq))
		nprespond(r->oldreq, "interrupted");
	else if(r->oldreq->fid->qid.path == Qcommit)
		npreqqueueflush(fx->q, r->oldreq);
	nprespond(r, nil);
}

static void
hdestroyfid(Fid *f)
{
	Fix *fx;

	fx = f->srv->aux;
	pthread_mutex_lock(&fx->lk);
	if(fx->ndestroyed < (int)nelem(fx->destroyed))
		fx->destroyed[fx->ndestroyed++] = f->fid;
	pthread_mutex_unlock(&fx->lk);
}

/* How many times destroyfid has seen fid, waiting up to ms for it to reach want. */
static int
destroyedcount(Fix *fx, u32int fid, int want, int ms)
{
	int i, n;

	for(;;){
		pthread_mutex_lock(&fx->lk);
		for(i = n = 0; i < fx->ndestroyed; i++)
			n += fx->destroyed[i] == fid;
		pthread_mutex_unlock(&fx->lk);
		if(n >= want || ms <= 0)
			return n;
		usleep(10000);
		ms -= 10;
	}
}

static void
hdestroyreq(Req *r)
{
	((Fix*)r->srv->aux)->ndestroyreq++;
}

static void
hend(Srv *srv)
{
	__atomic_store_n(&((Fix*)srv->aux)->ended, 1, __ATOMIC_RELEASE);
}

static Fix*
newfix(u32int msize)
{
	Fix *fx;

	fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	pthread_mutex_init(&fx->lk, nil);
	fx->srv.aux = fx;
	fx->srv.msize = msize;
	fx->srv.end = hend;
	fx->srv.attach = hattach;
	fx->srv.walk1 = hwalk1;
	fx->srv.clone = hclone;
	fx->srv.open = hopen;
	fx->srv.read = hread;
	fx->srv.write = hwrite;
	fx->srv.stat = hstat;
	fx->srv.flush = hflush;
	fx->srv.destroyfid = hdestroyfid;
	fx->srv.destroyreq = hdestroyreq;
	fx->q = npreqqueuecreate(1);
	assert_non_null(fx->q);
	return fx;
}

/* A fixture whose server, with msize, is running. */
static Fix*
startfix(u32int msize)
{
	Fix *fx;

	fx = newfix(msize);
	if(tstartsrv(&fx->srv, &fx->c, &fx->c2, &fx->thread) < 0)
		fail_msg("%s", terr());
	return fx;
}

static int
setup(void **state)
{
	*state = startfix(Smallmsize);
	return 0;
}

static int
setupbig(void **state)
{
	*state = startfix(Bigmsize);
	return 0;
}

/* Stop the server; it must end within 5 seconds, whatever its connections left behind. */
static int
teardown(void **state)
{
	Fix *fx;
	fx = *state;
	if(tendsrv(&fx->srv, &fx->c, &fx->c2, fx->thread) < 0)
		fail_msg("%s", terr());
	npreqqueuefree(fx->q);
	assert_int_equal(fx->ended, 1);
	pthread_mutex_destroy(&fx->lk);
	free(fx);
	return 0;
}

static void
hello(Tconn *c, u32int msize)
{
	if(thello(c, msize, "glenda") < 0)
		fail_msg("version and attach: %s", terr());
}

static void
openfile(Tconn *c, u32int fid, const char *name, int mode)
{
	assert_int_equal(twalk(c, 0, fid, name), 0);
	assert_int_equal(topen(c, fid, mode), 0);
}

static void
sendio(Tconn *c, int type, ushort tag, u32int fid, vlong off, u32int count)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.type = type;
	t.tag = tag;
	t.fid = fid;
	t.offset = off;
	t.count = count;
	if(type == Twrite)
		t.data = bigdata;
	assert_int_equal(tsend(c, &t), 0);
}

/* Offsets near 2^63: the library refuses a read or write whose end does not fit in 63 bits. */
static void
test_offsetoverflow(void **state)
{
	Fix *fx;
	Fcall r;
	char buf[100];

	fx = *state;
	hello(&fx->c, Smallmsize);
	openfile(&fx->c, 1, "big", ORDWR);
	sendio(&fx->c, Twrite, 1, 1, 0x7fffffffffffffffLL - 10, 100);
	assert_int_equal(trecv(&fx->c, &r, 3000), 0);
	assert_int_equal(r.type, Rerror);
	assert_string_equal(r.ename, "bad offset");
	sendio(&fx->c, Tread, 2, 1, 0x7fffffffffffffffLL, 1);
	assert_int_equal(trecv(&fx->c, &r, 3000), 0);
	assert_int_equal(r.type, Rerror);
	assert_string_equal(r.ename, "bad offset");
	/* the largest offset whose end fits is fine */
	assert_int_equal(twrite(&fx->c, 1, 0x7fffffffffffffffLL - 100, buf, 100), 100);
	assert_int_equal(tread(&fx->c, 1, 0x7fffffffffffffffLL - 10, buf, 10), 0);
}

static size_t
heapused(void)
{
	struct mallinfo2 mi;

	mi = mallinfo2();
	return mi.uordblks + mi.hblkhd;
}

/* Heap in use once it has stopped changing by more than 1 MiB for 300 ms (5 s at most). */
static size_t
settledheap(void)
{
	size_t last, now;
	int i, still;

	last = heapused();
	still = 0;
	for(i = 0; i < 100 && still < 6; i++){
		usleep(50000);
		now = heapused();
		if(now + (1<<20) > last && now < last + (1<<20))
			still++;
		else
			still = 0;
		last = now;
	}
	return last;
}

/* Send n Treads of count bytes at offset 0 of fid, tags from 0, in one write. */
static void
sendreads(Tconn *c, int n, u32int fid, u32int count)
{
	uchar *msgs, *p;
	Fcall t;
	uint m;
	int i;

	msgs = malloc(n * 32);
	assert_non_null(msgs);
	p = msgs;
	for(i = 0; i < n; i++){
		memset(&t, 0, sizeof t);
		t.type = Tread;
		t.tag = i;
		t.fid = fid;
		t.count = count;
		m = npconvS2M(&t, p, 32);
		assert_true(m > 0);
		p += m;
	}
	assert_int_equal(tsendraw(c, msgs, p - msgs), 0);
	free(msgs);
}

/*
 * A client sends many 1 MiB Treads and never reads the replies. The server's memory must
 * stay bounded (growth under 64 MiB) and another client must still be served.
 */
static void
test_flood(void **state)
{
	enum { Nflood = 2000 };
	Fix *fx;
	size_t before, after;
	char buf[64];

	fx = *state;
	hello(&fx->c, Bigmsize);
	openfile(&fx->c, 1, "big", OREAD);
	before = settledheap();
	sendreads(&fx->c, Nflood, 1, Bigsize);
	after = settledheap();
	print_message("# flood: server heap grew by %zu KiB\n",
		after > before ? (after - before) / 1024 : 0);
	assert_true(after < before + 64*1024*1024);
	/* another client is served meanwhile */
	hello(&fx->c2, Smallmsize);
	openfile(&fx->c2, 1, "big", OREAD);
	assert_int_equal(tread(&fx->c2, 1, 0, buf, sizeof buf), sizeof buf);
}

/* Requests the server holds do not cost a reply buffer each. */
static void
test_parkmemory(void **state)
{
	enum { Npark = 2000 };
	Fix *fx;
	size_t before, after;

	fx = *state;
	hello(&fx->c, Bigmsize);
	openfile(&fx->c, 1, "park", OREAD);
	before = settledheap();
	sendreads(&fx->c, Npark, 1, Bigsize);
	after = settledheap();
	print_message("# %d parked 1 MiB Treads: heap grew by %zu KiB\n", fx->npark,
		after > before ? (after - before) / 1024 : 0);
	assert_true(fx->npark > 0);
	assert_true(after < before + 16*1024*1024);
}

/*
 * Pipelined reads whose replies are larger than the small read buffer each take a large
 * buffer until sent: the connection goes over its bound while it handles one read of the
 * socket, and must go on, once the replies have gone, with the messages left in its buffer.
 */
static void
test_pipelinedreads(void **state)
{
	enum { Nr = 200, Rsize = 60000, Msz = 65536 };
	Fix *fx;
	uchar *msgs, *p;
	Fcall t, r;
	uint n;
	int i;

	fx = *state;
	hello(&fx->c, Msz);
	openfile(&fx->c, 1, "big", OREAD);
	msgs = malloc(Nr * 64);
	assert_non_null(msgs);
	p = msgs;
	for(i = 0; i < Nr; i++){
		memset(&t, 0, sizeof t);
		t.type = Tread;
		t.tag = i;
		t.fid = 1;
		t.count = Rsize;
		p += npconvS2M(&t, p, 32);
		memset(&t, 0, sizeof t);
		t.type = Tstat;
		t.tag = 1000 + i;
		t.fid = 1;
		n = npconvS2M(&t, p, 32);
		p += n;
	}
	assert_int_equal(tsendraw(&fx->c, msgs, p - msgs), 0);
	free(msgs);
	for(i = 0; i < 2*Nr; i++){
		assert_int_equal(trecv(&fx->c, &r, 5000), 0);
		assert_true(r.type == Rread || r.type == Rstat);
	}
}

/*
 * Requests the server holds are flushed (srv->flush) when their connection ends, so they are
 * answered and destroyed and the server can end.
 */
static void
test_heldatclose(void **state)
{
	Fix *fx;
	int i;

	fx = *state;
	hello(&fx->c, Smallmsize);
	openfile(&fx->c, 1, "park", OREAD);
	for(i = 0; i < 10; i++)
		sendio(&fx->c, Tread, 100 + i, 1, 0, 10);
	assert_true(twaitfor(&fx->npark, 10, 10000));
	close(fx->c.fd);
	fx->c.fd = -1;
	assert_true(twaitfor(&fx->npark, 0, 10000));
	assert_int_equal(fx->nflushcalls, 10);
}

/* An error longer than the msize allows is cut to fit, at a UTF-8 boundary. */
static void
test_longerror(void **state)
{
	Fix *fx;
	Fcall r;
	size_t n;

	fx = *state;
	hello(&fx->c, Smallmsize);
	openfile(&fx->c, 1, "longerr", OREAD);
	sendio(&fx->c, Tread, 5, 1, 0, 10);
	assert_int_equal(trecv(&fx->c, &r, 3000), 0);
	assert_int_equal(r.type, Rerror);
	assert_int_equal(r.tag, 5);
	n = strlen(r.ename);
	assert_true(n > 0 && n <= Smallmsize - 9);
	assert_true(n % 2 == 0);
	assert_memory_equal(r.ename + n - 2, "\xc3\xa9", 2);
	/* the connection goes on */
	assert_int_equal(twalk(&fx->c, 0, 2, "big"), 0);
}

/*
 * Tversion with a request in flight: the request is flushed and must be over (answered,
 * its effects done) before Rversion, since the client takes Rversion to mean nothing
 * from before it happens any more.
 */
static void
test_versioninflight(void **state)
{
	Fix *fx;
	Fcall t, r;
	vlong rversion;

	fx = *state;
	hello(&fx->c, Smallmsize);
	openfile(&fx->c, 1, "commit", OWRITE);
	sendio(&fx->c, Twrite, 7, 1, 0, 10);
	/* a write still queued would be dropped unrun: Tversion must come while it runs */
	assert_true(twaitfor(&fx->commitstarted, 1, 10000));
	memset(&t, 0, sizeof t);
	t.type = Tversion;
	t.tag = NOTAG;
	t.msize = Smallmsize;
	t.version = VERSION9P;
	assert_int_equal(tsend(&fx->c, &t), 0);
	assert_int_equal(trecv(&fx->c, &r, 3000), 0);
	rversion = nsnow();
	assert_int_equal(r.type, Rversion);
	assert_true(tquiet(&fx->c, 200));
	pthread_mutex_lock(&fx->lk);
	assert_true(fx->committed != 0 && fx->committed <= rversion);
	pthread_mutex_unlock(&fx->lk);
	assert_int_equal(tattach(&fx->c, 0, "glenda"), 0);
}

/*
 * A request reusing a tag in flight: any answer for that tag would be taken for the first
 * request's, so the server hangs up.
 */
static void
test_duptag(void **state)
{
	Fix *fx;

	fx = *state;
	hello(&fx->c, Smallmsize);
	openfile(&fx->c, 1, "park", OREAD);
	sendio(&fx->c, Tread, 9, 1, 0, 10);
	sendio(&fx->c, Tread, 9, 1, 0, 10);
	assert_true(tclosed(&fx->c, 3000));
	hello(&fx->c2, Smallmsize);
}

/*
 * A walk of a fid to itself never hands destroyfid a fid that carries a live fid's number:
 * the private clone it walks is numbered NOFID.
 */
static void
test_walkself(void **state)
{
	Fix *fx;

	fx = *state;
	hello(&fx->c, Smallmsize);
	assert_int_equal(twalk(&fx->c, 0, 3, ""), 0);
	assert_int_equal(twalk(&fx->c, 3, 3, "d/d"), 0);
	assert_int_equal(twalk(&fx->c, 3, 3, "d/nope"), -1);
	/* The clone is released once its request is freed, which may be just after the reply. */
	assert_int_equal(destroyedcount(fx, 3, 1, 200), 0);
	assert_int_equal(tclunk(&fx->c, 3), 0);
	assert_int_equal(destroyedcount(fx, 3, 1, 3000), 1);
	assert_int_equal(destroyedcount(fx, 3, 2, 200), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_offsetoverflow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flood, setupbig, teardown),
		cmocka_unit_test_setup_teardown(test_parkmemory, setupbig, teardown),
		cmocka_unit_test_setup_teardown(test_pipelinedreads, setupbig, teardown),
		cmocka_unit_test_setup_teardown(test_heldatclose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_longerror, setup, teardown),
		cmocka_unit_test_setup_teardown(test_versioninflight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_duptag, setup, teardown),
		cmocka_unit_test_setup_teardown(test_walkself, setup, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, nil, nil);
}
