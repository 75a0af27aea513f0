#include "config.h"

#include "acpi-tables.h"
#include "acpi-text.h"
#include "view.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the firmware declares and what the kernel made of it: which tables
 * exist, each decoded table (header, what it declares -- units, regions and
 * their device scopes -- as `iommu-audit acpi` prints it, its findings, every
 * field as `iommu-audit acpi --fields` prints it, folded until asked for), the
 * IOMMU units the kernel registered and its log about them. */

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
}

static void finding_lines(struct view *view, const struct finding_list *list, unsigned depth, int width)
{
	for (size_t i = 0; i < list->n; i++) {
		const struct finding *f = &list->v[i];
		const struct finding_info *info = finding_info(f->id);
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_NORMAL, "    ");
		lb_add(&b, role_of_severity(f->severity), "[%s]", severity_name(f->severity));
		lb_add(&b, ROLE_NORMAL, " %s", info->title);
		lb_finish(view, &b, depth);
		if (f->detail)
			view_add_wrapped(view, depth + 1, 12, width, "      seen", f->detail, ROLE_NORMAL);
		view_add_wrapped(view, depth + 1, 12, width, "      id", info->id, ROLE_DIM);
	}
}

/* Lines that a printer writes to a stream, one view line each, so the view
 * and the command line never disagree. */
static void printed_lines(struct view *view, unsigned depth, const char *indent,
			  void (*print)(FILE *, const void *), const void *what)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem)
		return;
	print(mem, what);
	fclose(mem);
	char *save = NULL;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		view_addf(view, depth, ROLE_NORMAL, "%s%s", indent, line);
	free(text);
}

static void print_fields(FILE *o, const void *fields)
{
	acpi_fields_print(o, fields);
}

static void print_decoded(FILE *o, const void *table)
{
	acpi_text_decoded(o, table);
}

static void decoded(struct view *view, int width)
{
	const struct acpi_tables *set = view->tui->acpi;
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++) {
		const struct acpi_table *t = &set->v[i];
		view_add_blank(view, 0);
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_HEADING, "%s", t->hdr.signature);
		lb_add(&b, ROLE_NORMAL, "  revision %u, %u bytes, OEM %s %s, checksum %s", t->hdr.revision,
		       t->hdr.length, tui_or_unknown(t->hdr.oem_id), tui_or_unknown(t->hdr.oem_table_id),
		       t->hdr.checksum_ok ? "ok" : "wrong");
		if (!t->hdr.complete)
			lb_add(&b, ROLE_BLOCKED, ", truncated");
		lb_finish(view, &b, 0);
		/* What it declares, as `iommu-audit acpi` prints it. */
		printed_lines(view, 1, "", print_decoded, t);
		finding_lines(view, &t->findings, 1, width);
		if (t->fields.n) {
			struct tui_line *head = view_addf(view, 1, ROLE_LABEL, "  %zu field%s (Right: show, Left: hide)",
							  t->fields.n, t->fields.n == 1 ? "" : "s");
			/* The field list is long; it opens on request. */
			head->folded = true;
			printed_lines(view, 2, "    ", print_fields, &t->fields);
		}
	}
	if (set->findings.n) {
		view_add_blank(view, 0);
		view_addf(view, 0, ROLE_HEADING, "Across the tables");
		finding_lines(view, &set->findings, 1, width);
	}
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
	tables(view);
	decoded(view, width);
	units(view);
	kernel_log(view);
}

const struct view_ops acpi_view_ops = {
	.name = "Firmware",
	.build = acpi_build,
};
