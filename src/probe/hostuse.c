#include "config.h"

#include "hostuse.h"
#include "util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stacked block devices (dm on md on a partition) and stacked interfaces
 * (VLAN on a bond on a bridge) are a few levels deep; a loop stops here. */
#define MAX_STACK 6
#define MAX_FILE (1u << 20)

/* One line of buf at *pos, without its newline, copied into line (size n,
 * truncated); false at the end of the buffer. */
static bool next_line(const char *buf, size_t len, size_t *pos, char *line, size_t n)
{
	if (*pos >= len)
		return false;
	const char *start = buf + *pos;
	const char *nl = memchr(start, '\n', len - *pos);
	size_t l = nl ? (size_t)(nl - start) : len - *pos;
	*pos += l + (nl ? 1 : 0);
	size_t c = l < n - 1 ? l : n - 1;
	memcpy(line, start, c);
	line[c] = '\0';
	return true;
}

void parse_mountinfo(const char *buf, size_t len,
		     void (*each)(void *arg, unsigned major, unsigned minor, const char *mountpoint), void *arg)
{
	char line[1024];
	size_t pos = 0;
	while (next_line(buf, len, &pos, line, sizeof(line))) {
		/* ID PARENT MAJOR:MINOR ROOT MOUNTPOINT ... */
		unsigned id, parent, major, minor;
		char root[256], mnt[256];
		if (sscanf(line, "%u %u %u:%u %255s %255s", &id, &parent, &major, &minor, root, mnt) != 6)
			continue;
		if (major == 0)
			continue; /* proc, sysfs, tmpfs, overlay: no block device */
		each(arg, major, minor, mnt);
	}
}

bool parse_default_route(const char *buf, size_t len, char *iface, size_t n)
{
	char line[512];
	size_t pos = 0;
	bool header = true;
	while (next_line(buf, len, &pos, line, sizeof(line))) {
		if (header) {
			header = false;
			continue;
		}
		/* Iface Destination Gateway Flags RefCnt Use Metric Mask ... (hex) */
		char name[64];
		unsigned long dest, gw, flags, refcnt, use, metric, mask;
		if (sscanf(line, "%63s %lx %lx %lx %lu %lu %lu %lx", name, &dest, &gw, &flags, &refcnt, &use, &metric,
			   &mask) != 8)
			continue;
		if (dest == 0 && mask == 0 && (flags & 1)) { /* RTF_UP */
			snprintf(iface, n, "%s", name);
			return true;
		}
	}
	return false;
}

static bool is_bdf(const char *s, size_t l)
{
	/* DOMAIN (4 to 8 hex digits, VMD domains are longer) ":BB:DD.F" */
	if (l < 12 || l > 16 || s[l - 2] != '.' || s[l - 5] != ':' || s[l - 8] != ':')
		return false;
	for (size_t i = 0; i < l; i++)
		if (i != l - 2 && i != l - 5 && i != l - 8 && !isxdigit((unsigned char)s[i]))
			return false;
	return true;
}

bool bdf_in_sysfs_path(const char *path, char *bdf, size_t n)
{
	bool found = false;
	for (const char *p = path; *p;) {
		size_t l = strcspn(p, "/");
		if (is_bdf(p, l) && l < n) {
			memcpy(bdf, p, l);
			bdf[l] = '\0';
			found = true;
		}
		p += l;
		if (*p == '/')
			p++;
	}
	return found;
}

struct reader {
	const struct hostenv *env;
	struct host_usage *u;
	void (*seen)(void *arg, const char *rel);
	void *arg;
};

static void add_use(struct reader *rd, const char *bdf, char *what)
{
	for (size_t i = 0; i < rd->u->n_uses; i++)
		if (!strcmp(rd->u->uses[i].bdf, bdf)) {
			free(what); /* the first reason stays: "/" comes first in mountinfo */
			return;
		}
	struct host_use *h = xappend(&rd->u->uses, &rd->u->n_uses, sizeof(*h));
	h->bdf = xstrdup(bdf);
	h->what = what;
}

static char *read_link_seen(struct reader *rd, const char *rel)
{
	char *t = host_readlink(rd->env, rel);
	if (t && rd->seen)
		rd->seen(rd->arg, rel);
	return t;
}

