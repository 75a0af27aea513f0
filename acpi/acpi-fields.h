/* The field list: every decoded field of a table with its byte offset from
 * the start of the table, its width, its name and its value, at the
 * granularity of ACPICA's `iasl -d`, so that `iommu-audit acpi --fields` can be
 * compared with iasl field by field (offset and value). The readable decode
 * and the XML come from the models; this list is the exact, flat view. */
#ifndef IA_ACPI_FIELDS_H
#define IA_ACPI_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum acpi_field_kind {
	AF_UINT,   /* little-endian unsigned integer of `width` bytes */
	AF_STRING, /* fixed-size ASCII name (OEM ID, HID, device name) */
	AF_BYTES,  /* raw bytes printed as a list ("00 00 00") */
	AF_PATH,   /* a DMAR device-scope path element "DD,FF" */
};

struct acpi_field {
	uint32_t offset;  /* from the start of the table */
	uint32_t width;   /* bytes */
	const char *name; /* static, ACPICA's name where it has one */
	enum acpi_field_kind kind;
	uint64_t value;   /* AF_UINT (and the first 8 bytes of others, LE) */
	char *text;       /* AF_STRING/AF_BYTES/AF_PATH rendering; NULL for AF_UINT */
	const char *note; /* static explanation printed in brackets, or NULL */
};

struct acpi_fields {
	struct acpi_field *v;
	size_t n, cap;
};

/* Each adder records the field only if it lies wholly inside buf[0..len)
 * (ACPICA stops at the same point), and returns whether it did. */
bool af_uint(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, unsigned width,
	     const char *name);
/* A name as ACPICA prints it: up to the first NUL, unprintable bytes as spaces. */
bool af_string(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, unsigned width,
	       const char *name);
bool af_bytes(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, unsigned width,
	      const char *name);
bool af_path(struct acpi_fields *f, const uint8_t *buf, size_t len, size_t off, const char *name);
/* Attaches a static note to the last field added (ignored when none was). */
/* A line ACPICA prints at an offset with a text instead of a number (a
 * heading such as "[IORT Memory Access Properties]", or the checksum with its
 * correction). text is copied. */
void af_label(struct acpi_fields *f, size_t off, unsigned width, const char *name, const char *text);
void af_note(struct acpi_fields *f, const char *note);

/* One line per field: "0x024 1 Host Address Width: 0x2d [note]". */
void acpi_fields_print(FILE *out, const struct acpi_fields *f);
void acpi_fields_free(struct acpi_fields *f);

#endif
