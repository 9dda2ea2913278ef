/* impl.h: lib9pfuse's private structures, shared by the files in fuse/. */
#define FUSE_USE_VERSION 314
#include <fuse_lowlevel.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include <planten/9pclient.h>
#include <planten/9pfuse.h>

#define NFHIDDEN __attribute__((visibility("hidden")))

typedef struct Node Node;
typedef struct Handle Handle;
typedef struct Fop Fop;
typedef struct Call Call;
typedef struct Ent Ent;
typedef struct List List;
typedef struct Rbuf Rbuf;
typedef struct Neg Neg;

enum {
	Mhost = 1,
	M9p,

	Nogid = 65534,

	Cfile = 0,		/* Fop.what for creates */
	Cdir,
	Cnode,
};

/* A member of the root union. */
struct NfMember {
	NfSrv *srv;
	int kind;
	int flags;
	int id;			/* mixed into st_ino, so members' inode numbers differ */
	int ref;		/* the member list's, nodes', requests' */
	int gone;		/* removed from the list */
	NfMember *next;		/* in the union's order */
	/* host */
	int dirfd;
	/* 9P */
	NpCFsys *fs;
	NpCFid *root;		/* the caller's */
	NpCFid *spare;		/* a clone of root, ready for the next create in the union's root */
	u32int iounit;		/* data bytes per Tread/Twrite */
	Call *probe;		/* asking the server whether it is alive (p9.c) */
	char *uname;
	void (*release)(void*);
	void *relarg;
};

/*
 * A file as the kernel knows it: one node id per namespace path. Nodes are found by id
 * and by (parent, name) while hashed; a node whose name now means another file is
 * unhashed and lives on until the kernel forgets it. ref counts the library's own holds:
 * children, open handles, requests in flight.
 */
struct Node {
	NfSrv *srv;
	u64int id;
	u64int nlookup;		/* the kernel's references (lookups minus forgets) */
	int ref;
	Node *parent;
	char *name;
	NfMember *m;		/* nil for the root */
	int hashed;
	Node *idnext;		/* hash chains */
	Node *pnnext;
	struct stat st;		/* last known attributes, st_ino as the member has it */
	int stok;		/* st is as fresh as qid.vers says (9P) */
	u64int fresh;		/* uv_hrtime when a lookup fetched st, for the getattr after it */
	NpCFid *spare;		/* 9P directories: a clone, ready for the next create */
	/* identity: 9P qid, or host dev and inode */
	Qid qid;
	dev_t dev;
	ino_t ino;
	NpCFid *fid;		/* 9P: walked to this file, not open; nil until needed */
	/* page cache: what the file looked like when the kernel last cached it */
	int cached;
	u32int cvers;
	struct timespec cmtime, cctime;
	off_t csize;
};

/* One directory entry of a listing. */
struct Ent {
	char *name;
	struct stat st;
	NfMember *m;
	Qid qid;		/* 9P */
	int first;		/* the first entry of this name in a union listing */
};

struct List {
	Ent *e;
	long n, a;
};

/* An open file or directory: the kernel's reference, and requests' while they use it. */
struct Handle {
	int ref;
	Handle *next, *prev;	/* all of a file system's */
	Node *n;
	NfMember *m;
	int isdir;
	/* 9P */
	NpCFid *fid;		/* open */
	int omode;
	Qid qid;		/* as the open said */
	u32int iounit;
	vlong diroff;		/* next offset for a directory read */
	/* host */
	int fd;
	int append;		/* opened O_APPEND */
	int direct;		/* direct I/O: no page cache */
	/* directories */
	List list;
	int listed;
};

/* A receive buffer from /dev/fuse; writes in flight hold the one their data is in. */
struct Rbuf {
	void *mem;
	int ref;
	Rbuf *next;
};

/* A name the root answered "not found" for, with a timeout: invalid once a member comes. */
struct Neg {
	char *name;
	u64int expire;		/* uv_now */
	Neg *next;
};

