/* srv.c: fuzz target for the lib9p server: a 9P byte stream served end to end by a File tree. */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/sockios.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/9p.h>

/*
 * The input is what a client writes on the connection: 9P messages, each framed by its own
 * size field. Unless it starts with a Tversion, a Tversion, a Tauth and its conversation
 * and a Tattach (fid 0, user glenda) go first, so most inputs reach deep states. The server
 * requires authentication: writing a user's name to an auth fid proves that user. The server is a File tree with handlers for
 * create, open, read, write, wstat, auth and flush; reads and writes of files named slow*
 * and opens of directories named so are held back (parked) and answered when a Tclunk
 * arrives or at the end, so Tflush meets requests in flight. Frames are written one at a
 * time with the loop run to idle in between, except that a tag with bit 15 set batches its
 * frame with the next and bit 14 splits it in two writes. Each input gets a fresh loop,
 * server, tree and connection, all on this thread: runs do not depend on scheduling.
 *
 * Invariants: every reply decodes; it answers a request in flight with that tag, with Rerror
 * or the matching R-type; Rversion, Rread, Rwrite and Rwalk stay within what was asked;
 * nothing answers a request once its Rflush or a later Rversion came; unless the stream was
 * malformed or reused a tag in flight (the server hangs up on both), every request is
 * answered before the server closes; the loop goes idle and
 * shuts down with no handle, fid, file or request left (ASan checks the memory); a server
 * that does not go idle within Maxspin loop iterations counts as hung.
 * FUZZ_TRACE=1 in the environment prints the conversation (%F) on standard error.
 */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define check(x, why)	do{ if(!(x)) bug(why); }while(0)
#define GET16(p)	((uint)(p)[0] | (uint)(p)[1]<<8)

enum {
	Msize = 8192,		/* the server's largest msize */
	Maxin = 1<<16,		/* longer inputs are ignored */
	Maxdata = 1<<16,	/* largest file */
	Maxfiles = 256,
	Maxpark = 32,
	Maxout = 4096,		/* requests tracked in flight */
	Maxspin = 1000,		/* loop iterations allowed to reach idle */
	Batch = 0x8000,		/* tag bits steering the writes */
	Split = 0x4000,
};

typedef struct Data Data;
struct Data {
	uchar *buf;
	long len;
};

/* A request sent and not yet answered. */
typedef struct Out Out;
struct Out {
	ushort tag;
	uchar type;
	ulong seq;
	u32int count;		/* Tread, Twrite */
	u32int msize;		/* Tversion */
	ushort oldtag;		/* Tflush */
	ushort nwname;		/* Twalk */
};

typedef struct Run Run;
struct Run {
	uv_loop_t loop;
	Srv srv;
	int fd;
	int ended;
	int nfiles;		/* Files alive */
	Req *park[Maxpark];
	int npark;
	int releasing;
	/* the client's view */
	ulong seq;
	Out out[Maxout];
	int nout;
	int errcredit[65536];	/* Rerrors for a tag whose request could not be told apart */
	int versioned;
	u32int msize;
	int malformed;		/* a frame the server must hang up on was sent */
	int dupsent;		/* a tag in flight was reused: the server may hang up */
	int sloppy;		/* which request an Rerror answered became unclear */
	int closed;		/* the server hung up */
	uchar rbuf[2*Msize + 4];
	uint rlen;
};

static Run *run;
static int tracefd;	/* FUZZ_TRACE set: print the 9P conversation on standard error */

static void bug(const char *why) __attribute__((noreturn));

static void
bug(const char *why)
{
	fprintf(stderr, "fuzz-srv: invariant broken: %s\n", why);
	abort();
}

/*
 * The server.
 */

static void
destroyfile(File *f)
{
	Data *d;

	if((d = f->aux) != nil){
		free(d->buf);
		free(d);
	}
	run->nfiles--;
}

static int
isslow(File *f)
{
	return f != nil && strncmp(f->d.name, "slow", 4) == 0;
}

/* Hold back reads and writes of slow* files and opens of slow* directories. */
static int
park(Req *r)
{
	File *f;

	f = r->fid->file;
	if(run->releasing || !isslow(f) || run->npark == Maxpark)
		return 0;
	if(r->ifcall.type == Topen && !(f->d.mode & DMDIR))
		return 0;
	run->park[run->npark++] = r;
	return 1;
}

