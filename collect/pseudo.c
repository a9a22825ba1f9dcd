/* pseudo.c: find e-mail addresses, phone numbers, postcodes, BSNs, IBANs, full dates and listed names in UTF-8 text and replace them. */
#include "collect/pseudo.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

/*
 * How it works. The text is first cut into clusters: a code point with the
 * combining marks that follow it, so that a replacement never splits "é" written
 * as "e" + U+0301 and the output stays valid UTF-8. Every cluster gets a kind
 * (part of a word, a separator, other) and, when names are listed, its folded
 * form. E-mail addresses are found in a first pass, anchored on '@'. The second
 * pass walks the clusters once; at the start of a word it tries, in order,
 * a date, a phone number, a BSN, a postcode (when the word starts with a digit,
 * '+' or '('), or an IBAN and a listed name (otherwise). A rule reads ahead a
 * bounded number of bytes, or to the end of the run of digits it starts on (and
 * no rule starts inside such a run), so the whole run is linear in the length of
 * the text; names are looked up in a trie, whatever their number.
 *
 * A number-like match needs a boundary on both sides: no letter, digit or mark
 * next to it, and no ".,-/:" followed by a digit ("1.234.567.890" and "10:30" are
 * never taken apart to find a phone number or a BSN inside).
 */

#define SEP_SYM (-1)		/* folded symbol for a run of spaces or hyphens in a name */
#define NAME_SEP_MAX 4		/* clusters a space or hyphen in a name may stretch over */
#define PHONE_GROUPS_MAX 8
#define IBAN_MAX 34
#define IBAN_MIN 15		/* Norway */
#define IBAN_GROUPS_MAX 20

static const utf8proc_option_t fold_options = UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE |
	UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE;

static const char *const type_names[PSEUDO_NTYPES] = {
	"e-mail", "telefoon", "postcode", "bsn", "iban", "datum", "naam",
};

static const char *const placeholders[PSEUDO_NTYPES] = {
	"[e-mail]", "[telefoon]", "[postcode]", "[bsn]", "[iban]", "[datum]", NULL,
};

/* Dutch month names and their usual abbreviations, matched case-insensitively. */
static const struct { const char *name; int month; } months[] = {
	{ "januari", 1 }, { "jan", 1 }, { "februari", 2 }, { "feb", 2 }, { "febr", 2 },
	{ "maart", 3 }, { "mrt", 3 }, { "mar", 3 }, { "april", 4 }, { "apr", 4 },
	{ "mei", 5 }, { "juni", 6 }, { "jun", 6 }, { "juli", 7 }, { "jul", 7 },
	{ "augustus", 8 }, { "aug", 8 }, { "september", 9 }, { "sep", 9 }, { "sept", 9 },
	{ "oktober", 10 }, { "okt", 10 }, { "november", 11 }, { "nov", 11 },
	{ "december", 12 }, { "dec", 12 },
};

static const int month_days[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

/* ---- a small hash map from byte strings to indices ---- */

struct hslot {
	char *key;		/* owned copy; NULL = empty slot */
	size_t klen;
	size_t val;
};

struct hmap {
	struct hslot *slot;
	size_t cap;		/* power of two, or 0 */
	size_t n;
};

/* ---- the state ---- */

struct name {
	char *original;		/* NFC, trimmed, as first added */
	long number;		/* N of "[naam-N]"; 0 until first met */
	size_t entry;		/* index in pseudo.entries once numbered */
};

struct key_entry {
	char *placeholder;
	char *original;
	size_t original_len;
	long count;
};

/*
 * The folded names as a trie over symbols: node 0 is the root; an edge
 * (node, symbol) -> child lives in one open-addressing table, child 0 = empty.
 */
struct trie_edge {
	uint64_t key;		/* node << 32 | (uint32_t)symbol */
	uint32_t child;
};

struct trie {
	uint32_t *name_of;	/* per node: 1 + index in pseudo.names, 0 = no name ends here */
	size_t nnodes, nodes_cap;
	struct trie_edge *edge;
	size_t edge_cap, nedges;	/* edge_cap a power of two, or 0 */
};

struct pseudo {
	struct name **names;	/* in the order added */
	size_t nnames, names_cap;
	struct trie trie;
	long last_number;
	struct key_entry *entries;
	size_t nentries, entries_cap;
	struct hmap entry_index;	/* type byte + original -> index in entries */
	long counts[PSEUDO_NTYPES];
};

/* ---- one text being scanned ---- */

enum cluster_kind { K_OTHER, K_WORD, K_SEP };

struct cluster {
	size_t start;		/* byte offset of its first code point */
	size_t fold_off;	/* its folded symbols in scan.fold */
	uint32_t fold_n;
	uint8_t kind;		/* enum cluster_kind */
	uint8_t cat;		/* utf8proc category of its first code point */
};

struct span {
	size_t start, end;
};

struct i32vec {
	int32_t *v;
	size_t n, cap;
};

struct scan {
	const char *s;
	size_t len;
	struct cluster *cl;
	size_t ncl, cl_cap;
	struct i32vec fold;
	struct span *email;
	size_t nemail, email_cap;
};

/* Clear memory that held personal data before giving it back. */
static void wipe(void *p, size_t n)
{
	volatile unsigned char *q = p;

	while (n--)
		*q++ = 0;
}

static uint64_t hash_bytes(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= *p++;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot holding key, or the empty slot where it would go (NULL when the map is empty). */
static struct hslot *hmap_slot(const struct hmap *m, const void *key, size_t klen)
{
	size_t i;

	if (m->cap == 0)
		return NULL;
	i = (size_t)hash_bytes(key, klen) & (m->cap - 1);
	for (;;) {
		struct hslot *s = &m->slot[i];

		if (!s->key || (s->klen == klen && memcmp(s->key, key, klen) == 0))
			return s;
		i = (i + 1) & (m->cap - 1);
	}
}

static const size_t *hmap_get(const struct hmap *m, const void *key, size_t klen)
{
	const struct hslot *s = hmap_slot(m, key, klen);

	return s && s->key ? &s->val : NULL;
}

/* Add a key that is not in the map yet. */
static void hmap_put(struct hmap *m, const void *key, size_t klen, size_t val)
{
	struct hslot *s;

	if ((m->n + 1) * 2 > m->cap) {
		struct hmap bigger;
		size_t i;

		bigger.cap = m->cap ? m->cap * 2 : 16;
		bigger.n = m->n;
		bigger.slot = xcalloc(bigger.cap, sizeof(*bigger.slot));
		for (i = 0; i < m->cap; i++)
			if (m->slot[i].key)
				*hmap_slot(&bigger, m->slot[i].key, m->slot[i].klen) = m->slot[i];
		free(m->slot);
		*m = bigger;
	}
	s = hmap_slot(m, key, klen);
	s->key = xmalloc(klen ? klen : 1);
	memcpy(s->key, key, klen);
	s->klen = klen;
	s->val = val;
	m->n++;
}

static void hmap_release(struct hmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		if (m->slot[i].key) {
			wipe(m->slot[i].key, m->slot[i].klen);
			free(m->slot[i].key);
		}
	}
	free(m->slot);
	m->slot = NULL;
	m->cap = m->n = 0;
}

static void i32_push(struct i32vec *v, int32_t x)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 256;
		v->v = xrealloc(v->v, v->cap * sizeof(*v->v));
	}
	v->v[v->n++] = x;
}

