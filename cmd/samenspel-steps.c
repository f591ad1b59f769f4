/*
 * samenspel-steps - the step plan for each row of a classified register,
 * or the next step, or the step plan of a form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
"Usage: samenspel-steps [OPTION]... [FILE]...\n"
"       samenspel-steps -f FORM [OPTION]...\n"
"List the steps of its form's step plan for each row of a classified\n"
"register (columns id, form, track, step, title, description, products,\n"
"source), or only the next step, or the step plan of a form.\n"
"\n"
"Reads CSV with a form column (the output of samenspel-classify) from the\n"
"FILEs, or from standard input when there is none or FILE is -.\n"
"\n"
"  -f, --form FORM           list the plan of FORM (1-4 or all), no input\n"
"  -t, --track TRACK         form 2's track where a row has none:\n"
"                            government (default) or society\n"
"      --next                one row per input row: the step after its\n"
"                            step value, and a status column (next, done,\n"
"                            unclassified, bad-step, no-plan)\n"
"  -p, --plan FILE           use the step plans in FILE (the shape of -f)\n";

static const char usage_tail[] =
"\n"
"Rows of form 0 have no steps: without --next they are left out with a\n"
"note on standard error.\n"
"Exit status: 0 success, 1 data or I/O error, 2 usage error.\n"
"Environment: SAMENSPEL_LANG, SAMENSPEL_DELIMITER, LC_ALL, LC_MESSAGES, LANG.\n";

enum { OPT_NEXT = 300 };

static const struct option longopts[] = {
	{ "form", required_argument, NULL, 'f' },
	{ "track", required_argument, NULL, 't' },
	{ "next", no_argument, NULL, OPT_NEXT },
	{ "plan", required_argument, NULL, 'p' },
	{ NULL, 0, NULL, 0 }
};

struct steps {
	int		 form;		/* -1: from the input */
	sp_track	 track;
	int		 next;
	const char	*plan;
	sp_list		*list;
	sp_schema	*schema;
	sp_reader	*reader;	/* for the names in notes */
};

static int
option(struct cli *c, int ch, const char *arg, void *ctx)
{
	struct steps *s = ctx;

	switch (ch) {
	case 'f':
		s->form = cli_form_arg(c, arg);
		return 0;
	case 't':
		if (sp_track_parse(arg, strlen(arg), &s->track) != SP_OK)
			cli_usage_error(c, "invalid track '%s' (use government "
			    "or society)", arg);
		return 0;
	case OPT_NEXT:
		s->next = 1;
		return 0;
	case 'p':
		s->plan = arg;
		return 0;
	}
	return -1;
}

static sp_status
on_header(struct cli *c, sp_reader *r, void *ctx)
{
	struct steps *s = ctx;

	s->reader = r;
	return cli_list_header(c, r, s->list, &s->schema);
}

static sp_status
on_record(struct cli *c, const sp_record *rec, void *ctx)
{
	struct steps *s = ctx;
	sp_outcome outcome;
	sp_status st;
	const char *name = sp_reader_name(s->reader);
	unsigned long line = sp_record_line(rec);

	if ((st = sp_list_write_record(s->list, rec, c->out, &outcome)) !=
	    SP_OK)
		return st;
	switch (outcome) {
	case SP_UNCLASSIFIED:
		if (!s->next)
			cli_note(c, "%s:%lu: form 0, no steps", name, line);
		break;
	case SP_BAD_FORM:
		cli_note(c, "%s:%lu: the form is not 0-4, no steps", name,
		    line);
		break;
	case SP_BAD_TRACK:
		cli_note(c, "%s:%lu: unknown track, %s used", name, line,
		    sp_track_name(s->track));
		break;
	case SP_NO_ROWS:
		cli_note(c, "%s:%lu: no step plan for this form", name, line);
		break;
	default:
		break;
	}
	return SP_OK;
}

int
main(int argc, char **argv)
{
	struct steps s = { .form = -1, .track = SP_TRACK_GOVERNMENT };
	struct cli c;
	sp_kb *kb;
	int first, status;

	cli_init(&c, "samenspel-steps", usage, usage_tail,
	    CLI_KEEP | CLI_TABLE);
	first = cli_parse(&c, argc, argv, "f:t:p:", longopts, option, &s);
	if (s.form >= 0 && first < argc)
		cli_usage_error(&c, "-f lists a plan: it takes no input files");
	if (s.form >= 0 && s.next)
		cli_usage_error(&c, "--next needs input, not -f");
	kb = cli_knowledge(&c, SP_TABLE_PLANS, s.plan);
	if ((s.list = sp_list_new(kb, SP_TABLE_PLANS)) == NULL) {
		cli_error(&c, "out of memory");
		return 1;
	}
	sp_list_set_lang(s.list, c.lang);
	sp_list_set_track(s.list, s.track);
	sp_list_set_next(s.list, s.next);
	cli_open_output(&c);
	if (s.form >= 0) {
		if (sp_list_write_form(s.list, s.form, c.out) != SP_OK)
			cli_write_failed(&c);
	} else
		cli_run(&c, argc - first, argv + first, on_header, on_record,
		    &s);
	status = cli_finish(&c);
	sp_list_free(s.list);
	sp_schema_free(s.schema);
	sp_kb_free(kb);
	return status;
}
