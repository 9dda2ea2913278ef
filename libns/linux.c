/* linux.c: entering a user and mount namespace, and saying what a host lacks for one. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <planten/lib9.h>
#include <planten/ns.h>
#include "nsimpl.h"

#ifndef NS_GET_MNTNS_ID
#define NS_GET_MNTNS_ID _IOR(0xb7, 0x5, uvlong)
#endif

/* A mount namespace's identity: its 64-bit id where the kernel has one, else its inode. */
int
_nsmntid(int fd, uvlong *id)
{
	struct stat st;

	if(ioctl(fd, NS_GET_MNTNS_ID, id) == 0)
		return 0;
	if(fstat(fd, &st) < 0)
		return p9oserror(errno);
	*id = (uvlong)st.st_ino | (1ULL << 63);
	return 0;
}

/* The start of a small file (a sysctl, a /proc one), NUL-terminated; its length or -1. */
static int
readsmall(const char *file, char *buf, int n)
{
	int fd, m;

	if((fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	m = read(fd, buf, n - 1);
	close(fd);
	if(m <= 0)
		return -1;
	buf[m] = 0;
	return m;
}

static long
readnum(const char *file)
{
	char buf[32];

	if(readsmall(file, buf, sizeof buf) < 0)
		return -1;
	return strtol(buf, nil, 10);
}

/*
 * Field n of /proc/pid/stat, counting from 1 (pid, comm, state, ppid, ..., tty_nr is 7);
 * -1 if it cannot be read. comm may hold anything, so fields are counted after its ')'.
 */
long
_nsprocstat(int pid, int n)
{
	char path[64], buf[512], *p;
	int k;

	p9snprint(path, sizeof path, "/proc/%d/stat", pid);
	if(n < 3 || readsmall(path, buf, sizeof buf) < 0 || (p = strrchr(buf, ')')) == nil)
		return -1;
	for(k = 3, p += 2; k < n && *p; p++)
		if(*p == ' ')
			k++;
	return *p ? strtol(p, nil, 10) : -1;
}

/* Set errstr to "what: " and errno's meaning; -1. */
int
_nssyserr(const char *what)
{
	p9oserror(errno);
	p9werrstr("%s: %r", what);
	return -1;
}

/*
 * Set errstr to why what failed with err, naming the setting that would allow it; each
 * message fits in ERRMAX with the setting whole.
 */
int
_nsdiagnose(int err, const char *what)
{
	if(readnum("/proc/sys/user/max_user_namespaces") == 0)
		p9werrstr("%s: user namespaces are disabled; "
			"sysctl -w user.max_user_namespaces=15000 enables them", what);
	else if(readnum("/proc/sys/kernel/unprivileged_userns_clone") == 0)
		p9werrstr("%s: unprivileged user namespaces are disabled; "
			"sysctl -w kernel.unprivileged_userns_clone=1 enables them", what);
	else if(readnum("/proc/sys/kernel/apparmor_restrict_unprivileged_userns") == 1)
		p9werrstr("%s: AppArmor forbids them; "
			"sysctl -w kernel.apparmor_restrict_unprivileged_userns=0 allows them", what);
	else if(err == ENOSPC || err == EUSERS)
		p9werrstr("%s: too many user namespaces; "
			"sysctl -w user.max_user_namespaces=15000 raises the limit", what);
	else if(err == EPERM)
		p9werrstr("%s: not permitted here: a seccomp filter (a container's?) forbids "
			"unshare(CLONE_NEWUSER)", what);
	else
		p9werrstr("%s: %s", what, p9errnostr(err));
	return -1;
}

static int
checkfuse(void)
{
	struct stat st;
	struct group *gr;
	char gname[64];

	if(stat("/dev/fuse", &st) < 0){
		p9werrstr("/dev/fuse: %s; load the fuse module (modprobe fuse)", p9errnostr(errno));
		return -1;
	}
	if(access("/dev/fuse", R_OK | W_OK) == 0)
		return 0;
	if((gr = getgrgid(st.st_gid)) != nil)
		p9strecpy(gname, gname + sizeof gname, gr->gr_name);
	else
		p9snprint(gname, sizeof gname, "%d", (int)st.st_gid);
	p9werrstr("no read and write access to /dev/fuse (mode %#o, group %.32s); "
		"chmod 0666 /dev/fuse allows it", (int)(st.st_mode & 07777), gname);
	return -1;
}

static int
checkuserns(void)
{
	int pid, status, err;

	/* try it in a child, so the caller stays where it is */
	switch(pid = fork()){
	case -1:
		return p9oserror(errno);
	case 0:
		_exit(unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0 ? errno & 0xff : 0);
	}
	while(waitpid(pid, &status, 0) < 0)
		if(errno != EINTR)
			return p9oserror(errno);
	err = WIFEXITED(status) ? WEXITSTATUS(status) : EPERM;
	if(err != 0)
		return _nsdiagnose(err, "user namespace");
	return 0;
}

/* The first thing missing (an error string holds one message whole, not two). */
int
nscheckhost(void)
{
	if(checkuserns() < 0)
		return -1;
	return checkfuse();
}

static int
writefile(const char *file, const char *s)
{
	int fd, n;

	if((fd = open(file, O_WRONLY | O_CLOEXEC)) < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (int)strlen(s) ? 0 : -1;
}

/* Keep CAP_SYS_ADMIN and CAP_SYS_CHROOT in the ambient set, so programs run from here can mount. */
static int
ambientcaps(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	static const int caps[] = {CAP_SYS_ADMIN, CAP_SYS_CHROOT};
	uint i;

	if(syscall(SYS_capget, &h, d) < 0)
		return p9oserror(errno);
	for(i = 0; i < nelem(caps); i++)
		d[caps[i] / 32].inheritable |= 1u << (caps[i] % 32);
	if(syscall(SYS_capset, &h, d) < 0)
		return p9oserror(errno);
	for(i = 0; i < nelem(caps); i++)
		if(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, caps[i], 0, 0) < 0)
			return p9oserror(errno);
	return 0;
}

int
nsunshare(void)
{
	char buf[64];
	uid_t uid;
	gid_t gid;

	uid = getuid();
	gid = getgid();
	if(unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0)
		return _nsdiagnose(errno, "user namespace");
	if(writefile("/proc/self/setgroups", "deny") < 0 && errno != ENOENT)
		return _nssyserr("setgroups");
	p9snprint(buf, sizeof buf, "%ud %ud 1\n", uid, uid);
	if(writefile("/proc/self/uid_map", buf) < 0)
		return _nssyserr("uid_map");
	p9snprint(buf, sizeof buf, "%ud %ud 1\n", gid, gid);
	if(writefile("/proc/self/gid_map", buf) < 0)
		return _nssyserr("gid_map");
	if(ambientcaps() < 0){
		p9werrstr("ambient capabilities: %r");
		return -1;
	}
	if(mount(nil, "/", nil, MS_REC | MS_PRIVATE, nil) < 0)
		return _nssyserr("make mounts private");
	return 0;
}
