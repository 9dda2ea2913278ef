/* fuzzmain.c: a stand-in for libFuzzer's main, so fuzz targets run as ordinary TAP tests. */

/*
 * A fuzz target is one file defining
 *	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
 * (and optionally int LLVMFuzzerInitialize(int *argc, char ***argv)) that aborts when an
 * invariant breaks. Built with clang -fsanitize=fuzzer it is a real libFuzzer binary; built
 * and linked with this file instead it is a test:
 *
 *	fuzz-NAME [file-or-directory ...]
 *
 * runs the target once on every seed file named (a directory stands for the files in it;
 * with no arguments, the directory compiled in as -DFUZZCORPUS='"dir"', if any), then on
 * generated inputs: random bytes and mutations of the seeds (bit flips, byte changes,
 * truncations, insertions and deletions, splices of two seeds, and 1-, 2- and 4-byte
 * little-endian length fields set near the input's length). Inputs are deterministic for a
 * given seed. It prints TAP: "1..1" and "ok 1 - fuzz NAME: N executions" (NAME from
 * -DFUZZNAME='"name"'). When the target crashes or a sanitizer reports an error, the input
 * is saved in ./crash-fuzz-NAME first, so the failure can be replayed by giving that file.
 *
 * Environment: FUZZ_RUNS generated inputs (default 200000), FUZZ_SECONDS time limit for
 * them (default 60; the run stops early and still passes), FUZZ_SEED (default 1),
 * FUZZ_MAXLEN longest generated input (default 4096).
 *
 * A real libFuzzer build writes new inputs into the first directory it is given, so give it
 * a scratch directory first: fuzz-x -max_total_time=600 /tmp/new dir/corpus.
 *
 * In automake (see lib9p/fcall/local.mk for the model):
 *	check_PROGRAMS += dir/fuzz-x
 *	dir_fuzz_x_SOURCES = dir/fuzz/x.c ...
 *	dir_fuzz_x_CPPFLAGS = $(AM_CPPFLAGS) -DFUZZNAME='"x"' \
 *		-DFUZZCORPUS='"$(top_srcdir)/dir/corpus"'
 *	if ENABLE_FUZZING
 *	dir_fuzz_x_LDFLAGS = $(AM_LDFLAGS) -fsanitize=fuzzer
 *	else
 *	TESTS += dir/fuzz-x
 *	dir_fuzz_x_SOURCES += test/fuzz/fuzzmain.c
 *	endif
 * (CPPFLAGS unconditionally: automake names the objects after the target in both branches.)
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef FUZZNAME
#define FUZZNAME "target"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

typedef struct Seed Seed;
struct Seed {
	uint8_t *data;
	size_t size;
};

static Seed *seeds;
static size_t nseeds;
static uint64_t rng;

/* the input being run, for the crash handler */
static const uint8_t *volatile curdata;
static volatile size_t cursize;

static void fail(const char *what, const char *arg) __attribute__((noreturn));

static void
fail(const char *what, const char *arg)
{
	printf("1..1\nnot ok 1 - fuzz %s: %s %s: %s\n", FUZZNAME, what, arg, strerror(errno));
	exit(1);
}

/* with ASan or UBSan linked in, they call this before dying of an error they found */
void __sanitizer_set_death_callback(void (*)(void)) __attribute__((weak));

/* async-signal-safe: save the input being run */
static void
savecrash(void)
{
	static const char msg[] = "# fuzzmain: crashing input saved in crash-fuzz-" FUZZNAME "\n";
	const uint8_t *p;
	size_t n;
	ssize_t w;
	int fd;

	if(curdata == NULL)
		return;
	fd = open("crash-fuzz-" FUZZNAME, O_WRONLY|O_CREAT|O_TRUNC, 0644);
	if(fd < 0)
		return;
	p = curdata;
	n = cursize;
	while(n > 0 && (w = write(fd, p, n)) > 0){
		p += w;
		n -= w;
	}
	close(fd);
	if(write(2, msg, sizeof msg - 1) < 0){
		/* nothing more to be done */
	}
}

static void
crashed(int sig)
{
	savecrash();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
addseed(const char *path)
{
	FILE *f;
	uint8_t *buf;
	long n;

	f = fopen(path, "rb");
	if(f == NULL)
		fail("open", path);
	if(fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) < 0)
		fail("seek", path);
	buf = malloc(n > 0 ? n : 1);
	if(buf == NULL || (n > 0 && fread(buf, 1, n, f) != (size_t)n))
		fail("read", path);
	fclose(f);
	seeds = realloc(seeds, (nseeds+1) * sizeof seeds[0]);
	if(seeds == NULL)
		fail("realloc", path);
	seeds[nseeds].data = buf;
	seeds[nseeds].size = n;
	nseeds++;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const*)a, *(char *const*)b);
}

/* a file, or the regular files of a directory in name order */
static void
addpath(const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	char **names, *p;
	size_t i, n;

	if(stat(path, &st) < 0)
		fail("stat", path);
	if(!S_ISDIR(st.st_mode)){
		addseed(path);
		return;
	}
	d = opendir(path);
	if(d == NULL)
		fail("opendir", path);
	names = NULL;
	n = 0;
	while((e = readdir(d)) != NULL){
		if(e->d_name[0] == '.')
			continue;
		names = realloc(names, (n+1) * sizeof names[0]);
		p = malloc(strlen(path) + strlen(e->d_name) + 2);
		if(names == NULL || p == NULL)
			fail("malloc", path);
		sprintf(p, "%s/%s", path, e->d_name);
		names[n++] = p;
	}
	closedir(d);
	if(n > 0)
		qsort(names, n, sizeof names[0], namecmp);
	for(i = 0; i < n; i++){
		if(stat(names[i], &st) == 0 && S_ISREG(st.st_mode))
			addseed(names[i]);
		free(names[i]);
	}
	free(names);
}

