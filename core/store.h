/* store.h: the study store, one SQLite file per study; all SQL of tevreden lives behind this. */
#ifndef TV_STORE_H
#define TV_STORE_H

#include <stddef.h>
#include <stdint.h>

struct store;

/* Schema version this binary writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 3

/*
 * Create a new, empty study at path. Refuses an existing file. On success
 * *out is a new handle the caller closes with store_close(). Reports
 * problems (tv_error) and returns -1.
 */
int store_create(const char *path, struct store **out);

/*
 * Open an existing study and bring its schema up to date (forward
 * migrations, each in a transaction). A study written by a newer tevreden is
 * refused. Reports and returns -1 on failure.
 */
int store_open(const char *path, struct store **out);

/* Close the handle (NULL-safe). Rolls back an open transaction. */
void store_close(struct store *st);

/* The file the handle was opened on (borrowed). */
const char *store_path(const struct store *st);

/* Transactions: one per import. Each reports and returns -1 on failure. */
int store_begin(struct store *st);
/* A transaction for bulk imports: foreign keys are not enforced until it ends
 * (the caller guarantees every id it writes exists). */
int store_begin_bulk(struct store *st);
int store_commit(struct store *st);
/* Roll back if a transaction is open; never fails loudly. */
void store_rollback(struct store *st);

/* ---- import log ---- */

/* Find the newest completed import of this kind with this checksum that was not
 * replaced. Returns 1 and sets *id when found, 0 when not, -1 on error. */
int store_import_find(struct store *st, const char *kind, const char *checksum, int64_t *id);
/* Start a log entry; *id receives its id. */
int store_import_add(struct store *st, const char *kind, const char *file,
		     const char *checksum, int64_t wave_id, const char *options, int64_t *id);
/* Record the outcome of an import. */
int store_import_finish(struct store *st, int64_t id, long rows, long warnings);
/*
 * Replace import id by import `by` (--replace): delete everything id brought
 * in (respondents, answers, cases, documents) and mark its log entry as
 * replaced by `by`; the entry stays, for the study's history (schema version
 * 3). Log `by` first (store_import_add). Reports and returns -1 on failure,
 * also when id is not in the log, was replaced before, or equals `by`.
 */
int store_import_replace(struct store *st, int64_t id, int64_t by);
/* Only the mark: import id was replaced by `by` (its data removed by the caller). */
int store_import_mark_replaced(struct store *st, int64_t id, int64_t by);

/* ---- questionnaires ---- */

/* Find a questionnaire by checksum; 1 found (sets *id), 0 not, -1 error. */
int store_questionnaire_find(struct store *st, const char *checksum, int64_t *id);
int store_questionnaire_add(struct store *st, const char *name, const char *version,
			    const char *title, const char *checksum, const char *definition,
			    int64_t *id);
/* The definition text of the questionnaire with this checksum: 1 found (*text new, NUL-terminated,
 * *len bytes; the caller frees it), 0 not found, -1 error. */
int store_questionnaire_definition(struct store *st, const char *checksum, char **text, size_t *len);
/* The name and version of questionnaire id as "name version" (new string, caller frees), or NULL. */
char *store_questionnaire_label(struct store *st, int64_t id);
int store_wording_add(struct store *st, int64_t qid, const char *name, int ord, int64_t *id);
int store_scale_add(struct store *st, int64_t qid, const char *name, int ordinal,
		    const char *top_label, int64_t *id);
int store_option_add(struct store *st, int64_t scale_id, long code, const char *label,
		     int is_missing, int is_top, int ord, int64_t *id);
int store_module_add(struct store *st, int64_t qid, const char *name, const char *title,
		     int ord, int64_t *id);

