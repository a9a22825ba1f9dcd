/* report_sentence.c: the generated sentences under survey tables: what the tests say, and nothing else. */
#include "analyze/report_int.h"
#include "analyze/render.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the sentence under an item table ---- */

char *rp_say_value(const struct an_result *r, const struct an_table *t, const struct an_cell *c)
{
	struct an_table tt = *t;
	struct an_cell cc = *c;

	tt.skewed = 0;
	cc.share = NAN;
	return render_value(r, &tt, &cc, 0);
}

int rp_shown(const struct an_cell *c, long suppress)
{
	return c->n > 0 && c->n >= suppress;
}

static const struct an_comparison *find_cmp(const struct an_table *t, enum an_kind k, size_t ra,
	size_t wa, size_t rb, size_t wb)
{
	size_t i;

	for (i = 0; i < t->ncmp; i++) {
		const struct an_comparison *c = &t->cmp[i];

		if (c->kind == k && c->row_a == ra && c->wave_a == wa && c->row_b == rb && c->wave_b == wb)
			return c;
	}
	return NULL;
}

/* 1 when b is above a (a test decides a tie of values: Mann–Whitney's mean ranks). */
static int b_higher(const struct an_cell *a, const struct an_cell *b, const struct an_comparison *cmp)
{
	if (b->value != a->value)
		return b->value > a->value;
	return cmp ? !cmp->a_larger : 0;
}

static const char *why_untested(const struct an_cell *a, const struct an_cell *b)
{
	enum an_reason why = a->reason != AN_TESTABLE ? a->reason : b->reason;

	switch (why) {
	case AN_UNTESTABLE_BASE: return "te kleine basis";
	case AN_UNTESTABLE_EXTREME: return "0 of 100 %";
	case AN_UNTESTABLE_NO_VARIANCE: return "geen spreiding";
	default: return "geen toets mogelijk";
	}
}

/* The opening clause: `say` with {value} filled in, or one made from the item's label. */
static void opening(struct buf *b, const struct an_table *t, const char *say, const char *value)
{
	const char *label = t->item_label ? t->item_label : t->item;
	const char *p;

	if (say) {
		for (p = say; *p;) {
			if (strncmp(p, "{value}", 7) == 0) {
				buf_adds(b, value);
				p += 7;
			} else {
				buf_addc(b, *p++);
			}
		}
		return;
	}
	if (t->measure == AN_MEAN) {
		buf_printf(b, "%s: gemiddeld %s", label, value);
		if (t->unit && !strstr(label, t->unit))
			buf_printf(b, " %s", t->unit);
		return;
	}
	buf_printf(b, "%s: %s %s", label, value, strncmp(t->label, "% ", 2) == 0 ? t->label + 2 : t->label);
}

/* Groups with answers in one wave and none in the other: "2015 zonder JB/JR". */
static void composition(const struct an_result *r, const struct an_table *t, struct buf *b)
{
	size_t w, g;
	int any = 0;

	for (w = 0; w < 2; w++) {
		struct rp_strlist miss = { 0 };

		for (g = 0; g < r->ngroups; g++)
			if (an_cell_at(r, t, g, w)->n == 0 && an_cell_at(r, t, g, 1 - w)->n > 0)
				rp_strlist_add(&miss, xstrdup(r->groups[g].label));
		if (miss.n) {
			buf_printf(b, "%s%s zonder ", any ? ", " : "", r->waves[w]);
			rp_join(b, &miss, ", ", " en ");
			any = 1;
		}
		rp_strlist_release(&miss);
	}
}

