/*
 * fuzz_list.c - libFuzzer target: work lists over any register, in one
 * thread and in two.
 *
 * The input is read as a classified register (delimiter sniffed); where
 * it has no id column, its first column is mapped to id (-m id=FIRST),
 * since without one a record's id is its number and only one thread can
 * count. The length of the input chooses the list: bit 0 the table
 * (plans or perspectives), bit 1 --next, bit 2 the language (nl), bit 3
 * form 2's society track, bit 4 a theme filter (money). Every good
 * record is listed by one list, and what happened is logged in order: a
 * bad record by its line, a record with an outcome other than listed by
 * its line and outcome.
 *
 * The same input is then listed again in two worker threads (sp_pool
 * with sp_list_pool_row, and lists from sp_list_dup), whole records
 * taken raw in chunks of a size the input chooses and parsed in the
 * threads. The output must be the same bytes, and the bad records and
 * notes the same, in the same order: sp_pool_note and sp_pool_set_bad
 * tell them in input order.
 */
#define FUZZ_NAME "fuzz_list"
#include "fuzz.h"

/* What happened, in order: 'b' line for a bad record, 'n' line outcome. */
static void
log_event(struct bytes *log, int kind, unsigned long line, int code)
{
	char ev[64];
	int n = snprintf(ev, sizeof ev, "%c %lu %d\n", kind, line, code);

	bytes_add(log, ev, (size_t)n);
}

static sp_kb *
knowledge(void)
{
	static sp_kb *kb;

	if (kb == NULL && sp_kb_builtin(&kb) != SP_OK)
		abort();
	return kb;
}

static sp_list *
new_list(size_t size)
{
	sp_list *l = sp_list_new(knowledge(), (size & 1) ?
	    SP_TABLE_PERSPECTIVES : SP_TABLE_PLANS);

	if (l == NULL)
		abort();
	sp_list_set_next(l, (size & 2) != 0);
	sp_list_set_lang(l, (size & 4) ? SP_LANG_NL : SP_LANG_EN);
	sp_list_set_track(l, (size & 8) ? SP_TRACK_SOCIETY :
	    SP_TRACK_GOVERNMENT);
	if (size & 16)
		sp_list_set_themes(l, 1U << 2);
	return l;
}

static sp_status
pool_bad(void *ctx, void *tag, unsigned long line, const char *msg,
    const char *raw, size_t rawlen)
{
	(void)tag;
	(void)raw;
	(void)rawlen;
	CHECK(*msg != '\0', "a bad record without a message");
	log_event(ctx, 'b', line, 0);
	return SP_OK;
}

static sp_status
pool_note(void *ctx, unsigned long line, int code)
{
	log_event(ctx, 'n', line, code);
	return SP_OK;
}

