/*
 * match.h - keyword matching (internal).
 */
#ifndef SP_MATCH_H
#define SP_MATCH_H

#include <stddef.h>
#include <stdint.h>

typedef struct sp_matcher sp_matcher;

/* A keyword found: its id, the words it spans, whether it ends in '*'. */
struct sp_match_hit {
	uint32_t	id;
	uint16_t	words;
	uint8_t		open_end;
};

/*
 * Called with the keywords found that end at the same place: end is the
 * offset in the text just past them (past the character that ended the
 * word, for whole words). Calls come in no set order, and an occurrence
 * may be reported more than once.
 */
typedef void (*sp_match_fn)(void *ctx, const struct sp_match_hit *hits,
    size_t n, size_t end);

sp_matcher	*sp_matcher_new(void);
void		 sp_matcher_free(sp_matcher *m);

/*
 * Add a keyword as written in a rule: "samen", "burger*", "*initiatief",
 * "alternatief voor". Returns 0, -1 on ENOMEM, -2 when the keyword holds
 * no letters or digits.
 */
int		 sp_matcher_add(sp_matcher *m, const char *kw, size_t n,
		    uint32_t id);
size_t		 sp_matcher_count(const sp_matcher *m);

/* Build the automaton after the last add. Returns -1 on ENOMEM. */
int		 sp_matcher_build(sp_matcher *m);

/* Report every keyword in text (raw UTF-8, folded on the fly). */
void		 sp_matcher_scan(const sp_matcher *m, const char *text, size_t n,
		    sp_match_fn fn, void *ctx);

/*
 * The words of text that a match reported with (end, words, open_end)
 * covers, as [*start, *stop): for quoting the evidence as it was written,
 * accented letters and HTML entities included.
 */
void		 sp_match_span(const char *text, size_t len, size_t end,
		    unsigned words, int open_end, size_t *start, size_t *stop);

#endif /* SP_MATCH_H */
