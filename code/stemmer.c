/* stemmer.c: Dutch stems and compound parts from Hunspell, a verb-root rule, and the token cache in front of them. */
#include "code/stemmer.h"
#include "code/tokenize.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <hunspell/hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_AFF "/usr/share/hunspell/nl.aff"
#define DEFAULT_DIC "/usr/share/hunspell/nl.dic"
#define DEFAULT_MAX_ENTRIES ((size_t)1 << 20)
/* Longer tokens (URLs, noise) are not worth Hunspell's time. */
#define MAX_WORD 64
/* The decompounding fallback only splits words at least this long, into parts at least MIN_PART long. */
#define MIN_SPLIT 8
#define MIN_PART 3

/* Separable verb prefixes that come before "ge" in a participle ("terug|ge|beld"). */
static const char *const separable[] = {
	"terug", "op", "uit", "mee", "door", "af", "aan", "in", "na", "om", "over", "toe",
	"weg", "samen", "voor", "bij", "vast", "los", "langs", "tegen", "rond", "thuis",
	"binnen", "buiten", "neer", "mis", "terecht", "kwijt", "achter", "open", "dicht",
	"vrij", "klaar", "stil", "teleur", "goed", "tekort", "bekend", "schoon", "lief",
	"heen", "onder", "voort", "fout", NULL,
};

/* Inseparable prefixes whose participles have no "ge" ("ver|teld", "be|reikt"). */
static const char *const inseparable[] = { "be", "ver", "ont", "her", "er", NULL };

/* One cached token. An empty slot has nforms == 0. */
#define INLINE_KEY 16

/*
 * One cached token in 32 bytes: a lookup of a token up to INLINE_KEY bytes
 * (nearly all) touches one cache line.
 */
struct cache_slot {
	uint32_t hash;		/* low bits of the hash */
	uint32_t entry;		/* insertion number */
	uint32_t forms;		/* offset in farr */
	uint16_t nforms;	/* 0: empty slot */
	uint8_t flags;		/* enum stemmer_flag */
	uint8_t key_len;	/* 0: the key is in keys[] at key.off, its length in key.off_len */
	union {
		char inl[INLINE_KEY];
		struct {
			uint32_t off, off_len;
		} ext;
	} key;
};

struct stemmer {
	Hunhandle *h;
	int cache_on;
	size_t max_entries;

	struct cache_slot *slot;
	size_t cap, n;
	char *keys;
	size_t keys_len, keys_cap;
	struct stemmer_form *farr;
	size_t farr_len, farr_cap;

	/* The forms of the token being analysed (a miss, or every call without cache). */
	struct stemmer_form *scratch;
	size_t scratch_n, scratch_cap;
	unsigned scratch_flags;
	char word[MAX_WORD + 1];
	struct buf tmp;

	/* Interned form strings: text, and an open-addressing table of id + 1. */
	char *str;
	size_t str_len, str_cap;
	uint32_t *str_off;
	uint64_t *str_hash;
	size_t nstr, str_off_cap;
	uint32_t *itab;
	size_t icap;

	struct stemmer_stats stats;
};

static uint64_t hash_bytes(const char *s, size_t len)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ (uint64_t)len;
	uint64_t w;

	while (len >= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
		s += 8;
		len -= 8;
	}
	/* the tail byte by byte: a memcpy of a variable length is a call */
	w = 0;
	while (len > 0) {
		len--;
		w = (w << 8) | (unsigned char)s[len];
	}
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 32;
	return h;
}

/* ---- interned strings ---- */

static void intern_grow(struct stemmer *st)
{
	size_t cap = st->icap ? 2 * st->icap : 1024, i, j;
	uint32_t *tab = xcalloc(cap, sizeof(*tab));

	for (i = 0; i < st->nstr; i++) {
		j = st->str_hash[i] & (cap - 1);
		while (tab[j])
			j = (j + 1) & (cap - 1);
		tab[j] = (uint32_t)i + 1;
	}
	free(st->itab);
	st->itab = tab;
	st->icap = cap;
}

