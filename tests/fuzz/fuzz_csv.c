/*
 * fuzz_csv.c - libFuzzer target: the CSV reader and writer round trip.
 *
 * The input is parsed twice: once with the delimiter sniffed (UTF-8), and
 * once with options chosen from its first byte:
 *
 *   bits 0-1  delimiter: , ; tab |
 *   bits 2-3  encoding: utf-8, cp1252, latin1, utf-16 (bit 7: big-endian)
 *   bit 4     ragged (pad short rows)
 *   bit 5     write CRLF
 *   bit 6     write a byte order mark
 *
 * Each time, every good record (header included) is written with sp_writer
 * to a memory file, and the output is read again, from the file
 * descriptor, with the delimiter in use. The output must parse without a
 * bad record and give the same records, field by field and byte by byte.
 * Bad records (SP_ERECORD) of the input are skipped: they are not written.
 *
 * The input is also read as samenspel-classify -j reads it: whole records
 * taken raw (sp_reader_take, in pieces of a size chosen by the last
 * byte) and parsed by a reader of their own, the rest record by record.
 * That must give the same records, lines, errors and raw text of bad
 * records as reading it all with one reader.
 *
 * Built with -DFUZZ_WRAP_READ and -Wl,--wrap=read (as build.sh does), the
 * input is also read from a file descriptor whose read(2) returns at most
 * a few bytes at a time (as from a pipe; the size is chosen by the last
 * byte), which must give the same records, lines, errors and raw text of
 * bad records as reading it from memory; the output is read back the
 * same way.
 */
#define FUZZ_NAME "fuzz_csv"
#include "fuzz.h"
#include "internal.h"

/* The most read(2) returns to the library; 0 for no limit. */
static size_t read_chunk;

#ifdef FUZZ_WRAP_READ
ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

ssize_t
__wrap_read(int fd, void *buf, size_t n)
{
	if (read_chunk > 0 && n > read_chunk)
		n = read_chunk;
	return __real_read(fd, buf, n);
}
#endif

static void
bytes_num(struct bytes *b, size_t n)
{
	bytes_add(b, &n, sizeof n);
}

static void
bytes_str(struct bytes *b, const char *s, size_t n)
{
	bytes_num(b, n);
	bytes_add(b, s, n);
}

/* A record as: field count, then each field's length and bytes. */
static void
serialize(struct bytes *b, const sp_record *rec)
{
	size_t i, n = sp_record_count(rec), len;
	const char *f;

	bytes_num(b, n);
	for (i = 0; i < n; i++) {
		f = sp_record_field(rec, i, &len);
		CHECK(f[len] == '\0', "field %zu is not NUL-terminated", i);
		bytes_str(b, f, len);
	}
}

static void
compare(const char *what, const struct bytes *a, const struct bytes *b)
{
	size_t i = 0;

	if (a->len == b->len && (a->len == 0 || memcmp(a->p, b->p,
	    a->len) == 0))
		return;
	while (i < a->len && i < b->len && a->p[i] == b->p[i])
		i++;
	CHECK(0, "%s: differ at byte %zu of the serialized records (%zu vs "
	    "%zu bytes)", what, i, a->len, b->len);
}

/*
 * Read an input to its end. `events` gets everything the reader said
 * (status, records and their lines, errors with line and raw text);
 * `good` the header and the good records; w (if any) has them written.
 * Returns the status of opening it.
 */
