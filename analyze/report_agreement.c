/* report_agreement.c: agreement between coders: the agreement table and the mean alpha of the method section. */
#include "analyze/report_int.h"
#include "code/agreement.h"
#include "core/error.h"
#include "core/store.h"
#include "core/strset.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- units and codings ---- */

/*
 * The units and rules of `tevreden code agreement` (docs/coding.md): the unit
 * is a segment to code; a coder has coded a document when they coded one of
 * its segments; percent agreement and kappa over the segments of documents
 * every coder coded, alpha (nominal, on presence) over those at least two
 * coded. tests/cli/t-report.sh checks these numbers against that command.
 * The coefficients come from code/agreement.h (agreement_kappa_2x2,
 * agreement_alpha), the same functions the command uses.
 * NEEDSWORK: the counting (units, which coder coded which document, presence
 * per unit) is a second copy of code/cmd_agreement.c's, which keeps it in
 * static functions; move both onto one library function in code/ when that
 * file is next touched.
 */
struct agree_unit {
	int64_t segment, document;
};

struct agree_coding {
	size_t unit, coder;
	char *code;
};

struct agree {
	struct rp_strlist coders;
	struct agree_unit *units;
	size_t nunits, ucap;
	struct agree_coding *codings;
	size_t ncodings, ccap;
	struct rp_strlist seen_coders;	/* every coder with codings, in order of appearance */
};

static int agree_unit_cb(void *ctx, const struct store_segment_row *sg)
{
	struct agree *a = ctx;

	if (a->nunits == a->ucap) {
		a->ucap = a->ucap ? 2 * a->ucap : 1024;
		a->units = xrealloc(a->units, a->ucap * sizeof(*a->units));
	}
	a->units[a->nunits].segment = sg->id;
	a->units[a->nunits].document = sg->document_id;
	a->nunits++;
	return 0;
}

