/* themes.c: the theme table and quote selection over the coded segments of a study. */
#include "analyze/themes.h"
#include "analyze/stats.h"
#include "core/error.h"
#include "core/store.h"
#include "core/strset.h"
#include "core/table.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- loading segments ---- */

struct load {
	const struct th_filter *f;
	struct th_material *m;
};

static const char *nz(const char *s)
{
	return s ? s : "";
}

static int seg_cb(void *ctx, const struct store_segment_row *sg)
{
	struct load *l = ctx;
	const struct th_filter *f = l->f;
	struct th_material *m = l->m;
	struct th_segment *s;
	const char *group;
	char key[64];
	int transcript = strcmp(sg->doc_kind, "transcript") == 0;

	/* by group: a transcript's target group, an open answer's segment (basishulp, ...) */
	if (strcmp(f->by, "wave") == 0)
		group = sg->wave;
	else if (strcmp(f->by, "method") == 0)
		group = transcript ? sg->method : "telefonische enquête";
	else
		group = transcript ? sg->grp : sg->segment_label;
	if (!group)
		group = "(onbekend)";
	if (f->only_group && strcmp(group, f->only_group) != 0)
		return 0;
	if (f->only_wave && (!sg->wave || strcmp(sg->wave, f->only_wave) != 0))
		return 0;
	if (strcmp(f->unit, "documents") == 0 || (transcript && strcmp(f->unit, "respondents") == 0))
		snprintf(key, sizeof(key), "d%lld", (long long)sg->document_id);
	else if (strcmp(f->unit, "segments") == 0)
		snprintf(key, sizeof(key), "g%lld", (long long)sg->id);
	else if (transcript)
		snprintf(key, sizeof(key), "s%lld/%s", (long long)sg->document_id, nz(sg->speaker));
	else
		snprintf(key, sizeof(key), "r%lld", (long long)sg->respondent_id);
	if (m->nsegs == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 1024;
		m->segs = xrealloc(m->segs, m->cap * sizeof(*m->segs));
	}
	s = &m->segs[m->nsegs++];
	s->id = sg->id;
	s->unit = xstrdup(key);
	s->group = xstrdup(group);
	s->text = xstrdup(sg->text);
	s->document = xstrdup(sg->document);
	s->wave = xstrdup(nz(sg->wave));
	s->grp = xstrdup(transcript ? nz(sg->grp) : nz(sg->segment_label));
	s->method = xstrdup(transcript ? nz(sg->method) : "open antwoord");
	s->role = xstrdup(transcript ? nz(sg->speaker_role) : "respondent");
	s->speaker = xstrdup(transcript ? nz(sg->speaker) : "");
	return 0;
}

static int cmp_seg(const void *a, const void *b)
{
	int64_t x = ((const struct th_segment *)a)->id, y = ((const struct th_segment *)b)->id;

	return x < y ? -1 : x > y;
}

int th_material_load(struct store *st, const struct th_filter *f, struct th_material *m)
{
	struct load l = { f, m };

	if (store_segments(st, 1, seg_cb, &l) < 0)
		return TH_ESTORE;
	if (m->nsegs)
		qsort(m->segs, m->nsegs, sizeof(*m->segs), cmp_seg);
	return 0;
}

void th_material_release(struct th_material *m)
{
	size_t i;

	for (i = 0; i < m->nsegs; i++) {
		free(m->segs[i].unit);
		free(m->segs[i].group);
		free(m->segs[i].text);
		free(m->segs[i].document);
		free(m->segs[i].wave);
		free(m->segs[i].grp);
		free(m->segs[i].method);
		free(m->segs[i].role);
		free(m->segs[i].speaker);
	}
	free(m->segs);
	memset(m, 0, sizeof(*m));
}

const struct th_segment *th_material_find(const struct th_material *m, int64_t id)
{
	struct th_segment key = { .id = id };

	if (!m->nsegs)
		return NULL;
	return bsearch(&key, m->segs, m->nsegs, sizeof(*m->segs), cmp_seg);
}

/* ---- the theme table ---- */

struct codings {
	const struct th_material *m;
	const char *coder;
	char **code;		/* per coding */
	char *pol;
	const struct th_segment **seg;
	size_t n, cap;
};

