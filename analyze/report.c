/* report.c: report templates: parsing directives, checking them against the study, and assembling tables, charts, quotes, sentences and the method section. */
#include "analyze/report.h"
#include "analyze/aapor.h"
#include "analyze/render.h"
#include "analyze/stats.h"
#include "analyze/svg.h"
#include "analyze/themes.h"
#include "code/agreement.h"
#include "core/error.h"
#include "core/store.h"
#include "core/strset.h"
#include "core/table.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DASH "\xe2\x80\x93"	/* "–": a value not shown, or a cell not tested */
#define MAX_ERRORS 50

/*
 * Layering: the report reads the study only through core/store.h and the
 * analysis engines (analyze/tables.h, analyze/themes.h); from code/ it uses
 * the pure agreement statistics of code/agreement.h, no coding-stage state.
 */

/* ---- small helpers ---- */

static char *md_esc(const char *s, int brackets)
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
	return md_esc(s, 1);
}

/* Upper-case the first letter when it is ASCII (Dutch sentences start with one almost always). */
static void ucfirst(char *s)
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

static char *fixed_str(double v, int dec)
{
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	put_fixed(&b, v, dec);
	return buf_detach(&b);
}

static char *pct_str(double share)
{
	struct buf b;

	buf_init(&b);
	put_fixed(&b, 100 * share, 0);
	buf_adds(&b, " %");
	return buf_detach(&b);
}

/* "0,05": alpha with a decimal comma into buf[32]. */
static const char *alpha_str(double alpha, char *buf)
{
	char *p;

	snprintf(buf, 32, "%g", alpha);
	p = strchr(buf, '.');
	if (p)
		*p = ',';
	return buf;
}

struct strlist {
	char **v;
	size_t n;
};

static void strlist_add(struct strlist *l, char *s)
{
	l->v = xrealloc(l->v, (l->n + 2) * sizeof(char *));
	l->v[l->n++] = s;
	l->v[l->n] = NULL;
}

static void strlist_release(struct strlist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

/* Split "a,b,,c" into its non-empty parts. */
static void split_commas(const char *s, struct strlist *out)
{
	while (s && *s) {
		size_t n = strcspn(s, ",");

		if (n)
			strlist_add(out, xstrndup(s, n));
		s += n + (s[n] == ',');
	}
}

static void join(struct buf *b, const struct strlist *l, const char *sep, const char *last)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i)
			buf_adds(b, i + 1 == l->n && last ? last : sep);
		buf_adds(b, l->v[i]);
	}
}

/* Column (1-based, in code points) of p within the line starting at line. */
static long cp_col(const char *line, const char *p)
{
	long col = 1;

	for (; line < p; line++)
		if (((unsigned char)*line & 0xC0) != 0x80)
			col++;
	return col;
}

/* ---- the template language ---- */

enum dkind { D_TABLE, D_CHART, D_RESPONSE, D_THEMES, D_QUOTES, D_AGREEMENT, D_METHOD };

struct dspec {
	const char *name;
	int target;		/* 1: the directive needs its positional argument */
	const char *target_what;
	const char *const *opts;
};

static const char *const table_opts[] = { "waves", "wave", "by", "letters", "adjust", "year-mark",
	"total-exclude", "measure", "distribution", "summary", "say", "title", "show", NULL };
static const char *const chart_opts[] = { "waves", "wave", "by", "letters", "adjust", "year-mark",
	"total-exclude", "measure", "total", "title", NULL };
static const char *const response_opts[] = { "waves", "title", NULL };
static const char *const themes_opts[] = { "by", "unit", "coder", "wave", "group", "source",
	"min-base", "codes", "title", NULL };
static const char *const quotes_opts[] = { "polarity", "limit", "wave", "group", "source", "coder",
	"min-length", "max-length", "placeholders", "skip", NULL };
static const char *const agreement_opts[] = { "coders", "codes", "title", NULL };
static const char *const method_opts[] = { NULL };

static const struct dspec dspecs[] = {
	[D_TABLE] = { "table", 1, "an item or module:NAME", table_opts },
	[D_CHART] = { "chart", 1, "an item", chart_opts },
	[D_RESPONSE] = { "response", 0, NULL, response_opts },
	[D_THEMES] = { "themes", 0, NULL, themes_opts },
	[D_QUOTES] = { "quotes", 1, "a code", quotes_opts },
	[D_AGREEMENT] = { "agreement", 0, NULL, agreement_opts },
	[D_METHOD] = { "method", 0, NULL, method_opts },
};

#define NSPECS (sizeof(dspecs) / sizeof(dspecs[0]))

static int dkind_of(const char *name)
{
	size_t i;

	for (i = 0; i < NSPECS; i++)
		if (strcmp(dspecs[i].name, name) == 0)
			return (int)i;
	return -1;
}

static const struct report_arg *arg_get(const struct report_directive *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nargs; i++)
		if (d->args[i].key && strcmp(d->args[i].key, key) == 0)
			return &d->args[i];
	return NULL;
}

static const char *opt(const struct report_directive *d, const char *key)
{
	const struct report_arg *a = arg_get(d, key);

	return a ? a->value : NULL;
}

static const struct report_arg *target_arg(const struct report_directive *d)
{
	size_t i;

	for (i = 0; i < d->nargs; i++)
		if (!d->args[i].key)
			return &d->args[i];
	return NULL;
}

static int is_one_of(const char *v, const char *list)
{
	size_t n = strlen(v);
	const char *p = list;

	while (*p) {
		size_t m = strcspn(p, "|");

		if (m == n && strncmp(p, v, n) == 0)
			return 1;
		p += m + (p[m] == '|');
	}
	return 0;
}

static int whole_number(const char *v, long lo, long hi)
{
	long x;

	return num_parse_long(v, &x) == 0 && x >= lo && x <= hi;
}

/* The value rules that need no study. Returns the problem (written into msg) or NULL. */
static const char *value_problem(int kind, const char *key, const char *v, char *msg, size_t size)
{
	static const struct { const char *key, *values; } enums[] = {
		{ "letters", "none|reference|pairwise" }, { "adjust", "none|bonferroni|holm" },
		{ "year-mark", "letters|star" }, { "distribution", "yes|no" }, { "summary", "yes|no" },
		{ "total", "yes|no" }, { "show", "all|total" },
		{ "unit", "speakers|documents|respondents|segments" }, { "polarity", "+|-|~" },
		{ "placeholders", "keep|adjacent|drop" }, { "source", "all|interviews|answers" },
	};
	size_t i;

	if (kind == D_THEMES && strcmp(key, "by") == 0 && !is_one_of(v, "group|wave|method")) {
		snprintf(msg, size, "'by' of themes expects group, wave or method, not '%s'", v);
		return msg;
	}
	for (i = 0; i < sizeof(enums) / sizeof(enums[0]); i++) {
		if (strcmp(key, enums[i].key) == 0 && !is_one_of(v, enums[i].values)) {
			snprintf(msg, size, "'%s' expects %s, not '%s'", key, enums[i].values, v);
			return msg;
		}
	}
	if ((strcmp(key, "limit") == 0 && !whole_number(v, 1, 1000)) ||
	    ((strcmp(key, "min-length") == 0 || strcmp(key, "max-length") == 0) &&
	     !whole_number(v, 0, 100000)) ||
	    (strcmp(key, "min-base") == 0 && !whole_number(v, 0, 1000000000))) {
		snprintf(msg, size, "'%s' expects a whole number%s, not '%s'", key,
			 strcmp(key, "limit") == 0 ? " from 1 to 1000" : "", v);
		return msg;
	}
	if (strcmp(key, "measure") == 0 && !is_one_of(v, "top|mean") &&
	    !(strncmp(v, "option:", 7) == 0 && whole_number(v + 7, -1000000000, 1000000000))) {
		snprintf(msg, size, "'measure' expects top, mean or option:CODE, not '%s'", v);
		return msg;
	}
	if (strcmp(key, "skip") == 0) {
		struct strlist l = { 0 };
		size_t k;
		int bad = 0;

		split_commas(v, &l);
		for (k = 0; k < l.n; k++)
			bad |= !whole_number(l.v[k], 1, 2000000000);
		bad |= l.n == 0;
		strlist_release(&l);
		if (bad) {
			snprintf(msg, size, "'skip' expects segment numbers separated by commas, not '%s'", v);
			return msg;
		}
	}
	if (strcmp(key, "waves") == 0) {
		struct strlist l = { 0 };
		int bad;

		split_commas(v, &l);
		bad = l.n != 2 || strcmp(l.v[0], l.v[1]) == 0;
		strlist_release(&l);
		if (bad) {
			snprintf(msg, size, "'waves' expects two different waves W1,W2, not '%s'", v);
			return msg;
		}
	}
	if (strcmp(key, "say") == 0 && !strstr(v, "{value}")) {
		snprintf(msg, size, "'say' needs {value} where the number goes");
		return msg;
	}
	return NULL;
}

static void directive_release(struct report_directive *d)
{
	size_t i;

	for (i = 0; i < d->nargs; i++) {
		free(d->args[i].key);
		free(d->args[i].value);
	}
	free(d->args);
	free(d->name);
}

/* Read a value at *pp: "quoted" (with \" and \\) or up to the next space. NULL when a quote is not closed. */
static char *read_value(const char **pp)
{
	const char *p = *pp;
	struct buf b;

	buf_init(&b);
	buf_adds(&b, "");
	if (*p != '"') {
		while (*p && *p != ' ' && *p != '\t')
			buf_addc(&b, *p++);
		*pp = p;
		return buf_detach(&b);
	}
	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && (p[1] == '"' || p[1] == '\\'))
			p++;
		buf_addc(&b, *p);
	}
	if (*p != '"') {
		buf_release(&b);
		return NULL;
	}
	*pp = p + 1;
	return buf_detach(&b);
}

/*
 * One directive line. line is the whole line (NUL-terminated, no newline);
 * open points at its "{{". Errors go to d; returns 0 or -1.
 */
