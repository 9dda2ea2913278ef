/*
 * 9pbench.c: the measurements behind bench/9p.sh, one per subcommand, each printing one number.
 *
 *	9pbench lat (-a addr | -c cmd) [-d depth] [-T seconds]
 *		open/read 4 KiB/clunk cycles per second, depth cycles in flight on one connection;
 *		with -c, the server is cmd (such as "ramfs -i") speaking 9P on its standard input
 *		and output, a socket, and the server's CPU time per cycle in microseconds follows
 *	9pbench stream -a addr -m msize [-s MiB]
 *		write then read a file through the client library; prints "write-MB/s read-MB/s"
 *	9pbench idle -a addr -p pid [-n conns]
 *		KiB of the server's RSS per idle connection
 *	9pbench raw [-s MiB]
 *		MB/s through a Unix socketpair: the ceiling
 *	9pbench flood -a addr -p pid [-n reads]
 *		a client sends n 1 MiB Treads and reads no reply: prints the server's RSS growth in
 *		MiB and how long, in ms, another client then waits for a small round trip
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>

enum {
	Msize = 8192 + IOHDRSZ,
	Maxdepth = 64,
};

static char *addr;
static char *cmd;		/* a server to run on a socketpair */
static pid_t cmdpid;
static char fname[64];

static void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

