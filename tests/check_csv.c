/* check_csv.c: unit tests of the CSV reader on files written here into a temporary directory. */
#include "core/source.h"
#include "core/error.h"
#include "core/util.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Set once by main before any test runs. */
static char tmpdir[64];

/* What the reader sent, one line per callback, so a test compares one string. */
struct log {
	struct buf out;
	long records;
	long stop_at;		/* record callback returns -1 at this record (0: never) */
	int stop_columns;	/* columns callback returns -1 */
};

/* A cell as "text", with "@line" when it starts on another line than its record. */
static void log_cell(struct buf *out, const struct src_cell *c, size_t i, long line)
{
	const char *p;

	ck_assert_ptr_nonnull(c->text);
	ck_assert_uint_eq(c->len, strlen(c->text));
	ck_assert_int_eq(c->col, (long)i + 1);
	ck_assert_int_ge(c->line, line);
	if (i)
		buf_addc(out, '|');
	for (p = c->text; *p; p++) {
		if (*p == '\n')
			buf_adds(out, "\\n");
		else if (*p == '\r')
			buf_adds(out, "\\r");
		else if (*p == '|' || *p == '\\')
			buf_printf(out, "\\%c", *p);
		else
			buf_addc(out, *p);
	}
	if (c->line != line)
		buf_printf(out, "@%ld", c->line);
}

static int log_columns(void *ctx, const struct src_cell *cells, size_t n)
{
	struct log *l = ctx;
	size_t i;

	ck_assert_uint_gt(n, 0);
	buf_printf(&l->out, "H%ld: ", cells[0].line);
	for (i = 0; i < n; i++)
		log_cell(&l->out, &cells[i], i, cells[0].line);
	buf_addc(&l->out, '\n');
	return l->stop_columns ? -1 : 0;
}

