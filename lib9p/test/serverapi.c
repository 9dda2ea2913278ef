/*
 * serverapi.c: cmocka tests of the lib9p server interfaces the namespace, FUSE and auth
 * servers build on: connection identity and callbacks, authentication helpers, attach and
 * walk helpers, directory positions, and request queues with workers, per-fid order and
 * flushes that interrupt a blocked system call.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "serverutil.h"

enum {
	Msize = 8192,
	Nent = 6,
};

/*
 * The server: a tree with "a" (a file whose reads block on a pipe until flushed or fed)
 * and "sub/x". A second, treeless server's root is a directory served by npdirread9p whose
 * entries carry keys.
 */
typedef struct Fix Fix;
struct Fix {
	Srv srv;
	Tree *tree;
	Reqqueue *q;
	pthread_t thread;
	Tconn c;
	int ended;
	pthread_mutex_t lk;
	int nstart;
	int nend;
	Npconn last;		/* a copy of the last connection started */
	char lastaddr[128];
	int refuse;		/* connstart refuses */
	int pipefd[2];		/* reads of "a" read from pipefd[0] */
	int running;		/* workers in a handler at once, and the most seen */
	int maxrunning;
	char order[64];		/* the offsets of reads in the order they ran */
	int live[Nent];		/* which entries of "list" exist */
	int usewalk;		/* the server walks with its own walk and npwalkandclone */
	char tcpaddr[128];	/* where it listens on TCP */
	int nwalk1;
	int readtid;		/* the worker that last began a read of the pipe */
};

static void
tend(Srv *srv)
{
	__atomic_store_n(&((Fix*)srv->aux)->ended, 1, __ATOMIC_RELEASE);
}

static int
tconnstart(Npconn *c)
{
	Fix *fx;

	fx = c->srv->aux;
	pthread_mutex_lock(&fx->lk);
	fx->nstart++;
	fx->last = *c;
	snprintf(fx->lastaddr, sizeof fx->lastaddr, "%s", c->addr);
	pthread_mutex_unlock(&fx->lk);
	return fx->refuse ? -1 : 0;
}

static void
tconnend(Npconn *c)
{
	Fix *fx;

	fx = c->srv->aux;
	pthread_mutex_lock(&fx->lk);
	fx->nend++;
	pthread_mutex_unlock(&fx->lk);
}

/* Keyed entries: e0..e5, key = index * 10, present when live[i]. */
static int
listgen(vlong *pos, Dir *d, void *aux)
{
	static char names[Nent][8];
	Fix *fx;
	int i;

	fx = aux;
	for(i = 0; i < Nent; i++)
		if(fx->live[i] && i * 10 >= *pos)
			break;
	if(i == Nent)
		return -1;
	snprintf(names[i], sizeof names[i], "e%d", i);
	d->name = names[i];
	d->uid = d->gid = d->muid = "glenda";
	d->qid.path = 100 + i;
	d->mode = 0444;
	*pos = i * 10 + 1;
	return 0;
}

/* A read of "a": from the pipe; slow ones record when they ran, to check the order. */
static void
blockread(Req *r)
{
	Fix *fx;
	char *p;
	ssize_t n;

	fx = r->srv->aux;
	pthread_mutex_lock(&fx->lk);
	if(++fx->running > fx->maxrunning)
		fx->maxrunning = fx->running;
	pthread_mutex_unlock(&fx->lk);
	if(r->ifcall.offset >= 100){
		usleep(100000);
		pthread_mutex_lock(&fx->lk);
		snprintf(fx->order + strlen(fx->order), sizeof fx->order - strlen(fx->order),
			"%lld ", r->ifcall.offset);
		pthread_mutex_unlock(&fx->lk);
		n = 0;
	}else{
		p = npreaddata(r, r->ifcall.count);
		__atomic_store_n(&fx->readtid, (int)gettid(), __ATOMIC_RELEASE);
		while((n = read(fx->pipefd[0], p, r->ifcall.count)) < 0 && errno == EINTR
		&& !npreqflushed(r))
			;
	}
	pthread_mutex_lock(&fx->lk);
	fx->running--;
	pthread_mutex_unlock(&fx->lk);
	if(n < 0){
		nprespond(r, npreqflushed(r) ? "interrupted" : "read error");
		return;
	}
	r->ofcall.count = n;
	nprespond(r, nil);
}

static void
hread(Req *r)
{
	Fix *fx;

	fx = r->srv->aux;
	if(r->fid->file == nil){
		npdirread9p(r, listgen, fx);
		nprespond(r, nil);
	}else if(strcmp(r->fid->file->d.name, "a") == 0)
		npreqqueuepush(fx->q, r, blockread);
	else
		nprespond(r, "no reading here");
}

