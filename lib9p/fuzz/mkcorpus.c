/* mkcorpus.c: write the fuzz seeds (one valid 9P message or stat entry a file) to a directory. */
#include <planten/fcall.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir;
static int nerr;

static void
save(const char *name, const uchar *buf, uint n)
{
	char path[1024];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if(f == NULL || n == 0 || fwrite(buf, 1, n, f) != n || fclose(f) != 0){
		fprintf(stderr, "mkcorpus: %s: cannot write\n", path);
		nerr++;
	}
}

static void
msg(Fcall *f)
{
	uchar buf[8192];

	save(npfcallname(f->type), buf, npconvS2M(f, buf, sizeof buf));
}

static uint
mkentry(uchar *buf, uint nbuf, const char *name, u32int mode)
{
	Dir d;

	memset(&d, 0, sizeof d);
	d.type = 'M';
	d.dev = 3;
	d.qid.path = 0x1122334455667788ULL;
	d.qid.vers = 9;
	d.qid.type = mode & DMDIR ? QTDIR : QTFILE;
	d.mode = mode;
	d.atime = 1700000000;
	d.mtime = 1700000001;
	d.length = mode & DMDIR ? 0 : 4096;
	d.name = (char*)name;
	d.uid = "glenda";
	d.gid = "sys";
	d.muid = "";
	return npconvD2M(&d, buf, nbuf);
}

int
main(int argc, char **argv)
{
	static char data[] = "hello, world\n";
	uchar st[512], dirs[1024];
	uint nst, n;
	Fcall f;
	Qid q;

	if(argc != 2){
		fprintf(stderr, "usage: mkcorpus dir\n");
		return 2;
	}
	dir = argv[1];
	q.path = 42;
	q.vers = 7;
	q.type = QTDIR;
	nst = mkentry(st, sizeof st, "lib", DMDIR|0775);
	save("stat", st, nst);
	n = mkentry(dirs, sizeof dirs, "a", 0644);
	n += mkentry(dirs+n, sizeof dirs - n, "bb", DMDIR|0755);
	n += mkentry(dirs+n, sizeof dirs - n, "ccc", DMAPPEND|0600);
	save("dirread", dirs, n);

#define M(t) memset(&f, 0, sizeof f), f.type = (t), f.tag = 1
	M(Tversion); f.tag = NOTAG; f.msize = NP_DEFMSIZE; f.version = VERSION9P; msg(&f);
	M(Rversion); f.tag = NOTAG; f.msize = 8192; f.version = VERSION9P; msg(&f);
	M(Tauth); f.afid = 5; f.uname = "glenda"; f.aname = ""; msg(&f);
	M(Rauth); f.aqid = q; f.aqid.type = QTAUTH; msg(&f);
	M(Tattach); f.fid = 0; f.afid = NOFID; f.uname = "glenda"; f.aname = "main"; msg(&f);
	M(Rattach); f.qid = q; msg(&f);
	M(Rerror); f.ename = "file does not exist"; msg(&f);
	M(Tflush); f.oldtag = 3; msg(&f);
	M(Rflush); msg(&f);
	M(Twalk); f.fid = 0; f.newfid = 1; f.nwname = 2; f.wname[0] = "usr";
	f.wname[1] = "glenda"; msg(&f);
	M(Rwalk); f.nwqid = 2; f.wqid[0] = q; f.wqid[1] = q; f.wqid[1].path++; msg(&f);
	M(Topen); f.fid = 1; f.mode = OREAD; msg(&f);
	M(Ropen); f.qid = q; f.iounit = 8168; msg(&f);
	M(Tcreate); f.fid = 1; f.name = "new"; f.perm = 0644; f.mode = ORDWR; msg(&f);
	M(Rcreate); f.qid = q; f.qid.type = QTFILE; f.iounit = 0; msg(&f);
	M(Tread); f.fid = 1; f.offset = 1<<20; f.count = 8168; msg(&f);
	M(Rread); f.count = sizeof data - 1; f.data = data; msg(&f);
	M(Twrite); f.fid = 1; f.offset = 0; f.count = sizeof data - 1; f.data = data; msg(&f);
	M(Rwrite); f.count = sizeof data - 1; msg(&f);
	M(Tclunk); f.fid = 1; msg(&f);
	M(Rclunk); msg(&f);
	M(Tremove); f.fid = 1; msg(&f);
	M(Rremove); msg(&f);
	M(Tstat); f.fid = 1; msg(&f);
	M(Rstat); f.nstat = nst; f.stat = st; msg(&f);
	M(Twstat); f.fid = 1; f.nstat = nst; f.stat = st; msg(&f);
	M(Rwstat); msg(&f);
	return nerr ? 1 : 0;
}
