/* contacts.c: read a fieldwork file (case id, segment, disposition) into the sampled cases of a wave. */
#include "collect/contacts.h"
#include "core/error.h"
#include "core/store.h"
#include "core/strset.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <errno.h>

static const char *const categories[] = { "I", "P", "R", "NC", "O", "UH", "UO", "NE" };

int contacts_category_index(const char *category)
{
	size_t i;

	for (i = 0; i < sizeof(categories) / sizeof(categories[0]); i++)
		if (strcmp(categories[i], category) == 0)
			return (int)i;
	return -1;
}

/*
 * AAPOR Standard Definitions, final disposition codes for telephone surveys:
 * 1.1 complete, 1.2 partial; 2.1x refusal and break-off, 2.2x non-contact,
 * 2.3x and 2.9 other; 3.1x unknown if household (UH), 3.2x and 3.9 unknown
 * other (UO); 4.x not eligible.
 */
const char *contacts_category(const char *code)
{
	const char *p;

	if (!code || (code[0] < '1' || code[0] > '4'))
		return NULL;
	if (code[1] == '\0' || code[1] != '.' || code[2] < '0' || code[2] > '9')
		return NULL;
	for (p = code + 2; *p; p++)
		if (*p < '0' || *p > '9')
			return NULL;
	switch (code[0]) {
	case '1':
		if (strncmp(code, "1.0", 3) == 0 || strncmp(code, "1.1", 3) == 0)
			return "I";
		return code[2] == '2' ? "P" : NULL;
	case '2':
		if (code[2] == '1')
			return "R";
		if (code[2] == '2')
			return "NC";
		if (code[2] == '3' || code[2] == '9' || code[2] == '0')
			return "O";
		return NULL;
	case '3':
		return code[2] == '1' ? "UH" : "UO";
	default:
		return "NE";
	}
}

/* The tool's own Dutch outcome labels (docs/contacts.md). */
static const struct { const char *label, *code; } own_labels[] = {
	{ "compleet", "1.1" }, { "volledig", "1.1" }, { "gedeeltelijk", "1.2" },
	{ "weigering", "2.11" }, { "afgebroken", "2.12" }, { "geen contact", "2.20" },
	{ "niet bereikt", "2.20" }, { "overleden", "2.31" }, { "niet in staat", "2.32" },
	{ "taalprobleem", "2.33" }, { "overig", "2.30" }, { "geen gehoor", "3.13" },
	{ "nummer onbekend", "3.20" }, { "onbekend", "3.90" }, { "verkeerd nummer", "4.20" },
	{ "niet tot doelgroep", "4.70" }, { "buiten steekproef", "4.70" },
};

struct label_map {
	char **label;
	char **code;
	size_t n;
};

struct cimport {
	struct store *st;
	const struct contacts_options *o;
	struct contacts_result *res;
	struct diag d;
	struct label_map map;
	struct strset ids;	/* case ids of this file */
	struct strset earlier;	/* case ids already in the wave */
	int64_t wave_id, import_id;
	int col_id, col_segment, col_disp;
};

static const char *const id_names[] = { "case_id", "id", "respnr", "caseid", "sample_id", NULL };
static const char *const seg_names[] = { "segment", NULL };
static const char *const disp_names[] = { "disposition", "outcome", "aapor", "uitkomst", NULL };

static int find_col(const struct src_cell *c, size_t n, const char *const *names)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; names[j]; j++)
			if (strcasecmp(c[i].text, names[j]) == 0)
				return (int)i;
	return -1;
}

static int on_columns(void *ctx, const struct src_cell *c, size_t n)
{
	struct cimport *ci = ctx;

	ci->col_id = find_col(c, n, id_names);
	ci->col_segment = find_col(c, n, seg_names);
	ci->col_disp = find_col(c, n, disp_names);
	if (ci->col_id < 0)
		diag_error(&ci->d, 1, 0, "no case id column (expected 'case_id', 'id' or 'respnr')");
	if (ci->col_disp < 0)
		diag_error(&ci->d, 1, 0, "no disposition column (expected 'disposition', "
			   "'outcome' or 'aapor')");
	return ci->d.errors ? -1 : 0;
}

/* AAPOR code of a cell: a code as is, a label from --map, or one of the tool's own labels. */
static const char *to_code(const struct cimport *ci, const char *text)
{
	size_t i;

	if (contacts_category(text))
		return text;
	for (i = 0; i < ci->map.n; i++)
		if (str_eq_trim_ci(text, ci->map.label[i]))
			return ci->map.code[i];
	for (i = 0; i < sizeof(own_labels) / sizeof(own_labels[0]); i++)
		if (str_eq_trim_ci(text, own_labels[i].label))
			return own_labels[i].code;
	return NULL;
}

