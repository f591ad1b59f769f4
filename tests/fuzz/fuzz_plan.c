/*
 * fuzz_plan.c - libFuzzer target: the plan and table loaders.
 *
 * The first byte of the input chooses the table (byte % 6: plans,
 * perspectives, services, added_value, forms, crosswalk; '0'..'5' as
 * text) and the list's options (bit 3 Dutch, bit 4 form 2's society
 * track, bits 5-7 a theme filter); the rest is the table as a file given
 * to --plan or --table (delimiter sniffed). It replaces the table of an
 * empty knowledge base with sp_kb_replace; a failure must keep the table
 * as it was and come with a message. After a successful replace every form (0-4)
 * is listed with sp_list_write_form, and the whole table (form 0, in
 * English) is read back with sp_kb_replace: it must load and list the
 * same bytes again.
 */
#define FUZZ_NAME "fuzz_plan"
#include "fuzz.h"
#include "kb.h"

/* A table's rows for a form, as -f FORM lists them. */
static char *
list_form(const sp_kb *kb, sp_table t, sp_lang lang, sp_track track,
    unsigned themes, int form, size_t *len)
{
	int fd = scratch_fd(0);
	sp_writer *w;
	sp_list *l;

	if ((w = sp_writer_new(fd)) == NULL || (l = sp_list_new(kb, t)) ==
	    NULL)
		abort();
	sp_list_set_lang(l, lang);
	sp_list_set_track(l, track);
	sp_list_set_themes(l, themes);
	CHECK(sp_list_write_form(l, form, w) == SP_OK, "write form %d",
	    form);
	CHECK(sp_writer_end(w) == SP_OK, "flush");
	sp_list_free(l);
	sp_writer_free(w);
	return slurp(fd, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sp_table t;
	sp_lang lang;
	sp_track track;
	unsigned themes;
	sp_kb *kb;
	sp_reader *rd;
	sp_status st;
	unsigned long line = 0;
	char msg[256], *all, *again, *out;
	size_t len, alen, glen, before, rows;
	int form;

	if (size == 0)
		return 0;
	t = (sp_table)(data[0] % SP_TABLE_COUNT);
	lang = (data[0] & 8) ? SP_LANG_NL : SP_LANG_EN;
	track = (data[0] & 16) ? SP_TRACK_SOCIETY : SP_TRACK_GOVERNMENT;
	themes = (unsigned)(data[0] >> 5);

	/*
	 * A fresh, empty knowledge base each time (re-reading the built-in
	 * one would cost most of the run): only table t is used.
	 */
	if ((kb = calloc(1, sizeof *kb)) == NULL)
		abort();
	if ((rd = sp_reader_new()) == NULL)
		abort();
	if (sp_reader_open_mem(rd, data + 1, size - 1, "table") != SP_OK) {
		sp_reader_free(rd);
		sp_kb_free(kb);
		return 0;
	}
	before = sp_kb_rows(kb, t);
	msg[0] = '\0';
	st = sp_kb_replace(kb, t, rd, &line, msg, sizeof msg);
	sp_reader_free(rd);
	if (st != SP_OK) {
		CHECK(st == SP_EINVAL || st == SP_ERECORD, "replace: %s",
		    sp_strerror(st));
		CHECK(msg[0] != '\0', "replace failed without a message");
		CHECK(sp_kb_rows(kb, t) == before, "a failed replace changed "
		    "the table");
		sp_kb_free(kb);
		return 0;
	}
	CHECK(sp_kb_rows(kb, t) > 0, "a table without rows");
	for (form = 0; form <= 4; form++) {
		out = list_form(kb, t, lang, track, themes, form, &len);
		free(out);
	}

	/* The whole table, as -f all lists it, loads again unchanged. */
	all = list_form(kb, t, SP_LANG_EN, SP_TRACK_GOVERNMENT, 0, 0, &alen);
	rows = sp_kb_rows(kb, t);
	if ((rd = sp_reader_new()) == NULL)
		abort();
	sp_reader_set_delimiter(rd, ',');
	st = sp_reader_open_mem(rd, all, alen, "listed");
	CHECK(st == SP_OK, "listed table: %s", sp_strerror(st));
	st = sp_kb_replace(kb, t, rd, &line, msg, sizeof msg);
	CHECK(st == SP_OK, "the listed table does not load: line %lu: %s",
	    line, msg);
	sp_reader_free(rd);
	CHECK(sp_kb_rows(kb, t) == rows, "%zu rows, %zu after listing", rows,
	    sp_kb_rows(kb, t));
	again = list_form(kb, t, SP_LANG_EN, SP_TRACK_GOVERNMENT, 0, 0, &glen);
	if (glen != alen || memcmp(all, again, alen) != 0) {
		fprintf(stderr, "--- listed\n%.*s\n--- listed again\n%.*s\n",
		    (int)alen, all, (int)glen, again);
		CHECK(0, "the listed table lists differently");
	}
	free(all);
	free(again);
	sp_kb_free(kb);
	return 0;
}
