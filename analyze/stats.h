/* stats.h: significance tests and descriptive measures for the report tables, checked against R. */
#ifndef TV_STATS_H
#define TV_STATS_H

#include <stddef.h>

/*
 * Conventions for every function in this file:
 *
 *   - Pure: no I/O, no store, no messages. Nothing here prints; a function that
 *     returns -1 was given impossible arguments (a NULL array with n > 0, a
 *     negative count, x > n, a non-finite value, an unknown enum) and the caller
 *     reports it. Return values are 0 (ok) or -1.
 *   - Data a test cannot handle is not an error: a group without enough
 *     observations, no variation at all, an empty row in a χ² table. The function
 *     then returns 0 with res->p = NAN and a STATS_F_* flag saying why, so a table
 *     can print "not tested" and carry on.
 *   - "Group 1" is the first argument (x, x1/n1, the first table row), "group 2"
 *     the second; STATS_GREATER means "group 1 is larger", as R's
 *     alternative = "greater" for prop.test(c(x1, x2), ...), t.test(x, y),
 *     wilcox.test(x, y) and fisher.test (odds ratio > 1).
 *   - No allocation except where noted (Mann–Whitney ranking and the exact
 *     distribution, quartiles and Holm when the caller passes no work array).
 *   - Call stats_init() once before the first test (see there).
 */

/* Direction of the alternative hypothesis. */
enum stats_sided {
	STATS_TWO_SIDED = 0,	/* R: alternative = "two.sided" */
	STATS_GREATER = 1,	/* group 1 larger: R "greater" */
	STATS_LESS = 2,		/* group 1 smaller: R "less" */
};

/* Options for the tests that have them, or'ed together. */
enum stats_opt {
	STATS_CORRECT = 1 << 0,	/* continuity correction: Yates (prop_z, 2×2 chisq), Mann–Whitney */
	STATS_POOLED = 1 << 1,	/* t-test with pooled variance (R var.equal = TRUE); else Welch */
	STATS_EXACT = 1 << 2,	/* Mann–Whitney: exact p where R's default uses it */
};

/* Flags in struct stats_result. The first three mean "no p-value" (p is NAN). */
enum stats_flag {
	STATS_F_EMPTY = 1 << 0,		/* a group has fewer observations than the test needs */
	STATS_F_NO_VARIANCE = 1 << 1,	/* nothing varies (zero standard error): statistic undefined */
	STATS_F_ZERO_MARGIN = 1 << 2,	/* χ²: a row or column total is 0, an expected count is 0 */
	STATS_F_EXACT = 1 << 3,		/* the p-value is exact (Fisher, exact Mann–Whitney) */
	STATS_F_TIES = 1 << 4,		/* Mann–Whitney: the data have ties (so no exact p) */
};

/* Any of these flags means the test gave no p-value. */
#define STATS_F_UNTESTED (STATS_F_EMPTY | STATS_F_NO_VARIANCE | STATS_F_ZERO_MARGIN)

/*
 * The outcome of one test. Fields that do not apply are NAN. On a -1 return every
 * double is NAN and flags is 0.
 *
 *   test          statistic        z      df                 estimate[0], [1]
 *   prop_z        z                z      NAN                p1 = x1/n1, p2 = x2/n2
 *   chisq         X²               NAN    (r-1)(c-1)         NAN, NAN
 *   fisher_2x2    NAN              NAN    NAN                a/(a+b), c/(c+d)
 *   t-tests       t                NAN    Welch or n1+n2-2   mean 1, mean 2
 *   mann_whitney  W (as R)         z      NAN                mean rank of x, of y
 *
 * For an exact Mann–Whitney p, z is still the normal-approximation deviate.
 */
struct stats_result {
	double statistic;
	double z;
	double df;
	double p;
	double estimate[2];
	unsigned flags;		/* enum stats_flag bits */
};