static int parse_directive(struct diag *dg, long lineno, const char *line, const char *open,
	struct report_directive *out)
{
	const char *close, *p, *end;
	char msg[256];
	int kind, npos = 0, errs = 0;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	for (p = line; p < open; p++)
		if (*p != ' ' && *p != '\t')
			return diag_error(dg, lineno, cp_col(line, open),
					  "a directive must stand alone on its line");
	close = strstr(open + 2, "}}");
	if (!close)
		return diag_error(dg, lineno, cp_col(line, open), "directive not closed: '}}' missing "
				  "(a directive is one line)");
	for (p = close + 2; *p; p++)
		if (*p != ' ' && *p != '\t')
			return diag_error(dg, lineno, cp_col(line, p), "text after the directive");
	end = close;
	p = open + 2;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	{
		const char *n0 = p;

		while (p < end && (islower((unsigned char)*p) || *p == '-'))
			p++;
		if (p == n0)
			return diag_error(dg, lineno, cp_col(line, n0), "directive name missing after '{{'");
		out->name = xstrndup(n0, (size_t)(p - n0));
		out->line = lineno;
		out->col = cp_col(line, n0);
		kind = dkind_of(out->name);
		if (kind < 0) {
			diag_error(dg, lineno, out->col, "unknown directive '%s' (known: table, chart, "
				   "response, themes, quotes, agreement, method)", out->name);
			goto fail;
		}
		if (p < end && *p != ' ' && *p != '\t') {
			diag_error(dg, lineno, cp_col(line, p), "unexpected '%c' after '%s'", *p, out->name);
			goto fail;
		}
	}
	for (;;) {
		struct report_arg a = { 0 };
		const char *k0, *v0;
		char *inner;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		k0 = p;
		a.line = lineno;
		a.col = cp_col(line, k0);
		while (p < end && (islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			p++;
		if (p < end && *p == '=' && p > k0) {
			a.key = xstrndup(k0, (size_t)(p - k0));
			p++;
		} else {
			p = k0;
		}
		v0 = p;
		a.vcol = cp_col(line, v0);
		/* read_value needs a NUL-terminated string: work on a copy of the rest */
		inner = xstrndup(p, (size_t)(end - p));
		{
			const char *q = inner;

			a.value = read_value(&q);
			p += q - inner;
		}
		free(inner);
		if (!a.value) {
			diag_error(dg, lineno, a.vcol, "quote not closed");
			free(a.key);
			goto fail;
		}
		if (p < end && *p != ' ' && *p != '\t') {
			diag_error(dg, lineno, cp_col(line, p), "expected a space after the value");
			free(a.key);
			free(a.value);
			goto fail;
		}
		out->args = xrealloc(out->args, (out->nargs + 1) * sizeof(*out->args));
		out->args[out->nargs++] = a;
	}
	for (i = 0; i < out->nargs; i++) {
		const struct report_arg *a = &out->args[i];
		const char *problem;

		if (!a->key) {
			if (!dspecs[kind].target || npos++) {
				diag_error(dg, lineno, a->col, "'%s' takes no argument '%s'%s", out->name,
					   a->value, strchr(a->value, '=') ? "" : " (options are KEY=VALUE)");
				errs++;
			}
			continue;
		}
		for (j = 0; dspecs[kind].opts[j] && strcmp(dspecs[kind].opts[j], a->key) != 0; j++)
			;
		if (!dspecs[kind].opts[j]) {
			struct buf known;

			buf_init(&known);
			for (j = 0; dspecs[kind].opts[j]; j++)
				buf_printf(&known, "%s%s", j ? ", " : "", dspecs[kind].opts[j]);
			diag_error(dg, lineno, a->col, "unknown option '%s' for '%s' (%s%s)", a->key,
				   out->name, known.len ? "known: " : "it takes none",
				   known.len ? known.s : "");
			buf_release(&known);
			errs++;
			continue;
		}
		for (j = 0; j < i; j++) {
			if (out->args[j].key && strcmp(out->args[j].key, a->key) == 0) {
				diag_error(dg, lineno, a->col, "option '%s' given twice", a->key);
				errs++;
				break;
			}
		}
		if (*a->value == '\0') {
			diag_error(dg, lineno, a->vcol, "option '%s' needs a value", a->key);
			errs++;
			continue;
		}
		problem = value_problem(kind, a->key, a->value, msg, sizeof(msg));
		if (problem) {
			diag_error(dg, lineno, a->vcol, "%s", problem);
			errs++;
		}
	}
	if (dspecs[kind].target && npos == 0) {
		diag_error(dg, lineno, out->col, "'%s' needs %s", out->name, dspecs[kind].target_what);
		errs++;
	}
	if (arg_get(out, "wave") && arg_get(out, "waves") && kind != D_THEMES && kind != D_QUOTES) {
		diag_error(dg, lineno, arg_get(out, "wave")->col, "give 'wave' or 'waves', not both");
		errs++;
	}
	if (errs)
		goto fail;
	return 0;
fail:
	directive_release(out);
	memset(out, 0, sizeof(*out));
	return -1;
}

/* A fence line: up to three spaces, then ``` or ~~~. */
static int is_fence(const char *s)
{
	int i = 0;

	while (i < 3 && s[i] == ' ')
		i++;
	return strncmp(s + i, "```", 3) == 0 || strncmp(s + i, "~~~", 3) == 0;
}

int report_template_parse(const char *path, const char *text, size_t len, FILE *errs,
	struct report_template **out)
{
	struct report_template *t = xcalloc(1, sizeof(*t));
	struct diag dg;
	size_t pos = 0, cap = 0;
	long lineno = 0;
	int fenced = 0;

	*out = NULL;
	diag_init(&dg, path, MAX_ERRORS);
	dg.out = errs;
	t->path = xstrdup(path);
	if (memchr(text, '\0', len)) {
		diag_error(&dg, 0, 0, "the template contains a NUL byte");
		report_template_free(t);
		return -1;
	}
	while (pos < len && !diag_full(&dg)) {
		size_t n = 0;
		char *line;
		const char *open;
		struct report_block b = { 0 };

		while (pos + n < len && text[pos + n] != '\n')
			n++;
		line = xstrndup(text + pos, n && text[pos + n - 1] == '\r' ? n - 1 : n);
		pos += n + 1;
		lineno++;
		b.line = lineno;
		if (is_fence(line))
			fenced = !fenced;
		open = fenced ? NULL : strstr(line, "{{");
		if (open) {
			b.is_directive = 1;
			if (parse_directive(&dg, lineno, line, open, &b.d) < 0) {
				free(line);
				continue;
			}
			t->ndirectives++;
			free(line);
		} else {
			b.text = line;
		}
		if (t->nblocks == cap) {
			cap = cap ? 2 * cap : 64;
			t->blocks = xrealloc(t->blocks, cap * sizeof(*t->blocks));
		}
		t->blocks[t->nblocks++] = b;
	}
	if (dg.errors) {
		report_template_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

void report_template_free(struct report_template *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nblocks; i++) {
		free(t->blocks[i].text);
		if (t->blocks[i].is_directive)
			directive_release(&t->blocks[i].d);
	}
	free(t->blocks);
	free(t->path);
	free(t);
}

/* ---- what the study has: waves, items, modules, options ---- */

struct cat_item {
	char *name, *label, *type, *role, *module, *module_title;
	int64_t qid, scale_id;
	int skewed;
};

struct cat_opt {
	int64_t qid, scale_id;
	long code;
	char *label;
	int is_missing, is_top;
};

struct cat_wave {
	char *name, *wording;
	int64_t qid;
	long respondents;
};

struct catalog {
	struct cat_wave *waves;
	size_t nwaves;
	struct cat_item *items;
	size_t nitems;
	struct cat_opt *opts;
	size_t nopts;
	int64_t cur_qid;
};

static int cat_wave_cb(void *ctx, const struct store_wave_row *w)
{
	struct catalog *c = ctx;
	struct cat_wave *cw;

	c->waves = xrealloc(c->waves, (c->nwaves + 1) * sizeof(*c->waves));
	cw = &c->waves[c->nwaves++];
	cw->name = xstrdup(w->name);
	cw->wording = w->wording ? xstrdup(w->wording) : NULL;
	cw->qid = w->questionnaire_id;
	cw->respondents = w->respondents;
	return 0;
}

static char *dup0(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

static int cat_item_cb(void *ctx, const struct store_item_row *it)
{
	struct catalog *c = ctx;
	struct cat_item *ci;

	c->items = xrealloc(c->items, (c->nitems + 1) * sizeof(*c->items));
	ci = &c->items[c->nitems++];
	ci->name = xstrdup(it->name);
	ci->label = dup0(it->label);
	ci->type = xstrdup(it->type);
	ci->role = dup0(it->role);
	ci->module = dup0(it->module);
	ci->module_title = dup0(it->module_title);
	ci->qid = c->cur_qid;
	ci->scale_id = it->scale_id;
	ci->skewed = it->skewed;
	return 0;
}

static int cat_opt_cb(void *ctx, const struct store_option_row *o)
{
	struct catalog *c = ctx;
	struct cat_opt *co;

	c->opts = xrealloc(c->opts, (c->nopts + 1) * sizeof(*c->opts));
	co = &c->opts[c->nopts++];
	co->qid = c->cur_qid;
	co->scale_id = o->scale_id;
	co->code = o->code;
	co->label = xstrdup(o->label);
	co->is_missing = o->is_missing;
	co->is_top = o->is_top;
	return 0;
}

static int catalog_load(struct store *st, struct catalog *c)
{
	size_t i, j;

	if (store_waves(st, cat_wave_cb, c) < 0)
		return -1;
	for (i = 0; i < c->nwaves; i++) {
		int seen = c->waves[i].qid == 0;

		for (j = 0; j < i && !seen; j++)
			seen = c->waves[j].qid == c->waves[i].qid;
		if (seen)
			continue;
		c->cur_qid = c->waves[i].qid;
		if (store_items(st, c->cur_qid, NULL, cat_item_cb, c) < 0 ||
		    store_options(st, c->cur_qid, cat_opt_cb, c) < 0)
			return -1;
	}
	return 0;
}

static void catalog_release(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->nwaves; i++) {
		free(c->waves[i].name);
		free(c->waves[i].wording);
	}
	for (i = 0; i < c->nitems; i++) {
		struct cat_item *it = &c->items[i];

		free(it->name);
		free(it->label);
		free(it->type);
		free(it->role);
		free(it->module);
		free(it->module_title);
	}
	for (i = 0; i < c->nopts; i++)
		free(c->opts[i].label);
	free(c->waves);
	free(c->items);
	free(c->opts);
}

static const struct cat_wave *cat_wave(const struct catalog *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nwaves; i++)
		if (strcmp(c->waves[i].name, name) == 0)
			return &c->waves[i];
	return NULL;
}

/* The item in the latest questionnaire that has it (waves are ordered by name). */
static const struct cat_item *cat_item(const struct catalog *c, const char *name)
{
	const struct cat_item *found = NULL;
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (strcmp(c->items[i].name, name) == 0)
			found = &c->items[i];
	return found;
}

static const struct cat_item *cat_role(const struct catalog *c, const char *role)
{
	const struct cat_item *found = NULL;
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (c->items[i].role && strcmp(c->items[i].role, role) == 0)
			found = &c->items[i];
	return found;
}

static const struct cat_item *cat_module(const struct catalog *c, const char *module)
{
	const struct cat_item *found = NULL;
	size_t i;

	for (i = 0; i < c->nitems; i++)
		if (c->items[i].module && strcmp(c->items[i].module, module) == 0)
			found = &c->items[i];
	return found;
}

static const struct cat_opt *cat_option(const struct catalog *c, const struct cat_item *it, long code)
{
	size_t i;

	for (i = 0; i < c->nopts; i++)
		if (c->opts[i].qid == it->qid && c->opts[i].scale_id == it->scale_id &&
		    c->opts[i].code == code)
			return &c->opts[i];
	return NULL;
}

static int cat_has_top(const struct catalog *c, const struct cat_item *it)
{
	size_t i;

	for (i = 0; i < c->nopts; i++)
		if (c->opts[i].qid == it->qid && c->opts[i].scale_id == it->scale_id && c->opts[i].is_top)
			return 1;
	return 0;
}

/* ---- the context of one build ---- */

struct codelabel {
	char *name, *label;
};

struct ctx {
	struct store *st;
	const struct report_template *tpl;
	const struct report_opts *o;
	struct catalog cat;
	struct diag dg;
	const char *waves[AN_MAX_WAVES];	/* the report's waves (borrowed from the catalog or o) */
	size_t nwaves;
	struct report *r;
	size_t tcap;
	struct buf md;
	struct strset sheets;
	struct codelabel *labels;
	size_t nlabels;
	int figures;
};

static void md_line(struct ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void md_line(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	buf_adds(&c->md, s);
	buf_addc(&c->md, '\n');
	free(s);
}

static int ends_blank(const struct ctx *c)
{
	return c->md.len == 0 || (c->md.len >= 2 && c->md.s[c->md.len - 1] == '\n' &&
				  c->md.s[c->md.len - 2] == '\n');
}

/* Make sure what comes next starts a new Markdown block. */
static void md_gap(struct ctx *c)
{
	if (!ends_blank(c))
		buf_addc(&c->md, '\n');
}

static const char *code_label(const struct ctx *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->nlabels; i++)
		if (strcmp(c->labels[i].name, code) == 0)
			return c->labels[i].label;
	return code;
}

/* A wave option's value: "first" and "last" name the report's waves. */
static const char *wave_name(const struct ctx *c, const char *v)
{
	if (v && c->nwaves && strcmp(v, "last") == 0)
		return c->waves[c->nwaves - 1];
	if (v && c->nwaves && strcmp(v, "first") == 0)
		return c->waves[0];
	return v;
}

static int label_cb(void *ctx, const char *codebook, const char *version, const char *name,
	const char *label)
{
	struct ctx *c = ctx;
	size_t i;

	/* Codes come oldest codebook first: a newer label replaces an older one. */
	for (i = 0; i < c->nlabels; i++) {
		if (strcmp(c->labels[i].name, name) == 0) {
			free(c->labels[i].label);
			c->labels[i].label = xstrdup(label);
			return 0;
		}
	}
	c->labels = xrealloc(c->labels, (c->nlabels + 1) * sizeof(*c->labels));
	c->labels[c->nlabels].name = xstrdup(name);
	c->labels[c->nlabels].label = xstrdup(label);
	c->nlabels++;
	return 0;
}

/* An error at a directive's argument (or the directive when a is NULL). Returns REPORT_EDATA. */
static int at(struct ctx *c, const struct report_directive *d, const struct report_arg *a, int value,
	const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static int at(struct ctx *c, const struct report_directive *d, const struct report_arg *a, int value,
	const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	diag_error(&c->dg, d->line, a ? (value ? a->vcol : a->col) : d->col, "%s", s);
	free(s);
	return REPORT_EDATA;
}

/* ---- report tables ---- */

static void cell_set(struct report_cell *cell, char *text, double num, enum report_num kind, int dec,
	long n, char *marks)
{
	cell->text = text ? text : xstrdup("");
	cell->num = num;
	cell->kind = kind;
	cell->decimals = dec;
	cell->n = n;
	cell->marks = marks ? marks : xstrdup("");
	cell->suppressed = 0;
}

static void rtable_init(struct report_table *t, const char *caption, const char *row_head,
	size_t ncols, size_t nrows)
{
	memset(t, 0, sizeof(*t));
	t->caption = xstrdup(caption);
	t->row_head = xstrdup(row_head);
	t->ncols = ncols;
	t->nrows = nrows;
	t->cols = xcalloc(ncols + 1, sizeof(*t->cols));
	t->row_labels = xcalloc(nrows + 1, sizeof(char *));
	t->cells = xcalloc(ncols * nrows + 1, sizeof(*t->cells));
}

static void rtable_note(struct report_table *t, char *note)
{
	t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof(char *));
	t->notes[t->nnotes++] = note;
}

static void rtable_release(struct report_table *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->cols[i].head);
	for (i = 0; i < t->nrows; i++)
		free(t->row_labels[i]);
	for (i = 0; i < t->nrows * t->ncols; i++) {
		free(t->cells[i].text);
		free(t->cells[i].marks);
	}
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->cols);
	free(t->row_labels);
	free(t->cells);
	free(t->notes);
	free(t->caption);
	free(t->sheet);
	free(t->row_head);
	free(t->summary);
	free(t->check);
}

/* A unique sheet name "T3 hint", at most 31 characters, without []:*?/\ and '. */
static char *sheet_name(struct ctx *c, int number, const char *hint)
{
	struct buf b;
	size_t cut = 0, i;
	char *s;

	buf_init(&b);
	buf_printf(&b, "T%d %s", number, hint);
	for (i = 0; i < b.len; i++)
		if (strchr("[]:*?/\\'", b.s[i]))
			b.s[i] = '-';
	/* cut at 31 bytes on a character boundary (Excel counts UTF-16 units: bytes are safe) */
	for (i = 0; i < b.len && i <= 31; i++)
		if (((unsigned char)b.s[i] & 0xC0) != 0x80)
			cut = i;
	if (b.len > 31) {
		b.s[cut] = '\0';
		b.len = cut;
	}
	while (b.len && b.s[b.len - 1] == ' ')
		b.s[--b.len] = '\0';
	s = buf_detach(&b);
	if (!strset_add(&c->sheets, s)) {
		free(s);
		s = xasprintf("T%d", number);
		strset_add(&c->sheets, s);
	}
	return s;
}

/* Write a table as Markdown: summary, caption, GFM table, notes. bold_last: the last row is a total. */
static void md_table(struct ctx *c, const struct report_table *t, int bold_last)
{
	size_t i, j;
	char *e;
	struct buf row;

	md_gap(c);
	if (t->summary) {
		if (c->o->html) {
			e = svg_escape(t->summary);
			md_line(c, "<p class=\"summary\">%s</p>", e);
		} else {
			e = md_esc(t->summary, 1);
			md_line(c, "%s", e);
		}
		free(e);
		md_line(c, "%s", "");
	}
	if (t->check) {
		md_line(c, "<!-- tevreden-check %s -->", t->check);
		md_line(c, "%s", "");
	}
	e = md_esc(t->caption, 1);
	md_line(c, "**Tabel %d.** %s", t->number, e);
	free(e);
	md_line(c, "%s", "");
	buf_init(&row);
	e = md_esc(t->row_head, 0);
	buf_printf(&row, "| %s |", e);
	free(e);
	for (j = 0; j < t->ncols; j++) {
		e = md_esc(t->cols[j].head, 0);
		buf_printf(&row, " %s |", e);
		free(e);
	}
	md_line(c, "%s", row.s);
	buf_reset(&row);
	buf_adds(&row, "| --- |");
	for (j = 0; j < t->ncols; j++)
		buf_adds(&row, " ---: |");
	md_line(c, "%s", row.s);
	for (i = 0; i < t->nrows; i++) {
		int bold = bold_last && i + 1 == t->nrows;

		buf_reset(&row);
		e = md_esc(t->row_labels[i], 0);
		buf_printf(&row, bold ? "| **%s** |" : "| %s |", e);
		free(e);
		for (j = 0; j < t->ncols; j++) {
			const struct report_cell *cell = &t->cells[i * t->ncols + j];
			struct buf cb;

			buf_init(&cb);
			buf_adds(&cb, cell->text);
			if (*cell->marks)
				buf_printf(&cb, "%s%s", cb.len ? " " : "", cell->marks);
			if (t->cols[j].has_n && !t->cols[j].n_in_head && cell->n >= 0)
				buf_printf(&cb, "%sn=%ld", cb.len ? " " : "", cell->n);
			e = md_esc(cb.s ? cb.s : "", 0);
			buf_printf(&row, " %s |", e);
			free(e);
			buf_release(&cb);
		}
		md_line(c, "%s", row.s);
	}
	buf_release(&row);
	if (t->nnotes) {
		md_line(c, "%s", "");
		if (c->o->html)
			md_line(c, "%s", "<div class=\"notes\">");
		for (i = 0; i < t->nnotes; i++) {
			if (c->o->html) {
				e = svg_escape(t->notes[i]);
				md_line(c, "<p>%s</p>", e);
			} else {
				e = md_esc(t->notes[i], 1);
				md_line(c, "%s%s", e, i + 1 < t->nnotes ? "\\" : "");
			}
			free(e);
		}
		if (c->o->html)
			md_line(c, "%s", "</div>");
	}
	md_line(c, "%s", "");
}

/* Give t a number and a sheet, write its Markdown and keep it in the report (t is moved). */
static void table_add(struct ctx *c, struct report_table *t, const char *sheet_hint, int bold_last)
{
	struct report *r = c->r;

	t->number = (int)r->ntables + 1;
	t->sheet = sheet_name(c, t->number, sheet_hint);
	md_table(c, t, bold_last);
	if (r->ntables == c->tcap) {
		c->tcap = c->tcap ? 2 * c->tcap : 16;
		r->tables = xrealloc(r->tables, c->tcap * sizeof(*r->tables));
	}
	r->tables[r->ntables++] = *t;
	memset(t, 0, sizeof(*t));
}

/* ---- generated sentences ---- */

