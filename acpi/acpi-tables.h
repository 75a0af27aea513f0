/* One host's firmware tables: struct acpi_tables holds every table read
 * (struct acpi_table, acpi-sdt.h) and the findings that need more than one.
 *
 * Use: acpi_tables_add() each table's bytes (the set takes ownership), then
 * acpi_tables_decode() once: it decodes each table by signature and runs the
 * checks that need more than one table (IOAPIC coverage by DMAR/IVRS against
 * the MADT). Later modules read the models (t->dmar, t->ivrs, t->iort,
 * t->madt) and acpi_tables_find(). */
#ifndef IA_ACPI_TABLES_H
#define IA_ACPI_TABLES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acpi-sdt.h"
#include "findings.h"

struct acpi_tables {
	struct acpi_table *v;
	size_t n;
	struct finding_list findings; /* checks across tables (IOAPIC coverage) */
};

/* Appends a table; takes ownership of bytes (malloc'd). Returns it. */
struct acpi_table *acpi_tables_add(struct acpi_tables *set, uint8_t *bytes, size_t size,
				   const char *source);
/* Decodes every table not yet decoded, then runs the cross-table checks. */
void acpi_tables_decode(struct acpi_tables *set);
/* The first table with this signature ("DMAR"), or NULL. */
const struct acpi_table *acpi_tables_find(const struct acpi_tables *set, const char *sig);
void acpi_tables_free(struct acpi_tables *set);

/* Decodes one table alone (header, body by signature, its own findings). */
void acpi_table_decode(struct acpi_table *t);
/* Whether the signature is one this module decodes (DMAR, IVRS, IORT, APIC). */
bool acpi_signature_known(const char *sig);

#endif
