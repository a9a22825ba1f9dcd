/* tables.c: the analysis engine: one pass over each wave's answers into dense counters, then cells, tests, marks and warnings. */
#include "analyze/tables.h"
#include "analyze/stats.h"
#include "core/error.h"
#include "core/store.h"
#include "core/util.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * How it works. Item and option ids are SQLite row ids, so each wave's
 * questionnaire maps them to dense indices through two arrays spanning its id
 * ranges. Every analysed item gets a unified list of answer codes (the codes
 * of its scale in the latest wave that has it, then codes only earlier waves
 * know), so counters are a flat array of longs indexed by item, wave,
 * internal group and code, and numbers go into one growing array per item,
 * wave and group. Answers arrive ordered by respondent; one respondent's rows
 * are buffered until the next respondent starts, because the group (the --by
 * answer) may come after the items in questionnaire order. No allocation per
 * answer: the buffers only grow.
 */

enum kind { K_SINGLE, K_MULTIPLE, K_NUMBER };

/* Flags per unified code and wave. */
enum { F_IN = 1, F_MISSING = 2, F_TOP = 4 };

/* Per respondent and item while scanning. */
enum { S_VALID = 1, S_MISSING = 2 };

/* Counter slots before the per-code counts. */
enum { C_ASKED, C_VALID, C_MISSING, C_CODES };

struct q_item {
	int64_t id, scale_id;
	char *name, *label, *type, *role, *module, *text, *top_label, *unit;
	int skewed;
};

struct q_opt {
	int64_t id, scale_id;
	long code;
	char *label;
	int is_missing, is_top;
	int pos;		/* position within its scale */
};

struct wave {
	int64_t id, qid;
	char *name, *wording;
	long respondents;
	struct q_item *items;
	size_t nitems;
	struct q_opt *opts;
	size_t nopts;
	int64_t item_lo, opt_lo;	/* dense lookups: id - lo */
	size_t item_span, opt_span;
	int32_t *item_k;		/* analysed item index, or -1 */
	int32_t *opt_ix;		/* index into opts, or -1 */
	int64_t by_id;			/* the by variable's item id, or 0 */
};

struct aitem {
	const struct q_item *q[AN_MAX_WAVES];	/* per selected wave, NULL when absent */
	const struct q_item *ref;		/* the latest wave's definition */
	size_t ref_wave;
	enum kind kind;
	long *codes;
	const char **code_label;		/* borrowed from the waves' options */
	size_t ncodes;
	unsigned char *flags[AN_MAX_WAVES];	/* per unified code */
	int16_t *posmap[AN_MAX_WAVES];		/* scale position -> unified code */
	size_t cbase, vbase;
};

struct dvec {
	double *v;
	size_t n, cap;
};

/* One buffered answer row of the current respondent. */
struct prow {
	int32_t k;
	int32_t c;		/* unified code, or -1 */
	int has_num;
	double num;
};

struct engine {
	struct store *st;
	const struct an_request *rq;
	struct an_result *r;
	struct wave *all;
	size_t nall;
	struct wave *w[AN_MAX_WAVES];
	size_t nw;
	int has_by;
	struct aitem by;
	size_t G;			/* internal groups: by codes, or 1 */
	long *gsize;			/* nw * G */
	int *in_total;			/* per internal group */
	size_t *shown;			/* internal group of each shown group */
	struct aitem *items;
	size_t nitems;
	long *cnt;
	size_t ncnt;
	struct dvec *vals;
	size_t nvals;
	double *work;			/* scratch for Mann–Whitney */
	size_t work_cap;
	/* scanning */
	size_t cur_w;
	int64_t resp;
	long group;
	struct prow *rows;
	size_t nrows, rows_cap;
	uint32_t *stamp;
	unsigned char *state;
	int32_t *touched;
	size_t ntouched;
	uint32_t counter;
};

/* ---- names ---- */

const char *an_test_name(enum an_test t)
{
	static const char *const n[] = { "z", "fisher", "welch", "pooled_t", "mann_whitney" };

	return n[t];
}

const char *an_reason_name(enum an_reason r)
{
	static const char *const n[] = { NULL, "base", "extreme", "no_variance" };

	return n[r];
}

const char *an_letters_name(enum an_letters l)
{
	static const char *const n[] = { "default", "none", "reference", "pairwise" };

	return n[l];
}

const char *an_adjust_name(int adjust)
{
	if (adjust == STATS_ADJUST_BONFERRONI)
		return "bonferroni";
	if (adjust == STATS_ADJUST_HOLM)
		return "holm";
	return "none";
}

const char *an_year_mark_name(enum an_year_mark m)
{
	return m == AN_YEAR_STAR ? "star" : "letters";
}

char *an_measure_name(const struct an_table *t, char *buf)
{
	if (t->measure == AN_TOP)
		snprintf(buf, 32, "top");
	else if (t->measure == AN_MEAN)
		snprintf(buf, 32, "mean");
	else
		snprintf(buf, 32, "option:%ld", t->option);
	return buf;
}

const char *an_row_label(const struct an_result *r, size_t row)
{
	return row < r->ngroups ? r->groups[row].label : r->total_label;
}

const struct an_cell *an_cell_at(const struct an_result *r, const struct an_table *t, size_t row,
	size_t wave)
{
	return &t->cells[row * r->nwaves + wave];
}

void an_request_init(struct an_request *rq)
{
	memset(rq, 0, sizeof(*rq));
	rq->set.alpha = 0.05;
	rq->set.letters = AN_LETTERS_DEFAULT;
	rq->set.adjust = AN_ADJUST_DEFAULT;
	rq->set.year_mark = AN_YEAR_LETTERS;
	rq->set.min_base = 30;
	rq->set.fisher_below = 5;
	rq->set.lang = AN_LANG_NL;
}

/* ---- loading the study's structure ---- */

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int wave_row(void *ctx, const struct store_wave_row *row)
{
	struct engine *e = ctx;
	struct wave *w;

	e->all = xrealloc(e->all, (e->nall + 1) * sizeof(*e->all));
	w = &e->all[e->nall++];
	memset(w, 0, sizeof(*w));
	w->id = row->id;
	w->qid = row->questionnaire_id;
	w->name = xstrdup(row->name);
	w->wording = dup_or_null(row->wording);
	w->respondents = row->respondents;
	return 0;
}

