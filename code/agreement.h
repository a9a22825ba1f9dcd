/* agreement.h: agreement between coders: percent agreement, Cohen's kappa, Krippendorff's alpha, precision/recall/F1. */
#ifndef TV_AGREEMENT_H
#define TV_AGREEMENT_H

#include <stddef.h>

/*
 * Conventions for every function in this file (DOMAIN.md 6):
 *
 *   - Pure: no I/O, no store, no messages. Arrays are borrowed, read only and
 *     not kept; the result goes into a caller's struct. Nothing here prints.
 *   - Return 0, or -1 when the arguments are impossible (NULL out, a NULL array
 *     with n > 0, a negative or non-finite count, an infinite value, an unknown
 *     metric, a size that overflows) or an allocation failed; the caller reports
 *     it. On -1 every double of the result is NAN, every count 0 and flags 0.
 *   - Data that give no coefficient are not an error: no units, no variation,
 *     no positives. The function returns 0, the coefficient is NAN and an
 *     AGREEMENT_F_* flag says why, so a table can print "n/a" and carry on.
 *   - "The unit" is whatever the caller counts: a segment, a document, a
 *     character (NVivo's character-level kappa is agreement_kappa_2x2 on the
 *     counts of characters).
 */

/* Why a coefficient is NAN. */
enum agreement_flag {
	AGREEMENT_F_EMPTY = 1 << 0,		/* no units (kappa) or no pairable values (alpha): all NAN */
	AGREEMENT_F_NO_VARIATION = 1 << 1,	/* p_e = 1 (kappa) or D_e = 0 (alpha): coefficient NAN */
	AGREEMENT_F_NO_PREDICTED = 1 << 2,	/* tp + fp = 0: the automatic coder never said yes; precision NAN */
	AGREEMENT_F_NO_REFERENCE = 1 << 3,	/* tp + fn = 0: the reference never said yes; recall NAN */
};

/* ---- Two coders, nominal codes: percent agreement and Cohen's kappa ---- */

/*
 * Cohen's kappa and its parts. p_o * 100 is the percent agreement.
 *	p_o = sum_c n_cc / n
 *	p_e = sum_c n_c. n_.c / n^2		(the coders' own marginals)
 *	kappa = (p_o - p_e) / (1 - p_e)
 * kappa is computed from the counts as (n sum_c n_cc - sum_c n_c. n_.c) /
 * (n^2 - sum_c n_c. n_.c), one rounding, so integer counts below 2^26 give p_o,
 * p_e and kappa correctly rounded.
 * No units: n = 0, the rest NAN, AGREEMENT_F_EMPTY. p_e = 1 (both coders used one and the
 * same category for every unit): p_o = p_e = 1, kappa NAN, AGREEMENT_F_NO_VARIATION.
 * kappa < 0 means agreement below chance; the minimum is -1.
 */
struct agreement_kappa {
	double n;	/* units: the sum of the table */
	double p_o;	/* observed agreement, 0..1 */
	double p_e;	/* agreement expected by chance, 0..1 */
	double kappa;
	unsigned flags;	/* enum agreement_flag bits */
};

/*
 * Kappa from a k × k table of counts, row-major: counts[i * k + j] = units the
 * first coder put in category i and the second in category j. Counts are
 * doubles >= 0 so weighted counts can be passed. k = 0 is an empty table.
 */
int agreement_kappa_table(const double *counts, size_t k, struct agreement_kappa *out);

/*
 * Kappa from the codes two coders gave to the same n units: a[i] and b[i] are
 * unit i's codes. Codes are any ints (compared for equality only). Allocates
 * 2n ints of scratch and frees them; -1 when that fails.
 */
int agreement_kappa_codes(const int *a, const int *b, size_t n, struct agreement_kappa *out);

/* A 2 × 2 presence table of two coders over the same units, for one code. */
struct agreement_2x2 {
	long both;		/* a: both coders assigned the code */
	long first_only;	/* b: only the first coder */
	long second_only;	/* c: only the second coder */
	long neither;		/* d: neither */
};

/*
 * Count the 2 × 2 table of two presence arrays over n units (nonzero = the coder
 * assigned the code to unit i). -1 when n does not fit in a long.
 */
int agreement_count_2x2(const unsigned char *first, const unsigned char *second, size_t n,
	struct agreement_2x2 *out);

/*
 * Kappa for presence/absence of one code: the table {{a, b}, {c, d}}, so
 * p_o = (a + d) / n and p_e = ((a + b)(a + c) + (c + d)(b + d)) / n^2.
 * Negative counts: -1.
 */