static int log_record(void *ctx, const struct src_cell *cells, size_t n, long line)
{
	struct log *l = ctx;
	size_t i;

	l->records++;
	ck_assert_uint_gt(n, 0);
	ck_assert_int_eq(cells[0].line, line);
	buf_printf(&l->out, "%ld: ", line);
	for (i = 0; i < n; i++)
		log_cell(&l->out, &cells[i], i, line);
	buf_addc(&l->out, '\n');
	return l->stop_at && l->records == l->stop_at ? -1 : 0;
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * Run csv_read on path with the diag named "t.csv"; *err_out is a new string
 * with everything reported; *errors the diag's error count.
 */
static int run_path(const char *path, const struct src_options *opt, long diag_max,
		    struct log *l, char **err_out, long *errors)
{
	struct src_sink sink = { log_columns, NULL, log_record, l };
	struct diag d;
	size_t errlen;
	FILE *err;
	int ret;

	diag_init(&d, "t.csv", diag_max);
	err = open_memstream(err_out, &errlen);
	ck_assert_ptr_nonnull(err);
	d.out = err;
	ret = csv_read(path, opt, &d, &sink);
	ck_assert_int_eq(fclose(err), 0);
	*errors = d.errors;
	return ret;
}

/* Write data to a fresh file and run csv_read on it; the file is removed again. */
static int run_data(const void *data, size_t len, const struct src_options *opt,
		    long diag_max, struct log *l, char **err_out)
{
	char path[128];
	long errors;
	int ret;

	snprintf(path, sizeof(path), "%s/t%ld.csv", tmpdir, (long)getpid());
	write_file(path, data, len);
	ret = run_path(path, opt, diag_max, l, err_out, &errors);
	unlink(path);
	return ret;
}

/* ---- the table: input, options, what the sink saw, what was reported ---- */

struct csv_case {
	const char *name;
	const char *input;
	size_t len;		/* 0: strlen(input) */
	int delimiter;
	enum src_encoding encoding;
	size_t max_field;
	long diag_max;		/* 0: 10 */
	int ret;
	const char *log;
	const char *errors;
};

static const struct csv_case cases[] = {
	{ .name = "comma detected",
	  .input = "id,naam,score\n1,Jan,7\n2,Piet,8\n",
	  .log = "H1: id|naam|score\n2: 1|Jan|7\n3: 2|Piet|8\n" },
	{ .name = "semicolon detected, decimal comma kept",
	  .input = "id;cijfer\n1;7,5\n2;\"8,0\"\n",
	  .log = "H1: id|cijfer\n2: 1|7,5\n3: 2|8,0\n" },
	{ .name = "tab detected",
	  .input = "id\tnaam\n1\tJan Jansen\n2\t\n",
	  .log = "H1: id|naam\n2: 1|Jan Jansen\n3: 2|\n" },
	{ .name = "explicit delimiter beats the majority",
	  .input = "a,b,c;d\n1,2;3\n", .delimiter = ';',
	  .log = "H1: a,b,c|d\n2: 1,2|3\n" },
	{ .name = "explicit tab delimiter",
	  .input = "a;b\tc\n1;2\t3\n", .delimiter = '\t',
	  .log = "H1: a;b|c\n2: 1;2|3\n" },
	{ .name = "most frequent delimiter wins",
	  .input = "a;b;c,d\n1;2;3,4\n",
	  .log = "H1: a|b|c,d\n2: 1|2|3,4\n" },
	{ .name = "semicolon wins a tie",
	  .input = "a;b,c\n1;2,3\n",
	  .log = "H1: a|b,c\n2: 1|2,3\n" },
	{ .name = "delimiters inside quotes do not count",
	  .input = "\"a;b;c\",d\n1,2\n",
	  .log = "H1: a;b;c|d\n2: 1|2\n" },
	{ .name = "header without delimiter is one column",
	  .input = "antwoord\nGoed, maar traag\nPrima; dank\n",
	  .log = "H1: antwoord\n2: Goed, maar traag\n3: Prima; dank\n" },
	{ .name = "quoted fields with embedded newlines",
	  .input = "id,tekst,score\n1,\"regel een\nregel twee\",7\n2,\"a\n\nb\",8\n3,c,9\n",
	  .log = "H1: id|tekst|score\n2: 1|regel een\\nregel twee|7@3\n"
		 "4: 2|a\\n\\nb|8@6\n7: 3|c|9\n" },
	{ .name = "quoted newline in the header",
	  .input = "id,\"cijfer\n(1-10)\",x\n1,2,3\n",
	  .log = "H1: id|cijfer\\n(1-10)|x@2\n3: 1|2|3\n" },
	{ .name = "CRLF line ends and embedded CRLF",
	  .input = "id,t\r\n1,\"x\r\ny\"\r\n2,z\r\n",
	  .log = "H1: id|t\n2: 1|x\\r\\ny\n4: 2|z\n" },
	{ .name = "lone CR, then a line of spaces or a tab",
	  .input = "a,b\r   \n1,2\r\t\n3,4\r \r\n5,6\n",
	  .log = "H1: a|b\n3: 1|2\n5: 3|4\n7: 5|6\n" },
	{ .name = "lone CR line ends",
	  .input = "a,b\r1,2\r3,\"x\ry\"\r4,5\r",
	  .log = "H1: a|b\n2: 1|2\n3: 3|x\\ry\n5: 4|5\n" },
	{ .name = "doubled quotes",
	  .input = "a,b\n\"zei \"\"ja\"\"\",\"\"\"\"\n",
	  .log = "H1: a|b\n2: zei \"ja\"|\"\n" },
	{ .name = "quoted delimiter, empty quoted and empty last field",
	  .input = "a,b,c\n\"1,5\",\"\",\n",
	  .log = "H1: a|b|c\n2: 1,5||\n" },
	{ .name = "byte order mark skipped",
	  .input = "\xef\xbb\xbfid;naam\n1;x\n",
	  .log = "H1: id|naam\n2: 1|x\n" },
	{ .name = "blank and whitespace lines skipped but counted",
	  .input = "a,b\n\n1,2\n\r\n   \n3,4\n\n\n",
	  .log = "H1: a|b\n3: 1|2\n6: 3|4\n" },
	{ .name = "blank lines before the header",
	  .input = "\n\r\na,b\n1,2\n",
	  .log = "H3: a|b\n4: 1|2\n" },
	{ .name = "no newline at the end",
	  .input = "a,b\n1,2",
	  .log = "H1: a|b\n2: 1|2\n" },
	{ .name = "header without records",
	  .input = "a,b\n",
	  .log = "H1: a|b\n" },
	{ .name = "spaces around unquoted fields and quotes dropped",
	  .input = "a , b,c\n 1 ,\" 2 \" , x y \n",
	  .log = "H1: a|b|c\n2: 1| 2 |x y\n" },
	{ .name = "quoted header names trimmed",
	  .input = "\" a \",\"b\t\"\n1,2\n",
	  .log = "H1: a|b\n2: 1|2\n" },
	{ .name = "UTF-8 text kept",
	  .input = "naam,cli\xc3\xabnt\n\xe2\x82\xac,\xf0\x9f\x98\x80\n",
	  .log = "H1: naam|cli\xc3\xabnt\n2: \xe2\x82\xac|\xf0\x9f\x98\x80\n" },
	{ .name = "windows-1252 converted",
	  .input = "naam;cli\xebnt\n\x80 5;\x93ja\x94\n\xff;\x9f\n", .encoding = SRC_WINDOWS_1252,
	  .log = "H1: naam|cli\xc3\xabnt\n2: \xe2\x82\xac 5|\xe2\x80\x9cja\xe2\x80\x9d\n"
		 "3: \xc3\xbf|\xc5\xb8\n" },
	{ .name = "windows-1252 undefined byte",
	  .input = "a;b\n1;x\x81\n2;3\n", .encoding = SRC_WINDOWS_1252, .ret = -1,
	  .log = "H1: a|b\n3: 2|3\n",
	  .errors = "t.csv:2:2: byte 0x81 in field 2 is not a windows-1252 character\n" },
	{ .name = "windows-1252 file with a UTF-8 byte order mark",
	  .input = "\xef\xbb\xbf" "a;b\n", .encoding = SRC_WINDOWS_1252, .ret = -1,
	  .errors = "t.csv:1: file starts with a UTF-8 byte order mark, so it is not windows-1252\n" },
	{ .name = "invalid UTF-8 skips the record",
	  .input = "a,b,c\n1,2,3\n4,cli\xebnt,6\n7,8,9\n", .ret = -1,
	  .log = "H1: a|b|c\n2: 1|2|3\n4: 7|8|9\n",
	  .errors = "t.csv:3:2: invalid UTF-8 in field 2 (use --encoding windows-1252 for Excel exports)\n" },
	{ .name = "invalid UTF-8 after a multi-line field",
	  .input = "a,b\n\"x\ny\",\xff\n", .ret = -1,
	  .log = "H1: a|b\n",
	  .errors = "t.csv:3:2: invalid UTF-8 in field 2 (use --encoding windows-1252 for Excel exports)\n" },
	{ .name = "invalid UTF-8 in the header stops",
	  .input = "a,\xff\n1,2\n", .ret = -1,
	  .errors = "t.csv:1:2: invalid UTF-8 in field 2 (use --encoding windows-1252 for Excel exports)\n" },
	{ .name = "NUL byte",
	  .input = "a,b\n1,x\0y\n2,3\n", .len = 14, .ret = -1,
	  .log = "H1: a|b\n3: 2|3\n",
	  .errors = "t.csv:2:2: NUL byte in field 2\n" },
	{ .name = "UTF-16 refused",
	  .input = "\xff\xfe" "a\0,\0b\0\n\0", .len = 10, .ret = -1,
	  .errors = "t.csv:1: file is UTF-16, expected UTF-8 (save it as CSV UTF-8)\n" },
	{ .name = "too few fields",
	  .input = "a,b,c\n1,2\n3,4,5\n", .ret = -1,
	  .log = "H1: a|b|c\n3: 3|4|5\n",
	  .errors = "t.csv:2: expected 3 fields, found 2\n" },
	{ .name = "too many fields",
	  .input = "a,b\n1,2,3,4\n5,6\n", .ret = -1,
	  .log = "H1: a|b\n3: 5|6\n",
	  .errors = "t.csv:2:3: expected 2 fields, found 4\n" },
	{ .name = "too many fields, the first extra one on a later line",
	  .input = "a,b\n\"x\ny\",2,3\n", .ret = -1,
	  .log = "H1: a|b\n",
	  .errors = "t.csv:3:3: expected 2 fields, found 3\n" },
	{ .name = "invalid UTF-8 in an extra field: the count is reported",
	  .input = "a,b\n1,2,\xff\n", .ret = -1,
	  .log = "H1: a|b\n",
	  .errors = "t.csv:2:3: expected 2 fields, found 3\n" },
	{ .name = "invalid UTF-8 before a missing field: the text is reported",
	  .input = "a,b,c\n\xff,2\n", .ret = -1,
	  .log = "H1: a|b|c\n",
	  .errors = "t.csv:2:1: invalid UTF-8 in field 1 (use --encoding windows-1252 for Excel exports)\n" },
	{ .name = "wrong delimiter given",
	  .input = "a;b\n1;2\n", .delimiter = ',',
	  .log = "H1: a;b\n2: 1;2\n" },
	{ .name = "field counts reported up to the diag maximum",
	  .input = "a,b\n1\n2\n3\n4,5\n", .diag_max = 2, .ret = -1,
	  .log = "H1: a|b\n",
	  .errors = "t.csv:2: expected 2 fields, found 1\nt.csv:3: expected 2 fields, found 1\n" },
	{ .name = "all field counts reported below the diag maximum",
	  .input = "a,b\n1\n2\n3\n4,5\n", .diag_max = 10, .ret = -1,
	  .log = "H1: a|b\n5: 4|5\n",
	  .errors = "t.csv:2: expected 2 fields, found 1\nt.csv:3: expected 2 fields, found 1\n"
		    "t.csv:4: expected 2 fields, found 1\n" },
	{ .name = "empty column names",
	  .input = "a,,c,\" \"\n1,2,3,4\n", .ret = -1,
	  .errors = "t.csv:1:2: empty column name in column 2\nt.csv:1:4: empty column name in column 4\n" },
	{ .name = "empty column names up to the diag maximum",
	  .input = "a,,c,\n1,2,3,4\n", .diag_max = 1, .ret = -1,
	  .errors = "t.csv:1:2: empty column name in column 2\n" },
	{ .name = "empty file",
	  .input = "", .ret = -1,
	  .errors = "t.csv:1: empty file, expected a header line\n" },
	{ .name = "only a byte order mark",
	  .input = "\xef\xbb\xbf", .ret = -1,
	  .errors = "t.csv:1: empty file, expected a header line\n" },
	{ .name = "only whitespace",
	  .input = "  \r\n \n\n", .ret = -1,
	  .errors = "t.csv:1: empty file, expected a header line\n" },
	{ .name = "unterminated quote",
	  .input = "a,b\n1,\"abc\n2,3\n", .ret = -1,
	  .log = "H1: a|b\n",
	  .errors = "t.csv:3: unterminated quoted field starting at line 2\n" },
	{ .name = "unterminated quote after earlier errors",
	  .input = "a,b\n1\n\"x,y\n", .ret = -1,
	  .log = "H1: a|b\n",
	  .errors = "t.csv:2: expected 2 fields, found 1\n"
		    "t.csv:3: unterminated quoted field starting at line 3\n" },
	{ .name = "quote inside an unquoted field",
	  .input = "a,b\n1,2\n3,15\" scherm\n4,5\n", .ret = -1,
	  .log = "H1: a|b\n2: 1|2\n",
	  .errors = "t.csv:3:2: quote inside unquoted field 2\n" },
	{ .name = "text after a closing quote",
	  .input = "a,b\n\"x\"y,2\n", .ret = -1,
	  .log = "H1: a|b\n",
	  .errors = "t.csv:2:1: text after the closing quote of field 1\n" },
	{ .name = "field at the maximum length",
	  .input = "a,b\n1234,\"1234\"\n", .max_field = 4,
	  .log = "H1: a|b\n2: 1234|1234\n" },
	{ .name = "field over the maximum length",
	  .input = "a,b\n1,2\n1234,12345\n6,7\n", .max_field = 4, .ret = -1,
	  .log = "H1: a|b\n2: 1|2\n",
	  .errors = "t.csv:3:2: field longer than 4 bytes\n" },
	{ .name = "header name over the maximum length",
	  .input = "abcde,b\n", .max_field = 4, .ret = -1,
	  .errors = "t.csv:1:1: field longer than 4 bytes\n" },
};

START_TEST(test_table)
{
	const struct csv_case *c = &cases[_i];
	struct src_options opt = { c->delimiter, c->encoding, c->max_field };
	struct log l = { .records = 0 };
	char *err = NULL;
	int ret;

	buf_init(&l.out);
	ret = run_data(c->input, c->len ? c->len : strlen(c->input), &opt,
		       c->diag_max ? c->diag_max : 10, &l, &err);
	ck_assert_msg(ret == c->ret, "%s: returned %d", c->name, ret);
	ck_assert_msg(strcmp(l.out.s ? l.out.s : "", c->log ? c->log : "") == 0,
		      "%s: sink saw:\n%s", c->name, l.out.s ? l.out.s : "");
	ck_assert_msg(strcmp(err, c->errors ? c->errors : "") == 0,
		      "%s: reported:\n%s", c->name, err);
	free(err);
	buf_release(&l.out);
}
END_TEST

/* ---- UTF-8 validation: one field per case, valid or not ---- */

struct utf8_case {
	const char *bytes;
	int valid;
};

static const struct utf8_case utf8_cases[] = {
	{ "plain ascii", 1 },
	{ "\xc3\xab", 1 },			/* ë */
	{ "\xe2\x82\xac", 1 },			/* € */
	{ "\xf0\x9f\x98\x80", 1 },		/* U+1F600 */
	{ "\xf4\x8f\xbf\xbf", 1 },		/* U+10FFFF */
	{ "\xed\x9f\xbf", 1 },			/* U+D7FF */
	{ "\xee\x80\x80", 1 },			/* U+E000 */
	{ "\xc0\xaf", 0 },			/* overlong '/' */
	{ "\xc1\xbf", 0 },			/* overlong */
	{ "\xe0\x9f\xbf", 0 },			/* overlong */
	{ "\xf0\x8f\xbf\xbf", 0 },		/* overlong */
	{ "\xed\xa0\x80", 0 },			/* surrogate U+D800 */
	{ "\xed\xbf\xbf", 0 },			/* surrogate U+DFFF */
	{ "\xf4\x90\x80\x80", 0 },		/* U+110000 */
	{ "\xf5\x80\x80\x80", 0 },
	{ "\xe2\x82", 0 },			/* truncated */
	{ "x\xe2\x82", 0 },			/* truncated at the end of the field */
	{ "\xe2\x82x", 0 },
	{ "\x80", 0 },				/* lone continuation byte */
	{ "\xff", 0 },
	{ "\xfe", 0 },
};

START_TEST(test_utf8)
{
	const struct utf8_case *c = &utf8_cases[_i];
	struct src_options opt = { ',', SRC_UTF8, 0 };
	struct log l = { .records = 0 };
	struct buf in;
	char *err = NULL;
	int ret;

	buf_init(&l.out);
	buf_init(&in);
	buf_printf(&in, "a,b\n1,\"%s\"\n", c->bytes);
	ret = run_data(in.s, in.len, &opt, 10, &l, &err);
	ck_assert_msg((ret == 0) == c->valid, "case %d: returned %d", _i, ret);
	ck_assert_int_eq(l.records, c->valid);
	if (!c->valid)
		ck_assert_str_eq(err, "t.csv:2:2: invalid UTF-8 in field 2 "
			       "(use --encoding windows-1252 for Excel exports)\n");
	free(err);
	buf_release(&in);
	buf_release(&l.out);
}
END_TEST

/* ---- windows-1252: every byte against glibc's iconv ---- */

START_TEST(test_cp1252_all_bytes)
{
	struct src_options opt = { ';', SRC_WINDOWS_1252, 0 };
	struct log l = { .records = 0 };
	struct buf in, want;
	char *err = NULL, out[8], *ip, *op;
	size_t il, ol;
	iconv_t cd;
	int b, defined = 0;

	cd = iconv_open("UTF-8", "WINDOWS-1252");
	ck_assert_ptr_ne(cd, (iconv_t)-1);
	buf_init(&l.out);
	buf_init(&in);
	buf_init(&want);
	buf_adds(&in, "byte;tekst\n");
	buf_adds(&want, "H1: byte|tekst\n");
	for (b = 0x80; b <= 0xff; b++) {
		char c = (char)b;

		ip = &c;
		il = 1;
		op = out;
		ol = sizeof(out);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			ck_assert_int_eq(errno, EILSEQ);
			continue;	/* undefined in glibc too: tested below */
		}
		defined++;
		buf_printf(&in, "%d;x", b);
		buf_addc(&in, c);
		buf_adds(&in, "x\n");
		buf_printf(&want, "%ld: %d|x", 2 + (long)defined - 1, b);
		buf_add(&want, out, (size_t)(op - out));
		buf_adds(&want, "x\n");
	}
	iconv_close(cd);
	ck_assert_int_eq(defined, 123);
	ck_assert_int_eq(run_data(in.s, in.len, &opt, 10, &l, &err), 0);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(l.out.s, want.s);
	free(err);
	buf_release(&in);
	buf_release(&want);
	buf_release(&l.out);
}
END_TEST

