/*
 * srvmount: open a 9P service posted in /srv and mount it as a Plan 9 program does,
 * with mount(fd, -1, old, flag, aname); use the files it serves, union it with a
 * directory, unmount it; and the mounts that must fail. Run in a name space of 9 ns.
 * The service is a name in /srv, or a path (#s/name too).
 */
#include <u.h>
#include <libc.h>
#include "nsutil.h"

int
byname(const void *a, const void *b)
{
	return strcmp(((Dir*)a)->name, ((Dir*)b)->name);
}

void
ls(char *dir)
{
	Dir *d;
	long i, n;
	int fd;

	if((fd = open(dir, OREAD)) < 0)
		sysfatal("open %s: %r", dir);
	if((n = dirreadall(fd, &d)) < 0)
		sysfatal("dirreadall %s: %r", dir);
	close(fd);
	qsort(d, n, sizeof d[0], byname);
	print("%s:", dir);
	for(i = 0; i < n; i++)
		print(" %s", d[i].name);
	print("\n");
	free(d);
}

int
srvopen(char *name)
{
	char *path;
	int fd;

	path = strchr(name, '/') != nil ? strdup(name) : smprint("/srv/%s", name);
	if((fd = open(path, ORDWR)) < 0)
		sysfatal("open %s: %r", path);
	free(path);
	return fd;
}

void
main(int argc, char *argv[])
{
	int fd, nfd;

	ARGBEGIN{
	default:
	usage:
		fprint(2, "usage: %s service|path\n", argv0);
		exits("usage");
	}ARGEND
	if(argc != 1)
		goto usage;

	makedir("m");
	makedir("h");
	put("h/host", "on the host\n");

	fd = srvopen(argv[0]);
	if(mount(fd, -1, "m", MREPL|MCREATE, "") < 0)
		sysfatal("mount: %r");
	close(fd);
	put("m/hello", "hello from the server\n");
	show("m/hello", "m/hello");
	ls("m");
	if(unmount(nil, "m") < 0)
		sysfatal("unmount m: %r");
	ls("m");

	/* a second conversation, after the host directory's files */
	fd = srvopen(argv[0]);
	if(mount(fd, -1, "h", MAFTER, "") < 0)
		sysfatal("mount -a: %r");
	close(fd);
	ls("h");
	show("h/hello", "h/hello");
	if(unmount(nil, "h") < 0)
		sysfatal("unmount h: %r");
	ls("h");

	/* what mount refuses */
	if((nfd = open("/dev/null", ORDWR)) < 0)
		sysfatal("open /dev/null: %r");
	if(mount(nfd, -1, "m", MREPL, "") < 0)
		print("mount /dev/null: %r\n");
	close(nfd);
	fd = srvopen(argv[0]);
	if(mount(fd, 0, "m", MREPL, "") < 0)
		print("mount with afd: %r\n");
	if(mount(fd, -1, "nonesuch", MREPL, "") < 0)
		print("mount on nonesuch: %r\n");
	if(mount(fd, -1, "h/host", MREPL, "") < 0)
		print("mount on a file: %r\n");
	if(mount(-1, -1, "m", MREPL, "") < 0)
		print("mount fd -1: %r\n");
	close(fd);
	if(unmount(nil, "m") < 0)
		print("unmount m: %r\n");
	exits(nil);
}
