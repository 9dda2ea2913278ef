/*
 * dirwstat.c: p9dirwstat and p9dirfwstat: change a host file's metadata from a Plan 9 Dir.
 * Fields set to "don't touch" (as p9nulldir leaves them: ~0, or "") are left alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sysimpl.h"

static int
groupid(const char *name, gid_t *gid)
{
	struct group gr, *grp;
	char buf[4096], *e;
	ulong n;

	if(getgrnam_r(name, &gr, buf, sizeof buf, &grp) == 0 && grp != nil){
		*gid = grp->gr_gid;
		return 0;
	}
	n = strtoul(name, &e, 10);
	if(*name != 0 && *e == 0){
		*gid = n;
		return 0;
	}
	p9werrstr("unknown group %s", name);
	return -1;
}

static int
userid(const char *name, uid_t *uid)
{
	struct passwd pw, *pwp;
	char buf[4096];

	if(getpwnam_r(name, &pw, buf, sizeof buf, &pwp) == 0 && pwp != nil){
		*uid = pwp->pw_uid;
		return 0;
	}
	p9werrstr("unknown user %s", name);
	return -1;
}

static mode_t
unixmode(u32int m)
{
	mode_t u;

	u = m & 0777;
	if(m & DMSETUID)
		u |= S_ISUID;
	if(m & DMSETGID)
		u |= S_ISGID;
	return u;
}

/* Apply d to the file at path (fd >= 0: the open file, path only for renaming). */
static int
wstat(const char *path, int fd, const Dir *d)
{
	struct timespec ts[2];
	struct stat st;
	uid_t uid;
	gid_t gid;
	char *dir, *slash, *newpath;
	int r;

	if((fd >= 0 ? fstat(fd, &st) : stat(path, &st)) < 0)
		return p9oserror(errno);
	if(d->mode != (u32int)~0 && ((d->mode & DMDIR) != 0) != (S_ISDIR(st.st_mode) != 0)){
		p9werrstr("can't change directory bit");
		return -1;
	}
	if(d->length != ~0LL){
		if(S_ISDIR(st.st_mode) && d->length != 0){
			p9werrstr("is a directory");
			return -1;
		}
		if(!S_ISDIR(st.st_mode) &&
		    (fd >= 0 ? ftruncate(fd, d->length) : truncate(path, d->length)) < 0)
			return p9oserror(errno);
	}
	if(d->mode != (u32int)~0 &&
	    (fd >= 0 ? fchmod(fd, unixmode(d->mode)) : chmod(path, unixmode(d->mode))) < 0)
		return p9oserror(errno);
	if(d->mtime != (u32int)~0 || d->atime != (u32int)~0){
		ts[0].tv_sec = d->atime;
		ts[0].tv_nsec = d->atime != (u32int)~0 ? 0 : UTIME_OMIT;
		ts[1].tv_sec = d->mtime;
		ts[1].tv_nsec = d->mtime != (u32int)~0 ? 0 : UTIME_OMIT;
		if((fd >= 0 ? futimens(fd, ts) : utimensat(AT_FDCWD, path, ts, 0)) < 0)
			return p9oserror(errno);
	}
	uid = -1;
	gid = -1;
	if(d->uid != nil && d->uid[0] != 0 && userid(d->uid, &uid) < 0)
		return -1;
	if(d->gid != nil && d->gid[0] != 0 && groupid(d->gid, &gid) < 0)
		return -1;
	if((uid != (uid_t)-1 || gid != (gid_t)-1) &&
	    (fd >= 0 ? fchown(fd, uid, gid) : chown(path, uid, gid)) < 0)
		return p9oserror(errno);
	if(d->name == nil || d->name[0] == 0)
		return 0;
	if(strchr(d->name, '/') != nil || strcmp(d->name, ".") == 0 || strcmp(d->name, "..") == 0){
		p9werrstr("bad character in file name");
		return -1;
	}
	/* a new name stays in the same directory */
	dir = strdup(path);
	if(dir == nil){
		p9werrstr("out of memory");
		return -1;
	}
	slash = strrchr(dir, '/');
	if(slash != nil)
		slash[1] = 0;
	newpath = p9smprint("%s%s", slash != nil ? dir : "", d->name);
	free(dir);
	if(newpath == nil)
		return -1;
	r = 0;
	if(strcmp(newpath, path) != 0 && renameat2(AT_FDCWD, path, AT_FDCWD, newpath,
	    RENAME_NOREPLACE) < 0)
		r = p9oserror(errno);
	free(newpath);
	return r;
}

int
p9dirwstat(const char *name, const Dir *d)
{
	return wstat(name, -1, d);
}

int
p9dirfwstat(int fd, const Dir *d)
{
	char path[4096];

	if(d->name != nil && d->name[0] != 0){
		if(p9fd2path(fd, path, sizeof path) < 0)
			return -1;
	}else
		path[0] = 0;
	return wstat(path, fd, d);
}
