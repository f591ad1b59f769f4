/*
 * kb.c - the note's practical knowledge as tables: step plans, action
 * perspectives, services, added value, forms and the crosswalk.
 *
 * Each built-in table is a CSV file under lib/data, compiled in, with its
 * text columns in Dutch and English (title_nl, title_en). A table the
 * user supplies has the same columns with one text each (title), as the
 * commands print them; it replaces the built-in table whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb.h"

extern const unsigned char sp_data_plans[], sp_data_perspectives[],
    sp_data_services[], sp_data_added_value[], sp_data_forms[],
    sp_data_crosswalk[];
extern const size_t sp_data_plans_len, sp_data_perspectives_len,
    sp_data_services_len, sp_data_added_value_len, sp_data_forms_len,
    sp_data_crosswalk_len;

static const char *const themes[] = {
	"knowledge", "network", "money", "rules", "communication",
	"attitude", "process", "monitoring", "openness"
};
#define NTHEMES (sizeof themes / sizeof themes[0])

/* Checks of single cells; NULL when fine, else why not. */

static const char *
check_form(const char *v, size_t n)
{
	return n == 1 && v[0] >= '1' && v[0] <= '4' ? NULL :
	    "must be 1, 2, 3 or 4";
}

static const char *
check_form0(const char *v, size_t n)
{
	return n == 1 && v[0] >= '0' && v[0] <= '4' ? NULL :
	    "must be 0, 1, 2, 3 or 4";
}

static const char *
check_number(const char *v, size_t n)
{
	size_t i;

	if (n == 0 || n > 4 || v[0] == '0')
		return "must be a whole number from 1";
	for (i = 0; i < n; i++)
		if (v[i] < '0' || v[i] > '9')
			return "must be a whole number from 1";
	return NULL;
}

static const char *
check_step(const char *v, size_t n)
{
	if (n == 1 && v[0] == '*')
		return NULL;
	return check_number(v, n) == NULL ? NULL :
	    "must be a whole number from 1, or * for a note";
}

static const char *
check_track(const char *v, size_t n)
{
	sp_track t;

	return n == 0 || sp_track_parse(v, n, &t) == SP_OK ? NULL :
	    "must be government, society or empty";
}

static const char *
check_sub(const char *v, size_t n)
{
	return n == 0 || (n == 1 && v[0] >= 'a' && v[0] <= 'z') ? NULL :
	    "must be empty or a letter a-z";
}

static const char *
check_rank(const char *v, size_t n)
{
	return n == 1 && v[0] >= '1' && v[0] <= '4' ? NULL :
	    "must be 1, 2, 3 or 4";
}

static const char *
check_themes(const char *v, size_t n)
{
	unsigned mask;

	return sp_themes_parse(v, n, ' ', &mask) == SP_OK ? NULL :
	    "must be words from: knowledge network money rules "
	    "communication attitude process monitoring openness";
}

static const char *
check_text(const char *v, size_t n)
{
	(void)v;
	return n > 0 ? NULL : "must not be empty";
}

#define COL(name, bi, check) { name, bi, check }

static const struct kb_col plan_cols[] = {
	COL("form", 0, check_form), COL("track", 0, check_track),
	COL("step", 0, check_step), COL("title", 1, check_text),
	COL("description", 1, NULL), COL("products", 1, NULL),
	COL("source", 1, check_text)
};
static const struct kb_col perspective_cols[] = {
	COL("form", 0, check_form), COL("nr", 0, check_number),
	COL("themes", 0, check_themes), COL("text", 1, check_text),
	COL("source", 1, check_text)
};
static const struct kb_col service_cols[] = {
	COL("form", 0, check_form), COL("nr", 0, check_number),
	COL("sub", 0, check_sub), COL("text", 1, check_text),
	COL("source", 1, check_text)
};
static const struct kb_col added_value_cols[] = {
	COL("form", 0, check_form), COL("nr", 0, check_number),
	COL("text", 1, check_text), COL("source", 1, check_text)
};
static const struct kb_col form_cols[] = {
	COL("form", 0, check_form), COL("name", 1, check_text),
	COL("owner", 1, check_text), COL("roles", 1, check_text),
	COL("experience_rank", 0, check_rank), COL("experience", 1, NULL),
	COL("examples", 1, NULL), COL("source", 1, check_text)
};
static const struct kb_col crosswalk_cols[] = {
	COL("framework", 0, check_text), COL("level", 0, check_text),
	COL("form", 0, check_form0), COL("note", 1, NULL),
	COL("source", 1, check_text)
};