static void sentence_total(const struct an_result *r, const struct an_table *t, const char *say,
	long suppress, struct buf *b)
{
	size_t tot = r->ngroups, last = r->nwaves - 1;
	const struct an_cell *c1 = an_cell_at(r, t, tot, last), *c0;
	const struct an_comparison *cmp;
	char *v1, *v0;
	size_t start = b->len;

	if (c1->n == 0) {
		buf_printf(b, "In %s is deze vraag niet gesteld.", r->waves[last]);
		return;
	}
	if (!rp_shown(c1, suppress)) {
		buf_printf(b, "Het %s van %s heeft te weinig antwoorden om te tonen (n=%ld).", r->total_label,
			   r->waves[last], c1->n);
		return;
	}
	v1 = rp_say_value(r, t, c1);
	opening(b, t, say, v1);
	buf_printf(b, " (%s %s)", r->total_label, r->waves[last]);
	free(v1);
	if (r->nwaves == 2) {
		c0 = an_cell_at(r, t, tot, 0);
		cmp = find_cmp(t, AN_CMP_WAVES, tot, 0, tot, 1);
		v0 = rp_say_value(r, t, c0);
		if (c0->n == 0) {
			buf_printf(b, "; in %s is deze vraag niet gesteld", r->waves[0]);
		} else if (r->ngroups && !t->total_comparable) {
			buf_printf(b, "; de totalen van %s en %s bevatten niet dezelfde groepen (", r->waves[0],
				   r->waves[1]);
			composition(r, t, b);
			buf_adds(b, "), dus is het verschil niet getoetst");
		} else if (!rp_shown(c0, suppress)) {
			buf_printf(b, "; %s heeft te weinig antwoorden om te vergelijken", r->waves[0]);
		} else if (!cmp) {
			buf_printf(b, "; het verschil met %s (%s) is niet getoetst (%s)", r->waves[0], v0,
				   why_untested(c0, c1));
		} else if (cmp->significant) {
			buf_printf(b, "; dat is significant %s dan in %s (%s)",
				   b_higher(c0, c1, cmp) ? "hoger" : "lager", r->waves[0], v0);
		} else {
			buf_printf(b, "; dat is niet significant verschillend van %s (%s)", r->waves[0], v0);
		}
		free(v0);
	}
	buf_addc(b, '.');
	rp_ucfirst(b->s + start);
}

static void sentence_groups_waves(const struct an_result *r, const struct an_table *t, long suppress,
	struct buf *b)
{
	struct rp_strlist parts = { 0 };
	size_t g;

	for (g = 0; g < r->ngroups; g++) {
		const struct an_cell *a = an_cell_at(r, t, g, 0), *c = an_cell_at(r, t, g, 1);
		const struct an_comparison *cmp = find_cmp(t, AN_CMP_WAVES, g, 0, g, 1);
		const char *label = r->groups[g].label;
		char *va, *vb;

		if (a->n == 0 && c->n == 0)
			continue;
		va = rp_say_value(r, t, a);
		vb = rp_say_value(r, t, c);
		if (a->n == 0)
			rp_strlist_add(&parts, rp_shown(c, suppress) ?
				       xasprintf("%s alleen in %s (%s)", label, r->waves[1], vb) :
				       xasprintf("%s alleen in %s", label, r->waves[1]));
		else if (c->n == 0)
			rp_strlist_add(&parts, rp_shown(a, suppress) ?
				       xasprintf("%s alleen in %s (%s)", label, r->waves[0], va) :
				       xasprintf("%s alleen in %s", label, r->waves[0]));
		else if (!rp_shown(a, suppress) || !rp_shown(c, suppress))
			rp_strlist_add(&parts, xasprintf("%s te weinig antwoorden om te vergelijken", label));
		else if (cmp && cmp->significant)
			rp_strlist_add(&parts, xasprintf("%s significant %s (%s tegen %s)", label,
							 b_higher(a, c, cmp) ? "hoger" : "lager", vb, va));
		else if (cmp)
			rp_strlist_add(&parts, xasprintf("%s niet significant verschillend (%s tegen %s)", label,
							 vb, va));
		else
			rp_strlist_add(&parts, xasprintf("%s niet getoetst, %s (%s tegen %s)", label,
							 why_untested(a, c), vb, va));
		free(va);
		free(vb);
	}
	if (parts.n) {
		buf_printf(b, " Per groep, %s tegen %s: ", r->waves[1], r->waves[0]);
		rp_join(b, &parts, "; ", NULL);
		buf_addc(b, '.');
	}
	rp_strlist_release(&parts);
}

static void sentence_groups_letters(const struct an_result *r, const struct an_table *t, long suppress,
	struct buf *b)
{
	size_t w = r->nwaves - 1, i;
	struct rp_strlist parts = { 0 };
	int tested = 0;

