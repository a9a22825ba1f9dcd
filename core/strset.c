/* strset.c: a set of strings with open addressing and FNV-1a hashing. */
#include "strset.h"
#include "util.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *k)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *k; k++) {
		h ^= (unsigned char)*k;
		h *= 1099511628211ULL;
	}
	return h;
}

void strset_init(struct strset *s)
{
	s->slot = NULL;
	s->cap = 0;
	s->n = 0;
}

void strset_release(struct strset *s)
{
	size_t i;

	for (i = 0; i < s->cap; i++)
		free(s->slot[i]);
	free(s->slot);
	strset_init(s);
}

static size_t probe(char **slot, size_t cap, const char *key)
{
	size_t i = (size_t)hash(key) & (cap - 1);

	while (slot[i] && strcmp(slot[i], key) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

static void grow(struct strset *s)
{
	size_t cap = s->cap ? 2 * s->cap : 1024, i;
	char **slot = xcalloc(cap, sizeof(char *));

	for (i = 0; i < s->cap; i++)
		if (s->slot[i])
			slot[probe(slot, cap, s->slot[i])] = s->slot[i];
	free(s->slot);
	s->slot = slot;
	s->cap = cap;
}

int strset_add(struct strset *s, const char *key)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap)
		grow(s);
	i = probe(s->slot, s->cap, key);
	if (s->slot[i])
		return 0;
	s->slot[i] = xstrdup(key);
	s->n++;
	return 1;
}

int strset_has(const struct strset *s, const char *key)
{
	return s->cap && s->slot[probe(s->slot, s->cap, key)] != NULL;
}
