/*
 * fields.c - the columns samenspel understands, and headers bound to them.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Canonical name first, then aliases, '|'-separated. Names are compared
 * folded (sp_fold_key), so "Rol overheid" finds rol_overheid.
 */
static const char *const field_aliases[SP_FIELD_COUNT] = {
	[SP_FIELD_ID] = "id|nr|nummer|number|identifier|ref|reference|"
	    "referentie|kenmerk|zaaknummer",
	[SP_FIELD_NAME] = "name|naam|titel|title|projectnaam|project_name|"
	    "project|naam_initiatief|initiatiefnaam|onderwerp|subject|"
	    "naam_project|projecttitel|titel_initiatief|initiatief",
	[SP_FIELD_INITIATOR] = "initiator|initiatiefnemer|initiatiefnemers|"
	    "initiators|organisator|organizer|organiser|aanvrager|indiener|"
	    "organisatie|organisation|organization|initiatiefnemende_partij",
	[SP_FIELD_OWNER] = "owner|eigenaar|eigenaarschap|ownership|trekker",
	[SP_FIELD_GOVERNMENT_ROLE] = "government_role|rol_overheid|"
	    "overheidsrol|rol_van_de_overheid|rol_gemeente|role|rol|"
	    "rol_van_de_gemeente|rol_provincie|betrokkenheid_gemeente|"
	    "betrokkenheid_overheid",
	[SP_FIELD_REACTION_TO] = "reaction_to|reactie_op|alternatief_voor|"
	    "alternative_to|in_reactie_op|response_to",
	[SP_FIELD_DESCRIPTION] = "description|omschrijving|beschrijving|"
	    "toelichting|samenvatting|summary|body|details|korte_omschrijving|"
	    "omschrijving_initiatief|beschrijving_initiatief|"
	    "projectomschrijving|toelichting_initiatief|inhoud|"
	    "short_description|project_description",
	[SP_FIELD_STEP] = "step|stap|huidige_stap|current_step",
	[SP_FIELD_TRACK] = "track|spoor",
	[SP_FIELD_FORM] = "form|vorm|samenspelvorm",
	[SP_FIELD_MANUAL_FORM] = "manual_form|handmatige_vorm|vorm_handmatig",
	[SP_FIELD_DATE] = "date|datum|peildatum|registratiedatum|created_at|"
	    "published_at|start_date|startdatum|datum_aanvraag|"
	    "aanvraagdatum|datum_start|ingangsdatum",
	[SP_FIELD_PUBLIC_SPECTRUM] = "public_spectrum|iap2",
	[SP_FIELD_APPROACHES] = "approaches|approach",
	[SP_FIELD_ORGANIZER_TYPES] = "organizer_types|organiser_types",
	[SP_FIELD_TYPE] = "type/title|initiative_type|type_initiatief",
	/* Written by samenspel-classify, under these names only. */
	[SP_FIELD_FORM_LABEL] = "form_label",
	[SP_FIELD_CONFIDENCE] = "confidence",
	[SP_FIELD_REASON] = "reason",
	[SP_FIELD_SCORES] = "scores",
	[SP_FIELD_TEXT] = "text"
};

static const char *const canonical[SP_FIELD_COUNT] = {
	"id", "name", "initiator", "owner", "government_role", "reaction_to",
	"description", "step", "track", "form", "manual_form", "date",
	"public_spectrum", "approaches", "organizer_types", "type",
	"form_label", "confidence", "reason", "scores", "text"
};

/* Fields that take one column: the first one found counts. */
const unsigned long sp_field_single_mask =
    1UL << SP_FIELD_ID | 1UL << SP_FIELD_STEP | 1UL << SP_FIELD_TRACK |
    1UL << SP_FIELD_FORM | 1UL << SP_FIELD_MANUAL_FORM | 1UL << SP_FIELD_DATE |
    1UL << SP_FIELD_FORM_LABEL | 1UL << SP_FIELD_CONFIDENCE |
    1UL << SP_FIELD_REASON | 1UL << SP_FIELD_SCORES;

const char *
sp_field_name(sp_field f)
{
	return (unsigned)f < SP_FIELD_COUNT ? canonical[f] : "";
}

