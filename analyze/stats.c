/* stats.c: significance tests and descriptive measures matching R's numbers; the one user of GSL. */
#include "analyze/stats.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>

/* R's fisher.test: tables up to this factor more likely than the observed one still count. */
#define STATS_FISHER_REL_ERR (1 + 1e-7)

/* Above this df R's pt() switches to a normal approximation; we follow it to give R's numbers. */
#define STATS_T_NORMAL_DF 4e5

/* R's wilcox.test uses the exact distribution only below this sample size in both groups. */
#define STATS_MW_EXACT_MAX 50

void stats_init(void)
{
	gsl_set_error_handler_off();
}

static void result_clear(struct stats_result *res)
{
	res->statistic = NAN;
	res->z = NAN;
	res->df = NAN;
	res->p = NAN;
	res->estimate[0] = NAN;
	res->estimate[1] = NAN;
	res->flags = 0;
}

static int valid_sided(enum stats_sided sided)
{
	return sided == STATS_TWO_SIDED || sided == STATS_GREATER || sided == STATS_LESS;
}

static int all_finite(const double *x, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!isfinite(x[i]))
			return 0;
	return 1;
}

/* ---- Distributions ---- */

/* P(Z > z) for a standard normal deviate. */
static double norm_upper(double z)
{
	return gsl_cdf_ugaussian_Q(z);
}

/* p-value of a standard normal deviate, as R's pnorm-based tests compute it. */
static double p_from_z(double z, enum stats_sided sided)
{
	if (isnan(z))
		return NAN;
	if (sided == STATS_GREATER)
		return norm_upper(z);
	if (sided == STATS_LESS)
		return norm_upper(-z);
	return fmin(1.0, 2 * norm_upper(fabs(z)));
}

/*
 * P(|T| > |t|) for Student's t with df degrees of freedom. GSL's own
 * gsl_cdf_tdist_Q uses a Cornish–Fisher expansion for df > 30 that is off by up
 * to 1e-6 (relative) in the tail, so we go through the incomplete beta function
 * as R's pt() does, including R's normal approximation above 4e5 df.
 */
static double t_two_tail(double t, double df)
{
	if (df > STATS_T_NORMAL_DF) {
		double val = 1.0 / (4.0 * df);
		double at = fabs(t);

		return 2 * norm_upper(at * (1.0 - val) / sqrt(1.0 + at * at * 2.0 * val));
	}
	return gsl_sf_beta_inc(df / 2, 0.5, df / (df + t * t));
}

/* P(T > t). */
static double t_upper(double t, double df)
{
	double half = 0.5 * t_two_tail(t, df);

	return t > 0 ? half : 1.0 - half;
}

static double p_from_t(double t, double df, enum stats_sided sided)
{
	if (isnan(t) || isnan(df))
		return NAN;
	if (sided == STATS_GREATER)
		return t_upper(t, df);
	if (sided == STATS_LESS)
		return t_upper(-t, df);
	return t_two_tail(t, df);
}

/* ---- Descriptive measures ---- */

double stats_mean(const double *x, size_t n)
{
	long double s = 0, t = 0;

	if (n == 0)
		return NAN;
	for (size_t i = 0; i < n; i++)
		s += x[i];
	s /= (long double)n;
	/* R's correction pass: removes most of the rounding error of the first sum. */
	if (isfinite((double)s)) {
		for (size_t i = 0; i < n; i++)
			t += x[i] - s;
		s += t / (long double)n;
	}
	return (double)s;
}

double stats_sd(const double *x, size_t n)
{
	long double m, ss = 0;

	if (n < 2)
		return NAN;
	m = stats_mean(x, n);
	for (size_t i = 0; i < n; i++) {
		long double d = x[i] - m;

		ss += d * d;
	}
	return sqrt((double)(ss / (long double)(n - 1)));
}

