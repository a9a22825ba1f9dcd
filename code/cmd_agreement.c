/* cmd_agreement.c: `tevreden code agreement`: agreement between coders per code, on the segments they all coded. */
#include "code/agreement.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/store.h"
#include "core/table.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CODERS 16

static const char agreement_usage[] =
	"usage: tevreden code agreement STUDY --coders A,B[,C...] [--reference R] [--format F]\n"
	"\n"
	"Agreement per code between coders who coded the same material blind. The unit is\n"
	"the segment (transcript sentence or open answer). A coder counts as having coded\n"
	"a document when they coded at least one of its segments; a segment of such a\n"
	"document without their coding of a code means 'not this code'.\n"
	"  units      segments of the documents every named coder coded\n"
	"  agree      percent agreement on presence of the code over those units\n"
	"  kappa      Cohen's kappa on presence (exactly two coders)\n"
	"  alpha      Krippendorff's alpha, nominal, on presence, over the segments of\n"
	"             documents at least two coders coded (the others count as missing)\n"
	"  alpha pol  the same with the polarity as category (absent, +, -, ~)\n"
	"With --reference R (e.g. a person, to judge the automatic coder 'auto'): for every\n"
	"other coder, precision, recall and F1 of presence against R on their shared units.\n"
	"\n"
	"options:\n"
	"      --coders A,B,...  the coders to compare (2 to 16)\n"
	"      --reference R     reference coder for precision/recall/F1 (one of --coders)\n"
	"      --format F        text (default), csv, md or json (docs/coding.md)\n"
	"  -h, --help            this text\n";

/* A segment to compare and, per coder, its codings as "code+" strings. */
struct unit {
	int64_t segment, document;
};

struct agree {
	char *coders[MAX_CODERS];
	size_t ncoders;
	int64_t coder_ids[MAX_CODERS];
	struct unit *units;
	size_t nunits, cap;
	/* codings of the named coders: parallel arrays */
	int64_t *seg;
	size_t *coder;
	char **code;
	char *pol;
	size_t ncodings, ccap;
	char **codes;		/* distinct codes, sorted */
	size_t ncodes;
};

static int coder_index(const struct agree *a, const char *name)
{
	size_t i;

	for (i = 0; i < a->ncoders; i++)
		if (strcmp(a->coders[i], name) == 0)
			return (int)i;
	return -1;
}

static int unit_cb(void *ctx, const struct store_segment_row *sg)
{
	struct agree *a = ctx;

	if (a->nunits == a->cap) {
		a->cap = a->cap ? 2 * a->cap : 1024;
		a->units = xrealloc(a->units, a->cap * sizeof(*a->units));
	}
	a->units[a->nunits].segment = sg->id;
	a->units[a->nunits].document = sg->document_id;
	a->nunits++;
	return 0;
}

static int coding_cb(void *ctx, const struct store_coding_row *c)
{
	struct agree *a = ctx;
	int k = coder_index(a, c->coder);

	if (k < 0)
		return 0;
	if (a->ncodings == a->ccap) {
		a->ccap = a->ccap ? 2 * a->ccap : 1024;
		a->seg = xrealloc(a->seg, a->ccap * sizeof(*a->seg));
		a->coder = xrealloc(a->coder, a->ccap * sizeof(*a->coder));
		a->code = xrealloc(a->code, a->ccap * sizeof(*a->code));
		a->pol = xrealloc(a->pol, a->ccap * sizeof(*a->pol));
	}
	a->seg[a->ncodings] = c->segment_id;
	a->coder[a->ncodings] = (size_t)k;
	a->code[a->ncodings] = xstrdup(c->code);
	a->pol[a->ncodings] = c->polarity && *c->polarity ? *c->polarity : '.';
	a->ncodings++;
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

static int cmp_unit(const void *x, const void *y)
{
	const struct unit *a = x, *b = y;

	return a->segment < b->segment ? -1 : a->segment > b->segment;
}

/* Index of the unit for segment s (units sorted by segment), or -1. */
static long unit_of(const struct agree *a, int64_t s)
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

/* Per document and coder: did the coder code anything in it? (documents are dense ids) */
struct coverage {
	int64_t *docs;		/* distinct document ids, sorted */
	size_t ndocs;
	unsigned char *by;	/* ndocs x ncoders */
};

static int cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return a < b ? -1 : a > b;
}

static long doc_index(const struct coverage *cv, int64_t d)
{
	const int64_t *p = bsearch(&d, cv->docs, cv->ndocs, sizeof(int64_t), cmp_i64);

	return p ? (long)(p - cv->docs) : -1;
}

