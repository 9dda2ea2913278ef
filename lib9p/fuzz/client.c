/* client.c: fuzz target for the lib9p client: the input plays a hostile server. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>

/*
 * Each run makes a fresh loop, a socketpair and a client connection on the loop (all on
 * this thread, so runs do not depend on scheduling). The client negotiates, attaches and
 * then starts a fixed set of operations: walks (one of 20 names, two Twalks), opens,
 * pipelined reads and writes, stat, directory reads, wstat, clunk, remove, a raw call, and
 * cancels some. The input is the server: unless its first byte is a multiple of 4, the
 * Tversion and Tattach get good answers; then comes a list of actions, each taking what it
 * needs from the input (0 past its end):
 *	0-2	answer the k-th request in flight with a reply of its type whose fields come from
 *		the input: counts within or beyond what was asked, more qids than names, stat
 *		entries good or bad
 *	3	an Rerror for the k-th request
 *	4	a reply with a tag and type of the input's choosing
 *	5	raw bytes: framing of any size (beyond msize too), cut short
 *	6	run the loop
 *	7	cancel the k-th operation still out
 * Then the server hangs up. Invariants: every operation started gets exactly one callback;
 * results stay within what was asked (a read or write count at most n, a fid only on
 * success); the hangup callback runs once, after every callback; the loop goes idle within
 * Maxspin iterations and closes with nothing left (ASan checks the memory).
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define check(x, why)	do{ if(!(x)) bug(why); }while(0)

enum {
	Msize = 8192,
	Maxin = 1<<16,		/* longer inputs are ignored */
	Maxout = 512,		/* requests tracked in flight */
	Maxops = 64,
	Maxspin = 2000,
	Bufsz = 4*Msize,
};

typedef struct Out Out;
struct Out {
	ushort tag;
	uchar type;
	u32int count;
	int nwname;
	ushort oldtag;		/* Tflush */
};

typedef struct Op Op;
typedef struct Run Run;
struct Op {
	Run *run;
	NpFsop *op;
	int ncb;		/* callbacks run; -1 if it did not start */
	long asked;
	int kind;
	NpCFid *fid;
};

struct Run {
	const uint8_t *in;
	size_t nin, pos;
	uv_loop_t loop;
	uv_timer_t keep;
	int sv[2];
	NpCFsys *fs;
	NpCFid *root;
	Out out[Maxout];
	int nout;
	uchar rbuf[Bufsz + 4];	/* what the client wrote, not yet taken */
	uint nrbuf;
	Op ops[Maxops];
	int nops;
	NpCFid *fids[Maxops];	/* closed at the end */
	int nfids;
	int unsure;		/* raw bytes may have answered requests we do not know of */
	int hups;
	int late;		/* a callback ran after the hangup callback */
	uchar rd[Bufsz], wr[Bufsz];
};

enum { Oversion, Oattach, Owalk, Oopen, Oread, Owrite, Ostat, Odirread, Owstat, Oclunk,
	Oremove, Oraw };

static void
bug(const char *why)
{
	fprintf(stderr, "fuzz-client: invariant broken: %s\n", why);
	abort();
}

static uint
next(Run *r, int nbytes)
{
	uint v;
	int i;

	v = 0;
	for(i = 0; i < nbytes; i++)
		if(r->pos < r->nin)
			v |= (uint)r->in[r->pos++] << 8*i;
	return v;
}

static Op*
newop(Run *r, int kind, long asked)
{
	Op *o;

	if(r->nops == Maxops)
		return NULL;
	o = &r->ops[r->nops++];
	memset(o, 0, sizeof *o);
	o->run = r;
	o->kind = kind;
	o->asked = asked;
	return o;
}

static void
called(Op *o)
{
	o->ncb++;
	check(o->ncb == 1, "a second callback");
	if(o->run->hups > 0)
		o->run->late = 1;
	o->op = NULL;
}

/* Record an operation's start; one that did not start gets no callback. */
static void
started(Op *o, NpFsop *op)
{
	if(o == NULL)
		return;
	if(op == NULL)
		o->ncb = -1;	/* none expected */
	else if(o->ncb == 0)
		o->op = op;
}

static void fidstarted(Run *r, NpCFid *f, int how);

static void
donecb(void *arg, const char *err)
{
	called(arg);
}

static void
iocb(void *arg, long n, const char *err)
{
	Op *o;

	o = arg;
	called(o);
	check((n < 0) == (err != NULL), "count and error disagree");
	check(n <= o->asked, "more bytes than asked");
}

static void
dircb(void *arg, Dir *d, long n, const char *err)
{
	long i;

	called(arg);
	check((n < 0) == (err != NULL), "count and error disagree");
	for(i = 0; i < n; i++)
		check(d[i].name != NULL && d[i].uid != NULL, "entry without strings");
}