static Data*
data(File *f)
{
	if(f->aux == nil)
		f->aux = calloc(1, sizeof(Data));
	return f->aux;
}

static void
setlen(File *f, Data *d, long n)
{
	uchar *p;

	if(n > d->len){
		if((p = realloc(d->buf, n)) == nil)
			return;
		memset(p + d->len, 0, n - d->len);
		d->buf = p;
	}
	d->len = n;
	f->d.length = n;
}

static void
fsauth(Req *r)
{
	r->ofcall.aqid.type = QTAUTH;
	r->ofcall.aqid.path = 1ULL << 62;
	nprespond(r, nil);
}

static void
fsopen(Req *r)
{
	File *f;
	Data *d;

	f = r->fid->file;
	if(f != nil && park(r))
		return;
	if(f != nil && (r->ifcall.mode & OTRUNC) && !(f->d.mode & DMDIR) && (d = data(f)) != nil)
		setlen(f, d, 0);
	nprespond(r, nil);
}

static void
fscreate(Req *r)
{
	File *dir, *f;
	ulong perm;
	char err[ERRMAX];

	dir = r->fid->file;
	if(dir == nil){
		nprespond(r, "create prohibited");
		return;
	}
	perm = r->ifcall.perm;
	if(perm & DMDIR)
		perm &= ~0777UL | (dir->d.mode & 0777);
	else
		perm &= ~0666UL | (dir->d.mode & 0666);
	perm &= DMDIR|DMAPPEND|DMEXCL|DMTMP|0777;
	if(run->nfiles >= Maxfiles){
		nprespond(r, "file system full");
		return;
	}
	if((f = npcreatefile(dir, r->ifcall.name, r->fid->uid, perm, nil)) == nil){
		p9rerrstr(err, sizeof err);
		nprespond(r, err);
		return;
	}
	run->nfiles++;
	r->fid->file = f;
	npclosefile(dir);
	r->ofcall.qid = f->d.qid;
	nprespond(r, nil);
}

static void
fsread(Req *r)
{
	File *f;
	Data *d;

	if((f = r->fid->file) == nil){
		nprespond(r, npauthuser(r->fid) != nil ? nil : "say who you are");
		return;
	}
	if(park(r))
		return;
	d = f->aux;
	if(d != nil)
		npreadbuf(r, d->buf, d->len);
	else
		r->ofcall.count = 0;
	nprespond(r, nil);
}

static void
fswrite(Req *r)
{
	File *f;
	Data *d;
	vlong off;

	if((f = r->fid->file) == nil){
		/* the auth conversation: the user's name proves the user */
		if(r->ifcall.count == strlen(r->fid->uid)
		&& memcmp(r->ifcall.data, r->fid->uid, r->ifcall.count) == 0)
			npauthdone(r->fid, r->fid->uid);
		r->ofcall.count = r->ifcall.count;
		nprespond(r, nil);
		return;
	}
	if(park(r))
		return;
	if((d = data(f)) == nil){
		nprespond(r, "out of memory");
		return;
	}
	off = r->ifcall.offset;
	if(f->d.mode & DMAPPEND)
		off = d->len;
	if(off > Maxdata || off + r->ifcall.count > Maxdata){
		nprespond(r, "file too large");
		return;
	}
	if(off + r->ifcall.count > d->len)
		setlen(f, d, off + r->ifcall.count);
	if(d->len < off + r->ifcall.count){
		nprespond(r, "out of memory");
		return;
	}
	if(r->ifcall.count > 0)
		memmove(d->buf + off, r->ifcall.data, r->ifcall.count);
	r->ofcall.count = r->ifcall.count;
	nprespond(r, nil);
}

static int
badname(const char *s)
{
	return strcmp(s, ".") == 0 || strcmp(s, "..") == 0 || strchr(s, '/') != nil;
}

