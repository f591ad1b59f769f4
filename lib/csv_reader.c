/*
 * csv_reader.c - a streaming CSV reader over libcsv.
 *
 * libcsv reports fields and rows but no positions. To give every record
 * and every error its physical line, the input is fed to libcsv one line
 * at a time: a chunk ends at the first LF, or at a CR not followed by LF.
 * A row can only end at such a line end, so a chunk completes at most one
 * row, and the line count is known whenever libcsv calls back.
 *
 * The bytes of the record being parsed stay in the buffer (from rec_start)
 * so that a bad record can be handed out raw, as it was in the input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "internal.h"

#define READ_BLOCK	((size_t)128 * 1024)
#define QUOTE		'"'

struct sp_reader {
	struct csv_parser parser;
	int		 parser_ready;
	int		 delim;		/* as configured; 0 = sniff */
	int		 active_delim;	/* in use, after sniffing */
	sp_encoding	 enc;		/* as configured */
	sp_encoding	 in_enc;	/* of this input: a UTF-16 BOM says */
	int		 ragged;

	/* The current input. */
	int		 fd;		/* -1 for memory input */
	const unsigned char *mem;
	size_t		 memlen;
	size_t		 mempos;
	char		*name;
	int		 eof;		/* nothing more to read into buf */
	unsigned long long nread;	/* bytes read from all inputs */
	int		 read_errno;
	int		 finished;	/* csv_fini done, or a fatal error */
	int		 cr_lines;	/* lines end in a lone CR */
	unsigned long	 not_utf8;	/* see sp_reader_not_utf8 */

	/*
	 * Input bytes (UTF-8). [rec_start, len) is kept across refills. A
	 * chunk reader borrows its bytes (sp_reader_open_chunk): it has them
	 * all from the start, so never refills, and never writes to buf.
	 */
	unsigned char	*buf;
	int		 borrowed;
	size_t		 cap;
	size_t		 len;
	size_t		 pos;
	size_t		 rec_start;
	size_t		 nl_at;		/* no LF in [pos, nl_at); see find() */
	size_t		 cr_at;
	unsigned char	*raw;		/* undecoded bytes, after the carry */
	unsigned char	 carry[3];	/* UTF-16 bytes of a unit cut short */
	size_t		 ncarry;
	int		 input_start;	/* nothing decoded of this input yet */

	unsigned long	 line;		/* physical line of buf[pos] */
	unsigned long	 rec_line;	/* line on which the record began */
	int		 in_record;	/* a record continues past this chunk */

	/* The record being built: fields back to back, NUL-terminated. */
	sp_buf		 fields;
	size_t		*off;
	size_t		 nf;
	size_t		 offcap;
	size_t		 expect;	/* fields per record; 0 = any */
	size_t		 width;		/* --ragged: fields of every record */
	size_t		 header_n0;	/* fields of the first header itself */
	size_t		 padded;	/* fields of the last record, if padded */
	int		 row_done;	/* a non-empty row is complete */
	int		 row_ended;	/* the chunk's last event ended a row */
	int		 cb_nomem;
	int		 reset_fields;	/* hand-out done; clear before reuse */
	struct sp_record rec;

	/* The header of the first input. */
	sp_buf		 hdata;
	size_t		*hoff;
	struct sp_record header;
	int		 have_header;

	/* The last error. */
	sp_buf		 errmsg;
	unsigned long	 errline;
	sp_buf		 errraw;
};

/*
 * libcsv grows its field buffer by a fixed block each time, which makes a
 * large field quadratic. This realloc keeps a capacity in front of the
 * block and grows it geometrically; libcsv's many small requests then
 * cost nothing.
 */
typedef union {
	size_t		cap;
	max_align_t	align;
} grow_header;

static void *
grow_realloc(void *p, size_t size)
{
	grow_header *h = p != NULL ? (grow_header *)p - 1 : NULL, *n;
	size_t cap;

	if (h != NULL && size <= h->cap)
		return p;
	cap = h != NULL ? h->cap : 0;
	cap = cap > size / 2 ? cap * 2 : size;
	if (cap < 256)
		cap = 256;
	if (cap > (size_t)-1 - sizeof *h)
		return NULL;
	/* On failure libcsv keeps the old block and tries a smaller size. */
	if ((n = realloc(h, sizeof *h + cap)) == NULL)
		return NULL;
	n->cap = cap;
	return n + 1;
}

static void
grow_free(void *p)
{
	if (p != NULL)
		free((grow_header *)p - 1);
}

/* Leading and trailing spaces are data: libcsv must not trim them. */
static int
never_space(unsigned char c)
{
	(void)c;
	return 0;
}

static int
set_error(sp_reader *r, unsigned long line, const char *msg)
{
	sp_buf_clear(&r->errmsg);
	sp_buf_clear(&r->errraw);
	r->errline = line;
	return sp_buf_puts(&r->errmsg, msg);
}

/* Reading failed: the input ends here, with the reason as its error. */
static sp_status
input_failed(sp_reader *r, sp_status st)
{
	r->finished = 1;
	set_error(r, r->line, st == SP_EIO ? strerror(r->read_errno) :
	    "out of memory");
	return st;
}

