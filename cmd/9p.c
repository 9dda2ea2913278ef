/* 9p.c: read, write, list, create and remove files on a 9P server from the shell. */
#include <limits.h>
#include <stdio.h>
#include <time.h>
#include <planten/9pclient.h>
#include "cmd.h"

static char *addr;
static char *aname;
static int chatty;
static int anyerr;

static void
usage(void)
{
	p9fprint(2, "usage: 9p [-n] [-D] [-a address] [-A aname] cmd args...\n"
		"possible cmds:\n"
		"	read name\n"
		"	readfd name\n"
		"	write [-l] name\n"
		"	writefd name\n"
		"	stat name\n"
		"	rdwr name\n"
		"	ls [-dlnt] name...\n"
		"	create [-d] [-m mode] name...\n"
		"	mkdir name...\n"
		"	rm name...\n"
		"without -a, name elem/path means /path on server unix!$ns/elem\n");
	exit(1);
}

/* The names after a subcommand that takes no flags; usage unless there are min to max. */
static char**
noflags(int argc, char **argv, int min, int max, int *np)
{
	ARGBEGIN{
	default:
		usage();
	}ARGEND
	if(argc < min || argc > max)
		usage();
	*np = argc;
	return argv;
}

static void
trace(void *arg, const Fcall *f)
{
	p9fprint(2, "%s %F\n", f->type & 1 ? "<-" : "->", f);
}

static NpCFsys*
mount(int fd)
{
	NpCFsys *fs;
	NpCFid *root;

	if((fs = npfsconn(fd)) == nil)
		p9sysfatal("mount: %r");
	if(chatty)
		npfstrace(fs, trace, nil);
	if(npfsversion(fs, 0) < 0)
		p9sysfatal("mount: %r");
	if((root = npfsattach(fs, nil, nil, aname)) == nil)
		p9sysfatal("mount: attach: %r");
	npfssetroot(fs, root);
	return fs;
}

/* Connect for name; *path is what remains of it on the server. */
static NpCFsys*
xparse(char *name, char **path)
{
	char *p;
	int fd;

	if(addr == nil){
		if((p = strchr(name, '/')) == nil)
			p = name + strlen(name);
		else
			*p++ = 0;
		*path = p;
		if(*name == 0)
			p9sysfatal("no service named in /%s (use -a for an address)", p);
		if((fd = p9dial(name, nil, nil, nil)) < 0)
			p9sysfatal("%r");
	}else{
		*path = name;
		if((fd = p9dial(addr, nil, nil, nil)) < 0)
			p9sysfatal("%r");
	}
	return mount(fd);
}

static NpCFid*
xopen(char *name, int mode, NpCFsys **fsp)
{
	NpCFsys *fs;
	NpCFid *fid;
	char *whole, *path;

	if((whole = strdup(name)) == nil)
		p9sysfatal("out of memory");
	fs = xparse(name, &path);	/* cuts name; whole names the file in messages */
	if((fid = npfsopen(fs, path, mode)) == nil)
		p9sysfatal("open %s: %r", whole);
	free(whole);
	*fsp = fs;
	return fid;
}

/* What to do with one name: return nil, or what failed (the errstr says why). */
typedef const char *Action(NpCFsys *fs, char *path, void *arg);

/* Run act on each name's server and path; a failure is reported and remembered, not fatal. */
static void
each(int argc, char **argv, Action *act, void *arg)
{
	NpCFsys *fs;
	char *copy, *path;
	const char *what;
	int i;

	for(i = 0; i < argc; i++){
		if((copy = strdup(argv[i])) == nil)
			p9sysfatal("out of memory");
		fs = xparse(copy, &path);	/* cuts copy; argv[i] stays whole for messages */
		if((what = act(fs, path, arg)) != nil){
			warn("%s %s: %r", what, argv[i]);
			anyerr = 1;
		}
		npfsunmount(fs);
		free(copy);
	}
}

static void
xread(int argc, char **argv)
{
	NpCFsys *fs;
	NpCFid *fid;
	char *buf;
	long n, size;

	argv = noflags(argc, argv, 1, 1, &argc);
	fid = xopen(argv[0], OREAD, &fs);
	size = 8L * (npfsmsize(fs) - IOHDRSZ);	/* several messages in flight */
	buf = emalloc(size);
	while((n = npfsread(fid, buf, size)) > 0)
		if(p9write(1, buf, n) != n)
			p9sysfatal("write error: %r");
	if(n < 0)
		p9sysfatal("read error: %r");
	npfsclose(fid);
	npfsunmount(fs);
	free(buf);
}

