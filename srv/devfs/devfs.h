/* devfs.h: devfs's server, for its own main and for nsd, which serves it as #c. */

/*
 * devsrvinit fills srv with devfs's tree and callbacks: the files of Plan 9's console
 * device, owned by user, with cons reading infd and writing outfd (consctl's rawon puts
 * infd in raw mode when it is a terminal). It returns 0, or -1 with errstr set.
 */
int	devsrvinit(Srv *srv, const char *user, int infd, int outfd);
