#include "config.h"

#include "report-xml.h"
#include "xml-writer.h"
#include "acpi-tables.h"
#include "audit.h"
#include "topology.h"
#include "util.h"
#include "xml-acpi.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/xmlwriter.h>

void report_xml_cleanup(void)
{
	xmlCleanupParser();
}

static void attr_bool(struct xw *x, const char *name, bool v)
{
	xw_attr(x, name, v ? "yes" : "no");
}

static void attr_tri(struct xw *x, const char *name, enum tri t)
{
	xw_attr(x, name, tri_name(t));
}


static const char *cpu_vendor_name(enum cpu_vendor v)
{
	switch (v) {
	case CPU_VENDOR_INTEL:
		return "intel";
	case CPU_VENDOR_AMD:
		return "amd";
	case CPU_VENDOR_HYGON:
		return "hygon";
	case CPU_VENDOR_ARM:
		return "arm";
	case CPU_VENDOR_OTHER:
		return "other";
	case CPU_VENDOR_UNKNOWN:
		break;
	}
	return "unknown";
}

static void write_host(struct xw *x, const struct audit_report *r)
{
	const struct host_facts *h = &r->host;
	xw_start(x, "host");
	xw_attr(x, "hostname", h->hostname);
	xw_attr(x, "kernel", h->kernel_release);
	attr_bool(x, "snapshot", h->snapshot);
	attr_bool(x, "privileged", h->privileged);
	if (!h->snapshot)
		attr_bool(x, "lockdown", h->lockdown);
	xw_attr(x, "root", r->root);
	xw_start(x, "dmi");
	xw_attr(x, "sys-vendor", h->dmi_sys_vendor);
	xw_attr(x, "product-name", h->dmi_product_name);
	xw_attr(x, "product-version", h->dmi_product_version);
	xw_attr(x, "board-vendor", h->dmi_board_vendor);
	xw_attr(x, "board-name", h->dmi_board_name);
	xw_attr(x, "bios-vendor", h->dmi_bios_vendor);
	xw_attr(x, "bios-version", h->dmi_bios_version);
	xw_attr(x, "bios-date", h->dmi_bios_date);
	xw_end(x);
	xw_text_element(x, "snapshot-note", h->snapshot_note);
	xw_end(x);
}

static void write_cpu(struct xw *x, const struct cpu_facts *c)
{
	xw_start(x, "cpu");
	attr_bool(x, "readable", c->readable);
	if (c->readable) {
		xw_attr(x, "vendor", cpu_vendor_name(c->vendor));
		xw_attr(x, "vendor-id", c->vendor_id);
		xw_attrf(x, "logical-cpus", "%u", c->logical_cpus);
		attr_tri(x, "virt", c->virt);
		xw_attr(x, "virt-name", c->virt_name);
		attr_bool(x, "guest", c->is_guest);
		attr_tri(x, "x2apic", c->x2apic);
		xw_text_element(x, "model-name", c->model_name);
	}
	xw_end(x);
}

static void write_finding(struct xw *x, const struct finding *f)
{
	const struct finding_info *info = finding_info(f->id);
	xw_start(x, "finding");
	xw_attr(x, "id", info->id);
	xw_attr(x, "severity", severity_name(f->severity));
	xw_attr(x, "layer", layer_name(info->layer));
	xw_attr(x, "subject", f->subject);
	/* Only when it does not speak to every hypervisor, to keep reports short.
	 * The occurrence's own applicability (a rule may narrow it), or the
	 * policy's for a finding made without one. */
	bool any_set = false;
	for (int hv = 0; hv < HV__COUNT; hv++)
		any_set = any_set || f->hv_applies[hv];
	struct strbuf hvs = {0};
	int n = 0;
	bool differs = false;
	for (int hv = 0; hv < HV__COUNT; hv++) {
		bool applies = any_set ? f->hv_applies[hv] : finding_applies(f->id, (enum hypervisor)hv);
		if (applies) {
			sb_addf(&hvs, "%s%s", n++ ? " " : "", hypervisor_name((enum hypervisor)hv));
			if (any_set && f->hv_severity[hv] != f->severity)
				differs = true;
		}
	}
	if (n < HV__COUNT)
		xw_attr(x, "hypervisors", hvs.s ? hvs.s : "");
	sb_free(&hvs);
	if (differs) {
		static const char *const names[] = {"severity-kvm", "severity-xen", "severity-esxi", "severity-hyperv"};
		for (int hv = 0; hv < HV__COUNT; hv++)
			if (f->hv_applies[hv])
				xw_attr(x, names[hv], severity_name(f->hv_severity[hv]));
	}
	xw_text_element(x, "detail", f->detail);
	xw_text_element(x, "action", f->action);
	xw_end(x);
}

