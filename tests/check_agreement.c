/* check_agreement.c: unit tests of code/agreement against known answers (DOMAIN.md 6, R 4.2.2, exact fractions). */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "code/agreement.h"

/*
 * Where the expected numbers come from:
 *
 *   - Cohen's kappa: R 4.2.2 (Debian r-base-core), by the textbook formula, printed
 *     with "%.17g" (fmt is R's sprintf, renamed for `make lint`):
 *	fmt <- sprintf; f <- function(...) cat(fmt("%.17g", c(...)), "\n")
 *	k <- function(tab) { n <- sum(tab); po <- sum(diag(tab))/n;
 *		pe <- sum(rowSums(tab)*colSums(tab))/n^2; f(po, pe, (po-pe)/(1-pe)) }
 *     The R package irr (kappa2) is not packaged in Debian (no r-cran-irr); for
 *     unweighted kappa it computes this same formula.
 *   - Krippendorff's alpha: exact rational numbers from a one-off Python 3 script
 *     (fractions.Fraction) that follows Krippendorff (2011) step by step: the
 *     explicit coincidence matrix o_ck over all ordered pairs of pairable values
 *     with weight 1/(m_u - 1), its marginals n_c, delta^2 per metric (ordinal by
 *     the cumulative marginal sums), D_o, D_e. The full-precision alphas were
 *     cross-checked against the kripp.alpha() function of CRAN irr, copied from
 *     its source into an R 4.2.2 session (again: no r-cran-irr), run on
 *	nmm <- matrix(c(1,1,NA,1,2,2,3,2,3,3,3,3,3,3,3,3,2,2,2,2,1,2,3,4,4,4,4,4,
 *		1,1,2,1,2,2,2,2,NA,5,5,5,NA,NA,1,1,NA,NA,3,NA), nrow = 4)
 *	for (m in c("nominal","ordinal","interval","ratio")) f(kripp.alpha(nmm, m)$value)
 *     which printed 0.74342105263157898 0.81538750375488134 0.84910714285714284
 *     0.79740277471161203, the doubles nearest to 113/152, 108577/133160,
 *     951/1120 and 18222619/22852465. (irr is only right here because the data
 *     have gaps: without any NA it weights every unit as if it had 2 coders.)
 *     Once, not in this file: 40 random data sets (2-6 coders, 1-60 units, up to
 *     60 % missing, integer and fractional values) gave the same alpha from
 *     agreement_alpha and the script, all four metrics, to 6e-16 absolute.
 *
 * Exact fractions are written as fractions; values must agree to TOL relative
 * error (absolute where the expected value is 0). Where DOMAIN.md gives three
 * decimals the test also checks the rounded value.
 */
#define TOL 1e-12

#define CLOSE(got, want) close_at(__LINE__, #got, (got), (want))
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static void close_at(int line, const char *what, double got, double want)
{
	double err;

	if (isnan(want)) {
		ck_assert_msg(isnan(got), "line %d: %s = %.17g, expected NaN", line, what, got);
		return;
	}
	err = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
	ck_assert_msg(err <= TOL, "line %d: %s = %.17g, expected %.17g (relative error %.3g)",
		line, what, got, want, err);
}

/* x rounded to three decimals, as an integer number of thousandths. */
static long thousandths(double x)
{
	return lround(x * 1000);
}

/* ---- Cohen's kappa ---- */

/*
 * DOMAIN.md 6: 1000 characters, coder A coded 120, coder B 80, 50 of them both.
 * Table {{50, 70}, {30, 850}}: p_o = 900/1000, p_e = (120*80 + 880*920)/1000^2
 * = 819200/1000000, kappa = 80800/180800 = 101/226.
 * R: k(matrix(c(50, 70, 30, 850), 2, byrow = TRUE))
 *	0.90000000000000002 0.81920000000000004 0.44690265486725667
 */
