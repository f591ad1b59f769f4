/*
 * test_pipe.c - a writer or reader on a pipe asks for a 1 MB buffer, so
 * that the stages of a pipeline do not take turns every few rows.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

#ifdef F_GETPIPE_SZ
/* Whether this system lets an unprivileged pipe grow to 1 MB. */
static int
may_grow(void)
{
	FILE *f = fopen("/proc/sys/fs/pipe-max-size", "r");
	long max = 0;

	if (f == NULL)
		return 0;
	if (fscanf(f, "%ld", &max) != 1)
		max = 0;
	fclose(f);
	return max >= 1 << 20;
}
#endif

static void
test_writer_widens_its_pipe(void **state)
{
#ifdef F_GETPIPE_SZ
	sp_writer *w;
	int fd[2];

	(void)state;
	if (!may_grow())
		skip();
	assert_int_equal(pipe(fd), 0);
	assert_true(fcntl(fd[1], F_GETPIPE_SZ) < 1 << 20);
	w = sp_writer_new(fd[1]);
	assert_non_null(w);
	assert_int_equal(fcntl(fd[1], F_GETPIPE_SZ), 1 << 20);
	sp_writer_free(w);
	close(fd[0]);
	close(fd[1]);
#else
	(void)state;
	skip();
#endif
}

static void
test_reader_widens_its_pipe(void **state)
{
#ifdef F_GETPIPE_SZ
	sp_reader *r;
	int fd[2];

	(void)state;
	if (!may_grow())
		skip();
	assert_int_equal(pipe(fd), 0);
	assert_int_equal(write(fd[1], "a,b\n1,2\n", 8), 8);
	close(fd[1]);
	r = sp_reader_new();
	assert_non_null(r);
	assert_int_equal(sp_reader_open_fd(r, fd[0], "pipe"), SP_OK);
	assert_int_equal(fcntl(fd[0], F_GETPIPE_SZ), 1 << 20);
	sp_reader_free(r);
	close(fd[0]);
#else
	(void)state;
	skip();
#endif
}

static void
test_file_left_alone(void **state)
{
	FILE *f = tmpfile();
	sp_writer *w;

	(void)state;
	assert_non_null(f);
	w = sp_writer_new(fileno(f));
	assert_non_null(w);
	assert_int_equal(sp_writer_cstr(w, "x"), SP_OK);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
	assert_int_equal(sp_writer_flush(w), SP_OK);
	assert_int_equal(sp_writer_errno(w), 0);
	assert_int_equal(ftell(f), 2);
	sp_writer_free(w);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_widens_its_pipe),
		cmocka_unit_test(test_reader_widens_its_pipe),
		cmocka_unit_test(test_file_left_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
