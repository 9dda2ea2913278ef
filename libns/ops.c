/* ops.c: bind, mount, unmount and rfork in the caller's name space, with nsd's table. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

enum { Maxreply = 256 };

/* path made absolute against the current directory and cleaned; #devices kept as they are. */
static int
abspath(const char *path, char *buf, int n)
{
	char cwd[PATH_MAX];

	if(path == nil || path[0] == 0){
		p9werrstr("empty path");
		return -1;
	}
	if(path[0] == '/' || path[0] == '#'){
		if((int)strlen(path) >= n){
			p9werrstr("path too long");
			return -1;
		}
		strcpy(buf, path);
	}else{
		if(getcwd(cwd, sizeof cwd) == nil)
			return _nssyserr("getwd");
		if(p9snprint(buf, n, "%s/%s", cwd, path) >= n - 1){
			p9werrstr("path too long");
			return -1;
		}
	}
	if(buf[0] == '/')
		p9cleanname(buf);
	return 0;
}

/*
 * Any name in /n and /mnt is a directory to mount on, as Plan 9's mntgen makes them: a
 * missing one is made.
 */
static int
mntgen(const char *path)
{
	const char *p;

	p = strrchr(path, '/');
	if(p == nil || strchr(p, '.') == p + 1 || p[1] == 0)
		return -1;
	if(!((p - path == 2 && strncmp(path, "/n", 2) == 0) ||
	     (p - path == 4 && strncmp(path, "/mnt", 4) == 0)))
		return -1;
	return mkdir(path, 0755);
}

static int
openpath(const char *path, struct stat *st)
{
	int fd;

	if((fd = open(path, O_PATH | O_CLOEXEC)) < 0 && errno == ENOENT && mntgen(path) == 0)
		fd = open(path, O_PATH | O_CLOEXEC);
	if(fd < 0)
		return _nssyserr(path);
	if(fstat(fd, st) < 0){
		close(fd);
		return _nssyserr(path);
	}
	return fd;
}

static int
checkflag(int flag)
{
	if((flag & ~NSMMASK) != 0 || (flag & NSMORDER) == NSMORDER){
		p9werrstr("bad flags");
		return -1;
	}
	return 0;
}

/* A call to nsd; -2 (errstr set) when there is none to call. */
static int
call(const char *req, const int *fds, int nfds, char *reply, int *rfds, int *nrfds)
{
	return _nscall(req, fds, nfds, reply, Maxreply, rfds, nrfds);
}

/*
 * Attach a union (or 9P mount) instance nsd made, mfd, at old (open as oldfd). reply says
 * "mount I J [replace]": the positions in the union of the members the caller passed (the
 * directory at old, then new; -1 for none or not a host directory), and whether the new
 * instance replaces one at old, whose own mounts then move onto it.
 */
static int
attach(int mfd, int oldfd, const char *old, int newfd, const char *reply)
{
	char *f[5], buf[Maxreply];
	struct stat st;
	Nssub *sub;
	uvlong top;
	int n, nsub, iold, inew;

	p9strecpy(buf, buf + sizeof buf, reply);
	n = p9tokenize(buf, f, nelem(f));
	if(n < 3 || strcmp(f[0], "mount") != 0){
		p9werrstr("bad reply from name space daemon");
		return -1;
	}
	iold = atoi(f[1]);
	inew = atoi(f[2]);
	sub = nil;
	nsub = 0;
	if(n > 3 && strcmp(f[3], "replace") == 0 && _nsmntidof(oldfd, &top) == 0)
		sub = _nssubmounts(top, &nsub);
	if(_nsattach(mfd, oldfd, old) < 0){
		_nsremount(sub, nsub);
		return -1;
	}
	/* have the new root's attributes fetched once, before anyone checks access to it */
	stat(old, &st);
	if(sub != nil)
		_nsremount(sub, nsub);
	else{
		if(iold >= 0)
			_nsgraft(old, oldfd, iold == 0);
		if(inew >= 0 && newfd >= 0)
			_nsgraft(old, newfd, inew == 0);
	}
	return 0;
}

/*
 * "graft name..." at the end of a reply: bind each name in the file system open as fd
 * (nsd's, for #c) over old's entry of that name.
 */
static void
graftfiles(const char *old, int fd, char **name, int n)
{
	char path[PATH_MAX];
	int i, t;

	for(i = 0; i < n; i++){
		p9snprint(path, sizeof path, "%s/%s", old, name[i]);
		if(access(path, F_OK) < 0)
			continue;
		if((t = open_tree(fd, name[i], OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC)) < 0)
			continue;
		move_mount(t, "", AT_FDCWD, path, MOVE_MOUNT_F_EMPTY_PATH);
		close(t);
	}
}