/* Sample variance (n - 1) without the sqrt/square round trip; NAN when n < 2. */
static double stats_var(const double *x, size_t n)
{
	long double m, ss = 0;

	if (n < 2)
		return NAN;
	m = stats_mean(x, n);
	for (size_t i = 0; i < n; i++) {
		long double d = x[i] - m;

		ss += d * d;
	}
	return (double)(ss / (long double)(n - 1));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_sort(double *x, size_t n)
{
	if (n > 1)
		qsort(x, n, sizeof(*x), cmp_double);
}

double stats_quantile_sorted(const double *sorted, size_t n, double prob)
{
	double index, lo, hi, q, h;

	if (n == 0 || isnan(prob))
		return NAN;
	prob = fmax(0.0, fmin(1.0, prob));
	/* R's type 7 verbatim, 1-based: index = 1 + (n - 1) p. */
	index = 1 + (double)(n - 1) * prob;
	lo = floor(index);
	hi = ceil(index);
	q = sorted[(size_t)lo - 1];
	if (index > lo && sorted[(size_t)hi - 1] != q) {
		h = index - lo;
		q = (1 - h) * q + h * sorted[(size_t)hi - 1];
	}
	return q;
}

int stats_t_ci(double mean, double sd, double n, double level, double *low, double *high)
{
	double se, q, t;

	*low = NAN;
	*high = NAN;
	if (!(level > 0 && level < 1) || isnan(n))
		return -1;
	if (n < 2 || !isfinite(mean) || !isfinite(sd) || sd < 0)
		return 0;
	se = sd / sqrt(n);
	if (se == 0) {
		*low = mean;
		*high = mean;
		return 0;
	}
	q = gsl_cdf_tdist_Pinv(1 - (1 - level) / 2, n - 1);
	/* The same operations as R's t.test, so the last bits agree too. */
	t = mean / se;
	*low = (t - q) * se;
	*high = (t + q) * se;
	return 0;
}

int stats_describe(const double *x, size_t n, double level, double *work,
	struct stats_summary *out)
{
	double *s = work;

	out->n = n;
	out->mean = out->sd = out->ci_low = out->ci_high = NAN;
	out->min = out->q1 = out->median = out->q3 = out->max = NAN;
	if ((n > 0 && !x) || !(level > 0 && level < 1))
		return -1;
	if (!all_finite(x, n))
		return -1;
	if (n == 0)
		return 0;
	if (!s) {
		if (n > SIZE_MAX / sizeof(*s))
			return -1;
		s = malloc(n * sizeof(*s));
		if (!s)
			return -1;
	}
	if (s != x)
		memcpy(s, x, n * sizeof(*s));
	stats_sort(s, n);
	out->min = s[0];
	out->q1 = stats_quantile_sorted(s, n, 0.25);
	out->median = stats_quantile_sorted(s, n, 0.5);
	out->q3 = stats_quantile_sorted(s, n, 0.75);
	out->max = s[n - 1];
	if (s != work)
		free(s);
	out->mean = stats_mean(x, n);
	out->sd = stats_sd(x, n);
	return stats_t_ci(out->mean, out->sd, (double)n, level, &out->ci_low, &out->ci_high);
}

/* ---- Proportions ---- */

static int valid_count(double x, double n)
{
	return isfinite(x) && isfinite(n) && x >= 0 && x <= n;
}

int stats_prop_testable(double x1, double n1, double x2, double n2, double min_base)
{
	if (!valid_count(x1, n1) || !valid_count(x2, n2) || isnan(min_base))
		return 0;
	return n1 >= min_base && n2 >= min_base && x1 > 0 && x1 < n1 && x2 > 0 && x2 < n2;
}

int stats_prop_z(double x1, double n1, double x2, double n2, enum stats_sided sided,
	unsigned opts, struct stats_result *res)
{
	double pooled, s, se, delta, yates, z;

	result_clear(res);
	if (!valid_count(x1, n1) || !valid_count(x2, n2) || !valid_sided(sided))
		return -1;
	if (n1 == 0 || n2 == 0) {
		res->flags |= STATS_F_EMPTY;
		return 0;
	}
	res->estimate[0] = x1 / n1;
	res->estimate[1] = x2 / n2;
	pooled = (x1 + x2) / (n1 + n2);
	s = 1 / n1 + 1 / n2;
	se = sqrt(pooled * (1 - pooled) * s);
	if (!(se > 0)) {
		res->flags |= STATS_F_NO_VARIANCE;
		return 0;
	}
	delta = res->estimate[0] - res->estimate[1];
	/* R's prop.test: the correction never takes more than the whole difference. */
	yates = (opts & STATS_CORRECT) ? fmin(0.5, fabs(delta) / s) : 0;
	z = (fabs(delta) - yates * s) / se;
	if (delta < 0)
		z = -z;
	res->statistic = z;
	res->z = z;
	res->p = p_from_z(z, sided);
	return 0;
}

int stats_chisq(const double *counts, size_t rows, size_t cols, unsigned opts,
	double *expected, double *min_expected, struct stats_result *res)
{
	double total = 0, min_e = INFINITY, x2 = 0, yates = 0;
	int zero_margin = 0;

	result_clear(res);
	if (min_expected)
		*min_expected = NAN;
	if (!counts || rows < 2 || cols < 2 || rows > SIZE_MAX / cols)
		return -1;
	for (size_t k = 0; k < rows * cols; k++) {
		if (!isfinite(counts[k]) || counts[k] < 0)
			return -1;
		total += counts[k];
	}
	/* Tables are small; recomputing margins keeps the function free of allocation. */
	for (size_t i = 0; i < rows; i++) {
		double sr = 0;

		for (size_t j = 0; j < cols; j++)
			sr += counts[i * cols + j];
		for (size_t j = 0; j < cols; j++) {
			double sc = 0, e;

			for (size_t k = 0; k < rows; k++)
				sc += counts[k * cols + j];
			e = total > 0 ? sr * sc / total : 0;
			if (expected)
				expected[i * cols + j] = e;
			if (e < min_e)
				min_e = e;
			if (!(e > 0))
				zero_margin = 1;
		}
	}
	if (min_expected)
		*min_expected = min_e;
	res->df = (double)((rows - 1) * (cols - 1));
	if (zero_margin) {
		res->flags |= STATS_F_ZERO_MARGIN;
		return 0;
	}
	if ((opts & STATS_CORRECT) && rows == 2 && cols == 2) {
		double e00 = (counts[0] + counts[1]) * (counts[0] + counts[2]) / total;

		/* All four |O - E| are equal in a 2×2 table. */
		yates = fmin(0.5, fabs(counts[0] - e00));
	}
	for (size_t i = 0; i < rows; i++) {
		double sr = 0;

		for (size_t j = 0; j < cols; j++)
			sr += counts[i * cols + j];
		for (size_t j = 0; j < cols; j++) {
			double sc = 0, e, d;

			for (size_t k = 0; k < rows; k++)
				sc += counts[k * cols + j];
			e = sr * sc / total;
			d = fabs(counts[i * cols + j] - e) - yates;
			x2 += d * d / e;
		}
	}
	res->statistic = x2;
	res->p = gsl_cdf_chisq_Q(x2, res->df);
	return 0;
}

/* log of the hypergeometric weight of i "yes" in row 1, up to a constant: C(m, i) C(n, k - i). */
static double fisher_lweight(unsigned m, unsigned n, unsigned k, unsigned i)
{
	return gsl_sf_lnchoose(m, i) + gsl_sf_lnchoose(n, k - i);
}

int stats_fisher_2x2(long a, long b, long c, long d, enum stats_sided sided,
	struct stats_result *res)
{
	unsigned m, n, k, x, lo, hi, mode;
	double lmax, dobs, total = 0, sum = 0;

	result_clear(res);
	if (a < 0 || b < 0 || c < 0 || d < 0 || !valid_sided(sided))
		return -1;
	if (a > UINT_MAX / 4 || b > UINT_MAX / 4 || c > UINT_MAX / 4 || d > UINT_MAX / 4)
		return -1;
	/* R's names: m "yes" and n "no" in all, k in row 1, x "yes" in row 1. */
	m = (unsigned)(a + c);
	n = (unsigned)(b + d);
	k = (unsigned)(a + b);
	x = (unsigned)a;
	lo = k > n ? k - n : 0;
	hi = k < m ? k : m;
	res->estimate[0] = a + b > 0 ? (double)a / (double)(a + b) : NAN;
	res->estimate[1] = c + d > 0 ? (double)c / (double)(c + d) : NAN;
	res->flags |= STATS_F_EXACT;
	/* Weights relative to the most likely table (the mode), as R's dnhyper. */
	mode = (unsigned)(((double)k + 1) * ((double)m + 1) / ((double)m + n + 2));
	if (mode < lo)
		mode = lo;
	if (mode > hi)
		mode = hi;
	lmax = fisher_lweight(m, n, k, mode);
	dobs = exp(fisher_lweight(m, n, k, x) - lmax);
	for (unsigned i = lo; i <= hi; i++) {
		double w = exp(fisher_lweight(m, n, k, i) - lmax);

		total += w;
		if (sided == STATS_GREATER ? i >= x :
		    sided == STATS_LESS ? i <= x :
		    w <= dobs * STATS_FISHER_REL_ERR)
			sum += w;
	}
	res->p = fmin(1.0, sum / total);
	return 0;
}

/* ---- Means ---- */

/* The t-test on means and variances (not SDs, so raw data skip a sqrt/square round trip). */
static int t_core(double m1, double v1, double n1, double m2, double v2, double n2,
	enum stats_sided sided, unsigned opts, struct stats_result *res)
{
	double se, df, t;

	result_clear(res);
	if (!isfinite(m1) || !isfinite(m2) || !isfinite(n1) || !isfinite(n2) || n1 < 0 || n2 < 0)
		return -1;
	if ((n1 > 1 && !(isfinite(v1) && v1 >= 0)) || (n2 > 1 && !(isfinite(v2) && v2 >= 0)))
		return -1;
	if (!valid_sided(sided))
		return -1;
	if (n1 > 0)
		res->estimate[0] = m1;
	if (n2 > 0)
		res->estimate[1] = m2;
	if (opts & STATS_POOLED) {
		double v = 0;

		if (n1 < 1 || n2 < 1 || n1 + n2 < 3) {
			res->flags |= STATS_F_EMPTY;
			return 0;
		}
		df = n1 + n2 - 2;
		if (n1 > 1)
			v += (n1 - 1) * v1;
		if (n2 > 1)
			v += (n2 - 1) * v2;
		v /= df;
		se = sqrt(v * (1 / n1 + 1 / n2));
	} else {
		double se1, se2;

		if (n1 < 2 || n2 < 2) {
			res->flags |= STATS_F_EMPTY;
			return 0;
		}
		se1 = sqrt(v1 / n1);
		se2 = sqrt(v2 / n2);
		se = sqrt(se1 * se1 + se2 * se2);
		df = pow(se, 4) / (pow(se1, 4) / (n1 - 1) + pow(se2, 4) / (n2 - 1));
	}
	/* R stops with "data are essentially constant" below this threshold. */
	if (se == 0 || se < 10 * DBL_EPSILON * fmax(fabs(m1), fabs(m2))) {
		res->flags |= STATS_F_NO_VARIANCE;
		return 0;
	}
	t = (m1 - m2) / se;
	res->statistic = t;
	res->df = df;
	res->p = p_from_t(t, df, sided);
	return 0;
}

int stats_t_summary(double mean1, double sd1, double n1, double mean2, double sd2, double n2,
	enum stats_sided sided, unsigned opts, struct stats_result *res)
{
	if ((n1 > 1 && !(sd1 >= 0)) || (n2 > 1 && !(sd2 >= 0))) {
		result_clear(res);
		return -1;
	}
	return t_core(mean1, sd1 * sd1, n1, mean2, sd2 * sd2, n2, sided, opts, res);
}

int stats_t_test(const double *x, size_t nx, const double *y, size_t ny,
	enum stats_sided sided, unsigned opts, struct stats_result *res)
{
	result_clear(res);
	if ((nx > 0 && !x) || (ny > 0 && !y) || !all_finite(x, nx) || !all_finite(y, ny))
		return -1;
	/* An empty group has no mean; t_core only needs finite placeholders. */
	return t_core(nx ? stats_mean(x, nx) : 0, stats_var(x, nx), (double)nx,
		ny ? stats_mean(y, ny) : 0, stats_var(y, ny), (double)ny, sided, opts, res);
}

/* ---- Mann–Whitney ---- */

/*
 * P(U <= q) (lower) or P(U > q) for the Mann–Whitney U of samples of m and n
 * without ties, following R's pwilcox: the frequencies are summed over the
 * shorter half of the (symmetric) distribution. Frequencies come from counting
 * the ways to choose the m ranks of the smaller sample, additions only, so
 * doubles keep full relative precision up to C(98, 49) ~ 2.5e28.
 * Returns NAN when the work table cannot be allocated.
 */
static double mw_exact_tail(size_t m, size_t n, double q, int lower)
{
	double mn = (double)m * (double)n, total, p = 0, *dp;
	size_t small = m < n ? m : n, big = m < n ? n : m, upto, w;

	q = floor(q + 1e-7);
	if (q < 0)
		return lower ? 0 : 1;
	if (q >= mn)
		return lower ? 1 : 0;
	if (q > mn / 2) {
		/* P(U <= q) = 1 - P(U < mn - q) by symmetry. */
		q = mn - q - 1;
		lower = !lower;
	}
	upto = (size_t)q;
	w = upto + 1;
	dp = calloc((small + 1) * w, sizeof(*dp));
	if (!dp)
		return NAN;
	/* dp[j * w + u]: ways to pick j of the ranks seen so far with U = u (rank sum - j(j+1)/2). */
	dp[0] = 1;
	for (size_t r = 1; r <= m + n; r++) {
		for (size_t j = r < small ? r : small; j >= 1; j--) {
			size_t shift = r - j;

			if (shift > big || shift > upto)
				continue;
			for (size_t u = upto; u >= shift; u--) {
				dp[j * w + u] += dp[(j - 1) * w + u - shift];
				if (u == 0)
					break;
			}
		}
	}
	total = gsl_sf_choose((unsigned)(m + n), (unsigned)small);
	for (size_t u = 0; u <= upto; u++)
		p += dp[small * w + u] / total;
	free(dp);
	return lower ? p : 1 - p;
}

int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
	enum stats_sided sided, unsigned opts, double *work, struct stats_result *res)
{
	double *sx = work, *sy, rsum = 0, ties = 0, nn, w, zc, sigma, corr = 0, mn;
	size_t i = 0, j = 0, pos = 0;
	int has_ties = 0;

