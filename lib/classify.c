/*
 * classify.c - which form of interplay a record is, and why.
 *
 * Every rule that fires adds its weight to its form, once per record.
 * Keyword rules are compiled into one automaton per field, so a record's
 * text is read once whatever the number of rules. The decision and the
 * confidence formula are described in samenspel.h and
 * samenspel-classify(1).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"
#include "rules.h"

#define MIN_EVIDENCE	100	/* hundredths: a form needs 1.00 */
#define STRENGTH	200	/* the K of the confidence formula */
#define EXCERPT		60	/* bytes of a value quoted in a reason */

enum { OUT_FORM, OUT_LABEL, OUT_CONFIDENCE, OUT_REASON, OUT_SCORES, NOUT };

static const char form_tag[5][5] = {
	"[0] ", "[1] ", "[2] ", "[3] ", "[4] "
};

static const sp_field out_fields[NOUT] = {
	SP_FIELD_FORM, SP_FIELD_FORM_LABEL, SP_FIELD_CONFIDENCE,
	SP_FIELD_REASON, SP_FIELD_SCORES
};

/* The fields whose columns hold evidence. */
#define EVIDENCE_MASK (1UL << SP_FIELD_NAME | 1UL << SP_FIELD_INITIATOR | \
    1UL << SP_FIELD_OWNER | 1UL << SP_FIELD_GOVERNMENT_ROLE | \
    1UL << SP_FIELD_REACTION_TO | 1UL << SP_FIELD_DESCRIPTION | \
    1UL << SP_FIELD_MANUAL_FORM | 1UL << SP_FIELD_PUBLIC_SPECTRUM | \
    1UL << SP_FIELD_APPROACHES | 1UL << SP_FIELD_ORGANIZER_TYPES | \
    1UL << SP_FIELD_TYPE)

/*
 * Where a group was found: a whole value, or the words of a match that
 * ended at end (quoted by sp_match_span only if its rule fires).
 */
struct evidence {
	size_t		col;
	size_t		end;
	unsigned	words;
	int		open_end;
	int		whole;
};

struct scan {			/* a column to read, with its automaton */
	size_t		 col;
	int		 field;
	const sp_matcher *m;
};

struct sp_classifier {
	const sp_rules	*rules;
	sp_lang		 lang;
	int		 want_scores;
	sp_matcher	*matcher[SP_FIELD_COUNT];
	int		 owns_matchers;	/* 0 in a copy from sp_classifier_dup */

	/* Set by sp_classifier_bind. */
	const sp_schema	*schema;
	struct scan	*scans;
	size_t		 nscans;
	size_t		*nonempty;	/* rules of match "nonempty" */
	size_t		 nnonempty;
	signed char	*role;		/* per input column: OUT_* or -1 */
	size_t		 ncols;
	sp_buf		 colnames;	/* the names as reasons quote them */
	size_t		*colname;	/* n + 1 offsets in colnames */
	long		 outcol[NOUT];
	int		 write_scores;

	/* Per record. */
	const sp_record	*rec;
	size_t		 cur_col;
	int		 cur_field;
	uint8_t		*groups;	/* per rule: groups found */
	struct evidence	*ev;		/* per rule and group */
	size_t		*touched;
	size_t		 ntouched;
	size_t		*fired;
	size_t		 nfired;
	long		 score[5];
	int		 form;
	int		 confidence;
	int		 manual;
	sp_buf		 reason;
	sp_buf		 err;
};

static int
is_text_field(int f)
{
	return f == SP_FIELD_TEXT || f == SP_FIELD_NAME ||
	    f == SP_FIELD_DESCRIPTION;
}

