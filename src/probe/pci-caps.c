#include "config.h"

#include "pci-caps.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* Bounds-checked little-endian readers: false when [off, off+width) is not
 * inside the readable part. */
static bool rd8(const uint8_t *b, size_t len, size_t off, uint8_t *v)
{
	if (off >= len)
		return false;
	*v = b[off];
	return true;
}

static bool rd16(const uint8_t *b, size_t len, size_t off, uint16_t *v)
{
	if (off > len || len - off < 2)
		return false;
	*v = (uint16_t)(b[off] | (b[off + 1] << 8));
	return true;
}

static bool rd32(const uint8_t *b, size_t len, size_t off, uint32_t *v)
{
	if (off > len || len - off < 4)
		return false;
	*v = (uint32_t)b[off] | ((uint32_t)b[off + 1] << 8) | ((uint32_t)b[off + 2] << 16) |
	     ((uint32_t)b[off + 3] << 24);
	return true;
}

static void found(struct cap_presence *c, size_t off)
{
	/* The first instance counts, as the kernel's pci_find_capability. */
	if (c->present != TRI_YES) {
		c->present = TRI_YES;
		c->offset = (uint16_t)off;
	}
}

static void decode_pcie(const uint8_t *b, size_t len, size_t pos, struct pci_caps *c)
{
	uint16_t flags;
	uint32_t devcap, lnkcap;
	uint16_t lnksta;
	if (rd16(b, len, pos + 2, &flags)) {
		c->pcie_type = (flags >> 4) & 0xf;
		c->slot_implemented = (flags & 0x100) ? TRI_YES : TRI_NO;
	}
	if (rd32(b, len, pos + 4, &devcap)) {
		c->flr = (devcap & (1u << 28)) ? TRI_YES : TRI_NO;
		c->phantom_functions = (devcap >> 3) & 3;
	}
	if (rd32(b, len, pos + 0x0c, &lnkcap)) {
		c->max_link_speed = lnkcap & 0xf;
		c->max_link_width = (lnkcap >> 4) & 0x3f;
	}
	if (rd16(b, len, pos + 0x12, &lnksta)) {
		c->link_speed = lnksta & 0xf;
		c->link_width = (lnksta >> 4) & 0x3f;
	}
}

static void decode_std_cap(const uint8_t *b, size_t len, uint8_t id, size_t pos, struct pci_caps *c)
{
	uint16_t w;
	switch (id) {
	case PCI_CAPID_PM:
		found(&c->pm, pos);
		if (rd16(b, len, pos + 4, &w))
			c->no_soft_reset = (w & 0x8) ? TRI_YES : TRI_NO;
		break;
	case PCI_CAPID_MSI:
		found(&c->msi, pos);
		if (rd16(b, len, pos + 2, &w)) {
			c->msi_64bit = (w & 0x80) != 0;
			c->msi_vectors = 1u << ((w >> 1) & 7);
		}
		break;
	case PCI_CAPID_PCIE:
		if (c->pcie.present != TRI_YES) {
			found(&c->pcie, pos);
			decode_pcie(b, len, pos, c);
		}
		break;
	case PCI_CAPID_MSIX:
		found(&c->msix, pos);
		if (rd16(b, len, pos + 2, &w))
			c->msix_vectors = (w & 0x7ff) + 1u;
		break;
	default:
		break;
	}
}

/* The standard list lives in bytes 0x40..0xff; at most 48 entries of 4 bytes
 * fit, so a longer walk is a loop. */
static void walk_std_caps(const uint8_t *b, size_t len, struct pci_caps *c)
{
	uint16_t status;
	/* Status and the capability pointer are in the first 64 bytes. */
	if (!rd16(b, len, 0x06, &status) || !(status & 0x10)) {
		if (len >= 0x08) {
			c->pm.present = c->msi.present = c->msix.present = c->pcie.present = TRI_NO;
		}
		return;
	}
	size_t ptr_off = c->header_layout == 2 ? 0x14 : 0x34;
	uint8_t pos;
	if (!rd8(b, len, ptr_off, &pos))
		return;
	bool seen[256] = {false};
	bool complete = false;
	for (unsigned steps = 0; steps < 64; steps++) {
		pos &= 0xfc;
		if (pos == 0) {
			complete = true;
			break;
		}
		if (pos < 0x40 || seen[pos]) {
			c->chain_broken = true;
			complete = true; /* what was walked is all there is to trust */
			break;
		}
		seen[pos] = true;
		uint8_t id, next;
		if (!rd8(b, len, pos, &id) || !rd8(b, len, (size_t)pos + 1, &next))
			break; /* past the readable part: the rest is unknown */
		decode_std_cap(b, len, id, pos, c);
		pos = next;
	}
	if (complete) {
		struct cap_presence *all[] = {&c->pm, &c->msi, &c->msix, &c->pcie};
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			if (all[i]->present == TRI_UNKNOWN)
				all[i]->present = TRI_NO;
	}
}