static sp_status
parser_reset(sp_reader *r)
{
	if (r->parser_ready)
		csv_free(&r->parser);
	r->parser_ready = 0;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI |
	    CSV_REPALL_NL) != 0)
		return SP_ENOMEM;
	csv_set_space_func(&r->parser, never_space);
	csv_set_realloc_func(&r->parser, grow_realloc);
	csv_set_free_func(&r->parser, grow_free);
	csv_set_delim(&r->parser, (unsigned char)(r->active_delim ?
	    r->active_delim : ','));
	r->parser_ready = 1;
	return SP_OK;
}

sp_reader *
sp_reader_new(void)
{
	sp_reader *r;

	if ((r = calloc(1, sizeof *r)) == NULL)
		return NULL;
	r->fd = -1;
	r->finished = 1;
	if (parser_reset(r) != SP_OK) {
		free(r);
		return NULL;
	}
	return r;
}

void
sp_reader_free(sp_reader *r)
{
	if (r == NULL)
		return;
	if (r->parser_ready)
		csv_free(&r->parser);
	if (!r->borrowed)
		free(r->buf);
	free(r->raw);
	free(r->name);
	free(r->off);
	free(r->hoff);
	sp_buf_free(&r->fields);
	sp_buf_free(&r->hdata);
	sp_buf_free(&r->errmsg);
	sp_buf_free(&r->errraw);
	free(r);
}

void
sp_reader_set_delimiter(sp_reader *r, int delim)
{
	r->delim = delim;
	r->active_delim = delim;
	if (r->parser_ready && delim != 0)
		csv_set_delim(&r->parser, (unsigned char)delim);
}

void
sp_reader_set_encoding(sp_reader *r, sp_encoding enc)
{
	r->enc = enc;
}

void
sp_reader_set_ragged(sp_reader *r, int ragged)
{
	r->ragged = ragged;
}

void
sp_reader_set_width(sp_reader *r, size_t width)
{
	r->width = width;
}

size_t
sp_reader_padded(const sp_reader *r)
{
	return r->padded;
}

size_t
sp_reader_header_width(const sp_reader *r)
{
	return r->header_n0;
}

unsigned long
sp_reader_not_utf8(const sp_reader *r)
{
	return r->not_utf8;
}

int
sp_reader_delimiter(const sp_reader *r)
{
	return r->active_delim;
}

const sp_record *
sp_reader_header(const sp_reader *r)
{
	return r->have_header ? &r->header : NULL;
}

const char *
sp_reader_name(const sp_reader *r)
{
	return r->name != NULL ? r->name : "-";
}

const char *
sp_reader_error(const sp_reader *r, unsigned long *line, const char **raw,
    size_t *rawlen)
{
	if (line != NULL)
		*line = r->errline;
	if (raw != NULL)
		*raw = sp_buf_str(&r->errraw);
	if (rawlen != NULL)
		*rawlen = r->errraw.len;
	return sp_buf_str(&r->errmsg);
}

/* libcsv callbacks. */

static void
cb_field(void *s, size_t len, void *data)
{
	sp_reader *r = data;
	size_t *off;

	if (r->cb_nomem)
		return;
	if (r->nf + 2 > r->offcap) {
		size_t cap = r->offcap ? r->offcap * 2 : 64;

		if ((off = realloc(r->off, cap * sizeof *off)) == NULL) {
			r->cb_nomem = 1;
			return;
		}
		r->off = off;
		r->offcap = cap;
	}
	if (sp_buf_reserve(&r->fields, len) == -1) {
		r->cb_nomem = 1;
		return;
	}
	r->off[r->nf++] = r->fields.len;
	if (len > 0)
		memcpy(r->fields.data + r->fields.len, s, len);
	r->fields.len += len;
	r->fields.data[r->fields.len++] = '\0';
	r->row_ended = 0;
}

static void
cb_row(int c, void *data)
{
	sp_reader *r = data;

	(void)c;
	r->row_ended = 1;
	if (r->nf > 0)
		r->row_done = 1;
	/* else: a blank line, reported because of CSV_REPALL_NL */
}

/* Input. */

/*
 * The offset of the next byte c at or after pos, or len. *at caches the
 * search: [pos, *at) holds no c, so each byte is looked at once.
 */
static size_t
find(const unsigned char *buf, size_t pos, size_t len, int c, size_t *at)
{
	const unsigned char *q;

	if (*at < pos)
		*at = pos;
	if (*at >= len)
		return *at = len;
	q = memchr(buf + *at, c, len - *at);
	*at = q != NULL ? (size_t)(q - buf) : len;
	return *at;
}

static size_t
read_some(sp_reader *r, unsigned char *dst, size_t n)
{
	ssize_t got;

	if (r->fd < 0) {
		if (n > r->memlen - r->mempos)
			n = r->memlen - r->mempos;
		memcpy(dst, r->mem + r->mempos, n);
		r->mempos += n;
		return n;
	}
	do
		got = read(r->fd, dst, n);
	while (got == -1 && errno == EINTR);
	if (got == -1) {
		r->read_errno = errno;
		return (size_t)-1;
	}
	return (size_t)got;
}

static int
utf16(sp_encoding enc)
{
	return enc == SP_ENC_UTF16LE || enc == SP_ENC_UTF16BE;
}