/* Add the keywords of a rule to the automaton of a field. */
static int
add_keywords(sp_classifier *c, int field, size_t rule)
{
	const struct sp_rule *r = &c->rules->v[rule];
	const char *s = r->value, *end;
	uint32_t group = 0;

	if (c->matcher[field] == NULL &&
	    (c->matcher[field] = sp_matcher_new()) == NULL)
		return -1;
	for (;;) {
		end = s + strcspn(s, "|&");
		if (end > s && sp_matcher_add(c->matcher[field], s,
		    (size_t)(end - s), (uint32_t)(rule * SP_MAX_GROUPS + group))
		    == -1)
			return -1;
		if (*end == '\0')
			break;
		if (*end == '&')
			group++;
		s = end + 1;
	}
	return 0;
}

/* A classifier without automata: the per-record state for rules. */
static sp_classifier *
classifier_alloc(const sp_rules *rules)
{
	sp_classifier *c;

	if ((c = calloc(1, sizeof *c)) == NULL)
		return NULL;
	c->rules = rules;
	c->lang = SP_LANG_EN;
	c->groups = calloc(rules->n + 1, sizeof *c->groups);
	c->ev = calloc((rules->n + 1) * SP_MAX_GROUPS, sizeof *c->ev);
	c->touched = calloc(rules->n + 1, sizeof *c->touched);
	c->fired = calloc(rules->n + 1, sizeof *c->fired);
	c->nonempty = calloc(rules->n + 1, sizeof *c->nonempty);
	if (c->groups == NULL || c->ev == NULL || c->touched == NULL ||
	    c->fired == NULL || c->nonempty == NULL) {
		sp_classifier_free(c);
		return NULL;
	}
	return c;
}

sp_classifier *
sp_classifier_new(const sp_rules *rules)
{
	sp_classifier *c;
	size_t i;
	int f;

	if ((c = classifier_alloc(rules)) == NULL)
		return NULL;
	c->owns_matchers = 1;
	for (i = 0; i < rules->n; i++) {
		const struct sp_rule *r = &rules->v[i];

		if (r->match == SP_MATCH_NONEMPTY)
			continue;
		/*
		 * The name and the description share one automaton: "text"
		 * rules read both, so keeping one copy halves its memory.
		 */
		if (add_keywords(c, is_text_field(r->field) ? SP_FIELD_TEXT :
		    r->field, i) == -1)
			goto fail;
	}
	for (f = 0; f < SP_FIELD_COUNT; f++)
		if (c->matcher[f] != NULL && sp_matcher_build(c->matcher[f]) ==
		    -1)
			goto fail;
	return c;
fail:
	sp_classifier_free(c);
	return NULL;
}

sp_classifier *
sp_classifier_dup(const sp_classifier *orig)
{
	sp_classifier *c;
	int f;

	if ((c = classifier_alloc(orig->rules)) == NULL)
		return NULL;
	/* Built once, only read from then on: the automata are shared. */
	for (f = 0; f < SP_FIELD_COUNT; f++)
		c->matcher[f] = orig->matcher[f];
	c->lang = orig->lang;
	c->want_scores = orig->want_scores;
	return c;
}

void
sp_classifier_free(sp_classifier *c)
{
	int f;

	if (c == NULL)
		return;
	for (f = 0; f < SP_FIELD_COUNT && c->owns_matchers; f++)
		sp_matcher_free(c->matcher[f]);
	free(c->scans);
	free(c->nonempty);
	free(c->role);
	free(c->groups);
	free(c->ev);
	free(c->touched);
	free(c->fired);
	free(c->colname);
	sp_buf_free(&c->colnames);
	sp_buf_free(&c->reason);
	sp_buf_free(&c->err);
	free(c);
}

void
sp_classifier_set_lang(sp_classifier *c, sp_lang lang)
{
	c->lang = lang;
}

void
sp_classifier_set_scores(sp_classifier *c, int on)
{
	c->want_scores = on;
}

const char *
sp_classifier_error(const sp_classifier *c)
{
	return sp_buf_str(&c->err);
}

