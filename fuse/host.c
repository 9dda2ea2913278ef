/*
 * host.c: members that are host directories. Files are reached relative to the member's
 * directory fd by the path of names below the union's root, and every system call on them
 * runs in libuv's thread pool, never on the loop (a host file system may block). The pool
 * functions see only what the request carries (f->dirfd, f->path, ...), never the nodes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include "impl.h"

/*
 * The path of n (then name, if not nil) below its member's directory: the names from the
 * union's root down; "." for the member's directory itself. nil if out of memory.
 */
char*
_nfhostpath(Node *n, const char *name)
{
	char *p;

	if((p = _nfpath(n, n->srv->root, name)) != nil && p[0] == 0){
		free(p);
		p = strdup(".");
	}
	return p;
}

static void
poolwork(uv_work_t *w)
{
	Fop *f;

	f = w->data;
	errno = 0;
	f->pool(f);
}

static void
pooldone(uv_work_t *w, int status)
{
	Fop *f;

	f = w->data;
	if(status == UV_ECANCELED)
		f->err = EINTR;
	_nfrelease(f->s);
	f->k(f);
}

/*
 * Run fn in the thread pool, then continue at f->k on the loop. With path, f->path is
 * set first to n's path below the member (then name's, if not nil).
 */
static void
runat(Fop *f, void (*fn)(Fop*), Node *n, const char *name)
{
	int e;

	if(n != nil){
		free(f->path);
		if((f->path = _nfhostpath(n, name)) == nil){
			f->err = ENOMEM;
			f->k(f);
			return;
		}
	}
	f->pool = fn;
	f->work.data = f;
	f->dirfd = f->m->dirfd;
	_nfhold(f->s);
	if((e = uv_queue_work(f->s->loop, &f->work, poolwork, pooldone)) < 0){
		_nfrelease(f->s);
		f->err = -e;
		f->k(f);
	}
}

static void
run(Fop *f, void (*fn)(Fop*))
{
	runat(f, fn, nil, nil);
}

static int
err(void)
{
	return errno != 0 ? errno : EIO;
}

/* Lookup. In the union's root, the host members from f->idx on, up to the next 9P one. */

static void
plookup(Fop *f)
{
	int i;

	if(f->n->m != nil){
		f->err = fstatat(f->dirfd, f->path, &f->st, AT_SYMLINK_NOFOLLOW) < 0 ? err() : 0;
		return;
	}
	f->err = ENOENT;
	for(i = f->idx; i < f->nsnap && f->snap[i]->kind == Mhost; i++){
		if(fstatat(f->snap[i]->dirfd, f->name, &f->st, AT_SYMLINK_NOFOLLOW) == 0){
			f->err = 0;
			break;
		}
		if(errno != ENOENT && errno != ENOTDIR && f->transient == 0)
			f->transient = err();
	}
	f->idx = i;
}

void
_nfhostlookup(Fop *f)
{
	runat(f, plookup, f->n, f->name);
}

/* Getattr and setattr. */

static void
pgetattr(Fop *f)
{
	int r;

	if(f->h != nil && f->h->fd >= 0)
		r = fstat(f->h->fd, &f->st);
	else
		r = fstatat(f->dirfd, f->path, &f->st, AT_SYMLINK_NOFOLLOW);
	f->err = r < 0 ? err() : 0;
}

void
_nfhostgetattr(Fop *f)
{
	runat(f, pgetattr, f->n, nil);
}

static int
settimes(Fop *f)
{
	struct timespec ts[2];

	ts[0].tv_nsec = ts[1].tv_nsec = UTIME_OMIT;
	if(f->toset & FUSE_SET_ATTR_ATIME)
		ts[0] = f->attr.st_atim;
	if(f->toset & FUSE_SET_ATTR_ATIME_NOW)
		ts[0].tv_nsec = UTIME_NOW;
	if(f->toset & FUSE_SET_ATTR_MTIME)
		ts[1] = f->attr.st_mtim;
	if(f->toset & FUSE_SET_ATTR_MTIME_NOW)
		ts[1].tv_nsec = UTIME_NOW;
	if(ts[0].tv_nsec == UTIME_OMIT && ts[1].tv_nsec == UTIME_OMIT)
		return 0;
	if(f->h != nil && f->h->fd >= 0)
		return futimens(f->h->fd, ts);
	return utimensat(f->dirfd, f->path, ts, AT_SYMLINK_NOFOLLOW);
}

