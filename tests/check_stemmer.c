/* check_stemmer.c: unit tests of code/tokenize (offsets, folding, sentences, [remarks]) and code/stemmer (stems, parts, verb roots, cache). */
#include "tests/testutil.h"
#include "code/stemmer.h"
#include "code/tokenize.h"
#include "core/util.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* ---- capturing what a call prints on fd 2 ---- */


/* ---- tokenizer ---- */

/*
 * Tokens rendered as "form:start-end:sentence.pos" (code points), with "c"
 * appended when TOKENIZE_CLAUSE is set, separated by spaces.
 */
static char *render(const char *text, size_t len)
{
	struct tokenize t;
	struct buf b;
	size_t i;

	tokenize_init(&t);
	ck_assert_int_eq(tokenize_text(&t, text, len), 0);
	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < t.n; i++) {
		const struct tokenize_token *k = &t.v[i];

		buf_printf(&b, "%s%s:%u-%u:%u.%u%s", i ? " " : "", tokenize_form(&t, i), k->start,
			   k->end, k->sentence, k->pos, (k->flags & TOKENIZE_CLAUSE) ? "c" : "");
		ck_assert_uint_eq(strlen(tokenize_form(&t, i)), k->len);
	}
	if (t.n)
		ck_assert_uint_eq(t.sentences, t.v[t.n - 1].sentence + 1);
	else
		ck_assert_uint_eq(t.sentences, 0);
	tokenize_release(&t);
	return buf_detach(&b);
}

struct tok_case {
	const char *text;
	const char *want;
};

static const struct tok_case tok_cases[] = {
	{ "Ik wacht.", "ik:0-2:0.0 wacht:3-8:0.1" },
	{ "", "" },
	{ "  ...  ", "" },
	/* diacritics: offsets count code points, not bytes */
	{ "Eén cliënt", "eén:0-3:0.0 cliënt:4-10:0.1" },
	{ "cliënten, één", "cliënten:0-8:0.0 één:10-13:0.1c" },
	/* decomposed ë (e + U+0308) is folded to NFC; offsets are the original's */
	{ "clie\xcc\x88nt wacht", "cliënt:0-7:0.0 wacht:8-13:0.1" },
	{ "WACHTLIJST Straße", "wachtlijst:0-10:0.0 strasse:11-17:0.1" },
	{ "GEÏNFORMEERD", "geïnformeerd:0-12:0.0" },
	/* [remarks] and placeholders are skipped but counted */
	{ "Niemand van [naam instelling] belde.", "niemand:0-7:0.0 van:8-11:0.1 belde:30-35:0.2" },
	{ "[00:03:40] Ja.", "ja:11-13:0.0" },
	{ "Ja [lacht] nee", "ja:0-2:0.0 nee:11-14:0.1" },
	{ "Ja [lacht\nNee", "ja:0-2:0.0 nee:10-13:1.0" },
	{ "Één [stilte] één", "één:0-3:0.0 één:13-16:0.1" },
	/* sentences */
	{ "Goed. Echt goed! Wat? Ja", "goed:0-4:0.0 echt:6-10:1.0 goed:11-15:1.1 wat:17-20:2.0 ja:22-24:3.0" },
	{ "Verraden…gewoon", "verraden:0-8:0.0 gewoon:9-15:0.1" },
	{ "Verraden… Gewoon", "verraden:0-8:0.0 gewoon:10-16:1.0" },
	{ "eerst\nDan", "eerst:0-5:0.0 dan:6-9:1.0" },
	{ "Bijv. de lijst", "bijv:0-4:0.0 de:6-8:0.1 lijst:9-14:0.2" },
	{ "o.a. dit", "o:0-1:0.0 a:2-3:0.1 dit:5-8:0.2" },
	{ "www.jeugd.nl is goed.", "www:0-3:0.0 jeugd:4-9:0.1 nl:10-12:0.2 is:13-15:0.3 goed:16-20:0.4" },
	{ "Een 8. Goed", "een:0-3:0.0 8:4-5:0.1 goed:7-11:1.0" },
	/* clauses */
	{ "Snel, goed; maar: lang", "snel:0-4:0.0 goed:6-10:0.1c maar:12-16:0.2c lang:18-22:0.3c" },
	{ "een 7,5 gekregen", "een:0-3:0.0 7:4-5:0.1 5:6-7:0.2 gekregen:8-16:0.3" },
	{ "goed - maar", "goed:0-4:0.0 maar:7-11:0.1c" },
	{ "e-mail", "e:0-1:0.0 mail:2-6:0.1" },
	{ "foto's", "foto:0-4:0.0 s:5-6:0.1" },
	/* invalid UTF-8: one code point per bad byte, a separator */
	{ "ab\xff" "cd", "ab:0-2:0.0 cd:3-5:0.1" },
	{ "ab\xc3", "ab:0-2:0.0" },
};

