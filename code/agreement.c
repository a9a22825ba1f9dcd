/* agreement.c: agreement between coders (kappa, Krippendorff's alpha, precision/recall/F1), pure arithmetic. */
#include "code/agreement.h"

#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

/* ---- Cohen's kappa ---- */

static void kappa_clear(struct agreement_kappa *out)
{
	out->n = NAN;
	out->p_o = NAN;
	out->p_e = NAN;
	out->kappa = NAN;
	out->flags = 0;
}

/*
 * Everything from three sums: n units, agree on the diagonal, chance =
 * sum_c (row c total)(column c total). kappa comes straight from the counts
 * rather than from the rounded p_o and p_e.
 */
static void kappa_finish(double n, double agree, double chance, struct agreement_kappa *out)
{
	double nn = n * n;

	kappa_clear(out);
	out->n = n;
	if (n <= 0) {
		out->n = 0;
		out->flags = AGREEMENT_F_EMPTY;
		return;
	}
	out->p_o = agree / n;
	out->p_e = chance / nn;
	if (nn - chance <= 0) {
		out->flags = AGREEMENT_F_NO_VARIATION;
		return;
	}
	out->kappa = (n * agree - chance) / (nn - chance);
}

int agreement_kappa_table(const double *counts, size_t k, struct agreement_kappa *out)
{
	double n = 0, agree = 0, chance = 0;

	if (!out)
		return -1;
	kappa_clear(out);
	if (k > 0 && (!counts || k > SIZE_MAX / k))
		return -1;
	for (size_t i = 0; i < k * k; i++)
		if (!isfinite(counts[i]) || counts[i] < 0)
			return -1;
	for (size_t i = 0; i < k; i++) {
		double row = 0, col = 0;

		for (size_t j = 0; j < k; j++) {
			row += counts[i * k + j];
			col += counts[j * k + i];
		}
		n += row;
		agree += counts[i * k + i];
		chance += row * col;
	}
	kappa_finish(n, agree, chance, out);
	return 0;
}

static int int_cmp(const void *pa, const void *pb)
{
	int a = *(const int *)pa, b = *(const int *)pb;

	return (a > b) - (a < b);
}

/*
 * sum_c (times c occurs in x)(times c occurs in y) for two sorted arrays,
 * by walking their runs side by side.
 */
static double matching_pairs(const int *x, const int *y, size_t n)
{
	double sum = 0;
	size_t i = 0, j = 0;

	while (i < n && j < n) {
		size_t ri = i, rj = j;

		if (x[i] < y[j]) {
			i++;
			continue;
		}
		if (y[j] < x[i]) {
			j++;
			continue;
		}
		while (ri < n && x[ri] == x[i])
			ri++;
		while (rj < n && y[rj] == y[j])
			rj++;
		sum += (double)(ri - i) * (double)(rj - j);
		i = ri;
		j = rj;
	}
	return sum;
}

int agreement_kappa_codes(const int *a, const int *b, size_t n, struct agreement_kappa *out)
{
	int *sorted;
	double agree = 0;

	if (!out)
		return -1;
	kappa_clear(out);
	if (n > 0 && (!a || !b || n > SIZE_MAX / 2 / sizeof(*sorted)))
		return -1;
	if (n == 0) {
		kappa_finish(0, 0, 0, out);
		return 0;
	}
	sorted = malloc(2 * n * sizeof(*sorted));
	if (!sorted)
		return -1;
	for (size_t i = 0; i < n; i++) {
		sorted[i] = a[i];
		sorted[n + i] = b[i];
		agree += a[i] == b[i];
	}
	qsort(sorted, n, sizeof(*sorted), int_cmp);
	qsort(sorted + n, n, sizeof(*sorted), int_cmp);
	kappa_finish((double)n, agree, matching_pairs(sorted, sorted + n, n), out);
	free(sorted);
	return 0;
}

int agreement_count_2x2(const unsigned char *first, const unsigned char *second, size_t n,
	struct agreement_2x2 *out)
{
	if (!out)
		return -1;
	out->both = out->first_only = out->second_only = out->neither = 0;
	if (n > 0 && (!first || !second))
		return -1;
	if (n > (unsigned long)LONG_MAX)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (first[i] && second[i])
			out->both++;
		else if (first[i])
			out->first_only++;
		else if (second[i])
			out->second_only++;
		else
			out->neither++;
	}
	return 0;
}

int agreement_kappa_2x2(const struct agreement_2x2 *t, struct agreement_kappa *out)
{
	double counts[4];

	if (!out)
		return -1;
	kappa_clear(out);
	if (!t || t->both < 0 || t->first_only < 0 || t->second_only < 0 || t->neither < 0)
		return -1;
	counts[0] = (double)t->both;
	counts[1] = (double)t->first_only;
	counts[2] = (double)t->second_only;
	counts[3] = (double)t->neither;
	return agreement_kappa_table(counts, 2, out);
}

/* ---- Krippendorff's alpha ---- */

