/* survey.c: map a response file's columns to items, validate every answer (scales, ranges, routing, ids) and store it. */
#include "collect/survey.h"
#include "collect/pseudo.h"
#include "collect/questionnaire.h"
#include "core/error.h"
#include "core/store.h"
#include "core/strset.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum col_kind { COL_IGNORE, COL_ID, COL_ITEM, COL_OPTION };

struct column {
	enum col_kind kind;
	int item;	/* COL_ITEM, COL_OPTION */
	int opt;	/* COL_OPTION: option index in the item's scale */
};

enum val_state { V_EMPTY, V_VALID, V_MISSING };

/* One item's answer in the record being read. */
struct val {
	enum val_state state;
	int opt;		/* single: option index; missing: the missing option */
	uint64_t chosen;	/* multiple: chosen option indices */
	int seen;		/* multiple: some option column was non-empty */
	double num;
	const char *text;	/* open: borrowed from the reader */
	long line, col;		/* where the answer was */
};

/* A mapping-file entry: header name → item id (and option code). */
struct map_entry {
	char *column;
	char *item;		/* NULL: ignore the column */
	long code;
	int has_code;
	long line;
};

struct import {
	struct store *st;
	struct questionnaire *q;
	const struct survey_options *o;
	struct diag d;
	const char *file;
	int64_t wave_id, import_id;
	struct column *cols;
	size_t ncols;
	int id_col;
	int fallback_col;	/* the o->id_fallback column, or -1 */
	int *present;		/* per item: the file carries it */
	int *in_wave;		/* per item: the item exists in this wave */
	struct val *vals;
	int *asked;		/* per item: routing asked it of the current respondent */
	const char *current_id;	/* respondent id of the record being stored */
	struct strset ids;	/* respondent ids of this file */
	struct strset earlier;	/* respondent ids already in the wave */
	struct map_entry *map;
	size_t nmap;
	long respondents, answers;
	struct pseudo *pseudo;	/* open answers are pseudonymised before they are stored */
	long open_answers;
	int label_errors;
};

/* ---- the mapping file ---- */

struct map_read {
	struct import *im;
	struct diag *d;
};

static int map_columns(void *ctx, const struct src_cell *c, size_t n)
{
	struct map_read *mr = ctx;

	if (n != 2 || strcasecmp(c[0].text, "column") != 0 || strcasecmp(c[1].text, "item") != 0)
		return diag_error(mr->d, 1, 1, "expected the header 'column,item'");
	return 0;
}

static int map_record(void *ctx, const struct src_cell *c, size_t n, long line)
{
	struct map_read *mr = ctx;
	struct import *im = mr->im;
	struct map_entry *e;
	const char *target = c[1].text, *colon;
	size_t i;

	for (i = 0; i < im->nmap; i++)
		if (strcmp(im->map[i].column, c[0].text) == 0)
			return diag_error(mr->d, line, 1, "column '%s' is mapped twice (also on line %ld)",
					  c[0].text, im->map[i].line);
	im->map = xrealloc(im->map, (im->nmap + 1) * sizeof(*im->map));
	e = &im->map[im->nmap++];
	memset(e, 0, sizeof(*e));
	e->column = xstrdup(c[0].text);
	e->line = line;
	if (strcmp(target, "-") == 0)
		return 0;
	colon = strchr(target, ':');
	e->item = colon ? xstrndup(target, (size_t)(colon - target)) : xstrdup(target);
	if (colon) {
		e->has_code = 1;
		if (num_parse_long(colon + 1, &e->code) < 0)
			return diag_error(mr->d, line, 2, "expected 'item:code' with a numeric code, "
					  "found '%s'", target);
	}
	if (questionnaire_item(im->q, e->item) < 0 && strcmp(e->item, im->q->respondent_id) != 0)
		return diag_error(mr->d, line, 2, "unknown item '%s'", e->item);
	return 0;
}