#define SPEC(name, cols, data) { (name), (cols), \
    sizeof(cols) / sizeof((cols)[0]), sp_data_##data, &sp_data_##data##_len }

static const struct kb_spec specs[SP_TABLE_COUNT] = {
	[SP_TABLE_PLANS] = SPEC("plans", plan_cols, plans),
	[SP_TABLE_PERSPECTIVES] = SPEC("perspectives", perspective_cols,
	    perspectives),
	[SP_TABLE_SERVICES] = SPEC("services", service_cols, services),
	[SP_TABLE_ADDED_VALUE] = SPEC("added_value", added_value_cols,
	    added_value),
	[SP_TABLE_FORMS] = SPEC("forms", form_cols, forms),
	[SP_TABLE_CROSSWALK] = SPEC("crosswalk", crosswalk_cols, crosswalk)
};

const struct kb_spec *
sp_kb_spec(sp_table t)
{
	return &specs[t];
}

sp_status
sp_track_parse(const char *s, size_t n, sp_track *track)
{
	static const struct {
		const char *name;
		sp_track track;
	} names[] = {
		{ "government", SP_TRACK_GOVERNMENT },
		{ "overheid", SP_TRACK_GOVERNMENT },
		{ "society", SP_TRACK_SOCIETY },
		{ "samenleving", SP_TRACK_SOCIETY }
	};
	size_t i;

	s = sp_trim(s, &n);
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strlen(names[i].name) == n &&
		    strncasecmp(s, names[i].name, n) == 0) {
			*track = names[i].track;
			return SP_OK;
		}
	return SP_EINVAL;
}

const char *
sp_track_name(sp_track track)
{
	switch (track) {
	case SP_TRACK_GOVERNMENT:
		return "government";
	case SP_TRACK_SOCIETY:
		return "society";
	default:
		return "";
	}
}

sp_status
sp_themes_parse(const char *s, size_t n, int sep, unsigned *mask)
{
	size_t k, len;
	const char *end = s + n, *w;

	*mask = 0;
	while (s < end) {
		while (s < end && (*s == sep || *s == ' '))
			s++;
		for (w = s; s < end && *s != sep && *s != ' '; s++)
			;
		if ((len = (size_t)(s - w)) == 0)
			continue;
		for (k = 0; k < NTHEMES; k++)
			if (strlen(themes[k]) == len &&
			    strncasecmp(w, themes[k], len) == 0)
				break;
		if (k == NTHEMES)
			return SP_EINVAL;
		*mask |= 1U << k;
	}
	return *mask != 0 ? SP_OK : SP_EINVAL;
}

static void
table_clear(struct kb_table *t)
{
	free(t->off);
	free(t->len);
	sp_buf_free(&t->text);
	memset(t, 0, sizeof *t);
}

void
sp_kb_free(sp_kb *kb)
{
	int i;

	if (kb == NULL)
		return;
	for (i = 0; i < SP_TABLE_COUNT; i++)
		table_clear(&kb->table[i]);
	free(kb);
}