static void write_findings(struct xw *x, const struct finding_list *list)
{
	xw_start(x, "findings");
	for (size_t i = 0; i < list->n; i++)
		write_finding(x, &list->v[i]);
	xw_end(x);
}

static void write_firmware(struct xw *x, const struct audit_report *r)
{
	const struct firmware_facts *fw = &r->firmware;
	xw_start(x, "firmware");
	attr_bool(x, "tables-readable", fw->tables_readable);
	/* One <table> per IOMMU-relevant ACPI table the firmware publishes; the
	 * decode (<acpi>, schema piece iommu-audit-acpi.xsd) follows. */
	const struct {
		const char *sig;
		bool present;
	} tables[] = {
		{"DMAR", fw->has_dmar},
		{"IVRS", fw->has_ivrs},
		{"IORT", fw->has_iort},
		{"APIC", fw->has_madt},
	};
	for (size_t i = 0; fw->tables_readable && i < ARRAY_SIZE(tables); i++) {
		if (!tables[i].present)
			continue;
		xw_start(x, "table");
		xw_attr(x, "signature", tables[i].sig);
		xw_end(x);
	}
	if (r->acpi && !x->failed)
		xw_check(x, xml_write_acpi(x->w, r->acpi));
	xw_end(x);
}

static void write_kernel(struct xw *x, const struct kernel_facts *k)
{
	xw_start(x, "kernel");
	attr_tri(x, "iommu-active", k->iommu_active);
	attr_tri(x, "interrupt-remapping", k->intr_remap);

	xw_start(x, "cmdline");
	attr_bool(x, "readable", k->cmdline_readable);
	xw_text(x, k->cmdline);
	xw_end(x);

	/* The parameters that decide IOMMU behaviour, by their kernel names. */
	const struct kernel_params *p = &k->params;
	const struct {
		const char *name;
		const char *value;
	} params[] = {
		{"intel_iommu", p->intel_iommu},
		{"amd_iommu", p->amd_iommu},
		{"iommu", p->iommu},
		{"iommu.passthrough", p->iommu_passthrough},
		{"iommu.strict", p->iommu_strict},
		{"pcie_acs_override", p->pcie_acs_override},
		{"pci", p->pci},
		{"vfio-pci.ids", p->vfio_pci_ids},
		{"vfio_iommu_type1.allow_unsafe_interrupts", p->vfio_unsafe_interrupts},
		{"video", p->video},
		{"modprobe.blacklist", p->modprobe_blacklist},
		{"nomodeset", p->nomodeset},
	};
	for (size_t i = 0; i < ARRAY_SIZE(params); i++) {
		if (!params[i].value)
			continue;
		xw_start(x, "param");
		xw_attr(x, "name", params[i].name);
		xw_attr(x, "value", params[i].value);
		xw_end(x);
	}

	xw_start(x, "iommu-units");
	attr_bool(x, "readable", k->class_iommu_readable);
	for (size_t i = 0; i < k->n_units; i++) {
		const struct kernel_iommu_unit *u = &k->units[i];
		xw_start(x, "iommu-unit");
		xw_attr(x, "name", u->name);
		xw_attr(x, "kind", u->kind && *u->kind ? u->kind : NULL);
		xw_attr(x, "address", u->address);
		xw_attr(x, "version", u->version);
		xw_attr(x, "cap", u->cap);
		xw_attr(x, "ecap", u->ecap);
		xw_attr(x, "features", u->features);
		xw_attrf(x, "devices", "%zu", u->n_devices);
		xw_attr(x, "pci-bdf", u->pci_bdf);
		xw_end(x);
	}
	xw_end(x);

	xw_start(x, "log");
	attr_bool(x, "readable", k->log_readable);
	for (size_t i = 0; i < k->n_log; i++)
		xw_text_element(x, "line", k->log[i]);
	xw_end(x);
	xw_end(x);
}

