/* json.h: reading JSON definition files (questionnaires, codebooks) with errors that name the JSON path. */
#ifndef TV_JSON_H
#define TV_JSON_H

#include <stddef.h>
#include <cjson/cJSON.h>

/*
 * Read and parse a JSON file of at most max bytes. On success *root is a new
 * tree (free with cJSON_Delete) and, when text is not NULL, *text the raw
 * file contents (caller frees). A syntax error is reported as
 * "FILE:LINE:COL: invalid JSON near '...'". Returns 0 or -1.
 */
int json_read_file(const char *file, size_t max, cJSON **root, char **text);

/*
 * Parse JSON text (len bytes; nothing but whitespace may follow the value).
 * A syntax error is reported as "FILE:LINE:COL: invalid JSON near '...'".
 * On success *root is a new tree (free with cJSON_Delete). Returns 0 or -1.
 */
int json_parse_text(const char *file, const char *text, size_t len, cJSON **root);

/* Line and column (1-based, columns in bytes) of offset `off` in text. */
void json_position(const char *text, size_t off, long *line, long *col);

/*
 * Typed member access. `path` is the JSON path of obj ("$.modules[2]").
 * A missing required member, or a member of the wrong type, is reported as
 * "FILE: PATH.KEY: expected a string" and -1 is returned. An absent optional
 * member leaves *out untouched and returns 0 (1 when present).
 * Strings returned are borrowed from the tree.
 */
int json_str(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, const char **out);
int json_num(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, double *out);
int json_long(const char *file, const char *path, const cJSON *obj, const char *key,
	      int required, long *out);
int json_bool(const char *file, const char *path, const cJSON *obj, const char *key,
	      int required, int *out);
/* An array member (or object when want_object), borrowed. */
int json_arr(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, const cJSON **out);
int json_obj(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, const cJSON **out);

/* Report keys of obj not in the NULL-terminated list `allowed`. Returns 0 or -1. */
int json_only_keys(const char *file, const char *path, const cJSON *obj,
		   const char *const *allowed);

/* Report "FILE: PATH: message" and return -1. */
int json_error(const char *file, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Does s match [a-z][a-z0-9_]* ? */
int json_is_ident(const char *s);

#endif
