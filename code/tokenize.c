/* tokenize.c: words of a segment text for the coder (utf8proc lives here, and only here in code/). */
#include "code/tokenize.h"
#include "core/error.h"
#include "core/util.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define FOLD_OPTIONS (UTF8PROC_COMPOSE | UTF8PROC_STABLE | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE)

/* A '.' after one of these does not end a sentence ("bijv. de wachtlijst"); by first letter. */
static const char *const abbreviations[26] = {
	['a' - 'a'] = "afd aug",
	['b' - 'a'] = "bijv bv blz",
	['c' - 'a'] = "ca",
	['d' - 'a'] = "dhr dr drs dec",
	['e' - 'a'] = "evt excl",
	['f' - 'a'] = "feb",
	['g' - 'a'] = "gem",
	['i' - 'a'] = "incl ir ing",
	['j' - 'a'] = "jl jan",
	['m' - 'a'] = "mevr mw mr max min",
	['n' - 'a'] = "nr nov",
	['o' - 'a'] = "ong okt",
	['p' - 'a'] = "prof pag",
	['r' - 'a'] = "resp",
	['s' - 'a'] = "st sept",
	['t' - 'a'] = "tel",
	['v' - 'a'] = "vs",
	['z' - 'a'] = "zgn zg",
};

void tokenize_init(struct tokenize *t)
{
	memset(t, 0, sizeof(*t));
}

void tokenize_release(struct tokenize *t)
{
	free(t->v);
	free(t->forms);
	free(t->scratch);
	tokenize_init(t);
}

/* Decode one code point at s[i]: its byte length (>= 1); *c = -1 for an invalid byte. */
static size_t next_cp(const unsigned char *s, size_t len, size_t i, int32_t *c)
{
	utf8proc_ssize_t n;

	if (s[i] < 0x80) {
		*c = s[i];
		return 1;
	}
	n = utf8proc_iterate(s + i, (utf8proc_ssize_t)(len - i), c);
	if (n <= 0) {
		*c = -1;
		return 1;
	}
	return (size_t)n;
}

/* ASCII letters and digits, folded to lower case; 0 for every other byte. */
static const unsigned char ascii_word[128] = {
	['0'] = '0', ['1'] = '1', ['2'] = '2', ['3'] = '3', ['4'] = '4', ['5'] = '5', ['6'] = '6',
	['7'] = '7', ['8'] = '8', ['9'] = '9',
	['a'] = 'a', ['b'] = 'b', ['c'] = 'c', ['d'] = 'd', ['e'] = 'e', ['f'] = 'f', ['g'] = 'g',
	['h'] = 'h', ['i'] = 'i', ['j'] = 'j', ['k'] = 'k', ['l'] = 'l', ['m'] = 'm', ['n'] = 'n',
	['o'] = 'o', ['p'] = 'p', ['q'] = 'q', ['r'] = 'r', ['s'] = 's', ['t'] = 't', ['u'] = 'u',
	['v'] = 'v', ['w'] = 'w', ['x'] = 'x', ['y'] = 'y', ['z'] = 'z',
	['A'] = 'a', ['B'] = 'b', ['C'] = 'c', ['D'] = 'd', ['E'] = 'e', ['F'] = 'f', ['G'] = 'g',
	['H'] = 'h', ['I'] = 'i', ['J'] = 'j', ['K'] = 'k', ['L'] = 'l', ['M'] = 'm', ['N'] = 'n',
	['O'] = 'o', ['P'] = 'p', ['Q'] = 'q', ['R'] = 'r', ['S'] = 's', ['T'] = 't', ['U'] = 'u',
	['V'] = 'v', ['W'] = 'w', ['X'] = 'x', ['Y'] = 'y', ['Z'] = 'z',
};

static inline int is_alnum_ascii(int c)
{
	return c >= 0 && c < 128 && ascii_word[c] != 0;
}

/* Can c start a token (letter, digit, mark)? Can it continue one (also format characters)? */
static int is_word_cp(int32_t c, int cont)
{
	utf8proc_category_t cat;

	if (c < 0)
		return 0;
	if (c < 0x80)
		return is_alnum_ascii(c);
	cat = utf8proc_category(c);
	if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_NO)
		return 1;
	return cont && cat == UTF8PROC_CATEGORY_CF;
}

/*
 * Fold len bytes of s with utf8proc into *scratch (grown as needed); the UTF-8
 * result is left at the start of *scratch. Returns its length, or -1 for invalid UTF-8.
 */