static int on_record(void *ctx, const struct src_cell *c, size_t n, long line)
{
	struct cimport *ci = ctx;
	const struct src_cell *id = &c[ci->col_id], *disp = &c[ci->col_disp];
	const char *segment = ci->col_segment >= 0 ? c[ci->col_segment].text : NULL;
	const char *code, *cat;

	if (!id->text[0]) {
		diag_error(&ci->d, id->line, id->col, "empty case id");
	} else if (strset_has(&ci->earlier, id->text)) {
		diag_error(&ci->d, id->line, id->col, "case id '%s' is already in wave %s (from an "
			   "earlier import)", id->text, ci->o->wave);
	} else if (!strset_add(&ci->ids, id->text)) {
		diag_error(&ci->d, id->line, id->col, "case id '%s' appears twice in this file",
			   id->text);
	}
	code = to_code(ci, disp->text);
	if (!code) {
		diag_error(&ci->d, disp->line, disp->col, "disposition '%s' is not an AAPOR code "
			   "(such as 1.1, 2.11, 3.13, 4.10) or a known label (see --map)", disp->text);
	}
	if (ci->d.errors == 0) {
		cat = contacts_category(code);
		if (store_case_add(ci->st, ci->wave_id, id->text, segment && *segment ? segment : NULL,
				   code, cat, ci->import_id, line) < 0) {
			ci->d.errors++;
			return -1;
		}
		ci->res->cases++;
		ci->res->by_category[contacts_category_index(cat)]++;
	}
	return diag_full(&ci->d) ? -1 : 0;
}

/* ---- --map FILE: label,aapor ---- */

static int map_columns(void *ctx, const struct src_cell *c, size_t n)
{
	struct cimport *ci = ctx;

	if (n != 2 || strcasecmp(c[0].text, "label") != 0 || strcasecmp(c[1].text, "aapor") != 0)
		return diag_error(&ci->d, 1, 1, "expected the header 'label,aapor'");
	return 0;
}

static int map_record(void *ctx, const struct src_cell *c, size_t n, long line)
{
	struct cimport *ci = ctx;

	if (!contacts_category(c[1].text))
		return diag_error(&ci->d, line, 2, "'%s' is not an AAPOR disposition code", c[1].text);
	ci->map.label = xrealloc(ci->map.label, (ci->map.n + 1) * sizeof(char *));
	ci->map.code = xrealloc(ci->map.code, (ci->map.n + 1) * sizeof(char *));
	ci->map.label[ci->map.n] = xstrdup(c[0].text);
	ci->map.code[ci->map.n++] = xstrdup(c[1].text);
	return 0;
}

static int map_load(struct cimport *ci)
{
	struct src_sink sink = { map_columns, NULL, map_record, ci };
	struct src_options so = { 0 };
	struct diag saved = ci->d;
	int rc;

	diag_init(&ci->d, ci->o->map, ci->o->max_errors);
	rc = csv_read(ci->o->map, &so, &ci->d, &sink);
	rc = rc < 0 || ci->d.errors ? -1 : 0;
	ci->d = saved;
	return rc;
}

static int add_existing(void *ctx, const char *id)
{
	strset_add(ctx, id);
	return 0;
}

int contacts_import(struct store *st, const char *file, const struct contacts_options *o,
		    struct contacts_result *res)
{
	struct cimport ci = { .st = st, .o = o, .res = res };
	struct src_sink sink = { on_columns, NULL, on_record, &ci };
	char sum[65];
	int64_t earlier;
	int rc, ret = -1;
	size_t i;

	memset(res, 0, sizeof(*res));
	strset_init(&ci.ids);
	strset_init(&ci.earlier);
	diag_init(&ci.d, file, o->max_errors);
	if (o->map && access(o->map, R_OK) != 0) {
		tv_error("cannot open '%s': %s", o->map, strerror(errno));
		goto out;
	}
	if (o->map && map_load(&ci) < 0) {
		ret = 1;
		goto out;
	}
	if (file_sha256(file, sum) < 0)
		goto out;
	if (store_begin(st) < 0)
		goto out;
	rc = store_wave_find(st, o->wave, &ci.wave_id, NULL, NULL);
	if (rc < 0 || (rc == 0 && store_wave_add(st, o->wave, 0, 0, &ci.wave_id) < 0))
		goto fail;
	rc = store_import_find(st, "contacts", sum, &earlier);
	if (rc < 0)
		goto fail;
	if (rc == 1 && !o->replace) {
		tv_error("%s: this file was imported before (import %lld, same checksum); "
			 "--replace imports it again in place of the earlier import", file,
			 (long long)earlier);
		ret = 1;
		goto fail;
	}
	if (store_import_add(st, "contacts", file, sum, ci.wave_id, NULL, &ci.import_id) < 0 ||
	    (rc == 1 && store_import_replace(st, earlier, ci.import_id) < 0) ||
	    store_case_ids(st, ci.wave_id, add_existing, &ci.earlier) < 0)
		goto fail;
	rc = csv_read(file, &o->src, &ci.d, &sink);
	if (ci.d.errors) {
		ret = 1;
		goto fail;
	}
	if (rc < 0 || store_import_finish(st, ci.import_id, res->cases, 0) < 0 ||
	    store_commit(st) < 0)
		goto fail;
	ret = 0;
	goto out;
fail:
	store_rollback(st);
out:
	for (i = 0; i < ci.map.n; i++) {
		free(ci.map.label[i]);
		free(ci.map.code[i]);
	}
	free(ci.map.label);
	free(ci.map.code);
	strset_release(&ci.ids);
	strset_release(&ci.earlier);
	return ret;
}
