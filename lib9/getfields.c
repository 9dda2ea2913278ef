/* getfields.c: split a string in place at delimiter runes (Plan 9's getfields(2)). */
#include <planten/lib9.h>

int
p9getfields(char *str, char **args, int maxargs, int multiflag, const char *delims)
{
	int n, w, intok;
	Rune r;

	if(maxargs <= 0)
		return 0;
	n = 0;
	args[n] = str;
	if(!multiflag)
		n++;
	intok = 0;
	for(;; str += w){
		w = p9chartorune(&r, str);
		if(r == 0)
			break;
		if(p9utfrune(delims, r) != nil){
			if(n >= maxargs)
				break;
			*str = 0;
			intok = 0;
			args[n] = str + w;
			if(!multiflag)
				n++;
		}else{
			if(!intok && multiflag)
				n++;
			intok = 1;
		}
	}
	return n;
}
