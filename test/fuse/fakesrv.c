/*
 * fakesrv.c: a small, misbehaving 9P server for the FUSE bridge's tests.
 * usage: fakesrv [-m msize] mode socketpath; fakesrv -p prints big's f
 * It serves one file, "f", in its root, on a Unix socket, one connection at a time, and
 * logs on standard error (each attach: "attach uname aname"). Modes:
 *	big	f is 4 MiB of a known pattern; requests that arrive together are answered
 *		together, and the largest such batch of Treads is logged ("batch N")
 *	garbage	answers the first Topen with bytes that are no 9P message
 *	baddir	a read of the root directory returns a malformed stat entry
 *	slow	never answers a Tread of f ("read held"); logs each Tflush ("flush")
 *	flaky	the root also has a directory d, and walks to it fail with "i/o error" while
 *		a file socketpath.flaky exists
 *	zerowrite	answers every Twrite with a count of 0
 *	toolong	answers a Tread of f with more bytes than it asked for
 *	liar	f's qid says directory; its stat says a file of 2^64-1 bytes
 *	die	closes the connection at the first Tread of f
 *	closever	closes the connection right after Rversion
 *	hang	answers Tversion and Tattach, then nothing at all, not even Tflush (logs
 *		each message it leaves unanswered: "hold Ttype")
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>
#include <planten/lib9.h>
#include <planten/fcall.h>

enum { Bigsize = 4<<20 };

static char *mode;
static char *flagpath;
static uchar isfile[65536];	/* by fid number, modulo: 0 the root, 1 f, 2 d */
static u32int msize = 8192 + IOHDRSZ;
static int maxbatch;
static char *ctlpath;

/* socketpath.ctl's actions (ctl mode) */
enum { Anone, Ahold, Adelay, Adie, Nact = 4 };
typedef struct Act Act;
struct Act {
	int act;
	char type[32];
	int noflush;	/* hold: no Rflush either */
	char after[32];	/* hold: only once a message of this type came */
	int armed;
	int finish;	/* delay: a Tflush gets the answer at once, then its Rflush */
	double secs;
	int n, seen;
};
static char ctltext[512];
static Act acts[Nact];

/* answers held or delayed, by tag */
typedef struct Late Late;
struct Late {
	ushort tag;
	int type;
	uchar *msg;	/* nil: held for ever */
	uint len;
	double due;
	int finish;
	Late *next;
};
static Late *late;

static int
isbig(void)
{
	return strcmp(mode, "big") == 0 || strcmp(mode, "ctl") == 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec/1e9;
}

/* Read socketpath.ctl again; changed text starts counting afresh. */
static void
readctl(void)
{
	char buf[512], act[16], type[32], arg[32], arg2[32], *line, *next;
	Act *a;
	FILE *fp;
	size_t n;
	int k;

	n = 0;
	if((fp = fopen(ctlpath, "r")) != nil){
		n = fread(buf, 1, sizeof buf - 1, fp);
		fclose(fp);
	}
	buf[n] = 0;
	if(strcmp(buf, ctltext) == 0)
		return;
	snprintf(ctltext, sizeof ctltext, "%s", buf);
	memset(acts, 0, sizeof acts);
	a = acts;
	for(line = buf; line != nil && *line != 0 && a < acts + Nact; line = next){
		if((next = strchr(line, '\n')) != nil)
			*next++ = 0;
		arg[0] = arg2[0] = 0;
		if((k = sscanf(line, "%15s %31s %31s %31s", act, type, arg, arg2)) < 2)
			continue;
		snprintf(a->type, sizeof a->type, "%s", type);
		if(strcmp(act, "hold") == 0){
			a->act = Ahold;
			a->noflush = strcmp(arg, "noflush") == 0;
			if(strcmp(arg, "after") == 0)
				snprintf(a->after, sizeof a->after, "%s", arg2);
		}else if(strcmp(act, "delay") == 0){
			a->act = Adelay;
			a->secs = k > 2 ? atof(arg) : 1;
			a->finish = strcmp(arg2, "finish") == 0;
		}else if(strcmp(act, "die") == 0){
			a->act = Adie;
			a->n = k > 2 ? atoi(arg) : 1;
		}else
			continue;
		a++;
	}
}

/* The action for a message of type t, nil if none. */
static Act*
ctlmatch(int t)
{
	Act *a, *m;

	m = nil;
	for(a = acts; a < acts + Nact && a->act != Anone; a++){
		if(m == nil && (a->after[0] == 0 || a->armed)
		&& (strcmp(a->type, "any") == 0 || strcmp(a->type, npfcallname(t)) == 0))
			m = a;
		if(strcmp(a->after, npfcallname(t)) == 0)
			a->armed = 1;
	}
	return m;
}

