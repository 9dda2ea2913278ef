/* mksrvcorpus.c: write the seeds of fuzz-srv, 9P client sessions one a file, to a directory. */
#include <planten/fcall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The tree fuzz-srv serves (see srv.c): /a /slow /ro (sys's, 0444) /log (append-only)
 * /d/b /d/slowdir/. Reads and writes of slow* and opens of slowdir are answered late.
 * Sessions without a Tversion first get Tversion, Tauth, the auth conversation (the user's
 * name written to the auth fid) and Tattach of fid 0 by glenda added.
 * Tag bit 15 batches a message with the next, bit 14 sends it in two writes.
 */

enum { Batch = 0x8000, Split = 0x4000 };

static const char *dir;
static int nerr;
static uchar buf[65536];
static uint nbuf;
static ushort tag;
static Fcall f;

static void
save(const char *name)
{
	char path[1024];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "wb");
	if(fp == NULL || nbuf == 0 || fwrite(buf, 1, nbuf, fp) != nbuf || fclose(fp) != 0){
		fprintf(stderr, "mksrvcorpus: %s: cannot write\n", path);
		nerr++;
	}
	nbuf = 0;
	tag = 1;
}

/* Start a message of type t with the next tag. */
static void
m(int t)
{
	memset(&f, 0, sizeof f);
	f.type = t;
	f.tag = t == Tversion ? NOTAG : tag++;
}

/* Append the message, with extra bits in its tag. */
static void
sendx(ushort bits)
{
	uint n;

	f.tag |= bits;
	n = npconvS2M(&f, buf + nbuf, sizeof buf - nbuf);
	if(n == 0){
		fprintf(stderr, "mksrvcorpus: cannot encode type %d\n", f.type);
		nerr++;
	}
	nbuf += n;
}

static void
put(void)
{
	sendx(0);
}

static void
version(u32int msize, char *v)
{
	m(Tversion); f.msize = msize; f.version = v; put();
}

static void
attach(u32int fid, u32int afid, char *uname)
{
	m(Tattach); f.fid = fid; f.afid = afid; f.uname = uname; f.aname = ""; put();
}

static void writex(u32int fid, vlong off, char *s, ushort bits);

/* Authenticate as uname on afid and attach fid with it. */
static void
authattach(u32int fid, u32int afid, char *uname)
{
	m(Tauth); f.afid = afid; f.uname = uname; f.aname = ""; put();
	writex(afid, 0, uname, 0);
	attach(fid, afid, uname);
}

static void
twalk(u32int fid, u32int newfid, int n, char **names)
{
	int i;

	m(Twalk); f.fid = fid; f.newfid = newfid; f.nwname = n;
	for(i = 0; i < n; i++)
		f.wname[i] = names[i];
	put();
}

static void
walk1(u32int fid, u32int newfid, char *name)
{
	twalk(fid, newfid, name != NULL, &name);
}

static void
topen(u32int fid, int mode)
{
	m(Topen); f.fid = fid; f.mode = mode; put();
}

static void
tcreate(u32int fid, char *name, u32int perm, int mode)
{
	m(Tcreate); f.fid = fid; f.name = name; f.perm = perm; f.mode = mode; put();
}

static void
readx(u32int fid, vlong off, u32int count, ushort bits)
{
	m(Tread); f.fid = fid; f.offset = off; f.count = count; sendx(bits);
}

static void
writex(u32int fid, vlong off, char *s, ushort bits)
{
	m(Twrite); f.fid = fid; f.offset = off; f.count = strlen(s); f.data = s; sendx(bits);
}

static void
fidmsg(int t, u32int fid)
{
	m(t); f.fid = fid; put();
}

static void
tflush(ushort oldtag)
{
	m(Tflush); f.oldtag = oldtag; put();
}

/* Twstat with every field "don't touch" except those given (nil, ~0 to keep). */
static void
twstat(u32int fid, char *name, char *gid, u32int mode, u32int mtime, vlong length)
{
	static uchar st[256];
	Dir d;

	memset(&d, 0xff, sizeof d);
	d.name = name != NULL ? name : "";
	d.uid = "";
	d.gid = gid != NULL ? gid : "";
	d.muid = "";
	d.mode = mode;
	d.mtime = mtime;
	d.length = length;
	m(Twstat); f.fid = fid; f.stat = st; f.nstat = npconvD2M(&d, st, sizeof st); put();
}

