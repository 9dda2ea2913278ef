/*
 * sysfile.c: Plan 9's file system calls on Unix, each setting the error string on failure:
 * p9open, p9create, p9close, p9read, p9pread, p9pwrite, p9seek, p9dup, p9pipe, p9chdir,
 * p9remove, p9access, p9fd2path, p9iounit, p9getwd.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include <planten/lib9.h>

/*
 * Every bit a Plan 9 open mode may have; any other bit means the caller passed Unix flags.
 * Unix's O_CREAT is Plan 9's ORCLOSE: alone (without O_TRUNC, O_EXCL, O_APPEND, ...) it is
 * read as Plan 9's.
 */
enum { P9modebits = 3|OTRUNC|OCEXEC|ORCLOSE|OEXCL };

static int
unixflags(int mode)
{
	int fl;

	switch(mode & 3){
	case OREAD:
	case OEXEC:
		fl = O_RDONLY;
		break;
	case OWRITE:
		fl = O_WRONLY;
		break;
	default:
		fl = O_RDWR;
		break;
	}
	if(mode & OTRUNC)
		fl |= O_TRUNC;
	if(mode & OCEXEC)
		fl |= O_CLOEXEC;
	if(mode & OEXCL)
		fl |= O_EXCL;
	if(mode & OAPPEND)
		fl |= O_APPEND;
	if(mode & ONONBLOCK)
		fl |= O_NONBLOCK;
	return fl;
}

/*
 * Files opened ORCLOSE, removed when p9close closes them (or p9dup closes them by putting
 * another file on their fd). Each is known by its device and inode too: an fd that Unix's
 * close let go of, and that now has another file, or a name that now has another file,
 * is left alone.
 */
enum { Nrclose = 64 };
static pthread_mutex_t rcloselock = PTHREAD_MUTEX_INITIALIZER;
static struct {
	int fd;
	dev_t dev;
	ino_t ino;
} rclose[Nrclose];
static int nrclose;

static int
setrclose(int fd)
{
	struct stat st;
	int i;

	if(fstat(fd, &st) < 0)
		return p9oserror(errno);
	pthread_mutex_lock(&rcloselock);
	for(i = 0; i < nrclose; i++)
		if(rclose[i].fd == fd)	/* closed by Unix's close, and the number given again */
			break;
	if(i < Nrclose){
		rclose[i].fd = fd;
		rclose[i].dev = st.st_dev;
		rclose[i].ino = st.st_ino;
		if(i == nrclose)
			nrclose++;
	}
	pthread_mutex_unlock(&rcloselock);
	if(i == Nrclose){
		p9werrstr("too many files open ORCLOSE");
		return -1;
	}
	return 0;
}

/*
 * Whether fd is open ORCLOSE and still has the file it was opened with, and that file's
 * name in path (nil: whether fd is in the table); take removes fd from the table.
 */
static int
rclosepath(int fd, char *path, int npath, int take)
{
	struct stat st;
	dev_t dev;
	ino_t ino;
	int i, found;

	found = 0;
	dev = 0;
	ino = 0;
	pthread_mutex_lock(&rcloselock);
	for(i = 0; i < nrclose; i++)
		if(rclose[i].fd == fd){
			found = 1;
			dev = rclose[i].dev;
			ino = rclose[i].ino;
			if(take)
				rclose[i] = rclose[--nrclose];
			break;
		}
	pthread_mutex_unlock(&rcloselock);
	if(path == nil)
		return found;
	if(!found || fstat(fd, &st) < 0 || st.st_dev != dev || st.st_ino != ino)
		return 0;
	/* the name the kernel has for it, if that still names it (not "name (deleted)") */
	if(p9fd2path(fd, path, npath) < 0 || lstat(path, &st) < 0 || st.st_dev != dev ||
	    st.st_ino != ino)
		return 0;
	return 1;
}

/* An fd just opened: apply ORCLOSE and OEXEC's check, or close it and fail. */
static int
opened(int fd, const char *name, int mode)
{
	if(fd < 0)
		return p9oserror(errno);
	if((mode & 3) == OEXEC && access(name, X_OK) < 0){
		p9oserror(errno);
		close(fd);
		return -1;
	}
	if((mode & ORCLOSE) && setrclose(fd) < 0){
		close(fd);
		return -1;
	}
	return fd;
}

/* Plan 9's name for the terminal is /dev/cons: outside a planten name space, /dev/tty. */
static const char*
hostname(const char *name)
{
	return strcmp(name, "/dev/cons") == 0 ? "/dev/tty" : name;
}

/*
 * A Unix socket opened: connected, as Plan 9's open of a posted service (/srv/name)
 * gives a conversation with its server. Names too long for sun_path go through the
 * socket's descriptor in /proc.
 */
static int
opensock(const char *name, int mode)
{
	struct sockaddr_un sa;
	struct stat st;
	int fd, pfd, e;

	if(stat(name, &st) < 0 || !S_ISSOCK(st.st_mode)){
		errno = ENXIO;
		return -1;
	}
	pfd = -1;
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	if(strlen(name) < sizeof sa.sun_path)
		strcpy(sa.sun_path, name);
	else{
		if((pfd = open(name, O_PATH | O_CLOEXEC)) < 0)
			return -1;
		snprintf(sa.sun_path, sizeof sa.sun_path, "/proc/self/fd/%d", pfd);
	}
	fd = socket(AF_UNIX, SOCK_STREAM | (mode & OCEXEC ? SOCK_CLOEXEC : 0), 0);
	if(fd >= 0 && connect(fd, (struct sockaddr*)&sa, sizeof sa) < 0){
		e = errno;
		close(fd);
		fd = -1;
		errno = e;
	}
	e = errno;
	if(pfd >= 0)
		close(pfd);
	errno = e;
	return fd;
}

