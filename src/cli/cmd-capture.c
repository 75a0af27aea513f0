#include "config.h"

#include "capture.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>

int cmd_capture(int argc, char **argv)
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
		{
			static const struct cli_option help[] = {
				{"--root DIR", "capture the system mounted at DIR instead of /"},
				CLI_OPTION_HELP,
				{NULL, NULL},
			};
			cli_help(stdout, "usage: iommu-audit capture [--root DIR] OUTDIR",
				 "Writes a snapshot of what the audit reads into OUTDIR (new or empty);\n"
				 "iommu-audit --root OUTDIR then gives the same report anywhere.",
				 help);
			return EXIT_READY;
		}
		default:
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		cli_error("capture needs one OUTDIR (usage: iommu-audit capture [--root DIR] OUTDIR)");
		return EXIT_USAGE;
	}
	struct hostenv env;
	if (!cli_open_root(&env, root))
		return EXIT_USAGE;
	struct capture_stats st;
	char *err = NULL;
	int r = capture_host(&env, argv[optind], &st, &err);
	hostenv_close(&env);
	if (r < 0) {
		cli_error("%s", err ? err : "capture failed");
		free(err);
		return EXIT_USAGE;
	}
	fprintf(stderr, "iommu-audit: captured %u files and %u links into %s", st.files, st.links, argv[optind]);
	if (st.unreadable)
		fprintf(stderr, "; %u files were unreadable%s", st.unreadable,
			env.is_root_user ? "" : " (run as root for a complete capture)");
	fputc('\n', stderr);
	return EXIT_READY;
}