START_TEST(test_tokenize)
{
	const struct tok_case *c = &tok_cases[_i];
	char *got = render(c->text, strlen(c->text));

	ck_assert_msg(strcmp(got, c->want) == 0, "tokenize(\"%s\"):\n got  %s\n want %s", c->text,
		      got, c->want);
	free(got);
}
END_TEST

/* Byte offsets slice the original text. */
START_TEST(test_tokenize_bytes)
{
	const char *text = "Eén cliënt [lacht] wachtte";
	struct tokenize t;

	tokenize_init(&t);
	ck_assert_int_eq(tokenize_text(&t, text, strlen(text)), 0);
	ck_assert_uint_eq(t.n, 3);
	ck_assert_int_eq(memcmp(text + t.v[1].byte_start, "cliënt", 7), 0);
	ck_assert_uint_eq(t.v[1].byte_end - t.v[1].byte_start, 7);
	ck_assert_int_eq(memcmp(text + t.v[2].byte_start, "wachtte", 7), 0);
	ck_assert(t.v[0].flags == 0);
	ck_assert(t.v[2].flags & TOKENIZE_ASCII);
	/* Reuse: a second text replaces the first. */
	ck_assert_int_eq(tokenize_text(&t, "ja", 2), 0);
	ck_assert_uint_eq(t.n, 1);
	ck_assert_str_eq(tokenize_form(&t, 0), "ja");
	tokenize_release(&t);
}
END_TEST

/* Text need not be NUL-terminated: only len bytes are read. */
START_TEST(test_tokenize_len)
{
	char *got = render("wacht even", 5);

	ck_assert_str_eq(got, "wacht:0-5:0.0");
	free(got);
}
END_TEST

struct fold_case {
	const char *in, *want_fold, *want_plain;	/* plain NULL: no marks to strip */
	int word;
};

static const struct fold_case fold_cases[] = {
	{ "Wachtlijst", "wachtlijst", NULL, 1 },
	{ "ÉÉN", "één", "een", 1 },
	{ "Cliënt", "cliënt", "client", 1 },
	{ "clie\xcc\x88nt", "cliënt", "client", 1 },
	{ "e-mail", "e-mail", NULL, 0 },
	{ "wacht*", "wacht*", NULL, 0 },
	{ "", "", NULL, 0 },
	{ "2017", "2017", NULL, 1 },
};

START_TEST(test_fold)
{
	const struct fold_case *c = &fold_cases[_i];
	struct buf b;
	char *plain;

	buf_init(&b);
	tokenize_fold(c->in, strlen(c->in), &b);
	ck_assert_str_eq(b.s, c->want_fold);
	ck_assert_int_eq(tokenize_is_word(b.s), c->word);
	plain = tokenize_strip_marks(b.s);
	if (c->want_plain)
		ck_assert_str_eq(plain, c->want_plain);
	else
		ck_assert_ptr_null(plain);
	free(plain);
	buf_release(&b);
}
END_TEST

START_TEST(test_tokenize_too_long)
{
	struct tokenize t;
	struct capture cap;
	char *err;

	tokenize_init(&t);
	capture_start(&cap);
	ck_assert_int_eq(tokenize_text(&t, "x", (size_t)1 << 31), -1);
	err = capture_end(&cap);
	ck_assert_str_eq(err, "tevreden: text of 2147483648 bytes is too long to code (at most 2 GiB)\n");
	free(err);
	tokenize_release(&t);
}
END_TEST

