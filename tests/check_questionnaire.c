/* check_questionnaire.c: unit tests of collect/questionnaire: the shipped template, bad definitions, storing. */
#include "tests/testutil.h"
#include "collect/questionnaire.h"
#include "core/store.h"
#include "core/util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The tests run from the repository root (make unit-check does). */
#define TEMPLATE "templates/questionnaires/ceo-jeugd.json"

/* One directory per run (removed at the end even when a test fails), one below it per test. */
static char topdir[64];
static char tmpdir[128];

/* ---- capturing what a call prints on fd 2 ---- */


static void rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void setup_run(void)
{
	snprintf(topdir, sizeof(topdir), "/tmp/check_questionnaire.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(topdir));
}

static void teardown_run(void)
{
	rm_rf(topdir);
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "%s/t.XXXXXX", topdir);
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void teardown(void)
{
	rm_rf(tmpdir);
}

/* ---- the shipped template ---- */

static struct questionnaire *load_template(void)
{
	struct questionnaire *q = NULL;

	ck_assert_msg(questionnaire_load(TEMPLATE, &q) == 0, "cannot load " TEMPLATE
		      " (run the test from the repository root)");
	ck_assert_ptr_nonnull(q);
	return q;
}

static const struct q_item *item(const struct questionnaire *q, const char *id)
{
	int i = questionnaire_item(q, id);

	ck_assert_msg(i >= 0, "no item '%s'", id);
	return &q->items[i];
}

START_TEST(test_template)
{
	struct questionnaire *q = load_template();
	const struct q_item *it;
	char *s;

	ck_assert_str_eq(q->name, "ceo-jeugd");
	ck_assert_str_eq(q->version, "2016.1");
	ck_assert_str_eq(q->respondent_id, "respnr");
	ck_assert_str_eq(q->file, TEMPLATE);
	ck_assert_uint_eq(strlen(q->checksum), 64);
	/* 5 background variables + 37 module items in 14 modules */
	ck_assert_uint_eq(q->nitems, 42);
	ck_assert_uint_eq(q->nmodules, 14);
	/* 10 named scales + the missing codes of 'wachttijd' */
	ck_assert_uint_eq(q->nscales, 11);
	ck_assert_int_eq(q->segment_item, 0);
	ck_assert_str_eq(q->items[q->segment_item].id, "segment");
	ck_assert_str_eq(q->items[q->segment_item].role, "segment");
	ck_assert_int_eq(q->items[4].module, -1);	/* maatregel: background */
	ck_assert_str_eq(q->items[5].id, "tevreden");	/* first module item */
	ck_assert_int_eq(q->items[5].module, 0);
	ck_assert_str_eq(q->modules[0].id, "algemeen");
	ck_assert_str_eq(q->items[41].id, "open_beter");
	ck_assert_int_eq(q->items[41].type, Q_OPEN);
	ck_assert_int_eq(q->items[41].module, 13);
	ck_assert_str_eq(q->modules[13].id, "open_vragen");
	ck_assert_int_eq(questionnaire_item(q, "bestaat_niet"), -1);

	/* wording versions and the waves that use them */
	ck_assert_uint_eq(q->nwordings, 2);
	ck_assert_str_eq(q->wordings[0], "kind");
	ck_assert_str_eq(q->wordings[1], "ik-kind");
	ck_assert_uint_eq(questionnaire_wording_for(q, "2015"), 0);
	ck_assert_uint_eq(questionnaire_wording_for(q, "2016"), 1);
	ck_assert_uint_eq(questionnaire_wording_for(q, "2020"), 1);	/* not listed: the last */
	it = item(q, "effect_beter");
	ck_assert_str_eq(it->text[questionnaire_wording_for(q, "2015")],
			 "Door de hulp gaat het beter met mijn kind");
	ck_assert_str_eq(it->text[questionnaire_wording_for(q, "2016")],
			 "Door de hulp gaat het beter met mij / mijn kind");
	it = item(q, "tevreden");	/* one text for every wording */
	ck_assert_str_eq(it->text[0], it->text[1]);
	ck_assert_int_eq(questionnaire_item_in_wave(it, "2015"), 1);

	/* scales */
	it = item(q, "tevreden");
	ck_assert_int_eq(it->type, Q_SINGLE);
	ck_assert_str_eq(it->scale->name, "janee");
	ck_assert_uint_eq(it->scale->nopt, 4);
	ck_assert_int_eq(it->scale->opt[0].code, 1);
	ck_assert_int_eq(it->scale->opt[0].top, 1);
	ck_assert_int_eq(it->scale->opt[1].top, 0);
	ck_assert_int_eq(it->scale->opt[2].code, 8);
	ck_assert_int_eq(it->scale->opt[2].missing, 1);
	ck_assert_int_eq(it->scale->ordinal, 0);	/* two options */
	ck_assert_str_eq(it->scale->top_label, "ja");
	ck_assert_int_eq(q_scale_find_code(it->scale, 9), 3);
	ck_assert_int_eq(q_scale_find_code(it->scale, 3), -1);
	ck_assert_int_eq(q_scale_find_label(it->scale, " Weet Niet "), 2);
	ck_assert_int_eq(q_scale_find_label(it->scale, "misschien"), -1);
	s = q_scale_describe(it->scale);
	ck_assert_str_eq(s, "1 ja, 2 nee; missing 8, 9");
	free(s);
	ck_assert_int_eq(item(q, "uitv_respect")->scale->ordinal, 1);	/* frequentie, 4 options */
	ck_assert_int_eq(item(q, "segment")->scale->ordinal, 0);	/* "ordinal": false */
	ck_assert_int_eq(item(q, "verwijzer")->type, Q_MULTIPLE);

	/* numbers and marks */
	it = item(q, "cijfer");
	ck_assert_int_eq(it->type, Q_MARK);
	ck_assert(it->has_min && it->has_max && it->min == 1 && it->max == 10);
	ck_assert_int_eq(it->integer_only, 1);
	ck_assert_ptr_null(it->scale);
	it = item(q, "wachttijd");
	ck_assert_int_eq(it->type, Q_NUMBER);
	ck_assert(it->has_min && it->has_max && it->min == 0 && it->max == 36);
	ck_assert_int_eq(it->integer_only, 1);
	ck_assert_int_eq(it->skewed, 1);
	ck_assert_str_eq(it->unit, "maanden");
	ck_assert_ptr_nonnull(it->scale);
	ck_assert_str_eq(it->scale->name, "wachttijd.missing");
	ck_assert_uint_eq(it->scale->nopt, 1);
	ck_assert_int_eq(it->scale->opt[0].code, 99);
	ck_assert_int_eq(it->scale->opt[0].missing, 1);
	ck_assert_str_eq(q_type_name(it->type), "number");
	questionnaire_free(q);
}
END_TEST

START_TEST(test_template_routing)
{
	struct questionnaire *q = load_template();
	size_t seg = (size_t)questionnaire_item(q, "segment");
	const struct q_item *it;
	const struct q_cond *c;

	ck_assert_ptr_null(item(q, "tevreden")->asked_if);
	ck_assert_ptr_null(item(q, "tevreden")->routing_json);

	/* maatregel: {"item": "segment", "in": [3]}; code 3 is option 2 of segmenten */
	c = item(q, "maatregel")->asked_if;
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->kind, QC_IN);
	ck_assert_uint_eq(c->item, seg);
	ck_assert_uint_eq(c->options, (uint64_t)1 << 2);

	/* wachttijd: all(segment not_in [3], any(wave ["2016"], eerste_keer in [1])) */
	it = item(q, "wachttijd");
	c = it->asked_if;
	ck_assert_ptr_nonnull(c);
	ck_assert_int_eq(c->kind, QC_ALL);
	ck_assert_uint_eq(c->nsub, 2);
	ck_assert_int_eq(c->sub[0].kind, QC_NOT_IN);
	ck_assert_uint_eq(c->sub[0].item, seg);
	ck_assert_uint_eq(c->sub[0].options, (uint64_t)1 << 2);
	ck_assert_int_eq(c->sub[1].kind, QC_ANY);
	ck_assert_uint_eq(c->sub[1].nsub, 2);
	ck_assert_int_eq(c->sub[1].sub[0].kind, QC_WAVE);
	ck_assert_uint_eq(c->sub[1].sub[0].nwaves, 1);
	ck_assert_str_eq(c->sub[1].sub[0].waves[0], "2016");
	ck_assert_int_eq(c->sub[1].sub[1].kind, QC_IN);
	ck_assert_uint_eq(c->sub[1].sub[1].item, (size_t)questionnaire_item(q, "eerste_keer"));
	ck_assert_uint_eq(c->sub[1].sub[1].options, (uint64_t)1 << 0);
	ck_assert_ptr_nonnull(it->routing_json);

	/* the condition is kept as JSON text for the store */
	ck_assert_str_eq(item(q, "netwerk_wie")->routing_json, "{\"item\":\"netwerk_steun\",\"in\":[1]}");
	c = item(q, "passend_nodig")->asked_if;
	ck_assert_int_eq(c->kind, QC_IN);
	ck_assert_uint_eq(c->item, (size_t)questionnaire_item(q, "passende_hulp"));
	ck_assert_uint_eq(c->options, (uint64_t)1 << 1);
	questionnaire_free(q);
}
END_TEST

