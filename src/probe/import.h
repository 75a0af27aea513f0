/* import: builds a snapshot-shaped root from what a machine's owner can paste
 * (lspci, dmesg and acpidump text, a kernel command line), so that every
 * command audits a machine nobody here can log into. Files the sources do not
 * state are not written, and the readers report them as unknown; what the
 * sources state only in part carries a mark the readers honour (config.known,
 * resource.unknown beside a function's config). The marker file records that
 * the snapshot was imported and from what. */
#ifndef IA_IMPORT_H
#define IA_IMPORT_H

#include <stdbool.h>

struct import_sources {
	const char *lspci;     /* paths, "-" for standard input, or NULL */
	const char *dmesg;
	const char *acpidump;
	const char *cmdline;   /* the kernel command line itself, or NULL */
	const char *cpuinfo;   /* /proc/cpuinfo as pasted: the CPU's flags */
};

static inline bool import_sources_given(const struct import_sources *s)
{
	return s->lspci || s->dmesg || s->acpidump || s->cmdline || s->cpuinfo;
}

/* Writes the snapshot into outdir (which must not exist, or be empty): built
 * in a temporary sibling and renamed into place, so a failure leaves nothing
 * half-written. Returns 0, or -1 with *err set to a message naming the file
 * and line (free it). */
int import_snapshot(const struct import_sources *src, const char *outdir, char **err);

/* Imports into a new private temporary directory (under $TMPDIR or /tmp);
 * *root gets the snapshot's path. import_remove_temp() removes it. */
int import_to_temp(const struct import_sources *src, char **root, char **err);
void import_remove_temp(char *root);

#endif
