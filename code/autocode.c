/* autocode.c: the automatic theme coder: rule matching through stems, negation scope, polarity, evidence. */
#include "code/autocode.h"
#include "code/tokenize.h"
#include "core/error.h"
#include "core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/*
 * Tuning of the polarity rules. They were set on the example sentences in
 * tests/check_autocode.c and the transcripts in data/transcripts/.
 */
#define NEG_REACH 3		/* content tokens a negator reaches forward in its clause */
#define NEG_BACK 2		/* content tokens it reaches back to a polar verb when nothing polar follows */
#define HEDGE_REACH 3		/* tokens between a hedge and the word it scales */
#define INTENS_REACH 2		/* tokens between an intensifier and the word it scales */
#define NEG_OF_POSITIVE 0.8	/* "niet goed" is almost as bad as "slecht" */
#define NEG_OF_NEGATIVE 0.6	/* "niet slecht" is weaker praise than "goed" */
#define MIXED_RATIO 0.5		/* '~' when the smaller side is at least this share of the larger */
#define MIXED_MIN 0.5		/* ... and at least this large */
#define VALENCE_WITH_CUES 0.5	/* general valence counts half where the code has its own cues */
#define MAX_PATTERNS ((size_t)1 << 20)
#define EXACT_BIT 0x80000000u
#define ANY_CODE (-2)		/* part_of_cue: a cue of any code */

enum role { R_TRIGGER, R_EXCLUDE, R_POS, R_NEG, R_UNLESS, R_LEX };

/* A match attempt at a slot: a phrase to check, a one-slot pattern that matches outright, a near pattern. */
enum { SK_PHRASE, SK_SINGLE, SK_NEAR };

struct term {
	const char *text;	/* borrowed from the codebook */
	uint32_t len;
	uint8_t exact, prefix;
	int32_t next;		/* hash chain */
};

struct pat {
	const struct codebook_pattern *src;
	uint8_t role;
	uint8_t lex;		/* enum codebook_lex_kind, for R_LEX */
	uint32_t code;		/* codes[] index for triggers, exclusions and cues */
	int32_t owner;		/* R_UNLESS: the pattern it guards */
	uint32_t slot0, nslots;	/* slots in slot_off[] */
	uint32_t near, within;
	uint32_t anchor;	/* the slot position that starts a match attempt */
	double weight;		/* cues: +w or -w; lexicon: the entry's weight */
	double cue;		/* a trigger that is also a cue of its code (the same pattern in
				 * positive or negative): +w or -w, else 0 */
	const struct codebook_pattern *cue_src;	/* ... that cue, for evidence */
	uint32_t seen_gen, seen_at;	/* one match per start token (phrases) or sentence (near) */
};

/* A form's slots: pool[off .. off + n), EXACT_BIT on slots reached through '=' terms only. */
struct res {
	uint32_t off, n;
	uint8_t done;
};

/*
 * A token's sorted slots pool[off .. off + n), then its anchor slots (n2
 * more), then its slots of near patterns (n3 more); lex is its one-word
 * lexicon entry (a pattern), or -1.
 */
struct memo {
	uint64_t nearmask;	/* bit (pattern % 64) of every near slot in the n3 part */
	uint32_t off, n, n2, n3;
	int32_t lex;
	uint8_t done;
	uint8_t verb;		/* the stemmer says: a verb form */
};

struct match {
	uint32_t pat, first, last, sentence;
};

/* Token pos has a slot; prev is the slot's previous occurrence (UINT32_MAX: none). */
struct occ {
	uint32_t pos, prev;
};

/* A polar word in a sentence: a cue of one code or a valence entry (code -1). */
struct item {
	uint32_t first, last, sentence, clause;
	int32_t code;
	uint32_t pat;
	double value;		/* after negation, hedges and intensifiers */
	int negations;
};

/* Sentence verdicts of a code, or'ed over the segment. */
enum { V_POS = 1, V_NEG = 2, V_MIXED = 4 };

struct acc {
	double pos, neg;
	unsigned verdicts;	/* V_* of the sentences that mention the code */
	uint32_t stamp;		/* sentence stamp for "mentioned in this sentence" */
	int mentioned;
};

struct ev {
	uint32_t code;
	struct autocode_evidence e;
};

struct autocode {
	const struct codebook *cb;
	struct stemmer *st;

	struct term *terms;
	size_t nterms;
	int32_t *buckets;
	size_t nbuckets;
	uint32_t *prefix_terms;
	size_t nprefix;

	struct pat *pats;
	size_t npats;
	uint32_t *slot_off;	/* slot k's terms: slot_terms[slot_off[k] .. slot_off[k + 1]) */
	uint32_t *slot_terms;
	size_t nslots;

	uint32_t *slot_seen;	/* ac->gen when some token of the current text has slot k */
	uint32_t *slot_head;	/* then: its last occurrence, an index in occ[] */
	struct occ *occ;	/* occurrences of slots in the current text, linked backwards */
	size_t nocc, occ_cap;
	uint32_t *pat_active;	/* near pattern i: ac->gen when the current text has its anchor */
	uint8_t *slot_kind;	/* what a match attempt at slot k is: SK_* */
	uint32_t *slot_pat;	/* the pattern of slot k */
	uint32_t *slot_pos;	/* slot k's position in its pattern */
	uint32_t *ts_off;	/* term t is in slots ts[ts_off[t] .. ts_off[t + 1]) */
	uint32_t *ts;

	/* Per form string: the slots it matches (EXACT_BIT: only through '=' terms). */
	struct res *res;
	size_t res_cap;
	uint32_t *pool;
	size_t pool_len, pool_cap;
	/* Per cached token (stemmer entry): its sorted slots and anchor slots. */
	struct memo *memo;
	size_t memo_cap;
	uint32_t *mpool;
	size_t mpool_len, mpool_cap;
	uint32_t *scratch;	/* slots of the token being resolved, then its anchor slots */
	size_t scratch_n, scratch_n2, scratch_n3, scratch_cap;
	int32_t scratch_lex;	/* its one-word lexicon entry, or -1 */

	/* per call */
	uint32_t gen;
	struct tokenize tk;
	struct memo *tm;	/* token i's slots: in mpool (memo) or in tt (not cached) */
	const uint32_t **tp;	/* token i's slots, sorted, then its anchor slots */
	uint32_t *tt;		/* slots of tokens not in the stemmer's cache */
	size_t tt_len, tt_cap, tok_cap;
	uint8_t *tcached;
	struct match *m;	/* matches of code patterns, in token order */
	size_t nm, m_cap;
	struct match *lm;	/* matches of lexicon entries, in token order */
	size_t nlm, lm_cap;
	int8_t *lexk;		/* lexicon kind covering token i, or -1 */
	uint32_t *lexm;		/* the lexicon match (lm[]) covering token i */
	int32_t *best;		/* longest lexicon match starting at token i, or -1 */
	uint32_t *clause;
	uint8_t *content;
	struct item *items;
	size_t nitems, items_cap;
	uint32_t *s_items, *s_match;	/* per sentence: first item, first match (n + 1 entries) */
	uint8_t *s_trig;
	size_t s_cap;
	uint32_t *supp;		/* unless-owners matched in the current sentence */
	size_t nsupp, supp_cap;
	uint32_t *excl;		/* codes excluded in the current sentence */
	size_t nexcl, excl_cap;
	struct acc *acc;
	uint32_t *touched;
	size_t ntouched;
	struct ev *ev;
	size_t nev, ev_cap;
	uint32_t *tclauses;
	size_t ntclauses, tclauses_cap;
	uint32_t stamp;
	uint32_t *cnear;	/* cnear[code] == cnear_stamp: the code has a rule in this sentence or a neighbour */
	uint32_t cnear_stamp;
};

#define GROW(p, n, cap, init)                                              \
	do {                                                               \
		if ((n) >= (cap)) {                                        \
			(cap) = (cap) ? 2 * (cap) : (init);                \
			while ((n) >= (cap))                               \
				(cap) *= 2;                                \
			(p) = xrealloc((p), (cap) * sizeof(*(p)));         \
		}                                                          \
	} while (0)

