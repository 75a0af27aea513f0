/* Builds a synthetic host root (the layout of an iommu-audit snapshot) from a
 * short spec, so that each verdict rule has a host that shows it. Until the
 * project's builder (tests/tools/mkhost) is on main, the verdict tests use
 * this one. Usage: mkhost SPEC OUTDIR. Spec lines (# starts a comment):
 *   hostname NAME | kernel RELEASE | cmdline TEXT | log TEXT | nolog | unprivileged
 *   config LINE                             a line of boot/config-RELEASE
 *   fb TEXT                                 a line of proc/fb ("0 EFI VGA")
 *   module NAME                             a loaded module (a line of proc/modules)
 *   moddep LINE | builtin LINE              a line of lib/modules/RELEASE/modules.dep|.builtin
 *   devnode PATH                            a device node's marker file (dev/kvm)
 *   cpu intel|amd [novirt] [guest]
 *   table DMAR|DMAR-NOIR|DMAR-IGFX|IVRS|APIC a minimal valid ACPI table (DMAR-IGFX:
 *                                           a DRHD for 00:02.0 alone before the
 *                                           INCLUDE_PCI_ALL one, as Intel client
 *                                           platforms have it)
 *   unit NAME intel-iommu|amd-iommu [ecap=HEX] [cap=HEX]
 *   unsafe Y|N                              vfio_iommu_type1 allow_unsafe_interrupts
 *   group N [START-END-TYPE...]             reserved regions of the group
 *   file PATH TEXT...                       a line appended to the file PATH (proc/self/mountinfo,
 *                                           proc/net/route: what the host itself uses)
 *   link PATH TARGET                        a symlink (sys/dev/block/MAJ:MIN, sys/class/net/IFACE)
 *   dev BDF VVVV:DDDD CLASS [key[=value]...]
 * dev keys: parent=BDF bridge mf pcie=ep|legacy|rciep|root|up|down|pcie2pci|none
 *   flr pm nosoftrst msi msix pin=N acs=CAP/CTRL sriov=N ats pri pasid cfg64
 *   bar=IDX:SIZE[:64][:pref][:unset] driver=NAME group=N boot_vga=0|1 mdev=N
 *   reset=METHOD[,METHOD] (reset= for an empty list; absent: no attribute) */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEVS 64

struct bar {
	int idx;
	unsigned long long size;
	int is64, pref, unset;
};

struct dev {
	char bdf[16];
	unsigned dom, bus, slot, fn;
	unsigned vendor, device, class_code;
	char parent[16];
	int bridge, mf, pcie_type, flr, pm, nosoftrst, msi, msix, pin, ats, pri, pasid, cfg64;
	int acs;
	unsigned acs_cap, acs_ctrl, sriov;
	struct bar bars[6];
	int n_bars;
	char driver[64], group[16], reset[128];
	int has_reset, boot_vga, mdev;
};

static struct dev devs[MAX_DEVS];
static int n_devs;
static const char *out;

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("mkhost: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void mkdirs(const char *rel)
{
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", out, rel);
	for (char *p = path + strlen(out) + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(path, 0755);
			*p = '/';
		}
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		die("mkdir %s: %s", path, strerror(errno));
}

static void parent_of(const char *rel)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", rel);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		mkdirs(dir);
	}
}

