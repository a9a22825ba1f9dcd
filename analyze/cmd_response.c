/* cmd_response.c: `tevreden response`: the AAPOR response table per wave and segment. */
#include "analyze/aapor.h"
#include "analyze/tables.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/store.h"
#include "core/table.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char response_usage[] =
	"usage: tevreden response STUDY [--wave W] [--by segment] [--e E] [--format F]\n"
	"\n"
	"Response rates of the fieldwork imported with 'collect contacts', per wave and\n"
	"(with --by segment) per segment, following the AAPOR Standard Definitions:\n"
	"  RR1 = I / ((I+P) + (R+NC+O) + (UH+UO))\n"
	"  RR3 = I / ((I+P) + (R+NC+O) + e(UH+UO))\n"
	"  RR5 = I / ((I+P) + (R+NC+O))\n"
	"  COOP1 = I / ((I+P) + R + O)      REF1 = R / RR1 denominator\n"
	"  CON1 = ((I+P) + R + O) / RR1 denominator\n"
	"\n"
	"options:\n"
	"  -w, --wave W        only this wave (default: every wave)\n"
	"      --by segment    one row per segment (in the order of the questionnaire's\n"
	"                      segment scale, as analyze --by segment) plus the total\n"
	"      --e E           eligible share of unknown cases for RR3 (0..1); default:\n"
	"                      the eligible share among cases of known eligibility\n"
	"      --format F      text (default), csv, json or md; csv and json give rates\n"
	"                      as proportions 0..1 (docs/contacts.md)\n"
	"  -h, --help          this text\n";

struct seg {
	char *wave, *segment;
	struct aapor_counts n;
	size_t wave_ix, rank, pos;	/* the sort key of order_segments() */
};

struct rows {
	struct seg *v;
	size_t n;
};

static int collect_row(void *ctx, const char *wave, const char *segment, const char *cat, long n)
{
	struct rows *r = ctx;
	struct seg *s = r->n ? &r->v[r->n - 1] : NULL;

	if (!s || strcmp(s->wave, wave) != 0 || strcmp(s->segment, segment) != 0) {
		r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
		s = &r->v[r->n++];
		memset(s, 0, sizeof(*s));
		s->wave = xstrdup(wave);
		s->segment = xstrdup(segment);
	}
	aapor_add(&s->n, cat, n);	/* the store only holds known categories */
	return 0;
}