static uint32_t hash_str(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* ---- compiling the codebook ---- */

static uint32_t term_id(struct autocode *ac, const struct codebook_term *t)
{
	size_t len = strlen(t->text);
	uint32_t h = hash_str(t->text, len) & (uint32_t)(ac->nbuckets - 1);
	int32_t i;

	for (i = ac->buckets[h]; i >= 0; i = ac->terms[i].next) {
		const struct term *u = &ac->terms[i];

		if (u->len == len && u->exact == t->exact && u->prefix == t->prefix &&
		    memcmp(u->text, t->text, len) == 0)
			return (uint32_t)i;
	}
	ac->terms = xrealloc(ac->terms, (ac->nterms + 1) * sizeof(*ac->terms));
	ac->terms[ac->nterms].text = t->text;
	ac->terms[ac->nterms].len = (uint32_t)len;
	ac->terms[ac->nterms].exact = (uint8_t)t->exact;
	ac->terms[ac->nterms].prefix = (uint8_t)t->prefix;
	ac->terms[ac->nterms].next = ac->buckets[h];
	ac->buckets[h] = (int32_t)ac->nterms;
	if (t->prefix) {
		ac->prefix_terms = xrealloc(ac->prefix_terms, (ac->nprefix + 1) * sizeof(uint32_t));
		ac->prefix_terms[ac->nprefix++] = (uint32_t)ac->nterms;
	}
	return (uint32_t)ac->nterms++;
}

static uint32_t add_pat(struct autocode *ac, const struct codebook_pattern *p, enum role role,
			uint32_t code, int32_t owner, double weight, uint8_t lex)
{
	struct pat *q;
	size_t k, j;

	ac->pats = xrealloc(ac->pats, (ac->npats + 1) * sizeof(*ac->pats));
	q = &ac->pats[ac->npats];
	memset(q, 0, sizeof(*q));
	q->src = p;
	q->role = (uint8_t)role;
	q->lex = lex;
	q->code = code;
	q->owner = owner;
	q->near = (uint32_t)p->near;
	q->within = (uint32_t)p->within;
	q->weight = weight;
	q->slot0 = (uint32_t)ac->nslots;
	q->nslots = (uint32_t)p->nslots;
	for (k = 0; k < p->nslots; k++) {
		const struct codebook_slot *s = &p->slots[k];

		ac->slot_off = xrealloc(ac->slot_off, (ac->nslots + 2) * sizeof(*ac->slot_off));
		if (ac->nslots == 0)
			ac->slot_off[0] = 0;
		ac->slot_terms = xrealloc(ac->slot_terms,
					  (ac->slot_off[ac->nslots] + s->nterms) * sizeof(uint32_t));
		for (j = 0; j < s->nterms; j++)
			ac->slot_terms[ac->slot_off[ac->nslots] + j] = term_id(ac, &s->terms[j]);
		ac->slot_off[ac->nslots + 1] = ac->slot_off[ac->nslots] + (uint32_t)s->nterms;
		ac->nslots++;
	}
	return (uint32_t)ac->npats++;
}

/* A rule or cue and its unless patterns. */
static void add_with_unless(struct autocode *ac, const struct codebook_pattern *p, enum role role,
			    uint32_t code, double weight)
{
	uint32_t owner = add_pat(ac, p, role, code, -1, weight, 0);
	size_t i;

	for (i = 0; i < p->nunless; i++)
		add_pat(ac, &p->unless[i], R_UNLESS, code, (int32_t)owner, 0, 0);
}

/* Do two patterns match the same token spans (words, order, distance; neither has "unless")? */
static int same_pattern(const struct codebook_pattern *a, const struct codebook_pattern *b)
{
	size_t k, j;

	if (a->near != b->near || a->nslots != b->nslots || a->nunless || b->nunless ||
	    (a->near && a->within != b->within))
		return 0;
	for (k = 0; k < a->nslots; k++) {
		const struct codebook_slot *x = &a->slots[k], *y = &b->slots[k];

		if (x->nterms != y->nterms)
			return 0;
		for (j = 0; j < x->nterms; j++)
			if (x->terms[j].exact != y->terms[j].exact ||
			    x->terms[j].prefix != y->terms[j].prefix ||
			    strcmp(x->terms[j].text, y->terms[j].text) != 0)
				return 0;
	}
	return 1;
}

/*
 * A cue that is also a rule of its code ("luister" in match and positive) is
 * matched once: the rule's matches count as the cue too. Returns 1 when the
 * cue was folded into a rule among pats[first ..).
 */
static int fold_cue(struct autocode *ac, size_t first, const struct codebook_pattern *p, double w)
{
	size_t i;

	for (i = first; i < ac->npats; i++) {
		struct pat *q = &ac->pats[i];

		if (q->role == R_TRIGGER && q->cue == 0 && same_pattern(q->src, p)) {
			q->cue = w;
			q->cue_src = p;
			return 1;
		}
	}
	return 0;
}

/*
 * How costly a slot is as the start of match attempts: lexicon words
 * (articles, pronouns, "niet", "te") and short words are common in any
 * text, and a word in many patterns starts attempts for all of them.
 * A match attempt starts only at the cheapest slot of a pattern (every match
 * contains it), so "niet echt" is tried where "echt" occurs, not at every "niet".
 */
static unsigned slot_cost(const struct autocode *ac, uint32_t k, const unsigned *lexword,
			  const unsigned *uses)
{
	unsigned cost = 0;
	uint32_t j;

	for (j = ac->slot_off[k]; j < ac->slot_off[k + 1]; j++) {
		uint32_t t = ac->slot_terms[j];

		uint32_t len = ac->terms[t].len;

		/* Short words are frequent words: "na", "dag", "week" start many attempts. */
		cost += 1 + uses[t] / 4 + (lexword[t] >= 2 ? 1000 : lexword[t] ? 30 : 0) +
			(len <= 3 ? 40 : len == 4 ? 20 : len == 5 ? 8 : 0) + (ac->terms[t].prefix ? 10 : 0);
	}
	return cost;
}

/* For every term: is its text a lexicon word, and in how many slots does its text occur? */
static void term_stats(const struct autocode *ac, unsigned *lexword, unsigned *uses)
{
	unsigned *own_lex = xcalloc(ac->nterms + 1, sizeof(*own_lex));
	unsigned *own_uses = xcalloc(ac->nterms + 1, sizeof(*own_uses));
	size_t i, j;
	uint32_t k;

	for (i = 0; i < ac->npats; i++) {
		const struct pat *p = &ac->pats[i];

		for (k = p->slot0; k < p->slot0 + p->nslots; k++) {
			for (j = ac->slot_off[k]; j < ac->slot_off[k + 1]; j++) {
				own_uses[ac->slot_terms[j]]++;
				/* function words: 2; valence words ("goed", "gehoord") are less common: 1 */
				if (p->role == R_LEX && own_lex[ac->slot_terms[j]] < 2)
					own_lex[ac->slot_terms[j]] = p->lex <= CODEBOOK_PASS ? 2 : 1;
			}
		}
	}
	/* "mijn" and "=mijn" are one word to the text: add up over equal texts. */
	for (i = 0; i < ac->nterms; i++) {
		const struct term *u = &ac->terms[i];
		int32_t t;

		for (t = ac->buckets[hash_str(u->text, u->len) & (ac->nbuckets - 1)]; t >= 0;
		     t = ac->terms[t].next) {
			if (ac->terms[t].len != u->len || memcmp(ac->terms[t].text, u->text, u->len) != 0)
				continue;
			lexword[i] |= own_lex[t];
			uses[i] += own_uses[t];
		}
	}
	free(own_lex);
	free(own_uses);
}

static void choose_anchors(struct autocode *ac)
{
	unsigned *lexword = xcalloc(ac->nterms + 1, sizeof(*lexword));
	unsigned *uses = xcalloc(ac->nterms + 1, sizeof(*uses));
	size_t i;
	uint32_t k;

	term_stats(ac, lexword, uses);
	for (i = 0; i < ac->npats; i++) {
		struct pat *p = &ac->pats[i];
		unsigned best = UINT32_MAX, c;

		p->anchor = 0;
		for (k = 0; k < p->nslots; k++) {
			c = slot_cost(ac, p->slot0 + k, lexword, uses);
			if (c < best) {
				best = c;
				p->anchor = k;
			}
		}
	}
	free(lexword);
	free(uses);
}

/* Which slots each term is in, and which pattern and position each slot has. */
static void build_slot_tables(struct autocode *ac)
{
	size_t i, k, j;
	uint32_t *fill;

	choose_anchors(ac);
	ac->slot_seen = xcalloc(ac->nslots ? ac->nslots : 1, sizeof(*ac->slot_seen));
	ac->slot_head = xcalloc(ac->nslots ? ac->nslots : 1, sizeof(*ac->slot_head));
	ac->slot_pat = xmalloc((ac->nslots ? ac->nslots : 1) * sizeof(*ac->slot_pat));
	ac->slot_pos = xmalloc((ac->nslots ? ac->nslots : 1) * sizeof(*ac->slot_pos));
	ac->slot_kind = xmalloc((ac->nslots ? ac->nslots : 1) * sizeof(*ac->slot_kind));
	for (i = 0; i < ac->npats; i++) {
		const struct pat *p = &ac->pats[i];

		for (k = 0; k < p->nslots; k++) {
			ac->slot_pat[p->slot0 + k] = (uint32_t)i;
			ac->slot_pos[p->slot0 + k] = (uint32_t)k;
			ac->slot_kind[p->slot0 + k] = p->near ? SK_NEAR : p->nslots == 1 ? SK_SINGLE
											: SK_PHRASE;
		}
	}
	ac->ts_off = xcalloc(ac->nterms + 1, sizeof(*ac->ts_off));
	for (k = 0; k < ac->nslots; k++)
		for (j = ac->slot_off[k]; j < ac->slot_off[k + 1]; j++)
			ac->ts_off[ac->slot_terms[j] + 1]++;
	for (i = 0; i < ac->nterms; i++)
		ac->ts_off[i + 1] += ac->ts_off[i];
	ac->ts = xmalloc((ac->ts_off[ac->nterms] ? ac->ts_off[ac->nterms] : 1) * sizeof(*ac->ts));
	fill = xcalloc(ac->nterms + 1, sizeof(*fill));
	for (k = 0; k < ac->nslots; k++) {
		for (j = ac->slot_off[k]; j < ac->slot_off[k + 1]; j++) {
			uint32_t t = ac->slot_terms[j];

			ac->ts[ac->ts_off[t] + fill[t]++] = (uint32_t)k;
		}
	}
	free(fill);
}

int autocode_open(struct autocode **out, const struct codebook *cb, struct stemmer *st)
{
	struct autocode *ac;
	size_t i, j, words = 0;

	*out = NULL;
	for (i = 0; i < cb->ncodes; i++)
		words += cb->codes[i].nmatch + cb->codes[i].nexclude + cb->codes[i].npositive +
			 cb->codes[i].nnegative;
	if (words + cb->nlex > MAX_PATTERNS)
		return tv_error("%s: %zu patterns, at most %zu can be compiled", cb->file,
				words + cb->nlex, MAX_PATTERNS);
	ac = xcalloc(1, sizeof(*ac));
	ac->cb = cb;
	ac->st = st;
	ac->nbuckets = 1024;
	while (ac->nbuckets < 2 * (words + cb->nlex) * 2)
		ac->nbuckets *= 2;
	ac->buckets = xmalloc(ac->nbuckets * sizeof(*ac->buckets));
	for (i = 0; i < ac->nbuckets; i++)
		ac->buckets[i] = -1;
	for (i = 0; i < cb->nlex; i++)
		add_pat(ac, &cb->lex[i].pattern, R_LEX, 0, -1, cb->lex[i].pattern.weight,
			(uint8_t)cb->lex[i].kind);
	for (i = 0; i < cb->ncodes; i++) {
		const struct codebook_code *c = &cb->codes[i];
		size_t first = ac->npats;

		for (j = 0; j < c->nmatch; j++)
			add_with_unless(ac, &c->match[j], R_TRIGGER, (uint32_t)i, 0);
		for (j = 0; j < c->nexclude; j++)
			add_with_unless(ac, &c->exclude[j], R_EXCLUDE, (uint32_t)i, 0);
		for (j = 0; j < c->npositive; j++)
			if (!fold_cue(ac, first, &c->positive[j], c->positive[j].weight))
				add_with_unless(ac, &c->positive[j], R_POS, (uint32_t)i,
						c->positive[j].weight);
		for (j = 0; j < c->nnegative; j++)
			if (!fold_cue(ac, first, &c->negative[j], -c->negative[j].weight))
				add_with_unless(ac, &c->negative[j], R_NEG, (uint32_t)i,
						-c->negative[j].weight);
	}
	if (ac->nslots == 0) {
		ac->slot_off = xcalloc(1, sizeof(*ac->slot_off));
	}
	build_slot_tables(ac);
	ac->acc = xcalloc(cb->ncodes ? cb->ncodes : 1, sizeof(*ac->acc));
	ac->touched = xcalloc(cb->ncodes ? cb->ncodes : 1, sizeof(*ac->touched));
	ac->cnear = xcalloc(cb->ncodes ? cb->ncodes : 1, sizeof(*ac->cnear));
	ac->pat_active = xcalloc(ac->npats ? ac->npats : 1, sizeof(*ac->pat_active));
	tokenize_init(&ac->tk);
	*out = ac;
	return 0;
}

void autocode_free(struct autocode *ac)
{
	if (!ac)
		return;
	free(ac->terms);
	free(ac->buckets);
	free(ac->prefix_terms);
	free(ac->pats);
	free(ac->slot_off);
	free(ac->slot_terms);
	free(ac->slot_seen);
	free(ac->slot_head);
	free(ac->occ);
	free(ac->slot_kind);
	free(ac->slot_pat);
	free(ac->slot_pos);
	free(ac->ts_off);
	free(ac->ts);
	free(ac->res);
	free(ac->pool);
	free(ac->memo);
	free(ac->mpool);
	free(ac->scratch);
	tokenize_release(&ac->tk);
	free(ac->tm);
	free(ac->tp);
	free(ac->tt);
	free(ac->tcached);
	free(ac->m);
	free(ac->lm);
	free(ac->lexk);
	free(ac->lexm);
	free(ac->best);
	free(ac->clause);
	free(ac->content);
	free(ac->items);
	free(ac->s_items);
	free(ac->s_match);
	free(ac->s_trig);
	free(ac->supp);
	free(ac->excl);
	free(ac->acc);
	free(ac->touched);
	free(ac->cnear);
	free(ac->pat_active);
	free(ac->ev);
	free(ac->tclauses);
	free(ac);
}

/* ---- matching tokens to terms ---- */

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* Add slot v (with its EXACT_BIT) to the form's list; a slot reached without '=' keeps no bit. */
static void pool_add(struct autocode *ac, uint32_t off, uint32_t v)
{
	size_t i;

	for (i = off; i < ac->pool_len; i++) {
		if ((ac->pool[i] & ~EXACT_BIT) == (v & ~EXACT_BIT)) {
			ac->pool[i] &= v | ~EXACT_BIT;
			return;
		}
	}
	GROW(ac->pool, ac->pool_len, ac->pool_cap, 1024);
	ac->pool[ac->pool_len++] = v;
}

static void pool_add_term(struct autocode *ac, uint32_t off, uint32_t t)
{
	uint32_t q, bit = ac->terms[t].exact ? EXACT_BIT : 0;

	for (q = ac->ts_off[t]; q < ac->ts_off[t + 1]; q++)
		pool_add(ac, off, ac->ts[q] | bit);
}

/* The slots a form string matches: by exact text, or by a wildcard prefix. Computed once per form. */
static const struct res *resolve(struct autocode *ac, uint32_t id)
{
	struct res *r;
	const char *s;
	size_t len, i;
	uint32_t off;
	int32_t t;

	if (id >= ac->res_cap) {
		size_t cap = ac->res_cap ? ac->res_cap : 4096;

		while (cap <= id)
			cap *= 2;
		ac->res = xrealloc(ac->res, cap * sizeof(*ac->res));
		memset(ac->res + ac->res_cap, 0, (cap - ac->res_cap) * sizeof(*ac->res));
		ac->res_cap = cap;
	}
	r = &ac->res[id];
	if (r->done)
		return r;
	s = stemmer_string(ac->st, id);
	len = strlen(s);
	off = (uint32_t)ac->pool_len;
	for (t = ac->buckets[hash_str(s, len) & (ac->nbuckets - 1)]; t >= 0; t = ac->terms[t].next) {
		const struct term *u = &ac->terms[t];

		if (!u->prefix && u->len == len && memcmp(u->text, s, len) == 0)
			pool_add_term(ac, off, (uint32_t)t);
	}
	for (i = 0; i < ac->nprefix; i++) {
		const struct term *u = &ac->terms[ac->prefix_terms[i]];

		if (u->len <= len && memcmp(u->text, s, u->len) == 0)
			pool_add_term(ac, off, ac->prefix_terms[i]);
	}
	r = &ac->res[id];
	r->off = off;
	r->n = (uint32_t)(ac->pool_len - off);
	r->done = 1;
	return r;
}

static void ensure_tokens(struct autocode *ac, size_t n)
{
	if (n + 1 <= ac->tok_cap)
		return;
	ac->tok_cap = ac->tok_cap ? ac->tok_cap : 256;
	while (n + 1 > ac->tok_cap)
		ac->tok_cap *= 2;
	ac->tm = xrealloc(ac->tm, ac->tok_cap * sizeof(*ac->tm));
	ac->tp = xrealloc(ac->tp, ac->tok_cap * sizeof(*ac->tp));
	ac->tcached = xrealloc(ac->tcached, ac->tok_cap * sizeof(*ac->tcached));
	ac->lexk = xrealloc(ac->lexk, ac->tok_cap * sizeof(*ac->lexk));
	ac->lexm = xrealloc(ac->lexm, ac->tok_cap * sizeof(*ac->lexm));
	ac->best = xrealloc(ac->best, ac->tok_cap * sizeof(*ac->best));
	ac->clause = xrealloc(ac->clause, ac->tok_cap * sizeof(*ac->clause));
	ac->content = xrealloc(ac->content, ac->tok_cap * sizeof(*ac->content));
}

/*
 * Typing errors. A word Hunspell does not know ("begirp", "wachtijd",
 * "jeugbeschermers") that matches no codebook word is compared with the
 * codebook's words of at least FUZZY_MIN bytes: it stands for those it is one
 * edit away from (a letter inserted, dropped, changed, or two neighbours
 * swapped), where the word may carry an inflection ("-en", "-s", ...) the
 * codebook word lacks, and a wildcard word ("wissel*") may be followed by
 * anything. Only the nearest words count. Known words are never corrected:
 * "bot" does not become "bod".
 */
#define FUZZY_MIN 5
#define FUZZY_MAX 40

static const char *const fuzzy_suffixes[] = {
	"", "e", "n", "s", "t", "en", "es", "er", "te", "de", "ten", "den", "ers", NULL,
};

/*
 * Restricted Damerau-Levenshtein distance (one transposition per pair) of
 * a[0..m) and every prefix b[0..j) of b: row[j], capped at 3. Returns 0
 * early, row unset, when every distance is already 2 or more (a row's
 * minimum never decreases further down).
 */
static int osa_row(const char *a, size_t m, const char *b, size_t n, uint8_t *row)
{
	uint8_t d[FUZZY_MAX + 1][FUZZY_MAX + 1];
	size_t i, j;

	for (j = 0; j <= n; j++)
		d[0][j] = (uint8_t)(j < 3 ? j : 3);
	for (i = 1; i <= m; i++) {
		unsigned low;

		d[i][0] = (uint8_t)(i < 3 ? i : 3);
		low = d[i][0];
		for (j = 1; j <= n; j++) {
			unsigned v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);

			if (d[i - 1][j] + 1u < v)
				v = d[i - 1][j] + 1u;
			if (d[i][j - 1] + 1u < v)
				v = d[i][j - 1] + 1u;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
			    d[i - 2][j - 2] + 1u < v)
				v = d[i - 2][j - 2] + 1u;
			d[i][j] = (uint8_t)(v < 3 ? v : 3);
			if (v < low)
				low = v;
		}
		/* a transposition reaches back two rows: stop only when both are too far */
		if (low >= 2 && i >= 2 && d[i - 1][0] >= 2) {
			unsigned prev = 3;

			for (j = 0; j <= n; j++)
				if (d[i - 1][j] < prev)
					prev = d[i - 1][j];
			if (prev >= 2)
				return 0;
		}
	}
	memcpy(row, d[m], n + 1);
	return 1;
}