/* ---- character classes ---- */

static int is_mark_cat(int cat)
{
	return cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_MC ||
	       cat == UTF8PROC_CATEGORY_ME;
}

static int is_letter_cat(int cat)
{
	return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Letters, digits and marks make words; names, numbers and codes end where they end. */
static int is_word_cat(int cat)
{
	return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO);
}

static int is_hyphen(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == '`' || cp == 0x2018 || cp == 0x2019 || cp == 0x02BC ||
	       cp == 0x00B4;
}

static enum cluster_kind kind_of(int32_t cp, int cat)
{
	if (is_word_cat(cat))
		return K_WORD;
	if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
	    cat == UTF8PROC_CATEGORY_ZP || (cp >= '\t' && cp <= '\r') || cp == 0x85 ||
	    is_hyphen(cp))
		return K_SEP;
	return K_OTHER;
}

static int is_digit(const char *s, size_t len, size_t i)
{
	return i < len && s[i] >= '0' && s[i] <= '9';
}

static int is_upper(const char *s, size_t len, size_t i)
{
	return i < len && s[i] >= 'A' && s[i] <= 'Z';
}

static int is_letter(const char *s, size_t len, size_t i)
{
	return i < len && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'));
}

static int is_alnum(const char *s, size_t len, size_t i)
{
	return i < len && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
			   (s[i] >= 'a' && s[i] <= 'z'));
}

static int is_one_of(char c, const char *set)
{
	return c != '\0' && strchr(set, c) != NULL;
}

static size_t count_digits(const char *s, size_t len, size_t i)
{
	size_t n = 0;

	while (is_digit(s, len, i + n))
		n++;
	return n;
}

/* The value of n (at most 9) digits at s + i. */
static long digits_value(const char *s, size_t i, size_t n)
{
	long v = 0;

	while (n--)
		v = v * 10 + (s[i++] - '0');
	return v;
}

/* The code point at s + i of valid UTF-8 (the text was checked before). */
static int32_t cp_at(const char *s, size_t len, size_t i)
{
	utf8proc_int32_t cp = -1;

	if ((unsigned char)s[i] < 0x80)
		return (unsigned char)s[i];
	utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
	return cp;
}

/* Bytes in the code point whose first byte is lead (valid UTF-8). */
static size_t cp_size(char lead)
{
	unsigned char c = (unsigned char)lead;

	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* Start of the code point that ends at s + i. */
static size_t cp_before(const char *s, size_t i)
{
	do
		i--;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80);
	return i;
}

/* Whether a number-like match may end at byte j (see the comment at the top). */
static int right_ok(const char *s, size_t len, size_t j)
{
	if (j >= len)
		return 1;
	if (is_word_cat(utf8proc_category(cp_at(s, len, j))))
		return 0;
	return !(is_one_of(s[j], ".,-/:") && is_digit(s, len, j + 1));
}

/* Whether a number-like match may start at cluster ci. */
static int left_ok(const struct scan *sc, size_t ci)
{
	const struct cluster *prev;

	if (ci == 0)
		return 1;
	prev = &sc->cl[ci - 1];
	if (prev->kind == K_WORD)
		return 0;
	return !(is_one_of(sc->s[prev->start], ".,-/:") && ci >= 2 &&
		 is_digit(sc->s, sc->len, sc->cl[ci - 2].start));
}

/* ---- folding, shared by the text and the names ---- */

/*
 * Append the folded form of one cluster: NFKC case folding with marks and default
 * ignorables removed, every apostrophe as '\''. Folding cluster by cluster gives
 * the folding of the whole string except for rare compositions across clusters
 * (Hangul jamo), which names in this domain do not contain.
 */
static void fold_cluster(const char *s, size_t n, struct i32vec *out)
{
	utf8proc_int32_t local[32], *buf = local, cp;
	utf8proc_ssize_t r, i;

	if (n == 1 && (unsigned char)s[0] < 0x80) {
		cp = (unsigned char)s[0];
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		i32_push(out, is_apostrophe(cp) ? '\'' : cp);
		return;
	}
	r = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &cp);
	if (r == (utf8proc_ssize_t)n && is_apostrophe(cp)) {
		i32_push(out, '\'');
		return;
	}
	r = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buf, 32,
			       fold_options);
	if (r > 32) {
		buf = xmalloc((size_t)r * sizeof(*buf));
		r = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, buf, r,
				       fold_options);
	}
	if (r > 0)
		r = utf8proc_normalize_utf32(buf, r, fold_options);
	for (i = 0; i < r; i++)
		i32_push(out, buf[i]);
	if (buf != local)
		free(buf);
}

static void scan_release(struct scan *sc)
{
	free(sc->cl);
	if (sc->fold.v)
		wipe(sc->fold.v, sc->fold.n * sizeof(*sc->fold.v));
	free(sc->fold.v);
	free(sc->email);
	memset(sc, 0, sizeof(*sc));
}

