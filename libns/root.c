/* root.c: a name space's own root: the host's root entries where they were, plus Plan 9's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

/* What the root adds, replacing host entries of the same names. */
static const char *const plan9dirs[] = {"srv", "n", "mnt"};
static const char *const mntdirs[] = {"term", "factotum"};

typedef struct Entry Entry;
struct Entry {
	char *name;
	mode_t type;
	int tree;		/* a detached copy of the host's (directories and files) */
	char *target;		/* symbolic links */
};

static int
ours(const char *name)
{
	uint i;

	for(i = 0; i < nelem(plan9dirs); i++)
		if(strcmp(name, plan9dirs[i]) == 0)
			return 1;
	return strcmp(name, "fd") == 0;
}

static void
freeentries(Entry *e, int n)
{
	int i;

	for(i = 0; i < n; i++){
		if(e[i].tree >= 0)
			close(e[i].tree);
		free(e[i].name);
		free(e[i].target);
	}
	free(e);
}

/* Copy of every entry of the host's root, taken before anything covers it. */
static Entry*
hostentries(int *np)
{
	char path[PATH_MAX], target[PATH_MAX];
	struct dirent *de;
	struct stat st;
	Entry *e, *ne;
	DIR *d;
	int n;
	long len;

	if((d = opendir("/")) == nil){
		_nssyserr("/");
		return nil;
	}
	e = nil;
	n = 0;
	while((de = readdir(d)) != nil){
		if(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 || ours(de->d_name))
			continue;
		p9snprint(path, sizeof path, "/%s", de->d_name);
		if(lstat(path, &st) < 0)
			continue;
		if((ne = realloc(e, (n + 1) * sizeof *e)) == nil)
			goto nomem;
		e = ne;
		memset(&e[n], 0, sizeof e[n]);
		e[n].tree = -1;
		e[n].type = st.st_mode & S_IFMT;
		if((e[n].name = strdup(de->d_name)) == nil)
			goto nomem;
		n++;
		if(S_ISLNK(st.st_mode)){
			if((len = readlink(path, target, sizeof target - 1)) < 0)
				continue;
			target[len] = 0;
			if((e[n-1].target = strdup(target)) == nil)
				goto nomem;
			continue;
		}
		e[n-1].tree = open_tree(AT_FDCWD, path, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
		if(e[n-1].tree < 0){
			_nssyserr(path);
			closedir(d);
			freeentries(e, n);
			return nil;
		}
	}
	closedir(d);
	*np = n;
	return e;
nomem:
	closedir(d);
	freeentries(e, n);
	p9werrstr("out of memory");
	return nil;
}

/* Make name under dir (a path) like e, and put the host's copy there. */
static int
place(const char *dir, Entry *e)
{
	char path[PATH_MAX];
	int fd;

	p9snprint(path, sizeof path, "%s/%s", dir, e->name);
	if(e->target != nil){
		if(symlink(e->target, path) < 0)
			return _nssyserr(path);
		return 0;
	}
	if(e->tree < 0)
		return 0;
	if(e->type == S_IFDIR){
		if(mkdir(path, 0755) < 0)
			return _nssyserr(path);
	}else{
		if((fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644)) < 0)
			return _nssyserr(path);
		close(fd);
	}
	if(move_mount(e->tree, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH) < 0)
		return _nssyserr(path);
	return 0;
}

/* Plan 9's entries: /srv (for #s), writable /n and /mnt, /mnt/term, /mnt/factotum, /fd. */
static int
plan9entries(const char *dir)
{
	char path[PATH_MAX];
	uint i;

	for(i = 0; i < nelem(plan9dirs); i++){
		p9snprint(path, sizeof path, "%s/%s", dir, plan9dirs[i]);
		if(mkdir(path, 0755) < 0)
			return _nssyserr(path);
		if(strcmp(plan9dirs[i], "srv") == 0)
			continue;
		if(mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0)
			return _nssyserr(path);
	}
	for(i = 0; i < nelem(mntdirs); i++){
		p9snprint(path, sizeof path, "%s/mnt/%s", dir, mntdirs[i]);
		if(mkdir(path, 0755) < 0)
			return _nssyserr(path);
	}
	p9snprint(path, sizeof path, "%s/fd", dir);
	if(symlink("/proc/self/fd", path) < 0)
		return _nssyserr(path);
	return 0;
}

/* Make dir, a mount point, the root; the old root goes. */
static int
enterroot(const char *dir)
{
	char old[PATH_MAX];

	p9snprint(old, sizeof old, "%s/.oldroot", dir);
	if(mkdir(old, 0700) < 0)
		return _nssyserr(old);
	if(syscall(SYS_pivot_root, dir, old) < 0)
		return _nssyserr("pivot_root");
	if(chdir("/") < 0)
		return _nssyserr("/");
	if(umount2("/.oldroot", MNT_DETACH) < 0)
		return _nssyserr("detach the host's root");
	rmdir("/.oldroot");
	if(mount(nil, "/", nil, MS_REMOUNT | MS_BIND | MS_RDONLY, nil) < 0)
		return _nssyserr("make the root read-only");
	return 0;
}

int
nsmkroot(void)
{
	char cwd[PATH_MAX], dir[PATH_MAX];
	Entry *e;
	int n, i, at;

	if(getcwd(cwd, sizeof cwd) == nil)
		strcpy(cwd, "/");
	if((e = hostentries(&n)) == nil)
		return -1;
	/* the new root goes on one of the host directories already copied: /tmp if there */
	at = -1;
	for(i = 0; i < n; i++)
		if(e[i].type == S_IFDIR && e[i].tree >= 0 && (at < 0 || strcmp(e[i].name, "tmp") == 0))
			at = i;
	if(at < 0){
		freeentries(e, n);
		p9werrstr("the host's root has no directory to build on");
		return -1;
	}
	p9snprint(dir, sizeof dir, "/%s", e[at].name);
	if(mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") < 0){
		freeentries(e, n);
		return _nssyserr("root tmpfs");
	}
	for(i = 0; i < n; i++)
		if(place(dir, &e[i]) < 0){
			freeentries(e, n);
			return -1;
		}
	freeentries(e, n);
	if(plan9entries(dir) < 0 || enterroot(dir) < 0)
		return -1;
	if(chdir(cwd) < 0)
		chdir("/");
	return 0;
}
