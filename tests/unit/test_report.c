/*
 * test_report.c - samenspel-report's library side: the dates it reads,
 * and counting through the public API (sp_report_*) over small classified
 * registers held in memory: counts, shares, mean confidence, rows to
 * review, groups, year(date), transitions, the errors of binding and
 * grouping; and the split/merge property: partial reports of the parts of
 * a register, merged, give the same bytes as one report of the whole, in
 * every format.
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
#include "report.h"		/* sp_date_parse */

#define S(lit)	(lit), (sizeof(lit) - 1)

/* The form labels in English, as the csv format writes them. */
#define L0	"undetermined"
#define L1	"public participation in government plans"
#define L2	"societal initiative"
#define L3	"collaboration between society and government"
#define L4	"societal initiative in response to government plans"

static sp_kb *kb;

static int
setup(void **state)
{
	(void)state;
	return sp_kb_builtin(&kb) == SP_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	sp_kb_free(kb);
	return 0;
}

/* ------------------------------------------------------------------ */
/* sp_date_parse                                                       */

static long
date(const char *s)
{
	return sp_date_parse(s, strlen(s));
}

static void
test_date_valid(void **state)
{
	(void)state;
	assert_int_equal(date("2024-03-01"), 20240301);
	assert_int_equal(date("01-03-2024"), 20240301);
	assert_int_equal(date("1-3-2024"), 20240301);
	assert_int_equal(date("2024-04-12T09:30:00+02:00"), 20240412);
	assert_int_equal(date("01/03/2024"), 20240301);
	assert_int_equal(date("1.3.2024"), 20240301);
	assert_int_equal(date("31-12-1999"), 19991231);
	/* A leap day in a leap year, also in the year 2000. */
	assert_int_equal(date("29-02-2024"), 20240229);
	assert_int_equal(date("2000-02-29"), 20000229);
	/* The length counts, not the NUL. */
	assert_int_equal(sp_date_parse("2024-03-01 and more", 10), 20240301);
	/* Months by name, Dutch or English, as spreadsheets show them. */
	assert_int_equal(date("1 februari 2022"), 20220201);
	assert_int_equal(date("1 feb. 2022"), 20220201);
	assert_int_equal(date("01-feb-2022"), 20220201);
	assert_int_equal(date("1-MRT-2024"), 20240301);
	assert_int_equal(date("15 March 2023"), 20230315);
	assert_int_equal(date(" 3 sept 2021"), 20210903);
	assert_int_equal(date("31 okt 2020 10:00"), 20201031);
	assert_int_equal(date("29 feb 2024"), 20240229);
	assert_int_equal(date("9 mei 2019"), 20190509);
}

static void
test_date_invalid(void **state)
{
	static const char *const bad[] = {
		"2024-02-30", "29-02-2023", "32-01-2024", "2024-13-01",
		"", "2024", "maart 2024", "1-3-24", "1900-02-29",
		"00-01-2024", "2024-00-10", "2024-03", "2024--03-01",
		"2024-03-01x", "12024-03-01", "1-3-2024-5", "abc",
		"0024-03-01", "31 februari 2024", "1 foo 2024", "1 feb 24",
		"feb 2024", "1febr 2024", "1 feb 2024x", "29 feb 2023",
		"123 mei 2019", "1 mei-2019-", "1 .mei 2019"
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (date(bad[i]) != 0)
			fail_msg("sp_date_parse(\"%s\") = %ld, want 0", bad[i],
			    date(bad[i]));
	}
}

/* ------------------------------------------------------------------ */
/* Helpers: a report over a register in memory, its output as a string */

struct opts {
	const char	*by[4];		/* sp_report_group_by calls */
	int		 threshold;	/* 0: the default (50) */
	size_t		 limit;		/* with threshold set */
	int		 transitions;
	sp_lang		 lang;
};

struct run {
	sp_reader	*rd;
	sp_schema	*schema;
	sp_report	*r;
};

static void
configure(sp_report *r, const struct opts *o)
{
	size_t i;

	sp_report_set_lang(r, o->lang);
	if (o->threshold > 0)
		sp_report_set_review(r, o->threshold, o->limit);
	for (i = 0; i < 4 && o->by[i] != NULL; i++)
		assert_int_equal(sp_report_group_by(r, o->by[i]), SP_OK);
	sp_report_set_transitions(r, o->transitions);
}

/* Open a register, bind a report with the options; no rows counted yet. */
static sp_status
run_bind(struct run *run, const char *csv, size_t len, const struct opts *o)
{
	run->rd = sp_reader_new();
	assert_non_null(run->rd);
	assert_int_equal(sp_reader_open_mem(run->rd, csv, len, "mem"), SP_OK);
	run->schema = sp_schema_new(sp_reader_header(run->rd));
	assert_non_null(run->schema);
	run->r = sp_report_new(kb);
	assert_non_null(run->r);
	configure(run->r, o);
	return sp_report_bind(run->r, run->schema);
}

/* A report of a whole register. */
static void
run_open(struct run *run, const char *csv, size_t len, const struct opts *o)
{
	const sp_record *rec;
	sp_status st;

	assert_int_equal(run_bind(run, csv, len, o), SP_OK);
	while ((st = sp_reader_next(run->rd, &rec)) == SP_OK)
		assert_int_equal(sp_report_add(run->r, rec), SP_OK);
	assert_int_equal(st, SP_EOF);
}

static void
run_close(struct run *run)
{
	sp_report_free(run->r);
	sp_schema_free(run->schema);
	sp_reader_free(run->rd);
	memset(run, 0, sizeof *run);
}

/* Write a report in a format into a temporary file; return the bytes. */
static char *
write_report(const sp_report *r, sp_report_format f, int decimal,
    size_t *lenp)
{
	char path[] = "/tmp/test_report.XXXXXX";
	sp_writer *w;
	off_t size;
	char *p;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(unlink(path), 0);
	w = sp_writer_new(fd);
	assert_non_null(w);
	if (decimal != 0)
		sp_writer_set_decimal(w, decimal);
	assert_int_equal(sp_report_write(r, f, w), SP_OK);
	assert_int_equal(sp_writer_end(w), SP_OK);
	sp_writer_free(w);
	size = lseek(fd, 0, SEEK_END);
	assert_true(size >= 0);
	p = malloc((size_t)size + 1);
	assert_non_null(p);
	assert_int_equal(pread(fd, p, (size_t)size, 0), (ssize_t)size);
	p[size] = '\0';
	close(fd);
	if (lenp != NULL)
		*lenp = (size_t)size;
	return p;
}

/* The csv report of a register with options. */
static char *
csv_of(const char *csv, const struct opts *o)
{
	struct run run;
	char *out;

	run_open(&run, csv, strlen(csv), o);
	out = write_report(run.r, SP_REPORT_CSV, 0, NULL);
	run_close(&run);
	return out;
}

