/*
 * ns.h: libns, Plan 9 name spaces on Linux: the mount table, namespace files, and their
 * realization in a user and mount namespace kept with the namespace daemon nsd(4).
 * Every exported name carries the prefix ns (NS for constants). See ns(3).
 */
#ifndef PLANTEN_NS_H
#define PLANTEN_NS_H

#define PLANTEN_NS_API 1

#include <planten/p9types.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Mount flags, with the values of Plan 9's bind(2). */
enum {
	NSMREPL = 0x0000,	/* replace what is at old */
	NSMBEFORE = 0x0001,	/* add at the front of the union at old */
	NSMAFTER = 0x0002,	/* add at the end of the union at old */
	NSMORDER = 0x0003,
	NSMCREATE = 0x0004,	/* creates in the union go here */
	NSMCACHE = 0x0010,	/* mount: the client may cache */
	NSMMASK = 0x0017,
};

/* rfork flags for nsrfork, with the values of Plan 9's fork(2). */
enum {
	NSRFNAMEG = 1 << 0,	/* copy the name space */
	NSRFCNAMEG = 1 << 10,	/* start with a clean name space */
	NSRFNOMNT = 1 << 14,	/* no more mounts, no devices but #c and #|, for good */
};

/*
 * The mount table of one name space group, as Plan 9's kernel keeps it: a mount head per
 * mount point (a clean absolute path), each with its members in lookup order. The table
 * only records; nsd(4) keeps one per group and realizes it.
 *
 * nsaddmount applies bind(2)'s rules: without NSMBEFORE or NSMAFTER the members at old are
 * replaced; with either, a mount point without a head first gets the original old as its
 * only member; binding (not mounting) a path that is itself a mount point in the table
 * copies that union. It returns the new member or nil with errstr set ("bad flags",
 * "inconsistent mount"). nsfindmember finds the member of h that new names: the member
 * bound from the path new, else, when new is itself a mount point, the member that brings
 * the same file as new's first member (as Plan 9 compares the channels); nil if none.
 * nsdelmount removes the member nsfindmember finds for to, or every member when to is nil
 * ("not mounted", "not in union"). nslookmhead finds the
 * head at path. nscopytable copies a table, as rfork n does. nsfmttable prints the table
 * as a namespace file whose lines rebuild it: one bind or mount line per member, in the
 * order they were made (a union copied by binding its mount point, as a bind of that
 * path, so the copy is made again as it was), with mount's -n or -N as noauth says.
 * nsfreetable frees it.
 *
 * aux fields belong to whoever realizes the table; ops (which may be nil, and whose
 * functions may be nil) is told when a table copies one (dup returns the copy's aux) and
 * when one leaves the table (free).
 */
typedef struct Nsmount Nsmount;
typedef struct Nsmhead Nsmhead;
typedef struct Nstable Nstable;
typedef struct Nsauxops Nsauxops;

struct Nsmount {
	int ismount;		/* made by mount: to names a 9P service, spec the attach name */
	int flag;		/* as bound: the order and NSMCREATE, NSMCACHE */
	char *to;		/* the path bound, or the service as named to mount */
	char *spec;		/* mount's attach name ("" for none); nil for bind */
	int noauth;		/* mount -n (1) or -N (2); set by whoever adds the member */
	uvlong id;		/* creation order in the table */
	uvlong copyof;		/* copied by a bind of a mount point: the id of the original */
	char *via;		/* on the first member such a bind copied: the path bound */
	void *aux;
	Nsmount *next;
};

struct Nsmhead {
	char *from;		/* the mount point */
	Nsmount *mount;		/* the members, in lookup order */
	void *aux;
	Nsmhead *next;
};

struct Nsauxops {
	void *(*dup)(void *aux);
	void (*free)(void *aux);
};

struct Nstable {
	Nsmhead *head;
	uvlong nextid;
	const Nsauxops *ops;
};

struct Fmt;
Nstable*	nsalloctable(const Nsauxops *ops);
void	nsfreetable(Nstable *t);
Nstable*	nscopytable(Nstable *t);
Nsmhead*	nslookmhead(Nstable *t, const char *path);
Nsmount*	nsaddmount(Nstable *t, const char *old, int ismount, const char *to,
		const char *spec, int flag);
Nsmount*	nsfindmember(Nstable *t, Nsmhead *h, const char *new);
int	nsdelmount(Nstable *t, const char *old, const char *to);
int	nsfmttable(struct Fmt *f, Nstable *t);
char*	nstablestr(Nstable *t);	/* nsfmttable into a malloc'd string */
int	nsflagstr(char *s, int flag);	/* "-abcC" letters of flag into s (8 bytes); length */

/*
 * Namespace files (namespace(6)), read as 9front's newns reads them: one operation a line,
 * arguments separated by spaces and tabs, rc-style single quotes, # at the start of a line
 * for comments, $name replaced by a variable's value (the first element of a list; the name
 * ends at / . ! ' $ or the end of the argument; not inside quotes).
 *
 * nsparseline parses one line (changed in place) into c; c->op is 0 for a blank or comment
 * line. var (nil: getenv) returns a variable's value or nil for none (an empty string),
 * and must stay valid until the next call. It returns -1 with errstr saying what is wrong.
 *
 * nsreadfile and nsreadbuf parse a whole file, calling fn for each operation in order; a
 * line ". path" reads the file path there (a missing file is skipped, as newns does;
 * includes nest at most NSMAXINCLUDE deep). fn returns 0 to go on or -1 with errstr set to
 * stop. Errors, the parser's and fn's, come back as "file:line: what" (file as named by the
 * caller or the including line). name names buf in errors.
 */
