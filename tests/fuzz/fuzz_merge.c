/*
 * fuzz_merge.c - libFuzzer target: report --merge input.
 *
 * The input is read as a partial report (the output of samenspel-report
 * --partial, delimiter sniffed) and merged with sp_report_merge into a new
 * report; with an odd length it is merged a second time, as two partials
 * made with the same options. A failure must come with a message. After
 * a successful merge the report is written in every format, in English
 * and in Dutch; and its partial form is merged into another new report,
 * which must write the same partial bytes again.
 */
#define FUZZ_NAME "fuzz_merge"
#include "fuzz.h"

static const sp_kb *
kb(void)
{
	static sp_kb *k;

	if (k == NULL && sp_kb_builtin(&k) != SP_OK)
		abort();
	return k;
}

static int
null_fd(void)
{
	static int fd = -1;

	if (fd == -1 && (fd = open("/dev/null", O_WRONLY)) == -1)
		abort();
	return fd;
}

/* Merge a partial held in memory; SP_OK or why not. */
static sp_status
merge(sp_report *r, const void *p, size_t n, int delim)
{
	sp_reader *rd;
	sp_status st;

	if ((rd = sp_reader_new()) == NULL)
		abort();
	sp_reader_set_delimiter(rd, delim);
	st = sp_reader_open_mem(rd, p, n, "partial");
	if (st == SP_OK) {
		st = sp_report_merge(r, rd);
		if (st != SP_OK)
			CHECK(*sp_report_error(r) != '\0', "merge failed (%s) "
			    "without a message", sp_strerror(st));
	}
	sp_reader_free(rd);
	return st;
}

static char *
partial(const sp_report *r, size_t *len)
{
	int fd = scratch_fd(0);
	sp_writer *w;

	if ((w = sp_writer_new(fd)) == NULL)
		abort();
	CHECK(sp_report_write(r, SP_REPORT_PARTIAL, w) == SP_OK, "partial");
	CHECK(sp_writer_end(w) == SP_OK, "flush");
	sp_writer_free(w);
	return slurp(fd, len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const sp_report_format formats[] = {
		SP_REPORT_CSV, SP_REPORT_TABLE, SP_REPORT_MARKDOWN,
		SP_REPORT_JSON, SP_REPORT_HTML, SP_REPORT_PARTIAL
	};
	sp_report *r, *r2;
	sp_writer *w;
	sp_status st;
	size_t i, len1, len2;
	char *p1, *p2;
	int lang;

	if ((r = sp_report_new(kb())) == NULL)
		abort();
	st = merge(r, data, size, 0);
	if (st == SP_OK && (size & 1))
		CHECK((st = merge(r, data, size, 0)) == SP_OK, "a partial "
		    "merged once does not merge twice: %s",
		    sp_report_error(r));
	if (st != SP_OK) {
		sp_report_free(r);
		return 0;
	}
	for (lang = 0; lang < 2; lang++) {
		sp_report_set_lang(r, (sp_lang)lang);
		for (i = 0; i < sizeof formats / sizeof formats[0]; i++) {
			if ((w = sp_writer_new(null_fd())) == NULL)
				abort();
			CHECK(sp_report_write(r, formats[i], w) == SP_OK,
			    "write format %d", (int)formats[i]);
			CHECK(sp_writer_end(w) == SP_OK, "flush");
			sp_writer_free(w);
		}
	}

	/* Its partial form merges again to the same partial. */
	sp_report_set_lang(r, SP_LANG_EN);
	p1 = partial(r, &len1);
	if ((r2 = sp_report_new(kb())) == NULL)
		abort();
	st = merge(r2, p1, len1, ',');
	CHECK(st == SP_OK, "the written partial does not merge: %s: %s",
	    sp_strerror(st), sp_report_error(r2));
	p2 = partial(r2, &len2);
	if (len1 != len2 || memcmp(p1, p2, len1) != 0) {
		fprintf(stderr, "--- partial\n%.*s\n--- merged again\n%.*s\n",
		    (int)len1, p1, (int)len2, p2);
		CHECK(0, "the partial merges to a different partial");
	}
	free(p1);
	free(p2);
	sp_report_free(r2);
	sp_report_free(r);
	return 0;
}
