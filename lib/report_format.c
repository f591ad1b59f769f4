/*
 * report_format.c - a report as CSV, a text table, Markdown or JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kb.h"
#include "report.h"

static const char *const texts[T_NTEXTS][2] = {
	/* [id][lang]: SP_LANG_EN, SP_LANG_NL */
	[T_TITLE] = { "Samenspel report", "Samenspelrapport" },
	[T_ROWS] = { "rows", "rijen" },
	[T_FORM] = { "form", "vorm" },
	[T_LABEL] = { "label", "omschrijving" },
	[T_COUNT] = { "rows", "rijen" },
	[T_SHARE] = { "share", "aandeel" },
	[T_MEAN] = { "mean confidence", "gemiddelde zekerheid" },
	[T_REVIEW] = { "to review", "na te kijken" },
	[T_TOTAL] = { "total", "totaal" },
	[T_BY] = { "By", "Per" },
	[T_TRANSITIONS] = { "Transitions of forms per id over date",
	    "Overgangen van vorm per id in de tijd" },
	[T_FROM_TO] = { "from \\ to", "van \\ naar" },
	[T_TO_REVIEW] = { "Rows to review", "Na te kijken rijen" },
	[T_REVIEW_NOTE] = { "form 0, or confidence below",
	    "vorm 0, of zekerheid onder" },
	[T_ID] = { "id", "id" },
	[T_NAME] = { "name", "naam" },
	[T_CONFIDENCE] = { "confidence", "zekerheid" },
	[T_REASON] = { "reason", "reden" },
	[T_EMPTY] = { "(empty)", "(leeg)" },
	[T_NONE] = { "none", "geen" },
	[T_NOT_LISTED] = { "none listed (--review-limit 0)",
	    "geen getoond (--review-limit 0)" },
	[T_CHART] = { "Rows per form", "Rijen per vorm" },
	[T_ROW] = { "row", "rij" }
};

const char *
sp_report_text(const sp_report *r, int id)
{
	return texts[id][r->lang == SP_LANG_NL];
}

long
sp_ratio(long num, long den)
{
	if (den <= 0)
		return -1;
	return (num * 100 + den / 2) / den;
}

long
sp_mean(long sum, long n)
{
	if (n <= 0)
		return -1;
	return (sum + n / 2) / n;
}

/* Merge sort of indexes with a context: qsort has none in C11. */
typedef int (*cmp_fn)(const void *ctx, size_t a, size_t b);

static void
merge_sort(size_t *v, size_t *tmp, size_t n, cmp_fn cmp, const void *ctx)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge_sort(v, tmp, h, cmp, ctx);
	merge_sort(v + h, tmp, n - h, cmp, ctx);
	while (i < h && j < n)
		tmp[k++] = cmp(ctx, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof *v);
}

static int
bytes_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c != 0 ? c : (an > bn) - (an < bn);
}

/* Groups in the order of their values, column by column. */
static int
group_cmp(const void *ctx, size_t a, size_t b)
{
	const sp_report *r = ctx;
	const char *va, *vb;
	size_t i, na, nb;
	int c;

	for (i = 0; i < r->nby; i++) {
		va = sp_report_group_value(r, a, i, &na);
		vb = sp_report_group_value(r, b, i, &nb);
		if ((c = bytes_cmp(va, na, vb, nb)) != 0)
			return c;
	}
	return 0;
}

/* (id, date) pairs by id, then date (the key ends in yyyymmdd). */
static int
seen_cmp(const void *ctx, size_t a, size_t b)
{
	const sp_report *r = ctx;
	const char *ka, *kb;
	size_t na, nb;

	ka = sp_map_key(&r->seen, a, &na);
	kb = sp_map_key(&r->seen, b, &nb);
	return bytes_cmp(ka, na, kb, nb);
}

static int
sort(size_t **out, size_t n, cmp_fn cmp, const void *ctx)
{
	size_t *v, *tmp, i;

	v = malloc((n + 1) * sizeof *v);
	tmp = malloc((n + 1) * sizeof *tmp);
	if (v == NULL || tmp == NULL) {
		free(v);
		free(tmp);
		return -1;
	}
	for (i = 0; i < n; i++)
		v[i] = i;
	merge_sort(v, tmp, n, cmp, ctx);
	free(tmp);
	*out = v;
	return 0;
}

