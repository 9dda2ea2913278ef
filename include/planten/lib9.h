/* lib9.h: the Plan 9 C library on Unix. Every exported function carries the prefix p9. */
#ifndef PLANTEN_LIB9_H
#define PLANTEN_LIB9_H

#define PLANTEN_LIB9_API 1

#include <setjmp.h>
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
 * p9exitsnow ends it at once (Plan 9's _exits). p9atexit returns 1, or 0 when the list is full.
 */
extern char *p9argv0;
void	p9sysfatal(const char *fmt, ...) __attribute__((noreturn));
void	p9vsysfatal(const char *fmt, va_list arg) __attribute__((noreturn));
void	p9exits(const char *msg) __attribute__((noreturn));
void	p9exitsnow(const char *msg) __attribute__((noreturn));
int	p9atexit(void (*f)(void));
void	p9atexitdont(void (*f)(void));
void	p9perror(const char *s);	/* "s: errstr" on standard error, as Plan 9's perror */

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
 * Buffers open for writing are flushed when the process exits (until p9Bterm), as Plan 9's
 * are. p9Binits uses the caller's buffer of size bytes. Errors reading or writing are
 * passed to the function p9Blethal sets, if any (nil: one that calls p9sysfatal);
 * p9Biofn replaces read and write for the buffer (nil: back to them).
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
	void (*errorf)(char*);	/* called on error if not nil */
	int (*iof)(Biobuf*, void*, long);	/* does the i/o if not nil */
	void *aux;		/* the caller's */
	uchar b[Bungetsize + Bsize];
};
enum { Beof = -1, Bbad = -2 };
int	p9Binit(Biobuf *bp, int fd, int mode);	/* mode OREAD or OWRITE */
int	p9Binits(Biobuf *bp, int fd, int mode, uchar *buf, int size);
Biobuf*	p9Bopen(const char *name, int mode);
Biobuf*	p9Bfdopen(int fd, int mode);
int	p9Bterm(Biobuf *bp);			/* flush; close and free if from Bopen/Bfdopen */
int	p9Bflush(Biobuf *bp);
int	p9Bgetc(Biobuf *bp);
int	p9Bungetc(Biobuf *bp);
long	p9Bgetrune(Biobuf *bp);
int	p9Bungetrune(Biobuf *bp);
int	p9Bgetd(Biobuf *bp, double *d);		/* a number as strtod reads it; 1, or -1 */
int	p9Bputc(Biobuf *bp, int c);
int	p9Bputrune(Biobuf *bp, long r);
long	p9Bread(Biobuf *bp, void *buf, long n);
long	p9Bwrite(Biobuf *bp, const void *buf, long n);
void*	p9Brdline(Biobuf *bp, int delim);
char*	p9Brdstr(Biobuf *bp, int delim, int nulldelim);	/* malloc'd */
int	p9Blinelen(Biobuf *bp);
int	p9Bbuffered(Biobuf *bp);		/* bytes in the buffer */
vlong	p9Boffset(Biobuf *bp);
vlong	p9Bseek(Biobuf *bp, vlong off, int whence);
int	p9Bfildes(Biobuf *bp);
int	p9Bprint(Biobuf *bp, const char *fmt, ...);
int	p9Bvprint(Biobuf *bp, const char *fmt, va_list arg);
void	p9Blethal(Biobuf *bp, void (*errorf)(char*));
void	p9Berror(Biobuf *bp, const char *fmt, ...);
void	p9Biofn(Biobuf *bp, int (*iof)(Biobuf*, void*, long));

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

/*
 * Plan 9's system calls and library routines on Unix, for programs (most of all those
 * built through the compatibility headers, see lib9(3)). Each sets the error string on
 * failure. Where Plan 9 and Unix differ:
 * p9open takes Plan 9 modes (OREAD, OWRITE, ORDWR, OEXEC, with OTRUNC, OCEXEC, ORCLOSE),
 * or Unix O_ flags (and a permission after O_CREAT) when mode has a bit Plan 9's do not
 * use (O_CREAT alone is ORCLOSE: give O_TRUNC or O_EXCL with it);
 * p9create makes a file (truncating one that exists) or, with DMDIR in perm, a directory;
 * ORCLOSE files are removed by p9close. p9dup(a, -1) is dup(a), p9dup(a, b) dup2.
 * p9pipe gives a pair of connected sockets, which carry data both ways as Plan 9's pipes.
 * p9pread and p9pwrite at offset -1 use the fd's offset. p9iounit is 0 (no limit).
 * p9exec and p9execl look up a missing /bin/name in $PATH (Plan 9's /bin/rc is the rc
 * installed beside planten). p9open and p9create take Plan 9's /dev/cons for the process's
 * terminal, /dev/tty. p9getenv returns a malloc'd copy.
 */
