/*
 * nsutil.h: what the name space test programs share (union.c, nsfork.c, procns.c,
 * srvmount.c): making files and directories, and showing a file's first line.
 */

void
put(char *path, char *text)
{
	int fd;

	if((fd = create(path, OWRITE, 0644)) < 0)
		sysfatal("create %s: %r", path);
	if(write(fd, text, strlen(text)) != strlen(text))
		sysfatal("write %s: %r", path);
	close(fd);
}

void
makedir(char *path)
{
	int fd;

	if((fd = create(path, OREAD, DMDIR|0755)) < 0)
		sysfatal("mkdir %s: %r", path);
	close(fd);
}

/* "label: " and the first line of path, or the error opening it. */
void
show(char *label, char *path)
{
	char buf[128];
	int fd;
	long n;

	if((fd = open(path, OREAD)) < 0){
		print("%s: %r\n", label);
		return;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if(n < 0)
		n = 0;
	buf[n] = 0;
	print("%s: %s", label, buf);
}
