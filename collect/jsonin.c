/* jsonin.c: survey responses in JSON (array of objects, LimeSurvey export) as a record stream. */
#include "core/source.h"
#include "collect/jsonin.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#define JSONIN_MAX_FILE ((size_t)512 << 20)

/*
 * A position in the text. Columns count UTF-8 code points, not bytes, so they
 * match what an editor shows; a byte order mark is not counted.
 */
struct jsonin_pos {
	long line;
	long col;
};

/*
 * cJSON keeps no positions, so the reader walks the raw text in step with the
 * parsed tree: `p` is where the scanner is, `mark`/`at` a position it has
 * counted up to (positions are only ever asked for further on in the text).
 */
struct jsonin {
	const char *text;	/* after a byte order mark */
	const char *records;	/* the '[' of the array of responses */
	const char *p;
	const char *mark;
	struct jsonin_pos at;
	struct diag *d;
	const struct src_sink *sink;
	size_t max_field;
	int limesurvey;		/* {"responses": [...]}: elements may be wrapped in {"<id>": {...}} */

	char **names;		/* column names */
	size_t ncols;
	size_t cap_cols;
	size_t *hash;		/* open addressing: column index + 1, 0 = free */
	size_t hash_cap;
	long *stamp;		/* per column: the last record that had the key */
	struct jsonin_pos *first;	/* per column: where the key first appears */
	long recno;

	struct buf vals;	/* texts of the current value (pass 1) or record (pass 2) */
	size_t *off;		/* pass 2: offset of each column's text, SIZE_MAX = NULL */
	struct src_cell *cells;
};

static void jsonin_rewind(struct jsonin *j)
{
	j->p = j->text;
	j->mark = j->text;
	j->at.line = 1;
	j->at.col = 1;
}

static struct jsonin_pos jsonin_where(struct jsonin *j, const char *q)
{
	const char *s;

	for (s = j->mark; s < q; s++) {
		if (*s == '\n') {
			j->at.line++;
			j->at.col = 1;
		} else if (((unsigned char)*s & 0xC0) != 0x80) {
			j->at.col++;
		}
	}
	j->mark = q;
	return j->at;
}

/*
 * The scanners below only run over text that passed the syntax check, so they
 * need to find where things are, not check them.
 */
static void jsonin_skip_ws(struct jsonin *j)
{
	while (*j->p && (unsigned char)*j->p <= ' ')
		j->p++;
}

static void jsonin_skip_string(struct jsonin *j)
{
	j->p++;
	while (*j->p && *j->p != '"') {
		if (*j->p == '\\' && j->p[1])
			j->p++;
		j->p++;
	}
	if (*j->p)
		j->p++;
}

/* Skip one value. */
static void jsonin_skip_value(struct jsonin *j)
{
	long depth = 0;

	if (*j->p == '"') {
		jsonin_skip_string(j);
		return;
	}
	if (*j->p != '[' && *j->p != '{') {
		while (*j->p && (unsigned char)*j->p > ' ' && !strchr(",]}", *j->p))
			j->p++;
		return;
	}
	do {
		if (*j->p == '"') {
			jsonin_skip_string(j);
			continue;
		}
		if (*j->p == '[' || *j->p == '{')
			depth++;
		else if (*j->p == ']' || *j->p == '}')
			depth--;
		j->p++;
	} while (depth > 0 && *j->p);
}

/* From before a member's key to its value. */
static void jsonin_to_member_value(struct jsonin *j)
{
	jsonin_skip_ws(j);
	jsonin_skip_string(j);
	jsonin_skip_ws(j);
	j->p++;	/* ':' */
	jsonin_skip_ws(j);
}

/* From after a value to before the next member or element (or the closing bracket). */
static void jsonin_after_value(struct jsonin *j)
{
	jsonin_skip_ws(j);
	if (*j->p == ',')
		j->p++;
}

