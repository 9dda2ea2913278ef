/* fcall.c: fuzz target for the 9P codec: whatever decodes must re-encode to the same bytes. */
#include <planten/fcall.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(x)	do{ if(!(x)) abort(); }while(0)

static uint8_t*
copyof(const uint8_t *data, size_t size)
{
	uint8_t *p;

	p = malloc(size > 0 ? size : 1);
	check(p != NULL);
	if(size > 0)
		memcpy(p, data, size);
	return p;
}

static int
streq(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

static int
qideq(const Qid *a, const Qid *b)
{
	return a->type == b->type && a->vers == b->vers && a->path == b->path;
}

static int
byteseq(const void *a, const void *b, uint n)
{
	return n == 0 || (a != NULL && b != NULL && memcmp(a, b, n) == 0);
}

/* the fields of a message of type a->type are the same in a and b */
static int
fcalleq(const Fcall *a, const Fcall *b)
{
	uint i;

	if(a->type != b->type || a->tag != b->tag)
		return 0;
	switch(a->type){
	case Tversion:
	case Rversion:
		return a->msize == b->msize && streq(a->version, b->version);
	case Tauth:
		return a->afid == b->afid && streq(a->uname, b->uname) && streq(a->aname, b->aname);
	case Tattach:
		return a->fid == b->fid && a->afid == b->afid && streq(a->uname, b->uname)
			&& streq(a->aname, b->aname);
	case Rauth:
		return qideq(&a->aqid, &b->aqid);
	case Rattach:
		return qideq(&a->qid, &b->qid);
	case Rerror:
		return streq(a->ename, b->ename);
	case Tflush:
		return a->oldtag == b->oldtag;
	case Twalk:
		if(a->fid != b->fid || a->newfid != b->newfid || a->nwname != b->nwname)
			return 0;
		for(i = 0; i < a->nwname; i++)
			if(!streq(a->wname[i], b->wname[i]))
				return 0;
		return 1;
	case Rwalk:
		if(a->nwqid != b->nwqid)
			return 0;
		for(i = 0; i < a->nwqid; i++)
			if(!qideq(&a->wqid[i], &b->wqid[i]))
				return 0;
		return 1;
	case Topen:
		return a->fid == b->fid && a->mode == b->mode;
	case Tcreate:
		return a->fid == b->fid && streq(a->name, b->name) && a->perm == b->perm
			&& a->mode == b->mode;
	case Ropen:
	case Rcreate:
		return qideq(&a->qid, &b->qid) && a->iounit == b->iounit;
	case Tread:
		return a->fid == b->fid && a->offset == b->offset && a->count == b->count;
	case Twrite:
		return a->fid == b->fid && a->offset == b->offset && a->count == b->count
			&& byteseq(a->data, b->data, a->count);
	case Rread:
		return a->count == b->count && byteseq(a->data, b->data, a->count);
	case Rwrite:
		return a->count == b->count;
	case Tclunk:
	case Tremove:
	case Tstat:
		return a->fid == b->fid;
	case Twstat:
		if(a->fid != b->fid)
			return 0;
		/* fall through */
	case Rstat:
		return a->nstat == b->nstat && byteseq(a->stat, b->stat, a->nstat);
	}
	return 1;
}

static void
message(const uint8_t *data, size_t size)
{
	uint8_t *m, *out;
	Fcall f, g;
	uint n;

	if(size >= 4)
		check(npmsgsize(data, size) == ((uint)data[0] | (uint)data[1]<<8 |
			(uint)data[2]<<16 | (uint)data[3]<<24));
	else
		check(npmsgsize(data, size) == 0);
	m = copyof(data, size);
	n = npconvM2S(m, size, &f);
	if(n == 0){
		free(m);
		return;
	}
	check(n == size);
	check(npfcallname(f.type) != NULL);
	check(npsizeS2M(&f) == n);

	/* canonical: the re-encoding is the input, and decodes to the same fields */
	out = malloc(n);
	check(out != NULL);
	check(npconvS2M(&f, out, n - 1) == 0);
	check(npconvS2M(&f, out, n) == n);
	check(memcmp(out, data, n) == 0);
	check(npconvM2S(out, n, &g) == n);
	check(fcalleq(&f, &g));
	free(out);

	/* and it can be encoded back into the buffer it was decoded from */
	check(npconvS2M(&f, m, n) == n);
	check(memcmp(m, data, n) == 0);
	free(m);
}

/* one stat entry at the start of data; returns its size, 0 if there is none */
static uint
entry(const uint8_t *data, size_t size)
{
	uint8_t *m, *out;
	uint n, n2;
	Dir d, e;

	m = copyof(data, size);
	n = npconvM2D(m, size, &d);
	check(n <= size);
	check((npstatcheck(data, size) == 0) == (n != 0 && n == size));
	if(n == 0){
		free(m);
		return 0;
	}
	check(npstatcheck(data, n) == 0);
	check(npsizeD2M(&d) == n);
	out = malloc(n);
	check(out != NULL);
	check(npconvD2M(&d, out, n) == n);
	check(memcmp(out, data, n) == 0);
	if(n > 2)
		check(npconvD2M(&d, out, n - 1) == 2);
	n2 = npconvM2D(out, n, &e);
	check(n2 == n);
	check(d.type == e.type && d.dev == e.dev && qideq(&d.qid, &e.qid) && d.mode == e.mode);
	check(d.atime == e.atime && d.mtime == e.mtime && d.length == e.length);
	check(streq(d.name, e.name) && streq(d.uid, e.uid) && streq(d.gid, e.gid));
	check(streq(d.muid, e.muid));
	free(out);
	free(m);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint n;

	if(size > 1<<20)
		return 0;
	message(data, size);
	/* as the entries of a directory read */
	while(size > 0 && (n = entry(data, size)) > 0){
		data += n;
		size -= n;
	}
	return 0;
}
