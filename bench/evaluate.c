/* evaluate.c: precision, recall and F1 of the automatic coder per theme against hand-coded segments in a TSV file. */
#include "code/agreement.h"
#include "code/autocode.h"
#include "code/codebook.h"
#include "code/stemmer.h"
#include "core/error.h"
#include "core/json.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Input: a TSV file with the columns id, source, text, codes (a first line
 * starting with "id" is a header). codes is a ';'-separated list of code ids,
 * each optionally followed by its polarity ('+', '-', '~'): "wachttijd-;bejegening+".
 * One code given twice with different polarities counts as '~' (mixed), as the
 * coder gives one polarity per code. A field may be quoted with double quotes
 * ("" for a quote, tabs and line breaks allowed inside); in an unquoted text
 * "\n" and "\t" stand for a line break and a tab.
 *
 * Scores per code, the hand coding being right:
 *   presence             the code was given, whatever its polarity;
 *   presence + polarity  the pair (code, polarity) was given: a right code with
 *                        the wrong polarity is one false positive and one false negative;
 *   polarity agreement   among segments where both gave the code, the share with the same polarity.
 * Micro averages pool the counts of all codes; macro averages are the mean of
 * the per-code F1 over codes that occur in the hand coding or the automatic one.
 */

static const char usage[] =
	"usage: evaluate [--codebook FILE] [--errors] FILE.tsv\n"
	"  --codebook FILE  codebook (default templates/codebooks/jeugdhulp.json)\n"
	"  --errors         also list every segment where the coder and the file disagree\n";

#define MAX_FILE ((size_t)1 << 30)
#define MAX_LABELS 256

struct score {
	char *id;
	int known;			/* a code of the codebook */
	int rules;			/* ... with match rules: always listed */
	long gold, pred;		/* segments with the code */
	long tp, fp, fn;		/* presence */
	long ptp, pfp, pfn;		/* presence + polarity */
	long both, agree;		/* polarity agreement where both gave the code */
};

struct table {
	struct score *v;
	size_t n;
};

/* One code with its polarity (0 = none) in one segment. */
struct label {
	size_t code;	/* index in the table */
	char pol;
};

static size_t code_index(struct table *t, const char *id, size_t len)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strlen(t->v[i].id) == len && memcmp(t->v[i].id, id, len) == 0)
			return i;
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
	t->v[t->n].id = xstrndup(id, len);
	return t->n++;
}

/* Add a label; the same code twice with two polarities becomes '~'. */
static void add_label(struct label *v, size_t *n, size_t code, char pol)
{
	size_t i;

	for (i = 0; i < *n; i++) {
		if (v[i].code == code) {
			if (v[i].pol != pol)
				v[i].pol = '~';
			return;
		}
	}
	v[*n].code = code;
	v[*n].pol = pol;
	(*n)++;
}

/* Parse "wachttijd-;bejegening+" into labels. Returns 0 or -1 after reporting. */
static int parse_codes(const char *file, long line, const char *s, struct table *t,
		       struct label *out, size_t *n)
{
	*n = 0;
	while (*s) {
		const char *e, *a, *b;
		char pol = 0, *id;
		int ok;

		while (*s == ' ' || *s == ';' || *s == ',')
			s++;
		if (!*s)
			break;
		for (e = s; *e && *e != ';' && *e != ','; e++)
			;
		a = s;
		b = e;
		while (b > a && b[-1] == ' ')
			b--;
		if (b[-1] == '+' || b[-1] == '-' || b[-1] == '~')
			pol = *--b;
		while (b > a && b[-1] == ' ')
			b--;
		id = xstrndup(a, (size_t)(b - a));
		ok = json_is_ident(id);
		free(id);
		if (!ok)
			return tv_error("%s:%ld: '%.*s' is not a code (expected an id and '+', '-' or '~')",
					file, line, (int)(e - a), a);
		if (*n >= MAX_LABELS)
			return tv_error("%s:%ld: more than %d codes", file, line, MAX_LABELS);
		add_label(out, n, code_index(t, a, (size_t)(b - a)), pol);
		s = e;
	}
	return 0;
}

/*
 * Read one field at *p (quoted or not) into b, up to a tab (more fields
 * follow: returns 1), a line end or the end of the text (returns 0).
 * Returns -1 for an unterminated quote. *line counts line breaks inside quotes.
 */
static int read_field(const char **p, const char *end, struct buf *b, long *line)
{
	const char *s = *p;

	buf_reset(b);
	buf_adds(b, "");
	if (s < end && *s == '"') {
		for (s++;; s++) {
			if (s >= end)
				return -1;
			if (*s == '"') {
				if (s + 1 < end && s[1] == '"') {
					buf_addc(b, '"');
					s++;
					continue;
				}
				s++;
				break;
			}
			if (*s == '\n')
				(*line)++;
			buf_addc(b, *s);
		}
	} else {
		for (; s < end && *s != '\t' && *s != '\n'; s++) {
			if (*s == '\\' && s + 1 < end && (s[1] == 'n' || s[1] == 't' || s[1] == '\\')) {
				s++;
				buf_addc(b, *s == 'n' ? '\n' : *s == 't' ? '\t' : '\\');
			} else if (*s != '\r' || (s + 1 < end && s[1] != '\n')) {
				buf_addc(b, *s);
			}
		}
	}
	while (s < end && *s == '\r')
		s++;
	*p = s;
	if (s < end && *s == '\t') {
		*p = s + 1;
		return 1;
	}
	return 0;
}

