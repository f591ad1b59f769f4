/*
 * test_csv.c - the CSV reader (over memory) and the CSV writer (to a
 * temporary file, a pipe and /dev/full).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>
#include <time.h>

#include <cmocka.h>

#include "internal.h"

/* A string literal and its length, NUL bytes included. */
#define S(lit)	(lit), (sizeof(lit) - 1)

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/* A reader on memory, with a delimiter (0: sniff); asserts the status. */
static sp_reader *
open_mem(const char *data, size_t len, int delim, sp_status want)
{
	sp_reader *r = sp_reader_new();

	assert_non_null(r);
	sp_reader_set_delimiter(r, delim);
	assert_int_equal(sp_reader_open_mem(r, data, len, "mem"), want);
	return r;
}

/* A reader on memory in an encoding, delimiter sniffed; opens or fails. */
static sp_reader *
open_encoded(const char *data, size_t len, sp_encoding enc)
{
	sp_reader *r = sp_reader_new();

	assert_non_null(r);
	sp_reader_set_encoding(r, enc);
	assert_int_equal(sp_reader_open_mem(r, data, len, "mem"), SP_OK);
	return r;
}

/* Assert field i of a record, by bytes. */
static void
field_is(const sp_record *rec, size_t i, const char *want, size_t wantlen)
{
	size_t len = 12345;
	const char *v = sp_record_field(rec, i, &len);

	assert_non_null(v);
	assert_int_equal(len, wantlen);
	assert_memory_equal(v, want, wantlen);
	/* NUL-terminated after its bytes. */
	assert_int_equal(v[len], '\0');
}

static void
field_str(const sp_record *rec, size_t i, const char *want)
{
	field_is(rec, i, want, strlen(want));
}

/* The next record: SP_OK, starting on `line`, with `n` fields. */
static const sp_record *
next_ok(sp_reader *r, unsigned long line, size_t n)
{
	const sp_record *rec = NULL;

	assert_int_equal(sp_reader_next(r, &rec), SP_OK);
	assert_non_null(rec);
	assert_int_equal(sp_record_line(rec), line);
	assert_int_equal(sp_record_count(rec), n);
	return rec;
}

/* The next record of two text fields. */
static void
next2(sp_reader *r, unsigned long line, const char *a, const char *b)
{
	const sp_record *rec = next_ok(r, line, 2);

	field_str(rec, 0, a);
	field_str(rec, 1, b);
}

static void
next_eof(sp_reader *r)
{
	const sp_record *rec;

	assert_int_equal(sp_reader_next(r, &rec), SP_EOF);
	/* And it stays at the end. */
	assert_int_equal(sp_reader_next(r, &rec), SP_EOF);
}

/* The next call is a bad record with this message, line and raw text. */
static void
next_bad(sp_reader *r, const char *msg, unsigned long line, const char *raw,
    size_t rawlen)
{
	const sp_record *rec;
	const char *gotraw = NULL;
	size_t gotlen = 12345;
	unsigned long gotline = 12345;

	assert_int_equal(sp_reader_next(r, &rec), SP_ERECORD);
	assert_string_equal(sp_reader_error(r, &gotline, &gotraw, &gotlen), msg);
	assert_int_equal(gotline, line);
	assert_non_null(gotraw);
	assert_int_equal(gotlen, rawlen);
	assert_memory_equal(gotraw, raw, rawlen);
}

static void
header2(sp_reader *r, const char *a, const char *b)
{
	const sp_record *h = sp_reader_header(r);

	assert_non_null(h);
	assert_int_equal(sp_record_count(h), 2);
	assert_int_equal(sp_record_line(h), 1);
	field_str(h, 0, a);
	field_str(h, 1, b);
}

/* ------------------------------------------------------------------ */
/* Reader: line ends, BOM, blank lines                                 */

static void
test_bom_stripped(void **state)
{
	static const char in[] = "\xef\xbb\xbfid,name\n1,a\n";
	sp_reader *r;

	(void)state;
	r = open_mem(S(in), 0, SP_OK);
	header2(r, "id", "name");
	assert_int_equal(sp_reader_delimiter(r), ',');
	next2(r, 2, "1", "a");
	next_eof(r);
	sp_reader_free(r);

	/* A BOM-only file is empty; a BOM in a later position is data. */
	r = open_mem(S("\xef\xbb\xbf"), 0, SP_EHEADER);
	sp_reader_free(r);
	r = open_mem(S("id,name\n\xef\xbb\xbf" "1,a\n"), 0, SP_OK);
	next2(r, 2, "\xef\xbb\xbf" "1", "a");
	sp_reader_free(r);
}

/* A spreadsheet's "sep=;" first line names the delimiter; it is a line. */
static void
test_sep_line(void **state)
{
	const sp_record *h;
	sp_reader *r;

	(void)state;
	r = open_mem(S("sep=;\r\nid;name\r\n1;a,b\r\n"), 0, SP_OK);
	assert_int_equal(sp_reader_delimiter(r), ';');
	h = sp_reader_header(r);
	assert_int_equal(sp_record_line(h), 2);
	field_str(h, 0, "id");
	next2(r, 3, "1", "a,b");
	next_eof(r);
	sp_reader_free(r);

	/* After a BOM; a tab; the line counts in a bad record's line. */
	r = open_mem(S("\xef\xbb\xbfsep=\t\nid\tname\n1\n"), 0, SP_OK);
	assert_int_equal(sp_reader_delimiter(r), '\t');
	next_bad(r, "expected 2 fields, found 1", 3, "1\n", 2);
	sp_reader_free(r);

	/* A delimiter set by the caller wins; the line is still skipped. */
	r = open_mem(S("sep=;\nid,name\n1,a\n"), ',', SP_OK);
	assert_int_equal(sp_reader_delimiter(r), ',');
	next2(r, 3, "1", "a");
	sp_reader_free(r);

	/* Not a sep line: more on it, another delimiter, another case. */
	r = open_mem(S("sep=;x,name\n1,a\n"), 0, SP_OK);
	field_str(sp_reader_header(r), 0, "sep=;x");
	sp_reader_free(r);
	r = open_mem(S("sep=:,name\n1,a\n"), 0, SP_OK);
	field_str(sp_reader_header(r), 0, "sep=:");
	sp_reader_free(r);
	r = open_mem(S("SEP=;,name\n1,a\n"), 0, SP_OK);
	field_str(sp_reader_header(r), 0, "SEP=;");
	sp_reader_free(r);

	/* Only a sep line: no header. */
	r = open_mem(S("sep=|"), 0, SP_EHEADER);
	sp_reader_free(r);
}

/* Where a UTF-8 input first is not UTF-8: a hint of cp1252. */
static void
test_not_utf8(void **state)
{
	static const struct {
		const char	*in;
		unsigned long	 line;
	} cases[] = {
		{ "a,b\n1,2\n", 0 },
		{ "a,b\n1,caf\xc3\xa9\n", 0 },
		{ "a,b\n1,2\n3,caf\xe9\n", 3 },
		{ "a,caf\xe9\n1,2\n", 1 },
		{ "a,b\r1,2\r\xe9,x\r", 3 },
		{ "a,b\r\n\"x\r\ny\",2\r\n3,\xc3\n", 4 },
		{ "\xef\xbb\xbf" "a,b\n1,\xed\xa0\x80\n", 2 },
	};
	sp_reader *r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = open_mem(cases[i].in, strlen(cases[i].in), 0, SP_OK);
		if (sp_reader_not_utf8(r) != cases[i].line)
			fail_msg("case %zu: line %lu, want %lu", i,
			    sp_reader_not_utf8(r), cases[i].line);
		sp_reader_free(r);
	}
	/* Read as cp1252, every byte is a character. */
	r = open_encoded(S("a,b\n1,caf\xe9\n"), SP_ENC_CP1252);
	assert_int_equal(sp_reader_not_utf8(r), 0);
	sp_reader_free(r);
}