static void coverage_build(const struct agree *a, struct coverage *cv)
{
	size_t i, n = 0;

	cv->docs = xcalloc(a->nunits + 1, sizeof(int64_t));
	for (i = 0; i < a->nunits; i++)
		cv->docs[n++] = a->units[i].document;
	qsort(cv->docs, n, sizeof(int64_t), cmp_i64);
	cv->ndocs = 0;
	for (i = 0; i < n; i++)
		if (cv->ndocs == 0 || cv->docs[cv->ndocs - 1] != cv->docs[i])
			cv->docs[cv->ndocs++] = cv->docs[i];
	cv->by = xcalloc(cv->ndocs * a->ncoders + 1, 1);
	for (i = 0; i < a->ncodings; i++) {
		long u = unit_of(a, a->seg[i]);

		if (u >= 0)
			cv->by[doc_index(cv, a->units[u].document) * (long)a->ncoders + (long)a->coder[i]] = 1;
	}
}

struct code_result {
	long units_all, units_alpha;
	struct agreement_kappa kappa;	/* p_o is the percent agreement */
	double percent;
	struct agreement_alpha alpha, alpha_pol;
	struct agreement_prf prf[MAX_CODERS];
};

static double pol_value(char p)
{
	return p == '+' ? 1 : p == '-' ? 2 : p == '~' ? 3 : 4;	/* '.' = coded without polarity */
}

static int compute(const struct agree *a, const struct coverage *cv, const char *code, int reference,
		   struct code_result *r)
{
	size_t m = a->ncoders, u, k, i;
	double *pres = xcalloc(a->nunits * m + 1, sizeof(double));
	double *pol = xcalloc(a->nunits * m + 1, sizeof(double));
	double *ap = NULL, *aq = NULL;
	unsigned char *all = xcalloc(a->nunits + 1, 1), *first, *second;
	long n_all = 0, n_alpha = 0, same = 0;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < a->ncodings; i++) {
		long un = unit_of(a, a->seg[i]);

		if (un < 0 || strcmp(a->code[i], code) != 0)
			continue;
		pres[a->coder[i] * a->nunits + (size_t)un] = 1;
		pol[a->coder[i] * a->nunits + (size_t)un] = pol_value(a->pol[i]);
	}
	/* alpha data: units with >= 2 coders; others missing (NAN) */
	ap = xcalloc(a->nunits * m + 1, sizeof(double));
	aq = xcalloc(a->nunits * m + 1, sizeof(double));
	for (u = 0; u < a->nunits; u++) {
		long d = doc_index(cv, a->units[u].document);
		size_t coded = 0;

		for (k = 0; k < m; k++)
			coded += cv->by[d * (long)m + (long)k];
		all[u] = coded == m;
		n_all += all[u];
		for (k = 0; k < m; k++) {
			int has = cv->by[d * (long)m + (long)k];

			ap[k * a->nunits + u] = has ? pres[k * a->nunits + u] : NAN;
			aq[k * a->nunits + u] = has ? pol[k * a->nunits + u] : NAN;
		}
		if (coded >= 2)
			n_alpha++;
		if (all[u]) {
			int agree = 1;

			for (k = 1; k < m; k++)
				agree &= pres[k * a->nunits + u] == pres[u];
			same += agree;
		}
	}
	r->units_all = n_all;
	r->units_alpha = n_alpha;
	r->percent = n_all ? (double)same / (double)n_all : NAN;
	if (agreement_alpha(ap, m, a->nunits, AGREEMENT_NOMINAL, &r->alpha) < 0 ||
	    agreement_alpha(aq, m, a->nunits, AGREEMENT_NOMINAL, &r->alpha_pol) < 0)
		goto out;
	first = xcalloc(a->nunits + 1, 1);
	second = xcalloc(a->nunits + 1, 1);
	if (m == 2) {
		struct agreement_2x2 t;
		size_t n = 0;

		for (u = 0; u < a->nunits; u++) {
			if (!all[u])
				continue;
			first[n] = pres[u] > 0;
			second[n++] = pres[a->nunits + u] > 0;
		}
		agreement_count_2x2(first, second, n, &t);
		agreement_kappa_2x2(&t, &r->kappa);
	} else {
		r->kappa.kappa = NAN;
	}
	for (k = 0; reference >= 0 && k < m; k++) {
		size_t n = 0;

		if ((int)k == reference)
			continue;
		for (u = 0; u < a->nunits; u++) {
			long d = doc_index(cv, a->units[u].document);

			if (!cv->by[d * (long)m + (long)k] || !cv->by[d * (long)m + reference])
				continue;
			first[n] = pres[(size_t)reference * a->nunits + u] > 0;
			second[n++] = pres[k * a->nunits + u] > 0;
		}
		agreement_prf_presence(first, second, n, &r->prf[k]);
	}
	free(first);
	free(second);
	ret = 0;
