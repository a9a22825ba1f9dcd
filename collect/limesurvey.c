/* limesurvey.c: LimeSurvey RemoteControl 2 over JSON-RPC: log in, export responses (base64 JSON), always log out. */
#include "collect/limesurvey.h"
#include "collect/http.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

/* A session key is a short random string; anything long is not one. */
#define LIMESURVEY_MAX_KEY 256

struct limesurvey {
	struct http *http;
	char *user;		/* for messages */
	char *key;		/* session key, NULL when not logged in */
	long next_id;		/* JSON-RPC request id */
};

/* Overwrite memory that held a password; volatile so the stores are not optimised away. */
static void limesurvey_wipe(void *p, size_t n)
{
	volatile unsigned char *v = p;

	while (n--)
		*v++ = 0;
}

/* ---- base64 ---- */

static int limesurvey_b64_value(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int limesurvey_b64_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int limesurvey_base64_decode(const char *in, size_t len, size_t max, char **out, size_t *out_len,
			     const char **why)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + len;
	size_t n = 0, pad = 0, cap;
	unsigned char *o;
	uint32_t acc = 0;
	int q = 0, v;

	/* First pass: check and size, so the output is allocated once. */
	for (; p < end; p++) {
		if (limesurvey_b64_space(*p))
			continue;
		if (*p == '=') {
			pad++;
		} else if (pad > 0) {
			*why = "'=' padding before the end";
			return -1;
		} else if (limesurvey_b64_value(*p) < 0) {
			*why = "a character outside the base64 alphabet";
			return -1;
		}
		n++;
	}
	if (n % 4 != 0) {
		*why = "length is not a multiple of 4 (cut off?)";
		return -1;
	}
	if (pad > 2) {
		*why = "more than two '=' at the end";
		return -1;
	}
	cap = n / 4 * 3 - pad;
	if (cap > max) {
		*why = "decoded text is larger than the limit";
		return -1;
	}
	o = xmalloc(cap + 1);
	*out_len = cap;
	cap = 0;
	for (p = (const unsigned char *)in; p < end; p++) {
		if (limesurvey_b64_space(*p) || *p == '=')
			continue;
		v = limesurvey_b64_value(*p);
		acc = acc << 6 | (uint32_t)v;
		if (++q == 4) {
			o[cap++] = (unsigned char)(acc >> 16);
			o[cap++] = (unsigned char)(acc >> 8);
			o[cap++] = (unsigned char)acc;
			acc = 0;
			q = 0;
		}
	}
	if (q == 3) {		/* "xxx=" */
		o[cap++] = (unsigned char)(acc >> 10);
		o[cap++] = (unsigned char)(acc >> 2);
	} else if (q == 2) {	/* "xx==" */
		o[cap++] = (unsigned char)(acc >> 4);
	}
	o[cap] = '\0';
	*out = (char *)o;
	return 0;
}

/* ---- JSON-RPC answers ---- */

static int limesurvey_id_matches(const cJSON *idv, long id)
{
	char want[32];

	if (!idv || cJSON_IsNull(idv))
		return 1;	/* JSON-RPC 1.0 servers may leave it out */
	if (cJSON_IsNumber(idv))
		return idv->valuedouble == (double)id;
	snprintf(want, sizeof(want), "%ld", id);
	return cJSON_IsString(idv) && strcmp(idv->valuestring, want) == 0;
}

/* Take a cJSON string out of its tree (no copy of a possibly huge export). */
static char *limesurvey_steal(cJSON *s)
{
	char *text = s->valuestring;

	s->valuestring = NULL;
	return text;
}

static int limesurvey_error_text(cJSON *err, struct limesurvey_answer *a)
{
	cJSON *msg;

	a->kind = LIMESURVEY_ERROR;
	if (cJSON_IsString(err)) {
		a->text = limesurvey_steal(err);
		return 0;
	}
	/* JSON-RPC 2.0 style {"code": ..., "message": "..."} */
	msg = cJSON_IsObject(err) ? cJSON_GetObjectItemCaseSensitive(err, "message") : NULL;
	if (cJSON_IsString(msg)) {
		a->text = limesurvey_steal(msg);
		return 0;
	}
	a->text = cJSON_PrintUnformatted(err);
	if (!a->text)
		a->text = xstrdup("?");
	return 0;
}

