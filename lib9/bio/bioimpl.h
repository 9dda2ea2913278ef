/* bioimpl.h: lib9's private constants for the Biobuf state machine, and its i/o. */
#include <planten/lib9.h>

#ifndef P9HIDDEN
#define P9HIDDEN __attribute__((visibility("hidden")))
#endif

enum {
	Binactive = 0,
	Bractive,
	Bwactive,
	Bracteof,
	Bmagic = 0x314159,	/* flag: the Biobuf came from Bopen or Bfdopen */
};

/*
 * Read or write through bp->iof, or the fd (reads retried on EINTR, writes whole); errors
 * go to the error function, and a failed write leaves bp inactive.
 */
P9HIDDEN long	p9_bioread(Biobuf *bp, void *buf, long n);
P9HIDDEN long	p9_biowrite(Biobuf *bp, const void *buf, long n);
P9HIDDEN void	p9_bioexit(Biobuf *bp, int on);	/* flush bp at exit, or stop */
