/* decaf.c: fuzz target for Decaf decoding of 56-byte PAK values (libauth's ed448.c). */
#include "fuzz.h"
#include "../authimpl.h"

/*
 * Only 56-byte inputs are values; others are skipped. Checked: a value above (p−1)/2 never
 * decodes; one that decodes encodes again to exactly itself (Decaf encodings are canonical).
 */
static Curve *curve;

int LLVMFuzzerInitialize(int *argc, char ***argv);

/* a decode costs square roots: in make check (fuzzmain) run 20000 inputs unless told */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	setenv("FUZZ_RUNS", "20000", 0);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uchar half[PAKYLEN] = {
		0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	uchar out[PAKYLEN];

	if(size != PAKYLEN)
		return 0;
	if(curve == nil && (curve = _authcurvenew()) == nil)
		bug("no curve");
	if(_authdecafround(curve, data, out) < 0)
		return 0;
	check(memcmp(data, half, PAKYLEN) <= 0, "decoded a value above (p-1)/2");
	check(memcmp(data, out, PAKYLEN) == 0, "decoded value encodes to another");
	return 0;
}