/* Port types as tokens (pcie_type_name is prose for the text report). */
static const char *port_type_token(const struct pci_caps *c)
{
	if (c->pcie.present == TRI_UNKNOWN)
		return "unknown";
	if (c->pcie.present == TRI_NO)
		return "pci";
	switch (c->pcie_type) {
	case PCIE_TYPE_ENDPOINT:
		return "endpoint";
	case PCIE_TYPE_LEGACY_ENDPOINT:
		return "legacy-endpoint";
	case PCIE_TYPE_ROOT_PORT:
		return "root-port";
	case PCIE_TYPE_UPSTREAM:
		return "upstream-port";
	case PCIE_TYPE_DOWNSTREAM:
		return "downstream-port";
	case PCIE_TYPE_PCIE_TO_PCI:
		return "pcie-to-pci-bridge";
	case PCIE_TYPE_PCI_TO_PCIE:
		return "pci-to-pcie-bridge";
	case PCIE_TYPE_RCIEP:
		return "rc-integrated-endpoint";
	case PCIE_TYPE_RC_EC:
		return "rc-event-collector";
	}
	return "other";
}

/* ACS bits as a list of their spec names ("SV RR CR UF"); NULL when none, so
 * the attribute is left out. */
static char *acs_bits(uint16_t bits)
{
	char buf[32];
	return bits & 0x7f ? xstrdup(acs_bits_text(bits, buf, sizeof(buf))) : NULL;
}

static void attr_owned(struct xw *x, const char *name, char *value)
{
	xw_attr(x, name, value);
	free(value);
}

/* <NAME present="yes|no|unknown" offset="0x40" ...>: the caller adds the
 * capability's fields (only when present is yes) and ends the element. */
static bool cap_start(struct xw *x, const char *name, const struct cap_presence *c)
{
	xw_start(x, name);
	attr_tri(x, "present", c->present);
	if (c->present == TRI_YES)
		xw_attrf(x, "offset", "0x%x", c->offset);
	return c->present == TRI_YES;
}