static int item_row(void *ctx, const struct store_item_row *row)
{
	struct wave *w = ctx;
	struct q_item *it;

	w->items = xrealloc(w->items, (w->nitems + 1) * sizeof(*w->items));
	it = &w->items[w->nitems++];
	it->id = row->id;
	it->scale_id = row->scale_id;
	it->name = xstrdup(row->name);
	it->label = dup_or_null(row->label);
	it->type = xstrdup(row->type);
	it->role = dup_or_null(row->role);
	it->module = dup_or_null(row->module);
	it->text = dup_or_null(row->text);
	it->top_label = dup_or_null(row->top_label);
	it->unit = dup_or_null(row->unit);
	it->skewed = row->skewed;
	return 0;
}

static int option_row(void *ctx, const struct store_option_row *row)
{
	struct wave *w = ctx;
	struct q_opt *o;

	w->opts = xrealloc(w->opts, (w->nopts + 1) * sizeof(*w->opts));
	o = &w->opts[w->nopts++];
	o->id = row->id;
	o->scale_id = row->scale_id;
	o->code = row->code;
	o->label = xstrdup(row->label);
	o->is_missing = row->is_missing;
	o->is_top = row->is_top;
	o->pos = w->nopts > 1 && o[-1].scale_id == o->scale_id ? o[-1].pos + 1 : 0;
	return 0;
}

/* Dense id -> index arrays for a wave's items and options. */
static void wave_index(struct wave *w)
{
	int64_t lo, hi;
	size_t i;

	lo = hi = w->nitems ? w->items[0].id : 0;
	for (i = 0; i < w->nitems; i++) {
		lo = w->items[i].id < lo ? w->items[i].id : lo;
		hi = w->items[i].id > hi ? w->items[i].id : hi;
	}
	w->item_lo = lo;
	w->item_span = w->nitems ? (size_t)(hi - lo) + 1 : 0;
	w->item_k = xmalloc((w->item_span + 1) * sizeof(int32_t));
	for (i = 0; i < w->item_span; i++)
		w->item_k[i] = -1;
	lo = hi = w->nopts ? w->opts[0].id : 0;
	for (i = 0; i < w->nopts; i++) {
		lo = w->opts[i].id < lo ? w->opts[i].id : lo;
		hi = w->opts[i].id > hi ? w->opts[i].id : hi;
	}
	w->opt_lo = lo;
	w->opt_span = w->nopts ? (size_t)(hi - lo) + 1 : 0;
	w->opt_ix = xmalloc((w->opt_span + 1) * sizeof(int32_t));
	for (i = 0; i < w->opt_span; i++)
		w->opt_ix[i] = -1;
	for (i = 0; i < w->nopts; i++)
		w->opt_ix[w->opts[i].id - lo] = (int32_t)i;
}

static const struct q_item *wave_item(const struct wave *w, const char *name)
{
	size_t i;

	for (i = 0; i < w->nitems; i++)
		if (strcmp(w->items[i].name, name) == 0)
			return &w->items[i];
	return NULL;
}

static struct wave *find_wave(struct engine *e, const char *name)
{
	size_t i;

	for (i = 0; i < e->nall; i++)
		if (strcmp(e->all[i].name, name) == 0)
			return &e->all[i];
	return NULL;
}

static int select_waves(struct engine *e)
{
	const struct an_request *rq = e->rq;
	const char *study = store_path(e->st);
	size_t i;

	if (rq->nwaves > AN_MAX_WAVES)
		return tv_error("at most %d waves can be compared", AN_MAX_WAVES);
	for (i = 0; i < rq->nwaves; i++) {
		struct wave *w = find_wave(e, rq->waves[i]);

		if (!w) {
			struct buf b;

			buf_init(&b);
			for (size_t j = 0; j < e->nall; j++)
				buf_printf(&b, "%s%s", j ? ", " : "", e->all[j].name);
			tv_error("%s: unknown wave '%s' (the study has %s)", study, rq->waves[i],
				 e->nall ? b.s : "no waves");
			buf_release(&b);
			return AN_EDATA;
		}
		if (w->respondents == 0 || w->qid == 0)
			return tv_error("%s: wave '%s' has no respondents (import them with "
					"'tevreden collect survey')", study, w->name);
		if (i == 1 && w == e->w[0])
			return tv_error("wave '%s' is named twice", w->name);
		e->w[e->nw++] = w;
	}
	if (rq->nwaves == 0) {
		for (i = e->nall; i-- > 0 && e->nw < AN_MAX_WAVES;)
			if (e->all[i].respondents > 0 && e->all[i].qid != 0)
				e->w[e->nw++] = &e->all[i];
		if (e->nw == 2) {
			struct wave *t = e->w[0];

			e->w[0] = e->w[1];
			e->w[1] = t;
		}
		if (e->nw == 0)
			return tv_error("%s: the study has no respondents (import them with "
					"'tevreden collect survey')", study);
	}
	for (i = 0; i < e->nw; i++) {
		struct wave *w = e->w[i];

		if (store_items(e->st, w->qid, w->wording, item_row, w) < 0 ||
		    store_options(e->st, w->qid, option_row, w) < 0)
			return AN_ESTORE;
		wave_index(w);
	}
	return 0;
}

/* ---- analysed items ---- */

static enum kind kind_of(const char *type)
{
	if (strcmp(type, "multiple") == 0)
		return K_MULTIPLE;
	if (strcmp(type, "single") == 0)
		return K_SINGLE;
	return K_NUMBER;
}

static size_t code_index(struct aitem *a, long code, const char *label)
{
	size_t i;

	for (i = 0; i < a->ncodes; i++)
		if (a->codes[i] == code)
			return i;
	a->codes = xrealloc(a->codes, (a->ncodes + 1) * sizeof(*a->codes));
	a->code_label = xrealloc(a->code_label, (a->ncodes + 1) * sizeof(*a->code_label));
	a->codes[a->ncodes] = code;
	a->code_label[a->ncodes] = label;
	return a->ncodes++;
}

/*
 * Bind an item to its definition in every selected wave and build its unified
 * codes: the latest wave first, so its scale order is the table order.
 */
