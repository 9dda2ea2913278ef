/* print.c: the print family and the three kinds of Fmt buffer: fd, growing string, fixed. */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include "fmtdef.h"

static int bufflush(Fmt*);

enum {
	Fdbufsize = 4096,	/* p9vfprint formats here first ... */
	Fdbufmax = 1 << 20,	/* ... and grows up to this to keep to one write() */
};

int
p9fmtvprint(Fmt *f, const char *fmt, va_list arg)
{
	va_list saved;
	ulong flags;
	int width, prec, n;
	Rune r;

	flags = f->flags;
	width = f->width;
	prec = f->prec;
	r = f->r;
	va_copy(saved, f->args);
	va_end(f->args);
	va_copy(f->args, arg);
	n = p9_dofmt(f, fmt);
	if(f->flush == bufflush)
		*(char*)f->to = 0;
	va_end(f->args);
	va_copy(f->args, saved);
	va_end(saved);
	f->flags = flags;
	f->width = width;
	f->prec = prec;
	f->r = r;
	return n < 0 ? -1 : 0;
}

int
p9fmtprint(Fmt *f, const char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = p9fmtvprint(f, fmt, arg);
	va_end(arg);
	return n;
}

/* Start a dofmt run on a freshly initialised Fmt and return its byte count or -1. */
static int
run(Fmt *f, const char *fmt, va_list arg)
{
	int n;

	va_copy(f->args, arg);
	n = p9_dofmt(f, fmt);
	va_end(f->args);
	return n;
}

static void
initfmt(Fmt *f, char *buf, char *stop, int (*flush)(Fmt*), void *farg)
{
	memset(f, 0, sizeof *f);
	f->start = buf;
	f->to = buf;
	f->stop = stop;
	f->flush = flush;
	f->farg = farg;
}

int
p9fmtfdflush(Fmt *f)
{
	long n;

	n = (char*)f->to - (char*)f->start;
	if(n > 0 && p9write((int)(intptr_t)f->farg, f->start, n) != n)
		return 0;
	f->to = f->start;
	return 1;
}

int
p9fmtfdinit(Fmt *f, int fd, char *buf, int size)
{
	if(size <= 0){
		p9werrstr("fmtfdinit: bad buffer size");
		return -1;
	}
	initfmt(f, buf, buf + size, p9fmtfdflush, (void*)(intptr_t)fd);
	return 0;
}

typedef struct Growfd Growfd;
struct Growfd {
	int fd;
	char *heap;	/* nil while the output still fits the caller's stack buffer */
};

/* Grow the buffer so a whole print leaves in one write; past Fdbufmax, write as we go. */
static int
growflush(Fmt *f)
{
	Growfd *g;
	char *nb;
	long len, cap;

	g = f->farg;
	len = (char*)f->to - (char*)f->start;
	cap = (char*)f->stop - (char*)f->start;
	if(cap < Fdbufmax){
		nb = g->heap == nil ? malloc(2 * cap) : realloc(g->heap, 2 * cap);
		if(nb != nil){
			if(g->heap == nil)
				memcpy(nb, f->start, len);
			g->heap = nb;
			f->start = nb;
			f->to = nb + len;
			f->stop = nb + 2 * cap;
			return 1;
		}
	}
	if(p9write(g->fd, f->start, len) != len)
		return 0;
	f->to = f->start;
	return 1;
}

int
p9vfprint(int fd, const char *fmt, va_list arg)
{
	char buf[Fdbufsize];
	Growfd g;
	Fmt f;
	long len;
	int n;

	g.fd = fd;
	g.heap = nil;
	initfmt(&f, buf, buf + sizeof buf, growflush, &g);
	n = run(&f, fmt, arg);
	len = (char*)f.to - (char*)f.start;
	if(n >= 0 && len > 0 && p9write(fd, f.start, len) != len)
		n = -1;
	free(g.heap);
	return n;
}

int
p9fprint(int fd, const char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = p9vfprint(fd, fmt, arg);
	va_end(arg);
	return n;
}

