/*
 * lib9pimpl.h: what every private part of lib9p shares. Private functions are named np_ and
 * declared NPHIDDEN, so they never leave the shared library.
 */
#ifndef LIB9PIMPL_H
#define LIB9PIMPL_H

#define NPHIDDEN __attribute__((visibility("hidden")))

#endif
