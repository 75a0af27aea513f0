/* capture: writes a snapshot of everything the analysis reads from a host into
 * a new directory, laid out as the host's own paths (sys/..., proc/..., dev/kmsg),
 * so that `--root SNAPSHOT` audits it exactly as the live host. sysfs symlinks
 * stay relative symlinks. Serial numbers, UUIDs and tables that may hold
 * licence keys (MSDM) are never copied. */
#ifndef IA_CAPTURE_H
#define IA_CAPTURE_H

#include "hostenv.h"

struct capture_stats {
	unsigned files, links, unreadable;
};

/* Returns 0, or -1 with *err set to a message naming the path (free it). */
int capture_host(const struct hostenv *env, const char *outdir, struct capture_stats *stats, char **err);

#endif
