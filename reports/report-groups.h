/* The `groups` command's text (contract in the man page). */
#ifndef IA_REPORT_GROUPS_H
#define IA_REPORT_GROUPS_H

#include <stdbool.h>
#include <stdio.h>

#include "model.h"

/* The kernel's groups, or with PREDICTED the computed ones; WHY adds the reason
 * for every member and the prediction's findings. */
void report_groups_text(FILE *out, const struct audit_report *r, bool predicted, bool why);

#endif
