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

/* The note on a record without steps; NULL for none. */
static const char *
outcome_note(sp_outcome outcome, void *ctx)
{
	const struct steps *s = ctx;

	switch (outcome) {
	case SP_UNCLASSIFIED:
		return s->next ? NULL : "form 0, no steps";
	case SP_BAD_FORM:
		return "the form is not 0-4, no steps";
	case SP_BAD_TRACK:
		return s->track == SP_TRACK_SOCIETY ?
		    "unknown track, society used" :
		    "unknown track, government used";
	case SP_NO_ROWS:
		return "no step plan for this form";
	default:
		return NULL;
	}
}

int
main(int argc, char **argv)
{
	struct steps s = { .form = -1, .track = SP_TRACK_GOVERNMENT };
	struct cli c;
	sp_kb *kb;
	int first, status;

	cli_init(&c, "samenspel-steps", usage, usage_tail,
	    CLI_KEEP | CLI_TABLE | CLI_JOBS);
	first = cli_parse(&c, argc, argv, "f:t:p:", longopts, option, &s);
	if (s.form >= 0 && first < argc)
		cli_usage_error(&c, "-f lists a plan: it takes no input files");
	if (s.form >= 0 && s.next)
		cli_usage_error(&c, "--next needs input, not -f");
	if (s.form >= 0 && c.keep != NULL)
		cli_usage_error(&c, "-k keeps input columns: it needs input, "
		    "not -f");
	kb = cli_knowledge(&c, SP_TABLE_PLANS, "-p", s.plan,
	    s.form >= 0 ? -1 : argc - first, argv + first);
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
		cli_run_list(&c, argc - first, argv + first, s.list,
		    outcome_note, &s);
	status = cli_finish(&c);
	sp_list_free(s.list);
	sp_kb_free(kb);
	return status;
}