/* The experience rank of each form, from the forms table (Tabel 1). */
static void
experience(const sp_report *r, int rank[5])
{
	static const int note[5] = { 0, 1, 4, 3, 2 };
	size_t i;
	const char *f, *k;

	memcpy(rank, note, sizeof note);
	for (i = 0; r->kb != NULL && i < sp_kb_rows(r->kb, SP_TABLE_FORMS);
	    i++) {
		f = sp_kb_cell(r->kb, SP_TABLE_FORMS, i, "form", SP_LANG_EN);
		k = sp_kb_cell(r->kb, SP_TABLE_FORMS, i, "experience_rank",
		    SP_LANG_EN);
		rank[f[0] - '0'] = k[0] - '0';
	}
}

/*
 * One sentence that sets the register's distribution beside the
 * ministry's experience (Tabel 1).
 */
static int
comparison(const sp_report *r, struct view *v)
{
	const int nl = r->lang == SP_LANG_NL;
	int rank[5], order[4], i, j, t, bad = 0, same = 1, tie;
	sp_buf *b = &v->sentence;

	experience(r, rank);
	for (i = 0; i < 4; i++)
		order[i] = i + 1;
	/* Forms by count, most first; equal counts by form number. */
	for (i = 1; i < 4; i++)
		for (j = i; j > 0 && v->count[order[j]] >
		    v->count[order[j - 1]]; j--) {
			t = order[j];
			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	for (i = 0; i < 4; i++) {
		v->rank[i] = order[i];
		same &= rank[order[i]] == i + 1;
	}
	if (v->total - v->count[0] == 0)
		return sp_buf_puts(b, nl ? "Geen rij heeft een vorm 1-4." :
		    "No row has a form 1-4.");
	/* With a tie at the top no one form is the most frequent. */
	tie = v->count[order[0]] == v->count[order[1]];
	bad |= sp_buf_printf(b, tie ? (nl ? "In dit register zijn de vormen, "
	    "de vaakste eerst, %d (%ld), %d (%ld), %d (%ld) en %d (%ld); " :
	    "In this register the forms, most frequent first, are %d (%ld), "
	    "%d (%ld), %d (%ld) and %d (%ld); ") : nl ? "In dit register komt "
	    "vorm %d het vaakst voor (%ld), dan %d (%ld), %d (%ld) en %d "
	    "(%ld); " : "In this register form %d is the most frequent (%ld), "
	    "then %d (%ld), %d (%ld) and %d (%ld); ", order[0],
	    v->count[order[0]], order[1], v->count[order[1]], order[2],
	    v->count[order[2]], order[3], v->count[order[3]]);
	for (i = 0; i < 4; i++)
		for (j = 1; j <= 4; j++)
			if (rank[j] == i + 1)
				order[i] = j;
	if (same)
		bad |= sp_buf_printf(b, nl ? "dat is de volgorde van de "
		    "ervaring die het ministerie met de vormen heeft "
		    "(Bijlage 1, Tabel 1)." : "that is the order of the "
		    "ministry's experience with the forms (Appendix 1, "
		    "Table 1).");
	else
		bad |= sp_buf_printf(b, nl ? "het ministerie heeft de meeste "
		    "ervaring met vorm %d, dan %d, %d en %d (Bijlage 1, "
		    "Tabel 1)." : "the ministry has most experience with form "
		    "%d, then %d, %d and %d (Appendix 1, Table 1).", order[0],
		    order[1], order[2], order[3]);
	return bad;
}

int
sp_report_view(const sp_report *r, struct view *v)
{
	size_t g, i, n, *seen = NULL, idn, pidn;
	const char *id, *pid;
	int f;

	memset(v, 0, sizeof *v);
	for (g = 0; g < r->groups.n; g++)
		for (f = 0; f <= 4; f++) {
			v->count[f] += r->gc[g].count[f];
			v->conf[f] += r->gc[g].conf[f];
			v->confn[f] += r->gc[g].confn[f];
			v->review[f] += r->gc[g].review[f];
		}
	for (f = 0; f <= 4; f++) {
		v->total += v->count[f];
		v->reviews += v->review[f];
	}
	if (sort(&v->order, r->groups.n, group_cmp, r) == -1)
		return -1;
	if (r->transitions && r->seen.n > 0) {
		if (sort(&seen, r->seen.n, seen_cmp, r) == -1)
			return -1;
		/* Consecutive dates of one id: a transition, maybe to itself. */
		for (i = 1; i < r->seen.n; i++) {
			id = sp_map_key(&r->seen, seen[i], &idn);
			pid = sp_map_key(&r->seen, seen[i - 1], &pidn);
			if (idn != pidn || memcmp(id, pid, idn - 8) != 0)
				continue;
			v->trans[r->seen_form[seen[i - 1]]]
			    [r->seen_form[seen[i]]]++;
			v->ntrans++;
		}
		free(seen);
	}
	(void)n;
	return comparison(r, v);
}

void
sp_report_view_free(struct view *v)
{
	free(v->order);
	sp_buf_free(&v->sentence);
}

/* CSV: one table, a row per section's item. */

static sp_status
put_hundredths_or_empty(sp_writer *w, long v)
{
	return v < 0 ? sp_writer_field(w, "", 0) : sp_writer_hundredths(w, v);
}

/* A form row's cells after its section and group: counts, then empty. */
static sp_status
put_form_row(const sp_report *r, sp_writer *w, int f, long count,
    long total, long conf, long confn, long review)
{
	if (sp_report_put_long(w, f) != SP_OK ||
	    sp_writer_cstr(w, sp_form_label(f, r->lang)) != SP_OK ||
	    sp_report_put_long(w, count) != SP_OK ||
	    put_hundredths_or_empty(w, sp_ratio(count, total)) != SP_OK ||
	    put_hundredths_or_empty(w, sp_mean(conf, confn)) != SP_OK ||
	    sp_report_put_long(w, review) != SP_OK ||
	    sp_report_put_empty(w, 6) != SP_OK ||
	    sp_writer_end_row(w) != SP_OK)
		return SP_EIO;
	return SP_OK;
}

static sp_status
write_csv(const sp_report *r, const struct view *v, sp_writer *w)
{
	static const char *const cols[] = {
		"form", "form_label", "count", "share", "mean_confidence",
		"review", "id", "name", "confidence", "reason", "from", "to"
	};
	size_t i, k, g, len;
	const struct counts *c;
	const char *val;
	int f, t;

	if (sp_writer_cstr(w, "section") != SP_OK)
		return SP_EIO;
	for (i = 0; i < r->nby; i++)
		if (sp_writer_cstr(w, r->by[i].name) != SP_OK)
			return SP_EIO;
	for (i = 0; i < sizeof cols / sizeof cols[0]; i++)
		if (sp_writer_cstr(w, cols[i]) != SP_OK)
			return SP_EIO;
	if (sp_writer_end_row(w) != SP_OK)
		return SP_EIO;
	/*
	 * Grouped, the whole register comes first as its own section: a
	 * group whose value is empty would otherwise look like it. A
	 * register without rows has no group, and shows its zeros here.
	 */
	for (f = 0; f <= 4 && (r->nby > 0 || r->groups.n == 0); f++)
		if (sp_writer_cstr(w, r->nby > 0 ? "total" : "form") != SP_OK ||
		    sp_report_put_empty(w, r->nby) != SP_OK ||
		    put_form_row(r, w, f, v->count[f], v->total, v->conf[f],
		    v->confn[f], v->review[f]) != SP_OK)
			return SP_EIO;
	for (k = 0; k < r->groups.n; k++) {
		g = v->order[k];
		c = &r->gc[g];
		long total = 0;

		for (f = 0; f <= 4; f++)
			total += c->count[f];
		for (f = 0; f <= 4; f++) {
			if (sp_writer_cstr(w, "form") != SP_OK)
				return SP_EIO;
			for (i = 0; i < r->nby; i++) {
				val = sp_report_group_value(r, g, i, &len);
				if (sp_writer_field(w, val, len) != SP_OK)
					return SP_EIO;
			}
			if (put_form_row(r, w, f, c->count[f], total, c->conf[f],
			    c->confn[f], c->review[f]) != SP_OK)
				return SP_EIO;
		}
	}
	for (i = 0; i < r->nrv; i++) {
		const struct review *p = &r->rv[i];

		if (sp_writer_cstr(w, "review") != SP_OK ||
		    sp_report_put_empty(w, r->nby) != SP_OK ||
		    sp_report_put_long(w, p->form) != SP_OK ||
		    sp_writer_cstr(w, sp_form_label(p->form, r->lang)) !=
		    SP_OK || sp_report_put_empty(w, 4) != SP_OK ||
		    sp_writer_field(w, r->rvtext.data + p->id, p->idn) !=
		    SP_OK ||
		    sp_writer_field(w, r->rvtext.data + p->name, p->namen) !=
		    SP_OK || put_hundredths_or_empty(w, p->conf) != SP_OK ||
		    sp_writer_field(w, r->rvtext.data + p->reason,
		    p->reasonn) != SP_OK ||
		    sp_report_put_empty(w, 2) != SP_OK ||
		    sp_writer_end_row(w) != SP_OK)
			return SP_EIO;
	}
	for (f = 0; f <= 4 && r->transitions; f++)
		for (t = 0; t <= 4; t++) {
			if (v->trans[f][t] == 0)
				continue;
			if (sp_writer_cstr(w, "transition") != SP_OK ||
			    sp_report_put_empty(w, r->nby + 2) != SP_OK ||
			    sp_report_put_long(w, v->trans[f][t]) != SP_OK ||
			    sp_report_put_empty(w, 7) != SP_OK ||
			    sp_report_put_long(w, f) != SP_OK ||
			    sp_report_put_long(w, t) != SP_OK ||
			    sp_writer_end_row(w) != SP_OK)
				return SP_EIO;
		}
	return SP_OK;
}

/* Text tables and Markdown share a layout: cells, then rendered. */

struct grid {
	sp_buf	 text;
	size_t	*cell;
	size_t	 ncell;
	size_t	 cellcap;
	size_t	*row;
	size_t	 nrow;
	size_t	 rowcap;
	int	 bad;
};

static void
grid_cell(struct grid *g, const char *s, size_t n)
{
	size_t *p;

	if (g->ncell + 2 > g->cellcap) {
		g->cellcap = g->cellcap ? g->cellcap * 2 : 64;
		if ((p = realloc(g->cell, g->cellcap * sizeof *p)) == NULL) {
			g->bad = 1;
			return;
		}
		g->cell = p;
	}
	g->cell[g->ncell++] = g->text.len;
	g->bad |= sp_buf_append(&g->text, s, n) != 0;
}

static void
grid_cstr(struct grid *g, const char *s)
{
	grid_cell(g, s, strlen(s));
}

static void
grid_row(struct grid *g)
{
	size_t *p;

	if (g->nrow + 2 > g->rowcap) {
		g->rowcap = g->rowcap ? g->rowcap * 2 : 16;
		if ((p = realloc(g->row, g->rowcap * sizeof *p)) == NULL) {
			g->bad = 1;
			return;
		}
		g->row = p;
	}
	g->row[g->nrow++] = g->ncell;
}

static void
grid_num(struct grid *g, long v)
{
	char num[32];

	snprintf(num, sizeof num, "%ld", v);
	grid_cstr(g, num);
}

static void
grid_hundredths(struct grid *g, long v, int dec)
{
	char num[32];

	if (v < 0)
		grid_cstr(g, "");
	else {
		snprintf(num, sizeof num, "%ld%c%02ld", v / 100, dec, v % 100);
		grid_cstr(g, num);
	}
}

static void
grid_percent(struct grid *g, long v)
{
	char num[32];

	if (v < 0)
		grid_cstr(g, "");
	else {
		snprintf(num, sizeof num, "%ld%%", v);
		grid_cstr(g, num);
	}
}

static void
grid_free(struct grid *g)
{
	sp_buf_free(&g->text);
	free(g->cell);
	free(g->row);
	memset(g, 0, sizeof *g);
}

/*
 * Escape a value for a Markdown table cell; inline HTML is escaped too,
 * and bytes that are not UTF-8 become U+FFFD.
 */
static int
md_escape(sp_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;
	int bad = 0;

	while (i < n) {
		switch (s[i]) {
		case '&':
			bad |= sp_buf_puts(out, "&amp;");
			break;
		case '<':
			bad |= sp_buf_puts(out, "&lt;");
			break;
		case '>':
			bad |= sp_buf_puts(out, "&gt;");
			break;
		case '|': case '\\': case '*': case '_': case '`': case '[':
		case ']': case '#': case '~':
			bad |= sp_buf_putc(out, '\\');
			bad |= sp_buf_putc(out, s[i]);
			break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f) {
				bad |= sp_buf_putc(out, ' ');
				break;
			}
			if (u[i] < 0x80) {
				bad |= sp_buf_putc(out, s[i]);
				break;
			}
			if ((len = sp_utf8_decode(u + i, n - i, &cp)) == 0) {
				bad |= sp_buf_puts(out, "\xef\xbf\xbd");
				break;
			}
			bad |= sp_buf_append(out, s + i, len);
			i += len;
			continue;
		}
		i++;
	}
	return bad;
}

