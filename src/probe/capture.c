#include "config.h"

#include "capture.h"
#include "hostuse.h"
#include "initramfs.h"
#include "acpi-sdt.h"
#include "pci-caps.h"
#include "hostinfo.h"
#include "kernel.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* What of each PCI function the analysis reads. */
static const char *const pci_attrs[] = {
	"config", "vendor", "device", "subsystem_vendor", "subsystem_device", "class", "revision",
	"resource", "irq", "boot_vga", "reset_method", "numa_node", "enable", "label", "index",
	"modalias", "driver_override", "d3cold_allowed", "power_state", "current_link_speed",
	"current_link_width", "max_link_speed", "max_link_width", "msi_bus", "ari_enabled",
	"broken_parity_status", "sriov_totalvfs", "sriov_numvfs", "sriov_offset", "sriov_stride",
	"sriov_vf_device", "sriov_drivers_autoprobe", "sriov_vf_total_msix", "secondary_bus_number",
	"subordinate_bus_number", "local_cpulist",
};
static const char *const pci_links[] = {"driver", "iommu_group", "physfn", "iommu", "firmware_node"};
static const char *const dmi_attrs[] = {
	"bios_vendor", "bios_version", "bios_date", "bios_release", "sys_vendor", "product_name",
	"product_version", "product_family", "board_vendor", "board_name", "board_version",
	"chassis_vendor", "chassis_type",
};
static const char *const acpi_tables[] = {"DMAR", "IVRS", "IORT", "APIC", "MCFG"};
static const char *const iommu_unit_dirs[] = {"intel-iommu", "amd-iommu", "arm-smmu-v3", "arm-smmu"};
static const char *const iommu_unit_attrs[] = {"cap", "ecap", "version", "address", "features"};
static const char *const proc_files[] = {"proc/cmdline", "proc/cpuinfo", "proc/sys/kernel/osrelease",
					 "proc/sys/kernel/hostname",
					 /* the firmware framebuffer on the boot GPU */
					 "proc/fb",
					 /* the loaded modules: KVM/VFIO plumbing */
					 "proc/modules",
					 /* the verdict softens when VFIO accepts unremapped interrupts */
					 "sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts",
					 "sys/module/iommufd/parameters/allow_unsafe_interrupts"};

struct capture {
	const struct hostenv *env;
	const char *out;  /* the temporary directory, for messages */
	int outfd;        /* and its descriptor: every write is relative to it */
	const volatile sig_atomic_t *stop;
	struct capture_stats *stats;
	char *err;
	int usage_status; /* the first failure while copying the links hostuse read */
};

static int fail(struct capture *c, const char *what, const char *rel)
{
	if (!c->err)
		c->err = xasprintf("%s %s/%s: %s", what, c->out, rel, strerror(errno));
	return -1;
}

/* A signal asked the capture to stop: it ends as a failure, and the caller
 * removes what was written. */
static int stopped(struct capture *c)
{
	if (!c->stop || !*c->stop)
		return 0;
	if (!c->err)
		c->err = xstrdup("interrupted by a signal");
	return -1;
}

/* The directory REL under the output, created as needed (mkdir -p), opened
 * without following a link: a link written earlier is never a way out. */
