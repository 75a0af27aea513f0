/* The Linux kernel's device-specific rules that change IOMMU grouping and
 * reset: ACS quirks (pci_dev_specific_acs_enabled), DMA-alias quirks, bridge
 * alias flags, Intel VMD and reset quirks. The facts live in
 * kernel-quirks.def, each entry with the kernel release that has it; the
 * answers here are those of the kernel release the host runs (the newest
 * table when the release is unknown). */
#ifndef IA_QUIRKS_H
#define IA_QUIRKS_H

#include <stdbool.h>
#include <stddef.h>
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
	const char *acs_override;   /* pcie_acs_override= value, or NULL */
	const char *kernel_release; /* osrelease ("6.1.0-13-amd64"), NULL when unknown */
	const struct pci_device *devs; /* the host's functions, for quirks that read */
	size_t n_devs;                 /* another function (the Intel PCH LPC bridge) */
};

/* Which table entry answered, for --why and the mismatch finding. */
struct quirk_hit {
	const char *name;   /* the kernel function ("pci_quirk_intel_pch_acs") */
	const char *since;  /* the release the table gives for the entry ("6.1") */
	bool since_is_verified; /* `since` is the release it was verified in, not the one that added it */
	bool before_since;  /* the host runs an older release; the entry is assumed there */
	const char *caveat; /* a condition the snapshot cannot show, or NULL */
};

/* "kernel quirk NAME (in the table since Linux X[, verified there])" and the
 * caveats, for explanations. Returns a new string. */
char *quirk_hit_text(const struct quirk_hit *hit);

/* The answer of the kernel's quirk for "does d provide the ACS flags?":
 * -1 when no quirk applies (the standard rules decide), 0 no, 1 yes. *unknown
 * is set when the quirk needed a register that was not readable.
 * redir_disabled: pci=disable_acs_redir= names d (the quirks that keep a
 * control of their own clear RR CR EC in it). */
int quirk_acs_enabled(const struct pci_device *d, bool on_root_bus, uint16_t flags, bool redir_disabled,
		      const struct quirk_context *ctx, struct quirk_hit *hit, bool *unknown);

/* The ACS capability and control words as the kernel reads them: for Intel
 * Sunrise/Union Point root ports the low halves of the dwords at +4 and +8
 * (pci_quirk_intel_spt_pch_acs); false for every other function (the
 * standard words at +4 and +6 apply). */
bool quirk_acs_registers(const struct pci_device *d, const struct quirk_context *ctx, uint16_t *cap, uint16_t *ctrl);

/* Same-bus DMA aliases the kernel gives d (its dma_alias_mask): bit devfn of
 * mask (32 bytes) set for each. Returns whether any quirk applies; *unknown is
 * set when the kernel reads the aliases from the device at boot (Switchtec
 * NTB), so they cannot be known from a snapshot. */
bool quirk_dma_aliases(const struct pci_device *d, const struct quirk_context *ctx, uint8_t mask[32],
		       struct quirk_hit *hit, bool *unknown);

/* How the kernel's alias walk (pci_for_each_dma_alias) treats a bridge. */
enum bridge_alias {
	BRIDGE_ALIAS_BY_TYPE,   /* by its port type: no quirk */
	BRIDGE_ALIAS_SECONDARY, /* conventional bridge acting as PCIe-to-PCI: secondary-bus:00.0 */
	BRIDGE_ALIAS_NONE,      /* PCIe-to-PCI bridge that forwards the requester ID */
	BRIDGE_ALIAS_STOP,      /* translation starts at this bridge: the walk stops */
};
/* parent is the bridge above `bridge`, NULL when it is on a root bus. */
enum bridge_alias quirk_bridge_alias(const struct pci_device *bridge, const struct pci_device *parent,
				     const struct quirk_context *ctx, struct quirk_hit *hit);

/* An Intel VMD endpoint (the vmd driver's IDs); ctx NULL: any release. */
bool quirk_is_vmd(const struct pci_device *d, const struct quirk_context *ctx);

/* Reset quirks of d (QUIRK_NO_* bits). */
enum {
	QUIRK_NO_BUS_RESET = 1,  /* quirk_no_bus_reset: no secondary bus reset */
	QUIRK_NO_PM_RESET = 2,   /* quirk_no_pm_reset: D3hot->D0 does not reset it */
	QUIRK_NO_FLR = 4,        /* quirk_no_flr */
	QUIRK_DEVICE_RESET = 8,  /* pci_dev_reset_methods: a device-specific reset */
};
unsigned quirk_reset_flags(const struct pci_device *d, bool on_root_bus, const struct quirk_context *ctx);

#endif
