/* 9pcon.c: a 9P console: send T-messages typed as text, print the R-messages that come back. */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <planten/fcall.h>
#include "cmd.h"

enum {
	Maxargs = 64,
	Maxtimeout = 86400000,	/* ms: -t takes up to a day */
};

static int fd = -1;
static int async;
static int verbose;
static int timeout = 2000;	/* ms to wait for a reply before reading on */
static int taggen;
static int eof;
static int waittag = -1;	/* the reply being waited for, -1 none */
static int got;
static int nout;		/* with -a: messages sent whose replies have not come */
static pthread_mutex_t lk = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;

static void
usage(void)
{
	p9fprint(2, "usage: 9pcon [-av] [-t ms] [-f file] [-c] service\n");
	exit(1);
}

static void*
reader(void *v)
{
	uchar hdr[4], *buf;
	u32int n;
	Fcall f;

	for(;;){
		if(p9readn(fd, hdr, 4) != 4)
			break;
		n = npmsgsize(hdr, 4);
		if(n < 7 || n > NP_MAXMSIZE || (buf = malloc(n)) == nil){
			warn("bad message size %ud from server", n);
			break;
		}
		memmove(buf, hdr, 4);
		if(p9readn(fd, buf+4, n-4) != (long)n-4){
			free(buf);
			break;
		}
		pthread_mutex_lock(&lk);
		if(npconvM2S(buf, n, &f) != n)
			warn("malformed %ud-byte message from server", n);
		else{
			p9print("%F\n", &f);
			if(f.tag == waittag){
				got = 1;
				pthread_cond_signal(&cond);
			}
			if(nout > 0 && --nout == 0)
				pthread_cond_signal(&cond);
		}
		pthread_mutex_unlock(&lk);
		free(buf);
	}
	pthread_mutex_lock(&lk);
	eof = 1;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lk);
	return nil;
}

static int
num(const char *s, int base, uvlong *v)
{
	char *e;

	if(strcmp(s, "~0") == 0 || strcmp(s, "-1") == 0){
		*v = ~0ULL;
		return 0;
	}
	errno = 0;
	*v = strtoull(s, &e, base);
	return *s == 0 || *e != 0 || errno != 0 || *s == '-' ? -1 : 0;
}

typedef struct Msg Msg;
struct Msg {
	char *name;
	uchar type;
	int nargs;	/* -n: at least n (Twalk) */
	char *kinds;	/* of the leading arguments: s string; numbers n (32 bits), o (32, octal),
			 * b (8), h (16), v (64) */
	char *usage;
};

static Msg msgs[] = {
	{ "Tversion", Tversion, 2, "ns", "msize version" },
	{ "Tauth", Tauth, 3, "nss", "afid uname aname" },
	{ "Tattach", Tattach, 4, "nnss", "fid afid uname aname" },
	{ "Tflush", Tflush, 1, "h", "oldtag" },
	{ "Twalk", Twalk, -2, "nn", "fid newfid [name...]" },
	{ "Topen", Topen, 2, "nb", "fid mode" },
	{ "Tcreate", Tcreate, 4, "nsob", "fid name perm mode" },
	{ "Tread", Tread, 3, "nvn", "fid offset count" },
	{ "Twrite", Twrite, 3, "nvs", "fid offset data" },
	{ "Tclunk", Tclunk, 1, "n", "fid" },
	{ "Tremove", Tremove, 1, "n", "fid" },
	{ "Tstat", Tstat, 1, "n", "fid" },
	{ "Twstat", Twstat, 7, "nsssnnv", "fid name uid gid mode mtime length" },
};

/* The largest value of a number of this kind (~0 is always allowed: all ones). */
static uvlong
maxof(int kind)
{
	switch(kind){
	case 'b':
		return 0xFF;
	case 'h':
		return 0xFFFF;
	case 'v':
		return ~0ULL;
	}
	return 0xFFFFFFFF;
}