/* ---- malformed definitions ---- */

/*
 * Definitions are written with ' for " so they stay readable; to_json()
 * swaps them back (no definition below contains a real apostrophe).
 */
#define HEAD "{'format': 'tevreden-questionnaire-1', 'id': 't', 'version': '1', "
#define JANEE "'janee': {'options': [{'code': 1, 'label': 'ja'}, {'code': 2, 'label': 'nee'}], " \
	"'missing': [{'code': 9, 'label': 'weet niet'}]}"
#define SCALES "'scales': {" JANEE "}, "
#define SEG "{'id': 'seg', 'type': 'single', 'scale': 'janee', 'role': 'segment'}"
#define BG "'background': [" SEG "], "
#define MODS(items) "'modules': [{'id': 'm', 'items': [" items "]}]}"
#define ITEM_A "{'id': 'a', 'type': 'single', 'scale': 'janee'}"
#define ITEM_B "{'id': 'b', 'type': 'single', 'scale': 'janee'}"
#define VALID HEAD SCALES BG MODS(ITEM_A ", " ITEM_B)

#define P "tevreden: t.json: "
#define ROUTE_MSG "does not come before this item; routing can only depend on background " \
	"variables and earlier items\n"

struct bad_case {
	const char *what;
	const char *def;
	const char *msg;	/* exact stderr; NULL: valid; "^...": only the start of it */
};

