#include "config.h"

#include "quirks.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ANY 0xffff

enum basis { VERIFIED, NEWER };

enum acs_kind {
#define KQ_ACS_KIND(kind, fn, cond) ACS_##kind,
#include "kernel-quirks.def"
#undef KQ_ACS_KIND
};

static const char *const acs_kind_fn[] = {
#define KQ_ACS_KIND(kind, fn, cond) fn,
#include "kernel-quirks.def"
#undef KQ_ACS_KIND
};

struct entry_release {
	const char *since;
	enum basis basis;
	bool lts61;
};

static const struct acs_entry {
	uint16_t vendor, device;
	enum acs_kind kind;
	struct entry_release rel;
} acs_table[] = {
#define KQ_ACS(v, d, kind, since, basis, lts) {v, d, ACS_##kind, {since, basis, lts}},
#include "kernel-quirks.def"
#undef KQ_ACS
};

static const struct id_range {
	enum acs_kind kind;
	uint16_t vendor, lo, hi;
	struct entry_release rel;
} id_ranges[] = {
#define KQ_ID_RANGE(kind, v, lo, hi, since, basis, lts) {ACS_##kind, v, lo, hi, {since, basis, lts}},
#include "kernel-quirks.def"
#undef KQ_ID_RANGE
};

enum alias_kind { FUNC0, FUNC1, MIC_X200, VCA, PLX_NTB, SWITCHTEC, PCIE_BRIDGE_ALIAS, XLATE_ROOT, NO_ALIAS };

static const struct alias_entry {
	uint16_t vendor, device;
	enum alias_kind kind;
	struct entry_release rel;
} alias_table[] = {
#define KQ_DMA_ALIAS(v, d, kind, since, basis, lts) {v, d, kind, {since, basis, lts}},
#include "kernel-quirks.def"
#undef KQ_DMA_ALIAS
};

static const struct fixed_alias {
	uint16_t vendor, device, sub_vendor, sub_device;
	uint8_t slot, func;
	struct entry_release rel;
} fixed_aliases[] = {
#define KQ_FIXED_ALIAS(v, d, sv, sd, slot, fn, since, basis, lts) {v, d, sv, sd, slot, fn, {since, basis, lts}},
#include "kernel-quirks.def"
#undef KQ_FIXED_ALIAS
};

static const struct vmd_entry {
	uint16_t vendor, device;
	struct entry_release rel;
} vmd_ids[] = {
#define KQ_VMD(v, d, since, basis, lts) {v, d, {since, basis, lts}},
#include "kernel-quirks.def"
#undef KQ_VMD
};

enum reset_cond { ALWAYS, NV_2340, VGA_CLASS, REV1, CHELSIO_T4 };
enum reset_kind { NO_BUS_RESET, NO_PM_RESET, NO_FLR, DEVICE_RESET };

