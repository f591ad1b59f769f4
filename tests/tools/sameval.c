/*
 * sameval - do the records of one CSV file come out unchanged in another?
 *
 * Usage: sameval INPUT OUTPUT
 *
 * Parses both files (delimiter sniffed from each; options as for the
 * commands: none) and checks that every record of INPUT, header
 * included, is the start of the record at the same place in OUTPUT: the
 * same fields with the same bytes, followed by whatever the command added.
 * Used by the command-line tests: whenever a filter succeeds, every value
 * must come out identical after parsing. Exits 0 when so, 1 with the
 * first difference otherwise, 2 on usage or I/O errors.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "samenspel.h"

/* Copies of the records of a file, kept whole (test inputs are small). */
struct file {
	char	**field;
	size_t	 *len;
	size_t	 *nfield;	/* per record */
	size_t	  nrec;
	size_t	  total;
	size_t	  reccap;
	size_t	  fieldcap;
	size_t	  lencap;
};

/* Grow an array geometrically: many records must not cost n squared. */
static void *
grow(void *p, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *q;

	if (need <= *cap)
		return p;
	while (c < need)
		c *= 2;
	if ((q = realloc(p, c * size)) == NULL) {
		fputs("sameval: out of memory\n", stderr);
		exit(2);
	}
	*cap = c;
	return q;
}

static int
load(const char *path, struct file *f)
{
	const sp_record *rec;
	sp_reader *r;
	sp_status st;
	size_t i, len, k;
	const char *v;
	int fd;

	memset(f, 0, sizeof *f);
	if ((fd = open(path, O_RDONLY)) == -1 || (r = sp_reader_new()) == NULL) {
		perror(path);
		return -1;
	}
	if ((st = sp_reader_open_fd(r, fd, path)) != SP_OK) {
		fprintf(stderr, "sameval: %s: %s\n", path,
		    sp_reader_error(r, NULL, NULL, NULL));
		return -1;
	}
	rec = sp_reader_header(r);
	do {
		f->nfield = grow(f->nfield, &f->reccap, f->nrec + 1,
		    sizeof *f->nfield);
		f->field = grow(f->field, &f->fieldcap, f->total +
		    sp_record_count(rec), sizeof *f->field);
		f->len = grow(f->len, &f->lencap, f->total +
		    sp_record_count(rec), sizeof *f->len);
		f->nfield[f->nrec++] = sp_record_count(rec);
		for (i = 0; i < sp_record_count(rec); i++) {
			v = sp_record_field(rec, i, &len);
			k = f->total++;
			if ((f->field[k] = malloc(len + 1)) == NULL) {
				fputs("sameval: out of memory\n", stderr);
				return -1;
			}
			memcpy(f->field[k], v, len);
			f->len[k] = len;
		}
	} while ((st = sp_reader_next(r, &rec)) == SP_OK);
	if (st != SP_EOF) {
		fprintf(stderr, "sameval: %s: %s\n", path,
		    sp_reader_error(r, NULL, NULL, NULL));
		return -1;
	}
	sp_reader_free(r);
	close(fd);
	return 0;
}

static void
unload(struct file *f)
{
	size_t i;

	for (i = 0; i < f->total; i++)
		free(f->field[i]);
	free(f->field);
	free(f->len);
	free(f->nfield);
}

/* The first difference of the records, or 0 when there is none. */
static int
compare(const struct file *in, const struct file *out)
{
	size_t r, i, a = 0, b = 0;

	if (in->nrec != out->nrec) {
		printf("sameval: %zu records in, %zu out\n", in->nrec,
		    out->nrec);
		return 1;
	}
	for (r = 0; r < in->nrec; r++) {
		if (out->nfield[r] < in->nfield[r]) {
			printf("sameval: record %zu: %zu fields in, %zu out\n",
			    r + 1, in->nfield[r], out->nfield[r]);
			return 1;
		}
		for (i = 0; i < in->nfield[r]; i++)
			if (in->len[a + i] != out->len[b + i] ||
			    memcmp(in->field[a + i], out->field[b + i],
			    in->len[a + i]) != 0) {
				printf("sameval: record %zu, field %zu "
				    "differs\n", r + 1, i + 1);
				return 1;
			}
		a += in->nfield[r];
		b += out->nfield[r];
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct file in, out;
	int status;

	if (argc != 3) {
		fputs("usage: sameval INPUT OUTPUT\n", stderr);
		return 2;
	}
	if (load(argv[1], &in) == -1 || load(argv[2], &out) == -1)
		return 2;
	status = compare(&in, &out);
	unload(&in);
	unload(&out);
	return status;
}