	if (r->set.letters == AN_LETTERS_NONE || r->ngroups < 2)
		return;
	for (i = 0; i < t->ncmp; i++) {
		const struct an_comparison *cmp = &t->cmp[i];
		const struct an_cell *a, *c;
		char *va, *vc;
		int hi;

		if (cmp->kind != AN_CMP_GROUPS || cmp->wave_a != w)
			continue;
		a = an_cell_at(r, t, cmp->row_a, w);
		c = an_cell_at(r, t, cmp->row_b, w);
		if (!rp_shown(a, suppress) || !rp_shown(c, suppress))
			continue;
		tested = 1;
		if (!cmp->significant)
			continue;
		hi = b_higher(a, c, cmp);
		va = rp_say_value(r, t, a);
		vc = rp_say_value(r, t, c);
		rp_strlist_add(&parts, xasprintf("%s significant hoger dan %s (%s tegen %s)",
						 an_row_label(r, hi ? cmp->row_b : cmp->row_a),
						 an_row_label(r, hi ? cmp->row_a : cmp->row_b), hi ? vc : va,
						 hi ? va : vc));
		free(va);
		free(vc);
	}
	if (parts.n) {
		buf_printf(b, " In %s: ", r->waves[w]);
		rp_join(b, &parts, "; ", NULL);
		buf_printf(b, "%s.", r->set.letters == AN_LETTERS_REFERENCE ? "" :
			   "; de andere verschillen tussen de groepen zijn niet significant");
	} else if (tested) {
		buf_printf(b, " In %s verschillen de groepen niet significant van %s.", r->waves[w],
			   r->set.letters == AN_LETTERS_REFERENCE ? r->groups[0].label : "elkaar");
	}
	rp_strlist_release(&parts);
}

/* Share of the total row's respondents that were asked the item. */
static double asked_share(const struct an_cell *c)
{
	long all = c->n + c->missing + c->not_asked;

	return all ? (double)(c->n + c->missing) / (double)all : NAN;
}

static void sentence_warnings(const struct an_result *r, const struct an_table *t, struct buf *b)
{
	const struct an_cell *c0, *c1;
	double s0, s1;

	if (r->nwaves != 2)
		return;
	if (t->wording_differs)
		buf_printf(b, " Let op: de vraagstelling verschilde tussen %s en %s.", r->waves[0],
			   r->waves[1]);
	c0 = an_cell_at(r, t, r->ngroups, 0);
	c1 = an_cell_at(r, t, r->ngroups, 1);
	s0 = asked_share(c0);
	s1 = asked_share(c1);
	if (c0->n > 0 && c1->n > 0 && fabs(s0 - s1) > 0.10) {
		char *p0 = rp_pct_str(s0), *p1 = rp_pct_str(s1);

		buf_printf(b, " Let op: de basis verschilt: in %s kreeg %s van de respondenten deze vraag, "
			   "in %s %s (routing).", r->waves[0], p0, r->waves[1], p1);
		free(p0);
		free(p1);
	}
}

char *report_sentence(const struct an_result *r, const struct an_table *t, const char *say,
	long suppress)
{
	struct buf b;

	buf_init(&b);
	sentence_total(r, t, say, suppress, &b);
	if (r->nwaves == 2 && r->ngroups)
		sentence_groups_waves(r, t, suppress, &b);
	sentence_groups_letters(r, t, suppress, &b);
	sentence_warnings(r, t, &b);
	return buf_detach(&b);
}

/* ---- the summary under a module table ---- */