static const char *jsonin_kind(const cJSON *v)
{
	if (cJSON_IsObject(v))
		return "an object";
	if (cJSON_IsArray(v))
		return "an array";
	if (cJSON_IsString(v))
		return "a string";
	if (cJSON_IsNumber(v))
		return "a number";
	if (cJSON_IsBool(v))
		return "a boolean";
	return "null";
}

static size_t jsonin_hash_of(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return (size_t)h;
}

static size_t *jsonin_slot(const struct jsonin *j, const char *key)
{
	size_t i = jsonin_hash_of(key) & (j->hash_cap - 1);

	while (j->hash[i] && strcmp(j->names[j->hash[i] - 1], key) != 0)
		i = (i + 1) & (j->hash_cap - 1);
	return &j->hash[i];
}

static void jsonin_grow_hash(struct jsonin *j)
{
	size_t c;

	free(j->hash);
	j->hash_cap = j->hash_cap ? 2 * j->hash_cap : 64;
	j->hash = xcalloc(j->hash_cap, sizeof(*j->hash));
	for (c = 0; c < j->ncols; c++)
		*jsonin_slot(j, j->names[c]) = c + 1;
}

/* The column of key, added at the end if new (first seen at `at`). */
static size_t jsonin_column(struct jsonin *j, const char *key, struct jsonin_pos at)
{
	size_t *slot;

	if (2 * (j->ncols + 1) > j->hash_cap)
		jsonin_grow_hash(j);
	slot = jsonin_slot(j, key);
	if (*slot)
		return *slot - 1;
	if (j->ncols == j->cap_cols) {
		j->cap_cols = j->cap_cols ? 2 * j->cap_cols : 64;
		j->names = xrealloc(j->names, j->cap_cols * sizeof(*j->names));
		j->stamp = xrealloc(j->stamp, j->cap_cols * sizeof(*j->stamp));
		j->first = xrealloc(j->first, j->cap_cols * sizeof(*j->first));
	}
	j->names[j->ncols] = xstrdup(key);
	j->stamp[j->ncols] = 0;
	j->first[j->ncols] = at;
	*slot = ++j->ncols;
	return j->ncols - 1;
}

/*
 * JSON numbers become "%.15g" text, except integers written out in full, which
 * are kept digit for digit: a 16-digit respondent id must not become 1.2e+15.
 */
static void jsonin_number(const char *lit, double v, struct buf *out)
{
	const char *s = lit;
	char num[32];
	size_t n;

	if (*s == '-')
		s++;
	n = strspn(s, "0123456789");
	if (n > 0 && s[n] != '.' && s[n] != 'e' && s[n] != 'E' && !(s[0] == '0' && (n > 1 || lit != s))) {
		buf_add(out, lit, (size_t)(s - lit) + n);
		return;
	}
	buf_adds(out, num_format(v, num));
}

