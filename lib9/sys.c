/* sys.c: p9readn, p9write, p9nsec and p9getuser. */
#include <errno.h>
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <planten/lib9.h>

long
p9readn(int fd, void *buf, long n)
{
	long m, done;

	for(done = 0; done < n; done += m){
		m = read(fd, (char*)buf + done, n - done);
		if(m < 0){
			if(errno == EINTR){
				m = 0;
				continue;
			}
			if(done > 0)
				break;
			return p9oserror(errno);
		}
		if(m == 0)
			break;
	}
	return done;
}

long
p9write(int fd, const void *buf, long n)
{
	long m, done;

	for(done = 0; done < n; done += m){
		m = write(fd, (const char*)buf + done, n - done);
		if(m < 0){
			if(errno == EINTR){
				m = 0;
				continue;
			}
			return p9oserror(errno);
		}
		if(m == 0){
			p9werrstr("write returned 0");
			return -1;
		}
	}
	return done;
}

vlong
p9nsec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (vlong)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* The process-wide user name cache: written once, read forever after. */
static pthread_once_t useronce = PTHREAD_ONCE_INIT;
static char user[64];

static void
finduser(void)
{
	struct passwd pw, *res;
	char buf[4096];
	const char *s;

	s = nil;
	if(getpwuid_r(getuid(), &pw, buf, sizeof buf, &res) == 0 && res != nil)
		s = pw.pw_name;
	if(s == nil || *s == 0)
		s = getenv("USER");
	if(s == nil || *s == 0)
		s = "none";
	p9strecpy(user, user + sizeof user, s);
}

const char*
p9getuser(void)
{
	pthread_once(&useronce, finduser);
	return user;
}
