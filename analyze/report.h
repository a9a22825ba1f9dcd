/* report.h: reports from Markdown templates: directives, live tables, charts, quotes, generated sentences and the method section (prefix report_). */
#ifndef TV_REPORT_H
#define TV_REPORT_H

#include "analyze/tables.h"

#include <stddef.h>
#include <stdio.h>

struct store;

/*
 * docs/report-templates.md describes the template language. The pipeline:
 *
 *	report_template_parse()	the template's text into Markdown lines and
 *				directives; syntax errors name line and column
 *	report_build()		checks every directive against the study (unknown
 *				items, codes, waves, options: errors with line and
 *				column), then computes every table through an_run()
 *				(analyze/tables.h) and the theme, quote, response and
 *				agreement code, and assembles a struct report
 *
 * A struct report holds the whole report as Markdown (for .md, and for .html
 * through analyze/mdhtml.h) and every table as data (for .xlsx through
 * analyze/xlsx.h). It owns its memory and does not refer to the store.
 */

/* ---- the template ---- */

struct report_arg {
	char *key;		/* NULL for the positional argument (the target) */
	char *value;
	long line, col;		/* where the argument starts (col in code points, 1-based) */
	long vcol;		/* where its value starts */
};

struct report_directive {
	char *name;		/* table, chart, response, themes, quotes, agreement, method */
	long line, col;
	struct report_arg *args;
	size_t nargs;
};

struct report_block {
	int is_directive;
	char *text;		/* a Markdown line without its newline (is_directive 0) */
	long line;
	struct report_directive d;
};

struct report_template {
	char *path;
	struct report_block *blocks;
	size_t nblocks;
	size_t ndirectives;
};

/*
 * Parse a template (len bytes of UTF-8 text). Every syntax error is reported
 * as "PATH:LINE:COL: message" to errs (stderr when NULL); at most 50. On
 * success *out is a new template (free with report_template_free). Returns 0,
 * or -1 when there were errors (then *out is NULL).
 */
int report_template_parse(const char *path, const char *text, size_t len, FILE *errs,
	struct report_template **out);
void report_template_free(struct report_template *t);

/* ---- the assembled report ---- */

/* How a number is meant in a workbook. */
enum report_num {
	REPORT_NUM_NONE,	/* no number: text only */
	REPORT_NUM_PERCENT,	/* a share 0..1, shown as a percentage */
	REPORT_NUM_DECIMAL,	/* a mean or coefficient, shown with `decimals` decimals */
	REPORT_NUM_COUNT,	/* a whole number */
};

struct report_cell {
	char *text;		/* as the Markdown shows the value: "74 %", "7,3", "–" or "" */
	double num;		/* the value; NAN when none or suppressed */
	enum report_num kind;
	int decimals;
	long n;			/* the base, or -1 when the cell has none */
	char *marks;		/* "(b) [c]", "*", "–" (untestable) or "" */
	int suppressed;		/* base below the suppression threshold: value not shown */
};

/* A column: one wave (or group x wave) of an analysis table, or one figure of another table. */
struct report_col {
	char *head;
	int has_n;		/* the cells carry a base: Markdown shows "n=…", Excel a column */
	int has_marks;		/* the cells carry marks: Excel gives them a column */
	int n_in_head;		/* the base is in the head (one per column): Markdown does not repeat it */
};

struct report_table {
	int number;		/* Tabel N */
	char *caption;		/* without "Tabel N. " */
	char *sheet;		/* Excel sheet name: unique, at most 31 characters */
	char *row_head;		/* head of the label column */
	size_t ncols, nrows;
	struct report_col *cols;
	char **row_labels;	/* nrows */
	struct report_cell *cells;	/* nrows * ncols, row-major */
	char **notes;		/* legend and footnotes, plain text */
	size_t nnotes;
	char *summary;		/* the generated sentences, or NULL */
	char *check;		/* JSON saying how to recompute the table with other commands
				   (tests/report/check-numbers), or NULL; an HTML comment in Markdown */
};

struct report {
	char *title;		/* text of the first level-1 heading, or "Rapport" */
	char *markdown;
	struct report_table *tables;
	size_t ntables;
	size_t ncharts, nquotes;
};

struct report_opts {
	const char *waves[AN_MAX_WAVES];	/* default waves of the tables; nwaves 0: as analyze */
	size_t nwaves;
	long suppress;		/* cells with a base below this show "–"; 10 */
	double alpha;		/* 0.05 */
	long min_base;		/* smallest base tested; 30 */
	int html;		/* Markdown meant for HTML: notes and charts as raw HTML */
	FILE *errs;		/* where template errors go (stderr when NULL) */
};

void report_opts_init(struct report_opts *o);

/* Return values of report_build besides 0 (the problem has been reported). */
enum report_err {
	REPORT_EDATA = -1,	/* the template does not fit the study: exit 1 */
	REPORT_ESTORE = -2,	/* the store failed: exit 3 */
};

/*
 * Check template t against study st and assemble the report. Call
 * stats_init() first. On success *out is a new report (free with
 * report_free). Returns 0, REPORT_EDATA or REPORT_ESTORE.
 */
int report_build(struct store *st, const struct report_template *t, const struct report_opts *o,
	struct report **out);
void report_free(struct report *r);

/* ---- pieces with their own tests ---- */

/*
 * The Dutch summary of table t of r (an_run with the same settings): the
 * later wave's total (or the only wave's), its comparison with the earlier
 * wave, the groups that differ significantly, and warnings (wording changed,
 * totals of different groups). `say` is the opening clause with "{value}"
 * where the number goes ("{value} is tevreden over de jeugdhulp"); NULL: a
 * clause from the item's label. Cells with a base below `suppress` are not
 * mentioned by their value. Only what the tests say: "significant hoger/
 * lager" for significant comparisons, "niet significant verschillend"
 * otherwise. Returns a new string.
 */
char *report_sentence(const struct an_result *r, const struct an_table *t, const char *say,
	long suppress);

/*
 * Whether a quote may identify someone despite pseudonymisation: it holds a
 * placeholder ("[naam-2]", "[telefoon]", "[postcode]", …) with, within four
 * words, a capitalised word that does not start a sentence or a word with a
 * digit ("[naam-2] van basisschool De Regenboog"). mode 'k' (keep): never;
 * 'd' (drop): any placeholder at all; 'a' (adjacent): as described.
 */
int report_quote_identifying(const char *text, char mode);

/* Markdown with the characters that have a meaning in inline Markdown and in table cells escaped (new string). */
char *report_md_escape(const char *s);

#endif
