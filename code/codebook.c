/* codebook.c: reading and checking codebook files and the negation and valence lexicons they name. */
#include "code/codebook.h"
#include "code/tokenize.h"
#include "core/error.h"
#include "core/json.h"
#include "core/util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_CODEBOOK ((size_t)16 << 20)
#define MAX_LEXICON ((size_t)4 << 20)
#define MAX_WITHIN 50
#define MAX_WEIGHT 10.0
#define MIN_WILDCARD 3

static const char *const top_keys[] = {
	"format", "id", "version", "label", "description", "lexicons", "words", "codes", NULL,
};
static const char *const lexicon_keys[] = { "negation", "valence", NULL };
static const char *const code_keys[] = {
	"id", "label", "description", "parent", "polarities", "default", "match", "exclude",
	"positive", "negative", "examples", NULL,
};
static const char *const pattern_keys[] = { "phrase", "near", "within", "unless", "weight", NULL };

/* What a pattern may carry where it stands. */
enum pattern_ctx {
	CTX_MATCH,	/* match and exclude rules: unless, no weight */
	CTX_CUE,	/* positive/negative cues: unless and weight */
	CTX_UNLESS,	/* inside unless: neither */
};

/*
 * Report a pattern problem: "FILE: $.codes[2].match[0]: msg" in a codebook,
 * "negatie.txt:12: msg" in a lexicon (file NULL, path "negatie.txt:12").
 */
