/*
 * node.c: the kernel's view of files: node ids, found by id and by (parent, name).
 *
 * Ids are never reused. A name keeps its id as long as it names the same file (the same
 * qid.path, or host device and inode), so a directory never has two ids and an id is
 * never at two paths: the kernel then never moves a dentry (a process's cwd) or drops a
 * mount on top of one. A node lives while the kernel holds it (nlookup) or the library
 * does (ref); every node holds its parent and its member.
 */
#include <stdlib.h>
#include <string.h>
#include "impl.h"

static u32int
hashid(u64int id)
{
	return (u32int)((id * 0x9E3779B97F4A7C15ULL) >> 32);
}

static u32int
hashpn(u64int parent, const char *name)
{
	u32int h;

	h = 2166136261u ^ hashid(parent);
	for(; *name != 0; name++)
		h = (h ^ (uchar)*name) * 16777619u;
	return h;
}

static void
linkid(NfSrv *s, Node *n)
{
	u32int b;

	b = hashid(n->id) & (s->nbuck - 1);
	n->idnext = s->byid[b];
	s->byid[b] = n;
}

static void
linkpn(NfSrv *s, Node *n)
{
	u32int b;

	b = hashpn(n->parent->id, n->name) & (s->nbuck - 1);
	n->pnnext = s->bypn[b];
	s->bypn[b] = n;
}

/* Double the tables when they fill; on failure keep the old ones (chains just get longer). */
static void
grow(NfSrv *s)
{
	Node **oid, **opn, *n, *next;
	u32int i, on;

	if(s->nnode < s->nbuck * 2)
		return;
	oid = s->byid;
	opn = s->bypn;
	on = s->nbuck;
	s->byid = calloc(on * 2, sizeof s->byid[0]);
	s->bypn = calloc(on * 2, sizeof s->bypn[0]);
	if(s->byid == nil || s->bypn == nil){
		free(s->byid);
		free(s->bypn);
		s->byid = oid;
		s->bypn = opn;
		return;
	}
	s->nbuck = on * 2;
	for(i = 0; i < on; i++){
		for(n = oid[i]; n != nil; n = next){
			next = n->idnext;
			linkid(s, n);
		}
		for(n = opn[i]; n != nil; n = next){
			next = n->pnnext;
			linkpn(s, n);
		}
	}
	free(oid);
	free(opn);
}

Node*
_nfroot(NfSrv *s)
{
	return s->root;
}

Node*
_nfnode(NfSrv *s, u64int id)
{
	Node *n;

	if(id == FUSE_ROOT_ID)
		return s->root;
	for(n = s->byid[hashid(id) & (s->nbuck - 1)]; n != nil; n = n->idnext)
		if(n->id == id)
			return n;
	return nil;
}

Node*
_nfchild(Node *dir, const char *name)
{
	NfSrv *s;
	Node *n;

	s = dir->srv;
	for(n = s->bypn[hashpn(dir->id, name) & (s->nbuck - 1)]; n != nil; n = n->pnnext)
		if(n->parent == dir && strcmp(n->name, name) == 0)
			return n;
	return nil;
}

void
_nfunhash(Node *n)
{
	NfSrv *s;
	Node **l;

	if(!n->hashed)
		return;
	s = n->srv;
	for(l = &s->bypn[hashpn(n->parent->id, n->name) & (s->nbuck - 1)]; *l != nil;
	    l = &(*l)->pnnext)
		if(*l == n){
			*l = n->pnnext;
			break;
		}
	n->hashed = 0;
}

static void
hash(Node *n)
{
	Node *old;

	if((old = _nfchild(n->parent, n->name)) != nil)
		_nfunhash(old);
	linkpn(n->srv, n);
	n->hashed = 1;
}

/* n is now dir/name (a rename); whatever had that name loses it. */
int
_nfrehash(Node *n, Node *dir, const char *name)
{
	char *s;

	if((s = strdup(name)) == nil)
		return -1;
	_nfunhash(n);
	_nfincref(dir);
	_nfdecref(n->parent);
	n->parent = dir;
	free(n->name);
	n->name = s;
	hash(n);
	return 0;
}

Node*
_nfnewnode(Node *dir, const char *name, NfMember *m)
{
	NfSrv *s;
	Node *n;

	s = dir->srv;
	if((n = calloc(1, sizeof *n)) == nil || (n->name = strdup(name)) == nil){
		free(n);
		return nil;
	}
	n->srv = s;
	n->id = s->nextid++;
	n->parent = dir;
	_nfincref(dir);
	n->m = m;
	m->ref++;
	linkid(s, n);
	s->nnode++;
	hash(n);
	grow(s);
	return n;
}

static void
freenode(Node *n)
{
	NfSrv *s;
	Node **l;

	s = n->srv;
	_nfunhash(n);
	for(l = &s->byid[hashid(n->id) & (s->nbuck - 1)]; *l != nil; l = &(*l)->idnext)
		if(*l == n){
			*l = n->idnext;
			break;
		}
	s->nnode--;
	_nfclunk(n->m, n->fid);
	_nfclunk(n->m, n->spare);
	_nfmemberput(n->m);
	_nfdecref(n->parent);
	free(n->name);
	free(n);
}

static void
maybefree(Node *n)
{
	if(n->ref == 0 && n->nlookup == 0 && n != n->srv->root)
		freenode(n);
}

void
_nfincref(Node *n)
{
	n->ref++;
}

void
_nfdecref(Node *n)
{
	if(n == nil)
		return;
	n->ref--;
	maybefree(n);
}

void
_nfforget(Node *n, u64int nlookup)
{
	if(nlookup > n->nlookup)
		nlookup = n->nlookup;
	n->nlookup -= nlookup;
	maybefree(n);
}

/* At nfclose: the kernel holds nothing any more. */
void
_nfforgetall(NfSrv *s)
{
	Node **v, *n;
	u32int i, k, nv;

	nv = s->nnode;
	if(nv == 0 || (v = malloc(nv * sizeof v[0])) == nil)
		return;
	k = 0;
	for(i = 0; i < s->nbuck; i++)
		for(n = s->byid[i]; n != nil && k < nv; n = n->idnext){
			v[k++] = n;
			_nfincref(n);
		}
	for(i = 0; i < k; i++){
		v[i]->nlookup = 0;
		_nfdecref(v[i]);
	}
	free(v);
}

/* The inode number m's file ino shows as: members differ in the top byte. */
u64int
_nfino(NfMember *m, u64int ino)
{
	if(m == nil)
		return FUSE_ROOT_ID;
	return ino ^ ((u64int)m->id << 56);
}

int
_nfsameid(Node *n, const struct stat *st, const Qid *q)
{
	if(n->m->kind == M9p)
		return n->qid.path == q->path && (n->qid.type & QTDIR) == (q->type & QTDIR);
	return n->dev == st->st_dev && n->ino == st->st_ino;
}

void
_nfsetid(Node *n, const struct stat *st, const Qid *q)
{
	if(q != nil)
		n->qid = *q;
	if(st != nil && n->m->kind == Mhost){
		n->dev = st->st_dev;
		n->ino = st->st_ino;
	}
}
