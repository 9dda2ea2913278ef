/* bio.h: Plan 9's <bio.h> for programs built against lib9; the B names are defined in libc.h. */
#ifndef PLANTEN_COMPAT_BIO_H
#define PLANTEN_COMPAT_BIO_H

#include <libc.h>

#endif