/* The distance of token b to term u as fuzzy matching counts it (above), or 3 when too far. */
static unsigned fuzzy_distance(const struct term *u, const char *b, size_t n)
{
	uint8_t row[FUZZY_MAX + 1];
	unsigned best = 3;
	size_t j, k;

	if (u->len < FUZZY_MIN || u->len > FUZZY_MAX || u->len > n + 1 || (!u->prefix && n > u->len + 4))
		return 3;
	if (!osa_row(u->text, u->len, b, n, row))
		return 3;
	if (u->prefix) {
		for (j = u->len - 1; j <= n; j++)
			if (row[j] < best)
				best = row[j];
		return best;
	}
	for (k = 0; fuzzy_suffixes[k]; k++) {
		size_t sl = strlen(fuzzy_suffixes[k]);

		if (sl > n || memcmp(b + n - sl, fuzzy_suffixes[k], sl) != 0)
			continue;
		j = n - sl;
		if (row[j] < best)
			best = row[j];
	}
	return best;
}

/* The slots of the codebook words nearest to an unknown token b (one edit at most) into ac->scratch. */
static void fuzzy_slots(struct autocode *ac, const char *b, size_t n)
{
	unsigned best = 2, d;
	size_t t, q;

	if (n < FUZZY_MIN || n > FUZZY_MAX)
		return;
	for (t = 0; t < ac->nterms; t++) {
		d = fuzzy_distance(&ac->terms[t], b, n);
		if (d > 1 || d > best)
			continue;
		if (d < best) {
			best = d;
			ac->scratch_n = 0;
		}
		for (q = ac->ts_off[t]; q < ac->ts_off[t + 1]; q++) {
			GROW(ac->scratch, ac->scratch_n, ac->scratch_cap, 64);
			ac->scratch[ac->scratch_n++] = ac->ts[q];
		}
	}
}

