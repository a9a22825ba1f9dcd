/* limesurvey.h: a LimeSurvey RemoteControl 2 client (JSON-RPC over HTTP): session, response export, base64. */
#ifndef TV_LIMESURVEY_H
#define TV_LIMESURVEY_H

#include <stddef.h>
#include <stdint.h>

struct http_options;
struct limesurvey;

/*
 * A client for the RemoteControl URL (e.g.
 * https://enquete.example.nl/index.php/admin/remotecontrol), not yet logged
 * in. *out is new; end it with limesurvey_close(). Reports and returns -1.
 */
int limesurvey_open(struct limesurvey **out, const char *url, const struct http_options *o);

/*
 * get_session_key(user, password): log in. The password is only used for
 * this request (the request text is wiped after sending) and never printed;
 * user is copied for messages. Reports and returns -1 on failure.
 */
int limesurvey_login(struct limesurvey *ls, const char *user, const char *password);

/*
 * export_responses(key, survey, "json", null, "complete", "code", "short",
 * from_id, null): the completed responses with id >= from_id, base64-decoded.
 * Returns 0 with *json a new NUL-terminated text of *len bytes (the caller
 * frees it), 1 when LimeSurvey says the survey has no responses, -1 after
 * reporting an error (invalid session key, no permission, transport, ...).
 */
int limesurvey_export(struct limesurvey *ls, long survey, int64_t from_id, char **json, size_t *len);

/*
 * End the session with release_session_key when one was opened (also after
 * errors) and free the client. A failed release is only a warning: the key
 * expires on the server. NULL-safe. Returns 0, or -1 if the release failed.
 */
int limesurvey_close(struct limesurvey *ls);

/* ---- the pieces, for tests ---- */

/*
 * Decode base64 (RFC 4648 alphabet, '=' padding required, white space
 * between characters ignored) of at most max decoded bytes. On success
 * *out is new and NUL-terminated (the caller frees it), *out_len its length.
 * On failure nothing is printed: *why says what is wrong and -1 is returned.
 */
int limesurvey_base64_decode(const char *in, size_t len, size_t max, char **out, size_t *out_len,
			     const char **why);

enum limesurvey_answer_kind {
	LIMESURVEY_VALUE,	/* "result" is a string: text is that string */
	LIMESURVEY_STATUS,	/* "result" is {"status": "..."}: text is the status */
	LIMESURVEY_ERROR,	/* "error" is not null: text is its message */
};

struct limesurvey_answer {
	enum limesurvey_answer_kind kind;
	char *text;		/* new string, freed by limesurvey_answer_release() */
};

/*
 * Parse the JSON-RPC answer (len bytes of body, a UTF-8 byte order mark and
 * white space around the value allowed) to the request with this id. A
 * "result" that is neither a string nor an object with a string "status",
 * an answer without "result" or "error", an "id" that is not ours, and text
 * that is not JSON are refused: *why says what is wrong (static text),
 * nothing is printed, -1 is returned.
 */
int limesurvey_answer_parse(const char *body, size_t len, long id, struct limesurvey_answer *a,
			    const char **why);
void limesurvey_answer_release(struct limesurvey_answer *a);

#endif
