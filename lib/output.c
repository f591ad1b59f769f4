/*
 * output.c - output files that appear whole or not at all.
 */
#define _XOPEN_SOURCE 700	/* realpath */

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"

struct sp_output {
	int	 fd;
	char	*path;
	char	*tmp;		/* NULL when writing to path directly */
};

/*
 * The descriptor a name stands for: /dev/stdout, /dev/fd/N,
 * /proc/self/fd/N. -1 for any other name.
 */
static int
descriptor_name(const char *path)
{
	const char *n;
	int fd = 0;

	if (strcmp(path, "/dev/stdin") == 0)
		return 0;
	if (strcmp(path, "/dev/stdout") == 0)
		return 1;
	if (strcmp(path, "/dev/stderr") == 0)
		return 2;
	if (strncmp(path, "/dev/fd/", 8) == 0)
		n = path + 8;
	else if (strncmp(path, "/proc/self/fd/", 14) == 0)
		n = path + 14;
	else
		return -1;
	if (*n == '\0')
		return -1;
	for (; *n != '\0'; n++) {
		if (*n < '0' || *n > '9' || fd > 100000)
			return -1;
		fd = fd * 10 + (*n - '0');
	}
	return fd;
}

/* The target of the symbolic link path, relative ones made whole. */
static char *
link_target(const char *path, off_t size)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash != NULL ? (size_t)(slash - path) + 1 : 0;
	size_t cap = (size > 0 ? (size_t)size : 255) + 1;
	char *t, *whole;
	ssize_t n;

	if ((t = malloc(cap)) == NULL)
		return NULL;
	if ((n = readlink(path, t, cap - 1)) < 0) {
		free(t);
		return NULL;
	}
	t[n] = '\0';
	if (t[0] == '/' || dir == 0)
		return t;
	if ((whole = malloc(dir + (size_t)n + 1)) != NULL) {
		memcpy(whole, path, dir);
		memcpy(whole + dir, t, (size_t)n + 1);
	}
	free(t);
	return whole;
}

/*
 * Follow path's symbolic links to the file they name, whether it exists
 * or not, so that the file is replaced and the link stays: *fd is set
 * when a link names an open descriptor (/dev/stdout -> /proc/self/fd/1).
 * NULL with errno set on failure.
 */
static char *
resolve(const char *path, int *fd)
{
	struct stat sb;
	char *cur, *next;
	int hops;

	*fd = descriptor_name(path);
	if ((cur = strdup(path)) == NULL)
		return NULL;
	for (hops = 0; *fd < 0; hops++) {
		if (lstat(cur, &sb) == -1 || !S_ISLNK(sb.st_mode))
			return cur;
		if (hops == 40) {
			free(cur);
			errno = ELOOP;
			return NULL;
		}
		next = link_target(cur, sb.st_size);
		free(cur);
		if ((cur = next) == NULL)
			return NULL;
		*fd = descriptor_name(cur);
	}
	return cur;
}

sp_status
sp_output_open(const char *path, sp_output **out)
{
	sp_output *o;
	size_t n, dir;
	unsigned long seed;
	struct stat sb;
	int tries, saved, fd;
	const char *base, *slash;

	*out = NULL;
	if ((o = calloc(1, sizeof *o)) == NULL)
		return SP_ENOMEM;
	if ((o->path = resolve(path, &fd)) == NULL) {
		saved = errno;
		free(o);
		errno = saved;
		return errno == ENOMEM ? SP_ENOMEM : SP_EIO;
	}
	/*
	 * A descriptor already open (-o /dev/stdout, appended to by the
	 * shell) is written through a copy of it: renaming a file over the
	 * one behind it would lose what it held.
	 */
	if (fd >= 0) {
		if ((o->fd = fcntl(fd, F_DUPFD, 3)) == -1)
			goto fail;
		*out = o;
		return SP_OK;
	}
	/*
	 * A device, a FIFO or a terminal (/dev/null) is written as it is:
	 * renaming over it would replace it with a file.
	 */
	if (stat(o->path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if ((o->fd = open(o->path, O_WRONLY)) == -1)
			goto fail;
		*out = o;
		return SP_OK;
	}
	/*
	 * The temporary file beside it, under a name short enough for any
	 * name the file itself may have: .NAME.SEED.tmp, NAME cut to 64.
	 */
	slash = strrchr(o->path, '/');
	dir = slash != NULL ? (size_t)(slash - o->path) + 1 : 0;
	base = o->path + dir;
	n = dir + 64 + 32;
	if ((o->tmp = malloc(n)) == NULL) {
		free(o->path);
		free(o);
		return SP_ENOMEM;
	}
	seed = (unsigned long)time(NULL) ^ (unsigned long)(uintptr_t)o ^
	    (unsigned long)getpid() << 16;
	/* O_EXCL on a fresh name: the umask applies as for any new file. */
	for (tries = 0; tries < 100; tries++) {
		snprintf(o->tmp, n, "%.*s.%.64s.%lx.tmp", (int)dir, o->path,
		    base, (seed + (unsigned long)tries) & 0xffffffffUL);
		o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (o->fd != -1 || errno != EEXIST)
			break;
	}
	if (o->fd == -1)
		goto fail;
	/* Replacing a file keeps its permissions. */
	if (stat(o->path, &sb) == 0 && S_ISREG(sb.st_mode))
		(void)fchmod(o->fd, sb.st_mode & 07777);
	*out = o;
	return SP_OK;
fail:
	saved = errno;
	free(o->tmp);
	free(o->path);
	free(o);
	errno = saved;
	return SP_EIO;
}

int
sp_output_fd(const sp_output *out)
{
	return out->fd;
}

const char *
sp_output_temp(const sp_output *out)
{
	return out->tmp;
}

static void
output_free(sp_output *o)
{
	free(o->tmp);
	free(o->path);
	free(o);
}

sp_status
sp_output_commit(sp_output *o)
{
	int saved;

	if (o->tmp == NULL) {
		saved = close(o->fd) == -1 ? errno : 0;
		output_free(o);
		errno = saved;
		return saved == 0 ? SP_OK : SP_EIO;
	}

	if (fsync(o->fd) == -1 && errno != EINVAL && errno != EROFS)
		goto fail;
	if (close(o->fd) == -1) {
		o->fd = -1;
		goto fail;
	}
	o->fd = -1;
	if (rename(o->tmp, o->path) == -1)
		goto fail;
	output_free(o);
	return SP_OK;
fail:
	saved = errno;
	sp_output_abort(o);
	errno = saved;
	return SP_EIO;
}

void
sp_output_abort(sp_output *o)
{
	if (o == NULL)
		return;
	if (o->fd != -1)
		close(o->fd);
	if (o->tmp != NULL)
		unlink(o->tmp);
	output_free(o);
}
