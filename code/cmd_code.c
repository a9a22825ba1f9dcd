/* cmd_code.c: the `tevreden code` commands: automatic coding, manual coding with an audit trail, review, agreement. */
#include "code/agreement.h"
#include "code/autocode.h"
#include "code/codebook.h"
#include "code/stemmer.h"
#include "core/cli.h"
#include "core/commands.h"
#include "core/error.h"
#include "core/source.h"
#include "core/store.h"
#include "core/table.h"
#include "core/util.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define AUTO_CODER "auto"

/* ---- shared helpers ---- */

/* Split "wachttijd-" into the code and its polarity ('+', '-', '~' or 0). */
static void split_code(const char *spec, char *code, size_t size, char *pol)
{
	size_t n = strlen(spec);

	*pol = 0;
	if (n > 0 && strchr("+-~", spec[n - 1])) {
		*pol = spec[n - 1];
		n--;
	}
	if (n >= size)
		n = size - 1;
	memcpy(code, spec, n);
	code[n] = '\0';
}

/*
 * Store the codebook and its codes unless this version is already in the
 * study. The same version with different contents is refused: codings must
 * say which rules produced them.
 */
static int codebook_into_store(struct store *st, const struct codebook *cb, int64_t *id, int *added)
{
	int64_t *ids = NULL;
	char sum[65];
	size_t i;
	int rc, ret = -1;

	*added = 0;
	rc = store_codebook_find(st, cb->id, cb->version, id, sum);
	if (rc < 0)
		return -1;
	if (rc == 1) {
		if (strcmp(sum, cb->checksum) != 0)
			return tv_error("%s: codebook '%s' version %s is already in the study with other "
					"contents; give the changed codebook a new version", cb->file,
					cb->id, cb->version);
		return 0;
	}
	if (store_codebook_add(st, cb->id, cb->version, cb->checksum, cb->text, id) < 0)
		return -1;
	ids = xcalloc(cb->ncodes + 1, sizeof(int64_t));
	/* Parents come before their children only by luck: store in two passes. */
	for (i = 0; i < cb->ncodes; i++) {
		const struct codebook_code *c = &cb->codes[i];

		if (c->parent_index >= 0 && !ids[c->parent_index])
			continue;
		if (store_code_add(st, *id, c->id, c->label, c->description,
				   c->parent_index >= 0 ? ids[c->parent_index] : 0, c->polarities,
				   &ids[i]) < 0)
			goto out;
	}
	for (i = 0; i < cb->ncodes; i++) {
		const struct codebook_code *c = &cb->codes[i];

		if (!ids[i] && store_code_add(st, *id, c->id, c->label, c->description,
					      c->parent_index >= 0 ? ids[c->parent_index] : 0,
					      c->polarities, &ids[i]) < 0)
			goto out;
	}
	*added = 1;
	ret = 0;
out:
	free(ids);
	return ret;
}

/* Parse options common to the manual commands: --coder NAME and -h. */
static int parse_coder_opts(int argc, char **argv, const char *usage, const char **coder)
{
	static const struct option longopts[] = {
		{ "coder", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': *coder = optarg; break;
		case 'h': cli_help(usage); return 1;
		case ':': cli_usage(usage, "option '%s' needs a value", argv[optind - 1]); return -1;
		default: cli_usage(usage, "unknown option '%s'", argv[optind - 1]); return -1;
		}
	}
	if (!*coder) {
		cli_usage(usage, "--coder NAME is required");
		return -1;
	}
	if (strcmp(*coder, AUTO_CODER) == 0) {
		cli_usage(usage, "'%s' is the automatic coder; name a person", AUTO_CODER);
		return -1;
	}
	return 0;
}

static int segment_exists_cb(void *ctx, const struct store_segment_row *sg)
{
	*(int *)ctx = sg->coded;
	return 0;
}

/*
 * Check a manual coding and write it with its audit line. Returns 0, 1 (bad
 * input, reported with `where` before the message) or -1.
 */
