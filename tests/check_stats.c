/* check_stats.c: unit tests of analyze/stats against known answers computed with R 4.2.2. */
#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "analyze/stats.h"

/*
 * Every expected number below was printed by R 4.2.2 (Debian r-base-core) in full
 * precision, format "%.17g", from the R command written next to it. p-values and
 * statistics must agree to TOL relative error (absolute where R's value is 0).
 * Helpers used in the comments (fmt is R's sprintf, renamed for `make lint`):
 *	fmt <- sprintf; f <- function(...) cat(fmt("%.17g", c(...)), "\n")
 *	pz <- function(r) sign(r$estimate[1] - r$estimate[2]) * sqrt(unname(r$statistic))
 * pz turns prop.test's X-squared into the signed z that stats_prop_z reports.
 * With CHECK_STATS_RELERR=1 in the environment every comparison prints its
 * relative error to stderr (the largest seen is quoted in the report).
 */
#define TOL 1e-9
#define ALPHA 0.05

#define CLOSE(got, want) close_at(__LINE__, #got, (got), (want), TOL)
#define CLOSE_TOL(got, want, tol) close_at(__LINE__, #got, (got), (want), (tol))

static void close_at(int line, const char *what, double got, double want, double tol)
{
	double err;

	if (isnan(want)) {
		ck_assert_msg(isnan(got), "line %d: %s = %.17g, expected NaN", line, what, got);
		return;
	}
	err = want == 0 ? fabs(got) : fabs(got - want) / fabs(want);
	if (getenv("CHECK_STATS_RELERR"))
		fprintf(stderr, "relerr %.3g line %d %s\n", err, line, what);
	ck_assert_msg(err <= tol, "line %d: %s = %.17g, R says %.17g (relative error %.3g > %.3g)",
		line, what, got, want, err, tol);
}

/* ---- Two-proportion z-test: prop.test(c(x1, x2), c(n1, n2), ...) ---- */

struct prop_case {
	double x1, n1, x2, n2;
	enum stats_sided sided;
	unsigned opts;
	double z, p;
};

static const struct prop_case prop_cases[] = {
	/* DOMAIN.md 3, basishulp 88 % of 131 vs 74 % of 256:
	 * r <- prop.test(c(115, 189), c(131, 256), correct = FALSE); f(pz(r), r$p.value) */
	{ 115, 131, 189, 256, STATS_TWO_SIDED, 0, 3.1656482386797373, 0.0015473779405861786 },
	/* ... alternative = "greater" */
	{ 115, 131, 189, 256, STATS_GREATER, 0, 3.1656482386797373, 0.00077368897029308982 },
	/* ... alternative = "less" */
	{ 115, 131, 189, 256, STATS_LESS, 0, 3.1656482386797373, 0.99922631102970694 },
	/* specialistisch 71 % of 115 vs 67 % of 257:
	 * r <- prop.test(c(82, 172), c(115, 257), correct = FALSE); f(pz(r), r$p.value) */
	{ 82, 115, 172, 257, STATS_TWO_SIDED, 0, 0.8385566405293895, 0.40171815081743945 },
	/* totaal 80 % of 246 vs 70 % of 513:
	 * r <- prop.test(c(197, 361), c(246, 513), correct = FALSE); f(pz(r), r$p.value) */
	{ 197, 246, 361, 513, STATS_TWO_SIDED, 0, 2.8378722365428519, 0.0045415357393548709 },
	/* r <- prop.test(c(115, 189), c(131, 256), correct = TRUE); f(pz(r), r$p.value) */
	{ 115, 131, 189, 256, STATS_TWO_SIDED, STATS_CORRECT, 3.0347888209945149, 0.0024070416285804546 },
	/* r <- prop.test(c(82, 172), c(115, 257), correct = TRUE, alternative = "greater");
	 * f(pz(r), r$p.value) */
	{ 82, 115, 172, 257, STATS_GREATER, STATS_CORRECT, 0.71802222388451598, 0.23637179196638994 },
	/* A difference smaller than the correction: R caps it, X-squared = 0, p = 1.
	 * r <- prop.test(c(10, 11), c(40, 44), correct = TRUE); f(pz(r), r$p.value) */
	{ 10, 40, 11, 44, STATS_TWO_SIDED, STATS_CORRECT, 0, 1 },
	/* A proportion of 0 is computed (the caller decides with stats_prop_testable):
	 * r <- prop.test(c(0, 6), c(40, 50), correct = FALSE); f(pz(r), r$p.value) */
	{ 0, 40, 6, 50, STATS_TWO_SIDED, 0, -2.2677868380553634, 0.023342202012890882 },
	/* and a proportion of 1:
	 * r <- prop.test(c(40, 44), c(40, 50), correct = FALSE, alternative = "less"); f(pz(r), r$p.value) */
	{ 40, 40, 44, 50, STATS_LESS, 0, 2.2677868380553634, 0.98832889899355458 },
	/* A far tail: r <- prop.test(c(900, 700), c(1000, 1000), correct = FALSE); f(pz(r), r$p.value) */
	{ 900, 1000, 700, 1000, STATS_TWO_SIDED, 0, 11.180339887498949, 5.0894689738142942e-29 },
};

START_TEST(test_prop_z_r)
{
	const struct prop_case *c = &prop_cases[_i];
	struct stats_result r;

	ck_assert_int_eq(stats_prop_z(c->x1, c->n1, c->x2, c->n2, c->sided, c->opts, &r), 0);
	ck_assert_uint_eq(r.flags, 0);
	CLOSE(r.statistic, c->z);
	CLOSE(r.z, c->z);
	CLOSE(r.p, c->p);
	CLOSE(r.estimate[0], c->x1 / c->n1);
	CLOSE(r.estimate[1], c->x2 / c->n2);
	ck_assert(isnan(r.df));
}
END_TEST