static const struct reset_entry {
	uint16_t vendor, device;
	enum reset_kind kind;
	enum reset_cond cond;
	struct entry_release rel;
} reset_table[] = {
#define KQ_RESET(v, d, kind, cond, since, basis, lts) {v, d, kind, cond, {since, basis, lts}},
#include "kernel-quirks.def"
#undef KQ_RESET
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* "6.1.0-13-amd64" -> 6, 1; false when it does not start with MAJOR.MINOR. */
static bool release_numbers(const char *s, long *major, long *minor)
{
	char *end;
	if (!s)
		return false;
	*major = strtol(s, &end, 10);
	if (end == s || *end != '.')
		return false;
	const char *p = end + 1;
	*minor = strtol(p, &end, 10);
	return end != p;
}

/* Whether the host's kernel has the entry. A host without a known release
 * gets the newest table; any 6.1 kernel gets what Debian's 6.1 LTS has. */
static bool entry_active(const struct quirk_context *ctx, const struct entry_release *rel, struct quirk_hit *hit)
{
	long hmaj, hmin, smaj, smin;
	if (hit) {
		hit->since = rel->since;
		hit->since_is_verified = rel->basis == VERIFIED;
		hit->before_since = false;
	}
	if (!release_numbers(ctx->kernel_release, &hmaj, &hmin) || !release_numbers(rel->since, &smaj, &smin))
		return true;
	if (hmaj == 6 && hmin == 1)
		return rel->lts61;
	if (hmaj > smaj || (hmaj == smaj && hmin >= smin))
		return true;
	if (rel->basis == NEWER)
		return false;
	/* Older than the release it was verified in: when it came in is not
	 * established, so it is assumed present, and said so. */
	if (hit)
		hit->before_since = true;
	return true;
}

char *quirk_hit_text(const struct quirk_hit *hit)
{
	struct strbuf sb = {0};
	sb_addf(&sb, "kernel quirk %s", hit->name ? hit->name : "?");
	if (hit->since)
		sb_addf(&sb, " (in the table since Linux %s%s%s)", hit->since,
			hit->since_is_verified ? ", the earliest release checked" : "",
			hit->before_since ? "; assumed in this older kernel" : "");
	if (hit->caveat)
		sb_addf(&sb, "; %s", hit->caveat);
	return sb.s ? sb.s : xstrdup("");
}

static bool id_in_ranges(enum acs_kind kind, const struct pci_device *d, const struct quirk_context *ctx)
{
	for (size_t i = 0; i < COUNT(id_ranges); i++) {
		const struct id_range *r = &id_ranges[i];
		if (r->kind == kind && r->vendor == d->vendor_id && d->device_id >= r->lo && d->device_id <= r->hi &&
		    entry_active(ctx, &r->rel, NULL))
			return true;
	}
	return false;
}

/* pci_acs_ctrl_enabled: every requested bit is among those provided. */
static int ctrl_enabled(uint16_t requested, uint32_t provided)
{
	return (requested & provided) == requested;
}

static bool is_pcie_port(const struct pci_device *d, int type)
{
	return d->caps.pcie.present == TRI_YES && d->caps.pcie_type == type;
}

/* The kernel reads the port type from its saved PCIe flags, which are zero
 * (an endpoint) without a PCIe capability. */
static int kernel_port_type(const struct pci_device *d)
{
	return d->caps.pcie.present == TRI_YES ? d->caps.pcie_type : PCIE_TYPE_ENDPOINT;
}

static bool spt_port(const struct pci_device *d, const struct quirk_context *ctx)
{
	return is_pcie_port(d, PCIE_TYPE_ROOT_PORT) && id_in_ranges(ACS_INTEL_SPT, d, ctx);
}

#define ACS_ISOLATING (ACS_SV | ACS_RR | ACS_CR | ACS_UF)

/* The control dword (+8) of a Sunrise/Union Point root port as the kernel
 * reads it; false when that cannot be known. Read back from the device, it is
 * the truth. An import from lspci -vv text does not state it (lspci decodes
 * the standard words at +4 and +6), but once an IOMMU driver asked for ACS,
 * pci_quirk_enable_intel_spt_pch_acs had set every implemented SV RR CR UF
 * bit at boot, so those at least are on; without that step, what the
 * firmware left there is unknown. A forecast applies the step itself. */
static bool spt_ctrl(const struct pci_device *d, const struct quirk_context *ctx, uint32_t *ctrl, bool *deduced)
{
	uint32_t cap = d->caps.acs_dword4;
	*deduced = false;
	if (d->caps.acs_dword8_unstated) {
		if (!ctx->iommu_on && !ctx->simulate_enable)
			return false;
		*ctrl = cap & ACS_ISOLATING;
		*deduced = true;
		return true;
	}
	*ctrl = d->caps.acs_dword8;
	if (ctx->simulate_enable)
		*ctrl |= cap & ACS_ISOLATING;
	return true;
}

/* pci_quirk_enable_intel_lpc_acs gives up when the LPC bridge (00:1f.0 on the
 * root port's bus) has its Root Complex Base Address disabled (bit 0 of
 * config 0xf0): the ports then stay without isolation. A register of all
 * zeros (no base either) is what an unread or imported config space shows,
 * so only a base without the enable bit counts as "disabled". */
static enum tri pch_rcba_enabled(const struct pci_device *port, const struct quirk_context *ctx)
{
	for (size_t i = 0; i < ctx->n_devs; i++) {
		const struct pci_device *o = &ctx->devs[i];
		if (o->domain != port->domain || o->bus != port->bus || o->dev != 31 || o->func != 0)
			continue;
		if (!o->config || o->caps.config_len < 0xf4)
			return TRI_UNKNOWN;
		uint32_t rcba = (uint32_t)o->config[0xf0] | (uint32_t)o->config[0xf1] << 8 |
				(uint32_t)o->config[0xf2] << 16 | (uint32_t)o->config[0xf3] << 24;
		if (rcba & 1)
			return TRI_YES;
		return (rcba & 0xffffc000u) ? TRI_NO : TRI_UNKNOWN;
	}
	return TRI_UNKNOWN;
}

/* One entry's function; -1 when it does not answer (the next entry is
 * asked), as the kernel's -ENOTTY. */
static int acs_answer(enum acs_kind kind, const struct pci_device *d, bool root_bus, uint16_t flags,
		      bool redir_disabled, const struct quirk_context *ctx, struct quirk_hit *hit, bool *unknown)
{
	switch (kind) {
	case ACS_AMD_SB:
		if (!d->multifunction || !root_bus || !ctx->has_ivrs)
			return -1;
		flags &= ACS_RR | ACS_CR | ACS_EC | ACS_DT;
		return ctrl_enabled(flags, ACS_RR | ACS_CR);
	case ACS_MF_ENDPOINT:
		return ctrl_enabled(flags, ACS_SV | ACS_TB | ACS_RR | ACS_CR | ACS_UF | ACS_DT);
	case ACS_RCIEP:
		if (kernel_port_type(d) != PCIE_TYPE_RCIEP)
			return -1;
		return ctrl_enabled(flags, ACS_ISOLATING);
	case ACS_QCOM_RP:
	case ACS_XGENE:
	case ACS_BRCM:
	case ACS_LOONGSON:
	case ACS_NXP_RP:
		return ctrl_enabled(flags, ACS_ISOLATING);
	case ACS_INTEL_PCH: {
		if (!is_pcie_port(d, PCIE_TYPE_ROOT_PORT) || !id_in_ranges(ACS_INTEL_PCH, d, ctx))
			return -1;
		/* Isolates only once pci_quirk_enable_intel_pch_acs ran (an IOMMU
		 * driver asked for ACS) and found the RCBA enabled. */
		if (!ctx->iommu_on)
			return ctrl_enabled(flags, 0);
		enum tri rcba = pch_rcba_enabled(d, ctx);
		if (rcba == TRI_NO) {
			hit->caveat = "the kernel's enable step fails here: the LPC bridge 00:1f.0 has RCBA disabled "
				      "(\"Failed to enable Intel PCH ACS quirk\")";
			return ctrl_enabled(flags, 0);
		}
		if (rcba == TRI_UNKNOWN)
			hit->caveat = "it isolates only if the kernel's enable step succeeds (RCBA enabled in the LPC "
				      "bridge 00:1f.0; the kernel log says \"Intel PCH root port ACS workaround enabled\" "
				      "or \"Failed to enable Intel PCH ACS quirk\")";
		return ctrl_enabled(flags, ACS_ISOLATING);
	}
	case ACS_INTEL_SPT: {
		if (!spt_port(d, ctx) || d->caps.acs.present == TRI_NO)
			return -1;
		if (d->caps.acs.present == TRI_UNKNOWN) {
			*unknown = true;
			return 0;
		}
		uint32_t cap = d->caps.acs_dword4, ctrl;
		bool deduced;
		if (!spt_ctrl(d, ctx, &ctrl, &deduced)) {
			hit->caveat = "the source did not state the port's ACS control (the dword at +8, which lspci -vv "
				      "does not decode), and no IOMMU driver asked the kernel to enable it";
			*unknown = true;
			return 0;
		}
		if (deduced)
			hit->caveat = "the control at +8 is not in the source (lspci -vv decodes +4 and +6 only); the "
				      "kernel's pci_quirk_enable_intel_spt_pch_acs sets the implemented SV RR CR UF at boot";
		/* pci_quirk_disable_intel_spt_pch_acs_redir runs after the enable
		 * step for a port pci=disable_acs_redir= names. */
		if (redir_disabled)
			ctrl &= ~(uint32_t)(ACS_RR | ACS_CR | ACS_EC);
		flags &= (uint16_t)(cap | ACS_EC);
		return ctrl_enabled(flags, ctrl);
	}
	case ACS_CAVIUM:
		if (!is_pcie_port(d, PCIE_TYPE_ROOT_PORT) || !id_in_ranges(ACS_CAVIUM, d, ctx))
			return -1;
		return ctrl_enabled(flags, ACS_ISOLATING);
	case ACS_ANNAPURNA:
		if (kernel_port_type(d) != PCIE_TYPE_ROOT_PORT)
			return -1;
		return (flags & ~ACS_ISOLATING) ? 0 : 1;
	case ACS_ZHAOXIN_PORTS:
		if (!is_pcie_port(d, PCIE_TYPE_ROOT_PORT) && !is_pcie_port(d, PCIE_TYPE_DOWNSTREAM))
			return -1;
		/* Ports outside the ranges answer "no", even with an ACS capability. */
		return id_in_ranges(ACS_ZHAOXIN_PORTS, d, ctx) ? ctrl_enabled(flags, ACS_ISOLATING) : 0;
	case ACS_WANGXUN:
		return id_in_ranges(ACS_WANGXUN, d, ctx) ? ctrl_enabled(flags, ACS_ISOLATING) : 0;
	}
	return -1;
}

/* The out-of-tree pcie_acs_override= patch: asserts isolation for PCIe
 * devices without an ACS capability (ports with "downstream", multifunction
 * functions with "multifunction", listed IDs with "id:vvvv:dddd"). */
static int acs_override(const struct pci_device *d, const struct quirk_context *ctx, bool *unknown)
{
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
			char *item = xstrndup(p + 3, len - 3);
			bool match = sscanf(item, "%x:%x%c", &v, &dv, &tail) == 2 && v == d->vendor_id && dv == d->device_id;
			free(item);
			if (match)
				return 1;
		}
		p += len;
		if (*p == ',')
			p++;
	}
	return -1;
}

