#include "config.h"

#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The PCI tree: each root bus under its header, bridges over what sits behind
 * them (the model's parent links), siblings in BDF order. Each device shows its
 * IOMMU group, its KVM verdict if judged, and for bridges and multifunction
 * devices whether ACS isolates (as the report's group engine judged it); the
 * devices that share a group with the one under the cursor are marked '*'. */

/* A loop in parent links must not hang the browser; no real tree is deeper. */
#define MAX_TREE_DEPTH 32

struct tree_build {
	struct view *view;
	const struct audit_report *r;
	size_t *first_child, *next_sibling; /* linked lists, SIZE_MAX = none */
	bool *placed;
	int width;
	const char *tee, *elbow, *pipe, *gap; /* connectors, Unicode or ASCII */
};

static void add_device_line(struct tree_build *t, size_t i, const char *prefix, bool last, unsigned depth)
{
	const struct pci_device *d = &t->r->devices[i];
	const struct judged_device *j = tui_judged(t->view->tui, (long)i);
	struct line_builder b;
	lb_init(&b, (long)i);
	/* Fixed columns first, the tree in the last one (as htop draws its
	 * process tree), so the columns line up at every depth. */
	lb_add(&b, j ? role_of_verdict(j->verdict[HV_KVM]) : ROLE_NORMAL, "  %02x:%02x.%x", d->bus, d->dev, d->func);
	char group[16];
	snprintf(group, sizeof(group), d->iommu_group ? "g%s" : "-", d->iommu_group);
	lb_add(&b, ROLE_NORMAL, " ");
	lb_field(&b, ROLE_LABEL, group, 6);
	lb_field(&b, j ? role_of_verdict(j->verdict[HV_KVM]) : ROLE_NORMAL, j ? verdict_name(j->verdict[HV_KVM]) : "", 8);
	enum role acs_role = ROLE_NORMAL;
	const char *acs = tui_acs_short(t->view->tui, (long)i, &acs_role);
	lb_field(&b, acs_role, acs ? acs : "", 8);
	lb_add(&b, ROLE_NORMAL, "%s", prefix);
	lb_add(&b, ROLE_DIM, "%s", last ? t->elbow : t->tee);
	char name[300];
	lb_add(&b, ROLE_NORMAL, "%s", tui_device_name(d, name, sizeof(name)));
	/* Bridges say what kind of port they are: that decides how ACS applies. */
	bool bridge = pci_is_bridge(d);
	lb_add(&b, ROLE_DIM, " (%s%s%s%s%s)", tui_or_unknown(d->class_name), bridge ? ", " : "",
	       bridge ? pcie_type_name(d->caps.pcie_type) : "", d->driver ? ", driver " : "", d->driver ? d->driver : "");
	lb_finish(t->view, &b, depth);
}

static void add_subtree(struct tree_build *t, size_t i, const char *prefix, bool last, unsigned depth)
{
	t->placed[i] = true;
	add_device_line(t, i, prefix, last, depth);
	if (depth >= MAX_TREE_DEPTH)
		return;
	char *child_prefix = xasprintf("%s%s", prefix, last ? t->gap : t->pipe);
	for (size_t c = t->first_child[i]; c != SIZE_MAX; c = t->next_sibling[c]) {
		if (t->placed[c])
			continue; /* a loop in the parent links */
		add_subtree(t, c, child_prefix, t->next_sibling[c] == SIZE_MAX, depth + 1);
	}
	free(child_prefix);
}

static bool valid_parent(const struct audit_report *r, size_t i)
{
	long p = r->devices[i].parent;
	return p >= 0 && (size_t)p < r->n_devices && (size_t)p != i;
}

static void tree_build(struct view *view, int width)
{
	const struct audit_report *r = view->tui->report;
	struct tree_build t = {.view = view, .r = r, .width = width};
	bool utf8 = view->tui->utf8;
	t.tee = utf8 ? "├─ " : "|- ";
	t.elbow = utf8 ? "└─ " : "`- ";
	t.pipe = utf8 ? "│  " : "|  ";
	t.gap = "   ";
	if (r->n_devices == 0) {
		view_addf(view, 0, ROLE_NORMAL, "No PCI device is visible (%s).",
			  r->pci_readable ? "the bus is empty" : "sys/bus/pci could not be read");
		return;
	}
	size_t n = r->n_devices;
	t.first_child = xmalloc(n * sizeof(size_t));
	t.next_sibling = xmalloc(n * sizeof(size_t));
	t.placed = xcalloc(n, sizeof(bool));
	for (size_t i = 0; i < n; i++)
		t.first_child[i] = t.next_sibling[i] = SIZE_MAX;
	/* Children in BDF order: link them from the back. */
	for (size_t i = n; i-- > 0;) {
		if (!valid_parent(r, i))
			continue;
		size_t p = (size_t)r->devices[i].parent;
		t.next_sibling[i] = t.first_child[p];
		t.first_child[p] = i;
	}
	struct line_builder b;
	lb_init(&b, -1);
	/* Column heads; '*' marks the devices in the cursor's group (see help). */
	lb_add(&b, ROLE_LABEL, "  BDF     Group kvm     ACS     Device");
	lb_finish(view, &b, 0);
	/* Devices without a parent in the model, grouped by bus: until parent links
	 * are known that is every device, and the tree is a list per bus. */
	for (size_t i = 0; i < n; i++) {
		if (valid_parent(r, i) || t.placed[i])
			continue;
		const struct pci_device *d = &r->devices[i];
		struct tui_line *head = view_addf(view, 0, ROLE_HEADING, "PCI bus %04x:%02x", d->domain, d->bus);
		head->ref = d->bus;
		/* All parentless devices of this bus, in BDF order. */
		size_t last = i;
		for (size_t k = i; k < n; k++)
			if (!valid_parent(r, k) && r->devices[k].domain == d->domain && r->devices[k].bus == d->bus)
				last = k;
		for (size_t k = i; k <= last; k++) {
			if (valid_parent(r, k) || t.placed[k] || r->devices[k].domain != d->domain ||
			    r->devices[k].bus != d->bus)
				continue;
			add_subtree(&t, k, "", k == last, 1);
		}
	}
	/* Whatever a parent loop kept out still gets a line. */
	for (size_t i = 0; i < n; i++)
		if (!t.placed[i]) {
			t.placed[i] = true;
			add_device_line(&t, i, "", true, 1);
		}
	free(t.first_child);
	free(t.next_sibling);
	free(t.placed);
}

static void tree_draw_line(struct view *view, const struct tui_line *line, int row, int width, bool selected)
{
	view_draw_line_default(view, line, row, width, selected);
	const struct tui_line *sel = view_selected_line(view);
	if (!sel || sel->device < 0 || line->device < 0 || sel == line)
		return;
	const struct audit_report *r = view->tui->report;
	const char *g1 = r->devices[sel->device].iommu_group, *g2 = r->devices[line->device].iommu_group;
	if (g1 && g2 && !strcmp(g1, g2))
		tui_put_mark(row);
}

const struct view_ops tree_view_ops = {
	.name = "Tree",
	.build = tree_build,
	.draw_line = tree_draw_line,
};