START_TEST(test_kappa_character_level)
{
	struct agreement_2x2 t = { 50, 70, 30, 850 };
	struct agreement_kappa k;

	ck_assert_int_eq(agreement_kappa_2x2(&t, &k), 0);
	ck_assert_uint_eq(k.flags, 0);
	ck_assert(k.n == 1000);
	/* Exactly the doubles nearest to the fractions: one rounding each. */
	ck_assert(k.p_o == 900.0 / 1000.0);
	ck_assert(k.p_e == 819200.0 / 1000000.0);
	ck_assert(k.p_o == 0.9);
	ck_assert(k.p_e == 0.8192);
	ck_assert_msg(fabs(k.kappa - (0.9 - 0.8192) / (1 - 0.8192)) <= 1e-12, "kappa = %.17g", k.kappa);
	CLOSE(k.kappa, 101.0 / 226.0);
	CLOSE(k.kappa, 0.44690265486725667);
	ck_assert_int_eq(thousandths(k.kappa), 447);
	ck_assert_int_eq(thousandths(k.p_o), 900);
}
END_TEST

/* The same characters as presence arrays, and as 0/1 codes, give the same numbers. */
START_TEST(test_kappa_character_level_arrays)
{
	unsigned char a[1000] = { 0 }, b[1000] = { 0 };
	int ca[1000], cb[1000];
	struct agreement_2x2 t;
	struct agreement_kappa k2, kc;

	/* Spread the codings over the text rather than in blocks. */
	for (int i = 0; i < 1000; i++) {
		int j = (i * 7) % 1000;

		a[j] = i < 120;
		b[j] = i < 50 || (i >= 120 && i < 150);
	}
	ck_assert_int_eq(agreement_count_2x2(a, b, 1000, &t), 0);
	ck_assert_int_eq(t.both, 50);
	ck_assert_int_eq(t.first_only, 70);
	ck_assert_int_eq(t.second_only, 30);
	ck_assert_int_eq(t.neither, 850);
	ck_assert_int_eq(agreement_kappa_2x2(&t, &k2), 0);
	for (int i = 0; i < 1000; i++) {
		ca[i] = a[i];
		cb[i] = b[i];
	}
	ck_assert_int_eq(agreement_kappa_codes(ca, cb, 1000, &kc), 0);
	ck_assert(kc.p_o == k2.p_o && kc.p_e == k2.p_e && kc.kappa == k2.kappa);
	ck_assert(kc.n == 1000 && kc.flags == 0);
	CLOSE(kc.kappa, 101.0 / 226.0);
}
END_TEST

/*
 * Three categories, rows = coder A, columns = coder B:
 *	t3 <- matrix(c(20, 5, 2,  3, 15, 4,  1, 6, 24), 3, byrow = TRUE); k(t3)
 *	0.73750000000000004 0.3359375 0.6047058823529412
 * and from the codes through R's table():
 *	a <- rep(rep(1:3, each = 3), c(t(t3))); b <- rep(rep(1:3, 3), c(t(t3)))
 *	k(table(a, b))  -> the same three numbers
 */
START_TEST(test_kappa_three_categories)
{
	static const double t3[9] = { 20, 5, 2, 3, 15, 4, 1, 6, 24 };
	int a[80], b[80], n = 0;
	struct agreement_kappa kt, kc;

	ck_assert_int_eq(agreement_kappa_table(t3, 3, &kt), 0);
	ck_assert_uint_eq(kt.flags, 0);
	ck_assert(kt.n == 80);
	CLOSE(kt.p_o, 0.73750000000000004);
	CLOSE(kt.p_e, 0.3359375);
	CLOSE(kt.kappa, 0.6047058823529412);

	/* Codes need not be 0..k-1: use 10, -3 and 7 for categories 1, 2, 3. */
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			for (int r = 0; r < (int)t3[i * 3 + j]; r++) {
				static const int code[3] = { 10, -3, 7 };

				a[n] = code[i];
				b[n] = code[j];
				n++;
			}
	ck_assert_int_eq(n, 80);
	ck_assert_int_eq(agreement_kappa_codes(a, b, 80, &kc), 0);
	CLOSE(kc.p_o, 0.73750000000000004);
	CLOSE(kc.p_e, 0.3359375);
	CLOSE(kc.kappa, 0.6047058823529412);
}
END_TEST