	result_clear(res);
	if ((nx > 0 && !x) || (ny > 0 && !y) || !valid_sided(sided) || nx > SIZE_MAX / 2 - ny)
		return -1;
	if (!all_finite(x, nx) || !all_finite(y, ny))
		return -1;
	if (nx == 0 || ny == 0) {
		res->flags |= STATS_F_EMPTY;
		return 0;
	}
	if (!sx) {
		if (nx + ny > SIZE_MAX / sizeof(*sx))
			return -1;
		sx = malloc((nx + ny) * sizeof(*sx));
		if (!sx)
			return -1;
	}
	sy = sx + nx;
	memcpy(sx, x, nx * sizeof(*sx));
	memcpy(sy, y, ny * sizeof(*sy));
	stats_sort(sx, nx);
	stats_sort(sy, ny);
	/* Walk both sorted samples as one: each run of equal values gets its midrank. */
	while (i < nx || j < ny) {
		double v = i < nx && (j >= ny || sx[i] <= sy[j]) ? sx[i] : sy[j];
		size_t cx = 0, cy = 0;
		double t;

		while (i < nx && sx[i] == v) {
			i++;
			cx++;
		}
		while (j < ny && sy[j] == v) {
			j++;
			cy++;
		}
		t = (double)(cx + cy);
		rsum += (double)cx * ((double)pos + (t + 1) / 2);
		if (t > 1) {
			has_ties = 1;
			ties += t * t * t - t;
		}
		pos += cx + cy;
	}
	if (sx != work)
		free(sx);

