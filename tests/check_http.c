/* check_http.c: unit tests of collect/http: which URLs are accepted (transfers are tested in tests/cli/t-limesurvey.sh). */
#include "collect/http.h"
#include "core/util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What a call prints on fd 2: started by capture_start, returned (new string) by capture_end. */
struct capture {
	FILE *f;
	int saved;
};

static void capture_start(struct capture *c)
{
	fflush(stderr);
	c->f = tmpfile();
	ck_assert_ptr_nonnull(c->f);
	c->saved = dup(2);
	ck_assert_int_ge(c->saved, 0);
	ck_assert_int_ge(dup2(fileno(c->f), 2), 0);
}

static char *capture_end(struct capture *c)
{
	struct buf b;
	char chunk[4096];
	size_t n;

	fflush(stderr);
	ck_assert_int_ge(dup2(c->saved, 2), 0);
	close(c->saved);
	rewind(c->f);
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof(chunk), c->f)) > 0)
		buf_add(&b, chunk, n);
	fclose(c->f);
	return buf_detach(&b);
}

#define CREDS "tevreden: the URL must not hold a user name or password; give the user with " \
	"--user and the password in TEVREDEN_LIMESURVEY_PASSWORD or a credentials file\n"
#define PLAIN(u) "tevreden: '" u "': plain http:// would send the password unencrypted; use " \
	"https:// (--allow-http permits http:// for a test server)\n"

struct url_case {
	const char *url;
	int allow_http;
	const char *err;	/* expected message, "" when accepted */
};

static const struct url_case url_cases[] = {
	{ "https://enquete.example.nl/index.php/admin/remotecontrol", 0, "" },
	{ "https://enquete.example.nl:8443/index.php/admin/remotecontrol?x=a@b", 0, "" },
	{ "HTTPS://ENQUETE.EXAMPLE.NL/rc", 0, "" },
	/* plain http only to this machine, unless allowed */
	{ "http://127.0.0.1:8080/index.php/admin/remotecontrol", 0, "" },
	{ "http://127.3.4.5/rc", 0, "" },
	{ "http://localhost/rc", 0, "" },
	{ "http://LocalHost:80/rc", 0, "" },
	{ "http://[::1]:8080/rc", 0, "" },
	{ "http://enquete.example.nl/rc", 0, PLAIN("http://enquete.example.nl/rc") },
	{ "http://enquete.example.nl/rc", 1, "" },
	{ "http://128.0.0.1/rc", 0, PLAIN("http://128.0.0.1/rc") },
	{ "http://127.0.0.1.example.nl/rc", 0, PLAIN("http://127.0.0.1.example.nl/rc") },
	{ "http://[::2]/rc", 0, PLAIN("http://[::2]/rc") },
	/* credentials never in the URL, and such a URL is never echoed */
	{ "https://onderzoek:geheim@enquete.example.nl/rc", 0, CREDS },
	{ "https://onderzoek@enquete.example.nl/rc", 0, CREDS },
	{ "https://:geheim@enquete.example.nl/rc", 0, CREDS },
	{ "http://onderzoek:ge heim\"@127.0.0.1/rc", 0, CREDS },
	/* other schemes, and no URL at all */
	{ "ftp://enquete.example.nl/rc", 0,
	  "tevreden: 'ftp://enquete.example.nl/rc': only https:// (or http:// to this machine) is "
	  "supported\n" },
	{ "file:///etc/passwd", 0,
	  "tevreden: 'file:///etc/passwd' is not a URL (expected https://host/path)\n" },
	{ "enquete.example.nl/rc", 0,
	  "tevreden: 'enquete.example.nl/rc' is not a URL (expected https://host/path)\n" },
	{ "", 0, "tevreden: '' is not a URL (expected https://host/path)\n" },
	{ "https://", 0, "tevreden: 'https://' is not a URL (expected https://host/path)\n" },
};

START_TEST(test_url)
{
	const struct url_case *c = &url_cases[_i];
	struct capture cap;
	char *err;
	int rc;

	capture_start(&cap);
	rc = http_url_check(c->url, c->allow_http);
	err = capture_end(&cap);
	ck_assert_msg(rc == (*c->err ? -1 : 0), "case %d (%s): returned %d", _i, c->url, rc);
	ck_assert_str_eq(err, c->err);
	free(err);
}
END_TEST

static Suite *http_suite(void)
{
	Suite *s = suite_create("http");
	TCase *tc = tcase_create("urls");

	tcase_add_loop_test(tc, test_url, 0, (int)(sizeof(url_cases) / sizeof(url_cases[0])));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(http_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