/* Write a grid as a text table or as a Markdown table. */
static sp_status
put_grid(struct grid *g, int markdown, sp_writer *w)
{
	sp_buf out = { 0 };
	size_t r, c;
	sp_status st;
	int bad = g->bad;

	if (g->nrow == 0)
		return SP_OK;
	g->cell[g->ncell] = g->text.len;
	g->row[g->nrow] = g->ncell;
	if (!markdown)
		bad |= sp_render_table(&out, sp_buf_str(&g->text), g->cell,
		    g->row, g->nrow);
	else
		for (r = 0; r < g->nrow; r++) {
			for (c = g->row[r]; c < g->row[r + 1]; c++) {
				bad |= sp_buf_puts(&out, "| ");
				bad |= md_escape(&out, g->text.data +
				    g->cell[c], g->cell[c + 1] - g->cell[c]);
				bad |= sp_buf_putc(&out, ' ');
			}
			bad |= sp_buf_puts(&out, "|\n");
			if (r == 0) {
				for (c = g->row[0]; c < g->row[1]; c++)
					bad |= sp_buf_puts(&out, "|---");
				bad |= sp_buf_puts(&out, "|\n");
			}
		}
	st = bad ? SP_ENOMEM : sp_writer_write(w, sp_buf_str(&out), out.len);
	sp_buf_free(&out);
	return st;
}

