/* Isolation rules: the device's IOMMU group and who shares it, the reserved
 * regions that pin it, and the bridges above it. */
#include "config.h"

#include "pcitopo.h"
#include "rules.h"
#include "rules-device.h"
#include "topology.h"
#include "util.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void explain_isolation(const struct ctx *c, struct strbuf *sb)
{
	const struct device_facts *f = c->f;
	/* The group engine's answer first: it knows the kernel's ACS quirks. */
	const struct group_prediction *gp = &c->r->groups;
	if (gp->computed && gp->acs_blocker && c->self < gp->n_devices && gp->acs_blocker[c->self] >= 0) {
		long bi = gp->acs_blocker[c->self];
		const struct acs_verdict *av = gp->acs ? &gp->acs[bi] : NULL;
		sb_addf(sb, "; %s (%s) does not isolate the devices below it%s%s", c->r->devices[bi].bdf,
			pcie_type_name(c->r->devices[bi].caps.pcie_type), av && av->why ? ": " : "",
			av && av->why ? av->why : "");
		return;
	}
	if (!f->up_known) {
		sb_add(sb, "; the bridges above it are unknown");
		return;
	}
	for (size_t i = 0; i < f->n_up; i++) {
		long bi = f->up[i];
		const struct pci_device *b = &c->r->devices[bi];
		struct device_facts bv;
		facts_of(c->r, (size_t)bi, &bv);
		const struct device_facts *bf = &bv;
		if (bf->pcie_type == PCIE_TYPE_PCIE_TO_PCI || (bf->pcie_type == PCIE_TYPE_NONE && pci_is_bridge(b))) {
			sb_addf(sb, "; %s is a conventional PCI bridge (no isolation behind it)", b->bdf);
			return;
		}
		if (bf->pcie_type != PCIE_TYPE_ROOT_PORT && bf->pcie_type != PCIE_TYPE_DOWNSTREAM &&
		    bf->pcie_type != PCIE_TYPE_UNKNOWN)
			continue; /* only ports that route peer traffic must isolate */
		if (bf->acs == TRI_UNKNOWN) {
			sb_addf(sb, "; the ACS capability of %s could not be read", b->bdf);
			return;
		}
		if (bf->acs == TRI_NO) {
			sb_addf(sb, "; %s (%s) has no ACS capability", b->bdf,
				bf->pcie_type == PCIE_TYPE_ROOT_PORT ? "root port" : "switch downstream port");
			return;
		}
		if ((bf->acs_ctrl & ACS_REQUIRED) != ACS_REQUIRED) {
			static const uint16_t bits[] = {ACS_SV, ACS_RR, ACS_CR, ACS_UF};
			struct strbuf off = {0}, none = {0};
			for (size_t k = 0; k < ARRAY_SIZE(bits); k++) {
				if (bf->acs_ctrl & bits[k])
					continue;
				struct strbuf *into = (bf->acs_cap & bits[k]) ? &off : &none;
				sb_addf(into, "%s%s", into->len ? " " : "", acs_bit_name(bits[k]));
			}
			sb_addf(sb, "; %s has ACS, but", b->bdf);
			if (off.len)
				sb_addf(sb, " %s %s implemented and switched off", off.s,
					strchr(off.s, ' ') ? "are" : "is");
			if (none.len)
				sb_addf(sb, "%s %s %s not implemented", off.len ? " and" : "", none.s,
					strchr(none.s, ' ') ? "are" : "is");
			sb_free(&off);
			sb_free(&none);
			sb_addf(sb, " (ACS control 0x%04x)", bf->acs_ctrl);
			return;
		}
	}
	if (f->n_up == 0 && f->multifunction && f->acs != TRI_YES)
		sb_add(sb, "; the device is a multifunction device on the root bus without ACS");
}

static const struct kernel_group *find_group(const struct audit_report *r, const char *name)
{
	for (size_t i = 0; name && i < r->kernel.n_groups; i++)
		if (!strcmp(r->kernel.groups[i].name, name))
			return &r->kernel.groups[i];
	return NULL;
}

/* Reserved regions of the group: "direct" blocks VFIO; "direct-relaxable"
 * (display and USB RMRRs) is dropped when a guest takes the device. */
