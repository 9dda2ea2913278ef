/*
 * nomnt.c: the kernel's half of rfork m (RFNOMNT): a seccomp filter, inherited by every
 * child and never removed, that leaves the process binds and moves of what is already in
 * its name space but no way of its own to new file systems: no mount(2) but bind, move,
 * remount and propagation changes, no fsopen(2) or fspick(2), no new user namespaces
 * (clone3 says ENOSYS, so the C library falls back to clone, whose flags can be seen).
 * Mounts through nsd(4) are refused by nsd. Only the C library: rc(1) links it too.
 */
#include <errno.h>
#include <stddef.h>
#include <sched.h>
#include <unistd.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

int _nsnomount(void);

#if defined(__x86_64__)
#define NATIVE	AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define NATIVE	AUDIT_ARCH_AARCH64
#elif defined(__i386__)
#define NATIVE	AUDIT_ARCH_I386
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE	AUDIT_ARCH_RISCV64
#endif

#define LD(f)		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, f))
#define JEQ(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f))
#define JSET(k, t, f)	BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, (k), (t), (f))
#define RET(k)		BPF_STMT(BPF_RET | BPF_K, (k))
#define DENY		RET(SECCOMP_RET_ERRNO | EPERM)
#define ALLOW		RET(SECCOMP_RET_ALLOW)

/* mount(2) flags that make nothing new */
#define KEEPFLAGS	(MS_BIND | MS_MOVE | MS_REMOUNT | MS_SHARED | MS_PRIVATE | MS_SLAVE | \
			MS_UNBINDABLE)

int
_nsnomount(void)
{
#ifdef NATIVE
	static struct sock_filter code[] = {
		/* another system call convention could reach mount unseen: none at all */
		LD(arch),
		JEQ(NATIVE, 1, 0),
		DENY,
		LD(nr),
#ifdef __x86_64__
		JSET(0x40000000, 0, 1),	/* x32 */
		DENY,
#endif
		JEQ(SYS_mount, 6, 0),
		JEQ(SYS_unshare, 7, 0),
		JEQ(SYS_clone, 6, 0),
		JEQ(SYS_clone3, 7, 0),
		JEQ(SYS_fsopen, 7, 0),
		JEQ(SYS_fspick, 6, 0),
		ALLOW,
		/* mount: only what binds or moves mounts there are */
		LD(args[3]),
		JSET(KEEPFLAGS, 4, 5),
		/* unshare and clone: no new user namespace */
		LD(args[0]),
		JSET(CLONE_NEWUSER, 3, 2),
		/* clone3 */
		RET(SECCOMP_RET_ERRNO | ENOSYS),
		/* fsopen, fspick */
		DENY,
		ALLOW,
		DENY,
	};
	static const struct sock_fprog prog = {sizeof code / sizeof code[0], code};

	/*
	 * on every thread; with CAP_SYS_ADMIN (in a name space of 9 ns) no_new_privs is not
	 * needed
	 */
	if(syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) == 0)
		return 0;
	if(errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, &prog) == 0 ?
		0 : -1;
#else
	errno = ENOSYS;
	return -1;
#endif
}
