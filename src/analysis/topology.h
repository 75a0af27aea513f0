/* The PCI tree: for each function its parent bridge (from the bridges'
 * secondary/subordinate bus numbers), its root port, its depth, and for SR-IOV
 * virtual functions their physical function. Multiple segments and host
 * bridges are separate trees (a device with no bridge above is on a root bus). */
#ifndef IA_TOPOLOGY_H
#define IA_TOPOLOGY_H

#include "findings.h"
#include "model.h"

/* Fills parent, virtual_bus, root_port, depth and physfn_index of every device
 * (devs sorted by BDF). Malformed bus ranges become findings in *diag. */
void topology_link(struct pci_device *devs, size_t n, struct finding_list *diag);

/* The device's index by BDF, or -1; devices are sorted by BDF, and fixed-width
 * lower-case hex sorts as text. */
long topology_find(const struct pci_device *devs, size_t n, const char *bdf);

/* A bridge (pci_is_bridge) that forwards a bus range: the ones the tree hangs from. */
bool topology_is_bridge(const struct pci_device *d);

/* The kernel's probe order: every device of a root bus, then each bridge's
 * secondary bus in turn, depth first (pci_bus_add_devices); SR-IOV virtual
 * functions last, as they appear when the PF enables them. Returns a newly
 * allocated array of n indices. */
size_t *topology_probe_order(const struct pci_device *devs, size_t n);

/* Devices grouped by a key (their bus, or their vendor:device ID), so a rule
 * or a group search over "the devices on my bus" looks at those alone, not at
 * every device of the host. order holds every device index, sorted by the key
 * and in device order within it; order[first[i]] up to order[end[i]] are
 * device i's peers (itself among them). */
enum device_key { DEVICE_KEY_BUS, DEVICE_KEY_ID };
struct device_slices {
	size_t *order, *first, *end;
};
void device_slices_build(const struct pci_device *devs, size_t n, enum device_key key, struct device_slices *out);
void device_slices_free(struct device_slices *s);

#endif
