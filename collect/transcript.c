/* transcript.c: parse interview and focus-group transcripts (text, Markdown, WebVTT, SRT) into speakers, turns, sentences and remarks. */
#include "collect/transcript.h"
#include "core/error.h"
#include "core/util.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <utf8proc.h>

#define TRANSCRIPT_MAX_SPEAKERS 1000
#define TRANSCRIPT_MAX_LABEL 40		/* code points in a speaker label */
#define TRANSCRIPT_MAX_WORDS 4		/* words in a speaker label */
#define TRANSCRIPT_INDEX_STEP 64	/* code points between entries of cp_index */

static const char *const transcript_interviewers[] = {
	"I", "Interviewer", "Int", "Moderator", "Gespreksleider", NULL,
};

/* Labels that name a role rather than a person (casefolded), also with a number after them. */
static const char *const transcript_role_words[] = {
	"i", "r", "p", "int", "interviewer", "interviewster", "moderator", "gespreksleider",
	"onderzoeker", "respondent", "resp", "deelnemer", "participant", "jongere", "kind",
	"ouder", "moeder", "vader", "pleegouder", "pleegmoeder", "pleegvader", "stiefmoeder",
	"stiefvader", "verzorger", "opvoeder", "gezinshuisouder", "broer", "zus", "opa", "oma",
	"cli\xc3\xabnt", "client", "hulpverlener", "jeugdhulpverlener", "begeleider", "mentor",
	"gezinsvoogd", "jeugdbeschermer", "voogd", "medewerker", "professional", "behandelaar",
	"therapeut", "casemanager", "docent", "leerkracht", "tolk", "observator", "notulist",
	"allen", "iedereen", "meerdere", "groep", "spreker", "speaker", "onbekend", "unknown",
	"man", "vrouw", "jongen", "meisje", NULL,
};

/* Lowercase words that may stand inside a name ("Anna de Vries", "Sanne van den Berg"). */
static const char *const transcript_particles[] = {
	"van", "de", "der", "den", "'t", "\xe2\x80\x99t", "te", "ter", "ten", "el", "al", "la",
	"le", "da", "di", "du", "von", "bin", "ben", "ibn", "dos", "das", "del", NULL,
};

/* Words with a full stop that may stand in a speaker label ("Mevr. Jansen"). */
static const char *const transcript_titles[] = {
	"mevr.", "mw.", "dhr.", "hr.", "mr.", "dr.", "drs.", "ir.", "prof.", NULL,
};

/* Keys of descriptive header lines; never speaker labels (casefolded ASCII). */
static const char *const transcript_other_keys[] = {
	"aanwezig", "aanwezigen", "afwezig", "deelnemers", "locatie", "plaats", "duur", "tijd",
	"tijdstip", "opname", "opnameduur", "transcript", "transcriptie", "transcribent", "noot",
	"opmerking", "opmerkingen", "nb", "onderwerp", "thema", "project", "bron", "bestand",
	"location", "duration", "participants", "present", "note", "notes", "transcriber",
	"topic", "time", "recording", "file", NULL,
};

enum transcript_key_kind {
	TK_ID,
	TK_WAVE,
	TK_GROUP,
	TK_METHOD,
	TK_DATE,
	TK_INTERVIEWER,
	TK_OTHER,	/* a descriptive key from transcript_other_keys */
	TK_ANY,		/* any other key (front matter, WebVTT header) */
};

struct transcript_key {
	const char *name;
	enum transcript_key_kind kind;
};

static const struct transcript_key transcript_keys[] = {
	{ "id", TK_ID }, { "wave", TK_WAVE }, { "golf", TK_WAVE }, { "group", TK_GROUP },
	{ "groep", TK_GROUP }, { "doelgroep", TK_GROUP }, { "method", TK_METHOD },
	{ "methode", TK_METHOD }, { "date", TK_DATE }, { "datum", TK_DATE },
	{ "interviewer", TK_INTERVIEWER },
};

struct transcript_alias {
	const char *from;	/* lowercase, without spaces, '-' and '_' */
	const char *to;
};

static const struct transcript_alias transcript_methods[] = {
	{ "focusgroep", "focusgroep" }, { "focusgroup", "focusgroep" },
	{ "focusgroepsgesprek", "focusgroep" }, { "groepsinterview", "groepsinterview" },
	{ "groupinterview", "groepsinterview" }, { "groepsgesprek", "groepsinterview" },
	{ "facetoface", "face-to-face" }, { "f2f", "face-to-face" },
	{ "telefonisch", "telefonisch" }, { "telefoon", "telefonisch" },
	{ "telephone", "telefonisch" }, { "phone", "telefonisch" },
};

static const char *const transcript_months[] = {
	"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
	"september", "oktober", "november", "december",
};

static const char *const transcript_month_abbrevs[] = {
	"jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
};

/* Abbreviations (lowercase, without the last full stop) after which a sentence never ends. */
static const char *const transcript_abbrev_never[] = {
	"bijv", "bv", "b.v", "d.w.z", "dwz", "o.a", "mevr", "mw", "dhr", "hr", "mr", "dr", "drs",
	"ir", "ing", "prof", "ca", "m.a.w", "i.p.v", "ipv", "i.v.m", "ivm", "t.a.v", "tav",
	"m.b.t", "mbt", "n.a.v", "nav", "d.m.v", "dmv", "o.b.v", "obv", "t.o.v", "tov", "m.n",
	"resp", "incl", "excl", "vs", "blz", "nr", "pag", "tel", "vgl", "evt", "ong", "gem",
	"zgn", "z.g.a.n", "st", "str", NULL,
};

/* Abbreviations that often end a sentence: a boundary only before a capital. */
static const char *const transcript_abbrev_can_end[] = {
	"enz", "etc", "e.d", "e.a", "o.i.d", "oid", "e.v", "jl", "a.s", "z.s.m", "zsm",
	"a.u.b", "aub", "s.v.p", "svp", "n.v.t", "nvt", "jr", "sr", NULL,
};

enum transcript_abbrev_kind {
	TRANSCRIPT_ABBREV_NONE,
	TRANSCRIPT_ABBREV_NEVER,
	TRANSCRIPT_ABBREV_CAN_END,
};

/* One line of the input, without its line break. */
struct transcript_line {
	const char *s, *e;
	const char *next;	/* start of the following line */
	long no;		/* 1-based */
};

struct transcript_prefix {
	const char *label, *label_end;
	const char *rest;	/* after the colon (and bold markers) */
};

struct transcript_kv {
	const char *key, *key_end;
	const char *val, *val_end;
	enum transcript_key_kind kind;
};

struct transcript_parser {
	struct diag *d;
	enum transcript_format format;
	int refuse_names;
	const char *begin, *end;	/* the input without a byte order mark */
	char **interviewers;		/* casefolded, NULL-terminated */
	struct transcript *t;
	size_t cap_speakers, cap_turns, cap_sentences, cap_remarks, cap_extra;
	char **folded;			/* casefolded label of each speaker */
	size_t *turn_bytes;		/* byte start and end of each turn's content in text */
	unsigned meta_seen;		/* bit 1 << kind for each standard key given */
	struct buf text;		/* the document being built */
	size_t text_cps;
	/* the turn being collected */
	int open;
	struct buf label;
	struct buf cur;			/* its content, white space collapsed */
	long cur_line, cur_col;
	long cur_start_ms, cur_end_ms;
	long pending_ms;		/* a timestamp alone on a line, for the next turn */
};

/* ---- characters ---- */

/* Decode one code point of text already checked to be UTF-8. */
static size_t transcript_decode(const char *q, const char *e, int32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)q, e - q, &c);

	if (n <= 0) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return (size_t)n;
}

static size_t transcript_ncps(const char *s, size_t n)
{
	size_t i, cps = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			cps++;
	return cps;
}

static long transcript_col(const struct transcript_line *L, const char *q)
{
	return 1 + (long)transcript_ncps(L->s, (size_t)(q - L->s));
}

static int transcript_cat(int32_t c)
{
	return (int)utf8proc_category(c);
}

static int transcript_is_upper(int32_t c)
{
	int k = transcript_cat(c);

	return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static int transcript_is_lower(int32_t c)
{
	return transcript_cat(c) == UTF8PROC_CATEGORY_LL;
}

static int transcript_is_letter(int32_t c)
{
	int k = transcript_cat(c);

	return k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO;
}

static int transcript_is_digit(int32_t c)
{
	return transcript_cat(c) == UTF8PROC_CATEGORY_ND;
}

static int transcript_is_space(int32_t c)
{
	return c <= 0x20 || transcript_cat(c) == UTF8PROC_CATEGORY_ZS;
}

static int transcript_ascii_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int transcript_ascii_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static char transcript_ascii_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static int transcript_ws(char c)
{
	return c == ' ' || c == '\t';
}

static const char *transcript_skip_ws(const char *q, const char *e)
{
	while (q < e && transcript_ws(*q))
		q++;
	return q;
}

static const char *transcript_trim_end(const char *s, const char *e)
{
	while (e > s && transcript_ws(e[-1]))
		e--;
	return e;
}

/*
 * NFC (and with fold, case folding) of n bytes of checked UTF-8, as a new
 * string. utf8proc only fails here when memory runs out, which ends the
 * program like xmalloc does.
 */
static char *transcript_map(const char *s, size_t n, int fold)
{
	utf8proc_uint8_t *out = NULL;
	int opt = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
	utf8proc_ssize_t r;

	if (n == 0)
		return xstrdup("");
	if (fold)
		opt |= UTF8PROC_CASEFOLD;
	r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &out,
			 (utf8proc_option_t)opt);
	if (r < 0) {
		fputs("tevreden: out of memory\n", stderr);
		abort();
	}
	return (char *)out;
}

