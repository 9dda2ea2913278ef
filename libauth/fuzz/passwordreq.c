/* passwordreq.c: fuzz target for authM2PR, under a form1 ticket and under a DES one. */
#include "fuzz.h"

/*
 * The first byte picks the ticket's form, the rest is the message. Checked: a decoded
 * request used 90 (DES) or 117 (form1) bytes of the ticket's form, no more than given; its
 * passwords are NUL-terminated, so it encodes again, to a message that decodes to the same
 * request; a failure leaves it all zero.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Ticket t;
	Passwordreq pr, pr2, zero;
	uchar buf[MAXPASSREQLEN];
	int m, n;

	if(size < 1)
		return 0;
	t = fuzzticket(data[0] & 1);
	m = authM2PR(data+1, size-1, &pr, &t);
	if(m < 0){
		memset(&zero, 0, sizeof zero);
		check(memcmp(&pr, &zero, sizeof pr) == 0, "failed decode left data behind");
		return 0;
	}
	fuzzlen(m, size-1, MAXPASSREQLEN, DESPASSREQLEN);
	check(m == (t.form ? MAXPASSREQLEN : DESPASSREQLEN), "message not in the ticket's form");
	check(memchr(pr.old, 0, PASSWDLEN) && memchr(pr.new, 0, PASSWDLEN), "unterminated password");
	n = authPR2M(&pr, buf, sizeof buf, &t, t.form ? fuzzctr(data+1) : 0);
	if(n < 0)
		return 0;
	check(n == m, "encoded to another length");
	check(authM2PR(buf, n, &pr2, &t) == n, "re-encoded request does not decode");
	check(memcmp(&pr, &pr2, sizeof pr) == 0, "request changed on the way round");
	return 0;
}
