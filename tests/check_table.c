/* check_table.c: unit tests of core/table: aligned text with UTF-8, CSV quoting, Markdown escaping. */
#include "core/table.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Render t as f into a string (new, caller frees); asserts table_write succeeded. */
static char *render(const struct table *t, enum out_format f)
{
	char *s = NULL;
	size_t n = 0;
	FILE *out = open_memstream(&s, &n);

	ck_assert_ptr_nonnull(out);
	ck_assert_int_eq(table_write(t, f, out), 0);
	ck_assert_int_eq(fclose(out), 0);
	return s;
}

static void expect(const struct table *t, enum out_format f, const char *want)
{
	char *got = render(t, f);

	ck_assert_str_eq(got, want);
	free(got);
}

/* ---- text ---- */

START_TEST(test_text_utf8)
{
	static const char *const head[] = { "label", "n" };
	static const int right[] = { 0, 1 };
	static const char *const r1[] = { "cli\xc3\xabnt", "12" };	/* cliënt: 6 code points, 7 bytes */
	static const char *const r2[] = { "ouder", "3" };
	struct table t;

	table_init(&t, NULL, 2, head, right);
	table_add_row(&t, r1);
	table_add_row(&t, r2);
	expect(&t, OUT_TEXT,
	       "label    n\n"
	       "----------\n"
	       "cli\xc3\xabnt  12\n"
	       "ouder    3\n");
	table_release(&t);
}
END_TEST

START_TEST(test_text_title_notes)
{
	static const char *const head[] = { "segment", "%", "n" };
	static const int right[] = { 0, 1, 1 };
	static const char *const r1[] = { "specialistische hulp", "71 %", "115" };
	static const char *const r2[] = { "JB/JR", NULL, "9" };
	struct table t;

	table_init(&t, "Tevredenheid", 3, head, right);
	table_add_row(&t, r1);
	table_add_row(&t, r2);
	table_note(&t, "n < %d: geen percentage", 10);
	table_note(&t, "bron: %s", "CEO 2016");
	expect(&t, OUT_TEXT,
	       "Tevredenheid\n"
	       "\n"
	       "segment                  %    n\n"
	       "-------------------------------\n"
	       "specialistische hulp  71 %  115\n"
	       "JB/JR                         9\n"
	       "\n"
	       "n < 10: geen percentage\n"
	       "bron: CEO 2016\n");
	table_release(&t);
}
END_TEST

START_TEST(test_text_empty)
{
	static const char *const head[] = { "a", "bb" };
	struct table t;

	table_init(&t, NULL, 2, head, NULL);
	expect(&t, OUT_TEXT, "a  bb\n-----\n");
	table_release(&t);
}
END_TEST

/* A header wider than its cells; the last, left-aligned column gets no trailing spaces. */
START_TEST(test_text_wide_header)
{
	static const char *const head[] = { "respondenttype", "oordeel" };
	static const char *const r1[] = { "\xc3\xa9\xc3\xa9n", "goed" };	/* één */
	struct table t;

	table_init(&t, NULL, 2, head, NULL);
	table_add_row(&t, r1);
	expect(&t, OUT_TEXT,
	       "respondenttype  oordeel\n"
	       "-----------------------\n"
	       "\xc3\xa9\xc3\xa9n             goed\n");
	table_release(&t);
}
END_TEST

/* ---- CSV ---- */

START_TEST(test_csv_quoting)
{
	static const char *const head[] = { "segment", "oordeel", "n" };
	static const int right[] = { 0, 0, 1 };
	static const char *const r1[] = { "JB/JR, jeugdreclassering", "zei \"goed\"", "3" };
	static const char *const r2[] = { "regel1\nregel2", "gewoon", "4" };
	static const char *const r3[] = { "", NULL, "cli\xc3\xabnt" };
	static const char *const r4[] = { "cr\rhier", "\"", "7,5" };
	struct table t;

	table_init(&t, "Titel staat niet in CSV", 3, head, right);
	table_add_row(&t, r1);
	table_add_row(&t, r2);
	table_add_row(&t, r3);
	table_add_row(&t, r4);
	table_note(&t, "ook geen voetnoten");
	expect(&t, OUT_CSV,
	       "segment,oordeel,n\n"
	       "\"JB/JR, jeugdreclassering\",\"zei \"\"goed\"\"\",3\n"
	       "\"regel1\nregel2\",gewoon,4\n"
	       ",,cli\xc3\xabnt\n"
	       "\"cr\rhier\",\"\"\"\",\"7,5\"\n");
	table_release(&t);
}
END_TEST

/* ---- Markdown ---- */

START_TEST(test_md_escaping)
{
	static const char *const head[] = { "vraag | item", "%" };
	static const int right[] = { 0, 1 };
	static const char *const r1[] = { "ja | nee", "80 %" };
	static const char *const r2[] = { "regel1\nregel2", "5" };
	static const char *const r3[] = { "cli\xc3\xabnt", NULL };
	struct table t;

	table_init(&t, "Titel", 2, head, right);
	table_add_row(&t, r1);
	table_add_row(&t, r2);
	table_add_row(&t, r3);
	table_note(&t, "noot 1");
	table_note(&t, "noot 2");
	expect(&t, OUT_MD,
	       "**Titel**\n"
	       "\n"
	       "| vraag \\| item | % |\n"
	       "| --- | ---: |\n"
	       "| ja \\| nee | 80 % |\n"
	       "| regel1 regel2 | 5 |\n"
	       "| cli\xc3\xabnt |  |\n"
	       "\n"
	       "noot 1  \n"
	       "noot 2\n");
	table_release(&t);
}
END_TEST

