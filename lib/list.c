/*
 * list.c - work lists: for each classified record, the rows of a table
 * for its form (the step plan, the action perspectives, the services,
 * the added value); or a table's rows for one form, without input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kb.h"

struct sp_list {
	const sp_kb		*kb;
	const struct kb_table	*t;
	sp_table		 which;
	sp_lang			 lang;
	sp_track		 track;
	unsigned		 themes;
	int			 next;

	const sp_schema		*schema;
	long			 idcol, formcol, trackcol, stepcol;
	size_t			*keep;
	size_t			 nkeep;
	unsigned long		 nrec;
	sp_buf			 err;

	/*
	 * Found once, for every record after: the rows a record of each
	 * form (and track) lists, and the table's rows quoted as the output
	 * quotes them (quoting: sp_writer_quoting, -1 for none yet).
	 */
	struct row_set {
		size_t		*row;
		size_t		 n;
		int		 found;
	}			 rows[5][3];
	long			 quoting;
	sp_buf			 quoted;
	size_t			*quoted_off;	/* nrows + 1 offsets */
};

sp_list *
sp_list_new(const sp_kb *kb, sp_table which)
{
	sp_list *l;

	if ((unsigned)which >= SP_TABLE_COUNT ||
	    (l = calloc(1, sizeof *l)) == NULL)
		return NULL;
	l->kb = kb;
	l->which = which;
	l->t = &kb->table[which];
	l->track = SP_TRACK_GOVERNMENT;
	l->idcol = l->formcol = l->trackcol = l->stepcol = -1;
	l->quoting = -1;
	return l;
}

sp_list *
sp_list_dup(const sp_list *l)
{
	sp_list *d;

	if ((d = sp_list_new(l->kb, l->which)) == NULL)
		return NULL;
	d->lang = l->lang;
	d->track = l->track;
	d->themes = l->themes;
	d->next = l->next;
	d->schema = l->schema;
	d->idcol = l->idcol;
	d->formcol = l->formcol;
	d->trackcol = l->trackcol;
	d->stepcol = l->stepcol;
	if (l->nkeep > 0) {
		if ((d->keep = calloc(l->nkeep, sizeof *d->keep)) == NULL) {
			sp_list_free(d);
			return NULL;
		}
		memcpy(d->keep, l->keep, l->nkeep * sizeof *d->keep);
		d->nkeep = l->nkeep;
	}
	return d;
}

/* Forget what was found for the settings: they changed. */
static void
forget(sp_list *l)
{
	size_t f, t;

	for (f = 0; f < 5; f++)
		for (t = 0; t < 3; t++) {
			free(l->rows[f][t].row);
			l->rows[f][t].row = NULL;
			l->rows[f][t].found = 0;
		}
	l->quoting = -1;
}

void
sp_list_free(sp_list *l)
{
	if (l == NULL)
		return;
	forget(l);
	free(l->keep);
	free(l->quoted_off);
	sp_buf_free(&l->quoted);
	sp_buf_free(&l->err);
	free(l);
}

void
sp_list_set_lang(sp_list *l, sp_lang lang)
{
	l->lang = lang;
	forget(l);
}

void
sp_list_set_track(sp_list *l, sp_track track)
{
	l->track = track == SP_TRACK_NONE ? SP_TRACK_GOVERNMENT : track;
}

void
sp_list_set_themes(sp_list *l, unsigned mask)
{
	l->themes = mask;
	forget(l);
}

void
sp_list_set_next(sp_list *l, int on)
{
	l->next = on && l->which == SP_TABLE_PLANS;
}

const char *
sp_list_error(const sp_list *l)
{
	return sp_buf_str(&l->err);
}

static const char *
cell(const sp_list *l, size_t row, size_t col, size_t *len)
{
	return sp_kb_table_cell(l->t, row, col, l->lang, len);
}

/* Column index of a table column by name. */
static size_t
col_of(const sp_list *l, const char *name)
{
	size_t c;

	for (c = 0; c < l->t->spec->ncols; c++)
		if (strcmp(l->t->spec->cols[c].name, name) == 0)
			return c;
	return 0;
}

/* Does table row `row` belong to form f (and, for plans, track)? */
static int
row_matches(const sp_list *l, size_t row, int form, sp_track track,
    int notes)
{
	const char *f = cell(l, row, col_of(l, "form"), NULL);
	size_t len;
	unsigned mask;

	if (form != 0 && f[0] - '0' != form)
		return 0;
	if (l->which == SP_TABLE_PLANS) {
		const char *tr = cell(l, row, col_of(l, "track"), &len);
		const char *st = cell(l, row, col_of(l, "step"), NULL);
		sp_track t;

		if (st[0] == '*' && !notes)
			return 0;
		if (len > 0 && track != SP_TRACK_NONE &&
		    (sp_track_parse(tr, len, &t) != SP_OK || t != track))
			return 0;
	}
	if (l->which == SP_TABLE_PERSPECTIVES && l->themes != 0) {
		const char *th = cell(l, row, col_of(l, "themes"), &len);

		if (sp_themes_parse(th, len, ' ', &mask) != SP_OK ||
		    !(mask & l->themes))
			return 0;
	}
	return 1;
}

