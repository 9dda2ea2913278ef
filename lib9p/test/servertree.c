/*
 * servertree.c: cmocka tests of lib9p servers built on the File tree: directory reads while
 * the directory changes, ORCLOSE, stat strings handed to handlers off the loop, custom
 * attach on a tree, authentication, names in a large directory (hashed) as they are
 * created, renamed (by the library's wstat and by a server's) and removed, the cost of
 * that against a small directory, and a connection holding many fids.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "serverutil.h"

enum {
	Msize = 8192,
	Statms = 300,
};

typedef struct Fix Fix;
struct Fix {
	Srv srv;
	Tree *tree;
	Reqqueue *q;
	pthread_t thread;
	Tconn c;
	Tconn c2;
	int ended;
	int attachsawfile;	/* the custom attach found fid->file set to the root */
};

static void
tend(Srv *srv)
{
	__atomic_store_n(&((Fix*)srv->aux)->ended, 1, __ATOMIC_RELEASE);
}

/* A tree owned by glenda: / (0775) holding a, b, c, d (0664) and dir (0775). */
static Fix*
newfix(void)
{
	Fix *fx;
	const char *n;
	int i;

	fx = calloc(1, sizeof *fx);
	assert_non_null(fx);
	fx->tree = npalloctree("glenda", "glenda", 0775, nil);
	assert_non_null(fx->tree);
	for(i = 0; i < 4; i++){
		n = (const char*[]){ "a", "b", "c", "d" }[i];
		npclosefile(npcreatefile(fx->tree->root, n, "glenda", 0664, nil));
	}
	npclosefile(npcreatefile(fx->tree->root, "dir", "glenda", DMDIR|0775, nil));
	fx->srv.tree = fx->tree;
	fx->srv.aux = fx;
	fx->srv.msize = Msize;
	fx->srv.end = tend;
	fx->q = npreqqueuecreate(1);
	assert_non_null(fx->q);
	return fx;
}

static void
startfix(Fix *fx)
{
	assert_int_equal(npsrvinit(&fx->srv, nil), 0);
	fx->c.fd = npsrvpipe(&fx->srv);
	fx->c2.fd = npsrvpipe(&fx->srv);
	assert_true(fx->c.fd >= 0 && fx->c2.fd >= 0);
	assert_int_equal(pthread_create(&fx->thread, nil, tserve, &fx->srv), 0);
}

static int
setup(void **state)
{
	Fix *fx;

	fx = newfix();
	startfix(fx);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	Fix *fx;
	fx = *state;
	close(fx->c.fd);
	close(fx->c2.fd);
	if(tstopsrv(&fx->srv, fx->thread) < 0)
		fail_msg("the server did not end within 5 s of npsrvstop");
	npreqqueuefree(fx->q);
	assert_int_equal(fx->ended, 1);
	npfreetree(fx->tree);
	free(fx);
	return 0;
}

/* A Dir whose every field means "don't touch" in a Twstat. */
static void
nulldir(Dir *d)
{
	memset(d, 0xff, sizeof *d);
	d->name = d->uid = d->gid = d->muid = "";
}

static void
hello(Tconn *c)
{
	assert_int_equal(tversion(c, Msize), Msize);
	assert_int_equal(tattach(c, 0, "glenda"), 0);
}

/* Read the directory open on fid one entry at a time, appending the names to out. */
static int
readone(Tconn *c, u32int fid, vlong *off, char *out, int nout)
{
	uchar buf[512];
	long n;
	Dir d;

	/* room for one entry of a one-letter name, not two */
	n = tread(c, fid, *off, buf, STATFIXLEN + 1 + 3*6 + 10);
	assert_true(n >= 0);
	if(n == 0)
		return 0;
	assert_int_equal(npconvM2D(buf, n, &d), n);
	*off += n;
	snprintf(out + strlen(out), nout - strlen(out), "%s ", d.name);
	return 1;
}

/* Entries removed between reads of a directory do not make the reads skip others. */
static void
test_dirreadremove(void **state)
{
	Fix *fx;
	char names[128];
	vlong off;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, ""), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD), 0);
	names[0] = 0;
	off = 0;
	assert_int_equal(readone(&fx->c, 1, &off, names, sizeof names), 1);
	assert_string_equal(names, "a ");
	/* remove the entry just read, and one not read yet */
	hello(&fx->c2);
	assert_int_equal(twalk(&fx->c2, 0, 2, "a"), 0);
	assert_int_equal(tremove(&fx->c2, 2), 0);
	assert_int_equal(twalk(&fx->c2, 0, 2, "c"), 0);
	assert_int_equal(tremove(&fx->c2, 2), 0);
	while(readone(&fx->c, 1, &off, names, sizeof names))
		;
	assert_string_equal(names, "a b d dir ");
}