/* The checks of a wstat of f by uid, as ramfs makes them; nil if it may be applied. */
static const char*
wstatok(File *f, Dir *d, const char *uid)
{
	File *g;
	int owner;

	owner = strcmp(uid, "none") != 0 && strcmp(uid, f->d.uid) == 0;
	if(d->name[0] != 0 && strcmp(d->name, f->d.name) != 0){
		if(f->parent == f || !nphasperm(f->parent, uid, AWRITE))
			return "permission denied";
		if(badname(d->name))
			return "illegal file name";
		if((g = npwalkfile(f->parent, d->name)) != nil){
			npclosefile(g);
			return "file already exists";
		}
	}
	if(d->length != ~0LL && d->length != f->d.length){
		if(f->d.mode & DMDIR)
			return "cannot change length of a directory";
		if(!nphasperm(f, uid, AWRITE))
			return "permission denied";
		if(d->length < 0 || d->length > Maxdata)
			return "bad length";
	}
	if(d->mode != (u32int)~0 && d->mode != f->d.mode){
		if(!owner)
			return "not owner";
		if(d->mode & ~(DMDIR|DMAPPEND|DMEXCL|DMTMP|0777))
			return "bad mode";
	}
	if(d->mtime != (u32int)~0 && d->mtime != f->d.mtime && !owner)
		return "not owner";
	if(d->gid[0] != 0 && strcmp(d->gid, f->d.gid) != 0 && !owner)
		return "not owner";
	if(d->uid[0] != 0 && strcmp(d->uid, f->d.uid) != 0)
		return "cannot change owner";
	return nil;
}

static void
setstr(char **s, const char *v)
{
	char *t;

	if((t = strdup(v)) != nil){
		free(*s);
		*s = t;
	}
}

static void
fswstat(Req *r)
{
	File *f;
	Dir *d;
	Data *dd;
	const char *e;

	if((f = r->fid->file) == nil){
		nprespond(r, "wstat prohibited");
		return;
	}
	d = &r->d;
	if((e = wstatok(f, d, r->fid->uid)) != nil){
		nprespond(r, e);
		return;
	}
	if(d->length != ~0LL && d->length != f->d.length){
		if((dd = data(f)) == nil){
			nprespond(r, "out of memory");
			return;
		}
		setlen(f, dd, d->length);
	}
	if(d->name[0] != 0)
		setstr(&f->d.name, d->name);
	if(d->mode != (u32int)~0){
		f->d.mode = d->mode;
		f->d.qid.type = d->mode >> 24;
	}
	if(d->gid[0] != 0)
		setstr(&f->d.gid, d->gid);
	if(d->mtime != (u32int)~0)
		f->d.mtime = d->mtime;
	f->d.qid.vers++;
	nprespond(r, nil);
}

static void
fsflush(Req *r)
{
	int i;

	for(i = 0; i < run->npark; i++)
		if(run->park[i] == r->oldreq){
			memmove(run->park + i, run->park + i + 1,
				(run->npark - i - 1) * sizeof run->park[0]);
			run->npark--;
			nprespond(r->oldreq, "interrupted");
			break;
		}
	nprespond(r, nil);
}

static void
fsend(Srv *srv)
{
	run->ended = 1;
}

/* Answer the oldest parked request as if it had not been held back. */
static void
release(void)
{
	Req *r;

	if(run->npark == 0)
		return;
	r = run->park[0];
	run->npark--;
	memmove(run->park, run->park + 1, run->npark * sizeof run->park[0]);
	run->releasing = 1;
	switch(r->ifcall.type){
	case Topen:
		fsopen(r);
		break;
	case Tread:
		fsread(r);
		break;
	case Twrite:
		fswrite(r);
		break;
	default:
		bug("unexpected request parked");
	}
	run->releasing = 0;
}

static File*
mkfile(File *dir, const char *name, const char *uid, ulong mode, const char *contents)
{
	File *f;
	Data *d;

	f = npcreatefile(dir, name, uid, mode, nil);
	check(f != nil, "cannot make the tree");
	run->nfiles++;
	if(contents != nil){
		d = data(f);
		check(d != nil, "out of memory");
		setlen(f, d, strlen(contents));
		memmove(d->buf, contents, d->len);
	}
	npclosefile(f);
	return f;
}

