/* dirfmt.c: the %D verb (a Dir, as Plan 9's dirfmt prints it) and %M (a mode, as ls -l does). */
#include <stdlib.h>
#include "fmtdef.h"

char*
p9qidtypestr(char *s, uchar t)
{
	char *p;

	p = s;
	if(t & QTDIR)
		*p++ = 'd';
	if(t & QTAPPEND)
		*p++ = 'a';
	if(t & QTEXCL)
		*p++ = 'l';
	if(t & QTAUTH)
		*p++ = 'A';
	*p = 0;
	return s;
}

int
p9_dirfmt(Fmt *f)
{
	char tmp[8], *s;
	Dir *d;
	int n;

	d = va_arg(f->args, Dir*);
	if(d == nil)
		return p9fmtstrcpy(f, "<nil>");
	s = p9smprint("'%s' '%s' '%s' '%s' q (%.16llux %lud %s) m %#luo "
		"at %ld mt %ld l %lld t %d d %d",
		d->name, d->uid, d->gid, d->muid,
		(uvlong)d->qid.path, (ulong)d->qid.vers, p9qidtypestr(tmp, d->qid.type),
		(ulong)d->mode, (long)d->atime, (long)d->mtime, (vlong)d->length,
		(int)d->type, (int)d->dev);
	if(s == nil)
		return -1;
	n = p9fmtstrcpy(f, s);
	free(s);
	return n;
}

static void
rwx(char *s, uint m)
{
	s[0] = (m & 4) ? 'r' : '-';
	s[1] = (m & 2) ? 'w' : '-';
	s[2] = (m & 1) ? 'x' : '-';
}

int
p9_dirmodefmt(Fmt *f)
{
	char buf[12];
	uint m;

	m = va_arg(f->args, uint);
	if(m & DMDIR)
		buf[0] = 'd';
	else if(m & DMAPPEND)
		buf[0] = 'a';
	else if(m & DMAUTH)
		buf[0] = 'A';
	else
		buf[0] = '-';
	buf[1] = (m & DMEXCL) ? 'l' : '-';
	rwx(buf + 2, (m >> 6) & 7);
	rwx(buf + 5, (m >> 3) & 7);
	rwx(buf + 8, m & 7);
	buf[11] = 0;
	return p9fmtstrcpy(f, buf);
}

/* The verbs by themselves, for p9fmtinstall (Plan 9 programs install them as 'D' and 'M'). */
int
p9dirfmt(Fmt *f)
{
	return p9_dirfmt(f);
}

int
p9dirmodefmt(Fmt *f)
{
	return p9_dirmodefmt(f);
}
