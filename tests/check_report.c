/* check_report.c: unit tests of report templates (directives and their errors), generated sentences, quote screening and SVG charts. */
#include "analyze/report.h"
#include "analyze/svg.h"
#include "core/util.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- parsing ---- */

/* Parse text; returns the error output (new string) and sets *t (NULL on errors). */
static char *parse(const char *text, struct report_template **t)
{
	FILE *errs = tmpfile();
	char *out;
	long n;
	int rc;

	ck_assert_ptr_nonnull(errs);
	rc = report_template_parse("t.md", text, strlen(text), errs, t);
	fflush(errs);
	n = ftell(errs);
	rewind(errs);
	out = xcalloc((size_t)n + 1, 1);
	ck_assert_int_eq(fread(out, 1, (size_t)n, errs), n);
	fclose(errs);
	ck_assert_int_eq(rc, *out ? -1 : 0);
	return out;
}

START_TEST(test_parse_ok)
{
	const char *text = "# Titel\r\n\nTekst met {x}.\n  {{ table tevreden say=\"{value} is \\\"blij\\\"\" "
			   "waves=2015,2016 }}  \n```\n{{ niet dit }}\n```\n{{method}}\n";
	struct report_template *t = NULL;
	char *errs = parse(text, &t);
	const struct report_directive *d;

	ck_assert_str_eq(errs, "");
	ck_assert_int_eq(t->nblocks, 8);
	ck_assert_int_eq(t->ndirectives, 2);
	ck_assert_str_eq(t->blocks[0].text, "# Titel");
	ck_assert(t->blocks[3].is_directive);
	d = &t->blocks[3].d;
	ck_assert_str_eq(d->name, "table");
	ck_assert_int_eq(d->line, 4);
	ck_assert_int_eq(d->col, 6);
	ck_assert_int_eq(d->nargs, 3);
	ck_assert_ptr_null(d->args[0].key);
	ck_assert_str_eq(d->args[0].value, "tevreden");
	ck_assert_int_eq(d->args[0].col, 12);
	ck_assert_str_eq(d->args[1].key, "say");
	ck_assert_str_eq(d->args[1].value, "{value} is \"blij\"");
	ck_assert_int_eq(d->args[1].vcol, 25);
	ck_assert_str_eq(d->args[2].value, "2015,2016");
	ck_assert(!t->blocks[5].is_directive);
	ck_assert_str_eq(t->blocks[5].text, "{{ niet dit }}");
	ck_assert_str_eq(t->blocks[7].d.name, "method");
	report_template_free(t);
	free(errs);
}
END_TEST

