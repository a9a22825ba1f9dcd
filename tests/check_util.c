/* check_util.c: unit tests of core/util (numbers, buffers, files, comparison) and core/strset. */
#include "tests/testutil.h"
#include "core/strset.h"
#include "core/util.h"

#include <check.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* One directory per run (removed at the end even when a test fails), one below it per test. */
static char topdir[64];
static char tmpdir[128];

/* ---- capturing what a call prints on fd 2 ---- */


static char *write_tmp(const char *name, const void *data, size_t n)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void setup_run(void)
{
	snprintf(topdir, sizeof(topdir), "/tmp/check_util.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(topdir));
}

static void teardown_run(void)
{
	rm_rf(topdir);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/t.XXXXXX", topdir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	rm_rf(tmpdir);
}

/* ---- num_parse ---- */

struct num_case {
	const char *in;
	int allow_comma;
	int ok;
	double want;
};

#define SENTINEL 12345.25

static const struct num_case num_cases[] = {
	{ " 7 ", 0, 1, 7 },
	{ "\t7\t", 0, 1, 7 },
	{ "7", 0, 1, 7 },
	{ "+7", 0, 1, 7 },
	{ "-7.25", 0, 1, -7.25 },
	{ "7.5", 0, 1, 7.5 },
	{ "7.5", 1, 1, 7.5 },
	{ "7,5", 1, 1, 7.5 },
	{ " 7,5 ", 1, 1, 7.5 },
	{ "-0,25", 1, 1, -0.25 },
	{ "7,5", 0, 0, 0 },
	{ "1e3", 0, 1, 1000 },
	{ "1E3", 0, 1, 1000 },
	{ "2.5e-3", 0, 1, 0.0025 },
	{ "", 0, 0, 0 },
	{ "", 1, 0, 0 },
	{ "   ", 0, 0, 0 },
	{ "abc", 0, 0, 0 },
	{ "7abc", 0, 0, 0 },
	{ "7.5.1", 0, 0, 0 },
	{ "7.5.1", 1, 0, 0 },
	{ "nan", 0, 0, 0 },
	{ "NaN", 1, 0, 0 },
	{ "inf", 0, 0, 0 },
	{ "-inf", 0, 0, 0 },
	{ "infinity", 0, 0, 0 },
	{ "1e999", 0, 0, 0 },
	{ "-1e999", 0, 0, 0 },
	{ "-0", 0, 1, 0 },
	{ "7,5,1", 1, 0, 0 },
	{ "7,5,1", 0, 0, 0 },
	{ "7.5,1", 1, 0, 0 },
	{ "0x10", 0, 0, 0 },
	{ "0x10", 1, 0, 0 },
	{ "1 2", 0, 0, 0 },
	{ "-", 0, 0, 0 },
	{ ".", 0, 0, 0 },
	{ ",", 1, 0, 0 },
	{ "e5", 0, 0, 0 },
	{ "1e", 0, 0, 0 },
	{ "--1", 0, 0, 0 },
	{ "12345678901234567890", 0, 1, 12345678901234567890.0 },
};

START_TEST(test_num_parse)
{
	const struct num_case *c = &num_cases[_i];
	double v = SENTINEL;
	int rc = num_parse(c->in, c->allow_comma, &v);

	if (c->ok) {
		ck_assert_msg(rc == 0, "num_parse(\"%s\", %d) = %d, expected 0", c->in,
			      c->allow_comma, rc);
		ck_assert_msg(v == c->want, "num_parse(\"%s\", %d) gave %.17g, expected %.17g",
			      c->in, c->allow_comma, v, c->want);
	} else {
		ck_assert_msg(rc == -1, "num_parse(\"%s\", %d) = %d (value %.17g), expected -1",
			      c->in, c->allow_comma, rc, v);
		ck_assert_msg(v == SENTINEL, "num_parse(\"%s\") changed *out on failure", c->in);
	}
}
END_TEST

START_TEST(test_num_parse_nothing_printed)
{
	struct capture cap;
	double v;
	char *err;

	capture_start(&cap);
	ck_assert_int_eq(num_parse("abc", 1, &v), -1);
	ck_assert_int_eq(num_parse("1e999", 0, &v), -1);
	err = capture_end(&cap);
	ck_assert_str_eq(err, "");
	free(err);
}
END_TEST

/* ---- num_parse_long ---- */

struct long_case {
	const char *in;
	int ok;
	long want;
};

static const struct long_case long_cases[] = {
	{ "42", 1, 42 },
	{ " 42 ", 1, 42 },
	{ "\t-42\t", 1, -42 },
	{ "+42", 1, 42 },
	{ "0", 1, 0 },
	{ "-0", 1, 0 },
	{ "007", 1, 7 },
	{ "", 0, 0 },
	{ "  ", 0, 0 },
	{ "abc", 0, 0 },
	{ "12abc", 0, 0 },
	{ "12 3", 0, 0 },
	{ "1.5", 0, 0 },
	{ "1e3", 0, 0 },
	{ "0x10", 0, 0 },
	{ "-", 0, 0 },
	{ "+-5", 0, 0 },
	{ "- 5", 0, 0 },
};

START_TEST(test_num_parse_long)
{
	const struct long_case *c = &long_cases[_i];
	long v = 777;
	int rc = num_parse_long(c->in, &v);

	if (c->ok) {
		ck_assert_msg(rc == 0, "num_parse_long(\"%s\") = %d, expected 0", c->in, rc);
		ck_assert_msg(v == c->want, "num_parse_long(\"%s\") gave %ld, expected %ld", c->in,
			      v, c->want);
	} else {
		ck_assert_msg(rc == -1, "num_parse_long(\"%s\") = %d (value %ld), expected -1",
			      c->in, rc, v);
		ck_assert_msg(v == 777, "num_parse_long(\"%s\") changed *out on failure", c->in);
	}
}
END_TEST

START_TEST(test_num_parse_long_limits)
{
	char *max = xasprintf("%ld", LONG_MAX), *min = xasprintf("%ld", LONG_MIN);
	char *over = xasprintf("%lu", (unsigned long)LONG_MAX + 1);
	char *under = xasprintf("-%lu0", (unsigned long)LONG_MAX);
	long v = 0;

	ck_assert_int_eq(num_parse_long(max, &v), 0);
	ck_assert_int_eq(v, LONG_MAX);
	ck_assert_int_eq(num_parse_long(min, &v), 0);
	ck_assert_int_eq(v, LONG_MIN);
	v = 777;
	ck_assert_int_eq(num_parse_long(over, &v), -1);
	ck_assert_int_eq(num_parse_long(under, &v), -1);
	ck_assert_int_eq(num_parse_long("99999999999999999999999999", &v), -1);
	ck_assert_int_eq(v, 777);
	free(max);
	free(min);
	free(over);
	free(under);
}
END_TEST

/* ---- num_format ---- */

struct fmt_case {
	double v;
	const char *want;
};

static const struct fmt_case fmt_cases[] = {
	{ 7, "7" },
	{ 7.5, "7.5" },
	{ -7.25, "-7.25" },
	{ 0.1, "0.1" },
	{ 0, "0" },
	{ -0.0, "0" },
	{ 1e21, "1e+21" },
	{ 1e-7, "1e-07" },
	{ 123456789012345, "123456789012345" },
	{ 1234.5678, "1234.5678" },
	{ 1.0 / 3, "0.333333333333333" },	/* 15 significant digits, by design */
	{ 0.1 + 0.2, "0.3" },
	{ -1.7976931348623157e308, "-1.79769313486232e+308" },
};

START_TEST(test_num_format)
{
	const struct fmt_case *c = &fmt_cases[_i];
	char buf[32];

	ck_assert_ptr_eq(num_format(c->v, buf), buf);
	ck_assert_str_eq(buf, c->want);
}
END_TEST

/* Values with at most 15 significant digits survive num_format -> num_parse exactly. */
START_TEST(test_num_format_roundtrip)
{
	static const double vals[] = { 7, 7.5, -7.25, 0.1, 0.2, 0.3, 1e21, 1e-7, 2.5e-3,
		123456789012345, 1234.5678, 99.9, -0.001, 1e300, 3.14159265358979 };
	char buf[32];
	size_t i;
	double back;

	for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
		num_format(vals[i], buf);
		ck_assert_msg(num_parse(buf, 0, &back) == 0, "num_parse(\"%s\") failed", buf);
		ck_assert_msg(back == vals[i], "%.17g -> \"%s\" -> %.17g", vals[i], buf, back);
	}
}
END_TEST