/* One sample as the report tables describe it (R's mean, sd, quantile type 7, t.test CI). */
struct stats_summary {
	size_t n;
	double mean;		/* NAN when n = 0 */
	double sd;		/* n - 1 denominator; NAN when n < 2 */
	double ci_low;		/* t-based CI for the mean (R t.test(x)$conf.int); NAN when n < 2 */
	double ci_high;
	double min;		/* min, quartiles, max: NAN when n = 0 */
	double q1;
	double median;
	double q3;
	double max;
};

/* p-value adjustment methods (R's p.adjust). */
enum stats_adjust {
	STATS_ADJUST_NONE = 0,
	STATS_ADJUST_BONFERRONI,
	STATS_ADJUST_HOLM,
};

/*
 * Turn off GSL's default error handler, which calls abort(): GSL reports a tail
 * probability that underflows (a p-value below 1e-308) as an error. After this
 * the tests return 0 for such p-values. Process-wide and idempotent; call once
 * from main (and from test drivers) before any other function here; nothing here
 * calls it for you. Without it an extreme statistic can abort the program.
 */
void stats_init(void);

/* ---- Descriptive measures. Arrays are borrowed and not modified unless said. ---- */

/* Arithmetic mean (long-double sum with R's correction pass). NAN when n = 0. */
double stats_mean(const double *x, size_t n);

/* Sample standard deviation (n - 1), two-pass. NAN when n < 2. */
double stats_sd(const double *x, size_t n);

/* Sort x ascending in place. x must hold no NaN. */
void stats_sort(double *x, size_t n);

/*
 * Quantile of already sorted data, R's default type 7 (quantile(x, prob)).
 * prob is clamped to [0, 1]. NAN when n = 0 or prob is NaN.
 */
double stats_quantile_sorted(const double *sorted, size_t n, double prob);

/*
 * t-based confidence interval for a mean from summary statistics, as R's
 * t.test(x, conf.level = level)$conf.int: mean ± qt((1 + level)/2, n - 1) * sd/sqrt(n).
 * sd = 0 gives [mean, mean] (R's t.test stops there). Returns 0, or 0 with NANs
 * when n < 2 or sd is not finite; -1 when level is not inside (0, 1) or n is NaN.
 */
int stats_t_ci(double mean, double sd, double n, double level, double *low, double *high);

/*
 * Fill *out for x[0..n-1] with a level CI (0.95 for 95 %). work is a scratch array
 * of n doubles (x is copied there and sorted; its contents are garbage afterwards),
 * x itself (then x is sorted in place), or NULL, in which case a copy is allocated
 * and freed. x may not hold non-finite values. Returns 0, or -1 on bad arguments
 * or when the allocation fails.
 */
int stats_describe(const double *x, size_t n, double level, double *work,
	struct stats_summary *out);

/* ---- Proportions ---- */

/*
 * Whether a comparison of x1/n1 with x2/n2 should be tested at all (DOMAIN.md 3):
 * 1 when both bases are at least min_base and neither proportion is 0 or 1,
 * else 0 (also for nonsense input such as x > n).
 */
int stats_prop_testable(double x1, double n1, double x2, double n2, double min_base);

/*
 * Two-proportion z-test with pooled variance, R's
 * prop.test(c(x1, x2), c(n1, n2), alternative = sided, correct = (opts & STATS_CORRECT)).
 * Without correction z² equals Pearson's X² on the 2×2 table. Counts are doubles so
 * weighted counts can be passed; 0 <= x <= n. Only STATS_CORRECT is used from opts.
 * n1 or n2 = 0: STATS_F_EMPTY. Both proportions 0 or both 1: STATS_F_NO_VARIANCE.
 */
int stats_prop_z(double x1, double n1, double x2, double n2, enum stats_sided sided,
	unsigned opts, struct stats_result *res);

/*
 * Pearson's χ² test of independence on a rows × cols table (row-major counts,
 * doubles >= 0, rows and cols >= 2), R's chisq.test(m, correct = ...). With
 * STATS_CORRECT a 2×2 table gets Yates' correction (ignored for larger tables, as R).
 * expected: NULL or an array of rows*cols that receives the expected counts (row-major).
 * min_expected: NULL or receives the smallest expected count, for the caller's
 * "use Fisher below 5" rule. Both are filled even when the test is untested.
 * A zero row or column total gives STATS_F_ZERO_MARGIN (R gives NaN).
 */
