/* runetype.c: rune classes and case mapping (isalpharune(2)), from the C.UTF-8 character tables. */
#include <locale.h>
#include <pthread.h>
#include <wctype.h>
#include <planten/lib9.h>

/*
 * Letters and case come from the C library's C.UTF-8 locale, opened once and never changed;
 * without it (non-glibc hosts) only ASCII and Latin-1 are classified.
 */
static pthread_once_t once = PTHREAD_ONCE_INIT;
static locale_t utf8;

static void
openlocale(void)
{
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

static locale_t
loc(void)
{
	pthread_once(&once, openlocale);
	return utf8;
}

static int
latin1upper(Rune r)
{
	return (r >= 'A' && r <= 'Z') || (r >= 0xC0 && r <= 0xDE && r != 0xD7);
}

static int
latin1lower(Rune r)
{
	return (r >= 'a' && r <= 'z') || (r >= 0xDF && r <= 0xFF && r != 0xF7);
}

int
p9isupperrune(Rune r)
{
	if(r < Runeself || loc() == (locale_t)0)
		return latin1upper(r);
	return iswupper_l(r, utf8);
}

int
p9islowerrune(Rune r)
{
	if(r < Runeself || loc() == (locale_t)0)
		return latin1lower(r);
	return iswlower_l(r, utf8);
}

int
p9istitlerune(Rune r)
{
	switch(r){
	case 0x1C5: case 0x1C8: case 0x1CB: case 0x1F2:
	case 0x1FBC: case 0x1FCC: case 0x1FFC:
		return 1;
	}
	return (r >= 0x1F88 && r <= 0x1F8F) || (r >= 0x1F98 && r <= 0x1F9F) ||
		(r >= 0x1FA8 && r <= 0x1FAF);
}

/* First digit zero of each block of ten decimal digits (Unicode Nd) below the astral planes. */
static const ushort zeros[] = {
	0x30, 0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6,
	0xD66, 0xDE6, 0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0,
	0x1A80, 0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0,
	0xA9F0, 0xAA50, 0xABF0, 0xFF10,
};

int
p9isdigitrune(Rune r)
{
	uint i;

	for(i = 0; i < sizeof zeros / sizeof zeros[0]; i++)
		if(r >= zeros[i] && r < zeros[i] + 10u)
			return 1;
	return (r >= 0x104A0 && r <= 0x104A9) || (r >= 0x11066 && r <= 0x1106F) ||
		(r >= 0x1D7CE && r <= 0x1D7FF);
}

int
p9isspacerune(Rune r)
{
	switch(r){
	case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
	case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
	case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
		return 1;
	}
	return r >= 0x2000 && r <= 0x200A;
}

int
p9isalpharune(Rune r)
{
	if(r < Runeself || loc() == (locale_t)0)
		return latin1upper(r) || latin1lower(r) || r == 0xAA || r == 0xB5 || r == 0xBA;
	if(p9isdigitrune(r))
		return 0;
	return iswalpha_l(r, utf8);
}

Rune
p9tolowerrune(Rune r)
{
	if(r < Runeself || loc() == (locale_t)0)
		return latin1upper(r) ? r + 0x20 : r;
	return towlower_l(r, utf8);
}

Rune
p9toupperrune(Rune r)
{
	if(r < Runeself || loc() == (locale_t)0){
		if(latin1lower(r) && r != 0xDF && r != 0xFF)
			return r - 0x20;
		return r;
	}
	return towupper_l(r, utf8);
}
