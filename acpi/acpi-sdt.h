/* The common part of every ACPI table: its 36-byte header, struct acpi_table
 * (one table's bytes, source, decode, field list and findings) and the helpers
 * each table parser calls. Depends on no parser: acpi-tables.h dispatches
 * a table to its parser by signature. Pure: takes bytes, does no I/O. */
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

/* A reserved field (or the reserved bits of a field) found non-zero. */
struct acpi_reserved_field {
	uint32_t offset;
	uint8_t width;
	uint64_t bits;    /* the value with only the reserved bits kept */
	const char *name; /* static */
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
	/* Non-zero reserved fields, reported together as one finding once the
	 * table is decoded; only the first ACPI_RESERVED_LISTED are kept. */
	struct acpi_reserved_field *reserved;
	size_t n_reserved, n_reserved_seen;
	struct acpi_dmar *dmar;  /* at most one of these is set, by signature */
	struct acpi_ivrs *ivrs;
	struct acpi_iort *iort;
	struct acpi_madt *madt;
};

/* Decodes the header into t->hdr and its fields (offsets 0..35) into
 * t->fields, sets t->len (the bytes a body parser may read) and notes the
 * length and checksum findings. False when the bytes hold no whole header
 * (there is no body to decode). */
bool acpi_header_decode(struct acpi_table *t);
/* A finding about this table; the subject is the table's source. */
void acpi_finding(struct acpi_table *t, enum finding_id id, const char *fmt, ...) IA_PRINTF(3, 4);
/* Notes the reserved bits `mask` of the width-byte field at off when any of
 * them is set (nothing when the field is not wholly in the table). */
#define ACPI_RESERVED_LISTED 64
void acpi_reserved(struct acpi_table *t, size_t off, unsigned width, uint64_t mask,
		   const char *name);
/* The reserved fields noted by acpi_reserved, as one finding (none when none). */
void acpi_reserved_report(struct acpi_table *t);
/* Whether a file name under sys/firmware/acpi/tables holds the table SIG: the
 * signature itself, or a numbered duplicate as the kernel names them ("DMAR1",
 * "DMAR12"); never "DMAR1x". */
bool acpi_table_name_is(const char *name, const char *sig);

#endif