/* Text of a scalar at j->p (which it skips) into out. */
static int jsonin_scalar(struct jsonin *j, const cJSON *v, const char *key, struct buf *out)
{
	struct jsonin_pos at;

	if (cJSON_IsString(v)) {
		buf_adds(out, v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		if (!isfinite(v->valuedouble)) {
			at = jsonin_where(j, j->p);
			return diag_error(j->d, at.line, at.col, "number for key '%s' is out of range", key);
		}
		jsonin_number(j->p, v->valuedouble, out);
	} else if (cJSON_IsTrue(v)) {
		buf_addc(out, '1');
	} else if (cJSON_IsFalse(v)) {
		buf_addc(out, '0');
	}
	jsonin_skip_value(j);
	return 0;
}

/* A multiple-choice answer: the array's scalars joined with ';' (nulls left out). */
static int jsonin_join(struct jsonin *j, const cJSON *arr, const char *key, struct buf *out)
{
	const cJSON *e;
	struct jsonin_pos at;
	int first = 1;

	j->p++;	/* '[' */
	cJSON_ArrayForEach(e, arr) {
		jsonin_skip_ws(j);
		if (cJSON_IsArray(e) || cJSON_IsObject(e)) {
			at = jsonin_where(j, j->p);
			return diag_error(j->d, at.line, at.col,
					  "expected a value in the list for key '%s', found %s",
					  key, jsonin_kind(e));
		}
		if (cJSON_IsNull(e)) {
			jsonin_skip_value(j);
		} else {
			if (!first)
				buf_addc(out, ';');
			first = 0;
			if (jsonin_scalar(j, e, key, out) < 0)
				return -1;
		}
		jsonin_after_value(j);
	}
	jsonin_skip_ws(j);
	j->p++;	/* ']' */
	return 0;
}

/*
 * The text of member m (not null) appended to out; j->p is at the value, which
 * starts at `at`, and moves past it. Pass 1 finds every error this can report.
 */
static int jsonin_value(struct jsonin *j, const cJSON *m, struct jsonin_pos at, struct buf *out)
{
	size_t start = out->len;

	if (cJSON_IsObject(m))
		return diag_error(j->d, at.line, at.col,
				  "expected a value, found an object for key '%s'", m->string);
	if (cJSON_IsArray(m)) {
		if (jsonin_join(j, m, m->string, out) < 0)
			return -1;
	} else if (jsonin_scalar(j, m, m->string, out) < 0) {
		return -1;
	}
	if (out->len - start > j->max_field)
		return diag_error(j->d, at.line, at.col, "value for key '%s' is longer than %zu bytes",
				  m->string, j->max_field);
	return 0;
}

/* Pass 1: learn the key, check the value; j->p is at the value and moves past it. */
static int jsonin_check_member(struct jsonin *j, const cJSON *m, struct jsonin_pos key_at)
{
	struct jsonin_pos at = jsonin_where(j, j->p);
	const char *key = m->string;
	size_t col;

	if (!*key)
		return diag_error(j->d, key_at.line, key_at.col, "empty key");
	col = jsonin_column(j, key, key_at);
	if (j->stamp[col] == j->recno)
		return diag_error(j->d, key_at.line, key_at.col, "duplicate key '%s'", key);
	j->stamp[col] = j->recno;
	if (cJSON_IsNull(m)) {
		jsonin_skip_value(j);
		return 0;
	}
	buf_reset(&j->vals);
	return jsonin_value(j, m, at, &j->vals);
}

/* Pass 2: the member's text into the record; j->p is at the value and moves past it. */
static int jsonin_fill_member(struct jsonin *j, const cJSON *m)
{
	struct jsonin_pos at = jsonin_where(j, j->p);
	size_t col = *jsonin_slot(j, m->string) - 1;
	size_t start = j->vals.len;

	j->cells[col].line = at.line;
	j->cells[col].col = at.col;
	if (cJSON_IsNull(m)) {
		jsonin_skip_value(j);
		return 0;
	}
	if (jsonin_value(j, m, at, &j->vals) < 0)
		return -1;
	j->cells[col].len = j->vals.len - start;
	j->off[col] = start;
	buf_addc(&j->vals, '\0');
	return 0;
}

static void jsonin_begin_record(struct jsonin *j, struct jsonin_pos at)
{
	size_t c;

	buf_reset(&j->vals);
	for (c = 0; c < j->ncols; c++) {
		j->off[c] = SIZE_MAX;
		j->cells[c].text = NULL;
		j->cells[c].len = 0;
		j->cells[c].line = at.line;	/* a missing key points at the record */
		j->cells[c].col = at.col;
	}
}

static int jsonin_send_record(struct jsonin *j, struct jsonin_pos at)
{
	size_t c;

	for (c = 0; c < j->ncols; c++)
		if (j->off[c] != SIZE_MAX)
			j->cells[c].text = j->vals.s + j->off[c];
	return j->sink->record(j->sink->ctx, j->cells, j->ncols, at.line);
}

/* The members of a response object; j->p is at its '{' and moves past the '}'. */
static int jsonin_members(struct jsonin *j, const cJSON *obj, int pass)
{
	const cJSON *m;
	struct jsonin_pos key_at;

	j->p++;	/* '{' */
	cJSON_ArrayForEach(m, obj) {
		jsonin_skip_ws(j);
		key_at = jsonin_where(j, j->p);
		jsonin_to_member_value(j);
		if ((pass == 1 ? jsonin_check_member(j, m, key_at) : jsonin_fill_member(j, m)) < 0)
			return -1;
		jsonin_after_value(j);
	}
	jsonin_skip_ws(j);
	j->p++;	/* '}' */
	return 0;
}

/* One element of the responses array; j->p is at it and moves past it. */
static int jsonin_record(struct jsonin *j, const cJSON *el, int pass)
{
	struct jsonin_pos at = jsonin_where(j, j->p);
	const cJSON *obj = el;
	int wrapped;

	if (!cJSON_IsObject(el))
		return diag_error(j->d, at.line, at.col, "expected an object for each response, found %s",
				  jsonin_kind(el));
	/* Older LimeSurvey versions wrap each response: {"17": {"id": "17", ...}}. */
	wrapped = j->limesurvey && el->child && !el->child->next && cJSON_IsObject(el->child);
	if (wrapped) {
		obj = el->child;
		j->p++;	/* '{' */
		jsonin_to_member_value(j);
	}
	j->recno++;
	if (pass == 2)
		jsonin_begin_record(j, at);
	if (jsonin_members(j, obj, pass) < 0)
		return -1;
	if (wrapped) {
		jsonin_skip_ws(j);
		j->p++;	/* '}' */
	}
	if (pass == 2 && jsonin_send_record(j, at) < 0)
		return -1;
	return 0;
}

/*
 * Walk the records array: pass 1 checks every record and learns the columns,
 * pass 2 sends the records. Each element is parsed by cJSON on its own, so
 * memory holds the file and one record's tree, not a tree of the whole file.
 */
static int jsonin_walk(struct jsonin *j, int pass)
{
	const char *start, *stop = NULL;
	struct jsonin_pos at;
	cJSON *el;
	int ret;

	j->p = j->records + 1;
	j->recno = 0;
	for (;;) {
		jsonin_skip_ws(j);
		if (*j->p == ']')
			return 0;
		start = j->p;
		jsonin_skip_value(j);
		el = cJSON_ParseWithLengthOpts(start, (size_t)(j->p - start), &stop, 0);
		j->p = start;
		if (!el) {
			/* The text passed the syntax check, so cJSON ran out of memory.
			 * return_parse_end is where cJSON_GetErrorPtr() would point, without the global. */
			at = jsonin_where(j, stop && stop >= start ? stop : start);
			return diag_error(j->d, at.line, at.col, "cannot parse JSON: out of memory");
		}
		ret = jsonin_record(j, el, pass);
		cJSON_Delete(el);
		if (ret < 0)
			return -1;
		jsonin_after_value(j);
	}
}

/* Whether the key (a JSON string from start to end, quotes included) is name. */
static int jsonin_key_is(const char *start, const char *end, const char *name)
{
	cJSON *key = cJSON_ParseWithLength(start, (size_t)(end - start));
	int same = cJSON_IsString(key) && strcmp(key->valuestring, name) == 0;

	cJSON_Delete(key);
	return same;
}

/* Find the records array of either shape: j->records is its '['. */
static int jsonin_locate(struct jsonin *j)
{
	const char *key;
	int found;

	jsonin_rewind(j);
	jsonin_skip_ws(j);
	if (*j->p == '[') {
		j->records = j->p;
		return 0;
	}
	if (*j->p == '{') {
		j->p++;
		for (;;) {
			jsonin_skip_ws(j);
			if (*j->p != '"')
				break;
			key = j->p;
			jsonin_skip_string(j);
			found = jsonin_key_is(key, j->p, "responses");
			jsonin_skip_ws(j);
			j->p++;	/* ':' */
			jsonin_skip_ws(j);
			if (found && *j->p == '[') {
				j->records = j->p;
				j->limesurvey = 1;
				return 0;
			}
			if (found)
				break;	/* the first "responses" counts, as in cJSON */
			jsonin_skip_value(j);
			jsonin_after_value(j);
		}
	}
	return diag_error(j->d, 1, 1, "expected an array of objects or {\"responses\": [...]}");
}

static int jsonin_columns(struct jsonin *j)
{
	struct src_cell *cells = xcalloc(j->ncols, sizeof(*cells));
	size_t c;
	int ret;

	for (c = 0; c < j->ncols; c++) {
		cells[c].text = j->names[c];
		cells[c].len = strlen(j->names[c]);
		cells[c].line = j->first[c].line;
		cells[c].col = j->first[c].col;
	}
	ret = j->sink->columns(j->sink->ctx, cells, j->ncols);
	free(cells);
	return ret;
}

/* Length of the valid UTF-8 sequence at s (before end), or 0 if it is not valid. */
static size_t jsonin_utf8_len(const unsigned char *s, const unsigned char *end)
{
	size_t n, i;
	uint32_t cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 2;
		cp = s[0] & 0x1F;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 3;
		cp = s[0] & 0x0F;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - s) < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

/* The text is UTF-8. */
static int jsonin_check_utf8(struct jsonin *j, const char *end)
{
	const unsigned char *s = (const unsigned char *)j->text, *e = (const unsigned char *)end;
	struct jsonin_pos at;
	size_t n;

	while (s < e) {
		n = jsonin_utf8_len(s, e);
		if (n == 0) {
			at = jsonin_where(j, (const char *)s);
			return diag_error(j->d, at.line, at.col,
					  "invalid UTF-8 byte 0x%02x, JSON must be UTF-8", *s);
		}
		s += n;
	}
	return 0;
}

/*
 * A strict RFC 8259 syntax check before cJSON sees the text. cJSON accepts some
 * text that is not JSON (control characters in strings, "01", form feeds as
 * white space) and its error pointer is one byte late for some errors (a
 * missing key); this check finds the first error exactly and says what was
 * expected. It also guarantees the text has no NUL byte for cJSON to stop at.
 */
struct jsonin_syntax {
	const char *p;
	const char *end;
	const char *at;		/* where the first error is */
	const char *why;
};

#define JSONIN_MAX_DEPTH 1000	/* cJSON's own nesting limit */

static int jsonin_syntax_fail(struct jsonin_syntax *s, const char *at, const char *why)
{
	s->at = at;
	s->why = at == s->end ? "unexpected end of file" : why;
	return -1;
}

static void jsonin_syntax_ws(struct jsonin_syntax *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

static int jsonin_hex4(const char *p, const char *end, unsigned *out)
{
	unsigned v = 0;
	int i;

	if (end - p < 4)
		return -1;
	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static int jsonin_syntax_escape(struct jsonin_syntax *s)
{
	const char *start = s->p;
	unsigned hi, lo;

	if (s->p + 1 < s->end && s->p[1] && strchr("\"\\/bfnrt", s->p[1])) {
		s->p += 2;
		return 0;
	}
	if (s->p + 1 >= s->end || s->p[1] != 'u')
		return jsonin_syntax_fail(s, start, "invalid escape in string");
	if (jsonin_hex4(s->p + 2, s->end, &hi) < 0)
		return jsonin_syntax_fail(s, start, "invalid \\u escape in string");
	s->p += 6;
	if (hi == 0)	/* cJSON would cut the string short there */
		return jsonin_syntax_fail(s, start, "\\u0000 (NUL) in string");
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return jsonin_syntax_fail(s, start, "unpaired surrogate in \\u escape");
	if (hi < 0xD800 || hi > 0xDBFF)
		return 0;
	if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
	    jsonin_hex4(s->p + 2, s->end, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
		return jsonin_syntax_fail(s, start, "unpaired surrogate in \\u escape");
	s->p += 6;
	return 0;
}

static int jsonin_syntax_string(struct jsonin_syntax *s)
{
	s->p++;	/* '"' */
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\') {
			if (jsonin_syntax_escape(s) < 0)
				return -1;
		} else if ((unsigned char)*s->p < 0x20) {
			return jsonin_syntax_fail(s, s->p, "control character in string (write it as \\n, \\t, ...)");
		} else {
			s->p++;
		}
	}
	if (s->p == s->end)
		return jsonin_syntax_fail(s, s->p, "");
	s->p++;
	return 0;
}

static int jsonin_syntax_digits(struct jsonin_syntax *s)
{
	if (s->p == s->end || *s->p < '0' || *s->p > '9')
		return jsonin_syntax_fail(s, s->p, "expected a digit");
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++;
	return 0;
}

static int jsonin_syntax_number_text(struct jsonin_syntax *s)
{
	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (jsonin_syntax_digits(s) < 0)
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (jsonin_syntax_digits(s) < 0)
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (jsonin_syntax_digits(s) < 0)
			return -1;
	}
	return 0;
}

/* cJSON copies a number into a 64-byte buffer and fails on longer ones. */
#define JSONIN_MAX_NUMBER 63

static int jsonin_syntax_number(struct jsonin_syntax *s)
{
	const char *start = s->p;

	if (jsonin_syntax_number_text(s) < 0)
		return -1;
	if (s->p - start > JSONIN_MAX_NUMBER)
		return jsonin_syntax_fail(s, start, "number longer than 63 characters");
	return 0;
}

static int jsonin_syntax_literal(struct jsonin_syntax *s, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(s->end - s->p) < n || memcmp(s->p, word, n) != 0)
		return jsonin_syntax_fail(s, s->p, "expected a value");
	s->p += n;
	return 0;
}

