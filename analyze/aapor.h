/* aapor.h: response, cooperation, refusal and contact rates (AAPOR Standard Definitions). */
#ifndef TV_AAPOR_H
#define TV_AAPOR_H

/* Case counts per AAPOR category of one wave and segment (or a total). */
struct aapor_counts {
	long i, p, r, nc, o, uh, uo, ne;
};

struct aapor_rates {
	double e;	/* eligible share of the unknowns used for RR3 */
	double rr1, rr3, rr5, coop1, ref1, con1;	/* NAN when a denominator is 0 */
};

/*
 * Compute the rates. e < 0 means "estimate e as the eligible share among
 * cases of known eligibility": (I+P+R+NC+O) / (I+P+R+NC+O+NE).
 */
void aapor_compute(const struct aapor_counts *c, double e, struct aapor_rates *out);
/* Add n cases of category `cat` ("I", "P", "R", "NC", "O", "UH", "UO", "NE"); -1 for an unknown name. */
int aapor_add(struct aapor_counts *c, const char *cat, long n);
/* Total number of sampled cases. */
long aapor_total(const struct aapor_counts *c);

#endif