static int seg_cmp(const void *pa, const void *pb)
{
	const struct seg *a = pa, *b = pb;

	if (a->wave_ix != b->wave_ix)
		return a->wave_ix < b->wave_ix ? -1 : 1;
	if (a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/*
 * Put the segments of each wave in the order of the groups of `tevreden
 * analyze --by segment` (an_groups: the scale of the segment variable), then
 * the segments no questionnaire lists, and cases without a segment, in order
 * of first appearance (the store's order). Waves keep the store's order.
 * Returns 0, AN_EDATA or AN_ESTORE (reported).
 */
static int order_segments(struct store *st, struct rows *r)
{
	struct an_request rq;
	struct an_group *g = NULL;
	size_t ng = 0, i, k, wave_ix = 0;
	int rc;

	an_request_init(&rq);
	rc = an_groups(st, &rq, &g, &ng);
	if (rc < 0)
		return rc;
	for (i = 0; i < r->n; i++) {
		struct seg *s = &r->v[i];

		if (i > 0 && strcmp(s->wave, r->v[i - 1].wave) != 0)
			wave_ix++;
		s->wave_ix = wave_ix;
		s->pos = i;
		for (k = 0; k < ng && strcmp(g[k].label, s->segment) != 0; k++)
			;
		s->rank = k;
	}
	qsort(r->v, r->n, sizeof(*r->v), seg_cmp);
	an_groups_free(g, ng);
	return 0;
}

static void add_counts(struct aapor_counts *a, const struct aapor_counts *b)
{
	a->i += b->i;
	a->p += b->p;
	a->r += b->r;
	a->nc += b->nc;
	a->o += b->o;
	a->uh += b->uh;
	a->uo += b->uo;
	a->ne += b->ne;
}

static const char *pct(double v, char *buf)
{
	if (isnan(v))
		return "–";
	snprintf(buf, 16, "%.1f %%", 100 * v);
	return buf;
}

/* A row of the text and Markdown table: rates as "29.9 %". */
static void text_row(struct table *t, const char *wave, const char *segment,
		     const struct aapor_counts *c, double e)
{
	struct aapor_rates r;
	char cases[24], compl[24], b[6][16];
	const char *cells[10];

	aapor_compute(c, e, &r);
	snprintf(cases, sizeof(cases), "%ld", aapor_total(c));
	snprintf(compl, sizeof(compl), "%ld", c->i);
	cells[0] = wave;
	cells[1] = segment;
	cells[2] = cases;
	cells[3] = compl;
	cells[4] = pct(r.rr1, b[0]);
	cells[5] = pct(r.rr3, b[1]);
	cells[6] = pct(r.rr5, b[2]);
	cells[7] = pct(r.coop1, b[3]);
	cells[8] = pct(r.ref1, b[4]);
	cells[9] = pct(r.con1, b[5]);
	table_add_row(t, cells);
}

static const char *const csv_head[] = { "wave", "segment", "cases", "I", "P", "R", "NC", "O",
	"UH", "UO", "NE", "e", "rr1", "rr3", "rr5", "coop1", "ref1", "con1" };
enum { CSV_COLS = sizeof(csv_head) / sizeof(csv_head[0]) };

static const char *csv_num(double v, char *buf)
{
	if (isnan(v))
		return "";
	return num_format(v, buf);
}

/*
 * A row of the CSV: the fields of a JSON row (docs/contacts.md), rates as
 * proportions 0..1 with full precision, empty when undefined, as `analyze
 * --format csv` writes its percentages.
 */
static void csv_row(struct table *t, const char *wave, const char *segment,
		    const struct aapor_counts *c, double e)
{
	const long counts[] = { aapor_total(c), c->i, c->p, c->r, c->nc, c->o, c->uh, c->uo, c->ne };
	struct aapor_rates r;
	char num[CSV_COLS][32];
	const char *cells[CSV_COLS];
	size_t k;

	aapor_compute(c, e, &r);
	cells[0] = wave;
	cells[1] = segment;
	for (k = 0; k < sizeof(counts) / sizeof(counts[0]); k++) {
		snprintf(num[k], sizeof(num[k]), "%ld", counts[k]);
		cells[2 + k] = num[k];
	}
	cells[11] = csv_num(r.e, num[11]);
	cells[12] = csv_num(r.rr1, num[12]);
	cells[13] = csv_num(r.rr3, num[13]);
	cells[14] = csv_num(r.rr5, num[14]);
	cells[15] = csv_num(r.coop1, num[15]);
	cells[16] = csv_num(r.ref1, num[16]);
	cells[17] = csv_num(r.con1, num[17]);
	table_add_row(t, cells);
}

static void json_num(cJSON *o, const char *k, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddNumberToObject(o, k, v);
}

static cJSON *json_row(const char *segment, const struct aapor_counts *c, double e)
{
	struct aapor_rates r;
	cJSON *o = cJSON_CreateObject(), *n;

	aapor_compute(c, e, &r);
	if (segment)
		cJSON_AddStringToObject(o, "segment", segment);
	else
		cJSON_AddStringToObject(o, "segment", "totaal");
	cJSON_AddNumberToObject(o, "cases", (double)aapor_total(c));
	n = cJSON_AddObjectToObject(o, "counts");
	cJSON_AddNumberToObject(n, "I", (double)c->i);
	cJSON_AddNumberToObject(n, "P", (double)c->p);
	cJSON_AddNumberToObject(n, "R", (double)c->r);
	cJSON_AddNumberToObject(n, "NC", (double)c->nc);
	cJSON_AddNumberToObject(n, "O", (double)c->o);
	cJSON_AddNumberToObject(n, "UH", (double)c->uh);
	cJSON_AddNumberToObject(n, "UO", (double)c->uo);
	cJSON_AddNumberToObject(n, "NE", (double)c->ne);
	json_num(o, "e", r.e);
	json_num(o, "rr1", r.rr1);
	json_num(o, "rr3", r.rr3);
	json_num(o, "rr5", r.rr5);
	json_num(o, "coop1", r.coop1);
	json_num(o, "ref1", r.ref1);
	json_num(o, "con1", r.con1);
	return o;
}

static int print(const struct rows *r, int by_segment, double e, enum out_format f)
{
	static const char *const head[] = { "wave", "segment", "cases", "completes", "RR1", "RR3",
		"RR5", "COOP1", "REF1", "CON1" };
	static const int right[] = { 0, 0, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct table t;
	cJSON *root = NULL, *waves = NULL, *w = NULL, *rowsj = NULL;
	size_t i, j;
	int ret;

	if (f == OUT_JSON) {
		root = cJSON_CreateObject();
		waves = cJSON_AddArrayToObject(root, "waves");
	} else if (f == OUT_CSV) {
		table_init(&t, NULL, CSV_COLS, csv_head, NULL);
	} else {
		table_init(&t, "Respons per wave en segment (AAPOR)", 10, head, right);
	}
	for (i = 0; i < r->n; i = j) {
		struct aapor_counts total = { 0 };
		struct aapor_rates rates;

		if (f == OUT_JSON) {
			w = cJSON_CreateObject();
			cJSON_AddStringToObject(w, "wave", r->v[i].wave);
			rowsj = cJSON_AddArrayToObject(w, "rows");
			cJSON_AddItemToArray(waves, w);
		}
		for (j = i; j < r->n && strcmp(r->v[j].wave, r->v[i].wave) == 0; j++) {
			add_counts(&total, &r->v[j].n);
			if (!by_segment)
				continue;
			if (f == OUT_JSON)
				cJSON_AddItemToArray(rowsj, json_row(r->v[j].segment, &r->v[j].n, e));
			else if (f == OUT_CSV)
				csv_row(&t, r->v[i].wave, r->v[j].segment, &r->v[j].n, e);
			else
				text_row(&t, r->v[i].wave, r->v[j].segment[0] ? r->v[j].segment : "(geen)",
					 &r->v[j].n, e);
		}
		aapor_compute(&total, e, &rates);
		if (f == OUT_JSON) {
			cJSON_AddItemToArray(rowsj, json_row(NULL, &total, e));
		} else if (f == OUT_CSV) {
			csv_row(&t, r->v[i].wave, "totaal", &total, e);
		} else {
			text_row(&t, r->v[i].wave, "totaal", &total, e);
			table_note(&t, "wave %s: e = %.3f (%s)", r->v[i].wave, rates.e,
				   e < 0 ? "eligible share among cases of known eligibility"
					 : "given with --e");
		}
	}
	if (f == OUT_JSON) {
		char *s = cJSON_Print(root);

		fputs(s, stdout);
		fputc('\n', stdout);
		cJSON_free(s);
		cJSON_Delete(root);
		return file_check(stdout, "standard output");
	}
	table_note(&t, "I complete, P partial, R refusal/break-off, NC non-contact, O other, "
		   "UH/UO unknown eligibility, NE not eligible (AAPOR Standard Definitions)");
	ret = table_write(&t, f, stdout);
	table_release(&t);
	return ret;
}

int cmd_response(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "wave", required_argument, NULL, 'w' },
		{ "by", required_argument, NULL, 'b' },
		{ "e", required_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *wave = NULL;
	enum out_format f = OUT_TEXT;
	struct rows r = { 0 };
	struct store *st = NULL;
	double e = -1;
	int c, rc, by_segment = 0, ret = TV_EXIT_USAGE;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'w': wave = optarg; break;
		case 'b':
			if (strcmp(optarg, "segment") != 0)
				return cli_usage(response_usage, "--by expects 'segment' (the fieldwork "
						 "file's segment column), not '%s'", optarg);
			by_segment = 1;
			break;
		case 'e':
			if (cli_double(response_usage, "--e", optarg, 0, 1, &e) < 0)
				return TV_EXIT_USAGE;
			break;
		case 'f':
			if (out_format_parse(optarg, &f) < 0)
				return cli_usage(response_usage, "--format expects text, csv, json or "
						 "md, not '%s'", optarg);
			break;
		case 'h': return cli_help(response_usage);
		case ':':
			return cli_usage(response_usage, "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage(response_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage(response_usage, "expected one STUDY");
	if (store_open(argv[optind], &st) < 0)
		return TV_EXIT_SYSTEM;
	if (store_case_counts(st, wave, collect_row, &r) < 0) {
		ret = TV_EXIT_SYSTEM;
	} else if (by_segment && (rc = order_segments(st, &r)) < 0) {
		ret = rc == AN_ESTORE ? TV_EXIT_SYSTEM : TV_EXIT_DATA;
	} else if (r.n == 0) {
		if (wave)
			tv_error("%s: no sampled cases in wave %s (import them with 'tevreden "
				 "collect contacts')", argv[optind], wave);
		else
			tv_error("%s: no sampled cases (import them with 'tevreden collect "
				 "contacts')", argv[optind]);
		ret = TV_EXIT_DATA;
	} else {
		ret = print(&r, by_segment, e, f) < 0 ? TV_EXIT_SYSTEM : TV_EXIT_OK;
	}
	for (i = 0; i < r.n; i++) {
		free(r.v[i].wave);
		free(r.v[i].segment);
	}
	free(r.v);
	store_close(st);
	return ret;
}
