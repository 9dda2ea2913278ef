/* authenticator.c: fuzz target for authM2A, under a form1 ticket and under a DES one. */
#include "fuzz.h"

/*
 * The first byte picks the ticket's form, the rest is the message. Checked: a decoded
 * authenticator used 13 (DES) or 68 (form1) bytes of the ticket's form, no more than given;
 * it encodes again to a message that decodes to the same authenticator; a failure leaves
 * it all zero.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Ticket t;
	Authenticator a, a2, zero;
	uchar buf[MAXAUTHENTLEN];
	int m, n;

	if(size < 1)
		return 0;
	t = fuzzticket(data[0] & 1);
	m = authM2A(data+1, size-1, &a, &t);
	if(m < 0){
		memset(&zero, 0, sizeof zero);
		check(memcmp(&a, &zero, sizeof a) == 0, "failed decode left data behind");
		return 0;
	}
	fuzzlen(m, size-1, MAXAUTHENTLEN, DESAUTHENTLEN);
	check(m == (t.form ? MAXAUTHENTLEN : DESAUTHENTLEN), "message not in the ticket's form");
	n = authA2M(&a, buf, sizeof buf, &t, t.form ? fuzzctr(data+1) : 0);
	if(n < 0)
		return 0;
	check(n == m, "encoded to another length");
	check(authM2A(buf, n, &a2, &t) == n, "re-encoded authenticator does not decode");
	check(memcmp(&a, &a2, sizeof a) == 0, "authenticator changed on the way round");
	return 0;
}
