/* An open-addressing map from string to index, for aggregations keyed by name. */
#include "config.h"

#include "strmap.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

static size_t str_hash(const char *s)
{
	size_t h = 1469598103934665603u; /* FNV-1a */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return h;
}

struct strmap_slot *strmap_get(struct strmap *m, const char *key, size_t value, bool *added)
{
	if ((m->n + 1) * 2 > m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 64;
		struct strmap_slot *slots = xcalloc(cap, sizeof(*slots));
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->slots[i].key)
				continue;
			size_t j = str_hash(m->slots[i].key) & (cap - 1);
			while (slots[j].key)
				j = (j + 1) & (cap - 1);
			slots[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = slots;
		m->cap = cap;
	}
	size_t j = str_hash(key) & (m->cap - 1);
	while (m->slots[j].key) {
		if (!strcmp(m->slots[j].key, key)) {
			*added = false;
			return &m->slots[j];
		}
		j = (j + 1) & (m->cap - 1);
	}
	m->slots[j].key = xstrdup(key);
	m->slots[j].value = value;
	m->n++;
	*added = true;
	return &m->slots[j];
}

void strmap_free(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	memset(m, 0, sizeof(*m));
}
