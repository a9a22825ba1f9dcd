/* check_aapor.c: unit tests of analyze/aapor against the worked example of DOMAIN.md section 7. */
#include "analyze/aapor.h"

#include <check.h>
#include <math.h>
#include <stdlib.h>

/*
 * Expected values are exact fractions of the AAPOR Standard Definitions'
 * formulas (DOMAIN.md section 7), worked out with Python's fractions.Fraction:
 * for I=400, P=20, R=300, NC=250, O=30, UH=500, UO=0, e=3/5:
 *	RR1 = 4/15, RR3 = 4/13, RR5 = 2/5, COOP1 = 8/15, REF1 = 1/5, CON1 = 1/2
 * The rates must agree to 1e-12 absolute, and with the 4-decimal values printed
 * in DOMAIN.md to 5e-5.
 */
#define TOL 1e-12

#define CLOSE(got, want) close_at(__LINE__, #got, (got), (want), TOL)

static void close_at(int line, const char *what, double got, double want, double tol)
{
	if (isnan(want)) {
		ck_assert_msg(isnan(got), "line %d: %s = %.17g, expected NaN", line, what, got);
		return;
	}
	ck_assert_msg(fabs(got - want) <= tol, "line %d: %s = %.17g, expected %.17g", line, what,
		      got, want);
}

static const struct aapor_counts domain7 = {
	.i = 400, .p = 20, .r = 300, .nc = 250, .o = 30, .uh = 500, .uo = 0, .ne = 0,
};

START_TEST(test_domain_example)
{
	struct aapor_rates r;

	aapor_compute(&domain7, 0.6, &r);
	CLOSE(r.e, 0.6);
	CLOSE(r.rr1, 400.0 / 1500);
	CLOSE(r.rr3, 400.0 / 1300);
	CLOSE(r.rr5, 400.0 / 1000);
	CLOSE(r.coop1, 400.0 / 750);
	CLOSE(r.ref1, 300.0 / 1500);
	CLOSE(r.con1, 750.0 / 1500);

	/* the rounded figures of DOMAIN.md */
	close_at(__LINE__, "rr1", r.rr1, 0.2667, 5e-5);
	close_at(__LINE__, "rr3", r.rr3, 0.3077, 5e-5);
	close_at(__LINE__, "rr5", r.rr5, 0.4000, 5e-5);
	close_at(__LINE__, "coop1", r.coop1, 0.5333, 5e-5);
	close_at(__LINE__, "ref1", r.ref1, 0.2000, 5e-5);
	close_at(__LINE__, "con1", r.con1, 0.5000, 5e-5);

	ck_assert_int_eq(aapor_total(&domain7), 1500);
}
END_TEST

/* e = 0 makes RR3 equal RR5, e = 1 makes it equal RR1. */
START_TEST(test_e_bounds)
{
	struct aapor_rates r;

	aapor_compute(&domain7, 0, &r);
	CLOSE(r.rr3, 400.0 / 1000);
	CLOSE(r.rr3, r.rr5);
	aapor_compute(&domain7, 1, &r);
	CLOSE(r.rr3, 400.0 / 1500);
	CLOSE(r.rr3, r.rr1);
}
END_TEST

/* e < 0: e is the eligible share among cases of known eligibility, (I+P+R+NC+O) / (... + NE). */
START_TEST(test_e_estimated)
{
	struct aapor_counts c = domain7;
	struct aapor_rates r;

	c.ne = 250;		/* e = 1000 / 1250 = 4/5 */
	aapor_compute(&c, -1, &r);
	CLOSE(r.e, 0.8);
	CLOSE(r.rr3, 400.0 / 1400);	/* 1000 + 4/5 * 500 */
	/* not-eligible cases are outside every other denominator */
	CLOSE(r.rr1, 400.0 / 1500);
	CLOSE(r.rr5, 400.0 / 1000);
	CLOSE(r.coop1, 400.0 / 750);
	CLOSE(r.ref1, 300.0 / 1500);
	CLOSE(r.con1, 750.0 / 1500);
	ck_assert_int_eq(aapor_total(&c), 1750);

	/* no not-eligible cases: e = 1, RR3 = RR1 */
	aapor_compute(&domain7, -1, &r);
	CLOSE(r.e, 1);
	CLOSE(r.rr3, 400.0 / 1500);

	/* UO counts as unknown like UH */
	c = domain7;
	c.uh = 200;
	c.uo = 300;
	c.ne = 1000;		/* e = 1000 / 2000 */
	aapor_compute(&c, -1, &r);
	CLOSE(r.e, 0.5);
	CLOSE(r.rr1, 400.0 / 1500);
	CLOSE(r.rr3, 400.0 / 1250);
}
END_TEST

struct zero_case {
	struct aapor_counts c;
	double e;
	double rr1, rr3, rr5, coop1, ref1, con1;
};

static const struct zero_case zero_cases[] = {
	/* nothing at all */
	{ { 0 }, 0.6, NAN, NAN, NAN, NAN, NAN, NAN },
	{ { 0 }, -1, NAN, NAN, NAN, NAN, NAN, NAN },
	/* only cases of unknown eligibility: no eligible base for RR5 and COOP1 */
	{ { .uh = 100 }, 0.6, 0, 0, NAN, NAN, 0, 0 },
	/* ... with e = 0 nothing is left in RR3's base either */
	{ { .uh = 100 }, 0, 0, NAN, NAN, NAN, 0, 0 },
	/* only not-eligible cases: every base is empty */
	{ { .ne = 10 }, -1, NAN, NAN, NAN, NAN, NAN, NAN },
	/* only non-contacts: nobody was reached, no cooperation rate */
	{ { .nc = 10 }, 0.6, 0, 0, 0, NAN, 0, 0 },
};

START_TEST(test_zero_denominators)
{
	const struct zero_case *z = &zero_cases[_i];
	struct aapor_rates r;

	aapor_compute(&z->c, z->e, &r);
	CLOSE(r.rr1, z->rr1);
	CLOSE(r.rr3, z->rr3);
	CLOSE(r.rr5, z->rr5);
	CLOSE(r.coop1, z->coop1);
	CLOSE(r.ref1, z->ref1);
	CLOSE(r.con1, z->con1);
	ck_assert(!isnan(r.e));
}
END_TEST

static Suite *aapor_suite(void)
{
	Suite *s = suite_create("aapor");
	TCase *tc = tcase_create("rates");

	tcase_add_test(tc, test_domain_example);
	tcase_add_test(tc, test_e_bounds);
	tcase_add_test(tc, test_e_estimated);
	tcase_add_loop_test(tc, test_zero_denominators, 0,
			    (int)(sizeof(zero_cases) / sizeof(zero_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(aapor_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