static sp_status
heading(const sp_report *r, int markdown, int level, const char *s,
    sp_writer *w)
{
	sp_buf out = { 0 };
	sp_status st;
	int bad = 0;

	(void)r;
	if (markdown) {
		bad |= sp_buf_puts(&out, level == 1 ? "# " : "\n## ");
		bad |= md_escape(&out, s, strlen(s));
		bad |= sp_buf_puts(&out, "\n\n");
	} else {
		bad |= sp_buf_puts(&out, level == 1 ? "" : "\n");
		bad |= sp_buf_puts(&out, s);
		bad |= sp_buf_putc(&out, '\n');
	}
	st = bad ? SP_ENOMEM : sp_writer_write(w, out.data, out.len);
	sp_buf_free(&out);
	return st;
}

static sp_status
paragraph(int markdown, int blank_line, const char *s, sp_writer *w)
{
	sp_buf out = { 0 };
	sp_status st;
	int bad = 0;

	/* Markdown needs no blank line after a heading it already has. */
	if (!markdown || blank_line)
		bad |= sp_buf_putc(&out, '\n');
	if (markdown)
		bad |= md_escape(&out, s, strlen(s));
	else
		bad |= sp_buf_puts(&out, s);
	bad |= sp_buf_putc(&out, '\n');
	st = bad ? SP_ENOMEM : sp_writer_write(w, out.data, out.len);
	sp_buf_free(&out);
	return st;
}

