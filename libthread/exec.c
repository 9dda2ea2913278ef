/* exec.c: running programs from threads (t9procexec, t9threadexec) and the wait channel. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include "threadimpl.h"

extern char **environ;

static Lock waitlk;
static Channel *waitchan;

Channel*
t9threadwaitchan(void)
{
	Channel *c;

	_t9lock(&waitlk);
	if(waitchan == nil)
		waitchan = t9chancreate(sizeof(void*), 100);
	c = waitchan;
	_t9unlock(&waitlk);
	return c;
}

typedef struct Child Child;
struct Child {
	pid_t pid;
	vlong start;
};

static ulong
ms(struct timeval tv)
{
	return tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

/* Wait for one child (each has an OS thread of its own) and tell the wait channel. */
static void*
reaper(void *v)
{
	Child *ch;
	Waitmsg *w;
	struct rusage ru;
	int status;
	pid_t pid;
	Channel *c;
	char msg[64];

	ch = v;
	do
		pid = wait4(ch->pid, &status, 0, &ru);
	while(pid < 0 && errno == EINTR);
	_t9lock(&waitlk);
	c = waitchan;
	_t9unlock(&waitlk);
	if(pid < 0 || c == nil){
		free(ch);
		return nil;
	}
	if(WIFEXITED(status))
		p9snprint(msg, sizeof msg, WEXITSTATUS(status) ? "%d" : "", WEXITSTATUS(status));
	else if(WIFSIGNALED(status))
		p9snprint(msg, sizeof msg, "signal: %s", strsignal(WTERMSIG(status)));
	else
		p9snprint(msg, sizeof msg, "status %#x", status);
	w = malloc(sizeof *w + strlen(msg) + 1);
	if(w != nil){
		w->pid = pid;
		w->time[0] = ms(ru.ru_utime);
		w->time[1] = ms(ru.ru_stime);
		w->time[2] = (p9nsec() - ch->start) / 1000000;
		w->msg = strcpy((char*)(w + 1), msg);
		if(t9sendp(c, w) != 1)
			free(w);
	}
	free(ch);
	return nil;
}

/* Start the thread that waits for ch's program; like every library thread, it takes no notes. */
static int
startreaper(Child *ch)
{
	pthread_attr_t attr;
	pthread_t th;
	int e;

	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 64*1024);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	e = p9pthreadnonotes(&th, &attr, reaper, ch);
	pthread_attr_destroy(&attr);
	return e;
}

/*
 * Start prog with fds 0-2 from fd (nil: the caller's). The fds are first copied above 2,
 * so that dup2 into 0-2 cannot clobber one still to be copied.
 */
static int
spawn(int *fd, const char *prog, char *const argv[])
{
	posix_spawn_file_actions_t fa;
	int tmp[3], i, err;
	pid_t pid;
	Child *ch;

	if(prog == nil || argv == nil){
		p9werrstr("exec: no program");
		return -1;
	}
	posix_spawn_file_actions_init(&fa);
	for(i = 0; i < 3; i++)
		tmp[i] = -1;
	err = 0;
	if(fd != nil)
		for(i = 0; i < 3 && err == 0; i++){
			tmp[i] = fcntl(fd[i], F_DUPFD_CLOEXEC, 3);
			if(tmp[i] < 0)
				err = errno;
			else
				posix_spawn_file_actions_adddup2(&fa, tmp[i], i);
		}
	if(err == 0)
		err = posix_spawnp(&pid, prog, &fa, nil, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	for(i = 0; i < 3; i++)
		if(tmp[i] >= 0)
			close(tmp[i]);
	if(err != 0){
		p9werrstr("exec %s: %s", prog, p9errnostr(err));
		return -1;
	}
	ch = malloc(sizeof *ch);
	if(ch != nil){
		ch->pid = pid;
		ch->start = p9nsec();
		if(startreaper(ch) != 0)
			free(ch);
	}
	return pid;
}

int
t9threadspawn(int fd[3], const char *prog, char *const argv[])
{
	int pid, i;

	pid = spawn(fd, prog, argv);
	if(pid > 0 && fd != nil)
		for(i = 0; i < 3; i++)
			if(fd[i] > 2 && (i == 0 || fd[i] != fd[i-1]) && (i < 2 || fd[i] != fd[0]))
				close(fd[i]);
	return pid;
}

static void
execthread(Channel *cpid, int *fd, const char *prog, char *const argv[])
{
	int pid;
	char err[ERRMAX];

	pid = t9threadspawn(fd, prog, argv);
	if(cpid != nil){
		p9rerrstr(err, sizeof err);
		t9sendul(cpid, pid > 0 ? (ulong)pid : ~0UL);
		p9werrstr("%s", err);
	}
	if(pid > 0)
		t9threadexits(nil);
}

void
t9procexec(Channel *cpid, const char *prog, char *const argv[])
{
	execthread(cpid, nil, prog, argv);
}

void
t9threadexec(Channel *cpid, int fd[3], const char *prog, char *const argv[])
{
	execthread(cpid, fd, prog, argv);
}
