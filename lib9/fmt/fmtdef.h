/* fmtdef.h: lib9's private interface between the pieces of the print engine. */
#include <string.h>
#include <planten/lib9.h>

#include "../lib9impl.h"

typedef int (*Fmts)(Fmt*);

P9HIDDEN int	p9_dofmt(Fmt *f, const char *fmt);
P9HIDDEN int	p9_fmtroom(Fmt *f, int n);
P9HIDDEN int	p9_fmtpad(Fmt *f, int n);
P9HIDDEN int	p9_fmtbytes(Fmt *f, const char *s, int n);
P9HIDDEN int	p9_fmtcpy(Fmt *f, const char *s, int nrunes, int nbytes);
P9HIDDEN int	p9_fmtrcpy(Fmt *f, const Rune *r, int n);
P9HIDDEN int	p9_fmtputrune(Fmt *f, Rune r);
P9HIDDEN int	p9_utfbytes(const char *s, int nbytes);
P9HIDDEN int	p9_fltfmt(Fmt *f);
P9HIDDEN int	p9_quotefmt(Fmt *f);
P9HIDDEN int	p9_runequotefmt(Fmt *f);
P9HIDDEN int	p9_dirfmt(Fmt *f);
P9HIDDEN int	p9_dirmodefmt(Fmt *f);
P9HIDDEN int	p9_vsnprint(char *buf, int len, const char *fmt, va_list arg);