int limesurvey_answer_parse(const char *body, size_t len, long id, struct limesurvey_answer *a,
			    const char **why)
{
	const char *end = NULL;
	cJSON *root, *result, *err, *status;
	size_t off = 0;
	int ret = -1;

	a->text = NULL;
	if (len >= 3 && memcmp(body, "\xEF\xBB\xBF", 3) == 0)
		off = 3;
	while (off < len && (body[off] == ' ' || body[off] == '\t' || body[off] == '\r' ||
			     body[off] == '\n'))
		off++;
	if (off == len) {
		*why = "an empty answer";
		return -1;
	}
	root = cJSON_ParseWithLengthOpts(body + off, len - off, &end, 0);
	if (!root) {
		*why = "not valid JSON";
		return -1;
	}
	while (end < body + len && (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n'))
		end++;
	if (end != body + len) {
		*why = "text after the JSON value";
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		*why = "not a JSON-RPC answer (not an object)";
		goto out;
	}
	if (!limesurvey_id_matches(cJSON_GetObjectItemCaseSensitive(root, "id"), id)) {
		*why = "an answer to another request (its id is not ours)";
		goto out;
	}
	result = cJSON_GetObjectItemCaseSensitive(root, "result");
	err = cJSON_GetObjectItemCaseSensitive(root, "error");
	if (err && !cJSON_IsNull(err)) {
		ret = limesurvey_error_text(err, a);
		goto out;
	}
	if (!result) {
		*why = "not a JSON-RPC answer (no \"result\" and no \"error\")";
		goto out;
	}
	if (cJSON_IsString(result)) {
		a->kind = LIMESURVEY_VALUE;
		a->text = limesurvey_steal(result);
		ret = 0;
		goto out;
	}
	/* LimeSurvey reports its own errors as a result: {"status": "No permission"}. */
	status = cJSON_IsObject(result) ? cJSON_GetObjectItemCaseSensitive(result, "status") : NULL;
	if (cJSON_IsString(status)) {
		a->kind = LIMESURVEY_STATUS;
		a->text = limesurvey_steal(status);
		ret = 0;
		goto out;
	}
	*why = cJSON_IsNull(result) ? "the result is null" :
	       "the result is neither a string nor an object with a \"status\"";
out:
	cJSON_Delete(root);
	return ret;
}

void limesurvey_answer_release(struct limesurvey_answer *a)
{
	free(a->text);
	a->text = NULL;
}

/* ---- calls ---- */

int limesurvey_open(struct limesurvey **out, const char *url, const struct http_options *o)
{
	struct limesurvey *ls = xcalloc(1, sizeof(*ls));

	if (http_open(&ls->http, url, o) < 0) {
		free(ls);
		return -1;
	}
	ls->next_id = 1;
	*out = ls;
	return 0;
}

/*
 * Call method with params (consumed) and parse the answer. The request text
 * is wiped after sending: it may hold the password.
 */
static int limesurvey_call(struct limesurvey *ls, const char *method, cJSON *params,
			   struct limesurvey_answer *a)
{
	cJSON *req = cJSON_CreateObject(), *p;
	char *text = NULL, *answer = NULL;
	const char *why = NULL;
	size_t answer_len = 0, text_len;
	long id = ls->next_id++;
	int ret = -1;

	if (!req) {
		cJSON_Delete(params);
		return tv_error("out of memory");
	}
	cJSON_AddItemToObject(req, "method", cJSON_CreateString(method));
	cJSON_AddItemToObject(req, "params", params);
	cJSON_AddItemToObject(req, "id", cJSON_CreateNumber((double)id));
	text = cJSON_PrintUnformatted(req);
	cJSON_ArrayForEach(p, params)
		if (cJSON_IsString(p))
			limesurvey_wipe(p->valuestring, strlen(p->valuestring));
	cJSON_Delete(req);
	if (!text)
		return tv_error("out of memory");
	text_len = strlen(text);
	if (http_post_json(ls->http, text, text_len, &answer, &answer_len) < 0)
		goto out;
	if (limesurvey_answer_parse(answer, answer_len, id, a, &why) < 0) {
		tv_error("the answer of '%s' to %s is not a RemoteControl answer: %s (is the URL "
			 "the RemoteControl URL, .../index.php/admin/remotecontrol, and is the "
			 "JSON-RPC interface switched on in LimeSurvey's global settings?)",
			 http_url(ls->http), method, why);
		goto out;
	}
	ret = 0;
out:
	limesurvey_wipe(text, text_len);
	free(text);
	free(answer);
	return ret;
}

/* Is a server's text safe to print: not echoing the password? */
static const char *limesurvey_scrub(const char *text, const char *password)
{
	return *password && strstr(text, password) ? "(message withheld: it contains the password)" :
	       text;
}

static int limesurvey_key_ok(const char *key)
{
	size_t n = strlen(key), i;

	if (n == 0 || n > LIMESURVEY_MAX_KEY)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)key[i] <= ' ' || (unsigned char)key[i] >= 0x7f)
			return 0;
	return 1;
}

