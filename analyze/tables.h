/* tables.h: the analysis engine of `tevreden analyze`: cells per item, measure, wave and group, tests, marks and warnings (prefix an_). */
#ifndef TV_TABLES_H
#define TV_TABLES_H

#include "analyze/stats.h"

#include <stddef.h>

struct store;

/*
 * What docs/analyze.md describes, as data. an_run() reads a study once and
 * returns a struct an_result: tables (one per item and measure), each with
 * cells (rows = groups, then the total; columns = waves) and the comparisons
 * behind the marks. The result owns all its memory and does not refer to the
 * store, so renderers (analyze/render.h) and reports can use it after the
 * study is closed.
 */

#define AN_MAX_WAVES 2
#define AN_MAX_GROUPS 26	/* letters a..z */

/* Return values of an_run besides 0. The problem has been reported (tv_error). */
enum an_err {
	AN_EDATA = -1,		/* the request does not fit the study: exit 1 (= tv_error's -1) */
	AN_ESTORE = -2,		/* the store failed (or a test got impossible input): exit 3 */
};

enum an_letters {
	AN_LETTERS_DEFAULT,	/* reference for one wave, none for two */
	AN_LETTERS_NONE,
	AN_LETTERS_REFERENCE,
	AN_LETTERS_PAIRWISE,
};

enum an_year_mark { AN_YEAR_LETTERS, AN_YEAR_STAR };
enum an_lang { AN_LANG_NL, AN_LANG_EN };

enum an_adjust_choice {
	AN_ADJUST_DEFAULT = -1,	/* none, but Bonferroni with pairwise letters */
};

struct an_settings {
	double alpha;			/* significant when (adjusted) p < alpha; 0.05 */
	int one_sided;			/* in the direction of the observed difference */
	enum an_letters letters;
	int adjust;			/* enum stats_adjust, or AN_ADJUST_DEFAULT */
	enum an_year_mark year_mark;
	long min_base;			/* 30 */
	int pooled;			/* Student's t instead of Welch */
	double fisher_below;		/* Fisher when an expected count is below this; 5 */
	int distribution;		/* option tables for single items with top options too */
	enum an_lang lang;		/* labels "totaal"/"gemiddelde" and warnings */
};

/* A request. Every string and array is borrowed for the duration of an_run. */
struct an_request {
	const char *waves[AN_MAX_WAVES];	/* nwaves 0: the last two waves with respondents */
	size_t nwaves;
	const char *by;				/* NULL: the item with role segment; "none": total only */
	const char *const *items;		/* NULL: every non-open item of the modules */
	size_t nitems;
	const char *const *exclude;		/* groups left out of the total, by label or code */
	size_t nexclude;
	struct an_settings set;
};

/* Fill rq with the defaults of docs/analyze.md. */
void an_request_init(struct an_request *rq);

enum an_measure { AN_TOP, AN_OPTION, AN_MEAN };

enum an_test { AN_TEST_Z, AN_TEST_FISHER, AN_TEST_WELCH, AN_TEST_POOLED_T, AN_TEST_MANN_WHITNEY };

enum an_reason {
	AN_TESTABLE = 0,
	AN_UNTESTABLE_BASE,		/* n < min_base (means: also n < 2) */
	AN_UNTESTABLE_EXTREME,		/* proportion 0 or 1 */
	AN_UNTESTABLE_NO_VARIANCE,	/* mean of values that are all equal */
};

enum an_kind { AN_CMP_WAVES, AN_CMP_GROUPS };

struct an_group {
	long code;
	char *label;
};

/* One cell: a group (or the total) in one wave. Doubles that do not apply are NAN. */
struct an_cell {
	long n;			/* base: valid answers (means: valid values) */
	long missing;		/* missing codes plus "asked, no answer" */
	long not_asked;		/* respondents of the row without an answer row (routing) */
	long x;			/* proportions: the count; means: -1 */
	double value;		/* x / n, or the mean; NAN when n = 0 */
	double share;		/* multiple choice: x / all choices in the cell */
	double sd, ci_low, ci_high;	/* means: sd (n - 1), 95 % t interval */
	double median, q1, q3;	/* skewed numbers: R's quantile type 7 */
	enum an_reason reason;
	char year_mark;		/* '\0', 'a', 'b' or '*' */
	char letters[AN_MAX_GROUPS];	/* group letters shown in the cell, sorted; "" when none */
};

