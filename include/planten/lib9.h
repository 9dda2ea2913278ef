/* lib9.h: the Plan 9 C library on Unix. Every exported function carries the prefix p9. */
#ifndef PLANTEN_LIB9_H
#define PLANTEN_LIB9_H

#define PLANTEN_LIB9_API 1

#include <stdarg.h>
#include <sys/types.h>
#include <planten/p9types.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Errors. Each thread has its own error string of at most ERRMAX bytes.
 * p9werrstr formats a new one (the verb %r inside it still sees the old one).
 * p9errstr swaps the thread's string with buf, as Plan 9's errstr(2) does;
 * p9rerrstr copies it out without changing it.
 * p9oserror sets it from a Unix errno value in Plan 9 wording
 * ("file does not exist", "permission denied", ...) and returns -1.
 */
void	p9werrstr(const char *fmt, ...);
void	p9vwerrstr(const char *fmt, va_list arg);
int	p9errstr(char *buf, uint nbuf);
void	p9rerrstr(char *buf, uint nbuf);
int	p9oserror(int err);
const char *p9errnostr(int err);	/* Plan 9 wording of errno err; never nil */
/*
 * For thread libraries: the calling OS thread's slot naming the error buffer (ERRMAX bytes)
 * in use; nil (the start) means the OS thread's own. A user-level thread switch stores the
 * incoming thread's buffer there, so each such thread keeps its own error string.
 */
char**	p9errbufslot(void);

/*
 * Formatted output. Verbs as in Plan 9's print(2): %d %i %o %x %X %u %c %s %e %f %g %E %G %b
 * %p %%, runes %C %S, flags - + # 0 space , h hh l ll u z, width and precision, and '*'.
 * Built in as well: %r (the thread's error string), %q and %Q (rc-style quoting),
 * %D (Dir*, as in Plan 9's dirfmt), %M (a Dir.mode as ls -l prints it: d-rwxr-xr-x).
 * More verbs with p9fmtinstall (process-wide; install before starting threads).
 * As in Plan 9 integers are signed unless the u flag is given: %x of -1 is "-1", %ux "ffffffff";
 * %u alone (or before anything but an integer verb) is %ud; %p is hex without 0x.
 * Width and precision of %s count runes; bytes that are not UTF-8 are copied unchanged.
 * %M takes a u32int. The print functions return bytes written or -1; one p9fprint is one
 * write() (up to 1 MiB).
 * A verb function returns 0 (done) or -1 (error); p9fmtprint, p9fmtvprint, p9fmtstrcpy and
 * p9fmtrunestrcpy return 0 or -1 so a verb can end with "return p9fmtprint(f, ...)".
 * Fmt.runes must be 0 (rune output buffers are not supported). p9fmtbufinit's buffer is kept
 * NUL-terminated by p9fmtprint/p9fmtvprint; p9fmtfdflush returns 1 on success, 0 on error.
 */
typedef struct Fmt Fmt;
struct Fmt {
	uchar runes;		/* output buffer is Runes, not chars */
	void *start;		/* first character of buffer */
	void *to;		/* next place to write */
	void *stop;		/* end of buffer */
	int (*flush)(Fmt*);	/* called when to == stop; returns 0 to stop output */
	void *farg;		/* for the flush routine */
	int nfmt;		/* characters formatted so far */
	va_list args;		/* the current argument list */
	Rune r;			/* the verb being formatted */
	int width;
	int prec;
	ulong flags;
};

enum {
	FmtWidth = 1,
	FmtLeft = FmtWidth << 1,
	FmtPrec = FmtLeft << 1,
	FmtSharp = FmtPrec << 1,
	FmtSpace = FmtSharp << 1,
	FmtSign = FmtSpace << 1,
	FmtApost = FmtSign << 1,
	FmtZero = FmtApost << 1,
	FmtUnsigned = FmtZero << 1,
	FmtShort = FmtUnsigned << 1,
	FmtLong = FmtShort << 1,
	FmtVLong = FmtLong << 1,
	FmtComma = FmtVLong << 1,
	FmtByte = FmtComma << 1,
	FmtSize = FmtByte << 1,
	FmtFlag = FmtSize << 1,
};

