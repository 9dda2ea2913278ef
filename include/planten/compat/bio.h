/* bio.h: Plan 9's <bio.h> for programs built against planten; the B functions are lib9's. */
#ifndef PLANTEN_COMPAT_BIO_H
#define PLANTEN_COMPAT_BIO_H

#include <libc.h>

/* One type serves as both: Plan 9's Biobuf is a Biobufhdr with the buffer after it. */
typedef Biobuf Biobufhdr;

#define BGETC(bp)	Bgetc(bp)
#define BPUTC(bp, c)	Bputc(bp, c)
#define BOFFSET(bp)	Boffset(bp)
#define BLINELEN(bp)	Blinelen(bp)
#define BFILDES(bp)	Bfildes(bp)

#endif
