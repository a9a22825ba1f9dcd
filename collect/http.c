/* http.c: the HTTP client (the only file that uses libcurl): JSON POSTs with timeouts, retries, size limit, TLS checks. */
#include "collect/http.h"
#include "core/error.h"
#include "core/util.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

struct http {
	CURL *curl;
	char *url;
	struct curl_slist *headers;
	struct http_options o;
	char errbuf[CURL_ERROR_SIZE];
};

/* The answer being received: never more than max bytes are kept. */
struct http_sink {
	struct buf b;
	size_t max;
	int too_big;
};

static int http_is_loopback(const char *host)
{
	struct in_addr a4;

	if (strcasecmp(host, "localhost") == 0 || strcmp(host, "[::1]") == 0)
		return 1;
	return inet_pton(AF_INET, host, &a4) == 1 && (ntohl(a4.s_addr) >> 24) == 127;
}

/* Does the authority part of url ("scheme://user:pass@host/...") hold user information? */
static int http_has_userinfo(const char *url)
{
	const char *p = strstr(url, "://");
	size_t n;

	if (!p)
		return 0;
	p += 3;
	n = strcspn(p, "/?#");
	return memchr(p, '@', n) != NULL;
}

int http_url_check(const char *url, int allow_http)
{
	CURLU *u;
	char *scheme = NULL, *host = NULL, *user = NULL, *pass = NULL;
	int ret = -1;

	/* Checked before parsing, so that no message ever echoes such a URL. */
	if (http_has_userinfo(url))
		return tv_error("the URL must not hold a user name or password; give the user with "
				"--user and the password in TEVREDEN_LIMESURVEY_PASSWORD or a "
				"credentials file");
	u = curl_url();
	if (!u)
		return tv_error("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		tv_error("'%s' is not a URL (expected https://host/path)", url);
		goto out;
	}
	curl_url_get(u, CURLUPART_USER, &user, 0);
	curl_url_get(u, CURLUPART_PASSWORD, &pass, 0);
	if (user || pass) {
		/* Never echo the URL: it holds a password. */
		tv_error("the URL must not hold a user name or password; give the user with "
			 "--user and the password in TEVREDEN_LIMESURVEY_PASSWORD or a credentials file");
		goto out;
	}
	if (strcmp(scheme, "https") != 0 && strcmp(scheme, "http") != 0) {
		tv_error("'%s': only https:// (or http:// to this machine) is supported", url);
		goto out;
	}
	if (strcmp(scheme, "http") == 0 && !allow_http && !http_is_loopback(host)) {
		tv_error("'%s': plain http:// would send the password unencrypted; use https:// "
			 "(--allow-http permits http:// for a test server)", url);
		goto out;
	}
	ret = 0;
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(user);
	curl_free(pass);
	curl_url_cleanup(u);
	return ret;
}

static size_t http_write(char *data, size_t size, size_t n, void *ctx)
{
	struct http_sink *s = ctx;
	size_t len = size * n;

	if (len > s->max - s->b.len) {
		s->too_big = 1;
		return 0;	/* makes libcurl abort the transfer */
	}
	buf_add(&s->b, data, len);
	return len;
}

int http_open(struct http **out, const char *url, const struct http_options *o)
{
	struct http *h;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return tv_error("cannot initialise libcurl");
	h = xcalloc(1, sizeof(*h));
	h->o = *o;
	h->url = xstrdup(url);
	h->curl = curl_easy_init();
	if (!h->curl) {
		http_free(h);
		return tv_error("cannot initialise libcurl");
	}
	/* Exactly this content type: LimeSurvey ignores a request with "; charset=...". */
	h->headers = curl_slist_append(h->headers, "Content-Type: application/json");
	h->headers = curl_slist_append(h->headers, "Accept: application/json");
	h->headers = curl_slist_append(h->headers, "Expect:");
	if (!h->headers) {
		http_free(h);
		return tv_error("out of memory");
	}
	curl_easy_setopt(h->curl, CURLOPT_URL, h->url);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, h->headers);
	curl_easy_setopt(h->curl, CURLOPT_USERAGENT, "tevreden/" TV_VERSION);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, h->errbuf);
	curl_easy_setopt(h->curl, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h->curl, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	curl_easy_setopt(h->curl, CURLOPT_TIMEOUT, o->timeout);
	curl_easy_setopt(h->curl, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_body);
	curl_easy_setopt(h->curl, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h->curl, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h->curl, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
	curl_easy_setopt(h->curl, CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
	*out = h;
	return 0;
}

void http_free(struct http *h)
{
	if (!h)
		return;
	if (h->curl)
		curl_easy_cleanup(h->curl);
	curl_slist_free_all(h->headers);
	free(h->url);
	free(h);
	curl_global_cleanup();
}

const char *http_url(const struct http *h)
{
	return h->url;
}

/* Connection trouble worth another attempt; TLS and protocol errors are not. */
static int http_transient(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return 1;
	default:
		return 0;
	}
}

static const char *http_reason(long status)
{
	static const struct { long code; const char *text; } reasons[] = {
		{ 400, "Bad Request" }, { 401, "Unauthorized" }, { 403, "Forbidden" },
		{ 404, "Not Found" }, { 405, "Method Not Allowed" }, { 408, "Request Timeout" },
		{ 413, "Content Too Large" }, { 415, "Unsupported Media Type" },
		{ 429, "Too Many Requests" }, { 500, "Internal Server Error" },
		{ 502, "Bad Gateway" }, { 503, "Service Unavailable" }, { 504, "Gateway Timeout" },
	};
	size_t i;

	for (i = 0; i < sizeof(reasons) / sizeof(reasons[0]); i++)
		if (reasons[i].code == status)
			return reasons[i].text;
	return NULL;
}

/* "HTTP 503 Service Unavailable" into out. */
static const char *http_status_text(long status, char *out, size_t size)
{
	const char *r = http_reason(status);

	snprintf(out, size, "HTTP %ld%s%s", status, r ? " " : "", r ? r : "");
	return out;
}

static void http_size_text(size_t n, char *out, size_t size)
{
	if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
		snprintf(out, size, "%zu MiB", n >> 20);
	else
		snprintf(out, size, "%zu bytes", n);
}

/* Describe a failed transfer into out (no trailing attempt count). */
static void http_describe(struct http *h, CURLcode rc, const struct http_sink *s, char *out,
			  size_t size)
{
	const char *detail = h->errbuf[0] ? h->errbuf : curl_easy_strerror(rc);
	char lim[64];
	long connect_us = 0, os_errno = 0;
	curl_off_t t = 0;

	if (s->too_big || rc == CURLE_FILESIZE_EXCEEDED) {
		http_size_text(h->o.max_body, lim, sizeof(lim));
		snprintf(out, size, "the answer from %s is larger than %s (--max-size)", h->url, lim);
		return;
	}
	switch (rc) {
	case CURLE_OPERATION_TIMEDOUT:
		if (curl_easy_getinfo(h->curl, CURLINFO_CONNECT_TIME_T, &t) == CURLE_OK)
			connect_us = (long)t;
		if (connect_us == 0)
			snprintf(out, size, "cannot connect to %s within %ld s (--connect-timeout)",
				 h->url, h->o.connect_timeout);
		else
			snprintf(out, size, "no complete answer from %s within %ld s (--timeout)",
				 h->url, h->o.timeout);
		return;
	case CURLE_COULDNT_CONNECT:
		if (curl_easy_getinfo(h->curl, CURLINFO_OS_ERRNO, &os_errno) == CURLE_OK && os_errno)
			snprintf(out, size, "cannot connect to %s: %s", h->url, strerror((int)os_errno));
		else
			snprintf(out, size, "cannot connect to %s: %s", h->url, detail);
		return;
	case CURLE_PARTIAL_FILE:
		snprintf(out, size, "the answer from %s was cut off: %s", h->url, detail);
		return;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
		snprintf(out, size, "cannot set up a verified TLS connection to %s: %s", h->url, detail);
		return;
	default:
		snprintf(out, size, "cannot reach %s: %s", h->url, detail);
		return;
	}
}

static void http_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0)
		;
}

