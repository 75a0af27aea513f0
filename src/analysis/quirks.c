#include "config.h"

#include "quirks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANY 0xffff

#define V_INTEL 0x8086
#define V_AMD 0x1022
#define V_ATI 0x1002

static bool ctrl_enabled(uint16_t requested, uint16_t enabled)
{
	return (requested & enabled) == requested;
}

/* pci_quirk_amd_sb_acs: AMD/ATI southbridge functions on the root bus isolate
 * RR and CR when an AMD IOMMU (IVRS) is present; SV, UF and TB do not apply to
 * them. */
static int amd_sb_acs(const struct pci_device *d, bool root_bus, uint16_t flags,
		      const struct quirk_context *ctx, bool *unknown)
{
	(void)unknown;
	if (!d->multifunction || !root_bus || !ctx->has_ivrs)
		return -1;
	flags &= ACS_RR | ACS_CR | ACS_EC | ACS_DT;
	return (flags & ~(ACS_RR | ACS_CR)) ? 0 : 1;
}

/* pci_quirk_mf_endpoint_acs: multifunction endpoints whose vendor states that
 * the functions cannot reach each other. */
static int mf_endpoint_acs(const struct pci_device *d, bool root_bus, uint16_t flags,
			   const struct quirk_context *ctx, bool *unknown)
{
	(void)d, (void)root_bus, (void)ctx, (void)unknown;
	return ctrl_enabled(flags, ACS_SV | ACS_TB | ACS_RR | ACS_CR | ACS_UF | ACS_DT);
}

/* pci_quirk_rciep_acs: Intel root-complex integrated endpoints cannot do
 * peer-to-peer. */
static int rciep_acs(const struct pci_device *d, bool root_bus, uint16_t flags,
		     const struct quirk_context *ctx, bool *unknown)
{
	(void)root_bus, (void)ctx, (void)unknown;
	if (d->caps.pcie_type != PCIE_TYPE_RCIEP)
		return -1;
	return ctrl_enabled(flags, ACS_SV | ACS_RR | ACS_CR | ACS_UF);
}

/* pci_quirk_intel_pch_acs_match: root ports of Intel PCHs from Ibex Peak to
 * 9-series, which isolate once the kernel's enable routine ran (it runs when
 * an IOMMU driver requested ACS at boot). */
static bool intel_pch_root_port(const struct pci_device *d)
{
	static const struct {
		uint16_t lo, hi;
	} ranges[] = {
		{0x3b42, 0x3b51}, /* Ibex Peak */
		{0x1c10, 0x1c1f}, /* Cougar Point */
		{0x1e10, 0x1e1f}, /* Panther Point */
		{0x8c10, 0x8c1f}, /* Lynx Point */
		{0x9c10, 0x9c1f}, /* Lynx Point LP */
		{0x9c90, 0x9c9f}, /* Wildcat Point LP */
		{0x8d10, 0x8d1f}, /* Wellsburg */
		{0x8c90, 0x8c9f}, /* 9 series */
	};
	if (d->caps.pcie_type != PCIE_TYPE_ROOT_PORT)
		return false;
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++)
		if (d->device_id >= ranges[i].lo && d->device_id <= ranges[i].hi)
			return true;
	return false;
}

static int intel_pch_acs(const struct pci_device *d, bool root_bus, uint16_t flags,
			 const struct quirk_context *ctx, bool *unknown)
{
	(void)root_bus, (void)unknown;
	if (!intel_pch_root_port(d))
		return -1;
	if (!ctx->iommu_on)
		return 0;
	return ctrl_enabled(flags, ACS_SV | ACS_RR | ACS_CR | ACS_UF);
}

/* pci_quirk_intel_spt_pch_acs: Sunrise Point (and kin) PCH root ports have the
 * ACS capability with 32-bit capability and control registers at +4 and +8. */
