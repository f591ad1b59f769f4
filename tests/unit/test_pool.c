/*
 * test_pool.c - worker threads: rows come out in input order, each state
 * stays with one thread, and a failure stops the output where it stood;
 * chunks of raw input are parsed in the workers, their bad records told
 * in order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"

#define NWORKERS	4

struct state {
	pthread_t	 owner;
	int		 used;
	int		 foreign;	/* calls from another thread */
	unsigned long	 calls;
	unsigned long	 fail_at;	/* 0: never */
};

static int
noted(unsigned long n)
{
	return n % 500 == 250 || n % 1000 == 999 || n % 1000 == 0;
}

/* Write the record's one field, doubled, as a row; now and then slowly. */
static sp_status
echo(void *vs, const sp_record *rec, sp_writer *w)
{
	struct state *s = vs;
	size_t len;
	const char *v = sp_record_field(rec, 0, &len);
	unsigned long n = strtoul(v, NULL, 10);

	if (!s->used) {
		s->owner = pthread_self();
		s->used = 1;
	} else if (!pthread_equal(s->owner, pthread_self()))
		s->foreign++;
	s->calls++;
	if (s->fail_at != 0 && n == s->fail_at)
		return SP_ENOMEM;
	if (n % 1000 == 0) {
		struct timespec ts = { 0, 200000 };

		nanosleep(&ts, NULL);
	}
	if (sp_writer_field(w, v, len) != SP_OK ||
	    sp_writer_field(w, v, len) != SP_OK ||
	    sp_writer_end_row(w) != SP_OK)
		return SP_EIO;
	/* Notes, dropped unless asked for; some next to a bad record. */
	return noted(n) ? sp_pool_note(w, rec->line, (int)(n / 250)) : SP_OK;
}

/* A one-field record holding the number n. */
static void
record(sp_record *rec, char *buf, size_t *off, unsigned long n)
{
	int len = sprintf(buf, "%lu", n);

	off[0] = 0;
	off[1] = (size_t)len + 1;
	rec->data = buf;
	rec->off = off;
	rec->n = 1;
	rec->line = n + 2;
}

/* Run n records through a pool of NWORKERS into a file; its status. */
static sp_status
run(unsigned long n, unsigned long fail_at, int fd, struct state *states,
    unsigned long *added)
{
	void *sv[NWORKERS];
	sp_writer *out = sp_writer_new(fd);
	sp_pool *p;
	sp_record rec;
	char buf[32];
	size_t off[2];
	sp_status st = SP_OK, dst;
	unsigned long i;
	int k;

	assert_non_null(out);
	memset(states, 0, NWORKERS * sizeof *states);
	for (k = 0; k < NWORKERS; k++) {
		states[k].fail_at = fail_at;
		sv[k] = &states[k];
	}
	p = sp_pool_new(out, echo, sv, NWORKERS);
	assert_non_null(p);
	for (i = 0; i < n && st == SP_OK; i++) {
		record(&rec, buf, off, i);
		st = sp_pool_add(p, &rec);
	}
	*added = i;
	dst = sp_pool_drain(p);
	if (st == SP_OK)
		st = dst;
	else
		assert_int_equal(dst, st);
	sp_pool_free(p);
	if (sp_writer_flush(out) != SP_OK && st == SP_OK)
		st = SP_EIO;
	sp_writer_free(out);
	return st;
}

/* Check that the file holds rows "i,i" for i in [0, n), and no more. */
static void
expect_rows(FILE *f, unsigned long n)
{
	char line[64], want[64];
	unsigned long i = 0;

	rewind(f);
	while (fgets(line, sizeof line, f) != NULL) {
		snprintf(want, sizeof want, "%lu,%lu\n", i, i);
		if (strcmp(line, want) != 0)
			fail_msg("row %lu: \"%s\", want \"%s\"", i, line, want);
		i++;
	}
	if (i != n)
		fail_msg("%lu rows, want %lu", i, n);
}

static void
test_order(void **state)
{
	struct state states[NWORKERS];
	FILE *f = tmpfile();
	unsigned long added, calls = 0;
	int k, busy = 0;

	(void)state;
	assert_non_null(f);
	assert_int_equal(run(50000, 0, fileno(f), states, &added), SP_OK);
	expect_rows(f, 50000);
	for (k = 0; k < NWORKERS; k++) {
		assert_int_equal(states[k].foreign, 0);
		calls += states[k].calls;
		busy += states[k].calls > 0;
	}
	assert_int_equal(calls, 50000);
	/* 50,000 records are many batches: more than one worker had some. */
	assert_true(busy > 1);
	fclose(f);
}