static int item_bind(struct engine *e, struct aitem *a, const char *name)
{
	size_t w, i, nscale, f;

	memset(a, 0, sizeof(*a));
	for (w = e->nw; w-- > 0;) {
		a->q[w] = wave_item(e->w[w], name);
		if (a->q[w] && !a->ref) {
			a->ref = a->q[w];
			a->ref_wave = w;
		}
	}
	if (!a->ref)
		return 0;
	a->kind = kind_of(a->ref->type);
	for (w = 0; w < e->nw; w++)
		if (a->q[w] && strcmp(a->q[w]->type, a->ref->type) != 0)
			return tv_error("item '%s' is a %s item in wave %s but a %s item in wave %s; "
					"it cannot be compared", name, a->q[w]->type, e->w[w]->name,
					a->ref->type, e->w[a->ref_wave]->name);
	for (f = 0; f < e->nw; f++) {
		const struct wave *wv;
		const struct q_item *q;

		w = e->nw - 1 - f;
		wv = e->w[w];
		q = a->q[w];
		if (!q || !q->scale_id)
			continue;
		nscale = 0;
		for (i = 0; i < wv->nopts; i++)
			if (wv->opts[i].scale_id == q->scale_id)
				nscale++;
		a->posmap[w] = xcalloc(nscale + 1, sizeof(int16_t));
		for (i = 0; i < wv->nopts; i++) {
			const struct q_opt *o = &wv->opts[i];

			if (o->scale_id == q->scale_id)
				a->posmap[w][o->pos] = (int16_t)code_index(a, o->code, o->label);
		}
	}
	for (w = 0; w < e->nw; w++) {
		const struct wave *wv = e->w[w];
		const struct q_item *q = a->q[w];

		a->flags[w] = xcalloc(a->ncodes + 1, 1);
		if (!q || !q->scale_id)
			continue;
		for (i = 0; i < wv->nopts; i++) {
			const struct q_opt *o = &wv->opts[i];

			if (o->scale_id == q->scale_id)
				a->flags[w][a->posmap[w][o->pos]] = (unsigned char)(F_IN |
					(o->is_missing ? F_MISSING : 0) | (o->is_top ? F_TOP : 0));
		}
	}
	return 1;
}

static void item_release(struct aitem *a, size_t nw)
{
	size_t w;

	free(a->codes);
	free(a->code_label);
	for (w = 0; w < nw; w++) {
		free(a->flags[w]);
		free(a->posmap[w]);
	}
}

/* Is unified code c substantive (not a missing code) in the item's definition? */
static int code_substantive(const struct aitem *a, size_t c)
{
	size_t w;

	if (a->flags[a->ref_wave][c] & F_IN)
		return !(a->flags[a->ref_wave][c] & F_MISSING);
	for (w = 0; w < AN_MAX_WAVES; w++)
		if (a->flags[w] && (a->flags[w][c] & F_IN))
			return !(a->flags[w][c] & F_MISSING);
	return 0;
}

static int add_item(struct engine *e, const char *name, int named)
{
	struct aitem a;
	size_t i;
	int rc;

	for (i = 0; i < e->nitems; i++)
		if (strcmp(e->items[i].ref->name, name) == 0)
			return 0;
	rc = item_bind(e, &a, name);
	if (rc < 0) {
		item_release(&a, e->nw);
		return rc;
	}
	if (rc == 0) {
		struct buf b;

		item_release(&a, e->nw);
		buf_init(&b);
		for (i = 0; i < e->nw; i++)
			buf_printf(&b, "%s%s", i ? " or " : "", e->w[i]->name);
		tv_error("unknown item '%s' (not in the questionnaire of wave %s)", name, b.s);
		buf_release(&b);
		return AN_EDATA;
	}
	if (strcmp(a.ref->type, "open") == 0) {
		item_release(&a, e->nw);
		if (!named)
			return 0;
		return tv_error("item '%s' is an open question; analyze makes tables of closed "
				"questions only", name);
	}
	e->items = xrealloc(e->items, (e->nitems + 1) * sizeof(*e->items));
	e->items[e->nitems++] = a;
	return 0;
}

static int select_items(struct engine *e)
{
	size_t i, w;
	int rc;

	if (e->rq->items) {
		for (i = 0; i < e->rq->nitems; i++)
			if ((rc = add_item(e, e->rq->items[i], 1)) < 0)
				return rc;
		return 0;
	}
	for (w = e->nw; w-- > 0;)
		for (i = 0; i < e->w[w]->nitems; i++)
			if (e->w[w]->items[i].module && (rc = add_item(e, e->w[w]->items[i].name, 0)) < 0)
				return rc;
	return 0;
}

/* The item with role "segment" in the latest wave that has one, or NULL. */
static const char *segment_item(const struct engine *e)
{
	size_t w, i;

	for (w = e->nw; w-- > 0;)
		for (i = 0; i < e->w[w]->nitems; i++)
			if (e->w[w]->items[i].role && strcmp(e->w[w]->items[i].role, "segment") == 0)
				return e->w[w]->items[i].name;
	return NULL;
}

/* ---- groups ---- */

static int by_setup(struct engine *e)
{
	const char *by = e->rq->by ? e->rq->by : segment_item(e);
	size_t w;
	int rc;

	if (!by || strcmp(by, "none") == 0) {
		e->G = 1;
		return 0;
	}
	rc = item_bind(e, &e->by, by);
	if (rc <= 0) {
		if (rc == 0)
			tv_error("unknown --by variable '%s' (not in the questionnaire)", by);
		return AN_EDATA;
	}
	e->has_by = 1;
	if (e->by.kind != K_SINGLE)
		return tv_error("--by '%s' is a %s item; groups come from a single-choice item",
				by, e->by.ref->type);
	e->G = e->by.ncodes ? e->by.ncodes : 1;
	for (w = 0; w < e->nw; w++)
		e->w[w]->by_id = e->by.q[w] ? e->by.q[w]->id : 0;
	return 0;
}

/* Resolve --total-exclude against the by variable's substantive codes. */
static int total_setup(struct engine *e)
{
	const struct an_request *rq = e->rq;
	size_t i, c;

	e->in_total = xcalloc(e->G, sizeof(int));
	for (c = 0; c < e->G; c++)
		e->in_total[c] = 1;
	if (rq->nexclude && !e->has_by)
		return tv_error("--total-exclude needs groups (--by)");
	for (i = 0; i < rq->nexclude; i++) {
		long code;
		int is_code = num_parse_long(rq->exclude[i], &code) == 0;
		size_t found = e->by.ncodes;

		for (c = 0; c < e->by.ncodes && found == e->by.ncodes; c++)
			if (code_substantive(&e->by, c) && strcmp(e->by.code_label[c], rq->exclude[i]) == 0)
				found = c;
		for (c = 0; c < e->by.ncodes && found == e->by.ncodes; c++)
			if (code_substantive(&e->by, c) && ((is_code && e->by.codes[c] == code) ||
			    str_eq_trim_ci(rq->exclude[i], e->by.code_label[c])))
				found = c;
		if (found == e->by.ncodes) {
			struct buf b;

			buf_init(&b);
			for (c = 0; c < e->by.ncodes; c++)
				if (code_substantive(&e->by, c))
					buf_printf(&b, "%s%ld %s", b.len ? ", " : "", e->by.codes[c],
						   e->by.code_label[c]);
			tv_error("--total-exclude: '%s' is not a group of '%s' (%s)", rq->exclude[i],
				 e->by.ref->name, b.s ? b.s : "no groups");
			buf_release(&b);
			return AN_EDATA;
		}
		e->in_total[found] = 0;
	}
	return 0;
}

