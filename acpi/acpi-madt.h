/* MADT (signature APIC), only what the IOMMU checks need: the I/O APICs
 * (id, address, first GSI). Interrupt remapping must cover each of them. */
#ifndef IA_ACPI_MADT_H
#define IA_ACPI_MADT_H

#include <stddef.h>
#include <stdint.h>

struct acpi_table;

struct madt_ioapic {
	uint32_t offset;
	uint8_t id;
	uint32_t address;
	uint32_t gsi_base; /* 0 = the "southbridge" IOAPIC on AMD */
};

struct acpi_madt {
	uint32_t local_apic_address, flags;
	struct madt_ioapic *ioapics; size_t n_ioapics;
};

void acpi_madt_decode(struct acpi_table *t);
void acpi_madt_free(struct acpi_madt *m);

#endif