/*
 * Append s to b with every run of white space and control characters made
 * one space, and none at either end of b.
 */
static void transcript_add_collapsed(struct buf *b, const char *s, size_t n)
{
	int pending = b->len > 0;
	size_t i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c <= 0x20 || c == 0x7F) {
			pending = 1;
			continue;
		}
		if (pending && b->len > 0)
			buf_addc(b, ' ');
		pending = 0;
		buf_addc(b, (char)c);
	}
}

/* The casefolded form of a label, white space collapsed; a new string. */
static char *transcript_fold_label(const char *s, size_t n)
{
	struct buf b;
	char *f;

	buf_init(&b);
	transcript_add_collapsed(&b, s, n);
	f = transcript_map(b.s ? b.s : "", b.len, 1);
	buf_release(&b);
	return f;
}

static int transcript_in_list(const char *const *list, const char *s, size_t n)
{
	size_t i;

	for (i = 0; list[i]; i++)
		if (strlen(list[i]) == n && memcmp(list[i], s, n) == 0)
			return 1;
	return 0;
}

static void *transcript_grow(void *a, size_t *cap, size_t need, size_t size)
{
	size_t c;

	if (need <= *cap)
		return a;
	c = *cap ? *cap * 2 : 16;
	while (c < need)
		c *= 2;
	*cap = c;
	return xrealloc(a, c * size);
}

/* "HH:MM:SS.mmm" (',' before the milliseconds for SRT) into buf. */
static const char *transcript_clock_text(long ms, char sep, char buf[32])
{
	snprintf(buf, 32, "%02ld:%02ld:%02ld%c%03ld", ms / 3600000, ms / 60000 % 60,
		 ms / 1000 % 60, sep, ms % 1000);
	return buf;
}

static int transcript_order_error(struct transcript_parser *p, long line, long col, long end,
				  long start)
{
	char a[32], b[32];
	char sep = p->format == TRANSCRIPT_SRT ? ',' : '.';

	return diag_error(p->d, line, col, "end time '%s' is before start time '%s'",
			  transcript_clock_text(end, sep, a), transcript_clock_text(start, sep, b));
}

/* ---- lines ---- */

static void transcript_line_at(const struct transcript_parser *p, const char *q, long no,
			       struct transcript_line *L)
{
	const char *r = q;

	while (r < p->end && *r != '\n' && *r != '\r')
		r++;
	L->s = q;
	L->e = r;
	L->no = no;
	if (r < p->end && *r == '\r' && r + 1 < p->end && r[1] == '\n')
		r += 2;
	else if (r < p->end)
		r++;
	L->next = r;
}

static int transcript_first(const struct transcript_parser *p, struct transcript_line *L)
{
	if (p->begin >= p->end)
		return 0;
	transcript_line_at(p, p->begin, 1, L);
	return 1;
}

static int transcript_next(const struct transcript_parser *p, struct transcript_line *L)
{
	if (L->next >= p->end)
		return 0;
	transcript_line_at(p, L->next, L->no + 1, L);
	return 1;
}

static int transcript_blank(const struct transcript_line *L)
{
	return transcript_skip_ws(L->s, L->e) == L->e;
}

/* The whole input is UTF-8 without NUL bytes; reports the first bad byte. */
static int transcript_check_bytes(struct transcript_parser *p)
{
	const char *q = p->begin, *ls = q;
	long line = 1;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (q < p->end) {
		unsigned char c = (unsigned char)*q;

		if (c == '\n' || c == '\r') {
			q += c == '\r' && q + 1 < p->end && q[1] == '\n' ? 2 : 1;
			ls = q;
			line++;
			continue;
		}
		if (c == 0)
			return diag_error(p->d, line, 1 + (long)transcript_ncps(ls, (size_t)(q - ls)),
					  "unexpected NUL byte, a transcript must be text");
		if (c < 0x80) {
			q++;
			continue;
		}
		n = utf8proc_iterate((const utf8proc_uint8_t *)q, p->end - q, &cp);
		if (n < 0)
			return diag_error(p->d, line, 1 + (long)transcript_ncps(ls, (size_t)(q - ls)),
					  "invalid UTF-8 byte 0x%02x, a transcript must be UTF-8", c);
		q += n;
	}
	return 0;
}

/* ---- timestamps ---- */

/*
 * A clock "H:MM:SS" or "MM:SS" with an optional fraction (".5", ",50", and
 * with dash "-5" as f4 writes it) at q. Returns the bytes used, or 0.
 */
static size_t transcript_clock(const char *q, const char *e, int dash, long *ms)
{
	const char *r = q, *d;
	long f[3], v, frac = 0, scale = 100;
	int nf = 0;

	for (;;) {
		d = r;
		v = 0;
		while (r < e && transcript_ascii_digit(*r) && r - d < 4)
			v = v * 10 + (*r++ - '0');
		if (r == d || (nf > 0 && (r - d != 2 || v > 59)))
			return 0;
		f[nf++] = v;
		if (nf < 3 && r + 1 < e && *r == ':' && transcript_ascii_digit(r[1])) {
			r++;
			continue;
		}
		break;
	}
	if (nf < 2 || (r < e && transcript_ascii_digit(*r)))
		return 0;
	if (r + 1 < e && (*r == '.' || *r == ',' || (dash && *r == '-')) &&
	    transcript_ascii_digit(r[1])) {
		for (r++, d = r; r < e && transcript_ascii_digit(*r); r++) {
			if (r - d >= 3)
				return 0;
			frac += (*r - '0') * scale;
			scale /= 10;
		}
	}
	v = nf == 3 ? f[0] * 3600 + f[1] * 60 + f[2] : f[0] * 60 + f[1];
	*ms = v * 1000 + frac;
	return (size_t)(r - q);
}

/* A timestamp in brackets, parentheses or hashes at q: "[00:03:40]", "(00:03)", "#00:03:40.5#". */
static size_t transcript_stamp(const char *q, const char *e, long *ms)
{
	char close;
	size_t n;

	if (q >= e)
		return 0;
	if (*q == '[')
		close = ']';
	else if (*q == '(')
		close = ')';
	else if (*q == '#')
		close = '#';
	else
		return 0;
	n = transcript_clock(q + 1, e, close == '#', ms);
	if (n == 0 || q + 1 + n >= e || q[1 + n] != close)
		return 0;
	return n + 2;
}

/* A timestamp that ends exactly at e (and starts at or after s); sets *at to its start. */
static size_t transcript_stamp_back(const char *s, const char *e, long *ms, const char **at)
{
	size_t i, n = (size_t)(e - s);
	char open;

	if (n < 2)
		return 0;
	if (e[-1] == ']')
		open = '[';
	else if (e[-1] == ')')
		open = '(';
	else if (e[-1] == '#')
		open = '#';
	else
		return 0;
	for (i = 2; i <= n && i <= 20; i++) {
		if (e[-(ptrdiff_t)i] != open)
			continue;
		if (transcript_stamp(e - i, e, ms) != i)
			return 0;
		*at = e - i;
		return i;
	}
	return 0;
}

/* ---- speaker labels ---- */

static int transcript_word_char(int32_t c)
{
	int k = transcript_cat(c);

	return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_ND) || c == '-' ||
	       c == '.' || c == '\'' || c == 0x2019 || c == '_';
}

/* "ouder", "ouder 1", "ouder-1", "ouder1", "ouder a" for the role word w; f casefolded. */
static int transcript_role_match(const char *f, const char *w)
{
	size_t n = strlen(w);
	const char *r;

	if (strncmp(f, w, n) != 0)
		return 0;
	r = f + n;
	if (!*r)
		return 1;
	if (*r == ' ' || *r == '-')
		r++;
	if (transcript_ascii_digit(*r)) {
		while (transcript_ascii_digit(*r))
			r++;
		return *r == '\0';
	}
	return r > f + n && *r >= 'a' && *r <= 'z' && r[1] == '\0';
}

static int transcript_is_interviewer(const struct transcript_parser *p, const char *f)
{
	size_t i;
	char *m;
	int yes;

	for (i = 0; p->interviewers[i]; i++)
		if (transcript_role_match(f, p->interviewers[i]))
			return 1;
	if (!p->t->meta.interviewer)
		return 0;
	m = transcript_fold_label(p->t->meta.interviewer, strlen(p->t->meta.interviewer));
	yes = strcmp(m, f) == 0;
	free(m);
	return yes;
}

