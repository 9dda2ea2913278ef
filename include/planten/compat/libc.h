/*
 * libc.h: Plan 9's <libc.h> for programs built against planten: Plan 9's names, defined as
 * lib9's p9 functions (and libthread's locks; see lib9(3) and 9c(1)). A program chooses to
 * include it; no library does.
 *
 * Where Plan 9 and Unix share a name the macro serves both kinds of caller when it can:
 * open takes Plan 9 modes (OREAD = O_RDONLY, ...) or Unix flags; dup(a) is Unix's and
 * dup(a, b) Plan 9's; wait() and waitpid() with no arguments are Plan 9's, with arguments
 * Unix's; putenv chooses by the number of arguments. bind, mount, listen and accept are
 * Plan 9's, and sleep and alarm count milliseconds, as Plan 9's do. main is renamed p9main:
 * planten's libp9main (9l links it) calls it and exits with status 0 when it returns, as
 * Plan 9's programs do.
 */
#ifndef PLANTEN_COMPAT_LIBC_H
#define PLANTEN_COMPAT_LIBC_H

#include <u.h>
#include <assert.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/thread.h>

/*
 * The parts of the C library Plan 9's libc.h offers too, declared here rather than through
 * <stdlib.h>, <math.h> and <unistd.h>, whose other names (div, log2, rmdir, signal, ...)
 * Plan 9 programs use for their own functions.
 */
void*	malloc(size_t);
void*	calloc(size_t, size_t);
void*	realloc(void*, size_t);
void	free(void*);
void	abort(void) __attribute__((noreturn));
int	abs(int);
long	labs(long);
int	atoi(const char*);
long	atol(const char*);
long long	atoll(const char*);
double	atof(const char*);
double	strtod(const char*, char**);
long	strtol(const char*, char**, int);
unsigned long	strtoul(const char*, char**, int);
long long	strtoll(const char*, char**, int);
unsigned long long	strtoull(const char*, char**, int);
void	qsort(void*, size_t, size_t, int (*)(const void*, const void*));
int	rand(void);
void	srand(unsigned);
char*	mktemp(char*);
void*	sbrk(intptr_t);
int	brk(void*);
int	isascii(int);
int	tolower(int);
int	toupper(int);
int	getpid(void);
int	getppid(void);
time_t	time(time_t*);
double	pow(double, double);
double	atan2(double, double);
double	fabs(double);
double	atan(double);
double	log(double);
double	log10(double);
double	exp(double);
double	floor(double);
double	ceil(double);
double	hypot(double, double);
double	sin(double);
double	cos(double);
double	tan(double);
double	asin(double);
double	acos(double);
double	sinh(double);
double	cosh(double);
double	tanh(double);
double	sqrt(double);
double	fmod(double, double);
double	frexp(double, int*);
double	ldexp(double, int);
double	modf(double, double*);
/* for Unix callers of dup, wait, waitpid and putenv */
int	dup(int);
pid_t	wait(int*);
pid_t	waitpid(pid_t, int*, int);
int	putenv(char*);

#define nelem(x)	(sizeof(x) / sizeof((x)[0]))
#define USED(...)	p9compatused(0, __VA_ARGS__)
static inline void __attribute__((unused)) p9compatused(int x, ...) { (void)x; }
#define SET(x)		((void)(x))
#define getcallerpc(x)	((uintptr)__builtin_return_address(0))
#define main		p9main

#define IOUNIT		32768U		/* a good size for one read or write */
#define STATMAX		65535U		/* the largest stat entry */
#define DIRMAX		(sizeof(Dir) + STATMAX)
#define HUGE		3.4028234e38
#define PIO2		1.570796326794896619231e0
#define PI		(PIO2 + PIO2)

/* Choosing a function by the number of arguments (0 to 5). */
#define P9COMPAT_NARG(...)	P9COMPAT_NARG_(__VA_ARGS__ __VA_OPT__(,) 5, 4, 3, 2, 1, 0)
#define P9COMPAT_NARG_(a, b, c, d, e, n, ...)	n
#define P9COMPAT_CAT(a, b)	P9COMPAT_CAT_(a, b)
#define P9COMPAT_CAT_(a, b)	a##b
#define P9COMPAT_BYNARG(f, ...)	P9COMPAT_CAT(f, P9COMPAT_NARG(__VA_ARGS__))(__VA_ARGS__)