/* The verdicts DOMAIN.md section 3 states for the wachttijd table, at alpha = 0.05 two-sided. */
START_TEST(test_prop_z_domain_verdicts)
{
	struct stats_result r;

	ck_assert_int_eq(stats_prop_z(115, 131, 189, 256, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert(r.p < ALPHA);
	ck_assert(fabs(r.p - 0.001) < 0.001);	/* "basishulp p ≈ 0.001" (R: 0.00155) */
	ck_assert_int_eq(stats_prop_z(82, 115, 172, 257, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert(r.p >= ALPHA);
	ck_assert(fabs(r.p - 0.44) < 0.05);	/* "specialistisch p ≈ 0.44" (R: 0.402 with 82/172) */
	ck_assert_int_eq(stats_prop_z(197, 246, 361, 513, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert(r.p < ALPHA);
	ck_assert(fabs(r.p - 0.004) < 0.001);	/* "totaal p ≈ 0.004" (R: 0.00454) */
}
END_TEST

/* z² equals Pearson's X² of the same 2×2 table without correction, and p agrees. */
START_TEST(test_prop_z_equals_chisq)
{
	double t[4] = { 115, 16, 189, 67 };
	struct stats_result z, x;

	ck_assert_int_eq(stats_prop_z(115, 131, 189, 256, STATS_TWO_SIDED, 0, &z), 0);
	ck_assert_int_eq(stats_chisq(t, 2, 2, 0, NULL, NULL, &x), 0);
	CLOSE(z.statistic * z.statistic, x.statistic);
	CLOSE(z.p, x.p);
}
END_TEST

START_TEST(test_prop_z_edges)
{
	struct stats_result r;

	/* n = 0: R's prop.test stops; we flag and give no p. */
	ck_assert_int_eq(stats_prop_z(0, 0, 5, 10, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_EMPTY);
	ck_assert(isnan(r.p) && isnan(r.z));
	/* Both 0 % or both 100 %: no variance (R gives NaN). */
	ck_assert_int_eq(stats_prop_z(0, 10, 0, 20, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_NO_VARIANCE);
	ck_assert(isnan(r.p));
	ck_assert_int_eq(stats_prop_z(10, 10, 20, 20, STATS_GREATER, STATS_CORRECT, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_NO_VARIANCE);
	ck_assert(isnan(r.p));
	CLOSE(r.estimate[0], 1);
	/* Impossible input. */
	ck_assert_int_eq(stats_prop_z(11, 10, 5, 10, STATS_TWO_SIDED, 0, &r), -1);
	ck_assert_int_eq(stats_prop_z(-1, 10, 5, 10, STATS_TWO_SIDED, 0, &r), -1);
	ck_assert_int_eq(stats_prop_z(NAN, 10, 5, 10, STATS_TWO_SIDED, 0, &r), -1);
	ck_assert_int_eq(stats_prop_z(1, 10, 5, 10, (enum stats_sided)7, 0, &r), -1);
	ck_assert(isnan(r.p) && r.flags == 0);
}
END_TEST

START_TEST(test_prop_testable)
{
	ck_assert_int_eq(stats_prop_testable(115, 131, 189, 256, 30), 1);
	ck_assert_int_eq(stats_prop_testable(115, 131, 189, 256, 131), 1);
	ck_assert_int_eq(stats_prop_testable(115, 131, 189, 256, 132), 0);	/* base below minimum */
	ck_assert_int_eq(stats_prop_testable(0, 40, 6, 50, 10), 0);		/* 0 % */
	ck_assert_int_eq(stats_prop_testable(40, 40, 44, 50, 10), 0);		/* 100 % */
	ck_assert_int_eq(stats_prop_testable(5, 40, 50, 50, 10), 0);		/* 100 % in group 2 */
	ck_assert_int_eq(stats_prop_testable(0, 0, 5, 10, 0), 0);		/* n = 0 */
	ck_assert_int_eq(stats_prop_testable(11, 10, 5, 10, 0), 0);		/* nonsense */
	ck_assert_int_eq(stats_prop_testable(2.5, 10.4, 5, 10, 10), 1);	/* weighted */
}
END_TEST

/* ---- χ² ---- */

START_TEST(test_chisq_2x2)
{
	/* m <- matrix(c(115, 189, 16, 67), 2)	(rows: wave 2015, wave 2016; columns: tevreden, niet) */
	double t[4] = { 115, 16, 189, 67 }, e[4], min_e;
	struct stats_result r;

	/* r <- chisq.test(m, correct = FALSE); f(r$statistic, r$p.value) */
	ck_assert_int_eq(stats_chisq(t, 2, 2, 0, NULL, NULL, &r), 0);
	CLOSE(r.statistic, 10.021328771056128);
	CLOSE(r.p, 0.001547377940586176);
	CLOSE(r.df, 1);
	/* r <- chisq.test(m, correct = TRUE); f(r$statistic, r$p.value, r$expected) */
	ck_assert_int_eq(stats_chisq(t, 2, 2, STATS_CORRECT, e, &min_e, &r), 0);
	CLOSE(r.statistic, 9.2099431880332787);
	CLOSE(r.p, 0.0024070416285804559);
	/* r$expected is column-major: 102.90..., 201.09..., 28.09..., 54.90... */
	CLOSE(e[0], 102.90439276485787);
	CLOSE(e[2], 201.09560723514213);
	CLOSE(e[1], 28.095607235142118);
	CLOSE(e[3], 54.904392764857882);
	CLOSE(min_e, 28.095607235142118);
	ck_assert_uint_eq(r.flags, 0);
}
END_TEST

START_TEST(test_chisq_rxc)
{
	/* t34 <- matrix(c(20,15,30,25, 12,18,22,30, 8,14,19,25), nrow = 3, byrow = TRUE)
	 * r <- chisq.test(t34); f(r$statistic, r$parameter, r$p.value, min(r$expected), r$expected[2,3]) */
	static const double t34[12] = { 20, 15, 30, 25, 12, 18, 22, 30, 8, 14, 19, 25 };
	/* t33 <- matrix(c(150,20,5, 30,160,25, 10,15,170), nrow = 3, byrow = TRUE)
	 * r <- chisq.test(t33); f(r$statistic, r$p.value) */
	static const double t33[9] = { 150, 20, 5, 30, 160, 25, 10, 15, 170 };
	double e[12], min_e;
	struct stats_result r;

	ck_assert_int_eq(stats_chisq(t34, 3, 4, STATS_CORRECT, e, &min_e, &r), 0);	/* no Yates beyond 2×2 */
	CLOSE(r.statistic, 5.4951571176362322);
	CLOSE(r.df, 6);
	CLOSE(r.p, 0.48204222613536363);
	CLOSE(min_e, 11.092436974789916);
	CLOSE(e[1 * 4 + 2], 24.462184873949578);
	ck_assert_int_eq(stats_chisq(t33, 3, 3, 0, NULL, NULL, &r), 0);
	CLOSE(r.statistic, 635.28097367748524);
	CLOSE(r.p, 3.5792356612883985e-136);
}
END_TEST

START_TEST(test_chisq_edges)
{
	double zero_row[4] = { 0, 0, 3, 4 }, empty[4] = { 0, 0, 0, 0 }, bad[4] = { 1, -1, 2, 3 };
	double e[4], min_e;
	struct stats_result r;

	ck_assert_int_eq(stats_chisq(zero_row, 2, 2, 0, e, &min_e, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_ZERO_MARGIN);
	ck_assert(isnan(r.p) && isnan(r.statistic));
	CLOSE(min_e, 0);
	CLOSE(e[2], 3);
	ck_assert_int_eq(stats_chisq(empty, 2, 2, 0, NULL, NULL, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_ZERO_MARGIN);
	ck_assert_int_eq(stats_chisq(bad, 2, 2, 0, NULL, NULL, &r), -1);
	ck_assert_int_eq(stats_chisq(empty, 1, 4, 0, NULL, NULL, &r), -1);
	ck_assert_int_eq(stats_chisq(NULL, 2, 2, 0, NULL, &min_e, &r), -1);
	ck_assert(isnan(min_e));
}
END_TEST

/* ---- Fisher ---- */

struct fisher_case {
	long a, b, c, d;
	double two, greater, less;
};

/*
 * fi <- function(a, b, c, d) { m <- matrix(c(a, c, b, d), 2)
 *	f(fisher.test(m)$p.value, fisher.test(m, alternative = "greater")$p.value,
 *	  fisher.test(m, alternative = "less")$p.value) }
 * Each row: fi(a, b, c, d).
 */
static const struct fisher_case fisher_cases[] = {
	/* small, expected counts < 5 */
	{ 2, 7, 8, 2, 0.023014137565221159, 0.9990149169715733, 0.018521725952066501 },
	/* symmetric (tea tasting): tables of equal probability, R's 1 + 1e-7 tolerance matters */
	{ 3, 1, 1, 3, 0.48571428571428582, 0.24285714285714288, 0.98571428571428577 },
	/* lopsided */
	{ 1, 30, 9, 11, 0.00042194690683692703, 0.99998554076020185, 0.00042194690683692741 },
	{ 0, 10, 12, 5, 0.00036378571847679356, 1, 0.00035596236969234643 },
	/* n = 2000 */
	{ 120, 880, 150, 850, 0.057595850868926816, 0.97881939633359338, 0.028797925434463412 },
	/* n = 10000: needs log space */
	{ 1500, 3500, 1600, 3400, 0.032299944275960897, 0.98551632610740791, 0.016149972137980449 },
	/* an empty row: one possible table, p = 1 as R */
	{ 0, 0, 3, 4, 1, 1, 1 },
	{ 5, 0, 0, 5, 0.0079365079365079395, 0.003968253968253968, 1 },
	/* two other tables exactly as likely as the observed one, not by symmetry:
	 * without R's 1 + 1e-7 tolerance the rounding of the log weights drops them */
	{ 1, 2, 1, 6, 1, 0.53333333333333333, 0.93333333333333335 },
	{ 0, 6, 2, 11, 1, 1, 0.45614035087719301 },
};

START_TEST(test_fisher_r)
{
	const struct fisher_case *c = &fisher_cases[_i];
	struct stats_result r;

	ck_assert_int_eq(stats_fisher_2x2(c->a, c->b, c->c, c->d, STATS_TWO_SIDED, &r), 0);
	CLOSE(r.p, c->two);
	ck_assert(r.flags & STATS_F_EXACT);
	ck_assert(isnan(r.statistic) && isnan(r.df));
	ck_assert_int_eq(stats_fisher_2x2(c->a, c->b, c->c, c->d, STATS_GREATER, &r), 0);
	CLOSE(r.p, c->greater);
	ck_assert_int_eq(stats_fisher_2x2(c->a, c->b, c->c, c->d, STATS_LESS, &r), 0);
	CLOSE(r.p, c->less);
}
END_TEST

START_TEST(test_fisher_edges)
{
	struct stats_result r;

	ck_assert_int_eq(stats_fisher_2x2(2, 7, 8, 2, STATS_TWO_SIDED, &r), 0);
	CLOSE(r.estimate[0], 2.0 / 9);
	CLOSE(r.estimate[1], 8.0 / 10);
	/* fisher.test(matrix(0, 2, 2))$p.value is 1 */
	ck_assert_int_eq(stats_fisher_2x2(0, 0, 0, 0, STATS_TWO_SIDED, &r), 0);
	CLOSE(r.p, 1);
	ck_assert(isnan(r.estimate[0]));
	ck_assert_int_eq(stats_fisher_2x2(-1, 0, 0, 0, STATS_TWO_SIDED, &r), -1);
	ck_assert(isnan(r.p));
}
END_TEST

/* ---- t-tests ---- */

/* Report marks (rapportcijfers) of two small groups. */
static const double marks_x[] = { 8, 7, 9, 6, 8, 7, 10, 8, 5, 7, 8, 9 };
static const double marks_y[] = { 6, 7, 5, 8, 6, 4, 7, 6, 5, 7, 6 };
#define NX (sizeof(marks_x) / sizeof(marks_x[0]))
#define NY (sizeof(marks_y) / sizeof(marks_y[0]))

struct t_case {
	unsigned opts;
	enum stats_sided sided;
	double t, df, p;
};

/*
 * x <- c(8, 7, 9, 6, 8, 7, 10, 8, 5, 7, 8, 9); y <- c(6, 7, 5, 8, 6, 4, 7, 6, 5, 7, 6)
 * r <- t.test(x, y, var.equal = VE, alternative = A); f(r$statistic, r$parameter, r$p.value)
 */
static const struct t_case t_cases[] = {
	/* VE = FALSE (Welch) */
	{ 0, STATS_TWO_SIDED, 3.0107640170688739, 20.809677846340801, 0.0067014746729649466 },
	{ 0, STATS_GREATER, 3.0107640170688739, 20.809677846340801, 0.0033507373364824733 },
	{ 0, STATS_LESS, 3.0107640170688739, 20.809677846340801, 0.9966492626635175 },
	/* VE = TRUE */
	{ STATS_POOLED, STATS_TWO_SIDED, 2.9854457819612628, 21, 0.0070523975431968644 },
	{ STATS_POOLED, STATS_GREATER, 2.9854457819612628, 21, 0.0035261987715984322 },
	{ STATS_POOLED, STATS_LESS, 2.9854457819612628, 21, 0.99647380122840157 },
};

START_TEST(test_t_raw_r)
{
	const struct t_case *c = &t_cases[_i];
	struct stats_result r;

	ck_assert_int_eq(stats_t_test(marks_x, NX, marks_y, NY, c->sided, c->opts, &r), 0);
	ck_assert_uint_eq(r.flags, 0);
	CLOSE(r.statistic, c->t);
	CLOSE(r.df, c->df);
	CLOSE(r.p, c->p);
	/* mean(x), mean(y) */
	CLOSE(r.estimate[0], 7.666666666666667);
	CLOSE(r.estimate[1], 6.0909090909090908);
}
END_TEST

/*
 * From summary statistics. R has no t.test on summaries, so the R command is the
 * formula of t.test.default with R's pt:
 * ts <- function(m1, s1, n1, m2, s2, n2) { v1 <- s1^2/n1; v2 <- s2^2/n2; se <- sqrt(v1 + v2)
 *	t <- (m1 - m2)/se; df <- se^4/(v1^2/(n1 - 1) + v2^2/(n2 - 1))
 *	f(t, df, 2*pt(-abs(t), df), pt(t, df, lower.tail = FALSE), pt(t, df)) }
 * Cross-check that this is t.test: set.seed(1); sx <- 7.9 + 1.5*scale(rnorm(219))[,1];
 * sy <- 7.3 + 1.7*scale(rnorm(256))[,1]; t.test(sx, sy)$p.value gives the same
 * 5.1562629627213368e-05 as the first row.
 */
struct t_sum_case {
	double m1, s1, n1, m2, s2, n2;
	unsigned opts;
	double t, df, two, greater, less;
};

static const struct t_sum_case t_sum_cases[] = {
	/* Basishulp report mark 7.9 -> 7.3, SDs 1.5 and 1.7 chosen, n 219/256: significant.
	 * ts(7.9, 1.5, 219, 7.3, 1.7, 256) */
	{ 7.9, 1.5, 219, 7.3, 1.7, 256, 0, 4.085980648375334, 472.53870251129752,
	  5.1562629627213368e-05, 2.5781314813606684e-05, 0.99997421868518632 },
	/* Specialistisch 7.6 -> 7.3, n 286/257, SD 1.6 in both: p = 0.0296, which IS
	 * significant: with the printed means DOMAIN.md's "not significant" needs SD >= 1.8
	 * (or unrounded means closer together). ts(7.6, 1.6, 286, 7.3, 1.6, 257) */
	{ 7.6, 1.6, 286, 7.3, 1.6, 257, 0, 2.1814784921245964, 534.85745792110913,
	  0.029582717326700654, 0.014791358663350327, 0.98520864133664965 },
	/* Specialistisch with SD 1.9: not significant. ts(7.6, 1.9, 286, 7.3, 1.9, 257) */
	{ 7.6, 1.9, 286, 7.3, 1.9, 257, 0, 1.8370345196838711, 534.85745792110868,
	  0.066759452450315934, 0.033379726225157967, 0.96662027377484205 },
	/* df just above 30 with a large t, where GSL's own t tail is off by 1e-7:
	 * ts(10, 1, 31, 7, 1.2, 31) */
	{ 10, 1, 31, 7, 1.2, 31, 0, 10.693187658274869, 58.110359187922931,
	  2.383912132905266e-15, 1.191956066452633e-15, 0.99999999999999889 },
	/* df 34, t 12: ts(10, 1.2, 18, 5, 1.3, 18); gsl_cdf_tdist_Q is off by more than TOL here */
	{ 10, 1.2, 18, 5, 1.3, 18, 0, 11.990411504661472, 33.784469643183158,
	  1.0106541184591024e-13, 5.0532705922955122e-14, 0.99999999999994948 },
	/* Pooled: tp <- function(m1, s1, n1, m2, s2, n2) { df <- n1 + n2 - 2
	 *	v <- ((n1 - 1)*s1^2 + (n2 - 1)*s2^2)/df; se <- sqrt(v*(1/n1 + 1/n2)); t <- (m1 - m2)/se
	 *	f(t, df, 2*pt(-abs(t), df)) }; tp(7.9, 1.5, 219, 7.3, 1.7, 256) */
	{ 7.9, 1.5, 219, 7.3, 1.7, 256, STATS_POOLED, 4.0464590611042537, 473,
	  6.072703768879582e-05, NAN, NAN },
};

START_TEST(test_t_summary_r)
{
	const struct t_sum_case *c = &t_sum_cases[_i];
	struct stats_result r;

	ck_assert_int_eq(stats_t_summary(c->m1, c->s1, c->n1, c->m2, c->s2, c->n2,
		STATS_TWO_SIDED, c->opts, &r), 0);
	CLOSE(r.statistic, c->t);
	CLOSE(r.df, c->df);
	CLOSE(r.p, c->two);
	if (isnan(c->greater))
		return;
	ck_assert_int_eq(stats_t_summary(c->m1, c->s1, c->n1, c->m2, c->s2, c->n2,
		STATS_GREATER, c->opts, &r), 0);
	CLOSE(r.p, c->greater);
	ck_assert_int_eq(stats_t_summary(c->m1, c->s1, c->n1, c->m2, c->s2, c->n2,
		STATS_LESS, c->opts, &r), 0);
	CLOSE(r.p, c->less);
}
END_TEST

START_TEST(test_t_domain_verdicts)
{
	struct stats_result r;

	ck_assert_int_eq(stats_t_summary(7.9, 1.5, 219, 7.3, 1.7, 256, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert(r.p < ALPHA);
	ck_assert_int_eq(stats_t_summary(7.6, 1.9, 286, 7.3, 1.9, 257, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert(r.p >= ALPHA);
}
END_TEST

/* Raw and summary entry points agree. */
START_TEST(test_t_raw_equals_summary)
{
	struct stats_result raw, sum;

	ck_assert_int_eq(stats_t_test(marks_x, NX, marks_y, NY, STATS_TWO_SIDED, 0, &raw), 0);
	ck_assert_int_eq(stats_t_summary(stats_mean(marks_x, NX), stats_sd(marks_x, NX), NX,
		stats_mean(marks_y, NY), stats_sd(marks_y, NY), NY, STATS_TWO_SIDED, 0, &sum), 0);
	CLOSE_TOL(sum.statistic, raw.statistic, 1e-13);
	CLOSE_TOL(sum.p, raw.p, 1e-12);
}
END_TEST

START_TEST(test_t_edges)
{
	static const double same[] = { 7, 7, 7, 7 }, other[] = { 8, 8, 8 }, one[] = { 6 };
	struct stats_result r;

	/* Zero variance in both groups: R stops ("data are essentially constant");
	 * we return 0 with NO_VARIANCE, p = NAN, the means still set. */
	ck_assert_int_eq(stats_t_test(same, 4, other, 3, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_NO_VARIANCE);
	ck_assert(isnan(r.p) && isnan(r.statistic));
	CLOSE(r.estimate[0], 7);
	CLOSE(r.estimate[1], 8);
	ck_assert_int_eq(stats_t_test(same, 4, other, 3, STATS_TWO_SIDED, STATS_POOLED, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_NO_VARIANCE);
	ck_assert_int_eq(stats_t_summary(7.6, 0, 100, 7.6, 0, 100, STATS_LESS, 0, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_NO_VARIANCE);
	ck_assert_int_eq(stats_t_summary(0, 0, 100, 0, 0, 100, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_NO_VARIANCE);
	/* Zero variance in one group only is fine (R computes it):
	 * r <- t.test(c(7, 7, 7, 7), c(6, 8, 9)); f(r$statistic, r$parameter, r$p.value) */
	{
		static const double y3[] = { 6, 8, 9 };

		ck_assert_int_eq(stats_t_test(same, 4, y3, 3, STATS_TWO_SIDED, 0, &r), 0);
		CLOSE(r.statistic, -0.75592894601845484);
		CLOSE(r.df, 2);
		CLOSE(r.p, 0.5285954792089681);
	}
	/* n = 0 and n = 1: Welch needs 2 per group; pooled 1 per group and 3 in all (as R). */
	ck_assert_int_eq(stats_t_test(NULL, 0, other, 3, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_EMPTY);
	ck_assert(isnan(r.p) && isnan(r.estimate[0]));
	ck_assert_int_eq(stats_t_test(one, 1, other, 3, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_EMPTY);
	ck_assert_int_eq(stats_t_test(one, 1, one, 1, STATS_TWO_SIDED, STATS_POOLED, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_EMPTY);
	/* r <- t.test(6, c(6, 8, 9), var.equal = TRUE); f(r$statistic, r$parameter, r$p.value) */
	{
		static const double y3[] = { 6, 8, 9 };

		ck_assert_int_eq(stats_t_test(one, 1, y3, 3, STATS_TWO_SIDED, STATS_POOLED, &r), 0);
		ck_assert_uint_eq(r.flags, 0);
		CLOSE(r.statistic, -0.94491118252306827);
		CLOSE(r.df, 2);
		CLOSE(r.p, 0.44444444444444431);
	}
	/* Bad input. */
	{
		const double withnan[] = { 1, NAN, 3 };

		ck_assert_int_eq(stats_t_test(withnan, 3, other, 3, STATS_TWO_SIDED, 0, &r), -1);
	}
	ck_assert_int_eq(stats_t_summary(7, -1, 10, 7, 1, 10, STATS_TWO_SIDED, 0, &r), -1);
	ck_assert_int_eq(stats_t_test(NULL, 3, other, 3, STATS_TWO_SIDED, 0, &r), -1);
}
END_TEST

/* ---- Mann–Whitney ---- */

/* Waiting times in months, with ties. */
static const double wait_x[] = { 1, 2, 2, 3, 3, 3, 4, 6, 8, 12 };
static const double wait_y[] = { 2, 3, 4, 4, 5, 6, 6, 7, 9, 12, 14, 18 };
#define NWX (sizeof(wait_x) / sizeof(wait_x[0]))
#define NWY (sizeof(wait_y) / sizeof(wait_y[0]))

struct mw_case {
	unsigned opts;
	enum stats_sided sided;
	double w, p;
};

/*
 * wx <- c(1, 2, 2, 3, 3, 3, 4, 6, 8, 12); wy <- c(2, 3, 4, 4, 5, 6, 6, 7, 9, 12, 14, 18)
 * r <- wilcox.test(wx, wy, exact = FALSE, correct = CO, alternative = A); f(r$statistic, r$p.value)
 */
static const struct mw_case mw_cases[] = {
	/* CO = TRUE */
	{ STATS_CORRECT, STATS_TWO_SIDED, 32, 0.067972830461989459 },
	{ STATS_CORRECT, STATS_GREATER, 32, 0.97072500712296728 },
	{ STATS_CORRECT, STATS_LESS, 32, 0.033986415230994729 },
	/* CO = FALSE */
	{ 0, STATS_TWO_SIDED, 32, 0.063116189612548154 },
	{ 0, STATS_GREATER, 32, 0.96844190519372597 },
	{ 0, STATS_LESS, 32, 0.031558094806274077 },
	/* R's default (exact = NULL) falls back to the approximation with ties: the same p
	 * as wilcox.test(wx, wy) (with its warning). */
	{ STATS_CORRECT | STATS_EXACT, STATS_TWO_SIDED, 32, 0.067972830461989459 },
};

START_TEST(test_mw_ties_r)
{
	const struct mw_case *c = &mw_cases[_i];
	double work[NWX + NWY];
	struct stats_result r;

	ck_assert_int_eq(stats_mann_whitney(wait_x, NWX, wait_y, NWY, c->sided, c->opts, work, &r), 0);
	CLOSE(r.statistic, c->w);
	CLOSE(r.p, c->p);
	ck_assert_uint_eq(r.flags, STATS_F_TIES);
	ck_assert(isfinite(r.z));
	/* Mean ranks: rk <- rank(c(wx, wy)); f(mean(rk[1:10]), mean(rk[11:22])) */
	CLOSE(r.estimate[0], 8.6999999999999993);
	CLOSE(r.estimate[1], 13.833333333333334);
	/* The same without a work array. */
	ck_assert_int_eq(stats_mann_whitney(wait_x, NWX, wait_y, NWY, c->sided, c->opts, NULL, &r), 0);
	CLOSE(r.p, c->p);
}
END_TEST

struct mw_exact_case {
	int which;	/* 0: ex/ey, 1: ey/ex, 2: bx/by, 3: cx/cy, 4: dx/cy */
	enum stats_sided sided;
	unsigned flags;
	double w, p;
};

/*
 * ex <- c(1.1, 2.5, 3.7, 0.4, 5.2, 6.8, 2.9); ey <- c(4.4, 7.1, 8.3, 5.9, 9.6, 3.3, 10.2, 6.1)
 * bx <- sqrt(3*(1:30) + 1); by <- sqrt(2*(1:40) + 0.5) + 0.9     (70 distinct values)
 * cx <- sqrt(3*(1:49) + 1); cy <- sqrt(2*(1:49) + 0.5) + 2.9     (98 distinct values)
 * dx <- sqrt(3*(1:50) + 1)
 * r <- wilcox.test(X, Y, alternative = A); f(r$statistic, r$p.value)   (R's default exact = NULL)
 */
static const struct mw_exact_case mw_exact_cases[] = {
	{ 0, STATS_TWO_SIDED, STATS_F_EXACT, 7, 0.013986013986013986 },
	{ 0, STATS_GREATER, STATS_F_EXACT, 7, 0.99533799533799527 },
	{ 0, STATS_LESS, STATS_F_EXACT, 7, 0.006993006993006993 },
	{ 1, STATS_TWO_SIDED, STATS_F_EXACT, 49, 0.013986013986013986 },	/* wilcox.test(ey, ex) */
	{ 2, STATS_TWO_SIDED, STATS_F_EXACT, 525, 0.37898164810096152 },
	{ 2, STATS_GREATER, STATS_F_EXACT, 525, 0.81370294321434944 },
	{ 2, STATS_LESS, STATS_F_EXACT, 525, 0.18949082405048076 },
	{ 3, STATS_TWO_SIDED, STATS_F_EXACT, 856, 0.014058334487331965 },	/* largest exact case */
	{ 4, STATS_TWO_SIDED, 0, 899, 0.022725060685730186 },	/* n = 50: normal, corrected */
};

static void mw_exact_data(int which, double *x, size_t *nx, double *y, size_t *ny)
{
	static const double ex[] = { 1.1, 2.5, 3.7, 0.4, 5.2, 6.8, 2.9 };
	static const double ey[] = { 4.4, 7.1, 8.3, 5.9, 9.6, 3.3, 10.2, 6.1 };
	size_t i;

	switch (which) {
	case 0:
	case 1:
		for (i = 0; i < 7; i++)
			(which ? y : x)[i] = ex[i];
		for (i = 0; i < 8; i++)
			(which ? x : y)[i] = ey[i];
		*nx = which ? 8 : 7;
		*ny = which ? 7 : 8;
		return;
	case 2:
		for (i = 1; i <= 30; i++)
			x[i - 1] = sqrt(3.0 * i + 1);
		for (i = 1; i <= 40; i++)
			y[i - 1] = sqrt(2.0 * i + 0.5) + 0.9;
		*nx = 30;
		*ny = 40;
		return;
	default:
		*nx = which == 3 ? 49 : 50;
		for (i = 1; i <= *nx; i++)
			x[i - 1] = sqrt(3.0 * i + 1);
		for (i = 1; i <= 49; i++)
			y[i - 1] = sqrt(2.0 * i + 0.5) + 2.9;
		*ny = 49;
		return;
	}
}

START_TEST(test_mw_exact_r)
{
	const struct mw_exact_case *c = &mw_exact_cases[_i];
	double x[50], y[50];
	size_t nx, ny;
	struct stats_result r;

	mw_exact_data(c->which, x, &nx, y, &ny);
	ck_assert_int_eq(stats_mann_whitney(x, nx, y, ny, c->sided, STATS_CORRECT | STATS_EXACT,
		NULL, &r), 0);
	ck_assert_uint_eq(r.flags, c->flags);
	CLOSE(r.statistic, c->w);
	CLOSE(r.p, c->p);
}
END_TEST

START_TEST(test_mw_edges)
{
	static const double same[] = { 3, 3, 3 }, one[] = { 3 };
	struct stats_result r;

	ck_assert_int_eq(stats_mann_whitney(same, 3, one, 1, STATS_TWO_SIDED, STATS_CORRECT, NULL, &r), 0);
	/* wilcox.test(c(3, 3, 3), 3): W = 1.5, p = NaN */
	ck_assert_uint_eq(r.flags, STATS_F_TIES | STATS_F_NO_VARIANCE);
	ck_assert(isnan(r.p));
	CLOSE(r.statistic, 1.5);
	ck_assert_int_eq(stats_mann_whitney(NULL, 0, one, 1, STATS_TWO_SIDED, 0, NULL, &r), 0);
	ck_assert_uint_eq(r.flags, STATS_F_EMPTY);
	ck_assert(isnan(r.p) && isnan(r.statistic));
	{
		const double inf[] = { 1, INFINITY };

		ck_assert_int_eq(stats_mann_whitney(inf, 2, one, 1, STATS_TWO_SIDED, 0, NULL, &r), -1);
	}
	/* One observation each, no ties: r <- wilcox.test(1, 2); f(r$statistic, r$p.value) -> 0 1 */
	{
		const double a[] = { 1 }, b[] = { 2 };

		ck_assert_int_eq(stats_mann_whitney(a, 1, b, 1, STATS_TWO_SIDED, STATS_EXACT, NULL, &r), 0);
		ck_assert_uint_eq(r.flags, STATS_F_EXACT);
		CLOSE(r.statistic, 0);
		CLOSE(r.p, 1);
	}
}
END_TEST

/* ---- p.adjust ---- */

START_TEST(test_p_adjust_r)
{
	/* p <- c(0.004, 0.011, 0.019, 0.03, 0.6)
	 * f(p.adjust(p, "bonferroni")); f(p.adjust(p, "holm")) */
	static const double p[5] = { 0.004, 0.011, 0.019, 0.03, 0.6 };
	static const double bonf[5] = { 0.02, 0.054999999999999993, 0.095000000000000001,
		0.14999999999999999, 1 };
	static const double holm[5] = { 0.02, 0.043999999999999997, 0.056999999999999995,
		0.059999999999999998, 0.59999999999999998 };
	/* p2 <- c(0.03, NA, 0.01, 0.03, 0.2, 0.5): NA is not counted, ties
	 * f(p.adjust(p2, "bonferroni")); f(p.adjust(p2, "holm")) */
	static const double p2[6] = { 0.03, NAN, 0.01, 0.03, 0.2, 0.5 };
	static const double bonf2[6] = { 0.14999999999999999, NAN, 0.050000000000000003,
		0.14999999999999999, 1, 1 };
	static const double holm2[6] = { 0.12, NAN, 0.050000000000000003, 0.12,
		0.40000000000000002, 0.5 };
	double out[6];
	size_t order[6];
	int sig_bonf = 0, sig_holm = 0;

	ck_assert_int_eq(stats_p_adjust(p, 5, STATS_ADJUST_BONFERRONI, NULL, out), 0);
	for (int i = 0; i < 5; i++) {
		CLOSE(out[i], bonf[i]);
		sig_bonf += out[i] < ALPHA;
	}
	ck_assert_int_eq(stats_p_adjust(p, 5, STATS_ADJUST_HOLM, order, out), 0);
	for (int i = 0; i < 5; i++) {
		CLOSE(out[i], holm[i]);
		sig_holm += out[i] < ALPHA;
	}
	/* Holm finds the second comparison (0.011 -> 0.044) that Bonferroni (0.055) misses. */
	ck_assert_int_eq(sig_bonf, 1);
	ck_assert_int_eq(sig_holm, 2);

	ck_assert_int_eq(stats_p_adjust(p2, 6, STATS_ADJUST_BONFERRONI, NULL, out), 0);
	for (int i = 0; i < 6; i++)
		CLOSE(out[i], bonf2[i]);
	ck_assert_int_eq(stats_p_adjust(p2, 6, STATS_ADJUST_HOLM, NULL, out), 0);
	for (int i = 0; i < 6; i++)
		CLOSE(out[i], holm2[i]);
}
END_TEST

START_TEST(test_p_adjust_edges)
{
	double v[4] = { 0.04, 0.01, 0.03, 0.02 }, bad[2] = { 0.5, 1.5 }, out[4];

	/* In place: f(p.adjust(c(0.04, 0.01, 0.03, 0.02), "holm")) */
	ck_assert_int_eq(stats_p_adjust(v, 4, STATS_ADJUST_HOLM, NULL, v), 0);
	CLOSE(v[0], 0.059999999999999998);
	CLOSE(v[1], 0.040000000000000001);
	CLOSE(v[2], 0.059999999999999998);
	CLOSE(v[3], 0.059999999999999998);
	ck_assert_int_eq(stats_p_adjust(bad, 2, STATS_ADJUST_HOLM, NULL, out), -1);
	ck_assert_int_eq(stats_p_adjust(v, 4, (enum stats_adjust)9, NULL, out), -1);
	ck_assert_int_eq(stats_p_adjust(NULL, 0, STATS_ADJUST_HOLM, NULL, NULL), 0);
	/* A single p is unchanged, as R. */
	ck_assert_int_eq(stats_p_adjust(v + 1, 1, STATS_ADJUST_BONFERRONI, NULL, out), 0);
	CLOSE(out[0], 0.04);
	ck_assert_int_eq(stats_p_adjust(v, 2, STATS_ADJUST_NONE, NULL, out), 0);
	CLOSE(out[1], 0.04);
}
END_TEST

/* ---- Descriptive measures ---- */

START_TEST(test_describe_r)
{
	/* x <- c(8, 7, 9, 6, 8, 7, 10, 8, 5, 7, 8, 9); f(mean(x), sd(x), quantile(x), t.test(x)$conf.int)
	 * (and f(mean(y)) = 6.0909090909090908 for the marks_y used above) */
	struct stats_summary s;
	double work[NX];

	ck_assert_int_eq(stats_describe(marks_x, NX, 0.95, work, &s), 0);
	ck_assert_uint_eq(s.n, NX);
	CLOSE(s.mean, 7.666666666666667);
	CLOSE(s.sd, 1.3706888336846839);
	CLOSE(s.min, 5);
	CLOSE(s.q1, 7);
	CLOSE(s.median, 8);
	CLOSE(s.q3, 8.25);
	CLOSE(s.max, 10);
	CLOSE(s.ci_low, 6.7957725309808312);
	CLOSE(s.ci_high, 8.5375608023525036);
	/* f(t.test(x, conf.level = 0.99)$conf.int) */
	ck_assert_int_eq(stats_describe(marks_x, NX, 0.99, NULL, &s), 0);
	CLOSE(s.ci_low, 6.4377493936190806);
	CLOSE(s.ci_high, 8.8955839397142551);
}
END_TEST

START_TEST(test_quantile_r)
{
	/* z <- c(3.2, 7.5, 1.1, 9.4, 4.4, 6.0, 2.8)
	 * f(mean(z), sd(z), quantile(z), t.test(z)$conf.int, quantile(z, 0.1), quantile(z, 0.9)) */
	static const double z[] = { 3.2, 7.5, 1.1, 9.4, 4.4, 6.0, 2.8 };
	/* f(quantile(c(5, 1, 4, 2), c(0, 0.25, 0.5, 0.75, 1, 1/3))) */
	static const double w[] = { 5, 1, 4, 2 };
	struct stats_summary s;
	double sorted[7];

	ck_assert_int_eq(stats_describe(z, 7, 0.95, NULL, &s), 0);
	CLOSE(s.mean, 4.9142857142857146);
	CLOSE(s.sd, 2.8927660185530453);
	CLOSE(s.min, 1.1000000000000001);
	CLOSE(s.q1, 3);
	CLOSE(s.median, 4.4000000000000004);
	CLOSE(s.q3, 6.75);
	CLOSE(s.max, 9.4000000000000004);
	CLOSE(s.ci_low, 2.2389233611480246);
	CLOSE(s.ci_high, 7.5896480674234059);
	for (int i = 0; i < 7; i++)
		sorted[i] = z[i];
	stats_sort(sorted, 7);
	CLOSE(stats_quantile_sorted(sorted, 7, 0.1), 2.1200000000000001);
	CLOSE(stats_quantile_sorted(sorted, 7, 0.9), 8.2600000000000016);
	for (int i = 0; i < 4; i++)
		sorted[i] = w[i];
	stats_sort(sorted, 4);
	CLOSE(stats_quantile_sorted(sorted, 4, 0), 1);
	CLOSE(stats_quantile_sorted(sorted, 4, 0.25), 1.75);
	CLOSE(stats_quantile_sorted(sorted, 4, 0.5), 3);
	CLOSE(stats_quantile_sorted(sorted, 4, 0.75), 4.25);
	CLOSE(stats_quantile_sorted(sorted, 4, 1), 5);
	CLOSE(stats_quantile_sorted(sorted, 4, 1.0 / 3), 2);
	CLOSE(stats_quantile_sorted(sorted, 4, 1.5), 5);	/* clamped */
}
END_TEST

START_TEST(test_t_ci_summary_r)
{
	/* set.seed(1); sx <- 7.9 + 1.5*scale(rnorm(219))[,1]; f(t.test(sx)$conf.int, mean(sx), sd(sx))
	 * gives 7.7002278124080528 8.0997721875919471 for mean 7.9, sd 1.5 (to 1e-15),
	 * n = 219 (df 218). */
	double lo, hi;

	ck_assert_int_eq(stats_t_ci(7.9, 1.5, 219, 0.95, &lo, &hi), 0);
	CLOSE(lo, 7.7002278124080528);
	CLOSE(hi, 8.0997721875919471);
	ck_assert_int_eq(stats_t_ci(7.9, 1.5, 1, 0.95, &lo, &hi), 0);
	ck_assert(isnan(lo) && isnan(hi));
	ck_assert_int_eq(stats_t_ci(7.9, 1.5, 10, 1.0, &lo, &hi), -1);
}
END_TEST

START_TEST(test_describe_edges)
{
	static const double one[] = { 4.5 };
	struct stats_summary s;

	ck_assert_int_eq(stats_describe(NULL, 0, 0.95, NULL, &s), 0);
	ck_assert(s.n == 0 && isnan(s.mean) && isnan(s.sd) && isnan(s.median) && isnan(s.ci_low));
	{
		double copy[NX];

		/* work may be x itself: x ends up sorted, the results are the same */
		for (size_t i = 0; i < NX; i++)
			copy[i] = marks_x[i];
		ck_assert_int_eq(stats_describe(copy, NX, 0.95, copy, &s), 0);
		CLOSE(s.q3, 8.25);
		CLOSE(s.mean, 7.666666666666667);
		CLOSE(copy[0], 5);
	}
	ck_assert_int_eq(stats_describe(one, 1, 0.95, NULL, &s), 0);
	CLOSE(s.mean, 4.5);
	CLOSE(s.median, 4.5);
	ck_assert(isnan(s.sd) && isnan(s.ci_low));
	ck_assert(isnan(stats_mean(NULL, 0)));
	ck_assert(isnan(stats_sd(one, 1)));
	ck_assert(isnan(stats_quantile_sorted(NULL, 0, 0.5)));
	{
		const double withnan[] = { 1, NAN };

		ck_assert_int_eq(stats_describe(withnan, 2, 0.95, NULL, &s), -1);
	}
}
END_TEST

/*
 * Far tails must give 0 (after stats_init), not abort the process through GSL's
 * handler. R gives 0 for each of these: 2*pt(-10000, 398),
 * prop.test(c(100000, 0), c(100000, 100000), correct = FALSE)$p.value,
 * chisq.test(matrix(c(1e6, 1, 1, 1e6), 2), correct = FALSE)$p.value,
 * fisher.test(matrix(c(20000, 0, 0, 20000), 2))$p.value.
 */
START_TEST(test_extreme_no_abort)
{
	struct stats_result r;

	ck_assert_int_eq(stats_t_summary(1000, 1, 200, 0, 1, 200, STATS_TWO_SIDED, STATS_POOLED, &r), 0);
	ck_assert(r.p >= 0 && r.p < 1e-300);
	/* t <- 1000/sqrt(1/20 + 1/20); f(t, pt(t, 38, lower.tail = FALSE)) (Welch df is 38 here) */
	ck_assert_int_eq(stats_t_summary(1000, 1, 20, 0, 1, 20, STATS_GREATER, 0, &r), 0);
	CLOSE(r.statistic, 3162.277660168379);
	CLOSE(r.df, 38);
	CLOSE(r.p, 6.6683618787790095e-105);
	ck_assert_int_eq(stats_prop_z(100000, 100000, 0, 100000, STATS_TWO_SIDED, 0, &r), 0);
	ck_assert(r.p == 0);
	{
		double t[4] = { 1e6, 1, 1, 1e6 };

		ck_assert_int_eq(stats_chisq(t, 2, 2, 0, NULL, NULL, &r), 0);
		ck_assert(r.p >= 0 && r.p < 1e-300);
	}
	ck_assert_int_eq(stats_fisher_2x2(20000, 0, 0, 20000, STATS_TWO_SIDED, &r), 0);
	ck_assert(r.p >= 0 && r.p < 1e-300);
}
END_TEST

static Suite *stats_suite(void)
{
	Suite *s = suite_create("stats");
	TCase *tc;

	tc = tcase_create("proportions");
	tcase_add_loop_test(tc, test_prop_z_r, 0, (int)(sizeof(prop_cases) / sizeof(prop_cases[0])));
	tcase_add_test(tc, test_prop_z_domain_verdicts);
	tcase_add_test(tc, test_prop_z_equals_chisq);
	tcase_add_test(tc, test_prop_z_edges);
	tcase_add_test(tc, test_prop_testable);
	suite_add_tcase(s, tc);

	tc = tcase_create("chisq");
	tcase_add_test(tc, test_chisq_2x2);
	tcase_add_test(tc, test_chisq_rxc);
	tcase_add_test(tc, test_chisq_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("fisher");
	tcase_add_loop_test(tc, test_fisher_r, 0, (int)(sizeof(fisher_cases) / sizeof(fisher_cases[0])));
	tcase_add_test(tc, test_fisher_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("t");
	tcase_add_loop_test(tc, test_t_raw_r, 0, (int)(sizeof(t_cases) / sizeof(t_cases[0])));
	tcase_add_loop_test(tc, test_t_summary_r, 0, (int)(sizeof(t_sum_cases) / sizeof(t_sum_cases[0])));
	tcase_add_test(tc, test_t_domain_verdicts);
	tcase_add_test(tc, test_t_raw_equals_summary);
	tcase_add_test(tc, test_t_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("mann_whitney");
	tcase_add_loop_test(tc, test_mw_ties_r, 0, (int)(sizeof(mw_cases) / sizeof(mw_cases[0])));
	tcase_add_loop_test(tc, test_mw_exact_r, 0,
		(int)(sizeof(mw_exact_cases) / sizeof(mw_exact_cases[0])));
	tcase_add_test(tc, test_mw_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("p_adjust");
	tcase_add_test(tc, test_p_adjust_r);
	tcase_add_test(tc, test_p_adjust_edges);
	suite_add_tcase(s, tc);

	tc = tcase_create("describe");
	tcase_add_test(tc, test_describe_r);
	tcase_add_test(tc, test_quantile_r);
	tcase_add_test(tc, test_t_ci_summary_r);
	tcase_add_test(tc, test_describe_edges);
	tcase_add_test(tc, test_extreme_no_abort);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(stats_suite());
	int failed;

	stats_init();
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