	nn = (double)(nx + ny);
	mn = (double)nx * (double)ny;
	w = rsum - (double)nx * ((double)nx + 1) / 2;
	res->statistic = w;
	res->estimate[0] = rsum / (double)nx;
	res->estimate[1] = (nn * (nn + 1) / 2 - rsum) / (double)ny;
	if (has_ties)
		res->flags |= STATS_F_TIES;

	zc = w - mn / 2;
	sigma = sqrt((mn / 12) * ((nn + 1) - ties / (nn * (nn - 1))));
	if (!(sigma > 0)) {
		res->flags |= STATS_F_NO_VARIANCE;
		return 0;
	}
	if (opts & STATS_CORRECT)
		corr = sided == STATS_GREATER ? 0.5 : sided == STATS_LESS ? -0.5 :
			zc > 0 ? 0.5 : zc < 0 ? -0.5 : 0;
	res->z = (zc - corr) / sigma;

	if ((opts & STATS_EXACT) && !has_ties && nx < STATS_MW_EXACT_MAX && ny < STATS_MW_EXACT_MAX) {
		double p;

		if (sided == STATS_GREATER)
			p = mw_exact_tail(nx, ny, w - 1, 0);
		else if (sided == STATS_LESS)
			p = mw_exact_tail(nx, ny, w, 1);
		else
			p = fmin(1.0, 2 * (w > mn / 2 ? mw_exact_tail(nx, ny, w - 1, 0) :
				mw_exact_tail(nx, ny, w, 1)));
		if (isnan(p))
			return -1;
		res->p = p;
		res->flags |= STATS_F_EXACT;
		return 0;
	}
	if (sided == STATS_TWO_SIDED)
		res->p = 2 * fmin(norm_upper(-res->z), norm_upper(res->z));
	else
		res->p = p_from_z(res->z, sided);
	return 0;
}

