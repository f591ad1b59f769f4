/*
 * samenspel - run a samenspel command (samenspel CMD runs samenspel-CMD,
 * as git does), list the commands, or print the table of the four forms.
 */
#define _XOPEN_SOURCE 700	/* realpath */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

/* Flush standard output: 0, or 1 with a message when the write failed. */
static int
done(void)
{
	if (fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "samenspel: write error: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}

static const char usage[] =
"Usage: samenspel COMMAND [ARG]...\n"
"       samenspel forms [OPTION]...\n"
"       samenspel help [COMMAND]\n"
"The forms of interplay between government and society of the note\n"
"\"Samenspel van een moderne overheid met de energieke samenleving\".\n"
"\n"
"samenspel COMMAND runs samenspel-COMMAND with the ARGs.\n"
"\n"
"Commands:\n"
"  classify      which form each row of a register is, and why\n"
"  steps         the step plan for each row, its next step, or a form's\n"
"  perspectives  action perspectives, services and added value per form\n"
"  report        the register at a glance: counts, shares, rows to review\n"
"  forms         the four forms: owner, roles, experience, examples and\n"
"                the crosswalk to the ROB ladder, IAP2 and Arnstein\n"
"  help          this text, or a command's --help\n"
"\n"
"Options of samenspel forms:\n"
"      --crosswalk           list the crosswalk itself\n"
"  -F, --format FORMAT       csv (default) or table\n"
"  -l, --lang LANG           language of the texts: nl or en\n"
"  -D, --output-delimiter C  output delimiter (default ,)\n"
"  -o, --output FILE         write to FILE, replaced only on success\n"
"      --crlf                end csv lines with CRLF\n"
"      --bom                 start csv output with a UTF-8 byte order mark\n"
"      --excel               for a Dutch spreadsheet: ; BOM CRLF,\n"
"                            --excel-safe\n"
"      --excel-safe          prefix ' to cells starting with = + - @ tab CR\n"
"  -q, --quiet               no notes on standard error\n"
"  -h, --help                show this help and exit\n"
"  -V, --version             show the version and exit\n"
"\n"
"Exit status: that of the command run; 0 success, 1 data or I/O error,\n"
"2 usage error (also for an unknown command).\n"
"Environment: SAMENSPEL_LANG, LC_ALL, LC_MESSAGES, LANG.\n";

enum { OPT_CROSSWALK = 300 };

static const struct option forms_longopts[] = {
	{ "crosswalk", no_argument, NULL, OPT_CROSSWALK },
	{ NULL, 0, NULL, 0 }
};

static int
forms_option(struct cli *c, int ch, const char *arg, void *ctx)
{
	(void)c;
	(void)arg;
	if (ch != OPT_CROSSWALK)
		return -1;
	*(int *)ctx = 1;
	return 0;
}

static int
forms(int argc, char **argv)
{
	struct cli c;
	sp_kb *kb;
	int crosswalk = 0, first, status;

	cli_init(&c, "samenspel forms", usage, NULL,
	    CLI_TABLE | CLI_OWN_HELP | CLI_NO_INPUT);
	first = cli_parse(&c, argc, argv, "", forms_longopts, forms_option,
	    &crosswalk);
	if (first < argc)
		cli_usage_error(&c, "forms takes no input files");
	kb = cli_knowledge(&c, SP_TABLE_FORMS, NULL, NULL, -1, NULL);
	cli_open_output(&c);
	if (sp_forms_write(kb, c.lang, crosswalk, c.out) != SP_OK)
		cli_write_failed(&c);
	status = cli_finish(&c);
	sp_kb_free(kb);
	return status;
}

/* Try samenspel-NAME in the directory of file; returns only on failure. */
static void
exec_beside(const char *file, const char *name, char **argv)
{
	char path[PATH_MAX];
	const char *slash = strrchr(file, '/');
	int n;

	if (slash == NULL)
		return;
	n = snprintf(path, sizeof path, "%.*s/samenspel-%s",
	    (int)(slash - file), file, name);
	if (n > 0 && (size_t)n < sizeof path) {
		argv[0] = path;
		execv(path, argv);
	}
}

/*
 * This program's file with its links resolved, found as the shell found
 * it: argv[0] itself, or the first of that name on the PATH. NULL when
 * it cannot be told.
 */
static char *
real_self(const char *self)
{
	const char *p, *end, *dirs = getenv("PATH");
	char path[PATH_MAX];
	int n;

	if (strchr(self, '/') != NULL)
		return realpath(self, NULL);
	for (p = dirs != NULL ? dirs : ""; *p != '\0'; p = end + (*end != '\0')) {
		end = p + strcspn(p, ":");
		n = snprintf(path, sizeof path, "%.*s/%s", end > p ?
		    (int)(end - p) : 1, end > p ? p : ".", self);
		if (n > 0 && (size_t)n < sizeof path && access(path, X_OK) == 0)
			return realpath(path, NULL);
	}
	return NULL;
}

static int
known(const char *name)
{
	return strcmp(name, "classify") == 0 || strcmp(name, "steps") == 0 ||
	    strcmp(name, "perspectives") == 0 || strcmp(name, "report") == 0;
}

/*
 * Run samenspel-NAME: next to this program first (as called, then with
 * its links resolved, for an install reached through a symlink), then
 * on the PATH.
 */
static int
run(const char *self, const char *name, char **argv)
{
	char path[PATH_MAX], *real;
	int n;

	if (strchr(name, '/') != NULL || name[0] == '-' || name[0] == '\0')
		goto unknown;
	exec_beside(self, name, argv);
	if ((real = real_self(self)) != NULL) {
		exec_beside(real, name, argv);
		free(real);
	}
	n = snprintf(path, sizeof path, "samenspel-%s", name);
	if (n > 0 && (size_t)n < sizeof path) {
		argv[0] = path;
		execvp(path, argv);
	}
	if (errno != ENOENT) {
		fprintf(stderr, "samenspel: samenspel-%s: %s\n", name,
		    strerror(errno));
		return 126;
	}
	if (known(name)) {
		fprintf(stderr, "samenspel: samenspel-%s not found beside "
		    "samenspel or on the PATH\n", name);
		return 127;
	}
unknown:
	fprintf(stderr, "samenspel: '%s' is not a samenspel command\n"
	    "Try 'samenspel help' for more information.\n", name);
	return 2;
}

int
main(int argc, char **argv)
{
	const char *self = argv[0];
	char *help[] = { NULL, (char *)"--help", NULL };

	if (argc < 2) {
		fputs(usage, stderr);
		return 2;
	}
	if (strcmp(argv[1], "forms") == 0)
		return forms(argc - 1, argv + 1);
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    (strcmp(argv[1], "help") == 0 && argc == 2)) {
		fputs(usage, stdout);
		return done();
	}
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0) {
		printf("samenspel %s\n", sp_version());
		return done();
	}
	if (strcmp(argv[1], "help") == 0) {
		if (strcmp(argv[2], "forms") == 0 ||
		    strcmp(argv[2], "help") == 0) {
			fputs(usage, stdout);
			return done();
		}
		return run(self, argv[2], help);
	}
	return run(self, argv[1], argv + 1);
}
