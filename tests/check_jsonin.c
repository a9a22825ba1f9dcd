/* check_jsonin.c: unit tests of the JSON response reader: shapes, values, positions, bad input. */
#include "core/source.h"
#include "core/error.h"
#include "core/util.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];

/* What the reader sent, one line per callback, so a test compares one string. */
struct log {
	struct buf out;
	long records;
	long stop_at;		/* record callback returns -1 at this record (0: never) */
	int stop_columns;	/* columns callback returns -1 */
	int positions;		/* also log line:col of every cell */
};

static int log_columns(void *ctx, const struct src_cell *cells, size_t n)
{
	struct log *l = ctx;
	size_t i;

	buf_adds(&l->out, "columns");
	for (i = 0; i < n; i++) {
		ck_assert_ptr_nonnull(cells[i].text);
		ck_assert_uint_eq(cells[i].len, strlen(cells[i].text));
		buf_printf(&l->out, "%s%s", i ? "," : " ", cells[i].text);
	}
	buf_addc(&l->out, '\n');
	return l->stop_columns ? -1 : 0;
}

static int log_label(void *ctx, size_t col, const char *value, const char *label)
{
	ck_abort_msg("JSON has no value labels");
	return -1;
}

static int log_record(void *ctx, const struct src_cell *cells, size_t n, long line)
{
	struct log *l = ctx;
	size_t i;

	l->records++;
	buf_printf(&l->out, "%ld:", line);
	for (i = 0; i < n; i++) {
		buf_adds(&l->out, i ? "|" : " ");
		if (l->positions)
			buf_printf(&l->out, "%ld:%ld=", cells[i].line, cells[i].col);
		if (cells[i].text) {
			ck_assert_uint_eq(cells[i].len, strlen(cells[i].text));
			buf_adds(&l->out, cells[i].text);
		} else {
			ck_assert_uint_eq(cells[i].len, 0);
			buf_adds(&l->out, "NULL");
		}
	}
	buf_addc(&l->out, '\n');
	return l->stop_at && l->records == l->stop_at ? -1 : 0;
}

static char *write_tmp(const char *name, const void *data, size_t n)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

/* Read `json` (written to a file shown as "r.json"); *err_out is a new string. */
static int run_opt(const char *json, size_t len, const struct src_options *opt, struct log *l,
		   char **err_out)
{
	struct src_sink sink = { log_columns, log_label, log_record, l };
	char *path = write_tmp("r.json", json, len);
	struct diag d;
	size_t errlen;
	FILE *err;
	int ret;

	diag_init(&d, "r.json", 10);
	err = open_memstream(err_out, &errlen);
	ck_assert_ptr_nonnull(err);
	d.out = err;
	ret = jsonin_read(path, opt, &d, &sink);
	fclose(err);
	free(path);
	return ret;
}

static int run(const char *json, struct log *l, char **err_out)
{
	return run_opt(json, strlen(json), NULL, l, err_out);
}

