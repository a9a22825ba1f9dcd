/* codebook.h: codebook definitions (docs/codebook.md): versioned hierarchical codes, match rules, polarity cues, lexicons. */
#ifndef TV_CODEBOOK_H
#define TV_CODEBOOK_H

#include <stddef.h>

#define CODEBOOK_FORMAT "tevreden-codebook-1"

/*
 * A loaded codebook is plain read-only data: autocode compiles it, the store
 * keeps id, version, text and checksum. Every string is owned by the codebook
 * and lives until codebook_free. Pattern words are folded (NFC, lower case)
 * when loaded, so they compare byte for byte with tokenize forms.
 */

/* One word of a pattern: "wacht", "=tolk" (not inside compounds) or "wacht*" (prefix). */
struct codebook_term {
	char *text;	/* folded, without '=' and '*' */
	int exact;	/* '=': surface, stems and verb roots only, not compound parts */
	int prefix;	/* '*': any form starting with text */
};

/* One position of a pattern: alternatives "dag|dagen|week". */
struct codebook_slot {
	struct codebook_term *terms;
	size_t nterms;
};

/*
 * A pattern: a word, a phrase of consecutive words ("kastje naar de muur"), or
 * words near each other in one sentence ({"near": [...], "within": N}: the
 * first and last of them at most N tokens apart, in any order).
 */
struct codebook_pattern {
	char *source;			/* as written, for evidence and messages */
	char *path;			/* its JSON path ("$.codes[3].match[2]") or "FILE:LINE" */
	int near;			/* 0: consecutive slots; 1: within `within` tokens, any order */
	long within;
	struct codebook_slot *slots;
	size_t nslots;
	double weight;			/* cues: strength (default 1); lexicon: the entry's weight */
	struct codebook_pattern *unless;	/* the pattern does not count in a sentence where one of these matches */
	size_t nunless;
};

struct codebook_code {
	char *id;		/* [a-z][a-z0-9_]* */
	char *label;
	char *description;	/* may be "" */
	char *parent;		/* id of the parent code, or NULL at the top */
	long parent_index;	/* index of the parent in codes[], or -1 */
	char polarities[4];	/* allowed polarities, a subset of "+-~" in that order; "" = none */
	char default_polarity;	/* polarity of a mention without cues, or 0 */
	struct codebook_pattern *match;		/* any of these marks the code */
	size_t nmatch;
	struct codebook_pattern *exclude;	/* any of these suppresses the code in its sentence */
	size_t nexclude;
	struct codebook_pattern *positive;	/* cues for '+' */
	size_t npositive;
	struct codebook_pattern *negative;	/* cues for '-' */
	size_t nnegative;
};

/* Lexicon entries: negatie.txt (NEG, BOUND, PASS) and valentie.tsv (VAL, HEDGE, INTENS). */
enum codebook_lex_kind {
	CODEBOOK_NEG = 0,	/* negator: flips the polarity of what follows ("niet", "geen", "nooit") */
	CODEBOOK_BOUND,		/* ends a clause: negation and valence do not reach past it ("maar", "want") */
	CODEBOOK_PASS,		/* not counted in a negator's reach ("de", "ze", "hoeven"); also blocks shorter entries */
	CODEBOOK_VAL,		/* general valence, weight -3..3 ("tevreden" 2, "slecht" -2) */
	CODEBOOK_HEDGE,		/* multiplies the next polar word; negative = hedged negation ("niet echt" -0.4) */
	CODEBOOK_INTENS,	/* multiplies the next polar word by weight > 1 ("heel" 1.5) */
};

struct codebook_lex {
	enum codebook_lex_kind kind;
	struct codebook_pattern pattern;	/* a word or phrase; weight in pattern.weight */
};

struct codebook {
	char *file;		/* as given to codebook_load */
	char *id;		/* codebook name, [a-z][a-z0-9_-]* */
	char *version;		/* "2017.1": codings record it */
	char *label;
	char *description;	/* may be "" */
	char *negation_file;	/* resolved path of the negation lexicon, or NULL */
	char *valence_file;	/* resolved path of the valence lexicon, or NULL */
	struct codebook_code *codes;
	size_t ncodes;
	struct codebook_lex *lex;	/* negation entries first, then valence entries, in file order */
	size_t nlex;
	char *text;		/* the JSON text as read (for the store) */
	char checksum[65];	/* SHA-256 of text, hex */
};

/*
 * Load a codebook file and the lexicons it names (paths relative to the
 * codebook's directory). Problems are reported once, naming the JSON path
 * ("jeugdhulp.json: $.codes[3].match[1].within: expected a whole number
 * 1..50, found 0") or the lexicon line ("negatie.txt:12: ..."), and -1 is
 * returned. On success *out is a new codebook; free it with codebook_free.
 */
int codebook_load(const char *file, struct codebook **out);

/* The same from len bytes of JSON text; `file` names it in messages and anchors lexicon paths. */
int codebook_parse(const char *file, const char *text, size_t len, struct codebook **out);

void codebook_free(struct codebook *cb);

/* Index of the code with this id, or -1. */
long codebook_find(const struct codebook *cb, const char *id);

/* Is code `i` code `ancestor` or below it? */
int codebook_is_under(const struct codebook *cb, size_t i, size_t ancestor);

#endif
