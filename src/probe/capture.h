/* capture: writes a snapshot of everything the analysis reads from a host into
 * a new directory, laid out as the host's own paths (sys/..., proc/..., dev/kmsg),
 * so that `--root SNAPSHOT` audits it exactly as the live host. sysfs symlinks
 * stay relative symlinks; a link that would lead outside the snapshot is left
 * out. Serial numbers, UUIDs and tables that may hold licence keys (MSDM) are
 * never copied; device serial numbers and VPD registers are zeroed in config
 * space; secret-looking kernel parameters are redacted. */
#ifndef IA_CAPTURE_H
#define IA_CAPTURE_H

#include "hostenv.h"

#include <signal.h>

struct capture_stats {
	unsigned files, links, unreadable;
	unsigned refused_links;   /* links to the root itself, left out */
	unsigned rewritten_links; /* absolute or roundabout links, written relative inside */
	unsigned scrubbed;      /* serial numbers and VPD registers zeroed in config space */
	unsigned redacted;      /* secret-looking kernel parameters redacted */
};

/* OUTDIR must be new or an empty directory: a capture or an import replaces it
 * whole and never mixes with other files. Returns 0, or -1 with *err naming the
 * path and VERB ("capture", "import"). */
int outdir_check_empty(const char *out, const char *verb, char **err);

/* Captures into a new hidden sibling of OUTDIR (mode 0700, files 0600) and
 * renames it to OUTDIR once complete; on failure, or once *stop is set (by a
 * signal handler), removes it and fails. OUTDIR must not exist or be empty.
 * Returns 0, or -1 with *err set to a message naming the path (free it). */
int capture_host(const struct hostenv *env, const char *outdir, const volatile sig_atomic_t *stop,
		 struct capture_stats *stats, char **err);

#endif
