#include "config.h"

#include "pcitopo.h"
#include "pci-caps.h"
#include "util.h"

#include <errno.h>
#include <setjmp.h>
#include <pci/pci.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libpci reports through callbacks; they land here and become findings
 * instead of being printed (only the front end prints). */
static struct finding_list *libpci_diag;
/* libpci's error() must not return: a snapshot missing a file libpci insists on
 * (vendor, irq, resource) would end the program, so the scan jumps back here. */
static jmp_buf libpci_escape;
static bool libpci_escape_armed;

static void libpci_message(enum finding_id id, const char *fmt, va_list ap)
{
	if (!libpci_diag)
		return;
	char *msg = xvasprintf(fmt, ap);
	finding_add(libpci_diag, id, "libpci", "%s", msg);
	free(msg);
}

static void IA_PRINTF(1, 2) __attribute__((noreturn)) libpci_error(char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	libpci_message(FIND_TOOL_UNREADABLE, fmt, ap);
	va_end(ap);
	if (libpci_escape_armed)
		longjmp(libpci_escape, 1);
	fprintf(stderr, "iommu-audit: libpci failed fatally\n");
	exit(2);
}

static void IA_PRINTF(1, 2) libpci_warning(char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	libpci_message(FIND_TOOL_UNREADABLE, fmt, ap);
	va_end(ap);
}

static void IA_PRINTF(1, 2) libpci_debug(char *fmt, ...)
{
	(void)fmt;
}

/* Names come from pci.ids alone (not udev's hwdb): the same on every machine
 * that analyses a snapshot, and libudev would leak its context. */
static char *lookup_name(struct pci_access *pacc, int flags, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, flags);
	int a = va_arg(ap, int), b = va_arg(ap, int), c = va_arg(ap, int), d = va_arg(ap, int);
	va_end(ap);
	const char *s = pci_lookup_name(pacc, buf, sizeof(buf), flags | PCI_LOOKUP_NO_NUMBERS | PCI_LOOKUP_NO_HWDB, a, b, c, d);
	return s ? sanitize_utf8(xstrdup(s)) : NULL;
}

static int cmp_dev(const void *a, const void *b)
{
	const struct pci_device *x = a, *y = b;
	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->func < y->func ? -1 : x->func > y->func;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp((const char *)key, *(char *const *)elem);
}

/* The device directory is opened and listed once: its attributes are read
 * relative to it (no path and sysfs link to resolve again for each), and the
 * ones a device does not have (most have no boot_vga, sriov_* or physfn) cost
 * no failed open. */
struct dev_dir {
	struct host_dir dir;
	char **names;
	int n; /* < 0: not listable, so try each file */
};

static bool has_entry(const struct dev_dir *dd, const char *name)
{
	if (dd->n < 0)
		return true;
	return dd->n > 0 && bsearch(name, dd->names, (size_t)dd->n, sizeof(char *), cmp_name);
}

static char *dir_attr(const struct dev_dir *dd, const char *name)
{
	if (dd->dir.fd < 0 || !has_entry(dd, name))
		return NULL;
	char *v = host_dir_read_line(&dd->dir, name);
	return v ? sanitize_utf8(v) : NULL;
}

static char *dir_link(const struct dev_dir *dd, const char *name)
{
	if (dd->dir.fd < 0 || !has_entry(dd, name))
		return NULL;
	char *v = host_dir_link_basename(&dd->dir, name);
	return v ? sanitize_utf8(v) : NULL;
}

