/*
 * forms.c - the four forms of interplay between government and society
 * (note, section 2), and form 0: not enough evidence.
 */
#include "internal.h"

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

const char *
sp_form_label(int form, sp_lang lang)
{
	if (form < 0 || form > 4)
		form = 0;
	return labels[form][lang == SP_LANG_NL];
}
