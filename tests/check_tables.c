/* check_tables.c: unit tests of analyze/tables and analyze/render on a hand-made study with known answers from R 4.2.2. */
#include "analyze/render.h"
#include "analyze/stats.h"
#include "analyze/tables.h"
#include "core/store.h"
#include "core/util.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * The study below is built through the store API. Every expected statistic was
 * printed by R 4.2.2 (Debian r-base-core) with "%.17g" from the command written
 * next to it; p-values, statistics, means, SDs, CIs and quantiles must agree to
 * TOL relative error. Helpers used in the comments (fmt is R's sprintf, renamed
 * for `make lint`):
 *	fmt <- sprintf; f <- function(...) cat(fmt("%.17g", c(...)), "\n")
 *	pz <- function(r) sign(r$estimate[1] - r$estimate[2]) * sqrt(unname(r$statistic))
 * The R vectors of the numeric items (named in the comments) are:
 *	b15 <- rep(c(6,7,8,9), c(5,10,12,8));  b16 <- rep(c(5,6,7,8,9), c(6,9,10,7,3))
 *	s15 <- rep(c(5,6,7,8), c(8,10,10,4));  s16 <- rep(c(4,5,6,7,8), c(5,8,9,7,3))
 *	j16 <- rep(c(3,5,7,8,10), c(6,6,6,6,6))
 *	w15b <- rep(c(0,1,2,3,6), c(8,12,8,4,3)); w16b <- rep(c(0,1,2,4,8,12), c(5,8,9,6,4,3))
 *	w15s <- rep(c(1,2,3,5,9), c(6,10,8,5,3)); w16s <- rep(c(1,2,3,4,6,10), c(3,8,8,6,5,2))
 */
#define TOL 1e-9

#define CLOSE(got, want) close_at(__LINE__, #got, (got), (want))

static void close_at(int line, const char *what, double got, double want)
{
	double err = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);

	ck_assert_msg(err <= TOL, "line %d: %s = %.17g, R says %.17g (relative error %.3g)", line,
		      what, got, want, err);
}

/* ---- the study ---- */

/* One run of respondents with the same answer: an option code, a number, a
 * multiple-choice mask (bit = code), or "asked, no answer". */
struct run {
	char kind;		/* 'o', 'n', 'm', 'e'; 0 ends the list */
	double v;
	int count;
};

#define O(code, n) { 'o', code, n }
#define NUM(v, n) { 'n', v, n }
#define M(mask, n) { 'm', mask, n }
#define E(n) { 'e', 0, n }
#define END { 0, 0, 0 }

/* The answers to one item of the respondents of one wave and segment, in order;
 * respondents after the last run were not asked. */
struct spec {
	const char *item, *wave;
	int seg;		/* segment code; 0 = respondents without a segment */
	struct run runs[8];
};

static const struct spec specs[] = {
	/* DOMAIN.md 3: tevredenheid over de wachttijd, 115/131 vs 189/256 etc. */
	{ "wacht_tevreden", "2015", 1, { O(1, 115), O(2, 16), O(8, 3), E(1), END } },
	{ "wacht_tevreden", "2015", 2, { O(1, 82), O(2, 33), O(9, 2), END } },
	{ "wacht_tevreden", "2016", 1, { O(1, 189), O(2, 67), O(8, 1), END } },
	{ "wacht_tevreden", "2016", 2, { O(1, 172), O(2, 85), END } },
	{ "tevreden", "2015", 1, { O(1, 120), O(2, 20), END } },
	{ "tevreden", "2015", 2, { O(1, 90), O(2, 30), END } },
	{ "tevreden", "2016", 1, { O(1, 220), O(2, 40), END } },
	{ "tevreden", "2016", 2, { O(1, 200), O(2, 60), END } },
	{ "tevreden", "2016", 3, { O(1, 24), O(2, 16), END } },
	{ "tevreden", "2016", 0, { O(1, 1), O(2, 1), END } },
	{ "hulp_snel", "2015", 1, { O(3, 20), O(4, 15), END } },
	{ "hulp_snel", "2015", 2, { O(1, 10), O(2, 10), O(3, 10), O(4, 5), END } },
	{ "hulp_snel", "2016", 1, { O(1, 2), O(3, 20), O(4, 18), END } },
	{ "hulp_snel", "2016", 2, { O(1, 4), O(2, 4), O(3, 20), O(4, 17), END } },
	{ "hulp_snel", "2016", 3, { O(3, 10), O(4, 10), END } },
	{ "cijfer", "2015", 1, { NUM(6, 5), NUM(7, 10), NUM(8, 12), NUM(9, 8), E(2), END } },
	{ "cijfer", "2016", 1, { NUM(5, 6), NUM(6, 9), NUM(7, 10), NUM(8, 7), NUM(9, 3), END } },
	{ "cijfer", "2015", 2, { NUM(5, 8), NUM(6, 10), NUM(7, 10), NUM(8, 4), END } },
	{ "cijfer", "2016", 2, { NUM(4, 5), NUM(5, 8), NUM(6, 9), NUM(7, 7), NUM(8, 3), END } },
	{ "cijfer", "2016", 3, { NUM(3, 6), NUM(5, 6), NUM(7, 6), NUM(8, 6), NUM(10, 6), END } },
	{ "aantal", "2016", 1, { NUM(2, 30), END } },
	{ "aantal", "2016", 2, { NUM(1, 10), NUM(2, 10), NUM(3, 10), END } },
	{ "wachttijd", "2015", 1, { NUM(0, 8), NUM(1, 12), NUM(2, 8), NUM(3, 4), NUM(6, 3), O(99, 2),
				     END } },
	{ "wachttijd", "2016", 1, { NUM(0, 5), NUM(1, 8), NUM(2, 9), NUM(4, 6), NUM(8, 4), NUM(12, 3),
				     END } },
	{ "wachttijd", "2015", 2, { NUM(1, 6), NUM(2, 10), NUM(3, 8), NUM(5, 5), NUM(9, 3), END } },
	{ "wachttijd", "2016", 2, { NUM(1, 3), NUM(2, 8), NUM(3, 8), NUM(4, 6), NUM(6, 5), NUM(10, 2),
				     END } },
	/* familie 1, vrienden 2, buren 3 */
	{ "netwerk", "2016", 1, { M(2, 10), M(2 | 4, 8), M(4, 6), M(8, 4), M(2 | 4 | 8, 2), E(3),
				   END } },
	{ "soort", "2016", 1, { O(1, 12), O(2, 18), END } },
};

/* Respondents per wave and segment (0: without a segment answer). */
static const struct {
	const char *wave;
	int seg, n;
} sizes[] = {
	{ "2015", 1, 140 }, { "2015", 2, 120 },
	{ "2016", 1, 260 }, { "2016", 2, 260 }, { "2016", 3, 40 }, { "2016", 0, 3 },
};

struct study {
	struct store *st;
	char path[64];
	int64_t qid, wording[2], scale[8], item[16];
};

enum { SC_SEG, SC_JANEE, SC_FREQ, SC_NET, SC_SOORT, SC_WMISS };

static const char *const item_names[] = { "segment", "wacht_tevreden", "tevreden", "hulp_snel",
	"cijfer", "aantal", "wachttijd", "netwerk", "soort", "open_goed", NULL };

static int64_t option_of(struct study *s, int item, long code)
{
	static const int scale_of[] = { SC_SEG, SC_JANEE, SC_JANEE, SC_FREQ, -1, -1, SC_WMISS,
		SC_NET, SC_SOORT, -1 };
	int64_t id = 0;

	ck_assert_int_ge(scale_of[item], 0);
	ck_assert_int_eq(store_option_id(s->st, s->scale[scale_of[item]], code, &id), 0);
	return id;
}

