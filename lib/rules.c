/*
 * rules.c - the classification rule table: built in, loaded, written.
 *
 * The built-in table is lib/data/rules.csv, compiled in and read with the
 * same loader as a user's --rules file, so both obey the same checks and
 * --dump-rules prints what is in force.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rules.h"

static const char *const columns[] = {
	"field", "match", "value", "form", "weight", "reason_nl", "reason_en"
};
#define NCOLUMNS (sizeof columns / sizeof columns[0])

static const char *const match_names[] = { "word", "all", "nonempty" };

void
sp_rules_free(sp_rules *rules)
{
	size_t i;

	if (rules == NULL)
		return;
	for (i = 0; i < rules->n; i++) {
		free(rules->v[i].value);
		free(rules->v[i].reason[0]);
		free(rules->v[i].reason[1]);
	}
	free(rules->v);
	free(rules);
}

size_t
sp_rules_count(const sp_rules *rules)
{
	return rules->n;
}

/*
 * Parse "-1.25", "8", "0.5": hundredths in *out. A spreadsheet's "1,5"
 * and "'-6" (a sign kept from being read as a formula) are read too.
 */
static int
parse_weight(const char *s, size_t n, long *out)
{
	size_t i = 0, dec = 0;
	long v = 0;
	int neg = 0, point = 0;

	if (n > 1 && s[0] == '\'' && (s[1] == '-' || s[1] == '+')) {
		s++;
		n--;
	}
	if (n > 0 && (s[0] == '-' || s[0] == '+')) {
		neg = s[0] == '-';
		i++;
	}
	if (i == n)
		return -1;
	for (; i < n; i++) {
		if ((s[i] == '.' || s[i] == ',') && !point) {
			point = 1;
			continue;
		}
		if (s[i] < '0' || s[i] > '9' || (point && ++dec > 2))
			return -1;
		v = v * 10 + (s[i] - '0');
		if (v > 1000000)
			return -1;
	}
	if (point && dec == 0)
		return -1;
	while (dec++ < 2)
		v *= 10;
	*out = neg ? -v : v;
	return 0;
}

/* Does every keyword of a value hold something to match? */
static const char *
check_value(const char *s, int match, int *ngroups)
{
	int groups = 1, letters = 0, any = 0;
	const unsigned char *u = (const unsigned char *)s;

	for (;; u++) {
		if (*u == '|' || *u == '&' || *u == '\0') {
			if (!letters)
				return any || *u != '\0' || groups > 1 ?
				    "a keyword without letters or digits" :
				    "value is empty";
			letters = 0;
			if (*u == '\0')
				break;
			if (*u == '&') {
				if (match != SP_MATCH_ALL)
					return "'&' is only allowed with "
					    "match 'all'";
				if (++groups > SP_MAX_GROUPS)
					return "too many '&' groups (at most 8)";
			}
			continue;
		}
		any = 1;
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		    (*u >= '0' && *u <= '9') || *u >= 0x80)
			letters = 1;
	}
	*ngroups = groups;
	return NULL;
}