/* The value of a cell as a sentence says it: "75 %", "7,2" (means without the median). */
static char *say_value(const struct an_result *r, const struct an_table *t, const struct an_cell *c)
{
	struct an_table tt = *t;
	struct an_cell cc = *c;

	tt.skewed = 0;
	cc.share = NAN;
	return render_value(r, &tt, &cc, 0);
}

static int shown(const struct an_cell *c, long suppress)
{
	return c->n > 0 && c->n >= suppress;
}

static const struct an_comparison *find_cmp(const struct an_table *t, enum an_kind k, size_t ra,
	size_t wa, size_t rb, size_t wb)
{
	size_t i;

	for (i = 0; i < t->ncmp; i++) {
		const struct an_comparison *c = &t->cmp[i];

		if (c->kind == k && c->row_a == ra && c->wave_a == wa && c->row_b == rb && c->wave_b == wb)
			return c;
	}
	return NULL;
}

/* 1 when b is above a (a test decides a tie of values: Mann–Whitney's mean ranks). */
static int b_higher(const struct an_cell *a, const struct an_cell *b, const struct an_comparison *cmp)
{
	if (b->value != a->value)
		return b->value > a->value;
	return cmp ? !cmp->a_larger : 0;
}

static const char *why_untested(const struct an_cell *a, const struct an_cell *b)
{
	enum an_reason why = a->reason != AN_TESTABLE ? a->reason : b->reason;

	switch (why) {
	case AN_UNTESTABLE_BASE: return "te kleine basis";
	case AN_UNTESTABLE_EXTREME: return "0 of 100 %";
	case AN_UNTESTABLE_NO_VARIANCE: return "geen spreiding";
	default: return "geen toets mogelijk";
	}
}

/* The opening clause: `say` with {value} filled in, or one made from the item's label. */
static void opening(struct buf *b, const struct an_table *t, const char *say, const char *value)
{
	const char *label = t->item_label ? t->item_label : t->item;
	const char *p;

	if (say) {
		for (p = say; *p;) {
			if (strncmp(p, "{value}", 7) == 0) {
				buf_adds(b, value);
				p += 7;
			} else {
				buf_addc(b, *p++);
			}
		}
		return;
	}
	if (t->measure == AN_MEAN) {
		buf_printf(b, "%s: gemiddeld %s", label, value);
		if (t->unit && !strstr(label, t->unit))
			buf_printf(b, " %s", t->unit);
		return;
	}
	buf_printf(b, "%s: %s %s", label, value, strncmp(t->label, "% ", 2) == 0 ? t->label + 2 : t->label);
}

/* Groups with answers in one wave and none in the other: "2015 zonder JB/JR". */
static void composition(const struct an_result *r, const struct an_table *t, struct buf *b)
{
	size_t w, g;
	int any = 0;

	for (w = 0; w < 2; w++) {
		struct strlist miss = { 0 };

		for (g = 0; g < r->ngroups; g++)
			if (an_cell_at(r, t, g, w)->n == 0 && an_cell_at(r, t, g, 1 - w)->n > 0)
				strlist_add(&miss, xstrdup(r->groups[g].label));
		if (miss.n) {
			buf_printf(b, "%s%s zonder ", any ? ", " : "", r->waves[w]);
			join(b, &miss, ", ", " en ");
			any = 1;
		}
		strlist_release(&miss);
	}
}

static void sentence_total(const struct an_result *r, const struct an_table *t, const char *say,
	long suppress, struct buf *b)
{
	size_t tot = r->ngroups, last = r->nwaves - 1;
	const struct an_cell *c1 = an_cell_at(r, t, tot, last), *c0;
	const struct an_comparison *cmp;
	char *v1, *v0;
	size_t start = b->len;

	if (c1->n == 0) {
		buf_printf(b, "In %s is deze vraag niet gesteld.", r->waves[last]);
		return;
	}
	if (!shown(c1, suppress)) {
		buf_printf(b, "Het %s van %s heeft te weinig antwoorden om te tonen (n=%ld).", r->total_label,
			   r->waves[last], c1->n);
		return;
	}
	v1 = say_value(r, t, c1);
	opening(b, t, say, v1);
	buf_printf(b, " (%s %s)", r->total_label, r->waves[last]);
	free(v1);
	if (r->nwaves == 2) {
		c0 = an_cell_at(r, t, tot, 0);
		cmp = find_cmp(t, AN_CMP_WAVES, tot, 0, tot, 1);
		v0 = say_value(r, t, c0);
		if (c0->n == 0) {
			buf_printf(b, "; in %s is deze vraag niet gesteld", r->waves[0]);
		} else if (r->ngroups && !t->total_comparable) {
			buf_printf(b, "; de totalen van %s en %s bevatten niet dezelfde groepen (", r->waves[0],
				   r->waves[1]);
			composition(r, t, b);
			buf_adds(b, "), dus is het verschil niet getoetst");
		} else if (!shown(c0, suppress)) {
			buf_printf(b, "; %s heeft te weinig antwoorden om te vergelijken", r->waves[0]);
		} else if (!cmp) {
			buf_printf(b, "; het verschil met %s (%s) is niet getoetst (%s)", r->waves[0], v0,
				   why_untested(c0, c1));
		} else if (cmp->significant) {
			buf_printf(b, "; dat is significant %s dan in %s (%s)",
				   b_higher(c0, c1, cmp) ? "hoger" : "lager", r->waves[0], v0);
		} else {
			buf_printf(b, "; dat is niet significant verschillend van %s (%s)", r->waves[0], v0);
		}
		free(v0);
	}
	buf_addc(b, '.');
	ucfirst(b->s + start);
}

static void sentence_groups_waves(const struct an_result *r, const struct an_table *t, long suppress,
	struct buf *b)
{
	struct strlist parts = { 0 };
	size_t g;

	for (g = 0; g < r->ngroups; g++) {
		const struct an_cell *a = an_cell_at(r, t, g, 0), *c = an_cell_at(r, t, g, 1);
		const struct an_comparison *cmp = find_cmp(t, AN_CMP_WAVES, g, 0, g, 1);
		const char *label = r->groups[g].label;
		char *va, *vb;

		if (a->n == 0 && c->n == 0)
			continue;
		va = say_value(r, t, a);
		vb = say_value(r, t, c);
		if (a->n == 0)
			strlist_add(&parts, shown(c, suppress) ?
				    xasprintf("%s alleen in %s (%s)", label, r->waves[1], vb) :
				    xasprintf("%s alleen in %s", label, r->waves[1]));
		else if (c->n == 0)
			strlist_add(&parts, shown(a, suppress) ?
				    xasprintf("%s alleen in %s (%s)", label, r->waves[0], va) :
				    xasprintf("%s alleen in %s", label, r->waves[0]));
		else if (!shown(a, suppress) || !shown(c, suppress))
			strlist_add(&parts, xasprintf("%s te weinig antwoorden om te vergelijken", label));
		else if (cmp && cmp->significant)
			strlist_add(&parts, xasprintf("%s significant %s (%s tegen %s)", label,
						      b_higher(a, c, cmp) ? "hoger" : "lager", vb, va));
		else if (cmp)
			strlist_add(&parts, xasprintf("%s niet significant verschillend (%s tegen %s)", label,
						      vb, va));
		else
			strlist_add(&parts, xasprintf("%s niet getoetst, %s (%s tegen %s)", label,
						      why_untested(a, c), vb, va));
		free(va);
		free(vb);
	}
	if (parts.n) {
		buf_printf(b, " Per groep, %s tegen %s: ", r->waves[1], r->waves[0]);
		join(b, &parts, "; ", NULL);
		buf_addc(b, '.');
	}
	strlist_release(&parts);
}

static void sentence_groups_letters(const struct an_result *r, const struct an_table *t, long suppress,
	struct buf *b)
{
	size_t w = r->nwaves - 1, i;
	struct strlist parts = { 0 };
	int tested = 0;

	if (r->set.letters == AN_LETTERS_NONE || r->ngroups < 2)
		return;
	for (i = 0; i < t->ncmp; i++) {
		const struct an_comparison *cmp = &t->cmp[i];
		const struct an_cell *a, *c;
		char *va, *vc;
		int hi;

		if (cmp->kind != AN_CMP_GROUPS || cmp->wave_a != w)
			continue;
		a = an_cell_at(r, t, cmp->row_a, w);
		c = an_cell_at(r, t, cmp->row_b, w);
		if (!shown(a, suppress) || !shown(c, suppress))
			continue;
		tested = 1;
		if (!cmp->significant)
			continue;
		hi = b_higher(a, c, cmp);
		va = say_value(r, t, a);
		vc = say_value(r, t, c);
		strlist_add(&parts, xasprintf("%s significant hoger dan %s (%s tegen %s)",
					      an_row_label(r, hi ? cmp->row_b : cmp->row_a),
					      an_row_label(r, hi ? cmp->row_a : cmp->row_b), hi ? vc : va,
					      hi ? va : vc));
		free(va);
		free(vc);
	}
	if (parts.n) {
		buf_printf(b, " In %s: ", r->waves[w]);
		join(b, &parts, "; ", NULL);
		buf_printf(b, "%s.", r->set.letters == AN_LETTERS_REFERENCE ? "" :
			   "; de andere verschillen tussen de groepen zijn niet significant");
	} else if (tested) {
		buf_printf(b, " In %s verschillen de groepen niet significant van %s.", r->waves[w],
			   r->set.letters == AN_LETTERS_REFERENCE ? r->groups[0].label : "elkaar");
	}
	strlist_release(&parts);
}

/* Share of the total row's respondents that were asked the item. */
static double asked_share(const struct an_cell *c)
{
	long all = c->n + c->missing + c->not_asked;

	return all ? (double)(c->n + c->missing) / (double)all : NAN;
}

static void sentence_warnings(const struct an_result *r, const struct an_table *t, struct buf *b)
{
	const struct an_cell *c0, *c1;
	double s0, s1;

	if (r->nwaves != 2)
		return;
	if (t->wording_differs)
		buf_printf(b, " Let op: de vraagstelling verschilde tussen %s en %s.", r->waves[0],
			   r->waves[1]);
	c0 = an_cell_at(r, t, r->ngroups, 0);
	c1 = an_cell_at(r, t, r->ngroups, 1);
	s0 = asked_share(c0);
	s1 = asked_share(c1);
	if (c0->n > 0 && c1->n > 0 && fabs(s0 - s1) > 0.10) {
		char *p0 = pct_str(s0), *p1 = pct_str(s1);

		buf_printf(b, " Let op: de basis verschilt: in %s kreeg %s van de respondenten deze vraag, "
			   "in %s %s (routing).", r->waves[0], p0, r->waves[1], p1);
		free(p0);
		free(p1);
	}
}

char *report_sentence(const struct an_result *r, const struct an_table *t, const char *say,
	long suppress)
{
	struct buf b;

	buf_init(&b);
	sentence_total(r, t, say, suppress, &b);
	if (r->nwaves == 2 && r->ngroups)
		sentence_groups_waves(r, t, suppress, &b);
	sentence_groups_letters(r, t, suppress, &b);
	sentence_warnings(r, t, &b);
	return buf_detach(&b);
}

/* Per item, the significant differences between groups in the last wave. */
static void module_letters(const struct an_result *r, long suppress, struct buf *b)
{
	struct strlist items = { 0 };
	size_t w = r->nwaves - 1, i, k;
	int tested = 0;

	for (i = 0; i < r->ntables; i++) {
		const struct an_table *t = &r->tables[i];
		struct strlist pairs = { 0 };

		for (k = 0; k < t->ncmp; k++) {
			const struct an_comparison *cmp = &t->cmp[k];
			const struct an_cell *a, *c;
			int hi;

			if (cmp->kind != AN_CMP_GROUPS || cmp->wave_a != w)
				continue;
			a = an_cell_at(r, t, cmp->row_a, w);
			c = an_cell_at(r, t, cmp->row_b, w);
			if (!shown(a, suppress) || !shown(c, suppress))
				continue;
			tested = 1;
			if (!cmp->significant)
				continue;
			hi = b_higher(a, c, cmp);
			strlist_add(&pairs, xasprintf("%s hoger dan %s",
						      an_row_label(r, hi ? cmp->row_b : cmp->row_a),
						      an_row_label(r, hi ? cmp->row_a : cmp->row_b)));
		}
		if (pairs.n) {
			struct buf e;

			buf_init(&e);
			buf_printf(&e, "%s (", t->item_label ? t->item_label : t->item);
			join(&e, &pairs, ", ", NULL);
			buf_addc(&e, ')');
			strlist_add(&items, buf_detach(&e));
		}
		strlist_release(&pairs);
	}
	if (items.n) {
		buf_printf(b, "%sSignificante verschillen tussen de groepen in %s: ", b->len ? " " : "",
			   r->waves[w]);
		join(b, &items, "; ", NULL);
		buf_adds(b, ". De andere verschillen tussen de groepen zijn niet significant.");
	} else if (tested) {
		buf_printf(b, "%sIn %s verschillen de groepen bij geen van deze vragen significant.",
			   b->len ? " " : "", r->waves[w]);
	}
	strlist_release(&items);
}

/* The summary of a module table: which items changed significantly, per row. */
static char *module_sentence(const struct an_result *r, size_t first, long suppress)
{
	struct strlist up = { 0 }, down = { 0 }, wording = { 0 };
	struct buf b;
	size_t i, row;
	int tested = 0, totals = 0;

	buf_init(&b);
	for (i = 0; i < r->ntables; i++) {
		const struct an_table *t = &r->tables[i];
		const char *label = t->item_label ? t->item_label : t->item;

		if (t->wording_differs)
			strlist_add(&wording, xstrdup(label));
		if (r->nwaves != 2)
			continue;
		totals |= r->ngroups && !t->total_comparable && first == r->nrows - 1;
		for (row = first; row < r->nrows; row++) {
			const struct an_cell *a = an_cell_at(r, t, row, 0), *c = an_cell_at(r, t, row, 1);
			const struct an_comparison *cmp = find_cmp(t, AN_CMP_WAVES, row, 0, row, 1);
			char *va, *vc;

			if (!cmp || !shown(a, suppress) || !shown(c, suppress))
				continue;
			tested = 1;
			if (!cmp->significant)
				continue;
			va = say_value(r, t, a);
			vc = say_value(r, t, c);
			strlist_add(b_higher(a, c, cmp) ? &up : &down,
				    xasprintf("%s (%s: %s tegen %s)", label, an_row_label(r, row), vc, va));
			free(va);
			free(vc);
		}
	}
	if (r->nwaves == 2) {
		if (down.n) {
			buf_printf(&b, "Significant lager in %s dan in %s: ", r->waves[1], r->waves[0]);
			join(&b, &down, "; ", NULL);
			buf_adds(&b, ". ");
		}
		if (up.n) {
			buf_printf(&b, "Significant hoger in %s dan in %s: ", r->waves[1], r->waves[0]);
			join(&b, &up, "; ", NULL);
			buf_adds(&b, ". ");
		}
		if (tested)
			buf_printf(&b, "%s getoetste verschillen tussen %s en %s zijn niet significant.",
				   up.n || down.n ? "De andere" : "De", r->waves[0], r->waves[1]);
		else
			buf_printf(&b, "Tussen %s en %s is niets getoetst.", r->waves[0], r->waves[1]);
		if (totals)
			buf_printf(&b, " De totalen van %s en %s bevatten niet dezelfde groepen en zijn niet "
				   "getoetst.", r->waves[0], r->waves[1]);
	}
	if (r->set.letters != AN_LETTERS_NONE && r->ngroups >= 2)
		module_letters(r, suppress, &b);
	if (wording.n) {
		buf_printf(&b, "%sLet op: de vraagstelling verschilde tussen %s en %s bij: ", b.len ? " " : "",
			   r->waves[0], r->waves[r->nwaves - 1]);
		join(&b, &wording, ", ", " en ");
		buf_addc(&b, '.');
	}
	strlist_release(&up);
	strlist_release(&down);
	strlist_release(&wording);
	if (!b.len) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b);
}

