/* report_study.c: what the study has (waves, items, modules, options) and the check of a template's directives against it. */
#include "analyze/report_int.h"
#include "core/store.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- what the study has: waves, items, modules, options ---- */

static int cat_wave_cb(void *ctx, const struct store_wave_row *w)
{
	struct rp_catalog *c = ctx;
	struct rp_cat_wave *cw;

	c->waves = xrealloc(c->waves, (c->nwaves + 1) * sizeof(*c->waves));
	cw = &c->waves[c->nwaves++];
	cw->name = xstrdup(w->name);
	cw->wording = w->wording ? xstrdup(w->wording) : NULL;
	cw->qid = w->questionnaire_id;
	cw->respondents = w->respondents;
	return 0;
}

static char *dup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int cat_item_cb(void *ctx, const struct store_item_row *it)
{
	struct rp_catalog *c = ctx;
	struct rp_cat_item *ci;

	c->items = xrealloc(c->items, (c->nitems + 1) * sizeof(*c->items));
	ci = &c->items[c->nitems++];
	ci->name = xstrdup(it->name);
	ci->label = dup0(it->label);
	ci->type = xstrdup(it->type);
	ci->role = dup0(it->role);
	ci->module = dup0(it->module);
	ci->module_title = dup0(it->module_title);
	ci->qid = c->cur_qid;
	ci->scale_id = it->scale_id;
	ci->skewed = it->skewed;
	return 0;
}

static int cat_opt_cb(void *ctx, const struct store_option_row *o)
{
	struct rp_catalog *c = ctx;
	struct rp_cat_opt *co;

	c->opts = xrealloc(c->opts, (c->nopts + 1) * sizeof(*c->opts));
	co = &c->opts[c->nopts++];
	co->qid = c->cur_qid;
	co->scale_id = o->scale_id;
	co->code = o->code;
	co->label = xstrdup(o->label);
	co->is_missing = o->is_missing;
	co->is_top = o->is_top;
	return 0;
}

int rp_catalog_load(struct store *st, struct rp_catalog *c)
{
	size_t i, j;

	if (store_waves(st, cat_wave_cb, c) < 0)
		return -1;
	for (i = 0; i < c->nwaves; i++) {
		int seen = c->waves[i].qid == 0;

		for (j = 0; j < i && !seen; j++)
			seen = c->waves[j].qid == c->waves[i].qid;
		if (seen)
			continue;
		c->cur_qid = c->waves[i].qid;
		if (store_items(st, c->cur_qid, NULL, cat_item_cb, c) < 0 ||
		    store_options(st, c->cur_qid, cat_opt_cb, c) < 0)
			return -1;
	}
	return 0;
}

void rp_catalog_release(struct rp_catalog *c)
{
	size_t i;

	for (i = 0; i < c->nwaves; i++) {
		free(c->waves[i].name);
		free(c->waves[i].wording);
	}
	for (i = 0; i < c->nitems; i++) {
		struct rp_cat_item *it = &c->items[i];

		free(it->name);
		free(it->label);
		free(it->type);
		free(it->role);
		free(it->module);
		free(it->module_title);
	}
	for (i = 0; i < c->nopts; i++)
		free(c->opts[i].label);
	free(c->waves);
	free(c->items);
	free(c->opts);
}

const struct rp_cat_wave *rp_cat_wave(const struct rp_catalog *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nwaves; i++)
		if (strcmp(c->waves[i].name, name) == 0)
			return &c->waves[i];
	return NULL;
}

const struct rp_cat_item *rp_cat_item(const struct rp_catalog *c, const char *name)
{
	const struct rp_cat_item *found = NULL;
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (strcmp(c->items[i].name, name) == 0)
			found = &c->items[i];
	return found;
}

const struct rp_cat_item *rp_cat_role(const struct rp_catalog *c, const char *role)
{
	const struct rp_cat_item *found = NULL;
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (c->items[i].role && strcmp(c->items[i].role, role) == 0)
			found = &c->items[i];
	return found;
}

const struct rp_cat_item *rp_cat_module(const struct rp_catalog *c, const char *module)
{
	const struct rp_cat_item *found = NULL;
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (c->items[i].module && strcmp(c->items[i].module, module) == 0)
			found = &c->items[i];
	return found;
}

const struct rp_cat_opt *rp_cat_option(const struct rp_catalog *c, const struct rp_cat_item *it,
	long code)
{
	size_t i;

	for (i = 0; i < c->nopts; i++)
		if (c->opts[i].qid == it->qid && c->opts[i].scale_id == it->scale_id &&
		    c->opts[i].code == code)
			return &c->opts[i];
	return NULL;
}

