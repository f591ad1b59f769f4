/*
 * test_kb.c - the knowledge base (step plans, action perspectives,
 * services, added value, forms, crosswalk), work lists over classified
 * registers, the forms table and the writer's table mode, through the
 * public API.
 *
 * The built-in tables are checked for their structure only (counts,
 * numbering, both languages present), not for their wording, which may
 * still be corrected.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "samenspel.h"

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
/* Helpers: output captured in a temporary file, CSV parsed back       */

struct sink {
	int		 fd;
	sp_writer	*w;
};

static void
sink_open(struct sink *s)
{
	char path[] = "/tmp/test_kb.XXXXXX";

	s->fd = mkstemp(path);
	assert_true(s->fd >= 0);
	assert_int_equal(unlink(path), 0);
	s->w = sp_writer_new(s->fd);
	assert_non_null(s->w);
}

/* End the output (laying out a table), return what was written. */
static char *
sink_close(struct sink *s, size_t *lenp)
{
	off_t size;
	char *p;

	assert_int_equal(sp_writer_end(s->w), SP_OK);
	sp_writer_free(s->w);
	size = lseek(s->fd, 0, SEEK_END);
	assert_true(size >= 0);
	p = malloc((size_t)size + 1);
	assert_non_null(p);
	assert_int_equal(pread(s->fd, p, (size_t)size, 0), (ssize_t)size);
	p[size] = '\0';
	close(s->fd);
	if (lenp != NULL)
		*lenp = (size_t)size;
	return p;
}

/* A CSV text parsed into rows of strings; row 0 is the header. */
struct grid {
	size_t		  n;
	size_t		  cap;
	size_t		 *ncols;
	char		***cell;
};

static void
grid_add(struct grid *g, const sp_record *rec)
{
	size_t i, len;
	const char *v;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 16;
		g->ncols = realloc(g->ncols, g->cap * sizeof *g->ncols);
		g->cell = realloc(g->cell, g->cap * sizeof *g->cell);
		assert_non_null(g->ncols);
		assert_non_null(g->cell);
	}
	g->ncols[g->n] = sp_record_count(rec);
	g->cell[g->n] = calloc(g->ncols[g->n] + 1, sizeof(char *));
	assert_non_null(g->cell[g->n]);
	for (i = 0; i < g->ncols[g->n]; i++) {
		v = sp_record_field(rec, i, &len);
		g->cell[g->n][i] = malloc(len + 1);
		assert_non_null(g->cell[g->n][i]);
		memcpy(g->cell[g->n][i], v, len + 1);
	}
	g->n++;
}

static void
grid_parse(struct grid *g, const char *text, size_t len)
{
	sp_reader *r;
	const sp_record *rec;
	sp_status st;

	memset(g, 0, sizeof *g);
	r = sp_reader_new();
	assert_non_null(r);
	sp_reader_set_delimiter(r, ',');
	assert_int_equal(sp_reader_open_mem(r, text, len, "out"), SP_OK);
	grid_add(g, sp_reader_header(r));
	while ((st = sp_reader_next(r, &rec)) == SP_OK)
		grid_add(g, rec);
	assert_int_equal(st, SP_EOF);
	sp_reader_free(r);
}

static void
grid_free(struct grid *g)
{
	size_t i, j;

	for (i = 0; i < g->n; i++) {
		for (j = 0; j < g->ncols[i]; j++)
			free(g->cell[i][j]);
		free(g->cell[i]);
	}
	free(g->cell);
	free(g->ncols);
	memset(g, 0, sizeof *g);
}

/* The index of a header column; fails the test when there is none. */
static size_t
grid_col(const struct grid *g, const char *name)
{
	size_t i;

	for (i = 0; i < g->ncols[0]; i++)
		if (strcmp(g->cell[0][i], name) == 0)
			return i;
	fail_msg("no column '%s' in the output", name);
	return 0;
}

/* Cell (row, column name); row 1 is the first data row. */
static const char *
grid_get(const struct grid *g, size_t row, const char *name)
{
	size_t c = grid_col(g, name);

	assert_true(row < g->n);
	assert_true(c < g->ncols[row]);
	return g->cell[row][c];
}

/* Case-insensitive substring search. */
static int
contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle), i;

	for (; *hay != '\0'; hay++) {
		for (i = 0; i < n; i++)
			if (hay[i] == '\0' || tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)needle[i]))
				break;
		if (i == n)
			return 1;
	}
	return n == 0;
}

static const char *
cellx(const sp_kb *k, sp_table t, size_t row, const char *col, sp_lang l)
{
	const char *v = sp_kb_cell(k, t, row, col, l);

	assert_non_null(v);
	return v;
}

static int
form_of(const sp_kb *k, sp_table t, size_t row)
{
	const char *f = cellx(k, t, row, "form", SP_LANG_EN);

	assert_int_equal(strlen(f), 1);
	return f[0] - '0';
}

/* The bit of a theme by name. */
static unsigned
theme_bit(const char *name)
{
	size_t i;

	for (i = 0; i < sp_theme_count(); i++)
		if (strcmp(sp_theme_name(i), name) == 0)
			return 1U << i;
	fail_msg("no theme '%s'", name);
	return 0;
}

/* ------------------------------------------------------------------ */
/* The built-in tables: counts and structure                           */

static void
test_plans_counts(void **state)
{
	size_t n = sp_kb_rows(kb, SP_TABLE_PLANS), i;
	/* [form][track: 0 none, 1 government, 2 society] */
	long steps[5][3] = { { 0 } }, notes[5] = { 0 };
	const char *track, *step;
	sp_track tr;
	int f, t;

	(void)state;
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		f = form_of(kb, SP_TABLE_PLANS, i);
		assert_true(f >= 1 && f <= 4);
		track = cellx(kb, SP_TABLE_PLANS, i, "track", SP_LANG_EN);
		step = cellx(kb, SP_TABLE_PLANS, i, "step", SP_LANG_EN);
		if (strcmp(step, "*") == 0) {
			notes[f]++;
			continue;
		}
		t = 0;
		if (*track != '\0') {
			assert_int_equal(sp_track_parse(track, strlen(track),
			    &tr), SP_OK);
			t = tr == SP_TRACK_GOVERNMENT ? 1 : 2;
		}
		/* Only form 2 has tracks, and each of its steps has one. */
		if (f == 2)
			assert_int_not_equal(t, 0);
		else
			assert_int_equal(t, 0);
		/* Numbered 1, 2, 3 ... in order within each plan. */
		steps[f][t]++;
		assert_int_equal(strtol(step, NULL, 10), steps[f][t]);
		/* Form 1's plan is ours: every step marked as derived. */
		if (f == 1) {
			assert_true(contains(cellx(kb, SP_TABLE_PLANS, i,
			    "source", SP_LANG_EN), "derived"));
			assert_true(contains(cellx(kb, SP_TABLE_PLANS, i,
			    "source", SP_LANG_NL), "afgeleid"));
		}
	}
	assert_int_equal(steps[1][0], 5);
	assert_int_equal(steps[2][1], 4);
	assert_int_equal(steps[2][2], 5);
	assert_int_equal(steps[2][0], 0);
	assert_int_equal(steps[3][0], 7);
	assert_int_equal(steps[4][0], 6);
	assert_true(notes[3] >= 1);
}

static void
test_perspectives_counts(void **state)
{
	size_t n = sp_kb_rows(kb, SP_TABLE_PERSPECTIVES), i;
	long count[5] = { 0 };
	int f, prev = 0;

	(void)state;
	assert_int_equal(n, 84);
	for (i = 0; i < n; i++) {
		f = form_of(kb, SP_TABLE_PERSPECTIVES, i);
		assert_true(f >= 1 && f <= 4);
		assert_true(f >= prev);		/* grouped by form */
		prev = f;
		count[f]++;
		assert_int_equal(strtol(cellx(kb, SP_TABLE_PERSPECTIVES, i,
		    "nr", SP_LANG_EN), NULL, 10), count[f]);
	}
	assert_int_equal(count[1], 19);
	assert_int_equal(count[2], 33);
	assert_int_equal(count[3], 14);
	assert_int_equal(count[4], 18);
}

