/*
 * rules.h - the rule table as the classifier sees it (internal).
 */
#ifndef SP_RULES_H
#define SP_RULES_H

#include "internal.h"

enum sp_match_kind {
	SP_MATCH_WORD,
	SP_MATCH_ALL,
	SP_MATCH_NONEMPTY
};

#define SP_MAX_GROUPS	8

struct sp_rule {
	int		 field;		/* sp_field */
	int		 match;		/* sp_match_kind */
	char		*value;
	int		 form;		/* 0-4 */
	long		 weight;	/* hundredths */
	char		*reason[2];	/* indexed by sp_lang */
	size_t		 reason_len[2];	/* their strlen */
	int		 ngroups;	/* for SP_MATCH_ALL; 1 otherwise */
};

struct sp_rules {
	struct sp_rule	*v;
	size_t		 n;
	size_t		 cap;
};

/* The rules' data files, compiled in (data_*.c, generated). */
extern const unsigned char sp_data_rules[];
extern const size_t sp_data_rules_len;

#endif /* SP_RULES_H */