/* A file opened ORCLOSE in a tree is removed when its fid goes. */
static void
test_orclose(void **state)
{
	Fix *fx;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(twalk(&fx->c, 0, 1, "b"), 0);
	assert_int_equal(topen(&fx->c, 1, OREAD|ORCLOSE), 0);
	assert_int_equal(tclunk(&fx->c, 1), 0);
	assert_int_equal(twalk(&fx->c, 0, 2, "b"), -1);
	assert_string_equal(terr(), "file does not exist");
}

/* A stat handler that answers from a Reqqueue, after the file may have been renamed. */
enum {
	Bigdir = 300,		/* well past the entries that make a directory hash its names */
};

/* Create f0..f(n-1) in the directory walked to by fid 1, each by fid 2 and clunked. */
static void
mkmany(Tconn *c, int n)
{
	char name[32];
	int i;

	for(i = 0; i < n; i++){
		snprintf(name, sizeof name, "f%d", i);
		assert_int_equal(twalk(c, 1, 2, ""), 0);
		assert_int_equal(tcreate(c, 2, name, 0664, OWRITE), 0);
		assert_int_equal(tclunk(c, 2), 0);
	}
}

/* Walk from fid 1 to name and clunk: 0, or -1 with the error in terr(). */
static int
walkclunk(Tconn *c, const char *name)
{
	if(twalk(c, 1, 3, name) < 0)
		return -1;
	assert_int_equal(tclunk(c, 3), 0);
	return 0;
}

static void
rename1(Tconn *c, const char *from, const char *to)
{
	Dir d;

	assert_int_equal(twalk(c, 1, 3, from), 0);
	nulldir(&d);
	d.name = (char*)to;
	assert_int_equal(twstat(c, 3, &d), 0);
	assert_int_equal(tclunk(c, 3), 0);
}

/*
 * A directory of many files finds each by name, refuses a second file of a name, forgets
 * removed names and finds renamed files by their new names only.
 */
static void
bigdir(Tconn *c)
{
	char name[32];
	int i;

	hello(c);
	assert_int_equal(twalk(c, 0, 1, "dir"), 0);
	mkmany(c, Bigdir);
	for(i = 0; i < Bigdir; i++){
		snprintf(name, sizeof name, "f%d", i);
		assert_int_equal(walkclunk(c, name), 0);
	}
	assert_int_equal(walkclunk(c, "f"), -1);
	assert_int_equal(walkclunk(c, "nonesuch"), -1);
	assert_int_equal(twalk(c, 1, 2, ""), 0);
	assert_int_equal(tcreate(c, 2, "f7", 0664, OWRITE), -1);
	assert_string_equal(terr(), "file already exists");
	assert_int_equal(tclunk(c, 2), 0);
	/* remove every other one */
	for(i = 0; i < Bigdir; i += 2){
		snprintf(name, sizeof name, "f%d", i);
		assert_int_equal(twalk(c, 1, 3, name), 0);
		assert_int_equal(tremove(c, 3), 0);
	}
	for(i = 0; i < Bigdir; i++){
		snprintf(name, sizeof name, "f%d", i);
		assert_int_equal(walkclunk(c, name), i % 2 == 0 ? -1 : 0);
	}
	rename1(c, "f1", "one");
	rename1(c, "f3", "f0");		/* a name removed before */
	assert_int_equal(walkclunk(c, "f1"), -1);
	assert_int_equal(walkclunk(c, "f3"), -1);
	assert_int_equal(walkclunk(c, "one"), 0);
	assert_int_equal(walkclunk(c, "f0"), 0);
	/* the old names can be created again */
	for(i = 1; i <= 3; i += 2){
		snprintf(name, sizeof name, "f%d", i);
		assert_int_equal(twalk(c, 1, 2, ""), 0);
		assert_int_equal(tcreate(c, 2, name, 0664, OWRITE), 0);
		assert_int_equal(tclunk(c, 2), 0);
		assert_int_equal(walkclunk(c, name), 0);
	}
	assert_int_equal(walkclunk(c, "f2"), -1);
}

static void
test_bigdir(void **state)
{
	bigdir(&((Fix*)*state)->c);
}

/*
 * Scaling: creating, finding and removing names costs the same in a directory of many
 * thousand entries as in a small one. Measured as thread CPU time, the best of three runs
 * of Scalek operations each, so a loaded machine changes little; linear scans of the
 * directory would make the large one cost tens of times more, and the bound is 6.
 */
enum {
	Scalek = 1000,
	Scalebig = 20000,
};