static int map_load(struct import *im)
{
	struct diag d;
	struct map_read mr = { im, &d };
	struct src_sink sink = { map_columns, NULL, map_record, &mr };
	struct src_options so = { 0 };
	int rc;

	diag_init(&d, im->o->map, im->o->max_errors);
	rc = csv_read(im->o->map, &so, &d, &sink);
	return rc < 0 || d.errors ? -1 : 0;
}

/* ---- columns ---- */

static int is_ignored(const struct import *im, const char *name)
{
	size_t i;

	for (i = 0; i < im->o->nignore; i++)
		if (strcmp(im->o->ignore[i], name) == 0)
			return 1;
	return 0;
}

/* Split "item_3" or "item[3]" into a multiple-choice item and an option. */
static int option_column(const struct import *im, const char *name, struct column *col)
{
	const char *sep = strrchr(name, '_'), *br = strchr(name, '[');
	char *item = NULL, *code = NULL;
	long c;
	int idx, ret = 0;

	if (br && name[strlen(name) - 1] == ']') {
		item = xstrndup(name, (size_t)(br - name));
		code = xstrndup(br + 1, strlen(br + 1) - 1);
	} else if (sep) {
		item = xstrndup(name, (size_t)(sep - name));
		code = xstrdup(sep + 1);
	} else {
		return 0;
	}
	idx = questionnaire_item(im->q, item);
	if (idx >= 0 && im->q->items[idx].type == Q_MULTIPLE && num_parse_long(code, &c) == 0) {
		int o = q_scale_find_code(im->q->items[idx].scale, c);

		if (o >= 0) {
			col->kind = COL_OPTION;
			col->item = idx;
			col->opt = o;
			ret = 1;
		}
	}
	free(item);
	free(code);
	return ret;
}

static int resolve_column(struct import *im, const struct src_cell *cell, struct column *col)
{
	const char *name = cell->text;
	size_t i;
	int idx;

	for (i = 0; i < im->nmap; i++) {
		struct map_entry *e = &im->map[i];

		if (strcmp(e->column, name) != 0)
			continue;
		if (!e->item) {
			col->kind = COL_IGNORE;
			return 0;
		}
		if (strcmp(e->item, im->q->respondent_id) == 0) {
			col->kind = COL_ID;
			return 0;
		}
		idx = questionnaire_item(im->q, e->item);
		col->item = idx;
		if (!e->has_code) {
			col->kind = COL_ITEM;
			return 0;
		}
		if (im->q->items[idx].type != Q_MULTIPLE)
			return diag_error(&im->d, cell->line, cell->col, "mapping '%s' to '%s:%ld': "
					  "'%s' is not a multiple-choice item", name, e->item,
					  e->code, e->item);
		col->opt = q_scale_find_code(im->q->items[idx].scale, e->code);
		if (col->opt < 0)
			return diag_error(&im->d, cell->line, cell->col, "mapping '%s' to '%s:%ld': "
					  "%ld is not a code of scale '%s'", name, e->item, e->code,
					  e->code, im->q->items[idx].scale->name);
		col->kind = COL_OPTION;
		return 0;
	}
	if (is_ignored(im, name)) {
		col->kind = COL_IGNORE;
		return 0;
	}
	if (strcmp(name, im->q->respondent_id) == 0) {
		col->kind = COL_ID;
		return 0;
	}
	if (im->o->id_fallback && strcmp(name, im->o->id_fallback) == 0) {
		col->kind = COL_IGNORE;	/* on_columns makes it the id column if there is none */
		im->fallback_col = (int)(col - im->cols);
		return 0;
	}
	idx = questionnaire_item(im->q, name);
	if (idx >= 0) {
		col->kind = COL_ITEM;
		col->item = idx;
		return 0;
	}
	if (option_column(im, name, col))
		return 0;
	col->kind = COL_IGNORE;
	if (im->o->ignore_unknown)
		return diag_warn(&im->d, cell->line, cell->col, "ignoring unknown column '%s'", name);
	return diag_error(&im->d, cell->line, cell->col, "unknown column '%s': not an item of "
			  "questionnaire '%s' (map it with --map, or skip it with --ignore %s)",
			  name, im->q->name, name);
}