static sp_status
write_text(const sp_report *r, const struct view *v, int md, sp_writer *w)
{
	const int dec = sp_writer_decimal(w);
	struct grid g = { 0 };
	sp_buf line = { 0 };
	size_t i, k, gi, len;
	const char *val;
	sp_status st = SP_ENOMEM;
	int f, t;

	sp_buf_printf(&line, "%s: %ld %s", sp_report_text(r, T_TITLE),
	    v->total, sp_report_text(r, v->total == 1 ? T_ROW : T_ROWS));
	if (heading(r, md, 1, sp_buf_str(&line), w) != SP_OK)
		goto out;
	/* grid_row starts a row; the cells that follow are its own. */
	grid_row(&g);
	grid_cstr(&g, sp_report_text(r, T_FORM));
	grid_cstr(&g, sp_report_text(r, T_LABEL));
	grid_cstr(&g, sp_report_text(r, T_COUNT));
	grid_cstr(&g, sp_report_text(r, T_SHARE));
	grid_cstr(&g, sp_report_text(r, T_MEAN));
	grid_cstr(&g, sp_report_text(r, T_REVIEW));
	for (f = 0; f <= 4; f++) {
		grid_row(&g);
		grid_num(&g, f);
		grid_cstr(&g, sp_form_label(f, r->lang));
		grid_num(&g, v->count[f]);
		grid_percent(&g, sp_ratio(v->count[f], v->total));
		grid_hundredths(&g, sp_mean(v->conf[f], v->confn[f]), dec);
		grid_num(&g, v->review[f]);
	}
	grid_row(&g);
	grid_cstr(&g, sp_report_text(r, T_TOTAL));
	grid_cstr(&g, "");
	grid_num(&g, v->total);
	grid_percent(&g, v->total > 0 ? 100 : -1);
	{
		long cs = 0, cn = 0;

		for (f = 0; f <= 4; f++) {
			cs += v->conf[f];
			cn += v->confn[f];
		}
		grid_hundredths(&g, sp_mean(cs, cn), dec);
	}
	grid_num(&g, v->reviews);
	if (put_grid(&g, md, w) != SP_OK)
		goto out;
	grid_free(&g);
	if (paragraph(md, 1, sp_buf_str(&v->sentence), w) != SP_OK)
		goto out;

	if (r->nby > 0) {
		sp_buf_clear(&line);
		sp_buf_printf(&line, "%s ", sp_report_text(r, T_BY));
		for (i = 0; i < r->nby; i++)
			sp_buf_printf(&line, "%s%s", i > 0 ? ", " : "",
			    r->by[i].name);
		if (heading(r, md, 2, sp_buf_str(&line), w) != SP_OK)
			goto out;
		grid_row(&g);
		for (i = 0; i < r->nby; i++)
			grid_cstr(&g, r->by[i].name);
		for (f = 0; f <= 4; f++) {
			char h[32];

			snprintf(h, sizeof h, "%s %d",
			    sp_report_text(r, T_FORM), f);
			grid_cstr(&g, h);
		}
		grid_cstr(&g, sp_report_text(r, T_TOTAL));
		grid_cstr(&g, sp_report_text(r, T_MEAN));
		grid_cstr(&g, sp_report_text(r, T_REVIEW));
		for (k = 0; k < r->groups.n; k++) {
			const struct counts *c;
			long tot = 0, cs = 0, cn = 0, rv = 0;

			gi = v->order[k];
			c = &r->gc[gi];
			grid_row(&g);
			for (i = 0; i < r->nby; i++) {
				val = sp_report_group_value(r, gi, i, &len);
				if (len == 0)
					grid_cstr(&g, sp_report_text(r,
					    T_EMPTY));
				else
					grid_cell(&g, val, len);
			}
			for (f = 0; f <= 4; f++) {
				grid_num(&g, c->count[f]);
				tot += c->count[f];
				cs += c->conf[f];
				cn += c->confn[f];
				rv += c->review[f];
			}
			grid_num(&g, tot);
			grid_hundredths(&g, sp_mean(cs, cn), dec);
			grid_num(&g, rv);
		}
		if (put_grid(&g, md, w) != SP_OK)
			goto out;
		grid_free(&g);
	}

	if (r->transitions) {
		if (heading(r, md, 2, sp_report_text(r, T_TRANSITIONS), w) !=
		    SP_OK)
			goto out;
		grid_row(&g);
		grid_cstr(&g, sp_report_text(r, T_FROM_TO));
		for (t = 0; t <= 4; t++)
			grid_num(&g, t);
		for (f = 0; f <= 4; f++) {
			grid_row(&g);
			grid_num(&g, f);
			for (t = 0; t <= 4; t++)
				grid_num(&g, v->trans[f][t]);
		}
		if (put_grid(&g, md, w) != SP_OK)
			goto out;
		grid_free(&g);
	}

	sp_buf_clear(&line);
	sp_buf_printf(&line, "%s: %ld (%s %ld%c%02d)",
	    sp_report_text(r, T_TO_REVIEW), v->reviews,
	    sp_report_text(r, T_REVIEW_NOTE), (long)(r->threshold / 100), dec,
	    r->threshold % 100);
	if (heading(r, md, 2, sp_buf_str(&line), w) != SP_OK)
		goto out;
	if (r->nrv == 0) {
		if (paragraph(md, 0, sp_report_text(r, v->reviews > 0 ?
		    T_NOT_LISTED : T_NONE), w) != SP_OK)
			goto out;
	} else {
		grid_row(&g);
		grid_cstr(&g, sp_report_text(r, T_ID));
		grid_cstr(&g, sp_report_text(r, T_NAME));
		grid_cstr(&g, sp_report_text(r, T_FORM));
		grid_cstr(&g, sp_report_text(r, T_CONFIDENCE));
		grid_cstr(&g, sp_report_text(r, T_REASON));
		for (i = 0; i < r->nrv; i++) {
			const struct review *p = &r->rv[i];

			grid_row(&g);
			grid_cell(&g, r->rvtext.data + p->id, p->idn);
			grid_cell(&g, r->rvtext.data + p->name, p->namen);
			grid_num(&g, p->form);
			grid_hundredths(&g, p->conf, dec);
			grid_cell(&g, r->rvtext.data + p->reason, p->reasonn);
		}
		if (put_grid(&g, md, w) != SP_OK)
			goto out;
	}
	st = SP_OK;
out:
	grid_free(&g);
	sp_buf_free(&line);
	return st;
}