static vlong
cpunow(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void
mkfiles(File *dir, int from, int n)
{
	char name[32];
	File *f;
	int i;

	for(i = from; i < from + n; i++){
		snprintf(name, sizeof name, "file%d", i);
		assert_non_null(f = npcreatefile(dir, name, "glenda", 0664, nil));
		npclosefile(f);
	}
}

/* Find each of n names from from on; remove them too if rm (the last made first). */
static void
findfiles(File *dir, int from, int n, int rm)
{
	char name[32];
	File *f;
	int i;

	for(i = from + n - 1; i >= from; i--){
		snprintf(name, sizeof name, "file%d", i);
		assert_non_null(f = npwalkfile(dir, name));
		if(rm)
			assert_int_equal(npremovefile(f), 0);
		npclosefile(f);
	}
}

typedef struct Scalecost Scalecost;
struct Scalecost {
	vlong mk, find, rm;	/* ns for Scalek of each */
};

/* Costs in a directory of size entries (the best of three). */
static void
scalecost(int size, Scalecost *c)
{
	Tree *t;
	vlong t0, mk, find, rm;
	int r, base;

	c->mk = c->find = c->rm = -1;
	for(r = 0; r < 3; r++){
		assert_non_null(t = npalloctree("glenda", "glenda", DMDIR|0777, nil));
		mkfiles(t->root, 0, size);
		base = size;
		t0 = cpunow();
		mkfiles(t->root, base, Scalek);
		mk = cpunow() - t0;
		t0 = cpunow();
		findfiles(t->root, base, Scalek, 0);
		find = cpunow() - t0;
		t0 = cpunow();
		findfiles(t->root, base, Scalek, 1);
		rm = cpunow() - t0;
		npfreetree(t);
		if(c->mk < 0 || mk < c->mk)
			c->mk = mk;
		if(c->find < 0 || find < c->find)
			c->find = find;
		if(c->rm < 0 || rm < c->rm)
			c->rm = rm;
	}
}

static void
test_scaling(void **state)
{
	Scalecost small, big;

	(void)state;
	scalecost(0, &small);
	scalecost(Scalebig, &big);
	print_message("# %d creates, walks, removes: %lld %lld %lld us in an empty directory, "
		"%lld %lld %lld us beside %d entries\n", Scalek,
		small.mk/1000, small.find/1000, small.rm/1000,
		big.mk/1000, big.find/1000, big.rm/1000, Scalebig);
	assert_true(big.mk < 6*small.mk + 1000000);
	assert_true(big.find < 6*small.find + 1000000);
	assert_true(big.rm < 6*small.rm + 1000000);
}

/*
 * A connection may hold many fids (a FUSE bridge keeps one for each file the kernel
 * remembers): the server's table grows, and every fid stays usable, before and after.
 */
static void
test_manyfids(void **state)
{
	Tconn *c;
	Dir d;
	u32int i;
	enum { N = 1500, Base = 100 };

	c = &((Fix*)*state)->c;
	hello(c);
	for(i = 0; i < N; i++)
		assert_int_equal(twalk(c, 0, Base + i*7, "dir"), 0);
	for(i = 0; i < N; i++){
		assert_int_equal(tstat(c, Base + i*7, &d), 0);
		assert_string_equal(d.name, "dir");
	}
	assert_int_equal(twalk(c, 0, Base, "dir"), -1);	/* in use */
	for(i = 0; i < N; i += 2)
		assert_int_equal(tclunk(c, Base + i*7), 0);
	for(i = 0; i < N; i++)
		assert_int_equal(tstat(c, Base + i*7, &d), i % 2 == 0 ? -1 : 0);
	for(i = 1; i < N; i += 2)
		assert_int_equal(tclunk(c, Base + i*7), 0);
	assert_int_equal(tclunk(c, Base + 7), -1);
}

static void
slowstat(Req *r)
{
	usleep(Statms * 1000);
	nprespond(r, nil);
}

static void
hstat(Req *r)
{
	npreqqueuepush(((Fix*)r->srv->aux)->q, r, slowstat);
}

/* Rename on the loop, as a tree server's wstat does. */
static void
hwstat(Req *r)
{
	File *f;
	char *s;

	f = r->fid->file;
	if(r->d.name[0] != 0){
		s = strdup(r->d.name);
		free(f->d.name);
		f->d.name = s;
	}
	nprespond(r, nil);
}

static int
setupslowstat(void **state)
{
	Fix *fx;

	fx = newfix();
	fx->srv.stat = hstat;
	fx->srv.wstat = hwstat;
	startfix(fx);
	*state = fx;
	return 0;
}

static int
setupownwstat(void **state)
{
	Fix *fx;

	fx = newfix();
	fx->srv.wstat = hwstat;
	startfix(fx);
	*state = fx;
	return 0;
}

/* The same when the server renames files itself, in its own wstat. */
static void
test_bigdirownwstat(void **state)
{
	bigdir(&((Fix*)*state)->c);
}

/* The Dir a stat handler gets stays valid while the handler runs, whatever the loop does. */
static void
test_statlifetime(void **state)
{
	Fix *fx;
	Fcall t, r;
	Dir d;

	fx = *state;
	hello(&fx->c);
	hello(&fx->c2);
	assert_int_equal(twalk(&fx->c, 0, 1, "dir"), 0);
	assert_int_equal(twalk(&fx->c2, 0, 1, "dir"), 0);
	/* a name long enough to be a heap block of its own */
	nulldir(&d);
	d.name = "a-directory-with-a-name-long-enough-to-matter";
	assert_int_equal(twstat(&fx->c2, 1, &d), 0);
	memset(&t, 0, sizeof t);
	t.type = Tstat;
	t.tag = 1;
	t.fid = 1;
	assert_int_equal(tsend(&fx->c, &t), 0);
	usleep(Statms * 1000 / 3);
	nulldir(&d);
	d.name = "renamed";
	assert_int_equal(twstat(&fx->c2, 1, &d), 0);
	assert_int_equal(trecv(&fx->c, &r, 3000), 0);
	assert_int_equal(r.type, Rstat);
	assert_int_equal(npconvM2D(r.stat, r.nstat, &d), r.nstat);
	assert_string_equal(d.name, "a-directory-with-a-name-long-enough-to-matter");
}

static void
hattachcheck(Req *r)
{
	Fix *fx;

	fx = r->srv->aux;
	fx->attachsawfile = r->fid->file == fx->tree->root;
	r->ofcall.qid = fx->tree->root->d.qid;
	nprespond(r, nil);
}

static int
setupattach(void **state)
{
	Fix *fx;

	fx = newfix();
	fx->srv.attach = hattachcheck;
	startfix(fx);
	*state = fx;
	return 0;
}

/* A tree server's own attach finds the fid on the tree's root, so it can just check and go. */
static void
test_customattach(void **state)
{
	Fix *fx;
	Dir d;

	fx = *state;
	hello(&fx->c);
	assert_int_equal(fx->attachsawfile, 1);
	assert_int_equal(twalk(&fx->c, 0, 1, "a"), 0);
	assert_int_equal(tstat(&fx->c, 1, &d), 0);
	assert_string_equal(d.name, "a");
}

/* An auth handler that starts a conversation it never finishes; its aqid lacks QTAUTH. */
static void
hauth(Req *r)
{
	r->ofcall.aqid.path = 77;
	r->ofcall.aqid.type = 0;
	nprespond(r, nil);
}

static int
setupauth(void **state)
{
	Fix *fx;

	fx = newfix();
	fx->srv.auth = hauth;
	startfix(fx);
	*state = fx;
	return 0;
}

static int
attachafid(Tconn *c, u32int fid, u32int afid)
{
	Fcall t, r;

	memset(&t, 0, sizeof t);
	t.type = Tattach;
	t.fid = fid;
	t.afid = afid;
	t.uname = "glenda";
	t.aname = "";
	return trpc(c, &t, &r);
}

/* A server with auth refuses attach without an afid, or with one not done authenticating. */
static void
test_authrequired(void **state)
{
	Fix *fx;
	Fcall t, r;

	fx = *state;
	assert_int_equal(tversion(&fx->c, Msize), Msize);
	assert_int_equal(attachafid(&fx->c, 0, NOFID), -1);
	assert_string_equal(terr(), "authentication required");
	memset(&t, 0, sizeof t);
	t.type = Tauth;
	t.afid = 5;
	t.uname = "glenda";
	t.aname = "";
	assert_int_equal(trpc(&fx->c, &t, &r), 0);
	assert_true(r.aqid.type & QTAUTH);
	assert_int_equal(attachafid(&fx->c, 0, 5), -1);
	assert_string_equal(terr(), "authentication not complete");
	assert_int_equal(attachafid(&fx->c, 0, 6), -1);
	assert_string_equal(terr(), "unknown fid");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dirreadremove, setup, teardown),
		cmocka_unit_test_setup_teardown(test_orclose, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bigdir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bigdirownwstat, setupownwstat, teardown),
		cmocka_unit_test(test_scaling),
		cmocka_unit_test_setup_teardown(test_manyfids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_statlifetime, setupslowstat, teardown),
		cmocka_unit_test_setup_teardown(test_customattach, setupattach, teardown),
		cmocka_unit_test_setup_teardown(test_authrequired, setupauth, teardown),
	};

	signal(SIGPIPE, SIG_IGN);
	return cmocka_run_group_tests(tests, nil, nil);
}
