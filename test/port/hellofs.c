/* hellofs: a small 9P file server on lib9p in Plan 9's terms (Srv, Tree, respond, postmountsrv). */
#include <u.h>
#include <libc.h>
#include <fcall.h>
#include <thread.h>
#include <9p.h>

char *pidfile;
int reads;

void
fsread(Req *r)
{
	char buf[64];

	if(r->fid->file->aux == nil){		/* count: reads from the start */
		if(r->ifcall.offset == 0)
			reads++;
		snprint(buf, sizeof buf, "%d\n", reads);
		readstr(r, buf);
	}else
		readstr(r, r->fid->file->aux);
	respond(r, nil);
}

void
fswrite(Req *r)
{
	char buf[32];
	int n;

	if(r->fid->file->aux != nil){
		respond(r, "permission denied");
		return;
	}
	/* the data is not a string: it ends where the count says */
	n = r->ifcall.count < sizeof buf - 1 ? r->ifcall.count : sizeof buf - 1;
	memmove(buf, r->ifcall.data, n);
	buf[n] = 0;
	reads = atoi(buf);
	r->ofcall.count = r->ifcall.count;
	respond(r, nil);
}

void
fsstart(Srv*)
{
	int fd;

	/* the serving process says who it is, so that the test can stop it */
	if(pidfile != nil && (fd = create(pidfile, OWRITE, 0644)) >= 0){
		fprint(fd, "%d\n", getpid());
		close(fd);
	}
}

Srv fs = {
	.read = fsread,
	.write = fswrite,
	.start = fsstart,
};

void
usage(void)
{
	fprint(2, "usage: %s [-D] [-p pidfile] [-s srvname] [-m mtpt]\n", argv0);
	exits("usage");
}

void
main(int argc, char *argv[])
{
	char *name, *mtpt;
	File *dir;

	name = nil;
	mtpt = nil;
	ARGBEGIN{
	case 'D':
		chatty9p++;
		break;
	case 'p':
		pidfile = EARGF(usage());
		break;
	case 's':
		name = EARGF(usage());
		break;
	case 'm':
		mtpt = EARGF(usage());
		break;
	default:
		usage();
	}ARGEND
	if((name == nil && mtpt == nil) || argc != 0)
		usage();
	fs.tree = alloctree(getuser(), getuser(), DMDIR|0555, nil);
	if(fs.tree == nil)
		sysfatal("alloctree: %r");
	closefile(createfile(fs.tree->root, "hello", getuser(), 0444, "hello, world\n"));
	dir = createfile(fs.tree->root, "lib", getuser(), DMDIR|0555, nil);
	closefile(createfile(dir, "motd", getuser(), 0444, "welcome to planten\n"));
	closefile(dir);
	closefile(createfile(fs.tree->root, "count", getuser(), 0666, nil));
	postmountsrv(&fs, name, mtpt, MREPL);
	exits(nil);
}