static void push_cluster(struct scan *sc, size_t start, int32_t cp, int cat)
{
	struct cluster *c;

	if (sc->ncl == sc->cl_cap) {
		sc->cl_cap = sc->cl_cap ? sc->cl_cap * 2 : 256;
		sc->cl = xrealloc(sc->cl, sc->cl_cap * sizeof(*sc->cl));
	}
	c = &sc->cl[sc->ncl++];
	c->start = start;
	c->fold_off = 0;
	c->fold_n = 0;
	c->kind = (uint8_t)kind_of(cp, cat);
	c->cat = (uint8_t)cat;
}

/*
 * Cut s[0..len) into clusters (and fold them when want_fold). Returns the byte
 * offset of the first invalid UTF-8 sequence, or len when the text is valid.
 */
static size_t scan_clusters(struct scan *sc, const char *s, size_t len, int want_fold)
{
	size_t i = 0, k;

	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	sc->len = len;
	while (i < len) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t r = 1;
		int cat;

		if ((unsigned char)s[i] < 0x80)
			cp = (unsigned char)s[i];
		else if ((r = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
					       (utf8proc_ssize_t)(len - i), &cp)) < 0)
			return i;
		cat = utf8proc_category(cp);
		if (sc->ncl == 0 || !is_mark_cat(cat))
			push_cluster(sc, i, cp, cat);
		i += (size_t)r;
	}
	if (!want_fold)
		return len;
	for (k = 0; k < sc->ncl; k++) {
		size_t end = k + 1 < sc->ncl ? sc->cl[k + 1].start : len;

		sc->cl[k].fold_off = sc->fold.n;
		fold_cluster(s + sc->cl[k].start, end - sc->cl[k].start, &sc->fold);
		sc->cl[k].fold_n = (uint32_t)(sc->fold.n - sc->cl[k].fold_off);
	}
	return len;
}

/* ---- e-mail addresses ---- */

static int email_local_cp(int32_t cp)
{
	return (cp < 0x80 && is_one_of((char)cp, "._%+-")) || is_word_cat(utf8proc_category(cp));
}

static int email_domain_cp(int32_t cp)
{
	return cp == '.' || cp == '-' || is_word_cat(utf8proc_category(cp));
}

/* Labels of letters, digits and inner hyphens; at least two; the last of 2+ letters. */
static int email_domain_ok(const char *s, size_t len, size_t from, size_t to)
{
	size_t i = from, labels = 0;

	while (i <= to) {
		size_t st = i, letters_only = 1;

		while (i < to && s[i] != '.') {
			int32_t cp = cp_at(s, len, i);

			if (!is_letter_cat(utf8proc_category(cp)) && !is_mark_cat(utf8proc_category(cp)))
				letters_only = 0;
			i += cp_size(s[i]);
		}
		if (i == st || s[st] == '-' || s[i - 1] == '-')
			return 0;
		labels++;
		if (i == to)
			return labels >= 2 && letters_only && i - st >= 2;
		i++;
	}
	return 0;
}

static void push_email(struct scan *sc, size_t start, size_t end)
{
	if (sc->nemail == sc->email_cap) {
		sc->email_cap = sc->email_cap ? sc->email_cap * 2 : 16;
		sc->email = xrealloc(sc->email, sc->email_cap * sizeof(*sc->email));
	}
	sc->email[sc->nemail].start = start;
	sc->email[sc->nemail].end = end;
	sc->nemail++;
}

/*
 * Find every local@domain.tld. The local part runs back from '@' over letters,
 * digits, marks and "._%+-", the domain forward over letters, digits, marks, '.'
 * and '-'; a trailing '.' ends the sentence, not the address. Both runs stop at
 * an '@', so every byte is looked at no more than twice. Overlong parts are not
 * cut to the RFC limits: all of it is replaced.
 * Known false negatives: obfuscated addresses ("fatima [at] gmail punt com"),
 * quoted local parts, and social-media handles ("@fatima_2009"), which have no
 * placeholder type.
 */
static void find_emails(struct scan *sc)
{
	const char *s = sc->s, *at;
	size_t len = sc->len, from = 0, floor = 0;

	while (from < len && (at = memchr(s + from, '@', len - from)) != NULL) {
		size_t a = (size_t)(at - s), st = a, en = a + 1;

		while (st > floor) {
			size_t k = cp_before(s, st);

			if (!email_local_cp(cp_at(s, len, k)))
				break;
			st = k;
		}
		while (st < a && (s[st] == '.' || is_mark_cat(utf8proc_category(cp_at(s, len, st)))))
			st += cp_size(s[st]);
		while (en < len && email_domain_cp(cp_at(s, len, en)))
			en += cp_size(s[en]);
		while (en > a + 1 && s[en - 1] == '.')
			en--;
		if (st < a && s[a - 1] != '.' && en > a + 1 && email_domain_ok(s, len, a + 1, en)) {
			push_email(sc, st, en);
			floor = from = en;
		} else {
			from = a + 1;
		}
	}
}

/* ---- dates ---- */

static int date_ok(long day, long month, long year)
{
	if (month < 1 || month > 12 || day < 1 || day > month_days[month - 1])
		return 0;
	if (month == 2 && day == 29 && year >= 0)
		return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return 1;
}

/*
 * 12-03-2009, 12/3/2009, 12.03.09 (one separator, used twice) and 2009-03-12,
 * also as the start of a timestamp 2009-03-12T10:30 (the time is kept).
 * Four-digit years from 1900 to 2099; a two-digit year is any year, so 29-02-09
 * is accepted. Known false positive: version numbers such as "1.5.23".
 */
static size_t match_numeric_date(const char *s, size_t len, size_t i)
{
	size_t n1 = count_digits(s, len, i), n2, n3, j;
	long a, b, c;
	char sep;

	if (n1 == 0 || (n1 > 2 && n1 != 4))
		return 0;
	j = i + n1;
	if (j >= len || !is_one_of(s[j], "-/."))
		return 0;
	sep = s[j++];
	n2 = count_digits(s, len, j);
	if (n2 < 1 || n2 > 2)
		return 0;
	j += n2;
	if (j >= len || s[j] != sep)
		return 0;
	j++;
	n3 = count_digits(s, len, j);
	a = digits_value(s, i, n1);
	b = digits_value(s, j - n2 - 1, n2);
	c = digits_value(s, j, n3 < 5 ? n3 : 4);
	if (n1 == 4) {
		if (n3 < 1 || n3 > 2 || a < 1900 || a > 2099 || !date_ok(c, b, a))
			return 0;
	} else if (n3 == 4) {
		if (c < 1900 || c > 2099 || !date_ok(a, b, c))
			return 0;
	} else if (n3 != 2 || !date_ok(a, b, -1)) {
		return 0;
	}
	j += n3;
	if (n1 == 4 && j < len && s[j] == 'T' && is_digit(s, len, j + 1))
		return j;
	return right_ok(s, len, j) ? j : 0;
}

