/*
 * samenspel.h - the public interface of libsamenspel.
 *
 * libsamenspel reads registers of projects and initiatives (CSV), tells for
 * each row which of the four forms of interplay between government and
 * society of the note "Samenspel van een moderne overheid met de energieke
 * samenleving" (IenM, 2013) it is, and why.
 *
 * Conventions:
 *  - every name starts with sp_ (types, functions) or SP_ (constants);
 *  - types are opaque: create them with *_new or *_load, release them with
 *    *_free (which accepts NULL);
 *  - functions that can fail return an sp_status; a message for the last
 *    failure of an object is available from it (sp_reader_error,
 *    sp_rules_error, ...). The library never prints and never exits;
 *  - the library has no global mutable state: objects may be used from
 *    several threads as long as one object is used by one thread at a time.
 *    An sp_rules object is immutable once loaded and may be shared.
 *  - all text is UTF-8; lengths are in bytes; field values may contain NUL.
 */
#ifndef SAMENSPEL_H
#define SAMENSPEL_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && defined(SP_BUILDING_LIBRARY)
#define SP_API __attribute__((visibility("default")))
#else
#define SP_API
#endif

#define SAMENSPEL_VERSION       "0.1.0"
#define SAMENSPEL_VERSION_MAJOR 0
#define SAMENSPEL_VERSION_MINOR 1
#define SAMENSPEL_VERSION_PATCH 0

/* The version of the library that is linked, e.g. "0.1.0". */
SP_API const char *sp_version(void);

/* ------------------------------------------------------------------ */
/* Status codes                                                        */

typedef enum sp_status {
	SP_OK = 0,	/* success */
	SP_EOF,		/* no more records in this input */
	SP_ERECORD,	/* a bad record; reading may go on with the next */
	SP_EHEADER,	/* empty input, unknown columns, columns that differ */
	SP_EIO,		/* a read or write failed; errno tells why */
	SP_ENOMEM,	/* out of memory */
	SP_EINVAL	/* an invalid argument or a malformed table */
} sp_status;

/* A short English description of a status code. */
SP_API const char *sp_strerror(sp_status status);

/* ------------------------------------------------------------------ */
/* Languages and encodings                                             */

typedef enum sp_lang {
	SP_LANG_EN = 0,
	SP_LANG_NL = 1
} sp_lang;

/*
 * Parse a language name: "nl", "en", or a locale such as "nl_NL.UTF-8".
 * Names starting with "nl" give SP_LANG_NL, "en" and "C"/"POSIX" give
 * SP_LANG_EN. Returns SP_EINVAL for anything else.
 */
SP_API sp_status sp_lang_parse(const char *name, sp_lang *lang);

/*
 * The default language from the environment: SAMENSPEL_LANG, then the
 * first non-empty of LC_ALL, LC_MESSAGES, LANG; a value starting with "nl"
 * gives SP_LANG_NL, anything else SP_LANG_EN.
 */
SP_API sp_lang sp_lang_default(void);

typedef enum sp_encoding {
	SP_ENC_UTF8 = 0,
	SP_ENC_CP1252,
	SP_ENC_LATIN1,
	SP_ENC_UTF16LE,
	SP_ENC_UTF16BE
} sp_encoding;

/*
 * Parse "utf-8"/"utf8", "cp1252"/"windows-1252", "latin1"/"iso-8859-1",
 * "utf-16le"/"utf-16" and "utf-16be". A reader set to UTF-8 or UTF-16
 * follows the byte order mark an input starts with.
 */
SP_API sp_status sp_encoding_parse(const char *name, sp_encoding *enc);

/*
 * Parse a delimiter option: one of , ; | or a tab, or the word "tab";
 * "auto" gives 0 (sniff from the header line). Returns SP_EINVAL otherwise.
 */
SP_API sp_status sp_delimiter_parse(const char *name, int *delim);

/* ------------------------------------------------------------------ */
/* Records                                                             */

typedef struct sp_record sp_record;

/* The number of fields of a record. */
SP_API size_t sp_record_count(const sp_record *rec);

/*
 * Field i (0-based) of a record; *len (if not NULL) receives its length.
 * The value is NUL-terminated but may hold NUL bytes itself. Returns ""
 * for an index past the end.
 */
SP_API const char *sp_record_field(const sp_record *rec, size_t i, size_t *len);

/* The physical line (1-based) on which the record starts in its input. */
SP_API unsigned long sp_record_line(const sp_record *rec);

