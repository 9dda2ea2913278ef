/* classic.c: the classic libthread programs, with their output checked. */
#include "tharness.h"

/* --- prime sieve: a generator and a chain of filter threads, one per prime --- */
typedef struct Filter Filter;
struct Filter {
	Channel *in;
	Channel *out;
	ulong prime;
};

static void
generate(void *v)
{
	Channel *c;
	ulong i;

	c = v;
	for(i = 2;; i++)
		if(t9sendul(c, i) < 0)
			break;
}

static void
filter(void *v)
{
	Filter *f;
	ulong x;

	f = v;
	for(;;){
		x = t9recvul(f->in);
		if(x % f->prime != 0)
			t9sendul(f->out, x);
	}
}

static void
test_sieve(void **state)
{
	static const ulong want[] = {
		2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
		73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149, 151, 157,
		163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233, 239, 241,
		251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337, 347,
		349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439,
		443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509, 521, 523, 541,
	};
	Filter f[100];
	Channel *c;
	int i;

	c = t9chancreate(sizeof(ulong), 0);
	t9threadsetgrp(0);
	/* the sieve's threads form group 17, killed at the end */
	t9threadsetgrp(17);
	t9threadcreate(generate, c, 0);
	for(i = 0; i < 100; i++){
		f[i].prime = t9recvul(c);
		assert_int_equal(f[i].prime, want[i]);
		f[i].in = c;
		f[i].out = c = t9chancreate(sizeof(ulong), 0);
		assert_true(t9threadcreate(filter, &f[i], 0) > 0);
	}
	t9threadsetgrp(0);
	assert_int_equal(t9threadkillgrp(17), 101);
	t9yield();
	/* with every thread of the chain gone, the channels are free */
	assert_int_equal(t9chanfree(f[0].in), 0);
	for(i = 0; i < 100; i++)
		assert_int_equal(t9chanfree(f[i].out), 0);
}

/* --- ping-pong between two procs --- */
typedef struct Pong Pong;
struct Pong {
	Channel *ping, *pong;
	int n;
};

static void
ponger(void *v)
{
	Pong p;
	ulong x;
	int i;

	p = *(Pong*)v;	/* the caller's copy is gone once it has the last answer */
	for(i = 0; i < p.n; i++){
		x = t9recvul(p.ping);
		t9sendul(p.pong, x + 1);
	}
}

static void
test_pingpong_procs(void **state)
{
	Pong p;
	ulong x;
	int i;

	p.ping = t9chancreate(sizeof(ulong), 0);
	p.pong = t9chancreate(sizeof(ulong), 0);
	p.n = 20000;
	assert_true(t9proccreate(ponger, &p, 0) > 0);
	x = 0;
	for(i = 0; i < p.n; i++){
		assert_int_equal(t9sendul(p.ping, x), 1);
		x = t9recvul(p.pong);
	}
	assert_int_equal(x, 20000);
	t9chanfree(p.ping);
	t9chanfree(p.pong);
}

/* --- alt fairness over 10,000 rounds --- */
enum { Nalt = 4, Rounds = 10000 };

static void
altsender(void *v)
{
	Channel *c;

	c = v;
	while(t9sendul(c, 1) == 1)
		;
}

/*
 * With every entry ready at every round, each is chosen about Rounds/Nalt times: a binomial
 * count with sigma about 43; 6 sigma either side is far from what any bias would give.
 */
static void
checkfair(int *count)
{
	int i;

	for(i = 0; i < Nalt; i++){
		assert_in_range(count[i], Rounds/Nalt - 260, Rounds/Nalt + 260);
	}
}