static void
rawcb(void *arg, const Fcall *rx, const char *err)
{
	called(arg);
	check((rx == NULL) == (err != NULL), "reply and error disagree");
}

static void
opened(void *arg, const char *err)
{
	Op *o;
	Run *r;
	NpCFid *f;

	o = arg;
	called(o);
	r = o->run;
	f = o->fid;
	if(err != NULL || r->nops + 6 > Maxops)
		return;
	o = newop(r, Oread, 3*Msize);
	started(o, npfspreadasync(f, r->rd, 3*Msize, 0, iocb, o));
	o = newop(r, Owrite, 2*Msize);
	started(o, npfspwriteasync(f, r->wr, 2*Msize, 5, iocb, o));
	o = newop(r, Odirread, 0);
	started(o, npfsdirreadasync(f, dircb, o));
}

static void
walked(void *arg, NpCFid *f, const char *err)
{
	Op *o;

	o = arg;
	called(o);
	check((f == NULL) == (err != NULL), "fid and error disagree");
	if(f != NULL)
		fidstarted(o->run, f, o->kind);
}

/* A walk made f: work on it; it is closed at the end of the run, or removed. */
static void
fidstarted(Run *r, NpCFid *f, int how)
{
	Op *o;
	Dir d;

	if(how == Oremove){
		o = newop(r, Oremove, 0);
		started(o, npfsfremoveasync(f, donecb, o));
		if(o == NULL)
			npfsclose(f);
		return;
	}
	r->fids[r->nfids++] = f;
	o = newop(r, Ostat, 0);
	started(o, npfsdirfstatasync(f, dircb, o));
	p9nulldir(&d);
	d.name = "renamed";
	o = newop(r, Owstat, 0);
	started(o, npfsdirfwstatasync(f, &d, donecb, o));
	o = newop(r, Oopen, 0);
	if(o != NULL)
		o->fid = f;
	started(o, npfsfopenasync(f, ORDWR, opened, o));
}

static void
attached(void *arg, NpCFid *f, const char *err)
{
	Op *o;
	Run *r;
	Fcall tx;
	char path[64];
	int i;

	o = arg;
	called(o);
	r = o->run;
	if(f == NULL)
		return;
	r->root = f;
	npfssetroot(r->fs, f);
	o = newop(r, Owalk, 0);
	started(o, npfswalkasync(f, "a", walked, o));
	path[0] = 0;
	for(i = 0; i < 20; i++)
		strcat(path, "d/");
	o = newop(r, Oremove, 0);	/* its fid is removed */
	started(o, npfswalkasync(f, path, walked, o));
	o = newop(r, Owalk, 0);
	started(o, npfswalkasync(f, "c", walked, o));
	memset(&tx, 0, sizeof tx);
	tx.type = Tstat;
	tx.fid = 0;
	o = newop(r, Oraw, 0);
	started(o, npfsrpcasync(r->fs, &tx, rawcb, o));
}

static void
versioned(void *arg, const char *err)
{
	Op *o;
	Run *r;

	o = arg;
	called(o);
	r = o->run;
	if(err != NULL)
		return;
	o = newop(r, Oattach, 0);
	started(o, npfsattachasync(r->fs, NULL, "glenda", "", attached, o));
}

static void
tracer(void *arg, const Fcall *f)
{
	(void)arg;
	p9fprint(2, "client %s %F\n", f->type & 1 ? "<-" : "->", f);
}

static void
hungup(void *arg, const char *err)
{
	Run *r;
	int i;

	r = arg;
	r->hups++;
	for(i = 0; i < r->nops; i++)
		check(r->ops[i].ncb != 0, "hangup before a call's callback");
}

/* Take the T-messages the client wrote: they are the requests in flight. */
static void
takeout(Run *r)
{
	long m;
	u32int n;
	Fcall t;
	int i;

	for(;;){
		m = recv(r->sv[1], r->rbuf + r->nrbuf, sizeof r->rbuf - r->nrbuf, MSG_DONTWAIT);
		if(m <= 0)
			break;
		r->nrbuf += m;
		while(r->nrbuf >= 4){
			n = npmsgsize(r->rbuf, 4);
			check(n >= 7 && n <= Msize, "client sent a bad size");
			if(r->nrbuf < n)
				break;
			check(npconvM2S(r->rbuf, n, &t) == n, "client sent an undecodable message");
			if(r->nout < Maxout){
				for(i = 0; i < r->nout; i++)
					if(r->out[i].tag == t.tag)
						break;
				check(i == r->nout || r->unsure, "a tag in flight used again");
				r->out[r->nout].tag = t.tag;
				r->out[r->nout].type = t.type;
				r->out[r->nout].count = t.count;
				r->out[r->nout].nwname = t.type == Twalk ? t.nwname : 0;
				r->out[r->nout].oldtag = t.type == Tflush ? t.oldtag : 0;
				r->nout++;
			}
			memmove(r->rbuf, r->rbuf + n, r->nrbuf - n);
			r->nrbuf -= n;
		}
	}
}