int	p9print(const char *fmt, ...);
int	p9fprint(int fd, const char *fmt, ...);
int	p9vfprint(int fd, const char *fmt, va_list arg);
int	p9sprint(char *buf, const char *fmt, ...);	/* unbounded: avoid */
int	p9snprint(char *buf, int len, const char *fmt, ...);
int	p9vsnprint(char *buf, int len, const char *fmt, va_list arg);
char*	p9seprint(char *buf, char *e, const char *fmt, ...);
char*	p9vseprint(char *buf, char *e, const char *fmt, va_list arg);
char*	p9smprint(const char *fmt, ...);	/* malloc'd; nil and errstr set on failure */
char*	p9vsmprint(const char *fmt, va_list arg);

int	p9fmtinstall(int verb, int (*fn)(Fmt*));
int	p9fmtprint(Fmt *f, const char *fmt, ...);
int	p9fmtvprint(Fmt *f, const char *fmt, va_list arg);
int	p9fmtstrcpy(Fmt *f, const char *s);
int	p9fmtrunestrcpy(Fmt *f, const Rune *s);
int	p9fmtfdinit(Fmt *f, int fd, char *buf, int size);
int	p9fmtfdflush(Fmt *f);
int	p9fmtstrinit(Fmt *f);
char*	p9fmtstrflush(Fmt *f);
int	p9fmtbufinit(Fmt *f, char *buf, int size);	/* format into a fixed buffer */

/*
 * rc-style quoting, as %q uses: a word needs quotes if it is empty or has a space, a control
 * character, a quote or an rc metacharacter (` ^ # * [ ] = | \ ? $ { } ( ) < > & ;).
 */
int	p9needsrcquote(int c);
char*	p9quotestrdup(const char *s);		/* malloc'd */

/* The type letters of a qid as %D prints them (d a l A) into s, at least 5 bytes; returns s. */
char*	p9qidtypestr(char *s, uchar type);

/*
 * UTF-8 and runes, as in Plan 9's rune(2), utf(2) and isalpharune(2).
 */
int	p9runetochar(char *s, const Rune *r);
int	p9chartorune(Rune *r, const char *s);
int	p9runelen(long r);
int	p9runenlen(const Rune *r, int n);
int	p9fullrune(const char *s, int n);
long	p9utflen(const char *s);
long	p9utfnlen(const char *s, long n);
char*	p9utfrune(const char *s, Rune r);
char*	p9utfrrune(const char *s, Rune r);
char*	p9utfutf(const char *s, const char *t);
char*	p9utfecpy(char *to, char *e, const char *from);
long	p9runestrlen(const Rune *s);
int	p9isalpharune(Rune r);
int	p9isdigitrune(Rune r);
int	p9isspacerune(Rune r);
int	p9isupperrune(Rune r);
int	p9islowerrune(Rune r);
int	p9istitlerune(Rune r);
Rune	p9tolowerrune(Rune r);
Rune	p9toupperrune(Rune r);

/*
 * Strings.
 * p9getfields and p9tokenize split str in place, as in Plan 9's getfields(2) and tokenize(2)
 * (tokenize honours rc-style single quotes). p9cleanname rewrites a path lexically in place
 * (Plan 9's cleanname(2)) and returns it.
 */
int	p9getfields(char *str, char **args, int maxargs, int multiflag, const char *delims);
int	p9tokenize(char *str, char **args, int maxargs);
char*	p9cleanname(char *name);
char*	p9strecpy(char *to, char *e, const char *from);

