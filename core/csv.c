/* csv.c: CSV survey exports (CATI software, Excel) as a record stream, through libcsv (only here). */
#include "core/source.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

/*
 * The file is fed to libcsv in chunks of this size, so memory stays bounded
 * by the longest accepted field plus a chunk or two, however big the file is.
 */
#define CSV_CHUNK (256 * 1024)

/* libcsv grows its field buffer linearly by this much at a time. */
#define CSV_GROW (64 * 1024)

/* A header with more names than this is not a survey export. */
#define CSV_MAX_COLUMNS 100000

/*
 * CSV_STRICT: a quote inside an unquoted field or text after a closing quote
 * is an error rather than guessed at; a column shift in survey data is worse
 * than a refused file. CSV_STRICT_FINI: a quote left open at the end of the
 * file is an error. CSV_REPALL_NL: every line end outside quotes reaches us,
 * including empty lines, so physical line numbers can be counted.
 * CSV_APPEND_NULL: every field arrives NUL-terminated.
 * libcsv's default whitespace rule is kept: spaces and tabs around unquoted
 * fields and around the quotes of quoted fields are dropped, so a line of
 * nothing but spaces is blank and "a; b" is "a", "b".
 */
#define CSV_OPTIONS (CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL)

enum csv_stop {
	CSV_GO = 0,
	CSV_STOP_ERROR,		/* a problem in the file was reported */
	CSV_STOP_SINK,		/* a callback said stop: report nothing more */
};

/* What is wrong with the text of a field, first problem only. */
enum csv_bad {
	CSV_BAD_NONE = 0,
	CSV_BAD_UTF8,		/* in windows-1252 mode: an undefined byte */
	CSV_BAD_NUL,
};

/*
 * windows-1252 bytes 0x80..0x9f as Unicode code points; 0 marks the five bytes
 * the code page leaves undefined. 0xa0..0xff are U+00A0..U+00FF.
 */
static const uint16_t csv_cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/*
 * An undefined windows-1252 byte is converted to this byte (never part of
 * UTF-8) followed by the original byte, so the field check finds it and can
 * report its field and line like any other bad text.
 */
#define CSV_CP1252_MARK 0xff

struct csv_reader {
	struct csv_parser parser;
	int parser_ready;	/* csv_init succeeded: csv_free is due */
	struct diag *d;
	const struct src_sink *sink;
	size_t max_field;
	enum src_encoding encoding;
	int delimiter;		/* 0 until known */
	enum csv_stop stop;
	long line;		/* physical line where the next field starts */
	int prev_term;		/* character that ended the last line (for CR LF) */
	int last_cr;		/* the last chunk ended in CR */
	size_t ncols;		/* 0 until the header was read */
	/* the record being collected */
	long rec_line;
	size_t nfields;		/* fields seen, may exceed ncols */
	long extra_line;	/* line of field ncols + 1 */
	struct buf text;	/* the fields' texts, each NUL-terminated, back to back */
	struct src_cell *cells;	/* text pointers are set once the record is complete */
	size_t cap_cells;
	enum csv_bad bad;
	long bad_line;
	long bad_col;
	unsigned bad_byte;
};

static void csv_after_error(struct csv_reader *r)
{
	if (diag_full(r->d))
		r->stop = CSV_STOP_ERROR;
}

/* Length of the valid UTF-8 sequence starting with a non-ASCII byte at s, or 0. */
static size_t csv_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;

	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && s[1] >= 0x80 && s[1] <= 0xbf ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (c == 0xe0)
			lo = 0xa0;	/* overlong */
		if (c == 0xed)
			hi = 0x9f;	/* surrogates */
		return n >= 3 && s[1] >= lo && s[1] <= hi &&
			s[2] >= 0x80 && s[2] <= 0xbf ? 3 : 0;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (c == 0xf0)
			lo = 0x90;	/* overlong */
		if (c == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
		return n >= 4 && s[1] >= lo && s[1] <= hi &&
			s[2] >= 0x80 && s[2] <= 0xbf && s[3] >= 0x80 && s[3] <= 0xbf ? 4 : 0;
	}
	return 0;
}

