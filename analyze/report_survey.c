/* report_survey.c: the survey directives: item and module tables and bar charts, computed through analyze/tables.h. */
#include "analyze/report_int.h"
#include "analyze/render.h"
#include "analyze/stats.h"
#include "analyze/svg.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- what a directive asks of analyze/tables.h ---- */

struct req {
	struct an_request rq;
	struct rp_strlist waves, items, exclude;
	const struct report_arg *measure;
};

static void req_release(struct req *q)
{
	rp_strlist_release(&q->waves);
	rp_strlist_release(&q->items);
	rp_strlist_release(&q->exclude);
}

/* The items of a module in the selected waves' questionnaires: the later wave's order first. */
static void module_items(const struct rp_ctx *c, const char *module, const struct req *q,
	struct rp_strlist *out)
{
	size_t w, i;

	for (w = q->rq.nwaves; w-- > 0;) {
		const struct rp_cat_wave *cw = rp_cat_wave(&c->cat, q->rq.waves[w]);

		for (i = 0; cw && i < c->cat.nitems; i++) {
			const struct rp_cat_item *it = &c->cat.items[i];

			if (it->qid == cw->qid && it->module && strcmp(it->module, module) == 0 &&
			    strcmp(it->type, "open") != 0 && !rp_strlist_has(out, it->name))
				rp_strlist_add(out, xstrdup(it->name));
		}
	}
}

static void make_request(const struct rp_ctx *c, const struct report_directive *d, struct req *q)
{
	const char *v;
	size_t i;

	memset(q, 0, sizeof(*q));
	an_request_init(&q->rq);
	if ((v = rp_opt(d, "waves")))
		rp_split_commas(v, &q->waves);
	else if ((v = rp_opt(d, "wave")))
		rp_strlist_add(&q->waves, xstrdup(rp_wave_name(c, v)));
	else
		for (i = 0; i < c->nwaves; i++)
			rp_strlist_add(&q->waves, xstrdup(c->waves[i]));
	for (i = 0; i < q->waves.n && i < AN_MAX_WAVES; i++)
		q->rq.waves[i] = q->waves.v[i];
	q->rq.nwaves = q->waves.n < AN_MAX_WAVES ? q->waves.n : AN_MAX_WAVES;
	q->rq.by = rp_opt(d, "by");
	if ((v = rp_opt(d, "letters")))
		q->rq.set.letters = strcmp(v, "none") == 0 ? AN_LETTERS_NONE :
				    strcmp(v, "reference") == 0 ? AN_LETTERS_REFERENCE : AN_LETTERS_PAIRWISE;
	if ((v = rp_opt(d, "adjust")))
		q->rq.set.adjust = strcmp(v, "none") == 0 ? STATS_ADJUST_NONE :
				   strcmp(v, "holm") == 0 ? STATS_ADJUST_HOLM : STATS_ADJUST_BONFERRONI;
	if ((v = rp_opt(d, "year-mark")))
		q->rq.set.year_mark = strcmp(v, "star") == 0 ? AN_YEAR_STAR : AN_YEAR_LETTERS;
	if ((v = rp_opt(d, "total-exclude")))
		rp_split_commas(v, &q->exclude);
	q->rq.exclude = (const char *const *)q->exclude.v;
	q->rq.nexclude = q->exclude.n;
	q->rq.set.distribution = (v = rp_opt(d, "distribution")) && strcmp(v, "yes") == 0;
	q->rq.set.alpha = c->o->alpha;
	q->rq.set.min_base = c->o->min_base;
	q->measure = rp_arg(d, "measure");
	v = rp_target(d)->value;
	if (strncmp(v, "module:", 7) == 0)
		module_items(c, v + 7, q, &q->items);
	else
		rp_strlist_add(&q->items, xstrdup(v));
	q->rq.items = (const char *const *)q->items.v;
	q->rq.nitems = q->items.n;
}

