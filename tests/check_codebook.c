/* check_codebook.c: unit tests of code/codebook: the shipped codebook, pattern syntax, every error message, the lexicons. */
#include "tests/testutil.h"
#include "code/codebook.h"
#include "core/util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))
#define SHIPPED "templates/codebooks/jeugdhulp.json"

/* One directory per run (removed at the end even when a test fails), one below it per test. */
static char topdir[64];
static char tmpdir[128];


static char *write_tmp(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(text, 1, strlen(text), f), strlen(text));
	ck_assert_int_eq(fclose(f), 0);
	return path;
}

static void rm_rf(const char *dir)
{
	char *cmd = xasprintf("rm -rf '%s'", dir);

	ck_assert_int_eq(system(cmd), 0);
	free(cmd);
}

static void setup_run(void)
{
	snprintf(topdir, sizeof(topdir), "/tmp/check_codebook.XXXXXX");
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

/* ---- the shipped codebook ---- */

static const char *const themes[] = {
	"bejegening", "wachttijd", "wisselende_hulpverleners", "bereikbaarheid",
	"informatievoorziening", "samenwerking", "regie_inspraak", "passende_hulp", "deskundigheid",
	"praktische_hulp", "laagdrempeligheid", "culturele_sensitiviteit", "effect", "macht_dwang",
};

START_TEST(test_shipped)
{
	struct codebook *cb = NULL;
	char sum[65];
	size_t i, nneg = 0, nval = 0, nhedge = 0;

	ck_assert_int_eq(codebook_load(SHIPPED, &cb), 0);
	ck_assert_str_eq(cb->id, "jeugdhulp");
	ck_assert_str_eq(cb->version, "2017.3");
	ck_assert_str_eq(cb->file, SHIPPED);
	ck_assert_str_eq(cb->negation_file, "templates/codebooks/../lexicon/negatie.txt");
	ck_assert_str_eq(cb->valence_file, "templates/codebooks/../lexicon/valentie.tsv");
	ck_assert_int_eq(file_sha256(SHIPPED, sum), 0);
	ck_assert_str_eq(cb->checksum, sum);
	for (i = 0; i < (size_t)N(themes); i++) {
		long k = codebook_find(cb, themes[i]);
		const struct codebook_code *c;

		ck_assert_msg(k >= 0, "theme '%s' is missing", themes[i]);
		c = &cb->codes[k];
		ck_assert_str_eq(c->polarities, "+-~");
		ck_assert_ptr_nonnull(c->parent);
		ck_assert_int_ge(c->parent_index, 0);
		ck_assert_ptr_null(cb->codes[c->parent_index].parent);
		ck_assert(codebook_is_under(cb, (size_t)k, (size_t)c->parent_index));
		ck_assert(!codebook_is_under(cb, (size_t)c->parent_index, (size_t)k));
		ck_assert_uint_ge(c->nmatch, 5);
		ck_assert_uint_ge(c->npositive, 3);
		ck_assert_uint_ge(c->nnegative, 3);
		ck_assert(c->default_polarity != 0);
		ck_assert(c->label[0] && c->description[0]);
	}
	ck_assert_str_eq(cb->codes[codebook_find(cb, "bejegening")].parent, "hulpverlener");
	ck_assert_str_eq(cb->codes[codebook_find(cb, "wachttijd")].parent, "toegang");
	ck_assert_int_eq(codebook_find(cb, "bestaat_niet"), -1);
	for (i = 0; i < cb->nlex; i++) {
		nneg += cb->lex[i].kind == CODEBOOK_NEG;
		nval += cb->lex[i].kind == CODEBOOK_VAL;
		nhedge += cb->lex[i].kind == CODEBOOK_HEDGE;
	}
	ck_assert_uint_ge(nneg, 30);
	ck_assert_uint_ge(nval, 300);
	ck_assert_uint_ge(nhedge, 15);
	ck_assert_str_eq(cb->lex[0].pattern.source, "niet");
	ck_assert_int_eq(cb->lex[0].kind, CODEBOOK_NEG);
	codebook_free(cb);
	codebook_free(NULL);
}
END_TEST

/* ---- pattern syntax ---- */

static const char good[] =
	"{\"format\": \"tevreden-codebook-1\", \"id\": \"t\", \"version\": \"1\", \"label\": \"T\",\n"
	" \"codes\": [\n"
	"  {\"id\": \"top\", \"label\": \"Top\", \"polarities\": \"\"},\n"
	"  {\"id\": \"w\", \"label\": \"W\", \"parent\": \"top\", \"polarities\": \"~-+\", \"default\": \"-\",\n"
	"   \"match\": [\"Wacht\", \"=Tolk\", \"wacht*\", \"dag|Week\", \"kastje naar de muur\",\n"
	"     {\"near\": [\"steeds\", \"ander|nieuwe\"], \"within\": 4, \"unless\": [\"iets anders\"]},\n"
	"     {\"phrase\": \"één gezicht\"}],\n"
	"   \"exclude\": [\"wachtkamer\"],\n"
	"   \"positive\": [{\"phrase\": \"snel\", \"weight\": 2}], \"negative\": [\"lang\"],\n"
	"   \"examples\": [\"Ik wacht.\"]}]}\n";

/* Word lists: "@name" stands for the list's words among the alternatives of one position. */
static const char lists[] =
	"{\"format\": \"tevreden-codebook-1\", \"id\": \"t\", \"version\": \"1\", \"label\": \"T\",\n"
	" \"words\": {\"helper\": \"Voogd|begeleider*\", \"tijd\": [\"dag|dagen\", \"=week\"]},\n"
	" \"codes\": [{\"id\": \"w\", \"label\": \"W\",\n"
	"   \"match\": [\"nieuwe @helper\", {\"near\": [\"@tijd|maand\", \"@helper\"], \"within\": 3}]}]}\n";

START_TEST(test_word_lists)
{
	struct codebook *cb = NULL;
	const struct codebook_pattern *p;

	ck_assert_int_eq(codebook_parse("t.json", lists, strlen(lists), &cb), 0);
	p = &cb->codes[0].match[0];
	ck_assert_str_eq(p->source, "nieuwe @helper");
	ck_assert_uint_eq(p->nslots, 2);
	ck_assert_uint_eq(p->slots[1].nterms, 2);
	ck_assert_str_eq(p->slots[1].terms[0].text, "voogd");	/* folded */
	ck_assert_str_eq(p->slots[1].terms[1].text, "begeleider");
	ck_assert(p->slots[1].terms[1].prefix);
	p = &cb->codes[0].match[1];
	ck_assert_uint_eq(p->slots[0].nterms, 4);	/* dag, dagen, =week, maand: in order */
	ck_assert_str_eq(p->slots[0].terms[2].text, "week");
	ck_assert(p->slots[0].terms[2].exact);
	ck_assert_str_eq(p->slots[0].terms[3].text, "maand");
	ck_assert_uint_eq(p->slots[1].nterms, 2);
	codebook_free(cb);
}
END_TEST

START_TEST(test_patterns)
{
	struct codebook *cb = NULL;
	const struct codebook_code *c;
	const struct codebook_pattern *p;

	ck_assert_int_eq(codebook_parse("t.json", good, strlen(good), &cb), 0);
	ck_assert_uint_eq(cb->ncodes, 2);
	ck_assert_str_eq(cb->codes[0].polarities, "");
	ck_assert_int_eq(cb->codes[0].parent_index, -1);
	ck_assert_str_eq(cb->description, "");
	ck_assert_ptr_null(cb->negation_file);
	ck_assert_uint_eq(cb->nlex, 0);
	c = &cb->codes[1];
	ck_assert_str_eq(c->polarities, "+-~");	/* normalised order */
	ck_assert_int_eq(c->default_polarity, '-');
	ck_assert_int_eq(c->parent_index, 0);
	ck_assert_uint_eq(c->nmatch, 7);
	p = &c->match[0];
	ck_assert_str_eq(p->source, "Wacht");
	ck_assert_str_eq(p->path, "$.codes[1].match[0]");
	ck_assert_uint_eq(p->nslots, 1);
	ck_assert_str_eq(p->slots[0].terms[0].text, "wacht");	/* folded */
	ck_assert(!p->slots[0].terms[0].exact && !p->slots[0].terms[0].prefix);
	p = &c->match[1];
	ck_assert_str_eq(p->slots[0].terms[0].text, "tolk");
	ck_assert(p->slots[0].terms[0].exact);
	p = &c->match[2];
	ck_assert_str_eq(p->slots[0].terms[0].text, "wacht");
	ck_assert(p->slots[0].terms[0].prefix);
	p = &c->match[3];
	ck_assert_uint_eq(p->slots[0].nterms, 2);
	ck_assert_str_eq(p->slots[0].terms[1].text, "week");
	p = &c->match[4];
	ck_assert_uint_eq(p->nslots, 4);
	ck_assert(!p->near);
	ck_assert_str_eq(p->slots[3].terms[0].text, "muur");
	p = &c->match[5];
	ck_assert(p->near);
	ck_assert_int_eq(p->within, 4);
	ck_assert_uint_eq(p->nslots, 2);
	ck_assert_uint_eq(p->slots[1].nterms, 2);
	ck_assert_str_eq(p->source, "steeds ~ ander|nieuwe (4)");
	ck_assert_uint_eq(p->nunless, 1);
	ck_assert_uint_eq(p->unless[0].nslots, 2);
	ck_assert_str_eq(p->unless[0].path, "$.codes[1].match[5].unless[0]");
	p = &c->match[6];
	ck_assert_str_eq(p->slots[0].terms[0].text, "één");
	ck_assert_uint_eq(c->nexclude, 1);
	ck_assert(c->positive[0].weight == 2);
	ck_assert(c->negative[0].weight == 1);
	ck_assert(codebook_is_under(cb, 1, 0));
	ck_assert(codebook_is_under(cb, 1, 1));
	ck_assert(!codebook_is_under(cb, 0, 1));
	codebook_free(cb);
}
END_TEST

/* ---- errors: every message, exactly ---- */

struct err_case {
	const char *json;
	const char *want;	/* after "tevreden: " */
};

#define HEAD "{\"format\": \"tevreden-codebook-1\", \"id\": \"t\", \"version\": \"1\", \"label\": \"T\", "
#define CODE(x) HEAD "\"codes\": [{\"id\": \"a\", \"label\": \"A\", " x "}]}"
#define MATCH(x) CODE("\"match\": [" x "]")

static const struct err_case err_cases[] = {
	{ "[]", "e.json: $: expected a codebook object" },
	{ "{\"format\": 1}", "e.json: $: 'format' is a number, expected a string" },
	{ "{}", "e.json: $: missing 'format', expected a string" },
	{ "{\"format\": \"tevreden-codebook-2\"}",
	  "e.json: $: 'format' is 'tevreden-codebook-2', expected 'tevreden-codebook-1'" },
	{ HEAD "\"codez\": []}",
	  "e.json: $: unknown key 'codez' (expected one of: format, id, version, label, description, "
	  "lexicons, words, codes)" },
	{ "{\"format\": \"tevreden-codebook-1\", \"id\": \"t\", \"label\": \"T\", \"codes\": []}",
	  "e.json: $: missing 'version', expected a string" },
	{ "{\"format\": \"tevreden-codebook-1\", \"id\": \"Jeugd\", \"version\": \"1\", \"label\": \"T\", "
	  "\"codes\": []}",
	  "e.json: $: 'id' is 'Jeugd', expected [a-z][a-z0-9_-]*" },
	{ "{\"format\": \"tevreden-codebook-1\", \"id\": \"t\", \"version\": \"2017 1\", \"label\": \"T\", "
	  "\"codes\": []}",
	  "e.json: $: 'version' is '2017 1', expected letters, digits, '.', '-', '_'" },
	{ HEAD "\"codes\": []}", "e.json: $: 'codes' is empty" },
	{ HEAD "\"codes\": {}}", "e.json: $: 'codes' is an object, expected an array" },
	{ HEAD "\"lexicons\": {\"negatie\": \"n.txt\"}, \"codes\": []}",
	  "e.json: $.lexicons: unknown key 'negatie' (expected one of: negation, valence)" },
	{ HEAD "\"codes\": [1]}", "e.json: $.codes[0]: expected a code object" },
	{ HEAD "\"codes\": [{\"id\": \"a\"}]}", "e.json: $.codes[0]: missing 'label', expected a string" },
	{ HEAD "\"codes\": [{\"id\": \"Wacht\", \"label\": \"W\"}]}",
	  "e.json: $.codes[0]: 'id' is 'Wacht', expected [a-z][a-z0-9_]*" },
	{ HEAD "\"codes\": [{\"id\": \"a\", \"label\": \"\"}]}", "e.json: $.codes[0]: 'label' is empty" },
	{ HEAD "\"codes\": [{\"id\": \"a\", \"label\": \"A\", \"lable\": \"A\"}]}",
	  "e.json: $.codes[0]: unknown key 'lable' (expected one of: id, label, description, parent, "
	  "polarities, default, match, exclude, positive, negative, examples)" },
	{ HEAD "\"codes\": [{\"id\": \"a\", \"label\": \"A\"}, {\"id\": \"b\", \"label\": \"B\"}, "
	  "{\"id\": \"a\", \"label\": \"A\"}]}",
	  "e.json: $.codes[2]: duplicate code 'a' (also $.codes[0])" },
	{ CODE("\"parent\": \"x\""), "e.json: $.codes[0]: 'parent' is 'x', which is not a code of this codebook" },
	{ HEAD "\"codes\": [{\"id\": \"a\", \"label\": \"A\", \"parent\": \"b\"}, "
	  "{\"id\": \"b\", \"label\": \"B\", \"parent\": \"a\"}]}",
	  "e.json: $.codes[0]: code 'a' is its own ancestor (via 'parent')" },
	{ CODE("\"parent\": \"a\""), "e.json: $.codes[0]: code 'a' is its own ancestor (via 'parent')" },
	{ CODE("\"polarities\": \"+x\""), "e.json: $.codes[0]: 'polarities' has 'x', expected a subset of \"+-~\"" },
	{ CODE("\"polarities\": \"+-+\""), "e.json: $.codes[0]: 'polarities' has '+' twice" },
	{ CODE("\"polarities\": \"+-\", \"default\": \"~\""),
	  "e.json: $.codes[0]: 'default' is '~', expected one of the polarities \"+-\"" },
	{ CODE("\"polarities\": \"\", \"default\": \"\""),
	  "e.json: $.codes[0]: 'default' is '', expected one of the polarities \"\"" },
	{ CODE("\"match\": \"wacht\""), "e.json: $.codes[0]: 'match' is a string, expected an array" },
	{ CODE("\"positive\": [\"snel\"]"), "e.json: $.codes[0]: 'positive' needs 'match' rules" },
	{ CODE("\"exclude\": [\"snel\"]"), "e.json: $.codes[0]: 'exclude' needs 'match' rules" },
	{ CODE("\"match\": [\"a\"], \"examples\": [1]"), "e.json: $.codes[0]: 'examples' must hold strings" },
	{ MATCH("2"), "e.json: $.codes[0].match[0]: expected a word, a phrase or a pattern object" },
	{ MATCH("\"wacht\", \"  \""), "e.json: $.codes[0].match[1]: empty pattern" },
	{ MATCH("\"e-mail\""),
	  "e.json: $.codes[0].match[0]: 'e-mail' is not a word (letters and digits only; write the parts "
	  "of a phrase separated by spaces)" },
	{ MATCH("\"naar de muur.\""),
	  "e.json: $.codes[0].match[0]: 'muur.' is not a word (letters and digits only; write the parts "
	  "of a phrase separated by spaces)" },
	{ MATCH("\"wa*\""), "e.json: $.codes[0].match[0]: 'wa*': a wildcard needs at least 3 letters before '*'" },
	{ MATCH("\"=wacht*\""), "e.json: $.codes[0].match[0]: '=wacht*' combines '=' and '*'" },
	{ MATCH("\"a||b\""), "e.json: $.codes[0].match[0]: empty word in 'a||b'" },
	{ MATCH("\"=\""), "e.json: $.codes[0].match[0]: empty word in '='" },
	{ MATCH("{\"word\": \"a\"}"),
	  "e.json: $.codes[0].match[0]: unknown key 'word' (expected one of: phrase, near, within, unless, "
	  "weight)" },
	{ MATCH("{\"phrase\": \"a\", \"near\": [\"a\", \"b\"]}"),
	  "e.json: $.codes[0].match[0]: expected exactly one of 'phrase' and 'near'" },
	{ MATCH("{}"), "e.json: $.codes[0].match[0]: expected exactly one of 'phrase' and 'near'" },
	{ MATCH("{\"phrase\": \"a\", \"within\": 3}"), "e.json: $.codes[0].match[0]: 'within' belongs with 'near'" },
	{ MATCH("{\"phrase\": 3}"), "e.json: $.codes[0].match[0]: 'phrase' is a number, expected a string" },
	{ MATCH("{\"near\": [\"a\"], \"within\": 3}"), "e.json: $.codes[0].match[0]: 'near' needs at least two words" },
	{ MATCH("{\"near\": \"a b\", \"within\": 3}"), "e.json: $.codes[0].match[0]: 'near' is a string, expected an array" },
	{ MATCH("{\"near\": [\"a\", \"b c\"], \"within\": 3}"),
	  "e.json: $.codes[0].match[0].near[1]: 'b c' is not one word; 'near' takes single words" },
	{ MATCH("{\"near\": [\"a\", 1], \"within\": 3}"), "e.json: $.codes[0].match[0].near[1]: expected a word" },
	{ MATCH("{\"near\": [\"a\", \"b-c\"], \"within\": 3}"),
	  "e.json: $.codes[0].match[0].near[1]: 'b-c' is not a word (letters and digits only; write the parts "
	  "of a phrase separated by spaces)" },
	{ MATCH("{\"near\": [\"a\", \"b\"]}"), "e.json: $.codes[0].match[0]: missing 'within', expected a number" },
	{ MATCH("{\"near\": [\"a\", \"b\"], \"within\": 0}"), "e.json: $.codes[0].match[0]: 'within' is 0, expected 1..50" },
	{ MATCH("{\"near\": [\"a\", \"b\"], \"within\": 51}"), "e.json: $.codes[0].match[0]: 'within' is 51, expected 1..50" },
	{ MATCH("{\"near\": [\"a\", \"b\"], \"within\": 2.5}"),
	  "e.json: $.codes[0].match[0]: 'within' is 2.5, expected a whole number" },
	{ MATCH("{\"phrase\": \"a\", \"weight\": 2}"),
	  "e.json: $.codes[0].match[0]: 'weight' is only allowed in 'positive' and 'negative' cues" },
	{ CODE("\"match\": [\"a\"], \"negative\": [{\"phrase\": \"b\", \"weight\": 0}]"),
	  "e.json: $.codes[0].negative[0]: 'weight' is 0, expected more than 0 and at most 10" },
	{ CODE("\"match\": [\"a\"], \"positive\": [\"b\", {\"phrase\": \"c\", \"weight\": \"2\"}]"),
	  "e.json: $.codes[0].positive[1]: 'weight' is a string, expected a number" },
	{ MATCH("{\"phrase\": \"a\", \"unless\": \"b\"}"), "e.json: $.codes[0].match[0]: 'unless' is a string, expected an array" },
	{ MATCH("{\"phrase\": \"a\", \"unless\": [\"b\", \"c-d\"]}"),
	  "e.json: $.codes[0].match[0].unless[1]: 'c-d' is not a word (letters and digits only; write the parts "
	  "of a phrase separated by spaces)" },
	{ MATCH("{\"phrase\": \"a\", \"unless\": [{\"phrase\": \"b\", \"unless\": [\"c\"]}]}"),
	  "e.json: $.codes[0].match[0].unless[0]: 'unless' cannot be nested" },
	{ HEAD "\"lexicons\": {\"negation\": \"nope.txt\"}, \"codes\": [{\"id\": \"a\", \"label\": \"A\"}]}",
	  "e.json: $.lexicons: 'negation': cannot open 'nope.txt': No such file or directory" },
	{ "{\"format\": \"tevreden-codebook-1\",\n \"id\": tevreden}", "e.json:2:8: invalid JSON near 'tevreden}'" },
	/* word lists */
	{ MATCH("\"@hulp\""), "e.json: $.codes[0].match[0]: unknown word list '@hulp' (see $.words)" },
	{ HEAD "\"words\": {\"hulp\": \"a|b\"}, \"codes\": [{\"id\": \"a\", \"label\": \"A\", "
	  "\"match\": [{\"near\": [\"x\", \"@hulpp\"], \"within\": 2}]}]}",
	  "e.json: $.codes[0].match[0].near[1]: unknown word list '@hulpp' (see $.words)" },
	{ HEAD "\"words\": [\"a\"], \"codes\": []}", "e.json: $: 'words' is an array, expected an object" },
	{ HEAD "\"words\": {\"Hulp\": \"a\"}, \"codes\": []}",
	  "e.json: $.words: list name 'Hulp', expected [a-z][a-z0-9_]*" },
	{ HEAD "\"words\": {\"hulp\": 3}, \"codes\": []}",
	  "e.json: $.words.hulp: expected a string of words (\"a|b\") or a non-empty array of them" },
	{ HEAD "\"words\": {\"hulp\": []}, \"codes\": []}",
	  "e.json: $.words.hulp: expected a string of words (\"a|b\") or a non-empty array of them" },
	{ HEAD "\"words\": {\"hulp\": [\"a\", 1]}, \"codes\": []}", "e.json: $.words.hulp[1]: expected a word" },
	{ HEAD "\"words\": {\"hulp\": \"a|b-c\"}, \"codes\": []}",
	  "e.json: $.words.hulp: 'b-c' is not a word (letters and digits only; write the parts "
	  "of a phrase separated by spaces)" },
	{ HEAD "\"words\": {\"hulp\": \"a|@mens\", \"mens\": \"b\"}, \"codes\": []}",
	  "e.json: $.words.hulp: '@mens': a word list cannot name another list" },
};

START_TEST(test_errors)
{
	const struct err_case *c = &err_cases[_i];
	struct codebook *cb = (struct codebook *)1;
	struct capture cap;
	char *err, *want = xasprintf("tevreden: %s\n", c->want);
	int rc;

	capture_start(&cap);
	rc = codebook_parse("e.json", c->json, strlen(c->json), &cb);
	err = capture_end(&cap);
	ck_assert_int_eq(rc, -1);
	ck_assert_ptr_null(cb);
	ck_assert_msg(strcmp(err, want) == 0, "case %d:\n got  %s want %s", _i, err, want);
	free(err);
	free(want);
}
END_TEST

START_TEST(test_load_errors)
{
	struct codebook *cb = NULL;
	struct capture cap;
	char *empty = write_tmp("empty.json", "");
	char *err, *want;

	capture_start(&cap);
	ck_assert_int_eq(codebook_load(empty, &cb), -1);
	ck_assert_int_eq(codebook_load("/nonexistent/cb.json", &cb), -1);
	err = capture_end(&cap);
	want = xasprintf("tevreden: %s: empty file, expected a JSON object\n"
			 "tevreden: cannot open '/nonexistent/cb.json': No such file or directory\n", empty);
	ck_assert_str_eq(err, want);
	ck_assert_ptr_null(cb);
	free(err);
	free(want);
	free(empty);
}
END_TEST

/* ---- lexicons ---- */

struct lex_case {
	const char *negation, *valence;	/* file contents */
	const char *want;		/* after "tevreden: DIR/" ; NULL = loads */
	size_t nlex;
};

static const struct lex_case lex_cases[] = {
	{ "# comment\n\nniet\ngeen\tneg\nmaar\tbound\nniet alleen\tpass\n",
	  "goed\tval\t1.5\n# c\nniet echt\thedge\t-0.4\nheel\tintens\t1.5\n\n", NULL, 7 },
	{ "niet\r\nmaar\tbound\r\n", "goed\tval\t1\r\n", NULL, 3 },
	{ "", "", NULL, 0 },
	{ "niet\tfoo\n", "", "neg.txt:1: kind 'foo' is not one of neg, bound, pass", 0 },
	{ "niet\tneg\tx\n", "", "neg.txt:1: expected an entry and optionally a kind, separated by a tab, found 3 fields", 0 },
	{ "\tneg\n", "", "neg.txt:1: empty entry", 0 },
	{ "niet\n\nniet\n", "", "neg.txt:3: 'niet' is already an entry (DIR/neg.txt:1)", 0 },
	{ "niet\n", "niet\tval\t1\n", "val.tsv:1: 'niet' is already an entry (DIR/neg.txt:1)", 0 },
	{ "e-mail\n", "", "neg.txt:1: 'e-mail' is not a word (letters and digits only; write the parts of a "
			  "phrase separated by spaces)", 0 },
	{ "", "goed\tval\n", "val.tsv:1: expected 3 tab-separated fields (entry, kind, weight), found 2 fields", 0 },
	{ "", "goed\n", "val.tsv:1: expected 3 tab-separated fields (entry, kind, weight), found 1 field", 0 },
	{ "", "goed\tval\t1\tx\n", "val.tsv:1: expected 3 tab-separated fields (entry, kind, weight), found 4 fields", 0 },
	{ "", "goed\tneg\t1\n", "val.tsv:1: kind 'neg' is not one of val, hedge, intens", 0 },
	{ "", "goed\tval\tveel\n", "val.tsv:1: weight 'veel' is not a number", 0 },
	{ "", "goed\tval\t5\n", "val.tsv:1: weight 5 of 'goed' is outside -3..3 (not 0)", 0 },
	{ "", "goed\tval\t0\n", "val.tsv:1: weight 0 of 'goed' is outside -3..3 (not 0)", 0 },
	{ "", "wel\thedge\t1.5\n", "val.tsv:1: weight 1.5 of 'wel' is outside -1..1 (not 0)", 0 },
	{ "", "heel\tintens\t1\n", "val.tsv:1: weight 1 of 'heel' is outside (1, 3]", 0 },
	{ "a\0b\n", "", "neg.txt: contains a NUL byte, expected UTF-8 text", 0 },
	{ "niet @a\n", "", "neg.txt:1: '@a': word lists belong in codebooks, not in lexicons", 0 },
};

START_TEST(test_lexicons)
{
	const struct lex_case *c = &lex_cases[_i];
	char *neg, *val, *cbfile, *err, *want = NULL;
	struct codebook *cb = NULL;
	struct capture cap;
	FILE *f;
	int rc;
	static const char json[] =
		"{\"format\": \"tevreden-codebook-1\", \"id\": \"t\", \"version\": \"1\", \"label\": \"T\",\n"
		" \"lexicons\": {\"negation\": \"neg.txt\", \"valence\": \"val.tsv\"},\n"
		" \"codes\": [{\"id\": \"a\", \"label\": \"A\", \"match\": [\"a\"]}]}\n";

	neg = xasprintf("%s/neg.txt", tmpdir);
	f = fopen(neg, "wb");
	ck_assert_ptr_nonnull(f);
	/* The NUL case needs its length: "a\0b\n" is 4 bytes. */
	if (c->negation[0] == 'a' && c->negation[1] == '\0')
		ck_assert_uint_eq(fwrite(c->negation, 1, 4, f), 4);
	else
		ck_assert_uint_eq(fwrite(c->negation, 1, strlen(c->negation), f), strlen(c->negation));
	ck_assert_int_eq(fclose(f), 0);
	val = write_tmp("val.tsv", c->valence);
	cbfile = write_tmp("cb.json", json);
	capture_start(&cap);
	rc = codebook_load(cbfile, &cb);
	err = capture_end(&cap);
	if (!c->want) {
		ck_assert_msg(rc == 0, "case %d: %s", _i, err);
		ck_assert_str_eq(err, "");
		ck_assert_uint_eq(cb->nlex, c->nlex);
		if (_i == 0) {
			ck_assert_int_eq(cb->lex[1].kind, CODEBOOK_NEG);
			ck_assert_int_eq(cb->lex[2].kind, CODEBOOK_BOUND);
			ck_assert_int_eq(cb->lex[3].kind, CODEBOOK_PASS);
			ck_assert_uint_eq(cb->lex[3].pattern.nslots, 2);
			ck_assert_int_eq(cb->lex[4].kind, CODEBOOK_VAL);
			ck_assert(cb->lex[4].pattern.weight == 1.5);
			ck_assert(cb->lex[4].pattern.slots[0].terms[0].exact);	/* whole words */
			ck_assert_int_eq(cb->lex[5].kind, CODEBOOK_HEDGE);
			ck_assert(cb->lex[5].pattern.weight == -0.4);
			ck_assert_int_eq(cb->lex[6].kind, CODEBOOK_INTENS);
			ck_assert_str_eq(cb->lex[6].pattern.path + strlen(val), ":4");
		}
		codebook_free(cb);
	} else {
		char *w = xasprintf("tevreden: %s/%s\n", tmpdir, c->want);
		char *dir = strstr(w, "DIR/");

		if (dir) {
			char *fixed = xasprintf("%.*s%s/%s", (int)(dir - w), w, tmpdir, dir + 4);

			free(w);
			w = fixed;
		}
		want = w;
		ck_assert_int_eq(rc, -1);
		ck_assert_ptr_null(cb);
		ck_assert_msg(strcmp(err, want) == 0, "case %d:\n got  %s want %s", _i, err, want);
	}
	free(err);
	free(want);
	free(neg);
	free(val);
	free(cbfile);
}
END_TEST

static Suite *codebook_suite(void)
{
	Suite *s = suite_create("codebook");
	TCase *tc = tcase_create("codebook");

	tcase_add_test(tc, test_shipped);
	tcase_add_test(tc, test_patterns);
	tcase_add_test(tc, test_word_lists);
	tcase_add_loop_test(tc, test_errors, 0, N(err_cases));
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, setup_run, teardown_run);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load_errors);
	tcase_add_loop_test(tc, test_lexicons, 0, N(lex_cases));
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(codebook_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
