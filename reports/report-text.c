#include "config.h"

#include "report-text.h"
#include "audit.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH 80

enum color { C_NONE, C_RED, C_GREEN, C_YELLOW, C_MAGENTA, C_BOLD };

static const char *color_on(const struct text_options *o, enum color c)
{
	static const char *const seq[] = {"", "\033[31m", "\033[32m", "\033[33m", "\033[35m", "\033[1m"};
	return o->color ? seq[c] : "";
}

static const char *color_off(const struct text_options *o)
{
	return o->color ? "\033[0m" : "";
}

static enum color verdict_color(enum verdict v)
{
	switch (v) {
	case VERDICT_READY:
		return C_GREEN;
	case VERDICT_WARN:
		return C_YELLOW;
	case VERDICT_UNKNOWN:
		return C_MAGENTA;
	case VERDICT_BLOCKED:
		return C_RED;
	}
	return C_NONE;
}

static enum color severity_color(enum severity s)
{
	return verdict_color(verdict_of_severity(s));
}

void text_wrap(FILE *out, const char *text, int indent, int width, int col)
{
	/* col < 0: nothing written on this line yet, so indent it first. */
	if (col < 0) {
		fprintf(out, "%*s", indent, "");
		col = indent;
	}
	struct word_wrap w;
	word_wrap_init(&w, text, indent, width, col, NULL);
	const char *word;
	size_t n;
	bool new_line, space;
	while (word_wrap_next(&w, &word, &n, &new_line, &space)) {
		if (new_line)
			fprintf(out, "\n%*s", indent, "");
		if (space)
			fputc(' ', out);
		fwrite(word, 1, n, out);
	}
	fputc('\n', out);
}

static const char *or_unknown(const char *s)
{
	return s && *s ? s : "unknown";
}

void report_device_label(const struct pci_device *d, char *out, size_t size)
{
	if (d->vendor_name && d->device_name)
		snprintf(out, size, "%s %s", d->vendor_name, d->device_name);
	else if (d->vendor_name)
		snprintf(out, size, "%s Device %04x", d->vendor_name, d->device_id);
	else
		snprintf(out, size, "Device %04x:%04x", d->vendor_id, d->device_id);
}

static void print_host(FILE *out, const struct audit_report *r, const struct text_options *o)
{
	const struct host_facts *h = &r->host;
	/* Live host or its snapshot: the report is the same, by design. */
	fprintf(out, "%siommu-audit %s%s: %s\n", color_on(o, C_BOLD), PACKAGE_VERSION, color_off(o),
		or_unknown(h->hostname));
	if (h->imported)
		fprintf(out, "  Source    imported from %s: what it does not state is unknown\n", h->imported);
	/* The kernel's DMI line joins vendor and product, so an import has one. */
	if (h->dmi_sys_vendor && h->dmi_product_name)
		fprintf(out, "  Machine   %s %s\n", h->dmi_sys_vendor, h->dmi_product_name);
	else if (h->dmi_sys_vendor || h->dmi_product_name)
		fprintf(out, "  Machine   %s\n", h->dmi_sys_vendor ? h->dmi_sys_vendor : h->dmi_product_name);
	if (h->dmi_bios_version)
		fprintf(out, "  Firmware  %s %s (%s)\n", or_unknown(h->dmi_bios_vendor), h->dmi_bios_version,
			or_unknown(h->dmi_bios_date));
	fprintf(out, "  Kernel    %s\n", or_unknown(h->kernel_release));

	const struct cpu_facts *c = &r->cpu;
	if (!c->readable)
		fprintf(out, "  CPU       unknown (proc/cpuinfo unreadable)\n");
	else
		fprintf(out, "  CPU       %s: %s %s%s\n", or_unknown(c->model_name), c->virt_name ? c->virt_name : "VT-x/AMD-V",
			finding_list_has(&r->findings, FIND_CPU_VIRT_DISABLED_BY_FIRMWARE) ? "disabled by the firmware" :
			c->virt == TRI_YES ? "present" : c->virt == TRI_NO ? "absent" : "unknown",
			c->is_guest ? "; running as a VM guest" : "");

	const struct firmware_facts *fw = &r->firmware;
	if (!fw->tables_readable)
		fprintf(out, "  Tables    unknown (ACPI tables unreadable)\n");
	else if (!fw->has_dmar && !fw->has_ivrs && !fw->has_iort)
		fprintf(out, "  Tables    no DMAR, IVRS or IORT: no IOMMU in the firmware\n");
	else
		fprintf(out, "  Tables    %s%s%s%s%s\n", fw->has_dmar ? "DMAR (Intel VT-d)" : "",
			fw->has_dmar && (fw->has_ivrs || fw->has_iort) ? ", " : "", fw->has_ivrs ? "IVRS (AMD-Vi)" : "",
			fw->has_ivrs && fw->has_iort ? ", " : "", fw->has_iort ? "IORT (Arm SMMU)" : "");

	const struct kernel_facts *k = &r->kernel;
	if (k->iommu_active == TRI_YES)
		fprintf(out, "  IOMMU     on: %zu unit%s, %zu group%s; interrupt remapping %s\n", k->n_units,
			k->n_units == 1 ? "" : "s", k->n_groups, k->n_groups == 1 ? "" : "s",
			k->intr_remap == TRI_YES ? "on" : k->intr_remap == TRI_NO ? "off" : "unknown");
	else
		fprintf(out, "  IOMMU     %s\n", k->iommu_active == TRI_NO ? "off: no IOMMU unit, no groups" : "unknown");
	if (k->cmdline) {
		fprintf(out, "  Cmdline   ");
		text_wrap(out, k->cmdline, 12, WIDTH, 12);
	}
}