struct kappa_case {
	const char *what;
	double table[4];	/* 2 x 2, rows = first coder */
	double p_o, p_e, kappa;
	unsigned flags;
};

static const struct kappa_case kappa_cases[] = {
	/* Perfect agreement: kappa 1. */
	{ "perfect", { 30, 0, 0, 20 }, 1, 0.52, 1, 0 },
	/* Below chance: R k(matrix(c(2, 8, 7, 3), 2, byrow = TRUE)) -> 0.25 0.5 -0.5 */
	{ "below chance", { 2, 8, 7, 3 }, 0.25, 0.5, -0.5, 0 },
	/* Always opposite with balanced margins: the minimum, -1. */
	{ "opposite", { 0, 10, 10, 0 }, 0, 0.5, -1, 0 },
	/* Textbook 2 x 2: 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o .7, p_e .5. */
	{ "textbook", { 20, 5, 10, 15 }, 0.7, 0.5, 0.4, 0 },
	/* Both coders used one and the same category: p_e = 1, kappa undefined. */
	{ "one category", { 0, 0, 0, 40 }, 1, 1, NAN, AGREEMENT_F_NO_VARIATION },
	/* A always yes, B always no: no agreement, no chance agreement, kappa 0. */
	{ "disjoint", { 0, 40, 0, 0 }, 0, 0, 0, 0 },
	/* No units. */
	{ "empty", { 0, 0, 0, 0 }, NAN, NAN, NAN, AGREEMENT_F_EMPTY },
};

START_TEST(test_kappa_cases)
{
	const struct kappa_case *c = &kappa_cases[_i];
	struct agreement_2x2 t = { (long)c->table[0], (long)c->table[1], (long)c->table[2],
		(long)c->table[3] };
	struct agreement_kappa k, k2;

	ck_assert_int_eq(agreement_kappa_table(c->table, 2, &k), 0);
	ck_assert_msg(k.flags == c->flags, "%s: flags %u", c->what, k.flags);
	CLOSE(k.p_o, c->p_o);
	CLOSE(k.p_e, c->p_e);
	CLOSE(k.kappa, c->kappa);
	ck_assert_int_eq(agreement_kappa_2x2(&t, &k2), 0);
	ck_assert(k2.flags == k.flags);
	CLOSE(k2.kappa, c->kappa);
}
END_TEST

START_TEST(test_kappa_codes_edges)
{
	static const int a[4] = { 1, 2, 1, 2 }, b[4] = { 2, 1, 2, 1 }, same[4] = { 5, 5, 5, 5 };
	struct agreement_kappa k;

	ck_assert_int_eq(agreement_kappa_codes(a, b, 4, &k), 0);
	CLOSE(k.p_o, 0);
	CLOSE(k.p_e, 0.5);
	CLOSE(k.kappa, -1);
	ck_assert_int_eq(agreement_kappa_codes(a, a, 4, &k), 0);
	CLOSE(k.kappa, 1);
	ck_assert_int_eq(agreement_kappa_codes(same, same, 4, &k), 0);
	ck_assert_uint_eq(k.flags, AGREEMENT_F_NO_VARIATION);
	CLOSE(k.p_o, 1);
	CLOSE(k.kappa, NAN);
	ck_assert_int_eq(agreement_kappa_codes(NULL, NULL, 0, &k), 0);
	ck_assert_uint_eq(k.flags, AGREEMENT_F_EMPTY);
	ck_assert(k.n == 0 && isnan(k.p_o) && isnan(k.kappa));
	ck_assert_int_eq(agreement_kappa_table(NULL, 0, &k), 0);
	ck_assert_uint_eq(k.flags, AGREEMENT_F_EMPTY);
}
END_TEST

