#include "config.h"

#include <stdlib.h>

#include "acpi-buf.h"
#include "acpi-madt.h"
#include "acpi-sdt.h"
#include "util.h"

#define MADT_HEADER_LEN 44

void acpi_madt_decode(struct acpi_table *t)
{
	const uint8_t *b = t->bytes;
	size_t len = t->len;
	struct acpi_fields *f = &t->fields;
	struct acpi_madt *m = xcalloc(1, sizeof(*m));
	t->madt = m;
	af_uint(f, b, len, 36, 4, "Local Apic Address");
	af_uint(f, b, len, 40, 4, "Flags (decoded below)");
	m->local_apic_address = acpi_u32(b, len, 36);
	m->flags = acpi_u32(b, len, 40);
	size_t off = MADT_HEADER_LEN;
	unsigned steps = 0;
	while (off + 2 <= len) {
		if (++steps > ACPI_WALK_LIMIT)
			break;
		uint8_t type = b[off], slen = b[off + 1];
		af_uint(f, b, len, off, 1, "Subtable Type");
		af_uint(f, b, len, off + 1, 1, "Length");
		if (slen < 2) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_ZERO_LENGTH,
				     "MADT entry at 0x%zx has length %u; parsing stops here", off, slen);
			break;
		}
		if (slen > len - off) {
			acpi_finding(t, FIND_ACPI_SUBTABLE_TRUNCATED,
				     "MADT entry at 0x%zx claims %u bytes but only %zu remain", off, slen,
				     len - off);
			break;
		}
		if (type == 0 && slen >= 8) {
			af_uint(f, b, len, off + 2, 1, "Processor ID");
			af_uint(f, b, len, off + 3, 1, "Local Apic ID");
			af_uint(f, b, len, off + 4, 4, "Flags (decoded below)");
		} else if (type == 1 && slen >= 12) {
			af_uint(f, b, len, off + 2, 1, "I/O Apic ID");
			af_uint(f, b, len, off + 3, 1, "Reserved");
			af_uint(f, b, len, off + 4, 4, "Address");
			af_uint(f, b, len, off + 8, 4, "Interrupt");
			struct madt_ioapic *io = xappend(&m->ioapics, &m->n_ioapics, sizeof(*io));
			io->offset = (uint32_t)off;
			io->id = b[off + 2];
			io->address = acpi_u32(b, len, off + 4);
			io->gsi_base = acpi_u32(b, len, off + 8);
		} else if (type == 2 && slen >= 10) {
			af_uint(f, b, len, off + 2, 1, "Bus");
			af_uint(f, b, len, off + 3, 1, "Source");
			af_uint(f, b, len, off + 4, 4, "Interrupt");
			af_uint(f, b, len, off + 8, 2, "Flags (decoded below)");
		}
		off += slen;
	}
}

void acpi_madt_free(struct acpi_madt *m)
{
	if (!m)
		return;
	free(m->ioapics);
	free(m);
}
