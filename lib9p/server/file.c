/* file.c: the in-memory File tree of lib9p servers and the library's walk and read of it. */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "srvimpl.h"

static u32int
now(void)
{
	return (u32int)(p9nsec() / 1000000000LL);
}

static int
setstr(char **s, const char *v)
{
	char *t;

	if((t = strdup(v != nil ? v : "")) == nil)
		return -1;
	free(*s);
	*s = t;
	return 0;
}

static File*
allocfile(Tree *t, const char *name, const char *uid, const char *gid, ulong mode)
{
	File *f;

	if((f = calloc(1, sizeof *f)) == nil)
		return nil;
	if(setstr(&f->d.name, name) < 0 || setstr(&f->d.uid, uid) < 0
	|| setstr(&f->d.gid, gid) < 0 || setstr(&f->d.muid, uid) < 0){
		free(f->d.name);
		free(f->d.uid);
		free(f->d.gid);
		free(f);
		return nil;
	}
	f->tree = t;
	f->d.mode = mode;
	f->d.qid.type = mode >> 24;
	f->d.qid.path = t->qidpath++;
	f->d.atime = f->d.mtime = now();
	return f;
}

Tree*
npalloctree(const char *uid, const char *gid, ulong mode, void (*destroy)(File*))
{
	Tree *t;

	if((t = calloc(1, sizeof *t)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	t->destroy = destroy;
	if((t->root = allocfile(t, "/", uid, gid, mode | DMDIR)) == nil){
		free(t);
		p9werrstr("out of memory");
		return nil;
	}
	t->root->parent = t->root;
	t->root->ref = 1;
	return t;
}

static void
removeall(File *f)
{
	while(f->child != nil)
		removeall(f->child);
	if(f->parent != f)
		npremovefile(f);
}

void
npfreetree(Tree *t)
{
	if(t == nil)
		return;
	removeall(t->root);
	npclosefile(t->root);
	free(t);
}

static File*
lookup(File *dir, const char *name)
{
	File *f;

	for(f = dir->child; f != nil; f = f->sibling)
		if(strcmp(f->d.name, name) == 0)
			return f;
	return nil;
}

File*
npcreatefile(File *dir, const char *name, const char *uid, ulong mode, void *aux)
{
	File *f, **l;

	if(!(dir->d.mode & DMDIR)){
		p9werrstr("not a directory");
		return nil;
	}
	if(dir->removed){
		p9werrstr("file does not exist");
		return nil;
	}
	if(name[0] == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0
	|| strchr(name, '/') != nil){
		p9werrstr("illegal file name");
		return nil;
	}
	if(lookup(dir, name) != nil){
		p9werrstr("file already exists");
		return nil;
	}
	if((f = allocfile(dir->tree, name, uid, dir->d.gid, mode)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	f->aux = aux;
	f->parent = dir;
	npincfile(dir);
	f->ref = 2;		/* the directory's link and the caller's */
	for(l = &dir->child; *l != nil; l = &(*l)->sibling)
		;
	*l = f;
	dir->nchild++;
	dir->d.qid.vers++;
	dir->d.mtime = now();
	return f;
}

int
npremovefile(File *f)
{
	File *dir, **l;

	dir = f->parent;
	if(f->removed){
		p9werrstr("file does not exist");
		return -1;
	}
	if(dir == f){
		p9werrstr("permission denied");
		return -1;
	}
	if(f->child != nil){
		p9werrstr("directory not empty");
		return -1;
	}
	for(l = &dir->child; *l != nil; l = &(*l)->sibling)
		if(*l == f){
			*l = f->sibling;
			break;
		}
	f->sibling = nil;
	f->removed = 1;
	dir->nchild--;
	dir->d.qid.vers++;
	dir->d.mtime = now();
	npclosefile(f);
	return 0;
}

void
npincfile(File *f)
{
	f->ref++;
}

void
npclosefile(File *f)
{
	File *parent;

	if(f == nil || --f->ref > 0)
		return;
	if(f->tree->destroy != nil)
		f->tree->destroy(f);
	parent = f->parent;
	free(f->d.name);
	free(f->d.uid);
	free(f->d.gid);
	free(f->d.muid);
	free(f);
	if(parent != f)
		npclosefile(parent);
}

File*
npwalkfile(File *dir, const char *path)
{
	char *s, *p, *e;
	File *f, *n;

	if((s = strdup(path)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	f = dir;
	npincfile(f);
	for(p = s; p != nil && *p != 0; p = e){
		if((e = strchr(p, '/')) != nil)
			*e++ = 0;
		if(*p == 0 || strcmp(p, ".") == 0)
			continue;
		if(!(f->d.mode & DMDIR)){
			p9werrstr("not a directory");
			goto fail;
		}
		if(strcmp(p, "..") == 0)
			n = f->parent;
		else if((n = lookup(f, p)) == nil){
			p9werrstr("file does not exist");
			goto fail;
		}
		npincfile(n);
		npclosefile(f);
		f = n;
	}
	free(s);
	return f;
fail:
	npclosefile(f);
	free(s);
	return nil;
}

int
nphasperm(File *f, const char *uid, int p)
{
	ulong m;

	m = f->d.mode & 7;
	if(uid != nil && strcmp(uid, "none") != 0){
		if(strcmp(uid, f->d.uid) == 0)
			m |= (f->d.mode >> 6) & 7;
		if(strcmp(uid, f->d.gid) == 0)
			m |= (f->d.mode >> 3) & 7;
	}
	return (m & (ulong)p) == (ulong)p;
}

char*
np_treewalk1(Fid *fid, char *name, Qid *qid)
{
	File *f, *n;

	f = fid->file;
	if(!(f->d.mode & DMDIR))
		return "not a directory";
	if(!nphasperm(f, fid->uid, AEXEC))
		return "permission denied";
	if(strcmp(name, "..") == 0)
		n = f->parent;
	else if((n = lookup(f, name)) == nil)
		return "file does not exist";
	npincfile(n);
	npclosefile(f);
	fid->file = n;
	*qid = n->d.qid;
	return nil;
}

int
np_dirgen(int i, Dir *d, void *aux)
{
	File *f;

	for(f = ((File*)aux)->child; f != nil && i > 0; f = f->sibling)
		i--;
	if(f == nil)
		return -1;
	*d = f->d;
	return 0;
}