static void put(const char *rel, const void *data, size_t len, int append)
{
	parent_of(rel);
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", out, rel);
	FILE *f = fopen(path, append ? "ab" : "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0)
		die("write %s", path);
}

static void putf(const char *rel, int append, const char *fmt, ...)
{
	char buf[8192];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	put(rel, buf, (size_t)n, append);
}

static void link_to(const char *rel, const char *target)
{
	parent_of(rel);
	char path[4096];
	snprintf(path, sizeof(path), "%s/%s", out, rel);
	unlink(path);
	if (symlink(target, path) < 0)
		die("symlink %s: %s", path, strerror(errno));
}

static void acpi_table(const char *sig, const uint8_t *body, size_t body_len, uint8_t rev)
{
	uint8_t t[256] = {0};
	size_t len = 36 + body_len;
	memcpy(t, sig, 4);
	t[4] = (uint8_t)len;
	t[5] = (uint8_t)(len >> 8);
	t[8] = rev;
	memcpy(t + 10, "IATEST", 6);
	memcpy(t + 16, "SYNTHOST", 8);
	t[24] = 1;
	memcpy(t + 28, "IATB", 4);
	t[32] = 1;
	memcpy(t + 36, body, body_len);
	uint8_t sum = 0;
	for (size_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + t[i]);
	t[9] = (uint8_t)(0x100 - sum);
	char rel[64];
	snprintf(rel, sizeof(rel), "sys/firmware/acpi/tables/%s", sig);
	put(rel, t, len, 0);
}

static void table(const char *name)
{
	if (!strcmp(name, "DMAR") || !strcmp(name, "DMAR-NOIR")) {
		/* HAW 39 bits, INTR_REMAP flag; one DRHD with INCLUDE_PCI_ALL and the
		 * IO-APIC of the APIC table (id 0x21) in its scope, as real tables do. */
		uint8_t b[12 + 24] = {38, strcmp(name, "DMAR") ? 0 : 1};
		uint8_t *drhd = b + 12;
		drhd[2] = 24;
		drhd[4] = 1;
		static const uint8_t ioapic_scope[8] = {3, 8, 0, 0, 0x21, 0xf0, 0x1f, 0};
		memcpy(drhd + 16, ioapic_scope, sizeof(ioapic_scope));
		const uint64_t base = 0xfed90000;
		for (int i = 0; i < 8; i++)
			drhd[8 + i] = (uint8_t)(base >> (8 * i));
		acpi_table("DMAR", b, sizeof(b), 1);
	} else if (!strcmp(name, "DMAR-IGFX")) {
		/* DRHD 0xfed90000 with an ENDPOINT scope for 00:02.0 and no flags,
		 * then DRHD 0xfed91000 with INCLUDE_PCI_ALL and the IO-APIC. */
		uint8_t b[12 + 24 + 24] = {38, 1};
		static const uint8_t igfx_scope[8] = {1, 8, 0, 0, 0, 0, 2, 0};
		static const uint8_t ioapic_scope[8] = {3, 8, 0, 0, 0x21, 0xf0, 0x1f, 0};
		for (int u = 0; u < 2; u++) {
			uint8_t *drhd = b + 12 + 24 * u;
			drhd[2] = 24;
			drhd[4] = (uint8_t)u;
			memcpy(drhd + 16, u ? ioapic_scope : igfx_scope, 8);
			const uint64_t base = 0xfed90000 + 0x1000 * (uint64_t)u;
			for (int i = 0; i < 8; i++)
				drhd[8 + i] = (uint8_t)(base >> (8 * i));
		}
		acpi_table("DMAR", b, sizeof(b), 1);
	} else if (!strcmp(name, "IVRS")) {
		/* IVinfo (PA 48, VA 48), then an IVHD 0x10 covering devices 0-0xffff. */
		uint8_t b[12 + 48] = {0};
		b[1] = 0x30;
		b[2] = 0x30;
		uint8_t *h = b + 12;
		h[0] = 0x10;
		h[2] = 48;
		/* Special entries: the southbridge IO-APIC (id 0x21) and the HPET,
		 * both behind 00:14.0, as AMD firmware lists them. */
		static const uint8_t special[16] = {0x48, 0, 0, 0, 0x21, 0xa0, 0, 1, 0x48, 0, 0, 0, 0, 0xa0, 0, 2};
		memcpy(h + 32, special, sizeof(special));
		h[4] = 0x02; /* the IOMMU's own function: 00:00.2 */
		const uint64_t base = 0xfeb80000;
		for (int i = 0; i < 8; i++)
			h[8 + i] = (uint8_t)(base >> (8 * i));
		h[24] = 3; /* start of range, device 0 */
		h[28] = 4; /* end of range, device 0xffff */
		h[29] = 0xff;
		h[30] = 0xff;
		acpi_table("IVRS", b, sizeof(b), 2);
	} else if (!strcmp(name, "APIC")) {
		/* Local APIC address, flags, one IO-APIC (id 0x21 at 0xfec00000, GSI 0). */
		uint8_t b[20] = {0x00, 0x00, 0xe0, 0xfe, 1, 0, 0, 0, 1, 12, 0x21, 0, 0x00, 0x00, 0xc0, 0xfe, 0, 0, 0, 0};
		acpi_table("APIC", b, sizeof(b), 4);
	} else {
		die("unknown table %s", name);
	}
}

static struct dev *find_dev(const char *bdf)
{
	for (int i = 0; i < n_devs; i++)
		if (!strcmp(devs[i].bdf, bdf))
			return &devs[i];
	return NULL;
}

/* sys/devices path of a device: pci0000:00/<ancestors>/<bdf>. */
static void dev_path(const struct dev *d, char *buf, size_t n)
{
	const struct dev *chain[32];
	int depth = 0;
	for (const struct dev *p = d; p && depth < 32; p = p->parent[0] ? find_dev(p->parent) : NULL)
		chain[depth++] = p;
	int off = snprintf(buf, n, "sys/devices/pci%04x:00", chain[depth - 1]->dom);
	for (int i = depth - 1; i >= 0 && off < (int)n; i--)
		off += snprintf(buf + off, n - (size_t)off, "/%s", chain[i]->bdf);
}

static void w16(uint8_t *c, size_t off, unsigned v)
{
	c[off] = (uint8_t)v;
	c[off + 1] = (uint8_t)(v >> 8);
}

static void w32(uint8_t *c, size_t off, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		c[off + (size_t)i] = (uint8_t)(v >> (8 * i));
}

static void write_dev(struct dev *d)
{
	uint8_t c[4096] = {0};
	w16(c, 0, d->vendor);
	w16(c, 2, d->device);
	w16(c, 4, 0x0006);
	c[8] = 1;
	c[9] = (uint8_t)d->class_code;
	c[10] = (uint8_t)(d->class_code >> 8);
	c[11] = (uint8_t)(d->class_code >> 16);
	c[0x0e] = (uint8_t)((d->bridge ? 1 : 0) | (d->mf ? 0x80 : 0));
	if (d->bridge) {
		/* Secondary/subordinate: the buses of the devices below. */
		unsigned sec = 0xff, sub = 0;
		for (int i = 0; i < n_devs; i++) {
			for (const struct dev *p = &devs[i]; p->parent[0]; p = find_dev(p->parent)) {
				if (!strcmp(p->parent, d->bdf)) {
					if (devs[i].bus < sec)
						sec = devs[i].bus;
					if (devs[i].bus > sub)
						sub = devs[i].bus;
					break;
				}
				if (!find_dev(p->parent))
					break;
			}
		}
		c[0x18] = (uint8_t)d->bus;
		c[0x19] = (uint8_t)(sec == 0xff ? 0 : sec);
		c[0x1a] = (uint8_t)sub;
	} else {
		w16(c, 0x2c, d->vendor);
		w16(c, 0x2e, 0x1234);
	}
	c[0x3d] = (uint8_t)d->pin;
	size_t caps[4];
	int n_caps = 0;
	if (d->pm) {
		c[0x40] = 0x01;
		w16(c, 0x42, 0x0003);
		w16(c, 0x44, d->nosoftrst ? 0x0008 : 0);
		caps[n_caps++] = 0x40;
	}
	if (d->msi) {
		c[0x50] = 0x05;
		caps[n_caps++] = 0x50;
	}
	if (d->pcie_type >= 0) {
		c[0x60] = 0x10;
		c[0x62] = (uint8_t)(d->pcie_type << 4 | 2);
		w32(c, 0x64, d->flr ? (1u << 28) : 0);
		caps[n_caps++] = 0x60;
	}
	if (d->msix) {
		c[0xa0] = 0x11;
		caps[n_caps++] = 0xa0;
	}
	if (n_caps) {
		w16(c, 6, 0x0010);
		c[0x34] = (uint8_t)caps[0];
		for (int i = 0; i + 1 < n_caps; i++)
			c[caps[i] + 1] = (uint8_t)caps[i + 1];
	}
	/* Extended capabilities, chained from 0x100, one per 0x40 bytes. */
	unsigned ext_id[5];
	int n_ext = 0;
	if (d->acs)
		ext_id[n_ext++] = 0x000d;
	if (d->sriov)
		ext_id[n_ext++] = 0x0010;
	if (d->ats)
		ext_id[n_ext++] = 0x000f;
	if (d->pri)
		ext_id[n_ext++] = 0x0013;
	if (d->pasid)
		ext_id[n_ext++] = 0x001b;
	for (int i = 0; i < n_ext; i++) {
		size_t off = 0x100 + 0x40 * (size_t)i;
		uint32_t next = i + 1 < n_ext ? (uint32_t)(off + 0x40) : 0;
		w32(c, off, ext_id[i] | 1u << 16 | next << 20);
		if (ext_id[i] == 0x000d) {
			w16(c, off + 4, d->acs_cap);
			w16(c, off + 6, d->acs_ctrl);
		} else if (ext_id[i] == 0x0010) {
			w16(c, off + 0x0c, d->sriov);
			w16(c, off + 0x0e, d->sriov);
		}
	}
	size_t cfg_len = d->cfg64 ? 64 : d->pcie_type >= 0 ? 4096 : 256;

	char dir[1024], rel[1200];
	dev_path(d, dir, sizeof(dir));
	snprintf(rel, sizeof(rel), "%s/config", dir);
	put(rel, c, cfg_len, 0);
#define ATTR(name, ...)                                             \
	do {                                                        \
		snprintf(rel, sizeof(rel), "%s/%s", dir, name);      \
		putf(rel, 0, __VA_ARGS__);                          \
	} while (0)
	ATTR("vendor", "0x%04x\n", d->vendor);
	ATTR("device", "0x%04x\n", d->device);
	ATTR("class", "0x%06x\n", d->class_code);
	ATTR("subsystem_vendor", "0x%04x\n", d->bridge ? 0 : d->vendor);
	ATTR("subsystem_device", "0x%04x\n", d->bridge ? 0 : 0x1234);
	ATTR("revision", "0x01\n");
	ATTR("irq", "%d\n", d->pin ? 16 : 0);
	ATTR("numa_node", "-1\n");
	ATTR("enable", "1\n");
	if ((d->class_code >> 8) == 0x0300)
		ATTR("boot_vga", "%d\n", d->boot_vga);
	if (d->has_reset)
		ATTR("reset_method", "%s\n", d->reset);
	if (d->sriov)
		ATTR("sriov_totalvfs", "%u\n", d->sriov);
	for (int t = 0; t < d->mdev && t < 8; t++) {
		char name[64];
		snprintf(name, sizeof(name), "mdev_supported_types/i915-GVTg_V5_%d/name", 1 << t);
		ATTR(name, "GVTg_V5_%d\n", 1 << t);
	}
	/* resource: BARs 0-5, ROM, then empty lines as sysfs prints them. */
	static unsigned long long next32 = 0xe0000000ull, next64 = 0x4000000000ull;
	char res[4096] = "";
	size_t rl = 0;
	for (int i = 0; i < 13; i++) {
		unsigned long long start = 0, end = 0, flags = 0;
		for (int k = 0; k < d->n_bars; k++) {
			const struct bar *b = &d->bars[k];
			if (b->idx != i)
				continue;
			unsigned long long *next = b->is64 ? &next64 : &next32;
			*next = (*next + b->size - 1) & ~(b->size - 1);
			start = b->unset ? 0 : *next;
			end = start + b->size - 1;
			if (!b->unset)
				*next += b->size;
			flags = 0x200 | 0x40000 | (b->is64 ? 0x100004ull : 0) | (b->pref ? 0x2008ull : 0) |
				(b->unset ? 0x20000000ull : 0);
		}
		rl += (size_t)snprintf(res + rl, sizeof(res) - rl, "0x%016llx 0x%016llx 0x%016llx\n", start, end,
				       flags);
	}
	snprintf(rel, sizeof(rel), "%s/resource", dir);
	put(rel, res, rl, 0);
	if (d->driver[0]) {
		snprintf(rel, sizeof(rel), "%s/driver", dir);
		char target[256];
		snprintf(target, sizeof(target), "/sys/bus/pci/drivers/%s", d->driver);
		link_to(rel, target);
	}
	if (d->group[0]) {
		snprintf(rel, sizeof(rel), "%s/iommu_group", dir);
		char target[256];
		snprintf(target, sizeof(target), "/sys/kernel/iommu_groups/%s", d->group);
		link_to(rel, target);
		char grel[256], gtarget[1200];
		snprintf(grel, sizeof(grel), "sys/kernel/iommu_groups/%s/devices/%s", d->group, d->bdf);
		snprintf(gtarget, sizeof(gtarget), "../../../../%s", dir + 4);
		link_to(grel, gtarget);
	}
	char brel[128], btarget[1200];
	snprintf(brel, sizeof(brel), "sys/bus/pci/devices/%s", d->bdf);
	snprintf(btarget, sizeof(btarget), "../../../%s", dir + 4);
	link_to(brel, btarget);
}

static int parse_pcie(const char *v)
{
	static const struct {
		const char *name;
		int type;
	} t[] = {{"ep", 0}, {"legacy", 1}, {"root", 4}, {"up", 5}, {"down", 6}, {"pcie2pci", 7}, {"rciep", 9},
		 {"none", -1}};
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (!strcmp(v, t[i].name))
			return t[i].type;
	die("unknown pcie type %s", v);
	return -1;
}

static void parse_dev(char *args)
{
	if (n_devs == MAX_DEVS)
		die("too many devices");
	struct dev *d = &devs[n_devs++];
	memset(d, 0, sizeof(*d));
	d->pcie_type = 0;
	char *save, *tok = strtok_r(args, " \t", &save);
	if (!tok || sscanf(tok, "%x:%x:%x.%x", &d->dom, &d->bus, &d->slot, &d->fn) != 4)
		die("bad BDF");
	snprintf(d->bdf, sizeof(d->bdf), "%04x:%02x:%02x.%x", d->dom, d->bus, d->slot, d->fn);
	tok = strtok_r(NULL, " \t", &save);
	if (!tok || sscanf(tok, "%x:%x", &d->vendor, &d->device) != 2)
		die("bad id for %s", d->bdf);
	tok = strtok_r(NULL, " \t", &save);
	if (!tok || sscanf(tok, "%x", &d->class_code) != 1)
		die("bad class for %s", d->bdf);
	while ((tok = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(tok, '=');
		const char *v = eq ? eq + 1 : "";
		if (eq)
			*eq = '\0';
		if (!strcmp(tok, "parent"))
			snprintf(d->parent, sizeof(d->parent), "%s", v);
		else if (!strcmp(tok, "bridge"))
			d->bridge = 1;
		else if (!strcmp(tok, "mf"))
			d->mf = 1;
		else if (!strcmp(tok, "pcie"))
			d->pcie_type = parse_pcie(v);
		else if (!strcmp(tok, "flr"))
			d->flr = 1;
		else if (!strcmp(tok, "pm"))
			d->pm = 1;
		else if (!strcmp(tok, "nosoftrst"))
			d->pm = d->nosoftrst = 1;
		else if (!strcmp(tok, "msi"))
			d->msi = 1;
		else if (!strcmp(tok, "msix"))
			d->msix = 1;
		else if (!strcmp(tok, "pin"))
			d->pin = atoi(v);
		else if (!strcmp(tok, "acs")) {
			d->acs = 1;
			if (sscanf(v, "%x/%x", &d->acs_cap, &d->acs_ctrl) != 2)
				die("acs=CAP/CTRL");
		} else if (!strcmp(tok, "sriov"))
			d->sriov = (unsigned)atoi(v);
		else if (!strcmp(tok, "ats"))
			d->ats = 1;
		else if (!strcmp(tok, "pri"))
			d->pri = 1;
		else if (!strcmp(tok, "pasid"))
			d->pasid = 1;
		else if (!strcmp(tok, "cfg64"))
			d->cfg64 = 1;
		else if (!strcmp(tok, "driver"))
			snprintf(d->driver, sizeof(d->driver), "%s", v);
		else if (!strcmp(tok, "group"))
			snprintf(d->group, sizeof(d->group), "%s", v);
		else if (!strcmp(tok, "boot_vga"))
			d->boot_vga = atoi(v);
		else if (!strcmp(tok, "mdev"))
			d->mdev = atoi(v);
		else if (!strcmp(tok, "reset")) {
			d->has_reset = 1;
			snprintf(d->reset, sizeof(d->reset), "%s", v);
			for (char *p = d->reset; *p; p++)
				if (*p == ',')
					*p = ' ';
		} else if (!strcmp(tok, "bar")) {
			if (d->n_bars == 6)
				die("too many BARs");
			struct bar *b = &d->bars[d->n_bars++];
			char unit = 0;
			if (sscanf(v, "%d:%llu%c", &b->idx, &b->size, &unit) < 2)
				die("bar=IDX:SIZE[K|M|G][:64][:pref][:unset]");
			b->size <<= unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
			b->is64 = strstr(v, ":64") != NULL;
			b->pref = strstr(v, ":pref") != NULL;
			b->unset = strstr(v, ":unset") != NULL;
		} else
			die("unknown dev key %s", tok);
	}
	if (d->bridge && d->pcie_type == 0)
		d->pcie_type = 4;
}

int main(int argc, char **argv)
{
	if (argc != 3)
		die("usage: mkhost SPEC OUTDIR");
	out = argv[2];
	FILE *spec = fopen(argv[1], "r");
	if (!spec)
		die("%s: %s", argv[1], strerror(errno));
	if (mkdir(out, 0755) < 0 && errno != EEXIST)
		die("mkdir %s: %s", out, strerror(errno));
	mkdirs("sys/bus/pci/devices");
	mkdirs("sys/kernel/iommu_groups");
	int privileged = 1, cpu_written = 0, kmsg_seq = 0, nolog = 0;
	char release[256] = "6.8.0-45-generic";
	static char config[16384];
	size_t config_len = 0;
	putf("proc/sys/kernel/hostname", 0, "synthetic\n");
	putf("proc/sys/kernel/osrelease", 0, "6.8.0-45-generic\n");
	putf("dev/kmsg", 0, "%s", "");
	char line[4096];
	while (fgets(line, sizeof(line), spec)) {
		line[strcspn(line, "\n")] = '\0';
		char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		char *rest = p + strcspn(p, " \t");
		if (*rest)
			*rest++ = '\0';
		rest += strspn(rest, " \t");
		if (!strcmp(p, "hostname"))
			putf("proc/sys/kernel/hostname", 0, "%s\n", rest);
		else if (!strcmp(p, "kernel")) {
			snprintf(release, sizeof(release), "%s", rest);
			putf("proc/sys/kernel/osrelease", 0, "%s\n", rest);
		} else if (!strcmp(p, "module")) {
			putf("proc/modules", 1, "%s 16384 0 - Live 0x0000000000000000\n", rest);
		} else if (!strcmp(p, "moddep") || !strcmp(p, "builtin")) {
			char rel[400];
			snprintf(rel, sizeof(rel), "lib/modules/%s/modules.%s", release, p[0] == 'm' ? "dep" : "builtin");
			putf(rel, 1, "%s\n", rest);
		} else if (!strcmp(p, "devnode")) {
			put(rest, "", 0, 0);
		} else if (!strcmp(p, "fb")) {
			putf("proc/fb", 1, "%s\n", rest);
		} else if (!strcmp(p, "config")) {
			int n = snprintf(config + config_len, sizeof(config) - config_len, "%s\n", rest);
			if (n < 0 || (size_t)n >= sizeof(config) - config_len)
				die("too many config lines");
			config_len += (size_t)n;
		}
		else if (!strcmp(p, "cmdline"))
			putf("proc/cmdline", 0, "%s\n", rest);
		else if (!strcmp(p, "log"))
			putf("dev/kmsg", 1, "6,%d,%d,-;%s\n", kmsg_seq, kmsg_seq * 1000, rest), kmsg_seq++;
		else if (!strcmp(p, "unprivileged"))
			privileged = 0;
		else if (!strcmp(p, "file") || !strcmp(p, "link")) {
			char *arg = rest + strcspn(rest, " \t");
			if (*arg)
				*arg++ = '\0';
			arg += strspn(arg, " \t");
			if (!*rest || !*arg || strstr(rest, ".."))
				die("%s PATH TEXT", p);
			if (!strcmp(p, "file"))
				putf(rest, 1, "%s\n", arg);
			else
				link_to(rest, arg);
		}
		else if (!strcmp(p, "nolog"))
			nolog = 1;
		else if (!strcmp(p, "table"))
			table(rest);
		else if (!strcmp(p, "unsafe"))
			putf("sys/module/vfio_iommu_type1/parameters/allow_unsafe_interrupts", 0, "%s\n", rest);
		else if (!strcmp(p, "cpu")) {
			int amd = !strncmp(rest, "amd", 3);
			int virt = !strstr(rest, "novirt"), guest = strstr(rest, "guest") != NULL;
			for (int cpu = 0; cpu < 2; cpu++)
				putf("proc/cpuinfo", cpu_written++ > 0,
				     "processor\t: %d\nvendor_id\t: %s\nmodel name\t: %s\n"
				     "flags\t\t: fpu pae msr apic x2apic%s%s\n\n",
				     cpu, amd ? "AuthenticAMD" : "GenuineIntel",
				     amd ? "AMD Ryzen 9 7950X 16-Core Processor" : "Intel(R) Core(TM) i7-12700K",
				     virt ? (amd ? " svm npt" : " vmx ept") : "", guest ? " hypervisor" : "");
		} else if (!strcmp(p, "unit")) {
			char name[64], kind[64];
			if (sscanf(rest, "%63s %63s", name, kind) != 2)
				die("unit NAME KIND");
			/* As sysfs has it: a class link to the unit's device directory
			 * (Intel: a virtual device; AMD: below the IOMMU's PCI function). */
			char rel[512], unit_dir[200], link[128], target[256];
			if (!strcmp(kind, "amd-iommu"))
				snprintf(unit_dir, sizeof(unit_dir), "devices/pci0000:00/0000:00:00.2/iommu/%s", name);
			else
				snprintf(unit_dir, sizeof(unit_dir), "devices/virtual/iommu/%s", name);
			snprintf(link, sizeof(link), "sys/class/iommu/%s", name);
			snprintf(target, sizeof(target), "../../%s", unit_dir);
			link_to(link, target);
			snprintf(rel, sizeof(rel), "sys/%s/%s", unit_dir, kind);
			mkdirs(rel);
			const char *e = strstr(rest, "ecap=");
			const char *cp = strstr(rest, " cap=");
			char attr[600];
			snprintf(attr, sizeof(attr), "%s/ecap", rel);
			putf(attr, 0, "%.*s\n", e ? (int)strcspn(e + 5, " ") : 16, e ? e + 5 : "f0205e");
			snprintf(attr, sizeof(attr), "%s/cap", rel);
			putf(attr, 0, "%.*s\n", cp ? (int)strcspn(cp + 5, " ") : 16, cp ? cp + 5 : "d2008c40660462");
			snprintf(attr, sizeof(attr), "%s/version", rel);
			putf(attr, 0, "1:0\n");
		} else if (!strcmp(p, "group")) {
			char *save, *g = strtok_r(rest, " \t", &save);
			if (!g)
				die("group N");
			char rel[256];
			snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%s/devices", g);
			mkdirs(rel);
			snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%s/type", g);
			putf(rel, 0, "DMA\n");
			snprintf(rel, sizeof(rel), "sys/kernel/iommu_groups/%s/reserved_regions", g);
			putf(rel, 0, "0x00000000fee00000 0x00000000feefffff msi\n");
			for (char *r; (r = strtok_r(NULL, " \t", &save));) {
				unsigned long long s, e;
				char type[32];
				if (sscanf(r, "%llx-%llx-%31s", &s, &e, type) != 3)
					die("region START-END-TYPE");
				putf(rel, 1, "0x%016llx 0x%016llx %s\n", s, e, type);
			}
		} else if (!strcmp(p, "dev"))
			parse_dev(rest);
		else
			die("unknown spec line '%s'", p);
	}
	fclose(spec);
	if (config_len) {
		char rel[300];
		snprintf(rel, sizeof(rel), "boot/config-%s", release);
		put(rel, config, config_len, 0);
	}
	putf("IOMMU-AUDIT-SNAPSHOT", 0, "iommu-audit synthetic host; privileged=%s\n", privileged ? "yes" : "no");
	for (int i = 0; i < n_devs; i++)
		write_dev(&devs[i]);
	if (nolog) { /* the kernel log was not readable */
		char path[4096];
		snprintf(path, sizeof(path), "%s/dev/kmsg", out);
		unlink(path);
	}
	return 0;
}
