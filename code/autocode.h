/* autocode.h: the automatic theme coder: codes, polarity and evidence of one segment text from a codebook. */
#ifndef TV_AUTOCODE_H
#define TV_AUTOCODE_H

#include <stddef.h>
#include <stdint.h>

#include "code/codebook.h"
#include "code/stemmer.h"

/*
 * How a segment is coded (docs/codebook.md has the long version):
 *
 *  1. The text is tokenized (code/tokenize.h); [remarks] are skipped.
 *  2. Every token is matched through its forms (surface, stems, compound
 *     parts, verb roots: code/stemmer.h) against the codebook's words.
 *  3. A code is present when one of its match rules matches in a sentence
 *     where none of its exclusions (and none of the rule's "unless") match.
 *  4. Its polarity in that sentence comes from the code's positive and
 *     negative cues anywhere in the sentence and from the valence lexicon in
 *     the clauses of the rule (falling back to the sentence's other clauses,
 *     then to a neighbouring sentence without codes). Negators flip what
 *     they reach (three content words ahead in the clause, or, when nothing
 *     polar follows, the word just before or a verb two words back: "ze
 *     luisterde niet"); an odd number of negators flips, an even number does
 *     not. Hedges ("niet echt", "niet uitgesproken", "wel") and intensifiers
 *     ("heel") scale the next polar word. The sentence's verdict is '+' or
 *     '-' by the sign of the evidence, '~' when both sides are there and the
 *     smaller is at least half the larger.
 *  5. Over the segment: one kind of sentence verdict gives the polarity, '+'
 *     and '-' sentences (or a '~' one) give '~'. No evidence at all gives the
 *     code's default polarity (or none). A code whose codebook allows no
 *     polarity gets none.
 *
 * The result depends only on the text, the codebook, the lexicons and the
 * dictionary: the same input gives the same output, cache or no cache.
 */

struct autocode;

enum autocode_role {
	AUTOCODE_TRIGGER = 0,	/* a match rule of the code */
	AUTOCODE_CUE,		/* a positive or negative cue of the code */
	AUTOCODE_VALENCE,	/* a valence lexicon entry counted for the code */
};

/* One piece of evidence, for auditing a coding. */
struct autocode_evidence {
	enum autocode_role role;
	uint32_t start, end;		/* code points in the text, end exclusive */
	uint32_t first, last;		/* token numbers, inclusive */
	uint32_t sentence;		/* sentence number (from 0) */
	double weight;			/* cue/valence contribution after negation and hedges; 0 for triggers */
	int negated;			/* an odd number of negators reached it */
	const struct codebook_pattern *pattern;	/* the rule, cue or lexicon entry; borrowed from the codebook */
};

struct autocode_hit {
	size_t code;		/* index in codebook codes[] */
	const char *id;		/* the code id, borrowed from the codebook */
	char polarity;		/* '+', '-', '~', or 0 for none */
	int defaulted;		/* polarity is the code's default: no cue was found */
	double positive;	/* summed positive evidence */
	double negative;	/* summed negative evidence (>= 0) */
	size_t evidence;	/* first piece of evidence in the result's evidence[] */
	size_t nevidence;
};

/* The codes of one text, in codebook order. Reused from call to call. */
struct autocode_result {
	struct autocode_hit *hits;
	size_t nhits, hits_cap;
	struct autocode_evidence *evidence;
	size_t nevidence, evidence_cap;
};

/*
 * Compile a coder for codebook cb using stemmer st. Both are borrowed and must
 * outlive the coder; the coder adds to the stemmer's cache. Returns 0, or -1
 * after reporting (a codebook with more than 2^20 patterns).
 * *out is a new coder; free it with autocode_free.
 */
int autocode_open(struct autocode **out, const struct codebook *cb, struct stemmer *st);
void autocode_free(struct autocode *ac);

void autocode_result_init(struct autocode_result *r);
void autocode_result_release(struct autocode_result *r);

/*
 * Code len bytes of text (UTF-8, need not be NUL-terminated) into r,
 * replacing what r held. Returns 0, or -1 after reporting (a text over 2 GiB).
 */
int autocode_text(struct autocode *ac, const char *text, size_t len, struct autocode_result *r);

/* The hit of code `id` in r, or NULL. */
const struct autocode_hit *autocode_find(const struct autocode_result *r, const char *id);

/*
 * "wachttijd-;bejegening+;effect": the hits of r as one string in codebook
 * order, polarity after the id. A new string; the caller frees it.
 */
char *autocode_format(const struct autocode_result *r);

#endif