/* ------------------------------------------------------------------ */
/* Reading CSV                                                         */

/*
 * A streaming CSV reader over one or more inputs that share their columns.
 * It strips a UTF-8 byte order mark, accepts CRLF, LF and CR line ends,
 * skips blank lines, keeps leading and trailing spaces, passes NUL bytes
 * and invalid UTF-8 through, converts cp1252 and latin1 to UTF-8, and
 * counts physical lines (newlines inside quoted fields count).
 */
typedef struct sp_reader sp_reader;

/* A new reader; NULL when out of memory. Delimiter auto, UTF-8. */
SP_API sp_reader *sp_reader_new(void);
SP_API void sp_reader_free(sp_reader *r);

/* The delimiter: a byte, or 0 to sniff it from the first header line. */
SP_API void sp_reader_set_delimiter(sp_reader *r, int delim);
SP_API void sp_reader_set_encoding(sp_reader *r, sp_encoding enc);

/*
 * Pad short rows with empty fields instead of rejecting them. Rows longer
 * than the header are still rejected, unless a width is set.
 */
SP_API void sp_reader_set_ragged(sp_reader *r, int ragged);
/*
 * With ragged rows: give every record `width` fields. When the header is
 * narrower, it is widened with columns named by their position ("8",
 * "9"), so that fields past the header are kept. Set before the first
 * input is opened; sp_reader_max_fields tells the width to use.
 */
SP_API void sp_reader_set_width(sp_reader *r, size_t width);
/*
 * With ragged rows: the number of fields the last record had when it was
 * padded or was wider than the header, or 0.
 */
SP_API size_t sp_reader_padded(const sp_reader *r);
/* The fields of the header as the input has it, before widening. */
SP_API size_t sp_reader_header_width(const sp_reader *r);
/*
 * Read the rest of the current input only to count: the most fields of
 * its header and records (records that do not parse are skipped).
 */
SP_API sp_status sp_reader_max_fields(sp_reader *r, size_t *max);

/* The delimiter in use (after sniffing); 0 before the first header. */
SP_API int sp_reader_delimiter(const sp_reader *r);
/*
 * Read as UTF-8, the line of the first byte that is not UTF-8 in the
 * current input's header or in the block read with it (about 64 KB), or
 * 0: a hint that the input is in another encoding, such as cp1252 from a
 * spreadsheet. The bytes are read as they are all the same.
 */
SP_API unsigned long sp_reader_not_utf8(const sp_reader *r);

/*
 * Start reading an input: a file descriptor the reader reads until end of
 * file (it does not close it), named `name` in messages. Reads the header.
 * Returns SP_EHEADER for an empty input, or for an input whose columns
 * differ from those of the first input; SP_EIO when reading fails. After
 * an error the reader may be opened on the next input.
 */
SP_API sp_status sp_reader_open_fd(sp_reader *r, int fd, const char *name);

/* The same for an input held in memory (not copied; keep it alive). */
SP_API sp_status sp_reader_open_mem(sp_reader *r, const void *data,
    size_t len, const char *name);

/* The header of the first input, or NULL before one was read. */
SP_API const sp_record *sp_reader_header(const sp_reader *r);

/*
 * The next record of the current input. On SP_OK *rec points to it until
 * the next call. SP_EOF at the end of the input. SP_ERECORD for a bad
 * record (ragged, unterminated quote, text after a closing quote): the
 * reader has skipped it and the next call goes on after it. SP_EIO and
 * SP_ENOMEM end the input.
 */
SP_API sp_status sp_reader_next(sp_reader *r, const sp_record **rec);

/*
 * The last error: its message (English, no file name or line), the
 * physical line it refers to, and the raw text of the bad record (for
 * SP_ERECORD; empty otherwise). Any pointer may be NULL.
 */
SP_API const char *sp_reader_error(const sp_reader *r, unsigned long *line,
    const char **raw, size_t *rawlen);

/* The bytes read so far from all inputs (for progress reports). */
SP_API unsigned long long sp_reader_bytes(const sp_reader *r);

/* The name of the current input, as given to sp_reader_open_*. */
SP_API const char *sp_reader_name(const sp_reader *r);

