#include "config.h"

#include "capture.h"
#include "cli.h"

#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

/* Set by SIGINT, SIGTERM or SIGHUP: the capture stops, removes its partial
 * output, and the signal is raised again once it is gone. */
static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

int cmd_capture(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"hand-made-root", no_argument, NULL, CLI_OPT_HAND_MADE_ROOT},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = "/";
	bool hand_made = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case CLI_OPT_HAND_MADE_ROOT:
			hand_made = true;
			break;
		case 'h':
		{
			static const struct cli_option help[] = {
				{"--root DIR", "capture the system mounted at DIR instead of /"},
				CLI_OPTION_HAND_MADE,
				CLI_OPTION_HELP,
				{NULL, NULL},
			};
			cli_help(stdout, "usage: iommu-audit capture [--root DIR [--hand-made-root]] OUTDIR",
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
	if (!cli_open_root(&env, root, hand_made))
		return EXIT_USAGE;
	static const int signals[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: a blocked call returns */
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(signals); i++)
		sigaction(signals[i], &sa, NULL);
	struct capture_stats st;
	char *err = NULL;
	int r = capture_host(&env, argv[optind], &stop_signal, &st, &err);
	hostenv_close(&env);
	if (r < 0) {
		cli_error("%s; nothing was written to %s", err ? err : "capture failed", argv[optind]);
		free(err);
		if (stop_signal) {
			signal(stop_signal, SIG_DFL);
			raise(stop_signal);
		}
		return EXIT_USAGE;
	}
	fprintf(stderr, "iommu-audit: captured %u files and %u links into %s", st.files, st.links, argv[optind]);
	if (st.unreadable)
		fprintf(stderr, "; %u files were unreadable%s", st.unreadable,
			env.is_root_user ? "" : " (run as root for a complete capture)");
	fputc('\n', stderr);
	if (st.rewritten_links || st.refused_links)
		fprintf(stderr, "iommu-audit: %u absolute or roundabout links were written relative, inside %s; %u "
			"links to the root itself were left out\n", st.rewritten_links, argv[optind], st.refused_links);
	if (st.scrubbed)
		fprintf(stderr, "iommu-audit: zeroed %u device serial numbers and VPD registers in config space\n",
			st.scrubbed);
	if (st.redacted)
		fprintf(stderr, "iommu-audit: redacted %u secret-looking kernel parameters (shown as %s)\n",
			st.redacted, "<redacted>");
	return EXIT_READY;
}