static void add_scale(struct study *s, int k, const char *name, const char *top_label,
	const long *codes, const char *const *labels, const char *flags)
{
	int64_t id;
	int i;

	ck_assert_int_eq(store_scale_add(s->st, s->qid, name, 0, top_label, &s->scale[k]), 0);
	for (i = 0; labels[i]; i++)
		ck_assert_int_eq(store_option_add(s->st, s->scale[k], codes[i], labels[i],
						  flags[i] == 'm', flags[i] == 't', i, &id), 0);
}

static void add_item(struct study *s, int k, const char *type, int64_t module, int64_t scale,
	const char *role, int skewed, const char *text1, const char *text2)
{
	struct store_item it;

	memset(&it, 0, sizeof(it));
	it.name = item_names[k];
	it.label = item_names[k];
	it.type = type;
	it.role = role;
	it.module_id = module;
	it.scale_id = scale;
	it.skewed = skewed;
	it.ord = k;
	ck_assert_int_eq(store_item_add(s->st, s->qid, &it, &s->item[k]), 0);
	if (text1)
		ck_assert_int_eq(store_item_text_add(s->st, s->item[k], s->wording[0], text1), 0);
	if (text2)
		ck_assert_int_eq(store_item_text_add(s->st, s->item[k], s->wording[1], text2), 0);
}

static void questionnaire(struct study *s)
{
	static const long seg_c[] = { 1, 2, 3 }, janee_c[] = { 1, 2, 8, 9 }, freq_c[] = { 1, 2, 3, 4 };
	static const long net_c[] = { 1, 2, 3 }, soort_c[] = { 1, 2 }, wm_c[] = { 99 };
	static const char *const seg_l[] = { "basishulp", "specialistische hulp", "JB/JR", NULL };
	static const char *const janee_l[] = { "ja", "nee", "weet niet", "wil niet zeggen", NULL };
	static const char *const freq_l[] = { "nooit", "soms", "vaak", "altijd", NULL };
	static const char *const net_l[] = { "familie", "vrienden", "buren", NULL };
	static const char *const soort_l[] = { "meer hulp", "andere hulp", NULL };
	static const char *const wm_l[] = { "weet niet meer", NULL };
	int64_t mod;

	ck_assert_int_eq(store_questionnaire_add(s->st, "test", "1", NULL, "c0ffee", "{}", &s->qid), 0);
	ck_assert_int_eq(store_wording_add(s->st, s->qid, "kind", 0, &s->wording[0]), 0);
	ck_assert_int_eq(store_wording_add(s->st, s->qid, "ik-kind", 1, &s->wording[1]), 0);
	add_scale(s, SC_SEG, "segmenten", NULL, seg_c, seg_l, "...");
	add_scale(s, SC_JANEE, "janee", "ja", janee_c, janee_l, "t.mm");
	add_scale(s, SC_FREQ, "frequentie", "vaak/altijd", freq_c, freq_l, "..tt");
	add_scale(s, SC_NET, "netwerkleden", NULL, net_c, net_l, "...");
	add_scale(s, SC_SOORT, "hulpsoort", NULL, soort_c, soort_l, "..");
	add_scale(s, SC_WMISS, "wachttijd.missing", NULL, wm_c, wm_l, "m");
	ck_assert_int_eq(store_module_add(s->st, s->qid, "m", "Module", 0, &mod), 0);
	add_item(s, 0, "single", 0, s->scale[SC_SEG], "segment", 0, "Soort hulp", "Soort hulp");
	add_item(s, 1, "single", mod, s->scale[SC_JANEE], NULL, 0, "Tevreden over de wachttijd?",
		 "Tevreden over de wachttijd?");
	add_item(s, 2, "single", mod, s->scale[SC_JANEE], NULL, 0, "Tevreden?", "Tevreden?");
	add_item(s, 3, "single", mod, s->scale[SC_FREQ], NULL, 0, "Snel geholpen", "Snel geholpen");
	add_item(s, 4, "mark", mod, 0, NULL, 0, "Cijfer voor de hulp aan uw kind",
		 "Cijfer voor de hulp aan u of uw kind");
	add_item(s, 5, "number", mod, 0, NULL, 0, "Aantal", "Aantal");
	add_item(s, 6, "number", mod, s->scale[SC_WMISS], NULL, 1, "Maanden", "Maanden");
	add_item(s, 7, "multiple", mod, s->scale[SC_NET], NULL, 0, "Van wie?", "Van wie?");
	add_item(s, 8, "single", mod, s->scale[SC_SOORT], NULL, 0, "Wat nodig?", "Wat nodig?");
	add_item(s, 9, "open", mod, 0, NULL, 0, "Wat is goed?", "Wat is goed?");
}

/* The answer of respondent i for (item, wave, seg): a run, or NULL (not asked). */
static const struct run *answer_of(int item, const char *wave, int seg, int i)
{
	size_t k;
	const struct run *r;

	for (k = 0; k < sizeof(specs) / sizeof(specs[0]); k++) {
		if (strcmp(specs[k].item, item_names[item]) != 0 || strcmp(specs[k].wave, wave) != 0 ||
		    specs[k].seg != seg)
			continue;
		for (r = specs[k].runs; r->kind; r++) {
			if (i < r->count)
				return r;
			i -= r->count;
		}
	}
	return NULL;
}

static void respondent(struct study *s, int64_t wave, int64_t imp, const char *wname, int seg,
	int i)
{
	char ext[32];
	int64_t rid;
	int item, o;

	snprintf(ext, sizeof(ext), "%s-%d-%d", wname, seg, i);
	ck_assert_int_eq(store_respondent_add(s->st, wave, ext, imp, i + 2, &rid), 0);
	if (seg)
		ck_assert_int_eq(store_answer_add(s->st, rid, s->item[0], option_of(s, 0, seg), 0, 0,
						  NULL), 0);
	for (item = 1; item_names[item]; item++) {
		const struct run *r = answer_of(item, wname, seg, i);
		int64_t id = s->item[item];

		if (!r)
			continue;
		if (r->kind == 'e')
			ck_assert_int_eq(store_answer_add(s->st, rid, id, 0, 0, 0, NULL), 0);
		else if (r->kind == 'n')
			ck_assert_int_eq(store_answer_add(s->st, rid, id, 0, 1, r->v, NULL), 0);
		else if (r->kind == 'o')
			ck_assert_int_eq(store_answer_add(s->st, rid, id, option_of(s, item, (long)r->v),
							  0, 0, NULL), 0);
		else
			for (o = 1; o < 8; o++)
				if ((long)r->v >> o & 1)
					ck_assert_int_eq(store_answer_add(s->st, rid, id,
									  option_of(s, item, o), 0, 0,
									  NULL), 0);
	}
}

static void study_open(struct study *s)
{
	int64_t wave[2], imp, empty;
	size_t k;
	int i, w;

	memset(s, 0, sizeof(*s));
	snprintf(s->path, sizeof(s->path), "/tmp/check_tables_%ld.sqlite", (long)getpid());
	unlink(s->path);
	ck_assert_int_eq(store_create(s->path, &s->st), 0);
	ck_assert_int_eq(store_begin(s->st), 0);
	questionnaire(s);
	ck_assert_int_eq(store_wave_add(s->st, "2015", s->qid, s->wording[0], &wave[0]), 0);
	ck_assert_int_eq(store_wave_add(s->st, "2016", s->qid, s->wording[1], &wave[1]), 0);
	ck_assert_int_eq(store_wave_add(s->st, "2017", s->qid, s->wording[1], &empty), 0);
	for (w = 0; w < 2; w++) {
		const char *wname = w ? "2016" : "2015";

		ck_assert_int_eq(store_import_add(s->st, "survey", wname, wname, wave[w], NULL, &imp), 0);
		for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++)
			if (strcmp(sizes[k].wave, wname) == 0)
				for (i = 0; i < sizes[k].n; i++)
					respondent(s, wave[w], imp, wname, sizes[k].seg, i);
	}
	ck_assert_int_eq(store_commit(s->st), 0);
}

