/* stemmer.h: Dutch stems and compound parts of folded tokens, Hunspell behind a cache (Hunspell lives only in stemmer.c). */
#ifndef TV_STEMMER_H
#define TV_STEMMER_H

#include <stddef.h>
#include <stdint.h>

/*
 * The forms of a token are the strings a codebook word can match:
 *
 *   surface  the folded token itself                     "wachttijden"
 *   plain    the token without diacritics                "een" for "één"
 *   stem     a Hunspell stem of the whole word           "wachttijd"
 *   rule     a verb root from the participle/infinitive  "wacht" for "gewacht",
 *            rule, for what Hunspell leaves alone         "terugbel", "bel" for "teruggebeld"
 *   part     a compound part or the stem of one          "wacht", "tijden", "tijd"
 *
 * Hunspell's analysis ("pa:wacht st:wacht pa:tijden st:tijd") gives the parts;
 * for a word Hunspell does not analyse at all, the stemmer tries one split into
 * two known words (with a linking "s": "hulpverlening|s|traject").
 *
 * Every distinct form string is interned once: a form is an id, and
 * stemmer_string() gives its text. Ids are dense (0, 1, 2, ...) and stable for
 * the life of the stemmer, so a caller can keep per-form data in an array.
 */

struct stemmer;

enum stemmer_kind {
	STEMMER_SURFACE = 0,
	STEMMER_PLAIN = 1,
	STEMMER_STEM = 2,
	STEMMER_RULE = 3,
	STEMMER_PART = 4,
};

struct stemmer_form {
	uint32_t id;	/* interned string: stemmer_string(st, id) */
	uint32_t kind;	/* enum stemmer_kind; a string found as several kinds keeps the lowest */
};

struct stemmer_stats {
	size_t entries;		/* tokens in the cache */
	size_t strings;		/* interned form strings */
	size_t lookups;		/* calls of stemmer_forms */
	size_t misses;		/* calls that asked Hunspell */
};

/*
 * Open Hunspell with the dictionary aff/dic (NULL for both: the Debian
 * hunspell-nl files /usr/share/hunspell/nl.aff and nl.dic, UTF-8). The cache is
 * on. Reports and returns -1 when a file is missing or unreadable.
 * *out is a new stemmer; free it with stemmer_free.
 */
int stemmer_open(struct stemmer **out, const char *aff, const char *dic);
/*
 * The same for a --dictionary value "AFF,DIC", or NULL for the defaults.
 * Returns 0, -1 after reporting (as stemmer_open), or -2 without reporting
 * when spec is not AFF,DIC: the caller's usage error.
 */
int stemmer_open_spec(struct stemmer **out, const char *spec);
void stemmer_free(struct stemmer *st);

/*
 * Cache on (the default) or off. Off, every stemmer_forms call asks Hunspell
 * again (the benchmark's reference); the results are the same. Turning the
 * cache off keeps what it holds; turning it on again uses it.
 * max_entries bounds the cache (0 = the default, 1 << 20 tokens); tokens
 * beyond it are analysed every time they occur.
 */
void stemmer_set_cache(struct stemmer *st, int on, size_t max_entries);

/*
 * The forms of a folded token (tokenize_form) of len bytes: surface first,
 * then the others, no string twice. Returns the array and sets *n (>= 1).
 * The array is borrowed and valid until the next stemmer_forms call or
 * stemmer_free. Never fails (allocation failure aborts, util.h).
 */
const struct stemmer_form *stemmer_forms(struct stemmer *st, const char *tok, size_t len,
					 size_t *n);

/*
 * The same, and *entry is the token's cache entry: a number (dense from 0,
 * stable for the life of the stemmer) by which a caller can keep its own
 * per-token data, or STEMMER_NO_ENTRY when the token is not in the cache
 * (cache off or full); *flags are enum stemmer_flag bits.
 */
#define STEMMER_NO_ENTRY UINT32_MAX
const struct stemmer_form *stemmer_forms_entry(struct stemmer *st, const char *tok, size_t len,
					       size_t *n, uint32_t *entry, unsigned *flags);

/* *flags of stemmer_forms_entry: what Hunspell's analysis says about the token. */
enum stemmer_flag {
	STEMMER_F_VERB = 1,	/* a finite verb or participle (ts:VB..., or the participle rule) */
	STEMMER_F_UNKNOWN = 2,	/* a word of letters Hunspell neither analyses nor stems, and no
				 * split into two known words: probably a typing error or a name */
};

/* The text of form id (NUL-terminated, borrowed until stemmer_free); NULL for an unknown id. */
const char *stemmer_string(const struct stemmer *st, uint32_t id);

/* Number of interned strings: valid ids are below it. */
size_t stemmer_strings(const struct stemmer *st);

void stemmer_stats(const struct stemmer *st, struct stemmer_stats *out);

#endif
