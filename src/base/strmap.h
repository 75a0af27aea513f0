/* An open-addressing map from string to index; keys are owned copies. */
#ifndef IA_STRMAP_H
#define IA_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct strmap_slot {
	char *key;
	size_t value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap, n;
};

/* Returns the slot of key, adding it with value if absent (*added says which). */
struct strmap_slot *strmap_get(struct strmap *m, const char *key, size_t value, bool *added);
void strmap_free(struct strmap *m);

#endif
