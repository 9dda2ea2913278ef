/* errno.c: the Unix errno for a 9P error string, by a table of known wordings. */
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <planten/9pfuse.h>

/*
 * Plan 9's kernel and file servers (9front's error.h, ramfs, cwfs, hjfs), planten's lib9p
 * and lib9 wordings, and strerror's for Unix servers such as u9fs. The first entry whose
 * text occurs in the error (case ignored) wins, so specific phrases come before general
 * ones ("name too long" before "too long", "not a directory" before "directory").
 */
static const struct {
	const char *text;
	int err;
} table[] = {
	{ "i/o on hungup channel", EIO },
	{ "hungup", EIO },
	{ "hung up", EIO },
	{ "interrupted", EINTR },
	{ "timed out", ETIMEDOUT },
	{ "file does not exist", ENOENT },
	{ "does not exist", ENOENT },
	{ "no such file", ENOENT },
	{ "file not found", ENOENT },
	{ "not found", ENOENT },
	{ "directory entry not found", ENOENT },
	{ "file already exists", EEXIST },
	{ "already exists", EEXIST },
	{ "file exists", EEXIST },
	{ "not a directory", ENOTDIR },
	{ "walk in non-directory", ENOTDIR },
	{ "is a directory", EISDIR },
	{ "directory not empty", ENOTEMPTY },
	{ "not empty", ENOTEMPTY },
	{ "permission denied", EACCES },
	{ "access denied", EACCES },
	{ "not owner", EPERM },
	{ "operation not permitted", EPERM },
	{ "not a member of group", EPERM },
	{ "cannot change owner", EPERM },
	{ "mounted directory forbids creation", EROFS },
	{ "read-only", EROFS },
	{ "read only", EROFS },
	{ "file system full", ENOSPC },
	{ "no space", ENOSPC },
	{ "disk full", ENOSPC },
	{ "quota", EDQUOT },
	{ "file name too long", ENAMETOOLONG },
	{ "name too long", ENAMETOOLONG },
	{ "file too large", EFBIG },
	{ "too large", EFBIG },
	{ "too big", EFBIG },
	{ "exclusive use file already open", EBUSY },
	{ "in use", EBUSY },
	{ "busy", EBUSY },
	{ "cross-device", EXDEV },
	{ "out of memory", ENOMEM },
	{ "allocate failed", ENOMEM },
	{ "too many open files", EMFILE },
	{ "no free file descriptors", EMFILE },
	{ "unknown fid", ESTALE },
	{ "fid not found", ESTALE },
	{ "stale", ESTALE },
	{ "seek in directory", EINVAL },
	{ "seek on a stream", ESPIPE },
	{ "negative i/o offset", EINVAL },
	{ "bad offset", EINVAL },
	{ "illegal file name", EINVAL },
	{ "bad character in file name", EINVAL },
	{ "file name syntax", EINVAL },
	{ "bad arg", EINVAL },
	{ "invalid argument", EINVAL },
	{ "bad mode", EINVAL },
	{ "bad length", EINVAL },
	{ "cannot change length of a directory", EISDIR },
	{ "not implemented", EOPNOTSUPP },
	{ "not supported", EOPNOTSUPP },
	{ "function not implemented", EOPNOTSUPP },
	{ "connection refused", ECONNREFUSED },
	{ "connection reset", EIO },
	{ "broken pipe", EIO },
	{ "write on closed pipe", EPIPE },
	{ "resource temporarily unavailable", EAGAIN },
	{ "try again", EAGAIN },
	{ "i/o error", EIO },
};

/* Does s contain t, ignoring case? */
static int
contains(const char *s, const char *t)
{
	size_t n;

	n = strlen(t);
	for(; *s != 0; s++)
		if(strncasecmp(s, t, n) == 0)
			return 1;
	return 0;
}

int
nferrno(const char *err)
{
	size_t i;

	if(err == nil || *err == 0)
		return EIO;
	for(i = 0; i < sizeof table / sizeof table[0]; i++)
		if(contains(err, table[i].text))
			return table[i].err;
	return EIO;
}
