/* The verdict rules: facts in, findings out. judge_host() adds the host-wide
 * findings (CPU, firmware, kernel) to the report; judge_device() adds the
 * findings of one judged device (topology, group, reset, interrupts, BARs,
 * display, driver, sharing options). Both are pure over the report model and
 * the device facts, so tests run them on hand-built models. */
#ifndef IA_RULES_H
#define IA_RULES_H

#include "model.h"

void judge_host(struct audit_report *r);
void judge_device(const struct audit_report *r, struct judged_device *j);
/* Builds (and frees) r->rule_index, so judging every device of a large host
 * does not look at every device again for each one. */
void rule_index_build(struct audit_report *r);
void rule_index_free(struct audit_report *r);

/* "6.8.0-45-generic" >= major.minor: yes, no, or unknown when unparsable. */
enum tri kernel_at_least(const char *release, int major, int minor);

/* AMD GPU families that do not recover from FLR/bus reset (the "AMD reset bug";
 * the IDs and their sources are in amd-reset.def). The family's name, or NULL. */
const char *amd_reset_bug_family(uint16_t vendor, uint16_t device);
bool gpu_has_amd_reset_bug(uint16_t vendor, uint16_t device);

#endif
