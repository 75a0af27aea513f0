#include "config.h"

#include "pcitopo.h"
#include "pci-caps.h"
#include "pci-ids.h"
#include "uring-read.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <pci/pci.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libpci only names devices here, and only from a compressed pci.ids.gz (a
 * plain pci.ids is read by pci-ids.c); the devices themselves are read through
 * hostenv, so a snapshot is read strictly inside its root, one bad entry costs
 * only that device, and no FIFO or device node is ever opened. libpci's
 * error() must not return (libpci goes on with what it failed to get); it is
 * reached for lack of memory, where ending the program is what xmalloc does
 * too, and for a malformed pci.ids.gz, which ends the program as lspci does. */
static void IA_PRINTF(1, 2) __attribute__((noreturn)) libpci_error(char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("iommu-audit: libpci: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(2);
}

static void IA_PRINTF(1, 2) libpci_quiet(char *fmt, ...)
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

static int cmp_dev_ptr(const void *a, const void *b)
{
	const struct pci_device *x = *(const struct pci_device *const *)a, *y = *(const struct pci_device *const *)b;
	if (x->domain != y->domain)
		return x->domain < y->domain ? -1 : 1;
	if (x->bus != y->bus)
		return x->bus < y->bus ? -1 : 1;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->func < y->func ? -1 : x->func > y->func;
}

/* The device directory is opened and listed once: its attributes are read
 * relative to it (no path and sysfs link to resolve again for each), and the
 * ones a device does not have (most have no boot_vga, sriov_* or physfn) cost
 * no failed open. The files the scan reads are read together right after the
 * listing, through the io_uring reader when there is one. */
static const struct {
	const char *name;
	size_t max;
} device_files[] = {
	{"vendor", 65536},	     {"device", 65536},	      {"class", 65536},	       {"config", 4096},
	{"revision", 65536},	     {"subsystem_vendor", 65536}, {"subsystem_device", 65536}, {"resource", 65536},
	{"boot_vga", 65536},	     {"reset_method", 65536},	  {"numa_node", 65536},	       {"sriov_totalvfs", 65536},
	{"sriov_numvfs", 65536},     {"config.known", 4096},
};

struct dev_dir {
	struct host_dir dir;
	const struct host_dir *devices; /* sys/bus/pci/devices, held for the whole scan */
	struct host_file files[ARRAY_SIZE(device_files)];
	size_t n_files;
};

static bool has_entry(const struct dev_dir *dd, const char *name)
{
	return dd->dir.fd >= 0 && host_dir_has(&dd->dir, name);
}

static void read_device_files(struct dev_dir *dd, struct uring_reader *ring)
{
	dd->n_files = 0;
	for (size_t i = 0; i < ARRAY_SIZE(device_files); i++)
		if (has_entry(dd, device_files[i].name))
			dd->files[dd->n_files++] = (struct host_file){.name = device_files[i].name, .max = device_files[i].max};
	host_dir_read_files(&dd->dir, ring, dd->files, dd->n_files);
}

static void free_device_files(struct dev_dir *dd)
{
	for (size_t i = 0; i < dd->n_files; i++)
		free(dd->files[i].data);
	dd->n_files = 0;
}

/* NAME's bytes as host_dir_read_file gives them: handed over from what
 * read_device_files read, else read now. */
static int dir_file(struct dev_dir *dd, const char *name, size_t max, uint8_t **data, size_t *len)
{
	for (size_t i = 0; i < dd->n_files; i++) {
		struct host_file *f = &dd->files[i];
		if (strcmp(f->name, name))
			continue;
		*data = f->data;
		*len = f->len;
		f->data = NULL;
		f->len = 0;
		int rc = f->rc;
		f->rc = -ENOENT; /* handed over once */
		return rc;
	}
	if (!has_entry(dd, name)) {
		*data = NULL;
		*len = 0;
		return -ENOENT;
	}
	return host_dir_read_file(&dd->dir, name, max, data, len);
}

static char *dir_attr(struct dev_dir *dd, const char *name)
{
	uint8_t *data;
	size_t len;
	if (dir_file(dd, name, 65536, &data, &len) < 0)
		return NULL;
	return sanitize_utf8(host_first_line(data, len));
}

static char *dir_link(const struct dev_dir *dd, const char *name)
{
	if (!has_entry(dd, name))
		return NULL;
	char *v = host_dir_link_basename(&dd->dir, name);
	return v ? sanitize_utf8(v) : NULL;
}

/* The PCI function whose directory holds d's host bridge in sysfs
 * ("devices/pci0000:00/0000:00:0e.0/pci10000:e0/10000:e0:06.0" -> 0000:00:0e.0):
 * a bus that a driver created below a device (Intel VMD). NULL when the host
 * bridge is a top-level one or the link is unreadable. */
static char *host_bridge_owner(const struct host_dir *devices, const char *bdf)
{
	char *target = host_dir_readlink(devices, bdf);
	if (!target)
		return NULL;
	char *owner = NULL, *prev = NULL;
	char *save = NULL;
	for (char *part = strtok_r(target, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
		if (!strncmp(part, "pci", 3) && strchr(part, ':') && prev && strchr(prev, '.')) {
			free(owner);
			owner = xstrdup(prev);
		}
		prev = part;
	}
	free(target);
	return owner ? sanitize_utf8(owner) : NULL;
}

static void fill_sysfs_facts(struct dev_dir *dd, struct pci_device *d)
{
	d->driver = dir_link(dd, "driver");
	d->iommu_group = dir_link(dd, "iommu_group");
	char *v = dir_attr(dd, "boot_vga");
	d->boot_vga = !v ? TRI_UNKNOWN : (!strcmp(v, "1") ? TRI_YES : TRI_NO);
	free(v);
	/* Only VGA-class devices have boot_vga; for the rest "no" is the fact. */
	if (!v && (d->class_code >> 8) != 0x0300)
		d->boot_vga = TRI_NO;
	d->reset_method = dir_attr(dd, "reset_method");
	v = dir_attr(dd, "numa_node");
	d->numa_node = v ? atoi(v) : -1;
	free(v);
	v = dir_attr(dd, "sriov_totalvfs");
	d->sriov_totalvfs = v ? atol(v) : -1;
	free(v);
	v = dir_attr(dd, "sriov_numvfs");
	d->sriov_numvfs = v ? atol(v) : -1;
	free(v);
	d->physfn = dir_link(dd, "physfn");
	/* Only a driver-made domain (VMD's, above ffff) is ever looked up by its
	 * owner (topology's vmd_owner): no link to read for the others. */
	if (d->domain > 0xffff)
		d->bus_owner = host_bridge_owner(dd->devices, d->bdf);
	if (has_entry(dd, "mdev_supported_types")) {
		char *rel = xasprintf("sys/bus/pci/devices/%s/mdev_supported_types", d->bdf);
		char **names;
		int n = host_list_dir(dd->dir.env, rel, &names);
		if (n > 0) {
			d->n_mdev_types = (size_t)n;
			host_free_names(names, n);
		}
		free(rel);
	}
}

/* A numeric attribute as libpci's sysfs back end reads it (strtol, base 0);
 * false when the file is missing or holds no number. */
static bool dir_number(struct dev_dir *dd, const char *name, long *out)
{
	char *v = dir_attr(dd, name);
	if (!v)
		return false;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 0);
	bool ok = end != v && !errno;
	free(v);
	if (ok)
		*out = n;
	return ok;
}

/* Reads as much configuration space as the kernel lets us: 4096 bytes for
 * PCIe as root, 256 for conventional PCI, 64 without root. A length between
 * those counts as the next size down, as libpci's fixed-size reads would. */
static void read_config(struct dev_dir *dd, struct pci_device *d, struct finding_list *diag)
{
	size_t got = 0, len = 0;
	uint8_t *data = NULL;
	int rc = dir_file(dd, "config", 4096, &data, &len);
	if (rc < 0) {
		finding_add(diag, FIND_TOOL_UNREADABLE, d->bdf, "config: %s", host_error_text(rc));
	} else {
		static const size_t sizes[] = {4096, 256, 64};
		for (size_t i = 0; i < ARRAY_SIZE(sizes) && !got; i++)
			if (len >= sizes[i])
				got = sizes[i];
	}
	d->header_type = len > 0x0e ? data[0x0e] : 0xff;
	d->revision = len > 0x08 ? data[0x08] : 0xff;
	/* The whole space until keep_config_header: the scan reads capabilities
	 * (the bridges' Subsystem ID) from it first. */
	d->config = data;
	pci_caps_decode(data, got, &d->caps);
	d->config_full = got > 64;
}

static uint16_t config_word(const struct pci_device *d, size_t off)
{
	if (off + 2 > d->caps.config_len)
		return 0xffff;
	return (uint16_t)(d->config[off] | d->config[off + 1] << 8);
}

/* The subsystem IDs where sysfs lacks them, from config space as libpci's
 * generic code takes them: the header of a device or CardBus bridge, the
 * Subsystem ID capability of a PCI bridge. */
static void subsys_from_config(struct pci_device *d)
{
	switch (d->header_type & 0x7f) {
	case 0:
		d->subsys_vendor_id = config_word(d, 0x2c);
		d->subsys_id = config_word(d, 0x2e);
		break;
	case 2:
		d->subsys_vendor_id = config_word(d, 0x40);
		d->subsys_id = config_word(d, 0x42);
		break;
	case 1: {
		/* Walk the standard list for capability 0x0d, at most 48 steps. */
		if (d->caps.config_len < 64 || !(config_word(d, 0x06) & 0x10))
			break;
		size_t pos = d->config[0x34] & 0xfc;
		for (int steps = 0; pos >= 0x40 && pos + 8 <= d->caps.config_len && steps < 48; steps++) {
			if (d->config[pos] == 0x0d) {
				d->subsys_vendor_id = config_word(d, pos + 4);
				d->subsys_id = config_word(d, pos + 6);
				break;
			}
			pos = d->config[pos + 1] & 0xfc;
		}
		break;
	}
	default:
		break;
	}
}

/* Once the scan has read what it needs of the whole space: the part kept. */
static void keep_config_header(struct pci_device *d)
{
	uint8_t *kept = xcalloc(1, PCI_CONFIG_KEPT);
	size_t have = d->caps.config_len < PCI_CONFIG_KEPT ? d->caps.config_len : PCI_CONFIG_KEPT;
	if (have)
		memcpy(kept, d->config, have);
	free(d->config);
	d->config = kept;
}

/* The kernel's resource file: one "start end flags" line per BAR, then the
 * ROM. Sizes and flags as libpci's sysfs back end derives them. */
static bool read_resources(struct dev_dir *dd, struct pci_device *d, char **why)
{
	uint8_t *data;
	size_t len;
	int rc = dir_file(dd, "resource", 65536, &data, &len);
	if (rc < 0) {
		*why = xasprintf("resource: %s", host_error_text(rc));
		return false;
	}
	struct pci_bar bars[6];
	size_t n_bars = 0;
	uint64_t rom = 0;
	char *save = NULL, *line = strtok_r((char *)data, "\n", &save);
	for (int i = 0; i < 7 && line; i++, line = strtok_r(NULL, "\n", &save)) {
		unsigned long long v[3];
		char *p = line;
		for (int k = 0; k < 3; k++) {
			char *end;
			errno = 0;
			v[k] = strtoull(p, &end, 16);
			if (end == p || errno) {
				*why = xasprintf("resource: line %d is not \"start end flags\"", i + 1);
				free(data);
				return false;
			}
			p = end;
		}
		uint64_t start = v[0], size = v[1] > v[0] ? v[1] - v[0] + 1 : 0, fl = v[2];
		if (i == 6) {
			rom = size;
			break;
		}
		if (!size)
			continue;
		struct pci_bar *b = &bars[n_bars++];
		memset(b, 0, sizeof(*b));
		b->size = size;
		b->io = (fl & PCI_IORESOURCE_IO) != 0;
		b->is_64bit = (fl & PCI_IORESOURCE_MEM_64) != 0;
		b->prefetchable = (fl & PCI_IORESOURCE_PREFETCH) != 0;
		b->base = start & (b->io ? PCI_ADDR_IO_MASK : PCI_ADDR_MEM_MASK);
		b->above_4g = !b->io && b->base + b->size - 1 > 0xffffffffull;
	}
	free(data);
	memcpy(d->bars, bars, sizeof(bars[0]) * n_bars);
	d->n_bars = n_bars;
	d->rom_size = rom;
	d->bars_known = TRI_YES;
	return true;
}

/* "DDDD:BB:DD.F", exactly; the kernel names every PCI function so. */
static bool parse_bdf(const char *name, struct pci_device *d)
{
	unsigned dom, bus, dev, fn;
	int end = 0;
	/* The kernel prints the domain with at least four hex digits; domains past
	 * ffff (Intel VMD's 10000 and up) take more, up to 32 bits. */
	size_t dom_len = strcspn(name, ":");
	if (dom_len < 4 || dom_len > 8 || strspn(name, "0123456789abcdef") != dom_len)
		return false;
	if (sscanf(name, "%8x:%2x:%2x.%1x%n", &dom, &bus, &dev, &fn, &end) != 4 || name[end] || dev > 0x1f ||
	    fn > 7 || strlen(name) != dom_len + 8)
		return false;
	d->domain = dom;
	d->bus = (uint8_t)bus;
	d->dev = (uint8_t)dev;
	d->func = (uint8_t)fn;
	snprintf(d->bdf, sizeof(d->bdf), "%04x:%02x:%02x.%x", dom, bus, dev, fn);
	return true;
}

/* An imported snapshot marks what its source did not state (import.h): the
 * config bits in config.known, and resource.unknown for BARs no text gave. */
static void apply_import_marks(struct dev_dir *dd, struct pci_device *d)
{
	if (has_entry(dd, "config.known")) {
		uint8_t *mask;
		size_t len;
		if (dir_file(dd, "config.known", 4096, &mask, &len) == 0) {
			pci_caps_apply_known(mask, len, &d->caps);
			free(mask);
		}
	}
	if (has_entry(dd, "resource.unknown")) {
		d->bars_known = TRI_UNKNOWN;
		d->n_bars = 0;
		d->rom_size = 0;
	}
}

/* Reads one function's directory into *d; false (with *why) when its identity
 * (vendor, device, class) cannot be read, so it cannot be judged at all. */
static bool read_device(const struct host_dir *devices, struct uring_reader *ring, const char *name,
			struct pci_device *d, char **why, struct finding_list *diag)
{
	memset(d, 0, sizeof(*d));
	d->parent = d->root_port = d->physfn_index = d->dma_device = -1;
	if (!parse_bdf(name, d)) {
		*why = xstrdup("not a PCI address (DDDD:BB:DD.F)");
		return false;
	}
	struct dev_dir dd = {.devices = devices};
	char *rel = xasprintf("sys/bus/pci/devices/%s", name);
	int rc = host_dir_open(devices->env, rel, &dd.dir);
	free(rel);
	if (rc < 0) {
		*why = xasprintf("%s", host_error_text(rc));
		return false;
	}
	host_dir_list(&dd.dir);
	read_device_files(&dd, ring);
	long vendor, device, class;
	bool ok = dir_number(&dd, "vendor", &vendor) && dir_number(&dd, "device", &device) &&
		  dir_number(&dd, "class", &class);
	if (!ok) {
		*why = xstrdup("vendor, device or class is missing or not a number");
	} else {
		d->vendor_id = (uint16_t)vendor;
		d->device_id = (uint16_t)device;
		d->class_code = (uint32_t)class & 0xffffff;
		read_config(&dd, d, diag);
		long v;
		if (dir_number(&dd, "revision", &v))
			d->revision = (uint8_t)v;
		if (dir_number(&dd, "subsystem_vendor", &v)) {
			d->subsys_vendor_id = (uint16_t)v;
			if (dir_number(&dd, "subsystem_device", &v))
				d->subsys_id = (uint16_t)v;
		} else {
			subsys_from_config(d);
		}
		keep_config_header(d);
		char *bad = NULL;
		if (!read_resources(&dd, d, &bad)) {
			d->bars_known = TRI_UNKNOWN;
			finding_add(diag, FIND_TOOL_UNREADABLE, d->bdf, "%s", bad);
			free(bad);
		}
		fill_sysfs_facts(&dd, d);
		apply_import_marks(&dd, d);
	}
	free_device_files(&dd);
	host_dir_close(&dd.dir);
	return ok;
}

/* pci.ids is read in pieces of this size: one buffer for all of its 1.3 MB
 * costs a page fault per 4 KiB, more than the parse. */
#define PCI_IDS_PIECE ((size_t)64 << 10)

/* The regular file at path open for reading (never blocking on a FIFO), or -1. */
static int open_ids_file(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* Up to n bytes (again after a signal); 0 at the end or on an error, where
 * the names read so far are what there is. */
static size_t read_piece(int fd, char *buf, size_t n)
{
	ssize_t r;
	while ((r = read(fd, buf, n)) < 0 && errno == EINTR)
		;
	return r > 0 ? (size_t)r : 0;
}

/* libpci names the devices one by one (it loads all of pci.ids first). */
static void name_with_libpci(struct pci_access *pacc, struct pci_device *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pci_device *d = &list[i];
		d->vendor_name = lookup_name(pacc, PCI_LOOKUP_VENDOR, d->vendor_id, 0, 0, 0);
		d->device_name = lookup_name(pacc, PCI_LOOKUP_DEVICE, d->vendor_id, d->device_id, 0, 0);
		d->class_name = lookup_name(pacc, PCI_LOOKUP_CLASS, (int)(d->class_code >> 8), 0, 0, 0);
	}
}

/* Names every device from libpci's own pci.ids (pci_alloc()->id_file_name),
 * in one pass over its text that keeps only the IDs found (pci-ids.c). The
 * compressed pci.ids.gz of a libpci built with zlib is left to libpci, which
 * decompresses it, so zlib stays out of this project; when it is absent libpci
 * reads the same path without ".gz", and so do we. IOMMU_AUDIT_PCI_IDS names
 * another file (gzip data in it goes to libpci too). No file, no names. A
 * malformed line costs the names after it, with one finding in *diag naming
 * the file and line: names are decoration, and a device without one is shown
 * by its numbers. */
static void name_devices(struct pci_device *list, size_t n, struct finding_list *diag)
{
	if (!n)
		return;
	struct pci_access *pacc = pci_alloc();
	pacc->error = libpci_error;
	pacc->warning = libpci_quiet;
	pacc->debug = libpci_quiet;
	const char *chosen = getenv("IOMMU_AUDIT_PCI_IDS"); /* for tests, or a newer list */
	bool own_choice = chosen && *chosen;
	char *path = xstrdup(own_choice ? chosen : pacc->id_file_name);
	size_t len = strlen(path);
	if (!own_choice && len > 3 && strcmp(path + len - 3, ".gz") == 0) {
		int gz = open_ids_file(path); /* libpci would block on a FIFO */
		if (gz >= 0) {
			close(gz);
			name_with_libpci(pacc, list, n);
			goto done;
		}
		path[len - 3] = '\0';
	}
	int fd = open_ids_file(path);
	if (fd < 0)
		goto done;
	char *piece = xmalloc(PCI_IDS_PIECE);
	size_t got = read_piece(fd, piece, PCI_IDS_PIECE);
	if (got >= 2 && (unsigned char)piece[0] == 0x1f && (unsigned char)piece[1] == 0x8b) {
		/* gzip data under a plain name: libpci's gzopen reads it as well. */
		close(fd);
		free(piece);
		pci_set_name_list_path(pacc, path, 0);
		name_with_libpci(pacc, list, n);
		goto done;
	}
	struct pci_ids_want *want = xcalloc(n, sizeof(*want));
	for (size_t i = 0; i < n; i++)
		want[i] = (struct pci_ids_want){list[i].vendor_id, list[i].device_id, (uint16_t)(list[i].class_code >> 8)};
	struct pci_ids *ids = pci_ids_new(want, n);
	while (got && pci_ids_feed(ids, piece, got))
		got = read_piece(fd, piece, PCI_IDS_PIECE);
	close(fd);
	free(piece);
	struct pci_ids_error err;
	if (!pci_ids_finish(ids, &err)) {
		char *shown = sanitize_utf8(xstrdup(path));
		finding_add(diag, FIND_TOOL_PCI_IDS_MALFORMED, shown, "%s:%zu: %s; the names from there on are left out",
			    shown, err.line, err.what);
		free(shown);
	}
	for (size_t i = 0; i < n; i++) {
		struct pci_ids_names names;
		pci_ids_names_of(ids, &want[i], &names);
		list[i].vendor_name = names.vendor ? sanitize_utf8(names.vendor) : NULL;
		list[i].device_name = names.device ? sanitize_utf8(names.device) : NULL;
		list[i].class_name = names.class_name ? sanitize_utf8(names.class_name) : NULL;
	}
	pci_ids_free(ids);
	free(want);
done:
	pci_cleanup(pacc);
	free(path);
}

/* The devices in address order: pointers are sorted, and each device is then
 * moved once (qsort would move the large structures at every step). */
static struct pci_device *sort_devices(struct pci_device *list, size_t n)
{
	const struct pci_device **order = xmalloc(n * sizeof(*order));
	for (size_t i = 0; i < n; i++)
		order[i] = &list[i];
	qsort(order, n, sizeof(*order), cmp_dev_ptr);
	struct pci_device *sorted = xmalloc(n * sizeof(*sorted));
	for (size_t i = 0; i < n; i++)
		sorted[i] = *order[i];
	free(order);
	free(list);
	return sorted;
}

bool pcitopo_scan_host(const struct hostenv *env, struct pci_device **devs, size_t *n_devs,
		       struct finding_list *diag, size_t *n_unreadable)
{
	*devs = NULL;
	*n_devs = 0;
	*n_unreadable = 0;
	struct host_dir devices;
	int n_names = host_dir_open(env, "sys/bus/pci/devices", &devices);
	if (n_names == 0)
		n_names = host_dir_list(&devices);
	if (n_names < 0) {
		host_dir_close(&devices);
		finding_add(diag, FIND_TOOL_UNREADABLE, "sys/bus/pci/devices", "%s: no PCI bus is visible",
			    host_error_text(n_names));
		return false;
	}
	struct uring_reader *ring = uring_reader_open();

	size_t n = 0;
	/* One allocation for all: the listing gave the count. */
	struct pci_device *list = n_names > 0 ? xcalloc((size_t)n_names, sizeof(*list)) : NULL;
	for (int i = 0; i < n_names; i++) {
		struct pci_device *d = &list[n++];
		char *why = NULL;
		const char *name = devices.ents[i].name;
		if (!read_device(&devices, ring, name, d, &why, diag)) {
			char *entry = sanitize_utf8(xstrdup(name));
			finding_add(diag, FIND_TOOL_PCI_DEVICE_UNREADABLE, entry, "sys/bus/pci/devices/%s: %s", entry,
				    why);
			free(entry);
			free(why);
			n--; /* nothing of it was kept */
			(*n_unreadable)++;
			continue;
		}
	}
	uring_reader_close(ring);
	host_dir_close(&devices);
	name_devices(list, n, diag);
	if (n > 1)
		list = sort_devices(list, n);
	*devs = list;
	*n_devs = n;
	return true;
}

void pcitopo_free_devices(struct pci_device *devs, size_t n_devs)
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
		free(d->bus_owner);
		free(d->config);
	}
	free(devs);
}

bool pcitopo_is_gpu(const struct pci_device *d)
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
		if (c1 && !parse_field(sel, (size_t)(c1 - sel), 0x7fffffffL, &out->domain))
			return "bad domain number";
		for (const char *p = sel; p < c1; p++)
			if (*p == ':')
				return "too many colons";
	}
	return NULL;
}

const char *pcitopo_check_slot_selector(const char *selector)
{
	struct slot_sel s;
	return parse_slot(selector, &s);
}

bool pcitopo_match_slot(const struct pci_device *d, const char *selector)
{
	struct slot_sel s;
	if (parse_slot(selector, &s))
		return false;
	return (s.domain < 0 || (unsigned long)s.domain == d->domain) && (s.bus < 0 || s.bus == d->bus) &&
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

const char *pcitopo_check_id_selector(const char *selector)
{
	long v, d;
	return parse_id(selector, &v, &d);
}

bool pcitopo_match_id(const struct pci_device *d, const char *selector)
{
	long v, dev;
	if (parse_id(selector, &v, &dev))
		return false;
	return (v < 0 || v == d->vendor_id) && (dev < 0 || dev == d->device_id);
}