/* One test. Rows index an_result groups, row ngroups is the total. */
struct an_comparison {
	enum an_kind kind;
	size_t row_a, wave_a, row_b, wave_b;
	enum an_test test;
	double statistic;	/* z, t or W; NAN for Fisher */
	double df;		/* t-tests; else NAN */
	double p, p_adjusted;
	int significant;	/* p_adjusted < alpha */
	int a_larger;		/* a has the larger value (Mann–Whitney: mean rank) */
};

struct an_table {
	char *item;		/* item id */
	char *item_label;	/* item label, or NULL */
	char *type;		/* single, multiple, number, mark */
	enum an_measure measure;
	long option;		/* the code for AN_OPTION */
	char *label;		/* "% ja", "% vaak/altijd", "% school/SMW", "gemiddelde" */
	char *unit;		/* number items, or NULL */
	int skewed;		/* number item reported with median, tested with Mann–Whitney */
	char *text[AN_MAX_WAVES];	/* the wording per wave, or NULL */
	int wording_differs;
	char *missing_labels;	/* "'weet niet', 'wil niet zeggen'" or NULL: for the legend */
	int total_comparable;	/* the totals of the two waves hold the same groups */
	char **warnings;
	size_t nwarnings;
	struct an_cell *cells;	/* nrows * nwaves: cells[row * nwaves + wave] */
	struct an_comparison *cmp;
	size_t ncmp;
	size_t nfisher;		/* comparisons that used Fisher's test */
};

struct an_result {
	struct an_settings set;	/* as used: letters and adjust resolved */
	size_t nwaves;
	char *waves[AN_MAX_WAVES];
	long respondents[AN_MAX_WAVES];
	long ungrouped[AN_MAX_WAVES];	/* without a valid answer to the by variable */
	char *by;			/* item name, or NULL for --by none */
	char *by_label;			/* its label, or NULL */
	struct an_group *groups;
	size_t ngroups;
	char *total_label;		/* "totaal", "totaal excl. JB/JR" */
	char **excludes;		/* labels of groups left out of the total */
	size_t nexcludes;
	size_t nrows;			/* ngroups + 1 */
	struct an_table *tables;
	size_t ntables;
};

/*
 * Compute every table of rq on study st: one pass over the answers of each
 * wave. Call stats_init() first. On success *out is a new result the caller
 * frees with an_result_free(). Returns 0, AN_EDATA or AN_ESTORE (reported).
 */
int an_run(struct store *st, const struct an_request *rq, struct an_result **out);

/* Free a result and everything in it (NULL-safe). */
void an_result_free(struct an_result *r);

/*
 * The groups of rq's by variable (rq->by NULL: the item with role segment)
 * in the order of an_run()'s rows, without reading any answers: the
 * substantive codes of the by variable's scale in the latest selected wave,
 * then codes only the earlier wave knows. Unlike an_run() it also lists groups
 * without respondents. Only rq->waves, rq->nwaves and rq->by are used. A study
 * without respondents (when rq names no waves) and rq->by "none" give no
 * groups. On success *out is a new array of *n groups the caller frees with
 * an_groups_free() (NULL when *n is 0). Returns 0, AN_EDATA or AN_ESTORE
 * (reported), with *n = 0 on failure.
 */
int an_groups(struct store *st, const struct an_request *rq, struct an_group **out, size_t *n);
/* Free what an_groups() returned (NULL-safe). */
void an_groups_free(struct an_group *g, size_t n);

/* Label of row `row`: a group label or the total's label (borrowed). */
const char *an_row_label(const struct an_result *r, size_t row);

/* The cell of a table (borrowed). */
const struct an_cell *an_cell_at(const struct an_result *r, const struct an_table *t, size_t row,
	size_t wave);

/* JSON names: "z", "fisher", "welch", "pooled_t", "mann_whitney". */
const char *an_test_name(enum an_test t);
/* "base", "extreme", "no_variance", or NULL for AN_TESTABLE. */
const char *an_reason_name(enum an_reason r);
/* "none", "reference", "pairwise"; "none", "bonferroni", "holm"; "letters", "star". */
const char *an_letters_name(enum an_letters l);
const char *an_adjust_name(int adjust);
const char *an_year_mark_name(enum an_year_mark m);
/* "top", "option:CODE" or "mean" into buf (at least 32 bytes); returns buf. */
char *an_measure_name(const struct an_table *t, char *buf);

#endif
