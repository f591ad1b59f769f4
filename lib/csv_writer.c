/*
 * csv_writer.c - a buffered CSV writer with minimal quoting.
 *
 * libcsv's csv_fwrite quotes every field and writes a byte at a time;
 * this writer quotes only what needs it and writes in large blocks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

#define WRITE_BUF	((size_t)64 * 1024)

struct sp_writer {
	int		 fd;		/* -1: the output stays in buf */
	unsigned char	*buf;
	size_t		 len;
	size_t		 cap;
	int		 delim;
	int		 crlf;
	int		 bom;		/* still to be written */
	int		 excel_safe;
	int		 decimal;
	int		 err;		/* errno of the first failure */
	size_t		 nfield;	/* fields in the current row */
	int		 first_empty;	/* the row's first field is empty */
	int		 started;	/* a field was written */
	unsigned char	 special[256];	/* bytes that force quoting */

	/* A memory writer's notes (fd -1). */
	struct sp_writer_note *notes;
	size_t		 nnotes;
	size_t		 notecap;

	/* Table mode: cells are kept and laid out by sp_writer_end. */
	int		 table;
	sp_buf		 cells;
	size_t		*cell;		/* start of each cell in cells */
	size_t		 ncell;
	size_t		 cellcap;
	size_t		*row;		/* first cell of each row */
	size_t		 nrow;
	size_t		 rowcap;
};

static void
set_special(sp_writer *w)
{
	memset(w->special, 0, sizeof w->special);
	w->special[(unsigned char)w->delim] = 1;
	w->special['"'] = 1;
	w->special['\r'] = 1;
	w->special['\n'] = 1;
}

sp_writer *
sp_writer_new(int fd)
{
	sp_writer *w;

	if ((w = calloc(1, sizeof *w)) == NULL)
		return NULL;
	if ((w->buf = malloc(WRITE_BUF)) == NULL) {
		free(w);
		return NULL;
	}
	w->fd = fd;
	sp_pipe_widen(fd);
	w->cap = WRITE_BUF;
	w->delim = ',';
	w->decimal = '.';
	set_special(w);
	return w;
}

void
sp_writer_free(sp_writer *w)
{
	if (w == NULL)
		return;
	free(w->buf);
	free(w->notes);
	sp_buf_free(&w->cells);
	free(w->cell);
	free(w->row);
	free(w);
}

sp_writer *
sp_writer_mem_like(const sp_writer *like)
{
	sp_writer *w;

	if ((w = sp_writer_new(-1)) == NULL)
		return NULL;
	w->delim = like->delim;
	w->crlf = like->crlf;
	w->excel_safe = like->excel_safe;
	w->decimal = like->decimal;
	w->started = 1;
	memcpy(w->special, like->special, sizeof w->special);
	return w;
}

const void *
sp_writer_mem(const sp_writer *w, size_t *len)
{
	*len = w->len;
	return w->buf;
}

sp_status
sp_writer_mem_note(sp_writer *w, unsigned long line, int code, int bad)
{
	struct sp_writer_note *n;
	size_t cap;

	if (w->fd != -1)
		return SP_EINVAL;
	if (w->nnotes == w->notecap) {
		cap = w->notecap ? w->notecap * 2 : 16;
		if (cap > SIZE_MAX / sizeof *n ||
		    (n = realloc(w->notes, cap * sizeof *n)) == NULL)
			return SP_ENOMEM;
		w->notes = n;
		w->notecap = cap;
	}
	n = &w->notes[w->nnotes++];
	n->at = w->len;
	n->line = line;
	n->code = code;
	n->bad = bad;
	return SP_OK;
}

const struct sp_writer_note *
sp_writer_mem_notes(const sp_writer *w, size_t *n)
{
	*n = w->nnotes;
	return w->notes;
}

void
sp_writer_mem_clear(sp_writer *w, size_t keep)
{
	unsigned char *p;

	w->len = 0;
	w->err = 0;
	w->nfield = 0;
	w->nnotes = 0;
	if (w->cap > keep && (p = realloc(w->buf, WRITE_BUF)) != NULL) {
		w->buf = p;
		w->cap = WRITE_BUF;
	}
}

void
sp_writer_set_delimiter(sp_writer *w, int delim)
{
	w->delim = delim;
	set_special(w);
}

void
sp_writer_set_crlf(sp_writer *w, int on)
{
	w->crlf = on;
}

void
sp_writer_set_bom(sp_writer *w, int on)
{
	w->bom = on;
}

void
sp_writer_set_excel_safe(sp_writer *w, int on)
{
	w->excel_safe = on;
}

void
sp_writer_set_decimal(sp_writer *w, int c)
{
	w->decimal = c;
}

