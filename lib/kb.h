/*
 * kb.h - the tables of the knowledge base (internal).
 */
#ifndef SP_KB_H
#define SP_KB_H

#include "internal.h"

struct kb_col {
	const char	*name;
	int		 bilingual;	/* name_nl and name_en when built in */
	const char	*(*check)(const char *v, size_t n);
};

struct kb_spec {
	const char		*name;
	const struct kb_col	*cols;
	size_t			 ncols;
	const unsigned char	*data;	/* the built-in CSV */
	const size_t		*len;
};

/* Cell (row, col) in language l is text.data + off[(row*ncols+col)*2+l]. */
struct kb_table {
	const struct kb_spec	*spec;
	size_t			 nrows;
	size_t			 cap;
	size_t			*off;
	size_t			*len;
	sp_buf			 text;
};

struct sp_kb {
	struct kb_table		 table[SP_TABLE_COUNT];
};

const struct kb_spec *sp_kb_spec(sp_table t);
const char	*sp_kb_table_cell(const struct kb_table *t, size_t row,
		    size_t col, sp_lang lang, size_t *len);

#endif /* SP_KB_H */
