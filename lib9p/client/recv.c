/*
 * recv.c: the 9P client's receiver, shared by both transports: the transport asks where
 * the next bytes go (_npfsrxspace), reads, and hands them over (_npfsrxgot), which
 * delivers each whole reply. Small replies arriving together cost one read; an Rread's
 * data goes straight into the buffer its caller gave, and other large messages straight
 * into their own. Everything here runs with fs->lk held.
 */
#include <stdlib.h>
#include <string.h>
#include "fsimpl.h"
#include "../fcall/bits.h"

enum {	/* Rx.state */
	Rxhdr,		/* at the start of a message */
	Rxmsg,		/* gathering a whole message into msg */
	Rxdata,		/* an Rread's data, into r->dst */
	Rxskip,		/* an Rread's data for a call that gave up: dropped */
};

enum {	/* Rx.spacekind */
	Sbuf,
	Smsg,
	Sdata,
};

static const char Ebadsize[] = "9P protocol botch: message size out of range";
static const char Ebadmsg[] = "9P protocol botch: malformed message";

/* The call an Rread of count bytes for tag can be read straight into, or nil. */
static Rpc*
directcall(NpCFsys *fs, ushort tag, u32int count)
{
	Rpc *r;

	if(tag >= Maxtag-1 || (r = fs->tags[tag]) == nil)
		return nil;
	if(r->dst == nil || r->done || r->ttype != Tread || count > r->ndst)
		return nil;
	return r;
}

/*
 * Where the next bytes go: *p, at most *n of them. Returns the call whose buffer that is,
 * which must not give up (Rpc.filling) until _npfsrxgot, or nil.
 */
Rpc*
_npfsrxspace(NpCFsys *fs, uchar **p, size_t *n)
{
	Rx *x;

	x = &fs->rx;
	if(x->p == x->e)
		x->p = x->e = 0;
	if(x->p == x->e && x->state == Rxdata && x->count - x->have >= Rbufsz/2){
		*p = x->r->dst + x->have;
		*n = x->count - x->have;
		x->spacekind = Sdata;
		return x->r;
	}
	if(x->p == x->e && x->state == Rxmsg && x->size - x->have >= Rbufsz/2){
		*p = x->msg + x->have;
		*n = x->size - x->have;
		x->spacekind = Smsg;
		return nil;
	}
	if(x->p > 0){
		/* what is left is part of a header */
		memmove(x->buf, x->buf + x->p, x->e - x->p);
		x->e -= x->p;
		x->p = 0;
	}
	*p = x->buf + x->e;
	*n = Rbufsz - x->e;
	x->spacekind = Sbuf;
	return nil;
}

/* The whole message is in x->msg: decode and deliver it. */
static const char*
msgdone(NpCFsys *fs)
{
	Rx *x;
	Fcall f;
	uchar *m;

	x = &fs->rx;
	m = x->msg;
	x->msg = nil;
	x->state = Rxhdr;
	if(npconvM2S(m, x->size, &f) != x->size || (f.type & 1) == 0){
		free(m);
		return Ebadmsg;
	}
	if(fs->trace != nil)
		fs->trace(fs->tracearg, &f);
	_npfsdeliver(fs, &f, m);
	return nil;
}

/* An Rread's data is all in (or dropped). */
static void
datadone(NpCFsys *fs)
{
	Rx *x;
	Fcall f;

	x = &fs->rx;
	memset(&f, 0, sizeof f);
	f.type = Rread;
	f.tag = x->tag;
	f.count = x->count;
	if(x->state == Rxdata){
		f.data = (char*)x->r->dst;
		if(fs->trace != nil)
			fs->trace(fs->tracearg, &f);
	}
	x->state = Rxhdr;
	x->r = nil;
	_npfsdeliver(fs, &f, nil);
}

/* Start on the message whose header is at x->buf + x->p; 1 if it needs more bytes first. */
static int
header(NpCFsys *fs, const char **err)
{
	Rx *x;
	uchar *h;
	long avail;
	Rpc *r;

	x = &fs->rx;
	h = x->buf + x->p;
	avail = x->e - x->p;
	if(avail < 7)
		return 1;
	x->size = g32(h);
	if(x->size < 7 || x->size > fs->msize){
		*err = Ebadsize;
		return 0;
	}
	x->tag = g16(h + 5);
	if(h[4] == Rread && x->size >= 11){
		if(avail < 11)
			return 1;
		x->count = g32(h + 7);
		if(x->count == x->size - 11 && (r = directcall(fs, x->tag, x->count)) != nil){
			x->state = Rxdata;
			x->r = r;
			x->have = 0;
			x->p += 11;
			return 0;
		}
	}
	if((x->msg = malloc(x->size)) == nil){
		*err = Enomem;
		return 0;
	}
	x->state = Rxmsg;
	x->have = 0;
	return 0;
}

/* Take what x->buf holds. */
static const char*
parse(NpCFsys *fs)
{
	Rx *x;
	u32int m;
	const char *err;

	x = &fs->rx;
	err = nil;
	for(;;){
		m = x->e - x->p;
		switch(x->state){
		case Rxhdr:
			if(header(fs, &err) || err != nil)
				return err;
			continue;
		case Rxmsg:
			if(m > x->size - x->have)
				m = x->size - x->have;
			memmove(x->msg + x->have, x->buf + x->p, m);
			x->p += m;
			x->have += m;
			if(x->have < x->size)
				return nil;
			if((err = msgdone(fs)) != nil)
				return err;
			continue;
		case Rxdata:
		case Rxskip:
			if(m > x->count - x->have)
				m = x->count - x->have;
			if(x->state == Rxdata)
				memmove(x->r->dst + x->have, x->buf + x->p, m);
			x->p += m;
			x->have += m;
			if(x->have < x->count)
				return nil;
			datadone(fs);
			continue;
		}
	}
}

/* n bytes arrived where _npfsrxspace said. nil, or a protocol error: hang up. */
const char*
_npfsrxgot(NpCFsys *fs, size_t n)
{
	Rx *x;

	x = &fs->rx;
	switch(x->spacekind){
	case Sdata:
		x->have += n;
		if(x->have == x->count)
			datadone(fs);
		return nil;
	case Smsg:
		x->have += n;
		if(x->have == x->size)
			return msgdone(fs);
		return nil;
	}
	x->e += n;
	return parse(fs);
}

/* r gives up: the rest of an Rread's data for it is dropped. */
void
_npfsrxdrop(NpCFsys *fs, Rpc *r)
{
	if(fs->rx.state == Rxdata && fs->rx.r == r)
		fs->rx.state = Rxskip;
}

void
_npfsrxreset(NpCFsys *fs)
{
	Rx *x;

	x = &fs->rx;
	free(x->msg);
	x->msg = nil;
	x->r = nil;
	x->state = Rxhdr;
	x->p = x->e = 0;
}
