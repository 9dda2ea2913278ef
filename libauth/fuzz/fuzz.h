/*
 * fuzz.h: what libauth's fuzz targets share: the keys their seeds were sealed with (the
 * vectors' glenda pakkey for tickets; the ticket key 00..1f, or the DES key 11..77, for
 * authenticators and password requests), and the check that aborts on a broken invariant.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <planten/lib9.h>
#include <planten/authsrv.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(x, why)	do{ if(!(x)) bug(why); }while(0)

static void bug(const char *why) __attribute__((noreturn));

static void
bug(const char *why)
{
	fprintf(stderr, "fuzz-%s: invariant broken: %s\n", FUZZNAME, why);
	abort();
}

static const uchar fuzzpakkey[PAKKEYLEN] = {
	0xde, 0xbd, 0xf4, 0xc0, 0x2f, 0x72, 0xbd, 0xaa, 0xe9, 0x45, 0xc0, 0xae, 0x35, 0x3d, 0x70, 0x77,
	0x20, 0x0a, 0x9e, 0x58, 0x51, 0xd8, 0x44, 0x2a, 0x0d, 0x09, 0x58, 0x8c, 0x7a, 0x2b, 0xb4, 0x22,
};
static const uchar fuzzdeskey[DESKEYLEN] = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77};

/* the ticket whose key seals authenticators and password requests, in form 0 or 1 */
static inline Ticket
fuzzticket(int form)
{
	Ticket t;
	int i;

	memset(&t, 0, sizeof t);
	t.form = form;
	if(form)
		for(i = 0; i < NONCELEN; i++)
			t.key[i] = i;
	else
		memmove(t.key, fuzzdeskey, DESKEYLEN);
	return t;
}

/* the form1 nonce counter in a message's header */
static inline u32int
fuzzctr(const uint8_t *data)
{
	return data[8] | data[9]<<8 | data[10]<<16 | (u32int)data[11]<<24;
}

/* a decoded message's length: exactly the form's, and no more than was given */
static inline void
fuzzlen(int m, size_t size, int form1len, int deslen)
{
	check(m == form1len || m == deslen, "length is neither form's");
	check((size_t)m <= size, "used more bytes than given");
}
