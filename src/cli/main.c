#include "config.h"

#include "cli.h"
#include "cmd-acpi.h"

#include <stdlib.h>
#include <string.h>

struct subcommand {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct subcommand subcommands[] = {
	{"check", cmd_check, "judge each GPU (or selected device) for passthrough (default)"},
	{"groups", cmd_groups, "print the IOMMU groups"},
	{"acpi", cmd_acpi, "decode and check the DMAR, IVRS and IORT tables"},
	{"capture", cmd_capture, "write a snapshot of this host for offline analysis"},
	{"import", cmd_import, "build a snapshot from another machine's lspci, dmesg, acpidump"},
	{"fleet", cmd_fleet, "summarise a directory of XML reports from many hosts"},
	{"findings", cmd_findings, "list every finding the audit can report"},
	{"browse", cmd_browse, "explore the report in an interactive terminal browser"},
};

static void usage(FILE *out)
{
	fputs("usage: iommu-audit [SUBCOMMAND] [OPTIONS]\n"
	      "       iommu-audit --help | --version\n\n"
	      "Says whether each GPU of a Linux host can be passed through to a virtual machine\n"
	      "(KVM/VFIO, Xen, ESXi, Hyper-V), and if not, why and what to change.\n\n"
	      "Subcommands:\n",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
	fputs("\n'iommu-audit SUBCOMMAND --help' lists its options; see iommu-audit(8).\n"
	      "Exit status: 0 every selected device is ready or warn; 1 one is blocked or\n"
	      "unknown, or none was found; 2 usage or input error.\n",
	      out);
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage(stdout);
		return EXIT_READY;
	}
	if (argc > 1 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))) {
		printf("%s\n", PACKAGE_STRING);
		return EXIT_READY;
	}
	/* No subcommand, or options first: the default is check. */
	if (argc < 2 || argv[1][0] == '-')
		return cmd_check(argc, argv);
	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].run(argc - 1, argv + 1);
	cli_error("unknown subcommand '%s' (try --help)", argv[1]);
	return EXIT_USAGE;
}