static int jsonin_syntax_value(struct jsonin_syntax *s, int depth);

/* An object or array; s->p is at its opening bracket. */
static int jsonin_syntax_container(struct jsonin_syntax *s, int depth)
{
	char close = *s->p == '{' ? '}' : ']';

	if (depth >= JSONIN_MAX_DEPTH)
		return jsonin_syntax_fail(s, s->p, "nested more than 1000 levels deep");
	s->p++;
	jsonin_syntax_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			jsonin_syntax_ws(s);
			if (s->p == s->end || *s->p != '"')
				return jsonin_syntax_fail(s, s->p, "expected a key in double quotes");
			if (jsonin_syntax_string(s) < 0)
				return -1;
			jsonin_syntax_ws(s);
			if (s->p == s->end || *s->p != ':')
				return jsonin_syntax_fail(s, s->p, "expected ':'");
			s->p++;
		}
		if (jsonin_syntax_value(s, depth + 1) < 0)
			return -1;
		jsonin_syntax_ws(s);
		if (s->p < s->end && *s->p == close) {
			s->p++;
			return 0;
		}
		if (s->p == s->end || *s->p != ',')
			return jsonin_syntax_fail(s, s->p, close == '}' ? "expected ',' or '}'" :
						  "expected ',' or ']'");
		s->p++;
	}
}