/* ---- stemmer ---- */

/* One stemmer for the whole run: opened before the tests fork. */
static struct stemmer *st;

static void open_stemmer(void)
{
	ck_assert_int_eq(stemmer_open(&st, NULL, NULL), 0);
}

static void close_stemmer(void)
{
	stemmer_free(st);
	st = NULL;
}

static const char *const kind_names[] = { "surface", "plain", "stem", "rule", "part" };

/* The kind of form `s` of word, or -1 when word does not have it. */
static int form_kind(const char *word, const char *s)
{
	const struct stemmer_form *f;
	size_t n, i;

	f = stemmer_forms(st, word, strlen(word), &n);
	for (i = 0; i < n; i++)
		if (strcmp(stemmer_string(st, f[i].id), s) == 0)
			return (int)f[i].kind;
	return -1;
}

static char *all_forms(const char *word)
{
	const struct stemmer_form *f;
	struct buf b;
	size_t n, i;

	f = stemmer_forms(st, word, strlen(word), &n);
	buf_init(&b);
	for (i = 0; i < n; i++)
		buf_printf(&b, "%s%s(%s)", i ? " " : "", stemmer_string(st, f[i].id),
			   kind_names[f[i].kind]);
	return buf_detach(&b);
}

struct form_case {
	const char *word;
	const char *form;
	int kind;	/* enum stemmer_kind, or -1: must not be a form */
};

static const struct form_case form_cases[] = {
	/* compounds: Hunspell's st: and pa: fields */
	{ "wachttijden", "wachttijd", STEMMER_STEM },
	{ "wachttijden", "wacht", STEMMER_PART },
	{ "wachttijden", "tijden", STEMMER_PART },
	{ "wachttijden", "tijd", STEMMER_PART },
	{ "wachtlijst", "wacht", STEMMER_PART },	/* Hunspell's "stem" wacht is a part */
	{ "wachtlijst", "lijst", STEMMER_PART },
	{ "wachtlijsten", "wachtlijst", STEMMER_STEM },
	{ "wachtlijsten", "lijst", STEMMER_PART },
	{ "jeugdbeschermers", "jeugdbeschermer", STEMMER_STEM },
	{ "jeugdbeschermers", "jeugd", STEMMER_PART },
	{ "jeugdbeschermers", "beschermer", STEMMER_PART },
	{ "schuldhulpverlening", "schuld", STEMMER_PART },
	{ "zorgtoeslag", "toeslag", STEMMER_PART },
	{ "huisbezoeken", "huisbezoek", STEMMER_STEM },
	/* inflection */
	{ "hulpverleners", "hulpverlener", STEMMER_STEM },
	{ "doorverwijzingen", "doorverwijzing", STEMMER_STEM },
	{ "cliënten", "cliënt", STEMMER_STEM },
	{ "wachten", "wacht", STEMMER_STEM },
	{ "wachtte", "wacht", STEMMER_STEM },
	{ "luisterde", "luister", STEMMER_STEM },
	{ "belt", "bel", STEMMER_STEM },
	{ "maanden", "maand", STEMMER_STEM },
	/* the participle and infinitive rule */
	{ "gewacht", "wacht", STEMMER_RULE },
	{ "geluisterd", "luister", STEMMER_RULE },
	{ "teruggebeld", "terugbel", STEMMER_RULE },
	{ "teruggebeld", "bel", STEMMER_RULE },
	{ "gebelt", "bel", STEMMER_RULE },		/* a typing error for gebeld */
	{ "geïnformeerd", "informeer", STEMMER_RULE },
	{ "uitgelegd", "uitleg", STEMMER_RULE },
	{ "uitgelegd", "leg", STEMMER_RULE },
	{ "samengewerkt", "samenwerk", STEMMER_RULE },
	{ "verteld", "vertel", STEMMER_RULE },
	{ "luisteren", "luister", STEMMER_RULE },
	{ "uitleggen", "uitleg", STEMMER_RULE },
	{ "meebeslissen", "beslis", STEMMER_RULE },
	{ "uitlegden", "uitleg", STEMMER_STEM },	/* separable prefix put back */
	/* diacritics */
	{ "één", "een", STEMMER_PLAIN },
	{ "geïnformeerd", "geinformeerd", STEMMER_PLAIN },
	/* Hunspell knows the word but does not analyse it: split at a linking s */
	{ "hulpverleningstraject", "hulpverlening", STEMMER_PART },
	{ "hulpverleningstraject", "traject", STEMMER_PART },
	/* what the rules must not do */
	{ "gereden", "gered", -1 },			/* a strong participle, not an infinitive */
	{ "wachtlijst", "wachtlijst", STEMMER_SURFACE },
	{ "tevreden", "tevred", -1 },
	{ "wachtkamer", "wacht", -1 },			/* lexicalised: no parts */
	{ "2017", "2017", STEMMER_SURFACE },
};

