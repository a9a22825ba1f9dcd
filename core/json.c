/* json.c: JSON definition files: parsing with positioned syntax errors, typed access with JSON paths. */
#include "json.h"
#include "error.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void json_position(const char *text, size_t off, long *line, long *col)
{
	size_t i;

	*line = 1;
	*col = 1;
	for (i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int json_parse_text(const char *file, const char *text, size_t len, cJSON **root)
{
	const char *end = NULL;
	cJSON *tree;
	long line, col;
	char near[24];
	size_t off, n;

	tree = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (tree && end) {
		while ((size_t)(end - text) < len && (*end == ' ' || *end == '\t' || *end == '\n' ||
						       *end == '\r'))
			end++;
		if ((size_t)(end - text) == len) {
			*root = tree;
			return 0;
		}
		cJSON_Delete(tree);
	}
	off = end ? (size_t)(end - text) : 0;
	if (!end && cJSON_GetErrorPtr())
		off = (size_t)(cJSON_GetErrorPtr() - text);
	if (off > len)
		off = len;
	/* cJSON points at the last token when the text ends early: say so. */
	n = off;
	while (n < len && (text[n] == ' ' || text[n] == '\t' || text[n] == '\n' || text[n] == '\r'))
		n++;
	if (n == len || (tree == NULL && off + 1 >= len))
		off = len;
	json_position(text, off, &line, &col);
	for (n = 0; n < sizeof(near) - 1 && off + n < len && text[off + n] != '\n'; n++)
		near[n] = text[off + n];
	near[n] = '\0';
	if (n)
		return tv_error("%s:%ld:%ld: invalid JSON near '%s'", file, line, col, near);
	return tv_error("%s:%ld:%ld: invalid JSON: unexpected end of file", file, line, col);
}

int json_read_file(const char *file, size_t max, cJSON **root, char **text)
{
	char *buf = NULL;
	size_t len;

	if (file_read(file, max, &buf, &len) < 0)
		return -1;
	if (len == 0) {
		free(buf);
		return tv_error("%s: empty file, expected a JSON object", file);
	}
	if (json_parse_text(file, buf, len, root) < 0) {
		free(buf);
		return -1;
	}
	if (text)
		*text = buf;
	else
		free(buf);
	return 0;
}

int json_error(const char *file, const char *path, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tevreden: %s: %s: ", file, path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

static const char *type_name(const cJSON *v)
{
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsObject(v))
		return "an object";
	return "null";
}

/* Look up key; 1 present, 0 absent and optional, -1 absent and required. */
static int member(const char *file, const char *path, const cJSON *obj, const char *key,
		  int required, const char *what, const cJSON **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!v || cJSON_IsNull(v)) {
		if (required)
			return json_error(file, path, "missing '%s', expected %s", key, what);
		return 0;
	}
	*out = v;
	return 1;
}

static int wrong(const char *file, const char *path, const char *key, const char *what,
		 const cJSON *v)
{
	return json_error(file, path, "'%s' is %s, expected %s", key, type_name(v), what);
}

int json_str(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, const char **out)
{
	const cJSON *v = NULL;
	int rc = member(file, path, obj, key, required, "a string", &v);

	if (rc <= 0)
		return rc;
	if (!cJSON_IsString(v))
		return wrong(file, path, key, "a string", v);
	*out = v->valuestring;
	return 1;
}

int json_num(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, double *out)
{
	const cJSON *v = NULL;
	int rc = member(file, path, obj, key, required, "a number", &v);

	if (rc <= 0)
		return rc;
	if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
		return wrong(file, path, key, "a number", v);
	*out = v->valuedouble;
	return 1;
}

int json_long(const char *file, const char *path, const cJSON *obj, const char *key,
	      int required, long *out)
{
	double d;
	int rc = json_num(file, path, obj, key, required, &d);

	if (rc <= 0)
		return rc;
	if (d != floor(d) || fabs(d) > 2e9)
		return json_error(file, path, "'%s' is %g, expected a whole number", key, d);
	*out = (long)d;
	return 1;
}

int json_bool(const char *file, const char *path, const cJSON *obj, const char *key,
	      int required, int *out)
{
	const cJSON *v = NULL;
	int rc = member(file, path, obj, key, required, "true or false", &v);

	if (rc <= 0)
		return rc;
	if (!cJSON_IsBool(v))
		return wrong(file, path, key, "true or false", v);
	*out = cJSON_IsTrue(v);
	return 1;
}

int json_arr(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, const cJSON **out)
{
	const cJSON *v = NULL;
	int rc = member(file, path, obj, key, required, "an array", &v);

	if (rc <= 0)
		return rc;
	if (!cJSON_IsArray(v))
		return wrong(file, path, key, "an array", v);
	*out = v;
	return 1;
}

int json_obj(const char *file, const char *path, const cJSON *obj, const char *key,
	     int required, const cJSON **out)
{
	const cJSON *v = NULL;
	int rc = member(file, path, obj, key, required, "an object", &v);

	if (rc <= 0)
		return rc;
	if (!cJSON_IsObject(v))
		return wrong(file, path, key, "an object", v);
	*out = v;
	return 1;
}

int json_only_keys(const char *file, const char *path, const cJSON *obj,
		   const char *const *allowed)
{
	const cJSON *m;
	size_t i;

	cJSON_ArrayForEach(m, obj) {
		for (i = 0; allowed[i]; i++)
			if (strcmp(allowed[i], m->string) == 0)
				break;
		if (!allowed[i]) {
			struct buf b;

			buf_init(&b);
			for (i = 0; allowed[i]; i++)
				buf_printf(&b, "%s%s", i ? ", " : "", allowed[i]);
			json_error(file, path, "unknown key '%s' (expected one of: %s)",
				   m->string, b.s);
			buf_release(&b);
			return -1;
		}
	}
	return 0;
}

int json_is_ident(const char *s)
{
	if (!s || *s < 'a' || *s > 'z')
		return 0;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return 0;
	return 1;
}