/* Whether some hold leaves Tflush unanswered. */
static int
noflush(void)
{
	Act *a;

	for(a = acts; a < acts + Nact && a->act != Anone; a++)
		if(a->act == Ahold && a->noflush)
			return 1;
	return 0;
}

static Late*
findlate(ushort tag, int unlink)
{
	Late **l, *p;

	for(l = &late; (p = *l) != nil; l = &p->next)
		if(p->tag == tag){
			if(unlink)
				*l = p->next;
			return p;
		}
	return nil;
}

static void
addlate(ushort tag, int type, uchar *msg, uint len, double due)
{
	Late *p;

	if((p = calloc(1, sizeof *p)) == nil)
		return;
	p->tag = tag;
	p->type = type;
	p->msg = msg;
	p->len = len;
	p->due = due;
	p->next = late;
	late = p;
}

static uchar
pattern(vlong i)
{
	return (i*7 + i/4096) & 0xff;
}

static void
mkqid(Qid *q, int file)
{
	memset(q, 0, sizeof *q);
	q->path = file;
	q->type = file == 1 && strcmp(mode, "liar") != 0 ? QTFILE : QTDIR;
}

static uint
mkstat(int file, uchar *buf, uint n)
{
	Dir d;

	memset(&d, 0, sizeof d);
	mkqid(&d.qid, file);
	d.mode = file == 1 ? 0666 : DMDIR|0777;
	d.length = file == 1 ? (isbig() ? Bigsize : 5) : 0;
	if(file == 1 && strcmp(mode, "liar") == 0)
		d.length = ~0ULL;
	d.name = file == 1 ? "f" : file == 2 ? "d" : "/";
	d.uid = d.gid = d.muid = "glenda";
	return npconvD2M(&d, buf, n);
}

static int
sendmsg9p(int fd, Fcall *r, int later)
{
	static uchar buf[NP_MAXMSIZE];
	uint n;
	Late *p;

	if((n = npconvS2M(r, buf, sizeof buf)) == 0)
		return -1;
	if(later && (p = findlate(r->tag, 0)) != nil){
		/* a late answer: kept until it is due */
		if((p->msg = malloc(n)) == nil)
			return -1;
		memcpy(p->msg, buf, n);
		p->len = n;
		return 0;
	}
	return write(fd, buf, n) == (long)n ? 0 : -1;
}

/* Send the late answers that are due; ms until the next, -1 if none. */
static int
senddue(int fd)
{
	Late **l, *p;
	double t, next;

	t = now();
	next = -1;
	for(l = &late; (p = *l) != nil; ){
		if(p->msg != nil && p->due <= t){
			*l = p->next;
			if(write(fd, p->msg, p->len) != (long)p->len)
				return -2;
			free(p->msg);
			free(p);
			continue;
		}
		if(p->msg != nil && (next < 0 || p->due < next))
			next = p->due;
		l = &p->next;
	}
	return next < 0 ? -1 : (int)((next - t)*1000) + 1;
}

static void
rerror(Fcall *r, const char *e)
{
	r->type = Rerror;
	r->ename = (char*)e;
}

/*
 * Answer t into r; 0 when there is nothing to send (yet, or ever), -1 to hang up; late1
 * says whether the answer is to go out late.
 */
static int late1;