static int transcript_is_role(const struct transcript_parser *p, const char *f)
{
	size_t i;

	for (i = 0; transcript_role_words[i]; i++)
		if (transcript_role_match(f, transcript_role_words[i]))
			return 1;
	for (i = 0; p->interviewers[i]; i++)
		if (transcript_role_match(f, p->interviewers[i]))
			return 1;
	return 0;
}

/* A short code such as "R", "R2", "JO", "P 12" (ASCII capitals, then maybe digits). */
static int transcript_is_code(const char *s)
{
	const char *r = s;

	while (*r >= 'A' && *r <= 'Z' && r - s < 4)
		r++;
	if (r == s || r - s > 3)
		return 0;
	if ((*r == ' ' || *r == '-') && transcript_ascii_digit(r[1]))
		r++;
	while (transcript_ascii_digit(*r))
		r++;
	return *r == '\0';
}

static int transcript_is_name(const struct transcript_parser *p, const char *label, const char *f)
{
	return label[0] != '[' && !transcript_is_role(p, f) && !transcript_is_code(label);
}

static int transcript_is_other_key(const char *f)
{
	return transcript_in_list(transcript_other_keys, f, strlen(f));
}

/*
 * The words of a possible label at q: up to TRANSCRIPT_MAX_WORDS words of
 * letters, digits, '-', '.', apostrophes, the first starting with a letter.
 * Returns the end of the last word when what follows is a colon or '*',
 * else NULL.
 */
static const char *transcript_label_words(const char *q, const char *e)
{
	const char *r = q, *sp;
	int32_t c;
	size_t n, cps = 0;
	int words = 0;

	while (r < e) {
		n = transcript_decode(r, e, &c);
		if (words == 0 ? !transcript_is_letter(c) : !transcript_word_char(c))
			return NULL;
		if (++words > TRANSCRIPT_MAX_WORDS)
			return NULL;
		while (r < e) {
			n = transcript_decode(r, e, &c);
			if (!transcript_word_char(c))
				break;
			r += n;
			if (++cps > TRANSCRIPT_MAX_LABEL)
				return NULL;
		}
		sp = transcript_skip_ws(r, e);
		if (sp < e && (*sp == ':' || *sp == '*'))
			return r;
		if (sp == r || sp == e)
			return NULL;
		cps += (size_t)(sp - r);
		r = sp;
	}
	return NULL;
}

/* A word with a full stop must be an initial ("J.", "A.B.") or a title ("Mevr."). */
static int transcript_dotted_word_ok(const char *w, size_t n)
{
	char low[8];
	size_t i;
	int initials = 1;

	if (!memchr(w, '.', n))
		return 1;
	for (i = 0; i < n; i++)
		if (!(i % 2 ? w[i] == '.' : transcript_ascii_alpha(w[i])))
			initials = 0;
	if (initials && n % 2 == 0)
		return 1;
	if (n >= sizeof(low))
		return 0;
	for (i = 0; i < n; i++)
		low[i] = transcript_ascii_lower(w[i]);
	return transcript_in_list(transcript_titles, low, n);
}

/*
 * Is the text s..e (words separated by white space) a speaker label? A known
 * role word is (whatever its case); otherwise every word must start with a
 * capital (later words may also be a number or a particle like "van"), so
 * that "Nou ja: ..." stays text.
 */
static int transcript_label_ok(const struct transcript_parser *p, const char *s, const char *e)
{
	char *f = transcript_fold_label(s, (size_t)(e - s));
	const char *w = s, *we;
	int32_t c;
	int ok, first = 1;

	if (transcript_is_other_key(f)) {
		free(f);
		return 0;
	}
	ok = transcript_is_role(p, f);
	free(f);
	if (ok)
		return 1;
	while (w < e) {
		for (we = w; we < e && !transcript_ws(*we); we++)
			;
		transcript_decode(w, we, &c);
		if (!transcript_dotted_word_ok(w, (size_t)(we - w)))
			return 0;
		if (!transcript_is_upper(c) && (first || (!transcript_is_digit(c) &&
		    !transcript_in_list(transcript_particles, w, (size_t)(we - w)))))
			return 0;
		first = 0;
		w = transcript_skip_ws(we, e);
	}
	return 1;
}

/* A placeholder label "[naam-1]" at q; returns the end (after ']') or NULL. */
static const char *transcript_placeholder(const char *q, const char *e)
{
	const char *r;
	size_t cps = 0;

	for (r = q + 1; r < e && *r != ']'; r++) {
		if (*r == '[' || *r == ':')
			return NULL;
		if (((unsigned char)*r & 0xC0) != 0x80 && ++cps > TRANSCRIPT_MAX_LABEL)
			return NULL;
	}
	if (r >= e || cps == 0 || transcript_skip_ws(q + 1, r) == r)
		return NULL;
	return r + 1;
}

/* The colon after a label: ':' or, in bold, ':**' or '**:'. */
static const char *transcript_colon(const char *r, const char *e, int bold)
{
	if (bold) {
		if (e - r >= 3 && (memcmp(r, ":**", 3) == 0 || memcmp(r, "**:", 3) == 0))
			return r + 3;
		return NULL;
	}
	return r < e && *r == ':' ? r + 1 : NULL;
}

/* A speaker prefix at s: "I:", "Ouder 1:", "[naam-1]:", "**I:**", "**R**:". */
static int transcript_prefix(const struct transcript_parser *p, const char *s, const char *e,
			     struct transcript_prefix *pr)
{
	const char *q = s, *r;
	int bold = 0;

	if (e - q >= 2 && q[0] == '*' && q[1] == '*') {
		bold = 1;
		q += 2;
	}
	if (q < e && *q == '[') {
		r = transcript_placeholder(q, e);
		if (!r)
			return 0;
		pr->label_end = r;
	} else {
		r = transcript_label_words(q, e);
		if (!r || !transcript_label_ok(p, q, r))
			return 0;
		pr->label_end = r;
		r = transcript_skip_ws(r, e);
	}
	pr->label = q;
	r = transcript_colon(r, e, bold);
	if (!r || (r < e && !transcript_ws(*r)))
		return 0;
	pr->rest = r;
	return 1;
}

/* ---- metadata ---- */

static int transcript_key_kind(const char *k, const char *ke)
{
	char low[48];
	size_t i, n = (size_t)(ke - k);

	if (n >= sizeof(low))
		return -1;
	for (i = 0; i < n; i++)
		low[i] = transcript_ascii_lower(k[i]);
	for (i = 0; i < sizeof(transcript_keys) / sizeof(transcript_keys[0]); i++)
		if (strlen(transcript_keys[i].name) == n && memcmp(transcript_keys[i].name, low, n) == 0)
			return (int)transcript_keys[i].kind;
	return transcript_in_list(transcript_other_keys, low, n) ? TK_OTHER : -1;
}

/*
 * "key: value" at s (trimmed line) with an ASCII key; with any_key every
 * key counts, else only the standard and descriptive ones.
 */
static int transcript_key_line(const char *s, const char *e, int any_key, struct transcript_kv *kv)
{
	const char *q = s, *r;
	int bold = 0, kind;

	if (e - q >= 2 && q[0] == '*' && q[1] == '*') {
		bold = 1;
		q += 2;
	}
	if (q >= e || !transcript_ascii_alpha(*q))
		return 0;
	for (r = q; r < e && r - q < 40 && (transcript_ascii_alpha(*r) || transcript_ascii_digit(*r) ||
					   *r == ' ' || *r == '_' || *r == '-'); r++)
		;
	kv->key = q;
	kv->key_end = transcript_trim_end(q, r);
	r = transcript_colon(r, e, bold);
	if (!r || (r < e && !transcript_ws(*r)))
		return 0;
	kv->val = transcript_skip_ws(r, e);
	kv->val_end = transcript_trim_end(kv->val, e);
	kind = transcript_key_kind(kv->key, kv->key_end);
	if (kind < 0 && !any_key)
		return 0;
	kv->kind = kind < 0 ? TK_ANY : (enum transcript_key_kind)kind;
	return 1;
}

static const char *transcript_method(const char *v)
{
	char low[32];
	size_t i, n = 0;

	for (; *v; v++) {
		if (*v == ' ' || *v == '-' || *v == '_')
			continue;
		if (n + 1 >= sizeof(low))
			return NULL;
		low[n++] = transcript_ascii_lower(*v);
	}
	low[n] = '\0';
	for (i = 0; i < sizeof(transcript_methods) / sizeof(transcript_methods[0]); i++)
		if (strcmp(low, transcript_methods[i].from) == 0)
			return transcript_methods[i].to;
	return NULL;
}