/*
 * One pass over a field: checks that it is UTF-8 without NUL bytes (the first
 * problem goes to *bad, the offending byte to *byte, or for a windows-1252
 * mark the byte behind it) and returns the number of line breaks in it (CR LF,
 * LF and a lone CR each count once), so the fields after a quoted multi-line
 * field get their true line.
 */
static long csv_check_text(const unsigned char *s, size_t n, enum csv_bad *bad,
			   unsigned *byte)
{
	long breaks = 0;
	size_t i = 0, k;
	unsigned char c;

	*bad = CSV_BAD_NONE;
	while (i < n) {
		c = s[i];
		if ((unsigned char)(c - 0x0e) < 0x72) {
			i++;
			continue;
		}
		if (c == '\n') {
			breaks++;
		} else if (c == '\r') {
			breaks++;
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
		} else if (c == 0) {
			if (!*bad)
				*bad = CSV_BAD_NUL;
		} else if (c >= 0x80 && !*bad) {
			k = csv_utf8_len(s + i, n - i);
			if (k) {
				i += k;
				continue;
			}
			*bad = CSV_BAD_UTF8;
			*byte = c == CSV_CP1252_MARK && i + 1 < n ? s[i + 1] : c;
		}
		i++;
	}
	return breaks;
}

static long csv_count_breaks(const unsigned char *s, size_t n)
{
	enum csv_bad bad;
	unsigned byte;

	return csv_check_text(s, n, &bad, &byte);
}

static void csv_report_bad(struct csv_reader *r)
{
	switch (r->bad) {
	case CSV_BAD_UTF8:
		if (r->encoding == SRC_WINDOWS_1252)
			diag_error(r->d, r->bad_line, r->bad_col,
				   "byte 0x%02x in field %ld is not a windows-1252 character",
				   r->bad_byte, r->bad_col);
		else
			diag_error(r->d, r->bad_line, r->bad_col,
				   "invalid UTF-8 in field %ld (use --encoding windows-1252 for Excel exports)",
				   r->bad_col);
		break;
	case CSV_BAD_NUL:
		diag_error(r->d, r->bad_line, r->bad_col, "NUL byte in field %ld", r->bad_col);
		break;
	case CSV_BAD_NONE:
		return;
	}
	csv_after_error(r);
}

/* libcsv's field callback: check the text, note its position, keep it. */
static void csv_on_field(void *field, size_t len, void *data)
{
	struct csv_reader *r = data;
	const unsigned char *s = field ? field : (const unsigned char *)"";
	struct src_cell *cell;
	enum csv_bad bad;
	unsigned byte = 0;
	long line, col;

	if (r->stop)
		return;
	if (r->nfields == 0)
		r->rec_line = r->line;
	line = r->line;
	col = (long)++r->nfields;
	if (len > r->max_field) {
		diag_error(r->d, line, col, "field longer than %zu bytes", r->max_field);
		r->stop = CSV_STOP_ERROR;
		return;
	}
	r->line += csv_check_text(s, len, &bad, &byte);
	if (bad && !r->bad) {
		r->bad = bad;
		r->bad_line = line;
		r->bad_col = col;
		r->bad_byte = byte;
	}
	if (r->ncols) {
		if (r->nfields == r->ncols + 1)
			r->extra_line = line;
		if (r->nfields > r->ncols)
			return;	/* counted, not kept */
	} else if (r->nfields > CSV_MAX_COLUMNS) {
		diag_error(r->d, line, col, "more than %d columns in the header line",
			   CSV_MAX_COLUMNS);
		r->stop = CSV_STOP_ERROR;
		return;
	}
	if (r->nfields > r->cap_cells) {
		r->cap_cells = r->cap_cells ? 2 * r->cap_cells : 64;
		r->cells = xrealloc(r->cells, r->cap_cells * sizeof(*r->cells));
	}
	cell = &r->cells[r->nfields - 1];
	cell->len = len;
	cell->line = line;
	cell->col = col;
	buf_add(&r->text, s, len + 1);	/* with its NUL (CSV_APPEND_NULL) */
}

