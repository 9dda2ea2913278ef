/* chan.c: channels and alt: values, buffering, non-blocking forms, close, free, errors. */
#include "tharness.h"
#include <limits.h>
#include <pthread.h>

static void
sender(void *v)
{
	Channel *c;
	int i;

	c = v;
	for(i = 1; i <= 100; i++)
		t9send(c, &i);
}

static void
test_unbuffered(void **state)
{
	Channel *c;
	int i, x;

	c = t9chancreate(sizeof(int), 0);
	assert_non_null(c);
	assert_true(t9threadcreate(sender, c, 0) > 0);
	for(i = 1; i <= 100; i++){
		assert_int_equal(t9recv(c, &x), 1);
		assert_int_equal(x, i);
	}
	assert_int_equal(t9nbrecv(c, &x), 0);
	assert_int_equal(t9chanfree(c), 0);
}

static void
test_buffered(void **state)
{
	Channel *c;
	int i, x;

	c = t9chancreate(sizeof(int), 5);
	for(i = 0; i < 5; i++)
		assert_int_equal(t9nbsend(c, &i), 1);
	assert_int_equal(t9nbsend(c, &i), 0);	/* full */
	for(i = 0; i < 5; i++){
		assert_int_equal(t9recv(c, &x), 1);
		assert_int_equal(x, i);
	}
	assert_int_equal(t9nbrecv(c, &x), 0);	/* empty */
	/* wrap around the ring, with a blocked sender refilling it */
	assert_true(t9threadcreate(sender, c, 0) > 0);
	for(i = 1; i <= 100; i++){
		assert_int_equal(t9recv(c, &x), 1);
		assert_int_equal(x, i);
	}
	t9chanfree(c);
}

static void
test_pforms(void **state)
{
	Channel *c, *u, *bad;
	int x;

	c = t9chancreate(sizeof(void*), 1);
	u = t9chancreate(sizeof(ulong), 1);
	bad = t9chancreate(3, 1);
	assert_int_equal(t9sendp(c, &x), 1);
	assert_ptr_equal(t9recvp(c), &x);
	assert_null(t9nbrecvp(c));
	assert_int_equal(t9nbsendp(c, &x), 1);
	assert_int_equal(t9nbsendp(c, &x), 0);
	assert_ptr_equal(t9nbrecvp(c), &x);
	assert_int_equal(t9sendul(u, 42), 1);
	assert_int_equal(t9recvul(u), 42);
	assert_int_equal(t9nbrecvul(u), 0);
	assert_int_equal(t9nbsendul(u, 7), 1);
	assert_int_equal(t9nbrecvul(u), 7);
	/* a wrong element size is an error, not a crash */
	assert_int_equal(t9sendp(bad, &x), -1);
	assert_non_null(strstr(errstr(), "element size"));
	assert_null(t9recvp(bad));
	assert_int_equal(t9recvul(bad), ~0UL);
	assert_int_equal(t9sendp(nil, &x), -1);
	/* a nil value sends zeros; a nil place drops the value */
	x = 5;
	assert_int_equal(t9send(u, nil), 1);
	assert_int_equal(t9recvul(u), 0);
	assert_int_equal(t9sendul(u, 9), 1);
	assert_int_equal(t9recv(u, nil), 1);
	assert_int_equal(t9chanprint(c, "%d-%s", 12, "ab"), 1);
	{
		char *s = t9recvp(c);
		assert_string_equal(s, "12-ab");
		free(s);
	}
	t9chanfree(c);
	t9chanfree(u);
	t9chanfree(bad);
}

static void
test_create_errors(void **state)
{
	Channel *c;

	assert_null(t9chancreate(0, 1));
	assert_non_null(strstr(errstr(), "bad element size"));
	assert_null(t9chancreate(4, -1));
	assert_null(t9chancreate(INT_MAX, INT_MAX));
	assert_non_null(strstr(errstr(), "too large"));
	assert_null(t9chancreate(8, INT_MAX));
	/* a big one that fits works */
	c = t9chancreate(8, 1<<20);
	assert_non_null(c);
	assert_int_equal(t9sendul(c, 3), 1);
	assert_int_equal(t9recvul(c), 3);
	t9chanfree(c);
	assert_int_equal(t9chanfree(nil), 0);
}

