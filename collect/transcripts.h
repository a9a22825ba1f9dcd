/* transcripts.h: import interview and focus-group transcripts into a study, pseudonymised. */
#ifndef TV_TRANSCRIPTS_H
#define TV_TRANSCRIPTS_H

#include <stddef.h>

struct store;

struct transcripts_options {
	/* Command-line metadata; each overrides the file's header when set. */
	const char *id;		/* only with a single file */
	const char *wave, *group, *method, *date, *interviewer;
	const char *names;	/* file with names to pseudonymise, one per line, or NULL */
	const char *key;	/* write the pseudonymisation key here (new file, 0600), or NULL */
	int code_interviewer;	/* also code the interviewer's turns */
	int replace;		/* replace a document with the same id */
	long max_errors;
};

struct transcripts_result {
	long documents, speakers, turns, sentences;
	long replaced[8];	/* per pseudonymisation type (pseudo.h order) */
};

/*
 * Import the files in one transaction: each is parsed, pseudonymised
 * (personal data patterns, the names list, and speaker labels that are
 * names), parsed again, and stored as a document with its speakers, turns
 * and sentences. Nothing is stored when any file has a problem.
 * Returns 0, 1 (bad input; nothing stored) or -1 (system or store error).
 */
int transcripts_import(struct store *st, char *const *files, size_t nfiles,
		       const struct transcripts_options *o, struct transcripts_result *res);

#endif