START_TEST(test_cp1252_undefined_bytes)
{
	static const unsigned char undefined[] = { 0x81, 0x8d, 0x8f, 0x90, 0x9d };
	struct src_options opt = { ';', SRC_WINDOWS_1252, 0 };
	struct log l = { .records = 0 };
	struct buf in, want;
	char *err = NULL;
	size_t i;

	buf_init(&l.out);
	buf_init(&in);
	buf_init(&want);
	buf_adds(&in, "a;b\n");
	for (i = 0; i < sizeof(undefined); i++) {
		buf_printf(&in, "%zu;\xeb%c\n", i, undefined[i]);
		buf_printf(&want, "t.csv:%zu:2: byte 0x%02x in field 2 is not a windows-1252 character\n",
			   i + 2, undefined[i]);
	}
	ck_assert_int_eq(run_data(in.s, in.len, &opt, 10, &l, &err), -1);
	ck_assert_str_eq(err, want.s);
	ck_assert_str_eq(l.out.s, "H1: a|b\n");
	free(err);
	buf_release(&in);
	buf_release(&want);
	buf_release(&l.out);
}
END_TEST

/* ---- 10 MB lines ---- */

#define BIG (10 * 1024 * 1024)

/* "a,b\n" then a 10 MB line made of unit repeated, then "1,2\n". */
static int run_big_line(const char *head, const char *unit, const char *tail,
			struct log *l, char **err)
{
	struct src_options opt = { 0, SRC_UTF8, 0 };
	size_t ulen = strlen(unit);
	struct buf in;
	int ret;

