#include "config.h"

#include "report-xml.h"
#include "acpi-sdt.h"
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

char *xml_clean_string(const char *s)
{
	if (!s)
		return NULL;
	char *c = sanitize_utf8(xstrdup(s));
	/* sanitize_utf8 keeps tab and valid UTF-8; XML 1.0 also forbids U+FFFE and
	 * U+FFFF (EF BF BE / EF BF BF), which are valid UTF-8. */
	for (unsigned char *p = (unsigned char *)c; *p; p++)
		if (p[0] == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
			p[0] = p[1] = p[2] = '?';
			p += 2;
		}
	return c;
}

time_t report_xml_time(void)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	if (epoch && *epoch) {
		char *end;
		errno = 0;
		long long v = strtoll(epoch, &end, 10);
		if (!errno && !*end && v >= 0)
			return (time_t)v;
	}
	return time(NULL);
}

void report_xml_cleanup(void)
{
	xmlCleanupParser();
}

/* The writer with a sticky error: each call below is a no-op once one failed,
 * so the walk needs no error check per element. */
struct xw {
	xmlTextWriterPtr w;
	int failed;
};

static void check(struct xw *x, int rc)
{
	if (rc < 0)
		x->failed = 1;
}

static void start(struct xw *x, const char *name)
{
	if (!x->failed)
		check(x, xmlTextWriterStartElement(x->w, BAD_CAST name));
}

static void end(struct xw *x)
{
	if (!x->failed)
		check(x, xmlTextWriterEndElement(x->w));
}

/* Every attribute and text goes through xml_clean_string; a NULL value means
 * "not known" and writes nothing. */
static void attr(struct xw *x, const char *name, const char *value)
{
	if (!value || x->failed)
		return;
	char *c = xml_clean_string(value);
	check(x, xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST c));
	free(c);
}

static void IA_PRINTF(3, 4) attrf(struct xw *x, const char *name, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *v = xvasprintf(fmt, ap);
	va_end(ap);
	attr(x, name, v);
	free(v);
}

static void attr_bool(struct xw *x, const char *name, bool v)
{
	attr(x, name, v ? "yes" : "no");
}

static void attr_tri(struct xw *x, const char *name, enum tri t)
{
	attr(x, name, tri_name(t));
}

static void text_element(struct xw *x, const char *name, const char *value)
{
	if (!value || x->failed)
		return;
	char *c = xml_clean_string(value);
	check(x, xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST c));
	free(c);
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
	start(x, "host");
	attr(x, "hostname", h->hostname);
	attr(x, "kernel", h->kernel_release);
	attr_bool(x, "snapshot", h->snapshot);
	attr_bool(x, "privileged", h->privileged);
	if (!h->snapshot)
		attr_bool(x, "lockdown", h->lockdown);
	attr(x, "root", r->root);
	start(x, "dmi");
	attr(x, "sys-vendor", h->dmi_sys_vendor);
	attr(x, "product-name", h->dmi_product_name);
	attr(x, "product-version", h->dmi_product_version);
	attr(x, "board-vendor", h->dmi_board_vendor);
	attr(x, "board-name", h->dmi_board_name);
	attr(x, "bios-vendor", h->dmi_bios_vendor);
	attr(x, "bios-version", h->dmi_bios_version);
	attr(x, "bios-date", h->dmi_bios_date);
	end(x);
	text_element(x, "snapshot-note", h->snapshot_note);
	end(x);
}

static void write_cpu(struct xw *x, const struct cpu_facts *c)
{
	start(x, "cpu");
	attr_bool(x, "readable", c->readable);
	if (c->readable) {
		attr(x, "vendor", cpu_vendor_name(c->vendor));
		attr(x, "vendor-id", c->vendor_id);
		attrf(x, "logical-cpus", "%u", c->logical_cpus);
		attr_tri(x, "virt", c->virt);
		attr(x, "virt-name", c->virt_name);
		attr_bool(x, "guest", c->is_guest);
		attr_tri(x, "x2apic", c->x2apic);
		text_element(x, "model-name", c->model_name);
	}
	end(x);
}

