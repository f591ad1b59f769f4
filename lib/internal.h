/*
 * internal.h - what the parts of libsamenspel share and do not export.
 */
#ifndef SP_INTERNAL_H
#define SP_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "samenspel.h"

/* A growable byte buffer, always NUL-terminated once anything was added. */
typedef struct sp_buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
} sp_buf;

int	 sp_buf_reserve(sp_buf *b, size_t extra);

/* Inline: reasons and keys are built from many short pieces. */
static inline int
sp_buf_append(sp_buf *b, const void *p, size_t n)
{
	if (n >= b->cap - b->len && sp_buf_reserve(b, n) == -1)
		return -1;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int	 sp_buf_puts(sp_buf *b, const char *s);
int	 sp_buf_putc(sp_buf *b, int c);
int	 sp_buf_printf(sp_buf *b, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	 sp_buf_clear(sp_buf *b);
void	 sp_buf_free(sp_buf *b);
/* The contents as a C string ("" when empty). */
const char *sp_buf_str(const sp_buf *b);

/* A record: fields stored back to back, each NUL-terminated. */
struct sp_record {
	const char	*data;
	const size_t	*off;	/* n + 1 offsets; field i is [off[i], off[i+1]-1) */
	size_t		 n;
	unsigned long	 line;
};

/*
 * csv_reader.c: copy rec into data and a new *off (the old one freed),
 * and make *copy a record of them. Returns 0, or -1 on ENOMEM.
 */
int	 sp_record_copy(const sp_record *rec, sp_buf *data, size_t **off,
	    sp_record *copy);

/*
 * csv_reader.c: what a reader in another thread needs to read the
 * records of a chunk taken with sp_reader_take as its reader would.
 */
struct sp_chunk_format {
	int	 delim;
	size_t	 expect;	/* fields per record */
	size_t	 header_n0;
};

void	 sp_reader_chunk_format(const sp_reader *r, struct sp_chunk_format *f);
/*
 * Read the records of a chunk: data[0..len), whose first line is line.
 * The bytes are borrowed, not copied: keep them while r reads them.
 */
sp_status sp_reader_open_chunk(sp_reader *r, const struct sp_chunk_format *f,
	    const void *data, size_t len, unsigned long line);

/* text.c */

/*
 * Fold a column name to its comparison key: lower case, accents removed,
 * only a-z, 0-9 and '/' kept; a trailing locale segment ("/nl", "/pt-BR")
 * and a trailing "_N" number dropped. Returns 0 or -1 on ENOMEM.
 */
int	 sp_fold_key(const char *s, size_t n, sp_buf *out);

/*
 * Fold one code point for matching: writes the ASCII letters it stands for
 * (é -> e, ß -> ss, ĳ -> ij), a single ' ' for a separator, nothing for a
 * combining accent, or the UTF-8 bytes of letters it does not know.
 * Returns the number of bytes written.
 */
size_t	 sp_fold_codepoint(uint32_t cp, unsigned char out[4]);

/*
 * Decode one UTF-8 sequence at s (n > 0 bytes available). Returns its
 * length and the code point in *cp, or 0 for an invalid sequence.
 */
size_t	 sp_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Encode a code point as UTF-8; returns the length (1-4). */
size_t	 sp_utf8_encode(uint32_t cp, unsigned char out[4]);

/* The Unicode code point of a cp1252 byte (undefined ones map to C1). */
uint32_t sp_cp1252_codepoint(unsigned char c);

/*
 * Would an input that starts with s be read otherwise than as a field: a
 * byte order mark (UTF-8 or UTF-16), a workbook's or gzip's first bytes?
 */
int	 sp_input_start_special(const char *s, size_t n);

/* s[0..*n) without the spaces and tabs around it; *n is its length. */
const char *sp_trim(const char *s, size_t *n);

/* Is a value blank: only spaces, or a placeholder such as "-" or "n.v.t.". */
int	 sp_is_blank_value(const char *s, size_t n);

/* Copy at most max bytes of s to b, cut at a UTF-8 boundary, "..." if cut. */
int	 sp_buf_append_excerpt(sp_buf *b, const char *s, size_t n, size_t max);

/* hash.c: a map from byte strings to 0, 1, 2, ... in order of adding. */
typedef struct sp_map {
	size_t	*slot;		/* open addressing: index or -1 */
	size_t	 cap;
	size_t	*koff;
	size_t	*klen;
	size_t	 n;
	sp_buf	 keys;
} sp_map;

/* The index of key; with add, a new one when absent. -1 absent, -2 ENOMEM. */
long	 sp_map_find(sp_map *m, const char *key, size_t len, int add);
const char *sp_map_key(const sp_map *m, size_t i, size_t *len);
void	 sp_map_free(sp_map *m);

/* csv_writer.c: a writer whose output stays in memory (pool.c). */

/* With like's settings, as though like's output had begun. */
sp_writer *sp_writer_mem_like(const sp_writer *like);
const void *sp_writer_mem(const sp_writer *w, size_t *len);
/* Empty it, notes too; a buffer grown past keep bytes shrinks back. */
void	 sp_writer_mem_clear(sp_writer *w, size_t keep);
/*
 * A note at the end of a memory writer's output so far: the caller's
 * (sp_pool_note), or a bad record of a chunk, code its index (pool.c).
 * Both kinds in one list keep their order as they were met.
 */
struct sp_writer_note {
	size_t		 at;
	unsigned long	 line;
	int		 code;
	int		 bad;
};
sp_status sp_writer_mem_note(sp_writer *w, unsigned long line, int code,
	    int bad);
const struct sp_writer_note *sp_writer_mem_notes(const sp_writer *w,
	    size_t *n);

/*
 * Text written again and again (list.c: the rows of a table) is quoted
 * once, by a memory writer like w, and then copied in: nfields fields as
 * that writer wrote them, without a row's end. sp_writer_quoting is the
 * same number for writers that quote alike, and -1 where fields cannot
 * be copied in quoted (table mode; before the first field).
 */
sp_status sp_writer_encoded(sp_writer *w, const void *p, size_t len,
	    size_t nfields, int first_empty);
long	 sp_writer_quoting(const sp_writer *w);

/* pipe.c: a larger buffer for a pipe, where the system allows it. */
void	 sp_pipe_widen(int fd);

/* text_table.c */

/* The width of UTF-8 text on a terminal, in columns. */
size_t	 sp_display_width(const char *s, size_t n);

/*
 * Render rows as an aligned text table, the first row as its header.
 * Cell k is data[cell[k] .. cell[k+1]); row r holds cells rowstart[r] ..
 * rowstart[r+1]-1. Returns 0 or -1 on ENOMEM.
 */
int	 sp_render_table(sp_buf *out, const char *data, const size_t *cell,
	    const size_t *rowstart, size_t nrows);

/* forms.c */

/*
 * The form in a classified record's form cell, spaces and tabs around it
 * ignored: 0 for an empty cell or "0", 1-4, or -1 for anything else.
 */
int	 sp_form_value(const char *s, size_t n);

/* fields.c */
extern const unsigned long sp_field_single_mask;

/* The first column whose name folds to the same key as name, or -1. */
long	 sp_header_find(const sp_record *h, const char *name);

#endif /* SP_INTERNAL_H */