static int on_columns(void *ctx, const struct src_cell *cells, size_t n)
{
	struct import *im = ctx;
	size_t i, j;

	im->cols = xcalloc(n, sizeof(*im->cols));
	im->ncols = n;
	im->id_col = -1;
	im->fallback_col = -1;
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++) {
			if (strcmp(cells[i].text, cells[j].text) == 0) {
				diag_error(&im->d, cells[i].line, cells[i].col,
					   "column '%s' appears twice (also column %zu)",
					   cells[i].text, j + 1);
				break;
			}
		}
		if (resolve_column(im, &cells[i], &im->cols[i]) < 0 && diag_full(&im->d))
			return -1;
		if (im->cols[i].kind == COL_ID) {
			if (im->id_col >= 0)
				diag_error(&im->d, cells[i].line, cells[i].col,
					   "a second respondent id column '%s'", cells[i].text);
			im->id_col = (int)i;
		} else if (im->cols[i].kind == COL_ITEM || im->cols[i].kind == COL_OPTION) {
			int it = im->cols[i].item;

			if (im->cols[i].kind == COL_ITEM && im->present[it] &&
			    im->q->items[it].type != Q_MULTIPLE)
				diag_error(&im->d, cells[i].line, cells[i].col,
					   "a second column for item '%s'", im->q->items[it].id);
			im->present[it] = 1;
		}
	}
	if (im->id_col < 0 && im->fallback_col >= 0) {
		im->cols[im->fallback_col].kind = COL_ID;
		im->id_col = im->fallback_col;
	}
	if (im->id_col < 0)
		diag_error(&im->d, 1, 0, "no respondent id column '%s' (the questionnaire's "
			   "\"respondent_id\"; map another column to it with --map)",
			   im->q->respondent_id);
	for (i = 0; i < im->q->nitems && !diag_full(&im->d); i++) {
		const struct q_item *it = &im->q->items[i];

		if (im->present[i] || !im->in_wave[i])
			continue;
		if (im->o->allow_missing)
			diag_warn(&im->d, 1, 0, "no column for item '%s'; it is left out", it->id);
		else
			diag_error(&im->d, 1, 0, "no column for item '%s' (asked in wave %s; "
				   "--allow-missing leaves it out)", it->id, im->o->wave);
	}
	return diag_full(&im->d) ? -1 : 0;
}

/* .sav value labels must agree with the scale: a reversed coding is caught here. */
static int on_label(void *ctx, size_t colno, const char *value, const char *label)
{
	struct import *im = ctx;
	const struct column *col;
	const struct q_item *it;
	long code;
	int idx;

	if (colno >= im->ncols)
		return 0;
	col = &im->cols[colno];
	if (col->kind != COL_ITEM)
		return 0;
	it = &im->q->items[col->item];
	if (!it->scale || num_parse_long(value, &code) < 0)
		return 0;
	idx = q_scale_find_code(it->scale, code);
	if (idx < 0) {
		if ((it->type == Q_NUMBER || it->type == Q_MARK) &&
		    (!it->has_min || code >= it->min) && (!it->has_max || code <= it->max))
			return 0;
		diag_error(&im->d, 0, 0, "value label %ld '%s' of variable '%s' is not a code of "
			   "scale '%s'", code, label, it->id, it->scale->name);
	} else if (!str_eq_trim_ci(label, it->scale->opt[idx].label)) {
		diag_error(&im->d, 0, 0, "value label of %ld in variable '%s' is '%s', but scale "
			   "'%s' says '%s'", code, it->id, label, it->scale->name,
			   it->scale->opt[idx].label);
	} else {
		return 0;
	}
	im->label_errors++;
	return diag_full(&im->d) ? -1 : 0;
}

/* ---- answers ---- */

