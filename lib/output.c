/*
 * output.c - output files that appear whole or not at all.
 */
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
	char	*tmp;
};

sp_status
sp_output_open(const char *path, sp_output **out)
{
	sp_output *o;
	size_t n = strlen(path) + 64;
	unsigned long seed;
	struct stat sb;
	int tries, saved;

	*out = NULL;
	if ((o = calloc(1, sizeof *o)) == NULL)
		return SP_ENOMEM;
	if ((o->path = strdup(path)) == NULL || (o->tmp = malloc(n)) == NULL) {
		free(o->path);
		free(o);
		return SP_ENOMEM;
	}
	seed = (unsigned long)time(NULL) ^ (unsigned long)(uintptr_t)o;
	/* O_EXCL on a fresh name: the umask applies as for any new file. */
	for (tries = 0; tries < 100; tries++) {
		snprintf(o->tmp, n, "%s.tmp.%ld.%lu", path, (long)getpid(),
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
	if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
		(void)fchmod(o->fd, sb.st_mode & 07777);
	*out = o;
	return SP_OK;
}

int
sp_output_fd(const sp_output *out)
{
	return out->fd;
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
	unlink(o->tmp);
	output_free(o);
}