/* Whether the view shows a finding: it concerns the chosen profile (or any, with all). */
static bool shown_in_view(const struct finding *f, const struct text_options *o)
{
	for (int hv = 0; hv < HV__COUNT; hv++)
		if ((o->hv_all || hv == (int)o->hv) && f->hv_applies[hv])
			return true;
	return false;
}

/* The severity a view shows: the chosen profile's, or the worst over all. */
static enum severity view_severity(const struct finding *f, const struct text_options *o)
{
	if (!o->hv_all)
		return f->hv_severity[o->hv];
	enum severity worst = SEV_INFO;
	for (int hv = 0; hv < HV__COUNT; hv++)
		if (f->hv_applies[hv] && f->hv_severity[hv] > worst)
			worst = f->hv_severity[hv];
	return worst;
}

/* Findings (of a device, or the host's) in the order this view must fix them:
 * worst first, then by layer (the model's order is for the worst over every
 * profile). */
static size_t view_order(const struct finding_list *list, const struct text_options *o,
			 const struct finding **out)
{
	size_t n = 0;
	for (int sev = SEV_BLOCK; sev >= SEV_INFO; sev--)
		for (int layer = LAYER_TOOL; layer <= LAYER_SHARING; layer++)
			for (size_t i = 0; i < list->n; i++) {
				const struct finding *f = &list->v[i];
				if (shown_in_view(f, o) && (int)view_severity(f, o) == sev &&
				    (int)finding_info(f->id)->layer == layer)
					out[n++] = f;
			}
	return n;
}

static void print_device_line(FILE *out, const struct audit_report *r, const struct judged_device *j,
			      const struct text_options *o)
{
	const struct pci_device *d = &r->devices[j->pci_index];
	char name[160];
	report_device_label(d, name, sizeof(name));
	if (strlen(name) > 50)
		memcpy(name + 47, "...", 4); /* the verdict column stays in place */
	enum verdict v = j->verdict[o->hv];
	if (o->hv_all) {
		fprintf(out, "  %s  %-.62s\n   ", d->bdf, name);
		for (int hv = 0; hv < HV__COUNT; hv++)
			fprintf(out, "  %s %s%s%s", hypervisor_name((enum hypervisor)hv),
				color_on(o, verdict_color(j->verdict[hv])), verdict_name(j->verdict[hv]), color_off(o));
		fputc('\n', out);
	} else {
		fprintf(out, "  %s  %-50.50s %s%s%s\n", d->bdf, name, color_on(o, verdict_color(v)), verdict_name(v),
			color_off(o));
	}
	/* The first thing to fix, when there is something to fix. */
	const struct finding **order = xcalloc(j->findings.n + 1, sizeof(*order));
	size_t n = view_order(&j->findings, o, order);
	if (n > 0 && view_severity(order[0], o) >= SEV_WARN) {
		char first[68]; /* 12 columns of indent: the line stays within 80 */
		snprintf(first, sizeof(first), "%s", finding_info(order[0]->id)->title);
		fprintf(out, "      first: %s\n", first);
	}
	free(order);
}

