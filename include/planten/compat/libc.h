/*
 * libc.h: Plan 9's <libc.h> for programs built against lib9: the Plan 9 names, defined as
 * lib9's p9 functions. A program chooses to include it; the library never does. Names that
 * are also Unix C library functions (open, read, write, listen, accept, sleep, ...) keep
 * their Unix meaning and are not redefined.
 */
#ifndef PLANTEN_COMPAT_LIBC_H
#define PLANTEN_COMPAT_LIBC_H

#include <u.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <planten/lib9.h>

#define nelem(x)	(sizeof(x) / sizeof((x)[0]))
#define USED(x)		((void)(x))
#define SET(x)		((void)(x))

/* errors */
#define werrstr		p9werrstr
#define vwerrstr	p9vwerrstr
#define errstr		p9errstr
#define rerrstr		p9rerrstr

/* formatted output */
#define print		p9print
#define fprint		p9fprint
#define vfprint		p9vfprint
#define sprint		p9sprint
#define snprint		p9snprint
#define vsnprint	p9vsnprint
#define seprint		p9seprint
#define vseprint	p9vseprint
#define smprint		p9smprint
#define vsmprint	p9vsmprint
#define fmtinstall	p9fmtinstall
#define fmtprint	p9fmtprint
#define fmtvprint	p9fmtvprint
#define fmtstrcpy	p9fmtstrcpy
#define fmtrunestrcpy	p9fmtrunestrcpy
#define fmtfdinit	p9fmtfdinit
#define fmtfdflush	p9fmtfdflush
#define fmtstrinit	p9fmtstrinit
#define fmtstrflush	p9fmtstrflush
#define needsrcquote	p9needsrcquote
#define quotestrdup	p9quotestrdup

/* UTF and runes */
#define runetochar	p9runetochar
#define chartorune	p9chartorune
#define runelen		p9runelen
#define runenlen	p9runenlen
#define fullrune	p9fullrune
#define utflen		p9utflen
#define utfnlen		p9utfnlen
#define utfrune		p9utfrune
#define utfrrune	p9utfrrune
#define utfutf		p9utfutf
#define utfecpy		p9utfecpy
#define runestrlen	p9runestrlen
#define isalpharune	p9isalpharune
#define isdigitrune	p9isdigitrune
#define isspacerune	p9isspacerune
#define isupperrune	p9isupperrune
#define islowerrune	p9islowerrune
#define istitlerune	p9istitlerune
#define tolowerrune	p9tolowerrune
#define toupperrune	p9toupperrune

/* strings */
#define getfields	p9getfields
#define tokenize	p9tokenize
#define cleanname	p9cleanname
#define strecpy		p9strecpy

/* networking */
#define dial		p9dial
#define announce	p9announce
#define reject		p9reject
#define netmkaddr(a, n, s)	p9netmkaddr((a), (n), (s), p9compatnetaddr, sizeof p9compatnetaddr)

/* Plan 9's netmkaddr returns a static buffer: here it is one per thread of the program. */
static _Thread_local char p9compatnetaddr[256] __attribute__((unused));

/* files and the system */
#define dirstat		p9dirstat
#define dirfstat	p9dirfstat
#define nulldir		p9nulldir
#define readn		p9readn
#define getuser		p9getuser
#define nsec		p9nsec

/* buffered I/O */
#define Binit		p9Binit
#define Bopen		p9Bopen
#define Bfdopen		p9Bfdopen
#define Bterm		p9Bterm
#define Bflush		p9Bflush
#define Bgetc		p9Bgetc
#define Bungetc		p9Bungetc
#define Bgetrune	p9Bgetrune
#define Bungetrune	p9Bungetrune
#define Bputc		p9Bputc
#define Bputrune	p9Bputrune
#define Bread		p9Bread
#define Bwrite		p9Bwrite
#define Brdline		p9Brdline
#define Brdstr		p9Brdstr
#define Blinelen	p9Blinelen
#define Boffset		p9Boffset
#define Bseek		p9Bseek
#define Bfildes		p9Bfildes
#define Bprint		p9Bprint
#define Bvprint		p9Bvprint

/* the program's name, failing and exiting */
#define argv0		p9argv0
#define sysfatal	p9sysfatal
#define exits		p9exits
#define _exits		p9_exits
#define atexitdont	p9atexitdont

#endif
