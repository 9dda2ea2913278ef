/* u.h: Plan 9's <u.h> for programs built against lib9: the basic types (add this dir to -I). */
#ifndef PLANTEN_COMPAT_U_H
#define PLANTEN_COMPAT_U_H

#include <stdint.h>
#include <planten/p9types.h>

typedef uintptr_t uintptr;
typedef intptr_t intptr;
typedef int8_t s8int;
typedef int16_t s16int;
typedef int32_t s32int;
typedef int64_t s64int;

#endif