/* the program's name, failing and exiting */
#define argv0		p9argv0
#define sysfatal	p9sysfatal
#define perror		p9perror
#define exits		p9exits
#define _exits		p9exitsnow
#define atexit		p9atexit
#define atexitdont	p9atexitdont

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
#define runesprint	p9runesprint
#define runesnprint	p9runesnprint
#define runevsnprint	p9runevsnprint
#define runeseprint	p9runeseprint
#define runevseprint	p9runevseprint
#define runesmprint	p9runesmprint
#define runevsmprint	p9runevsmprint
#define fmtinstall	p9fmtinstall
#define fmtprint	p9fmtprint
#define fmtvprint	p9fmtvprint
#define fmtrune		p9fmtrune
#define fmtstrcpy	p9fmtstrcpy
#define fmtrunestrcpy	p9fmtrunestrcpy
#define fmtfdinit	p9fmtfdinit
#define fmtfdflush	p9fmtfdflush
#define fmtstrinit	p9fmtstrinit
#define fmtstrflush	p9fmtstrflush
#define dirfmt		p9dirfmt
#define dirmodefmt	p9dirmodefmt
#define needsrcquote	p9needsrcquote
#define quotestrdup	p9quotestrdup
#define unquotestrdup	p9unquotestrdup
#define quotestrfmt	p9quotestrfmt
#define quoterunestrfmt	p9quoterunestrfmt
#define quotefmtinstall	p9quotefmtinstall
/* %q always quotes as rc does: a program may set doquote, to no effect. */
static int (*doquote)(int) __attribute__((unused)) = p9needsrcquote;

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
#define runestrcpy	p9runestrcpy
#define runestrncpy	p9runestrncpy
#define runestrecpy	p9runestrecpy
#define runestrcat	p9runestrcat
#define runestrncat	p9runestrncat
#define runestrcmp	p9runestrcmp
#define runestrncmp	p9runestrncmp
#define runestrchr	p9runestrchr
#define runestrrchr	p9runestrrchr
#define runestrstr	p9runestrstr
#define runestrdup	p9runestrdup
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
#define cistrcmp	p9cistrcmp
#define cistrncmp	p9cistrncmp
#define cistrstr	p9cistrstr

/* memory */
#define mallocz		p9mallocz
#define setmalloctag	p9setmalloctag
#define setrealloctag	p9setrealloctag
#define getmalloctag	p9getmalloctag
#define getrealloctag	p9getrealloctag

/* numbers */
#define nrand		p9nrand
#define lrand		p9lrand
#define lnrand		p9lnrand
#define frand		p9frand
#define truerand	p9truerand
#define ntruerand	p9ntruerand
#define NaN		p9NaN
#define Inf		p9Inf
#define isNaN		p9isNaN
#define isInf		p9isInf
#define muldiv		p9muldiv
#define umuldiv		p9umuldiv
#define pow10		p9pow10
#define cputime		p9cputime
#define ainc		p9ainc
#define adec		p9adec

/* time */
#define nsec		p9nsec
#define tzload		p9tzload
#define tmnow		p9tmnow
#define tmtime		p9tmtime
#define tmtimens	p9tmtimens
#define tmparse		p9tmparse
#define tmnorm		p9tmnorm
#define tmfmt		p9tmfmt
#define tmfmtinstall	p9tmfmtinstall
#define gmtime		p9gmtime
#define localtime	p9localtime
#define asctime		p9asctime
#define ctime		p9ctime
#define tm2sec		p9tm2sec

/* files */
/*
 * Plan 9's names that Unix shares. open takes Plan 9's modes or Unix's flags (and a mode
 * with O_CREAT); the others keep Unix's signature. As object-like macros they rename
 * structure members too (Srv.open, Srv.read, ...), the same way in every file of the
 * program. dup, wait, waitpid and putenv choose by their number of arguments.
 */