static utf8proc_ssize_t fold_into(const char *s, size_t len, int32_t **scratch, size_t *cap)
{
	utf8proc_ssize_t n;

	for (;;) {
		n = utf8proc_decompose((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, *scratch,
				       (utf8proc_ssize_t)*cap, FOLD_OPTIONS);
		if (n < 0)
			return -1;
		if ((size_t)n <= *cap)
			break;
		*cap = (size_t)n + 16;
		*scratch = xrealloc(*scratch, *cap * sizeof(**scratch));
	}
	return utf8proc_reencode(*scratch, n, FOLD_OPTIONS);
}

void tokenize_fold(const char *s, size_t len, struct buf *out)
{
	int32_t *scratch = NULL;
	size_t cap = 0;
	utf8proc_ssize_t n;

	if (len == 0) {
		buf_add(out, "", 0);
		return;
	}
	n = fold_into(s, len, &scratch, &cap);
	if (n < 0)
		buf_add(out, s, len);
	else
		buf_add(out, scratch, (size_t)n);
	free(scratch);
}

char *tokenize_strip_marks(const char *s)
{
	utf8proc_uint8_t *out = NULL;
	const char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			break;
	if (!*p)
		return NULL;
	if (utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
			 UTF8PROC_NULLTERM | UTF8PROC_COMPOSE | UTF8PROC_STABLE |
			 UTF8PROC_STRIPMARK) < 0)
		return NULL;
	if (strcmp((char *)out, s) == 0) {
		free(out);
		return NULL;
	}
	return (char *)out;
}

int tokenize_is_word(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	int32_t c;

	if (len == 0)
		return 0;
	while (i < len) {
		n = next_cp((const unsigned char *)s, len, i, &c);
		if (!is_word_cp(c, i > 0))
			return 0;
		i += n;
	}
	return 1;
}

static void forms_reserve(struct tokenize *t, size_t extra)
{
	if (t->forms_len + extra + 1 <= t->forms_cap)
		return;
	t->forms_cap = t->forms_cap ? t->forms_cap : 256;
	while (t->forms_len + extra + 1 > t->forms_cap)
		t->forms_cap *= 2;
	t->forms = xrealloc(t->forms, t->forms_cap);
}

