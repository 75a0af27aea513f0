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
	{"graph", cmd_graph, "draw the PCI tree with IOMMU groups and verdicts (DOT or SVG)"},
	{"import", cmd_import, "build a snapshot from another machine's lspci, dmesg, acpidump"},
	{"fleet", cmd_fleet, "summarise a directory of XML reports from many hosts"},
	{"findings", cmd_findings, "list every finding the audit can report"},
	{"browse", cmd_browse, "explore the report in an interactive terminal browser"},
};

static void usage(FILE *out)
{
	fputs("usage: iommu-audit [--root DIR] [--format FORMAT] [-v] [SUBCOMMAND] [OPTIONS]\n"
	      "       iommu-audit help [SUBCOMMAND]\n"
	      "       iommu-audit --help | --version\n\n"
	      "Says whether each GPU of a Linux host can be passed through to a virtual machine\n"
	      "(KVM/VFIO, Xen, ESXi, Hyper-V), and if not, why and what to change.\n\n"
	      "Subcommands:\n",
	      out);
	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++)
		fprintf(out, "  %-8s %s\n", subcommands[i].name, subcommands[i].summary);
	fputs("  help     list the options of a subcommand\n"
	      "\nGlobal options (before or after the subcommand):\n"
	      "  --root DIR     read the host from DIR (a snapshot); default /\n"
	      "  --format FMT   output format (text, xml; the subcommand says which it has)\n"
	      "  -v, --verbose  more detail (check)\n"
	      "\n'iommu-audit help SUBCOMMAND' lists its options; see iommu-audit(8).\n"
	      "Exit status: 0 every selected device is ready or warn; 1 one is blocked or\n"
	      "unknown, or none was found; 2 usage or input error.\n",
	      out);
}

static const struct subcommand *find_subcommand(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(subcommands); i++)
		if (!strcmp(name, subcommands[i].name))
			return &subcommands[i];
	return NULL;
}

/* The global options that may come before the subcommand, as in
 * `iommu-audit --root DIR groups`: how many arguments one takes (0: not one). */
static int global_option(int argc, char **argv, int i)
{
	const char *a = argv[i];
	if (!strcmp(a, "--root") || !strcmp(a, "--format"))
		return i + 1 < argc ? 2 : 1; /* a missing value is the subcommand's to report */
	if (!strncmp(a, "--root=", 7) || !strncmp(a, "--format=", 9) || !strcmp(a, "-v") || !strcmp(a, "--verbose"))
		return 1;
	return 0;
}

static int help(int argc, char **argv)
{
	if (argc < 2) {
		usage(stdout);
		return EXIT_READY;
	}
	const struct subcommand *sc = find_subcommand(argv[1]);
	if (!sc) {
		cli_error("help: unknown subcommand '%s' (try iommu-audit help)", argv[1]);
		return EXIT_USAGE;
	}
	char *args[] = {argv[1], (char *)"--help", NULL};
	return sc->run(2, args);
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
	/* Global options first, then the subcommand (none: check); they are
	 * handed to the subcommand as if written after it. */
	int first = 1;
	for (int n; first < argc && (n = global_option(argc, argv, first)) > 0;)
		first += n;
	const char *name = "check";
	int rest = first;
	if (first < argc && argv[first][0] != '-') {
		name = argv[first];
		rest = first + 1;
	}
	if (!strcmp(name, "help")) {
		if (first > 1) {
			cli_error("help takes no options");
			return EXIT_USAGE;
		}
		return help(argc - 1, argv + 1);
	}
	const struct subcommand *sc = find_subcommand(name);
	if (!sc) {
		cli_error("unknown subcommand '%s' (try iommu-audit help)", name);
		return EXIT_USAGE;
	}
	char **args = xcalloc((size_t)argc + 1, sizeof(*args));
	int n = 0;
	args[n++] = (char *)sc->name;
	for (int i = 1; i < first; i++)
		args[n++] = argv[i];
	for (int i = rest; i < argc; i++)
		args[n++] = argv[i];
	int status = sc->run(n, args);
	free(args);
	return status;
}
