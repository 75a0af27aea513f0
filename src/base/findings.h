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

/* The hypervisor profiles a finding is judged for (enum hypervisor in model.h
 * has the same order: kvm, xen, esxi, hyperv). */
#define FINDING_HV_COUNT 4

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
	enum severity severity; /* the worst of hv_severity over the hypervisors it concerns */
	char *subject;          /* "0000:01:00.0", "DMAR", ... (may be NULL) */
	char *detail;           /* the evidence, in words (may be NULL) */
	char *action;           /* the remedy made concrete for this occurrence
				 * (commands with this device's address), or NULL */
	/* Per hypervisor profile: whether the finding concerns it and how badly.
	 * Defaults come from verdict-policy.def; a rule may change one. */
	bool hv_applies[FINDING_HV_COUNT];
	enum severity hv_severity[FINDING_HV_COUNT];
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
/* Sets the severity for one hypervisor profile (hv < FINDING_HV_COUNT), or marks
 * the finding as not concerning it (applies = false); keeps f->severity the worst. */
void finding_set_hv(struct finding *f, int hv, bool applies, enum severity sev);
/* Sets the severity for every profile the finding concerns. */
void finding_set_severity(struct finding *f, enum severity sev);
/* Sets the concrete remedy (printf-style), replacing any earlier one. */
void finding_set_action(struct finding *f, const char *fmt, ...) IA_PRINTF(2, 3);
/* Appends a deep copy of f to list. */
struct finding *finding_copy(struct finding_list *list, const struct finding *f);
/* The default applicability of an ID to a hypervisor profile (the policy table). */
bool finding_id_applies(enum finding_id id, int hv);
bool finding_list_has(const struct finding_list *list, enum finding_id id);
void finding_list_free(struct finding_list *list);

#endif