static void
psetattr(Fop *f)
{
	int fd, hfd;
	uid_t u;
	gid_t g;

	hfd = f->h != nil ? f->h->fd : -1;
	if(f->toset & FUSE_SET_ATTR_MODE){
		if((hfd >= 0 ? fchmod(hfd, f->attr.st_mode & 07777)
		: fchmodat(f->dirfd, f->path, f->attr.st_mode & 07777, 0)) < 0)
			goto Err;
	}
	if(f->toset & (FUSE_SET_ATTR_UID | FUSE_SET_ATTR_GID)){
		u = f->toset & FUSE_SET_ATTR_UID ? f->attr.st_uid : (uid_t)-1;
		g = f->toset & FUSE_SET_ATTR_GID ? f->attr.st_gid : (gid_t)-1;
		if((hfd >= 0 ? fchown(hfd, u, g)
		: fchownat(f->dirfd, f->path, u, g, AT_SYMLINK_NOFOLLOW)) < 0)
			goto Err;
	}
	if(f->toset & FUSE_SET_ATTR_SIZE){
		fd = hfd;
		if(fd < 0 && (fd = openat(f->dirfd, f->path, O_WRONLY|O_CLOEXEC|O_NOFOLLOW)) < 0)
			goto Err;
		if(ftruncate(fd, f->attr.st_size) < 0){
			if(fd != hfd)
				close(fd);
			goto Err;
		}
		if(fd != hfd)
			close(fd);
	}
	if(settimes(f) < 0)
		goto Err;
	pgetattr(f);
	return;
Err:
	f->err = err();
}

void
_nfhostsetattr(Fop *f)
{
	runat(f, psetattr, f->n, nil);
}

/* Open, create, close. */

static int
oflags(int flags)
{
	return (flags & (O_ACCMODE|O_APPEND|O_TRUNC|O_SYNC|O_DSYNC|O_NOATIME|O_NONBLOCK))
		| O_CLOEXEC | O_NOFOLLOW | O_NOCTTY;
}

static void
popen_(Fop *f)
{
	int fd;

	if(f->h->isdir)
		fd = openat(f->dirfd, f->path, O_RDONLY|O_DIRECTORY|O_CLOEXEC);
	else
		fd = openat(f->dirfd, f->path, oflags(f->flags));
	if(fd < 0 || fstat(fd, &f->st) < 0){
		f->err = err();
		if(fd >= 0)
			close(fd);
		return;
	}
	f->h->fd = fd;
	f->err = 0;
}

/* May this process read a file with these attributes, by its mode bits? */
static int
mayread(NfSrv *s, const struct stat *st)
{
	int i;

	if(s->uid == 0)
		return 1;
	if(st->st_uid == s->uid)
		return (st->st_mode & S_IRUSR) != 0;
	if(st->st_gid == s->gid)
		return (st->st_mode & S_IRGRP) != 0;
	for(i = 0; i < s->ngroups; i++)
		if(st->st_gid == s->groups[i])
			return (st->st_mode & S_IRGRP) != 0;
	return (st->st_mode & S_IROTH) != 0;
}

/*
 * f->h is the new handle (fd -1); on success its fd is open. Opens to read a regular file
 * or a directory the mode bits let us read need no system call now: the file is opened at
 * its first read (directories are listed by path anyway). An exec through a union then
 * costs no trip to the thread pool when the pages are cached.
 */
void
_nfhostopen(Fop *f)
{
	Node *n;

	n = f->n;
	if((f->flags & (O_ACCMODE|O_TRUNC)) == O_RDONLY && mayread(f->s, &n->st)
	&& (f->h->isdir ? S_ISDIR(n->st.st_mode) : S_ISREG(n->st.st_mode))){
		f->st = n->st;
		f->err = 0;
		f->k(f);
		return;
	}
	runat(f, popen_, f->n, nil);
}