static void alpha_clear(struct agreement_alpha *out)
{
	out->alpha = NAN;
	out->d_o = NAN;
	out->d_e = NAN;
	out->p_o = NAN;
	out->units = 0;
	out->values = 0;
	out->flags = 0;
}

static int valid_metric(enum agreement_metric metric)
{
	return metric == AGREEMENT_NOMINAL || metric == AGREEMENT_ORDINAL ||
		metric == AGREEMENT_INTERVAL || metric == AGREEMENT_RATIO;
}

static int double_cmp(const void *pa, const void *pb)
{
	double a = *(const double *)pa, b = *(const double *)pb;

	return (a > b) - (a < b);
}

/*
 * The distinct pairable values with their counts n_g (the marginals of the
 * coincidence matrix: every pairable value is paired with each of the m_u - 1
 * others of its unit with weight 1/(m_u - 1), so it adds exactly 1 to its row)
 * and the running sums cum[g] = n_0 + ... + n_{g-1} for the ordinal metric.
 */
struct alpha_values {
	double *v;	/* V sorted distinct values */
	double *cnt;	/* n_g */
	double *cum;	/* V + 1 running sums */
	size_t nv;	/* V */
	size_t n;	/* pairable values */
};

static size_t unit_count(const double *data, size_t coders, size_t units, size_t u)
{
	size_t m = 0;

	for (size_t c = 0; c < coders; c++)
		m += !isnan(data[c * units + u]);
	return m;
}