/*
 * Take the raw bytes of the next whole records, about want bytes, to be
 * parsed in another thread (sp_pool_add_chunk) instead of by
 * sp_reader_next; *line is the physical line they start on. *len is 0
 * when no records can be taken so: the next record is longer than want,
 * holds a quote that does not start or end a field, or the input is not
 * read as its own bytes (cp1252, latin1, ragged rows, lines ending in a
 * lone CR). Read it with sp_reader_next, then take again. The bytes are
 * valid until the next call on r.
 */
SP_API sp_status sp_reader_take(sp_reader *r, size_t want, const char **data,
    size_t *len, unsigned long *line);

/* ------------------------------------------------------------------ */
/* Writing CSV                                                         */

/*
 * A buffered CSV writer that quotes a field only when it holds the
 * delimiter, a double quote, CR or LF (and a lone empty field, so that the
 * row is not read back as a blank line).
 */
typedef struct sp_writer sp_writer;

/* A writer on a file descriptor (not closed by the writer). */
SP_API sp_writer *sp_writer_new(int fd);
/* Frees without flushing; call sp_writer_flush first. */
SP_API void sp_writer_free(sp_writer *w);

SP_API void sp_writer_set_delimiter(sp_writer *w, int delim);
/* End rows with CRLF instead of LF. */
SP_API void sp_writer_set_crlf(sp_writer *w, int on);
/* Start the output with a UTF-8 byte order mark. */
SP_API void sp_writer_set_bom(sp_writer *w, int on);
/*
 * Prefix ' to cells starting with = + - @, a tab or CR, so that a
 * spreadsheet does not run them as formulas.
 */
SP_API void sp_writer_set_excel_safe(sp_writer *w, int on);
/* The decimal separator for numbers written by the library ('.' or ','). */
SP_API void sp_writer_set_decimal(sp_writer *w, int c);
SP_API int sp_writer_decimal(const sp_writer *w);

/* Append a field to the current row. */
SP_API sp_status sp_writer_field(sp_writer *w, const char *s, size_t len);
/* Write bytes as they are, outside any CSV row (HTML, JSON, text). */
SP_API sp_status sp_writer_write(sp_writer *w, const void *p, size_t len);
SP_API sp_status sp_writer_puts(sp_writer *w, const char *s);
/* Append a NUL-terminated field. */
SP_API sp_status sp_writer_cstr(sp_writer *w, const char *s);
/* Append a number given in hundredths, e.g. 85 as "0.85". */
SP_API sp_status sp_writer_hundredths(sp_writer *w, long value);
/* Append every field of a record. */
SP_API sp_status sp_writer_record_fields(sp_writer *w, const sp_record *rec);
/* End the current row. */
SP_API sp_status sp_writer_end_row(sp_writer *w);
/* Write out what is buffered. */
SP_API sp_status sp_writer_flush(sp_writer *w);
/*
 * Write rows as an aligned text table instead of CSV, for a terminal: the
 * rows are kept until sp_writer_end lays them out (long cells wrapped).
 */
SP_API void sp_writer_set_table(sp_writer *w, int on);
/* Finish the output: lay out a table, then flush. */
SP_API sp_status sp_writer_end(sp_writer *w);
/*
 * The errno of the first failed write, or 0. Once a write failed every
 * later call returns SP_EIO.
 */
SP_API int sp_writer_errno(const sp_writer *w);

/* ------------------------------------------------------------------ */
/* Worker threads                                                      */

/*
 * A pool of worker threads that turns records into output rows, written
 * to out in the order the records were added. The caller gives one state
 * per worker (a classifier bound to the input's schema, say); fn is
 * called in a worker's thread with that worker's state, a record, and a
 * writer with out's settings to write the record's rows to. A state is
 * the pool's from sp_pool_new until sp_pool_drain returns. Only the
 * caller's thread writes to out, inside sp_pool_add and sp_pool_drain; the
 * caller must not write to out itself in between, or its bytes would come
 * before rows of records added earlier.
 */
typedef struct sp_pool sp_pool;
typedef sp_status (*sp_pool_fn)(void *state, const sp_record *rec,
    sp_writer *w);

/* A pool of nworkers threads (1-1024); NULL when out of memory or threads. */
SP_API sp_pool *sp_pool_new(sp_writer *out, sp_pool_fn fn,
    void *const *states, int nworkers);
/*
 * Add a record (it is copied) and write out the rows that are done. Returns
 * the first failure of a write to out (SP_EIO) or of fn; once one failed,
 * every call returns it.
 */