out:
	free(pres);
	free(pol);
	free(ap);
	free(aq);
	free(all);
	return ret;
}

static const char *fmt(double v, char *buf, const char *f)
{
	if (isnan(v))
		return "–";
	snprintf(buf, 32, f, v);
	return buf;
}

static void json_num(cJSON *o, const char *k, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddNumberToObject(o, k, v);
}

static int report(const struct agree *a, const struct coverage *cv, int reference, enum out_format f)
{
	static const char *const head[] = { "code", "units", "agree", "kappa", "alpha", "alpha pol",
		"coder", "precision", "recall", "F1" };
	static const int right[] = { 0, 1, 1, 1, 1, 1, 0, 1, 1, 1 };
	size_t ncols = reference >= 0 ? 10 : 6, i, k;
	cJSON *root = NULL, *codes = NULL;
	struct table t;
	int ret = 0;

	if (f == OUT_JSON) {
		cJSON *arr;

		root = cJSON_CreateObject();
		arr = cJSON_AddArrayToObject(root, "coders");
		for (k = 0; k < a->ncoders; k++)
			cJSON_AddItemToArray(arr, cJSON_CreateString(a->coders[k]));
		if (reference >= 0)
			cJSON_AddStringToObject(root, "reference", a->coders[reference]);
		else
			cJSON_AddNullToObject(root, "reference");
		cJSON_AddStringToObject(root, "unit", "segment");
		codes = cJSON_AddArrayToObject(root, "codes");
	} else {
		table_init(&t, "Overeenstemming tussen codeurs per code", ncols, head, right);
	}
	for (i = 0; i < a->ncodes && ret == 0; i++) {
		struct code_result r;
		char b[6][32];

		if (compute(a, cv, a->codes[i], reference, &r) < 0) {
			ret = -1;
			break;
		}
		if (f == OUT_JSON) {
			cJSON *o = cJSON_CreateObject(), *prf;

			cJSON_AddStringToObject(o, "code", a->codes[i]);
			cJSON_AddNumberToObject(o, "units", (double)r.units_all);
			json_num(o, "percent_agreement", r.percent);
			json_num(o, "kappa", r.kappa.kappa);
			cJSON_AddNumberToObject(o, "units_alpha", (double)r.units_alpha);
			json_num(o, "alpha_nominal", r.alpha.alpha);
			json_num(o, "alpha_polarity", r.alpha_pol.alpha);
			prf = cJSON_AddArrayToObject(o, "precision_recall");
			for (k = 0; reference >= 0 && k < a->ncoders; k++) {
				cJSON *p;

				if ((int)k == reference)
					continue;
				p = cJSON_CreateObject();
				cJSON_AddStringToObject(p, "coder", a->coders[k]);
				cJSON_AddNumberToObject(p, "tp", (double)r.prf[k].tp);
				cJSON_AddNumberToObject(p, "fp", (double)r.prf[k].fp);
				cJSON_AddNumberToObject(p, "fn", (double)r.prf[k].fn);
				json_num(p, "precision", r.prf[k].precision);
				json_num(p, "recall", r.prf[k].recall);
				json_num(p, "f1", r.prf[k].f1);
				cJSON_AddItemToArray(prf, p);
			}
			cJSON_AddItemToArray(codes, o);
			continue;
		}
		for (k = 0; k < a->ncoders; k++) {
			const char *cells[10];
			char units[24], c[3][32];

			if (reference >= 0 && (int)k == reference)
				continue;
			if (reference < 0 && k > 0)
				break;
			snprintf(units, sizeof(units), "%ld", r.units_all);
			cells[0] = a->codes[i];
			cells[1] = units;
			cells[2] = fmt(100 * r.percent, b[0], "%.1f %%");
			cells[3] = fmt(r.kappa.kappa, b[1], "%.3f");
			cells[4] = fmt(r.alpha.alpha, b[2], "%.3f");
			cells[5] = fmt(r.alpha_pol.alpha, b[3], "%.3f");
			if (reference >= 0) {
				cells[6] = a->coders[k];
				cells[7] = fmt(r.prf[k].precision, c[0], "%.3f");
				cells[8] = fmt(r.prf[k].recall, c[1], "%.3f");
				cells[9] = fmt(r.prf[k].f1, c[2], "%.3f");
			}
			table_add_row(&t, cells);
		}
	}
	if (f == OUT_JSON) {
		char *s = cJSON_Print(root);

		if (ret == 0) {
			fputs(s, stdout);
			fputc('\n', stdout);
			ret = file_check(stdout, "standard output");
		}
		cJSON_free(s);
		cJSON_Delete(root);
		return ret;
	}
	table_note(&t, "unit: segment; agree and kappa over the segments of documents all %zu coders "
		   "coded; alpha (nominal) also with missing coders", a->ncoders);
	if (reference >= 0)
		table_note(&t, "precision, recall, F1: presence of the code, against %s", a->coders[reference]);
	if (ret == 0)
		ret = table_write(&t, f, stdout);
	table_release(&t);
	return ret;
}

