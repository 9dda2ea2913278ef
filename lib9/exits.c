/* exits.c: p9exits and Plan 9's atexit list (run last registered first, once, at exit). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>
#include <planten/lib9.h>

enum { Nexit = 32 };

static pthread_mutex_t exitlock = PTHREAD_MUTEX_INITIALIZER;
static void (*exitfn[Nexit])(void);
static int registered;

static void
runexitfns(void)
{
	void (*f)(void);
	int i;

	for(i = Nexit - 1; i >= 0; i--){
		pthread_mutex_lock(&exitlock);
		f = exitfn[i];
		exitfn[i] = nil;
		pthread_mutex_unlock(&exitlock);
		if(f != nil)
			f();
	}
}

int
p9atexit(void (*f)(void))
{
	int i, ok;

	ok = 0;
	pthread_mutex_lock(&exitlock);
	if(!registered && atexit(runexitfns) == 0)
		registered = 1;
	for(i = 0; registered && i < Nexit; i++)
		if(exitfn[i] == nil){
			exitfn[i] = f;
			ok = 1;
			break;
		}
	pthread_mutex_unlock(&exitlock);
	if(!ok)
		p9werrstr("too many exit functions");
	return ok;
}

void
p9atexitdont(void (*f)(void))
{
	int i;

	pthread_mutex_lock(&exitlock);
	for(i = 0; i < Nexit; i++)
		if(exitfn[i] == f)
			exitfn[i] = nil;
	pthread_mutex_unlock(&exitlock);
}

void
p9exits(const char *msg)
{
	exit(msg != nil && *msg != 0 ? 1 : 0);
}

void
p9exitsnow(const char *msg)
{
	_exit(msg != nil && *msg != 0 ? 1 : 0);
}