/* ---- struct buf ---- */

START_TEST(test_buf_growth)
{
	struct buf b;
	size_t i;
	char *s;

	buf_init(&b);
	ck_assert_ptr_null(b.s);
	ck_assert_uint_eq(b.len, 0);
	for (i = 0; i < 100000; i++) {
		buf_addc(&b, (char)('a' + i % 26));
		ck_assert_uint_eq(b.len, i + 1);
		ck_assert_uint_gt(b.cap, b.len);
		ck_assert_int_eq(b.s[b.len], '\0');
	}
	for (i = 0; i < 100000; i++)
		ck_assert_int_eq(b.s[i], 'a' + i % 26);
	ck_assert_uint_eq(strlen(b.s), 100000);

	buf_reset(&b);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.s, "");
	buf_add(&b, "ab\0cd", 5);
	ck_assert_uint_eq(b.len, 5);
	ck_assert_int_eq(memcmp(b.s, "ab\0cd", 6), 0);
	buf_reset(&b);
	buf_adds(&b, "cli\xc3\xabnt");
	buf_printf(&b, " %d/%s", 42, "x");
	ck_assert_str_eq(b.s, "cli\xc3\xabnt 42/x");
	buf_printf(&b, "%s", "");	/* nothing to add */
	ck_assert_uint_eq(b.len, strlen("cli\xc3\xabnt 42/x"));
	buf_release(&b);
	ck_assert_ptr_null(b.s);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(b.cap, 0);

	/* buf_printf beyond the current capacity, in several steps */
	buf_init(&b);
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%05zu%s", i, "-0123456789012345678901234567890123456789");
	ck_assert_uint_eq(b.len, 1000 * 46);
	ck_assert_uint_eq(strlen(b.s), b.len);
	ck_assert_int_eq(strncmp(b.s + 999 * 46, "00999-0123", 10), 0);
	s = buf_detach(&b);
	ck_assert_ptr_null(b.s);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_uint_eq(strlen(s), 1000 * 46);
	free(s);

	/* detaching an empty buffer gives an empty string, not NULL */
	s = buf_detach(&b);
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s, "");
	free(s);
	buf_release(&b);
}
END_TEST