static void agree_release(struct agree *a)
{
	size_t i;

	for (i = 0; i < a->ncoders; i++)
		free(a->coders[i]);
	for (i = 0; i < a->ncodings; i++)
		free(a->code[i]);
	free(a->units);
	free(a->seg);
	free(a->coder);
	free(a->code);
	free(a->pol);
	free(a->codes);
}

int cmd_code_agreement(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "coders", required_argument, NULL, 'c' },
		{ "reference", required_argument, NULL, 'r' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct agree a = { 0 };
	struct coverage cv = { 0 };
	struct store *st = NULL;
	enum out_format f = OUT_TEXT;
	const char *coders = NULL, *ref = NULL, *p;
	int c, reference = -1, ret = TV_EXIT_USAGE;
	size_t i, k;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': coders = optarg; break;
		case 'r': ref = optarg; break;
		case 'f':
			if (out_format_parse(optarg, &f) < 0)
				return cli_usage(agreement_usage, "--format expects text, csv, json or md, "
						 "not '%s'", optarg);
			break;
		case 'h': return cli_help(agreement_usage);
		case ':': return cli_usage(agreement_usage, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage(agreement_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage(agreement_usage, "expected one STUDY");
	if (!coders)
		return cli_usage(agreement_usage, "--coders A,B is required");
	for (p = coders; *p;) {
		size_t n = strcspn(p, ",");

		if (n && a.ncoders == MAX_CODERS) {
			ret = cli_usage(agreement_usage, "at most %d coders", MAX_CODERS);
			goto out;
		}
		if (n)
			a.coders[a.ncoders++] = xstrndup(p, n);
		p += n + (p[n] == ',');
	}
	if (a.ncoders < 2) {
		ret = cli_usage(agreement_usage, "--coders needs at least two coders");
		goto out;
	}
	if (ref && (reference = coder_index(&a, ref)) < 0) {
		ret = cli_usage(agreement_usage, "--reference '%s' is not one of --coders", ref);
		goto out;
	}
	ret = TV_EXIT_SYSTEM;
	if (store_open(argv[optind], &st) < 0)
		goto out;
	for (k = 0; k < a.ncoders; k++) {
		int rc = store_coder_find(st, a.coders[k], &a.coder_ids[k]);

		if (rc < 0)
			goto out;
		if (rc == 0) {
			tv_error("%s: no coder '%s' in the study", argv[optind], a.coders[k]);
			ret = TV_EXIT_DATA;
			goto out;
		}
	}
	if (store_segments(st, 1, unit_cb, &a) < 0 || store_codings(st, 0, coding_cb, &a) < 0)
		goto out;
	qsort(a.units, a.nunits, sizeof(*a.units), cmp_unit);
	a.codes = xcalloc(a.ncodings + 1, sizeof(char *));
	for (i = 0; i < a.ncodings; i++)
		a.codes[a.ncodes++] = a.code[i];
	qsort(a.codes, a.ncodes, sizeof(char *), cmp_str);
	for (i = 0, k = 0; i < a.ncodes; i++)
		if (k == 0 || strcmp(a.codes[k - 1], a.codes[i]) != 0)
			a.codes[k++] = a.codes[i];
	a.ncodes = k;
	coverage_build(&a, &cv);
	ret = report(&a, &cv, reference, f) < 0 ? TV_EXIT_SYSTEM : TV_EXIT_OK;
out:
	free(cv.docs);
	free(cv.by);
	agree_release(&a);
	store_close(st);
	return ret;
}
