/*
 * cli.c - the options, messages and input loop every command shares.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

enum {
	OPT_CRLF = 256,
	OPT_BOM,
	OPT_EXCEL,
	OPT_EXCEL_SAFE,
	OPT_ERRORS,
	OPT_RAGGED,
	OPT_PROGRESS
};

static const struct option common_long[] = {
	{ "delimiter", required_argument, NULL, 'd' },
	{ "output-delimiter", required_argument, NULL, 'D' },
	{ "encoding", required_argument, NULL, 'e' },
	{ "lang", required_argument, NULL, 'l' },
	{ "map", required_argument, NULL, 'm' },
	{ "keep", required_argument, NULL, 'k' },
	{ "format", required_argument, NULL, 'F' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "output", required_argument, NULL, 'o' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "crlf", no_argument, NULL, OPT_CRLF },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "excel", no_argument, NULL, OPT_EXCEL },
	{ "excel-safe", no_argument, NULL, OPT_EXCEL_SAFE },
	{ "errors", required_argument, NULL, OPT_ERRORS },
	{ "ragged", no_argument, NULL, OPT_RAGGED },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
};
#define NCOMMON (sizeof common_long / sizeof common_long[0])

static void
vmessage(const struct cli *c, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", c->prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(c, fmt, ap);
	va_end(ap);
}

void
cli_note(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	if (c->quiet)
		return;
	va_start(ap, fmt);
	vmessage(c, fmt, ap);
	va_end(ap);
}

void
cli_usage_error(const struct cli *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(c, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", c->prog);
	exit(2);
}

/* The options every command shares, as --help shows them. */
static const char common_help[] =
"  -m, --map FIELD=COLUMN    read FIELD from COLUMN (repeatable)\n"
"  -d, --delimiter C         input delimiter: , ; | tab or auto (default)\n"
"  -D, --output-delimiter C  output delimiter (default: the input's)\n"
"  -e, --encoding ENC        input encoding: utf-8 (default), cp1252, latin1,\n"
"                            utf-16le, utf-16be (a UTF-16 BOM is followed)\n"
"  -l, --lang LANG           language of the output: nl or en\n"
"  -o, --output FILE         write to FILE, replaced only on success\n"
"      --errors FILE         write bad records to FILE and go on\n"
"      --ragged              pad short rows; keep the fields of long rows\n"
"                            in columns named by position\n"
"      --crlf                end csv lines with CRLF\n"
"      --bom                 start csv output with a UTF-8 byte order mark\n";

/* What --excel does, for a command that writes decimals and one that not. */
static const char excel_help_decimals[] =
"      --excel               for a Dutch spreadsheet: ; BOM CRLF, decimal\n"
"                            comma, --excel-safe\n";
static const char excel_help[] =
"      --excel               for a Dutch spreadsheet: ; BOM CRLF,\n"
"                            --excel-safe\n";

static const char common_help_tail[] =
"      --excel-safe          prefix ' to cells starting with = + - @ tab CR\n"
"      --progress            show rows and MB/s on standard error (by\n"
"                            itself on a terminal for inputs over 50 MB)\n"
"  -q, --quiet               no notes on standard error\n"
"  -h, --help                show this help and exit\n"
"  -V, --version             show the version and exit\n";

static void
help(const struct cli *c)
{
	fputs(c->usage, stdout);
	if (c->features & CLI_OWN_HELP)
		return;
	if (c->features & CLI_KEEP)
		fputs("  -k, --keep COLUMNS        add these input columns "
		    "(comma-separated)\n", stdout);
	if (c->features & CLI_TABLE)
		fputs("  -F, --format FORMAT       csv (default) or table\n",
		    stdout);
	if (c->features & CLI_JOBS)
		fputs("  -j, --jobs N              work in N threads (default: "
		    "the processors,\n"
		    "                            at most 4; the output is the "
		    "same)\n", stdout);
	fputs(common_help, stdout);
	fputs(c->features & CLI_DECIMALS ? excel_help_decimals : excel_help,
	    stdout);
	fputs(common_help_tail, stdout);
	fputs(c->usage_tail, stdout);
}

/*
 * Standard input, output and error, when a caller closed them, are held
 * by /dev/null opened for reading: no file opened later can take their
 * numbers (notes would go into -o's file), reading one gives end of
 * file, and writing one fails as a write to a closed descriptor does.
 */
static void
hold_standard_fds(void)
{
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF &&
		    open("/dev/null", O_RDONLY) != fd)
			_exit(2);
}

void
cli_init(struct cli *c, const char *prog, const char *usage,
    const char *usage_tail, int features)
{
	const char *env;

	hold_standard_fds();
	memset(c, 0, sizeof *c);
	c->prog = prog;
	c->usage = usage;
	c->usage_tail = usage_tail != NULL ? usage_tail : "";
	c->features = features;
	c->lang = sp_lang_default();
	c->errfd = -1;
	env = getenv("SAMENSPEL_DELIMITER");
	if (env != NULL && *env != '\0' &&
	    sp_delimiter_parse(env, &c->delim) != SP_OK)
		cli_usage_error(c, "SAMENSPEL_DELIMITER: invalid delimiter "
		    "'%s' (use , ; | tab or auto)", env);
}