/* ---- the pass over the answers ---- */

static long *counters(struct engine *e, const struct aitem *a, size_t w, size_t g)
{
	return e->cnt + a->cbase + (w * e->G + g) * (C_CODES + a->ncodes);
}

static void dvec_push(struct dvec *d, double v)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? 2 * d->cap : 64;
		d->v = xrealloc(d->v, d->cap * sizeof(double));
	}
	d->v[d->n++] = v;
}

static void flush_respondent(struct engine *e)
{
	size_t w = e->cur_w, i;
	long g = e->group;

	if (e->resp == 0)
		return;
	if (!e->has_by)
		g = 0;
	if (g < 0) {
		e->nrows = 0;
		return;
	}
	e->gsize[w * e->G + (size_t)g] += e->has_by;
	e->counter++;
	e->ntouched = 0;
	for (i = 0; i < e->nrows; i++) {
		const struct prow *p = &e->rows[i];
		const struct aitem *a = &e->items[p->k];
		long *cn = counters(e, a, w, (size_t)g);

		if (e->stamp[p->k] != e->counter) {
			e->stamp[p->k] = e->counter;
			e->state[p->k] = 0;
			e->touched[e->ntouched++] = p->k;
			cn[C_ASKED]++;
		}
		if (p->c >= 0) {
			cn[C_CODES + p->c]++;
			e->state[p->k] |= (a->flags[w][p->c] & F_MISSING) ? S_MISSING : S_VALID;
		} else if (p->has_num && a->kind == K_NUMBER) {
			dvec_push(&e->vals[a->vbase + w * e->G + (size_t)g], p->num);
			e->state[p->k] |= S_VALID;
		} else {
			e->state[p->k] |= S_MISSING;
		}
	}
	for (i = 0; i < e->ntouched; i++) {
		const struct aitem *a = &e->items[e->touched[i]];

		counters(e, a, w, (size_t)g)[(e->state[e->touched[i]] & S_VALID) ? C_VALID : C_MISSING]++;
	}
	e->nrows = 0;
}

static int on_answer(void *ctx, const struct store_answer_row *ans)
{
	struct engine *e = ctx;
	const struct wave *wv = e->w[e->cur_w];
	const struct q_opt *o = NULL;
	const struct aitem *a;
	struct prow *p;
	int32_t k;

	if (ans->respondent_id != e->resp) {
		flush_respondent(e);
		e->resp = ans->respondent_id;
		e->group = -1;
	}
	if (ans->option_id && (uint64_t)(ans->option_id - wv->opt_lo) < wv->opt_span) {
		int32_t ix = wv->opt_ix[ans->option_id - wv->opt_lo];

		o = ix < 0 ? NULL : &wv->opts[ix];
	}
	if (ans->item_id == wv->by_id && o && o->scale_id == e->by.q[e->cur_w]->scale_id) {
		int16_t bc = e->by.posmap[e->cur_w][o->pos];

		if (!(e->by.flags[e->cur_w][bc] & F_MISSING))
			e->group = bc;
	}
	if ((uint64_t)(ans->item_id - wv->item_lo) >= wv->item_span)
		return 0;
	k = wv->item_k[ans->item_id - wv->item_lo];
	if (k < 0)
		return 0;
	a = &e->items[k];
	if (e->nrows == e->rows_cap) {
		e->rows_cap = e->rows_cap ? 2 * e->rows_cap : 256;
		e->rows = xrealloc(e->rows, e->rows_cap * sizeof(*e->rows));
	}
	p = &e->rows[e->nrows++];
	p->k = k;
	p->c = o && o->scale_id == a->q[e->cur_w]->scale_id ? a->posmap[e->cur_w][o->pos] : -1;
	p->has_num = ans->has_num;
	p->num = ans->num;
	return 0;
}

static int scan(struct engine *e)
{
	size_t w, k, ncnt = 0, nvals = 0;

	for (k = 0; k < e->nitems; k++) {
		struct aitem *a = &e->items[k];

		a->cbase = ncnt;
		ncnt += e->nw * e->G * (C_CODES + a->ncodes);
		a->vbase = nvals;
		if (a->kind == K_NUMBER)
			nvals += e->nw * e->G;
	}
	e->cnt = xcalloc(ncnt + 1, sizeof(long));
	e->ncnt = ncnt;
	e->vals = xcalloc(nvals + 1, sizeof(struct dvec));
	e->nvals = nvals;
	e->gsize = xcalloc(e->nw * e->G, sizeof(long));
	e->stamp = xcalloc(e->nitems + 1, sizeof(uint32_t));
	e->state = xcalloc(e->nitems + 1, 1);
	e->touched = xcalloc(e->nitems + 1, sizeof(int32_t));
	for (w = 0; w < e->nw; w++) {
		struct wave *wv = e->w[w];

		for (k = 0; k < e->nitems; k++)
			if (e->items[k].q[w])
				wv->item_k[e->items[k].q[w]->id - wv->item_lo] = (int32_t)k;
		e->cur_w = w;
		e->resp = 0;
		e->group = -1;
		e->nrows = 0;
		if (store_answers(e->st, wv->id, 0, on_answer, e) < 0)
			return AN_ESTORE;
		flush_respondent(e);
		if (!e->has_by)
			e->gsize[w * e->G] = wv->respondents;
	}
	return 0;
}

/* ---- the result's frame: waves, groups, total ---- */

