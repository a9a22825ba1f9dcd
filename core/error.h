/* error.h: reporting a problem once, positioned diagnostics, and the exit codes. */
#ifndef TV_ERROR_H
#define TV_ERROR_H

#include <stdio.h>

/* Exit codes of the tevreden binary (documented in README.md). */
enum tv_exit {
	TV_EXIT_OK = 0,		/* success */
	TV_EXIT_DATA = 1,	/* bad input data: nothing was stored */
	TV_EXIT_USAGE = 2,	/* bad command line */
	TV_EXIT_SYSTEM = 3,	/* system, file or store error */
};

/*
 * Library code reports a problem once and returns a negative value:
 *   return tv_error("cannot open '%s': %s", path, strerror(errno));
 * Prints "tevreden: <message>\n" to stderr and returns -1.
 */
int tv_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Like tv_error but prints "tevreden: warning: <message>" and returns 0. */
int tv_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Problems found in one input file, reported like a compiler:
 *   ceo-2016.csv:17:4: value '11' for 'cijfer' is outside 1..10
 * Collect up to max problems; the caller stops when diag_full() says so.
 * `file` is borrowed and must outlive the diag.
 */
struct diag {
	const char *file;	/* name printed before the position */
	long max;		/* stop after this many errors (>= 1) */
	long errors;		/* errors reported so far */
	long warnings;		/* warnings reported so far */
	FILE *out;		/* where messages go; stderr when NULL */
};

void diag_init(struct diag *d, const char *file, long max);
/* Report an error at line:col (col 0 omits the column, line 0 both). Returns -1. */
int diag_error(struct diag *d, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Report a warning at line:col. Returns 0. */
int diag_warn(struct diag *d, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Nonzero once max errors have been reported. */
int diag_full(const struct diag *d);

#endif