static void print_num(double v, int width)
{
	if (isnan(v))
		printf(" %*s", width, "n/a");
	else
		printf(" %*.2f", width, v);
}

/* One row: counts, presence P R F1, presence+polarity P R F1, polarity agreement. */
static void print_row(const char *name, long hand, long autoc, const struct agreement_prf *pr,
		      const struct agreement_prf *pp, long agree, long both, const char *note)
{
	printf("%-26s %5ld %5ld |", name, hand, autoc);
	print_num(pr->precision, 5);
	print_num(pr->recall, 5);
	print_num(pr->f1, 5);
	printf(" |");
	print_num(pp->precision, 5);
	print_num(pp->recall, 5);
	print_num(pp->f1, 5);
	printf(" |");
	if (both)
		printf(" %5.2f (%ld/%ld)", (double)agree / (double)both, agree, both);
	else
		printf(" %5s", "n/a");
	printf("%s\n", note);
}

static void report(const char *file, const struct codebook *cb, const struct table *t, long segments)
{
	struct agreement_prf pr, pp;
	long tp = 0, fp = 0, fn = 0, ptp = 0, pfp = 0, pfn = 0, both = 0, agree = 0;
	double macro = 0, pmacro = 0;
	size_t i, nmacro = 0, npmacro = 0;

	printf("evaluate: %ld segments in %s, codebook %s %s\n\n", segments, file, cb->id, cb->version);
	printf("%-26s %5s %5s | %-17s | %-17s | %s\n", "", "", "", "presence", "presence+polarity",
	       "polarity");
	printf("%-26s %5s %5s | %5s %5s %5s | %5s %5s %5s | %s\n", "code", "hand", "auto", "P", "R",
	       "F1", "P", "R", "F1", "agreement");
	for (i = 0; i < t->n; i++) {
		const struct score *s = &t->v[i];

		if (!s->gold && !s->pred && !s->rules)
			continue;
		agreement_prf(s->tp, s->fp, s->fn, &pr);
		agreement_prf(s->ptp, s->pfp, s->pfn, &pp);
		print_row(s->id, s->gold, s->pred, &pr, &pp, s->agree, s->both,
			  s->known ? "" : "  (not in the codebook)");
		if (!isnan(pr.f1)) {
			macro += pr.f1;
			nmacro++;
		}
		if (!isnan(pp.f1)) {
			pmacro += pp.f1;
			npmacro++;
		}
		tp += s->tp;
		fp += s->fp;
		fn += s->fn;
		ptp += s->ptp;
		pfp += s->pfp;
		pfn += s->pfn;
		both += s->both;
		agree += s->agree;
	}
	agreement_prf(tp, fp, fn, &pr);
	agreement_prf(ptp, pfp, pfn, &pp);
	printf("\n");
	print_row("micro average", tp + fn, tp + fp, &pr, &pp, agree, both, "");
	printf("%-26s %5s %5s | %5s %5s", "macro average (F1)", "", "", "", "");
	print_num(nmacro ? macro / (double)nmacro : NAN, 5);
	printf(" | %5s %5s", "", "");
	print_num(npmacro ? pmacro / (double)npmacro : NAN, 5);
	printf(" |   over %zu codes\n", nmacro);
}

static void print_labels(const struct table *t, const struct label *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%s%s%c", i ? ";" : "", t->v[v[i].code].id, v[i].pol ? v[i].pol : ' ');
	if (!n)
		printf("-");
}

/* Score one segment: the hand labels g[0 .. ng) against the coder's a[0 .. na). */
static void score(struct table *t, const struct label *g, size_t ng, const struct label *a, size_t na)
{
	size_t i, j;

	for (i = 0; i < ng; i++) {
		struct score *s = &t->v[g[i].code];

		s->gold++;
		for (j = 0; j < na && a[j].code != g[i].code; j++)
			;
		if (j == na) {
			s->fn++;
			s->pfn++;
			continue;
		}
		s->tp++;
		s->both++;
		if (a[j].pol == g[i].pol) {
			s->ptp++;
			s->agree++;
		} else {
			s->pfn++;
			s->pfp++;
		}
	}
	for (j = 0; j < na; j++) {
		struct score *s = &t->v[a[j].code];

		s->pred++;
		for (i = 0; i < ng && g[i].code != a[j].code; i++)
			;
		if (i == ng) {
			s->fp++;
			s->pfp++;
		}
	}
}