/* Does the output hold this line (whole, without its newline)? */
static int
has_line(const char *out, const char *line)
{
	size_t n = strlen(line);
	const char *p = out;

	while ((p = strstr(p, line)) != NULL) {
		if ((p == out || p[-1] == '\n') && (p[n] == '\n' ||
		    p[n] == '\r' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

#define assert_line(out, line) do {					\
	if (!has_line((out), (line)))					\
		fail_msg("no line \"%s\" in:\n%s", (line), (out));	\
} while (0)

#define assert_no_line(out, line) do {					\
	if (has_line((out), (line)))					\
		fail_msg("unexpected line \"%s\" in:\n%s", (line), (out)); \
} while (0)

/* How many lines start with prefix. */
static int
count_lines(const char *out, const char *prefix)
{
	size_t n = strlen(prefix);
	const char *p = out;
	int k = 0;

	while (*p != '\0') {
		if (strncmp(p, prefix, n) == 0)
			k++;
		if ((p = strchr(p, '\n')) == NULL)
			break;
		p++;
	}
	return k;
}

#define HEADER	"section,form,form_label,count,share,mean_confidence,review," \
		"id,name,confidence,reason,from,to"

/* ------------------------------------------------------------------ */
/* Counts, shares, mean confidence                                     */

static void
test_counts_and_shares(void **state)
{
	/* 8 rows: form 1 once, form 2 three times, form 3 four times. */
	static const char csv[] =
	    "id,name,form,confidence\n"
	    "1,a,1,0.90\n"
	    "2,b,2,0.80\n"
	    "3,c,2,0.80\n"
	    "4,d,2,0.80\n"
	    "5,e,3,0.70\n"
	    "6,f,3,0.70\n"
	    "7,g,3,0.70\n"
	    "8,h,3,0.70\n";
	struct opts o = { 0 };
	struct run run;
	char *out;

	(void)state;
	out = csv_of(csv, &o);
	/* Shares of 8 rows: 1/8 = 12.5% and 3/8 = 37.5% round half up. */
	assert_string_equal(out, HEADER "\n"
	    "form,0," L0 ",0,0.00,,0,,,,,,\n"
	    "form,1," L1 ",1,0.13,0.90,0,,,,,,\n"
	    "form,2," L2 ",3,0.38,0.80,0,,,,,,\n"
	    "form,3," L3 ",4,0.50,0.70,0,,,,,,\n"
	    "form,4," L4 ",0,0.00,,0,,,,,,\n");
	free(out);

	run_open(&run, S(csv), &o);
	assert_int_equal(sp_report_rows(run.r), 8);
	assert_int_equal(sp_report_bad_forms(run.r), 0);
	/* The same numbers as percentages in the text formats, and JSON. */
	out = write_report(run.r, SP_REPORT_TABLE, 0, NULL);
	assert_non_null(strstr(out, "Samenspel report: 8 rows\n"));
	assert_non_null(strstr(out, "13%"));
	assert_non_null(strstr(out, "38%"));
	assert_non_null(strstr(out, "50%"));
	assert_non_null(strstr(out, "100%"));
	/* Most frequent first; ties by form number. */
	assert_non_null(strstr(out, "In this register form 3 is the most "
	    "frequent (4), then 2 (3), 1 (1) and 4 (0); the ministry has most "
	    "experience with form 1, then 4, 3 and 2 (Appendix 1, "
	    "Table 1)."));
	free(out);
	out = write_report(run.r, SP_REPORT_JSON, 0, NULL);
	assert_non_null(strstr(out, "\"rows\": 8,"));
	assert_non_null(strstr(out, "{\"form\": 1, \"label\": \"" L1 "\", "
	    "\"count\": 1, \"share\": 0.13, \"mean_confidence\": 0.90, "
	    "\"review\": 0}"));
	assert_non_null(strstr(out, "{\"form\": 4, \"label\": \"" L4 "\", "
	    "\"count\": 0, \"share\": 0.00, \"mean_confidence\": null, "
	    "\"review\": 0}"));
	free(out);
	/* A decimal comma where the writer asks for one (--excel). */
	out = write_report(run.r, SP_REPORT_CSV, ',', NULL);
	assert_line(out, "form,1," L1 ",1,\"0,13\",\"0,90\",0,,,,,,");
	free(out);
	run_close(&run);
}

static void
test_shares_round_half_up(void **state)
{
	/* 40 rows: 3 of form 0 (7.5%), 7 of form 3 (17.5%), 30 of form 1. */
	char csv[2048];
	size_t n;
	int i;
	struct opts o = { 0 };
	char *out;

	(void)state;
	n = (size_t)snprintf(csv, sizeof csv, "id,form\n");
	for (i = 0; i < 40; i++)
		n += (size_t)snprintf(csv + n, sizeof csv - n, "%d,%d\n", i,
		    i < 3 ? 0 : i < 10 ? 3 : 1);
	out = csv_of(csv, &o);
	assert_line(out, "form,0," L0 ",3,0.08,,3,,,,,,");
	assert_line(out, "form,3," L3 ",7,0.18,,0,,,,,,");
	assert_line(out, "form,1," L1 ",30,0.75,,0,,,,,,");
	free(out);
}

static void
test_mean_confidence(void **state)
{
	/*
	 * Form 1: 0.85 (decimal comma) and 0.86: 85.5 hundredths, rounded
	 * half up to 0.86. Form 2: 1, .5 and a value that is no number
	 * (not counted in the mean). Form 3: 0.33, 0.33, 0.34: 0.3333.
	 */
	static const char csv[] =
	    "id,name,form,confidence\n"
	    "1,a,1,\"0,85\"\n"
	    "2,b,1,0.86\n"
	    "3,c,2,1\n"
	    "4,d,2,.5\n"
	    "5,e,2,abc\n"
	    "6,f,3,0.33\n"
	    "7,g,3,0.33\n"
	    "8,h,3, 0.34 \n";
	struct opts o = { 0 };
	char *out;

	(void)state;
	out = csv_of(csv, &o);
	assert_line(out, "form,1," L1 ",2,0.25,0.86,0,,,,,,");
	assert_line(out, "form,2," L2 ",3,0.38,0.75,0,,,,,,");
	/* Below 0.50: all three to review. */
	assert_line(out, "form,3," L3 ",3,0.38,0.33,3,,,,,,");
	free(out);
}

static void
test_mean_confidence_total(void **state)
{
	/* The total row's mean is over all rows with a confidence. */
	static const char csv[] =
	    "id,form,confidence\n"
	    "1,1,0.90\n"
	    "2,2,0.81\n"
	    "3,0,0.00\n"
	    "4,2,\n";
	struct opts o = { 0 };
	struct run run;
	char *out;

	(void)state;
	run_open(&run, S(csv), &o);
	out = write_report(run.r, SP_REPORT_MARKDOWN, 0, NULL);
	/* (90 + 81 + 0) / 3 = 57. */
	assert_non_null(strstr(out, "| total |  | 4 | 100% | 0.57 | 1 |\n"));
	assert_non_null(strstr(out, "| 2 | " L2 " | 2 | 50% | 0.81 | 0 |\n"));
	free(out);
	run_close(&run);
}

static void
test_comparison_sentence(void **state)
{
	/* 1 > 4 > 3 > 2: the order of the note's experience (Tabel 1). */
	static const char same[] =
	    "id,form\n1,1\n2,1\n3,1\n4,1\n5,4\n6,4\n7,4\n8,3\n9,3\n10,2\n"
	    "11,0\n12,0\n13,0\n14,0\n15,0\n";
	static const char none[] = "id,form\n1,0\n2,\n";
	struct opts en = { 0 }, nl = { .lang = SP_LANG_NL };
	struct run run;
	char *out;

	(void)state;
	run_open(&run, S(same), &en);
	out = write_report(run.r, SP_REPORT_TABLE, 0, NULL);
	/* Form 0 is left out of the comparison. */
	assert_non_null(strstr(out, "\nIn this register form 1 is the most "
	    "frequent (4), then 4 (3), 3 (2) and 2 (1); that is the order of "
	    "the ministry's experience with the forms (Appendix 1, "
	    "Table 1).\n"));
	free(out);
	run_close(&run);
	run_open(&run, S(same), &nl);
	out = write_report(run.r, SP_REPORT_HTML, 0, NULL);
	assert_non_null(strstr(out, "<p>In dit register komt vorm 1 het vaakst "
	    "voor (4), dan 4 (3), 3 (2) en 2 (1); dat is de volgorde van de "
	    "ervaring die het ministerie met de vormen heeft (Bijlage 1, "
	    "Tabel 1).</p>"));
	free(out);
	run_close(&run);
	run_open(&run, S(none), &en);
	out = write_report(run.r, SP_REPORT_MARKDOWN, 0, NULL);
	assert_non_null(strstr(out, "\nNo row has a form 1-4.\n"));
	free(out);
	run_close(&run);
}

/* ------------------------------------------------------------------ */
/* Rows to review                                                      */

static const char review_csv[] =
    "id,name,form,confidence,reason\n"
    "1,one,1,0.49,low\n"
    "2,two,1,0.50,at the threshold\n"
    "3,three,0,0.90,form 0 with a confidence\n"
    "4,four,0,,form 0 without one\n"
    "5,five,2,0.85,fine\n"
    "6,six,3,0.10,very low\n"
    "7,seven,4,,no confidence\n";

static void
test_review_default(void **state)
{
	struct opts o = { 0 };
	char *out;

	(void)state;
	out = csv_of(review_csv, &o);
	/* Below 0.50 (not at it), and every row of form 0. */
	assert_line(out, "form,0," L0 ",2,0.29,0.90,2,,,,,,");
	assert_line(out, "form,1," L1 ",2,0.29,0.50,1,,,,,,");
	assert_line(out, "form,2," L2 ",1,0.14,0.85,0,,,,,,");
	assert_line(out, "form,3," L3 ",1,0.14,0.10,1,,,,,,");
	assert_line(out, "form,4," L4 ",1,0.14,,0,,,,,,");
	/* Listed in input order, with id, name, confidence and reason. */
	assert_non_null(strstr(out,
	    "review,1," L1 ",,,,,1,one,0.49,low,,\n"
	    "review,0," L0 ",,,,,3,three,0.90,form 0 with a confidence,,\n"
	    "review,0," L0 ",,,,,4,four,,form 0 without one,,\n"
	    "review,3," L3 ",,,,,6,six,0.10,very low,,\n"));
	assert_int_equal(count_lines(out, "review,"), 4);
	free(out);
}

static void
test_review_threshold(void **state)
{
	struct opts o = { .threshold = 90, .limit = 50 };
	struct run run;
	char *out;

	(void)state;
	out = csv_of(review_csv, &o);
	/* Below 0.90: 0.49, 0.50, 0.85, 0.10; form 0 always. */
	assert_line(out, "form,1," L1 ",2,0.29,0.50,2,,,,,,");
	assert_line(out, "form,2," L2 ",1,0.14,0.85,1,,,,,,");
	assert_line(out, "form,0," L0 ",2,0.29,0.90,2,,,,,,");
	assert_int_equal(count_lines(out, "review,"), 6);
	free(out);

	/* The threshold shows in the text formats and JSON. */
	run_open(&run, S(review_csv), &o);
	out = write_report(run.r, SP_REPORT_TABLE, 0, NULL);
	assert_non_null(strstr(out, "Rows to review: 6 (form 0, or confidence "
	    "below 0.90)\n"));
	free(out);
	out = write_report(run.r, SP_REPORT_JSON, 0, NULL);
	assert_non_null(strstr(out, "\"review_below\": 0.90,"));
	assert_non_null(strstr(out, "\"review\": {\"count\": 6, "));
	free(out);
	run_close(&run);
}

static void
test_review_limit(void **state)
{
	struct opts two = { .threshold = 50, .limit = 2 };
	struct opts none = { .threshold = 50, .limit = 0 };
	struct run run;
	char *out;

	(void)state;
	/* All four counted, the first two listed. */
	out = csv_of(review_csv, &two);
	assert_line(out, "form,0," L0 ",2,0.29,0.90,2,,,,,,");
	assert_line(out, "form,3," L3 ",1,0.14,0.10,1,,,,,,");
	assert_int_equal(count_lines(out, "review,"), 2);
	assert_line(out, "review,1," L1 ",,,,,1,one,0.49,low,,");
	assert_line(out, "review,0," L0 ",,,,,3,three,0.90,"
	    "form 0 with a confidence,,");
	free(out);

	out = csv_of(review_csv, &none);
	assert_int_equal(count_lines(out, "review,"), 0);
	assert_line(out, "form,1," L1 ",2,0.29,0.50,1,,,,,,");
	free(out);

	run_open(&run, S(review_csv), &none);
	out = write_report(run.r, SP_REPORT_JSON, 0, NULL);
	assert_non_null(strstr(out, "\"review\": {\"count\": 4, \"listed\": "
	    "[]}"));
	free(out);
	run_close(&run);
}

static void
test_bad_forms(void **state)
{
	static const char csv[] =
	    "id,form,confidence\n"
	    "1,5,0.90\n"
	    "2,x,0.90\n"
	    "3,,0.90\n"
	    "4, 2 ,0.90\n"
	    "5,12,0.90\n"
	    "6,-1,0.90\n";
	struct opts o = { 0 };
	struct run run;
	char *out;

	(void)state;
	run_open(&run, S(csv), &o);
	/* 5, x, 12 and -1 are no forms; empty is form 0 without a note. */
	assert_int_equal(sp_report_rows(run.r), 6);
	assert_int_equal(sp_report_bad_forms(run.r), 4);
	out = write_report(run.r, SP_REPORT_CSV, 0, NULL);
	assert_line(out, "form,0," L0 ",5,0.83,0.90,5,,,,,,");
	assert_line(out, "form,2," L2 ",1,0.17,0.90,0,,,,,,");
	free(out);
	run_close(&run);
}

/* ------------------------------------------------------------------ */
/* Groups                                                              */

static const char group_csv[] =
    "id,name,eigenaar,rol_overheid,form,confidence,datum\n"
    "1,a,gemeente,regisseren,1,0.80,2024-03-01\n"
    "2,b,bewoners,faciliteren,2,0.90,01-03-2023\n"
    "3,c,gemeente,partner,3,0.70,1-3-2024\n"
    "4,d,,,0,0.00,2024-02-30\n"
    "5,e,bewoners,faciliteren,2,0.60,2025-01-02T10:00:00\n"
    "6,f,gemeente,regisseren,1,0.40,\n";

static void
test_group_one_column(void **state)
{
	struct opts o = { .by = { "eigenaar" } };
	char *out;

	(void)state;
	out = csv_of(group_csv, &o);
	/*
	 * The whole register first, then the groups in byte order of their
	 * values, the empty one first.
	 */
	assert_string_equal(out,
	    "section,eigenaar,form,form_label,count,share,mean_confidence,"
	    "review,id,name,confidence,reason,from,to\n"
	    "total,,0," L0 ",1,0.17,0.00,1,,,,,,\n"
	    "total,,1," L1 ",2,0.33,0.60,1,,,,,,\n"
	    "total,,2," L2 ",2,0.33,0.75,0,,,,,,\n"
	    "total,,3," L3 ",1,0.17,0.70,0,,,,,,\n"
	    "total,,4," L4 ",0,0.00,,0,,,,,,\n"
	    "form,,0," L0 ",1,1.00,0.00,1,,,,,,\n"
	    "form,,1," L1 ",0,0.00,,0,,,,,,\n"
	    "form,,2," L2 ",0,0.00,,0,,,,,,\n"
	    "form,,3," L3 ",0,0.00,,0,,,,,,\n"
	    "form,,4," L4 ",0,0.00,,0,,,,,,\n"
	    "form,bewoners,0," L0 ",0,0.00,,0,,,,,,\n"
	    "form,bewoners,1," L1 ",0,0.00,,0,,,,,,\n"
	    "form,bewoners,2," L2 ",2,1.00,0.75,0,,,,,,\n"
	    "form,bewoners,3," L3 ",0,0.00,,0,,,,,,\n"
	    "form,bewoners,4," L4 ",0,0.00,,0,,,,,,\n"
	    "form,gemeente,0," L0 ",0,0.00,,0,,,,,,\n"
	    "form,gemeente,1," L1 ",2,0.67,0.60,1,,,,,,\n"
	    "form,gemeente,2," L2 ",0,0.00,,0,,,,,,\n"
	    "form,gemeente,3," L3 ",1,0.33,0.70,0,,,,,,\n"
	    "form,gemeente,4," L4 ",0,0.00,,0,,,,,,\n"
	    "review,,0," L0 ",,,,,4,d,0.00,,,\n"
	    "review,,1," L1 ",,,,,6,f,0.40,,,\n");
	free(out);
}

static void
test_group_two_columns(void **state)
{
	struct opts comma = { .by = { "eigenaar,rol_overheid" } };
	struct opts twice = { .by = { "eigenaar", "rol_overheid" } };
	struct opts spaces = { .by = { " eigenaar , rol_overheid " } };
	char *a, *b, *c;

	(void)state;
	a = csv_of(group_csv, &comma);
	b = csv_of(group_csv, &twice);
	c = csv_of(group_csv, &spaces);
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	assert_line(a, "section,eigenaar,rol_overheid,form,form_label,count,"
	    "share,mean_confidence,review,id,name,confidence,reason,from,to");
	assert_line(a, "form,gemeente,regisseren,1," L1 ",2,1.00,0.60,1,,,,,,");
	assert_line(a, "form,gemeente,partner,3," L3 ",1,1.00,0.70,0,,,,,,");
	assert_line(a, "form,bewoners,faciliteren,2," L2 ",2,1.00,0.75,0,,,,,,");
	/* 4 groups of 5 rows each: (empty), bewoners, gemeente x 2. */
	assert_int_equal(count_lines(a, "form,"), 20);
	/* (bewoners, ...) < (gemeente, partner) < (gemeente, regisseren). */
	assert_true(strstr(a, "form,bewoners,faciliteren,0") <
	    strstr(a, "form,gemeente,partner,0"));
	assert_true(strstr(a, "form,gemeente,partner,0") <
	    strstr(a, "form,gemeente,regisseren,0"));
	free(a);
	free(b);
	free(c);
}

static void
test_group_year(void **state)
{
	struct opts o = { .by = { "year(datum)" } };
	struct opts alias = { .by = { "year(date)" } };
	struct run run;
	char *out, *out2;

	(void)state;
	out = csv_of(group_csv, &o);
	/* 2024-02-30 is no date and row 6 has none: the empty group. */
	assert_line(out, "section,year(datum),form,form_label,count,share,"
	    "mean_confidence,review,id,name,confidence,reason,from,to");
	assert_line(out, "form,,0," L0 ",1,0.50,0.00,1,,,,,,");
	assert_line(out, "form,,1," L1 ",1,0.50,0.40,1,,,,,,");
	assert_line(out, "form,2023,2," L2 ",1,1.00,0.90,0,,,,,,");
	assert_line(out, "form,2024,1," L1 ",1,0.50,0.80,0,,,,,,");
	assert_line(out, "form,2024,3," L3 ",1,0.50,0.70,0,,,,,,");
	assert_line(out, "form,2025,2," L2 ",1,1.00,0.60,0,,,,,,");
	assert_int_equal(count_lines(out, "form,"), 20);
	/* A field name finds the date column too (datum is date). */
	out2 = csv_of(group_csv, &alias);
	assert_line(out2, "form,2023,2," L2 ",1,1.00,0.90,0,,,,,,");
	assert_line(out2, "form,,1," L1 ",1,0.50,0.40,1,,,,,,");
	free(out2);
	free(out);

	/* The empty group shows as (empty) in a table, (leeg) in Dutch. */
	o.lang = SP_LANG_NL;
	run_open(&run, S(group_csv), &o);
	out = write_report(run.r, SP_REPORT_TABLE, 0, NULL);
	assert_non_null(strstr(out, "Per year(datum)\n"));
	assert_non_null(strstr(out, "\n(leeg)  "));
	free(out);
	run_close(&run);
}

static void
test_group_by_year_and_column(void **state)
{
	struct opts o = { .by = { "year(datum)", "eigenaar" } };
	char *out;

	(void)state;
	out = csv_of(group_csv, &o);
	assert_line(out, "form,2024,gemeente,1," L1 ",1,0.50,0.80,0,,,,,,");
	assert_line(out, "form,2024,gemeente,3," L3 ",1,0.50,0.70,0,,,,,,");
	assert_line(out, "form,,gemeente,1," L1 ",1,1.00,0.40,1,,,,,,");
	assert_line(out, "form,,,0," L0 ",1,1.00,0.00,1,,,,,,");
	/* (,), (,gemeente), (2023,bewoners), (2024,gemeente), (2025,...) */
	assert_int_equal(count_lines(out, "form,"), 25);
	free(out);
}

/* ------------------------------------------------------------------ */
/* Transitions                                                         */

static const char *
transitions(const char *out)
{
	const char *p = strstr(out, "\ntransition,");

	return p != NULL ? p + 1 : "";
}

static void
test_transitions(void **state)
{
	/* A: 1 on Jan 1, 2 on Feb 1, 3 on Mar 1; B: 2 then 2. Any order. */
	static const char sorted[] =
	    "id,form,date\n"
	    "A,1,2024-01-01\n"
	    "A,2,2024-02-01\n"
	    "A,3,2024-03-01\n"
	    "B,2,2023-06-30\n"
	    "B,2,2024-06-30\n";
	static const char shuffled[] =
	    "id,form,date\n"
	    "B,2,30-6-2024\n"
	    "A,3,01-03-2024\n"
	    "A,1,2024-01-01\n"
	    "B,2,2023-06-30\n"
	    "A,2,1.2.2024\n";
	struct opts o = { .transitions = 1 };
	char *a, *b;

	(void)state;
	a = csv_of(sorted, &o);
	b = csv_of(shuffled, &o);
	assert_string_equal(transitions(a),
	    "transition,,,1,,,,,,,,1,2\n"
	    "transition,,,1,,,,,,,,2,2\n"
	    "transition,,,1,,,,,,,,2,3\n");
	assert_string_equal(transitions(a), transitions(b));
	free(a);
	free(b);
}

static void
test_transitions_same_day_last_wins(void **state)
{
	/*
	 * A on 2024-01-01 is 1, then 4 (the same day in another spelling):
	 * the later row wins, so A goes 4 -> 3, not 1 -> 3.
	 */
	static const char csv[] =
	    "id,form,date\n"
	    "A,1,2024-01-01\n"
	    "A,3,2024-05-01\n"
	    "A,4,1-1-2024\n";
	struct opts o = { .transitions = 1 };
	struct run run;
	char *out;

	(void)state;
	out = csv_of(csv, &o);
	assert_string_equal(transitions(out), "transition,,,1,,,,,,,,4,3\n");
	free(out);

	run_open(&run, S(csv), &o);
	out = write_report(run.r, SP_REPORT_JSON, 0, NULL);
	assert_non_null(strstr(out, "\"transitions\": [{\"from\": 4, \"to\": "
	    "3, \"count\": 1}],"));
	free(out);
	run_close(&run);
}

static void
test_transitions_undated(void **state)
{
	/* Rows without a date, with no date, or without an id: left out. */
	static const char csv[] =
	    "id,form,date\n"
	    "A,1,2024-01-01\n"
	    "A,2,\n"
	    "A,3,maart 2024\n"
	    ",4,2024-02-01\n"
	    "A,2,2024-03-01\n";
	struct opts o = { .transitions = 1 };
	struct run run;
	char *out;

	(void)state;
	run_open(&run, S(csv), &o);
	assert_int_equal(sp_report_rows(run.r), 5);
	assert_int_equal(sp_report_undated(run.r), 3);
	out = write_report(run.r, SP_REPORT_CSV, 0, NULL);
	/* Every row counted as a row. */
	assert_line(out, "form,2," L2 ",2,0.40,,0,,,,,,");
	assert_string_equal(transitions(out), "transition,,,1,,,,,,,,1,2\n");
	free(out);
	run_close(&run);

	/* Without --transitions nothing is left out. */
	o.transitions = 0;
	run_open(&run, S(csv), &o);
	assert_int_equal(sp_report_undated(run.r), 0);
	out = write_report(run.r, SP_REPORT_CSV, 0, NULL);
	assert_int_equal(count_lines(out, "transition,"), 0);
	free(out);
	run_close(&run);
}

static void
test_transitions_table(void **state)
{
	static const char csv[] =
	    "id,form,date\n"
	    "A,1,2024-01-01\n"
	    "A,3,2024-05-01\n"
	    "B,1,2024-01-01\n"
	    "B,3,2024-05-01\n";
	struct opts o = { .transitions = 1 };
	struct run run;
	char *out;

	(void)state;
	run_open(&run, S(csv), &o);
	out = write_report(run.r, SP_REPORT_MARKDOWN, 0, NULL);
	assert_non_null(strstr(out,
	    "## Transitions of forms per id over date\n\n"
	    "| from \\\\ to | 0 | 1 | 2 | 3 | 4 |\n"
	    "|---|---|---|---|---|---|\n"
	    "| 0 | 0 | 0 | 0 | 0 | 0 |\n"
	    "| 1 | 0 | 0 | 0 | 2 | 0 |\n"
	    "| 2 | 0 | 0 | 0 | 0 | 0 |\n"));
	free(out);
	run_close(&run);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static void
test_bind_errors(void **state)
{
	struct opts o = { 0 };
	struct opts by = { .by = { "nope" } };
	struct opts year = { .by = { "year(nope)" } };
	struct opts tr = { .transitions = 1 };
	struct run run;

	(void)state;
	assert_int_equal(run_bind(&run, S("id,name,date\n1,a,2024-01-01\n"),
	    &o), SP_EHEADER);
	assert_non_null(strstr(sp_report_error(run.r), "no form column"));
	run_close(&run);

	assert_int_equal(run_bind(&run, S("id,form\n1,1\n"), &by),
	    SP_EHEADER);
	assert_string_equal(sp_report_error(run.r),
	    "no column 'nope' to group by");
	run_close(&run);

	assert_int_equal(run_bind(&run, S("id,form\n1,1\n"), &year),
	    SP_EHEADER);
	assert_string_equal(sp_report_error(run.r),
	    "no column 'year(nope)' to group by");
	run_close(&run);

	/* Transitions need an id and a date column. */
	assert_int_equal(run_bind(&run, S("id,form\n1,1\n"), &tr), SP_EHEADER);
	assert_non_null(strstr(sp_report_error(run.r), "--transitions"));
	run_close(&run);
	assert_int_equal(run_bind(&run, S("form,date\n1,2024-01-01\n"), &tr),
	    SP_EHEADER);
	assert_non_null(strstr(sp_report_error(run.r), "--transitions"));
	run_close(&run);
	assert_int_equal(run_bind(&run, S("nr,vorm,datum\n1,1,2024-01-01\n"),
	    &tr), SP_OK);
	run_close(&run);
}

static void
test_group_by_errors(void **state)
{
	sp_report *r;

	(void)state;
	r = sp_report_new(NULL);
	assert_non_null(r);
	assert_int_equal(sp_report_group_by(r, ""), SP_EINVAL);
	assert_non_null(strstr(sp_report_error(r), "empty column name"));
	assert_int_equal(sp_report_group_by(r, "a,,b"), SP_EINVAL);
	assert_int_equal(sp_report_group_by(r, "a,"), SP_EINVAL);
	assert_int_equal(sp_report_group_by(r, " "), SP_EINVAL);
	assert_int_equal(sp_report_group_by(r, "year(datum"), SP_EINVAL);
	assert_non_null(strstr(sp_report_error(r), "year(COLUMN)"));
	sp_report_free(r);
}

/*
 * "year(" and "year()" name no column: they are malformed year(COLUMN)
 * specs, to be rejected by sp_report_group_by like "year(datum".
 */
static void
test_group_by_year_malformed(void **state)
{
	static const char *const bad[] = { "year(", "year()", "year(x" };
	sp_report *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		r = sp_report_new(NULL);
		assert_non_null(r);
		if (sp_report_group_by(r, bad[i]) != SP_EINVAL)
			fail_msg("sp_report_group_by(\"%s\") accepted a "
			    "malformed year(COLUMN)", bad[i]);
		sp_report_free(r);
	}
}

static void
test_format_parse(void **state)
{
	sp_report_format f;

	(void)state;
	assert_int_equal(sp_report_format_parse("csv", &f), SP_OK);
	assert_int_equal(f, SP_REPORT_CSV);
	assert_int_equal(sp_report_format_parse("table", &f), SP_OK);
	assert_int_equal(f, SP_REPORT_TABLE);
	assert_int_equal(sp_report_format_parse("markdown", &f), SP_OK);
	assert_int_equal(f, SP_REPORT_MARKDOWN);
	assert_int_equal(sp_report_format_parse("json", &f), SP_OK);
	assert_int_equal(f, SP_REPORT_JSON);
	assert_int_equal(sp_report_format_parse("html", &f), SP_OK);
	assert_int_equal(f, SP_REPORT_HTML);
	assert_int_equal(sp_report_format_parse("partial", &f), SP_EINVAL);
	assert_int_equal(sp_report_format_parse("HTML", &f), SP_EINVAL);
	assert_int_equal(sp_report_format_parse("", &f), SP_EINVAL);
}

/* ------------------------------------------------------------------ */
/* Escaping                                                            */

static void
test_escaping(void **state)
{
	static const char csv[] =
	    "id,name,owner,form,confidence,reason\n"
	    "1,<script>alert(1)</script>,<b>,0,0.00,a & b\n"
	    "2,\"\"\"&'\",x|y,1,0.10,\"line\nbreak\"\n";
	struct opts o = { .by = { "owner" } };
	struct run run;
	char *out;

	(void)state;
	run_open(&run, S(csv), &o);
	out = write_report(run.r, SP_REPORT_HTML, 0, NULL);
	assert_null(strstr(out, "<script>"));
	assert_null(strstr(out, "<b>"));
	assert_non_null(strstr(out, "<td>&lt;script&gt;alert(1)&lt;/script&gt;"
	    "</td>"));
	assert_non_null(strstr(out, "<td>&quot;&amp;&#39;</td>"));
	assert_non_null(strstr(out, "<td>&lt;b&gt;</td>"));
	assert_non_null(strstr(out, "<td>a &amp; b</td>"));
	free(out);
	out = write_report(run.r, SP_REPORT_MARKDOWN, 0, NULL);
	assert_null(strstr(out, "<script>"));
	assert_non_null(strstr(out, "| 1 | &lt;script&gt;alert(1)&lt;/script&gt; "
	    "| 0 | 0.00 | a &amp; b |\n"));
	/* The quote stays, & is escaped, | and newlines do not break rows. */
	assert_non_null(strstr(out, "| 2 | \"&amp;' | 1 | 0.10 | line break "
	    "|\n"));
	assert_non_null(strstr(out, "| x\\|y | "));
	free(out);
	out = write_report(run.r, SP_REPORT_JSON, 0, NULL);
	assert_non_null(strstr(out, "\"name\": \"<script>alert(1)</script>\""));
	assert_non_null(strstr(out, "\"name\": \"\\\"&'\""));
	assert_non_null(strstr(out, "\"reason\": \"line\\nbreak\""));
	free(out);
	run_close(&run);
}

/* ------------------------------------------------------------------ */
/* Split and merge                                                     */

/*
 * A register of 30 rows as separate lines: ids that recur (transitions
 * across parts), one (id, date) twice in different spellings (the later
 * row wins), rows without a date, quoted newlines and commas, values to
 * review, a bad form, confidences with a decimal comma.
 */
static const char *const merge_header =
    "nr,naam,eigenaar,form,confidence,reason,datum\n";
static const char *const merge_rows[] = {
	"A,\"Moestuin, Oost\",bewoners,2,0.88,r1,14-03-2023\n",
	"B,Zwembad,gemeente,1,0.86,r2,5-9-2023\n",
	("C,\"Regel een\nRegel twee\",gemeente,1,0.33,\"low\nconfidence\","
	    "2023-10-02\n"),
	"A,Moestuin,gezamenlijk,3,0.85,r4,2024-04-02\n",
	"D,Melding,,0,0.00,no evidence,2024-10-14\n",
	"B,Zwembad,stichting,2,\"0,89\",r6,2024-01-15\n",
	"E,Windpark,gemeente,1,0.88,r7,16-04-2024\n",
	"E,Windpark,coöperatie,4,0.86,r8,2024-09-30\n",
	"F,<script>alert(1)</script>,,0,0.00,\"\"\"&'\",\n",
	"C,Kerkweide,stichting,4,0.85,r10,2025-03-03\n",
	"G,Dorpshuis,stichting,2,0.87,r11,5-8-2024\n",
	"A,Moestuin,gezamenlijk,2,0.40,r12,2025-01-01\n",
	"H,Sport,gezamenlijk,3,0.87,r13,2024-10-07\n",
	"B,Zwembad,stichting,3,0.45,r14,15-01-2024\n",
	"I,Idee,,0,0.00,none,7-4-2025\n",
	"J,Onbekend,gemeente,7,0.50,bad form,2024-01-01\n",
	"E,Windpark,gemeente,1,0.92,r17,2025-02-01\n",
	"K,Repair,,2,0.80,r18,\n",
	"L,Warmte,gemeente en coöperatie,3,0.92,r19,2024-09-02\n",
	"M,Park,gemeente,1,,r20,2024-02-12\n",
	"M,Park,bewoners,4,0.86,r21,13-5-2024\n",
	"M,Park,gezamenlijk,3,0.94,r22,2025-01-20\n",
	"N,Blauwe zone,ondernemers,4,0.86,r23,09-09-2024\n",
	"C,Kerkweide,stichting,4,0.20,r24,2025-04-01\n",
	"O,Kindcentrum,,3,1.00,r25,2-12-2024\n",
	"P,Deelauto,bewoners,2,0.83,r26,03-02-2025\n",
	"Q,Molenwei,,0,0.00,r27,24-3-2025\n",
	"A,Moestuin,gezamenlijk,3,0.90,r28,2025-06-01\n",
	"R,Havenkade,,0,,r29,2025-04-07\n",
	"S,Overleg,,2,\"0,6\",r30,2025-05-05\n",
};
#define NROWS	(sizeof merge_rows / sizeof merge_rows[0])

/* The register of rows [from, to), with the header. */
static char *
register_of(size_t from, size_t to, size_t *lenp)
{
	size_t i, len = strlen(merge_header);
	char *p;

	for (i = from; i < to; i++)
		len += strlen(merge_rows[i]);
	p = malloc(len + 1);
	assert_non_null(p);
	strcpy(p, merge_header);
	for (i = from; i < to; i++)
		strcat(p, merge_rows[i]);
	*lenp = len;
	return p;
}

static const sp_report_format formats[] = {
	SP_REPORT_CSV, SP_REPORT_TABLE, SP_REPORT_MARKDOWN, SP_REPORT_JSON,
	SP_REPORT_HTML
};
#define NFORMATS	(sizeof formats / sizeof formats[0])

/* The partial report of rows [from, to). */
static char *
partial_of(size_t from, size_t to, const struct opts *o, size_t *lenp)
{
	struct run run;
	size_t len;
	char *reg, *out;

	reg = register_of(from, to, &len);
	run_open(&run, reg, len, o);
	out = write_report(run.r, SP_REPORT_PARTIAL, 0, lenp);
	run_close(&run);
	free(reg);
	return out;
}

/* Merge partial texts into a fresh report. */
static sp_report *
merge_parts(char *const *parts, const size_t *lens, size_t n, sp_lang lang)
{
	sp_reader *rd;
	sp_report *r;
	size_t i;

	r = sp_report_new(kb);
	assert_non_null(r);
	sp_report_set_lang(r, lang);
	for (i = 0; i < n; i++) {
		rd = sp_reader_new();
		assert_non_null(rd);
		assert_int_equal(sp_reader_open_mem(rd, parts[i], lens[i],
		    "partial"), SP_OK);
		if (sp_report_merge(r, rd) != SP_OK)
			fail_msg("merge of part %zu: %s", i, sp_report_error(r));
		sp_reader_free(rd);
	}
	return r;
}

/* Split at the cut points, merge, compare every format with the whole. */
static void
check_split(const struct opts *o, const size_t *cuts, size_t ncuts)
{
	char *parts[NROWS + 1], *whole[NFORMATS], *merged, *reg;
	size_t lens[NROWS + 1], wlen[NFORMATS], mlen, len, i, from;
	struct run run;
	sp_report *r;

	reg = register_of(0, NROWS, &len);
	run_open(&run, reg, len, o);
	for (i = 0; i < NFORMATS; i++)
		whole[i] = write_report(run.r, formats[i], 0, &wlen[i]);
	run_close(&run);
	free(reg);

	from = 0;
	for (i = 0; i <= ncuts; i++) {
		size_t to = i < ncuts ? cuts[i] : NROWS;

		parts[i] = partial_of(from, to, o, &lens[i]);
		from = to;
	}
	r = merge_parts(parts, lens, ncuts + 1, o->lang);
	assert_int_equal(sp_report_rows(r), NROWS);
	for (i = 0; i < NFORMATS; i++) {
		merged = write_report(r, formats[i], 0, &mlen);
		if (mlen != wlen[i] || memcmp(merged, whole[i], mlen) != 0)
			fail_msg("format %d, %zu parts (first cut %zu): merged "
			    "differs from whole:\n--- whole\n%s\n--- merged\n%s",
			    (int)formats[i], ncuts + 1, ncuts ? cuts[0] : 0,
			    whole[i], merged);
		free(merged);
	}
	sp_report_free(r);

	/* The partials concatenated into one input merge the same. */
	{
		size_t total = 0;
		char *cat, *one[1];

		for (i = 0; i <= ncuts; i++)
			total += lens[i];
		cat = malloc(total + 1);
		assert_non_null(cat);
		total = 0;
		for (i = 0; i <= ncuts; i++) {
			memcpy(cat + total, parts[i], lens[i]);
			total += lens[i];
		}
		one[0] = cat;
		r = merge_parts(one, &total, 1, o->lang);
		merged = write_report(r, SP_REPORT_CSV, 0, &mlen);
		assert_int_equal(mlen, wlen[0]);
		assert_memory_equal(merged, whole[0], mlen);
		free(merged);
		sp_report_free(r);
		free(cat);
	}
	for (i = 0; i <= ncuts; i++)
		free(parts[i]);
	for (i = 0; i < NFORMATS; i++)
		free(whole[i]);
}

static const struct opts merge_opts[] = {
	{ .by = { NULL } },
	{ .by = { "eigenaar" }, .transitions = 1 },
	{ .by = { "year(datum)", "eigenaar" }, .transitions = 1,
	    .lang = SP_LANG_NL },
	{ .by = { "naam" }, .threshold = 90, .limit = 3, .transitions = 1 },
	{ .by = { "year(datum),eigenaar" }, .threshold = 50, .limit = 0 },
};
#define NOPTS	(sizeof merge_opts / sizeof merge_opts[0])

static void
test_split_merge_two_parts(void **state)
{
	size_t k, cut;

	(void)state;
	/* Every cut into two parts, including an empty first part. */
	for (k = 0; k < NOPTS; k++)
		for (cut = 0; cut < NROWS; cut++)
			check_split(&merge_opts[k], &cut, 1);
}

static void
test_split_merge_many_parts(void **state)
{
	static const size_t three[] = { 7, 17 };
	static const size_t uneven[] = { 1, 2, 3, 5, 8, 13, 21 };
	size_t every[NROWS - 1], k, i;

	(void)state;
	for (i = 0; i < NROWS - 1; i++)
		every[i] = i + 1;
	for (k = 0; k < NOPTS; k++) {
		check_split(&merge_opts[k], three, 2);
		check_split(&merge_opts[k], uneven, 7);
		/* One row per part. */
		check_split(&merge_opts[k], every, NROWS - 1);
	}
}

static void
test_merge_rejects_non_partial(void **state)
{
	static const char reg[] = "id,form\n1,1\n";
	static const char wide[] =
	    "record,form,count,confidence_sum,confidence_n,review,id,date,"
	    "name,confidence,reason\n"
	    "count,1,1,0,0,0,,,,,\n";
	sp_reader *rd;
	sp_report *r;

	(void)state;
	r = sp_report_new(kb);
	rd = sp_reader_new();
	assert_int_equal(sp_reader_open_mem(rd, S(reg), "reg"), SP_OK);
	assert_int_equal(sp_report_merge(r, rd), SP_EINVAL);
	assert_non_null(strstr(sp_report_error(r), "not a partial report"));
	sp_reader_free(rd);
	/* The right columns, but no options row with the tag. */
	rd = sp_reader_new();
	assert_int_equal(sp_reader_open_mem(rd, S(wide), "wide"), SP_OK);
	assert_int_equal(sp_report_merge(r, rd), SP_EINVAL);
	assert_non_null(strstr(sp_report_error(r), "not a partial report"));
	sp_reader_free(rd);
	sp_report_free(r);
}

static void
test_merge_rejects_other_options(void **state)
{
	static const struct opts base = { .by = { "eigenaar" } };
	static const struct opts other[] = {
		{ .by = { "naam" } },
		{ .by = { "eigenaar", "naam" } },
		{ .by = { NULL } },
		{ .by = { "year(datum)" } },
		{ .by = { "eigenaar" }, .threshold = 90, .limit = 50 },
		{ .by = { "eigenaar" }, .threshold = 50, .limit = 2 },
		{ .by = { "eigenaar" }, .transitions = 1 },
	};
	char *parts[2];
	size_t lens[2], i;
	sp_reader *rd;
	sp_report *r;

	(void)state;
	parts[0] = partial_of(0, 10, &base, &lens[0]);
	for (i = 0; i < sizeof other / sizeof other[0]; i++) {
		parts[1] = partial_of(10, NROWS, &other[i], &lens[1]);
		r = merge_parts(parts, lens, 1, SP_LANG_EN);
		rd = sp_reader_new();
		assert_int_equal(sp_reader_open_mem(rd, parts[1], lens[1],
		    "other"), SP_OK);
		if (sp_report_merge(r, rd) != SP_EINVAL)
			fail_msg("merged a partial made with other options "
			    "(case %zu)", i);
		assert_non_null(strstr(sp_report_error(r), "other options"));
		sp_reader_free(rd);
		sp_report_free(r);

		/* The same, concatenated into one input. */
		{
			char *cat = malloc(lens[0] + lens[1]);
			size_t n = lens[0] + lens[1];

			assert_non_null(cat);
			memcpy(cat, parts[0], lens[0]);
			memcpy(cat + lens[0], parts[1], lens[1]);
			r = sp_report_new(kb);
			rd = sp_reader_new();
			assert_int_equal(sp_reader_open_mem(rd, cat, n, "cat"),
			    SP_OK);
			if (sp_report_merge(r, rd) == SP_OK)
				fail_msg("merged concatenated partials made "
				    "with other options (case %zu)", i);
			sp_reader_free(rd);
			sp_report_free(r);
			free(cat);
		}
		free(parts[1]);
	}
	free(parts[0]);
}

static void
test_merge_takes_options(void **state)
{
	/* The options come from the partial: threshold and limit. */
	static const struct opts o = { .by = { "eigenaar" }, .threshold = 90,
	    .limit = 1, .transitions = 1 };
	char *part, *out;
	size_t len;
	sp_report *r;

	(void)state;
	part = partial_of(0, NROWS, &o, &len);
	assert_non_null(strstr(part, "review=90 limit=1 transitions=1 "
	    "delimiter=0 by=eigenaar"));
	r = merge_parts(&part, &len, 1, SP_LANG_EN);
	out = write_report(r, SP_REPORT_TABLE, 0, NULL);
	assert_non_null(strstr(out, "(form 0, or confidence below 0.90)"));
	assert_non_null(strstr(out, "By eigenaar\n"));
	assert_non_null(strstr(out, "Transitions of forms per id over date\n"));
	free(out);
	out = write_report(r, SP_REPORT_CSV, 0, NULL);
	assert_int_equal(count_lines(out, "review,"), 1);
	free(out);
	sp_report_free(r);
	free(part);
}

/* ------------------------------------------------------------------ */
/* Packed records: counted as sp_report_add counts them                */

/*
 * Pack every record of a register with one report and count the bytes
 * with another (as samenspel-report -j does: threads pack, one thread
 * counts); the report must be that of counting the records themselves.
 */
static void
same_when_packed(const char *csv, const struct opts *o)
{
	struct run run;
	sp_report *counted;
	sp_writer *w;
	const sp_record *rec;
	const void *bytes;
	size_t len;
	char *want, *got;
	sp_status st;
	sp_report_format f;

	assert_int_equal(run_bind(&run, csv, strlen(csv), o), SP_OK);
	counted = sp_report_new(kb);
	assert_non_null(counted);
	configure(counted, o);
	assert_int_equal(sp_report_bind(counted, run.schema), SP_OK);
	w = sp_writer_new(-1);
	assert_non_null(w);
	while ((st = sp_reader_next(run.rd, &rec)) == SP_OK) {
		assert_int_equal(sp_report_pack(run.r, rec, w), SP_OK);
		assert_int_equal(sp_report_add(run.r, rec), SP_OK);
	}
	assert_int_equal(st, SP_EOF);
	bytes = sp_writer_mem(w, &len);
	assert_int_equal(sp_report_add_packed(counted, bytes, len), SP_OK);
	assert_int_equal(sp_report_rows(counted), sp_report_rows(run.r));
	assert_int_equal(sp_report_empty(counted), sp_report_empty(run.r));
	for (f = SP_REPORT_CSV; f <= SP_REPORT_PARTIAL; f++) {
		want = write_report(run.r, f, 0, NULL);
		got = write_report(counted, f, 0, NULL);
		assert_string_equal(got, want);
		free(want);
		free(got);
	}
	/* Cut short, or not packed: no record is taken for one. */
	assert_int_equal(sp_report_add_packed(counted, bytes, len - 1),
	    SP_EINVAL);
	assert_int_equal(sp_report_add_packed(counted, "garbage!garbage!"
	    "garbage!", 24), SP_EINVAL);
	sp_writer_free(w);
	sp_report_free(counted);
	run_close(&run);
}

/*
 * A spreadsheet's empty rows are left out: every column of the register
 * blank, and classify's columns saying form 0 (or blank). A row given a
 * form by hand is counted; so is every row of a file that has only
 * classify's columns.
 */
static const char empty_csv[] =
    "id,naam,omschrijving,form,form_label,confidence,reason\n"
    "1,Moestuin,,2,x,0.80,r\n"
    ",,,0,undetermined,0.00,no evidence\n"
    " , ,,,,,\n"
    ",,,2,societal initiative,1.00,manual\n"
    ",,,,,,\n"
    ",\t,,0,,,\n"
    "2,,,0,undetermined,0.00,no evidence\n"
    ",,Een moestuin,0,undetermined,0.00,no evidence\n"
    ",,Een speeltuin,1,x,0.95,r\n";

static void
test_empty_rows(void **state)
{
	static const char only_classify[] =
	    "form,confidence\n0,0.00\n,\n";
	struct opts o = { 0 };
	struct run run;
	char *out;

	(void)state;
	run_open(&run, S(empty_csv), &o);
	assert_int_equal(sp_report_rows(run.r), 5);
	assert_int_equal(sp_report_empty(run.r), 4);
	out = write_report(run.r, SP_REPORT_CSV, 0, NULL);
	assert_line(out, "form,0," L0 ",2,0.40,0.00,2,,,,,,");
	assert_line(out, "form,1," L1 ",1,0.20,0.95,0,,,,,,");
	assert_line(out, "form,2," L2 ",2,0.40,0.90,0,,,,,,");
	free(out);
	run_close(&run);
	same_when_packed(empty_csv, &o);

	run_open(&run, S(only_classify), &o);
	assert_int_equal(sp_report_rows(run.r), 2);
	assert_int_equal(sp_report_empty(run.r), 0);
	run_close(&run);
}

static void
test_packed_records(void **state)
{
	struct opts grouped = { .by = { "eigenaar", "year(datum)" } };
	struct opts review = { .threshold = 90, .limit = 3 };
	struct opts trans = { .transitions = 1 };

	(void)state;
	same_when_packed(review_csv, &review);
	same_when_packed(group_csv, &grouped);
	same_when_packed(group_csv, &trans);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid),
		cmocka_unit_test(test_date_invalid),
		cmocka_unit_test(test_counts_and_shares),
		cmocka_unit_test(test_empty_rows),
		cmocka_unit_test(test_shares_round_half_up),
		cmocka_unit_test(test_mean_confidence),
		cmocka_unit_test(test_mean_confidence_total),
		cmocka_unit_test(test_comparison_sentence),
		cmocka_unit_test(test_review_default),
		cmocka_unit_test(test_review_threshold),
		cmocka_unit_test(test_review_limit),
		cmocka_unit_test(test_bad_forms),
		cmocka_unit_test(test_group_one_column),
		cmocka_unit_test(test_group_two_columns),
		cmocka_unit_test(test_group_year),
		cmocka_unit_test(test_group_by_year_and_column),
		cmocka_unit_test(test_transitions),
		cmocka_unit_test(test_transitions_same_day_last_wins),
		cmocka_unit_test(test_transitions_undated),
		cmocka_unit_test(test_transitions_table),
		cmocka_unit_test(test_bind_errors),
		cmocka_unit_test(test_group_by_errors),
		cmocka_unit_test(test_group_by_year_malformed),
		cmocka_unit_test(test_format_parse),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_split_merge_two_parts),
		cmocka_unit_test(test_split_merge_many_parts),
		cmocka_unit_test(test_merge_rejects_non_partial),
		cmocka_unit_test(test_merge_rejects_other_options),
		cmocka_unit_test(test_merge_takes_options),
		cmocka_unit_test(test_packed_records),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