/* Where each column of the spec is in the file: [col][lang] indexes. */
static const char *
find_columns(const struct kb_spec *spec, const sp_record *h, long (*at)[2],
    char *why, size_t whysize)
{
	char want[64];
	size_t c, i, len;
	const char *name;
	int lang;

	for (c = 0; c < spec->ncols; c++) {
		at[c][0] = at[c][1] = -1;
		for (i = 0; i < h->n; i++) {
			name = sp_record_field(h, i, &len);
			if (len == strlen(spec->cols[c].name) &&
			    strncasecmp(name, spec->cols[c].name, len) == 0)
				at[c][0] = at[c][1] = (long)i;
		}
		if (at[c][0] >= 0 || !spec->cols[c].bilingual)
			goto found;
		/* A built-in table: name_en and name_nl. */
		for (lang = 0; lang < 2; lang++) {
			snprintf(want, sizeof want, "%s_%s",
			    spec->cols[c].name, lang == SP_LANG_NL ? "nl" : "en");
			for (i = 0; i < h->n; i++) {
				name = sp_record_field(h, i, &len);
				if (len == strlen(want) &&
				    strncasecmp(name, want, len) == 0)
					at[c][lang] = (long)i;
			}
		}
		if (at[c][0] >= 0 && at[c][1] >= 0)
			continue;
found:
		if (at[c][0] < 0) {
			snprintf(why, whysize, "missing column '%s' (a %s "
			    "table has the columns of samenspel's own output)",
			    spec->cols[c].name, spec->name);
			return why;
		}
	}
	return NULL;
}

/* The track of plan row `row` (SP_TRACK_NONE when empty or unknown). */
static sp_track
row_track(const struct kb_table *t, size_t row)
{
	size_t len;
	const char *v = sp_kb_table_cell(t, row, 1, SP_LANG_EN, &len);
	sp_track track = SP_TRACK_NONE;

	if (len > 0)
		(void)sp_track_parse(v, len, &track);
	return track;
}

/*
 * Check the plan row just added (the last): steps numbered 1..n in each
 * plan, and a track where form 2 needs one.
 */
static const char *
check_plan_row(const struct kb_table *t)
{
	size_t i = t->nrows - 1, j;
	const char *form = sp_kb_table_cell(t, i, 0, SP_LANG_EN, NULL);
	const char *step = sp_kb_table_cell(t, i, 2, SP_LANG_EN, NULL);
	sp_track track = row_track(t, i);
	long want = 1;

	if (step[0] == '*')
		return NULL;
	if (form[0] == '2' && track == SP_TRACK_NONE)
		return "a step of form 2 needs a track: government or society";
	if (form[0] != '2' && track != SP_TRACK_NONE)
		return "only form 2 has tracks";
	for (j = 0; j < i; j++)
		if (sp_kb_table_cell(t, j, 0, SP_LANG_EN, NULL)[0] == form[0] &&
		    row_track(t, j) == track &&
		    sp_kb_table_cell(t, j, 2, SP_LANG_EN, NULL)[0] != '*')
			want++;
	if (strtol(step, NULL, 10) != want)
		return "the steps of a plan must be numbered 1, 2, 3 ... in "
		    "order";
	return NULL;
}

const char *
sp_kb_table_cell(const struct kb_table *t, size_t row, size_t col,
    sp_lang lang, size_t *len)
{
	size_t k = ((row * t->spec->ncols) + col) * 2 + (lang == SP_LANG_NL);

	if (len != NULL)
		*len = t->len[k];
	return t->text.data + t->off[k];
}

