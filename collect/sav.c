/* sav.c: SPSS .sav and .zsav files as a record stream; the only file that sees ReadStat. */
#include "core/source.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <readstat.h>

#define SAV_NONE ((size_t)-1)

/* A variable: its name and the name of its value label set, as offsets into
 * sav_reader.text (the arena may move while it grows). */
struct sav_column {
	size_t name;
	size_t set;	/* SAV_NONE without value labels */
};

/* One value label of a label set, offsets into sav_reader.text. */
struct sav_label {
	size_t set;
	size_t value;
	size_t label;
};

/* Where a cell of the current case lives in sav_reader.row. */
struct sav_slot {
	size_t off;
	size_t len;
	int seen;	/* ReadStat delivered a value for it */
	int null;	/* system-missing */
};

struct sav_reader {
	const struct src_sink *sink;
	struct diag *d;
	struct buf text;	/* arena: variable names, label set names, values, labels */
	struct sav_column *cols;
	size_t ncols;
	size_t cap_cols;
	struct sav_label *labels;
	size_t nlabels;
	size_t cap_labels;
	int started;		/* columns and labels have been sent */
	int aborted;		/* a sink callback returned -1 */
	int failed;		/* we reported an error ourselves */
	long obs;		/* 0-based case being filled, -1 before the first */
	size_t filled;		/* values delivered for that case */
	struct buf row;		/* texts of the current case, NUL-separated */
	struct sav_slot *slots;
	struct src_cell *cells;
	char detail[256];	/* last message of ReadStat's error handler */
};

static size_t sav_intern(struct sav_reader *r, const char *s)
{
	size_t off = r->text.len;

	buf_add(&r->text, s, strlen(s) + 1);
	return off;
}

static const char *sav_text(const struct sav_reader *r, size_t off)
{
	return r->text.s + off;
}

/*
 * "%.15g" text of v. Survey answers are nearly always small integers; the fast
 * path writes those directly (identical to "%.15g" below 1e15) because
 * snprintf would dominate the read time of a 200 000-case file.
 */
static char *sav_format_number(double v, char *buf)
{
	char tmp[24];
	unsigned long long u;
	size_t n = 0, i = 0;

	if (!(v > -1e15 && v < 1e15) || v != floor(v))
		return num_format(v, buf);
	if (v < 0) {
		buf[i++] = '-';
		u = (unsigned long long)-v;
	} else {
		u = (unsigned long long)v;
	}
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	while (n)
		buf[i++] = tmp[--n];
	buf[i] = '\0';
	return buf;
}

static void sav_value_text(readstat_value_t value, char *num, const char **text)
{
	if (readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) {
		*text = readstat_string_value(value);
		if (!*text)
			*text = "";
		return;
	}
	if (readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value)) {
		*text = NULL;
		return;
	}
	*text = sav_format_number(readstat_double_value(value), num);
}

static int sav_on_label(const char *set, readstat_value_t value, const char *label, void *ctx)
{
	struct sav_reader *r = ctx;
	struct sav_label *l;
	char num[32];
	const char *text;

	sav_value_text(value, num, &text);
	if (!text)
		return READSTAT_HANDLER_OK;	/* a label for system-missing has no value to name */
	if (r->nlabels == r->cap_labels) {
		r->cap_labels = r->cap_labels ? 2 * r->cap_labels : 64;
		r->labels = xrealloc(r->labels, r->cap_labels * sizeof(*r->labels));
	}
	l = &r->labels[r->nlabels++];
	l->set = sav_intern(r, set);
	l->value = sav_intern(r, text);
	l->label = sav_intern(r, label ? label : "");
	return READSTAT_HANDLER_OK;
}

static int sav_on_variable(int index, readstat_variable_t *variable, const char *set, void *ctx)
{
	struct sav_reader *r = ctx;
	const char *name = readstat_variable_get_name(variable);
	size_t i = (size_t)index;

	if (index < 0 || i != r->ncols) {
		r->failed = 1;
		diag_error(r->d, 0, 0, "not a valid SPSS file: variable %d out of order", index + 1);
		return READSTAT_HANDLER_ABORT;
	}
	if (r->ncols == r->cap_cols) {
		r->cap_cols = r->cap_cols ? 2 * r->cap_cols : 64;
		r->cols = xrealloc(r->cols, r->cap_cols * sizeof(*r->cols));
	}
	r->cols[i].name = sav_intern(r, name ? name : "");
	r->cols[i].set = set ? sav_intern(r, set) : SAV_NONE;
	r->ncols++;
	return READSTAT_HANDLER_OK;
}