static const struct bad_case bad_cases[] = {
	{ "valid", VALID, NULL },
	{ "wrong format",
	  "{'format': 'tevreden-questionnaire-2', 'id': 't', 'version': '1', " SCALES BG MODS(ITEM_A),
	  P "$.format: unknown format 'tevreden-questionnaire-2', expected 'tevreden-questionnaire-1'\n" },
	{ "no format",
	  "{'id': 't', 'version': '1', " SCALES BG MODS(ITEM_A),
	  P "$: missing 'format', expected a string\n" },
	{ "missing id",
	  "{'format': 'tevreden-questionnaire-1', 'version': '1', " SCALES BG MODS(ITEM_A),
	  P "$: missing 'id', expected a string\n" },
	{ "version is a number",
	  "{'format': 'tevreden-questionnaire-1', 'id': 't', 'version': 1, " SCALES BG MODS(ITEM_A),
	  P "$: 'version' is a number, expected a string\n" },
	{ "unknown top-level key",
	  HEAD "'titel': 'x', " SCALES BG MODS(ITEM_A),
	  P "$: unknown key 'titel' (expected one of: format, id, version, title, language, "
	  "respondent_id, wordings, waves, scales, background, modules)\n" },
	{ "unknown key (typo scal)",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single', 'scal': 'janee'}"),
	  P "$.modules[0].items[1]: unknown key 'scal' (expected one of: id, type, text, label, "
	  "scale, min, max, integer, missing, skewed, unit, waves, asked_if, role)\n" },
	{ "unknown type",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'singel', 'scale': 'janee'}"),
	  P "$.modules[0].items[1]: unknown type 'singel' (expected single, multiple, number, "
	  "mark or open)\n" },
	{ "unknown scale",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single', 'scale': 'x'}"),
	  P "$.modules[0].items[1].scale: unknown scale 'x'\n" },
	{ "single without scale",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single'}"),
	  P "$.modules[0].items[1]: a single item needs a 'scale'\n" },
	{ "duplicate item id",
	  HEAD SCALES BG MODS(ITEM_A ", " ITEM_A),
	  P "$.modules[0].items[1]: item id 'a' is used twice\n" },
	{ "item id of a background variable",
	  HEAD SCALES BG MODS("{'id': 'seg', 'type': 'open'}"),
	  P "$.modules[0].items[0]: item id 'seg' is used twice\n" },
	{ "bad item id",
	  HEAD SCALES BG MODS("{'id': 'Vraag1', 'type': 'open'}"),
	  P "$.modules[0].items[0]: item id 'Vraag1' must match [a-z][a-z0-9_]*\n" },
	{ "duplicate option code",
	  HEAD "'scales': {'janee': {'options': [{'code': 1, 'label': 'ja'}, {'code': 1, 'label': 'nee'}]}}, "
	  BG MODS(ITEM_A),
	  P "$.scales.janee.options[1]: code 1 appears twice in scale 'janee'\n" },
	{ "missing code equal to an option code",
	  HEAD "'scales': {'janee': {'options': [{'code': 1, 'label': 'ja'}, {'code': 2, 'label': 'nee'}], "
	  "'missing': [{'code': 2, 'label': 'weet niet'}]}}, " BG MODS(ITEM_A),
	  P "$.scales.janee.missing[0]: code 2 appears twice in scale 'janee'\n" },
	{ "duplicate option label",
	  HEAD "'scales': {'janee': {'options': [{'code': 1, 'label': 'ja'}, {'code': 2, 'label': ' JA'}]}}, "
	  BG MODS(ITEM_A),
	  P "$.scales.janee.options[1]: label ' JA' appears twice in scale 'janee'\n" },
	{ "bad scale name",
	  HEAD "'scales': {'JaNee': {'options': [{'code': 1, 'label': 'ja'}]}}, " BG MODS(ITEM_A),
	  P "$.scales.JaNee: scale name must match [a-z][a-z0-9_]*\n" },
	{ "routing on a later item",
	  HEAD SCALES BG MODS("{'id': 'a', 'type': 'single', 'scale': 'janee', "
			      "'asked_if': {'item': 'b', 'in': [1]}}, " ITEM_B),
	  P "$.modules[0].items[0].asked_if: 'b' " ROUTE_MSG },
	{ "routing on the item itself",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single', 'scale': 'janee', "
			      "'asked_if': {'item': 'b', 'in': [1]}}"),
	  P "$.modules[0].items[1].asked_if: 'b' " ROUTE_MSG },
	{ "routing on an unknown item",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single', 'scale': 'janee', "
			      "'asked_if': {'item': 'zz', 'in': [1]}}"),
	  P "$.modules[0].items[1].asked_if: unknown item 'zz'\n" },
	{ "routing code not in scale",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single', 'scale': 'janee', "
			      "'asked_if': {'item': 'a', 'in': [5]}}"),
	  P "$.modules[0].items[1].asked_if.in: 5 is not a code of scale 'janee'\n" },
	{ "routing code not in scale, nested",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single', 'scale': 'janee', "
			      "'asked_if': {'all': [{'item': 'seg', 'in': [1]}, "
			      "{'not': {'item': 'a', 'not_in': [3]}}]}}"),
	  P "$.modules[0].items[1].asked_if.all[1].not.not_in: 3 is not a code of scale 'janee'\n" },
	{ "routing range on a single item",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'single', 'scale': 'janee', "
			      "'asked_if': {'item': 'a', 'min': 1}}"),
	  P "$.modules[0].items[1].asked_if: \"min\"/\"max\" need a number or mark item, "
	  "'a' is single\n" },
	{ "min above max",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'number', 'min': 10, 'max': 1}"),
	  P "$.modules[0].items[1]: 'min' 10 is above 'max' 1\n" },
	{ "no segment role",
	  HEAD SCALES "'background': [{'id': 'seg', 'type': 'single', 'scale': 'janee'}], " MODS(ITEM_A),
	  P "$.background: no background variable has \"role\": \"segment\"\n" },
	{ "segment not single",
	  HEAD SCALES "'background': [{'id': 'seg', 'type': 'open', 'role': 'segment'}], " MODS(ITEM_A),
	  P "$.background: the segment variable 'seg' must be a single-choice item\n" },
	{ "role on a module item",
	  HEAD SCALES BG MODS("{'id': 'a', 'type': 'single', 'scale': 'janee', 'role': 'age'}"),
	  P "$.modules[0].items[0]: 'role' is for background variables only\n" },
	{ "text for an unknown wording",
	  HEAD SCALES BG MODS(ITEM_A ", {'id': 'b', 'type': 'open', 'text': {'jong': 'Hoe gaat het?'}}"),
	  P "$.modules[0].items[1]: text for unknown wording version 'jong'\n" },
	{ "wave with an unknown wording",
	  HEAD "'wordings': ['kind'], 'waves': {'2016': 'ik-kind'}, " SCALES BG MODS(ITEM_A),
	  P "$.waves: wave '2016' uses unknown wording 'ik-kind'\n" },
	{ "respondent id column is an item",
	  HEAD "'respondent_id': 'a', " SCALES BG MODS(ITEM_A),
	  P "$.respondent_id: 'a' is also an item id\n" },
	{ "invalid JSON",
	  "{\n  'format': 'tevreden-questionnaire-1',\n  'id' 't'\n}",
	  "tevreden: t.json:3:8: invalid JSON near '\"t\"'\n" },
	{ "truncated JSON",
	  HEAD "\n'scales': {",
	  "tevreden: t.json:2:12: invalid JSON: unexpected end of file\n" },
	{ "empty definition", "", "tevreden: t.json:1:1: invalid JSON: unexpected end of file\n" },
	{ "garbage after the definition",
	  VALID "\n}", "^tevreden: t.json:2:1: invalid JSON" },
};

