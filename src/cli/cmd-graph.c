#include "config.h"

#include "audit.h"
#include "cli.h"
#include "report-dot.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void graph_usage(FILE *out)
{
	static const struct cli_option opts[] = {
		CLI_OPTION_ROOT,
		{"--format dot|svg", "dot (default): Graphviz source; svg: drawn by dot"},
		{"--hypervisor NAME", "verdicts for kvm (default), xen, esxi or hyperv"},
		{"-a, --all-devices", "colour every PCI function by its verdict"},
		CLI_OPTION_HELP,
		{NULL, NULL},
	};
	cli_help(out, "usage: iommu-audit graph [--root DIR] [--format dot|svg] [--hypervisor NAME]",
		 "Draws the PCI tree: IOMMU groups as clusters, ACS on each bridge, GPUs\n"
		 "coloured by verdict, the path that breaks a GPU's isolation in red.\n"
		 "SVG needs Graphviz's dot (Debian package graphviz); DOT needs nothing.",
		 opts);
}

/* Graphviz's dot: $IOMMU_AUDIT_DOT, else the first dot on PATH; NULL if none. */
static char *find_dot(void)
{
	const char *env = getenv("IOMMU_AUDIT_DOT");
	if (env && *env)
		return access(env, X_OK) == 0 ? xstrdup(env) : NULL;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/bin:/bin";
	char *copy = xstrdup(path), *save = NULL;
	for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/dot", *dir ? dir : ".");
		struct stat st;
		if (stat(p, &st) == 0 && S_ISREG(st.st_mode) && access(p, X_OK) == 0) {
			free(copy);
			return p;
		}
		free(p);
	}
	free(copy);
	return NULL;
}

/* Pipes the graph through dot -Tsvg onto standard output. */
static int write_svg(const struct audit_report *r, enum hypervisor hv, const char *dot)
{
	int fds[2];
	if (pipe(fds) < 0) {
		cli_error("graph: pipe: %s", strerror(errno));
		return EXIT_USAGE;
	}
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0) {
		cli_error("graph: fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return EXIT_USAGE;
	}
	if (pid == 0) {
		dup2(fds[0], STDIN_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(dot, dot, "-Tsvg", (char *)NULL);
		_exit(127);
	}
	close(fds[0]);
	/* A dot that dies early must not kill us with SIGPIPE: its status says it. */
	void (*old)(int) = signal(SIGPIPE, SIG_IGN);
	FILE *to_dot = fdopen(fds[1], "w");
	int wrote = to_dot ? report_dot(to_dot, r, hv) : -1;
	if (to_dot ? fclose(to_dot) != 0 : close(fds[1]) != 0)
		wrote = -1;
	signal(SIGPIPE, old);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || wrote < 0) {
		cli_error("graph: %s -Tsvg failed (exit %d)", dot, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return EXIT_USAGE;
	}
	return EXIT_READY;
}

int cmd_graph(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"root", required_argument, NULL, 'r'},
		{"format", required_argument, NULL, 'f'},
		{"hypervisor", required_argument, NULL, 'H'},
		{"all-devices", no_argument, NULL, 'a'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = "/", *format = "dot";
	enum hypervisor hv = HV_KVM;
	struct audit_options opts = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:f:H:ah", longopts, NULL)) != -1) {
		switch (c) {
		case 'r':
			root = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'H':
			if (!hypervisor_by_name(optarg, &hv)) {
				cli_error("unknown hypervisor '%s' (kvm, xen, esxi or hyperv)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'a':
			opts.all_devices = true;
			break;
		case 'h':
			graph_usage(stdout);
			return EXIT_READY;
		default:
			graph_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		cli_error("unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	bool svg = !strcmp(format, "svg");
	if (!svg && strcmp(format, "dot")) {
		cli_error("unknown format '%s' (dot or svg)", format);
		return EXIT_USAGE;
	}
	char *dot = NULL;
	if (svg && !(dot = find_dot())) {
		cli_error("graph --format svg needs Graphviz's dot, which is not installed (Debian package "
			  "graphviz); --format dot writes the graph for it");
		return EXIT_USAGE;
	}
	struct hostenv env;
	if (!cli_open_root(&env, root, false)) {
		free(dot);
		return EXIT_USAGE;
	}
	struct audit_report *r = audit_run(&env, &opts);
	int status = EXIT_READY;
	if (svg) {
		status = write_svg(r, hv, dot);
	} else if (report_dot(stdout, r, hv) < 0 || fflush(stdout) != 0) {
		cli_error("cannot write the graph to standard output");
		status = EXIT_USAGE;
	}
	free(dot);
	audit_free(r);
	hostenv_close(&env);
	return status;
}