static Tree*
mktree(void)
{
	Tree *t;
	File *d;

	t = npalloctree("glenda", "glenda", DMDIR|0775, destroyfile);
	check(t != nil, "npalloctree");
	run->nfiles = 1;
	mkfile(t->root, "a", "glenda", 0664, "hello, world\n");
	mkfile(t->root, "slow", "glenda", 0666, "tortoise\n");
	mkfile(t->root, "ro", "sys", 0444, "read only\n");
	mkfile(t->root, "log", "glenda", DMAPPEND|0666, nil);
	d = mkfile(t->root, "d", "glenda", DMDIR|0775, nil);
	mkfile(d, "b", "glenda", 0600, "bee\n");
	mkfile(d, "slowdir", "glenda", DMDIR|0777, nil);
	return t;
}

/*
 * The client.
 */

static int
outq(void)
{
	int n;

	if(ioctl(run->fd, SIOCOUTQ, &n) < 0)
		return 0;
	return n;
}

static void
forget(int i)
{
	run->nout--;
	memmove(run->out + i, run->out + i + 1, (run->nout - i) * sizeof run->out[0]);
}

static int
ntag(ushort tag)
{
	int i, n;

	n = 0;
	for(i = 0; i < run->nout; i++)
		if(run->out[i].tag == tag)
			n++;
	return n;
}

/* Once as many Rerrors came for tag as requests with it are in flight, all are answered. */
static void
settle(ushort tag)
{
	int i;

	if(run->errcredit[tag] < ntag(tag))
		return;
	run->errcredit[tag] = 0;
	for(i = 0; i < run->nout; )
		if(run->out[i].tag == tag)
			forget(i);
		else
			i++;
}

/* Drop the requests (with tag) sent before seq: they were flushed or aborted. */
static void
drop(int alltags, ushort tag, ulong seq)
{
	ushort t;
	int i;

	for(i = 0; i < run->nout; )
		if(run->out[i].seq < seq && (alltags || run->out[i].tag == tag)){
			t = run->out[i].tag;
			forget(i);
			if(run->errcredit[t] > 0){
				/* the Rerrors may have been for these or for others */
				run->sloppy = 1;
				settle(t);
			}
		}else
			i++;
}

/*
 * A tag sent again before its reply came (the server may have answered the first before it
 * read the second) leaves the reply ambiguous: credit it to the request of its type with that
 * tag that asked the least but enough, so only what no request could explain is a bug.
 */
static int
fitting(int i, const Fcall *f)
{
	u32int got, asked, best;
	int j, k;

	got = f->type == Rwalk ? f->nwqid : f->count;
	k = i;
	best = ~0U;
	for(j = i; j < run->nout; j++){
		if(run->out[j].tag != f->tag || run->out[j].type + 1 != f->type)
			continue;
		asked = f->type == Rwalk ? run->out[j].nwname : run->out[j].count;
		if(asked >= got && asked < best){
			best = asked;
			k = j;
		}
	}
	return k;
}

/* Check one reply against the requests in flight. */
static void
reply(Fcall *f)
{
	Out o;
	int i, n;

	check(f->type % 2 == 1 && f->type > Tversion && f->type < Tmax, "reply of a bad type");
	n = ntag(f->tag);
	check(n > 0, "reply to a tag not in flight");
	if(f->type == Rerror){
		check(f->ename != nil && f->ename[0] != 0, "empty error string");
		/* a Tversion is answered at once (it aborts the others with its tag) */
		for(i = 0; i < run->nout; i++)
			if(run->out[i].tag == f->tag && run->out[i].type == Tversion)
				break;
		if(i == run->nout && n > 1){
			/* which one failed is known once the others answered */
			run->errcredit[f->tag]++;
			settle(f->tag);
			return;
		}
		if(i == run->nout)
			for(i = 0; run->out[i].tag != f->tag; i++)
				;
	}else{
		for(i = 0; i < run->nout; i++)
			if(run->out[i].tag == f->tag && run->out[i].type + 1 == f->type)
				break;
		check(i < run->nout, "reply of the wrong type for its tag");
		if(n > 1)
			i = fitting(i, f);
	}
	o = run->out[i];
	forget(i);
	settle(f->tag);
	switch(f->type){
	case Rversion:
		check(f->msize <= o.msize && f->msize <= Msize, "Rversion grants a larger msize");
		check(strcmp(f->version, VERSION9P) == 0 || strcmp(f->version, "unknown") == 0,
			"Rversion of an unknown version");
		break;
	case Rread:
	case Rwrite:
		check(f->count <= o.count, "more counted than asked");
		break;
	case Rwalk:
		check(f->nwqid <= o.nwname, "Rwalk with too many qids");
		check(o.nwname == 0 || f->nwqid > 0, "Rwalk with no qids instead of Rerror");
		break;
	case Rflush:
		drop(0, o.oldtag, o.seq);
		break;
	}
	if(o.type == Tversion){
		drop(1, 0, o.seq);
		run->versioned = f->type == Rversion && strcmp(f->version, VERSION9P) == 0;
		if(run->versioned)
			run->msize = f->msize;
	}
}

