/*
 * report.c - a classified register at a glance: rows per form, shares,
 * mean confidence, rows to review, per group, and how forms turn into
 * one another over time.
 *
 * Memory grows with the number of groups and of (id, date) pairs, never
 * with the number of rows. Everything is kept as exact integers
 * (confidence in hundredths), so that partial counts of parts of a
 * register (--partial) add up to exactly what a whole run counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

#define PARTIAL_TAG	"samenspel-report partial 1"

/*
 * The most rows a report counts: far beyond any register, and small
 * enough that no sum, share or chart width computed from counts
 * overflows a long (confidences are at most 100 per row).
 */
#define MAX_ROWS	10000000000000L	/* 10^13 */

sp_report *
sp_report_new(const sp_kb *kb)
{
	sp_report *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->kb = kb;
	r->threshold = 50;
	r->limit = 50;
	r->formcol = r->confcol = r->idcol = r->namecol = r->reasoncol =
	    r->datecol = -1;
	return r;
}

void
sp_report_free(sp_report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nby; i++)
		free(r->by[i].name);
	free(r->by);
	free(r->gc);
	free(r->rv);
	free(r->seen_form);
	sp_map_free(&r->groups);
	sp_map_free(&r->seen);
	sp_buf_free(&r->rvtext);
	sp_buf_free(&r->key);
	sp_buf_free(&r->err);
	free(r->packoff);
	free(r->packs);
	free(r->derived);
	free(r);
}

void
sp_report_set_lang(sp_report *r, sp_lang lang)
{
	r->lang = lang;
}

void
sp_report_set_review(sp_report *r, int threshold, size_t limit)
{
	r->threshold = threshold;
	r->limit = limit;
}

void
sp_report_set_transitions(sp_report *r, int on)
{
	r->transitions = on;
}

void
sp_report_set_delimiter(sp_report *r, int delim)
{
	r->delim = delim;
}

int
sp_report_delimiter(const sp_report *r)
{
	return r->delim;
}

const char *
sp_report_error(const sp_report *r)
{
	return sp_buf_str(&r->err);
}

unsigned long
sp_report_rows(const sp_report *r)
{
	return r->nrows;
}

unsigned long
sp_report_bad_forms(const sp_report *r)
{
	return r->badform;
}

unsigned long
sp_report_undated(const sp_report *r)
{
	return r->undated;
}

unsigned long
sp_report_empty(const sp_report *r)
{
	return r->empty;
}

static int
error(sp_report *r, const char *fmt, const char *arg)
{
	sp_buf_clear(&r->err);
	sp_buf_printf(&r->err, fmt, arg);
	return -1;
}

