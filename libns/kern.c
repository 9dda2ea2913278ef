/* kern.c: the kernel's part of binds: detached trees, attaching them, unmounting. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

/* Bind the object open as newfd onto the one open as oldfd, as mount --rbind does. */
int
_nskbind(int newfd, const char *newpath, int oldfd, const char *oldpath)
{
	int t;

	t = open_tree(newfd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE |
		AT_EMPTY_PATH);
	if(t < 0)
		return _nssyserr(newpath);
	if(move_mount(t, "", oldfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0){
		close(t);
		return _nssyserr(oldpath);
	}
	close(t);
	return 0;
}

/* Attach the detached mount mfd on the object open as oldfd. */
int
_nsattach(int mfd, int oldfd, const char *oldpath)
{
	if(move_mount(mfd, "", oldfd, "", MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return _nssyserr(oldpath);
	return 0;
}

/* Take n mounts off path, the top first. */
int
_nsumount(const char *path, int n)
{
	int i;

	for(i = 0; i < n; i++)
		if(umount2(path, MNT_DETACH | UMOUNT_NOFOLLOW) < 0)
			return _nssyserr(path);
	return 0;
}

int
_nsmntidof(int fd, uvlong *id)
{
	struct statx st;

	if(statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW, STATX_MNT_ID, &st) < 0)
		return _nssyserr("statx");
	if(!(st.stx_mask & STATX_MNT_ID)){
		p9werrstr("statx: no mount id");
		return -1;
	}
	*id = st.stx_mnt_id;
	return 0;
}

static int
special(mode_t m)
{
	return S_ISCHR(m) || S_ISBLK(m) || S_ISFIFO(m) || S_ISSOCK(m);
}

/*
 * Through FUSE a union cannot give device files, sockets and FIFOs their meaning (its
 * mounts are nodev, and sockets and FIFOs are tied to the host's inodes), nor show what is
 * mounted under a host directory. So the entries of a host directory member that the union
 * shows as that member's (same type, same device) are bound from the member over the union's
 * entries: its special files, and with dirs set its directories (walking into a union's
 * subdirectory stays inside one member anyway, so this is what Plan 9 gives, at the kernel's
 * speed). Entries failing to bind are left to the union.
 */
int
_nsgraft(const char *old, int memberfd, int dirs)
{
	struct stat ms, us;
	struct dirent *de;
	DIR *d;
	int dfd, ufd, t;

	if((ufd = open(old, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return _nssyserr(old);
	if((dfd = openat(memberfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0 ||
	   (d = fdopendir(dfd)) == nil){
		if(dfd >= 0)
			close(dfd);
		close(ufd);
		return 0;	/* an unreadable member has nothing to graft */
	}
	while((de = readdir(d)) != nil){
		if(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if(fstatat(memberfd, de->d_name, &ms, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if(!special(ms.st_mode) && !(dirs && S_ISDIR(ms.st_mode)))
			continue;
		if(fstatat(ufd, de->d_name, &us, AT_SYMLINK_NOFOLLOW) < 0 ||
		   (us.st_mode & S_IFMT) != (ms.st_mode & S_IFMT) ||
		   ((S_ISCHR(ms.st_mode) || S_ISBLK(ms.st_mode)) && us.st_rdev != ms.st_rdev))
			continue;
		t = open_tree(memberfd, de->d_name, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC |
			AT_RECURSIVE | AT_SYMLINK_NOFOLLOW);
		if(t < 0)
			continue;
		move_mount(t, "", ufd, de->d_name, MOVE_MOUNT_F_EMPTY_PATH);
		close(t);
	}
	closedir(d);
	close(ufd);
	return 0;
}

/* Undo mountinfo's octal escapes (\040 for a space) in place. */
static void
unescape(char *s)
{
	char *w;

	for(w = s; *s; s++){
		if(s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		   s[3] >= '0' && s[3] <= '7'){
			*w++ = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			s += 3;
		}else
			*w++ = *s;
	}
	*w = 0;
}

/*
 * The mounts made on the mount topid (a union about to be covered by its copy), each open
 * (not cloned, so moving it moves it) with its mount point: a malloc'd array, *np long.
 * nsremount moves each onto its mount point again, which by then is in the copy, and
 * frees the array.
 */
Nssub*
_nssubmounts(uvlong topid, int *np)
{
	char *line, *f[6], *p;
	size_t cap;
	FILE *mi;
	Nssub *sub, *s;
	int n, nf, fd;

	*np = 0;
	if((mi = fopen("/proc/self/mountinfo", "re")) == nil){
		_nssyserr("mountinfo");
		return nil;
	}
	line = nil;
	cap = 0;
	n = 0;
	sub = nil;
	while(getline(&line, &cap, mi) > 0){
		for(nf = 0, p = line; nf < 6 && (f[nf] = strsep(&p, " ")) != nil; nf++)
			;
		if(nf < 6 || strtoull(f[1], nil, 10) != topid)
			continue;
		unescape(f[4]);
		fd = open_tree(AT_FDCWD, f[4], OPEN_TREE_CLOEXEC | AT_SYMLINK_NOFOLLOW);
		if(fd < 0)
			continue;
		if((s = realloc(sub, (n + 1) * sizeof *sub)) == nil ||
		   (s[n].path = strdup(f[4])) == nil){
			close(fd);
			sub = s != nil ? s : sub;
			break;
		}
		sub = s;
		sub[n++].fd = fd;
	}
	free(line);
	fclose(mi);
	*np = n;
	return sub;
}

void
_nsremount(Nssub *sub, int n)
{
	int i;

	for(i = 0; i < n; i++){
		move_mount(sub[i].fd, "", AT_FDCWD, sub[i].path, MOVE_MOUNT_F_EMPTY_PATH);
		close(sub[i].fd);
		free(sub[i].path);
	}
	free(sub);
}
