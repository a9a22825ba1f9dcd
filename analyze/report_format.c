/* report_format.c: helpers shared by the report's pieces: Dutch numbers, Markdown escaping, string lists and the check JSON. */
#include "analyze/report_int.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Markdown and numbers ---- */

char *rp_md_esc(const char *s, int brackets)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	for (; s && *s; s++) {
		if (strchr("\\|*_`<", *s) || (brackets && (*s == '[' || *s == ']')))
			buf_addc(&b, '\\');
		buf_addc(&b, *s == '\n' ? ' ' : *s);
	}
	return buf_detach(&b);
}

char *report_md_escape(const char *s)
{
	return rp_md_esc(s, 1);
}

void rp_ucfirst(char *s)
{
	if (s && *s >= 'a' && *s <= 'z')
		*s = (char)(*s - 'a' + 'A');
}

/* Same rounding as analyze/render.c: half away from zero, decimal comma. */
static void put_fixed(struct buf *b, double v, int dec)
{
	char digits[48];
	unsigned long long q;
	size_t len;

	if (!isfinite(v))
		return;
	q = (unsigned long long)floor(fabs(v) * pow(10, dec) + 0.5 + 1e-9);
	snprintf(digits, sizeof(digits), "%0*llu", dec + 1, q);
	len = strlen(digits);
	if (v < 0 && q != 0)
		buf_addc(b, '-');
	buf_add(b, digits, len - (size_t)dec);
	if (dec > 0) {
		buf_addc(b, ',');
		buf_adds(b, digits + len - dec);
	}
}

char *rp_fixed_str(double v, int dec)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	put_fixed(&b, v, dec);
	return buf_detach(&b);
}

char *rp_pct_str(double share)
{
	struct buf b;

	buf_init(&b);
	put_fixed(&b, 100 * share, 0);
	buf_adds(&b, " %");
	return buf_detach(&b);
}

const char *rp_alpha_str(double alpha, char *buf)
{
	char *p;

	snprintf(buf, 32, "%g", alpha);
	p = strchr(buf, '.');
	if (p)
		*p = ',';
	return buf;
}

/* ---- string lists ---- */

void rp_strlist_add(struct rp_strlist *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 2) * sizeof(char *));
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

void rp_strlist_release(struct rp_strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void rp_split_commas(const char *s, struct rp_strlist *out)
{
	while (s && *s) {
		size_t n = strcspn(s, ",");

		if (n)
			rp_strlist_add(out, xstrndup(s, n));
		s += n + (s[n] == ',');
	}
}

void rp_join(struct buf *b, const struct rp_strlist *l, const char *sep, const char *last)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			buf_adds(b, i + 1 == l->n && last ? last : sep);
		buf_adds(b, l->v[i]);
	}
}

int rp_strlist_has(const struct rp_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

/* ---- the JSON of tevreden-check comments ---- */

void rp_json_strs(cJSON *o, const char *key, const struct rp_strlist *l)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	size_t i;

	for (i = 0; i < l->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
}

char *rp_json_done(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o), *ret = xstrdup(s ? s : "{}");

	cJSON_free(s);
	cJSON_Delete(o);
	return ret;
}