/* ---- tables and charts of the survey ---- */

struct req {
	struct an_request rq;
	struct strlist waves, items, exclude;
	const struct report_arg *measure;
};

static void req_release(struct req *q)
{
	strlist_release(&q->waves);
	strlist_release(&q->items);
	strlist_release(&q->exclude);
}

static int has_name(const struct strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i], s) == 0)
			return 1;
	return 0;
}

/* The items of a module in the selected waves' questionnaires: the later wave's order first. */
static void module_items(const struct ctx *c, const char *module, const struct req *q,
	struct strlist *out)
{
	size_t w, i;

	for (w = q->rq.nwaves; w-- > 0;) {
		const struct cat_wave *cw = cat_wave(&c->cat, q->rq.waves[w]);

		for (i = 0; cw && i < c->cat.nitems; i++) {
			const struct cat_item *it = &c->cat.items[i];

			if (it->qid == cw->qid && it->module && strcmp(it->module, module) == 0 &&
			    strcmp(it->type, "open") != 0 && !has_name(out, it->name))
				strlist_add(out, xstrdup(it->name));
		}
	}
}

static void make_request(const struct ctx *c, const struct report_directive *d, struct req *q)
{
	const char *v;
	size_t i;

	memset(q, 0, sizeof(*q));
	an_request_init(&q->rq);
	if ((v = opt(d, "waves")))
		split_commas(v, &q->waves);
	else if ((v = opt(d, "wave")))
		strlist_add(&q->waves, xstrdup(wave_name(c, v)));
	else
		for (i = 0; i < c->nwaves; i++)
			strlist_add(&q->waves, xstrdup(c->waves[i]));
	for (i = 0; i < q->waves.n && i < AN_MAX_WAVES; i++)
		q->rq.waves[i] = q->waves.v[i];
	q->rq.nwaves = q->waves.n < AN_MAX_WAVES ? q->waves.n : AN_MAX_WAVES;
	q->rq.by = opt(d, "by");
	if ((v = opt(d, "letters")))
		q->rq.set.letters = strcmp(v, "none") == 0 ? AN_LETTERS_NONE :
				    strcmp(v, "reference") == 0 ? AN_LETTERS_REFERENCE : AN_LETTERS_PAIRWISE;
	if ((v = opt(d, "adjust")))
		q->rq.set.adjust = strcmp(v, "none") == 0 ? STATS_ADJUST_NONE :
				   strcmp(v, "holm") == 0 ? STATS_ADJUST_HOLM : STATS_ADJUST_BONFERRONI;
	if ((v = opt(d, "year-mark")))
		q->rq.set.year_mark = strcmp(v, "star") == 0 ? AN_YEAR_STAR : AN_YEAR_LETTERS;
	if ((v = opt(d, "total-exclude")))
		split_commas(v, &q->exclude);
	q->rq.exclude = (const char *const *)q->exclude.v;
	q->rq.nexclude = q->exclude.n;
	q->rq.set.distribution = (v = opt(d, "distribution")) && strcmp(v, "yes") == 0;
	q->rq.set.alpha = c->o->alpha;
	q->rq.set.min_base = c->o->min_base;
	q->measure = arg_get(d, "measure");
	v = target_arg(d)->value;
	if (strncmp(v, "module:", 7) == 0)
		module_items(c, v + 7, q, &q->items);
	else
		strlist_add(&q->items, xstrdup(v));
	q->rq.items = (const char *const *)q->items.v;
	q->rq.nitems = q->items.n;
}

static void json_strs(cJSON *o, const char *key, const struct strlist *l)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	size_t i;

	for (i = 0; i < l->n; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(l->v[i]));
}

static char *json_done(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o), *ret = xstrdup(s ? s : "{}");

	cJSON_free(s);
	cJSON_Delete(o);
	return ret;
}

/* How `tevreden analyze` recomputes a table: the options as data (no "--" inside an HTML comment). */
static char *analyze_check(const struct ctx *c, const struct report_directive *d, const struct req *q,
	const char *kind, const char *measure)
{
	static const char *const keys[] = { "by", "letters", "adjust", "year-mark", "distribution",
		"show", NULL };
	cJSON *o = cJSON_CreateObject();
	size_t i;

	cJSON_AddStringToObject(o, "kind", kind);
	json_strs(o, "waves", &q->waves);
	json_strs(o, "items", &q->items);
	json_strs(o, "total_exclude", &q->exclude);
	for (i = 0; keys[i]; i++)
		if (opt(d, keys[i]))
			cJSON_AddStringToObject(o, keys[i], opt(d, keys[i]));
	if (measure)
		cJSON_AddStringToObject(o, "measure", measure);
	cJSON_AddNumberToObject(o, "alpha", c->o->alpha);
	cJSON_AddNumberToObject(o, "min_base", (double)c->o->min_base);
	cJSON_AddNumberToObject(o, "suppress", (double)c->o->suppress);
	return json_done(o);
}

static int run(struct ctx *c, const struct report_directive *d, const struct req *q,
	struct an_result **out)
{
	int rc = an_run(c->st, &q->rq, out);

	if (rc == 0)
		return 0;
	at(c, d, NULL, 0, "the %s above cannot be made", d->name);
	return rc == AN_EDATA ? REPORT_EDATA : REPORT_ESTORE;
}

static int measure_matches(const struct an_table *t, const char *measure)
{
	char buf[32];

	return !measure || strcmp(an_measure_name(t, buf), measure) == 0;
}

static char *caption_of(const struct an_result *r, const struct an_table *t, const char *title)
{
	char *head = render_heading(r, t), *s;
	size_t skip = strlen(t->item) + 2;

	if (title) {
		const char *paren = strrchr(head, '(');

		s = paren ? xasprintf("%s %s", title, paren) : xstrdup(title);
	} else {
		s = xstrdup(strlen(head) > skip ? head + skip : head);
	}
	free(head);
	ucfirst(s);
	return s;
}

static void fill_cell(const struct ctx *c, const struct an_result *r, const struct an_table *t,
	const struct an_cell *ac, struct report_cell *cell, int *suppressed)
{
	int mean = t->measure == AN_MEAN;
	enum report_num kind = mean ? REPORT_NUM_DECIMAL : REPORT_NUM_PERCENT;

	if (ac->n > 0 && ac->n < c->o->suppress) {
		cell_set(cell, xstrdup(DASH), NAN, kind, mean ? 1 : 0, ac->n, NULL);
		cell->suppressed = 1;
		*suppressed = 1;
		return;
	}
	cell_set(cell, render_value(r, t, ac, 0), ac->n ? ac->value : NAN, kind, mean ? 1 : 0, ac->n,
		 render_marks(r, ac));
}

/*
 * In a row with a value not shown, the year marks of the others would still
 * tell how the hidden value compares: they go (group letters stay).
 */
static void row_hide_year_marks(const struct an_result *r, const struct an_table *t, size_t row,
	struct report_cell *cells, size_t step)
{
	size_t w;
	int hidden = 0;

	for (w = 0; w < r->nwaves; w++)
		hidden |= cells[w * step].suppressed;
	if (!hidden)
		return;
	for (w = 0; w < r->nwaves; w++) {
		struct an_cell ac = *an_cell_at(r, t, row, w);

		if (cells[w * step].suppressed)
			continue;
		ac.year_mark = 0;
		free(cells[w * step].marks);
		cells[w * step].marks = render_marks(r, &ac);
	}
}

static char *suppress_note(const struct ctx *c)
{
	return xasprintf(DASH " als waarde: niet getoond, minder dan %ld antwoorden (privacy)",
			 c->o->suppress);
}

static void legend_into(const struct an_result *r, const struct an_table *t, struct report_table *rt)
{
	size_t n, i, k;
	char **lines = render_legend(r, t, &n);

	for (i = 0; i < n; i++) {
		for (k = 0; k < rt->nnotes && strcmp(rt->notes[k], lines[i]) != 0; k++)
			;
		if (k == rt->nnotes)
			rtable_note(rt, xstrdup(lines[i]));
	}
	render_lines_free(lines, n);
}

static int do_item_table(struct ctx *c, const struct report_directive *d)
{
	struct req q;
	struct an_result *r = NULL;
	const char *measure = opt(d, "measure"), *v;
	int only_total = (v = opt(d, "show")) && strcmp(v, "total") == 0;
	int summary = !((v = opt(d, "summary")) && strcmp(v, "no") == 0);
	size_t i, row, w, made = 0;
	int ret;

	make_request(c, d, &q);
	ret = run(c, d, &q, &r);
	if (ret < 0)
		goto out;
	for (i = 0; i < r->ntables; i++) {
		const struct an_table *t = &r->tables[i];
		struct report_table rt;
		size_t first = only_total ? r->nrows - 1 : 0;
		char *caption, mbuf[32];
		int sup = 0;

		if (!measure_matches(t, measure))
			continue;
		made++;
		caption = caption_of(r, t, opt(d, "title"));
		if (only_total) {
			char *cc = xasprintf("%s, %s", caption, r->total_label);

			free(caption);
			caption = cc;
		}
		rtable_init(&rt, caption, r->by_label ? r->by_label : "", r->nwaves, r->nrows - first);
		free(caption);
		for (w = 0; w < r->nwaves; w++) {
			rt.cols[w].head = xstrdup(r->waves[w]);
			rt.cols[w].has_n = rt.cols[w].has_marks = 1;
		}
		for (row = first; row < r->nrows; row++) {
			rt.row_labels[row - first] = xstrdup(an_row_label(r, row));
			for (w = 0; w < r->nwaves; w++)
				fill_cell(c, r, t, an_cell_at(r, t, row, w),
					  &rt.cells[(row - first) * r->nwaves + w], &sup);
			row_hide_year_marks(r, t, row, &rt.cells[(row - first) * r->nwaves], 1);
		}
		legend_into(r, t, &rt);
		if (sup)
			rtable_note(&rt, suppress_note(c));
		if (summary)
			rt.summary = report_sentence(r, t, opt(d, "say"), c->o->suppress);
		rt.check = analyze_check(c, d, &q, "item", an_measure_name(t, mbuf));
		table_add(c, &rt, t->item, 1);
	}
	if (!made)
		ret = at(c, d, q.measure, 1, "item '%s' has no table '%s'", q.items.v[0], measure);
out:
	an_result_free(r);
	req_release(&q);
	return ret;
}

static int do_module_table(struct ctx *c, const struct report_directive *d)
{
	struct req q;
	struct an_result *r = NULL;
	const char *module = target_arg(d)->value + 7, *measure = opt(d, "measure"), *v;
	const struct cat_item *mi = cat_module(&c->cat, module);
	int only_total = (v = opt(d, "show")) && strcmp(v, "total") == 0;
	int summary = !((v = opt(d, "summary")) && strcmp(v, "no") == 0);
	size_t i, k, row, w, first, nsel = 0, nrowsel, *sel = NULL;
	struct report_table rt;
	int ret, same_label = 1, sup = 0;
	char *caption;

	make_request(c, d, &q);
	if (q.items.n == 0) {
		ret = at(c, d, target_arg(d), 1, "module '%s' has no closed items in wave%s %s%s%s", module,
			 q.rq.nwaves > 1 ? "s" : "", q.rq.waves[0], q.rq.nwaves > 1 ? " and " : "",
			 q.rq.nwaves > 1 ? q.rq.waves[1] : "");
		goto out;
	}
	ret = run(c, d, &q, &r);
	if (ret < 0)
		goto out;
	sel = xcalloc(r->ntables + 1, sizeof(size_t));
	for (i = 0; i < r->ntables; i++) {
		if (!measure_matches(&r->tables[i], measure))
			continue;
		if (nsel && strcmp(r->tables[i].label, r->tables[sel[0]].label) != 0)
			same_label = 0;
		sel[nsel++] = i;
	}
	if (!nsel) {
		ret = at(c, d, q.measure, 1, "module '%s' has no table '%s'", module, measure);
		goto out;
	}
	first = only_total ? r->nrows - 1 : 0;
	nrowsel = r->nrows - first;
	caption = xasprintf("%s%s%s%s%s%s", opt(d, "title") ? opt(d, "title") :
			    mi && mi->module_title ? mi->module_title : module, same_label ? " (" : "",
			    same_label ? r->tables[sel[0]].label : "", same_label ? ")" : "",
			    only_total ? ", " : "", only_total ? r->total_label : "");
	rtable_init(&rt, caption, "", nrowsel * r->nwaves, nsel);
	free(caption);
	for (row = first; row < r->nrows; row++) {
		for (w = 0; w < r->nwaves; w++) {
			struct report_col *col = &rt.cols[(row - first) * r->nwaves + w];

			col->head = only_total ? xstrdup(r->waves[w]) :
				    xasprintf("%s %s", an_row_label(r, row), r->waves[w]);
			col->has_n = col->has_marks = 1;
		}
	}
	for (k = 0; k < nsel; k++) {
		const struct an_table *t = &r->tables[sel[k]];
		const char *label = t->item_label ? t->item_label : t->item;

		rt.row_labels[k] = same_label ? xstrdup(label) : xasprintf("%s (%s)", label, t->label);
		for (row = first; row < r->nrows; row++) {
			for (w = 0; w < r->nwaves; w++)
				fill_cell(c, r, t, an_cell_at(r, t, row, w),
					  &rt.cells[k * rt.ncols + (row - first) * r->nwaves + w], &sup);
			row_hide_year_marks(r, t, row, &rt.cells[k * rt.ncols + (row - first) * r->nwaves], 1);
		}
		legend_into(r, t, &rt);
	}
	if (sup)
		rtable_note(&rt, suppress_note(c));
	if (summary)
		rt.summary = module_sentence(r, first, c->o->suppress);
	rt.check = analyze_check(c, d, &q, "module", measure);
	table_add(c, &rt, module, 0);
out:
	free(sel);
	an_result_free(r);
	req_release(&q);
	return ret;
}

static void desc_value(struct buf *b, const struct an_result *r, const struct an_table *t,
	const struct an_cell *ac, long suppress)
{
	char *v;

	if (ac->n == 0) {
		buf_adds(b, "niet gevraagd");
		return;
	}
	if (ac->n < suppress) {
		buf_printf(b, "niet getoond (n=%ld)", ac->n);
		return;
	}
	v = say_value(r, t, ac);
	buf_printf(b, "%s (n=%ld)", v, ac->n);
	free(v);
}

