/*
 * lib9impl.h: what every private part of lib9 shares. Private functions are named p9_ and
 * declared P9HIDDEN, so they never leave the shared library.
 */
#ifndef LIB9IMPL_H
#define LIB9IMPL_H

#define P9HIDDEN __attribute__((visibility("hidden")))

/* ns.c: rfork's RFNAMEG and RFCNAMEG through the functions libns installed */
P9HIDDEN int	p9_nsrfork(int flag);
P9HIDDEN int	p9_nscheck(void);

#endif