static void frame(struct engine *e)
{
	struct an_result *r = e->r;
	const struct an_settings *set = &e->rq->set;
	size_t w, g, n = 0;
	struct buf b;

	r->set = *set;
	r->nwaves = e->nw;
	for (w = 0; w < e->nw; w++) {
		r->waves[w] = xstrdup(e->w[w]->name);
		r->respondents[w] = e->w[w]->respondents;
	}
	e->shown = xcalloc(e->G, sizeof(size_t));
	if (e->has_by) {
		r->by = xstrdup(e->by.ref->name);
		r->by_label = dup_or_null(e->by.ref->label);
		r->groups = xcalloc(e->G, sizeof(*r->groups));
		for (g = 0; g < e->by.ncodes; g++) {
			long sum = 0;

			for (w = 0; w < e->nw; w++)
				sum += e->gsize[w * e->G + g];
			if (!code_substantive(&e->by, g) || sum == 0)
				continue;
			e->shown[n] = g;
			r->groups[n].code = e->by.codes[g];
			r->groups[n].label = xstrdup(e->by.code_label[g]);
			n++;
		}
		for (w = 0; w < e->nw; w++) {
			long grouped = 0;

			for (g = 0; g < e->G; g++)
				grouped += e->gsize[w * e->G + g];
			r->ungrouped[w] = e->w[w]->respondents - grouped;
		}
	}
	r->ngroups = n;
	r->nrows = n + 1;
	buf_init(&b);
	buf_adds(&b, set->lang == AN_LANG_EN ? "total" : "totaal");
	for (g = 0; g < e->by.ncodes; g++) {
		if (e->in_total[g] || !code_substantive(&e->by, g))
			continue;
		buf_printf(&b, "%s%s", r->nexcludes ? ", " : " excl. ", e->by.code_label[g]);
		r->excludes = xrealloc(r->excludes, (r->nexcludes + 1) * sizeof(char *));
		r->excludes[r->nexcludes++] = xstrdup(e->by.code_label[g]);
	}
	r->total_label = buf_detach(&b);
	if (r->set.letters == AN_LETTERS_DEFAULT)
		r->set.letters = e->nw == 1 ? AN_LETTERS_REFERENCE : AN_LETTERS_NONE;
	if (!e->has_by)
		r->set.letters = AN_LETTERS_NONE;
	if (r->set.adjust == AN_ADJUST_DEFAULT)
		r->set.adjust = r->set.letters == AN_LETTERS_PAIRWISE ? STATS_ADJUST_BONFERRONI
								   : STATS_ADJUST_NONE;
}

/* ---- cells ---- */

/* A cell's data for tests: the cell and, for means, its values. */
struct side {
	struct an_cell *c;
	double *v;		/* means: the values (borrowed or owned by the table builder) */
	size_t n;
};

static void cell_clear(struct an_cell *c)
{
	memset(c, 0, sizeof(*c));
	c->x = -1;
	c->value = c->share = c->sd = c->ci_low = c->ci_high = NAN;
	c->median = c->q1 = c->q3 = NAN;
}

static void prop_cell(struct an_cell *c, long x, long n, long min_base)
{
	c->x = x;
	c->n = n;
	c->value = n > 0 ? (double)x / (double)n : NAN;
	if (n == 0 || n < min_base)
		c->reason = AN_UNTESTABLE_BASE;
	else if (x == 0 || x == n)
		c->reason = AN_UNTESTABLE_EXTREME;
}

static int mean_cell(struct an_cell *c, double *v, size_t n, int skewed, long min_base)
{
	c->n = (long)n;
	if (n == 0) {
		c->reason = AN_UNTESTABLE_BASE;
		return 0;
	}
	if (skewed) {
		struct stats_summary s;

		if (stats_describe(v, n, 0.95, v, &s) < 0)
			return tv_error("cannot describe %zu values", n);
		c->value = s.mean;
		c->sd = s.sd;
		c->ci_low = s.ci_low;
		c->ci_high = s.ci_high;
		c->median = s.median;
		c->q1 = s.q1;
		c->q3 = s.q3;
	} else {
		c->value = stats_mean(v, n);
		c->sd = stats_sd(v, n);
		if (stats_t_ci(c->value, c->sd, (double)n, 0.95, &c->ci_low, &c->ci_high) < 0)
			return tv_error("cannot compute a confidence interval");
	}
	if ((long)n < min_base || n < 2)
		c->reason = AN_UNTESTABLE_BASE;
	else if (c->sd == 0)
		c->reason = AN_UNTESTABLE_NO_VARIANCE;
	return 0;
}

/* ---- tests ---- */

static enum stats_sided sided_for(const struct an_settings *set, int a_larger)
{
	if (!set->one_sided)
		return STATS_TWO_SIDED;
	return a_larger ? STATS_GREATER : STATS_LESS;
}

static double *work_for(struct engine *e, size_t n)
{
	if (n > e->work_cap) {
		e->work_cap = n;
		free(e->work);
		e->work = xmalloc(n * sizeof(double));
	}
	return e->work;
}

/*
 * Test side a against side b with the table's test. Returns 1 and fills *out
 * when a p-value came out, 0 when the test had none (nothing to list), -1 on
 * impossible input (reported).
 */
static int compare(struct engine *e, const struct an_table *t, const struct side *a,
	const struct side *b, struct an_comparison *out)
{
	const struct an_settings *set = &e->r->set;
	struct stats_result res;
	int rc;

	memset(out, 0, sizeof(*out));
	out->df = NAN;
	if (t->measure != AN_MEAN) {
		double x1 = (double)a->c->x, n1 = (double)a->c->n, x2 = (double)b->c->x,
		       n2 = (double)b->c->n, col = x1 + x2, nn = n1 + n2;
		double emin = fmin(n1, n2) * fmin(col, nn - col) / nn;

		out->a_larger = x1 * n2 > x2 * n1;
		if (emin < set->fisher_below) {
			out->test = AN_TEST_FISHER;
			rc = stats_fisher_2x2(a->c->x, a->c->n - a->c->x, b->c->x, b->c->n - b->c->x,
					      sided_for(set, out->a_larger), &res);
		} else {
			out->test = AN_TEST_Z;
			rc = stats_prop_z(x1, n1, x2, n2, sided_for(set, out->a_larger), 0, &res);
		}
	} else if (t->skewed) {
		double *wk = work_for(e, a->n + b->n);

		out->test = AN_TEST_MANN_WHITNEY;
		rc = stats_mann_whitney(a->v, a->n, b->v, b->n, STATS_TWO_SIDED, STATS_CORRECT, wk, &res);
		out->a_larger = rc == 0 && res.statistic > (double)a->n * (double)b->n / 2;
		if (rc == 0 && set->one_sided)
			rc = stats_mann_whitney(a->v, a->n, b->v, b->n, sided_for(set, out->a_larger),
						STATS_CORRECT, wk, &res);
	} else {
		out->test = set->pooled ? AN_TEST_POOLED_T : AN_TEST_WELCH;
		out->a_larger = a->c->value > b->c->value;
		rc = stats_t_summary(a->c->value, a->c->sd, (double)a->c->n, b->c->value, b->c->sd,
				     (double)b->c->n, sided_for(set, out->a_larger),
				     set->pooled ? STATS_POOLED : 0, &res);
	}
	if (rc < 0)
		return tv_error("item '%s': a %s test got impossible input", t->item,
				an_test_name(out->test));
	if (isnan(res.p))
		return 0;
	out->statistic = out->test == AN_TEST_FISHER ? NAN : res.statistic;
	if (out->test == AN_TEST_WELCH || out->test == AN_TEST_POOLED_T)
		out->df = res.df;
	out->p = out->p_adjusted = res.p;
	out->significant = res.p < set->alpha;
	return 1;
}