static int pat_error(const char *file, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int pat_error(const char *file, const char *path, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (file)
		return json_error(file, path, "%s", msg);
	return tv_error("%s: %s", path, msg);
}

/* ---- freeing ---- */

static void slot_release(struct codebook_slot *s)
{
	size_t j;

	for (j = 0; j < s->nterms; j++)
		free(s->terms[j].text);
	free(s->terms);
	s->terms = NULL;
	s->nterms = 0;
}

static void pattern_release(struct codebook_pattern *p)
{
	size_t i;

	free(p->source);
	free(p->path);
	for (i = 0; i < p->nslots; i++)
		slot_release(&p->slots[i]);
	free(p->slots);
	for (i = 0; i < p->nunless; i++)
		pattern_release(&p->unless[i]);
	free(p->unless);
	memset(p, 0, sizeof(*p));
}

static void patterns_free(struct codebook_pattern *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		pattern_release(&v[i]);
	free(v);
}

void codebook_free(struct codebook *cb)
{
	size_t i;

	if (!cb)
		return;
	for (i = 0; i < cb->ncodes; i++) {
		struct codebook_code *c = &cb->codes[i];

		free(c->id);
		free(c->label);
		free(c->description);
		free(c->parent);
		patterns_free(c->match, c->nmatch);
		patterns_free(c->exclude, c->nexclude);
		patterns_free(c->positive, c->npositive);
		patterns_free(c->negative, c->nnegative);
	}
	free(cb->codes);
	for (i = 0; i < cb->nlex; i++)
		pattern_release(&cb->lex[i].pattern);
	free(cb->lex);
	free(cb->file);
	free(cb->id);
	free(cb->version);
	free(cb->label);
	free(cb->description);
	free(cb->negation_file);
	free(cb->valence_file);
	free(cb->text);
	free(cb);
}

/* ---- patterns ---- */

/* What pattern parsing needs: the file for messages (NULL in lexicons) and the codebook's word lists. */
struct pctx {
	const char *file;
	const cJSON *words;	/* $.words, or NULL */
	int in_list;		/* parsing a word list: no "@list" inside */
};

static int parse_slot(const struct pctx *cx, const char *path, const char *word, size_t len,
		      struct codebook_slot *slot);

/*
 * "@helper": the words of list `helper` in $.words, as alternatives of slot.
 * A list is one string of alternatives or an array of them; lists do not
 * name other lists.
 */
static int expand_list(const struct pctx *cx, const char *path, const char *name, size_t len,
		       struct codebook_slot *slot)
{
	struct pctx inner = { cx->file, cx->words, 1 };
	const cJSON *list = NULL, *e;
	char *key = xstrndup(name, len);
	char *sub;
	int rc = 0;

	if (!cx->file)
		rc = pat_error(cx->file, path, "'@%s': word lists belong in codebooks, not in lexicons", key);
	else if (cx->in_list)
		rc = pat_error(cx->file, path, "'@%s': a word list cannot name another list", key);
	else if (!cx->words || !(list = cJSON_GetObjectItemCaseSensitive(cx->words, key)))
		rc = pat_error(cx->file, path, "unknown word list '@%s' (see $.words)", key);
	if (rc < 0) {
		free(key);
		return rc;
	}
	sub = xasprintf("$.words.%s", key);
	free(key);
	if (cJSON_IsString(list)) {
		rc = parse_slot(&inner, sub, list->valuestring, strlen(list->valuestring), slot);
	} else {
		cJSON_ArrayForEach(e, list) {
			rc = parse_slot(&inner, sub, e->valuestring, strlen(e->valuestring), slot);
			if (rc < 0)
				break;
		}
	}
	free(sub);
	return rc;
}

/* Parse one word with alternatives ("dag|dagen", "=tolk", "wacht*", "@helper") into slot. */
static int parse_slot(const struct pctx *cx, const char *path, const char *word, size_t len,
		      struct codebook_slot *slot)
{
	const char *p = word, *end = word + len, *bar;
	struct buf b;
	int ret = -1;

	buf_init(&b);
	while (p <= end) {
		struct codebook_term t;
		const char *a, *e;

		bar = memchr(p, '|', (size_t)(end - p));
		if (!bar)
			bar = end;
		a = p;
		e = bar;
		if (a < e && *a == '@') {
			if (expand_list(cx, path, a + 1, (size_t)(e - a - 1), slot) < 0)
				goto out;
			p = bar + 1;
			continue;
		}
		memset(&t, 0, sizeof(t));
		if (a < e && *a == '=') {
			t.exact = 1;
			a++;
		}
		if (a < e && e[-1] == '*') {
			t.prefix = 1;
			e--;
		}
		if (a == e) {
			pat_error(cx->file, path, "empty word in '%.*s'", (int)len, word);
			goto out;
		}
		if (t.exact && t.prefix) {
			pat_error(cx->file, path, "'%.*s' combines '=' and '*'", (int)(bar - p), p);
			goto out;
		}
		buf_reset(&b);
		tokenize_fold(a, (size_t)(e - a), &b);
		if (!tokenize_is_word(b.s)) {
			pat_error(cx->file, path,
				   "'%.*s' is not a word (letters and digits only; write the parts of "
				   "a phrase separated by spaces)", (int)(e - a), a);
			goto out;
		}
		if (t.prefix && b.len < MIN_WILDCARD) {
			pat_error(cx->file, path, "'%.*s': a wildcard needs at least %d letters before '*'",
				   (int)(bar - p), p, MIN_WILDCARD);
			goto out;
		}
		t.text = buf_detach(&b);
		slot->terms = xrealloc(slot->terms, (slot->nterms + 1) * sizeof(*slot->terms));
		slot->terms[slot->nterms++] = t;
		p = bar + 1;
	}
	ret = 0;
out:
	buf_release(&b);
	return ret;
}

static void add_slot(struct codebook_pattern *p, const struct codebook_slot *s)
{
	p->slots = xrealloc(p->slots, (p->nslots + 1) * sizeof(*p->slots));
	p->slots[p->nslots++] = *s;
}

/* Words separated by ASCII spaces, each a slot. */
static int parse_phrase(const struct pctx *cx, const char *path, const char *text,
			struct codebook_pattern *p)
{
	const char *s = text;

	while (*s) {
		struct codebook_slot slot = { NULL, 0 };
		const char *e;

		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		for (e = s; *e && *e != ' ' && *e != '\t'; e++)
			;
		if (parse_slot(cx, path, s, (size_t)(e - s), &slot) < 0) {
			add_slot(p, &slot);	/* freed with the pattern */
			return -1;
		}
		add_slot(p, &slot);
		s = e;
	}
	if (p->nslots == 0)
		return pat_error(cx->file, path, "empty pattern");
	return 0;
}

static int parse_pattern(const struct pctx *cx, const char *path, const cJSON *v, enum pattern_ctx ctx,
			 struct codebook_pattern *p);

static int parse_pattern_list(const struct pctx *cx, const char *path, const cJSON *arr,
			      enum pattern_ctx ctx, struct codebook_pattern **out, size_t *n)
{
	const cJSON *e;
	size_t i = 0;
	int ret = 0;

	*n = (size_t)cJSON_GetArraySize(arr);
	*out = xcalloc(*n ? *n : 1, sizeof(**out));
	cJSON_ArrayForEach(e, arr) {
		char *sub = xasprintf("%s[%zu]", path, i);

		ret = parse_pattern(cx, sub, e, ctx, &(*out)[i]);
		free(sub);
		i++;
		if (ret < 0)
			break;
	}
	return ret;
}

static int parse_near(const struct pctx *cx, const char *path, const cJSON *obj,
		      struct codebook_pattern *p)
{
	const cJSON *near = NULL, *e;
	struct buf src;
	long within = 0;
	size_t i = 0;
	int ret = -1;

	buf_init(&src);
	if (json_arr(cx->file, path, obj, "near", 1, &near) < 0)
		goto out;
	if (cJSON_GetArraySize(near) < 2) {
		json_error(cx->file, path, "'near' needs at least two words");
		goto out;
	}
	cJSON_ArrayForEach(e, near) {
		char *sub = xasprintf("%s.near[%zu]", path, i++);
		struct codebook_slot slot = { NULL, 0 };
		int rc;

		if (!cJSON_IsString(e)) {
			json_error(cx->file, sub, "expected a word");
			free(sub);
			goto out;
		}
		if (strchr(e->valuestring, ' ') || strchr(e->valuestring, '\t') ||
		    !e->valuestring[0]) {
			json_error(cx->file, sub, "'%s' is not one word; 'near' takes single words",
				   e->valuestring);
			free(sub);
			goto out;
		}
		rc = parse_slot(cx, sub, e->valuestring, strlen(e->valuestring), &slot);
		add_slot(p, &slot);
		free(sub);
		if (rc < 0)
			goto out;
		buf_printf(&src, "%s%s", i > 1 ? " ~ " : "", e->valuestring);
	}
	if (json_long(cx->file, path, obj, "within", 1, &within) < 0)
		goto out;
	if (within < 1 || within > MAX_WITHIN) {
		json_error(cx->file, path, "'within' is %ld, expected 1..%d", within, MAX_WITHIN);
		goto out;
	}
	p->near = 1;
	p->within = within;
	buf_printf(&src, " (%ld)", within);
	p->source = buf_detach(&src);
	ret = 0;
out:
	buf_release(&src);
	return ret;
}

static int parse_pattern(const struct pctx *cx, const char *path, const cJSON *v, enum pattern_ctx ctx,
			 struct codebook_pattern *p)
{
	const cJSON *unless = NULL;
	const char *phrase = NULL;
	double weight = 1;
	int has_phrase, has_near;

	memset(p, 0, sizeof(*p));
	p->weight = 1;
	p->path = xstrdup(path);
	if (cJSON_IsString(v)) {
		p->source = xstrdup(v->valuestring);
		return parse_phrase(cx, path, v->valuestring, p);
	}
	if (!cJSON_IsObject(v))
		return json_error(cx->file, path, "expected a word, a phrase or a pattern object");
	if (json_only_keys(cx->file, path, v, pattern_keys) < 0)
		return -1;
	has_phrase = cJSON_GetObjectItemCaseSensitive(v, "phrase") != NULL;
	has_near = cJSON_GetObjectItemCaseSensitive(v, "near") != NULL;
	if (has_phrase == has_near)
		return json_error(cx->file, path, "expected exactly one of 'phrase' and 'near'");
	if (!has_near && cJSON_GetObjectItemCaseSensitive(v, "within"))
		return json_error(cx->file, path, "'within' belongs with 'near'");
	if (has_phrase) {
		if (json_str(cx->file, path, v, "phrase", 1, &phrase) < 0)
			return -1;
		p->source = xstrdup(phrase);
		if (parse_phrase(cx, path, phrase, p) < 0)
			return -1;
	} else if (parse_near(cx, path, v, p) < 0) {
		return -1;
	}
	if (json_num(cx->file, path, v, "weight", 0, &weight) < 0)
		return -1;
	if (cJSON_GetObjectItemCaseSensitive(v, "weight")) {
		if (ctx != CTX_CUE)
			return json_error(cx->file, path,
					  "'weight' is only allowed in 'positive' and 'negative' cues");
		if (!(weight > 0 && weight <= MAX_WEIGHT))
			return json_error(cx->file, path, "'weight' is %g, expected more than 0 and at most %g",
					  weight, MAX_WEIGHT);
		p->weight = weight;
	}
	if (json_arr(cx->file, path, v, "unless", 0, &unless) < 0)
		return -1;
	if (unless) {
		char *sub;
		int rc;

		if (ctx == CTX_UNLESS)
			return json_error(cx->file, path, "'unless' cannot be nested");
		sub = xasprintf("%s.unless", path);
		rc = parse_pattern_list(cx, sub, unless, CTX_UNLESS, &p->unless, &p->nunless);
		free(sub);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ---- codes ---- */

static int parse_polarities(const struct pctx *cx, const char *path, const char *s, char out[4])
{
	const char *order = "+-~";
	int seen[3] = { 0, 0, 0 };
	size_t i, k = 0;

	for (i = 0; s[i]; i++) {
		const char *at = strchr(order, s[i]);

		if (!at || !s[i])
			return json_error(cx->file, path, "'polarities' has '%c', expected a subset of \"+-~\"",
					  s[i]);
		if (seen[at - order]++)
			return json_error(cx->file, path, "'polarities' has '%c' twice", s[i]);
	}
	for (i = 0; i < 3; i++)
		if (seen[i])
			out[k++] = order[i];
	out[k] = '\0';
	return 0;
}

static int parse_code(const struct pctx *cx, const char *path, const cJSON *obj,
		      struct codebook_code *c)
{
	const char *id = NULL, *label = NULL, *desc = "", *parent = NULL, *pol = "+-~", *def = NULL;
	const cJSON *arr = NULL;
	static const char *const lists[] = { "match", "exclude", "positive", "negative" };
	struct codebook_pattern **dst[4];
	size_t *cnt[4];
	size_t i;

	c->parent_index = -1;
	if (!cJSON_IsObject(obj))
		return json_error(cx->file, path, "expected a code object");
	if (json_only_keys(cx->file, path, obj, code_keys) < 0 ||
	    json_str(cx->file, path, obj, "id", 1, &id) < 0 ||
	    json_str(cx->file, path, obj, "label", 1, &label) < 0 ||
	    json_str(cx->file, path, obj, "description", 0, &desc) < 0 ||
	    json_str(cx->file, path, obj, "parent", 0, &parent) < 0 ||
	    json_str(cx->file, path, obj, "polarities", 0, &pol) < 0 ||
	    json_str(cx->file, path, obj, "default", 0, &def) < 0)
		return -1;
	if (!json_is_ident(id))
		return json_error(cx->file, path, "'id' is '%s', expected [a-z][a-z0-9_]*", id);
	if (!label[0])
		return json_error(cx->file, path, "'label' is empty");
	c->id = xstrdup(id);
	c->label = xstrdup(label);
	c->description = xstrdup(desc);
	c->parent = parent ? xstrdup(parent) : NULL;
	if (parse_polarities(cx, path, pol, c->polarities) < 0)
		return -1;
	if (def) {
		if (strlen(def) != 1 || !strchr(c->polarities, def[0]) || !def[0])
			return json_error(cx->file, path, "'default' is '%s', expected one of the polarities \"%s\"",
					  def, c->polarities);
		c->default_polarity = def[0];
	}
	dst[0] = &c->match;
	cnt[0] = &c->nmatch;
	dst[1] = &c->exclude;
	cnt[1] = &c->nexclude;
	dst[2] = &c->positive;
	cnt[2] = &c->npositive;
	dst[3] = &c->negative;
	cnt[3] = &c->nnegative;
	for (i = 0; i < 4; i++) {
		char *sub;
		int rc;

		arr = NULL;
		if (json_arr(cx->file, path, obj, lists[i], 0, &arr) < 0)
			return -1;
		if (!arr)
			continue;
		sub = xasprintf("%s.%s", path, lists[i]);
		rc = parse_pattern_list(cx, sub, arr, i >= 2 ? CTX_CUE : CTX_MATCH, dst[i], cnt[i]);
		free(sub);
		if (rc < 0)
			return -1;
	}
	if (c->nmatch == 0) {
		for (i = 1; i < 4; i++)
			if (*cnt[i])
				return json_error(cx->file, path, "'%s' needs 'match' rules", lists[i]);
	}
	arr = NULL;
	if (json_arr(cx->file, path, obj, "examples", 0, &arr) < 0)
		return -1;
	if (arr) {
		const cJSON *e;

		cJSON_ArrayForEach(e, arr)
			if (!cJSON_IsString(e))
				return json_error(cx->file, path, "'examples' must hold strings");
	}
	return 0;
}

/* Parents exist and form no cycle. */
static int link_parents(const char *file, struct codebook *cb)
{
	size_t i, steps;

	for (i = 0; i < cb->ncodes; i++) {
		struct codebook_code *c = &cb->codes[i];
		long p;

		if (!c->parent)
			continue;
		p = codebook_find(cb, c->parent);
		if (p < 0) {
			char *path = xasprintf("$.codes[%zu]", i);

			json_error(file, path, "'parent' is '%s', which is not a code of this codebook",
				   c->parent);
			free(path);
			return -1;
		}
		c->parent_index = p;
	}
	for (i = 0; i < cb->ncodes; i++) {
		long p = cb->codes[i].parent_index;

		for (steps = 0; p >= 0 && steps <= cb->ncodes; steps++) {
			if ((size_t)p == i) {
				char *path = xasprintf("$.codes[%zu]", i);

				json_error(file, path, "code '%s' is its own ancestor (via 'parent')",
					   cb->codes[i].id);
				free(path);
				return -1;
			}
			p = cb->codes[p].parent_index;
		}
	}
	return 0;
}

long codebook_find(const struct codebook *cb, const char *id)
{
	size_t i;

	for (i = 0; i < cb->ncodes; i++)
		if (strcmp(cb->codes[i].id, id) == 0)
			return (long)i;
	return -1;
}

int codebook_is_under(const struct codebook *cb, size_t i, size_t ancestor)
{
	long p = (long)i;
	size_t steps;

	for (steps = 0; p >= 0 && steps <= cb->ncodes; steps++) {
		if ((size_t)p == ancestor)
			return 1;
		p = cb->codes[p].parent_index;
	}
	return 0;
}

/* ---- lexicons ---- */

static const char *const lex_kind_names[] = { "neg", "bound", "pass", "val", "hedge", "intens" };

/* Resolve a lexicon path against the codebook's directory. */
static char *resolve(const char *file, const char *rel)
{
	const char *slash = strrchr(file, '/');

	if (rel[0] == '/' || !slash)
		return xstrdup(rel);
	return xasprintf("%.*s/%s", (int)(slash - file), file, rel);
}

/* Split line into up to 3 tab-separated fields (trimmed of spaces); returns the count. */
static int split_fields(char *line, char *f[3])
{
	int n = 0;
	char *p = line, *e;

	while (n < 3) {
		char *tab = strchr(p, '\t');

		if (tab)
			*tab = '\0';
		while (*p == ' ')
			p++;
		e = p + strlen(p);
		while (e > p && (e[-1] == ' ' || e[-1] == '\r'))
			*--e = '\0';
		f[n++] = p;
		if (!tab)
			break;
		p = tab + 1;
		if (n == 3 && *p)
			return 4;
	}
	return n;
}

static int lex_duplicate(const struct codebook *cb, const char *lexfile, long line, const char *src)
{
	size_t i;

	for (i = 0; i < cb->nlex; i++) {
		if (strcmp(cb->lex[i].pattern.source, src) == 0)
			return tv_error("%s:%ld: '%s' is already an entry (%s)", lexfile, line, src,
					cb->lex[i].pattern.path);
	}
	return 0;
}

/*
 * negatie.txt: "ENTRY" or "ENTRY<TAB>neg|bound|pass";
 * valentie.tsv: "ENTRY<TAB>val|hedge|intens<TAB>WEIGHT". '#' starts a comment line.
 */
static int load_lexicon(struct codebook *cb, const char *lexfile, int valence)
{
	const struct pctx lexcx = { NULL, NULL, 0 };
	char *text = NULL, *line, *next;
	size_t len;
	long lineno = 0;
	int ret = -1;

	if (file_read(lexfile, MAX_LEXICON, &text, &len) < 0)
		return -1;
	if (memchr(text, '\0', len))
		goto bad_nul;
	for (line = text; line && *line; line = next) {
		char *f[3] = { NULL, NULL, NULL }, *path;
		struct codebook_lex lx;
		int nf, k;
		double w = 1;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		nf = split_fields(line, f);
		if (f[0][0] == '#' || (nf == 1 && !f[0][0]))
			continue;
		if (!f[0][0]) {
			tv_error("%s:%ld: empty entry", lexfile, lineno);
			goto out;
		}
		if (valence ? nf != 3 : nf > 2) {
			tv_error("%s:%ld: expected %s, found %d field%s", lexfile, lineno,
				 valence ? "3 tab-separated fields (entry, kind, weight)"
					 : "an entry and optionally a kind, separated by a tab",
				 nf > 3 ? 4 : nf, nf == 1 ? "" : "s");
			goto out;
		}
		memset(&lx, 0, sizeof(lx));
		lx.kind = valence ? CODEBOOK_VAL : CODEBOOK_NEG;
		if (nf >= 2) {
			for (k = valence ? 3 : 0; k < (valence ? 6 : 3); k++)
				if (strcmp(f[1], lex_kind_names[k]) == 0)
					break;
			if (k == (valence ? 6 : 3)) {
				tv_error("%s:%ld: kind '%s' is not one of %s", lexfile, lineno, f[1],
					 valence ? "val, hedge, intens" : "neg, bound, pass");
				goto out;
			}
			lx.kind = (enum codebook_lex_kind)k;
		}
		if (valence) {
			if (num_parse(f[2], 0, &w) < 0) {
				tv_error("%s:%ld: weight '%s' is not a number", lexfile, lineno, f[2]);
				goto out;
			}
			if ((lx.kind == CODEBOOK_VAL && (w == 0 || fabs(w) > 3)) ||
			    (lx.kind == CODEBOOK_HEDGE && (w == 0 || fabs(w) > 1)) ||
			    (lx.kind == CODEBOOK_INTENS && (w <= 1 || w > 3))) {
				tv_error("%s:%ld: weight %s of '%s' is outside %s", lexfile, lineno, f[2],
					 f[0], lx.kind == CODEBOOK_VAL ? "-3..3 (not 0)"
					 : lx.kind == CODEBOOK_HEDGE ? "-1..1 (not 0)" : "(1, 3]");
				goto out;
			}
		}
		if (lex_duplicate(cb, lexfile, lineno, f[0]) < 0)
			goto out;
		path = xasprintf("%s:%ld", lexfile, lineno);
		if (parse_phrase(&lexcx, path, f[0], &lx.pattern) < 0) {
			free(path);
			pattern_release(&lx.pattern);
			goto out;
		}
		/* Lexicon words are whole words: "goed" is not "goedkeuring". */
		for (k = 0; (size_t)k < lx.pattern.nslots; k++) {
			size_t t;

			for (t = 0; t < lx.pattern.slots[k].nterms; t++)
				if (!lx.pattern.slots[k].terms[t].prefix)
					lx.pattern.slots[k].terms[t].exact = 1;
		}
		lx.pattern.source = xstrdup(f[0]);
		lx.pattern.path = path;
		lx.pattern.weight = w;
		cb->lex = xrealloc(cb->lex, (cb->nlex + 1) * sizeof(*cb->lex));
		cb->lex[cb->nlex++] = lx;
	}
	ret = 0;
out:
	free(text);
	return ret;
bad_nul:
	free(text);
	return tv_error("%s: contains a NUL byte, expected UTF-8 text", lexfile);
}

/* Say which member named a lexicon that cannot be opened. */
static int lexicon_exists(const char *file, const char *key, const char *path)
{
	FILE *f = fopen(path, "rb");

	if (!f)
		return json_error(file, "$.lexicons", "'%s': cannot open '%s': %s", key, path,
				  strerror(errno));
	fclose(f);
	return 0;
}

/* ---- the codebook ---- */

static int valid_name(const char *s)
{
	if (!s || *s < 'a' || *s > 'z')
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return 0;
	return 1;
}

static int valid_version(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

/*
 * $.words: named word lists, each a string of alternatives or an array of
 * them. Every word is parsed here once, so a bad one is reported at its list
 * even when no pattern names the list.
 */
static int check_words(const char *file, const cJSON *words)
{
	const struct pctx cx = { file, NULL, 1 };
	const cJSON *list, *e;

	if (!words)
		return 0;
	cJSON_ArrayForEach(list, words) {
		char *path = xasprintf("$.words.%s", list->string);
		int rc = 0;
		size_t i = 0;

		if (!json_is_ident(list->string)) {
			rc = json_error(file, "$.words", "list name '%s', expected [a-z][a-z0-9_]*",
					list->string);
		} else if (cJSON_IsString(list)) {
			struct codebook_slot slot = { NULL, 0 };

			rc = parse_slot(&cx, path, list->valuestring, strlen(list->valuestring), &slot);
			slot_release(&slot);
		} else if (cJSON_IsArray(list) && cJSON_GetArraySize(list) > 0) {
			cJSON_ArrayForEach(e, list) {
				struct codebook_slot slot = { NULL, 0 };
				char *sub = xasprintf("%s[%zu]", path, i++);

				if (!cJSON_IsString(e))
					rc = json_error(file, sub, "expected a word");
				else
					rc = parse_slot(&cx, sub, e->valuestring, strlen(e->valuestring), &slot);
				slot_release(&slot);
				free(sub);
				if (rc < 0)
					break;
			}
		} else {
			rc = json_error(file, path, "expected a string of words (\"a|b\") or a non-empty array of them");
		}
		free(path);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int parse_root(const char *file, const cJSON *root, struct codebook *cb)
{
	const char *format = NULL, *id = NULL, *version = NULL, *label = NULL, *desc = "";
	const char *neg = NULL, *val = NULL;
	const cJSON *lex = NULL, *codes = NULL, *words = NULL, *e;
	struct pctx cx = { NULL, NULL, 0 };
	size_t i = 0, j;

	if (!cJSON_IsObject(root))
		return json_error(file, "$", "expected a codebook object");
	if (json_only_keys(file, "$", root, top_keys) < 0 ||
	    json_str(file, "$", root, "format", 1, &format) < 0)
		return -1;
	if (strcmp(format, CODEBOOK_FORMAT) != 0)
		return json_error(file, "$", "'format' is '%s', expected '%s'", format, CODEBOOK_FORMAT);
	if (json_str(file, "$", root, "id", 1, &id) < 0 ||
	    json_str(file, "$", root, "version", 1, &version) < 0 ||
	    json_str(file, "$", root, "label", 1, &label) < 0 ||
	    json_str(file, "$", root, "description", 0, &desc) < 0 ||
	    json_obj(file, "$", root, "lexicons", 0, &lex) < 0 ||
	    json_arr(file, "$", root, "codes", 1, &codes) < 0)
		return -1;
	if (!valid_name(id))
		return json_error(file, "$", "'id' is '%s', expected [a-z][a-z0-9_-]*", id);
	if (!valid_version(version))
		return json_error(file, "$", "'version' is '%s', expected letters, digits, '.', '-', '_'",
				  version);
	cb->id = xstrdup(id);
	cb->version = xstrdup(version);
	cb->label = xstrdup(label);
	cb->description = xstrdup(desc);
	if (lex) {
		if (json_only_keys(file, "$.lexicons", lex, lexicon_keys) < 0 ||
		    json_str(file, "$.lexicons", lex, "negation", 0, &neg) < 0 ||
		    json_str(file, "$.lexicons", lex, "valence", 0, &val) < 0)
			return -1;
	}
	if (json_obj(file, "$", root, "words", 0, &words) < 0 || check_words(file, words) < 0)
		return -1;
	cx.file = file;
	cx.words = words;
	if (cJSON_GetArraySize(codes) == 0)
		return json_error(file, "$", "'codes' is empty");
	cb->codes = xcalloc((size_t)cJSON_GetArraySize(codes), sizeof(*cb->codes));
	cJSON_ArrayForEach(e, codes) {
		char *path = xasprintf("$.codes[%zu]", i);
		int rc = parse_code(&cx, path, e, &cb->codes[i]);

		cb->ncodes = ++i;
		if (rc == 0) {
			for (j = 0; j + 1 < i; j++) {
				if (strcmp(cb->codes[j].id, cb->codes[i - 1].id) == 0) {
					rc = json_error(file, path, "duplicate code '%s' (also $.codes[%zu])",
							cb->codes[i - 1].id, j);
					break;
				}
			}
		}
		free(path);
		if (rc < 0)
			return -1;
	}
	if (link_parents(file, cb) < 0)
		return -1;
	if (neg) {
		cb->negation_file = resolve(file, neg);
		if (lexicon_exists(file, "negation", cb->negation_file) < 0 ||
		    load_lexicon(cb, cb->negation_file, 0) < 0)
			return -1;
	}
	if (val) {
		cb->valence_file = resolve(file, val);
		if (lexicon_exists(file, "valence", cb->valence_file) < 0 ||
		    load_lexicon(cb, cb->valence_file, 1) < 0)
			return -1;
	}
	return 0;
}

int codebook_parse(const char *file, const char *text, size_t len, struct codebook **out)
{
	struct codebook *cb;
	cJSON *root = NULL;

	*out = NULL;
	if (json_parse_text(file, text, len, &root) < 0)
		return -1;
	cb = xcalloc(1, sizeof(*cb));
	cb->file = xstrdup(file);
	if (parse_root(file, root, cb) < 0) {
		cJSON_Delete(root);
		codebook_free(cb);
		return -1;
	}
	cJSON_Delete(root);
	cb->text = xstrndup(text, len);
	sha256_hex(text, len, cb->checksum);
	*out = cb;
	return 0;
}

int codebook_load(const char *file, struct codebook **out)
{
	char *text = NULL;
	size_t len;
	int ret;

	*out = NULL;
	if (file_read(file, MAX_CODEBOOK, &text, &len) < 0)
		return -1;
	if (len == 0) {
		free(text);
		return tv_error("%s: empty file, expected a JSON object", file);
	}
	ret = codebook_parse(file, text, len, out);
	free(text);
	return ret;
}