static void
test_line_ends(void **state)
{
	static const char crlf[] = "a,b\r\n1,2\r\n3,4\r\n";
	static const char lf[] = "a,b\n1,2\n3,4\n";
	static const char cr[] = "a,b\r1,2\r3,4\r";
	static const char *const in[] = { crlf, lf, cr };
	sp_reader *r;
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++) {
		r = open_mem(in[i], strlen(in[i]), 0, SP_OK);
		header2(r, "a", "b");
		next2(r, 2, "1", "2");
		next2(r, 3, "3", "4");
		next_eof(r);
		sp_reader_free(r);
	}
	/* Lone CR with a blank line and a last line without end. */
	r = open_mem(S("a,b\r\r1,2\r\r\r3,4"), 0, SP_OK);
	next2(r, 3, "1", "2");
	next2(r, 6, "3", "4");
	next_eof(r);
	sp_reader_free(r);
}

static void
test_crlf_across_read_blocks(void **state)
{
	/* The reader reads 128 KiB at a time: put a CR last in a block. */
	const size_t block = 128 * 1024;
	size_t n = 0, k = 0, i, pad;
	char *in = malloc(block + 64);
	const sp_record *rec;
	sp_reader *r;

	(void)state;
	assert_non_null(in);
	memcpy(in, "a,b\r\n", 5);
	n = 5;
	while (n + 5 <= block - 100) {
		memcpy(in + n, "1,x\r\n", 5);
		n += 5;
		k++;
	}
	memcpy(in + n, "2,", 2);
	n += 2;
	pad = block - 1 - n;
	memset(in + n, 'y', pad);
	n += pad;
	assert_int_equal(n, block - 1);
	memcpy(in + n, "\r\n3,z\r\n", 7);
	n += 7;

	r = open_mem(in, n, 0, SP_OK);
	for (i = 0; i < k; i++)
		next2(r, 2 + i, "1", "x");
	rec = next_ok(r, 2 + k, 2);
	field_str(rec, 0, "2");
	assert_int_equal(strlen(sp_record_field(rec, 1, NULL)), pad);
	next2(r, 3 + k, "3", "z");
	next_eof(r);
	sp_reader_free(r);
	free(in);
}

static void
test_blank_lines_skipped(void **state)
{
	sp_reader *r;

	(void)state;
	r = open_mem(S("a,b\n\n1,2\n\n\n3,4\n\n"), 0, SP_OK);
	next2(r, 3, "1", "2");
	next2(r, 6, "3", "4");
	next_eof(r);
	sp_reader_free(r);

	/* CRLF, and blank lines before the header. */
	r = open_mem(S("\r\n\r\na,b\r\n\r\n1,2\r\n"), 0, SP_OK);
	assert_int_equal(sp_record_line(sp_reader_header(r)), 3);
	next2(r, 5, "1", "2");
	next_eof(r);
	sp_reader_free(r);
}

static void
test_last_row_without_newline(void **state)
{
	sp_reader *r;

	(void)state;
	r = open_mem(S("a,b\n1,2\n3,4"), 0, SP_OK);
	next2(r, 2, "1", "2");
	next2(r, 3, "3", "4");
	next_eof(r);
	sp_reader_free(r);

	/* Ending in a quoted field. */
	r = open_mem(S("a,b\n1,\"x\ny\""), 0, SP_OK);
	next2(r, 2, "1", "x\ny");
	next_eof(r);
	sp_reader_free(r);

	/* Ending in an empty field. */
	r = open_mem(S("a,b\n1,"), 0, SP_OK);
	next2(r, 2, "1", "");
	next_eof(r);
	sp_reader_free(r);
}

/* A workbook or a compressed file is not taken for CSV. */
static void
test_not_csv(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *starts;
	} cases[] = {
		{ S("PK\003\004\024\000xl/workbook.xml"), "a zip archive" },
		{ S("\320\317\021\340\241\261\032\341"),
		    "an old spreadsheet workbook" },
		{ S("\037\213\010\000"), "compressed with gzip" },
	};
	sp_reader *r;
	unsigned long line = 0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		r = open_mem(cases[i].in, cases[i].len, 0, SP_EHEADER);
		assert_true(strncmp(sp_reader_error(r, &line, NULL, NULL),
		    cases[i].starts, strlen(cases[i].starts)) == 0);
		assert_int_equal(line, 1);
		assert_null(sp_reader_header(r));
		sp_reader_free(r);
	}
	/* Those bytes later, or one short, are data. */
	r = open_mem(S("a,PK\003\004\n1,2\n"), 0, SP_OK);
	sp_reader_free(r);
	r = open_mem(S("PK\003\n1\n"), 0, SP_OK);
	sp_reader_free(r);
}

static void
test_empty_and_header_only(void **state)
{
	sp_reader *r;
	unsigned long line = 0;

	(void)state;
	r = open_mem(S(""), 0, SP_EHEADER);
	assert_string_equal(sp_reader_error(r, &line, NULL, NULL),
	    "empty input (no header)");
	assert_int_equal(line, 1);
	assert_null(sp_reader_header(r));
	sp_reader_free(r);

	r = open_mem(S("\n\n\n"), 0, SP_EHEADER);
	assert_string_equal(sp_reader_error(r, NULL, NULL, NULL),
	    "empty input (no header)");
	sp_reader_free(r);

	r = open_mem(S("a,b\n"), 0, SP_OK);
	header2(r, "a", "b");
	next_eof(r);
	sp_reader_free(r);

	r = open_mem(S("a,b"), 0, SP_OK);
	header2(r, "a", "b");
	next_eof(r);
	sp_reader_free(r);

	/* A header of one empty name is a header too. */
	r = open_mem(S("\"\"\n\"\"\nx\n"), 0, SP_OK);
	assert_int_equal(sp_record_count(sp_reader_header(r)), 1);
	field_str(next_ok(r, 2, 1), 0, "");
	field_str(next_ok(r, 3, 1), 0, "x");
	next_eof(r);
	sp_reader_free(r);
}

/* ------------------------------------------------------------------ */
/* Reader: quoting                                                     */

static void
test_quoted_fields_and_lines(void **state)
{
	static const char in[] =
	    "id,text\n"				/* 1 */
	    "1,\"a,b\"\n"			/* 2 */
	    "2,\"say \"\"hi\"\"\"\n"		/* 3 */
	    "3,\"line1\nline2\n\nline4\"\n"	/* 4-7 */
	    "\n"				/* 8 */
	    "4,after\n"				/* 9 */
	    "\"5\",\"crlf\r\ninside\"\n"	/* 10-11 */
	    "6,\"\"\n"				/* 12 */
	    "7,\"\"\"\"\n";			/* 13 */
	sp_reader *r;

	(void)state;
	r = open_mem(S(in), 0, SP_OK);
	next2(r, 2, "1", "a,b");
	next2(r, 3, "2", "say \"hi\"");
	next2(r, 4, "3", "line1\nline2\n\nline4");
	next2(r, 9, "4", "after");
	next2(r, 10, "5", "crlf\r\ninside");
	next2(r, 12, "6", "");
	next2(r, 13, "7", "\"");
	next_eof(r);
	sp_reader_free(r);

	/* A newline in a header name counts as well. */
	r = open_mem(S("\"a\nb\",c\n1,2\n"), 0, SP_OK);
	header2(r, "a\nb", "c");
	next2(r, 3, "1", "2");
	next_eof(r);
	sp_reader_free(r);
}

static void
test_spaces_kept(void **state)
{
	sp_reader *r;

	(void)state;
	r = open_mem(S(" a , b \n  x , y  \n\t1\t,2 \n"), 0, SP_OK);
	header2(r, " a ", " b ");
	next2(r, 2, "  x ", " y  ");
	next2(r, 3, "\t1\t", "2 ");
	next_eof(r);
	sp_reader_free(r);

	/* A field of only spaces is not blank. */
	r = open_mem(S("a\n   \n"), ',', SP_OK);
	field_str(next_ok(r, 2, 1), 0, "   ");
	next_eof(r);
	sp_reader_free(r);
}

