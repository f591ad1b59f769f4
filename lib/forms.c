/*
 * forms.c - the four forms of interplay between government and society
 * (note, section 2), and form 0: not enough evidence.
 */
#include <string.h>

#include "kb.h"

static const char *const labels[5][2] = {
	/* [form][lang]: SP_LANG_EN, SP_LANG_NL */
	{ "undetermined", "niet te bepalen" },
	{ "public participation in government plans",
	  "publieksparticipatie bij overheidsplannen" },
	{ "societal initiative", "maatschappelijk initiatief" },
	{ "collaboration between society and government",
	  "samenwerking samenleving en overheid" },
	{ "societal initiative in response to government plans",
	  "maatschappelijk initiatief als reactie op overheidsplannen" }
};

int
sp_form_value(const char *s, size_t n)
{
	s = sp_trim(s, &n);
	if (n == 0)
		return 0;
	return n == 1 && s[0] >= '0' && s[0] <= '4' ? s[0] - '0' : -1;
}

const char *
sp_form_label(int form, sp_lang lang)
{
	if (form < 0 || form > 4)
		form = 0;
	return labels[form][lang == SP_LANG_NL];
}

/*
 * The crosswalk's levels that lead to a form, by framework:
 * "ROB overheidsparticipatietrap: reguleren, regisseren; IAP2: ...".
 */
static int
crosswalk_for(const sp_kb *kb, int form, sp_lang lang, sp_buf *b)
{
	size_t i, j, n = sp_kb_rows(kb, SP_TABLE_CROSSWALK);
	const char *fw, *lv, *f, *prev;
	int bad = 0, first;

	(void)lang;
	sp_buf_clear(b);
	for (i = 0; i < n; i++) {
		fw = sp_kb_cell(kb, SP_TABLE_CROSSWALK, i, "framework", lang);
		/* Each framework once, where it first occurs. */
		for (j = 0; j < i; j++) {
			prev = sp_kb_cell(kb, SP_TABLE_CROSSWALK, j,
			    "framework", lang);
			if (strcmp(prev, fw) == 0)
				break;
		}
		if (j < i)
			continue;
		first = 1;
		for (j = i; j < n; j++) {
			if (strcmp(sp_kb_cell(kb, SP_TABLE_CROSSWALK, j,
			    "framework", lang), fw) != 0)
				continue;
			f = sp_kb_cell(kb, SP_TABLE_CROSSWALK, j, "form", lang);
			lv = sp_kb_cell(kb, SP_TABLE_CROSSWALK, j, "level",
			    lang);
			if (f[0] - '0' != form)
				continue;
			if (first) {
				if (b->len > 0)
					bad |= sp_buf_puts(b, "; ");
				bad |= sp_buf_puts(b, fw);
				bad |= sp_buf_puts(b, ": ");
			} else
				bad |= sp_buf_puts(b, ", ");
			bad |= sp_buf_puts(b, lv);
			first = 0;
		}
	}
	return bad;
}

sp_status
sp_forms_write(const sp_kb *kb, sp_lang lang, int crosswalk, sp_writer *w)
{
	static const char *const cols[] = {
		"form", "name", "owner", "roles", "experience_rank",
		"experience", "examples"
	};
	const sp_table t = crosswalk ? SP_TABLE_CROSSWALK : SP_TABLE_FORMS;
	const struct kb_table *tab = &kb->table[t];
	sp_buf cw = { 0 };
	size_t i, c, len;
	const char *v;
	sp_status st = SP_EIO;

	if (crosswalk) {
		for (c = 0; c < tab->spec->ncols; c++)
			if (sp_writer_cstr(w, tab->spec->cols[c].name) != SP_OK)
				return SP_EIO;
		if (sp_writer_end_row(w) != SP_OK)
			return SP_EIO;
		for (i = 0; i < tab->nrows; i++) {
			for (c = 0; c < tab->spec->ncols; c++) {
				v = sp_kb_table_cell(tab, i, c, lang, &len);
				if (sp_writer_field(w, v, len) != SP_OK)
					return SP_EIO;
			}
			if (sp_writer_end_row(w) != SP_OK)
				return SP_EIO;
		}
		return SP_OK;
	}
	for (c = 0; c < sizeof cols / sizeof cols[0]; c++)
		if (sp_writer_cstr(w, cols[c]) != SP_OK)
			return SP_EIO;
	if (sp_writer_cstr(w, "crosswalk") != SP_OK ||
	    sp_writer_cstr(w, "source") != SP_OK ||
	    sp_writer_end_row(w) != SP_OK)
		return SP_EIO;
	for (i = 0; i < tab->nrows; i++) {
		for (c = 0; c < sizeof cols / sizeof cols[0]; c++) {
			v = sp_kb_cell(kb, t, i, cols[c], lang);
			if (sp_writer_cstr(w, v) != SP_OK)
				goto out;
		}
		v = sp_kb_cell(kb, t, i, "form", lang);
		if (crosswalk_for(kb, v[0] - '0', lang, &cw) != 0) {
			st = SP_ENOMEM;
			goto out;
		}
		if (sp_writer_field(w, sp_buf_str(&cw), cw.len) != SP_OK ||
		    sp_writer_cstr(w, sp_kb_cell(kb, t, i, "source", lang)) !=
		    SP_OK || sp_writer_end_row(w) != SP_OK)
			goto out;
	}
	st = SP_OK;
out:
	sp_buf_free(&cw);
	return st;
}
