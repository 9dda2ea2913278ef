/* cleanname.c: lexical path clean-up in place (Plan 9's cleanname(2)). */
#include <string.h>
#include <planten/lib9.h>

/*
 * Rewrite name as the shortest equivalent path: collapse slashes, drop "." elements,
 * let ".." eat the element before it ("/.." is "/"), and turn an empty result into ".".
 */
char*
p9cleanname(char *name)
{
	char *in, *out, *base, *e;
	int rooted, len;

	rooted = name[0] == '/';
	in = out = base = name + rooted;
	while(*in != 0){
		while(*in == '/')
			in++;
		if(*in == 0)
			break;
		for(e = in; *e != 0 && *e != '/'; e++)
			;
		len = e - in;
		if(len == 1 && in[0] == '.'){
			/* drop it */
		}else if(len == 2 && in[0] == '.' && in[1] == '.'){
			if(out > base){
				/* remove the previous element */
				while(out > base && *--out != '/')
					;
			}else if(!rooted){
				/* keep a leading .. in a relative path */
				if(out != name)
					*out++ = '/';
				*out++ = '.';
				*out++ = '.';
				base = out;
			}
		}else{
			if(out != name + rooted)
				*out++ = '/';
			memmove(out, in, len);
			out += len;
		}
		in = e;
	}
	if(out == name)
		*out++ = '.';
	*out = 0;
	return name;
}
