/* The text `acpidump` prints (what users paste into bug reports):
 *
 *     DMAR @ 0x0000000000000000
 *         0000: 44 4D 41 52 88 00 00 00 01 3A 49 4E 54 45 4C 20  DMAR.....:INTEL
 *
 * One text may hold many tables; lines that are neither a table heading nor a
 * hex line (prose around a paste) are skipped. Pure: text in, byte buffers out. */
#ifndef IA_ACPI_DUMP_H
#define IA_ACPI_DUMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acpi_dump_table {
	char name[5];    /* from the heading ("DMAR"), "" when the paste had none */
	uint8_t *bytes;  /* malloc'd; the caller owns it */
	size_t len;
	size_t text_offset; /* where the table's text starts (for messages) */
};

/* Largest table accepted from text; offsets beyond it are an input error. */
#define ACPI_DUMP_MAX_TABLE (16u << 20)

struct acpi_dump_error {
	size_t offset;   /* byte offset of the malformed line in the text */
	const char *why; /* static text */
};

/* Parses text[0..len). Returns the number of tables (0 if none) and sets *out
 * (free each bytes and the array). On a malformed hex line (a row that does not
 * start where the table's bytes end, or a table past ACPI_DUMP_MAX_TABLE)
 * returns -1 with *err set. A row takes at least three characters a byte and
 * a buffer at most doubles, so what is allocated stays within a small multiple
 * of the text. */
int acpi_dump_parse(const char *text, size_t len, struct acpi_dump_table **out, struct acpi_dump_error *err);
void acpi_dump_free(struct acpi_dump_table *v, int n);

/* Content sniffing: a raw table starts with a 4-character signature and a
 * plausible length; anything else is tried as acpidump text. */
bool acpi_looks_raw(const uint8_t *buf, size_t len);

#endif