	buf_init(&in);
	buf_adds(&in, head);
	while (in.len < BIG)
		buf_add(&in, unit, ulen);
	buf_adds(&in, tail);
	ret = run_data(in.s, in.len, &opt, 10, l, err);
	buf_release(&in);
	return ret;
}

START_TEST(test_big_field)
{
	struct log l = { .records = 0 };
	char *err = NULL;

	buf_init(&l.out);
	ck_assert_int_eq(run_big_line("a,b\n1,2\n3,", "xxxxxxxx", "\n5,6\n", &l, &err), -1);
	ck_assert_str_eq(err, "t.csv:3:2: field longer than 1048576 bytes\n");
	ck_assert_str_eq(l.out.s, "H1: a|b\n2: 1|2\n");
	free(err);
	buf_release(&l.out);
}
END_TEST

START_TEST(test_big_quoted_unterminated)
{
	struct log l = { .records = 0 };
	char *err = NULL;

	buf_init(&l.out);
	ck_assert_int_eq(run_big_line("a,b\n1,\"", "x\r\nyyyy", "", &l, &err), -1);
	ck_assert_str_eq(err, "t.csv:2:2: field longer than 1048576 bytes\n");
	ck_assert_str_eq(l.out.s, "H1: a|b\n");
	free(err);
	buf_release(&l.out);
}
END_TEST