static int do_chart(struct ctx *c, const struct report_directive *d)
{
	struct req q;
	struct an_result *r = NULL;
	const struct an_table *t = NULL;
	const char *measure = opt(d, "measure"), *v;
	int with_total = !((v = opt(d, "total")) && strcmp(v, "no") == 0);
	size_t i, row, w, ng, nb;
	struct svg_bar *bars = NULL;
	const char **groups = NULL;
	char **labels = NULL, **marks = NULL;
	struct svg_chart ch;
	struct buf desc, cap;
	double max = 0;
	char *svg, *caption, *e;
	int ret, any_mark = 0;

	make_request(c, d, &q);
	ret = run(c, d, &q, &r);
	if (ret < 0)
		goto out;
	for (i = 0; i < r->ntables && !t; i++)
		if (measure_matches(&r->tables[i], measure))
			t = &r->tables[i];
	if (!t) {
		ret = at(c, d, q.measure, 1, "item '%s' has no table '%s'", q.items.v[0], measure);
		goto out;
	}
	ng = with_total || r->ngroups == 0 ? r->nrows : r->ngroups;
	nb = ng * r->nwaves;
	bars = xcalloc(nb + 1, sizeof(*bars));
	groups = xcalloc(ng + 1, sizeof(char *));
	labels = xcalloc(nb + 1, sizeof(char *));
	marks = xcalloc(nb + 1, sizeof(char *));
	buf_init(&desc);
	caption = caption_of(r, t, opt(d, "title"));
	for (row = 0; row < ng; row++) {
		groups[row] = an_row_label(r, row);
		buf_printf(&desc, "%s%s:", row ? "; " : "", groups[row]);
		for (w = 0; w < r->nwaves; w++) {
			const struct an_cell *ac = an_cell_at(r, t, row, w);
			struct svg_bar *bar = &bars[row * r->nwaves + w];
			int show = shown(ac, c->o->suppress);
			struct buf m;

			buf_init(&m);
			buf_adds(&m, "");
			bar->n = ac->n;
			bar->value = show ? (t->measure == AN_MEAN ? ac->value : 100 * ac->value) : NAN;
			labels[row * r->nwaves + w] = show ? say_value(r, t, ac) :
						      xstrdup(ac->n > 0 ? DASH : "");
			if (show && (ac->year_mark == 'b' || ac->year_mark == '*') && w > 0 &&
			    shown(an_cell_at(r, t, row, 0), c->o->suppress))
				buf_addc(&m, '*');
			if (show && ac->letters[0])
				buf_printf(&m, "%s[%s]", m.len ? " " : "", ac->letters);
			any_mark |= m.len > 0;
			marks[row * r->nwaves + w] = buf_detach(&m);
			bar->label = labels[row * r->nwaves + w];
			bar->mark = marks[row * r->nwaves + w];
			if (!isnan(bar->value))
				max = fmax(max, bar->value);
			buf_printf(&desc, " %s ", r->waves[w]);
			desc_value(&desc, r, t, ac, c->o->suppress);
			if (*bar->mark)
				buf_printf(&desc, " %s", bar->mark);
		}
	}
	buf_addc(&desc, '.');
	c->figures++;
	c->r->ncharts++;
	memset(&ch, 0, sizeof(ch));
	ch.id = c->figures;
	ch.title = caption;
	ch.desc = desc.s;
	ch.groups = groups;
	ch.ngroups = ng;
	ch.series = (const char *const *)r->waves;
	ch.nseries = r->nwaves;
	ch.bars = bars;
	if (t->measure != AN_MEAN)
		ch.max = 100;
	else if (strcmp(t->type, "mark") == 0)
		ch.max = 10;
	else
		ch.max = max > 0 ? max * 1.15 : 1;
	ch.axis = t->label;
	svg = svg_bar_chart(&ch);
	buf_init(&cap);
	buf_printf(&cap, "Figuur %d. %s.", c->figures, caption);
	if (any_mark && r->nwaves == 2)
		buf_printf(&cap, " * = significant verschil met %s in dezelfde groep.", r->waves[0]);
	if (any_mark && r->set.letters != AN_LETTERS_NONE)
		buf_adds(&cap, " [x] = significant hoger dan de groep met letter x (a, b, c … in volgorde).");
	buf_printf(&cap, " Onder elke staaf: de basis n; " DASH " = niet getoond (minder dan %ld "
		   "antwoorden). Toetsen als in de tabellen (α = ", c->o->suppress);
	{
		char a[32];

		buf_printf(&cap, "%s, %s).", alpha_str(r->set.alpha, a), r->set.one_sided ? "eenzijdig" :
			   "tweezijdig");
	}
	md_gap(c);
	md_line(c, "%s", "<figure class=\"chart\">");
	md_line(c, "%s", svg);
	e = svg_escape(cap.s);
	md_line(c, "<figcaption>%s</figcaption>", e);
	md_line(c, "%s", "</figure>");
	md_line(c, "%s", "");
	free(e);
	free(svg);
	free(caption);
	buf_release(&cap);
	buf_release(&desc);
	for (i = 0; i < nb; i++) {
		free(labels[i]);
		free(marks[i]);
	}
out:
	free(bars);
	free(groups);
	free(labels);
	free(marks);
	an_result_free(r);
	req_release(&q);
	return ret;
}

/* ---- the response table ---- */

struct resp_row {
	char *wave, *segment;
	struct aapor_counts n;
};

struct resp {
	struct resp_row *v;
	size_t n;
};

static int resp_cb(void *ctx, const char *wave, const char *segment, const char *cat, long count)
{
	struct resp *r = ctx;
	struct resp_row *row = NULL;
	size_t i;

	for (i = 0; i < r->n && !row; i++)
		if (strcmp(r->v[i].wave, wave) == 0 && strcmp(r->v[i].segment, segment) == 0)
			row = &r->v[i];
	if (!row) {
		r->v = xrealloc(r->v, (r->n + 1) * sizeof(*r->v));
		row = &r->v[r->n++];
		memset(row, 0, sizeof(*row));
		row->wave = xstrdup(wave);
		row->segment = xstrdup(segment);
	}
	aapor_add(&row->n, cat, count);	/* the store only holds known categories */
	return 0;
}

static void resp_release(struct resp *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->v[i].wave);
		free(r->v[i].segment);
	}
	free(r->v);
}

static void counts_add(struct aapor_counts *a, const struct aapor_counts *b)
{
	a->i += b->i;
	a->p += b->p;
	a->r += b->r;
	a->nc += b->nc;
	a->o += b->o;
	a->uh += b->uh;
	a->uo += b->uo;
	a->ne += b->ne;
}

/* Segments of the fieldwork in the order of the survey's segment scale, then as they came. */
static void resp_segments(const struct ctx *c, const struct resp *rs, struct strlist *out)
{
	const struct cat_item *seg = cat_role(&c->cat, "segment");
	size_t i, k;

	for (i = 0; seg && i < c->cat.nopts; i++) {
		const struct cat_opt *o = &c->cat.opts[i];

		if (o->qid != seg->qid || o->scale_id != seg->scale_id || o->is_missing)
			continue;
		for (k = 0; k < rs->n; k++) {
			if (strcmp(rs->v[k].segment, o->label) == 0 && !has_name(out, o->label)) {
				strlist_add(out, xstrdup(o->label));
				break;
			}
		}
	}
	for (k = 0; k < rs->n; k++)
		if (!has_name(out, rs->v[k].segment))
			strlist_add(out, xstrdup(rs->v[k].segment));
}

/* The counts of one wave and segment (NULL: all segments) into *out; 0 when there are none. */
static int resp_counts(const struct resp *rs, const char *wave, const char *segment,
	struct aapor_counts *out)
{
	size_t k;
	int any = 0;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < rs->n; k++) {
		if (strcmp(rs->v[k].wave, wave) != 0 || (segment && strcmp(rs->v[k].segment, segment) != 0))
			continue;
		counts_add(out, &rs->v[k].n);
		any = 1;
	}
	return any;
}

static int load_response(struct ctx *c, struct resp *rs)
{
	return store_case_counts(c->st, NULL, resp_cb, rs) < 0 ? REPORT_ESTORE : 0;
}

static int do_response(struct ctx *c, const struct report_directive *d)
{
	struct resp rs = { 0 };
	struct strlist waves = { 0 }, segs = { 0 };
	struct report_table rt;
	size_t i, w, nw = 0;
	int ret;

	if (opt(d, "waves"))
		split_commas(opt(d, "waves"), &waves);
	else
		for (i = 0; i < c->nwaves; i++)
			strlist_add(&waves, xstrdup(c->waves[i]));
	ret = load_response(c, &rs);
	if (ret < 0)
		goto out;
	resp_segments(c, &rs, &segs);
	for (w = 0; w < waves.n; w++) {
		struct aapor_counts tot;

		nw += resp_counts(&rs, waves.v[w], NULL, &tot);
	}
	if (nw == 0) {
		md_gap(c);
		md_line(c, "*Geen veldwerkgegevens (steekproef en respons) in de studie voor %s.*",
			waves.n ? waves.v[0] : "deze metingen");
		md_line(c, "%s", "");
		goto out;
	}
	rtable_init(&rt, opt(d, "title") ? opt(d, "title") : "Steekproef en respons per meting en segment",
		    "meting en segment", 3, waves.n * (segs.n + 1));
	rt.cols[0].head = xstrdup("benaderd");
	rt.cols[1].head = xstrdup("deelgenomen");
	rt.cols[2].head = xstrdup("respons");
	for (w = 0; w < waves.n; w++) {
		for (i = 0; i <= segs.n; i++) {
			size_t row = w * (segs.n + 1) + i;
			struct report_cell *cell = &rt.cells[row * rt.ncols];
			struct aapor_counts n;
			struct aapor_rates rates;

			rt.row_labels[row] = xasprintf("%s: %s", waves.v[w], i < segs.n ? segs.v[i] : "totaal");
			if (!resp_counts(&rs, waves.v[w], i < segs.n ? segs.v[i] : NULL, &n)) {
				cell_set(&cell[0], NULL, NAN, REPORT_NUM_COUNT, 0, -1, NULL);
				cell_set(&cell[1], NULL, NAN, REPORT_NUM_COUNT, 0, -1, NULL);
				cell_set(&cell[2], NULL, NAN, REPORT_NUM_PERCENT, 0, -1, NULL);
				continue;
			}
			aapor_compute(&n, -1, &rates);
			cell_set(&cell[0], xasprintf("%ld", aapor_total(&n)), (double)aapor_total(&n),
				 REPORT_NUM_COUNT, 0, -1, NULL);
			cell_set(&cell[1], xasprintf("%ld", n.i), (double)n.i, REPORT_NUM_COUNT, 0, -1, NULL);
			cell_set(&cell[2], isnan(rates.rr1) ? xstrdup(DASH) : pct_str(rates.rr1), rates.rr1,
				 REPORT_NUM_PERCENT, 0, -1, NULL);
		}
	}
	rtable_note(&rt, xstrdup("benaderd: alle cliënten in de steekproef; deelgenomen: volledige "
				 "interviews (AAPOR I); respons: AAPOR RR1 = I / (I + P + R + NC + O + UH + UO), "
				 "dus zonder wie niet tot de doelgroep bleek te horen (NE)"));
	for (w = 0; w < waves.n; w++) {
		struct aapor_counts n;

		if (!resp_counts(&rs, waves.v[w], NULL, &n))
			rtable_note(&rt, xasprintf("%s: geen veldwerkgegevens in de studie", waves.v[w]));
		else if (n.ne)
			rtable_note(&rt, xasprintf("%s: %ld benaderde cliënten hoorden niet tot de doelgroep "
						   "(NE)", waves.v[w], n.ne));
	}
	{
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", "response");
		json_strs(o, "waves", &waves);
		rt.check = json_done(o);
	}
	table_add(c, &rt, "respons", 0);
out:
	strlist_release(&waves);
	strlist_release(&segs);
	resp_release(&rs);
	return ret;
}

/* ---- themes and quotes ---- */

static void filter_from(const struct ctx *c, const struct report_directive *d, struct th_filter *f,
	const char *unit)
{
	f->by = opt(d, "by") ? opt(d, "by") : "group";
	f->unit = opt(d, "unit") ? opt(d, "unit") : unit;
	f->only_group = opt(d, "group");
	f->only_wave = wave_name(c, opt(d, "wave"));
}

/* Keep only interview material (source=interviews) or open survey answers (answers). */
static void material_source(struct th_material *m, const char *source)
{
	size_t i, k = 0;

	if (!source || strcmp(source, "all") == 0)
		return;
	for (i = 0; i < m->nsegs; i++) {
		int answer = strcmp(m->segs[i].method, "open antwoord") == 0;

		if (answer == (strcmp(source, "answers") == 0)) {
			m->segs[k++] = m->segs[i];
			continue;
		}
		free(m->segs[i].unit);
		free(m->segs[i].group);
		free(m->segs[i].text);
		free(m->segs[i].document);
		free(m->segs[i].wave);
		free(m->segs[i].grp);
		free(m->segs[i].method);
		free(m->segs[i].role);
		free(m->segs[i].speaker);
	}
	m->nsegs = k;
}

static int do_themes(struct ctx *c, const struct report_directive *d)
{
	struct th_filter f;
	struct th_material m = { 0 };
	struct th_result tr = { 0 };
	struct strlist codes = { 0 };
	struct report_table rt;
	const char *coder = opt(d, "coder") ? opt(d, "coder") : "auto";
	double min_base = 10;
	size_t i, k, nrows = 0, row;
	int ret, sup = 0;
	char a[32];
	struct buf b;

	filter_from(c, d, &f, "speakers");
	if (opt(d, "min-base"))
		num_parse(opt(d, "min-base"), 0, &min_base);
	if (opt(d, "codes"))
		split_commas(opt(d, "codes"), &codes);
	ret = th_material_load(c->st, &f, &m) < 0 ? REPORT_ESTORE : 0;
	material_source(&m, opt(d, "source"));
	if (ret == 0) {
		int rc = th_themes(c->st, &m, coder, min_base, c->o->alpha, &tr);

		if (rc < 0) {
			at(c, d, NULL, 0, "the theme table cannot be made");
			ret = rc == TH_EDATA ? REPORT_EDATA : REPORT_ESTORE;
		}
	}
	if (ret < 0)
		goto out;
	for (i = 0; i < tr.nrows; i++)
		nrows += !codes.n || has_name(&codes, tr.rows[i].code);
	if (tr.ncodings == 0 || nrows == 0) {
		md_gap(c);
		md_line(c, "*Geen gecodeerd materiaal van codeur %s voor deze selectie.*", coder);
		md_line(c, "%s", "");
		goto out;
	}
	rtable_init(&rt, opt(d, "title") ? opt(d, "title") :
		    "Thema's: aandeel dat het thema noemt (+ positief / - negatief)", "thema", tr.ngroups,
		    nrows);
	for (k = 0; k < tr.ngroups; k++) {
		rt.cols[k].head = xasprintf("%s (%c) n=%ld", tr.group[k], (int)('a' + k), tr.base[k]);
		rt.cols[k].has_n = rt.cols[k].has_marks = rt.cols[k].n_in_head = 1;
	}
	for (i = 0, row = 0; i < tr.nrows; i++) {
		const struct th_row *tw = &tr.rows[i];

		if (codes.n && !has_name(&codes, tw->code))
			continue;
		rt.row_labels[row] = xstrdup(code_label(c, tw->code));
		for (k = 0; k < tr.ngroups; k++) {
			const struct th_cell *tc = &tw->cells[k];
			struct report_cell *cell = &rt.cells[row * rt.ncols + k];

			if (tr.base[k] < c->o->suppress) {
				cell_set(cell, xstrdup(DASH), NAN, REPORT_NUM_PERCENT, 0, tr.base[k], NULL);
				cell->suppressed = sup = 1;
				continue;
			}
			cell_set(cell, isnan(tc->value) ? xstrdup("") : pct_str(tc->value), tc->value,
				 REPORT_NUM_PERCENT, 0, tr.base[k],
				 xasprintf("(+%ld/-%ld)%s%s%s", tc->positive, tc->negative,
					   *tc->letters ? " [" : "", tc->letters, *tc->letters ? "]" : ""));
		}
		row++;
	}
	buf_init(&b);
	buf_printf(&b, "n = %s in de groep met gecodeerd materiaal; codeur: %s",
		   strcmp(f.unit, "speakers") == 0 ? "sprekers (deelnemers, respondenten)" :
		   strcmp(f.unit, "documents") == 0 ? "documenten" :
		   strcmp(f.unit, "respondents") == 0 ? "respondenten (transcripten als geheel)" :
		   "segmenten", coder);
	if (f.only_wave)
		buf_printf(&b, "; meting %s", f.only_wave);
	rtable_note(&rt, buf_detach(&b));
	rtable_note(&rt, xasprintf("(+x/-y): met een positieve / negatieve vermelding; [b] = significant "
				   "vaker genoemd dan groep b (z-toets voor twee proporties of Fisher's exacte "
				   "toets, tweezijdig, α = %s, Bonferroni over de paren; groepen met n < %g niet "
				   "getoetst)", alpha_str(c->o->alpha, a), min_base));
	if (sup)
		rtable_note(&rt, xasprintf(DASH ": niet getoond, minder dan %ld in de groep (privacy)",
					   c->o->suppress));
	{
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", "themes");
		cJSON_AddStringToObject(o, "by", f.by);
		cJSON_AddStringToObject(o, "unit", f.unit);
		cJSON_AddStringToObject(o, "coder", coder);
		if (f.only_wave)
			cJSON_AddStringToObject(o, "wave", f.only_wave);
		if (opt(d, "source"))
			cJSON_AddStringToObject(o, "source", opt(d, "source"));
		cJSON_AddNumberToObject(o, "min_base", min_base);
		cJSON_AddNumberToObject(o, "suppress", (double)c->o->suppress);
		rt.check = json_done(o);
	}
	table_add(c, &rt, "themas", 0);
out:
	strlist_release(&codes);
	th_result_release(&tr);
	th_material_release(&m);
	return ret;
}