static void judge_reserved_regions(struct ctx *c, const struct kernel_group *g)
{
	const struct pci_device *d = c->d;
	if (g->reserved_regions) {
		struct strbuf direct = {0}, relax = {0};
		/* Triples of start, end, type; the model's copy is sanitized text, where
		 * the line breaks may have become '?', so any of those separates. */
		char *copy = xstrdup(g->reserved_regions), *save = NULL;
		char *tok[3];
		int nt = 0;
		for (char *t = strtok_r(copy, " \t\n?", &save); t; t = strtok_r(NULL, " \t\n?", &save)) {
			tok[nt++] = t;
			if (nt < 3)
				continue;
			nt = 0;
			if (!strcmp(tok[2], "direct"))
				sb_addf(&direct, "%s%s-%s", direct.len ? ", " : "", tok[0], tok[1]);
			else if (!strcmp(tok[2], "direct-relaxable"))
				sb_addf(&relax, "%s%s-%s", relax.len ? ", " : "", tok[0], tok[1]);
		}
		free(copy);
		if (direct.len)
			finding_add(c->out, FIND_DEVICE_RMRR_DIRECT, d->bdf,
				    "sys/kernel/iommu_groups/%s/reserved_regions: direct %s", g->name, direct.s);
		if (relax.len)
			finding_add(c->out, FIND_DEVICE_RMRR_RELAXABLE, d->bdf,
				    "sys/kernel/iommu_groups/%s/reserved_regions: direct-relaxable %s", g->name,
				    relax.s);
		sb_free(&direct);
		sb_free(&relax);
	}
}

/* Before the kernel formed groups (IOMMU off), the firmware's reserved regions
 * that name the device say the same: an Intel RMRR is relaxed for display and
 * USB devices only; AMD IVMD and Arm RMR ranges are never relaxed by Linux. */
void judge_firmware_regions(struct ctx *c)
{
	const struct coverage_result *cov = &c->r->coverage;
	if (!cov->computed || !cov->dev || c->self >= cov->n)
		return;
	const struct device_coverage *dc = &cov->dev[c->self];
	uint32_t sub = c->d->class_code >> 8;
	bool relaxable_class = (sub >> 8) == 0x03 || sub == 0x0c03;
	struct strbuf direct = {0}, relax = {0};
	for (size_t i = 0; i < dc->n_regions; i++) {
		const char *name = dc->regions[i] < cov->n_regions ? cov->region_names[dc->regions[i]] : "?";
		bool rmrr = !strncmp(name, "RMRR", 4);
		struct strbuf *into = (rmrr && relaxable_class) ? &relax : &direct;
		sb_addf(into, "%s%s", into->len ? ", " : "", name);
	}
	if (direct.len)
		finding_add(c->out, FIND_DEVICE_RMRR_DIRECT, c->d->bdf, "firmware table: %s", direct.s);
	if (relax.len)
		finding_add(c->out, FIND_DEVICE_RMRR_RELAXABLE, c->d->bdf, "firmware table: %s", relax.s);
	sb_free(&direct);
	sb_free(&relax);
}

static void classify_members(struct ctx *c, const char *const *members, size_t n_members, const char *gname,
			     bool predicted);

/* The highest conventional (PCIe-to-PCI or PCI-to-PCI) bridge above a device:
 * everything below it reaches the IOMMU with the bridge's requester ID. */
static long legacy_bridge_above(const struct audit_report *r, size_t index)
{
	struct device_facts f;
	facts_of(r, index, &f);
	long top = -1;
	for (size_t i = 0; f.up_known && i < f.n_up; i++) {
		const struct pci_device *b = &r->devices[f.up[i]];
		int t = b->caps.pcie.present == TRI_YES ? b->caps.pcie_type : PCIE_TYPE_NONE;
		if (t == PCIE_TYPE_PCIE_TO_PCI || (b->caps.pcie.present == TRI_NO && pci_is_bridge(b)))
			top = f.up[i];
	}
	return top;
}

/* Whether two functions share a requester ID, the unit Xen assigns by: behind
 * the same conventional bridge (or one is that bridge), phantom functions of
 * one card, or a kernel DMA-alias quirk between them. Xen's VT-d and AMD code
 * map the bridge's alias into the guest's context too (xen/drivers/
 * passthrough/vtd/iommu.c domain_context_mapping(), find_upstream_bridge();
 * xen/drivers/passthrough/pci.c assign_device() moves phantom functions with
 * the device), so such devices go to one domain or the assignment fails. */