#define CLI_JOBS_MAX	1024
#define CLI_JOBS_DEFAULT_MAX	4

/* -j N: 1 to CLI_JOBS_MAX threads. */
static int
parse_jobs(const struct cli *c, const char *arg)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || n < 1 ||
	    n > CLI_JOBS_MAX)
		cli_usage_error(c, "invalid number of jobs '%s' (use 1 to %d)",
		    arg, CLI_JOBS_MAX);
	return (int)n;
}

/*
 * By default a thread for each processor: the reading thread only cuts
 * the input up and writes, so it needs little of one, and a thread more
 * would take the next command's share in a pipeline. At most a few,
 * since each holds two batches: memory stays small.
 */
int
cli_jobs(const struct cli *c)
{
	int cpus;

	if (c->jobs > 0)
		return c->jobs;
	cpus = sp_pool_cpus();
	return cpus < CLI_JOBS_DEFAULT_MAX ? cpus : CLI_JOBS_DEFAULT_MAX;
}

static int
common_option(struct cli *c, int ch, const char *arg)
{
	switch (ch) {
	case 'd':
		if (sp_delimiter_parse(arg, &c->delim) != SP_OK)
			cli_usage_error(c, "invalid delimiter '%s' (use , ; | "
			    "tab or auto)", arg);
		return 1;
	case 'D':
		if (sp_delimiter_parse(arg, &c->out_delim) != SP_OK ||
		    c->out_delim == 0)
			cli_usage_error(c, "invalid output delimiter '%s' "
			    "(use , ; | or tab)", arg);
		return 1;
	case 'e':
		if (sp_encoding_parse(arg, &c->enc) != SP_OK)
			cli_usage_error(c, "invalid encoding '%s' (use utf-8, "
			    "cp1252, latin1, utf-16le or utf-16be)", arg);
		return 1;
	case 'l':
		if (strcmp(arg, "nl") != 0 && strcmp(arg, "en") != 0)
			cli_usage_error(c, "invalid language '%s' (use nl or "
			    "en)", arg);
		c->lang = arg[0] == 'n' ? SP_LANG_NL : SP_LANG_EN;
		c->lang_given = 1;
		return 1;
	case 'm':
		if (strchr(arg, '=') == NULL || arg[0] == '=')
			cli_usage_error(c, "invalid mapping '%s' (use "
			    "FIELD=COLUMN)", arg);
		if (sp_field_lookup(arg, (size_t)(strchr(arg, '=') - arg)) < 0)
			cli_usage_error(c, "-m %s: unknown field '%.*s'", arg,
			    (int)(strchr(arg, '=') - arg), arg);
		if (c->nmaps == sizeof c->maps / sizeof c->maps[0])
			cli_usage_error(c, "too many -m options");
		c->maps[c->nmaps++] = arg;
		return 1;
	case 'k':
		/* Repeated, the lists add up, as -m and -g do. */
		if (c->keep != NULL) {
			size_t n = strlen(c->keep) + strlen(arg) + 2;
			char *both = malloc(n);

			if (both == NULL) {
				cli_error(c, "out of memory");
				exit(1);
			}
			snprintf(both, n, "%s,%s", c->keep, arg);
			free(c->keep_owned);
			c->keep = c->keep_owned = both;
		} else
			c->keep = arg;
		return 1;
	case 'F':
		if (!(c->features & CLI_TABLE))
			return 0;	/* the command's own -F */
		if (strcmp(arg, "csv") != 0 && strcmp(arg, "table") != 0)
			cli_usage_error(c, "invalid format '%s' (use csv or "
			    "table)", arg);
		c->table = strcmp(arg, "table") == 0;
		return 1;
	case 'j':
		if (!(c->features & CLI_JOBS))
			return 0;
		c->jobs = parse_jobs(c, arg);
		return 1;
	case 'o':
		c->output = arg;
		return 1;
	case 'q':
		c->quiet = 1;
		return 1;
	case OPT_CRLF:
		c->crlf = 1;
		return 1;
	case OPT_BOM:
		c->bom = 1;
		return 1;
	case OPT_EXCEL:
		c->excel = 1;
		return 1;
	case OPT_EXCEL_SAFE:
		c->excel_safe = 1;
		return 1;
	case OPT_ERRORS:
		c->errors = arg;
		return 1;
	case OPT_RAGGED:
		c->ragged = 1;
		return 1;
	case OPT_PROGRESS:
		c->progress = 1;
		return 1;
	}
	return 0;
}

