/* nsd.c: the namespace daemon: one libuv loop serving every name space group of a user namespace. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include "nsd.h"

uv_loop_t *loop;
int debug;

static uv_signal_t sigchld;
static uv_timer_t gctimer;
static pid_t child = -1;	/* the first program, whose status goes to statusfd */
static int statusfd = -1;

static void
usage(void)
{
	p9fprint(2, "usage: nsd [-D] -l fd [-c pid -s fd] [-g fd]\n");
	exit(1);
}

/* Tell 9 ns how its program ended: "exit N" or "signal N". */
static void
report(int status)
{
	char buf[32];

	if(statusfd < 0)
		return;
	if(WIFSIGNALED(status))
		p9snprint(buf, sizeof buf, "signal %d", WTERMSIG(status));
	else
		p9snprint(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
	write(statusfd, buf, strlen(buf));
	close(statusfd);
	statusfd = -1;
}

static void
stop(void)
{
	if(debug)
		p9fprint(2, "nsd: no processes left; exiting\n");
	ctlclose();
	uv_signal_stop(&sigchld);
	uv_timer_stop(&gctimer);
	uv_stop(loop);
}

/*
 * nsd is the subreaper of every process in the name space: when the last one is gone
 * the name space is, and nsd (with every FUSE mount it serves) goes too.
 */
static void
reap(uv_signal_t *h, int sig)
{
	int status;
	pid_t pid;

	while((pid = waitpid(-1, &status, WNOHANG)) > 0)
		if(pid == child)
			report(status);
	if(pid < 0 && errno == ECHILD)
		stop();
}

static void
gc(uv_timer_t *t)
{
	gcgroups();
}

int
main(int argc, char **argv)
{
	int lfd, go;
	char *e;

	lfd = -1;
	go = -1;
	ARGBEGIN{
	case 'D':
		debug++;
		break;
	case 'l':
		lfd = strtol(EARGF(usage()), &e, 10);
		break;
	case 'c':
		child = strtol(EARGF(usage()), &e, 10);
		break;
	case 's':
		statusfd = strtol(EARGF(usage()), &e, 10);
		break;
	case 'g':
		go = strtol(EARGF(usage()), &e, 10);
		break;
	default:
		usage();
	}ARGEND
	if(argc != 0 || lfd < 0)
		usage();
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGQUIT, SIG_IGN);
	signal(SIGHUP, SIG_IGN);
	signal(SIGTSTP, SIG_IGN);
	signal(SIGTTIN, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
	loop = uv_default_loop();
	if(ctlaccept(lfd) < 0){
		p9fprint(2, "nsd: %r\n");
		exit(1);
	}
	uv_signal_init(loop, &sigchld);
	uv_signal_start(&sigchld, reap, SIGCHLD);
	uv_timer_init(loop, &gctimer);
	uv_timer_start(&gctimer, gc, 5000, 5000);
	uv_unref((uv_handle_t*)&gctimer);
	reap(&sigchld, SIGCHLD);
	/* the first program waits for this: now its exit is ours to see */
	if(go >= 0)
		close(go);
	uv_run(loop, UV_RUN_DEFAULT);
	/*
	 * Nothing is freed: closing 9P connections would wait on servers (our own devfs
	 * among them, whose loop has stopped), and exiting ends every FUSE mount anyway.
	 */
	return 0;
}
