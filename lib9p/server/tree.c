/*
 * tree.c: the library serving a File tree by itself, for each callback a tree server
 * leaves nil: walk, directory reads that survive removals, open with OTRUNC and exclusive
 * use, create, reads and writes of file data, atomic wstat, ORCLOSE.
 */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

static const char Eperm[] = "permission denied";
static const char Enotowner[] = "not owner";
static const char Eexist[] = "file already exists";
static const char Enotexist[] = "file does not exist";

static void
respond(Sreq *r, const char *err)
{
	nprespond(&r->pub, err);
}

/* Answer r with the library's error string. */
static void
responderr(Sreq *r)
{
	char err[ERRMAX];

	p9rerrstr(err, sizeof err);
	respond(r, err);
}

/* f was changed by uid: a new version, the time, the last modifier. */
static void
changed(File *f, const char *uid)
{
	char *m;

	f->d.qid.vers++;
	f->d.mtime = f->d.atime = _npnow();
	if(uid != nil && strcmp(uid, f->d.muid) != 0 && (m = strdup(uid)) != nil){
		free(f->d.muid);
		f->d.muid = m;
	}
}

static int
isowner(File *f, const char *uid)
{
	return strcmp(uid, "none") != 0 && strcmp(uid, f->d.uid) == 0;
}

char*
_nptreewalk1(Fid *fid, char *name, Qid *qid)
{
	File *f, *n;
	Sfile *c;

	f = fid->file;
	if(!(f->d.mode & DMDIR))
		return "not a directory";
	if(!nphasperm(f, fid->uid, AEXEC))
		return (char*)Eperm;
	if(strcmp(name, "..") == 0)
		n = f->parent;
	else if((c = _nplookup(sfile(f), name)) != nil)
		n = &c->pub;
	else
		return (char*)Enotexist;
	npincfile(n);
	npclosefile(f);
	fid->file = n;
	*qid = n->d.qid;
	return nil;
}

/* Point r->d at a copy of d whose strings r owns, so handlers may use it off the loop. */
int
_npdupdir(Sreq *r, const Dir *d)
{
	size_t n[4];
	char *p;
	const char *s[4];
	char **t[4];
	int i;

	r->pub.d = *d;
	s[0] = d->name, s[1] = d->uid, s[2] = d->gid, s[3] = d->muid;
	t[0] = &r->pub.d.name, t[1] = &r->pub.d.uid, t[2] = &r->pub.d.gid, t[3] = &r->pub.d.muid;
	for(i = 0; i < 4; i++)
		n[i] = s[i] != nil ? strlen(s[i]) + 1 : 1;
	free(r->dstr);
	if((r->dstr = p = malloc(n[0] + n[1] + n[2] + n[3])) == nil)
		return -1;
	for(i = 0; i < 4; i++){
		memmove(p, s[i] != nil ? s[i] : "", n[i]);
		*t[i] = p;
		p += n[i];
	}
	return 0;
}

/*
 * Read a tree directory: whole entries from where the fid's last read ended. The fid
 * remembers the position of the next entry (and the entry itself while it stays in the
 * directory), and positions only grow, so entries removed in between make no other entry
 * be skipped or repeated.
 */
void
_nptreedirread(Sreq *r)
{
	Sfid *fid;
	Sfile *dir, *f;
	vlong pos;
	uchar *p, *e;
	uint n;

	fid = sfid(r->pub.fid);
	dir = sfile(fid->pub.file);
	f = nil;
	pos = 0;
	if(r->pub.ifcall.offset != 0){
		pos = fid->dirpos;
		f = sfile(fid->dirnext);
	}
	if(f == nil || f->removed || &dir->pub != f->pub.parent || f->pos < pos)
		f = _npfirstfrom(dir, pos);
	if((p = (uchar*)npreaddata(&r->pub, r->pub.ifcall.count)) == nil){
		respond(r, "out of memory");
		return;
	}
	e = p + r->pub.ifcall.count;
	for(; f != nil; f = f->sibling){
		n = npconvD2M(&f->pub.d, p, e - p);
		if(n <= 2)
			break;
		p += n;
	}
	r->pub.ofcall.count = p - (uchar*)r->pub.ofcall.data;
	r->dirpos = f != nil ? f->pos : dir->nextpos;
	if(f != nil){
		npincfile(&f->pub);
		r->dirnext = &f->pub;
	}
	dir->pub.d.atime = _npnow();
	respond(r, nil);
}

