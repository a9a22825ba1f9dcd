/* survey.h: import one file of survey responses into a wave, validated against a questionnaire. */
#ifndef TV_SURVEY_H
#define TV_SURVEY_H

#include "core/source.h"

#include <stdint.h>

struct store;

struct survey_options {
	const char *questionnaire;	/* definition file (required) */
	const char *wave;		/* wave name (required) */
	const char *map;		/* mapping CSV (column,item) or NULL */
	const char *format;		/* "csv", "sav", "json" or NULL: by file extension */
	struct src_options src;
	long max_errors;		/* problems listed before giving up (>= 1) */
	int routing_warn;		/* answers to items not asked: warn and drop instead of error */
	int replace;			/* replace an earlier import of the same file */
	int allow_missing;		/* a missing item column is a warning, not an error */
	int ignore_unknown;		/* an unknown column is a warning, not an error */
	const char *names;		/* names to pseudonymise in open answers (file) or NULL */
	const char *const *ignore;	/* columns to ignore */
	size_t nignore;

	/* ---- imports that do not come from a file (collect limesurvey); all may be 0/NULL ---- */
	/*
	 * When read is set, the records come from read() instead of the file:
	 * `file` then only names the source in messages and in the import log,
	 * `checksum` (hex SHA-256 of the content) and `kind` (import_log kind)
	 * are logged, and no earlier import with the same checksum is looked for.
	 */
	int (*read)(void *ctx, const struct src_options *opt, struct diag *d,
		    const struct src_sink *sink);
	void *read_ctx;
	const char *checksum;
	const char *kind;
	/* The definition's text (e.g. as stored in the study) instead of reading
	 * the file `questionnaire`, which then only names it in messages. */
	const char *questionnaire_text;
	size_t questionnaire_len;
	/* A column taken as the respondent id when the questionnaire's own
	 * respondent id column is absent (otherwise it is ignored). */
	const char *id_fallback;
	/* Called inside the import's transaction after the last record, before
	 * the commit; a negative return rolls the whole import back. */
	int (*before_commit)(void *ctx, struct store *st, int64_t wave_id, int64_t import_id);
	void *before_commit_ctx;
};

struct survey_result {
	long respondents;
	long answers;
	long warnings;
	long errors;
	int replaced;			/* an earlier import was replaced */
	long open_answers;		/* stored as pseudonymised segments */
	long replaced_pd[8];		/* personal data replaced, per type (pseudo.h order) */
};

/*
 * Import `file` into the study in one transaction. Every problem is reported
 * (file:line:col: message, up to max_errors); on any problem nothing is
 * stored. Returns 0 on success, 1 when the input was refused (bad data, a
 * repeated import), -1 on a system or store error.
 */
int survey_import(struct store *st, const char *file, const struct survey_options *o,
		  struct survey_result *res);

#endif
