/*
 * union: bind directories over one another as a Plan 9 program does, union them with
 * MBEFORE and MAFTER, create through MCREATE, unmount a member and the whole union, and
 * print what each step leaves to be read. Run in a name space of 9 ns, in an empty dir.
 */
#include <u.h>
#include <libc.h>
#include "nsutil.h"

/*
 * What reading dir gives: which member each entry came from, in order (a member's own
 * files are named after it: a1, a2 in a), and how often the name f, in every member,
 * came back.
 */
void
ls(char *dir)
{
	Dir *d;
	long i, n;
	int fd, nf, last;

	if((fd = open(dir, OREAD)) < 0)
		sysfatal("open %s: %r", dir);
	if((n = dirreadall(fd, &d)) < 0)
		sysfatal("dirreadall %s: %r", dir);
	close(fd);
	print("%s:", dir);
	nf = 0;
	last = 0;
	for(i = 0; i < n; i++){
		if(strcmp(d[i].name, "f") == 0)
			nf++;
		else if(d[i].name[0] != last){
			last = d[i].name[0];
			print(" %c", last);
		}
	}
	print(", f %d times\n", nf);
	free(d);
}

void
try(char *what, int r)
{
	if(r < 0)
		print("%s: %r\n", what);
	else
		print("%s: ok\n", what);
}

void
main(int argc, char *argv[])
{
	char *long0;
	int fd;

	ARGBEGIN{
	default:
		fprint(2, "usage: %s\n", argv0);
		exits("usage");
	}ARGEND
	USED(argc);

	makedir("a");
	makedir("b");
	makedir("c");
	makedir("u");
	put("a/f", "from a\n");
	put("a/a1", "a1\n");
	put("a/a2", "a2\n");
	put("b/f", "from b\n");
	put("b/b1", "b1\n");
	put("c/f", "from c\n");
	put("c/c1", "c1\n");
	put("u/u1", "u1\n");

	if(bind("a", "u", MREPL) < 0)
		sysfatal("bind a u: %r");
	ls("u");
	show("u/f", "u/f");
	show("u/u1", "u/u1");

	if(bind("b", "u", MAFTER) < 0)
		sysfatal("bind -a b u: %r");
	ls("u");
	show("u/f", "u/f");
	show("u/b1", "u/b1");

	if(bind("c", "u", MBEFORE|MCREATE) < 0)
		sysfatal("bind -bc c u: %r");
	ls("u");
	show("u/f", "u/f");

	/* creates go to the member bound with MCREATE */
	put("u/new", "made in u\n");
	show("c/new", "c/new");
	try("a/new exists", access("a/new", AEXIST));
	remove("c/new");

	try("unmount c u", unmount("c", "u"));
	ls("u");
	show("u/c1", "u/c1");
	/* no member takes creates now */
	try("create u/new2", fd = create("u/new2", OWRITE, 0644));
	if(fd >= 0)
		close(fd);

	try("unmount u", unmount(nil, "u"));
	ls("u");
	try("unmount u again", unmount(nil, "u"));

	/* what bind refuses */
	try("bind nonesuch u", bind("nonesuch", "u", MREPL));
	try("bind a nonesuch", bind("a", "nonesuch", MAFTER));
	try("bind -ab a u", bind("a", "u", MBEFORE|MAFTER));
	try("bind a/f u", bind("a/f", "u", MREPL));
	try("bind \"\" u", bind("", "u", MREPL));
	long0 = malloc(10000);
	memset(long0, 'x', 9999);
	long0[9999] = 0;
	try("bind a 10000 x's", bind("a", long0, MREPL));
	try("bind 10000 x's u", bind(long0, "u", MAFTER));
	free(long0);
	try("bind -a a/f b/f", bind("a/f", "b/f", MAFTER));
	/* a file bound on a file */
	try("bind a/f b/f", bind("a/f", "b/f", MREPL));
	show("b/f", "b/f");
	exits(nil);
}
