/* edittest.c: reads lines with rcedit and prints them, so test/rc/edit.sh can drive the editor. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../rc/edit.h"

int
main(int argc, char **argv)
{
	char *line;

	(void)argc;
	(void)argv;
	if(rceditinit(0))
		printf("editing\n");
	else
		printf("plain\n");
	fflush(stdout);
	for(;;){
		line = rcedit("> ");
		if(line == NULL){
			if(errno == EINTR){
				printf("interrupted\n");
				fflush(stdout);
				continue;
			}
			printf("eof\n");
			return 0;
		}
		printf("got [%s]\n", line);
		fflush(stdout);
		rceditadd(line);
		if(strcmp(line, "quit") == 0){
			free(line);
			return 0;
		}
		free(line);
	}
}
