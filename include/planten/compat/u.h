/*
 * u.h: Plan 9's <u.h> for programs built against planten (9c puts this directory on the
 * include path): the basic types. Unless the program asked for a feature set, the C
 * library's headers are held to POSIX, so that their extra names (getline, y0, ...) leave
 * room for the program's own.
 */
#ifndef PLANTEN_COMPAT_U_H
#define PLANTEN_COMPAT_U_H

#if !defined(_GNU_SOURCE) && !defined(_DEFAULT_SOURCE) && !defined(_POSIX_C_SOURCE) && \
	!defined(_XOPEN_SOURCE) && !defined(_BSD_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <planten/p9types.h>

typedef uintptr_t uintptr;
typedef intptr_t intptr;
typedef size_t usize;
typedef int8_t s8int;
typedef int16_t s16int;
typedef int32_t s32int;
typedef int64_t s64int;

/* A double's two words, low first, as Plan 9's little-endian machines lay them out. */
typedef union FPdbleword FPdbleword;
union FPdbleword {
	double x;
	struct {
		u32int lo;
		u32int hi;
	};
};

#endif