static const char *transcript_digits(const char *q, long *v, int *nd)
{
	*v = 0;
	*nd = 0;
	while (transcript_ascii_digit(*q) && *nd < 5) {
		*v = *v * 10 + (*q++ - '0');
		(*nd)++;
	}
	return q;
}

/* Month number (1..12) of a Dutch month name or abbreviation at q; advances *q. */
static long transcript_month(const char **q)
{
	char low[16];
	size_t n = 0, i;
	const char *r = *q;

	while (transcript_ascii_alpha(*r) && n + 1 < sizeof(low))
		low[n++] = transcript_ascii_lower(*r++);
	low[n] = '\0';
	for (i = 0; i < 12; i++) {
		if (strcmp(low, transcript_months[i]) == 0 || strcmp(low, transcript_month_abbrevs[i]) == 0 ||
		    (i == 2 && strcmp(low, "mar") == 0) || (i == 8 && strcmp(low, "sept") == 0)) {
			if (*r == '.' && strcmp(low, transcript_months[i]) != 0)
				r++;
			*q = r;
			return (long)i + 1;
		}
	}
	return 0;
}

/* "2017-04-06", "6-4-2017", "06/04/2017", "6.4.2017", "6 april 2017" as ISO 8601 into out. */
static int transcript_date(const char *s, char out[48])
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	const char *q;
	long a, b, c, y, m, dd;
	int na, nb, nc, leap;
	char sep;

	q = transcript_digits(s, &a, &na);
	if (!na)
		return -1;
	if (*q == '-' || *q == '/' || *q == '.') {
		sep = *q;
		q = transcript_digits(q + 1, &b, &nb);
		if (*q != sep)
			return -1;
		q = transcript_digits(q + 1, &c, &nc);
		if (*q)
			return -1;
		if (na == 4 && sep == '-' && nb >= 1 && nb <= 2 && nc >= 1 && nc <= 2) {
			y = a;
			m = b;
			dd = c;
		} else if (na <= 2 && nb >= 1 && nb <= 2 && nc == 4) {
			dd = a;
			m = b;
			y = c;
		} else {
			return -1;
		}
	} else if (*q == ' ' && na <= 2) {
		q++;
		dd = a;
		m = transcript_month(&q);
		if (!m || *q != ' ')
			return -1;
		q = transcript_digits(q + 1, &y, &nc);
		if (nc != 4 || *q)
			return -1;
	} else {
		return -1;
	}
	if (y < 1000 || m < 1 || m > 12 || dd < 1)
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (dd > mdays[m - 1] + (m == 2 && leap))
		return -1;
	snprintf(out, 48, "%04ld-%02ld-%02ld", y, m, dd);
	return 0;
}

static char **transcript_meta_slot(struct transcript_meta *m, enum transcript_key_kind k)
{
	switch (k) {
	case TK_ID:
		return &m->id;
	case TK_WAVE:
		return &m->wave;
	case TK_GROUP:
		return &m->group;
	case TK_METHOD:
		return &m->method;
	case TK_DATE:
		return &m->date;
	case TK_INTERVIEWER:
		return &m->interviewer;
	default:
		return NULL;
	}
}

static void transcript_add_extra(struct transcript_parser *p, const struct transcript_kv *kv,
				 const char *v, const char *ve, long line)
{
	struct transcript_meta *m = &p->t->meta;
	struct transcript_field *f;

	m->extra = transcript_grow(m->extra, &p->cap_extra, m->nextra + 1, sizeof(*m->extra));
	f = &m->extra[m->nextra++];
	f->key = transcript_map(kv->key, (size_t)(kv->key_end - kv->key), 0);
	f->value = transcript_map(v, (size_t)(ve - v), 0);
	f->line = line;
}

/* Store one "key: value"; front says it comes from front matter (where " # comments" end values). */
static int transcript_meta_set(struct transcript_parser *p, const struct transcript_line *L,
			       const struct transcript_kv *kv, int front)
{
	const char *v = kv->val, *ve = kv->val_end, *h;
	char **slot, *val, date[48];
	const char *method;
	unsigned bit;

	if (ve - v >= 2 && (*v == '"' || *v == '\'') && ve[-1] == *v) {
		v++;
		ve--;
	} else if (front) {
		for (h = v; h < ve; h++)
			if (*h == '#' && h > v && transcript_ws(h[-1]))
				break;
		ve = transcript_trim_end(v, h);
	}
	slot = transcript_meta_slot(&p->t->meta, kv->kind);
	if (!slot) {
		transcript_add_extra(p, kv, v, ve, L->no);
		return 0;
	}
	bit = 1u << kv->kind;
	if (p->meta_seen & bit)
		return diag_error(p->d, L->no, transcript_col(L, kv->key), "duplicate metadata key '%.*s'",
				  (int)(kv->key_end - kv->key), kv->key);
	p->meta_seen |= bit;
	if (v == ve)
		return 0;
	val = transcript_map(v, (size_t)(ve - v), 0);
	if (kv->kind == TK_METHOD) {
		method = transcript_method(val);
		if (!method) {
			diag_error(p->d, L->no, transcript_col(L, v),
				   "unknown method '%s' (expected focusgroep, groepsinterview, face-to-face or telefonisch)",
				   val);
			free(val);
			return -1;
		}
		free(val);
		val = xstrdup(method);
	} else if (kv->kind == TK_DATE) {
		if (transcript_date(val, date) < 0) {
			diag_error(p->d, L->no, transcript_col(L, v),
				   "invalid date '%s' (expected YYYY-MM-DD or DD-MM-YYYY)", val);
			free(val);
			return -1;
		}
		free(val);
		val = xstrdup(date);
	}
	*slot = val;
	return 0;
}

/* ---- building the document ---- */

static void transcript_open(struct transcript_parser *p, const char *label, size_t n, long line,
			    long col, long start_ms, long end_ms)
{
	p->open = 1;
	buf_reset(&p->label);
	transcript_add_collapsed(&p->label, label, n);
	buf_reset(&p->cur);
	p->cur_line = line;
	p->cur_col = col;
	p->cur_start_ms = start_ms;
	p->cur_end_ms = end_ms;
}

/* The index of the speaker with this (NFC) label, added when new; -1 after reporting. */
static long transcript_speaker(struct transcript_parser *p, const char *label)
{
	struct transcript *t = p->t;
	struct transcript_speaker *sp;
	char *f = transcript_fold_label(label, strlen(label));
	size_t i;
	int is_name;

	for (i = 0; i < t->nspeakers; i++) {
		if (strcmp(p->folded[i], f) == 0) {
			free(f);
			t->speakers[i].nturns++;
			return (long)i;
		}
	}
	if (t->nspeakers >= TRANSCRIPT_MAX_SPEAKERS) {
		free(f);
		return diag_error(p->d, p->cur_line, p->cur_col,
				  "more than %d different speakers; are these lines really speaker turns?",
				  TRANSCRIPT_MAX_SPEAKERS);
	}
	is_name = transcript_is_name(p, label, f);
	if (is_name && p->refuse_names) {
		free(f);
		return diag_error(p->d, p->cur_line, p->cur_col,
				  "speaker '%s' looks like a personal name; pseudonymise it first (for example '[naam-1]:')",
				  label);
	}
	t->speakers = transcript_grow(t->speakers, &p->cap_speakers, t->nspeakers + 1,
				      sizeof(*t->speakers));
	p->folded = xrealloc(p->folded, p->cap_speakers * sizeof(*p->folded));
	sp = &t->speakers[t->nspeakers];
	sp->label = xstrdup(label);
	sp->role = transcript_is_interviewer(p, f) ? TRANSCRIPT_INTERVIEWER : TRANSCRIPT_PARTICIPANT;
	sp->is_name = is_name;
	sp->line = p->cur_line;
	sp->col = p->cur_col;
	sp->nturns = 1;
	p->folded[t->nspeakers] = f;
	return (long)t->nspeakers++;
}

static void transcript_append(struct transcript_parser *p, const char *s)
{
	buf_adds(&p->text, s);
	p->text_cps += transcript_ncps(s, strlen(s));
}

/* End the open turn: add "Label: content\n" to the text. A turn without content is dropped. */
static int transcript_flush(struct transcript_parser *p)
{
	struct transcript *t = p->t;
	struct transcript_turn *tu;
	char *label, *content;
	long sp;
	size_t *tb;

	if (!p->open)
		return 0;
	p->open = 0;
	if (p->cur.len == 0)
		return 0;
	label = transcript_map(p->label.s, p->label.len, 0);
	sp = transcript_speaker(p, label);
	if (sp < 0) {
		free(label);
		return -1;
	}
	content = transcript_map(p->cur.s, p->cur.len, 0);
	t->turns = transcript_grow(t->turns, &p->cap_turns, t->nturns + 1, sizeof(*t->turns));
	p->turn_bytes = xrealloc(p->turn_bytes, p->cap_turns * 2 * sizeof(*p->turn_bytes));
	tu = &t->turns[t->nturns];
	tb = &p->turn_bytes[2 * t->nturns];
	t->nturns++;
	transcript_append(p, t->speakers[sp].label);
	transcript_append(p, ": ");
	tu->speaker = (size_t)sp;
	tu->start = p->text_cps;
	tb[0] = p->text.len;
	transcript_append(p, content);
	tu->end = p->text_cps;
	tb[1] = p->text.len;
	transcript_append(p, "\n");
	tu->start_ms = p->cur_start_ms;
	tu->end_ms = p->cur_end_ms;
	tu->line = p->cur_line;
	tu->first_sentence = 0;
	tu->nsentences = 0;
	free(label);
	free(content);
	return 0;
}

