/* The subcommands of iommu-audit. Each parses its own options (argv[0] is the
 * subcommand's name) and returns the process exit status (see EXIT_*). Only
 * these front ends and main print to the terminal or exit. */
#ifndef IA_CLI_H
#define IA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "hostenv.h"
#include "import.h"
#include "util.h"

/* Exit status for scripts (documented in the man page). */
enum {
	EXIT_READY = 0,   /* every selected device is ready or warn */
	EXIT_BLOCKED = 1, /* at least one is blocked or unknown, or none was found */
	EXIT_USAGE = 2,   /* usage or input error, message on stderr */
};

int cmd_check(int argc, char **argv);
int cmd_capture(int argc, char **argv);
int cmd_groups(int argc, char **argv);
int cmd_findings(int argc, char **argv);
int cmd_fleet(int argc, char **argv);
int cmd_browse(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_graph(int argc, char **argv);

/* One option of a subcommand, for its --help: how it is written ("--root DIR")
 * and a one-line description. Lists end with {NULL, NULL}. */
struct cli_option {
	const char *spec;
	const char *help;
};
/* Prints a subcommand's help: its usage lines, what it does, and its options,
 * one a line, as lspci --help does. */
void cli_help(FILE *out, const char *usage, const char *about, const struct cli_option *opts);
/* The options every subcommand that audits a host shares. */
#define CLI_OPTION_ROOT {"--root DIR", "read the host from DIR (a snapshot); default /"}
#define CLI_OPTION_HELP {"-h, --help", "show this help and exit"}
#define CLI_OPTION_HAND_MADE {"--hand-made-root", "DIR was built by hand (no snapshot marker)"}
/* Instead of --root: another machine's pasted output, imported on the fly. */
#define CLI_OPTIONS_IMPORT                                                                   \
	{"--lspci FILE", "another machine's lspci -vvnn/-xxxx text (- = stdin)"},          \
	{"--dmesg FILE", "its kernel log (dmesg)"}, {"--acpidump FILE", "its acpidump text"}, \
	{"--cmdline TEXT", "its kernel command line"}, {"--cpuinfo FILE", "its /proc/cpuinfo"}

/* --lspci, --dmesg, --acpidump, --cmdline and --cpuinfo, which check, groups, browse and
 * import share: the long options (put CLI_IMPORT_OPTIONS in a command's
 * table) and their parser (true when c was one of them). */
enum { CLI_OPT_LSPCI = 0x1000, CLI_OPT_DMESG, CLI_OPT_ACPIDUMP, CLI_OPT_CMDLINE, CLI_OPT_CPUINFO };
#define CLI_IMPORT_OPTIONS                                                                                   \
	{"lspci", required_argument, NULL, CLI_OPT_LSPCI}, {"dmesg", required_argument, NULL, CLI_OPT_DMESG}, \
	{"acpidump", required_argument, NULL, CLI_OPT_ACPIDUMP},                                             \
	{"cmdline", required_argument, NULL, CLI_OPT_CMDLINE}, {"cpuinfo", required_argument, NULL, CLI_OPT_CPUINFO}
bool cli_import_option(int c, const char *arg, struct import_sources *src);

/* The root a command audits: --root, or (with import sources) a private
 * snapshot imported into a temporary directory. Prints the error and returns
 * false on failure; cli_close_input() closes it and removes the import. */
struct cli_input {
	struct hostenv env;
	char *import_root;
};
bool cli_open_input(struct cli_input *in, const char *root, bool root_given, bool hand_made,
		    const struct import_sources *src);
void cli_close_input(struct cli_input *in);

/* --hand-made-root: the root is a directory built by hand (or by a test), not a
 * capture, so it may lack the snapshot marker. Long option only. */
#define CLI_OPT_HAND_MADE_ROOT 0x100
/* Opens --root or prints the one-line error; returns false on failure. A root
 * other than the running system must carry the capture's marker (a capture
 * without it did not finish) unless hand_made says it never had one. */
bool cli_open_root(struct hostenv *env, const char *root, bool hand_made);
/* Prints "iommu-audit: " + message to stderr. */
void cli_error(const char *fmt, ...) IA_PRINTF(1, 2);
/* Whether to colour output on this stream (a terminal, NO_COLOR unset). */
bool cli_want_color(FILE *stream, const char *mode);

#endif