static void
test_perspectives_themes(void **state)
{
	size_t n = sp_kb_rows(kb, SP_TABLE_PERSPECTIVES), i;
	const char *th;
	unsigned mask, all = 0;

	(void)state;
	for (i = 0; i < n; i++) {
		th = cellx(kb, SP_TABLE_PERSPECTIVES, i, "themes", SP_LANG_EN);
		assert_int_equal(sp_themes_parse(th, strlen(th), ' ', &mask),
		    SP_OK);
		assert_int_not_equal(mask, 0);
		/* Tags, not text: the same in both languages. */
		assert_string_equal(th, cellx(kb, SP_TABLE_PERSPECTIVES, i,
		    "themes", SP_LANG_NL));
		all |= mask;
	}
	/* Every theme is used somewhere. */
	assert_int_equal(all, (1U << sp_theme_count()) - 1);
}

static void
test_services_counts(void **state)
{
	size_t n = sp_kb_rows(kb, SP_TABLE_SERVICES), i;
	long top[5] = { 0 }, subs[5] = { 0 };
	/* Sub-items per top-level item: [form][nr]. */
	int per[5][10] = { { 0 } };
	const char *sub;
	long nr, topnr = 0;
	int f, topform = 0;
	char want = 'a';

	(void)state;
	for (i = 0; i < n; i++) {
		f = form_of(kb, SP_TABLE_SERVICES, i);
		assert_true(f >= 1 && f <= 4);
		nr = strtol(cellx(kb, SP_TABLE_SERVICES, i, "nr", SP_LANG_EN),
		    NULL, 10);
		sub = cellx(kb, SP_TABLE_SERVICES, i, "sub", SP_LANG_EN);
		if (*sub == '\0') {
			top[f]++;
			assert_int_equal(nr, top[f]);
			topform = f;
			topnr = nr;
			want = 'a';
			continue;
		}
		/* A sub-item follows its item: a, b, c ... */
		assert_int_equal(f, topform);
		assert_int_equal(nr, topnr);
		assert_int_equal(strlen(sub), 1);
		assert_int_equal(sub[0], want);
		want++;
		subs[f]++;
		assert_true(nr < 10);
		per[f][nr]++;
	}
	assert_int_equal(top[1], 6);
	assert_int_equal(top[2], 2);
	assert_int_equal(top[3], 4);
	assert_int_equal(top[4], 7);
	/* The note's sub-items: form 1 items 5 and 6, form 2 item 2. */
	assert_int_equal(per[1][5], 3);
	assert_int_equal(per[1][6], 2);
	assert_int_equal(per[2][2], 4);
	assert_int_equal(subs[1], 5);
	assert_int_equal(subs[2], 4);
	assert_int_equal(subs[3], 0);
	assert_int_equal(subs[4], 0);
}

static void
test_added_value_structure(void **state)
{
	size_t n = sp_kb_rows(kb, SP_TABLE_ADDED_VALUE), i;
	long count[5] = { 0 };
	int f;

	(void)state;
	for (i = 0; i < n; i++) {
		f = form_of(kb, SP_TABLE_ADDED_VALUE, i);
		assert_true(f >= 1 && f <= 4);
		count[f]++;
		assert_int_equal(strtol(cellx(kb, SP_TABLE_ADDED_VALUE, i,
		    "nr", SP_LANG_EN), NULL, 10), count[f]);
	}
	for (f = 1; f <= 4; f++)
		assert_true(count[f] >= 1);
}

static void
test_forms_table(void **state)
{
	static const char ranks[] = "1432";
	size_t i;

	(void)state;
	assert_int_equal(sp_kb_rows(kb, SP_TABLE_FORMS), 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(form_of(kb, SP_TABLE_FORMS, i), (int)i + 1);
		assert_int_equal(cellx(kb, SP_TABLE_FORMS, i,
		    "experience_rank", SP_LANG_EN)[0], ranks[i]);
		assert_int_equal(cellx(kb, SP_TABLE_FORMS, i,
		    "experience_rank", SP_LANG_NL)[0], ranks[i]);
	}
}

static void
test_crosswalk_table(void **state)
{
	size_t n = sp_kb_rows(kb, SP_TABLE_CROSSWALK), i, j, nfw = 0;
	const char *fw;
	int f, none = 0;

	(void)state;
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		f = form_of(kb, SP_TABLE_CROSSWALK, i);
		/* None of the frameworks has form 4. */
		assert_true(f >= 0 && f <= 3);
		none += f == 0;
		fw = cellx(kb, SP_TABLE_CROSSWALK, i, "framework", SP_LANG_EN);
		for (j = 0; j < i; j++)
			if (strcmp(fw, cellx(kb, SP_TABLE_CROSSWALK, j,
			    "framework", SP_LANG_EN)) == 0)
				break;
		nfw += j == i;
		/* Ours: derived. */
		assert_true(contains(cellx(kb, SP_TABLE_CROSSWALK, i, "source",
		    SP_LANG_EN), "derived"));
	}
	/* ROB, IAP2, Arnstein; Arnstein's non-participation is no form. */
	assert_int_equal(nfw, 3);
	assert_true(none >= 1);
}

/* Every text of every row exists in Dutch and in English. */
static void
test_bilingual(void **state)
{
	static const char *const textcols[] = {
		"title", "text", "name", "source"
	};
	size_t i, c, n;
	const char *nl, *en;
	int t, differ, found;

	(void)state;
	for (t = 0; t < SP_TABLE_COUNT; t++) {
		n = sp_kb_rows(kb, (sp_table)t);
		assert_true(n > 0);
		differ = 0;
		for (i = 0; i < n; i++) {
			found = 0;
			for (c = 0; c < sizeof textcols / sizeof *textcols;
			    c++) {
				nl = sp_kb_cell(kb, (sp_table)t, i, textcols[c],
				    SP_LANG_NL);
				en = sp_kb_cell(kb, (sp_table)t, i, textcols[c],
				    SP_LANG_EN);
				if (nl == NULL) {
					assert_null(en);
					continue;
				}
				found++;
				assert_non_null(en);
				if (*nl == '\0' || *en == '\0')
					fail_msg("table %d row %zu: empty %s",
					    t, i, textcols[c]);
				differ |= strcmp(nl, en) != 0;
			}
			/* Every table has a source at least. */
			assert_true(found >= 1);
			assert_non_null(sp_kb_cell(kb, (sp_table)t, i,
			    "source", SP_LANG_EN));
		}
		/* Translated, not copied. */
		assert_true(differ);
	}
}

static void
test_kb_cell_edges(void **state)
{
	size_t n = sp_kb_rows(kb, SP_TABLE_PLANS);

	(void)state;
	assert_null(sp_kb_cell(kb, SP_TABLE_PLANS, 0, "nosuch", SP_LANG_EN));
	assert_null(sp_kb_cell(kb, SP_TABLE_PLANS, n, "title", SP_LANG_EN));
	assert_null(sp_kb_cell(kb, SP_TABLE_COUNT, 0, "form", SP_LANG_EN));
	assert_int_equal(sp_kb_rows(kb, SP_TABLE_COUNT), 0);
	/* A column that is not bilingual is the same in both languages. */
	assert_string_equal(sp_kb_cell(kb, SP_TABLE_PLANS, 0, "step",
	    SP_LANG_NL), sp_kb_cell(kb, SP_TABLE_PLANS, 0, "step",
	    SP_LANG_EN));
	/* The column names are those of the output, not title_nl. */
	assert_null(sp_kb_cell(kb, SP_TABLE_PLANS, 0, "title_nl", SP_LANG_NL));
}

/* ------------------------------------------------------------------ */
/* Tracks and themes                                                   */

static void
test_track_parse(void **state)
{
	sp_track t;

	(void)state;
	assert_int_equal(sp_track_parse("government", 10, &t), SP_OK);
	assert_int_equal(t, SP_TRACK_GOVERNMENT);
	assert_int_equal(sp_track_parse("Overheid", 8, &t), SP_OK);
	assert_int_equal(t, SP_TRACK_GOVERNMENT);
	assert_int_equal(sp_track_parse("SOCIETY", 7, &t), SP_OK);
	assert_int_equal(t, SP_TRACK_SOCIETY);
	assert_int_equal(sp_track_parse(" samenleving ", 13, &t), SP_OK);
	assert_int_equal(t, SP_TRACK_SOCIETY);
	/* The length counts, not the NUL. */
	assert_int_equal(sp_track_parse("societyX", 7, &t), SP_OK);
	assert_int_equal(t, SP_TRACK_SOCIETY);
	assert_int_equal(sp_track_parse("gov", 3, &t), SP_EINVAL);
	assert_int_equal(sp_track_parse("", 0, &t), SP_EINVAL);
	assert_int_equal(sp_track_parse("samen", 5, &t), SP_EINVAL);
	assert_string_equal(sp_track_name(SP_TRACK_GOVERNMENT), "government");
	assert_string_equal(sp_track_name(SP_TRACK_SOCIETY), "society");
	assert_string_equal(sp_track_name(SP_TRACK_NONE), "");
}