static int bad(struct import *im, const struct src_cell *c, const struct q_item *it,
	       const char *what)
{
	char *desc = it->scale ? q_scale_describe(it->scale) : NULL;

	if (strcmp(what, "code") == 0)
		diag_error(&im->d, c->line, c->col, "value '%s' for '%s' is not a code of scale "
			   "'%s' (%s)", c->text, it->id, it->scale->name, desc);
	else
		diag_error(&im->d, c->line, c->col, "value '%s' for '%s' %s", c->text, it->id, what);
	free(desc);
	return -1;
}

/* The option a text stands for: its code or its label. */
static int find_option(const struct q_scale *s, const char *t)
{
	long code;
	double d;

	if (num_parse_long(t, &code) == 0)
		return q_scale_find_code(s, code);
	if (num_parse(t, 1, &d) == 0)
		return d == floor(d) && fabs(d) < 2e9 ? q_scale_find_code(s, (long)d) : -1;
	return q_scale_find_label(s, t);
}

static int parse_single(struct import *im, const struct src_cell *c, const struct q_item *it,
			struct val *v)
{
	int o = find_option(it->scale, c->text);

	if (o < 0)
		return bad(im, c, it, "code");
	v->opt = o;
	v->state = it->scale->opt[o].missing ? V_MISSING : V_VALID;
	return 0;
}

static int parse_number(struct import *im, const struct src_cell *c, const struct q_item *it,
			struct val *v)
{
	char lo[32], hi[32];
	long code;

	if (it->scale && num_parse_long(c->text, &code) == 0 &&
	    (v->opt = q_scale_find_code(it->scale, code)) >= 0) {
		v->state = V_MISSING;
		return 0;
	}
	if (num_parse(c->text, 1, &v->num) < 0)
		return bad(im, c, it, "is not a number");
	if ((it->has_min && v->num < it->min) || (it->has_max && v->num > it->max)) {
		char *msg = xasprintf("is outside %s..%s", it->has_min ? num_format(it->min, lo) : "",
				      it->has_max ? num_format(it->max, hi) : "");
		bad(im, c, it, msg);
		free(msg);
		return -1;
	}
	if (it->integer_only && v->num != floor(v->num))
		return bad(im, c, it, "is not a whole number");
	v->state = V_VALID;
	return 0;
}

/* One delimited column holding every chosen code: "1;3", "1,3" or "1 3". */
static int parse_multiple(struct import *im, const struct src_cell *c, const struct q_item *it,
			  struct val *v)
{
	char tok[128];
	const char *p = c->text;
	int missing = -1, any = 0;

	while (*p) {
		size_t n = strcspn(p, ";, \t|");

		if (n >= sizeof(tok))
			return bad(im, c, it, "has a code that is too long");
		if (n > 0) {
			int o;

			memcpy(tok, p, n);
			tok[n] = '\0';
			o = find_option(it->scale, tok);
			if (o < 0)
				return bad(im, c, it, "code");
			if (it->scale->opt[o].missing)
				missing = o;
			else
				v->chosen |= (uint64_t)1 << o;
			any = 1;
		}
		p += n;
		if (*p)
			p++;
	}
	if (!any)
		return 0;
	if (missing >= 0 && v->chosen)
		return bad(im, c, it, "mixes a missing code with answers");
	v->seen = 1;
	v->opt = missing;
	v->state = missing >= 0 ? V_MISSING : V_VALID;
	return 0;
}

/* A 0/1 column of one multiple-choice option (also Y/N, ja/nee, true/false). */
static int parse_flag(struct import *im, const struct src_cell *c, const struct q_item *it,
		      int opt, struct val *v)
{
	static const char *const yes[] = { "1", "y", "yes", "ja", "j", "true", NULL };
	static const char *const no[] = { "0", "n", "no", "nee", "false", NULL };
	size_t i;

	for (i = 0; yes[i]; i++) {
		if (str_eq_trim_ci(c->text, yes[i])) {
			if (it->scale->opt[opt].missing) {
				v->opt = opt;
				v->state = V_MISSING;
			} else if (v->state != V_MISSING) {
				v->chosen |= (uint64_t)1 << opt;
				v->state = V_VALID;
			}
			v->seen = 1;
			return 0;
		}
	}
	for (i = 0; no[i]; i++) {
		if (str_eq_trim_ci(c->text, no[i])) {
			v->seen = 1;
			return 0;
		}
	}
	diag_error(&im->d, c->line, c->col, "value '%s' for option %ld of '%s' is not 0 or 1",
		   c->text, it->scale->opt[opt].code, it->id);
	return -1;
}