static void
test_alt_fairness(void **state)
{
	Channel *c[Nalt];
	Alt a[Nalt+1];
	ulong v[Nalt];
	int count[Nalt], i, r, grp;

	/* buffered channels kept full */
	for(i = 0; i < Nalt; i++){
		c[i] = t9chancreate(sizeof(ulong), 1);
		t9sendul(c[i], 1);
		a[i] = (Alt){c[i], &v[i], CHANRCV};
		count[i] = 0;
	}
	a[Nalt] = (Alt){nil, nil, CHANEND};
	for(r = 0; r < Rounds; r++){
		i = t9alt(a);
		assert_in_range(i, 0, Nalt-1);
		count[i]++;
		t9sendul(c[i], 1);
	}
	checkfair(count);

	/* unbuffered channels, each with a sender blocked on it in another proc */
	grp = t9threadsetgrp(0);
	for(i = 0; i < Nalt; i++){
		t9chanfree(c[i]);
		c[i] = t9chancreate(sizeof(ulong), 0);
		a[i].c = c[i];
		count[i] = 0;
	}
	for(i = 0; i < Nalt; i++)
		t9threadcreate(altsender, c[i], 0);
	t9yield();
	for(r = 0; r < Rounds; r++){
		i = t9alt(a);
		count[i]++;
		t9yield();	/* let the sender chosen block again */
	}
	checkfair(count);
	for(i = 0; i < Nalt; i++)
		t9chanclose(c[i]);
	t9yield();
	for(i = 0; i < Nalt; i++)
		assert_int_equal(t9chanfree(c[i]), 0);
	t9threadsetgrp(grp);
}

/* --- 10,000 threads alive at once --- */
enum { Nthreads = 10000 };

typedef struct Many Many;
struct Many {
	Channel *go;
	Channel *back;
};

static void
waiter(void *v)
{
	Many *m;
	ulong x;

	m = v;
	x = t9recvul(m->go);
	t9sendul(m->back, x * 2);
}

static void
test_10000_threads(void **state)
{
	Many m;
	ulong sum, i;

	m.go = t9chancreate(sizeof(ulong), 0);
	m.back = t9chancreate(sizeof(ulong), 0);
	for(i = 0; i < Nthreads; i++)
		assert_true(t9threadcreate(waiter, &m, 8192) > 0);
	t9yield();	/* all of them now wait on go */
	for(i = 1; i <= Nthreads; i++)
		assert_int_equal(t9sendul(m.go, i), 1);
	sum = 0;
	for(i = 0; i < Nthreads; i++)
		sum += t9recvul(m.back);
	assert_int_equal(sum, (ulong)Nthreads * (Nthreads + 1));
	t9chanfree(m.go);
	t9chanfree(m.back);
}

/* --- a channel of channels: clients send a reply channel, the server answers on it --- */
static void
server(void *v)
{
	Channel *req, *reply;
	ulong n;

	req = v;
	n = 0;
	while((reply = t9recvp(req)) != nil)
		t9sendul(reply, ++n);
}

typedef struct Client Client;
struct Client {
	Channel *req;
	Channel *done;
};

static void
client(void *v)
{
	Client *c;
	Channel *reply;
	ulong got, i;

	c = v;
	reply = t9chancreate(sizeof(ulong), 0);
	got = 0;
	for(i = 0; i < 100; i++){
		t9sendp(c->req, reply);
		got += t9recvul(reply) > 0;
	}
	t9chanfree(reply);
	t9sendul(c->done, got);
}

static void
test_chan_of_chans(void **state)
{
	Client c;
	Channel *reply;
	int i;
	ulong total;

	c.req = t9chancreate(sizeof(Channel*), 0);
	c.done = t9chancreate(sizeof(ulong), 0);
	t9proccreate(server, c.req, 0);
	for(i = 0; i < 5; i++)
		t9threadcreate(client, &c, 0);
	t9proccreate(client, &c, 0);
	total = 0;
	for(i = 0; i < 6; i++)
		total += t9recvul(c.done);
	assert_int_equal(total, 600);
	reply = t9chancreate(sizeof(ulong), 0);
	t9sendp(c.req, reply);
	assert_int_equal(t9recvul(reply), 601);	/* the server counted every request */
	t9sendp(c.req, nil);
	t9chanfree(reply);
	assert_int_equal(t9chanfree(c.req), 0);
	t9chanfree(c.done);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sieve),
		cmocka_unit_test(test_pingpong_procs),
		cmocka_unit_test(test_alt_fairness),
		cmocka_unit_test(test_10000_threads),
		cmocka_unit_test(test_chan_of_chans),
	};
	return cmocka_run_group_tests(tests, nil, nil);
}
