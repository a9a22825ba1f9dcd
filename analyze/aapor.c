/* aapor.c: the AAPOR outcome rates, straight from the Standard Definitions' formulas. */
#include "analyze/aapor.h"

#include <math.h>
#include <string.h>

static double ratio(double num, double den)
{
	return den > 0 ? num / den : NAN;
}

long aapor_total(const struct aapor_counts *c)
{
	return c->i + c->p + c->r + c->nc + c->o + c->uh + c->uo + c->ne;
}

void aapor_compute(const struct aapor_counts *c, double e, struct aapor_rates *out)
{
	double ip = (double)(c->i + c->p), eligible = ip + (double)(c->r + c->nc + c->o);
	double unknown = (double)(c->uh + c->uo);

	if (e < 0)
		e = ratio(eligible, eligible + (double)c->ne);
	if (isnan(e))
		e = 1;	/* nothing known: treat every unknown case as eligible (RR3 = RR1) */
	out->e = e;
	out->rr1 = ratio((double)c->i, eligible + unknown);
	out->rr3 = ratio((double)c->i, eligible + e * unknown);
	out->rr5 = ratio((double)c->i, eligible);
	out->coop1 = ratio((double)c->i, ip + (double)(c->r + c->o));
	out->ref1 = ratio((double)c->r, eligible + unknown);
	out->con1 = ratio(ip + (double)(c->r + c->o), eligible + unknown);
}

int aapor_add(struct aapor_counts *c, const char *cat, long n)
{
	static const char *const names[] = { "I", "P", "R", "NC", "O", "UH", "UO", "NE" };
	long *fields[] = { &c->i, &c->p, &c->r, &c->nc, &c->o, &c->uh, &c->uo, &c->ne };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i], cat) == 0) {
			*fields[i] += n;
			return 0;
		}
	}
	return -1;
}