static void
xwrite(int argc, char **argv)
{
	NpCFsys *fs;
	NpCFid *fid;
	Biobuf *b;
	char *buf, *p;
	long n, size;
	int byline, did;

	byline = 0;
	ARGBEGIN{
	case 'l':
		byline = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc != 1)
		usage();
	fid = xopen(argv[0], OWRITE|OTRUNC, &fs);
	if(byline){
		if((b = p9Bfdopen(0, OREAD)) == nil)
			p9sysfatal("out of memory");
		while((p = p9Brdstr(b, '\n', 0)) != nil){
			n = strlen(p);
			if(npfswrite(fid, p, n) != n){
				warn("write: %r");
				anyerr = 1;
			}
			free(p);
		}
		p9Bterm(b);
	}else{
		size = 8L * (npfsmsize(fs) - IOHDRSZ);
		buf = emalloc(size);
		did = 0;
		while((n = read(0, buf, size)) > 0 || (n == 0 && !did)){
			did = 1;	/* empty input still writes once, to truncate or signal */
			if(npfswrite(fid, buf, n) != n)
				p9sysfatal("write error: %r");
			if(n == 0)
				break;
		}
		if(n < 0)
			p9sysfatal("read error: %r");
		free(buf);
	}
	npfsclose(fid);
	npfsunmount(fs);
}

static const char*
statone(NpCFsys *fs, char *path, void *arg)
{
	Dir *d;

	(void)arg;
	if((d = npfsdirstat(fs, path)) == nil)
		return "dirstat";
	p9print("%D\n", d);
	free(d);
	return nil;
}

static void
xstat(int argc, char **argv)
{
	argv = noflags(argc, argv, 1, 1, &argc);
	each(argc, argv, statone, nil);
}

static void
xrdwr(int argc, char **argv)
{
	NpCFsys *fs;
	NpCFid *fid;
	Biobuf *b;
	char buf[4096], *p;
	long n;

	argv = noflags(argc, argv, 1, 1, &argc);
	if((b = p9Bfdopen(0, OREAD)) == nil)
		p9sysfatal("out of memory");
	fid = xopen(argv[0], ORDWR, &fs);
	for(;;){
		npfsseek(fid, 0, 0);
		if((n = npfsread(fid, buf, sizeof buf)) < 0){
			warn("read: %r");
			anyerr = 1;
		}else if(p9write(1, buf, n) != n || p9write(1, "\n", 1) != 1)
			p9sysfatal("write error: %r");
		if((p = p9Brdstr(b, '\n', 1)) == nil)
			break;
		n = strlen(p);
		if(npfswrite(fid, p, n) != n){
			warn("write: %r");
			anyerr = 1;
		}
		free(p);
	}
	npfsclose(fid);
	npfsunmount(fs);
	p9Bterm(b);
}

static const char*
createone(NpCFsys *fs, char *path, void *arg)
{
	NpCFid *fid;

	if((fid = npfscreate(fs, path, OREAD, *(u32int*)arg)) == nil)
		return "create";
	npfsclose(fid);
	return nil;
}

