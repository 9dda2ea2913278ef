/* cases2.c: conformance cases for directories, stat, wstat, remove, flush, tags and load. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "conform.h"

/* check that data[0..n) is whole stat entries, collecting their names; -1 if not */
static int
entries(uchar *data, uint n, char names[][64], int *nnames, int max)
{
	uchar *p, *e;
	uint m;
	Dir d;

	for(p = data, e = data+n; p < e; p += m){
		if(e-p < 2){
			diag("directory read ends with a partial entry");
			return -1;
		}
		m = GET16(p) + 2;
		if(p+m > e){
			diag("directory read ends with a partial entry (%u bytes of %u)",
				(uint)(e-p), m);
			return -1;
		}
		if(npstatcheck(p, m) < 0 || npconvM2D(p, m, &d) != m){
			diag("malformed directory entry of %u bytes", m);
			return -1;
		}
		if(*nnames < max)
			snprintf(names[(*nnames)++], 64, "%s", d.name);
	}
	return 0;
}

static int
tdirread(void)
{
	char name[64], names[64][64];
	int rv, i, j, nnames, seen[30], count;
	vlong off;
	Conn *c;

	rv = -1;
	if((c = casemount("dirread", opt.msize)) == nil)
		return -1;
	for(i = 0; i < 30; i++){
		memset(name, 0, sizeof name);
		name[0] = 'f';
		memcpy(name+1, "abcdefghijklmnopqrstuvwxyzabcdef", i);
		if(mkfile(c, Fdir, name, 0666, nil, 0) < 0)
			goto out;
	}
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xopen(c, 2, OREAD), "open the directory");
	nnames = 0;
	off = 0;
	count = 0;
	for(;;){
		OK(xread(c, 2, off, 300), "directory read of 300 at %lld", off);
		if(c->r.count == 0)
			break;
		CHECK(c->r.count <= 300, "Rread of %u bytes for a count of 300", c->r.count);
		if(entries((uchar*)c->r.data, c->r.count, names, &nnames, 64) < 0)
			goto out;
		off += c->r.count;
		CHECK(++count < 100, "directory read does not end");
	}
	CHECK(nnames == 30, "directory reads gave %d entries, expected 30", nnames);
	memset(seen, 0, sizeof seen);
	for(i = 0; i < nnames; i++){
		j = strlen(names[i]) - 1;
		CHECK(names[i][0] == 'f' && j >= 0 && j < 30 && !seen[j],
			"unexpected or repeated entry \"%s\"", names[i]);
		seen[j] = 1;
	}
	OK(xread(c, 2, 0, 300), "directory read at offset 0 again");
	nnames = 0;
	CHECK(c->r.count > 0, "a directory read at offset 0 after the end gives nothing");
	if(entries((uchar*)c->r.data, c->r.count, names, &nnames, 64) < 0)
		goto out;
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tdiroffset(void)
{
	char names[4][64];
	int rv, n;
	Conn *c;
	u32int first;

	rv = -1;
	if((c = casemount("dirread-offset", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "a", 0666, nil, 0) < 0 || mkfile(c, Fdir, "b", 0666, nil, 0) < 0
	|| mkfile(c, Fdir, "c", 0666, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 3, ""), "clone");
	OK(xopen(c, 3, OREAD), "open");
	OK(xread(c, 3, 0, 4096), "directory read");
	CHECK(c->r.count > 2, "directory read of three files gave %u bytes", c->r.count);
	first = GET16((uchar*)c->r.data) + 2;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xopen(c, 2, OREAD), "open");
	n = xread(c, 2, 0, 10);
	CHECK(n == 1 || (n == 0 && c->r.count == 0),
		"directory read of 10 bytes: expected Rerror or 0 bytes, got %s", c->why);
	OK(xread(c, 2, 0, first), "directory read of %u bytes, the first entry's size", first);
	CHECK(c->r.count == first, "a read with room for one entry gave %u bytes, expected %u",
		c->r.count, first);
	n = 0;
	if(entries((uchar*)c->r.data, first, names, &n, 4) < 0)
		goto out;
	ERR(xread(c, 2, 1, 4096), "directory read at offset 1");
	ERR(xread(c, 2, first+7, 4096), "directory read at offset %u", first+7);
	OK(xread(c, 2, first, 4096), "directory read continuing at %u", first);
	n = 0;
	if(entries((uchar*)c->r.data, c->r.count, names, &n, 4) < 0)
		goto out;
	CHECK(n == 2, "the rest of the directory: expected 2 entries, got %d", n);
	OK(xread(c, 2, first+c->r.count, 4096), "directory read at the end");
	CHECK(c->r.count == 0, "directory read at the end gave %u bytes", c->r.count);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tstat(void)
{
	Conn *c;
	St st;
	Qid q;
	int rv;
	time_t t0;

	rv = -1;
	t0 = time(nil);
	if((c = casemount("stat", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "f", 0640, ORDWR), "create");
	q = c->r.qid;
	OK(xwrite(c, 2, 0, "0123456789", 10), "write");
	OK(xstat(c, 2, &st), "stat");
	CHECK(strcmp(st.name, "f") == 0, "name: expected \"f\", got \"%s\"", st.name);
	CHECK(st.length == 10, "length: expected 10, got %lld", st.length);
	CHECK(st.mode == 0640, "mode: expected 0640, got %#o", st.mode);
	CHECK(st.qid.path == q.path && st.qid.type == QTFILE, "qid differs from Rcreate's");
	CHECK(st.uid[0] && st.gid[0], "uid \"%s\" or gid \"%s\" empty", st.uid, st.gid);
	CHECK(st.mtime + 60 >= (u32int)t0 && st.mtime <= (u32int)time(nil) + 60,
		"mtime %u far from now (%ld)", st.mtime, (long)t0);
	CHECK(st.atime + 60 >= (u32int)t0 && st.atime <= (u32int)time(nil) + 60,
		"atime %u far from now (%ld)", st.atime, (long)t0);
	OK(xstat(c, Fdir, &st), "stat of a directory");
	CHECK((st.mode & DMDIR) && (st.qid.type & QTDIR), "directory: mode %#o qid type %#x",
		st.mode, st.qid.type);
	CHECK(strcmp(st.name, "stat") == 0, "directory name: expected \"stat\", got \"%s\"",
		st.name);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twstatrename(void)
{
	Conn *c;
	St st;
	Dir d;
	int rv;

	rv = -1;
	if((c = casemount("wstat-rename", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "ffff", 4) < 0 || mkfile(c, Fdir, "g", 0666, "gg", 2) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk to f");
	nulldir(&d);
	d.name = "h";
	OK(xwstat(c, 2, &d), "rename f to h");
	OK(xstat(c, 2, &st), "stat through the old fid");
	CHECK(strcmp(st.name, "h") == 0, "after rename: expected name \"h\", got \"%s\"", st.name);
	ERR(xwalk(c, Fdir, 3, "f"), "walk to the old name");
	OK(xwalk(c, Fdir, 3, "h"), "walk to the new name");
	d.name = "g";
	ERR(xwstat(c, 2, &d), "rename h to the existing g");
	OK(xwalk(c, Fdir, 4, "g"), "walk to g");
	OK(xopen(c, 4, OREAD), "open g");
	OK(xread(c, 4, 0, 10), "read g");
	CHECK(c->r.count == 2, "g changed by a refused rename: %u bytes", c->r.count);
	OK(xstat(c, 3, &st), "stat h");
	CHECK(strcmp(st.name, "h") == 0 && st.length == 4, "h changed by a refused rename");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twstatlength(void)
{
	Conn *c;
	St st;
	Dir d;
	int rv;

	rv = -1;
	if((c = casemount("wstat-length", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "abcdef", 6) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk to f");
	nulldir(&d);
	d.length = 3;
	OK(xwstat(c, 2, &d), "wstat length 3");
	OK(xstat(c, 2, &st), "stat");
	CHECK(st.length == 3, "length: expected 3, got %lld", st.length);
	d.length = 8;
	OK(xwstat(c, 2, &d), "wstat length 8");
	OK(xopen(c, 2, OREAD), "open");
	OK(xread(c, 2, 0, 100), "read");
	CHECK(c->r.count == 8 && memcmp(c->r.data, "abc\0\0\0\0\0", 8) == 0,
		"after truncating to 3 and extending to 8: expected \"abc\" and 5 zeros, "
		"got %u bytes",
		c->r.count);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twstatmode(void)
{
	Conn *c;
	St st;
	Dir d;
	int rv;

	rv = -1;
	if((c = casemount("wstat-mode", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk to f");
	nulldir(&d);
	d.mode = 0604;
	OK(xwstat(c, 2, &d), "wstat mode 0604");
	OK(xstat(c, 2, &st), "stat");
	CHECK(st.mode == 0604, "mode: expected 0604, got %#o", st.mode);
	d.mode = DMDIR|0777;
	ERR(xwstat(c, 2, &d), "wstat turning a file into a directory");
	nulldir(&d);
	d.mtime = 123456789;
	OK(xwstat(c, 2, &d), "wstat mtime");
	OK(xstat(c, 2, &st), "stat");
	CHECK(st.mtime == 123456789, "mtime: expected 123456789, got %u", st.mtime);
	CHECK(st.mode == 0604, "mode changed by a refused wstat: %#o", st.mode);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
twstatnoop(void)
{
	Conn *c;
	St a, b;
	Dir d;
	int rv;

	rv = -1;
	if((c = casemount("wstat-noop", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0640, "abc", 3) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk to f");
	OK(xstat(c, 2, &a), "stat");
	nulldir(&d);
	OK(xwstat(c, 2, &d), "wstat with every field don't-touch");
	OK(xstat(c, 2, &b), "stat");
	CHECK(strcmp(a.name, b.name) == 0 && a.length == b.length && a.mode == b.mode
		&& a.mtime == b.mtime && a.qid.path == b.qid.path && a.qid.vers == b.qid.vers
		&& strcmp(a.uid, b.uid) == 0 && strcmp(a.gid, b.gid) == 0,
		"a wstat of don't-touch values changed the file: name %s/%s length %lld/%lld "
		"mode %#o/%#o mtime %u/%u vers %u/%u", a.name, b.name, a.length, b.length,
		a.mode, b.mode, a.mtime, b.mtime, a.qid.vers, b.qid.vers);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tremove(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("remove", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "x", 1) < 0 || mkfile(c, Fdir, "d", DMDIR|0777, nil, 0) < 0
	|| mkfile(c, Fdir, "e", DMDIR|0777, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "d"), "walk to d");
	if(mkfile(c, 2, "inner", 0666, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 3, "f"), "walk to f");
	OK(xremove(c, 3), "remove f");
	ERR(xwalk(c, Fdir, 4, "f"), "walk to the removed f");
	ERR(xclunk(c, 3), "clunk of a removed fid");
	ERR(xremove(c, 2), "remove of a non-empty directory");
	ERR(xclunk(c, 2), "clunk of a fid whose remove failed");
	OK(xwalk(c, Fdir, 2, "d/inner"), "walk to d/inner after the refused remove");
	OK(xwalk(c, Fdir, 3, "e"), "walk to e");
	OK(xremove(c, 3), "remove of the empty directory e");
	ERR(xwalk(c, Fdir, 4, "e"), "walk to the removed e");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tclunk(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("clunk", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xclunk(c, 2), "clunk");
	ERR(xclunk(c, 2), "second clunk");
	ERR(xstat(c, 2, nil), "stat of a clunked fid");
	OK(xwalk(c, Fdir, 2, ""), "reuse of a clunked fid number");
	OK(xopen(c, 2, OREAD), "open");
	OK(xclunk(c, 2), "clunk of an open fid");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tflush(void)
{
	Fcall t, r;
	ushort tag;
	Conn *c;
	int rv, gotread, gotflush;

	rv = -1;
	if((c = casemount("flush", opt.msize)) == nil)
		return -1;
	OK(xstat(c, Fdir, nil), "stat");
	tag = c->r.tag;
	OK(xflush(c, tag), "flush of the finished tag %d", tag);
	OK(xflush(c, 4321), "flush of an unknown tag");
	if(mkfile(c, Fdir, "f", 0666, "abc", 3) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk");
	OK(xopen(c, 2, OREAD), "open");
	/* a read and a flush of it back to back: Rflush must not precede the Rread */
	memset(&t, 0, sizeof t);
	t.type = Tread;
	t.tag = 500;
	t.fid = 2;
	t.count = 10;
	CHECK(sendf(c, &t) == 0, "send Tread: %s", c->why);
	memset(&t, 0, sizeof t);
	t.type = Tflush;
	t.tag = 501;
	t.oldtag = 500;
	CHECK(sendf(c, &t) == 0, "send Tflush: %s", c->why);
	gotread = gotflush = 0;
	while(!gotflush){
		CHECK(recvf(c, &r) == 0, "waiting for Rflush: %s", c->why);
		if(r.tag == 500 && r.type == Rread){
			CHECK(!gotread, "two replies to tag 500");
			gotread = 1;
		}else if(r.tag == 501 && r.type == Rflush)
			gotflush = 1;
		else
			CHECK(0, "unexpected reply type %d tag %d", r.type, r.tag);
	}
	OK(xstat(c, 2, nil), "stat after the flush");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
ttags(void)
{
	enum { N = 128 };
	uchar seen[N];
	Fcall t, r;
	Conn *c;
	int rv, i;

	rv = -1;
	if((c = casemount("tags", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "abc", 3) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "f"), "walk");
	OK(xopen(c, 2, OREAD), "open");
	for(i = 0; i < N; i++){
		memset(&t, 0, sizeof t);
		t.tag = 1000 + i;
		t.fid = 2;
		if(i%2){
			t.type = Tread;
			t.count = 3;
		}else
			t.type = Tstat;
		CHECK(sendf(c, &t) == 0, "send request %d: %s", i, c->why);
	}
	memset(seen, 0, sizeof seen);
	for(i = 0; i < N; i++){
		CHECK(recvf(c, &r) == 0, "reply %d of %d: %s", i+1, N, c->why);
		CHECK(r.tag >= 1000 && r.tag < 1000+N && !seen[r.tag-1000],
			"reply with unexpected or repeated tag %d", r.tag);
		seen[r.tag-1000] = 1;
		CHECK(r.type == ((r.tag-1000)%2 ? Rread : Rstat), "tag %d answered with type %d",
			r.tag, r.type);
	}
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tunknownfid(void)
{
	Conn *c;
	Dir d;
	int rv;
	enum { U = 4242 };

	rv = -1;
	if((c = casemount("unknown-fid", opt.msize)) == nil)
		return -1;
	ERR(xwalk(c, U, 2, ""), "Twalk from an unknown fid");
	ERR(xclunk(c, 2), "clunk of its newfid");
	ERR(xopen(c, U, OREAD), "Topen of an unknown fid");
	ERR(xcreate(c, U, "x", 0666, ORDWR), "Tcreate on an unknown fid");
	ERR(xread(c, U, 0, 10), "Tread of an unknown fid");
	ERR(xwrite(c, U, 0, "x", 1), "Twrite of an unknown fid");
	ERR(xstat(c, U, nil), "Tstat of an unknown fid");
	nulldir(&d);
	ERR(xwstat(c, U, &d), "Twstat of an unknown fid");
	ERR(xremove(c, U), "Tremove of an unknown fid");
	ERR(xclunk(c, U), "Tclunk of an unknown fid");
	ERR(xattach(c, 3, U, opt.user, opt.aname), "Tattach with an unknown afid");
	ERR(xwalk(c, NOFID, 2, ""), "Twalk from NOFID");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tfids(void)
{
	enum { N = 1000, Base = 100 };
	Conn *c;
	int rv, i;

	rv = -1;
	if((c = casemount("fids-1000", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "f", 0666, "data", 4) < 0)
		goto out;
	for(i = 0; i < N; i++)
		OK(xwalk(c, Fdir, Base+i, "f"), "walk to fid %d", Base+i);
	for(i = 0; i < N; i++)
		OK(xopen(c, Base+i, OREAD), "open of fid %d", Base+i);
	for(i = 0; i < N; i++){
		OK(xread(c, Base+i, i%4, 4), "read on fid %d", Base+i);
		CHECK(c->r.count == (u32int)(4-i%4) && memcmp(c->r.data, &"data"[i%4], 4-i%4) == 0,
			"fid %d read back wrong data", Base+i);
	}
	for(i = 0; i < N; i++)
		OK(xclunk(c, Base+i), "clunk of fid %d", Base+i);
	rv = 0;
out:
	hangup(c);
	return rv;
}

typedef struct Worker Worker;
struct Worker {
	int id;
	int fail;
};

static pthread_mutex_t golock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gocond = PTHREAD_COND_INITIALIZER;
static int go;

static void*
worker(void *v)
{
	enum { Rounds = 40, Blk = 512 };
	uchar blk[Blk];
	char name[16], path[256];
	Worker *w;
	Conn *c;
	int i, j;

	w = v;
	w->fail = 1;
	c = mountconn(opt.msize);
	pthread_mutex_lock(&golock);
	while(!go)
		pthread_cond_wait(&gocond, &golock);
	pthread_mutex_unlock(&golock);
	if(c == nil)
		return nil;
	snprintf(path, sizeof path, "%s/clients-10", opt.top);
	snprintf(name, sizeof name, "w%d", w->id);
	OK(xwalk(c, Froot, Fdir, path), "client %d: walk to %s", w->id, path);
	OK(xwalk(c, Fdir, 2, ""), "client %d: clone", w->id);
	OK(xcreate(c, 2, name, 0666, ORDWR), "client %d: create %s", w->id, name);
	for(i = 0; i < Rounds; i++){
		memset(blk, w->id*Rounds + i, Blk);
		OK(xwrite(c, 2, (vlong)i*Blk, blk, Blk), "client %d: write round %d", w->id, i);
		OK(xstat(c, Fdir, nil), "client %d: stat round %d", w->id, i);
		OK(xwalk(c, Fdir, 3, "shared"), "client %d: walk to shared round %d", w->id, i);
		OK(xclunk(c, 3), "client %d: clunk round %d", w->id, i);
	}
	for(i = 0; i < Rounds; i++){
		OK(xread(c, 2, (vlong)i*Blk, Blk), "client %d: read round %d", w->id, i);
		if(c->r.count != Blk){
			diag("client %d: read round %d: %u bytes", w->id, i, c->r.count);
			goto out;
		}
		for(j = 0; j < Blk; j++)
			if((uchar)c->r.data[j] != (uchar)(w->id*Rounds + i)){
				diag("client %d: round %d byte %d differs", w->id, i, j);
				goto out;
			}
	}
	w->fail = 0;
out:
	hangup(c);
	return nil;
}

static int
tclients(void)
{
	enum { N = 10 };
	pthread_t th[N];
	Worker w[N];
	Conn *c;
	int rv, i, n;

	rv = -1;
	if((c = casemount("clients-10", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "shared", 0666, nil, 0) < 0)
		goto out;
	for(i = 0; i < N; i++){
		w[i].id = i;
		w[i].fail = 1;
	}
	go = 0;
	n = 0;
	for(i = 0; i < N; i++){
		if(pthread_create(&th[i], nil, worker, &w[i]) != 0)
			break;
		n++;
	}
	pthread_mutex_lock(&golock);
	go = 1;
	pthread_cond_broadcast(&gocond);
	pthread_mutex_unlock(&golock);
	for(i = 0; i < n; i++)
		pthread_join(th[i], nil);
	CHECK(n == N, "only %d of %d clients ran", n, N);
	for(i = 0; i < N; i++)
		CHECK(!w[i].fail, "client %d failed", i);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tbigfile(void)
{
	enum { Size = 8*1024*1024 };
	uchar *data;
	Conn *c;
	uint off, io, m;
	int rv;

	rv = -1;
	data = malloc(Size);
	if(data == nil){
		diag("out of memory");
		return -1;
	}
	for(off = 0; off < Size; off++)
		data[off] = (off*2654435761u) >> 13;
	c = casemount("bigfile", opt.msize > 65536+IOHDRSZ ? opt.msize : 65536+IOHDRSZ);
	if(c == nil){
		free(data);
		return -1;
	}
	io = c->msize - IOHDRSZ;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "big", 0666, ORDWR), "create");
	for(off = 0; off < Size; off += m){
		m = Size-off < io ? Size-off : io;
		OK(xwrite(c, 2, off, data+off, m), "write at %u", off);
		CHECK(c->r.count == m, "write at %u: Rwrite of %u for %u", off, c->r.count, m);
	}
	for(off = 0; off < Size; off += m){
		OK(xread(c, 2, off, io), "read at %u", off);
		m = c->r.count;
		CHECK(m > 0, "read at %u: 0 bytes before the end", off);
		CHECK(memcmp(c->r.data, data+off, m) == 0, "the data at %u differs", off);
	}
	OK(xread(c, 2, Size, io), "read at the end");
	CHECK(c->r.count == 0, "read at the end of the 8 MiB file gave %u bytes", c->r.count);
	rv = 0;
out:
	hangup(c);
	free(data);
	return rv;
}

static int
tappend(void)
{
	Conn *c;
	St st;
	int rv;

	rv = -1;
	if((c = casemount("dmappend", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "a", DMAPPEND|0666, ORDWR), "create DMAPPEND");
	CHECK(c->r.qid.type & QTAPPEND, "Rcreate: expected QTAPPEND in qid type, got %#x",
		c->r.qid.type);
	OK(xwrite(c, 2, 0, "abc", 3), "write at 0");
	OK(xwrite(c, 2, 0, "def", 3), "write at 0 again");
	OK(xwrite(c, 2, 100, "gh", 2), "write at 100");
	OK(xread(c, 2, 0, 100), "read");
	CHECK(c->r.count == 8 && memcmp(c->r.data, "abcdefgh", 8) == 0,
		"append-only file: expected \"abcdefgh\", got \"%.*s\"",
		(int)c->r.count, c->r.data);
	OK(xstat(c, 2, &st), "stat");
	CHECK(st.mode & DMAPPEND, "stat mode lacks DMAPPEND: %#o", st.mode);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
texcl(void)
{
	Conn *c;
	int rv;

	rv = -1;
	if((c = casemount("dmexcl", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "x", DMEXCL|0666, ORDWR), "create DMEXCL");
	CHECK(c->r.qid.type & QTEXCL, "Rcreate: expected QTEXCL in qid type, got %#x",
		c->r.qid.type);
	OK(xwalk(c, Fdir, 3, "x"), "walk to x");
	ERR(xopen(c, 3, OREAD), "second open of an exclusive-use file");
	OK(xclunk(c, 2), "clunk the first");
	OK(xopen(c, 3, OREAD), "open after the first is clunked");
	OK(xwalk(c, Fdir, 4, "x"), "walk to x");
	ERR(xopen(c, 4, OREAD), "second open of an exclusive-use file");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tqidvers(void)
{
	Conn *c;
	St a, b;
	int rv;

	rv = -1;
	if((c = casemount("qid-vers", opt.msize)) == nil)
		return -1;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "f", 0666, ORDWR), "create");
	OK(xstat(c, 2, &a), "stat");
	OK(xwrite(c, 2, 0, "x", 1), "write");
	OK(xstat(c, 2, &b), "stat");
	CHECK(a.qid.vers != b.qid.vers, "qid.vers stayed %u across a write", a.qid.vers);
	OK(xwrite(c, 2, 0, "y", 1), "write");
	OK(xstat(c, 2, &a), "stat");
	CHECK(a.qid.vers != b.qid.vers, "qid.vers stayed %u across a write", a.qid.vers);
	OK(xread(c, 2, 0, 1), "read");
	OK(xstat(c, 2, &b), "stat");
	CHECK(a.qid.vers == b.qid.vers, "qid.vers changed by a read: %u to %u", a.qid.vers,
		b.qid.vers);
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tpermopen(void)
{
	Conn *c;
	Dir d;
	int rv;

	rv = -1;
	if((c = casemount("perm-open", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "ro", 0600, "x", 1) < 0 || mkfile(c, Fdir, "wo", 0600, "x", 1) < 0)
		goto out;
	nulldir(&d);
	d.mode = 0400;
	OK(xwalk(c, Fdir, 2, "ro"), "walk");
	OK(xwstat(c, 2, &d), "chmod 0400");
	ERR(xopen(c, 2, OWRITE), "open OWRITE of a 0400 file");
	ERR(xopen(c, 2, ORDWR), "open ORDWR of a 0400 file");
	ERR(xopen(c, 2, OREAD|OTRUNC), "open OREAD|OTRUNC of a 0400 file");
	ERR(xopen(c, 2, OEXEC), "open OEXEC of a 0400 file");
	OK(xopen(c, 2, OREAD), "open OREAD of a 0400 file");
	d.mode = 0200;
	OK(xwalk(c, Fdir, 3, "wo"), "walk");
	OK(xwstat(c, 3, &d), "chmod 0200");
	ERR(xopen(c, 3, OREAD), "open OREAD of a 0200 file");
	OK(xopen(c, 3, OWRITE), "open OWRITE of a 0200 file");
	rv = 0;
out:
	hangup(c);
	return rv;
}

static int
tpermdir(void)
{
	Conn *c;
	Dir d;
	int rv;

	rv = -1;
	if((c = casemount("perm-dir", opt.msize)) == nil)
		return -1;
	if(mkfile(c, Fdir, "d", DMDIR|0700, nil, 0) < 0)
		goto out;
	OK(xwalk(c, Fdir, 2, "d"), "walk");
	if(mkfile(c, 2, "f", 0666, nil, 0) < 0)
		goto out;
	nulldir(&d);
	d.mode = DMDIR|0500;
	OK(xwstat(c, 2, &d), "chmod 0500 of a directory");
	OK(xwalk(c, 2, 3, ""), "clone");
	ERR(xcreate(c, 3, "g", 0666, ORDWR), "create in a 0500 directory");
	OK(xwalk(c, 2, 4, "f"), "walk");
	ERR(xremove(c, 4), "remove in a 0500 directory");
	d.mode = DMDIR|0700;
	OK(xwstat(c, 2, &d), "chmod 0700 of a directory");
	rv = 0;
out:
	hangup(c);
	return rv;
}

Case morecases[] = {
	{"dirread", tdirread, 0, "directory reads give whole entries, continue, restart at 0"},
	{"dirread-offset", tdiroffset, 0, "small counts give no entry; odd offsets are refused"},
	{"stat", tstat, 0, "stat reports name, length, mode, qid, owner and times"},
	{"wstat-rename", twstatrename, 0, "wstat renames; renaming onto an existing name fails"},
	{"wstat-length", twstatlength, 0, "wstat truncates and extends"},
	{"wstat-mode", twstatmode, 0, "wstat sets mode and mtime; cannot make a directory"},
	{"wstat-noop", twstatnoop, 0, "a wstat of don't-touch values changes nothing"},
	{"remove", tremove, 0, "remove; non-empty directories stay; the fid is clunked anyway"},
	{"clunk", tclunk, 0, "clunk frees the fid for reuse"},
	{"flush", tflush, 0, "flush of finished, unknown and in-flight tags gives Rflush in order"},
	{"tags", ttags, 0, "128 pipelined requests are each answered once"},
	{"unknown-fid", tunknownfid, 0, "every message on an unknown fid gets Rerror"},
	{"fids-1000", tfids, 0, "1000 fids open at once on one connection"},
	{"clients-10", tclients, 0, "10 concurrent clients doing interleaved work"},
	{"bigfile", tbigfile, 0, "an 8 MiB file written and read back"},
	{"dmappend", tappend, Fmodes, "writes to a DMAPPEND file go to its end"},
	{"dmexcl", texcl, Fmodes, "a DMEXCL file is open at most once"},
	{"qid-vers", tqidvers, 0, "qid.vers changes on write and not on read"},
	{"perm-open", tpermopen, Fperm, "open honours the file's permissions"},
	{"perm-dir", tpermdir, Fperm, "create and remove need write permission in the directory"},
	{nil, nil, 0, nil},
};
