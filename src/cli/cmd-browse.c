#include "config.h"

#include "audit.h"
#include "cli.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_TUI
#include "tui.h"
#endif

static void browse_usage(FILE *out)
{
	static const struct cli_option opts[] = {
		CLI_OPTION_ROOT,
		CLI_OPTION_HAND_MADE,
		CLI_OPTIONS_IMPORT,
		{"-a, --all-devices", "judge every PCI function, not only GPUs"},
		CLI_OPTION_HELP,
		{NULL, NULL},
	};
	cli_help(out, "usage: iommu-audit browse [--root DIR [--hand-made-root] | --lspci FILE\n"
		 "                          [--dmesg FILE] [--acpidump FILE] [--cmdline TEXT]]\n"
		 "                          [--all-devices]",
		 "Explores the report interactively: summary, PCI tree, IOMMU groups, device\n"
		 "details, firmware tables. Press ? in the browser for the keys.",
		 opts);
}

int cmd_browse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"hand-made-root", no_argument, NULL, CLI_OPT_HAND_MADE_ROOT},
		{"all-devices", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		CLI_IMPORT_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *root = "/";
	bool root_given = false;
	struct import_sources src = {0};
	struct audit_options opts = {0};
	bool hand_made = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:ah", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			root_given = true;
			break;
		case CLI_OPT_HAND_MADE_ROOT:
			hand_made = true;
			break;
		case 'a':
			opts.all_devices = true;
			break;
		case 'h':
			browse_usage(stdout);
			return EXIT_READY;
		default:
			if (cli_import_option(c, optarg, &src))
				break;
			browse_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
#ifndef HAVE_TUI
	(void)root;
	(void)hand_made;
	(void)opts;
	(void)root_given;
	cli_error("this build has no browser (it was configured with --disable-tui); use 'iommu-audit check'");
	return EXIT_USAGE;
#else
	/* Test seams: a key script instead of the keyboard, and a screen that is
	 * kept in memory only, so tests need no terminal. */
	struct tui_options topts = {0};
	const char *script = getenv("IOMMU_AUDIT_TUI_SCRIPT");
	const char *no_display = getenv("IOMMU_AUDIT_TUI_NO_DISPLAY");
	topts.script = script && *script ? script : NULL;
	topts.no_display = no_display && *no_display && strcmp(no_display, "0") != 0;
	if (!topts.no_display && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		cli_error("browse needs a terminal; use 'iommu-audit check' for a report");
		return EXIT_USAGE;
	}

	struct cli_input in;
	if (!cli_open_input(&in, root, root_given, hand_made, &src))
		return EXIT_USAGE;
	struct audit_report *r = audit_run(&in.env, &opts);
	/* The firmware view shows the decode the audit itself made. */
	int status = tui_run(r, r->acpi, &topts);
	audit_free(r);
	cli_close_input(&in);
	return status;
#endif
}
