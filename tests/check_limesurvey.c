/* check_limesurvey.c: unit tests of collect/limesurvey: base64 decoding and JSON-RPC answers, LimeSurvey's quirks included. */
#include "collect/limesurvey.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

/* ---- base64 ---- */

struct b64_case {
	const char *in;
	size_t in_len;		/* 0: strlen(in) */
	size_t max;
	const char *out;	/* expected bytes, or NULL when refused */
	size_t out_len;
	const char *why;	/* expected reason when refused */
};

static const struct b64_case b64_cases[] = {
	{ "", 0, 100, "", 0, NULL },
	{ "Zg==", 0, 100, "f", 1, NULL },
	{ "Zm8=", 0, 100, "fo", 2, NULL },
	{ "Zm9v", 0, 100, "foo", 3, NULL },
	{ "Zm9vYmFy", 0, 100, "foobar", 6, NULL },
	{ "eyJyZXNwb25zZXMiOiBbXX0=", 0, 100, "{\"responses\": []}", 17, NULL },
	/* white space between characters (chunked encoders, pretty printers) is skipped */
	{ " Zm9v\r\nYmFy\n", 0, 100, "foobar", 6, NULL },
	{ "Zm9v\tYmE=\n", 0, 100, "fooba", 5, NULL },
	/* the whole alphabet, '+' and '/' included; bytes may be anything but are counted */
	{ "+/+/", 0, 100, "\xfb\xff\xbf", 3, NULL },
	{ "AAAA", 0, 100, "\0\0\0", 3, NULL },
	/* exactly at the limit, and one byte over it */
	{ "Zm9v", 0, 3, "foo", 3, NULL },
	{ "Zm9v", 0, 2, NULL, 0, "decoded text is larger than the limit" },
	/* cut off, or not base64 at all */
	{ "Zm9", 0, 100, NULL, 0, "length is not a multiple of 4 (cut off?)" },
	{ "Zm9vY", 0, 100, NULL, 0, "length is not a multiple of 4 (cut off?)" },
	{ "Zm9v*", 0, 100, NULL, 0, "a character outside the base64 alphabet" },
	{ "Zm-_", 0, 100, NULL, 0, "a character outside the base64 alphabet" },	/* base64url */
	{ "Zm9v\0AAA", 8, 100, NULL, 0, "a character outside the base64 alphabet" },
	{ "{\"id\":1}", 0, 100, NULL, 0, "a character outside the base64 alphabet" },
	/* padding only at the end, at most two */
	{ "Zm=v", 0, 100, NULL, 0, "'=' padding before the end" },
	{ "Zg==Zg==", 0, 100, NULL, 0, "'=' padding before the end" },
	{ "Z===", 0, 100, NULL, 0, "more than two '=' at the end" },
	{ "====", 0, 100, NULL, 0, "more than two '=' at the end" },
};

START_TEST(test_base64)
{
	const struct b64_case *c = &b64_cases[_i];
	size_t len = c->in_len ? c->in_len : strlen(c->in), out_len = 12345;
	const char *why = NULL;
	char *out = NULL;
	int rc = limesurvey_base64_decode(c->in, len, c->max, &out, &out_len, &why);

	if (c->out) {
		ck_assert_msg(rc == 0, "case %d: refused: %s", _i, why ? why : "?");
		ck_assert_uint_eq(out_len, c->out_len);
		ck_assert_int_eq(memcmp(out, c->out, out_len), 0);
		ck_assert_int_eq(out[out_len], '\0');
		free(out);
	} else {
		ck_assert_msg(rc == -1, "case %d: accepted", _i);
		ck_assert_ptr_null(out);
		ck_assert_str_eq(why, c->why);
	}
}
END_TEST

/* ---- JSON-RPC answers ---- */

struct answer_case {
	const char *body;
	size_t len;		/* 0: strlen(body) */
	long id;
	int ok;
	enum limesurvey_answer_kind kind;
	const char *text;	/* the value, status or error; or why it was refused */
};

#define LS_VALUE LIMESURVEY_VALUE
#define LS_STATUS LIMESURVEY_STATUS
#define LS_ERROR LIMESURVEY_ERROR

