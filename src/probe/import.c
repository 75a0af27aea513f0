#include "config.h"

#include "import.h"
#include "acpi-dump.h"
#include "capture.h"
#include "hostinfo.h"
#include "import-dmesg.h"
#include "import-lspci.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Pasted text larger than this is not a paste. */
#define IMPORT_MAX_INPUT (64u << 20)

struct writer {
	char *root;  /* the temporary directory being filled */
	char *err;
};

static int werr(struct writer *w, const char *what, const char *path)
{
	if (!w->err)
		w->err = xasprintf("%s %s: %s", what, path, strerror(errno));
	return -1;
}

/* mkdir -p of PATH whose first SKIP bytes exist, deepest first: one mkdir
 * when only the last directory is missing. Returns 0, or -1 with errno. */
static int mkdir_up(char *path, size_t skip)
{
	if (mkdir(path, 0755) == 0 || errno == EEXIST)
		return 0;
	char *slash = strrchr(path, '/');
	if (errno != ENOENT || !slash || (size_t)(slash - path) <= skip)
		return -1;
	*slash = '\0';
	int r = mkdir_up(path, skip);
	*slash = '/';
	return r == 0 && (mkdir(path, 0755) == 0 || errno == EEXIST) ? 0 : -1;
}

static int mkdirs(struct writer *w, const char *rel)
{
	char *path = xasprintf("%s/%s", w->root, rel);
	if (mkdir_up(path, strlen(w->root)) == 0) {
		free(path);
		return 0;
	}
	/* Top down, to name the first directory that cannot be made. */
	int r = 0;
	for (char *p = path + strlen(w->root) + 1; r == 0; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			r = werr(w, "cannot create", path);
		*p = c;
		if (c == '\0')
			break;
	}
	free(path);
	return r;
}

static int parent(struct writer *w, const char *rel)
{
	char *d = xstrdup(rel);
	char *s = strrchr(d, '/');
	int r = 0;
	if (s) {
		*s = '\0';
		r = mkdirs(w, d);
	}
	free(d);
	return r;
}

/* Whether a create failed for want of its directory: the caller makes the
 * directories (mkdir -p) and tries once more. Trying first spares a mkdir of
 * every component before each of the thousands of files (issue 16). */
static bool needs_parent(struct writer *w, const char *rel)
{
	if (errno != ENOENT && errno != ENOTDIR)
		return false;
	return parent(w, rel) == 0;
}

static int put(struct writer *w, const char *rel, const void *data, size_t len)
{
	if (w->err)
		return -1;
	char *path = xasprintf("%s/%s", w->root, rel);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && needs_parent(w, rel))
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0 && w->err) { /* the directory could not be made */
		free(path);
		return -1;
	}
	int r = 0;
	if (fd < 0) {
		r = werr(w, "cannot create", path);
	} else {
		const char *p = data;
		while (len > 0 && r == 0) {
			ssize_t n = write(fd, p, len);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				r = werr(w, "cannot write", path);
			else {
				p += n;
				len -= (size_t)n;
			}
		}
		if (close(fd) < 0 && r == 0)
			r = werr(w, "cannot write", path);
	}
	free(path);
	return r;
}

static int putf(struct writer *w, const char *rel, const char *fmt, ...) IA_PRINTF(3, 4);
static int putf(struct writer *w, const char *rel, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	int r = put(w, rel, s, strlen(s));
	free(s);
	return r;
}

static int link_to(struct writer *w, const char *rel, const char *target)
{
	if (w->err)
		return -1;
	char *path = xasprintf("%s/%s", w->root, rel);
	int rc = symlink(target, path);
	if (rc < 0 && needs_parent(w, rel))
		rc = symlink(target, path);
	if (rc < 0 && w->err) {
		free(path);
		return -1;
	}
	int r = rc < 0 && errno != EEXIST ? werr(w, "cannot create link", path) : 0;
	free(path);
	return r;
}

/* A relative symlink at root-relative path rel to root-relative target, as
 * sysfs makes them ("../../../devices/..."): up from rel's directory. */
static int link_rel(struct writer *w, const char *rel, const char *target)
{
	struct strbuf sb = {0};
	for (const char *p = rel; *p; p++)
		if (*p == '/')
			sb_add(&sb, "../");
	sb_add(&sb, target);
	char *t = sb_take(&sb);
	int r = link_to(w, rel, t);
	free(t);
	return r;
}