START_TEST(test_big_record)
{
	struct log l = { .records = 0 };
	char *err = NULL;

	buf_init(&l.out);
	ck_assert_int_eq(run_big_line("a,b\n1", ",1", "\n5,6\n", &l, &err), -1);
	ck_assert_str_eq(err, "t.csv:2:3: expected 2 fields, found 5242879\n");
	ck_assert_str_eq(l.out.s, "H1: a|b\n3: 5|6\n");
	free(err);
	buf_release(&l.out);
}
END_TEST

START_TEST(test_big_header)
{
	struct log l = { .records = 0 };
	char *err = NULL;

	buf_init(&l.out);
	ck_assert_int_eq(run_big_line("a", ";a", "\n1\n", &l, &err), -1);
	ck_assert_str_eq(err, "t.csv:1:100001: more than 100000 columns in the header line\n");
	ck_assert_str_eq(l.out.s ? l.out.s : "", "");
	free(err);
	buf_release(&l.out);
}
END_TEST

/* ---- line numbers over many chunks ---- */

/* A small deterministic generator, so a failure can be reproduced. */
static unsigned long next_rand(unsigned long *state)
{
	*state = *state * 6364136223846793005UL + 1442695040888963407UL;
	return *state >> 33;
}

struct lines_log {
	long records;
};