int quirk_acs_enabled(const struct pci_device *d, bool on_root_bus, uint16_t flags, bool redir_disabled,
		      const struct quirk_context *ctx, struct quirk_hit *hit, bool *unknown)
{
	memset(hit, 0, sizeof(*hit));
	*unknown = false;
	for (size_t i = 0; i < COUNT(acs_table); i++) {
		const struct acs_entry *q = &acs_table[i];
		if ((q->vendor != ANY && q->vendor != d->vendor_id) || (q->device != ANY && q->device != d->device_id))
			continue;
		struct quirk_hit h = {0};
		if (!entry_active(ctx, &q->rel, &h))
			continue;
		h.name = acs_kind_fn[q->kind];
		int r = acs_answer(q->kind, d, on_root_bus, flags, redir_disabled, ctx, &h, unknown);
		if (r >= 0) {
			*hit = h;
			return r;
		}
	}
	int r = acs_override(d, ctx, unknown);
	if (r >= 0)
		hit->name = "pcie_acs_override (out-of-tree patch)";
	return r;
}

bool quirk_acs_registers(const struct pci_device *d, const struct quirk_context *ctx, uint16_t *cap, uint16_t *ctrl)
{
	if (d->vendor_id != 0x8086 || !spt_port(d, ctx))
		return false;
	*cap = (uint16_t)d->caps.acs_dword4;
	*ctrl = (uint16_t)d->caps.acs_dword8;
	/* As read back; only a control the source did not state is deduced. */
	uint32_t dword8;
	bool deduced;
	if (d->caps.acs_dword8_unstated)
		*ctrl = spt_ctrl(d, ctx, &dword8, &deduced) ? (uint16_t)dword8 : 0;
	return true;
}

