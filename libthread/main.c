/* main.c: libthreadmain's main, for programs that define threadmain as Plan 9's do. */
#include <planten/thread.h>

void threadmain(int argc, char **argv);
extern int mainstacksize __attribute__((weak));

int
main(int argc, char **argv)
{
	t9main(argc, argv, threadmain, &mainstacksize != nil ? (uint)mainstacksize : 0);
}
