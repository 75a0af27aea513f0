/* The subcommands of iommu-audit. Each parses its own options (argv[0] is the
 * subcommand's name) and returns the process exit status (see EXIT_*). Only
 * these front ends and main print to the terminal or exit. */
#ifndef IA_CLI_H
#define IA_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "hostenv.h"
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

/* Opens --root or prints the one-line error; returns false on failure. */
bool cli_open_root(struct hostenv *env, const char *root);
/* Prints "iommu-audit: " + message to stderr. */
void cli_error(const char *fmt, ...) IA_PRINTF(1, 2);
/* Whether to colour output on this stream (a terminal, NO_COLOR unset). */
bool cli_want_color(FILE *stream, const char *mode);

#endif
