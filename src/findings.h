/* The one table of findings. Every check the tool makes reports through an ID
 * from findings.def (and acpi/acpi-findings.def for the firmware-table checks);
 * the text and XML reports, the browser's help and the man page's list all come
 * from that table, so an ID never changes meaning once released. */
#ifndef IA_FINDINGS_H
#define IA_FINDINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

/* Ordered: a device's verdict is its worst finding (info and below = ready,
 * warn = warn, unknown = unknown, block = blocked). */
enum severity {
	SEV_INFO,
	SEV_WARN,
	SEV_UNKNOWN,
	SEV_BLOCK,
};

/* The layer a finding belongs to, in the order the report walks them: the first
 * layer that fails is the first thing to fix. */
enum layer {
	LAYER_TOOL,
	LAYER_CPU,
	LAYER_FIRMWARE,
	LAYER_IOMMU,
	LAYER_KERNEL,
	LAYER_TOPOLOGY,
	LAYER_DEVICE,
	LAYER_SHARING,
};

enum finding_id {
#define FINDING(id, sev, layer, title, explanation, remedy) FIND_##id,
#include "findings.def"
#undef FINDING
	FIND__COUNT
};

struct finding_info {
	const char *id; /* stable, upper case: "KERNEL_IOMMU_OFF" */
	enum severity severity;
	enum layer layer;
	const char *title;       /* one line */
	const char *explanation; /* what it breaks and why */
	const char *remedy;      /* what to change; "" when nothing is to be done */
};

/* One occurrence of a finding: what it is about and the evidence. */
struct finding {
	enum finding_id id;
	enum severity severity; /* usually the table's; a rule may lower or raise it */
	char *subject;          /* "0000:01:00.0", "DMAR", ... (may be NULL) */
	char *detail;           /* the evidence, in words (may be NULL) */
};

struct finding_list {
	struct finding *v;
	size_t n;
};

const struct finding_info *finding_info(enum finding_id id);
const char *severity_name(enum severity sev);
const char *layer_name(enum layer layer);
/* Looks an ID up by its name; returns FIND__COUNT if there is none. */
enum finding_id finding_by_name(const char *name);

/* Appends a finding with the table's severity; detail is printf-style (may be NULL). */
struct finding *finding_add(struct finding_list *list, enum finding_id id, const char *subject,
			    const char *detail_fmt, ...) IA_PRINTF(4, 5);
bool finding_list_has(const struct finding_list *list, enum finding_id id);
void finding_list_free(struct finding_list *list);

#endif