static bool shares_requester_id(const struct audit_report *r, size_t a, size_t b)
{
	long la = legacy_bridge_above(r, a), lb = legacy_bridge_above(r, b);
	if (la >= 0 && (la == lb || la == (long)b))
		return true;
	if (lb >= 0 && lb == (long)a)
		return true;
	const struct pci_device *x = &r->devices[a], *y = &r->devices[b];
	if (same_card(x, y) && (x->caps.phantom_functions || y->caps.phantom_functions))
		return true;
	const struct group_prediction *gp = &r->groups;
	for (size_t i = 0; gp->computed && i < gp->n_merges; i++) {
		const struct group_merge *m = &gp->merges[i];
		if (m->reason != GROUP_REASON_DMA_ALIAS_QUIRK)
			continue;
		bool ab = m->device == a && (m->joined == b || m->via == (long)b);
		bool ba = m->device == b && (m->joined == a || m->via == (long)a);
		if (ab || ba)
			return true;
	}
	return false;
}

/* intel_iommu=igfx_off leaves a device without a group only when its DRHD
 * holds graphics alone, which the kernel then ignores
 * (init_no_remapping_devices); under an INCLUDE_PCI_ALL unit the integrated
 * GPU keeps translation. Without the DMAR: a display device on the root bus,
 * which Intel client platforms give such a unit. True when it reported. */
static bool judge_igfx_off(struct ctx *c)
{
	const struct audit_report *r = c->r;
	const struct pci_device *d = c->d;
	const char *intel = r->kernel.params.intel_iommu;
	const struct coverage_result *cov = &r->coverage;
	bool dmar = cov->computed && cov->dev && c->self < cov->n;
	bool gfx_unit = dmar && cov->dev[c->self].gfx_dedicated_unit;
	if (list_has_word(intel, "igfx_off", ",") && pcitopo_is_gpu(d) &&
	    (gfx_unit || (!dmar && c->f->up_known && c->f->n_up == 0))) {
		long u = gfx_unit ? cov->dev[c->self].unit : -1;
		struct finding *x = finding_add(c->out, FIND_DEVICE_IGFX_IOMMU_OFF, d->bdf,
						u >= 0 ? "intel_iommu=%s; %s is under %s, whose scope holds graphics "
							 "alone: the kernel ignores that unit with igfx_off"
						       : "intel_iommu=%s; %s is a display device on the root bus with no "
							 "iommu_group link (the DMAR was not read)",
						intel, d->bdf, u >= 0 ? cov->unit_names[u] : "");
		finding_set_action(x, "Change intel_iommu=%s to intel_iommu=on in GRUB_CMDLINE_LINUX_DEFAULT "
				      "(/etc/default/grub), run update-grub and reboot.",
				   intel);
		return true;
	}
	return false;
}

/* The device has no group while the IOMMU is on. */
static void judge_no_group(struct ctx *c)
{
	if (!judge_igfx_off(c))
		finding_add(c->out, FIND_DEVICE_NO_IOMMU_GROUP, c->d->bdf,
			    "no iommu_group link under sys/bus/pci/devices/%s while the IOMMU is on", c->d->bdf);
}