sp_status
sp_report_group_by(sp_report *r, const char *spec)
{
	const char *p = spec, *end;
	struct by *by;
	size_t n;

	for (;;) {
		end = p + strcspn(p, ",");
		while (p < end && *p == ' ')
			p++;
		n = (size_t)(end - p);
		while (n > 0 && p[n - 1] == ' ')
			n--;
		if (n == 0) {
			error(r, "empty column name in '%s'", spec);
			return SP_EINVAL;
		}
		if ((by = realloc(r->by, (r->nby + 1) * sizeof *by)) == NULL)
			return SP_ENOMEM;
		r->by = by;
		by = &r->by[r->nby];
		memset(by, 0, sizeof *by);
		by->col = -1;
		if ((by->name = strndup(p, n)) == NULL)
			return SP_ENOMEM;
		r->nby++;
		/* year(COLUMN): the year of a date. */
		if (n >= 5 && strncmp(p, "year(", 5) == 0) {
			if (n < 7 || p[n - 1] != ')') {
				error(r, "bad year(COLUMN) in '%s'", spec);
				return SP_EINVAL;
			}
			by->year = 1;
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	return SP_OK;
}

/* A column by exact name, loose name, or field alias. */
static long
find_column(const sp_schema *s, const char *name, size_t n)
{
	const sp_record *h = sp_schema_header(s);
	char *want;
	size_t i, len;
	const char *v;
	long col = -1;
	int f;

	for (i = 0; i < h->n; i++) {
		v = sp_record_field(h, i, &len);
		if (len == n && memcmp(v, name, n) == 0)
			return (long)i;
	}
	if ((want = strndup(name, n)) == NULL)
		return -1;
	col = sp_header_find(h, want);
	free(want);
	if (col < 0 && (f = sp_field_lookup(name, n)) >= 0)
		col = sp_schema_column(s, (sp_field)f);
	return col;
}

/* What sp_report_pack keeps of a column. */
enum { PACK_NOT, PACK_ALWAYS, PACK_REVIEW };

static void
mark(sp_report *r, long col, unsigned char keep)
{
	if (col >= 0 && (size_t)col < r->npacks)
		r->packs[col] = keep;
}

/*
 * Which columns sp_report_add reads; a row to review's name and reason.
 * A column read always is marked last: it may also be the name.
 */
static sp_status
pack_columns(sp_report *r, size_t n)
{
	static const sp_field classify_fields[] = {
		SP_FIELD_FORM, SP_FIELD_FORM_LABEL, SP_FIELD_CONFIDENCE,
		SP_FIELD_REASON, SP_FIELD_SCORES
	};
	unsigned char *p, *d;
	size_t k;
	long col;

	if ((p = calloc(n + 1, 1)) == NULL || (d = calloc(n + 1, 1)) == NULL) {
		free(p);
		return SP_ENOMEM;
	}
	free(r->packs);
	free(r->derived);
	r->packs = p;
	r->derived = d;
	r->npacks = n;
	for (k = 0; k < sizeof classify_fields / sizeof classify_fields[0];
	    k++)
		if ((col = sp_schema_column(r->schema, classify_fields[k])) >= 0 &&
		    (size_t)col < n)
			d[col] = 1;
	for (r->ninput = 0, k = 0; k < n; k++)
		r->ninput += !d[k];
	mark(r, r->namecol, PACK_REVIEW);
	mark(r, r->reasoncol, PACK_REVIEW);
	mark(r, r->formcol, PACK_ALWAYS);
	mark(r, r->confcol, PACK_ALWAYS);
	mark(r, r->idcol, PACK_ALWAYS);
	mark(r, r->datecol, PACK_ALWAYS);
	for (k = 0; k < r->nby; k++)
		mark(r, r->by[k].col, PACK_ALWAYS);
	return SP_OK;
}

sp_status
sp_report_bind(sp_report *r, const sp_schema *s)
{
	size_t i;
	const char *name;
	size_t n;

	r->schema = s;
	r->formcol = sp_schema_column(s, SP_FIELD_FORM);
	r->confcol = sp_header_find(sp_schema_header(s), "confidence");
	r->idcol = sp_schema_column(s, SP_FIELD_ID);
	r->namecol = sp_schema_column(s, SP_FIELD_NAME);
	r->reasoncol = sp_header_find(sp_schema_header(s), "reason");
	r->datecol = sp_schema_column(s, SP_FIELD_DATE);
	if (r->formcol < 0) {
		error(r, "%s", "no form column (form, vorm); classify the "
		    "register with samenspel-classify first");
		return SP_EHEADER;
	}
	for (i = 0; i < r->nby; i++) {
		name = r->by[i].name;
		n = strlen(name);
		if (r->by[i].year) {
			name += 5;
			n -= 6;
		}
		if ((r->by[i].col = find_column(s, name, n)) < 0) {
			error(r, "no column '%s' to group by", r->by[i].name);
			return SP_EHEADER;
		}
	}
	if (r->transitions && (r->idcol < 0 || r->datecol < 0)) {
		error(r, "%s", "--transitions needs an id column (id, nr) and "
		    "a date column (date, datum)");
		return SP_EHEADER;
	}
	return pack_columns(r, sp_schema_header(s)->n);
}

/* yyyymmdd, or 0 where there is no such day. */
static long
valid_date(long y, long m, long d)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
	    31, 30, 31 };

	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || y < 1000)
		return 0;
	if (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0)))
		return 0;
	return y * 10000 + m * 100 + d;
}

/* A month by its Dutch or English name or abbreviation: 1-12, or 0. */
static long
month_named(const char *s, size_t n)
{
	static const char *const names[] = {
		"januari january jan",
		"februari february feb",
		"maart march mrt mar",
		"april apr",
		"mei may",
		"juni june jun",
		"juli july jul",
		"augustus august aug",
		"september sept sep",
		"oktober october okt oct",
		"november nov",
		"december dec"
	};
	const char *p, *end;
	size_t m, i;

	for (m = 0; m < 12; m++)
		for (p = names[m]; *p != '\0'; p = *end ? end + 1 : end) {
			end = strchr(p, ' ');
			if (end == NULL)
				end = p + strlen(p);
			if ((size_t)(end - p) != n)
				continue;
			for (i = 0; i < n && (s[i] | 0x20) == p[i]; i++)
				;
			if (i == n)
				return (long)m + 1;
		}
	return 0;
}

