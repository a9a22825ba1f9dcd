/* transcript.h: parse interview and focus-group transcripts (text, Markdown, WebVTT, SRT) into speakers, turns, sentences and remarks. */
#ifndef TV_TRANSCRIPT_H
#define TV_TRANSCRIPT_H

#include <stddef.h>

struct diag;

/* Largest file transcript_read and transcript_parse accept unless told otherwise. */
#define TRANSCRIPT_MAX_BYTES ((size_t)64 << 20)

enum transcript_format {
	TRANSCRIPT_AUTO = 0,	/* by extension (.txt .md .vtt .srt), else by content */
	TRANSCRIPT_TEXT,	/* plain text or Markdown with speaker prefixes */
	TRANSCRIPT_VTT,		/* WebVTT */
	TRANSCRIPT_SRT,		/* SubRip */
};

enum transcript_role {
	TRANSCRIPT_PARTICIPANT = 0,
	TRANSCRIPT_INTERVIEWER,
};

struct transcript_options {
	enum transcript_format format;
	/*
	 * Speaker labels that mark the interviewer, compared without regard to
	 * case and also with a number after them ("I2", "Interviewer 2").
	 * NULL-terminated; NULL means transcript_default_interviewers().
	 * Borrowed for the duration of the call.
	 */
	const char *const *interviewer_labels;
	/*
	 * Nonzero: a speaker label that looks like a personal name (not a role
	 * word such as "Ouder 1", not a code such as "R2", not a placeholder
	 * such as "[naam-1]") is an error. Parse once without it, pseudonymise
	 * the labels in transcript.speakers where is_name is set, parse again
	 * with it.
	 */
	int refuse_names;
	size_t max_bytes;	/* 0: TRANSCRIPT_MAX_BYTES */
};

/* A metadata entry the parser has no field for (front matter, descriptive keys). */
struct transcript_field {
	char *key;		/* as written, NFC */
	char *value;		/* NFC, quotes removed */
	long line;
};

/*
 * Metadata from the header. NULL when absent or empty. method is one of
 * "focusgroep", "groepsinterview", "face-to-face", "telefonisch"; date is
 * ISO 8601 "YYYY-MM-DD". The rest is the text as written (NFC, trimmed).
 */
struct transcript_meta {
	char *id;
	char *wave;
	char *group;
	char *method;
	char *date;
	char *interviewer;
	struct transcript_field *extra;
	size_t nextra;
};

struct transcript_speaker {
	char *label;		/* first spelling seen, NFC, inner white space collapsed */
	enum transcript_role role;
	int is_name;		/* label looks like a personal name (see refuse_names) */
	long line, col;		/* where its first non-empty turn names it (col in code points;
				 * for a WebVTT voice the name in the tag) */
	size_t nturns;
};

/*
 * Offsets count Unicode code points in transcript.text and are half-open:
 * [start, end). A turn's range covers its spoken content only, never the
 * "Label: " in front of it.
 */
struct transcript_turn {
	size_t speaker;		/* index into transcript.speakers */
	size_t start, end;
	long start_ms, end_ms;	/* -1 when the source gives no time */
	long line;		/* source line where the turn starts */
	size_t first_sentence;	/* index into transcript.sentences */
	size_t nsentences;
};

/* A sentence or a remark: a range in transcript.text inside one turn. */
struct transcript_range {
	size_t start, end;
	size_t turn;		/* index into transcript.turns */
};

/*
 * A parsed transcript. Everything in it is owned by it and freed by
 * transcript_free.
 *
 * text is the document to store: one line per turn, "Label: content\n",
 * where Label is the speaker's label and content is the turn's spoken text
 * (continuation lines joined with one space, white space runs collapsed,
 * speaker prefixes, timestamps and subtitle markup removed, remarks kept),
 * all in NFC. Sentences lie inside their turn and cover its content except
 * the spaces between them; remarks are square-bracketed ranges inside turns,
 * brackets included, that are not to be coded.
 */
struct transcript {
	enum transcript_format format;	/* the format actually parsed */
	struct transcript_meta meta;
	char *text;
	size_t text_bytes;		/* strlen(text) */
	size_t text_cps;		/* code points in text */
	struct transcript_speaker *speakers;
	size_t nspeakers;
	struct transcript_turn *turns;
	size_t nturns;
	struct transcript_range *sentences;
	size_t nsentences;
	struct transcript_range *remarks;
	size_t nremarks;
	size_t *cp_index;		/* byte offset of every 64th code point (for transcript_span) */
};

/* Fill o with the defaults (AUTO, default interviewer labels, names allowed, 64 MiB). */
void transcript_options_init(struct transcript_options *o);

/* The default interviewer labels, NULL-terminated; static. */
const char *const *transcript_default_interviewers(void);

/* The format a file name's extension implies, or TRANSCRIPT_AUTO when it implies none. */
enum transcript_format transcript_format_of(const char *path);

/* "text", "vtt", "srt" or "auto"; static. */
const char *transcript_format_name(enum transcript_format f);
/* "interviewer" or "participant"; static. */
const char *transcript_role_name(enum transcript_role r);

/*
 * Parse len bytes of data (need not be NUL-terminated). o may be NULL for
 * the defaults; with TRANSCRIPT_AUTO the format is found from the content.
 * On success returns 0 and sets *out to a new transcript the caller frees
 * with transcript_free. On failure reports the first problem through d
 * ("file:line:col: message", columns in code points; whole-file problems
 * without a position), sets *out to NULL and returns -1.
 */
int transcript_parse(const char *data, size_t len, const struct transcript_options *o,
		     struct diag *d, struct transcript **out);

/*
 * Read and parse the file at path. With TRANSCRIPT_AUTO the extension picks
 * the format (a .vtt must then start with WEBVTT), else the content does.
 * Problems opening or reading the file go through d too. Same result as
 * transcript_parse.
 */
int transcript_read(const char *path, const struct transcript_options *o, struct diag *d,
		    struct transcript **out);

/*
 * The bytes of t->text between code points start and end (end <= text_cps,
 * start <= end): returns a pointer into t->text, valid as long as t, and sets
 * *nbytes. Not NUL-terminated at end.
 */
const char *transcript_span(const struct transcript *t, size_t start, size_t end, size_t *nbytes);

/* Free t and everything in it; NULL is fine. */
void transcript_free(struct transcript *t);

#endif