START_TEST(test_md_no_title)
{
	static const char *const head[] = { "a" };
	static const char *const r1[] = { "|" };
	struct table t;

	table_init(&t, NULL, 1, head, NULL);
	table_add_row(&t, r1);
	expect(&t, OUT_MD, "| a |\n| --- |\n| \\| |\n");
	table_release(&t);
}
END_TEST

/* ---- many rows, formats, write errors ---- */

START_TEST(test_many_rows)
{
	static const char *const head[] = { "id", "n" };
	static const int right[] = { 0, 1 };
	struct table t;
	char id[16], n[16], *got, *line;
	const char *row[2] = { id, n };
	int i;

	table_init(&t, NULL, 2, head, right);
	for (i = 0; i < 1000; i++) {
		snprintf(id, sizeof(id), "r%d", i);
		snprintf(n, sizeof(n), "%d", i * 7);
		table_add_row(&t, row);
	}
	ck_assert_uint_eq(t.nrows, 1000);
	got = render(&t, OUT_CSV);
	line = strstr(got, "\nr999,6993\n");
	ck_assert_ptr_nonnull(line);
	ck_assert_str_eq(line, "\nr999,6993\n");
	ck_assert_ptr_nonnull(strstr(got, "id,n\nr0,0\nr1,7\n"));
	free(got);
	got = render(&t, OUT_TEXT);
	ck_assert_ptr_nonnull(strstr(got, "\nr999  6993\n"));
	ck_assert_ptr_nonnull(strstr(got, "\nr0       0\n"));
	free(got);
	table_release(&t);
}
END_TEST

struct fmt_case {
	const char *name;
	int ok;
	enum out_format f;
};

static const struct fmt_case fmt_cases[] = {
	{ "text", 1, OUT_TEXT },
	{ "csv", 1, OUT_CSV },
	{ "json", 1, OUT_JSON },
	{ "md", 1, OUT_MD },
	{ "TEXT", 0, OUT_TEXT },
	{ "markdown", 0, OUT_TEXT },
	{ "", 0, OUT_TEXT },
	{ "csv ", 0, OUT_TEXT },
};

START_TEST(test_out_format_parse)
{
	const struct fmt_case *c = &fmt_cases[_i];
	enum out_format f = OUT_TEXT;

	ck_assert_int_eq(out_format_parse(c->name, &f), c->ok ? 0 : -1);
	if (c->ok)
		ck_assert_int_eq(f, c->f);
}
END_TEST

START_TEST(test_utf8_width)
{
	ck_assert_uint_eq(utf8_width(""), 0);
	ck_assert_uint_eq(utf8_width("ouder"), 5);
	ck_assert_uint_eq(utf8_width("cli\xc3\xabnt"), 6);
	ck_assert_uint_eq(utf8_width("\xe2\x80\x93"), 1);	/* en dash, 3 bytes */
	ck_assert_uint_eq(utf8_width("\xf0\x9f\x99\x82"), 1);	/* 4 bytes */
}
END_TEST

/* A full disk is an error: table_write reports it and returns -1. */
START_TEST(test_write_error)
{
	static const char *const head[] = { "a" };
	static const char *const r1[] = { "b" };
	struct table t;
	FILE *out = fopen("/dev/full", "w"), *cap;
	char msg[256];
	size_t n;
	int saved, rc;

	ck_assert_msg(out != NULL, "/dev/full is needed for this test");
	table_init(&t, NULL, 1, head, NULL);
	table_add_row(&t, r1);
	cap = tmpfile();
	ck_assert_ptr_nonnull(cap);
	fflush(stderr);
	saved = dup(2);
	dup2(fileno(cap), 2);
	rc = table_write(&t, OUT_CSV, out);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(cap);
	n = fread(msg, 1, sizeof(msg) - 1, cap);
	msg[n] = '\0';
	fclose(cap);
	fclose(out);
	table_release(&t);
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(msg, "tevreden: cannot write output: No space left on device\n");
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *table_suite(void)
{
	Suite *s = suite_create("table");
	TCase *tc = tcase_create("render");

	tcase_add_test(tc, test_text_utf8);
	tcase_add_test(tc, test_text_title_notes);
	tcase_add_test(tc, test_text_empty);
	tcase_add_test(tc, test_text_wide_header);
	tcase_add_test(tc, test_csv_quoting);
	tcase_add_test(tc, test_md_escaping);
	tcase_add_test(tc, test_md_no_title);
	tcase_add_test(tc, test_many_rows);
	tcase_add_loop_test(tc, test_out_format_parse, 0, N(fmt_cases));
	tcase_add_test(tc, test_utf8_width);
	tcase_add_test(tc, test_write_error);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(table_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
