/* The `groups` command's text: the kernel's IOMMU groups or the predicted ones,
 * with --why the reason for each member, rendered from the report model. */
#include "config.h"

#include "report-groups.h"
#include "topology.h"
#include "util.h"

#include <stdlib.h>

/* Output contract (man page): one group per line, `group KEY: BDF BDF ...`,
 * full BDFs, members sorted. Actual groups: KEY is the kernel's group number,
 * in the kernel's order. Predicted groups (--predict): KEY is the BDF of the
 * group's first device in the kernel's probe order, lines in that order.
 * --why adds, under each group, one indented line per member saying why it is
 * there ("  0000:01:00.1 joins 0000:01:00.0: same slot, ..."). */

static void print_reasons(FILE *out, const struct audit_report *r, const size_t *members, size_t n)
{
	const struct group_prediction *gp = &r->groups;
	for (size_t m = 0; m < gp->n_merges; m++)
		for (size_t k = 0; k < n; k++)
			if (gp->merges[m].device == members[k])
				fprintf(out, "  %s\n", gp->merges[m].text);
}

static void print_predicted(FILE *out, const struct audit_report *r, bool why)
{
	const struct group_prediction *gp = &r->groups;
	for (size_t g = 0; g < gp->n_groups; g++) {
		const struct predicted_group *pg = &gp->groups[g];
		fprintf(out, "group %s:", pg->key);
		for (size_t m = 0; m < pg->n_members; m++)
			fprintf(out, " %s", r->devices[pg->members[m]].bdf);
		fputc('\n', out);
		if (why)
			print_reasons(out, r, pg->members, pg->n_members);
	}
	if (why)
		for (size_t m = 0; m < gp->n_merges; m++)
			if (gp->merges[m].reason == GROUP_REASON_NOT_COVERED)
				fprintf(out, "# %s\n", gp->merges[m].text);
	/* Which firmware unit translates each device, and the regions naming it. */
	const struct coverage_result *cov = &r->coverage;
	for (size_t i = 0; why && cov->computed && i < cov->n; i++) {
		const struct device_coverage *c = &cov->dev[i];
		if (c->unit >= 0)
			fprintf(out, "# %s: translated by %s (%s)\n", r->devices[i].bdf, cov->unit_names[c->unit], c->how);
		else
			fprintf(out, "# %s: no firmware unit covers it\n", r->devices[i].bdf);
		for (size_t g = 0; g < c->n_regions; g++)
			fprintf(out, "# %s: reserved region %s\n", r->devices[i].bdf, cov->region_names[c->regions[g]]);
	}
}

static void print_actual(FILE *out, const struct audit_report *r, bool why)
{
	const struct kernel_facts *k = &r->kernel;
	for (size_t i = 0; i < k->n_groups; i++) {
		const struct kernel_group *g = &k->groups[i];
		fprintf(out, "group %s:", g->name);
		for (size_t m = 0; m < g->n_members; m++)
			fprintf(out, " %s", g->members[m]);
		fputc('\n', out);
		if (!why)
			continue;
		size_t *idx = xcalloc(g->n_members + 1, sizeof(size_t));
		size_t n = 0;
		for (size_t m = 0; m < g->n_members; m++) {
			long d = topology_find(r->devices, r->n_devices, g->members[m]);
			if (d >= 0)
				idx[n++] = (size_t)d;
		}
		/* The prediction's reasons explain the kernel's group when both agree. */
		bool agree = r->groups.computed && n > 0;
		long pg = agree ? r->groups.group_of[idx[0]] : -1;
		agree = agree && pg >= 0 && r->groups.groups[pg].n_members == n;
		for (size_t m = 1; agree && m < n; m++)
			agree = r->groups.group_of[idx[m]] == pg;
		if (agree)
			print_reasons(out, r, idx, n);
		else if (r->groups.computed)
			fprintf(out, "  (the prediction differs for this group: see groups --predict --why)\n");
		free(idx);
	}
}

void report_groups_text(FILE *out, const struct audit_report *r, bool predicted, bool why)
{
	if (predicted)
		print_predicted(out, r, why);
	else
		print_actual(out, r, why);
	if (why)
		for (size_t i = 0; i < r->groups.findings.n; i++) {
			const struct finding *f = &r->groups.findings.v[i];
			fprintf(out, "# %s %s: %s\n", finding_info(f->id)->id, f->subject ? f->subject : "-",
				f->detail ? f->detail : finding_info(f->id)->title);
		}
}
