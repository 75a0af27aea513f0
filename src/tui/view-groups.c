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

static void member_line(struct view *view, const char *bdf)
{
	struct tui *tui = view->tui;
	long i = tui_device_by_bdf(tui, bdf);
	struct line_builder b;
	lb_init(&b, i);
	if (i < 0) {
		/* A group member that is not a PCI function (a platform device). */
		lb_add(&b, ROLE_NORMAL, "    %-12s", bdf);
		lb_add(&b, ROLE_DIM, "  (not a PCI function)");
		lb_finish(view, &b, 1);
		return;
	}
	const struct pci_device *d = &tui->report->devices[i];
	const struct judged_device *j = tui_judged(tui, i);
	lb_add(&b, j ? role_of_verdict(j->verdict[HV_KVM]) : ROLE_NORMAL, "    %s", d->bdf);
	lb_add(&b, ROLE_NORMAL, "  ");
	lb_field(&b, j ? role_of_verdict(j->verdict[HV_KVM]) : ROLE_NORMAL, j ? verdict_name(j->verdict[HV_KVM]) : "", 8);
	char name[300];
	lb_add(&b, ROLE_NORMAL, "%s", tui_device_name(d, name, sizeof(name)));
	lb_add(&b, ROLE_DIM, " (%s%s%s)", tui_or_unknown(d->class_name), d->driver ? ", driver " : "",
	       d->driver ? d->driver : "");
	lb_finish(view, &b, 1);
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
		return;
	}
	view_addf(view, 0, ROLE_DIM, "  Groups the kernel formed (verdicts: kvm). Enter: details; Left: fold");
	for (size_t gi = 0; gi < k->n_groups; gi++) {
		const struct kernel_group *g = &k->groups[gi];
		struct line_builder b;
		lb_init(&b, -1);
		lb_add(&b, ROLE_HEADING, "Group %s", g->name);
		lb_add(&b, ROLE_NORMAL, "  %zu device%s", g->n_members, g->n_members == 1 ? "" : "s");
		if (g->type)
			lb_add(&b, ROLE_DIM, "  type %s", g->type);
		if (group_has_judged(tui, g))
			lb_add(&b, ROLE_MARK, "  holds a judged device");
		struct tui_line *head = lb_finish(view, &b, 0);
		head->ref = (long)gi;
		for (size_t m = 0; m < g->n_members; m++)
			member_line(view, g->members[m]);
	}
}

const struct view_ops groups_view_ops = {
	.name = "Groups",
	.build = groups_build,
};
