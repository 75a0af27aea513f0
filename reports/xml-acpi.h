/* The firmware-table decode as XML (namespace urn:iommu-audit:report:1,
 * schema reports/iommu-audit-acpi.xsd): one <acpi> element holding a <table>
 * per table with its model (<dmar>, <ivrs>, <iort>, <madt>) and findings. */
#ifndef IA_XML_ACPI_H
#define IA_XML_ACPI_H

#include <stdio.h>
#include <libxml/xmlwriter.h>

#include "acpi-tables.h"

#define IA_REPORT_NS "urn:iommu-audit:report:1"

/* Writes <acpi>...</acpi> at the writer's position (embeddable in the full
 * report). Returns 0, or -1 when the writer failed. */
int xml_write_acpi(xmlTextWriterPtr w, const struct acpi_tables *set);
/* A whole document with <acpi> as its root, to out. */
int xml_acpi_document(FILE *out, const struct acpi_tables *set);

#endif