START_TEST(test_xasprintf)
{
	char *s = xasprintf("%s:%ld:%d: %s", "ceo-2016.csv", 17L, 4, "value '11'");

	ck_assert_str_eq(s, "ceo-2016.csv:17:4: value '11'");
	free(s);
	s = xasprintf("%s", "");
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

/* ---- strset ---- */

START_TEST(test_strset)
{
	struct strset s;
	char key[32];
	int i;

	strset_init(&s);
	ck_assert_int_eq(strset_has(&s, "x"), 0);	/* empty set, no slots yet */
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "resp-%d", i);
		ck_assert_msg(strset_add(&s, key) == 1, "first add of %s", key);
	}
	ck_assert_uint_eq(s.n, 10000);
	for (i = 0; i < 10000; i++) {
		snprintf(key, sizeof(key), "resp-%d", i);
		ck_assert_msg(strset_add(&s, key) == 0, "duplicate %s added again", key);
		ck_assert_msg(strset_has(&s, key), "%s lost", key);
	}
	ck_assert_uint_eq(s.n, 10000);
	for (i = 10000; i < 20000; i++) {
		snprintf(key, sizeof(key), "resp-%d", i);
		ck_assert_msg(!strset_has(&s, key), "%s found but never added", key);
	}
	ck_assert_int_eq(strset_has(&s, "resp-"), 0);
	ck_assert_int_eq(strset_has(&s, "RESP-1"), 0);	/* case-sensitive */
	ck_assert_int_eq(strset_add(&s, ""), 1);
	ck_assert_int_eq(strset_add(&s, ""), 0);
	ck_assert_int_eq(strset_has(&s, ""), 1);
	ck_assert_uint_eq(s.n, 10001);
	ck_assert_uint_gt(s.cap, 2 * s.n - 1);	/* load factor at most 1/2 */
	strset_release(&s);
	ck_assert_uint_eq(s.n, 0);
	ck_assert_int_eq(strset_has(&s, "resp-1"), 0);
	/* a released set can be used again */
	ck_assert_int_eq(strset_add(&s, "a"), 1);
	ck_assert_int_eq(strset_has(&s, "a"), 1);
	strset_release(&s);
}
END_TEST

/* ---- files ---- */

struct sha_case {
	const char *name;
	const char *data;	/* NULL: 200000 bytes 'a' */
	const char *want;
};

/*
 * Expected values from GNU coreutils sha256sum 9.1:
 *	printf 'tevreden\n' | sha256sum
 *	printf '' | sha256sum
 *	printf 'abc' | sha256sum              (also FIPS 180-2, appendix B.1)
 *	printf 'cli\xc3\xabnt' | sha256sum
 *	head -c 200000 /dev/zero | tr '\0' a | sha256sum   (more than one 64 KiB read)
 */
static const struct sha_case sha_cases[] = {
	{ "tevreden.txt", "tevreden\n",
	  "94f9c15b396148d59f1094f0c69664f2d145b8b6bffda4e0f01fc0c38e7d60d5" },
	{ "empty.txt", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "abc.txt", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "client.txt", "cli\xc3\xabnt",
	  "374873fae324e6e645cc5f866a1ff59fe86dc1285510f6b1cec89cb6d851af3b" },
	{ "big.txt", NULL, "2287d207f24a941ff3b56c04c8a25ad56b63e3023207b3bb5b4ac0c9869d74be" },
};