static uint64_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DULL;
}

static size_t
below(size_t n)
{
	return n == 0 ? 0 : rnd() % n;
}

static uint64_t
envnum(const char *name, uint64_t def)
{
	char *s, *e;
	unsigned long long v;

	s = getenv(name);
	if(s == NULL || *s == 0)
		return def;
	v = strtoull(s, &e, 0);
	if(*e != 0)
		return def;
	return v;
}

static void
run(const uint8_t *data, size_t size)
{
	uint8_t *copy;

	/* an exact-size heap copy, so a sanitizer sees any read past the end */
	copy = malloc(size > 0 ? size : 1);
	if(copy == NULL)
		fail("malloc", "input");
	if(size > 0)
		memcpy(copy, data, size);
	curdata = copy;
	cursize = size;
	LLVMFuzzerTestOneInput(copy, size);
	curdata = NULL;
	free(copy);
}

/* put v as an n-byte little-endian field at off */
static void
putle(uint8_t *p, size_t n, uint64_t v)
{
	size_t i;

	for(i = 0; i < n; i++)
		p[i] = v >> 8*i;
}

static size_t
mutate(uint8_t *buf, size_t size, size_t max)
{
	static const size_t widths[] = {1, 2, 4};
	const Seed *s;
	size_t off, n, w, k;
	int64_t v;

	switch(rnd() % 8){
	case 0:		/* flip a few bits */
		for(k = 1 + below(4); k > 0 && size > 0; k--)
			buf[below(size)] ^= 1 << below(8);
		break;
	case 1:		/* set a byte to something interesting or random */
		if(size > 0)
			buf[below(size)] = (uint8_t[]){0, 1, 0x7f, 0x80, 0xff, rnd()}[below(6)];
		break;
	case 2:		/* truncate */
		size = below(size + 1);
		break;
	case 3:		/* insert random bytes */
		n = 1 + below(16);
		if(size + n > max)
			break;
		off = below(size + 1);
		memmove(buf + off + n, buf + off, size - off);
		for(k = 0; k < n; k++)
			buf[off + k] = rnd();
		size += n;
		break;
	case 4:		/* delete a run */
		if(size == 0)
			break;
		off = below(size);
		n = 1 + below(size - off);
		memmove(buf + off, buf + off + n, size - off - n);
		size -= n;
		break;
	case 5:		/* splice: our head, another seed's tail */
		if(nseeds == 0)
			break;
		s = &seeds[below(nseeds)];
		off = below(size + 1);
		k = below(s->size + 1);
		n = s->size - k;
		if(off + n > max)
			n = max - off;
		memcpy(buf + off, s->data + k, n);
		size = off + n;
		break;
	default:	/* a length field near the whole length or the length after it */
		w = widths[below(3)];
		if(size < w)
			break;
		off = rnd() % 4 == 0 ? 0 : below(size - w + 1);
		v = rnd() % 2 ? (int64_t)size : (int64_t)(size - off - w);
		v += (int64_t)below(5) - 2;
		putle(buf + off, w, (uint64_t)v);
		break;
	}
	return size;
}

int
main(int argc, char **argv)
{
	uint64_t runs, i, secs;
	size_t size, max, k;
	uint8_t *buf;
	time_t start;
	int a;

	if(LLVMFuzzerInitialize != NULL)
		LLVMFuzzerInitialize(&argc, &argv);
	signal(SIGABRT, crashed);
	if(__sanitizer_set_death_callback != NULL)
		__sanitizer_set_death_callback(savecrash);	/* SEGV is the sanitizer's */
	else{
		signal(SIGSEGV, crashed);
		signal(SIGBUS, crashed);
		signal(SIGFPE, crashed);
		signal(SIGILL, crashed);
	}
	for(a = 1; a < argc; a++)
		addpath(argv[a]);
#ifdef FUZZCORPUS
	if(argc < 2)
		addpath(FUZZCORPUS);
#endif
	runs = envnum("FUZZ_RUNS", 200000);
	secs = envnum("FUZZ_SECONDS", 60);
	rng = envnum("FUZZ_SEED", 1) | 1;
	max = envnum("FUZZ_MAXLEN", 4096);
	for(k = 0; k < nseeds; k++)
		if(seeds[k].size > max)
			max = seeds[k].size;
	buf = malloc(max + 1);
	if(buf == NULL)
		fail("malloc", "buffer");

	for(k = 0; k < nseeds; k++)
		run(seeds[k].data, seeds[k].size);
	start = time(NULL);
	for(i = 0; i < runs; i++){
		if(i % 1024 == 0 && (uint64_t)(time(NULL) - start) >= secs){
			printf("# time limit of %llu s reached\n", (unsigned long long)secs);
			break;
		}
		if(nseeds == 0 || rnd() % 8 == 0){
			size = below(rnd() % 4 == 0 ? max + 1 : 64);
			for(k = 0; k < size; k++)
				buf[k] = rnd();
		}else{
			const Seed *s = &seeds[below(nseeds)];
			memcpy(buf, s->data, s->size);
			size = s->size;
			for(k = 1 + below(3); k > 0; k--)
				size = mutate(buf, size, max);
		}
		run(buf, size);
	}
	printf("1..1\nok 1 - fuzz %s: %llu executions (%zu seeds, %llu generated)\n", FUZZNAME,
		(unsigned long long)(nseeds + i), nseeds, (unsigned long long)i);
	free(buf);
	return 0;
}
