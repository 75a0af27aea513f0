#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "acpi-dmar.h"
#include "acpi-iort.h"
#include "acpi-ivrs.h"
#include "acpi-load.h"
#include "acpi-madt.h"
#include "acpi-tables.h"
#include "acpi-text.h"
#include "cli.h"
#include "cmd-acpi.h"
#include "hostenv.h"
#include "util.h"
#include "xml-acpi.h"

static void usage(FILE *out)
{
	static const struct cli_option opts[] = {
		CLI_OPTION_ROOT,
		CLI_OPTION_HAND_MADE,
		{"--fields", "every field: offset, width, name, value (iasl -d)"},
		{"--format text|xml", "text (default) or xml (iommu-audit-acpi.xsd)"},
		CLI_OPTION_HELP,
		{NULL, NULL},
	};
	cli_help(out, "usage: iommu-audit acpi [--root DIR [--hand-made-root] | FILE...] [--fields]\n"
		 "                        [--format text|xml]",
		 "Decodes and checks the DMAR, IVRS, IORT and MADT tables of the host under DIR\n"
		 "(default /), or of FILEs: raw tables, acpidump text, or directories of them.\n"
		 "Exit status: 0 ok, 1 a blocking finding or an unreadable table, 2 usage or\n"
		 "input error.",
		 opts);
}

static void print_findings(FILE *o, const struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		const struct finding *f = &l->v[i];
		const struct finding_info *fi = finding_info(f->id);
		fprintf(o, "  %s %s: %s\n", severity_name(f->severity), fi->id, fi->title);
		if (f->detail)
			fprintf(o, "      %s\n", f->detail);
	}
}

static void print_text(FILE *o, const struct acpi_tables *set)
{
	for (size_t i = 0; i < set->n; i++) {
		const struct acpi_table *t = &set->v[i];
		const struct acpi_header *h = &t->hdr;
		fprintf(o, "%s (%s): %zu bytes, revision %u, OEM \"%s\" \"%s\", creator \"%s\", checksum %s\n",
			h->signature, t->source, t->size, h->revision, h->oem_id ? h->oem_id : "",
			h->oem_table_id ? h->oem_table_id : "", h->creator_id ? h->creator_id : "",
			h->checksum_ok ? "ok" : "BAD");
		acpi_text_decoded(o, t);
		if (t->findings.n) {
			fprintf(o, "  findings:\n");
			print_findings(o, &t->findings);
		}
	}
	if (set->findings.n) {
		fprintf(o, "across tables:\n");
		print_findings(o, &set->findings);
	}
}

static void print_fields(FILE *o, const struct acpi_tables *set)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->n > 1)
			fprintf(o, "%s%s (%s)\n", i ? "\n" : "", set->v[i].hdr.signature, set->v[i].source);
		acpi_fields_print(o, &set->v[i].fields);
	}
}

/* Tables the loader listed but could not read (not root: they are 0400). */
static size_t count_unreadable(const struct acpi_tables *set)
{
	size_t n = 0;
	for (size_t i = 0; i < set->findings.n; i++)
		n += set->findings.v[i].id == FIND_TOOL_UNREADABLE;
	return n;
}

static bool has_block(const struct finding_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].severity == SEV_BLOCK)
			return true;
	return false;
}

int cmd_acpi(int argc, char **argv)
{
	static const struct option opts[] = {
		{"root", required_argument, NULL, 'r'},
		{"hand-made-root", no_argument, NULL, CLI_OPT_HAND_MADE_ROOT},
		{"fields", no_argument, NULL, 'F'},
		{"format", required_argument, NULL, 'f'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const char *root = NULL;
	bool fields = false, xml = false, hand_made = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "r:Ff:h", opts, NULL)) != -1) {
		switch (c) {
		case 'r': root = optarg; break;
		case CLI_OPT_HAND_MADE_ROOT: hand_made = true; break;
		case 'F': fields = true; break;
		case 'f':
			if (!strcmp(optarg, "xml"))
				xml = true;
			else if (strcmp(optarg, "text")) {
				cli_error("unknown format '%s' (text or xml)", optarg);
				return 2;
			}
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (root && optind < argc) {
		cli_error("give --root or files, not both");
		return 2;
	}

	struct acpi_tables set = {0};
	if (optind < argc) {
		for (int i = optind; i < argc; i++) {
			char *err = NULL;
			if (acpi_load_path(&set, argv[i], &err) < 0) {
				cli_error("%s", err);
				free(err);
				acpi_tables_free(&set);
				return 2;
			}
		}
	} else {
		struct hostenv env;
		if (!cli_open_root(&env, root ? root : "/", hand_made))
			return 2;
		int n = acpi_load_host(&set, &env);
		if (n < 0) {
			char *p = hostenv_path(&env, "sys/firmware/acpi/tables");
			bool denied = n == -EACCES || n == -EPERM;
			/* Not root: the tables are unreadable, which is not "none". */
			cli_error("%s: %s%s", p, host_error_text(n),
			          denied ? " (the ACPI tables are unreadable; run as root)" : "");
			free(p);
			hostenv_close(&env);
			return denied ? 1 : 2;
		}
		hostenv_close(&env);
	}
	acpi_tables_decode(&set);

	/* Thousands of tables make megabytes of text: written in 64 KiB blocks,
	 * not stdio's 4 KiB ones (a terminal keeps its line buffering). */
	static char out_buf[64 * 1024];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof(out_buf));
	int rc = 0;
	if (xml) {
		if (xml_acpi_document(stdout, &set) < 0) {
			cli_error("cannot write XML");
			rc = 2;
		}
	} else if (fields) {
		print_fields(stdout, &set);
		/* The listing stays fields only; a table it lacks is named on stderr
		 * (the exit status says it too). */
		for (size_t i = 0; i < set.findings.n; i++) {
			const struct finding *f = &set.findings.v[i];
			if (f->id == FIND_TOOL_UNREADABLE)
				cli_error("%s: unreadable (%s)", f->subject ? f->subject : "?",
					  f->detail ? f->detail : "?");
		}
	} else {
		for (size_t i = 0; i < set.findings.n; i++) {
			const struct finding *f = &set.findings.v[i];
			/* Root reads every table; for root the cause is elsewhere. */
			if (f->id == FIND_TOOL_UNREADABLE)
				printf("%s: unreadable (%s)%s\n", f->subject ? f->subject : "?",
				       f->detail ? f->detail : "?", geteuid() ? "; run as root" : "");
		}
		if (!set.n && !count_unreadable(&set))
			printf("no DMAR, IVRS, IORT or MADT table found\n");
		print_text(stdout, &set);
	}
	if (!rc) {
		/* An unreadable table leaves the answer open: not a success. */
		bool block = has_block(&set.findings) || count_unreadable(&set) > 0;
		for (size_t i = 0; i < set.n; i++)
			block |= has_block(&set.v[i].findings);
		rc = block ? 1 : 0;
	}
	acpi_tables_free(&set);
	return rc;
}