static void write_caps(struct xw *x, const struct pci_device *d)
{
	const struct pci_caps *c = &d->caps;
	xw_start(x, "capabilities");
	xw_attrf(x, "config-length", "%zu", c->config_len);
	attr_bool(x, "chain-broken", c->chain_broken);
	attr_bool(x, "ext-chain-broken", c->ext_chain_broken);

	if (cap_start(x, "pcie", &c->pcie)) {
		xw_attr(x, "port-type", port_type_token(c));
		attr_tri(x, "flr", c->flr);
		attr_tri(x, "slot-implemented", c->slot_implemented);
		if (c->phantom_functions)
			xw_attrf(x, "phantom-functions", "%u", c->phantom_functions);
		/* A width of 0 is no link (or registers a port leaves empty, as
		 * QEMU's switch ports do for LnkCap): left out, not guessed. */
		if (c->link_width) {
			xw_attrf(x, "link-speed", "%u", c->link_speed);
			xw_attrf(x, "link-width", "%u", c->link_width);
		}
		if (c->max_link_width) {
			xw_attrf(x, "max-link-speed", "%u", c->max_link_speed);
			xw_attrf(x, "max-link-width", "%u", c->max_link_width);
		}
	}
	xw_end(x);
	if (cap_start(x, "pm", &c->pm))
		attr_tri(x, "no-soft-reset", c->no_soft_reset);
	xw_end(x);
	if (cap_start(x, "msi", &c->msi)) {
		xw_attrf(x, "vectors", "%u", c->msi_vectors);
		attr_bool(x, "address-64bit", c->msi_64bit);
	}
	xw_end(x);
	if (cap_start(x, "msix", &c->msix))
		xw_attrf(x, "vectors", "%u", c->msix_vectors);
	xw_end(x);
	if (cap_start(x, "acs", &c->acs)) {
		xw_attrf(x, "cap", "%04x", c->acs_cap);
		xw_attrf(x, "ctrl", "%04x", c->acs_ctrl);
		attr_owned(x, "capable", acs_bits(c->acs_cap));
		attr_owned(x, "enabled", acs_bits(c->acs_ctrl & c->acs_cap));
	}
	xw_end(x);
	cap_start(x, "ari", &c->ari);
	xw_end(x);
	if (cap_start(x, "sriov", &c->sriov)) {
		xw_attrf(x, "total-vfs", "%u", c->sriov_total_vfs);
		xw_attrf(x, "num-vfs", "%u", c->sriov_num_vfs);
		xw_attrf(x, "vf-device-id", "%04x", c->sriov_vf_device_id);
		xw_attrf(x, "vf-offset", "%u", c->sriov_vf_offset);
		xw_attrf(x, "vf-stride", "%u", c->sriov_vf_stride);
	}
	xw_end(x);
	cap_start(x, "ats", &c->ats);
	xw_end(x);
	if (cap_start(x, "pasid", &c->pasid))
		xw_attrf(x, "max-width", "%u", (c->pasid_cap >> 8) & 0x1f);
	xw_end(x);
	cap_start(x, "pri", &c->pri);
	xw_end(x);
	cap_start(x, "rebar", &c->rebar);
	xw_end(x);
	xw_end(x);
}

static void write_bars(struct xw *x, const struct pci_device *d)
{
	xw_start(x, "bars");
	attr_tri(x, "known", d->bars_known);
	for (size_t b = 0; d->bars_known == TRI_YES && b < d->n_bars && b < ARRAY_SIZE(d->bars); b++) {
		const struct pci_bar *bar = &d->bars[b];
		xw_start(x, "bar");
		xw_attrf(x, "base", "0x%" PRIx64, bar->base);
		xw_attrf(x, "size", "0x%" PRIx64, bar->size);
		xw_attr(x, "space", bar->io ? "io" : "memory");
		if (!bar->io) {
			xw_attr(x, "width", bar->is_64bit ? "64" : "32");
			attr_bool(x, "prefetchable", bar->prefetchable);
			attr_bool(x, "above-4g", bar->above_4g);
		}
		xw_end(x);
	}
	if (d->bars_known == TRI_YES && d->rom_size) {
		xw_start(x, "rom");
		xw_attrf(x, "size", "0x%" PRIx64, d->rom_size);
		xw_end(x);
	}
	xw_end(x);
}