sp_status
sp_classifier_bind(sp_classifier *c, const sp_schema *schema)
{
	const sp_record *h = sp_schema_header(schema);
	const size_t *cols;
	size_t i, n, k;
	unsigned long found = 0;
	char known[1024];
	int f;

	c->schema = schema;
	c->nscans = 0;
	c->nnonempty = 0;
	free(c->scans);
	free(c->role);
	free(c->colname);
	c->ncols = h->n;
	c->scans = calloc(h->n + 1, sizeof *c->scans);
	c->role = malloc(h->n + 1);
	c->colname = malloc((h->n + 1) * sizeof *c->colname);
	if (c->scans == NULL || c->role == NULL || c->colname == NULL)
		return SP_ENOMEM;
	/* Quoted in every reason: cut to size once. */
	sp_buf_clear(&c->colnames);
	c->colname[0] = 0;
	for (i = 0; i < h->n; i++) {
		const char *name = sp_record_field(h, i, &n);

		if (sp_buf_append_excerpt(&c->colnames, name, n, 40) == -1)
			return SP_ENOMEM;
		c->colname[i + 1] = c->colnames.len;
	}
	for (f = 0; f < SP_FIELD_COUNT; f++) {
		const sp_matcher *m = c->matcher[is_text_field(f) ?
		    SP_FIELD_TEXT : f];

		n = sp_schema_columns(schema, f, &cols);
		if (n > 0)
			found |= 1UL << f;
		for (k = 0; k < n && m != NULL; k++) {
			c->scans[c->nscans].col = cols[k];
			c->scans[c->nscans].field = f;
			c->scans[c->nscans++].m = m;
		}
	}
	for (i = 0; i < c->rules->n; i++)
		if (c->rules->v[i].match == SP_MATCH_NONEMPTY)
			c->nonempty[c->nnonempty++] = i;
	if (!(found & EVIDENCE_MASK)) {
		sp_field_describe(EVIDENCE_MASK, known, sizeof known);
		sp_buf_clear(&c->err);
		sp_buf_printf(&c->err, "no recognised column; known columns "
		    "are %s", known);
		return SP_EHEADER;
	}
	/*
	 * The columns classify writes are replaced where a classified file
	 * has them, found by their own names only: a column the user calls
	 * "vorm" or "reden" is the user's.
	 */
	memset(c->role, -1, h->n + 1);
	for (k = 0; k < NOUT; k++) {
		c->outcol[k] = sp_header_find(h, sp_field_name(out_fields[k]));
		if (c->outcol[k] >= 0)
			c->role[c->outcol[k]] = (signed char)k;
	}
	/* A scores column already there is kept up to date. */
	c->write_scores = c->want_scores || c->outcol[OUT_SCORES] >= 0;
	return SP_OK;
}

/*
 * The evidence a reason quotes is a group's first occurrence in the
 * column: the one that ends first, and of those the longest. A scan may
 * report occurrences out of that order (match.c cuts long text in two).
 */
static void
on_match(void *ctx, const struct sp_match_hit *hits, size_t n, size_t end)
{
	sp_classifier *c = ctx;
	const struct sp_match_hit *h;

	for (h = hits; h < hits + n; h++) {
		size_t rule = h->id / SP_MAX_GROUPS, g = h->id % SP_MAX_GROUPS;
		const struct sp_rule *r = &c->rules->v[rule];
		struct evidence *e = &c->ev[rule * SP_MAX_GROUPS + g];

		/* A name-only or description-only rule in the shared automaton. */
		if (r->field != SP_FIELD_TEXT && r->field != c->cur_field)
			continue;
		if (c->groups[rule] & (1U << g)) {
			if (e->col != c->cur_col || end > e->end ||
			    (end == e->end && h->words <= e->words))
				continue;
		} else {
			if (c->groups[rule] == 0)
				c->touched[c->ntouched++] = rule;
			c->groups[rule] |= (uint8_t)(1U << g);
			e->col = c->cur_col;
		}
		e->end = end;
		e->words = h->words;
		e->open_end = h->open_end;
		/* A short value is quoted whole. */
		e->whole = !is_text_field(r->field);
	}
}

