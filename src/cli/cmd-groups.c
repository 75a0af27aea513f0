#include "config.h"

#include "audit.h"
#include "cli.h"
#include "coverage.h"
#include "groups.h"
#include "hostinfo.h"
#include "kernel.h"
#include "pcitopo.h"
#include "topology.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* Output contract (man page): one group per line, `group KEY: BDF BDF ...`,
 * full BDFs, members sorted. Actual groups: KEY is the kernel's group number,
 * in the kernel's order. Predicted groups (--predict): KEY is the BDF of the
 * group's first device in the kernel's probe order, lines in that order.
 * --why adds, under each group, one indented line per member saying why it is
 * there ("  0000:01:00.1 joins 0000:01:00.0: same slot, ..."). */

static void print_reasons(const struct audit_report *r, const size_t *members, size_t n)
{
	const struct group_prediction *gp = &r->groups;
	for (size_t m = 0; m < gp->n_merges; m++)
		for (size_t k = 0; k < n; k++)
			if (gp->merges[m].device == members[k])
				printf("  %s\n", gp->merges[m].text);
}

static void print_predicted(const struct audit_report *r, bool why)
{
	const struct group_prediction *gp = &r->groups;
	for (size_t g = 0; g < gp->n_groups; g++) {
		const struct predicted_group *pg = &gp->groups[g];
		printf("group %s:", pg->key);
		for (size_t m = 0; m < pg->n_members; m++)
			printf(" %s", r->devices[pg->members[m]].bdf);
		putchar('\n');
		if (why)
			print_reasons(r, pg->members, pg->n_members);
	}
	if (why)
		for (size_t m = 0; m < gp->n_merges; m++)
			if (gp->merges[m].reason == GROUP_REASON_NOT_COVERED)
				printf("# %s\n", gp->merges[m].text);
	/* Which firmware unit translates each device, and the regions naming it. */
	const struct coverage_result *cov = &r->coverage;
	for (size_t i = 0; why && cov->computed && i < cov->n; i++) {
		const struct device_coverage *c = &cov->dev[i];
		if (c->unit >= 0)
			printf("# %s: translated by %s (%s)\n", r->devices[i].bdf, cov->unit_names[c->unit], c->how);
		else
			printf("# %s: no firmware unit covers it\n", r->devices[i].bdf);
		for (size_t g = 0; g < c->n_regions; g++)
			printf("# %s: reserved region %s\n", r->devices[i].bdf, cov->region_names[c->regions[g]]);
	}
}

static void print_actual(const struct audit_report *r, bool why)
{
	const struct kernel_facts *k = &r->kernel;
	for (size_t i = 0; i < k->n_groups; i++) {
		const struct kernel_group *g = &k->groups[i];
		printf("group %s:", g->name);
		for (size_t m = 0; m < g->n_members; m++)
			printf(" %s", g->members[m]);
		putchar('\n');
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
			print_reasons(r, idx, n);
		else if (r->groups.computed)
			printf("  (the prediction differs for this group: see groups --predict --why)\n");
		free(idx);
	}
}

int cmd_groups(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"predict", no_argument, NULL, 'p'},
		{"why", no_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = "/";
	bool predict = false, why = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:pwh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'p':
			predict = true;
			break;
		case 'w':
			why = true;
			break;
		case 'h':
		{
			static const struct cli_option help[] = {
				CLI_OPTION_ROOT,
				{"--predict", "the groups computed from topology and kernel rules"},
				{"--why", "explain why every member is in its group"},
				CLI_OPTION_HELP,
				{NULL, NULL},
			};
			cli_help(stdout, "usage: iommu-audit groups [--root DIR] [--predict] [--why]",
				 "Prints the IOMMU groups, one per line: group KEY: BDF BDF ...\n"
				 "With --predict, KEY is the group's first device in probe order and the\n"
				 "groups are the computed ones, not the kernel's own.",
				 help);
			return EXIT_READY;
		}
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	struct hostenv env;
	if (!cli_open_root(&env, root))
		return EXIT_USAGE;
	struct audit_report r;
	memset(&r, 0, sizeof(r));
	read_kernel_facts(&env, &r.kernel);
	read_firmware_facts(&env, &r.firmware);
	int status = EXIT_READY;
	if (predict || why) {
		r.pci_readable = pci_scan_host(&env, &r.devices, &r.n_devices, &r.findings);
		audit_analyse_topology(&env, &r);
	}
	if (predict) {
		if (!r.groups.computed) {
			fprintf(stderr, "iommu-audit: no groups predicted: %s\n",
				r.groups.not_computed_why ? r.groups.not_computed_why : "PCI unreadable");
			status = EXIT_BLOCKED;
		}
		print_predicted(&r, why);
	} else {
		print_actual(&r, why);
		if (r.kernel.n_groups == 0) {
			fprintf(stderr, "iommu-audit: the kernel formed no IOMMU groups (%s)\n",
				r.kernel.groups_readable ? "the IOMMU is off" : "sys/kernel/iommu_groups is missing");
			status = EXIT_BLOCKED;
		}
	}
	if (why)
		for (size_t i = 0; i < r.groups.findings.n; i++) {
			const struct finding *f = &r.groups.findings.v[i];
			printf("# %s %s: %s\n", finding_info(f->id)->id, f->subject ? f->subject : "-",
			       f->detail ? f->detail : finding_info(f->id)->title);
		}
	audit_release(&r);
	hostenv_close(&env);
	return status;
}
