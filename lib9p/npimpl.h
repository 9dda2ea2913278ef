/* npimpl.h: what every part of lib9p shares privately: the macro that keeps a symbol internal. */
#ifndef PLANTEN_NPIMPL_H
#define PLANTEN_NPIMPL_H

/*
 * Functions shared between lib9p's files but not part of its interface carry the prefix
 * _np and this attribute, so the shared library does not export them.
 */
#define NPHIDDEN __attribute__((visibility("hidden")))

#endif
