/*
 * ninep.c: lib9p from libthread programs. A lib9p server's read handler (on the server's
 * loop thread) hands each request to a thread over a channel, which answers it with
 * nprespond; a thread makes lib9p client calls through an ioproc, and the proc's other
 * threads run meanwhile: here the answer waits for one of them, so the call can only
 * finish if the calling proc was not blocked.
 */
#include "tharness.h"
#include <planten/9p.h>
#include <planten/9pclient.h>

typedef struct Fixture Fixture;
struct Fixture {
	Srv srv;
	Channel *reqs;		/* Req* from the loop thread */
	Channel *ticked;	/* the ticker's sign that it ran */
	Channel *loopdone;
	int ticks;
};

static Fixture fx;

/* on the loop's thread: never wait there (the channel is buffered) */
static void
fsread(Req *r)
{
	if(t9nbsendp(fx.reqs, r) != 1)
		nprespond(r, "server busy");
}

static void
answerer(void *v)
{
	Req *r;

	t9threadsetname("answerer");
	while((r = t9recvp(fx.reqs)) != nil){
		t9recvul(fx.ticked);	/* wait for the ticker, in this same proc */
		npreadstr(r, "answered by a thread\n");
		nprespond(r, nil);
	}
}

static void
ticker(void *v)
{
	for(;;){
		fx.ticks++;
		if(t9nbsendul(fx.ticked, 1) < 0)
			break;
		t9yield();
	}
}

static void
loopproc(void *v)
{
	npsrvrun(&fx.srv);
	t9sendul(fx.loopdone, 1);
}

static long
xmount(va_list *a)
{
	NpCFsys **fsp;
	int fd;

	fsp = va_arg(*a, NpCFsys**);
	fd = va_arg(*a, int);
	*fsp = npfsmount(fd, nil, 0);
	return *fsp != nil ? 0 : -1;
}

static long
xopenread(va_list *a)
{
	NpCFsys *fs;
	const char *path;
	char *buf;
	long n, r;
	NpCFid *fid;

	fs = va_arg(*a, NpCFsys*);
	path = va_arg(*a, const char*);
	buf = va_arg(*a, char*);
	n = va_arg(*a, long);
	fid = npfsopen(fs, path, OREAD);
	if(fid == nil)
		return -1;
	r = npfsread(fid, buf, n);
	npfsclose(fid);
	return r;
}

static long
xunmount(va_list *a)
{
	npfsunmount(va_arg(*a, NpCFsys*));
	return 0;
}

static void
test_9p_from_threads(void **state)
{
	Tree *tree;
	Ioproc *io;
	NpCFsys *fs;
	char buf[64];
	long n;
	int fd, tid;

	memset(&fx, 0, sizeof fx);
	fx.reqs = t9chancreate(sizeof(void*), 16);
	fx.ticked = t9chancreate(sizeof(ulong), 1);
	fx.loopdone = t9chancreate(sizeof(ulong), 1);
	tree = npalloctree("glenda", "glenda", DMDIR|0777, nil);
	assert_non_null(tree);
	npclosefile(npcreatefile(tree->root, "x", "glenda", 0444, nil));
	fx.srv.tree = tree;
	fx.srv.read = fsread;
	assert_int_equal(npsrvinit(&fx.srv, nil), 0);
	fd = npsrvpipe(&fx.srv);
	assert_true(fd >= 0);
	assert_true(t9proccreate(loopproc, nil, 0) > 0);
	t9threadcreate(answerer, nil, 0);
	tid = t9threadcreate(ticker, nil, 0);

	io = t9ioproc();
	assert_int_equal(t9iocall(io, xmount, &fs, fd), 0);
	n = t9iocall(io, xopenread, fs, "x", buf, (long)sizeof buf - 1);
	assert_int_equal(n, 21);
	buf[n] = 0;
	assert_string_equal(buf, "answered by a thread\n");
	assert_true(fx.ticks > 0);
	/* a client error comes back as the calling thread's error string */
	assert_int_equal(t9iocall(io, xopenread, fs, "nonexistent", buf, 10L), -1);
	assert_non_null(strstr(errstr(), "does not exist"));
	t9iocall(io, xunmount, fs);
	t9closeioproc(io);

	t9threadkill(tid);
	t9sendp(fx.reqs, nil);
	npsrvstop(&fx.srv);
	assert_int_equal(t9recvul(fx.loopdone), 1);
	npfreetree(tree);
	t9chanfree(fx.reqs);
	t9chanfree(fx.ticked);
	t9chanfree(fx.loopdone);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_9p_from_threads),
	};
	return cmocka_run_group_tests(tests, nil, nil);
}