static uint32_t
unit16(const unsigned char *s, int be)
{
	return be ? (uint32_t)s[0] << 8 | s[1] : (uint32_t)s[1] << 8 | s[0];
}

/*
 * Decode n bytes of UTF-16 from r->raw to the buffer's end. A unit or a
 * surrogate pair cut short waits in the carry for the next block; at the
 * end it is U+FFFD, as is an unpaired surrogate. A byte order mark of the
 * other order at the start of the input turns the order round.
 */
static void
decode_utf16(sp_reader *r, size_t n, int at_end)
{
	const unsigned char *s = r->raw;
	unsigned char *dst = r->buf + r->len;
	int be = r->in_enc == SP_ENC_UTF16BE;
	size_t i = 0;
	uint32_t u, lo;

	if (r->input_start && n >= 2 && unit16(s, be) == 0xfffe) {
		be = !be;
		r->in_enc = be ? SP_ENC_UTF16BE : SP_ENC_UTF16LE;
	}
	if (n >= 2)
		r->input_start = 0;
	while (n - i >= 2) {
		u = unit16(s + i, be);
		if (u >= 0xd800 && u <= 0xdbff) {
			if (n - i < 4)
				break;
			lo = unit16(s + i + 2, be);
			if (lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) +
				    (lo - 0xdc00);
				i += 2;
			} else
				u = 0xfffd;
		} else if (u >= 0xdc00 && u <= 0xdfff)
			u = 0xfffd;
		i += 2;
		dst += sp_utf8_encode(u, dst);
	}
	r->ncarry = n - i;
	memcpy(r->carry, s + i, r->ncarry);
	if (at_end && r->ncarry > 0) {
		dst += sp_utf8_encode(0xfffd, dst);
		r->ncarry = 0;
	}
	r->len = (size_t)(dst - r->buf);
}

/* Decode n bytes of r->raw to the buffer's end. */
static void
decode_block(sp_reader *r, size_t n, int at_end)
{
	unsigned char *dst = r->buf + r->len;
	size_t i;
	uint32_t cp;

	if (utf16(r->in_enc)) {
		decode_utf16(r, n, at_end);
		return;
	}
	for (i = 0; i < n; i++) {
		if (r->raw[i] < 0x80) {
			*dst++ = r->raw[i];
			continue;
		}
		cp = r->in_enc == SP_ENC_CP1252 ? sp_cp1252_codepoint(r->raw[i]) :
		    r->raw[i];
		dst += sp_utf8_encode(cp, dst);
	}
	r->len = (size_t)(dst - r->buf);
}

/* The buffer undecoded bytes are read into: a block and the carry. */
static sp_status
raw_ready(sp_reader *r)
{
	if (r->raw == NULL && (r->raw = malloc(READ_BLOCK +
	    sizeof r->carry)) == NULL)
		return SP_ENOMEM;
	return SP_OK;
}

/* Read more input into the buffer, keeping what a record still needs. */
static sp_status
refill(sp_reader *r)
{
	size_t keep = r->in_record ? r->rec_start : r->pos;
	size_t want, got;
	unsigned char *p;

	if (keep > 0) {
		memmove(r->buf, r->buf + keep, r->len - keep);
		r->len -= keep;
		r->pos -= keep;
		r->rec_start -= keep < r->rec_start ? keep : r->rec_start;
		r->nl_at -= keep < r->nl_at ? keep : r->nl_at;
		r->cr_at -= keep < r->cr_at ? keep : r->cr_at;
	}
	/* Room for a block; decoding may triple it (cp1252 to UTF-8). */
	want = r->in_enc == SP_ENC_UTF8 ? READ_BLOCK : READ_BLOCK * 3;
	if (r->cap - r->len < want) {
		size_t cap = r->cap ? r->cap : want * 2;

		while (cap - r->len < want)
			cap *= 2;
		if ((p = realloc(r->buf, cap)) == NULL)
			return SP_ENOMEM;
		r->buf = p;
		r->cap = cap;
	}
	if (r->in_enc == SP_ENC_UTF8) {
		got = read_some(r, r->buf + r->len, READ_BLOCK);
		if (got == (size_t)-1)
			return SP_EIO;
		r->len += got;
	} else {
		if (raw_ready(r) != SP_OK)
			return SP_ENOMEM;
		memcpy(r->raw, r->carry, r->ncarry);
		got = read_some(r, r->raw + r->ncarry, READ_BLOCK);
		if (got == (size_t)-1)
			return SP_EIO;
		decode_block(r, r->ncarry + got, got == 0);
	}
	if (got == 0)
		r->eof = 1;
	r->nread += got;
	return SP_OK;
}

unsigned long long
sp_reader_bytes(const sp_reader *r)
{
	return r->nread;
}

/*
 * The next chunk: [pos, *end) up to and including the next line end.
 * SP_EOF when the input is used up.
 */