static char *to_json(const char *def)
{
	char *s = xstrdup(def), *p;

	for (p = s; *p; p++)
		if (*p == '\'')
			*p = '"';
	return s;
}

START_TEST(test_bad_definition)
{
	const struct bad_case *c = &bad_cases[_i];
	struct questionnaire *q = NULL;
	struct capture cap;
	char *json = to_json(c->def), *err;
	char got[1024];
	int rc;

	capture_start(&cap);
	rc = questionnaire_parse("t.json", json, strlen(json), &q);
	err = capture_end(&cap);
	free(json);
	snprintf(got, sizeof(got), "%s", err);
	free(err);
	if (!c->msg) {
		ck_assert_msg(rc == 0, "%s: refused: %s", c->what, got);
		ck_assert_str_eq(got, "");
		ck_assert_ptr_nonnull(q);
		questionnaire_free(q);
		return;
	}
	if (rc == 0)
		questionnaire_free(q);
	ck_assert_msg(rc == -1, "%s: accepted", c->what);
	ck_assert_msg(q == NULL, "%s: *out set on failure", c->what);
	if (c->msg[0] == '^')
		ck_assert_msg(strncmp(got, c->msg + 1, strlen(c->msg + 1)) == 0,
			      "%s: got '%s', expected it to start with '%s'", c->what, got, c->msg + 1);
	else
		ck_assert_msg(strcmp(got, c->msg) == 0, "%s: got '%s', expected '%s'", c->what, got,
			      c->msg);
}
END_TEST