static void write_finding(struct xw *x, const struct finding *f)
{
	const struct finding_info *info = finding_info(f->id);
	start(x, "finding");
	attr(x, "id", info->id);
	attr(x, "severity", severity_name(f->severity));
	attr(x, "layer", layer_name(info->layer));
	attr(x, "subject", f->subject);
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
		attr(x, "hypervisors", hvs.s ? hvs.s : "");
	sb_free(&hvs);
	if (differs) {
		static const char *const names[] = {"severity-kvm", "severity-xen", "severity-esxi", "severity-hyperv"};
		for (int hv = 0; hv < HV__COUNT; hv++)
			if (f->hv_applies[hv])
				attr(x, names[hv], severity_name(f->hv_severity[hv]));
	}
	text_element(x, "detail", f->detail);
	text_element(x, "action", f->action);
	end(x);
}

static void write_findings(struct xw *x, const struct finding_list *list)
{
	start(x, "findings");
	for (size_t i = 0; i < list->n; i++)
		write_finding(x, &list->v[i]);
	end(x);
}

static void write_firmware(struct xw *x, const struct audit_report *r)
{
	const struct firmware_facts *fw = &r->firmware;
	start(x, "firmware");
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
		start(x, "table");
		attr(x, "signature", tables[i].sig);
		end(x);
	}
	if (r->acpi && !x->failed)
		check(x, xml_write_acpi(x->w, r->acpi));
	end(x);
}

static void write_kernel(struct xw *x, const struct kernel_facts *k)
{
	start(x, "kernel");
	attr_tri(x, "iommu-active", k->iommu_active);
	attr_tri(x, "interrupt-remapping", k->intr_remap);

	start(x, "cmdline");
	attr_bool(x, "readable", k->cmdline_readable);
	if (k->cmdline && !x->failed) {
		char *c = xml_clean_string(k->cmdline);
		check(x, xmlTextWriterWriteString(x->w, BAD_CAST c));
		free(c);
	}
	end(x);

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
		start(x, "param");
		attr(x, "name", params[i].name);
		attr(x, "value", params[i].value);
		end(x);
	}

	start(x, "iommu-units");
	attr_bool(x, "readable", k->class_iommu_readable);
	for (size_t i = 0; i < k->n_units; i++) {
		const struct kernel_iommu_unit *u = &k->units[i];
		start(x, "iommu-unit");
		attr(x, "name", u->name);
		attr(x, "kind", u->kind && *u->kind ? u->kind : NULL);
		attr(x, "address", u->address);
		attr(x, "version", u->version);
		attr(x, "cap", u->cap);
		attr(x, "ecap", u->ecap);
		attr(x, "features", u->features);
		attrf(x, "devices", "%zu", u->n_devices);
		attr(x, "pci-bdf", u->pci_bdf);
		end(x);
	}
	end(x);

	start(x, "log");
	attr_bool(x, "readable", k->log_readable);
	for (size_t i = 0; i < k->n_log; i++)
		text_element(x, "line", k->log[i]);
	end(x);
	end(x);
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
	static const char *const names[] = {"SV", "TB", "RR", "CR", "UF", "EC", "DT"};
	struct strbuf sb = {0};
	for (size_t b = 0; b < ARRAY_SIZE(names); b++)
		if (bits & (1u << b))
			sb_addf(&sb, "%s%s", sb.s ? " " : "", names[b]);
	return sb.s;
}

static void attr_owned(struct xw *x, const char *name, char *value)
{
	attr(x, name, value);
	free(value);
}

/* <NAME present="yes|no|unknown" offset="0x40" ...>: the caller adds the
 * capability's fields (only when present is yes) and ends the element. */
static bool cap_start(struct xw *x, const char *name, const struct cap_presence *c)
{
	start(x, name);
	attr_tri(x, "present", c->present);
	if (c->present == TRI_YES)
		attrf(x, "offset", "0x%x", c->offset);
	return c->present == TRI_YES;
}

