/* nsimpl.h: libns's private declarations, shared by its files and by nsd. */

#define nelem(x)	(sizeof(x) / sizeof((x)[0]))

/* table.c */
struct Fmt;
int	_nsfmtmount(struct Fmt *f, const char *from, const Nsmount *m);

/* ctl.c: the client side of nsd's control protocol (see nsd(4)). */
enum {
	NsctlMaxmsg = 65536,	/* longest request or reply text */
	NsctlMaxfd = 8,		/* most descriptors with one message */
};
int	_nsctldial(void);
int	_nsctlsend(int fd, const char *msg, const int *fds, int nfds);
long	_nsctlrecv(int fd, char *buf, long nbuf, int *fds, int *nfds);
int	_nscall(const char *req, const int *fds, int nfds, char *reply, long nreply,
		int *rfds, int *nrfds);
int	_nsselfns(void);

/* linux.c */
int	_nsmntid(int fd, uvlong *id);
int	_nsdiagnose(int err, const char *what);
int	_nssyserr(const char *what);
long	_nsprocstat(int pid, int n);

/* nomnt.c: rfork m's seccomp filter; 0, or -1 with errno (only the C library: rc has it too) */
int	_nsnomount(void);

/* kern.c: the kernel's mount calls. */
int	_nskbind(int newfd, const char *newpath, int oldfd, const char *oldpath);
int	_nsattach(int mfd, int oldfd, const char *oldpath);
int	_nsumount(const char *path, int n);
int	_nsmntidof(int fd, uvlong *id);
int	_nsgraft(const char *old, int memberfd, int dirs);
typedef struct Nssub Nssub;
struct Nssub {
	int fd;
	char *path;
};
Nssub*	_nssubmounts(uvlong topid, int *np);
void	_nsremount(Nssub *sub, int n);