static uint32_t intern(struct stemmer *st, const char *s, size_t len)
{
	uint64_t h = hash_bytes(s, len);
	size_t j;
	uint32_t id;

	if (2 * (st->nstr + 1) > st->icap)
		intern_grow(st);
	for (j = h & (st->icap - 1); st->itab[j]; j = (j + 1) & (st->icap - 1)) {
		id = st->itab[j] - 1;
		if (st->str_hash[id] == h && strncmp(st->str + st->str_off[id], s, len) == 0 &&
		    st->str[st->str_off[id] + len] == '\0')
			return id;
	}
	if (st->nstr == st->str_off_cap) {
		st->str_off_cap = st->str_off_cap ? 2 * st->str_off_cap : 1024;
		st->str_off = xrealloc(st->str_off, st->str_off_cap * sizeof(*st->str_off));
		st->str_hash = xrealloc(st->str_hash, st->str_off_cap * sizeof(*st->str_hash));
	}
	if (st->str_len + len + 1 > st->str_cap) {
		st->str_cap = st->str_cap ? st->str_cap : 4096;
		while (st->str_len + len + 1 > st->str_cap)
			st->str_cap *= 2;
		st->str = xrealloc(st->str, st->str_cap);
	}
	id = (uint32_t)st->nstr++;
	st->str_off[id] = (uint32_t)st->str_len;
	st->str_hash[id] = h;
	memcpy(st->str + st->str_len, s, len);
	st->str[st->str_len + len] = '\0';
	st->str_len += len + 1;
	st->itab[j] = id + 1;
	return id;
}

const char *stemmer_string(const struct stemmer *st, uint32_t id)
{
	if (id >= st->nstr)
		return NULL;
	return st->str + st->str_off[id];
}

size_t stemmer_strings(const struct stemmer *st)
{
	return st->nstr;
}

/* ---- the forms of one token ---- */

/* Add a form to scratch; a string already there keeps the lower kind. */
static void add_form(struct stemmer *st, const char *s, size_t len, enum stemmer_kind kind)
{
	uint32_t id;
	size_t i;

	if (len == 0)
		return;
	id = intern(st, s, len);
	for (i = 0; i < st->scratch_n; i++) {
		if (st->scratch[i].id == id) {
			if (st->scratch[i].kind > (uint32_t)kind)
				st->scratch[i].kind = (uint32_t)kind;
			return;
		}
	}
	if (st->scratch_n == st->scratch_cap) {
		st->scratch_cap = st->scratch_cap ? 2 * st->scratch_cap : 16;
		st->scratch = xrealloc(st->scratch, st->scratch_cap * sizeof(*st->scratch));
	}
	st->scratch[st->scratch_n].id = id;
	st->scratch[st->scratch_n].kind = (uint32_t)kind;
	st->scratch_n++;
}

static void add_form_str(struct stemmer *st, const char *s, enum stemmer_kind kind)
{
	add_form(st, s, strlen(s), kind);
}

static int spell(struct stemmer *st, const char *s)
{
	return Hunspell_spell(st->h, s) != 0;
}

static int is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

static int ends_with(const char *s, size_t n, const char *suf)
{
	size_t k = strlen(suf);

	return n >= k && memcmp(s + n - k, suf, k) == 0;
}

/*
 * Is root (ik-form, "wacht", "bel", "praat", "leef") the root of a Dutch verb?
 * Yes when one of its infinitives is a word: root+en, with a doubled final
 * consonant (bellen), a single vowel (praten) and v/z for f/s (leven, lezen).
 */
static int verb_root(struct stemmer *st, const char *root)
{
	size_t n = strlen(root);
	char inf[MAX_WORD + 8];
	char last;

	if (n < 2 || n > MAX_WORD)
		return 0;
	last = root[n - 1];
	if (is_vowel(last))
		return 0;
	memcpy(inf, root, n);
	if (last == 'f' || last == 's') {
		inf[n - 1] = last == 'f' ? 'v' : 'z';
		memcpy(inf + n, "en", 3);
		if (spell(st, inf))
			return 1;
		inf[n - 1] = last;
	}
	memcpy(inf + n, "en", 3);
	if (spell(st, inf))
		return 1;
	/* bel -> bellen, zet -> zetten */
	if (n >= 2 && is_vowel(root[n - 2]) && (n < 3 || !is_vowel(root[n - 3]))) {
		inf[n] = last;
		memcpy(inf + n + 1, "en", 3);
		if (spell(st, inf))
			return 1;
	}
	/* praat -> praten, leef -> leven, lees -> lezen */
	if (n >= 4 && is_vowel(root[n - 2]) && root[n - 2] == root[n - 3] &&
	    (n < 4 || !is_vowel(root[n - 4]))) {
		memcpy(inf, root, n - 2);
		inf[n - 2] = last == 'f' ? 'v' : last == 's' ? 'z' : last;
		memcpy(inf + n - 1, "en", 3);
		if (spell(st, inf))
			return 1;
	}
	return 0;
}