static void print_finding(FILE *out, size_t n, const struct finding *f, const struct text_options *o)
{
	const struct finding_info *info = finding_info(f->id);
	enum severity sev = view_severity(f, o);
	char head[64];
	int len = snprintf(head, sizeof(head), "  %zu. [%s] ", n, severity_name(sev));
	fprintf(out, "  %zu. [%s%s%s] ", n, color_on(o, severity_color(sev)), severity_name(sev), color_off(o));
	text_wrap(out, info->title, len, WIDTH, len);
	/* Firmware findings name their table: two tables can fail the same check. */
	if (f->subject && (info->layer == LAYER_FIRMWARE || info->layer == LAYER_IOMMU)) {
		char *id = xasprintf("id: %s (%s)", info->id, f->subject);
		fprintf(out, "%*s", len, "");
		text_wrap(out, id, len + 4, WIDTH, len);
		free(id);
	} else {
		fprintf(out, "%*s%s%s\n", len, "", "id: ", info->id);
	}
	if (o->hv_all) {
		/* Say where the weight differs between profiles. */
		bool differs = false;
		for (int hv = 1; hv < HV__COUNT; hv++)
			if (f->hv_applies[hv] != f->hv_applies[0] ||
			    (f->hv_applies[hv] && f->hv_severity[hv] != f->hv_severity[0]))
				differs = true;
		if (differs) {
			struct strbuf sb = {0};
			for (int hv = 0; hv < HV__COUNT; hv++)
				sb_addf(&sb, "%s%s %s", hv ? ", " : "", hypervisor_name((enum hypervisor)hv),
					f->hv_applies[hv] ? severity_name(f->hv_severity[hv]) : "n/a");
			char *t = sb_take(&sb);
			fprintf(out, "%*sfor:  ", len, "");
			text_wrap(out, t, len + 6, WIDTH, len + 6);
			free(t);
		}
	}
	if (f->detail && (o->verbose || !info->remedy[0] || f->id == FIND_GROUP_SHARED_HOST_CRITICAL ||
			  f->id == FIND_GROUP_SHARED_ENDPOINTS || f->id == FIND_GPU_COMPANION_FUNCTIONS ||
			  f->id == FIND_GROUP_NOT_VIABLE || f->id == FIND_DEVICE_DUPLICATE_IDS ||
			  f->id == FIND_TOPO_BEHIND_PCI_BRIDGE)) {
		/* Findings that name other devices say which, even without -v. */
		fprintf(out, "%*sseen: ", len, "");
		text_wrap(out, f->detail, len + 6, WIDTH, len + 6);
	}
	if (o->verbose) {
		fprintf(out, "%*swhy:  ", len, "");
		text_wrap(out, info->explanation, len + 6, WIDTH, len + 6);
	}
	/* The concrete action replaces the general remedy and keeps its label,
	 * with or without -v; -v adds the general remedy after it as a note. */
	if (f->action) {
		fprintf(out, "%*sfix:  ", len, "");
		text_wrap(out, f->action, len + 6, WIDTH, len + 6);
	}
	if (info->remedy[0] && (!f->action || o->verbose)) {
		fprintf(out, "%*s%s", len, "", f->action ? "note: " : "fix:  ");
		text_wrap(out, info->remedy, len + 6, WIDTH, len + 6);
	}
}

/* -v: the evidence behind the topology findings: which firmware unit covers
 * the device, and each bridge on the way to the root with its ACS verdict. */
static void print_device_evidence(FILE *out, const struct audit_report *r, size_t index)
{
	const struct pci_device *d = &r->devices[index];
	const struct coverage_result *cov = &r->coverage;
	if (cov->computed && cov->dev && index < cov->n) {
		const struct device_coverage *dc = &cov->dev[index];
		char *u = dc->unit >= 0 && (size_t)dc->unit < cov->n_units ?
				  xasprintf("IOMMU unit %s (%s)", cov->unit_names[dc->unit], dc->how ? dc->how : "?") :
				  xstrdup("no IOMMU unit of the firmware covers it");
		fputs("    ", out);
		text_wrap(out, u, 6, WIDTH, 4);
		free(u);
	}
	const struct group_prediction *gp = &r->groups;
	size_t steps = 0;
	for (long p = d->parent; p >= 0 && (size_t)p < r->n_devices && steps < 32; p = r->devices[p].parent, steps++) {
		const struct pci_device *b = &r->devices[p];
		const char *why = gp->computed && gp->acs && (size_t)p < gp->n_devices ? gp->acs[p].why : NULL;
		char *line = xasprintf("above: %s %s%s%s", b->bdf, pcie_type_name(b->caps.pcie_type), why ? "; " : "",
				       why ? why : "");
		fputs("    ", out);
		text_wrap(out, line, 11, WIDTH, 4);
		free(line);
	}
	if (steps == 0 && d->parent < 0)
		fputs("    above: nothing (a root bus)\n", out);
}

