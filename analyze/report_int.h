/* report_int.h: what the pieces of the report (analyze/report*.c) share; private to them. */
#ifndef TV_REPORT_INT_H
#define TV_REPORT_INT_H

#include "analyze/report.h"
#include "core/error.h"
#include "core/strset.h"
#include "core/util.h"

#include <stddef.h>
#include <stdint.h>

struct cJSON;
struct store;

/*
 * The pieces, in the order of the pipeline (analyze/report.h):
 *
 *	report_template.c	the template language: report_template_parse()
 *	report_study.c		what the study has, and every directive checked against it
 *	report.c		the build: its context, report tables, report_build()
 *	report_survey.c		table and chart (through analyze/tables.h)
 *	report_sentence.c	the sentences under survey tables: report_sentence()
 *	report_method.c		response and method
 *	report_themes.c		themes and quotes (through analyze/themes.h)
 *	report_agreement.c	agreement
 *	report_format.c		numbers, Markdown escaping, string lists, check JSON
 *
 * Layering: the report reads the study only through core/store.h and the
 * analysis engines (analyze/tables.h, analyze/themes.h); from code/ it uses
 * the pure agreement statistics of code/agreement.h, no coding-stage state.
 *
 * Names declared here start with rp_ (RP_ for constants) so that they cannot
 * clash with the rest of libtevreden.a. Functions that take a directive
 * report its problems once, at the directive's line and column, and return
 * 0, REPORT_EDATA or REPORT_ESTORE (enum report_err).
 */

#define RP_DASH "\xe2\x80\x93"	/* "–": a value not shown, or a cell not tested */
#define RP_MAX_ERRORS 50	/* template errors reported before stopping */

/* ---- report_format.c ---- */

/* A list of strings that owns them; v is NULL-terminated once one is added. Zero-initialise. */
struct rp_strlist {
	char **v;
	size_t n;
};

/* Append s (the list takes it). */
void rp_strlist_add(struct rp_strlist *l, char *s);
/* Free the strings and the array; l is empty again. */
void rp_strlist_release(struct rp_strlist *l);
int rp_strlist_has(const struct rp_strlist *l, const char *s);
/* Append the non-empty parts of "a,b,,c" (s may be NULL). */
void rp_split_commas(const char *s, struct rp_strlist *out);
/* Append l's strings separated by sep, the last by `last` when not NULL: "a, b en c". */
void rp_join(struct buf *b, const struct rp_strlist *l, const char *sep, const char *last);

/*
 * s (NULL: "") for inline Markdown and table cells: \ | * _ ` < and, when
 * brackets, [ and ] escaped; newlines become spaces. Returns a new string.
 */
char *rp_md_esc(const char *s, int brackets);
/* Upper-case the first letter when it is ASCII (Dutch sentences start with one almost always). */
void rp_ucfirst(char *s);
/*
 * v with dec decimals, rounded half away from zero, with a decimal comma, as
 * analyze/render.c writes numbers ("7,25"); "" when v is not finite. New string.
 */
char *rp_fixed_str(double v, int dec);
/* A share 0..1 as a whole percentage: "74 %". New string. */
char *rp_pct_str(double share);
/* A significance level with a decimal comma ("0,05") written into buf[32]; returns buf. */
const char *rp_alpha_str(double alpha, char *buf);
/* Add l to the JSON object o as an array of strings named key. */
void rp_json_strs(struct cJSON *o, const char *key, const struct rp_strlist *l);
/* o on one line (a new string); o is freed. */
char *rp_json_done(struct cJSON *o);

/* ---- report_template.c ---- */

enum rp_kind { RP_TABLE, RP_CHART, RP_RESPONSE, RP_THEMES, RP_QUOTES, RP_AGREEMENT, RP_METHOD };

/* The enum rp_kind of a directive name, or -1 when there is no such directive. */
int rp_kind_of(const char *name);
/* Option key of d, or NULL when not given. Borrowed from d. */
const struct report_arg *rp_arg(const struct report_directive *d, const char *key);
/* The value of option key of d, or NULL when not given. Borrowed from d. */
const char *rp_opt(const struct report_directive *d, const char *key);
/* The positional argument of d, or NULL; a parsed directive that needs one has one. */
const struct report_arg *rp_target(const struct report_directive *d);
/* A fence line: up to three spaces, then ``` or ~~~ (a directive inside a fence is text). */
int rp_is_fence(const char *s);

/* ---- report_study.c: what the study has ---- */

struct rp_cat_item {
	char *name, *label, *type, *role, *module, *module_title;
	int64_t qid, scale_id;
	int skewed;
};

struct rp_cat_opt {
	int64_t qid, scale_id;
	long code;
	char *label;
	int is_missing, is_top;
};

struct rp_cat_wave {
	char *name, *wording;
	int64_t qid;
	long respondents;
};

struct rp_catalog {
	struct rp_cat_wave *waves;
	size_t nwaves;
	struct rp_cat_item *items;
	size_t nitems;
	struct rp_cat_opt *opts;
	size_t nopts;
	int64_t cur_qid;
};

/*
 * Load the waves, and the items and options of every wave's questionnaire,
 * into c (zero-initialised). Returns 0, or -1 when the store failed (it has
 * reported); call rp_catalog_release either way.
 */