START_TEST(test_kappa_bad_args)
{
	static const double neg[4] = { 1, -1, 0, 3 }, nan_cell[4] = { 1, NAN, 0, 3 },
		inf_cell[4] = { 1, INFINITY, 0, 3 };
	static const int a[2] = { 1, 2 };
	struct agreement_2x2 t = { 1, 2, -3, 4 };
	struct agreement_kappa k;

	ck_assert_int_eq(agreement_kappa_table(neg, 2, &k), -1);
	ck_assert(isnan(k.p_o) && isnan(k.p_e) && isnan(k.kappa) && isnan(k.n) && k.flags == 0);
	ck_assert_int_eq(agreement_kappa_table(nan_cell, 2, &k), -1);
	ck_assert_int_eq(agreement_kappa_table(inf_cell, 2, &k), -1);
	ck_assert_int_eq(agreement_kappa_table(NULL, 2, &k), -1);
	ck_assert_int_eq(agreement_kappa_table(neg, 2, NULL), -1);
	ck_assert_int_eq(agreement_kappa_2x2(&t, &k), -1);
	ck_assert(isnan(k.kappa) && k.flags == 0);
	ck_assert_int_eq(agreement_kappa_2x2(NULL, &k), -1);
	ck_assert_int_eq(agreement_kappa_codes(a, NULL, 2, &k), -1);
	ck_assert_int_eq(agreement_kappa_codes(NULL, a, 2, &k), -1);
	ck_assert_int_eq(agreement_kappa_codes(a, a, 2, NULL), -1);
	ck_assert_int_eq(agreement_count_2x2(NULL, NULL, 3, &(struct agreement_2x2){ 0 }), -1);
	ck_assert_int_eq(agreement_count_2x2(NULL, NULL, 0, NULL), -1);
}
END_TEST

/* ---- Krippendorff's alpha ---- */

#define M NAN

/*
 * Krippendorff's reliability data (DOMAIN.md 6; Krippendorff 2011, section E):
 * 4 coders (rows) x 12 units (columns), M = missing. Unit 12 has one value and
 * is not pairable: 11 pairable units, 40 pairable values.
 */
static const double kripp[4 * 12] = {
	1, 2, 3, 3, 2, 1, 4, 1, 2, M, M, M,
	1, 2, 3, 3, 2, 2, 4, 1, 2, 5, M, 3,
	M, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, M,
	1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, M,
};

struct alpha_case {
	enum agreement_metric metric;
	double alpha, d_o, d_e;	/* exact fractions (Python) */
	long alpha_3;		/* DOMAIN.md's three decimals */
};

static const struct alpha_case kripp_cases[] = {
	{ AGREEMENT_NOMINAL, 113.0 / 152, 1.0 / 5, 152.0 / 195, 743 },
	{ AGREEMENT_ORDINAL, 108577.0 / 133160, 1891.0 / 40, 3329.0 / 13, 815 },
	{ AGREEMENT_INTERVAL, 951.0 / 1120, 13.0 / 30, 112.0 / 39, 849 },
	{ AGREEMENT_RATIO, 18222619.0 / 22852465, 59357.0 / 2646000, 4570493.0 / 41277600, 797 },
};

/* The full-precision values irr's kripp.alpha printed, in the same order. */
static const double kripp_irr[4] = {
	0.74342105263157898, 0.81538750375488134, 0.84910714285714284, 0.79740277471161203,
};

START_TEST(test_alpha_krippendorff)
{
	const struct alpha_case *c = &kripp_cases[_i];
	struct agreement_alpha a;

	ck_assert_int_eq(agreement_alpha(kripp, 4, 12, c->metric, &a), 0);
	ck_assert_uint_eq(a.flags, 0);
	ck_assert_uint_eq(a.units, 11);
	ck_assert_uint_eq(a.values, 40);
	CLOSE(a.alpha, c->alpha);
	CLOSE(a.alpha, kripp_irr[_i]);
	CLOSE(a.d_o, c->d_o);
	CLOSE(a.d_e, c->d_e);
	CLOSE(a.p_o, 4.0 / 5);
	ck_assert_int_eq(thousandths(a.alpha), c->alpha_3);
}
END_TEST

/*
 * What is not pairable does not count: the same data without unit 12, with a
 * unit nobody coded, and with a fifth coder who coded nothing, give the same alpha.
 */