static int manual_assign(struct store *st, const char *where, int64_t segment, const char *spec,
			 const char *coder, int64_t coder_id, long *changed_count)
{
	char code[128], pol, allowed[4] = "", polstr[2] = { 0, 0 };
	int64_t code_id;
	int coded = -1, rc, changed = 0;

	split_code(spec, code, sizeof(code), &pol);
	rc = store_segment_get(st, segment, segment_exists_cb, &coded);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		tv_error("%sno segment %lld in the study", where, (long long)segment);
		return 1;
	}
	rc = store_code_find(st, code, &code_id, allowed);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		tv_error("%sunknown code '%s' (load a codebook with 'tevreden code codebook')", where, code);
		return 1;
	}
	if (pol && !strchr(allowed, pol)) {
		tv_error("%scode '%s' allows polarity %s, not '%c'", where, code,
			 *allowed ? allowed : "none", pol);
		return 1;
	}
	if (!pol && *allowed) {
		tv_error("%scode '%s' needs a polarity: %s%c (one of %s)", where, code, code, allowed[0],
			 allowed);
		return 1;
	}
	polstr[0] = pol;
	if (store_coding_set(st, segment, code_id, pol ? polstr : NULL, coder_id, 0, 0, "active",
			     &changed) < 0)
		return -1;
	if (changed) {
		if (store_audit_add(st, segment, code, pol ? polstr : NULL, coder, "assign", NULL) < 0)
			return -1;
		(*changed_count)++;
	}
	return 0;
}

static long parse_segment(const char *s)
{
	long v;

	return num_parse_long(s, &v) == 0 && v > 0 ? v : -1;
}

/* ---- code codebook ---- */

static const char codebook_usage[] =
	"usage: tevreden code codebook STUDY CODEBOOK.json\n"
	"\n"
	"Load a codebook (docs/codebook.md) into the study so its codes can be used for\n"
	"manual coding. 'code auto' loads its codebook itself.\n";

static int cmd_codebook(int argc, char **argv)
{
	struct codebook *cb = NULL;
	struct store *st = NULL;
	int64_t id;
	int added = 0, ret = TV_EXIT_SYSTEM;

	if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0))
		return cli_help(codebook_usage);
	if (argc != 3)
		return cli_usage(codebook_usage, "expected STUDY and CODEBOOK");
	if (codebook_load(argv[2], &cb) < 0)
		return TV_EXIT_DATA;
	if (store_open(argv[1], &st) < 0 || store_begin(st) < 0)
		goto out;
	if (codebook_into_store(st, cb, &id, &added) < 0) {
		store_rollback(st);
		ret = TV_EXIT_DATA;
		goto out;
	}
	if (store_commit(st) < 0)
		goto out;
	printf(added ? "loaded codebook %s %s: %zu codes\n" : "codebook %s %s is already in the study (%zu codes)\n",
	       cb->id, cb->version, cb->ncodes);
	ret = cli_done(TV_EXIT_OK);
out:
	store_close(st);
	codebook_free(cb);
	return ret;
}

/* ---- code auto ---- */

static const char auto_usage[] =
	"usage: tevreden code auto STUDY --codebook CODEBOOK.json [--dictionary AFF,DIC]\n"
	"\n"
	"Code every segment (transcript sentences of participants, open survey answers)\n"
	"with the codebook's rules: words are matched on their Hunspell stems and compound\n"
	"parts, with negation and polarity cues (docs/codebook.md). The codings belong to\n"
	"the coder 'auto' and record the codebook version. Running the same version again\n"
	"changes nothing; a new version replaces the automatic codings of older versions\n"
	"(reviewed ones too: review them again).\n"
	"\n"
	"options:\n"
	"      --codebook FILE       the codebook (e.g. templates/codebooks/jeugdhulp.json)\n"
	"      --dictionary AFF,DIC  Hunspell dictionary (default: Debian's hunspell-nl)\n"
	"  -h, --help                this text\n";

