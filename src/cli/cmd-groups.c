#include "config.h"

#include "audit.h"
#include "cli.h"
#include "report-groups.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

int cmd_groups(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"hand-made-root", no_argument, NULL, CLI_OPT_HAND_MADE_ROOT},
		{"predict", no_argument, NULL, 'p'},
		{"why", no_argument, NULL, 'w'},
		{"help", no_argument, NULL, 'h'},
		CLI_IMPORT_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *root = "/";
	bool predict = false, why = false, root_given = false;
	bool hand_made = false;
	struct import_sources src = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:pwh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			root_given = true;
			break;
		case CLI_OPT_HAND_MADE_ROOT:
			hand_made = true;
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
				CLI_OPTION_HAND_MADE,
				CLI_OPTIONS_IMPORT,
				{"--predict", "the groups computed from topology and kernel rules"},
				{"--why", "explain why every member is in its group"},
				CLI_OPTION_HELP,
				{NULL, NULL},
			};
			cli_help(stdout, "usage: iommu-audit groups [--root DIR [--hand-made-root] | --lspci FILE ...]\n"
				 "                          [--predict] [--why]",
				 "Prints the IOMMU groups, one per line: group KEY: BDF BDF ...\n"
				 "With --predict, KEY is the group's first device in probe order and the\n"
				 "groups are the computed ones, not the kernel's own.",
				 help);
			return EXIT_READY;
		}
		default:
			if (cli_import_option(c, optarg, &src))
				break;
			return EXIT_USAGE;
		}
	}
	if (optind != argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	struct cli_input in;
	if (!cli_open_input(&in, root, root_given, hand_made, &src))
		return EXIT_USAGE;
	/* The same audit as check: groups only renders another part of it. */
	struct audit_options opts = {0};
	struct audit_report *r = audit_run(&in.env, &opts);
	int status = EXIT_READY;
	if (predict && !r->groups.computed) {
		cli_error("no groups predicted: PCI unreadable");
		status = EXIT_BLOCKED;
	}
	if (!predict && r->kernel.n_groups == 0) {
		if (r->host.imported)
			/* Only lspci from pciutils 3.7 on prints "IOMMU group:" lines. */
			fprintf(stderr, "iommu-audit: the imported text names no IOMMU group (the IOMMU was off, or "
					"its lspci is older than pciutils 3.7); --predict forecasts them\n");
		else
			fprintf(stderr, "iommu-audit: the kernel formed no IOMMU groups (%s)\n",
				r->kernel.groups_readable ? "the IOMMU is off" : "sys/kernel/iommu_groups is missing");
		status = EXIT_BLOCKED;
	}
	/* Not an empty group: one whose members are unknown (left out of the list). */
	for (size_t i = 0; !predict && i < r->kernel.n_groups; i++)
		if (r->kernel.groups[i].members_unreadable) {
			char *name = sanitize_utf8(xstrdup(r->kernel.groups[i].name));
			cli_error("group %s: sys/kernel/iommu_groups/%s/devices could not be read", name, name);
			free(name);
			status = EXIT_BLOCKED;
		}
	report_groups_text(stdout, r, predict, why);
	audit_free(r);
	cli_close_input(&in);
	return status;
}