START_TEST(test_forms)
{
	const struct form_case *c = &form_cases[_i];
	int kind = form_kind(c->word, c->form);
	char *all = all_forms(c->word);

	ck_assert_msg(kind == c->kind, "%s -> %s: kind %d, want %d (forms: %s)", c->word, c->form,
		      kind, c->kind, all);
	free(all);
}
END_TEST

static const char *const some_words[] = {
	"wachttijden", "wachtlijst", "gewacht", "jeugdbeschermers", "hulpverleners",
	"doorverwijzingen", "geluisterd", "teruggebeld", "één", "cliënten", "2017",
	"hulpverleningstraject", "jeugdbescherimg", "de", "niet", "uitlegden", "xyzzy",
};

/* Surface first, no string twice, every id valid. */
START_TEST(test_forms_shape)
{
	size_t w, i, j, n;

	for (w = 0; w < (size_t)N(some_words); w++) {
		const char *word = some_words[w];
		const struct stemmer_form *f = stemmer_forms(st, word, strlen(word), &n);

		ck_assert_uint_ge(n, 1);
		ck_assert_uint_eq(f[0].kind, STEMMER_SURFACE);
		ck_assert_str_eq(stemmer_string(st, f[0].id), word);
		for (i = 0; i < n; i++) {
			ck_assert_uint_lt(f[i].id, stemmer_strings(st));
			ck_assert_uint_le(f[i].kind, STEMMER_PART);
			for (j = 0; j < i; j++)
				ck_assert_uint_ne(f[i].id, f[j].id);
		}
	}
	ck_assert_ptr_null(stemmer_string(st, (uint32_t)stemmer_strings(st)));
}
END_TEST

/* The cache gives exactly what Hunspell gives, and a second lookup is a hit. */
START_TEST(test_cache_same)
{
	size_t w;
	struct stemmer_stats s0, s1;

	for (w = 0; w < (size_t)N(some_words); w++) {
		char *cached, *uncached, *again;

		stemmer_set_cache(st, 1, 0);
		cached = all_forms(some_words[w]);
		stemmer_stats(st, &s0);
		again = all_forms(some_words[w]);
		stemmer_stats(st, &s1);
		ck_assert_uint_eq(s1.lookups, s0.lookups + 1);
		ck_assert_uint_eq(s1.misses, s0.misses);
		stemmer_set_cache(st, 0, 0);
		uncached = all_forms(some_words[w]);
		stemmer_stats(st, &s0);
		ck_assert_uint_eq(s0.misses, s1.misses + 1);
		ck_assert_str_eq(cached, uncached);
		ck_assert_str_eq(cached, again);
		free(cached);
		free(uncached);
		free(again);
	}
	stemmer_set_cache(st, 1, 0);
}
END_TEST

