/* xlsx.c: report tables as worksheets with numbers as numbers, bases, marks and legends (libxlsxwriter). */
#include "analyze/xlsx.h"
#include "analyze/report.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

struct formats {
	lxw_format *bold, *head, *wrap, *note, *count, *text_right;
	lxw_format *pct[4], *dec[4];	/* by decimals 0..3 */
};

static void formats_init(lxw_workbook *wb, struct formats *f)
{
	static const char *const pct[] = { "0%", "0.0%", "0.00%", "0.000%" };
	static const char *const dec[] = { "0", "0.0", "0.00", "0.000" };
	size_t i;

	f->bold = workbook_add_format(wb);
	format_set_bold(f->bold);
	format_set_font_size(f->bold, 12);
	f->head = workbook_add_format(wb);
	format_set_bold(f->head);
	format_set_bottom(f->head, LXW_BORDER_THIN);
	format_set_text_wrap(f->head);
	format_set_align(f->head, LXW_ALIGN_CENTER);
	f->wrap = workbook_add_format(wb);
	format_set_text_wrap(f->wrap);
	format_set_align(f->wrap, LXW_ALIGN_VERTICAL_TOP);
	f->note = workbook_add_format(wb);
	format_set_italic(f->note);
	format_set_font_size(f->note, 9);
	f->count = workbook_add_format(wb);
	format_set_num_format(f->count, "0");
	f->text_right = workbook_add_format(wb);
	format_set_align(f->text_right, LXW_ALIGN_RIGHT);
	for (i = 0; i < 4; i++) {
		f->pct[i] = workbook_add_format(wb);
		format_set_num_format(f->pct[i], pct[i]);
		f->dec[i] = workbook_add_format(wb);
		format_set_num_format(f->dec[i], dec[i]);
	}
}

static lxw_format *cell_format(const struct formats *f, const struct report_cell *c)
{
	int d = c->decimals < 0 ? 0 : c->decimals > 3 ? 3 : c->decimals;

	switch (c->kind) {
	case REPORT_NUM_PERCENT: return f->pct[d];
	case REPORT_NUM_DECIMAL: return f->dec[d];
	case REPORT_NUM_COUNT: return f->count;
	default: return NULL;
	}
}

/* The first error of a sheet is kept; later writes are skipped by the caller's check. */
static lxw_error put_str(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s, lxw_format *f,
	lxw_error *err)
{
	if (*err == LXW_NO_ERROR && s && *s)
		*err = worksheet_write_string(ws, r, c, s, f);
	return *err;
}

static lxw_error put_num(lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f,
	lxw_error *err)
{
	if (*err == LXW_NO_ERROR)
		*err = worksheet_write_number(ws, r, c, v, f);
	return *err;
}