void
_nptreeopen(Sreq *r)
{
	File *f;
	const char *uid;

	f = r->pub.fid->file;
	uid = r->pub.fid->uid;
	if((r->pub.ifcall.mode & OTRUNC) && !(f->d.mode & (DMAPPEND|DMDIR)) && f->d.length > 0){
		npfiletrunc(f, 0);
		changed(f, uid);
	}
	f->d.atime = _npnow();
	respond(r, nil);
}

void
_nptreecreate(Sreq *r)
{
	File *dir, *f;
	ulong perm;
	const char *uid;

	dir = r->pub.fid->file;
	uid = r->pub.fid->uid;
	perm = r->pub.ifcall.perm;
	if(perm & DMDIR)
		perm &= ~0777UL | (dir->d.mode & 0777);
	else
		perm &= ~0666UL | (dir->d.mode & 0666);
	perm &= DMDIR|DMAPPEND|DMEXCL|DMTMP|0777;
	if((f = npcreatefile(dir, r->pub.ifcall.name, uid, perm, nil)) == nil){
		responderr(r);
		return;
	}
	changed(dir, uid);
	r->pub.fid->file = f;		/* the reference npcreatefile returned */
	npclosefile(dir);
	r->pub.ofcall.qid = f->d.qid;
	respond(r, nil);
}

void
_nptreeread(Sreq *r)
{
	File *f;
	vlong off, n;
	char *p;

	f = r->pub.fid->file;
	off = r->pub.ifcall.offset;
	n = off < f->d.length ? f->d.length - off : 0;
	if(n > r->pub.ifcall.count)
		n = r->pub.ifcall.count;
	if(n > 0){
		if((p = npreaddata(&r->pub, n)) == nil){
			respond(r, "out of memory");
			return;
		}
		r->pub.ofcall.count = npfileread(f, p, n, off);
	}
	f->d.atime = _npnow();
	respond(r, nil);
}

void
_nptreewrite(Sreq *r)
{
	File *f;
	vlong off;

	f = r->pub.fid->file;
	off = r->pub.ifcall.offset;
	if(f->d.mode & DMAPPEND)
		off = f->d.length;
	if(npfilewrite(f, r->pub.ifcall.data, r->pub.ifcall.count, off) < 0){
		responderr(r);
		return;
	}
	changed(f, r->pub.fid->uid);
	r->pub.ofcall.count = r->pub.ifcall.count;
	respond(r, nil);
}

static int
badname(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0 || strchr(name, '/') != nil;
}

/* Check a wstat of f by uid; nil if it may be applied. */
static const char*
wstatok(File *f, Dir *d, const char *uid)
{
	Sfile *m;

	if(d->name[0] != 0 && strcmp(d->name, f->d.name) != 0){
		if(f->parent == f || !nphasperm(f->parent, uid, AWRITE))
			return Eperm;
		if(badname(d->name))
			return "illegal file name";
		if((m = _nplookup(sfile(f->parent), d->name)) != nil && &m->pub != f)
			return Eexist;
	}
	if(d->length != ~0LL && d->length != f->d.length){
		if(f->d.mode & DMDIR)
			return "cannot change length of a directory";
		if(!nphasperm(f, uid, AWRITE))
			return Eperm;
		if(d->length < 0 || d->length > Maxfile)
			return "bad length";
	}
	if(d->mode != (u32int)~0 && d->mode != f->d.mode){
		if(!isowner(f, uid))
			return Enotowner;
		if(d->mode & ~(DMDIR|DMAPPEND|DMEXCL|DMTMP|0777))
			return "bad mode";
	}
	if(d->mtime != (u32int)~0 && d->mtime != f->d.mtime && !isowner(f, uid))
		return Enotowner;
	if(d->gid[0] != 0 && strcmp(d->gid, f->d.gid) != 0){
		if(!isowner(f, uid))
			return Enotowner;
		if(strcmp(d->gid, uid) != 0)
			return "not a member of group";
	}
	if(d->uid[0] != 0 && strcmp(d->uid, f->d.uid) != 0)
		return "cannot change owner";
	return nil;
}