/* The sorted slots of a token with these forms into ac->scratch, followed by its anchor slots. */
static void token_slots(struct autocode *ac, const struct stemmer_form *f, size_t nf, unsigned flags)
{
	size_t j, k, w;

	ac->scratch_n = 0;
	for (j = 0; j < nf; j++) {
		const struct res *r = resolve(ac, f[j].id);

		for (k = 0; k < r->n; k++) {
			uint32_t v = ac->pool[r->off + k];

			if ((v & EXACT_BIT) && f[j].kind == STEMMER_PART)
				continue;
			GROW(ac->scratch, ac->scratch_n, ac->scratch_cap, 64);
			ac->scratch[ac->scratch_n++] = v & ~EXACT_BIT;
		}
	}
	if (ac->scratch_n == 0 && (flags & STEMMER_F_UNKNOWN)) {
		const char *surface = stemmer_string(ac->st, f[0].id);

		fuzzy_slots(ac, surface, strlen(surface));
	}
	if (ac->scratch_n >= 2) {
		qsort(ac->scratch, ac->scratch_n, sizeof(*ac->scratch), cmp_u32);
		for (j = 1, w = 1; j < ac->scratch_n; j++)
			if (ac->scratch[j] != ac->scratch[w - 1])
				ac->scratch[w++] = ac->scratch[j];
		ac->scratch_n = w;
	}
	/* The anchor slots follow, in the same order; one-word lexicon entries need no attempt. */
	ac->scratch_n2 = 0;
	ac->scratch_lex = -1;
	for (j = 0, w = ac->scratch_n; j < w; j++) {
		uint32_t slot = ac->scratch[j];
		const struct pat *p = &ac->pats[ac->slot_pat[slot]];

		if (ac->slot_pos[slot] != p->anchor)
			continue;
		if (p->role == R_LEX && p->nslots == 1) {
			if (ac->scratch_lex < 0)
				ac->scratch_lex = (int32_t)ac->slot_pat[slot];
			continue;
		}
		GROW(ac->scratch, ac->scratch_n + ac->scratch_n2, ac->scratch_cap, 64);
		ac->scratch[ac->scratch_n + ac->scratch_n2++] = slot;
	}
	/* Then the slots of near patterns: only their occurrences are tracked (ac->occ). */
	ac->scratch_n3 = 0;
	for (j = 0; j < w; j++) {
		uint32_t slot = ac->scratch[j];

		/* an attempt starts at the anchor: only the other slots' occurrences are looked up */
		if (ac->slot_kind[slot] != SK_NEAR || ac->slot_pos[slot] == ac->pats[ac->slot_pat[slot]].anchor)
			continue;
		GROW(ac->scratch, ac->scratch_n + ac->scratch_n2 + ac->scratch_n3, ac->scratch_cap, 64);
		ac->scratch[ac->scratch_n + ac->scratch_n2 + ac->scratch_n3++] = slot;
	}
}