static void study_close(struct study *s)
{
	char side[80];

	store_close(s->st);
	unlink(s->path);
	snprintf(side, sizeof(side), "%s-wal", s->path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", s->path);
	unlink(side);
}

static struct study S;

static void setup(void)
{
	stats_init();
	study_open(&S);
}

static void teardown(void)
{
	study_close(&S);
}

/* ---- running and finding ---- */

static struct an_result *run_rq(const struct an_request *rq)
{
	struct an_result *r = NULL;

	ck_assert_int_eq(an_run(S.st, rq, &r), 0);
	ck_assert_ptr_nonnull(r);
	return r;
}

/* Analyse one item of both waves (or of `wave`) with the defaults plus `adjust`. */
static struct an_result *run_item(const char *item, const char *wave, struct an_request *rq)
{
	static const char *items[1];

	items[0] = item;
	rq->items = items;
	rq->nitems = 1;
	if (wave) {
		rq->waves[0] = wave;
		rq->nwaves = 1;
	}
	return run_rq(rq);
}

static const struct an_table *table_of(const struct an_result *r, const char *item,
	const char *measure)
{
	char buf[32];
	size_t i;

	for (i = 0; i < r->ntables; i++)
		if (strcmp(r->tables[i].item, item) == 0 &&
		    strcmp(an_measure_name(&r->tables[i], buf), measure) == 0)
			return &r->tables[i];
	ck_abort_msg("no table %s %s", item, measure);
	return NULL;
}

static size_t row_of(const struct an_result *r, const char *label)
{
	size_t i;

	for (i = 0; i < r->nrows; i++)
		if (strcmp(an_row_label(r, i), label) == 0)
			return i;
	ck_abort_msg("no row '%s'", label);
	return 0;
}

static const struct an_cell *cell(const struct an_result *r, const struct an_table *t,
	const char *group, size_t wave)
{
	return an_cell_at(r, t, row_of(r, group), wave);
}

/* The comparison of two cells, or NULL when it was not made. */
static const struct an_comparison *cmp_of(const struct an_result *r, const struct an_table *t,
	const char *ga, size_t wa, const char *gb, size_t wb)
{
	size_t i, ra = row_of(r, ga), rb = row_of(r, gb);

	for (i = 0; i < t->ncmp; i++) {
		const struct an_comparison *c = &t->cmp[i];

		if (c->row_a == ra && c->wave_a == wa && c->row_b == rb && c->wave_b == wb)
			return c;
	}
	return NULL;
}

static void check_prop(const struct an_cell *c, long x, long n, long missing, long not_asked,
	char year_mark, const char *letters)
{
	ck_assert_int_eq(c->x, x);
	ck_assert_int_eq(c->n, n);
	ck_assert_int_eq(c->missing, missing);
	ck_assert_int_eq(c->not_asked, not_asked);
	if (n)
		CLOSE(c->value, (double)x / (double)n);
	ck_assert_int_eq(c->year_mark, year_mark);
	ck_assert_str_eq(c->letters, letters);
}

static void check_cmp(const struct an_comparison *c, enum an_test test, double stat, double p,
	double p_adjusted, int significant)
{
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->test, test);
	if (isnan(stat))
		ck_assert(isnan(c->statistic));
	else
		CLOSE(c->statistic, stat);
	CLOSE(c->p, p);
	CLOSE(c->p_adjusted, p_adjusted);
	ck_assert_int_eq(c->significant, significant);
}

/* ---- DOMAIN.md section 3 ---- */

START_TEST(test_domain_example)
{
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;

	an_request_init(&rq);
	r = run_item("wacht_tevreden", NULL, &rq);
	ck_assert_int_eq(r->nwaves, 2);
	ck_assert_str_eq(r->waves[0], "2015");
	ck_assert_str_eq(r->waves[1], "2016");
	ck_assert_str_eq(r->by, "segment");
	ck_assert_int_eq(r->ngroups, 3);
	ck_assert_int_eq(r->set.letters, AN_LETTERS_NONE);
	ck_assert_int_eq(r->set.adjust, STATS_ADJUST_NONE);
	ck_assert_int_eq(r->ungrouped[0], 0);
	ck_assert_int_eq(r->ungrouped[1], 3);
	t = table_of(r, "wacht_tevreden", "top");
	ck_assert_str_eq(t->label, "% ja");
	ck_assert_str_eq(t->missing_labels, "'weet niet', 'wil niet zeggen'");
	ck_assert_int_eq(t->nwarnings, 0);
	ck_assert(t->total_comparable);
	/* basishulp 88 % (a) n=131, 74 % (b) n=256 */
	check_prop(cell(r, t, "basishulp", 0), 115, 131, 4, 5, 'a', "");
	check_prop(cell(r, t, "basishulp", 1), 189, 256, 1, 3, 'b', "");
	check_prop(cell(r, t, "specialistische hulp", 0), 82, 115, 2, 3, 'a', "");
	check_prop(cell(r, t, "specialistische hulp", 1), 172, 257, 0, 3, 'a', "");
	/* JB/JR was never asked: empty cells, not tested, and no reason to warn */
	check_prop(cell(r, t, "JB/JR", 0), 0, 0, 0, 0, 0, "");
	check_prop(cell(r, t, "JB/JR", 1), 0, 0, 0, 40, 0, "");
	ck_assert_int_eq(cell(r, t, "JB/JR", 1)->reason, AN_UNTESTABLE_BASE);
	ck_assert(isnan(cell(r, t, "JB/JR", 1)->value));
	check_prop(cell(r, t, "totaal", 0), 197, 246, 6, 8, 'a', "");
	check_prop(cell(r, t, "totaal", 1), 361, 513, 1, 46, 'b', "");
	ck_assert_int_eq(t->ncmp, 3);
	/* r <- prop.test(c(115, 189), c(131, 256), correct = FALSE); f(pz(r), r$p.value) */
	check_cmp(cmp_of(r, t, "basishulp", 0, "basishulp", 1), AN_TEST_Z, 3.1656482386797373,
		  0.0015473779405861786, 0.0015473779405861786, 1);
	/* r <- prop.test(c(82, 172), c(115, 257), correct = FALSE); f(pz(r), r$p.value) */
	check_cmp(cmp_of(r, t, "specialistische hulp", 0, "specialistische hulp", 1), AN_TEST_Z,
		  0.8385566405293895, 0.40171815081743945, 0.40171815081743945, 0);
	/* r <- prop.test(c(197, 361), c(246, 513), correct = FALSE); f(pz(r), r$p.value) */
	check_cmp(cmp_of(r, t, "totaal", 0, "totaal", 1), AN_TEST_Z, 2.8378722365428519,
		  0.0045415357393548709, 0.0045415357393548709, 1);
	ck_assert(isnan(cmp_of(r, t, "totaal", 0, "totaal", 1)->df));
	an_result_free(r);
}
END_TEST

START_TEST(test_domain_one_sided_and_star)
{
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;

	an_request_init(&rq);
	rq.set.one_sided = 1;
	rq.set.year_mark = AN_YEAR_STAR;
	r = run_item("wacht_tevreden", NULL, &rq);
	t = table_of(r, "wacht_tevreden", "top");
	/* ... alternative = "greater": 2015 is the larger */
	check_cmp(cmp_of(r, t, "basishulp", 0, "basishulp", 1), AN_TEST_Z, 3.1656482386797373,
		  0.00077368897029308982, 0.00077368897029308982, 1);
	check_prop(cell(r, t, "basishulp", 0), 115, 131, 4, 5, 0, "");
	check_prop(cell(r, t, "basishulp", 1), 189, 256, 1, 3, '*', "");
	check_prop(cell(r, t, "specialistische hulp", 1), 172, 257, 0, 3, 0, "");
	check_prop(cell(r, t, "totaal", 1), 361, 513, 1, 46, '*', "");
	an_result_free(r);
}
END_TEST