/* Field 1 says on which line its record starts, field 3 on which line it starts. */
static int lines_columns(void *ctx, const struct src_cell *cells, size_t n)
{
	ck_assert_uint_eq(n, 3);
	return 0;
}

static int lines_record(void *ctx, const struct src_cell *cells, size_t n, long line)
{
	struct lines_log *l = ctx;
	long want;

	l->records++;
	ck_assert_uint_eq(n, 3);
	ck_assert_int_eq(num_parse_long(cells[0].text, &want), 0);
	ck_assert_int_eq(line, want);
	ck_assert_int_eq(cells[0].line, want);
	ck_assert_int_eq(cells[1].line, want);
	ck_assert_int_eq(num_parse_long(cells[2].text, &want), 0);
	ck_assert_int_eq(cells[2].line, want);
	return 0;
}

START_TEST(test_line_numbers)
{
	static const char *const ends[] = { "\n", "\r\n", "\r" };
	struct lines_log l = { 0 };
	struct src_sink sink = { lines_columns, NULL, lines_record, &l };
	struct src_options opt = { 0, SRC_UTF8, 0 };
	unsigned long state = 42;
	long line = 2, records = 0, i, j, breaks;
	const char *end, *prev = NULL;
	struct buf in;
	char path[128], *err = NULL;
	struct diag d;
	size_t errlen;

	buf_init(&in);
	buf_adds(&in, "\xef\xbb\xbfregel;tekst;regel3\r\n");
	while (in.len < 3 * 1024 * 1024) {
		end = ends[next_rand(&state) % 3];
		if (next_rand(&state) % 10 == 0) {
			/* a lone CR and an empty line ending in LF would be one CR LF */
			buf_adds(&in, next_rand(&state) % 2 || prev == ends[2] ? "   " : "");
			buf_adds(&in, end);
			prev = end;
			line++;
			continue;
		}
		buf_printf(&in, "%ld;\"", line);
		breaks = (long)(next_rand(&state) % 4);
		for (i = 0; i < breaks; i++) {
			for (j = (long)(next_rand(&state) % 40); j > 0; j--)
				buf_addc(&in, 'a' + (char)(j % 26));
			buf_adds(&in, i % 2 ? "\r\n" : "\n");
		}
		buf_printf(&in, "\"\"x\"\"\";%ld%s", line + breaks, end);
		prev = end;
		line += breaks + 1;
		records++;
	}
	snprintf(path, sizeof(path), "%s/lines%ld.csv", tmpdir, (long)getpid());
	write_file(path, in.s, in.len);
	diag_init(&d, "t.csv", 10);
	d.out = open_memstream(&err, &errlen);
	ck_assert_ptr_nonnull(d.out);
	ck_assert_int_eq(csv_read(path, &opt, &d, &sink), 0);
	ck_assert_int_eq(fclose(d.out), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(l.records, records);
	unlink(path);
	free(err);
	buf_release(&in);
}
END_TEST

/*
 * Lines laid out so that the CR of every line end is the last byte of a
 * 4096-byte block and what follows it (after_cr) starts the next: whatever
 * power-of-two chunk size the reader uses, some line ends are split between
 * two chunks. A lone CR followed by a line of spaces is two line ends.
 */
struct split_case {
	const char *after_cr;
	long lines_per_record;
};

static const struct split_case split_cases[] = {
	{ "\n", 1 },		/* CR LF */
	{ "", 1 },		/* lone CR */
	{ "  \n", 2 },		/* lone CR, then a line of spaces */
	{ "\t\r\n", 2 },
};

START_TEST(test_line_end_split_between_chunks)
{
	const struct split_case *c = &split_cases[_i];
	struct lines_log l = { 0 };
	struct src_sink sink = { lines_columns, NULL, lines_record, &l };
	struct src_options opt = { ',', SRC_UTF8, 0 };
	size_t unit = 4096 - 1 - strlen(c->after_cr), start;
	long i, n = 300;
	char path[128], *err = NULL;
	struct diag d;
	struct buf in;
	size_t errlen;

	buf_init(&in);
	buf_adds(&in, "a,b,");
	while (in.len < 4095)
		buf_addc(&in, 'c');
	for (i = 0; i < n; i++) {
		buf_addc(&in, '\r');
		ck_assert_uint_eq(in.len % 4096, 0);
		buf_adds(&in, c->after_cr);
		start = in.len;
		buf_printf(&in, "%ld,", 1 + c->lines_per_record * (i + 1));
		while (in.len - start < unit - 8)
			buf_addc(&in, 'x');
		buf_printf(&in, ",%7ld", 1 + c->lines_per_record * (i + 1));
	}
	buf_adds(&in, "\r\n");
	snprintf(path, sizeof(path), "%s/split%ld.csv", tmpdir, (long)getpid());
	write_file(path, in.s, in.len);
	diag_init(&d, "t.csv", 10);
	d.out = open_memstream(&err, &errlen);
	ck_assert_ptr_nonnull(d.out);
	ck_assert_int_eq(csv_read(path, &opt, &d, &sink), 0);
	ck_assert_int_eq(fclose(d.out), 0);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(l.records, n);
	unlink(path);
	free(err);
	buf_release(&in);
}
END_TEST

/* ---- the sink says stop ---- */

START_TEST(test_sink_stops_records)
{
	static const char input[] = "a,b\n1,2\n3,4\n5\n7,8\n";
	struct src_options opt = { 0, SRC_UTF8, 0 };
	struct log l = { .records = 0, .stop_at = 2 };
	char *err = NULL;

	buf_init(&l.out);
	ck_assert_int_eq(run_data(input, strlen(input), &opt, 10, &l, &err), -1);
	ck_assert_str_eq(err, "");
	ck_assert_int_eq(l.records, 2);
	ck_assert_str_eq(l.out.s, "H1: a|b\n2: 1|2\n3: 3|4\n");
	free(err);
	buf_release(&l.out);
}
END_TEST

START_TEST(test_sink_stops_columns)
{
	static const char input[] = "a,b\n1,2\n3\n";
	struct src_options opt = { 0, SRC_UTF8, 0 };
	struct log l = { .records = 0, .stop_columns = 1 };
	char *err = NULL;

	buf_init(&l.out);
	ck_assert_int_eq(run_data(input, strlen(input), &opt, 10, &l, &err), -1);
	ck_assert_str_eq(err, "");
	ck_assert_str_eq(l.out.s, "H1: a|b\n");
	free(err);
	buf_release(&l.out);
}
END_TEST

/* ---- the file itself and the options ---- */

START_TEST(test_missing_file)
{
	struct src_options opt = { 0, SRC_UTF8, 0 };
	struct log l = { .records = 0 };
	char path[128], *err = NULL;
	long errors = -1;

	buf_init(&l.out);
	snprintf(path, sizeof(path), "%s/does-not-exist.csv", tmpdir);
	/* a system error, not a problem in the file: tv_error, the diag stays clean */
	ck_assert_int_eq(run_path(path, &opt, 10, &l, &err, &errors), -1);
	ck_assert_int_eq(errors, 0);
	ck_assert_str_eq(err, "");
	ck_assert_ptr_null(l.out.s);
	free(err);
}
END_TEST

START_TEST(test_bad_delimiter_option)
{
	static const int bad[] = { '"', '\n', '\r', ' ', 200, -1 };
	struct log l = { .records = 0 };
	char *err = NULL;
	size_t i;

	buf_init(&l.out);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct src_options opt = { bad[i], SRC_UTF8, 0 };

		ck_assert_int_eq(run_data("a,b\n", 4, &opt, 10, &l, &err), -1);
		ck_assert_str_eq(err, "");
		free(err);
		err = NULL;
	}
	ck_assert_ptr_null(l.out.s);
}
END_TEST

