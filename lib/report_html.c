/*
 * report_html.c - a report as one self-contained HTML page: no scripts,
 * no external assets, an inline SVG bar chart, every value from the
 * input escaped. Fit to mail from cron.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

static const char style[] =
"body{font-family:system-ui,-apple-system,'Segoe UI',Helvetica,Arial,"
"sans-serif;margin:2em auto;max-width:60em;padding:0 1em;color:#222}"
"h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em}"
"table{border-collapse:collapse;margin:1em 0}"
"th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;"
"vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}"
"svg text{font-size:13px;fill:#222}.bar{fill:#3b6ea5}"
".f0{fill:#999}.f1{fill:#3b6ea5}.f2{fill:#4e9a4e}.f3{fill:#c58a1c}"
".f4{fill:#a5433b}p.note{color:#555}";

/*
 * Escape text for HTML element content and attribute values. Bytes that
 * are not UTF-8, and control characters, become U+FFFD: the page says
 * it is UTF-8.
 */
static int
esc(sp_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;
	uint32_t cp;
	int bad = 0;

	while (i < n) {
		switch (u[i]) {
		case '&':
			bad |= sp_buf_puts(b, "&amp;");
			break;
		case '<':
			bad |= sp_buf_puts(b, "&lt;");
			break;
		case '>':
			bad |= sp_buf_puts(b, "&gt;");
			break;
		case '"':
			bad |= sp_buf_puts(b, "&quot;");
			break;
		case '\'':
			bad |= sp_buf_puts(b, "&#39;");
			break;
		case '\t': case '\n': case '\r':
			bad |= sp_buf_putc(b, s[i]);
			break;
		default:
			if (u[i] < 0x20 || u[i] == 0x7f) {
				bad |= sp_buf_puts(b, "&#xfffd;");
				break;
			}
			if (u[i] < 0x80) {
				bad |= sp_buf_putc(b, s[i]);
				break;
			}
			if ((len = sp_utf8_decode(u + i, n - i, &cp)) == 0) {
				bad |= sp_buf_puts(b, "&#xfffd;");
				break;
			}
			bad |= sp_buf_append(b, s + i, len);
			i += len;
			continue;
		}
		i++;
	}
	return bad;
}

static int
esc_str(sp_buf *b, const char *s)
{
	return esc(b, s, strlen(s));
}

static int
td_num(sp_buf *b, long v)
{
	return sp_buf_printf(b, "<td class=\"n\">%ld</td>", v);
}

static int
td_hundredths(sp_buf *b, long v, int dec)
{
	if (v < 0)
		return sp_buf_puts(b, "<td class=\"n\"></td>");
	return sp_buf_printf(b, "<td class=\"n\">%ld%c%02ld</td>", v / 100, dec,
	    v % 100);
}

static int
td_percent(sp_buf *b, long v)
{
	if (v < 0)
		return sp_buf_puts(b, "<td class=\"n\"></td>");
	return sp_buf_printf(b, "<td class=\"n\">%ld%%</td>", v);
}

static int
th(sp_buf *b, const char *s)
{
	int bad = 0;

	bad |= sp_buf_puts(b, "<th>");
	bad |= esc_str(b, s);
	bad |= sp_buf_puts(b, "</th>");
	return bad;
}

/* One bar per form that occurs, with its count. */
static int
chart(const sp_report *r, const struct view *v, sp_buf *b)
{
	/*
	 * Each label on a line of its own above its bar: no label, in any
	 * language, runs under a bar.
	 */
	const int barh = 22, texth = 18, gap = 10, maxw = 560;
	long max = 0;
	int f, n = 0, y, bad = 0;

	for (f = 0; f <= 4; f++) {
		if (v->count[f] > max)
			max = v->count[f];
		n += v->count[f] > 0;
	}
	bad |= sp_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"",
	    maxw + 60, n * (texth + barh + gap) + gap);
	bad |= esc_str(b, sp_report_text(r, T_CHART));
	bad |= sp_buf_puts(b, "\">\n");
	y = gap;
	for (f = 0; f <= 4; f++) {
		long w;

		if (v->count[f] == 0)
			continue;
		w = max > 0 ? v->count[f] * maxw / max : 0;
		if (w < 1)
			w = 1;
		bad |= sp_buf_printf(b, "<text x=\"0\" y=\"%d\">%d ",
		    y + texth - 5, f);
		bad |= esc_str(b, sp_form_label(f, r->lang));
		bad |= sp_buf_printf(b, "</text><rect class=\"bar f%d\" "
		    "data-form=\"%d\" x=\"0\" y=\"%d\" width=\"%ld\" "
		    "height=\"%d\"><title>", f, f, y + texth, w, barh);
		bad |= sp_buf_printf(b, "%d: %ld</title></rect>", f,
		    v->count[f]);
		bad |= sp_buf_printf(b, "<text x=\"%ld\" y=\"%d\">%ld</text>\n",
		    w + 6, y + texth + barh * 2 / 3, v->count[f]);
		y += texth + barh + gap;
	}
	bad |= sp_buf_puts(b, "</svg>\n");
	return bad;
}