/* nsd's answer to a union change: nothing more to do, an instance to attach, or grafts. */
static int
finish(int r, int *rfds, int nrfds, int oldfd, const char *old, int newfd, const char *reply)
{
	char buf[Maxreply], *f[16];
	int i, n, g;

	if(r < 0)
		return -1;
	p9strecpy(buf, buf + sizeof buf, reply);
	n = p9tokenize(buf, f, nelem(f));
	for(g = 0; g < n && strcmp(f[g], "graft") != 0; g++)
		;
	if(n > 0 && strcmp(f[0], "mount") == 0 && nrfds > 0)
		r = attach(rfds[0], oldfd, old, newfd, reply);
	else if(n == 2 && strcmp(f[0], "member") == 0 && newfd >= 0 && atoi(f[1]) >= 0)
		/* changed in place: where a new host directory landed */
		_nsgraft(old, newfd, atoi(f[1]) == 0);
	if(r == 0 && g < n && nrfds > 0)
		graftfiles(old, rfds[nrfds - 1], f + g + 1, n - g - 1);
	for(i = 0; i < nrfds; i++)
		close(rfds[i]);
	return r;
}

static int
replbind(int newfd, const char *new, const char *to, int oldfd, const char *old,
	struct stat *nst, struct stat *ost, int flag)
{
	char req[2*PATH_MAX + 64];
	uvlong nid, oid;
	int kernel, r;

	/* binding a directory on itself changes nothing but the table */
	kernel = !(nst->st_dev == ost->st_dev && nst->st_ino == ost->st_ino &&
		_nsmntidof(newfd, &nid) == 0 && _nsmntidof(oldfd, &oid) == 0 && nid == oid);
	if(kernel && _nskbind(newfd, new, oldfd, old) < 0){
		if(errno == EPERM && call("ping", nil, 0, nil, nil, nil) == -2)
			p9werrstr("%r (not in a name space started by 9 ns)");
		return -1;
	}
	p9snprint(req, sizeof req, "bind %d %q %q %d", flag, to, old, kernel);
	r = call(req, &newfd, 1, nil, nil, nil);
	if(r == -1 && kernel){
		_nsumount(old, 1);
		return -1;
	}
	return 0;
}

/* #c's cons is the terminal: the process's own, as the host's /dev/tty is. */
static void
constty(const char *dir)
{
	char path[PATH_MAX];
	int tty, cons;

	p9snprint(path, sizeof path, "%s/cons", dir);
	if((tty = open("/dev/tty", O_PATH | O_CLOEXEC)) < 0)
		return;
	if((cons = open(path, O_PATH | O_CLOEXEC)) >= 0){
		_nskbind(tty, "/dev/tty", cons, path);
		close(cons);
	}
	close(tty);
}

/* #s: the srv directory (made when $NAMESPACE names one not there yet); #c and #| are nsd's. */
static int
devpath(const char *dev, char *buf, int n)
{
	if(strcmp(dev, "#s") == 0){
		if(p9srvdir(buf, n) == nil)
			return -1;
		if(mkdir(buf, 0700) < 0 && errno != EEXIST)
			return _nssyserr(buf);
		return 1;
	}
	if(strcmp(dev, "#c") == 0 || strcmp(dev, "#|") == 0)
		return 0;
	p9werrstr("%s: unknown device", dev);
	return -1;
}

