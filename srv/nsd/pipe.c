/*
 * pipe.c: #|, Plan 9's pipe device, as a 9P server on nsd's loop. Each attach makes a
 * new pipe: a directory holding data and data1, what is written on one read from the
 * other, a write's bytes kept together as one message. Everything runs on the loop.
 */
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/9p.h>
#include "nsd.h"

enum {
	Qdir,
	Qdata,
	Qdata1,

	Maxbuf = 256 * 1024,	/* bytes written and not read, past which writers wait */
};

typedef struct Msg Msg;
typedef struct Pend Pend;
typedef struct End End;
typedef struct Pipe Pipe;

struct Msg {
	Msg *next;
	long n, off;
	char data[];
};

/* A request waiting: a read for data, a write for room. */
struct Pend {
	Req *r;
	Pend *next;
};

/* What is written on the other end, for reading here. */
struct End {
	Msg *head, *tail;
	long nbuf;
	Pend *readers;
	Pend *writers;		/* writes whose bytes are in the other end's queue, unanswered */
	int nopen;		/* opens of this end */
	int hungup;		/* the other end was open and is not any more, for good (as in
				 * 9front): reads here end, writes into the other fail */
};

struct Pipe {
	uvlong path;		/* qid paths are path<<2 | Q */
	int ref;		/* fids */
	End end[2];		/* end[0] is read through data, end[1] through data1 */
};

static uvlong npipes;
static char Ehungup[] = "write on closed pipe";

/*
 * Requests answered once a fid is gone: not from destroyfid, which the library calls
 * while it sends replies, but from the loop a moment later.
 */
static Pend *later;
static uv_timer_t latertimer;
static int latertimerok;

static void
onlater(uv_timer_t *t)
{
	Pend *w;

	while((w = later) != nil){
		later = w->next;
		nprespond(w->r, nil);
		free(w);
	}
}

/* Answer the requests waiting in *l (reads: at their end) soon. */
static void
answerlater(Pend **l, int isread)
{
	Pend *w, **t;

	for(t = &later; *t != nil; t = &(*t)->next)
		;
	while((w = *l) != nil){
		*l = w->next;
		w->next = nil;
		if(isread)
			w->r->ofcall.count = 0;
		*t = w;
		t = &w->next;
	}
	if(later == nil)
		return;
	if(!latertimerok){
		uv_timer_init(loop, &latertimer);
		latertimerok = 1;
	}
	uv_timer_start(&latertimer, onlater, 0, 0);
}
static Qid
mkqid(Pipe *p, int q)
{
	return (Qid){p->path << 2 | q, 0, q == Qdir ? QTDIR : QTFILE};
}

static int
qof(Fid *f)
{
	return f->qid.path & 3;
}

static void
putpipe(Pipe *p)
{
	Msg *m;
	int i;

	if(p == nil || --p->ref > 0)
		return;
	for(i = 0; i < 2; i++)
		while((m = p->end[i].head) != nil){
			p->end[i].head = m->next;
			free(m);
		}
	free(p);
}

static void
pipeattach(Req *r)
{
	Pipe *p;

	if((p = calloc(1, sizeof *p)) == nil){
		nprespond(r, "out of memory");
		return;
	}
	p->path = ++npipes;
	p->ref = 1;
	r->fid->aux = p;
	r->ofcall.qid = mkqid(p, Qdir);
	nprespond(r, nil);
}

static char*
pwalk1(Fid *f, char *name, Qid *qid)
{
	Pipe *p = f->aux;

	if(strcmp(name, "..") == 0)
		*qid = mkqid(p, Qdir);
	else if(qof(f) != Qdir)
		return "not a directory";
	else if(strcmp(name, "data") == 0)
		*qid = mkqid(p, Qdata);
	else if(strcmp(name, "data1") == 0)
		*qid = mkqid(p, Qdata1);
	else
		return "file does not exist";
	return nil;
}

static char*
pclone(Fid *old, Fid *new)
{
	Pipe *p = old->aux;

	p->ref++;
	new->aux = p;
	return nil;
}

static void
pdestroyfid(Fid *f)
{
	Pipe *p = f->aux;
	End *e, *o;
	Msg *m;
	int q;

	if(p == nil)
		return;
	q = qof(f);
	if(f->omode != -1 && q != Qdir){
		e = &p->end[q - Qdata];
		o = &p->end[Qdata1 - q];
		if(--e->nopen == 0){
			/*
			 * the last of this end: what was written to it goes, writers of the
			 * other end fail from now on, its readers see the end
			 */
			while((m = e->head) != nil){
				e->head = m->next;
				free(m);
			}
			e->tail = nil;
			e->nbuf = 0;
			o->hungup = 1;
			answerlater(&o->readers, 1);
			answerlater(&o->writers, 0);
		}
	}
	f->aux = nil;
	putpipe(p);
}

static void
pipeopen(Req *r)
{
	Pipe *p = r->fid->aux;
	int q;

	q = qof(r->fid);
	if(q != Qdir)
		p->end[q - Qdata].nopen++;
	r->ofcall.qid = r->fid->qid;
	nprespond(r, nil);
}

static int
dirgen(vlong *pos, Dir *d, void *aux)
{
	Req *r = aux;
	Pipe *p = r->fid->aux;
	static char *name[] = {"data", "data1"};

	if(*pos >= 2)
		return -1;
	d->name = name[*pos];
	d->uid = d->gid = d->muid = r->fid->uid;
	d->qid = mkqid(p, Qdata + *pos);
	d->mode = 0600;
	d->length = p->end[*pos].nbuf;
	(*pos)++;
	return 0;
}

