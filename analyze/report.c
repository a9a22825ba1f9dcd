/* report.c: assembling a report: the build context, report tables into Markdown and struct report, and report_build(). */
#include "analyze/report_int.h"
#include "analyze/svg.h"
#include "core/error.h"
#include "core/store.h"
#include "core/strset.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the context of one build ---- */

void rp_md_line(struct rp_ctx *c, const char *fmt, ...)
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

static int ends_blank(const struct rp_ctx *c)
{
	return c->md.len == 0 || (c->md.len >= 2 && c->md.s[c->md.len - 1] == '\n' &&
				  c->md.s[c->md.len - 2] == '\n');
}

void rp_md_gap(struct rp_ctx *c)
{
	if (!ends_blank(c))
		buf_addc(&c->md, '\n');
}

const char *rp_code_label(const struct rp_ctx *c, const char *code)
{
	size_t i;

	for (i = 0; i < c->nlabels; i++)
		if (strcmp(c->labels[i].name, code) == 0)
			return c->labels[i].label;
	return code;
}

const char *rp_wave_name(const struct rp_ctx *c, const char *v)
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
	struct rp_ctx *c = ctx;
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

int rp_at(struct rp_ctx *c, const struct report_directive *d, const struct report_arg *a, int value,
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

void rp_cell_set(struct report_cell *cell, char *text, double num, enum report_num kind, int dec,
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

void rp_table_init(struct report_table *t, const char *caption, const char *row_head,
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

void rp_table_note(struct report_table *t, char *note)
{
	t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof(char *));
	t->notes[t->nnotes++] = note;
}

void rp_table_release(struct report_table *t)
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
static char *sheet_name(struct rp_ctx *c, int number, const char *hint)
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
static void md_table(struct rp_ctx *c, const struct report_table *t, int bold_last)
{
	size_t i, j;
	char *e;
	struct buf row;

	rp_md_gap(c);
	if (t->summary) {
		if (c->o->html) {
			e = svg_escape(t->summary);
			rp_md_line(c, "<p class=\"summary\">%s</p>", e);
		} else {
			e = rp_md_esc(t->summary, 1);
			rp_md_line(c, "%s", e);
		}
		free(e);
		rp_md_line(c, "%s", "");
	}
	if (t->check) {
		rp_md_line(c, "<!-- tevreden-check %s -->", t->check);
		rp_md_line(c, "%s", "");
	}
	e = rp_md_esc(t->caption, 1);
	rp_md_line(c, "**Tabel %d.** %s", t->number, e);
	free(e);
	rp_md_line(c, "%s", "");
	buf_init(&row);
	e = rp_md_esc(t->row_head, 0);
	buf_printf(&row, "| %s |", e);
	free(e);
	for (j = 0; j < t->ncols; j++) {
		e = rp_md_esc(t->cols[j].head, 0);
		buf_printf(&row, " %s |", e);
		free(e);
	}
	rp_md_line(c, "%s", row.s);
	buf_reset(&row);
	buf_adds(&row, "| --- |");
	for (j = 0; j < t->ncols; j++)
		buf_adds(&row, " ---: |");
	rp_md_line(c, "%s", row.s);
	for (i = 0; i < t->nrows; i++) {
		int bold = bold_last && i + 1 == t->nrows;

		buf_reset(&row);
		e = rp_md_esc(t->row_labels[i], 0);
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
			e = rp_md_esc(cb.s ? cb.s : "", 0);
			buf_printf(&row, " %s |", e);
			free(e);
			buf_release(&cb);
		}
		rp_md_line(c, "%s", row.s);
	}
	buf_release(&row);
	if (t->nnotes) {
		rp_md_line(c, "%s", "");
		if (c->o->html)
			rp_md_line(c, "%s", "<div class=\"notes\">");
		for (i = 0; i < t->nnotes; i++) {
			if (c->o->html) {
				e = svg_escape(t->notes[i]);
				rp_md_line(c, "<p>%s</p>", e);
			} else {
				e = rp_md_esc(t->notes[i], 1);
				rp_md_line(c, "%s%s", e, i + 1 < t->nnotes ? "\\" : "");
			}
			free(e);
		}
		if (c->o->html)
			rp_md_line(c, "%s", "</div>");
	}
	rp_md_line(c, "%s", "");
}

void rp_table_add(struct rp_ctx *c, struct report_table *t, const char *sheet_hint, int bold_last)
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

/* ---- assembling ---- */

void report_opts_init(struct report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->suppress = 10;
	o->alpha = 0.05;
	o->min_base = 30;
}

static int do_directive(struct rp_ctx *c, const struct report_directive *d)
{
	switch (rp_kind_of(d->name)) {
	case RP_TABLE: return rp_do_table(c, d);
	case RP_CHART: return rp_do_chart(c, d);
	case RP_RESPONSE: return rp_do_response(c, d);
	case RP_THEMES: return rp_do_themes(c, d);
	case RP_QUOTES: return rp_do_quotes(c, d);
	case RP_AGREEMENT: return rp_do_agreement(c, d);
	default: return rp_do_method(c, d);
	}
}

/* The report's waves: as asked (checked), or the last two with respondents. */
static int resolve_waves(struct rp_ctx *c)
{
	size_t i;

	if (c->o->nwaves) {
		for (i = 0; i < c->o->nwaves; i++) {
			const struct rp_cat_wave *w = rp_cat_wave(&c->cat, c->o->waves[i]);

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

static void ctx_release(struct rp_ctx *c)
{
	size_t i;

	rp_catalog_release(&c->cat);
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
	struct rp_ctx c;
	size_t i;
	int ret = REPORT_ESTORE, fenced = 0;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.st = st;
	c.tpl = t;
	c.o = o;
	diag_init(&c.dg, t->path, RP_MAX_ERRORS);
	c.dg.out = o->errs;
	buf_init(&c.md);
	strset_init(&c.sheets);
	c.r = xcalloc(1, sizeof(*c.r));
	if (rp_catalog_load(st, &c.cat) < 0 || store_code_labels(st, label_cb, &c) < 0)
		goto out;
	ret = REPORT_EDATA;
	if (resolve_waves(&c) < 0)
		goto out;
	for (i = 0; i < t->nblocks; i++) {
		if (!t->blocks[i].is_directive)
			continue;
		if (rp_check_directive(&c, &t->blocks[i].d) == REPORT_ESTORE) {
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
			if (rp_is_fence(b->text))
				fenced = !fenced;
			if (!fenced && !c.r->title && strncmp(b->text, "# ", 2) == 0)
				c.r->title = xstrdup(b->text + 2);
			/* a directive's output ends in a blank line: do not add a second */
			if (fenced || *b->text || !ends_blank(&c))
				rp_md_line(&c, "%s", b->text);
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
		rp_table_release(&r->tables[i]);
	free(r->tables);
	free(r->title);
	free(r->markdown);
	free(r);
}