/* One attempt: 0 with the status in *status, or the libcurl error. */
static CURLcode http_attempt(struct http *h, const char *body, size_t len, struct http_sink *s,
			     long *status)
{
	CURLcode rc;

	buf_reset(&s->b);
	s->too_big = 0;
	h->errbuf[0] = '\0';
	*status = 0;
	curl_easy_setopt(h->curl, CURLOPT_POST, 1L);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(h->curl, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
	curl_easy_setopt(h->curl, CURLOPT_WRITEFUNCTION, http_write);
	curl_easy_setopt(h->curl, CURLOPT_WRITEDATA, s);
	rc = curl_easy_perform(h->curl);
	if (rc == CURLE_OK)
		curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, status);
	return rc;
}

static void http_fail_status(struct http *h, long status, char *out, size_t size)
{
	char st[64];
	char *loc = NULL;

	http_status_text(status, st, sizeof(st));
	if (status >= 300 && status < 400 &&
	    curl_easy_getinfo(h->curl, CURLINFO_REDIRECT_URL, &loc) == CURLE_OK && loc)
		snprintf(out, size, "%s answered %s, a redirect to '%s' (redirects are not "
			 "followed: give that address)", h->url, st, loc);
	else
		snprintf(out, size, "%s answered %s", h->url, st);
}

int http_post_json(struct http *h, const char *body, size_t len, char **answer, size_t *answer_len)
{
	struct http_sink s = { .max = h->o.max_body };
	char msg[CURL_ERROR_SIZE + 512];
	long status, wait = h->o.retry_wait_ms;
	int attempt, attempts = h->o.retries + 1, again;
	CURLcode rc;

	buf_init(&s.b);
	for (attempt = 1;; attempt++) {
		rc = http_attempt(h, body, len, &s, &status);
		if (rc == CURLE_OK && status >= 200 && status < 300)
			break;
		if (rc == CURLE_OK) {
			http_fail_status(h, status, msg, sizeof(msg));
			again = status >= 500 && status < 600;
		} else {
			http_describe(h, rc, &s, msg, sizeof(msg));
			again = http_transient(rc) && !s.too_big;
		}
		if (!again || attempt >= attempts) {
			buf_release(&s.b);
			if (attempt > 1)
				return tv_error("%s (after %d attempts)", msg, attempt);
			return tv_error("%s", msg);
		}
		tv_warn("%s; trying again in %.1f s (attempt %d of %d)", msg, wait / 1000.0,
			attempt + 1, attempts);
		http_sleep_ms(wait);
		wait = wait >= 15000 ? 30000 : 2 * wait;
	}
	*answer_len = s.b.len;
	*answer = buf_detach(&s.b);
	buf_release(&s.b);
	return 0;
}