static void
test_alt(void **state)
{
	Channel *a, *b;
	int x, y;
	Alt alts[4];

	a = t9chancreate(sizeof(int), 1);
	b = t9chancreate(sizeof(int), 1);
	alts[0] = (Alt){a, &x, CHANRCV};
	alts[1] = (Alt){b, &y, CHANRCV};
	alts[2] = (Alt){nil, nil, CHANNOBLK};
	assert_int_equal(t9alt(alts), 2);	/* nothing ready */
	y = 9;
	assert_int_equal(t9send(b, &y), 1);
	y = 0;
	assert_int_equal(t9alt(alts), 1);
	assert_int_equal(y, 9);
	assert_null(alts[1].err);
	/* CHANNOP entries are skipped; a send entry */
	alts[0].op = CHANNOP;
	alts[1] = (Alt){b, &y, CHANSND};
	y = 4;
	assert_int_equal(t9alt(alts), 1);
	x = 0;
	assert_int_equal(t9recv(b, &x), 1);
	assert_int_equal(x, 4);
	/* a nil channel or a bad op is an error */
	alts[0] = (Alt){nil, &x, CHANRCV};
	assert_int_equal(t9alt(alts), -1);
	assert_non_null(strstr(errstr(), "nil channel"));
	alts[0] = (Alt){a, &x, 77};
	assert_int_equal(t9alt(alts), -1);
	assert_non_null(strstr(errstr(), "bad operation"));
	t9chanfree(a);
	t9chanfree(b);
}

typedef struct Blocked Blocked;
struct Blocked {
	Channel *c;
	Channel *done;
	int result;
	int after;
	char err[ERRMAX];
};

static void
blockedrecv(void *v)
{
	Blocked *b;
	int x;

	b = v;
	b->result = t9recv(b->c, &x);
	p9rerrstr(b->err, sizeof b->err);
	b->after = 1;
	t9sendul(b->done, 1);
}

/* a thread blocked receiving on b->c; returns its id */
static int
startblocked(Blocked *b)
{
	int id;

	memset(b, 0, sizeof *b);
	b->c = t9chancreate(sizeof(int), 0);
	b->done = t9chancreate(sizeof(ulong), 1);
	id = t9threadcreate(blockedrecv, b, 0);
	t9yield();
	return id;
}

static void
test_close(void **state)
{
	Channel *c;
	Blocked b;
	int x;
	Alt alts[3];

	/* a blocked receiver wakes with -1 */
	assert_true(startblocked(&b) > 0);
	assert_int_equal(t9chanclosing(b.c), -1);
	assert_int_equal(t9chanclose(b.c), 0);
	assert_int_equal(t9recvul(b.done), 1);
	assert_int_equal(b.result, -1);
	assert_non_null(strstr(b.err, "closed"));
	assert_int_equal(t9chanclose(b.c), -1);	/* twice */
	assert_int_equal(t9send(b.c, &x), -1);
	/* buffered values are still received after the close */
	c = t9chancreate(sizeof(int), 4);
	x = 1;
	t9send(c, &x);
	x = 2;
	t9send(c, &x);
	t9chanclose(c);
	assert_int_equal(t9chanclosing(c), 2);
	assert_int_equal(t9recv(c, &x), 1);
	assert_int_equal(x, 1);
	assert_int_equal(t9recv(c, &x), 1);
	assert_int_equal(x, 2);
	assert_int_equal(t9recv(c, &x), -1);
	assert_int_equal(t9nbrecv(c, &x), 0);	/* as 9front: not ready */
	/* alt reports a closed channel once, then fails */
	alts[0] = (Alt){c, &x, CHANRCV};
	alts[1] = (Alt){nil, nil, CHANEND};
	assert_int_equal(t9alt(alts), 0);
	assert_non_null(alts[0].err);
	assert_int_equal(t9alt(alts), -1);
	t9chanfree(c);
	t9chanfree(b.c);
	t9chanfree(b.done);
}

static void
test_free_in_use(void **state)
{
	Blocked b;

	assert_true(startblocked(&b) > 0);
	assert_int_equal(t9chanfree(b.c), -1);
	assert_string_equal(errstr(), "chanfree: channel in use");
	{
		int v = 3;
		assert_int_equal(t9send(b.c, &v), 1);
	}
	assert_int_equal(t9recvul(b.done), 1);
	assert_int_equal(b.result, 1);
	assert_int_equal(t9chanfree(b.c), 0);
	t9chanfree(b.done);
}

static void
test_interrupt(void **state)
{
	Blocked b;
	int id;

	id = startblocked(&b);
	assert_int_equal(t9threadint(id), 0);
	assert_int_equal(t9recvul(b.done), 1);
	assert_int_equal(b.result, -1);
	assert_string_equal(b.err, "interrupted");
	assert_int_equal(t9threadint(999999), -1);
	assert_non_null(strstr(errstr(), "no thread"));
	t9chanfree(b.c);
	t9chanfree(b.done);
}