SP_API sp_status sp_pool_add(sp_pool *p, const sp_record *rec);
/*
 * Add a chunk taken from like with sp_reader_take (its bytes are copied):
 * a worker parses its records, with like's delimiter and field count,
 * and calls fn for each. tag is passed on to the bad-record function.
 */
SP_API sp_status sp_pool_add_chunk(sp_pool *p, const sp_reader *like,
    const char *data, size_t len, unsigned long line, void *tag);
/*
 * What to do with a bad record in a chunk: fn is called in the caller's
 * thread, in input order, once the rows before the record are written,
 * with the chunk's tag and what sp_reader_error would tell. It returns
 * SP_OK to go on, or a failure that stops the pool as a failure of the
 * pool's fn would. Without one, a bad record stops the pool with
 * SP_ERECORD.
 */
typedef sp_status (*sp_pool_bad_fn)(void *ctx, void *tag, unsigned long line,
    const char *msg, const char *raw, size_t rawlen);
SP_API void sp_pool_set_bad(sp_pool *p, sp_pool_bad_fn fn, void *ctx);
/*
 * Hand what the workers wrote to fn instead of writing it to out: in the
 * caller's thread, in input order, in pieces that end where a record's
 * rows end. fn's failure stops the pool as a failed write would.
 */
typedef sp_status (*sp_pool_sink_fn)(void *ctx, const void *bytes,
    size_t len);
SP_API void sp_pool_set_sink(sp_pool *p, sp_pool_sink_fn fn, void *ctx);
/*
 * From within fn: a note on the record whose rows fn is writing to w,
 * with a code of the caller's choosing. It is told in the caller's
 * thread, in input order, once the rows before it are written, to the
 * function set with sp_pool_set_note (without one it is dropped), which
 * returns SP_OK to go on or a failure that stops the pool. SP_EINVAL when
 * w is not a pool's, SP_ENOMEM.
 */
typedef sp_status (*sp_pool_note_fn)(void *ctx, unsigned long line,
    int code);
SP_API void sp_pool_set_note(sp_pool *p, sp_pool_note_fn fn, void *ctx);
SP_API sp_status sp_pool_note(sp_writer *w, unsigned long line, int code);
/* Wait for every record added and write its rows out. */
SP_API sp_status sp_pool_drain(sp_pool *p);
/* Stop the workers; rows not drained are dropped. */
SP_API void sp_pool_free(sp_pool *p);
/* The processors online, 1 to 64: a default for nworkers. */
SP_API int sp_pool_cpus(void);

/* ------------------------------------------------------------------ */
/* Output files                                                        */

/*
 * An output file written atomically: the data goes to a temporary file in
 * the same directory, renamed over `path` by sp_output_commit. Without
 * commit (sp_output_abort, or a crash) `path` is left as it was.
 */
typedef struct sp_output sp_output;

SP_API sp_status sp_output_open(const char *path, sp_output **out);
SP_API int sp_output_fd(const sp_output *out);
/*
 * The temporary file's name, or NULL when path is written directly: for
 * a signal handler to remove (unlink is async-signal-safe).
 */
SP_API const char *sp_output_temp(const sp_output *out);
/* fsync, close and rename; frees out. */
SP_API sp_status sp_output_commit(sp_output *out);
/* Close and remove the temporary file; frees out. NULL is fine. */
SP_API void sp_output_abort(sp_output *out);

/* ------------------------------------------------------------------ */
/* Fields: the columns samenspel understands                           */

typedef enum sp_field {
	SP_FIELD_ID = 0,
	SP_FIELD_NAME,
	SP_FIELD_INITIATOR,
	SP_FIELD_OWNER,
	SP_FIELD_GOVERNMENT_ROLE,
	SP_FIELD_REACTION_TO,
	SP_FIELD_DESCRIPTION,
	SP_FIELD_STEP,
	SP_FIELD_TRACK,
	SP_FIELD_FORM,
	SP_FIELD_MANUAL_FORM,
	SP_FIELD_DATE,
	SP_FIELD_PUBLIC_SPECTRUM,	/* Participedia, IAP2 level */
	SP_FIELD_APPROACHES,		/* Participedia approaches_1..n */
	SP_FIELD_ORGANIZER_TYPES,	/* Participedia organizer_types_1..n */
	SP_FIELD_TYPE,			/* Decidim type/title/<locale> */
	SP_FIELD_FORM_LABEL,		/* written by samenspel-classify */
	SP_FIELD_CONFIDENCE,
	SP_FIELD_REASON,
	SP_FIELD_SCORES,
	SP_FIELD_TEXT,			/* rules only: name and description */
	SP_FIELD_COUNT
} sp_field;

