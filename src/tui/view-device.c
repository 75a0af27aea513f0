#include "config.h"

#include "audit.h"
#include "view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One device in full: what it is, its verdict per hypervisor, its findings in
 * the order to fix them (with why and what to change), its IOMMU group and the
 * path to the root through the bridges above it. */

/* No real PCI hierarchy is deeper; a loop in parent links stops here. */
#define MAX_PATH_STEPS 32

/* Facts line up at a label column of their own in this view. */
#define fact(view, label, role, ...) view_add_fact(view, label, 12, role, __VA_ARGS__)

static void identity(struct view *view, const struct pci_device *d)
{
	view_addf(view, 0, ROLE_HEADING, "%s  %s %s", d->bdf, tui_or_unknown(d->vendor_name),
		  tui_or_unknown(d->device_name));
	fact(view, "Class", ROLE_NORMAL, "%s [%06x] rev %02x", tui_or_unknown(d->class_name), d->class_code,
	     d->revision);
	fact(view, "IDs", ROLE_NORMAL, "%04x:%04x  subsystem %04x:%04x", d->vendor_id, d->device_id,
	     d->subsys_vendor_id, d->subsys_id);
	fact(view, "Driver", ROLE_NORMAL, "%s", d->driver ? d->driver : "none");
	fact(view, "Reset", d->reset_method ? ROLE_NORMAL : ROLE_DIM, "%s",
	     d->reset_method ? d->reset_method : "no reset_method attribute");
	fact(view, "Boot VGA", ROLE_NORMAL, "%s", tri_name(d->boot_vga));
	if (d->caps.pcie.present == TRI_YES || d->caps.header_layout == 1)
		fact(view, "PCIe", ROLE_NORMAL, "%s", pcie_type_name(d->caps.pcie_type));
	if (d->numa_node >= 0)
		fact(view, "NUMA node", ROLE_NORMAL, "%d", d->numa_node);
	if (!d->config_full)
		fact(view, "Config", ROLE_UNKNOWN, "only the first 64 bytes were readable (not root)");
}

static void verdicts(struct view *view, const struct judged_device *j)
{
	view_add_blank(view, 0);
	view_addf(view, 0, ROLE_HEADING, "Verdicts");
	struct line_builder b;
	lb_init(&b, -1);
	lb_add(&b, ROLE_NORMAL, " ");
	for (int hv = 0; hv < HV__COUNT; hv++) {
		lb_add(&b, ROLE_LABEL, " %s ", hypervisor_name((enum hypervisor)hv));
		lb_field(&b, role_of_verdict(j->verdict[hv]), verdict_name(j->verdict[hv]), 9);
	}
	lb_finish(view, &b, 1);
}

static void findings(struct view *view, const struct judged_device *j, int width)
{
	view_add_blank(view, 0);
	if (j->findings.n == 0) {
		view_addf(view, 0, ROLE_HEADING, "Findings");
		view_addf(view, 1, ROLE_READY, "  nothing stands in the way");
		return;
	}
	view_addf(view, 0, ROLE_HEADING, "Findings, first to fix first (Left/Right: fold)");
	for (size_t i = 0; i < j->findings.n; i++) {
		const struct finding *f = &j->findings.v[i];
		const struct finding_info *info = finding_info(f->id);
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_NORMAL, "  %zu. ", i + 1);
		lb_add(&b, role_of_severity(f->severity), "[%s]", severity_name(f->severity));
		lb_add(&b, ROLE_NORMAL, " %s", info->title);
		lb_finish(view, &b, 1)->ref = (long)i;
		/* Which hypervisors the finding bears on, when not all, and how much
		 * for each when the weight differs (the label shows the worst). */
		char only[64] = "", weights[128] = "";
		int n_apply = 0;
		bool differ = false;
		int first = -1;
		for (int hv = 0; hv < HV__COUNT; hv++) {
			if (!f->hv_applies[hv])
				continue;
			n_apply++;
			if (first < 0)
				first = hv;
			else if (f->hv_severity[hv] != f->hv_severity[first])
				differ = true;
			size_t used = strlen(only);
			snprintf(only + used, sizeof(only) - used, "%s%s", used ? ", " : "",
				 hypervisor_name((enum hypervisor)hv));
			used = strlen(weights);
			snprintf(weights + used, sizeof(weights) - used, "%s%s %s", used ? ", " : "",
				 hypervisor_name((enum hypervisor)hv), severity_name(f->hv_severity[hv]));
		}
		char *id = xasprintf("%s (%s%s%s)", info->id, layer_name(info->layer),
				     n_apply < HV__COUNT ? "; only " : "", n_apply < HV__COUNT ? only : "");
		view_add_wrapped(view, 2, 12, width, "      id", id, ROLE_DIM);
		free(id);
		if (differ)
			view_add_wrapped(view, 2, 12, width, "      for", weights, ROLE_NORMAL);
		if (f->detail)
			view_add_wrapped(view, 2, 12, width, "      seen", f->detail, ROLE_NORMAL);
		view_add_wrapped(view, 2, 12, width, "      why", info->explanation, ROLE_NORMAL);
		if (info->remedy[0])
			view_add_wrapped(view, 2, 12, width, "      fix", info->remedy, ROLE_NORMAL);
		if (f->action)
			view_add_wrapped(view, 2, 12, width, "      do", f->action, ROLE_NORMAL);
	}
}