static void decode_ext_cap(const uint8_t *b, size_t len, uint16_t id, size_t pos, struct pci_caps *c)
{
	switch (id) {
	case PCI_EXTCAPID_ACS:
		if (c->acs.present != TRI_YES) {
			found(&c->acs, pos);
			rd16(b, len, pos + 4, &c->acs_cap);
			rd16(b, len, pos + 6, &c->acs_ctrl);
			rd32(b, len, pos + 4, &c->acs_dword4);
			rd32(b, len, pos + 8, &c->acs_dword8);
		}
		break;
	case PCI_EXTCAPID_ARI:
		found(&c->ari, pos);
		break;
	case PCI_EXTCAPID_ATS:
		found(&c->ats, pos);
		break;
	case PCI_EXTCAPID_SRIOV:
		if (c->sriov.present != TRI_YES) {
			found(&c->sriov, pos);
			rd16(b, len, pos + 0x0e, &c->sriov_total_vfs);
			rd16(b, len, pos + 0x10, &c->sriov_num_vfs);
			rd16(b, len, pos + 0x14, &c->sriov_vf_offset);
			rd16(b, len, pos + 0x16, &c->sriov_vf_stride);
			rd16(b, len, pos + 0x1a, &c->sriov_vf_device_id);
		}
		break;
	case PCI_EXTCAPID_PRI:
		found(&c->pri, pos);
		break;
	case PCI_EXTCAPID_REBAR:
		found(&c->rebar, pos);
		break;
	case PCI_EXTCAPID_PASID:
		if (c->pasid.present != TRI_YES) {
			found(&c->pasid, pos);
			rd16(b, len, pos + 4, &c->pasid_cap);
		}
		break;
	default:
		break;
	}
}

static void set_ext(struct pci_caps *c, enum tri t)
{
	struct cap_presence *all[] = {&c->acs, &c->ari, &c->sriov, &c->ats, &c->pasid, &c->pri, &c->rebar};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i]->present == TRI_UNKNOWN)
			all[i]->present = t;
}

static void set_ext_unknown(struct pci_caps *c)
{
	struct cap_presence *all[] = {&c->acs, &c->ari, &c->sriov, &c->ats, &c->pasid, &c->pri, &c->rebar};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		if (all[i]->present == TRI_NO)
			all[i]->present = TRI_UNKNOWN;
}

/* The extended list lives in 0x100..0xfff, dword-aligned: at most 960 entries. */
static void walk_ext_caps(const uint8_t *b, size_t len, struct pci_caps *c)
{
	if (c->pcie.present == TRI_NO) {
		set_ext(c, TRI_NO); /* conventional PCI has no extended space */
		return;
	}
	if (c->pcie.present != TRI_YES || len < 0x104)
		return; /* unknown: not readable */
	uint32_t hdr;
	size_t pos = 0x100;
	bool seen[1024] = {false};
	bool complete = false;
	for (unsigned steps = 0; steps < 1024; steps++) {
		if (!rd32(b, len, pos, &hdr))
			break;
		/* An empty header (0, or all ones from a failed read) ends the list. */
		if (hdr == 0 || hdr == 0xffffffffu) {
			complete = true;
			break;
		}
		seen[pos / 4] = true;
		decode_ext_cap(b, len, (uint16_t)(hdr & 0xffff), pos, c);
		size_t next = (hdr >> 20) & 0xffc;
		if (next == 0) {
			complete = true;
			break;
		}
		if (next < 0x100 || seen[next / 4]) {
			c->ext_chain_broken = true;
			complete = true;
			break;
		}
		pos = next;
	}
	if (complete)
		set_ext(c, TRI_NO);
}

void pci_caps_decode(const uint8_t *cfg, size_t len, struct pci_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	caps->config_len = len;
	caps->pcie_type = PCIE_TYPE_NONE;
	uint8_t ht;
	if (rd8(cfg, len, 0x0e, &ht)) {
		caps->multifunction = (ht & 0x80) != 0;
		caps->header_layout = ht & 0x7f;
	}
	if (caps->header_layout == 1 || caps->header_layout == 2) {
		rd8(cfg, len, 0x18, &caps->primary_bus);
		rd8(cfg, len, 0x19, &caps->secondary_bus);
		rd8(cfg, len, 0x1a, &caps->subordinate_bus);
	}
	walk_std_caps(cfg, len, caps);
	walk_ext_caps(cfg, len, caps);
}