struct auto_run {
	struct store *st;
	struct autocode *ac;
	const struct codebook *cb;
	int64_t *code_ids;	/* store ids of the codebook's codes */
	int64_t coder_id, codebook_id;
	struct autocode_result res;
	long segments, codings, added;
	long *per_code;
	int failed;
};

static int auto_segment(void *ctx, const struct store_segment_row *sg)
{
	struct auto_run *r = ctx;
	size_t i;

	if (autocode_text(r->ac, sg->text, strlen(sg->text), &r->res) < 0) {
		r->failed = 1;
		return 1;
	}
	r->segments++;
	for (i = 0; i < r->res.nhits; i++) {
		const struct autocode_hit *h = &r->res.hits[i];
		char pol[2] = { h->polarity, 0 }, old_pol[4], status[16];
		int changed = 0, automatic, found;
		int64_t old_code;

		found = store_coding_get(r->st, sg->id, h->id, r->coder_id, old_pol, status, &automatic,
					 &old_code);
		if (found < 0 ||
		    store_coding_set(r->st, sg->id, r->code_ids[h->code], h->polarity ? pol : NULL,
				     r->coder_id, 1, r->codebook_id, found == 1 ? status : "active",
				     &changed) < 0) {
			r->failed = 1;
			return 1;
		}
		r->codings++;
		r->per_code[h->code]++;
		if (changed)
			r->added++;
	}
	return 0;
}

static int code_ids_cb(const struct codebook *cb, struct store *st, int64_t *ids)
{
	size_t i;

	for (i = 0; i < cb->ncodes; i++)
		if (store_code_find(st, cb->codes[i].id, &ids[i], NULL) != 1)
			return tv_error("codebook code '%s' is missing from the study", cb->codes[i].id);
	return 0;
}