/* Index of x among the sorted distinct values; x is one of them. */
static size_t value_rank(const struct alpha_values *av, double x)
{
	size_t lo = 0, hi = av->nv;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (av->v[mid] <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* delta^2 between the distinct values of rank g and h. */
static double delta2(const struct alpha_values *av, enum agreement_metric metric, size_t g, size_t h)
{
	double c = av->v[g], k = av->v[h], d;

	if (g == h)
		return 0;
	switch (metric) {
	case AGREEMENT_NOMINAL:
		return 1;
	case AGREEMENT_ORDINAL:
		if (g > h) {
			size_t t = g;

			g = h;
			h = t;
		}
		d = av->cum[h + 1] - av->cum[g] - (av->cnt[g] + av->cnt[h]) / 2;
		return d * d;
	case AGREEMENT_INTERVAL:
		return (c - k) * (c - k);
	case AGREEMENT_RATIO:
		d = (c - k) / (c + k);
		return d * d;
	}
	return NAN;
}

/*
 * sum_c sum_k n_c n_k delta^2(c, k). Nominal and interval have closed forms
 * (n^2 - sum n_c^2, and 2 n sum n_c (c - mean)^2), which keep the time linear
 * when there are many distinct values; ordinal and ratio sum over all pairs.
 * NEEDSWORK: that is O(V^2) for V distinct values, fine for codes and rating
 * scales but slow for ratio data with 10^5 distinct values; a sweep over the
 * sorted values with running sums would make ordinal linear too.
 */
static double expected_sum(const struct alpha_values *av, enum agreement_metric metric)
{
	double sum = 0, n = (double)av->n;

	if (metric == AGREEMENT_NOMINAL) {
		for (size_t g = 0; g < av->nv; g++)
			sum += av->cnt[g] * av->cnt[g];
		return n * n - sum;
	}
	if (metric == AGREEMENT_INTERVAL) {
		double mean = 0;

		for (size_t g = 0; g < av->nv; g++)
			mean += av->cnt[g] * av->v[g];
		mean /= n;
		for (size_t g = 0; g < av->nv; g++)
			sum += av->cnt[g] * (av->v[g] - mean) * (av->v[g] - mean);
		return 2 * n * sum;
	}
	for (size_t g = 0; g < av->nv; g++)
		for (size_t h = g + 1; h < av->nv; h++)
			sum += av->cnt[g] * av->cnt[h] * delta2(av, metric, g, h);
	return 2 * sum;
}

/*
 * The observed side, unit by unit: sum_c sum_k o_ck delta^2(c, k) into *disagree
 * and sum_c o_cc into *agree. Each unordered pair of values in unit u stands for
 * two ordered pairs of weight 1/(m_u - 1), so the V x V coincidence matrix is
 * never built.
 */
static void observed_sums(const double *data, size_t coders, size_t units,
	const struct alpha_values *av, enum agreement_metric metric, double *disagree, double *agree)
{
	*disagree = 0;
	*agree = 0;
	for (size_t u = 0; u < units; u++) {
		size_t m = unit_count(data, coders, units, u);
		double w, dis = 0, agr = 0;

		if (m < 2)
			continue;
		w = 2.0 / (double)(m - 1);
		for (size_t i = 0; i < coders; i++) {
			double x = data[i * units + u];
			size_t g;

			if (isnan(x))
				continue;
			g = value_rank(av, x);
			for (size_t j = i + 1; j < coders; j++) {
				double y = data[j * units + u];
				size_t h;

				if (isnan(y))
					continue;
				h = value_rank(av, y);
				if (g == h)
					agr += 1;
				else
					dis += delta2(av, metric, g, h);
			}
		}
		*disagree += w * dis;
		*agree += w * agr;
	}
}

/* Fill av from the pairable values of data; av->v must hold room for all of them. */
static void collect_values(const double *data, size_t coders, size_t units, struct alpha_values *av)
{
	size_t n = 0, nv = 0;

	for (size_t u = 0; u < units; u++) {
		if (unit_count(data, coders, units, u) < 2)
			continue;
		for (size_t c = 0; c < coders; c++)
			if (!isnan(data[c * units + u]))
				av->v[n++] = data[c * units + u];
	}
	qsort(av->v, n, sizeof(*av->v), double_cmp);
	for (size_t i = 0; i < n; i++) {
		if (nv > 0 && av->v[nv - 1] == av->v[i]) {
			av->cnt[nv - 1] += 1;
			continue;
		}
		av->v[nv] = av->v[i];
		av->cnt[nv] = 1;
		nv++;
	}
	av->cum[0] = 0;
	for (size_t g = 0; g < nv; g++)
		av->cum[g + 1] = av->cum[g] + av->cnt[g];
	av->nv = nv;
	av->n = n;
}

/* Check the values and count pairable units and values. -1 on a value we refuse. */
static int scan_data(const double *data, size_t coders, size_t units, enum agreement_metric metric,
	size_t *pairable_units, size_t *pairable_values)
{
	*pairable_units = 0;
	*pairable_values = 0;
	for (size_t i = 0; i < coders * units; i++) {
		if (isinf(data[i]))
			return -1;
		if (metric == AGREEMENT_RATIO && data[i] < 0)
			return -1;
	}
	for (size_t u = 0; u < units; u++) {
		size_t m = unit_count(data, coders, units, u);

		if (m < 2)
			continue;
		*pairable_units += 1;
		*pairable_values += m;
	}
	return 0;
}

int agreement_alpha(const double *data, size_t coders, size_t units,
	enum agreement_metric metric, struct agreement_alpha *out)
{
	struct alpha_values av;
	size_t n, pu, nv;
	double disagree, agree, expected, *scratch;

	if (!out)
		return -1;
	alpha_clear(out);
	if (!valid_metric(metric))
		return -1;
	if (coders > 0 && units > SIZE_MAX / coders)
		return -1;
	if (coders * units > 0 && !data)
		return -1;
	if (scan_data(data, coders, units, metric, &pu, &n) < 0)
		return -1;
	if (n == 0) {
		out->flags = AGREEMENT_F_EMPTY;
		return 0;
	}
	if (n > (SIZE_MAX / sizeof(double) - 1) / 3)
		return -1;
	scratch = malloc((3 * n + 1) * sizeof(*scratch));
	if (!scratch)
		return -1;
	av.v = scratch;
	av.cnt = scratch + n;
	av.cum = scratch + 2 * n;
	collect_values(data, coders, units, &av);
	observed_sums(data, coders, units, &av, metric, &disagree, &agree);
	expected = expected_sum(&av, metric);
	nv = av.nv;
	free(scratch);

	out->units = pu;
	out->values = n;
	out->p_o = agree / (double)n;
	/*
	 * With one distinct value D_e is 0 by definition; decided on the count, as
	 * the interval closed form can leave a rounding residue there.
	 */
	if (nv < 2) {
		out->d_o = 0;
		out->d_e = 0;
		out->flags = AGREEMENT_F_NO_VARIATION;
		return 0;
	}
	out->d_o = disagree / (double)n;
	out->d_e = expected / ((double)n * (double)(n - 1));
	out->alpha = 1 - out->d_o / out->d_e;
	return 0;
}

/* ---- Precision, recall, F1 ---- */

static void prf_clear(struct agreement_prf *out)
{
	out->tp = out->fp = out->fn = 0;
	out->precision = NAN;
	out->recall = NAN;
	out->f1 = NAN;
	out->flags = 0;
}

int agreement_prf(long tp, long fp, long fn, struct agreement_prf *out)
{
	double t = (double)tp, p = (double)fp, f = (double)fn;

	if (!out)
		return -1;
	prf_clear(out);
	if (tp < 0 || fp < 0 || fn < 0)
		return -1;
	out->tp = tp;
	out->fp = fp;
	out->fn = fn;
	if (t + p > 0)
		out->precision = t / (t + p);
	else
		out->flags |= AGREEMENT_F_NO_PREDICTED;
	if (t + f > 0)
		out->recall = t / (t + f);
	else
		out->flags |= AGREEMENT_F_NO_REFERENCE;
	if (t + p + f > 0)
		out->f1 = 2 * t / (2 * t + p + f);
	return 0;
}

int agreement_prf_presence(const unsigned char *reference, const unsigned char *automatic,
	size_t n, struct agreement_prf *out)
{
	struct agreement_2x2 t;

	if (!out)
		return -1;
	prf_clear(out);
	if (agreement_count_2x2(reference, automatic, n, &t) < 0)
		return -1;
	return agreement_prf(t.both, t.second_only, t.first_only, out);
}