int
sp_writer_decimal(const sp_writer *w)
{
	return w->decimal;
}

void
sp_writer_set_table(sp_writer *w, int on)
{
	w->table = on;
}

/* Grow an array of size_t to hold n + 1 more. */
static int
grow(size_t **v, size_t *cap, size_t n)
{
	size_t c = *cap ? *cap : 64, *p;

	if (n + 2 <= *cap)
		return 0;
	while (c < n + 2)
		c *= 2;
	if ((p = realloc(*v, c * sizeof *p)) == NULL)
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

static sp_status
table_field(sp_writer *w, const char *s, size_t len)
{
	if (w->nfield++ == 0) {
		if (grow(&w->row, &w->rowcap, w->nrow) == -1)
			return SP_ENOMEM;
		w->row[w->nrow++] = w->ncell;
	}
	if (grow(&w->cell, &w->cellcap, w->ncell) == -1 ||
	    sp_buf_append(&w->cells, s, len) == -1)
		return SP_ENOMEM;
	w->cell[w->ncell++] = w->cells.len - len;
	return SP_OK;
}

int
sp_writer_errno(const sp_writer *w)
{
	return w->err;
}

/* Write all of p to the file descriptor. */
static sp_status
write_all(sp_writer *w, const unsigned char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(w->fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			w->err = errno;
			return SP_EIO;
		}
		p += n;
		len -= (size_t)n;
	}
	return SP_OK;
}

/* Make room: write the buffer out, or grow it when it is the output. */
static sp_status
drain(sp_writer *w)
{
	unsigned char *p;

	if (w->fd == -1) {
		if (w->len < w->cap)
			return SP_OK;
		if (w->cap > SIZE_MAX / 2 ||
		    (p = realloc(w->buf, w->cap * 2)) == NULL) {
			w->err = ENOMEM;
			return SP_EIO;
		}
		w->buf = p;
		w->cap *= 2;
		return SP_OK;
	}
	if (write_all(w, w->buf, w->len) != SP_OK)
		return SP_EIO;
	w->len = 0;
	return SP_OK;
}

sp_status
sp_writer_flush(sp_writer *w)
{
	if (w->err != 0)
		return SP_EIO;
	return drain(w);
}

/* Append bytes, draining the buffer when full; large blocks go direct. */
static sp_status
put(sp_writer *w, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t room;

	while (n > 0) {
		room = w->cap - w->len;
		if (room == 0) {
			if (drain(w) != SP_OK)
				return SP_EIO;
			continue;
		}
		if (room > n)
			room = n;
		memcpy(w->buf + w->len, s, room);
		w->len += room;
		s += room;
		n -= room;
	}
	return SP_OK;
}

static sp_status
putbyte(sp_writer *w, unsigned char c)
{
	if (w->len == w->cap && drain(w) != SP_OK)
		return SP_EIO;
	w->buf[w->len++] = c;
	return SP_OK;
}

/*
 * Does a cell start like a formula to a spreadsheet? A signed number
 * (-6, +1.5, -0,25) does not: it reads back as the number it is.
 */
