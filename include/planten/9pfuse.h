/*
 * 9pfuse.h: lib9pfuse, the 9P-to-FUSE bridge and union engine of planten. Every exported
 * name carries the prefix nf (types Nf, constants NF).
 *
 * An NfSrv is one FUSE file system served on the caller's libuv loop (libfuse's low-level
 * API, no threads per request). Its root is a union directory with an ordered list of
 * members, each a host directory (an fd) or a 9P tree (a lib9p client connection and a
 * fid on it). A plain 9P mount is a union of one 9P member. Plan 9's union rules hold:
 * lookups try the members in order and the first match wins; below the root everything
 * stays inside the member the name was found in; reading the root lists every member's
 * entries in order, duplicates included; creating goes to the first member added with
 * NFCREATE (EROFS when there is none); remove, rename and write act on the file that
 * lookup finds. Members can be added and removed while the file system is mounted.
 *
 * Rules for callers:
 * - Everything runs on the loop's thread: calls into the library, and every callback it
 *   makes. 9P connections given to it must run on the same loop (npfsuvconn, or
 *   npfsuvattach): the library uses lib9p's asynchronous fid calls.
 * - Errors are -1 or nil with the thread's error string set (%r).
 * - The library installs a libfuse log function (fuse_set_log_func): libfuse's messages
 *   become the thread's error string instead of being printed.
 */
#ifndef PLANTEN_9PFUSE_H
#define PLANTEN_9PFUSE_H

#define PLANTEN_9PFUSE_API 1

#include <planten/9pclient.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uv_loop_s;

typedef struct NfSrv NfSrv;		/* a FUSE file system served on a loop */
typedef struct NfMember NfMember;	/* one member of its root union */
typedef struct Nf9p Nf9p;		/* what a 9P member is made of */

/*
 * Member flags, with Plan 9's values (bind(2)).
 * NFBEFORE and NFAFTER place a new member before or after rel (nil: before or after all
 * of them); with neither, the new member replaces all the others (MREPL).
 * NFCREATE: creates in the union root go to the first member that has it (MCREATE).
 * NFCACHE (9P members): cache attributes (1 s), negative lookups (1 s) and the contents
 * of regular files of non-zero length in the page cache, kept across opens while the
 * file's qid.vers stays the same (MCACHE). Without it a 9P member is uncached: every stat
 * asks the server, and reads and writes go to it unchanged (direct I/O).
 * Host members always cache attributes and lookups for 1 s and keep file contents in the
 * page cache while the file's size, mtime and ctime stay the same.
 */
enum {
	NFBEFORE = 0x1,
	NFAFTER = 0x2,
	NFCREATE = 0x4,
	NFCACHE = 0x10,
};

/*
 * A 9P member. fs is a connected client attached to the loop, root a fid on it (from
 * npfsattach, or walked to any directory); the library walks clones from root and never
 * clunks or changes root itself. Files whose owner (group) is uname, or uname's group,
 * appear owned by the calling process's uid (gid), others by 65534. release, if not nil,
 * is called (on the loop) once the library no longer uses fs and root: after the member
 * was removed (nfdel or NFREPL) or the server closed, and the last request and file
 * that used it are gone.
 */
struct Nf9p {
	NpCFsys *fs;
	NpCFid *root;
	const char *uname;	/* nil: p9getuser() */
	void (*release)(void *arg);
	void *arg;
};

/* Called when an edit of the member list is complete; err nil or what went wrong. */
typedef void NfDone(void *arg, const char *err);

/*
 * Serving.
 * nfnew makes an empty file system (an empty union) on loop; name shows as the mount's
 *	source (in /proc/self/mountinfo).
 * nfmountat mounts it on the directory dir as an ordinary user does, through libfuse's
 *	fuse_session_mount (fusermount3 when not privileged), and starts serving.
 * nfmountfd makes it a detached mount (fsopen("fuse"), fsconfig, fsmount; it needs
 *	CAP_SYS_ADMIN in the caller's user namespace) and returns the mount fd, close-on-exec,
 *	and starts serving. The caller attaches the fd with move_mount(2), in this process or
 *	another one it passes the fd to, and closes it.
 * nfonend sets fn to be called once, on the loop, when the kernel ends the file system:
 *	it was unmounted (fusermount3 -u, umount(2), or the last use of a detached mount went
 *	away) or its connection was aborted. The caller then calls nfclose.
 * nfclose stops serving: unmounts what nfmountat mounted (lazily, through fusermount3 when
 *	needed), closes the FUSE device (requests still waiting fail with ENOTCONN), removes
 *	every member (their release callbacks run) and frees s once nothing is left in flight;
 *	done, if not nil, is called then. s must not be used after nfclose.
 */
NfSrv*	nfnew(struct uv_loop_s *loop, const char *name);
int	nfmountat(NfSrv *s, const char *dir);
int	nfmountfd(NfSrv *s);
void	nfonend(NfSrv *s, void (*fn)(void *arg), void *arg);
void	nfclose(NfSrv *s, void (*done)(void *arg), void *arg);

/*
 * Members. The member list may be changed before mounting and while mounted; the change
 * applies to every lookup started after the call. done, if not nil, is called (on the loop,
 * never before the call returns) once the kernel's cached names that changed meaning
 * have been invalidated, so a command that made the change can report it done then.
 * nfaddhost adds the host directory dirfd (an fd opened before anything is mounted over
 *	it, so the mount point's old contents can be a member; O_PATH will do); the library
 *	owns dirfd from then on and closes it when the member is released. Host files are
 *	reached with openat and friends relative to dirfd, in libuv's thread pool.
 * nfadd9p adds the 9P tree p describes (copied; uname too).
 * nfdel removes m. Files already open or looked up through m keep working until the kernel
 *	lets go of them (as a Plan 9 channel outlives its unmount); then m is released.
 * The returned NfMember stays valid until the member is removed (nfdel, NFREPL, nfclose).
 */
NfMember*	nfaddhost(NfSrv *s, int dirfd, int flags, NfMember *rel, NfDone *done, void *arg);
NfMember*	nfadd9p(NfSrv *s, const Nf9p *p, int flags, NfMember *rel, NfDone *done, void *arg);
int	nfdel(NfSrv *s, NfMember *m, NfDone *done, void *arg);

/*
 * The Unix errno the bridge returns for a 9P error string ("file does not exist" ENOENT,
 * "permission denied" EACCES, "i/o on hungup channel" EIO, ...), by a table of Plan 9's,
 * planten's and Unix's wordings; EIO for anything unknown, never a blanket EPERM.
 */
int	nferrno(const char *err);

/*
 * Tracing: fn, if not nil, is called with one line (no newline) for each FUSE request
 * and each reply, for debugging (9pfuse -D).
 */
void	nftrace(NfSrv *s, void (*fn)(void *arg, const char *line), void *arg);

/*
 * nfsettimeout bounds how long a 9P call may go unanswered: after ms milliseconds
 * (0: for ever, the default) it is flushed and its request fails with ETIMEDOUT (at the
 * latest when the connection's flush deadline, npfssetflushtimeout, passes too). Reads
 * and writes of files are exempt, since a file may rightly block (a console, a pipe):
 * a signal interrupts them, which flushes them too.
 */
void	nfsettimeout(NfSrv *s, int ms);

#ifdef __cplusplus
}
#endif
#endif