/* ---- letters between groups (tevreden 2016: 220/260, 200/260, 24/40) ---- */

/*
 * r1 <- prop.test(c(220, 200), c(260, 260), correct = FALSE); f(pz(r1), r1$p.value)
 *	2.2253945610567474 0.02605476234722752
 * r2 <- prop.test(c(220, 24), c(260, 40), correct = FALSE); f(pz(r2), r2$p.value)
 *	3.7195893567551201 0.00019954694294103617
 * r3 <- prop.test(c(200, 24), c(260, 40), correct = FALSE); f(pz(r3), r3$p.value)
 *	2.2910038563370643 0.021963190624667749
 */
#define P_BS 0.02605476234722752
#define P_BJ 0.00019954694294103617
#define P_SJ 0.021963190624667749
#define Z_BS 2.2253945610567474
#define Z_BJ 3.7195893567551201
#define Z_SJ 2.2910038563370643

struct letters_case {
	enum an_letters letters;
	int adjust;
	double adj_bs, adj_bj, adj_sj;	/* NAN: not tested */
	const char *lb, *ls, *lj;
};

static const struct letters_case letters_cases[] = {
	/* reference, the default for one wave */
	{ AN_LETTERS_DEFAULT, AN_ADJUST_DEFAULT, P_BS, P_BJ, NAN, "", "b", "c" },
	/* p.adjust(c(r1$p.value, r2$p.value), "bonferroni") */
	{ AN_LETTERS_REFERENCE, STATS_ADJUST_BONFERRONI, 0.052109524694455039,
	  0.00039909388588207234, NAN, "", "", "c" },
	/* p.adjust(c(r1$p.value, r2$p.value), "holm") */
	{ AN_LETTERS_REFERENCE, STATS_ADJUST_HOLM, 0.02605476234722752, 0.00039909388588207234, NAN,
	  "", "b", "c" },
	/* pairwise defaults to Bonferroni: p.adjust(c(r1$p.value, r2$p.value, r3$p.value), "bonferroni") */
	{ AN_LETTERS_PAIRWISE, AN_ADJUST_DEFAULT, 0.078164287041682559, 0.00059864082882310856,
	  0.065889571874003239, "c", "", "" },
	/* p.adjust(c(r1$p.value, r2$p.value, r3$p.value), "holm") */
	{ AN_LETTERS_PAIRWISE, STATS_ADJUST_HOLM, 0.043926381249335497, 0.00059864082882310856,
	  0.043926381249335497, "bc", "c", "" },
	{ AN_LETTERS_PAIRWISE, STATS_ADJUST_NONE, P_BS, P_BJ, P_SJ, "bc", "c", "" },
};

START_TEST(test_letters)
{
	const struct letters_case *lc = &letters_cases[_i];
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	const struct an_comparison *c;

	an_request_init(&rq);
	rq.set.letters = lc->letters;
	rq.set.adjust = lc->adjust;
	r = run_item("tevreden", "2016", &rq);
	t = table_of(r, "tevreden", "top");
	check_cmp(cmp_of(r, t, "basishulp", 0, "specialistische hulp", 0), AN_TEST_Z, Z_BS, P_BS,
		  lc->adj_bs, lc->adj_bs < 0.05);
	check_cmp(cmp_of(r, t, "basishulp", 0, "JB/JR", 0), AN_TEST_Z, Z_BJ, P_BJ, lc->adj_bj,
		  lc->adj_bj < 0.05);
	c = cmp_of(r, t, "specialistische hulp", 0, "JB/JR", 0);
	if (isnan(lc->adj_sj))
		ck_assert_ptr_null(c);
	else
		check_cmp(c, AN_TEST_Z, Z_SJ, P_SJ, lc->adj_sj, lc->adj_sj < 0.05);
	ck_assert_int_eq(t->ncmp, isnan(lc->adj_sj) ? 2 : 3);
	ck_assert_int_eq(t->cmp[0].kind, AN_CMP_GROUPS);
	check_prop(cell(r, t, "basishulp", 0), 220, 260, 0, 0, 0, lc->lb);
	check_prop(cell(r, t, "specialistische hulp", 0), 200, 260, 0, 0, 0, lc->ls);
	check_prop(cell(r, t, "JB/JR", 0), 24, 40, 0, 0, 0, lc->lj);
	/* the three respondents without a segment count nowhere */
	check_prop(cell(r, t, "totaal", 0), 444, 560, 0, 0, 0, "");
	ck_assert_int_eq(r->ungrouped[0], 3);
	an_result_free(r);
}
END_TEST

/* ---- Fisher, untestable cells, composition of the totals ---- */

START_TEST(test_fisher_and_untestable)
{
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	const struct an_comparison *c;

	an_request_init(&rq);
	rq.set.letters = AN_LETTERS_PAIRWISE;
	rq.set.adjust = STATS_ADJUST_NONE;
	r = run_item("hulp_snel", NULL, &rq);
	t = table_of(r, "hulp_snel", "top");
	ck_assert_str_eq(t->label, "% vaak/altijd");
	/* 35 of 35: extreme, so no comparison between waves for basishulp */
	check_prop(cell(r, t, "basishulp", 0), 35, 35, 0, 105, 0, "");
	ck_assert_int_eq(cell(r, t, "basishulp", 0)->reason, AN_UNTESTABLE_EXTREME);
	ck_assert_ptr_null(cmp_of(r, t, "basishulp", 0, "basishulp", 1));
	check_prop(cell(r, t, "basishulp", 1), 38, 40, 0, 220, 0, "");
	/* 20 of 20: the base comes first */
	ck_assert_int_eq(cell(r, t, "JB/JR", 1)->reason, AN_UNTESTABLE_BASE);
	/* expected count 40 * 10 / 85 = 4.71 < 5: min(chisq.test(matrix(c(38, 37, 2, 8), 2))$expected)
	 * f(fisher.test(matrix(c(38, 37, 2, 8), 2))$p.value) */
	c = cmp_of(r, t, "basishulp", 1, "specialistische hulp", 1);
	check_cmp(c, AN_TEST_FISHER, NAN, 0.094611972606270106, 0.094611972606270106, 0);
	ck_assert_int_eq(t->nfisher, 1);
	ck_assert_ptr_null(cmp_of(r, t, "basishulp", 1, "JB/JR", 1));
	/* r <- prop.test(c(15, 37), c(35, 45), correct = FALSE); f(pz(r), r$p.value) */
	check_cmp(cmp_of(r, t, "specialistische hulp", 0, "specialistische hulp", 1), AN_TEST_Z,
		  -3.661977878348059, 0.00025027547583075013, 0.00025027547583075013, 1);
	check_prop(cell(r, t, "specialistische hulp", 0), 15, 35, 0, 85, 'a', "");
	check_prop(cell(r, t, "specialistische hulp", 1), 37, 45, 0, 215, 'b', "");
	/* JB/JR answered in 2016 only: the totals differ, so no test and a warning */
	ck_assert(!t->total_comparable);
	ck_assert_ptr_null(cmp_of(r, t, "totaal", 0, "totaal", 1));
	check_prop(cell(r, t, "totaal", 0), 50, 70, 0, 190, 0, "");
	check_prop(cell(r, t, "totaal", 1), 95, 105, 0, 455, 0, "");
	ck_assert_int_eq(t->nwarnings, 1);
	ck_assert_str_eq(t->warnings[0], "let op: totaal 2015 bevat geen JB/JR, totaal 2016 wel; "
			 "gebruik --total-exclude JB/JR voor een vergelijkbaar totaal");
	an_result_free(r);
}
END_TEST

