/* render.h: analysis results (analyze/tables.h) as report text, CSV, Markdown or JSON (prefix render_). */
#ifndef TV_RENDER_H
#define TV_RENDER_H

#include "analyze/tables.h"
#include "core/table.h"

#include <cjson/cJSON.h>
#include <stdio.h>

/*
 * Write every table of r to out in format f (docs/analyze.md, "Output"):
 * text and md with the legend in r->set.lang, csv one line per cell, json as
 * docs/analyze-json.md. decimals: digits after the decimal sign of
 * percentages in text and md (means get one more); csv and json carry full
 * precision.
 * Returns 0, or -1 after reporting a write error.
 */
int render_result(const struct an_result *r, enum out_format f, int decimals, FILE *out);

/* The JSON document of docs/analyze-json.md: a new tree the caller frees with cJSON_Delete. */
cJSON *render_json(const struct an_result *r);

/*
 * The three parts of a cell as text and md print it, as new strings the
 * caller frees: the value ("74 %", "7,3", "45 % / 31 %", "2,1 / 1,0"; "" when
 * n = 0), the marks ("(b) [c]", "*", "–" when untestable, "" when none) and
 * the base ("n=255"). Decimal comma with lang nl.
 */
char *render_value(const struct an_result *r, const struct an_table *t, const struct an_cell *c,
	int decimals);
char *render_marks(const struct an_result *r, const struct an_cell *c);
char *render_base(const struct an_cell *c);

/* The table's heading "item: text (label)" (new string). */
char *render_heading(const struct an_result *r, const struct an_table *t);

/*
 * The legend and warning lines printed under a table, in r->set.lang: a new
 * array of *n new strings; free with render_lines_free.
 */
char **render_legend(const struct an_result *r, const struct an_table *t, size_t *n);
void render_lines_free(char **lines, size_t n);

#endif
