/* serverclient.c: a tiny 9P client for the ramfs shell tests: runs commands over one connection. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <planten/lib9.h>
#include <planten/fcall.h>
#include "serverutil.h"

static Tconn conn;
static u32int nextfid = 1;

static void
usage(void)
{
	fprintf(stderr, "usage: serverclient [-u user] [-m msize] addr|-e 'cmd' command...\n"
		"commands (one argument each): mkdir P | create P [perm] | write P DATA |\n"
		"	fill P N | append P DATA | cat P | ls P | rm P | stat P | chmod P MODE |\n"
		"	chgrp P GROUP | sync P |\n"
		"	rename P NAME | truncate P LEN | hold P MODE (keep open) | sleep MS\n");
	exit(1);
}

/* Connect to a command's stdin and stdout through two pipes. */
static int
spawn(const char *cmd)
{
	int in[2], out[2];
	pid_t pid;

	if(pipe(in) < 0 || pipe(out) < 0)
		return -1;
	if((pid = fork()) < 0)
		return -1;
	if(pid == 0){
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[0]);
		close(in[1]);
		close(out[0]);
		close(out[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char*)nil);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	conn.fd = out[0];
	conn.wfd = in[1];
	return 0;
}

static u32int
walkto(const char *path)
{
	u32int fid;

	fid = nextfid++;
	if(twalk(&conn, 0, fid, path) < 0)
		return NOFID;
	return fid;
}

/* Split "dir/name" into the directory's path and the name. */
static const char*
split(char *path)
{
	char *s;

	if((s = strrchr(path, '/')) == nil)
		return path;
	*s = 0;
	return s + 1;
}

static int
writeall(u32int fid, vlong off, const char *data, long n, u32int iounit)
{
	long m, w;

	while(n > 0){
		m = n > (long)iounit ? (long)iounit : n;
		if((w = twrite(&conn, fid, off, data, m)) < 0)
			return -1;
		if(w == 0){
			fprintf(stderr, "short write\n");
			return -1;
		}
		off += w;
		data += w;
		n -= w;
	}
	return 0;
}

static u32int msize = 8192;

/* Open path for writing, creating it if missing. */
static u32int
openw(char *path, int mode)
{
	u32int fid;
	char dir[1024];
	const char *name;

	if((fid = walkto(path)) != NOFID){
		if(topen(&conn, fid, mode) < 0)
			return NOFID;
		return fid;
	}
	snprintf(dir, sizeof dir, "%s", path);
	name = split(dir);
	if(name == dir)
		dir[0] = 0;
	if((fid = walkto(dir)) == NOFID)
		return NOFID;
	if(tcreate(&conn, fid, name, 0666, mode & 3) < 0)
		return NOFID;
	return fid;
}