static const struct {
	const char *line, *error;
} bad[] = {
	{ "{{ tabel x }}", "t.md:1:4: unknown directive 'tabel' (known: table, chart, response, themes, "
		"quotes, agreement, method)\n" },
	{ "Zie {{ chart x }}", "t.md:1:5: a directive must stand alone on its line\n" },
	{ "{{ chart x }} en meer", "t.md:1:15: text after the directive\n" },
	{ "{{ chart x", "t.md:1:1: directive not closed: '}}' missing (a directive is one line)\n" },
	{ "{{ }}", "t.md:1:4: directive name missing after '{{'\n" },
	{ "{{ table }}", "t.md:1:4: 'table' needs an item or module:NAME\n" },
	{ "{{ quotes }}", "t.md:1:4: 'quotes' needs a code\n" },
	{ "{{ response 2016 }}", "t.md:1:13: 'response' takes no argument '2016' (options are KEY=VALUE)\n" },
	{ "{{ table a b }}", "t.md:1:12: 'table' takes no argument 'b' (options are KEY=VALUE)\n" },
	{ "{{ method x=1 }}", "t.md:1:11: unknown option 'x' for 'method' (it takes none)\n" },
	{ "{{ table a letters=all }}", "t.md:1:20: 'letters' expects none|reference|pairwise, not 'all'\n" },
	{ "{{ table a waves=2016 }}", "t.md:1:18: 'waves' expects two different waves W1,W2, not '2016'\n" },
	{ "{{ table a waves=2016,2016 }}",
	  "t.md:1:18: 'waves' expects two different waves W1,W2, not '2016,2016'\n" },
	{ "{{ table a wave=2016 waves=2015,2016 }}", "t.md:1:12: give 'wave' or 'waves', not both\n" },
	{ "{{ table a by=x by=y }}", "t.md:1:17: option 'by' given twice\n" },
	{ "{{ table a by= }}", "t.md:1:15: option 'by' needs a value\n" },
	{ "{{ table a say=\"open }}", "t.md:1:16: quote not closed\n" },
	{ "{{ table a say=\"geen waarde\" }}", "t.md:1:16: 'say' needs {value} where the number goes\n" },
	{ "{{ table a measure=median }}", "t.md:1:20: 'measure' expects top, mean or option:CODE, not 'median'\n" },
	{ "{{ quotes a limit=0 }}", "t.md:1:19: 'limit' expects a whole number from 1 to 1000, not '0'\n" },
	{ "{{ quotes a skip=12,x }}", "t.md:1:18: 'skip' expects segment numbers separated by commas, not '12,x'\n" },
	{ "{{ quotes a polarity=+- }}", "t.md:1:22: 'polarity' expects +|-|~, not '+-'\n" },
	{ "{{ themes by=segment }}", "t.md:1:14: 'by' of themes expects group, wave or method, not 'segment'\n" },
	{ "{{ themes unit=zinnen }}",
	  "t.md:1:16: 'unit' expects speakers|documents|respondents|segments, not 'zinnen'\n" },
	{ "{{ table a say=\"x\"y }}", "t.md:1:19: expected a space after the value\n" },
	{ "ë {{ chart x }}", "t.md:1:3: a directive must stand alone on its line\n" },
};

START_TEST(test_parse_errors)
{
	struct report_template *t = (struct report_template *)1;
	char *errs = parse(bad[_i].line, &t);

	ck_assert_msg(strcmp(errs, bad[_i].error) == 0, "'%s': got '%s', want '%s'", bad[_i].line, errs,
		      bad[_i].error);
	ck_assert_ptr_null(t);
	free(errs);
}
END_TEST

START_TEST(test_parse_all_errors_listed)
{
	struct report_template *t = NULL;
	char *errs = parse("# x\n{{ a }}\ntekst\n{{ table }}\n{{ chart y kleur=rood }}\n", &t);

	ck_assert_str_eq(errs, "t.md:2:4: unknown directive 'a' (known: table, chart, response, themes, "
			       "quotes, agreement, method)\n"
			       "t.md:4:4: 'table' needs an item or module:NAME\n"
			       "t.md:5:12: unknown option 'kleur' for 'chart' (known: waves, wave, by, letters, "
			       "adjust, year-mark, total-exclude, measure, total, title)\n");
	free(errs);
}
END_TEST

START_TEST(test_parse_nul)
{
	struct report_template *t = NULL;
	FILE *errs = tmpfile();

	ck_assert_int_eq(report_template_parse("t.md", "a\0b", 3, errs, &t), -1);
	ck_assert_ptr_null(t);
	fclose(errs);
}
END_TEST

/* ---- quotes that may identify ---- */

static const struct {
	const char *text;
	char mode;
	int identifying;
} quotes[] = {
	{ "[naam-2] zit op basisschool De Regenboog.", 'a', 1 },
	{ "De juf van [naam-2] belde elke week.", 'a', 0 },
	{ "Ze belde [naam-3] op 12 maart.", 'a', 1 },
	{ "Bel [telefoon] als er iets is.", 'a', 0 },
	{ "Mijn zoon [naam-1] woont bij Jeugdzorg Rijnmond.", 'a', 1 },
	{ "Het ging goed. [naam-4] was blij.", 'a', 0 },
	{ "[lacht] Dat was in Rotterdam.", 'a', 0 },
	{ "Dat was in [naam instelling] in Rotterdam.", 'a', 1 },
	{ "Mail naar jan@example.nl maar.", 'a', 1 },
	{ "Mijn nummer is 0612345678.", 'k', 0 },
	{ "Mijn nummer is 06 1234 5678.", 'a', 1 },
	{ "De juf van [naam-2] belde elke week.", 'd', 1 },
	{ "Geen plaatshouder hier.", 'd', 0 },
	{ "[naam-2] zit op basisschool De Regenboog.", 'k', 0 },
};