static void
xcreate(int argc, char **argv)
{
	u32int perm;
	ulong m;
	char *s, *e;
	int dir;

	perm = 0;
	dir = 0;
	s = nil;
	ARGBEGIN{
	case 'd':
		dir = 1;
		break;
	case 'm':
		s = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if(argc == 0)
		usage();
	if(s != nil){
		m = strtoul(s, &e, 8);
		if(*s == 0 || *e != 0 || m > 0777)
			p9sysfatal("bad mode %s", s);
		perm = m;
	}else
		perm = dir ? 0777 : 0666;
	if(dir)
		perm |= DMDIR;
	each(argc, argv, createone, &perm);
}

static void
xmkdir(int argc, char **argv)
{
	u32int perm;

	argv = noflags(argc, argv, 1, INT_MAX, &argc);
	perm = DMDIR|0777;
	each(argc, argv, createone, &perm);
}

static const char*
rmone(NpCFsys *fs, char *path, void *arg)
{
	(void)arg;
	return npfsremove(fs, path) < 0 ? "remove" : nil;
}

static void
xrm(int argc, char **argv)
{
	argv = noflags(argc, argv, 1, INT_MAX, &argc);
	each(argc, argv, rmone, nil);
}

/* As ls(1) prints a time: hour and minute within six months, else the year. */
static char*
timestr(char *buf, int nbuf, u32int t)
{
	static const char *mon[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun",
		"Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
	};
	struct tm tm;
	time_t tt, now;

	tt = t;
	now = time(nil);
	localtime_r(&tt, &tm);
	if((long)(now - tt) < 6*30*86400L)
		p9snprint(buf, nbuf, "%s %2d %02d:%02d", mon[tm.tm_mon], tm.tm_mday,
			tm.tm_hour, tm.tm_min);
	else
		p9snprint(buf, nbuf, "%s %2d %5d", mon[tm.tm_mon], tm.tm_mday, tm.tm_year+1900);
	return buf;
}

static int
namecmp(const void *va, const void *vb)
{
	return strcmp(((const Dir*)va)->name, ((const Dir*)vb)->name);
}

static int
timecmp(const void *va, const void *vb)
{
	const Dir *a, *b;

	a = va;
	b = vb;
	if(a->mtime != b->mtime)
		return a->mtime < b->mtime ? 1 : -1;	/* newest first */
	return strcmp(a->name, b->name);
}

static void
lsprint(Dir *d, long n, int lflag)
{
	int w[3], l;
	long i;
	char buf[64];

	w[0] = w[1] = w[2] = 0;
	for(i = 0; i < n; i++){
		if((l = strlen(d[i].uid)) > w[0])
			w[0] = l;
		if((l = strlen(d[i].gid)) > w[1])
			w[1] = l;
		if((l = p9snprint(buf, sizeof buf, "%lld", d[i].length)) > w[2])
			w[2] = l;
	}
	for(i = 0; i < n; i++){
		if(!lflag){
			p9print("%q\n", d[i].name);
			continue;
		}
		p9print("%M M 0 %-*s %-*s %*lld %s %q\n", d[i].mode, w[0], d[i].uid,
			w[1], d[i].gid, w[2], d[i].length,
			timestr(buf, sizeof buf, d[i].mtime), d[i].name);
	}
}

typedef struct Lsflags Lsflags;
struct Lsflags {
	int l;		/* long listing */
	int d;		/* a directory itself, not its contents */
	int t;		/* sort newest first */
	int sort;	/* sort at all */
};

static const char*
lsone(NpCFsys *fs, char *path, void *arg)
{
	Lsflags *fl;
	NpCFid *fid;
	Dir *d;
	long n;

	fl = arg;
	if((d = npfsdirstat(fs, path)) == nil)
		return "dirstat";
	n = 1;
	if((d->mode & DMDIR) && !fl->d){
		free(d);
		if((fid = npfsopen(fs, path, OREAD)) == nil)
			return "open";
		n = npfsdirreadall(fid, &d);
		npfsclose(fid);
		if(n < 0)
			return "dirreadall";
	}
	if(fl->sort && n > 1)
		qsort(d, n, sizeof d[0], fl->t ? timecmp : namecmp);
	lsprint(d, n, fl->l);
	free(d);
	return nil;
}

static void
xls(int argc, char **argv)
{
	static char *dot[] = { ".", nil };
	Lsflags fl;

	memset(&fl, 0, sizeof fl);
	fl.sort = 1;
	ARGBEGIN{
	case 'd':
		fl.d = 1;
		break;
	case 'l':
		fl.l = 1;
		break;
	case 'n':
		fl.sort = 0;
		break;
	case 't':
		fl.t = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc == 0){
		if(addr == nil)
			p9sysfatal("ls: name a service: ls service[/path], or use -a address");
		argc = 1;
		argv = dot;
	}
	each(argc, argv, lsone, &fl);
}

static struct {
	char *name;
	void (*fn)(int, char**);
} cmds[] = {
	{ "read", xread },
	{ "readfd", xread },
	{ "write", xwrite },
	{ "writefd", xwrite },
	{ "stat", xstat },
	{ "rdwr", xrdwr },
	{ "ls", xls },
	{ "create", xcreate },
	{ "mkdir", xmkdir },
	{ "rm", xrm },
};

int
main(int argc, char **argv)
{
	size_t i;
	static char abuf[256];

	setargv0(argv[0]);
	p9fmtinstall('F', npfcallfmt);
	ARGBEGIN{
	case 'A':
		aname = EARGF(usage());
		break;
	case 'a':
		addr = EARGF(usage());
		if(strchr(addr, '!') == nil)
			addr = p9netmkaddr(addr, "tcp", "9fs", abuf, sizeof abuf);
		break;
	case 'n':	/* no authentication: the only kind for now */
		break;
	case 'D':
		chatty = 1;
		break;
	default:
		usage();
	}ARGEND
	if(argc < 1)
		usage();
	for(i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
		if(strcmp(cmds[i].name, argv[0]) == 0){
			cmds[i].fn(argc, argv);
			return anyerr;
		}
	usage();
	return 1;
}
