#include "config.h"

#include "report-dot.h"
#include "report-text.h"
#include "findings.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* A DOT double-quoted string: quotes and backslashes escaped, a newline as
 * DOT's line break, other control bytes (a hostile snapshot's names) as '?'. */
static void dot_quoted(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\n') {
			fputs("\\n", out);
			continue;
		}
		if (c == '"' || c == '\\')
			fputc('\\', out);
		fputc(c < 0x20 || c == 0x7f ? '?' : c, out);
	}
	fputc('"', out);
}

/* Fill colours as in the HTML report's badges. */
static const char *verdict_fill(enum verdict v)
{
	switch (v) {
	case VERDICT_READY:
		return "#d8f3dc";
	case VERDICT_WARN:
		return "#fff3c4";
	case VERDICT_UNKNOWN:
		return "#ece1f5";
	case VERDICT_BLOCKED:
		return "#fde0e0";
	}
	return "white";
}

/* ACS on a bridge or a multifunction function, as the group prediction judged
 * it; NULL where ACS does not bear on the function. */
static const char *acs_text(const struct audit_report *r, size_t i, char *buf, size_t size)
{
	const struct group_prediction *g = &r->groups;
	const struct pci_device *d = &r->devices[i];
	if (!g->acs || i >= g->n_devices || (d->caps.header_layout != 1 && !d->multifunction))
		return NULL;
	const struct acs_verdict *v = &g->acs[i];
	const char *state = v->ok == TRI_YES ? (v->quirk ? "ok (kernel quirk)" : "ok") : v->ok == TRI_UNKNOWN ? "unknown"
			    : d->caps.acs.present == TRI_YES                           ? "partial"
										       : "none";
	if (v->ok != TRI_YES && v->why)
		snprintf(buf, size, "ACS %s: %s", state, v->why);
	else
		snprintf(buf, size, "ACS %s", state);
	return buf;
}

/* The group a device is drawn in: the kernel's when it formed groups, else the
 * predicted one; NULL for none. */
static const char *group_of(const struct audit_report *r, size_t i, bool kernel, char *buf, size_t size)
{
	if (kernel)
		return r->devices[i].iommu_group;
	const struct group_prediction *g = &r->groups;
	if (!g->computed || !g->group_of || i >= g->n_devices || g->group_of[i] < 0 ||
	    (size_t)g->group_of[i] >= g->n_groups)
		return NULL;
	snprintf(buf, size, "%s", g->groups[g->group_of[i]].key);
	return buf;
}

static void node(FILE *out, const struct audit_report *r, size_t i, const struct judged_device *j,
		 enum hypervisor hv, bool breaks)
{
	const struct pci_device *d = &r->devices[i];
	char name[200], acs[200];
	report_device_label(d, name, sizeof(name));
	struct strbuf label = {0};
	sb_addf(&label, "%s  %s\n%s", d->bdf + 5, d->class_name ? d->class_name : "", name);
	if (acs_text(r, i, acs, sizeof(acs)))
		sb_addf(&label, "\n%s", acs);
	if (j)
		sb_addf(&label, "\n%s: %s", hypervisor_name(hv), verdict_name(j->verdict[hv]));
	fputs("    ", out);
	dot_quoted(out, d->bdf);
	fputs(" [label=", out);
	dot_quoted(out, label.s);
	if (j)
		fprintf(out, ", fillcolor=\"%s\", penwidth=2", verdict_fill(j->verdict[hv]));
	if (breaks)
		fputs(", color=\"#dd3333\", penwidth=2.5", out);
	fputs("];\n", out);
	sb_free(&label);
}