static void
spin(Run *r, int n)
{
	int i;

	for(i = 0; i < n; i++){
		uv_run(&r->loop, UV_RUN_NOWAIT);
		takeout(r);
	}
}

static void
sendraw(Run *r, const uchar *p, uint n)
{
	long m;

	while(n > 0){
		m = send(r->sv[1], p, n, MSG_DONTWAIT|MSG_NOSIGNAL);
		if(m <= 0){
			if(m < 0 && errno == EAGAIN){
				spin(r, 1);	/* let the client read */
				continue;
			}
			return;
		}
		p += m;
		n -= m;
	}
}

static void
sendmsg9p(Run *r, Fcall *f)
{
	static uchar buf[2*Msize + 64];
	uint n;

	if((n = npconvS2M(f, buf, sizeof buf)) > 0)
		sendraw(r, buf, n);
}

static Qid
qidof(Run *r)
{
	Qid q;

	q.type = next(r, 1);
	q.vers = next(r, 1);
	q.path = next(r, 2);
	return q;
}

/* An entry (or a mangled one) for Rstat and directory reads; its length. */
static uint
stat9p(Run *r, uchar *buf, uint nbuf)
{
	Dir d;
	uint n;
	char name[8];

	memset(&d, 0, sizeof d);
	d.qid = qidof(r);
	d.mode = next(r, 4);
	d.length = next(r, 4);
	snprintf(name, sizeof name, "f%u", next(r, 1));
	d.name = name;
	d.uid = d.gid = d.muid = "glenda";
	n = npconvD2M(&d, buf, nbuf);
	if(n > 2 && (next(r, 1) & 7) == 0)
		buf[next(r, 1) % n] ^= 1 << (next(r, 1) & 7);	/* a bad entry */
	return n > 2 ? n : 0;
}

/* Answer request o with a reply of its type whose fields come from the input. */
static void
answer(Run *r, Out *o)
{
	Fcall f;
	static uchar data[2*Msize];
	uint k, n;

	memset(&f, 0, sizeof f);
	f.type = o->type + 1;
	f.tag = o->tag;
	switch(o->type){
	case Tversion:
		f.msize = next(r, 1) & 1 ? Msize : next(r, 4);
		f.version = next(r, 1) & 1 ? VERSION9P : "9P2000.u";
		break;
	case Tauth:
		f.aqid = qidof(r);
		break;
	case Tattach:
		f.qid = qidof(r);
		break;
	case Twalk:
		k = next(r, 1);
		f.nwqid = k & 0x80 ? k % (MAXWELEM+1) : (uint)o->nwname;
		for(k = 0; k < f.nwqid; k++)
			f.wqid[k] = qidof(r);
		break;
	case Topen:
	case Tcreate:
		f.qid = qidof(r);
		f.iounit = next(r, 1) & 1 ? next(r, 4) : 0;
		break;
	case Tread:
		k = next(r, 1);
		f.count = k < 128 ? o->count : k < 192 ? o->count / (k - 127) : k < 250 ?
			o->count + (k - 191) : next(r, 2);
		if(f.count > sizeof data)
			f.count = sizeof data;
		memset(data, 0, f.count);
		if(next(r, 1) & 1)
			for(n = 0; n + 128 < f.count; n += k)
				if((k = stat9p(r, data + n, f.count - n)) == 0)
					break;
		f.data = (char*)data;
		break;
	case Twrite:
		k = next(r, 1);
		f.count = k < 200 ? o->count : next(r, 4);
		break;
	case Tstat:
		f.nstat = stat9p(r, data, sizeof data);
		if(next(r, 1) == 0xff)
			f.nstat = next(r, 1);
		f.stat = data;
		break;
	}
	sendmsg9p(r, &f);
}

/* The request at i is answered; an answered Tflush ends the request it flushed too. */
static void
forget(Run *r, int i)
{
	Out o;
	int j;

	o = r->out[i];
	r->out[i] = r->out[--r->nout];
	if(o.type == Tflush)
		for(j = 0; j < r->nout; j++)
			if(r->out[j].tag == o.oldtag){
				r->out[j] = r->out[--r->nout];
				break;
			}
}