static void write_caps(struct xw *x, const struct pci_device *d)
{
	const struct pci_caps *c = &d->caps;
	start(x, "capabilities");
	attrf(x, "config-length", "%zu", c->config_len);
	attr_bool(x, "chain-broken", c->chain_broken);
	attr_bool(x, "ext-chain-broken", c->ext_chain_broken);

	if (cap_start(x, "pcie", &c->pcie)) {
		attr(x, "port-type", port_type_token(c));
		attr_tri(x, "flr", c->flr);
		attr_tri(x, "slot-implemented", c->slot_implemented);
		if (c->phantom_functions)
			attrf(x, "phantom-functions", "%u", c->phantom_functions);
		/* A width of 0 is no link (or registers a port leaves empty, as
		 * QEMU's switch ports do for LnkCap): left out, not guessed. */
		if (c->link_width) {
			attrf(x, "link-speed", "%u", c->link_speed);
			attrf(x, "link-width", "%u", c->link_width);
		}
		if (c->max_link_width) {
			attrf(x, "max-link-speed", "%u", c->max_link_speed);
			attrf(x, "max-link-width", "%u", c->max_link_width);
		}
	}
	end(x);
	if (cap_start(x, "pm", &c->pm))
		attr_tri(x, "no-soft-reset", c->no_soft_reset);
	end(x);
	if (cap_start(x, "msi", &c->msi)) {
		attrf(x, "vectors", "%u", c->msi_vectors);
		attr_bool(x, "address-64bit", c->msi_64bit);
	}
	end(x);
	if (cap_start(x, "msix", &c->msix))
		attrf(x, "vectors", "%u", c->msix_vectors);
	end(x);
	if (cap_start(x, "acs", &c->acs)) {
		attrf(x, "cap", "%04x", c->acs_cap);
		attrf(x, "ctrl", "%04x", c->acs_ctrl);
		attr_owned(x, "capable", acs_bits(c->acs_cap));
		attr_owned(x, "enabled", acs_bits(c->acs_ctrl & c->acs_cap));
	}
	end(x);
	cap_start(x, "ari", &c->ari);
	end(x);
	if (cap_start(x, "sriov", &c->sriov)) {
		attrf(x, "total-vfs", "%u", c->sriov_total_vfs);
		attrf(x, "num-vfs", "%u", c->sriov_num_vfs);
		attrf(x, "vf-device-id", "%04x", c->sriov_vf_device_id);
		attrf(x, "vf-offset", "%u", c->sriov_vf_offset);
		attrf(x, "vf-stride", "%u", c->sriov_vf_stride);
	}
	end(x);
	cap_start(x, "ats", &c->ats);
	end(x);
	if (cap_start(x, "pasid", &c->pasid))
		attrf(x, "max-width", "%u", (c->pasid_cap >> 8) & 0x1f);
	end(x);
	cap_start(x, "pri", &c->pri);
	end(x);
	cap_start(x, "rebar", &c->rebar);
	end(x);
	end(x);
}

static void write_bars(struct xw *x, const struct pci_device *d)
{
	start(x, "bars");
	attr_tri(x, "known", d->bars_known);
	for (size_t b = 0; d->bars_known == TRI_YES && b < d->n_bars && b < ARRAY_SIZE(d->bars); b++) {
		const struct pci_bar *bar = &d->bars[b];
		start(x, "bar");
		attrf(x, "base", "0x%" PRIx64, bar->base);
		attrf(x, "size", "0x%" PRIx64, bar->size);
		attr(x, "space", bar->io ? "io" : "memory");
		if (!bar->io) {
			attr(x, "width", bar->is_64bit ? "64" : "32");
			attr_bool(x, "prefetchable", bar->prefetchable);
			attr_bool(x, "above-4g", bar->above_4g);
		}
		end(x);
	}
	if (d->bars_known == TRI_YES && d->rom_size) {
		start(x, "rom");
		attrf(x, "size", "0x%" PRIx64, d->rom_size);
		end(x);
	}
	end(x);
}

static void write_coverage(struct xw *x, const struct audit_report *r, size_t i)
{
	const struct coverage_result *cov = &r->coverage;
	start(x, "iommu-coverage");
	/* Without a decoded DMAR/IVRS nothing says which unit translates it. */
	if (!cov->computed || i >= cov->n) {
		attr(x, "covered", "unknown");
		end(x);
		return;
	}
	const struct device_coverage *dc = &cov->dev[i];
	attr_tri(x, "covered", cov->covered ? cov->covered[i] : TRI_UNKNOWN);
	if (dc->unit >= 0 && (size_t)dc->unit < cov->n_units)
		attr(x, "unit", cov->unit_names[dc->unit]);
	attr(x, "how", dc->how);
	if (dc->alias_devfn >= 0)
		attrf(x, "alias", "%02x.%x", (unsigned)dc->alias_devfn >> 3, (unsigned)dc->alias_devfn & 7);
	for (size_t k = 0; k < dc->n_regions; k++) {
		if (dc->regions[k] >= cov->n_regions)
			continue;
		start(x, "reserved-region");
		attr(x, "name", cov->region_names[dc->regions[k]]);
		end(x);
	}
	end(x);
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
	start(x, "acs-isolation");
	attr_tri(x, "ok", v->ok);
	attr_owned(x, "missing", acs_bits(v->missing));
	attr(x, "quirk", v->quirk);
	attr_tri(x, "path-clean", gp->acs_path_clean[i]);
	attr(x, "blocker", bdf_of(r, gp->acs_blocker[i]));
	attr(x, "why", v->why);
	end(x);
}

