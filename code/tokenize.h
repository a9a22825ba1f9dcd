/* tokenize.h: words of a segment text for the coder: NFC, case folding, code-point offsets, sentences, clauses, [remarks] skipped. */
#ifndef TV_TOKENIZE_H
#define TV_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/*
 * A token is a maximal run of letters, digits and combining marks (Unicode
 * categories L*, N*, M*); everything else separates tokens. Text inside square
 * brackets ("[lacht]", "[naam instelling]", "[00:03:40]") is skipped: a remark
 * or placeholder is not part of what the speaker said. A '[' without a ']'
 * before the end of its line skips to the end of that line.
 *
 * Sentences end at '.', '!', '?', '…' followed by a space, a quote, a bracket
 * or the end (not after a single letter or a known abbreviation such as
 * "bijv." or "o.a."), and at every line break. Inside a sentence a clause mark
 * (',', ';', ':', '(', ')', '"', a dash between spaces) sets TOKENIZE_CLAUSE on
 * the next token.
 *
 * Invalid UTF-8 bytes count as one code point each and separate tokens.
 */

enum tokenize_flag {
	TOKENIZE_CLAUSE = 1,	/* a clause mark stands between this token and the previous one */
	TOKENIZE_ASCII = 2,	/* the original token was plain ASCII */
};

struct tokenize_token {
	uint32_t form;		/* byte offset of the folded form in tokenize.forms (NUL-terminated) */
	uint32_t len;		/* length of the folded form in bytes */
	uint32_t start, end;	/* code points in the original text, end exclusive */
	uint32_t byte_start, byte_end;	/* the same in bytes */
	uint32_t sentence;	/* sentence number in the text, from 0 */
	uint32_t pos;		/* position in the sentence, from 0 */
	uint32_t flags;		/* enum tokenize_flag bits */
};

/* The tokens of one text. Reused from call to call: buffers only grow. */
struct tokenize {
	struct tokenize_token *v;
	size_t n, cap;
	char *forms;		/* folded forms, each followed by a NUL */
	size_t forms_len, forms_cap;
	size_t sentences;	/* number of sentences that hold a token */
	int32_t *scratch;	/* code points for utf8proc */
	size_t scratch_cap;
};

void tokenize_init(struct tokenize *t);
void tokenize_release(struct tokenize *t);

/*
 * Tokenize len bytes of text (need not be NUL-terminated) into t, replacing
 * what t held. Texts longer than 2^31 bytes are refused with -1 (reported);
 * otherwise returns 0.
 */
int tokenize_text(struct tokenize *t, const char *text, size_t len);

/* The folded form of token i: borrowed, valid until the next tokenize_text. */
static inline const char *tokenize_form(const struct tokenize *t, size_t i)
{
	return t->forms + t->v[i].form;
}

/*
 * NFC and Unicode case folding of len bytes of s, appended to out.
 * Invalid UTF-8 is copied byte by byte.
 */
void tokenize_fold(const char *s, size_t len, struct buf *out);

/*
 * s (NUL-terminated, folded) without diacritics ("één" -> "een",
 * "cliënt" -> "client"): a new string the caller frees, or NULL when s has
 * none (or is pure ASCII).
 */
char *tokenize_strip_marks(const char *s);

/* Is the folded string s exactly one token (letters, digits, marks only)? */
int tokenize_is_word(const char *s);

#endif