static void
pcreate(Fop *f)
{
	int fd;

	switch(f->what){
	case Cdir:
		if(mkdirat(f->dirfd, f->path, f->mode & 07777) < 0)
			goto Err;
		break;
	case Cnode:
		if(mknodat(f->dirfd, f->path, f->mode, f->rdev) < 0)
			goto Err;
		break;
	default:
		fd = openat(f->dirfd, f->path, oflags(f->flags) | O_CREAT | (f->flags & O_EXCL),
			f->mode & 07777);
		if(fd < 0)
			goto Err;
		if(fstat(fd, &f->st) < 0){
			close(fd);
			goto Err;
		}
		f->h->fd = fd;
		f->err = 0;
		return;
	}
	f->err = fstatat(f->dirfd, f->path, &f->st, AT_SYMLINK_NOFOLLOW) < 0 ? err() : 0;
	return;
Err:
	f->err = err();
}

void
_nfhostcreate(Fop *f)
{
	runat(f, pcreate, f->n, f->name);
}

static void
pclose_(Fop *f)
{
	close(f->dirfd2);
}

static void
closed(Fop *f)
{
	free(f);
}

void
_nfhostclose(Handle *h)
{
	Fop *f;

	if(h->fd < 0)
		return;
	if((f = calloc(1, sizeof *f)) == nil){
		close(h->fd);	/* rather than leak it */
		h->fd = -1;
		return;
	}
	f->s = h->m->srv;
	f->m = h->m;
	f->dirfd2 = h->fd;
	f->k = closed;
	h->fd = -1;
	run(f, pclose_);
}

/* Remove, rename, links. */

static void
premove(Fop *f)
{
	f->err = unlinkat(f->dirfd, f->path, f->what == Cdir ? AT_REMOVEDIR : 0) < 0 ? err() : 0;
}

void
_nfhostremove(Fop *f)
{
	runat(f, premove, f->n, f->name);
}

static void
prename(Fop *f)
{
	f->err = renameat2(f->dirfd, f->path, f->dirfd, f->path2, f->flags) < 0 ? err() : 0;
}

void
_nfhostrename(Fop *f)
{
	if((f->path2 = _nfhostpath(f->n2, f->name2)) == nil){
		f->err = ENOMEM;
		f->k(f);
		return;
	}
	runat(f, prename, f->n, f->name);
}

static void
preadlink(Fop *f)
{
	char buf[PATH_MAX + 1];
	long n;

	if((n = readlinkat(f->dirfd, f->path, buf, PATH_MAX)) < 0){
		f->err = err();
		return;
	}
	buf[n] = 0;
	f->err = (f->link = strdup(buf)) == nil ? ENOMEM : 0;
}

void
_nfhostreadlink(Fop *f)
{
	runat(f, preadlink, f->n, nil);
}

static void
psymlink(Fop *f)
{
	if(symlinkat(f->name2, f->dirfd, f->path) < 0){
		f->err = err();
		return;
	}
	f->err = fstatat(f->dirfd, f->path, &f->st, AT_SYMLINK_NOFOLLOW) < 0 ? err() : 0;
}

/* f->name2 is the link's target. */
void
_nfhostsymlink(Fop *f)
{
	runat(f, psymlink, f->n, f->name);
}

static void
plink(Fop *f)
{
	if(linkat(f->dirfd, f->path2, f->dirfd, f->path, 0) < 0){
		f->err = err();
		return;
	}
	f->err = fstatat(f->dirfd, f->path, &f->st, AT_SYMLINK_NOFOLLOW) < 0 ? err() : 0;
}

/* f->n2/f->name: the new link; f->n: the file. */
void
_nfhostlink(Fop *f)
{
	if((f->path2 = _nfhostpath(f->n, nil)) == nil){
		f->err = ENOMEM;
		f->k(f);
		return;
	}
	runat(f, plink, f->n2, f->name);
}

/* Reads and writes. */