static int intel_spt_pch_acs(const struct pci_device *d, bool root_bus, uint16_t flags,
			     const struct quirk_context *ctx, bool *unknown)
{
	(void)root_bus;
	if (d->caps.pcie_type != PCIE_TYPE_ROOT_PORT ||
	    !((d->device_id & ~0xfu) == 0xa110 || (d->device_id >= 0xa167 && d->device_id <= 0xa16a)))
		return -1;
	if (d->caps.acs.present == TRI_UNKNOWN) {
		*unknown = true;
		return 0;
	}
	if (d->caps.acs.present != TRI_YES)
		return 0;
	uint32_t cap = d->caps.acs_dword4, ctrl = d->caps.acs_dword8;
	/* The kernel's enable routine (pci_quirk_enable_intel_spt_pch_acs) sets the
	 * implemented SV RR CR UF bits; once it ran, the read-back value is the truth. */
	if (ctx->simulate_enable)
		ctrl |= cap & ACS_REQUIRED;
	flags &= (uint16_t)(cap | ACS_EC);
	return ctrl_enabled(flags, (uint16_t)ctrl);
}

/* Root ports of several Arm and other server SoCs that isolate without (or
 * with a broken) ACS capability: pci_quirk_cavium_acs, pci_quirk_xgene_acs,
 * pci_quirk_qcom_rp_acs, pci_quirk_al_acs, pci_quirk_loongson_acs,
 * pci_quirk_nxp_rp_acs, pci_quirk_zhaoxin_pcie_ports_acs. */
static int soc_root_port_acs(const struct pci_device *d, bool root_bus, uint16_t flags,
			     const struct quirk_context *ctx, bool *unknown)
{
	(void)root_bus, (void)ctx, (void)unknown;
	if (d->caps.pcie_type != PCIE_TYPE_ROOT_PORT && d->caps.pcie_type != PCIE_TYPE_DOWNSTREAM)
		return -1;
	if (d->vendor_id == 0x177d && (d->device_id < 0xa000 || d->device_id > 0xa0ff))
		return -1;
	return ctrl_enabled(flags, ACS_SV | ACS_RR | ACS_CR | ACS_UF);
}

/* The out-of-tree pcie_acs_override= patch: asserts isolation for PCIe
 * devices without an ACS capability (ports with "downstream", multifunction
 * functions with "multifunction", listed IDs with "id:vvvv:dddd"). */