/* Compare a folded key with an alias as written ("rol_overheid"). */
static int
alias_is(const char *key, const char *alias, size_t alen)
{
	size_t i;

	for (i = 0; i < alen; i++) {
		if (alias[i] == '_')
			continue;
		if (*key++ != alias[i])
			return 0;
	}
	return *key == '\0';
}

static int
lookup_key(const char *key)
{
	const char *a, *bar;
	size_t len;
	int f;

	if (*key == '\0')
		return -1;
	for (f = 0; f < SP_FIELD_TEXT; f++) {
		for (a = field_aliases[f]; *a != '\0'; a = bar + (*bar != '\0')) {
			bar = strchr(a, '|');
			if (bar == NULL)
				bar = a + strlen(a);
			len = (size_t)(bar - a);
			if (alias_is(key, a, len))
				return f;
		}
	}
	return -1;
}

int
sp_field_lookup(const char *name, size_t len)
{
	sp_buf key = { 0 };
	int f;

	if (sp_fold_key(name, len, &key) == -1)
		return -1;
	/* A field's own name first ("type"), then the column aliases. */
	for (f = 0; f < SP_FIELD_TEXT; f++)
		if (alias_is(sp_buf_str(&key), canonical[f], strlen(canonical[f])))
			break;
	if (f == SP_FIELD_TEXT)
		f = lookup_key(sp_buf_str(&key));
	sp_buf_free(&key);
	return f;
}

size_t
sp_field_describe(unsigned long mask, char *buf, size_t size)
{
	sp_buf b = { 0 };
	const char *a, *bar;
	size_t need;
	int f, n;

	for (f = 0; f < SP_FIELD_COUNT; f++) {
		if (!(mask & 1UL << f))
			continue;
		if (b.len > 0)
			sp_buf_puts(&b, ", ");
		a = field_aliases[f];
		bar = strchr(a, '|');
		if (bar == NULL) {
			sp_buf_puts(&b, a);
			continue;
		}
		sp_buf_append(&b, a, (size_t)(bar - a));
		sp_buf_puts(&b, " (");
		/* The first few aliases tell enough. */
		for (n = 0, a = bar + 1; *a != '\0' && n < 4; n++) {
			bar = strchr(a, '|');
			if (bar == NULL)
				bar = a + strlen(a);
			if (n > 0)
				sp_buf_puts(&b, ", ");
			sp_buf_append(&b, a, (size_t)(bar - a));
			a = bar + (*bar != '\0');
		}
		sp_buf_puts(&b, ")");
	}
	need = b.len;
	if (size > 0) {
		if (need >= size)
			need = size - 1;
		memcpy(buf, sp_buf_str(&b), need);
		buf[need] = '\0';
	}
	need = b.len;
	sp_buf_free(&b);
	return need;
}

long
sp_header_find(const sp_record *h, const char *name)
{
	sp_buf key = { 0 }, want = { 0 };
	size_t i, len;
	const char *s;
	long found = -1;

	if (sp_fold_key(name, strlen(name), &want) == -1)
		return -1;
	for (i = 0; i < h->n && found < 0; i++) {
		s = sp_record_field(h, i, &len);
		if (sp_fold_key(s, len, &key) == -1)
			break;
		if (strcmp(sp_buf_str(&key), sp_buf_str(&want)) == 0)
			found = (long)i;
	}
	sp_buf_free(&key);
	sp_buf_free(&want);
	return found;
}

/* Schemas. */

struct sp_schema {
	const sp_record	*header;	/* &copy: the schema outlives its reader */
	sp_record	 copy;
	sp_buf		 data;
	size_t		*off;
	size_t		*cols[SP_FIELD_COUNT];
	size_t		 ncols[SP_FIELD_COUNT];
	unsigned long	 own_name;	/* fields bound under their own name */
	sp_buf		 key;
};

/*
 * A field of one column takes the first column that names it, except that
 * a column under the field's own name wins over an alias: a register's
 * "vorm" must not hide the "form" classify wrote after it.
 */