static int same(const struct label *g, size_t ng, const struct label *a, size_t na)
{
	size_t i, j;

	if (ng != na)
		return 0;
	for (i = 0; i < ng; i++) {
		for (j = 0; j < na; j++)
			if (a[j].code == g[i].code && a[j].pol == g[i].pol)
				break;
		if (j == na)
			return 0;
	}
	return 1;
}

static int run(const char *file, const char *text, size_t len, struct codebook *cb,
	       struct autocode *ac, int errors)
{
	struct table t = { NULL, 0 };
	struct label gold[MAX_LABELS], autol[MAX_LABELS];
	struct autocode_result r;
	struct buf f[4];
	const char *p = text, *end = text + len;
	long line = 0, segments = 0;
	size_t i, k, ng, na;
	int ret = -1;

	for (i = 0; i < cb->ncodes; i++) {
		size_t c = code_index(&t, cb->codes[i].id, strlen(cb->codes[i].id));

		t.v[c].known = 1;
		t.v[c].rules = cb->codes[i].nmatch > 0;
	}
	for (k = 0; k < 4; k++)
		buf_init(&f[k]);
	autocode_result_init(&r);
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		long first = ++line;
		int more = 1;

		for (k = 0; k < 4 && more; k++) {
			more = read_field(&p, end, &f[k], &line);
			if (more < 0) {
				tv_error("%s:%ld: a quoted field is not closed", file, first);
				goto out;
			}
		}
		if (more) {
			tv_error("%s:%ld: more than 4 fields (id, source, text, codes)", file, first);
			goto out;
		}
		if (p < end && *p == '\n')
			p++;
		if (k == 1 && f[0].len == 0)
			continue;	/* an empty line */
		if (k < 4) {
			tv_error("%s:%ld: %zu field%s, expected 4 (id, source, text, codes)", file, first, k,
				 k == 1 ? "" : "s");
			goto out;
		}
		if (segments == 0 && first == 1 && strcmp(f[0].s, "id") == 0)
			continue;	/* the header */
		if (parse_codes(file, first, f[3].s, &t, gold, &ng) < 0)
			goto out;
		if (autocode_text(ac, f[2].s, f[2].len, &r) < 0)
			goto out;
		na = 0;
		for (i = 0; i < r.nhits && na < MAX_LABELS; i++)
			add_label(autol, &na, code_index(&t, r.hits[i].id, strlen(r.hits[i].id)),
				  r.hits[i].polarity);
		score(&t, gold, ng, autol, na);
		segments++;
		if (errors && !same(gold, ng, autol, na)) {
			printf("%s\thand ", f[0].s);
			print_labels(&t, gold, ng);
			printf("\tauto ");
			print_labels(&t, autol, na);
			for (i = 0; i < f[2].len; i++)
				if (f[2].s[i] == '\n' || f[2].s[i] == '\t' || f[2].s[i] == '\r')
					f[2].s[i] = ' ';
			printf("\t%s\n", f[2].s);
		}
	}
	for (i = 0; i < t.n; i++)
		if (!t.v[i].known && t.v[i].gold)
			tv_warn("%s: code '%s' is not in codebook %s %s", file, t.v[i].id, cb->id,
				cb->version);
	if (errors)
		printf("\n");
	report(file, cb, &t, segments);
	ret = 0;
out:
	for (k = 0; k < 4; k++)
		buf_release(&f[k]);
	for (i = 0; i < t.n; i++)
		free(t.v[i].id);
	free(t.v);
	autocode_result_release(&r);
	return ret;
}

int main(int argc, char **argv)
{
	const char *cbfile = "templates/codebooks/jeugdhulp.json", *file = NULL;
	struct codebook *cb = NULL;
	struct stemmer *st = NULL;
	struct autocode *ac = NULL;
	char *text = NULL;
	size_t len;
	int i, errors = 0, ret = TV_EXIT_SYSTEM;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--codebook") == 0 && i + 1 < argc) {
			cbfile = argv[++i];
		} else if (strcmp(argv[i], "--errors") == 0) {
			errors = 1;
		} else if (strcmp(argv[i], "--help") == 0) {
			fputs(usage, stdout);
			return TV_EXIT_OK;
		} else if (argv[i][0] != '-' && !file) {
			file = argv[i];
		} else {
			fputs(usage, stderr);
			return TV_EXIT_USAGE;
		}
	}
	if (!file) {
		fputs(usage, stderr);
		return TV_EXIT_USAGE;
	}
	if (codebook_load(cbfile, &cb) < 0) {
		ret = TV_EXIT_DATA;
		goto out;
	}
	if (file_read(file, MAX_FILE, &text, &len) < 0 || stemmer_open(&st, NULL, NULL) < 0 ||
	    autocode_open(&ac, cb, st) < 0)
		goto out;
	if (run(file, text, len, cb, ac, errors) < 0) {
		ret = TV_EXIT_DATA;
		goto out;
	}
	ret = file_check(stdout, "standard output") < 0 ? TV_EXIT_SYSTEM : TV_EXIT_OK;
out:
	autocode_free(ac);
	stemmer_free(st);
	codebook_free(cb);
	free(text);
	return ret;
}