/* Read and check what the server sent; the bytes read. */
static int
replies(void)
{
	uchar msg[2*Msize + 4];
	int n, total;
	u32int sz;
	Fcall f;

	total = 0;
	while(!run->closed){
		n = read(run->fd, run->rbuf + run->rlen, sizeof run->rbuf - run->rlen);
		if(n < 0 && (errno == EAGAIN || errno == EINTR))
			break;
		if(n <= 0){
			run->closed = 1;
			break;
		}
		total += n;
		run->rlen += n;
		while(run->rlen >= 4){
			sz = npmsgsize(run->rbuf, run->rlen);
			check(sz >= 7 && sz <= Msize, "reply of a bad size");
			if(run->rlen < sz)
				break;
			memmove(msg, run->rbuf, sz);
			check(npconvM2S(msg, sz, &f) == sz, "reply does not decode");
			reply(&f);
			run->rlen -= sz;
			memmove(run->rbuf, run->rbuf + sz, run->rlen);
		}
	}
	return total;
}

/* Run the loop until the server has read everything and answered what it can. */
static void
idle(void)
{
	int spin, quiet;

	quiet = 0;
	for(spin = 0; quiet < 2; spin++){
		check(spin < Maxspin, "server does not go idle");
		uv_run(&run->loop, UV_RUN_NOWAIT);
		if(replies() > 0 || outq() > 0)
			quiet = 0;
		else
			quiet++;
	}
}

static void
put(const uchar *p, uint n)
{
	ssize_t w;

	while(n > 0 && !run->closed){
		w = send(run->fd, p, n, MSG_NOSIGNAL);
		if(w < 0 && (errno == EAGAIN || errno == EINTR)){
			idle();
			continue;
		}
		if(w <= 0)
			break;	/* the server hung up: it reads nothing more */
		p += w;
		n -= w;
	}
}

/* 1 if the server will hang up on this frame rather than answer it. */
static int
malformed(const uchar *p, uint n, Fcall *f)
{
	uchar buf[Msize];
	u32int max;

	max = run->versioned ? run->msize : Msize;
	if(n < 7 || npmsgsize(p, n) != n || n > max)
		return 1;
	if(p[4] == Twalk && n >= 17 && GET16(p+15) > MAXWELEM){
		memset(f, 0, sizeof *f);
		f->type = Twalk;
		f->tag = GET16(p+5);
		return 0;
	}
	memmove(buf, p, n);
	return npconvM2S(buf, n, f) != n;
}

/* Send one frame of the input and note the request; returns 0 if nothing more is to be sent. */
static int
frame(const uchar *p, uint n)
{
	Fcall f;
	Out *o;
	uint half;
	int wasversion;

	if(malformed(p, n, &f)){
		run->malformed = 1;
		put(p, n);
		idle();
		return 0;
	}
	wasversion = f.type == Tversion;
	if(!wasversion && ntag(f.tag) > 0)
		run->dupsent = 1;
	if(wasversion || run->nout >= Maxout/2)
		idle();		/* so the replies before it are in */
	check(run->nout < Maxout, "too many requests in flight");
	o = &run->out[run->nout++];
	memset(o, 0, sizeof *o);
	o->tag = f.tag;
	o->type = f.type;
	o->seq = run->seq++;
	switch(f.type){
	case Tversion:
		o->msize = f.msize;
		break;
	case Tread:
	case Twrite:
		o->count = f.count;
		break;
	case Tflush:
		o->oldtag = f.oldtag;
		break;
	case Twalk:
		o->nwname = f.nwname;
		break;
	}
	if((f.tag & Split) && n > 1){
		half = n / 2;
		put(p, half);
		idle();
		put(p + half, n - half);
	}else
		put(p, n);
	if(wasversion || !(f.tag & Batch))
		idle();
	if(f.type == Tclunk)
		release();
	if(wasversion)
		check(ntag(f.tag) == 0 || run->closed, "Tversion not answered");
	return !run->closed;
}