static struct an_comparison *cmp_push(struct an_table *t, size_t *cap)
{
	if (t->ncmp == *cap) {
		*cap = *cap ? 2 * *cap : 8;
		t->cmp = xrealloc(t->cmp, *cap * sizeof(*t->cmp));
	}
	return &t->cmp[t->ncmp++];
}

static void warn(struct an_table *t, char *msg)
{
	t->warnings = xrealloc(t->warnings, (t->nwarnings + 1) * sizeof(char *));
	t->warnings[t->nwarnings++] = msg;
}

/* A label for --total-exclude, quoted for the shell when it has to be. */
static void shell_word(struct buf *b, const char *s)
{
	if (strpbrk(s, " '\"\\$`*?;&|()<>!#~"))
		buf_printf(b, "'%s'", s);
	else
		buf_adds(b, s);
}

/* Compare the groups that make up each wave's total; warn when they differ. */
static void check_composition(struct engine *e, struct an_table *t)
{
	const struct an_result *r = e->r;
	struct buf msg, fix;
	size_t g, w;
	int differs = 0;
	int en = r->set.lang == AN_LANG_EN;

	t->total_comparable = 1;
	if (r->nwaves < 2 || r->ngroups == 0)
		return;
	buf_init(&msg);
	buf_init(&fix);
	for (w = 0; w < 2; w++) {
		struct buf lacks;
		size_t other = 1 - w;

		buf_init(&lacks);
		for (g = 0; g < r->ngroups; g++) {
			if (!e->in_total[e->shown[g]])
				continue;
			if (an_cell_at(r, t, g, w)->n == 0 && an_cell_at(r, t, g, other)->n > 0) {
				buf_printf(&lacks, "%s%s", lacks.len ? (en ? " and " : " en ") : "",
					   r->groups[g].label);
				if (fix.len)
					buf_addc(&fix, ',');
				shell_word(&fix, r->groups[g].label);
			}
		}
		if (lacks.len) {
			if (en)
				buf_printf(&msg, "%stotal %s contains no %s, total %s does", differs ? "; " : "",
					   r->waves[w], lacks.s, r->waves[other]);
			else
				buf_printf(&msg, "%stotaal %s bevat geen %s, totaal %s wel", differs ? "; " : "",
					   r->waves[w], lacks.s, r->waves[other]);
			differs = 1;
		}
		buf_release(&lacks);
	}
	if (differs) {
		t->total_comparable = 0;
		if (en)
			warn(t, xasprintf("note: %s; use --total-exclude %s for a comparable total",
					  msg.s, fix.s));
		else
			warn(t, xasprintf("let op: %s; gebruik --total-exclude %s voor een vergelijkbaar "
					  "totaal", msg.s, fix.s));
	}
	buf_release(&msg);
	buf_release(&fix);
}

static void add_letter(struct an_cell *c, char letter)
{
	size_t n = strlen(c->letters), i;

	if (strchr(c->letters, letter) || n + 1 >= sizeof(c->letters))
		return;
	for (i = n; i > 0 && c->letters[i - 1] > letter; i--)
		c->letters[i] = c->letters[i - 1];
	c->letters[i] = letter;
	c->letters[n + 1] = '\0';
}

static int wave_tests(struct engine *e, struct an_table *t, struct side *sides, size_t *cap)
{
	const struct an_result *r = e->r;
	size_t row;

	if (r->nwaves < 2)
		return 0;
	for (row = 0; row < r->nrows; row++) {
		struct side *a = &sides[row * 2], *b = &sides[row * 2 + 1];
		struct an_comparison c;
		int rc;

		if (a->c->reason != AN_TESTABLE || b->c->reason != AN_TESTABLE)
			continue;
		if (row == r->ngroups && !t->total_comparable)
			continue;
		rc = compare(e, t, a, b, &c);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		c.kind = AN_CMP_WAVES;
		c.row_a = c.row_b = row;
		c.wave_a = 0;
		c.wave_b = 1;
		*cmp_push(t, cap) = c;
		if (r->set.year_mark == AN_YEAR_STAR) {
			b->c->year_mark = c.significant ? '*' : '\0';
		} else {
			a->c->year_mark = 'a';
			b->c->year_mark = c.significant ? 'b' : 'a';
		}
	}
	return 0;
}

static int group_tests(struct engine *e, struct an_table *t, struct side *sides, size_t w,
	size_t *cap)
{
	const struct an_result *r = e->r;
	size_t i, j, first = t->ncmp, m;
	double *p;

	if (r->set.letters == AN_LETTERS_NONE || r->ngroups < 2)
		return 0;
	for (i = 0; i < r->ngroups; i++) {
		for (j = i + 1; j < r->ngroups; j++) {
			struct side *a = &sides[i * r->nwaves + w], *b = &sides[j * r->nwaves + w];
			struct an_comparison c;
			int rc;

			if (a->c->reason != AN_TESTABLE || b->c->reason != AN_TESTABLE)
				continue;
			rc = compare(e, t, a, b, &c);
			if (rc < 0)
				return -1;
			if (rc == 0)
				continue;
			c.kind = AN_CMP_GROUPS;
			c.row_a = i;
			c.row_b = j;
			c.wave_a = c.wave_b = w;
			*cmp_push(t, cap) = c;
		}
		if (r->set.letters == AN_LETTERS_REFERENCE)
			break;
	}
	m = t->ncmp - first;
	if (m == 0)
		return 0;
	if (r->set.adjust != STATS_ADJUST_NONE) {
		p = xmalloc(m * sizeof(double));
		for (i = 0; i < m; i++)
			p[i] = t->cmp[first + i].p;
		if (stats_p_adjust(p, m, (enum stats_adjust)r->set.adjust, NULL, p) < 0) {
			free(p);
			return tv_error("item '%s': cannot adjust p-values", t->item);
		}
		for (i = 0; i < m; i++) {
			t->cmp[first + i].p_adjusted = p[i];
			t->cmp[first + i].significant = p[i] < r->set.alpha;
		}
		free(p);
	}
	for (i = first; i < t->ncmp; i++) {
		const struct an_comparison *c = &t->cmp[i];
		struct an_cell *ca = sides[c->row_a * r->nwaves + w].c;
		struct an_cell *cb = sides[c->row_b * r->nwaves + w].c;

		if (!c->significant)
			continue;
		if (r->set.letters == AN_LETTERS_REFERENCE)
			add_letter(cb, (char)('a' + c->row_b));
		else if (ca->value > cb->value || (ca->value == cb->value && c->a_larger))
			add_letter(ca, (char)('a' + c->row_b));
		else
			add_letter(cb, (char)('a' + c->row_a));
	}
	return 0;
}