static int jsonin_syntax_value(struct jsonin_syntax *s, int depth)
{
	jsonin_syntax_ws(s);
	if (s->p == s->end)
		return jsonin_syntax_fail(s, s->p, "");
	switch (*s->p) {
	case '{':
	case '[':
		return jsonin_syntax_container(s, depth);
	case '"':
		return jsonin_syntax_string(s);
	case 't':
		return jsonin_syntax_literal(s, "true");
	case 'f':
		return jsonin_syntax_literal(s, "false");
	case 'n':
		return jsonin_syntax_literal(s, "null");
	default:
		if (*s->p == '-' || (*s->p >= '0' && *s->p <= '9'))
			return jsonin_syntax_number(s);
		return jsonin_syntax_fail(s, s->p, "expected a value");
	}
}

static int jsonin_check_syntax(struct jsonin *j, const char *end)
{
	struct jsonin_syntax s = { j->text, end, NULL, NULL };
	struct jsonin_pos at;

	if (jsonin_syntax_value(&s, 0) == 0) {
		jsonin_syntax_ws(&s);
		if (s.p == end)
			return 0;
		jsonin_syntax_fail(&s, s.p, "unexpected text after the end of the JSON value");
	}
	at = jsonin_where(j, s.at);
	return diag_error(j->d, at.line, at.col, "invalid JSON: %s", s.why);
}