/* The rows a record of form (1-4) lists, and of track for a plan. */
static const struct row_set *
rows_for(sp_list *l, int form, sp_track track)
{
	struct row_set *set = &l->rows[form][track];
	size_t row;

	if (set->found)
		return set;
	if ((set->row = malloc((l->t->nrows + 1) * sizeof *set->row)) == NULL)
		return NULL;
	set->n = 0;
	for (row = 0; row < l->t->nrows; row++)
		if (row_matches(l, row, form, track, 0))
			set->row[set->n++] = row;
	set->found = 1;
	return set;
}

static sp_status
write_table_header(const sp_list *l, sp_writer *w)
{
	size_t c;

	for (c = 0; c < l->t->spec->ncols; c++)
		if (sp_writer_cstr(w, l->t->spec->cols[c].name) != SP_OK)
			return SP_EIO;
	return SP_OK;
}

static sp_status
write_cells(const sp_list *l, size_t row, sp_writer *w)
{
	size_t c, len;
	const char *v;

	for (c = 0; c < l->t->spec->ncols; c++) {
		v = cell(l, row, c, &len);
		if (sp_writer_field(w, v, len) != SP_OK)
			return SP_EIO;
	}
	return SP_OK;
}

/* Quote every row of the table as w would; -1 when memory runs out. */
static int
quote_table(sp_list *l, const sp_writer *w)
{
	sp_writer *q;
	const void *bytes;
	size_t row, len, *off;

	l->quoting = -1;
	if ((off = realloc(l->quoted_off, (l->t->nrows + 1) * sizeof *off)) ==
	    NULL)
		return -1;
	l->quoted_off = off;
	if ((q = sp_writer_mem_like(w)) == NULL)
		return -1;
	sp_buf_clear(&l->quoted);
	for (row = 0; row < l->t->nrows; row++) {
		off[row] = l->quoted.len;
		sp_writer_mem_clear(q, SIZE_MAX);
		if (write_cells(l, row, q) != SP_OK)
			break;
		bytes = sp_writer_mem(q, &len);
		if (sp_buf_append(&l->quoted, bytes, len) == -1)
			break;
	}
	off[row] = l->quoted.len;
	sp_writer_free(q);
	if (row < l->t->nrows)
		return -1;
	l->quoting = sp_writer_quoting(w);
	return 0;
}

/*
 * A table row. The same few rows are written for record after record,
 * so they are quoted once and copied; the first row of the output and
 * table mode go field by field.
 */
static sp_status
write_table_row(sp_list *l, size_t row, sp_writer *w)
{
	long quoting = sp_writer_quoting(w);
	size_t from, first;

	if (quoting == -1)
		return write_cells(l, row, w);
	if (quoting != l->quoting && quote_table(l, w) == -1)
		return SP_ENOMEM;
	from = l->quoted_off[row];
	(void)cell(l, row, 0, &first);
	return sp_writer_encoded(w, l->quoted.data + from,
	    l->quoted_off[row + 1] - from, l->t->spec->ncols, first == 0);
}

sp_status
sp_list_write_form(sp_list *l, int form, sp_writer *w)
{
	size_t row;
	sp_track track = form == 0 ? SP_TRACK_NONE : l->track;
	sp_status st;

	if (write_table_header(l, w) != SP_OK || sp_writer_end_row(w) != SP_OK)
		return SP_EIO;
	for (row = 0; row < l->t->nrows; row++)
		if (row_matches(l, row, form, track, 1) &&
		    ((st = write_table_row(l, row, w)) != SP_OK ||
		    (st = sp_writer_end_row(w)) != SP_OK))
			return st;
	return SP_OK;
}

/* Is name a column the list writes itself (id, the table's, status)? */
static int
own_column(const sp_list *l, const char *name)
{
	size_t c;

	if (strcmp(name, "id") == 0 || (l->next && strcmp(name, "status") == 0))
		return 1;
	for (c = 0; c < l->t->spec->ncols; c++)
		if (strcmp(name, l->t->spec->cols[c].name) == 0)
			return 1;
	return 0;
}

