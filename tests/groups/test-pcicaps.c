/* Unit tests of the configuration-space decoder on hand-built spaces. */
#include "config.h"

#include "pci-caps.h"
#include "../tap.h"

#include <string.h>

static uint8_t cfg[4096];

static void put16(size_t off, uint16_t v)
{
	cfg[off] = v & 0xff;
	cfg[off + 1] = v >> 8;
}

static void put32(size_t off, uint32_t v)
{
	put16(off, v & 0xffff);
	put16(off + 2, v >> 16);
}

/* A PCIe function: PM at 0x40 -> PCIe at 0x50 -> MSI-X at 0x90; extended
 * ACS at 0x100 -> SR-IOV at 0x110 -> PASID at 0x150. */
static void build(int type, bool bridge)
{
	memset(cfg, 0, sizeof(cfg));
	put16(0, 0x8086);
	put16(2, 0x1234);
	put16(6, 0x0010);
	cfg[0x0e] = (bridge ? 1 : 0) | 0x80;
	if (bridge) {
		cfg[0x19] = 2;
		cfg[0x1a] = 5;
	}
	cfg[0x34] = 0x40;
	cfg[0x40] = 0x01, cfg[0x41] = 0x50;
	put16(0x44, 0x0008); /* NoSoftRst */
	cfg[0x50] = 0x10, cfg[0x51] = 0x90;
	put16(0x52, (uint16_t)(0x2 | (type << 4)));
	put32(0x54, 1u << 28 | 1u << 3); /* FLR, phantom functions 1 */
	put32(0x5c, 0x4 | (16 << 4));     /* LnkCap 16 GT/s x16 */
	put16(0x62, 0x3 | (8 << 4));      /* LnkSta 8 GT/s x8 */
	cfg[0x90] = 0x11, cfg[0x91] = 0x00;
	put16(0x92, 63);
	put32(0x100, 0x000d | 1u << 16 | 0x110u << 20);
	put16(0x104, 0x005f);
	put16(0x106, 0x001d);
	put32(0x110, 0x0010 | 1u << 16 | 0x150u << 20);
	put16(0x11e, 64);
	put16(0x120, 4);
	put16(0x12a, 0x10ed);
	put32(0x150, 0x001b | 1u << 16);
	put16(0x154, 20 << 8);
}

int main(void)
{
	struct pci_caps c;
	char bits[64];

	build(PCIE_TYPE_ROOT_PORT, true);
	pci_caps_decode(cfg, 4096, &c);
	tap_ok(c.pcie.present == TRI_YES && c.pcie.offset == 0x50, "PCIe capability found at 0x50");
	tap_ok(c.pcie_type == PCIE_TYPE_ROOT_PORT, "port type: root port");
	tap_ok(c.secondary_bus == 2 && c.subordinate_bus == 5, "bridge bus range");
	tap_ok(c.multifunction, "multifunction bit");
	tap_ok(c.flr == TRI_YES && c.phantom_functions == 1, "DevCap FLR and phantom functions");
	tap_ok(c.max_link_speed == 4 && c.max_link_width == 16 && c.link_speed == 3 && c.link_width == 8,
	       "link capability and status");
	tap_ok(c.pm.present == TRI_YES && c.no_soft_reset == TRI_YES, "PM with NoSoftRst");
	tap_ok(c.msix.present == TRI_YES && c.msix_vectors == 64, "MSI-X with 64 vectors");
	tap_ok(c.msi.present == TRI_NO, "MSI absent (the list was read to its end)");
	tap_ok(c.acs.present == TRI_YES && c.acs_cap == 0x5f && c.acs_ctrl == 0x1d, "ACS words");
	tap_is_str(acs_bits_text(c.acs_ctrl, bits, sizeof(bits)), "SV RR CR UF", "ACS control as words");
	tap_ok(c.sriov.present == TRI_YES && c.sriov_total_vfs == 64 && c.sriov_num_vfs == 4 &&
		       c.sriov_vf_device_id == 0x10ed,
	       "SR-IOV TotalVFs, NumVFs, VF device id");
	tap_ok(c.pasid.present == TRI_YES && ((c.pasid_cap >> 8) & 0x1f) == 20, "PASID width");
	tap_ok(c.ats.present == TRI_NO && c.ari.present == TRI_NO && c.pri.present == TRI_NO &&
		       c.rebar.present == TRI_NO,
	       "absent extended capabilities are 'no'");
	tap_ok(!c.chain_broken && !c.ext_chain_broken, "no broken chain");

	/* Without root only 64 bytes are readable: everything past is unknown. */
	pci_caps_decode(cfg, 64, &c);
	tap_ok(c.pcie.present == TRI_UNKNOWN && c.acs.present == TRI_UNKNOWN && c.pm.present == TRI_UNKNOWN,
	       "64 bytes: capabilities unknown, not absent");
	tap_ok(c.secondary_bus == 2 && c.multifunction, "64 bytes: header still decoded");

	/* 256 bytes of a PCIe function: standard caps known, extended unknown. */
	pci_caps_decode(cfg, 256, &c);
	tap_ok(c.pcie.present == TRI_YES && c.acs.present == TRI_UNKNOWN, "256 bytes: extended caps unknown");

	/* Conventional PCI (no PCIe capability): extended caps are "no". */
	build(PCIE_TYPE_ENDPOINT, false);
	cfg[0x41] = 0x00; /* PM is the only capability */
	pci_caps_decode(cfg, 256, &c);
	tap_ok(c.pcie.present == TRI_NO && c.acs.present == TRI_NO && c.sriov.present == TRI_NO,
	       "conventional PCI: no PCIe, no extended capabilities");

	/* No capability list at all. */
	build(PCIE_TYPE_ENDPOINT, false);
	put16(6, 0);
	pci_caps_decode(cfg, 4096, &c);
	tap_ok(c.pcie.present == TRI_NO && c.pm.present == TRI_NO, "status without the list bit: no capabilities");

	/* Loops are stopped and reported. */
	build(PCIE_TYPE_ENDPOINT, false);
	cfg[0x91] = 0x40;
	pci_caps_decode(cfg, 4096, &c);
	tap_ok(c.chain_broken && c.pcie.present == TRI_YES, "standard list loop detected, earlier caps kept");
	build(PCIE_TYPE_ENDPOINT, false);
	put32(0x150, 0x001b | 1u << 16 | 0x100u << 20);
	pci_caps_decode(cfg, 4096, &c);
	tap_ok(c.ext_chain_broken && c.acs.present == TRI_YES, "extended list loop detected");
	build(PCIE_TYPE_ENDPOINT, false);
	cfg[0x41] = 0x20;
	pci_caps_decode(cfg, 4096, &c);
	tap_ok(c.chain_broken, "pointer into the header is a broken chain");

	/* Truncation inside a capability never reads past the length. */
	build(PCIE_TYPE_DOWNSTREAM, true);
	pci_caps_decode(cfg, 0x52, &c);
	tap_ok(c.pcie.present == TRI_YES && c.pcie_type == PCIE_TYPE_NONE, "PCIe header cut short: type unknown");
	tap_is_str(pcie_type_name(PCIE_TYPE_PCIE_TO_PCI), "PCIe-to-PCI bridge", "type names");
	return tap_done();
}