/* Zeroes len bytes at off, clipped to the buffer. */
static void zero_span(uint8_t *b, size_t len, size_t off, size_t n)
{
	if (off >= len)
		return;
	memset(b + off, 0, n < len - off ? n : len - off);
}

unsigned pci_config_scrub(uint8_t *cfg, size_t len)
{
	unsigned scrubbed = 0;
	uint16_t status;
	uint8_t ht = 0, pos = 0;
	rd8(cfg, len, 0x0e, &ht);
	size_t ptr_off = (ht & 0x7f) == 2 ? 0x14 : 0x34;
	if (rd16(cfg, len, 0x06, &status) && (status & 0x10) && rd8(cfg, len, ptr_off, &pos)) {
		bool seen[256] = {false};
		for (unsigned steps = 0; steps < 64; steps++) {
			pos &= 0xfc;
			uint8_t id, next;
			if (pos < 0x40 || seen[pos] || !rd8(cfg, len, pos, &id) || !rd8(cfg, len, (size_t)pos + 1, &next))
				break;
			seen[pos] = true;
			if (id == PCI_CAPID_VPD) {
				/* The VPD address and data registers (the last dword read). */
				zero_span(cfg, len, (size_t)pos + 2, 6);
				scrubbed++;
			}
			pos = next;
		}
	}
	size_t epos = 0x100;
	bool eseen[1024] = {false};
	for (unsigned steps = 0; steps < 1024; steps++) {
		uint32_t hdr;
		if (epos < 0x100 || eseen[epos / 4] || !rd32(cfg, len, epos, &hdr) || hdr == 0 || hdr == 0xffffffffu)
			break;
		eseen[epos / 4] = true;
		if ((hdr & 0xffff) == PCI_EXTCAPID_DSN) {
			/* The 64-bit serial number (often the NIC's MAC address). */
			zero_span(cfg, len, epos + 4, 8);
			scrubbed++;
		}
		epos = (hdr >> 20) & 0xffc;
	}
	return scrubbed;
}

/* Whether every bit of `bits` (little-endian from off) is stated. */
static bool stated(const uint8_t *mask, size_t len, size_t off, uint32_t bits)
{
	for (unsigned i = 0; i < 4; i++) {
		uint8_t b = (uint8_t)(bits >> (8 * i));
		if (b && (off + i >= len || (mask[off + i] & b) != b))
			return false;
	}
	return true;
}

void pci_caps_apply_known(const uint8_t *mask, size_t len, struct pci_caps *c)
{
	/* The lists themselves: an unstated head makes what was not found unknown. */
	if (!stated(mask, len, 0x34, 0xfc) || !stated(mask, len, 0x06, 0x10)) {
		struct cap_presence *all[] = {&c->pm, &c->msi, &c->msix, &c->pcie};
		for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
			if (all[i]->present == TRI_NO)
				all[i]->present = TRI_UNKNOWN;
	}
	if (c->pcie.present != TRI_NO && !stated(mask, len, 0x100, 0xfff0ffff))
		set_ext_unknown(c);
	if (c->pcie.present == TRI_YES) {
		size_t pos = c->pcie.offset;
		if (!stated(mask, len, pos + 2, 0x100))
			c->slot_implemented = TRI_UNKNOWN;
		if (!stated(mask, len, pos + 4, 1u << 28))
			c->flr = TRI_UNKNOWN;
	}
	if (c->pm.present == TRI_YES && !stated(mask, len, c->pm.offset + 4, 0x08))
		c->no_soft_reset = TRI_UNKNOWN;
	/* An ACS capability whose registers were not stated (lspci -v, one v)
	 * says nothing about isolation. */
	if (c->acs.present == TRI_YES &&
	    (!stated(mask, len, c->acs.offset + 4, 0x7f) || !stated(mask, len, c->acs.offset + 6, 0x7f)))
		c->acs.present = TRI_UNKNOWN;
	/* Where Sunrise/Union Point root ports keep their ACS control; lspci -vv
	 * decodes the standard words at +4 and +6 only. */
	if (c->acs.present == TRI_YES && !stated(mask, len, c->acs.offset + 8, 0x7f))
		c->acs_dword8_unstated = true;
}
