/*
 * report.h - the state of a report (internal).
 */
#ifndef SP_REPORT_H
#define SP_REPORT_H

#include "internal.h"

struct by {
	char	*name;		/* as given: "eigenaar", "year(datum)" */
	int	 year;		/* year(COLUMN) */
	long	 col;
};

struct counts {			/* per group */
	long	 count[5];
	long	 conf[5];	/* hundredths, summed */
	long	 confn[5];	/* rows with a confidence */
	long	 review[5];	/* rows to review */
};

struct review {			/* a listed row to review; text in rvtext */
	size_t	 id, idn, name, namen, reason, reasonn;
	int	 form;
	int	 conf;		/* hundredths, or -1 */
};

struct sp_report {
	const sp_kb	*kb;
	sp_lang		 lang;
	int		 threshold;	/* review below this confidence */
	size_t		 limit;		/* rows to review listed */
	int		 transitions;
	int		 delim;		/* the input's, for a merged report */
	struct by	*by;
	size_t		 nby;

	const sp_schema	*schema;
	long		 formcol, confcol, idcol, namecol, reasoncol, datecol;

	sp_map		 groups;
	struct counts	*gc;
	size_t		 gcap;
	struct review	*rv;
	size_t		 nrv;
	sp_buf		 rvtext;
	sp_map		 seen;		/* (id, yyyymmdd) */
	unsigned char	*seen_form;
	size_t		 seencap;

	unsigned long	 nrows;
	unsigned long	 badform;
	unsigned long	 empty;		/* rows left out: nothing in them */
	unsigned long	 undated;
	int		 merged;
	int		 have_opts;	/* options taken from a partial */
	sp_buf		 key;
	sp_buf		 err;
	size_t		*packoff;	/* a packed record's offsets */
	size_t		 packcap;
	unsigned char	*packs;		/* per column: PACK_* */
	unsigned char	*derived;	/* per column: written by classify */
	size_t		 ninput;		/* columns not derived */
	size_t		 npacks;
};

long		 sp_date_parse(const char *s, size_t n);
/* A whole number as a CSV field; n empty fields. */
sp_status	 sp_report_put_long(sp_writer *w, long v);
sp_status	 sp_report_put_empty(sp_writer *w, size_t n);
sp_status	 sp_report_write_partial(const sp_report *r, sp_writer *w);

/* What the formats show, computed from the counts when writing. */
struct view {
	long		 count[5], conf[5], confn[5], review[5];
	long		 total, reviews;
	size_t		*order;		/* groups in the order shown */
	long		 trans[5][5];	/* from, to */
	long		 ntrans;
	int		 rank[5];	/* forms by count, most first */
	sp_buf		 sentence;	/* the comparison with Tabel 1 */
};

int		 sp_report_view(const sp_report *r, struct view *v);
void		 sp_report_view_free(struct view *v);
const char	*sp_report_text(const sp_report *r, int id);
/* The i-th value of group g (by the order of r->by). */
const char	*sp_report_group_value(const sp_report *r, size_t g, size_t i,
		    size_t *len);
/* Hundredths of a ratio, rounded half up; -1 when den is 0. */
long		 sp_ratio(long num, long den);
/* A mean of hundredths, rounded half up; -1 when n is 0. */
long		 sp_mean(long sum, long n);

sp_status	 sp_report_write_html(const sp_report *r, const struct view *v,
		    sp_writer *w);

enum {				/* texts of the report, in both languages */
	T_TITLE, T_ROWS, T_FORM, T_LABEL, T_COUNT, T_SHARE, T_MEAN,
	T_REVIEW, T_TOTAL, T_BY, T_TRANSITIONS, T_FROM_TO, T_TO_REVIEW,
	T_REVIEW_NOTE, T_ID, T_NAME, T_CONFIDENCE, T_REASON, T_EMPTY,
	T_NONE, T_NOT_LISTED, T_CHART, T_ROW, T_NTEXTS
};

#endif /* SP_REPORT_H */
