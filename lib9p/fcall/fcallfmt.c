/* fcallfmt.c: %F, print an Fcall as Plan 9's fcallfmt does (needs lib9, not freestanding). */
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <string.h>

enum {
	DUMPL = 64,	/* data bytes shown of a read or write */
	STATMAX = 512,	/* longest stat entry decoded for printing */
};

static int
fmtqid(Fmt *fmt, const Qid *q)
{
	char t[8];

	return p9fmtprint(fmt, "(%.16llux %lud %s)", q->path, (ulong)q->vers,
		p9qidtypestr(t, q->type));
}

/* up to DUMPL bytes of data: as text in quotes if printable, else as hex */
static int
dumpsome(Fmt *fmt, const char *data, u32int count)
{
	u32int i, n;
	int printable;

	if(data == nil)
		return p9fmtprint(fmt, "<no data>");
	n = count > DUMPL ? DUMPL : count;
	printable = 1;
	for(i = 0; i < n && printable; i++){
		uchar c = data[i];
		if((c < 32 && c != '\n' && c != '\t') || c > 127)
			printable = 0;
	}
	if(printable)
		return p9fmtprint(fmt, "'%.*s'", (int)n, data);
	p9fmtprint(fmt, "'");
	for(i = 0; i < n; i++)
		p9fmtprint(fmt, i > 0 && i%4 == 0 ? " %.2ux" : "%.2ux", (uchar)data[i]);
	return p9fmtprint(fmt, "'");
}

/* the stat of Twstat or Rstat, decoded from a copy so the message stays as it was */
static int
fmtstat(Fmt *fmt, const Fcall *f)
{
	uchar buf[STATMAX];
	Dir d;

	if(f->stat == nil || f->nstat > sizeof buf)
		return p9fmtprint(fmt, " stat(%d bytes)", f->nstat);
	memmove(buf, f->stat, f->nstat);
	if(npconvM2D(buf, f->nstat, &d) != f->nstat)
		return p9fmtprint(fmt, " stat(%d bytes, malformed)", f->nstat);
	return p9fmtprint(fmt, " stat %D", &d);
}

static void
fmtwalk(Fmt *fmt, const Fcall *f)
{
	int i;

	if(f->type == Twalk){
		p9fmtprint(fmt, "Twalk tag %ud fid %d newfid %d nwname %ud ", f->tag, (int)f->fid,
			(int)f->newfid, f->nwname);
		for(i = 0; i < f->nwname && i < MAXWELEM; i++)
			p9fmtprint(fmt, "%d:%s ", i, f->wname[i]);
		return;
	}
	p9fmtprint(fmt, "Rwalk tag %ud nwqid %ud ", f->tag, f->nwqid);
	for(i = 0; i < f->nwqid && i < MAXWELEM; i++){
		p9fmtprint(fmt, "%d:", i);
		fmtqid(fmt, &f->wqid[i]);
		p9fmtprint(fmt, " ");
	}
}

static int
fcallprint(Fmt *fmt, const Fcall *f)
{
	uint tag, fid;

	if(f == nil)
		return p9fmtprint(fmt, "<nil fcall>");
	tag = f->tag;
	fid = f->fid;
	switch(f->type){
	case Tversion:
	case Rversion:
		return p9fmtprint(fmt, "%s tag %ud msize %ud version '%s'", npfcallname(f->type),
			tag, f->msize, f->version);
	case Tauth:
		return p9fmtprint(fmt, "Tauth tag %ud afid %d uname %s aname %s", tag,
			(int)f->afid, f->uname, f->aname);
	case Rauth:
		p9fmtprint(fmt, "Rauth tag %ud qid ", tag);
		return fmtqid(fmt, &f->aqid);
	case Tattach:
		return p9fmtprint(fmt, "Tattach tag %ud fid %d afid %d uname %s aname %s", tag,
			(int)fid, (int)f->afid, f->uname, f->aname);
	case Rattach:
		p9fmtprint(fmt, "Rattach tag %ud qid ", tag);
		return fmtqid(fmt, &f->qid);
	case Rerror:
		return p9fmtprint(fmt, "Rerror tag %ud ename %s", tag, f->ename);
	case Tflush:
		return p9fmtprint(fmt, "Tflush tag %ud oldtag %ud", tag, f->oldtag);
	case Twalk:
	case Rwalk:
		fmtwalk(fmt, f);
		return 0;
	case Topen:
		return p9fmtprint(fmt, "Topen tag %ud fid %ud mode %d", tag, fid, f->mode);
	case Ropen:
	case Rcreate:
		p9fmtprint(fmt, "%s tag %ud qid ", npfcallname(f->type), tag);
		fmtqid(fmt, &f->qid);
		return p9fmtprint(fmt, " iounit %ud", f->iounit);
	case Tcreate:
		return p9fmtprint(fmt, "Tcreate tag %ud fid %ud name %s perm 0%luo mode %d", tag,
			fid, f->name, (ulong)f->perm, f->mode);
	case Tread:
		return p9fmtprint(fmt, "Tread tag %ud fid %d offset %lld count %ud", tag, (int)fid,
			f->offset, f->count);
	case Rread:
		p9fmtprint(fmt, "Rread tag %ud count %ud ", tag, f->count);
		return dumpsome(fmt, f->data, f->count);
	case Twrite:
		p9fmtprint(fmt, "Twrite tag %ud fid %d offset %lld count %ud ", tag, (int)fid,
			f->offset, f->count);
		return dumpsome(fmt, f->data, f->count);
	case Rwrite:
		return p9fmtprint(fmt, "Rwrite tag %ud count %ud", tag, f->count);
	case Tclunk:
	case Tremove:
	case Tstat:
		return p9fmtprint(fmt, "%s tag %ud fid %ud", npfcallname(f->type), tag, fid);
	case Twstat:
		p9fmtprint(fmt, "Twstat tag %ud fid %ud", tag, fid);
		return fmtstat(fmt, f);
	case Rstat:
		p9fmtprint(fmt, "Rstat tag %ud", tag);
		return fmtstat(fmt, f);
	case Rflush:
	case Rclunk:
	case Rremove:
	case Rwstat:
		return p9fmtprint(fmt, "%s tag %ud", npfcallname(f->type), tag);
	}
	return p9fmtprint(fmt, "unknown type %d", f->type);
}

int
npfcallfmt(Fmt *fmt)
{
	const Fcall *f;

	f = va_arg(fmt->args, const Fcall*);
	return fcallprint(fmt, f) < 0 ? -1 : 0;
}