int
main(int argc, char **argv)
{
	char *dslow[] = { "d", "slowdir" }, *deep[] = { "d", "..", "d", "b" };

	if(argc != 2){
		fprintf(stderr, "usage: mksrvcorpus dir\n");
		return 2;
	}
	dir = argv[1];
	tag = 1;

	/* read a file, stat it, walk back up */
	walk1(0, 1, "a"); topen(1, OREAD); readx(1, 0, 100, 0); readx(1, 5, 4, 0);
	fidmsg(Tstat, 1); fidmsg(Tclunk, 1); twalk(0, 2, 4, deep); fidmsg(Tstat, 2);
	walk1(2, 2, ".."); fidmsg(Tclunk, 2);
	save("read");

	/* create, write, read back, rename, truncate, remove */
	walk1(0, 1, NULL); tcreate(1, "new", 0664, ORDWR); writex(1, 0, "some bytes", 0);
	writex(1, 100, "far", 0); readx(1, 0, 200, 0); twstat(1, "renamed", NULL, ~0, ~0, ~0LL);
	twstat(1, NULL, NULL, ~0, ~0, 4); fidmsg(Tstat, 1); fidmsg(Tremove, 1);
	walk1(0, 3, NULL); tcreate(3, "sub", DMDIR|0775, OREAD); tcreate(3, "x", 0600, OWRITE);
	save("create");

	/* directory reads, continuing and restarting */
	walk1(0, 1, "d"); topen(1, OREAD); readx(1, 0, 60, 0); readx(1, 60, 1000, 0);
	readx(1, 0, 8000, 0); fidmsg(Tclunk, 1); topen(0, OREAD); readx(0, 0, 8000, 0);
	save("dirread");

	/* a read held back and flushed, another answered at the clunk */
	walk1(0, 1, "slow"); topen(1, ORDWR); readx(1, 0, 100, 0); tflush(tag - 1);
	readx(1, 0, 100, 0); writex(1, 3, "hare", 0); fidmsg(Tclunk, 1); fidmsg(Tclunk, 1);
	save("flush");

	/* an open held back: the fid is busy until it is answered; flush twice */
	twalk(0, 1, 2, dslow); topen(1, OREAD); walk1(1, 2, ".."); readx(1, 0, 10, 0);
	tflush(tag - 3); tflush(tag - 4); walk1(0, 5, "slow"); topen(5, OREAD);
	readx(5, 0, 10, 0); tflush(tag - 1); fidmsg(Tclunk, 5);
	save("flushopen");

	/* a tag reused while its request is in flight: the server hangs up */
	walk1(0, 1, "slow"); topen(1, OREAD); readx(1, 0, 10, 0); tag--;
	readx(1, 0, 10, 0); tag--; fidmsg(Tstat, 1); tflush(tag - 1); fidmsg(Tclunk, 1);
	save("duptag");

	/* a tag sent again, batched, before the reply to its first use (an error) was read */
	walk1(0, 2, "a"); topen(2, OREAD); readx(77, 0, 0, Batch); tag--; readx(2, 0, 10, Batch);
	fidmsg(Tclunk, 2);
	save("retag");

	/* versions: a small msize, an unknown version, renegotiation with requests in flight */
	version(512, "9P2000"); authattach(0, 9, "glenda"); walk1(0, 1, "a"); topen(1, OREAD);
	readx(1, 0, 4096, 0); walk1(0, 2, "slow"); topen(2, OREAD); readx(2, 0, 10, 0);
	version(8192, "9P2000.u"); fidmsg(Tstat, 1); version(8192, "9P3000"); fidmsg(Tstat, 1);
	version(100, "9P2000"); version(8192, "9P2000"); authattach(0, 9, "glenda");
	save("version");

	/* authentication, and an attach through the auth fid */
	version(8192, "9P2000"); m(Tauth); f.afid = 9; f.uname = "glenda"; f.aname = ""; put();
	readx(9, 0, 64, 0); writex(9, 0, "proto", 0); attach(0, 9, "glenda");
	writex(9, 0, "glenda", 0); readx(9, 0, 64, 0); attach(0, 9, "glenda"); attach(1, 9, "none");
	attach(2, NOFID, "none"); walk1(0, 3, "a"); topen(3, OWRITE); fidmsg(Tclunk, 9);
	attach(4, 9, "glenda");
	save("auth");

	/* permissions and protocol errors */
	walk1(0, 1, "ro"); topen(1, OWRITE); topen(1, OREAD|OTRUNC);
	twstat(1, NULL, NULL, 0666, ~0, ~0LL); fidmsg(Tremove, 1); fidmsg(Tremove, 0);
	walk1(7, 8, "a"); topen(0, OWRITE); readx(0, 0, 1, 0); walk1(0, 0, "nonexistent");
	walk1(0, 2, "a"); walk1(2, 3, "b"); tcreate(2, "c", 0666, OREAD);
	tcreate(0, "..", 0666, OREAD); tcreate(0, "a", 0666, OREAD);
	fidmsg(Tclunk, 2); fidmsg(Tclunk, 2);
	m(Tflush); f.oldtag = 999; put();
	save("errors");

	/* wstat: mode, mtime, gid, length, a name already taken, a directory's length */
	walk1(0, 1, "a"); twstat(1, NULL, NULL, 0600, ~0, ~0LL);
	twstat(1, NULL, NULL, ~0, 12345, ~0LL); twstat(1, NULL, "glenda", ~0, ~0, ~0LL);
	twstat(1, "d", NULL, ~0, ~0, ~0LL);
	twstat(1, NULL, NULL, ~0, ~0, 70000); twstat(1, NULL, NULL, DMDIR|0777, ~0, ~0LL);
	walk1(0, 2, "d"); twstat(2, NULL, NULL, ~0, ~0, 10); twstat(0, "root", NULL, ~0, ~0, ~0LL);
	walk1(0, 3, "log"); topen(3, OWRITE); writex(3, 0, "one\n", 0); writex(3, 0, "two\n", 0);
	fidmsg(Tstat, 3);
	save("wstat");

	/* pipelined and split writes */
	walk1(0, 1, "a"); topen(1, ORDWR); readx(1, 0, 10, Batch);
	writex(1, 0, "HELLO", Batch); readx(1, 0, 10, Batch|Split); fidmsg(Tstat, 1);
	walk1(0, 2, "slow"); topen(2, OREAD); readx(2, 0, 10, Batch); tflush(tag - 1);
	readx(2, 2, 10, Split); fidmsg(Tclunk, 2);
	save("batch");

	/* a walk of too many names, and a clunk of every fid by hanging up */
	{
		char *many[MAXWELEM];
		int i;

		for(i = 0; i < MAXWELEM; i++)
			many[i] = "d";
		twalk(0, 1, MAXWELEM, many);
		walk1(0, 2, "d"); walk1(2, 3, "slowdir"); tcreate(3, "slowfile", 0666, ORDWR);
		writex(3, 0, "late", 0); readx(3, 0, 10, 0);
	}
	save("hangup");
	return nerr ? 1 : 0;
}
