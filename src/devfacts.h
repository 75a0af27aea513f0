/* The per-device facts the verdict rules read, in one three-valued view: PCIe
 * port type, reset and interrupt capabilities, ACS, sharing capabilities, BARs
 * and the chain of bridges above the device. Capabilities and topology come
 * from the model (pci-caps, topology); the BARs come from the sysfs resource
 * file, whose lines keep the BAR number and the kernel's "unset" flag that the
 * model's BAR list does not. What could not be read is unknown, never absent. */
#ifndef IA_DEVFACTS_H
#define IA_DEVFACTS_H

#include "hostenv.h"
#include "model.h"

/* pcie_type beyond model.h's enum pcie_port_type: the capability list was not
 * readable, so whether the device is PCIe at all is unknown. */
#define PCIE_TYPE_UNKNOWN (-2)

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
	int pcie_type;         /* enum pcie_port_type, or PCIE_TYPE_UNKNOWN */
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

/* Pure: the view of one device of the model (BARs not included). */
void devfacts_from_device(const struct audit_report *r, size_t index, struct dev_facts *f);
/* Pure: decodes the sysfs "resource" text (start end flags per line). */
void devfacts_parse_resource(const char *text, struct dev_facts *f);

/* Reads the facts of every device of the report through the root. */
struct dev_facts *devfacts_read_all(const struct hostenv *env, const struct audit_report *r);
void devfacts_free_all(struct dev_facts *facts, size_t n);

#endif