/* ---- plain text and Markdown ---- */

static int transcript_heading(const char *s, const char *e)
{
	const char *r = s;

	while (r < e && *r == '#' && r - s < 7)
		r++;
	return r > s && r - s <= 6 && (r == e || transcript_ws(*r));
}

/* A Markdown thematic break: three or more of one of '-', '*', '_' (spaces allowed). */
static int transcript_rule(const char *s, const char *e)
{
	const char *r;
	int n = 0;

	if (s == e || (*s != '-' && *s != '*' && *s != '_'))
		return 0;
	for (r = s; r < e; r++) {
		if (*r == *s)
			n++;
		else if (!transcript_ws(*r))
			return 0;
	}
	return n >= 3;
}

static int transcript_fence(const struct transcript_line *L)
{
	const char *e = transcript_trim_end(L->s, L->e);

	return e - L->s == 3 && memcmp(L->s, "---", 3) == 0;
}

/* YAML-like front matter between "---" lines; L is the opening line and ends on the closing one. */
static int transcript_front_matter(struct transcript_parser *p, struct transcript_line *L)
{
	struct transcript_line open = *L;
	struct transcript_kv kv;
	const char *s, *e;

	while (transcript_next(p, L)) {
		s = transcript_skip_ws(L->s, L->e);
		e = transcript_trim_end(s, L->e);
		if (transcript_fence(L) || (e - L->s == 3 && memcmp(L->s, "...", 3) == 0))
			return 0;
		/* comments, nested YAML (indented) and list items carry nothing we use */
		if (s == e || *s == '#' || s > L->s || *s == '-')
			continue;
		if (!transcript_key_line(s, e, 1, &kv))
			return diag_error(p->d, L->no, transcript_col(L, s),
					  "expected 'key: value' in the front matter");
		if (transcript_meta_set(p, L, &kv, 1) < 0)
			return -1;
	}
	return diag_error(p->d, open.no, 1, "front matter is not closed (expected a line '---')");
}

/*
 * Lines before the first turn: a run of "key: value" lines with known keys
 * is a metadata header, unless its only key is "interviewer" (then it is
 * the interviewer's first turn). Returns 1 and leaves L on the run's last
 * line, 0 when L does not start such a run, -1 after reporting.
 */
static int transcript_meta_run(struct transcript_parser *p, struct transcript_line *L)
{
	struct transcript_line M = *L, last = *L;
	struct transcript_kv kv;
	const char *s, *e;
	int other = 0;

	do {
		s = transcript_skip_ws(M.s, M.e);
		e = transcript_trim_end(s, M.e);
		if (!transcript_key_line(s, e, 0, &kv))
			break;
		if (kv.kind != TK_INTERVIEWER)
			other = 1;
		last = M;
	} while (transcript_next(p, &M));
	if (!other)
		return 0;
	for (M = *L;; transcript_next(p, &M)) {
		s = transcript_skip_ws(M.s, M.e);
		e = transcript_trim_end(s, M.e);
		transcript_key_line(s, e, 0, &kv);
		if (transcript_meta_set(p, &M, &kv, 0) < 0)
			return -1;
		if (M.no == last.no)
			break;
	}
	*L = last;
	return 1;
}

/*
 * One non-blank line of a text transcript. Returns 1 when it started or
 * continued a turn, 0 when it was left out (before the first turn: not a
 * turn; only timestamps), -1 after reporting.
 */
static int transcript_text_line(struct transcript_parser *p, const struct transcript_line *L,
				int in_turns)
{
	const char *s = transcript_skip_ws(L->s, L->e), *e = transcript_trim_end(s, L->e);
	const char *q = s, *r, *ce, *at = NULL;
	struct transcript_prefix pr;
	long ms, lead_ms = -1, end_ms = -1;
	size_t n;
	int have;

	while ((n = transcript_stamp(q, e, &ms)) > 0) {
		if (lead_ms < 0)
			lead_ms = ms;
		q = transcript_skip_ws(q + n, e);
	}
	have = transcript_prefix(p, q, e, &pr);
	if (!have && lead_ms < 0 && (n = transcript_clock(q, e, 0, &ms)) > 0 && q + n < e &&
	    transcript_ws(q[n])) {
		r = transcript_skip_ws(q + n, e);
		if (transcript_prefix(p, r, e, &pr)) {
			have = 1;
			lead_ms = ms;
		}
	}
	if (!have && q == e) {
		if (lead_ms >= 0)
			p->pending_ms = lead_ms;
		return 0;
	}
	if (have) {
		if (transcript_flush(p) < 0)
			return -1;
		if (lead_ms < 0)
			lead_ms = p->pending_ms;
		transcript_open(p, pr.label, (size_t)(pr.label_end - pr.label), L->no,
				transcript_col(L, pr.label), lead_ms, -1);
		q = transcript_skip_ws(pr.rest, e);
		while ((n = transcript_stamp(q, e, &ms)) > 0) {
			if (p->cur_start_ms < 0)
				p->cur_start_ms = ms;
			q = transcript_skip_ws(q + n, e);
		}
	} else if (!in_turns) {
		return 0;
	}
	p->pending_ms = -1;
	for (ce = e; (n = transcript_stamp_back(q, ce, &ms, &r)) > 0; ce = transcript_trim_end(q, r)) {
		if (end_ms < 0) {
			end_ms = ms;
			at = r;
		}
	}
	if (end_ms >= 0) {
		if (p->cur_start_ms >= 0 && end_ms < p->cur_start_ms)
			return transcript_order_error(p, L->no, transcript_col(L, at), end_ms,
						      p->cur_start_ms);
		p->cur_end_ms = end_ms;
	}
	transcript_add_collapsed(&p->cur, q, (size_t)(ce - q));
	return 1;
}

static int transcript_text(struct transcript_parser *p)
{
	struct transcript_line L;
	const char *s, *e;
	int have, in_turns = 0, r;

	for (have = transcript_first(p, &L); have && transcript_blank(&L);
	     have = transcript_next(p, &L))
		;
	if (have && transcript_fence(&L)) {
		if (transcript_front_matter(p, &L) < 0)
			return -1;
		have = transcript_next(p, &L);
	}
	for (; have; have = transcript_next(p, &L)) {
		s = transcript_skip_ws(L.s, L.e);
		e = transcript_trim_end(s, L.e);
		if (s == e || transcript_heading(s, e) || transcript_rule(s, e))
			continue;
		if (!in_turns) {
			r = transcript_meta_run(p, &L);
			if (r < 0)
				return -1;
			if (r)
				continue;
		}
		r = transcript_text_line(p, &L, in_turns);
		if (r < 0)
			return -1;
		if (r)
			in_turns = 1;
	}
	if (transcript_flush(p) < 0)
		return -1;
	if (p->t->nturns == 0)
		return diag_error(p->d, 0, 0,
				  "no speaker turns found (expected lines like 'I: ...' or 'Ouder 1: ...')");
	return 0;
}

/* ---- WebVTT and SRT ---- */

static int transcript_starts_word(const struct transcript_line *L, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(L->e - L->s) >= n && memcmp(L->s, w, n) == 0 &&
	       (L->s + n == L->e || transcript_ws(L->s[n]));
}

static int transcript_arrow(const struct transcript_line *L)
{
	const char *q;

	for (q = L->s; q + 3 <= L->e; q++)
		if (q[0] == '-' && q[1] == '-' && q[2] == '>')
			return 1;
	return 0;
}

/* A timing line, or what was meant as one: it has "-->" or starts with "digits:". */
static int transcript_timing_like(const struct transcript_line *L)
{
	const char *q = transcript_skip_ws(L->s, L->e), *d = q;

	if (transcript_arrow(L))
		return 1;
	while (q < L->e && transcript_ascii_digit(*q))
		q++;
	return q > d && q < L->e && *q == ':';
}

