/* withsrv.c: run a server and a client joined by a socketpair: the server on its standard
 * input and output, the client with the other end as descriptor 3.
 *	withsrv 'server command' client [arg ...]
 * Exits with the client's status; the server is killed then. For the tests of mount /fd/3. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

int
main(int argc, char **argv)
{
	int sv[2], status;
	pid_t srv, cli;

	if(argc < 3){
		fprintf(stderr, "usage: withsrv 'server command' client [arg ...]\n");
		return 2;
	}
	if(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0){
		perror("socketpair");
		return 2;
	}
	if((srv = fork()) == 0){
		dup2(sv[0], 0);
		dup2(sv[0], 1);
		close(sv[0]);
		close(sv[1]);
		execl("/bin/sh", "sh", "-c", argv[1], (char*)0);
		_exit(127);
	}
	if((cli = fork()) == 0){
		/* sv[0] may be 3 itself: close it before 3 becomes the client's end */
		close(sv[0]);
		dup2(sv[1], 3);
		if(sv[1] != 3)
			close(sv[1]);
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	close(sv[0]);
	close(sv[1]);
	if(srv < 0 || cli < 0 || waitpid(cli, &status, 0) < 0)
		status = 2 << 8;
	kill(srv, SIGTERM);
	waitpid(srv, NULL, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