static int is_blank(const char *t)
{
	if (!t)
		return 1;
	while (*t == ' ' || *t == '\t')
		t++;
	return *t == '\0';
}

static int parse_cell(struct import *im, const struct column *col, const struct src_cell *c)
{
	const struct q_item *it = &im->q->items[col->item];
	struct val *v = &im->vals[col->item];

	if (is_blank(c->text))
		return 0;
	if (!im->in_wave[col->item]) {
		diag_error(&im->d, c->line, c->col, "'%s' has an answer, but the item is not part "
			   "of wave %s", it->id, im->o->wave);
		return -1;
	}
	if (!v->line) {
		v->line = c->line;
		v->col = c->col;
	}
	if (col->kind == COL_OPTION)
		return parse_flag(im, c, it, col->opt, v);
	switch (it->type) {
	case Q_SINGLE:
		return parse_single(im, c, it, v);
	case Q_MULTIPLE:
		return parse_multiple(im, c, it, v);
	case Q_NUMBER:
	case Q_MARK:
		return parse_number(im, c, it, v);
	case Q_OPEN:
		v->text = c->text;
		v->state = V_VALID;
		return 0;
	}
	return 0;
}

static int cond_holds(const struct import *im, const struct q_cond *c)
{
	const struct val *v = c->kind <= QC_ANSWERED ? &im->vals[c->item] : NULL;
	size_t i;

	switch (c->kind) {
	case QC_IN:
	case QC_NOT_IN: {
		int in = v->state == V_VALID &&
			 ((im->q->items[c->item].type == Q_MULTIPLE && (v->chosen & c->options)) ||
			  (im->q->items[c->item].type == Q_SINGLE &&
			   (c->options >> v->opt & 1)));
		return c->kind == QC_IN ? in : !in;
	}
	case QC_RANGE:
		return v->state == V_VALID && (!c->has_min || v->num >= c->min) &&
		       (!c->has_max || v->num <= c->max);
	case QC_ANSWERED:
		return (v->state == V_VALID) == (c->answered != 0);
	case QC_WAVE:
		for (i = 0; i < c->nwaves; i++)
			if (strcmp(c->waves[i], im->o->wave) == 0)
				return 1;
		return 0;
	case QC_ALL:
		for (i = 0; i < c->nsub; i++)
			if (!cond_holds(im, &c->sub[i]))
				return 0;
		return 1;
	case QC_ANY:
		for (i = 0; i < c->nsub; i++)
			if (cond_holds(im, &c->sub[i]))
				return 1;
		return 0;
	case QC_NOT:
		return !cond_holds(im, c->sub);
	}
	return 0;
}

/* Was something answered? For 0/1 option columns only a chosen option or a
 * missing code counts: SPSS exports carry 0s for respondents never asked. */
static int val_given(const struct q_item *it, const struct val *v)
{
	return v->state != V_EMPTY;
}

/* Apply routing in questionnaire order; answers to items not asked are errors (or dropped). */
static int check_routing(struct import *im, const char *rid, int *asked)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < im->q->nitems; i++) {
		const struct q_item *it = &im->q->items[i];
		struct val *v = &im->vals[i];

		asked[i] = im->present[i] && im->in_wave[i] &&
			   (!it->asked_if || cond_holds(im, it->asked_if));
		if (asked[i] || !val_given(it, v))
			continue;
		if (im->o->routing_warn) {
			diag_warn(&im->d, v->line, v->col, "respondent '%s' answered '%s', which "
				  "routing says was not asked; the answer is dropped", rid, it->id);
		} else {
			diag_error(&im->d, v->line, v->col, "respondent '%s' answered '%s', which "
				   "routing says was not asked (--routing warn drops such answers)",
				   rid, it->id);
			ret = -1;
			if (diag_full(&im->d))
				return -1;
		}
		memset(v, 0, sizeof(*v));
	}
	return ret;
}