static sp_status
read_all(const char *what, sp_reader *r, sp_status st, struct bytes *events,
    struct bytes *good, sp_writer *w, unsigned long *ngood,
    unsigned long *nbad, size_t take)
{
	const sp_record *rec, *h;
	const char *msg, *raw, *chunk;
	unsigned long line, first, last;
	size_t rawlen, len;
	struct sp_chunk_format fmt;
	sp_reader *part = NULL, *src = r;
	int d;

	*ngood = *nbad = 0;
	bytes_num(events, (size_t)st);
	if (st != SP_OK) {
		/* An input without a usable header: a message, no records. */
		CHECK(st == SP_EHEADER || st == SP_EIO, "%s: open: "
		    "unexpected %s", what, sp_strerror(st));
		msg = sp_reader_error(r, &line, &raw, &rawlen);
		CHECK(*msg != '\0', "%s: open failed (%s) without a message",
		    what, sp_strerror(st));
		bytes_str(events, msg, strlen(msg));
		bytes_num(events, line);
		return st;
	}
	d = sp_reader_delimiter(r);
	CHECK(d == ',' || d == ';' || d == '\t' || d == '|', "%s: delimiter "
	    "%d", what, d);
	bytes_num(events, (size_t)d);
	h = sp_reader_header(r);
	CHECK(h != NULL, "no header after a good open");
	serialize(events, h);
	bytes_num(events, sp_record_line(h));
	first = last = sp_record_line(h);
	serialize(good, h);
	if (w != NULL)
		CHECK(sp_writer_record_fields(w, h) == SP_OK &&
		    sp_writer_end_row(w) == SP_OK, "write header");
	if (take > 0) {
		if ((part = sp_reader_new()) == NULL)
			abort();
		sp_reader_chunk_format(r, &fmt);
	}
	for (;;) {
		/* Whole records taken raw go to a reader of their own. */
		if (take > 0 && src == r) {
			CHECK(sp_reader_take(r, take, &chunk, &len, &line) ==
			    SP_OK, "%s: take", what);
			CHECK(len <= take, "%s: took %zu bytes of %zu", what,
			    len, take);
			if (len > 0) {
				CHECK(sp_reader_open_chunk(part, &fmt, chunk, len,
				    line) == SP_OK, "%s: open chunk", what);
				src = part;
			}
		}
		if ((st = sp_reader_next(src, &rec)) == SP_EOF) {
			if (src == r)
				break;
			src = r;
			continue;
		}
		bytes_num(events, (size_t)st);
		if (st == SP_ERECORD) {
			/* A bad record has a message, a line, its raw text. */
			msg = sp_reader_error(src, &line, &raw, &rawlen);
			CHECK(*msg != '\0' && line > 0 && raw[rawlen] == '\0',
			    "%s: bad record without message, line or raw "
			    "text", what);
			CHECK(line > first && line >= last, "%s: bad record "
			    "on line %lu after line %lu (header on %lu)", what,
			    line, last, first);
			last = line;
			(*nbad)++;
			bytes_str(events, msg, strlen(msg));
			bytes_num(events, line);
			bytes_str(events, raw, rawlen);
			continue;
		}
		CHECK(st == SP_OK, "%s: next: unexpected %s", what,
		    sp_strerror(st));
		CHECK(sp_record_count(rec) == sp_record_count(h),
		    "%s: a good record has %zu fields, the header %zu", what,
		    sp_record_count(rec), sp_record_count(h));
		CHECK(sp_record_line(rec) > first && sp_record_line(rec) >=
		    last, "%s: record on line %lu after line %lu (header on "
		    "%lu)", what, sp_record_line(rec), last, first);
		last = sp_record_line(rec);
		serialize(events, rec);
		bytes_num(events, sp_record_line(rec));
		serialize(good, rec);
		(*ngood)++;
		if (w != NULL)
			CHECK(sp_writer_record_fields(w, rec) == SP_OK &&
			    sp_writer_end_row(w) == SP_OK, "write record");
	}
	sp_reader_free(part);
	return SP_OK;
}