struct NfSrv {
	uv_loop_t *loop;
	char *name;
	struct fuse_session *se;
	uv_poll_t *poll;
	int fd;			/* /dev/fuse */
	int serving, ended, closing, mountedat;
	uid_t uid;
	gid_t gid;
	gid_t *groups;		/* supplementary */
	int ngroups;
	NfMember *members;
	int nextmid;
	Node *root;
	u64int nextid;
	Node **byid;		/* hash tables, nbuck buckets each */
	Node **bypn;
	u32int nbuck;
	u32int nnode;
	Rbuf *cur;		/* the buffer of the request being processed */
	Rbuf *spare;		/* free buffers */
	Handle *handles;
	int nspare;
	int inflight;		/* requests, 9P calls and thread-pool work not finished */
	Neg *neg;
	void (*onend)(void*);
	void *endarg;
	void (*closed)(void*);
	void *closedarg;
	void (*trace)(void*, const char*);
	void *tracearg;
	uv_timer_t *reaper;	/* frees s after nfclose once nothing is in flight */
	int timeout;		/* ms a 9P call may go unanswered before a probe, 0 for ever */
	Call *timed;		/* the calls out that have a deadline, oldest first */
	Call *timedtail;
	uv_timer_t *ticker;	/* runs while there are timed calls */
};

/*
 * A FUSE request in progress: its arguments, where it is, its results. Backend steps
 * (p9.c, host.c) read the arguments, set the results and err, and continue at k.
 */
struct Fop {
	NfSrv *s;
	fuse_req_t req;
	Call *calls;		/* 9P calls out, flushed on a FUSE interrupt */
	int intr;
	void (*k)(Fop*);	/* where the backend step returns to */
	void (*k2)(Fop*);	/* inside a backend: after a walk or stat */
	void (*k3)(Fop*);	/* inside a backend: after giving a node its fid */
	void (*then)(Fop*);	/* after a lookup in the root union */
	/* arguments; nodes, member and handle are held */
	Node *n;		/* the file, or the directory a name is in */
	NfMember *m;		/* the member to act in (for the root: which one) */
	char *name;
	Node *n2;		/* rename: the new directory */
	char *name2;
	Handle *h;
	int flags;
	mode_t mode;
	dev_t rdev;
	struct stat attr;
	int toset;
	size_t size;
	off_t off;
	const char *wbuf;
	Rbuf *rb;
	int plus;		/* readdirplus */
	int what;		/* create: Cfile, Cdir, Cnode; rename: a retry */
	/* results */
	int err;
	struct stat st;		/* st_ino as the member has it */
	Qid qid;
	NpCFid *fid;		/* a new fid walked to the file (9P lookups) */
	char *link;
	long count;
	int fresh;		/* st came from the server just now */
	/* a 9P lookup's stat of the node already known, sent beside the walk */
	int pending;		/* calls of the lookup still out */
	int pstok;
	struct stat pst;
	Qid pqid;
	struct statvfs *sv;
	/* the root union: members when the request began, and which one is being tried */
	NfMember **snap;
	int nsnap, idx, transient;
	int nlist;		/* listing the root: the member being read */
	uchar *iobuf;		/* read data to reply with */
	int iobufown;		/* iobuf is malloc'd */
	/* work in the thread pool (host members) */
	uv_work_t work;
	void (*pool)(Fop*);
	char *path, *path2;
	int dirfd, dirfd2;
	int hostfound;
};

/* A 9P call, on behalf of a request (f nil: nobody waits). Results are valid during fn. */
typedef void Callfn(Call *c);
struct Call {
	NfSrv *s;
	NfMember *m;
	Fop *f;
	NpFsop *op;
	Callfn *fn;
	void *arg;
	NpCFid *fid;		/* the fid it is on, when the caller needs it back */
	long i;			/* the caller's */
	/* results */
	const char *err;
	NpCFid *nfid;		/* walks */
	long n;			/* reads, writes, directory reads */
	Dir *d;			/* stats, directory reads */
	Call *next, *prev;
	/* deadline */
	int isprobe;		/* a Tstat of the member's root: is the server alive? */
	int timedout;		/* a probe that got no answer in time */
	u64int deadline;	/* uv_now; 0: none */
	Call *tnext, *tprev;	/* in s->timed */
};

/* dir.c */
NFHIDDEN void	_nfd2st(const Dir *d, const char *uname, uid_t uid, gid_t gid, u32int iounit,
		struct stat *st);
NFHIDDEN int	_nfgoodname(const char *name);
NFHIDDEN char*	_nfpath(Node *dir, Node *stop, const char *name);
/* srv.c */
NFHIDDEN void	_nfhold(NfSrv *s);
NFHIDDEN void	_nfrelease(NfSrv *s);
NFHIDDEN Rbuf*	_nfholdrbuf(NfSrv *s);
NFHIDDEN void	_nfputrbuf(NfSrv *s, Rbuf *b);
NFHIDDEN void	_nftrace(NfSrv *s, const char *fmt, ...);
NFHIDDEN void	_nfnotifyentry(NfSrv *s, u64int parent, const char **names, int n, NfDone *done,
		void *arg);