/* JSON. */

/* Append s as a JSON string: valid UTF-8 kept, invalid bytes U+FFFD. */
static int
sp_json_string(sp_buf *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;
	int bad = 0;

	bad |= sp_buf_putc(out, '"');
	while (i < n) {
		if (u[i] < 0x20 || u[i] == '"' || u[i] == '\\' ||
		    u[i] == 0x7f) {
			switch (u[i]) {
			case '"':
				bad |= sp_buf_puts(out, "\\\"");
				break;
			case '\\':
				bad |= sp_buf_puts(out, "\\\\");
				break;
			case '\n':
				bad |= sp_buf_puts(out, "\\n");
				break;
			case '\r':
				bad |= sp_buf_puts(out, "\\r");
				break;
			case '\t':
				bad |= sp_buf_puts(out, "\\t");
				break;
			default:
				bad |= sp_buf_printf(out, "\\u%04x", u[i]);
			}
			i++;
			continue;
		}
		if (u[i] < 0x80) {
			bad |= sp_buf_putc(out, (char)u[i++]);
			continue;
		}
		if ((len = sp_utf8_decode(u + i, n - i, &cp)) == 0) {
			bad |= sp_buf_puts(out, "\\ufffd");
			i++;
			continue;
		}
		/* U+2028 and U+2029 end lines in JavaScript. */
		if (cp == 0x2028 || cp == 0x2029)
			bad |= sp_buf_printf(out, "\\u%04x", (unsigned)cp);
		else
			bad |= sp_buf_append(out, s + i, len);
		i += len;
	}
	bad |= sp_buf_putc(out, '"');
	return bad;
}

