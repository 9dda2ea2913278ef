/* dirstat.c: p9dirstat, p9dirfstat, p9nulldir: host file metadata as a Plan 9 Dir. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <planten/lib9.h>
#include "sysimpl.h"

static void
idname(char *buf, int nbuf, uid_t id, int isgroup)
{
	struct passwd pw, *pwp;
	struct group gr, *grp;
	char tmp[4096];

	if(isgroup){
		if(getgrgid_r(id, &gr, tmp, sizeof tmp, &grp) == 0 && grp != nil){
			p9strecpy(buf, buf + nbuf, gr.gr_name);
			return;
		}
	}else if(getpwuid_r(id, &pw, tmp, sizeof tmp, &pwp) == 0 && pwp != nil){
		p9strecpy(buf, buf + nbuf, pw.pw_name);
		return;
	}
	p9snprint(buf, nbuf, "%ud", (uint)id);
}

static u32int
modebits(const struct stat *st)
{
	u32int m;

	m = st->st_mode & 0777;
	switch(st->st_mode & S_IFMT){
	case S_IFDIR:
		m |= DMDIR;
		break;
	case S_IFLNK:
		m |= DMSYMLINK;
		break;
	case S_IFCHR:
	case S_IFBLK:
		m |= DMDEVICE;
		break;
	case S_IFIFO:
		m |= DMNAMEDPIPE;
		break;
	case S_IFSOCK:
		m |= DMSOCKET;
		break;
	}
	if(st->st_mode & S_ISUID)
		m |= DMSETUID;
	if(st->st_mode & S_ISGID)
		m |= DMSETGID;
	return m;
}

/* One allocation: the Dir followed by its four strings. */
Dir*
p9_statdir(const struct stat *st, const char *name)
{
	char uid[64], gid[64], *p;
	size_t nn, nu, ng;
	Dir *d;

	idname(uid, sizeof uid, st->st_uid, 0);
	idname(gid, sizeof gid, st->st_gid, 1);
	nn = strlen(name) + 1;
	nu = strlen(uid) + 1;
	ng = strlen(gid) + 1;
	d = malloc(sizeof *d + nn + 2 * nu + ng);
	if(d == nil){
		p9werrstr("out of memory");
		return nil;
	}
	p = (char*)(d + 1);
	d->name = memcpy(p, name, nn);
	p += nn;
	d->uid = memcpy(p, uid, nu);
	p += nu;
	d->gid = memcpy(p, gid, ng);
	p += ng;
	d->muid = memcpy(p, uid, nu);
	d->type = 'M';
	d->dev = st->st_dev;
	d->qid.path = st->st_ino;
	d->qid.vers = st->st_mtime;
	d->mode = modebits(st);
	d->qid.type = d->mode >> 24;
	d->atime = st->st_atime;
	d->mtime = st->st_mtime;
	d->length = S_ISDIR(st->st_mode) ? 0 : st->st_size;
	return d;
}

Dir*
p9dirstat(const char *name)
{
	struct stat st;
	char *copy, *base;
	Dir *d;
	size_t n;

	if(stat(name, &st) < 0){
		p9oserror(errno);
		p9werrstr("%s: %r", name);
		return nil;
	}
	/* the name is the last element of the cleaned path */
	n = strlen(name);
	copy = malloc(n + 2);
	if(copy == nil){
		p9werrstr("out of memory");
		return nil;
	}
	memcpy(copy, name, n + 1);
	p9cleanname(copy);
	base = strrchr(copy, '/');
	base = base != nil && base[1] != 0 ? base + 1 : copy;
	d = p9_statdir(&st, base);
	free(copy);
	return d;
}

Dir*
p9dirfstat(int fd)
{
	struct stat st;
	char path[64], name[4096], *base;
	ssize_t n;

	if(fstat(fd, &st) < 0){
		p9oserror(errno);
		return nil;
	}
	p9snprint(path, sizeof path, "/proc/self/fd/%d", fd);
	n = readlink(path, name, sizeof name - 1);
	if(n <= 0)
		return p9_statdir(&st, "");
	name[n] = 0;
	base = strrchr(name, '/');
	base = base != nil && base[1] != 0 ? base + 1 : name;
	return p9_statdir(&st, base);
}

void
p9nulldir(Dir *d)
{
	memset(d, 0xFF, sizeof *d);
	d->name = d->uid = d->gid = d->muid = "";
}
