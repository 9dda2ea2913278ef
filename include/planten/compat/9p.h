/*
 * 9p.h: Plan 9's <9p.h> for programs built against planten: lib9p's server (Req, Fid, File,
 * Tree, respond, request queues) under Plan 9's names, and Srv as Np9srv, lib9p's server in
 * Plan 9's shape (see srv9.h and 9p(3)). Include <fcall.h> first, as on Plan 9.
 */
#ifndef PLANTEN_COMPAT_9P_H
#define PLANTEN_COMPAT_9P_H

#include <fcall.h>
#include <thread.h>
#include <planten/9p.h>
#include <planten/srv9.h>

#define Srv		Np9srv
#define OMASK		3

/* Plan 9's lib9p traces when chatty9p is set: here per file, read where the server starts. */
static int chatty9p __attribute__((unused));

#define srv(s)			npsrv9serve(s, chatty9p)
#define threadsrv(s)		npsrv9serve(s, chatty9p)
#define postsrv(s, name)	(npsrv9post(s, name, chatty9p), 0)
#define threadpostsrv(s, name)	(npsrv9post(s, name, chatty9p), 0)
#define postmountsrv(s, name, mtpt, flag)	npsrv9postmount(s, name, mtpt, flag, chatty9p)
#define threadpostmountsrv(s, name, mtpt, flag)	npsrv9postmount(s, name, mtpt, flag, chatty9p)
#define listensrv(s, addr)	npsrv9listen(s, addr, chatty9p)
#define threadlistensrv(s, addr)	npsrv9listen(s, addr, chatty9p)

#define respond		nprespond
#define responderror	npresponderror
#define readstr		npreadstr
#define readbuf		npreadbuf
#define dirread9p	npdirread9p
#define walkandclone	npwalkandclone9
#define emalloc9p	npemalloc9p
#define erealloc9p	nperealloc9p
#define estrdup9p	npestrdup9p
typedef int Dirgen(int, Dir*, void*);

#define alloctree	npalloctree
#define freetree	npfreetree
#define createfile	npcreatefile
#define removefile	npremovefile
#define closefile	npclosefile
#define walkfile	npwalkfile
#define hasperm		nphasperm

#define reqqueuecreate	npreqqueuecreate
#define reqqueuepush	npreqqueuepush
#define reqqueueflush	npreqqueueflush
#define reqqueuefree	npreqqueuefree
/* lib9p runs each request on its loop, or on a Reqqueue's thread: nothing to release. */
#define srvrelease(s)	((void)(s))
#define srvacquire(s)	((void)(s))

#endif