static void
act(Run *r)
{
	uint a, k, n;
	Fcall f;
	static uchar raw[3*Msize];
	char ename[64];
	int i;

	a = next(r, 1);
	switch(a & 7){
	case 0:
	case 1:
	case 2:
	case 3:
		if(r->nout == 0)
			break;
		i = next(r, 1) % r->nout;
		if((a & 7) == 3){
			n = next(r, 1) % (sizeof ename - 1);
			for(k = 0; k < n; k++)
				ename[k] = 'a' + next(r, 1) % 26;
			ename[n] = 0;
			memset(&f, 0, sizeof f);
			f.type = Rerror;
			f.tag = r->out[i].tag;
			f.ename = ename;
			sendmsg9p(r, &f);
		}else
			answer(r, &r->out[i]);
		forget(r, i);
		break;
	case 4:
		memset(&f, 0, sizeof f);
		f.tag = next(r, 2);
		for(i = 0; i < r->nout; i++)
			if(r->out[i].tag == f.tag){
				forget(r, i);
				break;
			}
		f.type = 101 + 2*(next(r, 1) % 13);
		if(f.type == Rerror)
			f.ename = "stray";
		if(f.type == Rversion)
			f.version = VERSION9P;
		sendmsg9p(r, &f);
		break;
	case 5:
		n = next(r, 2) % sizeof raw;
		for(k = 0; k < n; k++)
			raw[k] = next(r, 1);
		if(n >= 4 && (a & 0x80))
			raw[0] = n, raw[1] = n >> 8, raw[2] = raw[3] = 0;
		sendraw(r, raw, n);
		r->unsure = 1;
		break;
	case 6:
		spin(r, 1 + next(r, 1) % 4);
		break;
	case 7:
		k = next(r, 1);
		for(i = 0; i < r->nops; i++)
			if(r->ops[(k + i) % r->nops].op != NULL){
				check(npfscancel(r->ops[(k + i) % r->nops].op) == 0, "cancel failed");
				break;
			}
		break;
	}
}

/* As a test in make check, a shorter run than fuzzmain's default: each run is a session. */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("FUZZ_RUNS", "50000", 0);
	setenv("FUZZ_SECONDS", "20", 0);
	return 0;
}

/* Answer the Tversion and the Tattach that follows as a good server would. */
static void
handshake(Run *r)
{
	Fcall f;
	int i;

	for(i = 0; i < 2 && r->nout == 1; i++){
		memset(&f, 0, sizeof f);
		f.type = r->out[0].type + 1;
		f.tag = r->out[0].tag;
		if(f.type == Rversion){	/* the fields share a union */
			f.msize = Msize;
			f.version = VERSION9P;
		}else
			f.qid.type = QTDIR;
		sendmsg9p(r, &f);
		forget(r, 0);
		spin(r, 2);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static Run run;
	Run *r;
	Op *o;
	int i;

	if(size > Maxin)
		return 0;
	r = &run;
	memset(r, 0, sizeof *r);
	r->in = data;
	r->nin = size;
	check(uv_loop_init(&r->loop) == 0, "uv_loop_init");
	uv_timer_init(&r->loop, &r->keep);	/* keeps the loop polling an idle connection */
	uv_timer_start(&r->keep, (uv_timer_cb)abort, 1000000, 0);
	check(socketpair(AF_UNIX, SOCK_STREAM, 0, r->sv) == 0, "socketpair");
	check((r->fs = npfsuvconn(&r->loop, r->sv[0])) != NULL, "npfsuvconn");
	npfssetflushtimeout(r->fs, 0);	/* no clocks: runs must repeat */
	npfssethangup(r->fs, hungup, r);
	if(getenv("FUZZ_TRACE") != NULL){
		p9fmtinstall('F', npfcallfmt);
		npfstrace(r->fs, tracer, NULL);
	}
	o = newop(r, Oversion, 0);
	started(o, npfsversionasync(r->fs, Msize, versioned, o));
	takeout(r);
	if(next(r, 1) & 3)
		handshake(r);
	while(r->pos < r->nin)
		act(r);
	spin(r, 2);
	close(r->sv[1]);
	for(i = 0; i < Maxspin && r->hups == 0; i++)
		uv_run(&r->loop, UV_RUN_NOWAIT);
	check(r->hups == 1, "no hangup callback after the server hung up");
	for(i = 0; i < r->nops; i++)
		check(r->ops[i].ncb != 0, "an operation without a callback");
	check(!r->late, "a callback after the hangup callback");
	for(i = 0; i < r->nfids; i++)
		npfsclose(r->fids[i]);
	if(r->root != NULL)
		npfsclose(r->root);
	npfsunmount(r->fs);
	uv_close((uv_handle_t*)&r->keep, NULL);
	uv_run(&r->loop, UV_RUN_DEFAULT);
	check(uv_loop_close(&r->loop) == 0, "handles left on the loop");
	return 0;
}