static int cat_has_top(const struct rp_catalog *c, const struct rp_cat_item *it)
{
	size_t i;

	for (i = 0; i < c->nopts; i++)
		if (c->opts[i].qid == it->qid && c->opts[i].scale_id == it->scale_id && c->opts[i].is_top)
			return 1;
	return 0;
}

/* ---- checking directives against the study ---- */

static int check_wave(struct rp_ctx *c, const struct report_directive *d, const struct report_arg *a,
	const char *name, int need_respondents)
{
	const struct rp_cat_wave *w = rp_cat_wave(&c->cat, name);
	struct buf b;
	size_t i;

	if (w && (!need_respondents || w->respondents > 0))
		return 0;
	if (w)
		return rp_at(c, d, a, 1, "wave '%s' has no respondents", name);
	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < c->cat.nwaves; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", c->cat.waves[i].name);
	rp_at(c, d, a, 1, "unknown wave '%s' (the study has %s)", name, c->cat.nwaves ? b.s : "no waves");
	buf_release(&b);
	return REPORT_EDATA;
}

static int check_waves(struct rp_ctx *c, const struct report_directive *d, int need_respondents)
{
	const struct report_arg *a = rp_arg(d, "waves");
	struct rp_strlist l = { 0 };
	size_t i;
	int ret = 0;

	if (!a)
		a = rp_arg(d, "wave");
	if (!a) {
		if (need_respondents && c->nwaves == 0)
			return rp_at(c, d, NULL, 0, "the study has no respondents for '%s'", d->name);
		return 0;
	}
	rp_split_commas(a->value, &l);
	for (i = 0; i < l.n; i++)
		if (check_wave(c, d, a, rp_wave_name(c, l.v[i]), need_respondents) < 0)
			ret = REPORT_EDATA;
	rp_strlist_release(&l);
	return ret;
}

static int check_code(struct rp_ctx *c, const struct report_directive *d, const struct report_arg *a,
	const char *code, char pol[4])
{
	int64_t id;
	int rc = store_code_find(c->st, code, &id, pol);

	if (rc < 0)
		return REPORT_ESTORE;
	if (rc == 0)
		return rp_at(c, d, a, 1, "unknown code '%s' (not in a codebook of the study)", code);
	return 0;
}

static int check_coder(struct rp_ctx *c, const struct report_directive *d, const struct report_arg *a,
	const char *name)
{
	int64_t id;
	int rc = store_coder_find(c->st, name, &id);

	if (rc < 0)
		return REPORT_ESTORE;
	if (rc == 0)
		return rp_at(c, d, a, 1, "unknown coder '%s'", name);
	return 0;
}

/* The groups of the by variable: total-exclude names one by label (any case) or code. */
static int check_groups(struct rp_ctx *c, const struct report_directive *d)
{
	const struct report_arg *a = rp_arg(d, "total-exclude"), *by = rp_arg(d, "by");
	const struct rp_cat_item *it;
	struct rp_strlist l = { 0 };
	size_t i, k;
	int ret = 0;

	if (!a)
		return 0;
	if (by && strcmp(by->value, "none") == 0)
		return rp_at(c, d, a, 0, "'total-exclude' needs groups (not by=none)");
	it = by ? rp_cat_item(&c->cat, by->value) : rp_cat_role(&c->cat, "segment");
	if (!it)
		return rp_at(c, d, a, 0, "'total-exclude' needs groups: the study has no segment variable");
	rp_split_commas(a->value, &l);
	for (i = 0; i < l.n; i++) {
		int found = 0;
		long code;

		for (k = 0; k < c->cat.nopts && !found; k++) {
			const struct rp_cat_opt *o = &c->cat.opts[k];

			found = o->qid == it->qid && o->scale_id == it->scale_id && !o->is_missing &&
				(str_eq_trim_ci(l.v[i], o->label) ||
				 (num_parse_long(l.v[i], &code) == 0 && code == o->code));
		}
		if (!found)
			ret = rp_at(c, d, a, 1, "'%s' is not a group of '%s'", l.v[i], it->name);
	}
	rp_strlist_release(&l);
	return ret;
}

static int check_measure(struct rp_ctx *c, const struct report_directive *d,
	const struct rp_cat_item *it)
{
	const struct report_arg *a = rp_arg(d, "measure");
	int mean = strcmp(it->type, "mark") == 0 || strcmp(it->type, "number") == 0;
	long code;

	if (!a)
		return 0;
	if (strcmp(a->value, "mean") == 0 && !mean)
		return rp_at(c, d, a, 1, "item '%s' is a %s item: it has no mean", it->name, it->type);
	if (strcmp(a->value, "top") == 0 && (mean || !cat_has_top(&c->cat, it)))
		return rp_at(c, d, a, 1, "item '%s' has no top options: it has no 'top' measure", it->name);
	if (strncmp(a->value, "option:", 7) == 0) {
		const struct rp_cat_opt *o;

		num_parse_long(a->value + 7, &code);
		o = mean ? NULL : rp_cat_option(&c->cat, it, code);
		if (!o || o->is_missing)
			return rp_at(c, d, a, 1, "item '%s' has no option %ld", it->name, code);
	}
	return 0;
}