/* Between the parts of "12 maart 2009": 1 to 3 spaces (or no-break spaces), or one '-'. */
static size_t date_sep(const char *s, size_t len, size_t j)
{
	size_t n = 0, k = 0;

	if (j < len && s[j] == '-')
		return 1;
	while (k < 3) {
		if (j + n < len && s[j + n] == ' ')
			n++;
		else if (j + n + 1 < len && s[j + n] == '\xC2' && s[j + n + 1] == '\xA0')
			n += 2;
		else
			break;
		k++;
	}
	return n;
}

static int month_of(const char *s, size_t n)
{
	size_t k, m;

	for (k = 0; k < sizeof(months) / sizeof(months[0]); k++) {
		if (strlen(months[k].name) != n)
			continue;
		for (m = 0; m < n; m++)
			if ((s[m] | 0x20) != months[k].name[m])
				break;
		if (m == n)
			return months[k].month;
	}
	return 0;
}

/*
 * "12 maart 2009", "3 mrt. 2009", "1e januari '10", "12-mrt-2009". A day and month
 * without a year ("12 maart") is kept. Known false negatives: the weekday between
 * day and month, dates in words ("twaalf maart"), English month names.
 */
static size_t match_text_date(const char *s, size_t len, size_t i)
{
	size_t n = count_digits(s, len, i), j, k;
	long day, year = -1;
	int month, short_year = 0;

	if (n < 1 || n > 2)
		return 0;
	day = digits_value(s, i, n);
	j = i + n;
	if (len - j >= 3 && memcmp(s + j, "ste", 3) == 0)
		j += 3;
	else if (len - j >= 2 && memcmp(s + j, "de", 2) == 0)
		j += 2;
	else if (j < len && s[j] == 'e')
		j++;
	if ((k = date_sep(s, len, j)) == 0)
		return 0;
	j += k;
	for (k = 0; j + k < len && k < 10 && ((s[j + k] | 0x20) >= 'a' && (s[j + k] | 0x20) <= 'z'); k++)
		;
	if ((month = month_of(s + j, k)) == 0)
		return 0;
	j += k;
	if (j < len && s[j] == '.')
		j++;
	if ((k = date_sep(s, len, j)) == 0)
		return 0;
	j += k;
	if (j < len && s[j] == '\'') {
		j++;
		short_year = 1;
	} else if (len - j >= 3 && memcmp(s + j, "\xE2\x80\x99", 3) == 0) {
		j += 3;
		short_year = 1;
	}
	n = count_digits(s, len, j);
	if (short_year) {
		if (n != 2)
			return 0;
	} else {
		if (n != 4)
			return 0;
		year = digits_value(s, j, 4);
		if (year < 1900 || year > 2099)
			return 0;
	}
	if (!date_ok(day, month, year))
		return 0;
	j += n;
	return right_ok(s, len, j) ? j : 0;
}

/* ---- phone numbers ---- */

/* Between digit groups: up to 3 spaces, no-break spaces, '-' or '.', at most one of the last two. */
static size_t phone_sep(const char *s, size_t len, size_t j)
{
	size_t n = 0, k = 0;
	int punct = 0;

	while (k < 3) {
		if (j + n < len && s[j + n] == ' ') {
			n++;
		} else if (j + n + 1 < len && s[j + n] == '\xC2' && s[j + n + 1] == '\xA0') {
			n += 2;
		} else if (j + n < len && (s[j + n] == '-' || s[j + n] == '.') && !punct) {
			punct = 1;
			n++;
		} else {
			break;
		}
		k++;
	}
	return n;
}

enum phone_kind { PHONE_NATIONAL, PHONE_NL_INTL, PHONE_OTHER_INTL };

static int phone_service(const char *d, size_t nd)
{
	return nd >= 4 && (memcmp(d + 1, "800", 3) == 0 || memcmp(d + 1, "900", 3) == 0 ||
			   memcmp(d + 1, "906", 3) == 0 || memcmp(d + 1, "909", 3) == 0);
}

static int phone_valid(enum phone_kind kind, const char *d, size_t nd)
{
	switch (kind) {
	case PHONE_NL_INTL:
		return (nd == 9 && d[0] != '0') || (nd == 10 && d[0] == '0' && d[1] != '0');
	case PHONE_OTHER_INTL:
		return nd >= 8 && nd <= 15 && d[0] != '0';
	default:
		if (nd < 2 || d[0] != '0')
			return 0;
		if (phone_service(d, nd))
			return nd == 8 || nd == 11;
		return nd == 10 && d[1] != '0';
	}
}

/*
 * Dutch numbers: 10 digits from a 0 (06-12345678, 010-1234567, 020 123 4567,
 * (010) 123 45 67), +31 or 0031 and 9 digits (+31 6 12345678, +31 (0)6 12345678,
 * also the common slip +31 06...), 0800/0900/0906/0909 with 4 or 7 digits;
 * and any number written with '+' and 8 to 15 digits (foreign numbers).
 * Digits come in groups separated by spaces, '-' or '.'; every group but the
 * first after a country code has at least 2 digits, so a list of single digits is
 * not a phone number. Years, amounts, times and counts do not start with 0 or '+'.
 * Known false positives: any other 10-digit number starting with 0 (an order
 * number 0123456789). Known false negatives: numbers with one digit too few or
 * too many, '/' as separator (06/12345678), numbers spelled out in words.
 */