/* Reads a source file, or standard input for "-". */
static int read_source(const char *path, char **data, size_t *len, char **err)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(0);
	if (fd < 0) {
		*err = xasprintf("cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	size_t cap = 65536, n = 0;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= IMPORT_MAX_INPUT) {
				*err = xasprintf("%s: larger than %u MiB: not a paste", path, IMPORT_MAX_INPUT >> 20);
				free(buf);
				close(fd);
				return -1;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*err = xasprintf("cannot read %s: %s", path, strerror(errno));
			free(buf);
			close(fd);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*data = buf;
	*len = n;
	return 0;
}

static const char *source_name(const char *path)
{
	return strcmp(path, "-") ? path : "standard input";
}

static size_t line_of_offset(const char *text, size_t len, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off && i < len; i++)
		line += text[i] == '\n';
	return line;
}

/* ---- the PCI tree ---- */

struct pci_node {
	struct lspci_function *f;
	char name[20];   /* "0000:00:1c.0" */
	long parent;     /* bridge index, -1 on a root bus */
	char *dir;       /* "sys/devices/pci0000:00/0000:00:1c.0" */
	long physfn;     /* SR-IOV: index of its PF, -1 */
};

static bool is_bridge(const struct lspci_function *f)
{
	uint8_t layout = f->config[0x0e] & 0x7f;
	return (f->known[0x0e] & 0x7f) == 0x7f && (layout == 1 || layout == 2) && f->config[0x19] != 0;
}

/* Each function's parent bridge: the one whose bus range holds its bus, the
 * innermost (largest secondary bus) when ranges nest. An impossible hierarchy
 * is an input error. */