/*
 * A definition parsed from text gets the same checksum as the same file read by
 * questionnaire_load: questionnaire_store finds questionnaires by checksum, and
 * an empty one would make every parsed definition "the same questionnaire".
 */
START_TEST(test_parse_checksum)
{
	struct questionnaire *q = load_template(), *p = NULL;
	char *text = NULL;
	size_t len, nitems;
	char want[65], got[65];

	memcpy(want, q->checksum, sizeof(want));
	questionnaire_free(q);
	ck_assert_int_eq(file_read(TEMPLATE, 1 << 24, &text, &len), 0);
	ck_assert_int_eq(questionnaire_parse(TEMPLATE, text, len, &p), 0);
	free(text);
	nitems = p->nitems;
	memcpy(got, p->checksum, sizeof(got));
	got[64] = '\0';
	questionnaire_free(p);
	ck_assert_uint_eq(nitems, 42);
	ck_assert_msg(strcmp(got, want) == 0, "questionnaire_parse checksum '%s', "
		      "questionnaire_load '%s'", got, want);
}
END_TEST

/* ---- storing ---- */

/* All ids the store handed out, in a fixed order, as one string. */
static char *ids_of(const struct questionnaire *q)
{
	struct buf b;
	size_t i, j;

	buf_init(&b);
	buf_printf(&b, "q%lld w", (long long)q->db_id);
	for (i = 0; i < q->nwordings; i++)
		buf_printf(&b, " %lld", (long long)q->wording_db_id[i]);
	for (i = 0; i < q->nscales; i++) {
		buf_printf(&b, " s%lld:", (long long)q->scales[i]->db_id);
		for (j = 0; j < q->scales[i]->nopt; j++)
			buf_printf(&b, " %lld", (long long)q->scales[i]->opt[j].db_id);
	}
	buf_adds(&b, " i");
	for (i = 0; i < q->nitems; i++)
		buf_printf(&b, " %lld", (long long)q->items[i].db_id);
	return buf_detach(&b);
}