static sp_status
next_chunk(sp_reader *r, size_t *end)
{
	size_t nl, cr;
	sp_status st;

	for (;;) {
		nl = find(r->buf, r->pos, r->len, '\n', &r->nl_at);
		cr = find(r->buf, r->pos, r->len, '\r', &r->cr_at);
		if (cr < nl) {
			if (cr + 1 < r->len) {
				*end = r->buf[cr + 1] == '\n' ? cr + 2 : cr + 1;
				return SP_OK;
			}
			if (r->eof) {
				*end = cr + 1;
				return SP_OK;
			}
		} else if (nl < r->len) {
			*end = nl + 1;
			return SP_OK;
		} else if (r->eof) {
			if (r->pos == r->len)
				return SP_EOF;
			*end = r->len;
			return SP_OK;
		}
		if ((st = refill(r)) != SP_OK)
			return st;
	}
}

/*
 * Feed a chunk to libcsv. A quote inside an unquoted field (5" pipe) is
 * taken as text, as spreadsheets do; text after a closing quote is an
 * error, since the field's end cannot be known.
 */
static sp_status
feed(sp_reader *r, const unsigned char *p, size_t n)
{
	size_t k;

	while (n > 0) {
		k = csv_parse(&r->parser, p, n, cb_field, cb_row, r);
		if (r->cb_nomem)
			return SP_ENOMEM;
		if (k >= n)
			break;
		if (csv_error(&r->parser) != CSV_EPARSE)
			return SP_ENOMEM;
		if (p[k] != QUOTE)
			return SP_ERECORD;
		/* With no quote character the quote is an ordinary byte. */
		csv_set_quote(&r->parser, '\0');
		csv_parse(&r->parser, p + k, 1, cb_field, cb_row, r);
		csv_set_quote(&r->parser, QUOTE);
		p += k + 1;
		n -= k + 1;
	}
	return SP_OK;
}

static void
clear_record(sp_reader *r)
{
	sp_buf_clear(&r->fields);
	r->nf = 0;
	r->row_done = 0;
	r->reset_fields = 0;
}

/* Hand out the completed record, checking its field count. */
static sp_status
finish_record(sp_reader *r, const sp_record **rec)
{
	size_t want = r->expect;
	char msg[96];

	r->row_done = 0;
	r->reset_fields = 1;
	r->padded = 0;
	/* Wider than its header: kept in the numbered columns. */
	if (r->ragged && r->header_n0 != 0 && r->nf > r->header_n0 &&
	    r->nf <= want)
		r->padded = r->nf;
	if (want != 0 && r->nf != want) {
		if (r->nf < want && r->ragged) {
			/* Only a row unlike its header is worth a note. */
			if (r->nf != r->header_n0 || r->header_n0 == 0)
				r->padded = r->nf;
			while (r->nf < want)
				cb_field((void *)"", 0, r);
			if (r->cb_nomem)
				return SP_ENOMEM;
		} else {
			snprintf(msg, sizeof msg, "expected %zu field%s, found %zu",
			    want, want == 1 ? "" : "s", r->nf);
			if (set_error(r, r->rec_line, msg) == -1 ||
			    sp_buf_append(&r->errraw, r->buf + r->rec_start,
			    r->pos - r->rec_start) == -1)
				return SP_ENOMEM;
			return SP_ERECORD;
		}
	}
	r->off[r->nf] = r->fields.len;
	r->rec.data = r->fields.data;
	r->rec.off = r->off;
	r->rec.n = r->nf;
	r->rec.line = r->rec_line;
	*rec = &r->rec;
	return SP_OK;
}

/* A record failed to parse: keep its raw text, skip it, reset libcsv. */
static sp_status
bad_record(sp_reader *r, unsigned long line, const char *msg, size_t end)
{
	if (set_error(r, line, msg) == -1 ||
	    sp_buf_append(&r->errraw, r->buf + r->rec_start,
	    end - r->rec_start) == -1)
		return SP_ENOMEM;
	clear_record(r);
	r->in_record = 0;
	if (parser_reset(r) != SP_OK)
		return SP_ENOMEM;
	return SP_ERECORD;
}

static sp_status
read_record(sp_reader *r, const sp_record **rec)
{
	size_t end;
	sp_status st;
	unsigned long line;

	if (r->reset_fields)
		clear_record(r);
	for (;;) {
		if (r->row_done)
			return finish_record(r, rec);
		if (r->finished)
			return SP_EOF;
		st = next_chunk(r, &end);
		if (st == SP_EOF) {
			r->finished = 1;
			if (csv_fini(&r->parser, cb_field, cb_row, r) != 0)
				return bad_record(r, r->rec_line,
				    "unterminated quoted field", r->len);
			if (r->cb_nomem)
				return SP_ENOMEM;
			continue;
		}
		if (st != SP_OK)
			return input_failed(r, st);
		if (!r->in_record) {
			r->rec_line = r->line;
			r->rec_start = r->pos;
		}
		line = r->line;
		r->row_ended = 0;
		st = feed(r, r->buf + r->pos, end - r->pos);
		r->pos = end;
		if (r->buf[end - 1] == '\n' ||
		    (r->buf[end - 1] == '\r' && r->cr_lines))
			r->line++;
		if (st == SP_ERECORD)
			return bad_record(r, line,
			    "bad quoting: text after a closing quote", end);
		if (st != SP_OK) {
			r->finished = 1;
			set_error(r, line, "out of memory");
			return st;
		}
		r->in_record = !r->row_ended;
	}
}