static void
test_themes_parse(void **state)
{
	static const char *const names[] = {
		"knowledge", "network", "money", "rules", "communication",
		"attitude", "process", "monitoring", "openness"
	};
	unsigned mask;
	size_t i;

	(void)state;
	assert_int_equal(sp_theme_count(), 9);
	for (i = 0; i < 9; i++) {
		assert_string_equal(sp_theme_name(i), names[i]);
		assert_int_equal(sp_themes_parse(names[i], strlen(names[i]),
		    ',', &mask), SP_OK);
		assert_int_equal(mask, 1U << i);
	}
	assert_null(sp_theme_name(9));

	assert_int_equal(sp_themes_parse("money,rules", 11, ',', &mask), SP_OK);
	assert_int_equal(mask, theme_bit("money") | theme_bit("rules"));
	assert_int_equal(sp_themes_parse("Money, RULES", 12, ',', &mask),
	    SP_OK);
	assert_int_equal(mask, theme_bit("money") | theme_bit("rules"));
	assert_int_equal(sp_themes_parse("process money", 13, ' ', &mask),
	    SP_OK);
	assert_int_equal(mask, theme_bit("process") | theme_bit("money"));
	assert_int_equal(sp_themes_parse("colour", 6, ',', &mask), SP_EINVAL);
	assert_int_equal(sp_themes_parse("money,colour", 12, ',', &mask),
	    SP_EINVAL);
	assert_int_equal(sp_themes_parse("", 0, ',', &mask), SP_EINVAL);
	assert_int_equal(sp_themes_parse(",,", 2, ',', &mask), SP_EINVAL);
	assert_int_equal(sp_themes_parse("mon", 3, ',', &mask), SP_EINVAL);
}

/* ------------------------------------------------------------------ */
/* sp_kb_replace                                                       */

/* Replace table t of k with csv; returns the status, line and message. */
static sp_status
replace(sp_kb *k, sp_table t, const char *csv, unsigned long *line,
    char *msg, size_t msgsize)
{
	sp_reader *r = sp_reader_new();
	sp_status st;

	assert_non_null(r);
	sp_reader_open_mem(r, csv, strlen(csv), "mem");
	*line = 12345;
	msg[0] = '\0';
	st = sp_kb_replace(k, t, r, line, msg, msgsize);
	sp_reader_free(r);
	return st;
}

#define PLAN_HEAD "form,track,step,title,description,products,source\n"

struct bad {
	sp_table	 table;
	const char	*csv;
	unsigned long	 line;		/* expected line */
	unsigned long	 line_alt;	/* or this one (-1: none) */
	const char	*words;		/* in the message */
};

static void
test_replace_errors(void **state)
{
	static const struct bad bad[] = {
		/* A missing column: the header's line. */
		{ SP_TABLE_PLANS, "form,track,step,title,description,"
		    "products\n1,,1,a,,\n", 1, (unsigned long)-1, "source" },
		{ SP_TABLE_PLANS, "\n\nform,track,step,title,description,"
		    "products\n1,,1,a,,\n", 3, (unsigned long)-1, "source" },
		/* A ragged row: the reader's message. */
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,1,a,,,s\n1,,2,a,,\n", 3,
		    (unsigned long)-1, "fields" },
		{ SP_TABLE_PERSPECTIVES, "form,nr,text,source\n1,1,t,s\n", 1,
		    (unsigned long)-1, "themes" },
		/* Bad cells: the record's physical line. */
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,1,a,,,s\n7,,2,a,,,s\n", 3,
		    (unsigned long)-1, "form" },
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,1,a,,,s\n\n7,,2,a,,,s\n", 4,
		    (unsigned long)-1, "form" },
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,1,a,,,s\n1,,x,a,,,s\n", 3,
		    (unsigned long)-1, "step" },
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,1,\"a\nb\",,,s\n1,,0,a,,,s\n",
		    4, (unsigned long)-1, "step" },
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,1,,,,s\n", 2,
		    (unsigned long)-1, "title" },
		{ SP_TABLE_PLANS, PLAN_HEAD "2,sideways,1,a,,,s\n", 2,
		    (unsigned long)-1, "track" },
		/* Numbering: the whole table, or the row of step 3. */
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,1,a,,,s\n1,,3,a,,,s\n", 0, 3,
		    "numbered" },
		{ SP_TABLE_PLANS, PLAN_HEAD "1,,2,a,,,s\n", 0, 2, "numbered" },
		{ SP_TABLE_PLANS, PLAN_HEAD "2,,1,a,,,s\n", 0, 2, "track" },
		{ SP_TABLE_PLANS, PLAN_HEAD "3,society,1,a,,,s\n", 0, 2,
		    "track" },
		{ SP_TABLE_PERSPECTIVES, "form,nr,themes,text,source\n"
		    "1,1,money,t,s\n1,2,colour,t,s\n", 3, (unsigned long)-1,
		    "themes" },
		{ SP_TABLE_SERVICES, "form,nr,sub,text,source\n1,1,,t,s\n"
		    "1,1,AA,t,s\n", 3, (unsigned long)-1, "sub" },
		{ SP_TABLE_FORMS, "form,name,owner,roles,experience_rank,"
		    "experience,examples,source\n1,n,o,r,5,,,s\n", 2,
		    (unsigned long)-1, "experience_rank" },
		/* No rows. */
		{ SP_TABLE_PLANS, PLAN_HEAD, 1, 0, "no rows" },
		{ SP_TABLE_ADDED_VALUE, "form,nr,text,source\n", 1, 0,
		    "no rows" },
	};
	unsigned long line;
	char msg[256], title[1024], text[1024];
	size_t i, nplans, npersp;
	sp_kb *k;

	(void)state;
	assert_int_equal(sp_kb_builtin(&k), SP_OK);
	nplans = sp_kb_rows(k, SP_TABLE_PLANS);
	npersp = sp_kb_rows(k, SP_TABLE_PERSPECTIVES);
	snprintf(title, sizeof title, "%s", cellx(k, SP_TABLE_PLANS, 0,
	    "title", SP_LANG_NL));
	snprintf(text, sizeof text, "%s", cellx(k, SP_TABLE_PERSPECTIVES, 0,
	    "text", SP_LANG_EN));
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (replace(k, bad[i].table, bad[i].csv, &line, msg,
		    sizeof msg) == SP_OK)
			fail_msg("case %zu: accepted", i);
		if (bad[i].line != (unsigned long)-1 && line != bad[i].line &&
		    line != bad[i].line_alt)
			fail_msg("case %zu: line %lu, expected %lu", i, line,
			    bad[i].line);
		if (msg[0] == '\0' || !contains(msg, bad[i].words))
			fail_msg("case %zu: message '%s' lacks '%s'", i, msg,
			    bad[i].words);
		/* The old table is kept. */
		assert_int_equal(sp_kb_rows(k, SP_TABLE_PLANS), nplans);
		assert_int_equal(sp_kb_rows(k, SP_TABLE_PERSPECTIVES), npersp);
		assert_string_equal(cellx(k, SP_TABLE_PLANS, 0, "title",
		    SP_LANG_NL), title);
		assert_string_equal(cellx(k, SP_TABLE_PERSPECTIVES, 0, "text",
		    SP_LANG_EN), text);
	}
	/* The missing column is named as such. */
	replace(k, SP_TABLE_PLANS, "form,track,step,title,description,"
	    "products\n1,,1,a,,\n", &line, msg, sizeof msg);
	assert_true(contains(msg, "missing column"));
	assert_true(contains(msg, "'source'"));
	sp_kb_free(k);
}

