#include "config.h"

#include "audit.h"
#include "cli.h"
#include "pcitopo.h"
#include "report-text.h"
#include "report-xml.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static void check_usage(FILE *out)
{
	static const struct cli_option opts[] = {
		CLI_OPTION_ROOT,
		CLI_OPTION_HAND_MADE,
		CLI_OPTIONS_IMPORT,
		{"--format text|xml", "text (default) or xml (iommu-audit.xsd)"},
		{"--hypervisor NAME", "kvm (default), xen, esxi, hyperv, or all four"},
		{"-s [[dom:]bus:]dev.fn", "only the devices at this address (as lspci)"},
		{"-d vendor:device", "only the devices with this ID (as lspci)"},
		{"-a, --all-devices", "judge every PCI function, not only GPUs"},
		{"-v, --verbose", "add evidence, explanations and the path above"},
		{"--color auto|always|never", "auto: on a terminal, unless NO_COLOR is set"},
		CLI_OPTION_HELP,
		{NULL, NULL},
	};
	cli_help(out,
		 "usage: iommu-audit [check] [--root DIR [--hand-made-root]] [--format text|xml]\n"
		 "                   [--hypervisor kvm|xen|esxi|hyperv|all]\n"
		 "                   [-s [[dom:]bus:]dev.fn] [-d vendor:device] [--all-devices]\n"
		 "                   [-v] [--color auto|always|never]\n"
		 "       iommu-audit check --lspci FILE [--dmesg FILE] [--acpidump FILE] ...",
		 "Judges whether each GPU (or the selected devices) can be passed through to a VM.\n"
		 "Exit status: 0 every judged device is ready or warn; 1 one is blocked or\n"
		 "unknown, or none was found; 2 usage or input error.",
		 opts);
}

static bool parse_hypervisor(const char *s, enum hypervisor *hv, bool *all)
{
	*all = false;
	if (!strcmp(s, "all")) {
		*all = true;
		*hv = HV_KVM;
		return true;
	}
	return hypervisor_by_name(s, hv);
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"hand-made-root", no_argument, NULL, CLI_OPT_HAND_MADE_ROOT},
		{"format", required_argument, NULL, 'f'},
		{"hypervisor", required_argument, NULL, 'H'},
		{"all-devices", no_argument, NULL, 'a'},
		{"verbose", no_argument, NULL, 'v'},
		{"color", required_argument, NULL, 'C'},
		{"colour", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		CLI_IMPORT_OPTIONS,
		{NULL, 0, NULL, 0},
	};
	const char *root = "/", *format = "text", *color = "auto";
	bool root_given = false;
	struct import_sources src = {0};
	struct audit_options opts = {0};
	struct text_options topt = {.hv = HV_KVM};
	bool hand_made = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:H:s:d:avh", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			root_given = true;
			break;
		case CLI_OPT_HAND_MADE_ROOT:
			hand_made = true;
			break;
		case 'f':
			format = optarg;
			break;
		case 'H':
			if (!parse_hypervisor(optarg, &topt.hv, &topt.hv_all)) {
				cli_error("unknown hypervisor '%s' (kvm, xen, esxi, hyperv or all)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 's': {
			const char *why = pcitopo_check_slot_selector(optarg);
			if (why) {
				cli_error("-s %s: %s", optarg, why);
				return EXIT_USAGE;
			}
			opts.slot_selector = optarg;
			break;
		}
		case 'd': {
			const char *why = pcitopo_check_id_selector(optarg);
			if (why) {
				cli_error("-d %s: %s", optarg, why);
				return EXIT_USAGE;
			}
			opts.id_selector = optarg;
			break;
		}
		case 'a':
			opts.all_devices = true;
			break;
		case 'v':
			topt.verbose = true;
			break;
		case 'C':
			if (strcmp(optarg, "auto") && strcmp(optarg, "always") && strcmp(optarg, "never")) {
				cli_error("--color takes auto, always or never");
				return EXIT_USAGE;
			}
			color = optarg;
			break;
		case 'h':
			check_usage(stdout);
			return EXIT_READY;
		default:
			if (cli_import_option(c, optarg, &src))
				break;
			check_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	bool xml = !strcmp(format, "xml");
	if (!xml && strcmp(format, "text") != 0) {
		cli_error("unknown format '%s' (text or xml)", format);
		return EXIT_USAGE;
	}

	struct cli_input in;
	if (!cli_open_input(&in, root, root_given, hand_made, &src))
		return EXIT_USAGE;
	struct audit_report *r = audit_run(&in.env, &opts);
	topt.color = cli_want_color(stdout, color);
	bool write_failed = false;
	if (xml) {
		struct xml_options xopt = {.generated = report_xml_time()};
		write_failed = report_xml(stdout, r, &xopt) < 0;
		report_xml_cleanup();
	} else {
		report_text(stdout, r, &topt);
	}

	int status = r->n_judged ? EXIT_READY : EXIT_BLOCKED;
	for (size_t i = 0; i < r->n_judged; i++)
		for (int hv = 0; hv < HV__COUNT; hv++) {
			if (!topt.hv_all && hv != (int)topt.hv)
				continue;
			if (r->judged[i].verdict[hv] >= VERDICT_UNKNOWN)
				status = EXIT_BLOCKED;
		}
	audit_free(r);
	cli_close_input(&in);
	if (write_failed || fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the report to standard output");
		return EXIT_USAGE;
	}
	return status;
}
