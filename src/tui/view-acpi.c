#include "config.h"

#include "view.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* What the firmware declares and what the kernel made of it. The decoded
 * DMAR/IVRS/IORT structures join this view when the report carries them; until
 * then it shows which tables exist and the IOMMU units the kernel registered. */

static void tables(struct view *view)
{
	const struct firmware_facts *fw = &view->tui->report->firmware;
	view_addf(view, 0, ROLE_HEADING, "Firmware tables");
	if (!fw->tables_readable) {
		view_addf(view, 1, ROLE_UNKNOWN, "  unknown: sys/firmware/acpi/tables could not be read");
		return;
	}
	static const struct {
		const char *sig, *what;
		size_t offset;
	} rows[] = {
		{"DMAR", "Intel VT-d remapping", offsetof(struct firmware_facts, has_dmar)},
		{"IVRS", "AMD-Vi I/O virtualisation", offsetof(struct firmware_facts, has_ivrs)},
		{"IORT", "Arm I/O remapping (SMMU)", offsetof(struct firmware_facts, has_iort)},
		{"MADT", "interrupt controllers", offsetof(struct firmware_facts, has_madt)},
	};
	for (size_t i = 0; i < ARRAY_SIZE(rows); i++) {
		bool present = *(const bool *)((const char *)fw + rows[i].offset);
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_LABEL, "  %s", rows[i].sig);
		lb_add(&b, present ? ROLE_NORMAL : ROLE_DIM, "  %-8s %s", present ? "present" : "absent", rows[i].what);
		lb_finish(view, &b, 1);
	}
	view_addf(view, 1, ROLE_DIM, "  (the decoded tables are not in this report yet)");
}

static void units(struct view *view)
{
	const struct kernel_facts *k = &view->tui->report->kernel;
	view_add_blank(view, 0);
	view_addf(view, 0, ROLE_HEADING, "IOMMU units the kernel registered (sys/class/iommu)");
	if (!k->class_iommu_readable) {
		view_addf(view, 1, ROLE_DIM, "  sys/class/iommu is missing");
		return;
	}
	if (k->n_units == 0) {
		view_addf(view, 1, ROLE_NORMAL, "  none");
		return;
	}
	for (size_t i = 0; i < k->n_units; i++) {
		const struct kernel_iommu_unit *u = &k->units[i];
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_LABEL, "  %-8s", u->name);
		lb_add(&b, ROLE_NORMAL, " %s, %zu device%s", u->kind && *u->kind ? u->kind : "unknown kind", u->n_devices,
		       u->n_devices == 1 ? "" : "s");
		if (u->pci_bdf)
			lb_add(&b, ROLE_NORMAL, ", PCI function %s", u->pci_bdf);
		lb_finish(view, &b, 1);
		if (u->address)
			view_addf(view, 2, ROLE_NORMAL, "            address %s", u->address);
		if (u->version)
			view_addf(view, 2, ROLE_NORMAL, "            version %s", u->version);
		if (u->cap)
			view_addf(view, 2, ROLE_NORMAL, "            cap     %s", u->cap);
		if (u->ecap)
			view_addf(view, 2, ROLE_NORMAL, "            ecap    %s", u->ecap);
		if (u->features)
			view_addf(view, 2, ROLE_NORMAL, "            features %s", u->features);
	}
}

static void kernel_log(struct view *view)
{
	const struct kernel_facts *k = &view->tui->report->kernel;
	view_add_blank(view, 0);
	view_addf(view, 0, ROLE_HEADING, "Kernel log about the IOMMU");
	if (!k->log_readable) {
		view_addf(view, 1, ROLE_DIM, "  not readable");
		return;
	}
	if (k->n_log == 0)
		view_addf(view, 1, ROLE_NORMAL, "  no lines");
	for (size_t i = 0; i < k->n_log; i++)
		view_addf(view, 1, ROLE_NORMAL, "  %s", k->log[i]);
}

static void acpi_build(struct view *view, int width)
{
	(void)width;
	tables(view);
	units(view);
	kernel_log(view);
}

const struct view_ops acpi_view_ops = {
	.name = "Firmware",
	.build = acpi_build,
};
