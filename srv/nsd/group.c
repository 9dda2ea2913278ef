/* group.c: name space groups, each a mount namespace with its mount table. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "nsd.h"
#include "../../libns/nsimpl.h"

static Group *groups;

Member*
newmember(int type, int fd, void *tree, const char *name)
{
	Member *m;

	if((m = calloc(1, sizeof *m)) == nil || (m->name = strdup(name)) == nil){
		free(m);
		return nil;
	}
	m->kind = Kmember;
	m->ref = 1;
	m->type = type;
	m->fd = fd;
	m->tree = tree;
	return m;
}

Member*
refmember(Member *m)
{
	m->ref++;
	return m;
}

void
putmember(Member *m)
{
	if(m == nil || --m->ref > 0)
		return;
	if(m->fd >= 0)
		close(m->fd);
	if(m->tree != nil)
		fuseputtree(m->tree);
	free(m->name);
	free(m);
}

Head*
headof(Nsmhead *h)
{
	Head *hd;

	if(h->aux == nil && (hd = calloc(1, sizeof *hd)) != nil){
		hd->kind = Khead;
		h->aux = hd;
	}
	return h->aux;
}

/* A table copying a head copies its count and shares its instance; members are shared. */
static void*
dupaux(void *aux)
{
	Head *h, *c;

	if(*(int*)aux == Kmember)
		return refmember(aux);
	h = aux;
	if((c = malloc(sizeof *c)) == nil)
		return nil;
	*c = *h;
	if(c->inst != nil)
		refinst(c->inst);
	return c;
}

static void
freeaux(void *aux)
{
	Head *h;

	if(*(int*)aux == Kmember){
		putmember(aux);
		return;
	}
	h = aux;
	if(h->inst != nil)
		putinst(h->inst);
	free(h);
}

const Nsauxops nsdauxops = {dupaux, freeaux};

Group*
findgroup(uvlong id)
{
	Group *g;

	for(g = groups; g != nil; g = g->next)
		if(g->id == id)
			return g;
	return nil;
}

static void
freegroup(Group *g)
{
	nsfreetable(g->table);
	free(g);
}

static void
unlinkgroup(uvlong id)
{
	Group **l, *g;

	for(l = &groups; (g = *l) != nil; l = &g->next)
		if(g->id == id){
			*l = g->next;
			freegroup(g);
			return;
		}
}

/*
 * A group for mount namespace id, empty or a copy of from's table, with its deny;
 * replaces a stale one.
 */
Group*
newgroup(uvlong id, Group *from)
{
	Group *g;

	if((g = calloc(1, sizeof *g)) == nil)
		return nil;
	g->id = id;
	g->deny = from != nil ? from->deny : 0;
	g->table = from != nil ? nscopytable(from->table) : nsalloctable(&nsdauxops);
	if(g->table == nil){
		free(g);
		return nil;
	}
	unlinkgroup(id);
	g->next = groups;
	groups = g;
	if(debug)
		p9fprint(2, "nsd: group %ullx%s\n", id, from != nil ? " (copy)" : "");
	return g;
}

/*
 * A mount namespace nsd was not told about (made by a program other than rc's rfork and
 * libns, unshare(1) say): take it for a copy of the group of the caller's nearest
 * ancestor in a known one, else an empty group (the first one, made by 9 ns).
 */