/* ---- means: Welch, pooled, wording, --total-exclude ---- */

START_TEST(test_means)
{
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	const struct an_cell *c;
	const struct an_comparison *cp;

	an_request_init(&rq);
	rq.set.letters = AN_LETTERS_REFERENCE;
	r = run_item("cijfer", NULL, &rq);
	t = table_of(r, "cijfer", "mean");
	ck_assert_str_eq(t->label, "gemiddelde");
	/* for (x in list(b15, b16, s15, s16, j16)) f(length(x), mean(x), sd(x), t.test(x)$conf.int) */
	c = cell(r, t, "basishulp", 0);
	ck_assert_int_eq(c->n, 35);
	ck_assert_int_eq(c->missing, 2);
	ck_assert_int_eq(c->not_asked, 103);
	ck_assert_int_eq(c->x, -1);
	CLOSE(c->value, 7.6571428571428575);
	CLOSE(c->sd, 0.99831791302279305);
	CLOSE(c->ci_low, 7.3142086554963859);
	CLOSE(c->ci_high, 8.0000770587893282);
	ck_assert(isnan(c->median));
	c = cell(r, t, "JB/JR", 1);
	CLOSE(c->value, 6.5999999999999996);
	CLOSE(c->sd, 2.4579217461800584);
	CLOSE(c->ci_low, 5.6821969363051812);
	CLOSE(c->ci_high, 7.5178030636948181);
	/* r <- t.test(b15, b16); f(r$statistic, r$parameter, r$p.value) */
	cp = cmp_of(r, t, "basishulp", 0, "basishulp", 1);
	check_cmp(cp, AN_TEST_WELCH, 3.3325741260944746, 0.001417787861975058, 0.001417787861975058, 1);
	CLOSE(cp->df, 65.539805065864442);
	/* r <- t.test(s15, s16); ... */
	cp = cmp_of(r, t, "specialistische hulp", 0, "specialistische hulp", 1);
	check_cmp(cp, AN_TEST_WELCH, 1.6814638361698357, 0.097903062103105176, 0.097903062103105176, 0);
	CLOSE(cp->df, 59.63764495027003);
	/* 2016, reference: r <- t.test(b16, s16) and t.test(b16, j16) */
	cp = cmp_of(r, t, "basishulp", 1, "specialistische hulp", 1);
	check_cmp(cp, AN_TEST_WELCH, 3.1139210949017944, 0.002754395823850727, 0.002754395823850727, 1);
	CLOSE(cp->df, 64.404253849569741);
	cp = cmp_of(r, t, "basishulp", 1, "JB/JR", 1);
	check_cmp(cp, AN_TEST_WELCH, 0.34737447180325914, 0.73009190717281136, 0.73009190717281136, 0);
	CLOSE(cp->df, 40.885486056084041);
	ck_assert_int_eq(cell(r, t, "basishulp", 1)->year_mark, 'b');
	ck_assert_str_eq(cell(r, t, "specialistische hulp", 1)->letters, "b");
	ck_assert_str_eq(cell(r, t, "JB/JR", 1)->letters, "");
	ck_assert_int_eq(cell(r, t, "specialistische hulp", 1)->year_mark, 'a');
	/* 2015 has one reference comparison (no JB/JR) */
	ck_assert_ptr_nonnull(cmp_of(r, t, "basishulp", 0, "specialistische hulp", 0));
	/* wording, then the totals */
	ck_assert(t->wording_differs);
	ck_assert_str_eq(t->text[0], "Cijfer voor de hulp aan uw kind");
	ck_assert_int_eq(t->nwarnings, 2);
	ck_assert_str_eq(t->warnings[0], "let op: de vraagstelling verschilde tussen 2015 en 2016");
	ck_assert_ptr_null(cmp_of(r, t, "totaal", 0, "totaal", 1));
	ck_assert_int_eq(cell(r, t, "totaal", 0)->year_mark, 0);
	an_result_free(r);
}
END_TEST

START_TEST(test_means_pooled_and_exclude)
{
	static const char *const excl[] = { "jb/jr" };
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	const struct an_comparison *cp;
	const struct an_cell *c;

	an_request_init(&rq);
	rq.set.pooled = 1;
	rq.exclude = excl;
	rq.nexclude = 1;
	r = run_item("cijfer", NULL, &rq);
	ck_assert_str_eq(r->total_label, "totaal excl. JB/JR");
	ck_assert_int_eq(r->nexcludes, 1);
	ck_assert_str_eq(r->excludes[0], "JB/JR");
	t = table_of(r, "cijfer", "mean");
	/* r <- t.test(b15, b16, var.equal = TRUE); f(r$statistic, r$parameter, r$p.value) */
	cp = cmp_of(r, t, "basishulp", 0, "basishulp", 1);
	check_cmp(cp, AN_TEST_POOLED_T, 3.3325741260944746, 0.0013947341773140603,
		  0.0013947341773140603, 1);
	CLOSE(cp->df, 68);
	ck_assert(t->total_comparable);
	ck_assert_int_eq(t->nwarnings, 1);
	/* t15 <- c(b15, s15); t16 <- c(b16, s16); f(mean(t15), sd(t15), mean(t16), sd(t16)) */
	c = cell(r, t, "totaal excl. JB/JR", 0);
	CLOSE(c->value, 7.0149253731343286);
	CLOSE(c->sd, 1.1996531987940318);
	c = cell(r, t, "totaal excl. JB/JR", 1);
	CLOSE(c->value, 6.3283582089552235);
	CLOSE(c->sd, 1.2955408336136611);
	an_result_free(r);

	an_request_init(&rq);
	rq.exclude = excl;
	rq.nexclude = 1;
	r = run_item("cijfer", NULL, &rq);
	t = table_of(r, "cijfer", "mean");
	/* r <- t.test(t15, t16); f(r$statistic, r$parameter, r$p.value) */
	cp = cmp_of(r, t, "totaal excl. JB/JR", 0, "totaal excl. JB/JR", 1);
	check_cmp(cp, AN_TEST_WELCH, 3.182809622440959, 0.0018213351460959258, 0.0018213351460959258, 1);
	CLOSE(cp->df, 131.22710882636457);
	an_result_free(r);
}
END_TEST

/* ---- skewed numbers: Mann–Whitney, quartiles, missing codes ---- */