static int is_abbreviation(const char *form, size_t len)
{
	const char *p;

	if (len == 1 && !(form[0] >= '0' && form[0] <= '9'))
		return 1;
	if (len > 4 || form[0] < 'a' || form[0] > 'z' || !abbreviations[form[0] - 'a'])
		return 0;
	for (p = abbreviations[form[0] - 'a']; *p;) {
		size_t n = strcspn(p, " ");

		if (n == len && memcmp(p, form, len) == 0)
			return 1;
		p += n;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* State carried through one tokenize_text call. */
struct scan {
	const unsigned char *s;
	size_t len;
	size_t i;		/* byte position */
	size_t cp;		/* code-point position */
	int end_sentence;	/* a sentence end was seen since the last token */
	int clause;		/* a clause mark was seen since the last token */
	uint32_t sentence, pos;
};

/* Scan the token starting at sc->i and append it. */
static void scan_token(struct tokenize *t, struct scan *sc)
{
	struct tokenize_token *tok;
	size_t b0 = sc->i, cp0 = sc->cp, n;
	int ascii = 1;
	int32_t c;

	/* tokenize_text reserved a token for every two bytes of the text */
	tok = &t->v[t->n];
	tok->form = (uint32_t)t->forms_len;
	{
		/* Locals, not sc->: the char stores below may alias anything. */
		const unsigned char *s = sc->s;
		size_t i = sc->i, cp = sc->cp, len = sc->len, fl = t->forms_len;
		char *forms = t->forms;

		while (i < len) {
			unsigned char b = s[i];

			if (b < 0x80) {
				if (!ascii_word[b])
					break;
				/* tokenize_text reserved room for every byte of the text plus a NUL per token */
				forms[fl++] = (char)ascii_word[b];
				i++;
				cp++;
				continue;
			}
			n = next_cp(s, len, i, &c);
			if (!is_word_cp(c, 1))
				break;
			ascii = 0;
			i += n;
			cp++;
		}
		sc->i = i;
		sc->cp = cp;
		t->forms_len = fl;
	}
	if (!ascii) {
		utf8proc_ssize_t m = fold_into((const char *)sc->s + b0, sc->i - b0, &t->scratch,
					       &t->scratch_cap);

		t->forms_len = tok->form;
		if (m < 0) {
			m = (utf8proc_ssize_t)(sc->i - b0);
			forms_reserve(t, (size_t)m);
			memcpy(t->forms + t->forms_len, sc->s + b0, (size_t)m);
		} else {
			forms_reserve(t, (size_t)m);
			memcpy(t->forms + t->forms_len, t->scratch, (size_t)m);
		}
		t->forms_len += (size_t)m;
		/* Folding may have grown: keep room for the rest of the text (2 bytes a byte). */
		forms_reserve(t, 2 * (sc->len - sc->i) + 1);
	}
	forms_reserve(t, 0);
	t->forms[t->forms_len++] = '\0';
	tok->len = (uint32_t)(t->forms_len - 1 - tok->form);
	if (tok->len == 0) {
		/* Only ignorable characters folded away: no token. */
		t->forms_len = tok->form;
		return;
	}
	if (sc->end_sentence && t->n > 0) {
		sc->sentence++;
		sc->pos = 0;
	}
	tok->start = (uint32_t)cp0;
	tok->end = (uint32_t)sc->cp;
	tok->byte_start = (uint32_t)b0;
	tok->byte_end = (uint32_t)sc->i;
	tok->sentence = sc->sentence;
	tok->pos = sc->pos++;
	tok->flags = ascii ? TOKENIZE_ASCII : 0;
	if (sc->clause && tok->pos > 0)
		tok->flags |= TOKENIZE_CLAUSE;
	sc->end_sentence = 0;
	sc->clause = 0;
	t->n++;
}

/* Skip a [remark] starting at sc->i: up to and including ']', or up to the end of the line. */
static void scan_remark(struct scan *sc)
{
	int32_t c;

	sc->i++;
	sc->cp++;
	while (sc->i < sc->len && sc->s[sc->i] != '\n') {
		int close = sc->s[sc->i] == ']';

		sc->i += next_cp(sc->s, sc->len, sc->i, &c);
		sc->cp++;
		if (close)
			return;
	}
}

/* Does the byte after a terminal mark let the mark end a sentence? */
static int ends_here(const struct scan *sc, size_t after)
{
	return after >= sc->len || !is_alnum_ascii(sc->s[after]);
}

static void scan_punct(struct tokenize *t, struct scan *sc, int32_t c, size_t n)
{
	size_t after = sc->i + n;
	int prev_digit = sc->i > 0 && sc->s[sc->i - 1] >= '0' && sc->s[sc->i - 1] <= '9';
	int next_digit = after < sc->len && sc->s[after] >= '0' && sc->s[after] <= '9';

	switch (c) {
	case '\n':
		sc->end_sentence = 1;
		break;
	case '.':
		if (prev_digit && next_digit)
			break;
		if (!ends_here(sc, after))
			break;
		/* "bijv." or "o.a.": only when the '.' follows the word directly. */
		if (t->n > 0 && t->v[t->n - 1].byte_end == sc->i &&
		    is_abbreviation(t->forms + t->v[t->n - 1].form, t->v[t->n - 1].len))
			break;
		sc->end_sentence = 1;
		break;
	case '!':
	case '?':
	case 0x2026:	/* … */
		if (ends_here(sc, after))
			sc->end_sentence = 1;
		break;
	case ',':
		if (!(prev_digit && next_digit))
			sc->clause = 1;
		break;
	case '-':
		if (sc->i > 0 && (sc->s[sc->i - 1] == ' ' || sc->s[sc->i - 1] == '\t') &&
		    (after >= sc->len || sc->s[after] == ' ' || sc->s[after] == '\t'))
			sc->clause = 1;
		break;
	case ';':
	case ':':
	case '(':
	case ')':
	case '"':
	case 0x2013:	/* – */
	case 0x2014:	/* — */
	case 0x201C:	/* “ */
	case 0x201D:	/* ” */
	case 0x201E:	/* „ */
	case 0x00AB:	/* « */
	case 0x00BB:	/* » */
		sc->clause = 1;
		break;
	default:
		break;
	}
}

int tokenize_text(struct tokenize *t, const char *text, size_t len)
{
	struct scan sc;

	t->n = 0;
	t->forms_len = 0;
	t->sentences = 0;
	if (len >= ((size_t)1 << 31))
		return tv_error("text of %zu bytes is too long to code (at most 2 GiB)", len);
	forms_reserve(t, 2 * len + 1);
	/* Tokens are separated by at least one byte: at most (len + 1) / 2 of them. */
	if ((len + 1) / 2 + 1 > t->cap) {
		t->cap = (len + 1) / 2 + 1 > 64 ? (len + 1) / 2 + 1 : 64;
		t->v = xrealloc(t->v, t->cap * sizeof(*t->v));
	}
	memset(&sc, 0, sizeof(sc));
	sc.s = (const unsigned char *)text;
	sc.len = len;
	while (sc.i < len) {
		unsigned char b = sc.s[sc.i];
		int32_t c;
		size_t n;

		if (b < 0x80) {
			if (ascii_word[b]) {
				scan_token(t, &sc);
			} else if (b == ' ') {
				sc.i++;
				sc.cp++;
			} else if (b == '[') {
				scan_remark(&sc);
			} else {
				scan_punct(t, &sc, b, 1);
				sc.i++;
				sc.cp++;
			}
			continue;
		}
		n = next_cp(sc.s, len, sc.i, &c);
		if (is_word_cp(c, 0)) {
			scan_token(t, &sc);
			continue;
		}
		scan_punct(t, &sc, c, n);
		sc.i += n;
		sc.cp++;
	}
	if (t->n > 0)
		t->sentences = t->v[t->n - 1].sentence + 1;
	return 0;
}