static int
answer(int fd, Fcall *t, Fcall *r, uchar *data)
{
	static uchar statbuf[256];
	static int opened;
	vlong i;
	u32int n;

	late1 = 0;
	memset(r, 0, sizeof *r);
	r->type = t->type + 1;
	r->tag = t->tag;
	if(strcmp(mode, "die") == 0 && t->type == Tread && isfile[t->fid & 0xffff] == 1)
		return -1;
	if(strcmp(mode, "closever") == 0 && t->type == Tattach)
		return -1;
	if(strcmp(mode, "hang") == 0 && t->type != Tversion && t->type != Tattach){
		fprintf(stderr, "hold %s\n", npfcallname(t->type));
		return 0;
	}
	if(strcmp(mode, "ctl") == 0 && t->type != Tversion && t->type != Tattach){
		Act *a;

		readctl();
		if(t->type == Tflush && noflush()){
			fprintf(stderr, "hold Tflush\n");
			return 0;
		}
		if(t->type != Tflush && (a = ctlmatch(t->type)) != nil){
			switch(a->act){
			case Adie:
				if(++a->seen >= a->n)
					return -1;
				break;
			case Ahold:
				fprintf(stderr, "hold %s\n", npfcallname(t->type));
				addlate(t->tag, t->type, nil, 0, 0);
				return 0;
			case Adelay:
				fprintf(stderr, "delay %s\n", npfcallname(t->type));
				addlate(t->tag, t->type, nil, 0, now() + a->secs);
				late->finish = a->finish;
				late1 = 1;	/* answered now, sent when due */
				break;
			}
		}
	}
	switch(t->type){
	case Tversion:
		r->msize = t->msize < msize ? t->msize : msize;
		r->version = VERSION9P;
		break;
	case Tattach:
		fprintf(stderr, "attach %s %s\n", t->uname, t->aname);
		isfile[t->fid & 0xffff] = 0;
		mkqid(&r->qid, 0);
		break;
	case Twalk:
		if(t->nwname == 0){
			isfile[t->newfid & 0xffff] = isfile[t->fid & 0xffff];
			break;
		}
		if(t->nwname == 1 && strcmp(t->wname[0], "f") == 0){
			isfile[t->newfid & 0xffff] = 1;
			r->nwqid = 1;
			mkqid(&r->wqid[0], 1);
		}else if(t->nwname == 1 && strcmp(t->wname[0], "d") == 0
		&& (flagpath != nil || ctlpath != nil)){
			if(flagpath != nil && access(flagpath, F_OK) == 0){
				rerror(r, "i/o error");
				break;
			}
			isfile[t->newfid & 0xffff] = 2;
			r->nwqid = 1;
			mkqid(&r->wqid[0], 2);
		}else
			rerror(r, "file does not exist");
		break;
	case Tstat:
		r->stat = statbuf;
		r->nstat = mkstat(isfile[t->fid & 0xffff], statbuf, sizeof statbuf);
		break;
	case Topen:
		if(strcmp(mode, "garbage") == 0 && !opened++){
			if(write(fd, "\x10\x00\x00\x00garbage!garbage", 20) < 0)
				return 0;
			return 0;
		}
		mkqid(&r->qid, isfile[t->fid & 0xffff]);
		break;
	case Tread:
		if(strcmp(mode, "slow") == 0 && isfile[t->fid & 0xffff]){
			fprintf(stderr, "read held\n");
			return 0;
		}
		n = t->count;
		if(strcmp(mode, "baddir") == 0 && !isfile[t->fid & 0xffff] && t->offset == 0){
			/* an entry whose size field claims more than the read holds */
			memset(data, 'x', 31);
			data[0] = 0x20;
			data[1] = 0;
			r->count = 31;
			r->data = (char*)data;
			break;
		}
		if(isfile[t->fid & 0xffff] == 2){	/* d: empty */
			r->count = 0;
			break;
		}
		if(!isfile[t->fid & 0xffff]){	/* the root: f, and d when flaky */
			r->count = 0;
			if(t->offset == 0){
				r->count = mkstat(1, data, n);
				if(flagpath != nil || ctlpath != nil)
					r->count += mkstat(2, data + r->count, n - r->count);

			}
			r->data = (char*)data;
			break;
		}
		if(strcmp(mode, "toolong") == 0){
			n = t->count + 16 < msize - IOHDRSZ ? t->count + 16 : msize - IOHDRSZ;
			memset(data, 'x', n);
			r->count = n;
			r->data = (char*)data;
			break;
		}
		if(!isbig()){
			r->count = 0;
			if(t->offset < 5){
				r->count = 5 - t->offset < n ? 5 - t->offset : n;
				r->data = &"hello"[t->offset];
			}
			break;
		}
		if(t->offset >= Bigsize){
			r->count = 0;
			break;
		}
		if(t->offset + n > Bigsize)
			n = Bigsize - t->offset;
		for(i = 0; i < n; i++)
			data[i] = pattern(t->offset + i);
		r->count = n;
		r->data = (char*)data;
		break;
	case Twrite:
		r->count = strcmp(mode, "zerowrite") == 0 ? 0 : t->count;
		break;
	case Tflush:
		if(strcmp(mode, "ctl") == 0){
			Late *p;

			if((p = findlate(t->oldtag, 1)) == nil)
				fprintf(stderr, "flush none\n");
			else{
				fprintf(stderr, "flush %s\n", npfcallname(p->type));
				/* finish: the request's answer goes first, beating the Rflush */
				if(p->finish && p->msg != nil && write(fd, p->msg, p->len) != (long)p->len)
					return -1;
				free(p->msg);
				free(p);
			}
			break;
		}
		fprintf(stderr, "flush\n");
		break;
	case Tcreate:
		if(ctlpath == nil){
			rerror(r, "permission denied");
			break;
		}
		isfile[t->fid & 0xffff] = t->perm & DMDIR ? 2 : 1;
		mkqid(&r->qid, isfile[t->fid & 0xffff]);
		break;
	case Twstat:
		if(ctlpath == nil)
			rerror(r, "permission denied");
		break;
	case Tclunk:
	case Tremove:
		break;
	default:
		rerror(r, "permission denied");
		break;
	}
	return 1;
}

