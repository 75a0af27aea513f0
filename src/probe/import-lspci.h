/* Reader of the text lspci prints, as users paste it: `lspci -xxxx` / `-xxx` /
 * `-xx` hex dumps (configuration space, exact as far as it was dumped) and
 * `lspci -vvnn` / `-vvv` text (only what the text states). Pure: (buffer,
 * length) in, one record per PCI function out; never reads past the length.
 *
 * From verbose text the reader rebuilds the configuration registers the text
 * states (IDs, class, header layout, bus numbers, the capability lists, PCIe
 * port type, DevCap FLR, PM NoSoftRst, MSI/MSI-X, ACS capability and control,
 * ARI, SR-IOV counts, PASID width) and marks in `known` exactly those bits:
 * every bit the text does not state stays unknown, and the readers honour the
 * mask (pci_caps_apply_known), so nothing is read as "absent" that lspci never
 * said. */
#ifndef IA_IMPORT_LSPCI_H
#define IA_IMPORT_LSPCI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LSPCI_CONFIG_SIZE 4096

struct lspci_region {
	uint64_t base, size;
	bool io, mem64, prefetch;
};

struct lspci_function {
	uint32_t domain;             /* VMD domains pass 0xffff */
	uint8_t bus, dev, func;
	size_t line;                 /* where its heading is (1-based) */
	uint8_t config[LSPCI_CONFIG_SIZE];
	uint8_t known[LSPCI_CONFIG_SIZE]; /* per config byte: the bits the source states */
	size_t config_len;           /* bytes the snapshot's config file gets: 64, 256 or 4096 */
	bool hex;                    /* config space came from a hex dump */
	bool verbose;                /* -v text lines were present */
	bool access_denied;          /* "Capabilities: <access denied>": lspci ran without root */
	bool ids_known, class_known; /* [vvvv:dddd] and [cccc] (or the hex) */
	uint16_t vendor, device, subsys_vendor, subsys_device;
	bool subsys_known;
	uint32_t class_code;
	uint8_t revision;
	char driver[64];             /* "Kernel driver in use", "" if none stated */
	long iommu_group;            /* "IOMMU group: N", -1 if not stated */
	long numa_node;              /* "NUMA node: N", -1 if not stated */
	unsigned irq;
	struct lspci_region regions[7]; /* 0-5 BARs, 6 expansion ROM; size 0 = none */
	bool regions_known;          /* verbose text states every region */
	/* SR-IOV as the capability states it (for physfn links and sysfs files) */
	bool sriov;
	uint16_t sriov_total, sriov_num, sriov_offset, sriov_stride, sriov_vf_device;
};

struct lspci_dump {
	struct lspci_function *fn;
	size_t n;
	bool any_hex, any_verbose, access_denied;
	size_t max_hex;              /* the longest dump: 64, 256 or 4096 */
};

/* Parses text[0..len). Returns 0, or -1 with a message and 1-based line number
 * in err/err_line (no lspci heading at all, malformed or out-of-order hex, a
 * truncated dump, a function listed twice, two kinds of text mixed). */
int lspci_parse(const char *text, size_t len, struct lspci_dump *out, char *err, size_t err_size,
		size_t *err_line);
void lspci_dump_free(struct lspci_dump *d);

/* Content sniffing: the text holds an lspci device heading ("00:1f.3 ..."). */
bool lspci_looks_like(const char *text, size_t len);

#endif