static int coding_cb(void *ctx, const struct store_coding_row *c)
{
	struct codings *tc = ctx;
	const struct th_segment *s;

	if (strcmp(c->coder, tc->coder) != 0)
		return 0;
	s = th_material_find(tc->m, c->segment_id);
	if (!s)
		return 0;
	if (tc->n == tc->cap) {
		tc->cap = tc->cap ? 2 * tc->cap : 1024;
		tc->code = xrealloc(tc->code, tc->cap * sizeof(*tc->code));
		tc->pol = xrealloc(tc->pol, tc->cap * sizeof(*tc->pol));
		tc->seg = xrealloc(tc->seg, tc->cap * sizeof(*tc->seg));
	}
	tc->code[tc->n] = xstrdup(c->code);
	tc->pol[tc->n] = c->polarity && *c->polarity ? *c->polarity : '.';
	tc->seg[tc->n] = s;
	tc->n++;
	return 0;
}

static void codings_release(struct codings *tc)
{
	size_t i;

	for (i = 0; i < tc->n; i++)
		free(tc->code[i]);
	free(tc->code);
	free(tc->pol);
	free(tc->seg);
}

/* Units of a group that mention code (with polarity p, or any when p = 0). */
static long count_units(const struct codings *tc, const char *code, char p, const char *group)
{
	struct strset seen;
	long n = 0;
	size_t i;

	strset_init(&seen);
	for (i = 0; i < tc->n; i++)
		if (strcmp(tc->code[i], code) == 0 && (!p || tc->pol[i] == p) &&
		    strcmp(tc->seg[i]->group, group) == 0 && strset_add(&seen, tc->seg[i]->unit))
			n++;
	strset_release(&seen);
	return n;
}

static double min_expected(long a, long b, long c, long d)
{
	double n1 = (double)(a + b), n2 = (double)(c + d), tot = n1 + n2;
	double e = INFINITY;

	e = fmin(e, n1 * (double)(a + c) / tot);
	e = fmin(e, n1 * (double)(b + d) / tot);
	e = fmin(e, n2 * (double)(a + c) / tot);
	e = fmin(e, n2 * (double)(b + d) / tot);
	return e;
}

/* Pairwise tests between groups for one code: the cell of g gets the letters of groups g is above. */
static void letters_for(const long *x, const long *base, size_t ng, double min_base, double alpha,
	struct th_cell *cells)
{
	double p[TH_MAX_GROUPS * TH_MAX_GROUPS], adj[TH_MAX_GROUPS * TH_MAX_GROUPS];
	size_t pa[TH_MAX_GROUPS * TH_MAX_GROUPS], pb[TH_MAX_GROUPS * TH_MAX_GROUPS], np = 0, i, j;

	for (i = 0; i < ng; i++)
		cells[i].letters[0] = '\0';
	for (i = 0; i < ng; i++) {
		for (j = i + 1; j < ng; j++) {
			struct stats_result r;
			long a = x[i], b = base[i] - x[i], c = x[j], d = base[j] - x[j];

			if (!stats_prop_testable((double)x[i], (double)base[i], (double)x[j],
						 (double)base[j], min_base))
				continue;
			if (min_expected(a, b, c, d) < 5)
				stats_fisher_2x2(a, b, c, d, STATS_TWO_SIDED, &r);
			else
				stats_prop_z((double)x[i], (double)base[i], (double)x[j], (double)base[j],
					     STATS_TWO_SIDED, 0, &r);
			pa[np] = i;
			pb[np] = j;
			p[np++] = r.p;
		}
	}
	if (np == 0)
		return;
	stats_p_adjust(p, np, STATS_ADJUST_BONFERRONI, NULL, adj);
	for (i = 0; i < np; i++) {
		size_t hi, lo, n;

		if (!(adj[i] < alpha))
			continue;
		hi = (double)x[pa[i]] / (double)base[pa[i]] >= (double)x[pb[i]] / (double)base[pb[i]] ?
		     pa[i] : pb[i];
		lo = hi == pa[i] ? pb[i] : pa[i];
		n = strlen(cells[hi].letters);
		cells[hi].letters[n] = (char)('a' + lo);
		cells[hi].letters[n + 1] = '\0';
	}
}

static int strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int group_index(struct th_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++)
		if (strcmp(r->group[i], name) == 0)
			return (int)i;
	if (r->ngroups == TH_MAX_GROUPS)
		return -1;
	r->group[r->ngroups] = xstrdup(name);
	return (int)r->ngroups++;
}

/* Groups in order of first appearance; the base counts units with coded material. */
static int groups_build(const struct th_material *m, struct th_result *r)
{
	struct strset seen;
	size_t i;
	int ret = 0;

	strset_init(&seen);
	for (i = 0; i < m->nsegs; i++) {
		int k = group_index(r, m->segs[i].group);

		if (k < 0) {
			ret = tv_error("more than %d groups", TH_MAX_GROUPS);
			break;
		}
		if (strset_add(&seen, m->segs[i].unit))
			r->base[k]++;
	}
	strset_release(&seen);
	return ret;
}