/* An open reader of data with the id mapped; NULL when it cannot be. */
static sp_reader *
open_register(const uint8_t *data, size_t size, sp_schema **schema)
{
	sp_reader *rd;
	const char *first;
	size_t len;

	if ((rd = sp_reader_new()) == NULL)
		abort();
	if (sp_reader_open_mem(rd, data, size, "fuzz") != SP_OK)
		goto none;
	if ((*schema = sp_schema_new(sp_reader_header(rd))) == NULL)
		abort();
	if (sp_schema_column(*schema, SP_FIELD_ID) >= 0)
		return rd;
	first = sp_record_field(sp_reader_header(rd), 0, &len);
	if (strlen(first) == len && sp_schema_map(*schema, "id", first) ==
	    SP_OK && sp_schema_column(*schema, SP_FIELD_ID) >= 0)
		return rd;
	sp_schema_free(*schema);
none:
	sp_reader_free(rd);
	return NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bytes log1 = { 0 }, log2 = { 0 };
	sp_list *l, *dup[2];
	void *states[2];
	const sp_record *rec;
	sp_schema *schema;
	sp_reader *rd;
	sp_writer *w;
	sp_pool *pool;
	sp_outcome outcome;
	sp_status st;
	const char *chunk;
	size_t len, want = 1 + size % 509;
	unsigned long line;
	int fd1, fd2, k;

	/* One thread. */
	if ((rd = open_register(data, size, &schema)) == NULL)
		return 0;
	l = new_list(size);
	if ((st = sp_list_bind(l, schema, NULL)) != SP_OK) {
		CHECK(st == SP_EHEADER && *sp_list_error(l) != '\0',
		    "bind: %s", sp_strerror(st));
		sp_reader_free(rd);
		goto done;
	}
	fd1 = scratch_fd(0);
	if ((w = sp_writer_new(fd1)) == NULL)
		abort();
	sp_writer_set_delimiter(w, sp_reader_delimiter(rd));
	CHECK(sp_list_write_header(l, w) == SP_OK, "header");
	while ((st = sp_reader_next(rd, &rec)) != SP_EOF) {
		if (st == SP_ERECORD) {
			(void)sp_reader_error(rd, &line, NULL, NULL);
			log_event(&log1, 'b', line, 0);
			continue;
		}
		CHECK(st == SP_OK, "next: %s", sp_strerror(st));
		CHECK(sp_list_write_record(l, rec, w, &outcome) == SP_OK,
		    "write record");
		if (outcome != SP_LISTED)
			log_event(&log1, 'n', sp_record_line(rec),
			    (int)outcome);
	}
	CHECK(sp_writer_end(w) == SP_OK, "flush");
	sp_writer_free(w);
	sp_reader_free(rd);

	/* Two threads, from chunks where they can be taken. */
	if ((rd = sp_reader_new()) == NULL)
		abort();
	CHECK(sp_reader_open_mem(rd, data, size, "fuzz") == SP_OK,
	    "second open");
	fd2 = scratch_fd(1);
	if ((w = sp_writer_new(fd2)) == NULL)
		abort();
	sp_writer_set_delimiter(w, sp_reader_delimiter(rd));
	CHECK(sp_list_write_header(l, w) == SP_OK, "header again");
	for (k = 0; k < 2; k++) {
		if ((dup[k] = sp_list_dup(l)) == NULL)
			abort();
		states[k] = dup[k];
	}
	if ((pool = sp_pool_new(w, sp_list_pool_row, states, 2)) == NULL)
		abort();
	sp_pool_set_bad(pool, pool_bad, &log2);
	sp_pool_set_note(pool, pool_note, &log2);
	for (;;) {
		CHECK(sp_reader_take(rd, want, &chunk, &len, &line) == SP_OK,
		    "take");
		if (len > 0) {
			CHECK(sp_pool_add_chunk(pool, rd, chunk, len, line,
			    NULL) == SP_OK, "pool add chunk");
			continue;
		}
		if ((st = sp_reader_next(rd, &rec)) == SP_OK) {
			CHECK(sp_pool_add(pool, rec) == SP_OK, "pool add");
			continue;
		}
		/* The chunks before a bad record are told first. */
		CHECK(sp_pool_drain(pool) == SP_OK, "pool drain");
		if (st == SP_EOF)
			break;
		CHECK(st == SP_ERECORD, "next: %s", sp_strerror(st));
		(void)sp_reader_error(rd, &line, NULL, NULL);
		log_event(&log2, 'b', line, 0);
	}
	sp_pool_free(pool);
	CHECK(sp_writer_end(w) == SP_OK, "flush threads");
	sp_writer_free(w);
	for (k = 0; k < 2; k++)
		sp_list_free(dup[k]);
	sp_reader_free(rd);

	check_same_output(fd1, fd2);
	if (log1.len != log2.len || (log1.len > 0 &&
	    memcmp(log1.p, log2.p, log1.len) != 0)) {
		fprintf(stderr, "--- one thread\n%.*s--- two threads\n%.*s",
		    (int)log1.len, log1.p ? (const char *)log1.p : "",
		    (int)log2.len, log2.p ? (const char *)log2.p : "");
		CHECK(0, "bad records and notes told otherwise in threads");
	}
done:
	free(log1.p);
	free(log2.p);
	sp_list_free(l);
	sp_schema_free(schema);
	return 0;
}