static char *
dup_field(const sp_record *rec, long col)
{
	size_t len;
	const char *s = col >= 0 ? sp_record_field(rec, (size_t)col, &len) :
	    "";
	char *p;

	if (col < 0)
		len = 0;
	if ((p = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

static sp_status
fail(unsigned long *line, unsigned long at, char *msg, size_t size,
    const char *text)
{
	if (line != NULL)
		*line = at;
	if (msg != NULL && size > 0)
		snprintf(msg, size, "%s", text);
	return SP_EINVAL;
}

/* Check one row and append it as a rule. */
static sp_status
add_rule(sp_rules *rules, const sp_record *rec, const long *col,
    unsigned long *line, char *msg, size_t size)
{
	struct sp_rule r = { 0 };
	const char *s, *why;
	char text[160];
	size_t len, k;
	int f;

	s = sp_record_field(rec, (size_t)col[0], &len);
	for (f = 0; f < SP_FIELD_COUNT; f++)
		if (strlen(sp_field_name(f)) == len &&
		    strncasecmp(s, sp_field_name(f), len) == 0)
			break;
	if (f == SP_FIELD_COUNT || f == SP_FIELD_FORM_LABEL ||
	    f == SP_FIELD_CONFIDENCE || f == SP_FIELD_REASON ||
	    f == SP_FIELD_SCORES) {
		snprintf(text, sizeof text, "unknown field '%.*s'",
		    (int)(len > 40 ? 40 : len), s);
		return fail(line, rec->line, msg, size, text);
	}
	r.field = f;

	s = sp_record_field(rec, (size_t)col[1], &len);
	for (k = 0; k < 3; k++)
		if (strlen(match_names[k]) == len &&
		    strncasecmp(s, match_names[k], len) == 0)
			break;
	if (k == 3) {
		snprintf(text, sizeof text, "unknown match '%.*s' (word, all "
		    "or nonempty)", (int)(len > 40 ? 40 : len), s);
		return fail(line, rec->line, msg, size, text);
	}
	r.match = (int)k;

	s = sp_record_field(rec, (size_t)col[3], &len);
	if (len != 1 || s[0] < '0' || s[0] > '4')
		return fail(line, rec->line, msg, size,
		    "form must be 0, 1, 2, 3 or 4");
	r.form = s[0] - '0';

	s = sp_record_field(rec, (size_t)col[4], &len);
	if (parse_weight(s, len, &r.weight) == -1)
		return fail(line, rec->line, msg, size, "weight must be a "
		    "number with at most two decimals, such as 1.5");

	if ((r.value = dup_field(rec, col[2])) == NULL)
		return SP_ENOMEM;
	r.ngroups = 1;
	if (r.match != SP_MATCH_NONEMPTY &&
	    (why = check_value(r.value, r.match, &r.ngroups)) != NULL) {
		free(r.value);
		return fail(line, rec->line, msg, size, why);
	}
	r.reason[SP_LANG_NL] = dup_field(rec, col[5]);
	r.reason[SP_LANG_EN] = dup_field(rec, col[6]);
	if (r.reason[0] == NULL || r.reason[1] == NULL) {
		free(r.value);
		free(r.reason[0]);
		free(r.reason[1]);
		return SP_ENOMEM;
	}
	r.reason_len[0] = strlen(r.reason[0]);
	r.reason_len[1] = strlen(r.reason[1]);
	if (rules->n == rules->cap) {
		size_t cap = rules->cap ? rules->cap * 2 : 64;
		struct sp_rule *v = realloc(rules->v, cap * sizeof *v);

		if (v == NULL) {
			free(r.value);
			free(r.reason[0]);
			free(r.reason[1]);
			return SP_ENOMEM;
		}
		rules->v = v;
		rules->cap = cap;
	}
	rules->v[rules->n++] = r;
	return SP_OK;
}

sp_status
sp_rules_load(sp_reader *rd, sp_rules **out, unsigned long *line, char *msg,
    size_t msgsize)
{
	const sp_record *h = sp_reader_header(rd), *rec;
	sp_rules *rules;
	long col[NCOLUMNS];
	size_t i, k, len;
	const char *name;
	char text[96];
	sp_status st;

	*out = NULL;
	if (h == NULL)
		return fail(line, 1, msg, msgsize, "no header");
	for (k = 0; k < NCOLUMNS; k++) {
		col[k] = -1;
		for (i = 0; i < h->n && col[k] < 0; i++) {
			name = sp_record_field(h, i, &len);
			if (len == strlen(columns[k]) &&
			    strncasecmp(name, columns[k], len) == 0)
				col[k] = (long)i;
		}
		if (col[k] < 0) {
			snprintf(text, sizeof text, "missing column '%s' "
			    "(a rules file has field,match,value,form,weight,"
			    "reason_nl,reason_en)", columns[k]);
			return fail(line, h->line, msg, msgsize, text);
		}
	}
	if ((rules = calloc(1, sizeof *rules)) == NULL)
		return SP_ENOMEM;
	while ((st = sp_reader_next(rd, &rec)) == SP_OK)
		if ((st = add_rule(rules, rec, col, line, msg, msgsize)) !=
		    SP_OK)
			break;
	if (st == SP_EOF && rules->n == 0) {
		sp_rules_free(rules);
		return fail(line, h->line, msg, msgsize, "no rules");
	}
	if (st == SP_EOF) {
		*out = rules;
		return SP_OK;
	}
	if (st == SP_ERECORD || st == SP_EIO) {
		const char *e = sp_reader_error(rd, line, NULL, NULL);

		if (msg != NULL && msgsize > 0)
			snprintf(msg, msgsize, "%s", e);
	}
	sp_rules_free(rules);
	return st;
}

sp_status
sp_rules_builtin(sp_rules **out)
{
	sp_reader *rd;
	sp_status st;

	*out = NULL;
	if ((rd = sp_reader_new()) == NULL)
		return SP_ENOMEM;
	sp_reader_set_delimiter(rd, ',');
	st = sp_reader_open_mem(rd, sp_data_rules, sp_data_rules_len,
	    "rules.csv");
	if (st == SP_OK)
		st = sp_rules_load(rd, out, NULL, NULL, 0);
	sp_reader_free(rd);
	return st;
}

sp_status
sp_rules_write(const sp_rules *rules, sp_writer *w)
{
	const struct sp_rule *r;
	char num[32];
	size_t i;
	unsigned long v;
	int n;

	for (i = 0; i < NCOLUMNS; i++)
		if (sp_writer_cstr(w, columns[i]) != SP_OK)
			return SP_EIO;
	if (sp_writer_end_row(w) != SP_OK)
		return SP_EIO;
	for (i = 0; i < rules->n; i++) {
		r = &rules->v[i];
		/* Weights as a person writes them: 8, 1.5, 0.25, -3. */
		v = r->weight < 0 ? 0UL - (unsigned long)r->weight :
		    (unsigned long)r->weight;
		if (v % 100 == 0)
			n = snprintf(num, sizeof num, "%s%lu",
			    r->weight < 0 ? "-" : "", v / 100);
		else if (v % 10 == 0)
			n = snprintf(num, sizeof num, "%s%lu%c%lu",
			    r->weight < 0 ? "-" : "", v / 100,
			    sp_writer_decimal(w), v % 100 / 10);
		else
			n = snprintf(num, sizeof num, "%s%lu%c%02lu",
			    r->weight < 0 ? "-" : "", v / 100,
			    sp_writer_decimal(w), v % 100);
		if (sp_writer_cstr(w, sp_field_name(r->field)) != SP_OK ||
		    sp_writer_cstr(w, match_names[r->match]) != SP_OK ||
		    sp_writer_cstr(w, r->value) != SP_OK ||
		    sp_writer_field(w, (const char []){ (char)('0' + r->form) },
		    1) != SP_OK ||
		    sp_writer_field(w, num, (size_t)n) != SP_OK ||
		    sp_writer_cstr(w, r->reason[SP_LANG_NL]) != SP_OK ||
		    sp_writer_cstr(w, r->reason[SP_LANG_EN]) != SP_OK ||
		    sp_writer_end_row(w) != SP_OK)
			return SP_EIO;
	}
	return SP_OK;
}