/* ---- Multiple comparisons ---- */

/* Heap sort of the indices in order[0..n-1] by p[], ascending. Ties may come out in any order. */
static void order_sift(const double *p, size_t *order, size_t root, size_t n)
{
	for (;;) {
		size_t child = 2 * root + 1, tmp;

		if (child >= n)
			return;
		if (child + 1 < n && p[order[child + 1]] > p[order[child]])
			child++;
		if (!(p[order[child]] > p[order[root]]))
			return;
		tmp = order[root];
		order[root] = order[child];
		order[child] = tmp;
		root = child;
	}
}

static void order_sort(const double *p, size_t *order, size_t n)
{
	for (size_t i = n / 2; i-- > 0;)
		order_sift(p, order, i, n);
	for (size_t end = n; end-- > 1;) {
		size_t tmp = order[0];

		order[0] = order[end];
		order[end] = tmp;
		order_sift(p, order, 0, end);
	}
}

int stats_p_adjust(const double *p, size_t n, enum stats_adjust method, size_t *order,
	double *out)
{
	size_t m = 0, *ord = order;
	double cummax = 0;

	if (n > 0 && (!p || !out))
		return -1;
	if (method != STATS_ADJUST_NONE && method != STATS_ADJUST_BONFERRONI &&
	    method != STATS_ADJUST_HOLM)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (isnan(p[i]))
			continue;
		if (!(p[i] >= 0 && p[i] <= 1))
			return -1;
		m++;
	}
	if (method == STATS_ADJUST_NONE || m <= 1) {
		if (out != p)
			memmove(out, p, n * sizeof(*out));
		return 0;
	}
	if (method == STATS_ADJUST_BONFERRONI) {
		for (size_t i = 0; i < n; i++)
			out[i] = isnan(p[i]) ? NAN : fmin(1.0, (double)m * p[i]);
		return 0;
	}
	if (!ord) {
		if (m > SIZE_MAX / sizeof(*ord))
			return -1;
		ord = malloc(m * sizeof(*ord));
		if (!ord)
			return -1;
	}
	for (size_t i = 0, k = 0; i < n; i++) {
		if (isnan(p[i]))
			out[i] = NAN;
		else
			ord[k++] = i;
	}
	order_sort(p, ord, m);
	/* Each p[ord[i]] is read before out[ord[i]] is written, so out may be p. */
	for (size_t i = 0; i < m; i++) {
		double v = (double)(m - i) * p[ord[i]];

		if (v > cummax)
			cummax = v;
		out[ord[i]] = fmin(1.0, cummax);
	}
	if (ord != order)
		free(ord);
	return 0;
}