static void write_pci(struct xw *x, const struct audit_report *r)
{
	start(x, "pci");
	attr_bool(x, "readable", r->pci_readable);
	for (size_t i = 0; i < r->n_devices; i++) {
		const struct pci_device *d = &r->devices[i];
		start(x, "pci-device");
		attr(x, "bdf", d->bdf);
		attrf(x, "vendor-id", "%04x", d->vendor_id);
		attrf(x, "device-id", "%04x", d->device_id);
		attrf(x, "subsystem-vendor-id", "%04x", d->subsys_vendor_id);
		attrf(x, "subsystem-id", "%04x", d->subsys_id);
		attrf(x, "class", "%06x", d->class_code);
		attrf(x, "revision", "%02x", d->revision);
		attrf(x, "header-type", "%02x", d->header_type);
		attr(x, "vendor-name", d->vendor_name);
		attr(x, "device-name", d->device_name);
		attr(x, "class-name", d->class_name);
		attr_bool(x, "config-full", d->config_full);
		attr(x, "driver", d->driver);
		attr(x, "iommu-group", d->iommu_group);
		attr_tri(x, "boot-vga", d->boot_vga);
		attr(x, "reset-method", d->reset_method);
		if (d->numa_node >= 0)
			attrf(x, "numa-node", "%d", d->numa_node);
		attr(x, "parent", bdf_of(r, d->parent));
		/* 1.1: where it sits in the tree and which group it should get. */
		attr(x, "port-type", port_type_token(&d->caps));
		attr(x, "root-port", bdf_of(r, d->root_port));
		attrf(x, "depth", "%u", d->depth);
		attr_bool(x, "multifunction", d->multifunction);
		attr_bool(x, "virtual-bus", d->virtual_bus);
		attr(x, "physfn", d->physfn_index >= 0 ? bdf_of(r, d->physfn_index) : d->physfn);
		if (topology_is_bridge(d)) {
			attrf(x, "secondary-bus", "%02x", d->caps.secondary_bus);
			attrf(x, "subordinate-bus", "%02x", d->caps.subordinate_bus);
		}
		if (r->groups.computed && r->groups.group_of && i < r->groups.n_devices &&
		    r->groups.group_of[i] >= 0)
			attr(x, "predicted-group", r->groups.groups[r->groups.group_of[i]].key);
		write_caps(x, d);
		write_bars(x, d);
		write_coverage(x, r, i);
		write_acs_isolation(x, r, i);
		end(x);
	}
	end(x);
}

static void write_groups(struct xw *x, const struct kernel_facts *k)
{
	start(x, "iommu-groups");
	attr(x, "source", "kernel");
	attr_bool(x, "readable", k->groups_readable);
	for (size_t i = 0; i < k->n_groups; i++) {
		const struct kernel_group *g = &k->groups[i];
		start(x, "group");
		attr(x, "id", g->name);
		attr(x, "type", g->type);
		for (size_t m = 0; m < g->n_members; m++) {
			start(x, "member");
			attr(x, "device", g->members[m]);
			end(x);
		}
		end(x);
	}
	end(x);
}

static void write_merge(struct xw *x, const struct audit_report *r, const struct group_merge *gm)
{
	attr(x, "device", bdf_of(r, (long)gm->device));
	attr(x, "reason", group_reason_name(gm->reason));
	if (gm->joined != gm->device)
		attr(x, "joined", bdf_of(r, (long)gm->joined));
	attr(x, "via", bdf_of(r, gm->via));
	attr(x, "why", gm->text);
}

/* The groups the kernel should form (groups.c), each member with the reason
 * it joined; devices no unit translates are listed apart, without a group. */
