#include "config.h"

#include "cli.h"
#include "findings.h"

#include <getopt.h>
#include <string.h>

/* roff needs backslashes doubled and a leading dot or quote escaped. */
static void roff_text(const char *s)
{
	if (*s == '.' || *s == '\'')
		fputs("\\&", stdout);
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\e", stdout);
		else if (*s == '-')
			fputs("\\-", stdout);
		else
			putchar(*s);
	}
}

/* Lists the findings table: what every ID means, so scripts and people can look
 * one up; the man page's list is generated from this output. */
int cmd_findings(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'h':
		{
			static const struct cli_option help[] = {
				{"--format text|man", "text (default) or man-page markup"},
				CLI_OPTION_HELP,
				{NULL, NULL},
			};
			cli_help(stdout, "usage: iommu-audit findings [--format text|man]",
				 "Lists every finding the audit can report, with its stable ID.", help);
			return EXIT_READY;
		}
		default:
			return EXIT_USAGE;
		}
	}
	bool man = !strcmp(format, "man");
	if (!man && strcmp(format, "text")) {
		cli_error("unknown format '%s' (text or man)", format);
		return EXIT_USAGE;
	}
	for (int i = 0; i < FIND__COUNT; i++) {
		const struct finding_info *f = finding_info((enum finding_id)i);
		if (man) {
			printf(".TP\n.B %s\n(%s, %s) ", f->id, severity_name(f->severity), layer_name(f->layer));
			roff_text(f->title);
			puts(".");
			roff_text(f->explanation);
			putchar('\n');
			if (f->remedy[0]) {
				fputs(".br\nRemedy: ", stdout);
				roff_text(f->remedy);
				putchar('\n');
			}
		} else {
			printf("%-32s %-7s %-8s %s\n", f->id, severity_name(f->severity), layer_name(f->layer),
			       f->title);
		}
	}
	return EXIT_READY;
}
