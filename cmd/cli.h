/*
 * cli.h - what every samenspel command shares: common options, messages,
 * the loop over input files, the output file.
 */
#ifndef SP_CLI_H
#define SP_CLI_H

#include <getopt.h>

#include "samenspel.h"

/* Options a command may take besides the common ones. */
enum {
	CLI_KEEP = 1 << 0,	/* -k, --keep: the command writes new rows */
	CLI_TABLE = 1 << 1,	/* -F, --format csv|table */
	CLI_OWN_HELP = 1 << 2,	/* usage is the whole --help text */
	CLI_JOBS = 1 << 3,	/* -j, --jobs N: the command has threads */
	CLI_DECIMALS = 1 << 4,	/* writes decimals: --excel makes them 0,85 */
	CLI_NO_INPUT = 1 << 5	/* reads no register: no -d -e -m --errors ... */
};

struct cli {
	const char	*prog;		/* samenspel-classify */
	const char	*usage;		/* --help: the command's own part, */
	const char	*usage_tail;	/* the common options, and this */
	int		 features;

	/* Common options. */
	int		 delim;		/* 0: sniff */
	int		 out_delim;	/* 0: the input's */
	sp_encoding	 enc;
	sp_lang		 lang;
	const char	*maps[64];
	size_t		 nmaps;
	const char	*keep;
	int		 lang_given;	/* -l was given */
	char		*keep_owned;	/* keep, when -k was repeated */
	const char	*output;
	const char	*errors;
	int		 quiet;
	int		 crlf;
	int		 bom;
	int		 excel;
	int		 excel_safe;
	int		 ragged;
	int		 table;		/* -F table */
	int		 progress;	/* --progress */
	int		 jobs;		/* -j; 0: see cli_jobs */

	/* State. */
	sp_pool		*pool;		/* threads: see cli_pool_start */
	int		 pool_failed;	/* its failure was reported */
	sp_writer	*out;
	sp_output	*outfile;
	sp_writer	*errw;
	sp_output	*errfile;
	int		 errfd;
	int		 status;	/* exit status so far */
	unsigned long	 nbad;		/* bad records written to --errors */
};

/* The record loop's callbacks. */
typedef sp_status (*cli_header_fn)(struct cli *, sp_reader *, void *);
typedef sp_status (*cli_record_fn)(struct cli *, const sp_record *, void *);
/* A command's own option; returns 0, or -1 for a usage error. */
typedef int (*cli_option_fn)(struct cli *, int ch, const char *arg, void *);

/*
 * --help prints usage, the options every command shares, then
 * usage_tail (or usage alone with CLI_OWN_HELP).
 */
void	 cli_init(struct cli *c, const char *prog, const char *usage,
	    const char *usage_tail, int features);

/*
 * Parse argv: the common options plus the command's (shortopts and
 * longopts may be empty). Exits on --help, --version and usage errors.
 * Returns the index of the first operand.
 */
int	 cli_parse(struct cli *c, int argc, char **argv, const char *shortopts,
	    const struct option *longopts, cli_option_fn fn, void *ctx);

/* Print "prog: message" and exit 2 with the --help hint. */
void	 cli_usage_error(const struct cli *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3), noreturn));

/* Print "prog: message" to stderr. */
void	 cli_error(const struct cli *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The same, unless -q. */
void	 cli_note(const struct cli *c, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* Open standard output or -o FILE. Exits 1 on failure. */
void	 cli_open_output(struct cli *c);

/*
 * A reader set up with the common options. Exits 1 when out of memory.
 */
sp_reader *cli_reader(struct cli *c);

/*
 * Apply -m mappings to a schema; reports a column the input lacks and
 * returns SP_EHEADER (fields were checked when the options were parsed).
 */
sp_status cli_apply_maps(struct cli *c, sp_schema *s, const char *input);

/*
 * Read every input (stdin when there is none, or for "-"), calling
 * header_fn once with the first header and record_fn for each record.
 * A file that cannot be read is reported and skipped; a bad record stops
 * the run, or goes to --errors. A callback's SP_EIO ends the run as a
 * write error. Returns the exit status so far.
 */
int	 cli_run(struct cli *c, int nfiles, char **files,
	    cli_header_fn header_fn, cli_record_fn record_fn, void *ctx);

/* The threads to work in: -j, or one for each processor, at most 4. */
int	 cli_jobs(const struct cli *c);

/*
 * From the header callback on: run the records through the pool p, whose
 * bad records go to cli_bad_record. cli_run then hands whole records to
 * its threads raw, to be parsed there, where it can (sp_reader_take), and
 * the record callback hands it the others with cli_pool_add.
 * cli_pool_finish writes out what the pool holds, reports its failure and
 * frees it.
 */
void	 cli_pool_start(struct cli *c, sp_pool *p);
sp_status cli_pool_add(struct cli *c, const sp_record *rec);
void	 cli_pool_finish(struct cli *c);

/*
 * A bad record of input name: without --errors reported as an error (-1,
 * stop the run), else noted and kept in the --errors file (0, go on; -1
 * when that file cannot be written).
 */
int	 cli_bad_record(struct cli *c, const char *name, unsigned long line,
	    const char *msg, const char *raw, size_t rawlen);

/*
 * Flush and close the output (committing -o FILE when status is 0);
 * returns the final exit status.
 */
int	 cli_finish(struct cli *c);

/*
 * The record loop of a work list (samenspel-steps, -perspectives): l is
 * bound to the first header with the -m mappings and -k, its header row
 * written, then each record's rows, in cli_jobs threads where the
 * register has an id column (without one, a record's id is its number,
 * counted in one thread). A record whose outcome note names (NULL: none)
 * gets a note on standard error, in input order. Returns the exit
 * status so far.
 */
typedef const char *(*cli_outcome_fn)(sp_outcome outcome, void *ctx);
int	 cli_run_list(struct cli *c, int nfiles, char **files, sp_list *l,
	    cli_outcome_fn note, void *ctx);

/* Read a table from an open reader; as sp_kb_replace and sp_rules_load. */
typedef sp_status (*cli_table_fn)(sp_reader *r, void *ctx,
    unsigned long *line, char *msg, size_t size);

/*
 * Read the table file an option names (-r, -p, --table) with load, or
 * exit 1 naming the file and line. "-" is standard input, which then
 * cannot also be an input of rows: a usage error, named by opt, when the
 * operands (nfiles, files; nfiles < 0 for a command that reads no rows)
 * leave it to read.
 */
void	 cli_load_table(struct cli *c, const char *opt, const char *path,
	    int nfiles, char **files, cli_table_fn load, void *ctx);

/*
 * The built-in knowledge base, with table t replaced by the file at path,
 * read as by cli_load_table, when path is not NULL.
 */
sp_kb	*cli_knowledge(struct cli *c, sp_table t, const char *opt,
	    const char *path, int nfiles, char **files);

/*
 * Parse -f/--form: 1-4, or "all" (0). Exits 2 on anything else.
 */
int	 cli_form_arg(const struct cli *c, const char *arg);

/* Report a failed write and exit 1 (quietly for a closed pipe). */
void	 cli_write_failed(struct cli *c) __attribute__((noreturn));

#endif /* SP_CLI_H */