static void
test_replace_empty_input(void **state)
{
	unsigned long line = 12345;
	char msg[256] = "";
	sp_reader *r;
	sp_kb *k;

	(void)state;
	assert_int_equal(sp_kb_builtin(&k), SP_OK);
	r = sp_reader_new();
	assert_non_null(r);
	/* An empty file has no header: the reader says so first. */
	assert_int_equal(sp_reader_open_mem(r, "", 0, "empty"), SP_EHEADER);
	assert_int_not_equal(sp_kb_replace(k, SP_TABLE_PLANS, r, &line, msg,
	    sizeof msg), SP_OK);
	assert_true(msg[0] != '\0');
	assert_true(line <= 1);
	sp_reader_free(r);
	assert_int_equal(sp_kb_rows(k, SP_TABLE_PLANS),
	    sp_kb_rows(kb, SP_TABLE_PLANS));
	assert_string_equal(cellx(k, SP_TABLE_PLANS, 0, "title", SP_LANG_EN),
	    cellx(kb, SP_TABLE_PLANS, 0, "title", SP_LANG_EN));
	/* NULL line and message are allowed. */
	r = sp_reader_new();
	assert_non_null(r);
	sp_reader_open_mem(r, PLAN_HEAD, strlen(PLAN_HEAD), "mem");
	assert_int_not_equal(sp_kb_replace(k, SP_TABLE_PLANS, r, NULL, NULL,
	    0), SP_OK);
	sp_reader_free(r);
	assert_int_equal(sp_kb_rows(k, SP_TABLE_PLANS),
	    sp_kb_rows(kb, SP_TABLE_PLANS));
	sp_kb_free(k);
}

static void
test_replace_ok(void **state)
{
	unsigned long line;
	char msg[256];
	sp_kb *k;

	(void)state;
	assert_int_equal(sp_kb_builtin(&k), SP_OK);
	/* Columns in any order, others ignored, a note, form 2's tracks. */
	assert_int_equal(replace(k, SP_TABLE_PLANS,
	    "extra,source,title,step,form,track,products,description\n"
	    "x,s1,T1,1,2,government,,\n"
	    "x,s2,T2,1,2,society,,\n"
	    "x,s3,T3,2,2,society,,\n"
	    "x,s4,N,*,2,,,\n"
	    "x,s5,U1,1,3,,p,d\n", &line, msg, sizeof msg), SP_OK);
	assert_int_equal(sp_kb_rows(k, SP_TABLE_PLANS), 5);
	/* One text, used in both languages. */
	assert_string_equal(cellx(k, SP_TABLE_PLANS, 2, "title", SP_LANG_EN),
	    "T3");
	assert_string_equal(cellx(k, SP_TABLE_PLANS, 2, "title", SP_LANG_NL),
	    "T3");
	assert_string_equal(cellx(k, SP_TABLE_PLANS, 4, "description",
	    SP_LANG_NL), "d");
	assert_string_equal(cellx(k, SP_TABLE_PLANS, 3, "step", SP_LANG_NL),
	    "*");
	/* The other tables are untouched. */
	assert_int_equal(sp_kb_rows(k, SP_TABLE_PERSPECTIVES), 84);
	sp_kb_free(k);
}

/*
 * A track has two names (government/overheid, society/samenleving, any
 * case): the numbering check must see one plan where the listing does.
 */
static void
test_replace_track_names(void **state)
{
	unsigned long line;
	char msg[256];
	sp_kb *k;

	(void)state;
	assert_int_equal(sp_kb_builtin(&k), SP_OK);
	/* One plan, numbered 1, 2 under two names of the same track. */
	if (replace(k, SP_TABLE_PLANS, PLAN_HEAD
	    "2,overheid,1,a,,,s\n"
	    "2,Government,2,b,,,s\n"
	    "2,samenleving,1,c,,,s\n", &line, msg, sizeof msg) != SP_OK)
		fail_msg("rejected: line %lu: %s", line, msg);
	/* Two steps 1 in one plan. */
	if (replace(k, SP_TABLE_PLANS, PLAN_HEAD
	    "2,overheid,1,a,,,s\n"
	    "2,government,1,b,,,s\n"
	    "2,society,1,c,,,s\n", &line, msg, sizeof msg) == SP_OK)
		fail_msg("accepted two steps 1 in the government track");
	sp_kb_free(k);
}

/* ------------------------------------------------------------------ */
/* The round trip: a form's listing reads back as the same table       */

static char *
write_form(const sp_kb *k, sp_table t, sp_lang lang, sp_track track,
    int form, size_t *len)
{
	struct sink s;
	sp_list *l;

	l = sp_list_new(k, t);
	assert_non_null(l);
	sp_list_set_lang(l, lang);
	sp_list_set_track(l, track);
	sink_open(&s);
	assert_int_equal(sp_list_write_form(l, form, s.w), SP_OK);
	sp_list_free(l);
	return sink_close(&s, len);
}

static void
roundtrip(sp_table t, sp_lang lang, sp_track track, int form)
{
	char *one, *two, msg[256];
	size_t len1, len2;
	unsigned long line;
	struct grid g;
	sp_reader *r;
	sp_kb *k;

	one = write_form(kb, t, lang, track, form, &len1);
	grid_parse(&g, one, len1);
	assert_true(g.n >= 2);		/* header and at least one row */
	if (form == 0)
		assert_int_equal(g.n - 1, sp_kb_rows(kb, t));

	assert_int_equal(sp_kb_builtin(&k), SP_OK);
	r = sp_reader_new();
	assert_non_null(r);
	assert_int_equal(sp_reader_open_mem(r, one, len1, "one"), SP_OK);
	if (sp_kb_replace(k, t, r, &line, msg, sizeof msg) != SP_OK)
		fail_msg("table %d form %d lang %d: line %lu: %s", (int)t, form,
		    (int)lang, line, msg);
	sp_reader_free(r);
	assert_int_equal(sp_kb_rows(k, t), g.n - 1);

	two = write_form(k, t, lang, track, form, &len2);
	if (len1 != len2 || memcmp(one, two, len1) != 0)
		fail_msg("table %d form %d lang %d: differs after a round "
		    "trip", (int)t, form, (int)lang);
	/* In the other language too: a read table has one text. */
	free(two);
	two = write_form(k, t, lang == SP_LANG_NL ? SP_LANG_EN : SP_LANG_NL,
	    track, form, &len2);
	assert_int_equal(len1, len2);
	assert_memory_equal(one, two, len1);
	free(one);
	free(two);
	grid_free(&g);
	sp_kb_free(k);
}

static void
test_roundtrip(void **state)
{
	static const sp_table tables[] = {
		SP_TABLE_PLANS, SP_TABLE_PERSPECTIVES, SP_TABLE_SERVICES,
		SP_TABLE_ADDED_VALUE
	};
	size_t t;
	int lang, form;

	(void)state;
	for (t = 0; t < sizeof tables / sizeof tables[0]; t++)
		for (lang = 0; lang < 2; lang++)
			for (form = 0; form <= 4; form++)
				roundtrip(tables[t], (sp_lang)lang,
				    SP_TRACK_GOVERNMENT, form);
	/* Form 2's other track. */
	roundtrip(SP_TABLE_PLANS, SP_LANG_EN, SP_TRACK_SOCIETY, 2);
	roundtrip(SP_TABLE_PLANS, SP_LANG_NL, SP_TRACK_SOCIETY, 2);
}

/* A form's listing: its rows only, notes included, one track of form 2. */
static void
test_write_form_rows(void **state)
{
	static const struct {
		int		form;
		sp_track	track;
		size_t		steps;
	} want[] = {
		{ 1, SP_TRACK_GOVERNMENT, 5 }, { 2, SP_TRACK_GOVERNMENT, 4 },
		{ 2, SP_TRACK_SOCIETY, 5 }, { 3, SP_TRACK_GOVERNMENT, 7 },
		{ 4, SP_TRACK_SOCIETY, 6 }
	};
	size_t i, r, steps, notes;
	struct grid g;
	char *out;
	size_t len;

	(void)state;
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		out = write_form(kb, SP_TABLE_PLANS, SP_LANG_EN, want[i].track,
		    want[i].form, &len);
		grid_parse(&g, out, len);
		assert_int_equal(g.ncols[0], 7);
		assert_string_equal(g.cell[0][0], "form");
		assert_string_equal(g.cell[0][6], "source");
		steps = notes = 0;
		for (r = 1; r < g.n; r++) {
			assert_int_equal(grid_get(&g, r, "form")[0],
			    '0' + want[i].form);
			if (strcmp(grid_get(&g, r, "step"), "*") == 0) {
				notes++;
				continue;
			}
			steps++;
			if (want[i].form == 2)
				assert_string_equal(grid_get(&g, r, "track"),
				    sp_track_name(want[i].track));
		}
		assert_int_equal(steps, want[i].steps);
		if (want[i].form == 3)
			assert_true(notes >= 1);
		free(out);
		grid_free(&g);
	}
}