sp_status
sp_list_bind(sp_list *l, const sp_schema *schema, const char *keep)
{
	const sp_record *h = sp_schema_header(schema);
	const char *p, *end, *name;
	size_t n, i, len;
	long col;
	char *want;

	l->schema = schema;
	l->idcol = sp_schema_column(schema, SP_FIELD_ID);
	l->formcol = sp_schema_column(schema, SP_FIELD_FORM);
	l->trackcol = sp_schema_column(schema, SP_FIELD_TRACK);
	l->stepcol = sp_schema_column(schema, SP_FIELD_STEP);
	l->nkeep = 0;
	l->nrec = 0;
	sp_buf_clear(&l->err);
	if (l->formcol < 0) {
		sp_buf_puts(&l->err, "no form column (form, vorm); classify "
		    "the register with samenspel-classify first");
		return SP_EHEADER;
	}
	if (keep == NULL || *keep == '\0')
		return SP_OK;
	n = 1;
	for (p = keep; *p != '\0'; p++)
		n += *p == ',';
	free(l->keep);
	if ((l->keep = calloc(n, sizeof *l->keep)) == NULL)
		return SP_ENOMEM;
	for (p = keep; ; p = end + 1) {
		end = p + strcspn(p, ",");
		if (end > p) {
			if ((want = malloc((size_t)(end - p) + 1)) == NULL)
				return SP_ENOMEM;
			memcpy(want, p, (size_t)(end - p));
			want[end - p] = '\0';
			/* By exact name first, then loosely. */
			col = -1;
			for (i = 0; i < h->n && col < 0; i++) {
				name = sp_record_field(h, i, &len);
				if (len == strlen(want) &&
				    memcmp(name, want, len) == 0)
					col = (long)i;
			}
			if (col < 0)
				col = sp_header_find(h, want);
			if (col < 0) {
				sp_buf_printf(&l->err, "-k: no column '%s'",
				    want);
				free(want);
				return SP_EHEADER;
			}
			free(want);
			l->keep[l->nkeep++] = (size_t)col;
		}
		if (*end == '\0')
			break;
	}
	return SP_OK;
}

sp_status
sp_list_write_header(sp_list *l, sp_writer *w)
{
	const sp_record *h = sp_schema_header(l->schema);
	size_t k, len;
	const char *v;

	/* id, then the table's own columns. */
	if (sp_writer_cstr(w, "id") != SP_OK ||
	    write_table_header(l, w) != SP_OK)
		return SP_EIO;
	if (l->next && sp_writer_cstr(w, "status") != SP_OK)
		return SP_EIO;
	for (k = 0; k < l->nkeep; k++) {
		v = sp_record_field(h, l->keep[k], &len);
		/*
		 * A kept column named as one of the output's (the register's
		 * own step beside the next one) is told apart by a prefix.
		 */
		if (len == strlen(v) && own_column(l, v)) {
			sp_buf name = { 0 };
			sp_status st = SP_ENOMEM;

			if (sp_buf_printf(&name, "input_%s", v) != -1)
				st = sp_writer_field(w, name.data, name.len);
			sp_buf_free(&name);
			if (st != SP_OK)
				return st == SP_ENOMEM ? st : SP_EIO;
		} else if (sp_writer_field(w, v, len) != SP_OK)
			return SP_EIO;
	}
	return sp_writer_end_row(w);
}

/* A field's value without surrounding spaces. */
static const char *
trimmed(const sp_record *rec, long col, size_t *len)
{
	const char *v;
	size_t n;

	if (col < 0) {
		*len = 0;
		return "";
	}
	v = sp_record_field(rec, (size_t)col, &n);
	while (n > 0 && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[n - 1] == '\r' || v[n - 1] == '\n'))
		n--;
	*len = n;
	return v;
}

/* The record's id: its id column, or its row number in the input. */
static sp_status
write_id(const sp_list *l, const sp_record *rec, sp_writer *w)
{
	char num[32];
	size_t len;
	const char *v;

	if (l->idcol >= 0) {
		v = sp_record_field(rec, (size_t)l->idcol, &len);
		return sp_writer_field(w, v, len);
	}
	snprintf(num, sizeof num, "%lu", l->nrec);
	return sp_writer_cstr(w, num);
}

static sp_status
write_keep(const sp_list *l, const sp_record *rec, sp_writer *w)
{
	size_t k, len;
	const char *v;

	for (k = 0; k < l->nkeep; k++) {
		v = sp_record_field(rec, l->keep[k], &len);
		if (sp_writer_field(w, v, len) != SP_OK)
			return SP_EIO;
	}
	return SP_OK;
}

/*
 * One row of the plan for --next: the step, or empty step columns with a
 * status that says why there is none.
 */
