/* p9types.h: the Plan 9 basic types, Qid and Dir, shared by lib9 and the freestanding 9P codec. */
#ifndef PLANTEN_P9TYPES_H
#define PLANTEN_P9TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifndef nil
#define nil ((void*)0)
#endif

typedef unsigned char uchar;
typedef unsigned short ushort;
typedef unsigned int uint;
typedef unsigned long ulong;
typedef long long vlong;
typedef unsigned long long uvlong;
typedef uint8_t u8int;
typedef uint16_t u16int;
typedef uint32_t u32int;
typedef uint64_t u64int;
typedef uint32_t Rune;

enum {
	UTFmax = 4,		/* bytes in one UTF-8 encoded rune */
	Runesync = 0x80,	/* below this a byte is a rune by itself */
	Runeself = 0x80,
	Runeerror = 0xFFFD,	/* decoding error in UTF-8 */
	Runemax = 0x10FFFF,
};

enum {
	ERRMAX = 128,		/* size of an error string buffer */
	KNAMELEN = 28,
};

/* Open modes (Topen, Tcreate). */
enum {
	OREAD = 0,
	OWRITE = 1,
	ORDWR = 2,
	OEXEC = 3,
	OTRUNC = 16,
	OCEXEC = 32,
	ORCLOSE = 64,
	ODIRECT = 128,
	ONONBLOCK = 256,
	OEXCL = 0x1000,
	OLOCK = 0x2000,
	OAPPEND = 0x4000,
};

/* Access modes for access(2)-style checks. */
enum {
	AEXIST = 0,
	AEXEC = 1,
	AWRITE = 2,
	AREAD = 4,
};

/* Qid.type bits. */
enum {
	QTDIR = 0x80,
	QTAPPEND = 0x40,
	QTEXCL = 0x20,
	QTMOUNT = 0x10,
	QTAUTH = 0x08,
	QTTMP = 0x04,
	QTSYMLINK = 0x02,
	QTFILE = 0x00,
};

/* Dir.mode bits. */
#define DMDIR		0x80000000UL
#define DMAPPEND	0x40000000UL
#define DMEXCL		0x20000000UL
#define DMMOUNT		0x10000000UL
#define DMAUTH		0x08000000UL
#define DMTMP		0x04000000UL
#define DMSYMLINK	0x02000000UL
#define DMDEVICE	0x00800000UL
#define DMNAMEDPIPE	0x00200000UL
#define DMSOCKET	0x00100000UL
#define DMSETUID	0x00080000UL
#define DMSETGID	0x00040000UL
#define DMREAD		0x4
#define DMWRITE		0x2
#define DMEXEC		0x1

typedef struct Qid Qid;
struct Qid {
	uvlong path;
	u32int vers;
	uchar type;
};

typedef struct Dir Dir;
struct Dir {
	/* system-modified data */
	ushort type;
	uint dev;
	/* file data */
	Qid qid;
	u32int mode;
	u32int atime;
	u32int mtime;
	vlong length;
	char *name;
	char *uid;
	char *gid;
	char *muid;
};

#endif
