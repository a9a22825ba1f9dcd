/* render.c: analysis tables as aligned report text with a legend, CSV, Markdown and the JSON of docs/analyze-json.md. */
#include "analyze/render.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define DASH "\xe2\x80\x93"	/* "–", the mark of an untestable cell */

static int is_en(const struct an_result *r)
{
	return r->set.lang == AN_LANG_EN;
}

static char decimal_sign(const struct an_result *r)
{
	return is_en(r) ? '.' : ',';
}

/*
 * v rounded half away from zero (as Excel and SPSS print, not half to even)
 * to dec decimals. The 1e-9 absorbs binary representation error: a ratio of
 * counts below 10^6 is never that close to a half without being one.
 */
static void put_fixed(struct buf *b, double v, int dec, char sep)
{
	char digits[48];
	unsigned long long q;
	size_t len;

	if (!isfinite(v))
		return;
	q = (unsigned long long)floor(fabs(v) * pow(10, dec) + 0.5 + 1e-9);
	snprintf(digits, sizeof(digits), "%0*llu", dec + 1, q);
	len = strlen(digits);
	if (v < 0 && q != 0)
		buf_addc(b, '-');
	buf_add(b, digits, len - (size_t)dec);
	if (dec > 0) {
		buf_addc(b, sep);
		buf_adds(b, digits + len - dec);
	}
}

static void put_pct(struct buf *b, double x, double n, int dec, char sep)
{
	put_fixed(b, 100.0 * x / n, dec, sep);
	buf_adds(b, " %");
}

char *render_value(const struct an_result *r, const struct an_table *t, const struct an_cell *c,
	int decimals)
{
	struct buf b;
	char sep = decimal_sign(r);

	buf_init(&b);
	buf_adds(&b, "");
	if (c->n == 0)
		return buf_detach(&b);
	if (t->measure == AN_MEAN) {
		put_fixed(&b, c->value, decimals + 1, sep);
		if (t->skewed) {
			buf_adds(&b, " / ");
			put_fixed(&b, c->median, decimals + 1, sep);
		}
	} else {
		put_pct(&b, (double)c->x, (double)c->n, decimals, sep);
		if (!isnan(c->share)) {
			buf_adds(&b, " / ");
			put_fixed(&b, 100 * c->share, decimals, sep);
			buf_adds(&b, " %");
		}
	}
	return buf_detach(&b);
}

/* Whether the tables test anything at all: two waves, or letters between groups. */
static int any_tests(const struct an_result *r)
{
	return r->nwaves == 2 || (r->set.letters != AN_LETTERS_NONE && r->ngroups >= 2);
}

char *render_marks(const struct an_result *r, const struct an_cell *c)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	if (c->n > 0 && c->reason != AN_TESTABLE && any_tests(r)) {
		buf_adds(&b, DASH);
		return buf_detach(&b);
	}
	if (c->year_mark == '*')
		buf_addc(&b, '*');
	else if (c->year_mark)
		buf_printf(&b, "(%c)", c->year_mark);
	if (c->letters[0])
		buf_printf(&b, "%s[%s]", b.len ? " " : "", c->letters);
	return buf_detach(&b);
}

char *render_base(const struct an_cell *c)
{
	return xasprintf("n=%ld", c->n);
}

static const char *table_text(const struct an_result *r, const struct an_table *t)
{
	size_t w;

	for (w = r->nwaves; w-- > 0;)
		if (t->text[w])
			return t->text[w];
	return t->item_label;
}

char *render_heading(const struct an_result *r, const struct an_table *t)
{
	const char *text = table_text(r, t);
	struct buf b;

	buf_init(&b);
	buf_printf(&b, "%s: %s (%s", t->item, text ? text : t->item, t->label);
	if (t->skewed)
		buf_adds(&b, is_en(r) ? " / median" : " / mediaan");
	if (t->unit)
		buf_printf(&b, ", %s", t->unit);
	buf_addc(&b, ')');
	return buf_detach(&b);
}

/* ---- the legend ---- */

struct lines {
	char **v;
	size_t n;
};

