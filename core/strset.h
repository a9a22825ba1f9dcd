/* strset.h: a set of strings (open addressing), for duplicate ids during imports. */
#ifndef TV_STRSET_H
#define TV_STRSET_H

#include <stddef.h>

struct strset {
	char **slot;	/* owned copies of the keys; NULL = empty slot */
	size_t cap;	/* power of two */
	size_t n;
};

void strset_init(struct strset *s);
void strset_release(struct strset *s);
/* Add a copy of key. Returns 1 when added, 0 when it was already there. */
int strset_add(struct strset *s, const char *key);
int strset_has(const struct strset *s, const char *key);

#endif
