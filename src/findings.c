#include "config.h"

#include "findings.h"

#include <stdlib.h>
#include <string.h>

static const struct finding_info table[] = {
#define FINDING(id, sev, layer, title, explanation, remedy) \
	{#id, SEV_##sev, LAYER_##layer, title, explanation, remedy},
#include "findings.def"
#undef FINDING
};

_Static_assert(ARRAY_SIZE(table) == FIND__COUNT, "findings table and enum differ");

const struct finding_info *finding_info(enum finding_id id)
{
	if ((unsigned)id >= FIND__COUNT)
		return NULL;
	return &table[id];
}

const char *severity_name(enum severity sev)
{
	static const char *const names[] = {"info", "warn", "unknown", "block"};
	return (unsigned)sev < ARRAY_SIZE(names) ? names[sev] : "?";
}

const char *layer_name(enum layer layer)
{
	static const char *const names[] = {"tool",     "cpu",      "firmware", "iommu",
					    "kernel",   "topology", "device",   "sharing"};
	return (unsigned)layer < ARRAY_SIZE(names) ? names[layer] : "?";
}

enum finding_id finding_by_name(const char *name)
{
	for (size_t i = 0; i < FIND__COUNT; i++)
		if (!strcmp(table[i].id, name))
			return (enum finding_id)i;
	return FIND__COUNT;
}

struct finding *finding_add(struct finding_list *list, enum finding_id id, const char *subject,
			    const char *detail_fmt, ...)
{
	struct finding *f = xappend(&list->v, &list->n, sizeof(*f));
	f->id = id;
	f->severity = table[id].severity;
	f->subject = subject ? xstrdup(subject) : NULL;
	if (detail_fmt) {
		va_list ap;
		va_start(ap, detail_fmt);
		f->detail = xvasprintf(detail_fmt, ap);
		va_end(ap);
	}
	return f;
}

bool finding_list_has(const struct finding_list *list, enum finding_id id)
{
	for (size_t i = 0; i < list->n; i++)
		if (list->v[i].id == id)
			return true;
	return false;
}

void finding_list_free(struct finding_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].subject);
		free(list->v[i].detail);
	}
	free(list->v);
	list->v = NULL;
	list->n = 0;
}