/* ------------------------------------------------------------------ */
/* Work lists over a classified register                               */

struct run {
	sp_reader	*r;
	sp_schema	*schema;
	sp_list		*l;
	struct sink	 s;
	sp_outcome	 outcome[32];
	size_t		 n;
};

/* Bind a list on table t to the register csv. */
static void
run_open(struct run *x, sp_table t, const char *csv, const char *keep,
    sp_lang lang)
{
	memset(x, 0, sizeof *x);
	x->r = sp_reader_new();
	assert_non_null(x->r);
	assert_int_equal(sp_reader_open_mem(x->r, csv, strlen(csv), "in"),
	    SP_OK);
	x->schema = sp_schema_new(sp_reader_header(x->r));
	assert_non_null(x->schema);
	x->l = sp_list_new(kb, t);
	assert_non_null(x->l);
	sp_list_set_lang(x->l, lang);
	(void)keep;
}

/* Write the header and every record; return the output. */
static char *
run_all(struct run *x, const char *keep, size_t *len)
{
	const sp_record *rec;
	sp_status st;

	if (sp_list_bind(x->l, x->schema, keep) != SP_OK)
		fail_msg("bind: %s", sp_list_error(x->l));
	sink_open(&x->s);
	assert_int_equal(sp_list_write_header(x->l, x->s.w), SP_OK);
	while ((st = sp_reader_next(x->r, &rec)) == SP_OK) {
		assert_true(x->n < 32);
		assert_int_equal(sp_list_write_record(x->l, rec, x->s.w,
		    &x->outcome[x->n]), SP_OK);
		x->n++;
	}
	assert_int_equal(st, SP_EOF);
	return sink_close(&x->s, len);
}

static void
run_close(struct run *x)
{
	sp_list_free(x->l);
	sp_schema_free(x->schema);
	sp_reader_free(x->r);
}

/* The number of output rows with this id. */
static size_t
rows_of(const struct grid *g, const char *id)
{
	size_t r, n = 0;

	for (r = 1; r < g->n; r++)
		n += strcmp(grid_get(g, r, "id"), id) == 0;
	return n;
}

static const char reg[] =
    "id,naam,eigenaar,form,stap,spoor\n"
    "R1,Tuin,bewoners,2,,samenleving\n"		/* 5: society */
    "R2,Plein,gemeente,1,2,\n"			/* 5 */
    "R3,Leeg,,0,,\n"				/* none */
    "R4,Park,gedeeld,3,,\n"			/* 7 */
    "R5,Weg,bewoners, 4 ,,\n"			/* 6 */
    "R6,Dijk,waterschap,2,,Overheid\n"		/* 4: government */
    "R7,Vreemd,bewoners,2,,kwijt\n"		/* 4: the default */
    "R8,Geen spoor,bewoners,2,,\n"		/* 4: the default */
    "R9,Leeg ook,,,,\n"				/* none */
    "R10,Fout,,9,,\n";				/* none */

static void
test_list_steps(void **state)
{
	static const struct {
		const char	*id;
		size_t		 rows;
		const char	*track;
		sp_outcome	 outcome;
	} want[] = {
		{ "R1", 5, "society", SP_LISTED },
		{ "R2", 5, "", SP_LISTED },
		{ "R3", 0, NULL, SP_UNCLASSIFIED },
		{ "R4", 7, "", SP_LISTED },
		{ "R5", 6, "", SP_LISTED },
		{ "R6", 4, "government", SP_LISTED },
		{ "R7", 4, "government", SP_BAD_TRACK },
		{ "R8", 4, "government", SP_LISTED },
		{ "R9", 0, NULL, SP_UNCLASSIFIED },
		{ "R10", 0, NULL, SP_BAD_FORM },
	};
	struct run x;
	struct grid g;
	char *out;
	size_t len, i, r, step;

	(void)state;
	run_open(&x, SP_TABLE_PLANS, reg, NULL, SP_LANG_EN);
	out = run_all(&x, NULL, &len);
	grid_parse(&g, out, len);
	/* The header: id, then the plan's columns. */
	assert_int_equal(g.ncols[0], 8);
	assert_string_equal(g.cell[0][0], "id");
	assert_string_equal(g.cell[0][1], "form");
	assert_string_equal(g.cell[0][2], "track");
	assert_string_equal(g.cell[0][3], "step");
	assert_string_equal(g.cell[0][4], "title");
	assert_string_equal(g.cell[0][5], "description");
	assert_string_equal(g.cell[0][6], "products");
	assert_string_equal(g.cell[0][7], "source");
	assert_int_equal(x.n, sizeof want / sizeof want[0]);
	for (i = 0; i < x.n; i++) {
		if (rows_of(&g, want[i].id) != want[i].rows)
			fail_msg("%s: %zu rows, expected %zu", want[i].id,
			    rows_of(&g, want[i].id), want[i].rows);
		assert_int_equal(x.outcome[i], want[i].outcome);
		step = 0;
		for (r = 1; r < g.n; r++) {
			if (strcmp(grid_get(&g, r, "id"), want[i].id) != 0)
				continue;
			/* Steps in order, no notes, the track's only. */
			assert_string_equal(grid_get(&g, r, "track"),
			    want[i].track);
			assert_int_equal(strtol(grid_get(&g, r, "step"), NULL,
			    10), (long)++step);
			assert_true(grid_get(&g, r, "title")[0] != '\0');
			assert_int_equal(g.ncols[r], 8);
		}
	}
	assert_int_equal(g.n - 1, 5 + 5 + 7 + 6 + 4 + 4 + 4);
	free(out);
	grid_free(&g);
	run_close(&x);

	/* The default track set to society. */
	run_open(&x, SP_TABLE_PLANS, reg, NULL, SP_LANG_NL);
	sp_list_set_track(x.l, SP_TRACK_SOCIETY);
	out = run_all(&x, NULL, &len);
	grid_parse(&g, out, len);
	assert_int_equal(rows_of(&g, "R6"), 4);		/* its own track */
	assert_int_equal(rows_of(&g, "R7"), 5);
	assert_int_equal(rows_of(&g, "R8"), 5);
	assert_int_equal(x.outcome[6], SP_BAD_TRACK);
	free(out);
	grid_free(&g);
	run_close(&x);
}

static void
test_list_keep_and_ids(void **state)
{
	struct run x;
	struct grid g;
	char *out;
	size_t len, r;

	(void)state;
	run_open(&x, SP_TABLE_PLANS, reg, NULL, SP_LANG_EN);
	out = run_all(&x, "naam,eigenaar", &len);
	grid_parse(&g, out, len);
	assert_int_equal(g.ncols[0], 10);
	assert_string_equal(g.cell[0][8], "naam");
	assert_string_equal(g.cell[0][9], "eigenaar");
	for (r = 1; r < g.n; r++) {
		assert_int_equal(g.ncols[r], 10);
		if (strcmp(g.cell[r][0], "R5") == 0) {
			assert_string_equal(g.cell[r][8], "Weg");
			assert_string_equal(g.cell[r][9], "bewoners");
		}
		if (strcmp(g.cell[r][0], "R4") == 0)
			assert_string_equal(g.cell[r][9], "gedeeld");
	}
	free(out);
	grid_free(&g);
	run_close(&x);

	/* Without an id column: the row number; a column found loosely. */
	run_open(&x, SP_TABLE_PLANS, "Naam,Vorm\nA,1\nB,0\nC,3\n", NULL,
	    SP_LANG_EN);
	out = run_all(&x, "naam", &len);
	grid_parse(&g, out, len);
	assert_int_equal(rows_of(&g, "1"), 5);
	assert_int_equal(rows_of(&g, "2"), 0);
	assert_int_equal(rows_of(&g, "3"), 7);
	assert_int_equal(g.n - 1, 12);
	assert_string_equal(g.cell[0][8], "Naam");
	assert_string_equal(g.cell[g.n - 1][8], "C");
	free(out);
	grid_free(&g);
	run_close(&x);
}