void judge_group(struct ctx *c)
{
	const struct audit_report *r = c->r;
	const struct pci_device *d = c->d;
	if (r->kernel.iommu_active != TRI_YES) {
		/* The kernel formed no groups: forecast from the firmware tables and
		 * the predicted groups, for the hypervisors that bring their own
		 * IOMMU driver (and for KVM once the IOMMU is on). */
		const struct coverage_result *cov = &r->coverage;
		if (cov->computed && cov->covered && c->self < cov->n && cov->covered[c->self] == TRI_NO) {
			finding_add(c->out, FIND_FIRMWARE_DEVICE_NOT_COVERED, d->bdf,
				    "no DRHD scope or IVHD entry names %s, and no unit includes all devices", d->bdf);
			return;
		}
		if (judge_igfx_off(c))
			return;
		judge_firmware_regions(c);
		const struct group_prediction *gp = &r->groups;
		if (gp->computed && gp->group_of && c->self < gp->n_devices && gp->group_of[c->self] >= 0) {
			const struct predicted_group *pg = &gp->groups[gp->group_of[c->self]];
			const char **names = xcalloc(pg->n_members + 1, sizeof(*names));
			for (size_t i = 0; i < pg->n_members; i++)
				names[i] = r->devices[pg->members[i]].bdf;
			classify_members(c, names, pg->n_members, pg->key, true);
			free(names);
		}
		return;
	}
	if (!d->iommu_group && !r->kernel.groups_readable && r->kernel.n_groups == 0) {
		/* No groups directory at all: a missing link proves nothing. */
		finding_add(c->out, FIND_DEVICE_GROUP_UNKNOWN, d->bdf, "sys/kernel/iommu_groups is missing");
		return;
	}
	if (!d->iommu_group) {
		judge_no_group(c);
		return;
	}
	const struct kernel_group *g = find_group(r, d->iommu_group);
	/* The link names a group the groups directory lacks, or cannot list. */
	if (!g) {
		finding_add(c->out, FIND_DEVICE_GROUP_UNKNOWN, d->bdf, "sys/kernel/iommu_groups/%s could not be read",
			    d->iommu_group);
		return;
	}
	if (g->members_unreadable) {
		finding_add(c->out, FIND_DEVICE_GROUP_UNKNOWN, d->bdf, "sys/kernel/iommu_groups/%s/devices could not be read",
			    g->name);
		return;
	}
	classify_members(c, (const char *const *)g->members, g->n_members, g->name, false);
	/* Without the kernel's list (an import, or a kernel before 4.11) the
	 * firmware's reserved regions say what the kernel would list. */
	if (g->reserved_regions)
		judge_reserved_regions(c, g);
	else
		judge_firmware_regions(c);
}

/* The members of the device's group (the kernel's, or predicted when the
 * kernel formed none), sorted into the card's own functions, ports, devices the
 * host needs and other endpoints. */
