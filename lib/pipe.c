/*
 * pipe.c - ask for a larger pipe buffer where the system allows it.
 *
 * In a pipeline such as classify | report, Linux's default of 64 KB
 * makes the two stages take turns for every few rows; 1 MB lets each run
 * on. Where F_SETPIPE_SZ does not exist, or the pipe may not grow, the
 * pipe stays as it is: this is a matter of speed, never of function.
 */
#define _GNU_SOURCE
#include <sys/stat.h>

#include <fcntl.h>

#include "internal.h"

#define PIPE_BYTES	(1 << 20)

void
sp_pipe_widen(int fd)
{
#ifdef F_SETPIPE_SZ
	struct stat sb;

	if (fd >= 0 && fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode) &&
	    fcntl(fd, F_GETPIPE_SZ) < PIPE_BYTES)
		(void)fcntl(fd, F_SETPIPE_SZ, PIPE_BYTES);
#else
	(void)fd;
#endif
}