/* Point the kept cells into the text arena, which has stopped moving. */
static void csv_point_cells(struct csv_reader *r, size_t n)
{
	const char *p = r->text.s;
	size_t i;

	for (i = 0; i < n; i++) {
		r->cells[i].text = p;
		p += r->cells[i].len + 1;
	}
}

static void csv_take_header(struct csv_reader *r)
{
	size_t i, n = r->nfields;
	struct src_cell *c;
	char *s;

	if (r->bad) {
		csv_report_bad(r);
		r->stop = CSV_STOP_ERROR;
		return;
	}
	csv_point_cells(r, n);
	for (i = 0; i < n; i++) {
		c = &r->cells[i];
		s = (char *)c->text;	/* our own arena */
		while (c->len && (*s == ' ' || *s == '\t')) {
			s++;
			c->len--;
		}
		while (c->len && (s[c->len - 1] == ' ' || s[c->len - 1] == '\t'))
			c->len--;
		s[c->len] = '\0';
		c->text = s;
		if (c->len)
			continue;
		diag_error(r->d, c->line, c->col, "empty column name in column %ld", c->col);
		r->stop = CSV_STOP_ERROR;
		if (diag_full(r->d))
			return;
	}
	if (r->stop)
		return;
	if (r->sink->columns(r->sink->ctx, r->cells, n) < 0) {
		r->stop = CSV_STOP_SINK;
		return;
	}
	r->ncols = n;
}

static void csv_take_record(struct csv_reader *r)
{
	size_t n = r->nfields;

	if (n > r->ncols && (!r->bad || r->bad_col > (long)r->ncols)) {
		diag_error(r->d, r->extra_line, (long)r->ncols + 1,
			   "expected %zu fields, found %zu", r->ncols, n);
		csv_after_error(r);
		return;
	}
	if (r->bad) {
		csv_report_bad(r);
		return;
	}
	if (n < r->ncols) {
		diag_error(r->d, r->rec_line, 0, "expected %zu fields, found %zu", r->ncols, n);
		csv_after_error(r);
		return;
	}
	csv_point_cells(r, n);
	if (r->sink->record(r->sink->ctx, r->cells, n, r->rec_line) < 0)
		r->stop = CSV_STOP_SINK;
}

/* libcsv's end-of-line callback: c is the CR or LF that ended it, -1 at the end of the file. */
static void csv_on_line_end(int c, void *data)
{
	struct csv_reader *r = data;
	int crlf = c == '\n' && r->prev_term == '\r';

	if (r->stop)
		return;
	r->prev_term = c;
	if (c != -1 && !(crlf && r->nfields == 0))
		r->line++;
	if (r->nfields == 0)
		return;		/* an empty line, or the LF of a CR LF */
	if (r->ncols)
		csv_take_record(r);
	else
		csv_take_header(r);
	r->nfields = 0;
	r->bad = CSV_BAD_NONE;
	buf_reset(&r->text);
}

/*
 * The delimiter among ';', ',' and tab that occurs most, outside quotes, in
 * the first non-blank line of s; ';' wins ties (Dutch Excel). A header without
 * any of them is a single column, split on tab, the delimiter least likely to
 * occur inside an answer.
 */
static int csv_detect_delimiter(const unsigned char *s, size_t n)
{
	static const int cand[3] = { ';', ',', '\t' };
	size_t count[3] = { 0, 0, 0 }, i = 0, best = 0;
	int quoted = 0, k;

	while (i < n && (s[i] == '\r' || s[i] == '\n' || s[i] == ' '))
		i++;
	for (; i < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\r' || s[i] == '\n'))
			break;
		else if (!quoted)
			for (k = 0; k < 3; k++)
				count[k] += s[i] == cand[k];
	}
	for (k = 1; k < 3; k++)
		if (count[k] > count[best])
			best = (size_t)k;
	return count[best] ? cand[best] : '\t';
}

/*
 * Look at the start of the file: refuse UTF-16, skip a UTF-8 byte order mark
 * (*skip says how many bytes), find the delimiter.
 */