/*
 * An open answer is stored pseudonymised, as the answer's text and as a
 * small document of its own with one segment, linked to the respondent and
 * the item, so the coding stage treats it like a transcript sentence.
 */
static int save_open_answer(struct import *im, int64_t rid, const struct q_item *it,
			    const char *text)
{
	struct store_document d = { .kind = "open_answers", .wave_id = im->wave_id,
		.import_id = im->import_id };
	struct store_segment sg = { .kind = "answer", .respondent_id = rid, .item_id = it->db_id,
		.start_ms = -1, .end_ms = -1, .coded = 1 };
	char *clean = NULL, *ext_id = NULL;
	const char *p;
	size_t len;
	int64_t doc, seg;
	int ret = -1;

	if (pseudo_text(im->pseudo, text, strlen(text), &clean, &len) < 0)
		return -1;
	if (store_answer_add(im->st, rid, it->db_id, 0, 0, 0, clean) < 0)
		goto out;
	ext_id = xasprintf("open/%s/%s/%s", im->o->wave, im->current_id, it->id);
	d.ext_id = ext_id;
	d.text = clean;
	if (store_document_add(im->st, &d, &doc) < 0)
		goto out;
	sg.document_id = doc;
	for (p = clean; *p; p++)
		if (((unsigned char)*p & 0xC0) != 0x80)
			sg.end_cp++;
	if (store_segment_add(im->st, &sg, &seg) < 0)
		goto out;
	im->open_answers++;
	ret = 0;
out:
	free(ext_id);
	free(clean);
	return ret;
}

static int save_answers(struct import *im, int64_t rid, const int *asked)
{
	size_t i;
	int o;

	for (i = 0; i < im->q->nitems; i++) {
		const struct q_item *it = &im->q->items[i];
		const struct val *v = &im->vals[i];
		int64_t item_id = it->db_id;
		int rc = 0;

		if (!asked[i])
			continue;
		if (v->state == V_MISSING) {
			rc = store_answer_add(im->st, rid, item_id, it->scale->opt[v->opt].db_id, 0, 0, NULL);
		} else if (v->state == V_EMPTY || (it->type == Q_MULTIPLE && !v->chosen)) {
			rc = store_answer_add(im->st, rid, item_id, 0, 0, 0, NULL);
		} else if (it->type == Q_SINGLE) {
			rc = store_answer_add(im->st, rid, item_id, it->scale->opt[v->opt].db_id, 0, 0, NULL);
		} else if (it->type == Q_MULTIPLE) {
			/* one row per chosen option; the loop's count replaces the one below */
			im->answers--;
			for (o = 0; o < (int)it->scale->nopt && rc == 0; o++) {
				if (!(v->chosen >> o & 1))
					continue;
				rc = store_answer_add(im->st, rid, item_id,
						      it->scale->opt[o].db_id, 0, 0, NULL);
				im->answers++;
			}
		} else if (it->type == Q_OPEN) {
			rc = save_open_answer(im, rid, it, v->text);
		} else {
			rc = store_answer_add(im->st, rid, item_id, 0, 1, v->num, NULL);
		}
		if (rc < 0)
			return -1;
		im->answers++;
	}
	return 0;
}

