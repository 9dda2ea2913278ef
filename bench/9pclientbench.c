/*
 * 9pclientbench.c: the measurement behind bench/9pclient.sh: streaming reads of one file
 * through the 9P client, blocking (a threaded connection, npfspread) against asynchronous
 * (a connection on a libuv loop, npfspreadasync), alternately in one process.
 *
 *	9pclientbench -a addr [-m msize] [-s MiB] [-c chunk-MiB] [-r rounds] [-o b14]
 *
 * writes a file of MiB (default 256), then reads it whole `rounds` times (default 3) each
 * way: blocking, chunk (default 8) MiB per npfspread; async with one npfspreadasync of
 * chunk MiB out at a time (the same messages as the blocking reads); async with four out.
 * Prints the best MB/s of each: "blocking async1 async4" (-o: only those of b, 1, 4; 0 for
 * the others).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>

enum { Maxdepth = 4 };

static char *addr;

static void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void
fatal(const char *fmt, ...)
{
	va_list arg;
	char err[ERRMAX];

	p9rerrstr(err, sizeof err);
	va_start(arg, fmt);
	fprintf(stderr, "9pclientbench: ");
	vfprintf(stderr, fmt, arg);
	va_end(arg);
	fprintf(stderr, "%s%s\n", err[0] ? ": " : "", err);
	exit(1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec/1e9;
}

static double
blocking(NpCFid *f, char *buf, vlong total, long chunk)
{
	vlong off;
	long n, want;
	double t0;

	t0 = now();
	for(off = 0; off < total; off += n){
		want = total-off < chunk ? total-off : chunk;
		if((n = npfspread(f, buf, want, off)) != want)
			fatal("read at %lld: %ld", off, n);
	}
	return total/(now()-t0)/1e6;
}

/* The asynchronous reader: depth reads of chunk bytes out, the next started as one ends. */
typedef struct Async Async;
typedef struct Slot Slot;
struct Slot {
	Async *a;
	char *buf;
	long want;
};
struct Async {
	NpCFid *f;
	vlong total, next, done;
	long chunk;
	int out;
	Slot slot[Maxdepth];
};

static void readone(Slot *s);

static void
readdone(void *arg, long n, const char *err)
{
	Slot *s;

	s = arg;
	if(err != nil || n != s->want)
		fatal("async read: %ld %s", n, err ? err : "short");
	s->a->done += n;
	s->a->out--;
	readone(s);
}

static void
readone(Slot *s)
{
	Async *a;
	vlong off;

	a = s->a;
	if(a->next >= a->total)
		return;
	off = a->next;
	s->want = a->total-off < a->chunk ? a->total-off : a->chunk;
	a->next += s->want;
	a->out++;
	if(npfspreadasync(a->f, s->buf, s->want, off, readdone, s) == nil)
		fatal("async read at %lld", off);
}

static double
async(uv_loop_t *loop, Async *a, int depth)
{
	double t0;
	int i;

	a->next = a->done = 0;
	t0 = now();
	for(i = 0; i < depth; i++)
		readone(&a->slot[i]);
	uv_run(loop, UV_RUN_DEFAULT);
	if(a->done != a->total || a->out != 0)
		fatal("async read: %lld of %lld", a->done, a->total);
	return a->total/(now()-t0)/1e6;
}

static void
usage(void)
{
	fprintf(stderr, "usage: 9pclientbench -a addr [-m msize] [-s MiB] [-c chunk-MiB] [-r rounds] "
		"[-o b14]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	NpCFsys *bfs, *afs;
	NpCFid *f, *af;
	uv_loop_t loop;
	Async a;
	char fname[64], *buf;
	vlong off, total;
	long mib, chunk, n;
	uint msize;
	int rounds, i;
	double b, b1, a1, a4;
	char *only;

	signal(SIGPIPE, SIG_IGN);
	msize = NP_DEFMSIZE;
	mib = 256;
	chunk = 8;
	rounds = 3;
	only = "b14";
	ARGBEGIN{
	case 'a':
		addr = EARGF(usage());
		break;
	case 'm':
		msize = strtoul(EARGF(usage()), nil, 0);
		break;
	case 's':
		mib = atol(EARGF(usage()));
		break;
	case 'c':
		chunk = atol(EARGF(usage()));
		break;
	case 'r':
		rounds = atoi(EARGF(usage()));
		break;
	case 'o':
		only = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0 || addr == nil || mib < 1 || chunk < 1 || chunk > mib || rounds < 1)
		usage();
	total = (vlong)mib << 20;
	chunk <<= 20;
	if((buf = malloc(Maxdepth * chunk)) == nil)
		fatal("out of memory");
	memset(buf, 'x', Maxdepth * chunk);

	if((bfs = npfsdial(addr, nil, msize)) == nil)
		fatal("mount %s", addr);
	snprintf(fname, sizeof fname, "bench.client.%d", (int)getpid());
	if((f = npfscreate(bfs, fname, ORDWR|OTRUNC, 0666)) == nil)
		fatal("create %s", fname);
	for(off = 0; off < total; off += n)
		if((n = npfspwrite(f, buf, total-off < chunk ? total-off : chunk, off)) <= 0)
			fatal("write at %lld", off);

	/* the async connection: dialled and opened blocking, then moved onto the loop */
	if((afs = npfsdial(addr, nil, msize)) == nil)
		fatal("mount %s", addr);
	if((af = npfsopen(afs, fname, OREAD)) == nil)
		fatal("open %s", fname);
	if(uv_loop_init(&loop) != 0 || npfsuvattach(afs, &loop) < 0)
		fatal("loop");
	memset(&a, 0, sizeof a);
	a.f = af;
	a.total = total;
	a.chunk = chunk;
	for(i = 0; i < Maxdepth; i++){
		a.slot[i].a = &a;
		a.slot[i].buf = buf + i*chunk;
	}

	b1 = a1 = a4 = 0;
	for(i = 0; i < rounds; i++){
		if(strchr(only, 'b') && (b = blocking(f, buf, total, chunk)) > b1)
			b1 = b;
		if(strchr(only, '1') && (b = async(&loop, &a, 1)) > a1)
			a1 = b;
		if(strchr(only, '4') && (b = async(&loop, &a, Maxdepth)) > a4)
			a4 = b;
	}
	npfsclose(af);
	npfsunmount(afs);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	npfsclose(f);
	npfsremove(bfs, fname);
	npfsunmount(bfs);
	printf("%.0f %.0f %.0f\n", b1, a1, a4);
	free(buf);
	return 0;
}