/* The reader accepts json and sends exactly want. */
static void expect(const char *json, int positions, const char *want)
{
	struct log l = { .positions = positions };
	char *err = NULL;

	ck_assert_int_eq(run(json, &l, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(l.out.s ? l.out.s : "", want);
	buf_release(&l.out);
	free(err);
}

START_TEST(test_array_of_objects)
{
	expect("[\n"
	       "  {\"id\": 1, \"tevreden\": 1, \"cijfer\": 7.5},\n"
	       "  {\"id\": 2, \"opmerking\": \"héél fijn\", \"tevreden\": null, \"cijfer\": 3.0},\n"
	       "  {\"cijfer\": -1, \"id\": 3}\n"
	       "]\n", 0,
	       "columns id,tevreden,cijfer,opmerking\n"
	       "2: 1|1|7.5|NULL\n"
	       "3: 2|NULL|3|héél fijn\n"
	       "4: 3|NULL|-1|NULL\n");
}
END_TEST

/* Where every cell is: at its value, or at its record when the key is missing.
 * Columns count code points: "Zoë" is 5 columns wide with its quotes. */
START_TEST(test_positions)
{
	expect("[{\"naam\": \"Zoë\", \"cijfer\": 8},\n"
	       "\t{\n"
	       "\t\t\"cijfer\":\n"
	       "\t\t\t6.5,\n"
	       "\t\t\"naam\": null\n"
	       "\t},\n"
	       "   {}]", 1,
	       "columns naam,cijfer\n"
	       "1: 1:11=Zoë|1:28=8\n"
	       "2: 5:11=NULL|4:4=6.5\n"
	       "7: 7:4=NULL|7:4=NULL\n");
}
END_TEST

/* Answers of every JSON type. */
static const struct value_case {
	const char *json;
	const char *text;
} value_cases[] = {
	{ "\"tekst\"", "tekst" },
	{ "\"\"", "" },
	{ "\"a\\\"b\\\\c\\nd\\u00e9\\ud83d\\ude00\"", "a\"b\\c\nd\xc3\xa9\xf0\x9f\x98\x80" },
	{ "3", "3" },
	{ "3.0", "3" },
	{ "7.5", "7.5" },
	{ "-1", "-1" },
	{ "-0", "0" },
	{ "0", "0" },
	{ "1e2", "100" },
	{ "0.1", "0.1" },
	{ "2.5E-3", "0.0025" },
	{ "12345678901234567890", "12345678901234567890" },	/* ids keep every digit */
	{ "123456789012345678901234567890123456789012345678901234567890123",
	  "123456789012345678901234567890123456789012345678901234567890123" },
	{ "1.2345678901234567", "1.23456789012346" },
	{ "true", "1" },
	{ "false", "0" },
	{ "null", "NULL" },
	{ "[\"A1\", \"A3\"]", "A1;A3" },
	{ "[1, 2.5, true, null, \"x\"]", "1;2.5;1;x" },
	{ "[]", "" },
	{ "[null]", "" },
};

START_TEST(test_values)
{
	const struct value_case *c = &value_cases[_i];
	char *json = xasprintf("[{\"v\": %s}]", c->json);
	char *want = xasprintf("columns v\n1: %s\n", c->text);

	expect(json, 0, want);
	free(json);
	free(want);
}
END_TEST

START_TEST(test_limesurvey_flat)
{
	expect("{\"meta\": {\"responses\": 1}, \"responses\": [\n"
	       "  {\"id\": \"1\", \"submitdate\": \"2016-03-01 10:00:00\", \"Q1\": \"A2\", \"Q2[SQ001]\": \"Y\"},\n"
	       "  {\"id\": \"2\", \"submitdate\": null, \"Q1\": \"\", \"Q2[SQ001]\": \"\"}\n"
	       "], \"later\": [1, 2]}", 0,
	       "columns id,submitdate,Q1,Q2[SQ001]\n"
	       "2: 1|2016-03-01 10:00:00|A2|Y\n"
	       "3: 2|NULL||\n");
}
END_TEST

/* Older LimeSurvey versions: each response wrapped in {"<response id>": {...}}. */
START_TEST(test_limesurvey_wrapped)
{
	expect("{\"responses\": [\n"
	       "  {\"17\": {\"id\": \"17\", \"Q1\": \"A1\"}},\n"
	       "  {\"18\": {\"id\": \"18\", \"Q3\": \"A4\"}},\n"
	       "  {\"id\": \"19\", \"Q1\": \"A2\"}\n"
	       "]}", 1,
	       "columns id,Q1,Q3\n"
	       "2: 2:17=17|2:29=A1|2:3=NULL\n"
	       "3: 3:17=18|3:3=NULL|3:29=A4\n"
	       "4: 4:10=19|4:22=A2|4:3=NULL\n");
}
END_TEST

/* A top-level array is never unwrapped: one key holding an object is an error there. */
START_TEST(test_array_not_unwrapped)
{
	struct log l = { .stop_at = 0 };
	char *err = NULL;

	ck_assert_int_eq(run("[{\"17\": {\"id\": \"17\"}}]", &l, &err), -1);
	ck_assert_str_eq(err, "r.json:1:9: expected a value, found an object for key '17'\n");
	free(err);
}
END_TEST

START_TEST(test_empty_arrays)
{
	expect("[]", 0, "columns\n");
	expect(" {\"responses\": [ ]} ", 0, "columns\n");
}
END_TEST

/* A byte order mark is skipped and not counted in columns. */
START_TEST(test_bom)
{
	expect("\xEF\xBB\xBF[{\"a\": 1}]", 1, "columns a\n1: 1:8=1\n");
}
END_TEST

/* Bad input: the exact message, and nothing sent to the sink before it. */
static const struct error_case {
	const char *json;
	const char *msg;
} error_cases[] = {
	/* invalid JSON, found by the syntax check at the exact place */
	{ "[\n  {\"a\": 1,}\n]", "r.json:2:11: invalid JSON: expected a key in double quotes" },
	{ "[\n  {\"a\" 1}]", "r.json:2:8: invalid JSON: expected ':'" },
	{ "[{\"a\": 1}\n {\"a\": 2}]", "r.json:2:2: invalid JSON: expected ',' or ']'" },
	{ "[{\"a\": 1 \"b\": 2}]", "r.json:1:10: invalid JSON: expected ',' or '}'" },
	{ "[{a: 1}]", "r.json:1:3: invalid JSON: expected a key in double quotes" },
	{ "[{\"a\": tru}]", "r.json:1:8: invalid JSON: expected a value" },
	{ "[{\"a\": 'x'}]", "r.json:1:8: invalid JSON: expected a value" },
	{ "[{\"a\": 01}]", "r.json:1:9: invalid JSON: expected ',' or '}'" },
	{ "[{\"a\": .5}]", "r.json:1:8: invalid JSON: expected a value" },
	{ "[{\"a\": 1.}]", "r.json:1:10: invalid JSON: expected a digit" },
	{ "[{\"a\": \"x\\q\"}]", "r.json:1:10: invalid JSON: invalid escape in string" },
	{ "[{\"a\": \"\\u12\"}]", "r.json:1:9: invalid JSON: invalid \\u escape in string" },
	{ "[{\"a\": \"\\udc00\"}]", "r.json:1:9: invalid JSON: unpaired surrogate in \\u escape" },
	{ "[{\"a\": \"x\\u0000y\"}]", "r.json:1:10: invalid JSON: \\u0000 (NUL) in string" },
	{ "[{\"a\": \"x\ty\"}]",
	  "r.json:1:10: invalid JSON: control character in string (write it as \\n, \\t, ...)" },
	{ "[{\"a\": \"abc", "r.json:1:12: invalid JSON: unexpected end of file" },
	{ "[{\"a\": 1},\n", "r.json:2:1: invalid JSON: unexpected end of file" },
	{ "[{\"a\": 1}] []", "r.json:1:12: invalid JSON: unexpected text after the end of the JSON value" },
	{ "[{\"a\": 1}]\f", "r.json:1:11: invalid JSON: unexpected text after the end of the JSON value" },
	/* valid JSON of the wrong shape */
	{ "{\"a\": 1}", "r.json:1:1: expected an array of objects or {\"responses\": [...]}" },
	{ "  \"x\"", "r.json:1:1: expected an array of objects or {\"responses\": [...]}" },
	{ "42", "r.json:1:1: expected an array of objects or {\"responses\": [...]}" },
	{ "{\"responses\": {\"1\": {}}}", "r.json:1:1: expected an array of objects or {\"responses\": [...]}" },
	{ "{\"responses\": 5, \"responses\": []}",
	  "r.json:1:1: expected an array of objects or {\"responses\": [...]}" },
	{ "[{\"a\": 1},\n  [1, 2]]", "r.json:2:3: expected an object for each response, found an array" },
	{ "[\"a\"]", "r.json:1:2: expected an object for each response, found a string" },
	{ "{\"responses\": [null]}", "r.json:1:16: expected an object for each response, found null" },
	{ "[{\"a\": 1},\n {\"b\": {\"c\": 1}}]", "r.json:2:8: expected a value, found an object for key 'b'" },
	{ "[{\"a\": [1,\n  [2]]}]", "r.json:2:3: expected a value in the list for key 'a', found an array" },
	{ "[{\"a\": [{}]}]", "r.json:1:9: expected a value in the list for key 'a', found an object" },
	{ "[{\"a\": 1, \"b\": 2,\n  \"a\": 3}]", "r.json:2:3: duplicate key 'a'" },
	{ "[{\"\": 1}]", "r.json:1:3: empty key" },
	{ "[{\"a\": 1e400}]", "r.json:1:8: number for key 'a' is out of range" },
	{ "[{\"a\": [1, -1e999]}]", "r.json:1:12: number for key 'a' is out of range" },
	{ "[{\"a\": 1234567890123456789012345678901234567890123456789012345678901234}]",
	  "r.json:1:8: invalid JSON: number longer than 63 characters" },
	/* not UTF-8, or no JSON at all */
	{ "[{\"naam\": \"Zo\xeb\"}]", "r.json:1:14: invalid UTF-8 byte 0xeb, JSON must be UTF-8" },
	{ "[\n{\"é\": \"\xc3\"}]", "r.json:2:8: invalid UTF-8 byte 0xc3, JSON must be UTF-8" },
	{ "[{\"a\": \"\xc0\xaf\"}]", "r.json:1:9: invalid UTF-8 byte 0xc0, JSON must be UTF-8" },
	{ "[{\"a\": \"\xed\xa0\x80\"}]", "r.json:1:9: invalid UTF-8 byte 0xed, JSON must be UTF-8" },
	{ "[{\"a\": \"\xf4\x90\x80\x80\"}]", "r.json:1:9: invalid UTF-8 byte 0xf4, JSON must be UTF-8" },
	{ "", "r.json: empty file, expected JSON" },
	{ " \n\t\r\n", "r.json: empty file, expected JSON" },
	{ "\xEF\xBB\xBF", "r.json: empty file, expected JSON" },
};

START_TEST(test_errors)
{
	const struct error_case *c = &error_cases[_i];
	struct log l = { .stop_at = 0 };
	char *err = NULL, *want = xasprintf("%s\n", c->msg);

	ck_assert_int_eq(run(c->json, &l, &err), -1);
	ck_assert_str_eq(err, want);
	ck_assert_ptr_null(l.out.s);	/* checked before anything is sent */
	free(want);
	free(err);
}
END_TEST

/* A NUL byte cannot reach cJSON (which would stop there). */
START_TEST(test_nul_byte)
{
	static const char json[] = "[{\"a\": \"x\0y\"}]";
	struct log l = { .stop_at = 0 };
	char *err = NULL;

	ck_assert_int_eq(run_opt(json, sizeof(json) - 1, NULL, &l, &err), -1);
	ck_assert_str_eq(err, "r.json:1:10: invalid JSON: control character in string"
			 " (write it as \\n, \\t, ...)\n");
	free(err);
	ck_assert_int_eq(run_opt("[{\"a\": 1}]\0", 11, NULL, &l, &err), -1);
	ck_assert_str_eq(err, "r.json:1:11: invalid JSON: unexpected text after the end of the JSON value\n");
	ck_assert_ptr_null(l.out.s);
	free(err);
}
END_TEST

/* cJSON's nesting limit is 1000; the syntax check refuses deeper text itself. */
START_TEST(test_nesting)
{
	struct buf json;
	struct log l = { .stop_at = 0 };
	char *err = NULL;
	int i;

	buf_init(&json);
	for (i = 0; i < 1001; i++)
		buf_addc(&json, '[');
	for (i = 0; i < 1001; i++)
		buf_addc(&json, ']');
	ck_assert_int_eq(run(json.s, &l, &err), -1);
	ck_assert_str_eq(err, "r.json:1:1001: invalid JSON: nested more than 1000 levels deep\n");
	free(err);
	buf_reset(&json);
	buf_adds(&json, "[{\"a\": ");
	for (i = 0; i < 998; i++)
		buf_addc(&json, '[');
	for (i = 0; i < 998; i++)
		buf_addc(&json, ']');
	buf_adds(&json, "}]");
	ck_assert_int_eq(run(json.s, &l, &err), -1);
	ck_assert_str_eq(err, "r.json:1:9: expected a value in the list for key 'a', found an array\n");
	free(err);
	buf_release(&json);
}
END_TEST

START_TEST(test_max_field)
{
	struct src_options opt = { .max_field = 5 };
	struct log l = { .stop_at = 0 };
	char *err = NULL;
	static const char ok[] = "[{\"a\": \"12345\", \"b\": [\"12\", \"45\"]}]";
	static const char long_string[] = "[{\"a\": \"123456\"}]";
	static const char long_list[] = "[{\"a\": \"1\"},\n {\"b\": [\"123\", \"45\"]}]";

	ck_assert_int_eq(run_opt(ok, strlen(ok), &opt, &l, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(l.out.s, "columns a,b\n1: 12345|12;45\n");
	free(err);
	ck_assert_int_eq(run_opt(long_string, strlen(long_string), &opt, &l, &err), -1);
	ck_assert_str_eq(err, "r.json:1:8: value for key 'a' is longer than 5 bytes\n");
	free(err);
	ck_assert_int_eq(run_opt(long_list, strlen(long_list), &opt, &l, &err), -1);
	ck_assert_str_eq(err, "r.json:2:8: value for key 'b' is longer than 5 bytes\n");
	free(err);
	buf_release(&l.out);
}
END_TEST

START_TEST(test_missing_file)
{
	struct src_sink sink = { log_columns, NULL, log_record, NULL };
	char *path = xasprintf("%s/nope.json", tmpdir), *err = NULL;
	struct diag d;
	size_t errlen;

	diag_init(&d, "nope.json", 10);
	d.out = open_memstream(&err, &errlen);
	ck_assert_int_eq(jsonin_read(path, NULL, &d, &sink), -1);
	fclose(d.out);
	ck_assert_str_eq(err, "nope.json: cannot open file: No such file or directory\n");
	free(err);
	free(path);
}
END_TEST

START_TEST(test_directory)
{
	struct src_sink sink = { log_columns, NULL, log_record, NULL };
	char *err = NULL;
	struct diag d;
	size_t errlen;

	diag_init(&d, "dir.json", 10);
	d.out = open_memstream(&err, &errlen);
	ck_assert_int_eq(jsonin_read(tmpdir, NULL, &d, &sink), -1);
	fclose(d.out);
	ck_assert_str_eq(err, "dir.json: cannot read file: Is a directory\n");
	free(err);
}
END_TEST

/* A sparse file just over 512 MiB is refused before it is read. */
START_TEST(test_too_large)
{
	struct src_sink sink = { log_columns, NULL, log_record, NULL };
	char *path = write_tmp("huge.json", "[", 1), *err = NULL;
	struct diag d;
	size_t errlen;

	ck_assert_int_eq(truncate(path, ((off_t)512 << 20) + 1), 0);
	diag_init(&d, "huge.json", 10);
	d.out = open_memstream(&err, &errlen);
	ck_assert_int_eq(jsonin_read(path, NULL, &d, &sink), -1);
	fclose(d.out);
	ck_assert_str_eq(err, "huge.json: file is larger than 512 MiB, too large to read as JSON\n");
	free(err);
	free(path);
}
END_TEST

/* A sink that says stop: the reader returns -1, prints nothing, calls nothing more. */
START_TEST(test_sink_stops)
{
	static const char json[] = "[{\"a\": 1}, {\"a\": 2}, {\"a\": 3}]";
	struct log l = { .stop_at = 2 };
	struct log c = { .stop_columns = 1 };
	char *err = NULL;

	ck_assert_int_eq(run(json, &l, &err), -1);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(l.out.s, "columns a\n1: 1\n1: 2\n");
	free(err);
	ck_assert_int_eq(run(json, &c, &err), -1);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(c.out.s, "columns a\n");
	free(err);
	buf_release(&l.out);
	buf_release(&c.out);
}
END_TEST

/* Many records and keys: the column table grows and rehashes; order stays first-seen. */
START_TEST(test_many_columns)
{
	struct buf json, want;
	int r, k;

	buf_init(&json);
	buf_init(&want);
	buf_adds(&json, "[");
	buf_adds(&want, "columns");
	for (k = 0; k < 300; k++)
		buf_printf(&want, "%sq%d", k ? "," : " ", (k * 37) % 300);
	buf_addc(&want, '\n');
	for (r = 0; r < 3; r++) {
		buf_adds(&json, r ? ",\n{" : "{");
		buf_printf(&want, "%d:", r + 1);
		for (k = 0; k < 300; k++) {
			int q = (k * 37) % 300;

			if (r == 0 || k % 2 == 0)
				buf_printf(&json, "%s\"q%d\": %d", k ? ", " : "", q, r * 1000 + q);
			buf_adds(&want, k ? "|" : " ");
			if (r == 0 || k % 2 == 0)
				buf_printf(&want, "%d", r * 1000 + q);
			else
				buf_adds(&want, "NULL");
		}
		buf_adds(&json, "}");
		buf_addc(&want, '\n');
	}
	buf_adds(&json, "]");
	expect(json.s, 0, want.s);
	buf_release(&json);
	buf_release(&want);
}
END_TEST

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_jsonin.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	DIR *dir = opendir(tmpdir);
	struct dirent *e;

	ck_assert_ptr_nonnull(dir);
	while ((e = readdir(dir))) {
		char *path;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		path = xasprintf("%s/%s", tmpdir, e->d_name);
		ck_assert_int_eq(unlink(path), 0);
		free(path);
	}
	closedir(dir);
	ck_assert_int_eq(rmdir(tmpdir), 0);
}

static Suite *jsonin_suite(void)
{
	Suite *s = suite_create("jsonin");
	TCase *tc = tcase_create("jsonin");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_array_of_objects);
	tcase_add_test(tc, test_positions);
	tcase_add_loop_test(tc, test_values, 0, sizeof(value_cases) / sizeof(value_cases[0]));
	tcase_add_test(tc, test_limesurvey_flat);
	tcase_add_test(tc, test_limesurvey_wrapped);
	tcase_add_test(tc, test_array_not_unwrapped);
	tcase_add_test(tc, test_empty_arrays);
	tcase_add_test(tc, test_bom);
	tcase_add_loop_test(tc, test_errors, 0, sizeof(error_cases) / sizeof(error_cases[0]));
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_nesting);
	tcase_add_test(tc, test_max_field);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_directory);
	tcase_add_test(tc, test_too_large);
	tcase_add_test(tc, test_sink_stops);
	tcase_add_test(tc, test_many_columns);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(jsonin_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
