/* async.c: the 9P client's libuv side: completions run on the caller's loop. */
#include <stdlib.h>
#include <string.h>
#include <uv.h>
#include "fsimpl.h"

typedef struct Io Io;
struct Io {
	uchar *buf;
	long n;
	NpFsiocb *cb;
	void *arg;
};

/* Called with fs->lk held, from whichever thread completed a call. */
void
_npfsuvkick(NpCFsys *fs)
{
	if(fs->uv != nil)
		uv_async_send(fs->uv);
}

/* The handle keeps the loop alive only while calls are out. */
static void
setref(NpCFsys *fs, uv_async_t *a)
{
	int n;

	pthread_mutex_lock(&fs->lk);
	n = fs->nasync;
	pthread_mutex_unlock(&fs->lk);
	if(n > 0)
		uv_ref((uv_handle_t*)a);
	else
		uv_unref((uv_handle_t*)a);
}

static void
runq(uv_async_t *a)
{
	_npfsrunq(a->data);
	setref(a->data, a);
}

static void
freehandle(uv_handle_t *h)
{
	free(h);
}

int
npfsuvattach(NpCFsys *fs, struct uv_loop_s *loop)
{
	uv_async_t *a;
	int e;

	if(fs->uv != nil){
		p9werrstr("already attached to a loop");
		return -1;
	}
	if((a = calloc(1, sizeof *a)) == nil){
		p9werrstr("out of memory");
		return -1;
	}
	if((e = uv_async_init(loop, a, runq)) < 0){
		free(a);
		p9werrstr("uv_async_init: %s", uv_strerror(e));
		return -1;
	}
	a->data = fs;
	pthread_mutex_lock(&fs->lk);
	fs->uv = a;
	if(fs->qhead != nil)
		uv_async_send(a);
	pthread_mutex_unlock(&fs->lk);
	setref(fs, a);
	return 0;
}

void
npfsuvdetach(NpCFsys *fs)
{
	uv_async_t *a;

	pthread_mutex_lock(&fs->lk);
	a = fs->uv;
	fs->uv = nil;
	pthread_mutex_unlock(&fs->lk);
	if(a != nil)
		uv_close((uv_handle_t*)a, freehandle);
}

NpFsop*
npfsrpcasync(NpCFsys *fs, Fcall *tx, NpFscb *cb, void *arg)
{
	Rpc *r;

	if(cb == nil){
		p9werrstr("no callback");
		return nil;
	}
	pthread_mutex_lock(&fs->lk);
	fs->nasync++;
	pthread_mutex_unlock(&fs->lk);
	if((r = _npfsstart(fs, tx, cb, arg)) == nil){
		pthread_mutex_lock(&fs->lk);
		fs->nasync--;
		pthread_mutex_unlock(&fs->lk);
		return nil;
	}
	if(fs->uv != nil)
		uv_ref((uv_handle_t*)fs->uv);
	return (NpFsop*)r;
}

int
npfscancel(NpFsop *op)
{
	return _npfsflush((Rpc*)op);
}

static void
iodone(void *v, const Fcall *rx, const char *err)
{
	Io *io;
	long n;

	io = v;
	if(err != nil)
		io->cb(io->arg, -1, err);
	else if(rx->count > (u32int)io->n)
		io->cb(io->arg, -1, "server returned too much");
	else{
		n = rx->count;
		if(rx->type == Rread)
			memmove(io->buf, rx->data, n);
		io->cb(io->arg, n, nil);
	}
	free(io);
}

static NpFsop*
ioasync(NpCFid *fid, uchar type, uchar *buf, long n, vlong offset, NpFsiocb *cb, void *arg)
{
	Fcall tx;
	Io *io;
	NpFsop *op;

	if(n < 0 || cb == nil){
		p9werrstr("bad count or no callback");
		return nil;
	}
	if(n > (long)_npfschunk(fid))
		n = _npfschunk(fid);
	if((io = malloc(sizeof *io)) == nil){
		p9werrstr("out of memory");
		return nil;
	}
	io->buf = buf;
	io->n = n;
	io->cb = cb;
	io->arg = arg;
	memset(&tx, 0, sizeof tx);
	tx.type = type;
	tx.fid = fid->fid;
	tx.offset = offset;
	tx.count = n;
	if(type == Twrite)
		tx.data = (char*)buf;
	if((op = npfsrpcasync(fid->fs, &tx, iodone, io)) == nil)
		free(io);
	return op;
}

NpFsop*
npfspreadasync(NpCFid *fid, void *buf, long n, vlong offset, NpFsiocb *cb, void *arg)
{
	return ioasync(fid, Tread, buf, n, offset, cb, arg);
}

NpFsop*
npfspwriteasync(NpCFid *fid, const void *buf, long n, vlong offset, NpFsiocb *cb, void *arg)
{
	return ioasync(fid, Twrite, (uchar*)buf, n, offset, cb, arg);
}