static lxw_error write_table(lxw_workbook *wb, const struct formats *f, const struct report_table *t)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, t->sheet);
	lxw_error err = LXW_NO_ERROR;
	lxw_row_t row = 0;
	lxw_col_t col, ncol = 1;
	size_t i, j;
	char *title;

	if (!ws)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	title = xasprintf("Tabel %d. %s", t->number, t->caption);
	put_str(ws, row++, 0, title, f->bold, &err);
	free(title);
	if (t->summary)
		put_str(ws, row++, 0, t->summary, NULL, &err);
	row++;
	put_str(ws, row, 0, t->row_head, f->head, &err);
	for (j = 0; j < t->ncols; j++) {
		const struct report_col *c = &t->cols[j];

		put_str(ws, row, ncol++, c->head, f->head, &err);
		if (c->has_n) {
			char *h = xasprintf("%s n", c->head);

			put_str(ws, row, ncol++, h, f->head, &err);
			free(h);
		}
		if (c->has_marks) {
			char *h = xasprintf("%s toets", c->head);

			put_str(ws, row, ncol++, h, f->head, &err);
			free(h);
		}
	}
	row++;
	for (i = 0; i < t->nrows; i++, row++) {
		put_str(ws, row, 0, t->row_labels[i], NULL, &err);
		col = 1;
		for (j = 0; j < t->ncols; j++) {
			const struct report_col *c = &t->cols[j];
			const struct report_cell *cell = &t->cells[i * t->ncols + j];

			if (cell->suppressed || isnan(cell->num) || cell->kind == REPORT_NUM_NONE)
				put_str(ws, row, col, cell->text, f->text_right, &err);
			else
				put_num(ws, row, col, cell->num, cell_format(f, cell), &err);
			col++;
			if (c->has_n) {
				if (cell->n >= 0)
					put_num(ws, row, col, (double)cell->n, f->count, &err);
				col++;
			}
			if (c->has_marks)
				put_str(ws, row, col++, cell->marks, NULL, &err);
		}
	}
	row++;
	for (i = 0; i < t->nnotes; i++)
		put_str(ws, row++, 0, t->notes[i], f->note, &err);
	if (err == LXW_NO_ERROR)
		err = worksheet_set_column(ws, 0, 0, 26, NULL);
	if (err == LXW_NO_ERROR && ncol > 1)
		err = worksheet_set_column(ws, 1, (lxw_col_t)(ncol - 1), 12, NULL);
	return err;
}

static lxw_error write_index(lxw_workbook *wb, const struct formats *f, const struct report *r)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, "Inhoud");
	lxw_error err = LXW_NO_ERROR;
	size_t i;

	if (!ws)
		return LXW_ERROR_SHEETNAME_ALREADY_USED;
	put_str(ws, 0, 0, r->title, f->bold, &err);
	put_str(ws, 2, 0, "tabel", f->head, &err);
	put_str(ws, 2, 1, "blad", f->head, &err);
	put_str(ws, 2, 2, "onderwerp", f->head, &err);
	for (i = 0; i < r->ntables; i++) {
		put_num(ws, (lxw_row_t)(3 + i), 0, r->tables[i].number, f->count, &err);
		put_str(ws, (lxw_row_t)(3 + i), 1, r->tables[i].sheet, NULL, &err);
		put_str(ws, (lxw_row_t)(3 + i), 2, r->tables[i].caption, NULL, &err);
	}
	put_str(ws, (lxw_row_t)(4 + r->ntables), 0,
		"Percentages zijn getallen (0,74 = 74 %); n is de basis; 'toets' geeft de "
		"significantieletters van het rapport; – = niet getoond (kleine basis) of niet getoetst.",
		f->note, &err);
	if (err == LXW_NO_ERROR)
		err = worksheet_set_column(ws, 0, 0, 8, NULL);
	if (err == LXW_NO_ERROR)
		err = worksheet_set_column(ws, 1, 1, 26, NULL);
	if (err == LXW_NO_ERROR)
		err = worksheet_set_column(ws, 2, 2, 70, NULL);
	return err;
}

int xlsx_write(const char *path, const struct report *r)
{
	lxw_workbook *wb = workbook_new(path);
	lxw_doc_properties props = { 0 };
	char comments[] = "tevreden " TV_VERSION;
	struct formats f;
	lxw_error err;
	size_t i;

	if (!wb)
		return tv_error("cannot create workbook '%s'", path);
	props.title = r->title;
	props.comments = comments;
	formats_init(wb, &f);
	err = workbook_set_properties(wb, &props);
	if (err == LXW_NO_ERROR)
		err = write_index(wb, &f, r);
	for (i = 0; err == LXW_NO_ERROR && i < r->ntables; i++)
		err = write_table(wb, &f, &r->tables[i]);
	if (err != LXW_NO_ERROR) {
		workbook_close(wb);
		remove(path);
		return tv_error("cannot write workbook '%s': %s", path, lxw_strerror(err));
	}
	err = workbook_close(wb);
	if (err != LXW_NO_ERROR) {
		remove(path);
		return tv_error("cannot write workbook '%s': %s", path, lxw_strerror(err));
	}
	return 0;
}