static void
test_nul_and_invalid_utf8(void **state)
{
	static const char in[] =
	    "a,b\n"
	    "\0x,\xff\xfe\n"
	    "\"q\0\",\xc3\x28\xed\xa0\x80\n";
	const sp_record *rec;
	sp_reader *r;

	(void)state;
	r = open_mem(S(in), 0, SP_OK);
	rec = next_ok(r, 2, 2);
	field_is(rec, 0, "\0x", 2);
	field_is(rec, 1, "\xff\xfe", 2);
	rec = next_ok(r, 3, 2);
	field_is(rec, 0, "q\0", 2);
	field_is(rec, 1, "\xc3\x28\xed\xa0\x80", 5);
	next_eof(r);
	sp_reader_free(r);
}

static void
test_quote_in_unquoted_field(void **state)
{
	sp_reader *r;

	(void)state;
	r = open_mem(S("id,maat\n1,5\" pijp\n2,a\"b\"c\n3,x\"\n4,ok\n"), 0,
	    SP_OK);
	next2(r, 2, "1", "5\" pijp");
	next2(r, 3, "2", "a\"b\"c");
	next2(r, 4, "3", "x\"");
	next2(r, 5, "4", "ok");
	next_eof(r);
	sp_reader_free(r);
}

static void
test_text_after_closing_quote(void **state)
{
	static const char in[] =
	    "a,b\n"			/* 1 */
	    "1,\"x\ny\"\n"		/* 2-3 */
	    "2,\"x\"y,z\n"		/* 4: bad */
	    "3,ok\n";			/* 5 */
	sp_reader *r;

	(void)state;
	r = open_mem(S(in), 0, SP_OK);
	next2(r, 2, "1", "x\ny");
	next_bad(r, "bad quoting: text after a closing quote", 4,
	    S("2,\"x\"y,z\n"));
	next2(r, 5, "3", "ok");
	next_eof(r);
	sp_reader_free(r);

	/* The first record bad; then the next; CRLF. */
	r = open_mem(S("a,b\r\n\"1\"2,x\r\n3,ok\r\n"), 0, SP_OK);
	next_bad(r, "bad quoting: text after a closing quote", 2,
	    S("\"1\"2,x\r\n"));
	next2(r, 3, "3", "ok");
	next_eof(r);
	sp_reader_free(r);

	/*
	 * In a record of several lines: the line of the offending text, and
	 * the raw text of the whole record.
	 */
	r = open_mem(S("a,b\n1,\"x\ny\"z\n2,ok\n"), 0, SP_OK);
	next_bad(r, "bad quoting: text after a closing quote", 3,
	    S("1,\"x\ny\"z\n"));
	next2(r, 4, "2", "ok");
	next_eof(r);
	sp_reader_free(r);

	/* At the end of the input, without a newline. */
	r = open_mem(S("a,b\n1,\"x\"y"), 0, SP_OK);
	next_bad(r, "bad quoting: text after a closing quote", 2,
	    S("1,\"x\"y"));
	next_eof(r);
	sp_reader_free(r);

	/* A space after the closing quote is text too. */
	r = open_mem(S("a,b\n1,\"x\" \n3,ok\n"), 0, SP_OK);
	next_bad(r, "bad quoting: text after a closing quote", 2,
	    S("1,\"x\" \n"));
	next2(r, 3, "3", "ok");
	sp_reader_free(r);
}

static void
test_unterminated_quote(void **state)
{
	sp_reader *r;
	const sp_record *rec;

	(void)state;
	r = open_mem(S("a,b\n1,2\n3,\"abc\n4,x\n"), 0, SP_OK);
	next2(r, 2, "1", "2");
	next_bad(r, "unterminated quoted field", 3, S("3,\"abc\n4,x\n"));
	next_eof(r);
	sp_reader_free(r);

	/* Without a last newline. */
	r = open_mem(S("a,b\n\"abc"), 0, SP_OK);
	next_bad(r, "unterminated quoted field", 2, S("\"abc"));
	assert_int_equal(sp_reader_next(r, &rec), SP_EOF);
	sp_reader_free(r);

	/* In the header. */
	r = open_mem(S("a,\"b\n"), 0, SP_EHEADER);
	assert_string_equal(sp_reader_error(r, NULL, NULL, NULL),
	    "unterminated quoted field");
	sp_reader_free(r);
}

/* ------------------------------------------------------------------ */
/* Reader: ragged rows                                                 */

static void
test_ragged_rows(void **state)
{
	static const char in[] = "a,b\n1,2,3\n4,5\n6\n\n7,8\n";
	const sp_record *rec;
	sp_reader *r;

	(void)state;
	r = open_mem(S(in), 0, SP_OK);
	next_bad(r, "expected 2 fields, found 3", 2, S("1,2,3\n"));
	next2(r, 3, "4", "5");
	next_bad(r, "expected 2 fields, found 1", 4, S("6\n"));
	next2(r, 6, "7", "8");
	next_eof(r);
	sp_reader_free(r);

	/* Ragged: short rows padded, long rows still rejected. */
	r = sp_reader_new();
	assert_non_null(r);
	sp_reader_set_ragged(r, 1);
	assert_int_equal(sp_reader_open_mem(r, S(in), "mem"), SP_OK);
	next_bad(r, "expected 2 fields, found 3", 2, S("1,2,3\n"));
	next2(r, 3, "4", "5");
	rec = next_ok(r, 4, 2);
	field_str(rec, 0, "6");
	field_str(rec, 1, "");
	/* Past the end: "". */
	field_str(rec, 2, "");
	next2(r, 6, "7", "8");
	next_eof(r);
	sp_reader_free(r);

	/* One field expected. */
	r = open_mem(S("a\n1,2\n"), ',', SP_OK);
	next_bad(r, "expected 1 field, found 2", 2, S("1,2\n"));
	sp_reader_free(r);

	/* A multi-line ragged record: the line where it starts. */
	r = open_mem(S("a,b\n1,\"x\ny\",z\n2,3\n"), 0, SP_OK);
	next_bad(r, "expected 2 fields, found 3", 2, S("1,\"x\ny\",z\n"));
	next2(r, 4, "2", "3");
	sp_reader_free(r);
}

/* ------------------------------------------------------------------ */
/* Reader: delimiters                                                  */

static void
check_sniff(const char *in, int want, size_t nfields)
{
	sp_reader *r = open_mem(in, strlen(in), 0, SP_OK);

	assert_int_equal(sp_reader_delimiter(r), want);
	assert_int_equal(sp_record_count(sp_reader_header(r)), nfields);
	sp_reader_free(r);
}

static void
test_delimiter_sniffing(void **state)
{
	sp_reader *r;

	(void)state;
	check_sniff("a,b,c\n1,2,3\n", ',', 3);
	check_sniff("a;b;c\n1;2;3\n", ';', 3);
	check_sniff("a\tb\tc\n1\t2\t3\n", '\t', 3);
	check_sniff("a|b|c\n", '|', 3);
	check_sniff("single\n", ',', 1);
	/* The most frequent wins. */
	check_sniff("a,b;c;d\n", ';', 3);
	/* Quoted delimiters do not count. */
	check_sniff("\"a;b;c\",d\n", ',', 2);
	check_sniff("\"x,y,z\";\"p,q\";r\n", ';', 3);
	/* After a BOM, and with CRLF. */
	check_sniff("\xef\xbb\xbf" "a;b\r\n1;2\r\n", ';', 2);
	/* Later lines do not count. */
	check_sniff("a;b\n1,2,3,4,5\n", ';', 2);

	/* A given delimiter is not sniffed. */
	r = open_mem(S("a,b;c\n1,2;3\n"), ';', SP_OK);
	assert_int_equal(sp_reader_delimiter(r), ';');
	header2(r, "a,b", "c");
	next2(r, 2, "1,2", "3");
	sp_reader_free(r);

	/* Sniffed on a line longer than a read block. */
	{
		size_t n = 300 * 1024, i;
		char *big = malloc(n + 16);

		assert_non_null(big);
		for (i = 0; i < n; i++)
			big[i] = i % 10 == 9 ? '|' : 'x';
		memcpy(big + n, ",\n1\n", 4);
		r = open_mem(big, n + 4, 0, SP_OK);
		assert_int_equal(sp_reader_delimiter(r), '|');
		assert_int_equal(sp_record_count(sp_reader_header(r)),
		    n / 10 + 1);
		sp_reader_free(r);
		free(big);
	}
}

