/*
 * fuzz_classify.c - libFuzzer target: the classifier over any register.
 *
 * The input is read as a register (delimiter sniffed), bound to fields
 * with sp_schema_new and to the built-in rules' classifier, and every
 * good record is classified and written as samenspel-classify writes it.
 * The rules and the classifier are built once, on the first call.
 *
 * Checked for each record: form 0-4, confidence 0-100, form 0 has
 * confidence 0, the reason is not empty, a form's score is the highest.
 * The output is read again: one row per classified record, every row as
 * long as the header, the input's values unchanged in the columns that
 * classify does not replace, and form, form_label, confidence and reason
 * as classified.
 *
 * The same records are then classified again in two worker threads
 * (sp_pool, with classifiers from sp_classifier_dup), and that output
 * must be the same bytes. The threads parse too: whole records are taken
 * raw (sp_reader_take) in chunks of a size the input chooses, and only
 * what cannot be taken is read record by record.
 *
 * The length of the input chooses the options: bit 0 the language (nl),
 * bit 1 the scores column, bit 2 a mapping of description to the last
 * column (as -m description=COLUMN).
 */
#define FUZZ_NAME "fuzz_classify"
#include "fuzz.h"
#include "internal.h"

/* What was read and classified, per record, to check the output by. */
struct row {
	size_t	 start;		/* its fields in `fields`: len, bytes, ... */
	size_t	 n;
	int	 form;
	int	 conf;
	size_t	 reason;	/* in `reasons`: len, bytes */
};

static sp_classifier *
classifier(void)
{
	static sp_rules *rules;
	static sp_classifier *c;

	if (c == NULL) {
		if (sp_rules_builtin(&rules) != SP_OK ||
		    (c = sp_classifier_new(rules)) == NULL)
			abort();
	}
	return c;
}

