/* srvdir.c: the srv directory, where services are posted as Unix sockets (plan9port's getns). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <planten/lib9.h>

char*
p9srvdir(char *buf, int nbuf)
{
	char disp[256], *p, *q;
	const char *ns, *d;
	struct stat st;

	ns = getenv("NAMESPACE");
	if(ns != nil && *ns != 0){
		if((int)strlen(ns) >= nbuf){
			p9werrstr("srvdir: $NAMESPACE too long");
			return nil;
		}
		strcpy(buf, ns);
		return buf;
	}
	d = getenv("DISPLAY");
	if(d == nil || *d == 0)
		d = ":0";
	p9strecpy(disp, disp + sizeof disp, d);
	/* as plan9port: host:0.0 names the same display as host:0, and '/' becomes '_' */
	p = strrchr(disp, ':');
	if(p != nil){
		for(q = p + 1; *q >= '0' && *q <= '9'; q++)
			;
		if(strcmp(q, ".0") == 0)
			*q = 0;
	}
	for(p = disp; *p; p++)
		if(*p == '/')
			*p = '_';
	if(p9snprint(buf, nbuf, "/tmp/ns.%s.%s", p9getuser(), disp) >= nbuf - 1){
		p9werrstr("srvdir: buffer too small");
		return nil;
	}
	if(mkdir(buf, 0700) < 0 && errno != EEXIST){
		p9oserror(errno);
		p9werrstr("create %s: %r", buf);
		return nil;
	}
	if(lstat(buf, &st) < 0){
		p9oserror(errno);
		p9werrstr("stat %s: %r", buf);
		return nil;
	}
	if(!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 0777) != 0700){
		p9werrstr("bad name space dir %s", buf);
		return nil;
	}
	return buf;
}
