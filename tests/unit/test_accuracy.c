/*
 * test_accuracy.c - classify labelled registers with the built-in rules
 * and compare with the right answers.
 *
 * The column expected_form holds the right form, kind the kind of row
 * (note-example, structured, text, protest, ...). Prints the accuracy,
 * the counts per kind and a line per miss.
 *
 * tests/data/labelled.csv, the examples of the note and rows made to show
 * one kind of evidence each: fails below 95% right, or when any row of
 * kind "structured" (evidence in the structured columns only) is wrong.
 *
 * tests/data/written.csv, rows written from the note's definitions as
 * clerks write them (a name, the parties, a description that tells what
 * happens, seldom in the note's own words): fails below 88% right.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "samenspel.h"

#define LABELLED	"tests/data/labelled.csv"
#define WRITTEN		"tests/data/written.csv"
#define MAXKINDS	32

struct kind {
	char	name[64];
	size_t	rows;
	size_t	right;
};

/* The column named exactly `name`, or -1. */
static long
column(const sp_record *h, const char *name)
{
	size_t i, len;
	const char *v;

	for (i = 0; i < sp_record_count(h); i++) {
		v = sp_record_field(h, i, &len);
		if (len == strlen(name) && memcmp(v, name, len) == 0)
			return (long)i;
	}
	return -1;
}

static struct kind *
kind_of(struct kind *kinds, size_t *nkinds, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < *nkinds; i++)
		if (strlen(kinds[i].name) == len &&
		    memcmp(kinds[i].name, name, len) == 0)
			return &kinds[i];
	assert_true(*nkinds < MAXKINDS);
	assert_true(len < sizeof kinds[0].name);
	memcpy(kinds[*nkinds].name, name, len);
	kinds[*nkinds].name[len] = '\0';
	kinds[*nkinds].rows = kinds[*nkinds].right = 0;
	return &kinds[(*nkinds)++];
}

/*
 * Classify path; fail below min_percent right, on a wrong row of kind
 * structured, or, with need_structured, when there is no such row.
 */
static void
check_register(const char *path, unsigned min_percent, int need_structured)
{
	struct kind kinds[MAXKINDS];
	size_t nkinds = 0, rows = 0, right = 0, structured_wrong = 0, i, len;
	const sp_record *h, *rec;
	sp_rules *rules = NULL;
	sp_reader *rd;
	sp_schema *schema;
	sp_classifier *c;
	long col_expected, col_kind, col_id;
	const char *v, *id;
	size_t idlen;
	sp_status st;
	int fd, expected, got;
	struct kind *k;

	assert_int_equal(sp_rules_builtin(&rules), SP_OK);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		fail_msg("cannot open %s (run from the repository root)",
		    path);
	rd = sp_reader_new();
	assert_non_null(rd);
	assert_int_equal(sp_reader_open_fd(rd, fd, path), SP_OK);
	h = sp_reader_header(rd);
	col_expected = column(h, "expected_form");
	col_kind = column(h, "kind");
	col_id = column(h, "id");
	assert_true(col_expected >= 0);
	assert_true(col_kind >= 0);
	assert_true(col_id >= 0);
	schema = sp_schema_new(h);
	assert_non_null(schema);
	c = sp_classifier_new(rules);
	assert_non_null(c);
	sp_classifier_set_lang(c, SP_LANG_EN);
	assert_int_equal(sp_classifier_bind(c, schema), SP_OK);

	while ((st = sp_reader_next(rd, &rec)) == SP_OK) {
		v = sp_record_field(rec, (size_t)col_expected, &len);
		if (len != 1 || v[0] < '0' || v[0] > '4')
			fail_msg("%s:%lu: expected_form \"%s\" is not 0-4",
			    path, sp_record_line(rec), v);
		expected = v[0] - '0';
		v = sp_record_field(rec, (size_t)col_kind, &len);
		k = kind_of(kinds, &nkinds, v, len);

		assert_int_equal(sp_classify(c, rec), SP_OK);
		got = sp_classifier_form(c);
		rows++;
		k->rows++;
		if (got == expected) {
			right++;
			k->right++;
			continue;
		}
		if (strcmp(k->name, "structured") == 0)
			structured_wrong++;
		id = sp_record_field(rec, (size_t)col_id, &idlen);
		printf("miss: %.*s (line %lu, %s): expected %d, got %d "
		    "(confidence %d.%02d): %s\n", (int)idlen, id,
		    sp_record_line(rec), k->name, expected, got,
		    sp_classifier_confidence(c) / 100,
		    sp_classifier_confidence(c) % 100, sp_classifier_reason(c));
	}
	if (st != SP_EOF) {
		unsigned long line;
		const char *msg = sp_reader_error(rd, &line, NULL, NULL);

		fail_msg("%s:%lu: %s", path, line, msg);
	}

	for (i = 0; i < nkinds; i++)
		printf("kind %-14s %3zu rows, %3zu right, %3zu wrong\n",
		    kinds[i].name, kinds[i].rows, kinds[i].right,
		    kinds[i].rows - kinds[i].right);
	printf("accuracy: %s: %zu of %zu rows right (%.1f%%), %zu wrong; "
	    "at least %u%% needed\n", path, right, rows,
	    rows > 0 ? 100.0 * (double)right / (double)rows : 0.0,
	    rows - right, min_percent);

	sp_classifier_free(c);
	sp_schema_free(schema);
	sp_reader_free(rd);
	sp_rules_free(rules);
	close(fd);

	assert_true(rows > 0);
	if (right * 100 < rows * min_percent)
		fail_msg("%s: accuracy %zu/%zu is below %u%%", path, right,
		    rows, min_percent);
	if (structured_wrong > 0)
		fail_msg("%zu row(s) of kind structured wrong", structured_wrong);
	/* Every kind of row is there to be counted. */
	for (i = 0; i < nkinds; i++)
		if (strcmp(kinds[i].name, "structured") == 0)
			break;
	if (need_structured && i == nkinds)
		fail_msg("no row of kind structured in %s", path);
}

static void
test_labelled_register(void **state)
{
	(void)state;
	check_register(LABELLED, 95, 1);
}

static void
test_written_register(void **state)
{
	(void)state;
	check_register(WRITTEN, 88, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_labelled_register),
		cmocka_unit_test(test_written_register),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