static int on_record(void *ctx, const struct src_cell *cells, size_t n, long line)
{
	struct import *im = ctx;
	const char *rid = NULL;
	int64_t resp_id;
	size_t i;

	if (im->id_col < 0)
		return -1;
	memset(im->vals, 0, im->q->nitems * sizeof(*im->vals));
	for (i = 0; i < n && i < im->ncols; i++) {
		const struct column *col = &im->cols[i];

		if (col->kind == COL_ID) {
			rid = cells[i].text;
			if (is_blank(rid)) {
				diag_error(&im->d, cells[i].line, cells[i].col, "empty respondent id");
				rid = NULL;
			} else if (!strset_add(&im->ids, rid)) {
				diag_error(&im->d, cells[i].line, cells[i].col, "respondent id '%s' "
					   "appears twice in this file", rid);
			} else if (strset_has(&im->earlier, rid)) {
				diag_error(&im->d, cells[i].line, cells[i].col, "respondent id '%s' "
					   "is already in wave %s (from an earlier import)", rid,
					   im->o->wave);
			}
		} else if (col->kind != COL_IGNORE) {
			parse_cell(im, col, &cells[i]);
		}
		if (diag_full(&im->d))
			return -1;
	}
	check_routing(im, rid ? rid : "?", im->asked);
	/* After the first problem nothing will be stored: only go on checking. */
	if (im->d.errors == 0) {
		im->current_id = rid;
		if (store_respondent_add(im->st, im->wave_id, rid, im->import_id, line, &resp_id) < 0 ||
		    save_answers(im, resp_id, im->asked) < 0) {
			im->d.errors++;
			return -1;
		}
		im->respondents++;
	}
	return diag_full(&im->d) ? -1 : 0;
}

/* ---- the import ---- */


static const char *format_of(const struct survey_options *o, const char *file)
{
	const char *dot = strrchr(file, '.');

	if (o->format)
		return o->format;
	if (dot && (strcasecmp(dot, ".sav") == 0 || strcasecmp(dot, ".zsav") == 0))
		return "sav";
	if (dot && strcasecmp(dot, ".json") == 0)
		return "json";
	return "csv";
}

static int add_existing_id(void *ctx, const char *id)
{
	strset_add(ctx, id);
	return 0;
}

static int prepare_wave(struct import *im)
{
	struct questionnaire *q = im->q;
	int64_t qid = 0, wording_id = 0, wanted = q->wording_db_id[questionnaire_wording_for(q, im->o->wave)];
	int found = store_wave_find(im->st, im->o->wave, &im->wave_id, &qid, &wording_id);

	if (found < 0)
		return -1;
	if (!found)
		return store_wave_add(im->st, im->o->wave, q->db_id, wanted, &im->wave_id);
	if (qid && qid != q->db_id) {
		char *label = store_questionnaire_label(im->st, qid);

		tv_error("%s: wave %s holds answers to questionnaire '%s'; this file is checked "
			 "against '%s %s' (a changed definition is a new version: import it into "
			 "its own wave)", im->file, im->o->wave, label ? label : "?", q->name,
			 q->version);
		free(label);
		return 1;
	}
	if (!qid)
		return store_wave_set_questionnaire(im->st, im->wave_id, q->db_id, wanted);
	return 0;
}

static int read_file(struct import *im)
{
	struct src_sink sink = { on_columns, on_label, on_record, im };
	const char *fmt = format_of(im->o, im->file);

	if (im->o->read)
		return im->o->read(im->o->read_ctx, &im->o->src, &im->d, &sink);
	if (strcmp(fmt, "sav") == 0)
		return sav_read(im->file, &im->o->src, &im->d, &sink);
	if (strcmp(fmt, "json") == 0)
		return jsonin_read(im->file, &im->o->src, &im->d, &sink);
	if (strcmp(fmt, "csv") == 0)
		return csv_read(im->file, &im->o->src, &im->d, &sink);
	return tv_error("unknown format '%s' (expected csv, sav or json)", fmt);
}

static void import_release(struct import *im)
{
	size_t i;

	for (i = 0; i < im->nmap; i++) {
		free(im->map[i].column);
		free(im->map[i].item);
	}
	free(im->map);
	free(im->cols);
	free(im->present);
	free(im->in_wave);
	free(im->vals);
	free(im->asked);
	strset_release(&im->ids);
	strset_release(&im->earlier);
	questionnaire_free(im->q);
	pseudo_free(im->pseudo);
}