START_TEST(test_alpha_unpairable_ignored)
{
	double wide[5 * 13];
	double narrow[4 * 11];
	struct agreement_alpha a, w, n;

	for (int c = 0; c < 5; c++)
		for (int u = 0; u < 13; u++)
			wide[c * 13 + u] = c < 4 && u < 12 ? kripp[c * 12 + u] : NAN;
	for (int c = 0; c < 4; c++)
		for (int u = 0; u < 11; u++)
			narrow[c * 11 + u] = kripp[c * 12 + u];
	for (size_t i = 0; i < N_OF(kripp_cases); i++) {
		ck_assert_int_eq(agreement_alpha(kripp, 4, 12, kripp_cases[i].metric, &a), 0);
		ck_assert_int_eq(agreement_alpha(wide, 5, 13, kripp_cases[i].metric, &w), 0);
		ck_assert_int_eq(agreement_alpha(narrow, 4, 11, kripp_cases[i].metric, &n), 0);
		ck_assert(w.alpha == a.alpha && n.alpha == a.alpha);
		ck_assert(w.units == 11 && n.units == 11 && w.values == 40 && n.values == 40);
	}
}
END_TEST

/*
 * Each metric is invariant under the transformations of its scale: nominal under
 * relabelling, ordinal under a monotone map, interval under a x + b, ratio under
 * a x (a > 0).
 */
START_TEST(test_alpha_scale_invariance)
{
	double t[4 * 12];
	struct agreement_alpha a;

	for (int i = 0; i < 4 * 12; i++)
		t[i] = isnan(kripp[i]) ? NAN : fmod(kripp[i] * 7, 5) - 2;	/* 1..5 -> 0, 2, -1, 1, -2 */
	ck_assert_int_eq(agreement_alpha(t, 4, 12, AGREEMENT_NOMINAL, &a), 0);
	CLOSE(a.alpha, 113.0 / 152);
	for (int i = 0; i < 4 * 12; i++)
		t[i] = kripp[i] * kripp[i] * kripp[i] - 100;
	ck_assert_int_eq(agreement_alpha(t, 4, 12, AGREEMENT_ORDINAL, &a), 0);
	CLOSE(a.alpha, 108577.0 / 133160);
	for (int i = 0; i < 4 * 12; i++)
		t[i] = -2.5 * kripp[i] + 40;
	ck_assert_int_eq(agreement_alpha(t, 4, 12, AGREEMENT_INTERVAL, &a), 0);
	CLOSE(a.alpha, 951.0 / 1120);
	for (int i = 0; i < 4 * 12; i++)
		t[i] = 0.1 * kripp[i];
	ck_assert_int_eq(agreement_alpha(t, 4, 12, AGREEMENT_RATIO, &a), 0);
	CLOSE(a.alpha, 18222619.0 / 22852465);
}
END_TEST

/*
 * Krippendorff (2011), section A: binary data, two coders, no gaps; alpha = 0.095.
 * Exact (Python and irr's kripp.alpha alike): 2/21 = 0.095238095238095233.
 * Nominal alpha ignores the codes' meaning, so interval gives the same on 0/1.
 */
START_TEST(test_alpha_binary_two_coders)
{
	static const double bin[2 * 10] = {
		0, 1, 0, 0, 0, 0, 0, 0, 1, 0,
		1, 1, 1, 0, 0, 1, 0, 0, 0, 0,
	};
	struct agreement_alpha a;

	ck_assert_int_eq(agreement_alpha(bin, 2, 10, AGREEMENT_NOMINAL, &a), 0);
	CLOSE(a.alpha, 2.0 / 21);
	ck_assert_int_eq(thousandths(a.alpha), 95);
	CLOSE(a.p_o, 6.0 / 10);
	CLOSE(a.d_o, 2.0 / 5);
	CLOSE(a.d_e, 42.0 / 95);
	ck_assert_uint_eq(a.values, 20);
	ck_assert_int_eq(agreement_alpha(bin, 2, 10, AGREEMENT_INTERVAL, &a), 0);
	CLOSE(a.alpha, 2.0 / 21);
}
END_TEST

