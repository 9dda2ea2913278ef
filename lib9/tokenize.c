/* tokenize.c: split a string in place into rc-quoted words (Plan 9's tokenize(2)). */
#include <string.h>
#include <planten/lib9.h>

static int
issep(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Collapse the word at s in place: quotes removed, doubled quotes inside quotes made single.
 * Return where scanning resumes (at or past the separator that ended the word).
 */
static char*
word(char *s)
{
	char *in, *out;
	int quoting;

	quoting = 0;
	out = in = s;
	while(*in != 0 && (quoting || !issep(*in))){
		if(*in != '\''){
			*out++ = *in++;
			continue;
		}
		if(!quoting){
			quoting = 1;
			in++;
		}else if(in[1] == '\''){
			*out++ = '\'';
			in += 2;
		}else{
			quoting = 0;
			in++;
		}
	}
	if(*out != 0){
		/* the word ended at a separator (in == out) or shrank: terminate it */
		*out = 0;
		if(in == out)
			in++;
	}
	return in;
}

int
p9tokenize(char *s, char **args, int maxargs)
{
	int n;

	for(n = 0; n < maxargs; n++){
		while(*s != 0 && issep(*s))
			s++;
		if(*s == 0)
			break;
		args[n] = s;
		s = word(s);
	}
	return n;
}
