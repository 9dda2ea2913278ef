/*
 * thread.h: Plan 9's <thread.h> for programs built against planten: libthread's t9
 * functions under Plan 9's names (see thread(3)). A program defines threadmain (and, if it
 * likes, int mainstacksize) instead of main; 9l's libp9main starts it with t9main.
 */
#ifndef PLANTEN_COMPAT_THREAD_H
#define PLANTEN_COMPAT_THREAD_H

#include <libc.h>
#include <planten/thread.h>

typedef int ChanOp;

#define incref		t9incref
#define decref		t9decref

#define alt		t9alt
#define chanclose	t9chanclose
#define chanclosing	t9chanclosing
#define chancreate	t9chancreate
#define chanfree	t9chanfree
#define chanprint	t9chanprint
#define nbrecv		t9nbrecv
#define nbrecvp		t9nbrecvp
#define nbrecvul	t9nbrecvul
#define nbsend		t9nbsend
#define nbsendp		t9nbsendp
#define nbsendul	t9nbsendul
#define recv		t9recv
#define recvp		t9recvp
#define recvul		t9recvul
#define send		t9send
#define sendp		t9sendp
#define sendul		t9sendul
#define needstack(n)	((void)(n))
#define proccreate	t9proccreate
#define procrfork(f, arg, stacksize, flag)	t9proccreate(f, arg, stacksize)
#define procdata	t9procdata
#define procexec	t9procexec
#define threadcreate	t9threadcreate
#define threaddata	t9threaddata
#define threadexits	t9threadexits
#define threadexitsall	t9threadexitsall
#define threadgetgrp	t9threadgetgrp
#define threadsetgrp	t9threadsetgrp
#define threadgetname	t9threadgetname
#define threadsetname	t9threadsetname
#define threadint	t9threadint
#define threadintgrp	t9threadintgrp
#define threadkill	t9threadkill
#define threadkillgrp	t9threadkillgrp
#define threadid	t9threadid
#define threadpid	t9threadpid
#define threadnotify	p9atnotify
#define threadwaitchan	t9threadwaitchan
#define yield		t9yield

#define ioproc		t9ioproc
#define closeioproc	t9closeioproc
#define iointerrupt	t9iointerrupt
#define iocall		t9iocall
#define ioopen		t9ioopen
#define ioclose		t9ioclose
#define ioread		t9ioread
#define ioreadn		t9ioreadn
#define iowrite		t9iowrite
#define iosleep		t9iosleep
#define iodial		t9iodial

void	threadmain(int argc, char *argv[]);
extern int mainstacksize;

#endif
