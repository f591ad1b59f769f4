/*
 * measure - run a shell command several times; print the median wall
 * time in seconds and the peak resident set of its processes in KiB.
 *
 * Usage: measure RUNS COMMAND
 *
 * The command runs under sh -c; its standard output is its own business
 * (redirect it in COMMAND). Exits 1 when a run fails.
 */
#define _DEFAULT_SOURCE		/* wait4 */

#include <sys/resource.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	double t[64];
	long maxrss = 0;
	int runs, i, status;
	pid_t pid;

	if (argc != 3 || (runs = atoi(argv[1])) < 1 || runs > 64) {
		fputs("usage: measure RUNS COMMAND\n", stderr);
		return 2;
	}
	for (i = 0; i < runs; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if ((pid = fork()) == -1) {
			perror("fork");
			return 1;
		}
		if (pid == 0) {
			execl("/bin/sh", "sh", "-c", argv[2], (char *)NULL);
			_exit(127);
		}
		/* The child's usage covers the processes it waited for. */
		if (wait4(pid, &status, 0, &ru) == -1) {
			perror("wait4");
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "measure: run failed: %s\n", argv[2]);
			return 1;
		}
		t[i] = (double)(t1.tv_sec - t0.tv_sec) +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
		if (ru.ru_maxrss > maxrss)
			maxrss = ru.ru_maxrss;
	}
	qsort(t, (size_t)runs, sizeof t[0], cmp);
	printf("%.3f %ld\n", t[runs / 2], maxrss);
	return 0;
}