int limesurvey_login(struct limesurvey *ls, const char *user, const char *password)
{
	struct limesurvey_answer a = { 0 };
	cJSON *params = cJSON_CreateArray();
	const char *url = http_url(ls->http);
	int ret = -1;

	free(ls->user);
	ls->user = xstrdup(user);
	cJSON_AddItemToArray(params, cJSON_CreateString(user));
	cJSON_AddItemToArray(params, cJSON_CreateString(password));
	if (limesurvey_call(ls, "get_session_key", params, &a) < 0)
		return -1;
	switch (a.kind) {
	case LIMESURVEY_VALUE:
		if (!limesurvey_key_ok(a.text)) {
			tv_error("the answer of '%s' to get_session_key is not a session key", url);
			break;
		}
		ls->key = a.text;
		a.text = NULL;
		ret = 0;
		break;
	case LIMESURVEY_STATUS:
		tv_error("login of user '%s' refused by '%s': %s", user, url,
			 strcasecmp(a.text, "Invalid user name or password") == 0 ?
			 "invalid user name or password" : limesurvey_scrub(a.text, password));
		break;
	case LIMESURVEY_ERROR:
		tv_error("login of user '%s' at '%s' failed: %s", user, url,
			 limesurvey_scrub(a.text, password));
		break;
	}
	limesurvey_answer_release(&a);
	return ret;
}

/* Does a status of export_responses mean "nothing to export"? */
static int limesurvey_no_responses(const char *status)
{
	return strcasecmp(status, "No Data") == 0 ||
	       strcasecmp(status, "No Data, could not get max id.") == 0 ||
	       strncasecmp(status, "No Response found", 17) == 0;
}

static int limesurvey_export_status(struct limesurvey *ls, long survey, const char *status)
{
	const char *url = http_url(ls->http);

	if (limesurvey_no_responses(status))
		return 1;
	if (strcasecmp(status, "Invalid session key") == 0)
		return tv_error("export of survey %ld refused by '%s': invalid session key (the "
				"session ended or expired; try again)", survey, url);
	if (strcasecmp(status, "No permission") == 0)
		return tv_error("export of survey %ld refused by '%s': no permission (user '%s' may "
				"not export its responses)", survey, url, ls->user);
	if (strncasecmp(status, "No Data, survey table does not exist", 36) == 0)
		return tv_error("survey %ld at '%s' has no responses table: is the survey activated?",
				survey, url);
	return tv_error("export of survey %ld refused by '%s': %s", survey, url, status);
}

int limesurvey_export(struct limesurvey *ls, long survey, int64_t from_id, char **json, size_t *len)
{
	struct limesurvey_answer a = { 0 };
	cJSON *params;
	const char *why = NULL;
	int ret = -1;

	if (!ls->key)
		return tv_error("not logged in to LimeSurvey");
	params = cJSON_CreateArray();
	cJSON_AddItemToArray(params, cJSON_CreateString(ls->key));
	cJSON_AddItemToArray(params, cJSON_CreateNumber((double)survey));
	cJSON_AddItemToArray(params, cJSON_CreateString("json"));
	cJSON_AddItemToArray(params, cJSON_CreateNull());		/* the survey's base language */
	cJSON_AddItemToArray(params, cJSON_CreateString("complete"));
	cJSON_AddItemToArray(params, cJSON_CreateString("code"));	/* question codes as keys */
	cJSON_AddItemToArray(params, cJSON_CreateString("short"));	/* answer codes, not texts */
	cJSON_AddItemToArray(params, cJSON_CreateNumber((double)from_id));
	cJSON_AddItemToArray(params, cJSON_CreateNull());		/* up to the last response */
	if (limesurvey_call(ls, "export_responses", params, &a) < 0)
		return -1;
	switch (a.kind) {
	case LIMESURVEY_VALUE:
		if (limesurvey_base64_decode(a.text, strlen(a.text), strlen(a.text), json, len,
					     &why) < 0) {
			tv_error("the export of survey %ld from '%s' is not base64: %s", survey,
				 http_url(ls->http), why);
			break;
		}
		if (*len == 0) {
			free(*json);
			*json = NULL;
			tv_error("the export of survey %ld from '%s' is empty", survey, http_url(ls->http));
			break;
		}
		ret = 0;
		break;
	case LIMESURVEY_STATUS:
		ret = limesurvey_export_status(ls, survey, a.text);
		break;
	case LIMESURVEY_ERROR:
		tv_error("export of survey %ld from '%s' failed: %s", survey, http_url(ls->http), a.text);
		break;
	}
	limesurvey_answer_release(&a);
	return ret;
}

int limesurvey_close(struct limesurvey *ls)
{
	struct limesurvey_answer a = { 0 };
	cJSON *params;
	int ret = 0;

	if (!ls)
		return 0;
	if (ls->key) {
		params = cJSON_CreateArray();
		cJSON_AddItemToArray(params, cJSON_CreateString(ls->key));
		if (limesurvey_call(ls, "release_session_key", params, &a) < 0) {
			tv_warn("the LimeSurvey session was not ended; its key expires on the server");
			ret = -1;
		} else if (a.kind != LIMESURVEY_VALUE || strcasecmp(a.text, "OK") != 0) {
			tv_warn("LimeSurvey did not confirm the end of the session (%s); its key "
				"expires on the server", a.text);
			ret = -1;
		}
		limesurvey_answer_release(&a);
		limesurvey_wipe(ls->key, strlen(ls->key));
		free(ls->key);
	}
	http_free(ls->http);
	free(ls->user);
	free(ls);
	return ret;
}