Group*
adoptgroup(uvlong id, pid_t pid)
{
	char path[64];
	uvlong pid_id;
	Group *g;
	int i, fd;

	g = nil;
	for(i = 0; i < 64 && pid > 1 && pid != getpid() && g == nil; i++){
		pid = _nsprocstat(pid, 4);
		if(pid <= 1 || pid == getpid())
			break;
		p9snprint(path, sizeof path, "/proc/%d/ns/mnt", pid);
		if((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			break;
		if(_nsmntid(fd, &pid_id) == 0)
			g = findgroup(pid_id);
		close(fd);
	}
	return newgroup(id, g);
}

/*
 * Drop the groups whose mount namespaces no process has any more, so the instances only
 * they held are freed (and mount namespace ids are never reused while a group has one).
 */
void
gcgroups(void)
{
	char path[300];
	struct dirent *de;
	Group *g, **l;
	uvlong id;
	DIR *d;
	int fd, n, live;
	uvlong *ids;

	n = 0;
	for(g = groups; g != nil; g = g->next)
		n++;
	if(n == 0 || (ids = calloc(n, sizeof *ids)) == nil || (d = opendir("/proc")) == nil)
		return;
	live = 0;
	while((de = readdir(d)) != nil && live < n){
		if(de->d_name[0] < '0' || de->d_name[0] > '9')
			continue;
		p9snprint(path, sizeof path, "/proc/%s/ns/mnt", de->d_name);
		if((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		if(_nsmntid(fd, &id) == 0 && findgroup(id) != nil){
			int i;

			for(i = 0; i < live && ids[i] != id; i++)
				;
			if(i == live)
				ids[live++] = id;
		}
		close(fd);
	}
	closedir(d);
	for(l = &groups; (g = *l) != nil;){
		int i;

		for(i = 0; i < live && ids[i] != g->id; i++)
			;
		if(i == live){
			*l = g->next;
			if(debug)
				p9fprint(2, "nsd: group %ullx gone\n", g->id);
			freegroup(g);
		}else
			l = &g->next;
	}
	free(ids);
}

/*
 * The processes that made rfork m (or took mounting away with chdev), each known by its
 * pid and start time, with what they took away. Their descendants may not use it even in
 * a group that may (one they entered with setns(2), which the seccomp filter leaves them).
 */
typedef struct Denied Denied;
struct Denied {
	pid_t pid;
	long start;
	int deny;
};
static Denied *denied;
static int ndenied;

static Denied*
lookdenied(pid_t pid, long start)
{
	int i;

	for(i = 0; i < ndenied; i++)
		if(denied[i].pid == pid && denied[i].start == start)
			return &denied[i];
	return nil;
}

int
markdeny(pid_t pid, int deny)
{
	Denied *n;
	long start;
	int i;

	if((start = _nsprocstat(pid, 22)) < 0){
		p9werrstr("process %d is gone", (int)pid);
		return -1;
	}
	if((n = lookdenied(pid, start)) != nil){
		n->deny |= deny;
		return 0;
	}
	/* forget the ones gone */
	for(i = 0; i < ndenied; )
		if(_nsprocstat(denied[i].pid, 22) != denied[i].start)
			denied[i] = denied[--ndenied];
		else
			i++;
	if((n = realloc(denied, (ndenied + 1) * sizeof *n)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	denied = n;
	denied[ndenied++] = (Denied){pid, start, deny};
	return 0;
}

int
procdeny(pid_t pid)
{
	Denied *d;
	int i, deny;

	deny = 0;
	for(i = 0; i < 64 && ndenied > 0 && pid > 1 && pid != getpid(); i++){
		if((d = lookdenied(pid, _nsprocstat(pid, 22))) != nil)
			deny |= d->deny;
		pid = _nsprocstat(pid, 4);
	}
	return deny;
}

/*
 * What chdev takes away, as 9front's #c/drivers does: op "&" keeps only the devices in
 * devs, "&~" takes those away, "~" takes all; letters of devices planten has not are
 * ignored. -1 for a bad op.
 */
int
devdeny(const char *op, const char *devs)
{
	static const struct { char c; int d; } dev[] = {
		{'c', Dcons}, {'s', Dsrv}, {'|', Dpipe}, {'M', Dmnt},
	};
	int i, named;

	named = 0;
	for(i = 0; i < (int)nelem(dev); i++)
		if(devs != nil && strchr(devs, dev[i].c) != nil)
			named |= dev[i].d;
	if(strcmp(op, "&") == 0 && devs != nil)
		return Dall & ~named;
	if(strcmp(op, "&~") == 0 && devs != nil)
		return named;
	if(strcmp(op, "~") == 0 && devs == nil)
		return Dall;
	return -1;
}
