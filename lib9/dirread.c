/* dirread.c: p9dirread and p9dirreadall: a host directory's entries as Plan 9 Dirs. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "sysimpl.h"

/* What the kernel hands back from getdents64. */
struct linuxdirent {
	uint64_t ino;
	int64_t off;
	unsigned short reclen;
	unsigned char type;
	char name[];
};

/* Pack n Dirs, each its own allocation, into one array with the strings after it. */
static Dir*
pack(Dir **dirs, long n)
{
	size_t size, k;
	char *p;
	Dir *d;
	long i;

	size = n * sizeof(Dir);
	for(i = 0; i < n; i++)
		size += strlen(dirs[i]->name) + strlen(dirs[i]->uid) + strlen(dirs[i]->gid) +
			strlen(dirs[i]->muid) + 4;
	d = malloc(size > 0 ? size : 1);
	if(d == nil){
		p9werrstr("out of memory");
		return nil;
	}
	p = (char*)(d + n);
	for(i = 0; i < n; i++){
		d[i] = *dirs[i];
#define COPY(f)	k = strlen(dirs[i]->f) + 1; d[i].f = memcpy(p, dirs[i]->f, k); p += k
		COPY(name);
		COPY(uid);
		COPY(gid);
		COPY(muid);
#undef COPY
	}
	return d;
}

/* The Dir of entry name in the directory fd: its target's for a symbolic link, if any. */
static Dir*
entry(int fd, const char *name)
{
	struct stat st;

	if(fstatat(fd, name, &st, 0) < 0 && fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return nil;	/* gone since it was listed */
	return p9_statdir(&st, name);
}

static void
freedirs(Dir **dirs, long n)
{
	while(n > 0)
		free(dirs[--n]);
	free(dirs);
}

long
p9dirread(int fd, Dir **dp)
{
	char buf[8192];
	struct linuxdirent *de;
	Dir **dirs, *d;
	long n, nd, i;
	int off;

	*dp = nil;
	do{
		n = syscall(SYS_getdents64, fd, buf, sizeof buf);
		if(n < 0)
			return p9oserror(errno);
		if(n == 0)
			return 0;
		nd = 0;
		for(off = 0; off < n; off += de->reclen){
			de = (struct linuxdirent*)(buf + off);
			nd++;
		}
		dirs = malloc(nd * sizeof dirs[0]);
		if(dirs == nil){
			p9werrstr("out of memory");
			return -1;
		}
		i = 0;
		for(off = 0; off < n; off += de->reclen){
			de = (struct linuxdirent*)(buf + off);
			if(strcmp(de->name, ".") == 0 || strcmp(de->name, "..") == 0)
				continue;
			if((d = entry(fd, de->name)) != nil)
				dirs[i++] = d;
		}
		d = i > 0 ? pack(dirs, i) : nil;
		freedirs(dirs, i);
		if(i > 0 && d == nil)
			return -1;
	}while(i == 0);		/* only . and .. or vanished entries: read on */
	*dp = d;
	return i;
}

/* Read the blocks p9dirread returns, then pack all their entries into one array. */
long
p9dirreadall(int fd, Dir **dp)
{
	struct { Dir *d; long n; } *blocks, *nb;
	Dir **dirs, *d;
	long n, nblock, total, i, j, k;

	*dp = nil;
	blocks = nil;
	nblock = total = 0;
	while((n = p9dirread(fd, &d)) > 0){
		nb = realloc(blocks, (nblock + 1) * sizeof blocks[0]);
		if(nb == nil){
			free(d);
			n = -1;
			p9werrstr("out of memory");
			break;
		}
		blocks = nb;
		blocks[nblock].d = d;
		blocks[nblock++].n = n;
		total += n;
	}
	if(n == 0 && total > 0){
		dirs = malloc(total * sizeof dirs[0]);
		if(dirs != nil){
			for(i = k = 0; i < nblock; i++)
				for(j = 0; j < blocks[i].n; j++)
					dirs[k++] = &blocks[i].d[j];
			*dp = pack(dirs, total);
			free(dirs);
		}else
			p9werrstr("out of memory");
		if(*dp == nil)
			n = -1;
	}
	for(i = 0; i < nblock; i++)
		free(blocks[i].d);
	free(blocks);
	return n < 0 ? -1 : total;
}