static void print_device_details(FILE *out, const struct audit_report *r, const struct judged_device *j,
				 const struct text_options *o)
{
	const struct pci_device *d = &r->devices[j->pci_index];
	/* Name, then the facts line; both wrapped to stay within 80 columns. */
	fprintf(out, "\n%s%s%s ", color_on(o, C_BOLD), d->bdf, color_off(o));
	char label[160];
	report_device_label(d, label, sizeof(label));
	char *name = xstrdup(label);
	text_wrap(out, name, 13, WIDTH, 13);
	free(name);
	struct strbuf facts = {0};
	sb_addf(&facts, "%s [%04x:%04x]; driver %s; IOMMU group %s", or_unknown(d->class_name), d->vendor_id,
		d->device_id, d->driver ? d->driver : "none", d->iommu_group ? d->iommu_group : "none");
	if (d->reset_method)
		sb_addf(&facts, "; reset %s", d->reset_method[0] ? d->reset_method : "none");
	char *t = sb_take(&facts);
	text_wrap(out, t, 2, WIDTH, -1);
	free(t);
	if (j->after_fix) {
		/* The IOMMU is off: what the group will be once the user fixes that. */
		char *line = xasprintf("after the fix: %s", j->after_fix);
		fputs("  ", out);
		text_wrap(out, line, 4, WIDTH, 2);
		free(line);
	}
	if (o->verbose)
		print_device_evidence(out, r, j->pci_index);
	fprintf(out, "  verdict:");
	for (int hv = 0; hv < HV__COUNT; hv++)
		if (o->hv_all || hv == (int)o->hv)
			fprintf(out, " %s %s%s%s", hypervisor_name((enum hypervisor)hv),
				color_on(o, verdict_color(j->verdict[hv])), verdict_name(j->verdict[hv]), color_off(o));
	fputc('\n', out);
	const struct finding **order = xcalloc(j->findings.n + 1, sizeof(*order));
	size_t shown = view_order(&j->findings, o, order);
	for (size_t i = 0; i < shown; i++)
		print_finding(out, i + 1, order[i], o);
	free(order);
	if (shown == 0)
		fprintf(out, "  nothing stands in the way\n");
}

void report_text(FILE *out, const struct audit_report *r, const struct text_options *o)
{
	print_host(out, r, o);

	/* Tool notes (privileges, unreadable files) are said once, up front. */
	for (size_t i = 0; i < r->findings.n; i++) {
		const struct finding *f = &r->findings.v[i];
		if (finding_info(f->id)->layer != LAYER_TOOL || f->id == FIND_TOOL_NO_DEVICE_SELECTED ||
		    f->id == FIND_TOOL_PCI_SCAN_INCOMPLETE)
			continue;
		fprintf(out, "  Note      ");
		text_wrap(out, finding_info(f->id)->title, 12, WIDTH, 12);
		if (o->verbose && f->detail) {
			text_wrap(out, f->detail, 12, WIDTH, -1);
		}
	}

	if (r->n_judged == 0) {
		const struct finding_info *info = finding_info(
			r->pci_readable && !r->n_pci_unreadable ? FIND_TOOL_NO_DEVICE_SELECTED : FIND_TOOL_PCI_SCAN_INCOMPLETE);
		fprintf(out, "\nNo device to judge. ");
		text_wrap(out, info->explanation, 0, WIDTH, 20);
		/* The host's blocking facts still matter to whoever adds a GPU later;
		 * blocking first, as for a device. */
		const struct finding **order = xcalloc(r->findings.n + 1, sizeof(*order));
		size_t n = view_order(&r->findings, o, order), shown = 0;
		for (size_t i = 0; i < n; i++) {
			if (finding_info(order[i]->id)->layer == LAYER_TOOL)
				continue;
			if (shown == 0)
				fprintf(out, "\nThis host, for any device:\n");
			print_finding(out, ++shown, order[i], o);
		}
		free(order);
		return;
	}

	fprintf(out, "\n%s (%s):\n", r->n_judged == 1 ? "Device" : "Devices",
		o->hv_all ? "all hypervisors" : hypervisor_name(o->hv));
	for (size_t i = 0; i < r->n_judged; i++)
		print_device_line(out, r, &r->judged[i], o);
	for (size_t i = 0; i < r->n_judged; i++)
		print_device_details(out, r, &r->judged[i], o);
}