static void fill_sysfs_facts(const struct hostenv *env, struct pci_device *d)
{
	struct dev_dir dd = {.names = NULL, .n = -1};
	char *rel = xasprintf("sys/bus/pci/devices/%s", d->bdf);
	if (host_dir_open(env, rel, &dd.dir) == 0)
		dd.n = host_dir_list(&dd.dir, &dd.names);
	free(rel);
	d->driver = dir_link(&dd, "driver");
	d->iommu_group = dir_link(&dd, "iommu_group");
	char *v = dir_attr(&dd, "boot_vga");
	d->boot_vga = !v ? TRI_UNKNOWN : (!strcmp(v, "1") ? TRI_YES : TRI_NO);
	free(v);
	/* Only VGA-class devices have boot_vga; for the rest "no" is the fact. */
	if (!v && (d->class_code >> 8) != 0x0300)
		d->boot_vga = TRI_NO;
	d->reset_method = dir_attr(&dd, "reset_method");
	v = dir_attr(&dd, "numa_node");
	d->numa_node = v ? atoi(v) : -1;
	free(v);
	v = dir_attr(&dd, "sriov_totalvfs");
	d->sriov_totalvfs = v ? atol(v) : -1;
	free(v);
	v = dir_attr(&dd, "sriov_numvfs");
	d->sriov_numvfs = v ? atol(v) : -1;
	free(v);
	d->physfn = dir_link(&dd, "physfn");
	if (has_entry(&dd, "mdev_supported_types")) {
		rel = xasprintf("sys/bus/pci/devices/%s/mdev_supported_types", d->bdf);
		char **names;
		int n = host_list_dir(env, rel, &names);
		if (n > 0) {
			d->n_mdev_types = (size_t)n;
			host_free_names(names, n);
		}
		free(rel);
	}
	/* An imported snapshot marks what its source did not state (import.h). */
	if (dd.n > 0 && has_entry(&dd, "config.known")) {
		uint8_t *mask;
		size_t len;
		rel = xasprintf("sys/bus/pci/devices/%s/config.known", d->bdf);
		if (host_read_file(env, rel, 4096, &mask, &len) == 0) {
			pci_caps_apply_known(mask, len, &d->caps);
			free(mask);
		}
		free(rel);
	}
	if (dd.n > 0 && has_entry(&dd, "resource.unknown")) {
		d->bars_known = TRI_UNKNOWN;
		d->n_bars = 0;
		d->rom_size = 0;
	}
	if (dd.n > 0)
		host_free_names(dd.names, dd.n);
	if (dd.dir.fd >= 0)
		host_dir_close(&dd.dir);
}

/* Reads as much configuration space as the kernel lets us: 4096 bytes for
 * PCIe as root, 256 for conventional PCI, 64 without root. libpci's sysfs
 * back end fails a read that comes back short, so try the sizes in turn. */
static void read_config(struct pci_dev *p, struct pci_device *d)
{
	static const int sizes[] = {4096, 256, 64};
	uint8_t *buf = xmalloc(4096);
	size_t got = 0;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++)
		if (pci_read_block(p, 0, buf, sizes[i])) {
			got = (size_t)sizes[i];
			break;
		}
	d->config = buf;
	pci_caps_decode(buf, got, &d->caps);
	d->config_full = got > 64;
}

static void read_bars(struct pci_dev *p, struct pci_device *d)
{
	if (!(p->known_fields & PCI_FILL_SIZES)) {
		d->bars_known = TRI_UNKNOWN;
		return;
	}
	d->bars_known = TRI_YES;
	for (int i = 0; i < 6; i++) {
		if (!p->size[i])
			continue;
		struct pci_bar *b = &d->bars[d->n_bars++];
		pciaddr_t fl = (p->known_fields & PCI_FILL_IO_FLAGS) ? p->flags[i] : 0;
		b->size = p->size[i];
		if (p->known_fields & PCI_FILL_IO_FLAGS) {
			b->io = (fl & PCI_IORESOURCE_IO) != 0;
			b->is_64bit = (fl & PCI_IORESOURCE_MEM_64) != 0;
			b->prefetchable = (fl & PCI_IORESOURCE_PREFETCH) != 0;
			/* libpci's sysfs backend ORs the BAR's flag bits into
			 * base_addr (0xfb000008 for 0xfb000000 prefetchable). */
			b->base = p->base_addr[i] & (b->io ? PCI_ADDR_IO_MASK : PCI_ADDR_MEM_MASK);
		} else {
			/* Without resource flags libpci keeps the BAR's own low bits. */
			fl = p->base_addr[i];
			b->io = (fl & 1) != 0;
			b->is_64bit = !b->io && ((fl >> 1) & 3) == 2;
			b->prefetchable = !b->io && (fl & 8);
			b->base = p->base_addr[i] & (b->io ? PCI_ADDR_IO_MASK : PCI_ADDR_MEM_MASK);
		}
		b->above_4g = !b->io && b->base + b->size - 1 > 0xffffffffull;
	}
	if (p->known_fields & PCI_FILL_ROM_BASE)
		d->rom_size = p->rom_size;
}

