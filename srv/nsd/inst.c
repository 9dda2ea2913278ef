/* inst.c: FUSE instances: a head's union of members, or a 9P mount, copied when shared. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/sysmacros.h>
#include "nsd.h"

/* every instance, to know one again by its device (a client's file may be in one) */
static Inst **insts;
static uint ninsts;

Inst*
refinst(Inst *in)
{
	in->ref++;
	return in;
}

static void
forget(Inst *in)
{
	uint i;

	for(i = 0; i < ninsts; i++)
		if(insts[i] == in)
			insts[i] = nil;
}

static void
freemembers(Member **m, int *flag, int n)
{
	int i;

	for(i = 0; i < n; i++)
		putmember(m[i]);
	free(m);
	free(flag);
}

void
putinst(Inst *in)
{
	if(in == nil || --in->ref > 0)
		return;
	forget(in);
	if(in->fuse != nil)
		fusefree(in->fuse);
	if(in->mfd >= 0)
		close(in->mfd);
	freemembers(in->m, in->flag, in->nm);
	free(in);
}

/*
 * What fd is, without asking a FUSE server: nsd must never wait on one of its own file
 * systems from the loop that serves them. Returns -1 when the kernel cannot say.
 */
int
quickstat(int fd, dev_t *dev, int *isroot)
{
	struct statx st;

	if(statx(fd, "", AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_STATX_DONT_SYNC,
	   STATX_TYPE, &st) < 0)
		return -1;
	*dev = makedev(st.stx_dev_major, st.stx_dev_minor);
	*isroot = (st.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) &&
		(st.stx_attributes & STATX_ATTR_MOUNT_ROOT);
	return 0;
}

/* The instance serving the device dev, if any. */
Inst*
instofdev(dev_t dev)
{
	uint i;

	for(i = 0; i < ninsts; i++)
		if(insts[i] != nil && insts[i]->dev == dev)
			return insts[i];
	return nil;
}

/* The instance whose root a client's descriptor names, if any. */
Inst*
findinst(int fd)
{
	dev_t dev;
	int root;
	uint i;

	if(quickstat(fd, &dev, &root) < 0 || !root)
		return nil;
	for(i = 0; i < ninsts; i++)
		if(insts[i] != nil && insts[i]->dev == dev)
			return insts[i];
	return nil;
}

/* The head's members and flags, each member referenced, in new arrays. */
static int
members(Nsmhead *h, Member ***mp, int **fp)
{
	Nsmount *m;
	int n;

	n = 0;
	for(m = h->mount; m != nil; m = m->next)
		n++;
	if((*mp = calloc(n + 1, sizeof **mp)) == nil || (*fp = calloc(n + 1, sizeof **fp)) == nil){
		free(*mp);
		return -1;
	}
	n = 0;
	for(m = h->mount; m != nil; m = m->next){
		if(m->aux == nil){
			/* a member nsd cannot serve (recorded before it knew how) */
			freemembers(*mp, *fp, n);
			errno = EINVAL;
			return -1;
		}
		(*mp)[n] = refmember(m->aux);
		(*fp)[n] = m->flag;
		n++;
	}
	return n;
}

/*
 * Make h's instance serve its members as they now are: in place when no other head has it,
 * else, or when fresh is set or there is none yet, a new one, which *created says. done is
 * called once the change is complete: for a new instance always after instfor returns, in
 * place maybe before. nil with errstr set, and done not called.
 */
Inst*
instfor(Nsmhead *h, int fresh, int *created, void (*done)(void *arg, const char *err), void *arg)
{
	char err[ERRMAX];
	Member **m;
	Head *hd;
	Inst *in, **n2;
	int *flag, n, mfd, root;
	uint i;

	*created = 0;
	if((hd = headof(h)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	if((n = members(h, &m, &flag)) < 0){
		p9werrstr("a member cannot be served");
		return nil;
	}
	in = hd->inst;
	if(!fresh && in != nil && in->ref == 1 && fusealive(in->fuse)){
		if(fuseset(in->fuse, m, flag, n, done, arg, err, sizeof err) < 0){
			freemembers(m, flag, n);
			p9werrstr("%s", err);
			return nil;
		}
		freemembers(in->m, in->flag, in->nm);
		in->m = m;
		in->flag = flag;
		in->nm = n;
		return in;
	}
	if((in = calloc(1, sizeof *in)) == nil){
		freemembers(m, flag, n);
		p9werrstr("out of memory");
		return nil;
	}
	in->ref = 1;
	in->isunion = !(n == 1 && m[0]->type != Mhost && (flag[0] & NSMORDER) == NSMREPL);
	in->m = m;
	in->flag = flag;
	in->nm = n;
	in->mfd = -1;
	if((in->fuse = fusenew(in->isunion, m, flag, n, &mfd, done, arg, err, sizeof err)) == nil){
		putinst(in);
		p9werrstr("%s", err);
		return nil;
	}
	quickstat(mfd, &in->dev, &root);
	in->mfd = mfd;
	for(i = 0; i < ninsts && insts[i] != nil; i++)
		;
	if(i == ninsts){
		if((n2 = realloc(insts, (ninsts + 16) * sizeof *insts)) == nil){
			putinst(in);
			p9werrstr("out of memory");
			return nil;
		}
		insts = n2;
		memset(insts + ninsts, 0, 16 * sizeof *insts);
		ninsts += 16;
	}
	insts[i] = in;
	if(hd->inst != nil)
		putinst(hd->inst);
	hd->inst = in;
	*created = 1;
	return in;
}

/* The detached mount of a new instance, for the caller to attach; once. */
int
instmountfd(Inst *in)
{
	int fd;

	fd = in->mfd;
	in->mfd = -1;
	return fd;
}
