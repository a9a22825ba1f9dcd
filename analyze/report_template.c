/* report_template.c: the template language: a template's text into Markdown lines and directives, with the syntax rules of every directive and option. */
#include "analyze/report_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Column (1-based, in code points) of p within the line starting at line. */
static long cp_col(const char *line, const char *p)
{
	long col = 1;

	for (; line < p; line++)
		if (((unsigned char)*line & 0xC0) != 0x80)
			col++;
	return col;
}

/* ---- the directives and their options ---- */

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
	[RP_TABLE] = { "table", 1, "an item or module:NAME", table_opts },
	[RP_CHART] = { "chart", 1, "an item", chart_opts },
	[RP_RESPONSE] = { "response", 0, NULL, response_opts },
	[RP_THEMES] = { "themes", 0, NULL, themes_opts },
	[RP_QUOTES] = { "quotes", 1, "a code", quotes_opts },
	[RP_AGREEMENT] = { "agreement", 0, NULL, agreement_opts },
	[RP_METHOD] = { "method", 0, NULL, method_opts },
};

#define NSPECS (sizeof(dspecs) / sizeof(dspecs[0]))

int rp_kind_of(const char *name)
{
	size_t i;

	for (i = 0; i < NSPECS; i++)
		if (strcmp(dspecs[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct report_arg *rp_arg(const struct report_directive *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->nargs; i++)
		if (d->args[i].key && strcmp(d->args[i].key, key) == 0)
			return &d->args[i];
	return NULL;
}

const char *rp_opt(const struct report_directive *d, const char *key)
{
	const struct report_arg *a = rp_arg(d, key);

	return a ? a->value : NULL;
}

const struct report_arg *rp_target(const struct report_directive *d)
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

	if (kind == RP_THEMES && strcmp(key, "by") == 0 && !is_one_of(v, "group|wave|method")) {
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
		struct rp_strlist l = { 0 };
		size_t k;
		int bad = 0;

		rp_split_commas(v, &l);
		for (k = 0; k < l.n; k++)
			bad |= !whole_number(l.v[k], 1, 2000000000);
		bad |= l.n == 0;
		rp_strlist_release(&l);
		if (bad) {
			snprintf(msg, size, "'skip' expects segment numbers separated by commas, not '%s'", v);
			return msg;
		}
	}
	if (strcmp(key, "waves") == 0) {
		struct rp_strlist l = { 0 };
		int bad;

		rp_split_commas(v, &l);
		bad = l.n != 2 || strcmp(l.v[0], l.v[1]) == 0;
		rp_strlist_release(&l);
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

/* ---- reading a template ---- */

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
 * open points at its "{{". Errors go to dg; returns 0 or -1.
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
		kind = rp_kind_of(out->name);
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
	if (rp_arg(out, "wave") && rp_arg(out, "waves") && kind != RP_THEMES && kind != RP_QUOTES) {
		diag_error(dg, lineno, rp_arg(out, "wave")->col, "give 'wave' or 'waves', not both");
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

int rp_is_fence(const char *s)
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
	diag_init(&dg, path, RP_MAX_ERRORS);
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
		if (rp_is_fence(line))
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
