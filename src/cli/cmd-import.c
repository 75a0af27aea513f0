#include "config.h"

#include "cli.h"
#include "import.h"

#include <getopt.h>
#include <stdlib.h>

int cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		CLI_IMPORT_OPTIONS,
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct import_sources src = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (cli_import_option(c, optarg, &src))
			continue;
		if (c == 'h') {
			puts("usage: iommu-audit import [--lspci FILE] [--dmesg FILE] [--acpidump FILE]\n"
			     "                          [--cmdline TEXT] [--cpuinfo FILE] OUTDIR\n"
			     "Builds a snapshot in OUTDIR (new or empty) from the output of `lspci -vvnn` or\n"
			     "`lspci -xxxx`, `dmesg` and `acpidump` of another machine (FILE \"-\" = stdin);\n"
			     "audit it with --root OUTDIR. What the sources do not state is reported unknown.");
			return EXIT_READY;
		}
		return EXIT_USAGE;
	}
	if (optind != argc - 1) {
		cli_error("import needs one OUTDIR (usage: iommu-audit import [--lspci FILE] [--dmesg FILE] "
			  "[--acpidump FILE] [--cmdline TEXT] OUTDIR)");
		return EXIT_USAGE;
	}
	char *err = NULL;
	if (import_snapshot(&src, argv[optind], &err) < 0) {
		cli_error("%s", err ? err : "import failed");
		free(err);
		return EXIT_USAGE;
	}
	return EXIT_READY;
}