#define open		p9open
#define create		p9create
#define close		p9close
#define read		p9read
#define write		p9write
#define pipe		p9pipe
#define chdir		p9chdir
#define remove		p9remove
#define access		p9access
#define fork		p9fork
#define sleep		p9sleep
#define alarm		p9alarm
#define dup(...)	P9COMPAT_BYNARG(P9COMPAT_dup, __VA_ARGS__)
#define P9COMPAT_dup0	dup
#define P9COMPAT_dup1	dup
#define P9COMPAT_dup2	p9dup
#define P9COMPAT_dup3	dup
#define P9COMPAT_dup4	dup
#define P9COMPAT_dup5	dup
#define wait(...)	P9COMPAT_BYNARG(P9COMPAT_wait, __VA_ARGS__)
#define P9COMPAT_wait0	p9wait
#define P9COMPAT_wait1	wait
#define P9COMPAT_wait2	wait
#define P9COMPAT_wait3	wait
#define P9COMPAT_wait4	wait
#define P9COMPAT_wait5	wait
#define waitpid(...)	P9COMPAT_BYNARG(P9COMPAT_waitpid, __VA_ARGS__)
#define P9COMPAT_waitpid0	p9waitpid
#define P9COMPAT_waitpid1	waitpid
#define P9COMPAT_waitpid2	waitpid
#define P9COMPAT_waitpid3	waitpid
#define P9COMPAT_waitpid4	waitpid
#define P9COMPAT_waitpid5	waitpid
#define putenv(...)	P9COMPAT_BYNARG(P9COMPAT_putenv, __VA_ARGS__)
#define P9COMPAT_putenv0	putenv
#define P9COMPAT_putenv1	putenv
#define P9COMPAT_putenv2	p9putenv
#define P9COMPAT_putenv3	putenv
#define P9COMPAT_putenv4	putenv
#define P9COMPAT_putenv5	putenv
#define pread		p9pread
#define pwrite		p9pwrite
#define readn		p9readn
#define seek		p9seek
#define fd2path		p9fd2path
#define iounit		p9iounit
#define getwd		p9getwd
#define dirstat		p9dirstat
#define dirfstat	p9dirfstat
#define dirwstat	p9dirwstat
#define dirfwstat	p9dirfwstat
#define dirread		p9dirread
#define dirreadall	p9dirreadall
#define nulldir		p9nulldir

/* name spaces */
#define bind		p9bind
#define mount		p9mount
#define unmount		p9unmount

/* segments: Plan 9's shared memory segments have no Unix counterpart; these fail */
#define segattach	p9segattach
#define segdetach	p9segdetach
#define segbrk		p9segbrk
#define segfree		p9segfree
#define segflush	p9segflush

/* processes and notes */
#define rfork		p9rfork
#define exec		p9exec
#define execl		p9execl
#define await		p9await
#define procsetname	p9procsetname
#define notify		p9notify
#define noted		p9noted
#define atnotify	p9atnotify
#define notejmp		p9notejmp
#define postnote	p9postnote
#define getenv		p9getenv
#define getuser		p9getuser
#define sysname		p9sysname

/* networking */
#define dial		p9dial
#define announce	p9announce
#define listen		p9listen
#define accept		p9accept
#define reject		p9reject
#define hangup(fd)	p9close(fd)
#define netmkaddr(a, n, s)	p9netmkaddr((a), (n), (s), p9compatnetaddr, sizeof p9compatnetaddr)

/* Plan 9's netmkaddr returns a static buffer: here it is one per thread of the program. */
static _Thread_local char p9compatnetaddr[256] __attribute__((unused));

/* locks, from libthread (they work with and without its threads) */
#define lock		t9lock
#define canlock		t9canlock
#define unlock		t9unlock
#define qlock		t9qlock
#define canqlock	t9canqlock
#define qunlock		t9qunlock
#define rlock		t9rlock
#define canrlock	t9canrlock
#define runlock		t9runlock
#define wlock		t9wlock
#define canwlock	t9canwlock
#define wunlock		t9wunlock
#define rsleep		t9rsleep
#define rwakeup		t9rwakeup
#define rwakeupall	t9rwakeupall

/* buffered I/O (declared here so that bio.h needs nothing more) */
#define Binit		p9Binit
#define Binits		p9Binits
#define Bopen		p9Bopen
#define Bfdopen		p9Bfdopen
#define Bterm		p9Bterm
#define Bflush		p9Bflush
#define Bgetc		p9Bgetc
#define Bungetc		p9Bungetc
#define Bgetrune	p9Bgetrune
#define Bungetrune	p9Bungetrune
#define Bgetd		p9Bgetd
#define Bputc		p9Bputc
#define Bputrune	p9Bputrune
#define Bread		p9Bread
#define Bwrite		p9Bwrite
#define Brdline	p9Brdline
#define Brdstr		p9Brdstr
#define Blinelen	p9Blinelen
#define Bbuffered	p9Bbuffered
#define Boffset		p9Boffset
#define Bseek		p9Bseek
#define Bfildes		p9Bfildes
#define Bprint		p9Bprint
#define Bvprint		p9Bvprint
#define Blethal		p9Blethal
#define Berror		p9Berror
#define Biofn		p9Biofn

#endif