static void
test_failure_stops_the_rows(void **state)
{
	struct state states[NWORKERS];
	FILE *f = tmpfile();
	unsigned long added;

	(void)state;
	assert_non_null(f);
	assert_int_equal(run(50000, 20000, fileno(f), states, &added),
	    SP_ENOMEM);
	/* The rows before the failing record, and none after. */
	expect_rows(f, 20000);
	assert_true(added > 20000);
	fclose(f);
}

static void
test_write_error(void **state)
{
	struct state states[NWORKERS];
	unsigned long added;
	int fd = open("/dev/full", O_WRONLY);

	(void)state;
	if (fd == -1)
		skip();
	assert_int_equal(run(50000, 0, fd, states, &added), SP_EIO);
	/* The first failed write stops the adding. */
	assert_true(added < 50000);
	close(fd);
}

static void
test_empty_and_bounds(void **state)
{
	struct state states[NWORKERS];
	FILE *f = tmpfile();
	unsigned long added;
	sp_writer *out = sp_writer_new(1);
	void *sv[1] = { &states[0] };

	(void)state;
	assert_non_null(f);
	assert_int_equal(run(0, 0, fileno(f), states, &added), SP_OK);
	expect_rows(f, 0);
	assert_int_equal(run(1, 0, fileno(f), states, &added), SP_OK);
	expect_rows(f, 1);
	assert_null(sp_pool_new(out, echo, sv, 0));
	/* A note belongs to a pool's writer, not to the output. */
	assert_int_equal(sp_pool_note(out, 1, 0), SP_EINVAL);
	assert_true(sp_pool_cpus() >= 1);
	sp_pool_free(NULL);
	sp_writer_free(out);
	fclose(f);
}

/* Bad records of chunks and notes, as the pool tells them. */
struct bad_log {
	unsigned long	 lines[64];
	size_t		 n;
	unsigned long	 stop_at;	/* stop the pool at this line; 0: never */

	/* With notes: the output goes through a sink that counts rows. */
	int		 notes;
	int		 fd;
	unsigned long	 rows;		/* written so far */
	unsigned long	 bad_rows[64];	/* rows written before each */
	unsigned long	 note_lines[128];
	unsigned long	 note_rows[128];
	int		 note_codes[128];
	size_t		 nnotes;
	unsigned long	 last;		/* the line last told */
};

static sp_status
log_note(void *ctx, unsigned long line, int code)
{
	struct bad_log *log = ctx;

	assert_true(log->nnotes < sizeof log->note_lines /
	    sizeof log->note_lines[0]);
	assert_true(line > log->last);
	log->last = line;
	log->note_lines[log->nnotes] = line;
	log->note_rows[log->nnotes] = log->rows;
	log->note_codes[log->nnotes++] = code;
	return SP_OK;
}

static sp_status
count_rows(void *ctx, const void *bytes, size_t len)
{
	struct bad_log *log = ctx;
	const char *b = bytes;
	size_t i;

	for (i = 0; i < len; i++)
		log->rows += b[i] == '\n';
	return write(log->fd, bytes, len) == (ssize_t)len ? SP_OK : SP_EIO;
}

static sp_status
log_bad(void *ctx, void *tag, unsigned long line, const char *msg,
    const char *raw, size_t rawlen)
{
	struct bad_log *log = ctx;

	assert_string_equal(tag, "in");
	assert_string_equal(msg, "expected 1 field, found 2");
	assert_int_equal(rawlen, 4);
	assert_memory_equal(raw, "x,y\n", 4);
	assert_true(log->n < sizeof log->lines / sizeof log->lines[0]);
	assert_true(line > log->last);
	log->last = line;
	log->bad_rows[log->n] = log->rows;
	log->lines[log->n++] = line;
	return line == log->stop_at ? SP_ERECORD : SP_OK;
}

/*
 * Records 0..n-1, one a line, with a bad record "x,y" after every 1000th,
 * read as chunks of whole records where they can be taken, and record by
 * record where not (a 5" pipe after every 3000th).
 */
static sp_status
run_chunks(unsigned long n, int fd, struct state *states,
    struct bad_log *log)
{
	void *sv[NWORKERS];
	sp_writer *out = sp_writer_new(fd);
	sp_reader *r = sp_reader_new();
	const sp_record *rec;
	sp_buf in = { 0 };
	sp_pool *p;
	const char *data;
	size_t len;
	unsigned long i, line;
	sp_status st = SP_OK, dst;
	int k;