START_TEST(test_file_sha256)
{
	const struct sha_case *c = &sha_cases[_i];
	char hex[65], *path, *big = NULL;

	if (c->data) {
		path = write_tmp(c->name, c->data, strlen(c->data));
	} else {
		big = xmalloc(200000);
		memset(big, 'a', 200000);
		path = write_tmp(c->name, big, 200000);
	}
	memset(hex, 'X', sizeof(hex));
	ck_assert_int_eq(file_sha256(path, hex), 0);
	ck_assert_str_eq(hex, c->want);
	free(path);
	free(big);
}
END_TEST

START_TEST(test_file_sha256_missing)
{
	struct capture cap;
	char hex[65], *path = xasprintf("%s/nope.txt", tmpdir), *err, *want;

	want = xasprintf("tevreden: cannot open '%s': No such file or directory\n", path);
	capture_start(&cap);
	ck_assert_int_eq(file_sha256(path, hex), -1);
	err = capture_end(&cap);
	ck_assert_str_eq(err, want);
	free(err);
	free(want);
	free(path);
}
END_TEST

START_TEST(test_file_read)
{
	struct capture cap;
	char *path = write_tmp("r.txt", "ab\0cd", 5), *text = NULL, *err, *want;
	size_t len = 0;

	ck_assert_int_eq(file_read(path, 5, &text, &len), 0);
	ck_assert_uint_eq(len, 5);
	ck_assert_int_eq(memcmp(text, "ab\0cd", 6), 0);	/* NUL-terminated */
	free(text);

	text = NULL;
	want = xasprintf("tevreden: '%s' is larger than 4 bytes\n", path);
	capture_start(&cap);
	ck_assert_int_eq(file_read(path, 4, &text, &len), -1);
	err = capture_end(&cap);
	ck_assert_str_eq(err, want);
	ck_assert_ptr_null(text);
	free(err);
	free(want);
	free(path);
}
END_TEST

/*
 * The header promises a NUL-terminated buffer, also for an empty file (fresh
 * heap memory is often zero, so valgrind is the reliable witness here).
 */
START_TEST(test_file_read_empty)
{
	char *path = write_tmp("empty.txt", "", 0), *text = NULL;
	size_t len = 99;
	int rc, terminated;

	rc = file_read(path, 10, &text, &len);
	free(path);
	ck_assert_int_eq(rc, 0);
	ck_assert_ptr_nonnull(text);
	terminated = text[0] == '\0';
	free(text);
	ck_assert_uint_eq(len, 0);
	ck_assert_msg(terminated, "file_read of an empty file returned an unterminated buffer");
}
END_TEST

/* ---- str_eq_trim_ci ---- */

struct eq_case {
	const char *a, *b;
	int want;
};

static const struct eq_case eq_cases[] = {
	{ "ja", "ja", 1 },
	{ " Ja ", "ja", 1 },
	{ "\tJA\t", "ja", 1 },
	{ "Weet Niet", "weet niet", 1 },
	{ "weet niet", "Weet Niet", 1 },
	{ "weet  niet", "weet niet", 0 },	/* inner spaces are not collapsed */
	{ "ja", " ja", 0 },			/* only a is trimmed */
	{ "jaa", "ja", 0 },
	{ "ja", "jaa", 0 },
	{ "j", "ja", 0 },
	{ "", "", 1 },
	{ "   ", "", 1 },
	{ "", "ja", 0 },
	{ "nee", "ja", 0 },
	{ "\xc3\x8b", "\xc3\xab", 0 },		/* Ë vs ë: ASCII folding only */
	{ " n.v.t. ", "N.V.T.", 1 },
};

START_TEST(test_str_eq_trim_ci)
{
	const struct eq_case *c = &eq_cases[_i];

	ck_assert_msg(!!str_eq_trim_ci(c->a, c->b) == c->want,
		      "str_eq_trim_ci(\"%s\", \"%s\") should be %d", c->a, c->b, c->want);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *util_suite(void)
{
	Suite *s = suite_create("util");
	TCase *tc = tcase_create("numbers");

	tcase_add_loop_test(tc, test_num_parse, 0, N(num_cases));
	tcase_add_test(tc, test_num_parse_nothing_printed);
	tcase_add_loop_test(tc, test_num_parse_long, 0, N(long_cases));
	tcase_add_test(tc, test_num_parse_long_limits);
	tcase_add_loop_test(tc, test_num_format, 0, N(fmt_cases));
	tcase_add_test(tc, test_num_format_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("buffers");
	tcase_add_test(tc, test_buf_growth);
	tcase_add_test(tc, test_xasprintf);
	tcase_add_test(tc, test_strset);
	tcase_add_loop_test(tc, test_str_eq_trim_ci, 0, N(eq_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, setup_run, teardown_run);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_loop_test(tc, test_file_sha256, 0, N(sha_cases));
	tcase_add_test(tc, test_file_sha256_missing);
	tcase_add_test(tc, test_file_read);
	tcase_add_test(tc, test_file_read_empty);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(util_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