static int out_dir(struct capture *c, const char *rel)
{
	int cur = dup(c->outfd);
	char *path = xstrdup(rel);
	char *save = NULL;
	for (char *part = strtok_r(path, "/", &save); part && cur >= 0; part = strtok_r(NULL, "/", &save)) {
		if (!strcmp(part, ".") || !strcmp(part, "..")) {
			errno = EINVAL;
			fail(c, "cannot create", rel);
			close(cur);
			cur = -1;
			break;
		}
		if (mkdirat(cur, part, 0700) < 0 && errno != EEXIST) {
			fail(c, "cannot create", rel);
			close(cur);
			cur = -1;
			break;
		}
		int next = openat(cur, part, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (next < 0)
			fail(c, "cannot create", rel);
		close(cur);
		cur = next;
	}
	free(path);
	return cur;
}

/* Splits REL at its last slash: opens the directory, points *name at the rest. */
static int out_parent(struct capture *c, const char *rel, const char **name)
{
	const char *slash = strrchr(rel, '/');
	*name = slash ? slash + 1 : rel;
	if (!slash)
		return dup(c->outfd);
	char *dir = xstrndup(rel, (size_t)(slash - rel));
	int fd = out_dir(c, dir);
	free(dir);
	return fd;
}

static int make_dirs(struct capture *c, const char *rel)
{
	int fd = out_dir(c, rel);
	if (fd < 0)
		return -1;
	close(fd);
	return 0;
}

static int write_out(struct capture *c, const char *rel, const void *data, size_t len)
{
	if (stopped(c) < 0)
		return -1;
	const char *name;
	int dir = out_parent(c, rel, &name);
	if (dir < 0)
		return -1;
	/* 0600 in a 0700 directory: tables and config space may be root-only. */
	int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	close(dir);
	if (fd < 0)
		return fail(c, "cannot create", rel);
	const uint8_t *p = data;
	while (len > 0) {
		ssize_t w = write(fd, p, len);
		if (w < 0 && errno == EINTR) {
			if (stopped(c) < 0) {
				close(fd);
				return -1;
			}
			continue;
		}
		if (w <= 0) {
			if (w == 0)
				errno = ENOSPC;
			int r = fail(c, "cannot write", rel);
			close(fd);
			return r;
		}
		p += w;
		len -= (size_t)w;
	}
	int r = 0;
	if (close(fd) < 0)
		r = fail(c, "cannot write", rel);
	c->stats->files++;
	return r;
}

/* Copies one host file if it is there; an unreadable one is counted, not fatal. */
static int copy_file(struct capture *c, const char *rel)
{
	uint8_t *data;
	size_t len;
	int r = host_read_file(c->env, rel, 64u << 20, &data, &len);
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;
	if (r < 0) {
		/* sysfs files that exist but cannot be read (write-only, or EIO from
		 * the device), and anything but a regular file, are left out; the
		 * analysis treats them as unknown. */
		c->stats->unreadable++;
		return 0;
	}
	const char *base = strrchr(rel, '/');
	if (base && !strcmp(base, "/config") && !strncmp(rel, "sys/devices/", 12))
		c->stats->scrubbed += pci_config_scrub(data, len);
	if (!strcmp(rel, "proc/cmdline")) {
		char *shown = cmdline_redact((char *)data, &c->stats->redacted);
		free(data);
		data = (uint8_t *)shown;
		len = strlen(shown);
	}
	r = write_out(c, rel, data, len);
	free(data);
	return r;
}

/* The target to write for a link at REL: where the source's link leads when
 * resolved inside the root (an absolute target from the root, ".." stopping
 * there, as the readers resolve it), spelled as a relative path of leading
 * ".." and then plain names, no more ".." than REL's directory is deep. Every
 * directory the capture writes into was created without following a link, so
 * no link written (nor a chain of them) leads out of OUTDIR. sysfs's own links
 * come out unchanged. NULL for a link to the root itself. */
static char *link_inside(const char *rel, const char *target)
{
	char *dir = xstrdup(rel);
	char *slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		dir[0] = '\0';
	char *dest = host_resolve_link(dir, target);
	char *out = NULL;
	if (*dest) {
		/* Skip the directories the link and its destination share. */
		const char *d = dir, *t = dest;
		for (;;) {
			size_t dn = strcspn(d, "/"), tn = strcspn(t, "/");
			if (!dn || dn != tn || strncmp(d, t, dn) || !t[tn])
				break;
			d += dn + (d[dn] == '/');
			t += tn + 1;
		}
		struct strbuf sb = {0};
		if (*d) {
			sb_add(&sb, "../");
			for (const char *q = d; *q; q++)
				if (*q == '/')
					sb_add(&sb, "../");
		}
		sb_add(&sb, t);
		out = sb_take(&sb);
	}
	free(dest);
	free(dir);
	return out;
}

static int copy_link(struct capture *c, const char *rel)
{
	if (stopped(c) < 0)
		return -1;
	char *source = host_readlink(c->env, rel);
	if (!source)
		return 0;
	char *target = link_inside(rel, source);
	if (target && strcmp(target, source))
		c->stats->rewritten_links++;
	free(source);
	if (!target) {
		c->stats->refused_links++;
		return 0;
	}
	const char *name;
	int dir = out_parent(c, rel, &name);
	int r = dir < 0 ? -1 : 0;
	if (dir >= 0) {
		if (symlinkat(target, dir, name) < 0 && errno != EEXIST)
			r = fail(c, "cannot create link", rel);
		else
			c->stats->links++;
		close(dir);
	}
	free(target);
	return r;
}

/* DIR/LINK's target as a path relative to the root, with ".." resolved. */

static int copy_pci_device(struct capture *c, const char *name)
{
	char *link = xasprintf("sys/bus/pci/devices/%s", name);
	int r = copy_link(c, link);
	char *target = host_readlink(c->env, link);
	free(link);
	if (r < 0 || !target)
		return r;
	char *dir = host_resolve_link("sys/bus/pci/devices", target);
	free(target);
	r = make_dirs(c, dir);
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(pci_attrs); i++) {
		char *rel = xasprintf("%s/%s", dir, pci_attrs[i]);
		r = copy_file(c, rel);
		free(rel);
	}
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(pci_links); i++) {
		char *rel = xasprintf("%s/%s", dir, pci_links[i]);
		r = copy_link(c, rel);
		free(rel);
	}
	/* SR-IOV virtual functions and mediated device types. */
	char **entries;
	int n = host_list_dir(c->env, dir, &entries);
	for (int i = 0; r == 0 && i < n; i++) {
		if (!strncmp(entries[i], "virtfn", 6)) {
			char *rel = xasprintf("%s/%s", dir, entries[i]);
			r = copy_link(c, rel);
			free(rel);
		} else if (!strcmp(entries[i], "mdev_supported_types")) {
			char *types_dir = xasprintf("%s/mdev_supported_types", dir);
			char **types;
			int nt = host_list_dir(c->env, types_dir, &types);
			for (int t = 0; r == 0 && t < nt; t++) {
				static const char *const mdev_attrs[] = {"name", "available_instances", "device_api",
									 "description"};
				for (size_t a = 0; r == 0 && a < ARRAY_SIZE(mdev_attrs); a++) {
					char *rel = xasprintf("%s/%s/%s", types_dir, types[t], mdev_attrs[a]);
					r = copy_file(c, rel);
					free(rel);
				}
			}
			if (nt > 0)
				host_free_names(types, nt);
			free(types_dir);
		}
	}
	if (n > 0)
		host_free_names(entries, n);
	free(dir);
	return r;
}