int stats_chisq(const double *counts, size_t rows, size_t cols, unsigned opts,
	double *expected, double *min_expected, struct stats_result *res);

/*
 * Fisher's exact test on the 2×2 table
 *	a  b	(group 1: a "yes" of a + b)
 *	c  d	(group 2: c "yes" of c + d)
 * as R's fisher.test(matrix(c(a, c, b, d), 2), alternative = sided): two-sided p is the
 * sum of the probabilities of all tables with the same margins that are not more
 * likely than the observed one (relative tolerance 1 + 1e-7). Log-space, so counts
 * in the many thousands work; time is linear in the smaller margin. Sets
 * STATS_F_EXACT. estimate holds the two proportions, not R's conditional MLE
 * odds ratio.
 */
int stats_fisher_2x2(long a, long b, long c, long d, enum stats_sided sided,
	struct stats_result *res);

/* ---- Means ---- */

/*
 * Two-sample t-test from summary statistics, R's t.test(x, y, var.equal = ...)
 * when mean1, sd1, n1 are mean(x), sd(x), length(x). Welch (Welch–Satterthwaite df)
 * unless opts has STATS_POOLED. n may be fractional (effective bases).
 * Too few observations (Welch: n < 2 in a group; pooled: n < 1 in a group or
 * n1 + n2 < 3): STATS_F_EMPTY. A standard error of zero or below R's
 * "data are essentially constant" threshold: STATS_F_NO_VARIANCE (R stops there).
 */
int stats_t_summary(double mean1, double sd1, double n1, double mean2, double sd2, double n2,
	enum stats_sided sided, unsigned opts, struct stats_result *res);

/* Two-sample t-test on raw data, R's t.test(x, y, var.equal = (opts & STATS_POOLED)). */
int stats_t_test(const double *x, size_t nx, const double *y, size_t ny,
	enum stats_sided sided, unsigned opts, struct stats_result *res);

/*
 * Mann–Whitney U / Wilcoxon rank-sum test, R's wilcox.test(x, y, exact = ...,
 * correct = (opts & STATS_CORRECT)). Ties get midranks; statistic is W = rank sum
 * of x - nx(nx+1)/2; the normal approximation uses R's tie correction.
 * Without STATS_EXACT the p-value is always the normal approximation
 * (R exact = FALSE). With STATS_EXACT it is R's default (exact = NULL): exact when
 * nx < 50, ny < 50 and there are no ties (then STATS_F_EXACT; this allocates
 * about 8 * min(nx,ny) * nx*ny/2 bytes, at most 0.5 MB), else the approximation.
 * work: NULL (then nx + ny doubles are allocated) or a scratch array of nx + ny
 * doubles, garbage afterwards. nx or ny = 0: STATS_F_EMPTY; all values equal:
 * STATS_F_NO_VARIANCE. Returns -1 on bad arguments, non-finite data or when an
 * allocation fails.
 */
int stats_mann_whitney(const double *x, size_t nx, const double *y, size_t ny,
	enum stats_sided sided, unsigned opts, double *work, struct stats_result *res);

/* ---- Multiple comparisons ---- */

/*
 * Adjust n p-values as R's p.adjust(p, method): Bonferroni min(1, m p); Holm the
 * step-down min(1, cummax((m - i + 1) p_(i))). NAN entries (untested comparisons)
 * stay NAN and do not count in m, as R's NA. out may be p (in place).
 * order: NULL (Holm then allocates n size_t) or a scratch array of n size_t.
 * Returns -1 on bad arguments, a p outside [0, 1], or a failed allocation.
 */
int stats_p_adjust(const double *p, size_t n, enum stats_adjust method, size_t *order,
	double *out);

#endif
