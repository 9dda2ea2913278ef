/* form1.c: fuzz target for authform1open, form1's ChaCha20-Poly1305 opening. */
#include "fuzz.h"

/*
 * Checked: opening fails on anything shorter than a header and tag, or with an unknown
 * tag; what opens is n − 27 bytes long, starts with the tag's num, and seals again (same
 * key, same counter) to exactly the input.
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uchar *out, *again;
	int m, n;

	if(size > 4096)
		return 0;
	out = malloc(size + 1);
	again = malloc(size + 1);
	if(out == nil || again == nil)
		bug("out of memory");
	m = authform1open(data, size, out, size, fuzzpakkey);
	if(m >= 0){
		check(size >= 28 && (size_t)m == size - FORM1OVERHEAD, "wrong opened length");
		check(authform(data, size) == 1, "opened a message without a form1 tag");
		n = authform1seal(out, m, again, size, fuzzpakkey, fuzzctr(data));
		check(n >= 0 && (size_t)n == size && memcmp(again, data, size) == 0,
			"sealed again to other bytes");
	}
	free(out);
	free(again);
	return 0;
}