static size_t match_phone(const char *s, size_t len, size_t i)
{
	enum phone_kind kind = PHONE_NATIONAL;
	char d[16];
	size_t nd = 0, ng = 0, j = i, n, k;
	size_t gend[PHONE_GROUPS_MAX], gnd[PHONE_GROUPS_MAX];
	int paren = 0, loose_first = 0;

	if (s[j] == '+') {
		j++;
		if (len - j >= 2 && s[j] == '3' && s[j + 1] == '1') {
			kind = PHONE_NL_INTL;
			j += 2;
		} else {
			kind = PHONE_OTHER_INTL;
		}
	} else if (len - j >= 4 && memcmp(s + j, "0031", 4) == 0) {
		kind = PHONE_NL_INTL;
		j += 4;
	}
	if (kind == PHONE_NL_INTL) {
		j += phone_sep(s, len, j);
		if (len - j >= 3 && memcmp(s + j, "(0)", 3) == 0)
			j += 3 + phone_sep(s, len, j + 3);
		loose_first = 1;
	} else if (kind == PHONE_OTHER_INTL) {
		loose_first = 1;
	} else if (s[j] == '(') {
		paren = 1;
		j++;
	}
	for (;;) {
		n = count_digits(s, len, j);
		if (n == 0 || nd + n > 15 || ng == PHONE_GROUPS_MAX || (n < 2 && (ng > 0 || !loose_first)))
			break;
		memcpy(d + nd, s + j, n);
		nd += n;
		j += n;
		if (paren) {
			if (j >= len || s[j] != ')')
				return 0;
			j++;
		}
		gend[ng] = j;
		gnd[ng] = nd;
		ng++;
		k = phone_sep(s, len, j);
		if ((k == 0 && !paren) || !is_digit(s, len, j + k))
			break;
		paren = 0;
		j += k;
	}
	while (ng > 0) {
		ng--;
		if (phone_valid(kind, d, gnd[ng]) && right_ok(s, len, gend[ng]))
			return gend[ng];
	}
	return 0;
}

/* ---- BSN ---- */

/* The elfproef: 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11, not all zeros. */
static int bsn_ok(const char *d)
{
	long sum = 0;
	int k, nonzero = 0;

	for (k = 0; k < 8; k++) {
		sum += (9 - k) * (d[k] - '0');
		nonzero |= d[k] != '0';
	}
	sum -= d[8] - '0';
	nonzero |= d[8] != '0';
	return nonzero && sum % 11 == 0;
}

/*
 * 9 digits as 123456782, 123.456.782, 123 456 782, 123-456-782 or the old
 * sofinummer layout 1234.56.782, passing the elfproef.
 * Known false positives: any 9-digit number that happens to pass the elfproef
 * (1 in 11), including old 9-digit bank account numbers, which used the same
 * check and are personal data too.
 */
static size_t match_bsn(const char *s, size_t len, size_t i)
{
	static const size_t layouts[2][3] = { { 3, 3, 3 }, { 4, 2, 3 } };
	char d[9];
	size_t n = count_digits(s, len, i), j = i, g, off = 0;
	const size_t *layout;
	char sep;

	if (n == 9) {
		memcpy(d, s + i, 9);
		j = i + 9;
	} else if (n == 3 || n == 4) {
		layout = layouts[n == 4];
		sep = j + n < len ? s[j + n] : '\0';
		if (!is_one_of(sep, " .-"))
			return 0;
		for (g = 0; g < 3; g++) {
			if (g > 0 && (j >= len || s[j++] != sep))
				return 0;
			if (count_digits(s, len, j) != layout[g])
				return 0;
			memcpy(d + off, s + j, layout[g]);
			off += layout[g];
			j += layout[g];
		}
	} else {
		return 0;
	}
	return bsn_ok(d) && right_ok(s, len, j) ? j : 0;
}

/* ---- postcodes ---- */

/* Whether the word before cluster ci is in capitals ("IN 2016 EN 2017"). */
static int caps_before(const struct scan *sc, size_t ci)
{
	size_t k = ci, spaces = 0, letters = 0;

	while (k > 0 && sc->cl[k - 1].kind == K_SEP && spaces < 16) {
		k--;
		spaces++;
	}
	if (spaces == 0)
		return 0;
	while (k > 0 && sc->cl[k - 1].kind == K_WORD && letters < 64) {
		int cat = sc->cl[k - 1].cat;

		if (cat == UTF8PROC_CATEGORY_LL || cat == UTF8PROC_CATEGORY_LT)
			return 0;
		letters += cat == UTF8PROC_CATEGORY_LU;
		k--;
	}
	return letters >= 2;
}

/*
 * 1234 AB or 1234AB: 4 digits not starting with 0, at most one space, two capital
 * letters other than SA, SD and SS (never issued). Lowercase letters are not
 * taken: "2016 en", "1500km". To keep "IN 2016 EN 2017" in text written in
 * capitals, a year-like number (1900-2099) is not a postcode when the word before
 * it is in capitals or a digit follows.
 * Known false positives: a year followed by two capitals in ordinary text
 * ("in 2016 EN"), 4 digits and a unit in capitals ("1500 KM").
 * Known false negatives: lowercase postcodes ("1234ab"), and a postcode whose
 * number is a year-like 1900-2099 in capitals text ("WOONT IN 2011 AB").
 */
static size_t match_postcode(const struct scan *sc, size_t ci)
{
	const char *s = sc->s;
	size_t len = sc->len, i = sc->cl[ci].start, j, k;
	long number;

	if (count_digits(s, len, i) != 4 || s[i] == '0')
		return 0;
	j = i + 4;
	if (j < len && s[j] == ' ')
		j++;
	if (!is_upper(s, len, j) || !is_upper(s, len, j + 1))
		return 0;
	if (s[j] == 'S' && (s[j + 1] == 'A' || s[j + 1] == 'D' || s[j + 1] == 'S'))
		return 0;
	j += 2;
	if (!right_ok(s, len, j))
		return 0;
	number = digits_value(s, i, 4);
	if (number >= 1900 && number <= 2099) {
		for (k = j; k < len && k - j < 16 && s[k] == ' '; k++)
			;
		if (is_digit(s, len, k) || caps_before(sc, ci))
			return 0;
	}
	return j;
}

/* ---- IBAN ---- */