START_TEST(test_quote_identifying)
{
	ck_assert_msg(report_quote_identifying(quotes[_i].text, quotes[_i].mode) == quotes[_i].identifying,
		      "'%s' (%c)", quotes[_i].text, quotes[_i].mode);
}
END_TEST

/* ---- generated sentences on a hand-made result ---- */

struct fixture {
	struct an_result r;
	struct an_table t;
	struct an_cell cells[6];
	struct an_comparison cmp[3];
	struct an_group groups[2];
};

static void prop(struct an_cell *c, long x, long n)
{
	memset(c, 0, sizeof(*c));
	c->n = n;
	c->x = x;
	c->value = n ? (double)x / (double)n : NAN;
	c->share = c->sd = c->ci_low = c->ci_high = c->median = c->q1 = c->q3 = NAN;
	c->reason = n >= 30 ? AN_TESTABLE : AN_UNTESTABLE_BASE;
}

/* Two groups (basishulp, JB/JR) and the total, waves 2015 and 2016. */
static void fixture_init(struct fixture *f)
{
	static char *waves[] = { (char *)"2015", (char *)"2016" };

	memset(f, 0, sizeof(*f));
	f->r.set.alpha = 0.05;
	f->r.set.letters = AN_LETTERS_NONE;
	f->r.set.lang = AN_LANG_NL;
	f->r.nwaves = 2;
	f->r.waves[0] = waves[0];
	f->r.waves[1] = waves[1];
	f->groups[0].label = (char *)"basishulp";
	f->groups[1].label = (char *)"JB/JR";
	f->r.groups = f->groups;
	f->r.ngroups = 2;
	f->r.nrows = 3;
	f->r.total_label = (char *)"totaal";
	f->t.item = (char *)"tevreden";
	f->t.item_label = (char *)"tevreden over de jeugdhulp";
	f->t.type = (char *)"single";
	f->t.measure = AN_TOP;
	f->t.label = (char *)"% ja";
	f->t.total_comparable = 1;
	f->t.cells = f->cells;
	f->t.cmp = f->cmp;
	prop(&f->cells[0], 91, 100);	/* basishulp 2015 */
	prop(&f->cells[1], 83, 100);	/* basishulp 2016 */
	prop(&f->cells[2], 0, 0);	/* JB/JR 2015: not asked */
	prop(&f->cells[3], 0, 0);
	prop(&f->cells[4], 91, 100);	/* totaal */
	prop(&f->cells[5], 83, 100);
	f->cmp[0] = (struct an_comparison){ AN_CMP_WAVES, 0, 0, 0, 1, AN_TEST_Z, 2.1, NAN, 0.03, 0.03, 1, 1 };
	f->cmp[1] = (struct an_comparison){ AN_CMP_WAVES, 2, 0, 2, 1, AN_TEST_Z, 2.1, NAN, 0.03, 0.03, 1, 1 };
	f->t.ncmp = 2;
	f->r.tables = &f->t;
	f->r.ntables = 1;
}

static void sentence_is(const struct fixture *f, const char *say, long suppress, const char *want)
{
	char *got = report_sentence(&f->r, &f->t, say, suppress);

	ck_assert_msg(strcmp(got, want) == 0, "got '%s'\nwant '%s'", got, want);
	free(got);
}

START_TEST(test_sentence_significant)
{
	struct fixture f;

	fixture_init(&f);
	sentence_is(&f, "{value} is tevreden over de jeugdhulp", 10,
		    "83 % is tevreden over de jeugdhulp (totaal 2016); dat is significant lager dan in 2015 "
		    "(91 %). Per groep, 2016 tegen 2015: basishulp significant lager (83 % tegen 91 %).");
	sentence_is(&f, NULL, 10,
		    "Tevreden over de jeugdhulp: 83 % ja (totaal 2016); dat is significant lager dan in 2015 "
		    "(91 %). Per groep, 2016 tegen 2015: basishulp significant lager (83 % tegen 91 %).");
}
END_TEST

