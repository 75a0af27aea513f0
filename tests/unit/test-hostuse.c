/* What the host uses (hostuse.c): the parsers on real lines of
 * proc/self/mountinfo and proc/net/route (formats: the kernel's
 * Documentation/filesystems/proc.rst, and fs/proc_namespace.c show_mountinfo;
 * net/ipv4/fib_trie.c fib_route_seq_show), and BDFs in sysfs link targets. */
#include "config.h"

#include "hostuse.h"
#include "../tap.h"

#include <stdio.h>
#include <string.h>

struct seen {
	char text[512];
};

static void each(void *arg, unsigned major, unsigned minor, const char *mnt)
{
	struct seen *s = arg;
	size_t l = strlen(s->text);
	snprintf(s->text + l, sizeof(s->text) - l, "%u:%u %s;", major, minor, mnt);
}

int main(void)
{
	const char mountinfo[] =
		"22 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw,errors=remount-ro\n"
		"23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw\n"
		"30 22 259:1 / /boot/efi rw,relatime shared:30 - vfat /dev/nvme0n1p1 rw\n"
		"31 22 253:0 / /home rw - ext4 /dev/mapper/vg-home rw";
	struct seen s = {""};
	parse_mountinfo(mountinfo, strlen(mountinfo), each, &s);
	tap_ok(!strcmp(s.text, "259:2 /;259:1 /boot/efi;253:0 /home;"), "mountinfo: block-device mounts only, last line without newline (%s)", s.text);
	struct seen cut = {""};
	parse_mountinfo(mountinfo, 12, each, &cut); /* "22 1 259:2 /": the mount point is past the end */
	tap_ok(cut.text[0] == '\0', "mountinfo: nothing is read past the buffer's end");

	const char route[] = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
			     "br0\t0001A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
			     "wg0\t00000000\t00000000\t0000\t0\t0\t0\t00000000\t0\t0\t0\n"
			     "br0\t00000000\t0101A8C0\t0003\t0\t0\t0\t00000000\t0\t0\t0\n";
	char iface[64] = "";
	tap_ok(parse_default_route(route, strlen(route), iface, sizeof(iface)) && !strcmp(iface, "br0"),
	       "route: the first default route that is up (RTF_UP), not the one that is down (%s)", iface);
	tap_ok(!parse_default_route(route, 80, iface, sizeof(iface)), "route: header only: no default route");

	char bdf[32] = "";
	tap_ok(bdf_in_sysfs_path("../../devices/pci0000:00/0000:00:1d.0/0000:05:00.0/nvme/nvme0/nvme0n1/nvme0n1p2", bdf,
				 sizeof(bdf)) && !strcmp(bdf, "0000:05:00.0"),
	       "sysfs path: the last BDF component (%s)", bdf);
	tap_ok(bdf_in_sysfs_path("../../devices/pci0000:00/0000:00:0e.0/pci10000:e0/10000:e0:06.0/10000:e1:00.0/nvme/nvme0",
				 bdf, sizeof(bdf)) && !strcmp(bdf, "10000:e1:00.0"),
	       "sysfs path: a VMD domain (%s)", bdf);
	tap_ok(!bdf_in_sysfs_path("../../devices/virtual/net/br0", bdf, sizeof(bdf)), "sysfs path: a virtual device has none");
	return tap_done();
}