START_TEST(test_null_options)
{
	struct log l = { .records = 0 };
	char *err = NULL;

	buf_init(&l.out);
	ck_assert_int_eq(run_data("a;b\n1;2\n", 8, NULL, 10, &l, &err), 0);
	ck_assert_str_eq(l.out.s, "H1: a|b\n2: 1|2\n");
	free(err);
	buf_release(&l.out);
}
END_TEST

static Suite *csv_suite(void)
{
	Suite *s = suite_create("csv");
	TCase *tc = tcase_create("read");

	tcase_set_timeout(tc, 120);
	tcase_add_loop_test(tc, test_table, 0, (int)(sizeof(cases) / sizeof(cases[0])));
	tcase_add_loop_test(tc, test_utf8, 0, (int)(sizeof(utf8_cases) / sizeof(utf8_cases[0])));
	tcase_add_test(tc, test_cp1252_all_bytes);
	tcase_add_test(tc, test_cp1252_undefined_bytes);
	tcase_add_test(tc, test_big_field);
	tcase_add_test(tc, test_big_quoted_unterminated);
	tcase_add_test(tc, test_big_record);
	tcase_add_test(tc, test_big_header);
	tcase_add_test(tc, test_line_numbers);
	tcase_add_loop_test(tc, test_line_end_split_between_chunks, 0,
			    (int)(sizeof(split_cases) / sizeof(split_cases[0])));
	tcase_add_test(tc, test_sink_stops_records);
	tcase_add_test(tc, test_sink_stops_columns);
	tcase_add_test(tc, test_missing_file);
	tcase_add_test(tc, test_bad_delimiter_option);
	tcase_add_test(tc, test_null_options);
	suite_add_tcase(s, tc);
	return s;
}

/* Remove what tests left behind (a failing test skips its unlink). */
static void remove_tmpdir(void)
{
	char path[512];
	struct dirent *e;
	DIR *dir = opendir(tmpdir);

	if (dir) {
		while ((e = readdir(dir)) != NULL) {
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
				snprintf(path, sizeof(path), "%s/%s", tmpdir, e->d_name);
				unlink(path);
			}
		}
		closedir(dir);
	}
	rmdir(tmpdir);
}

int main(void)
{
	SRunner *sr;
	int failed;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/check_csv.XXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	sr = srunner_create(csv_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	remove_tmpdir();
	return failed != 0;
}