static void
test_delimiter_sniffing_after_blank_lines(void **state)
{
	sp_reader *r;

	/*
	 * The header is the first non-blank line, so that is the line to
	 * sniff, not a blank line before it.
	 */
	(void)state;
	r = open_mem(S("\na;b;c\n1;2;3\n"), 0, SP_OK);
	assert_int_equal(sp_reader_delimiter(r), ';');
	assert_int_equal(sp_record_count(sp_reader_header(r)), 3);
	assert_int_equal(sp_record_line(sp_reader_header(r)), 2);
	field_str(next_ok(r, 3, 3), 2, "3");
	sp_reader_free(r);

	r = open_mem(S("\xef\xbb\xbf\r\n\r\na|b\r\n1|2\r\n"), 0, SP_OK);
	assert_int_equal(sp_reader_delimiter(r), '|');
	assert_int_equal(sp_record_count(sp_reader_header(r)), 2);
	sp_reader_free(r);
}

/* ------------------------------------------------------------------ */
/* Reader: several inputs                                              */

static void
test_second_input(void **state)
{
	sp_reader *r;
	unsigned long line = 0;

	(void)state;
	r = open_mem(S("a;b\n1;2\n"), 0, SP_OK);
	next2(r, 2, "1", "2");
	next_eof(r);
	/* Same columns (compared loosely), delimiter kept, lines restart. */
	assert_int_equal(sp_reader_open_mem(r, S("\xef\xbb\xbf" "A; B\n\n3;4\n"),
	    "second"), SP_OK);
	assert_string_equal(sp_reader_name(r), "second");
	next2(r, 3, "3", "4");
	next_eof(r);
	/* The header is still the first input's. */
	header2(r, "a", "b");

	/* Other columns. */
	assert_int_equal(sp_reader_open_mem(r, S("a;c\n5;6\n"), "third"),
	    SP_EHEADER);
	assert_string_equal(sp_reader_error(r, &line, NULL, NULL),
	    "columns differ from the first input's (column 2)");
	assert_int_equal(line, 1);
	/* More columns. */
	assert_int_equal(sp_reader_open_mem(r, S("\na;b;c\n5;6;7\n"),
	    "fourth"), SP_EHEADER);
	assert_string_equal(sp_reader_error(r, &line, NULL, NULL),
	    "columns differ from the first input's (column 3)");
	assert_int_equal(line, 2);
	/* An empty one. */
	assert_int_equal(sp_reader_open_mem(r, S(""), "fifth"), SP_EHEADER);
	/* And a good one after the errors. */
	assert_int_equal(sp_reader_open_mem(r, S("a;b\n7;8"), "sixth"), SP_OK);
	next2(r, 2, "7", "8");
	next_eof(r);
	sp_reader_free(r);
}

static void
test_open_fd(void **state)
{
	char path[] = "/tmp/test_csv.XXXXXX";
	static const char in[] = "a,b\n1,\"x\ny\"\n2,z\n";
	sp_reader *r;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(write(fd, in, sizeof in - 1), (ssize_t)(sizeof in - 1));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	r = sp_reader_new();
	assert_non_null(r);
	assert_int_equal(sp_reader_open_fd(r, fd, "file.csv"), SP_OK);
	assert_string_equal(sp_reader_name(r), "file.csv");
	next2(r, 2, "1", "x\ny");
	next2(r, 4, "2", "z");
	next_eof(r);
	sp_reader_free(r);
	close(fd);

	/* A descriptor that cannot be read. */
	fd = open("/dev/null", O_WRONLY);
	assert_true(fd >= 0);
	r = sp_reader_new();
	assert_non_null(r);
	assert_int_equal(sp_reader_open_fd(r, fd, "w"), SP_EIO);
	assert_string_equal(sp_reader_error(r, NULL, NULL, NULL),
	    strerror(EBADF));
	sp_reader_free(r);
	close(fd);
}

/* ------------------------------------------------------------------ */
/* Reader: encodings                                                   */

static void
test_cp1252_and_latin1(void **state)
{
	static const char in[] = "naam,prijs\n\x93" "caf\xe9\x94,\x80 5\n";
	sp_reader *r;

	(void)state;
	r = open_encoded(S(in), SP_ENC_CP1252);
	next2(r, 2, "\xe2\x80\x9c" "caf\xc3\xa9\xe2\x80\x9d",
	    "\xe2\x82\xac 5");
	next_eof(r);
	sp_reader_free(r);

	r = open_encoded(S(in), SP_ENC_LATIN1);
	next2(r, 2, "\xc2\x93" "caf\xc3\xa9\xc2\x94", "\xc2\x80 5");
	next_eof(r);
	sp_reader_free(r);

	/* A cp1252 header is decoded too. */
	r = open_encoded(S("R\xf4le;\xdf\n1;2\n"), SP_ENC_CP1252);
	header2(r, "R\xc3\xb4le", "\xc3\x9f");
	assert_int_equal(sp_reader_delimiter(r), ';');
	sp_reader_free(r);
}

/* UTF-8 as UTF-16 into out, big-endian or little, with a BOM or not. */
static size_t
utf16_of(const char *utf8, size_t n, int be, int bom, unsigned char *out)
{
	const unsigned char *s = (const unsigned char *)utf8;
	size_t i = 0, k = 0, len;
	uint32_t cp, u[2];
	int j, nu;

	if (bom) {
		out[k++] = be ? 0xfe : 0xff;
		out[k++] = be ? 0xff : 0xfe;
	}
	while (i < n) {
		len = sp_utf8_decode(s + i, n - i, &cp);
		assert_true(len > 0);
		i += len;
		nu = 1;
		u[0] = cp;
		if (cp >= 0x10000) {
			u[0] = 0xd800 + ((cp - 0x10000) >> 10);
			u[1] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
			nu = 2;
		}
		for (j = 0; j < nu; j++) {
			out[k + !be] = (unsigned char)(u[j] >> 8);
			out[k + be] = (unsigned char)(u[j] & 0xff);
			k += 2;
		}
	}
	return k;
}

static const char utf16_csv[] =
    "naam,omschrijving\n"
    "Caf\xc3\xa9,\"Bewoners \xf0\x9f\x98\x80 \"\"tuin\"\"\"\n";

/* Read utf16_csv as UTF-16 (be, bom), the reader set to enc. */
static void
check_utf16(int be, int bom, sp_encoding enc)
{
	unsigned char in[256];
	size_t n = utf16_of(S(utf16_csv), be, bom, in);
	sp_reader *r = open_encoded((const char *)in, n, enc);

	header2(r, "naam", "omschrijving");
	next2(r, 2, "Caf\xc3\xa9", "Bewoners \xf0\x9f\x98\x80 \"tuin\"");
	next_eof(r);
	assert_int_equal(sp_reader_delimiter(r), ',');
	sp_reader_free(r);
}

