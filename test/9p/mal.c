/* mal.c: conformance cases feeding malformed input; the server must refuse it and live on. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "conform.h"

enum {
	Fresh = 0,	/* send on a connection that has seen nothing */
	Versioned,	/* after Tversion */
	Attached,	/* after Tversion and Tattach */
	Shut = 8,	/* then shut down our sending side */
};

/*
 * Send msg on a new connection in the given state and expect Rerror or a hang-up.
 * A witness connection mounted beforehand must still work afterwards, and so must a new one.
 */
static int
malformed(const char *what, int how, const uchar *msg, uint n)
{
	Conn *c, *w;
	int rv, nerr, r;

	rv = -1;
	c = nil;
	if((w = mountconn(opt.msize)) == nil)
		return -1;
	if((c = (how&3) == Fresh ? dialconn() : mountconn(opt.msize)) == nil)
		goto out;
	if((how&3) == Versioned)
		OK(xversion(c, opt.msize, VERSION9P), "Tversion again");
	if(sendraw(c, msg, n) < 0 && strstr(c->why, "blocked") != nil){
		diag("%s: the server stopped reading without hanging up", what);
		goto out;
	}
	if(how & Shut)
		shutdown(c->fd, SHUT_WR);
	r = waitclose(c, &nerr);
	if(r == -2){
		diag("%s: expected Rerror or a hang-up, got nothing within %d ms",
			what, opt.timeout);
		goto out;
	}
	if(r == -1){
		diag("%s: expected Rerror or a hang-up, got %s", what, c->why);
		goto out;
	}
	if(xstat(w, Froot, nil) != 0){
		diag("%s: another connection stopped working: %s", what, w->why);
		goto out;
	}
	rv = alive();
out:
	hangup(c);
	hangup(w);
	return rv;
}

static uchar*
hdr(uchar *p, uint size, int type, uint tag)
{
	PUT32(p, size);
	p[4] = type;
	PUT16(p+5, tag);
	return p+7;
}

static int
tshortframe(void)
{
	uchar m[3] = {19, 0, 0};

	return malformed("3 bytes then end of file", Fresh|Shut, m, sizeof m);
}

static int
tshortbody(void)
{
	uchar m[16];

	hdr(m, 40, Tclunk, 1);
	return malformed("a frame of 40 bytes cut at 16, then end of file", Attached|Shut,
		m, sizeof m);
}

static int
tsizesmall(void)
{
	uchar m[32];
	uint sizes[] = {0, 4, 6};
	int i;

	for(i = 0; i < 3; i++){
		memset(m, 0, sizeof m);
		hdr(m, sizes[i], Tclunk, 1);
		if(malformed(sizes[i] == 0 ? "size 0" : sizes[i] == 4 ? "size 4" : "size 6",
			Attached, m, sizeof m) < 0)
			return -1;
	}
	return 0;
}

static int
tsizebig(void)
{
	uchar *m, *p;
	Conn *c, *w;
	int rv, nerr, r;
	uint N;

	/* a well-formed Twrite on an open fid whose only fault is exceeding msize */
	rv = -1;
	m = nil;
	w = nil;
	if((c = casemount("size-over-msize", opt.msize)) == nil)
		goto out;
	N = c->msize + 4096;
	if((m = calloc(1, N)) == nil)
		goto out;
	if((w = mountconn(opt.msize)) == nil)
		goto out;
	OK(xwalk(c, Fdir, 2, ""), "clone");
	OK(xcreate(c, 2, "f", 0666, ORDWR), "create");
	p = hdr(m, N, Twrite, 1);
	PUT32(p, 2);
	memset(p+4, 0, 8);
	PUT32(p+12, N-23);
	sendraw(c, m, N);
	r = waitclose(c, &nerr);
	CHECK(r == 0, "Twrite of %u bytes with msize %u: expected Rerror or a hang-up, got %s",
		N, c->msize, r == -2 ? "nothing" : c->why);
	if(xstat(w, Froot, nil) != 0){
		diag("another connection stopped working: %s", w->why);
		goto out;
	}
	rv = alive();
out:
	hangup(c);
	hangup(w);
	free(m);
	return rv;
}

static int
ttruncstring(void)
{
	uchar m[16], *p;

	p = hdr(m, 16, Tversion, NOTAG);
	PUT32(p, 8192);
	PUT16(p+4, 10);
	memcpy(p+6, "9P2", 3);
	return malformed("Tversion whose string is cut short", Fresh, m, sizeof m);
}