/* Fill f from the words of a line; nil or an error. stat receives a Twstat's entry. */
static char*
parse(Fcall *f, Msg *m, int argc, char **argv, uchar *stat, uint nstat)
{
	uvlong v[8];
	int i, nnum;
	Dir d;
	const char *kinds;

	if(m->nargs >= 0 ? argc != m->nargs : argc < -m->nargs)
		return "wrong number of arguments";
	if(m->type == Twalk && argc - 2 > MAXWELEM)
		return "too many names to walk";
	kinds = m->kinds;
	nnum = strlen(kinds);
	for(i = 0; i < nnum && i < argc; i++){
		v[i] = 0;
		if(kinds[i] == 's')
			continue;
		if(num(argv[i], kinds[i] == 'o' ? 8 : 0, &v[i]) < 0)
			return "bad number";
		if(v[i] != ~0ULL && v[i] > maxof(kinds[i]))
			return "number too large";
	}
	f->type = m->type;
	switch(m->type){
	case Tversion:
		f->msize = v[0];
		f->version = argv[1];
		break;
	case Tauth:
		f->afid = v[0];
		f->uname = argv[1];
		f->aname = argv[2];
		break;
	case Tattach:
		f->fid = v[0];
		f->afid = v[1];
		f->uname = argv[2];
		f->aname = argv[3];
		break;
	case Tflush:
		f->oldtag = v[0];
		break;
	case Twalk:
		f->fid = v[0];
		f->newfid = v[1];
		f->nwname = argc - 2;
		for(i = 0; i < f->nwname; i++)
			f->wname[i] = argv[i+2];
		break;
	case Topen:
		f->fid = v[0];
		f->mode = v[1];
		break;
	case Tcreate:
		f->fid = v[0];
		f->name = argv[1];
		f->perm = v[2];
		f->mode = v[3];
		break;
	case Tread:
		f->fid = v[0];
		f->offset = v[1];
		f->count = v[2];
		break;
	case Twrite:
		f->fid = v[0];
		f->offset = v[1];
		f->data = argv[2];
		f->count = strlen(argv[2]);
		break;
	case Tclunk:
	case Tremove:
	case Tstat:
		f->fid = v[0];
		break;
	case Twstat:
		f->fid = v[0];
		memset(&d, 0, sizeof d);
		d.type = ~0;
		d.dev = ~0;
		d.qid.type = ~0;
		d.qid.vers = ~0;
		d.qid.path = ~0ULL;
		d.atime = ~0;
		d.name = argv[1];
		d.uid = argv[2];
		d.gid = argv[3];
		d.muid = "";
		d.mode = v[4];
		d.mtime = v[5];
		d.length = v[6];
		f->nstat = npconvD2M(&d, stat, nstat);
		if(f->nstat <= 2)
			return "stat entry too large";
		f->stat = stat;
		break;
	}
	return nil;
}

/* The time -t ms from now, for pthread_cond_timedwait. */
static void
deadline(struct timespec *ts)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += timeout / 1000;
	ts->tv_nsec += (long)(timeout % 1000) * 1000000;
	if(ts->tv_nsec >= 1000000000){
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000;
	}
}

static void
waitreply(int tag)
{
	struct timespec ts;

	deadline(&ts);
	pthread_mutex_lock(&lk);
	while(!got && !eof)
		if(pthread_cond_timedwait(&cond, &lk, &ts) != 0)
			break;
	if(!got && !eof)
		p9print("# no reply to tag %d yet\n", tag);
	waittag = -1;
	pthread_mutex_unlock(&lk);
}

/* With -a, at the end of the input: wait for every reply still out, or the timeout. */
static void
waitall(void)
{
	struct timespec ts;

	deadline(&ts);
	pthread_mutex_lock(&lk);
	while(nout > 0 && !eof)
		if(pthread_cond_timedwait(&cond, &lk, &ts) != 0)
			break;
	pthread_mutex_unlock(&lk);
}