static void
test_utf16(void **state)
{
	static const char bad[] = "a\n\xff\xfe" "b\x00\x00\xd8" "c\x00"
	    "\x00\xdc\x0a\x00\x00\xd8";
	sp_reader *r;

	(void)state;
	/* By its byte order mark, or as set. */
	check_utf16(0, 1, SP_ENC_UTF8);
	check_utf16(1, 1, SP_ENC_UTF8);
	check_utf16(0, 0, SP_ENC_UTF16LE);
	check_utf16(1, 0, SP_ENC_UTF16BE);
	/* The byte order mark wins over the order set. */
	check_utf16(1, 1, SP_ENC_UTF16LE);
	check_utf16(0, 1, SP_ENC_UTF16BE);

	/*
	 * Without a byte order mark, UTF-16 is not guessed: the NULs are
	 * data, and the header's give the hint that the input is not UTF-8.
	 */
	{
		unsigned char in[256];
		size_t n = utf16_of(S(utf16_csv), 0, 0, in);

		r = open_encoded((const char *)in, n, SP_ENC_UTF8);
		field_is(sp_reader_header(r), 0, "n\0a\0a\0m\0", 8);
		assert_int_equal(sp_reader_not_utf8(r), 1);
		sp_reader_free(r);
	}

	/*
	 * A high surrogate before 'c', a lone low one, and a high one cut
	 * short by the end: each U+FFFD.
	 */
	r = open_encoded(bad + 2, sizeof bad - 3, SP_ENC_UTF8);
	field_str(sp_reader_header(r), 0, "b\xef\xbf\xbd" "c\xef\xbf\xbd");
	field_str(next_ok(r, 2, 1), 0, "\xef\xbf\xbd");
	next_eof(r);
	sp_reader_free(r);
}

/* A surrogate pair, or one unit, cut by the reader's blocks or reads. */
static void
test_utf16_cut(void **state)
{
	/* The reader takes 128 KiB at a time from memory. */
	const size_t block = 128 * 1024, pad = (block - 2 - 10) / 2 - 1;
	char *text = malloc(pad + 32), *want = malloc(pad + 8);
	unsigned char *in = malloc(2 * (pad + 32) + 2);
	const sp_record *rec;
	sp_reader *r;
	size_t n, t = 0;
	int fds[2], status;
	pid_t pid;

	(void)state;
	assert_non_null(text);
	assert_non_null(want);
	assert_non_null(in);
	memcpy(text, "naam\n", 5);
	t = 5;
	memset(text + t, 'a', pad);
	t += pad;
	/* The pair starts 2 bytes before the block ends. */
	memcpy(text + t, "\xf0\x9f\x98\x80\n", 5);
	t += 5;
	n = utf16_of(text, t, 0, 1, in);
	assert_int_equal(2 + 2 * (5 + pad), block - 2);
	r = open_encoded((const char *)in, n, SP_ENC_UTF8);
	assert_int_equal(sp_reader_next(r, &rec), SP_OK);
	memset(want, 'a', pad);
	memcpy(want + pad, "\xf0\x9f\x98\x80", 4);
	field_is(rec, 0, want, pad + 4);
	next_eof(r);
	sp_reader_free(r);

	/* From a pipe written a byte at a time: units cut anywhere. */
	n = utf16_of(S(utf16_csv), 1, 1, in);
	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		const struct timespec pause = { 0, 100000 };
		size_t i;

		close(fds[0]);
		for (i = 0; i < n; i++) {
			if (write(fds[1], in + i, 1) != 1)
				_exit(1);
			nanosleep(&pause, NULL);
		}
		_exit(0);
	}
	close(fds[1]);
	r = sp_reader_new();
	assert_non_null(r);
	assert_int_equal(sp_reader_open_fd(r, fds[0], "pipe"), SP_OK);
	header2(r, "naam", "omschrijving");
	next2(r, 2, "Caf\xc3\xa9", "Bewoners \xf0\x9f\x98\x80 \"tuin\"");
	next_eof(r);
	sp_reader_free(r);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(text);
	free(want);
	free(in);
}

/* ------------------------------------------------------------------ */
/* Reader: large fields                                                */

static void
test_large_field(void **state)
{
	const size_t big = 5u * 1024 * 1024;
	size_t n = 0, i, len;
	/* Two fields of 5 MB, the second with a doubled quote per 1000. */
	char *in = malloc(2 * big + big / 1000 + 64);
	const char *v;
	const sp_record *rec;
	sp_reader *r;

	(void)state;
	assert_non_null(in);
	memcpy(in + n, "a,b\n1,", 6);
	n += 6;
	/* Unquoted: 5 MB of a repeating pattern. */
	for (i = 0; i < big; i++)
		in[n++] = (char)('a' + i % 26);
	memcpy(in + n, "\n2,\"", 4);
	n += 4;
	/* Quoted, with a doubled quote and a newline every 1000 bytes. */
	for (i = 0; i < big; i++) {
		if (i % 1000 == 999) {
			in[n++] = '"';
			in[n++] = '"';
		} else
			in[n++] = i % 1000 == 500 ? '\n' : 'q';
	}
	memcpy(in + n, "\"\n3,end\n", 8);
	n += 8;

	r = open_mem(in, n, 0, SP_OK);
	rec = next_ok(r, 2, 2);
	v = sp_record_field(rec, 1, &len);
	assert_int_equal(len, big);
	for (i = 0; i < big; i++)
		if (v[i] != (char)('a' + i % 26))
			fail_msg("byte %zu differs", i);
	rec = next_ok(r, 3, 2);
	v = sp_record_field(rec, 1, &len);
	assert_int_equal(len, big);
	for (i = 0; i < big; i++) {
		char want = i % 1000 == 999 ? '"' : i % 1000 == 500 ? '\n' :
		    'q';

		if (v[i] != want)
			fail_msg("byte %zu differs", i);
	}
	/* Line 3, 5243 newlines in the quoted field, then one more. */
	next2(r, 4 + (unsigned long)((big + 499) / 1000), "3", "end");
	next_eof(r);
	sp_reader_free(r);
	free(in);
}

/* ------------------------------------------------------------------ */
/* Writer                                                              */

/* A writer on a fresh temporary file. */
static sp_writer *
tmp_writer(int *fd)
{
	char path[] = "/tmp/test_csv.XXXXXX";
	sp_writer *w;

	*fd = mkstemp(path);
	assert_true(*fd >= 0);
	assert_int_equal(unlink(path), 0);
	w = sp_writer_new(*fd);
	assert_non_null(w);
	return w;
}

/* Flush, free, and return what was written (NUL-terminated). */
static char *
tmp_contents(sp_writer *w, int fd, size_t *len)
{
	off_t size;
	char *p;

	assert_int_equal(sp_writer_flush(w), SP_OK);
	assert_int_equal(sp_writer_errno(w), 0);
	sp_writer_free(w);
	size = lseek(fd, 0, SEEK_END);
	assert_true(size >= 0);
	p = malloc((size_t)size + 1);
	assert_non_null(p);
	assert_int_equal(pread(fd, p, (size_t)size, 0), (ssize_t)size);
	p[size] = '\0';
	close(fd);
	*len = (size_t)size;
	return p;
}

static void
output_is(sp_writer *w, int fd, const char *want, size_t wantlen)
{
	size_t len;
	char *got = tmp_contents(w, fd, &len);

	if (len != wantlen || memcmp(got, want, len) != 0)
		fail_msg("wrote \"%s\" (%zu bytes), want \"%s\" (%zu bytes)",
		    got, len, want, wantlen);
	free(got);
}

static void
row(sp_writer *w, ...)
{
	va_list ap;
	const char *s;

	va_start(ap, w);
	while ((s = va_arg(ap, const char *)) != NULL)
		assert_int_equal(sp_writer_cstr(w, s), SP_OK);
	va_end(ap);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
}