/* 1 februari 2024, 1 feb. 2024, 01-feb-2024 (a spreadsheet's format). */
static long
named_date(const char *s, size_t n)
{
	size_t i = 0, from, digits;
	long d = 0, m, y = 0;

	while (i < n && s[i] == ' ')
		i++;
	for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		d = d * 10 + (s[i] - '0');
	if (digits == 0 || digits > 2 || i == n || (s[i] != ' ' &&
	    s[i] != '-'))
		return 0;
	for (i++; i < n && s[i] == ' '; i++)
		;
	for (from = i; i < n && ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z');
	    i++)
		;
	if ((m = month_named(s + from, i - from)) == 0)
		return 0;
	if (i < n && s[i] == '.')
		i++;
	if (i == n || (s[i] != ' ' && s[i] != '-'))
		return 0;
	for (i++; i < n && s[i] == ' '; i++)
		;
	for (digits = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
		y = y * 10 + (s[i] - '0');
	/* What follows a date may only be a time. */
	if (digits != 4 || (i < n && s[i] != ' '))
		return 0;
	return valid_date(y, m, d);
}

/*
 * A date as yyyymmdd: 2024-03-01 (also with a time after it),
 * 01-03-2024, 1-3-2024, and the same with '/' or '.'; 1 maart 2024,
 * 1 mrt. 2024, 01-mrt-2024 and their English; 0 if not a date.
 */
long
sp_date_parse(const char *s, size_t n)
{
	long part[3] = { 0, 0, 0 }, y, m, d;
	size_t i = 0, k = 0, digits[3] = { 0, 0, 0 };

	while (i < n && s[i] == ' ')
		i++;
	for (; i < n && k < 3; i++) {
		if (s[i] >= '0' && s[i] <= '9') {
			if (++digits[k] > 4)
				return 0;
			part[k] = part[k] * 10 + (s[i] - '0');
		} else if ((s[i] == '-' || s[i] == '/' || s[i] == '.') &&
		    k < 2 && digits[k] > 0)
			k++;
		else
			break;
	}
	if (k != 2 || digits[2] == 0)
		return named_date(s, n);
	/* What follows a date may only be a time. */
	if (i < n && s[i] != 'T' && s[i] != ' ')
		return 0;
	if (digits[0] == 4 && digits[1] <= 2 && digits[2] <= 2) {
		y = part[0];
		m = part[1];
		d = part[2];
	} else if (digits[0] <= 2 && digits[1] <= 2 && digits[2] == 4) {
		d = part[0];
		m = part[1];
		y = part[2];
	} else
		return 0;
	return valid_date(y, m, d);
}

/* "0.85", "0,85", "1", ".5": hundredths, or -1. */
static int
parse_confidence(const char *s, size_t n)
{
	size_t i, dec = 0;
	int v = 0, point = 0, any = 0;

	s = sp_trim(s, &n);
	for (i = 0; i < n; i++) {
		if ((s[i] == '.' || s[i] == ',') && !point) {
			point = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9')
			return -1;
		any = 1;
		if (point && ++dec > 2)
			continue;	/* more decimals: cut, not rounded */
		v = v * 10 + (s[i] - '0');
		if (v > 10000)
			return -1;
	}
	if (!any)
		return -1;
	while (dec < 2) {
		v *= 10;
		dec++;
	}
	return v <= 100 ? v : -1;
}

/* The counts of a group, added when new. key holds its values. */
static struct counts *
group(sp_report *r, const char *key, size_t len)
{
	long g = sp_map_find(&r->groups, key, len, 1);
	struct counts *p;

	if (g < 0)
		return NULL;
	if ((size_t)g >= r->gcap) {
		size_t cap = r->gcap ? r->gcap * 2 : 16;

		if ((p = realloc(r->gc, cap * sizeof *p)) == NULL)
			return NULL;
		memset(p + r->gcap, 0, (cap - r->gcap) * sizeof *p);
		r->gc = p;
		r->gcap = cap;
	}
	return &r->gc[g];
}

/* Append a group value to the key: length-prefixed, so any bytes go. */
static int
key_add(sp_buf *key, const char *v, size_t n)
{
	char len[sizeof(size_t)];

	memcpy(len, &n, sizeof n);
	return sp_buf_append(key, len, sizeof len) == -1 ||
	    sp_buf_append(key, v, n) == -1 ? -1 : 0;
}

static int
keep_review(sp_report *r, const char *id, size_t idn, const char *name,
    size_t namen, int form, int conf, const char *reason, size_t reasonn)
{
	struct review *p;

	if (r->nrv >= r->limit)
		return 0;
	if (r->nrv % 16 == 0) {
		if ((p = realloc(r->rv, (r->nrv + 16) * sizeof *p)) == NULL)
			return -1;
		r->rv = p;
	}
	p = &r->rv[r->nrv];
	p->form = form;
	p->conf = conf;
	p->id = r->rvtext.len;
	p->idn = idn;
	p->name = p->id + idn;
	p->namen = namen;
	p->reason = p->name + namen;
	p->reasonn = reasonn;
	if (sp_buf_append(&r->rvtext, id, idn) == -1 ||
	    sp_buf_append(&r->rvtext, name, namen) == -1 ||
	    sp_buf_append(&r->rvtext, reason, reasonn) == -1)
		return -1;
	r->nrv++;
	return 0;
}

static int
keep_seen(sp_report *r, const char *id, size_t idn, long date, int form)
{
	char d[9];
	long k;
	unsigned char *p;

	snprintf(d, sizeof d, "%08ld", date);
	sp_buf_clear(&r->key);
	if (key_add(&r->key, id, idn) == -1 ||
	    sp_buf_append(&r->key, d, 8) == -1)
		return -1;
	if ((k = sp_map_find(&r->seen, r->key.data, r->key.len, 1)) < 0)
		return -1;
	if ((size_t)k >= r->seencap) {
		size_t cap = r->seencap ? r->seencap * 2 : 256;

		if ((p = realloc(r->seen_form, cap)) == NULL)
			return -1;
		r->seen_form = p;
		r->seencap = cap;
	}
	/* One entry per (id, date): a later row of the same day wins. */
	r->seen_form[k] = (unsigned char)form;
	return 0;
}

static const char *
field(const sp_record *rec, long col, size_t *len)
{
	if (col < 0) {
		*len = 0;
		return "";
	}
	return sp_record_field(rec, (size_t)col, len);
}

/* A record's form, -1 when it is not 0-4; its confidence, -1 for none. */
static int
record_form(const sp_report *r, const sp_record *rec, int *conf)
{
	const char *v;
	size_t n;

	v = field(rec, r->confcol, &n);
	*conf = r->confcol >= 0 ? parse_confidence(v, n) : -1;
	v = field(rec, r->formcol, &n);
	return sp_form_value(v, n);
}

/*
 * A row with nothing in it: a spreadsheet's export ends in such rows
 * (";;;;"). Every column the register has is blank; classify's own
 * columns say form 0, or are blank too. No columns of its own at all is
 * no register, so no row of it is empty.
 */
static int
empty_row(const sp_report *r, const sp_record *rec)
{
	const char *v;
	size_t i, n;

	if (r->ninput == 0)
		return 0;
	for (i = 0; i < rec->n; i++) {
		v = sp_record_field(rec, i, &n);
		if (i < r->npacks && r->derived[i] && (long)i != r->formcol)
			continue;
		if ((long)i == r->formcol && sp_form_value(v, n) == 0)
			continue;
		(void)sp_trim(v, &n);
		if (n > 0)
			return 0;
	}
	return 1;
}

/* Form 0, or a confidence below the threshold. */
static int
to_review(const sp_report *r, int form, int conf)
{
	return form == 0 || (conf >= 0 && conf < r->threshold);
}

static sp_status add(sp_report *, const sp_record *);

sp_status
sp_report_add(sp_report *r, const sp_record *rec)
{
	if (empty_row(r, rec)) {
		r->empty++;
		return SP_OK;
	}
	return add(r, rec);
}

static sp_status
add(sp_report *r, const sp_record *rec)
{
	struct counts *c;
	const char *v, *id, *name, *reason;
	size_t i, n, idn, namen, reasonn;
	char year[16];
	long date;
	int form, conf;

	r->nrows++;
	if ((form = record_form(r, rec, &conf)) < 0) {
		r->badform++;
		form = 0;
	}
	sp_buf_clear(&r->key);
	for (i = 0; i < r->nby; i++) {
		v = field(rec, r->by[i].col, &n);
		if (r->by[i].year) {
			date = sp_date_parse(v, n);
			n = date > 0 ? (size_t)snprintf(year, sizeof year,
			    "%ld", date / 10000) : 0;
			v = year;
		}
		if (key_add(&r->key, v, n) == -1)
			return SP_ENOMEM;
	}
	if ((c = group(r, sp_buf_str(&r->key), r->key.len)) == NULL)
		return SP_ENOMEM;
	c->count[form]++;
	if (conf >= 0) {
		c->conf[form] += conf;
		c->confn[form]++;
	}
	if (to_review(r, form, conf)) {
		c->review[form]++;
		id = field(rec, r->idcol, &idn);
		name = field(rec, r->namecol, &namen);
		reason = field(rec, r->reasoncol, &reasonn);
		if (keep_review(r, id, idn, name, namen, form, conf, reason,
		    reasonn) == -1)
			return SP_ENOMEM;
	}
	if (r->transitions) {
		id = field(rec, r->idcol, &idn);
		v = field(rec, r->datecol, &n);
		if ((date = sp_date_parse(v, n)) == 0 || idn == 0)
			r->undated++;
		else if (keep_seen(r, id, idn, date, form) == -1)
			return SP_ENOMEM;
	}
	return SP_OK;
}

/* Records parsed in other threads. */

/*
 * A packed record: the field count n and the data's length, then n + 1
 * offsets into the data, then the data: the fields sp_report_add reads,
 * and the others empty, each NUL-terminated as in an sp_record. The name
 * and the reason, long, only of a row it lists to review.
 */
/* Field i of rec as packed with keep: itself, or empty. */
static const char *
packed_field(const sp_report *r, const sp_record *rec, size_t i,
    unsigned char keep, size_t *len)
{
	if (i < r->npacks && r->packs[i] != PACK_NOT && r->packs[i] <= keep)
		return sp_record_field(rec, i, len);
	*len = 0;
	return "";
}

sp_status
sp_report_pack(const sp_report *r, const sp_record *rec, sp_writer *w)
{
	size_t head[2], i, len, off = 0;
	const char *v;
	int form, conf;
	unsigned char keep = PACK_ALWAYS;

	if (empty_row(r, rec)) {
		head[0] = head[1] = 0;
		return sp_writer_write(w, head, sizeof head) == SP_OK &&
		    sp_writer_write(w, &off, sizeof off) == SP_OK ? SP_OK :
		    SP_EIO;
	}
	if ((form = record_form(r, rec, &conf)) < 0)
		form = 0;
	if (to_review(r, form, conf))
		keep = PACK_REVIEW;
	head[0] = rec->n;
	head[1] = 0;
	for (i = 0; i < rec->n; i++) {
		(void)packed_field(r, rec, i, keep, &len);
		head[1] += len + 1;
	}
	if (sp_writer_write(w, head, sizeof head) != SP_OK ||
	    sp_writer_write(w, &off, sizeof off) != SP_OK)
		return SP_EIO;
	for (i = 0; i < rec->n; i++) {
		(void)packed_field(r, rec, i, keep, &len);
		off += len + 1;
		if (sp_writer_write(w, &off, sizeof off) != SP_OK)
			return SP_EIO;
	}
	for (i = 0; i < rec->n; i++) {
		v = packed_field(r, rec, i, keep, &len);
		if (sp_writer_write(w, v, len + 1) != SP_OK)
			return SP_EIO;
	}
	return SP_OK;
}

sp_status
sp_report_add_packed(sp_report *r, const void *bytes, size_t len)
{
	const char *p = bytes, *end = p + len;
	size_t head[2], n, i;
	sp_record rec;
	sp_status st;

	while (p < end) {
		if ((size_t)(end - p) < sizeof head)
			return SP_EINVAL;
		memcpy(head, p, sizeof head);
		p += sizeof head;
		n = head[0];
		if (n >= (size_t)(end - p) / sizeof(size_t))
			return SP_EINVAL;
		if (n + 1 > r->packcap) {
			size_t *o = realloc(r->packoff, (n + 1) * sizeof *o);

			if (o == NULL)
				return SP_ENOMEM;
			r->packoff = o;
			r->packcap = n + 1;
		}
		memcpy(r->packoff, p, (n + 1) * sizeof *r->packoff);
		p += (n + 1) * sizeof *r->packoff;
		if (head[1] > (size_t)(end - p) || r->packoff[0] != 0 ||
		    r->packoff[n] != head[1])
			return SP_EINVAL;
		/* Each field ends in its NUL, where the next one starts. */
		for (i = 0; i < n; i++)
			if (r->packoff[i + 1] <= r->packoff[i] ||
			    p[r->packoff[i + 1] - 1] != '\0')
				return SP_EINVAL;
		rec.data = p;
		rec.off = r->packoff;
		rec.n = n;
		rec.line = 0;
		/*
		 * A packed row of no fields stands for an empty one; others
		 * lack the columns that are not counted, so are not tested.
		 */
		if (n == 0)
			r->empty++;
		else if ((st = add(r, &rec)) != SP_OK)
			return st;
		p += head[1];
	}
	return SP_OK;
}

/* Partial files. */

sp_status
sp_report_put_long(sp_writer *w, long v)
{
	char num[32];

	snprintf(num, sizeof num, "%ld", v);
	return sp_writer_cstr(w, num);
}

/* The options that must agree between partial files. */
static int
meta(const sp_report *r, sp_buf *b)
{
	size_t i;
	int bad = 0;

	bad |= sp_buf_printf(b, "review=%d limit=%zu transitions=%d "
	    "delimiter=%d by=", r->threshold, r->limit, r->transitions,
	    r->delim);
	for (i = 0; i < r->nby; i++) {
		if (i > 0)
			bad |= sp_buf_putc(b, ',');
		bad |= sp_buf_puts(b, r->by[i].name);
	}
	return bad;
}

/* Split a group key into its values: the i-th value, or NULL. */
static const char *
key_value(const char *key, size_t keylen, size_t i, size_t *len)
{
	size_t pos = 0, n;

	for (;;) {
		if (pos + sizeof n > keylen)
			return NULL;
		memcpy(&n, key + pos, sizeof n);
		if (i-- == 0) {
			*len = n;
			return key + pos + sizeof n;
		}
		pos += sizeof n + n;
	}
}

const char *
sp_report_group_value(const sp_report *r, size_t g, size_t i, size_t *len)
{
	size_t keylen;
	const char *key = sp_map_key(&r->groups, g, &keylen);

	return key_value(key, keylen, i, len);
}

sp_status
sp_report_put_empty(sp_writer *w, size_t n)
{
	while (n-- > 0)
		if (sp_writer_field(w, "", 0) != SP_OK)
			return SP_EIO;
	return SP_OK;
}

sp_status
sp_report_write_partial(const sp_report *r, sp_writer *w)
{
	static const char *const tail[] = {
		"form", "count", "confidence_sum", "confidence_n", "review",
		"id", "date", "name", "confidence", "reason"
	};
	sp_buf m = { 0 };
	size_t i, g, n, len = 0;
	const char *key, *v;
	int f;

	if (sp_writer_cstr(w, "record") != SP_OK)
		return SP_EIO;
	for (i = 0; i < r->nby; i++)
		if (sp_writer_cstr(w, r->by[i].name) != SP_OK)
			return SP_EIO;
	for (i = 0; i < sizeof tail / sizeof tail[0]; i++)
		if (sp_writer_cstr(w, tail[i]) != SP_OK)
			return SP_EIO;
	if (sp_writer_end_row(w) != SP_OK || meta(r, &m) != 0) {
		sp_buf_free(&m);
		return SP_EIO;
	}
	/* meta: a tag and the options, in the name and reason columns. */
	if (sp_writer_cstr(w, "meta") != SP_OK ||
	    sp_report_put_empty(w, r->nby + 7) != SP_OK ||
	    sp_writer_cstr(w, PARTIAL_TAG) != SP_OK ||
	    sp_writer_field(w, "", 0) != SP_OK ||
	    sp_writer_field(w, m.data, m.len) != SP_OK ||
	    sp_writer_end_row(w) != SP_OK) {
		sp_buf_free(&m);
		return SP_EIO;
	}
	sp_buf_free(&m);
	for (g = 0; g < r->groups.n; g++) {
		for (f = 0; f <= 4; f++) {
			const struct counts *c = &r->gc[g];

			if (c->count[f] == 0)
				continue;
			if (sp_writer_cstr(w, "count") != SP_OK)
				return SP_EIO;
			for (i = 0; i < r->nby; i++) {
				v = sp_report_group_value(r, g, i, &len);
				if (sp_writer_field(w, v, len) != SP_OK)
					return SP_EIO;
			}
			if (sp_report_put_long(w, f) != SP_OK ||
			    sp_report_put_long(w, c->count[f]) != SP_OK ||
			    sp_report_put_long(w, c->conf[f]) != SP_OK ||
			    sp_report_put_long(w, c->confn[f]) != SP_OK ||
			    sp_report_put_long(w, c->review[f]) != SP_OK ||
			    sp_report_put_empty(w, 5) != SP_OK ||
			    sp_writer_end_row(w) != SP_OK)
				return SP_EIO;
		}
	}
	for (i = 0; i < r->nrv; i++) {
		const struct review *p = &r->rv[i];

		if (sp_writer_cstr(w, "review") != SP_OK ||
		    sp_report_put_empty(w, r->nby) != SP_OK ||
		    sp_report_put_long(w, p->form) != SP_OK ||
		    sp_report_put_empty(w, 4) != SP_OK ||
		    sp_writer_field(w, r->rvtext.data + p->id, p->idn) !=
		    SP_OK || sp_writer_field(w, "", 0) != SP_OK ||
		    sp_writer_field(w, r->rvtext.data + p->name, p->namen) !=
		    SP_OK || sp_report_put_long(w, p->conf) != SP_OK ||
		    sp_writer_field(w, r->rvtext.data + p->reason,
		    p->reasonn) != SP_OK || sp_writer_end_row(w) != SP_OK)
			return SP_EIO;
	}
	for (i = 0; i < r->seen.n; i++) {
		key = sp_map_key(&r->seen, i, &n);
		if ((v = key_value(key, n, 0, &len)) == NULL)
			return SP_EINVAL;
		if (sp_writer_cstr(w, "seen") != SP_OK ||
		    sp_report_put_empty(w, r->nby) != SP_OK ||
		    sp_report_put_long(w, r->seen_form[i]) != SP_OK ||
		    sp_report_put_empty(w, 4) != SP_OK ||
		    sp_writer_field(w, v, len) != SP_OK ||
		    sp_writer_field(w, key + n - 8, 8) != SP_OK ||
		    sp_report_put_empty(w, 3) != SP_OK ||
		    sp_writer_end_row(w) != SP_OK)
			return SP_EIO;
	}
	return SP_OK;
}

/* A whole number in a partial file, or -1. */
static long
number(const char *s, size_t n)
{
	long v = 0;
	size_t i;

	if (n == 0 || n > 16)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= 100 * MAX_ROWS ? v : -1;
}

/* The next "name=N" of an options line: N, or -1. */
static long
option_value(const char **p, const char *end, const char *name)
{
	size_t n = strlen(name);
	long v = 0;

	while (*p < end && **p == ' ')
		(*p)++;
	if ((size_t)(end - *p) <= n || memcmp(*p, name, n) != 0 ||
	    (*p)[n] != '=')
		return -1;
	*p += n + 1;
	if (*p == end || **p < '0' || **p > '9')
		return -1;
	while (*p < end && **p >= '0' && **p <= '9' && v < 100000000)
		v = v * 10 + (*(*p)++ - '0');
	return v;
}

/* "review=50 limit=50 transitions=1 by=...": the options it sets. */
static int
parse_options(sp_report *r, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	long review, limit, transitions, delim;

	if ((review = option_value(&p, end, "review")) < 0 || review > 100 ||
	    (limit = option_value(&p, end, "limit")) < 0 ||
	    (transitions = option_value(&p, end, "transitions")) < 0 ||
	    transitions > 1 || (delim = option_value(&p, end, "delimiter")) <
	    0 || delim > 255)
		return -1;
	r->delim = (int)delim;
	r->threshold = (int)review;
	r->limit = (size_t)limit;
	r->transitions = (int)transitions;
	return 0;
}

sp_status
sp_report_merge(sp_report *r, sp_reader *rd)
{
	const sp_record *h = sp_reader_header(rd), *rec;
	size_t nby, i, n, len, idn, namen, reasonn;
	const char *v, *id, *name, *reason;
	struct counts *c;
	sp_buf m = { 0 };
	long num[5], date;
	int form, conf, have_meta = 0;
	sp_status st;

	if (h == NULL || h->n < 11 || strcmp(sp_record_field(h, 0, NULL),
	    "record") != 0) {
		error(r, "%s", "not a partial report (made with --partial)");
		return SP_EINVAL;
	}
	nby = h->n - 11;
	if (r->merged == 0) {
		/* The first partial sets the groups. */
		for (i = 0; i < nby; i++) {
			v = sp_record_field(h, 1 + i, &len);
			if (sp_report_group_by(r, "x") != SP_OK)
				return SP_ENOMEM;
			free(r->by[r->nby - 1].name);
			if ((r->by[r->nby - 1].name = strndup(v, len)) == NULL)
				return SP_ENOMEM;
		}
	} else if (nby != r->nby) {
		error(r, "%s", "partial reports made with other options");
		return SP_EINVAL;
	}
	while ((st = sp_reader_next(rd, &rec)) == SP_OK) {
		v = sp_record_field(rec, 0, &len);
		/* Partial files concatenated (parallel ... --partial | ...):
		 * a repeated header, then the next one's options row. */
		if (len == 6 && memcmp(v, "record", 6) == 0) {
			have_meta = 0;
			continue;
		}
		if (len == 4 && memcmp(v, "meta", 4) == 0)
			have_meta = 0;
		if (!have_meta) {
			/* The first row says with which options it was made. */
			const char *tag = sp_record_field(rec, nby + 8, &n);
			const char *opts = sp_record_field(rec, nby + 10, &len);

			if (n != strlen(PARTIAL_TAG) ||
			    memcmp(tag, PARTIAL_TAG, n) != 0) {
				error(r, "%s", "not a partial report (made with "
				    "--partial)");
				return SP_EINVAL;
			}
			if (r->merged == 0 && !r->have_opts) {
				if (parse_options(r, opts, len) == -1) {
					error(r, "%s", "bad options line in a "
					    "partial report");
					return SP_EINVAL;
				}
				r->have_opts = 1;
			}
			sp_buf_clear(&m);
			if (meta(r, &m) != 0)
				return SP_ENOMEM;
			if (m.len != len || memcmp(m.data, opts, len) != 0) {
				sp_buf_free(&m);
				error(r, "%s", "partial reports made with other "
				    "options");
				return SP_EINVAL;
			}
			sp_buf_free(&m);
			have_meta = 1;
			continue;
		}
		v = sp_record_field(rec, nby + 1, &n);
		if ((form = sp_form_value(v, n)) < 0) {
			error(r, "%s", "bad form in a partial report");
			return SP_EINVAL;
		}
		v = sp_record_field(rec, 0, &len);
		if (len == 5 && memcmp(v, "count", 5) == 0) {
			sp_buf_clear(&r->key);
			for (i = 0; i < nby; i++) {
				v = sp_record_field(rec, 1 + i, &n);
				if (key_add(&r->key, v, n) == -1)
					return SP_ENOMEM;
			}
			for (i = 0; i < 4; i++) {
				v = sp_record_field(rec, nby + 2 + i, &n);
				if ((num[i] = number(v, n)) < 0) {
					error(r, "%s", "bad count in a partial "
					    "report");
					return SP_EINVAL;
				}
			}
			/* Counts as a report writes them, and not too many. */
			if (num[2] > num[0] || num[3] > num[0] ||
			    num[1] > 100 * num[2] ||
			    num[0] > MAX_ROWS - (long)r->nrows) {
				error(r, "%s", "counts in a partial report that "
				    "do not add up");
				return SP_EINVAL;
			}
			if ((c = group(r, sp_buf_str(&r->key), r->key.len)) ==
			    NULL)
				return SP_ENOMEM;
			c->count[form] += num[0];
			c->conf[form] += num[1];
			c->confn[form] += num[2];
			c->review[form] += num[3];
			r->nrows += (unsigned long)num[0];
		} else if (len == 6 && memcmp(v, "review", 6) == 0) {
			id = sp_record_field(rec, nby + 6, &idn);
			name = sp_record_field(rec, nby + 8, &namen);
			v = sp_record_field(rec, nby + 9, &n);
			conf = n == 0 ? -1 : (int)number(v, n);
			reason = sp_record_field(rec, nby + 10, &reasonn);
			if (keep_review(r, id, idn, name, namen, form, conf,
			    reason, reasonn) == -1)
				return SP_ENOMEM;
		} else if (len == 4 && memcmp(v, "seen", 4) == 0) {
			id = sp_record_field(rec, nby + 6, &idn);
			v = sp_record_field(rec, nby + 7, &n);
			if (n != 8 || (date = number(v, n)) <= 0) {
				error(r, "%s", "bad date in a partial report");
				return SP_EINVAL;
			}
			if (keep_seen(r, id, idn, date, form) == -1)
				return SP_ENOMEM;
		} else {
			error(r, "%s", "unknown record in a partial report");
			return SP_EINVAL;
		}
	}
	if (st != SP_EOF) {
		error(r, "%s", sp_reader_error(rd, NULL, NULL, NULL));
		return st;
	}
	if (!have_meta) {
		error(r, "%s", "not a partial report (made with --partial)");
		return SP_EINVAL;
	}
	r->merged++;
	return SP_OK;
}