sp_status
sp_report_write_html(const sp_report *r, const struct view *v, sp_writer *w)
{
	const int dec = sp_writer_decimal(w);
	sp_buf b = { 0 };
	size_t i, k, gi, len;
	const char *val;
	sp_status st;
	long cs = 0, cn = 0;
	int bad = 0, f, t;

	bad |= sp_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<title>", r->lang == SP_LANG_NL ?
	    "nl" : "en");
	bad |= esc_str(&b, sp_report_text(r, T_TITLE));
	bad |= sp_buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n"
	    "<body>\n<h1>", style);
	bad |= esc_str(&b, sp_report_text(r, T_TITLE));
	bad |= sp_buf_printf(&b, ": %ld ", v->total);
	bad |= esc_str(&b, sp_report_text(r, v->total == 1 ? T_ROW : T_ROWS));
	bad |= sp_buf_puts(&b, "</h1>\n");
	bad |= chart(r, v, &b);

	/* Per form. */
	bad |= sp_buf_puts(&b, "<table class=\"forms\">\n<tr>");
	bad |= th(&b, sp_report_text(r, T_FORM));
	bad |= th(&b, sp_report_text(r, T_LABEL));
	bad |= th(&b, sp_report_text(r, T_COUNT));
	bad |= th(&b, sp_report_text(r, T_SHARE));
	bad |= th(&b, sp_report_text(r, T_MEAN));
	bad |= th(&b, sp_report_text(r, T_REVIEW));
	bad |= sp_buf_puts(&b, "</tr>\n");
	for (f = 0; f <= 4; f++) {
		bad |= sp_buf_printf(&b, "<tr><td class=\"n\">%d</td><td>", f);
		bad |= esc_str(&b, sp_form_label(f, r->lang));
		bad |= sp_buf_puts(&b, "</td>");
		bad |= td_num(&b, v->count[f]);
		bad |= td_percent(&b, sp_ratio(v->count[f], v->total));
		bad |= td_hundredths(&b, sp_mean(v->conf[f], v->confn[f]), dec);
		bad |= td_num(&b, v->review[f]);
		bad |= sp_buf_puts(&b, "</tr>\n");
		cs += v->conf[f];
		cn += v->confn[f];
	}
	bad |= sp_buf_puts(&b, "<tr><th colspan=\"2\">");
	bad |= esc_str(&b, sp_report_text(r, T_TOTAL));
	bad |= sp_buf_puts(&b, "</th>");
	bad |= td_num(&b, v->total);
	bad |= td_percent(&b, v->total > 0 ? 100 : -1);
	bad |= td_hundredths(&b, sp_mean(cs, cn), dec);
	bad |= td_num(&b, v->reviews);
	bad |= sp_buf_puts(&b, "</tr>\n</table>\n<p>");
	bad |= esc(&b, sp_buf_str(&v->sentence), v->sentence.len);
	bad |= sp_buf_puts(&b, "</p>\n");

	/* Per group. */
	if (r->nby > 0) {
		bad |= sp_buf_puts(&b, "<h2>");
		bad |= esc_str(&b, sp_report_text(r, T_BY));
		for (i = 0; i < r->nby; i++) {
			bad |= sp_buf_puts(&b, i > 0 ? ", " : " ");
			bad |= esc_str(&b, r->by[i].name);
		}
		bad |= sp_buf_puts(&b, "</h2>\n<table class=\"groups\">\n<tr>");
		for (i = 0; i < r->nby; i++)
			bad |= th(&b, r->by[i].name);
		for (f = 0; f <= 4; f++) {
			bad |= sp_buf_puts(&b, "<th>");
			bad |= esc_str(&b, sp_report_text(r, T_FORM));
			bad |= sp_buf_printf(&b, " %d</th>", f);
		}
		bad |= th(&b, sp_report_text(r, T_TOTAL));
		bad |= th(&b, sp_report_text(r, T_MEAN));
		bad |= th(&b, sp_report_text(r, T_REVIEW));
		bad |= sp_buf_puts(&b, "</tr>\n");
		for (k = 0; k < r->groups.n; k++) {
			const struct counts *c;
			long tot = 0, gs = 0, gn = 0, rv = 0;

			gi = v->order[k];
			c = &r->gc[gi];
			bad |= sp_buf_puts(&b, "<tr>");
			for (i = 0; i < r->nby; i++) {
				val = sp_report_group_value(r, gi, i, &len);
				bad |= sp_buf_puts(&b, "<td>");
				if (len == 0)
					bad |= esc_str(&b, sp_report_text(r,
					    T_EMPTY));
				else
					bad |= esc(&b, val, len);
				bad |= sp_buf_puts(&b, "</td>");
			}
			for (f = 0; f <= 4; f++) {
				bad |= td_num(&b, c->count[f]);
				tot += c->count[f];
				gs += c->conf[f];
				gn += c->confn[f];
				rv += c->review[f];
			}
			bad |= td_num(&b, tot);
			bad |= td_hundredths(&b, sp_mean(gs, gn), dec);
			bad |= td_num(&b, rv);
			bad |= sp_buf_puts(&b, "</tr>\n");
		}
		bad |= sp_buf_puts(&b, "</table>\n");
	}

	/* Transitions. */
	if (r->transitions) {
		bad |= sp_buf_puts(&b, "<h2>");
		bad |= esc_str(&b, sp_report_text(r, T_TRANSITIONS));
		bad |= sp_buf_puts(&b, "</h2>\n<table class=\"transitions\">\n"
		    "<tr>");
		bad |= th(&b, sp_report_text(r, T_FROM_TO));
		for (t = 0; t <= 4; t++)
			bad |= sp_buf_printf(&b, "<th>%d</th>", t);
		bad |= sp_buf_puts(&b, "</tr>\n");
		for (f = 0; f <= 4; f++) {
			bad |= sp_buf_printf(&b, "<tr><th>%d</th>", f);
			for (t = 0; t <= 4; t++)
				bad |= td_num(&b, v->trans[f][t]);
			bad |= sp_buf_puts(&b, "</tr>\n");
		}
		bad |= sp_buf_puts(&b, "</table>\n");
	}

	/* Rows to review. */
	bad |= sp_buf_puts(&b, "<h2>");
	bad |= esc_str(&b, sp_report_text(r, T_TO_REVIEW));
	bad |= sp_buf_printf(&b, ": %ld</h2>\n<p class=\"note\">", v->reviews);
	bad |= esc_str(&b, sp_report_text(r, T_REVIEW_NOTE));
	bad |= sp_buf_printf(&b, " %d%c%02d</p>\n", r->threshold / 100, dec,
	    r->threshold % 100);
	if (r->nrv == 0 && v->reviews > 0) {
		bad |= sp_buf_puts(&b, "<p>");
		bad |= esc_str(&b, sp_report_text(r, T_NOT_LISTED));
		bad |= sp_buf_puts(&b, "</p>\n");
	}
	if (r->nrv > 0) {
		bad |= sp_buf_puts(&b, "<table class=\"review\">\n<tr>");
		bad |= th(&b, sp_report_text(r, T_ID));
		bad |= th(&b, sp_report_text(r, T_NAME));
		bad |= th(&b, sp_report_text(r, T_FORM));
		bad |= th(&b, sp_report_text(r, T_CONFIDENCE));
		bad |= th(&b, sp_report_text(r, T_REASON));
		bad |= sp_buf_puts(&b, "</tr>\n");
		for (i = 0; i < r->nrv; i++) {
			const struct review *p = &r->rv[i];

			bad |= sp_buf_puts(&b, "<tr><td>");
			bad |= esc(&b, r->rvtext.data + p->id, p->idn);
			bad |= sp_buf_puts(&b, "</td><td>");
			bad |= esc(&b, r->rvtext.data + p->name, p->namen);
			bad |= sp_buf_puts(&b, "</td>");
			bad |= td_num(&b, p->form);
			bad |= td_hundredths(&b, p->conf, dec);
			bad |= sp_buf_puts(&b, "<td>");
			bad |= esc(&b, r->rvtext.data + p->reason, p->reasonn);
			bad |= sp_buf_puts(&b, "</td></tr>\n");
		}
		bad |= sp_buf_puts(&b, "</table>\n");
	}
	bad |= sp_buf_puts(&b, "</body>\n</html>\n");
	st = bad ? SP_ENOMEM : sp_writer_write(w, b.data, b.len);
	sp_buf_free(&b);
	return st;
}