static int all_ids_set(const struct questionnaire *q)
{
	size_t i, j;

	if (q->db_id <= 0)
		return 0;
	for (i = 0; i < q->nwordings; i++)
		if (q->wording_db_id[i] <= 0)
			return 0;
	for (i = 0; i < q->nscales; i++) {
		if (q->scales[i]->db_id <= 0)
			return 0;
		for (j = 0; j < q->scales[i]->nopt; j++)
			if (q->scales[i]->opt[j].db_id <= 0)
				return 0;
	}
	for (i = 0; i < q->nitems; i++)
		if (q->items[i].db_id <= 0)
			return 0;
	return 1;
}

START_TEST(test_store_twice)
{
	char *path = xasprintf("%s/study.tev", tmpdir), *first, *second;
	struct questionnaire *q = load_template();
	struct store *st = NULL;
	int64_t id;
	char *label;

	ck_assert_int_eq(store_create(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(questionnaire_store(q, st), 0);
	ck_assert_int_eq(store_commit(st), 0);
	ck_assert(all_ids_set(q));
	first = ids_of(q);
	ck_assert_int_eq(store_count(st, "questionnaire"), 1);
	ck_assert_int_eq(store_count(st, "item"), 42);
	ck_assert_int_eq(store_questionnaire_find(st, q->checksum, &id), 1);
	ck_assert_int_eq(id, q->db_id);
	label = store_questionnaire_label(st, q->db_id);
	ck_assert_str_eq(label, "ceo-jeugd 2016.1");
	free(label);
	ck_assert_int_eq(store_item_id(st, q->db_id, "wachttijd", &id), 0);
	ck_assert_int_eq(id, item(q, "wachttijd")->db_id);
	questionnaire_free(q);
	store_close(st);

	/* again, from a fresh parse and a fresh handle: found by checksum, same ids */
	q = load_template();
	ck_assert_int_eq(store_open(path, &st), 0);
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(questionnaire_store(q, st), 0);
	ck_assert_int_eq(store_commit(st), 0);
	second = ids_of(q);
	ck_assert_str_eq(second, first);
	ck_assert_int_eq(store_count(st, "questionnaire"), 1);
	ck_assert_int_eq(store_count(st, "item"), 42);

	/* and a third time within the same handle */
	ck_assert_int_eq(store_begin(st), 0);
	ck_assert_int_eq(questionnaire_store(q, st), 0);
	ck_assert_int_eq(store_commit(st), 0);
	free(second);
	second = ids_of(q);
	ck_assert_str_eq(second, first);
	questionnaire_free(q);
	store_close(st);
	free(first);
	free(second);
	free(path);
}
END_TEST

START_TEST(test_load_missing_file)
{
	struct questionnaire *q = NULL;
	struct capture cap;
	char *err;

	capture_start(&cap);
	ck_assert_int_eq(questionnaire_load("templates/questionnaires/nope.json", &q), -1);
	err = capture_end(&cap);
	ck_assert_str_eq(err, "tevreden: cannot open 'templates/questionnaires/nope.json': "
			 "No such file or directory\n");
	free(err);
	ck_assert_ptr_null(q);
	questionnaire_free(NULL);
}
END_TEST

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

static Suite *questionnaire_suite(void)
{
	Suite *s = suite_create("questionnaire");
	TCase *tc = tcase_create("template");

	tcase_add_test(tc, test_template);
	tcase_add_test(tc, test_template_routing);
	tcase_add_test(tc, test_load_missing_file);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_loop_test(tc, test_bad_definition, 0, N(bad_cases));
	tcase_add_test(tc, test_parse_checksum);
	suite_add_tcase(s, tc);

	tc = tcase_create("store");
	tcase_add_unchecked_fixture(tc, setup_run, teardown_run);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_store_twice);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(questionnaire_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
