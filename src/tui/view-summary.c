#include "config.h"

#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Facts line up at a label column of their own in this view. */
#define fact(view, label, role, ...) view_add_fact(view, label, 10, role, __VA_ARGS__)

static void host_section(struct view *view, int width)
{
	const struct audit_report *r = view->tui->report;
	const struct host_facts *h = &r->host;
	view_addf(view, 0, ROLE_HEADING, "Host %s%s", tui_or_unknown(h->hostname), h->snapshot ? " (snapshot)" : "");
	if (h->dmi_sys_vendor || h->dmi_product_name)
		fact(view, "Machine", ROLE_NORMAL, "%s %s", tui_or_unknown(h->dmi_sys_vendor),
		     tui_or_unknown(h->dmi_product_name));
	if (h->dmi_bios_version)
		fact(view, "Firmware", ROLE_NORMAL, "%s %s (%s)", tui_or_unknown(h->dmi_bios_vendor), h->dmi_bios_version,
		     tui_or_unknown(h->dmi_bios_date));
	fact(view, "Kernel", ROLE_NORMAL, "%s", tui_or_unknown(h->kernel_release));

	const struct cpu_facts *c = &r->cpu;
	if (!c->readable)
		fact(view, "CPU", ROLE_UNKNOWN, "unknown (proc/cpuinfo unreadable)");
	else
		fact(view, "CPU", c->virt == TRI_YES ? ROLE_NORMAL : c->virt == TRI_NO ? ROLE_BLOCKED : ROLE_UNKNOWN,
		     "%s: %s %s%s", tui_or_unknown(c->model_name), c->virt_name ? c->virt_name : "VT-x/AMD-V",
		     c->virt == TRI_YES ? "present" : c->virt == TRI_NO ? "absent" : "unknown",
		     c->is_guest ? "; a VM guest" : "");

	const struct firmware_facts *fw = &r->firmware;
	if (!fw->tables_readable)
		fact(view, "Tables", ROLE_UNKNOWN, "unknown (ACPI tables unreadable)");
	else if (!fw->has_dmar && !fw->has_ivrs && !fw->has_iort)
		fact(view, "Tables", ROLE_BLOCKED, "no DMAR, IVRS or IORT: no IOMMU in the firmware");
	else
		fact(view, "Tables", ROLE_NORMAL, "%s%s%s", fw->has_dmar ? "DMAR (Intel VT-d) " : "",
		     fw->has_ivrs ? "IVRS (AMD-Vi) " : "", fw->has_iort ? "IORT (Arm SMMU) " : "");

	const struct kernel_facts *k = &r->kernel;
	if (k->iommu_active == TRI_YES)
		fact(view, "IOMMU", ROLE_NORMAL, "on: %zu unit%s, %zu group%s; interrupt remapping %s", k->n_units,
		     k->n_units == 1 ? "" : "s", k->n_groups, k->n_groups == 1 ? "" : "s",
		     k->intr_remap == TRI_YES ? "on" : k->intr_remap == TRI_NO ? "off" : "unknown");
	else
		fact(view, "IOMMU", k->iommu_active == TRI_NO ? ROLE_BLOCKED : ROLE_UNKNOWN, "%s",
		     k->iommu_active == TRI_NO ? "off: no IOMMU unit, no groups" : "unknown");
	if (k->cmdline)
		view_add_wrapped(view, 1, 12, width, "  Cmdline", k->cmdline, ROLE_NORMAL);
	/* Tool notes say why some answers are "unknown". */
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		if (finding_info(f->id)->layer != LAYER_TOOL || f->id == FIND_TOOL_NO_DEVICE_SELECTED ||
		    f->id == FIND_TOOL_PCI_SCAN_INCOMPLETE)
			continue;
		view_add_wrapped(view, 1, 12, width, "  Note", finding_info(f->id)->title, ROLE_NORMAL);
	}
}

static void host_findings(struct view *view)
{
	const struct audit_report *r = view->tui->report;
	size_t shown = 0;
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		if (finding_info(f->id)->layer == LAYER_TOOL)
			continue;
		if (shown++ == 0) {
			view_add_blank(view, 0);
			view_addf(view, 0, ROLE_HEADING, "Host findings (for every device)");
		}
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_NORMAL, "  ");
		lb_add(&b, role_of_severity(f->severity), "[%s]", severity_name(f->severity));
		lb_add(&b, ROLE_NORMAL, " %s", finding_info(f->id)->title);
		lb_finish(view, &b, 1)->ref = (long)i;
	}
}

static void devices_section(struct view *view)
{
	const struct audit_report *r = view->tui->report;
	view_add_blank(view, 0);
	if (r->n_judged == 0) {
		const struct finding_info *info = finding_info(
			r->pci_readable && !r->n_pci_unreadable ? FIND_TOOL_NO_DEVICE_SELECTED : FIND_TOOL_PCI_SCAN_INCOMPLETE);
		view_addf(view, 0, ROLE_HEADING, "No device to judge");
		view_addf(view, 1, ROLE_NORMAL, "  %s", info->explanation);
		view_addf(view, 1, ROLE_NORMAL, "  Run 'iommu-audit browse --all-devices' to judge every PCI function.");
		return;
	}
	/* Verdicts first: the name runs off the right edge on a narrow screen
	 * (scroll with '>'), the verdicts never do. */
	view_addf(view, 0, ROLE_HEADING, "%s (Enter: details)", r->n_judged == 1 ? "Device" : "Devices");
	struct line_builder b;
	lb_init(&b, -1);
	lb_field(&b, ROLE_LABEL, "  BDF", 16);
	for (int hv = 0; hv < HV__COUNT; hv++)
		lb_field(&b, ROLE_LABEL, hypervisor_name((enum hypervisor)hv), 8);
	lb_add(&b, ROLE_LABEL, " Name");
	lb_finish(view, &b, 1)->heading = true;
	for (size_t i = 0; i < r->n_judged; i++) {
		const struct judged_device *j = &r->judged[i];
		const struct pci_device *d = &r->devices[j->pci_index];
		lb_init(&b, (long)j->pci_index);
		lb_add(&b, ROLE_NORMAL, "  %s  ", d->bdf);
		for (int hv = 0; hv < HV__COUNT; hv++)
			lb_field(&b, role_of_verdict(j->verdict[hv]), verdict_name(j->verdict[hv]), 8);
		char name[300];
		lb_add(&b, ROLE_NORMAL, " %s", tui_device_name(d, name, sizeof(name)));
		lb_finish(view, &b, 1);
	}
}

static void summary_build(struct view *view, int width)
{
	host_section(view, width);
	host_findings(view);
	devices_section(view);
}

const struct view_ops summary_view_ops = {
	.name = "Summary",
	.build = summary_build,
};