/* Authentication: writing "yes" to the auth fid proves its user. */
static void
authstart(Req *r)
{
	r->ofcall.aqid.path = 1;
	nprespond(r, nil);
}

static void
tauthwrite(Req *r)
{
	if(r->fid->qid.type & QTAUTH){
		if(r->ifcall.count == 3 && memcmp(r->ifcall.data, "yes", 3) == 0)
			npauthdone(r->fid, r->fid->uid);
		r->ofcall.count = r->ifcall.count;
		nprespond(r, nil);
		return;
	}
	nprespond(r, "no writing here");
}

/* aname "sub" attaches to /sub. */
static void
hattach(Req *r)
{
	File *f;

	if(strcmp(r->ifcall.aname, "sub") == 0){
		if((f = npwalkfile(r->srv->tree->root, "sub")) == nil){
			nprespond(r, "no sub");
			return;
		}
		npattachfile(r, f);
		npclosefile(f);
	}
	nprespond(r, nil);
}

static char*
mywalk1(Fid *fid, char *name, Qid *qid, void *arg)
{
	File *f, *n;

	((Fix*)arg)->nwalk1++;
	f = fid->file;
	if((n = npwalkfile(f, name)) == nil)
		return "file does not exist";
	npclosefile(f);
	fid->file = n;
	*qid = n->d.qid;
	return nil;
}

static void
hwalk(Req *r)
{
	npwalkandclone(r, mywalk1, nil, r->srv->aux);
}

static Fix*
newfix(void)
{
	Fix *fx;
	File *f;

	fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	pthread_mutex_init(&fx->lk, nil);
	assert_int_equal(pipe(fx->pipefd), 0);
	fx->tree = npalloctree("glenda", "glenda", 0775, nil);
	npclosefile(npcreatefile(fx->tree->root, "a", "glenda", 0666, nil));
	f = npcreatefile(fx->tree->root, "sub", "glenda", DMDIR|0775, nil);
	npclosefile(npcreatefile(f, "x", "glenda", 0666, nil));
	npclosefile(f);
	for(int i = 0; i < Nent; i++)
		fx->live[i] = 1;
	fx->srv.tree = fx->tree;
	fx->srv.aux = fx;
	fx->srv.msize = Msize;
	fx->srv.end = tend;
	fx->srv.read = hread;
	fx->srv.connstart = tconnstart;
	fx->srv.connend = tconnend;
	fx->q = npreqqueuecreate(4);
	assert_non_null(fx->q);
	return fx;
}

/* Start fx's server, listening on TCP too; fx. */
static Fix*
startfix(Fix *fx)
{
	if(tstartsrv(&fx->srv, &fx->c, nil, &fx->thread) < 0)
		fail_msg("%s", terr());
	assert_int_equal(npsrvlisten(&fx->srv, "tcp!127.0.0.1!0", fx->tcpaddr, sizeof fx->tcpaddr),
		0);
	return fx;
}

static int
setup(void **state)
{
	*state = startfix(newfix());
	return 0;
}

static int
teardown(void **state)
{
	Fix *fx;
	fx = *state;
	if(tendsrv(&fx->srv, &fx->c, nil, fx->thread) < 0)
		fail_msg("%s", terr());
	npreqqueuefree(fx->q);
	assert_int_equal(fx->ended, 1);
	npfreetree(fx->tree);
	close(fx->pipefd[0]);
	close(fx->pipefd[1]);
	pthread_mutex_destroy(&fx->lk);
	free(fx);
	return 0;
}

static void
hello(Tconn *c)
{
	if(thello(c, Msize, "glenda") < 0)
		fail_msg("version and attach: %s", terr());
}

/*
 * Wait until thread tid of this process sleeps in system call sysno (from
 * /proc/self/task/TID/syscall): a signal sent before it gets there would be lost. 1, or 0
 * after ms. Without that file, a guess: a tenth of a second after tid is known.
 */
static int
insyscall(int *tid, long sysno, int ms)
{
	char path[64], buf[64];
	int fd, i;
	ssize_t n;

	for(i = 0; i < ms / 5; i++, usleep(5000)){
		if(__atomic_load_n(tid, __ATOMIC_ACQUIRE) == 0)
			continue;
		snprintf(path, sizeof path, "/proc/self/task/%d/syscall", *tid);
		if((fd = open(path, O_RDONLY)) < 0){
			usleep(100000);	/* no such file here: the best guess */
			return 1;
		}
		n = read(fd, buf, sizeof buf - 1);
		close(fd);
		if(n > 0){
			buf[n] = 0;
			if(atol(buf) == sysno && buf[0] != 'r')
				return 1;
		}
	}
	return 0;
}