START_TEST(test_skewed)
{
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	const struct an_cell *c;

	an_request_init(&rq);
	r = run_item("wachttijd", NULL, &rq);
	t = table_of(r, "wachttijd", "mean");
	ck_assert(t->skewed);
	ck_assert_str_eq(t->missing_labels, "'weet niet meer'");
	/* for (x in list(w15b, w16b, w15s, w16s)) f(length(x), mean(x), sd(x), t.test(x)$conf.int,
	 *	quantile(x, c(.25, .5, .75))) */
	c = cell(r, t, "basishulp", 0);
	ck_assert_int_eq(c->n, 35);
	ck_assert_int_eq(c->missing, 2);
	CLOSE(c->value, 1.6571428571428573);
	CLOSE(c->sd, 1.6439346119609994);
	CLOSE(c->ci_low, 1.0924315599120571);
	CLOSE(c->ci_high, 2.2218541543736574);
	CLOSE(c->q1, 1);
	CLOSE(c->median, 1);
	CLOSE(c->q3, 2);
	c = cell(r, t, "specialistische hulp", 0);
	CLOSE(c->value, 3.1875);
	CLOSE(c->sd, 2.2780509496129051);
	CLOSE(c->q1, 2);
	CLOSE(c->median, 2.5);
	CLOSE(c->q3, 3.5);
	c = cell(r, t, "specialistische hulp", 1);
	CLOSE(c->value, 3.65625);
	CLOSE(c->sd, 2.2376452917325622);
	CLOSE(c->ci_low, 2.8494928414319314);
	CLOSE(c->ci_high, 4.4630071585680673);
	/* r <- wilcox.test(w15b, w16b, exact = FALSE, correct = TRUE); f(r$statistic, r$p.value) */
	check_cmp(cmp_of(r, t, "basishulp", 0, "basishulp", 1), AN_TEST_MANN_WHITNEY, 440,
		  0.038696598696108676, 0.038696598696108676, 1);
	ck_assert(isnan(cmp_of(r, t, "basishulp", 0, "basishulp", 1)->df));
	/* r <- wilcox.test(w15s, w16s, exact = FALSE, correct = TRUE) */
	check_cmp(cmp_of(r, t, "specialistische hulp", 0, "specialistische hulp", 1),
		  AN_TEST_MANN_WHITNEY, 414, 0.18097210617465836, 0.18097210617465836, 0);
	/* tw15 <- c(w15b, w15s); tw16 <- c(w16b, w16s); the totals hold the same groups
	 * (JB/JR not asked): f(length(tw15), mean(tw15), sd(tw15), t.test(tw15)$conf.int,
	 *	quantile(tw15, c(.25,.5,.75))); r <- wilcox.test(tw15, tw16, exact = FALSE) */
	c = cell(r, t, "totaal", 0);
	ck_assert_int_eq(c->n, 67);
	CLOSE(c->value, 2.3880597014925371);
	CLOSE(c->sd, 2.1030657555433931);
	CLOSE(c->ci_low, 1.8750816570197544);
	CLOSE(c->ci_high, 2.9010377459653198);
	CLOSE(c->median, 2);
	CLOSE(c->q3, 3);
	check_cmp(cmp_of(r, t, "totaal", 0, "totaal", 1), AN_TEST_MANN_WHITNEY, 1711.5,
		  0.01595796489105844, 0.01595796489105844, 1);
	an_result_free(r);

	/* r <- wilcox.test(w15b, w16b, exact = FALSE, correct = TRUE, alternative = "less") */
	an_request_init(&rq);
	rq.set.one_sided = 1;
	r = run_item("wachttijd", NULL, &rq);
	t = table_of(r, "wachttijd", "mean");
	check_cmp(cmp_of(r, t, "basishulp", 0, "basishulp", 1), AN_TEST_MANN_WHITNEY, 440,
		  0.019348299348054338, 0.019348299348054338, 1);
	an_result_free(r);
}
END_TEST

START_TEST(test_no_variance)
{
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	const struct an_cell *c;

	an_request_init(&rq);
	r = run_item("aantal", "2016", &rq);
	t = table_of(r, "aantal", "mean");
	c = cell(r, t, "basishulp", 0);
	ck_assert_int_eq(c->n, 30);
	ck_assert_int_eq(c->reason, AN_UNTESTABLE_NO_VARIANCE);
	CLOSE(c->value, 2);
	CLOSE(c->sd, 0);
	CLOSE(c->ci_low, 2);
	/* a <- rep(c(1,2,3), c(10,10,10)); f(mean(a), sd(a), t.test(a)$conf.int) */
	c = cell(r, t, "specialistische hulp", 0);
	ck_assert_int_eq(c->reason, AN_TESTABLE);
	CLOSE(c->sd, 0.83045479853739967);
	CLOSE(c->ci_low, 1.6899030819259233);
	CLOSE(c->ci_high, 2.3100969180740769);
	ck_assert_int_eq(t->ncmp, 0);
	an_result_free(r);
}
END_TEST

/* ---- multiple choice and option tables ---- */

START_TEST(test_multiple_and_options)
{
	static const char *const items[] = { "netwerk", "soort", "tevreden" };
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	const struct an_cell *c;

	an_request_init(&rq);
	rq.items = items;
	rq.nitems = 3;
	rq.waves[0] = "2016";
	rq.nwaves = 1;
	rq.set.distribution = 1;
	r = run_rq(&rq);
	/* netwerk: 3 options, soort: 2, tevreden: top + 2 options */
	ck_assert_int_eq(r->ntables, 8);
	t = table_of(r, "netwerk", "option:1");
	ck_assert_str_eq(t->label, "% familie");
	c = cell(r, t, "basishulp", 0);
	/* 30 respondents answered, 3 gave an empty answer; 42 choices in all */
	check_prop(c, 20, 30, 3, 227, 0, "");
	CLOSE(c->share, 20.0 / 42.0);
	c = cell(r, t, "specialistische hulp", 0);
	ck_assert_int_eq(c->n, 0);
	ck_assert(isnan(c->share));
	check_prop(cell(r, table_of(r, "netwerk", "option:2"), "basishulp", 0), 16, 30, 3, 227, 0, "");
	check_prop(cell(r, table_of(r, "netwerk", "option:3"), "basishulp", 0), 6, 30, 3, 227, 0, "");
	CLOSE(cell(r, table_of(r, "netwerk", "option:3"), "basishulp", 0)->share, 6.0 / 42.0);
	t = table_of(r, "soort", "option:2");
	ck_assert_str_eq(t->label, "% andere hulp");
	check_prop(cell(r, t, "basishulp", 0), 18, 30, 0, 230, 0, "");
	ck_assert(isnan(cell(r, t, "basishulp", 0)->share));
	/* % nee of JB/JR differs from basishulp (reference letters, one wave) */
	check_prop(cell(r, table_of(r, "tevreden", "option:2"), "JB/JR", 0), 16, 40, 0, 0, 0, "c");
	ck_assert_str_eq(r->tables[5].item, "tevreden");
	ck_assert_int_eq(r->tables[5].measure, AN_TOP);
	an_result_free(r);
}
END_TEST

/* ---- selection: defaults, --by none, errors ---- */

START_TEST(test_default_selection)
{
	struct an_request rq;
	struct an_result *r;
	size_t i;

	an_request_init(&rq);
	r = run_rq(&rq);
	/* 2017 has no respondents: the last two waves with respondents */
	ck_assert_int_eq(r->nwaves, 2);
	ck_assert_str_eq(r->waves[1], "2016");
	/* module items without the open one: 3 single with top, 3 numbers, 3 + 2 options */
	ck_assert_int_eq(r->ntables, 11);
	ck_assert_str_eq(r->tables[0].item, "wacht_tevreden");
	for (i = 0; i < r->ntables; i++)
		ck_assert_str_ne(r->tables[i].item, "open_goed");
	an_result_free(r);

	an_request_init(&rq);
	rq.by = "none";
	r = run_item("tevreden", "2016", &rq);
	ck_assert_int_eq(r->ngroups, 0);
	ck_assert_int_eq(r->nrows, 1);
	ck_assert_ptr_null(r->by);
	ck_assert_int_eq(r->ungrouped[0], 0);
	/* everyone counts: 444 + 1 of 560 + 2, and the respondent without answers was not asked */
	check_prop(an_cell_at(r, &r->tables[0], 0, 0), 445, 562, 0, 1, 0, "");
	an_result_free(r);
}
END_TEST

/* ---- capturing what a call prints on fd 2 ---- */

struct capture {
	FILE *f;
	int saved;
};

static void capture_start(struct capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	ck_assert_ptr_nonnull(c->f);
	c->saved = dup(2);
	ck_assert_int_ge(c->saved, 0);
	ck_assert_int_ge(dup2(fileno(c->f), 2), 0);
}

/* Restore fd 2 and return what was written to it: a new string, the caller frees it. */
static char *capture_end(struct capture *c)
{
	struct buf b;
	char chunk[4096];
	size_t n;

	fflush(stderr);
	ck_assert_int_ge(dup2(c->saved, 2), 0);
	close(c->saved);
	rewind(c->f);
	buf_init(&b);
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof(chunk), c->f)) > 0)
		buf_add(&b, chunk, n);
	fclose(c->f);
	return buf_detach(&b);
}