static void
test_writer_quoting(void **state)
{
	sp_writer *w;
	int fd;

	(void)state;
	w = tmp_writer(&fd);
	row(w, "plain", "a,b", "say \"hi\"", "cr\rx", "lf\nx", " spaced ",
	    "semi;colon", "tab\there", "\xc3\xa9", (char *)NULL);
	row(w, "\"", "", "x", (char *)NULL);
	assert_int_equal(sp_writer_field(w, "n\0l", 3), SP_OK);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
	output_is(w, fd, S(
	    "plain,\"a,b\",\"say \"\"hi\"\"\",\"cr\rx\",\"lf\nx\", spaced ,"
	    "semi;colon,tab\there,\xc3\xa9\n"
	    "\"\"\"\",,x\n"
	    "n\0l\n"));

	/* Another delimiter: what needs quoting changes with it. */
	w = tmp_writer(&fd);
	sp_writer_set_delimiter(w, ';');
	row(w, "a,b", "a;b", "c", (char *)NULL);
	sp_writer_set_delimiter(w, '\t');
	row(w, "a;b", "a\tb", (char *)NULL);
	output_is(w, fd, S("a,b;\"a;b\";c\n" "a;b\t\"a\tb\"\n"));

	/*
	 * A first field that would read back as a byte order mark or a
	 * spreadsheet's "sep=" line is quoted; the same later is not.
	 */
	w = tmp_writer(&fd);
	row(w, "sep=;", "sep=;", (char *)NULL);
	row(w, "sep=;", "\xef\xbb\xbfx", (char *)NULL);
	output_is(w, fd, S("\"sep=;\",sep=;\nsep=;,\xef\xbb\xbfx\n"));
	w = tmp_writer(&fd);
	row(w, "\xef\xbb\xbfx", (char *)NULL);
	output_is(w, fd, S("\"\xef\xbb\xbfx\"\n"));
	/* Nor as UTF-16 by the bytes of its byte order mark. */
	w = tmp_writer(&fd);
	row(w, "\xff\xfex", "\xfe\xff", (char *)NULL);
	output_is(w, fd, S("\"\xff\xfex\",\xfe\xff\n"));
	w = tmp_writer(&fd);
	row(w, "\xfe\xff", (char *)NULL);
	output_is(w, fd, S("\"\xfe\xff\"\n"));
	/* Nor refused for a workbook or a gzip file by its first bytes. */
	w = tmp_writer(&fd);
	row(w, "PK\003\004x", "\037\213", (char *)NULL);
	output_is(w, fd, S("\"PK\003\004x\",\037\213\n"));
	w = tmp_writer(&fd);
	row(w, "\037\213", (char *)NULL);
	output_is(w, fd, S("\"\037\213\"\n"));
}

static void
test_writer_empty_fields(void **state)
{
	sp_writer *w;
	int fd;

	(void)state;
	w = tmp_writer(&fd);
	row(w, "", (char *)NULL);		/* a lone empty field */
	row(w, "", "", (char *)NULL);
	row(w, "", "x", (char *)NULL);
	row(w, "x", "", (char *)NULL);
	row(w, "y", (char *)NULL);
	output_is(w, fd, S("\"\"\n,\n,x\nx,\ny\n"));
}

static void
test_writer_crlf_bom(void **state)
{
	sp_writer *w;
	int fd;

	(void)state;
	w = tmp_writer(&fd);
	sp_writer_set_crlf(w, 1);
	sp_writer_set_bom(w, 1);
	row(w, "a", "b", (char *)NULL);
	row(w, "1", "x\ny", (char *)NULL);
	row(w, "", (char *)NULL);
	output_is(w, fd, S("\xef\xbb\xbf" "a,b\r\n1,\"x\ny\"\r\n\"\"\r\n"));

	/* Without rows, no BOM: nothing was written. */
	w = tmp_writer(&fd);
	sp_writer_set_bom(w, 1);
	output_is(w, fd, S(""));
}

static void
test_writer_excel_safe(void **state)
{
	sp_writer *w;
	int fd;

	(void)state;
	w = tmp_writer(&fd);
	sp_writer_set_excel_safe(w, 1);
	row(w, "=SUM(A1)", "+31 6", "-1+1", "@x", "\tx", "\rx", "a=b", "",
	    "=a,b", "'q", "-", "-.5", (char *)NULL);
	output_is(w, fd, S("'=SUM(A1),'+31 6,'-1+1,'@x,'\tx,\"'\rx\",a=b,,"
	    "\"'=a,b\",'q,'-,'-.5\n"));
	/* A signed number is a number, not a formula. */
	w = tmp_writer(&fd);
	sp_writer_set_excel_safe(w, 1);
	row(w, "-1", "+2", "-1.5", "-0,25", "-6.", (char *)NULL);
	output_is(w, fd, S("-1,+2,-1.5,\"-0,25\",'-6.\n"));

	/* Off by default. */
	w = tmp_writer(&fd);
	row(w, "=1+1", "-1", (char *)NULL);
	output_is(w, fd, S("=1+1,-1\n"));
}

static void
test_writer_hundredths(void **state)
{
	sp_writer *w;
	int fd;

	(void)state;
	w = tmp_writer(&fd);
	assert_int_equal(sp_writer_decimal(w), '.');
	assert_int_equal(sp_writer_hundredths(w, 85), SP_OK);
	assert_int_equal(sp_writer_hundredths(w, 100), SP_OK);
	assert_int_equal(sp_writer_hundredths(w, 5), SP_OK);
	assert_int_equal(sp_writer_hundredths(w, 0), SP_OK);
	assert_int_equal(sp_writer_hundredths(w, -150), SP_OK);
	assert_int_equal(sp_writer_hundredths(w, -5), SP_OK);
	assert_int_equal(sp_writer_hundredths(w, 123456), SP_OK);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
	output_is(w, fd, S("0.85,1.00,0.05,0.00,-1.50,-0.05,1234.56\n"));

	/* Decimal comma, with ';' and with ',' (then quoted). */
	w = tmp_writer(&fd);
	sp_writer_set_decimal(w, ',');
	assert_int_equal(sp_writer_decimal(w), ',');
	sp_writer_set_delimiter(w, ';');
	assert_int_equal(sp_writer_hundredths(w, 85), SP_OK);
	assert_int_equal(sp_writer_hundredths(w, -7), SP_OK);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
	sp_writer_set_delimiter(w, ',');
	assert_int_equal(sp_writer_hundredths(w, 85), SP_OK);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
	output_is(w, fd, S("0,85;-0,07\n\"0,85\"\n"));
}

static void
test_writer_large_and_pipe(void **state)
{
	sp_writer *w;
	int fd, p[2];
	size_t i, len, total = 0;
	char *got, buf[4096];
	ssize_t n;

	(void)state;
	/* More than the 64 KiB buffer, and one field larger than it. */
	w = tmp_writer(&fd);
	for (i = 0; i < 20000; i++)
		row(w, "abc", "d,e", (char *)NULL);
	{
		char *big = malloc(200000);

		assert_non_null(big);
		memset(big, 'z', 200000);
		assert_int_equal(sp_writer_field(w, big, 200000), SP_OK);
		assert_int_equal(sp_writer_end_row(w), SP_OK);
		free(big);
	}
	got = tmp_contents(w, fd, &len);
	assert_int_equal(len, 20000 * strlen("abc,\"d,e\"\n") + 200001);
	for (i = 0; i < 20000; i++)
		assert_memory_equal(got + i * 10, "abc,\"d,e\"\n", 10);
	assert_int_equal(got[len - 1], '\n');
	assert_int_equal(got[len - 2], 'z');
	free(got);

	/* A pipe. */
	assert_int_equal(pipe(p), 0);
	w = sp_writer_new(p[1]);
	assert_non_null(w);
	row(w, "x", "y z", (char *)NULL);
	assert_int_equal(sp_writer_flush(w), SP_OK);
	sp_writer_free(w);
	close(p[1]);
	while ((n = read(p[0], buf + total, sizeof buf - total)) > 0)
		total += (size_t)n;
	close(p[0]);
	assert_int_equal(total, 6);
	assert_memory_equal(buf, "x,y z\n", 6);
}