bool pci_scan_host(const struct hostenv *env, struct pci_device **devs, size_t *n_devs,
		   struct finding_list *diag)
{
	*devs = NULL;
	*n_devs = 0;
	if (!host_is_dir(env, "sys/bus/pci/devices")) {
		finding_add(diag, FIND_TOOL_UNREADABLE, "sys/bus/pci/devices",
			    "%s is missing: no PCI bus is visible", "sys/bus/pci/devices");
		return false;
	}
	char *sysfs = hostenv_path(env, "sys/bus/pci");
	struct pci_access *pacc = pci_alloc();
	libpci_diag = diag;
	pacc->error = libpci_error;
	pacc->warning = libpci_warning;
	pacc->debug = libpci_debug;
	pacc->method = PCI_ACCESS_SYS_BUS_PCI;
	char param_name[] = "sysfs.path"; /* libpci takes a non-const name */
	pci_set_param(pacc, param_name, sysfs);
	if (setjmp(libpci_escape)) {
		/* libpci's state is unusable after its error(); leave it be. */
		libpci_escape_armed = false;
		libpci_diag = NULL;
		free(sysfs);
		return false;
	}
	libpci_escape_armed = true;
	pci_init(pacc);
	pci_scan_bus(pacc);

	size_t n = 0;
	struct pci_device *list = NULL;
	for (struct pci_dev *p = pacc->devices; p; p = p->next) {
		/* numa_node is read with the other sysfs attributes, not twice. */
		pci_fill_info(p, PCI_FILL_IDENT | PCI_FILL_CLASS | PCI_FILL_CLASS_EXT | PCI_FILL_SUBSYS |
				     PCI_FILL_BASES | PCI_FILL_SIZES | PCI_FILL_ROM_BASE | PCI_FILL_IO_FLAGS);
		struct pci_device *d = xappend(&list, &n, sizeof(*d));
		d->domain = (uint16_t)p->domain;
		d->bus = p->bus;
		d->dev = p->dev;
		d->func = p->func;
		snprintf(d->bdf, sizeof(d->bdf), "%04x:%02x:%02x.%x", p->domain & 0xffff, p->bus, p->dev,
			 p->func);
		d->vendor_id = p->vendor_id;
		d->device_id = p->device_id;
		d->subsys_vendor_id = p->subsys_vendor_id;
		d->subsys_id = p->subsys_id;
		d->class_code = ((uint32_t)p->device_class << 8) | p->prog_if;
		d->revision = p->rev_id;
		d->header_type = pci_read_byte(p, PCI_HEADER_TYPE);
		read_config(p, d);
		read_bars(p, d);
		d->vendor_name = lookup_name(pacc, PCI_LOOKUP_VENDOR, p->vendor_id, 0, 0, 0);
		d->device_name = lookup_name(pacc, PCI_LOOKUP_DEVICE, p->vendor_id, p->device_id, 0, 0);
		d->class_name = lookup_name(pacc, PCI_LOOKUP_CLASS, p->device_class, 0, 0, 0);
		d->parent = d->root_port = d->physfn_index = -1;
		fill_sysfs_facts(env, d);
	}
	pci_cleanup(pacc);
	libpci_escape_armed = false;
	libpci_diag = NULL;
	free(sysfs);
	if (n > 1)
		qsort(list, n, sizeof(*list), cmp_dev);
	*devs = list;
	*n_devs = n;
	return true;
}

