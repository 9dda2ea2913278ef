/* bioimpl.h: lib9's private constants for the Biobuf state machine. */
#include <planten/lib9.h>

enum {
	Binactive = 0,
	Bractive,
	Bwactive,
	Bracteof,
	Bmagic = 0x314159,	/* flag: the Biobuf came from Bopen or Bfdopen */
};