static void set_devfn(uint8_t mask[32], unsigned devfn)
{
	mask[(devfn >> 3) & 31] |= (uint8_t)(1u << (devfn & 7));
}

bool quirk_dma_aliases(const struct pci_device *d, const struct quirk_context *ctx, uint8_t mask[32],
		       struct quirk_hit *hit, bool *unknown)
{
	static const char *const names[] = {
		[FUNC0] = "quirk_dma_func0_alias", [FUNC1] = "quirk_dma_func1_alias",
		[MIC_X200] = "quirk_mic_x200_dma_alias", [VCA] = "quirk_pex_vca_alias",
		[PLX_NTB] = "quirk_plx_ntb_dma_alias", [SWITCHTEC] = "quirk_switchtec_ntb_dma_alias",
	};
	bool any = false;
	memset(mask, 0, 32);
	memset(hit, 0, sizeof(*hit));
	*unknown = false;
	for (size_t i = 0; i < COUNT(alias_table); i++) {
		const struct alias_entry *q = &alias_table[i];
		if (q->vendor != d->vendor_id || q->device != d->device_id || q->kind >= PCIE_BRIDGE_ALIAS)
			continue;
		struct quirk_hit h = {0};
		if (!entry_active(ctx, &q->rel, &h))
			continue;
		h.name = names[q->kind];
		switch (q->kind) {
		case FUNC0:
			if (d->func == 0)
				continue;
			set_devfn(mask, (unsigned)d->dev << 3);
			break;
		case FUNC1:
			if (d->func == 1)
				continue;
			set_devfn(mask, ((unsigned)d->dev << 3) | 1);
			break;
		case MIC_X200:
			set_devfn(mask, 0x10 << 3);
			set_devfn(mask, 0x11 << 3);
			set_devfn(mask, (0x12 << 3) | 3);
			break;
		case VCA:
			for (unsigned slot = 0; slot < 32; slot++)
				for (unsigned fn = 0; fn < 5; fn++)
					set_devfn(mask, (slot << 3) | fn);
			break;
		case PLX_NTB:
			memset(mask, 0xff, 32);
			break;
		case SWITCHTEC:
			/* DECLARE_PCI_FIXUP_CLASS_FINAL: only the NTB function (class 0680). */
			if ((d->class_code >> 8) != 0x0680)
				continue;
			*unknown = true;
			h.caveat = "the kernel reads the proxy IDs from the switch's registers at boot; a snapshot "
				   "does not hold them";
			break;
		default:
			continue;
		}
		*hit = h;
		any = true;
	}
	for (size_t i = 0; i < COUNT(fixed_aliases); i++) {
		const struct fixed_alias *q = &fixed_aliases[i];
		if (q->vendor != d->vendor_id || q->device != d->device_id || q->sub_vendor != d->subsys_vendor_id ||
		    q->sub_device != d->subsys_id)
			continue;
		struct quirk_hit h = {0};
		if (!entry_active(ctx, &q->rel, &h))
			continue;
		h.name = "quirk_fixed_dma_alias";
		set_devfn(mask, ((unsigned)q->slot << 3) | q->func);
		*hit = h;
		any = true;
	}
	return any;
}

