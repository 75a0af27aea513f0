/* Decoding of one PCI function's configuration space: header, the standard
 * capability list and the extended capability list. A pure function over
 * (buffer, length): no I/O and no libpci, so it can be unit-tested and fuzzed.
 *
 * The length says how much of the space could be read (64 bytes without root,
 * 256 for conventional PCI, 4096 for PCIe). A capability that would lie past
 * the readable part is "unknown", never "absent". */
#ifndef IA_PCI_CAPS_H
#define IA_PCI_CAPS_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/* Standard capability IDs. */
#define PCI_CAPID_PM    0x01
#define PCI_CAPID_MSI   0x05
#define PCI_CAPID_PCIE  0x10
#define PCI_CAPID_MSIX  0x11
/* Extended capability IDs. */
#define PCI_EXTCAPID_ACS   0x000d
#define PCI_EXTCAPID_ARI   0x000e
#define PCI_EXTCAPID_ATS   0x000f
#define PCI_EXTCAPID_SRIOV 0x0010
#define PCI_EXTCAPID_PRI   0x0013
#define PCI_EXTCAPID_REBAR 0x0015
#define PCI_EXTCAPID_PASID 0x001b

/* Fills *caps from len bytes of configuration space. Never reads past len.
 * A chain that loops or points outside the space sets chain_broken /
 * ext_chain_broken (the caller reports it) and stops the walk there. */
void pci_caps_decode(const uint8_t *cfg, size_t len, struct pci_caps *caps);

#endif
