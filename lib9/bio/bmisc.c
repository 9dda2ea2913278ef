/* bmisc.c: a Biobuf's i/o and error functions, Bbuffered, Bgetd, and flushing at exit. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include "bioimpl.h"

long
p9_bioread(Biobuf *bp, void *buf, long n)
{
	long m;

	if(bp->iof != nil){
		m = bp->iof(bp, buf, n);
		if(m < 0)
			p9Berror(bp, "read error: %r");
		return m;
	}
	do
		m = read(bp->fid, buf, n);
	while(m < 0 && errno == EINTR);
	if(m < 0){
		p9oserror(errno);
		p9Berror(bp, "read error: %r");
	}
	return m;
}

long
p9_biowrite(Biobuf *bp, const void *buf, long n)
{
	long m;

	m = bp->iof != nil ? bp->iof(bp, (void*)buf, n) : p9write(bp->fid, buf, n);
	if(m != n){
		/* the buffer is dead before the error function (which may exit) runs */
		bp->state = Binactive;
		bp->ocount = 0;
		p9Berror(bp, "write error: %r");
	}
	return m;
}

void
p9Berror(Biobuf *bp, const char *fmt, ...)
{
	char buf[ERRMAX];
	va_list arg;

	if(bp->errorf == nil)
		return;
	va_start(arg, fmt);
	p9vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	bp->errorf(buf);
}

static void
fatal(char *msg)
{
	p9sysfatal("%s", msg);
}

void
p9Blethal(Biobuf *bp, void (*errorf)(char*))
{
	bp->errorf = errorf != nil ? errorf : fatal;
}

void
p9Biofn(Biobuf *bp, int (*iof)(Biobuf*, void*, long))
{
	bp->iof = iof;
}

int
p9Bbuffered(Biobuf *bp)
{
	switch(bp->state){
	case Bractive:
	case Bracteof:
		return -bp->icount;
	case Bwactive:
		return bp->bsize + bp->ocount;
	}
	return 0;
}

/* Append c to the number in buf if there is room; the next byte. */
static int
take(Biobuf *bp, char *buf, int *n, int nbuf, int c)
{
	if(*n < nbuf - 1)
		buf[(*n)++] = c;
	return p9Bgetc(bp);
}

static int
digitrun(Biobuf *bp, char *buf, int *n, int nbuf, int c, int *ndig)
{
	while(c >= '0' && c <= '9'){
		c = take(bp, buf, n, nbuf, c);
		(*ndig)++;
	}
	return c;
}

/*
 * A decimal number, [+-]digits[.digits][e[+-]digits], after blanks; the byte that ends it
 * is left unread (an e with no digits after it is read and ignored).
 */
int
p9Bgetd(Biobuf *bp, double *d)
{
	char buf[512];
	int c, n, nd, ne;

	n = nd = ne = 0;
	while((c = p9Bgetc(bp)) == ' ' || c == '\t' || c == '\n' || c == '\r')
		;
	if(c == '+' || c == '-')
		c = take(bp, buf, &n, sizeof buf, c);
	c = digitrun(bp, buf, &n, sizeof buf, c, &nd);
	if(c == '.'){
		c = take(bp, buf, &n, sizeof buf, c);
		c = digitrun(bp, buf, &n, sizeof buf, c, &nd);
	}
	if(nd > 0 && (c == 'e' || c == 'E')){
		c = take(bp, buf, &n, sizeof buf, c);
		if(c == '+' || c == '-')
			c = take(bp, buf, &n, sizeof buf, c);
		c = digitrun(bp, buf, &n, sizeof buf, c, &ne);
	}
	if(c >= 0)
		p9Bungetc(bp);
	buf[n] = 0;
	if(nd == 0){
		p9werrstr("no number");
		return -1;
	}
	*d = strtod(buf, nil);
	return 1;
}

/* Buffers open for writing, flushed when the process exits. */
enum { Nexitbuf = 64 };
static pthread_mutex_t exitlock = PTHREAD_MUTEX_INITIALIZER;
static Biobuf *exitbufs[Nexitbuf];
static int registered;

static void
flushall(void)
{
	Biobuf *bp;
	int i;

	for(i = 0; i < Nexitbuf; i++){
		pthread_mutex_lock(&exitlock);
		bp = exitbufs[i];
		exitbufs[i] = nil;
		pthread_mutex_unlock(&exitlock);
		if(bp != nil)
			p9Bflush(bp);
	}
}

P9HIDDEN void
p9_bioexit(Biobuf *bp, int on)
{
	int i, done;

	pthread_mutex_lock(&exitlock);
	if(on && !registered && atexit(flushall) == 0)
		registered = 1;
	done = 0;
	for(i = 0; i < Nexitbuf; i++){
		if(exitbufs[i] == bp)
			exitbufs[i] = nil;
		if(on && !done && exitbufs[i] == nil){
			exitbufs[i] = bp;
			done = 1;
		}
	}
	pthread_mutex_unlock(&exitlock);
}
