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

/* The verdict policy: per ID and hypervisor profile, the severity or "does not
 * concern it". POL_DEF means the table's severity. */
enum { POL_DEF = -2, POL_NA = -1, POL_INFO = SEV_INFO, POL_WARN = SEV_WARN, POL_UNKNOWN = SEV_UNKNOWN,
       POL_BLOCK = SEV_BLOCK };

struct policy_row {
	enum finding_id id;
	signed char hv[FINDING_HV_COUNT];
};

static const struct policy_row policy[] = {
#define POLICY(id, kvm, xen, esxi, hyperv) {FIND_##id, {POL_##kvm, POL_##xen, POL_##esxi, POL_##hyperv}},
#include "verdict-policy.def"
#undef POLICY
};

static signed char policy_for(enum finding_id id, int hv)
{
	for (size_t i = 0; i < ARRAY_SIZE(policy); i++)
		if (policy[i].id == id)
			return policy[i].hv[hv];
	/* The host kernel's own IOMMU state only matters where Linux is the hypervisor. */
	if (table[id].layer == LAYER_KERNEL && hv != 0)
		return POL_NA;
	return POL_DEF;
}

bool finding_id_applies(enum finding_id id, int hv)
{
	if ((unsigned)id >= FIND__COUNT || hv < 0 || hv >= FINDING_HV_COUNT)
		return false;
	return policy_for(id, hv) != POL_NA;
}

static void update_worst(struct finding *f)
{
	bool any = false;
	enum severity worst = SEV_INFO;
	for (int hv = 0; hv < FINDING_HV_COUNT; hv++)
		if (f->hv_applies[hv] && (!any || f->hv_severity[hv] > worst)) {
			worst = f->hv_severity[hv];
			any = true;
		}
	f->severity = any ? worst : table[f->id].severity;
}

void finding_set_hv(struct finding *f, int hv, bool applies, enum severity sev)
{
	if (hv < 0 || hv >= FINDING_HV_COUNT)
		return;
	f->hv_applies[hv] = applies;
	f->hv_severity[hv] = sev;
	update_worst(f);
}

void finding_set_severity(struct finding *f, enum severity sev)
{
	for (int hv = 0; hv < FINDING_HV_COUNT; hv++)
		f->hv_severity[hv] = sev;
	update_worst(f);
}

void finding_set_action(struct finding *f, const char *fmt, ...)
{
	free(f->action);
	va_list ap;
	va_start(ap, fmt);
	f->action = xvasprintf(fmt, ap);
	va_end(ap);
}

struct finding *finding_copy(struct finding_list *list, const struct finding *src)
{
	struct finding *f = xappend(&list->v, &list->n, sizeof(*f));
	*f = *src;
	f->subject = src->subject ? xstrdup(src->subject) : NULL;
	f->detail = src->detail ? xstrdup(src->detail) : NULL;
	f->action = src->action ? xstrdup(src->action) : NULL;
	return f;
}

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
	for (int hv = 0; hv < FINDING_HV_COUNT; hv++) {
		signed char p = policy_for(id, hv);
		f->hv_applies[hv] = p != POL_NA;
		f->hv_severity[hv] = p >= 0 ? (enum severity)p : table[id].severity;
	}
	update_worst(f);
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
		free(list->v[i].action);
	}
	free(list->v);
	list->v = NULL;
	list->n = 0;
}