static int sav_send_labels(struct sav_reader *r)
{
	size_t c, k;

	if (!r->sink->label)
		return 0;
	for (c = 0; c < r->ncols; c++) {
		if (r->cols[c].set == SAV_NONE)
			continue;
		for (k = 0; k < r->nlabels; k++) {
			const struct sav_label *l = &r->labels[k];

			if (strcmp(sav_text(r, l->set), sav_text(r, r->cols[c].set)) != 0)
				continue;
			if (r->sink->label(r->sink->ctx, c, sav_text(r, l->value),
					   sav_text(r, l->label)) < 0)
				return -1;
		}
	}
	return 0;
}

/* Send the column names and the value labels, once, before the first case. */
static int sav_start(struct sav_reader *r)
{
	size_t c;

	r->started = 1;
	r->slots = xcalloc(r->ncols, sizeof(*r->slots));
	r->cells = xcalloc(r->ncols, sizeof(*r->cells));
	for (c = 0; c < r->ncols; c++) {
		const char *name = sav_text(r, r->cols[c].name);

		r->cells[c].text = name;
		r->cells[c].len = strlen(name);
		r->cells[c].line = 0;
		r->cells[c].col = (long)c + 1;
	}
	if (r->sink->columns(r->sink->ctx, r->cells, r->ncols) < 0)
		return -1;
	return sav_send_labels(r);
}

static void sav_begin_case(struct sav_reader *r, long obs)
{
	r->obs = obs;
	r->filled = 0;
	buf_reset(&r->row);
	memset(r->slots, 0, r->ncols * sizeof(*r->slots));
}

static int sav_flush_case(struct sav_reader *r)
{
	long line = r->obs + 1;
	size_t c;

	if (r->filled != r->ncols) {
		r->failed = 1;
		return diag_error(r->d, 0, 0, "case %ld has %zu of %zu values, the file is truncated",
				  line, r->filled, r->ncols);
	}
	for (c = 0; c < r->ncols; c++) {
		const struct sav_slot *s = &r->slots[c];

		r->cells[c].text = s->null ? NULL : r->row.s + s->off;
		r->cells[c].len = s->null ? 0 : s->len;
		r->cells[c].line = line;
		r->cells[c].col = (long)c + 1;
	}
	return r->sink->record(r->sink->ctx, r->cells, r->ncols, line);
}

static int sav_on_value(int obs, readstat_variable_t *variable, readstat_value_t value, void *ctx)
{
	struct sav_reader *r = ctx;
	int index = readstat_variable_get_index(variable);
	struct sav_slot *s;
	const char *text;
	char num[32];

	if (!r->started && sav_start(r) < 0)
		goto abort;
	if (index < 0 || (size_t)index >= r->ncols) {
		r->failed = 1;
		diag_error(r->d, 0, 0, "not a valid SPSS file: case %ld has a value for unknown variable %d",
			   (long)obs + 1, index + 1);
		return READSTAT_HANDLER_ABORT;
	}
	if (obs != r->obs) {
		if (r->obs >= 0 && sav_flush_case(r) < 0)
			goto abort;
		sav_begin_case(r, obs);
	}
	s = &r->slots[index];
	sav_value_text(value, num, &text);
	if (!s->seen)
		r->filled++;
	s->seen = 1;
	s->null = text == NULL;
	if (text) {
		s->len = strlen(text);
		s->off = r->row.len;
		buf_add(&r->row, text, s->len + 1);
	}
	return READSTAT_HANDLER_OK;
abort:
	if (!r->failed)
		r->aborted = 1;
	return READSTAT_HANDLER_ABORT;
}

/* Keep ReadStat's last detailed message; it may quote raw bytes of a broken file,
 * so anything but printable ASCII becomes '?' to keep our messages valid UTF-8. */
static void sav_on_error(const char *message, void *ctx)
{
	struct sav_reader *r = ctx;
	size_t n, i;

	snprintf(r->detail, sizeof(r->detail), "%s", message);
	n = strlen(r->detail);
	while (n > 0 && (r->detail[n - 1] == '\n' || r->detail[n - 1] == '.'))
		r->detail[--n] = '\0';
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)r->detail[i];

		if (c < 0x20 || c > 0x7e)
			r->detail[i] = '?';
	}
}

static void sav_release(struct sav_reader *r)
{
	buf_release(&r->text);
	buf_release(&r->row);
	free(r->cols);
	free(r->labels);
	free(r->slots);
	free(r->cells);
}

/*
 * Open the file and look at its magic number first: ReadStat only says "Unable to
 * open file", and for a short file that is not SPSS it says "Unable to read".
 */
