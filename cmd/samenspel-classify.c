/*
 * samenspel-classify - tell for each row of a register which form of
 * interplay between government and society it is, and why.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
"Usage: samenspel-classify [OPTION]... [FILE]...\n"
"Classify each row of a register into one of the four forms of interplay\n"
"between government and society, with a confidence and the reason.\n"
"\n"
"Reads CSV from the FILEs, or from standard input when there is none or\n"
"FILE is -. Writes every input column, then form, form_label, confidence\n"
"and reason; columns already there are replaced in place.\n"
"\n"
"  -r, --rules FILE          use the rules in FILE instead of the built-in\n"
"      --dump-rules          print the rules in force as CSV and exit\n"
"      --scores              add a scores column: each form's share\n"
"      --strict              exit 3 when a row is form 0\n";

static const char usage_tail[] =
"\n"
"Exit status: 0 success, 1 data or I/O error, 2 usage error, 3 --strict\n"
"found rows of form 0.\n"
"Environment: SAMENSPEL_LANG, SAMENSPEL_DELIMITER, LC_ALL, LC_MESSAGES, LANG.\n";

enum { OPT_DUMP_RULES = 300, OPT_SCORES, OPT_STRICT };

static const struct option longopts[] = {
	{ "rules", required_argument, NULL, 'r' },
	{ "dump-rules", no_argument, NULL, OPT_DUMP_RULES },
	{ "scores", no_argument, NULL, OPT_SCORES },
	{ "strict", no_argument, NULL, OPT_STRICT },
	{ NULL, 0, NULL, 0 }
};

/* What one thread classifies with, and its counts. */
struct worker {
	sp_classifier	*cls;
	unsigned long	 rows;
	unsigned long	 undetermined;
};

struct classify {
	const char	*rules_file;
	int		 dump_rules;
	int		 scores;
	int		 strict;
	sp_rules	*rules;
	sp_schema	*schema;
	struct worker	*workers;
	void		**states;	/* &workers[i], for the pool */
	int		 nworkers;
};

static int
option(struct cli *c, int ch, const char *arg, void *ctx)
{
	struct classify *k = ctx;

	(void)c;
	switch (ch) {
	case 'r':
		k->rules_file = arg;
		return 0;
	case OPT_DUMP_RULES:
		k->dump_rules = 1;
		return 0;
	case OPT_SCORES:
		k->scores = 1;
		return 0;
	case OPT_STRICT:
		k->strict = 1;
		return 0;
	}
	return -1;
}

static sp_status
read_rules(sp_reader *r, void *ctx, unsigned long *line, char *msg,
    size_t size)
{
	return sp_rules_load(r, ctx, line, msg, size);
}

static void
load_rules(struct cli *c, struct classify *k, int nfiles, char **files)
{
	if (k->rules_file != NULL)
		cli_load_table(c, "-r", k->rules_file, k->dump_rules ? -1 :
		    nfiles, files, read_rules, &k->rules);
	else if (sp_rules_builtin(&k->rules) != SP_OK) {
		cli_error(c, "cannot load the built-in rules");
		exit(1);
	}
}

/* Classify a record and write its row: in this thread, or a worker's. */
static sp_status
classify_row(void *state, const sp_record *rec, sp_writer *w)
{
	struct worker *wk = state;
	sp_status st;

	if ((st = sp_classify(wk->cls, rec)) != SP_OK)
		return st;
	wk->rows++;
	if (sp_classifier_form(wk->cls) == 0)
		wk->undetermined++;
	return sp_classifier_write_row(wk->cls, rec, w);
}

