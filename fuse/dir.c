/*
 * dir.c: what the bridge makes of names and attributes, apart from any I/O: 9P stat
 * entries as Unix attributes, names the kernel may see, paths below the union's root.
 * The fuzz target and the unit tests use these directly.
 */
#include <stdlib.h>
#include <string.h>
#include "impl.h"

/*
 * d's attributes as Unix ones: files owned by uname (the attach's user) or of its group
 * (a Plan 9 user's own group has the user's name) show as uid and gid, others as 65534.
 * st_ino is qid.path, as the member has it.
 */
void
_nfd2st(const Dir *d, const char *uname, uid_t uid, gid_t gid, u32int iounit, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_ino = d->qid.path;
	st->st_mode = (d->mode & DMDIR ? S_IFDIR : S_IFREG) | (d->mode & 0777);
	st->st_nlink = 1;
	st->st_uid = d->uid != nil && strcmp(d->uid, uname) == 0 ? uid : Nogid;
	st->st_gid = d->gid != nil && strcmp(d->gid, uname) == 0 ? gid : Nogid;
	st->st_size = d->mode & DMDIR ? 0 : (off_t)(d->length & 0x7fffffffffffffffULL);
	st->st_blksize = iounit > 0 && iounit < 65536 ? iounit : 65536;
	st->st_blocks = st->st_size / 512 + (st->st_size % 512 != 0);
	st->st_atim.tv_sec = d->atime;
	st->st_mtim.tv_sec = d->mtime;
	st->st_ctim.tv_sec = d->mtime;
}

/* A name from a directory read the kernel may see: not empty, ".", ".." or with a '/'. */
int
_nfgoodname(const char *name)
{
	return name[0] != 0 && strcmp(name, ".") != 0 && strcmp(name, "..") != 0
		&& strchr(name, '/') == nil;
}

/*
 * The names of the nodes below stop (an ancestor of dir, or dir itself) down to dir, then
 * name if not nil, joined by '/': "" when there are none. nil if out of memory.
 */
char*
_nfpath(Node *dir, Node *stop, const char *name)
{
	Node *p;
	size_t len, l;
	char *buf, *e;

	/* each name takes its length plus one: a '/' before it, or the NUL after the last */
	len = name != nil ? strlen(name) + 1 : 1;
	for(p = dir; p != stop; p = p->parent)
		len += strlen(p->name) + 1;
	if((buf = malloc(len)) == nil)
		return nil;
	e = buf + len - 1;
	*e = 0;
	if(name != nil){
		l = strlen(name);
		e -= l;
		memmove(e, name, l);
	}
	for(p = dir; p != stop; p = p->parent){
		if(*e != 0)
			*--e = '/';
		l = strlen(p->name);
		e -= l;
		memmove(e, p->name, l);
	}
	memmove(buf, e, strlen(e) + 1);	/* without a name there is a byte to spare */
	return buf;
}
