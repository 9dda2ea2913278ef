/* conform.h: the 9P conformance suite's raw 9P connection, checks and case table. */
#include <planten/lib9.h>
#include <planten/fcall.h>

typedef struct Conn Conn;
typedef struct St St;
typedef struct Case Case;
typedef struct Opt Opt;

/* One raw 9P connection: every call waits at most Opt.timeout for its reply. */
struct Conn {
	int fd;
	uint msize;		/* negotiated, 0 before Tversion */
	uchar *buf;		/* the last reply; r's strings point into it */
	uint nbuf;
	uchar *tbuf;		/* the message being sent */
	uint ntbuf;
	ushort tag;
	Fcall r;		/* the last reply */
	char why[ERRMAX+128];	/* what the last call got, for diagnostics */
};

/* A stat entry copied out of a reply. */
struct St {
	Qid qid;
	u32int mode;
	u32int atime;
	u32int mtime;
	vlong length;
	char name[256];
	char uid[64];
	char gid[64];
	char muid[64];
};

enum {
	Fperm = 1,	/* needs a server that checks permissions (skipped by -k) */
	Fmodes = 2,	/* needs DMAPPEND and DMEXCL, which host-backed servers lack (-x) */
};

struct Case {
	char *name;
	int (*fn)(void);
	int flags;
	char *what;
};

struct Opt {
	char *addr;
	char *user;
	char *aname;
	uint msize;
	int timeout;	/* ms */
	int skipperm;
	int skipmodes;
	int verbose;
	char top[64];	/* the suite's directory in the server's root */
};

extern Opt opt;
extern Case basiccases[], morecases[], malcases[];

enum {
	Froot = 0,	/* fid of the root in a case's connection */
	Fdir = 1,	/* fid of the case's own directory */
	Ftmp = 999999,	/* scratch fid for helpers */
};

/* conn.c: transport and single calls. The x* calls return 0 on the expected R-message,
 * 1 on Rerror and -1 when no well-formed reply came (c->why says what did). */
Conn*	dialconn(void);
void	hangup(Conn *c);
int	sendraw(Conn *c, const void *buf, uint n);
int	sendf(Conn *c, Fcall *t);
int	recvf(Conn *c, Fcall *r);
int	rpc(Conn *c, Fcall *t, int rtype);
int	xversion(Conn *c, uint msize, char *version);
int	xattach(Conn *c, u32int fid, u32int afid, char *uname, char *aname);
int	xauth(Conn *c, u32int afid);
int	xwalk(Conn *c, u32int fid, u32int newfid, char *path);
int	xwalkv(Conn *c, u32int fid, u32int newfid, int n, char **names);
int	xopen(Conn *c, u32int fid, int mode);
int	xcreate(Conn *c, u32int fid, char *name, u32int perm, int mode);
int	xread(Conn *c, u32int fid, vlong off, u32int count);
int	xwrite(Conn *c, u32int fid, vlong off, const void *data, u32int n);
int	xclunk(Conn *c, u32int fid);
int	xremove(Conn *c, u32int fid);
int	xstat(Conn *c, u32int fid, St *st);
int	xwstat(Conn *c, u32int fid, Dir *d);
int	xflush(Conn *c, ushort oldtag);
int	waitclose(Conn *c, int *nerr);
void	nulldir(Dir *d);
Conn*	mountconn(uint msize);
Conn*	casemount(const char *name, uint msize);
int	mkfile(Conn *c, u32int dir, char *name, u32int perm, const void *data, uint n);
int	alive(void);

/* Diagnostics, collected per case and printed after its result line. */
void	diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	failop(Conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void	failerr(Conn *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define OK(x, ...)	do{ if((x) != 0){ failop(c, __VA_ARGS__); goto out; } }while(0)
#define ERR(x, ...)	do{ if((x) != 1){ failerr(c, __VA_ARGS__); goto out; } }while(0)
#define CHECK(x, ...)	do{ if(!(x)){ diag(__VA_ARGS__); goto out; } }while(0)

#define GET16(p)	((uint)(p)[0] | (uint)(p)[1]<<8)
#define PUT16(p, v)	((p)[0] = (uchar)(v), (p)[1] = (uchar)((v)>>8))
#define PUT32(p, v)	((p)[0] = (uchar)(v), (p)[1] = (uchar)((v)>>8),\
			(p)[2] = (uchar)((v)>>16), (p)[3] = (uchar)((v)>>24))