static int iban_ok(const char *c, size_t n)
{
	unsigned r = 0;
	size_t k;

	if (n < IBAN_MIN || n > IBAN_MAX || !(c[0] >= 'A' && c[0] <= 'Z') ||
	    !(c[1] >= 'A' && c[1] <= 'Z') || !(c[2] >= '0' && c[2] <= '9') ||
	    !(c[3] >= '0' && c[3] <= '9'))
		return 0;
	if (c[0] == 'N' && c[1] == 'L') {
		if (n != 18)
			return 0;
		for (k = 4; k < 18; k++)
			if (k < 8 ? !(c[k] >= 'A' && c[k] <= 'Z') : !(c[k] >= '0' && c[k] <= '9'))
				return 0;
	}
	for (k = 0; k < n; k++) {
		char ch = c[(k + 4) % n];

		if (ch >= '0' && ch <= '9')
			r = (r * 10 + (unsigned)(ch - '0')) % 97;
		else
			r = (r * 100 + (unsigned)(ch - 'A' + 10)) % 97;
	}
	return r == 1;
}

/*
 * Two letters, two check digits and up to 30 letters or digits, in any case,
 * written in one piece or in groups separated by single spaces; the longest run
 * of whole groups of 15 to 34 characters that passes mod 97 (ISO 13616) is
 * taken. A Dutch IBAN must also have 18 characters: 4 letters for the bank and
 * 10 digits. Known false positives: a product code of 15+ characters that starts
 * with two letters and two digits and passes mod 97 by chance (1 in 97).
 *
 * An IBAN that fails mod 97 is kept, and so is all of it: when it is printed in
 * groups of four, *skip is set to its end, so that "0417 1643 01" inside a
 * mistyped "NL91 ABNA 0417 1643 01" is not taken for a phone number.
 */
static size_t match_iban(const char *s, size_t len, size_t i, size_t *skip)
{
	char c[IBAN_MAX];
	size_t nc = 0, ng = 0, j = i, k, gend[IBAN_GROUPS_MAX], gnc[IBAN_GROUPS_MAX];

	size_t d = i + 2 + (i + 2 < len && s[i + 2] == ' ');

	if (!is_letter(s, len, i) || !is_letter(s, len, i + 1) || !is_digit(s, len, d) ||
	    !is_digit(s, len, d + 1))
		return 0;
	while (ng < IBAN_GROUPS_MAX) {
		while (is_alnum(s, len, j) && nc < IBAN_MAX) {
			c[nc++] = (s[j] >= 'a' && s[j] <= 'z') ? (char)(s[j] - 'a' + 'A') : s[j];
			j++;
		}
		if (is_alnum(s, len, j))
			break;
		gend[ng] = j;
		gnc[ng] = nc;
		ng++;
		if (!(j < len && s[j] == ' ' && is_alnum(s, len, j + 1)))
			break;
		j++;
	}
	for (k = ng; k > 0; k--)
		if (iban_ok(c, gnc[k - 1]) && right_ok(s, len, gend[k - 1]))
			return gend[k - 1];
	if (ng > 0 && gnc[0] == 4)
		k = 1;
	else if (ng > 1 && gnc[0] == 2 && gnc[1] == 4)
		k = 2;
	else
		return 0;
	while (k < ng && gnc[k] - gnc[k - 1] == 4)
		k++;
	if (k < ng && gnc[k] - gnc[k - 1] < 4)
		k++;
	if (gnc[k - 1] >= IBAN_MIN && right_ok(s, len, gend[k - 1]))
		*skip = gend[k - 1];
	return 0;
}

/* ---- names ---- */

/* splitmix64's finaliser: every bit of node and symbol reaches the low bits. */
static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 27;
	x *= 0x94D049BB133111EBULL;
	return x ^ (x >> 31);
}

static size_t edge_slot(const struct trie *t, uint64_t key)
{
	size_t i = (size_t)mix64(key) & (t->edge_cap - 1);

	while (t->edge[i].child != 0 && t->edge[i].key != key)
		i = (i + 1) & (t->edge_cap - 1);
	return i;
}

static uint64_t edge_key(uint32_t node, int32_t sym)
{
	return (uint64_t)node << 32 | (uint32_t)sym;
}

/* The child of node along sym, or 0. */
static uint32_t trie_child(const struct trie *t, uint32_t node, int32_t sym)
{
	if (t->edge_cap == 0)
		return 0;
	return t->edge[edge_slot(t, edge_key(node, sym))].child;
}

static uint32_t trie_new_node(struct trie *t)
{
	if (t->nnodes == t->nodes_cap) {
		t->nodes_cap = t->nodes_cap ? t->nodes_cap * 2 : 64;
		t->name_of = xrealloc(t->name_of, t->nodes_cap * sizeof(*t->name_of));
	}
	if (t->nnodes >= UINT32_MAX)
		abort();
	t->name_of[t->nnodes] = 0;
	return (uint32_t)t->nnodes++;
}

/* The child of node along sym, made when missing. */
static uint32_t trie_add(struct trie *t, uint32_t node, int32_t sym)
{
	uint64_t key = edge_key(node, sym);
	size_t i;

	if ((t->nedges + 1) * 2 > t->edge_cap) {
		struct trie_edge *old = t->edge;
		size_t k, old_cap = t->edge_cap;

		t->edge_cap = old_cap ? old_cap * 2 : 64;
		t->edge = xcalloc(t->edge_cap, sizeof(*t->edge));
		for (k = 0; k < old_cap; k++)
			if (old[k].child != 0)
				t->edge[edge_slot(t, old[k].key)] = old[k];
		if (old)
			wipe(old, old_cap * sizeof(*old));
		free(old);
	}
	i = edge_slot(t, key);
	if (t->edge[i].child == 0) {
		uint32_t child = trie_new_node(t);

		t->edge[i].key = key;
		t->edge[i].child = child;
		t->nedges++;
	}
	return t->edge[i].child;
}

static void trie_release(struct trie *t)
{
	if (t->edge)
		wipe(t->edge, t->edge_cap * sizeof(*t->edge));
	free(t->edge);
	free(t->name_of);
	memset(t, 0, sizeof(*t));
}

/*
 * The longest listed name starting at cluster ci, whole words only: walk the trie
 * along the folded clusters; a space or hyphen in a name takes 1 to NAME_SEP_MAX
 * separator clusters, a cluster that folds to nothing (soft hyphen, zero-width
 * space) is passed over. The cost is the length of the longest prefix of a name
 * found at ci, whatever the number of names.
 * Known false positives: names that are also Dutch words match those words
 * everywhere ("Ben" also replaces "ik ben", "Roos" the flower, a name "Dé" the
 * article "de"); leave such names out or check the output.
 * Known false negatives: names not in the list, short forms ("Willem" for a
 * listed "Jan-Willem"), spelling variants other than case and accents, and the
 * Dutch genitive without apostrophe ("Anouks moeder").
 */
