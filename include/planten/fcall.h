/*
 * fcall.h: the 9P2000 message codec, part of lib9p. Every exported function carries the prefix np.
 * The codec is pure: no allocation, no I/O, nothing from libc but string.h, so it builds
 * freestanding. Decoding is in place: strings in a decoded Fcall or Dir point into the
 * message buffer, which the decoder rewrites to NUL-terminate them; keep the buffer alive
 * while the Fcall is in use.
 */
#ifndef PLANTEN_FCALL_H
#define PLANTEN_FCALL_H

#define PLANTEN_LIB9P_API 1

#include <planten/p9types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VERSION9P	"9P2000"
#define NOTAG		((ushort)~0)
#define NOFID		((u32int)~0)

enum {
	MAXWELEM = 16,		/* names in one Twalk */
	IOHDRSZ = 24,		/* room for the header of Tread/Twrite/Rread */
	STATFIXLEN = 2+2+4+13+4+4+4+8+4*2,	/* stat entry without the four strings' bytes */
	NP_MINMSIZE = 256,	/* smallest msize planten accepts */
	NP_MAXMSIZE = 16*1024*1024,	/* largest msize planten accepts */
	NP_DEFMSIZE = 1024*1024 + IOHDRSZ,	/* planten's default */
};

enum {
	Tversion = 100,
	Rversion,
	Tauth = 102,
	Rauth,
	Tattach = 104,
	Rattach,
	Terror = 106,	/* illegal */
	Rerror,
	Tflush = 108,
	Rflush,
	Twalk = 110,
	Rwalk,
	Topen = 112,
	Ropen,
	Tcreate = 114,
	Rcreate,
	Tread = 116,
	Rread,
	Twrite = 118,
	Rwrite,
	Tclunk = 120,
	Rclunk,
	Tremove = 122,
	Rremove,
	Tstat = 124,
	Rstat,
	Twstat = 126,
	Rwstat,
	Tmax,
};

typedef struct Fcall Fcall;
struct Fcall {
	uchar type;
	u32int fid;
	ushort tag;
	union {
		struct {
			u32int msize;		/* Tversion, Rversion */
			char *version;		/* Tversion, Rversion */
		};
		struct {
			ushort oldtag;		/* Tflush */
		};
		struct {
			char *ename;		/* Rerror */
		};
		struct {
			Qid qid;		/* Rattach, Ropen, Rcreate */
			u32int iounit;		/* Ropen, Rcreate */
		};
		struct {
			Qid aqid;		/* Rauth */
		};
		struct {
			u32int afid;		/* Tauth, Tattach */
			char *uname;		/* Tauth, Tattach */
			char *aname;		/* Tauth, Tattach */
		};
		struct {
			u32int perm;		/* Tcreate */
			char *name;		/* Tcreate */
			uchar mode;		/* Tcreate, Topen */
		};
		struct {
			u32int newfid;		/* Twalk */
			ushort nwname;		/* Twalk */
			char *wname[MAXWELEM];	/* Twalk */
		};
		struct {
			ushort nwqid;		/* Rwalk */
			Qid wqid[MAXWELEM];	/* Rwalk */
		};
		struct {
			vlong offset;		/* Tread, Twrite */
			u32int count;		/* Tread, Twrite, Rread */
			char *data;		/* Twrite, Rread */
		};
		struct {
			ushort nstat;		/* Twstat, Rstat */
			uchar *stat;		/* Twstat, Rstat */
		};
	};
};

/*
 * Messages.
 * npsizeS2M: bytes f encodes to, 0 if f is invalid (unknown type, too many walk elements, ...).
 * npconvS2M: encode f into ap[0..nap); returns the size, 0 if it does not fit or f is invalid.
 * npconvM2S: decode exactly one message of nap bytes (nap must equal the size field);
 *	returns nap, or 0 if the message is malformed in any field (the buffer may be changed):
 *	unknown type, a field or string past the end, trailing bytes, a NUL in a string,
 *	nwname/nwqid > MAXWELEM, a Twrite/Rread count or Twstat/Rstat nstat that disagrees
 *	with the bytes left, or a stat that is not exactly one entry (npstatcheck).
 * npmsgsize: the size field of a message prefix of n bytes, 0 if n < 4.
 */
uint	npsizeS2M(const Fcall *f);
uint	npconvS2M(const Fcall *f, uchar *ap, uint nap);
uint	npconvM2S(uchar *ap, uint nap, Fcall *f);
uint	npmsgsize(const uchar *ap, uint n);

/*
 * Stat entries (the stat[n] of Rstat/Twstat and the entries of a directory read).
 * npsizeD2M: encoded size of d (nil strings encode as empty); 0 if a string or the entry is
 *	too long for the 2-byte counts.
 * npconvD2M: encode d into buf; returns the size. If it does not fit but nbuf >= 2, the entry's
 *	size field (size-2) is stored in buf[0..2) and 2 is returned, as Plan 9 does, so a caller
 *	can tell "too small" (2) from "invalid or nbuf < 2" (0).
 * npstatcheck: 0 if buf[0..nbuf) is exactly one well-formed entry (size field nbuf-2, strings
 *	inside it and ending at its end, no NUL in them), -1 otherwise.
 * npconvM2D: decode the entry at the start of buf[0..nbuf) (more may follow, as in a directory
 *	read) in place into d; returns its size or 0 if malformed.
 */
uint	npsizeD2M(const Dir *d);
uint	npconvD2M(const Dir *d, uchar *buf, uint nbuf);
int	npstatcheck(const uchar *buf, uint nbuf);
uint	npconvM2D(uchar *buf, uint nbuf, Dir *d);

/* Names for message types ("Tversion"), nil if unknown. */
const char *npfcallname(int type);

/*
 * %F for lib9's print: p9fmtinstall('F', npfcallfmt) prints an Fcall* as Plan 9's fcallfmt does.
 * Not part of the freestanding core (it needs lib9).
 */
struct Fmt;
int	npfcallfmt(struct Fmt *f);

#ifdef __cplusplus
}
#endif
#endif