static int
json_hundredths(sp_buf *b, long v)
{
	if (v < 0)
		return sp_buf_puts(b, "null");
	return sp_buf_printf(b, "%ld.%02ld", v / 100, v % 100);
}

static int
json_forms(const sp_report *r, sp_buf *b, const long *count, const long *conf,
    const long *confn, const long *review)
{
	long total = 0;
	int f, bad = 0;

	for (f = 0; f <= 4; f++)
		total += count[f];
	bad |= sp_buf_putc(b, '[');
	for (f = 0; f <= 4; f++) {
		bad |= sp_buf_printf(b, "%s{\"form\": %d, \"label\": ",
		    f > 0 ? ", " : "", f);
		bad |= sp_json_string(b, sp_form_label(f, r->lang),
		    strlen(sp_form_label(f, r->lang)));
		bad |= sp_buf_printf(b, ", \"count\": %ld, \"share\": ",
		    count[f]);
		bad |= json_hundredths(b, sp_ratio(count[f], total));
		bad |= sp_buf_puts(b, ", \"mean_confidence\": ");
		bad |= json_hundredths(b, sp_mean(conf[f], confn[f]));
		bad |= sp_buf_printf(b, ", \"review\": %ld}", review[f]);
	}
	bad |= sp_buf_putc(b, ']');
	return bad;
}

