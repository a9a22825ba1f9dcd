/* themes.h: what the coded material says: units per group that mention a theme, and verbatim quotes (prefix th_). */
#ifndef TV_THEMES_H
#define TV_THEMES_H

#include <stddef.h>
#include <stdint.h>

struct store;

/*
 * Used by `tevreden code themes`, `code quotes` (analyze/cmd_themes.c) and the
 * report (analyze/report.c); docs/coding.md describes the rules. Everything
 * here reads the study through core/store.h and owns its results: nothing
 * refers to the store after the call.
 */

#define TH_MAX_GROUPS 26	/* letters a..z */

/* Return values besides 0; the problem has been reported (tv_error). */
enum th_err {
	TH_EDATA = -1,		/* the material does not fit (more than TH_MAX_GROUPS groups): exit 1 */
	TH_ESTORE = -2,		/* the store failed: exit 3 */
};

/* Which segments, grouped how, counted in which units. Strings are borrowed. */
struct th_filter {
	const char *by;		/* "group" (target group / survey segment), "wave" or "method" */
	const char *unit;	/* "speakers", "documents", "respondents" or "segments" */
	const char *only_group;	/* NULL: every group */
	const char *only_wave;	/* NULL: every wave */
};

/* A coded segment (transcript sentence or open answer) with what reports show of it. */
struct th_segment {
	int64_t id;
	char *unit;		/* unit key: "d12", "s34/R1", "r56", "g78" */
	char *group;		/* the value of filter.by */
	char *text;		/* pseudonymised, as stored */
	char *document, *wave, *grp, *method, *role, *speaker;	/* "" when unknown */
};

/* Segments sorted by id. */
struct th_material {
	struct th_segment *segs;
	size_t nsegs, cap;
};

/*
 * Load the segments to code that pass filter f into m (zeroed by the
 * caller). Returns 0 or TH_ESTORE (reported). Release m with
 * th_material_release() in both cases.
 */
int th_material_load(struct store *st, const struct th_filter *f, struct th_material *m);
void th_material_release(struct th_material *m);
/* The segment with this id, or NULL (borrowed from m). */
const struct th_segment *th_material_find(const struct th_material *m, int64_t id);

/* One code in one group. */
struct th_cell {
	long x;			/* units mentioning the code */
	long positive, negative;	/* units with a + / - mention */
	double value;		/* x / base; NAN when the base is 0 */
	char letters[TH_MAX_GROUPS + 1];	/* groups this one is significantly above */
};

struct th_row {
	char *code;
	struct th_cell cells[TH_MAX_GROUPS];
};

/* The theme table: groups in order of first appearance, codes sorted by name. */
struct th_result {
	char *group[TH_MAX_GROUPS];
	long base[TH_MAX_GROUPS];	/* units of the group with coded material */
	size_t ngroups;
	struct th_row *rows;
	size_t nrows;
	long ncodings;			/* codings by the coder on the material (0: nothing to show) */
};

/*
 * Count, per code and group of m, the units with a coding by `coder`; test
 * the groups pairwise (pooled z, Fisher's exact test when an expected count
 * is below 5, two-sided, Bonferroni over the tested pairs; groups with fewer
 * than min_base units are not tested) at level alpha. Call stats_init()
 * first. out is filled (the caller releases it with th_result_release, also
 * after an error). Returns 0, TH_EDATA or TH_ESTORE (reported).
 */
int th_themes(struct store *st, const struct th_material *m, const char *coder, double min_base,
	double alpha, struct th_result *out);
void th_result_release(struct th_result *r);

/* Which quotes: strings borrowed. */
struct th_quote_opts {
	const char *coder;	/* whose codings ("auto") */
	const char *code;
	char polarity;		/* '+', '-', '~' or 0 for any */
	long min_len, max_len;	/* in code points */
	long limit;
	/* Optional extra test: a quote is used only when keep returns nonzero. */
	int (*keep)(void *ctx, const struct th_segment *s);
	void *keep_ctx;
};

/*
 * Up to o->limit quotes of m coded with o->code, taken in turn from
 * different documents (each pass over the codings takes the next quote
 * unless it comes from the document of the previous one). *out is a new
 * array of *n pointers borrowed from m; the caller frees the array.
 * Returns 0 or TH_ESTORE (reported).
 */
int th_quotes(struct store *st, const struct th_material *m, const struct th_quote_opts *o,
	const struct th_segment ***out, size_t *n);

#endif
