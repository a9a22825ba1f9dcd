/* table.h: plain tables printed as aligned text, CSV or Markdown (commands build JSON themselves). */
#ifndef TV_TABLE_H
#define TV_TABLE_H

#include <stddef.h>
#include <stdio.h>

enum out_format { OUT_TEXT, OUT_CSV, OUT_JSON, OUT_MD };

/* Parse "text", "csv", "json", "md". Returns 0 or -1 (nothing printed). */
int out_format_parse(const char *s, enum out_format *f);

struct table {
	char *title;		/* printed above the table in text and Markdown, or NULL */
	size_t ncols;
	char **head;
	int *right;		/* per column: right-aligned (numbers) */
	char **cells;		/* nrows * ncols, owned */
	size_t nrows, cap;
	char **notes;		/* footnotes, owned */
	size_t nnotes;
};

/* Start a table; head and right are copied. title may be NULL. */
void table_init(struct table *t, const char *title, size_t ncols, const char *const *head,
		const int *right);
/* Append a row of ncols cells (copied; NULL prints as empty). */
void table_add_row(struct table *t, const char *const *cells);
void table_note(struct table *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Write as OUT_TEXT, OUT_CSV or OUT_MD. Returns 0, or -1 after reporting a write error. */
int table_write(const struct table *t, enum out_format f, FILE *out);
void table_release(struct table *t);

/* Display width of a UTF-8 string in code points. */
size_t utf8_width(const char *s);

#endif
