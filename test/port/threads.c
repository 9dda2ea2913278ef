/* threads: libthread from a Plan 9 program: a prime sieve of threads, a proc, alt. */
#include <u.h>
#include <libc.h>
#include <thread.h>

void
counter(void *arg)
{
	Channel *c;
	int i;

	c = arg;
	for(i = 2;; i++)
		sendul(c, i);
}

void
filter(void *arg)
{
	Channel *c, *in, *out;
	ulong p, i;

	c = arg;
	in = recvp(c);
	p = recvul(in);
	sendul(c, p);
	out = chancreate(sizeof(ulong), 0);
	sendp(c, out);
	while((i = recvul(in)) != 0)
		if(i % p)
			sendul(out, i);
}

void
adder(void *arg)
{
	Channel *c;
	ulong sum, v;

	c = arg;
	sum = 0;
	while((v = recvul(c)) != 0)
		sum += v;
	sendul(c, sum);
	threadexits(nil);
}

void
threadmain(int argc, char *argv[])
{
	Channel *c, *in, *sums, *a, *b;
	ulong v;
	int i, na, nb;
	Alt alts[3];

	USED(argc, argv);
	/* the sieve: each filter thread passes on what its prime does not divide */
	in = chancreate(sizeof(ulong), 0);
	threadcreate(counter, in, 8192);
	c = chancreate(sizeof(void*), 0);
	print("primes:");
	for(i = 0; i < 10; i++){
		threadcreate(filter, c, 8192);
		sendp(c, in);
		print(" %lud", recvul(c));
		in = recvp(c);
	}
	print("\n");

	/* a proc of its own adds what it is sent */
	sums = chancreate(sizeof(ulong), 0);
	proccreate(adder, sums, 16384);
	for(v = 1; v <= 100; v++)
		sendul(sums, v);
	sendul(sums, 0);
	print("sum from a proc: %lud\n", recvul(sums));

	/* alt takes from whichever channel is ready */
	a = chancreate(sizeof(ulong), 4);
	b = chancreate(sizeof(ulong), 4);
	sendul(a, 1);
	sendul(b, 2);
	sendul(b, 3);
	alts[0] = (Alt){a, &v, CHANRCV};
	alts[1] = (Alt){b, &v, CHANRCV};
	alts[2] = (Alt){nil, nil, CHANNOBLK};
	na = nb = 0;
	for(;;){
		switch(alt(alts)){
		case 0:
			na += v;
			continue;
		case 1:
			nb += v;
			continue;
		}
		break;
	}
	print("alt: a gave %d, b gave %d\n", na, nb);
	threadexitsall(nil);
}