static int copy_pci(struct capture *c)
{
	char **names;
	int n = host_list_dir(c->env, "sys/bus/pci/devices", &names);
	int r = 0;
	for (int i = 0; r == 0 && i < n; i++)
		r = copy_pci_device(c, names[i]);
	if (n > 0)
		host_free_names(names, n);
	n = host_list_dir(c->env, "sys/bus/pci/slots", &names);
	for (int i = 0; r == 0 && i < n; i++) {
		char *rel = xasprintf("sys/bus/pci/slots/%s/address", names[i]);
		r = copy_file(c, rel);
		free(rel);
	}
	if (n > 0)
		host_free_names(names, n);
	return r;
}

/* An empty directory is a fact (the IOMMU is off, yet the kernel has the
 * directory), but git and some archivers drop empty directories: a .keep file,
 * which the readers skip, keeps it. */
static int keep_empty_dir(struct capture *c, const char *rel)
{
	char *keep = xasprintf("%s/.keep", rel);
	int r = write_out(c, keep, "", 0);
	free(keep);
	return r;
}

static int copy_groups(struct capture *c)
{
	char **groups;
	int n = host_list_dir(c->env, "sys/kernel/iommu_groups", &groups);
	if (n < 0)
		return 0;
	int r = make_dirs(c, "sys/kernel/iommu_groups");
	if (r == 0 && n == 0)
		r = keep_empty_dir(c, "sys/kernel/iommu_groups");
	for (int i = 0; r == 0 && i < n; i++) {
		char *base = xasprintf("sys/kernel/iommu_groups/%s", groups[i]);
		char *rel = xasprintf("%s/type", base);
		r = copy_file(c, rel);
		free(rel);
		rel = xasprintf("%s/reserved_regions", base);
		if (r == 0)
			r = copy_file(c, rel);
		free(rel);
		char *devs = xasprintf("%s/devices", base);
		if (r == 0)
			r = make_dirs(c, devs);
		char **members;
		int m = host_list_dir(c->env, devs, &members);
		for (int j = 0; r == 0 && j < m; j++) {
			rel = xasprintf("%s/%s", devs, members[j]);
			r = copy_link(c, rel);
			free(rel);
		}
		if (m > 0)
			host_free_names(members, m);
		free(devs);
		free(base);
	}
	host_free_names(groups, n);
	return r;
}

