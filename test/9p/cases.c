/* cases.c: the conformance cases for version, attach, walk, open, create, read and write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "conform.h"

static int
tversion(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = dialconn()) == nil)
		return -1;
	OK(xversion(c, 8192+IOHDRSZ, VERSION9P), "Tversion 8216 9P2000");
	CHECK(strcmp(c->r.version, VERSION9P) == 0,
		"Rversion: expected version 9P2000, got \"%s\"", c->r.version);
	CHECK(c->r.msize <= 8192+IOHDRSZ && c->r.msize >= NP_MINMSIZE,
		"Rversion: expected msize in [%d, 8216], got %u", NP_MINMSIZE, c->r.msize);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tversionclamp(void)
{
	Conn *c;
	uint ask;
	int rv;

	rv = -1;
	if((c = dialconn()) == nil)
		return -1;
	ask = 64*1024*1024;
	OK(xversion(c, ask, VERSION9P), "Tversion %u", ask);
	CHECK(c->r.msize <= ask && c->r.msize >= NP_MINMSIZE,
		"Rversion: expected msize in [%d, %u], got %u", NP_MINMSIZE, ask, c->r.msize);
	hangup(c);
	if((c = dialconn()) == nil)
		return -1;
	OK(xversion(c, 1000, VERSION9P), "Tversion 1000");
	CHECK(c->r.msize <= 1000 && c->r.msize >= NP_MINMSIZE,
		"Rversion: expected msize in [%d, 1000], got %u", NP_MINMSIZE, c->r.msize);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tversionsmall(void)
{
	Conn *c;
	int rv, n;

	rv = -1;
	if((c = dialconn()) == nil)
		return -1;
	n = xversion(c, 100, VERSION9P);
	if(n == 0){
		diag("Tversion 100: expected Rerror (msize below %d), got %s", NP_MINMSIZE, c->why);
		goto out;
	}
	if(n < 0 && strcmp(c->why, "connection closed") != 0){
		failerr(c, "Tversion 100");
		goto out;
	}
	rv = alive();
out:
	hangup(c);
	return rv;
}

static int
tversiondot(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = dialconn()) == nil)
		return -1;
	OK(xversion(c, 8192+IOHDRSZ, "9P2000.foo"), "Tversion 9P2000.foo");
	CHECK(strcmp(c->r.version, VERSION9P) == 0,
		"Rversion: expected version 9P2000, got \"%s\"", c->r.version);
	OK(xattach(c, Froot, NOFID, opt.user, opt.aname), "attach after 9P2000.foo");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tversionunknown(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = dialconn()) == nil)
		return -1;
	OK(xversion(c, 8192+IOHDRSZ, "XP3000"), "Tversion XP3000");
	CHECK(strcmp(c->r.version, "unknown") == 0,
		"Rversion: expected version \"unknown\", got \"%s\"", c->r.version);
	OK(xversion(c, 8192+IOHDRSZ, VERSION9P), "Tversion 9P2000 after unknown");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tversionreset(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = mountconn(opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Froot, 5, ""), "clone the root");
	OK(xversion(c, opt.msize, VERSION9P), "second Tversion");
	ERR(xclunk(c, 5), "clunk of a fid from before the second Tversion");
	ERR(xclunk(c, Froot), "clunk of the root fid from before the second Tversion");
	OK(xattach(c, Froot, NOFID, opt.user, opt.aname), "attach on the old root fid number");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tattach(void)
{
	Conn *c;
	St st;
	int rv;

	rv = -1;
	if((c = dialconn()) == nil)
		return -1;
	OK(xversion(c, opt.msize, VERSION9P), "Tversion");
	OK(xattach(c, Froot, NOFID, opt.user, opt.aname), "Tattach");
	CHECK(c->r.qid.type & QTDIR, "Rattach: expected a directory qid, got type %#x",
		c->r.qid.type);
	OK(xstat(c, Froot, &st), "stat of the root");
	CHECK(st.mode & DMDIR, "root stat: expected DMDIR in mode, got %#o", st.mode);
	CHECK(st.qid.type & QTDIR, "root stat: expected qid type QTDIR, got %#x", st.qid.type);
	ERR(xattach(c, Froot, NOFID, opt.user, opt.aname), "Tattach on a fid in use");
	OK(xattach(c, 7, NOFID, opt.user, opt.aname), "second Tattach on another fid");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tauth(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = dialconn()) == nil)
		return -1;
	OK(xversion(c, opt.msize, VERSION9P), "Tversion");
	ERR(xauth(c, 7), "Tauth to a server needing no authentication");
	ERR(xattach(c, Froot, 7, opt.user, opt.aname), "Tattach with an afid that is no auth fid");
	OK(xattach(c, Froot, NOFID, opt.user, opt.aname), "Tattach with NOFID");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twalkclone(void)
{
	Conn *c;
	St a, b;
	int rv;

	rv = -1;
	if((c = casemount("walk-clone", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "walk with nwname 0");
	CHECK(c->r.nwqid == 0, "Rwalk: expected 0 qids, got %d", c->r.nwqid);
	OK(xstat(c, Fdir, &a), "stat of the original");
	OK(xstat(c, 2, &b), "stat of the clone");
	CHECK(a.qid.path == b.qid.path, "clone: expected qid.path %llu, got %llu",
		(unsigned long long)a.qid.path, (unsigned long long)b.qid.path);
	OK(xwalk(c, 2, 2, ""), "walk with nwname 0 onto itself");
	OK(xclunk(c, 2), "clunk the clone");
	OK(xstat(c, Fdir, nil), "stat of the original after the clone's clunk");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twalkone(void)
{
	Conn *c;
	St st;
	Qid q;
	int rv;

	rv = -1;
	if((c = casemount("walk-one", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "a", 0666, "x", 1) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "a"), "walk to a");
	CHECK(c->r.nwqid == 1, "Rwalk: expected 1 qid, got %d", c->r.nwqid);
	CHECK(!(c->r.wqid[0].type & QTDIR), "Rwalk: a file's qid has type %#x", c->r.wqid[0].type);
	q = c->r.wqid[0];
	OK(xstat(c, 2, &st), "stat of the walked fid");
	CHECK(st.qid.path == q.path, "stat qid.path %llu, Rwalk said %llu",
		(unsigned long long)st.qid.path, (unsigned long long)q.path);
	CHECK(strcmp(st.name, "a") == 0, "stat name: expected \"a\", got \"%s\"", st.name);
	OK(xwalk(c, 2, 2, ""), "walk of a file with nwname 0");
	OK(xwalk(c, Fdir, 3, ""), "clone the directory");
	OK(xwalk(c, 3, 3, "a"), "walk of a fid onto itself");
	OK(xstat(c, 3, &st), "stat after walking onto itself");
	CHECK(strcmp(st.name, "a") == 0, "fid walked onto itself: expected name \"a\", got \"%s\"",
		st.name);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twalkmany(void)
{
	Conn *c;
	int rv, i;

	rv = -1;
	if((c = casemount("walk-many", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "x", DMDIR|0777, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "x"), "walk to x");
	if(mkfile(c, 2, "y", DMDIR|0777, nil, 0) < 0)
		goto out;
	OK(xwalk(c, 2, 2, "y"), "walk to x/y");
	if(mkfile(c, 2, "z", DMDIR|0777, nil, 0) < 0)
		goto out;
	OK(xwalk(c, 2, 2, "z"), "walk to x/y/z");
	if(mkfile(c, 2, "f", 0666, "data", 4) < 0)
		goto out;
	OK(xwalk(c, Fdir, 3, "x/y/z/f"), "walk x/y/z/f");
	CHECK(c->r.nwqid == 4, "Rwalk: expected 4 qids, got %d", c->r.nwqid);
	for(i = 0; i < 3; i++)
		CHECK(c->r.wqid[i].type & QTDIR, "Rwalk: qid %d is not a directory", i);
	CHECK(!(c->r.wqid[3].type & QTDIR), "Rwalk: the last qid is a directory");
	OK(xopen(c, 3, OREAD), "open x/y/z/f");
	OK(xread(c, 3, 0, 100), "read x/y/z/f");
	CHECK(c->r.count == 4 && memcmp(c->r.data, "data", 4) == 0, "read back wrong data");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twalkpartial(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("walk-partial", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "x", DMDIR|0777, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "x/nope/more"), "walk x/nope/more");
	CHECK(c->r.nwqid == 1, "Rwalk: expected 1 qid for a walk failing at its second name, "
		"got %d", c->r.nwqid);
	ERR(xclunk(c, 2), "clunk of the newfid of a partial walk");
	ERR(xwalk(c, Fdir, 2, "nope"), "walk failing at the first name");
	ERR(xclunk(c, 2), "clunk of the newfid of a failed walk");
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xwalk(c, 2, 2, "x/nope"), "partial walk of a fid onto itself");
	CHECK(c->r.nwqid == 1, "Rwalk: expected 1 qid, got %d", c->r.nwqid);
	OK(xwalk(c, 2, 3, "x"), "walk from a fid whose own partial walk failed");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twalk16(void)
{
	char name[8];
	Conn *c;
	int rv, i;

	rv = -1;
	if((c = casemount("walk-16", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	for(i = 1; i <= 16; i++){
		snprintf(name, sizeof name, "n%d", i);
		if(mkfile(c, 2, name, DMDIR|0777, nil, 0) < 0)
			goto out;
		OK(xwalk(c, 2, 2, name), "walk to %s", name);
	}
	OK(xwalk(c, Fdir, 3, "n1/n2/n3/n4/n5/n6/n7/n8/n9/n10/n11/n12/n13/n14/n15/n16"),
		"walk of 16 names");
	CHECK(c->r.nwqid == 16, "Rwalk: expected 16 qids, got %d", c->r.nwqid);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twalk17(void)
{
	uchar msg[512], *p;
	Conn *c;
	int rv, i, nerr;

	rv = -1;
	if((c = casemount("walk-17", opt.msize)) == nil)
		return -1;
	p = msg+4;
	*p++ = Twalk;
	PUT16(p, 1); p += 2;
	PUT32(p, Fdir); p += 4;
	PUT32(p, 2); p += 4;
	PUT16(p, 17); p += 2;
	for(i = 0; i < 17; i++){
		PUT16(p, 2); p += 2;
		memcpy(p, "..", 2); p += 2;
	}
	PUT32(msg, (uint)(p-msg));
	if(sendraw(c, msg, p-msg) < 0){
		diag("send: %s", c->why);
		goto out;
	}
	i = waitclose(c, &nerr);
	CHECK(i == 0, "Twalk with 17 names: expected Rerror or a hang-up, got %s", c->why);
	rv = alive();
out:
	hangup(c);
	return rv;
}

static int
twalkdotdot(void)
{
	Conn *c;
	St root, d;
	int rv;

	rv = -1;
	if((c = casemount("walk-dotdot", opt.msize)) == nil)
		return -1;
	OK(xstat(c, Froot, &root), "stat of the root");
	OK(xwalk(c, Froot, 2, ".."), "walk .. from the root");
	CHECK(c->r.nwqid == 1, "Rwalk: expected 1 qid, got %d", c->r.nwqid);
	CHECK(c->r.wqid[0].path == root.qid.path,
		"walk .. at the root: expected the root's qid.path %llu, got %llu",
		(unsigned long long)root.qid.path, (unsigned long long)c->r.wqid[0].path);
	OK(xstat(c, Fdir, &d), "stat of the case directory");
	if(mkfile(c, Fdir, "sub", DMDIR|0777, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 3, "sub/.."), "walk sub/..");
	CHECK(c->r.nwqid == 2 && c->r.wqid[1].path == d.qid.path,
		"walk sub/..: expected the directory's qid.path %llu second, got %d qids",
		(unsigned long long)d.qid.path, c->r.nwqid);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twalkrefused(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("walk-refused", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xopen(c, 2, OREAD), "open the clone of a directory");
	ERR(xwalk(c, 2, 3, ""), "clone of an open fid");
	ERR(xwalk(c, 2, 3, "f"), "walk from an open fid");
	OK(xwalk(c, Fdir, 3, ""), "clone");
	ERR(xwalk(c, Fdir, 3, ""), "clone to a newfid in use");
	ERR(xwalk(c, Fdir, 3, "f"), "walk to a newfid in use");
	OK(xwalk(c, Fdir, 4, "f"), "walk to f");
	ERR(xwalk(c, 4, 5, "x"), "walk from a file");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
topenmodes(void)
{
	static int modes[] = {OREAD, OWRITE, ORDWR, OEXEC};
	static char *mname[] = {"OREAD", "OWRITE", "ORDWR", "OEXEC"};
	Conn *c;
	Qid q;
	int rv, i, canr, canw;

	rv = -1;
	if((c = casemount("open-modes", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0777, "abc", 3) < 0)
		goto out;
	for(i = 0; i < 4; i++){
		OK(xwalk(c, Fdir, 2, "f"), "walk to f");
		q = c->r.wqid[0];
		OK(xopen(c, 2, modes[i]), "open %s", mname[i]);
		CHECK(c->r.qid.path == q.path, "Ropen %s: qid.path %llu, Rwalk said %llu", mname[i],
			(unsigned long long)c->r.qid.path, (unsigned long long)q.path);
		CHECK(c->r.iounit <= c->msize - IOHDRSZ, "Ropen %s: iounit %u beyond msize %u",
			mname[i], c->r.iounit, c->msize);
		canr = modes[i] != OWRITE;
		canw = modes[i] == OWRITE || modes[i] == ORDWR;
		if(canr)
			OK(xread(c, 2, 0, 10), "read on a fid open %s", mname[i]);
		else
			ERR(xread(c, 2, 0, 10), "read on a fid open %s", mname[i]);
		if(canw)
			OK(xwrite(c, 2, 0, "abc", 3), "write on a fid open %s", mname[i]);
		else
			ERR(xwrite(c, 2, 0, "abc", 3), "write on a fid open %s", mname[i]);
		OK(xclunk(c, 2), "clunk");
	}
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
topentrunc(void)
{
	Conn *c;
	St st;
	int rv;

	rv = -1;
	if((c = casemount("open-trunc", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "0123456789", 10) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk to f");
	OK(xopen(c, 2, OREAD), "open OREAD");
	OK(xstat(c, 2, &st), "stat");
	CHECK(st.length == 10, "length after OREAD: expected 10, got %lld", st.length);
	OK(xwalk(c, Fdir, 3, "f"), "walk to f");
	OK(xopen(c, 3, OWRITE|OTRUNC), "open OWRITE|OTRUNC");
	OK(xstat(c, 3, &st), "stat");
	CHECK(st.length == 0, "length after OTRUNC: expected 0, got %lld", st.length);
	OK(xread(c, 2, 0, 10), "read through the other fid");
	CHECK(c->r.count == 0, "read of a truncated file: expected 0 bytes, got %u", c->r.count);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
topenrclose(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("open-rclose", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "x", 1) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk to f");
	OK(xopen(c, 2, OREAD|ORCLOSE), "open OREAD|ORCLOSE");
	OK(xread(c, 2, 0, 1), "read");
	OK(xclunk(c, 2), "clunk");
	ERR(xwalk(c, Fdir, 3, "f"), "walk to a file opened ORCLOSE after its clunk");
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "g", 0666, ORDWR|ORCLOSE), "create ORDWR|ORCLOSE");
	OK(xwalk(c, Fdir, 3, "g"), "walk to the new file while open");
	OK(xclunk(c, 3), "clunk");
	OK(xclunk(c, 2), "clunk of the created fid");
	ERR(xwalk(c, Fdir, 3, "g"), "walk to a file created ORCLOSE after its clunk");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
topendir(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("open-dir", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	ERR(xopen(c, 2, OWRITE), "open of a directory OWRITE");
	ERR(xopen(c, 2, ORDWR), "open of a directory ORDWR");
	ERR(xopen(c, 2, OREAD|OTRUNC), "open of a directory OREAD|OTRUNC");
	OK(xopen(c, 2, OREAD), "open of a directory OREAD after the refusals");
	ERR(xopen(c, 2, OREAD), "second open of the same fid");
	ERR(xwrite(c, 2, 0, "x", 1), "write to a directory");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
topentwice(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("open-twice", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "x", 1) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk to f");
	OK(xopen(c, 2, OREAD), "open");
	ERR(xopen(c, 2, OREAD), "open of an open fid");
	ERR(xopen(c, 2, ORDWR), "open of an open fid");
	OK(xread(c, 2, 0, 10), "read after the refused opens");
	OK(xwalk(c, Fdir, 3, "f"), "walk to f");
	ERR(xread(c, 3, 0, 10), "read on a fid never opened");
	ERR(xwrite(c, 3, 0, "x", 1), "write on a fid never opened");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tcreatefile(void)
{
	Conn *c;
	St st;
	Qid q;
	int rv;

	rv = -1;
	if((c = casemount("create-file", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "f", 0640, ORDWR), "create f 0640 ORDWR");
	q = c->r.qid;
	CHECK(q.type == QTFILE, "Rcreate: expected a file qid, got type %#x", q.type);
	CHECK(c->r.iounit <= c->msize - IOHDRSZ, "Rcreate: iounit %u beyond msize", c->r.iounit);
	OK(xwrite(c, 2, 0, "abc", 3), "write on the created fid");
	CHECK(c->r.count == 3, "Rwrite: expected 3, got %u", c->r.count);
	OK(xread(c, 2, 0, 10), "read on the created fid");
	CHECK(c->r.count == 3, "Rread: expected 3 bytes, got %u", c->r.count);
	ERR(xopen(c, 2, OREAD), "open of the fid create opened");
	ERR(xwalk(c, 2, 3, ""), "clone of the fid create opened");
	OK(xstat(c, 2, &st), "stat of the created fid");
	CHECK(strcmp(st.name, "f") == 0, "stat name: expected \"f\", got \"%s\"", st.name);
	CHECK(st.length == 3, "stat length: expected 3, got %lld", st.length);
	CHECK((st.mode & 0777) == 0640 && !(st.mode & DMDIR),
		"stat mode: expected 0640, got %#o", st.mode);
	CHECK(st.qid.path == q.path, "stat qid.path differs from Rcreate's");
	OK(xwalk(c, Fdir, 3, "f"), "walk to the new file");
	CHECK(c->r.wqid[0].path == q.path, "walk qid.path differs from Rcreate's");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tcreatedir(void)
{
	Conn *c;
	St st;
	int rv;

	rv = -1;
	if((c = casemount("create-dir", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "d", DMDIR|0750, OREAD), "create d DMDIR|0750");
	CHECK(c->r.qid.type & QTDIR, "Rcreate: expected a directory qid, got type %#x",
		c->r.qid.type);
	OK(xread(c, 2, 0, 4096), "read of the new directory");
	CHECK(c->r.count == 0, "read of an empty directory: expected 0 bytes, got %u", c->r.count);
	OK(xstat(c, 2, &st), "stat");
	CHECK(st.mode == (DMDIR|0750), "stat mode: expected %#lo, got %#o", DMDIR|0750, st.mode);
	OK(xwalk(c, Fdir, 3, "d"), "walk to the new directory");
	if(mkfile(c, 3, "inner", 0666, "x", 1) < 0)
		goto out;
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tcreaterefused(void)
{
	static char *bad[] = {".", "..", "", "a/b"};
	Conn *c;
	int rv, i;

	rv = -1;
	if((c = casemount("create-refused", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "x", 1) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	ERR(xcreate(c, 2, "f", 0666, ORDWR), "create of an existing file name");
	ERR(xcreate(c, 2, "f", DMDIR|0777, OREAD), "create of a directory with an existing name");
	for(i = 0; i < 4; i++)
		ERR(xcreate(c, 2, bad[i], 0666, ORDWR), "create named \"%s\"", bad[i]);
	OK(xcreate(c, 2, "g", 0666, ORDWR), "create on the fid after the refusals");
	OK(xwalk(c, Fdir, 3, "f"), "walk to f");
	ERR(xcreate(c, 3, "x", 0666, ORDWR), "create in a file");
	OK(xwalk(c, Fdir, 4, ""), "clone");
	OK(xopen(c, 4, OREAD), "open the directory");
	ERR(xcreate(c, 4, "y", 0666, ORDWR), "create on an open fid");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
trwoffsets(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("rw-offsets", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "f", 0666, ORDWR), "create");
	OK(xwrite(c, 2, 0, "hello", 5), "write at 0");
	CHECK(c->r.count == 5, "Rwrite: expected 5, got %u", c->r.count);
	OK(xwrite(c, 2, 5, "world", 5), "write at 5");
	OK(xread(c, 2, 0, 100), "read at 0");
	CHECK(c->r.count == 10 && memcmp(c->r.data, "helloworld", 10) == 0,
		"read at 0: expected \"helloworld\", got %u bytes \"%.*s\"", c->r.count,
		(int)c->r.count, c->r.data);
	OK(xread(c, 2, 3, 4), "read 4 at 3");
	CHECK(c->r.count == 4 && memcmp(c->r.data, "lowo", 4) == 0,
		"read 4 at 3: expected \"lowo\", got \"%.*s\"", (int)c->r.count, c->r.data);
	OK(xwrite(c, 2, 2, "LL", 2), "overwrite at 2");
	OK(xread(c, 2, 0, 100), "read");
	CHECK(c->r.count == 10 && memcmp(c->r.data, "heLLoworld", 10) == 0,
		"after overwrite: expected \"heLLoworld\", got \"%.*s\"",
		(int)c->r.count, c->r.data);
	OK(xread(c, 2, 10, 100), "read at the end");
	CHECK(c->r.count == 0, "read at the end: expected 0 bytes, got %u", c->r.count);
	OK(xread(c, 2, 5000, 100), "read past the end");
	CHECK(c->r.count == 0, "read past the end: expected 0 bytes, got %u", c->r.count);
	OK(xread(c, 2, 0, 0), "read of 0 bytes");
	CHECK(c->r.count == 0, "read of 0 bytes got %u", c->r.count);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tsparse(void)
{
	static uchar zero[1000];
	Conn *c;
	St st;
	int rv;

	rv = -1;
	if((c = casemount("rw-sparse", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "f", 0666, ORDWR), "create");
	OK(xwrite(c, 2, 1000, "x", 1), "write at 1000 in an empty file");
	OK(xstat(c, 2, &st), "stat");
	CHECK(st.length == 1001, "length: expected 1001, got %lld", st.length);
	OK(xread(c, 2, 0, 2000), "read");
	CHECK(c->r.count == 1001, "read: expected 1001 bytes, got %u", c->r.count);
	CHECK(memcmp(c->r.data, zero, 1000) == 0 && c->r.data[1000] == 'x',
		"the hole does not read as zeros followed by the byte written");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
treadclamp(void)
{
	static uchar data[4000];
	Conn *c;
	uint i;
	int rv;

	rv = -1;
	if((c = casemount("read-clamp", 1000)) == nil)
		return -1;
	for(i = 0; i < sizeof data; i++)
		data[i] = i*7;
	if(mkfile(c, Fdir, "f", 0666, data, sizeof data) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk");
	OK(xopen(c, 2, OREAD), "open");
	OK(xread(c, 2, 100, 4000), "read of 4000 bytes with msize %u", c->msize);
	CHECK(c->r.count > 0 && c->r.count <= c->msize - IOHDRSZ,
		"Rread: expected 1 to %u bytes, got %u", c->msize - IOHDRSZ, c->r.count);
	CHECK(memcmp(c->r.data, data+100, c->r.count) == 0, "read back wrong data");
	rv = 0;
out:
	hangup(c);
	return rv;
}

Case basiccases[] = {
	{"version", tversion, 0, "Tversion 9P2000 is answered 9P2000 with msize at most asked"},
	{"version-clamp", tversionclamp, 0, "msize is clamped to at most the one asked"},
	{"version-small", tversionsmall, 0, "an msize below 256 is refused"},
	{"version-dotted", tversiondot, 0, "9P2000.foo is answered 9P2000"},
	{"version-unknown", tversionunknown, 0, "an unknown version is answered \"unknown\""},
	{"version-reset", tversionreset, 0, "Tversion clunks every fid"},
	{"attach", tattach, 0, "Tattach gives a directory; fids in use are refused"},
	{"auth", tauth, 0, "Tauth is refused when no authentication is needed"},
	{"walk-clone", twalkclone, 0, "a walk of nwname 0 clones the fid"},
	{"walk-one", twalkone, 0, "walk of one name, and of a fid onto itself"},
	{"walk-many", twalkmany, 0, "walk of several names returns a qid for each"},
	{"walk-partial", twalkpartial, 0, "a partial walk returns fewer qids and no newfid"},
	{"walk-16", twalk16, 0, "a walk of 16 names succeeds"},
	{"walk-17", twalk17, 0, "a walk of 17 names is refused"},
	{"walk-dotdot", twalkdotdot, 0, ".. at the root stays at the root; .. goes up"},
	{"walk-refused", twalkrefused, 0, "walks from open fids, from files, to used newfids fail"},
	{"open-modes", topenmodes, 0, "OREAD, OWRITE, ORDWR and OEXEC allow what they should"},
	{"open-trunc", topentrunc, 0, "OTRUNC truncates"},
	{"open-rclose", topenrclose, 0, "ORCLOSE removes the file at clunk"},
	{"open-dir", topendir, 0, "a directory cannot be opened for writing"},
	{"open-twice", topentwice, 0, "an open fid cannot be opened again; I/O needs open"},
	{"create-file", tcreatefile, 0, "create makes a file and opens the fid on it"},
	{"create-dir", tcreatedir, 0, "create with DMDIR makes a directory"},
	{"create-refused", tcreaterefused, 0, "create of existing, bad names, in files is refused"},
	{"rw-offsets", trwoffsets, 0, "reads and writes at offsets; reads past the end are empty"},
	{"rw-sparse", tsparse, 0, "a write past the end extends the file with zeros"},
	{"read-clamp", treadclamp, 0, "a read larger than msize allows is cut to fit"},
	{nil, nil, 0, nil},
};