static void append(uint32_t **v, size_t *len, size_t *cap, const uint32_t *src, size_t n)
{
	if (n == 0)
		return;
	if (*len + n > *cap) {
		*cap = *cap ? *cap : 1024;
		while (*len + n > *cap)
			*cap *= 2;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	memcpy(*v + *len, src, n * sizeof(*src));
	*len += n;
}

/* A cached token's slots are computed once (ac->memo, by stemmer entry). */
static void resolve_tokens(struct autocode *ac)
{
	size_t i;
	uint64_t active = 0;	/* bit (pattern % 64) of the near patterns whose anchor is in the text */

	ac->tt_len = 0;
	for (i = 0; i < ac->tk.n; i++) {
		const struct tokenize_token *tok = &ac->tk.v[i];
		const struct stemmer_form *f;
		struct memo *m = &ac->tm[i];
		size_t nf;
		uint32_t entry;
		unsigned flags;

		f = stemmer_forms_entry(ac->st, ac->tk.forms + tok->form, tok->len, &nf, &entry, &flags);
		if (entry != STEMMER_NO_ENTRY && entry < ac->memo_cap && ac->memo[entry].done) {
			*m = ac->memo[entry];
			ac->tcached[i] = 1;
			continue;
		}
		token_slots(ac, f, nf, flags);
		m->n = (uint32_t)ac->scratch_n;
		m->n2 = (uint32_t)ac->scratch_n2;
		m->n3 = (uint32_t)ac->scratch_n3;
		m->nearmask = 0;
		for (nf = 0; nf < ac->scratch_n3; nf++)
			m->nearmask |= (uint64_t)1 << (ac->slot_pat[ac->scratch[ac->scratch_n + ac->scratch_n2 + nf]] & 63);
		m->lex = ac->scratch_lex;
		m->done = 1;
		m->verb = (flags & STEMMER_F_VERB) != 0;
		if (entry == STEMMER_NO_ENTRY) {
			m->off = (uint32_t)ac->tt_len;
			append(&ac->tt, &ac->tt_len, &ac->tt_cap, ac->scratch, m->n + m->n2 + m->n3);
			ac->tcached[i] = 0;
			continue;
		}
		if (entry >= ac->memo_cap) {
			size_t cap = ac->memo_cap ? ac->memo_cap : 4096;

			while (cap <= entry)
				cap *= 2;
			ac->memo = xrealloc(ac->memo, cap * sizeof(*ac->memo));
			memset(ac->memo + ac->memo_cap, 0, (cap - ac->memo_cap) * sizeof(*ac->memo));
			ac->memo_cap = cap;
		}
		m->off = (uint32_t)ac->mpool_len;
		append(&ac->mpool, &ac->mpool_len, &ac->mpool_cap, ac->scratch, m->n + m->n2 + m->n3);
		ac->memo[entry] = *m;
		ac->tcached[i] = 1;
	}
	/*
	 * The pools are complete: now pointers into them stay valid for this
	 * text. A near pattern is tried only where its anchor occurs, so only
	 * the patterns whose anchor is in the text need their other words'
	 * occurrences.
	 */
	for (i = 0; i < ac->tk.n; i++) {
		const uint32_t *anchors;
		uint32_t a;

		ac->tp[i] = (ac->tcached[i] ? ac->mpool : ac->tt) + ac->tm[i].off;
		anchors = ac->tp[i] + ac->tm[i].n;
		for (a = 0; a < ac->tm[i].n2; a++)
			if (ac->slot_kind[anchors[a]] == SK_NEAR) {
				ac->pat_active[ac->slot_pat[anchors[a]]] = ac->gen;
				active |= (uint64_t)1 << (ac->slot_pat[anchors[a]] & 63);
			}
	}
	ac->nocc = 0;
	for (i = 0; active && i < ac->tk.n; i++) {
		uint32_t k;
		const uint32_t *nearslots = ac->tp[i] + ac->tm[i].n + ac->tm[i].n2;

		if (!(ac->tm[i].nearmask & active))
			continue;	/* none of its near patterns has its anchor in the text */

		for (k = 0; k < ac->tm[i].n3; k++) {
			uint32_t slot = nearslots[k];

			if (ac->pat_active[ac->slot_pat[slot]] != ac->gen)
				continue;

			GROW(ac->occ, ac->nocc, ac->occ_cap, 1024);
			ac->occ[ac->nocc].pos = (uint32_t)i;
			ac->occ[ac->nocc].prev = ac->slot_seen[slot] == ac->gen ? ac->slot_head[slot]
										 : UINT32_MAX;
			ac->slot_seen[slot] = ac->gen;
			ac->slot_head[slot] = (uint32_t)ac->nocc++;
		}
	}
}

/* Does every slot of near pattern p occur somewhere in the text? A cheap test before a real attempt. */
static int all_seen(const struct autocode *ac, const struct pat *p)
{
	uint32_t k;

	for (k = 0; k < p->nslots; k++)
		if (k != p->anchor && ac->slot_seen[p->slot0 + k] != ac->gen)
			return 0;
	return 1;
}

/* Does token i match slot k? (Its slots are sorted.) */
static inline int has_slot(const struct autocode *ac, size_t i, uint32_t k)
{
	const uint32_t *v = ac->tp[i];
	uint32_t lo = 0, hi = ac->tm[i].n;

	while (hi - lo > 4) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (v[mid] < k)
			lo = mid + 1;
		else
			hi = mid + 1;	/* keep mid: it may be k */
	}
	for (; lo < hi; lo++)
		if (v[lo] >= k)
			return v[lo] == k;
	return 0;
}

static void add_match(struct autocode *ac, uint32_t pat, size_t first, size_t last)
{
	struct match *m;

	if (ac->pats[pat].role == R_LEX) {
		GROW(ac->lm, ac->nlm, ac->lm_cap, 256);
		m = &ac->lm[ac->nlm++];
	} else {
		GROW(ac->m, ac->nm, ac->m_cap, 256);
		m = &ac->m[ac->nm++];
	}
	m->pat = pat;
	m->first = (uint32_t)first;
	m->last = (uint32_t)last;
	m->sentence = ac->tk.v[first].sentence;
}

/* The phrase whose anchor slot is at token a: all its slots on consecutive tokens of one sentence. */
static void try_phrase(struct autocode *ac, uint32_t pi, size_t a)
{
	struct pat *p = &ac->pats[pi];
	size_t k, n = ac->tk.n, i;
	uint32_t s = ac->tk.v[a].sentence;

	if (a < p->anchor)
		return;
	i = a - p->anchor;
	if (p->seen_gen == ac->gen && p->seen_at == i)
		return;
	if (i + p->nslots > n || ac->tk.v[i].sentence != s || ac->tk.v[i + p->nslots - 1].sentence != s)
		return;
	for (k = 0; k < p->nslots; k++)
		if (k != p->anchor && !has_slot(ac, i + k, p->slot0 + (uint32_t)k))
			return;
	p->seen_gen = ac->gen;
	p->seen_at = (uint32_t)i;
	add_match(ac, pi, i, i + p->nslots - 1);
}

/*
 * Every other slot of a near pattern within `within` tokens of token i (slot
 * `anchor`), in i's sentence.
 * NEEDSWORK: each slot takes its occurrence nearest to i; with three or more
 * words a farther occurrence could fit the span where the nearest does not.
 */
static void try_near(struct autocode *ac, uint32_t pi, size_t i, uint32_t anchor)
{
	struct pat *p = &ac->pats[pi];
	uint32_t s = ac->tk.v[i].sentence, k;
	size_t lo, hi, j, first = i, last = i;

	if ((p->seen_gen == ac->gen && p->seen_at == s) || !all_seen(ac, p))
		return;
	lo = i >= p->within ? i - p->within : 0;
	hi = i + p->within;
	for (k = 0; k < p->nslots; k++) {
		size_t bestj = SIZE_MAX, d, bestd = SIZE_MAX;
		uint32_t o;

		if (k == anchor)
			continue;
		/* The slot's occurrences, last first: usually one or two. */
		for (o = ac->slot_head[p->slot0 + k]; o != UINT32_MAX; o = ac->occ[o].prev) {
			j = ac->occ[o].pos;
			if (j < lo)
				break;
			if (j > hi || j == i || ac->tk.v[j].sentence != s)
				continue;
			d = j > i ? j - i : i - j;
			if (d < bestd || (d == bestd && j < bestj)) {
				bestd = d;
				bestj = j;
			}
		}
		if (bestj == SIZE_MAX)
			return;
		if (bestj < first)
			first = bestj;
		if (bestj > last)
			last = bestj;
	}
	if (last - first > p->within)
		return;
	p->seen_gen = ac->gen;
	p->seen_at = s;
	add_match(ac, pi, first, last);
}

/* A token's anchor slots start match attempts of their patterns. */
static void find_matches(struct autocode *ac)
{
	size_t i, a;

	ac->nm = 0;
	ac->nlm = 0;
	for (i = 0; i < ac->tk.n; i++) {
		const uint32_t *anchors = ac->tp[i] + ac->tm[i].n;

		for (a = 0; a < ac->tm[i].n2; a++) {
			uint32_t k = anchors[a], pi = ac->slot_pat[k];

			if (ac->slot_kind[k] == SK_SINGLE)
				add_match(ac, pi, i, i);	/* a token has each slot once */
			else if (ac->slot_kind[k] == SK_NEAR)
				try_near(ac, pi, i, ac->slot_pos[k]);
			else
				try_phrase(ac, pi, i);
		}
	}
}

/* ---- lexicon, clauses ---- */

/* Lexicon entries cover tokens greedily from the left, the longest entry first. */
static void assign_lexicon(struct autocode *ac)
{
	size_t i, n = ac->tk.n, q;

	for (i = 0; i < n; i++) {
		ac->best[i] = -1;
		ac->lexk[i] = -1;
	}
	for (q = 0; q < ac->nlm; q++) {
		const struct match *m = &ac->lm[q];
		int32_t b = ac->best[m->first];

		if (b < 0 || ac->lm[b].last < m->last)
			ac->best[m->first] = (int32_t)q;
	}
	for (i = 0; i < n;) {
		int32_t b = ac->best[i];
		size_t j;

		if (b < 0 && ac->tm[i].lex >= 0) {
			/* a one-word entry, where no longer one starts */
			struct match *m;

			GROW(ac->lm, ac->nlm, ac->lm_cap, 256);
			m = &ac->lm[ac->nlm];
			m->pat = (uint32_t)ac->tm[i].lex;
			m->first = m->last = (uint32_t)i;
			m->sentence = ac->tk.v[i].sentence;
			b = (int32_t)ac->nlm++;
		}
		if (b < 0) {
			i++;
			continue;
		}
		for (j = i; j <= ac->lm[b].last; j++) {
			ac->lexk[j] = (int8_t)ac->pats[ac->lm[b].pat].lex;
			ac->lexm[j] = (uint32_t)b;
		}
		i = ac->lm[b].last + 1;
	}
	for (i = 0; i < n; i++) {
		int k = ac->lexk[i];
		int start = i == 0 || ac->tk.v[i].sentence != ac->tk.v[i - 1].sentence ||
			    (ac->tk.v[i].flags & TOKENIZE_CLAUSE) ||
			    (k == CODEBOOK_BOUND && ac->lm[ac->lexm[i]].first == i);

		ac->clause[i] = i == 0 ? 0 : ac->clause[i - 1] + (start ? 1 : 0);
		ac->content[i] = k < 0 || k == CODEBOOK_VAL;
	}
}