/* Put r at the end of list l, to answer later; -1 if out of memory. */
static int
pend(Pend **l, Req *r)
{
	Pend *w;

	if((w = calloc(1, sizeof *w)) == nil)
		return -1;
	w->r = r;
	for(; *l != nil; l = &(*l)->next)
		;
	*l = w;
	return 0;
}

/* Answer the waiting writers of end e whose bytes the reader has room for now. */
static void
room(End *e, End *w)
{
	Pend *p;

	while(e->nbuf <= Maxbuf && (p = w->writers) != nil){
		w->writers = p->next;
		nprespond(p->r, nil);
		free(p);
	}
}

/* Answer r, a read of end e, from its queue; 0 when there is nothing to read yet. */
static int
readmsg(Pipe *p, End *e, Req *r)
{
	Msg *m;
	long n;

	if((m = e->head) == nil)
		return 0;
	n = m->n - m->off;
	if(n > (long)r->ifcall.count)
		n = r->ifcall.count;
	if(npreaddata(r, n) == nil){
		nprespond(r, "out of memory");
		return 1;
	}
	memmove(r->ofcall.data, m->data + m->off, n);
	r->ofcall.count = n;
	m->off += n;
	e->nbuf -= n;
	if(m->off == m->n){
		e->head = m->next;
		if(e->head == nil)
			e->tail = nil;
		free(m);
	}
	/* answering may drop the last fid of the pipe: nothing of it is touched after */
	p->ref++;
	nprespond(r, nil);
	room(e, &p->end[e == &p->end[0]]);
	putpipe(p);
	return 1;
}

static void
piperead(Req *r)
{
	Pipe *p = r->fid->aux;
	End *e;

	if(qof(r->fid) == Qdir){
		npdirread9p(r, dirgen, r);
		nprespond(r, nil);
		return;
	}
	e = &p->end[qof(r->fid) - Qdata];
	if(readmsg(p, e, r))
		return;
	if(e->hungup){
		r->ofcall.count = 0;
		nprespond(r, nil);
		return;
	}
	if(pend(&e->readers, r) < 0)
		nprespond(r, "out of memory");
}

static void
pipewrite(Req *r)
{
	Pipe *p = r->fid->aux;
	End *e, *me;
	Pend *w;
	Msg *m;

	if(qof(r->fid) == Qdir){
		nprespond(r, "permission denied");
		return;
	}
	me = &p->end[qof(r->fid) - Qdata];
	e = &p->end[Qdata1 - qof(r->fid)];
	if(me->hungup){
		nprespond(r, Ehungup);
		return;
	}
	r->ofcall.count = r->ifcall.count;
	if(r->ifcall.count == 0){
		nprespond(r, nil);
		return;
	}
	if((m = malloc(sizeof *m + r->ifcall.count)) == nil){
		nprespond(r, "out of memory");
		return;
	}
	m->next = nil;
	m->n = r->ifcall.count;
	m->off = 0;
	memmove(m->data, r->ifcall.data, m->n);
	if(e->tail != nil)
		e->tail->next = m;
	else
		e->head = m;
	e->tail = m;
	e->nbuf += m->n;
	/* a reader waiting takes it at once (r's fid keeps the pipe) */
	while((w = e->readers) != nil && e->head != nil){
		e->readers = w->next;
		readmsg(p, e, w->r);
		free(w);
	}
	if(e->nbuf <= Maxbuf){
		nprespond(r, nil);
		return;
	}
	/* full: the writer waits for room (when that cannot be noted, it goes on) */
	if(pend(&me->writers, r) < 0)
		nprespond(r, nil);
}

static void
pipestat(Req *r)
{
	Pipe *p = r->fid->aux;
	int q;

	q = qof(r->fid);
	r->d.name = q == Qdir ? "." : q == Qdata ? "data" : "data1";
	r->d.uid = r->d.gid = r->d.muid = r->fid->uid;
	r->d.qid = r->fid->qid;
	r->d.mode = q == Qdir ? DMDIR|0500 : 0600;
	r->d.length = q == Qdir ? 0 : p->end[q - Qdata].nbuf;
	nprespond(r, nil);
}

/* A truncation by open(2)'s O_TRUNC and the like: a pipe has nothing to change. */
static void
pipewstat(Req *r)
{
	nprespond(r, nil);
}

/* Unlink r, waiting in list l; 1 if it was there. */
static int
unpend(Pend **l, Req *r)
{
	Pend *w;

	for(; (w = *l) != nil; l = &w->next)
		if(w->r == r){
			*l = w->next;
			free(w);
			return 1;
		}
	return 0;
}

static void
pipeflush(Req *r)
{
	Req *o = r->oldreq;
	Pipe *p;
	int q;

	if(unpend(&later, o))
		nprespond(o, "interrupted");
	p = o->fid != nil ? o->fid->aux : nil;
	if(p != nil && (q = qof(o->fid)) != Qdir){
		if(unpend(&p->end[q - Qdata].readers, o))
			nprespond(o, "interrupted");
		else if(unpend(&p->end[q - Qdata].writers, o))
			/* its bytes are in the pipe already */
			nprespond(o, nil);
	}
	nprespond(r, nil);
}

int
pipesrvinit(Srv *srv)
{
	memset(srv, 0, sizeof *srv);
	srv->attach = pipeattach;
	srv->walk1 = pwalk1;
	srv->clone = pclone;
	srv->destroyfid = pdestroyfid;
	srv->open = pipeopen;
	srv->read = piperead;
	srv->write = pipewrite;
	srv->stat = pipestat;
	srv->wstat = pipewstat;
	srv->flush = pipeflush;
	return 0;
}