static sp_status
write_next_row(sp_list *l, const sp_record *rec, int form,
    sp_track track, long row, const char *status, sp_writer *w)
{
	char f[2] = { (char)('0' + form), '\0' };
	const char *bad = "";
	size_t k, badlen = 0;
	sp_status st;

	if (write_id(l, rec, w) != SP_OK)
		return SP_EIO;
	/* A form that is not one is shown as it was written. */
	if (form < 0)
		bad = trimmed(rec, l->formcol, &badlen);
	if (row >= 0) {
		if ((st = write_table_row(l, (size_t)row, w)) != SP_OK)
			return st;
	} else {
		if ((form >= 0 ? sp_writer_cstr(w, f) :
		    sp_writer_field(w, bad, badlen)) != SP_OK ||
		    sp_writer_cstr(w, sp_track_name(track)) != SP_OK)
			return SP_EIO;
		/* After form and track, the plan's columns left empty. */
		for (k = 2; k < l->t->spec->ncols; k++)
			if (sp_writer_field(w, "", 0) != SP_OK)
				return SP_EIO;
	}
	if (sp_writer_cstr(w, status) != SP_OK || write_keep(l, rec, w) !=
	    SP_OK)
		return SP_EIO;
	return sp_writer_end_row(w);
}

/* The step value: "", "3", "stap 3", "step 3"; -1 when not a step. */
static long
step_value(const char *v, size_t n)
{
	long step = 0;
	size_t i = 0;

	if (n >= 4 && (strncasecmp(v, "stap", 4) == 0 ||
	    strncasecmp(v, "step", 4) == 0)) {
		for (i = 4; i < n && v[i] == ' '; i++)
			;
		if (i == n)
			return -1;
	}
	if (i == n)
		return 0;
	for (; i < n; i++) {
		if (v[i] < '0' || v[i] > '9' || step > 1000)
			return -1;
		step = step * 10 + (v[i] - '0');
	}
	return step;
}

sp_status
sp_list_write_record(sp_list *l, const sp_record *rec, sp_writer *w,
    sp_outcome *outcome)
{
	const struct row_set *set;
	sp_track track = SP_TRACK_NONE;
	size_t len, i, stepcol;
	long step = 0, found = -1, last = 0;
	const char *v;
	sp_status st;
	int form;

	l->nrec++;
	*outcome = SP_LISTED;
	v = trimmed(rec, l->formcol, &len);
	form = sp_form_value(v, len);
	if (form == 2 && l->which == SP_TABLE_PLANS) {
		track = l->track;
		v = trimmed(rec, l->trackcol, &len);
		if (len > 0 && sp_track_parse(v, len, &track) != SP_OK) {
			track = l->track;
			*outcome = SP_BAD_TRACK;
		}
	}
	if (form <= 0) {
		*outcome = form == 0 ? SP_UNCLASSIFIED : SP_BAD_FORM;
		if (!l->next)
			return SP_OK;
		return write_next_row(l, rec, form, SP_TRACK_NONE, -1,
		    form == 0 ? "unclassified" : "bad-form", w);
	}
	if ((set = rows_for(l, form, track)) == NULL)
		return SP_ENOMEM;
	if (l->next) {
		stepcol = col_of(l, "step");
		v = trimmed(rec, l->stepcol, &len);
		step = step_value(v, len);
		for (i = 0; i < set->n; i++) {
			last = strtol(cell(l, set->row[i], stepcol, NULL), NULL,
			    10);
			if (last == step + 1)
				found = (long)set->row[i];
		}
		if (last == 0) {
			*outcome = SP_NO_ROWS;
			return write_next_row(l, rec, form, track, -1,
			    "no-plan", w);
		}
		if (step < 0 || step > last) {
			*outcome = SP_BAD_STEP;
			return write_next_row(l, rec, form, track, -1,
			    "bad-step", w);
		}
		if (found < 0)
			return write_next_row(l, rec, form, track, -1,
			    "done", w);
		return write_next_row(l, rec, form, track, found, "next", w);
	}
	for (i = 0; i < set->n; i++)
		if ((st = write_id(l, rec, w)) != SP_OK ||
		    (st = write_table_row(l, set->row[i], w)) != SP_OK ||
		    (st = write_keep(l, rec, w)) != SP_OK ||
		    (st = sp_writer_end_row(w)) != SP_OK)
			return st;
	if (set->n == 0 && *outcome == SP_LISTED)
		*outcome = SP_NO_ROWS;
	return SP_OK;
}

sp_status
sp_list_pool_row(void *list, const sp_record *rec, sp_writer *w)
{
	sp_outcome outcome;
	sp_status st;

	if ((st = sp_list_write_record(list, rec, w, &outcome)) != SP_OK)
		return st;
	return outcome == SP_LISTED ? SP_OK :
	    sp_pool_note(w, sp_record_line(rec), (int)outcome);
}