int
p9print(const char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = p9vfprint(1, fmt, arg);
	va_end(arg);
	return n;
}

int
p9_vsnprint(char *buf, int len, const char *fmt, va_list arg)
{
	Fmt f;

	if(len <= 0)
		return 0;
	initfmt(&f, buf, buf + len - 1, nil, nil);
	run(&f, fmt, arg);
	*(char*)f.to = 0;
	return (char*)f.to - buf;
}

int
p9vsnprint(char *buf, int len, const char *fmt, va_list arg)
{
	return p9_vsnprint(buf, len, fmt, arg);
}

int
p9snprint(char *buf, int len, const char *fmt, ...)
{
	va_list arg;
	int n;

	va_start(arg, fmt);
	n = p9_vsnprint(buf, len, fmt, arg);
	va_end(arg);
	return n;
}

int
p9sprint(char *buf, const char *fmt, ...)
{
	va_list arg;
	uintptr_t room;
	int n;

	room = UINTPTR_MAX - (uintptr_t)buf;
	if(room > INT_MAX / 2)
		room = INT_MAX / 2;
	va_start(arg, fmt);
	n = p9_vsnprint(buf, (int)room, fmt, arg);
	va_end(arg);
	return n;
}

char*
p9vseprint(char *buf, char *e, const char *fmt, va_list arg)
{
	Fmt f;

	if(buf == nil || e <= buf)
		return nil;
	initfmt(&f, buf, e - 1, nil, nil);
	run(&f, fmt, arg);
	*(char*)f.to = 0;
	return f.to;
}

char*
p9seprint(char *buf, char *e, const char *fmt, ...)
{
	va_list arg;
	char *p;

	va_start(arg, fmt);
	p = p9vseprint(buf, e, fmt, arg);
	va_end(arg);
	return p;
}

/* A growing string: stop leaves one byte for the terminating NUL. */
static int
strflush(Fmt *f)
{
	char *s, *old;
	long len, cap;

	old = f->start;
	if(old == nil)
		return 0;
	len = (uintptr_t)f->to - (uintptr_t)old;
	cap = (uintptr_t)f->stop - (uintptr_t)old + 1;
	s = nil;
	if(cap <= INT_MAX / 2)
		s = realloc(old, 2 * cap);
	if(s == nil){
		free(old);
		f->start = f->to = f->stop = nil;
		return 0;
	}
	f->start = s;
	f->to = s + len;
	f->stop = s + 2 * cap - 1;
	return 1;
}

int
p9fmtstrinit(Fmt *f)
{
	char *s;

	s = malloc(64);
	if(s == nil){
		memset(f, 0, sizeof *f);
		p9werrstr("out of memory");
		return -1;
	}
	initfmt(f, s, s + 63, strflush, nil);
	return 0;
}

char*
p9fmtstrflush(Fmt *f)
{
	if(f->start == nil){
		p9werrstr("out of memory");
		return nil;
	}
	*(char*)f->to = 0;
	return f->start;
}

char*
p9vsmprint(const char *fmt, va_list arg)
{
	Fmt f;

	if(p9fmtstrinit(&f) < 0)
		return nil;
	if(run(&f, fmt, arg) < 0){
		if(f.start == nil)
			p9werrstr("out of memory");
		free(f.start);
		return nil;
	}
	return p9fmtstrflush(&f);
}

char*
p9smprint(const char *fmt, ...)
{
	va_list arg;
	char *s;

	va_start(arg, fmt);
	s = p9vsmprint(fmt, arg);
	va_end(arg);
	return s;
}

/* A fixed buffer: output stops when it is full; p9fmtvprint keeps it NUL-terminated. */
static int
bufflush(Fmt *f)
{
	return 0;
}

int
p9fmtbufinit(Fmt *f, char *buf, int size)
{
	if(size <= 0){
		p9werrstr("fmtbufinit: bad buffer size");
		return -1;
	}
	initfmt(f, buf, buf + size - 1, bufflush, nil);
	buf[0] = 0;
	return 0;
}