static int check_survey_target(struct rp_ctx *c, const struct report_directive *d, int kind)
{
	const struct report_arg *t = rp_target(d), *by = rp_arg(d, "by");
	const char *v = t->value;
	const struct rp_cat_item *it;
	int ret = 0;

	if (strncmp(v, "module:", 7) == 0) {
		if (kind == RP_CHART)
			return rp_at(c, d, t, 1, "a chart shows one item, not '%s'", v);
		if (!rp_cat_module(&c->cat, v + 7))
			ret = rp_at(c, d, t, 1, "unknown module '%s'", v + 7);
	} else if (!(it = rp_cat_item(&c->cat, v))) {
		ret = rp_at(c, d, t, 1, "unknown item '%s' (not in a questionnaire of the study)", v);
	} else if (strcmp(it->type, "open") == 0) {
		ret = rp_at(c, d, t, 1, "item '%s' is an open question: use 'themes' and 'quotes'", v);
	} else if (check_measure(c, d, it) < 0) {
		ret = REPORT_EDATA;
	}
	if (by && strcmp(by->value, "none") != 0) {
		const struct rp_cat_item *b = rp_cat_item(&c->cat, by->value);

		if (!b)
			ret = rp_at(c, d, by, 1, "unknown item '%s' for 'by'", by->value);
		else if (strcmp(b->type, "single") != 0)
			ret = rp_at(c, d, by, 1, "'by' needs a single-choice item; '%s' is a %s item", b->name,
				    b->type);
	}
	if (check_groups(c, d) < 0)
		ret = REPORT_EDATA;
	if (check_waves(c, d, 1) < 0)
		ret = REPORT_EDATA;
	return ret;
}

static int check_list(struct rp_ctx *c, const struct report_directive *d, const char *key, int codes)
{
	const struct report_arg *a = rp_arg(d, key);
	struct rp_strlist l = { 0 };
	size_t i;
	int ret = 0, rc;

	if (!a)
		return 0;
	rp_split_commas(a->value, &l);
	for (i = 0; i < l.n; i++) {
		char pol[4];

		rc = codes ? check_code(c, d, a, l.v[i], pol) : check_coder(c, d, a, l.v[i]);
		if (rc == REPORT_ESTORE) {
			ret = rc;
			break;
		}
		if (rc < 0)
			ret = REPORT_EDATA;
	}
	rp_strlist_release(&l);
	return ret;
}

int rp_check_directive(struct rp_ctx *c, const struct report_directive *d)
{
	int kind = rp_kind_of(d->name), ret = 0, rc;

	switch (kind) {
	case RP_TABLE:
	case RP_CHART:
		return check_survey_target(c, d, kind);
	case RP_RESPONSE:
		return check_waves(c, d, 0);
	case RP_THEMES:
		ret = check_list(c, d, "coder", 0);
		rc = check_list(c, d, "codes", 1);
		ret = ret == REPORT_ESTORE ? ret : rc < 0 ? rc : ret;
		if (rp_arg(d, "wave") &&
		    check_wave(c, d, rp_arg(d, "wave"), rp_wave_name(c, rp_opt(d, "wave")), 0) < 0)
			ret = ret == REPORT_ESTORE ? ret : REPORT_EDATA;
		return ret;
	case RP_QUOTES: {
		char pol[4] = "";
		const struct report_arg *p = rp_arg(d, "polarity");

		rc = check_code(c, d, rp_target(d), rp_target(d)->value, pol);
		if (rc == REPORT_ESTORE)
			return rc;
		if (rc == 0 && p && !strchr(pol, *p->value))
			ret = rp_at(c, d, p, 1, "code '%s' has no polarity '%s' (it has '%s')",
				    rp_target(d)->value, p->value, pol);
		if (rc < 0)
			ret = rc;
		rc = check_list(c, d, "coder", 0);
		if (rc < 0)
			ret = rc;
		if (rp_arg(d, "wave") &&
		    check_wave(c, d, rp_arg(d, "wave"), rp_wave_name(c, rp_opt(d, "wave")), 0) < 0)
			ret = ret == REPORT_ESTORE ? ret : REPORT_EDATA;
		return ret;
	}
	case RP_AGREEMENT:
		ret = check_list(c, d, "coders", 0);
		rc = check_list(c, d, "codes", 1);
		return ret == REPORT_ESTORE ? ret : rc < 0 ? rc : ret;
	default:
		return 0;
	}
}