static void
round_trip(const uint8_t *data, size_t size, int delim, sp_encoding enc,
    int ragged, int crlf, int bom, size_t chunk)
{
	struct bytes ev = { 0 }, good = { 0 }, ev2 = { 0 }, good2 = { 0 },
	    back = { 0 }, evback = { 0 };
	unsigned long n, n2, bad, bad2;
	sp_reader *r;
	sp_writer *w = NULL;
	sp_status st;
	int out, used = 0;

	/* From memory, writing the good records. */
	if ((r = sp_reader_new()) == NULL)
		abort();
	sp_reader_set_delimiter(r, delim);
	sp_reader_set_encoding(r, enc);
	sp_reader_set_ragged(r, ragged);
	st = sp_reader_open_mem(r, data, size, "fuzz");
	out = scratch_fd(0);
	if (st == SP_OK) {
		used = sp_reader_delimiter(r);
		CHECK(delim == 0 || used == delim, "delimiter %d, not %d",
		    used, delim);
		if ((w = sp_writer_new(out)) == NULL)
			abort();
		sp_writer_set_delimiter(w, used);
		sp_writer_set_crlf(w, crlf);
		sp_writer_set_bom(w, bom);
	}
	st = read_all("input", r, st, &ev, &good, w, &n, &bad, 0);
	sp_reader_free(r);

	{
		/* In chunks of whole records: the same events. */
		struct bytes ev3 = { 0 }, good3 = { 0 };

		if ((r = sp_reader_new()) == NULL)
			abort();
		sp_reader_set_delimiter(r, delim);
		sp_reader_set_encoding(r, enc);
		sp_reader_set_ragged(r, ragged);
		(void)read_all("input in chunks", r, sp_reader_open_mem(r, data,
		    size, "fuzz"), &ev3, &good3, NULL, &n2, &bad2,
		    1 + (size > 0 ? data[size - 1] : 0) % 200);
		sp_reader_free(r);
		compare("read whole and in chunks of records", &ev, &ev3);
		free(ev3.p);
		free(good3.p);
	}

#ifdef FUZZ_WRAP_READ
	{
		/* From a descriptor, a few bytes per read: the same events. */
		int in = scratch_fd(1);

		if (size > 0 && write(in, data, size) != (ssize_t)size)
			abort();
		if (lseek(in, 0, SEEK_SET) == -1 ||
		    (r = sp_reader_new()) == NULL)
			abort();
		sp_reader_set_delimiter(r, delim);
		sp_reader_set_encoding(r, enc);
		sp_reader_set_ragged(r, ragged);
		read_chunk = chunk;
		(void)read_all("input in pieces", r, sp_reader_open_fd(r, in,
		    "fuzz"), &ev2, &good2, NULL, &n2, &bad2, 0);
		read_chunk = 0;
		sp_reader_free(r);
		compare("read from memory and in pieces of a descriptor", &ev,
		    &ev2);
	}
#else
	(void)chunk;
#endif

	if (st == SP_OK) {
		/* The output reads back to the same records. */
		CHECK(sp_writer_end(w) == SP_OK, "flush");
		sp_writer_free(w);
		if (lseek(out, 0, SEEK_SET) == -1 ||
		    (r = sp_reader_new()) == NULL)
			abort();
		sp_reader_set_delimiter(r, used);
		read_chunk = chunk;
		st = sp_reader_open_fd(r, out, "output");
		CHECK(st == SP_OK, "output: %s: %s", sp_strerror(st),
		    sp_reader_error(r, NULL, NULL, NULL));
		(void)read_all("output", r, st, &evback, &back, NULL, &n2,
		    &bad2, 0);
		read_chunk = 0;
		sp_reader_free(r);
		CHECK(bad2 == 0, "%lu bad records read back", bad2);
		CHECK(n == n2, "delimiter %d: %lu records written, %lu read "
		    "back", used, n, n2);
		compare("written and read back", &good, &back);
	}
	free(ev.p);
	free(good.p);
	free(ev2.p);
	free(good2.p);
	free(back.p);
	free(evback.p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int delims[4] = { ',', ';', '\t', '|' };
	static const sp_encoding encs[4] = {
		SP_ENC_UTF8, SP_ENC_CP1252, SP_ENC_LATIN1, SP_ENC_UTF16LE
	};
	static const size_t chunks[8] = { 1, 2, 3, 7, 64, 1000, 4096, 0 };
	unsigned opt;
	size_t chunk;
	sp_encoding enc;

	if (size == 0) {
		round_trip(data, size, 0, SP_ENC_UTF8, 0, 0, 0, 0);
		return 0;
	}
	opt = data[0];
	chunk = chunks[data[size - 1] % 8];
	enc = encs[(opt >> 2) & 3];
	if (enc == SP_ENC_UTF16LE && (opt & 0x80))
		enc = SP_ENC_UTF16BE;
	round_trip(data, size, 0, SP_ENC_UTF8, 0, 0, 0, chunk);
	round_trip(data, size, delims[opt & 3], enc, (opt >> 4) & 1,
	    (opt >> 5) & 1, (opt >> 6) & 1, chunk);
	return 0;
}