/* ---- tables ---- */

static char *quoted_missing(const struct aitem *a)
{
	struct buf b;
	size_t c;

	buf_init(&b);
	for (c = 0; c < a->ncodes; c++)
		if (!code_substantive(a, c))
			buf_printf(&b, "%s'%s'", b.len ? ", " : "", a->code_label[c]);
	return b.len ? buf_detach(&b) : (buf_release(&b), NULL);
}

static char *measure_label(const struct engine *e, const struct aitem *a, enum an_measure m,
	size_t code)
{
	struct buf b;
	size_t c;

	if (m == AN_MEAN)
		return xstrdup(e->rq->set.lang == AN_LANG_EN ? "mean" : "gemiddelde");
	if (m == AN_OPTION)
		return xasprintf("%% %s", a->code_label[code]);
	if (a->ref->top_label)
		return xasprintf("%% %s", a->ref->top_label);
	buf_init(&b);
	buf_adds(&b, "% ");
	for (c = 0; c < a->ncodes; c++)
		if (a->flags[a->ref_wave][c] & F_TOP)
			buf_printf(&b, "%s%s", b.len > 2 ? "/" : "", a->code_label[c]);
	return buf_detach(&b);
}

static long row_count(struct engine *e, const struct aitem *a, size_t row, size_t w, size_t slot)
{
	const struct an_result *r = e->r;
	long sum = 0;
	size_t g;

	if (row < r->ngroups)
		return counters(e, a, w, e->shown[row])[slot];
	for (g = 0; g < e->G; g++)
		if (e->in_total[g])
			sum += counters(e, a, w, g)[slot];
	return sum;
}

static long row_size(struct engine *e, size_t row, size_t w)
{
	const struct an_result *r = e->r;
	long sum = 0;
	size_t g;

	if (row < r->ngroups)
		return e->gsize[w * e->G + e->shown[row]];
	for (g = 0; g < e->G; g++)
		if (e->in_total[g])
			sum += e->gsize[w * e->G + g];
	return sum;
}

/* x of a proportion cell: top-box answers or answers with unified code `code`. */
static long row_x(struct engine *e, const struct aitem *a, enum an_measure m, size_t code,
	size_t row, size_t w)
{
	long x = 0;
	size_t c;

	if (m == AN_OPTION)
		return row_count(e, a, row, w, C_CODES + code);
	for (c = 0; c < a->ncodes; c++)
		if ((a->flags[w][c] & (F_TOP | F_MISSING)) == F_TOP)
			x += row_count(e, a, row, w, C_CODES + c);
	return x;
}

static long row_choices(struct engine *e, const struct aitem *a, size_t row, size_t w)
{
	long x = 0;
	size_t c;

	for (c = 0; c < a->ncodes; c++)
		if ((a->flags[w][c] & (F_IN | F_MISSING)) == F_IN)
			x += row_count(e, a, row, w, C_CODES + c);
	return x;
}

/* The values of a mean cell: a group's own array, or a new concatenation for the total. */
static double *row_values(struct engine *e, const struct aitem *a, size_t row, size_t w,
	size_t *n, int *owned)
{
	const struct an_result *r = e->r;
	size_t g, len = 0;
	double *v;

	*owned = 0;
	if (row < r->ngroups) {
		struct dvec *d = &e->vals[a->vbase + w * e->G + e->shown[row]];

		*n = d->n;
		return d->v;
	}
	for (g = 0; g < e->G; g++)
		if (e->in_total[g])
			len += e->vals[a->vbase + w * e->G + g].n;
	v = xmalloc((len + 1) * sizeof(double));
	len = 0;
	for (g = 0; g < e->G; g++) {
		const struct dvec *d = &e->vals[a->vbase + w * e->G + g];

		if (!e->in_total[g] || d->n == 0)
			continue;
		memcpy(v + len, d->v, d->n * sizeof(double));
		len += d->n;
	}
	*owned = 1;
	*n = len;
	return v;
}

static int build_table(struct engine *e, const struct aitem *a, enum an_measure m, size_t code)
{
	struct an_result *r = e->r;
	struct an_table *t;
	struct side *sides;
	int *owned;
	size_t ncells = r->nrows * r->nwaves, i, w, cap = 0;
	int ret = -1;

	r->tables = xrealloc(r->tables, (r->ntables + 1) * sizeof(*r->tables));
	t = &r->tables[r->ntables++];
	memset(t, 0, sizeof(*t));
	t->item = xstrdup(a->ref->name);
	t->item_label = dup_or_null(a->ref->label);
	t->type = xstrdup(a->ref->type);
	t->measure = m;
	t->option = m == AN_OPTION ? a->codes[code] : 0;
	t->label = measure_label(e, a, m, code);
	t->unit = dup_or_null(a->ref->unit);
	t->skewed = m == AN_MEAN && a->ref->skewed;
	t->missing_labels = quoted_missing(a);
	for (w = 0; w < r->nwaves; w++)
		t->text[w] = a->q[w] ? dup_or_null(a->q[w]->text) : NULL;
	t->wording_differs = r->nwaves == 2 && t->text[0] && t->text[1] &&
			     strcmp(t->text[0], t->text[1]) != 0;
	if (t->wording_differs)
		warn(t, r->set.lang == AN_LANG_EN
			? xasprintf("note: the question wording differed between %s and %s",
				    r->waves[0], r->waves[1])
			: xasprintf("let op: de vraagstelling verschilde tussen %s en %s",
				    r->waves[0], r->waves[1]));
	t->cells = xcalloc(ncells, sizeof(*t->cells));
	sides = xcalloc(ncells, sizeof(*sides));
	owned = xcalloc(ncells, sizeof(int));
	for (i = 0; i < ncells; i++) {
		size_t row = i / r->nwaves;
		struct an_cell *c = &t->cells[i];

		w = i % r->nwaves;
		cell_clear(c);
		sides[i].c = c;
		c->missing = row_count(e, a, row, w, C_MISSING);
		c->not_asked = row_size(e, row, w) - row_count(e, a, row, w, C_ASKED);
		if (m == AN_MEAN) {
			sides[i].v = row_values(e, a, row, w, &sides[i].n, &owned[i]);
			if (mean_cell(c, sides[i].v, sides[i].n, t->skewed, r->set.min_base) < 0)
				goto out;
		} else {
			prop_cell(c, row_x(e, a, m, code, row, w), row_count(e, a, row, w, C_VALID),
				  r->set.min_base);
			if (a->kind == K_MULTIPLE) {
				long all = row_choices(e, a, row, w);

				c->share = all > 0 ? (double)c->x / (double)all : NAN;
			}
		}
	}
	check_composition(e, t);
	if (wave_tests(e, t, sides, &cap) < 0)
		goto out;
	for (w = 0; w < r->nwaves; w++)
		if (group_tests(e, t, sides, w, &cap) < 0)
			goto out;
	for (i = 0; i < t->ncmp; i++)
		t->nfisher += t->cmp[i].test == AN_TEST_FISHER;
	ret = 0;
out:
	for (i = 0; i < ncells; i++)
		if (owned[i])
			free(sides[i].v);
	free(owned);
	free(sides);
	return ret;
}

