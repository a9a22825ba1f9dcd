/* questionnaire.h: the questionnaire definition (docs/questionnaire.md) in memory, parsed and stored. */
#ifndef TV_QUESTIONNAIRE_H
#define TV_QUESTIONNAIRE_H

#include <stddef.h>
#include <stdint.h>

struct store;

enum q_type { Q_SINGLE, Q_MULTIPLE, Q_NUMBER, Q_MARK, Q_OPEN };

/* Multiple-choice scales are limited so a row's choices fit one 64-bit set. */
#define Q_MAX_OPTIONS 64

struct q_option {
	long code;
	char *label;
	int missing;		/* a missing code, not an answer */
	int top;		/* counts as top box */
	int64_t db_id;		/* scale_option.id once stored */
};

struct q_scale {
	char *name;
	struct q_option *opt;	/* substantive options first, then missing codes */
	size_t nopt;
	int ordinal;
	char *top_label;
	int64_t db_id;
};

enum q_cond_kind { QC_IN, QC_NOT_IN, QC_RANGE, QC_ANSWERED, QC_WAVE, QC_ALL, QC_ANY, QC_NOT };

struct q_cond {
	enum q_cond_kind kind;
	size_t item;		/* index into questionnaire.items (item conditions) */
	uint64_t options;	/* QC_IN/QC_NOT_IN: set of option indices of the item's scale */
	int has_min, has_max;
	double min, max;	/* QC_RANGE */
	int answered;		/* QC_ANSWERED: 1 answered, 0 unanswered */
	char **waves;		/* QC_WAVE */
	size_t nwaves;
	struct q_cond *sub;	/* QC_ALL, QC_ANY (nsub), QC_NOT (1) */
	size_t nsub;
};

struct q_item {
	char *id;
	char *label;
	enum q_type type;
	char *role;		/* background role or NULL */
	int module;		/* index into modules, -1 for background variables */
	struct q_scale *scale;	/* single/multiple: the scale; number/mark: missing codes or NULL */
	int has_min, has_max;
	double min, max;
	int integer_only, skewed;
	char *unit;
	char **waves;		/* waves in which the item exists; NULL = all */
	size_t nwaves;
	struct q_cond *asked_if;	/* NULL = always asked */
	char *routing_json;	/* asked_if as JSON text, NULL when none */
	char *waves_json;
	char **text;		/* per wording version; may be NULL entries */
	int64_t db_id;		/* item.id once stored */
};

struct q_module {
	char *id;
	char *title;
};

struct questionnaire {
	char *file;
	char *name, *version, *title, *respondent_id;
	char checksum[65];
	char *json;		/* the definition as read */
	char **wordings;
	size_t nwordings;
	char **wave_names;	/* waves map: wave_names[i] uses wording wave_wording[i] */
	size_t *wave_wording;
	size_t nwaves;
	struct q_scale **scales;	/* named scales, then per-item missing-code scales (stable pointers) */
	size_t nscales;
	struct q_module *modules;
	size_t nmodules;
	struct q_item *items;	/* background variables first, then module items in order */
	size_t nitems;
	int segment_item;	/* index of the item with role "segment" */
	int64_t db_id;
	int64_t *wording_db_id;
};

/*
 * Parse a definition file. Errors name the file and JSON path (or line:col
 * for syntax errors). On success *out is new; free with questionnaire_free.
 */
int questionnaire_load(const char *file, struct questionnaire **out);
/* Parse a definition from text (e.g. as stored in a study); `file` names it in messages. */
int questionnaire_parse(const char *file, const char *text, size_t len, struct questionnaire **out);
void questionnaire_free(struct questionnaire *q);

/*
 * Make sure the questionnaire is in the study (found by checksum, else
 * stored with its scales, items and texts) and fill in the db_id fields.
 * Must run inside a transaction.
 */
int questionnaire_store(struct questionnaire *q, struct store *st);

/* Index of the item with this id, or -1. */
int questionnaire_item(const struct questionnaire *q, const char *id);
/* Index of the wording version used in `wave`. */
size_t questionnaire_wording_for(const struct questionnaire *q, const char *wave);
/* Does the item exist in this wave (its `waves` list)? */
int questionnaire_item_in_wave(const struct q_item *it, const char *wave);
/* Index of the option with this code in the scale, or -1. */
int q_scale_find_code(const struct q_scale *s, long code);
/* Index of the option whose label equals text (case-insensitive, trimmed), or -1. */
int q_scale_find_label(const struct q_scale *s, const char *text);
/* "1 ja, 2 nee; missing 8, 9" for messages: a new string the caller frees. */
char *q_scale_describe(const struct q_scale *s);
const char *q_type_name(enum q_type t);

#endif