static int
add_column(sp_schema *s, int f, size_t col, int own_name)
{
	size_t *p;

	if ((sp_field_single_mask & 1UL << f) && s->ncols[f] > 0) {
		if (own_name && !(s->own_name & 1UL << f)) {
			s->cols[f][0] = col;
			s->own_name |= 1UL << f;
		}
		return 0;
	}
	if (own_name)
		s->own_name |= 1UL << f;
	if ((p = realloc(s->cols[f], (s->ncols[f] + 1) * sizeof *p)) == NULL)
		return -1;
	p[s->ncols[f]++] = col;
	s->cols[f] = p;
	return 0;
}

sp_schema *
sp_schema_new(const sp_record *header)
{
	sp_schema *s;
	size_t i, len;
	const char *name;
	int f;

	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	if (sp_record_copy(header, &s->data, &s->off, &s->copy) == -1)
		goto fail;
	s->header = header = &s->copy;
	for (i = 0; i < header->n; i++) {
		name = sp_record_field(header, i, &len);
		if (sp_fold_key(name, len, &s->key) == -1)
			goto fail;
		f = lookup_key(sp_buf_str(&s->key));
		if (f >= 0 && add_column(s, f, i, alias_is(sp_buf_str(&s->key),
		    canonical[f], strlen(canonical[f]))) == -1)
			goto fail;
	}
	return s;
fail:
	sp_schema_free(s);
	return NULL;
}

void
sp_schema_free(sp_schema *s)
{
	int f;

	if (s == NULL)
		return;
	for (f = 0; f < SP_FIELD_COUNT; f++)
		free(s->cols[f]);
	sp_buf_free(&s->key);
	sp_buf_free(&s->data);
	free(s->off);
	free(s);
}

sp_status
sp_schema_map(sp_schema *s, const char *field, const char *column)
{
	const sp_record *h = s->header;
	sp_buf want = { 0 };
	size_t i, len, found = (size_t)-1;
	const char *name;
	int f;

	if ((f = sp_field_lookup(field, strlen(field))) < 0)
		return SP_EINVAL;
	for (i = 0; i < h->n && found == (size_t)-1; i++) {
		name = sp_record_field(h, i, &len);
		if (len == strlen(column) && memcmp(name, column, len) == 0)
			found = i;
	}
	if (found == (size_t)-1) {
		if (sp_fold_key(column, strlen(column), &want) == -1)
			return SP_ENOMEM;
		for (i = 0; i < h->n && found == (size_t)-1; i++) {
			name = sp_record_field(h, i, &len);
			if (sp_fold_key(name, len, &s->key) == -1) {
				sp_buf_free(&want);
				return SP_ENOMEM;
			}
			if (strcmp(sp_buf_str(&s->key), sp_buf_str(&want)) == 0)
				found = i;
		}
		sp_buf_free(&want);
	}
	if (found == (size_t)-1)
		return SP_EHEADER;
	/* The column now means this field only. */
	for (i = 0; i < SP_FIELD_COUNT; i++) {
		size_t j, k = 0;

		for (j = 0; j < s->ncols[i]; j++)
			if (s->cols[i][j] != found)
				s->cols[i][k++] = s->cols[i][j];
		s->ncols[i] = k;
	}
	s->ncols[f] = 0;
	return add_column(s, f, found, 1) == -1 ? SP_ENOMEM : SP_OK;
}

const sp_record *
sp_schema_header(const sp_schema *s)
{
	return s->header;
}

size_t
sp_schema_columns(const sp_schema *s, sp_field f, const size_t **cols)
{
	if ((unsigned)f >= SP_FIELD_COUNT) {
		*cols = NULL;
		return 0;
	}
	*cols = s->cols[f];
	return s->ncols[f];
}

long
sp_schema_column(const sp_schema *s, sp_field f)
{
	if ((unsigned)f >= SP_FIELD_COUNT || s->ncols[f] == 0)
		return -1;
	return (long)s->cols[f][0];
}

const char *
sp_schema_value(const sp_schema *s, const sp_record *rec, sp_field f,
    size_t *len)
{
	long col = sp_schema_column(s, f);

	if (col < 0) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	return sp_record_field(rec, (size_t)col, len);
}
