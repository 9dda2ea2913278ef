/* ticketreq.c: fuzz target for authM2TR, the auth server's ticket request. */
#include "fuzz.h"

/*
 * Checked: decoding fails exactly when fewer than 141 bytes are given; a decoded request
 * encodes again (its fields always fit) and decodes to the same request.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Ticketreq tr, tr2;
	uchar buf[TICKREQLEN];
	int n;

	n = authM2TR(data, size, &tr);
	check((n < 0) == (size < TICKREQLEN), "failed on a long enough request, or took a short one");
	if(n < 0)
		return 0;
	check(n == TICKREQLEN, "wrong length");
	check(authTR2M(&tr, buf, sizeof buf) == TICKREQLEN, "decoded request does not encode");
	check(authM2TR(buf, sizeof buf, &tr2) == TICKREQLEN, "encoded request does not decode");
	check(memcmp(&tr, &tr2, sizeof tr) == 0, "request changed on the way round");
	return 0;
}