int	p9open(const char *name, int mode, ...);	/* ... the Unix mode for O_CREAT */
int	p9create(const char *name, int mode, ulong perm);
int	p9close(int fd);
long	p9read(int fd, void *buf, long n);
long	p9pread(int fd, void *buf, long n, vlong off);
long	p9pwrite(int fd, const void *buf, long n, vlong off);
vlong	p9seek(int fd, vlong off, int type);
int	p9dup(int oldfd, int newfd);
int	p9pipe(int fd[2]);
int	p9chdir(const char *dir);
int	p9remove(const char *name);
int	p9access(const char *name, int mode);
int	p9fd2path(int fd, char *buf, int nbuf);
int	p9iounit(int fd);
char*	p9getwd(char *buf, int nbuf);
int	p9exec(const char *name, char *const argv[]);
int	p9execl(const char *name, ...);
char*	p9getenv(const char *name);
int	p9putenv(const char *name, const char *val);
const char *p9sysname(void);

/*
 * Directories. p9dirread reads the next entries of the open directory fd into a malloc'd
 * array (strings in the same allocation: free it once) and returns their number, 0 at the
 * end; p9dirreadall reads them all. p9dirwstat and p9dirfwstat change the fields of d that
 * are not "don't touch" (see p9nulldir): name (within the same directory), mode, atime,
 * mtime, length, uid and gid.
 */
long	p9dirread(int fd, Dir **d);
long	p9dirreadall(int fd, Dir **d);
int	p9dirwstat(const char *name, const Dir *d);
int	p9dirfwstat(int fd, const Dir *d);

/*
 * Name spaces. lib9 cannot change a name space itself: libns, which is built on lib9,
 * hands it the functions that do with nsinstall (see ns(3)); 9l's programs call it before
 * main. Until then, and outside a name space started by 9 ns, p9bind, p9mount and
 * p9unmount fail with "not in a planten namespace". p9setnsops installs ops; each
 * function returns 0 or -1 with errstr set, rfork (RFNAMEG or RFCNAMEG) acting on the
 * calling process and check saying whether rfork could (0) or why not (-1).
 */
enum {
	MREPL = 0x0000,		/* the mount replaces old */
	MBEFORE = 0x0001,	/* goes before the others in a union directory */
	MAFTER = 0x0002,	/* goes after them */
	MORDER = 0x0003,
	MCREATE = 0x0004,	/* creation allowed in the mounted directory */
	MCACHE = 0x0010,	/* cache some data */
	MMASK = 0x0017,
};
int	p9bind(const char *new, const char *old, int flag);
int	p9mount(int fd, int afd, const char *old, int flag, const char *aname);
int	p9unmount(const char *new, const char *old);
typedef struct P9nsops P9nsops;
struct P9nsops {
	int (*bind)(const char *new, const char *old, int flag);
	int (*mount)(int fd, int afd, const char *old, int flag, const char *aname);
	int (*unmount)(const char *new, const char *old);
	int (*rfork)(int flag);
	int (*check)(void);
};
void	p9setnsops(const P9nsops *ops);

/* Plan 9's memory segments, which Unix does not have: each fails (-1 or (void*)-1). */
void*	p9segattach(int attr, const char *class, void *va, ulong len);
int	p9segdetach(void *addr);
void*	p9segbrk(void *saddr, void *addr);
int	p9segfree(void *va, ulong len);
int	p9segflush(void *va, ulong len);

