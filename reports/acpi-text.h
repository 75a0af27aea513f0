/* The decoded firmware tables as text, one renderer for `iommu-audit acpi`
 * and the browser's firmware view, so the two never disagree. */
#ifndef IA_ACPI_TEXT_H
#define IA_ACPI_TEXT_H

#include <stdio.h>

#include "acpi-sdt.h"

/* What a table declares, one item a line, indented by two spaces (the units
 * and regions), six for what they cover (device scopes, ranges, mappings):
 * DMAR, IVRS, IORT and MADT; nothing for other tables. */
void acpi_text_decoded(FILE *o, const struct acpi_table *t);

#endif
