/*
 * samenspel-perspectives - the action perspectives for each row of a
 * classified register, or those of a form; or the directorate's services
 * or the added value per form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
"Usage: samenspel-perspectives [OPTION]... [FILE]...\n"
"       samenspel-perspectives -f FORM [OPTION]...\n"
"List the action perspectives for civil servants of its form for each row\n"
"of a classified register (columns id, form, nr, themes, text, source),\n"
"or those of a form; or the services or the added value instead.\n"
"\n"
"Reads CSV with a form column (the output of samenspel-classify) from the\n"
"FILEs, or from standard input when there is none or FILE is -.\n"
"\n"
"  -f, --form FORM           list for FORM (1-4 or all), no input\n"
"      --theme THEMES        only perspectives with one of THEMES (comma-\n"
"                            separated): knowledge network money rules\n"
"                            communication attitude process monitoring\n"
"                            openness\n"
"      --services            list the directorate's services instead\n"
"      --added-value         list the added value per form instead\n"
"      --table FILE          use FILE instead of the built-in table that is\n"
"                            listed (the shape of -f all)\n";

static const char usage_tail[] =
"\n"
"Rows of form 0 are left out with a note on standard error.\n"
"Exit status: 0 success, 1 data or I/O error, 2 usage error.\n"
"Environment: SAMENSPEL_LANG, SAMENSPEL_DELIMITER, LC_ALL, LC_MESSAGES, LANG.\n";

enum { OPT_THEME = 300, OPT_SERVICES, OPT_ADDED_VALUE, OPT_TABLE };

static const struct option longopts[] = {
	{ "form", required_argument, NULL, 'f' },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "services", no_argument, NULL, OPT_SERVICES },
	{ "added-value", no_argument, NULL, OPT_ADDED_VALUE },
	{ "table", required_argument, NULL, OPT_TABLE },
	{ NULL, 0, NULL, 0 }
};

struct perspectives {
	int		 form;		/* -1: from the input */
	sp_table	 table;
	unsigned	 themes;
	const char	*file;
	sp_list		*list;
};

static int
option(struct cli *c, int ch, const char *arg, void *ctx)
{
	struct perspectives *p = ctx;

	switch (ch) {
	case 'f':
		p->form = cli_form_arg(c, arg);
		return 0;
	case OPT_THEME:
		if (sp_themes_parse(arg, strlen(arg), ',', &p->themes) != SP_OK)
			cli_usage_error(c, "invalid theme in '%s' (use "
			    "knowledge, network, money, rules, communication, "
			    "attitude, process, monitoring or openness)", arg);
		return 0;
	case OPT_SERVICES:
	case OPT_ADDED_VALUE:
		if (p->table != SP_TABLE_PERSPECTIVES)
			cli_usage_error(c, "--services and --added-value "
			    "exclude each other");
		p->table = ch == OPT_SERVICES ? SP_TABLE_SERVICES :
		    SP_TABLE_ADDED_VALUE;
		return 0;
	case OPT_TABLE:
		p->file = arg;
		return 0;
	}
	return -1;
}

/* The note on a record with nothing to list; NULL for none. */
static const char *
outcome_note(sp_outcome outcome, void *ctx)
{
	(void)ctx;
	if (outcome == SP_UNCLASSIFIED)
		return "form 0, nothing to list";
	if (outcome == SP_BAD_FORM)
		return "the form is not 0-4, nothing to list";
	return NULL;
}

int
main(int argc, char **argv)
{
	struct perspectives p = { .form = -1, .table = SP_TABLE_PERSPECTIVES };
	struct cli c;
	sp_kb *kb;
	int first, status;

	cli_init(&c, "samenspel-perspectives", usage, usage_tail,
	    CLI_KEEP | CLI_TABLE | CLI_JOBS);
	first = cli_parse(&c, argc, argv, "f:", longopts, option, &p);
	if (p.form >= 0 && first < argc)
		cli_usage_error(&c, "-f lists a form: it takes no input files");
	if (p.form >= 0 && c.keep != NULL)
		cli_usage_error(&c, "-k keeps input columns: it needs input, "
		    "not -f");
	if (p.themes != 0 && p.table != SP_TABLE_PERSPECTIVES)
		cli_usage_error(&c, "--theme applies to the perspectives "
		    "only");
	kb = cli_knowledge(&c, p.table, "--table", p.file,
	    p.form >= 0 ? -1 : argc - first, argv + first);
	if ((p.list = sp_list_new(kb, p.table)) == NULL) {
		cli_error(&c, "out of memory");
		return 1;
	}
	sp_list_set_lang(p.list, c.lang);
	sp_list_set_themes(p.list, p.themes);
	cli_open_output(&c);
	if (p.form >= 0) {
		if (sp_list_write_form(p.list, p.form, c.out) != SP_OK)
			cli_write_failed(&c);
	} else
		cli_run_list(&c, argc - first, argv + first, p.list,
		    outcome_note, &p);
	status = cli_finish(&c);
	sp_list_free(p.list);
	sp_kb_free(kb);
	return status;
}
