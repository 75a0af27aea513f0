#include "config.h"

#include "cli.h"
#include "fleet.h"
#include "report-xml.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Exit status of fleet (documented in the man page): 0 every input was a
 * report and was read; 1 some file was skipped (broken, foreign or unreadable),
 * the summary of the others is still written; 2 usage error, no report could be
 * read at all, or the summary could not be written. */
enum { FLEET_EXIT_OK = 0, FLEET_EXIT_SKIPPED = 1, FLEET_EXIT_ERROR = 2 };

static void fleet_usage(FILE *out)
{
	static const struct cli_option opts[] = {
		{"--format text|csv|xml", "text (default), csv or xml"},
		{"--hypervisor NAME", "kvm (default), xen, esxi, hyperv, or all (text)"},
		{"--top N", "list N blocking findings (default 10, 0: all)"},
		{"--list N", "text: N hosts per list (default 10, 0: all)"},
		{"--no-progress", "no progress line on a terminal"},
		{"--validate", "validate each report against the installed schema"},
		{"--schema FILE.xsd", "validate against FILE.xsd (implies --validate)"},
		CLI_OPTION_HELP,
		{NULL, NULL},
	};
	cli_help(out,
		 "usage: iommu-audit fleet [--format text|csv|xml]\n"
		 "                         [--hypervisor kvm|xen|esxi|hyperv|all]\n"
		 "                         [--top N] [--list N] [--no-progress]\n"
		 "                         [--validate] [--schema FILE.xsd] REPORT.xml|DIR...",
		 "Summarises XML reports (check --format xml) from many hosts: hosts by verdict,\n"
		 "GPUs by model and verdict, the most common blocking findings and the hosts\n"
		 "they affect, the hosts whose firmware needs a change, and every host with its\n"
		 "machine, id, verdict and first blocker. Directories are searched recursively\n"
		 "for *.xml files; a broken or foreign file is named on stderr and skipped.\n"
		 "The installed schema, with report.xsl and fleet.xsl beside it:\n"
		 "  " PKGDATADIR "/" REPORT_XML_SCHEMA_FILE "\n"
		 "Exit status: 0 all read; 1 some file skipped, or no report found; 2 usage\n"
		 "error, or no file could be read.",
		 opts);
}

struct walk {
	struct fleet *fleet;
	bool progress;
	bool progress_shown;
	bool name_skips; /* name each skipped file on stderr (once, on the first pass) */
	struct timespec last;
	size_t files;
	char **pending; /* files found, to be read together */
	size_t n_pending;
};

static void clear_progress(struct walk *w)
{
	if (w->progress_shown) {
		fputs("\r\033[K", stderr);
		w->progress_shown = false;
	}
}

/* A progress line on a terminal, at most four times a second. */
static void show_progress(struct walk *w, bool force)
{
	if (!w->progress)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	long ms = (now.tv_sec - w->last.tv_sec) * 1000 + (now.tv_nsec - w->last.tv_nsec) / 1000000;
	if (!force && ms < 250)
		return;
	w->last = now;
	fprintf(stderr, "\riommu-audit fleet: %zu files, %zu reports, %zu skipped", w->files,
		fleet_reports(w->fleet), fleet_skipped(w->fleet));
	w->progress_shown = true;
}

static void file_done(void *arg, const char *path, enum fleet_read result, const char *why)
{
	struct walk *w = arg;
	w->files++;
	if (result != FLEET_READ_OK && w->name_skips) {
		clear_progress(w);
		char *clean = xml_clean_string(path);
		cli_error("fleet: %s: skipped: %s", clean, why ? why : "unreadable");
		free(clean);
	}
	show_progress(w, false);
}

static void read_pending(struct walk *w);

static void add_file(struct walk *w, const char *path)
{
	char **slot = xappend(&w->pending, &w->n_pending, sizeof(*slot));
	*slot = xstrdup(path);
	/* Read in batches: no list of every path of a large fleet in memory. */
	if (w->n_pending >= 4096)
		read_pending(w);
}

/* Reads the files found so far (on every core; the outcomes come back in the
 * order they were found). */
static void read_pending(struct walk *w)
{
	fleet_add_files(w->fleet, (const char *const *)w->pending, w->n_pending, file_done, w);
	for (size_t i = 0; i < w->n_pending; i++)
		free(w->pending[i]);
	free(w->pending);
	w->pending = NULL;
	w->n_pending = 0;
}

static bool is_xml_name(const char *name)
{
	size_t n = strlen(name);
	return n > 4 && !strcmp(name + n - 4, ".xml") && name[0] != '.';
}

/* Depth-first, in name order, so the run is the same whatever the directory
 * order; symbolic links to directories are not followed (no loops). */
