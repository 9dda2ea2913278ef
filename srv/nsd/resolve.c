/*
 * resolve.c: the member a client's directory stands for. A host directory is itself; one in
 * a file system nsd serves is what nsd serves there (a 9P tree walked to it, or the host
 * directory below a union's member), since nsd must never go through the kernel to one of
 * its own FUSE file systems: its loop, which would have to answer, would be waiting.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "nsd.h"

typedef struct Look Look;
struct Look {
	Inst *in;		/* referenced while looking */
	char *rel;		/* the path below the instance's root */
	char *name;		/* the path as the client named it */
	int i;			/* the member tried */
	Resolvecb *cb;
	void *arg;
};

static void trynext(Look *l);

static void
lookdone(Look *l, Member *m, const char *err)
{
	l->cb(l->arg, m, err);
	putinst(l->in);
	free(l->rel);
	free(l->name);
	free(l);
}

static void
walked(void *arg, void *tree, const char *err)
{
	Look *l = arg;
	Member *m;

	if(tree == nil){
		l->i++;
		trynext(l);
		return;
	}
	if((m = newmember(M9p, -1, tree, l->name)) == nil){
		fuseputtree(tree);
		lookdone(l, nil, "out of memory");
		return;
	}
	lookdone(l, m, nil);
}

/* Try the instance's members in order, as a lookup in it does: the first holding rel wins. */
static void
trynext(Look *l)
{
	struct stat st;
	Member *m;
	int fd;

	for(; l->i < l->in->nm; l->i++){
		m = l->in->m[l->i];
		if(l->rel[0] == 0 && l->in->nm == 1){
			lookdone(l, refmember(m), nil);
			return;
		}
		if(l->rel[0] == 0)
			break;	/* a union's own root: only the table can copy it */
		if(m->type == Mhost){
			if(m->fd < 0 || fstatat(m->fd, l->rel, &st, 0) < 0)
				continue;
			if(!S_ISDIR(st.st_mode) ||
			   (fd = openat(m->fd, l->rel, O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0){
				lookdone(l, nil, "not a directory");
				return;
			}
			if((m = newmember(Mhost, fd, nil, l->name)) == nil){
				close(fd);
				lookdone(l, nil, "out of memory");
				return;
			}
			lookdone(l, m, nil);
			return;
		}
		if(fusewalk(m->tree, l->rel, walked, l) == 0)
			return;		/* walked() goes on */
	}
	lookdone(l, nil, "file does not exist");
}

/* The head of g whose instance is in and whose mount point is the longest prefix of path. */
static Nsmhead*
headwith(Group *g, Inst *in, const char *path)
{
	Nsmhead *h, *best;
	size_t n;

	best = nil;
	for(h = g->table->head; h != nil; h = h->next){
		if(h->aux == nil || ((Head*)h->aux)->inst != in)
			continue;
		n = strlen(h->from);
		if(strncmp(path, h->from, n) != 0 || (path[n] != 0 && path[n] != '/' && n > 1))
			continue;
		if(best == nil || n > strlen(best->from))
			best = h;
	}
	return best;
}

void
resolve(Group *g, int fd, const char *path, Resolvecb *cb, void *arg)
{
	Nsmhead *h;
	Member *m;
	Inst *in;
	Look *l;
	const char *rel;
	dev_t dev;
	int root, nfd;

	if(quickstat(fd, &dev, &root) < 0 || (in = instofdev(dev)) == nil){
		/* a host directory (or nothing nsd can look at: the host's own) */
		if((nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3)) < 0 ||
		   (m = newmember(Mhost, nfd, nil, path)) == nil){
			if(nfd >= 0)
				close(nfd);
			cb(arg, nil, "out of memory");
			return;
		}
		cb(arg, m, nil);
		return;
	}
	if((h = headwith(g, in, path)) == nil){
		cb(arg, nil, "served by nsd, but not in this name space");
		return;
	}
	for(rel = path + strlen(h->from); *rel == '/'; rel++)
		;
	if((l = calloc(1, sizeof *l)) == nil || (l->rel = strdup(rel)) == nil ||
	   (l->name = strdup(path)) == nil){
		if(l != nil)
			free(l->rel);
		free(l);
		cb(arg, nil, "out of memory");
		return;
	}
	l->in = refinst(in);
	l->cb = cb;
	l->arg = arg;
	trynext(l);
}