/* A cue time: WebVTT "[HH:]MM:SS.mmm", SRT "HH:MM:SS,mmm" (a '.' is accepted too). */
static size_t transcript_cue_time(const char *q, const char *e, int srt, long *ms)
{
	const char *r = q, *d;
	long f[3], v, frac = 0;
	int nf = 0, first = 0;

	for (;;) {
		d = r;
		v = 0;
		while (r < e && transcript_ascii_digit(*r) && r - d < 6)
			v = v * 10 + (*r++ - '0');
		if (r == d || (nf > 0 && (r - d != 2 || v > 59)))
			return 0;
		if (nf == 0)
			first = (int)(r - d);
		f[nf++] = v;
		if (nf < 3 && r < e && *r == ':') {
			r++;
			continue;
		}
		break;
	}
	if (nf == 2 && (srt || first != 2 || f[0] > 59))
		return 0;
	if (r >= e || !(*r == '.' || (srt && *r == ',')))
		return 0;
	for (d = ++r; r < e && transcript_ascii_digit(*r); r++)
		frac = frac * 10 + (*r - '0');
	if (r - d != 3)
		return 0;
	v = nf == 3 ? f[0] * 3600 + f[1] * 60 + f[2] : f[0] * 60 + f[1];
	*ms = v * 1000 + frac;
	return (size_t)(r - q);
}

static int transcript_bad_timing(struct transcript_parser *p, long line, long col)
{
	return diag_error(p->d, line, col, p->format == TRANSCRIPT_SRT ?
			  "expected 'HH:MM:SS,mmm --> HH:MM:SS,mmm'" :
			  "expected 'HH:MM:SS.mmm --> HH:MM:SS.mmm'");
}

static int transcript_timing(struct transcript_parser *p, const struct transcript_line *L,
			     long *start, long *end)
{
	int srt = p->format == TRANSCRIPT_SRT;
	const char *q = transcript_skip_ws(L->s, L->e), *e = L->e, *at;
	size_t n;

	n = transcript_cue_time(q, e, srt, start);
	if (!n)
		return transcript_bad_timing(p, L->no, transcript_col(L, q));
	q = transcript_skip_ws(q + n, e);
	if (e - q < 3 || memcmp(q, "-->", 3) != 0)
		return transcript_bad_timing(p, L->no, transcript_col(L, q));
	at = q = transcript_skip_ws(q + 3, e);
	n = transcript_cue_time(q, e, srt, end);
	if (!n)
		return transcript_bad_timing(p, L->no, transcript_col(L, q));
	q += n;
	if (q < e && !transcript_ws(*q))
		return transcript_bad_timing(p, L->no, transcript_col(L, q));
	if (*end < *start)
		return transcript_order_error(p, L->no, transcript_col(L, at), *end, *start);
	return 0;
}

/* A voice tag's contents ("v Anna", "v.loud Ouder 1"): sets the name and returns 1. */
static int transcript_voice(const char *s, const char *e, const char **name, const char **name_end)
{
	const char *q;

	if (e - s < 2 || s[0] != 'v' || !(s[1] == '.' || transcript_ws(s[1])))
		return 0;
	for (q = s + 1; q < e && !transcript_ws(*q); q++)
		;
	q = transcript_skip_ws(q, e);
	*name = q;
	*name_end = transcript_trim_end(q, e);
	return *name_end > q;
}

/* A character reference at q ('&'); appends its text to b and returns where it ends. */
static const char *transcript_entity(struct buf *b, const char *q, const char *e)
{
	static const char *const names[][2] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
		{ "apos;", "'" }, { "nbsp;", " " }, { "lrm;", "" }, { "rlm;", "" },
	};
	utf8proc_uint8_t enc[4];
	const char *r;
	long v = 0;
	size_t i, n;
	int hex, digits = 0;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		n = strlen(names[i][0]);
		if ((size_t)(e - q - 1) >= n && memcmp(q + 1, names[i][0], n) == 0) {
			buf_adds(b, names[i][1]);
			return q + 1 + n;
		}
	}
	if (e - q > 3 && q[1] == '#') {
		hex = q[2] == 'x' || q[2] == 'X';
		for (r = q + 2 + hex; r < e && digits < 7; r++, digits++) {
			if (transcript_ascii_digit(*r))
				v = v * (hex ? 16 : 10) + (*r - '0');
			else if (hex && ((*r >= 'a' && *r <= 'f') || (*r >= 'A' && *r <= 'F')))
				v = v * 16 + (transcript_ascii_lower(*r) - 'a' + 10);
			else
				break;
		}
		if (digits && r < e && *r == ';' && v > 0 && utf8proc_codepoint_valid((utf8proc_int32_t)v)) {
			n = (size_t)utf8proc_encode_char((utf8proc_int32_t)v, enc);
			buf_add(b, enc, n);
			return r + 1;
		}
	}
	buf_addc(b, '&');
	return q + 1;
}

/* A dialogue dash at the start of a subtitle line: "- ", "– ", "— ". */
static size_t transcript_dash(const char *s, const char *e)
{
	if (e - s >= 2 && s[0] == '-' && transcript_ws(s[1]))
		return 2;
	if (e - s >= 4 && (memcmp(s, "\xe2\x80\x93", 3) == 0 || memcmp(s, "\xe2\x80\x94", 3) == 0) &&
	    transcript_ws(s[3]))
		return 4;
	return 0;
}

static int transcript_same_speaker(struct transcript_parser *p, const char *label, size_t n)
{
	char *a = transcript_fold_label(label, n);
	char *b = transcript_fold_label(p->label.s ? p->label.s : "", p->label.len);
	int same = strcmp(a, b) == 0;

	free(a);
	free(b);
	return same;
}

/*
 * One piece of cue text: what follows a voice tag, or the start of a line.
 * A line's start may name its speaker ("Anna: ...") or open a dialogue line
 * ("- ..."); text with neither continues the current speaker.
 */
static int transcript_piece(struct transcript_parser *p, const struct transcript_line *L,
			    const struct buf *b, const char *voice, const char *voice_end,
			    long voice_col, int line_start, long start, long end)
{
	const char *s = b->len ? b->s : "", *e = s + b->len;
	const char *label = voice, *label_end = voice_end;
	long col = voice_col;
	struct transcript_prefix pr;
	size_t n;
	int dash = 0;

	s = transcript_skip_ws(s, e);
	e = transcript_trim_end(s, e);
	if (!voice && line_start) {
		if ((n = transcript_dash(s, e)) > 0) {
			dash = 1;
			s = transcript_skip_ws(s + n, e);
		}
		if (transcript_prefix(p, s, e, &pr)) {
			label = pr.label;
			label_end = pr.label_end;
			/* NEEDSWORK: counted in the cleaned text; off when tags or entities precede the name */
			col = 1 + (long)transcript_ncps(b->s, (size_t)(pr.label - b->s));
			s = transcript_skip_ws(pr.rest, e);
		}
	}
	if (!label && s == e)
		return 0;
	if (label) {
		if (!p->open || dash || !transcript_same_speaker(p, label, (size_t)(label_end - label))) {
			if (transcript_flush(p) < 0)
				return -1;
			transcript_open(p, label, (size_t)(label_end - label), L->no, col, start, end);
		}
	} else if (dash || !p->open) {
		if (transcript_flush(p) < 0)
			return -1;
		transcript_open(p, "onbekend", 8, L->no, 1, start, end);
	}
	if (p->cur_end_ms < end)
		p->cur_end_ms = end;
	transcript_add_collapsed(&p->cur, s, (size_t)(e - s));
	return 0;
}

/* One line of cue text: split at voice tags, other tags and SRT {\...} codes dropped. */
static int transcript_payload(struct transcript_parser *p, const struct transcript_line *L,
			      long start, long end)
{
	const char *q = L->s, *e = L->e, *gt, *vs, *ve, *voice = NULL, *voice_end = NULL;
	struct buf piece;
	long voice_col = 0;
	int line_start = 1, ret = -1;

	buf_init(&piece);
	while (q < e) {
		if (*q == '<' && (gt = memchr(q, '>', (size_t)(e - q))) != NULL) {
			if (transcript_voice(q + 1, gt, &vs, &ve)) {
				if (transcript_piece(p, L, &piece, voice, voice_end, voice_col, line_start,
						     start, end) < 0)
					goto out;
				buf_reset(&piece);
				line_start = 0;
				voice = vs;
				voice_end = ve;
				voice_col = transcript_col(L, vs);
			}
			q = gt + 1;
		} else if (*q == '&') {
			q = transcript_entity(&piece, q, e);
		} else if (*q == '{' && p->format == TRANSCRIPT_SRT && e - q > 1 && q[1] == '\\' &&
			   (gt = memchr(q, '}', (size_t)(e - q))) != NULL) {
			q = gt + 1;
		} else {
			buf_addc(&piece, *q++);
		}
	}
	ret = transcript_piece(p, L, &piece, voice, voice_end, voice_col, line_start, start, end);
out:
	buf_release(&piece);
	return ret;
}

/* Metadata lines in the WebVTT header or a NOTE block; other lines are ignored. */
static int transcript_cue_meta(struct transcript_parser *p, const struct transcript_line *L,
			       const char *from, int any_key)
{
	const char *s = transcript_skip_ws(from, L->e), *e = transcript_trim_end(s, L->e);
	struct transcript_kv kv;

	if (!transcript_key_line(s, e, any_key, &kv))
		return 0;
	return transcript_meta_set(p, L, &kv, 0);
}