static int
formula_like(const char *s, size_t len)
{
	size_t i = 1, digits = 0;

	if (len == 0 || s[0] == '\0' || strchr("=+-@\t\r", s[0]) == NULL)
		return 0;
	if (s[0] != '-' && s[0] != '+')
		return 1;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (digits > 0 && i < len && (s[i] == '.' || s[i] == ',')) {
		for (i++, digits = 0; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits++;
	}
	return digits == 0 || i != len;
}

sp_status
sp_writer_field(sp_writer *w, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	const unsigned char *q;
	size_t i;
	int prefix;

	if (w->err != 0)
		return SP_EIO;
	if (w->table)
		return table_field(w, s, len);
	if (w->bom) {
		w->bom = 0;
		if (put(w, "\xef\xbb\xbf", 3) != SP_OK)
			return SP_EIO;
	}
	if (w->nfield++ > 0 && putbyte(w, (unsigned char)w->delim) != SP_OK)
		return SP_EIO;
	if (w->nfield == 1)
		w->first_empty = len == 0;
	prefix = w->excel_safe && formula_like(s, len);
	for (i = 0; i < len; i++)
		if (w->special[u[i]])
			break;
	/*
	 * A first field that starts with U+FEFF would be read back as a byte
	 * order mark and lost, one with the bytes of a UTF-16 one or of a
	 * workbook as such, one like "sep=;" as a spreadsheet's delimiter
	 * line: quoted, they are data.
	 */
	if (!w->started && (sp_input_start_special(s, len) ||
	    (len >= 4 && memcmp(s, "sep=", 4) == 0)))
		i = 0;
	w->started = 1;
	if (i == len) {
		if (prefix && putbyte(w, '\'') != SP_OK)
			return SP_EIO;
		return put(w, s, len);
	}
	if (putbyte(w, '"') != SP_OK)
		return SP_EIO;
	if (prefix && putbyte(w, '\'') != SP_OK)
		return SP_EIO;
	/* Copy up to each quote, then double it. */
	while (len > 0 && (q = memchr(u, '"', len)) != NULL) {
		if (put(w, u, (size_t)(q - u) + 1) != SP_OK ||
		    putbyte(w, '"') != SP_OK)
			return SP_EIO;
		len -= (size_t)(q - u) + 1;
		u = q + 1;
	}
	if (put(w, u, len) != SP_OK)
		return SP_EIO;
	return putbyte(w, '"');
}

sp_status
sp_writer_encoded(sp_writer *w, const void *p, size_t len, size_t nfields,
    int first_empty)
{
	if (w->err != 0)
		return SP_EIO;
	if (nfields == 0)
		return SP_OK;
	if (w->bom) {
		w->bom = 0;
		if (put(w, "\xef\xbb\xbf", 3) != SP_OK)
			return SP_EIO;
	}
	if (w->nfield == 0)
		w->first_empty = first_empty;
	else if (putbyte(w, (unsigned char)w->delim) != SP_OK)
		return SP_EIO;
	w->nfield += nfields;
	w->started = 1;
	return put(w, p, len);
}

long
sp_writer_quoting(const sp_writer *w)
{
	/* The first field is quoted by how it starts, too (above). */
	if (w->table || !w->started)
		return -1;
	return (long)w->delim << 1 | (w->excel_safe != 0);
}

sp_status
sp_writer_write(sp_writer *w, const void *p, size_t len)
{
	if (w->err != 0)
		return SP_EIO;
	if (w->bom) {
		w->bom = 0;
		if (put(w, "\xef\xbb\xbf", 3) != SP_OK)
			return SP_EIO;
	}
	/* A large block goes straight out, not through the buffer. */
	if (len >= w->cap && w->fd != -1)
		return drain(w) == SP_OK ? write_all(w, p, len) : SP_EIO;
	return put(w, p, len);
}

sp_status
sp_writer_puts(sp_writer *w, const char *s)
{
	return sp_writer_write(w, s, strlen(s));
}

sp_status
sp_writer_cstr(sp_writer *w, const char *s)
{
	return sp_writer_field(w, s, strlen(s));
}

sp_status
sp_writer_hundredths(sp_writer *w, long value)
{
	char num[32], *p = num + sizeof num;
	unsigned long v = value < 0 ? 0UL - (unsigned long)value :
	    (unsigned long)value;

	/* Backwards from the last digit: one per row, so no printf. */
	*--p = (char)('0' + v % 10);
	*--p = (char)('0' + v / 10 % 10);
	*--p = (char)w->decimal;
	v /= 100;
	do
		*--p = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	if (value < 0)
		*--p = '-';
	return sp_writer_field(w, p, (size_t)(num + sizeof num - p));
}

sp_status
sp_writer_record_fields(sp_writer *w, const sp_record *rec)
{
	size_t i, len;
	const char *s;

	for (i = 0; i < rec->n; i++) {
		s = sp_record_field(rec, i, &len);
		if (sp_writer_field(w, s, len) != SP_OK)
			return SP_EIO;
	}
	return SP_OK;
}

sp_status
sp_writer_end_row(sp_writer *w)
{
	if (w->err != 0)
		return SP_EIO;
	if (w->table) {
		w->nfield = 0;
		return SP_OK;
	}
	/*
	 * A row of one empty field would read back as a blank line, and
	 * blank lines are skipped: write it as "".
	 */
	if (w->nfield == 1 && w->first_empty && put(w, "\"\"", 2) != SP_OK)
		return SP_EIO;
	w->nfield = 0;
	if (w->crlf && putbyte(w, '\r') != SP_OK)
		return SP_EIO;
	return putbyte(w, '\n');
}

sp_status
sp_writer_end(sp_writer *w)
{
	sp_buf out = { 0 };
	sp_status st;

	if (w->err != 0)
		return SP_EIO;
	if (w->table && w->nrow > 0) {
		w->cell[w->ncell] = w->cells.len;
		w->row[w->nrow] = w->ncell;
		if (sp_render_table(&out, sp_buf_str(&w->cells), w->cell,
		    w->row, w->nrow) == -1) {
			sp_buf_free(&out);
			return SP_ENOMEM;
		}
		w->nrow = w->ncell = 0;
		sp_buf_clear(&w->cells);
		st = put(w, sp_buf_str(&out), out.len);
		sp_buf_free(&out);
		if (st != SP_OK)
			return st;
	}
	return sp_writer_flush(w);
}