/* Read a table from a reader into t; on error *line and why are set. */
static sp_status
load_table(sp_table which, sp_reader *r, struct kb_table *t,
    unsigned long *line, char *why, size_t whysize)
{
	const struct kb_spec *spec = &specs[which];
	const sp_record *h = sp_reader_header(r), *rec;
	long at[16][2];
	size_t c, len, k;
	const char *v, *msg;
	sp_status st;
	int lang;

	memset(t, 0, sizeof *t);
	t->spec = spec;
	*line = h != NULL ? h->line : 1;
	if (h == NULL) {
		snprintf(why, whysize, "no header");
		return SP_EINVAL;
	}
	if (find_columns(spec, h, at, why, whysize) != NULL)
		return SP_EINVAL;
	while ((st = sp_reader_next(r, &rec)) == SP_OK) {
		*line = rec->line;
		k = t->nrows * spec->ncols * 2;
		if ((t->nrows + 1) * spec->ncols * 2 > t->cap) {
			size_t cap = t->cap ? t->cap * 2 : 256, *p, *q;

			while (cap < (t->nrows + 1) * spec->ncols * 2)
				cap *= 2;
			if ((p = realloc(t->off, (cap + 1) * sizeof *p)) == NULL)
				return SP_ENOMEM;
			t->off = p;
			if ((q = realloc(t->len, (cap + 1) * sizeof *q)) == NULL)
				return SP_ENOMEM;
			t->len = q;
			t->cap = cap;
		}
		for (c = 0; c < spec->ncols; c++) {
			for (lang = 0; lang < 2; lang++) {
				v = sp_record_field(rec, (size_t)at[c][lang],
				    &len);
				if (spec->cols[c].check != NULL &&
				    (msg = spec->cols[c].check(v, len)) !=
				    NULL) {
					snprintf(why, whysize, "%s: %s",
					    spec->cols[c].name, msg);
					return SP_EINVAL;
				}
				t->off[k] = t->text.len;
				t->len[k] = len;
				if (sp_buf_append(&t->text, v, len) == -1 ||
				    sp_buf_putc(&t->text, '\0') == -1)
					return SP_ENOMEM;
				k++;
			}
		}
		t->nrows++;
		if (which == SP_TABLE_PLANS &&
		    (msg = check_plan_row(t)) != NULL) {
			snprintf(why, whysize, "%s", msg);
			return SP_EINVAL;
		}
	}
	if (st != SP_EOF) {
		msg = sp_reader_error(r, line, NULL, NULL);
		snprintf(why, whysize, "%s", msg);
		return st;
	}
	if (t->nrows == 0) {
		snprintf(why, whysize, "no rows");
		return SP_EINVAL;
	}
	return SP_OK;
}

sp_status
sp_kb_replace(sp_kb *kb, sp_table which, sp_reader *r, unsigned long *line,
    char *msg, size_t msgsize)
{
	struct kb_table t;
	unsigned long at = 0;
	char why[256];
	sp_status st;

	if ((unsigned)which >= SP_TABLE_COUNT)
		return SP_EINVAL;
	st = load_table(which, r, &t, &at, why, sizeof why);
	if (st != SP_OK) {
		table_clear(&t);
		if (line != NULL)
			*line = at;
		if (msg != NULL && msgsize > 0)
			snprintf(msg, msgsize, "%s", st == SP_ENOMEM ?
			    "out of memory" : why);
		return st;
	}
	table_clear(&kb->table[which]);
	kb->table[which] = t;
	return SP_OK;
}

sp_status
sp_kb_builtin(sp_kb **out)
{
	sp_kb *kb;
	sp_reader *r;
	sp_status st = SP_OK;
	int i;

	*out = NULL;
	if ((kb = calloc(1, sizeof *kb)) == NULL)
		return SP_ENOMEM;
	for (i = 0; i < SP_TABLE_COUNT && st == SP_OK; i++) {
		if ((r = sp_reader_new()) == NULL) {
			st = SP_ENOMEM;
			break;
		}
		sp_reader_set_delimiter(r, ',');
		st = sp_reader_open_mem(r, specs[i].data, *specs[i].len,
		    specs[i].name);
		if (st == SP_OK)
			st = sp_kb_replace(kb, (sp_table)i, r, NULL, NULL, 0);
		sp_reader_free(r);
	}
	if (st != SP_OK) {
		sp_kb_free(kb);
		return st;
	}
	*out = kb;
	return SP_OK;
}

size_t
sp_kb_rows(const sp_kb *kb, sp_table which)
{
	return (unsigned)which < SP_TABLE_COUNT ? kb->table[which].nrows : 0;
}

const char *
sp_kb_cell(const sp_kb *kb, sp_table which, size_t row, const char *column,
    sp_lang lang)
{
	const struct kb_table *t;
	size_t c;

	if ((unsigned)which >= SP_TABLE_COUNT)
		return NULL;
	t = &kb->table[which];
	if (row >= t->nrows)
		return NULL;
	for (c = 0; c < t->spec->ncols; c++)
		if (strcmp(t->spec->cols[c].name, column) == 0)
			return sp_kb_table_cell(t, row, c, lang, NULL);
	return NULL;
}

size_t
sp_theme_count(void)
{
	return NTHEMES;
}

const char *
sp_theme_name(size_t i)
{
	return i < NTHEMES ? themes[i] : NULL;
}
