/* The Linux kernel's device-specific rules that change IOMMU grouping, as
 * tables written from the kernel's behaviour (drivers/pci/quirks.c): ACS
 * quirks (pci_dev_specific_acs_enabled) and DMA-alias quirks. Each entry names
 * the kernel function it mirrors. The tables cannot be complete for every
 * kernel: a newer kernel may know more devices (the mismatch finding says so). */
#ifndef IA_QUIRKS_H
#define IA_QUIRKS_H

#include <stdbool.h>
#include <stdint.h>

#include "model.h"

/* The state of the host that some quirks depend on. */
struct quirk_context {
	bool iommu_on;  /* the kernel enabled ACS at boot (an IOMMU driver asked for it) */
	/* The ACS control was not read after that step (a forecast): apply the
	 * kernel's enable step to the control as read. When false, the control
	 * read back from the device is what the kernel saw. */
	bool simulate_enable;
	bool has_ivrs;  /* an AMD IVRS table is present */
	const char *acs_override; /* pcie_acs_override= value, or NULL */
};

/* The answer of the kernel's quirk for "does d provide the ACS flags?":
 * -1 when no quirk applies (the standard rules decide), 0 no, 1 yes. *name is
 * the kernel function that decided. tri_unknown is set when the quirk needed a
 * register that was not readable. */
int quirk_acs_enabled(const struct pci_device *d, bool on_root_bus, uint16_t flags,
		      const struct quirk_context *ctx, const char **name, bool *unknown);

/* Same-bus DMA aliases the kernel gives d (its dma_alias_mask): writes up to
 * max devfns into devfns, returns the count; *name names the quirk. */
unsigned quirk_dma_alias_devfns(const struct pci_device *d, uint8_t *devfns, unsigned max, const char **name);

/* A conventional PCI bridge whose devices' DMA carries the alias
 * secondary-bus:00.0 instead of the bridge's own ID
 * (quirk_use_pcie_bridge_dma_alias). */
bool quirk_bridge_uses_secondary_alias(const struct pci_device *bridge);

/* A bridge at which the IOMMU sees requester IDs untranslated, so the alias
 * walk stops there (quirk_bridge_cavm_thrx2_pcie_root). */
bool quirk_bridge_translates_at_root(const struct pci_device *bridge);

#endif