/* The canonical (English) name of a field, e.g. "government_role". */
SP_API const char *sp_field_name(sp_field f);

/*
 * The field a field name (sp_field_name), column name or alias stands
 * for, compared without regard to case, accents, spaces, '_' and '-', with
 * a trailing locale ("/nl") or number ("_1") dropped: "Rol overheid",
 * "title/nl" and "approaches_2" are recognised. Returns -1 when the name
 * is not known. (A header binds columns by their aliases only: a column
 * named "type" is not taken for the Decidim type.)
 */
SP_API int sp_field_lookup(const char *name, size_t len);

/*
 * The known names of the fields in `mask` (bit 1<<field), each with its
 * aliases, e.g. "name (naam, titel, title)", separated by ", ", written to
 * buf (NUL-terminated, truncated to size). Returns the length needed.
 */
SP_API size_t sp_field_describe(unsigned long mask, char *buf, size_t size);

/*
 * A header bound to fields. Every column whose name is known is bound to
 * its field; a field may be bound to several columns (name in title/nl
 * and title/en, say); for single-valued fields (id, date, step, ...) the
 * first column counts.
 */
typedef struct sp_schema sp_schema;

SP_API sp_schema *sp_schema_new(const sp_record *header);
SP_API void sp_schema_free(sp_schema *s);

/*
 * Bind field `field` (a name or alias) to the column named `column` only,
 * as with -m FIELD=COLUMN. The column is found by exact name, then by the
 * same loose comparison as sp_field_lookup. SP_EINVAL for an unknown
 * field, SP_EHEADER when no column has that name.
 */
SP_API sp_status sp_schema_map(sp_schema *s, const char *field,
    const char *column);

/* The header the schema was made from: a copy, kept as long as s. */
SP_API const sp_record *sp_schema_header(const sp_schema *s);

/* The columns bound to a field: their count, and the indexes in *cols. */
SP_API size_t sp_schema_columns(const sp_schema *s, sp_field f,
    const size_t **cols);

/* The first column bound to a field, or -1. */
SP_API long sp_schema_column(const sp_schema *s, sp_field f);

/* The value of a field in a record (first bound column); "" if unbound. */
SP_API const char *sp_schema_value(const sp_schema *s, const sp_record *rec,
    sp_field f, size_t *len);

/* ------------------------------------------------------------------ */
/* Forms                                                               */

/* The short label of a form (0-4) in a language; 0 is "undetermined". */
SP_API const char *sp_form_label(int form, sp_lang lang);

/* ------------------------------------------------------------------ */
/* Knowledge base: the note's practical content as tables             */

/*
 * The tables, each with its columns as the commands print them:
 *
 *   plans         form, track, step, title, description, products, source
 *                 (step "*" is a note the note attaches to a plan)
 *   perspectives  form, nr, themes, text, source
 *   services      form, nr, sub, text, source
 *   added_value   form, nr, text, source
 *   forms         form, name, owner, roles, experience_rank, experience,
 *                 examples, source
 *   crosswalk     framework, level, form, note, source
 *
 * Built in, every text exists in Dutch and English; a table read with
 * sp_kb_replace has one text per cell, used in both languages.
 */
typedef enum sp_table {
	SP_TABLE_PLANS = 0,
	SP_TABLE_PERSPECTIVES,
	SP_TABLE_SERVICES,
	SP_TABLE_ADDED_VALUE,
	SP_TABLE_FORMS,
	SP_TABLE_CROSSWALK,
	SP_TABLE_COUNT
} sp_table;

typedef struct sp_kb sp_kb;

/* The built-in knowledge base. */
SP_API sp_status sp_kb_builtin(sp_kb **kb);
SP_API void sp_kb_free(sp_kb *kb);

/*
 * Replace a table with the one a reader is opened on (its columns as
 * above, in any order; others are ignored). On failure the table is kept
 * and *line (0 for a fault of the whole table) and msg say why.
 */
SP_API sp_status sp_kb_replace(sp_kb *kb, sp_table t, sp_reader *r,
    unsigned long *line, char *msg, size_t msgsize);

/* The number of rows of a table. */
SP_API size_t sp_kb_rows(const sp_kb *kb, sp_table t);

/* A cell by row and column name; NULL for an unknown column or row. */
SP_API const char *sp_kb_cell(const sp_kb *kb, sp_table t, size_t row,
    const char *column, sp_lang lang);

