/* check_sav.c: unit tests of the .sav/.zsav reader on files written here by ReadStat's writer. */
#include "core/source.h"
#include "core/error.h"
#include "core/util.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <readstat.h>

static char tmpdir[64];

/* What the reader sent, one line per callback, so a test compares one string. */
struct log {
	struct buf out;
	long records;
	long stop_at;		/* record callback returns -1 at this record (0: never) */
	int stop_columns;	/* columns callback returns -1 */
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
	struct log *l = ctx;

	buf_printf(&l->out, "label %zu %s=%s\n", col, value, label);
	return 0;
}

static int log_record(void *ctx, const struct src_cell *cells, size_t n, long line)
{
	struct log *l = ctx;
	size_t i;

	l->records++;
	ck_assert_int_eq(line, l->records);
	buf_printf(&l->out, "%ld:", line);
	for (i = 0; i < n; i++) {
		ck_assert_int_eq(cells[i].line, line);
		ck_assert_int_eq(cells[i].col, (long)i + 1);
		if (cells[i].text) {
			ck_assert_uint_eq(cells[i].len, strlen(cells[i].text));
			buf_printf(&l->out, "%s%s", i ? "|" : " ", cells[i].text);
		} else {
			ck_assert_uint_eq(cells[i].len, 0);
			buf_printf(&l->out, "%sNULL", i ? "|" : " ");
		}
	}
	buf_addc(&l->out, '\n');
	return l->stop_at && l->records == l->stop_at ? -1 : 0;
}

/* Run sav_read on path (shown as name); *log_out and *err_out are new strings. */
static int run(const char *path, const char *name, struct log *l, char **err_out)
{
	struct src_sink sink = { log_columns, log_label, log_record, l };
	struct diag d;
	size_t errlen;
	FILE *err;
	int ret;

	diag_init(&d, name, 10);
	err = open_memstream(err_out, &errlen);
	ck_assert_ptr_nonnull(err);
	d.out = err;
	ret = sav_read(path, NULL, &d, &sink);
	fclose(err);
	return ret;
}

static char *tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static ssize_t write_file(const void *data, size_t len, void *ctx)
{
	return (ssize_t)fwrite(data, 1, len, ctx);
}

static void ok(readstat_error_t err)
{
	ck_assert_msg(err == READSTAT_OK, "readstat: %s", readstat_error_message(err));
}

/*
 * The survey fixture: five variables, two sharing a numeric label set, a string
 * label set, a user-missing code, system-missing, decimals, UTF-8 text.
 */