static void
test_writer_dev_full(void **state)
{
	sp_writer *w;
	int fd;

	(void)state;
	fd = open("/dev/full", O_WRONLY);
	if (fd < 0)
		skip();
	w = sp_writer_new(fd);
	assert_non_null(w);
	row(w, "a", "b", (char *)NULL);
	assert_int_equal(sp_writer_errno(w), 0);
	assert_int_equal(sp_writer_flush(w), SP_EIO);
	assert_int_equal(sp_writer_errno(w), ENOSPC);
	/* Every later call fails. */
	assert_int_equal(sp_writer_cstr(w, "c"), SP_EIO);
	assert_int_equal(sp_writer_end_row(w), SP_EIO);
	assert_int_equal(sp_writer_flush(w), SP_EIO);
	assert_int_equal(sp_writer_errno(w), ENOSPC);
	sp_writer_free(w);

	/* Filling the buffer fails on the write that drains it. */
	w = sp_writer_new(fd);
	assert_non_null(w);
	{
		char *big = malloc(100000);
		sp_status st = SP_OK;
		int i;

		assert_non_null(big);
		memset(big, 'x', 100000);
		for (i = 0; i < 10 && st == SP_OK; i++)
			st = sp_writer_field(w, big, 100000);
		free(big);
		assert_int_equal(st, SP_EIO);
	}
	assert_int_equal(sp_writer_errno(w), ENOSPC);
	assert_int_equal(sp_writer_flush(w), SP_EIO);
	sp_writer_free(w);
	close(fd);
}

/* ------------------------------------------------------------------ */
/* Round trip                                                          */

static void
test_round_trip(void **state)
{
	static const char nasty[] =
	    "\xef\xbb\xbfid,\"te,xt\",\" spaced \"\r\n"
	    "1,\"a,b\",\"say \"\"hi\"\"\"\r\n"
	    "\r\n"
	    "2,\"multi\nline\r\nfield\",  x  \r\n"
	    "3,5\" pijp,\"\"\r\n"
	    "4,\0nul\0,\xff\xfe\xc3\x28\r\n"
	    ",,\r\n"
	    "6,\"\"\"\",=1+1\r\n"
	    "7,\t,\"\r\"\r\n"
	    "8,\xe2\x80\x9cquoted\xe2\x80\x9d,last";
	const sp_record *rec, *h1, *h2;
	sp_reader *r1, *r2;
	sp_writer *w;
	char *out;
	size_t outlen, i, n = 0, l1, l2;
	const char *v1, *v2;
	int fd;

	(void)state;
	r1 = open_mem(S(nasty), 0, SP_OK);
	w = tmp_writer(&fd);
	h1 = sp_reader_header(r1);
	assert_int_equal(sp_writer_record_fields(w, h1), SP_OK);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
	while (sp_reader_next(r1, &rec) == SP_OK) {
		assert_int_equal(sp_writer_record_fields(w, rec), SP_OK);
		assert_int_equal(sp_writer_end_row(w), SP_OK);
		n++;
	}
	assert_int_equal(n, 8);
	out = tmp_contents(w, fd, &outlen);
	sp_reader_free(r1);

	/* Read both again side by side. */
	r1 = open_mem(S(nasty), 0, SP_OK);
	r2 = open_mem(out, outlen, 0, SP_OK);
	h1 = sp_reader_header(r1);
	h2 = sp_reader_header(r2);
	assert_int_equal(sp_record_count(h2), 3);
	for (i = 0; i < 3; i++) {
		v1 = sp_record_field(h1, i, &l1);
		field_is(h2, i, v1, l1);
	}
	for (n = 0;; n++) {
		const sp_record *a, *b;
		sp_status s1 = sp_reader_next(r1, &a);
		sp_status s2 = sp_reader_next(r2, &b);

		assert_int_equal(s1, s2);
		if (s1 != SP_OK)
			break;
		assert_int_equal(sp_record_count(a), sp_record_count(b));
		for (i = 0; i < sp_record_count(a); i++) {
			v1 = sp_record_field(a, i, &l1);
			v2 = sp_record_field(b, i, &l2);
			assert_int_equal(l1, l2);
			assert_memory_equal(v1, v2, l1);
		}
	}
	assert_int_equal(n, 8);
	sp_reader_free(r1);
	sp_reader_free(r2);
	free(out);

	/* One column with empty values survives too. */
	r1 = open_mem(S("a\n\"\"\nx\n\"\"\n"), ',', SP_OK);
	w = tmp_writer(&fd);
	assert_int_equal(sp_writer_record_fields(w, sp_reader_header(r1)),
	    SP_OK);
	assert_int_equal(sp_writer_end_row(w), SP_OK);
	while (sp_reader_next(r1, &rec) == SP_OK) {
		assert_int_equal(sp_writer_record_fields(w, rec), SP_OK);
		assert_int_equal(sp_writer_end_row(w), SP_OK);
	}
	sp_reader_free(r1);
	out = tmp_contents(w, fd, &outlen);
	assert_int_equal(outlen, strlen("a\n\"\"\nx\n\"\"\n"));
	assert_memory_equal(out, "a\n\"\"\nx\n\"\"\n", outlen);
	r2 = open_mem(out, outlen, ',', SP_OK);
	field_str(next_ok(r2, 2, 1), 0, "");
	field_str(next_ok(r2, 3, 1), 0, "x");
	field_str(next_ok(r2, 4, 1), 0, "");
	next_eof(r2);
	sp_reader_free(r2);
	free(out);
}

/* ------------------------------------------------------------------ */
/* Chunks: whole records taken raw, to be parsed apart                 */

/* Take a chunk and assert its bytes and first line. */
static void
take_is(sp_reader *r, size_t want, const char *bytes, unsigned long line)
{
	const char *data;
	size_t len;
	unsigned long at;

	assert_int_equal(sp_reader_take(r, want, &data, &len, &at), SP_OK);
	/* Nothing taken is a NULL pointer: not for memcmp, even for 0. */
	if (len != strlen(bytes) || (len > 0 && memcmp(data, bytes, len) !=
	    0))
		fail_msg("took \"%.*s\", want \"%s\"", (int)len, data != NULL ?
		    data : "", bytes);
	if (len > 0)
		assert_int_equal(at, line);
}

static void
test_take_cuts_at_row_ends(void **state)
{
	static const char in[] = "a,b\n1,\"x\ny\"\n2,z\r\n3,\"\"\"q\"\"\"\n4,w";
	sp_reader *r;
	const sp_record *rec;

	(void)state;
	/* As much as wanted, up to the last row end: line 2 on. */
	r = open_mem(S(in), ',', SP_OK);
	take_is(r, 14, "1,\"x\ny\"\n2,z\r\n", 2);
	take_is(r, 11, "3,\"\"\"q\"\"\"\n", 5);
	/* At the end of the input, the last line needs no line end. */
	take_is(r, 100, "4,w", 6);
	take_is(r, 100, "", 0);
	assert_int_equal(sp_reader_next(r, &rec), SP_EOF);
	sp_reader_free(r);

	/* A record longer than wanted is left to sp_reader_next. */
	r = open_mem(S(in), ',', SP_OK);
	take_is(r, 6, "", 0);
	rec = next_ok(r, 2, 2);
	field_str(rec, 1, "x\ny");
	/* A row ends at its LF, not at the CR before it. */
	take_is(r, 4, "", 0);
	take_is(r, 5, "2,z\r\n", 4);
	sp_reader_free(r);
}