/* Read one whole message into buf; -1 at the end. */
static long
readmsg(int fd, uchar *buf, int wait)
{
	long n, m, want;

	n = 0;
	want = 4;
	while(n < want){
		if(!wait && n == 0){
			struct pollfd p = { .fd = fd, .events = POLLIN };
			if(poll(&p, 1, 0) <= 0)
				return 0;
		}
		if((m = read(fd, buf + n, want - n)) <= 0)
			return -1;
		n += m;
		if(n == 4){
			want = npmsgsize(buf, 4);
			if(want < 7 || want > (long)msize)
				return -1;
		}
	}
	return n;
}

static void
serve(int fd)
{
	uchar *in[64], *data;
	Fcall t[64], r;
	long n;
	int k, i, nread;

	for(i = 0; i < 64; i++)
		in[i] = malloc(msize);
	data = malloc(msize);
	for(;;){
		/* late answers that fall due while nothing arrives */
		while(late != nil){
			struct pollfd p = { .fd = fd, .events = POLLIN };
			int ms;

			if((ms = senddue(fd)) == -2)
				goto Out;
			if(poll(&p, 1, ms) != 0)
				break;
		}
		/* take what has arrived together: the first message waits, the rest do not */
		k = 0;
		while(k < 64 && (n = readmsg(fd, in[k], k == 0)) > 0){
			if(npconvM2S(in[k], n, &t[k]) != (uint)n)
				goto Out;
			k++;
		}
		if(k == 0)
			goto Out;
		nread = 0;
		for(i = 0; i < k; i++){
			if(t[i].type == Tread)
				nread++;
			switch(answer(fd, &t[i], &r, data)){
			case -1:
				fprintf(stderr, "hang up\n");
				goto Out;
			case 1:
				if(sendmsg9p(fd, &r, late1) < 0)
					goto Out;
			}
		}
		if(nread > maxbatch){
			maxbatch = nread;
			fprintf(stderr, "batch %d\n", maxbatch);
		}
	}
Out:
	while(late != nil){
		Late *p = late;
		late = p->next;
		free(p->msg);
		free(p);
	}
	for(i = 0; i < 64; i++)
		free(in[i]);
	free(data);
}

int
main(int argc, char **argv)
{
	struct sockaddr_un sa;
	int s, c;

	setvbuf(stderr, nil, _IOLBF, 0);
	if(argc == 2 && strcmp(argv[1], "-p") == 0){
		vlong i;
		for(i = 0; i < Bigsize; i++)
			putchar(pattern(i));
		return 0;
	}
	if(argc == 5 && strcmp(argv[1], "-m") == 0){
		msize = strtoul(argv[2], nil, 0);
		argv += 2;
		argc -= 2;
	}
	if(argc != 3){
		fprintf(stderr, "usage: fakesrv [-m msize] big|garbage|baddir|slow|flaky|zerowrite|toolong|liar|die|closever|hang|ctl sock\n");
		return 1;
	}
	mode = argv[1];
	if(strcmp(mode, "flaky") == 0 && (flagpath = malloc(strlen(argv[2]) + 7)) != nil)
		sprintf(flagpath, "%s.flaky", argv[2]);
	if(strcmp(mode, "ctl") == 0 && (ctlpath = malloc(strlen(argv[2]) + 5)) != nil)
		sprintf(ctlpath, "%s.ctl", argv[2]);
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof sa.sun_path, "%s", argv[2]);
	unlink(argv[2]);
	if((s = socket(AF_UNIX, SOCK_STREAM, 0)) < 0
	|| bind(s, (struct sockaddr*)&sa, sizeof sa) < 0 || listen(s, 4) < 0){
		perror("fakesrv");
		return 1;
	}
	while((c = accept(s, nil, nil)) >= 0){
		serve(c);
		close(c);
	}
	return 0;
}