static void
test_list_bind_errors(void **state)
{
	struct run x;

	(void)state;
	run_open(&x, SP_TABLE_PLANS, "naam,eigenaar\nx,y\n", NULL, SP_LANG_EN);
	assert_int_equal(sp_list_bind(x.l, x.schema, NULL), SP_EHEADER);
	assert_true(contains(sp_list_error(x.l), "form"));
	run_close(&x);

	run_open(&x, SP_TABLE_PERSPECTIVES, reg, NULL, SP_LANG_EN);
	assert_int_equal(sp_list_bind(x.l, x.schema, "naam,bogus"),
	    SP_EHEADER);
	assert_true(contains(sp_list_error(x.l), "bogus"));
	/* Bound again, the error is gone. */
	assert_int_equal(sp_list_bind(x.l, x.schema, "naam"), SP_OK);
	run_close(&x);
}

/* Form 0: nothing listed, the header only. */
static void
test_list_form0(void **state)
{
	static const sp_table tables[] = {
		SP_TABLE_PLANS, SP_TABLE_PERSPECTIVES, SP_TABLE_SERVICES,
		SP_TABLE_ADDED_VALUE
	};
	struct run x;
	struct grid g;
	char *out;
	size_t len, t;

	(void)state;
	for (t = 0; t < sizeof tables / sizeof tables[0]; t++) {
		run_open(&x, tables[t], "id,form\nz,0\ny,\n", NULL,
		    SP_LANG_EN);
		out = run_all(&x, NULL, &len);
		grid_parse(&g, out, len);
		assert_int_equal(g.n, 1);
		assert_string_equal(g.cell[0][0], "id");
		assert_int_equal(x.outcome[0], SP_UNCLASSIFIED);
		assert_int_equal(x.outcome[1], SP_UNCLASSIFIED);
		free(out);
		grid_free(&g);
		run_close(&x);
	}
}

static void
test_list_next(void **state)
{
	static const char csv[] =
	    "id,form,step,track\n"
	    "N1,3,,\n"
	    "N2,3,3,\n"
	    "N3,3,stap 2,\n"
	    "N4,3,99,\n"
	    "N5,3,x,\n"
	    "N6,3,7,\n"
	    "N7,0,,\n"
	    "N8,2,4,overheid\n"
	    "N9,2,4,samenleving\n"
	    "N10,2,1,kwijt\n"
	    "N11,1,5,\n"
	    "N12,4,Step 6,\n"
	    "N13,,,\n"
	    "N14,4, 2 ,\n"
	    "N15,2,5,overheid\n";
	static const struct {
		const char	*status;
		const char	*step;		/* the next step, or "" */
		const char	*track;
		sp_outcome	 outcome;
	} want[] = {
		{ "next", "1", "", SP_LISTED },
		{ "next", "4", "", SP_LISTED },
		{ "next", "3", "", SP_LISTED },
		{ "bad-step", "", "", SP_BAD_STEP },
		{ "bad-step", "", "", SP_BAD_STEP },
		{ "done", "", "", SP_LISTED },
		{ "unclassified", "", "", SP_UNCLASSIFIED },
		{ "done", "", "government", SP_LISTED },
		{ "next", "5", "society", SP_LISTED },
		{ "next", "2", "government", SP_BAD_TRACK },
		{ "done", "", "", SP_LISTED },
		{ "done", "", "", SP_LISTED },
		{ "unclassified", "", "", SP_UNCLASSIFIED },
		{ "next", "3", "", SP_LISTED },
		{ "bad-step", "", "government", SP_BAD_STEP },
	};
	struct run x;
	struct grid g;
	char *out, id[8];
	size_t len, i;

	(void)state;
	run_open(&x, SP_TABLE_PLANS, csv, NULL, SP_LANG_EN);
	sp_list_set_next(x.l, 1);
	out = run_all(&x, "track", &len);
	grid_parse(&g, out, len);
	/* id, the plan's columns, status, then the kept columns. */
	assert_int_equal(g.ncols[0], 10);
	assert_string_equal(g.cell[0][8], "status");
	assert_string_equal(g.cell[0][9], "input_track");
	/* Exactly one row per record, in order. */
	assert_int_equal(g.n - 1, sizeof want / sizeof want[0]);
	assert_int_equal(x.n, g.n - 1);
	for (i = 0; i < x.n; i++) {
		snprintf(id, sizeof id, "N%zu", i + 1);
		assert_string_equal(g.cell[i + 1][0], id);
		assert_int_equal(g.ncols[i + 1], 10);
		if (strcmp(grid_get(&g, i + 1, "status"), want[i].status) != 0)
			fail_msg("%s: status %s, expected %s", id,
			    grid_get(&g, i + 1, "status"), want[i].status);
		assert_string_equal(grid_get(&g, i + 1, "step"), want[i].step);
		assert_string_equal(g.cell[i + 1][2], want[i].track);
		if (x.outcome[i] != want[i].outcome)
			fail_msg("%s: outcome %d, expected %d", id,
			    (int)x.outcome[i], (int)want[i].outcome);
		/* A next step has its title; the others none. */
		if (strcmp(want[i].status, "next") == 0)
			assert_true(grid_get(&g, i + 1, "title")[0] != '\0');
		else
			assert_string_equal(grid_get(&g, i + 1, "title"), "");
	}
	/* The form column of a listed row is the record's form. */
	assert_string_equal(grid_get(&g, 2, "form"), "3");
	assert_string_equal(grid_get(&g, 9, "form"), "2");
	free(out);
	grid_free(&g);
	run_close(&x);
}

/* --next is for step plans only. */
static void
test_list_next_plans_only(void **state)
{
	struct run x;
	struct grid g;
	char *out;
	size_t len;

	(void)state;
	run_open(&x, SP_TABLE_PERSPECTIVES, "id,form\na,3\n", NULL,
	    SP_LANG_EN);
	sp_list_set_next(x.l, 1);
	out = run_all(&x, NULL, &len);
	grid_parse(&g, out, len);
	assert_int_equal(g.ncols[0], 6);	/* no status column */
	assert_int_equal(g.n - 1, 14);
	free(out);
	grid_free(&g);
	run_close(&x);
}

/* A plan without the record's form: no-plan. */
static void
test_list_no_plan(void **state)
{
	static const char plan[] = PLAN_HEAD "1,,1,a,,,s\n1,,2,b,,,s\n";
	unsigned long line;
	char msg[256];
	const sp_record *rec;
	sp_reader *r;
	sp_schema *schema;
	sp_list *l;
	sp_outcome oc;
	struct sink s;
	struct grid g;
	char *out;
	size_t len;
	sp_kb *k;

	(void)state;
	assert_int_equal(sp_kb_builtin(&k), SP_OK);
	assert_int_equal(replace(k, SP_TABLE_PLANS, plan, &line, msg,
	    sizeof msg), SP_OK);
	r = sp_reader_new();
	assert_non_null(r);
	assert_int_equal(sp_reader_open_mem(r, "id,form,step\na,3,\nb,1,1\n",
	    24, "in"), SP_OK);
	schema = sp_schema_new(sp_reader_header(r));
	l = sp_list_new(k, SP_TABLE_PLANS);
	sp_list_set_next(l, 1);
	assert_int_equal(sp_list_bind(l, schema, NULL), SP_OK);
	sink_open(&s);
	assert_int_equal(sp_list_write_header(l, s.w), SP_OK);
	assert_int_equal(sp_reader_next(r, &rec), SP_OK);
	assert_int_equal(sp_list_write_record(l, rec, s.w, &oc), SP_OK);
	assert_int_equal(oc, SP_NO_ROWS);
	assert_int_equal(sp_reader_next(r, &rec), SP_OK);
	assert_int_equal(sp_list_write_record(l, rec, s.w, &oc), SP_OK);
	assert_int_equal(oc, SP_LISTED);
	out = sink_close(&s, &len);
	grid_parse(&g, out, len);
	assert_int_equal(g.n, 3);
	assert_string_equal(grid_get(&g, 1, "status"), "no-plan");
	assert_string_equal(grid_get(&g, 1, "form"), "3");
	assert_string_equal(grid_get(&g, 2, "status"), "next");
	assert_string_equal(grid_get(&g, 2, "title"), "b");
	free(out);
	grid_free(&g);
	sp_list_free(l);
	sp_schema_free(schema);
	sp_reader_free(r);
	sp_kb_free(k);
}