/*
 * Processes. p9rfork takes Plan 9's RF flags: RFPROC makes a child (sharing the fd table
 * unless RFFDG or RFCFDG; RFNOWAIT: one nobody waits for); RFNOTEG starts a new note group
 * (a Unix process group); RFCENVG clears the environment; RFCFDG closes every fd; RFFDG
 * without RFPROC gives the caller its own fd table. RFNAMEG copies the name space and
 * RFCNAMEG starts a clean one, through libns in a name space of 9 ns (outside one,
 * RFNAMEG has nothing to copy and succeeds, RFCNAMEG fails); RFNOMNT forbids mounts
 * through libns too. RFENVG and RFREND hold already. With RFMEM the child's memory is a copy, not shared
 * (right for rfork-then-exec; procs that share memory are libthread's proccreate).
 * p9wait returns a malloc'd Waitmsg (above) for any child, its real time known only for
 * children from p9rfork/p9fork. p9await formats the same as Plan 9's await.
 * p9sleep and p9alarm count milliseconds; p9alarm's note is "alarm".
 */
enum {
	RFNAMEG = 1 << 0,
	RFENVG = 1 << 1,
	RFFDG = 1 << 2,
	RFNOTEG = 1 << 3,
	RFPROC = 1 << 4,
	RFMEM = 1 << 5,
	RFNOWAIT = 1 << 6,
	RFCNAMEG = 1 << 10,
	RFCENVG = 1 << 11,
	RFCFDG = 1 << 12,
	RFREND = 1 << 13,
	RFNOMNT = 1 << 14,
};
int	p9rfork(int flags);
int	p9fork(void);
Waitmsg*	p9wait(void);
int	p9await(char *buf, int n);
int	p9waitpid(void);
int	p9sleep(long ms);
long	p9alarm(ulong ms);
void	p9procsetname(const char *fmt, ...);

/*
 * Notes. A note is a Unix signal: "interrupt" SIGINT, "hangup" SIGHUP, "alarm" SIGALRM,
 * "quit" SIGQUIT, "terminate" SIGTERM, "sys: write on closed pipe" SIGPIPE, "usr1" and
 * "usr2", "kill" SIGKILL (any other note posts SIGTERM). p9notify's function gets each
 * note and must end with p9noted(NCONT) to carry on or p9noted(NDFLT) to die of it;
 * p9atnotify's functions are asked first and return nonzero when they have dealt with it.
 * p9notejmp leaves a notify function for a setjmp point (the function's frame is lost).
 * p9postnote sends a note to a process (PNPROC) or to its note group (PNGROUP).
 * p9signote and p9notesig translate.
 */
enum { NCONT = 0, NDFLT = 1, PNPROC = 1, PNGROUP = 2 };
int	p9notify(void (*f)(void *ureg, char *note));
int	p9noted(int how);
int	p9atnotify(int (*f)(void *ureg, char *note), int in);
void	p9notejmp(void *ureg, jmp_buf jb, int ret) __attribute__((noreturn));
int	p9postnote(int group, int pid, const char *note);
const char *p9signote(int sig);
int	p9notesig(const char *note);

/*
 * Memory. p9mallocz(n, 1) zeroes. The malloc tags are kept by Plan 9's malloc only:
 * here they do nothing.
 */
void*	p9mallocz(ulong n, int clr);
void	p9setmalloctag(void *v, uintptr_t pc);
void	p9setrealloctag(void *v, uintptr_t pc);
uintptr_t	p9getmalloctag(void *v);
uintptr_t	p9getrealloctag(void *v);

/* Rune strings, and comparisons that ignore ASCII case. */
Rune*	p9runestrcpy(Rune *to, const Rune *from);
Rune*	p9runestrncpy(Rune *to, const Rune *from, long n);
Rune*	p9runestrecpy(Rune *to, Rune *e, const Rune *from);
Rune*	p9runestrcat(Rune *to, const Rune *from);
Rune*	p9runestrncat(Rune *to, const Rune *from, long n);
int	p9runestrcmp(const Rune *a, const Rune *b);
int	p9runestrncmp(const Rune *a, const Rune *b, long n);
Rune*	p9runestrchr(const Rune *s, Rune c);
Rune*	p9runestrrchr(const Rune *s, Rune c);
Rune*	p9runestrstr(const Rune *s, const Rune *t);
Rune*	p9runestrdup(const Rune *s);
int	p9cistrcmp(const char *a, const char *b);
int	p9cistrncmp(const char *a, const char *b, int n);
char*	p9cistrstr(const char *s, const char *t);

/*
 * Formatting into Rune buffers (the text is formatted, then decoded), the verb functions
 * for p9fmtinstall, and the other half of quoting.
 */
