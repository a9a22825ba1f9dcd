/* table.c: render a simple table as aligned text, RFC 4180 CSV or a GitHub-flavoured Markdown table. */
#include "table.h"
#include "util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int out_format_parse(const char *s, enum out_format *f)
{
	static const char *const names[] = { "text", "csv", "json", "md" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strcmp(names[i], s) == 0) {
			*f = (enum out_format)i;
			return 0;
		}
	}
	return -1;
}

size_t utf8_width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

void table_init(struct table *t, const char *title, size_t ncols, const char *const *head,
		const int *right)
{
	size_t i;

	memset(t, 0, sizeof(*t));
	t->title = title ? xstrdup(title) : NULL;
	t->ncols = ncols;
	t->head = xcalloc(ncols, sizeof(char *));
	t->right = xcalloc(ncols, sizeof(int));
	for (i = 0; i < ncols; i++) {
		t->head[i] = xstrdup(head[i]);
		t->right[i] = right ? right[i] : 0;
	}
}

void table_add_row(struct table *t, const char *const *cells)
{
	size_t i;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof(char *));
	}
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = xstrdup(cells[i] ? cells[i] : "");
	t->nrows++;
}

void table_note(struct table *t, const char *fmt, ...)
{
	va_list ap;
	struct buf b;
	int n;

	buf_init(&b);
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b.s = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(b.s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->notes = xrealloc(t->notes, (t->nnotes + 1) * sizeof(char *));
	t->notes[t->nnotes++] = b.s;
}

static void pad(FILE *out, size_t n)
{
	while (n--)
		fputc(' ', out);
}

static void write_text(const struct table *t, FILE *out)
{
	size_t *w = xcalloc(t->ncols, sizeof(size_t)), r, c, total = 0;

	for (c = 0; c < t->ncols; c++) {
		w[c] = utf8_width(t->head[c]);
		for (r = 0; r < t->nrows; r++) {
			size_t cw = utf8_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
		total += w[c] + (c ? 2 : 0);
	}
	if (t->title)
		fprintf(out, "%s\n\n", t->title);
	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			const char *s = r == 0 ? t->head[c] : t->cells[(r - 1) * t->ncols + c];
			size_t sw = utf8_width(s);

			if (c)
				fputs("  ", out);
			if (t->right[c])
				pad(out, w[c] - sw);
			fputs(s, out);
			if (!t->right[c] && c + 1 < t->ncols)
				pad(out, w[c] - sw);
		}
		fputc('\n', out);
		if (r == 0) {
			for (c = 0; c < total; c++)
				fputc('-', out);
			fputc('\n', out);
		}
	}
	for (r = 0; r < t->nnotes; r++)
		fprintf(out, "%s%s\n", r ? "" : "\n", t->notes[r]);
	free(w);
}

static void csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\n\r")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
}

static void write_csv(const struct table *t, FILE *out)
{
	size_t r, c;

	for (r = 0; r <= t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			if (c)
				fputc(',', out);
			csv_field(out, r == 0 ? t->head[c] : t->cells[(r - 1) * t->ncols + c]);
		}
		fputc('\n', out);
	}
}

static void md_cell(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			fputc('\\', out);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, out);
	}
}

static void write_md(const struct table *t, FILE *out)
{
	size_t r, c;

	if (t->title)
		fprintf(out, "**%s**\n\n", t->title);
	for (r = 0; r <= t->nrows; r++) {
		fputc('|', out);
		for (c = 0; c < t->ncols; c++) {
			fputc(' ', out);
			md_cell(out, r == 0 ? t->head[c] : t->cells[(r - 1) * t->ncols + c]);
			fputs(" |", out);
		}
		fputc('\n', out);
		if (r == 0) {
			fputc('|', out);
			for (c = 0; c < t->ncols; c++)
				fputs(t->right[c] ? " ---: |" : " --- |", out);
			fputc('\n', out);
		}
	}
	if (t->nnotes)
		fputc('\n', out);
	for (r = 0; r < t->nnotes; r++)
		fprintf(out, "%s%s\n", t->notes[r], r + 1 < t->nnotes ? "  " : "");
}

int table_write(const struct table *t, enum out_format f, FILE *out)
{
	if (f == OUT_CSV)
		write_csv(t, out);
	else if (f == OUT_MD)
		write_md(t, out);
	else
		write_text(t, out);
	return file_check(out, "output");
}

void table_release(struct table *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->head[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	for (i = 0; i < t->nnotes; i++)
		free(t->notes[i]);
	free(t->head);
	free(t->right);
	free(t->cells);
	free(t->notes);
	free(t->title);
	memset(t, 0, sizeof(*t));
}