static size_t match_name(const struct pseudo *p, const struct scan *sc, size_t ci,
			 struct name **found)
{
	const struct trie *t = &p->trie;
	uint32_t node = 0;
	size_t best = 0, k, run;

	if (sc->cl[ci].fold_n == 0 || sc->cl[ci].kind == K_SEP)
		return 0;
	while (ci < sc->ncl) {
		const struct cluster *c = &sc->cl[ci];

		if (c->kind == K_SEP) {
			if ((node = trie_child(t, node, SEP_SYM)) == 0)
				break;
			for (run = 0; ci < sc->ncl && sc->cl[ci].kind == K_SEP && run < NAME_SEP_MAX; run++)
				ci++;
			continue;
		}
		for (k = 0; k < c->fold_n; k++)
			if ((node = trie_child(t, node, sc->fold.v[c->fold_off + k])) == 0)
				return best;
		ci++;
		if (t->name_of[node] != 0 && (ci == sc->ncl || sc->cl[ci].kind != K_WORD)) {
			best = ci;
			*found = p->names[t->name_of[node] - 1];
		}
	}
	return best;
}

/* ---- the state ---- */

int pseudo_new(struct pseudo **out)
{
	*out = xcalloc(1, sizeof(**out));
	return 0;
}

void pseudo_free(struct pseudo *p)
{
	size_t k;

	if (!p)
		return;
	for (k = 0; k < p->nnames; k++) {
		struct name *nm = p->names[k];

		wipe(nm->original, strlen(nm->original));
		free(nm->original);
		free(nm);
	}
	for (k = 0; k < p->nentries; k++) {
		wipe(p->entries[k].original, p->entries[k].original_len);
		free(p->entries[k].original);
		free(p->entries[k].placeholder);
	}
	trie_release(&p->trie);
	hmap_release(&p->entry_index);
	free(p->names);
	free(p->entries);
	free(p);
}