static void add_dir(struct walk *w, const char *dir, int depth)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		if (!w->name_skips)
			return;
		read_pending(w); /* the messages stay in walk order */
		clear_progress(w);
		cli_error("fleet: %s: skipped: %s", dir, strerror(errno));
		return;
	}
	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		if (name[0] == '.') {
			free(names[i]);
			continue;
		}
		char *path = xasprintf("%s/%s", dir, name);
		struct stat st;
		/* The directory entry's type spares two stat calls a report. */
		if (names[i]->d_type == DT_REG) {
			if (is_xml_name(name))
				add_file(w, path);
		} else if (names[i]->d_type == DT_DIR) {
			if (depth < 32)
				add_dir(w, path, depth + 1);
		} else if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			if (depth < 32)
				add_dir(w, path, depth + 1);
		} else if (is_xml_name(name) && stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
			add_file(w, path);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

/* Reads every path and writes one summary for one hypervisor. Returns the
 * exit status; *found: whether any file looked like a report (*.xml, or named). */
static int summarise(char **paths, int n, enum hypervisor hv, bool validate, const char *schema, bool progress,
		     int (*write)(FILE *, const struct fleet *, const struct fleet_output *),
		     const struct fleet_output *out, bool name_skips, bool *found)
{
	struct walk w = {.fleet = fleet_new(hv), .progress = progress && isatty(STDERR_FILENO),
			 .name_skips = name_skips};
	char *err = NULL;
	if (validate && fleet_set_schema(w.fleet, schema, &err) < 0) {
		char *clean = xml_clean_string(err);
		cli_error("fleet: %s", clean);
		free(clean);
		free(err);
		fleet_free(w.fleet);
		return FLEET_EXIT_ERROR;
	}
	clock_gettime(CLOCK_MONOTONIC, &w.last);
	for (int i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) == 0 && S_ISDIR(st.st_mode))
			add_dir(&w, paths[i], 0);
		else
			add_file(&w, paths[i]); /* a named file is read whatever its name */
	}
	read_pending(&w);
	show_progress(&w, true);
	clear_progress(&w);

	*found = w.files > 0;
	int status = fleet_skipped(w.fleet) ? FLEET_EXIT_SKIPPED : FLEET_EXIT_OK;
	if (w.files == 0) {
		/* An empty directory: nothing to summarise, and no table of zeros. */
		cli_error("fleet: no reports found (no *.xml file in %s%s)", paths[0], n > 1 ? " and the rest" : "");
		fleet_free(w.fleet);
		return FLEET_EXIT_SKIPPED;
	}
	if (fleet_reports(w.fleet) == 0) {
		cli_error("fleet: no report could be read");
		fleet_free(w.fleet);
		return FLEET_EXIT_ERROR;
	}
	if (write(stdout, w.fleet, out) < 0 || fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("cannot write the summary to standard output");
		status = FLEET_EXIT_ERROR;
	}
	fleet_free(w.fleet);
	return status;
}

int cmd_fleet(int argc, char **argv)
{
	static const struct option longopts[] = {
		{"format", required_argument, NULL, 'f'},
		{"hypervisor", required_argument, NULL, 'H'},
		{"top", required_argument, NULL, 't'},
		{"list", required_argument, NULL, 'l'},
		{"no-progress", no_argument, NULL, 'P'},
		{"validate", no_argument, NULL, 'V'},
		{"schema", required_argument, NULL, 'S'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *format = "text";
	enum hypervisor hv = HV_KVM;
	bool all = false;
	struct fleet_output out = {.top_findings = 10, .list_hosts = 10};
	bool progress = true;
	bool validate = false;
	const char *schema = PKGDATADIR "/" REPORT_XML_SCHEMA_FILE;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "f:H:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'H':
			all = !strcmp(optarg, "all");
			if (!all && !hypervisor_by_name(optarg, &hv)) {
				cli_error("unknown hypervisor '%s' (kvm, xen, esxi, hyperv or all)", optarg);
				return FLEET_EXIT_ERROR;
			}
			break;
		case 't':
		case 'l': {
			char *end;
			errno = 0;
			unsigned long v = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-') {
				cli_error("--%s takes a number (0 = all)", c == 't' ? "top" : "list");
				return FLEET_EXIT_ERROR;
			}
			*(c == 't' ? &out.top_findings : &out.list_hosts) = v;
			break;
		}
		case 'P':
			progress = false;
			break;
		case 'V':
			validate = true;
			break;
		case 'S':
			schema = optarg;
			validate = true;
			break;
		case 'h':
			fleet_usage(stdout);
			return FLEET_EXIT_OK;
		default:
			fleet_usage(stderr);
			return FLEET_EXIT_ERROR;
		}
	}
	int (*write)(FILE *, const struct fleet *, const struct fleet_output *);
	if (!strcmp(format, "text"))
		write = fleet_write_text;
	else if (!strcmp(format, "csv"))
		write = fleet_write_csv;
	else if (!strcmp(format, "xml"))
		write = fleet_write_xml;
	else {
		cli_error("unknown format '%s' (text, csv or xml)", format);
		return FLEET_EXIT_ERROR;
	}
	if (optind >= argc) {
		cli_error("fleet needs at least one report or directory (try --help)");
		return FLEET_EXIT_ERROR;
	}
	if (all && write != fleet_write_text) {
		/* One CSV table or XML document holds one hypervisor's verdicts. */
		cli_error("--hypervisor all needs --format text (for csv or xml, run once per hypervisor)");
		return FLEET_EXIT_ERROR;
	}

	/* --hypervisor all: one summary per hypervisor, as check shows the four
	 * side by side; the files are read once for each. */
	int status = FLEET_EXIT_OK;
	int first = all ? 0 : (int)hv, last = all ? HV__COUNT - 1 : (int)hv;
	for (int h = first; h <= last; h++) {
		bool found = false;
		if (h > first)
			fputc('\n', stdout);
		/* Each file is named once when skipped, on the first pass. */
		int st = summarise(&argv[optind], argc - optind, (enum hypervisor)h, validate, schema,
				   progress, write, &out, h == first, &found);
		if (st > status)
			status = st;
		if (st == FLEET_EXIT_ERROR || !found)
			break;
	}
	report_xml_cleanup();
	return status;
}