static int build_tree(struct pci_node *nodes, size_t n, const char *src, char **err)
{
	for (size_t i = 0; i < n; i++) {
		const struct lspci_function *b = nodes[i].f;
		if (!is_bridge(b))
			continue;
		uint8_t sec = b->config[0x19], sub = b->config[0x1a];
		if (sec <= b->bus || sub < sec) {
			*err = xasprintf("%s:%zu: impossible bus hierarchy: the bridge %s on bus %02x forwards buses %02x-%02x",
					 src, b->line, nodes[i].name, b->bus, sec, sub);
			return -1;
		}
		for (size_t j = 0; j < i; j++) {
			const struct lspci_function *o = nodes[j].f;
			if (is_bridge(o) && o->domain == b->domain && o->config[0x19] == sec) {
				*err = xasprintf("%s:%zu: impossible bus hierarchy: %s and %s (line %zu) both lead to bus %02x",
						 src, b->line, nodes[i].name, nodes[j].name, o->line, sec);
				return -1;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct lspci_function *f = nodes[i].f;
		long best = -1;
		for (size_t j = 0; j < n; j++) {
			const struct lspci_function *b = nodes[j].f;
			if (j == i || !is_bridge(b) || b->domain != f->domain)
				continue;
			if (f->bus >= b->config[0x19] && f->bus <= b->config[0x1a] &&
			    (best < 0 || b->config[0x19] > nodes[best].f->config[0x19]))
				best = (long)j;
		}
		nodes[i].parent = best;
	}
	/* Ranges nest strictly upwards (secondary > own bus), so the walk up ends;
	 * the step limit guards the rule anyway. */
	for (size_t i = 0; i < n; i++) {
		long p = nodes[i].parent;
		unsigned steps = 0;
		while (p >= 0 && steps++ < 256)
			p = nodes[p].parent;
		if (p >= 0) {
			*err = xasprintf("%s:%zu: impossible bus hierarchy: the bridges above %s form a loop", src,
					 nodes[i].f->line, nodes[i].name);
			return -1;
		}
	}
	return 0;
}

static char *node_dir(struct pci_node *nodes, size_t i)
{
	if (nodes[i].dir)
		return nodes[i].dir;
	const struct lspci_function *f = nodes[i].f;
	if (nodes[i].parent < 0)
		nodes[i].dir = xasprintf("sys/devices/pci%04x:%02x/%s", f->domain, f->bus, nodes[i].name);
	else
		nodes[i].dir = xasprintf("%s/%s", node_dir(nodes, (size_t)nodes[i].parent), nodes[i].name);
	return nodes[i].dir;
}

/* SR-IOV: a VF's routing ID is the PF's plus First VF Offset plus i times VF
 * Stride (PCIe base spec, SR-IOV capability; the kernel's pci_iov_virtfn_bus
 * and _devfn), for i below NumVFs. */
static void find_vfs(struct pci_node *nodes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		nodes[i].physfn = -1;
	for (size_t i = 0; i < n; i++) {
		const struct lspci_function *pf = nodes[i].f;
		if (!pf->sriov || !pf->sriov_num)
			continue;
		unsigned rid = ((unsigned)pf->bus << 8) | ((unsigned)pf->dev << 3) | pf->func;
		for (unsigned v = 0; v < pf->sriov_num; v++) {
			unsigned vr = rid + pf->sriov_offset + v * pf->sriov_stride;
			for (size_t j = 0; j < n; j++) {
				const struct lspci_function *f = nodes[j].f;
				unsigned fr = ((unsigned)f->bus << 8) | ((unsigned)f->dev << 3) | f->func;
				if (j == i || f->domain != pf->domain || fr != vr)
					continue;
				if (f->vendor == 0xffff && f->device == 0xffff) {
					/* A VF dumped without the heading's IDs: sysfs
					 * shows the PF's vendor and the VF Device ID. */
					nodes[j].f->vendor = pf->vendor;
					nodes[j].f->device = pf->sriov_vf_device;
				}
				if (f->vendor == pf->vendor && f->device == pf->sriov_vf_device)
					nodes[j].physfn = (long)i;
			}
		}
	}
}

static bool config_fully_known(const struct lspci_function *f)
{
	for (size_t i = 0; i < f->config_len; i++)
		if (f->known[i] != 0xff)
			return false;
	return true;
}

static int write_function(struct writer *w, struct pci_node *nodes, size_t i, const struct dmesg_facts *dm,
			  bool groups_from_dmesg)
{
	const struct lspci_function *f = nodes[i].f;
	const char *dir = node_dir(nodes, i);
	char *rel = xasprintf("sys/bus/pci/devices/%s", nodes[i].name);
	link_rel(w, rel, dir);
	free(rel);

	char *p = xasprintf("%s/config", dir);
	put(w, p, f->config, f->config_len);
	free(p);
	if (!config_fully_known(f)) {
		p = xasprintf("%s/config.known", dir);
		put(w, p, f->known, f->config_len);
		free(p);
	}
#define ATTR(name, ...)                                                                                       \
	do {                                                                                                  \
		char *a_ = xasprintf("%s/%s", dir, name);                                                     \
		putf(w, a_, __VA_ARGS__);                                                                     \
		free(a_);                                                                                     \
	} while (0)
	ATTR("vendor", "0x%04x\n", f->vendor);
	ATTR("device", "0x%04x\n", f->device);
	ATTR("class", "0x%06x\n", f->class_code);
	ATTR("revision", "0x%02x\n", f->revision);
	ATTR("irq", "%u\n", f->irq);
	if (f->subsys_known) {
		ATTR("subsystem_vendor", "0x%04x\n", f->subsys_vendor);
		ATTR("subsystem_device", "0x%04x\n", f->subsys_device);
	} else if (f->hex && (f->config[0x0e] & 0x7f) == 0) {
		ATTR("subsystem_vendor", "0x%04x\n", f->config[0x2c] | f->config[0x2d] << 8);
		ATTR("subsystem_device", "0x%04x\n", f->config[0x2e] | f->config[0x2f] << 8);
	}
	if (f->numa_node >= 0)
		ATTR("numa_node", "%ld\n", f->numa_node);
	/* The kernel's VGA arbiter names the boot display in the log; the other
	 * VGA-class devices are then not it (vga_default_device). */
	if (dm && dm->boot_vga[0] && (f->class_code >> 8) == 0x0300)
		ATTR("boot_vga", "%d\n", !strcmp(dm->boot_vga, nodes[i].name));
	if (f->sriov) {
		ATTR("sriov_totalvfs", "%u\n", f->sriov_total);
		ATTR("sriov_numvfs", "%u\n", f->sriov_num);
	}
	/* libpci insists on the resource file; where no text states the regions
	 * (a bare hex dump), a mark says their sizes are unknown. */
	struct strbuf res = {0};
	for (int r = 0; r < 7; r++) {
		const struct lspci_region *g = &f->regions[r];
		if (!g->size) {
			sb_add(&res, "0x0000000000000000 0x0000000000000000 0x0000000000000000\n");
			continue;
		}
		unsigned long long flags = g->io ? 0x100 : 0x200;
		if (!g->io && g->prefetch)
			flags |= 0x2000;
		if (!g->io && g->mem64)
			flags |= 0x100000;
		sb_addf(&res, "0x%016llx 0x%016llx 0x%016llx\n", (unsigned long long)g->base,
			(unsigned long long)(g->base + g->size - 1), flags);
	}
	p = xasprintf("%s/resource", dir);
	put(w, p, res.s, res.len);
	free(p);
	sb_free(&res);
	if (!f->regions_known) {
		p = xasprintf("%s/resource.unknown", dir);
		put(w, p, "", 0);
		free(p);
	}
	if (f->driver[0]) {
		p = xasprintf("%s/driver", dir);
		char *t = xasprintf("sys/bus/pci/drivers/%s", f->driver);
		link_rel(w, p, t);
		free(t);
		free(p);
	}
	long group = f->iommu_group;
	if (groups_from_dmesg) {
		group = -1;
		for (size_t m = 0; m < dm->n_members; m++)
			if (!strcmp(dm->members[m].bdf, nodes[i].name))
				group = dm->members[m].group;
	}
	if (group >= 0) {
		p = xasprintf("%s/iommu_group", dir);
		char *t = xasprintf("sys/kernel/iommu_groups/%ld", group);
		link_rel(w, p, t);
		free(t);
		free(p);
		p = xasprintf("sys/kernel/iommu_groups/%ld/devices/%s", group, nodes[i].name);
		link_rel(w, p, dir);
		free(p);
	}
	if (nodes[i].physfn >= 0) {
		p = xasprintf("%s/physfn", dir);
		link_rel(w, p, node_dir(nodes, (size_t)nodes[i].physfn));
		free(p);
	}
#undef ATTR
	return w->err ? -1 : 0;
}

static int cmp_node(const void *a, const void *b)
{
	return strcmp(((const struct pci_node *)a)->name, ((const struct pci_node *)b)->name);
}

static int write_pci(struct writer *w, struct lspci_dump *ls, const struct dmesg_facts *dm, const char *src,
		     bool *groups_written)
{
	size_t n = ls->n;
	struct pci_node *nodes = xcalloc(n ? n : 1, sizeof(*nodes));
	for (size_t i = 0; i < n; i++) {
		nodes[i].f = &ls->fn[i];
		snprintf(nodes[i].name, sizeof(nodes[i].name), "%04x:%02x:%02x.%x", ls->fn[i].domain, ls->fn[i].bus,
			 ls->fn[i].dev, ls->fn[i].func);
	}
	qsort(nodes, n, sizeof(*nodes), cmp_node);
	int r = build_tree(nodes, n, src, &w->err);
	find_vfs(nodes, n);
	/* The kernel's groups: lspci's "IOMMU group" lines, else dmesg's. */
	bool lspci_groups = false;
	for (size_t i = 0; i < n; i++)
		lspci_groups |= ls->fn[i].iommu_group >= 0;
	bool from_dmesg = !lspci_groups && dm && dm->n_members > 0;
	*groups_written = lspci_groups || from_dmesg;
	if (r == 0 && mkdirs(w, "sys/bus/pci/devices") < 0)
		r = -1;
	if (r == 0 && *groups_written)
		r = mkdirs(w, "sys/kernel/iommu_groups");
	for (size_t i = 0; r == 0 && i < n; i++)
		r = write_function(w, nodes, i, dm, from_dmesg);
	for (size_t i = 0; i < n; i++)
		free(nodes[i].dir);
	free(nodes);
	return r;
}

static int write_units(struct writer *w, const struct dmesg_facts *dm)
{
	if (mkdirs(w, "sys/class/iommu") < 0)
		return -1;
	if (dm->n_units == 0)
		return put(w, "sys/class/iommu/.keep", "", 0);
	for (size_t i = 0; i < dm->n_units; i++) {
		const struct dmesg_unit *u = &dm->units[i];
		char *dir = u->bdf[0] ? xasprintf("sys/devices/pci%.7s/%s/iommu/%s", u->bdf, u->bdf, u->name)
				      : xasprintf("sys/devices/virtual/iommu/%s", u->name);
		char *rel = xasprintf("sys/class/iommu/%s", u->name);
		link_rel(w, rel, dir);
		free(rel);
		static const char *const attrs[] = {"cap", "ecap", "version", "address"};
		const char *vals[] = {u->cap, u->ecap, u->version, u->address};
		for (size_t a = 0; a < ARRAY_SIZE(attrs); a++) {
			if (!vals[a][0])
				continue;
			char *p = xasprintf("%s/%s/%s", dir, u->kind, attrs[a]);
			const char *v = vals[a];
			/* sysfs prints these in hex without 0x (intel-iommu/cap: "%llx") */
			if (!strncmp(v, "0x", 2))
				v += 2;
			putf(w, p, "%s\n", v);
			free(p);
		}
		free(dir);
	}
	return w->err ? -1 : 0;
}

static int write_tables(struct writer *w, struct acpi_dump_table *t, int n)
{
	static const char *const kept[] = {"DMAR", "IVRS", "IORT", "APIC", "MCFG"};
	if (mkdirs(w, "sys/firmware/acpi/tables") < 0)
		return -1;
	for (int i = 0; i < n; i++) {
		char sig[5] = "";
		if (t[i].len >= 4)
			memcpy(sig, t[i].bytes, 4);
		bool keep = false;
		for (size_t k = 0; k < ARRAY_SIZE(kept); k++)
			keep |= !strcmp(sig, kept[k]);
		if (!keep)
			continue;
		/* The kernel numbers a second table of a signature: DMAR, DMAR2... */
		char *rel = xasprintf("sys/firmware/acpi/tables/%s", sig);
		for (unsigned k = 2; k < 100; k++) {
			char *path = xasprintf("%s/%s", w->root, rel);
			struct stat st;
			bool taken = lstat(path, &st) == 0;
			free(path);
			if (!taken)
				break;
			free(rel);
			rel = xasprintf("sys/firmware/acpi/tables/%s%u", sig, k);
		}
		put(w, rel, t[i].bytes, t[i].len);
		free(rel);
	}
	return w->err ? -1 : 0;
}

static int write_dmesg(struct writer *w, const struct dmesg_facts *dm)
{
	struct strbuf kmsg = {0};
	for (size_t i = 0; i < dm->n_log; i++)
		sb_addf(&kmsg, "6,%zu,0,-;%s\n", i, dm->log[i]);
	int r = mkdirs(w, "dev");
	if (r == 0)
		r = put(w, "dev/kmsg", kmsg.s ? kmsg.s : "", kmsg.len);
	sb_free(&kmsg);
	if (dm->release)
		putf(w, "proc/sys/kernel/osrelease", "%s\n", dm->release);
	if (dm->dmi_machine)
		putf(w, "sys/class/dmi/id/product_name", "%s\n", dm->dmi_machine);
	if (dm->dmi_board)
		putf(w, "sys/class/dmi/id/board_name", "%s\n", dm->dmi_board);
	if (dm->dmi_bios_version)
		putf(w, "sys/class/dmi/id/bios_version", "%s\n", dm->dmi_bios_version);
	if (dm->dmi_bios_date)
		putf(w, "sys/class/dmi/id/bios_date", "%s\n", dm->dmi_bios_date);
	return w->err ? -1 : r;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void remove_tree(const char *dir)
{
	nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

struct parsed {
	char *lspci_text, *dmesg_text, *acpi_text, *cpu_text;
	size_t lspci_len, dmesg_len, acpi_len, cpu_len;
	struct lspci_dump ls;
	bool have_ls;
	struct dmesg_facts dm;
	bool have_dm;
	struct acpi_dump_table *tables;
	int n_tables;
};

static void parsed_free(struct parsed *p)
{
	free(p->lspci_text);
	free(p->dmesg_text);
	free(p->acpi_text);
	free(p->cpu_text);
	if (p->have_ls)
		lspci_dump_free(&p->ls);
	if (p->have_dm)
		dmesg_facts_free(&p->dm);
	if (p->tables)
		acpi_dump_free(p->tables, p->n_tables);
}

static int parse_all(const struct import_sources *src, struct parsed *p, char **err)
{
	char msg[256];
	size_t line;
	int stdin_users = (src->lspci && !strcmp(src->lspci, "-")) + (src->dmesg && !strcmp(src->dmesg, "-")) +
			  (src->acpidump && !strcmp(src->acpidump, "-")) + (src->cpuinfo && !strcmp(src->cpuinfo, "-"));
	if (stdin_users > 1) {
		*err = xasprintf("only one of --lspci, --dmesg, --acpidump and --cpuinfo can read standard input (\"-\")");
		return -1;
	}
	if (src->lspci) {
		if (read_source(src->lspci, &p->lspci_text, &p->lspci_len, err) < 0)
			return -1;
		if (lspci_parse(p->lspci_text, p->lspci_len, &p->ls, msg, sizeof(msg), &line) < 0) {
			*err = xasprintf("%s:%zu: %s", source_name(src->lspci), line, msg);
			return -1;
		}
		p->have_ls = true;
	}
	if (src->dmesg) {
		if (read_source(src->dmesg, &p->dmesg_text, &p->dmesg_len, err) < 0)
			return -1;
		if (dmesg_parse(p->dmesg_text, p->dmesg_len, &p->dm, msg, sizeof(msg), &line) < 0) {
			*err = xasprintf("%s:%zu: %s", source_name(src->dmesg), line, msg);
			return -1;
		}
		p->have_dm = true;
	}
	if (src->cpuinfo) {
		if (read_source(src->cpuinfo, &p->cpu_text, &p->cpu_len, err) < 0)
			return -1;
		/* The audit's CPU reader takes the file as it is; it must at least be
		 * one (x86 "flags", Arm "Features"), and text. */
		if (memchr(p->cpu_text, '\0', p->cpu_len) ||
		    (!strstr(p->cpu_text, "\nflags") && strncmp(p->cpu_text, "flags", 5) &&
		     !strstr(p->cpu_text, "\nFeatures") && strncmp(p->cpu_text, "Features", 8))) {
			*err = xasprintf("%s:1: no \"flags\" line: not /proc/cpuinfo", source_name(src->cpuinfo));
			return -1;
		}
	}
	if (src->acpidump) {
		if (read_source(src->acpidump, &p->acpi_text, &p->acpi_len, err) < 0)
			return -1;
		if (acpi_looks_raw((const uint8_t *)p->acpi_text, p->acpi_len)) {
			/* One raw table (acpidump -b output, or a copy from sysfs). */
			p->tables = xcalloc(1, sizeof(*p->tables));
			p->tables[0].bytes = xmalloc(p->acpi_len ? p->acpi_len : 1);
			memcpy(p->tables[0].bytes, p->acpi_text, p->acpi_len);
			p->tables[0].len = p->acpi_len;
			p->n_tables = 1;
		} else {
			struct acpi_dump_error bad;
			p->n_tables = acpi_dump_parse(p->acpi_text, p->acpi_len, &p->tables, &bad);
			if (p->n_tables < 0) {
				p->tables = NULL;
				*err = xasprintf("%s:%zu: malformed acpidump hex line: %s", source_name(src->acpidump),
						 line_of_offset(p->acpi_text, p->acpi_len, bad.offset), bad.why);
				return -1;
			}
			if (p->n_tables == 0) {
				*err = xasprintf("%s:1: no table in it: not acpidump output", source_name(src->acpidump));
				return -1;
			}
		}
	}
	return 0;
}

/* What the snapshot was made from, for the marker and the report header. */
static char *describe(const struct import_sources *src, const struct parsed *p)
{
	struct strbuf sb = {0};
	if (p->have_ls) {
		if (p->ls.any_hex)
			sb_addf(&sb, "lspci -x dump (%zu bytes)%s", p->ls.max_hex, p->ls.any_verbose ? " with -v text" : "");
		else if (p->ls.any_verbose)
			sb_addf(&sb, "lspci -v text%s", p->ls.access_denied ? " (without root)" : "");
		else
			sb_add(&sb, "lspci listing");
	}
	if (p->have_dm)
		sb_addf(&sb, "%sdmesg", sb.len ? ", " : "");
	if (p->tables)
		sb_addf(&sb, "%sacpidump", sb.len ? ", " : "");
	if (src->cmdline)
		sb_addf(&sb, "%s--cmdline", sb.len ? ", " : "");
	if (src->cpuinfo)
		sb_addf(&sb, "%scpuinfo", sb.len ? ", " : "");
	return sb_take(&sb);
}

static int write_all(struct writer *w, const struct import_sources *src, struct parsed *p)
{
	int r = 0;
	bool groups = false;
	if (p->have_ls)
		r = write_pci(w, &p->ls, p->have_dm ? &p->dm : NULL, source_name(src->lspci), &groups);
	else if (p->have_dm && p->dm.n_members)
		r = mkdirs(w, "sys/kernel/iommu_groups");
	if (r == 0 && p->have_dm) {
		r = write_dmesg(w, &p->dm);
		/* Units and (the absence of) groups are facts only when the log
		 * reaches back to boot: a wrapped ring buffer lost those lines. */
		if (r == 0 && p->dm.from_boot) {
			r = write_units(w, &p->dm);
			if (r == 0 && !groups && mkdirs(w, "sys/kernel/iommu_groups") == 0 && p->dm.n_members == 0)
				r = put(w, "sys/kernel/iommu_groups/.keep", "", 0);
		}
	}
	const char *cmdline = src->cmdline ? src->cmdline : p->have_dm ? p->dm.cmdline : NULL;
	if (r == 0 && cmdline)
		r = putf(w, "proc/cmdline", "%s\n", cmdline);
	if (r == 0 && p->tables)
		r = write_tables(w, p->tables, p->n_tables);
	if (r == 0 && p->cpu_text)
		r = put(w, "proc/cpuinfo", p->cpu_text, p->cpu_len);
	if (r == 0) {
		/* Without root lspci shows 64 bytes of config space per function. */
		bool privileged = p->have_ls && !p->ls.access_denied &&
				  (p->ls.any_hex ? p->ls.max_hex > 64 : p->ls.any_verbose);
		char *what = describe(src, p);
		r = putf(w, SNAPSHOT_MARKER, "iommu-audit %s snapshot; privileged=%s; imported=%s; unreadable=0\n",
			 PACKAGE_VERSION, privileged ? "yes" : "no", what);
		free(what);
	}
	return r;
}

static int import_into(const struct import_sources *src, const char *outdir, char **err)
{
	struct parsed p = {0};
	if (parse_all(src, &p, err) < 0) {
		parsed_free(&p);
		return -1;
	}
	/* A sibling of OUTDIR, so the final rename stays on one file system. */
	char *base = xstrdup(outdir);
	size_t l = strlen(base);
	while (l > 1 && base[l - 1] == '/')
		base[--l] = '\0';
	char *tmp = xasprintf("%s.import-XXXXXX", base);
	free(base);
	if (!mkdtemp(tmp)) {
		*err = xasprintf("cannot create a directory beside %s: %s", outdir, strerror(errno));
		free(tmp);
		parsed_free(&p);
		return -1;
	}
	struct writer w = {.root = tmp};
	int r = write_all(&w, src, &p);
	if (r == 0 && rename(tmp, outdir) < 0)
		r = werr(&w, "cannot rename the import to", outdir);
	if (r < 0) {
		remove_tree(tmp);
		*err = w.err ? w.err : xstrdup("import failed");
	}
	free(tmp);
	parsed_free(&p);
	return r;
}

int import_snapshot(const struct import_sources *src, const char *outdir, char **err)
{
	*err = NULL;
	if (!import_sources_given(src)) {
		*err = xstrdup("nothing to import: give --lspci, --dmesg, --acpidump or --cmdline");
		return -1;
	}
	if (outdir_check_empty(outdir, "import", err) < 0)
		return -1;
	/* rename() replaces an empty directory; an absent one is simply made. */
	return import_into(src, outdir, err);
}

int import_to_temp(const struct import_sources *src, char **root, char **err)
{
	*root = NULL;
	*err = NULL;
	const char *tmpdir = getenv("TMPDIR");
	char *base = xasprintf("%s/iommu-audit-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
	if (!mkdtemp(base)) {
		*err = xasprintf("cannot create a temporary directory: %s", strerror(errno));
		free(base);
		return -1;
	}
	char *snap = xasprintf("%s/snapshot", base);
	free(base);
	if (import_snapshot(src, snap, err) < 0) {
		import_remove_temp(snap);
		return -1;
	}
	*root = snap;
	return 0;
}

void import_remove_temp(char *root)
{
	if (!root)
		return;
	remove_tree(root);
	char *slash = strrchr(root, '/');
	if (slash) {
		*slash = '\0';
		rmdir(root);
	}
	free(root);
}