/* Is token i the first token of a lexicon entry of kind k? */
static int lex_at(const struct autocode *ac, size_t i, int k)
{
	return ac->lexk[i] == k && ac->lm[ac->lexm[i]].first == i;
}

/* ---- polar items of one sentence ---- */

static int suppressed(const struct autocode *ac, uint32_t pi)
{
	size_t i;

	for (i = 0; i < ac->nsupp; i++)
		if (ac->supp[i] == pi)
			return 1;
	return 0;
}

static int excluded(const struct autocode *ac, uint32_t code)
{
	size_t i;

	for (i = 0; i < ac->nexcl; i++)
		if (ac->excl[i] == code)
			return 1;
	return 0;
}

/* The unless-owners and excluded codes of the sentence whose matches are m[a .. b). */
static void sentence_suppressions(struct autocode *ac, size_t a, size_t b)
{
	size_t q;

	ac->nsupp = 0;
	ac->nexcl = 0;
	for (q = a; q < b; q++) {
		const struct pat *p = &ac->pats[ac->m[q].pat];

		if (p->role == R_UNLESS) {
			GROW(ac->supp, ac->nsupp, ac->supp_cap, 16);
			ac->supp[ac->nsupp++] = (uint32_t)p->owner;
		}
	}
	for (q = a; q < b; q++) {
		const struct pat *p = &ac->pats[ac->m[q].pat];

		if (p->role == R_EXCLUDE && !suppressed(ac, ac->m[q].pat)) {
			GROW(ac->excl, ac->nexcl, ac->excl_cap, 16);
			ac->excl[ac->nexcl++] = p->code;
		}
	}
}

static void add_item(struct autocode *ac, const struct match *m, int32_t code, double value)
{
	struct item *it;

	GROW(ac->items, ac->nitems, ac->items_cap, 64);
	it = &ac->items[ac->nitems++];
	it->first = m->first;
	it->last = m->last;
	it->sentence = m->sentence;
	it->clause = ac->clause[m->first];
	it->code = code;
	it->pat = m->pat;
	it->value = value;
	it->negations = 0;
}

/* The token index reached after `reach` content tokens from token `from` onwards, in its clause. */
static size_t reach_end(const struct autocode *ac, size_t from, size_t limit, int reach)
{
	size_t j, end = from;
	int count = 0;

	for (j = from; j < limit && count < reach; j++) {
		if (ac->clause[j] != ac->clause[from])
			break;
		end = j;
		if (ac->content[j])
			count++;
	}
	return end;
}

/*
 * Is negator g..gl a word of a cue of `code` (ANY_CODE: of any code) in
 * items[ia..ib)? Such a negator belongs to that cue ("geen wachtlijst") and
 * does not flip that code's polar words, nor the general valence words; the
 * cues of the other codes it still flips ("ik voel me niet begrepen" is a
 * negative "begrepen" for bejegening although "niet begrepen" is a cue of
 * informatievoorziening). Inside a near cue but not one of its words, a
 * negator is not the cue's: it flips the cue ("belde ... niet ... terug").
 */
static int part_of_cue(const struct autocode *ac, size_t g, size_t gl, size_t ia, size_t ib,
		       int32_t code)
{
	size_t q;

	for (q = ia; q < ib; q++) {
		const struct item *it = &ac->items[q];

		const struct pat *p = &ac->pats[it->pat];
		uint32_t k;

		/* Only a cue of a code found here or next door can own a negator. */
		if (it->code < 0 || (code != ANY_CODE && it->code != code) ||
		    ac->cnear[it->code] != ac->cnear_stamp || it->first > g || it->last < gl)
			continue;
		if (!p->near)
			return 1;
		for (k = 0; k < p->nslots; k++)
			if (has_slot(ac, g, p->slot0 + k))
				return 1;
	}
	return 0;
}

/* Negators, hedges and intensifiers of sentence tokens [ta, tb) on items [ia, ib). */
static void apply_modifiers(struct autocode *ac, size_t ta, size_t tb, size_t ia, size_t ib)
{
	size_t g, q;

	for (g = ta; g < tb; g++) {
		const struct match *lm;
		size_t from, end;
		int any = 0;

		if (ac->lexk[g] < 0 || ac->lm[ac->lexm[g]].first != g)
			continue;
		lm = &ac->lm[ac->lexm[g]];
		from = lm->last + 1;
		if (ac->lexk[g] == CODEBOOK_NEG) {
			int owned = part_of_cue(ac, g, lm->last, ia, ib, ANY_CODE);

#define REACHES(it) (!owned || ((it)->code >= 0 && !part_of_cue(ac, g, lm->last, ia, ib, (it)->code)))
			if (from < tb && ac->clause[from] == ac->clause[g]) {
				end = reach_end(ac, from, tb, NEG_REACH);
				for (q = ia; q < ib; q++) {
					if (ac->items[q].first >= from && ac->items[q].first <= end &&
					    REACHES(&ac->items[q])) {
						ac->items[q].negations++;
						any = 1;
					}
				}
			}
			for (q = ia; q < ib; q++) {
				if (ac->items[q].first < g && ac->items[q].last > lm->last &&
				    REACHES(&ac->items[q])) {
					ac->items[q].negations++;
					any = 1;
				}
			}
			if (!any) {
				/* "ze luisterde niet": the nearest polar word before, in the clause. */
				size_t bestq = SIZE_MAX;
				int between;

				for (q = ia; q < ib; q++) {
					const struct item *it = &ac->items[q];
					size_t j;

					if (it->last >= g || ac->clause[it->last] != ac->clause[g] || !REACHES(it))
						continue;
					for (between = 0, j = it->last + 1; j < g; j++)
						between += ac->content[j];
					/* "ze luisterde niet", "ik vertrouwde de tolk niet", not "over de wachtlijst hoor je niks" */
					if (between > 0 && (between > NEG_BACK || !ac->tm[it->last].verb))
						continue;
					if (bestq == SIZE_MAX || it->last > ac->items[bestq].last)
						bestq = q;
				}
				if (bestq != SIZE_MAX)
					for (q = ia; q < ib; q++)
						if (ac->items[q].first == ac->items[bestq].first &&
						    ac->items[q].last == ac->items[bestq].last &&
						    REACHES(&ac->items[q]))
							ac->items[q].negations++;
			}
#undef REACHES
		} else if (ac->lexk[g] == CODEBOOK_HEDGE || ac->lexk[g] == CODEBOOK_INTENS) {
			size_t reach = ac->lexk[g] == CODEBOOK_HEDGE ? HEDGE_REACH : INTENS_REACH;
			size_t target = SIZE_MAX;

			for (q = ia; q < ib; q++) {
				const struct item *it = &ac->items[q];

				if (it->first >= from && it->first < from + reach &&
				    ac->clause[it->first] == ac->clause[g] &&
				    (target == SIZE_MAX || it->first < target))
					target = it->first;
			}
			if (target == SIZE_MAX)
				continue;
			for (q = ia; q < ib; q++)
				if (ac->items[q].first == target)
					ac->items[q].value *= ac->pats[lm->pat].weight;
		}
	}
	for (q = ia; q < ib; q++) {
		struct item *it = &ac->items[q];

		if (it->negations % 2)
			it->value = it->value > 0 ? -NEG_OF_POSITIVE * it->value
						  : -NEG_OF_NEGATIVE * it->value;
	}
}

/* ---- per code ---- */

static void add_ev(struct autocode *ac, uint32_t code, enum autocode_role role, size_t first,
		   size_t last, double weight, int negated, uint32_t pat)
{
	struct ev *e;

	GROW(ac->ev, ac->nev, ac->ev_cap, 64);
	e = &ac->ev[ac->nev++];
	e->code = code;
	e->e.role = role;
	e->e.first = (uint32_t)first;
	e->e.last = (uint32_t)last;
	e->e.start = ac->tk.v[first].start;
	e->e.end = ac->tk.v[last].end;
	e->e.sentence = ac->tk.v[first].sentence;
	e->e.weight = weight;
	e->e.negated = negated;
	e->e.pattern = role == AUTOCODE_CUE && ac->pats[pat].role == R_TRIGGER ? ac->pats[pat].cue_src
									: ac->pats[pat].src;
}