struct error_case {
	const char *item, *wave, *by, *exclude;
	const char *message;	/* the end of what is printed */
};

static const struct error_case error_cases[] = {
	{ "onbekend", NULL, NULL, NULL,
	  "tevreden: unknown item 'onbekend' (not in the questionnaire of wave 2015 or 2016)\n" },
	{ "open_goed", NULL, NULL, NULL, "tevreden: item 'open_goed' is an open question; analyze "
	  "makes tables of closed questions only\n" },
	{ "tevreden", "2014", NULL, NULL,
	  ".sqlite: unknown wave '2014' (the study has 2015, 2016, 2017)\n" },
	{ "tevreden", "2017", NULL, NULL, ".sqlite: wave '2017' has no respondents (import them "
	  "with 'tevreden collect survey')\n" },
	{ "tevreden", NULL, "netwerk", NULL, "tevreden: --by 'netwerk' is a multiple item; groups "
	  "come from a single-choice item\n" },
	{ "tevreden", NULL, "onbekend", NULL,
	  "tevreden: unknown --by variable 'onbekend' (not in the questionnaire)\n" },
	{ "tevreden", NULL, NULL, "wijkteam", "tevreden: --total-exclude: 'wijkteam' is not a group "
	  "of 'segment' (1 basishulp, 2 specialistische hulp, 3 JB/JR)\n" },
	{ "tevreden", NULL, "none", "JB/JR", "tevreden: --total-exclude needs groups (--by)\n" },
};

START_TEST(test_errors)
{
	const struct error_case *ec = &error_cases[_i];
	const char *items[1] = { ec->item }, *excl[1] = { ec->exclude };
	struct an_request rq;
	struct an_result *r = (struct an_result *)&rq;
	struct capture cap;
	char *msg;
	size_t len, want = strlen(ec->message);

	an_request_init(&rq);
	rq.items = items;
	rq.nitems = 1;
	rq.by = ec->by;
	if (ec->wave) {
		rq.waves[0] = ec->wave;
		rq.nwaves = 1;
	}
	if (ec->exclude) {
		rq.exclude = excl;
		rq.nexclude = 1;
	}
	capture_start(&cap);
	ck_assert_int_eq(an_run(S.st, &rq, &r), AN_EDATA);
	msg = capture_end(&cap);
	ck_assert_ptr_null(r);
	len = strlen(msg);
	ck_assert_msg(len >= want && strcmp(msg + len - want, ec->message) == 0,
		      "printed '%s', expected it to end in '%s'", msg, ec->message);
	/* reported once: one line */
	ck_assert_ptr_eq(strchr(msg, '\n'), msg + len - 1);
	free(msg);
}
END_TEST

/* ---- the group order without an analysis (an_groups) ---- */

/* an_groups(rq) on study st as "code label|code label" (new string; "" for none). */
static char *groups_of(struct store *st, const struct an_request *rq)
{
	struct an_group *g = (struct an_group *)rq;
	struct buf b;
	size_t n = 99, i;

	ck_assert_int_eq(an_groups(st, rq, &g, &n), 0);
	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%ld %s", i ? "|" : "", g[i].code, g[i].label);
	if (n == 0)
		ck_assert_ptr_null(g);
	an_groups_free(g, n);
	return buf_detach(&b);
}

/* The rows of an_run(rq) without the total, in the same form. */
static char *run_groups(const struct an_request *rq)
{
	struct an_result *r = run_rq(rq);
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < r->ngroups; i++)
		buf_printf(&b, "%s%ld %s", i ? "|" : "", r->groups[i].code, r->groups[i].label);
	an_result_free(r);
	return buf_detach(&b);
}

START_TEST(test_groups)
{
	struct an_request rq;
	struct store *empty = NULL;
	struct capture cap;
	struct an_group *g = NULL;
	char path[64], side[80], *got, *want, *msg;
	size_t n = 99;

	/* the default: the rows of analyze --by segment, in scale order */
	an_request_init(&rq);
	got = groups_of(S.st, &rq);
	want = run_groups(&rq);
	ck_assert_str_eq(got, "1 basishulp|2 specialistische hulp|3 JB/JR");
	ck_assert_str_eq(got, want);
	free(got);
	free(want);

	/* 2015 has no JB/JR respondents: an_run leaves the group out, an_groups keeps its place */
	rq.waves[0] = "2015";
	rq.nwaves = 1;
	got = groups_of(S.st, &rq);
	ck_assert_str_eq(got, "1 basishulp|2 specialistische hulp|3 JB/JR");
	free(got);
	rq.items = (const char *const[]){ "tevreden" };
	rq.nitems = 1;
	got = run_groups(&rq);
	ck_assert_str_eq(got, "1 basishulp|2 specialistische hulp");
	free(got);

	/* another --by variable: its substantive codes, without the missing ones */
	an_request_init(&rq);
	rq.by = "tevreden";
	got = groups_of(S.st, &rq);
	ck_assert_str_eq(got, "1 ja|2 nee");
	free(got);
	rq.by = "none";
	got = groups_of(S.st, &rq);
	ck_assert_str_eq(got, "");
	free(got);

	/* errors are those of an_run, reported once */
	rq.by = "onbekend";
	capture_start(&cap);
	ck_assert_int_eq(an_groups(S.st, &rq, &g, &n), AN_EDATA);
	msg = capture_end(&cap);
	ck_assert_str_eq(msg, "tevreden: unknown --by variable 'onbekend' (not in the questionnaire)\n");
	free(msg);
	ck_assert_ptr_null(g);
	ck_assert_uint_eq(n, 0);

	/* a study without respondents has no groups, and that is no error */
	snprintf(path, sizeof(path), "/tmp/check_tables_empty_%ld.sqlite", (long)getpid());
	unlink(path);
	ck_assert_int_eq(store_create(path, &empty), 0);
	an_request_init(&rq);
	capture_start(&cap);
	got = groups_of(empty, &rq);
	msg = capture_end(&cap);
	ck_assert_str_eq(got, "");
	ck_assert_str_eq(msg, "");
	free(got);
	free(msg);
	store_close(empty);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}
END_TEST

/* ---- rendering ---- */

/* Render in format f into a new string (the caller frees it). */
static char *rendered(const struct an_result *r, enum out_format f, int decimals)
{
	char *s = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&s, &len);

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(render_result(r, f, decimals, m), 0);
	fclose(m);
	return s;
}