struct quote_keep {
	char mode;
	struct strlist skip;
	struct strset texts;	/* a text quoted once is not quoted again */
};

static int quote_keep_cb(void *ctx, const struct th_segment *s)
{
	struct quote_keep *k = ctx;
	char id[32];

	snprintf(id, sizeof(id), "%lld", (long long)s->id);
	return !has_name(&k->skip, id) && !report_quote_identifying(s->text, k->mode) &&
	       strset_add(&k->texts, s->text);
}

static const char *role_nl(const char *role)
{
	if (strcmp(role, "participant") == 0)
		return "deelnemer";
	if (strcmp(role, "interviewer") == 0)
		return "interviewer";
	if (strcmp(role, "other") == 0)
		return "ander";
	return role;
}

static int do_quotes(struct ctx *c, const struct report_directive *d)
{
	struct th_filter f;
	struct th_material m = { 0 };
	struct quote_keep keep = { 'a', { 0 }, { 0 } };
	struct th_quote_opts q = { .coder = "auto", .min_len = 30, .max_len = 300, .limit = 3 };
	const struct th_segment **found = NULL;
	const char *v;
	size_t n = 0, i;
	int ret = 0;

	filter_from(c, d, &f, "segments");
	f.by = "group";
	q.code = target_arg(d)->value;
	if ((v = opt(d, "coder")))
		q.coder = v;
	if ((v = opt(d, "polarity")))
		q.polarity = *v;
	if ((v = opt(d, "limit")))
		num_parse_long(v, &q.limit);
	if ((v = opt(d, "min-length")))
		num_parse_long(v, &q.min_len);
	if ((v = opt(d, "max-length")))
		num_parse_long(v, &q.max_len);
	if ((v = opt(d, "placeholders")))
		keep.mode = *v;
	if ((v = opt(d, "skip")))
		split_commas(v, &keep.skip);
	q.keep = quote_keep_cb;
	q.keep_ctx = &keep;
	strset_init(&keep.texts);
	if (th_material_load(c->st, &f, &m) < 0) {
		ret = REPORT_ESTORE;
		goto out;
	}
	material_source(&m, opt(d, "source"));
	if (th_quotes(c->st, &m, &q, &found, &n) < 0) {
		ret = REPORT_ESTORE;
		goto out;
	}
	md_gap(c);
	if (n == 0) {
		md_line(c, "*Geen citaten die aan de selectie voldoen.*");
		md_line(c, "%s", "");
	}
	for (i = 0; i < n; i++) {
		const struct th_segment *s = found[i];
		char *text = md_esc(s->text, 1), *grp = md_esc(s->grp, 1), *method = md_esc(s->method, 1);

		md_line(c, "> %s", text);
		md_line(c, "%s", ">");
		md_line(c, "> — %s, %s, %s%s%s <!-- segment %lld -->", role_nl(s->role), grp, method,
			*s->wave ? ", " : "", s->wave, (long long)s->id);
		md_line(c, "%s", "");
		free(text);
		free(grp);
		free(method);
	}
	c->r->nquotes += n;
out:
	free(found);
	strlist_release(&keep.skip);
	strset_release(&keep.texts);
	th_material_release(&m);
	return ret;
}

/* A typed placeholder of collect/pseudo.c, or a name placeholder such as "[naam instelling]". */
static int is_placeholder(const char *p, size_t len)
{
	static const char *const typed[] = { "e-mail", "telefoon", "postcode", "bsn", "iban", "datum",
		"adres", "naam" };
	size_t i;

	for (i = 0; i < sizeof(typed) / sizeof(typed[0]); i++)
		if (len >= strlen(typed[i]) && strncmp(p, typed[i], strlen(typed[i])) == 0)
			return 1;
	return 0;
}

struct word {
	const char *p;
	size_t len;
	int placeholder, after_stop;
};

int report_quote_identifying(const char *text, char mode)
{
	struct word w[512];
	size_t nw = 0, i, j, digits = 0;
	const char *p = text;
	int stop = 1;

	if (mode == 'k')
		return 0;
	/* Whatever pseudonymisation missed: an e-mail sign or a long run of digits. */
	for (p = text; *p; p++) {
		digits = isdigit((unsigned char)*p) ? digits + 1 : *p == ' ' || *p == '-' ? digits : 0;
		if (*p == '@' || digits >= 6)
			return 1;
	}
	for (p = text; *p && nw < sizeof(w) / sizeof(w[0]);) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		if (!*p)
			break;
		w[nw].p = p;
		w[nw].after_stop = stop;
		if (*p == '[') {
			const char *close = strchr(p, ']');

			if (close) {
				w[nw].placeholder = is_placeholder(p + 1, (size_t)(close - p - 1));
				p = close + 1;
				while (*p && *p != ' ' && *p != '\t' && *p != '\n')
					p++;
				w[nw].len = (size_t)(p - w[nw].p);
				stop = strchr(".!?", p[-1]) != NULL;
				nw++;
				continue;
			}
		}
		w[nw].placeholder = 0;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n')
			p++;
		w[nw].len = (size_t)(p - w[nw].p);
		stop = strchr(".!?:", p[-1]) != NULL;
		nw++;
	}
	for (i = 0; i < nw; i++) {
		if (!w[i].placeholder)
			continue;
		if (mode == 'd')
			return 1;
		for (j = i >= 4 ? i - 4 : 0; j < nw && j <= i + 4; j++) {
			const char *s = w[j].p;
			size_t k;

			if (j == i || w[j].placeholder)
				continue;
			while (*s == '(' || *s == '"' || *s == '\'')
				s++;
			if (isupper((unsigned char)*s) && !w[j].after_stop)
				return 1;
			for (k = 0; k < w[j].len; k++)
				if (isdigit((unsigned char)w[j].p[k]))
					return 1;
		}
	}
	return 0;
}

/* ---- agreement between coders ---- */

/*
 * The units and rules of `tevreden code agreement` (docs/coding.md): the unit
 * is a segment to code; a coder has coded a document when they coded one of
 * its segments; percent agreement and kappa over the segments of documents
 * every coder coded, alpha (nominal, on presence) over those at least two
 * coded. tests/cli/t-report.sh checks these numbers against that command.
 * NEEDSWORK: the counting is a second copy of code/cmd_agreement.c's; move
 * both onto one library function when that file is next touched.
 */
struct agree_unit {
	int64_t segment, document;
};

struct agree_coding {
	size_t unit, coder;
	char *code;
};

struct agree {
	struct strlist coders;
	struct agree_unit *units;
	size_t nunits, ucap;
	struct agree_coding *codings;
	size_t ncodings, ccap;
	struct strlist seen_coders;	/* every coder with codings, in order of appearance */
};

static int agree_unit_cb(void *ctx, const struct store_segment_row *sg)
{
	struct agree *a = ctx;

	if (a->nunits == a->ucap) {
		a->ucap = a->ucap ? 2 * a->ucap : 1024;
		a->units = xrealloc(a->units, a->ucap * sizeof(*a->units));
	}
	a->units[a->nunits].segment = sg->id;
	a->units[a->nunits].document = sg->document_id;
	a->nunits++;
	return 0;
}

