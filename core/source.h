/* source.h: the record stream every survey file reader (CSV, .sav, JSON) produces. */
#ifndef TV_SOURCE_H
#define TV_SOURCE_H

#include <stddef.h>

struct diag;

/*
 * One cell of a record. `text` is UTF-8 and NUL-terminated, or NULL for a
 * value the file marks as absent (SPSS system-missing, JSON null or a key
 * the object lacks). An empty CSV field is "" (not NULL).
 * Numbers from binary formats are given as text in the shortest form that
 * round-trips ("%.15g": "3", "7.5", "-1"). All pointers are borrowed and
 * valid only during the callback.
 */
struct src_cell {
	const char *text;
	size_t len;
	long line;	/* 1-based line (CSV, JSON) or case number (.sav) */
	long col;	/* 1-based field number (CSV), variable number (.sav), column (JSON) */
};

/*
 * What a reader calls. `columns` is called exactly once, before any record,
 * with the column names (cells' text never NULL). `label` (may be NULL in the
 * sink; then not called) is called for each value label a format carries
 * (.sav), after `columns` and before records: column index (0-based), value
 * as text, label. `record` is called once per record with exactly as many
 * cells as there were columns; `line` is where the record starts.
 * Each callback returns 0 to go on or -1 to stop reading (the reader then
 * returns -1 without reporting anything more).
 */
struct src_sink {
	int (*columns)(void *ctx, const struct src_cell *cells, size_t n);
	int (*label)(void *ctx, size_t col, const char *value, const char *label);
	int (*record)(void *ctx, const struct src_cell *cells, size_t n, long line);
	void *ctx;
};

enum src_encoding {
	SRC_UTF8 = 0,		/* UTF-8, BOM allowed and skipped; invalid bytes are errors */
	SRC_WINDOWS_1252,	/* converted to UTF-8 */
};

struct src_options {
	int delimiter;		/* CSV: 0 = detect among ',' ';' '\t' */
	enum src_encoding encoding;
	size_t max_field;	/* longest accepted field in bytes; 0 = SRC_MAX_FIELD */
};

#define SRC_MAX_FIELD (1024 * 1024)

/*
 * Readers. Each reports problems in the file through `d` (file:line:col:
 * message, problem first, the thing in quotes) and returns -1, or returns 0
 * after the last record. Errors in the file's structure stop reading; the
 * reader never calls exit() and frees everything it allocated on every path.
 */
int csv_read(const char *path, const struct src_options *opt, struct diag *d,
	     const struct src_sink *sink);
int sav_read(const char *path, const struct src_options *opt, struct diag *d,
	     const struct src_sink *sink);
int jsonin_read(const char *path, const struct src_options *opt, struct diag *d,
		const struct src_sink *sink);

#endif
