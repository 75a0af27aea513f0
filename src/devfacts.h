/* The per-device facts the verdict rules need beyond the basic PCI model:
 * PCIe port type, reset and interrupt capabilities, ACS, sharing capabilities,
 * BARs and the chain of bridges above the device. They come from the device's
 * sysfs config, resource and link, read through the root, and are three-valued:
 * what could not be read is unknown, never "absent".
 * The parsers take (buf, len) and never read past len, so tests drive them on
 * hand-made bytes. When the topology engine (pcitopo) publishes the same facts
 * in the model, the rules should read them there and this reader shrinks. */
#ifndef IA_DEVFACTS_H
#define IA_DEVFACTS_H

#include "hostenv.h"
#include "model.h"

/* PCIe capability "device/port type" values (PCIe base spec, pciutils header.h). */
enum pcie_type {
	PCIE_TYPE_UNKNOWN = -2,      /* capabilities not readable */
	PCIE_TYPE_NONE = -1,         /* no PCIe capability: conventional PCI */
	PCIE_TYPE_ENDPOINT = 0,
	PCIE_TYPE_LEGACY_ENDPOINT = 1,
	PCIE_TYPE_ROOT_PORT = 4,
	PCIE_TYPE_UPSTREAM = 5,
	PCIE_TYPE_DOWNSTREAM = 6,
	PCIE_TYPE_PCIE_TO_PCI = 7,
	PCIE_TYPE_PCI_TO_PCIE = 8,
	PCIE_TYPE_RCIEP = 9,
	PCIE_TYPE_RC_EVENT_COLLECTOR = 10,
};

/* ACS control bits the kernel requires on the path to the root (SV|RR|CR|UF). */
#define ACS_SV 0x01
#define ACS_RR 0x04
#define ACS_CR 0x08
#define ACS_UF 0x10
#define ACS_REQUIRED (ACS_SV | ACS_RR | ACS_CR | ACS_UF)

struct dev_bar {
	int index;        /* 0-5 */
	uint64_t start, size;
	bool is_io, is_64, prefetch, unassigned;
};

struct dev_facts {
	bool config_read;      /* more than 64 bytes of config space were readable */
	bool ext_config_read;  /* the extended space (past 256 bytes) was readable */
	uint8_t header_type;   /* low 7 bits: 0 normal, 1 bridge, 2 CardBus */
	bool multifunction;
	uint8_t int_pin;       /* 0 = uses no INTx line */
	int pcie_type;         /* enum pcie_type */
	enum tri flr;          /* PCIe DevCap FLR or Advanced Features FLR */
	enum tri pm;           /* PM capability present */
	enum tri pm_no_soft_reset; /* PMCSR NoSoftRst: a D3hot->D0 trip resets nothing */
	enum tri msi, msix;
	enum tri acs;          /* ACS extended capability present */
	uint16_t acs_cap, acs_ctrl;
	enum tri sriov, ats, pri, pasid;
	uint16_t sriov_total_vfs;
	bool cap_loop;         /* a capability list looped or ran out of bounds */
	struct dev_bar bars[6];
	size_t n_bars;
	bool bars_read;
	/* Bridges above the device, nearest first, as indexes into the device list
	 * (-1 for a bridge the list lacks); empty on a root bus. */
	long *upstream;
	size_t n_upstream;
	bool upstream_known;   /* the sysfs link could be read */
};

/* Pure: decodes config space bytes (len as read: 64 when unprivileged, 256,
 * or 4096 with extended space). */
void devfacts_parse_config(const uint8_t *cfg, size_t len, struct dev_facts *f);
/* Pure: decodes the sysfs "resource" text (start end flags per line). */
void devfacts_parse_resource(const char *text, struct dev_facts *f);
/* Pure: the BDFs in a sysfs device path ("../../devices/pci0000:00/0000:00:01.0/
 * 0000:01:00.0"), in order; returns the count (at most max). */
size_t devfacts_path_bdfs(const char *path, char (*out)[16], size_t max);

/* Reads the facts of every device of the report through the root. */
struct dev_facts *devfacts_read_all(const struct hostenv *env, const struct audit_report *r);
void devfacts_free_all(struct dev_facts *facts, size_t n);

#endif