static void
test_list_theme_filter(void **state)
{
	unsigned money = theme_bit("money"), mask;
	size_t n = sp_kb_rows(kb, SP_TABLE_PERSPECTIVES), i, r, all = 0,
	    form1 = 0;
	const char *th;
	struct grid g;
	struct run x;
	sp_list *l;
	struct sink s;
	char *out;
	size_t len;

	(void)state;
	for (i = 0; i < n; i++) {
		th = cellx(kb, SP_TABLE_PERSPECTIVES, i, "themes", SP_LANG_EN);
		sp_themes_parse(th, strlen(th), ' ', &mask);
		if (mask & money) {
			all++;
			form1 += form_of(kb, SP_TABLE_PERSPECTIVES, i) == 1;
		}
	}
	assert_true(all > 0 && all < n);

	/* Without input: every form. */
	l = sp_list_new(kb, SP_TABLE_PERSPECTIVES);
	assert_non_null(l);
	sp_list_set_themes(l, money);
	sink_open(&s);
	assert_int_equal(sp_list_write_form(l, 0, s.w), SP_OK);
	out = sink_close(&s, &len);
	sp_list_free(l);
	grid_parse(&g, out, len);
	assert_int_equal(g.n - 1, all);
	for (r = 1; r < g.n; r++) {
		th = grid_get(&g, r, "themes");
		assert_int_equal(sp_themes_parse(th, strlen(th), ' ', &mask),
		    SP_OK);
		assert_true(mask & money);
	}
	free(out);
	grid_free(&g);

	/* Per record; two themes give the rows with either. */
	run_open(&x, SP_TABLE_PERSPECTIVES, "id,form\na,1\nb,0\n", NULL,
	    SP_LANG_NL);
	sp_list_set_themes(x.l, money);
	out = run_all(&x, NULL, &len);
	grid_parse(&g, out, len);
	assert_int_equal(g.n - 1, form1);
	assert_string_equal(g.cell[0][0], "id");
	assert_string_equal(g.cell[0][3], "themes");
	free(out);
	grid_free(&g);
	run_close(&x);

	/* The unfiltered list of form 1 has all 19. */
	run_open(&x, SP_TABLE_PERSPECTIVES, "id,form\na,1\n", NULL,
	    SP_LANG_EN);
	out = run_all(&x, NULL, &len);
	grid_parse(&g, out, len);
	assert_int_equal(g.n - 1, 19);
	free(out);
	grid_free(&g);
	run_close(&x);
}

/*
 * One list, its output's settings changed between records: every record
 * quoted for the writer it goes to, in the language and with the themes
 * set then, as a new list would write it.
 */
static const char quote_plan[] = PLAN_HEAD
    "1,,1,a;b,=sum,\"say \"\"hi\"\"\",s\n"
    "1,,2,\"c,d\",-x,\"line\ntwo\",s\n";

/* The list's rows for a record of form 1 into a new writer. */
static char *
list_rows(sp_list *l, const sp_record *rec, int delim, int excel_safe)
{
	struct sink s;
	sp_outcome oc;

	sink_open(&s);
	sp_writer_set_delimiter(s.w, delim);
	sp_writer_set_excel_safe(s.w, excel_safe);
	assert_int_equal(sp_list_write_header(l, s.w), SP_OK);
	assert_int_equal(sp_list_write_record(l, rec, s.w, &oc), SP_OK);
	assert_int_equal(oc, SP_LISTED);
	return sink_close(&s, NULL);
}

/* The same from a new list of the perspectives with these settings. */
static char *
fresh_rows(const sp_schema *schema, const sp_record *rec, sp_lang lang,
    unsigned themes)
{
	sp_list *l = sp_list_new(kb, SP_TABLE_PERSPECTIVES);
	char *out;

	assert_non_null(l);
	sp_list_set_lang(l, lang);
	sp_list_set_themes(l, themes);
	assert_int_equal(sp_list_bind(l, schema, NULL), SP_OK);
	out = list_rows(l, rec, ',', 0);
	sp_list_free(l);
	return out;
}

static void
test_list_settings_between_records(void **state)
{
	static const char comma[] =
	    "id,form,track,step,title,description,products,source\n"
	    "R1,1,,1,a;b,=sum,\"say \"\"hi\"\"\",s\n"
	    "R1,1,,2,\"c,d\",-x,\"line\ntwo\",s\n";
	static const char semicolon_safe[] =
	    "id;form;track;step;title;description;products;source\n"
	    "R1;1;;1;\"a;b\";'=sum;\"say \"\"hi\"\"\";s\n"
	    "R1;1;;2;c,d;'-x;\"line\ntwo\";s\n";
	unsigned long line;
	char msg[256], *out, *want;
	const sp_record *rec;
	sp_reader *r;
	sp_schema *schema;
	sp_list *l;
	sp_kb *k;

	(void)state;
	assert_int_equal(sp_kb_builtin(&k), SP_OK);
	assert_int_equal(replace(k, SP_TABLE_PLANS, quote_plan, &line, msg,
	    sizeof msg), SP_OK);
	r = sp_reader_new();
	assert_non_null(r);
	assert_int_equal(sp_reader_open_mem(r, "id,form\nR1,1\n", 13, "in"),
	    SP_OK);
	schema = sp_schema_new(sp_reader_header(r));
	assert_non_null(schema);
	assert_int_equal(sp_reader_next(r, &rec), SP_OK);

	/* The same rows quoted for one writer, then another, then back. */
	l = sp_list_new(k, SP_TABLE_PLANS);
	assert_non_null(l);
	assert_int_equal(sp_list_bind(l, schema, NULL), SP_OK);
	out = list_rows(l, rec, ',', 0);
	assert_string_equal(out, comma);
	free(out);
	out = list_rows(l, rec, ';', 1);
	assert_string_equal(out, semicolon_safe);
	free(out);
	out = list_rows(l, rec, ',', 0);
	assert_string_equal(out, comma);
	free(out);
	sp_list_free(l);

	/* The language, then the themes, set after a record was listed. */
	l = sp_list_new(kb, SP_TABLE_PERSPECTIVES);
	assert_non_null(l);
	assert_int_equal(sp_list_bind(l, schema, NULL), SP_OK);
	free(list_rows(l, rec, ',', 0));
	sp_list_set_lang(l, SP_LANG_NL);
	out = list_rows(l, rec, ',', 0);
	want = fresh_rows(schema, rec, SP_LANG_NL, 0);
	assert_string_equal(out, want);
	free(out);
	free(want);
	sp_list_set_themes(l, theme_bit("money"));
	out = list_rows(l, rec, ',', 0);
	want = fresh_rows(schema, rec, SP_LANG_NL, theme_bit("money"));
	assert_string_equal(out, want);
	free(out);
	free(want);
	sp_list_free(l);

	sp_schema_free(schema);
	sp_reader_free(r);
	sp_kb_free(k);
}

/* Services and added value per record: every row of the form. */
static void
test_list_services(void **state)
{
	static const sp_table tables[] = {
		SP_TABLE_SERVICES, SP_TABLE_ADDED_VALUE
	};
	size_t t, i, want, n;
	struct run x;
	struct grid g;
	char *out;
	size_t len;

	(void)state;
	for (t = 0; t < 2; t++) {
		n = sp_kb_rows(kb, tables[t]);
		want = 0;
		for (i = 0; i < n; i++)
			want += form_of(kb, tables[t], i) == 2;
		run_open(&x, tables[t], "nr,vorm\nq,2\n", NULL, SP_LANG_EN);
		out = run_all(&x, NULL, &len);
		grid_parse(&g, out, len);
		assert_int_equal(g.n - 1, want);
		assert_int_equal(rows_of(&g, "q"), want);
		free(out);
		grid_free(&g);
		run_close(&x);
	}
}

/* ------------------------------------------------------------------ */
/* sp_forms_write                                                      */

