/* procs: processes as Plan 9 has them: rfork, exits and wait, two-way pipes, notes, atexit. */
#include <u.h>
#include <libc.h>

int interrupted;

void
bye1(void)
{
	print("atexit: second registered, first run\n");
}

void
bye2(void)
{
	print("atexit: first registered, last run\n");
}

void
onnote(void*, char *note)
{
	if(strcmp(note, "interrupt") == 0 || strcmp(note, "alarm") == 0){
		interrupted++;
		noted(NCONT);
	}
	noted(NDFLT);
}

void
children(void)
{
	char buf[256], *f[5];
	Waitmsg *w;
	int i, pid[3], n;

	for(i = 0; i < 3; i++){
		switch(pid[i] = rfork(RFPROC|RFFDG)){
		case -1:
			sysfatal("rfork: %r");
		case 0:
			sleep(20 * (i + 1));	/* end in order */
			exits(i == 1 ? "failed" : nil);
		}
	}
	for(i = 0; i < 2; i++){
		if((w = wait()) == nil)
			sysfatal("wait: %r");
		print("child %d: '%s'\n", w->pid == pid[0] ? 0 : w->pid == pid[1] ? 1 : 2, w->msg);
		free(w);
	}
	n = await(buf, sizeof buf - 1);
	if(n < 0)
		sysfatal("await: %r");
	buf[n] = 0;
	if(tokenize(buf, f, nelem(f)) != 5 || atoi(f[0]) != pid[2])
		sysfatal("await: %s", buf);
	print("child 2 by await: '%s'\n", f[4]);
	if(wait() == nil)
		print("no more children: %r\n");
}

void
pipes(void)
{
	char buf[64];
	int p[2], n, i;

	if(pipe(p) < 0)
		sysfatal("pipe: %r");
	switch(fork()){
	case -1:
		sysfatal("fork: %r");
	case 0:
		close(p[0]);
		while((n = read(p[1], buf, sizeof buf)) > 0){
			for(i = 0; i < n; i++)
				buf[i] = toupper(buf[i]);
			write(p[1], buf, n);
		}
		exits(nil);
	}
	close(p[1]);
	fprint(p[0], "shout");
	n = read(p[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = 0;
	print("pipe answered %s\n", buf);
	close(p[0]);
	free(wait());
}

void
notes(void)
{
	notify(onnote);
	postnote(PNPROC, getpid(), "interrupt");
	print("interrupted %d\n", interrupted);
	alarm(50);
	if(sleep(10000) < 0)
		print("sleep: %r\n");
	print("interrupted %d\n", interrupted);
	notify(nil);
}

void
main(void)
{
	children();
	pipes();
	notes();
	atexit(bye2);		/* not before: the children would run them as they exit */
	atexit(bye1);
	switch(rfork(RFPROC|RFFDG)){
	case 0:
		execl("/bin/sh", "sh", "-c", "echo exec ran sh", nil);
		sysfatal("exec: %r");
	default:
		free(wait());
	}
	exits(nil);
}