int survey_import(struct store *st, const char *file, const struct survey_options *o,
		  struct survey_result *res)
{
	struct import im = { .st = st, .o = o, .file = file };
	char sum[65];
	int64_t earlier;
	int rc, ret = -1;
	size_t i;

	memset(res, 0, sizeof(*res));
	strset_init(&im.ids);
	strset_init(&im.earlier);
	diag_init(&im.d, file, o->max_errors);
	/* A file that cannot be read is a system error (exit 3), not bad data. */
	if (!o->questionnaire_text && access(o->questionnaire, R_OK) != 0) {
		tv_error("cannot open '%s': %s", o->questionnaire, strerror(errno));
		goto out;
	}
	if (o->map && access(o->map, R_OK) != 0) {
		tv_error("cannot open '%s': %s", o->map, strerror(errno));
		goto out;
	}
	if ((o->questionnaire_text ?
	     questionnaire_parse(o->questionnaire, o->questionnaire_text, o->questionnaire_len, &im.q) :
	     questionnaire_load(o->questionnaire, &im.q)) < 0) {
		ret = 1;
		goto out;
	}
	if (o->map && map_load(&im) < 0) {
		ret = 1;
		goto out;
	}
	if (o->read)
		snprintf(sum, sizeof(sum), "%s", o->checksum);
	else if (file_sha256(file, sum) < 0)
		goto out;
	pseudo_new(&im.pseudo);
	if (o->names && pseudo_add_names_file(im.pseudo, o->names) < 0)
		goto out;
	im.present = xcalloc(im.q->nitems, sizeof(int));
	im.in_wave = xcalloc(im.q->nitems, sizeof(int));
	im.vals = xcalloc(im.q->nitems, sizeof(*im.vals));
	im.asked = xcalloc(im.q->nitems, sizeof(int));
	for (i = 0; i < im.q->nitems; i++)
		im.in_wave[i] = questionnaire_item_in_wave(&im.q->items[i], o->wave);

	if (store_begin_bulk(st) < 0)
		goto out;
	if (questionnaire_store(im.q, st) < 0)
		goto fail;
	rc = prepare_wave(&im);
	if (rc != 0) {
		ret = rc;
		goto fail;
	}
	rc = o->read ? 0 : store_import_find(st, "survey", sum, &earlier);
	if (rc < 0)
		goto fail;
	if (rc == 1 && !o->replace) {
		tv_error("%s: this file was imported before (import %lld, same checksum); "
			 "--replace imports it again in place of the earlier import", file,
			 (long long)earlier);
		ret = 1;
		goto fail;
	}
	if (store_import_add(st, o->kind ? o->kind : "survey", file, sum, im.wave_id, NULL,
			     &im.import_id) < 0)
		goto fail;
	if (rc == 1) {
		if (store_import_replace(st, earlier, im.import_id) < 0)
			goto fail;
		res->replaced = 1;
	}
	if (store_respondent_ids(st, im.wave_id, add_existing_id, &im.earlier) < 0)
		goto fail;

	rc = read_file(&im);
	res->errors = im.d.errors;
	res->warnings = im.d.warnings;
	if (im.d.errors > 0) {
		ret = 1;
		goto fail;
	}
	if (rc < 0)
		goto fail;
	if (store_import_finish(st, im.import_id, im.respondents, im.d.warnings) < 0 ||
	    (o->before_commit &&
	     o->before_commit(o->before_commit_ctx, st, im.wave_id, im.import_id) < 0) ||
	    store_commit(st) < 0)
		goto fail;
	res->respondents = im.respondents;
	res->answers = im.answers;
	res->open_answers = im.open_answers;
	for (i = 0; i < PSEUDO_NTYPES && i < 8; i++)
		res->replaced_pd[i] = pseudo_count(im.pseudo, (enum pseudo_type)i);
	ret = 0;
	goto out;
fail:
	store_rollback(st);
out:
	import_release(&im);
	return ret;
}