/* How `tevreden analyze` recomputes a table: the options as data (no "--" inside an HTML comment). */
static char *analyze_check(const struct rp_ctx *c, const struct report_directive *d,
	const struct req *q, const char *kind, const char *measure)
{
	static const char *const keys[] = { "by", "letters", "adjust", "year-mark", "distribution",
		"show", NULL };
	cJSON *o = cJSON_CreateObject();
	size_t i;

	cJSON_AddStringToObject(o, "kind", kind);
	rp_json_strs(o, "waves", &q->waves);
	rp_json_strs(o, "items", &q->items);
	rp_json_strs(o, "total_exclude", &q->exclude);
	for (i = 0; keys[i]; i++)
		if (rp_opt(d, keys[i]))
			cJSON_AddStringToObject(o, keys[i], rp_opt(d, keys[i]));
	if (measure)
		cJSON_AddStringToObject(o, "measure", measure);
	cJSON_AddNumberToObject(o, "alpha", c->o->alpha);
	cJSON_AddNumberToObject(o, "min_base", (double)c->o->min_base);
	cJSON_AddNumberToObject(o, "suppress", (double)c->o->suppress);
	return rp_json_done(o);
}

static int run(struct rp_ctx *c, const struct report_directive *d, const struct req *q,
	struct an_result **out)
{
	int rc = an_run(c->st, &q->rq, out);

	if (rc == 0)
		return 0;
	rp_at(c, d, NULL, 0, "the %s above cannot be made", d->name);
	return rc == AN_EDATA ? REPORT_EDATA : REPORT_ESTORE;
}

/* ---- tables ---- */

static int measure_matches(const struct an_table *t, const char *measure)
{
	char buf[32];

	return !measure || strcmp(an_measure_name(t, buf), measure) == 0;
}

static char *caption_of(const struct an_result *r, const struct an_table *t, const char *title)
{
	char *head = render_heading(r, t), *s;
	size_t skip = strlen(t->item) + 2;

	if (title) {
		const char *paren = strrchr(head, '(');

		s = paren ? xasprintf("%s %s", title, paren) : xstrdup(title);
	} else {
		s = xstrdup(strlen(head) > skip ? head + skip : head);
	}
	free(head);
	rp_ucfirst(s);
	return s;
}

static void fill_cell(const struct rp_ctx *c, const struct an_result *r, const struct an_table *t,
	const struct an_cell *ac, struct report_cell *cell, int *suppressed)
{
	int mean = t->measure == AN_MEAN;
	enum report_num kind = mean ? REPORT_NUM_DECIMAL : REPORT_NUM_PERCENT;

	if (ac->n > 0 && ac->n < c->o->suppress) {
		rp_cell_set(cell, xstrdup(RP_DASH), NAN, kind, mean ? 1 : 0, ac->n, NULL);
		cell->suppressed = 1;
		*suppressed = 1;
		return;
	}
	rp_cell_set(cell, render_value(r, t, ac, 0), ac->n ? ac->value : NAN, kind, mean ? 1 : 0, ac->n,
		    render_marks(r, ac));
}

/*
 * In a row with a value not shown, the year marks of the others would still
 * tell how the hidden value compares: they go (group letters stay).
 */
static void row_hide_year_marks(const struct an_result *r, const struct an_table *t, size_t row,
	struct report_cell *cells, size_t step)
{
	size_t w;
	int hidden = 0;

	for (w = 0; w < r->nwaves; w++)
		hidden |= cells[w * step].suppressed;
	if (!hidden)
		return;
	for (w = 0; w < r->nwaves; w++) {
		struct an_cell ac = *an_cell_at(r, t, row, w);

		if (cells[w * step].suppressed)
			continue;
		ac.year_mark = 0;
		free(cells[w * step].marks);
		cells[w * step].marks = render_marks(r, &ac);
	}
}

static char *suppress_note(const struct rp_ctx *c)
{
	return xasprintf(RP_DASH " als waarde: niet getoond, minder dan %ld antwoorden (privacy)",
			    c->o->suppress);
}

static void legend_into(const struct an_result *r, const struct an_table *t, struct report_table *rt)
{
	size_t n, i, k;
	char **lines = render_legend(r, t, &n);

	for (i = 0; i < n; i++) {
		for (k = 0; k < rt->nnotes && strcmp(rt->notes[k], lines[i]) != 0; k++)
			;
		if (k == rt->nnotes)
			rp_table_note(rt, xstrdup(lines[i]));
	}
	render_lines_free(lines, n);
}