int agreement_kappa_2x2(const struct agreement_2x2 *t, struct agreement_kappa *out);

/* ---- Two or more coders, missing values: Krippendorff's alpha ---- */

/* The difference function delta^2(c, k) between two values c and k. */
enum agreement_metric {
	AGREEMENT_NOMINAL = 0,	/* 0 when c = k, else 1 */
	AGREEMENT_ORDINAL,	/* (sum_{g=c..k} n_g - (n_c + n_k)/2)^2, n_g the coincidence marginals */
	AGREEMENT_INTERVAL,	/* (c - k)^2 */
	AGREEMENT_RATIO,	/* ((c - k)/(c + k))^2; values must be >= 0 (0 with 0 is 0) */
};

/*
 * Krippendorff's alpha and its parts (Krippendorff 2011, "Computing
 * Krippendorff's Alpha-Reliability", coincidence-matrix formulation):
 *	o_ck = sum_u (number of ordered pairs of values (c, k) in unit u) / (m_u - 1)
 *	n_c = sum_k o_ck, n = sum_c n_c	(pairable values)
 *	D_o = sum_c sum_k o_ck delta^2(c, k) / n
 *	D_e = sum_c sum_k n_c n_k delta^2(c, k) / (n (n - 1))
 *	alpha = 1 - D_o / D_e
 * A unit with fewer than 2 values (m_u < 2) is not pairable and is dropped,
 * values and all. p_o = sum_c o_cc / n is the percent agreement over pairable
 * values (1 - D_o of the nominal metric, whatever the metric); for two coders
 * without gaps it is the share of units both coded alike.
 * No pairable values (no units, one coder, every unit with one value at most):
 * everything NAN, units = values = 0, AGREEMENT_F_EMPTY. All pairable values
 * equal (D_e = 0): d_o = d_e = 0, p_o = 1, alpha NAN, AGREEMENT_F_NO_VARIATION.
 */
struct agreement_alpha {
	double alpha;
	double d_o;	/* observed disagreement */
	double d_e;	/* disagreement expected by chance */
	double p_o;	/* share of pairable values in agreement, 0..1 */
	size_t units;	/* pairable units */
	size_t values;	/* n: pairable values */
	unsigned flags;	/* enum agreement_flag bits */
};

/*
 * Alpha of the reliability data matrix data[c * units + u] = coder c's value of
 * unit u (Krippendorff's layout: a row per coder, a column per unit), NAN where
 * the coder gave no value. Values are compared exactly (codes 1, 2, 3 as doubles);
 * an infinite value is -1, and so is a negative value under AGREEMENT_RATIO.
 * coders < 2 is not an error but gives AGREEMENT_F_EMPTY.
 * Allocates about 3 n doubles of scratch and frees them; -1 when that fails.
 * Time O(coders^2 units + n log n), plus O(V^2) in the number V of distinct
 * values for the ordinal and ratio metrics.
 */
int agreement_alpha(const double *data, size_t coders, size_t units,
	enum agreement_metric metric, struct agreement_alpha *out);

/* ---- An automatic coder against a reference coder ---- */

/*
 * Precision, recall and F1 of one code, the reference coder being right:
 * tp = both said yes, fp = only the automatic coder, fn = only the reference.
 *	precision = tp / (tp + fp)	NAN + AGREEMENT_F_NO_PREDICTED when tp + fp = 0
 *	recall = tp / (tp + fn)		NAN + AGREEMENT_F_NO_REFERENCE when tp + fn = 0
 *	f1 = 2 tp / (2 tp + fp + fn)	NAN only when tp + fp + fn = 0 (both flags)
 * So f1 is 0, not NAN, when one side never said yes and the other did: every
 * "yes" was wrong (scikit-learn's zero_division = 0 gives the same F1).
 */
struct agreement_prf {
	long tp;
	long fp;
	long fn;
	double precision;
	double recall;
	double f1;
	unsigned flags;	/* enum agreement_flag bits */
};

/* From the counts. Negative counts: -1. */
int agreement_prf(long tp, long fp, long fn, struct agreement_prf *out);

/*
 * From two presence arrays over the same n units (nonzero = yes). -1 when n does
 * not fit in a long.
 */
int agreement_prf_presence(const unsigned char *reference, const unsigned char *automatic,
	size_t n, struct agreement_prf *out);

#endif
