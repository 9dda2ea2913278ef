/* regsub.c: substituting matches into a template (& and \0 ... \9), for chars and Runes. */
#include "regimpl.h"

/*
 * Both forms walk the template the same way; T is the element type, and sp/ep or rsp/rep
 * the match fields of that type.
 */
#define SUBST(T, SP, EP)								\
	const T *s, *e;									\
	T *end;										\
	int n;										\
											\
	if(dest == nil || dlen <= 0)							\
		return;									\
	end = dest + dlen - 1;	/* room for the terminator */				\
	for(; source != nil && *source != 0 && dest < end; source++){			\
		n = -1;									\
		if(*source == '\\'){							\
			source++;							\
			if(*source == 0)						\
				break;							\
			if(*source >= '0' && *source <= '9')				\
				n = *source - '0';					\
			else								\
				*dest++ = *source;					\
		}else if(*source == '&')						\
			n = 0;								\
		else									\
			*dest++ = *source;						\
		if(n < 0 || match == nil || n >= msize || match[n].SP == nil		\
		|| match[n].EP == nil)							\
			continue;							\
		for(s = match[n].SP, e = match[n].EP; s < e && *s != 0 && dest < end; s++)\
			*dest++ = *s;							\
	}										\
	*dest = 0;

void
r9regsub(const char *source, char *dest, int dlen, const Resub *match, int msize)
{
	SUBST(char, sp, ep)
}

void
r9rregsub(const Rune *source, Rune *dest, int dlen, const Resub *match, int msize)
{
	SUBST(Rune, rsp, rep)
}