/* Add prefix+root and root (both RULE) when root is a verb root. Returns 1 when added. */
static int add_root(struct stemmer *st, const char *prefix, size_t plen, const char *root, size_t rlen)
{
	char r[MAX_WORD + 1];

	if (rlen < 2 || rlen > MAX_WORD)
		return 0;
	memcpy(r, root, rlen);
	r[rlen] = '\0';
	if (!verb_root(st, r))
		return 0;
	add_form(st, r, rlen, STEMMER_RULE);
	if (plen > 0) {
		buf_reset(&st->tmp);
		buf_add(&st->tmp, prefix, plen);
		buf_add(&st->tmp, r, rlen);
		add_form(st, st->tmp.s, st->tmp.len, STEMMER_RULE);
	}
	return 1;
}

/*
 * Weak participles: [separable prefix] "ge" root ["d"|"t"] ("gewacht",
 * "geluisterd", "teruggebeld", "geïnformeerd") and be-/ver-/ont-/her-/er-
 * participles without "ge" ("verteld", "bereikt"). Strong participles
 * ("genomen") are irregular and left to the codebook.
 * NEEDSWORK: the check that a root is a verb asks Hunspell whether an
 * infinitive exists, and Hunspell accepts many compounds and plurals
 * ("gezond" -> "zon", since "zonen" is a word): extra forms, harmless unless a
 * codebook word happens to be one of them.
 */
static void participle_rule(struct stemmer *st, const char *w, size_t n)
{
	char rest[MAX_WORD + 1];
	size_t i, plen, rlen;

	if (n < 5 || n > MAX_WORD || (w[n - 1] != 'd' && w[n - 1] != 't'))
		return;
	for (i = 0; i == 0 || separable[i - 1]; i++) {
		const char *p = i == 0 ? "" : separable[i - 1];

		plen = strlen(p);
		if (n < plen + 4 || memcmp(w, p, plen) != 0 || memcmp(w + plen, "ge", 2) != 0)
			continue;
		rlen = n - plen - 2;
		memcpy(rest, w + plen + 2, rlen);
		rest[rlen] = '\0';
		/* "geïnformeerd", "geëvalueerd": the diaeresis only marks the syllable break. */
		if (rlen >= 2 && (unsigned char)rest[0] == 0xc3 &&
		    ((unsigned char)rest[1] == 0xaf || (unsigned char)rest[1] == 0xab)) {
			rest[1] = (unsigned char)rest[1] == 0xaf ? 'i' : 'e';
			memmove(rest, rest + 1, rlen);
			rlen--;
		}
		/* "gewacht" is ge+wacht: a root ending in d/t takes no second one. */
		if (add_root(st, p, plen, rest, rlen - 1) || add_root(st, p, plen, rest, rlen))
			st->scratch_flags |= STEMMER_F_VERB;
	}
	for (i = 0; inseparable[i]; i++) {
		plen = strlen(inseparable[i]);
		if (n >= plen + 3 && memcmp(w, inseparable[i], plen) == 0) {
			if (!add_root(st, "", 0, w, n - 1))
				add_root(st, "", 0, w, n);
			break;
		}
	}
}

/* Does w start with "ge", possibly after a separable prefix ("afge...")? */
static int has_ge_prefix(const char *w, size_t n)
{
	size_t i, plen;

	if (n >= 4 && memcmp(w, "ge", 2) == 0)
		return 1;
	for (i = 0; separable[i]; i++) {
		plen = strlen(separable[i]);
		if (n >= plen + 4 && memcmp(w, separable[i], plen) == 0 && memcmp(w + plen, "ge", 2) == 0)
			return 1;
	}
	return 0;
}