static void classify_members(struct ctx *c, const char *const *members, size_t n_members, const char *gname,
			     bool predicted)
{
	const struct audit_report *r = c->r;
	const struct pci_device *d = c->d;
	const char *label = predicted ? "predicted group" : "group";
	struct strbuf critical = {0}, others = {0}, unbound = {0}, actions = {0}, same_rid = {0};
	size_t n_critical = 0, n_others = 0, n_unbound = 0, n_critical_rid = 0;
	for (size_t i = 0; i < n_members; i++) {
		const char *bdf = members[i];
		if (!strcmp(bdf, d->bdf))
			continue;
		long mi = topology_find(r->devices, r->n_devices, bdf);
		if (mi < 0) {
			sb_addf(&others, "%s%s (not a PCI function the tool sees)", n_others ? ", " : "", bdf);
			n_others++;
			continue;
		}
		const struct pci_device *m = &r->devices[mi];
		char loses[200];
		/* A function of the same slot the host needs (the LPC bridge beside a
		 * PCH's audio) cannot go along. A card's own display function is
		 * judged on its own (GPU_ONLY_HOST_DISPLAY), not as the only display. */
		if (same_card(m, d) && (m->class_code >> 16) != 0x03 && host_critical(r, m, true, loses, sizeof(loses))) {
			sb_addf(&critical, "%s%s (%s)", n_critical ? ", " : "", m->bdf, loses);
			n_critical++;
			continue;
		}
		if (same_card(m, d)) {
			/* Companion functions go along. Their binding is part of the
			 * device's own driver finding, unless the device itself is
			 * already handed over and a companion is not. */
			if (driver_is_vfio_safe(d->driver) && !driver_is_vfio_safe(m->driver)) {
				sb_addf(&unbound, "%s%s (%s)", n_unbound ? ", " : "", m->bdf, m->driver);
				sb_addf(&actions, "%sdriverctl set-override %s vfio-pci", n_unbound ? "; " : "", m->bdf);
				n_unbound++;
			}
			continue;
		}
		if (pci_is_bridge(m))
			continue; /* ports stay with the host, bound to pcieport */
		char desc[160];
		snprintf(desc, sizeof(desc), "%s %s [%04x:%04x]%s%s%s", m->bdf, short_class(m->class_code),
			 m->vendor_id, m->device_id, m->driver ? " (driver " : "", m->driver ? m->driver : "",
			 m->driver ? ")" : "");
		bool rid = shares_requester_id(r, c->self, (size_t)mi);
		if (rid)
			sb_addf(&same_rid, "%s%s", same_rid.len ? ", " : "", m->bdf);
		if (host_critical(r, m, true, loses, sizeof(loses))) {
			sb_addf(&critical, "%s%s", n_critical ? ", " : "", desc);
			n_critical++;
			n_critical_rid += rid;
		} else {
			sb_addf(&others, "%s%s", n_others ? ", " : "", desc);
			n_others++;
		}
		if (!driver_is_vfio_safe(m->driver)) {
			sb_addf(&unbound, "%s%s (%s)", n_unbound ? ", " : "", m->bdf, m->driver);
			sb_addf(&actions, "%sdriverctl set-override %s vfio-pci", n_unbound ? "; " : "", m->bdf);
			n_unbound++;
		}
	}
	if (n_critical) {
		struct strbuf why = {0};
		sb_addf(&why, "%s %s also holds %s", label, gname, critical.s);
		if (n_others)
			sb_addf(&why, ", and %s", others.s);
		explain_isolation(c, &why);
		if (same_rid.len)
			sb_addf(&why, "; Xen assigns %s with it (same requester ID)", same_rid.s);
		char *w = sb_take(&why);
		struct finding *x = finding_add(c->out, FIND_GROUP_SHARED_HOST_CRITICAL, d->bdf, "%s", w);
		/* Xen assigns by requester ID, not by Linux group (verdict-policy.def):
		 * it takes the host's device along only when they share one. */
		if (n_critical_rid)
			finding_set_hv(x, HV_XEN, true, SEV_BLOCK);
		free(w);
	} else if (n_others) {
		struct strbuf why = {0};
		sb_addf(&why, "%s %s also holds %s", label, gname, others.s);
		explain_isolation(c, &why);
		if (same_rid.len)
			sb_addf(&why, "; Xen assigns %s with it (same requester ID)", same_rid.s);
		char *w = sb_take(&why);
		finding_add(c->out, FIND_GROUP_SHARED_ENDPOINTS, d->bdf, "%s", w);
		free(w);
	}
	if (n_unbound && !n_critical && !predicted) {
		bool pciback = strstr(unbound.s, "(pciback)") || strstr(unbound.s, "(xen-pciback)");
		struct finding *x = finding_add(c->out, FIND_GROUP_NOT_VIABLE, d->bdf, "bound to host drivers: %s%s",
						unbound.s,
						pciback ? "; xen-pciback holds a device for Xen and does not hand the "
							  "group to VFIO (it does not declare driver_managed_dma)" : "");
		finding_set_action(x, "%s", actions.s);
	}
	sb_free(&critical);
	sb_free(&others);
	sb_free(&unbound);
	sb_free(&actions);
	sb_free(&same_rid);
}

void judge_topology(struct ctx *c)
{
	const struct device_facts *f = c->f;
	const struct pci_device *d = c->d;
	for (size_t i = 0; f->up_known && i < f->n_up; i++) {
		long bi = f->up[i];
		const struct pci_device *b = &c->r->devices[bi];
		struct device_facts bv;
		facts_of(c->r, (size_t)bi, &bv);
		const struct device_facts *bf = &bv;
		bool pci_bridge = bf->pcie_type == PCIE_TYPE_PCIE_TO_PCI ||
				  (bf->pcie_type == PCIE_TYPE_NONE && pci_is_bridge(b));
		if (pci_bridge) {
			finding_add(c->out, FIND_TOPO_BEHIND_PCI_BRIDGE, d->bdf, "%s [%04x:%04x] above it is a %s", b->bdf,
				    b->vendor_id, b->device_id,
				    bf->pcie_type == PCIE_TYPE_PCIE_TO_PCI ? "PCIe-to-PCI/PCI-X bridge" :
									    "conventional PCI-to-PCI bridge");
			break;
		}
	}
	if (f->pcie_type == PCIE_TYPE_NONE)
		finding_add(c->out, FIND_DEVICE_CONVENTIONAL_PCI, d->bdf, "no PCI Express capability in its config space");
	if (!f->config_read)
		finding_add(c->out, FIND_DEVICE_CONFIG_UNREADABLE, d->bdf,
			    "sys/bus/pci/devices/%s/config: only the first 64 bytes were readable", d->bdf);
}

/* Every device on the same bus is a function of this card. */
