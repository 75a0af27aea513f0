/* Readers of firmware tables into a struct acpi_tables (acpi/acpi-tables.h):
 * the live or captured table directory through hostenv, and files named on
 * the command line (raw tables or acpidump text, told apart by content). */
#ifndef IA_ACPI_LOAD_H
#define IA_ACPI_LOAD_H

#include "acpi-tables.h"
#include "hostenv.h"

/* Largest table read from anywhere (the kernel's are a few KiB). */
#define ACPI_LOAD_MAX (16u << 20)

/* Adds the DMAR, IVRS, IORT and APIC tables (and numbered duplicates such as
 * DMAR1) of ROOT/sys/firmware/acpi/tables. Returns how many, or -errno when
 * the directory cannot be listed; an unreadable table adds a TOOL_UNREADABLE
 * finding to set->findings. */
int acpi_load_host(struct acpi_tables *set, const struct hostenv *env);

/* Adds the tables of PATH: a raw table, acpidump text (every DMAR/IVRS/IORT/
 * APIC table in it), or a directory of such files. Returns how many, or -1
 * with *err set to a one-line message naming the file (and byte offset). */
int acpi_load_path(struct acpi_tables *set, const char *path, char **err);

/* Same, for bytes already in memory (name is used in messages). Takes
 * ownership of buf. */
int acpi_load_buffer(struct acpi_tables *set, uint8_t *buf, size_t len, const char *name,
		     char **err);

#endif