/* Infinitives and plural-like words: "luisteren" -> luister, "bellen" -> bel, "praten" -> praat. */
static void infinitive_rule(struct stemmer *st, const char *w, size_t n, enum stemmer_kind kind)
{
	char r[MAX_WORD + 2];
	size_t m;

	if (n < 5 || n > MAX_WORD || !ends_with(w, n, "en") || is_vowel(w[n - 3]))
		return;
	/* "gereden", "afgesloten": strong participles, not infinitives ("gered" is another verb). */
	if (has_ge_prefix(w, n))
		return;
	m = n - 2;
	memcpy(r, w, m);
	r[m] = '\0';
	if (r[m - 1] == 'v' || r[m - 1] == 'z')
		r[m - 1] = r[m - 1] == 'v' ? 'f' : 's';
	if (spell(st, r))
		add_form(st, r, m, kind);
	if (m >= 3 && r[m - 1] == r[m - 2]) {
		r[m - 1] = '\0';
		if (spell(st, r))
			add_form(st, r, m - 1, kind);
		return;
	}
	if (m >= 3 && is_vowel(r[m - 2]) && !is_vowel(r[m - 3])) {
		r[m] = r[m - 1];
		r[m - 1] = r[m - 2];
		r[m + 1] = '\0';
		if (spell(st, r))
			add_form(st, r, m + 1, kind);
	}
}

/* For each st: stem of analysis a, add separable prefix + stem when w starts with that prefix. */
static void add_separable(struct stemmer *st, const char *w, const char *a)
{
	size_t i, plen;
	const char *p;

	for (i = 0; separable[i]; i++) {
		plen = strlen(separable[i]);
		if (strncmp(w, separable[i], plen) == 0 && w[plen])
			break;
	}
	if (!separable[i])
		return;
	for (p = strstr(a, "st:"); p; p = strstr(p + 3, "st:")) {
		const char *e = p + 3;

		while (*e && *e != ' ' && *e != '\t')
			e++;
		if (e == p + 3 || (size_t)(e - p - 3) >= strlen(w) - plen + 1 ||
		    strncmp(w + plen, p + 3, 1) != 0)
			continue;
		buf_reset(&st->tmp);
		buf_add(&st->tmp, separable[i], plen);
		buf_add(&st->tmp, p + 3, (size_t)(e - p - 3));
		add_form(st, st->tmp.s, st->tmp.len, STEMMER_STEM);
	}
}

/* Stems of a compound's last part (PART) and prefix + each (STEM); the part itself when none. */
static void last_part_stems(struct stemmer *st, struct buf *whole, size_t prefix_len,
			    const char *part, size_t len)
{
	char w[MAX_WORD + 1], **list = NULL;
	int n, k;
	size_t before, end, i;

	if (len > MAX_WORD)
		return;
	memcpy(w, part, len);
	w[len] = '\0';
	n = Hunspell_stem(st->h, &list, w);
	for (k = 0; k < n; k++) {
		add_form_str(st, list[k], STEMMER_PART);
		whole->len = prefix_len;
		buf_adds(whole, list[k]);
		add_form(st, whole->s, whole->len, STEMMER_STEM);
	}
	Hunspell_free_list(st->h, &list, n);
	/* "lijsten" is its own stem to Hunspell (a verb); the plural rule finds "lijst". */
	before = st->scratch_n;
	infinitive_rule(st, w, len, STEMMER_PART);
	end = st->scratch_n;
	for (i = before; i < end; i++) {
		whole->len = prefix_len;
		buf_adds(whole, stemmer_string(st, st->scratch[i].id));
		add_form(st, whole->s, whole->len, STEMMER_STEM);
	}
	if (n == 0) {
		whole->len = prefix_len;
		buf_add(whole, part, len);
		add_form(st, whole->s, whole->len, STEMMER_STEM);
	}
}

/*
 * Parse Hunspell analyses (" pa:wacht st:wacht pa:tijden  st:tijd ts:NN2"):
 * pa: opens a compound part, st: after it is the part's stem, st: before any
 * part a stem of the whole word. A compound also gives its whole-word stem
 * (all parts but the last, then the last one's stem: "wachtlijsten" ->
 * "wachtlijst"). Returns the number of analyses.
 */