static int csv_start(struct csv_reader *r, const unsigned char *s, size_t n, size_t *skip)
{
	*skip = 0;
	if (n >= 2 && ((s[0] == 0xff && s[1] == 0xfe) || (s[0] == 0xfe && s[1] == 0xff))) {
		r->stop = CSV_STOP_ERROR;
		return diag_error(r->d, 1, 0, "file is UTF-16, expected UTF-8 (save it as CSV UTF-8)");
	}
	if (n >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		if (r->encoding == SRC_WINDOWS_1252) {
			r->stop = CSV_STOP_ERROR;
			return diag_error(r->d, 1, 0,
					  "file starts with a UTF-8 byte order mark, so it is not windows-1252");
		}
		*skip = 3;
	}
	if (!r->delimiter)
		r->delimiter = csv_detect_delimiter(s + *skip, n - *skip);
	csv_set_delim(&r->parser, (unsigned char)r->delimiter);
	return 0;
}

/* windows-1252 to UTF-8 into out (at least 3 * n bytes); returns the length. */
static size_t csv_from_cp1252(const unsigned char *s, size_t n, unsigned char *out)
{
	unsigned char *o = out;
	unsigned cp;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] < 0x80) {
			*o++ = s[i];
			continue;
		}
		cp = s[i] >= 0xa0 ? s[i] : csv_cp1252_high[s[i] - 0x80];
		if (!cp) {
			*o++ = CSV_CP1252_MARK;
			*o++ = s[i];
		} else if (cp < 0x800) {
			*o++ = (unsigned char)(0xc0 | cp >> 6);
			*o++ = (unsigned char)(0x80 | (cp & 0x3f));
		} else {
			*o++ = (unsigned char)(0xe0 | cp >> 12);
			*o++ = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
			*o++ = (unsigned char)(0x80 | (cp & 0x3f));
		}
	}
	return (size_t)(o - out);
}

/* libcsv refused the byte at s: say why, at the field it belongs to. */
static int csv_parse_failed(struct csv_reader *r, unsigned char c)
{
	long col = (long)r->nfields + 1;

	r->stop = CSV_STOP_ERROR;
	if (csv_error(&r->parser) != CSV_EPARSE)
		return tv_error("cannot parse '%s': %s", r->d->file,
				csv_strerror(csv_error(&r->parser)));
	if (c == '"' && !r->parser.quoted)
		return diag_error(r->d, r->line, col, "quote inside unquoted field %ld", col);
	return diag_error(r->d, r->line, col, "text after the closing quote of field %ld", col);
}

static int csv_parse_part(struct csv_reader *r, const unsigned char *s, size_t n)
{
	size_t used = csv_parse(&r->parser, s, n, csv_on_field, csv_on_line_end, r);

	if (r->stop)
		return -1;
	if (used < n)
		return csv_parse_failed(r, s[used]);
	return 0;
}

/*
 * Parse one chunk of the file (conv: room for the windows-1252 conversion).
 * libcsv silently skips spaces at the start of a line, so in "\r  \n" (a
 * lone CR, then a line of spaces) the LF would look like the second half of
 * a CR LF and the line count would fall behind. The chunk is therefore split
 * after every CR followed by a space or tab, and the CR is forgotten there.
 */
static int csv_feed(struct csv_reader *r, const unsigned char *s, size_t n, unsigned char *conv)
{
	const unsigned char *cr;
	size_t start = 0, i = 0;

	if (r->encoding == SRC_WINDOWS_1252) {
		n = csv_from_cp1252(s, n, conv);
		s = conv;
	}
	if (n && r->last_cr && (s[0] == ' ' || s[0] == '\t'))
		r->prev_term = 0;
	while (i < n && (cr = memchr(s + i, '\r', n - i)) != NULL) {
		i = (size_t)(cr - s) + 1;
		if (i < n && (s[i] == ' ' || s[i] == '\t')) {
			if (csv_parse_part(r, s + start, i - start) < 0)
				return -1;
			r->prev_term = 0;
			start = i;
		}
	}
	if (csv_parse_part(r, s + start, n - start) < 0)
		return -1;
	r->last_cr = n && s[n - 1] == '\r';
	/* A field still open: complete fields were measured exactly in csv_on_field;
	 * this only keeps an endless one (an unclosed quote) from eating memory. */
	if (r->parser.entry_pos > r->max_field + CSV_CHUNK) {
		r->stop = CSV_STOP_ERROR;
		return diag_error(r->d, r->line, (long)r->nfields + 1,
				  "field longer than %zu bytes", r->max_field);
	}
	return 0;
}