/* Per item, the significant differences between groups in the last wave. */
static void module_letters(const struct an_result *r, long suppress, struct buf *b)
{
	struct rp_strlist items = { 0 };
	size_t w = r->nwaves - 1, i, k;
	int tested = 0;

	for (i = 0; i < r->ntables; i++) {
		const struct an_table *t = &r->tables[i];
		struct rp_strlist pairs = { 0 };

		for (k = 0; k < t->ncmp; k++) {
			const struct an_comparison *cmp = &t->cmp[k];
			const struct an_cell *a, *c;
			int hi;

			if (cmp->kind != AN_CMP_GROUPS || cmp->wave_a != w)
				continue;
			a = an_cell_at(r, t, cmp->row_a, w);
			c = an_cell_at(r, t, cmp->row_b, w);
			if (!rp_shown(a, suppress) || !rp_shown(c, suppress))
				continue;
			tested = 1;
			if (!cmp->significant)
				continue;
			hi = b_higher(a, c, cmp);
			rp_strlist_add(&pairs, xasprintf("%s hoger dan %s",
							 an_row_label(r, hi ? cmp->row_b : cmp->row_a),
							 an_row_label(r, hi ? cmp->row_a : cmp->row_b)));
		}
		if (pairs.n) {
			struct buf e;

			buf_init(&e);
			buf_printf(&e, "%s (", t->item_label ? t->item_label : t->item);
			rp_join(&e, &pairs, ", ", NULL);
			buf_addc(&e, ')');
			rp_strlist_add(&items, buf_detach(&e));
		}
		rp_strlist_release(&pairs);
	}
	if (items.n) {
		buf_printf(b, "%sSignificante verschillen tussen de groepen in %s: ", b->len ? " " : "",
			   r->waves[w]);
		rp_join(b, &items, "; ", NULL);
		buf_adds(b, ". De andere verschillen tussen de groepen zijn niet significant.");
	} else if (tested) {
		buf_printf(b, "%sIn %s verschillen de groepen bij geen van deze vragen significant.",
			   b->len ? " " : "", r->waves[w]);
	}
	rp_strlist_release(&items);
}

char *rp_module_sentence(const struct an_result *r, size_t first, long suppress)
{
	struct rp_strlist up = { 0 }, down = { 0 }, wording = { 0 };
	struct buf b;
	size_t i, row;
	int tested = 0, totals = 0;

	buf_init(&b);
	for (i = 0; i < r->ntables; i++) {
		const struct an_table *t = &r->tables[i];
		const char *label = t->item_label ? t->item_label : t->item;

		if (t->wording_differs)
			rp_strlist_add(&wording, xstrdup(label));
		if (r->nwaves != 2)
			continue;
		totals |= r->ngroups && !t->total_comparable && first == r->nrows - 1;
		for (row = first; row < r->nrows; row++) {
			const struct an_cell *a = an_cell_at(r, t, row, 0), *c = an_cell_at(r, t, row, 1);
			const struct an_comparison *cmp = find_cmp(t, AN_CMP_WAVES, row, 0, row, 1);
			char *va, *vc;

			if (!cmp || !rp_shown(a, suppress) || !rp_shown(c, suppress))
				continue;
			tested = 1;
			if (!cmp->significant)
				continue;
			va = rp_say_value(r, t, a);
			vc = rp_say_value(r, t, c);
			rp_strlist_add(b_higher(a, c, cmp) ? &up : &down,
				       xasprintf("%s (%s: %s tegen %s)", label, an_row_label(r, row), vc, va));
			free(va);
			free(vc);
		}
	}
	if (r->nwaves == 2) {
		if (down.n) {
			buf_printf(&b, "Significant lager in %s dan in %s: ", r->waves[1], r->waves[0]);
			rp_join(&b, &down, "; ", NULL);
			buf_adds(&b, ". ");
		}
		if (up.n) {
			buf_printf(&b, "Significant hoger in %s dan in %s: ", r->waves[1], r->waves[0]);
			rp_join(&b, &up, "; ", NULL);
			buf_adds(&b, ". ");
		}
		if (tested)
			buf_printf(&b, "%s getoetste verschillen tussen %s en %s zijn niet significant.",
				   up.n || down.n ? "De andere" : "De", r->waves[0], r->waves[1]);
		else
			buf_printf(&b, "Tussen %s en %s is niets getoetst.", r->waves[0], r->waves[1]);
		if (totals)
			buf_printf(&b, " De totalen van %s en %s bevatten niet dezelfde groepen en zijn niet "
				   "getoetst.", r->waves[0], r->waves[1]);
	}
	if (r->set.letters != AN_LETTERS_NONE && r->ngroups >= 2)
		module_letters(r, suppress, &b);
	if (wording.n) {
		buf_printf(&b, "%sLet op: de vraagstelling verschilde tussen %s en %s bij: ", b.len ? " " : "",
			   r->waves[0], r->waves[r->nwaves - 1]);
		rp_join(&b, &wording, ", ", " en ");
		buf_addc(&b, '.');
	}
	rp_strlist_release(&up);
	rp_strlist_release(&down);
	rp_strlist_release(&wording);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}