static void
test_take_stops_at_odd_quotes(void **state)
{
	sp_reader *r;
	const sp_record *rec;

	(void)state;
	/* A quote inside an unquoted field: the records before it only. */
	r = open_mem(S("a,b\n1,x\n2,5\" pipe\n3,y\n"), ',', SP_OK);
	take_is(r, 100, "1,x\n", 2);
	take_is(r, 100, "", 0);
	next2(r, 3, "2", "5\" pipe");
	take_is(r, 100, "3,y\n", 4);
	sp_reader_free(r);

	/* Text after a closing quote, a space before an opening one. */
	r = open_mem(S("a,b\n1,\"x\"y\n2, \"z\"\n3,w\n"), ',', SP_OK);
	take_is(r, 100, "", 0);
	assert_int_equal(sp_reader_next(r, &rec), SP_ERECORD);
	take_is(r, 100, "", 0);
	next2(r, 3, "2", " \"z\"");
	take_is(r, 100, "3,w\n", 4);
	sp_reader_free(r);

	/* A quote that ends what was read may be the first of "". */
	r = open_mem(S("a,b\n1,\"x\"\n2,y\n"), ',', SP_OK);
	take_is(r, 5, "", 0);
	take_is(r, 6, "1,\"x\"\n", 2);
	sp_reader_free(r);

	/* An unterminated quote: the records before it. */
	r = open_mem(S("a,b\n1,x\n2,\"open\n3,y\n"), ',', SP_OK);
	take_is(r, 100, "1,x\n", 2);
	take_is(r, 100, "", 0);
	assert_int_equal(sp_reader_next(r, &rec), SP_ERECORD);
	sp_reader_free(r);
}

static void
test_take_only_raw_input(void **state)
{
	sp_reader *r;

	(void)state;
	/* Decoded input, padded rows, lone-CR lines: read record by record. */
	r = open_encoded(S("a,b\n1,x\n"), SP_ENC_CP1252);
	take_is(r, 100, "", 0);
	sp_reader_free(r);

	r = sp_reader_new();
	assert_non_null(r);
	sp_reader_set_ragged(r, 1);
	assert_int_equal(sp_reader_open_mem(r, S("a,b\n1\n"), "mem"), SP_OK);
	take_is(r, 100, "", 0);
	sp_reader_free(r);

	r = open_mem(S("a,b\r1,x\r2,y\r"), ',', SP_OK);
	take_is(r, 100, "", 0);
	next2(r, 2, "1", "x");
	sp_reader_free(r);

	/* The delimiter in use, sniffed. */
	r = open_mem(S("a;b\n1;\"x;y\"\n"), 0, SP_OK);
	take_is(r, 100, "1;\"x;y\"\n", 2);
	sp_reader_free(r);
}

/*
 * Whatever is taken, a chunk reader reads the same records, on the same
 * lines, as the reader itself: over inputs of every kind of row, with
 * chunk sizes that cut them everywhere.
 */
static void
test_chunks_read_as_the_reader(void **state)
{
	static const char *const rows[] = {
		"1,plain\n", "2,\"quoted, \"\"with\"\" quotes\"\n",
		"3,\"two\nlines\"\n", "4,crlf\r\n", "\n", "5,5\" pipe\n",
		"6,\"x\"y\n", "7,too,wide\n", "8\n", "9,\"\"\n", "10,a\rb\n",
		"11,\"\r\n\"\n", "12, \"sp\"\n", "13,\xff\xfe\n",
		/*
		 * Skipped to its line end, a bad record's quoted field stops
		 * short: its next line opens a field.
		 */
		"14,\"x\"y,\"a\n\"q\n"
	};
	sp_buf in = { 0 };
	unsigned seed = 7;
	int round;

	(void)state;
	for (round = 0; round < 200; round++) {
		sp_reader *whole, *cut, *part;
		const sp_record *a, *b;
		struct sp_chunk_format fmt;
		sp_status sa, sb;
		const char *data;
		size_t len, want, i, n;
		unsigned long line;

		sp_buf_clear(&in);
		assert_int_equal(sp_buf_puts(&in, "n,v\n"), 0);
		n = (size_t)(rand_r(&seed) % 40);
		for (i = 0; i < n; i++)
			assert_int_equal(sp_buf_puts(&in, rows[rand_r(&seed) %
			    (sizeof rows / sizeof rows[0])]), 0);
		if (rand_r(&seed) % 3 == 0)
			assert_int_equal(sp_buf_puts(&in, "15,\"open"), 0);
		want = 1 + (size_t)(rand_r(&seed) % 64);
		whole = open_mem(in.data, in.len, ',', SP_OK);
		cut = open_mem(in.data, in.len, ',', SP_OK);
		part = sp_reader_new();
		assert_non_null(part);
		sp_reader_chunk_format(cut, &fmt);
		/* Read cut by chunks where it can, record by record else. */
		for (;;) {
			assert_int_equal(sp_reader_take(cut, want, &data, &len,
			    &line), SP_OK);
			if (len == 0) {
				sb = sp_reader_next(cut, &b);
				sa = sp_reader_next(whole, &a);
				assert_int_equal(sa, sb);
				if (sa == SP_EOF)
					break;
				if (sa == SP_OK)
					assert_int_equal(a->line, b->line);
				continue;
			}
			assert_int_equal(sp_reader_open_chunk(part, &fmt, data,
			    len, line), SP_OK);
			while ((sb = sp_reader_next(part, &b)) != SP_EOF) {
				unsigned long la, lb;

				sa = sp_reader_next(whole, &a);
				assert_int_equal(sa, sb);
				if (sa != SP_OK) {
					assert_string_equal(sp_reader_error(whole,
					    &la, NULL, NULL), sp_reader_error(part,
					    &lb, NULL, NULL));
					assert_int_equal(la, lb);
					continue;
				}
				assert_int_equal(a->line, b->line);
				assert_int_equal(a->n, b->n);
				for (i = 0; i < a->n; i++) {
					size_t l1, l2;
					const char *f1 = sp_record_field(a, i, &l1);
					const char *f2 = sp_record_field(b, i, &l2);

					assert_int_equal(l1, l2);
					assert_memory_equal(f1, f2, l1);
				}
			}
		}
		sp_reader_free(whole);
		sp_reader_free(cut);
		sp_reader_free(part);
	}
	sp_buf_free(&in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom_stripped),
		cmocka_unit_test(test_sep_line),
		cmocka_unit_test(test_not_utf8),
		cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_crlf_across_read_blocks),
		cmocka_unit_test(test_blank_lines_skipped),
		cmocka_unit_test(test_last_row_without_newline),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_not_csv),
		cmocka_unit_test(test_quoted_fields_and_lines),
		cmocka_unit_test(test_spaces_kept),
		cmocka_unit_test(test_nul_and_invalid_utf8),
		cmocka_unit_test(test_quote_in_unquoted_field),
		cmocka_unit_test(test_text_after_closing_quote),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_ragged_rows),
		cmocka_unit_test(test_delimiter_sniffing),
		cmocka_unit_test(test_delimiter_sniffing_after_blank_lines),
		cmocka_unit_test(test_second_input),
		cmocka_unit_test(test_open_fd),
		cmocka_unit_test(test_cp1252_and_latin1),
		cmocka_unit_test(test_utf16),
		cmocka_unit_test(test_utf16_cut),
		cmocka_unit_test(test_large_field),
		cmocka_unit_test(test_take_cuts_at_row_ends),
		cmocka_unit_test(test_take_stops_at_odd_quotes),
		cmocka_unit_test(test_take_only_raw_input),
		cmocka_unit_test(test_chunks_read_as_the_reader),
		cmocka_unit_test(test_writer_quoting),
		cmocka_unit_test(test_writer_empty_fields),
		cmocka_unit_test(test_writer_crlf_bom),
		cmocka_unit_test(test_writer_excel_safe),
		cmocka_unit_test(test_writer_hundredths),
		cmocka_unit_test(test_writer_large_and_pipe),
		cmocka_unit_test(test_writer_dev_full),
		cmocka_unit_test(test_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