static void
test_kill_blocked(void **state)
{
	Blocked b;
	int id;

	id = startblocked(&b);
	assert_int_equal(t9threadkill(id), 0);
	t9yield();
	assert_int_equal(b.after, 0);		/* it died inside t9recv */
	assert_int_equal(t9threadkill(id), -1);	/* and is gone */
	assert_int_equal(t9chanfree(b.c), 0);	/* off the channel's queue */
	assert_int_equal(t9nbrecvul(b.done), 0);
	t9chanfree(b.done);
}

/* each thread keeps its own error string across switches */
static void
errthread(void *v)
{
	Channel *c;
	char buf[ERRMAX];

	c = v;
	p9werrstr("mine is %d", t9threadid());
	t9yield();
	t9yield();
	p9rerrstr(buf, sizeof buf);
	t9sendp(c, strdup(buf));
}

static void
test_errstr(void **state)
{
	Channel *c;
	char *s, want[64];
	int id1, id2, i;

	c = t9chancreate(sizeof(void*), 2);
	p9werrstr("main's");
	id1 = t9threadcreate(errthread, c, 0);
	id2 = t9threadcreate(errthread, c, 0);
	for(i = 0; i < 2; i++){
		s = t9recvp(c);
		p9snprint(want, sizeof want, "mine is %d", i == 0 ? id1 : id2);
		assert_string_equal(s, want);
		free(s);
	}
	assert_string_equal(errstr(), "main's");
	t9chanfree(c);
}

static void
namethread(void *v)
{
	void **d;

	t9threadsetname("worker %d", 7);
	d = t9threaddata();
	*d = *d == nil ? v : nil;
	t9yield();
	t9sendp(v, (void*)t9threadgetname());
	t9sendp(v, *t9threaddata());
}

static void
test_names_data(void **state)
{
	Channel *c;

	c = t9chancreate(sizeof(void*), 0);
	t9threadcreate(namethread, c, 0);
	*t9threaddata() = &c;
	assert_string_equal(t9recvp(c), "worker 7");
	assert_ptr_equal(t9recvp(c), c);
	assert_ptr_equal(*t9threaddata(), &c);
	assert_true(t9threadid() > 0);
	assert_true(t9threadpid(t9threadid()) > 0);
	assert_int_equal(t9threadpid(-5), -1);
	t9chanfree(c);
}

/* an OS thread libthread never started can use channels (it becomes a proc) */
static void*
foreign(void *v)
{
	Channel *c;
	int i;

	c = v;
	for(i = 0; i < 1000; i++)
		t9sendul(c, i);
	return nil;
}

static void
test_foreign_thread(void **state)
{
	Channel *c;
	pthread_t th;
	ulong i, sum;

	c = t9chancreate(sizeof(ulong), 0);
	assert_int_equal(pthread_create(&th, nil, foreign, c), 0);
	sum = 0;
	for(i = 0; i < 1000; i++)
		sum += t9recvul(c);
	pthread_join(th, nil);
	assert_int_equal(sum, 999*1000/2);
	t9chanfree(c);
}

static void
yielder(void *v)
{
	Channel *c;

	c = v;
	t9sendul(c, 1);
	t9yield();
	t9sendul(c, 3);
}

static void
test_yield(void **state)
{
	Channel *c;

	c = t9chancreate(sizeof(ulong), 10);
	t9threadcreate(yielder, c, 0);
	assert_int_equal(t9yield(), 1);		/* yielder ran once: 1 */
	t9sendul(c, 2);
	t9yield();				/* yielder: 3 */
	assert_int_equal(t9recvul(c), 1);
	assert_int_equal(t9recvul(c), 2);
	assert_int_equal(t9recvul(c), 3);
	assert_int_equal(t9yield(), 0);
	t9chanfree(c);
}

static void
test_bad_stack(void **state)
{
	assert_int_equal(t9threadcreate(sender, nil, 0x7fffffff), -1);
	assert_non_null(strstr(errstr(), "too large"));
	assert_int_equal(t9proccreate(sender, nil, 0x7fffffff), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unbuffered),
		cmocka_unit_test(test_buffered),
		cmocka_unit_test(test_pforms),
		cmocka_unit_test(test_create_errors),
		cmocka_unit_test(test_alt),
		cmocka_unit_test(test_close),
		cmocka_unit_test(test_free_in_use),
		cmocka_unit_test(test_interrupt),
		cmocka_unit_test(test_kill_blocked),
		cmocka_unit_test(test_errstr),
		cmocka_unit_test(test_names_data),
		cmocka_unit_test(test_foreign_thread),
		cmocka_unit_test(test_yield),
		cmocka_unit_test(test_bad_stack),
	};
	return cmocka_run_group_tests(tests, nil, nil);
}
