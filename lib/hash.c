/*
 * hash.c - a map from byte strings to small integers, for counting by
 * group and by (id, date) with memory in the number of keys.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* FNV-1a: simple, and good enough for group names and ids. */
static uint64_t
hash_bytes(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

void
sp_map_free(sp_map *m)
{
	free(m->slot);
	free(m->koff);
	free(m->klen);
	sp_buf_free(&m->keys);
	memset(m, 0, sizeof *m);
}

const char *
sp_map_key(const sp_map *m, size_t i, size_t *len)
{
	*len = m->klen[i];
	return m->keys.data + m->koff[i];
}

static int
rehash(sp_map *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64, i, j;
	size_t *slot;

	if ((slot = malloc(cap * sizeof *slot)) == NULL)
		return -1;
	for (i = 0; i < cap; i++)
		slot[i] = (size_t)-1;
	for (i = 0; i < m->n; i++) {
		j = hash_bytes(m->keys.data + m->koff[i], m->klen[i]) &
		    (cap - 1);
		while (slot[j] != (size_t)-1)
			j = (j + 1) & (cap - 1);
		slot[j] = i;
	}
	free(m->slot);
	m->slot = slot;
	m->cap = cap;
	return 0;
}

long
sp_map_find(sp_map *m, const char *key, size_t len, int add)
{
	size_t j, i, *p;

	if (m->cap == 0 || (add && (m->n + 1) * 4 > m->cap * 3)) {
		if (!add && m->cap == 0)
			return -1;
		if (rehash(m) == -1)
			return -2;
	}
	j = hash_bytes(key, len) & (m->cap - 1);
	while ((i = m->slot[j]) != (size_t)-1) {
		if (m->klen[i] == len &&
		    memcmp(m->keys.data + m->koff[i], key, len) == 0)
			return (long)i;
		j = (j + 1) & (m->cap - 1);
	}
	if (!add)
		return -1;
	if (m->n % 64 == 0) {
		if ((p = realloc(m->koff, (m->n + 64) * sizeof *p)) == NULL)
			return -2;
		m->koff = p;
		if ((p = realloc(m->klen, (m->n + 64) * sizeof *p)) == NULL)
			return -2;
		m->klen = p;
	}
	m->koff[m->n] = m->keys.len;
	m->klen[m->n] = len;
	if (sp_buf_append(&m->keys, key, len) == -1)
		return -2;
	m->slot[j] = m->n;
	return (long)m->n++;
}