START_TEST(test_sentence_not_significant)
{
	struct fixture f;

	fixture_init(&f);
	f.cmp[0].significant = f.cmp[1].significant = 0;
	f.cmp[0].p = f.cmp[0].p_adjusted = f.cmp[1].p = f.cmp[1].p_adjusted = 0.2;
	prop(&f.cells[1], 95, 100);
	prop(&f.cells[5], 95, 100);
	sentence_is(&f, NULL, 10,
		    "Tevreden over de jeugdhulp: 95 % ja (totaal 2016); dat is niet significant verschillend "
		    "van 2015 (91 %). Per groep, 2016 tegen 2015: basishulp niet significant verschillend "
		    "(95 % tegen 91 %).");
}
END_TEST

START_TEST(test_sentence_mixed_totals_and_wording)
{
	struct fixture f;

	fixture_init(&f);
	prop(&f.cells[3], 40, 60);	/* JB/JR in 2016 only */
	prop(&f.cells[5], 123, 160);
	f.t.total_comparable = 0;
	f.t.ncmp = 1;
	f.t.wording_differs = 1;
	sentence_is(&f, NULL, 10,
		    "Tevreden over de jeugdhulp: 77 % ja (totaal 2016); de totalen van 2015 en 2016 bevatten "
		    "niet dezelfde groepen (2015 zonder JB/JR), dus is het verschil niet getoetst. Per groep, "
		    "2016 tegen 2015: basishulp significant lager (83 % tegen 91 %); JB/JR alleen in 2016 "
		    "(67 %). Let op: de vraagstelling verschilde tussen 2015 en 2016.");
}
END_TEST

START_TEST(test_sentence_suppressed_and_untested)
{
	struct fixture f;

	fixture_init(&f);
	prop(&f.cells[0], 6, 8);	/* basishulp 2015: 8 answers */
	f.t.ncmp = 0;
	sentence_is(&f, NULL, 10,
		    "Tevreden over de jeugdhulp: 83 % ja (totaal 2016); het verschil met 2015 (91 %) is niet "
		    "getoetst (geen toets mogelijk). Per groep, 2016 tegen 2015: basishulp te weinig "
		    "antwoorden om te vergelijken.");
	prop(&f.cells[5], 5, 9);
	sentence_is(&f, NULL, 10, "Het totaal van 2016 heeft te weinig antwoorden om te tonen (n=9). Per "
		    "groep, 2016 tegen 2015: basishulp te weinig antwoorden om te vergelijken.");
}
END_TEST

START_TEST(test_sentence_bases_differ)
{
	struct fixture f;

	fixture_init(&f);
	f.cells[4].not_asked = 100;	/* 2015: half the respondents were asked */
	sentence_is(&f, NULL, 10,
		    "Tevreden over de jeugdhulp: 83 % ja (totaal 2016); dat is significant lager dan in 2015 "
		    "(91 %). Per groep, 2016 tegen 2015: basishulp significant lager (83 % tegen 91 %). Let "
		    "op: de basis verschilt: in 2015 kreeg 50 % van de respondenten deze vraag, in 2016 100 % "
		    "(routing).");
}
END_TEST

START_TEST(test_sentence_one_wave_letters)
{
	struct fixture f;

	fixture_init(&f);
	f.r.nwaves = 1;
	f.r.waves[0] = (char *)"2016";
	f.r.set.letters = AN_LETTERS_REFERENCE;
	prop(&f.cells[0], 83, 100);	/* cells[row * 1 + 0] */
	prop(&f.cells[1], 40, 60);
	prop(&f.cells[2], 123, 160);
	f.cmp[0] = (struct an_comparison){ AN_CMP_GROUPS, 0, 0, 1, 0, AN_TEST_Z, 2.5, NAN, 0.01, 0.01, 1, 1 };
	f.t.ncmp = 1;
	sentence_is(&f, "{value} is tevreden", 10,
		    "77 % is tevreden (totaal 2016). In 2016: basishulp significant hoger dan JB/JR (83 % "
		    "tegen 67 %).");
	f.cmp[0].significant = 0;
	sentence_is(&f, "{value} is tevreden", 10,
		    "77 % is tevreden (totaal 2016). In 2016 verschillen de groepen niet significant van "
		    "basishulp.");
}
END_TEST