/* Connections: start and end callbacks, the peer's address and credentials. */
static void
test_connections(void **state)
{
	Fix *fx;
	Tconn c2;

	fx = *state;
	hello(&fx->c);
	pthread_mutex_lock(&fx->lk);
	assert_int_equal(fx->nstart, 1);
	assert_string_equal(fx->lastaddr, "unix!");
	assert_int_equal(fx->last.pid, getpid());
	assert_int_equal(fx->last.uid, getuid());
	assert_int_equal(fx->last.gid, getgid());
	pthread_mutex_unlock(&fx->lk);
	close(fx->c.fd);
	fx->c.fd = -1;
	assert_true(twaitfor(&fx->nend, 1, 10000));
	/* TCP: the peer's address, no credentials */
	memset(&c2, 0, sizeof c2);
	assert_true((c2.fd = p9dial(fx->tcpaddr, nil, nil, nil)) >= 0);
	hello(&c2);
	pthread_mutex_lock(&fx->lk);
	assert_int_equal(fx->nstart, 2);
	assert_int_equal(strncmp(fx->lastaddr, "tcp!127.0.0.1!", 14), 0);
	assert_true(atoi(fx->lastaddr + 14) > 0);
	assert_int_equal(fx->last.uid, -1);
	pthread_mutex_unlock(&fx->lk);
	close(c2.fd);
	assert_true(twaitfor(&fx->nend, 2, 10000));
	/* a connection refused by connstart is closed at once, and connend is not called */
	fx->refuse = 1;
	assert_true((c2.fd = p9dial(fx->tcpaddr, nil, nil, nil)) >= 0);
	assert_true(tclosed(&c2, 3000));
	close(c2.fd);
	assert_int_equal(fx->nstart, 3);
	usleep(50000);
	assert_int_equal(fx->nend, 2);
}

static int
setupauth(void **state)
{
	Fix *fx;

	fx = newfix();
	fx->srv.auth = authstart;
	fx->srv.write = tauthwrite;
	*state = startfix(fx);
	return 0;
}

/* The whole authentication: Tauth, the conversation, npauthdone, attach as that user. */
static void
test_auth(void **state)
{
	Fix *fx;
	Dir d;

	fx = *state;
	assert_int_equal(tversion(&fx->c, Msize), Msize);
	assert_int_equal(tauth(&fx->c, 9, "glenda", nil), 0);
	assert_int_equal(twrite(&fx->c, 9, 0, "no", 2), 2);
	assert_int_equal(tattachafid(&fx->c, 0, 9, "glenda", ""), -1);
	assert_string_equal(terr(), "authentication not complete");
	assert_int_equal(twrite(&fx->c, 9, 0, "yes", 3), 3);
	assert_int_equal(tattachafid(&fx->c, 0, 9, "bob", ""), -1);
	assert_string_equal(terr(), "user mismatch");
	assert_int_equal(tattachafid(&fx->c, 0, 9, "glenda", ""), 0);
	assert_int_equal(tstat(&fx->c, 0, &d), 0);
	assert_string_equal(d.name, "/");
	/* the afid itself is no file: it cannot be walked or attached as one */
	assert_int_equal(tattachafid(&fx->c, 1, 0, "glenda", ""), -1);
	assert_string_equal(terr(), "not an auth fid");
	assert_int_equal(twalk(&fx->c, 9, 2, "a"), -1);
}

static int
setupattach(void **state)
{
	Fix *fx;

	fx = newfix();
	fx->srv.attach = hattach;
	fx->usewalk = 1;
	fx->srv.walk = hwalk;
	*state = startfix(fx);
	return 0;
}

/* A server's own attach (npattachfile) and walk (npwalkandclone). */
static void
test_attachwalk(void **state)
{
	Fix *fx;
	Dir d;

	fx = *state;
	assert_int_equal(tversion(&fx->c, Msize), Msize);
	assert_int_equal(tattachafid(&fx->c, 0, NOFID, "glenda", "sub"), 0);
	assert_int_equal(twalk(&fx->c, 0, 1, "x"), 0);
	assert_int_equal(tstat(&fx->c, 1, &d), 0);
	assert_string_equal(d.name, "x");
	assert_true(fx->nwalk1 >= 1);
	/* .. at the attach root stays there */
	assert_int_equal(twalk(&fx->c, 0, 2, ".."), 0);
	assert_int_equal(tstat(&fx->c, 2, &d), 0);
	assert_string_equal(d.name, "sub");
	/* a failed walk of a fid to itself leaves it */
	assert_int_equal(twalk(&fx->c, 2, 2, "x/nope"), -1);
	assert_int_equal(tstat(&fx->c, 2, &d), 0);
	assert_string_equal(d.name, "sub");
	assert_int_equal(twalk(&fx->c, 2, 2, "x"), 0);
	assert_int_equal(tstat(&fx->c, 2, &d), 0);
	assert_string_equal(d.name, "x");
}

