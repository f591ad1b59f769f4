/*
 * csvcount - the baseline: a bare libcsv parse that only counts fields
 * and rows. samenspel's commands are measured against it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <csv.h>

static void
on_field(void *s, size_t len, void *data)
{
	(void)s;
	(void)len;
	((unsigned long *)data)[0]++;
}

static void
on_row(int c, void *data)
{
	(void)c;
	((unsigned long *)data)[1]++;
}

int
main(void)
{
	static char buf[1 << 16];
	unsigned long count[2] = { 0, 0 };
	struct csv_parser p;
	ssize_t n;

	if (csv_init(&p, 0) != 0)
		return 1;
	while ((n = read(STDIN_FILENO, buf, sizeof buf)) > 0)
		if (csv_parse(&p, buf, (size_t)n, on_field, on_row, count) !=
		    (size_t)n)
			return 1;
	csv_fini(&p, on_field, on_row, count);
	csv_free(&p);
	printf("%lu fields, %lu rows\n", count[0], count[1]);
	return 0;
}
