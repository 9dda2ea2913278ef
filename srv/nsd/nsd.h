/* nsd.h: the namespace daemon's parts: groups and their tables, requests, FUSE instances. */
#include <sys/stat.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/ns.h>

#define nelem(x)	(sizeof(x) / sizeof((x)[0]))

typedef struct Group Group;
typedef struct Head Head;
typedef struct Member Member;
typedef struct Inst Inst;
typedef struct Req Nsreq;

/* What a table's aux fields hold: each starts with its kind. */
enum {
	Khead = 1,
	Kmember,
};

/*
 * One member of a union, or what a mount or a kernel bind brought: a host directory (the
 * descriptor it was bound from, kept open), a 9P connection, or one of nsd's devices.
 */
enum {
	Mhost = 1,
	M9p,
	Mdev,
};

struct Member {
	int kind;		/* Kmember */
	int ref;
	int type;		/* Mhost, M9p, Mdev */
	int fd;			/* Mhost: O_PATH descriptor of the directory */
	void *tree;		/* M9p and Mdev: the FUSE layer's 9P tree */
	char *name;		/* for messages */
};

/*
 * A FUSE instance nsd serves: one 9P tree (a plain mount) or a union directory. Heads
 * share one after a copy (rfork n, or binding a union elsewhere); a shared one is copied
 * before it changes.
 */
struct Inst {
	int ref;
	int isunion;
	dev_t dev;		/* its mount's device, to know it again */
	void *fuse;		/* the FUSE layer's instance */
	Member **m;		/* the members, in order, each with a reference */
	int *flag;		/* and their flags (NSMCREATE) */
	int nm;
	int mfd;		/* the detached mount, until handed out */
};

/* A mount point's realization in one group: what is served there, and how many mounts it stacked. */
struct Head {
	int kind;		/* Khead */
	int nkernel;		/* kernel mounts made at the mount point */
	Inst *inst;		/* the instance on top, or nil */
};

/* A name space group: a mount namespace, and its table. */
struct Group {
	uvlong id;		/* the mount namespace's */
	int deny;		/* Dxxx: what rfork m and chdev took away (kept by copies) */
	Nstable *table;
	Group *next;
};

/* What a group may use, as 9front's device mask: devices, and mounting (its 'M'). */
enum {
	Dcons = 1 << 0,		/* #c */
	Dsrv = 1 << 1,		/* #s */
	Dpipe = 1 << 2,		/* #| */
	Dmnt = 1 << 3,		/* mount */
	Dall = (1 << 4) - 1,
	Dnomnt = Dall & ~(Dcons | Dpipe),	/* rfork m: all but 9front's "|decp" */
};

extern const Nsauxops nsdauxops;
extern uv_loop_t *loop;
extern int debug;

/* group.c */
Group*	findgroup(uvlong id);
Group*	newgroup(uvlong id, Group *from);
Group*	adoptgroup(uvlong id, pid_t pid);
void	gcgroups(void);
int	markdeny(pid_t pid, int deny);	/* pid and its descendants may not use deny */
int	procdeny(pid_t pid);
int	devdeny(const char *op, const char *devs);	/* chdev's: what op takes away */
Member*	newmember(int type, int fd, void *tree, const char *name);
void	putmember(Member *m);
Member*	refmember(Member *m);
Head*	headof(Nsmhead *h);

/* resolve.c: the member a client's directory (open as fd, named path) stands for */
typedef void Resolvecb(void *arg, Member *m, const char *err);
void	resolve(Group *g, int fd, const char *path, Resolvecb *cb, void *arg);

/* req.c: requests from the control socket */
int	ctlaccept(int lfd);
void	ctlclose(void);

/* inst.c: FUSE instances, realizing heads with several members or a mount */
Inst*	instfor(Nsmhead *h, int fresh, int *created, void (*done)(void *arg, const char *err),
		void *arg);
Inst*	findinst(int fd);
Inst*	instofdev(dev_t dev);
int	quickstat(int fd, dev_t *dev, int *isroot);
void	putinst(Inst *in);
Inst*	refinst(Inst *in);
int	instmountfd(Inst *in);

/*
 * The FUSE layer (bridge.c, on lib9pfuse): 9P trees and FUSE instances.
 * fusetree speaks Tversion and Tattach on fd (which it owns from then on), on the loop, and
 * calls cb with the tree or why not, never before it returns (-1 with errstr set: cb is
 * not called). fusewalk makes a tree of the directory path below tree's root, the same way.
 * fusedevfd is a conversation with nsd's own device dev: devfs ('c') or pipes ('|'),
 * for fusetree.
 * fusenew makes an instance of the members, with a detached mount in *mfd, and calls done
 * once it serves them all; fuseset changes an instance's members in place and calls done
 * once the kernel has let go of the names that changed; fusealive says whether the kernel
 * still has it mounted somewhere. done may run before they return.
 */
typedef void Treecb(void *arg, void *tree, const char *err);
int	fusetree(int fd, const char *uname, const char *aname, Treecb *cb, void *arg);
int	fusewalk(void *tree, const char *path, Treecb *cb, void *arg);
int	fusedevfd(int dev, char *err, int nerr);
struct Srv;
int	pipesrvinit(struct Srv *srv);	/* pipe.c: #|, a new pipe each attach */
void	fuseputtree(void *tree);
void*	fusenew(int isunion, Member **m, int *flag, int n, int *mfd,
		void (*done)(void *arg, const char *err), void *arg, char *err, int nerr);
int	fuseset(void *fuse, Member **m, int *flag, int n, void (*done)(void *arg, const char *err),
		void *arg, char *err, int nerr);
int	fusealive(void *fuse);
void	fusefree(void *fuse);
int	callerfsfd(void);	/* caller.c: pid, ppid and consctl of #c, a detached mount */