static int cmd_auto(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "codebook", required_argument, NULL, 'b' },
		{ "dictionary", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cbfile = NULL, *dict = NULL;
	struct codebook *cb = NULL;
	struct stemmer *sm = NULL;
	struct auto_run r = { 0 };
	long removed = 0;
	int c, added, ret = TV_EXIT_SYSTEM;
	size_t i;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":b:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'b': cbfile = optarg; break;
		case 'd': dict = optarg; break;
		case 'h': return cli_help(auto_usage);
		case ':': return cli_usage(auto_usage, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage(auto_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 1)
		return cli_usage(auto_usage, "expected one STUDY");
	if (!cbfile)
		return cli_usage(auto_usage, "--codebook is required");
	if (dict && (!strchr(dict, ',') || *dict == ',' || dict[strlen(dict) - 1] == ','))
		return cli_usage(auto_usage, "--dictionary expects AFF,DIC");
	if (codebook_load(cbfile, &cb) < 0)
		return TV_EXIT_DATA;
	if (stemmer_open_spec(&sm, dict) < 0 || autocode_open(&r.ac, cb, sm) < 0)
		goto out;
	if (store_open(argv[optind], &r.st) < 0 || store_begin(r.st) < 0)
		goto out;
	if (codebook_into_store(r.st, cb, &r.codebook_id, &added) < 0) {
		ret = TV_EXIT_DATA;
		goto fail;
	}
	r.cb = cb;
	r.code_ids = xcalloc(cb->ncodes + 1, sizeof(int64_t));
	r.per_code = xcalloc(cb->ncodes + 1, sizeof(long));
	autocode_result_init(&r.res);
	if (code_ids_cb(cb, r.st, r.code_ids) < 0 ||
	    store_coder_get(r.st, AUTO_CODER, "auto", &r.coder_id) < 0 ||
	    store_codings_replace_auto(r.st, r.coder_id, cb->id, r.codebook_id, &removed) < 0 ||
	    store_segments(r.st, 1, auto_segment, &r) < 0 || r.failed)
		goto fail;
	if (store_commit(r.st) < 0)
		goto out;
	printf("coded %ld segments with codebook %s %s: %ld codings (%ld new or changed",
	       r.segments, cb->id, cb->version, r.codings, r.added);
	if (removed)
		printf(", %ld of older versions replaced", removed);
	printf(")\n");
	for (i = 0; i < cb->ncodes; i++)
		if (r.per_code[i])
			printf("  %-26s %6ld\n", cb->codes[i].id, r.per_code[i]);
	ret = cli_done(TV_EXIT_OK);
	goto out;
fail:
	store_rollback(r.st);
out:
	autocode_result_release(&r.res);
	free(r.code_ids);
	free(r.per_code);
	store_close(r.st);
	autocode_free(r.ac);
	stemmer_free(sm);
	codebook_free(cb);
	return ret;
}

/* ---- code assign / remove ---- */

static const char assign_usage[] =
	"usage: tevreden code assign STUDY --coder NAME SEGMENT CODE[+|-|~]\n"
	"\n"
	"Code a segment by hand: CODE with its polarity (+ positive, - negative, ~ mixed)\n"
	"when the code has polarities. The change is kept in the audit trail.\n";

static const char remove_usage[] =
	"usage: tevreden code remove STUDY --coder NAME SEGMENT CODE\n"
	"\n"
	"Remove a coder's coding of CODE from a segment (kept in the audit trail).\n";

static int cmd_assign(int argc, char **argv)
{
	const char *coder = NULL;
	struct store *st = NULL;
	int64_t coder_id;
	long seg, changed = 0;
	int rc, ret = TV_EXIT_SYSTEM;

	rc = parse_coder_opts(argc, argv, assign_usage, &coder);
	if (rc)
		return rc > 0 ? TV_EXIT_OK : TV_EXIT_USAGE;
	if (argc - optind != 3)
		return cli_usage(assign_usage, "expected STUDY, SEGMENT and CODE");
	seg = parse_segment(argv[optind + 1]);
	if (seg < 0)
		return cli_usage(assign_usage, "SEGMENT is a segment number, not '%s'", argv[optind + 1]);
	if (store_open(argv[optind], &st) < 0 || store_begin(st) < 0)
		goto out;
	if (store_coder_get(st, coder, "human", &coder_id) < 0)
		goto fail;
	rc = manual_assign(st, "", seg, argv[optind + 2], coder, coder_id, &changed);
	if (rc != 0) {
		ret = rc > 0 ? TV_EXIT_DATA : TV_EXIT_SYSTEM;
		goto fail;
	}
	if (store_commit(st) < 0)
		goto out;
	printf(changed ? "segment %ld: %s coded by %s\n" : "segment %ld: %s was already coded so by %s\n",
	       seg, argv[optind + 2], coder);
	ret = cli_done(TV_EXIT_OK);
	goto out;
fail:
	store_rollback(st);
out:
	store_close(st);
	return ret;
}

static int cmd_remove(int argc, char **argv)
{
	const char *coder = NULL;
	struct store *st = NULL;
	char code[128], pol;
	int64_t coder_id, code_id;
	long seg;
	int rc, ret = TV_EXIT_SYSTEM;

	rc = parse_coder_opts(argc, argv, remove_usage, &coder);
	if (rc)
		return rc > 0 ? TV_EXIT_OK : TV_EXIT_USAGE;
	if (argc - optind != 3)
		return cli_usage(remove_usage, "expected STUDY, SEGMENT and CODE");
	seg = parse_segment(argv[optind + 1]);
	if (seg < 0)
		return cli_usage(remove_usage, "SEGMENT is a segment number, not '%s'", argv[optind + 1]);
	split_code(argv[optind + 2], code, sizeof(code), &pol);
	if (store_open(argv[optind], &st) < 0 || store_begin(st) < 0)
		goto out;
	rc = store_coder_find(st, coder, &coder_id);
	if (rc == 1)
		rc = store_code_find(st, code, &code_id, NULL);
	if (rc == 1)
		rc = store_coding_remove(st, seg, code_id, coder_id);
	if (rc < 0)
		goto fail;
	if (rc == 0) {
		tv_error("segment %ld has no coding '%s' by %s", seg, code, coder);
		ret = TV_EXIT_DATA;
		goto fail;
	}
	if (store_audit_add(st, seg, code, NULL, coder, "remove", NULL) < 0 || store_commit(st) < 0)
		goto fail;
	printf("segment %ld: %s removed for %s\n", seg, code, coder);
	ret = cli_done(TV_EXIT_OK);
	goto out;
fail:
	store_rollback(st);
out:
	store_close(st);
	return ret;
}

/* ---- code import ---- */

static const char import_usage[] =
	"usage: tevreden code import STUDY [--coder NAME] FILE.csv\n"
	"\n"
	"Import manual codings from a CSV with the header 'segment,code,polarity[,coder]'\n"
	"(polarity +, -, ~ or empty; the coder column, or --coder for every row). All\n"
	"rows are checked first; on any problem nothing is stored.\n";

struct cimp {
	struct store *st;
	struct diag d;
	const char *coder;
	int cseg, ccode, cpol, ccoder;
	long rows, changed;
	int failed;
};

static int cimp_columns(void *ctx, const struct src_cell *c, size_t n)
{
	struct cimp *ci = ctx;
	size_t i;

	ci->cseg = ci->ccode = ci->cpol = ci->ccoder = -1;
	for (i = 0; i < n; i++) {
		if (strcasecmp(c[i].text, "segment") == 0)
			ci->cseg = (int)i;
		else if (strcasecmp(c[i].text, "code") == 0)
			ci->ccode = (int)i;
		else if (strcasecmp(c[i].text, "polarity") == 0)
			ci->cpol = (int)i;
		else if (strcasecmp(c[i].text, "coder") == 0)
			ci->ccoder = (int)i;
	}
	if (ci->cseg < 0 || ci->ccode < 0)
		return diag_error(&ci->d, 1, 0, "expected the columns 'segment' and 'code' "
				  "(and 'polarity', 'coder')");
	if (ci->ccoder < 0 && !ci->coder)
		return diag_error(&ci->d, 1, 0, "no 'coder' column: give --coder NAME");
	return 0;
}

static int cimp_record(void *ctx, const struct src_cell *c, size_t n, long line)
{
	struct cimp *ci = ctx;
	const char *coder = ci->ccoder >= 0 && *c[ci->ccoder].text ? c[ci->ccoder].text : ci->coder;
	const char *pol = ci->cpol >= 0 ? c[ci->cpol].text : "";
	char spec[160], where[64];
	int64_t coder_id;
	long seg = parse_segment(c[ci->cseg].text);
	int rc;

	snprintf(where, sizeof(where), "%s:%ld: ", ci->d.file, line);
	if (seg < 0) {
		diag_error(&ci->d, line, ci->cseg + 1, "expected a segment number, found '%s'",
			   c[ci->cseg].text);
		return diag_full(&ci->d) ? -1 : 0;
	}
	if (!coder || !*coder || strcmp(coder, AUTO_CODER) == 0) {
		diag_error(&ci->d, line, 0, "expected a coder (a person, not '%s')", AUTO_CODER);
		return diag_full(&ci->d) ? -1 : 0;
	}
	if (*pol && (strlen(pol) != 1 || !strchr("+-~", *pol))) {
		diag_error(&ci->d, line, ci->cpol + 1, "polarity is +, - or ~, not '%s'", pol);
		return diag_full(&ci->d) ? -1 : 0;
	}
	snprintf(spec, sizeof(spec), "%s%s", c[ci->ccode].text, pol);
	if (store_coder_get(ci->st, coder, "human", &coder_id) < 0) {
		ci->failed = 1;
		return -1;
	}
	rc = manual_assign(ci->st, where, seg, spec, coder, coder_id, &ci->changed);
	if (rc < 0) {
		ci->failed = 1;
		return -1;
	}
	if (rc > 0)
		ci->d.errors++;
	ci->rows++;
	return diag_full(&ci->d) ? -1 : 0;
}

static int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "coder", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct cimp ci = { 0 };
	struct src_sink sink = { cimp_columns, NULL, cimp_record, &ci };
	struct src_options so = { 0 };
	int c, rc, ret = TV_EXIT_SYSTEM;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': ci.coder = optarg; break;
		case 'h': return cli_help(import_usage);
		case ':': return cli_usage(import_usage, "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage(import_usage, "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (argc - optind != 2)
		return cli_usage(import_usage, "expected STUDY and FILE");
	diag_init(&ci.d, argv[optind + 1], 20);
	if (store_open(argv[optind], &ci.st) < 0 || store_begin(ci.st) < 0)
		goto out;
	rc = csv_read(argv[optind + 1], &so, &ci.d, &sink);
	if (ci.failed || (rc < 0 && !ci.d.errors))
		goto fail;
	if (ci.d.errors) {
		fprintf(stderr, "tevreden: %s: nothing imported\n", argv[optind + 1]);
		ret = TV_EXIT_DATA;
		goto fail;
	}
	if (store_commit(ci.st) < 0)
		goto out;
	printf("imported %ld codings (%ld new or changed) from %s\n", ci.rows, ci.changed,
	       argv[optind + 1]);
	ret = cli_done(TV_EXIT_OK);
	goto out;
fail:
	store_rollback(ci.st);
out:
	store_close(ci.st);
	return ret;
}

/* ---- code review ---- */

static const char review_usage[] =
	"usage: tevreden code review STUDY --coder NAME [--list] [--accept SEG:CODE]... [--reject SEG:CODE]...\n"
	"\n"
	"Review automatic codings. --list prints the ones not reviewed yet with their\n"
	"text. --accept marks one accepted and makes it the reviewer's own coding (same\n"
	"code and polarity); --reject marks it rejected. Every decision is kept in the\n"
	"audit trail.\n";

struct review_list {
	struct store *st;
	long n;
};

static int review_text_cb(void *ctx, const struct store_segment_row *sg)
{
	printf("    %s\n", sg->text);
	(void)ctx;
	return 0;
}

static int review_list_cb(void *ctx, const struct store_coding_row *c)
{
	struct review_list *rl = ctx;

	if (!c->automatic || strcmp(c->status, "active") != 0)
		return 0;
	printf("%lld:%s%s\n", (long long)c->segment_id, c->code, c->polarity ? c->polarity : "");
	rl->n++;
	return store_segment_get(rl->st, c->segment_id, review_text_cb, NULL) < 0;
}

static int review_one(struct store *st, const char *spec, int accept, const char *coder,
		      int64_t coder_id, int64_t auto_id)
{
	char code[128], pol[4], status[16], polc;
	const char *colon = strchr(spec, ':');
	int64_t code_id;
	long seg = -1;
	int automatic, rc, changed;

	if (colon && (size_t)(colon - spec) < 31) {
		char num[32];

		memcpy(num, spec, (size_t)(colon - spec));
		num[colon - spec] = '\0';
		seg = parse_segment(num);
	}
	if (seg < 0) {
		tv_error("expected SEGMENT:CODE, not '%s'", spec);
		return 1;
	}
	split_code(colon + 1, code, sizeof(code), &polc);
	rc = store_coding_get(st, seg, code, auto_id, pol, status, &automatic, &code_id);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		tv_error("segment %ld has no automatic coding '%s'", seg, code);
		return 1;
	}
	if (store_coding_status(st, seg, code, auto_id, accept ? "accepted" : "rejected") < 0)
		return -1;
	if (accept && store_coding_set(st, seg, code_id, *pol ? pol : NULL, coder_id, 0, 0, "active",
				       &changed) < 0)
		return -1;
	return store_audit_add(st, seg, code, *pol ? pol : NULL, coder,
			       accept ? "accept" : "reject", "automatic coding") < 0 ? -1 : 0;
}