int report_dot(FILE *out, const struct audit_report *r, enum hypervisor hv)
{
	size_t n = r->n_devices;
	const struct group_prediction *g = &r->groups;
	const struct judged_device **judged = xcalloc(n + 1, sizeof(*judged));
	for (size_t k = 0; k < r->n_judged; k++)
		if (r->judged[k].pci_index < n)
			judged[r->judged[k].pci_index] = &r->judged[k];
	/* The path that breaks isolation: from a judged device whose group it
	 * shares with other devices up to the highest bridge that does not isolate
	 * it, every function and edge on the way. */
	bool *on_path = xcalloc(n + 1, sizeof(bool));
	bool *breaks = xcalloc(n + 1, sizeof(bool));
	for (size_t i = 0; i < n; i++) {
		if (!judged[i] ||
		    !(finding_list_has(&judged[i]->findings, FIND_GROUP_SHARED_HOST_CRITICAL) ||
		      finding_list_has(&judged[i]->findings, FIND_GROUP_SHARED_ENDPOINTS)) ||
		    !g->acs_path_clean || i >= g->n_devices || g->acs_path_clean[i] != TRI_NO ||
		    !g->acs_blocker || g->acs_blocker[i] < 0 || (size_t)g->acs_blocker[i] >= n)
			continue;
		size_t blocker = (size_t)g->acs_blocker[i];
		breaks[blocker] = true;
		size_t steps = 0;
		for (long p = (long)i; p >= 0 && (size_t)p < n && steps++ < 64; p = r->devices[p].parent) {
			on_path[p] = true;
			if ((size_t)p == blocker)
				break;
		}
	}
	bool kernel = r->kernel.groups_readable && r->kernel.n_groups > 0;

	fputs("digraph \"iommu-audit\" {\n", out);
	char *title = xasprintf("%s: PCI topology, IOMMU groups (%s), verdicts for %s",
				r->host.hostname ? r->host.hostname : "host",
				kernel ? "the kernel's" : g->computed ? "predicted" : "none", hypervisor_name(hv));
	fputs("  graph [rankdir=LR, labelloc=t, fontname=\"Helvetica\", fontsize=12, label=", out);
	dot_quoted(out, title);
	fputs("];\n", out);
	free(title);
	fputs("  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"Helvetica\", fontsize=9];\n"
	      "  edge [color=\"#888888\"];\n",
	      out);

	/* Clusters, one per group, in the order their first member appears. */
	bool *drawn = xcalloc(n + 1, sizeof(bool));
	char gbuf[32], hbuf[32];
	for (size_t i = 0; i < n; i++) {
		const char *gi = group_of(r, i, kernel, gbuf, sizeof(gbuf));
		if (drawn[i] || !gi)
			continue;
		char *gname = xstrdup(gi);
		fputs("  subgraph ", out);
		char *cid = xasprintf("cluster_group_%s", gname);
		dot_quoted(out, cid);
		free(cid);
		char *glabel = xasprintf(kernel ? "IOMMU group %s" : "predicted group %s", gname);
		fputs(" {\n    style=\"rounded,dashed\"; color=\"#5577aa\"; fontname=\"Helvetica\"; fontsize=10; label=", out);
		dot_quoted(out, glabel);
		fputs(";\n", out);
		free(glabel);
		for (size_t k = i; k < n; k++) {
			const char *gk = group_of(r, k, kernel, hbuf, sizeof(hbuf));
			if (!drawn[k] && gk && !strcmp(gk, gname)) {
				node(out, r, k, judged[k], hv, breaks[k]);
				drawn[k] = true;
			}
		}
		fputs("  }\n", out);
		free(gname);
	}
	for (size_t i = 0; i < n; i++)
		if (!drawn[i])
			node(out, r, i, judged[i], hv, breaks[i]);

	/* Root buses, then each function under its bridge. */
	for (size_t i = 0; i < n; i++) {
		const struct pci_device *d = &r->devices[i];
		if (d->parent >= 0 && (size_t)d->parent < n)
			continue;
		char *bus = xasprintf("pci%04x:%02x", d->domain, d->bus);
		bool first = true;
		for (size_t k = 0; k < i; k++)
			if (r->devices[k].parent < 0 && r->devices[k].domain == d->domain && r->devices[k].bus == d->bus)
				first = false;
		if (first) {
			fputs("  ", out);
			dot_quoted(out, bus);
			fputs(" [shape=ellipse, style=solid, label=", out);
			char *l = xasprintf("PCI bus %04x:%02x", d->domain, d->bus);
			dot_quoted(out, l);
			free(l);
			fputs("];\n", out);
		}
		fputs("  ", out);
		dot_quoted(out, bus);
		fputs(" -> ", out);
		dot_quoted(out, d->bdf);
		fputs(";\n", out);
		free(bus);
	}
	for (size_t i = 0; i < n; i++) {
		const struct pci_device *d = &r->devices[i];
		if (d->parent < 0 || (size_t)d->parent >= n)
			continue;
		fputs("  ", out);
		dot_quoted(out, r->devices[d->parent].bdf);
		fputs(" -> ", out);
		dot_quoted(out, d->bdf);
		if (on_path[i] && on_path[d->parent])
			fputs(" [color=\"#dd3333\", penwidth=2.5]", out);
		fputs(";\n", out);
	}
	fputs("}\n", out);
	free(drawn);
	free(on_path);
	free(breaks);
	free(judged);
	return ferror(out) ? -1 : 0;
}