/* The two tracks of form 2's step plans. */
typedef enum sp_track {
	SP_TRACK_NONE = 0,
	SP_TRACK_GOVERNMENT,	/* government looks for initiatives */
	SP_TRACK_SOCIETY	/* society asks government to cooperate */
} sp_track;

/* "government"/"overheid" or "society"/"samenleving", any case. */
SP_API sp_status sp_track_parse(const char *s, size_t len, sp_track *track);
/* "government", "society", or "" for SP_TRACK_NONE. */
SP_API const char *sp_track_name(sp_track track);

/*
 * The themes of the action perspectives: knowledge, network, money,
 * rules, communication, attitude, process, monitoring, openness.
 */
SP_API size_t sp_theme_count(void);
SP_API const char *sp_theme_name(size_t i);
/* Parse theme names separated by sep or spaces into a bit mask. */
SP_API sp_status sp_themes_parse(const char *s, size_t len, int sep,
    unsigned *mask);

/* ------------------------------------------------------------------ */
/* Work lists: the rows of a table for each classified record          */

/*
 * A list writes, for each record of a classified register, the rows of a
 * table for the record's form: its step plan (SP_TABLE_PLANS), action
 * perspectives, services or added value, each row starting with the
 * record's id. Or, without input, the rows of one form or all.
 */
typedef struct sp_list sp_list;

/* What sp_list_write_record did with a record. */
typedef enum sp_outcome {
	SP_LISTED = 0,		/* rows written */
	SP_UNCLASSIFIED,	/* form 0 or empty: nothing to list */
	SP_BAD_FORM,		/* form not 0-4 */
	SP_NO_ROWS,		/* the table has nothing for this form */
	SP_BAD_STEP,		/* next step: the step value is not in the plan */
	SP_BAD_TRACK		/* the track value is not a track; default used */
} sp_outcome;

SP_API sp_list *sp_list_new(const sp_kb *kb, sp_table t);
/*
 * A list with l's settings and binding, for another thread (a list is
 * used by one thread at a time). Its count of records starts again: where
 * a register has no id column, a record's id is its number, and only one
 * list can number a register's records. NULL when out of memory.
 */
SP_API sp_list *sp_list_dup(const sp_list *l);
SP_API void sp_list_free(sp_list *l);
SP_API void sp_list_set_lang(sp_list *l, sp_lang lang);
/* Form 2's track where a record has none (default: government). */
SP_API void sp_list_set_track(sp_list *l, sp_track track);
/* Only perspectives with one of these themes (0: all). */
SP_API void sp_list_set_themes(sp_list *l, unsigned mask);
/*
 * Plans: one row per record, the step after the record's step value,
 * with a status column: next, done, unclassified, bad-step, no-plan.
 */
SP_API void sp_list_set_next(sp_list *l, int on);

/*
 * Bind to a register's header. keep is a comma-separated list of input
 * columns to add to every row (NULL for none). SP_EHEADER when the header
 * has no form column or lacks a kept column; sp_list_error says which.
 */
SP_API sp_status sp_list_bind(sp_list *l, const sp_schema *schema,
    const char *keep);
SP_API sp_status sp_list_write_header(sp_list *l, sp_writer *w);
/* Write the rows for one record; *outcome says what happened. */
SP_API sp_status sp_list_write_record(sp_list *l, const sp_record *rec,
    sp_writer *w, sp_outcome *outcome);
/*
 * The same as an sp_pool_fn, the state a list (one for each thread, from
 * sp_list_dup): an outcome other than SP_LISTED becomes a note
 * (sp_pool_note) with the outcome as its code.
 */
SP_API sp_status sp_list_pool_row(void *list, const sp_record *rec,
    sp_writer *w);
/*
 * Without input: the table's rows for a form (1-4, or 0 for all), in the
 * shape sp_kb_replace reads, header included. For plans of form 2 only
 * the list's track unless form is 0.
 */
SP_API sp_status sp_list_write_form(sp_list *l, int form, sp_writer *w);
SP_API const char *sp_list_error(const sp_list *l);

/*
 * The forms table: form, name, owner, roles, experience_rank, experience,
 * examples, crosswalk (the levels of each framework of the crosswalk that
 * lead to the form), source; with crosswalk set, the crosswalk table
 * itself (framework, level, form, note, source).
 */
