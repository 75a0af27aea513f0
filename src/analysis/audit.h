/* One audit: reads every fact through the root, applies the rules and fills the
 * report model. No printing here; the front ends render the result. */
#ifndef IA_AUDIT_H
#define IA_AUDIT_H

#include "hostenv.h"
#include "model.h"

struct audit_options {
	const char *slot_selector; /* -s, or NULL */
	const char *id_selector;   /* -d, or NULL */
	bool all_devices;          /* judge every function, not only GPUs */
};

struct audit_report *audit_run(const struct hostenv *env, const struct audit_options *opts);
void audit_free(struct audit_report *report);
/* Frees what a report holds (any part may be unfilled), not the report itself:
 * for a report a front end filled only in part, on its own stack. */
void audit_release(struct audit_report *report);

/* Whether a finding speaks to a hypervisor: the Linux kernel's own state only
 * matters to KVM (the others bring their own kernel). */
/* Links the PCI tree and predicts the IOMMU groups into r->groups (needs
 * r->devices, r->kernel and r->firmware); coverage into r->coverage from
 * the DMAR/IVRS tables under the root. */
void audit_analyse_topology(const struct hostenv *env, struct audit_report *r);
/* Releases r->acpi (kept by audit_analyse_topology); for callers that free a
 * report field by field. */
void audit_free_acpi(struct audit_report *r);

bool finding_applies(enum finding_id id, enum hypervisor hv);

#endif