static int analyse(struct stemmer *st, const char *w)
{
	char **list = NULL;
	int n = Hunspell_analyze(st->h, &list, w), k;
	struct buf whole;

	buf_init(&whole);
	for (k = 0; k < n; k++) {
		const char *p = list[k];
		const char *last_part = NULL, *last_stem = NULL;
		size_t last_part_len = 0, last_stem_len = 0;
		size_t prefix_len = 0;
		int parts = 0;

		buf_reset(&whole);
		while (*p) {
			const char *f, *e;

			while (*p == ' ' || *p == '\t')
				p++;
			f = p;
			while (*p && *p != ' ' && *p != '\t')
				p++;
			e = p;
			if (e - f > 3 && memcmp(f, "pa:", 3) == 0) {
				if (last_part) {
					buf_add(&whole, last_part, last_part_len);
					prefix_len = whole.len;
				}
				last_part = f + 3;
				last_part_len = (size_t)(e - f - 3);
				last_stem = NULL;
				parts++;
				add_form(st, last_part, last_part_len, STEMMER_PART);
			} else if (e - f > 3 && memcmp(f, "st:", 3) == 0) {
				if (parts) {
					last_stem = f + 3;
					last_stem_len = (size_t)(e - f - 3);
					add_form(st, last_stem, last_stem_len, STEMMER_PART);
				} else {
					add_form(st, f + 3, (size_t)(e - f - 3), STEMMER_STEM);
				}
			}
		}
		if (strstr(list[k], "ts:VB"))
			st->scratch_flags |= STEMMER_F_VERB;
		/* "uitlegden" is analysed as "fl:Ps st:leg": put the prefix back ("uitleg"). */
		if (!parts && strstr(list[k], "fl:P"))
			add_separable(st, w, list[k]);
		if (parts >= 2) {
			whole.len = prefix_len;
			if (last_stem) {
				buf_add(&whole, last_stem, last_stem_len);
				add_form(st, whole.s, whole.len, STEMMER_STEM);
			} else {
				/* "pa:lijsten" without st:: the part's own stems give the whole word's. */
				last_part_stems(st, &whole, prefix_len, last_part, last_part_len);
			}
		}
	}
	buf_release(&whole);
	Hunspell_free_list(st->h, &list, n);
	return n;
}

/* Hunspell's stems: a compound's "stem" that is one of its parts (wachtlijst -> wacht) is a part. */
static int stems(struct stemmer *st, const char *w)
{
	char **list = NULL;
	int n = Hunspell_stem(st->h, &list, w), k;
	size_t i, before = st->scratch_n;
	int is_part;

	for (k = 0; k < n; k++) {
		uint32_t id = intern(st, list[k], strlen(list[k]));

		is_part = 0;
		for (i = 0; i < before; i++)
			if (st->scratch[i].id == id && st->scratch[i].kind == STEMMER_PART)
				is_part = 1;
		add_form_str(st, list[k], is_part ? STEMMER_PART : STEMMER_STEM);
	}
	Hunspell_free_list(st->h, &list, n);
	return n;
}

/* A word Hunspell does not analyse: one split into two known words, with a linking s allowed. */
static void decompound(struct stemmer *st, const char *w, size_t n)
{
	char left[MAX_WORD + 1];
	size_t i;
	int link;

	if (n < MIN_SPLIT || n > MAX_WORD)
		return;
	for (i = n - MIN_PART; i >= MIN_PART; i--) {
		if (((unsigned char)w[i] & 0xc0) == 0x80)
			continue;
		memcpy(left, w, i);
		left[i] = '\0';
		for (link = 0; link <= 1; link++) {
			const char *right = w + i + link;

			if (link && (w[i] != 's' || n - i - 1 < MIN_PART))
				continue;
			if (!spell(st, right) || !spell(st, left))
				continue;
			add_form(st, left, i, STEMMER_PART);
			add_form_str(st, right, STEMMER_PART);
			{
				char **list = NULL;
				int m = Hunspell_stem(st->h, &list, right), k;

				for (k = 0; k < m; k++) {
					add_form_str(st, list[k], STEMMER_PART);
					buf_reset(&st->tmp);
					buf_add(&st->tmp, w, i + (size_t)link);
					buf_adds(&st->tmp, list[k]);
					add_form(st, st->tmp.s, st->tmp.len, STEMMER_STEM);
				}
				Hunspell_free_list(st->h, &list, m);
			}
			return;
		}
	}
}

