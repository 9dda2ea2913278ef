/* runchild.h: for lib9's tests (after cmocka.h): run a function in a child process. */
#include <sys/wait.h>
#include <unistd.h>

/*
 * Run fn in a child with its standard output and error on a pipe; return the exit status
 * (or 128+signal) and what it printed in out.
 */
static int
runchild(void (*fn)(void), char *out, int nout)
{
	int p[2], st, n, m;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if(pid == 0){
		close(p[0]);
		dup2(p[1], 1);
		dup2(p[1], 2);
		close(p[1]);
		fn();
		_exit(99);
	}
	close(p[1]);
	for(n = 0; n < nout - 1 && (m = read(p[0], out + n, nout - 1 - n)) > 0; n += m)
		;
	out[n] = 0;
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
