/* DMAR (Intel VT-d DMA Remapping Reporting table): the model.
 *
 * Every structure of the current VT-d specification is kept, in table order
 * per kind, with its byte offset in the table (for messages). Device scopes
 * keep their raw start bus and (device, function) path; resolving a path to a
 * PCI device needs the bus topology and is the analysis' job. */
#ifndef IA_ACPI_DMAR_H
#define IA_ACPI_DMAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct acpi_table;

/* DMAR header flags (byte 37). */
#define DMAR_FLAG_INTR_REMAP 0x01
#define DMAR_FLAG_X2APIC_OPT_OUT 0x02
#define DMAR_FLAG_DMA_CTRL_PLATFORM_OPT_IN 0x04

enum dmar_struct_type {
	DMAR_DRHD = 0,
	DMAR_RMRR = 1,
	DMAR_ATSR = 2,
	DMAR_RHSA = 3,
	DMAR_ANDD = 4,
	DMAR_SATC = 5,
	DMAR_SIDP = 6,
};

enum dmar_scope_type {
	DMAR_SCOPE_ENDPOINT = 1,  /* one PCI endpoint */
	DMAR_SCOPE_BRIDGE = 2,    /* a bridge and everything below it */
	DMAR_SCOPE_IOAPIC = 3,    /* enumeration id = IOAPIC id */
	DMAR_SCOPE_HPET = 4,      /* enumeration id = HPET number */
	DMAR_SCOPE_NAMESPACE = 5, /* enumeration id = ANDD device number */
};

struct dmar_hop {
	uint8_t dev, fn;
};

struct dmar_scope {
	uint32_t offset;     /* of the scope entry in the table */
	uint8_t type;        /* enum dmar_scope_type, or an unknown number */
	uint8_t flags;       /* byte 2 (newer VT-d revisions); raw */
	uint8_t enumeration_id;
	uint8_t start_bus;
	struct dmar_hop *path; /* hops from start_bus, walked through bridges */
	size_t path_len;
};

struct dmar_scopes {
	struct dmar_scope *v;
	size_t n;
};

struct dmar_drhd {
	uint32_t offset;
	uint8_t flags;
	bool include_pci_all;   /* flags bit 0: every PCI device of the segment not
				 * listed under another unit */
	uint8_t size;           /* byte 5, bits 3:0 = log2 of register pages */
	uint64_t register_size; /* bytes, resolved from size (4 KiB << n) */
	uint16_t segment;
	uint64_t base;
	struct dmar_scopes scopes;
};

struct dmar_rmrr {
	uint32_t offset;
	uint16_t flags;  /* bytes 4-5 (reserved; ACPICA: bit 0 ALLOW_ALL) */
	uint16_t segment;
	uint64_t base;
	uint64_t limit;  /* inclusive end */
	struct dmar_scopes scopes;
};

struct dmar_atsr {
	uint32_t offset;
	uint8_t flags;
	bool all_ports; /* flags bit 0 */
	uint16_t segment;
	struct dmar_scopes scopes;
};

struct dmar_rhsa {
	uint32_t offset;
	uint64_t base; /* names a DRHD by its register base */
	uint32_t proximity_domain;
};

struct dmar_andd {
	uint32_t offset;
	uint8_t device_number; /* matches NAMESPACE scopes' enumeration id */
	char *name;            /* ACPI object path, sanitized */
};

struct dmar_satc {
	uint32_t offset;
	uint8_t flags;
	bool atc_required; /* flags bit 0 */
	uint16_t segment;
	struct dmar_scopes scopes;
};

struct dmar_sidp {
	uint32_t offset;
	uint16_t segment;
	struct dmar_scopes scopes;
};

struct dmar_unknown {
	uint32_t offset;
	uint16_t type, length;
};

struct acpi_dmar {
	uint8_t width;              /* raw byte 36 */
	unsigned host_address_bits; /* width + 1 */
	uint8_t flags;
	bool intr_remap, x2apic_opt_out, dma_ctrl_platform_opt_in;
	struct dmar_drhd *drhd;  size_t n_drhd;
	struct dmar_rmrr *rmrr;  size_t n_rmrr;
	struct dmar_atsr *atsr;  size_t n_atsr;
	struct dmar_rhsa *rhsa;  size_t n_rhsa;
	struct dmar_andd *andd;  size_t n_andd;
	struct dmar_satc *satc;  size_t n_satc;
	struct dmar_sidp *sidp;  size_t n_sidp;
	struct dmar_unknown *unknown; size_t n_unknown;
};

/* Decodes t->bytes[0..t->len) into t->dmar, t->fields and t->findings. */
void acpi_dmar_decode(struct acpi_table *t);
void acpi_dmar_free(struct acpi_dmar *d);
const char *dmar_struct_name(unsigned type);
const char *dmar_scope_name(unsigned type);
/* "00:1c.4/00.0"-style rendering of a scope's path: start bus, then hops. */
char *dmar_scope_path_string(const struct dmar_scope *s);

#endif
