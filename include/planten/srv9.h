/*
 * srv9.h: lib9p's server in the shape Plan 9's lib9p gives it, for ported programs (the
 * compatibility header <9p.h> calls it Srv; see 9p(3)). Np9srv holds Plan 9's fields
 * (start, infd, outfd, keyspec beside the callbacks) and, first, the lib9p Srv that serves
 * them, so that a Req's srv is the Np9srv it came from. Every exported name carries the
 * prefix np.
 */
#ifndef PLANTEN_SRV9_H
#define PLANTEN_SRV9_H

#include <planten/9p.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct Np9srv Np9srv;
struct Np9srv {
	Srv lib;		/* private: what lib9p serves (first: a Req's srv points here) */
	Tree *tree;
	void (*destroyfid)(Fid *fid);
	void (*destroyreq)(Req *r);
	void (*start)(Np9srv *s);
	void (*end)(Np9srv *s);
	void *aux;
	void (*attach)(Req *r);
	void (*auth)(Req *r);
	void (*open)(Req *r);
	void (*create)(Req *r);
	void (*read)(Req *r);
	void (*write)(Req *r);
	void (*remove)(Req *r);
	void (*flush)(Req *r);
	void (*stat)(Req *r);
	void (*wstat)(Req *r);
	void (*walk)(Req *r);
	char *(*clone)(Fid *oldfid, Fid *newfid);
	char *(*walk1)(Fid *fid, char *name, Qid *qid);
	int infd;
	int outfd;
	char *keyspec;		/* unused: planten's lib9p has no Tauth helpers yet */
};

/*
 * Serving, as Plan 9's srv, postsrv, postmountsrv and listensrv. chatty nonzero traces
 * every message on standard error. Errors end the program with p9sysfatal, as Plan 9's do.
 * npsrv9serve serves s->infd and s->outfd until the connection ends, then returns.
 * npsrv9post starts a process serving s under name in the srv directory and returns once
 * it is posted; npsrv9postmount does the same and then mounts the service on mtpt (with
 * flag) when mtpt is not nil, which needs a planten name space (none yet: the program
 * ends with "mount mtpt: not in a planten namespace"). npsrv9listen serves connections to
 * addr in a new process and returns.
 */
void	npsrv9serve(Np9srv *s, int chatty);
void	npsrv9post(Np9srv *s, const char *name, int chatty);
void	npsrv9postmount(Np9srv *s, const char *name, const char *mtpt, int flag, int chatty);
void	npsrv9listen(Np9srv *s, const char *addr, int chatty);

/*
 * Helpers as Plan 9's lib9p has them. npemalloc9p (zeroed), nperealloc9p and npestrdup9p
 * end the program on failure. npresponderror answers r with the thread's error string.
 * npwalkandclone9 answers a Twalk by calling clone(fid, newfid, arg) when newfid differs
 * from fid, then walk1(newfid, name, arg) for each name (walk1 sets newfid->qid): Plan 9's
 * walkandclone, where 9p.h's npwalkandclone hands walk1 a Qid to set instead.
 * npconvM2Dstrs decodes a stat entry as Plan 9's convM2D does: buf is left alone and the
 * strings are copied to strs (room for the entry's size), or are "" when strs is nil.
 * npread9pmsg reads one 9P message from fd into buf (n bytes): its size, 0 at end of file,
 * or -1 with errstr set.
 */
void*	npemalloc9p(ulong n);
void*	nperealloc9p(void *v, ulong n);
char*	npestrdup9p(const char *s);
void	npresponderror(Req *r);
void	npwalkandclone9(Req *r, char *(*walk1)(Fid*, char*, void*),
		char *(*clone)(Fid*, Fid*, void*), void *arg);
uint	npconvM2Dstrs(uchar *buf, uint nbuf, Dir *d, char *strs);
int	npread9pmsg(int fd, void *buf, uint n);

#ifdef __cplusplus
}
#endif
#endif