/* Beyond max_entries tokens are analysed every time, with the same result. */
START_TEST(test_cache_bound)
{
	struct stemmer *small;
	struct stemmer_stats s;
	const struct stemmer_form *f;
	size_t n, i;

	ck_assert_int_eq(stemmer_open(&small, NULL, NULL), 0);
	stemmer_set_cache(small, 1, 2);
	for (i = 0; i < 3; i++) {
		stemmer_forms(small, "wachttijden", 11, &n);
		stemmer_forms(small, "gewacht", 7, &n);
		f = stemmer_forms(small, "jeugdbeschermers", 16, &n);
		ck_assert_str_eq(stemmer_string(small, f[0].id), "jeugdbeschermers");
	}
	stemmer_stats(small, &s);
	ck_assert_uint_eq(s.entries, 2);
	ck_assert_uint_eq(s.lookups, 9);
	ck_assert_uint_eq(s.misses, 2 + 3);
	stemmer_free(small);
	stemmer_free(NULL);
}
END_TEST

/* A token longer than Hunspell's limit only has its surface. */
START_TEST(test_long_token)
{
	char word[200];
	size_t n;

	memset(word, 'a', sizeof(word) - 1);
	word[sizeof(word) - 1] = '\0';
	stemmer_forms(st, word, strlen(word), &n);
	ck_assert_uint_eq(n, 1);
}
END_TEST

START_TEST(test_open_missing)
{
	struct stemmer *s = (struct stemmer *)1;
	struct capture cap;
	char *err;

	capture_start(&cap);
	ck_assert_int_eq(stemmer_open(&s, "/nonexistent/nl.aff", "/nonexistent/nl.dic"), -1);
	err = capture_end(&cap);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(err, "tevreden: cannot open Hunspell dictionary '/nonexistent/nl.aff': "
			      "No such file or directory\n");
	free(err);
}
END_TEST

/* --dictionary AFF,DIC: the two files, the defaults for NULL, -2 (not reported) for a malformed value. */
START_TEST(test_open_spec)
{
	static const char *const bad[] = { "nl.aff", ",nl.dic", "nl.aff,", "," };
	struct stemmer *s = NULL;
	struct capture cap;
	size_t i;
	char *err;

	ck_assert_int_eq(stemmer_open_spec(&s, NULL), 0);
	ck_assert_ptr_nonnull(s);
	stemmer_free(s);
	ck_assert_int_eq(stemmer_open_spec(&s, "/usr/share/hunspell/nl.aff,/usr/share/hunspell/nl.dic"), 0);
	ck_assert_ptr_nonnull(s);
	stemmer_free(s);
	for (i = 0; i < N(bad); i++) {
		capture_start(&cap);
		ck_assert_int_eq(stemmer_open_spec(&s, bad[i]), -2);
		err = capture_end(&cap);
		ck_assert_ptr_null(s);
		ck_assert_str_eq(err, "");
		free(err);
	}
	capture_start(&cap);
	ck_assert_int_eq(stemmer_open_spec(&s, "/nonexistent/nl.aff,/nonexistent/nl.dic"), -1);
	err = capture_end(&cap);
	ck_assert_ptr_null(s);
	ck_assert_str_eq(err, "tevreden: cannot open Hunspell dictionary '/nonexistent/nl.aff': "
			      "No such file or directory\n");
	free(err);
}
END_TEST

static Suite *stemmer_suite(void)
{
	Suite *s = suite_create("stemmer");
	TCase *tc = tcase_create("tokenize");

	tcase_add_loop_test(tc, test_tokenize, 0, N(tok_cases));
	tcase_add_test(tc, test_tokenize_bytes);
	tcase_add_test(tc, test_tokenize_len);
	tcase_add_loop_test(tc, test_fold, 0, N(fold_cases));
	tcase_add_test(tc, test_tokenize_too_long);
	suite_add_tcase(s, tc);

	tc = tcase_create("stemmer");
	tcase_add_unchecked_fixture(tc, open_stemmer, close_stemmer);
	tcase_add_loop_test(tc, test_forms, 0, N(form_cases));
	tcase_add_test(tc, test_forms_shape);
	tcase_add_test(tc, test_cache_same);
	tcase_add_test(tc, test_cache_bound);
	tcase_add_test(tc, test_long_token);
	tcase_add_test(tc, test_open_missing);
	tcase_add_test(tc, test_open_spec);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(stemmer_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
