/*
 * samenspel-report - a classified register at a glance: rows, shares and
 * mean confidence per form, rows to review, per group, transitions.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
"Usage: samenspel-report [OPTION]... [FILE]...\n"
"       samenspel-report --merge [OPTION]... [PARTIAL]...\n"
"Sum up a classified register: rows, share and mean confidence per form,\n"
"the rows to review, per group and over time.\n"
"\n"
"Reads CSV with a form column (the output of samenspel-classify) from the\n"
"FILEs, or from standard input when there is none or FILE is -.\n"
"\n"
"  -F, --format FORMAT       csv (default), table, markdown, json or html\n"
"  -g, --by COLUMNS          count per group of these columns (repeatable,\n"
"                            comma-separated; year(COLUMN) for the year of\n"
"                            a date)\n"
"      --review X            review rows with a confidence below X\n"
"                            (0.00-1.00, default 0.50) and rows of form 0\n"
"      --review-limit N      list at most N rows to review (default 50);\n"
"                            all are counted\n"
"      --transitions         count how forms turn into one another per id\n"
"                            over date\n"
"      --partial             write mergeable counts instead of a report\n"
"      --merge               read partial counts and write the report\n";

static const char usage_tail[] =
"\n"
"Exit status: 0 success, 1 data or I/O error, 2 usage error.\n"
"Environment: SAMENSPEL_LANG, SAMENSPEL_DELIMITER, LC_ALL, LC_MESSAGES, LANG.\n";

enum {
	OPT_REVIEW = 300, OPT_REVIEW_LIMIT, OPT_TRANSITIONS, OPT_PARTIAL,
	OPT_MERGE
};

static const struct option longopts[] = {
	{ "format", required_argument, NULL, 'F' },
	{ "by", required_argument, NULL, 'g' },
	{ "review", required_argument, NULL, OPT_REVIEW },
	{ "review-limit", required_argument, NULL, OPT_REVIEW_LIMIT },
	{ "transitions", no_argument, NULL, OPT_TRANSITIONS },
	{ "partial", no_argument, NULL, OPT_PARTIAL },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ NULL, 0, NULL, 0 }
};

struct report {
	sp_report_format format;
	int		 format_set;
	int		 partial;
	int		 merge;
	int		 grouped;	/* an option the partials fix was given */
	int		 threshold;
	size_t		 limit;
	sp_report	*r;
	sp_schema	*schema;
};

/* "0.5", "0.50", "0,5", "1": hundredths, or -1. */
static int
threshold(const char *s)
{
	int v = 0, dec = 0, point = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if ((*s == '.' || *s == ',') && !point) {
			point = 1;
			continue;
		}
		if (*s < '0' || *s > '9' || (point && ++dec > 2))
			return -1;
		v = v * 10 + (*s - '0');
		if (v > 10000)
			return -1;
	}
	while (dec++ < 2)
		v *= 10;
	return v <= 100 ? v : -1;
}

static int
option(struct cli *c, int ch, const char *arg, void *ctx)
{
	struct report *k = ctx;
	char *end;
	long n;
	int t;

	switch (ch) {
	case 'F':
		if (sp_report_format_parse(arg, &k->format) != SP_OK)
			cli_usage_error(c, "invalid format '%s' (use csv, table, "
			    "markdown, json or html)", arg);
		k->format_set = 1;
		return 0;
	case 'g':
		if (sp_report_group_by(k->r, arg) != SP_OK)
			cli_usage_error(c, "-g %s: %s", arg,
			    sp_report_error(k->r));
		k->grouped = 1;
		return 0;
	case OPT_REVIEW:
		if ((t = threshold(arg)) < 0)
			cli_usage_error(c, "invalid --review '%s' (use a number "
			    "from 0.00 to 1.00)", arg);
		k->threshold = t;
		k->grouped = 1;
		return 0;
	case OPT_REVIEW_LIMIT:
		errno = 0;
		n = strtol(arg, &end, 10);
		if (errno != 0 || *arg == '\0' || *end != '\0' || n < 0 ||
		    n > 1000000)
			cli_usage_error(c, "invalid --review-limit '%s' (use a "
			    "whole number from 0 to 1000000)", arg);
		k->limit = (size_t)n;
		k->grouped = 1;
		return 0;
	case OPT_TRANSITIONS:
		sp_report_set_transitions(k->r, 1);
		k->grouped = 1;
		return 0;
	case OPT_PARTIAL:
		k->partial = 1;
		return 0;
	case OPT_MERGE:
		k->merge = 1;
		return 0;
	}
	return -1;
}

/*
 * Threads parse (most of a report's work) and pack what is counted; this
 * thread counts it, in input order, so the report is the one a single
 * thread makes.
 */
static sp_status
pack_row(void *state, const sp_record *rec, sp_writer *w)
{
	return sp_report_pack(state, rec, w);
}

static sp_status
count_packed(void *ctx, const void *bytes, size_t len)
{
	return sp_report_add_packed(ctx, bytes, len);
}

static void
start_threads(struct cli *c, struct report *k)
{
	int n = cli_jobs(c), i;
	sp_pool *pool;
	void **states;

	/* Without threads to be had, the run goes on in this one. */
	if (n < 2 || (states = calloc((size_t)n, sizeof *states)) == NULL)
		return;
	/* The threads only read the report: they share it. */
	for (i = 0; i < n; i++)
		states[i] = k->r;
	pool = sp_pool_new(c->out, pack_row, states, n);
	free(states);
	if (pool == NULL)
		return;
	sp_pool_set_sink(pool, count_packed, k->r);
	cli_pool_start(c, pool);
}