struct store_item {
	const char *name;
	const char *label;
	const char *type;	/* single, multiple, number, mark, open */
	const char *role;	/* background role or NULL */
	int64_t module_id;	/* 0 for background variables */
	int64_t scale_id;	/* 0 when none */
	int has_min, has_max;
	double min, max;
	int integer_only, skewed;
	const char *unit;	/* or NULL */
	const char *waves;	/* JSON array text or NULL */
	const char *routing;	/* JSON condition text or NULL */
	int ord;
};
int store_item_add(struct store *st, int64_t qid, const struct store_item *it, int64_t *id);
int store_item_text_add(struct store *st, int64_t item_id, int64_t wording_id, const char *text);
/* Ids of the parts of a stored questionnaire, looked up by name; -1 when absent. */
int store_wording_id(struct store *st, int64_t qid, const char *name, int64_t *id);
int store_scale_id(struct store *st, int64_t qid, const char *name, int64_t *id);
int store_option_id(struct store *st, int64_t scale_id, long code, int64_t *id);
int store_item_id(struct store *st, int64_t qid, const char *name, int64_t *id);

/* ---- waves ---- */

/*
 * Find wave `name`; 1 found, 0 not, -1 error. When found, *id, *qid (0 when
 * no questionnaire yet) and *wording_id are set (pointers may be NULL).
 */
int store_wave_find(struct store *st, const char *name, int64_t *id, int64_t *qid,
		    int64_t *wording_id);
/* Create wave `name` (qid and wording_id may be 0). */
int store_wave_add(struct store *st, const char *name, int64_t qid, int64_t wording_id, int64_t *id);
/* Bind a wave to a questionnaire and wording. */
int store_wave_set_questionnaire(struct store *st, int64_t wave_id, int64_t qid, int64_t wording_id);

/* ---- respondents and answers (the hot path of every import) ---- */

/* Call fn for every respondent id already in the wave; stops when fn returns nonzero. */
int store_respondent_ids(struct store *st, int64_t wave_id,
			 int (*fn)(void *ctx, const char *ext_id), void *ctx);
int store_respondent_add(struct store *st, int64_t wave_id, const char *ext_id,
			 int64_t import_id, long line, int64_t *id);
/*
 * One answer. option_id 0 = no option; has_num 0 = no number; text NULL = no
 * text. All three empty = the item was asked but not answered. Answers are
 * added inside a transaction, right after their store_respondent_add (they
 * are numbered per respondent and written in batches); anything else is
 * refused with an error.
 */
int store_answer_add(struct store *st, int64_t respondent_id, int64_t item_id,
		     int64_t option_id, int has_num, double num, const char *text);

/* ---- sampled cases (fieldwork) ---- */

int store_case_ids(struct store *st, int64_t wave_id,
		   int (*fn)(void *ctx, const char *ext_id), void *ctx);
int store_case_add(struct store *st, int64_t wave_id, const char *ext_id, const char *segment,
		   const char *disposition, const char *category, int64_t import_id, long line);

/*
 * Counts of sampled cases per wave, segment and AAPOR category, ordered by
 * wave, then segment in order of first appearance. wave may be NULL (all).
 * fn receives borrowed strings valid during the call.
 */
int store_case_counts(struct store *st, const char *wave,
		      int (*fn)(void *ctx, const char *wave, const char *segment,
				const char *category, long count),
		      void *ctx);

/* ---- reading for analysis (rows are borrowed, valid during the callback) ---- */

struct store_wave_row {
	int64_t id;
	const char *name;
	int64_t questionnaire_id;	/* 0 when the wave has only fieldwork */
	const char *wording;		/* wording version name, or NULL */
	long respondents;
};
/* Every wave, ordered by name. fn returns nonzero to stop. */
int store_waves(struct store *st, int (*fn)(void *ctx, const struct store_wave_row *w), void *ctx);

struct store_item_row {
	int64_t id;
	const char *name, *label, *type, *role;	/* label, role may be NULL */
	const char *module, *module_title;	/* NULL for background variables */
	int64_t scale_id;			/* 0 when none */
	const char *scale_name, *top_label;	/* NULL when none */
	int has_min, has_max;
	double min, max;
	int integer_only, skewed, ordinal;
	const char *unit;
	const char *text;			/* text in the asked wording version, or NULL */
	int ord;
};
/* Items of questionnaire qid in questionnaire order, texts in wording version wording_name (may be NULL). */
int store_items(struct store *st, int64_t qid, const char *wording_name,
		int (*fn)(void *ctx, const struct store_item_row *it), void *ctx);