static int copy_iommu_units(struct capture *c)
{
	char **units;
	int n = host_list_dir(c->env, "sys/class/iommu", &units);
	if (n < 0)
		return 0;
	int r = make_dirs(c, "sys/class/iommu");
	if (r == 0 && n == 0)
		r = keep_empty_dir(c, "sys/class/iommu");
	for (int i = 0; r == 0 && i < n; i++) {
		char *link = xasprintf("sys/class/iommu/%s", units[i]);
		r = copy_link(c, link);
		char *target = host_readlink(c->env, link);
		free(link);
		if (r < 0 || !target)
			continue;
		char *dir = host_resolve_link("sys/class/iommu", target);
		free(target);
		for (size_t k = 0; r == 0 && k < ARRAY_SIZE(iommu_unit_dirs); k++)
			for (size_t a = 0; r == 0 && a < ARRAY_SIZE(iommu_unit_attrs); a++) {
				char *rel = xasprintf("%s/%s/%s", dir, iommu_unit_dirs[k], iommu_unit_attrs[a]);
				r = copy_file(c, rel);
				free(rel);
			}
		char *devs = xasprintf("%s/devices", dir);
		char **members;
		int m = host_list_dir(c->env, devs, &members);
		if (m >= 0 && r == 0)
			r = make_dirs(c, devs);
		for (int j = 0; r == 0 && j < m; j++) {
			char *rel = xasprintf("%s/%s", devs, members[j]);
			r = copy_link(c, rel);
			free(rel);
		}
		if (m > 0)
			host_free_names(members, m);
		free(devs);
		free(dir);
	}
	host_free_names(units, n);
	return r;
}

static int copy_tables(struct capture *c)
{
	char **names;
	int n = host_list_dir(c->env, "sys/firmware/acpi/tables", &names);
	if (n < 0)
		return 0;
	int r = make_dirs(c, "sys/firmware/acpi/tables");
	for (int i = 0; r == 0 && i < n; i++) {
		const char *s = names[i];
		for (size_t t = 0; t < ARRAY_SIZE(acpi_tables); t++) {
			if (!acpi_table_name_is(s, acpi_tables[t]))
				continue;
			char *rel = xasprintf("sys/firmware/acpi/tables/%s", s);
			r = copy_file(c, rel);
			free(rel);
			break;
		}
	}
	host_free_names(names, n);
	return r;
}

/* Keeps the IOMMU-related kernel log lines, in /dev/kmsg's own record format so
 * the same reader takes the live device and the snapshot's text file. */
