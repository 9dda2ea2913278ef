/* dirs: make a directory of files, list it with dirreadall and %M, rename and remove them. */
#include <u.h>
#include <libc.h>

int
byname(const void *a, const void *b)
{
	return strcmp(((Dir*)a)->name, ((Dir*)b)->name);
}

void
list(char *dir)
{
	Dir *d;
	long i, n;
	int fd;

	if((fd = open(dir, OREAD)) < 0)
		sysfatal("open %s: %r", dir);
	n = dirreadall(fd, &d);
	if(n < 0)
		sysfatal("dirreadall: %r");
	qsort(d, n, sizeof d[0], byname);
	for(i = 0; i < n; i++)
		print("%M %5lld %s\n", d[i].mode, d[i].length, d[i].name);
	print("--\n");
	free(d);
	close(fd);
}

void
makefile(char *dir, char *name, ulong perm, char *text)
{
	char path[256];
	int fd;

	snprint(path, sizeof path, "%s/%s", dir, name);
	if((fd = create(path, OWRITE, perm)) < 0)
		sysfatal("create %s: %r", path);
	if(write(fd, text, strlen(text)) != strlen(text))
		sysfatal("write %s: %r", path);
	close(fd);
}

void
main(int argc, char *argv[])
{
	char path[256], *dir;
	Dir nd, *d;
	int fd;

	if(argc != 2)
		sysfatal("usage: dirs dir");
	fmtinstall('M', dirmodefmt);
	dir = argv[1];
	if((fd = create(dir, OREAD, DMDIR|0755)) < 0)
		sysfatal("create %s: %r", dir);
	close(fd);
	makefile(dir, "a", 0644, "alpha\n");
	makefile(dir, "b", 0600, "bravo bravo\n");
	makefile(dir, "c", 0755, "#!/bin/sh\n");
	snprint(path, sizeof path, "%s/sub", dir);
	close(create(path, OREAD, DMDIR|0700));
	list(dir);

	/* rename b to z and cut it, through dirwstat */
	snprint(path, sizeof path, "%s/b", dir);
	nulldir(&nd);
	nd.name = "z";
	nd.length = 5;
	if(dirwstat(path, &nd) < 0)
		sysfatal("dirwstat: %r");
	if(access(path, AEXIST) == 0)
		sysfatal("%s still there", path);
	snprint(path, sizeof path, "%s/z", dir);
	if((d = dirstat(path)) == nil)
		sysfatal("dirstat: %r");
	print("%s %lld %s\n", d->name, d->length, (d->qid.type & QTDIR) ? "dir" : "file");
	free(d);
	list(dir);

	/* remove refuses a directory with files in it */
	if(remove(dir) == 0)
		sysfatal("removed a full directory");
	print("remove %s: %r\n", "dir");
	snprint(path, sizeof path, "%s/nonesuch", dir);
	if(open(path, OREAD) < 0)
		print("open nonesuch: %r\n");
}