/* Open problems and the size limit are reported here, through d, before reading. */
static int jsonin_file_ok(const char *path, struct diag *d)
{
	struct stat st;
	FILE *f = fopen(path, "rb");
	int ret = -1;

	if (!f)
		return diag_error(d, 0, 0, "cannot open file: %s", strerror(errno));
	if (fstat(fileno(f), &st) < 0)
		diag_error(d, 0, 0, "cannot read file: %s", strerror(errno));
	else if (S_ISDIR(st.st_mode))
		diag_error(d, 0, 0, "cannot read file: %s", strerror(EISDIR));
	else if ((uintmax_t)st.st_size > JSONIN_MAX_FILE)
		diag_error(d, 0, 0, "file is larger than %zu MiB, too large to read as JSON",
			   JSONIN_MAX_FILE >> 20);
	else
		ret = 0;
	fclose(f);
	return ret;
}

static void jsonin_release(struct jsonin *j)
{
	size_t c;

	for (c = 0; c < j->ncols; c++)
		free(j->names[c]);
	free(j->names);
	free(j->hash);
	free(j->stamp);
	free(j->first);
	free(j->off);
	free(j->cells);
	buf_release(&j->vals);
}

/* Everything after reading the file: check, parse, two passes. */
static int jsonin_parse(struct jsonin *j, const char *data, size_t len)
{
	const char *end = data + len;

	j->text = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? data + 3 : data;
	jsonin_rewind(j);
	while (j->p < end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
		j->p++;
	if (j->p == end)
		return diag_error(j->d, 0, 0, "empty file, expected JSON");
	if (jsonin_check_utf8(j, end) < 0)
		return -1;
	jsonin_rewind(j);
	if (jsonin_check_syntax(j, end) < 0)
		return -1;
	if (jsonin_locate(j) < 0)
		return -1;
	if (jsonin_walk(j, 1) < 0)
		return -1;
	if (jsonin_columns(j) < 0)
		return -1;
	j->off = xcalloc(j->ncols, sizeof(*j->off));
	j->cells = xcalloc(j->ncols, sizeof(*j->cells));
	jsonin_rewind(j);
	return jsonin_walk(j, 2);
}

/* Reading from memory (collect limesurvey): text the caller already holds, no size check. */
int jsonin_read_buffer(const char *data, size_t len, const struct src_options *opt, struct diag *d,
		       const struct src_sink *sink)
{
	struct jsonin j;
	int ret;

	memset(&j, 0, sizeof(j));
	j.d = d;
	j.sink = sink;
	j.max_field = opt && opt->max_field ? opt->max_field : SRC_MAX_FIELD;
	buf_init(&j.vals);
	ret = jsonin_parse(&j, data, len);
	jsonin_release(&j);
	return ret;
}

int jsonin_read(const char *path, const struct src_options *opt, struct diag *d,
		const struct src_sink *sink)
{
	struct jsonin j;
	char *data = NULL;
	size_t len = 0;
	int ret;

	memset(&j, 0, sizeof(j));
	j.d = d;
	j.sink = sink;
	/* JSON text is UTF-8 (RFC 8259), so opt->encoding does not apply. */
	j.max_field = opt && opt->max_field ? opt->max_field : SRC_MAX_FIELD;
	buf_init(&j.vals);
	if (jsonin_file_ok(path, d) < 0)
		return -1;
	if (file_read(path, JSONIN_MAX_FILE, &data, &len) < 0)
		return -1;
	ret = jsonin_parse(&j, data, len);
	jsonin_release(&j);
	free(data);
	return ret;
}