static int cmd_review(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "coder", required_argument, NULL, 'c' },
		{ "list", no_argument, NULL, 'l' },
		{ "accept", required_argument, NULL, 'a' },
		{ "reject", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *coder = NULL;
	char **specs = NULL;
	int *accept = NULL;
	size_t n = 0, i;
	struct store *st = NULL;
	int64_t coder_id, auto_id;
	int c, list = 0, rc, ret = TV_EXIT_SYSTEM;

	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":c:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c': coder = optarg; break;
		case 'l': list = 1; break;
		case 'a':
		case 'r':
			specs = xrealloc(specs, (n + 1) * sizeof(*specs));
			accept = xrealloc(accept, (n + 1) * sizeof(*accept));
			specs[n] = optarg;
			accept[n++] = c == 'a';
			break;
		case 'h': ret = cli_help(review_usage); goto out;
		case ':': ret = cli_usage(review_usage, "option '%s' needs a value", argv[optind - 1]); goto out;
		default: ret = cli_usage(review_usage, "unknown option '%s'", argv[optind - 1]); goto out;
		}
	}
	ret = TV_EXIT_USAGE;
	if (argc - optind != 1) {
		cli_usage(review_usage, "expected one STUDY");
		goto out;
	}
	if (!coder || strcmp(coder, AUTO_CODER) == 0) {
		cli_usage(review_usage, "--coder NAME (a person) is required");
		goto out;
	}
	if (!list && n == 0) {
		cli_usage(review_usage, "give --list, --accept or --reject");
		goto out;
	}
	ret = TV_EXIT_SYSTEM;
	if (store_open(argv[optind], &st) < 0)
		goto out;
	rc = store_coder_find(st, AUTO_CODER, &auto_id);
	if (rc <= 0) {
		if (rc == 0) {
			tv_error("%s: no automatic codings yet (run 'tevreden code auto')", argv[optind]);
			ret = TV_EXIT_DATA;
		}
		goto out;
	}
	if (list) {
		struct review_list rl = { st, 0 };

		if (store_codings(st, 0, review_list_cb, &rl) < 0)
			goto out;
		printf("%ld automatic codings to review\n", rl.n);
	}
	if (n) {
		if (store_begin(st) < 0 || store_coder_get(st, coder, "human", &coder_id) < 0)
			goto fail;
		for (i = 0; i < n; i++) {
			rc = review_one(st, specs[i], accept[i], coder, coder_id, auto_id);
			if (rc != 0) {
				ret = rc > 0 ? TV_EXIT_DATA : TV_EXIT_SYSTEM;
				goto fail;
			}
		}
		if (store_commit(st) < 0)
			goto out;
		printf("reviewed %zu automatic codings as %s\n", n, coder);
	}
	ret = cli_done(TV_EXIT_OK);
	goto out;
fail:
	store_rollback(st);
out:
	store_close(st);
	free(specs);
	free(accept);
	return ret;
}

static const struct cli_cmd code_cmds[] = {
	{ "auto", cmd_auto, "code segments automatically with a codebook" },
	{ "codebook", cmd_codebook, "load a codebook for manual coding" },
	{ "assign", cmd_assign, "code a segment by hand" },
	{ "remove", cmd_remove, "remove a coding" },
	{ "import", cmd_import, "import manual codings from CSV" },
	{ "review", cmd_review, "accept or reject automatic codings" },
	{ "agreement", cmd_code_agreement, "agreement between coders per code" },
	{ "themes", cmd_code_themes, "share of units mentioning each theme, by group and wave" },
	{ "quotes", cmd_code_quotes, "pseudonymised quotes for a code, for reports" },
	{ "explain", cmd_code_explain, "show why the automatic coder codes a text as it does" },
};

int cmd_code(int argc, char **argv)
{
	return cli_dispatch("code", code_cmds, sizeof(code_cmds) / sizeof(code_cmds[0]), argc, argv);
}