int
nsbind(const char *new, const char *old, int flag)
{
	char np[PATH_MAX], op[PATH_MAX], reply[Maxreply], req[2*PATH_MAX + 64];
	struct stat nst, ost;
	int newfd, oldfd, rfds[NsctlMaxfd], nrfds, r, fds[2], dev;

	if(checkflag(flag) < 0 || abspath(old, op, sizeof op) < 0 ||
	   abspath(new, np, sizeof np) < 0)
		return -1;
	if(op[0] == '#'){
		p9werrstr("%s: cannot bind onto a device", op);
		return -1;
	}
	dev = 1;
	if(np[0] == '#' && (dev = devpath(new, np, sizeof np)) < 0)
		return -1;
	/* new is evaluated first, as Plan 9's bind does: its error is the one reported */
	newfd = -1;
	if(dev != 0 && (newfd = openpath(np, &nst)) < 0)
		return -1;
	if((oldfd = openpath(op, &ost)) < 0){
		if(newfd >= 0)
			close(newfd);
		return -1;
	}
	if(dev == 0){
		/* a device nsd serves: always a union member */
		if(!S_ISDIR(ost.st_mode)){
			close(oldfd);
			p9werrstr("inconsistent mount: %s is not a directory", op);
			return -1;
		}
		if((flag & NSMORDER) == NSMREPL)
			flag |= NSMAFTER;	/* the same, as the directory is hidden by the union */
		p9snprint(req, sizeof req, "bind %d %q %q 0", flag, new, op);
		r = call(req, &oldfd, 1, reply, rfds, &nrfds);
		r = finish(r < 0 ? -1 : 0, rfds, nrfds, oldfd, op, -1, reply);
		close(oldfd);
		if(r == 0 && strcmp(new, "#c") == 0)
			constty(op);
		return r;
	}
	r = -1;
	if(S_ISDIR(nst.st_mode) != S_ISDIR(ost.st_mode))
		p9werrstr("inconsistent mount: %s and %s are not both directories", np, op);
	else if((flag & NSMORDER) != NSMREPL && !S_ISDIR(ost.st_mode))
		p9werrstr("inconsistent mount: a union of files");
	else if((flag & NSMORDER) == NSMREPL)
		r = replbind(newfd, np, new[0] == '#' ? new : np, oldfd, op, &nst, &ost, flag);
	else{
		p9snprint(req, sizeof req, "bind %d %q %q 0", flag, new[0] == '#' ? new : np, op);
		fds[0] = newfd;
		fds[1] = oldfd;
		r = call(req, fds, 2, reply, rfds, &nrfds);
		r = finish(r < 0 ? -1 : 0, rfds, nrfds, oldfd, op, newfd, reply);
	}
	close(newfd);
	close(oldfd);
	return r;
}

int
nsmount(int fd, const char *old, int flag, const char *spec, const char *name, int noauth)
{
	char op[PATH_MAX], reply[Maxreply], req[2*PATH_MAX + 1024];
	struct stat ost;
	int oldfd, rfds[NsctlMaxfd], nrfds, r, fds[2];

	if(checkflag(flag) < 0 || abspath(old, op, sizeof op) < 0){
		close(fd);
		return -1;
	}
	if(spec != nil && strlen(spec) > NSMAXARG){
		close(fd);
		p9werrstr("attach name too long");
		return -1;
	}
	if((oldfd = openpath(op, &ost)) < 0){
		close(fd);
		return -1;
	}
	if(!S_ISDIR(ost.st_mode)){
		close(fd);
		close(oldfd);
		p9werrstr("inconsistent mount: %s is not a directory", op);
		return -1;
	}
	p9snprint(req, sizeof req, "mount %d %q %q %q %d", flag, name, op,
		spec != nil ? spec : "", noauth);
	fds[0] = fd;
	fds[1] = oldfd;
	r = call(req, fds, 2, reply, rfds, &nrfds);
	close(fd);
	r = finish(r < 0 ? -1 : 0, rfds, nrfds, oldfd, op, -1, reply);
	close(oldfd);
	return r;
}