static int do_item_table(struct rp_ctx *c, const struct report_directive *d)
{
	struct req q;
	struct an_result *r = NULL;
	const char *measure = rp_opt(d, "measure"), *v;
	int only_total = (v = rp_opt(d, "show")) && strcmp(v, "total") == 0;
	int summary = !((v = rp_opt(d, "summary")) && strcmp(v, "no") == 0);
	size_t i, row, w, made = 0;
	int ret;

	make_request(c, d, &q);
	ret = run(c, d, &q, &r);
	if (ret < 0)
		goto out;
	for (i = 0; i < r->ntables; i++) {
		const struct an_table *t = &r->tables[i];
		struct report_table rt;
		size_t first = only_total ? r->nrows - 1 : 0;
		char *caption, mbuf[32];
		int sup = 0;

		if (!measure_matches(t, measure))
			continue;
		made++;
		caption = caption_of(r, t, rp_opt(d, "title"));
		if (only_total) {
			char *cc = xasprintf("%s, %s", caption, r->total_label);

			free(caption);
			caption = cc;
		}
		rp_table_init(&rt, caption, r->by_label ? r->by_label : "", r->nwaves, r->nrows - first);
		free(caption);
		for (w = 0; w < r->nwaves; w++) {
			rt.cols[w].head = xstrdup(r->waves[w]);
			rt.cols[w].has_n = rt.cols[w].has_marks = 1;
		}
		for (row = first; row < r->nrows; row++) {
			rt.row_labels[row - first] = xstrdup(an_row_label(r, row));
			for (w = 0; w < r->nwaves; w++)
				fill_cell(c, r, t, an_cell_at(r, t, row, w),
					  &rt.cells[(row - first) * r->nwaves + w], &sup);
			row_hide_year_marks(r, t, row, &rt.cells[(row - first) * r->nwaves], 1);
		}
		legend_into(r, t, &rt);
		if (sup)
			rp_table_note(&rt, suppress_note(c));
		if (summary)
			rt.summary = report_sentence(r, t, rp_opt(d, "say"), c->o->suppress);
		rt.check = analyze_check(c, d, &q, "item", an_measure_name(t, mbuf));
		rp_table_add(c, &rt, t->item, 1);
	}
	if (!made)
		ret = rp_at(c, d, q.measure, 1, "item '%s' has no table '%s'", q.items.v[0], measure);
out:
	an_result_free(r);
	req_release(&q);
	return ret;
}