static int build_tables(struct engine *e)
{
	size_t k, c;

	for (k = 0; k < e->nitems; k++) {
		const struct aitem *a = &e->items[k];
		int has_top = 0;

		if (a->kind == K_NUMBER) {
			if (build_table(e, a, AN_MEAN, 0) < 0)
				return -1;
			continue;
		}
		for (c = 0; c < a->ncodes; c++)
			has_top |= (a->flags[a->ref_wave][c] & (F_TOP | F_MISSING)) == F_TOP;
		if (a->kind == K_SINGLE && has_top && build_table(e, a, AN_TOP, 0) < 0)
			return -1;
		if (a->kind == K_SINGLE && has_top && !e->rq->set.distribution)
			continue;
		for (c = 0; c < a->ncodes; c++)
			if (code_substantive(a, c) && build_table(e, a, AN_OPTION, c) < 0)
				return -1;
	}
	return 0;
}

/* ---- running and freeing ---- */

static void engine_release(struct engine *e)
{
	size_t i;

	for (i = 0; i < e->nall; i++) {
		struct wave *w = &e->all[i];
		size_t j;

		for (j = 0; j < w->nitems; j++) {
			struct q_item *it = &w->items[j];

			free(it->name);
			free(it->label);
			free(it->type);
			free(it->role);
			free(it->module);
			free(it->text);
			free(it->top_label);
			free(it->unit);
		}
		for (j = 0; j < w->nopts; j++)
			free(w->opts[j].label);
		free(w->items);
		free(w->opts);
		free(w->item_k);
		free(w->opt_ix);
		free(w->name);
		free(w->wording);
	}
	free(e->all);
	for (i = 0; i < e->nitems; i++)
		item_release(&e->items[i], e->nw);
	free(e->items);
	item_release(&e->by, e->nw);
	for (i = 0; i < e->nvals; i++)
		free(e->vals[i].v);
	free(e->vals);
	free(e->cnt);
	free(e->gsize);
	free(e->in_total);
	free(e->shown);
	free(e->work);
	free(e->rows);
	free(e->stamp);
	free(e->state);
	free(e->touched);
}

int an_run(struct store *st, const struct an_request *rq, struct an_result **out)
{
	struct engine e;
	int rc;

	memset(&e, 0, sizeof(e));
	e.st = st;
	e.rq = rq;
	e.r = xcalloc(1, sizeof(*e.r));
	*out = NULL;
	if (store_waves(st, wave_row, &e) < 0) {
		rc = AN_ESTORE;
		goto out;
	}
	if ((rc = select_waves(&e)) < 0 || (rc = select_items(&e)) < 0 ||
	    (rc = by_setup(&e)) < 0 || (rc = total_setup(&e)) < 0)
		goto out;
	if (scan(&e) < 0) {
		rc = AN_ESTORE;
		goto out;
	}
	frame(&e);
	if (e.r->set.letters != AN_LETTERS_NONE && e.r->ngroups > AN_MAX_GROUPS) {
		rc = tv_error("--letters needs at most %d groups; '%s' has %zu", AN_MAX_GROUPS,
			      e.r->by, e.r->ngroups);
		goto out;
	}
	if (build_tables(&e) < 0) {
		rc = AN_ESTORE;
		goto out;
	}
	*out = e.r;
	e.r = NULL;
	rc = 0;
out:
	engine_release(&e);
	an_result_free(e.r);
	return rc;
}

int an_groups(struct store *st, const struct an_request *rq, struct an_group **out, size_t *n)
{
	struct engine e;
	size_t i, g, k = 0;
	int rc = 0, any = 0;

	memset(&e, 0, sizeof(e));
	e.st = st;
	e.rq = rq;
	*out = NULL;
	*n = 0;
	if (store_waves(st, wave_row, &e) < 0) {
		rc = AN_ESTORE;
		goto out;
	}
	for (i = 0; i < e.nall; i++)
		any |= e.all[i].respondents > 0 && e.all[i].qid != 0;
	if (rq->nwaves == 0 && !any)
		goto out;	/* no questionnaire answered yet: no groups, and nothing to report */
	if ((rc = select_waves(&e)) < 0 || (rc = by_setup(&e)) < 0 || !e.has_by)
		goto out;
	/* The loop of frame(), without its test for respondents. */
	*out = xcalloc(e.by.ncodes + 1, sizeof(**out));
	for (g = 0; g < e.by.ncodes; g++) {
		if (!code_substantive(&e.by, g))
			continue;
		(*out)[k].code = e.by.codes[g];
		(*out)[k].label = xstrdup(e.by.code_label[g]);
		k++;
	}
	*n = k;
	if (k == 0) {
		free(*out);
		*out = NULL;
	}
out:
	engine_release(&e);
	return rc;
}

void an_groups_free(struct an_group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(g[i].label);
	free(g);
}

void an_result_free(struct an_result *r)
{
	size_t i, j;

	if (!r)
		return;
	for (i = 0; i < r->ntables; i++) {
		struct an_table *t = &r->tables[i];

		free(t->item);
		free(t->item_label);
		free(t->type);
		free(t->label);
		free(t->unit);
		free(t->missing_labels);
		for (j = 0; j < AN_MAX_WAVES; j++)
			free(t->text[j]);
		for (j = 0; j < t->nwarnings; j++)
			free(t->warnings[j]);
		free(t->warnings);
		free(t->cells);
		free(t->cmp);
	}
	free(r->tables);
	for (i = 0; i < r->nwaves; i++)
		free(r->waves[i]);
	for (i = 0; i < r->ngroups; i++)
		free(r->groups[i].label);
	free(r->groups);
	for (i = 0; i < r->nexcludes; i++)
		free(r->excludes[i]);
	free(r->excludes);
	free(r->by);
	free(r->by_label);
	free(r->total_label);
	free(r);
}