static void count_item(struct autocode *ac, uint32_t code, const struct item *it, double scale,
		       double *pos, double *neg)
{
	double v = it->value * scale;

	if (v > 0)
		*pos += v;
	else
		*neg -= v;
	add_ev(ac, code, it->code < 0 ? AUTOCODE_VALENCE : AUTOCODE_CUE, it->first, it->last, v,
	       it->negations % 2, it->pat);
}

static int in_tclauses(const struct autocode *ac, uint32_t clause)
{
	size_t i;

	for (i = 0; i < ac->ntclauses; i++)
		if (ac->tclauses[i] == clause)
			return 1;
	return 0;
}

/* Does any cue of `code` in items [ia, ib) share a token with item it? */
static int overlaps_cue(const struct autocode *ac, uint32_t code, const struct item *it, size_t ia,
			size_t ib)
{
	size_t q;

	for (q = ia; q < ib; q++) {
		const struct item *c = &ac->items[q];

		if (c->code == (int32_t)code && c->first <= it->last && it->first <= c->last)
			return 1;
	}
	return 0;
}

/* Does item it (a valence entry) belong to another code: a cue or trigger of it shares a token? */
static int belongs_elsewhere(const struct autocode *ac, size_t s, uint32_t code,
			     const struct item *it)
{
	size_t q;

	for (q = ac->s_items[s]; q < ac->s_items[s + 1]; q++) {
		const struct item *c = &ac->items[q];

		if (c->code >= 0 && c->code != (int32_t)code && c->first <= it->last &&
		    it->first <= c->last)
			return 1;
	}
	for (q = ac->s_match[s]; q < ac->s_match[s + 1]; q++) {
		const struct match *m = &ac->m[q];
		const struct pat *p = &ac->pats[m->pat];

		if (p->role == R_TRIGGER && p->code != code && m->first <= it->last &&
		    it->first <= m->last)
			return 1;
	}
	return 0;
}

/* Does clause `clause` of sentence s hold a trigger of a code other than `code`? */
static int clause_has_other(const struct autocode *ac, size_t s, uint32_t clause, uint32_t code)
{
	size_t q;

	for (q = ac->s_match[s]; q < ac->s_match[s + 1]; q++) {
		const struct match *m = &ac->m[q];
		const struct pat *p = &ac->pats[m->pat];

		if (p->role == R_TRIGGER && p->code != code && ac->clause[m->first] == clause)
			return 1;
	}
	return 0;
}

/* Items of a sentence without codes, for a code mentioned next door. Returns the number used. */
static int neighbour_items(struct autocode *ac, size_t s, uint32_t code, double *pos, double *neg)
{
	size_t q;
	int used = 0;

	if (s >= ac->tk.sentences || ac->s_trig[s])
		return 0;
	for (q = ac->s_items[s]; q < ac->s_items[s + 1]; q++) {
		const struct item *it = &ac->items[q];

		if (it->code >= 0 && it->code != (int32_t)code)
			continue;
		if (it->code < 0 && (overlaps_cue(ac, code, it, ac->s_items[s], ac->s_items[s + 1]) ||
				     belongs_elsewhere(ac, s, code, it)))
			continue;
		count_item(ac, code, it, 1, pos, neg);
		used++;
	}
	return used;
}

/* Positive, negative or mixed: both sides, the smaller at least MIXED_RATIO of the larger. */
static unsigned sentence_verdict(double pos, double neg)
{
	double lo = pos < neg ? pos : neg, hi = pos < neg ? neg : pos;

	if (pos <= 0 && neg <= 0)
		return 0;
	if ((lo >= MIXED_MIN && lo >= MIXED_RATIO * hi) || pos == neg)
		return V_MIXED;
	return pos > neg ? V_POS : V_NEG;
}

/*
 * NEEDSWORK: reported speech ("ze zei: ik begrijp uw frustratie") and wishes
 * ("dat ze niet dreigen") are coded like the speaker's own statements.
 */
/* The polar evidence of `code` mentioned in sentence s (its trigger clauses in ac->tclauses). */
static void code_in_sentence(struct autocode *ac, size_t s, uint32_t code)
{
	size_t ia = ac->s_items[s], ib = ac->s_items[s + 1], q;
	double pos = 0, neg = 0, scale;
	int used = 0;

	for (q = ia; q < ib; q++) {
		const struct item *it = &ac->items[q];

		if (it->code == (int32_t)code) {
			count_item(ac, code, it, 1, &pos, &neg);
			used++;
		}
	}
	scale = used ? VALENCE_WITH_CUES : 1;
	for (q = ia; q < ib; q++) {
		const struct item *it = &ac->items[q];

		if (it->code < 0 && in_tclauses(ac, it->clause) && !overlaps_cue(ac, code, it, ia, ib) &&
		    !belongs_elsewhere(ac, s, code, it)) {
			count_item(ac, code, it, scale, &pos, &neg);
			used++;
		}
	}
	if (!used) {
		for (q = ia; q < ib; q++) {
			const struct item *it = &ac->items[q];

			if (it->code < 0 && !clause_has_other(ac, s, it->clause, code) &&
			    !overlaps_cue(ac, code, it, ia, ib) && !belongs_elsewhere(ac, s, code, it)) {
				count_item(ac, code, it, scale, &pos, &neg);
				used++;
			}
		}
	}
	if (!used)
		used = neighbour_items(ac, s + 1, code, &pos, &neg);
	if (!used && s > 0)
		neighbour_items(ac, s - 1, code, &pos, &neg);
	ac->acc[code].pos += pos;
	ac->acc[code].neg += neg;
	ac->acc[code].verdicts |= sentence_verdict(pos, neg);
}

/*
 * The segment's polarity of a code: one kind of sentence verdict gives it,
 * positive and negative sentences (or a mixed one) give '~'. A polarity the
 * code does not allow falls back to the sign of the sums, then to the default.
 */
static char verdict(const struct codebook_code *c, const struct acc *a, int *defaulted)
{
	char v = 0;

	*defaulted = 0;
	if (!c->polarities[0])
		return 0;
	if (a->verdicts == V_POS)
		v = '+';
	else if (a->verdicts == V_NEG)
		v = '-';
	else if (a->verdicts)
		v = '~';
	if (v && !strchr(c->polarities, v)) {
		if (v == '~' && a->pos != a->neg && strchr(c->polarities, a->pos > a->neg ? '+' : '-'))
			v = a->pos > a->neg ? '+' : '-';
		else
			v = 0;
	}
	if (!v && c->default_polarity) {
		*defaulted = 1;
		v = c->default_polarity;
	}
	return v;
}

/* ---- one text ---- */

void autocode_result_init(struct autocode_result *r)
{
	memset(r, 0, sizeof(*r));
}

void autocode_result_release(struct autocode_result *r)
{
	free(r->hits);
	free(r->evidence);
	autocode_result_init(r);
}

/*
 * Of two cues of one code where one phrase contains the other only the longer
 * counts ("geen wachtlijst" over "wachtlijst"); of cues on the same tokens only
 * the stronger, then the first (a token matched by "teruggebeld" and
 * "terugbel" counts once).
 */
static void drop_dominated(struct autocode *ac, size_t ia)
{
	size_t q, k, w = ia;

	for (q = ia; q < ac->nitems; q++) {
		const struct item *a = &ac->items[q];
		int keep = 1;

		for (k = ia; k < ac->nitems && keep; k++) {
			const struct item *b = &ac->items[k];
			uint32_t la = a->last - a->first, lb = b->last - b->first;

			if (k == q || b->code != a->code || b->first > a->first || a->last > b->last)
				continue;
			/* b contains a: a longer phrase wins; near patterns only dedupe equal spans. */
			if (lb > la && !ac->pats[b->pat].near)
				keep = 0;
			else if (lb == la && (fabs(b->value) > fabs(a->value) ||
					      (fabs(b->value) == fabs(a->value) && k < q)))
				keep = 0;
		}
		if (keep)
			ac->items[w++] = *a;
	}
	ac->nitems = w;
}

/* Which sentences have a code (a rule that is not suppressed)? Returns how many. */
static size_t triggered_sentences(struct autocode *ac)
{
	size_t ns = ac->tk.sentences, s, q, n = 0;

	if (ns + 1 > ac->s_cap) {
		ac->s_cap = ns + 1 > 64 ? ns + 1 : 64;
		ac->s_items = xrealloc(ac->s_items, ac->s_cap * sizeof(*ac->s_items));
		ac->s_match = xrealloc(ac->s_match, ac->s_cap * sizeof(*ac->s_match));
		ac->s_trig = xrealloc(ac->s_trig, ac->s_cap * sizeof(*ac->s_trig));
	}
	/* Matches come in token order of their anchor, so a sentence's matches are contiguous. */
	for (s = 0, q = 0; s < ns; s++) {
		ac->s_match[s] = (uint32_t)q;
		while (q < ac->nm && ac->m[q].sentence == s)
			q++;
	}
	ac->s_match[ns] = (uint32_t)ac->nm;
	for (s = 0; s < ns; s++) {
		ac->s_trig[s] = 0;
		for (q = ac->s_match[s]; q < ac->s_match[s + 1]; q++)
			if (ac->pats[ac->m[q].pat].role == R_TRIGGER)
				break;
		if (q == ac->s_match[s + 1])
			continue;
		sentence_suppressions(ac, ac->s_match[s], ac->s_match[s + 1]);
		for (; q < ac->s_match[s + 1]; q++) {
			const struct pat *p = &ac->pats[ac->m[q].pat];

			if (p->role == R_TRIGGER && !suppressed(ac, ac->m[q].pat) && !excluded(ac, p->code)) {
				ac->s_trig[s] = 1;
				n++;
				break;
			}
		}
	}
	return n;
}