/* Connect to the Unix socket at path (any length: through its descriptor if long). */
static int
unixdial(const char *path)
{
	struct sockaddr_un sa;
	char via[64];
	const char *p;
	int fd, pfd;

	pfd = -1;
	p = path;
	if(strlen(path) >= sizeof sa.sun_path){
		if((pfd = open(path, O_PATH | O_CLOEXEC)) < 0)
			return _nssyserr(path);
		p9snprint(via, sizeof via, "/proc/self/fd/%d", pfd);
		p = via;
	}
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	strcpy(sa.sun_path, p);
	if((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	   connect(fd, (struct sockaddr*)&sa, sizeof sa) < 0){
		_nssyserr(path);
		if(fd >= 0)
			close(fd);
		fd = -1;
	}
	if(pfd >= 0)
		close(pfd);
	return fd;
}

/* The descriptor number in /fd/N or /dev/fd/N, or -1. */
static int
fdname(const char *src)
{
	const char *p;
	char *e;
	long n;

	if(strncmp(src, "/fd/", 4) == 0)
		p = src + 4;
	else if(strncmp(src, "/dev/fd/", 8) == 0)
		p = src + 8;
	else
		return -1;
	if(*p < '0' || *p > '9')
		return -1;
	n = strtol(p, &e, 10);
	return *e == 0 && n < INT_MAX ? (int)n : -1;
}

int
nsmountsrc(const char *src, const char *old, int flag, const char *spec, int noauth)
{
	char name[PATH_MAX];
	struct stat st;
	int fd, n;

	if((n = fdname(src)) >= 0){
		if((fd = fcntl(n, F_DUPFD_CLOEXEC, 3)) < 0)
			return _nssyserr(src);
		p9strecpy(name, name + sizeof name, src);
	}else if(stat(src, &st) == 0){
		if(!S_ISSOCK(st.st_mode)){
			p9werrstr("%s: not a 9P service (not a socket)", src);
			return -1;
		}
		if(abspath(src, name, sizeof name) < 0 || (fd = unixdial(src)) < 0)
			return -1;
	}else if(strchr(src, '!') != nil){
		if((fd = p9dial(src, nil, nil, nil)) < 0)
			return -1;
		p9strecpy(name, name + sizeof name, src);
	}else
		return _nssyserr(src);
	return nsmount(fd, old, flag, spec, name, noauth);
}

int
nsunmount(const char *new, const char *old)
{
	char np[PATH_MAX], op[PATH_MAX], reply[Maxreply], req[2*PATH_MAX + 64], *f[3];
	struct stat ost;
	int oldfd, rfds[NsctlMaxfd], nrfds, r, n;

	if(abspath(old, op, sizeof op) < 0 || (new != nil && abspath(new, np, sizeof np) < 0))
		return -1;
	if(new != nil)
		p9snprint(req, sizeof req, "unmount %q %q", op, np);
	else
		p9snprint(req, sizeof req, "unmount %q", op);
	r = call(req, nil, 0, reply, rfds, &nrfds);
	if(r == -2){
		/* no table to consult: take what the kernel has at old */
		if(umount2(op, MNT_DETACH | UMOUNT_NOFOLLOW) < 0){
			if(errno == EINVAL)
				p9werrstr("not mounted");
			else
				_nssyserr(op);
			return -1;
		}
		return 0;
	}
	if(r == 0 && nrfds == 0){
		/* old is not opened: a mount whose server died cannot be */
		n = p9tokenize(reply, f, nelem(f));
		if(n == 2 && strcmp(f[0], "unmount") == 0)
			r = _nsumount(op, atoi(f[1]));
		return r;
	}
	/* a new instance of the union at old, without new, to put on top */
	oldfd = -1;
	if(r == 0 && (oldfd = openpath(op, &ost)) < 0)
		r = -1;
	r = finish(r, rfds, nrfds, oldfd, op, -1, reply);
	if(oldfd >= 0)
		close(oldfd);
	return r;
}

/*
 * rfork m: nsd marks the group (and what is made from it), the filter the process and
 * its children. Without nsd (outside a name space of 9 ns) only the filter.
 */
static int
nomnt(void)
{
	if(call("nomnt", nil, 0, nil, nil, nil) == -1)
		return -1;
	if(_nsnomount() < 0)
		return _nssyserr("rfork m");
	return 0;
}

int
nschdev(int how, const char *devs)
{
	char req[64 + NSMAXARG], reply[Maxreply];
	int r;

	if((how != 0 && how != 'r' && how != 'n') || (how != 'n' && devs == nil)){
		p9werrstr("usage: chdev [-nr] devmask");
		return -1;
	}
	if(how != 'n' && strlen(devs) > NSMAXARG){
		p9werrstr("chdev: devmask too long");
		return -1;
	}
	if(how == 'n')
		p9snprint(req, sizeof req, "chdev ~");
	else
		p9snprint(req, sizeof req, "chdev %s %q", how == 'r' ? "&~" : "&", devs);
	reply[0] = 0;
	if((r = call(req, nil, 0, reply, nil, nil)) == -1)
		return -1;
	/* mounting taken away (or no nsd: only the kernel can say no) */
	if((r == -2 && (how == 'n' || (how == 'r') == (strchr(devs, 'M') != nil))) ||
	   strstr(reply, "nomount") != nil){
		if(_nsnomount() < 0)
			return _nssyserr("chdev");
	}
	return 0;
}

int
nsrfork(int flag)
{
	char cwd[PATH_MAX];
	int parent, rfds[NsctlMaxfd], nrfds, r;

	if(flag & ~(NSRFNAMEG|NSRFCNAMEG|NSRFNOMNT) || (flag & (NSRFNAMEG|NSRFCNAMEG)) ==
	   (NSRFNAMEG|NSRFCNAMEG)){
		p9werrstr("bad arg in system call");
		return -1;
	}
	if(flag & NSRFCNAMEG){
		if(call("clean", nil, 0, nil, rfds, &nrfds) < 0)
			return -1;
		if(nrfds != 1){
			p9werrstr("bad reply from name space daemon");
			return -1;
		}
		/* the group left behind, for what the new one keeps of it (rfork m) */
		if((parent = _nsselfns()) < 0){
			close(rfds[0]);
			return -1;
		}
		if(getcwd(cwd, sizeof cwd) == nil)
			strcpy(cwd, "/");
		r = setns(rfds[0], CLONE_NEWNS);
		close(rfds[0]);
		if(r < 0 || unshare(CLONE_NEWNS) < 0){
			close(parent);
			return _nssyserr("rfork");
		}
		if(chdir(cwd) < 0)
			chdir("/");
		r = call("new", &parent, 1, nil, nil, nil);
		close(parent);
		if(r < 0)
			return -1;
	}else if(flag & NSRFNAMEG){
		if((parent = _nsselfns()) < 0)
			return -1;
		if(unshare(CLONE_NEWNS) < 0){
			close(parent);
			if(errno == EPERM)
				p9werrstr("rfork: not permitted (not in a name space started by 9 ns)");
			else
				_nssyserr("rfork");
			return -1;
		}
		r = call("rfork", &parent, 1, nil, nil, nil);
		close(parent);
		if(r == -1)
			return -1;
	}
	if(flag & NSRFNOMNT)
		return nomnt();
	return 0;
}

char*
nsgetns(void)
{
	return nsgetprocns(0);
}

char*
nsgetprocns(int pid)
{
	char cwd[PATH_MAX], path[64], *s, *t;
	int rfds[NsctlMaxfd], nrfds, fd, r;
	struct stat st;
	long n, m;

	fd = -1;
	if(pid != 0){
		p9snprint(path, sizeof path, "/proc/%d/ns/mnt", pid);
		if((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0){
			if(errno == ENOENT)
				p9werrstr("%d: no such process", pid);
			else
				_nssyserr(path);
			return nil;
		}
	}
	r = call("ns", &fd, fd >= 0, nil, rfds, &nrfds);
	if(fd >= 0)
		close(fd);
	if(r < 0)
		return nil;
	if(nrfds != 1 || fstat(rfds[0], &st) < 0 || st.st_size > (1 << 24)){
		while(nrfds > 0)
			close(rfds[--nrfds]);
		p9werrstr("bad reply from name space daemon");
		return nil;
	}
	if(pid == 0){
		if(getcwd(cwd, sizeof cwd) == nil)
			strcpy(cwd, "/");
	}else{
		p9snprint(path, sizeof path, "/proc/%d/cwd", pid);
		if((n = readlink(path, cwd, sizeof cwd - 1)) <= 0 || cwd[0] != '/')
			n = 1, cwd[0] = '/';
		cwd[n] = 0;
	}
	if((s = malloc(st.st_size + 1)) == nil){
		close(rfds[0]);
		p9werrstr("out of memory");
		return nil;
	}
	for(n = 0; n < st.st_size; n += m)
		if((m = pread(rfds[0], s + n, st.st_size - n, n)) <= 0)
			break;
	close(rfds[0]);
	s[n] = 0;
	t = p9smprint("%scd %q\n", s, cwd);
	free(s);
	return t;
}

static int
runcmd(void *aux, Nscmd *c)
{
	int r;

	(void)aux;
	switch(c->op){
	case NSBIND:
		r = nsbind(c->argv[0], c->argv[1], c->flag);
		break;
	case NSMOUNT:
		r = nsmountsrc(c->argv[0], c->argv[1], c->flag, c->argc > 2 ? c->argv[2] : "",
			c->noauth);
		break;
	case NSUNMOUNT:
		r = c->argc == 1 ? nsunmount(nil, c->argv[0]) : nsunmount(c->argv[0], c->argv[1]);
		break;
	case NSCLEAR:
		r = nsrfork(NSRFCNAMEG);
		break;
	case NSCD:
		r = chdir(c->argv[0]) < 0 ? _nssyserr(c->argv[0]) : 0;
		break;
	case NSCHDEV:
		r = nschdev(c->chdev, c->argc > 0 ? c->argv[0] : nil);
		break;
	default:
		r = 0;
	}
	if(r < 0 && c->quiet)
		return 0;
	if(r < 0){
		static const char *const name[] = {"", "bind", "mount", "unmount", "clear", "cd",
			".", "chdev"};
		p9werrstr("%s: %r", c->op < (int)nelem(name) ? name[c->op] : "?");
	}
	return r;
}

int
nsaddns(const char *file, Nsvarfn *var, void *aux)
{
	return nsreadfile(file, var, runcmd, aux);
}