static void compute_forms(struct stemmer *st, const char *tok, size_t len)
{
	char *plain;
	size_t i, nbase;
	int analyses, nstems;

	st->scratch_n = 0;
	st->scratch_flags = 0;
	add_form(st, tok, len, STEMMER_SURFACE);
	if (len > MAX_WORD)
		return;
	memcpy(st->word, tok, len);
	st->word[len] = '\0';
	plain = tokenize_strip_marks(st->word);
	if (plain) {
		add_form_str(st, plain, STEMMER_PLAIN);
		free(plain);
	}
	for (i = 0; i < len; i++)
		if (tok[i] >= '0' && tok[i] <= '9')
			return;
	analyses = analyse(st, st->word);
	nstems = stems(st, st->word);
	if (analyses == 0 && nstems == 0) {
		size_t before = st->scratch_n;

		decompound(st, st->word, len);
		if (st->scratch_n == before)
			st->scratch_flags |= STEMMER_F_UNKNOWN;
	}
	/* The rules look at the surface and at whole-word stems ("uitgelegd" -> stem "gelegd"). */
	nbase = st->scratch_n;
	for (i = 0; i < nbase; i++) {
		const struct stemmer_form *f = &st->scratch[i];
		char w[MAX_WORD + 1];
		const char *s;
		size_t n;

		if (f->kind != STEMMER_SURFACE && f->kind != STEMMER_STEM)
			continue;
		s = stemmer_string(st, f->id);
		n = strlen(s);
		if (n > MAX_WORD)
			continue;
		memcpy(w, s, n + 1);
		participle_rule(st, w, n);
		infinitive_rule(st, w, n, STEMMER_RULE);
	}
}

/* ---- the cache ---- */

static int slot_key_eq(const struct stemmer *st, const struct cache_slot *s, const char *tok,
		       size_t len)
{
	if (len <= INLINE_KEY)
		return s->key_len == len && memcmp(s->key.inl, tok, len) == 0;
	return s->key_len == 0 && s->key.ext.off_len == len &&
	       memcmp(st->keys + s->key.ext.off, tok, len) == 0;
}

static void cache_grow(struct stemmer *st)
{
	size_t cap = st->cap ? 2 * st->cap : 4096, i, j;
	struct cache_slot *slot = xcalloc(cap, sizeof(*slot));

	for (i = 0; i < st->cap; i++) {
		if (!st->slot[i].nforms)
			continue;
		j = st->slot[i].hash & (cap - 1);
		while (slot[j].nforms)
			j = (j + 1) & (cap - 1);
		slot[j] = st->slot[i];
	}
	free(st->slot);
	st->slot = slot;
	st->cap = cap;
}

const struct stemmer_form *stemmer_forms(struct stemmer *st, const char *tok, size_t len,
					 size_t *n)
{
	uint32_t entry;
	unsigned flags;

	return stemmer_forms_entry(st, tok, len, n, &entry, &flags);
}

