/* IOMMU coverage: which DMAR DRHD / IVRS IVHD unit translates each PCI
 * function, which reserved regions (RMRR, IVMD, IORT RMR) name it, and which
 * firmware scope entries name devices that do not exist.
 *
 * It works on a neutral description of the firmware's units and regions
 * (struct fw_iommu_model), so it does not depend on how the ACPI tables are
 * decoded; an adapter fills it from the DMAR/IVRS model. Matching follows the
 * kernel: Intel device_to_iommu() (exact scope match, or a scoped bridge whose
 * bus range holds the device's bus, INCLUDE_PCI_ALL units last, VFs matched
 * through their PF); AMD's device-id lookup table built from IVHD entries,
 * without the IOMMU's own function. */
#ifndef IA_COVERAGE_H
#define IA_COVERAGE_H

#include "findings.h"
#include "model.h"

struct fw_hop {
	uint8_t dev, fn;
};

/* A DMAR-style device scope: a start bus and a path of (device, function)
 * hops through bridges. */
struct fw_scope {
	uint8_t start_bus;
	const struct fw_hop *path;
	size_t path_len;
	bool bridge;      /* a bridge scope: the bridge and everything below */
	uint32_t offset;  /* of the entry in its table, for messages */
};

/* A range of 16-bit device ids (bus << 8 | devfn), both ends included. */
struct fw_range {
	uint16_t first, last;
};

/* An IVHD alias entry: devices of the range issue DMA as `alias`. */
struct fw_alias {
	struct fw_range range;
	uint16_t alias;
};

struct fw_unit {
	char name[32];        /* "DRHD@0x30" or "IVHD@0x28" */
	uint16_t segment;
	bool include_all;     /* DRHD INCLUDE_PCI_ALL, or an IVHD select-all entry */
	const struct fw_scope *scopes;
	size_t n_scopes;
	const struct fw_range *ranges;  /* IVHD select / range entries */
	size_t n_ranges;
	const struct fw_alias *aliases; /* IVHD alias entries */
	size_t n_aliases;
	long self_devid;      /* IVHD: the IOMMU's own PCI function, or -1 */
	bool acpi_devices;    /* DRHD: a scope names an ACPI namespace device */
};

struct fw_region {
	char name[32];        /* "RMRR@0x80", "IVMD@0x60", "RMR" */
	uint16_t segment;
	uint64_t base, limit; /* limit included */
	bool all_devices;     /* IVMD for every device */
	const struct fw_scope *scopes;
	size_t n_scopes;
	const struct fw_range *ranges;
	size_t n_ranges;
};

struct fw_iommu_model {
	const struct fw_unit *units;
	size_t n_units;
	const struct fw_region *regions;
	size_t n_regions;
};

/* Resolves a scope path on segment seg to a device index, or -1 when a hop
 * names no device (or the path loops or runs too long). */
long coverage_resolve_scope(const struct pci_device *devs, size_t n, uint16_t seg, const struct fw_scope *s);

void coverage_compute(const struct pci_device *devs, size_t n, const struct fw_iommu_model *m,
		      struct coverage_result *out);
void coverage_free(struct coverage_result *c);

#endif