SP_API sp_status sp_forms_write(const sp_kb *kb, sp_lang lang,
    int crosswalk, sp_writer *w);

/* ------------------------------------------------------------------ */
/* Reports                                                             */

typedef enum sp_report_format {
	SP_REPORT_CSV = 0,	/* one table: section, groups, counts, ... */
	SP_REPORT_TABLE,	/* text for a terminal */
	SP_REPORT_MARKDOWN,
	SP_REPORT_JSON,
	SP_REPORT_HTML,		/* one self-contained page */
	SP_REPORT_PARTIAL	/* mergeable counts, see sp_report_merge */
} sp_report_format;

/* "csv", "table", "markdown", "json" or "html". */
SP_API sp_status sp_report_format_parse(const char *name,
    sp_report_format *format);

/*
 * A report counts classified records: per form the rows, their share,
 * their mean confidence and the rows to review (form 0, or a confidence
 * below a threshold), per group of one or more columns, and transitions
 * of form per id over date. Memory grows with the groups and the (id,
 * date) pairs, not with the rows. Counts are exact integers, so reports
 * of the parts of a register written with SP_REPORT_PARTIAL and merged
 * give the same bytes as one report of the whole.
 */
typedef struct sp_report sp_report;

/* kb (may be NULL) gives the note's experience order of the forms. */
SP_API sp_report *sp_report_new(const sp_kb *kb);
SP_API void sp_report_free(sp_report *r);
SP_API void sp_report_set_lang(sp_report *r, sp_lang lang);
/* Review rows of form 0 or below threshold (hundredths); list limit. */
SP_API void sp_report_set_review(sp_report *r, int threshold, size_t limit);
/*
 * Group by columns: a comma-separated list of column names (or field
 * names such as date), each optionally as year(COLUMN): the year of a
 * date (2024-03-01, 01-03-2024, 1-3-2024). May be called more than once.
 */
SP_API sp_status sp_report_group_by(sp_report *r, const char *spec);
SP_API void sp_report_set_transitions(sp_report *r, int on);
/*
 * The delimiter of the register being counted: kept in a partial report,
 * so that the report merged from partials can write CSV as a whole run
 * does. sp_report_delimiter gives it back (0 when not known).
 */
SP_API void sp_report_set_delimiter(sp_report *r, int delim);
SP_API int sp_report_delimiter(const sp_report *r);
/*
 * Bind to a classified register's header: its form column, and
 * confidence, id, name, reason and date where present. SP_EHEADER when
 * there is no form column, no column to group by, or no id and date for
 * transitions; sp_report_error says which.
 */
SP_API sp_status sp_report_bind(sp_report *r, const sp_schema *schema);
/* Count one record. */
SP_API sp_status sp_report_add(sp_report *r, const sp_record *rec);
/*
 * For counting in order what was parsed in other threads: sp_report_pack
 * writes to w the fields of rec that sp_report_add reads (it only reads r,
 * so threads may share it); sp_report_add_packed counts the records of
 * such bytes as sp_report_add would have. SP_EINVAL for bytes that are
 * not whole packed records.
 */
SP_API sp_status sp_report_pack(const sp_report *r, const sp_record *rec,
    sp_writer *w);
SP_API sp_status sp_report_add_packed(sp_report *r, const void *bytes,
    size_t len);
/*
 * Add the counts of a partial report (a reader opened on it). The first
 * one sets the grouping, threshold, limit and transitions; others must
 * agree (SP_EINVAL otherwise).
 */
SP_API sp_status sp_report_merge(sp_report *r, sp_reader *partial);
SP_API sp_status sp_report_write(const sp_report *r, sp_report_format format,
    sp_writer *w);
SP_API const char *sp_report_error(const sp_report *r);
/* Rows counted; rows whose form was not 0-4 (counted as 0); rows left out
 * of the transitions for want of an id or a date; empty rows left out
 * (every column blank but classify's, which say form 0). */
SP_API unsigned long sp_report_rows(const sp_report *r);
SP_API unsigned long sp_report_bad_forms(const sp_report *r);
SP_API unsigned long sp_report_undated(const sp_report *r);
SP_API unsigned long sp_report_empty(const sp_report *r);

/* ------------------------------------------------------------------ */
/* Rules                                                               */

