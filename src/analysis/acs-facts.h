/* Devices whose ACS control register does not keep what the kernel writes:
 * the kernel's enable step (pci_enable_acs -> pci_std_enable_acs) sets the
 * implemented SV/RR/CR/UF bits at boot, yet the register reads them back off,
 * so pci_acs_enabled() fails and the kernel groups the devices below the port
 * together. Each entry names the real machine and kernel it was seen on. The
 * forecast of a host whose IOMMU is still off uses the table so that such a
 * port is not promised the isolation its capability suggests. */
#ifndef IA_ACS_FACTS_H
#define IA_ACS_FACTS_H

#include <stdint.h>

struct acs_ctrl_not_kept {
	uint16_t vendor, device;
	const char *family;   /* the product family, as pci.ids names it */
	const char *evidence; /* where it was seen: machine, kernel, public source */
};

/* The table's entry for vendor:device, or NULL. */
const struct acs_ctrl_not_kept *acs_ctrl_not_kept_lookup(uint16_t vendor, uint16_t device);

#endif
