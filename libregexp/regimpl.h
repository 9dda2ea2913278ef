/* regimpl.h: libregexp's compiled form, shared by the compiler and the matcher. */
#include <planten/lib9.h>
#include <planten/regexp.h>

/*
 * A program for a Pike machine. Every instruction but the consuming ones (Irune, Iany,
 * Ianynl, Iclass, Inclass) and Imatch is followed without reading input: Isplit to x
 * first (the preferred way) and then y, Ijmp to x, Isave records the position in
 * capture slot x (2n for group n's start, 2n+1 for its end), Ibol and Ieol test it.
 */
enum {
	Irune,		/* the rune r */
	Iany,		/* any rune */
	Ianynl,		/* any rune but newline */
	Iclass,		/* a rune in ranges[x .. x+2y) (pairs lo, hi, sorted) */
	Inclass,	/* a rune not newline and not in them */
	Ibol,
	Ieol,
	Isplit,
	Ijmp,
	Isave,
	Imatch,
};

typedef struct Reinst Reinst;
struct Reinst {
	int op;
	int x;
	int y;
	Rune r;
};

/* One malloc'd block: this header, then the instructions, then the class ranges. */
struct Reprog {
	int ninst;
	int nsub;		/* groups, counting the whole expression as 0 */
	int nranges;
	Reinst *inst;
	Rune *ranges;
};