void pci_free_devices(struct pci_device *devs, size_t n_devs)
{
	for (size_t i = 0; i < n_devs; i++) {
		struct pci_device *d = &devs[i];
		free(d->vendor_name);
		free(d->device_name);
		free(d->class_name);
		free(d->driver);
		free(d->iommu_group);
		free(d->reset_method);
		free(d->physfn);
		free(d->config);
	}
	free(devs);
}

bool pci_is_gpu(const struct pci_device *d)
{
	return (d->class_code >> 16) == 0x03;
}

/* Parses a hex number field of a selector: "" or "*" means any. */
static bool parse_field(const char *s, size_t n, unsigned long max, long *out)
{
	if (n == 0 || (n == 1 && *s == '*')) {
		*out = -1;
		return true;
	}
	unsigned long v = 0;
	for (size_t i = 0; i < n; i++) {
		int c = s[i];
		int digit = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 :
			    (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
		if (digit < 0)
			return false;
		v = v * 16 + (unsigned)digit;
		if (v > max)
			return false;
	}
	*out = (long)v;
	return true;
}

struct slot_sel {
	long domain, bus, dev, func;
};

static const char *parse_slot(const char *sel, struct slot_sel *out)
{
	out->domain = out->bus = out->dev = out->func = -1;
	const char *dot = strrchr(sel, '.');
	const char *slot_end = dot ? dot : sel + strlen(sel);
	if (dot && !parse_field(dot + 1, strlen(dot + 1), 7, &out->func))
		return "bad function number";
	/* Split what precedes the function at colons, from the right. */
	const char *c2 = NULL, *c1 = NULL;
	for (const char *p = sel; p < slot_end; p++)
		if (*p == ':') {
			c1 = c2;
			c2 = p;
		}
	const char *dev_start = c2 ? c2 + 1 : sel;
	if (!parse_field(dev_start, (size_t)(slot_end - dev_start), 0x1f, &out->dev))
		return "bad device number";
	if (c2) {
		const char *bus_start = c1 ? c1 + 1 : sel;
		if (!parse_field(bus_start, (size_t)(c2 - bus_start), 0xff, &out->bus))
			return "bad bus number";
		if (c1 && !parse_field(sel, (size_t)(c1 - sel), 0xffff, &out->domain))
			return "bad domain number";
		for (const char *p = sel; p < c1; p++)
			if (*p == ':')
				return "too many colons";
	}
	return NULL;
}

const char *pci_check_slot_selector(const char *selector)
{
	struct slot_sel s;
	return parse_slot(selector, &s);
}

bool pci_match_slot(const struct pci_device *d, const char *selector)
{
	struct slot_sel s;
	if (parse_slot(selector, &s))
		return false;
	return (s.domain < 0 || s.domain == d->domain) && (s.bus < 0 || s.bus == d->bus) &&
	       (s.dev < 0 || s.dev == d->dev) && (s.func < 0 || s.func == d->func);
}

static const char *parse_id(const char *sel, long *vendor, long *device)
{
	const char *colon = strchr(sel, ':');
	if (!colon)
		return "expected vendor:device";
	if (!parse_field(sel, (size_t)(colon - sel), 0xffff, vendor))
		return "bad vendor id";
	if (!parse_field(colon + 1, strlen(colon + 1), 0xffff, device))
		return "bad device id";
	return NULL;
}

const char *pci_check_id_selector(const char *selector)
{
	long v, d;
	return parse_id(selector, &v, &d);
}

bool pci_match_id(const struct pci_device *d, const char *selector)
{
	long v, dev;
	if (parse_id(selector, &v, &dev))
		return false;
	return (v < 0 || v == d->vendor_id) && (dev < 0 || dev == d->device_id);
}