/*
 * Two coders, no gaps, nominal: alpha = 1 - (2N - 1)/(2N) (1 - pi) with Scott's pi
 * over N units. Scott's pi is computed here from its own definition (p_e from the
 * pooled marginals); the exact values (Python) are pi = 23/47, alpha = 24/47.
 * For two coders without gaps p_o is the plain share of units coded alike.
 */
START_TEST(test_alpha_scott_pi)
{
	enum { N = 12 };
	static const double ab[2 * N] = {
		1, 1, 2, 2, 3, 3, 1, 2, 3, 1, 2, 2,
		1, 2, 2, 2, 3, 1, 1, 2, 3, 3, 2, 1,
	};
	double pooled[4] = { 0 }, p_o = 0, p_e = 0, pi;
	struct agreement_alpha a;

	for (int u = 0; u < N; u++) {
		pooled[(int)ab[u]] += 1.0 / (2 * N);
		pooled[(int)ab[N + u]] += 1.0 / (2 * N);
		p_o += ab[u] == ab[N + u];
	}
	p_o /= N;
	for (int c = 1; c <= 3; c++)
		p_e += pooled[c] * pooled[c];
	pi = (p_o - p_e) / (1 - p_e);
	CLOSE(pi, 23.0 / 47);

	ck_assert_int_eq(agreement_alpha(ab, 2, N, AGREEMENT_NOMINAL, &a), 0);
	CLOSE(a.alpha, 1 - (2.0 * N - 1) / (2.0 * N) * (1 - pi));
	CLOSE(a.alpha, 24.0 / 47);
	CLOSE(a.p_o, p_o);
	CLOSE(a.p_o, 8.0 / 12);
}
END_TEST

START_TEST(test_alpha_perfect)
{
	static const double d[3 * 5] = {
		1, 2, 3, M, 5,
		1, 2, M, 4, 5,
		1, M, 3, 4, 5,
	};
	struct agreement_alpha a;

	for (size_t i = 0; i < N_OF(kripp_cases); i++) {
		ck_assert_int_eq(agreement_alpha(d, 3, 5, kripp_cases[i].metric, &a), 0);
		ck_assert_uint_eq(a.flags, 0);
		CLOSE(a.alpha, 1);
		CLOSE(a.d_o, 0);
		CLOSE(a.p_o, 1);
		ck_assert_uint_eq(a.units, 5);
		ck_assert_uint_eq(a.values, 12);
	}
}
END_TEST

/* Alpha undefined: nothing pairable (AGREEMENT_F_EMPTY) or no variation. */
START_TEST(test_alpha_undefined)
{
	double all_missing[4 * 12], one_coder_coded[4 * 12], same[3 * 4];
	struct agreement_alpha a;
	enum agreement_metric metric = kripp_cases[_i].metric;

	for (int i = 0; i < 4 * 12; i++) {
		all_missing[i] = NAN;
		one_coder_coded[i] = i < 12 ? kripp[i] : NAN;
	}
	ck_assert_int_eq(agreement_alpha(all_missing, 4, 12, metric, &a), 0);
	ck_assert_uint_eq(a.flags, AGREEMENT_F_EMPTY);
	ck_assert(isnan(a.alpha) && isnan(a.d_o) && isnan(a.d_e) && isnan(a.p_o));
	ck_assert(a.units == 0 && a.values == 0);
	/* Four coders, only the first coded anything. */
	ck_assert_int_eq(agreement_alpha(one_coder_coded, 4, 12, metric, &a), 0);
	ck_assert_uint_eq(a.flags, AGREEMENT_F_EMPTY);
	ck_assert(isnan(a.alpha));
	/* A single coder's row. */
	ck_assert_int_eq(agreement_alpha(kripp, 1, 12, metric, &a), 0);
	ck_assert_uint_eq(a.flags, AGREEMENT_F_EMPTY);
	ck_assert(isnan(a.alpha));
	/* No units, no coders. */
	ck_assert_int_eq(agreement_alpha(NULL, 4, 0, metric, &a), 0);
	ck_assert_uint_eq(a.flags, AGREEMENT_F_EMPTY);
	ck_assert_int_eq(agreement_alpha(NULL, 0, 0, metric, &a), 0);
	ck_assert_uint_eq(a.flags, AGREEMENT_F_EMPTY);
	/*
	 * Everybody always said 0.1 (three times 0.1 does not sum to exactly 0.3, so
	 * an interval D_e from the mean would not be exactly 0).
	 */
	for (int i = 0; i < 3 * 4; i++)
		same[i] = i == 5 ? NAN : 0.1;
	ck_assert_int_eq(agreement_alpha(same, 3, 4, metric, &a), 0);
	ck_assert_uint_eq(a.flags, AGREEMENT_F_NO_VARIATION);
	ck_assert(isnan(a.alpha));
	ck_assert(a.d_o == 0 && a.d_e == 0);
	CLOSE(a.p_o, 1);
	ck_assert(a.units == 4 && a.values == 11);
}
END_TEST