static sp_status
write_json(const sp_report *r, const struct view *v, sp_writer *w)
{
	sp_buf b = { 0 };
	size_t i, k, gi, len;
	const char *val;
	sp_status st;
	int bad = 0, f, t, first;

	bad |= sp_buf_printf(&b, "{\n  \"rows\": %ld,\n  \"lang\": \"%s\",\n"
	    "  \"review_below\": ", v->total, r->lang == SP_LANG_NL ? "nl" :
	    "en");
	bad |= json_hundredths(&b, r->threshold);
	bad |= sp_buf_puts(&b, ",\n  \"forms\": ");
	bad |= json_forms(r, &b, v->count, v->conf, v->confn, v->review);
	bad |= sp_buf_puts(&b, ",\n  \"comparison\": ");
	bad |= sp_json_string(&b, sp_buf_str(&v->sentence), v->sentence.len);
	bad |= sp_buf_puts(&b, ",\n  \"by\": [");
	for (i = 0; i < r->nby; i++) {
		if (i > 0)
			bad |= sp_buf_puts(&b, ", ");
		bad |= sp_json_string(&b, r->by[i].name,
		    strlen(r->by[i].name));
	}
	bad |= sp_buf_puts(&b, "],\n  \"groups\": [");
	for (k = 0; k < r->groups.n && r->nby > 0; k++) {
		gi = v->order[k];
		bad |= sp_buf_puts(&b, k > 0 ? ",\n    {\"values\": [" :
		    "\n    {\"values\": [");
		for (i = 0; i < r->nby; i++) {
			val = sp_report_group_value(r, gi, i, &len);
			if (i > 0)
				bad |= sp_buf_puts(&b, ", ");
			bad |= sp_json_string(&b, val, len);
		}
		bad |= sp_buf_puts(&b, "], \"forms\": ");
		bad |= json_forms(r, &b, r->gc[gi].count, r->gc[gi].conf,
		    r->gc[gi].confn, r->gc[gi].review);
		bad |= sp_buf_putc(&b, '}');
	}
	bad |= sp_buf_puts(&b, r->nby > 0 && r->groups.n > 0 ? "\n  ],\n" :
	    "],\n");
	bad |= sp_buf_puts(&b, "  \"transitions\": [");
	first = 1;
	for (f = 0; f <= 4 && r->transitions; f++)
		for (t = 0; t <= 4; t++) {
			if (v->trans[f][t] == 0)
				continue;
			bad |= sp_buf_printf(&b, "%s{\"from\": %d, \"to\": %d, "
			    "\"count\": %ld}", first ? "" : ", ", f, t,
			    v->trans[f][t]);
			first = 0;
		}
	bad |= sp_buf_printf(&b, "],\n  \"review\": {\"count\": %ld, "
	    "\"listed\": [", v->reviews);
	for (i = 0; i < r->nrv; i++) {
		const struct review *p = &r->rv[i];

		bad |= sp_buf_puts(&b, i > 0 ? ",\n    {\"id\": " :
		    "\n    {\"id\": ");
		bad |= sp_json_string(&b, r->rvtext.data + p->id, p->idn);
		bad |= sp_buf_puts(&b, ", \"name\": ");
		bad |= sp_json_string(&b, r->rvtext.data + p->name, p->namen);
		bad |= sp_buf_printf(&b, ", \"form\": %d, \"confidence\": ",
		    p->form);
		bad |= json_hundredths(&b, p->conf);
		bad |= sp_buf_puts(&b, ", \"reason\": ");
		bad |= sp_json_string(&b, r->rvtext.data + p->reason,
		    p->reasonn);
		bad |= sp_buf_putc(&b, '}');
	}
	bad |= sp_buf_puts(&b, r->nrv > 0 ? "\n  ]}\n}\n" : "]}\n}\n");
	st = bad ? SP_ENOMEM : sp_writer_write(w, b.data, b.len);
	sp_buf_free(&b);
	return st;
}

sp_status
sp_report_format_parse(const char *name, sp_report_format *f)
{
	static const char *const names[] = {
		"csv", "table", "markdown", "json", "html"
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*f = (sp_report_format)i;
			return SP_OK;
		}
	return SP_EINVAL;
}

sp_status
sp_report_write(const sp_report *r, sp_report_format format, sp_writer *w)
{
	struct view v;
	sp_status st;

	if (format == SP_REPORT_PARTIAL)
		return sp_report_write_partial(r, w);
	if (sp_report_view(r, &v) != 0) {
		sp_report_view_free(&v);
		return SP_ENOMEM;
	}
	switch (format) {
	case SP_REPORT_CSV:
		st = write_csv(r, &v, w);
		break;
	case SP_REPORT_TABLE:
		st = write_text(r, &v, 0, w);
		break;
	case SP_REPORT_MARKDOWN:
		st = write_text(r, &v, 1, w);
		break;
	case SP_REPORT_JSON:
		st = write_json(r, &v, w);
		break;
	case SP_REPORT_HTML:
		st = sp_report_write_html(r, &v, w);
		break;
	default:
		st = SP_EINVAL;
	}
	/* A write that failed on the way is a write error, whatever else. */
	if (st != SP_OK && sp_writer_errno(w) != 0)
		st = SP_EIO;
	sp_report_view_free(&v);
	return st;
}