const struct stemmer_form *stemmer_forms_entry(struct stemmer *st, const char *tok, size_t len,
					       size_t *n, uint32_t *entry, unsigned *flags)
{
	uint64_t h;
	size_t j;
	struct cache_slot *s;

	st->stats.lookups++;
	*entry = STEMMER_NO_ENTRY;
	if (!st->cache_on) {
		st->stats.misses++;
		compute_forms(st, tok, len);
		*n = st->scratch_n;
		*flags = st->scratch_flags;
		return st->scratch;
	}
	h = hash_bytes(tok, len);
	if (st->cap) {
		for (j = h & (st->cap - 1); st->slot[j].nforms; j = (j + 1) & (st->cap - 1)) {
			s = &st->slot[j];
			if (s->hash == (uint32_t)h && slot_key_eq(st, s, tok, len)) {
				*n = s->nforms;
				*entry = s->entry;
				*flags = s->flags;
				return st->farr + s->forms;
			}
		}
	}
	st->stats.misses++;
	compute_forms(st, tok, len);
	*n = st->scratch_n;
	*flags = st->scratch_flags;
	if (st->n >= st->max_entries || st->n >= STEMMER_NO_ENTRY - 1 || len > UINT32_MAX / 2 ||
	    st->scratch_n > UINT16_MAX ||
	    st->keys_len + len > UINT32_MAX / 2 || st->farr_len + st->scratch_n > UINT32_MAX / 2)
		return st->scratch;
	if (2 * (st->n + 1) > st->cap)
		cache_grow(st);
	if (st->keys_len + len > st->keys_cap) {
		st->keys_cap = st->keys_cap ? st->keys_cap : 65536;
		while (st->keys_len + len > st->keys_cap)
			st->keys_cap *= 2;
		st->keys = xrealloc(st->keys, st->keys_cap);
	}
	if (st->farr_len + st->scratch_n > st->farr_cap) {
		st->farr_cap = st->farr_cap ? st->farr_cap : 16384;
		while (st->farr_len + st->scratch_n > st->farr_cap)
			st->farr_cap *= 2;
		st->farr = xrealloc(st->farr, st->farr_cap * sizeof(*st->farr));
	}
	for (j = h & (st->cap - 1); st->slot[j].nforms; j = (j + 1) & (st->cap - 1))
		;
	s = &st->slot[j];
	s->hash = (uint32_t)h;
	s->forms = (uint32_t)st->farr_len;
	s->nforms = (uint16_t)st->scratch_n;
	s->entry = (uint32_t)st->n;
	s->flags = (uint8_t)st->scratch_flags;
	*entry = s->entry;
	if (len <= INLINE_KEY) {
		s->key_len = (uint8_t)len;
		memcpy(s->key.inl, tok, len);
	} else {
		s->key_len = 0;
		s->key.ext.off = (uint32_t)st->keys_len;
		s->key.ext.off_len = (uint32_t)len;
		memcpy(st->keys + st->keys_len, tok, len);
		st->keys_len += len;
	}
	memcpy(st->farr + st->farr_len, st->scratch, st->scratch_n * sizeof(*st->scratch));
	st->farr_len += st->scratch_n;
	st->n++;
	return st->farr + s->forms;
}

/* ---- lifecycle ---- */

static int readable(const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return tv_error("cannot open Hunspell dictionary '%s': %s", path, strerror(errno));
	fclose(f);
	return 0;
}

int stemmer_open(struct stemmer **out, const char *aff, const char *dic)
{
	struct stemmer *st;

	*out = NULL;
	if (!aff)
		aff = DEFAULT_AFF;
	if (!dic)
		dic = DEFAULT_DIC;
	if (readable(aff) < 0 || readable(dic) < 0)
		return -1;
	st = xcalloc(1, sizeof(*st));
	st->h = Hunspell_create(aff, dic);
	if (!st->h) {
		free(st);
		return tv_error("cannot load Hunspell dictionary '%s'", dic);
	}
	if (strcmp(Hunspell_get_dic_encoding(st->h), "UTF-8") != 0) {
		tv_error("Hunspell dictionary '%s' is in %s, expected UTF-8", dic,
			 Hunspell_get_dic_encoding(st->h));
		stemmer_free(st);
		return -1;
	}
	st->cache_on = 1;
	st->max_entries = DEFAULT_MAX_ENTRIES;
	buf_init(&st->tmp);
	*out = st;
	return 0;
}

int stemmer_open_spec(struct stemmer **out, const char *spec)
{
	const char *comma;
	char *aff;
	int ret;

	*out = NULL;
	if (!spec)
		return stemmer_open(out, NULL, NULL);
	comma = strchr(spec, ',');
	if (!comma || comma == spec || !comma[1])
		return -2;
	aff = xstrndup(spec, (size_t)(comma - spec));
	ret = stemmer_open(out, aff, comma + 1);
	free(aff);
	return ret;
}

void stemmer_free(struct stemmer *st)
{
	if (!st)
		return;
	if (st->h)
		Hunspell_destroy(st->h);
	free(st->slot);
	free(st->keys);
	free(st->farr);
	free(st->scratch);
	buf_release(&st->tmp);
	free(st->str);
	free(st->str_off);
	free(st->str_hash);
	free(st->itab);
	free(st);
}

void stemmer_set_cache(struct stemmer *st, int on, size_t max_entries)
{
	st->cache_on = on;
	st->max_entries = max_entries ? max_entries : DEFAULT_MAX_ENTRIES;
}

void stemmer_stats(const struct stemmer *st, struct stemmer_stats *out)
{
	*out = st->stats;
	out->entries = st->n;
	out->strings = st->nstr;
}