static void
test_forms_write(void **state)
{
	static const char *const head[] = {
		"form", "name", "owner", "roles", "experience_rank",
		"experience", "examples"
	};
	static const char *const cw[] = {
		"framework", "level", "form", "note", "source"
	};
	struct sink s;
	struct grid g;
	char *out;
	size_t len, i;
	int lang;

	(void)state;
	for (lang = 0; lang < 2; lang++) {
		sink_open(&s);
		assert_int_equal(sp_forms_write(kb, (sp_lang)lang, 0, s.w),
		    SP_OK);
		out = sink_close(&s, &len);
		grid_parse(&g, out, len);
		/*
		 * The columns that samenspel.h and the command agree on;
		 * the crosswalk's columns between examples and source are
		 * left to the report (rob, iap2, arnstein in samenspel.h,
		 * one "crosswalk" column in lib/forms.c).
		 */
		assert_true(g.ncols[0] >= 9);
		for (i = 0; i < 7; i++)
			assert_string_equal(g.cell[0][i], head[i]);
		assert_string_equal(g.cell[0][g.ncols[0] - 1], "source");
		assert_int_equal(g.n, 5);
		for (i = 1; i <= 4; i++) {
			assert_int_equal(g.ncols[i], g.ncols[0]);
			assert_int_equal(g.cell[i][0][0], '0' + (int)i);
			assert_int_equal(grid_get(&g, i, "experience_rank")[0],
			    "1432"[i - 1]);
			assert_string_equal(grid_get(&g, i, "name"),
			    cellx(kb, SP_TABLE_FORMS, i - 1, "name",
			    (sp_lang)lang));
		}
		free(out);
		grid_free(&g);

		sink_open(&s);
		assert_int_equal(sp_forms_write(kb, (sp_lang)lang, 1, s.w),
		    SP_OK);
		out = sink_close(&s, &len);
		grid_parse(&g, out, len);
		assert_int_equal(g.ncols[0], 5);
		for (i = 0; i < 5; i++)
			assert_string_equal(g.cell[0][i], cw[i]);
		assert_int_equal(g.n - 1, sp_kb_rows(kb, SP_TABLE_CROSSWALK));
		free(out);
		grid_free(&g);
	}
}

/* ------------------------------------------------------------------ */
/* The writer's table mode                                             */

static char *
table(const char *const *cells, size_t ncols, size_t nrows)
{
	struct sink s;
	size_t r, c;

	sink_open(&s);
	sp_writer_set_table(s.w, 1);
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < ncols; c++)
			assert_int_equal(sp_writer_cstr(s.w,
			    cells[r * ncols + c]), SP_OK);
		assert_int_equal(sp_writer_end_row(s.w), SP_OK);
	}
	return sink_close(&s, NULL);
}

static void
no_trailing_blanks(const char *out)
{
	const char *p;

	for (p = out; *p != '\0'; p++)
		if (*p == '\n' && p > out && (p[-1] == ' ' || p[-1] == '\t'))
			fail_msg("a line ends in a blank: [%s]", out);
	assert_true(*out == '\0' || p[-1] == '\n');
}

static void
test_table_utf8(void **state)
{
	static const char *const cells[] = {
		"a", "bé", "c",
		"café", "x", "",
		"ü", "", "z",
	};
	char *out;

	(void)state;
	out = table(cells, 3, 3);
	/* é and ü are one column each; two spaces between columns. */
	assert_string_equal(out,
	    "a     bé  c\n"
	    "----  --  -\n"
	    "café  x\n"
	    "ü         z\n");
	no_trailing_blanks(out);
	free(out);
}

static void
test_table_wrap_lines(void **state)
{
	static const char *const cells[] = {
		"text", "n",
		("alpha beta gamma delta epsilon zeta eta theta iota kappa "
		    "lambda mu nu xi omicron pi rho"), "1",
		"short", "2",
	};
	char expect[1024], pad[64];
	char *out;

	(void)state;
	out = table(cells, 2, 3);
	memset(pad, ' ', sizeof pad);
	/* Column 1 is 48 wide: text + 44 spaces, then 2 between. */
	snprintf(expect, sizeof expect,
	    "text%.*s  n\n"
	    "%s  -\n"
	    "alpha beta gamma delta epsilon zeta eta theta%.*s  1\n"
	    "iota kappa lambda mu nu xi omicron pi rho\n"
	    "short%.*s  2\n",
	    44, pad,
	    "------------------------------------------------",
	    3, pad, 43, pad);
	assert_string_equal(out, expect);
	no_trailing_blanks(out);
	free(out);
}

/*
 * A line that fits the width exactly is not broken earlier: "one ...
 * ten" is 48 columns, the limit.
 */
static void
test_table_wrap_exact_fit(void **state)
{
	static const char *const cells[] = {
		("one two three four five six seven eight nine ten eleven "
		    "twelve"), "z",
	};
	static const char want[] =
	    "one two three four five six seven eight nine ten  z\n"
	    "eleven twelve\n"
	    "------------------------------------------------  -\n";
	char *out;
	int same;

	(void)state;
	out = table(cells, 2, 1);
	same = strcmp(out, want) == 0;
	if (!same)
		print_error("expected:\n%sgot:\n%s", want, out);
	free(out);
	assert_true(same);
}

static void
test_table_long_word(void **state)
{
	static const char *const cells[] = {
		"h",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	char *out;

	(void)state;
	out = table(cells, 1, 2);
	/* A word longer than the width is cut: nothing is lost. */
	assert_string_equal(out,
	    "h\n"
	    "------------------------------------------------\n"
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
	    "aaaaaaaaaaaa\n");
	no_trailing_blanks(out);
	free(out);
}

/* A real listing in table mode: aligned, no trailing blanks. */
static void
test_table_listing(void **state)
{
	struct sink s;
	sp_list *l;
	char *out;
	const char *p, *nl;
	size_t len;

	(void)state;
	l = sp_list_new(kb, SP_TABLE_PLANS);
	assert_non_null(l);
	sp_list_set_lang(l, SP_LANG_NL);
	sink_open(&s);
	sp_writer_set_table(s.w, 1);
	assert_int_equal(sp_list_write_form(l, 3, s.w), SP_OK);
	out = sink_close(&s, &len);
	sp_list_free(l);
	assert_true(len > 0);
	assert_int_equal(strncmp(out, "form  track  step  title", 24), 0);
	/* The second line is the rule under the header. */
	nl = strchr(out, '\n');
	assert_non_null(nl);
	assert_int_equal(strncmp(nl + 1, "----  -----  ----  ---", 22), 0);
	no_trailing_blanks(out);
	/* No CSV quoting in a table. */
	for (p = out; *p != '\0'; p++)
		assert_int_not_equal(*p, '"');
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plans_counts),
		cmocka_unit_test(test_perspectives_counts),
		cmocka_unit_test(test_perspectives_themes),
		cmocka_unit_test(test_services_counts),
		cmocka_unit_test(test_added_value_structure),
		cmocka_unit_test(test_forms_table),
		cmocka_unit_test(test_crosswalk_table),
		cmocka_unit_test(test_bilingual),
		cmocka_unit_test(test_kb_cell_edges),
		cmocka_unit_test(test_track_parse),
		cmocka_unit_test(test_themes_parse),
		cmocka_unit_test(test_replace_errors),
		cmocka_unit_test(test_replace_empty_input),
		cmocka_unit_test(test_replace_ok),
		cmocka_unit_test(test_replace_track_names),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_write_form_rows),
		cmocka_unit_test(test_list_steps),
		cmocka_unit_test(test_list_keep_and_ids),
		cmocka_unit_test(test_list_bind_errors),
		cmocka_unit_test(test_list_form0),
		cmocka_unit_test(test_list_next),
		cmocka_unit_test(test_list_next_plans_only),
		cmocka_unit_test(test_list_no_plan),
		cmocka_unit_test(test_list_theme_filter),
		cmocka_unit_test(test_list_settings_between_records),
		cmocka_unit_test(test_list_services),
		cmocka_unit_test(test_forms_write),
		cmocka_unit_test(test_table_utf8),
		cmocka_unit_test(test_table_wrap_lines),
		cmocka_unit_test(test_table_wrap_exact_fit),
		cmocka_unit_test(test_table_long_word),
		cmocka_unit_test(test_table_listing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
