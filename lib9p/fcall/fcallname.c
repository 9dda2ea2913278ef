/* fcallname.c: names of 9P2000 message types. */
#include <planten/fcall.h>

static const char *const names[Tmax - Tversion] = {
	"Tversion", "Rversion", "Tauth", "Rauth", "Tattach", "Rattach", nil, "Rerror",
	"Tflush", "Rflush", "Twalk", "Rwalk", "Topen", "Ropen", "Tcreate", "Rcreate",
	"Tread", "Rread", "Twrite", "Rwrite", "Tclunk", "Rclunk", "Tremove", "Rremove",
	"Tstat", "Rstat", "Twstat", "Rwstat",
};

const char*
npfcallname(int type)
{
	if(type < Tversion || type >= Tmax)
		return nil;
	return names[type - Tversion];
}
