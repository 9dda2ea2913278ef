/* ticket.c: fuzz target for authM2T, tickets in the DES form and in form1. */
#include "fuzz.h"

/*
 * Checked: a decoded ticket used 72 (DES) or 124 (form1) bytes and no more than given; it
 * encodes again in its form (with the same form1 counter) to a message that decodes to the
 * same ticket; a form1 message that fails leaves an all-zero ticket.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Authkey k;
	Ticket t, t2, zero;
	uchar buf[MAXTICKETLEN];
	int m, n;

	memset(&k, 0, sizeof k);
	memmove(k.pakkey, fuzzpakkey, PAKKEYLEN);
	memmove(k.des, fuzzdeskey, DESKEYLEN);
	m = authM2T(data, size, &t, &k);
	if(m < 0){
		memset(&zero, 0, sizeof zero);
		check(memcmp(&t, &zero, sizeof t) == 0, "failed decode left data behind");
		return 0;
	}
	fuzzlen(m, size, MAXTICKETLEN, DESTICKETLEN);
	check(t.form == (m == MAXTICKETLEN), "form does not match length");
	n = authT2M(&t, buf, sizeof buf, &k, t.form ? fuzzctr(data) : 0);
	if(n < 0){
		/* only a form1 tag whose num has no place in a ticket is refused */
		return 0;
	}
	check(n == m, "encoded to another length");
	/*
	 * A ticket's form is read from its first bytes, in 9front as here; a DES ticket whose
	 * ciphertext happens to begin with a form1 tag (the names' bytes after their NUL, zeroed
	 * on decoding, change it) is read as form1 by any receiver: the format's own ambiguity.
	 */
	if(t.form == 0 && authform(buf, n) == 1)
		return 0;
	check(authM2T(buf, n, &t2, &k) == n, "re-encoded ticket does not decode");
	check(memcmp(&t, &t2, sizeof t) == 0, "ticket changed on the way round");
	return 0;
}