static long agree_unit_of(const struct agree *a, int64_t s)
{
	size_t lo = 0, hi = a->nunits;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (a->units[mid].segment < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < a->nunits && a->units[lo].segment == s ? (long)lo : -1;
}

static int agree_coding_cb(void *ctx, const struct store_coding_row *c)
{
	struct agree *a = ctx;
	long u;
	size_t k;

	if (!has_name(&a->seen_coders, c->coder))
		strlist_add(&a->seen_coders, xstrdup(c->coder));
	for (k = 0; k < a->coders.n && strcmp(a->coders.v[k], c->coder) != 0; k++)
		;
	u = agree_unit_of(a, c->segment_id);
	if (k == a->coders.n || u < 0)
		return 0;
	if (a->ncodings == a->ccap) {
		a->ccap = a->ccap ? 2 * a->ccap : 1024;
		a->codings = xrealloc(a->codings, a->ccap * sizeof(*a->codings));
	}
	a->codings[a->ncodings].unit = (size_t)u;
	a->codings[a->ncodings].coder = k;
	a->codings[a->ncodings].code = xstrdup(c->code);
	a->ncodings++;
	return 0;
}

static int cmp_agree_unit(const void *x, const void *y)
{
	const struct agree_unit *a = x, *b = y;

	return a->segment < b->segment ? -1 : a->segment > b->segment;
}

static void agree_release(struct agree *a)
{
	size_t i;

	for (i = 0; i < a->ncodings; i++)
		free(a->codings[i].code);
	free(a->codings);
	free(a->units);
	strlist_release(&a->coders);
	strlist_release(&a->seen_coders);
}

struct agree_result {
	long units;		/* segments of documents every coder coded */
	double percent, kappa, alpha;
};

/* covered[u * m + k]: coder k coded the document of unit u. */
static unsigned char *agree_coverage(const struct agree *a)
{
	size_t m = a->coders.n, i, u, k;
	unsigned char *cov = xcalloc(a->nunits * m + 1, 1);
	struct strset docs;
	char key[48];

	strset_init(&docs);
	for (i = 0; i < a->ncodings; i++) {
		snprintf(key, sizeof(key), "%lld/%zu", (long long)a->units[a->codings[i].unit].document,
			 a->codings[i].coder);
		strset_add(&docs, key);
	}
	for (u = 0; u < a->nunits; u++) {
		for (k = 0; k < m; k++) {
			snprintf(key, sizeof(key), "%lld/%zu", (long long)a->units[u].document, k);
			cov[u * m + k] = (unsigned char)strset_has(&docs, key);
		}
	}
	strset_release(&docs);
	return cov;
}

static int agree_code(const struct agree *a, const unsigned char *cov, const char *code,
	struct agree_result *res)
{
	size_t m = a->coders.n, u, k, i, n2 = 0;
	unsigned char *pres = xcalloc(a->nunits * m + 1, 1), *first = NULL, *second = NULL;
	double *data = xcalloc(a->nunits * m + 1, sizeof(double));
	struct agreement_alpha al;
	long all = 0, same = 0;
	int ret = -1;

	for (i = 0; i < a->ncodings; i++)
		if (strcmp(a->codings[i].code, code) == 0)
			pres[a->codings[i].unit * m + a->codings[i].coder] = 1;
	if (m == 2) {
		first = xcalloc(a->nunits + 1, 1);
		second = xcalloc(a->nunits + 1, 1);
	}
	for (u = 0; u < a->nunits; u++) {
		size_t coded = 0;
		int agree = 1;

		for (k = 0; k < m; k++) {
			coded += cov[u * m + k];
			data[k * a->nunits + u] = cov[u * m + k] ? pres[u * m + k] : NAN;
			agree &= pres[u * m + k] == pres[u * m];
		}
		if (coded != m)
			continue;
		all++;
		same += agree;
		if (m == 2) {
			first[n2] = pres[u * m];
			second[n2++] = pres[u * m + 1];
		}
	}
	res->units = all;
	res->percent = all ? (double)same / (double)all : NAN;
	res->kappa = NAN;
	if (m == 2) {
		struct agreement_2x2 t;
		struct agreement_kappa kp;

		if (agreement_count_2x2(first, second, n2, &t) < 0 || agreement_kappa_2x2(&t, &kp) < 0)
			goto out;
		res->kappa = kp.kappa;
	}
	if (agreement_alpha(data, m, a->nunits, AGREEMENT_NOMINAL, &al) < 0)
		goto out;
	res->alpha = al.alpha;
	ret = 0;
out:
	free(pres);
	free(data);
	free(first);
	free(second);
	return ret;
}

/* Load units and the codings of the coders in a->coders (and the names of every coder). */
static int agree_load(struct ctx *c, struct agree *a)
{
	if (store_segments(c->st, 1, agree_unit_cb, a) < 0)
		return REPORT_ESTORE;
	if (a->nunits)
		qsort(a->units, a->nunits, sizeof(*a->units), cmp_agree_unit);
	if (store_codings(c->st, 0, agree_coding_cb, a) < 0)
		return REPORT_ESTORE;
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* The agreement table of the coders in a (loaded). */
static int agreement_table(struct ctx *c, const struct report_directive *d, struct agree *a)
{
	struct strlist codes = { 0 }, want = { 0 };
	unsigned char *cov;
	struct report_table rt;
	size_t i;
	int ret = 0, two = a->coders.n == 2;
	struct buf b;

	if (opt(d, "codes"))
		split_commas(opt(d, "codes"), &want);
	for (i = 0; i < a->ncodings; i++)
		if (!has_name(&codes, a->codings[i].code) && (!want.n || has_name(&want, a->codings[i].code)))
			strlist_add(&codes, xstrdup(a->codings[i].code));
	if (codes.n)
		qsort(codes.v, codes.n, sizeof(char *), cmp_str);
	cov = agree_coverage(a);
	rtable_init(&rt, opt(d, "title") ? opt(d, "title") : "Overeenstemming tussen codeurs per thema",
		    "thema", two ? 4 : 3, codes.n);
	rt.cols[0].head = xstrdup("eenheden");
	rt.cols[1].head = xstrdup("% overeenstemming");
	rt.cols[2].head = xstrdup(two ? "kappa" : "alpha");
	if (two)
		rt.cols[3].head = xstrdup("alpha");
	for (i = 0; i < codes.n; i++) {
		struct agree_result res;
		struct report_cell *cell = &rt.cells[i * rt.ncols];

		if (agree_code(a, cov, codes.v[i], &res) < 0) {
			tv_error("cannot compute the agreement on '%s'", codes.v[i]);
			rtable_release(&rt);
			ret = REPORT_ESTORE;
			goto out;
		}
		rt.row_labels[i] = xstrdup(code_label(c, codes.v[i]));
		cell_set(&cell[0], xasprintf("%ld", res.units), (double)res.units, REPORT_NUM_COUNT, 0, -1,
			 NULL);
		cell_set(&cell[1], isnan(res.percent) ? xstrdup(DASH) : pct_str(res.percent), res.percent,
			 REPORT_NUM_PERCENT, 0, -1, NULL);
		if (two)
			cell_set(&cell[2], isnan(res.kappa) ? xstrdup(DASH) : fixed_str(res.kappa, 2),
				 res.kappa, REPORT_NUM_DECIMAL, 2, -1, NULL);
		cell_set(&cell[two ? 3 : 2], isnan(res.alpha) ? xstrdup(DASH) : fixed_str(res.alpha, 2),
			 res.alpha, REPORT_NUM_DECIMAL, 2, -1, NULL);
	}
	buf_init(&b);
	buf_adds(&b, "codeurs: ");
	join(&b, &a->coders, ", ", " en ");
	buf_adds(&b, "; eenheid: segment (zin of open antwoord); eenheden en % overeenstemming: "
		 "segmenten van documenten die alle codeurs codeerden");
	rtable_note(&rt, buf_detach(&b));
	rtable_note(&rt, xstrdup(two ? "kappa: Cohen's kappa op aan- of afwezigheid van het thema; alpha: "
				       "Krippendorff's alpha (nominaal), ook met ontbrekende codeurs; "
				       DASH ": niet te berekenen (geen variatie)" :
				       "alpha: Krippendorff's alpha (nominaal) op aan- of afwezigheid van "
				       "het thema, ook met ontbrekende codeurs; " DASH ": niet te berekenen "
				       "(geen variatie)"));
	{
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "kind", "agreement");
		json_strs(o, "coders", &a->coders);
		rt.check = json_done(o);
	}
	table_add(c, &rt, "overeenstemming", 0);
out:
	free(cov);
	strlist_release(&codes);
	strlist_release(&want);
	return ret;
}

static int do_agreement(struct ctx *c, const struct report_directive *d)
{
	struct agree a = { 0 };
	int ret;

	if (opt(d, "coders")) {
		split_commas(opt(d, "coders"), &a.coders);
	} else {
		struct agree probe = { 0 };
		size_t i;

		ret = agree_load(c, &probe);
		for (i = 0; i < probe.seen_coders.n; i++)
			strlist_add(&a.coders, xstrdup(probe.seen_coders.v[i]));
		agree_release(&probe);
		if (ret < 0)
			goto out;
	}
	if (a.coders.n < 2) {
		md_gap(c);
		md_line(c, "*Overeenstemming tussen codeurs is niet te berekenen: %s.*",
			a.coders.n ? "er is maar één codeur" : "er zijn geen coderingen");
		md_line(c, "%s", "");
		ret = 0;
		goto out;
	}
	ret = agree_load(c, &a);
	if (ret == 0)
		ret = agreement_table(c, d, &a);
out:
	agree_release(&a);
	return ret;
}

/* ---- the method section ---- */

struct qual {
	struct strset docs, speakers, respondents;
	struct strlist groups, methods, waves;
	long *group_n, *method_n;
	long ndocs, nspeakers, nanswers, nrespondents;
};

static void count_into(struct strlist *names, long **counts, const char *name)
{
	size_t i;

	for (i = 0; i < names->n && strcmp(names->v[i], name) != 0; i++)
		;
	if (i == names->n) {
		strlist_add(names, xstrdup(name));
		*counts = xrealloc(*counts, names->n * sizeof(long));
		(*counts)[i] = 0;
	}
	(*counts)[i]++;
}

static int qual_cb(void *ctx, const struct store_segment_row *sg)
{
	struct qual *q = ctx;
	char key[64];

	snprintf(key, sizeof(key), "%lld", (long long)sg->document_id);
	if (strcmp(sg->doc_kind, "transcript") == 0) {
		if (strset_add(&q->docs, key)) {
			q->ndocs++;
			count_into(&q->groups, &q->group_n, sg->grp ? sg->grp : "(onbekend)");
			count_into(&q->methods, &q->method_n, sg->method ? sg->method : "(onbekend)");
			if (sg->wave && !has_name(&q->waves, sg->wave))
				strlist_add(&q->waves, xstrdup(sg->wave));
		}
		snprintf(key, sizeof(key), "%lld/%s", (long long)sg->document_id,
			 sg->speaker ? sg->speaker : "");
		if (sg->speaker_role && strcmp(sg->speaker_role, "participant") == 0 &&
		    strset_add(&q->speakers, key))
			q->nspeakers++;
	} else {
		q->nanswers++;
		snprintf(key, sizeof(key), "%lld", (long long)sg->respondent_id);
		if (strset_add(&q->respondents, key))
			q->nrespondents++;
	}
	return 0;
}

struct coder_count {
	struct strlist names, kinds, books;
	long *n;
};

static int coder_count_cb(void *ctx, const struct store_coding_row *c)
{
	struct coder_count *cc = ctx;
	size_t before = cc->names.n;

	count_into(&cc->names, &cc->n, c->coder);
	if (cc->names.n > before)
		strlist_add(&cc->kinds, xstrdup(c->coder_kind));
	if (c->codebook) {
		char *b = xasprintf("%s versie %s", c->codebook, c->codebook_version);

		if (!has_name(&cc->books, b))
			strlist_add(&cc->books, b);
		else
			free(b);
	}
	return 0;
}

static void method_fieldwork(struct ctx *c, struct buf *b)
{
	struct resp rs = { 0 };
	struct strlist segs = { 0 };
	size_t w, i;

	if (load_response(c, &rs) < 0) {
		resp_release(&rs);
		return;
	}
	resp_segments(c, &rs, &segs);
	for (w = 0; w < c->nwaves; w++) {
		const struct cat_wave *cw = cat_wave(&c->cat, c->waves[w]);
		struct aapor_counts n;
		struct aapor_rates rates;

		if (!resp_counts(&rs, c->waves[w], NULL, &n)) {
			buf_printf(b, " Voor %s zijn geen veldwerkgegevens in de studie; er zijn %ld "
				   "respondenten.", c->waves[w], cw ? cw->respondents : 0);
			continue;
		}
		aapor_compute(&n, -1, &rates);
		{
			char *p = pct_str(rates.rr1);

			buf_printf(b, " In %s zijn %ld cliënten benaderd; %ld deden volledig mee (respons %s, "
				   "AAPOR RR1)", c->waves[w], aapor_total(&n), n.i, p);
			free(p);
		}
		for (i = 0; i < segs.n; i++) {
			struct aapor_counts s;
			struct aapor_rates sr;
			char *p;

			if (!resp_counts(&rs, c->waves[w], segs.v[i], &s))
				continue;
			aapor_compute(&s, -1, &sr);
			p = isnan(sr.rr1) ? xstrdup(DASH) : pct_str(sr.rr1);
			buf_printf(b, "%s%s %ld van %ld (%s)", i ? ", " : ": ", segs.v[i], s.i, aapor_total(&s),
				   p);
			free(p);
		}
		buf_printf(b, ". In de tabellen tellen %ld respondenten van %s mee.",
			   cw ? cw->respondents : 0, c->waves[w]);
	}
	strlist_release(&segs);
	resp_release(&rs);
}

/* Who answered: the options of the item with role respondent_type, per wave. */
static int method_respondents(struct ctx *c, struct buf *b)
{
	const struct cat_item *rt = cat_role(&c->cat, "respondent_type");
	struct an_request rq;
	struct an_result *r = NULL;
	const char *items[1];
	size_t w, i;

	if (!rt || c->nwaves == 0)
		return 0;
	an_request_init(&rq);
	for (w = 0; w < c->nwaves; w++)
		rq.waves[w] = c->waves[w];
	rq.nwaves = c->nwaves;
	rq.by = "none";
	items[0] = rt->name;
	rq.items = items;
	rq.nitems = 1;
	rq.set.distribution = 1;
	rq.set.min_base = c->o->min_base;
	if (an_run(c->st, &rq, &r) < 0)
		return REPORT_ESTORE;
	buf_printf(b, " Wie de vragen beantwoordde (%s): ", rt->label ? rt->label : rt->name);
	for (w = 0; w < r->nwaves; w++) {
		int first = 1;

		buf_printf(b, "%s%s: ", w ? "; " : "", r->waves[w]);
		for (i = 0; i < r->ntables; i++) {
			const struct an_table *t = &r->tables[i];
			const struct an_cell *ac = an_cell_at(r, t, 0, w);
			const struct cat_opt *o;

			if (t->measure != AN_OPTION)
				continue;
			o = cat_option(&c->cat, rt, t->option);
			buf_printf(b, "%s%s %ld", first ? "" : ", ", o ? o->label : t->label, ac->x);
			first = 0;
		}
	}
	buf_adds(b, ".");
	an_result_free(r);
	return 0;
}

static void method_bases(struct ctx *c, struct buf *b)
{
	struct strlist missing = { 0 }, wordings = { 0 }, skewed = { 0 };
	size_t i, w;

	for (i = 0; i < c->cat.nopts; i++) {
		char *q = xasprintf("'%s'", c->cat.opts[i].label);

		if (c->cat.opts[i].is_missing && !has_name(&missing, q))
			strlist_add(&missing, q);
		else
			free(q);
	}
	for (w = 0; w < c->nwaves; w++) {
		const struct cat_wave *cw = cat_wave(&c->cat, c->waves[w]);

		if (cw && cw->wording && !has_name(&wordings, cw->wording))
			strlist_add(&wordings, xstrdup(cw->wording));
	}
	for (i = 0; i < c->cat.nitems; i++)
		if (c->cat.items[i].skewed && !has_name(&skewed, c->cat.items[i].label ?
							c->cat.items[i].label : c->cat.items[i].name))
			strlist_add(&skewed, xstrdup(c->cat.items[i].label ? c->cat.items[i].label :
						     c->cat.items[i].name));
	buf_adds(b, "\n\nDe basis (n) van een cel telt alleen geldige antwoorden");
	if (missing.n) {
		buf_adds(b, ": ");
		join(b, &missing, ", ", " en ");
		buf_adds(b, " tellen niet mee");
	}
	buf_adds(b, ", en wie een vraag volgens de routing niet kreeg evenmin. Daardoor verschilt n per "
		 "vraag en per cel; elke tabel vermeldt n in elke cel.");
	if (wordings.n > 1)
		buf_printf(b, " De vraagstelling verschilt tussen de metingen (versies %s en %s); een tabel "
			   "zegt het als een vraag anders gesteld was.", wordings.v[0], wordings.v[1]);
	buf_adds(b, "\n\n");
	if (c->nwaves == 2)
		buf_printf(b, "Verschillen tussen %s en %s zijn per groep getoetst: ", c->waves[0], c->waves[1]);
	else
		buf_adds(b, "Verschillen tussen groepen zijn getoetst waar een tabel letters toont: ");
	buf_adds(b, "percentages met de z-toets voor twee proporties met gepoolde variantie (Fisher's "
		 "exacte toets als een verwachte celfrequentie kleiner is dan 5), gemiddelden met de "
		 "t-toets van Welch");
	if (skewed.n) {
		buf_adds(b, " en scheef verdeelde getallen (");
		join(b, &skewed, ", ", " en ");
		buf_adds(b, ") met de Mann-Whitney-toets");
	}
	{
		char a[32];

		buf_printf(b, ". De toetsen zijn tweezijdig met α = %s. ", alpha_str(c->o->alpha, a));
	}
	if (c->nwaves == 2)
		buf_adds(b, "De vergelijking tussen jaren is één toets per rij, zonder correctie voor "
			 "meervoudig toetsen; ");
	buf_printf(b, "bij letters tussen groepen binnen een jaar staat de correctie (Bonferroni of Holm) "
		   "onder de tabel. Cellen met minder dan %ld antwoorden, of met 0 of 100 %%, zijn niet "
		   "getoetst (" DASH " achter de waarde). Waarden op minder dan %ld antwoorden worden niet "
		   "getoond (" DASH " in plaats van de waarde). Een totaal dat in de twee jaren uit "
		   "verschillende groepen bestaat (bijvoorbeeld met en zonder JB/JR) wordt niet getoetst. "
		   "De zinnen bij de tabellen noemen een verschil alleen hoger of lager als de toets "
		   "significant is.", c->o->min_base, c->o->suppress);
	strlist_release(&missing);
	strlist_release(&wordings);
	strlist_release(&skewed);
}

static void list_counts(struct buf *b, const struct strlist *names, const long *n)
{
	size_t i;

	for (i = 0; i < names->n; i++)
		buf_printf(b, "%s%s %ld", i ? ", " : "", names->v[i], n[i]);
}

static int method_qualitative(struct ctx *c, struct buf *b)
{
	struct qual q = { 0 };
	struct coder_count cc = { 0 };
	struct agree a = { 0 };
	size_t i;
	int ret = REPORT_ESTORE;

	strset_init(&q.docs);
	strset_init(&q.speakers);
	strset_init(&q.respondents);
	if (store_segments(c->st, 0, qual_cb, &q) < 0 || store_codings(c->st, 0, coder_count_cb, &cc) < 0)
		goto out;
	ret = 0;
	if (q.ndocs == 0 && q.nanswers == 0)
		goto out;
	buf_adds(b, "\n\n");
	if (q.ndocs) {
		buf_printf(b, "Naast de enquête zijn %ld interviews en groepsgesprekken geanalyseerd", q.ndocs);
		if (q.waves.n) {
			buf_adds(b, " (");
			join(b, &q.waves, ", ", " en ");
			buf_adds(b, ")");
		}
		buf_printf(b, " met %ld deelnemers. Doelgroepen (aantal gesprekken): ", q.nspeakers);
		list_counts(b, &q.groups, q.group_n);
		buf_adds(b, "; methoden: ");
		list_counts(b, &q.methods, q.method_n);
		buf_adds(b, ". ");
	}
	if (q.nanswers)
		buf_printf(b, "%s %ld antwoorden op open vragen van %ld respondenten zijn gecodeerd. ",
			   q.ndocs ? "Ook" : "De", q.nanswers, q.nrespondents);
	if (cc.names.n) {
		buf_adds(b, "De codering gebruikt ");
		if (cc.books.n) {
			buf_adds(b, "codeboek ");
			join(b, &cc.books, ", ", " en ");
		} else {
			buf_adds(b, "een codeboek");
		}
		buf_adds(b, "; codeurs: ");
		for (i = 0; i < cc.names.n; i++)
			buf_printf(b, "%s%s (%s, %ld coderingen)", i ? ", " : "", cc.names.v[i],
				   strcmp(cc.kinds.v[i], "auto") == 0 ? "automatisch" : "handmatig", cc.n[i]);
		buf_adds(b, ". ");
	}
	if (cc.names.n >= 2) {
		double sum = 0;
		long k = 0;
		struct strlist codes = { 0 };
		unsigned char *cov;

		for (i = 0; i < cc.names.n; i++)
			strlist_add(&a.coders, xstrdup(cc.names.v[i]));
		ret = agree_load(c, &a);
		if (ret < 0)
			goto out;
		for (i = 0; i < a.ncodings; i++)
			if (!has_name(&codes, a.codings[i].code))
				strlist_add(&codes, xstrdup(a.codings[i].code));
		cov = agree_coverage(&a);
		for (i = 0; i < codes.n; i++) {
			struct agree_result res;

			if (agree_code(&a, cov, codes.v[i], &res) == 0 && !isnan(res.alpha)) {
				sum += res.alpha;
				k++;
			}
		}
		free(cov);
		strlist_release(&codes);
		if (k) {
			char *m = fixed_str(sum / (double)k, 2);

			buf_printf(b, "De overeenstemming tussen de codeurs (Krippendorff's alpha, nominaal, per "
				   "thema op de segmenten die meer dan één codeur codeerde) is gemiddeld %s over "
				   "%ld thema's. ", m, k);
			free(m);
		} else {
			buf_adds(b, "De codeurs hebben geen gemeenschappelijk materiaal gecodeerd; hun "
				 "overeenstemming is niet te berekenen. ");
		}
	} else if (cc.names.n == 1) {
		buf_adds(b, "De codering is niet door een tweede codeur nagekeken; de overeenstemming is "
			 "daarom niet bekend. ");
	}
	buf_adds(b, "Citaten zijn letterlijk, maar gepseudonimiseerd: namen, telefoonnummers, adressen en "
		 "andere herleidbare gegevens zijn bij het inlezen vervangen door bijvoorbeeld [naam-1] of "
		 "[telefoon]. Citaten met zo'n vervanging naast een herkenbaar detail zijn weggelaten.");
out:
	strset_release(&q.docs);
	strset_release(&q.speakers);
	strset_release(&q.respondents);
	strlist_release(&q.groups);
	strlist_release(&q.methods);
	strlist_release(&q.waves);
	free(q.group_n);
	free(q.method_n);
	strlist_release(&cc.names);
	strlist_release(&cc.kinds);
	strlist_release(&cc.books);
	free(cc.n);
	agree_release(&a);
	return ret;
}

static int do_method(struct ctx *c, const struct report_directive *d)
{
	struct buf b;
	struct strlist qs = { 0 };
	size_t w;
	int ret;
	char *e;

	buf_init(&b);
	if (c->nwaves) {
		buf_printf(&b, "Dit rapport beschrijft de meting%s ", c->nwaves > 1 ? "en" : "");
		for (w = 0; w < c->nwaves; w++) {
			const struct cat_wave *cw = cat_wave(&c->cat, c->waves[w]);
			char *label = cw && cw->qid ? store_questionnaire_label(c->st, cw->qid) : NULL;

			buf_printf(&b, "%s%s", w ? " en " : "", c->waves[w]);
			if (label && !has_name(&qs, label))
				strlist_add(&qs, label);
			else
				free(label);
		}
		if (qs.n) {
			buf_printf(&b, " (vragenlijst%s ", qs.n > 1 ? "en" : "");
			join(&b, &qs, ", ", " en ");
			buf_adds(&b, ")");
		}
		buf_adds(&b, ".");
		method_fieldwork(c, &b);
		ret = method_respondents(c, &b);
		if (ret < 0)
			goto out;
		method_bases(c, &b);
	}
	ret = method_qualitative(c, &b);
	if (ret < 0)
		goto out;
	md_gap(c);
	{
		/* Paragraphs are separated by blank lines; each is escaped on its own. */
		const char *p = b.s ? b.s : "";

		while (*p == ' ' || *p == '\n')
			p++;
		while (*p) {
			const char *q = strstr(p, "\n\n");
			size_t n = q ? (size_t)(q - p) : strlen(p);
			char *para = xstrndup(p, n);

			e = md_esc(para, 1);
			md_line(c, "%s", e);
			md_line(c, "%s", "");
			free(e);
			free(para);
			p += n;
			while (*p == '\n' || *p == ' ')
				p++;
		}
	}
out:
	strlist_release(&qs);
	buf_release(&b);
	return ret;
}

/* ---- checking directives against the study ---- */

static int check_wave(struct ctx *c, const struct report_directive *d, const struct report_arg *a,
	const char *name, int need_respondents)
{
	const struct cat_wave *w = cat_wave(&c->cat, name);
	struct buf b;
	size_t i;

	if (w && (!need_respondents || w->respondents > 0))
		return 0;
	if (w)
		return at(c, d, a, 1, "wave '%s' has no respondents", name);
	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < c->cat.nwaves; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", c->cat.waves[i].name);
	at(c, d, a, 1, "unknown wave '%s' (the study has %s)", name, c->cat.nwaves ? b.s : "no waves");
	buf_release(&b);
	return REPORT_EDATA;
}

static int check_waves(struct ctx *c, const struct report_directive *d, int need_respondents)
{
	const struct report_arg *a = arg_get(d, "waves");
	struct strlist l = { 0 };
	size_t i;
	int ret = 0;

	if (!a)
		a = arg_get(d, "wave");
	if (!a) {
		if (need_respondents && c->nwaves == 0)
			return at(c, d, NULL, 0, "the study has no respondents for '%s'", d->name);
		return 0;
	}
	split_commas(a->value, &l);
	for (i = 0; i < l.n; i++)
		if (check_wave(c, d, a, wave_name(c, l.v[i]), need_respondents) < 0)
			ret = REPORT_EDATA;
	strlist_release(&l);
	return ret;
}

static int check_code(struct ctx *c, const struct report_directive *d, const struct report_arg *a,
	const char *code, char pol[4])
{
	int64_t id;
	int rc = store_code_find(c->st, code, &id, pol);

	if (rc < 0)
		return REPORT_ESTORE;
	if (rc == 0)
		return at(c, d, a, 1, "unknown code '%s' (not in a codebook of the study)", code);
	return 0;
}

static int check_coder(struct ctx *c, const struct report_directive *d, const struct report_arg *a,
	const char *name)
{
	int64_t id;
	int rc = store_coder_find(c->st, name, &id);

	if (rc < 0)
		return REPORT_ESTORE;
	if (rc == 0)
		return at(c, d, a, 1, "unknown coder '%s'", name);
	return 0;
}

/* The groups of the by variable: total-exclude names one by label (any case) or code. */
static int check_groups(struct ctx *c, const struct report_directive *d)
{
	const struct report_arg *a = arg_get(d, "total-exclude"), *by = arg_get(d, "by");
	const struct cat_item *it;
	struct strlist l = { 0 };
	size_t i, k;
	int ret = 0;

	if (!a)
		return 0;
	if (by && strcmp(by->value, "none") == 0)
		return at(c, d, a, 0, "'total-exclude' needs groups (not by=none)");
	it = by ? cat_item(&c->cat, by->value) : cat_role(&c->cat, "segment");
	if (!it)
		return at(c, d, a, 0, "'total-exclude' needs groups: the study has no segment variable");
	split_commas(a->value, &l);
	for (i = 0; i < l.n; i++) {
		int found = 0;
		long code;

		for (k = 0; k < c->cat.nopts && !found; k++) {
			const struct cat_opt *o = &c->cat.opts[k];

			found = o->qid == it->qid && o->scale_id == it->scale_id && !o->is_missing &&
				(str_eq_trim_ci(l.v[i], o->label) ||
				 (num_parse_long(l.v[i], &code) == 0 && code == o->code));
		}
		if (!found)
			ret = at(c, d, a, 1, "'%s' is not a group of '%s'", l.v[i], it->name);
	}
	strlist_release(&l);
	return ret;
}

static int check_measure(struct ctx *c, const struct report_directive *d, const struct cat_item *it)
{
	const struct report_arg *a = arg_get(d, "measure");
	int mean = strcmp(it->type, "mark") == 0 || strcmp(it->type, "number") == 0;
	long code;

	if (!a)
		return 0;
	if (strcmp(a->value, "mean") == 0 && !mean)
		return at(c, d, a, 1, "item '%s' is a %s item: it has no mean", it->name, it->type);
	if (strcmp(a->value, "top") == 0 && (mean || !cat_has_top(&c->cat, it)))
		return at(c, d, a, 1, "item '%s' has no top options: it has no 'top' measure", it->name);
	if (strncmp(a->value, "option:", 7) == 0) {
		const struct cat_opt *o;

		num_parse_long(a->value + 7, &code);
		o = mean ? NULL : cat_option(&c->cat, it, code);
		if (!o || o->is_missing)
			return at(c, d, a, 1, "item '%s' has no option %ld", it->name, code);
	}
	return 0;
}

static int check_survey_target(struct ctx *c, const struct report_directive *d, int kind)
{
	const struct report_arg *t = target_arg(d), *by = arg_get(d, "by");
	const char *v = t->value;
	const struct cat_item *it;
	int ret = 0;

	if (strncmp(v, "module:", 7) == 0) {
		if (kind == D_CHART)
			return at(c, d, t, 1, "a chart shows one item, not '%s'", v);
		if (!cat_module(&c->cat, v + 7))
			ret = at(c, d, t, 1, "unknown module '%s'", v + 7);
	} else if (!(it = cat_item(&c->cat, v))) {
		ret = at(c, d, t, 1, "unknown item '%s' (not in a questionnaire of the study)", v);
	} else if (strcmp(it->type, "open") == 0) {
		ret = at(c, d, t, 1, "item '%s' is an open question: use 'themes' and 'quotes'", v);
	} else if (check_measure(c, d, it) < 0) {
		ret = REPORT_EDATA;
	}
	if (by && strcmp(by->value, "none") != 0) {
		const struct cat_item *b = cat_item(&c->cat, by->value);

		if (!b)
			ret = at(c, d, by, 1, "unknown item '%s' for 'by'", by->value);
		else if (strcmp(b->type, "single") != 0)
			ret = at(c, d, by, 1, "'by' needs a single-choice item; '%s' is a %s item", b->name,
				 b->type);
	}
	if (check_groups(c, d) < 0)
		ret = REPORT_EDATA;
	if (check_waves(c, d, 1) < 0)
		ret = REPORT_EDATA;
	return ret;
}

static int check_list(struct ctx *c, const struct report_directive *d, const char *key, int codes)
{
	const struct report_arg *a = arg_get(d, key);
	struct strlist l = { 0 };
	size_t i;
	int ret = 0, rc;

	if (!a)
		return 0;
	split_commas(a->value, &l);
	for (i = 0; i < l.n; i++) {
		char pol[4];

		rc = codes ? check_code(c, d, a, l.v[i], pol) : check_coder(c, d, a, l.v[i]);
		if (rc == REPORT_ESTORE) {
			ret = rc;
			break;
		}
		if (rc < 0)
			ret = REPORT_EDATA;
	}
	strlist_release(&l);
	return ret;
}

static int check_directive(struct ctx *c, const struct report_directive *d)
{
	int kind = dkind_of(d->name), ret = 0, rc;

	switch (kind) {
	case D_TABLE:
	case D_CHART:
		return check_survey_target(c, d, kind);
	case D_RESPONSE:
		return check_waves(c, d, 0);
	case D_THEMES:
		ret = check_list(c, d, "coder", 0);
		rc = check_list(c, d, "codes", 1);
		ret = ret == REPORT_ESTORE ? ret : rc < 0 ? rc : ret;
		if (arg_get(d, "wave") && check_wave(c, d, arg_get(d, "wave"), wave_name(c, opt(d, "wave")), 0) < 0)
			ret = ret == REPORT_ESTORE ? ret : REPORT_EDATA;
		return ret;
	case D_QUOTES: {
		char pol[4] = "";
		const struct report_arg *p = arg_get(d, "polarity");

		rc = check_code(c, d, target_arg(d), target_arg(d)->value, pol);
		if (rc == REPORT_ESTORE)
			return rc;
		if (rc == 0 && p && !strchr(pol, *p->value))
			ret = at(c, d, p, 1, "code '%s' has no polarity '%s' (it has '%s')",
				 target_arg(d)->value, p->value, pol);
		if (rc < 0)
			ret = rc;
		rc = check_list(c, d, "coder", 0);
		if (rc < 0)
			ret = rc;
		if (arg_get(d, "wave") && check_wave(c, d, arg_get(d, "wave"), wave_name(c, opt(d, "wave")), 0) < 0)
			ret = ret == REPORT_ESTORE ? ret : REPORT_EDATA;
		return ret;
	}
	case D_AGREEMENT:
		ret = check_list(c, d, "coders", 0);
		rc = check_list(c, d, "codes", 1);
		return ret == REPORT_ESTORE ? ret : rc < 0 ? rc : ret;
	default:
		return 0;
	}
}

/* ---- assembling ---- */

void report_opts_init(struct report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->suppress = 10;
	o->alpha = 0.05;
	o->min_base = 30;
}

static int do_directive(struct ctx *c, const struct report_directive *d)
{
	const struct report_arg *t = target_arg(d);

	switch (dkind_of(d->name)) {
	case D_TABLE:
		return strncmp(t->value, "module:", 7) == 0 ? do_module_table(c, d) : do_item_table(c, d);
	case D_CHART: return do_chart(c, d);
	case D_RESPONSE: return do_response(c, d);
	case D_THEMES: return do_themes(c, d);
	case D_QUOTES: return do_quotes(c, d);
	case D_AGREEMENT: return do_agreement(c, d);
	default: return do_method(c, d);
	}
}

/* The report's waves: as asked (checked), or the last two with respondents. */
static int resolve_waves(struct ctx *c)
{
	size_t i;

	if (c->o->nwaves) {
		for (i = 0; i < c->o->nwaves; i++) {
			const struct cat_wave *w = cat_wave(&c->cat, c->o->waves[i]);

			if (!w)
				return tv_error("%s: unknown wave '%s'", store_path(c->st), c->o->waves[i]);
			if (w->respondents == 0)
				return tv_error("%s: wave '%s' has no respondents", store_path(c->st),
						c->o->waves[i]);
			c->waves[i] = w->name;
		}
		c->nwaves = c->o->nwaves;
		return 0;
	}
	for (i = 0; i < c->cat.nwaves; i++) {
		if (c->cat.waves[i].respondents == 0)
			continue;
		if (c->nwaves == AN_MAX_WAVES) {
			c->waves[0] = c->waves[1];
			c->nwaves--;
		}
		c->waves[c->nwaves++] = c->cat.waves[i].name;
	}
	return 0;
}

static void ctx_release(struct ctx *c)
{
	size_t i;

	catalog_release(&c->cat);
	buf_release(&c->md);
	strset_release(&c->sheets);
	for (i = 0; i < c->nlabels; i++) {
		free(c->labels[i].name);
		free(c->labels[i].label);
	}
	free(c->labels);
}

int report_build(struct store *st, const struct report_template *t, const struct report_opts *o,
	struct report **out)
{
	struct ctx c;
	size_t i;
	int ret = REPORT_ESTORE, fenced = 0;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.tpl = t;
	c.o = o;
	diag_init(&c.dg, t->path, MAX_ERRORS);
	c.dg.out = o->errs;
	buf_init(&c.md);
	strset_init(&c.sheets);
	c.r = xcalloc(1, sizeof(*c.r));
	if (catalog_load(st, &c.cat) < 0 || store_code_labels(st, label_cb, &c) < 0)
		goto out;
	ret = REPORT_EDATA;
	if (resolve_waves(&c) < 0)
		goto out;
	for (i = 0; i < t->nblocks; i++) {
		if (!t->blocks[i].is_directive)
			continue;
		if (check_directive(&c, &t->blocks[i].d) == REPORT_ESTORE) {
			ret = REPORT_ESTORE;
			goto out;
		}
		if (diag_full(&c.dg))
			break;
	}
	if (c.dg.errors)
		goto out;
	for (i = 0; i < t->nblocks; i++) {
		const struct report_block *b = &t->blocks[i];

		if (!b->is_directive) {
			if (is_fence(b->text))
				fenced = !fenced;
			if (!fenced && !c.r->title && strncmp(b->text, "# ", 2) == 0)
				c.r->title = xstrdup(b->text + 2);
			/* a directive's output ends in a blank line: do not add a second */
			if (fenced || *b->text || !ends_blank(&c))
				md_line(&c, "%s", b->text);
			continue;
		}
		ret = do_directive(&c, &b->d);
		if (ret < 0)
			goto out;
	}
	if (!c.r->title)
		c.r->title = xstrdup("Rapport");
	c.r->markdown = buf_detach(&c.md);
	*out = c.r;
	c.r = NULL;
	ret = 0;
out:
	report_free(c.r);
	ctx_release(&c);
	return ret;
}

void report_free(struct report *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->ntables; i++)
		rtable_release(&r->tables[i]);
	free(r->tables);
	free(r->title);
	free(r->markdown);
	free(r);
}
