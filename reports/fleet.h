/* The fleet summary: reads any number of XML reports (check --format xml) with
 * libxml2's streaming reader, one file at a time, and aggregates them: hosts by
 * verdict, GPUs by model and verdict, the most common blocking findings with the
 * hosts they affect, and the hosts whose firmware needs a change.
 *
 * Memory: a file is read whole into a reused buffer, then parsed as a stream
 * (no tree); what it contributes is kept in a per-file scratch that is merged
 * only when the whole file parsed, so a broken file contributes nothing. The aggregate keeps per host its name, verdict and
 * judged devices (a few dozen bytes), not the reports.
 *
 * Definitions (documented in the man page):
 *  - a host's verdict, for the chosen hypervisor, is the worst verdict of its
 *    judged devices (as `check` exits 1 if any is blocked or unknown); a report
 *    with no judged device counts as "none";
 *  - a blocking finding is one of severity "block" that applies to the chosen
 *    hypervisor, on the host or on any judged device; it is counted once a host;
 *  - a host needs a firmware change if it has a finding of layer "firmware" of
 *    severity warn or block, or one of layer "cpu" of severity block (CPU
 *    virtualisation switched off in the firmware setup). */
#ifndef IA_FLEET_H
#define IA_FLEET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "model.h"

struct fleet;

enum fleet_read {
	FLEET_READ_OK,
	FLEET_READ_BROKEN,  /* unreadable, not well-formed, or not a valid report */
	FLEET_READ_FOREIGN, /* well-formed XML, but not an iommu-audit report of schema 1.x */
	FLEET_READ_INVALID, /* a report, but not valid against the schema (fleet_set_schema) */
};

struct fleet *fleet_new(enum hypervisor hv);
void fleet_free(struct fleet *f);

/* From now on, each report must also be valid against the XSD at PATH
 * (a second streaming pass, SAX, no tree, once the file read as a report);
 * an invalid one is skipped like a broken one.
 * Returns 0, or -1 with *err (malloc'd) when the schema cannot be used. */
int fleet_set_schema(struct fleet *f, const char *path, char **err);

/* Reads one report. On failure the file contributes nothing, is remembered as
 * skipped, and *why (if not NULL) points at a reason owned by f. */
enum fleet_read fleet_add_file(struct fleet *f, const char *path, const char **why);

/* Called after each file of fleet_add_files, in the order of the files, with
 * why as for fleet_add_file (NULL when read). */
typedef void (*fleet_done_fn)(void *arg, const char *path, enum fleet_read result, const char *why);

/* Reads n reports as fleet_add_file would one after another, with the same
 * result, parsing them on every usable core (up to 8 threads). */
void fleet_add_files(struct fleet *f, const char *const *paths, size_t n, fleet_done_fn done, void *arg);

size_t fleet_reports(const struct fleet *f);
size_t fleet_skipped(const struct fleet *f);

struct fleet_output {
	size_t top_findings; /* how many blocking findings to list (0: all) */
	size_t list_hosts;   /* text: host names shown per list (0: all) */
};

/* Each returns 0, or -1 if writing failed. */
int fleet_write_text(FILE *out, const struct fleet *f, const struct fleet_output *o);
int fleet_write_csv(FILE *out, const struct fleet *f, const struct fleet_output *o);
int fleet_write_xml(FILE *out, const struct fleet *f, const struct fleet_output *o);

#endif