/* Handle one input line; lineno for messages. */
static void
line(char *s, int lineno)
{
	char *argv[Maxargs], *err;
	int argc, tag, settag;
	uvlong v;
	Fcall f;
	uchar *buf, stat[1024];
	uint n;
	size_t i;

	argc = p9tokenize(s, argv, Maxargs);
	if(argc == 0 || argv[0][0] == '#')
		return;
	settag = -1;
	if(argv[0][0] == '@'){
		if(num(argv[0]+1, 0, &v) < 0 || v >= NOTAG){
			warn("line %d: bad tag %s", lineno, argv[0]);
			return;
		}
		settag = v;
		argc--;
		memmove(argv, argv+1, argc * sizeof argv[0]);
		if(argc == 0){
			warn("line %d: no message after tag", lineno);
			return;
		}
	}
	if(strcmp(argv[0], "nexttag") == 0){
		if(argc != 2 || num(argv[1], 0, &v) < 0 || v >= NOTAG)
			warn("line %d: usage: nexttag tag", lineno);
		else
			taggen = v;
		return;
	}
	for(i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
		if(strcmp(msgs[i].name, argv[0]) == 0)
			break;
	if(i == sizeof msgs / sizeof msgs[0]){
		warn("line %d: unknown message %s", lineno, argv[0]);
		return;
	}
	memset(&f, 0, sizeof f);
	if((err = parse(&f, &msgs[i], argc-1, argv+1, stat, sizeof stat)) != nil){
		warn("line %d: %s: usage: %s %s", lineno, err, msgs[i].name, msgs[i].usage);
		return;
	}
	if(settag >= 0)
		tag = settag;
	else if(f.type == Tversion)
		tag = NOTAG;
	else{
		tag = taggen++;
		if(taggen >= NOTAG)
			taggen = 0;
	}
	f.tag = tag;
	if((n = npsizeS2M(&f)) == 0 || (buf = malloc(n)) == nil || npconvS2M(&f, buf, n) != n){
		warn("line %d: cannot encode message", lineno);
		return;
	}
	pthread_mutex_lock(&lk);
	if(verbose)
		p9print("%F\n", &f);
	if(!async){
		waittag = tag;
		got = 0;
	}else
		nout++;
	pthread_mutex_unlock(&lk);
	if(p9write(fd, buf, n) != n)
		p9sysfatal("write to server: %r");
	free(buf);
	if(!async)
		waitreply(tag);
}

static int
runcmd(const char *cmd, pid_t *pid)
{
	int sv[2];

	if(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
		p9sysfatal("socketpair: %r");
	switch(*pid = fork()){
	case -1:
		p9sysfatal("fork: %r");
	case 0:
		close(sv[0]);
		dup2(sv[1], 0);
		dup2(sv[1], 1);
		if(sv[1] > 1)
			close(sv[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char*)nil);
		p9oserror(errno);
		p9fprint(2, "9pcon: exec sh: %r\n");
		_exit(1);
	}
	close(sv[1]);
	return sv[0];
}

/*
 * Collect the command served by -c, which the hangup should end; one that lingers past a
 * second is stopped. Its own failure (a command that does not exist, say) is ours too.
 */
static int
reap(pid_t pid, const char *cmd)
{
	struct timespec tick = { 0, 10*1000*1000 };
	int i, status;

	for(i = 0; waitpid(pid, &status, WNOHANG) == 0; i++){
		if(i == 100){
			kill(pid, SIGTERM);
			waitpid(pid, &status, 0);
			return 0;
		}
		nanosleep(&tick, nil);
	}
	if(WIFEXITED(status) && WEXITSTATUS(status) != 0){
		warn("%s: exit status %d", cmd, WEXITSTATUS(status));
		return 1;
	}
	if(WIFSIGNALED(status)){
		warn("%s: killed by signal %d", cmd, WTERMSIG(status));
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	char *file, *s, *e;
	int iscmd, lineno;
	long ms;
	pid_t pid;
	pthread_t rd;
	Biobuf *b;

	setargv0(argv[0]);
	p9fmtinstall('F', npfcallfmt);
	file = nil;
	iscmd = 0;
	ARGBEGIN{
	case 'a':
		async = 1;
		break;
	case 'c':
		iscmd = 1;
		break;
	case 'f':
		file = EARGF(usage());
		break;
	case 't':
		s = EARGF(usage());
		ms = strtol(s, &e, 10);
		if(*s < '0' || *s > '9' || *e != 0 || ms > Maxtimeout)
			usage();
		timeout = ms;
		break;
	case 'v':
		verbose = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc != 1)
		usage();
	signal(SIGPIPE, SIG_IGN);
	pid = -1;
	if(iscmd)
		fd = runcmd(argv[0], &pid);
	else if((fd = p9dial(argv[0], nil, nil, nil)) < 0)
		p9sysfatal("%r");
	if(file != nil){
		if((b = p9Bopen(file, OREAD)) == nil)
			p9sysfatal("%r");	/* p9Bopen names the file */
	}else if((b = p9Bfdopen(0, OREAD)) == nil)
		p9sysfatal("out of memory");
	if(pthread_create(&rd, nil, reader, nil) != 0)
		p9sysfatal("cannot start reader");
	for(lineno = 1; (s = p9Brdstr(b, '\n', 1)) != nil; lineno++){
		line(s, lineno);
		free(s);
	}
	p9Bterm(b);
	if(async)	/* give replies still out a moment */
		waitall();
	shutdown(fd, SHUT_RDWR);
	pthread_join(rd, nil);
	close(fd);
	if(pid > 0)
		return reap(pid, argv[0]);
	return 0;
}