static int copy_kernel_log(struct capture *c)
{
	uint8_t *data;
	size_t len;
	if (host_read_file(c->env, "dev/kmsg", 16u << 20, &data, &len) < 0)
		return 0;
	struct strbuf kept = {0};
	char *save = NULL;
	for (char *line = strtok_r((char *)data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		const char *msg = kmsg_message(line);
		if (!msg || !kernel_log_line_relevant(msg))
			continue;
		char *shown = kernel_log_redact(line, &c->stats->redacted);
		sb_add(&kept, shown);
		sb_add(&kept, "\n");
		free(shown);
	}
	free(data);
	int r = make_dirs(c, "dev");
	if (r == 0)
		r = write_out(c, "dev/kmsg", kept.s ? kept.s : "", kept.len);
	sb_free(&kept);
	return r;
}

/* Copies REL keeping only the lines KEEP wants (the whole files are large and
 * most of each says nothing about passthrough); a missing file is no error. */
static int copy_lines(struct capture *c, const char *rel, size_t max, bool (*keep)(const char *line))
{
	uint8_t *data;
	size_t len;
	if (host_read_file(c->env, rel, max, &data, &len) != 0)
		return 0;
	struct strbuf kept = {0};
	char *save = NULL;
	for (char *line = strtok_r((char *)data, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (keep(line)) {
			sb_add(&kept, line);
			sb_add(&kept, "\n");
		}
	free(data);
	int r = write_out(c, rel, kept.s ? kept.s : "", kept.len);
	sb_free(&kept);
	return r;
}

/* The kernel's build options that decide IOMMU defaults; only those lines are
 * kept (the whole configuration is large and says nothing else we use). */
static int copy_kernel_config(struct capture *c)
{
	char *release = host_read_line(c->env, "proc/sys/kernel/osrelease");
	if (!release)
		return 0;
	char *rel = xasprintf("boot/config-%s", release);
	free(release);
	int r = copy_lines(c, rel, 4u << 20, kernel_config_line_relevant);
	free(rel);
	return r;
}

/* KVM/VFIO plumbing: the modules.dep and modules.builtin lines of kvm, vfio
 * and iommufd (the whole files are large), and an empty marker file for each
 * device node that exists (dev/kvm, dev/vfio/vfio): a snapshot holds no nodes. */
static int copy_plumbing(struct capture *c)
{
	char *release = host_read_line(c->env, "proc/sys/kernel/osrelease");
	int r = 0;
	static const char *const lists[] = {"modules.dep", "modules.builtin"};
	for (size_t i = 0; release && r == 0 && i < ARRAY_SIZE(lists); i++) {
		char *rel = xasprintf("lib/modules/%s/%s", release, lists[i]);
		r = copy_lines(c, rel, 16u << 20, kernel_module_line_relevant);
		free(rel);
	}
	free(release);
	static const char *const nodes[] = {"dev/kvm", "dev/vfio/vfio"};
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(nodes); i++)
		if (host_exists(c->env, nodes[i]))
			r = write_out(c, nodes[i], "", 0);
	return r;
}

/* The initramfs tool's configuration (small files, copied whole) and an
 * empty marker for each tool program that is installed. */
static int copy_initramfs_config(struct capture *c)
{
	int r = 0;
	for (size_t i = 0; r == 0 && initramfs_config_files[i]; i++)
		if (host_is_file(c->env, initramfs_config_files[i]))
			r = copy_file(c, initramfs_config_files[i]);
	for (size_t i = 0; r == 0 && initramfs_config_dirs[i]; i++) {
		char **names;
		int n = host_list_dir(c->env, initramfs_config_dirs[i], &names);
		for (int k = 0; r == 0 && k < n; k++) {
			char *rel = xasprintf("%s/%s", initramfs_config_dirs[i], names[k]);
			if (host_is_file(c->env, rel))
				r = copy_file(c, rel);
			free(rel);
		}
		if (n > 0)
			host_free_names(names, n);
	}
	for (size_t i = 0; r == 0 && initramfs_tool_programs[i]; i++)
		if (host_exists(c->env, initramfs_tool_programs[i]))
			r = write_out(c, initramfs_tool_programs[i], "", 0);
	return r;
}

static int write_marker(struct capture *c)
{
	char when[32] = "unknown";
	time_t now = time(NULL);
	struct tm tm;
	if (gmtime_r(&now, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	char *line = xasprintf("iommu-audit %s snapshot; privileged=%s; captured=%s; unreadable=%u\n",
			       PACKAGE_VERSION, c->env->is_root_user ? "yes" : "no", when, c->stats->unreadable);
	int r = write_out(c, SNAPSHOT_MARKER, line, strlen(line));
	free(line);
	return r;
}

/* Removes NAME in dir and everything under it, never following a link. */
static void remove_tree(int dir, const char *name)
{
	int fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0) {
		DIR *d = fdopendir(fd);
		if (d) {
			struct dirent *de;
			while ((de = readdir(d)) != NULL)
				if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
					remove_tree(dirfd(d), de->d_name);
			closedir(d);
		} else {
			close(fd);
		}
		unlinkat(dir, name, AT_REMOVEDIR);
	} else {
		unlinkat(dir, name, 0);
	}
}

int outdir_check_empty(const char *out, const char *verb, char **err)
{
	struct stat st;
	if (lstat(out, &st) < 0) {
		if (errno == ENOENT)
			return 0;
		*err = xasprintf("cannot use %s: %s", out, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		*err = xasprintf("cannot %s into %s: %s", verb, out, strerror(ENOTDIR));
		return -1;
	}
	DIR *d = opendir(out);
	if (!d) {
		*err = xasprintf("cannot open %s: %s", out, strerror(errno));
		return -1;
	}
	struct dirent *de;
	bool empty = true;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty) {
		*err = xasprintf("cannot %s into %s: directory is not empty", verb, out);
		return -1;
	}
	return 0;
}

/* What the host itself uses (hostuse.c): its mount table, its routes, and
 * each link the reader followed from them to a PCI function. */
static void copy_usage_link(void *arg, const char *rel)
{
	struct capture *c = arg;
	if (c->usage_status == 0)
		c->usage_status = copy_link(c, rel);
}

static int copy_host_usage(struct capture *c)
{
	int r = copy_file(c, "proc/self/mountinfo");
	if (r == 0)
		r = copy_file(c, "proc/net/route");
	if (r != 0)
		return r;
	struct host_usage u;
	c->usage_status = 0;
	read_host_usage(c->env, &u, copy_usage_link, c);
	free_host_usage(&u);
	return c->usage_status;
}

int capture_host(const struct hostenv *env, const char *outdir, const volatile sig_atomic_t *stop,
		 struct capture_stats *stats, char **err)
{
	memset(stats, 0, sizeof(*stats));
	*err = NULL;
	if (outdir_check_empty(outdir, "capture", err) < 0)
		return -1;
	/* Everything goes into a hidden sibling, renamed to OUTDIR only once the
	 * marker is written: an interrupted capture never looks like a snapshot,
	 * and the sibling is on the same file system, so the rename is atomic. */
	char *copy = xstrdup(outdir);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *slash = strrchr(copy, '/');
	char *parent = slash ? (slash == copy ? xstrdup("/") : xstrndup(copy, (size_t)(slash - copy))) : xstrdup(".");
	const char *base = slash ? slash + 1 : copy;
	char *tmp = xasprintf("%s/.%s.partial-XXXXXX", parent, base);
	if (!mkdtemp(tmp)) {
		*err = xasprintf("cannot create a directory beside %s: %s", outdir, strerror(errno));
		free(tmp);
		free(parent);
		free(copy);
		return -1;
	}
	struct capture c = {.env = env, .out = tmp, .stop = stop, .stats = stats};
	c.outfd = open(tmp, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int r = c.outfd < 0 ? fail(&c, "cannot open", ".") : 0;
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(proc_files); i++)
		r = copy_file(&c, proc_files[i]);
	for (size_t i = 0; r == 0 && i < ARRAY_SIZE(dmi_attrs); i++) {
		char *rel = xasprintf("sys/class/dmi/id/%s", dmi_attrs[i]);
		r = copy_file(&c, rel);
		free(rel);
	}
	if (r == 0)
		r = copy_tables(&c);
	if (r == 0)
		r = copy_pci(&c);
	if (r == 0)
		r = copy_groups(&c);
	if (r == 0)
		r = copy_iommu_units(&c);
	if (r == 0)
		r = copy_kernel_log(&c);
	if (r == 0)
		r = copy_kernel_config(&c);
	if (r == 0)
		r = copy_host_usage(&c);
	if (r == 0)
		r = copy_plumbing(&c);
	if (r == 0)
		r = copy_initramfs_config(&c);
	/* The marker goes last: its presence says the capture completed. */
	if (r == 0)
		r = write_marker(&c);
	if (r == 0)
		r = stopped(&c);
	if (c.outfd >= 0)
		close(c.outfd);
	if (r == 0 && rename(tmp, outdir) < 0) {
		c.err = xasprintf("cannot rename %s to %s: %s", tmp, outdir, strerror(errno));
		r = -1;
	}
	if (r < 0) {
		int pfd = open(parent, O_PATH | O_DIRECTORY | O_CLOEXEC);
		const char *tmpbase = strrchr(tmp, '/') + 1;
		if (pfd >= 0) {
			remove_tree(pfd, tmpbase);
			close(pfd);
		}
	}
	free(tmp);
	free(parent);
	free(copy);
	*err = c.err;
	return r;
}