int th_themes(struct store *st, const struct th_material *m, const char *coder, double min_base,
	double alpha, struct th_result *out)
{
	struct codings tc = { .m = m, .coder = coder };
	char **codes = NULL;
	size_t ncodes = 0, i, j, k;
	int ret = TH_ESTORE;

	memset(out, 0, sizeof(*out));
	if (store_codings(st, 0, coding_cb, &tc) < 0)
		goto out;
	out->ncodings = (long)tc.n;
	if (tc.n == 0) {
		ret = 0;
		goto out;
	}
	ret = TH_EDATA;
	if (groups_build(m, out) < 0)
		goto out;
	codes = xcalloc(tc.n + 1, sizeof(char *));
	for (i = 0; i < tc.n; i++) {
		for (j = 0; j < ncodes && strcmp(codes[j], tc.code[i]) != 0; j++)
			;
		if (j == ncodes)
			codes[ncodes++] = tc.code[i];
	}
	qsort(codes, ncodes, sizeof(char *), strcmp_ptr);
	out->rows = xcalloc(ncodes + 1, sizeof(*out->rows));
	for (i = 0; i < ncodes; i++) {
		struct th_row *row = &out->rows[out->nrows++];
		long x[TH_MAX_GROUPS];

		row->code = xstrdup(codes[i]);
		for (k = 0; k < out->ngroups; k++) {
			struct th_cell *c = &row->cells[k];

			c->x = x[k] = count_units(&tc, codes[i], 0, out->group[k]);
			c->positive = count_units(&tc, codes[i], '+', out->group[k]);
			c->negative = count_units(&tc, codes[i], '-', out->group[k]);
			c->value = out->base[k] ? (double)c->x / (double)out->base[k] : NAN;
		}
		letters_for(x, out->base, out->ngroups, min_base, alpha, row->cells);
	}
	ret = 0;
out:
	free(codes);
	codings_release(&tc);
	return ret;
}

void th_result_release(struct th_result *r)
{
	size_t i;

	for (i = 0; i < r->ngroups; i++)
		free(r->group[i]);
	for (i = 0; i < r->nrows; i++)
		free(r->rows[i].code);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}

/* ---- quotes ---- */

struct pick {
	const struct th_material *m;
	const struct th_quote_opts *o;
	const struct th_segment **found;
	size_t n, cap;
};

static int quote_cb(void *ctx, const struct store_coding_row *c)
{
	struct pick *q = ctx;
	const struct th_quote_opts *o = q->o;
	const struct th_segment *s;
	long len;

	if (strcmp(c->coder, o->coder) != 0 || strcmp(c->code, o->code) != 0)
		return 0;
	if (o->polarity && (!c->polarity || *c->polarity != o->polarity))
		return 0;
	s = th_material_find(q->m, c->segment_id);
	if (!s)
		return 0;
	len = (long)utf8_width(s->text);
	if (len > o->max_len || len < o->min_len)
		return 0;
	if (o->keep && !o->keep(o->keep_ctx, s))
		return 0;
	if (q->n == q->cap) {
		q->cap = q->cap ? 2 * q->cap : 64;
		q->found = xrealloc(q->found, q->cap * sizeof(*q->found));
	}
	q->found[q->n++] = s;
	return 0;
}

int th_quotes(struct store *st, const struct th_material *m, const struct th_quote_opts *o,
	const struct th_segment ***out, size_t *n)
{
	struct pick q = { .m = m, .o = o };
	const struct th_segment **chosen;
	unsigned char *used;
	long shown = 0;
	size_t i;

	*out = NULL;
	*n = 0;
	if (store_codings(st, 0, quote_cb, &q) < 0) {
		free(q.found);
		return TH_ESTORE;
	}
	used = xcalloc(q.n + 1, 1);
	chosen = xcalloc(q.n + 1, sizeof(*chosen));
	/* Round robin over documents: each pass takes the next quote of every document. */
	while (shown < o->limit) {
		const char *last_doc = NULL;
		int any = 0;

		for (i = 0; i < q.n && shown < o->limit; i++) {
			const struct th_segment *s = q.found[i];

			if (used[i])
				continue;
			if (last_doc && strcmp(last_doc, s->document) == 0)
				continue;
			used[i] = 1;
			any = 1;
			last_doc = s->document;
			chosen[shown++] = s;
		}
		if (!any)
			break;
	}
	free(used);
	free(q.found);
	*out = chosen;
	*n = (size_t)shown;
	return 0;
}
