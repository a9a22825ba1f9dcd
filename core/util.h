/* util.h: small checked helpers every module uses: memory, numbers, growing buffers, files. */
#ifndef TV_UTIL_H
#define TV_UTIL_H

#include <stddef.h>
#include <stdio.h>

/* Allocation that never returns NULL: out of memory prints a message and aborts,
 * as git's xmalloc does; there is no sensible recovery inside an import. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Parse a whole string (at most 63 characters) as a number. Leading/trailing ASCII spaces are allowed;
 * empty strings, trailing garbage, NaN, infinities and overflow are rejected.
 * With allow_comma a single decimal comma ("7,5") is accepted as a decimal point.
 * Returns 0 and sets *out, or -1 without printing anything.
 */
int num_parse(const char *s, int allow_comma, double *out);
/* Parse a whole string as a long (base 10, same rules). Returns 0 or -1. */
int num_parse_long(const char *s, long *out);
/* Shortest "%.15g" text of v into buf (at least 32 bytes). Returns buf. */
char *num_format(double v, char *buf);

/* A growing byte buffer, always NUL-terminated. */
struct buf {
	char *s;
	size_t len;
	size_t cap;
};

void buf_init(struct buf *b);
void buf_release(struct buf *b);
void buf_add(struct buf *b, const void *p, size_t n);
void buf_adds(struct buf *b, const char *s);
void buf_addc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_reset(struct buf *b);
/* Give the string to the caller (who frees it) and reset the buffer. */
char *buf_detach(struct buf *b);

/*
 * Read a whole file into a new NUL-terminated buffer (the caller frees *out).
 * Refuses files larger than max bytes. Reports the problem (tv_error) and
 * returns -1 on failure.
 */
int file_read(const char *path, size_t max, char **out, size_t *len);

/* Check a stream after writing: fflush + ferror. Reports and returns -1 on failure. */
int file_check(FILE *f, const char *name);

/* Hex SHA-256 of a buffer into hex[65]. */
void sha256_hex(const void *data, size_t len, char hex[65]);
/* Hex SHA-256 of a file (65 bytes incl. NUL into hex). Reports and returns -1 on failure. */
int file_sha256(const char *path, char hex[65]);

/* Case-insensitive ASCII comparison, trimming ASCII spaces around a. */
int str_eq_trim_ci(const char *a, const char *b);

/* Current UTC time as ISO 8601 "YYYY-MM-DDTHH:MM:SSZ" into buf (at least 21 bytes). */
char *time_now_iso(char *buf);

#endif
