/* http.h: a small HTTP client for JSON APIs: POST with timeouts, bounded retries, a size limit and TLS checks. */
#ifndef TV_HTTP_H
#define TV_HTTP_H

#include <stddef.h>

struct http;

struct http_options {
	long connect_timeout;	/* seconds to connect (TCP and TLS); > 0 */
	long timeout;		/* seconds for one whole request and answer; > 0 */
	int retries;		/* extra attempts after a 5xx answer or a connection error */
	long retry_wait_ms;	/* wait before the first retry; doubles after each, up to 30 s */
	size_t max_body;	/* longest answer accepted, in bytes; > 0 */
	int insecure;		/* do not verify the server's TLS certificate and name */
};

/*
 * Check that url is http:// or https:// with a host and without a user name
 * or password in it. Plain http:// is refused unless the host is a loopback
 * address (127.0.0.0/8, ::1, localhost) or allow_http is set. Reports the
 * problem (tv_error) and returns -1, else 0.
 */
int http_url_check(const char *url, int allow_http);

/*
 * A client for one endpoint. url is copied. Proxies come from the environment
 * (http_proxy, https_proxy, no_proxy) as libcurl reads them; redirects are not
 * followed. *out is a new handle the caller frees with http_free(). Reports
 * and returns -1 on failure.
 */
int http_open(struct http **out, const char *url, const struct http_options *o);
void http_free(struct http *h);

/*
 * POST len bytes of body with "Content-Type: application/json" (exactly)
 * and return the answer of a 2xx reply: *answer is new and NUL-terminated
 * (the caller frees it), *answer_len its length. 5xx replies and connection
 * errors (refused, reset, timed out, cut off) are retried with exponential
 * backoff up to o->retries times, with a warning each time; other replies
 * (4xx, 3xx) and TLS failures are not. The body is never printed, also not
 * in messages. Reports the final problem once and returns -1.
 */
int http_post_json(struct http *h, const char *body, size_t len, char **answer, size_t *answer_len);

/* The endpoint's URL (borrowed, valid while h lives). */
const char *http_url(const struct http *h);

#endif
