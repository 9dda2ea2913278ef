/*
 * fusebench.c: file system micro-benchmarks for bench/fuse.sh; each prints one number.
 *	fusebench create dir n [first]
 *				create, write 6 bytes to and close n new files (f<first>,
 *				f<first+1>, ...; first 0 if not given): µs per file
 *	fusebench stat dir n	stat the n files create made: µs per stat
 *	fusebench lsl dir k	k times what ls -l does (read the directory, lstat each entry):
 *				ms per listing
 *	fusebench exec path k	fork and exec path (no arguments) k times: µs per exec
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
die(const char *what)
{
	perror(what);
	exit(1);
}

int
main(int argc, char **argv)
{
	char path[4096];
	struct stat st;
	struct dirent *de;
	DIR *d;
	double t0;
	long i, n, k, first;
	int fd, status;
	pid_t pid;

	if(argc != 4 && !(argc == 5 && strcmp(argv[1], "create") == 0)){
		fprintf(stderr, "usage: fusebench create|stat|lsl|exec path n [first]\n");
		return 1;
	}
	n = atol(argv[3]);
	first = argc == 5 ? atol(argv[4]) : 0;
	t0 = now();
	if(strcmp(argv[1], "create") == 0){
		for(i = first; i < first + n; i++){
			snprintf(path, sizeof path, "%s/f%ld", argv[2], i);
			if((fd = open(path, O_WRONLY|O_CREAT|O_TRUNC, 0644)) < 0)
				die(path);
			if(write(fd, "hello\n", 6) != 6)
				die("write");
			close(fd);
		}
		printf("%.1f\n", (now() - t0) * 1e6 / n);
	}else if(strcmp(argv[1], "stat") == 0){
		for(i = 0; i < n; i++){
			snprintf(path, sizeof path, "%s/f%ld", argv[2], i);
			if(stat(path, &st) < 0)
				die(path);
		}
		printf("%.1f\n", (now() - t0) * 1e6 / n);
	}else if(strcmp(argv[1], "lsl") == 0){
		for(k = 0; k < n; k++){
			if((d = opendir(argv[2])) == NULL)
				die(argv[2]);
			while((de = readdir(d)) != NULL)
				if(fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
					die(de->d_name);
			closedir(d);
		}
		printf("%.2f\n", (now() - t0) * 1e3 / n);
	}else if(strcmp(argv[1], "exec") == 0){
		for(i = 0; i < n; i++){
			if((pid = fork()) < 0)
				die("fork");
			if(pid == 0){
				execl(argv[2], argv[2], (char*)NULL);
				_exit(127);
			}
			if(waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)
			|| WEXITSTATUS(status) != 0){
				fprintf(stderr, "fusebench: %s failed\n", argv[2]);
				return 1;
			}
		}
		printf("%.1f\n", (now() - t0) * 1e6 / n);
	}else{
		fprintf(stderr, "fusebench: unknown test %s\n", argv[1]);
		return 1;
	}
	return 0;
}