static int
tstringpast(void)
{
	uchar m[64], *p;

	p = hdr(m, 4+1+2+4+4+2+5+2+1, Tattach, 1);
	PUT32(p, 9); p += 4;
	PUT32(p, NOFID); p += 4;
	PUT16(p, 5); p += 2;
	memcpy(p, "glenda", 5); p += 5;
	PUT16(p, 0xFFFF); p += 2;
	*p++ = 'x';
	return malformed("Tattach whose aname length runs past the end", Versioned, m, p-m);
}

static int
tnwname(void)
{
	uchar m[64], *p;

	p = hdr(m, 7+4+4+2, Twalk, 1);
	PUT32(p, Froot); p += 4;
	PUT32(p, 5); p += 4;
	PUT16(p, 0xFFFF); p += 2;
	return malformed("Twalk with nwname 65535 and no names", Attached, m, p-m);
}

static int
ttrailing(void)
{
	uchar m[32], *p;

	p = hdr(m, 7+4+4, Tclunk, 1);
	PUT32(p, Froot); p += 4;
	PUT32(p, 0); p += 4;
	return malformed("Tclunk with 4 bytes too many", Attached, m, p-m);
}

static int
tunknowntype(void)
{
	uchar m[16];

	hdr(m, 7, 200, 1);
	if(malformed("message type 200", Attached, m, 7) < 0)
		return -1;
	hdr(m, 7, 0, 1);
	return malformed("message type 0", Attached, m, 7);
}

static int
tterror(void)
{
	uchar m[16], *p;

	p = hdr(m, 7+2+4, Terror, 1);
	PUT16(p, 4);
	memcpy(p+2, "oops", 4);
	return malformed("Terror (106)", Attached, m, sizeof m - 3);
}

static int
trmessage(void)
{
	uchar m[64];
	Fcall f;
	uint n;

	memset(&f, 0, sizeof f);
	f.type = Rversion;
	f.tag = NOTAG;
	f.msize = 8192;
	f.version = VERSION9P;
	n = npconvS2M(&f, m, sizeof m);
	if(n == 0 || malformed("Rversion sent to the server", Versioned, m, n) < 0)
		return -1;
	memset(&f, 0, sizeof f);
	f.type = Rerror;
	f.tag = 1;
	f.ename = "no";
	n = npconvS2M(&f, m, sizeof m);
	if(n == 0 || malformed("Rerror sent to the server", Attached, m, n) < 0)
		return -1;
	memset(&f, 0, sizeof f);
	f.type = Rread;
	f.tag = 1;
	f.count = 3;
	f.data = "abc";
	n = npconvS2M(&f, m, sizeof m);
	if(n == 0){
		diag("suite bug: cannot encode Rread");
		return -1;
	}
	return malformed("Rread sent to the server", Attached, m, n);
}

static void
garbage(uchar *m, uint n, uint seed)
{
	uint i, x;

	x = seed;
	for(i = 0; i < n; i++){
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		m[i] = x >> 7;
	}
}

static int
tgarbage(void)
{
	uchar m[4096];

	garbage(m, sizeof m, 0x9f0f);
	if(malformed("4 KiB of random bytes first", Fresh, m, sizeof m) < 0)
		return -1;
	garbage(m, sizeof m, 0x1234567);
	return malformed("4 KiB of random bytes after attach", Attached, m, sizeof m);
}

static int
tgarbagesmall(void)
{
	uchar m[512];

	/* a plausible size field and type, then random bytes */
	garbage(m, sizeof m, 0xabcdef);
	hdr(m, sizeof m, Twstat, 3);
	PUT32(m+7, Froot);
	return malformed("a Twstat of 512 random bytes", Attached, m, sizeof m);
}

Case malcases[] = {
	{"mal-short-frame", tshortframe, 0, "3 bytes then end of file: hang-up, server lives"},
	{"mal-short-body", tshortbody, 0, "a frame cut short then end of file: hang-up"},
	{"mal-size-small", tsizesmall, 0, "size fields 0, 4 and 6 are refused"},
	{"mal-size-over-msize", tsizebig, 0, "a message larger than msize is refused"},
	{"mal-truncated-string", ttruncstring, 0, "a string cut short by the frame is refused"},
	{"mal-string-past-end", tstringpast, 0, "a string length past the end is refused"},
	{"mal-nwname", tnwname, 0, "a Twalk claiming 65535 names is refused"},
	{"mal-trailing", ttrailing, 0, "bytes beyond a message's fields are refused"},
	{"mal-unknown-type", tunknowntype, 0, "message types 200 and 0 are refused"},
	{"mal-terror", tterror, 0, "Terror is refused"},
	{"mal-rmessage", trmessage, 0, "R-messages sent to the server are refused"},
	{"mal-garbage", tgarbage, 0, "random bytes are refused"},
	{"mal-garbage-stat", tgarbagesmall, 0, "a Twstat of random bytes is refused"},
	{nil, nil, 0, nil},
};
