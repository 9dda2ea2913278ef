/* parse.c: libFuzzer target: lex, parse and print back arbitrary bytes as rc source. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "../rc.h"

/* what the lexer needs from the rest of rc; the fuzzer never executes anything */
char *argv0 = "rc";
volatile int ntrap;
int flag[256];

int
errfd(void)
{
	return 2;
}

int
rcreadline(int fd, char **line, size_t *len)
{
	(void)fd;
	*line = nil;
	*len = 0;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Input in;
	Lexer *lx;
	Tree *t, *c;
	char *s;
	size_t n;
	int r;

	inputbuf(&in, (const char*)data, size);
	lx = lexnew(&in, "fuzz", size > 0 && data[0] == '{');
	for(n = 0; n <= size + 1; n++){
		r = parseline(lx, &t);
		if(r == 0)
			break;
		if(r > 0 && t){
			s = deparse(t);
			if(s == nil)
				abort();
			free(s);
			c = copytree(t);
			freetree(c);
		}
		lexfreenodes(lx);
		if(in.eof && lx->eof && r < 0)
			break;
	}
	if(n > size + 1)
		abort();	/* the parser stopped making progress */
	lexfree(lx);
	return 0;
}