/* A block device's PCI function, or those of the devices it is stacked on. */
static void block_to_pci(struct reader *rd, const char *rel, const char *mnt, unsigned depth)
{
	char *target = read_link_seen(rd, rel);
	if (!target || depth > MAX_STACK) {
		free(target);
		return;
	}
	char bdf[32];
	if (bdf_in_sysfs_path(target, bdf, sizeof(bdf))) {
		const char *name = strrchr(target, '/');
		add_use(rd, bdf, xasprintf("holds the mounted filesystem %s (%s)", mnt, name ? name + 1 : target));
	} else {
		/* A stacked device (device-mapper, md): list the slaves of the
		 * directory the link names, not through the link, so that a
		 * snapshot (where the link dangles) holds them too. */
		char *dirname_rel = xstrdup(rel);
		char *slash = strrchr(dirname_rel, '/');
		if (slash)
			*slash = '\0';
		char *dev = host_resolve_link(dirname_rel, target);
		free(dirname_rel);
		char *slaves = xasprintf("%s/slaves", dev);
		free(dev);
		char **names = NULL;
		int n = host_list_dir(rd->env, slaves, &names);
		for (int i = 0; i < n; i++) {
			char *s = xasprintf("%s/%s", slaves, names[i]);
			block_to_pci(rd, s, mnt, depth + 1);
			free(s);
		}
		host_free_names(names, n);
		free(slaves);
	}
	free(target);
}

static void each_mount(void *arg, unsigned major, unsigned minor, const char *mountpoint)
{
	struct reader *rd = arg;
	char *rel = xasprintf("sys/dev/block/%u:%u", major, minor);
	block_to_pci(rd, rel, mountpoint, 0);
	free(rel);
}

/* An interface's PCI function, or those of the interfaces below it. */
static void net_to_pci(struct reader *rd, const char *iface, const char *route_iface, unsigned depth)
{
	char *rel = xasprintf("sys/class/net/%s", iface);
	char *target = read_link_seen(rd, rel);
	char bdf[32];
	if (target && depth <= MAX_STACK) {
		if (bdf_in_sysfs_path(target, bdf, sizeof(bdf))) {
			add_use(rd, bdf, xasprintf("carries the default route (%s%s%s)", route_iface,
						   strcmp(iface, route_iface) ? " through " : "",
						   strcmp(iface, route_iface) ? iface : ""));
		} else {
			/* A bridge, bond or VLAN: its lower_IFACE links, in the
			 * directory the link names (a snapshot keeps them there). */
			char *dev = host_resolve_link("sys/class/net", target);
			char **names = NULL;
			int n = host_list_dir(rd->env, dev, &names);
			for (int i = 0; i < n; i++)
				if (!strncmp(names[i], "lower_", 6)) {
					char *lower = xasprintf("%s/%s", dev, names[i]);
					if (rd->seen)
						rd->seen(rd->arg, lower);
					free(lower);
					net_to_pci(rd, names[i] + 6, route_iface, depth + 1);
				}
			host_free_names(names, n);
			free(dev);
		}
	}
	free(target);
	free(rel);
}

void read_host_usage(const struct hostenv *env, struct host_usage *u,
		     void (*seen)(void *arg, const char *rel), void *arg)
{
	memset(u, 0, sizeof(*u));
	struct reader rd = {.env = env, .u = u, .seen = seen, .arg = arg};
	uint8_t *data = NULL;
	size_t len = 0;
	if (host_read_file(env, "proc/self/mountinfo", MAX_FILE, &data, &len) == 0) {
		u->mounts_known = true;
		parse_mountinfo((const char *)data, len, each_mount, &rd);
	}
	free(data);
	data = NULL;
	if (host_read_file(env, "proc/net/route", MAX_FILE, &data, &len) == 0) {
		u->route_known = true;
		char iface[64];
		if (parse_default_route((const char *)data, len, iface, sizeof(iface)))
			net_to_pci(&rd, iface, iface, 0);
	}
	free(data);
}

void free_host_usage(struct host_usage *u)
{
	for (size_t i = 0; i < u->n_uses; i++) {
		free(u->uses[i].bdf);
		free(u->uses[i].what);
	}
	free(u->uses);
	memset(u, 0, sizeof(*u));
}
