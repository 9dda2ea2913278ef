/*
 * nullfuse: the floor under any FUSE file system on this machine. A file system on
 * libfuse3's low-level API that keeps nothing and answers every request at once: the root
 * holds one directory, d (found anew on every lookup, as an uncached 9P mount's are), no
 * other name is ever found, a create makes a new inode, writes take everything, flush and
 * release succeed. bench/fuse.sh times fusebench's create loop on it beside 9pfuse's: the
 * difference is what 9P and the server add to the kernel's round trips.
 *
 * Usage: nullfuse mountpoint	(stays in the foreground; unmount with fusermount3 -u)
 */
#define FUSE_USE_VERSION 34
#include <errno.h>
#include <fuse_lowlevel.h>
#include <stdio.h>
#include <string.h>

enum { Dirino = FUSE_ROOT_ID + 1 };

static fuse_ino_t lastino = Dirino;

static void
fillattr(struct stat *st, fuse_ino_t ino)
{
	memset(st, 0, sizeof *st);
	st->st_ino = ino;
	st->st_mode = ino <= Dirino ? S_IFDIR | 0777 : S_IFREG | 0666;
	st->st_nlink = 1;
}

static void
nulllookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;

	if(parent != FUSE_ROOT_ID || strcmp(name, "d") != 0){
		fuse_reply_err(req, ENOENT);
		return;
	}
	memset(&e, 0, sizeof e);
	e.ino = Dirino;
	e.generation = 1;
	fillattr(&e.attr, e.ino);
	fuse_reply_entry(req, &e);
}

static void
nullgetattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	(void)fi;
	fillattr(&st, ino);
	fuse_reply_attr(req, &st, 0);
}

static void
nullcreate(fuse_req_t req, fuse_ino_t parent, const char *name, mode_t mode,
	struct fuse_file_info *fi)
{
	struct fuse_entry_param e;

	(void)parent;
	(void)name;
	(void)mode;
	memset(&e, 0, sizeof e);
	e.ino = ++lastino;
	e.generation = 1;
	fillattr(&e.attr, e.ino);
	fi->direct_io = 1;	/* as 9pfuse without -C */
	fuse_reply_create(req, &e, fi);
}

static void
nullwrite(fuse_req_t req, fuse_ino_t ino, const char *buf, size_t n, off_t off,
	struct fuse_file_info *fi)
{
	(void)ino;
	(void)buf;
	(void)off;
	(void)fi;
	fuse_reply_write(req, n);
}

static void
nullok(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	(void)ino;
	(void)fi;
	fuse_reply_err(req, 0);
}

static void
nullforget(fuse_req_t req, fuse_ino_t ino, uint64_t n)
{
	(void)ino;
	(void)n;
	fuse_reply_none(req);
}

static const struct fuse_lowlevel_ops nullops = {
	.lookup = nulllookup,
	.getattr = nullgetattr,
	.create = nullcreate,
	.write = nullwrite,
	.flush = nullok,
	.release = nullok,
	.forget = nullforget,
};

int
main(int argc, char **argv)
{
	char *fargv[] = {"nullfuse", NULL};
	struct fuse_args args = FUSE_ARGS_INIT(1, fargv);
	struct fuse_session *se;
	int r;

	if(argc != 2){
		fprintf(stderr, "usage: nullfuse mountpoint\n");
		return 1;
	}
	if((se = fuse_session_new(&args, &nullops, sizeof nullops, NULL)) == NULL)
		return 1;
	if(fuse_session_mount(se, argv[1]) != 0){
		fuse_session_destroy(se);
		return 1;
	}
	r = fuse_session_loop(se);
	fuse_session_unmount(se);
	fuse_session_destroy(se);
	return r != 0;
}