START_TEST(test_render_text)
{
	static const char want_nl[] =
		"wacht_tevreden: Tevreden over de wachttijd? (% ja)\n"
		"\n"
		"                       2015              2016\n"
		"--------------------------------------------------------\n"
		"basishulp              88 % (a)  n=131   74 % (b)  n=256\n"
		"specialistische hulp   71 % (a)  n=115   67 % (a)  n=257\n"
		"JB/JR                              n=0               n=0\n"
		"totaal                 80 % (a)  n=246   70 % (b)  n=513\n"
		"\n"
		"n = aantal geldige antwoorden; niet in n: ontbrekende codes ('weet niet', 'wil niet "
		"zeggen'), lege antwoorden en wie de vraag niet kreeg (routing)\n"
		"(a), (b): (b) = significant verschil met (a) tussen 2015 en 2016 in dezelfde rij; (a) en "
		"(a): geen significant verschil\n"
		"toets: z-toets voor twee proporties met gepoolde variantie (= chi-kwadraat zonder "
		"continuïteitscorrectie); Fisher's exacte toets als een verwachte celfrequentie kleiner "
		"is dan 5; tweezijdig; α = 0,05; geen correctie voor meervoudig toetsen\n"
		"2016: 3 respondenten zonder geldig antwoord op 'segment' tellen niet mee in groepen en "
		"totaal\n";
	struct an_request rq;
	struct an_result *r;
	char *s;

	an_request_init(&rq);
	r = run_item("wacht_tevreden", NULL, &rq);
	s = rendered(r, OUT_TEXT, 0);
	ck_assert_str_eq(s, want_nl);
	free(s);
	s = rendered(r, OUT_TEXT, 1);
	ck_assert_ptr_nonnull(strstr(s, "basishulp              87,8 % (a)  n=131   73,8 % (b)  n=256\n"));
	free(s);
	an_result_free(r);

	an_request_init(&rq);
	rq.set.lang = AN_LANG_EN;
	rq.set.year_mark = AN_YEAR_STAR;
	rq.set.letters = AN_LETTERS_REFERENCE;
	r = run_item("cijfer", NULL, &rq);
	s = rendered(r, OUT_TEXT, 0);
	ck_assert_ptr_nonnull(strstr(s, "cijfer: Cijfer voor de hulp aan u of uw kind (mean)\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n                       2015            2016\n"
				     "----------------------------------------------------\n"
				     "basishulp              7.7      n=35   6.8 *    n=35\n"
				     "specialistische hulp   6.3 [b]  n=32   5.8 [b]  n=32\n"
				     "JB/JR                            n=0   6.6      n=30\n"
				     "total                  7.0      n=67   6.4      n=97\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n*: significantly different from 2015 in the same row\n"));
	ck_assert_ptr_nonnull(strstr(s, "\ntotal not tested between 2015 and 2016: the totals hold "
				     "different groups\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nnote: the question wording differed between 2015 and 2016\n"
				     "  2015: \"Cijfer voor de hulp aan uw kind\"\n"
				     "  2016: \"Cijfer voor de hulp aan u of uw kind\"\n"
				     "note: total 2015 contains no JB/JR, total 2016 does; use "
				     "--total-exclude JB/JR for a comparable total\n"));
	free(s);
	an_result_free(r);
}
END_TEST

START_TEST(test_render_marks_and_rounding)
{
	struct an_request rq;
	struct an_result *r;
	const struct an_table *t;
	struct an_cell c;
	char *s;

	an_request_init(&rq);
	rq.set.letters = AN_LETTERS_PAIRWISE;
	rq.set.adjust = STATS_ADJUST_NONE;
	r = run_item("hulp_snel", NULL, &rq);
	t = table_of(r, "hulp_snel", "top");
	s = render_marks(r, cell(r, t, "basishulp", 0));
	ck_assert_str_eq(s, "\xe2\x80\x93");
	free(s);
	s = render_marks(r, cell(r, t, "specialistische hulp", 1));
	ck_assert_str_eq(s, "(b)");
	free(s);
	s = rendered(r, OUT_TEXT, 0);
	ck_assert_ptr_nonnull(strstr(s, "\n\xe2\x80\x93: niet getoetst: n kleiner dan 30, of 0 % of 100 %\n"));
	free(s);
	/* 29 / 40 = 72.5 %: half away from zero, as Excel and SPSS print it */
	c = *cell(r, t, "specialistische hulp", 1);
	c.x = 29;
	c.n = 40;
	s = render_value(r, t, &c, 0);
	ck_assert_str_eq(s, "73 %");
	free(s);
	c.x = 3;
	c.n = 8;
	s = render_value(r, t, &c, 1);
	ck_assert_str_eq(s, "37,5 %");
	free(s);
	s = render_value(r, t, &c, 2);
	ck_assert_str_eq(s, "37,50 %");
	free(s);
	an_result_free(r);
}
END_TEST

START_TEST(test_render_csv_md_json)
{
	struct an_request rq;
	struct an_result *r;
	cJSON *root, *tab, *cel, *cmp;
	char *s;

	an_request_init(&rq);
	r = run_item("wacht_tevreden", NULL, &rq);
	s = rendered(r, OUT_CSV, 0);
	ck_assert_ptr_nonnull(strstr(s, "item,measure,label,group,wave,n,missing,not_asked,x,value,"
				     "share_of_answers,mean,sd,ci_low,ci_high,median,q1,q3,testable,"
				     "untestable_reason,year_mark,letters\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nwacht_tevreden,top,% ja,basishulp,2016,256,1,3,189,"
				     "0.73828125,,,,,,,,,true,,b,\n"));
	ck_assert_ptr_nonnull(strstr(s, "\nwacht_tevreden,top,% ja,JB/JR,2015,0,0,0,0,,,,,,,,,,false,"
				     "base,,\n"));
	free(s);
	s = rendered(r, OUT_MD, 0);
	ck_assert_ptr_nonnull(strstr(s, "| basishulp | 88 % (a) n=131 | 74 % (b) n=256 |\n"));
	ck_assert_ptr_nonnull(strstr(s, "| JB/JR | n=0 | n=0 |\n"));
	free(s);
	root = render_json(r);
	ck_assert_str_eq(cJSON_GetObjectItem(root, "format")->valuestring, "tevreden-analyze-1");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "settings"), "adjust")->valuestring,
			 "none");
	ck_assert_int_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(root, "ungrouped"), "2016")->valueint, 3);
	tab = cJSON_GetArrayItem(cJSON_GetObjectItem(root, "tables"), 0);
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(tab, "option")));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItem(tab, "cells")), 8);
	cel = cJSON_GetArrayItem(cJSON_GetObjectItem(tab, "cells"), 1);
	ck_assert_str_eq(cJSON_GetObjectItem(cel, "group")->valuestring, "basishulp");
	ck_assert_str_eq(cJSON_GetObjectItem(cel, "wave")->valuestring, "2016");
	ck_assert_str_eq(cJSON_GetObjectItem(cel, "year_mark")->valuestring, "b");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cel, "mean")));
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItem(cel, "testable")));
	cmp = cJSON_GetArrayItem(cJSON_GetObjectItem(tab, "comparisons"), 0);
	ck_assert_str_eq(cJSON_GetObjectItem(cmp, "kind")->valuestring, "waves");
	ck_assert_str_eq(cJSON_GetObjectItem(cmp, "test")->valuestring, "z");
	ck_assert(cJSON_IsNull(cJSON_GetObjectItem(cmp, "df")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(cmp, "a"), "wave")->valuestring, "2015");
	CLOSE(cJSON_GetObjectItem(cmp, "p")->valuedouble, 0.0015473779405861786);
	cJSON_Delete(root);
	an_result_free(r);
}
END_TEST

static Suite *tables_suite(void)
{
	Suite *s = suite_create("tables");
	TCase *tc = tcase_create("engine");

	/* Building the study for each test keeps the tests independent; it takes ~50 ms. */
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_domain_example);
	tcase_add_test(tc, test_domain_one_sided_and_star);
	tcase_add_loop_test(tc, test_letters, 0, (int)(sizeof(letters_cases) / sizeof(letters_cases[0])));
	tcase_add_test(tc, test_fisher_and_untestable);
	tcase_add_test(tc, test_means);
	tcase_add_test(tc, test_means_pooled_and_exclude);
	tcase_add_test(tc, test_skewed);
	tcase_add_test(tc, test_no_variance);
	tcase_add_test(tc, test_multiple_and_options);
	tcase_add_test(tc, test_default_selection);
	tcase_add_loop_test(tc, test_errors, 0, (int)(sizeof(error_cases) / sizeof(error_cases[0])));
	tcase_add_test(tc, test_groups);
	suite_add_tcase(s, tc);
	tc = tcase_create("render");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_render_text);
	tcase_add_test(tc, test_render_marks_and_rounding);
	tcase_add_test(tc, test_render_csv_md_json);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(tables_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