static int is_space_byte(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The name as NFC without surrounding spaces (a new string), or NULL when it is not valid UTF-8. */
static char *name_clean(const char *name)
{
	utf8proc_uint8_t *nfc = NULL;
	utf8proc_ssize_t r;
	size_t a = 0, b;
	char *res;

	r = utf8proc_map((const utf8proc_uint8_t *)name, 0, &nfc,
			 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (r < 0)
		return NULL;
	b = (size_t)r;
	while (a < b && is_space_byte((char)nfc[a]))
		a++;
	while (b > a && is_space_byte((char)nfc[b - 1]))
		b--;
	res = xstrndup((const char *)nfc + a, b - a);
	wipe(nfc, (size_t)r);
	free(nfc);
	return res;
}

int pseudo_add_name(struct pseudo *p, const char *name)
{
	struct scan sc;
	struct i32vec sym = { NULL, 0, 0 };
	struct name *nm;
	size_t k, f, letters = 0;
	uint32_t node = 0;
	char *clean = name_clean(name);
	int ret = -1;

	if (!clean)
		return tv_error("name is not valid UTF-8");
	scan_clusters(&sc, clean, strlen(clean), 1);
	for (k = 0; k < sc.ncl; k++) {
		const struct cluster *c = &sc.cl[k];

		if (c->kind == K_SEP) {
			if (sym.n > 0 && sym.v[sym.n - 1] != SEP_SYM)
				i32_push(&sym, SEP_SYM);
			continue;
		}
		letters += is_letter_cat(c->cat);
		for (f = 0; f < c->fold_n; f++)
			i32_push(&sym, sc.fold.v[c->fold_off + f]);
	}
	while (sym.n > 0 && sym.v[sym.n - 1] == SEP_SYM)
		sym.n--;
	if (letters < 2 || sym.n < 2) {
		tv_error("name '%s' has fewer than 2 letters", clean);
		goto out;
	}
	if (p->trie.nnodes == 0)
		trie_new_node(&p->trie);
	for (k = 0; k < sym.n; k++)
		node = trie_add(&p->trie, node, sym.v[k]);
	ret = 0;
	if (p->trie.name_of[node] != 0)
		goto out;
	nm = xcalloc(1, sizeof(*nm));
	nm->original = clean;
	clean = NULL;
	if (p->nnames == p->names_cap) {
		p->names_cap = p->names_cap ? p->names_cap * 2 : 16;
		p->names = xrealloc(p->names, p->names_cap * sizeof(*p->names));
	}
	p->names[p->nnames++] = nm;
	p->trie.name_of[node] = (uint32_t)p->nnames;
out:
	if (clean) {
		wipe(clean, strlen(clean));
		free(clean);
	}
	if (sym.v)
		wipe(sym.v, sym.n * sizeof(*sym.v));
	free(sym.v);
	scan_release(&sc);
	return ret;
}

static size_t entry_add(struct pseudo *p, char *placeholder, const char *original, size_t n)
{
	struct key_entry *e;

	if (p->nentries == p->entries_cap) {
		p->entries_cap = p->entries_cap ? p->entries_cap * 2 : 16;
		p->entries = xrealloc(p->entries, p->entries_cap * sizeof(*p->entries));
	}
	e = &p->entries[p->nentries];
	e->placeholder = placeholder;
	e->original = xstrndup(original, n);
	e->original_len = n;
	e->count = 0;
	return p->nentries++;
}

/* The key entry for an original of a type without numbers, added when new. */
static size_t entry_for(struct pseudo *p, enum pseudo_type t, const char *original, size_t n)
{
	char *key = xmalloc(n + 1);
	const size_t *found;
	size_t idx;

	key[0] = (char)t;
	memcpy(key + 1, original, n);
	found = hmap_get(&p->entry_index, key, n + 1);
	if (found) {
		idx = *found;
	} else {
		idx = entry_add(p, xstrdup(placeholders[t]), original, n);
		hmap_put(&p->entry_index, key, n + 1, idx);
	}
	wipe(key, n + 1);
	free(key);
	return idx;
}

static void replace(struct pseudo *p, struct buf *b, enum pseudo_type t, struct name *nm,
		    const char *original, size_t n)
{
	struct key_entry *e;
	size_t idx;

	if (t == PSEUDO_NAME) {
		if (nm->number == 0) {
			nm->number = ++p->last_number;
			nm->entry = entry_add(p, xasprintf("[naam-%ld]", nm->number), nm->original,
					      strlen(nm->original));
		}
		idx = nm->entry;
	} else {
		idx = entry_for(p, t, original, n);
	}
	e = &p->entries[idx];
	e->count++;
	p->counts[t]++;
	buf_adds(b, e->placeholder);
}

/*
 * The end (byte) of personal data starting at cluster ci, or 0; sets *type and *nm.
 * Sets *skip to the end of text that must be kept as it is (an invalid IBAN).
 */
static size_t detect(const struct pseudo *p, const struct scan *sc, size_t ci,
		     enum pseudo_type *type, struct name **nm, size_t *skip)
{
	const char *s = sc->s;
	size_t len = sc->len, i = sc->cl[ci].start, end;
	char ch = s[i];

	if (ci > 0 && sc->cl[ci - 1].kind == K_WORD)
		return 0;
	if ((ch >= '0' && ch <= '9') || ch == '+' || ch == '(') {
		if (!left_ok(sc, ci))
			return 0;
		*type = PSEUDO_DATE;
		if ((end = match_numeric_date(s, len, i)) || (end = match_text_date(s, len, i)))
			return end;
		*type = PSEUDO_PHONE;
		if ((end = match_phone(s, len, i)))
			return end;
		*type = PSEUDO_BSN;
		if ((end = match_bsn(s, len, i)))
			return end;
		*type = PSEUDO_POSTCODE;
		return match_postcode(sc, ci);
	}
	*type = PSEUDO_IBAN;
	if ((end = match_iban(s, len, i, skip)) || *skip)
		return end;
	*type = PSEUDO_NAME;
	if (p->nnames > 0 && (end = match_name(p, sc, ci, nm)) != 0)
		return end < sc->ncl ? sc->cl[end].start : len;
	return 0;
}

int pseudo_text(struct pseudo *p, const char *text, size_t len, char **out, size_t *out_len)
{
	struct scan sc;
	struct buf b;
	size_t bad, ci = 0, ei = 0, copied = 0;

	*out = NULL;
	bad = scan_clusters(&sc, text, len, p->nnames > 0);
	if (bad < len) {
		scan_release(&sc);
		return tv_error("text is not valid UTF-8 at byte %zu", bad);
	}
	find_emails(&sc);
	buf_init(&b);
	while (ci < sc.ncl) {
		size_t pos = sc.cl[ci].start, end = 0, skip = 0;
		enum pseudo_type type = PSEUDO_EMAIL;
		struct name *nm = NULL;

		if (ei < sc.nemail && pos >= sc.email[ei].start) {
			end = sc.email[ei++].end;
		} else {
			end = detect(p, &sc, ci, &type, &nm, &skip);
			if (ei < sc.nemail && end > sc.email[ei].start)
				end = 0;
		}
		if (end == 0) {
			if (skip == 0 || (ei < sc.nemail && skip > sc.email[ei].start))
				skip = pos + 1;
			while (ci < sc.ncl && sc.cl[ci].start < skip)
				ci++;
			continue;
		}
		buf_add(&b, text + copied, pos - copied);
		replace(p, &b, type, nm, text + pos, end - pos);
		copied = end;
		while (ci < sc.ncl && sc.cl[ci].start < end)
			ci++;
	}
	buf_add(&b, text + copied, len - copied);
	scan_release(&sc);
	if (out_len)
		*out_len = b.len;
	*out = buf_detach(&b);
	return 0;
}

long pseudo_count(const struct pseudo *p, enum pseudo_type type)
{
	if ((int)type < 0 || type >= PSEUDO_NTYPES)
		return 0;
	return p->counts[type];
}

const char *pseudo_type_name(enum pseudo_type type)
{
	if ((int)type < 0 || type >= PSEUDO_NTYPES)
		return NULL;
	return type_names[type];
}

/* ---- the key file ---- */

static void key_field(struct buf *b, const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		switch (s[k]) {
		case '\t': buf_adds(b, "\\t"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\\': buf_adds(b, "\\\\"); break;
		default: buf_addc(b, s[k]); break;
		}
	}
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int pseudo_write_key(const struct pseudo *p, const char *path)
{
	struct buf b;
	size_t k;
	int fd, ret = -1, err;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return tv_error("key file '%s' already exists; a key is never overwritten", path);
		return tv_error("cannot create key file '%s': %s", path, strerror(errno));
	}
	buf_init(&b);
	buf_adds(&b, "placeholder\toriginal\tcount\n");
	for (k = 0; k < p->nentries; k++) {
		const struct key_entry *e = &p->entries[k];

		key_field(&b, e->placeholder, strlen(e->placeholder));
		buf_addc(&b, '\t');
		key_field(&b, e->original, e->original_len);
		buf_printf(&b, "\t%ld\n", e->count);
	}
	if (write_all(fd, b.s, b.len) < 0 || fsync(fd) < 0) {
		err = errno;
		close(fd);
		unlink(path);
		tv_error("cannot write key file '%s': %s", path, strerror(err));
		goto out;
	}
	if (close(fd) < 0) {
		err = errno;
		unlink(path);
		tv_error("cannot write key file '%s': %s", path, strerror(err));
		goto out;
	}
	ret = 0;
out:
	wipe(b.s, b.len);
	buf_release(&b);
	return ret;
}

int pseudo_add_names_file(struct pseudo *p, const char *path)
{
	char *text, *line, *next;
	size_t len;
	int ret = 0;

	if (file_read(path, 4 * 1024 * 1024, &text, &len) < 0)
		return -1;
	for (line = text; *line && ret == 0; line = next) {
		char *end;

		next = line + strcspn(line, "\n");
		if (*next)
			*next++ = '\0';
		end = line + strlen(line);
		while (end > line && (end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		if (*line && *line != '#')
			ret = pseudo_add_name(p, line);
	}
	free(text);
	return ret;
}