int
cli_parse(struct cli *c, int argc, char **argv, const char *shortopts,
    const struct option *longopts, cli_option_fn fn, void *ctx)
{
	struct option all[NCOMMON + 32];
	char shorts[128];
	size_t n = 0, i;
	int ch;

	snprintf(shorts, sizeof shorts, "%sD:l:o:qhV%s%s%s%s",
	    (c->features & CLI_NO_INPUT) ? "" : "d:e:m:",
	    (c->features & CLI_KEEP) ? "k:" : "",
	    (c->features & CLI_TABLE) ? "F:" : "",
	    (c->features & CLI_JOBS) ? "j:" : "", shortopts);
	for (i = 0; i < NCOMMON; i++) {
		int v = common_long[i].val;

		if ((v == 'k' && !(c->features & CLI_KEEP)) ||
		    (v == 'F' && !(c->features & CLI_TABLE)) ||
		    (v == 'j' && !(c->features & CLI_JOBS)))
			continue;
		/* Options about reading input, for a command that reads none. */
		if ((c->features & CLI_NO_INPUT) && (v == 'd' || v == 'e' ||
		    v == 'm' || v == OPT_ERRORS || v == OPT_RAGGED ||
		    v == OPT_PROGRESS))
			continue;
		all[n++] = common_long[i];
	}
	for (i = 0; longopts != NULL && longopts[i].name != NULL &&
	    n < sizeof all / sizeof all[0] - 1; i++)
		all[n++] = longopts[i];
	memset(&all[n], 0, sizeof all[n]);

	/* getopt's own messages name the option as typed, as coreutils do. */
	argv[0] = (char *)c->prog;
	opterr = 1;
	while ((ch = getopt_long(argc, argv, shorts, all, NULL)) != -1) {
		switch (ch) {
		case 'h':
			help(c);
			if (fflush(stdout) == EOF || ferror(stdout)) {
				cli_error(c, "write error: %s", strerror(errno));
				exit(1);
			}
			exit(0);
		case 'V':
			printf("%s (samenspel) %s\n", c->prog, sp_version());
			if (fflush(stdout) == EOF || ferror(stdout)) {
				cli_error(c, "write error: %s", strerror(errno));
				exit(1);
			}
			exit(0);
		case '?':
			fprintf(stderr, "Try '%s --help' for more "
			    "information.\n", c->prog);
			exit(2);
		default:
			if (common_option(c, ch, optarg))
				break;
			if (fn == NULL || fn(c, ch, optarg, ctx) == -1)
				cli_usage_error(c, "invalid option");
		}
	}
	/* Like SAMENSPEL_DELIMITER, a language that is none is an error. */
	if (!c->lang_given) {
		const char *env = getenv("SAMENSPEL_LANG");
		sp_lang lang;

		if (env != NULL && *env != '\0' &&
		    sp_lang_parse(env, &lang) != SP_OK)
			cli_usage_error(c, "SAMENSPEL_LANG: invalid language "
			    "'%s' (use nl or en)", env);
	}
	if (c->excel) {
		if (c->out_delim == 0)
			c->out_delim = ';';
		c->bom = c->crlf = c->excel_safe = 1;
	}
	return optind;
}

static void
setup_writer(const struct cli *c, sp_writer *w)
{
	sp_writer_set_crlf(w, c->crlf);
	sp_writer_set_excel_safe(w, c->excel_safe);
	if (c->excel)
		sp_writer_set_decimal(w, ',');
	if (c->out_delim != 0)
		sp_writer_set_delimiter(w, c->out_delim);
}

/*
 * The temporary files of -o and --errors, removed when a signal ends the
 * run (timeout(1), ^C, a stopped cron job), as sort -o does. Copies that
 * live as long as the process: the handler may run after a commit.
 */
static char *volatile temp_files[2];

