/*
 * nfctl.c: drive lib9pfuse from a script, for the union tests. One file system; commands
 * on standard input, one per line, each answered on standard output with "ok [n]" or
 * "error: why" (edits of the member list answer once their invalidations are done):
 *	host dir flags rel	add host directory dir; prints the member's number
 *	9p addr flags rel	dial addr, attach, add the 9P tree
 *	del n			remove member n
 *	mountat dir		mount through fusermount3
 *	mountfd dir		detached mount, attached on dir with move_mount
 *	close			unmount, close, exit
 * flags: letters b (NFBEFORE), a (NFAFTER), c (NFCREATE), C (NFCACHE); "-" for none (replace
 * all). rel: a member number, or "-". "ended" is printed if the kernel ends the mount.
 * With $NFCTL_TRACE set, the library's trace goes to standard error.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <uv.h>
#include <planten/lib9.h>
#include <planten/9pclient.h>
#include <planten/9pfuse.h>

enum { Maxmem = 64 };

static uv_loop_t loop;
static NfSrv *srv;
static NfMember *mem[Maxmem];
static int nmem;
static NpCFsys *conns[Maxmem];
static int nconns;
static uv_pipe_t in;
static char line[4096];
static int nline;

static void
reply(const char *fmt, ...)
{
	va_list arg;
	char buf[1024];

	va_start(arg, fmt);
	p9vsnprint(buf, sizeof buf, fmt, arg);
	va_end(arg);
	printf("%s\n", buf);
	fflush(stdout);
}

static void
edited(void *arg, const char *err)
{
	if(err != nil)
		reply("error: %s", err);
	else
		reply("ok %d", (int)(intptr_t)arg);
}

static int
flagsof(const char *s)
{
	int f;

	f = 0;
	for(; *s; s++)
		switch(*s){
		case 'b': f |= NFBEFORE; break;
		case 'a': f |= NFAFTER; break;
		case 'c': f |= NFCREATE; break;
		case 'C': f |= NFCACHE; break;
		}
	return f;
}

/* Member number s ("-": none) into *m; -1 if there is no such member. */
static int
relof(const char *s, NfMember **m)
{
	int i;

	*m = nil;
	if(strcmp(s, "-") == 0)
		return 0;
	i = atoi(s);
	if(i < 0 || i >= nmem || mem[i] == nil)
		return -1;
	*m = mem[i];
	return 0;
}

static void
trace(void *arg, const char *line)
{
	fprintf(stderr, "nfctl: %s\n", line);
}

static void
closed(void *arg)
{
	int i;

	for(i = 0; i < nconns; i++)
		npfsunmount(conns[i]);
	uv_close((uv_handle_t*)&in, nil);
	reply("ok");
}

static void
ended(void *arg)
{
	reply("ended");
}

static void
command(char *s)
{
	char *f[8];
	int n, fd, mfd, i;
	NfMember *m, *rel;
	NpCFsys *fs;
	Nf9p p;

	n = p9tokenize(s, f, 8);
	if(n == 0)
		return;
	if(n == 4 && relof(f[3], &rel) < 0){
		reply("error: no member %s", f[3]);
		return;
	}
	if(strcmp(f[0], "host") == 0 && n == 4){
		if((fd = open(f[1], O_RDONLY|O_DIRECTORY|O_CLOEXEC)) < 0){
			reply("error: %s: %s", f[1], strerror(errno));
			return;
		}
		i = nmem;
		if((m = nfaddhost(srv, fd, flagsof(f[2]), rel, edited, (void*)(intptr_t)i)) == nil){
			close(fd);
			reply("error: %r");
			return;
		}
		mem[nmem++] = m;
	}else if(strcmp(f[0], "9p") == 0 && n == 4){
		if((fs = npfsdial(f[1], nil, 0)) == nil){
			reply("error: %r");
			return;
		}
		if(npfsuvattach(fs, &loop) < 0){
			npfsunmount(fs);
			reply("error: %r");
			return;
		}
		conns[nconns++] = fs;
		memset(&p, 0, sizeof p);
		p.fs = fs;
		p.root = npfsroot(fs);
		i = nmem;
		if((m = nfadd9p(srv, &p, flagsof(f[2]), rel, edited, (void*)(intptr_t)i)) == nil){
			reply("error: %r");
			return;
		}
		mem[nmem++] = m;
	}else if(strcmp(f[0], "del") == 0 && n == 2){
		i = atoi(f[1]);
		if(i < 0 || i >= nmem || mem[i] == nil)
			reply("error: no member %s", f[1]);
		else if(nfdel(srv, mem[i], edited, (void*)(intptr_t)i) < 0)
			reply("error: %r");
		else
			mem[i] = nil;
	}else if(strcmp(f[0], "mountat") == 0 && n == 2){
		if(nfmountat(srv, f[1]) < 0)
			reply("error: %r");
		else
			reply("ok");
	}else if(strcmp(f[0], "mountfd") == 0 && n == 2){
		if((mfd = nfmountfd(srv)) < 0){
			reply("error: %r");
			return;
		}
		if(move_mount(mfd, "", AT_FDCWD, f[1], MOVE_MOUNT_F_EMPTY_PATH) < 0)
			reply("error: move_mount: %s", strerror(errno));
		else
			reply("ok");
		close(mfd);
	}else if(strcmp(f[0], "close") == 0 && n == 1){
		uv_read_stop((uv_stream_t*)&in);
		nfclose(srv, closed, nil);
	}else
		reply("error: bad command %s", f[0]);
}

static void
alloc(uv_handle_t *h, size_t n, uv_buf_t *b)
{
	b->base = line + nline;
	b->len = sizeof line - 1 - nline;
}

static void
onread(uv_stream_t *s, ssize_t n, const uv_buf_t *b)
{
	char *p, *e;

	if(n < 0){	/* end of input: as close */
		uv_read_stop(s);
		nfclose(srv, closed, nil);
		return;
	}
	nline += n;
	line[nline] = 0;
	while((e = strchr(line, '\n')) != nil){
		*e = 0;
		command(line);
		p = e + 1;
		nline -= p - line;
		memmove(line, p, nline + 1);
	}
	if(nline == sizeof line - 1)
		nline = 0;
}

int
main(int argc, char **argv)
{
	uv_loop_init(&loop);
	if((srv = nfnew(&loop, argc > 1 ? argv[1] : "nfctl")) == nil){
		fprintf(stderr, "nfctl: %s\n", strerror(errno));
		return 1;
	}
	nfonend(srv, ended, nil);
	if(getenv("NFCTL_TRACE") != nil)
		nftrace(srv, trace, nil);
	uv_pipe_init(&loop, &in, 0);
	uv_pipe_open(&in, 0);
	uv_read_start((uv_stream_t*)&in, alloc, onread);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return 0;
}