static int transcript_cues(struct transcript_parser *p)
{
	struct transcript_line L;
	long start, end, first;
	int have, cues = 0;

	have = transcript_first(p, &L);
	if (p->format == TRANSCRIPT_VTT) {
		if (!have || !transcript_starts_word(&L, "WEBVTT"))
			return diag_error(p->d, 1, 1, "missing 'WEBVTT' header (the first line must be 'WEBVTT')");
		while ((have = transcript_next(p, &L)) && !transcript_blank(&L))
			if (transcript_cue_meta(p, &L, L.s, 1) < 0)
				return -1;
	}
	while (have) {
		if (transcript_blank(&L)) {
			have = transcript_next(p, &L);
			continue;
		}
		if (p->format == TRANSCRIPT_VTT && transcript_starts_word(&L, "NOTE")) {
			if (!cues && transcript_cue_meta(p, &L, L.s + 4, 0) < 0)
				return -1;
			while ((have = transcript_next(p, &L)) && !transcript_blank(&L))
				if (!cues && transcript_cue_meta(p, &L, L.s, 0) < 0)
					return -1;
			continue;
		}
		if (p->format == TRANSCRIPT_VTT && !cues &&
		    (transcript_starts_word(&L, "STYLE") || transcript_starts_word(&L, "REGION"))) {
			while ((have = transcript_next(p, &L)) && !transcript_blank(&L))
				;
			continue;
		}
		/* a cue identifier (an SRT cue number) may come before the timing line */
		first = L.no;
		if (!transcript_timing_like(&L)) {
			if (!transcript_next(p, &L) || transcript_blank(&L))
				return transcript_bad_timing(p, first, 1);
			if (!transcript_timing_like(&L))
				return transcript_bad_timing(p, L.no, 1);
		}
		if (transcript_timing(p, &L, &start, &end) < 0)
			return -1;
		cues++;
		while ((have = transcript_next(p, &L)) && !transcript_blank(&L))
			if (transcript_payload(p, &L, start, end) < 0)
				return -1;
	}
	if (transcript_flush(p) < 0)
		return -1;
	if (p->t->nturns == 0)
		return diag_error(p->d, 0, 0, "no cues with text found");
	return 0;
}

/* ---- sentences and remarks ---- */

static struct transcript_range *transcript_push_range(struct transcript_range *a, size_t *n,
						      size_t *cap, size_t start, size_t end,
						      size_t turn)
{
	a = transcript_grow(a, cap, *n + 1, sizeof(*a));
	a[*n].start = start;
	a[*n].end = end;
	a[*n].turn = turn;
	(*n)++;
	return a;
}

static int transcript_is_term(int32_t c)
{
	return c == '.' || c == '?' || c == '!' || c == 0x2026;
}

static int transcript_is_closer(int32_t c)
{
	return c == '"' || c == '\'' || c == ')' || c == 0x2019 || c == 0x201D || c == 0x00BB ||
	       c == 0x203A;
}

/* What the word before the full stop at c[dot] is, looking no further back than c[from]. */
static int transcript_abbrev(const int32_t *c, size_t from, size_t dot)
{
	char w[32];
	size_t j = dot, k, n = 0;
	int inner = 0;

	while (j > from && (transcript_is_letter(c[j - 1]) || c[j - 1] == '.'))
		j--;
	while (j < dot && c[j] == '.')
		j++;
	if (j == dot)
		return TRANSCRIPT_ABBREV_NONE;
	if (dot - j == 1 && transcript_is_upper(c[j]))
		return TRANSCRIPT_ABBREV_NEVER;	/* an initial: "J. Jansen" */
	for (k = j; k < dot; k++) {
		if (n + 5 > sizeof(w))
			return TRANSCRIPT_ABBREV_NONE;
		if (c[k] == '.')
			inner = 1;
		n += (size_t)utf8proc_encode_char(utf8proc_tolower(c[k]), (utf8proc_uint8_t *)w + n);
	}
	if (transcript_in_list(transcript_abbrev_never, w, n))
		return TRANSCRIPT_ABBREV_NEVER;
	if (inner || transcript_in_list(transcript_abbrev_can_end, w, n))
		return TRANSCRIPT_ABBREV_CAN_END;
	return TRANSCRIPT_ABBREV_NONE;
}

/*
 * Does a sentence end after the terminators starting at c[i], given the
 * first character of what follows? Never before a small letter. An
 * ellipsis is a pause in speech: it ends a sentence only when a capital
 * follows ("Ja, eh... U mag"), not before a digit, bracket or quote. A
 * full stop does not end one after an abbreviation.
 */
static int transcript_boundary(const int32_t *c, size_t from, size_t i, int question,
			       int ellipsis, int32_t next)
{
	if (transcript_is_lower(next))
		return 0;
	if (question)
		return 1;
	if (ellipsis)
		return transcript_is_upper(next);
	switch (transcript_abbrev(c, from, i)) {
	case TRANSCRIPT_ABBREV_NEVER:
		return 0;
	case TRANSCRIPT_ABBREV_CAN_END:
		return transcript_is_upper(next);
	default:
		return 1;
	}
}

static void transcript_sentences(struct transcript_parser *p, size_t ti, const int32_t *c, size_t n,
				 size_t base)
{
	struct transcript *t = p->t;
	size_t i = 0, j, k, begin = 0, end = n;
	int depth = 0, question, ellipsis, dots;

	t->turns[ti].first_sentence = t->nsentences;
	while (i < n) {
		if (c[i] == '[')
			depth++;
		else if (c[i] == ']' && depth > 0)
			depth--;
		if (depth > 0 || !transcript_is_term(c[i])) {
			i++;
			continue;
		}
		question = ellipsis = dots = 0;
		for (j = i; j < n && transcript_is_term(c[j]); j++) {
			if (c[j] == '?' || c[j] == '!')
				question = 1;
			else if (c[j] == 0x2026)
				ellipsis = 1;
			else
				dots++;
		}
		if (dots >= 2)
			ellipsis = 1;
		while (j < n && transcript_is_closer(c[j]))
			j++;
		if (j >= n || !transcript_is_space(c[j])) {
			i = j;
			continue;
		}
		for (k = j; k < n && transcript_is_space(c[k]); k++)
			;
		if (k < n && transcript_boundary(c, begin, i, question, ellipsis, c[k])) {
			t->sentences = transcript_push_range(t->sentences, &t->nsentences,
							     &p->cap_sentences, base + begin, base + j, ti);
			begin = k;
		}
		i = k;
	}
	while (end > begin && transcript_is_space(c[end - 1]))
		end--;
	if (end > begin)
		t->sentences = transcript_push_range(t->sentences, &t->nsentences, &p->cap_sentences,
						     base + begin, base + end, ti);
	t->turns[ti].nsentences = t->nsentences - t->turns[ti].first_sentence;
}

static void transcript_remarks(struct transcript_parser *p, size_t ti, const int32_t *c, size_t n,
			       size_t base)
{
	struct transcript *t = p->t;
	size_t i, open = 0;
	int depth = 0;

	for (i = 0; i < n; i++) {
		if (c[i] == '[') {
			if (depth++ == 0)
				open = i;
		} else if (c[i] == ']' && depth > 0 && --depth == 0) {
			t->remarks = transcript_push_range(t->remarks, &t->nremarks, &p->cap_remarks,
							   base + open, base + i + 1, ti);
		}
	}
}

/* Hand the text to t, index it for transcript_span, find sentences and remarks per turn. */
static void transcript_finish(struct transcript_parser *p)
{
	struct transcript *t = p->t;
	int32_t *cps = NULL;
	size_t ti, cap = 0, n, b, cp;
	const char *q, *e;

	t->text_bytes = p->text.len;
	t->text_cps = p->text_cps;
	t->text = buf_detach(&p->text);
	t->cp_index = xmalloc((t->text_cps / TRANSCRIPT_INDEX_STEP + 1) * sizeof(*t->cp_index));
	for (b = 0, cp = 0; b < t->text_bytes; b++) {
		if (((unsigned char)t->text[b] & 0xC0) == 0x80)
			continue;
		if (cp % TRANSCRIPT_INDEX_STEP == 0)
			t->cp_index[cp / TRANSCRIPT_INDEX_STEP] = b;
		cp++;
	}
	if (cp % TRANSCRIPT_INDEX_STEP == 0)
		t->cp_index[cp / TRANSCRIPT_INDEX_STEP] = b;
	for (ti = 0; ti < t->nturns; ti++) {
		q = t->text + p->turn_bytes[2 * ti];
		e = t->text + p->turn_bytes[2 * ti + 1];
		cps = transcript_grow(cps, &cap, (size_t)(e - q), sizeof(*cps));
		for (n = 0; q < e; n++)
			q += transcript_decode(q, e, &cps[n]);
		transcript_remarks(p, ti, cps, n, t->turns[ti].start);
		transcript_sentences(p, ti, cps, n, t->turns[ti].start);
	}
	free(cps);
}