struct store_option_row {
	int64_t id, scale_id;
	long code;
	const char *label;
	int is_missing, is_top, ord;
};
/* Options of every scale of questionnaire qid, by scale then order. */
int store_options(struct store *st, int64_t qid,
		  int (*fn)(void *ctx, const struct store_option_row *o), void *ctx);

struct store_answer_row {
	int64_t respondent_id, item_id, option_id;	/* option_id 0 = none */
	int has_num;
	double num;
	const char *text;				/* NULL unless want_text */
};
/*
 * Every answer of the respondents of a wave, ordered by respondent and then
 * as imported (questionnaire order). Texts are read only with want_text.
 */
int store_answers(struct store *st, int64_t wave_id, int want_text,
		  int (*fn)(void *ctx, const struct store_answer_row *a), void *ctx);

/* ---- qualitative material: documents, speakers, segments ---- */

struct store_document {
	const char *ext_id;	/* unique in the study */
	const char *kind;	/* "transcript" or "open_answers" */
	int64_t wave_id;	/* 0 = none */
	const char *grp, *method, *held_on, *interviewer;	/* may be NULL */
	const char *text;	/* pseudonymised text; offsets count code points in it */
	int64_t import_id;
};
/* Find a document by external id: 1 found (sets *id), 0 not, -1 error. */
int store_document_find(struct store *st, const char *ext_id, int64_t *id);
/* The import that brought document ext_id in: 1 and *import_id, 0 when there is none. */
int store_document_import(struct store *st, const char *ext_id, int64_t *import_id);
int store_document_add(struct store *st, const struct store_document *d, int64_t *id);
/* Delete a document with its speakers, segments and their codings (the audit trail stays). */
int store_document_delete(struct store *st, int64_t id);
/* role: "interviewer", "participant" or "other"; respondent_id 0 = none. */
int store_speaker_add(struct store *st, int64_t document_id, const char *label, const char *role,
		      int64_t respondent_id, int64_t *id);

struct store_segment {
	int64_t document_id, parent_id, speaker_id, respondent_id, item_id;	/* 0 = none */
	const char *kind;	/* "turn", "sentence" or "answer" */
	long start_cp, end_cp;	/* code points into the document text */
	long start_ms, end_ms;	/* -1 = none */
	int coded;		/* 0: kept but not coded (interviewer turns) */
};
int store_segment_add(struct store *st, const struct store_segment *sg, int64_t *id);

/* A segment with what the coding stages need, borrowed during the callback. */
struct store_segment_row {
	int64_t id, document_id;
	const char *kind;
	const char *text;		/* the segment's own text (sliced by code points) */
	const char *document;		/* document ext_id */
	const char *doc_kind, *wave, *grp, *method;	/* wave, grp, method may be NULL */
	const char *speaker, *speaker_role;		/* NULL for open answers */
	const char *segment_label;	/* open answers: the respondent's segment label, else NULL */
	int64_t respondent_id;
	const char *item;		/* open answers: the item id */
	int coded;
};
/*
 * Segments to code: sentences of transcripts and open answers (kind
 * "sentence" and "answer"), in document order. only_coded skips segments
 * marked not to be coded. fn returns nonzero to stop.
 */
int store_segments(struct store *st, int only_coded,
		   int (*fn)(void *ctx, const struct store_segment_row *sg), void *ctx);
/* One segment by id: 1 found (fn called), 0 not found, -1 error. */
int store_segment_get(struct store *st, int64_t id,
		      int (*fn)(void *ctx, const struct store_segment_row *sg), void *ctx);

/* ---- codebooks, coders, codings ---- */

/* Find a codebook version: 1 found (sets *id and copies the checksum into sum[65]), 0 not, -1 error. */
int store_codebook_find(struct store *st, const char *name, const char *version, int64_t *id,
			char sum[65]);
int store_codebook_add(struct store *st, const char *name, const char *version,
		       const char *checksum, const char *definition, int64_t *id);
int store_code_add(struct store *st, int64_t codebook_id, const char *name, const char *label,
		   const char *description, int64_t parent_id, const char *polarities, int64_t *id);
/*
 * The code `name` of the newest codebook version that has it (by import
 * order): 1 found (sets *id and, when not NULL, copies its allowed
 * polarities into pol[4]), 0 not, -1 error.
 */
