#include "config.h"

#include "cli.h"
#include "kernel.h"

#include <getopt.h>
#include <stdlib.h>

/* The groups the running kernel formed, one line each, in the stable format
 * `group KEY: BDF BDF ...` that outside checks parse. */
static void print_actual_groups(const struct kernel_facts *k)
{
	for (size_t i = 0; i < k->n_groups; i++) {
		const struct kernel_group *g = &k->groups[i];
		printf("group %s:", g->name);
		for (size_t m = 0; m < g->n_members; m++)
			printf(" %s", g->members[m]);
		putchar('\n');
	}
}

int cmd_groups(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = "/";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'h':
			puts("usage: iommu-audit groups [--root DIR]\n"
			     "Prints the IOMMU groups, one per line: group KEY: BDF BDF ...");
			return EXIT_READY;
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
	struct kernel_facts k;
	read_kernel_facts(&env, &k);
	print_actual_groups(&k);
	if (k.n_groups == 0)
		fprintf(stderr, "iommu-audit: the kernel formed no IOMMU groups (%s)\n",
			k.groups_readable ? "the IOMMU is off" : "sys/kernel/iommu_groups is missing");
	int status = k.n_groups ? EXIT_READY : EXIT_BLOCKED;
	free_kernel_facts(&k);
	hostenv_close(&env);
	return status;
}