NFHIDDEN void	_nfnotifyinode(NfSrv *s, u64int id);
/* node.c */
NFHIDDEN Node*	_nfroot(NfSrv *s);
NFHIDDEN Node*	_nfnode(NfSrv *s, u64int id);
NFHIDDEN Node*	_nfchild(Node *dir, const char *name);
NFHIDDEN Node*	_nfnewnode(Node *dir, const char *name, NfMember *m);
NFHIDDEN void	_nfunhash(Node *n);
NFHIDDEN int	_nfrehash(Node *n, Node *dir, const char *name);
NFHIDDEN void	_nfincref(Node *n);
NFHIDDEN void	_nfdecref(Node *n);
NFHIDDEN void	_nfforget(Node *n, u64int nlookup);
NFHIDDEN void	_nfforgetall(NfSrv *s);
NFHIDDEN u64int	_nfino(NfMember *m, u64int ino);
NFHIDDEN void	_nfmemberput(NfMember *m);
NFHIDDEN int	_nfsameid(Node *n, const struct stat *st, const Qid *q);
NFHIDDEN void	_nfsetid(Node *n, const struct stat *st, const Qid *q);
/* p9.c: members that are 9P trees; the callbacks run on the loop */
NFHIDDEN void	_nfexpire(NfSrv *s);
NFHIDDEN void	_nfflushcalls(Fop *f);
NFHIDDEN void	_nfclunk(NfMember *m, NpCFid *fid);
NFHIDDEN int	_nf9pwalkroot(NfMember *m, const char *name, Callfn *fn, void *arg, long i);
NFHIDDEN void	_nf9plookup(Fop *f);
NFHIDDEN void	_nf9pgetattr(Fop *f);
NFHIDDEN void	_nf9psetattr(Fop *f);
NFHIDDEN void	_nf9popen(Fop *f);
NFHIDDEN void	_nf9pcreate(Fop *f);
NFHIDDEN void	_nf9premove(Fop *f);
NFHIDDEN void	_nf9prename(Fop *f);
NFHIDDEN void	_nf9pread(Fop *f);
NFHIDDEN void	_nf9pwrite(Fop *f);
NFHIDDEN void	_nf9plist(Fop *f);
NFHIDDEN void	_nf9pfsync(Fop *f);
NFHIDDEN void	_nf9pclose(Handle *h);
/* host.c: members that are host directories; system calls in the thread pool */
NFHIDDEN char*	_nfhostpath(Node *n, const char *name);
NFHIDDEN void	_nfhostlookup(Fop *f);
NFHIDDEN void	_nfhostgetattr(Fop *f);
NFHIDDEN void	_nfhostsetattr(Fop *f);
NFHIDDEN void	_nfhostopen(Fop *f);
NFHIDDEN void	_nfhostcreate(Fop *f);
NFHIDDEN void	_nfhostremove(Fop *f);
NFHIDDEN void	_nfhostrename(Fop *f);
NFHIDDEN void	_nfhostread(Fop *f);
NFHIDDEN void	_nfhostwrite(Fop *f);
NFHIDDEN void	_nfhostlist(Fop *f);
NFHIDDEN void	_nfhostfsync(Fop *f);
NFHIDDEN void	_nfhostreadlink(Fop *f);
NFHIDDEN void	_nfhostsymlink(Fop *f);
NFHIDDEN void	_nfhostlink(Fop *f);
NFHIDDEN void	_nfhoststatfs(Fop *f);
NFHIDDEN void	_nfhostaccess(Fop *f);
NFHIDDEN void	_nfhostclose(Handle *h);
/* union.c */
NFHIDDEN NfMember**	_nfsnapshot(NfSrv *s, int *np);
NFHIDDEN void	_nfputsnapshot(NfMember **v, int n);
NFHIDDEN int	_nfallcached(NfSrv *s);
NFHIDDEN NfMember*	_nfcreatemember(NfSrv *s);
NFHIDDEN void	_nfaddneg(NfSrv *s, const char *name, double timeout);
NFHIDDEN void	_nfdelall(NfSrv *s);
/* ops.c */
NFHIDDEN Handle*	_nfnewhandle(Node *n, NfMember *m);
NFHIDDEN void	_nfcloseall(NfSrv *s);
NFHIDDEN extern const struct fuse_lowlevel_ops _nfops;
/* list.c */
NFHIDDEN int	_nflistadd(List *l, const char *name, const struct stat *st, const Qid *q);
NFHIDDEN void	_nflistsetm(List *l, long from, NfMember *m);
NFHIDDEN void	_nflistfree(List *l);
/* errno.c: nferrno is public */