static int do_module_table(struct rp_ctx *c, const struct report_directive *d)
{
	struct req q;
	struct an_result *r = NULL;
	const char *module = rp_target(d)->value + 7, *measure = rp_opt(d, "measure"), *v;
	const struct rp_cat_item *mi = rp_cat_module(&c->cat, module);
	int only_total = (v = rp_opt(d, "show")) && strcmp(v, "total") == 0;
	int summary = !((v = rp_opt(d, "summary")) && strcmp(v, "no") == 0);
	size_t i, k, row, w, first, nsel = 0, nrowsel, *sel = NULL;
	struct report_table rt;
	int ret, same_label = 1, sup = 0;
	char *caption;

	make_request(c, d, &q);
	if (q.items.n == 0) {
		ret = rp_at(c, d, rp_target(d), 1, "module '%s' has no closed items in wave%s %s%s%s", module,
			    q.rq.nwaves > 1 ? "s" : "", q.rq.waves[0], q.rq.nwaves > 1 ? " and " : "",
			    q.rq.nwaves > 1 ? q.rq.waves[1] : "");
		goto out;
	}
	ret = run(c, d, &q, &r);
	if (ret < 0)
		goto out;
	sel = xcalloc(r->ntables + 1, sizeof(size_t));
	for (i = 0; i < r->ntables; i++) {
		if (!measure_matches(&r->tables[i], measure))
			continue;
		if (nsel && strcmp(r->tables[i].label, r->tables[sel[0]].label) != 0)
			same_label = 0;
		sel[nsel++] = i;
	}
	if (!nsel) {
		ret = rp_at(c, d, q.measure, 1, "module '%s' has no table '%s'", module, measure);
		goto out;
	}
	first = only_total ? r->nrows - 1 : 0;
	nrowsel = r->nrows - first;
	caption = xasprintf("%s%s%s%s%s%s", rp_opt(d, "title") ? rp_opt(d, "title") :
			    mi && mi->module_title ? mi->module_title : module, same_label ? " (" : "",
			    same_label ? r->tables[sel[0]].label : "", same_label ? ")" : "",
			    only_total ? ", " : "", only_total ? r->total_label : "");
	rp_table_init(&rt, caption, "", nrowsel * r->nwaves, nsel);
	free(caption);
	for (row = first; row < r->nrows; row++) {
		for (w = 0; w < r->nwaves; w++) {
			struct report_col *col = &rt.cols[(row - first) * r->nwaves + w];

			col->head = only_total ? xstrdup(r->waves[w]) :
				    xasprintf("%s %s", an_row_label(r, row), r->waves[w]);
			col->has_n = col->has_marks = 1;
		}
	}
	for (k = 0; k < nsel; k++) {
		const struct an_table *t = &r->tables[sel[k]];
		const char *label = t->item_label ? t->item_label : t->item;

		rt.row_labels[k] = same_label ? xstrdup(label) : xasprintf("%s (%s)", label, t->label);
		for (row = first; row < r->nrows; row++) {
			for (w = 0; w < r->nwaves; w++)
				fill_cell(c, r, t, an_cell_at(r, t, row, w),
					  &rt.cells[k * rt.ncols + (row - first) * r->nwaves + w], &sup);
			row_hide_year_marks(r, t, row, &rt.cells[k * rt.ncols + (row - first) * r->nwaves], 1);
		}
		legend_into(r, t, &rt);
	}
	if (sup)
		rp_table_note(&rt, suppress_note(c));
	if (summary)
		rt.summary = rp_module_sentence(r, first, c->o->suppress);
	rt.check = analyze_check(c, d, &q, "module", measure);
	rp_table_add(c, &rt, module, 0);
out:
	free(sel);
	an_result_free(r);
	req_release(&q);
	return ret;
}

int rp_do_table(struct rp_ctx *c, const struct report_directive *d)
{
	if (strncmp(rp_target(d)->value, "module:", 7) == 0)
		return do_module_table(c, d);
	return do_item_table(c, d);
}

/* ---- charts ---- */

static void desc_value(struct buf *b, const struct an_result *r, const struct an_table *t,
	const struct an_cell *ac, long suppress)
{
	char *v;

	if (ac->n == 0) {
		buf_adds(b, "niet gevraagd");
		return;
	}
	if (ac->n < suppress) {
		buf_printf(b, "niet getoond (n=%ld)", ac->n);
		return;
	}
	v = rp_say_value(r, t, ac);
	buf_printf(b, "%s (n=%ld)", v, ac->n);
	free(v);
}

