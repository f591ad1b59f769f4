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

sp_status
sp_output_open(const char *path, sp_output **out)
{
	sp_output *o;
	size_t n;
	unsigned long seed;
	struct stat sb;
	int tries, saved;
	char *real = NULL;

	*out = NULL;
	if ((o = calloc(1, sizeof *o)) == NULL)
		return SP_ENOMEM;
	/*
	 * A device, a FIFO or a terminal (/dev/null, /dev/stdout) is written
	 * as it is: renaming over it would replace it with a file.
	 */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		if ((o->path = strdup(path)) == NULL) {
			free(o);
			return SP_ENOMEM;
		}
		if ((o->fd = open(path, O_WRONLY)) == -1) {
			saved = errno;
			free(o->path);
			free(o);
			errno = saved;
			return SP_EIO;
		}
		*out = o;
		return SP_OK;
	}
	/* A symbolic link to a file: the file is replaced, the link stays. */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode))
		real = realpath(path, NULL);
	o->path = real != NULL ? real : strdup(path);
	n = strlen(o->path) + 64;
	if (o->path == NULL || (o->tmp = malloc(n)) == NULL) {
		free(o->path);
		free(o);
		return SP_ENOMEM;
	}
	seed = (unsigned long)time(NULL) ^ (unsigned long)(uintptr_t)o;
	/* O_EXCL on a fresh name: the umask applies as for any new file. */
	for (tries = 0; tries < 100; tries++) {
		snprintf(o->tmp, n, "%s.tmp.%ld.%lu", o->path, (long)getpid(),
		    seed + (unsigned long)tries);
		o->fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
		if (o->fd != -1 || errno != EEXIST)
			break;
	}
	if (o->fd == -1) {
		saved = errno;
		free(o->tmp);
		free(o->path);
		free(o);
		errno = saved;
		return SP_EIO;
	}
	/* Replacing a file keeps its permissions. */
	if (stat(o->path, &sb) == 0 && S_ISREG(sb.st_mode))
		(void)fchmod(o->fd, sb.st_mode & 07777);
	*out = o;
	return SP_OK;
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