/* #s/name, Plan 9's name for a posted service: name in the srv directory. */
static const char*
srvname(const char *name, char *buf, int nbuf)
{
	int n;

	if(strncmp(name, "#s/", 3) != 0 || p9srvdir(buf, nbuf) == nil)
		return name;
	n = strlen(buf);
	if(p9snprint(buf + n, nbuf - n, "/%s", name + 3) >= nbuf - n - 1)
		return name;
	return buf;
}

int
p9open(const char *name, int mode, ...)
{
	char buf[4096];
	va_list arg;
	int perm, fd;

	if(mode & ~P9modebits){
		perm = 0;
		if(mode & O_CREAT){
			va_start(arg, mode);
			perm = va_arg(arg, int);
			va_end(arg);
		}
		return opened(open(name, mode, perm), name, 0);
	}
	name = srvname(hostname(name), buf, sizeof buf);
	fd = open(name, unixflags(mode & ~OEXCL));
	if(fd < 0 && errno == ENXIO && (mode & 3) != OEXEC && !(mode & (ORCLOSE|OTRUNC)))
		fd = opensock(name, mode);
	return opened(fd, name, mode);
}

int
p9create(const char *name, int mode, ulong perm)
{
	int fd;

	name = hostname(name);
	if(perm & DMDIR){
		if((mode & 3) != OREAD){
			p9werrstr("is a directory");
			return -1;
		}
		if(mkdir(name, perm & 0777) < 0)
			return p9oserror(errno);
		fd = open(name, O_RDONLY | O_DIRECTORY | (mode & OCEXEC ? O_CLOEXEC : 0));
		return opened(fd, name, mode);
	}
	fd = open(name, unixflags(mode) | O_CREAT | O_TRUNC, perm & 0777);
	return opened(fd, name, mode);
}

int
p9close(int fd)
{
	char path[4096];

	if(rclosepath(fd, path, sizeof path, 1))
		remove(path);
	if(close(fd) < 0)
		return p9oserror(errno);
	return 0;
}

long
p9read(int fd, void *buf, long n)
{
	long m;

	m = read(fd, buf, n);
	if(m < 0)
		return p9oserror(errno);
	return m;
}

/* As Plan 9's, an offset of -1 means the fd's own offset. */
long
p9pread(int fd, void *buf, long n, vlong off)
{
	long m;

	m = off == -1 ? read(fd, buf, n) : pread(fd, buf, n, off);
	if(m < 0)
		return p9oserror(errno);
	return m;
}

long
p9pwrite(int fd, const void *buf, long n, vlong off)
{
	long m;

	m = off == -1 ? write(fd, buf, n) : pwrite(fd, buf, n, off);
	if(m < 0)
		return p9oserror(errno);
	return m;
}

vlong
p9seek(int fd, vlong off, int type)
{
	off_t o;

	o = lseek(fd, off, type);
	if(o < 0)
		return p9oserror(errno);
	return o;
}

int
p9dup(int oldfd, int newfd)
{
	char path[4096];
	int fd, rm;

	/* putting oldfd on newfd closes newfd's file, which goes if it was opened ORCLOSE */
	rm = newfd >= 0 && newfd != oldfd && rclosepath(newfd, path, sizeof path, 0);
	fd = newfd < 0 ? dup(oldfd) : dup2(oldfd, newfd);
	if(fd < 0)
		return p9oserror(errno);
	if(newfd >= 0 && newfd != oldfd){
		rclosepath(newfd, nil, 0, 1);
		if(rm)
			remove(path);
	}
	return fd;
}

/* Plan 9's pipes carry data both ways: a pair of connected sockets does too. */
int
p9pipe(int fd[2])
{
	if(socketpair(AF_UNIX, SOCK_STREAM, 0, fd) < 0)
		return p9oserror(errno);
	return 0;
}

int
p9chdir(const char *dir)
{
	if(chdir(dir) < 0)
		return p9oserror(errno);
	return 0;
}

int
p9remove(const char *name)
{
	if(remove(name) < 0)
		return p9oserror(errno);
	return 0;
}

int
p9access(const char *name, int mode)
{
	if(access(name, mode & (AREAD|AWRITE|AEXEC)) < 0)
		return p9oserror(errno);
	return 0;
}

int
p9fd2path(int fd, char *buf, int nbuf)
{
	char link[64];
	ssize_t n;

	if(nbuf <= 0){
		p9werrstr("bad arg in system call");
		return -1;
	}
	p9snprint(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, buf, nbuf - 1);
	if(n < 0){
		if(errno == ENOENT)
			errno = EBADF;
		return p9oserror(errno);
	}
	buf[n] = 0;
	return 0;
}

int
p9iounit(int fd)
{
	(void)fd;
	return 0;	/* no limit: write any amount at once */
}

char*
p9getwd(char *buf, int nbuf)
{
	if(nbuf <= 0 || getcwd(buf, nbuf) == nil){
		p9oserror(nbuf <= 0 ? EINVAL : errno);
		return nil;
	}
	return buf;
}