/* Apply a wstat whole or not at all (stat(5)): everything that can fail is done first. */
void
_nptreewstat(Sreq *r)
{
	File *f;
	Stree *t;
	Dir *d;
	const char *e, *uid;
	char *name, *gid;
	vlong namecharge;
	int change;

	f = r->pub.fid->file;
	t = stree(f->tree);
	uid = r->pub.fid->uid;
	d = &r->pub.d;
	if((e = wstatok(f, d, uid)) != nil){
		respond(r, e);
		return;
	}
	name = gid = nil;
	if(d->name[0] != 0 && strcmp(d->name, f->d.name) != 0 && (name = strdup(d->name)) == nil)
		goto nomem;
	if(d->gid[0] != 0 && strcmp(d->gid, f->d.gid) != 0 && (gid = strdup(d->gid)) == nil)
		goto nomem;
	namecharge = name != nil ? (vlong)strlen(name) - (vlong)strlen(f->d.name) : 0;
	if(_npcharge(t, namecharge) < 0)
		goto full;
	change = 0;
	if(d->length != ~0LL && d->length != f->d.length){
		if(npfiletrunc(f, d->length) < 0){
			_npcharge(t, -namecharge);
			free(name);
			free(gid);
			responderr(r);
			return;
		}
		change = 1;
	}
	if(name != nil){
		free(f->d.name);
		f->d.name = name;
		_nprenamed(sfile(f));
		changed(f->parent, uid);
		change = 1;
	}
	if(d->mode != (u32int)~0 && d->mode != f->d.mode){
		f->d.mode = d->mode;
		f->d.qid.type = d->mode >> 24;
		change = 1;
	}
	if(gid != nil){
		free(f->d.gid);
		f->d.gid = gid;
		change = 1;
	}
	if(change)
		changed(f, uid);
	if(d->mtime != (u32int)~0)
		f->d.mtime = d->mtime;
	respond(r, nil);
	return;

full:
	free(name);
	free(gid);
	respond(r, "file system full");
	return;
nomem:
	free(name);
	free(gid);
	respond(r, "out of memory");
}

/* Claim f's file for exclusive use; -1 if another fid holds it. */
int
_nptreeclaim(Sfid *f)
{
	Sfile *file;

	file = sfile(f->pub.file);
	if(file->excl != nil && file->excl != f)
		return -1;
	file->excl = f;
	f->excl = 1;
	return 0;
}

void
_nptreerelease(Sfid *f)
{
	Sfile *file;

	if(f->excl && f->pub.file != nil && (file = sfile(f->pub.file))->excl == f)
		file->excl = nil;
	f->excl = 0;
}

/* The client clunked f: a file it opened ORCLOSE goes, its exclusive use ends. */
void
_nptreeclunk(Sfid *f)
{
	File *file;

	file = f->pub.file;
	if(f->pub.omode != -1 && (f->pub.omode & ORCLOSE) && !sfile(file)->removed
	&& sfile(file)->child == nil && file->parent != file){
		changed(file->parent, f->pub.uid);
		npremovefile(file);
	}
	_nptreerelease(f);
}