static void line_add(struct lines *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 1) * sizeof(char *));
	l->v[l->n++] = s;
}

void render_lines_free(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void legend_base(const struct an_result *r, const struct an_table *t, struct buf *b)
{
	int en = is_en(r);

	if (t->measure == AN_MEAN)
		buf_adds(b, en ? "n = number of valid values" : "n = aantal geldige waarden");
	else if (strcmp(t->type, "multiple") == 0)
		buf_adds(b, en ? "n = respondents with a valid answer; the first percentage is the "
				 "share of them choosing this option, the second its share of all "
				 "answers given"
			       : "n = respondenten met een geldig antwoord; het eerste percentage is "
				 "het deel van hen dat deze optie koos, het tweede het deel van alle "
				 "gegeven antwoorden");
	else
		buf_adds(b, en ? "n = number of valid answers" : "n = aantal geldige antwoorden");
	buf_adds(b, en ? "; not in n: " : "; niet in n: ");
	if (t->missing_labels)
		buf_printf(b, en ? "missing codes (%s), " : "ontbrekende codes (%s), ",
			   t->missing_labels);
	buf_adds(b, en ? "empty answers and respondents the question was not asked (routing)"
		       : "lege antwoorden en wie de vraag niet kreeg (routing)");
}

static void legend_letters(const struct an_result *r, struct buf *b)
{
	int en = is_en(r);
	size_t g;

	if (r->set.letters == AN_LETTERS_REFERENCE) {
		for (g = 1; g < r->ngroups; g++)
			buf_printf(b, "%s[%c]", g > 1 ? ", " : "", (char)('a' + g));
		buf_printf(b, en ? ": significantly different from the first group (a, %s) in the "
				   "same wave; other pairs not tested"
				 : ": significant verschil met de eerste groep (a, %s) in hetzelfde "
				   "jaar; andere paren niet getoetst", r->groups[0].label);
	} else {
		buf_adds(b, en ? "[x]: significantly higher than the group with letter x in the same "
				 "wave (every pair tested)"
			       : "[x]: significant hoger dan de groep met letter x in hetzelfde jaar "
				 "(alle paren getoetst)");
	}
	buf_adds(b, "; ");
	for (g = 0; g < r->ngroups; g++)
		buf_printf(b, "%s%c = %s", g ? ", " : "", (char)('a' + g), r->groups[g].label);
}

static void put_alpha(const struct an_result *r, struct buf *b)
{
	char num[32], *p;

	snprintf(num, sizeof(num), "%g", r->set.alpha);
	if (!is_en(r) && (p = strchr(num, '.')) != NULL)
		*p = ',';
	buf_printf(b, "\xce\xb1 = %s", num);
}

static void legend_test(const struct an_result *r, const struct an_table *t, int waves,
	int groups, struct buf *b)
{
	int en = is_en(r);

	buf_adds(b, en ? "test: " : "toets: ");
	if (t->measure != AN_MEAN) {
		buf_adds(b, en ? "two-proportion z-test with pooled variance (= chi-square without "
				 "continuity correction); Fisher's exact test when an expected count "
				 "is below "
			       : "z-toets voor twee proporties met gepoolde variantie (= chi-kwadraat "
				 "zonder continuïteitscorrectie); Fisher's exacte toets als een "
				 "verwachte celfrequentie kleiner is dan ");
		buf_printf(b, "%g", r->set.fisher_below);
		if (t->nfisher)
			buf_printf(b, en ? " (here %zu comparison%s)" : " (hier bij %zu vergelijking%s)",
				   t->nfisher, t->nfisher == 1 ? "" : (en ? "s" : "en"));
	} else if (t->skewed) {
		buf_adds(b, en ? "Mann-Whitney U test (normal approximation with tie correction and "
				 "continuity correction)"
			       : "Mann-Whitney U-toets (normale benadering met correctie voor gelijke "
				 "waarden en continuïteitscorrectie)");
	} else if (r->set.pooled) {
		buf_adds(b, en ? "Student's t-test with pooled variance"
			       : "t-toets van Student met gepoolde variantie");
	} else {
		buf_adds(b, en ? "Welch's t-test (unequal variances)"
			       : "t-toets van Welch (ongelijke varianties)");
	}
	buf_adds(b, "; ");
	buf_adds(b, r->set.one_sided
		? (en ? "one-sided, in the direction of the observed difference"
		      : "eenzijdig, in de richting van het waargenomen verschil")
		: (en ? "two-sided" : "tweezijdig"));
	buf_adds(b, "; ");
	put_alpha(r, b);
	buf_adds(b, "; ");
	if (!groups || r->set.adjust == STATS_ADJUST_NONE) {
		buf_adds(b, en ? "no correction for multiple testing" : "geen correctie voor "
			       "meervoudig toetsen");
		return;
	}
	buf_printf(b, en ? "%s correction over the comparisons between groups within each wave"
			 : "%s-correctie over de vergelijkingen tussen groepen binnen elk jaar",
		   r->set.adjust == STATS_ADJUST_HOLM ? "Holm" : "Bonferroni");
	if (waves)
		buf_adds(b, en ? " (not over the comparisons between waves)"
			       : " (niet over de vergelijkingen tussen jaren)");
}

char **render_legend(const struct an_result *r, const struct an_table *t, size_t *n)
{
	struct lines l = { NULL, 0 };
	struct buf b;
	int en = is_en(r), waves = r->nwaves == 2;
	int groups = r->set.letters != AN_LETTERS_NONE && r->ngroups >= 2;
	size_t i, w;
	int dash = 0;

	buf_init(&b);
	legend_base(r, t, &b);
	line_add(&l, buf_detach(&b));
	if (waves && r->set.year_mark == AN_YEAR_STAR)
		line_add(&l, xasprintf(en ? "*: significantly different from %s in the same row"
					  : "*: significant verschil met %s in dezelfde rij",
				       r->waves[0]));
	else if (waves)
		line_add(&l, xasprintf(en ? "(a), (b): (b) = significantly different from (a) between %s "
					    "and %s in the same row; (a) and (a): no significant "
					    "difference"
					  : "(a), (b): (b) = significant verschil met (a) tussen %s en %s "
					    "in dezelfde rij; (a) en (a): geen significant verschil",
				       r->waves[0], r->waves[1]));
	if (groups) {
		buf_init(&b);
		legend_letters(r, &b);
		line_add(&l, buf_detach(&b));
	}
	if (waves || groups) {
		buf_init(&b);
		legend_test(r, t, waves, groups, &b);
		line_add(&l, buf_detach(&b));
	} else {
		line_add(&l, xstrdup(en ? "not tested: one wave and --letters none"
				       : "niet getoetst: één meting en --letters none"));
	}
	for (i = 0; i < r->nrows * r->nwaves; i++)
		dash |= t->cells[i].n > 0 && t->cells[i].reason != AN_TESTABLE;
	if (dash && any_tests(r)) {
		buf_init(&b);
		buf_printf(&b, en ? DASH ": not tested: n below %ld" : DASH ": niet getoetst: n kleiner "
			   "dan %ld", r->set.min_base);
		if (t->measure == AN_MEAN)
			buf_adds(&b, en ? ", or no variation (all values equal)"
					: ", of geen spreiding (alle waarden gelijk)");
		else
			buf_adds(&b, en ? ", or 0 % or 100 %" : ", of 0 % of 100 %");
		line_add(&l, buf_detach(&b));
	}
	if (waves && r->ngroups && !t->total_comparable)
		line_add(&l, xasprintf(en ? "%s not tested between %s and %s: the totals hold different "
					    "groups"
					  : "%s niet getoetst tussen %s en %s: de totalen bevatten "
					    "verschillende groepen",
				       r->total_label, r->waves[0], r->waves[1]));
	for (w = 0; w < r->nwaves; w++) {
		if (r->ungrouped[w] == 0)
			continue;
		line_add(&l, xasprintf(en ? "%s: %ld respondent%s without a valid answer to '%s' "
					    "count in no group and not in the total"
					  : "%s: %ld respondent%s zonder geldig antwoord op '%s' tellen "
					    "niet mee in groepen en totaal",
				       r->waves[w], r->ungrouped[w],
				       r->ungrouped[w] == 1 ? "" : (en ? "s" : "en"), r->by));
	}
	/* The wording warning is the first; the two texts follow it. */
	for (i = 0; i < t->nwarnings; i++) {
		line_add(&l, xstrdup(t->warnings[i]));
		if (i == 0 && t->wording_differs)
			for (w = 0; w < r->nwaves; w++)
				line_add(&l, xasprintf("  %s: \"%s\"", r->waves[w], t->text[w]));
	}
	*n = l.n;
	return l.v;
}

/* ---- text ---- */

struct cellstr {
	char *value, *marks, *base;
};

static void pad(struct buf *b, size_t n)
{
	while (n--)
		buf_addc(b, ' ');
}

static void put_line(struct buf *b, FILE *out)
{
	while (b->len && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	fputs(b->s ? b->s : "", out);
	fputc('\n', out);
	buf_reset(b);
}

static void write_text_table(const struct an_result *r, const struct an_table *t, int decimals,
	FILE *out)
{
	size_t ncells = r->nrows * r->nwaves, i, row, w, nl, total, lw = 0;
	size_t wv[AN_MAX_WAVES] = { 0 }, wm[AN_MAX_WAVES] = { 0 }, wn[AN_MAX_WAVES] = { 0 };
	size_t cw[AN_MAX_WAVES];
	struct cellstr *cs = xcalloc(ncells, sizeof(*cs));
	char *head = render_heading(r, t), **legend;
	struct buf b;

	for (i = 0; i < ncells; i++) {
		w = i % r->nwaves;
		cs[i].value = render_value(r, t, &t->cells[i], decimals);
		cs[i].marks = render_marks(r, &t->cells[i]);
		cs[i].base = render_base(&t->cells[i]);
		wv[w] = utf8_width(cs[i].value) > wv[w] ? utf8_width(cs[i].value) : wv[w];
		wm[w] = utf8_width(cs[i].marks) > wm[w] ? utf8_width(cs[i].marks) : wm[w];
		wn[w] = strlen(cs[i].base) > wn[w] ? strlen(cs[i].base) : wn[w];
	}
	for (row = 0; row < r->nrows; row++)
		lw = utf8_width(an_row_label(r, row)) > lw ? utf8_width(an_row_label(r, row)) : lw;
	total = lw;
	for (w = 0; w < r->nwaves; w++) {
		cw[w] = wv[w] + (wm[w] ? 1 + wm[w] : 0) + 2 + wn[w];
		cw[w] = utf8_width(r->waves[w]) > cw[w] ? utf8_width(r->waves[w]) : cw[w];
		total += 3 + cw[w];
	}
	buf_init(&b);
	fprintf(out, "%s\n\n", head);
	pad(&b, lw);
	for (w = 0; w < r->nwaves; w++) {
		pad(&b, 3);
		buf_adds(&b, r->waves[w]);
		pad(&b, cw[w] - utf8_width(r->waves[w]));
	}
	put_line(&b, out);
	for (i = 0; i < total; i++)
		buf_addc(&b, '-');
	put_line(&b, out);
	for (row = 0; row < r->nrows; row++) {
		const char *label = an_row_label(r, row);

		buf_adds(&b, label);
		pad(&b, lw - utf8_width(label));
		for (w = 0; w < r->nwaves; w++) {
			const struct cellstr *c = &cs[row * r->nwaves + w];
			size_t used;

			pad(&b, 3);
			pad(&b, wv[w] - utf8_width(c->value));
			buf_adds(&b, c->value);
			if (wm[w]) {
				buf_addc(&b, ' ');
				buf_adds(&b, c->marks);
				pad(&b, wm[w] - utf8_width(c->marks));
			}
			pad(&b, 2 + wn[w] - strlen(c->base));
			buf_adds(&b, c->base);
			used = wv[w] + (wm[w] ? 1 + wm[w] : 0) + 2 + wn[w];
			pad(&b, cw[w] - used);
		}
		put_line(&b, out);
	}
	legend = render_legend(r, t, &nl);
	fputc('\n', out);
	for (i = 0; i < nl; i++)
		fprintf(out, "%s\n", legend[i]);
	render_lines_free(legend, nl);
	buf_release(&b);
	for (i = 0; i < ncells; i++) {
		free(cs[i].value);
		free(cs[i].marks);
		free(cs[i].base);
	}
	free(cs);
	free(head);
}

/* ---- Markdown ---- */

static void write_md_table(const struct an_result *r, const struct an_table *t, int decimals,
	FILE *out)
{
	const char **head = xcalloc(r->nwaves + 1, sizeof(char *));
	const char **cells = xcalloc(r->nwaves + 1, sizeof(char *));
	int *right = xcalloc(r->nwaves + 1, sizeof(int));
	char *title = render_heading(r, t), **legend;
	struct table tb;
	size_t row, w, i, nl;

	head[0] = "";
	for (w = 0; w < r->nwaves; w++) {
		head[w + 1] = r->waves[w];
		right[w + 1] = 1;
	}
	table_init(&tb, title, r->nwaves + 1, head, right);
	for (row = 0; row < r->nrows; row++) {
		cells[0] = an_row_label(r, row);
		for (w = 0; w < r->nwaves; w++) {
			const struct an_cell *c = an_cell_at(r, t, row, w);
			char *v = render_value(r, t, c, decimals), *m = render_marks(r, c);

			cells[w + 1] = xasprintf("%s%s%s%sn=%ld", v, *m ? " " : "", m, *v || *m ? " " : "",
						 c->n);
			free(v);
			free(m);
		}
		table_add_row(&tb, cells);
		for (w = 0; w < r->nwaves; w++)
			free((char *)cells[w + 1]);
	}
	legend = render_legend(r, t, &nl);
	for (i = 0; i < nl; i++)
		table_note(&tb, "%s", legend[i]);
	render_lines_free(legend, nl);
	table_write(&tb, OUT_MD, out);
	table_release(&tb);
	free(title);
	free(head);
	free(cells);
	free(right);
}

/* ---- CSV ---- */

static const char *csv_num(double v, char *buf)
{
	if (isnan(v))
		return "";
	return num_format(v, buf);
}

static void write_csv(const struct an_result *r, FILE *out)
{
	static const char *const head[] = { "item", "measure", "label", "group", "wave", "n",
		"missing", "not_asked", "x", "value", "share_of_answers", "mean", "sd", "ci_low",
		"ci_high", "median", "q1", "q3", "testable", "untestable_reason", "year_mark",
		"letters" };
	enum { NCOL = sizeof(head) / sizeof(head[0]) };
	char num[13][32], ym[2] = { 0, 0 }, measure[32];
	const char *cells[NCOL];
	struct table tb;
	size_t i, row, w;

	table_init(&tb, NULL, NCOL, head, NULL);
	for (i = 0; i < r->ntables; i++) {
		const struct an_table *t = &r->tables[i];

		for (row = 0; row < r->nrows; row++) {
			for (w = 0; w < r->nwaves; w++) {
				const struct an_cell *c = an_cell_at(r, t, row, w);
				int mean = t->measure == AN_MEAN;

				snprintf(num[0], 32, "%ld", c->n);
				snprintf(num[1], 32, "%ld", c->missing);
				snprintf(num[2], 32, "%ld", c->not_asked);
				snprintf(num[3], 32, "%ld", c->x);
				ym[0] = c->year_mark;
				cells[0] = t->item;
				cells[1] = an_measure_name(t, measure);
				cells[2] = t->label;
				cells[3] = an_row_label(r, row);
				cells[4] = r->waves[w];
				cells[5] = num[0];
				cells[6] = num[1];
				cells[7] = num[2];
				cells[8] = mean ? "" : num[3];
				cells[9] = csv_num(c->value, num[4]);
				cells[10] = csv_num(c->share, num[5]);
				cells[11] = mean ? csv_num(c->value, num[6]) : "";
				cells[12] = csv_num(c->sd, num[7]);
				cells[13] = csv_num(c->ci_low, num[8]);
				cells[14] = csv_num(c->ci_high, num[9]);
				cells[15] = csv_num(c->median, num[10]);
				cells[16] = csv_num(c->q1, num[11]);
				cells[17] = csv_num(c->q3, num[12]);
				cells[18] = c->reason == AN_TESTABLE ? "true" : "false";
				cells[19] = c->reason == AN_TESTABLE ? "" : an_reason_name(c->reason);
				cells[20] = ym;
				cells[21] = c->letters;
				table_add_row(&tb, cells);
			}
		}
	}
	table_write(&tb, OUT_CSV, out);
	table_release(&tb);
}

/* ---- JSON ---- */

static void json_num(cJSON *o, const char *k, double v)
{
	if (isnan(v))
		cJSON_AddNullToObject(o, k);
	else
		cJSON_AddNumberToObject(o, k, v);
}

static void json_str(cJSON *o, const char *k, const char *s)
{
	if (s)
		cJSON_AddStringToObject(o, k, s);
	else
		cJSON_AddNullToObject(o, k);
}

static cJSON *json_cell(const struct an_result *r, const struct an_table *t, size_t row, size_t w)
{
	const struct an_cell *c = an_cell_at(r, t, row, w);
	cJSON *o = cJSON_CreateObject();
	char ym[2] = { c->year_mark, 0 };
	int mean = t->measure == AN_MEAN;

	cJSON_AddStringToObject(o, "group", an_row_label(r, row));
	cJSON_AddStringToObject(o, "wave", r->waves[w]);
	cJSON_AddNumberToObject(o, "n", (double)c->n);
	cJSON_AddNumberToObject(o, "missing", (double)c->missing);
	cJSON_AddNumberToObject(o, "not_asked", (double)c->not_asked);
	if (mean)
		cJSON_AddNullToObject(o, "x");
	else
		cJSON_AddNumberToObject(o, "x", (double)c->x);
	json_num(o, "value", c->value);
	json_num(o, "share_of_answers", c->share);
	json_num(o, "mean", mean ? c->value : NAN);
	json_num(o, "sd", c->sd);
	json_num(o, "ci_low", c->ci_low);
	json_num(o, "ci_high", c->ci_high);
	json_num(o, "median", c->median);
	json_num(o, "q1", c->q1);
	json_num(o, "q3", c->q3);
	cJSON_AddBoolToObject(o, "testable", c->reason == AN_TESTABLE);
	json_str(o, "untestable_reason", an_reason_name(c->reason));
	cJSON_AddStringToObject(o, "year_mark", ym);
	cJSON_AddStringToObject(o, "letters", c->letters);
	return o;
}

static cJSON *json_side(const struct an_result *r, size_t row, size_t w)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "group", an_row_label(r, row));
	cJSON_AddStringToObject(o, "wave", r->waves[w]);
	return o;
}

