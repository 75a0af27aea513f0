/* What the running host itself uses, mapped to PCI functions (issue 14.1):
 * the block devices of its mounted filesystems (proc/self/mountinfo, each
 * device's sys/dev/block/MAJ:MIN link, through the slaves of device-mapper
 * and md devices) and the interface of its IPv4 default route (proc/net/route,
 * the sys/class/net/IFACE link, through the lower_* links of bridges, bonds
 * and VLANs). Everything is read relative to the root, like every fact. */
#ifndef IA_HOSTUSE_H
#define IA_HOSTUSE_H

#include "hostenv.h"
#include "model.h"

#include <stddef.h>

/* Fills u; every link path it read is passed to seen (may be NULL), so that a
 * capture copies exactly those. */
void read_host_usage(const struct hostenv *env, struct host_usage *u,
		     void (*seen)(void *arg, const char *rel), void *arg);
void free_host_usage(struct host_usage *u);

/* The parsers, over (buffer, length); both stop at the end of the buffer.
 * mountinfo: calls each(arg, major, minor, mountpoint) for every mount of a
 * block device (major != 0). route: writes the interface of the first IPv4
 * default route that is up into iface (size n); false when there is none. */
void parse_mountinfo(const char *buf, size_t len,
		     void (*each)(void *arg, unsigned major, unsigned minor, const char *mountpoint), void *arg);
bool parse_default_route(const char *buf, size_t len, char *iface, size_t n);

/* The last "DOMAIN:BB:DD.F" component of a sysfs path, into bdf (size n). */
bool bdf_in_sysfs_path(const char *path, char *bdf, size_t n);

#endif