/* What the report's group engine says about this device's group: the group it
 * predicts and why the device is in it. */
static void predicted(struct view *view, const struct pci_device *d, int width)
{
	const struct audit_report *r = view->tui->report;
	const struct group_prediction *g = &r->groups;
	size_t i = (size_t)(d - r->devices);
	if (!g->computed || !g->group_of || i >= g->n_devices)
		return;
	long gi = g->group_of[i];
	if (gi < 0 || (size_t)gi >= g->n_groups)
		return;
	const struct predicted_group *pg = &g->groups[gi];
	char *text = xasprintf("group %s, %zu device%s%s", pg->key, pg->n_members, pg->n_members == 1 ? "" : "s",
			       pg->assumed ? " (some ACS facts unreadable: assumed absent)" : "");
	view_add_wrapped(view, 1, 14, width, "  Predicted", text, ROLE_NORMAL);
	free(text);
	for (size_t m = 0; m < g->n_merges; m++)
		if (g->merges[m].device == i && g->merges[m].text && g->merges[m].reason != GROUP_REASON_NEW)
			view_add_wrapped(view, 1, 14, width, "  Why", g->merges[m].text, ROLE_NORMAL);
}

static void group(struct view *view, const struct pci_device *d, int width)
{
	struct tui *tui = view->tui;
	const struct kernel_facts *k = &tui->report->kernel;
	view_add_blank(view, 0);
	if (!d->iommu_group) {
		view_addf(view, 0, ROLE_HEADING, "IOMMU group");
		view_addf(view, 1, ROLE_NORMAL, "  none: the kernel put this device in no IOMMU group");
		/* The IOMMU is off: what the group will be once the user fixes that. */
		const struct judged_device *j = tui_judged(tui, tui->device);
		if (j && j->after_fix)
			view_add_wrapped(view, 1, 17, width, "  After the fix", j->after_fix, ROLE_NORMAL);
		return;
	}
	const struct kernel_group *g = NULL;
	for (size_t i = 0; i < k->n_groups; i++)
		if (!strcmp(k->groups[i].name, d->iommu_group))
			g = &k->groups[i];
	view_addf(view, 0, ROLE_HEADING, "IOMMU group %s%s%s: %zu device%s", d->iommu_group, g && g->type ? ", type " : "",
		  g && g->type ? g->type : "", g ? g->n_members : 0, g && g->n_members == 1 ? "" : "s");
	predicted(view, d, width);
	if (!g)
		return;
	for (size_t m = 0; m < g->n_members; m++) {
		long i = tui_device_by_bdf(tui, g->members[m]);
		struct line_builder b;
		lb_init(&b, i);
		lb_add(&b, ROLE_NORMAL, "  %s %s", i >= 0 && (size_t)i == (size_t)(d - tui->report->devices) ? ">" : " ",
		       g->members[m]);
		if (i >= 0) {
			const struct pci_device *o = &tui->report->devices[i];
			char name[300];
			lb_add(&b, ROLE_NORMAL, "  %s (%s)", tui_device_name(o, name, sizeof(name)), tui_or_unknown(o->class_name));
		}
		lb_finish(view, &b, 1);
	}
}

