/* hex.h: test vectors as hex strings, for libauth's tests. */
#include <string.h>

/* the bytes of hex string s into out; their number */
static inline int
unhex(const char *s, unsigned char *out, int max)
{
	int n, hi, lo;

	for(n = 0; s[0] && s[1] && n < max; s += 2, n++){
		hi = s[0] <= '9' ? s[0] - '0' : (s[0] | 0x20) - 'a' + 10;
		lo = s[1] <= '9' ? s[1] - '0' : (s[1] | 0x20) - 'a' + 10;
		out[n] = hi << 4 | lo;
	}
	return n;
}

/* bytes 0, 1, ... from start */
static inline void
counting(unsigned char *p, int n, int start)
{
	int i;

	for(i = 0; i < n; i++)
		p[i] = start + i;
}

#define assert_hex(want, got, n) do{ \
	unsigned char _w[1024]; \
	assert_int_equal(unhex((want), _w, sizeof _w), (n)); \
	assert_memory_equal(_w, (got), (n)); \
}while(0)