static void
remove_temp_files(int sig)
{
	size_t i;

	for (i = 0; i < sizeof temp_files / sizeof temp_files[0]; i++)
		if (temp_files[i] != NULL)
			(void)unlink(temp_files[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
guard_temp_file(const sp_output *o)
{
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGPIPE };
	const char *tmp = sp_output_temp(o);
	struct sigaction sa, old;
	size_t i, slot;
	char *copy;

	if (tmp == NULL || (copy = strdup(tmp)) == NULL)
		return;
	for (slot = 0; slot < 2 && temp_files[slot] != NULL; slot++)
		;
	if (slot == 2) {
		free(copy);
		return;
	}
	temp_files[slot] = copy;
	if (slot > 0)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = remove_temp_files;
	sigemptyset(&sa.sa_mask);
	/* A signal the caller ignores stays ignored. */
	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler != SIG_IGN)
			(void)sigaction(sigs[i], &sa, NULL);
}

void
cli_open_output(struct cli *c)
{
	int fd = STDOUT_FILENO;

	if (c->output != NULL && strcmp(c->output, "-") != 0) {
		if (sp_output_open(c->output, &c->outfile) != SP_OK) {
			cli_error(c, "%s: %s", c->output, strerror(errno));
			exit(1);
		}
		fd = sp_output_fd(c->outfile);
		guard_temp_file(c->outfile);
	}
	if ((c->out = sp_writer_new(fd)) == NULL) {
		cli_error(c, "out of memory");
		exit(1);
	}
	setup_writer(c, c->out);
	sp_writer_set_bom(c->out, c->bom);
	sp_writer_set_table(c->out, c->table);
}

sp_reader *
cli_reader(struct cli *c)
{
	sp_reader *r;

	if ((r = sp_reader_new()) == NULL) {
		cli_error(c, "out of memory");
		exit(1);
	}
	sp_reader_set_delimiter(r, c->delim);
	sp_reader_set_encoding(r, c->enc);
	sp_reader_set_ragged(r, c->ragged);
	return r;
}

sp_status
cli_apply_maps(struct cli *c, sp_schema *s, const char *input)
{
	const char *eq;
	char *field;
	size_t i;
	sp_status st;

	for (i = 0; i < c->nmaps; i++) {
		eq = strchr(c->maps[i], '=');
		if ((field = strndup(c->maps[i], (size_t)(eq - c->maps[i]))) ==
		    NULL)
			return SP_ENOMEM;
		st = sp_schema_map(s, field, eq + 1);
		free(field);
		if (st == SP_EHEADER)
			cli_error(c, "%s:1: -m %s: no column '%s'", input,
			    c->maps[i], eq + 1);
		if (st != SP_OK)
			return st == SP_EINVAL ? SP_EHEADER : st;
	}
	return SP_OK;
}

void
cli_write_failed(struct cli *c)
{
	int e = sp_writer_errno(c->out);

	if (e != EPIPE)
		cli_error(c, "write error: %s", strerror(e ? e : EIO));
	sp_output_abort(c->outfile);
	sp_output_abort(c->errfile);
	exit(1);
}

/*
 * Open --errors and write its header, before any input is read, so that
 * a clean run leaves an empty list rather than an old one.
 */
static int
open_errors(struct cli *c)
{
	int fd = STDERR_FILENO;

	if (strcmp(c->errors, "-") != 0) {
		if (sp_output_open(c->errors, &c->errfile) != SP_OK) {
			cli_error(c, "%s: %s", c->errors, strerror(errno));
			return -1;
		}
		fd = sp_output_fd(c->errfile);
		guard_temp_file(c->errfile);
	}
	if ((c->errw = sp_writer_new(fd)) == NULL) {
		cli_error(c, "out of memory");
		return -1;
	}
	if (sp_writer_cstr(c->errw, "file") != SP_OK ||
	    sp_writer_cstr(c->errw, "line") != SP_OK ||
	    sp_writer_cstr(c->errw, "message") != SP_OK ||
	    sp_writer_cstr(c->errw, "raw") != SP_OK ||
	    sp_writer_end_row(c->errw) != SP_OK) {
		cli_error(c, "%s: write error: %s", c->errors,
		    strerror(sp_writer_errno(c->errw)));
		return -1;
	}
	return 0;
}

/* Write a bad record to --errors: file, line, message, raw text. */
static int
keep_bad_record(struct cli *c, const char *name, unsigned long line,
    const char *msg, const char *raw, size_t rawlen)
{
	char num[32];

	/* The raw text without its final line end, as it was written. */
	while (rawlen > 0 && (raw[rawlen - 1] == '\n' ||
	    raw[rawlen - 1] == '\r'))
		rawlen--;
	snprintf(num, sizeof num, "%lu", line);
	if (sp_writer_cstr(c->errw, name) != SP_OK ||
	    sp_writer_cstr(c->errw, num) != SP_OK ||
	    sp_writer_cstr(c->errw, msg) != SP_OK ||
	    sp_writer_field(c->errw, raw, rawlen) != SP_OK ||
	    sp_writer_end_row(c->errw) != SP_OK) {
		cli_error(c, "%s: write error: %s", c->errors,
		    strerror(sp_writer_errno(c->errw)));
		return -1;
	}
	c->nbad++;
	return 0;
}

int
cli_bad_record(struct cli *c, const char *name, unsigned long line,
    const char *msg, const char *raw, size_t rawlen)
{
	if (c->errors == NULL) {
		cli_error(c, "%s:%lu: %s", name, line, msg);
		c->status = 1;
		return -1;
	}
	/* Kept, not lost: the run goes on and may still succeed. */
	cli_note(c, "%s:%lu: %s (kept in %s)", name, line, msg, c->errors);
	return keep_bad_record(c, name, line, msg, raw, rawlen);
}

/* Open an input; -1 (reported) when it cannot be opened. */
static int
open_input(struct cli *c, const char *name)
{
	int fd;

	if (strcmp(name, "-") == 0)
		return STDIN_FILENO;
	if ((fd = open(name, O_RDONLY)) == -1) {
		cli_error(c, "%s: %s", name, strerror(errno));
		c->status = 1;
	}
	return fd;
}

/*
 * Make an input readable twice: a pipe is first copied to a temporary
 * file (unlinked at once). Returns the fd to use, or -1 (reported).
 */
static int
rewindable(struct cli *c, const char *name, int fd)
{
	const char *dir = getenv("TMPDIR");
	char *tmpl;
	char buf[65536];
	ssize_t n, w, off;
	size_t len;
	int t;

	if (lseek(fd, 0, SEEK_CUR) != -1)
		return fd;
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	len = strlen(dir) + sizeof "/samenspel.XXXXXX";
	if ((tmpl = malloc(len)) != NULL)
		snprintf(tmpl, len, "%s/samenspel.XXXXXX", dir);
	if (tmpl == NULL || (t = mkstemp(tmpl)) == -1) {
		cli_error(c, "%s: cannot make a temporary copy: %s", name,
		    strerror(errno));
		free(tmpl);
		c->status = 1;
		return -1;
	}
	unlink(tmpl);
	free(tmpl);
	for (;;) {
		n = read(fd, buf, sizeof buf);
		if (n == 0)
			break;
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			goto fail;
		for (off = 0; off < n; off += w)
			if ((w = write(t, buf + off, (size_t)(n - off))) == -1)
				goto fail;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	if (lseek(t, 0, SEEK_SET) == -1)
		goto fail;
	return t;
fail:
	cli_error(c, "%s: %s", name, strerror(errno));
	close(t);
	c->status = 1;
	return -1;
}

/*
 * --ragged: every record gets as many fields as the widest one of all
 * inputs, so that no field is lost. The inputs are counted first.
 */
static void
ragged_width(struct cli *c, sp_reader *r, int nfiles, char **files, int *fds)
{
	sp_reader *scan = cli_reader(c);
	size_t width = 0, max;
	off_t start;
	int i;

	sp_reader_set_width(scan, 0);
	for (i = 0; i < nfiles; i++) {
		if (fds[i] < 0)
			continue;
		if ((fds[i] = rewindable(c, files[i], fds[i])) < 0)
			continue;
		/* Back to where the input stood, not to its start. */
		start = lseek(fds[i], 0, SEEK_CUR);
		if (sp_reader_open_fd(scan, fds[i], files[i]) == SP_OK &&
		    sp_reader_max_fields(scan, &max) == SP_OK && max > width)
			width = max;
		(void)lseek(fds[i], start, SEEK_SET);
	}
	/* The header of the first input sets the delimiter of them all. */
	if (sp_reader_delimiter(scan) != 0)
		sp_reader_set_delimiter(r, sp_reader_delimiter(scan));
	sp_reader_set_width(r, width);
	sp_reader_free(scan);
}

/*
 * Progress on standard error: rows, megabytes and megabytes per second,
 * redrawn in place on a terminal, a line at a time elsewhere.
 */
struct progress {
	int		 on;
	int		 tty;
	struct timespec	 start;
	double		 last;
	unsigned long	 rows;
};

static double
seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	    (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
progress_show(const struct cli *c, struct progress *p, sp_reader *r,
    int done)
{
	double s = seconds_since(&p->start), mb;

	if (!done && s - p->last < (p->tty ? 0.25 : 5.0))
		return;
	p->last = s;
	mb = (double)sp_reader_bytes(r) / 1e6;
	fprintf(stderr, "%s%s: %lu rows, %.1f MB, %.1f MB/s%s", p->tty ?
	    "\r" : "", c->prog, p->rows, mb, s > 0 ? mb / s : 0.0,
	    p->tty && !done ? "\033[K" : "\n");
}

/*
 * --progress, or by itself when standard error is a terminal and the
 * inputs add up to more than about 50 MB: a big job that a person
 * watches. Never in a pipe's stderr or cron's mail unless asked for.
 */
static void
progress_start(const struct cli *c, struct progress *p, int nfiles,
    const int *fds)
{
	struct stat sb;
	long long total = 0;
	int i;

	memset(p, 0, sizeof *p);
	p->tty = isatty(STDERR_FILENO);
	for (i = 0; i < nfiles; i++)
		if (fds[i] >= 0 && fstat(fds[i], &sb) == 0 &&
		    S_ISREG(sb.st_mode))
			total += sb.st_size;
	p->on = c->progress || (p->tty && !c->quiet && total > 50000000);
	clock_gettime(CLOCK_MONOTONIC, &p->start);
}

/* A chunk of whole records for the threads: a batch's worth. */
#define CLI_CHUNK_BYTES	((size_t)64 * 1024)

/* A bad record the threads found, told in its place. */
static sp_status
pool_bad(void *ctx, void *tag, unsigned long line, const char *msg,
    const char *raw, size_t rawlen)
{
	return cli_bad_record(ctx, tag, line, msg, raw, rawlen) == 0 ? SP_OK :
	    SP_ERECORD;
}

void
cli_pool_start(struct cli *c, sp_pool *p)
{
	c->pool = p;
	c->pool_failed = 0;
	sp_pool_set_bad(p, pool_bad, c);
}

/* A failure of the pool is reported where it is met: here, or by run_input. */
static sp_status
pool_status(struct cli *c, sp_status st)
{
	if (st != SP_OK)
		c->pool_failed = 1;
	return st;
}

sp_status
cli_pool_add(struct cli *c, const sp_record *rec)
{
	return pool_status(c, sp_pool_add(c->pool, rec));
}

void
cli_pool_finish(struct cli *c)
{
	sp_status st;

	if (c->pool == NULL)
		return;
	st = sp_pool_drain(c->pool);
	/* A bad record that stopped the run was told when it was met. */
	if (st != SP_OK && st != SP_ERECORD && !c->pool_failed) {
		if (st == SP_EIO)
			cli_write_failed(c);
		else
			cli_error(c, "out of memory");
		c->status = 1;
	}
	sp_pool_free(c->pool);
	c->pool = NULL;
}

/* Read one input; returns 0 to go on, -1 to stop the run. */
static int
run_input(struct cli *c, sp_reader *r, const char *name, int fd,
    int *have_header, cli_header_fn header_fn, cli_record_fn record_fn,
    void *ctx, struct progress *prog)
{
	const sp_record *rec;
	const char *msg, *raw, *chunk;
	unsigned long line;
	sp_status st;
	size_t padded, rawlen, len;

	st = sp_reader_open_fd(r, fd, name);
	if (st != SP_OK) {
		msg = sp_reader_error(r, &line, NULL, NULL);
		if (st == SP_EHEADER)
			cli_error(c, "%s:%lu: %s", name, line, msg);
		else
			cli_error(c, "%s: %s", name, msg);
		c->status = 1;
		goto done;
	}
	/* Values pass through as they are, but keywords will not match. */
	if ((line = sp_reader_not_utf8(r)) != 0)
		cli_note(c, "%s:%lu: not UTF-8; for a spreadsheet's export in "
		    "cp1252, use -e cp1252; in UTF-16, -e utf-16le", name, line);
	if (!*have_header) {
		*have_header = 1;
		if (c->out_delim == 0)
			sp_writer_set_delimiter(c->out, sp_reader_delimiter(r));
		if ((st = header_fn(c, r, ctx)) != SP_OK)
			goto stop;
	}
	for (;;) {
		/*
		 * Progress counts rows as they are read, so it reads them
		 * here; otherwise whole records go to the threads raw.
		 */
		st = SP_OK;
		if (c->pool != NULL && !prog->on) {
			st = sp_reader_take(r, CLI_CHUNK_BYTES, &chunk, &len,
			    &line);
			/* The name outlives the pool: it is one of main's. */
			if (st == SP_OK && len > 0) {
				if ((st = pool_status(c, sp_pool_add_chunk(
				    c->pool, r, chunk, len, line,
				    (void *)(uintptr_t)name))) != SP_OK)
					goto stop;
				continue;
			}
		}
		if (st == SP_OK)
			st = sp_reader_next(r, &rec);
		if (st == SP_OK) {
			padded = sp_reader_padded(r);
			/* Notes on rows before this one come first. */
			if (padded != 0 && !c->quiet && c->pool != NULL &&
			    (st = pool_status(c, sp_pool_drain(c->pool))) != SP_OK)
				goto stop;
			if (padded != 0 && padded <= sp_reader_header_width(r))
				cli_note(c, "%s:%lu: %zu field%s, padded to %zu",
				    name, sp_record_line(rec), padded,
				    padded == 1 ? "" : "s", sp_record_count(rec));
			else if (padded != 0)
				cli_note(c, "%s:%lu: %zu fields, more than the "
				    "header: kept in numbered columns", name,
				    sp_record_line(rec), padded);
			if ((st = record_fn(c, rec, ctx)) != SP_OK)
				goto stop;
			/* The clock is asked only now and then: it costs. */
			if (prog->on && (++prog->rows & 4095) == 0)
				progress_show(c, prog, r, 0);
			continue;
		}
		/* The bad records of chunks taken before come first. */
		if (c->pool != NULL) {
			sp_status sst = pool_status(c, sp_pool_drain(c->pool));

			if (sst != SP_OK) {
				st = sst;
				goto stop;
			}
		}
		if (st == SP_EOF)
			break;
		msg = sp_reader_error(r, &line, &raw, &rawlen);
		if (st != SP_ERECORD) {
			cli_error(c, "%s: %s", name, msg);
			c->status = 1;
			break;
		}
		if (cli_bad_record(c, name, line, msg, raw, rawlen) == -1)
			goto stop;
	}
done:
	if (fd != STDIN_FILENO)
		close(fd);
	return 0;
stop:
	if (fd != STDIN_FILENO)
		close(fd);
	if (st == SP_EIO)
		cli_write_failed(c);
	if (st == SP_ENOMEM)
		cli_error(c, "out of memory");
	c->status = 1;
	return -1;
}

/* Is the directory part of a (up to its last '/') the same as of b? */
static int
same_directory(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	char *da, *db;
	struct stat ka, kb;
	int same;

	da = sa == NULL ? strdup(".") : sa == a ? strdup("/") :
	    strndup(a, (size_t)(sa - a));
	db = sb == NULL ? strdup(".") : sb == b ? strdup("/") :
	    strndup(b, (size_t)(sb - b));
	same = da != NULL && db != NULL && stat(da, &ka) == 0 &&
	    stat(db, &kb) == 0 && ka.st_dev == kb.st_dev &&
	    ka.st_ino == kb.st_ino;
	free(da);
	free(db);
	return same;
}

/*
 * Do two names name one file: the same inode, or, where neither is there
 * yet, the same name in the same directory (x.csv and ./x.csv)?
 */
static int
same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	const char *ba = strrchr(a, '/'), *bb = strrchr(b, '/');
	int ha = stat(a, &sa) == 0, hb = stat(b, &sb) == 0;

	if (ha && hb)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino &&
		    S_ISREG(sa.st_mode);
	if (ha || hb)
		return 0;
	return strcmp(ba != NULL ? ba + 1 : a, bb != NULL ? bb + 1 : b) == 0 &&
	    same_directory(a, b);
}

/*
 * --errors replaces its file at the end, as -o does: naming an input or
 * the output, it would destroy the register or lose the bad records.
 */
static void
check_errors_file(struct cli *c, int nfiles, char **files)
{
	struct stat se, si;
	const char *clash = NULL;
	int i;

	if (c->errors == NULL || strcmp(c->errors, "-") == 0)
		return;
	for (i = 0; i < nfiles && clash == NULL; i++)
		if (strcmp(files[i], "-") == 0 ? stat(c->errors, &se) == 0 &&
		    fstat(STDIN_FILENO, &si) == 0 && S_ISREG(se.st_mode) &&
		    se.st_dev == si.st_dev && se.st_ino == si.st_ino :
		    same_file(c->errors, files[i]))
			clash = "an input";
	if (clash == NULL && c->output != NULL &&
	    strcmp(c->output, "-") != 0 && same_file(c->errors, c->output))
		clash = "the -o file";
	if (clash != NULL) {
		sp_output_abort(c->outfile);
		c->outfile = NULL;
		cli_usage_error(c, "--errors %s is %s: it would be overwritten",
		    c->errors, clash);
	}
}

int
cli_run(struct cli *c, int nfiles, char **files, cli_header_fn header_fn,
    cli_record_fn record_fn, void *ctx)
{
	static char stdin_name[] = "-";
	char *none[] = { stdin_name };
	sp_reader *r;
	int i, have_header = 0, *fds, stdin_seen;
	struct progress prog;

	if (nfiles == 0) {
		files = none;
		nfiles = 1;
	}
	check_errors_file(c, nfiles, files);
	r = cli_reader(c);
	if ((fds = calloc((size_t)nfiles, sizeof *fds)) == NULL) {
		cli_error(c, "out of memory");
		exit(1);
	}
	if (c->errors != NULL && open_errors(c) == -1) {
		sp_reader_free(r);
		free(fds);
		return c->status = 1;
	}
	/* Standard input is read once; named again, it is at its end. */
	for (i = 0, stdin_seen = 0; i < nfiles; i++)
		if (strcmp(files[i], "-") != 0 || !stdin_seen++)
			fds[i] = open_input(c, files[i]);
		else
			fds[i] = -1;
	if (c->ragged)
		ragged_width(c, r, nfiles, files, fds);
	progress_start(c, &prog, nfiles, fds);
	for (i = 0; i < nfiles; i++) {
		if (fds[i] < 0)
			continue;
		if (run_input(c, r, files[i], fds[i], &have_header, header_fn,
		    record_fn, ctx, &prog) == -1) {
			/* Close what the run did not get to. */
			while (++i < nfiles)
				if (fds[i] > STDIN_FILENO)
					close(fds[i]);
			break;
		}
	}
	if (prog.on)
		progress_show(c, &prog, r, 1);
	free(fds);
	sp_reader_free(r);
	return c->status;
}

int
cli_finish(struct cli *c)
{
	free(c->keep_owned);
	c->keep = c->keep_owned = NULL;
	if (c->errw != NULL) {
		if (sp_writer_flush(c->errw) != SP_OK) {
			cli_error(c, "%s: write error: %s", c->errors,
			    strerror(sp_writer_errno(c->errw)));
			sp_output_abort(c->errfile);
			c->status = 1;
		} else if (c->errfile != NULL &&
		    sp_output_commit(c->errfile) != SP_OK) {
			cli_error(c, "%s: write error: %s", c->errors,
			    strerror(errno));
			c->status = 1;
		}
		c->errfile = NULL;
		sp_writer_free(c->errw);
		c->errw = NULL;
	}
	if (c->out != NULL) {
		if (sp_writer_end(c->out) != SP_OK)
			cli_write_failed(c);
		if (c->outfile != NULL) {
			/* A failed run leaves no half file behind. */
			if (c->status == 1 || c->status == 2) {
				sp_output_abort(c->outfile);
			} else if (sp_output_commit(c->outfile) != SP_OK) {
				cli_error(c, "%s: %s", c->output,
				    strerror(errno));
				c->status = 1;
			}
			c->outfile = NULL;
		}
		sp_writer_free(c->out);
		c->out = NULL;
	}
	return c->status;
}

/* The header of a work list: a schema, the list bound, the header row. */
static sp_status
list_header(struct cli *c, sp_reader *r, sp_list *l, sp_schema **schema)
{
	sp_status st;

	if ((*schema = sp_schema_new(sp_reader_header(r))) == NULL)
		return SP_ENOMEM;
	if ((st = cli_apply_maps(c, *schema, sp_reader_name(r))) != SP_OK)
		return st;
	if ((st = sp_list_bind(l, *schema, c->keep)) != SP_OK) {
		if (st == SP_EHEADER)
			cli_error(c, "%s:%lu: %s", sp_reader_name(r),
			    sp_record_line(sp_reader_header(r)),
			    sp_list_error(l));
		return st;
	}
	return sp_list_write_header(l, c->out);
}

struct list_run {
	sp_list		*l;
	void		**copies;	/* a list for each thread */
	int		 ncopies;
	sp_schema	*schema;
	sp_reader	*reader;	/* names the input in notes */
	cli_outcome_fn	 note;
	void		*ctx;
	struct cli	*c;
};

static void
note_outcome(struct list_run *lr, unsigned long line, sp_outcome outcome)
{
	const char *msg;

	if (outcome != SP_LISTED && (msg = lr->note(outcome, lr->ctx)) != NULL)
		cli_note(lr->c, "%s:%lu: %s", sp_reader_name(lr->reader), line,
		    msg);
}

/* A note from a thread, told in its place. */
static sp_status
pool_note(void *ctx, unsigned long line, int code)
{
	note_outcome(ctx, line, (sp_outcome)code);
	return SP_OK;
}

static sp_status
list_run_header(struct cli *c, sp_reader *r, void *ctx)
{
	struct list_run *lr = ctx;
	int n = cli_jobs(c);
	sp_pool *pool;
	sp_status st;

	lr->reader = r;
	if ((st = list_header(c, r, lr->l, &lr->schema)) != SP_OK)
		return st;
	/*
	 * One thread where ids are row numbers, counted in input order, and
	 * for -F table, which lays out all rows at the end anyway.
	 */
	if (n < 2 || c->table || sp_schema_column(lr->schema, SP_FIELD_ID) < 0)
		return SP_OK;
	if ((lr->copies = calloc((size_t)n, sizeof *lr->copies)) == NULL)
		return SP_ENOMEM;
	for (lr->ncopies = 0; lr->ncopies < n; lr->ncopies++)
		if ((lr->copies[lr->ncopies] = sp_list_dup(lr->l)) == NULL)
			return SP_ENOMEM;
	/* Without threads to be had, the run goes on in this one. */
	if ((pool = sp_pool_new(c->out, sp_list_pool_row, lr->copies,
	    n)) != NULL) {
		sp_pool_set_note(pool, pool_note, lr);
		cli_pool_start(c, pool);
	}
	return SP_OK;
}

static sp_status
list_run_record(struct cli *c, const sp_record *rec, void *ctx)
{
	struct list_run *lr = ctx;
	sp_outcome outcome;
	sp_status st;

	if (c->pool != NULL)
		return cli_pool_add(c, rec);
	if ((st = sp_list_write_record(lr->l, rec, c->out, &outcome)) != SP_OK)
		return st;
	note_outcome(lr, sp_record_line(rec), outcome);
	return SP_OK;
}

int
cli_run_list(struct cli *c, int nfiles, char **files, sp_list *l,
    cli_outcome_fn note, void *ctx)
{
	struct list_run lr = { .l = l, .note = note, .ctx = ctx, .c = c };
	int i;

	cli_run(c, nfiles, files, list_run_header, list_run_record, &lr);
	cli_pool_finish(c);
	for (i = 0; i < lr.ncopies; i++)
		sp_list_free(lr.copies[i]);
	free(lr.copies);
	sp_schema_free(lr.schema);
	return c->status;
}

void
cli_load_table(struct cli *c, const char *opt, const char *path, int nfiles,
    char **files, cli_table_fn load, void *ctx)
{
	char msg[256];
	unsigned long line = 0;
	sp_reader *r;
	sp_status st;
	int fd, i, rows_from_stdin = nfiles == 0;

	/* nfiles < 0: the command reads no rows (-f). */
	if (strcmp(path, "-") == 0) {
		for (i = 0; i < nfiles; i++)
			rows_from_stdin |= strcmp(files[i], "-") == 0;
		if (rows_from_stdin)
			cli_usage_error(c, "%s - reads standard input: name the "
			    "input files", opt);
		fd = STDIN_FILENO;
	} else if ((fd = open(path, O_RDONLY)) == -1) {
		cli_error(c, "%s: %s", path, strerror(errno));
		exit(1);
	}
	/* A table file has its own shape: -d, -e and --ragged are not its. */
	if ((r = sp_reader_new()) == NULL) {
		cli_error(c, "out of memory");
		exit(1);
	}
	msg[0] = '\0';
	st = sp_reader_open_fd(r, fd, path);
	if (st == SP_OK)
		st = load(r, ctx, &line, msg, sizeof msg);
	else
		snprintf(msg, sizeof msg, "%s", sp_reader_error(r, &line,
		    NULL, NULL));
	if (st != SP_OK) {
		if (st == SP_ENOMEM)
			snprintf(msg, sizeof msg, "out of memory");
		/* A read error (a directory, say) has no line. */
		if (line > 0 && st != SP_EIO)
			cli_error(c, "%s:%lu: %s", path, line, msg);
		else
			cli_error(c, "%s: %s", path, msg);
		exit(1);
	}
	sp_reader_free(r);
	if (fd != STDIN_FILENO)
		close(fd);
}

struct kb_table {
	sp_kb		*kb;
	sp_table	 t;
};

static sp_status
replace_table(sp_reader *r, void *ctx, unsigned long *line, char *msg,
    size_t size)
{
	struct kb_table *k = ctx;

	return sp_kb_replace(k->kb, k->t, r, line, msg, size);
}

sp_kb *
cli_knowledge(struct cli *c, sp_table t, const char *opt, const char *path,
    int nfiles, char **files)
{
	struct kb_table k = { NULL, t };

	if (sp_kb_builtin(&k.kb) != SP_OK) {
		cli_error(c, "cannot load the built-in tables");
		exit(1);
	}
	if (path != NULL)
		cli_load_table(c, opt, path, nfiles, files, replace_table, &k);
	return k.kb;
}

int
cli_form_arg(const struct cli *c, const char *arg)
{
	if (strcmp(arg, "all") == 0)
		return 0;
	if (arg[0] >= '1' && arg[0] <= '4' && arg[1] == '\0')
		return arg[0] - '0';
	cli_usage_error(c, "invalid form '%s' (use 1, 2, 3, 4 or all)", arg);
}