/* ac->cnear: the codes with a rule in sentence s or next to it, whose cues may own a negator. */
static void mark_codes_near(struct autocode *ac, size_t s)
{
	size_t ns = ac->tk.sentences, t, q;

	if (++ac->cnear_stamp == 0) {
		memset(ac->cnear, 0, ac->cb->ncodes * sizeof(*ac->cnear));
		ac->cnear_stamp = 1;
	}
	for (t = s > 0 ? s - 1 : 0; t <= s + 1 && t < ns; t++)
		for (q = ac->s_match[t]; q < ac->s_match[t + 1]; q++)
			if (ac->pats[ac->m[q].pat].role == R_TRIGGER)
				ac->cnear[ac->pats[ac->m[q].pat].code] = ac->cnear_stamp;
}

/* The polar items of the sentences with a code and their neighbours, negation applied. */
static void sentence_tables(struct autocode *ac)
{
	size_t ns = ac->tk.sentences, s, q, i;

	ac->nitems = 0;
	i = 0;
	for (s = 0; s < ns; s++) {
		size_t ta = i, tb, ia = ac->nitems;

		while (i < ac->tk.n && ac->tk.v[i].sentence == s)
			i++;
		tb = i;
		ac->s_items[s] = (uint32_t)ia;
		/* Polar words count only in a sentence with a code, or next to one. */
		if (!ac->s_trig[s] && !(s > 0 && ac->s_trig[s - 1]) && !(s + 1 < ns && ac->s_trig[s + 1]))
			continue;
		mark_codes_near(ac, s);
		sentence_suppressions(ac, ac->s_match[s], ac->s_match[s + 1]);
		for (q = ac->s_match[s]; q < ac->s_match[s + 1]; q++) {
			const struct match *m = &ac->m[q];
			const struct pat *p = &ac->pats[m->pat];

			if ((p->role == R_POS || p->role == R_NEG) && !suppressed(ac, m->pat) &&
			    !excluded(ac, p->code))
				add_item(ac, m, (int32_t)p->code, p->weight);
			else if (p->role == R_TRIGGER && p->cue != 0 && !excluded(ac, p->code))
				add_item(ac, m, (int32_t)p->code, p->cue);
		}
		drop_dominated(ac, ia);
		for (q = ta; q < tb; q++) {
			if (lex_at(ac, q, CODEBOOK_VAL)) {
				const struct match *m = &ac->lm[ac->lexm[q]];

				add_item(ac, m, -1, ac->pats[m->pat].weight);
			}
		}
		apply_modifiers(ac, ta, tb, ia, ac->nitems);
	}
	ac->s_items[ns] = (uint32_t)ac->nitems;
}

/* Is match r's span already given by an earlier trigger of `code` in m[q .. r)? */
static int trigger_seen(const struct autocode *ac, size_t q, size_t r, uint32_t code)
{
	size_t k;

	for (k = q; k < r; k++) {
		const struct pat *p = &ac->pats[ac->m[k].pat];

		if (p->role == R_TRIGGER && p->code == code && !suppressed(ac, ac->m[k].pat) &&
		    ac->m[k].first == ac->m[r].first && ac->m[k].last == ac->m[r].last)
			return 1;
	}
	return 0;
}

static void code_sentences(struct autocode *ac)
{
	size_t ns = ac->tk.sentences, s, q, k;

	ac->ntouched = 0;
	ac->nev = 0;
	for (s = 0; s < ns; s++) {
		if (!ac->s_trig[s])
			continue;
		if (++ac->stamp == 0) {
			for (k = 0; k < ac->cb->ncodes; k++)
				ac->acc[k].stamp = 0;
			ac->stamp = 1;
		}
		sentence_suppressions(ac, ac->s_match[s], ac->s_match[s + 1]);
		for (q = ac->s_match[s]; q < ac->s_match[s + 1]; q++) {
			const struct match *m = &ac->m[q];
			const struct pat *p = &ac->pats[m->pat];
			uint32_t code = p->code;
			size_t r;

			if (p->role != R_TRIGGER || suppressed(ac, m->pat) || excluded(ac, code))
				continue;
			if (ac->acc[code].stamp == ac->stamp)
				continue;
			ac->acc[code].stamp = ac->stamp;
			if (!ac->acc[code].mentioned) {
				ac->acc[code].mentioned = 1;
				ac->acc[code].pos = ac->acc[code].neg = 0;
				ac->acc[code].verdicts = 0;
				ac->touched[ac->ntouched++] = code;
			}
			/* All triggers of this code in the sentence: evidence and their clauses. */
			ac->ntclauses = 0;
			for (r = q; r < ac->s_match[s + 1]; r++) {
				const struct match *mr = &ac->m[r];
				const struct pat *pr = &ac->pats[mr->pat];

				if (pr->role != R_TRIGGER || pr->code != code || suppressed(ac, mr->pat))
					continue;
				if (!trigger_seen(ac, q, r, code))
					add_ev(ac, code, AUTOCODE_TRIGGER, mr->first, mr->last, 0, 0, mr->pat);
				for (k = mr->first; k <= mr->last; k++) {
					if (!in_tclauses(ac, ac->clause[k])) {
						GROW(ac->tclauses, ac->ntclauses, ac->tclauses_cap, 8);
						ac->tclauses[ac->ntclauses++] = ac->clause[k];
					}
				}
			}
			code_in_sentence(ac, s, code);
		}
	}
}

static void build_result(struct autocode *ac, struct autocode_result *r)
{
	size_t h, q;

	r->nhits = 0;
	r->nevidence = 0;
	qsort(ac->touched, ac->ntouched, sizeof(*ac->touched), cmp_u32);
	for (h = 0; h < ac->ntouched; h++) {
		uint32_t code = ac->touched[h];
		const struct codebook_code *c = &ac->cb->codes[code];
		struct autocode_hit *hit;

		GROW(r->hits, r->nhits, r->hits_cap, 16);
		hit = &r->hits[r->nhits++];
		hit->code = code;
		hit->id = c->id;
		hit->positive = ac->acc[code].pos;
		hit->negative = ac->acc[code].neg;
		hit->polarity = verdict(c, &ac->acc[code], &hit->defaulted);
		hit->evidence = r->nevidence;
		for (q = 0; q < ac->nev; q++) {
			if (ac->ev[q].code != code)
				continue;
			GROW(r->evidence, r->nevidence, r->evidence_cap, 64);
			r->evidence[r->nevidence++] = ac->ev[q].e;
		}
		hit->nevidence = r->nevidence - hit->evidence;
		ac->acc[code].mentioned = 0;
	}
}

int autocode_text(struct autocode *ac, const char *text, size_t len, struct autocode_result *r)
{
	r->nhits = 0;
	r->nevidence = 0;
	if (tokenize_text(&ac->tk, text, len) < 0)
		return -1;
	if (ac->tk.n == 0)
		return 0;
	ac->gen++;
	if (ac->gen == 0) {
		size_t i;

		for (i = 0; i < ac->npats; i++)
			ac->pats[i].seen_gen = ac->pat_active[i] = 0;
		ac->gen = 1;
	}
	ensure_tokens(ac, ac->tk.n);
	resolve_tokens(ac);
	find_matches(ac);
	if (ac->nm == 0)
		return 0;	/* no code pattern matched: nothing to code */
	if (triggered_sentences(ac) == 0)
		return 0;	/* only cues or exclusions: nothing to code */
	assign_lexicon(ac);
	sentence_tables(ac);
	code_sentences(ac);
	build_result(ac, r);
	return 0;
}

const struct autocode_hit *autocode_find(const struct autocode_result *r, const char *id)
{
	size_t i;

	for (i = 0; i < r->nhits; i++)
		if (strcmp(r->hits[i].id, id) == 0)
			return &r->hits[i];
	return NULL;
}

char *autocode_format(const struct autocode_result *r)
{
	struct buf b;
	size_t i;

	buf_init(&b);
	buf_adds(&b, "");
	for (i = 0; i < r->nhits; i++) {
		buf_printf(&b, "%s%s", i ? ";" : "", r->hits[i].id);
		if (r->hits[i].polarity)
			buf_addc(&b, r->hits[i].polarity);
	}
	return buf_detach(&b);
}
