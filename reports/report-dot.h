/* The PCI topology as a Graphviz graph (DOT): every function under its bridge,
 * IOMMU groups as clusters, ACS on each bridge, GPUs coloured by verdict, and
 * the path that breaks a GPU's isolation in red. Renders the model only. */
#ifndef IA_REPORT_DOT_H
#define IA_REPORT_DOT_H

#include <stdio.h>

#include "model.h"

/* Writes the graph; verdicts and the highlighted paths are for hypervisor hv.
 * Returns 0, or -1 if writing failed. */
int report_dot(FILE *out, const struct audit_report *r, enum hypervisor hv);

#endif
