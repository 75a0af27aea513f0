/* One host's firmware tables: the common ACPI header, and struct acpi_tables,
 * which holds every table read (its bytes, where it came from, its decode, its
 * field list and its findings). Pure: decoding takes bytes, does no I/O.
 *
 * Use: acpi_tables_add() each table's bytes (the set takes ownership), then
 * acpi_tables_decode() once: it decodes each table by signature and runs the
 * checks that need more than one table (IOAPIC coverage by DMAR/IVRS against
 * the MADT). Later modules read the models (t->dmar, t->ivrs, t->iort,
 * t->madt) and acpi_tables_find(). */
#ifndef IA_ACPI_SDT_H
#define IA_ACPI_SDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "acpi-fields.h"
#include "findings.h"

#define ACPI_HEADER_LEN 36

struct acpi_header {
	char signature[5];    /* NUL-terminated, unprintable bytes as '?' */
	uint32_t length;      /* as the header says */
	uint8_t revision;
	uint8_t checksum;
	char *oem_id;         /* sanitized */
	char *oem_table_id;   /* sanitized */
	uint32_t oem_revision;
	char *creator_id;     /* sanitized */
	uint32_t creator_revision;
	bool checksum_ok;     /* the bytes of the table (header length) sum to 0 */
	bool complete;        /* the buffer holds the header's length of bytes */
};

struct acpi_dmar;
struct acpi_ivrs;
struct acpi_iort;
struct acpi_madt;

struct acpi_table {
	char *source;            /* file name or "NAME in FILE" */
	uint8_t *bytes;          /* owned */
	size_t size;             /* bytes held */
	size_t len;              /* bytes decoded: min(size, header length) */
	struct acpi_header hdr;
	struct acpi_fields fields;
	struct finding_list findings;
	struct acpi_dmar *dmar;  /* at most one of these is set, by signature */
	struct acpi_ivrs *ivrs;
	struct acpi_iort *iort;
	struct acpi_madt *madt;
};

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

/* Decodes one table alone (header, body, its own findings). */
void acpi_table_decode(struct acpi_table *t);
/* The header fields (offsets 0..35) into t->fields; used by every decoder. */
void acpi_header_fields(struct acpi_table *t);
/* A finding about this table; the subject is the table's source. */
void acpi_finding(struct acpi_table *t, enum finding_id id, const char *fmt, ...) IA_PRINTF(3, 4);
/* Whether the signature is one this module decodes (DMAR, IVRS, IORT, APIC). */
bool acpi_signature_known(const char *sig);
/* Whether a file name under sys/firmware/acpi/tables holds the table SIG: the
 * signature itself, or a numbered duplicate as the kernel names them ("DMAR1",
 * "DMAR12"); never "DMAR1x". */
bool acpi_table_name_is(const char *name, const char *sig);

#endif