/* ---- the interface ---- */

void transcript_options_init(struct transcript_options *o)
{
	o->format = TRANSCRIPT_AUTO;
	o->interviewer_labels = NULL;
	o->refuse_names = 0;
	o->max_bytes = TRANSCRIPT_MAX_BYTES;
}

const char *const *transcript_default_interviewers(void)
{
	return transcript_interviewers;
}

enum transcript_format transcript_format_of(const char *path)
{
	static const struct {
		const char *ext;
		enum transcript_format f;
	} exts[] = {
		{ ".txt", TRANSCRIPT_TEXT }, { ".text", TRANSCRIPT_TEXT }, { ".md", TRANSCRIPT_TEXT },
		{ ".markdown", TRANSCRIPT_TEXT }, { ".vtt", TRANSCRIPT_VTT }, { ".srt", TRANSCRIPT_SRT },
	};
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	size_t i, j, n;

	if (!dot || (slash && slash > dot))
		return TRANSCRIPT_AUTO;
	n = strlen(dot);
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		if (strlen(exts[i].ext) != n)
			continue;
		for (j = 0; j < n && transcript_ascii_lower(dot[j]) == exts[i].ext[j]; j++)
			;
		if (j == n)
			return exts[i].f;
	}
	return TRANSCRIPT_AUTO;
}

const char *transcript_format_name(enum transcript_format f)
{
	switch (f) {
	case TRANSCRIPT_TEXT:
		return "text";
	case TRANSCRIPT_VTT:
		return "vtt";
	case TRANSCRIPT_SRT:
		return "srt";
	default:
		return "auto";
	}
}

const char *transcript_role_name(enum transcript_role r)
{
	return r == TRANSCRIPT_INTERVIEWER ? "interviewer" : "participant";
}

/* WebVTT starts with WEBVTT; SRT with a cue number and a timing line, or a timing line. */
static enum transcript_format transcript_sniff(const struct transcript_parser *p)
{
	struct transcript_line L;
	int have;

	for (have = transcript_first(p, &L); have && transcript_blank(&L); have = transcript_next(p, &L))
		;
	if (!have)
		return TRANSCRIPT_TEXT;
	if (transcript_starts_word(&L, "WEBVTT"))
		return TRANSCRIPT_VTT;
	if (transcript_arrow(&L))
		return TRANSCRIPT_SRT;
	if (transcript_skip_ws(L.s, L.e) == L.s && L.s < L.e) {
		const char *q = L.s;

		while (q < L.e && transcript_ascii_digit(*q))
			q++;
		if (transcript_trim_end(q, L.e) == q && q > L.s && transcript_next(p, &L) &&
		    transcript_arrow(&L))
			return TRANSCRIPT_SRT;
	}
	return TRANSCRIPT_TEXT;
}

static int transcript_too_large(struct diag *d, size_t max)
{
	if (max % ((size_t)1 << 20) == 0)
		return diag_error(d, 0, 0, "file is larger than %zu MiB, too large to read as a transcript",
				  max >> 20);
	return diag_error(d, 0, 0, "file is larger than %zu bytes, too large to read as a transcript",
			  max);
}

static void transcript_parser_release(struct transcript_parser *p)
{
	size_t i;

	if (p->interviewers)
		for (i = 0; p->interviewers[i]; i++)
			free(p->interviewers[i]);
	free(p->interviewers);
	if (p->t)
		for (i = 0; i < p->t->nspeakers; i++)
			free(p->folded[i]);
	free(p->folded);
	free(p->turn_bytes);
	buf_release(&p->text);
	buf_release(&p->label);
	buf_release(&p->cur);
	transcript_free(p->t);
}

static int transcript_run(const char *data, size_t len, enum transcript_format format,
			  const struct transcript_options *o, struct diag *d,
			  struct transcript **out)
{
	struct transcript_options defaults;
	struct transcript_parser p;
	const char *const *labels;
	const char *q;
	size_t i, n, max;
	int ret = -1;

	*out = NULL;
	if (!o) {
		transcript_options_init(&defaults);
		o = &defaults;
	}
	max = o->max_bytes ? o->max_bytes : TRANSCRIPT_MAX_BYTES;
	if (len > max)
		return transcript_too_large(d, max);
	if (len >= 2 && (((unsigned char)data[0] == 0xFF && (unsigned char)data[1] == 0xFE) ||
			 ((unsigned char)data[0] == 0xFE && (unsigned char)data[1] == 0xFF)))
		return diag_error(d, 1, 0, "file is UTF-16, expected UTF-8 (save the transcript as UTF-8)");
	memset(&p, 0, sizeof(p));
	p.d = d;
	p.refuse_names = o->refuse_names;
	p.begin = data;
	p.end = data + len;
	p.pending_ms = -1;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		p.begin += 3;
	for (q = p.begin; q < p.end && (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r'); q++)
		;
	if (q == p.end)
		return diag_error(d, 0, 0, "empty file, expected a transcript");
	if (transcript_check_bytes(&p) < 0)
		return -1;
	buf_init(&p.text);
	buf_init(&p.label);
	buf_init(&p.cur);
	p.format = format != TRANSCRIPT_AUTO ? format : transcript_sniff(&p);
	labels = o->interviewer_labels ? o->interviewer_labels : transcript_interviewers;
	for (n = 0; labels[n]; n++)
		;
	p.interviewers = xcalloc(n + 1, sizeof(*p.interviewers));
	for (i = 0; i < n; i++)
		p.interviewers[i] = transcript_fold_label(labels[i], strlen(labels[i]));
	p.t = xcalloc(1, sizeof(*p.t));
	p.t->format = p.format;
	if ((p.format == TRANSCRIPT_TEXT ? transcript_text(&p) : transcript_cues(&p)) == 0) {
		transcript_finish(&p);
		for (i = 0; i < p.t->nspeakers; i++)
			free(p.folded[i]);
		*out = p.t;
		p.t = NULL;
		ret = 0;
	}
	transcript_parser_release(&p);
	return ret;
}

int transcript_parse(const char *data, size_t len, const struct transcript_options *o,
		     struct diag *d, struct transcript **out)
{
	return transcript_run(data, len, o ? o->format : TRANSCRIPT_AUTO, o, d, out);
}

int transcript_read(const char *path, const struct transcript_options *o, struct diag *d,
		    struct transcript **out)
{
	enum transcript_format format;
	struct stat st;
	struct buf b;
	char chunk[65536];
	size_t n, max;
	FILE *f;
	int ret = -1;

	*out = NULL;
	max = o && o->max_bytes ? o->max_bytes : TRANSCRIPT_MAX_BYTES;
	f = fopen(path, "rb");
	if (!f)
		return diag_error(d, 0, 0, "cannot open file: %s", strerror(errno));
	buf_init(&b);
	if (fstat(fileno(f), &st) < 0) {
		diag_error(d, 0, 0, "cannot read file: %s", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_error(d, 0, 0, "cannot read file: %s", strerror(EISDIR));
		goto out;
	}
	if ((uintmax_t)st.st_size > max) {
		transcript_too_large(d, max);
		goto out;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b.len + n > max) {
			transcript_too_large(d, max);
			goto out;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(f)) {
		diag_error(d, 0, 0, "cannot read file: %s", strerror(errno));
		goto out;
	}
	format = o && o->format != TRANSCRIPT_AUTO ? o->format : transcript_format_of(path);
	ret = transcript_run(b.len ? b.s : "", b.len, format, o, d, out);
out:
	buf_release(&b);
	fclose(f);
	return ret;
}

const char *transcript_span(const struct transcript *t, size_t start, size_t end, size_t *nbytes)
{
	size_t k, a, b, m;

	if (end > t->text_cps)
		end = t->text_cps;
	if (start > end)
		start = end;
	k = start / TRANSCRIPT_INDEX_STEP;
	a = t->cp_index[k];
	for (m = start - k * TRANSCRIPT_INDEX_STEP; m > 0; m--)
		for (a++; a < t->text_bytes && ((unsigned char)t->text[a] & 0xC0) == 0x80; a++)
			;
	for (b = a, m = end - start; m > 0; m--)
		for (b++; b < t->text_bytes && ((unsigned char)t->text[b] & 0xC0) == 0x80; b++)
			;
	*nbytes = b - a;
	return t->text + a;
}

void transcript_free(struct transcript *t)
{
	size_t i;

	if (!t)
		return;
	free(t->meta.id);
	free(t->meta.wave);
	free(t->meta.group);
	free(t->meta.method);
	free(t->meta.date);
	free(t->meta.interviewer);
	for (i = 0; i < t->meta.nextra; i++) {
		free(t->meta.extra[i].key);
		free(t->meta.extra[i].value);
	}
	free(t->meta.extra);
	for (i = 0; i < t->nspeakers; i++)
		free(t->speakers[i].label);
	free(t->speakers);
	free(t->turns);
	free(t->sentences);
	free(t->remarks);
	free(t->text);
	free(t->cp_index);
	free(t);
}