/*
 * Networking, as in Plan 9's dial(2), in the plan9port manner.
 * Addresses: net!host!service with net tcp, tcp4, tcp6, unix or net (any); unix!path;
 * a bare name with no '!' is a service posted in the srv directory (unix!$srvdir/name).
 * Services are names from /etc/services, numbers, or Plan 9's names (9fs 564, ticket 567,
 * rcpu 17019, ...). Hosts are names or literal IPv4/IPv6 addresses; '*' in announce means any.
 *
 * p9dial returns a connected fd or -1 with errstr set; local, dir and cfdp may be nil
 * (dir receives the connection's name, *cfdp is set to -1: Unix has no control file).
 * p9announce returns a listening fd (close-on-exec) and names it in adir (at least NETPATHLEN
 * bytes) as a dial string with the address actually bound: announcing tcp!*!0 gives e.g.
 * "tcp!*!40123", tcp!127.0.0.1!0 gives "tcp!127.0.0.1!40123", unix!/p gives "unix!/p".
 * p9listen waits for a call on adir and returns a control fd naming the caller in ldir;
 * on Unix the control fd is the connection itself, found by scanning the process's fds for
 * the socket named adir; p9listenfd does the same given announce's fd, without the scan.
 * p9accept returns a new data fd for the call (a dup: close the control fd afterwards);
 * p9reject shuts the call down (close the control fd afterwards).
 * TCP connections from dial and listen have TCP_NODELAY set.
 * p9netmkaddr fills in a default network and service (Plan 9's netmkaddr) into buf.
 */
enum { NETPATHLEN = 64 };
int	p9dial(const char *addr, const char *local, char *dir, int *cfdp);
int	p9announce(const char *addr, char *adir);
int	p9listen(const char *adir, char *ldir);
int	p9listenfd(int afd, char *ldir);
int	p9accept(int ctl, const char *ldir);
int	p9reject(int ctl, const char *ldir, const char *cause);
char*	p9netmkaddr(const char *addr, const char *defnet, const char *defservice,
		char *buf, int nbuf);
int	p9dialparse(const char *addr, char **net, char **host,
		char **service);	/* malloc'd pieces; service nil for unix */

/*
 * The srv directory: $NAMESPACE if set, else /tmp/ns.$USER.$DISPLAY (DISPLAY ":0" when unset,
 * as plan9port does), created mode 0700 if missing and refused if another user owns it.
 * p9srvdir writes it into buf and returns buf, or nil with errstr set.
 */
char*	p9srvdir(char *buf, int nbuf);

/*
 * The program's name and fatal errors, for commands (libraries never call these).
 * p9argv0 is the name commands print before their messages; ARGBEGIN sets it to argv[0]
 * if it is still nil. p9sysfatal prints "p9argv0: message" (just the message while p9argv0
 * is nil) on standard error and calls p9exits with the message.
 * p9exits ends the process: status 0 if msg is nil or empty, else 1, after the functions
 * registered with p9atexit (last first; at most 32) and the C library's atexit handlers;
 * p9_exits ends it at once. p9atexit returns 1, or 0 when the list is full.
 */
extern char *p9argv0;
void	p9sysfatal(const char *fmt, ...) __attribute__((noreturn));
void	p9vsysfatal(const char *fmt, va_list arg) __attribute__((noreturn));
void	p9exits(const char *msg) __attribute__((noreturn));
void	p9_exits(const char *msg) __attribute__((noreturn));
int	p9atexit(void (*f)(void));
void	p9atexitdont(void (*f)(void));

/*
 * Argument parsing as Plan 9's ARGBEGIN (setting p9argv0 to argv[0] unless already set):
 *	ARGBEGIN{
 *	case 'v': verbose++; break;
 *	case 'o': out = EARGF(usage()); break;
 *	default: usage();
 *	}ARGEND
 * After ARGEND, argc and argv hold the remaining arguments. "--" ends flags.
 */
#define ARGBEGIN	for(p9argv0 = p9argv0 ? p9argv0 : *argv, argv++, argc--;\
				argv[0] && argv[0][0] == '-' && argv[0][1];\
				argc--, argv++){\
				char *_args, *_argt; Rune _argc;\
				_args = &argv[0][1];\
				if(_args[0] == '-' && _args[1] == 0){ argc--; argv++; break; }\
				_argc = 0;\
				while(*_args && (_args += p9chartorune(&_argc, _args)))\
				switch(_argc)
#define ARGEND		(void)_argt; }
#define ARGF()		(_argt = _args, _args = "",\
				(*_argt ? _argt : argv[1] ? (argc--, *++argv) : 0))