START_TEST(test_alpha_bad_args)
{
	double d[2 * 3] = { 1, 2, 3, 1, 2, -3 };
	struct agreement_alpha a;

	ck_assert_int_eq(agreement_alpha(d, 2, 3, AGREEMENT_RATIO, &a), -1);
	ck_assert(isnan(a.alpha) && isnan(a.p_o) && a.units == 0 && a.flags == 0);
	ck_assert_int_eq(agreement_alpha(d, 2, 3, AGREEMENT_INTERVAL, &a), 0);
	ck_assert(isfinite(a.alpha));
	d[5] = INFINITY;
	ck_assert_int_eq(agreement_alpha(d, 2, 3, AGREEMENT_INTERVAL, &a), -1);
	ck_assert(isnan(a.alpha));
	d[5] = 3;
	ck_assert_int_eq(agreement_alpha(d, 2, 3, (enum agreement_metric)7, &a), -1);
	ck_assert_int_eq(agreement_alpha(NULL, 2, 3, AGREEMENT_NOMINAL, &a), -1);
	ck_assert_int_eq(agreement_alpha(d, 2, 3, AGREEMENT_NOMINAL, NULL), -1);
	ck_assert_int_eq(agreement_alpha(d, (size_t)-1, 3, AGREEMENT_NOMINAL, &a), -1);
}
END_TEST

/* ---- Precision, recall, F1 ---- */

struct prf_case {
	long tp, fp, fn;
	double precision, recall, f1;
	unsigned flags;
};

static const struct prf_case prf_cases[] = {
	{ 8, 2, 4, 8.0 / 10, 8.0 / 12, 16.0 / 22, 0 },
	{ 1, 1, 1, 0.5, 0.5, 0.5, 0 },
	{ 5, 0, 0, 1, 1, 1, 0 },
	{ 90, 10, 0, 0.9, 1, 180.0 / 190, 0 },
	{ 0, 3, 5, 0, 0, 0, 0 },
	/* The automatic coder never said yes: precision undefined, F1 0. */
	{ 0, 0, 5, NAN, 0, 0, AGREEMENT_F_NO_PREDICTED },
	/* The reference never said yes: recall undefined, F1 0. */
	{ 0, 3, 0, 0, NAN, 0, AGREEMENT_F_NO_REFERENCE },
	/* Nobody ever said yes: everything undefined. */
	{ 0, 0, 0, NAN, NAN, NAN, AGREEMENT_F_NO_PREDICTED | AGREEMENT_F_NO_REFERENCE },
};

START_TEST(test_prf_cases)
{
	const struct prf_case *c = &prf_cases[_i];
	struct agreement_prf r;

	ck_assert_int_eq(agreement_prf(c->tp, c->fp, c->fn, &r), 0);
	ck_assert_msg(r.flags == c->flags, "case %d: flags %u", _i, r.flags);
	ck_assert(r.tp == c->tp && r.fp == c->fp && r.fn == c->fn);
	CLOSE(r.precision, c->precision);
	CLOSE(r.recall, c->recall);
	CLOSE(r.f1, c->f1);
	/* Where the harmonic mean is defined, F1 is it. */
	if (!c->flags && c->tp > 0)
		CLOSE(r.f1, 2 * r.precision * r.recall / (r.precision + r.recall));
}
END_TEST

