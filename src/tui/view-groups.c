#include "config.h"

#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The IOMMU groups the kernel formed: a device can only be given to a VM
 * together with everything else in its group, so a group holding a GPU and
 * anything but its own functions is what an operator needs to see first. */

static bool group_has_judged(const struct tui *tui, const struct kernel_group *g)
{
	for (size_t m = 0; m < g->n_members; m++)
		if (tui_judged(tui, tui_device_by_bdf(tui, g->members[m])))
			return true;
	return false;
}

static void member_line(struct view *view, const char *bdf, unsigned depth)
{
	struct tui *tui = view->tui;
	long i = tui_device_by_bdf(tui, bdf);
	struct line_builder b;
	lb_init(&b, i);
	if (i < 0) {
		/* A group member that is not a PCI function (a platform device). */
		lb_add(&b, ROLE_NORMAL, "%*s%-12s", 2 * (int)depth + 2, "", bdf);
		lb_add(&b, ROLE_DIM, "  (not a PCI function)");
		lb_finish(view, &b, depth);
		return;
	}
	const struct pci_device *d = &tui->report->devices[i];
	const struct judged_device *j = tui_judged(tui, i);
	lb_add(&b, j ? role_of_verdict(j->verdict[HV_KVM]) : ROLE_NORMAL, "%*s%s", 2 * (int)depth + 2, "", d->bdf);
	lb_add(&b, ROLE_NORMAL, "  ");
	lb_field(&b, j ? role_of_verdict(j->verdict[HV_KVM]) : ROLE_NORMAL, j ? verdict_name(j->verdict[HV_KVM]) : "", 8);
	char name[300];
	lb_add(&b, ROLE_NORMAL, "%s", tui_device_name(d, name, sizeof(name)));
	lb_add(&b, ROLE_DIM, " (%s%s%s)", tui_or_unknown(d->class_name), d->driver ? ", driver " : "",
	       d->driver ? d->driver : "");
	lb_finish(view, &b, depth);
}

/* The groups the report's engine computed from topology, ACS and the kernel's
 * quirks, each member with the reason it joined: what the groups would be
 * once the IOMMU is on, and why a group is wider than one device. */
static void predicted_groups(struct view *view, int width)
{
	struct tui *tui = view->tui;
	const struct group_prediction *g = &tui->report->groups;
	view_add_blank(view, 0);
	if (!g->computed) {
		view_addf(view, 0, ROLE_HEADING, "Predicted groups");
		view_add_wrapped(view, 1, 2, width, "", "not computed", ROLE_NORMAL);
		return;
	}
	struct line_builder b;
	lb_init(&b, -1);
	lb_add(&b, ROLE_HEADING, "Predicted groups");
	if (g->matches_kernel == TRI_YES)
		lb_add(&b, ROLE_READY, "  the same as the kernel's");
	else if (g->matches_kernel == TRI_NO)
		lb_add(&b, ROLE_WARN, "  differ from the kernel's");
	lb_finish(view, &b, 0);
	if (g->forecast)
		view_add_wrapped(view, 1, 2, width, "", g->forecast_why, ROLE_DIM);
	for (size_t gi = 0; gi < g->n_groups; gi++) {
		const struct predicted_group *pg = &g->groups[gi];
		lb_init(&b, -1);
		lb_add(&b, ROLE_LABEL, "  group %s", pg->key);
		lb_add(&b, ROLE_NORMAL, "  %zu device%s", pg->n_members, pg->n_members == 1 ? "" : "s");
		if (pg->assumed)
			lb_add(&b, ROLE_UNKNOWN, "  (ACS unreadable: assumed absent)");
		lb_finish(view, &b, 1);
		for (size_t m = 0; m < pg->n_members; m++) {
			size_t i = pg->members[m];
			if (i >= tui->report->n_devices)
				continue;
			member_line(view, tui->report->devices[i].bdf, 2);
			for (size_t k = 0; k < g->n_merges; k++)
				if (g->merges[k].device == i && g->merges[k].reason != GROUP_REASON_NEW && g->merges[k].text)
					view_add_wrapped(view, 3, 8, width, "", g->merges[k].text, ROLE_DIM);
		}
	}
}

static void groups_build(struct view *view, int width)
{
	struct tui *tui = view->tui;
	const struct kernel_facts *k = &tui->report->kernel;
	if (k->n_groups == 0) {
		view_add_wrapped(view, 0, 2, width, "",
				 k->groups_readable ? "The kernel formed no IOMMU groups: its IOMMU is off, so no device can be assigned to a VM."
						    : "sys/kernel/iommu_groups is missing: the kernel has no IOMMU support, or the snapshot lacks it.",
				 ROLE_NORMAL);
		predicted_groups(view, width);
		return;
	}
	view_addf(view, 0, ROLE_HEADING, "Groups the kernel formed");
	view_addf(view, 1, ROLE_DIM, "  verdicts: kvm; Enter: details; Left: fold");
	for (size_t gi = 0; gi < k->n_groups; gi++) {
		const struct kernel_group *g = &k->groups[gi];
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_LABEL, "  group %s", g->name);
		lb_add(&b, ROLE_NORMAL, "  %zu device%s", g->n_members, g->n_members == 1 ? "" : "s");
		if (g->type)
			lb_add(&b, ROLE_DIM, "  type %s", g->type);
		if (group_has_judged(tui, g))
			lb_add(&b, ROLE_MARK, "  holds a judged device");
		struct tui_line *head = lb_finish(view, &b, 1);
		head->ref = (long)gi;
		for (size_t m = 0; m < g->n_members; m++)
			member_line(view, g->members[m], 2);
	}
	predicted_groups(view, width);
}

const struct view_ops groups_view_ops = {
	.name = "Groups",
	.build = groups_build,
};