static long agree_unit_of(const struct agree *a, int64_t s)
{
	size_t lo = 0, hi = a->nunits;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (a->units[mid].segment < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->nunits && a->units[lo].segment == s ? (long)lo : -1;
}

static int agree_coding_cb(void *ctx, const struct store_coding_row *c)
{
	struct agree *a = ctx;
	long u;
	size_t k;

	if (!rp_strlist_has(&a->seen_coders, c->coder))
		rp_strlist_add(&a->seen_coders, xstrdup(c->coder));
	for (k = 0; k < a->coders.n && strcmp(a->coders.v[k], c->coder) != 0; k++)
		;
	u = agree_unit_of(a, c->segment_id);
	if (k == a->coders.n || u < 0)
		return 0;
	if (a->ncodings == a->ccap) {
		a->ccap = a->ccap ? 2 * a->ccap : 1024;
		a->codings = xrealloc(a->codings, a->ccap * sizeof(*a->codings));
	}
	a->codings[a->ncodings].unit = (size_t)u;
	a->codings[a->ncodings].coder = k;
	a->codings[a->ncodings].code = xstrdup(c->code);
	a->ncodings++;
	return 0;
}

static int cmp_agree_unit(const void *x, const void *y)
{
	const struct agree_unit *a = x, *b = y;

	return a->segment < b->segment ? -1 : a->segment > b->segment;
}

static void agree_release(struct agree *a)
{
	size_t i;

	for (i = 0; i < a->ncodings; i++)
		free(a->codings[i].code);
	free(a->codings);
	free(a->units);
	rp_strlist_release(&a->coders);
	rp_strlist_release(&a->seen_coders);
}

/* Load units and the codings of the coders in a->coders (and the names of every coder). */
static int agree_load(struct rp_ctx *c, struct agree *a)
{
	if (store_segments(c->st, 1, agree_unit_cb, a) < 0)
		return REPORT_ESTORE;
	if (a->nunits)
		qsort(a->units, a->nunits, sizeof(*a->units), cmp_agree_unit);
	if (store_codings(c->st, 0, agree_coding_cb, a) < 0)
		return REPORT_ESTORE;
	return 0;
}

/* ---- the coefficients of one code ---- */

struct agree_result {
	long units;		/* segments of documents every coder coded */
	double percent, kappa, alpha;
};

/* covered[u * m + k]: coder k coded the document of unit u. */
static unsigned char *agree_coverage(const struct agree *a)
{
	size_t m = a->coders.n, i, u, k;
	unsigned char *cov = xcalloc(a->nunits * m + 1, 1);
	struct strset docs;
	char key[48];

	strset_init(&docs);
	for (i = 0; i < a->ncodings; i++) {
		snprintf(key, sizeof(key), "%lld/%zu", (long long)a->units[a->codings[i].unit].document,
			 a->codings[i].coder);
		strset_add(&docs, key);
	}
	for (u = 0; u < a->nunits; u++) {
		for (k = 0; k < m; k++) {
			snprintf(key, sizeof(key), "%lld/%zu", (long long)a->units[u].document, k);
			cov[u * m + k] = (unsigned char)strset_has(&docs, key);
		}
	}
	strset_release(&docs);
	return cov;
}

static int agree_code(const struct agree *a, const unsigned char *cov, const char *code,
	struct agree_result *res)
{
	size_t m = a->coders.n, u, k, i, n2 = 0;
	unsigned char *pres = xcalloc(a->nunits * m + 1, 1), *first = NULL, *second = NULL;
	double *data = xcalloc(a->nunits * m + 1, sizeof(double));
	struct agreement_alpha al;
	long all = 0, same = 0;
	int ret = -1;

	for (i = 0; i < a->ncodings; i++)
		if (strcmp(a->codings[i].code, code) == 0)
			pres[a->codings[i].unit * m + a->codings[i].coder] = 1;
	if (m == 2) {
		first = xcalloc(a->nunits + 1, 1);
		second = xcalloc(a->nunits + 1, 1);
	}
	for (u = 0; u < a->nunits; u++) {
		size_t coded = 0;
		int agree = 1;

		for (k = 0; k < m; k++) {
			coded += cov[u * m + k];
			data[k * a->nunits + u] = cov[u * m + k] ? pres[u * m + k] : NAN;
			agree &= pres[u * m + k] == pres[u * m];
		}
		if (coded != m)
			continue;
		all++;
		same += agree;
		if (m == 2) {
			first[n2] = pres[u * m];
			second[n2++] = pres[u * m + 1];
		}
	}
	res->units = all;
	res->percent = all ? (double)same / (double)all : NAN;
	res->kappa = NAN;
	if (m == 2) {
		struct agreement_2x2 t;
		struct agreement_kappa kp;

		if (agreement_count_2x2(first, second, n2, &t) < 0 || agreement_kappa_2x2(&t, &kp) < 0)
			goto out;
		res->kappa = kp.kappa;
	}
	if (agreement_alpha(data, m, a->nunits, AGREEMENT_NOMINAL, &al) < 0)
		goto out;
	res->alpha = al.alpha;
	ret = 0;
out:
	free(pres);
	free(data);
	free(first);
	free(second);
	return ret;
}

/* ---- the agreement directive ---- */

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The agreement table of the coders in a (loaded). */
static int agreement_table(struct rp_ctx *c, const struct report_directive *d, struct agree *a)
{
	struct rp_strlist codes = { 0 }, want = { 0 };
	unsigned char *cov;
	struct report_table rt;
	size_t i;
	int ret = 0, two = a->coders.n == 2;
	struct buf b;

	if (rp_opt(d, "codes"))
		rp_split_commas(rp_opt(d, "codes"), &want);
	for (i = 0; i < a->ncodings; i++)
		if (!rp_strlist_has(&codes, a->codings[i].code) &&
		    (!want.n || rp_strlist_has(&want, a->codings[i].code)))
			rp_strlist_add(&codes, xstrdup(a->codings[i].code));
	if (codes.n)
		qsort(codes.v, codes.n, sizeof(char *), cmp_str);
	cov = agree_coverage(a);
	rp_table_init(&rt, rp_opt(d, "title") ? rp_opt(d, "title") :
		      "Overeenstemming tussen codeurs per thema", "thema", two ? 4 : 3, codes.n);
	rt.cols[0].head = xstrdup("eenheden");
	rt.cols[1].head = xstrdup("% overeenstemming");
	rt.cols[2].head = xstrdup(two ? "kappa" : "alpha");
	if (two)
		rt.cols[3].head = xstrdup("alpha");
	for (i = 0; i < codes.n; i++) {
		struct agree_result res;
		struct report_cell *cell = &rt.cells[i * rt.ncols];

		if (agree_code(a, cov, codes.v[i], &res) < 0) {
			tv_error("cannot compute the agreement on '%s'", codes.v[i]);
			rp_table_release(&rt);
			ret = REPORT_ESTORE;
			goto out;
		}
		rt.row_labels[i] = xstrdup(rp_code_label(c, codes.v[i]));
		rp_cell_set(&cell[0], xasprintf("%ld", res.units), (double)res.units, REPORT_NUM_COUNT, 0,
			    -1, NULL);
		rp_cell_set(&cell[1], isnan(res.percent) ? xstrdup(RP_DASH) : rp_pct_str(res.percent),
			    res.percent, REPORT_NUM_PERCENT, 0, -1, NULL);
		if (two)
			rp_cell_set(&cell[2], isnan(res.kappa) ? xstrdup(RP_DASH) : rp_fixed_str(res.kappa, 2),
				    res.kappa, REPORT_NUM_DECIMAL, 2, -1, NULL);
		rp_cell_set(&cell[two ? 3 : 2],
			    isnan(res.alpha) ? xstrdup(RP_DASH) : rp_fixed_str(res.alpha, 2), res.alpha,
			    REPORT_NUM_DECIMAL, 2, -1, NULL);
	}
	buf_init(&b);
	buf_adds(&b, "codeurs: ");
	rp_join(&b, &a->coders, ", ", " en ");
	buf_adds(&b, "; eenheid: segment (zin of open antwoord); eenheden en % overeenstemming: "
		 "segmenten van documenten die alle codeurs codeerden");
	rp_table_note(&rt, buf_detach(&b));
	rp_table_note(&rt, xstrdup(two ? "kappa: Cohen's kappa op aan- of afwezigheid van het thema; alpha: "
					 "Krippendorff's alpha (nominaal), ook met ontbrekende codeurs; "
					 RP_DASH ": niet te berekenen (geen variatie)" :
					 "alpha: Krippendorff's alpha (nominaal) op aan- of afwezigheid van "
					 "het thema, ook met ontbrekende codeurs; " RP_DASH ": niet te berekenen "
					 "(geen variatie)"));
	{
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", "agreement");
		rp_json_strs(o, "coders", &a->coders);
		rt.check = rp_json_done(o);
	}
	rp_table_add(c, &rt, "overeenstemming", 0);
out:
	free(cov);
	rp_strlist_release(&codes);
	rp_strlist_release(&want);
	return ret;
}

int rp_do_agreement(struct rp_ctx *c, const struct report_directive *d)
{
	struct agree a = { 0 };
	int ret;

	if (rp_opt(d, "coders")) {
		rp_split_commas(rp_opt(d, "coders"), &a.coders);
	} else {
		struct agree probe = { 0 };
		size_t i;

		ret = agree_load(c, &probe);
		for (i = 0; i < probe.seen_coders.n; i++)
			rp_strlist_add(&a.coders, xstrdup(probe.seen_coders.v[i]));
		agree_release(&probe);
		if (ret < 0)
			goto out;
	}
	if (a.coders.n < 2) {
		rp_md_gap(c);
		rp_md_line(c, "*Overeenstemming tussen codeurs is niet te berekenen: %s.*",
			a.coders.n ? "er is maar één codeur" : "er zijn geen coderingen");
		rp_md_line(c, "%s", "");
		ret = 0;
		goto out;
	}
	ret = agree_load(c, &a);
	if (ret == 0)
		ret = agreement_table(c, d, &a);
out:
	agree_release(&a);
	return ret;
}

/* ---- the method section's summary ---- */

int rp_agreement_mean(struct rp_ctx *c, const struct rp_strlist *coders, double *mean,
	long *ncodes)
{
	struct agree a = { 0 };
	struct rp_strlist codes = { 0 };
	unsigned char *cov;
	double sum = 0;
	long k = 0;
	size_t i;
	int ret;

	*mean = NAN;
	*ncodes = 0;
	for (i = 0; i < coders->n; i++)
		rp_strlist_add(&a.coders, xstrdup(coders->v[i]));
	ret = agree_load(c, &a);
	if (ret < 0)
		goto out;
	for (i = 0; i < a.ncodings; i++)
		if (!rp_strlist_has(&codes, a.codings[i].code))
			rp_strlist_add(&codes, xstrdup(a.codings[i].code));
	cov = agree_coverage(&a);
	for (i = 0; i < codes.n; i++) {
		struct agree_result res;

		if (agree_code(&a, cov, codes.v[i], &res) == 0 && !isnan(res.alpha)) {
			sum += res.alpha;
			k++;
		}
	}
	free(cov);
	if (k)
		*mean = sum / (double)k;
	*ncodes = k;
out:
	rp_strlist_release(&codes);
	agree_release(&a);
	return ret;
}