	assert_non_null(out);
	assert_non_null(r);
	assert_int_equal(sp_buf_puts(&in, "n\n"), 0);
	for (i = 0; i < n; i++) {
		assert_int_equal(sp_buf_printf(&in, "%lu\n", i), 0);
		if (i % 1000 == 999)
			assert_int_equal(sp_buf_puts(&in, "x,y\n"), 0);
		if (i % 3000 == 2999)
			assert_int_equal(sp_buf_puts(&in, "5\" pipe\n"), 0);
	}
	assert_int_equal(sp_reader_open_mem(r, in.data, in.len, "in"), SP_OK);
	memset(states, 0, NWORKERS * sizeof *states);
	for (k = 0; k < NWORKERS; k++)
		sv[k] = &states[k];
	p = sp_pool_new(out, echo, sv, NWORKERS);
	assert_non_null(p);
	sp_pool_set_bad(p, log_bad, log);
	if (log->notes) {
		log->fd = fd;
		sp_pool_set_sink(p, count_rows, log);
		sp_pool_set_note(p, log_note, log);
	}
	while (st == SP_OK) {
		assert_int_equal(sp_reader_take(r, 512, &data, &len, &line),
		    SP_OK);
		if (len > 0) {
			st = sp_pool_add_chunk(p, r, data, len, line, "in");
			continue;
		}
		st = sp_reader_next(r, &rec);
		if (st == SP_EOF) {
			st = SP_OK;
			break;
		}
		/* The 5" pipe, read here: not a number, so not echoed. */
		if (st == SP_OK && strchr(sp_record_field(rec, 0, NULL), '"'))
			continue;
		assert_int_equal(st, SP_OK);
		st = sp_pool_add(p, rec);
	}
	dst = sp_pool_drain(p);
	if (st == SP_OK)
		st = dst;
	sp_pool_free(p);
	if (sp_writer_flush(out) != SP_OK && st == SP_OK)
		st = SP_EIO;
	sp_writer_free(out);
	sp_reader_free(r);
	sp_buf_free(&in);
	return st;
}

/* The line of the bad record after record i (0-based, i % 1000 == 999). */
static unsigned long
bad_line(unsigned long i)
{
	return 2 + (i + 1) + i / 1000 + i / 3000;
}

static void
test_chunks(void **state)
{
	struct state states[NWORKERS];
	struct bad_log log = { 0 };
	FILE *f = tmpfile();
	unsigned long calls = 0;
	size_t i;
	int k;

	(void)state;
	assert_non_null(f);
	assert_int_equal(run_chunks(20000, fileno(f), states, &log), SP_OK);
	expect_rows(f, 20000);
	for (k = 0; k < NWORKERS; k++) {
		assert_int_equal(states[k].foreign, 0);
		calls += states[k].calls;
	}
	assert_int_equal(calls, 20000);
	/* Every bad record told once, in order, with its line. */
	assert_int_equal(log.n, 20);
	for (i = 0; i < log.n; i++)
		assert_int_equal(log.lines[i], bad_line(i * 1000 + 999));
	fclose(f);
}

/* The line of record i. */
static unsigned long
record_line(unsigned long i)
{
	return 2 + i + i / 1000 + i / 3000;
}

/*
 * Notes from the workers are told in input order among the bad records,
 * each once the rows before it and its own are written, not later.
 */
static void
test_notes_in_order(void **state)
{
	struct state states[NWORKERS];
	struct bad_log log;
	FILE *f = tmpfile();
	unsigned long n;
	size_t i;

	(void)state;
	assert_non_null(f);
	memset(&log, 0, sizeof log);
	log.notes = 1;
	assert_int_equal(run_chunks(20000, fileno(f), states, &log), SP_OK);
	expect_rows(f, 20000);
	for (n = 0, i = 0; n < 20000; n++) {
		if (!noted(n))
			continue;
		assert_true(i < log.nnotes);
		assert_int_equal(log.note_lines[i], record_line(n));
		assert_int_equal(log.note_codes[i], (int)(n / 250));
		assert_int_equal(log.note_rows[i], n + 1);
		i++;
	}
	assert_int_equal(log.nnotes, 80);
	assert_int_equal(log.n, 20);
	for (i = 0; i < log.n; i++)
		assert_int_equal(log.bad_rows[i], i * 1000 + 1000);
	fclose(f);
}

static void
test_chunk_bad_record_stops_the_rows(void **state)
{
	struct state states[NWORKERS];
	struct bad_log log = { 0 };
	FILE *f = tmpfile();

	(void)state;
	assert_non_null(f);
	log.stop_at = bad_line(7999);
	assert_int_equal(run_chunks(20000, fileno(f), states, &log),
	    SP_ERECORD);
	/* The rows before the bad record, and none after. */
	expect_rows(f, 8000);
	assert_int_equal(log.n, 8);
	fclose(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_failure_stops_the_rows),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_empty_and_bounds),
		cmocka_unit_test(test_chunks),
		cmocka_unit_test(test_chunk_bad_record_stops_the_rows),
		cmocka_unit_test(test_notes_in_order),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
