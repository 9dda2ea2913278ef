/*
 * caller.c: the part of #c that depends on who asks: pid, ppid and consctl, a small FUSE
 * file system of nsd's own. 9P does not say which process reads a file; FUSE does, so
 * these three are served here and bound over devfs's in /dev (see devfs(4)).
 */
#define FUSE_USE_VERSION 34
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <fuse_lowlevel.h>
#include "nsd.h"
#include "../../libns/nsimpl.h"

enum {
	Qroot = FUSE_ROOT_ID,
	Qpid,
	Qppid,
	Qconsctl,
	Nq,
};

static const struct {
	const char *name;
	mode_t mode;
} files[Nq] = {
	[Qroot] = {"", S_IFDIR | 0555},
	[Qpid] = {"pid", S_IFREG | 0444},
	[Qppid] = {"ppid", S_IFREG | 0444},
	[Qconsctl] = {"consctl", S_IFREG | 0220},
};

/* An open consctl: the terminal it put in raw mode, and how it was. */
typedef struct Ctl Ctl;
struct Ctl {
	int tty;
	struct termios cooked;
	int raw;
};

static struct fuse_session *se;
static struct timespec born;
static uv_poll_t poll;
static int mfd = -1;
static struct fuse_buf buf;

static void
attrof(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof *st);
	st->st_ino = ino;
	st->st_mode = files[ino].mode;
	st->st_nlink = 1;
	st->st_uid = getuid();
	st->st_gid = getgid();
	st->st_atim = st->st_mtim = st->st_ctim = born;
}

static void
oplookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;
	int i;

	for(i = Qpid; i < Nq; i++)
		if(parent == Qroot && strcmp(name, files[i].name) == 0){
			memset(&e, 0, sizeof e);
			e.ino = i;
			e.attr_timeout = e.entry_timeout = 3600;
			attrof(i, &e.attr);
			fuse_reply_entry(req, &e);
			return;
		}
	fuse_reply_err(req, ENOENT);
}

static void
opgetattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	if(ino < Qroot || ino >= Nq){
		fuse_reply_err(req, ENOENT);
		return;
	}
	attrof(ino, &st);
	fuse_reply_attr(req, &st, 3600);
}