int	p9runesprint(Rune *buf, const char *fmt, ...);
int	p9runesnprint(Rune *buf, int len, const char *fmt, ...);
int	p9runevsnprint(Rune *buf, int len, const char *fmt, va_list arg);
Rune*	p9runeseprint(Rune *buf, Rune *e, const char *fmt, ...);
Rune*	p9runevseprint(Rune *buf, Rune *e, const char *fmt, va_list arg);
Rune*	p9runesmprint(const char *fmt, ...);
Rune*	p9runevsmprint(const char *fmt, va_list arg);
int	p9fmtrune(Fmt *f, int r);
int	p9dirfmt(Fmt *f);
int	p9dirmodefmt(Fmt *f);
int	p9quotestrfmt(Fmt *f);
int	p9quoterunestrfmt(Fmt *f);
void	p9quotefmtinstall(void);
char*	p9unquotestrdup(const char *s);

/* Random numbers (p9lrand and friends from rand(3), seeded by srand), and small numerics. */
long	p9lrand(void);
long	p9lnrand(long n);
int	p9nrand(int n);
double	p9frand(void);
ulong	p9truerand(void);
ulong	p9ntruerand(ulong n);
double	p9NaN(void);
double	p9Inf(int sign);
int	p9isNaN(double d);
int	p9isInf(double d, int sign);
long	p9muldiv(long a, long b, long c);
ulong	p9umuldiv(ulong a, ulong b, ulong c);
double	p9pow10(int n);
double	p9cputime(void);
long	p9ainc(long *p);
long	p9adec(long *p);

/*
 * Dates, as 9front's tmdate(2). A Tm is a broken-down time in a zone: year counts from
 * 1900, mon from 0, and tzoff is seconds east of Greenwich. A nil Tzone is GMT.
 * p9tzload loads a zone once per process: "local" ($TZ, else /etc/localtime), a zoneinfo
 * name (Europe/Berlin, or Plan 9's US_Pacific for US/Pacific), a file's path, GMT/UTC, or
 * a fixed offset +hhmm. p9tmparse and %τ (installed by p9tmfmtinstall; the argument is the
 * Tmfmt p9tmfmt returns, nil fmt for ctime's form) read and write dates in 9front's format
 * language: Y YY YYYY, M MM MMM MMMM, D DD, W WW WWW, h hh (H for 12-hour), m mm, s ss,
 * t u n (fractions), Z ZZ ZZZ (zone), a A (am/pm), o (1st), [text], _ (padding), ? (any
 * form, when parsing), and a leading ~ (accept out-of-range values).
 * p9gmtime, p9localtime, p9asctime and p9ctime return per-thread buffers.
 */
typedef struct Tzone Tzone;
typedef struct Tm Tm;
struct Tm {
	int nsec;		/* nanoseconds (0..999999999) */
	int sec;		/* seconds (0..60) */
	int min;		/* minutes (0..59) */
	int hour;		/* hours (0..23) */
	int mday;		/* day of the month (1..31) */
	int mon;		/* month of the year (0..11) */
	int year;		/* year - 1900 */
	int wday;		/* day of the week (0..6, Sunday = 0) */
	int yday;		/* day of the year (0..365) */
	char zone[16];		/* the zone's name for this time */
	int tzoff;		/* seconds east of Greenwich */
	Tzone *tz;		/* the zone, nil for GMT */
};
typedef struct Tmfmt Tmfmt;
struct Tmfmt {
	char *fmt;
	Tm *tm;
};
Tzone*	p9tzload(const char *name);
Tm*	p9tmnow(Tm *tm, Tzone *tz);
Tm*	p9tmtime(Tm *tm, vlong abs, Tzone *tz);
Tm*	p9tmtimens(Tm *tm, vlong abs, int ns, Tzone *tz);
Tm*	p9tmparse(Tm *tm, const char *fmt, const char *str, Tzone *tz, char **ep);
vlong	p9tmnorm(Tm *tm);
Tmfmt	p9tmfmt(Tm *tm, const char *fmt);
int	p9tmfmtinstall(void);
Tm*	p9gmtime(long t);
Tm*	p9localtime(long t);
char*	p9asctime(Tm *tm);
char*	p9ctime(long t);
long	p9tm2sec(Tm *tm);

#ifdef __cplusplus
}
#endif
#endif
