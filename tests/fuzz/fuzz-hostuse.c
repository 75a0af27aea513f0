/* libFuzzer target for the readers of what the host uses (hostuse.c): the
 * mount table, the route table and the BDF of a sysfs link target, all over
 * (buffer, length). Built as a replay driver too (over tests/fixtures/acpi:
 * arbitrary bytes, which these text parsers must survive). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostuse.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(void *arg, unsigned major, unsigned minor, const char *mountpoint)
{
	size_t *n = arg;
	*n += major + minor + strlen(mountpoint);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = 0;
	parse_mountinfo((const char *)data, size, count, &n);
	char iface[64];
	parse_default_route((const char *)data, size, iface, sizeof(iface));
	char *s = xstrndup((const char *)data, size);
	char bdf[32];
	bdf_in_sysfs_path(s, bdf, sizeof(bdf));
	free(s);
	return 0;
}