enum bridge_alias quirk_bridge_alias(const struct pci_device *b, const struct pci_device *parent,
				     const struct quirk_context *ctx, struct quirk_hit *hit)
{
	memset(hit, 0, sizeof(*hit));
	for (size_t i = 0; i < COUNT(alias_table); i++) {
		const struct alias_entry *q = &alias_table[i];
		if (q->vendor != b->vendor_id || q->device != b->device_id || q->kind < PCIE_BRIDGE_ALIAS)
			continue;
		struct quirk_hit h = {0};
		if (!entry_active(ctx, &q->rel, &h))
			continue;
		switch (q->kind) {
		case PCIE_BRIDGE_ALIAS:
			/* quirk_use_pcie_bridge_dma_alias: a non-PCIe bridge, not on a
			 * root bus, below a PCIe device that is not a PCIe-to-PCI bridge. */
			if (!parent || b->caps.pcie.present != TRI_NO || (b->header_type & 0x7f) != 1 ||
			    parent->caps.pcie.present != TRI_YES || parent->caps.pcie_type == PCIE_TYPE_PCIE_TO_PCI)
				continue;
			h.name = "quirk_use_pcie_bridge_dma_alias";
			*hit = h;
			return BRIDGE_ALIAS_SECONDARY;
		case XLATE_ROOT:
			h.name = "quirk_bridge_cavm_thrx2_pcie_root";
			*hit = h;
			return BRIDGE_ALIAS_STOP;
		case NO_ALIAS:
			h.name = "quirk_aspeed_pci_bridge_no_alias";
			*hit = h;
			return BRIDGE_ALIAS_NONE;
		default:
			break;
		}
	}
	return BRIDGE_ALIAS_BY_TYPE;
}

bool quirk_is_vmd(const struct pci_device *d, const struct quirk_context *ctx)
{
	for (size_t i = 0; i < COUNT(vmd_ids); i++)
		if (vmd_ids[i].vendor == d->vendor_id && vmd_ids[i].device == d->device_id &&
		    (!ctx || entry_active(ctx, &vmd_ids[i].rel, NULL)))
			return true;
	return false;
}

unsigned quirk_reset_flags(const struct pci_device *d, bool on_root_bus, const struct quirk_context *ctx)
{
	static const unsigned bit[] = {[NO_BUS_RESET] = QUIRK_NO_BUS_RESET, [NO_PM_RESET] = QUIRK_NO_PM_RESET,
				       [NO_FLR] = QUIRK_NO_FLR, [DEVICE_RESET] = QUIRK_DEVICE_RESET};
	unsigned flags = 0;
	for (size_t i = 0; i < COUNT(reset_table); i++) {
		const struct reset_entry *q = &reset_table[i];
		if (q->vendor != d->vendor_id || (q->device != ANY && q->device != d->device_id))
			continue;
		if (!entry_active(ctx, &q->rel, NULL))
			continue;
		bool applies = true;
		switch (q->cond) {
		case ALWAYS:
			break;
		case NV_2340:
			applies = (d->device_id & 0xffc0) == 0x2340;
			break;
		case VGA_CLASS:
			applies = (d->class_code >> 8) == 0x0300;
			break;
		case REV1:
			applies = d->revision == 0x01;
			break;
		case CHELSIO_T4:
			applies = (d->device_id & 0xf000) == 0x4000;
			break;
		}
		if (q->kind == NO_PM_RESET && on_root_bus)
			applies = false;
		if (applies)
			flags |= bit[q->kind];
	}
	return flags;
}