enum {
	NSBIND = 1,		/* bind [-abcCq] new old */
	NSMOUNT,		/* mount [-abcCnNq] servename old [spec] */
	NSUNMOUNT,		/* unmount [new] old */
	NSCLEAR,		/* clear */
	NSCD,			/* cd dir */
	NSINCLUDE,		/* . path */
	NSCHDEV,		/* chdev [-nr] devmask */

	NSMAXARG = 4096,	/* longest argument after expansion */
	NSMAXLINE = 8192,	/* longest line */
	NSMAXINCLUDE = 16,
};

typedef struct Nscmd Nscmd;
struct Nscmd {
	int op;
	int flag;		/* NSMxxx from -a -b -c -C */
	int quiet;		/* -q: failing is not an error */
	int noauth;		/* mount -n: 1; -N: 2 (no authentication, attach as none) */
	int chdev;		/* chdev: 0 (keep the devices named), 'r' (take them away), 'n' (all) */
	int argc;
	char *argv[3];		/* the operands, expanded and unquoted */
	const char *file;	/* where the line came from */
	int line;
	/* private */
	char *buf;
};

typedef const char *Nsvarfn(void *aux, const char *name);
typedef int Nscmdfn(void *aux, Nscmd *c);

int	nsparseline(char *line, Nscmd *c, Nsvarfn *var, void *aux);
void	nsfreecmd(Nscmd *c);
int	nsreadfile(const char *file, Nsvarfn *var, Nscmdfn *fn, void *aux);
int	nsreadbuf(const char *name, const char *buf, long n, Nsvarfn *var, Nscmdfn *fn,
		void *aux);
int	nsfmtcmd(struct Fmt *f, const Nscmd *c);	/* a parsed line, as a line again */

/*
 * The Linux realization. A name space is a Linux user namespace (the user's own uid and
 * gid mapped to themselves, CAP_SYS_ADMIN and CAP_SYS_CHROOT kept in the ambient set, so
 * every program in it can bind) and a mount namespace per name space group, with nsd(4)
 * keeping each group's table and serving 9P mounts and union directories through FUSE.
 *
 * nscheckhost says, in errstr, what this host lacks to make one (unprivileged user
 * namespaces, access to /dev/fuse) and the setting that enables it; -1 if something is
 * missing. nsunshare makes the user and mount namespace and enters it; nsmkroot then
 * gives it a root of its own: every entry of the host's root where it was, plus /srv, /n
 * and /mnt (writable, with /mnt/term and /mnt/factotum) and /fd. nsunshare and nsmkroot
 * are for a program starting a name space, before it starts nsd (see 9(1)).
 *
 * nsbind, nsmount, nsunmount: bind(2), mount(2), unmount(2). new and old are paths in the
 * caller's name space; a new of the form #s names the srv directory, #| a new pipe
 * (pipe(4)) and #c the console
 * device of devfs(4). nsmount takes fd, an open 9P conversation (closed in any case), and
 * name, how ns(1) is to print the service. nsmountsrc opens the conversation itself: src
 * is a posted service (/srv/name), a Unix socket's path, an open descriptor (/fd/N or
 * /dev/fd/N), or a dial string (tcp!host!port, unix!path, net!host!9fs). noauth is
 * mount's -n (1) or -N (2).
 *
 * nsrfork: NSRFNAMEG gives the caller's process a copy of its name space (changes in
 * either copy stay there), NSRFCNAMEG a clean one: the root nsmkroot made, nothing bound.
 * NSRFNOMNT (after either) forbids mounts and attaching devices other than #c, #| in the
 * caller's name space group, every group later copied or cleaned from it and, by a
 * seccomp filter, to the caller and its children for good; binds of what is there stay
 * allowed. Outside a name space of 9 ns only the filter is set.
 * nschdev is 9front's chdev(1): how 0 keeps only the devices named in devs (c, s, | and
 * M, mounting; others are ignored), 'r' takes those away, 'n' takes all, for the caller's
 * name space group and every group made from it, for good. When mounting is gone, as for
 * NSRFNOMNT, the caller and its children get the seccomp filter too.
 * nsgetns returns the caller's name space as a namespace file (malloc'd), ending with a
 * cd line; nsgetprocns that of process pid (0: the caller), which must be in the same
 * name space of 9 ns. nsaddns applies a namespace file to the caller's name space, stopping at the
 * first error ("file:line: what"); vars are looked up with var (nil: getenv).
 *
 * All return -1 (nil) with errstr set on failure.
 */
int	nscheckhost(void);
int	nsunshare(void);
int	nsmkroot(void);
int	nsbind(const char *new, const char *old, int flag);
int	nsmount(int fd, const char *old, int flag, const char *spec, const char *name, int noauth);
int	nsmountsrc(const char *src, const char *old, int flag, const char *spec, int noauth);
int	nsunmount(const char *new, const char *old);
int	nsrfork(int flag);
char*	nsgetns(void);
char*	nsgetprocns(int pid);
int	nschdev(int how, const char *devs);
int	nsaddns(const char *file, Nsvarfn *var, void *aux);

/*
 * nsinstall makes lib9's p9bind, p9mount, p9unmount and p9rfork's RFNAMEG and RFCNAMEG
 * (Plan 9's bind, mount, unmount and rfork through the compatibility headers) work in a
 * name space of 9 ns through the functions above; outside one they fail with "not in a
 * planten namespace", but for RFNAMEG, which has nothing to copy there and succeeds.
 * 9l's programs call it before main.
 */
void	nsinstall(void);

/*
 * The name of nsd's control socket for the caller's user namespace (an abstract Unix
 * socket), into buf of n bytes; nil with errstr set if it cannot be found. nsd(4)
 * describes the control protocol.
 */
char*	nsctlname(char *buf, int n);

#ifdef __cplusplus
}
#endif
#endif