sp_status
sp_reader_next(sp_reader *r, const sp_record **rec)
{
	return read_record(r, rec);
}

#define SNIFF_MAX	((size_t)1024 * 1024)	/* a header's bytes looked at, at most */

/*
 * Choose the delimiter from the header record: the most frequent of
 * , ; tab | outside quotes; a comma when none occurs. A quoted header
 * cell may hold a line break (a spreadsheet's Alt+Enter), so the record
 * ends at the first line break outside quotes; a quote left open stops
 * the count at SNIFF_MAX bytes rather than reading the whole input.
 */
static sp_status
sniff(sp_reader *r)
{
	static const char cand[] = ",;\t|";
	size_t count[4] = { 0, 0, 0, 0 };
	size_t i, k, from, start, best = 0;
	unsigned char c;
	int quoted = 0;
	sp_status st;

	/* Offsets from r->pos, which a refill moves: where the header
	 * starts (after blank lines) and how far it was looked at. */
	for (;;) {
		start = r->pos;
		while (start < r->len && (r->buf[start] == '\n' ||
		    r->buf[start] == '\r'))
			start++;
		if (start < r->len || r->eof)
			break;
		if ((st = refill(r)) != SP_OK)
			return st;
	}
	start -= r->pos;
	for (from = start;;) {
		for (i = r->pos + from; i < r->len; i++) {
			c = r->buf[i];
			if (c == QUOTE)
				quoted = !quoted;
			else if (!quoted && (c == '\n' || c == '\r'))
				break;
			else if (!quoted)
				for (k = 0; k < 4; k++)
					count[k] += c == (unsigned char)cand[k];
		}
		if (i < r->len || r->eof || i - r->pos - start >= SNIFF_MAX)
			break;
		from = i - r->pos;
		if ((st = refill(r)) != SP_OK)
			return st;
	}
	for (k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	r->active_delim = count[best] > 0 ? cand[best] : ',';
	csv_set_delim(&r->parser, (unsigned char)r->active_delim);
	return SP_OK;
}

static sp_status
store_header(sp_reader *r, const sp_record *h)
{
	if (sp_record_copy(h, &r->hdata, &r->hoff, &r->header) == -1)
		return SP_ENOMEM;
	r->have_header = 1;
	return SP_OK;
}

static sp_status
widen_header(sp_reader *r)
{
	size_t *off, i;
	char name[32];
	int n;

	if ((off = realloc(r->hoff, (r->width + 1) * sizeof *off)) == NULL)
		return SP_ENOMEM;
	r->hoff = off;
	for (i = r->header.n; i < r->width; i++) {
		n = snprintf(name, sizeof name, "%zu", i + 1);
		off[i] = r->hdata.len;
		if (sp_buf_append(&r->hdata, name, (size_t)n + 1) == -1)
			return SP_ENOMEM;
	}
	off[r->width] = r->hdata.len;
	r->header.data = r->hdata.data;
	r->header.off = off;
	r->header.n = r->width;
	return SP_OK;
}

sp_status
sp_reader_max_fields(sp_reader *r, size_t *max)
{
	const sp_record *rec;
	sp_status st;

	*max = r->have_header ? r->header.n : 0;
	r->expect = 0;
	while ((st = sp_reader_next(r, &rec)) == SP_OK || st == SP_ERECORD)
		if (st == SP_OK && rec->n > *max)
			*max = rec->n;
	return st == SP_EOF ? SP_OK : st;
}

/* Do two headers name the same columns (compared loosely)? */
static sp_status
same_columns(const sp_record *a, const sp_record *b, size_t *differ)
{
	sp_buf ka = { 0 }, kb = { 0 };
	size_t i, la, lb;
	const char *fa, *fb;
	sp_status st = SP_OK;

	*differ = (size_t)-1;
	for (i = 0; i < a->n && i < b->n; i++) {
		fa = sp_record_field(a, i, &la);
		fb = sp_record_field(b, i, &lb);
		if (la == lb && memcmp(fa, fb, la) == 0)
			continue;
		if (sp_fold_key(fa, la, &ka) == -1 ||
		    sp_fold_key(fb, lb, &kb) == -1) {
			st = SP_ENOMEM;
			break;
		}
		if (strcmp(sp_buf_str(&ka), sp_buf_str(&kb)) != 0) {
			*differ = i;
			break;
		}
	}
	if (st == SP_OK && *differ == (size_t)-1 && a->n != b->n)
		*differ = a->n < b->n ? a->n : b->n;
	sp_buf_free(&ka);
	sp_buf_free(&kb);
	return st;
}

/*
 * Back to the start of an input, in buf[0..len), whose first line is
 * line: no record, no error, a fresh parser.
 */
static sp_status
rewind_input(sp_reader *r, unsigned long line)
{
	r->pos = r->rec_start = r->nl_at = r->cr_at = 0;
	r->finished = r->in_record = r->cr_lines = 0;
	r->line = r->rec_line = line;
	clear_record(r);
	sp_buf_clear(&r->errmsg);
	sp_buf_clear(&r->errraw);
	r->errline = 0;
	return parser_reset(r);
}

/*
 * A first line "sep=;", which spreadsheets write and read to name the
 * delimiter, is not the header: it is skipped (as a line), and names the
 * delimiter where none was set. Only , ; tab and | are delimiters.
 */
static sp_status
skip_sep_line(sp_reader *r)
{
	size_t at;
	sp_status st;
	int c;

	while (r->len - r->pos < 7 && !r->eof)
		if ((st = refill(r)) != SP_OK)
			return st;
	if (r->len - r->pos < 5 || memcmp(r->buf + r->pos, "sep=", 4) != 0)
		return SP_OK;
	c = r->buf[r->pos + 4];
	if (strchr(",;\t|", c) == NULL || c == '\0')
		return SP_OK;
	at = r->pos + 5;
	if (at < r->len && r->buf[at] == '\r')
		at++;
	if (at < r->len && r->buf[at] == '\n')
		at++;
	if (at == r->pos + 5 && at < r->len)
		return SP_OK;		/* more on the line: data */
	if (!r->have_header && r->delim == 0) {
		r->active_delim = c;
		csv_set_delim(&r->parser, (unsigned char)c);
	}
	r->pos = at;
	r->line++;
	return SP_OK;
}

/* Is s[0..n) UTF-8? */
static int
is_utf8(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t i, len;

	for (i = 0; i < n; i += len)
		if ((len = sp_utf8_decode(s + i, n - i, &cp)) == 0)
			return 0;
	return 1;
}

/* Could s[0..n) be a character cut short by the end of what was read? */
static int
cut_short(const unsigned char *s, size_t n)
{
	size_t need = s[0] >= 0xf5 ? 0 : s[0] >= 0xf0 ? 4 : s[0] >= 0xe0 ? 3 :
	    s[0] >= 0xc2 ? 2 : 0, i;

	if (need == 0 || n >= need)
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	return 1;
}

/*
 * The line of the first byte that is not UTF-8 in the header or in what
 * was read after it, or 0. A character cut off at the end of what was
 * read may be whole in the next block: it does not count.
 */
static unsigned long
first_not_utf8(const sp_reader *r, const sp_record *h)
{
	const unsigned char *s = r->buf;
	unsigned long line = r->line;
	size_t i, len;
	uint32_t cp;

	/* A NUL in a header name: UTF-16 without a byte order mark. */
	for (i = 0; i < h->n; i++) {
		const char *v = sp_record_field(h, i, &len);

		if (!is_utf8((const unsigned char *)v, len) ||
		    memchr(v, '\0', len) != NULL)
			return h->line;
	}
	for (i = r->pos; i < r->len; i += len) {
		if (s[i] < 0x80) {
			if (s[i] == '\n' || (s[i] == '\r' && r->cr_lines))
				line++;
			len = 1;
		} else if ((len = sp_utf8_decode(s + i, r->len - i, &cp)) ==
		    0)
			return cut_short(s + i, r->len - i) && !r->eof ? 0 :
			    line;
	}
	return 0;
}

static int
utf8_bom(const unsigned char *s, size_t n)
{
	return n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0;
}

/*
 * The UTF-16 an input starts in, by its byte order mark; SP_ENC_UTF8 for
 * none. Without one, UTF-16 is not guessed: NUL bytes are data, and a
 * value that held them would not read back as written.
 */
static sp_encoding
utf16_start(const unsigned char *s, size_t n)
{
	if (n >= 2 && s[0] == 0xff && s[1] == 0xfe)
		return SP_ENC_UTF16LE;
	if (n >= 2 && s[0] == 0xfe && s[1] == 0xff)
		return SP_ENC_UTF16BE;
	return SP_ENC_UTF8;
}

/*
 * What a file given for a register often is instead, by its first bytes:
 * a spreadsheet's workbook, or a compressed export. NULL for none.
 */
static const char *
not_csv(const unsigned char *s, size_t n)
{
	if (n >= 4 && memcmp(s, "PK\x03\x04", 4) == 0)
		return "a zip archive, such as a spreadsheet's workbook (.xlsx, "
		    ".ods), not CSV: save it as CSV first";
	if (n >= 4 && memcmp(s, "\xd0\xcf\x11\xe0", 4) == 0)
		return "an old spreadsheet workbook (.xls), not CSV: save it "
		    "as CSV first";
	if (n >= 2 && memcmp(s, "\x1f\x8b", 2) == 0)
		return "compressed with gzip, not CSV: decompress it first "
		    "(zcat)";
	return NULL;
}

int
sp_input_start_special(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	return utf8_bom(u, n) || utf16_start(u, n) != SP_ENC_UTF8 ||
	    not_csv(u, n) != NULL;
}

/*
 * A UTF-16 byte order mark where UTF-8 was expected, as a spreadsheet's
 * "Unicode text" starts: the bytes read so far are decoded again, and the
 * rest of this input as they are read.
 */
static sp_status
decode_again(sp_reader *r, sp_encoding enc)
{
	unsigned char *bytes;
	size_t n = r->len, at, k;

	if (raw_ready(r) != SP_OK || (bytes = malloc(n)) == NULL)
		return SP_ENOMEM;
	memcpy(bytes, r->buf, n);
	r->in_enc = enc;
	r->len = 0;
	/* Room for the bytes decoded: at most 3 for 2 (BMP), 4 for 4. */
	if (r->cap < n * 2 + 8) {
		unsigned char *p = realloc(r->buf, n * 2 + 8);

		if (p == NULL) {
			free(bytes);
			return SP_ENOMEM;
		}
		r->buf = p;
		r->cap = n * 2 + 8;
	}
	for (at = 0; at < n; at += k) {
		k = n - at < READ_BLOCK ? n - at : READ_BLOCK;
		memcpy(r->raw, r->carry, r->ncarry);
		memcpy(r->raw + r->ncarry, bytes + at, k);
		decode_block(r, r->ncarry + k, r->eof && at + k == n);
	}
	free(bytes);
	return SP_OK;
}

static sp_status
start_input(sp_reader *r, const char *name)
{
	const sp_record *h;
	sp_status st;
	size_t differ;
	sp_encoding enc, peek = SP_ENC_UTF8;
	const char *what;
	char *copy;

	if ((copy = strdup(name != NULL ? name : "-")) == NULL)
		return SP_ENOMEM;
	free(r->name);
	r->name = copy;
	if (r->borrowed) {
		r->buf = NULL;
		r->cap = 0;
		r->borrowed = 0;
	}
	r->len = 0;
	r->eof = 0;
	r->in_enc = r->enc;
	r->ncarry = 0;
	r->input_start = 1;
	if ((st = rewind_input(r, 1)) != SP_OK)
		return st;

	/*
	 * A UTF-8 byte order mark is not part of the first column's name.
	 * The first bytes are all read before they are judged (4: the
	 * longest of what not_csv knows), however few each read gives.
	 */
	/*
	 * A byte order mark wins over -e cp1252 or latin1 (a spreadsheet's
	 * "CSV UTF-8" starts with one): the first bytes are read as they
	 * are, and decoded once it is clear there is none.
	 */
	if (r->in_enc == SP_ENC_CP1252 || r->in_enc == SP_ENC_LATIN1) {
		peek = r->in_enc;
		r->in_enc = SP_ENC_UTF8;
	}
	while (r->len < 4 && !r->eof)
		if ((st = refill(r)) != SP_OK)
			goto io;
	if (r->in_enc == SP_ENC_UTF8 && (enc = utf16_start(r->buf,
	    r->len)) != SP_ENC_UTF8) {
		if ((st = decode_again(r, enc)) != SP_OK)
			goto io;
	} else if (peek != SP_ENC_UTF8 && !utf8_bom(r->buf, r->len) &&
	    (st = decode_again(r, peek)) != SP_OK)
		goto io;
	if (utf8_bom(r->buf, r->len))
		r->pos = 3;
	if ((what = not_csv(r->buf, r->len)) != NULL) {
		r->finished = 1;
		set_error(r, 1, what);
		return SP_EHEADER;
	}
	if ((st = skip_sep_line(r)) != SP_OK)
		goto io;
	if (!r->have_header && r->delim == 0 && r->active_delim == 0 &&
	    (st = sniff(r)) != SP_OK)
		goto io;

	/* The header: the first non-blank row, of any length. */
	r->expect = 0;
	st = read_record(r, &h);
	if (st == SP_EOF) {
		r->finished = 1;
		set_error(r, r->line, "empty input (no header)");
		return SP_EHEADER;
	}
	if (st == SP_ERECORD) {
		r->finished = 1;
		return SP_EHEADER;
	}
	if (st != SP_OK)
		goto io;
	/* A header ending in a lone CR: lines end in CR in this input. */
	if (r->pos > 0 && r->buf[r->pos - 1] == '\r') {
		r->cr_lines = 1;
		r->line++;
	}
	r->expect = h->n;
	r->not_utf8 = r->in_enc == SP_ENC_UTF8 ? first_not_utf8(r, h) : 0;
	if (!r->have_header) {
		if ((st = store_header(r, h)) != SP_OK)
			return st;
		r->header_n0 = h->n;
		/* Fields past the header get columns named by position. */
		if (r->ragged && r->width > h->n &&
		    (st = widen_header(r)) != SP_OK)
			return st;
		r->expect = r->header.n;
		return SP_OK;
	}
	r->expect = r->header.n;
	{
		struct sp_record own = r->header;

		own.n = r->header_n0;
		if ((st = same_columns(&own, h, &differ)) != SP_OK)
			return st;
	}
	if (differ != (size_t)-1) {
		char msg[128];

		snprintf(msg, sizeof msg, "columns differ from the first "
		    "input's (column %zu)", differ + 1);
		set_error(r, h->line, msg);
		r->finished = 1;
		return SP_EHEADER;
	}
	return SP_OK;
io:
	return input_failed(r, st);
}

sp_status
sp_reader_open_fd(sp_reader *r, int fd, const char *name)
{
	r->fd = fd;
	r->mem = NULL;
	r->memlen = r->mempos = 0;
	sp_pipe_widen(fd);
	return start_input(r, name);
}

sp_status
sp_reader_open_mem(sp_reader *r, const void *data, size_t len,
    const char *name)
{
	r->fd = -1;
	r->mem = data;
	r->memlen = len;
	r->mempos = 0;
	return start_input(r, name);
}

/* Chunks: records parsed apart, in other threads. */

/*
 * The end of the whole records at the start of s[0..n), which starts at a
 * record's start: just after the last LF outside quotes, or n when at_eof
 * and n is outside quotes. Records are taken only up to the first quote
 * that stands neither where a field starts nor where a quoted field ends
 * (5" pipe, "a"b): there libcsv's reading and this one might differ. 0
 * when no record is whole. *lines is the LFs before the end.
 */
static size_t
records_end(const unsigned char *s, size_t n, int delim, int at_eof,
    unsigned long *lines)
{
	const unsigned char *q, *nl;
	size_t i = 0, end = 0, open, k;
	unsigned long nls = 0;

	*lines = 0;
	for (;;) {
		/* Outside quotes: each LF ends a row. */
		q = memchr(s + i, QUOTE, n - i);
		open = q != NULL ? (size_t)(q - s) : n;
		while ((nl = memchr(s + i, '\n', open - i)) != NULL) {
			i = (size_t)(nl - s) + 1;
			nls++;
			end = i;
			*lines = nls;
		}
		if (q == NULL) {
			if (at_eof) {
				end = n;
				*lines = nls;
			}
			return end;
		}
		if (open > 0 && s[open - 1] != delim && s[open - 1] != '\n' &&
		    s[open - 1] != '\r')
			return end;
		/* A quoted field: to its closing quote, "" being a quote. */
		for (i = open + 1;; i = k + 2) {
			if ((q = memchr(s + i, QUOTE, n - i)) == NULL)
				return end;
			k = (size_t)(q - s);
			while ((nl = memchr(s + i, '\n', k - i)) != NULL) {
				i = (size_t)(nl - s) + 1;
				nls++;
			}
			if (k + 1 == n) {
				/* "" or the end: only the input's end tells. */
				if (at_eof) {
					end = n;
					*lines = nls;
				}
				return end;
			}
			if (s[k + 1] != QUOTE)
				break;
		}
		if (s[k + 1] != delim && s[k + 1] != '\n' && s[k + 1] != '\r')
			return end;
		i = k + 1;
	}
}

sp_status
sp_reader_take(sp_reader *r, size_t want, const char **data, size_t *len,
    unsigned long *line)
{
	size_t n, end;
	unsigned long lines;
	sp_status st;

	*data = NULL;
	*len = 0;
	*line = r->line;
	/*
	 * Only between records, and not where a record is more than its
	 * bytes: decoded input, padded rows, lines that end in a lone CR.
	 */
	if (r->finished || r->in_record || r->row_done ||
	    r->in_enc != SP_ENC_UTF8 || r->ragged || r->cr_lines ||
	    r->active_delim == 0)
		return SP_OK;
	while (r->len - r->pos < want && !r->eof)
		if ((st = refill(r)) != SP_OK)
			return input_failed(r, st);
	n = r->len - r->pos < want ? r->len - r->pos : want;
	end = records_end(r->buf + r->pos, n, r->active_delim,
	    r->eof && r->pos + n == r->len, &lines);
	if (end == 0)
		return SP_OK;
	*data = (const char *)r->buf + r->pos;
	*len = end;
	r->pos += end;
	r->line += lines;
	return SP_OK;
}

void
sp_reader_chunk_format(const sp_reader *r, struct sp_chunk_format *f)
{
	f->delim = r->active_delim;
	f->expect = r->expect;
	f->header_n0 = r->header_n0;
}

sp_status
sp_reader_open_chunk(sp_reader *r, const struct sp_chunk_format *f,
    const void *data, size_t len, unsigned long line)
{
	if (!r->borrowed)
		free(r->buf);
	r->buf = (unsigned char *)data;
	r->borrowed = 1;
	r->cap = r->len = len;
	r->fd = -1;
	r->mem = NULL;
	r->memlen = r->mempos = 0;
	r->eof = 1;
	r->enc = r->in_enc = SP_ENC_UTF8;
	r->ragged = 0;
	r->width = 0;
	r->delim = r->active_delim = f->delim;
	r->expect = f->expect;
	r->header_n0 = f->header_n0;
	return rewind_input(r, line);
}

/* Records. */

int
sp_record_copy(const sp_record *rec, sp_buf *data, size_t **off,
    sp_record *copy)
{
	size_t i, *o;

	sp_buf_clear(data);
	if (sp_buf_append(data, rec->data + rec->off[0], rec->off[rec->n] -
	    rec->off[0]) == -1)
		return -1;
	if ((o = malloc((rec->n + 1) * sizeof *o)) == NULL)
		return -1;
	for (i = 0; i <= rec->n; i++)
		o[i] = rec->off[i] - rec->off[0];
	free(*off);
	*off = o;
	copy->data = data->data;
	copy->off = o;
	copy->n = rec->n;
	copy->line = rec->line;
	return 0;
}

size_t
sp_record_count(const sp_record *rec)
{
	return rec->n;
}

const char *
sp_record_field(const sp_record *rec, size_t i, size_t *len)
{
	if (i >= rec->n) {
		if (len != NULL)
			*len = 0;
		return "";
	}
	if (len != NULL)
		*len = rec->off[i + 1] - rec->off[i] - 1;
	return rec->data + rec->off[i];
}

unsigned long
sp_record_line(const sp_record *rec)
{
	return rec->line;
}