/* The end of the file: the last line, a quote left open, or no header at all. */
static int csv_finish(struct csv_reader *r)
{
	size_t n;
	long end;

	if (csv_fini(&r->parser, csv_on_field, csv_on_line_end, r) < 0) {
		/* the line of the file's last byte */
		n = r->parser.entry_pos;
		end = r->line + csv_count_breaks(r->parser.entry_buf, n);
		if (n && (r->parser.entry_buf[n - 1] == '\n' || r->parser.entry_buf[n - 1] == '\r'))
			end--;
		r->stop = CSV_STOP_ERROR;
		return diag_error(r->d, end, 0, "unterminated quoted field starting at line %ld",
				  r->line);
	}
	if (r->stop)
		return -1;
	if (!r->ncols) {
		r->stop = CSV_STOP_ERROR;
		return diag_error(r->d, 1, 0, "empty file, expected a header line");
	}
	return 0;
}

static int csv_reader_init(struct csv_reader *r, const struct src_options *opt,
			   struct diag *d, const struct src_sink *sink)
{
	int delim = opt ? opt->delimiter : 0;

	memset(r, 0, sizeof(*r));
	if (delim && (delim < 1 || delim > 126 || delim == '"' || delim == '\r' ||
		      delim == '\n' || delim == ' '))
		return tv_error("delimiter 0x%02x cannot be used in a CSV file", (unsigned)delim);
	r->d = d;
	r->sink = sink;
	r->delimiter = delim;
	r->encoding = opt ? opt->encoding : SRC_UTF8;
	r->max_field = opt && opt->max_field ? opt->max_field : SRC_MAX_FIELD;
	r->line = 1;
	r->prev_term = -1;
	buf_init(&r->text);
	if (csv_init(&r->parser, CSV_OPTIONS) != 0)
		return tv_error("cannot start the CSV parser");
	r->parser_ready = 1;
	csv_set_blk_size(&r->parser, CSV_GROW);
	return 0;
}

static void csv_reader_release(struct csv_reader *r)
{
	if (r->parser_ready)
		csv_free(&r->parser);
	buf_release(&r->text);
	free(r->cells);
}

int csv_read(const char *path, const struct src_options *opt, struct diag *d,
	     const struct src_sink *sink)
{
	struct csv_reader r;
	unsigned char *in = NULL, *conv = NULL;
	long errors = d->errors;
	FILE *f = NULL;
	size_t n, skip;
	int first = 1, ret = -1;

	if (csv_reader_init(&r, opt, d, sink) < 0)
		goto out;
	f = fopen(path, "rb");
	if (!f) {
		tv_error("cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	in = xmalloc(CSV_CHUNK);
	if (r.encoding == SRC_WINDOWS_1252)
		conv = xmalloc(3 * CSV_CHUNK);
	while ((n = fread(in, 1, CSV_CHUNK, f)) > 0) {
		skip = 0;
		if (first && csv_start(&r, in, n, &skip) < 0)
			goto out;
		first = 0;
		if (csv_feed(&r, in + skip, n - skip, conv) < 0)
			goto out;
	}
	if (ferror(f)) {
		tv_error("cannot read '%s': %s", path, strerror(errno));
		goto out;
	}
	if (csv_finish(&r) < 0)
		goto out;
	ret = d->errors > errors ? -1 : 0;
out:
	csv_reader_release(&r);
	free(conv);
	free(in);
	if (f)
		fclose(f);
	return ret;
}