static const struct answer_case answer_cases[] = {
	/* what get_session_key, export_responses and release_session_key answer */
	{ "{\"id\": 1, \"result\": \"a1b2c3\", \"error\": null}", 0, 1, 1, LS_VALUE, "a1b2c3" },
	{ "{\"id\":7,\"result\":\"OK\",\"error\":null}", 0, 7, 1, LS_VALUE, "OK" },
	/* LimeSurvey's own errors arrive inside "result", with "error": null */
	{ "{\"id\":1,\"result\":{\"status\":\"Invalid session key\"},\"error\":null}", 0, 1, 1,
	  LS_STATUS, "Invalid session key" },
	{ "{\"id\":1,\"result\":{\"status\":\"No permission\"},\"error\":null}", 0, 1, 1,
	  LS_STATUS, "No permission" },
	{ "{\"id\":1,\"result\":{\"status\":\"No Data, could not get max id.\"},\"error\":null}", 0,
	  1, 1, LS_STATUS, "No Data, could not get max id." },
	{ "{\"id\":1,\"result\":{\"status\":\"Invalid user name or password\"},\"error\":null}", 0,
	  1, 1, LS_STATUS, "Invalid user name or password" },
	{ "{\"id\":1,\"result\":{\"status\":\"Geen toegang \\u00e9\"}}", 0, 1, 1, LS_STATUS,
	  "Geen toegang \xc3\xa9" },
	/* JSON-RPC errors: a string (LimeSurvey), or an object (JSON-RPC 2.0) */
	{ "{\"id\":1,\"result\":null,\"error\":\"unknown method or incorrect parameters\"}", 0, 1, 1,
	  LS_ERROR, "unknown method or incorrect parameters" },
	{ "{\"id\":1,\"result\":null,\"error\":{\"code\":-32601,\"message\":\"Method not found\"}}",
	  0, 1, 1, LS_ERROR, "Method not found" },
	{ "{\"id\":1,\"error\":{\"code\":-32601}}", 0, 1, 1, LS_ERROR, "{\"code\":-32601}" },
	/* PHP's stray byte order mark and white space around the answer */
	{ "\xEF\xBB\xBF \r\n{\"id\":1,\"result\":\"k\",\"error\":null}\r\n", 0, 1, 1, LS_VALUE, "k" },
	/* ids: left out, or a string, are fine; someone else's are not */
	{ "{\"result\":\"k\"}", 0, 1, 1, LS_VALUE, "k" },
	{ "{\"id\":null,\"result\":\"k\"}", 0, 1, 1, LS_VALUE, "k" },
	{ "{\"id\":\"3\",\"result\":\"k\"}", 0, 3, 1, LS_VALUE, "k" },
	{ "{\"id\":2,\"result\":\"k\"}", 0, 1, 0, 0, "an answer to another request (its id is not ours)" },
	{ "{\"id\":\"x\",\"result\":\"k\"}", 0, 1, 0, 0,
	  "an answer to another request (its id is not ours)" },
	/* not an answer: an empty page (wrong content type), HTML, cut off, trailing notices */
	{ "", 0, 1, 0, 0, "an empty answer" },
	{ " \r\n", 0, 1, 0, 0, "an empty answer" },
	{ "\xEF\xBB\xBF", 0, 1, 0, 0, "an empty answer" },
	{ "<!DOCTYPE html><html><body>Login</body></html>", 0, 1, 0, 0, "not valid JSON" },
	{ "{\"id\": 1, \"result\": \"abc\", ", 0, 1, 0, 0, "not valid JSON" },
	{ "{\"id\":1,\"result\":\"k\"}<br />Warning: session_start()", 0, 1, 0, 0,
	  "text after the JSON value" },
	{ "{\"id\":1,\"result\":\"k\"}\0junk", 26, 1, 0, 0, "text after the JSON value" },
	{ "[1, 2]", 0, 1, 0, 0, "not a JSON-RPC answer (not an object)" },
	{ "\"k\"", 0, 1, 0, 0, "not a JSON-RPC answer (not an object)" },
	{ "{\"id\":1}", 0, 1, 0, 0, "not a JSON-RPC answer (no \"result\" and no \"error\")" },
	{ "{\"id\":1,\"result\":null,\"error\":null}", 0, 1, 0, 0, "the result is null" },
	{ "{\"id\":1,\"result\":42,\"error\":null}", 0, 1, 0, 0,
	  "the result is neither a string nor an object with a \"status\"" },
	{ "{\"id\":1,\"result\":{\"sid\":5}}", 0, 1, 0, 0,
	  "the result is neither a string nor an object with a \"status\"" },
	{ "{\"id\":1,\"result\":{\"status\":5}}", 0, 1, 0, 0,
	  "the result is neither a string nor an object with a \"status\"" },
};

START_TEST(test_answer)
{
	const struct answer_case *c = &answer_cases[_i];
	size_t len = c->len ? c->len : strlen(c->body);
	struct limesurvey_answer a = { LIMESURVEY_VALUE, NULL };
	const char *why = NULL;
	int rc = limesurvey_answer_parse(c->body, len, c->id, &a, &why);

	if (c->ok) {
		ck_assert_msg(rc == 0, "case %d: refused: %s", _i, why ? why : "?");
		ck_assert_int_eq(a.kind, c->kind);
		ck_assert_str_eq(a.text, c->text);
	} else {
		ck_assert_msg(rc == -1, "case %d: accepted", _i);
		ck_assert_ptr_null(a.text);
		ck_assert_str_eq(why, c->text);
	}
	limesurvey_answer_release(&a);
	ck_assert_ptr_null(a.text);
}
END_TEST

/* A large export's result string is handed over, not copied: still exact. */
START_TEST(test_answer_large)
{
	size_t n = (size_t)3 << 20, i;
	char *body = malloc(n + 64), *p = body;
	struct limesurvey_answer a = { LIMESURVEY_VALUE, NULL };
	const char *why = NULL;

	ck_assert_ptr_nonnull(body);
	memcpy(p, "{\"id\":1,\"result\":\"", 18);
	p += 18;
	for (i = 0; i < n; i++)
		*p++ = "QUJD"[i % 4];
	memcpy(p, "\",\"error\":null}", 16);
	ck_assert_int_eq(limesurvey_answer_parse(body, strlen(body), 1, &a, &why), 0);
	ck_assert_int_eq(a.kind, LIMESURVEY_VALUE);
	ck_assert_uint_eq(strlen(a.text), n);
	ck_assert_int_eq(memcmp(a.text, "QUJDQUJD", 8), 0);
	limesurvey_answer_release(&a);
	free(body);
}
END_TEST

static Suite *limesurvey_suite(void)
{
	Suite *s = suite_create("limesurvey");
	TCase *tc = tcase_create("base64");

	tcase_add_loop_test(tc, test_base64, 0, (int)(sizeof(b64_cases) / sizeof(b64_cases[0])));
	suite_add_tcase(s, tc);
	tc = tcase_create("answers");
	tcase_add_loop_test(tc, test_answer, 0,
			    (int)(sizeof(answer_cases) / sizeof(answer_cases[0])));
	tcase_add_test(tc, test_answer_large);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(limesurvey_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