static sp_status
on_header(struct cli *c, sp_reader *rd, void *ctx)
{
	struct report *k = ctx;
	sp_status st;

	if ((k->schema = sp_schema_new(sp_reader_header(rd))) == NULL)
		return SP_ENOMEM;
	if ((st = cli_apply_maps(c, k->schema, sp_reader_name(rd))) != SP_OK)
		return st;
	sp_report_set_delimiter(k->r, sp_reader_delimiter(rd));
	if ((st = sp_report_bind(k->r, k->schema)) == SP_EHEADER)
		cli_error(c, "%s:%lu: %s", sp_reader_name(rd),
		    sp_record_line(sp_reader_header(rd)),
		    sp_report_error(k->r));
	if (st == SP_OK)
		start_threads(c, k);
	return st;
}

static sp_status
on_record(struct cli *c, const sp_record *rec, void *ctx)
{
	struct report *k = ctx;

	if (c->pool == NULL)
		return sp_report_add(k->r, rec);
	return cli_pool_add(c, rec);
}

/* --merge: add up the partial files, each read as it is. */
static void
merge(struct cli *c, struct report *k, int nfiles, char **files)
{
	static char stdin_name[] = "-";
	char *none[] = { stdin_name };
	sp_reader *rd;
	sp_status st;
	unsigned long line;
	int i, fd;

	if (nfiles == 0) {
		files = none;
		nfiles = 1;
	}
	for (i = 0; i < nfiles; i++) {
		fd = STDIN_FILENO;
		if (strcmp(files[i], "-") != 0 &&
		    (fd = open(files[i], O_RDONLY)) == -1) {
			cli_error(c, "%s: %s", files[i], strerror(errno));
			c->status = 1;
			continue;
		}
		if ((rd = sp_reader_new()) == NULL) {
			cli_error(c, "out of memory");
			exit(1);
		}
		st = sp_reader_open_fd(rd, fd, files[i]);
		if (st == SP_OK)
			st = sp_report_merge(k->r, rd);
		if (st == SP_EINVAL) {
			/* Counts that do not add up make no report at all. */
			cli_error(c, "%s: %s", files[i], sp_report_error(k->r));
			c->status = 1;
		} else if (st != SP_OK) {
			const char *msg = sp_reader_error(rd, &line, NULL, NULL);

			cli_error(c, "%s:%lu: %s", files[i], line, msg);
			c->status = 1;
		}
		sp_reader_free(rd);
		if (fd != STDIN_FILENO)
			close(fd);
		if (st == SP_EINVAL)
			break;
	}
}

int
main(int argc, char **argv)
{
	struct report k = { .threshold = 50, .limit = 50 };
	struct cli c;
	sp_kb *kb;
	int first, status;

	kb = NULL;
	if (sp_kb_builtin(&kb) != SP_OK ||
	    (k.r = sp_report_new(kb)) == NULL) {
		fputs("samenspel-report: out of memory\n", stderr);
		return 1;
	}
	cli_init(&c, "samenspel-report", usage, usage_tail,
	    CLI_JOBS | CLI_DECIMALS);
	first = cli_parse(&c, argc, argv, "F:g:", longopts, option, &k);
	if (k.partial && k.merge)
		cli_usage_error(&c, "--partial and --merge exclude each other");
	if (k.partial && (k.format_set || c.out_delim != 0 || c.excel ||
	    c.excel_safe || c.bom || c.crlf))
		cli_usage_error(&c, "--partial writes its own format: no -F, "
		    "-D, --excel, --excel-safe, --bom or --crlf");
	if (k.merge && k.grouped)
		cli_usage_error(&c, "with --merge, -g, --review, --review-limit "
		    "and --transitions come from the partial files");
	sp_report_set_lang(k.r, c.lang);
	sp_report_set_review(k.r, k.threshold, k.limit);
	cli_open_output(&c);
	/* A byte order mark, CR LF and formula guards are for CSV only. */
	if (k.format != SP_REPORT_CSV) {
		sp_writer_set_bom(c.out, 0);
		sp_writer_set_crlf(c.out, 0);
		sp_writer_set_excel_safe(c.out, 0);
	}
	if (k.merge) {
		merge(&c, &k, argc - first, argv + first);
		/* CSV as a whole run writes it: with the input's delimiter. */
		if (c.out_delim == 0 && sp_report_delimiter(k.r) != 0)
			sp_writer_set_delimiter(c.out,
			    sp_report_delimiter(k.r));
	} else {
		cli_run(&c, argc - first, argv + first, on_header, on_record,
		    &k);
		cli_pool_finish(&c);
	}
	/*
	 * A report of part of the input would pass for the whole (in a mail
	 * from cron, or a partial merged without pipefail): none is written
	 * when an input could not be read to its end.
	 */
	if (c.status == 0) {
		unsigned long n;

		if ((n = sp_report_empty(k.r)) > 0)
			cli_note(&c, "%lu empty row%s not counted", n,
			    n == 1 ? "" : "s");
		if ((n = sp_report_bad_forms(k.r)) > 0)
			cli_note(&c, "%lu row%s with a form that is not 0-4 "
			    "counted as form 0", n, n == 1 ? "" : "s");
		if ((n = sp_report_undated(k.r)) > 0)
			cli_note(&c, "%lu row%s without an id or a date left "
			    "out of the transitions", n, n == 1 ? "" : "s");
		switch (sp_report_write(k.r, k.partial ? SP_REPORT_PARTIAL :
		    k.format, c.out)) {
		case SP_OK:
			break;
		case SP_EIO:
			cli_write_failed(&c);
		default:
			cli_error(&c, "out of memory");
			c.status = 1;
		}
	}
	status = cli_finish(&c);
	sp_report_free(k.r);
	sp_schema_free(k.schema);
	sp_kb_free(kb);
	return status;
}