static sp_status
on_header(struct cli *c, sp_reader *r, void *ctx)
{
	struct classify *k = ctx;
	sp_pool *pool;
	sp_status st;
	int i;

	if ((k->schema = sp_schema_new(sp_reader_header(r))) == NULL)
		return SP_ENOMEM;
	if ((st = cli_apply_maps(c, k->schema, sp_reader_name(r))) != SP_OK)
		return st;
	for (i = 0; i < k->nworkers; i++) {
		st = sp_classifier_bind(k->workers[i].cls, k->schema);
		if (st == SP_EHEADER) {
			cli_error(c, "%s:%lu: %s", sp_reader_name(r),
			    sp_record_line(sp_reader_header(r)),
			    sp_classifier_error(k->workers[i].cls));
			return SP_EHEADER;
		}
		if (st != SP_OK)
			return st;
	}
	if ((st = sp_classifier_write_header(k->workers[0].cls, c->out)) !=
	    SP_OK)
		return st;
	/* Without threads to be had, the run goes on in this one. */
	if (k->nworkers > 1 && (pool = sp_pool_new(c->out, classify_row,
	    k->states, k->nworkers)) != NULL)
		cli_pool_start(c, pool);
	return SP_OK;
}

static sp_status
on_record(struct cli *c, const sp_record *rec, void *ctx)
{
	struct classify *k = ctx;

	if (c->pool == NULL)
		return classify_row(&k->workers[0], rec, c->out);
	return cli_pool_add(c, rec);
}

/* A classifier for each thread; -1 when memory runs out. */
static int
make_workers(struct classify *k, sp_lang lang)
{
	int i;

	k->workers = calloc((size_t)k->nworkers, sizeof *k->workers);
	k->states = calloc((size_t)k->nworkers, sizeof *k->states);
	if (k->workers == NULL || k->states == NULL)
		return -1;
	if ((k->workers[0].cls = sp_classifier_new(k->rules)) == NULL)
		return -1;
	sp_classifier_set_lang(k->workers[0].cls, lang);
	sp_classifier_set_scores(k->workers[0].cls, k->scores);
	k->states[0] = &k->workers[0];
	/* The others share the first one's automata. */
	for (i = 1; i < k->nworkers; i++) {
		if ((k->workers[i].cls = sp_classifier_dup(k->workers[0].cls)) ==
		    NULL)
			return -1;
		k->states[i] = &k->workers[i];
	}
	return 0;
}

static void
free_workers(struct classify *k)
{
	int i;

	/* The first one last: the others use its automata. */
	for (i = k->nworkers - 1; k->workers != NULL && i >= 0; i--)
		sp_classifier_free(k->workers[i].cls);
	free(k->workers);
	free(k->states);
	k->workers = NULL;
	k->states = NULL;
}

int
main(int argc, char **argv)
{
	struct classify k = { 0 };
	struct cli c;
	unsigned long rows = 0, undetermined = 0;
	int first, status, i;

	cli_init(&c, "samenspel-classify", usage, usage_tail,
	    CLI_JOBS | CLI_DECIMALS);
	first = cli_parse(&c, argc, argv, "r:", longopts, option, &k);
	if (k.dump_rules && first < argc)
		cli_usage_error(&c, "--dump-rules prints the rules: it takes no "
		    "input files");
	load_rules(&c, &k, argc - first, argv + first);
	cli_open_output(&c);
	if (k.dump_rules) {
		if (sp_rules_write(k.rules, c.out) != SP_OK)
			cli_write_failed(&c);
		status = cli_finish(&c);
		sp_rules_free(k.rules);
		return status;
	}
	k.nworkers = cli_jobs(&c);
	if (make_workers(&k, c.lang) == -1) {
		cli_error(&c, "out of memory");
		free_workers(&k);
		return 1;
	}
	cli_run(&c, argc - first, argv + first, on_header, on_record, &k);
	cli_pool_finish(&c);
	for (i = 0; i < k.nworkers; i++) {
		rows += k.workers[i].rows;
		undetermined += k.workers[i].undetermined;
	}
	if (k.strict && undetermined > 0 && c.status == 0) {
		cli_note(&c, "%lu of %lu rows are form 0 (not enough evidence)",
		    undetermined, rows);
		c.status = 3;
	}
	status = cli_finish(&c);
	free_workers(&k);
	sp_schema_free(k.schema);
	sp_rules_free(k.rules);
	return status;
}