/* The value of manual_form: 1-4, 0 when empty, -1 when not a form. */
static int
manual_form(const sp_classifier *c, const sp_record *rec, const char **v,
    size_t *vlen)
{
	size_t len;
	const char *s = sp_schema_value(c->schema, rec, SP_FIELD_MANUAL_FORM,
	    &len);

	*v = s;
	*vlen = len;
	s = sp_trim(s, &len);
	if (len == 0)
		return 0;
	if (len == 1 && s[0] >= '1' && s[0] <= '4')
		return s[0] - '0';
	return -1;
}

static void
fire(sp_classifier *c, size_t rule)
{
	const struct sp_rule *r = &c->rules->v[rule];

	c->fired[c->nfired++] = rule;
	if (r->form > 0)
		c->score[r->form] += r->weight;
}

/* Order of the reason: the winner's evidence, others, notes; by weight. */
static int
before(const sp_classifier *c, size_t a, size_t b)
{
	const struct sp_rule *ra = &c->rules->v[a], *rb = &c->rules->v[b];
	int ka = ra->form == c->form ? 0 : ra->form == 0 ? 2 : 1;
	int kb = rb->form == c->form ? 0 : rb->form == 0 ? 2 : 1;
	long wa = ra->weight < 0 ? -ra->weight : ra->weight;
	long wb = rb->weight < 0 ? -rb->weight : rb->weight;

	if (ka != kb)
		return ka < kb;
	if (wa != wb)
		return wa > wb;
	return a < b;
}

/* Append a string literal, its length known at compile time. */
#define PUT_LIT(b, lit)	sp_buf_append((b), (lit), sizeof(lit) - 1)

/* A column's name as reasons quote it, cut to size by bind. */
static int
put_colname(const sp_classifier *c, sp_buf *b, size_t col)
{
	return sp_buf_append(b, c->colnames.data + c->colname[col],
	    c->colname[col + 1] - c->colname[col]);
}

static int
put_hundredths(sp_buf *b, long v)
{
	return sp_buf_printf(b, "%s%ld.%02ld", v < 0 ? "-" : "", labs(v) / 100,
	    labs(v) % 100);
}