int rp_do_chart(struct rp_ctx *c, const struct report_directive *d)
{
	struct req q;
	struct an_result *r = NULL;
	const struct an_table *t = NULL;
	const char *measure = rp_opt(d, "measure"), *v;
	int with_total = !((v = rp_opt(d, "total")) && strcmp(v, "no") == 0);
	size_t i, row, w, ng, nb;
	struct svg_bar *bars = NULL;
	const char **groups = NULL;
	char **labels = NULL, **marks = NULL;
	struct svg_chart ch;
	struct buf desc, cap;
	double max = 0;
	char *svg, *caption, *e;
	int ret, any_mark = 0;

	make_request(c, d, &q);
	ret = run(c, d, &q, &r);
	if (ret < 0)
		goto out;
	for (i = 0; i < r->ntables && !t; i++)
		if (measure_matches(&r->tables[i], measure))
			t = &r->tables[i];
	if (!t) {
		ret = rp_at(c, d, q.measure, 1, "item '%s' has no table '%s'", q.items.v[0], measure);
		goto out;
	}
	ng = with_total || r->ngroups == 0 ? r->nrows : r->ngroups;
	nb = ng * r->nwaves;
	bars = xcalloc(nb + 1, sizeof(*bars));
	groups = xcalloc(ng + 1, sizeof(char *));
	labels = xcalloc(nb + 1, sizeof(char *));
	marks = xcalloc(nb + 1, sizeof(char *));
	buf_init(&desc);
	caption = caption_of(r, t, rp_opt(d, "title"));
	for (row = 0; row < ng; row++) {
		groups[row] = an_row_label(r, row);
		buf_printf(&desc, "%s%s:", row ? "; " : "", groups[row]);
		for (w = 0; w < r->nwaves; w++) {
			const struct an_cell *ac = an_cell_at(r, t, row, w);
			struct svg_bar *bar = &bars[row * r->nwaves + w];
			int show = rp_shown(ac, c->o->suppress);
			struct buf m;

			buf_init(&m);
			buf_adds(&m, "");
			bar->n = ac->n;
			bar->value = show ? (t->measure == AN_MEAN ? ac->value : 100 * ac->value) : NAN;
			labels[row * r->nwaves + w] = show ? rp_say_value(r, t, ac) :
						      xstrdup(ac->n > 0 ? RP_DASH : "");
			if (show && (ac->year_mark == 'b' || ac->year_mark == '*') && w > 0 &&
			    rp_shown(an_cell_at(r, t, row, 0), c->o->suppress))
				buf_addc(&m, '*');
			if (show && ac->letters[0])
				buf_printf(&m, "%s[%s]", m.len ? " " : "", ac->letters);
			any_mark |= m.len > 0;
			marks[row * r->nwaves + w] = buf_detach(&m);
			bar->label = labels[row * r->nwaves + w];
			bar->mark = marks[row * r->nwaves + w];
			if (!isnan(bar->value))
				max = fmax(max, bar->value);
			buf_printf(&desc, " %s ", r->waves[w]);
			desc_value(&desc, r, t, ac, c->o->suppress);
			if (*bar->mark)
				buf_printf(&desc, " %s", bar->mark);
		}
	}
	buf_addc(&desc, '.');
	c->figures++;
	c->r->ncharts++;
	memset(&ch, 0, sizeof(ch));
	ch.id = c->figures;
	ch.title = caption;
	ch.desc = desc.s;
	ch.groups = groups;
	ch.ngroups = ng;
	ch.series = (const char *const *)r->waves;
	ch.nseries = r->nwaves;
	ch.bars = bars;
	if (t->measure != AN_MEAN)
		ch.max = 100;
	else if (strcmp(t->type, "mark") == 0)
		ch.max = 10;
	else
		ch.max = max > 0 ? max * 1.15 : 1;
	ch.axis = t->label;
	svg = svg_bar_chart(&ch);
	buf_init(&cap);
	buf_printf(&cap, "Figuur %d. %s.", c->figures, caption);
	if (any_mark && r->nwaves == 2)
		buf_printf(&cap, " * = significant verschil met %s in dezelfde groep.", r->waves[0]);
	if (any_mark && r->set.letters != AN_LETTERS_NONE)
		buf_adds(&cap, " [x] = significant hoger dan de groep met letter x (a, b, c … in volgorde).");
	buf_printf(&cap, " Onder elke staaf: de basis n; " RP_DASH " = niet getoond (minder dan %ld "
		   "antwoorden). Toetsen als in de tabellen (α = ", c->o->suppress);
	{
		char a[32];

		buf_printf(&cap, "%s, %s).", rp_alpha_str(r->set.alpha, a), r->set.one_sided ? "eenzijdig" :
			   "tweezijdig");
	}
	rp_md_gap(c);
	rp_md_line(c, "%s", "<figure class=\"chart\">");
	rp_md_line(c, "%s", svg);
	e = svg_escape(cap.s);
	rp_md_line(c, "<figcaption>%s</figcaption>", e);
	rp_md_line(c, "%s", "</figure>");
	rp_md_line(c, "%s", "");
	free(e);
	free(svg);
	free(caption);
	buf_release(&cap);
	buf_release(&desc);
	for (i = 0; i < nb; i++) {
		free(labels[i]);
		free(marks[i]);
	}
out:
	free(bars);
	free(groups);
	free(labels);
	free(marks);
	an_result_free(r);
	req_release(&q);
	return ret;
}