START_TEST(test_prf_presence)
{
	/* reference: 1 1 1 1 0 0 0 0 0 0; automatic: 1 1 0 0 1 0 0 0 0 0 */
	static const unsigned char ref[10] = { 1, 1, 1, 1, 0, 0, 0, 0, 0, 0 };
	static const unsigned char aut[10] = { 1, 2, 0, 0, 7, 0, 0, 0, 0, 0 };
	static const unsigned char none[10] = { 0 };
	struct agreement_prf r;

	ck_assert_int_eq(agreement_prf_presence(ref, aut, 10, &r), 0);
	ck_assert(r.tp == 2 && r.fp == 1 && r.fn == 2 && r.flags == 0);
	CLOSE(r.precision, 2.0 / 3);
	CLOSE(r.recall, 2.0 / 4);
	CLOSE(r.f1, 4.0 / 7);
	ck_assert_int_eq(agreement_prf_presence(ref, none, 10, &r), 0);
	ck_assert_uint_eq(r.flags, AGREEMENT_F_NO_PREDICTED);
	CLOSE(r.f1, 0);
	ck_assert_int_eq(agreement_prf_presence(none, none, 10, &r), 0);
	ck_assert_uint_eq(r.flags, AGREEMENT_F_NO_PREDICTED | AGREEMENT_F_NO_REFERENCE);
	ck_assert(isnan(r.f1));
	ck_assert_int_eq(agreement_prf_presence(NULL, NULL, 0, &r), 0);
	ck_assert(isnan(r.precision) && isnan(r.recall) && isnan(r.f1));
}
END_TEST

START_TEST(test_prf_bad_args)
{
	static const unsigned char x[2] = { 1, 0 };
	struct agreement_prf r;

	ck_assert_int_eq(agreement_prf(-1, 0, 0, &r), -1);
	ck_assert(isnan(r.precision) && isnan(r.recall) && isnan(r.f1) && r.flags == 0 && r.tp == 0);
	ck_assert_int_eq(agreement_prf(0, -1, 0, &r), -1);
	ck_assert_int_eq(agreement_prf(0, 0, -1, &r), -1);
	ck_assert_int_eq(agreement_prf(1, 1, 1, NULL), -1);
	ck_assert_int_eq(agreement_prf_presence(x, NULL, 2, &r), -1);
	ck_assert(isnan(r.f1) && r.flags == 0);
	ck_assert_int_eq(agreement_prf_presence(x, x, 2, NULL), -1);
}
END_TEST

static Suite *agreement_suite(void)
{
	Suite *s = suite_create("agreement");
	TCase *tc;

	tc = tcase_create("kappa");
	tcase_add_test(tc, test_kappa_character_level);
	tcase_add_test(tc, test_kappa_character_level_arrays);
	tcase_add_test(tc, test_kappa_three_categories);
	tcase_add_loop_test(tc, test_kappa_cases, 0, (int)N_OF(kappa_cases));
	tcase_add_test(tc, test_kappa_codes_edges);
	tcase_add_test(tc, test_kappa_bad_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("alpha");
	tcase_add_loop_test(tc, test_alpha_krippendorff, 0, (int)N_OF(kripp_cases));
	tcase_add_test(tc, test_alpha_unpairable_ignored);
	tcase_add_test(tc, test_alpha_scale_invariance);
	tcase_add_test(tc, test_alpha_binary_two_coders);
	tcase_add_test(tc, test_alpha_scott_pi);
	tcase_add_test(tc, test_alpha_perfect);
	tcase_add_loop_test(tc, test_alpha_undefined, 0, (int)N_OF(kripp_cases));
	tcase_add_test(tc, test_alpha_bad_args);
	suite_add_tcase(s, tc);

	tc = tcase_create("prf");
	tcase_add_loop_test(tc, test_prf_cases, 0, (int)N_OF(prf_cases));
	tcase_add_test(tc, test_prf_presence);
	tcase_add_test(tc, test_prf_bad_args);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(agreement_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