static int acs_override(const struct pci_device *d, bool root_bus, uint16_t flags,
			const struct quirk_context *ctx, bool *unknown)
{
	(void)root_bus, (void)flags;
	if (!ctx->acs_override || d->caps.pcie.present != TRI_YES)
		return -1;
	if (d->caps.acs.present == TRI_YES)
		return -1;
	if (d->caps.acs.present == TRI_UNKNOWN)
		*unknown = true;
	const char *p = ctx->acs_override;
	while (*p) {
		size_t len = strcspn(p, ",");
		unsigned v, dv;
		char tail;
		if (len == 10 && !strncmp(p, "downstream", len)) {
			if (d->caps.pcie_type == PCIE_TYPE_DOWNSTREAM || d->caps.pcie_type == PCIE_TYPE_ROOT_PORT)
				return 1;
		} else if (len == 13 && !strncmp(p, "multifunction", len)) {
			if (d->multifunction &&
			    (d->caps.pcie_type == PCIE_TYPE_ENDPOINT || d->caps.pcie_type == PCIE_TYPE_UPSTREAM ||
			     d->caps.pcie_type == PCIE_TYPE_LEGACY_ENDPOINT || d->caps.pcie_type == PCIE_TYPE_RCIEP))
				return 1;
		} else if (!strncmp(p, "id:", 3)) {
			char *item = strndup(p + 3, len - 3);
			if (item && sscanf(item, "%x:%x%c", &v, &dv, &tail) == 2 && v == d->vendor_id &&
			    dv == d->device_id) {
				free(item);
				return 1;
			}
			free(item);
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return -1;
}

typedef int (*acs_quirk_fn)(const struct pci_device *, bool, uint16_t, const struct quirk_context *, bool *);

/* In the kernel's order: the first entry that answers decides. */
static const struct acs_quirk {
	uint16_t vendor, device;
	acs_quirk_fn fn;
	const char *name;
} acs_quirks[] = {
	{V_ATI, 0x4385, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	{V_ATI, 0x439c, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	{V_ATI, 0x4383, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	{V_ATI, 0x439d, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	{V_ATI, 0x4384, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	{V_ATI, 0x4399, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	{V_AMD, 0x780f, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	{V_AMD, 0x7809, amd_sb_acs, "pci_quirk_amd_sb_acs"},
	/* Solarflare */
	{0x1924, 0x0903, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{0x1924, 0x0923, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{0x1924, 0x0a03, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	/* Intel 82598 / 82599 / X540 / X550 / I350 / 82576 / 82580 Ethernet */
	{V_INTEL, 0x10c6, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10db, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10dd, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10e1, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10f1, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10f7, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10f8, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10f9, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10fa, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10fb, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10fc, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1507, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1514, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x151c, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1529, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x152a, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x154d, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x154f, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1551, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1558, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1528, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1560, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x15ab, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x15ac, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x15ad, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x15ae, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1563, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1521, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1522, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1523, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1524, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10c9, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10e6, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10e7, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x10e8, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x150a, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x150d, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1518, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1526, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x150e, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x150f, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1510, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1511, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1516, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x1527, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x15b7, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, 0x15b8, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{V_INTEL, ANY, intel_pch_acs, "pci_quirk_intel_pch_acs"},
	{V_INTEL, ANY, intel_spt_pch_acs, "pci_quirk_intel_spt_pch_acs"},
	{V_INTEL, ANY, rciep_acs, "pci_quirk_rciep_acs"},
	/* Cavium ThunderX root ports (any device id of the vendor's root ports) */
	{0x177d, ANY, soc_root_port_acs, "pci_quirk_cavium_acs"},
	{0x10e8, 0xe004, soc_root_port_acs, "pci_quirk_xgene_acs"},       /* APM X-Gene */
	{0x17cb, 0x0400, soc_root_port_acs, "pci_quirk_qcom_rp_acs"},     /* Qualcomm */
	{0x17cb, 0x0401, soc_root_port_acs, "pci_quirk_qcom_rp_acs"},
	{0x1dbf, 0x0401, soc_root_port_acs, "pci_quirk_qcom_rp_acs"},     /* HXT */
	{0x1c36, ANY, soc_root_port_acs, "pci_quirk_al_acs"},             /* Amazon Annapurna */
	{0x0014, 0x7a09, soc_root_port_acs, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a19, soc_root_port_acs, "pci_quirk_loongson_acs"},
	{0x0014, 0x7a29, soc_root_port_acs, "pci_quirk_loongson_acs"},
	/* Broadcom multifunction devices without peer-to-peer */
	{0x14e4, 0x1750, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1751, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0x1752, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	{0x14e4, 0xd714, mf_endpoint_acs, "pci_quirk_mf_endpoint_acs"},
	/* Wangxun network adapters */
	{0x8088, ANY, mf_endpoint_acs, "pci_quirk_wangxun_nic_acs"},
	{ANY, ANY, acs_override, "pcie_acs_override (out-of-tree patch)"},
};

int quirk_acs_enabled(const struct pci_device *d, bool on_root_bus, uint16_t flags,
		      const struct quirk_context *ctx, const char **name, bool *unknown)
{
	*name = NULL;
	*unknown = false;
	for (size_t i = 0; i < sizeof(acs_quirks) / sizeof(acs_quirks[0]); i++) {
		const struct acs_quirk *q = &acs_quirks[i];
		if ((q->vendor != ANY && q->vendor != d->vendor_id) || (q->device != ANY && q->device != d->device_id))
			continue;
		int r = q->fn(d, on_root_bus, flags, ctx, unknown);
		if (r >= 0) {
			*name = q->name;
			return r;
		}
	}
	return -1;
}

/* quirk_dma_func1_alias: controllers that issue DMA with function 1's ID
 * (Marvell SATA, JMicron JMB388, TTI), and quirk_dma_func0_alias: Ricoh card
 * readers that use function 0's. */
static const struct {
	uint16_t vendor, device;
	uint8_t func;
} func_alias[] = {
	{0x1b4b, 0x9120, 1}, {0x1b4b, 0x9123, 1}, {0x1b4b, 0x9125, 1}, {0x1b4b, 0x9128, 1},
	{0x1b4b, 0x9130, 1}, {0x1b4b, 0x9170, 1}, {0x1b4b, 0x9172, 1}, {0x1b4b, 0x917a, 1},
	{0x1b4b, 0x9182, 1}, {0x1b4b, 0x9183, 1}, {0x1b4b, 0x91a0, 1}, {0x1b4b, 0x9215, 1},
	{0x1b4b, 0x9220, 1}, {0x1b4b, 0x9230, 1}, {0x1b4b, 0x9235, 1},
	{0x1103, 0x0642, 1}, {0x1103, 0x0645, 1}, /* HighPoint / TTI */
	{0x197b, 0x2392, 1},                     /* JMicron JMB388 */
	{0x1180, 0xe832, 0}, {0x1180, 0xe476, 0}, /* Ricoh */
};

unsigned quirk_dma_alias_devfns(const struct pci_device *d, uint8_t *devfns, unsigned max, const char **name)
{
	unsigned n = 0;
	*name = NULL;
	for (size_t i = 0; i < sizeof(func_alias) / sizeof(func_alias[0]); i++) {
		if (func_alias[i].vendor != d->vendor_id || func_alias[i].device != d->device_id)
			continue;
		if (d->func != func_alias[i].func && n < max) {
			devfns[n++] = (uint8_t)((d->dev << 3) | func_alias[i].func);
			*name = func_alias[i].func ? "quirk_dma_func1_alias" : "quirk_dma_func0_alias";
		}
	}
	/* quirk_fixed_dma_alias: Adaptec 3405/3805 (subsystem 9005:02bb/02bc) also
	 * use 01.0 on their bus. */
	if (d->vendor_id == 0x9005 && d->device_id == 0x0285 && d->subsys_vendor_id == 0x9005 &&
	    (d->subsys_id == 0x02bb || d->subsys_id == 0x02bc) && n < max) {
		devfns[n++] = (1 << 3) | 0;
		*name = "quirk_fixed_dma_alias";
	}
	return n;
}

bool quirk_bridge_uses_secondary_alias(const struct pci_device *b)
{
	/* quirk_use_pcie_bridge_dma_alias: ASMedia ASM1083/1085, Tundra Tsi381,
	 * ITE 8892/8893, Intel 82801 (244e) PCI bridges behave as PCIe-to-PCI
	 * bridges but have no PCIe capability. */
	static const struct {
		uint16_t vendor, device;
	} ids[] = {{0x1b21, 0x1080}, {0x10e3, 0x8113}, {0x1283, 0x8892}, {0x1283, 0x8893}, {0x8086, 0x244e}};
	if (b->caps.pcie.present == TRI_YES && b->caps.pcie_type == PCIE_TYPE_PCIE_TO_PCI)
		return false;
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (ids[i].vendor == b->vendor_id && ids[i].device == b->device_id)
			return true;
	return false;
}

bool quirk_bridge_translates_at_root(const struct pci_device *b)
{
	/* Cavium ThunderX2 / Broadcom Vulcan root ports. */
	return (b->vendor_id == 0x177d && b->device_id == 0xaf84) ||
	       (b->vendor_id == 0x14e4 && (b->device_id == 0x9000 || b->device_id == 0x9084));
}