static void write_coverage(struct xw *x, const struct audit_report *r, size_t i)
{
	const struct coverage_result *cov = &r->coverage;
	xw_start(x, "iommu-coverage");
	/* Without a decoded DMAR/IVRS nothing says which unit translates it. */
	if (!cov->computed || i >= cov->n) {
		xw_attr(x, "covered", "unknown");
		xw_end(x);
		return;
	}
	const struct device_coverage *dc = &cov->dev[i];
	attr_tri(x, "covered", cov->covered ? cov->covered[i] : TRI_UNKNOWN);
	if (dc->unit >= 0 && (size_t)dc->unit < cov->n_units)
		xw_attr(x, "unit", cov->unit_names[dc->unit]);
	xw_attr(x, "how", dc->how);
	if (dc->alias_devfn >= 0)
		xw_attrf(x, "alias", "%02x.%x", (unsigned)dc->alias_devfn >> 3, (unsigned)dc->alias_devfn & 7);
	for (size_t k = 0; k < dc->n_regions; k++) {
		if (dc->regions[k] >= cov->n_regions)
			continue;
		xw_start(x, "reserved-region");
		xw_attr(x, "name", cov->region_names[dc->regions[k]]);
		xw_end(x);
	}
	xw_end(x);
}

static const char *bdf_of(const struct audit_report *r, long idx)
{
	return idx >= 0 && (size_t)idx < r->n_devices ? r->devices[idx].bdf : NULL;
}

static void write_acs_isolation(struct xw *x, const struct audit_report *r, size_t i)
{
	const struct group_prediction *gp = &r->groups;
	if (!gp->acs || i >= gp->n_devices)
		return;
	const struct acs_verdict *v = &gp->acs[i];
	xw_start(x, "acs-isolation");
	attr_tri(x, "ok", v->ok);
	attr_owned(x, "missing", acs_bits(v->missing));
	xw_attr(x, "quirk", v->quirk);
	attr_tri(x, "path-clean", gp->acs_path_clean[i]);
	xw_attr(x, "blocker", bdf_of(r, gp->acs_blocker[i]));
	xw_attr(x, "why", v->why);
	xw_end(x);
}

static void write_pci(struct xw *x, const struct audit_report *r)
{
	xw_start(x, "pci");
	attr_bool(x, "readable", r->pci_readable);
	for (size_t i = 0; i < r->n_devices; i++) {
		const struct pci_device *d = &r->devices[i];
		xw_start(x, "pci-device");
		xw_attr(x, "bdf", d->bdf);
		xw_attrf(x, "vendor-id", "%04x", d->vendor_id);
		xw_attrf(x, "device-id", "%04x", d->device_id);
		xw_attrf(x, "subsystem-vendor-id", "%04x", d->subsys_vendor_id);
		xw_attrf(x, "subsystem-id", "%04x", d->subsys_id);
		xw_attrf(x, "class", "%06x", d->class_code);
		xw_attrf(x, "revision", "%02x", d->revision);
		xw_attrf(x, "header-type", "%02x", d->header_type);
		xw_attr(x, "vendor-name", d->vendor_name);
		xw_attr(x, "device-name", d->device_name);
		xw_attr(x, "class-name", d->class_name);
		attr_bool(x, "config-full", d->config_full);
		xw_attr(x, "driver", d->driver);
		xw_attr(x, "iommu-group", d->iommu_group);
		attr_tri(x, "boot-vga", d->boot_vga);
		xw_attr(x, "reset-method", d->reset_method);
		if (d->numa_node >= 0)
			xw_attrf(x, "numa-node", "%d", d->numa_node);
		xw_attr(x, "parent", bdf_of(r, d->parent));
		/* 1.1: where it sits in the tree and which group it should get. */
		xw_attr(x, "port-type", port_type_token(&d->caps));
		xw_attr(x, "root-port", bdf_of(r, d->root_port));
		xw_attrf(x, "depth", "%u", d->depth);
		attr_bool(x, "multifunction", d->multifunction);
		attr_bool(x, "virtual-bus", d->virtual_bus);
		xw_attr(x, "physfn", d->physfn_index >= 0 ? bdf_of(r, d->physfn_index) : d->physfn);
		if (topology_is_bridge(d)) {
			xw_attrf(x, "secondary-bus", "%02x", d->caps.secondary_bus);
			xw_attrf(x, "subordinate-bus", "%02x", d->caps.subordinate_bus);
		}
		if (r->groups.computed && r->groups.group_of && i < r->groups.n_devices &&
		    r->groups.group_of[i] >= 0)
			xw_attr(x, "predicted-group", r->groups.groups[r->groups.group_of[i]].key);
		write_caps(x, d);
		write_bars(x, d);
		write_coverage(x, r, i);
		write_acs_isolation(x, r, i);
		xw_end(x);
	}
	xw_end(x);
}

