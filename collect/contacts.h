/* contacts.h: import the sampled cases of a wave with their final fieldwork outcome (AAPOR disposition). */
#ifndef TV_CONTACTS_H
#define TV_CONTACTS_H

#include "core/source.h"

struct store;

struct contacts_options {
	const char *wave;		/* required */
	const char *map;		/* CSV "label,aapor" for the agency's own outcome labels, or NULL */
	struct src_options src;
	long max_errors;
	int replace;
};

struct contacts_result {
	long cases;
	long by_category[8];		/* I, P, R, NC, O, UH, UO, NE */
};

/*
 * The AAPOR category ("I", "P", "R", "NC", "O", "UH", "UO", "NE") of a
 * disposition code such as "1.1", "2.111", "3.13" or "4.10", or NULL when
 * the text is not a known code. The returned string is static.
 */
const char *contacts_category(const char *code);
/* Index of a category name in contacts_result.by_category, or -1. */
int contacts_category_index(const char *category);

/* Import in one transaction; returns 0, 1 (input refused, nothing stored) or -1. */
int contacts_import(struct store *st, const char *file, const struct contacts_options *o,
		    struct contacts_result *res);

#endif