static int sav_check_file(const char *path, struct diag *d)
{
	char magic[4];
	struct stat st;
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		return diag_error(d, 0, 0, "cannot open file: %s", strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return diag_error(d, 0, 0, "cannot read file: %s", strerror(EISDIR));
	}
	n = fread(magic, 1, sizeof(magic), f);
	if (n < sizeof(magic) && ferror(f)) {
		fclose(f);
		return diag_error(d, 0, 0, "cannot read file: %s", strerror(errno));
	}
	fclose(f);
	if (n == 0)
		return diag_error(d, 0, 0, "empty file, expected an SPSS .sav or .zsav file");
	if (n < sizeof(magic) || (memcmp(magic, "$FL2", 4) != 0 && memcmp(magic, "$FL3", 4) != 0))
		return diag_error(d, 0, 0, "not a valid SPSS file: %s",
				  readstat_error_message(READSTAT_ERROR_PARSE));
	return 0;
}

/*
 * Buffered file access for ReadStat. Its own handlers call read(2) once per
 * case of an uncompressed file: 200 000 system calls for 200 000 cases.
 */
static int sav_io_open(const char *path, void *io_ctx)
{
	FILE **f = io_ctx;

	*f = fopen(path, "rb");
	return *f ? 0 : -1;
}

static int sav_io_close(void *io_ctx)
{
	FILE **f = io_ctx;
	int ret = 0;

	if (*f)
		ret = fclose(*f);
	*f = NULL;
	return ret;
}

static readstat_off_t sav_io_seek(readstat_off_t offset, readstat_io_flags_t whence, void *io_ctx)
{
	FILE **f = io_ctx;
	int how = SEEK_END;

	if (whence == READSTAT_SEEK_SET)
		how = SEEK_SET;
	else if (whence == READSTAT_SEEK_CUR)
		how = SEEK_CUR;
	if (fseeko(*f, offset, how) < 0)
		return -1;
	return ftello(*f);
}

static ssize_t sav_io_read(void *data, size_t n, void *io_ctx)
{
	FILE **f = io_ctx;
	size_t got = fread(data, 1, n, *f);

	return got == 0 && ferror(*f) ? -1 : (ssize_t)got;
}

static readstat_error_t sav_io_update(long file_size, readstat_progress_handler progress,
				      void *user_ctx, void *io_ctx)
{
	return READSTAT_OK;
}

static int sav_parse(const char *path, const struct src_options *opt, struct sav_reader *r)
{
	readstat_parser_t *parser;
	readstat_error_t err;
	FILE *f = NULL;

	parser = readstat_parser_init();
	if (!parser)
		return diag_error(r->d, 0, 0, "cannot read SPSS file: out of memory");
	readstat_set_open_handler(parser, sav_io_open);
	readstat_set_close_handler(parser, sav_io_close);
	readstat_set_seek_handler(parser, sav_io_seek);
	readstat_set_read_handler(parser, sav_io_read);
	readstat_set_update_handler(parser, sav_io_update);
	readstat_set_io_ctx(parser, &f);
	readstat_set_variable_handler(parser, sav_on_variable);
	readstat_set_value_handler(parser, sav_on_value);
	readstat_set_value_label_handler(parser, sav_on_label);
	readstat_set_error_handler(parser, sav_on_error);
	/* Overrides the character set the file declares: for old files that declare none
	 * or the wrong one. Otherwise ReadStat converts from the declared one to UTF-8. */
	if (opt && opt->encoding == SRC_WINDOWS_1252)
		readstat_set_file_character_encoding(parser, "WINDOWS-1252");
	err = readstat_parse_sav(parser, path, r);
	readstat_parser_free(parser);
	sav_io_close(&f);	/* a no-op: ReadStat closes what it opened; kept in case it does not */
	if (r->aborted || r->failed)
		return -1;
	if (err != READSTAT_OK) {
		if (r->detail[0] && strcmp(r->detail, readstat_error_message(err)) != 0)
			return diag_error(r->d, 0, 0, "not a valid SPSS file: %s (%s)",
					  readstat_error_message(err), r->detail);
		return diag_error(r->d, 0, 0, "not a valid SPSS file: %s%s", readstat_error_message(err),
				  err == READSTAT_ERROR_READ ? " (the file ends too early)" : "");
	}
	return 0;
}

int sav_read(const char *path, const struct src_options *opt, struct diag *d,
	     const struct src_sink *sink)
{
	struct sav_reader r;
	int ret = -1;

	memset(&r, 0, sizeof(r));
	r.sink = sink;
	r.d = d;
	r.obs = -1;
	buf_init(&r.text);
	buf_init(&r.row);
	if (sav_check_file(path, d) < 0)
		return -1;
	if (sav_parse(path, opt, &r) < 0)
		goto out;
	if (!r.started && sav_start(&r) < 0)
		goto out;
	if (r.obs >= 0 && sav_flush_case(&r) < 0)
		goto out;
	ret = 0;
out:
	sav_release(&r);
	return ret;
}