static cJSON *json_cmp(const struct an_result *r, const struct an_comparison *c)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "kind", c->kind == AN_CMP_WAVES ? "waves" : "groups");
	cJSON_AddItemToObject(o, "a", json_side(r, c->row_a, c->wave_a));
	cJSON_AddItemToObject(o, "b", json_side(r, c->row_b, c->wave_b));
	cJSON_AddStringToObject(o, "test", an_test_name(c->test));
	json_num(o, "statistic", c->statistic);
	json_num(o, "df", c->df);
	cJSON_AddNumberToObject(o, "p", c->p);
	cJSON_AddNumberToObject(o, "p_adjusted", c->p_adjusted);
	cJSON_AddBoolToObject(o, "significant", c->significant);
	return o;
}

static cJSON *json_table(const struct an_result *r, const struct an_table *t)
{
	cJSON *o = cJSON_CreateObject(), *text, *arr;
	char measure[32];
	size_t i, row, w;

	cJSON_AddStringToObject(o, "item", t->item);
	cJSON_AddStringToObject(o, "type", t->type);
	cJSON_AddStringToObject(o, "measure", an_measure_name(t, measure));
	cJSON_AddStringToObject(o, "label", t->label);
	if (t->measure == AN_OPTION)
		cJSON_AddNumberToObject(o, "option", (double)t->option);
	else
		cJSON_AddNullToObject(o, "option");
	text = cJSON_AddObjectToObject(o, "text");
	for (w = 0; w < r->nwaves; w++)
		json_str(text, r->waves[w], t->text[w]);
	cJSON_AddBoolToObject(o, "wording_differs", t->wording_differs);
	arr = cJSON_AddArrayToObject(o, "warnings");
	for (i = 0; i < t->nwarnings; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(t->warnings[i]));
	arr = cJSON_AddArrayToObject(o, "cells");
	for (row = 0; row < r->nrows; row++)
		for (w = 0; w < r->nwaves; w++)
			cJSON_AddItemToArray(arr, json_cell(r, t, row, w));
	arr = cJSON_AddArrayToObject(o, "comparisons");
	for (i = 0; i < t->ncmp; i++)
		cJSON_AddItemToArray(arr, json_cmp(r, &t->cmp[i]));
	return o;
}