static void write_groups(struct xw *x, const struct kernel_facts *k)
{
	xw_start(x, "iommu-groups");
	xw_attr(x, "source", "kernel");
	attr_bool(x, "readable", k->groups_readable);
	for (size_t i = 0; i < k->n_groups; i++) {
		const struct kernel_group *g = &k->groups[i];
		xw_start(x, "group");
		xw_attr(x, "id", g->name);
		xw_attr(x, "type", g->type);
		for (size_t m = 0; m < g->n_members; m++) {
			xw_start(x, "member");
			xw_attr(x, "device", g->members[m]);
			xw_end(x);
		}
		xw_end(x);
	}
	xw_end(x);
}

static void write_merge(struct xw *x, const struct audit_report *r, const struct group_merge *gm)
{
	xw_attr(x, "device", bdf_of(r, (long)gm->device));
	xw_attr(x, "reason", group_reason_name(gm->reason));
	if (gm->joined != gm->device)
		xw_attr(x, "joined", bdf_of(r, (long)gm->joined));
	xw_attr(x, "via", bdf_of(r, gm->via));
	xw_attr(x, "why", gm->text);
}

/* The groups the kernel should form (groups.c), each member with the reason
 * it joined; devices no unit translates are listed apart, without a group. */
static void write_predicted_groups(struct xw *x, const struct audit_report *r)
{
	const struct group_prediction *gp = &r->groups;
	xw_start(x, "iommu-groups");
	xw_attr(x, "source", "predicted");
	attr_bool(x, "readable", gp->computed);
	attr_tri(x, "matches-kernel", gp->matches_kernel);
	/* Written only for a forecast, so the reports of hosts whose IOMMU is on
	 * stay as they were (absent acs-control means read-back). */
	if (gp->computed && gp->forecast) {
		attr_bool(x, "forecast", true);
		xw_attr(x, "assumption", gp->forecast_why);
		xw_attr(x, "acs-control", gp->acs_simulated ? "enable-simulated" : "read-back");
	}
	/* merges are in enumeration order; index them by device. */
	const struct group_merge **by_dev = xcalloc(r->n_devices ? r->n_devices : 1, sizeof(*by_dev));
	for (size_t m = 0; m < gp->n_merges; m++)
		if (gp->merges[m].device < r->n_devices)
			by_dev[gp->merges[m].device] = &gp->merges[m];
	for (size_t g = 0; gp->computed && g < gp->n_groups; g++) {
		const struct predicted_group *pg = &gp->groups[g];
		xw_start(x, "group");
		xw_attr(x, "id", pg->key);
		attr_bool(x, "assumed", pg->assumed);
		for (size_t m = 0; m < pg->n_members; m++) {
			xw_start(x, "member");
			if (pg->members[m] < r->n_devices && by_dev[pg->members[m]])
				write_merge(x, r, by_dev[pg->members[m]]);
			else
				xw_attr(x, "device", bdf_of(r, (long)pg->members[m]));
			xw_end(x);
		}
		xw_end(x);
	}
	for (size_t i = 0; gp->computed && i < r->n_devices; i++) {
		if (!by_dev[i] || by_dev[i]->reason != GROUP_REASON_NOT_COVERED)
			continue;
		xw_start(x, "not-grouped");
		write_merge(x, r, by_dev[i]);
		xw_end(x);
	}
	free(by_dev);
	for (size_t i = 0; i < gp->findings.n; i++)
		write_finding(x, &gp->findings.v[i]);
	xw_end(x);
}