static void
listattach(Req *r)
{
	r->ofcall.qid.type = QTDIR;
	nprespond(r, nil);
}

static int
setuplist(void **state)
{
	Fix *fx;

	fx = newfix();
	fx->srv.tree = nil;
	fx->srv.attach = listattach;
	*state = startfix(fx);
	return 0;
}

/* npdirread9p with keyed positions: entries removed between reads skip nothing. */
static void
test_dirpositions(void **state)
{
	Fix *fx;
	uchar buf[512];
	char names[64];
	vlong off;
	long n;
	Dir d;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(topen(&fx->c, 0, OREAD), 0);
	names[0] = 0;
	off = 0;
	for(;;){
		/* one entry at a time */
		n = tread(&fx->c, 0, off, buf, STATFIXLEN + 2 + 3*6 + 10);
		assert_true(n >= 0);
		if(n == 0)
			break;
		assert_int_equal(npconvM2D(buf, n, &d), n);
		strcat(names, d.name);
		strcat(names, " ");
		off += n;
		if(strcmp(d.name, "e1") == 0){
			fx->live[0] = fx->live[1] = fx->live[3] = 0;
			fx->live[5] = 1;
		}
	}
	assert_string_equal(names, "e0 e1 e2 e4 e5 ");
}

/*
 * Request queues: reads on different fids run on several workers at once; reads on one fid
 * run one at a time in order; a flush interrupts a worker blocked in read(2).
 */
static void
test_queue(void **state)
{
	Fix *fx;
	Fcall t, r;
	int i, n;
	char buf[16];

	fx = *state;
	hello(&fx->c);
	for(i = 1; i <= 3; i++){
		assert_int_equal(twalk(&fx->c, 0, i, "a"), 0);
		assert_int_equal(topen(&fx->c, i, OREAD), 0);
	}
	/* three blocked reads on three fids: three workers busy at once */
	for(i = 1; i <= 3; i++){
		memset(&t, 0, sizeof t);
		t.type = Tread;
		t.tag = 10 + i;
		t.fid = i;
		t.count = 1;
		assert_int_equal(tsend(&fx->c, &t), 0);
	}
	assert_true(twaitfor(&fx->running, 3, 10000));
	assert_int_equal(write(fx->pipefd[1], "xyz", 3), 3);
	for(i = 0; i < 3; i++){
		assert_int_equal(trecv(&fx->c, &r, 3000), 0);
		assert_int_equal(r.type, Rread);
		assert_int_equal(r.count, 1);
	}
	assert_int_equal(fx->maxrunning, 3);
	/* five slow reads on one fid: one at a time, in order */
	fx->maxrunning = 0;
	for(i = 0; i < 5; i++){
		memset(&t, 0, sizeof t);
		t.type = Tread;
		t.tag = 20 + i;
		t.fid = 1;
		t.offset = 100 + i;
		t.count = 1;
		assert_int_equal(tsend(&fx->c, &t), 0);
	}
	for(i = 0; i < 5; i++){
		assert_int_equal(trecv(&fx->c, &r, 3000), 0);
		assert_int_equal(r.tag, 20 + i);
	}
	assert_int_equal(fx->maxrunning, 1);
	assert_string_equal(fx->order, "100 101 102 103 104 ");
	/* a read blocked in read(2), flushed: the worker is interrupted */
	memset(&t, 0, sizeof t);
	t.type = Tread;
	t.tag = 30;
	t.fid = 2;
	t.count = 1;
	__atomic_store_n(&fx->readtid, 0, __ATOMIC_RELEASE);
	assert_int_equal(tsend(&fx->c, &t), 0);
	assert_true(insyscall(&fx->readtid, SYS_read, 10000));
	memset(&t, 0, sizeof t);
	t.type = Tflush;
	t.tag = 31;
	t.oldtag = 30;
	assert_int_equal(tsend(&fx->c, &t), 0);
	assert_int_equal(trecv(&fx->c, &r, 3000), 0);
	assert_int_equal(r.tag, 30);
	assert_int_equal(r.type, Rerror);
	assert_string_equal(r.ename, "interrupted");
	assert_int_equal(trecv(&fx->c, &r, 3000), 0);
	assert_int_equal(r.tag, 31);
	assert_int_equal(r.type, Rflush);
	/* and the queue goes on */
	assert_int_equal(write(fx->pipefd[1], "q", 1), 1);
	n = tread(&fx->c, 3, 0, buf, 1);
	assert_int_equal(n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_connections, setup, teardown),
		cmocka_unit_test_setup_teardown(test_auth, setupauth, teardown),
		cmocka_unit_test_setup_teardown(test_attachwalk, setupattach, teardown),
		cmocka_unit_test_setup_teardown(test_dirpositions, setuplist, teardown),
		cmocka_unit_test_setup_teardown(test_queue, setup, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, nil, nil);
}