static int
build_reason(sp_classifier *c, int tie_a, int tie_b, const char *mv,
    size_t mvlen, int manual_bad)
{
	const int nl = c->lang == SP_LANG_NL;
	sp_buf *b = &c->reason;
	size_t i, j, k, len, t, start, stop;
	const char *s;
	int g, bad = 0;

	sp_buf_clear(b);
	if (c->manual) {
		return sp_buf_puts(b, nl ? "handmatig" : "manual");
	}
	/* Insertion sort: a record fires a handful of rules. */
	for (i = 1; i < c->nfired; i++)
		for (j = i; j > 0 && before(c, c->fired[j], c->fired[j - 1]);
		    j--) {
			t = c->fired[j];
			c->fired[j] = c->fired[j - 1];
			c->fired[j - 1] = t;
		}
	if (c->form == 0) {
		long best = c->score[tie_a];

		if (c->nfired == 0)
			bad |= sp_buf_puts(b, nl ? "geen aanwijzingen in de herkende "
			    "kolommen" : "no evidence in the recognised columns");
		else if (tie_b > 0) {
			bad |= sp_buf_printf(b, nl ? "gelijke stand tussen vorm %d en "
			    "%d (score " : "tie between forms %d and %d (score ",
			    tie_a, tie_b);
			bad |= put_hundredths(b, best);
			bad |= sp_buf_puts(b, "): ");
		} else {
			bad |= sp_buf_puts(b, nl ? "te weinig aanwijzingen (score " :
			    "too little evidence (score ");
			bad |= put_hundredths(b, best > 0 ? best : 0);
			bad |= sp_buf_puts(b, nl ? ", nodig 1.00): " :
			    ", 1.00 needed): ");
		}
	}
	for (i = 0; i < c->nfired; i++) {
		const struct sp_rule *r = &c->rules->v[c->fired[i]];
		const struct evidence *e = &c->ev[c->fired[i] * SP_MAX_GROUPS];

		if (i > 0)
			bad |= PUT_LIT(b, "; ");
		bad |= sp_buf_append(b, form_tag[r->form], 4);
		bad |= put_colname(c, b, e->col);
		bad |= PUT_LIT(b, " \"");
		/*
		 * Text is quoted by the words that matched; a short value
		 * whole, once for each column it came from.
		 */
		for (g = 0; g < r->ngroups; g++) {
			if (!is_text_field(r->field) && g > 0) {
				for (k = 0; k < (size_t)g; k++)
					if (e[k].col == e[g].col)
						break;
				if (k < (size_t)g)
					continue;
			}
			if (g > 0)
				bad |= PUT_LIT(b, " + ");
			s = sp_record_field(c->rec, e[g].col, &len);
			start = 0;
			stop = len;
			if (!e[g].whole)
				sp_match_span(s, len, e[g].end, e[g].words,
				    e[g].open_end, &start, &stop);
			bad |= sp_buf_append_excerpt(b, s + start, stop - start,
			    EXCERPT);
		}
		bad |= PUT_LIT(b, "\": ");
		bad |= sp_buf_append(b, r->reason[c->lang],
		    r->reason_len[c->lang]);
	}
	if (manual_bad) {
		long col = sp_schema_column(c->schema, SP_FIELD_MANUAL_FORM);

		if (b->len > 0)
			bad |= PUT_LIT(b, "; ");
		bad |= put_colname(c, b, (size_t)col);
		bad |= PUT_LIT(b, " \"");
		bad |= sp_buf_append_excerpt(b, mv, mvlen, 20);
		bad |= sp_buf_puts(b, nl ? "\" genegeerd: geen vorm 1-4" :
		    "\" ignored: not a form 1-4");
	}
	return bad;
}

sp_status
sp_classify(sp_classifier *c, const sp_record *rec)
{
	size_t i, k, n, len;
	const size_t *cols;
	const char *s, *mv;
	size_t mvlen;
	long s1 = 0, s2 = 0;
	int f, best = 0, tie = 0, manual;

	c->rec = rec;
	c->ntouched = c->nfired = 0;
	memset(c->score, 0, sizeof c->score);
	for (i = 0; i < c->nscans; i++) {
		c->cur_col = c->scans[i].col;
		c->cur_field = c->scans[i].field;
		s = sp_record_field(rec, c->cur_col, &len);
		sp_matcher_scan(c->scans[i].m, s, len, on_match, c);
	}
	for (i = 0; i < c->ntouched; i++) {
		size_t r = c->touched[i];
		unsigned full = (1U << c->rules->v[r].ngroups) - 1;

		if (c->groups[r] == full)
			fire(c, r);
		c->groups[r] = 0;
	}
	for (i = 0; i < c->nnonempty; i++) {
		size_t r = c->nonempty[i];

		n = sp_schema_columns(c->schema, c->rules->v[r].field, &cols);
		for (k = 0; k < n; k++) {
			s = sp_record_field(rec, cols[k], &len);
			if (!sp_is_blank_value(s, len)) {
				struct evidence *e = &c->ev[r * SP_MAX_GROUPS];

				e->col = cols[k];
				e->whole = 1;
				fire(c, r);
				break;
			}
		}
	}

	/* The decision. */
	for (f = 1; f <= 4; f++) {
		long v = c->score[f] > 0 ? c->score[f] : 0;

		if (v > s1) {
			s2 = s1;
			s1 = v;
			best = f;
			tie = 0;
		} else if (v == s1 && v > 0) {
			s2 = v;
			tie = f;
		} else if (v > s2)
			s2 = v;
	}
	manual = manual_form(c, rec, &mv, &mvlen);
	c->manual = manual > 0;
	if (c->manual) {
		c->form = manual;
		c->confidence = 100;
	} else if (s1 < MIN_EVIDENCE || tie) {
		c->form = 0;
		c->confidence = 0;
	} else {
		long num = (2 * s1 - s2) * 100, den = 2 * (s1 + STRENGTH);

		c->form = best;
		c->confidence = (int)((num + den / 2) / den);
		if (c->confidence > 100)
			c->confidence = 100;
	}
	return build_reason(c, best, tie, mv, mvlen, manual < 0) == 0 ?
	    SP_OK : SP_ENOMEM;
}