START_TEST(test_sentence_mean)
{
	struct fixture f;

	fixture_init(&f);
	f.t.measure = AN_MEAN;
	f.t.type = (char *)"mark";
	f.t.item_label = (char *)"rapportcijfer";
	f.t.label = (char *)"gemiddelde";
	f.cells[1].value = 7.25;
	f.cells[5].value = 7.25;
	f.cells[0].value = 7.94;
	f.cells[4].value = 7.94;
	f.cmp[0].significant = 0;
	sentence_is(&f, NULL, 10,
		    "Rapportcijfer: gemiddeld 7,3 (totaal 2016); dat is significant lager dan in 2015 (7,9). "
		    "Per groep, 2016 tegen 2015: basishulp niet significant verschillend (7,3 tegen 7,9).");
}
END_TEST

/* ---- charts ---- */

START_TEST(test_svg_chart)
{
	static const char *const groups[] = { "basishulp", "specialistische hulp" };
	static const char *const series[] = { "2015", "2016" };
	struct svg_bar bars[4] = {
		{ 88, "88 %", "", 216 }, { 77, "77 %", "*", 254 },
		{ NAN, "\xe2\x80\x93", "", 7 }, { 78, "78 %", "", 248 },
	};
	struct svg_chart ch = { 7, "Tevreden <a & b>", "basishulp: 2015 88 %", groups, 2, series, 2, bars,
		100, "% ja" };
	char *svg = svg_bar_chart(&ch);

	ck_assert_ptr_nonnull(strstr(svg, "role=\"img\" aria-labelledby=\"chart7-title chart7-desc\""));
	ck_assert_ptr_nonnull(strstr(svg, "<title id=\"chart7-title\">Tevreden &lt;a &amp; b&gt;</title>"));
	ck_assert_ptr_nonnull(strstr(svg, "<desc id=\"chart7-desc\">basishulp: 2015 88 %</desc>"));
	ck_assert_ptr_nonnull(strstr(svg, ">77 % *</text>"));
	ck_assert_ptr_nonnull(strstr(svg, ">n=7</text>"));
	ck_assert_ptr_nonnull(strstr(svg, ">n=216</text>"));
	ck_assert_ptr_nonnull(strstr(svg, ">specialistische hulp</text>"));
	ck_assert_ptr_null(strstr(svg, "\n\n"));
	ck_assert_ptr_null(strstr(svg, "http://www.w3.org/1999"));
	/* three bars drawn: the suppressed one is not */
	{
		int n = 0;
		const char *p = svg;

		while ((p = strstr(p, "<rect ")))
			n++, p++;
		ck_assert_int_eq(n, 3);
	}
	free(svg);
}
END_TEST

START_TEST(test_md_escape)
{
	char *s = report_md_escape("a|b *c* _d_ [e] <f> `g` \\h");

	ck_assert_str_eq(s, "a\\|b \\*c\\* \\_d\\_ \\[e\\] \\<f> \\`g\\` \\\\h");
	free(s);
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_ok);
	tcase_add_loop_test(tc, test_parse_errors, 0, sizeof(bad) / sizeof(bad[0]));
	tcase_add_test(tc, test_parse_all_errors_listed);
	tcase_add_test(tc, test_parse_nul);
	tcase_add_loop_test(tc, test_quote_identifying, 0, sizeof(quotes) / sizeof(quotes[0]));
	tcase_add_test(tc, test_sentence_significant);
	tcase_add_test(tc, test_sentence_not_significant);
	tcase_add_test(tc, test_sentence_mixed_totals_and_wording);
	tcase_add_test(tc, test_sentence_suppressed_and_untested);
	tcase_add_test(tc, test_sentence_bases_differ);
	tcase_add_test(tc, test_sentence_one_wave_letters);
	tcase_add_test(tc, test_sentence_mean);
	tcase_add_test(tc, test_svg_chart);
	tcase_add_test(tc, test_md_escape);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