/* The process of the thread that asks (FUSE gives the thread). */
static pid_t
callerpid(fuse_req_t req)
{
	char path[64], b[1024], *p;
	pid_t tid;
	int fd, n;

	tid = fuse_req_ctx(req)->pid;
	snprintf(path, sizeof path, "/proc/%d/status", (int)tid);
	if((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return tid;
	n = read(fd, b, sizeof b - 1);
	close(fd);
	if(n <= 0)
		return tid;
	b[n] = 0;
	if((p = strstr(b, "\nTgid:")) == nil)
		return tid;
	return strtol(p + 6, nil, 10);
}

static void
opopen(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	Ctl *c;

	fi->direct_io = 1;
	fi->fh = 0;
	if(ino == Qconsctl){
		if((c = calloc(1, sizeof *c)) == nil){
			fuse_reply_err(req, ENOMEM);
			return;
		}
		c->tty = -1;
		fi->fh = (uintptr_t)c;
	}
	fuse_reply_open(req, fi);
}

static void
opread(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off, struct fuse_file_info *fi)
{
	char b[32];
	long v;
	int n;

	if(ino != Qpid && ino != Qppid){
		fuse_reply_err(req, EACCES);
		return;
	}
	v = callerpid(req);
	if(ino == Qppid)
		v = _nsprocstat(v, 4);
	/* Plan 9's number files: 11 digits wide and a space */
	n = snprintf(b, sizeof b, "%11ld ", v);
	if(off >= n){
		fuse_reply_buf(req, nil, 0);
		return;
	}
	n -= off;
	fuse_reply_buf(req, b + off, (size_t)n < size ? (size_t)n : size);
}

/* The caller's controlling terminal, opened anew through one of its descriptors. */
static int
callertty(pid_t pid)
{
	char path[64];
	struct stat st;
	long tty;
	int i, fd;

	if((tty = _nsprocstat(pid, 7)) <= 0)
		return -1;
	for(i = 0; i < 3; i++){
		snprintf(path, sizeof path, "/proc/%d/fd/%d", (int)pid, i);
		if(stat(path, &st) == 0 && S_ISCHR(st.st_mode) && (long)st.st_rdev == tty &&
		   (fd = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC)) >= 0)
			return fd;
	}
	return -1;
}

static int
rawon(Ctl *c, pid_t pid)
{
	struct termios t;

	if(c->raw)
		return 0;
	if(c->tty < 0 && (c->tty = callertty(pid)) < 0)
		return 0;	/* no terminal: nothing to change, as with a file */
	if(tcgetattr(c->tty, &c->cooked) < 0)
		return -1;
	t = c->cooked;
	t.c_lflag &= ~(ICANON | ECHO | ISIG);
	t.c_iflag &= ~(ICRNL | IXON);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if(tcsetattr(c->tty, TCSANOW, &t) < 0)
		return -1;
	c->raw = 1;
	return 0;
}

static void
rawoff(Ctl *c)
{
	if(c->raw && c->tty >= 0)
		tcsetattr(c->tty, TCSANOW, &c->cooked);
	c->raw = 0;
}

static void
opwrite(fuse_req_t req, fuse_ino_t ino, const char *data, size_t size, off_t off,
	struct fuse_file_info *fi)
{
	char b[128], *f[8], *p;
	Ctl *c;
	int i, n;

	c = (Ctl*)(uintptr_t)fi->fh;
	if(ino != Qconsctl || c == nil){
		fuse_reply_err(req, EACCES);
		return;
	}
	if(size >= sizeof b){
		fuse_reply_err(req, EINVAL);
		return;
	}
	memmove(b, data, size);
	b[size] = 0;
	n = 0;
	for(p = strtok(b, " \t\n"); p != nil && n < (int)nelem(f); p = strtok(nil, " \t\n"))
		f[n++] = p;
	for(i = 0; i < n; i++){
		if(strcmp(f[i], "rawon") == 0){
			if(rawon(c, callerpid(req)) < 0){
				fuse_reply_err(req, errno);
				return;
			}
		}else if(strcmp(f[i], "rawoff") == 0)
			rawoff(c);
		else if(strcmp(f[i], "holdon") != 0 && strcmp(f[i], "holdoff") != 0){
			fuse_reply_err(req, EINVAL);
			return;
		}
	}
	fuse_reply_write(req, size);
}

/* Closing consctl ends the raw mode it asked for, as in Plan 9. */
static void
oprelease(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	Ctl *c;

	if((c = (Ctl*)(uintptr_t)fi->fh) != nil){
		rawoff(c);
		if(c->tty >= 0)
			close(c->tty);
		free(c);
	}
	fuse_reply_err(req, 0);
}

static const struct fuse_lowlevel_ops ops = {
	.lookup = oplookup,
	.getattr = opgetattr,
	.open = opopen,
	.read = opread,
	.write = opwrite,
	.release = oprelease,
};

static void
serve(uv_poll_t *p, int status, int events)
{
	int n;

	if(status < 0)
		return;
	n = fuse_session_receive_buf(se, &buf);
	if(n == -EAGAIN || n == -EINTR)
		return;
	if(n <= 0 || fuse_session_exited(se)){
		uv_poll_stop(&poll);
		return;
	}
	fuse_session_process_buf(se, &buf);
}

static void
quiet(enum fuse_log_level level, const char *fmt, va_list ap)
{
}

/*
 * The file system's detached mount, made the first time: the caller clones its files from
 * it (open_tree) onto devfs's. -1 with errstr set when it cannot be had.
 */
int
callerfsfd(void)
{
	static char *argv[] = {"nsd", nil};
	struct fuse_args args = FUSE_ARGS_INIT(1, argv);
	char num[32], dev[32];
	int fsfd, devfd;

	if(mfd >= 0)
		return mfd;
	clock_gettime(CLOCK_REALTIME, &born);
	fuse_set_log_func(quiet);
	if((devfd = open("/dev/fuse", O_RDWR | O_CLOEXEC | O_NONBLOCK)) < 0){
		p9oserror(errno);
		p9werrstr("/dev/fuse: %r");
		return -1;
	}
	if((fsfd = fsopen("fuse", FSOPEN_CLOEXEC)) < 0){
		p9oserror(errno);
		p9werrstr("fsopen: %r");
		close(devfd);
		return -1;
	}
	snprintf(num, sizeof num, "%d", devfd);
	if(fsconfig(fsfd, FSCONFIG_SET_STRING, "source", "#c", 0) < 0 ||
	   fsconfig(fsfd, FSCONFIG_SET_STRING, "fd", num, 0) < 0 ||
	   fsconfig(fsfd, FSCONFIG_SET_STRING, "rootmode", "40555", 0) < 0 ||
	   (snprintf(num, sizeof num, "%u", (uint)getuid()),
	    fsconfig(fsfd, FSCONFIG_SET_STRING, "user_id", num, 0)) < 0 ||
	   (snprintf(num, sizeof num, "%u", (uint)getgid()),
	    fsconfig(fsfd, FSCONFIG_SET_STRING, "group_id", num, 0)) < 0 ||
	   fsconfig(fsfd, FSCONFIG_CMD_CREATE, nil, nil, 0) < 0 ||
	   (mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV)) < 0){
		p9oserror(errno);
		p9werrstr("#c's own files: %r");
		close(fsfd);
		close(devfd);
		return -1;
	}
	close(fsfd);
	snprintf(dev, sizeof dev, "/dev/fd/%d", devfd);
	se = fuse_session_new(&args, &ops, sizeof ops, nil);
	fuse_opt_free_args(&args);
	if(se == nil || fuse_session_mount(se, dev) < 0 || uv_poll_init(loop, &poll, devfd) < 0){
		p9werrstr("#c's own files: cannot serve them");
		close(mfd);
		mfd = -1;
		return -1;
	}
	uv_poll_start(&poll, UV_READABLE, serve);
	return mfd;
}