static void write_predicted_groups(struct xw *x, const struct audit_report *r)
{
	const struct group_prediction *gp = &r->groups;
	start(x, "iommu-groups");
	attr(x, "source", "predicted");
	attr_bool(x, "readable", gp->computed);
	attr_tri(x, "matches-kernel", gp->matches_kernel);
	attr(x, "not-computed-why", gp->computed ? NULL : gp->not_computed_why);
	/* merges are in enumeration order; index them by device. */
	const struct group_merge **by_dev = xcalloc(r->n_devices ? r->n_devices : 1, sizeof(*by_dev));
	for (size_t m = 0; m < gp->n_merges; m++)
		if (gp->merges[m].device < r->n_devices)
			by_dev[gp->merges[m].device] = &gp->merges[m];
	for (size_t g = 0; gp->computed && g < gp->n_groups; g++) {
		const struct predicted_group *pg = &gp->groups[g];
		start(x, "group");
		attr(x, "id", pg->key);
		attr_bool(x, "assumed", pg->assumed);
		for (size_t m = 0; m < pg->n_members; m++) {
			start(x, "member");
			if (pg->members[m] < r->n_devices && by_dev[pg->members[m]])
				write_merge(x, r, by_dev[pg->members[m]]);
			else
				attr(x, "device", bdf_of(r, (long)pg->members[m]));
			end(x);
		}
		end(x);
	}
	for (size_t i = 0; gp->computed && i < r->n_devices; i++) {
		if (!by_dev[i] || by_dev[i]->reason != GROUP_REASON_NOT_COVERED)
			continue;
		start(x, "not-grouped");
		write_merge(x, r, by_dev[i]);
		end(x);
	}
	free(by_dev);
	for (size_t i = 0; i < gp->findings.n; i++)
		write_finding(x, &gp->findings.v[i]);
	end(x);
}

static void write_devices(struct xw *x, const struct audit_report *r)
{
	start(x, "devices");
	for (size_t i = 0; i < r->n_judged; i++) {
		const struct judged_device *j = &r->judged[i];
		const struct pci_device *d = &r->devices[j->pci_index];
		start(x, "device");
		attr(x, "bdf", d->bdf);
		attrf(x, "vendor-id", "%04x", d->vendor_id);
		attrf(x, "device-id", "%04x", d->device_id);
		attrf(x, "class", "%06x", d->class_code);
		attr(x, "vendor-name", d->vendor_name);
		attr(x, "device-name", d->device_name);
		attr_bool(x, "gpu", (d->class_code >> 16) == 0x03);
		for (int hv = 0; hv < HV__COUNT; hv++) {
			start(x, "verdict");
			attr(x, "hypervisor", hypervisor_name((enum hypervisor)hv));
			attr(x, "status", verdict_name(j->verdict[hv]));
			end(x);
		}
		for (size_t f = 0; f < j->findings.n; f++)
			write_finding(x, &j->findings.v[f]);
		end(x);
	}
	end(x);
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
	start(x, "finding-catalogue");
	for (size_t id = 0; id < FIND__COUNT; id++) {
		if (!used[id])
			continue;
		const struct finding_info *info = finding_info((enum finding_id)id);
		start(x, "entry");
		attr(x, "id", info->id);
		attr(x, "severity", severity_name(info->severity));
		attr(x, "layer", layer_name(info->layer));
		text_element(x, "title", info->title);
		text_element(x, "explanation", info->explanation);
		if (info->remedy[0])
			text_element(x, "remedy", info->remedy);
		end(x);
	}
	end(x);
}

int report_xml(FILE *out, const struct audit_report *r, const struct xml_options *opt)
{
	xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
	if (!buf)
		return -1;
	struct xw x = {.w = xmlNewTextWriter(buf)};
	if (!x.w) {
		xmlOutputBufferClose(buf);
		return -1;
	}
	check(&x, xmlTextWriterSetIndent(x.w, 1));
	check(&x, xmlTextWriterSetIndentString(x.w, BAD_CAST "  "));
	check(&x, xmlTextWriterStartDocument(x.w, NULL, "UTF-8", NULL));
	check(&x, xmlTextWriterStartElementNS(x.w, NULL, BAD_CAST "report", BAD_CAST REPORT_XML_NS));
	attr(&x, "schema-version", REPORT_XML_SCHEMA_VERSION);
	attr(&x, "tool", PACKAGE_NAME);
	attr(&x, "tool-version", PACKAGE_VERSION);
	struct tm tm;
	char when[32];
	time_t t = opt ? opt->generated : report_xml_time();
	if (gmtime_r(&t, &tm) && strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		attr(&x, "generated", when);

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

	check(&x, xmlTextWriterEndDocument(x.w)); /* closes every open element */
	xmlFreeTextWriter(x.w);                     /* flushes and closes buf */
	return x.failed || ferror(out) ? -1 : 0;
}