cJSON *render_json(const struct an_result *r)
{
	cJSON *root = cJSON_CreateObject(), *arr, *o;
	size_t i;

	cJSON_AddStringToObject(root, "format", "tevreden-analyze-1");
	arr = cJSON_AddArrayToObject(root, "waves");
	for (i = 0; i < r->nwaves; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->waves[i]));
	json_str(root, "by", r->by);
	arr = cJSON_AddArrayToObject(root, "groups");
	for (i = 0; i < r->ngroups; i++) {
		o = cJSON_CreateObject();
		cJSON_AddNumberToObject(o, "code", (double)r->groups[i].code);
		cJSON_AddStringToObject(o, "label", r->groups[i].label);
		cJSON_AddItemToArray(arr, o);
	}
	o = cJSON_AddObjectToObject(root, "total");
	cJSON_AddStringToObject(o, "label", r->total_label);
	arr = cJSON_AddArrayToObject(o, "excludes");
	for (i = 0; i < r->nexcludes; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(r->excludes[i]));
	o = cJSON_AddObjectToObject(root, "settings");
	cJSON_AddNumberToObject(o, "alpha", r->set.alpha);
	cJSON_AddStringToObject(o, "sided", r->set.one_sided ? "one" : "two");
	cJSON_AddStringToObject(o, "letters", an_letters_name(r->set.letters));
	cJSON_AddStringToObject(o, "adjust", an_adjust_name(r->set.adjust));
	cJSON_AddStringToObject(o, "year_mark", an_year_mark_name(r->set.year_mark));
	cJSON_AddNumberToObject(o, "min_base", (double)r->set.min_base);
	cJSON_AddStringToObject(o, "mean_test", r->set.pooled ? "pooled" : "welch");
	cJSON_AddNumberToObject(o, "fisher_below", r->set.fisher_below);
	o = cJSON_AddObjectToObject(root, "ungrouped");
	for (i = 0; i < r->nwaves; i++)
		cJSON_AddNumberToObject(o, r->waves[i], (double)r->ungrouped[i]);
	arr = cJSON_AddArrayToObject(root, "tables");
	for (i = 0; i < r->ntables; i++)
		cJSON_AddItemToArray(arr, json_table(r, &r->tables[i]));
	return root;
}

/* ---- all formats ---- */

int render_result(const struct an_result *r, enum out_format f, int decimals, FILE *out)
{
	size_t i;

	if (f == OUT_JSON) {
		cJSON *root = render_json(r);
		char *s = cJSON_Print(root);

		cJSON_Delete(root);
		if (!s)
			return tv_error("out of memory printing JSON");
		fputs(s, out);
		fputc('\n', out);
		cJSON_free(s);
	} else if (f == OUT_CSV) {
		write_csv(r, out);
	} else {
		for (i = 0; i < r->ntables; i++) {
			if (i)
				fputc('\n', out);
			if (f == OUT_MD)
				write_md_table(r, &r->tables[i], decimals, out);
			else
				write_text_table(r, &r->tables[i], decimals, out);
		}
	}
	return file_check(out, "output");
}