static void write_survey(const char *path, readstat_compress_t compression)
{
	readstat_writer_t *w = readstat_writer_init();
	readstat_label_set_t *tev, *sex;
	readstat_variable_t *id, *tevreden, *cijfer, *geslacht, *opmerking, *aanrader;
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ok(readstat_set_data_writer(w, write_file));
	ok(readstat_writer_set_compression(w, compression));
	tev = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "tev");
	readstat_label_double_value(tev, 1, "ja");
	readstat_label_double_value(tev, 2, "nee");
	readstat_label_double_value(tev, 9, "weet niet");
	sex = readstat_add_label_set(w, READSTAT_TYPE_STRING, "sex");
	readstat_label_string_value(sex, "m", "jongen");
	readstat_label_string_value(sex, "v", "meisje");

	id = readstat_add_variable(w, "id", READSTAT_TYPE_DOUBLE, 0);
	tevreden = readstat_add_variable(w, "tevreden", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label_set(tevreden, tev);
	ok(readstat_variable_add_missing_double_value(tevreden, 9));
	cijfer = readstat_add_variable(w, "cijfer", READSTAT_TYPE_DOUBLE, 0);
	geslacht = readstat_add_variable(w, "geslacht", READSTAT_TYPE_STRING, 1);
	readstat_variable_set_label_set(geslacht, sex);
	opmerking = readstat_add_variable(w, "opmerking", READSTAT_TYPE_STRING, 40);
	aanrader = readstat_add_variable(w, "aanrader", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label_set(aanrader, tev);

	ok(readstat_begin_writing_sav(w, f, 3));
	ok(readstat_begin_row(w));
	ok(readstat_insert_double_value(w, id, 1));
	ok(readstat_insert_double_value(w, tevreden, 1));
	ok(readstat_insert_double_value(w, cijfer, 7.5));
	ok(readstat_insert_string_value(w, geslacht, "v"));
	ok(readstat_insert_string_value(w, opmerking, "héél fijn"));
	ok(readstat_insert_double_value(w, aanrader, 2));
	ok(readstat_end_row(w));
	ok(readstat_begin_row(w));
	ok(readstat_insert_double_value(w, id, 2));
	ok(readstat_insert_missing_value(w, tevreden));
	ok(readstat_insert_double_value(w, cijfer, -1));
	ok(readstat_insert_string_value(w, geslacht, "m"));
	ok(readstat_insert_string_value(w, opmerking, ""));
	ok(readstat_insert_missing_value(w, aanrader));
	ok(readstat_end_row(w));
	ok(readstat_begin_row(w));
	ok(readstat_insert_double_value(w, id, 1234567));
	ok(readstat_insert_double_value(w, tevreden, 9));
	ok(readstat_insert_double_value(w, cijfer, 0.1));
	ok(readstat_insert_string_value(w, geslacht, ""));
	ok(readstat_insert_string_value(w, opmerking, "a|b"));
	ok(readstat_insert_double_value(w, aanrader, 1e20));
	ok(readstat_end_row(w));
	ok(readstat_end_writing(w));
	readstat_writer_free(w);
	ck_assert_int_eq(fclose(f), 0);
}

static const char survey_expected[] =
	"columns id,tevreden,cijfer,geslacht,opmerking,aanrader\n"
	"label 1 1=ja\n"
	"label 1 2=nee\n"
	"label 1 9=weet niet\n"
	"label 3 m=jongen\n"
	"label 3 v=meisje\n"
	"label 5 1=ja\n"
	"label 5 2=nee\n"
	"label 5 9=weet niet\n"
	"1: 1|1|7.5|v|héél fijn|2\n"
	"2: 2|NULL|-1|m||NULL\n"
	"3: 1234567|9|0.1||a|b|1e+20\n";

static void check_survey(readstat_compress_t compression, const char *name)
{
	struct log l = { .stop_at = 0 };
	char *path = tmp_path(name), *err = NULL;

	write_survey(path, compression);
	ck_assert_int_eq(run(path, name, &l, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(l.out.s, survey_expected);
	buf_release(&l.out);
	free(err);
	free(path);
}

START_TEST(test_sav_plain)
{
	check_survey(READSTAT_COMPRESS_NONE, "survey.sav");
}
END_TEST

START_TEST(test_sav_row_compressed)
{
	check_survey(READSTAT_COMPRESS_ROWS, "survey-rows.sav");
}
END_TEST

START_TEST(test_zsav)
{
	check_survey(READSTAT_COMPRESS_BINARY, "survey.zsav");
}
END_TEST

/* Variables only, no cases: columns and labels still arrive, records do not. */
START_TEST(test_sav_no_cases)
{
	readstat_writer_t *w = readstat_writer_init();
	readstat_label_set_t *ls;
	readstat_variable_t *v;
	char *path = tmp_path("empty-data.sav"), *err = NULL;
	struct log l = { .stop_at = 0 };
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	readstat_set_data_writer(w, write_file);
	ls = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, "yn");
	readstat_label_double_value(ls, 0, "nee");
	readstat_label_double_value(ls, 1, "ja");
	readstat_add_variable(w, "id", READSTAT_TYPE_DOUBLE, 0);
	v = readstat_add_variable(w, "hulp", READSTAT_TYPE_DOUBLE, 0);
	readstat_variable_set_label_set(v, ls);
	ok(readstat_begin_writing_sav(w, f, 0));
	ok(readstat_end_writing(w));
	readstat_writer_free(w);
	ck_assert_int_eq(fclose(f), 0);

	ck_assert_int_eq(run(path, "empty-data.sav", &l, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(l.out.s, "columns id,hulp\nlabel 1 0=nee\nlabel 1 1=ja\n");
	buf_release(&l.out);
	free(err);
	free(path);
}
END_TEST

/* A string longer than 255 bytes is stored in segments; it must come back whole,
 * and many cases must come back in order with the right case numbers. */
START_TEST(test_sav_long_string_many_cases)
{
	readstat_writer_t *w = readstat_writer_init();
	readstat_variable_t *id, *text, *score;
	char *path = tmp_path("long.sav"), *err = NULL;
	struct log l = { .stop_at = 0 };
	char longtext[601];
	struct buf want;
	FILE *f = fopen(path, "wb");
	long i;

	ck_assert_ptr_nonnull(f);
	memset(longtext, 'x', 600);
	longtext[0] = 'A';
	longtext[599] = 'Z';
	longtext[600] = '\0';
	readstat_set_data_writer(w, write_file);
	readstat_writer_set_compression(w, READSTAT_COMPRESS_ROWS);
	id = readstat_add_variable(w, "id", READSTAT_TYPE_DOUBLE, 0);
	text = readstat_add_variable(w, "toelichting", READSTAT_TYPE_STRING, 600);
	score = readstat_add_variable(w, "score", READSTAT_TYPE_DOUBLE, 0);
	ok(readstat_begin_writing_sav(w, f, 1000));
	buf_init(&want);
	buf_adds(&want, "columns id,toelichting,score\n");
	for (i = 1; i <= 1000; i++) {
		ok(readstat_begin_row(w));
		ok(readstat_insert_double_value(w, id, (double)i));
		ok(readstat_insert_string_value(w, text, i == 500 ? longtext : "kort"));
		ok(readstat_insert_double_value(w, score, (double)i / 4));
		ok(readstat_end_row(w));
		buf_printf(&want, "%ld: %ld|%s|%.15g\n", i, i, i == 500 ? longtext : "kort",
			   (double)i / 4);
	}
	ok(readstat_end_writing(w));
	readstat_writer_free(w);
	ck_assert_int_eq(fclose(f), 0);

	ck_assert_int_eq(run(path, "long.sav", &l, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(l.records, 1000);
	ck_assert_str_eq(l.out.s, want.s);
	buf_release(&want);
	buf_release(&l.out);
	free(err);
	free(path);
}
END_TEST

static void write_bytes(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(p, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * Run the reader on bad input: it must fail, say exactly msg and send no more
 * than `records` records (a stream delivers the cases before the damage; the
 * importer's transaction discards them).
 */
static void expect_error_after(const char *path, const char *name, long records, const char *msg)
{
	struct log l = { .stop_at = 0 };
	char *err = NULL;

	ck_assert_int_eq(run(path, name, &l, &err), -1);
	ck_assert_str_eq(err, msg);
	ck_assert_int_eq(l.records, records);
	buf_release(&l.out);
	free(err);
}

static void expect_error(const char *path, const char *name, const char *msg)
{
	expect_error_after(path, name, 0, msg);
}

START_TEST(test_sav_not_spss)
{
	static const char csv[] = "id;tevreden\n1;2\n2;1\n";
	struct buf big;
	char *path = tmp_path("renamed.sav");
	int i;

	write_bytes(path, csv, sizeof(csv) - 1);
	expect_error(path, "renamed.sav",
		     "renamed.sav: not a valid SPSS file: Invalid file, or file has unsupported features\n");
	buf_init(&big);
	for (i = 0; i < 1000; i++)
		buf_printf(&big, "%d;%d\n", i, i % 5);
	write_bytes(path, big.s, big.len);
	expect_error(path, "renamed.sav",
		     "renamed.sav: not a valid SPSS file: Invalid file, or file has unsupported features\n");
	write_bytes(path, "$FL", 3);
	expect_error(path, "renamed.sav",
		     "renamed.sav: not a valid SPSS file: Invalid file, or file has unsupported features\n");
	buf_release(&big);
	free(path);
}
END_TEST

/* The right magic number followed by rubbish: ReadStat's own judgement, with the
 * raw bytes it quotes made printable. */
START_TEST(test_sav_garbage_after_magic)
{
	static const char prefix[] = "garbage.sav: not a valid SPSS file: ";
	struct log l = { .stop_at = 0 };
	char *path = tmp_path("garbage.sav"), *err = NULL;
	char data[4096];
	size_t i;

	memcpy(data, "$FL2", 4);
	for (i = 4; i < sizeof(data); i++)
		data[i] = (char)(i * 7919 % 251);
	write_bytes(path, data, sizeof(data));
	ck_assert_int_eq(run(path, "garbage.sav", &l, &err), -1);
	ck_assert_int_eq(strncmp(err, prefix, strlen(prefix)), 0);
	for (i = 0; err[i]; i++)
		ck_assert((err[i] >= 0x20 && err[i] <= 0x7e) || err[i] == '\n');
	ck_assert_ptr_null(l.out.s);
	free(err);
	free(path);
}
END_TEST

/* A good file whose first dictionary record has an unknown type. */
START_TEST(test_sav_bad_record_type)
{
	char *path = tmp_path("badrec.sav");
	char *data;
	size_t len;

	write_survey(path, READSTAT_COMPRESS_NONE);
	ck_assert_int_eq(file_read(path, 1 << 20, &data, &len), 0);
	ck_assert_int_eq(data[176], 2);	/* after the 176-byte header: variable record */
	data[176] = 99;
	write_bytes(path, data, len);
	expect_error(path, "badrec.sav",
		     "badrec.sav: not a valid SPSS file: Invalid file, or file has unsupported features\n");
	free(data);
	free(path);
}
END_TEST

START_TEST(test_sav_empty)
{
	char *path = tmp_path("empty.sav");

	write_bytes(path, "", 0);
	expect_error(path, "empty.sav",
		     "empty.sav: empty file, expected an SPSS .sav or .zsav file\n");
	free(path);
}
END_TEST

START_TEST(test_sav_missing_file)
{
	char *path = tmp_path("does-not-exist.sav");

	expect_error(path, "does-not-exist.sav",
		     "does-not-exist.sav: cannot open file: No such file or directory\n");
	free(path);
}
END_TEST

START_TEST(test_sav_directory)
{
	expect_error(tmpdir, "dir.sav", "dir.sav: cannot read file: Is a directory\n");
}
END_TEST

/* Cut a good file short: in its header, its dictionary and its data. */
static void expect_truncated(readstat_compress_t compression, const char *name, size_t keep,
			     long from_end, long records, const char *msg)
{
	char *good = tmp_path("good-for-truncation.sav"), *bad = tmp_path(name);
	char *data;
	size_t len;

	write_survey(good, compression);
	ck_assert_int_eq(file_read(good, 1 << 20, &data, &len), 0);
	if (from_end)
		keep = len - (size_t)from_end;
	ck_assert_uint_lt(keep, len);
	write_bytes(bad, data, keep);
	expect_error_after(bad, name, records, msg);
	free(data);
	free(bad);
	free(good);
}

START_TEST(test_sav_truncated_header)
{
	expect_truncated(READSTAT_COMPRESS_NONE, "cut-header.sav", 100, 0, 0,
			 "cut-header.sav: not a valid SPSS file: Unable to read from file"
			 " (the file ends too early)\n");
}
END_TEST

START_TEST(test_sav_truncated_dictionary)
{
	expect_truncated(READSTAT_COMPRESS_NONE, "cut-dict.sav", 400, 0, 0,
			 "cut-dict.sav: not a valid SPSS file: Unable to read from file"
			 " (the file ends too early)\n");
}
END_TEST

START_TEST(test_sav_truncated_data)
{
	expect_truncated(READSTAT_COMPRESS_NONE, "cut-data.sav", 0, 30, 1,
			 "cut-data.sav: not a valid SPSS file:"
			 " File did not contain the expected number of rows\n");
}
END_TEST

START_TEST(test_zsav_truncated)
{
	expect_truncated(READSTAT_COMPRESS_BINARY, "cut.zsav", 0, 30, 0,
			 "cut.zsav: not a valid SPSS file: Unable to read from file"
			 " (the file ends too early)\n");
}
END_TEST

/* A sink that says stop: the reader returns -1, prints nothing, calls nothing more. */
START_TEST(test_sav_sink_stops)
{
	char *path = tmp_path("stop.sav"), *err = NULL;
	struct log l = { .stop_at = 2 };
	struct log c = { .stop_columns = 1 };

	write_survey(path, READSTAT_COMPRESS_NONE);
	ck_assert_int_eq(run(path, "stop.sav", &l, &err), -1);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(l.records, 2);
	free(err);
	ck_assert_int_eq(run(path, "stop.sav", &c, &err), -1);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(c.out.s, "columns id,tevreden,cijfer,geslacht,opmerking,aanrader\n");
	ck_assert_int_eq(c.records, 0);
	buf_release(&l.out);
	buf_release(&c.out);
	free(err);
	free(path);
}
END_TEST

/* Asking for Windows-1252 overrides the file's own character set: the UTF-8
 * "é" of the fixture then reads as the two Windows-1252 characters "Ã©". */
START_TEST(test_sav_encoding_override)
{
	struct src_options opt = { .encoding = SRC_WINDOWS_1252 };
	struct log l = { .stop_at = 0 };
	struct src_sink sink = { log_columns, NULL, log_record, &l };
	char *path = tmp_path("cp1252.sav");
	struct diag d;

	write_survey(path, READSTAT_COMPRESS_NONE);
	diag_init(&d, "cp1252.sav", 10);
	ck_assert_int_eq(sav_read(path, &opt, &d, &sink), 0);
	ck_assert_int_eq(d.errors, 0);
	ck_assert_ptr_nonnull(strstr(l.out.s, "|h\xc3\x83\xc2\xa9\xc3\x83\xc2\xa9l fijn|"));
	buf_release(&l.out);
	free(path);
}
END_TEST

/* Without a label callback the reader skips labels. */
START_TEST(test_sav_no_label_sink)
{
	struct log l = { .stop_at = 0 };
	struct src_sink sink = { log_columns, NULL, log_record, &l };
	char *path = tmp_path("nolabel.sav");
	struct diag d;

	write_survey(path, READSTAT_COMPRESS_NONE);
	diag_init(&d, "nolabel.sav", 10);
	ck_assert_int_eq(sav_read(path, NULL, &d, &sink), 0);
	ck_assert_int_eq(d.errors, 0);
	ck_assert_int_eq(l.records, 3);
	ck_assert_ptr_null(strstr(l.out.s, "label"));
	buf_release(&l.out);
	free(path);
}
END_TEST

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_sav.XXXXXX");
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

static Suite *sav_suite(void)
{
	Suite *s = suite_create("sav");
	TCase *tc = tcase_create("sav");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_sav_plain);
	tcase_add_test(tc, test_sav_row_compressed);
	tcase_add_test(tc, test_zsav);
	tcase_add_test(tc, test_sav_no_cases);
	tcase_add_test(tc, test_sav_long_string_many_cases);
	tcase_add_test(tc, test_sav_not_spss);
	tcase_add_test(tc, test_sav_garbage_after_magic);
	tcase_add_test(tc, test_sav_bad_record_type);
	tcase_add_test(tc, test_sav_empty);
	tcase_add_test(tc, test_sav_missing_file);
	tcase_add_test(tc, test_sav_directory);
	tcase_add_test(tc, test_sav_truncated_header);
	tcase_add_test(tc, test_sav_truncated_dictionary);
	tcase_add_test(tc, test_sav_truncated_data);
	tcase_add_test(tc, test_zsav_truncated);
	tcase_add_test(tc, test_sav_sink_stops);
	tcase_add_test(tc, test_sav_no_label_sink);
	tcase_add_test(tc, test_sav_encoding_override);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(sav_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
