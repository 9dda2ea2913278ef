/* ticketreq.c: the 141-byte ticket request, sent in the clear. */
#include <string.h>
#include "authimpl.h"

int
authTR2M(const Ticketreq *tr, uchar *buf, int nbuf)
{
	uchar *p;

	if(nbuf < TICKREQLEN){
		p9werrstr("ticket request buffer too small");
		return -1;
	}
	p = buf;
	*p++ = tr->type;
	if(_authputstr(&p, tr->authid, ANAMELEN, "authid") < 0
	|| _authputstr(&p, tr->authdom, DOMLEN, "authdom") < 0)
		return -1;
	memmove(p, tr->chal, CHALLEN);
	p += CHALLEN;
	if(_authputstr(&p, tr->hostid, ANAMELEN, "hostid") < 0
	|| _authputstr(&p, tr->uid, ANAMELEN, "uid") < 0)
		return -1;
	return p - buf;
}

int
authM2TR(const uchar *buf, int n, Ticketreq *tr)
{
	const uchar *p;

	if(n < TICKREQLEN){
		p9werrstr("short ticket request");
		return -1;
	}
	p = buf;
	tr->type = *p++;
	_authgetstr(&p, tr->authid, ANAMELEN);
	_authgetstr(&p, tr->authdom, DOMLEN);
	memmove(tr->chal, p, CHALLEN);
	p += CHALLEN;
	_authgetstr(&p, tr->hostid, ANAMELEN);
	_authgetstr(&p, tr->uid, ANAMELEN);
	return p - buf;
}