int rp_catalog_load(struct store *st, struct rp_catalog *c);
void rp_catalog_release(struct rp_catalog *c);
/* Lookups; the results are borrowed from c, NULL when there is none. */
const struct rp_cat_wave *rp_cat_wave(const struct rp_catalog *c, const char *name);
/* The item in the latest questionnaire that has it (waves are ordered by name); also for roles, modules. */
const struct rp_cat_item *rp_cat_item(const struct rp_catalog *c, const char *name);
const struct rp_cat_item *rp_cat_role(const struct rp_catalog *c, const char *role);
const struct rp_cat_item *rp_cat_module(const struct rp_catalog *c, const char *module);
const struct rp_cat_opt *rp_cat_option(const struct rp_catalog *c, const struct rp_cat_item *it,
	long code);

/* ---- report.c: the context of one build ---- */

struct rp_codelabel {
	char *name, *label;
};

struct rp_ctx {
	struct store *st;
	const struct report_template *tpl;
	const struct report_opts *o;
	struct rp_catalog cat;
	struct diag dg;
	const char *waves[AN_MAX_WAVES];	/* the report's waves (borrowed from the catalog or o) */
	size_t nwaves;
	struct report *r;
	size_t tcap;
	struct buf md;
	struct strset sheets;
	struct rp_codelabel *labels;
	size_t nlabels;
	int figures;
};

/*
 * Check directive d against the study: unknown items, codes, coders, waves,
 * groups and measures are reported at their line and column. Returns 0,
 * REPORT_EDATA or REPORT_ESTORE. (report_study.c)
 */
int rp_check_directive(struct rp_ctx *c, const struct report_directive *d);

/* Append a line (and a newline) to the report's Markdown. */
void rp_md_line(struct rp_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Make sure what comes next starts a new Markdown block. */
void rp_md_gap(struct rp_ctx *c);
/* The label of a code in the newest codebook that has it, or code itself. Borrowed. */
const char *rp_code_label(const struct rp_ctx *c, const char *code);
/* A wave option's value: "first" and "last" name the report's waves; anything else is itself. */
const char *rp_wave_name(const struct rp_ctx *c, const char *v);
/*
 * Report an error at a directive's argument a: at its value when value is
 * nonzero, else at its key; at the directive itself when a is NULL. Returns
 * REPORT_EDATA.
 */
int rp_at(struct rp_ctx *c, const struct report_directive *d, const struct report_arg *a, int value,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* Fill a cell; it takes text and marks (NULL: ""). */
void rp_cell_set(struct report_cell *cell, char *text, double num, enum report_num kind, int dec,
	long n, char *marks);
/* An empty table of nrows x ncols cells with copies of caption and row_head. */
void rp_table_init(struct report_table *t, const char *caption, const char *row_head, size_t ncols,
	size_t nrows);
/* Append a note (the table takes it). */
void rp_table_note(struct report_table *t, char *note);
void rp_table_release(struct report_table *t);
/*
 * Give t the next number and a sheet named after sheet_hint, write it into
 * the Markdown (bold_last: its last row is a total) and keep it in the report.
 * The report takes t's contents; t is zeroed.
 */
void rp_table_add(struct rp_ctx *c, struct report_table *t, const char *sheet_hint, int bold_last);

/* ---- the directives ---- */

/*
 * Each writes its part of the Markdown (and its tables) into c and returns
 * 0, REPORT_EDATA or REPORT_ESTORE. d has passed rp_check_directive.
 */
int rp_do_table(struct rp_ctx *c, const struct report_directive *d);	/* report_survey.c */
int rp_do_chart(struct rp_ctx *c, const struct report_directive *d);
int rp_do_response(struct rp_ctx *c, const struct report_directive *d);	/* report_method.c */
int rp_do_method(struct rp_ctx *c, const struct report_directive *d);
int rp_do_themes(struct rp_ctx *c, const struct report_directive *d);	/* report_themes.c */
int rp_do_quotes(struct rp_ctx *c, const struct report_directive *d);
int rp_do_agreement(struct rp_ctx *c, const struct report_directive *d);	/* report_agreement.c */

/*
 * For the method section: the mean of Krippendorff's alpha over the codes
 * the named coders used (codes without an alpha left out) into *mean, and
 * the number of codes averaged into *ncodes (0: *mean is NAN). Returns 0 or
 * REPORT_ESTORE. (report_agreement.c)
 */
int rp_agreement_mean(struct rp_ctx *c, const struct rp_strlist *coders, double *mean,
	long *ncodes);

/* ---- report_sentence.c ---- */

/* The value of a cell as a sentence says it: "75 %", "7,2" (means without the median). New string. */
char *rp_say_value(const struct an_result *r, const struct an_table *t, const struct an_cell *c);
/* Whether a cell's value may be shown: it has answers, at least suppress of them. */
int rp_shown(const struct an_cell *c, long suppress);
/*
 * The summary of a module table (rows from first on): the items that changed
 * significantly, the groups that differ, changed wordings. A new string, or
 * NULL when there is nothing to say.
 */
char *rp_module_sentence(const struct an_result *r, size_t first, long suppress);

#endif