/* One line of ACS facts: what the capability offers, what is enabled, and the
 * report's verdict with its reason (or the kernel quirk that decided). */
static void acs_line(struct view *view, long i, int indent, int width)
{
	const struct audit_report *r = view->tui->report;
	const struct pci_device *p = &r->devices[i];
	const struct group_prediction *g = &r->groups;
	char cap[40], ctrl[40];
	char *text;
	if (p->caps.acs.present == TRI_YES)
		text = xasprintf("capable %s; enabled %s", tui_acs_bits(p->caps.acs_cap, cap, sizeof(cap)),
				 tui_acs_bits(p->caps.acs_ctrl, ctrl, sizeof(ctrl)));
	else
		text = xstrdup(p->caps.acs.present == TRI_NO ? "no ACS capability" : "ACS not readable");
	if (g->acs && (size_t)i < g->n_devices) {
		const struct acs_verdict *v = &g->acs[i];
		char *with = xasprintf("%s; %s%s%s", text,
				       v->ok == TRI_YES ? "isolates" : v->ok == TRI_NO ? "does not isolate" : "isolation unknown",
				       v->quirk ? " by kernel quirk " : "", v->quirk ? v->quirk : "");
		free(text);
		text = with;
	}
	char label[32];
	snprintf(label, sizeof(label), "%*sACS", indent, "");
	view_add_wrapped(view, 2, indent + 5, width, label, text, ROLE_DIM);
	free(text);
}

/* From the device up through each bridge to its root bus, with the ACS of each
 * bridge: the first bridge that does not isolate is where the group widens. */
static void path_to_root(struct view *view, const struct pci_device *d, int width)
{
	const struct audit_report *r = view->tui->report;
	const struct group_prediction *g = &r->groups;
	view_add_blank(view, 0);
	view_addf(view, 0, ROLE_HEADING, "Path to the root");
	size_t at = (size_t)(d - r->devices);
	long blocker = g->acs_blocker && at < g->n_devices ? g->acs_blocker[at] : -1;
	for (int step = 0; step < MAX_PATH_STEPS; step++) {
		const struct pci_device *p = &r->devices[at];
		struct line_builder b;
		lb_init(&b, (long)at);
		lb_add(&b, ROLE_NORMAL, "  %*s%s", step * 2, "", p->bdf);
		lb_add(&b, ROLE_NORMAL, "  %s", p->caps.header_layout == 1 ? pcie_type_name(p->caps.pcie_type) :
					      tui_or_unknown(p->class_name));
		if (step > 0 && (long)at == blocker)
			lb_add(&b, ROLE_WARN, "  <- the group widens here");
		lb_finish(view, &b, 1);
		if (step > 0 || p->multifunction)
			acs_line(view, (long)at, 4 + step * 2, width);
		long parent = p->parent;
		if (parent < 0 || (size_t)parent >= r->n_devices || (size_t)parent == at) {
			view_addf(view, 1, ROLE_DIM, "  %*s(root bus %04x:%02x)", (step + 1) * 2, "", p->domain, p->bus);
			return;
		}
		at = (size_t)parent;
	}
	view_addf(view, 1, ROLE_BLOCKED, "  the parent links loop; the path stops here");
}

static void device_build(struct view *view, int width)
{
	struct tui *tui = view->tui;
	const struct audit_report *r = tui->report;
	if (tui->device < 0 || (size_t)tui->device >= r->n_devices) {
		view_addf(view, 0, ROLE_NORMAL, "No device chosen: press Enter on a device in the summary, tree or groups.");
		return;
	}
	const struct pci_device *d = &r->devices[tui->device];
	const struct judged_device *j = tui_judged(tui, tui->device);
	identity(view, d);
	if (j) {
		verdicts(view, j);
		findings(view, j, width);
	} else {
		view_add_blank(view, 0);
		view_add_wrapped(view, 0, 2, width, "",
				 "Not judged: only GPUs are judged unless the browser runs with --all-devices.",
				 ROLE_DIM);
	}
	group(view, d, width);
	path_to_root(view, d, width);
}

const struct view_ops device_view_ops = {
	.name = "Device",
	.build = device_build,
};
