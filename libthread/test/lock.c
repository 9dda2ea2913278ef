/* lock.c: Lock, QLock, RWLock and Rendez, between threads of a proc and across procs. */
#include "tharness.h"

typedef struct Shared Shared;
struct Shared {
	Lock l;
	QLock q;
	RWLock rw;
	Rendez r;
	long counter;
	Ref ref;
	int readers, maxreaders, writers, bad;
	Channel *done;
	int n;
	long items[16];
	int nitems;
};

static void
qlocker(void *v)
{
	Shared *s;
	long c;
	int i;

	s = v;
	for(i = 0; i < 200; i++){
		t9qlock(&s->q);
		c = s->counter;
		t9yield();	/* another thread runs while we hold it: it must wait */
		s->counter = c + 1;
		t9qunlock(&s->q);
	}
	t9sendul(s->done, 1);
}

static void
test_qlock(void **state)
{
	Shared s;
	int i;

	memset(&s, 0, sizeof s);
	s.done = t9chancreate(sizeof(ulong), 0);
	for(i = 0; i < 3; i++)
		t9threadcreate(qlocker, &s, 0);
	for(i = 0; i < 2; i++)
		t9proccreate(qlocker, &s, 0);
	for(i = 0; i < 5; i++)
		t9recvul(s.done);
	assert_int_equal(s.counter, 1000);
	assert_true(t9canqlock(&s.q));
	assert_false(t9canqlock(&s.q));
	t9qunlock(&s.q);
	t9chanfree(s.done);
}

static void
locker(void *v)
{
	Shared *s;
	int i;

	s = v;
	for(i = 0; i < 100000; i++){
		t9lock(&s->l);
		s->counter++;
		t9unlock(&s->l);
	}
	t9sendul(s->done, 1);
}

static void
test_lock_procs(void **state)
{
	Shared s;
	int i;

	memset(&s, 0, sizeof s);
	s.done = t9chancreate(sizeof(ulong), 0);
	for(i = 0; i < 3; i++)
		t9proccreate(locker, &s, 0);
	for(i = 0; i < 3; i++)
		t9recvul(s.done);
	assert_int_equal(s.counter, 300000);
	assert_true(t9canlock(&s.l));
	assert_false(t9canlock(&s.l));
	t9unlock(&s.l);
	t9chanfree(s.done);
}

static void
reader(void *v)
{
	Shared *s;
	int i;

	s = v;
	for(i = 0; i < 50; i++){
		t9rlock(&s->rw);
		t9lock(&s->l);
		s->readers++;
		if(s->readers > s->maxreaders)
			s->maxreaders = s->readers;
		if(s->writers)
			s->bad++;
		t9unlock(&s->l);
		t9yield();
		t9lock(&s->l);
		s->readers--;
		t9unlock(&s->l);
		t9runlock(&s->rw);
	}
	t9sendul(s->done, 1);
}

static void
writer(void *v)
{
	Shared *s;
	int i;

	s = v;
	for(i = 0; i < 50; i++){
		t9wlock(&s->rw);
		t9lock(&s->l);
		s->writers++;
		if(s->readers || s->writers > 1)
			s->bad++;
		t9unlock(&s->l);
		t9yield();
		t9lock(&s->l);
		s->writers--;
		s->counter++;
		t9unlock(&s->l);
		t9wunlock(&s->rw);
	}
	t9sendul(s->done, 1);
}

static void
test_rwlock(void **state)
{
	Shared s;
	int i;

	memset(&s, 0, sizeof s);
	s.done = t9chancreate(sizeof(ulong), 0);
	for(i = 0; i < 4; i++)
		t9threadcreate(reader, &s, 0);
	t9threadcreate(writer, &s, 0);
	t9proccreate(writer, &s, 0);
	t9proccreate(reader, &s, 0);
	for(i = 0; i < 7; i++)
		t9recvul(s.done);
	assert_int_equal(s.bad, 0);
	assert_int_equal(s.counter, 100);
	assert_true(s.maxreaders > 1);		/* readers did share it */
	assert_true(t9canrlock(&s.rw));
	assert_true(t9canrlock(&s.rw));
	assert_false(t9canwlock(&s.rw));
	t9runlock(&s.rw);
	t9runlock(&s.rw);
	assert_true(t9canwlock(&s.rw));
	assert_false(t9canrlock(&s.rw));
	t9wunlock(&s.rw);
	t9chanfree(s.done);
}

/* a bounded queue of 16 items, with one Rendez for "not empty" and one for "not full" */
typedef struct Queue Queue;
struct Queue {
	Shared s;
	Rendez notfull;
};

static void
producer(void *v)
{
	Queue *q;
	int i;

	q = v;
	for(i = 1; i <= 1000; i++){
		t9qlock(&q->s.q);
		while(q->s.nitems == 16)
			t9rsleep(&q->notfull);
		q->s.items[q->s.nitems++] = i;
		t9rwakeup(&q->s.r);
		t9qunlock(&q->s.q);
	}
	t9sendul(q->s.done, 1);
}

static void
test_rendez(void **state)
{
	Queue q;
	long sum, got;
	int i;

	memset(&q, 0, sizeof q);
	q.s.r.l = &q.s.q;
	q.notfull.l = &q.s.q;
	q.s.done = t9chancreate(sizeof(ulong), 2);
	t9proccreate(producer, &q, 0);
	t9threadcreate(producer, &q, 0);
	sum = 0;
	for(i = 0; i < 2000; i++){
		t9qlock(&q.s.q);
		while(q.s.nitems == 0)
			t9rsleep(&q.s.r);
		got = q.s.items[--q.s.nitems];
		t9rwakeupall(&q.notfull);
		t9qunlock(&q.s.q);
		sum += got;
	}
	t9recvul(q.s.done);
	t9recvul(q.s.done);
	assert_int_equal(sum, 2 * 1000 * 1001 / 2);
	t9qlock(&q.s.q);
	assert_int_equal(t9rwakeup(&q.s.r), 0);	/* nobody sleeps */
	t9qunlock(&q.s.q);
	t9chanfree(q.s.done);
}

static void
refworker(void *v)
{
	Shared *s;
	int i;

	s = v;
	for(i = 0; i < 10000; i++)
		t9incref(&s->ref);
	for(i = 0; i < 5000; i++)
		t9decref(&s->ref);
	t9sendul(s->done, 1);
}

static void
test_ref(void **state)
{
	Shared s;
	Ref r;
	int i;

	memset(&s, 0, sizeof s);
	s.done = t9chancreate(sizeof(ulong), 0);
	for(i = 0; i < 3; i++)
		t9proccreate(refworker, &s, 0);
	for(i = 0; i < 3; i++)
		t9recvul(s.done);
	assert_int_equal(s.ref.ref, 15000);
	r.ref = 0;
	assert_int_equal(t9incref(&r), 1);
	assert_int_equal(t9incref(&r), 2);
	assert_int_equal(t9decref(&r), 1);
	assert_int_equal(t9decref(&r), 0);
	t9chanfree(s.done);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_qlock),
		cmocka_unit_test(test_lock_procs),
		cmocka_unit_test(test_rwlock),
		cmocka_unit_test(test_rendez),
		cmocka_unit_test(test_ref),
	};
	return cmocka_run_group_tests(tests, nil, nil);
}