/*
 * A classification rule table: rows of (field, match, value, form,
 * weight, reason_nl, reason_en). Immutable once loaded.
 *
 *   field   a field name (sp_field_name) or "text" (name and description)
 *   match   "word": value is keywords separated by '|', found as whole
 *           words (a phrase of several words is found as such); a '*' at
 *           the end of a keyword also finds longer words (burger* finds
 *           burgerinitiatief), at its start words that end in it.
 *           "all": groups of such keywords separated by '&'; fires when
 *           every group is found.
 *           "nonempty": the field holds a value (not blank, "-", "n.v.t.",
 *           "nee", "geen", "none", "n/a", ...).
 *   form    0-4; 0 marks evidence that points to no form (noted in the
 *           reason only)
 *   weight  a decimal number with at most two decimals; may be negative
 */
typedef struct sp_rules sp_rules;

/* The built-in rules. */
SP_API sp_status sp_rules_builtin(sp_rules **rules);

/*
 * Load rules from a reader opened on a rules file (header
 * field,match,value,form,weight,reason_nl,reason_en). On SP_EINVAL or
 * SP_ERECORD, *rules is NULL and sp_reader_error-like details are in
 * *line and the message buffer (may be NULL).
 */
SP_API sp_status sp_rules_load(sp_reader *r, sp_rules **rules,
    unsigned long *line, char *msg, size_t msgsize);

SP_API void sp_rules_free(sp_rules *rules);

/* The number of rules. */
SP_API size_t sp_rules_count(const sp_rules *rules);

/* Write the rules as CSV in the shape sp_rules_load reads. */
SP_API sp_status sp_rules_write(const sp_rules *rules, sp_writer *w);

/* ------------------------------------------------------------------ */
/* Classification                                                      */

/*
 * A classifier applies rules to records of one header. It keeps the
 * result of the last record it classified; use one per thread.
 *
 * Scores: each rule counts once per record: its weight goes to its form.
 * With S1 the highest score and S2 the second, the record gets form 0
 * when S1 < 1.00 (too little evidence) or S1 == S2 (a tie: no guess);
 * otherwise the form of S1 with confidence
 *
 *     confidence = (2*S1 - S2) / (2*(S1 + 2))
 *
 * rounded to hundredths: high when the evidence is strong (S1 large) and
 * one-sided (S2 small). A valid manual_form (1-4) wins with confidence
 * 1.00.
 */
typedef struct sp_classifier sp_classifier;

/* A classifier for `rules` (which must outlive it); NULL on ENOMEM. */
SP_API sp_classifier *sp_classifier_new(const sp_rules *rules);
/*
 * A classifier for another thread: it shares c's compiled rules, which
 * are only read, and starts with c's language and scores setting; its
 * binding and results are its own. c must outlive it; bind it before use.
 */
SP_API sp_classifier *sp_classifier_dup(const sp_classifier *c);
SP_API void sp_classifier_free(sp_classifier *c);

SP_API void sp_classifier_set_lang(sp_classifier *c, sp_lang lang);
/* Add a "scores" column to the output. */
SP_API void sp_classifier_set_scores(sp_classifier *c, int on);

/*
 * Bind the classifier to a header (and its -m mappings, through schema,
 * which must outlive the classifier's use). Returns SP_EHEADER when no
 * column the classifier reads is present; sp_classifier_error then says
 * which names are known.
 */
SP_API sp_status sp_classifier_bind(sp_classifier *c, const sp_schema *schema);

/* Classify one record of the bound header. */
SP_API sp_status sp_classify(sp_classifier *c, const sp_record *rec);

/* The result of the last sp_classify. */
SP_API int sp_classifier_form(const sp_classifier *c);
/* Confidence in hundredths, 0-100. */
SP_API int sp_classifier_confidence(const sp_classifier *c);
/* The reason, in the classifier's language. */
SP_API const char *sp_classifier_reason(const sp_classifier *c);
/* The score of a form (1-4) in hundredths. */
SP_API long sp_classifier_score(const sp_classifier *c, int form);

/*
 * Output: the header is every input column, then form, form_label,
 * confidence, reason (and scores); where those columns are already there
 * (a classified file run again) they are replaced in place.
 */
SP_API sp_status sp_classifier_write_header(const sp_classifier *c,
    sp_writer *w);
/* Write the last classified record with its result. */
SP_API sp_status sp_classifier_write_row(const sp_classifier *c,
    const sp_record *rec, sp_writer *w);

/* The message of the last error of the classifier. */
SP_API const char *sp_classifier_error(const sp_classifier *c);

#ifdef __cplusplus
}
#endif

#endif /* SAMENSPEL_H */