#define EARGF(x)	(_argt = _args, _args = "",\
				(*_argt ? _argt : argv[1] ? (argc--, *++argv) :\
				((x), abort(), (char*)0)))
#define ARGC()		_argc

/*
 * Buffered I/O, as in Plan 9's bio(2).
 */
enum { Bsize = 8192, Bungetsize = UTFmax + 1 };
typedef struct Biobuf Biobuf;
struct Biobuf {
	int icount;		/* neg num of bytes at eob */
	int ocount;		/* num of bytes at bob */
	int rdline;		/* num of bytes after rdline */
	int runesize;		/* num of bytes of last getrune */
	int state;		/* r/w/inactive */
	int fid;		/* open file */
	int flag;		/* magic if malloc'ed */
	vlong offset;		/* offset of buffer in file */
	int bsize;		/* size of buffer */
	uchar *bbuf;		/* pointer to beginning of buffer */
	uchar *ebuf;		/* pointer to end of buffer */
	uchar *gbuf;		/* pointer to good data in buf */
	uchar b[Bungetsize + Bsize];
};
enum { Beof = -1, Bbad = -2 };
int	p9Binit(Biobuf *bp, int fd, int mode);	/* mode OREAD or OWRITE */
Biobuf*	p9Bopen(const char *name, int mode);
Biobuf*	p9Bfdopen(int fd, int mode);
int	p9Bterm(Biobuf *bp);			/* flush; close and free if from Bopen/Bfdopen */
int	p9Bflush(Biobuf *bp);
int	p9Bgetc(Biobuf *bp);
int	p9Bungetc(Biobuf *bp);
long	p9Bgetrune(Biobuf *bp);
int	p9Bungetrune(Biobuf *bp);
int	p9Bputc(Biobuf *bp, int c);
int	p9Bputrune(Biobuf *bp, long r);
long	p9Bread(Biobuf *bp, void *buf, long n);
long	p9Bwrite(Biobuf *bp, const void *buf, long n);
void*	p9Brdline(Biobuf *bp, int delim);
char*	p9Brdstr(Biobuf *bp, int delim, int nulldelim);	/* malloc'd */
int	p9Blinelen(Biobuf *bp);
vlong	p9Boffset(Biobuf *bp);
vlong	p9Bseek(Biobuf *bp, vlong off, int whence);
int	p9Bfildes(Biobuf *bp);
int	p9Bprint(Biobuf *bp, const char *fmt, ...);
int	p9Bvprint(Biobuf *bp, const char *fmt, va_list arg);

/*
 * A child's exit, as Plan 9's wait(2) reports it: msg is "" for exit status 0, the status in
 * decimal for another, "signal: NAME" for a signal; time is user, system and real ms.
 */
typedef struct Waitmsg Waitmsg;
struct Waitmsg {
	int pid;
	ulong time[3];
	char *msg;
};

/*
 * Files and the system.
 * p9dirstat and p9dirfstat return a malloc'd Dir (strings in the same allocation; free once)
 * describing a host file with Plan 9 mode bits and user/group names.
 * p9nulldir sets every field to "don't touch" (~0, empty strings), as for wstat.
 * p9readn reads until n bytes or end of file. p9write writes all of buf or fails.
 * p9getuser returns the user's login name (a process-wide constant).
 * p9nsec returns nanoseconds since the epoch.
 */
Dir*	p9dirstat(const char *name);
Dir*	p9dirfstat(int fd);
void	p9nulldir(Dir *d);
long	p9readn(int fd, void *buf, long n);
long	p9write(int fd, const void *buf, long n);
const char *p9getuser(void);
vlong	p9nsec(void);

#ifdef __cplusplus
}
#endif
#endif
