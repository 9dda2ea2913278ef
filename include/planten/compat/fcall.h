/*
 * fcall.h: Plan 9's <fcall.h> for programs built against planten: the 9P message codec
 * of lib9p under Plan 9's names. Fcall, the message types and sizes are lib9p's own.
 */
#ifndef PLANTEN_COMPAT_FCALL_H
#define PLANTEN_COMPAT_FCALL_H

#include <libc.h>
#include <planten/fcall.h>

#define convM2S		npconvM2S
#define convS2M		npconvS2M
#define sizeS2M		npsizeS2M
#define statcheck	npstatcheck
#define convD2M		npconvD2M
#define sizeD2M		npsizeD2M
#define fcallfmt	npfcallfmt
#define read9pmsg	npread9pmsg
/* Plan 9's convM2D copies the strings into strs; lib9p's decodes them in place in buf. */
#define convM2D		npconvM2Dstrs

#define GBIT8(p)	(((uchar*)(p))[0])
#define GBIT16(p)	(((uchar*)(p))[0] | (((uchar*)(p))[1] << 8))
#define GBIT32(p)	((u32int)(((uchar*)(p))[0] | (((uchar*)(p))[1] << 8) | \
				(((uchar*)(p))[2] << 16) | ((u32int)((uchar*)(p))[3] << 24)))
#define GBIT64(p)	((uvlong)GBIT32(p) | ((uvlong)GBIT32((uchar*)(p) + 4) << 32))
#define PBIT8(p, v)	do{ (p)[0] = (v); }while(0)
#define PBIT16(p, v)	do{ (p)[0] = (v); (p)[1] = (v) >> 8; }while(0)
#define PBIT32(p, v)	do{ (p)[0] = (v); (p)[1] = (v) >> 8; (p)[2] = (v) >> 16; \
				(p)[3] = (v) >> 24; }while(0)
#define PBIT64(p, v)	do{ PBIT32(p, (uvlong)(v)); PBIT32((p) + 4, (uvlong)(v) >> 32); }while(0)

#define BIT8SZ		1
#define BIT16SZ		2
#define BIT32SZ		4
#define BIT64SZ		8
#define QIDSZ		(BIT8SZ + BIT32SZ + BIT64SZ)

#endif