static int
cmd(char *line)
{
	char *f[3], *p, buf[8192], dir[1024];
	const char *name;
	u32int fid;
	long n, i, m;
	vlong off;
	int nf;
	Dir d;

	nf = 0;
	p = line;
	while(nf < 3 && p != nil && *p){
		f[nf++] = p;
		if(nf < 3 && (p = strchr(p, ' ')) != nil)
			*p++ = 0;
	}
	if(nf < 2)
		return -1;
	if(strcmp(f[0], "sleep") == 0){
		usleep(atoi(f[1]) * 1000);
		return 0;
	}
	if(strcmp(f[0], "mkdir") == 0 || strcmp(f[0], "create") == 0){
		snprintf(dir, sizeof dir, "%s", f[1]);
		name = split(dir);
		if(name == dir)
			dir[0] = 0;
		if((fid = walkto(dir)) == NOFID)
			return -1;
		if(f[0][0] == 'm')
			return tcreate(&conn, fid, name, DMDIR|0777, OREAD);
		return tcreate(&conn, fid, name, nf > 2 ? strtoul(f[2], nil, 0) : 0666, OREAD);
	}
	if(strcmp(f[0], "write") == 0 || strcmp(f[0], "append") == 0){
		if((fid = openw(f[1], f[0][0] == 'w' ? OWRITE|OTRUNC : OWRITE)) == NOFID)
			return -1;
		off = 0;
		if(f[0][0] == 'a'){
			if(tstat(&conn, fid, &d) < 0)
				return -1;
			off = d.length;
		}
		return writeall(fid, off, nf > 2 ? f[2] : "", nf > 2 ? strlen(f[2]) : 0,
			msize - IOHDRSZ);
	}
	if(strcmp(f[0], "fill") == 0){
		if(nf < 3 || (fid = openw(f[1], OWRITE|OTRUNC)) == NOFID)
			return -1;
		n = atol(f[2]);
		memset(buf, 'x', sizeof buf);
		for(off = 0; off < n; off += i){
			i = n - off > (long)sizeof buf ? (long)sizeof buf : n - off;
			if(writeall(fid, off, buf, i, msize - IOHDRSZ) < 0)
				return -1;
		}
		return 0;
	}
	if(strcmp(f[0], "cat") == 0 || strcmp(f[0], "ls") == 0){
		if((fid = walkto(f[1])) == NOFID || topen(&conn, fid, OREAD) < 0)
			return -1;
		for(off = 0; ; off += n){
			if((n = tread(&conn, fid, off, buf, sizeof buf)) < 0)
				return -1;
			if(n == 0)
				break;
			if(f[0][0] == 'c'){
				fwrite(buf, 1, n, stdout);
				continue;
			}
			for(i = 0; i < n; i += m){
				m = ((buf[i] & 0xFF) | (buf[i+1] & 0xFF) << 8) + 2;
				if(npconvM2D((uchar*)buf+i, m, &d) == 0)
					return -1;
				printf("%s\n", d.name);
			}
		}
		return 0;
	}
	if(strcmp(f[0], "rm") == 0){
		if((fid = walkto(f[1])) == NOFID)
			return -1;
		return tremove(&conn, fid);
	}
	if(strcmp(f[0], "stat") == 0){
		if((fid = walkto(f[1])) == NOFID || tstat(&conn, fid, &d) < 0)
			return -1;
		printf("%s %lld %o %s %s %s %u\n", d.name, d.length, d.mode & 0777, d.uid, d.gid,
			d.muid, d.qid.vers);
		return 0;
	}
	if(strcmp(f[0], "hold") == 0){
		if(nf < 3 || (fid = walkto(f[1])) == NOFID)
			return -1;
		return topen(&conn, fid, strtol(f[2], nil, 0));
	}
	if(strcmp(f[0], "sync") == 0){
		if((fid = walkto(f[1])) == NOFID)
			return -1;
		p9nulldir(&d);
		return twstat(&conn, fid, &d);
	}
	if(strcmp(f[0], "chmod") == 0 || strcmp(f[0], "rename") == 0
	|| strcmp(f[0], "truncate") == 0 || strcmp(f[0], "chgrp") == 0){
		if(nf < 3 || (fid = walkto(f[1])) == NOFID)
			return -1;
		p9nulldir(&d);
		if(strcmp(f[0], "chmod") == 0){
			if(tstat(&conn, fid, &d) < 0)
				return -1;
			m = (d.mode & ~0777UL) | (strtoul(f[2], nil, 8) & 0777);
			p9nulldir(&d);
			d.mode = m;
		}
		else if(f[0][0] == 'r')
			d.name = f[2];
		else if(strcmp(f[0], "chgrp") == 0)
			d.gid = f[2];
		else
			d.length = atoll(f[2]);
		return twstat(&conn, fid, &d);
	}
	fprintf(stderr, "unknown command %s\n", f[0]);
	return -1;
}

int
main(int argc, char **argv)
{
	const char *user, *addr;
	char *line;
	int i, spawned;

	signal(SIGPIPE, SIG_IGN);
	user = getenv("USER") ? getenv("USER") : "none";
	spawned = 0;
	addr = nil;
	for(i = 1; i < argc && argv[i][0] == '-'; i++){
		if(strcmp(argv[i], "-u") == 0 && i+1 < argc)
			user = argv[++i];
		else if(strcmp(argv[i], "-m") == 0 && i+1 < argc)
			msize = strtoul(argv[++i], nil, 0);
		else if(strcmp(argv[i], "-e") == 0 && i+1 < argc){
			addr = argv[++i];
			spawned = 1;
		}else
			usage();
	}
	if(!spawned){
		if(i >= argc)
			usage();
		addr = argv[i++];
	}
	if(spawned){
		if(spawn(addr) < 0){
			perror("serverclient: spawn");
			return 1;
		}
	}else if((conn.fd = p9dial(addr, nil, nil, nil)) < 0){
		p9fprint(2, "serverclient: dial %s: %r\n", addr);
		return 1;
	}
	if((msize = tversion(&conn, msize)) == (u32int)-1 || tattach(&conn, 0, user) < 0){
		fprintf(stderr, "serverclient: %s\n", terr());
		return 1;
	}
	for(; i < argc; i++){
		line = strdup(argv[i]);
		if(cmd(line) < 0){
			fprintf(stderr, "serverclient: %s: %s\n", argv[i], terr());
			free(line);
			return 1;
		}
		free(line);
	}
	fflush(stdout);
	return 0;
}