static void
fatal(const char *fmt, ...)
{
	va_list arg;
	char err[ERRMAX];

	p9rerrstr(err, sizeof err);
	va_start(arg, fmt);
	fprintf(stderr, "9pbench: ");
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

/* Raw connections: blocking, buffered reads of whole messages. */
typedef struct Raw Raw;
struct Raw {
	int fd;
	uchar in[4*Msize];
	uint nin;
	uchar msg[Msize];
	Fcall r;
};

static void
rawsend(Raw *c, Fcall *t)
{
	uchar buf[Msize];
	uint n;

	n = npconvS2M(t, buf, sizeof buf);
	if(n == 0 || p9write(c->fd, buf, n) != n)
		fatal("send %s", npfcallname(t->type));
}

static Fcall*
rawrecv(Raw *c)
{
	uint size;
	ssize_t m;

	for(;;){
		size = npmsgsize(c->in, c->nin);
		if(size != 0 && (size < 7 || size > Msize))
			fatal("reply of %u bytes", size);
		if(size != 0 && c->nin >= size)
			break;
		m = read(c->fd, c->in+c->nin, sizeof c->in - c->nin);
		if(m <= 0)
			fatal("read reply");
		c->nin += m;
	}
	memcpy(c->msg, c->in, size);
	memmove(c->in, c->in+size, c->nin-size);
	c->nin -= size;
	if(npconvM2S(c->msg, size, &c->r) != size)
		fatal("malformed reply");
	if(c->r.type == Rerror)
		fatal("server: %s", c->r.ename);
	return &c->r;
}

static Fcall*
rawrpc(Raw *c, Fcall *t)
{
	rawsend(c, t);
	return rawrecv(c);
}

/* Run cmd with one end of a socketpair as its standard input and output; the other end. */
static int
spawn(char *cmd)
{
	int sv[2];

	if(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		fatal("socketpair: %s", strerror(errno));
	/* a server that forks to serve stays our child, for cmdcpu to count */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	switch(cmdpid = fork()){
	case -1:
		fatal("fork: %s", strerror(errno));
	case 0:
		dup2(sv[1], 0);
		dup2(sv[1], 1);
		close(sv[0]);
		close(sv[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char*)nil);
		_exit(127);
	}
	close(sv[1]);
	return sv[0];
}

/* Microseconds of CPU the server run by spawn (and its children) used, once all exited. */
static double
cmdcpu(void)
{
	struct rusage ru;
	double us;
	int st;

	us = 0;
	while(wait4(-1, &st, 0, &ru) > 0)
		us += (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6
			+ ru.ru_utime.tv_usec + ru.ru_stime.tv_usec;
	return us;
}

static Raw*
rawmountm(u32int msize)
{
	Raw *c;
	Fcall t;

	c = calloc(1, sizeof *c);
	if(c == nil)
		fatal("out of memory");
	if(cmd != nil)
		c->fd = spawn(cmd);
	else if((c->fd = p9dial(addr, nil, nil, nil)) < 0)
		fatal("dial %s", addr);
	memset(&t, 0, sizeof t);
	t.type = Tversion;
	t.tag = NOTAG;
	t.msize = msize;
	t.version = VERSION9P;
	rawrpc(c, &t);
	memset(&t, 0, sizeof t);
	t.type = Tattach;
	t.tag = 1;
	t.fid = 0;
	t.afid = NOFID;
	t.uname = (char*)p9getuser();
	t.aname = "";
	rawrpc(c, &t);
	return c;
}

static Raw*
rawmount(void)
{
	return rawmountm(Msize);
}

/* one open/read/clunk cycle is four messages: walk, open, read, clunk */
static void
cyclestep(Raw *c, int slot, int step, char *name)
{
	Fcall t;

	memset(&t, 0, sizeof t);
	t.tag = slot;
	t.fid = 10 + slot;
	switch(step){
	case 0:
		t.type = Twalk;
		t.fid = 0;
		t.newfid = 10 + slot;
		t.nwname = 1;
		t.wname[0] = name;
		break;
	case 1:
		t.type = Topen;
		t.mode = OREAD;
		break;
	case 2:
		t.type = Tread;
		t.count = 4096;
		break;
	case 3:
		t.type = Tclunk;
		break;
	}
	rawsend(c, &t);
}

/* Create fname by fid 1 on c and fill it with n bytes in one Twrite (c's msize permitting). */
static void
mkbig(Raw *c, long n)
{
	Fcall t;
	char *data;
	uchar *buf;
	uint m;

	memset(&t, 0, sizeof t);
	t.type = Twalk;
	t.tag = 1;
	t.fid = 0;
	t.newfid = 1;
	rawrpc(c, &t);
	t.type = Tcreate;
	t.fid = 1;
	t.name = fname;
	t.perm = 0666;
	t.mode = ORDWR;
	rawrpc(c, &t);
	if((data = calloc(1, n)) == nil || (buf = malloc(n + IOHDRSZ)) == nil)
		fatal("out of memory");
	memset(&t, 0, sizeof t);
	t.type = Twrite;
	t.tag = 1;
	t.fid = 1;
	t.count = n;
	t.data = data;
	m = npconvS2M(&t, buf, n + IOHDRSZ);
	if(m == 0 || p9write(c->fd, buf, m) != m)
		fatal("send Twrite");
	rawrecv(c);
	free(data);
	free(buf);
}

static int
lat(int depth, double secs)
{
	static uchar data[4096];
	int step[Maxdepth], i, live;
	double t0, end;
	long cycles;
	Fcall t, *r;
	Raw *c;

	c = rawmount();
	snprintf(fname, sizeof fname, "bench.lat.%d", (int)getpid());
	mkbig(c, sizeof data);
	cycles = 0;
	t0 = now();
	end = t0 + secs;
	for(i = 0; i < depth; i++){
		step[i] = 0;
		cyclestep(c, i, 0, fname);
	}
	for(live = depth; live > 0; ){
		r = rawrecv(c);
		i = r->tag;
		if(i >= depth)
			fatal("reply with tag %d", i);
		if(r->type == Rread && r->count != sizeof data)
			fatal("short read: %u", r->count);
		if(++step[i] == 4){
			cycles++;
			step[i] = 0;
			if(now() >= end){
				live--;
				continue;
			}
		}
		cyclestep(c, i, step[i], fname);
	}
	t0 = now() - t0;
	memset(&t, 0, sizeof t);
	t.type = Tremove;
	t.tag = 1;
	t.fid = 1;
	rawrpc(c, &t);
	close(c->fd);
	free(c);
	if(cmd != nil)
		printf("%.0f %.1f\n", cycles / t0, cmdcpu() / cycles);
	else
		printf("%.0f\n", cycles / t0);
	return 0;
}

static int
stream(uint msize, long mib)
{
	enum { Chunk = 4*1024*1024 };
	NpCFsys *fs;
	NpCFid *f;
	char *buf;
	vlong off, total;
	double t0, tw, tr;
	long n, want;

	total = (vlong)mib << 20;
	buf = malloc(Chunk);
	if(buf == nil)
		fatal("out of memory");
	memset(buf, 'x', Chunk);
	if((fs = npfsdial(addr, nil, msize)) == nil)
		fatal("mount %s", addr);
	snprintf(fname, sizeof fname, "bench.stream.%d", (int)getpid());
	if((f = npfscreate(fs, fname, ORDWR|OTRUNC, 0666)) == nil)
		fatal("create %s", fname);
	t0 = now();
	for(off = 0; off < total; off += n){
		want = total-off < Chunk ? total-off : Chunk;
		if((n = npfspwrite(f, buf, want, off)) != want)
			fatal("write at %lld", off);
	}
	tw = now() - t0;
	t0 = now();
	for(off = 0; off < total; off += n){
		want = total-off < Chunk ? total-off : Chunk;
		if((n = npfspread(f, buf, want, off)) != want)
			fatal("read at %lld: %ld", off, n);
	}
	tr = now() - t0;
	npfsclose(f);
	npfsremove(fs, fname);
	npfsunmount(fs);
	printf("%.0f %.0f\n", total/tw/1e6, total/tr/1e6);
	free(buf);
	return 0;
}

static long
rsskib(int pid)
{
	char path[64], line[256];
	long kib;
	FILE *f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if((f = fopen(path, "r")) == nil)
		fatal("open %s", path);
	kib = -1;
	while(fgets(line, sizeof line, f) != nil)
		if(sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	if(kib < 0)
		fatal("no VmRSS in %s", path);
	return kib;
}

static int
idle(int pid, int nconn)
{
	struct rlimit rl;
	Raw **c, *warm;
	long before, after;
	int i;

	getrlimit(RLIMIT_NOFILE, &rl);
	if(rl.rlim_cur < (rlim_t)nconn + 64){
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	c = calloc(nconn, sizeof *c);
	if(c == nil)
		fatal("out of memory");
	/* one connection first, so that the server's lazily grown structures exist */
	warm = rawmount();
	usleep(200*1000);
	before = rsskib(pid);
	for(i = 0; i < nconn; i++)
		c[i] = rawmount();
	usleep(300*1000);
	after = rsskib(pid);
	printf("%.1f\n", (double)(after - before) / nconn);
	for(i = 0; i < nconn; i++){
		close(c[i]->fd);
		free(c[i]);
	}
	close(warm->fd);
	free(warm);
	free(c);
	return 0;
}

static int
flood(int pid, int nread)
{
	enum { Big = 1024*1024 };
	Raw *c, *c2;
	Fcall t;
	uchar *buf, *p;
	long before, after;
	double t0;
	int i;

	c = rawmountm(Big + IOHDRSZ);
	snprintf(fname, sizeof fname, "bench.flood.%d", (int)getpid());
	mkbig(c, Big);
	usleep(300*1000);
	before = rsskib(pid);
	if((buf = malloc(nread * 32)) == nil)
		fatal("out of memory");
	p = buf;
	for(i = 0; i < nread; i++){
		memset(&t, 0, sizeof t);
		t.type = Tread;
		t.tag = i % 60000;
		t.fid = 1;
		t.count = Big;
		p += npconvS2M(&t, p, 32);
	}
	/* the server stops reading: write what it takes, from a child, and do not wait */
	if(fork() == 0){
		p9write(c->fd, buf, p - buf);
		_exit(0);
	}
	sleep(2);
	after = rsskib(pid);
	t0 = now();
	c2 = rawmount();
	memset(&t, 0, sizeof t);
	t.type = Tstat;
	t.tag = 1;
	t.fid = 0;
	rawrpc(c2, &t);
	printf("%.1f %.1f\n", (after - before) / 1024.0, (now() - t0) * 1000);
	close(c2->fd);
	close(c->fd);
	free(c);
	free(c2);
	free(buf);
	/* remove the file on a fresh connection */
	c = rawmount();
	memset(&t, 0, sizeof t);
	t.type = Twalk;
	t.tag = 1;
	t.fid = 0;
	t.newfid = 1;
	t.nwname = 1;
	t.wname[0] = fname;
	rawrpc(c, &t);
	t.type = Tremove;
	t.fid = 1;
	rawrpc(c, &t);
	close(c->fd);
	free(c);
	return 0;
}

static int
raw(long mib)
{
	enum { Chunk = 1024*1024 };
	char *buf;
	int sv[2], st;
	vlong total, off;
	double t0;
	pid_t pid;
	ssize_t n;

	total = (vlong)mib << 20;
	if((buf = malloc(Chunk)) == nil)
		fatal("out of memory");
	memset(buf, 'x', Chunk);
	if(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		fatal("socketpair: %s", strerror(errno));
	t0 = now();
	switch(pid = fork()){
	case -1:
		fatal("fork: %s", strerror(errno));
	case 0:
		close(sv[0]);
		while((n = read(sv[1], buf, Chunk)) > 0)
			;
		_exit(n < 0);
	}
	close(sv[1]);
	for(off = 0; off < total; off += n)
		if((n = write(sv[0], buf, Chunk)) <= 0)
			fatal("write: %s", strerror(errno));
	close(sv[0]);
	if(waitpid(pid, &st, 0) < 0 || st != 0)
		fatal("reader failed");
	printf("%.0f\n", total/(now()-t0)/1e6);
	free(buf);
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: 9pbench lat (-a addr | -c cmd) [-d depth] [-T secs]\n"
		"       9pbench stream -a addr -m msize [-s MiB]\n"
		"       9pbench idle -a addr -p pid [-n conns]\n"
		"       9pbench raw [-s MiB]\n"
		"       9pbench flood -a addr -p pid [-n reads]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	char *sub;
	int depth, pid, nconn;
	uint msize;
	long mib;
	double secs;

	signal(SIGPIPE, SIG_IGN);
	if(argc < 2)
		usage();
	sub = argv[1];
	argc--;
	argv++;
	depth = 1;
	secs = 2;
	msize = Msize;
	mib = 256;
	pid = 0;
	nconn = 1000;
	ARGBEGIN{
	case 'a':
		addr = EARGF(usage());
		break;
	case 'c':
		cmd = EARGF(usage());
		break;
	case 'd':
		depth = atoi(EARGF(usage()));
		break;
	case 'm':
		msize = strtoul(EARGF(usage()), nil, 0);
		break;
	case 'n':
		nconn = atoi(EARGF(usage()));
		break;
	case 'p':
		pid = atoi(EARGF(usage()));
		break;
	case 's':
		mib = atol(EARGF(usage()));
		break;
	case 'T':
		secs = atof(EARGF(usage()));
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0 || depth < 1 || depth > Maxdepth || mib < 4 || nconn < 1)
		usage();
	if(strcmp(sub, "raw") == 0)
		return raw(mib);
	if(strcmp(sub, "lat") == 0 && (addr != nil) != (cmd != nil))
		return lat(depth, secs);
	if(addr == nil || cmd != nil)
		usage();
	if(strcmp(sub, "stream") == 0)
		return stream(msize, mib);
	if(strcmp(sub, "idle") == 0 && pid > 0)
		return idle(pid, nconn);
	if(strcmp(sub, "flood") == 0 && pid > 0)
		return flood(pid, nconn);
	usage();
	return 2;
}