static void
prefix(void)
{
	enum { Afid = NOFID - 1 };
	uchar buf[256];
	Fcall f;
	uint n;

	memset(&f, 0, sizeof f);
	f.type = Tversion;
	f.tag = NOTAG;
	f.msize = Msize;
	f.version = VERSION9P;
	n = npconvS2M(&f, buf, sizeof buf);
	frame(buf, n);
	memset(&f, 0, sizeof f);
	f.type = Tauth;
	f.tag = 0x3ffc;
	f.afid = Afid;
	f.uname = "glenda";
	f.aname = "";
	n = npconvS2M(&f, buf, sizeof buf);
	frame(buf, n);
	memset(&f, 0, sizeof f);
	f.type = Twrite;
	f.tag = 0x3ffd;
	f.fid = Afid;
	f.count = 6;
	f.data = "glenda";
	n = npconvS2M(&f, buf, sizeof buf);
	frame(buf, n);
	memset(&f, 0, sizeof f);
	f.type = Tattach;
	f.tag = 0x3ffe;
	f.fid = 0;
	f.afid = Afid;
	f.uname = "glenda";
	f.aname = "";
	n = npconvS2M(&f, buf, sizeof buf);
	frame(buf, n);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	signal(SIGPIPE, SIG_IGN);
	if(getenv("FUZZ_TRACE") != nil)
		tracefd = 2;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Tree *tree;
	uint n;
	int spin;

	if(size > Maxin)
		return 0;
	run = calloc(1, sizeof *run);
	check(run != nil, "out of memory");
	check(uv_loop_init(&run->loop) == 0, "uv_loop_init");
	tree = mktree();
	run->srv.tree = tree;
	run->srv.msize = Msize;
	run->srv.auth = fsauth;
	run->srv.open = fsopen;
	run->srv.create = fscreate;
	run->srv.read = fsread;
	run->srv.write = fswrite;
	run->srv.wstat = fswstat;
	run->srv.flush = fsflush;
	run->srv.end = fsend;
	run->srv.tracefd = tracefd;
	check(npsrvinit(&run->srv, &run->loop) == 0, "npsrvinit");
	run->fd = npsrvpipe(&run->srv);
	check(run->fd >= 0, "npsrvpipe");
	check(fcntl(run->fd, F_SETFL, O_NONBLOCK) == 0, "fcntl");

	if(size < 5 || data[4] != Tversion)
		prefix();
	while(size > 0 && !run->closed && !run->malformed){
		n = size;
		if(size >= 4 && npmsgsize(data, size) >= 7 && npmsgsize(data, size) < size)
			n = npmsgsize(data, size);
		if(!frame(data, n))
			break;
		data += n;
		size -= n;
	}

	/* answer what is parked, hang up, and wait for the server to do the same */
	idle();
	while(run->npark > 0){
		release();
		idle();
	}
	shutdown(run->fd, SHUT_WR);
	for(spin = 0; !run->closed; spin++){
		check(spin < Maxspin, "server does not hang up after end of file");
		uv_run(&run->loop, UV_RUN_NOWAIT);
		replies();
	}
	check(run->malformed || run->sloppy || run->dupsent || run->nout == 0,
		"request never answered");
	check(run->rlen == 0 || run->malformed, "partial reply");
	close(run->fd);

	npsrvstop(&run->srv);
	for(spin = 0; !run->ended; spin++){
		check(spin < Maxspin, "server does not stop");
		uv_run(&run->loop, UV_RUN_NOWAIT);
	}
	check(run->npark == 0, "request parked after the end");
	check(uv_loop_close(&run->loop) == 0, "handles left open on the loop");
	npfreetree(tree);
	check(run->nfiles == 0, "files left after the tree was freed");
	free(run);
	run = nil;
	return 0;
}
