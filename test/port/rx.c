/* rx: print the lines of standard input that match, rewritten by a substitution (regexp). */
#include <u.h>
#include <libc.h>
#include <bio.h>
#include <regexp.h>

void
regerror(char *msg)
{
	sysfatal("bad expression: %s", msg);
}

void
main(int argc, char *argv[])
{
	char *line, out[512];
	Reprog *re;
	Resub m[10];
	Biobuf in, bout;
	int n;

	if(argc != 3)
		sysfatal("usage: rx expression substitution");
	re = regcomp(argv[1]);
	Binit(&in, 0, OREAD);
	Binit(&bout, 1, OWRITE);
	n = 0;
	while((line = Brdstr(&in, '\n', 1)) != nil){
		memset(m, 0, sizeof m);
		if(regexec(re, line, m, nelem(m))){
			regsub(argv[2], out, sizeof out, m, nelem(m));
			Bprint(&bout, "%s\n", out);
			n++;
		}
		free(line);
	}
	Bprint(&bout, "%d matched\n", n);
	Bterm(&bout);
	exits(n > 0 ? nil : "no match");
}