/* f->dirfd2: the handle's fd, or -1 to open the file (opened lazily) and leave it there. */
static void
pread_(Fop *f)
{
	long n;

	if((f->iobuf = malloc(f->size > 0 ? f->size : 1)) == nil){
		f->err = ENOMEM;
		return;
	}
	f->iobufown = 1;
	if(f->dirfd2 < 0
	&& (f->dirfd2 = openat(f->dirfd, f->path, O_RDONLY|O_CLOEXEC|O_NOFOLLOW)) < 0){
		f->err = err();
		return;
	}
	if((n = pread(f->dirfd2, f->iobuf, f->size, f->off)) < 0){
		f->err = err();
		return;
	}
	f->count = n;
	f->err = 0;
}

static void
readopened(Fop *f)
{
	Handle h;

	if(f->dirfd2 >= 0 && f->h->fd < 0)
		f->h->fd = f->dirfd2;
	else if(f->dirfd2 >= 0 && f->dirfd2 != f->h->fd){	/* two first reads at once */
		h = *f->h;
		h.fd = f->dirfd2;
		_nfhostclose(&h);
	}
	f->k = f->k3;
	f->k(f);
}

void
_nfhostread(Fop *f)
{
	f->dirfd2 = f->h->fd;
	if(f->dirfd2 >= 0){
		run(f, pread_);
		return;
	}
	f->k3 = f->k;
	f->k = readopened;
	runat(f, pread_, f->h->n, nil);
}

static void
pwrite_(Fop *f)
{
	long n;

	if((n = pwrite(f->h->fd, f->wbuf, f->size, f->off)) < 0){
		f->err = err();
		return;
	}
	f->count = n;
	f->err = 0;
}

void
_nfhostwrite(Fop *f)
{
	run(f, pwrite_);
}

static void
pfsync(Fop *f)
{
	int r;

	if(f->h->fd < 0){	/* opened to read and never read: nothing to sync */
		f->err = 0;
		return;
	}
	r = f->flags ? fdatasync(f->h->fd) : fsync(f->h->fd);
	f->err = r < 0 ? err() : 0;
}

/* f->flags: data only. */
void
_nfhostfsync(Fop *f)
{
	run(f, pfsync);
}

/* Directory listings. */

static void
plist(Fop *f)
{
	DIR *d;
	struct dirent *de;
	struct stat st;
	int fd;

	if((fd = openat(f->dirfd, f->path, O_RDONLY|O_DIRECTORY|O_CLOEXEC)) < 0){
		f->err = err();
		return;
	}
	if((d = fdopendir(fd)) == nil){
		f->err = err();
		close(fd);
		return;
	}
	f->err = 0;
	while(errno = 0, (de = readdir(d)) != nil){
		if(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if(fstatat(fd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0){
			if(errno == ENOENT)	/* gone meanwhile */
				continue;
			memset(&st, 0, sizeof st);
			st.st_ino = de->d_ino;
			st.st_mode = DTTOIF(de->d_type);
		}
		if(_nflistadd(&f->h->list, de->d_name, &st, nil) < 0){
			f->err = ENOMEM;
			break;
		}
	}
	if(f->err == 0 && errno != 0)
		f->err = errno;
	closedir(d);
}

/*
 * List into f->h->list: the member's directory f->m itself for the union's root, else
 * f->h's directory. The entries are from f->m.
 */
void
_nfhostlist(Fop *f)
{
	f->idx = f->h->list.n;
	runat(f, plist, f->n, nil);
}

/* Statfs and access. */

static void
pstatfs(Fop *f)
{
	f->err = fstatvfs(f->dirfd, f->sv) < 0 ? err() : 0;
}

void
_nfhoststatfs(Fop *f)
{
	runat(f, pstatfs, f->n, nil);
}

static void
paccess(Fop *f)
{
	f->err = faccessat(f->dirfd, f->path, f->flags, 0) < 0 ? err() : 0;
}

/* f->flags: the access mask. */
void
_nfhostaccess(Fop *f)
{
	runat(f, paccess, f->n, nil);
}