int
sp_classifier_form(const sp_classifier *c)
{
	return c->form;
}

int
sp_classifier_confidence(const sp_classifier *c)
{
	return c->confidence;
}

const char *
sp_classifier_reason(const sp_classifier *c)
{
	return sp_buf_str(&c->reason);
}

long
sp_classifier_score(const sp_classifier *c, int form)
{
	return form >= 1 && form <= 4 ? c->score[form] : 0;
}

static const char *const out_names[NOUT] = {
	"form", "form_label", "confidence", "reason", "scores"
};

sp_status
sp_classifier_write_header(const sp_classifier *c, sp_writer *w)
{
	const sp_record *h = sp_schema_header(c->schema);
	size_t k;

	if (sp_writer_record_fields(w, h) != SP_OK)
		return SP_EIO;
	for (k = 0; k < NOUT; k++)
		if (c->outcol[k] < 0 && (k != OUT_SCORES || c->write_scores) &&
		    sp_writer_cstr(w, out_names[k]) != SP_OK)
			return SP_EIO;
	return sp_writer_end_row(w);
}

static sp_status
write_out(const sp_classifier *c, int k, sp_writer *w)
{
	char buf[64];
	long total = 0, share;
	int f, n = 0, dec = sp_writer_decimal(w);

	switch (k) {
	case OUT_FORM:
		buf[0] = (char)('0' + c->form);
		return sp_writer_field(w, buf, 1);
	case OUT_LABEL:
		return sp_writer_cstr(w, sp_form_label(c->form, c->lang));
	case OUT_CONFIDENCE:
		return sp_writer_hundredths(w, c->confidence);
	case OUT_REASON:
		return sp_writer_field(w, c->reason.data != NULL ?
		    c->reason.data : "", c->reason.len);
	default:
		/* Each form's share of the evidence, 1:0.10 2:0.00 ... */
		for (f = 1; f <= 4; f++)
			total += c->score[f] > 0 ? c->score[f] : 0;
		for (f = 1; f <= 4; f++) {
			share = total > 0 && c->score[f] > 0 ?
			    (c->score[f] * 100 + total / 2) / total : 0;
			n += snprintf(buf + n, sizeof buf - (size_t)n,
			    "%s%d:%ld%c%02ld", f > 1 ? " " : "", f, share / 100,
			    dec, share % 100);
		}
		return sp_writer_field(w, buf, (size_t)n);
	}
}

sp_status
sp_classifier_write_row(const sp_classifier *c, const sp_record *rec,
    sp_writer *w)
{
	size_t i, len;
	const char *s;
	int k;

	for (i = 0; i < rec->n; i++) {
		if (i < c->ncols && c->role[i] >= 0) {
			if (write_out(c, c->role[i], w) != SP_OK)
				return SP_EIO;
			continue;
		}
		s = sp_record_field(rec, i, &len);
		if (sp_writer_field(w, s, len) != SP_OK)
			return SP_EIO;
	}
	for (k = 0; k < NOUT; k++)
		if (c->outcol[k] < 0 && (k != OUT_SCORES || c->write_scores) &&
		    write_out(c, k, w) != SP_OK)
			return SP_EIO;
	return sp_writer_end_row(w);
}