static void write_devices(struct xw *x, const struct audit_report *r)
{
	xw_start(x, "devices");
	for (size_t i = 0; i < r->n_judged; i++) {
		const struct judged_device *j = &r->judged[i];
		const struct pci_device *d = &r->devices[j->pci_index];
		xw_start(x, "device");
		xw_attr(x, "bdf", d->bdf);
		xw_attrf(x, "vendor-id", "%04x", d->vendor_id);
		xw_attrf(x, "device-id", "%04x", d->device_id);
		xw_attrf(x, "class", "%06x", d->class_code);
		xw_attr(x, "vendor-name", d->vendor_name);
		xw_attr(x, "device-name", d->device_name);
		attr_bool(x, "gpu", (d->class_code >> 16) == 0x03);
		if (j->after_fix) {
			xw_attr(x, "after-fix", j->after_fix);
			long g = r->groups.group_of[j->pci_index];
			if (g >= 0)
				xw_attr(x, "after-fix-group", r->groups.groups[g].key);
		}
		for (int hv = 0; hv < HV__COUNT; hv++) {
			xw_start(x, "verdict");
			xw_attr(x, "hypervisor", hypervisor_name((enum hypervisor)hv));
			xw_attr(x, "status", verdict_name(j->verdict[hv]));
			xw_end(x);
		}
		for (size_t f = 0; f < j->findings.n; f++)
			write_finding(x, &j->findings.v[f]);
		xw_end(x);
	}
	xw_end(x);
}

/* The words of every finding the report names, once, so a reader (the HTML view,
 * a person) needs neither the tool nor its version to explain an ID. */
static void write_catalogue(struct xw *x, const struct audit_report *r)
{
	bool used[FIND__COUNT] = {false};
	for (size_t i = 0; i < r->findings.n; i++)
		used[r->findings.v[i].id] = true;
	for (size_t j = 0; j < r->n_judged; j++)
		for (size_t i = 0; i < r->judged[j].findings.n; i++)
			used[r->judged[j].findings.v[i].id] = true;
	for (size_t i = 0; i < r->groups.findings.n; i++)
		used[r->groups.findings.v[i].id] = true;
	if (r->acpi) {
		for (size_t i = 0; i < r->acpi->findings.n; i++)
			used[r->acpi->findings.v[i].id] = true;
		for (size_t t = 0; t < r->acpi->n; t++)
			for (size_t i = 0; i < r->acpi->v[t].findings.n; i++)
				used[r->acpi->v[t].findings.v[i].id] = true;
	}
	xw_start(x, "finding-catalogue");
	for (size_t id = 0; id < FIND__COUNT; id++) {
		if (!used[id])
			continue;
		const struct finding_info *info = finding_info((enum finding_id)id);
		xw_start(x, "entry");
		xw_attr(x, "id", info->id);
		xw_attr(x, "severity", severity_name(info->severity));
		xw_attr(x, "layer", layer_name(info->layer));
		xw_text_element(x, "title", info->title);
		xw_text_element(x, "explanation", info->explanation);
		if (info->remedy[0])
			xw_text_element(x, "remedy", info->remedy);
		xw_end(x);
	}
	xw_end(x);
}

int report_xml(FILE *out, const struct audit_report *r, const struct xml_options *opt)
{
	struct xw x;
	if (xw_document_start(&x, out, "report", REPORT_XML_NS) < 0)
		return -1;
	xw_tool_attrs(&x, REPORT_XML_SCHEMA_VERSION, opt ? opt->generated : report_xml_time());

	write_host(&x, r);
	write_cpu(&x, &r->cpu);
	write_firmware(&x, r);
	write_kernel(&x, &r->kernel);
	write_pci(&x, r);
	write_groups(&x, &r->kernel);
	write_predicted_groups(&x, r);
	write_findings(&x, &r->findings);
	write_devices(&x, r);
	write_catalogue(&x, r);

	return xw_document_end(&x, out);
}