static int
same(const char *a, size_t alen, const void *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

/* Bad records are skipped, as the one-thread run skips them. */
static sp_status
skip_bad(void *ctx, void *tag, unsigned long line, const char *msg,
    const char *raw, size_t rawlen)
{
	(void)ctx;
	(void)tag;
	(void)line;
	(void)raw;
	(void)rawlen;
	CHECK(*msg != '\0', "a bad record without a message");
	return SP_OK;
}

static sp_status
classify_row(void *state, const sp_record *rec, sp_writer *w)
{
	sp_classifier *c = state;

	if (sp_classify(c, rec) != SP_OK)
		return SP_ENOMEM;
	return sp_classifier_write_row(c, rec, w);
}

/*
 * Classify data again in two worker threads, into scratch file 1; the
 * output must be what one thread wrote to fd.
 */
static void
check_threads(const uint8_t *data, size_t size, sp_classifier *c,
    const sp_schema *schema, int fd)
{
	sp_classifier *dup[2];
	void *states[2];
	const sp_record *rec;
	sp_reader *rd;
	sp_writer *w;
	sp_pool *pool;
	sp_status st;
	const char *chunk;
	size_t len, want = 1 + size % 251;
	unsigned long line;
	int fd2 = scratch_fd(1), k;

	if ((rd = sp_reader_new()) == NULL)
		abort();
	CHECK(sp_reader_open_mem(rd, data, size, "fuzz") == SP_OK,
	    "second open");
	if ((w = sp_writer_new(fd2)) == NULL)
		abort();
	sp_writer_set_delimiter(w, sp_reader_delimiter(rd));
	for (k = 0; k < 2; k++) {
		if ((dup[k] = sp_classifier_dup(c)) == NULL)
			abort();
		CHECK(sp_classifier_bind(dup[k], schema) == SP_OK, "bind dup");
		states[k] = dup[k];
	}
	CHECK(sp_classifier_write_header(dup[0], w) == SP_OK, "header");
	if ((pool = sp_pool_new(w, classify_row, states, 2)) == NULL)
		abort();
	sp_pool_set_bad(pool, skip_bad, NULL);
	for (;;) {
		CHECK(sp_reader_take(rd, want, &chunk, &len, &line) == SP_OK,
		    "take");
		if (len > 0) {
			CHECK(sp_pool_add_chunk(pool, rd, chunk, len, line,
			    NULL) == SP_OK, "pool add chunk");
			continue;
		}
		if ((st = sp_reader_next(rd, &rec)) == SP_EOF)
			break;
		if (st == SP_ERECORD)
			continue;
		CHECK(sp_pool_add(pool, rec) == SP_OK, "pool add");
	}
	CHECK(sp_pool_drain(pool) == SP_OK, "pool drain");
	sp_pool_free(pool);
	CHECK(sp_writer_end(w) == SP_OK, "flush threads");
	sp_writer_free(w);
	check_same_output(fd, fd2);
	for (k = 1; k >= 0; k--)
		sp_classifier_free(dup[k]);
	sp_reader_free(rd);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum { O_FORM, O_LABEL, O_CONF, O_REASON, O_SCORES, NOUT };
	static const char *const outname[NOUT] = {
		"form", "form_label", "confidence", "reason", "scores"
	};
	sp_classifier *c = classifier();
	sp_lang lang = (size & 1) ? SP_LANG_NL : SP_LANG_EN;
	int scores = (size & 2) != 0, write_scores;
	struct bytes fields = { 0 }, reasons = { 0 };
	struct row *rows = NULL;
	size_t nrows = 0, rowcap = 0, i, len, nin, nout, r;
	long outcol[NOUT], at[NOUT];
	const sp_record *h, *rec;
	sp_reader *rd, *rd2;
	sp_schema *schema;
	sp_writer *w;
	sp_status st;
	const char *v;
	char num[32];
	int fd, k, f;

	if ((rd = sp_reader_new()) == NULL)
		abort();
	if (sp_reader_open_mem(rd, data, size, "fuzz") != SP_OK) {
		sp_reader_free(rd);
		return 0;
	}
	h = sp_reader_header(rd);
	if ((schema = sp_schema_new(h)) == NULL)
		abort();
	if ((size & 4) && h->n > 1) {
		/* -m description=LAST; a name with a NUL cannot be given. */
		v = sp_record_field(h, h->n - 1, &len);
		st = sp_schema_map(schema, "description", v);
		CHECK(st == SP_OK || (st == SP_EHEADER && strlen(v) != len),
		    "map to an existing column: %s", sp_strerror(st));
	}
	sp_classifier_set_lang(c, lang);
	sp_classifier_set_scores(c, scores);
	if ((st = sp_classifier_bind(c, schema)) != SP_OK) {
		CHECK(st == SP_EHEADER, "bind: %s", sp_strerror(st));
		CHECK(*sp_classifier_error(c) != '\0', "bind: no message");
		sp_schema_free(schema);
		sp_reader_free(rd);
		return 0;
	}

	/* Where the output columns go: replaced in place, or appended. */
	nin = h->n;
	nout = nin;
	for (k = 0; k < NOUT; k++)
		outcol[k] = sp_header_find(h, outname[k]);
	write_scores = scores || outcol[O_SCORES] >= 0;
	for (k = 0; k < NOUT; k++) {
		at[k] = outcol[k];
		if (at[k] < 0 && (k != O_SCORES || write_scores))
			at[k] = (long)nout++;
	}

	fd = scratch_fd(0);
	if ((w = sp_writer_new(fd)) == NULL)
		abort();
	sp_writer_set_delimiter(w, sp_reader_delimiter(rd));
	CHECK(sp_classifier_write_header(c, w) == SP_OK, "write header");
	while ((st = sp_reader_next(rd, &rec)) != SP_EOF) {
		if (st == SP_ERECORD)
			continue;
		CHECK(st == SP_OK, "next: %s", sp_strerror(st));
		CHECK(sp_classify(c, rec) == SP_OK, "classify failed");
		check_classified(c);
		f = sp_classifier_form(c);
		k = sp_classifier_confidence(c);
		v = sp_classifier_reason(c);
		if (f > 0 && k < 100) {
			/* Not manual: the form has the highest score. */
			int g;

			for (g = 1; g <= 4; g++)
				CHECK(g == f || sp_classifier_score(c, g) <
				    sp_classifier_score(c, f),
				    "form %d but score of %d is higher", f, g);
		}
		CHECK(sp_classifier_write_row(c, rec, w) == SP_OK,
		    "write row");
		if (nrows == rowcap) {
			rowcap = rowcap ? rowcap * 2 : 64;
			if ((rows = realloc(rows, rowcap * sizeof *rows)) ==
			    NULL)
				abort();
		}
		rows[nrows].start = fields.len;
		rows[nrows].n = rec->n;
		rows[nrows].form = f;
		rows[nrows].conf = k;
		rows[nrows].reason = reasons.len;
		len = strlen(v);
		bytes_add(&reasons, &len, sizeof len);
		bytes_add(&reasons, v, len);
		for (i = 0; i < rec->n; i++) {
			v = sp_record_field(rec, i, &len);
			bytes_add(&fields, &len, sizeof len);
			bytes_add(&fields, v, len);
		}
		nrows++;
	}
	CHECK(sp_writer_end(w) == SP_OK, "flush");
	sp_writer_free(w);

	/* Read the output again. */
	if (lseek(fd, 0, SEEK_SET) == -1 || (rd2 = sp_reader_new()) == NULL)
		abort();
	sp_reader_set_delimiter(rd2, sp_reader_delimiter(rd));
	st = sp_reader_open_fd(rd2, fd, "output");
	CHECK(st == SP_OK, "output header: %s: %s", sp_strerror(st),
	    sp_reader_error(rd2, NULL, NULL, NULL));
	CHECK(sp_reader_header(rd2)->n == nout, "output header has %zu "
	    "columns, not %zu", sp_reader_header(rd2)->n, nout);
	for (r = 0; (st = sp_reader_next(rd2, &rec)) == SP_OK; r++) {
		const unsigned char *p;
		size_t flen;

		CHECK(r < nrows, "more output rows than input rows");
		p = fields.p + rows[r].start;
		for (i = 0; i < rows[r].n; i++) {
			memcpy(&flen, p, sizeof flen);
			p += sizeof flen;
			v = sp_record_field(rec, i, &len);
			for (k = 0; k < NOUT; k++)
				if (outcol[k] == (long)i)
					break;
			CHECK(k < NOUT || same(v, len, p, flen),
			    "row %zu column %zu changed", r + 1, i + 1);
			p += flen;
		}
		num[0] = (char)('0' + rows[r].form);
		v = sp_record_field(rec, (size_t)at[O_FORM], &len);
		CHECK(same(v, len, num, 1), "row %zu: form", r + 1);
		v = sp_record_field(rec, (size_t)at[O_LABEL], &len);
		CHECK(same(v, len, sp_form_label(rows[r].form, lang),
		    strlen(sp_form_label(rows[r].form, lang))),
		    "row %zu: form_label", r + 1);
		snprintf(num, sizeof num, "%d.%02d", rows[r].conf / 100,
		    rows[r].conf % 100);
		v = sp_record_field(rec, (size_t)at[O_CONF], &len);
		CHECK(same(v, len, num, strlen(num)), "row %zu: confidence "
		    "'%s', not '%s'", r + 1, v, num);
		p = reasons.p + rows[r].reason;
		memcpy(&flen, p, sizeof flen);
		v = sp_record_field(rec, (size_t)at[O_REASON], &len);
		CHECK(same(v, len, p + sizeof flen, flen), "row %zu: reason",
		    r + 1);
	}
	CHECK(st == SP_EOF, "output row %zu: %s: %s", r + 1, sp_strerror(st),
	    sp_reader_error(rd2, NULL, NULL, NULL));
	CHECK(r == nrows, "%zu output rows for %zu input rows", r, nrows);
	check_threads(data, size, c, schema, fd);

	sp_reader_free(rd2);
	free(rows);
	free(fields.p);
	free(reasons.p);
	sp_schema_free(schema);
	sp_reader_free(rd);
	return 0;
}