int store_code_find(struct store *st, const char *name, int64_t *id, char pol[4]);
/* The coder `name`, created with `kind` ("human" or "auto") when new. */
int store_coder_get(struct store *st, const char *name, const char *kind, int64_t *id);
/* Find a coder: 1 found, 0 not, -1 error. */
int store_coder_find(struct store *st, const char *name, int64_t *id);

/*
 * Set a coding (insert, or update polarity/status of the coder's existing
 * coding of that code on that segment). polarity NULL = none. status
 * "active", "accepted" or "rejected". *changed is set to 1 when a row was
 * inserted or changed.
 */
int store_coding_set(struct store *st, int64_t segment_id, int64_t code_id, const char *polarity,
		     int64_t coder_id, int automatic, int64_t codebook_id, const char *status,
		     int *changed);
/*
 * A coder's coding of the code named `code` on a segment (any codebook
 * version): 1 found (fills pol[4] with the polarity or "", status[16],
 * *automatic, *code_id), 0 none, -1 error.
 */
int store_coding_get(struct store *st, int64_t segment_id, const char *code, int64_t coder_id,
		     char pol[4], char status[16], int *automatic, int64_t *code_id);
/* Set the status of that coding: 1 changed, 0 no such coding, -1 error. */
int store_coding_status(struct store *st, int64_t segment_id, const char *code, int64_t coder_id,
			const char *status);
/* Remove a coder's coding of a code on a segment: 1 removed, 0 none there, -1 error. */
int store_coding_remove(struct store *st, int64_t segment_id, int64_t code_id, int64_t coder_id);
/* Remove the automatic codings of coder_id made with codebooks named `name` other than version codebook_id. */
int store_codings_replace_auto(struct store *st, int64_t coder_id, const char *codebook_name,
			       int64_t codebook_id, long *removed);
/* Append to the audit trail (names, not ids: it outlives what it describes). */
int store_audit_add(struct store *st, int64_t segment_id, const char *code, const char *polarity,
		    const char *coder, const char *action, const char *detail);

struct store_coding_row {
	int64_t segment_id;
	const char *code, *polarity, *coder, *coder_kind, *status;
	int automatic;
	const char *codebook, *codebook_version;
};
/* Every coding (not rejected ones unless with_rejected), ordered by segment. */
int store_codings(struct store *st, int with_rejected,
		  int (*fn)(void *ctx, const struct store_coding_row *c), void *ctx);

/* ---- pull state: incremental pulls from survey platforms (schema version 2) ---- */

struct store_pull_row {
	const char *source;		/* the platform's URL (never with credentials) */
	long survey;			/* the platform's survey id */
	const char *wave;		/* name of the wave it feeds */
	const char *user;		/* user of the last pull */
	const char *questionnaire;	/* checksum of the questionnaire of the last pull */
	int64_t last_response;		/* highest response id pulled */
	const char *updated_at;
};
/*
 * The pull states of `survey` from `source`, or from every source when source
 * is NULL, ordered by source. Rows are borrowed, valid during fn; fn returns
 * nonzero to stop.
 */
int store_pulls(struct store *st, const char *source, long survey,
		int (*fn)(void *ctx, const struct store_pull_row *p), void *ctx);

struct store_pull {
	const char *source;
	long survey;
	int64_t wave_id;
	const char *user;
	const char *questionnaire;	/* checksum */
	int64_t last_response;
	int64_t import_id;		/* the import that brought the responses */
};
/*
 * Record a pull (inside the import's transaction). expected_last < 0: the
 * first pull of this source and survey (a state is inserted); otherwise the
 * state is updated only while its last_response is still expected_last, so
 * a pull that raced another one fails. Reports and returns -1 on failure.
 */
int store_pull_set(struct store *st, const struct store_pull *p, int64_t expected_last);

/* Number of rows in a table of the study (for messages and tests). */
long store_count(struct store *st, const char *table);

/* ---- reports (analyze/report.c) ---- */

/*
 * Every code of every stored codebook with its label, oldest codebook first
 * (by import), codes in codebook order. Strings are borrowed during the call.
 */
int store_code_labels(struct store *st,
		      int (*fn)(void *ctx, const char *codebook, const char *version,
				const char *name, const char *label),
		      void *ctx);

#endif
